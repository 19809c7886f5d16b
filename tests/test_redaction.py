"""Words "redacted" by a black box drawn over them are refused: the page looks redacted,
and the words are still in the file, to be copied, read aloud from the pack's structure
and found by the site's search (pdf/blackout.py). What merely looks like one (a black
table header with white words, a rule, a logo, a scan's invisible OCR layer, a translucent
highlight) is not."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
import pytest
from docx import Document as WordDocument
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from pikepdf import Array, Dictionary, Name
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.pdf.blackout import hidden_pages
from tests.pdftools import page_count, text

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
NAME = "Jane Smith, 12 High Street"
# a line of text at (72, 700), 12 points: its letters take about 72..222 by 697..709
LINE = b"BT /F1 12 Tf 72 700 Td (Jane Smith, 12 High Street) Tj ET\n"
BOX = b"70 695 160 16 re f\n"


def _pdf(
    path: Path,
    pages: list[bytes],
    annotations: dict[int, list[Dictionary]] | None = None,
    forms: dict[str, bytes] | None = None,
    states: dict[str, dict[str, object]] | None = None,
) -> Path:
    """A PDF of A4 pages of the given content, in Helvetica as /F1."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    for number, stream in enumerate(pages):
        page = pdf.add_blank_page(page_size=(595, 842))
        resources = Dictionary(Font=Dictionary(F1=font))
        if forms:
            resources.XObject = Dictionary(
                {
                    f"/{name}": pdf.make_stream(
                        data, Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 595, 842]
                    )
                    for name, data in forms.items()
                }
            )
        if states:
            resources.ExtGState = Dictionary(
                {f"/{name}": Dictionary(state) for name, state in states.items()}
            )
        page.obj.Resources = resources
        page.obj.Contents = pdf.make_stream(stream)
        for annotation in (annotations or {}).get(number, []):
            if "/Drawn" in annotation:  # its appearance's content, made a stream here
                drawn = bytes(annotation.Drawn)
                del annotation["/Drawn"]
                rect = [float(v) for v in annotation.Rect]
                annotation.AP = Dictionary(
                    N=pdf.make_stream(
                        drawn,
                        Type=Name.XObject,
                        Subtype=Name.Form,
                        BBox=[0, 0, rect[2] - rect[0], rect[3] - rect[1]],
                    )
                )
            if "/Annots" not in page.obj:
                page.obj.Annots = Array()
            page.obj.Annots.append(pdf.make_indirect(annotation))
    pdf.save(path)
    return path


def _square(colour: list[float], **extra: object) -> Dictionary:
    """A rectangle comment over the line, filled `colour`, as a viewer draws it: Acrobat's
    appearance paints its interior, then its border."""
    r, g, b = colour
    return Dictionary(
        Type=Name.Annot,
        Subtype=Name.Square,
        Rect=[70, 695, 230, 711],
        IC=colour,
        C=[0, 0, 0],
        Drawn=pikepdf.String(f"{r} {g} {b} rg 0 0 0 RG 1 w 0.5 0.5 159 15 re B".encode()),
        **extra,
    )


def _polygon(colour: list[float]) -> Dictionary:
    """A polygon comment round the line, with no appearance: drawn from its vertices."""
    return Dictionary(
        Type=Name.Annot,
        Subtype=Name.Polygon,
        Rect=[70, 695, 230, 711],
        Vertices=[70, 695, 230, 695, 230, 711, 70, 711],
        IC=colour,
    )


def _highlight(colour: list[float], opacity: float = 1.0) -> Dictionary:
    """A highlight over the line, with no appearance: a viewer draws it from its colour."""
    return Dictionary(
        Type=Name.Annot,
        Subtype=Name.Highlight,
        Rect=[70, 695, 230, 711],
        QuadPoints=[70, 711, 230, 711, 70, 695, 230, 695],
        C=colour,
        CA=opacity,
    )


