"""An embedded font program made to agree with the PDF's description of it, nothing a page
shows or reads changed (pdf/fontprogram.py, issue 26): each mend on a small program built
here, checked by the PDF/UA-1 validator and read back by poppler."""

from __future__ import annotations

import io
from pathlib import Path

import page as validator
import pikepdf
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from pikepdf import Array, Dictionary, Name

from agendapack.pdf.sanitise import clean_pdf
from tests.pdftools import text

_GLYPHS = [".notdef", "space", "C", "o", "u", "n", "c", "i", "l"]


def _truetype(advances: dict[str, int], mac_roman: bool = True) -> bytes:
    """A small TrueType program drawing each glyph as a box, its codes in a Macintosh
    Roman (1,0) cmap only when `mac_roman` (as pdf.js's and Apple's subsets are)."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(_GLYPHS)
    mapping = {ord(g) if len(g) == 1 else 32: g for g in _GLYPHS[1:]}
    builder.setupCharacterMap(mapping)
    glyphs = {}
    for name in _GLYPHS:
        pen = TTGlyphPen(None)
        if name not in (".notdef", "space"):
            pen.moveTo((50, 0))
            pen.lineTo((50, 700))
            pen.lineTo((400, 700))
            pen.lineTo((400, 0))
            pen.closePath()
        glyphs[name] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({g: (advances.get(g, 500), 50) for g in _GLYPHS})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Council", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    font = builder.font
    if mac_roman:
        from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

        mac = CmapSubtable.newSubtable(6)
        mac.platformID, mac.platEncID, mac.language = 1, 0, 0
        mac.cmap = dict(mapping)
        font["cmap"].tables = [mac]
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _paper(path: Path, program: bytes, widths: dict[str, int], flags: int = 32) -> None:
    """A page with the word "Council" in a nonsymbolic TrueType font of MacRomanEncoding,
    the PDF's widths `widths` (the program's advances otherwise)."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    first, last = 32, ord("u")
    advances = TTFont(io.BytesIO(program))["hmtx"].metrics
    row = []
    for code in range(first, last + 1):
        glyph = "space" if code == 32 else chr(code)
        row.append(widths.get(glyph, advances[glyph][0]) if glyph in advances else 0)
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/ABCDEF+Council"),
        Flags=flags,
        FontBBox=Array([0, -200, 1000, 800]),
        ItalicAngle=0,
        Ascent=800,
        Descent=-200,
        CapHeight=700,
        StemV=80,
        FontFile2=pdf.make_stream(program, Length1=len(program)),
    )
    font = Dictionary(
        Type=Name.Font,
        Subtype=Name.TrueType,
        BaseFont=Name("/ABCDEF+Council"),
        FirstChar=first,
        LastChar=last,
        Widths=Array(row),
        Encoding=Name.MacRomanEncoding,
        FontDescriptor=pdf.make_indirect(descriptor),
    )
    page.obj.Resources = Dictionary(Font=Dictionary(F1=pdf.make_indirect(font)))
    page.obj.Contents = pdf.make_stream(b"BT /F1 24 Tf 72 700 Td (Council) Tj ET")
    pdf.save(path)


def _failed(path: Path) -> set[str]:
    return {
        f.rule_id
        for f in validator.validate_pdf(path, profile="ua1").failures
        if "FONT" in f.rule_id or "TRUETYPE" in f.rule_id
    }


def _program(path: Path) -> TTFont:
    with pikepdf.open(path) as pdf:
        font = pdf.pages[0].obj.Resources.Font.F1
        return TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))


