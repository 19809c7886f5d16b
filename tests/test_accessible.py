"""What only a paper's author can make accessible: `check` names it, with the page and what
to do in Word or in the program that made the PDF (shared/DESIGN.md, "Every page
readable"). The site's accessibility page is tested with the rest of the site."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pikepdf
from docx import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.shared import Cm
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.documents.access import paper_faults

runner = CliRunner()
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
MEETING = """
    [[meeting]]
    date = 2023-10-01
    [[meeting.item]]
    title = "Budget"
    documents = [{docs}]
"""


def word_report(path, *, alt: str = "", table_header: bool = False) -> None:
    """A report with a picture on its second page and a table of figures."""
    document = WordDocument()
    document.core_properties.title = "Budget report"
    document.add_heading("Budget report", 1)
    document.add_paragraph("The budget in brief.")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Spending by service, as a chart:")
    document.add_picture(io.BytesIO(PNG), width=Cm(4))
    if alt:
        document.inline_shapes[0]._inline.docPr.set("descr", alt)
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Service", "Spending"
    table.cell(1, 0).text, table.cell(1, 1).text = "Libraries", "£1m"
    if table_header:
        from docx.oxml import OxmlElement

        row = table.rows[0]._tr.get_or_add_trPr()
        row.append(OxmlElement("w:tblHeader"))
    document.save(path)


def test_check_names_a_word_report_s_picture_without_alternative_text_and_its_page(ws):
    folder = ws.folder("cyp", "2023-10-01")
    word_report(folder / "budget.docx")
    ws.committee(MEETING.format(docs='"budget.docx"'))
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "programme/cyp.toml:10: warning: 'budget.docx' has a picture without alternative "
        "text on page 2: in Word, right-click each picture, choose View Alt Text and "
        "describe it (or tick Mark as decorative)",
        "programme/cyp.toml:10: warning: 'budget.docx' has a table without header cells on "
        "page 2: in Word, select the table's first row and choose Table Layout > Repeat "
        "Header Rows",
        "0 errors, 2 warnings",
    ]
    assert paper_faults(ws.root, "packs/cyp/2023-10-01/budget.docx") == [
        "A picture without alternative text on page 2.",
        "A table without header cells on page 2.",
    ]


def test_a_described_picture_and_a_headed_table_are_not_warned_of(ws):
    folder = ws.folder("cyp", "2023-10-01")
    word_report(folder / "budget.docx", alt="A bar chart of spending", table_header=True)
    ws.committee(MEETING.format(docs='"budget.docx"'))
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.output.splitlines() == ["ok: 1 committee, 1 meeting, no problems"]


def _embedded_object(path, alt: str) -> None:
    """A report with a spreadsheet embedded as its icon, as Word writes one: a VML shape
    (its `alt` the alternative text) and the OLE object, no DrawingML picture."""
    from docx.oxml import parse_xml

    document = WordDocument()
    document.core_properties.title = "Budget report"
    document.add_paragraph("The figures are in the spreadsheet:")
    run = document.add_paragraph().add_run()
    said = f' alt="{alt}"' if alt else ""
    run._r.append(
        parse_xml(
            '<w:object xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:v="urn:schemas-microsoft-com:vml" '
            'xmlns:o="urn:schemas-microsoft-com:office:office">'
            f'<v:shape id="_x0000_i1025" style="width:75pt;height:47pt"{said}>'
            '<v:imagedata o:title=""/></v:shape>'
            '<o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025"/>'
            "</w:object>"
        )
    )
    document.save(path)


def test_check_names_an_embedded_objects_icon_without_alternative_text(ws):
    """An embedded spreadsheet or document shown as its icon is a picture to a screen
    reader: PDF/UA-1 fails its figure without alternative text (docxtpl's corpus file)."""
    folder = ws.folder("cyp", "2023-10-01")
    _embedded_object(folder / "budget.docx", alt="")
    _embedded_object(folder / "described.docx", alt="The budget spreadsheet")
    ws.committee(MEETING.format(docs='"budget.docx", "described.docx"'))
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.output.splitlines() == [
        "programme/cyp.toml:10: warning: 'budget.docx' has a picture without alternative "
        "text on page 1: in Word, right-click each picture, choose View Alt Text and "
        "describe it (or tick Mark as decorative)",
        "0 errors, 1 warning",
    ]


def _tagged_pdf(path) -> None:
    """Two pages, tagged: a figure without /Alt on page 2, a table without /TH on page 1,
    a font without /ToUnicode nor embedding, and no title."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.TrueType,
            BaseFont=pikepdf.Name("/ABCDEF+Wingbats"),
            Encoding=pikepdf.Dictionary(Differences=pikepdf.Array([1, pikepdf.Name.g17])),
        )
    )
    for _ in range(2):
        pdf.add_blank_page(page_size=(595, 842))
        pdf.pages[-1].Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    first, second = (page.obj for page in pdf.pages)

    def element(kind, page, kids=()):
        return pdf.make_indirect(
            pikepdf.Dictionary(S=pikepdf.Name(kind), Pg=page, K=pikepdf.Array(kids))
        )

    cell = element("/TD", first)
    table = element("/Table", first, [element("/TR", first, [cell])])
    figure = element("/Figure", second)
    described = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.Figure, Pg=second, Alt=pikepdf.String("A map"))
    )
    document = element("/Document", first, [table, figure, described])
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=document)
    )
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.save(path)


def test_check_names_what_a_pdf_s_author_must_mend_with_its_pages(ws):
    folder = ws.folder("cyp", "2023-10-01")
    _tagged_pdf(folder / "plan.pdf")
    ws.committee(MEETING.format(docs='"plan.pdf"'))
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1] == "0 errors, 4 warnings"
    assert all(
        line.startswith("programme/cyp.toml:10: warning: 'plan.pdf' has ") for line in lines[:-1]
    )
    assert [line.split("'plan.pdf' has ")[1].split(":")[0] for line in lines[:-1]] == [
        "a picture without alternative text on page 2",
        "a table without header cells on page 1",
        "a font without Unicode mapping (Wingbats) on pages 1 and 2",
        "a font not embedded (Wingbats) on pages 1 and 2",
    ]
    assert "export it again as a tagged PDF" in lines[0]


def _malformed_tags(path) -> None:
    """A tagged PDF whose table's rows differ in width (the second row one cell short, as
    some exporters tag a merged cell without its /ColSpan) and whose list item holds a
    paragraph and marked content of its own where PDF/UA-1 asks for a label and a body
    (an item holding elements alone is given its body by collation: pdf/mend.py,
    `_give_body`); a well-formed table beside."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0].obj

    def element(kind, kids=(), **keys):
        return pdf.make_indirect(
            pikepdf.Dictionary(S=pikepdf.Name(kind), Pg=page, K=pikepdf.Array(kids), **keys)
        )

    def row(*cells):
        return element("/TR", [element(cell) for cell in cells])

    short = element("/Table", [row("/TH", "/TH"), row("/TD")])
    spanned = pikepdf.Dictionary(O=pikepdf.Name.Table, ColSpan=2)
    merged = element("/Table", [row("/TH", "/TH"), element("/TR", [element("/TD", A=spanned)])])
    item = element("/LI", [element("/P"), 0])
    document = element("/Document", [short, merged, element("/L", [item])])
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=document)
    )
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.docinfo.Title = "Plan"
    pdf.save(path)


