"""Pages of an untagged paper that poppler reads no words on are tagged for what they are
(issue 26): a blank page, or one of rules and white, is nothing to read; a page of pictures
is its pictures, each a figure; a drawing is one figure; vertical writing is read as
columns from the right; only a page that truly cannot be read stays one figure saying so,
and the build names its paper and page. Collated with the real code, read back with
poppler's `pdfinfo -struct-text`, pikepdf and the PDF/UA-1 validator."""

from __future__ import annotations

import subprocess
import zlib
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from agendapack.pdf.collate import PICTURE_ALT, UNTAGGED_ALT
from tests.test_collate import _pdf

WIDTH, HEIGHT = 595, 842
# what every alternative text of the one kind begins with, the page and title aside
_UNREAD = UNTAGGED_ALT.split("{title}")[1].split("{contact}")[0]  # ". Its text could not..."
_PICTURE = PICTURE_ALT.split("{number}")[0]  # "A picture on page "


def _image(pdf: pikepdf.Pdf, shade: int) -> pikepdf.Stream:
    """A small grey picture."""
    image = pdf.make_stream(zlib.compress(bytes([shade]) * 64))
    image.Type, image.Subtype = Name.XObject, Name.Image
    image.Width = image.Height = 8
    image.ColorSpace, image.BitsPerComponent = Name.DeviceGray, 8
    image.Filter = Name.FlateDecode
    return image


_ASCII_CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 beginbfrange
<0020> <007E> <0020>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def _font(pdf: pikepdf.Pdf, *, vertical: bool = False, ordering: str = "") -> pikepdf.Object:
    """The OCR layer's glyphless font, whose codes are UTF-16: written top to bottom if
    `vertical`; with `ordering`, an Adobe collection's CIDs with no map of its own."""
    from agendapack.pdf.ocr import glyphless_font

    font = glyphless_font(pdf)
    # its map to Unicode as ASCII only, each range within one last byte (the validator
    # takes the OCR font's one range across all codes for malformed)
    font.ToUnicode = pdf.make_stream(_ASCII_CMAP)
    if vertical:
        font.Encoding = Name("/Identity-V")
    if ordering:
        del font["/ToUnicode"]
        font.DescendantFonts[0].CIDSystemInfo.Ordering = String(ordering)
    return font


