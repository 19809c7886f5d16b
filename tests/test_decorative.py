"""A picture the author marked decorative in Word reaches a screen reader as nothing: in
the pack it is an artifact, not a /Figure without alternative text, though Debian's
LibreOffice 7.4 ignores the mark. A described picture keeps its /Figure and its words."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
from docx import Document
from docx.oxml import parse_xml
from docx.shared import Cm
from pikepdf import Array, Dictionary, Name
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.pdf.structure import artifact_figures, elements
from tests.word_reports import png

runner = CliRunner()
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DESCRIBED = "Qxdescribed the new library from the park"


def _mark_decorative(properties: object, value: str = "1") -> None:
    properties.append(  # type: ignore[attr-defined]
        parse_xml(
            f'<a:extLst xmlns:a="{A}"><a:ext uri="{{C183D7F6-B498-43B3-948B-1728B52AA6E4}}">'
            '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
            f'decorative" val="{value}"/></a:ext></a:extLst>'
        )
    )


def decorative_report(path: Path) -> None:
    """A report with a decorative picture in its body and one in its header, and a
    described picture."""
    document = Document()
    document.core_properties.title = "Library services"
    header = document.sections[0].header.paragraphs[0].add_run()
    _mark_decorative(header.add_picture(io.BytesIO(png()), width=Cm(1))._inline.docPr)
    document.add_paragraph("Qxdecorativebefore the library opens on Sundays.")
    document.add_picture(io.BytesIO(png()), width=Cm(2))
    _mark_decorative(document.inline_shapes[-1]._inline.docPr)
    document.add_paragraph("Qxdecorativebetween a line of words.")
    document.add_picture(io.BytesIO(png()), width=Cm(2))
    document.inline_shapes[-1]._inline.docPr.set("descr", DESCRIBED)
    document.add_paragraph("Qxdecorativeafter the end of the report.")
    document.save(path)


def _figures(pdf: pikepdf.Pdf) -> list[Dictionary]:
    root = pdf.Root.StructTreeRoot
    return [e for e in elements(root.K, set()) if e.get("/S") == Name.Figure]


def test_a_decorative_picture_is_an_artifact_in_the_pack_and_passes_pdf_ua(ws):
    import page

    ws.committee(
        """\
        [[meeting]]
        date = 2024-03-28

        [[meeting.item]]
        title = "Library services"
        documents = ["library.docx"]
        """
    )
    decorative_report(ws.folder("cyp", "2024-03-28") / "library.docx")
    check = runner.invoke(app, ["check", "--workspace", str(ws.root)]).output
    assert "without alternative text" not in check, check  # the author did as asked
    result = runner.invoke(app, ["build", "--workspace", str(ws.root)])
    assert result.exit_code == 0, result.output
    out = ws.root / "build/cyp/2024-03-28"
    with pikepdf.open(out / "pack.pdf") as pack:
        alts = [str(f.get("/Alt", "")) for f in _figures(pack)]
        # the described picture keeps its figure and its words; no figure is left without
        assert alts.count(DESCRIBED) == 1, alts
        assert all(alt.strip() for alt in alts), alts
        assert not any("agendapack" in alt for alt in alts)  # no marker of ours left
    struct_text = subprocess.run(
        ["pdfinfo", "-struct-text", str(out / "pack.pdf")],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    for words in ("Qxdecorativebefore", "Qxdecorativebetween", "Qxdecorativeafter"):
        assert words in struct_text
    assert "agendapack" not in struct_text
    # PDFUA1-FIGURE-ALTERNATIVE-TEXT-001 before, in both: the decorative picture's /Figure
    (own,) = (out / "documents").glob("*library.pdf")
    for pdf in (out / "pack.pdf", own):
        failures = page.validate_pdf(pdf, profile="ua1").failures
        figure_alt = [f for f in failures if "FIGURE" in f.rule_id]
        assert figure_alt == [], [(f.rule_id, f.message) for f in figure_alt]


def test_a_picture_marked_not_decorative_keeps_its_figure(ws):
    """`val="0"`: Word's mark taken off again. Nothing is guessed: the figure stays."""
    ws.committee(
        """\
        [[meeting]]
        date = 2024-03-28

        [[meeting.item]]
        title = "Library services"
        documents = ["library.docx"]
        """
    )
    document = Document()
    document.add_paragraph("Qxundecorated words.")
    document.add_picture(io.BytesIO(png()), width=Cm(2))
    _mark_decorative(document.inline_shapes[-1]._inline.docPr, "0")
    document.save(ws.folder("cyp", "2024-03-28") / "library.docx")
    # and `check` names it, as the picture without alternative text it is
    check = runner.invoke(app, ["check", "--workspace", str(ws.root)]).output
    assert "without alternative text" in check, check
    result = runner.invoke(app, ["build", "--workspace", str(ws.root)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(ws.root / "build/cyp/2024-03-28/pack.pdf") as pack:
        assert [f for f in _figures(pack) if "/Alt" not in f]  # as LibreOffice made it


def _tagged(marker: str) -> pikepdf.Pdf:
    """A page with two pictures each in a /Figure of its own marked content; the first's
    /Alt is `marker`, alone in a paragraph (as LibreOffice puts a picture), the second's
    real words."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0]
    page.obj.StructParents = 0
    page.obj.Contents = pdf.make_stream(
        b"/Figure <</MCID 0>> BDC 0 0 10 10 re f EMC\n"
        b"/Figure <</MCID 1>> BDC 20 20 10 10 re f EMC\n"
    )
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    paragraph = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=document))
    first = pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.Figure, P=paragraph, Pg=page.obj, K=0)
    )
    paragraph.K = Array([first])
    first.Alt = pikepdf.String(marker)
    second = pdf.make_indirect(
        Dictionary(
            Type=Name.StructElem,
            S=Name.Figure,
            P=document,
            Pg=page.obj,
            K=1,
            Alt=pikepdf.String("A square"),
        )
    )
    document.K = Array([paragraph, second])
    root = pdf.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=document,
            ParentTree=Dictionary(Nums=Array([0, Array([first, second])])),
            ParentTreeNextKey=1,
        )
    )
    document.P = root
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    return pdf


def test_a_marked_figure_s_content_becomes_an_artifact_and_leaves_the_tree(tmp_path):
    pdf = _tagged("marker")
    assert artifact_figures(pdf, "marker") == (1, 0)
    pdf.save(tmp_path / "out.pdf")
    with pikepdf.open(tmp_path / "out.pdf") as read:
        figures = _figures(read)
        assert [str(f.Alt) for f in figures] == ["A square"]
        # the paragraph that held the picture alone went with it
        assert [str(e.S) for e in elements(read.Root.StructTreeRoot.K, set())] == [
            "/Document",
            "/Figure",
        ]
        operations = [
            (str(op), [str(o) if isinstance(o, Name) else o for o in operands])
            for operands, op in pikepdf.parse_content_stream(read.pages[0])
            if str(op) in ("BDC", "BMC")
        ]
        assert [op for op, _ in operations] == ["BMC", "BDC"]
        assert operations[0][1] == ["/Artifact"]
        parents = read.Root.StructTreeRoot.ParentTree.Nums[1]
        assert parents[0] is None and parents[1].Alt == "A square"


def test_a_figure_whose_content_is_not_found_keeps_its_place_without_the_marker(tmp_path):
    pdf = _tagged("marker")
    pdf.pages[0].obj.Contents = pdf.make_stream(b"/Figure <</MCID 1>> BDC 20 20 10 10 re f EMC\n")
    assert artifact_figures(pdf, "marker") == (0, 1)
    figures = _figures(pdf)
    assert len(figures) == 2 and "/Alt" not in figures[0]


def test_a_cell_that_held_only_a_decorative_picture_stays_in_its_table():
    pdf = _tagged("marker")
    paragraph = pdf.Root.StructTreeRoot.K.K[0]
    document = paragraph.P
    cell = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.TD, K=Array([paragraph])))
    row = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.TR, K=Array([cell])))
    table = pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.Table, K=Array([row]), P=document)
    )
    cell.P, row.P, paragraph.P = row, table, cell
    document.K[0] = table
    assert artifact_figures(pdf, "marker") == (1, 0)
    roles = [str(e.S) for e in elements(pdf.Root.StructTreeRoot.K, set())]
    assert roles == ["/Document", "/Table", "/TR", "/TD", "/Figure"]