HIDDEN = {
    "a black box drawn over the line": [LINE + b"0 g " + BOX],
    "a black box over the name alone": [LINE + b"0 g 70 695 60 16 re f\n"],
    "a box in RGB black, as a closed path": [
        LINE + b"0 0 0 rg 70 695 m 230 695 l 230 711 l 70 711 l h f\n"
    ],
    "a box in CMYK black, moved into place": [
        LINE + b"q 1 0 0 1 70 695 cm 0 0 0 1 k 0 0 160 16 re f Q\n"
    ],
    "a box in a named colour space": [LINE + b"/DeviceRGB cs 0.1 0.1 0.1 sc " + BOX],
    "black text on a black box": [b"0 g " + BOX + b"0 g " + LINE],
    "a flattened rectangle comment, a form drawn over the line": [LINE + b"/Fm0 Do\n"],
}
SHOWN = {
    "white text on a black table header": [b"0 g " + BOX + b"1 g " + LINE],
    "a black rule under the line": [LINE + b"0 g 72 696 150 1 re f\n"],
    "a table's black border round the line": [
        LINE + b"0 g 68 693 158 0.75 re f 68 712 158 0.75 re f 68 693 0.75 20 re f\n"
    ],
    "a struck-through line": [LINE + b"0 g 72 702.5 150 0.6 re f\n"],
    "a black box beside the line": [LINE + b"0 g 300 695 40 16 re f\n"],
    "a black logo beside the line": [
        LINE + b"0 g 400 690 m 420 720 440 720 460 690 c f 400 680 60 6 re f\n"
    ],
    "a scan's invisible OCR layer under its picture": [
        b"3 Tr " + LINE + b"0 Tr 0 g 60 680 300 40 re f\n"
    ],
    "a translucent black box": [LINE + b"/Half gs 0 g " + BOX],
    "a black box clipped away from the line": [
        LINE + b"q 300 600 100 50 re W n 0 g " + BOX + b"Q\n"
    ],
    "a grey box": [LINE + b"0.6 g " + BOX],
    "a box in a colour space of spot colours": [LINE + b"/CS0 cs 1 sc " + BOX],
}
FORMS = {"Fm0": b"q 0 g 70 695 160 16 re f Q"}
STATES = {"Half": {"/ca": 0.3}}


@pytest.mark.parametrize("case", sorted(HIDDEN))
def test_words_under_a_black_box_are_found_and_still_in_the_file(tmp_path, case):
    pdf = _pdf(tmp_path / "a.pdf", HIDDEN[case], forms=FORMS, states=STATES)
    assert NAME in text(pdf)  # what a reader copies, or a screen reader reads
    with pikepdf.open(pdf) as opened:
        assert hidden_pages(opened) == [1]


@pytest.mark.parametrize("case", sorted(SHOWN))
def test_what_only_looks_like_a_black_box_is_not(tmp_path, case):
    pdf = _pdf(tmp_path / "a.pdf", SHOWN[case], forms=FORMS, states=STATES)
    with pikepdf.open(pdf) as opened:
        assert hidden_pages(opened) == []


@pytest.mark.parametrize(
    ("case", "annotation", "hidden"),
    [
        ("a black rectangle comment", _square([0, 0, 0]), True),
        ("a rectangle comment with a black border only", _square([1, 1, 1]), False),
        ("a hidden black rectangle comment", _square([0, 0, 0], F=2), False),
        ("a black highlight", _highlight([0, 0, 0]), True),
        ("a black polygon comment, a rectangle", _polygon([0, 0, 0]), True),
        ("a grey polygon comment", _polygon([0.5, 0.5, 0.5]), False),
        (
            "a black rectangle comment with a number that is none",
            _square([0, 0, 0], CA=Name.X),
            False,
        ),
        ("a yellow highlight", _highlight([1, 1, 0]), False),
        ("a translucent black highlight", _highlight([0, 0, 0], opacity=0.3), False),
    ],
)
def test_an_annotation_that_paints_black_over_words_hides_them(tmp_path, case, annotation, hidden):
    pdf = _pdf(tmp_path / "a.pdf", [LINE], annotations={0: [annotation]})
    with pikepdf.open(pdf) as opened:
        assert hidden_pages(opened) == ([1] if hidden else []), case


def _report(path: Path) -> None:
    document = WordDocument()
    document.add_paragraph("KEPT-REPORT-TEXT: the budget for next year.")
    document.save(path)


