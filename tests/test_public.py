"""Nothing exempt reaches anything public: a marker in every exempt field, searched for
as text in every public output of a real build."""

from __future__ import annotations

import pytest
from docx import Document as WordDocument
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.pdf.opening import FONT_NAME, standard_font, text_stream
from tests.pdftools import text
from tests.public_text import PAGEFIND, as_text, public_files

runner = CliRunner()

# One marker per exempt field; each is searched for, case-insensitively, everywhere public.
EXEMPT_MARKERS = {
    "item subtitle": "Qxsubtitle",
    "item purpose": "Qxpurpose",
    "exempt item's document title": "Qxdoctitle",
    "exempt item's file name": "qxitemfile",
    "exempt item's document text": "Qxitemtext",
    "exempt item's Word author": "Qxauthor",
    "exempt appendix title (PDF)": "Qxapptitle",
    "exempt appendix file name (PDF)": "qxappfile",
    "exempt appendix text (PDF)": "Qxapptext",
    "exempt appendix title (Word)": "Qxwordtitle",
    "exempt appendix file name (Word)": "qxwordfile",
    "exempt appendix text (Word)": "Qxwordtext",
    "exempt item's workbook title": "Qxsheettitle",
    "exempt item's workbook file name": "qxsheetfile",
    "exempt item's workbook text": "Qxsheettext",
    # papers late after publication, in a supplementary pack
    "late exempt item's subtitle": "Qxlatesubtitle",
    "late exempt item's purpose": "Qxlatepurpose",
    "late exempt item's reason for urgency": "Qxlateurgency",
    "late exempt item's document title": "Qxlatedoctitle",
    "late exempt item's file name": "qxlatefile",
    "late exempt item's document text": "Qxlatetext",
    "late exempt appendix title": "Qxlateapptitle",
    "late exempt appendix file name": "qxlateappfile",
    "late exempt appendix text": "Qxlateapptext",
    "revised exempt appendix text": "Qxrevisedtext",
}
IN_EXEMPT_PACK = [
    "Qxsubtitle",
    "Qxpurpose",
    "Qxdoctitle",
    "Qxitemtext",
    "Qxapptitle",
    "Qxapptext",
    "Qxwordtitle",
    "Qxwordtext",
    "Qxsheettitle",
    "Qxsheettext",
]


def _word(path, body: str, author: str = "Damon Stanton") -> None:
    document = WordDocument()
    document.core_properties.author = author
    document.core_properties.title = body
    document.add_heading(body.split(".")[0], level=1)
    document.add_paragraph(body)
    document.save(path)


