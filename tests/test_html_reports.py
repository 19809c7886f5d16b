"""Every public Word report is also a web page beside its PDF (issue 26, part 6): its text,
headings, lists, tables with header rows, pictures with their alternative text and links
kept; nothing hidden, nothing exempt; the same bytes every time; a report mammoth cannot
read still goes into the pack, offered as a PDF alone with a warning."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.documents.word_html import NO_DESCRIPTION, ReportError, convert
from tests.word_reports import ALT, HIDDEN, LINK, write_rich_report

runner = CliRunner()
PAGE = "build/site/cyp/2024-03-28/04-placement-sufficiency.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import Workspace
    from tests.test_public import _word

    ws = Workspace(tmp_path_factory.mktemp("html") / "ws")
    ws.council()
    ws.committee(
        """\
        [[meeting]]
        date = 2024-03-28

        [[meeting.item]]
        title = "Children in Care Placement Sufficiency"
        documents = [
          "placement-sufficiency.docx",
          { file = "qxwordfile-terms.docx", title = "Appendix 3: Qxwordtitle", exempt = 3 },
        ]

        [[meeting.item]]
        title = "Residential provider contract"
        exempt = 3
        documents = [{ file = "qxitemfile-contract.docx", title = "Qxdoctitle contract" }]
        """
    )
    folder = ws.folder("cyp", "2024-03-28")
    write_rich_report(folder / "placement-sufficiency.docx")
    _word(folder / "qxwordfile-terms.docx", "Terms. Qxwordtext", author="Qxauthor")
    _word(folder / "qxitemfile-contract.docx", "Contract. Qxitemtext", author="Qxauthor")
    result = runner.invoke(app, ["build", "--workspace", str(ws.root)])
    assert result.exit_code == 0, result.output
    return ws.root


def test_the_report_s_page_keeps_its_text_headings_lists_tables_pictures_and_links(built):
    page = (built / PAGE).read_text(encoding="utf-8")
    assert "<h1>Children in Care Placement Sufficiency</h1>" in page
    # the report's own headings sit below the page's title
    assert "<h2>Placement sufficiency strategy</h2>" in page
    assert "<h3>Recommendations</h3>" in page and "<h3>Background</h3>" in page
    assert re.search(r"<ol><li>Note the strategy</li><li>Ask for a progress", page)
    assert re.search(r"<ul><li>More children in care</li>", page)
    assert '<thead><tr><th scope="col"><p>Placement type</p></th>' in page
    assert "<td><p>412</p></td>" in page
    assert f'<img alt="{html.escape(ALT)}" src="data:image/png;base64,' in page
    assert f'<a href="{LINK}">on GOV.UK</a>' in page
    assert "This report sets out how the Council secures enough homes." in page
    # the site's own page: its style, its header and a link to the PDF
    assert 'href="../../style.css"' in page and '<main id="main">' in page
    assert 'href="documents/04-placement-sufficiency.pdf"' in page


def test_what_the_printed_page_does_not_show_stays_out(built):
    page = (built / PAGE).read_text(encoding="utf-8")
    assert HIDDEN not in page
    assert "Qxauthorname" not in page
    # a link to a file on the author's disk becomes its words
    assert "file:" not in page and "S:/" not in page and "See the draft" in page


def test_the_meeting_page_links_the_report_s_page_beside_its_pdf(built):
    page = (built / "build/site/cyp/2024-03-28/index.html").read_text(encoding="utf-8")
    assert (
        '<a href="04-placement-sufficiency.html">Children in Care Placement Sufficiency, '
        'web page (HTML)</a>; <a href="documents/04-placement-sufficiency.pdf">'
    ) in page


def test_no_exempt_paper_is_made_a_page(built):
    site = built / "build/site"
    pages = sorted(p.name for p in (site / "cyp/2024-03-28").glob("*.html"))
    assert pages == ["04-placement-sufficiency.html", "index.html"]
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8").lower()
        for marker in ("qxword", "qxitem", "qxdoctitle", "qxauthor"):
            assert marker not in text, (path, marker)
    # nor converted into the cache: only the public report was read
    assert len(list((built / "build/.cache/html").iterdir())) == 1


def test_the_build_makes_the_report_s_page_body_while_libreoffice_converts(built):
    """Made before the pack is collated, so that the site, after the packs, finds it made."""
    (fragment,) = (built / "build/.cache/html").iterdir()
    pack = built / "build/cyp/2024-03-28/pack.pdf"
    assert fragment.stat().st_mtime_ns < pack.stat().st_mtime_ns
    assert fragment.read_text(encoding="utf-8").strip() in (built / PAGE).read_text("utf-8")


def test_the_pages_are_the_same_bytes_when_made_again(built, tmp_path):
    before = (built / PAGE).read_bytes()
    again = tmp_path / "again"
    shutil.copytree(built, again, symlinks=True)
    shutil.rmtree(again / "build/.cache/html")
    result = runner.invoke(app, ["site", "--workspace", str(again)])
    assert result.exit_code == 0, result.output
    assert (again / PAGE).read_bytes() == before
    # and from the cache
    result = runner.invoke(app, ["site", "--workspace", str(again)])
    assert result.exit_code == 0, result.output
    assert (again / PAGE).read_bytes() == before


def test_a_report_mammoth_cannot_read_is_offered_as_a_pdf_alone(built, tmp_path, monkeypatch):
    import mammoth

    def choke(*args, **kwargs):
        raise KeyError("word/document.xml")

    monkeypatch.setattr(mammoth, "convert_to_html", choke)
    root = tmp_path / "choked"
    shutil.copytree(built, root, symlinks=True)
    shutil.rmtree(root / "build")
    result = runner.invoke(app, ["build", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert (root / "build/cyp/2024-03-28/pack.pdf").is_file()
    assert not (root / PAGE).exists()
    page = (root / "build/site/cyp/2024-03-28/index.html").read_text(encoding="utf-8")
    assert "documents/04-placement-sufficiency.pdf" in page
    assert "04-placement-sufficiency.html" not in page
    warning = [line for line in result.output.splitlines() if "web page" in line]
    assert warning == [
        "packs/cyp/2024-03-28/placement-sufficiency.docx: warning: no web page of it on the "
        "site, only the PDF: it is not a Word file mammoth can read (KeyError: "
        "'word/document.xml')"
    ]


def test_bad_input_is_one_line_never_a_traceback():
    with pytest.raises(ReportError) as raised:
        convert(b"this is not a Word file")
    assert "\n" not in str(raised.value) and str(raised.value).startswith("it is not a Word file")


def test_a_picture_without_alternative_text_says_so():
    import io

    from docx import Document

    from tests.word_reports import png

    document = Document()
    document.add_picture(io.BytesIO(png()))
    data = io.BytesIO()
    document.save(data)
    assert f'alt="{NO_DESCRIPTION}"' in convert(data.getvalue())


def test_the_quick_xml_reader_makes_the_same_html_as_mammoth_s_own(monkeypatch, tmp_path):
    """word_html.parse_xml (lxml) stands in for mammoth's minidom reader: the same HTML on
    every Word file of the corpus, the example's and the rich report."""
    from mammoth.docx import office_xml, xmlparser

    from agendapack.documents import word_html

    root = Path(__file__).resolve().parent.parent
    corpus = sorted((root.parent / "shared/corpus/docx").glob("*.docx"))
    # the third-party corpus when it is beside the repository, as in CI
    assert len(corpus) > 10 or not (root.parent / "shared/corpus").is_dir()
    files = corpus + sorted((root / "packs").rglob("*.docx"))
    write_rich_report(tmp_path / "rich.docx")
    files.append(tmp_path / "rich.docx")
    assert len(files) >= 7
    for path in files:
        data = path.read_bytes()
        monkeypatch.setattr(
            word_html,
            "_read_xml_quickly",
            lambda: setattr(office_xml, "parse_xml", xmlparser.parse_xml),
        )
        theirs = convert(data)
        monkeypatch.undo()
        assert convert(data) == theirs, path.name
