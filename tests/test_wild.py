"""Papers as the programs councils' papers come from write them: Word (sections, odd and
even headers, images, comments; SmartArt, a chart with its workbook, first-page headers),
Acrobat PDFMaker from Excel (a tagged table over pages) and Google Sheets (untagged, Skia).
Each through `check` and `build`, read back from the pack (issue 24, "Beyond the corpus")."""

from __future__ import annotations

import base64
import io
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm
from typer.testing import CliRunner

from agendapack.cli import app
from tests.corpus import lost_words, page_texts, words
from tests.pdftools import page_count, text
from tests.processes import agendapack as _agendapack
from tests.wild_pdfs import (
    PDFMAKER_HEADER,
    PDFMAKER_SOURCE,
    SHEETS_HEADER,
    SHEETS_LINK,
    google_sheets,
    pdfmaker_rows,
    pdfmaker_table,
    sheets_rows,
)
from tests.wild_word import (
    CHART_CATEGORIES,
    CHART_SERIES,
    CHART_TITLE,
    HEADERS,
    SMARTART_STEPS,
    word_report,
)

runner = CliRunner()
# A 1x1 PNG: enough for Word to hold an image part.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _awkward_report(path) -> None:
    document = WordDocument()
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    section.header.paragraphs[0].text = "ODD-HEADER Budget report"
    section.even_page_header.paragraphs[0].text = "EVEN-HEADER Budget report"
    section.footer.paragraphs[0].text = "Report footer"
    paragraph = document.add_paragraph("WILD-BODY-TEXT: the budget in brief. " * 30)
    document.add_comment(paragraph.runs, text="A reviewer's private remark", author="Reviewer")
    document.add_picture(io.BytesIO(PNG), width=Cm(4))
    for number in range(25):
        document.add_paragraph(f"Paragraph {number}: " + "Spending and savings. " * 40)
    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = landscape.page_height, landscape.page_width
    document.add_paragraph("LANDSCAPE-SECTION table of figures")
    document.save(path)


