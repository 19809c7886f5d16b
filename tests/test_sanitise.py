"""Hostile PDFs: what the public copies leave out, checked object by object with pikepdf."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pikepdf
import pytest
from docx import Document as WordDocument
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.errors import DocumentError
from agendapack.pdf.sanitise import clean_pdf, cleaned, hostile_features, new_metadata
from tests.hostile import KEPT_TEXT, KEPT_URI, MARKERS, everything, hostile_pdf, left_in
from tests.pdftools import text

runner = CliRunner()
MEETING = """
    [[meeting]]
    date = 2023-10-01
    [[meeting.item]]
    title = "Budget"
    documents = [
      "report.docx",
      { file = "appendix.pdf", title = "Appendix 1: Costs" },
    ]
"""
WORD_MARKERS = {
    "author": "WORD-AUTHOR-MARKER",
    "title": "WORD-TITLE-MARKER",
    "subject": "WORD-SUBJECT-MARKER",
    "keywords": "WORD-KEYWORDS-MARKER",
    "last_modified_by": "WORD-EDITOR-MARKER",
}
LEFT_OUT = (
    "JavaScript, an action that opens another program (/Launch), a link that is not to a web "
    "or email address, 2 attached files and 2 comments"
)


def _uris(pdf: Path) -> list[str]:
    return [
        a["/A"]["/URI"]
        for page in PdfReader(pdf).pages
        for a in (r.get_object() for r in page.get("/Annots", []))
        if "/A" in a and a["/A"].get("/S") == "/URI"
    ]


def _report(path: Path) -> None:
    document = WordDocument()
    document.add_paragraph("KEPT-REPORT-TEXT: the budget for next year.")
    properties = document.core_properties
    for name, marker in WORD_MARKERS.items():
        setattr(properties, name, marker)
    document.save(path)


@pytest.fixture
def hostile(ws) -> Path:
    folder = ws.folder("cyp", "2023-10-01")
    hostile_pdf(folder / "appendix.pdf")
    _report(folder / "report.docx")
    ws.committee(MEETING)
    return ws.root


# -- the cleaning itself ----------------------------------------------------------------


def test_hostile_features_names_what_is_left_out(tmp_path):
    source = hostile_pdf(tmp_path / "appendix.pdf")
    assert hostile_features(source) == [
        "JavaScript",
        "an action that opens another program (/Launch)",
        "a link that is not to a web or email address",
        "2 attached files",
        "2 comments",
    ]


def test_metadata_alone_is_not_worth_a_warning(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Author": "A. Person", "/Title": "Draft 3"})
    with (tmp_path / "plain.pdf").open("wb") as handle:
        writer.write(handle)
    assert hostile_features(tmp_path / "plain.pdf") == []


def test_a_clean_copy_keeps_text_links_markup_and_bookmarks_and_nothing_else(tmp_path):
    source = hostile_pdf(tmp_path / "appendix.pdf")
    assert len(left_in(source)) == 18  # the walk sees every marker and name it looks for
    clean = tmp_path / "clean.pdf"
    clean_pdf(source, clean, "appendix.pdf", title="Appendix 1: Costs")
    assert left_in(clean) == []
    assert KEPT_TEXT in text(clean) and "Second page of the appendix" in text(clean)
    assert _uris(clean) == [KEPT_URI, KEPT_URI]
    with pikepdf.open(clean) as pdf:
        first, second = pdf.pages
        subtypes = [str(a.Subtype) for a in first.obj.Annots]
        assert subtypes == ["/Link"] * 5 + ["/Highlight"]  # the Launch link stays, inert
        goto = first.obj.Annots[1].A
        assert goto.S == "/GoTo" and goto.D[0].objgen == second.obj.objgen
        assert pdf.Root.Outlines.First.Title == "Kept bookmark"
        assert pdf.Root.Outlines.First.Dest[0].objgen == second.obj.objgen
        assert set(pdf.trailer.Info.keys()) == {"/Title"}
        assert str(pdf.trailer.Info.Title) == "Appendix 1: Costs"
        assert pdf.open_metadata()["dc:title"] == "Appendix 1: Costs"
        assert sorted(pdf.Root.keys()) == [
            "/Metadata",
            "/Outlines",
            "/Pages",
            "/Type",
            "/ViewerPreferences",
        ]
    assert hostile_features(clean) == []


def test_the_same_source_gives_the_same_clean_bytes(tmp_path):
    source = hostile_pdf(tmp_path / "appendix.pdf")
    first = cleaned(source, tmp_path / "one", "appendix.pdf", "Appendix 1")
    second = cleaned(source, tmp_path / "two", "appendix.pdf", "Appendix 1")
    assert first.read_bytes() == second.read_bytes()
    assert first.name == second.name and first.stem != source.stem
    assert cleaned(source, tmp_path / "one", "appendix.pdf", "Appendix 1") == first
    assert [p.name for p in (tmp_path / "one").iterdir()] == [first.name]  # no partial file


def test_a_form_keeps_its_fields_as_drawn_into_the_page_but_not_their_scripts(tmp_path):
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    look = pdf.make_stream(b"0 0 1 rg 0 0 200 20 re f", Type="/XObject", Subtype="/Form")
    look.BBox = [0, 0, 200, 20]
    script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("FORM-SCRIPT"))
    field = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Widget,
            FT=pikepdf.Name.Tx,
            T=pikepdf.String("amount"),
            V=pikepdf.String("FIELD-VALUE-KEPT"),
            Rect=[72, 700, 272, 720],
            AP=pikepdf.Dictionary(N=look),
            AA=pikepdf.Dictionary(K=script, F=script),
            P=page.obj,
        )
    )
    page.obj.Annots = pikepdf.Array([field])
    pdf.Root.AcroForm = pikepdf.Dictionary(
        Fields=[field], CO=[field], XFA=pikepdf.String("<xdp:xdp>XFA-MARKER</xdp:xdp>")
    )
    pdf.save(tmp_path / "form.pdf")
    assert hostile_features(tmp_path / "form.pdf") == [
        "JavaScript",
        "an XFA form (its scripts and data; the fields as drawn stay)",
    ]
    clean_pdf(tmp_path / "form.pdf", tmp_path / "clean.pdf", "form.pdf")
    found = everything(tmp_path / "clean.pdf")
    assert not [t for t in found if "FORM-SCRIPT" in t or "XFA-MARKER" in t or t == "/AA"]
    with pikepdf.open(tmp_path / "clean.pdf") as clean:
        # a pack is a record, not a form: the field is drawn into its page as it looked,
        # where it was, and the widget and the form go
        page = clean.pages[0]
        assert "/Annots" not in page.obj and "/AcroForm" not in clean.Root
        (drawn,) = page.obj.Resources.XObject.values()
        assert drawn.read_bytes() == b"0 0 1 rg 0 0 200 20 re f"
        assert b"1 0 0 1 72 700 cm" in page.obj.Contents[-1].read_bytes()
        assert "/Info" not in clean.trailer and "/Metadata" not in clean.Root


def test_pdfa_and_pdfua_claims_are_kept_without_the_rest_of_the_xmp():
    old = (
        b'<rdf:Description pdfaid:part="2" pdfaid:conformance="b" '
        b'xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"/>'
        b"<pdfuaid:part>1</pdfuaid:part><dc:creator>XMP-AUTHOR</dc:creator>"
    )
    xmp = new_metadata("Appendix & annex", old).decode()
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B<" in xmp
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "<pdfaSchema:prefix>pdfuaid<" in xmp
    assert "Appendix &amp; annex" in xmp and "XMP-AUTHOR" not in xmp
    assert new_metadata(None, b"<dc:creator>x</dc:creator>") is None
    assert (
        "<pdfaid:conformance>" not in new_metadata(None, b"<pdfaid:part>4</pdfaid:part>").decode()
    )


def test_an_owner_password_pdf_is_cleaned_and_opens_without_one(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Author": MARKERS["author"]})
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    with (tmp_path / "locked.pdf").open("wb") as handle:
        writer.write(handle)
    clean_pdf(tmp_path / "locked.pdf", tmp_path / "clean.pdf", "locked.pdf", "Appendix")
    with pikepdf.open(tmp_path / "clean.pdf") as pdf:
        assert not pdf.is_encrypted and len(pdf.pages) == 1
    assert not [t for t in everything(tmp_path / "clean.pdf") if MARKERS["author"] in t]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7\n" + b"\x00garbage" * 50, "the PDF is damaged and cannot be read"),
        (None, "the PDF needs a password to open"),
    ],
)
def test_a_pdf_that_cannot_be_read_is_one_line(tmp_path, content, message):
    path = tmp_path / "bad.pdf"
    if content is None:
        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
        buffer = io.BytesIO()
        writer.write(buffer)
        content = buffer.getvalue()
    path.write_bytes(content)
    for attempt in (
        lambda: clean_pdf(path, tmp_path / "out.pdf", "packs/x/bad.pdf"),
        lambda: hostile_features(path, "packs/x/bad.pdf"),
    ):
        with pytest.raises(DocumentError) as raised:
            attempt()
        (line,) = raised.value.lines
        assert line.startswith(f"packs/x/bad.pdf: error: {message}")
    assert not (tmp_path / "out.pdf").exists()


# -- check and build, through the command line ------------------------------------------


def test_check_warns_once_per_document_saying_what_is_left_out(hostile):
    result = runner.invoke(app, ["check", "--workspace", str(hostile)])
    warnings = [line for line in result.output.splitlines() if "warning:" in line]
    assert warnings == [
        f"programme/cyp.toml:12: warning: 'appendix.pdf' has {LEFT_OUT}, left out of the pack",
        "programme/cyp.toml:12: warning: 'appendix.pdf' is not a tagged PDF: ask its author for "
        "an accessible version",
    ]
    again = runner.invoke(app, ["check", "--workspace", str(hostile)])  # from the cache
    assert again.output == result.output
    cache = json.loads((hostile / "build/.cache/left-out.json").read_text())
    assert len(cache) == 1  # both answers from one opening of the file, remembered together


def test_the_public_pack_and_documents_carry_none_of_it(hostile):
    result = runner.invoke(app, ["build", "cyp", "2023-10-01", "--workspace", str(hostile)])
    assert result.exit_code == 0, result.output
    out = hostile / "build/cyp/2023-10-01"
    manifest = json.loads((out / "manifest.json").read_text())
    files = {d["source"]: out / d["file"] for i in manifest["items"] for d in i["documents"]}
    appendix = files["packs/cyp/2023-10-01/appendix.pdf"]
    report = files["packs/cyp/2023-10-01/report.docx"]
    for pdf in (out / "pack.pdf", *files.values()):
        assert left_in(pdf) == [], pdf
        found = everything(pdf)
        assert not [t for t in found for m in WORD_MARKERS.values() if m in t], pdf
    assert KEPT_TEXT in text(appendix) and KEPT_TEXT in text(out / "pack.pdf")
    assert "KEPT-REPORT-TEXT" in text(report) and "KEPT-REPORT-TEXT" in text(out / "pack.pdf")
    assert _uris(appendix) == [KEPT_URI, KEPT_URI] == _uris(out / "pack.pdf")
    with pikepdf.open(out / "pack.pdf") as pack:
        info = {k: str(v) for k, v in pack.trailer.Info.items()}
        assert set(info) == {"/Title", "/Author", "/Subject", "/Producer"}
        assert info["/Author"] == "Nottingham City Council" and info["/Producer"] == "agendapack"
    with pikepdf.open(report) as pdf:
        assert str(pdf.trailer.Info.Title) == "Budget"  # the agenda's title, not Word's
    with pikepdf.open(appendix) as pdf:
        assert str(pdf.trailer.Info.Title) == "Appendix 1: Costs"
        first, second = pdf.pages
        goto = [a for a in first.obj.Annots if "/A" in a and a.A.S == "/GoTo"]
        assert goto and goto[0].A.D[0].objgen == second.obj.objgen


def test_a_pdfa_and_pdfua_export_stays_valid_once_cleaned(tmp_path):
    """A paper as LibreOffice exports it for archiving and accessibility: its copy still
    passes PDF/A-2b and PDF/UA-1 (checked by page, a veraPDF-grade validator), with the
    agenda's title instead of Word's and no author."""
    import page

    _report(tmp_path / "report.docx")
    options = {
        "SelectPdfVersion": {"type": "long", "value": "2"},
        "PDFUACompliance": {"type": "boolean", "value": "true"},
        "UseTaggedPDF": {"type": "boolean", "value": "true"},
    }
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            f"pdf:writer_pdf_Export:{json.dumps(options)}",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "report.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    source = tmp_path / "report.pdf"
    assert [t for t in everything(source) if WORD_MARKERS["author"] in t]
    clean = tmp_path / "clean.pdf"
    clean_pdf(source, clean, "report.pdf", title="Budget report")
    assert not [t for t in everything(clean) for m in WORD_MARKERS.values() if m in t]
    assert "KEPT-REPORT-TEXT" in text(clean)
    for profile in ("2b", "ua1"):
        report = page.validate_pdf(clean, profile=profile)
        assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]


def _redacted_pdf(path: Path) -> Path:
    """A page whose salary line was marked for redaction, and the mark never applied."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (SALARY-UNDER-REDACTION) Tj ET")
    mark = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Redact,
        Rect=pikepdf.Array([70, 690, 300, 715]),
    )
    page.obj.Annots = pikepdf.Array([pdf.make_indirect(mark)])
    pdf.save(path)
    return path