def test_check_and_build_refuse_a_paper_with_words_under_black_boxes_naming_its_pages(ws):
    folder = ws.folder("cyp", "2023-10-01")
    pages = [LINE, LINE + b"0 g " + BOX, LINE, LINE, b"0 g " + BOX + b"0 g " + LINE]
    _pdf(folder / "appendix.pdf", pages)
    _report(folder / "report.docx")
    ws.committee(MEETING)
    expected = (
        "programme/cyp.toml:12: error: 'appendix.pdf' has words hidden under black boxes on "
        "pages 2 and 5: a redaction drawn over them, not applied, so they are still in the "
        "file and would be published, read aloud and found by the site's search; redact "
        "them with the PDF editor's redaction tool (in Acrobat: Redact, then Apply) and save "
        "it again"
    )
    checked = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert checked.exit_code == 1 and expected in checked.output.splitlines(), checked.output
    built = runner.invoke(app, ["build", "cyp", "2023-10-01", "--workspace", str(ws.root)])
    assert built.exit_code == 1 and expected in built.output.splitlines(), built.output
    assert not (ws.root / "build/cyp/2023-10-01/pack.pdf").exists()


def test_a_paper_found_good_is_not_read_again_and_one_mended_is_accepted(ws, monkeypatch):
    folder = ws.folder("cyp", "2023-10-01")
    paper = _pdf(folder / "appendix.pdf", [LINE + b"0 g " + BOX])
    _report(folder / "report.docx")
    ws.committee(MEETING)
    assert runner.invoke(app, ["check", "--workspace", str(ws.root)]).exit_code == 1
    _pdf(paper, [LINE])  # redacted properly: the words are gone... here, not drawn over
    assert runner.invoke(app, ["check", "--workspace", str(ws.root)]).exit_code == 0
    import agendapack.pdf.blackout as blackout

    def never(pdf: pikepdf.Pdf) -> list[int]:
        raise AssertionError("a paper found good was read again")

    monkeypatch.setattr(blackout, "hidden_pages", never)
    assert runner.invoke(app, ["check", "--workspace", str(ws.root)]).exit_code == 0


# -- Word papers --------------------------------------------------------------------------


