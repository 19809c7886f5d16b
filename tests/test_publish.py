"""Publication: the edition of record in published/, never rewritten, through the real CLI
and the real LibreOffice."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agendapack.cli import app
from tests.pdftools import page_count

runner = CliRunner()
MEETING = ("cyp-scrutiny", "2024-03-28")
PUBLISHED = "published/cyp-scrutiny/2024-03-28"


def _run(root: Path, *args: str):
    return runner.invoke(app, [*args, "--workspace", str(root)])


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def published(example_with_cache) -> Path:
    result = _run(example_with_cache, "publish", *MEETING, "--at", "2024-03-19T10:00")
    assert result.exit_code == 0, result.output
    return example_with_cache


def test_publish_keeps_the_pack_and_records_it_on_time(published):
    folder = published / PUBLISHED
    record = json.loads((folder / "record.json").read_text())
    (edition,) = record["editions"]
    pack = folder / "pack.pdf"
    assert edition["kind"] == "pack" and edition["file"] == "pack.pdf"
    assert edition["published_at"] == "2024-03-19T10:00:00+00:00"
    assert edition["on_time"] is True  # publish-by is Wednesday 20 March
    assert edition["sha256"] == _sha(pack)
    assert edition["pages"] == edition["last_page"] == page_count(pack)
    assert edition["first_page"] == 1
    manifest = json.loads((published / "build/cyp-scrutiny/2024-03-28/manifest.json").read_text())
    assert edition["items"] == [i["number"] for i in manifest["items"]]
    assert pack.read_bytes() == (published / "build/cyp-scrutiny/2024-03-28/pack.pdf").read_bytes()
    assert edition["exempt_sha256"] == _sha(folder / "exempt-pack.pdf")
    assert sorted(p.name for p in folder.iterdir()) == [
        "exempt-pack.pdf",
        "exempt-record.json",
        "pack.pdf",
        "record.json",
    ]
    assert not list(folder.parent.glob(".*"))  # no staging folder left beside it


def test_publishing_nothing_new_is_refused_and_changes_nothing(published):
    folder = published / PUBLISHED
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()}
    again = _run(published, "publish", *MEETING, "--at", "2024-03-19T11:00")
    assert again.exit_code == 1
    assert again.output.strip().splitlines()[-1] == (
        f"{PUBLISHED}/: error: nothing new to publish: nothing is late or revised since "
        "the pack published on 2024-03-19T10:00:00+00:00"
    )
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()} == before


def test_a_build_after_publication_never_touches_published(published):
    folder = published / PUBLISHED
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    programme = published / "programme/cyp-scrutiny.toml"
    text = programme.read_text()
    after = text.index('title = "Review of the Early Help Strategy"')
    start = text.index("purpose = ", after)
    end = text.index("\n", start)
    programme.write_text(text[:start] + 'purpose = "To review the strategy, revised"' + text[end:])
    built = _run(published, "build", *MEETING)
    assert built.exit_code == 0, built.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    refused = _run(published, "publish", *MEETING)
    assert refused.exit_code == 1
    assert "nothing new to publish" in refused.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_late_pack_is_recorded_as_late(example_with_cache):
    result = _run(example_with_cache, "publish", *MEETING, "--at", "2024-03-21T09:00:00+00:00")
    assert result.exit_code == 0, result.output
    assert "LATE (publish by 2024-03-20)" in result.output
    record = json.loads((example_with_cache / PUBLISHED / "record.json").read_text())
    assert record["editions"][0]["on_time"] is False


def test_a_published_file_edited_by_hand_fails_check(published):
    pack = published / PUBLISHED / "pack.pdf"
    pack.write_bytes(pack.read_bytes() + b"\n% edited\n")
    result = _run(published, "check")
    assert result.exit_code == 1
    assert (
        f"{PUBLISHED}/pack.pdf: error: it is not the pack published on "
        "2024-03-19T10:00:00+00:00 (its SHA-256 differs from record.json's): a published file "
        "is never changed; restore it from version control (git checkout) or your archive, "
        "and publish changes as a supplementary pack"
    ) in result.output
    (published / PUBLISHED / "exempt-pack.pdf").unlink()
    result = _run(published, "check")
    assert f"{PUBLISHED}/exempt-pack.pdf: error: the pack published on " in result.output


def test_a_damaged_record_is_one_line_and_stops_publishing(published):
    (published / PUBLISHED / "record.json").write_text("{not json")
    for verb in (["check"], ["publish", *MEETING]):
        result = _run(published, *verb)
        assert result.exit_code == 1
        lines = [line for line in result.output.splitlines() if "record.json" in line]
        assert lines and lines[0].startswith(
            f"{PUBLISHED}/record.json: error: the record of publication cannot be read"
        ), result.output
        assert "Traceback" not in result.output


def test_a_moment_that_is_not_one_is_a_clear_error(example_with_cache):
    result = _run(example_with_cache, "publish", *MEETING, "--at", "next Tuesday")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: --at 'next Tuesday' is not a date and time; write it as 2024-03-19T10:00"
    )
    assert not (example_with_cache / "published").exists()


def test_status_fails_when_the_publish_by_date_has_passed_unpublished(example_with_cache):
    late = _run(example_with_cache, "status", "audit-committee", "--today", "2026-11-25")
    assert late.exit_code == 1
    assert (
        "error: audit-committee 2026-12-02: the pack was due to be published by 2026-11-24 "
        "and has not been; run `agendapack publish audit-committee 2026-12-02`"
    ) in late.output
    done = _run(
        example_with_cache, "publish", "audit-committee", "2026-12-02", "--at", "2026-11-24T09:00"
    )
    assert done.exit_code == 0, done.output
    now = _run(example_with_cache, "status", "audit-committee", "--today", "2026-11-25")
    assert now.exit_code == 0, now.output
    assert "published 2026-11-24T09:00:00+00:00, on time" in now.output
    rows = json.loads(
        _run(
            example_with_cache, "deadlines", "audit-committee", "--json", "--today", "2026-11-25"
        ).output
    )
    assert rows[0]["publication"] == "on time"


def test_the_atom_feeds_list_every_edition_newest_first(published):
    import feedparser

    audit = _run(published, "publish", "audit-committee", "2026-12-02", "--at", "2026-11-24T09:00")
    assert audit.exit_code == 0, audit.output
    site = published / "build/site"
    everything = feedparser.parse((site / "feed.atom").read_bytes())
    assert everything.bozo == 0, everything.get("bozo_exception")
    assert [e.title for e in everything.entries] == [
        "Agenda: Audit Committee, 2 December 2026",
        "Agenda: Children and Young People Scrutiny Committee, 28 March 2024",
    ]
    assert everything.entries[1].updated == "2024-03-19T10:00:00Z"
    cyp = feedparser.parse((site / "cyp-scrutiny/feed.atom").read_bytes())
    assert cyp.bozo == 0 and [e.title for e in cyp.entries] == [everything.entries[1].title]
    (entry,) = cyp.entries
    assert entry.id == "tag:democracy.example.gov.uk,2024:cyp-scrutiny/2024-03-28/pack-0"
    enclosure = next(link for link in entry.links if link.rel == "enclosure")
    assert enclosure.href.endswith("/cyp-scrutiny/2024-03-28/published/pack.pdf")
    published_copy = site / "cyp-scrutiny/2024-03-28/published/pack.pdf"
    assert published_copy.read_bytes() == (published / PUBLISHED / "pack.pdf").read_bytes()
    assert not list(site.rglob("*exempt*"))
    # a rebuild changes nothing of the feeds
    before = (site / "feed.atom").read_bytes()
    assert _run(published, "build", "--force").exit_code == 0
    assert (site / "feed.atom").read_bytes() == before


def test_the_meeting_page_says_when_the_pack_was_published(published):
    import html

    page = html.unescape((published / "build/site/cyp-scrutiny/2024-03-28/index.html").read_text())
    record = json.loads((published / PUBLISHED / "record.json").read_text())
    last = record["editions"][0]["last_page"]
    assert (
        '<a href="published/pack.pdf">Agenda, published Tuesday, 19 March 2024, on time, '
        f"pages 1 to {last}, PDF"
    ) in page
    assert '<link rel="alternate" type="application/atom+xml" href="../feed.atom"' in page


LATE_ITEM = """
[[meeting.item]]
title = "Youth Justice Plan"
purpose = "To consider the plan before it goes to Council"
"""


def _add_late_item(root: Path, extra: str = "") -> int:
    """Add an item to the 28 March meeting, after its last one; returns its line."""
    programme = root / "programme/cyp-scrutiny.toml"
    text = programme.read_text()
    marker = "# ---------------------------------------------------------------- "
    after = text.index("[[meeting]]\ndate = 2024-03-28")
    cut = text.index(marker, after)
    programme.write_text(text[:cut] + LATE_ITEM.lstrip("\n") + extra + "\n" + text[cut:])
    return text[:cut].count("\n") + 1


def test_an_item_added_after_publication_needs_a_reason_for_urgency(published):
    line = _add_late_item(published)
    expected = (
        f"programme/cyp-scrutiny.toml:{line}: error: 'Youth Justice Plan' is late: the pack "
        "was published on 2024-03-19T10:00:00+00:00 without it; give the chair's reason for "
        'taking it as a matter of urgency, urgency = "...", or move it to a later meeting '
        "(s.100B(4)(b) LGA 1972)"
    )
    checked = _run(published, "check")
    assert checked.exit_code == 1 and expected in checked.output.splitlines()
    refused = _run(published, "publish", *MEETING)
    assert refused.exit_code == 1 and expected in refused.output.splitlines()


def test_a_late_item_with_its_reason_passes_check(published):
    _add_late_item(published, 'urgency = "The plan must reach Council on 8 April"\n')
    checked = _run(published, "check")
    assert checked.exit_code == 0, checked.output


def test_before_publication_no_item_is_late(example_with_cache):
    _add_late_item(example_with_cache)
    assert _run(example_with_cache, "check").exit_code == 0


def test_the_calendar_event_links_the_pack_as_published(published):
    from tests.public_text import ics_text

    feed = ics_text(published / "build/calendars/cyp-scrutiny.ics")
    assert (
        "Public document pack, as published: "
        "https://democracy.example.gov.uk/cyp-scrutiny/2024-03-28/published/pack.pdf"
    ) in feed
    site_copy = published / "build/site/cyp-scrutiny/2024-03-28/published/pack.pdf"
    assert site_copy.is_file()