def test_a_truetype_programs_advances_are_made_the_pdfs_widths(tmp_path):
    """The page was laid out with the PDF's widths: a program whose advances disagree
    (pdf.js's bug900822) is given the PDF's, and PDF/UA-1's width rule passes; poppler
    reads the same word."""
    program = _truetype({"C": 600})
    _paper(tmp_path / "paper.pdf", program, {"C": 700, "o": 520})
    clean_pdf(tmp_path / "paper.pdf", tmp_path / "clean.pdf", "paper.pdf")
    assert "PDFUA1-FONT-GLYPH-WIDTH-001" in _failed(tmp_path / "paper.pdf")
    assert "PDFUA1-FONT-GLYPH-WIDTH-001" not in _failed(tmp_path / "clean.pdf")
    metrics = _program(tmp_path / "clean.pdf")["hmtx"].metrics
    assert metrics["C"] == (700, 50)
    assert metrics["o"] == (520, 50)
    assert metrics["n"] == (500, 50)  # the PDF agreed with it: as it was
    assert text(tmp_path / "clean.pdf").split() == text(tmp_path / "paper.pdf").split()
    assert text(tmp_path / "clean.pdf").split() == ["Council"]


def test_a_nonsymbolic_truetype_program_is_given_a_unicode_cmap_of_its_glyphs(tmp_path):
    """A nonsymbolic TrueType font in MacRoman whose program has only a Macintosh (1,0)
    cmap (pdf.js's freetexts, tracemonkey) is given the Microsoft Unicode (3,1) one PDF/UA-1
    asks for, each character mapped to the glyph its code drew: the validator passes it,
    and poppler reads the same word."""
    _paper(tmp_path / "paper.pdf", _truetype({}), {})
    clean_pdf(tmp_path / "paper.pdf", tmp_path / "clean.pdf", "paper.pdf")
    assert "PDFUA1-TRUETYPE-NONSYMBOLIC-ENCODING-001" in _failed(tmp_path / "paper.pdf")
    assert _failed(tmp_path / "clean.pdf") == set()
    program = _program(tmp_path / "clean.pdf")
    windows = program["cmap"].getcmap(3, 1)
    mac = program["cmap"].getcmap(1, 0)
    assert windows is not None and mac is not None
    assert {chr(u): g for u, g in windows.cmap.items()} == {chr(c): g for c, g in mac.cmap.items()}
    assert text(tmp_path / "clean.pdf").split() == ["Council"]


def test_a_program_already_agreeing_is_left_byte_for_byte(tmp_path):
    """A program with nothing to mend is not written again: the clean copy carries the
    author's bytes."""
    program = _truetype({}, mac_roman=False)  # (3,1) and (1,0) both, widths as the PDF's
    _paper(tmp_path / "paper.pdf", program, {})
    clean_pdf(tmp_path / "paper.pdf", tmp_path / "clean.pdf", "paper.pdf")
    with pikepdf.open(tmp_path / "clean.pdf") as pdf:
        font = pdf.pages[0].obj.Resources.Font.F1
        assert font.FontDescriptor.FontFile2.read_bytes() == program


def test_a_program_two_fonts_share_changes_only_where_they_agree(tmp_path):
    """Two fonts may share one program and give a glyph different widths (Word's subsets
    in qpdf's and pdf.js's forms: a space of 278 in one, 333 in another): the program
    keeps that glyph's advance, as no one width is the page's, and takes the width both
    give another."""
    program = _truetype({"C": 600, "space": 333})
    _paper(tmp_path / "paper.pdf", program, {"C": 700, "space": 278})
    with pikepdf.open(tmp_path / "paper.pdf", allow_overwriting_input=True) as pdf:
        resources = pdf.pages[0].obj.Resources
        other = pikepdf.Dictionary(resources.Font.F1.copy())  # the same program
        widths = list(other.Widths)
        widths[0] = 333  # the space as the program has it
        other.Widths = Array(widths)
        resources.Font.F2 = pdf.make_indirect(other)
        pdf.pages[0].obj.Contents = pdf.make_stream(
            b"BT /F1 24 Tf 72 700 Td (Council Council) Tj ET"
            b" BT /F2 24 Tf 72 600 Td (Council Council) Tj ET"
        )
        pdf.save(tmp_path / "paper.pdf")
    clean_pdf(tmp_path / "paper.pdf", tmp_path / "clean.pdf", "paper.pdf")
    metrics = _program(tmp_path / "clean.pdf")["hmtx"].metrics
    assert metrics["space"] == (333, 50)
    assert metrics["C"] == (700, 50)
    assert text(tmp_path / "clean.pdf").split() == ["Council"] * 4