def test_a_redaction_never_applied_stops_the_paper_with_its_line(ws):
    folder = ws.folder("cyp", "2023-10-01")
    _redacted_pdf(folder / "appendix.pdf")
    _report(folder / "report.docx")
    ws.committee(MEETING)
    expected = (
        "programme/cyp.toml:12: error: 'appendix.pdf' has 1 redaction mark that was never "
        "applied: what is under it is still in the file, and would be published; apply the "
        "redactions in the PDF editor (in Acrobat: Redact, then Apply) and save it again"
    )
    checked = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert checked.exit_code == 1 and expected in checked.output.splitlines(), checked.output
    built = runner.invoke(app, ["build", "cyp", "2023-10-01", "--workspace", str(ws.root)])
    assert built.exit_code == 1 and expected in built.output.splitlines(), built.output
    assert not (ws.root / "build/cyp/2023-10-01/pack.pdf").exists()


def test_a_clean_copy_drops_a_cid_fonts_glyph_list_and_says_its_identity_map(tmp_path):
    """What PDF/UA-1 fails in a font that no author need mend (corpus: pdf.js's and qpdf's
    files fail CID-SUBSET-CIDSET and CIDTOGIDMAP): a CID subset's list of its glyphs is
    optional and left out, a TrueType CID font's implied /Identity map said. A Type 1
    font's /CharSet, which says what its codes are, stays."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    type1 = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name("/ABCDEF+Serif"))
    type1.FontDescriptor = Dictionary(Type=Name.FontDescriptor, CharSet=String("/a/b"))
    cid = Dictionary(Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/ABCDEF+Sans"))
    cid.FontDescriptor = pdf.make_indirect(Dictionary(CIDSet=pdf.make_stream(b"\x80")))
    wide = Dictionary(Type=Name.Font, Subtype=Name.Type0, Encoding=Name("/Identity-H"))
    wide.DescendantFonts = Array([pdf.make_indirect(cid)])
    page.obj.Resources = Dictionary(Font=Dictionary(F1=type1, F2=wide))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (ab) Tj ET")
    pdf.save(tmp_path / "fonts.pdf")
    clean_pdf(tmp_path / "fonts.pdf", tmp_path / "clean.pdf", "fonts.pdf")
    with pikepdf.open(tmp_path / "clean.pdf") as clean:
        fonts = clean.pages[0].obj.Resources.Font
        assert str(fonts.F1.FontDescriptor.CharSet) == "/a/b"
        (descendant,) = fonts.F2.DescendantFonts
        assert "/CIDSet" not in descendant.FontDescriptor
        assert descendant.CIDToGIDMap == Name.Identity


def test_a_clean_copy_gives_a_font_the_unicode_map_its_encoding_names(tmp_path):
    """PDF/UA-1 asks every font for a map of its codes to Unicode, which a reader makes
    itself from a standard font's own encoding or its /Differences' glyph names (qpdf's
    and pdf.js's form fields: ZapfDingbats check marks, Helvetica with /Differences). The
    clean copy writes it out: poppler reads the same words from it, and a font whose codes
    nothing names is left as it is."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    dingbats = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.ZapfDingbats)
    differences = Array(
        [39, Name.quoteright, Name("/.notdef"), 128, Name.bullet, Name.Euro, Name.fi]
    )
    helvetica = Dictionary(
        Type=Name.Font,
        Subtype=Name.Type1,
        BaseFont=Name.Helvetica,
        Encoding=Dictionary(Type=Name.Encoding, Differences=differences),
    )
    own = Dictionary(
        Type=Name.Font,
        Subtype=Name.Type1,
        BaseFont=Name("/ABCDEF+Glyphs"),
        Encoding=Dictionary(Differences=Array([65, Name("/g17")])),
    )
    page.obj.Resources = Dictionary(Font=Dictionary(D=dingbats, H=helvetica, G=own))
    page.obj.Contents = pdf.make_stream(
        b"BT /D 12 Tf 72 720 Td (4) Tj ET"
        b" BT /H 12 Tf 72 700 Td (Council\x27s \x80 \x81 \x82le) Tj ET"
        b" BT /G 12 Tf 72 680 Td (A) Tj ET"
    )
    pdf.save(tmp_path / "fonts.pdf")
    clean_pdf(tmp_path / "fonts.pdf", tmp_path / "clean.pdf", "fonts.pdf")
    assert text(tmp_path / "clean.pdf").split() == text(tmp_path / "fonts.pdf").split()
    assert "\u2714" in text(tmp_path / "clean.pdf")  # ZapfDingbats' "4", a check mark
    with pikepdf.open(tmp_path / "clean.pdf") as clean:
        fonts = clean.pages[0].obj.Resources.Font
        assert b"<27> <2019>" in fonts.H.ToUnicode.read_bytes()  # the right quote
        assert b"<81> <20AC>" in fonts.H.ToUnicode.read_bytes()  # the euro
        assert b"<28>" not in fonts.H.ToUnicode.read_bytes()  # .notdef: nothing
        assert b"<82> <00660069>" in fonts.H.ToUnicode.read_bytes()  # "fi", not U+FB01
        assert b"<34> <2714>" in fonts.D.ToUnicode.read_bytes()
        assert "/ToUnicode" not in fonts.G


def test_a_clean_copy_spaces_a_unicode_maps_touching_hex_strings(tmp_path):
    """A ToUnicode CMap written "<0003><0020>" (Ghostscript's and TTX's way; PDF lets hex
    strings touch) is one PDF/UA-1's validator calls malformed (corpus: pdf.js's issue6099,
    qpdf's minimal-signed-restricted): the clean copy writes a space between them, each
    code mapped to the same text, and poppler reads the same words."""
    import page as validator

    touching = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange\n<00><FF>\nendcodespacerange\n"
        b"1 beginbfrange\n<41><42><0061>\nendbfrange\n1 beginbfchar\n<43><00660069>\nendbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    font = Dictionary(
        Type=Name.Font,
        Subtype=Name.Type1,
        BaseFont=Name("/ABCDEF+Glyphs"),
        ToUnicode=pdf.make_stream(touching),
    )
    page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (ABC) Tj ET")
    pdf.save(tmp_path / "fonts.pdf")
    clean_pdf(tmp_path / "fonts.pdf", tmp_path / "clean.pdf", "fonts.pdf")

    def malformed(path: Path) -> list[str]:
        failures = validator.validate_pdf(path, profile="ua1").failures
        return [f.message for f in failures if "malformed ToUnicode" in f.message]

    assert malformed(tmp_path / "fonts.pdf")
    assert malformed(tmp_path / "clean.pdf") == []
    assert text(tmp_path / "clean.pdf").split() == text(tmp_path / "fonts.pdf").split() == ["abfi"]
    with pikepdf.open(tmp_path / "clean.pdf") as clean:
        written = clean.pages[0].obj.Resources.Font.F1.ToUnicode.read_bytes()
    assert b"<41> <42> <0061>\nendbfrange\n1 beginbfchar\n<43> <00660069>" in written
    assert written.replace(b"> <", b"><") == touching  # nothing else changed
