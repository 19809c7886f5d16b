"""The website in a real headless Chromium: every page loads, links resolve, axe passes."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agendapack.cli import app
from tests.icaltools import read_ics
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

    from tests.test_publish import _add_late_item

    report = Document()
    report.add_paragraph("Youth Justice Plan 2024 to 2025")
    report.save(str(root / "packs/cyp-scrutiny/2024-03-28/youth-justice-plan.docx"))
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


def test_calendars_are_served_as_text_calendar(crawl):
    feeds = [p for p in crawl["pages"] if p["url"].endswith(".ics")]
    assert feeds and all(p["type"] == "text/calendar; charset=utf-8" for p in feeds)


def test_a_hostile_title_is_shown_as_text_everywhere(served, crawl):
    root, _ = served
    assert crawl["scripts"] == []  # no page has a script element at all
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
        assert "<script" not in page.read_text()
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
