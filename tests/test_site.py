"""The website in a real headless Chromium: every page loads, links resolve, axe passes."""

from __future__ import annotations

import html
import io
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from agendapack.cli import app
from tests.icaltools import libical_errors, read_ics
from tests.public_text import as_text

ROOT = Path(__file__).resolve().parent.parent
TITLE = 'Budget <script>alert(1)</script> & "Savings"'
runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory, built_example):
    import shutil

    from tests.conftest import copy_example

    root = copy_example(tmp_path_factory.mktemp("site") / "example")
    shutil.copytree(built_example / "build", root / "build")
    programme = root / "programme/audit-committee.toml"
    programme.write_text(
        programme.read_text().replace(
            'title = "Treasury Management Strategy 2027/28"', f"title = {json.dumps(TITLE)}"
        )
    )
    result = runner.invoke(app, ["build", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    # one edition of record, so that the crawl and axe see the published copies too
    result = runner.invoke(
        app,
        [
            "publish",
            "cyp-scrutiny",
            "2024-03-28",
            "--at",
            "2024-03-19T10:00",
            "--workspace",
            str(root),
        ],
    )
    assert result.exit_code == 0, result.output
    # and a supplementary pack of a late report, so that they see an edition after the pack
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm

    from tests.test_accessible import PNG
    from tests.test_publish import _add_late_item
    from tests.word_reports import write_rich_report

    late_report = root / "packs/cyp-scrutiny/2024-03-28/youth-justice-plan.docx"
    # with headings, lists, a table, a picture and links: its web page goes through axe too
    write_rich_report(late_report, "Youth Justice Plan 2024 to 2025")
    # and a picture without alternative text on its second page, for the accessibility page
    report = Document(str(late_report))
    report.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    report.add_picture(io.BytesIO(PNG), width=Cm(4))
    report.save(str(late_report))
    _add_late_item(
        root,
        'urgency = "The plan must reach Council on 8 April"\n'
        'documents = ["youth-justice-plan.docx"]\n',
    )
    result = runner.invoke(
        app,
        ["publish", "cyp-scrutiny", "2024-03-28", "--at", "2024-03-25T12:00"]
        + ["--workspace", str(root)],
    )
    assert result.exit_code == 0, result.output
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "agendapack",
            "serve",
            "--port",
            str(port),
            "--workspace",
            str(root),
        ],
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "index.html", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield root, base
    server.terminate()
    server.wait()


@pytest.fixture(scope="module")
def crawl(served) -> dict:
    _, base = served
    out = subprocess.run(
        ["node", str(ROOT / "tests/js/check_site.mjs"), base + "index.html"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    return json.loads(out.stdout)


def test_every_page_loads_and_every_link_resolves(crawl):
    html = [p for p in crawl["pages"] if p["type"].startswith("text/html")]
    assert len(html) >= 14  # the index, two committees, eleven meetings
    assert crawl["broken"] == []
    assert any(p["url"].endswith("/pack.pdf") for p in crawl["pages"])
    assert all(p["title"] for p in html)


def test_axe_finds_no_wcag_violations(crawl):
    assert crawl["violations"] == []


def test_the_accessibility_page_lists_every_public_paper_and_what_is_not_accessible(served, crawl):
    root, _ = served
    site = root / "build/site"
    page = html.unescape((site / "accessibility.html").read_text())
    # linked from every page's footer, crawled and passed by axe with the rest
    assert 'href="accessibility.html"' in (site / "index.html").read_text()
    assert (
        'href="../../accessibility.html"'
        in (site / "cyp-scrutiny/2024-03-28/index.html").read_text()
    )
    assert any(p["url"].endswith("/accessibility.html") for p in crawl["pages"])
    assert not [v for v in crawl["violations"] if v["url"].endswith("/accessibility.html")]
    listed = 0
    for manifest in sorted(root.glob("build/*/*/manifest.json")):
        meeting = f"{manifest.parent.parent.name}/{manifest.parent.name}"
        for item in json.loads(manifest.read_text())["items"]:
            for document in item["documents"]:
                assert f'<a href="{meeting}/{document["file"]}">{document["title"]}</a>' in page
                listed += 1
    assert listed >= 5
    late = next(
        d
        for i in json.loads((root / "build/cyp-scrutiny/2024-03-28/manifest.json").read_text())[
            "items"
        ]
        for d in i["documents"]
        if (d["source"] or "").endswith("youth-justice-plan.docx")
    )
    entry = page.split(f'<a href="cyp-scrutiny/2024-03-28/{late["file"]}">', 1)[1]
    entry = entry.split("</ul>", 1)[0]
    assert "<li>A picture without alternative text on page 2.</li>" in entry


def test_word_reports_are_web_pages_that_axe_passes(crawl):
    """Every public Word report is also a page beside its PDF (the meeting page links it,
    so the crawl reaches it and axe reads it): the example's and a late report's."""
    pages = {url.rsplit("/", 1)[1]: text for url, text in crawl["texts"].items()}
    assert "04-placement-sufficiency.html" in pages and "05-early-help.html" in pages
    late = next(text for name, text in pages.items() if name.endswith("-youth-justice-plan.html"))
    for words in ("Youth Justice Plan 2024 to 2025", "Recommendations", "Fostering", "412"):
        assert words in late
    assert "Also as a PDF" in late
    assert crawl["violations"] == []


def test_calendars_are_served_as_text_calendar(crawl):
    feeds = [p for p in crawl["pages"] if p["url"].endswith(".ics")]
    assert feeds and all(p["type"] == "text/calendar; charset=utf-8" for p in feeds)


def test_a_hostile_title_is_shown_as_text_everywhere(served, crawl):
    root, _ = served
    # no page has a script element but the search page, whose one script is the site's own
    assert crawl["scripts"] == ['<script type="module" src="search.js"></script>']
    meeting = next(
        text
        for url, text in crawl["texts"].items()
        if url.endswith("audit-committee/2027-01-27/index.html")
    )
    assert TITLE in meeting
    programme = next(
        text for url, text in crawl["texts"].items() if url.endswith("audit-committee/index.html")
    )
    assert TITLE in programme
    for page in (root / "build/site").rglob("*.html"):
        assert page.name == "search.html" or "<script" not in page.read_text()
    escaped = "Budget &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Savings&#34;"
    assert escaped in (root / "build/site/audit-committee/2027-01-27/index.html").read_text()
    for feed in (root / "build/calendars/audit-committee.ics", root / "build/calendars/all.ics"):
        events = read_ics(feed)["events"]
        descriptions = [e["description"] for e in events if "2027-01-27" in e["uid"]]
        assert descriptions and TITLE in descriptions[0], feed


def test_meeting_pages_link_the_papers_and_calendars(served):
    root, _ = served
    page = (root / "build/site/cyp-scrutiny/2024-03-28/index.html").read_text()
    # after a supplement, the pack built now is every paper in one file, beside the editions
    assert "All the papers in one file, late and revised ones included, 2" in page
    assert "pages, PDF," in page
    assert 'href="published/pack.pdf"' in page and 'href="published/supplement-1.pdf"' in page
    assert 'href="meeting.ics"' in page
    assert (
        "https://calendar.google.com/calendar/r?cid=https%3A%2F%2Fdemocracy.example.gov.uk"
        "%2Fcalendars%2Fcyp-scrutiny.ics"
    ) in page
    committee = (root / "build/site/cyp-scrutiny/index.html").read_text()
    assert 'href="webcal://democracy.example.gov.uk/calendars/cyp-scrutiny.ics"' in committee
    assert 'href="https://democracy.example.gov.uk/calendars/cyp-scrutiny.ics"' in committee
    assert "Cancelled" in committee


def test_nothing_exempt_is_published(served):
    root, _ = served
    site = root / "build/site"
    assert not list(site.rglob("*exempt*")) and not list(site.rglob("*provider*"))
    for path in site.rglob("*"):
        if path.is_file():
            seen = as_text(path)
            assert "EXEMPT-MARKER" not in seen and "provider-costs" not in seen, path
            assert "Provider costs" not in seen, path


def test_the_site_is_the_same_when_built_again(served, monkeypatch):
    root, _ = served
    site = root / "build/site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    result = runner.invoke(app, ["site", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_officers_page_links_the_deadlines_feed(served, crawl):
    root, _ = served
    index = (root / "build/site/index.html").read_text()
    assert 'href="officers.html"' in index
    page = html.unescape((root / "build/site/officers.html").read_text())
    assert 'href="webcal://democracy.example.gov.uk/calendars/deadlines.ics"' in page
    assert 'href="https://democracy.example.gov.uk/calendars/deadlines.ics"' in page
    assert (
        "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fdemocracy.example.gov.uk"
        "%2Fcalendars%2Fdeadlines.ics&name=Nottingham%20City%20Council%20deadlines"
    ) in page
    seen = next(t for url, t in crawl["texts"].items() if url.endswith("/officers.html"))
    assert "Reports due" in seen and "Publish pack by" in seen
    assert any(p["url"].endswith("/officers.html") for p in crawl["pages"])


def test_committee_pages_offer_outlook_and_microsoft_365(served):
    root, _ = served
    page = html.unescape((root / "build/site/cyp-scrutiny/index.html").read_text())
    feed = "https%3A%2F%2Fdemocracy.example.gov.uk%2Fcalendars%2Fcyp-scrutiny.ics"
    name = "Children%20and%20Young%20People%20Scrutiny%20Committee"
    for host in ("outlook.live.com", "outlook.office.com"):
        assert f"https://{host}/calendar/0/addfromweb?url={feed}&name={name}" in page


def test_a_meeting_can_be_added_to_google_alone(served):
    root, _ = served
    page = html.unescape((root / "build/site/cyp-scrutiny/2024-03-28/index.html").read_text())
    link = next(
        part.split('"')[0]
        for part in page.split('href="')
        if part.startswith("https://calendar.google.com/calendar/render?")
    )
    query = parse_qs(urlsplit(link).query)
    assert query["action"] == ["TEMPLATE"]
    assert query["dates"] == ["20240328T093000Z/20240328T120000Z"]  # 9.30 am GMT, 2h30m
    assert query["text"] == ["Children and Young People Scrutiny Committee"]
    assert query["location"][0].startswith("Ground Floor Committee Room")
    for host in ("outlook.live.com", "outlook.office.com"):
        assert f"https://{host}/calendar/0/addfromweb?url=" in page


def test_a_cancelled_meeting_offers_nothing_to_add(served):
    root, _ = served
    folder = root / "build/site/cyp-scrutiny/2024-04-05"
    page = (folder / "index.html").read_text()
    assert "This meeting is cancelled." in page
    assert "meeting.ics" not in page and "calendar/render" not in page
    assert not (folder / "meeting.ics").exists()


def test_a_moved_meeting_s_old_page_points_to_the_new_date(served, crawl):
    root, _ = served
    old = root / "build/site/audit-committee/2026-11-25/index.html"
    text = html.unescape(old.read_text())
    assert "This meeting has moved to Wednesday, 2 December 2026" in text
    assert 'href="../2026-12-02/index.html"' in text
    new = (root / "build/site/audit-committee/2026-12-02/index.html").read_text()
    assert 'href="../2026-11-25/index.html"' in new
    assert any(p["url"].endswith("audit-committee/2026-11-25/index.html") for p in crawl["pages"])


def test_a_provisional_meeting_says_so(served):
    root, _ = served
    page = (root / "build/site/audit-committee/2027-01-27/index.html").read_text()
    assert "This date is provisional." in page
    committee = (root / "build/site/audit-committee/index.html").read_text()
    assert "Provisional date" in committee


def test_libical_reads_every_meeting_s_own_calendar_file(served):
    root, _ = served
    files = sorted((root / "build/site").rglob("meeting.ics"))
    assert len(files) == 10  # every meeting but the cancelled one
    assert libical_errors(*files) == []
    feeds = {e["uid"]: e for e in read_ics(root / "build/calendars/all.ics")["events"]}
    for file in files:
        (event,) = read_ics(file)["events"]
        assert event == feeds[event["uid"]]  # the same SEQUENCE and times as in the feeds


def test_the_feeds_attach_the_pack_as_published(served):
    root, _ = served
    events = {e["uid"]: e for e in read_ics(root / "build/calendars/cyp-scrutiny.ics")["events"]}
    event = events["cyp-scrutiny-2024-03-28@democracy.example.gov.uk"]
    page = "https://democracy.example.gov.uk/cyp-scrutiny/2024-03-28/"
    assert event["attach"] == [
        f"{page}agenda.pdf",
        f"{page}published/pack.pdf",
        f"{page}published/supplement-1.pdf",
    ]
    assert (
        f"Supplementary agenda 1, as published: {page}published/supplement-1.pdf"
        in event["description"]
    )
    assert f"Public document pack, as published: {page}published/pack.pdf" in event["description"]
    assert event["sequence"] >= 1  # the link changed on publication: an update subscribers see
    assert (root / "build/site/cyp-scrutiny/2024-03-28/published/pack.pdf").is_file()


def test_a_manifest_that_is_not_an_edition_s_is_a_meeting_not_yet_built(example):
    """One reader of manifest.json for the site and the feeds: a file that holds JSON but
    not a manifest (`[]`, a string) shows the meeting as not yet built, never a traceback."""
    from agendapack.cli import app

    edition = example / "build/cyp-scrutiny/2024-03-28"
    edition.mkdir(parents=True)
    for body in ("[]", '"pack"', "{}"):
        (edition / "manifest.json").write_text(body, encoding="utf-8")
        result = CliRunner().invoke(app, ["site", "--workspace", str(example)])
        assert result.exit_code == 0, result.output
        page = (example / "build/site/cyp-scrutiny/2024-03-28/index.html").read_text("utf-8")
        assert "pack.pdf" not in page