def _shade(run_or_cell_properties, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    run_or_cell_properties.append(shading)


def _word_paper(path: Path, hidden: bool, automatic: bool = False) -> Path:
    """A report with a white-on-black table header and words on a dark shading in
    automatic colour (which LibreOffice prints white, as Word shows them): nothing hidden.
    `hidden`: a name in black on a black highlight too, as an officer "redacts" in Word;
    `automatic`: words in automatic colour on a black highlight."""
    document = WordDocument()
    document.add_paragraph("KEPT-REPORT-TEXT: the budget for next year.")
    table = document.add_table(rows=2, cols=1)
    header = table.cell(0, 0)
    _shade(header._tc.get_or_add_tcPr(), "000000")
    run = header.paragraphs[0].add_run("HEADER-ON-BLACK")
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    table.cell(1, 0).text = "Cell text"
    paragraph = document.add_paragraph("Shaded: ")
    _shade(paragraph.add_run("AUTOMATIC-ON-SHADING")._r.get_or_add_rPr(), "1A1A1A")
    if hidden:
        paragraph = document.add_paragraph("Contact: ")
        run = paragraph.add_run("Jane Smith")
        run.font.color.rgb = RGBColor(0, 0, 0)
        run.font.highlight_color = WD_COLOR_INDEX.BLACK
    if automatic:
        document.add_page_break()
        paragraph = document.add_paragraph("Note: ")
        paragraph.add_run("AUTOMATIC-ON-HIGHLIGHT").font.highlight_color = WD_COLOR_INDEX.BLACK
    document.save(path)
    return path


def test_check_and_build_refuse_a_word_paper_with_words_blacked_out_by_formatting(ws):
    folder = ws.folder("cyp", "2023-10-01")
    _word_paper(folder / "report.docx", hidden=True)
    _pdf(folder / "appendix.pdf", [LINE])
    ws.committee(MEETING)
    expected = (
        "programme/cyp.toml:11: error: 'report.docx' has words hidden by their formatting in "
        "1 place: dark text on a black highlight or shading, which looks redacted while the "
        "words are still in the file and would be published, read aloud and found by the "
        "site's search; delete them in Word (or type over them, as [REDACTED]) and save it "
        "again"
    )
    checked = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert checked.exit_code == 1 and expected in checked.output.splitlines(), checked.output
    built = runner.invoke(app, ["build", "cyp", "2023-10-01", "--workspace", str(ws.root)])
    assert built.exit_code == 1 and expected in built.output.splitlines(), built.output


def test_white_words_on_black_in_a_word_paper_build_and_a_black_highlight_is_warned_of(ws):
    folder = ws.folder("cyp", "2023-10-01")
    _word_paper(folder / "report.docx", hidden=False, automatic=True)
    _pdf(folder / "appendix.pdf", [LINE])
    ws.committee(MEETING)
    warning = (
        "programme/cyp.toml:11: warning: 'report.docx' has text in automatic colour on a "
        "black highlight, which Word shows white and the pack prints black on black, "
        "unreadable; give that text the font colour white in Word"
    )
    checked = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert checked.exit_code == 0 and warning in checked.output.splitlines(), checked.output
    built = runner.invoke(app, ["build", "cyp", "2023-10-01", "--workspace", str(ws.root)])
    assert built.exit_code == 0, built.output
    pack = ws.root / "build/cyp/2023-10-01/pack.pdf"
    assert "HEADER-ON-BLACK" in text(pack) and "AUTOMATIC-ON-SHADING" in text(pack)
    # what LibreOffice made of it: the white words on black are not taken for hidden ones;
    # the automatic ones on the highlight are printed black on black, as warned
    with pikepdf.open(pack) as opened:
        pages = hidden_pages(opened)
    texts = {n: text(pack, n) for n in range(1, page_count(pack) + 1)}
    header = [n for n, words in texts.items() if "HEADER-ON-BLACK" in words]
    highlighted = [n for n, words in texts.items() if "AUTOMATIC-ON-HIGHLIGHT" in words]
    assert header and header[0] not in pages
    assert highlighted and highlighted[0] in pages


# a black rectangle drawn in Word over the start of the paragraph it is anchored to, in
# front of the text (DrawingML, as Word's Insert > Shapes writes it)
_SHAPE = (
    '<w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
    'wordprocessingDrawing" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
    'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>560000'
    '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>'
    '-20000</wp:posOffset></wp:positionV><wp:extent cx="1300000" cy="200000"/>'
    '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/><wp:docPr id="1" '
    'name="Rectangle 1"/><wp:cNvGraphicFramePr/><a:graphic xmlns:a="http://schemas.'
    'openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.microsoft.'
    'com/office/word/2010/wordprocessingShape"><wps:wsp xmlns:wps="http://schemas.microsoft'
    '.com/office/word/2010/wordprocessingShape"><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" '
    'y="0"/><a:ext cx="1300000" cy="200000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
    '</a:prstGeom><a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:ln><a:noFill/>'
    "</a:ln></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
    "</w:drawing></w:r>"
)


def test_build_refuses_a_word_paper_with_a_black_shape_drawn_over_its_words(ws, tmp_path):
    folder = ws.folder("cyp", "2023-10-01")
    plain = tmp_path / "plain.docx"
    document = WordDocument()
    document.add_paragraph("KEPT-REPORT-TEXT: the budget for next year.")
    document.add_page_break()
    document.add_paragraph("Contact: Jane Smith, 12 High Street, telephone 01234 567890.")
    document.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(folder / "report.docx", "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":  # the shape in the second paragraph
                at = data.rindex(b"<w:r>", 0, data.index(b"Contact"))
                data = data[:at] + _SHAPE.encode() + data[at:]
            out.writestr(item, data)
    _pdf(folder / "appendix.pdf", [LINE])
    ws.committee(MEETING)
    # check reads the Word file, and cannot know where the shape falls
    assert runner.invoke(app, ["check", "--workspace", str(ws.root)]).exit_code == 0
    built = runner.invoke(app, ["build", "cyp", "2023-10-01", "--workspace", str(ws.root)])
    expected = (
        "packs/cyp/2023-10-01/report.docx: error: words are hidden under black boxes on page "
        "2 (a filled shape drawn over them in Word, or dark text on one): they are still in "
        "the file and would be published, read aloud and found by the site's search; delete "
        "the words and the box in Word (or type over the words, as [REDACTED]) and save it "
        "again"
    )
    assert built.exit_code == 1 and expected in built.output.splitlines(), built.output
    assert not (ws.root / "build/cyp/2023-10-01/pack.pdf").exists()