def _utf16(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex() + ">"


def _page(pdf: pikepdf.Pdf, data: str | None, **resources: pikepdf.Object) -> None:
    page = pdf.add_blank_page(page_size=(WIDTH, HEIGHT))
    if data is not None:
        page.obj.Contents = pdf.make_stream(data.encode())
    page.obj.Resources = Dictionary(
        {f"/{kind}": Dictionary(found) for kind, found in resources.items()}
    )


def _appendix(path: Path) -> Path:
    """Six pages of another body's appendix, none with a word poppler reads."""
    with pikepdf.new() as pdf:
        _page(pdf, None)  # 1: nothing drawn at all
        # 2: white over white, a box and two rules: a blank form's page
        _page(pdf, "1 g 0 0 595 842 re f 0 G 72 700 m 523 700 l S 72 500 200 40 re S")
        pictures = {"/Im1": _image(pdf, 40), "/Im2": _image(pdf, 200)}
        # 3: two pictures and nothing else (a scan OCR read no words in is one)
        _page(
            pdf,
            "q 200 0 0 150 72 600 cm /Im1 Do Q q 200 0 0 150 300 300 cm /Im2 Do Q",
            XObject=Dictionary(pictures),
        )
        # 4: a drawing of curves: a signature, a chart without words
        _page(pdf, "0 G 2 w 100 400 m 150 500 250 300 300 400 c 350 500 400 300 450 400 c S")
        # 5: vertical writing, its columns from the right
        columns = " ".join(
            f"1 0 0 1 {400 - 40 * n} 750 Tm {_utf16(word)} Tj"
            for n, word in enumerate(["Firstcolumn", "Secondcolumn", "Thirdcolumn"])
        )
        _page(
            pdf, f"BT /F1 20 Tf {columns} ET", Font=Dictionary({"/F1": _font(pdf, vertical=True)})
        )
        # 6: a line of Japanese in MS Mincho as a CJK font leaves it: no map in the PDF
        _page(
            pdf,
            f"BT /F1 20 Tf 72 700 Td {_utf16('Japaneseline')} Tj ET",
            Font=Dictionary({"/F1": _font(pdf, ordering="Japan1")}),
        )
        pdf.save(path)
    return path


def _unreadable(path: Path) -> Path:
    """A page of words, then one nobody can read: a scan in strips (a printer's PCLm),
    none a tenth of the page, which OCR does not read."""
    with pikepdf.new() as pdf:
        _page(
            pdf,
            f"BT /F1 20 Tf 72 700 Td {_utf16('Coveringletter')} Tj ET",
            Font=Dictionary({"/F1": _font(pdf)}),
        )
        strips = {f"/S{n}": _image(pdf, 100 + n) for n in range(40)}
        step = HEIGHT / 40
        _page(
            pdf,
            " ".join(f"q {WIDTH} 0 0 {step} 0 {n * step} cm /S{n} Do Q" for n in range(40)),
            XObject=Dictionary(strips),
        )
        pdf.save(path)
    return path


def _pack(tmp_path: Path, source: Path, title: str) -> tuple[Path, list[str]]:
    from agendapack.pdf.collate import PackInfo, Part, write_pack

    front = _pdf(tmp_path / "front.pdf", [{"text": "Agenda of the meeting"}])
    out = tmp_path / "pack.pdf"
    warnings: list = []
    with out.open("wb") as handle:
        write_pack(
            front,
            [Part(source, source.name, title, 1, f"1. {title}")],
            handle,
            PackInfo("Pack", "Council"),
            duplex=False,
            warnings=warnings,
        )
    return out, [f"{w.path}: {w.message}" for w in warnings]


def _elements(pdf: pikepdf.Pdf) -> list[tuple[str, str, int]]:
    """Every structure element: (its role, its /Alt, the page it is on, from 1)."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
    found = []
    stack: list[pikepdf.Object] = [pdf.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop()
        if isinstance(node, Array):
            stack.extend(reversed(list(node)))
        elif isinstance(node, Dictionary) and "/S" in node:
            page = node.get("/Pg")
            number = pages.get(page.objgen, 0) if isinstance(page, Dictionary) else 0
            found.append((str(node.S), str(node.get("/Alt", "")), number))
            if "/K" in node:
                stack.append(node.K)
    return found


def _structure(path: Path) -> str:
    return subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def appendix(tmp_path: Path) -> tuple[Path, list[str], list[tuple[str, str, int]]]:
    out, warnings = _pack(tmp_path, _appendix(tmp_path / "appendix.pdf"), "Appendix")
    with pikepdf.open(out) as pdf:
        # the front sheet's page, then the appendix's six
        assert len(pdf.pages) == 7
        return out, warnings, _elements(pdf)


def test_no_page_is_wrapped_as_one_figure_and_the_build_says_nothing(appendix):
    out, warnings, elements = appendix
    assert not [alt for _, alt, _ in elements if _UNREAD in alt]
    assert warnings == []
    import page

    assert page.validate_pdf(out, profile="ua1").failures == []


def test_a_blank_page_and_a_page_of_rules_are_nothing_to_read(appendix):
    _, _, elements = appendix
    on = {number for _, _, number in elements}
    assert 2 not in on and 3 not in on  # no element: all they draw is an artifact


def test_each_picture_of_a_page_of_pictures_is_its_own_figure(appendix):
    _, _, elements = appendix
    figures = [alt for role, alt, number in elements if role == "/Figure" and number == 4]
    assert figures == [PICTURE_ALT.format(number=3, title="Appendix", contact="the council")] * 2


def test_a_drawing_is_one_figure(appendix):
    _, _, elements = appendix
    figures = [alt for role, alt, number in elements if role == "/Figure" and number == 5]
    assert len(figures) == 1 and figures[0].startswith(f"{_PICTURE}4 ")


def test_vertical_writing_is_read_by_columns_from_the_right(appendix):
    out, _, _ = appendix
    text = " ".join(_structure(out).split('Sect "Appendix"')[1].split())
    assert text.index("Firstcolumn") < text.index("Secondcolumn") < text.index("Thirdcolumn")


def test_cjk_text_with_no_map_in_the_pdf_is_a_paragraph_a_reader_maps(appendix):
    """Poppler maps Adobe-Japan1's CIDs only with poppler-data (which `make run`
    installs); a screen reader's PDF reader with its own tables. The page's run is the
    content of one text element either way: a /P, or a heading where poppler-data reads
    the made-up font's glyphs at a larger size than the column of the page before."""
    out, _, elements = appendix
    roles = [role for role, _, number in elements if number == 7]
    assert len(roles) == 1 and (roles[0] == "/P" or roles[0].startswith("/H")), roles
    if (
        "Japaneseline"
        not in subprocess.run(
            ["pdftotext", "-f", "7", "-l", "7", str(out), "-"], capture_output=True, text=True
        ).stdout
    ):
        return  # no poppler-data here: poppler reads no words of it, from the page or tags
    assert "Japaneseline" in _structure(out)


def test_a_page_nobody_can_read_stays_one_figure_and_the_build_names_it(tmp_path):
    out, warnings = _pack(tmp_path, _unreadable(tmp_path / "strips.pdf"), "Strips")
    with pikepdf.open(out) as pdf:
        elements = _elements(pdf)
    unread = [(alt.split(".")[0], number) for _, alt, number in elements if _UNREAD in alt]
    assert unread == [("Page 2 of 2 of Strips", 3)]
    assert "Coveringletter" in _structure(out)
    assert len(warnings) == 1
    assert warnings[0].startswith("strips.pdf: page 2 cannot be read by a screen reader")
    assert "40 strips" in warnings[0]


def test_a_form_that_draws_a_picture_is_a_figure_beside_the_words(tmp_path):
    """A picture kept in a form XObject (a button's icon drawn into the page when its
    form was flattened, a logo) is a picture to a reader, as one drawn directly is."""
    source = tmp_path / "letter.pdf"
    with pikepdf.new() as pdf:
        icon = pdf.make_stream(b"q 60 0 0 40 0 0 cm /Im1 Do Q")
        icon.Type, icon.Subtype = Name.XObject, Name.Form
        icon.BBox = Array([0, 0, 60, 40])
        icon.Resources = Dictionary(XObject=Dictionary({"/Im1": _image(pdf, 90)}))
        _page(
            pdf,
            f"q 1 0 0 1 72 600 cm /Fm1 Do Q BT /F1 14 Tf 72 700 Td {_utf16('Signedletter')} Tj ET",
            XObject=Dictionary({"/Fm1": icon}),
            Font=Dictionary({"/F1": _font(pdf)}),
        )
        pdf.save(source)
    out, warnings = _pack(tmp_path, source, "Letter")
    with pikepdf.open(out) as pdf:
        elements = _elements(pdf)
    figures = [alt for role, alt, number in elements if role == "/Figure" and number == 2]
    assert figures == [PICTURE_ALT.format(number=1, title="Letter", contact="the council")]
    assert "Signedletter" in _structure(out)
    assert warnings == []
    import page

    assert page.validate_pdf(out, profile="ua1").failures == []