def _workbook(path, cell: str) -> None:
    """An Excel workbook of prices, converted by LibreOffice Calc as Word files are."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Bed", cell])
    workbook.properties.creator = "Qxauthor"
    workbook.properties.title = cell
    workbook.save(path)


def _pdf(path, line: str) -> None:
    writer = PdfWriter()
    font = writer._add_object(standard_font())
    page = writer.add_blank_page(595, 842)
    stream = DecodedStreamObject()
    stream.set_data(text_stream([(72, 700, 12, line)]))
    page[NameObject("/Contents")] = writer._add_object(stream)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject(FONT_NAME): font})}
    )
    writer.add_metadata({"/Title": line, "/Author": line})
    with path.open("wb") as handle:
        writer.write(handle)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import Workspace

    ws = Workspace(tmp_path_factory.mktemp("leak") / "ws")
    ws.council()
    ws.committee(
        """\
        [officer]
        name = "Damon Stanton"
        email = "damon.stanton@example.gov.uk"

        [[meeting]]
        date = 2024-03-28

        [[meeting.item]]
        title = "Children in Care Placement Sufficiency"
        subtitle = "Report of the Statutory Scrutiny Officer"
        purpose = "To scrutinise arrangements for sufficient care placements"
        documents = [
          "placement-sufficiency.docx",
          { file = "qxappfile-costs.pdf", title = "Appendix 2: Qxapptitle", exempt = 3 },
          { file = "qxwordfile-terms.docx", title = "Appendix 3: Qxwordtitle", exempt = 3 },
        ]

        [[meeting.item]]
        title = "Residential provider contract"
        subtitle = "Report of the Director, Qxsubtitle"
        purpose = "To agree terms with Qxpurpose Holdings Ltd"
        exempt = 3
        documents = [
          { file = "qxitemfile-contract.docx", title = "Qxdoctitle contract" },
          { file = "qxsheetfile-prices.xlsx", title = "Qxsheettitle prices" },
        ]
        """
    )
    folder = ws.folder("cyp", "2024-03-28")
    _word(folder / "placement-sufficiency.docx", "Placement sufficiency. Public text.")
    _pdf(folder / "qxappfile-costs.pdf", "Provider costs: Qxapptext")
    _word(folder / "qxwordfile-terms.docx", "Terms. Qxwordtext", author="Qxauthor")
    _word(folder / "qxitemfile-contract.docx", "Contract. Qxitemtext", author="Qxauthor")
    _workbook(folder / "qxsheetfile-prices.xlsx", "Qxsheettext")
    result = runner.invoke(app, ["build", "--workspace", str(ws.root)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["programme", "cyp", "--workspace", str(ws.root)])
    assert result.exit_code == 0, result.output
    # the edition of record, its copy on the site and the Atom feeds are public too
    result = runner.invoke(
        app,
        ["publish", "cyp", "2024-03-28", "--at", "2024-03-19T10:00", "--workspace", str(ws.root)],
    )
    assert result.exit_code == 0, result.output
    return ws.root


@pytest.fixture(scope="module")
def supplemented(built, tmp_path_factory):
    """The same workspace after late papers, exempt ones among them, went out as
    supplementary pack 1, with supplementary pack 2 (a revised exempt appendix) drafted."""
    import shutil

    root = tmp_path_factory.mktemp("late") / "ws"
    shutil.copytree(built, root, symlinks=True)
    folder = root / "packs/cyp/2024-03-28"
    programme = root / "programme/cyp.toml"
    source = programme.read_text()
    public_appendix = (
        '{ file = "qxwordfile-terms.docx", title = "Appendix 3: Qxwordtitle", exempt = 3 },'
    )
    assert public_appendix in source
    programme.write_text(
        source.replace(
            public_appendix,
            public_appendix
            + '\n  { file = "qxlateappfile-rates.docx", title = "Appendix 4: Qxlateapptitle", '
            "exempt = 3 },",
        )
        + """
[[meeting.item]]
title = "Youth Justice Plan"
urgency = "The plan must reach Council on 8 April"
documents = ["youth-justice-plan.docx"]