def test_check_names_tables_and_lists_whose_tags_are_malformed(ws):
    """PDF/UA-1 fails a table whose rows differ in width and a list item holding other
    than a label and a body that collation cannot put in one; a screen
    reader cannot read them as tables and lists, and only their author can mend them."""
    folder = ws.folder("cyp", "2023-10-01")
    _malformed_tags(folder / "plan.pdf")
    ws.committee(MEETING.format(docs='"plan.pdf"'))
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.output.splitlines() == [
        "programme/cyp.toml:10: warning: 'plan.pdf' has 2 tables or lists whose tags are "
        "malformed on page 1: a screen reader cannot tell its rows, cells or items apart; "
        "ask its author to mend its tags (in Acrobat: Accessibility > Reading Order, or the "
        "Tags panel) or export it again as a tagged PDF",
        "0 errors, 1 warning",
    ]
    assert paper_faults(ws.root, "packs/cyp/2023-10-01/plan.pdf") == [
        "2 tables or lists whose tags are malformed on page 1."
    ]


def test_check_names_a_font_whose_unicode_map_no_reader_can_take_as_written(tmp_path):
    """A ToUnicode CMap with a range across more than its last byte (pdf.js's
    checkbox-bad-appearance: "<0000> <FFFF> <0000>", every glyph id read as the character
    of that number) or mapped to nothing (Aspose's "<0000> <FFFFFFFF> <>") gives no text,
    or the wrong text, and fails PDF/UA-1: `check` names the font. A well-formed map,
    written with or without spaces, is not named."""
    from agendapack.documents.access import findings

    def cmap(ranges: bytes) -> bytes:
        return (
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            b"1 beginbfrange\n" + ranges + b"\nendbfrange\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
        )

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    maps = {
        "/Broad": b"<0000> <FFFF> <0000>",
        "/Empty": b"<0000> <FFFFFFFF> <>",
        "/Sound": b"<0003><0005><0020>",
        "/Listed": b"<0041> <0042> [<0061> <0062>]",
    }
    fonts = pikepdf.Dictionary()
    for number, (name, ranges) in enumerate(maps.items()):
        fonts[f"/F{number}"] = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type0,
            BaseFont=pikepdf.Name(name),
            Encoding=pikepdf.Name("/Identity-H"),
            ToUnicode=pdf.make_stream(cmap(ranges)),
        )
    pdf.pages[0].Resources = pikepdf.Dictionary(Font=fonts)
    pdf.save(tmp_path / "maps.pdf")
    (unmapped,) = [f for f in findings(tmp_path / "maps.pdf") if f.kind == "font"]
    assert unmapped.what() == "2 fonts without Unicode mapping (Broad, Empty) on page 1"


