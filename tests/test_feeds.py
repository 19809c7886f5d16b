"""Deadlines and calendar feeds, read back with parsers agendapack does not write with."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from ical.calendar_stream import IcsCalendarStream
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.programme.workdays import publish_by, report_deadline
from tests.icaltools import read_ics
from tests.public_text import ics_text

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
UTC = dt.UTC


@pytest.mark.parametrize(
    ("meeting", "expected"),
    [
        (dt.date(2024, 3, 28), dt.date(2024, 3, 20)),  # Thursday to the Wednesday before last
        (dt.date(2024, 5, 9), dt.date(2024, 4, 30)),  # the early May bank holiday counts out
        (dt.date(2025, 1, 2), dt.date(2024, 12, 20)),  # Christmas, Boxing Day, New Year's Day
    ],
)
def test_publish_by_worked_examples(meeting, expected):
    assert publish_by(meeting, 5, "GB-ENG") == expected


def test_regions_differ_on_their_own_bank_holidays():
    # 2 January 2025 is a bank holiday in Scotland, not in England
    assert publish_by(dt.date(2025, 1, 9), 5, "GB-ENG") == dt.date(2024, 12, 31)
    assert publish_by(dt.date(2025, 1, 9), 5, "GB-SCT") == dt.date(2024, 12, 30)


def test_report_deadline_is_working_days_before_publication():
    assert report_deadline(dt.date(2024, 3, 20), 5, "GB-ENG") == dt.date(2024, 3, 13)
    assert report_deadline(dt.date(2024, 4, 30), 5, "GB-ENG") == dt.date(2024, 4, 23)


def _calendar(root: Path, *args: str):
    result = runner.invoke(app, ["calendar", *args, "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    return root / "build" / "calendars"


def _strict(path: Path):
    return IcsCalendarStream.calendar_from_ics(path.read_text(encoding="utf-8"))


def _add_exempt_item(root: Path) -> None:
    path = root / "programme/audit-committee.toml"
    text = path.read_text()
    text = text.replace(
        "time = 14:00:00\n",
        "time = 14:00:00\n\n[[meeting.item]]\n"
        'title = "Secret Contract Renegotiation"\nexempt = 3\n',
        1,
    )
    path.write_text(text)


@pytest.fixture
def feeds(example) -> Path:
    _add_exempt_item(example)
    return _calendar(example)


EXPECTED_STARTS = {
    "cyp-scrutiny-2024-03-28": ("2024-03-28T09:30:00", "2024-03-28T12:00:00"),
    "cyp-scrutiny-2023-10-26": ("2023-10-26T08:30:00", "2023-10-26T11:00:00"),
    "audit-committee-2026-07-01": ("2026-07-01T09:00:00", "2026-07-01T11:00:00"),
    "audit-committee-2027-01-27": ("2027-01-27T14:00:00", "2027-01-27T16:00:00"),
}


def test_meetings_are_at_the_right_instants_in_both_parsers(feeds):
    read = read_ics(feeds / "all.ics")
    by_uid = {e["uid"].split("@")[0]: e for e in read["events"]}
    strict = {e.uid.split("@")[0]: e for e in _strict(feeds / "all.ics").events}
    assert len(by_uid) == len(strict) == 11  # every meeting of both committees
    for uid, (start, end) in EXPECTED_STARTS.items():
        assert by_uid[uid]["start"] == start + ".000Z"
        assert by_uid[uid]["end"] == end + ".000Z"
        assert strict[uid].dtstart.astimezone(UTC).isoformat() == start + "+00:00"
        assert strict[uid].dtend.astimezone(UTC).isoformat() == end + "+00:00"
    assert read["name"] == "Nottingham City Council committee meetings"


def test_a_cancelled_meeting_stays_in_the_feed_struck_out(feeds):
    event = next(
        e
        for e in read_ics(feeds / "cyp-scrutiny.ics")["events"]
        if e["uid"].startswith("cyp-scrutiny-2024-04-05")
    )
    assert event["status"] == "CANCELLED"
    assert event["summary"] == "Cancelled: Children and Young People Scrutiny Committee"
    strict = next(
        e
        for e in _strict(feeds / "cyp-scrutiny.ics").events
        if e.uid.startswith("cyp-scrutiny-2024-04-05")
    )
    assert strict.status.value == "CANCELLED"


def test_no_exempt_title_in_any_feed(feeds):
    for path in feeds.glob("*.ics"):
        assert "Secret Contract" not in ics_text(path), path


def test_a_moved_meeting_keeps_its_uid_and_its_sequence_rises(example):
    programme = example / "programme/audit-committee.toml"
    original = programme.read_text()
    programme.write_text(
        original.replace("date = 2026-12-02\nmoved_from = 2026-11-25\n", "date = 2026-11-25\n")
    )
    packs = example / "packs/audit-committee"
    (packs / "2026-12-02").rename(packs / "2026-11-25")
    before = {e["uid"]: e for e in read_ics(_calendar(example) / "audit-committee.ics")["events"]}
    programme.write_text(original)
    (packs / "2026-11-25").rename(packs / "2026-12-02")
    after = {e["uid"]: e for e in read_ics(_calendar(example) / "audit-committee.ics")["events"]}
    uid = "audit-committee-2026-11-25@democracy.example.gov.uk"
    assert before[uid]["start"].startswith("2026-11-25") and before[uid]["sequence"] == 0
    assert after[uid]["start"].startswith("2026-12-02") and after[uid]["sequence"] == 1
    unchanged = "audit-committee-2026-07-01@democracy.example.gov.uk"
    assert after[unchanged]["sequence"] == before[unchanged]["sequence"] == 0
    strict = {e.uid: e for e in _strict(example / "build/calendars/audit-committee.ics").events}
    assert strict[uid].sequence == 1
    again = {e["uid"]: e for e in read_ics(_calendar(example) / "audit-committee.ics")["events"]}
    assert again[uid]["sequence"] == 1  # nothing changed since: the feed remembers
    assert strict[uid].last_modified >= strict[unchanged].last_modified


def test_the_previous_feed_can_be_given(example, tmp_path):
    feeds = _calendar(example)
    kept = tmp_path / "kept"
    shutil.copytree(feeds, kept)
    programme = example / "programme/cyp-scrutiny.toml"
    programme.write_text(programme.read_text().replace("time = 09:30:00", "time = 10:00:00"))
    shutil.rmtree(feeds)
    again = _calendar(example, "--previous", str(kept))
    events = read_ics(again / "cyp-scrutiny.ics")["events"]
    assert {e["sequence"] for e in events} == {1}


def test_building_twice_gives_identical_bytes(example, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = {p.name: p.read_bytes() for p in _calendar(example).glob("*.ics")}
    shutil.rmtree(example / "build/calendars")
    second = {p.name: p.read_bytes() for p in _calendar(example).glob("*.ics")}
    assert first == second
    assert b"DTSTAMP:20231114T221320Z" in first["all.ics"]


def test_feed_form_outlook_and_rfc5545_need(feeds):
    data = (feeds / "cyp-scrutiny.ics").read_bytes()
    lines = data.split(b"\r\n")
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    text = data.decode()
    for needed in (
        "NAME:Children and Young People Scrutiny Committee",
        "X-WR-CALNAME:Children and Young People Scrutiny Committee",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "DTSTART:19700329T010000",
        "DTSTART:19701025T020000",
    ):
        assert needed in text
    assert "RDATE" not in text
    unfolded = text.replace("\r\n ", "")
    assert "LOCATION:Ground Floor Committee Room - Loxley House\\, Station Street" in unfolded
    event = next(
        e
        for e in read_ics(feeds / "cyp-scrutiny.ics")["events"]
        if e["uid"].startswith("cyp-scrutiny-2024-03-28")
    )
    assert "4. Children in Care Placement Sufficiency" in event["description"]
    assert (
        "Meeting page: https://democracy.example.gov.uk/cyp-scrutiny/2024-03-28/"
        in event["description"]
    )


def test_deadlines_feed(feeds):
    events = {
        e["summary"] + " " + e["start"][:10]: e for e in read_ics(feeds / "deadlines.ics")["events"]
    }
    reports = events["Reports due: Children and Young People Scrutiny Committee 2024-03-13"]
    publish = events["Publish pack: Children and Young People Scrutiny Committee 2024-03-20"]
    assert reports["allDay"] and publish["allDay"]
    assert not any(k.endswith("2024-03-29") or "2024-04" in k for k in events)  # cancelled


def test_deadlines_command_json(example):
    result = runner.invoke(
        app,
        [
            "deadlines",
            "cyp-scrutiny",
            "--json",
            "--today",
            "2024-03-01",
            "--workspace",
            str(example),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows == [
        {
            "committee": "cyp-scrutiny",
            "date": "2024-03-28",
            "report_deadline": "2024-03-13",
            "publish_by": "2024-03-20",
            "days_left": 13,
            "pack_state": "not built",
            "pack": None,
            "publication": "not yet",
            "published_at": None,
            "supplements": 0,
            "supplement_drafted": None,
        }
    ]


def test_a_publish_by_later_than_the_law_allows_is_a_warning(ws):
    ws.committee("""
        [[meeting]]
        date = 2024-03-28
        publish_by = 2024-03-22
    """)
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.output.splitlines()[0] == (
        "programme/cyp.toml:8: warning: `publish_by` 2024-03-22 is later than the statutory "
        "2024-03-20 (5 clear working days before the meeting)"
    )