[[meeting.item]]
title = "Agency staffing contract"
subtitle = "Report of the Director, Qxlatesubtitle"
purpose = "To agree a contract with Qxlatepurpose Ltd"
urgency = "The tender closes on 2 April, Qxlateurgency"
exempt = 3
documents = [{ file = "qxlatefile-agency.docx", title = "Qxlatedoctitle award" }]
"""
    )
    _word(folder / "youth-justice-plan.docx", "Youth Justice Plan. Public text.")
    _word(folder / "qxlateappfile-rates.docx", "Rates. Qxlateapptext", author="Qxauthor")
    _word(folder / "qxlatefile-agency.docx", "Award. Qxlatetext", author="Qxauthor")
    result = runner.invoke(
        app,
        ["publish", "cyp", "2024-03-28", "--at", "2024-03-25T10:00", "--workspace", str(root)],
    )
    assert result.exit_code == 0, result.output
    # ... and an exempt appendix revised since, drafted as supplementary pack 2
    _word(folder / "qxlateappfile-rates.docx", "Rates. Qxrevisedtext", author="Qxauthor")
    result = runner.invoke(app, ["build", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    return root


def test_no_exempt_field_reaches_any_public_output(built):
    files = public_files(built)
    names = {p.relative_to(built).as_posix().removeprefix("build/") for p in files}
    # every kind of public writer is searched
    for expected in (
        "cyp/2024-03-28/pack.pdf",
        "cyp/2024-03-28/agenda.pdf",
        "cyp/2024-03-28/agenda.docx",
        "cyp/2024-03-28/manifest.json",
        "cyp/work-programme.docx",
        "cyp/work-programme.pdf",
        "calendars/cyp.ics",
        "calendars/all.ics",
        "site/index.html",
        "site/cyp/index.html",
        "site/cyp/2024-03-28/index.html",
        "site/cyp/2024-03-28/meeting.ics",
        "site/cyp/2024-03-28/pack.pdf",
        "site/cyp/2024-03-28/published/pack.pdf",
        "site/feed.atom",
        "site/cyp/feed.atom",
        "published/cyp/2024-03-28/pack.pdf",
        "published/cyp/2024-03-28/record.json",
    ):
        assert expected in names, f"{expected} was not built"
    assert any(n.startswith("cyp/2024-03-28/documents/") for n in names)
    # the accessibility page, the open data and the search index are searched too
    assert "site/accessibility.html" in names
    assert any(n.startswith("site/oparl/") and n.endswith(".json") for n in names)
    assert any(n.startswith("site/pagefind/") and n.endswith(PAGEFIND) for n in names)
    # the public Word report as a web page, and no other paper
    reports = [n for n in names if n.startswith("site/cyp/2024-03-28/") and n.endswith(".html")]
    assert [n.rsplit("-", 1)[-1] for n in reports if not n.endswith("/index.html")] == [
        "sufficiency.html"
    ]
    leaks = _leaks(built, files)
    assert not leaks, "\n".join(leaks)


def test_no_exempt_field_of_a_late_paper_reaches_any_public_output(supplemented):
    files = public_files(supplemented)
    names = {p.relative_to(supplemented).as_posix().removeprefix("build/") for p in files}
    for expected in (
        "published/cyp/2024-03-28/supplement-1.pdf",
        "site/cyp/2024-03-28/published/supplement-1.pdf",
        "cyp/2024-03-28/supplement-2.pdf",
        "published/cyp/2024-03-28/record.json",
        "published/calendars/state.json",
    ):
        assert expected in names, f"{expected} was not built"
    leaks = _leaks(supplemented, files)
    assert not leaks, "\n".join(leaks)
    exempt = text(supplemented / "published/cyp/2024-03-28/exempt-supplement-1.pdf").lower()
    assert "qxlatetext" in exempt and "qxlateurgency" in exempt  # the members have them


def _leaks(root, files) -> list[str]:
    leaks = []
    for path in files:
        seen = (path.relative_to(root).as_posix() + "\n" + as_text(path)).lower()
        leaks += [
            f"{path.relative_to(root)}: {field}"
            for field, marker in EXEMPT_MARKERS.items()
            if marker.lower() in seen
        ]
    return leaks


def test_the_exempt_pack_has_what_the_public_pack_leaves_out(built):
    exempt = text(built / "build/cyp/2024-03-28/exempt-pack.pdf").lower()
    missing = [m for m in IN_EXEMPT_PACK if m.lower() not in exempt]
    assert not missing


def test_the_public_sees_the_exempt_item_as_number_title_and_paragraph(built):
    front = " ".join(text(built / "build/cyp/2024-03-28/agenda.pdf").split())
    assert "Residential provider contract" in front
    assert "Exempt: paragraph 3 of Part 1 of Schedule 12A" in front
    assert "This item has 2 exempt appendices (paragraph 3" in front
    page = as_text(built / "build/site/cyp/2024-03-28/index.html")
    assert "Residential provider contract" in page
    assert "Exempt: paragraph 3 of Part 1 of Schedule 12A" in page


def test_the_site_holds_no_private_record(built):
    site = built / "build" / "site"
    assert not [p for p in site.rglob(".*")]