def test_check_names_a_font_whose_unicode_map_gives_a_glyph_no_character(tmp_path):
    """A ToUnicode CMap mapping a drawn glyph to U+0000 (Word's Calibri subsets in pdf.js's
    bigboundingbox) reads as no character, and fails PDF/UA-1: `check` names the font. The
    missing glyph, code 0, mapped so is never text and not named."""
    from agendapack.documents.access import findings

    def cmap(chars: bytes) -> bytes:
        return (
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            b"2 beginbfchar\n" + chars + b"\nendbfchar\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
        )

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    maps = {
        "/Calibri": b"<0003> <0020>\n<0040> <0000>",
        "/Missing": b"<0000> <0000>\n<0003> <0020>",
        "/Marks": b"<0003><0020>\n<0004> <FEFF>",
    }
    fonts = pikepdf.Dictionary()
    for number, (name, chars) in enumerate(maps.items()):
        fonts[f"/F{number}"] = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type0,
            BaseFont=pikepdf.Name(name),
            Encoding=pikepdf.Name("/Identity-H"),
            ToUnicode=pdf.make_stream(cmap(chars)),
        )
    pdf.pages[0].Resources = pikepdf.Dictionary(Font=fonts)
    pdf.save(tmp_path / "maps.pdf")
    (unmapped,) = [f for f in findings(tmp_path / "maps.pdf") if f.kind == "font"]
    assert unmapped.what() == "2 fonts without Unicode mapping (Calibri, Marks) on page 1"