def test_a_truetype_cid_programs_advances_are_made_the_pdfs_w(tmp_path):
    """A TrueType CID font (pdf.js's bug900822: a glyph 511 wide in /W, 509.8 in the
    program) is mended the same way, each CID's glyph found by /CIDToGIDMap."""
    program = _truetype({"C": 600, "o": 498})
    order = TTFont(io.BytesIO(program)).getGlyphOrder()
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    word = "Council"
    cids = [order.index(letter) for letter in word]
    unicode = b"".join(
        b"<%04X> <%04X>\n" % (cid, ord(c)) for cid, c in zip(cids, word, strict=True)
    )
    to_unicode = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        b"%d beginbfchar\n" % len(cids) + unicode + b"endbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/ABCDEF+Council"),
        Flags=4,
        FontBBox=Array([0, -200, 1000, 800]),
        ItalicAngle=0,
        Ascent=800,
        Descent=-200,
        CapHeight=700,
        StemV=80,
        FontFile2=pdf.make_stream(program, Length1=len(program)),
    )
    widths = Array([order.index("C"), Array([700]), order.index("o"), Array([511])])
    cid = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType2,
        BaseFont=Name("/ABCDEF+Council"),
        CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor),
        CIDToGIDMap=Name.Identity,
        DW=500,
        W=widths,
    )
    font = Dictionary(
        Type=Name.Font,
        Subtype=Name.Type0,
        BaseFont=Name("/ABCDEF+Council"),
        Encoding=Name("/Identity-H"),
        DescendantFonts=Array([pdf.make_indirect(cid)]),
        ToUnicode=pdf.make_stream(to_unicode),
    )
    page.obj.Resources = Dictionary(Font=Dictionary(F1=pdf.make_indirect(font)))
    shown = b"".join(b"%04X" % c for c in cids)
    page.obj.Contents = pdf.make_stream(b"BT /F1 24 Tf 72 700 Td <" + shown + b"> Tj ET")
    pdf.save(tmp_path / "paper.pdf")
    clean_pdf(tmp_path / "paper.pdf", tmp_path / "clean.pdf", "paper.pdf")
    assert "PDFUA1-FONT-GLYPH-WIDTH-001" in _failed(tmp_path / "paper.pdf")
    assert "PDFUA1-FONT-GLYPH-WIDTH-001" not in _failed(tmp_path / "clean.pdf")
    with pikepdf.open(tmp_path / "clean.pdf") as clean:
        (kid,) = clean.pages[0].obj.Resources.Font.F1.DescendantFonts
        data = kid.FontDescriptor.FontFile2.read_bytes()
    metrics = TTFont(io.BytesIO(data))["hmtx"].metrics
    assert metrics["C"] == (700, 50)
    assert metrics["o"] == (511, 50)
    assert metrics["n"] == (500, 50)  # given no width in /W: as it was
    assert text(tmp_path / "clean.pdf").split() == text(tmp_path / "paper.pdf").split()
    assert text(tmp_path / "clean.pdf").split() == ["Council"]


def test_libreoffices_own_export_is_not_read_again(tmp_path):
    """A PDF agendapack's LibreOffice made keeps its programs as they are (they are the
    subsets of the fonts it laid the page out with): the clean copy of one is made
    without fontTools, and a PDF from elsewhere with the same fault is mended."""
    from agendapack.pdf.sanitise import cleaned

    program = _truetype({"C": 600})
    _paper(tmp_path / "paper.pdf", program, {"C": 700, "o": 520})
    ours = cleaned(tmp_path / "paper.pdf", tmp_path / "cache", "r.docx", made_by_libreoffice=True)
    theirs = cleaned(tmp_path / "paper.pdf", tmp_path / "cache", "a.pdf")
    assert ours != theirs
    assert _program(ours)["hmtx"].metrics["C"] == (600, 50)
    assert _program(theirs)["hmtx"].metrics["C"] == (700, 50)