def test_a_word_file_with_everything_in_it_builds(example_with_cache):
    root = example_with_cache
    report = root / "packs/cyp-scrutiny/2024-03-28/early-help.docx"
    _awkward_report(report)
    check = runner.invoke(app, ["check", "--workspace", str(root)])
    assert "'early-help.docx' has comments, which are left out of the pack" in check.output
    result = runner.invoke(app, ["build", "cyp-scrutiny", "2024-03-28", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    out = root / "build/cyp-scrutiny/2024-03-28"
    manifest = json.loads((out / "manifest.json").read_text())
    document = next(
        d
        for i in manifest["items"]
        for d in i["documents"]
        if d["source"].endswith("early-help.docx")
    )
    assert document["pages"] >= 3 and document["first_page"] % 2 == 1
    pack = out / "pack.pdf"
    first, pages = document["first_page"], document["pages"]
    own = "".join(text(pack, n) for n in range(first, first + pages))
    assert "WILD-BODY-TEXT" in own and "LANDSCAPE-SECTION" in own
    assert "ODD-HEADER" in own and "EVEN-HEADER" in own
    assert "private remark" not in text(pack)
    for number in range(1, page_count(pack) + 1):
        assert f"Page {number}" in text(pack, number)


# -- papers as Word, Acrobat PDFMaker and Google Sheets write them (issue 24) ------------

WILD_PROGRAMME = """
opening = []
closing = []

[[meeting]]
date = 2023-10-05

[[meeting.item]]
title = "Libraries and leisure strategy"
documents = ["strategy.docx"]

[[meeting.item]]
title = "Revenue budget monitoring"
documents = ["budget-monitoring.pdf"]

[[meeting.item]]
title = "Ward budgets"
documents = ["ward-budgets.pdf"]

[[meeting.item]]
title = "Capital budget monitoring"
documents = ["capital-monitoring.pdf"]
"""


@dataclass
class WildMeeting:
    folder: Path
    out: Path
    check: subprocess.CompletedProcess[str]
    build: subprocess.CompletedProcess[str]
    documents: dict[str, dict]  # source file name -> its manifest entry
    texts: list[str]  # the pack's pages as poppler reads them


@pytest.fixture(scope="module")
def wild(tmp_path_factory) -> WildMeeting:
    from tests.conftest import Workspace

    ws = Workspace(tmp_path_factory.mktemp("wild") / "ws")
    ws.council()
    folder = ws.folder("cyp", "2023-10-05")
    word_report(folder / "strategy.docx")
    pdfmaker_table(folder / "budget-monitoring.pdf")
    # a second workbook through PDFMaker: its classes have the first's names, not its values
    pdfmaker_table(folder / "capital-monitoring.pdf", rows=40, align="Start", class_lists=True)
    google_sheets(folder / "ward-budgets.pdf")
    ws.committee(WILD_PROGRAMME)
    check = _agendapack("check", root=ws.root)
    build = _agendapack("build", root=ws.root)
    out = ws.root / "build/cyp/2023-10-05"
    documents = {}
    if (out / "manifest.json").is_file():
        for item in json.loads((out / "manifest.json").read_text())["items"]:
            for document in item["documents"]:
                documents[Path(document["source"]).name] = document
    texts = page_texts(out / "pack.pdf") if (out / "pack.pdf").is_file() else []
    return WildMeeting(folder, out, check, build, documents, texts)


_PYTHON_WARNING = re.compile(r"^.*\b\w*Warning: .*$", re.M)


def test_check_and_build_take_the_wild_papers_without_a_python_warning(wild):
    for result in (wild.check, wild.build):
        output = result.stdout + result.stderr
        assert ": error: " not in output, output
        assert "Traceback" not in output, output
        assert _PYTHON_WARNING.findall(output) == [], output
    assert wild.build.returncode == 0, wild.build.stdout + wild.build.stderr
    assert sorted(wild.documents) == [
        "budget-monitoring.pdf",
        "capital-monitoring.pdf",
        "strategy.docx",
        "ward-budgets.pdf",
    ]


def _own(wild: WildMeeting, name: str) -> list[str]:
    document = wild.documents[name]
    first = document["first_page"]
    return wild.texts[first - 1 : first - 1 + document["pages"]]


@pytest.mark.parametrize(
    "name",
    ["strategy.docx", "budget-monitoring.pdf", "capital-monitoring.pdf", "ward-budgets.pdf"],
)
def test_each_wild_paper_is_in_the_pack_whole_and_numbered(wild, name):
    document = wild.documents[name]
    first = document["first_page"]
    assert first % 2 == 1
    own = _own(wild, name)
    for number, shown in enumerate(own, first):
        assert f"Page {number}" in shown, f"no stamp on page {number}"
    # a supplied PDF's words as poppler reads it, a Word file's as LibreOffice converted it
    source = wild.folder / name if name.endswith(".pdf") else wild.out / document["file"]
    source_pages = page_texts(source)
    assert len(source_pages) == len(own)
    for number, (supplied, packed) in enumerate(zip(source_pages, own, strict=True), 1):
        assert lost_words(words(supplied), words(packed)) == [], f"words lost on its page {number}"
    assert [n for n, text in enumerate(wild.texts, 1) if f"Page {n}" not in text] == []
    # the stamp at the bottom centre as the page is shown, whatever transform the page's
    # own content leaves behind (Skia flips its pages upside down and never flips back)
    from tests.pdftools import words as placed

    shown = placed(wild.out / "pack.pdf")
    for number in range(first, first + len(own)):
        page = shown[number - 1]
        stamp = [
            b
            for a, b in zip(page.words, page.words[1:], strict=False)
            if a.text == "Page" and b.text == str(number)
        ]
        assert stamp, number
        assert abs((stamp[-1].x_min + stamp[-1].x_max) / 2 - page.width / 2) < 40, number
        assert page.height - 40 < stamp[-1].y_max < page.height, number


def test_word_smartart_chart_and_three_kinds_of_header_reach_the_pack(wild):
    own = _own(wild, "strategy.docx")
    assert len(own) >= 4
    first, second, third = own[0], own[1], own[2]
    for step in SMARTART_STEPS:
        assert step in first  # the diagram, drawn from the layout Word cached
    everything = "\n".join(own)
    for shown in (CHART_TITLE, CHART_SERIES, *CHART_CATEGORIES):
        assert shown in everything  # the chart's title, legend and axis, as text
    header, footer = HEADERS["first"]
    assert header in first and footer in first
    assert HEADERS["even"][0] in second and HEADERS["even"][1] in second
    assert HEADERS["odd"][0] in third and HEADERS["odd"][1] in third
    assert HEADERS["first"][0] not in everything.replace(first, "")


def _roles(element) -> list[str]:
    """The structure types under an element, depth first, in order."""
    roles: list[str] = []
    stack = [element.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            roles.append(str(node.S))
            stack.append(node.get("/K"))
    return roles


def _section(pack: pikepdf.Pdf, title: str):
    (section,) = [s for s in pack.Root.StructTreeRoot.K[0].K if s.get("/T") == title]
    return section


def test_pdfmakers_tagged_table_keeps_its_structure_element_for_element(wild, tmp_path):
    source = wild.folder / "budget-monitoring.pdf"
    with pikepdf.open(source) as supplied:
        expected = _roles(supplied.Root.StructTreeRoot.K[0])
        classes = set(supplied.Root.StructTreeRoot.ClassMap.keys())
    rows = pdfmaker_rows(100)
    assert expected.count("/TR") == len(rows) + 1 and expected.count("/TH") == 5
    with pikepdf.open(wild.out / "pack.pdf") as pack:
        section = _section(pack, "Revenue budget monitoring")
        assert _roles(section) == expected  # its /Document became the /Sect
        root = pack.Root.StructTreeRoot
        assert root.RoleMap.Worksheet == pikepdf.Name.Sect
        assert classes <= set(root.ClassMap.keys())
        for element in _elements(section):
            if "/C" in element:
                assert element.C in root.ClassMap, element.C
        # each cell still on the page it was drawn on
        document = wild.documents["budget-monitoring.pdf"]
        pages = {pack.pages[document["first_page"] - 1 + n].objgen for n in range(3)}
        cells = [e for e in _elements(section) if e.S in (pikepdf.Name.TD, pikepdf.Name.TH)]
        assert len(cells) == 5 * (len(rows) + 1)
        assert all(cell.Pg.objgen in pages for cell in cells)
        # the web link under the table: its annotation, its /Link element, each the other's
        links = [
            a
            for a in pack.pages[document["first_page"] - 1].obj.get("/Annots", [])
            if a.get("/Subtype") == pikepdf.Name.Link
        ]
        (annotation,) = links
        assert str(annotation.A.URI) == PDFMAKER_SOURCE
        link = _number_tree(root.ParentTree)[int(annotation.StructParent)]
        assert str(link.S) == "/Link"
        assert [k.Obj.objgen for k in link.K if isinstance(k, pikepdf.Dictionary)] == [
            annotation.objgen
        ]
    structure = subprocess.run(
        ["pdfinfo", "-struct-text", str(wild.out / "pack.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for value in (*PDFMAKER_HEADER, *(cell for row in rows for cell in row), PDFMAKER_SOURCE):
        assert f'"{value}"' in structure, value


def _number_tree(node) -> dict[int, pikepdf.Object]:
    found = {}
    nums = node.get("/Nums", [])
    for index in range(0, len(nums), 2):
        found[int(nums[index])] = nums[index + 1]
    for kid in node.get("/Kids", []):
        found.update(_number_tree(kid))
    return found


def _classes(element, class_map) -> list[dict[str, str]]:
    """The attributes of an element's classes, as plain values."""
    names = element.get("/C")
    names = [names] if isinstance(names, pikepdf.Name) else list(names or [])
    found = []
    for name in names:
        if isinstance(name, pikepdf.Name):
            attributes = class_map[name]
            found.append({str(k): str(v) for k, v in attributes.items()})
    return found


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("budget-monitoring.pdf", "Revenue budget monitoring"),
        ("capital-monitoring.pdf", "Capital budget monitoring"),
    ],
)
def test_each_pdfmaker_papers_classes_keep_their_own_attributes(wild, name, title):
    """Two PDFMaker appendices in one meeting both name their classes /Number and /Heading,
    with different attributes: each element of each still has its own paper's."""
    with pikepdf.open(wild.folder / name) as supplied:
        source = supplied.Root.StructTreeRoot
        expected = [_classes(e, source.ClassMap) for e in _elements(source.K[0])]
    assert any(expected)
    with pikepdf.open(wild.out / "pack.pdf") as pack:
        root = pack.Root.StructTreeRoot
        found = [_classes(e, root.ClassMap) for e in _elements(_section(pack, title))]
    assert found == expected


def _elements(section):
    stack = [section.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            yield node
            stack.append(node.get("/K"))


def test_google_sheets_untagged_export_goes_in_as_tables_with_its_words(wild):
    own = "\n".join(_own(wild, "ward-budgets.pdf"))
    for value in (*SHEETS_HEADER, *(cell for row in sheets_rows(70) for cell in row)):
        assert value in own, value
    with pikepdf.open(wild.out / "pack.pdf") as pack:
        section = _section(pack, "Ward budgets")
        # tagged from its layout: a table on each page, its header row's cells as TH
        roles = _roles(section)
        assert [r for r in roles if r in ("/Table", "/Link", "/Figure")] == [
            "/Table",
            "/Link",
            "/Table",
        ]
        assert roles.count("/TH") == len(SHEETS_HEADER)
        assert roles.count("/TR") == len(sheets_rows(70)) + 1
        page = pack.pages[wild.documents["ward-budgets.pdf"]["first_page"] - 1]
        (link,) = [a for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
        assert str(link.A.URI) == SHEETS_LINK


def test_merging_the_wild_papers_adds_no_pdf_ua_failure(wild):
    import page

    def rules(path: Path) -> set[str]:
        return {f.rule_id for f in page.validate_pdf(path, profile="ua1").failures}

    sources = [
        wild.folder / "budget-monitoring.pdf",
        wild.folder / "capital-monitoring.pdf",
        wild.folder / "ward-budgets.pdf",
        wild.out / wild.documents["strategy.docx"]["file"],
        wild.out / "agenda.pdf",
    ]
    failed = set().union(*(rules(source) for source in sources))
    assert rules(wild.out / "pack.pdf") - failed == set()


def _template_with_boxes(path) -> None:
    """A report from a council's template of content controls (Developer > Controls), two
    of them never filled in: the decision date and whether it is a key decision."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = WordDocument()
    document.add_paragraph("BOXES-REPORT: Early help and prevention")
    dated = document.add_paragraph("Date of decision: ")
    dated._p.append(
        parse_xml(
            f'<w:sdt {w}><w:sdtPr><w:id w:val="101"/><w:showingPlcHdr/><w:date/></w:sdtPr>'
            '<w:sdtContent><w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>'
            "<w:t>Click or tap to enter a date.</w:t></w:r></w:sdtContent></w:sdt>"
        )
    )
    document.element.body.insert(
        2,
        parse_xml(
            f'<w:sdt {w}><w:sdtPr><w:id w:val="102"/><w:showingPlcHdr/><w:dropDownList>'
            '<w:listItem w:value="Choose an item."/><w:listItem w:displayText="Yes" '
            'w:value="Yes"/></w:dropDownList></w:sdtPr><w:sdtContent><w:p><w:r>'
            "<w:t>Choose an item.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        ),
    )
    # a box filled in: its words are the report's
    document.element.body.insert(
        3,
        parse_xml(
            f'<w:sdt {w}><w:sdtPr><w:id w:val="103"/></w:sdtPr><w:sdtContent><w:p><w:r>'
            "<w:t>Wards affected: Abbeyfield</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        ),
    )
    document.save(path)


def test_a_report_with_its_templates_boxes_left_unfilled_is_warned_of(example_with_cache):
    """Word and LibreOffice print a content control's placeholder as if it were the
    report's words: `check` names the boxes left unfilled (not the one filled in), and the
    pack shows why it must."""
    root = example_with_cache
    report = root / "packs/cyp-scrutiny/2024-03-28/early-help.docx"
    _template_with_boxes(report)
    check = runner.invoke(app, ["check", "--workspace", str(root)])
    warned = [line for line in check.output.splitlines() if "placeholder" in line]
    assert len(warned) == 1
    assert warned[0].endswith(
        "warning: 'early-help.docx' has 2 boxes still showing Word's placeholder text ('Click "
        "or tap to enter a date.', 'Choose an item.'), which the pack prints as written; fill "
        "them in or delete them in Word"
    )
    result = runner.invoke(app, ["build", "cyp-scrutiny", "2024-03-28", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    shown = " ".join(text(root / "build/cyp-scrutiny/2024-03-28/pack.pdf").split())
    assert "BOXES-REPORT" in shown and "Click or tap to enter a date." in shown
    assert "Choose an item." in shown and "Wards affected: Abbeyfield" in shown


def _report_with_references(path) -> None:
    """A report whose cross-references (Insert > Cross-reference) read two headings'
    bookmarks: one heading still there, the other deleted after the reference was made.
    Word still shows the text it last worked out for both."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = WordDocument()
    heading = document.add_heading("", level=1)
    for element in parse_xml(
        f'<w:p {w}><w:bookmarkStart w:id="7" w:name="_Ref1001"/><w:r><w:t>Financial '
        'implications</w:t></w:r><w:bookmarkEnd w:id="7"/></w:p>'
    ):
        heading._p.append(element)

    def reference(bookmark: str, shown: str) -> None:
        paragraph = document.add_paragraph("REFS-REPORT: see ")
        for element in parse_xml(
            f'<w:p {w}><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
            f'xml:space="preserve"> REF {bookmark} \\h </w:instrText></w:r><w:r><w:fldChar '
            f'w:fldCharType="separate"/></w:r><w:r><w:t>{shown}</w:t></w:r><w:r><w:fldChar '
            'w:fldCharType="end"/></w:r></w:p>'
        ):
            paragraph._p.append(element)

    reference("_Ref1001", "Financial implications")
    reference("_Ref1002", "Legal implications")
    document.save(path)


def test_a_report_with_a_cross_reference_to_a_deleted_heading_is_warned_of(example_with_cache):
    """LibreOffice works each cross-reference out again as it converts: one whose heading
    was deleted prints an error in the pack, though Word still shows the old text. `check`
    says so, once, for the one that is broken."""
    root = example_with_cache
    report = root / "packs/cyp-scrutiny/2024-03-28/early-help.docx"
    _report_with_references(report)
    check = runner.invoke(app, ["check", "--workspace", str(root)])
    warned = [line for line in check.output.splitlines() if "cross-reference" in line]
    assert len(warned) == 1
    assert warned[0].endswith(
        "warning: 'early-help.docx' has a cross-reference to a heading, figure or bookmark no "
        "longer in it, which the pack prints as 'Error: Reference source not found'; in Word, "
        "press Ctrl+A then F9 to see it, and insert it again (References > Cross-reference)"
    )
    result = runner.invoke(app, ["build", "cyp-scrutiny", "2024-03-28", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    shown = " ".join(text(root / "build/cyp-scrutiny/2024-03-28/pack.pdf").split())
    assert "REFS-REPORT: see Financial implications" in shown
    assert "REFS-REPORT: see Error: Reference source not found" in shown


def test_a_workbook_and_a_presentation_go_into_the_pack_as_their_pages(example_with_cache):
    """What a committee receives beside its reports: a budget workbook from Excel (two
    sheets) and the slides of a presentation to it. LibreOffice converts them as it converts
    the Word papers (Calc and Impress), and each goes into the pack as its printed pages."""
    import openpyxl
    from pptx import Presentation

    root = example_with_cache
    folder = root / "packs/cyp-scrutiny/2024-03-28"
    workbook = openpyxl.Workbook()
    summary = workbook.active
    summary.title = "Summary"
    summary.append(["WARD-COL", "Budget", "Spent"])
    for number, ward in enumerate(["Abbeyfield", "Brookside", "Castlegate"]):
        summary.append([ward, 1000 + number, 900 + number])
    workbook.create_sheet("Detail").append(["SECOND-SHEET"])
    workbook.save(folder / "budget.xlsx")
    slides = Presentation()
    slide = slides.slides.add_slide(slides.slide_layouts[1])
    slide.shapes.title.text = "SLIDES-TITLE Early help in numbers"
    slide.placeholders[1].text = "Referrals rose by a fifth"
    # a chart pasted as a picture, never described, beside one that is
    charts = slides.slides.add_slide(slides.slide_layouts[5])
    charts.shapes.title.text = "Referrals by month"
    bare = charts.shapes.add_picture(io.BytesIO(PNG), Cm(2), Cm(5), Cm(8), Cm(5))
    bare._element.nvPicPr.cNvPr.set("descr", "")  # python-pptx gives it its file's name
    described = charts.shapes.add_picture(io.BytesIO(PNG), Cm(12), Cm(5), Cm(8), Cm(5))
    described._element.nvPicPr.cNvPr.set("descr", "Referrals by month, from 40 to 48")
    slides.save(folder / "slides.pptx")
    programme = root / "programme/cyp-scrutiny.toml"
    listed = (
        '  { file = "early-help-strategy.pdf", '
        'title = "Appendix 1: Early Help Partnership Strategy" },\n'
    )
    assert listed in programme.read_text()
    programme.write_text(
        programme.read_text().replace(
            listed,
            listed
            + '  { file = "budget.xlsx", title = "Appendix 2: Budget" },\n'
            + '  { file = "slides.pptx", title = "Presentation" },\n',
        )
    )
    check = runner.invoke(app, ["check", "--workspace", str(root)])
    assert check.exit_code == 0, check.output
    assert "budget.xlsx" not in check.output
    # the undescribed picture is the pack's figure without alternative text: named, with
    # the page it is on (a slide a page) and what to do in PowerPoint
    assert [line for line in check.output.splitlines() if "slides.pptx" in line] == [
        "programme/cyp-scrutiny.toml:171: warning: 'slides.pptx' has a picture without "
        "alternative text on page 2: in PowerPoint, right-click each picture, choose View "
        "Alt Text and describe it (or tick Mark as decorative)"
    ]
    result = runner.invoke(app, ["build", "cyp-scrutiny", "2024-03-28", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    out = root / "build/cyp-scrutiny/2024-03-28"
    manifest = json.loads((out / "manifest.json").read_text())
    placed = {
        Path(d["source"]).name: d
        for i in manifest["items"]
        for d in i["documents"]
        if d.get("source")
    }
    pack = out / "pack.pdf"
    for name, words_in in (
        ("budget.xlsx", ["WARD-COL", "Castlegate", "SECOND-SHEET"]),
        ("slides.pptx", ["SLIDES-TITLE", "Referrals rose by a fifth", "Referrals by month"]),
    ):
        document = placed[name]
        first, pages = document["first_page"], document["pages"]
        assert first % 2 == 1
        own = [text(pack, n) for n in range(first, first + pages)]
        for word in words_in:
            assert word in " ".join(" ".join(own).split()), (name, word)
        for number, page in zip(range(first, first + pages), own, strict=True):
            assert f"Page {number}" in page