def test_check_names_a_font_whose_glyph_names_no_reader_knows(tmp_path):
    """A TeX font draws the circle of its copyright sign as "circlecopyrt", a name in no
    list a reader maps to Unicode (pdf.js's issue15012, tracemonkey: poppler reads nothing
    for it, and PDF/UA-1 fails the font): `check` names the font, as it does one of
    numbered glyphs ("g17"). Names readers know, the Adobe Glyph List's ("fi", "Lslash")
    and "uni20AC", are not named."""
    from agendapack.documents.access import findings

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    names = {
        "/CMSY7": ["/circlecopyrt"],
        "/Numbered": ["/g17"],
        "/Latin": ["/fi", "/Lslash", "/uni20AC", "/.notdef", "/a.sc"],
    }
    fonts = pikepdf.Dictionary()
    for number, (name, glyphs) in enumerate(names.items()):
        differences = pikepdf.Array([13, *(pikepdf.Name(g) for g in glyphs)])
        fonts[f"/F{number}"] = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name(name),
            Encoding=pikepdf.Dictionary(Differences=differences),
            FontDescriptor=pikepdf.Dictionary(FontFile=pdf.make_stream(b"")),
        )
    pdf.pages[0].Resources = pikepdf.Dictionary(Font=fonts)
    pdf.save(tmp_path / "names.pdf")
    (unmapped,) = [f for f in findings(tmp_path / "names.pdf") if f.kind == "font"]
    assert unmapped.what() == "2 fonts without Unicode mapping (CMSY7, Numbered) on page 1"


def test_check_names_a_truetype_font_whose_characters_are_named_outside_the_latin_set(
    tmp_path,
):
    """An embedded TrueType font that is not symbolic, whose encoding names its characters
    "uni0048" and the like (as some programs write "uni00A0" for a no-break space): PDF/UA-1
    takes only the names of PDF's Latin character set there, and its validator fails the
    font (js-issue6068's ArialMT). `check` names it; the same font naming its characters
    "H" and "I" is not named, and passes the validator's rule."""
    import page

    from agendapack.documents.access import findings

    program = Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf")
    rule = "PDFUA1-TRUETYPE-NONSYMBOLIC-ENCODING-001"
    for name, glyphs, named in (
        ("Unicode", ["/uni0048", "/uni0049"], True),
        ("Latin", ["/H", "/I"], False),
    ):
        pdf = pikepdf.new()
        sheet = pdf.add_blank_page(page_size=(595, 842))
        font = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.TrueType,
            BaseFont=pikepdf.Name(f"/{name}"),
            FirstChar=72,
            LastChar=73,
            Widths=[722, 278],
            Encoding=pikepdf.Dictionary(
                BaseEncoding=pikepdf.Name.WinAnsiEncoding,
                Differences=pikepdf.Array([72, *(pikepdf.Name(g) for g in glyphs)]),
            ),
            FontDescriptor=pikepdf.Dictionary(
                Type=pikepdf.Name.FontDescriptor,
                FontName=pikepdf.Name(f"/{name}"),
                Flags=32,
                FontBBox=[-203, -303, 1050, 910],
                ItalicAngle=0,
                Ascent=905,
                Descent=-212,
                CapHeight=716,
                StemV=80,
                FontFile2=pdf.make_stream(program.read_bytes()),
            ),
        )
        sheet.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        sheet.obj.Contents = pdf.make_stream(b"BT /F1 24 Tf 72 700 Td (HI) Tj ET")
        path = tmp_path / f"{name}.pdf"
        pdf.save(path)
        found = [f.what() for f in findings(path) if f.kind == "encoding"]
        failed = {f.rule_id for f in page.validate_pdf(path, profile="ua1").failures}
        if named:
            assert found == [
                f"a font whose characters are named in a way PDF/UA-1 does not accept "
                f"({name}) on page 1"
            ]
            assert rule in failed
        else:
            assert found == [] and rule not in failed
