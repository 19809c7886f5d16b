"""Deadlines and calendar feeds, read back with parsers agendapack does not write with."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.programme.workdays import publish_by, report_deadline
from tests.icaltools import libical_errors, libical_starts, read_ics
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
    deadlines = {e["uid"]: e for e in read_ics(example / "build/calendars/deadlines.ics")["events"]}
    for kind in ("reports", "publish"):
        # the meeting's deadlines are the same events, moved with it
        assert deadlines[f"{kind}-{uid}"]["sequence"] == 1
    assert strict[uid].last_modified >= strict[unchanged].last_modified


def test_an_older_feed_s_sequences_are_taken_once_into_the_memory(example, tmp_path):
    feeds = _calendar(example)
    programme = example / "programme/cyp-scrutiny.toml"
    programme.write_text(programme.read_text().replace("time = 09:30:00", "time = 10:00:00"))
    _calendar(example)
    kept = tmp_path / "kept"
    shutil.copytree(feeds, kept)  # subscribers have SEQUENCE 1
    shutil.rmtree(example / "build")
    shutil.rmtree(example / "published")  # a workspace from before the memory
    result = runner.invoke(app, ["calendar", "--previous", str(kept), "--workspace", str(example)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "published/calendars/state.json: took the SEQUENCE of 33 events from 1 older feed"
    )
    events = read_ics(feeds / "cyp-scrutiny.ics")["events"]
    # never back to 0: what subscribers have, as nothing in the events has changed since
    assert {e["sequence"] for e in events} == {1}
    assert (feeds / "cyp-scrutiny.ics").read_bytes() == (kept / "cyp-scrutiny.ics").read_bytes()
    again = _calendar(example, "--previous", str(kept))
    assert {e["sequence"] for e in read_ics(again / "cyp-scrutiny.ics")["events"]} == {1}
    # an event changed since the older feed goes out one above it
    programme.write_text(programme.read_text().replace("time = 10:00:00", "time = 10:15:00"))
    changed = read_ics(_calendar(example) / "cyp-scrutiny.ics")["events"]
    assert {e["sequence"] for e in changed} == {2}


def test_building_twice_gives_identical_bytes(example, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = {p.name: p.read_bytes() for p in _calendar(example).glob("*.ics")}
    memory = (example / "published/calendars/state.json").read_bytes()
    shutil.rmtree(example / "build")
    shutil.rmtree(example / "published")  # no memory either: a workspace built the first time
    second = {p.name: p.read_bytes() for p in _calendar(example).glob("*.ics")}
    assert first == second
    assert (example / "published/calendars/state.json").read_bytes() == memory
    assert b"DTSTAMP:20231114T221320Z" in first["all.ics"]
    assert b"LAST-MODIFIED:20231114T221320Z" in first["all.ics"]


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


# -- identity and memory (shared/DESIGN.md, "Calendar identity and memory") --------------


def _events(path: Path) -> dict[str, str]:
    """Each event's text in the feed, unfolded, by UID."""
    text = path.read_bytes().decode("utf-8").replace("\r\n ", "")
    blocks = text.split("BEGIN:VEVENT\r\n")[1:]
    return {
        next(line for line in b.split("\r\n") if line.startswith("UID:"))[4:]: b for b in blocks
    }


def _epoch(monkeypatch, moment: str) -> None:
    stamp = int(dt.datetime.fromisoformat(moment).replace(tzinfo=UTC).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(stamp))


def test_a_renamed_item_raises_that_event_alone(example, monkeypatch):
    _epoch(monkeypatch, "2024-01-01T09:00:00")
    feeds = _calendar(example)
    before = {name: _events(feeds / name) for name in ("all.ics", "cyp-scrutiny.ics")}
    programme = example / "programme/cyp-scrutiny.toml"
    programme.write_text(
        programme.read_text().replace(
            'title = "Children in Care Placement Sufficiency"',
            'title = "Children in Care: Placement Sufficiency"',
        )
    )
    _epoch(monkeypatch, "2024-02-01T10:30:00")
    _calendar(example)
    uid = "cyp-scrutiny-2024-03-28@democracy.example.gov.uk"
    for name, old in before.items():
        new = _events(feeds / name)
        assert new.keys() == old.keys()
        assert [u for u in new if new[u] != old[u]] == [uid], name  # every other byte as it was
    strict = {e.uid: e for e in _strict(feeds / "all.ics").events}
    assert strict[uid].sequence == 1
    assert strict[uid].last_modified == dt.datetime(2024, 2, 1, 10, 30, tzinfo=UTC)
    assert strict[uid].dtstamp == dt.datetime(2024, 2, 1, 10, 30, tzinfo=UTC)
    read = {e["uid"]: e for e in read_ics(feeds / "all.ics")["events"]}
    assert read[uid]["sequence"] == 1
    assert read[uid]["lastModified"] == read[uid]["dtstamp"] == "2024-02-01T10:30:00Z"
    assert "Children in Care: Placement Sufficiency" in read[uid]["description"]
    other = "cyp-scrutiny-2024-01-25@democracy.example.gov.uk"
    assert read[other]["sequence"] == 0 and read[other]["lastModified"] == "2024-01-01T09:00:00Z"
    memory = json.loads((example / "published/calendars/state.json").read_text())
    assert memory["events"][uid]["sequence"] == 1
    assert memory["events"][uid]["last_modified"] == "2024-02-01T10:30:00Z"


def test_a_fresh_clone_carries_on_from_the_memory(example, monkeypatch):
    _epoch(monkeypatch, "2024-01-01T09:00:00")
    _calendar(example)
    programme = example / "programme/audit-committee.toml"
    programme.write_text(programme.read_text().replace("time = 10:00:00", "time = 10:30:00", 1))
    feeds = _calendar(example)
    before = {p.name: p.read_bytes() for p in feeds.glob("*.ics")}
    sequences = {e["uid"]: e["sequence"] for e in read_ics(feeds / "all.ics")["events"]}
    assert sequences["audit-committee-2026-07-01@democracy.example.gov.uk"] == 1
    shutil.rmtree(example / "build")  # git-ignored: a fresh clone has none
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # nor the same clock
    after = {p.name: p.read_bytes() for p in _calendar(example).glob("*.ics")}
    assert after == before
    again = {e["uid"]: e["sequence"] for e in read_ics(feeds / "all.ics")["events"]}
    assert all(again[uid] >= sequence for uid, sequence in sequences.items())


def test_moving_the_site_changes_no_uid(example):
    feeds = _calendar(example)
    before = {e["uid"] for p in feeds.glob("*.ics") for e in read_ics(p)["events"]}
    council = example / "programme/council.toml"
    council.write_text(
        council.read_text().replace(
            'publish_url = "https://democracy.example.gov.uk/"',
            'publish_url = "https://committees.nottinghamcity.gov.uk/papers/"',
        )
    )
    _calendar(example)
    after = {e["uid"] for p in feeds.glob("*.ics") for e in read_ics(p)["events"]}
    assert after == before and len(before) == 33
    read = read_ics(feeds / "cyp-scrutiny.ics")["events"]
    assert all(e["sequence"] == 1 for e in read)  # the links moved: an update, not a new event
    assert all("https://committees.nottinghamcity.gov.uk/papers/" in e["description"] for e in read)


def test_a_cancelled_meeting_is_cancelled_and_free_in_every_parser(feeds):
    uid = "cyp-scrutiny-2024-04-05@democracy.example.gov.uk"
    read = {e["uid"]: e for e in read_ics(feeds / "cyp-scrutiny.ics")["events"]}
    assert read[uid]["status"] == "CANCELLED" and read[uid]["transp"] == "TRANSPARENT"
    strict = {e.uid: e for e in _strict(feeds / "cyp-scrutiny.ics").events}
    assert strict[uid].status.value == "CANCELLED"
    assert strict[uid].transparency.upper() == "TRANSPARENT"
    calendar = icalendar.Calendar.from_ical((feeds / "cyp-scrutiny.ics").read_bytes())
    event = next(e for e in calendar.walk("VEVENT") if e["UID"] == uid)
    assert event["STATUS"] == "CANCELLED" and event["TRANSP"] == "TRANSPARENT"
    held = read["cyp-scrutiny-2024-03-28@democracy.example.gov.uk"]
    assert held["status"] == "CONFIRMED" and held["transp"] == "OPAQUE"
    deadlines = [
        e
        for e in read_ics(feeds / "deadlines.ics")["events"]
        if "cyp-scrutiny-2024-04-05" in e["uid"]
    ]
    assert [e["status"] for e in deadlines] == ["CANCELLED", "CANCELLED"]
    assert all(e["summary"].startswith("Cancelled: ") for e in deadlines)


def test_every_event_has_its_organizer_and_committee(feeds):
    for path in feeds.glob("*.ics"):
        for event in read_ics(path)["events"]:
            if event["uid"].startswith(("cyp-scrutiny", "reports-cyp", "publish-cyp")):
                assert event["organizer"] == "mailto:damon.stanton@example.gov.uk"
                assert event["organizerName"] == "Damon Stanton"
                assert event["categories"] == ["Children and Young People Scrutiny Committee"]
            else:
                assert event["organizer"] == "mailto:kate.morris@example.gov.uk", event["uid"]
    read = read_ics(feeds / "cyp-scrutiny.ics")
    assert read["description"].startswith(
        "Meetings of the Children and Young People Scrutiny Committee, Nottingham City Council."
    )


def test_libical_reads_every_feed_without_error(feeds):
    assert libical_errors(*sorted(feeds.glob("*.ics"))) == []


def test_libical_would_say_what_is_wrong(feeds, tmp_path):
    # the checker is no rubber stamp: without ORGANIZER, iTIP's PUBLISH is not met
    broken = tmp_path / "broken.ics"
    text = (feeds / "cyp-scrutiny.ics").read_bytes().decode().replace("\r\n ", "")
    broken.write_text(
        "".join(line for line in text.splitlines(True) if not line.startswith("ORGANIZER"))
    )
    errors = libical_errors(broken)
    assert errors and all("ORGANIZER" in e for e in errors)


def test_a_provisional_meeting_is_tentative(feeds):
    read = {e["uid"]: e for e in read_ics(feeds / "audit-committee.ics")["events"]}
    event = read["audit-committee-2027-01-27@democracy.example.gov.uk"]
    assert event["status"] == "TENTATIVE"
    assert event["summary"] == "Provisional: Audit Committee"
    assert "The date of this meeting is provisional" in event["description"]
    strict = {e.uid: e for e in _strict(feeds / "audit-committee.ics").events}
    assert strict["audit-committee-2027-01-27@democracy.example.gov.uk"].status.value == "TENTATIVE"


def test_a_built_meeting_attaches_its_agenda_and_pack(example_with_cache):
    feeds = _calendar(example_with_cache)
    read = {e["uid"]: e for e in read_ics(feeds / "cyp-scrutiny.ics")["events"]}
    page = "https://democracy.example.gov.uk/cyp-scrutiny/2024-03-28/"
    built = read["cyp-scrutiny-2024-03-28@democracy.example.gov.uk"]
    assert built["attach"] == [f"{page}agenda.pdf", f"{page}pack.pdf"]
    assert f"Public document pack: {page}pack.pdf" in built["description"]
    assert read["cyp-scrutiny-2024-01-25@democracy.example.gov.uk"]["attach"] == []
    text = (feeds / "cyp-scrutiny.ics").read_bytes().decode().replace("\r\n ", "")
    assert f"ATTACH;FMTTYPE=application/pdf:{page}pack.pdf" in text
    alt = next(line for line in text.splitlines() if line.startswith("X-ALT-DESC") and page in line)
    assert alt.startswith("X-ALT-DESC;FMTTYPE=text/html:")
    assert f'<a href="{page}pack.pdf">' in alt
    assert libical_errors(feeds / "cyp-scrutiny.ics") == []


SANTIAGO_MEETINGS = """
[[meeting]]
date = {}
time = 10:00:00
"""


@pytest.mark.parametrize("zone", ["America/Santiago", "America/Mexico_City", "Europe/London"])
def test_times_are_right_on_both_sides_of_every_clock_change(ws, zone):
    # America/Santiago changes on "the first Sunday on or after the 2nd", which falls in the
    # second week of the month in some years, and in 2022 moved by a week; Mexico gave up
    # summer time after October 2022. ical.js and
    # libical work the times out from the feed's VTIMEZONE; icalendar and ical from zoneinfo.
    import zoneinfo

    ws.council(f'timezone = "{zone}"\n')
    # every day of the weeks when the clocks change, in four years
    days = [
        dt.date(year, month, 1) + dt.timedelta(days=n)
        for year in range(2022, 2026)
        for month in (3, 4, 8, 9, 10)
        for n in range(0, 28, 1 if month in (4, 9) else 3)
    ]
    ws.committee(
        '[officer]\nname = "Ana Rojas"\nemail = "ana.rojas@example.gov.uk"\n'
        + "".join(SANTIAGO_MEETINGS.format(d.isoformat()) for d in days)
    )
    feeds = _calendar(ws.root)
    tz = zoneinfo.ZoneInfo(zone)
    expected = {
        d.isoformat(): dt.datetime.combine(d, dt.time(10), tzinfo=tz).astimezone(UTC) for d in days
    }
    read = {e["uid"][4:14]: e for e in read_ics(feeds / "cyp.ics")["events"]}
    strict = {e.uid[4:14]: e for e in _strict(feeds / "cyp.ics").events}
    calendar = icalendar.Calendar.from_ical((feeds / "cyp.ics").read_bytes())
    loose = {str(e["UID"])[4:14]: e.decoded("DTSTART") for e in calendar.walk("VEVENT")}
    libical = {uid[4:14]: start for uid, start in libical_starts(feeds / "cyp.ics").items()}
    assert len(read) == len(strict) == len(loose) == len(libical) == len(days)
    for day, instant in expected.items():
        assert read[day]["start"] == instant.strftime("%Y-%m-%dT%H:%M:%S.000Z"), day
        assert strict[day].dtstart.astimezone(UTC) == instant, day
        assert loose[day].astimezone(UTC) == instant, day
        assert libical[day] == instant.strftime("%Y%m%dT%H%M%SZ"), day
    assert libical_errors(feeds / "cyp.ics") == []
    if zone == "Europe/London":
        text = (feeds / "cyp.ics").read_text()
        assert text.count("BEGIN:DAYLIGHT") == text.count("BEGIN:STANDARD") == 1
        assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text and "UNTIL" not in text


def test_uid_domain_missing_is_a_warning_and_an_empty_publish_url_an_error(ws):
    ws.write("programme/council.toml", 'name = "X"\npublish_url = "https://a.example/"\n')
    ws.committee("")
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.output.splitlines() == [
        "programme/council.toml: warning: no `uid_domain`: calendar events are named after "
        "publish_url's host, so moving the site would replace every subscriber's events; add "
        'uid_domain = "a.example" and never change it',
        "0 errors, 1 warning",
    ]
    ws.write("programme/council.toml", 'name = "X"\nuid_domain = "a.example"\npublish_url = ""\n')
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "programme/council.toml:3: error: `publish_url` is empty; write where build/site/ is "
        'served, such as "https://democracy.example.gov.uk/", or remove the line',
        "1 error, 0 warnings",
    ]
    ws.write("programme/council.toml", 'name = "X"\nuid_domain = "a example"\n')
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert (
        "programme/council.toml:2: error: `uid_domain` must be a host name such as "
        '"democracy.example.gov.uk" (letters, digits, hyphens and dots), not "a example"'
    ) in result.output.splitlines()


def test_without_publish_url_no_feed_has_a_relative_link(ws):
    ws.write("programme/council.toml", 'name = "X"\nuid_domain = "a.example"\n')
    ws.committee('[officer]\nemail = "a@a.example"\n[[meeting]]\ndate = 2024-03-28\n')
    feeds = _calendar(ws.root)
    text = (feeds / "cyp.ics").read_text()
    assert "URL:" not in text and "./" not in text
    assert "UID:cyp-2024-03-28@a.example" in text
    assert libical_errors(feeds / "cyp.ics") == []


def test_two_fresh_builds_give_the_same_feeds_and_documents(built_example, tmp_path):
    # a second clone of the same workspace, published/ and its memory committed with it,
    # built afresh with the real LibreOffice at another time
    from tests.conftest import copy_example

    root = copy_example(tmp_path / "clone")
    shutil.copytree(built_example / "published", root / "published")
    result = runner.invoke(app, ["build", "--workspace", str(root)])
    assert result.exit_code == 0, result.output

    def outputs(top: Path) -> dict[str, bytes]:
        found = [*top.glob("build/calendars/*.ics"), *top.glob("build/*/*/documents/*.pdf")]
        found += [*top.glob("build/*/*/*.pdf"), *top.glob("build/site/**/meeting.ics")]
        named = {p.relative_to(top).as_posix(): p for p in found}
        return {n: p.read_bytes() for n, p in named.items() if not n.startswith("build/.")}

    first, second = outputs(built_example), outputs(root)
    assert sum(name.endswith(".pdf") and "/documents/" in name for name in first) >= 10
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert (root / "published/calendars/state.json").read_bytes() == (
        built_example / "published/calendars/state.json"
    ).read_bytes()


def test_a_damaged_memory_is_one_line_and_the_feeds_stay(example):
    feeds = _calendar(example)
    before = {p.name: p.read_bytes() for p in feeds.glob("*.ics")}
    memory = example / "published/calendars/state.json"
    memory.write_text('{"schema": 1, "events": {"x": {"sequence": "one"}}')
    result = runner.invoke(app, ["calendar", "--workspace", str(example)])
    assert result.exit_code == 1
    (line,) = result.output.splitlines()
    assert line.startswith(
        "published/calendars/state.json: error: the calendars' memory cannot be read ("
    )
    assert "restore it from version control" in line
    assert {p.name: p.read_bytes() for p in feeds.glob("*.ics")} == before


def test_sequence_numbers_outside_what_a_calendar_holds_are_refused(example, tmp_path):
    """A SEQUENCE iCalendar cannot carry (over 2**31 - 1), or one that is not a whole
    number, from an older feed or a hand-edited memory: one line, nothing changed."""
    feeds = _calendar(example)
    memory = example / "published/calendars/state.json"
    good = memory.read_bytes()
    huge = tmp_path / "huge.ics"
    huge.write_bytes(
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:cyp-scrutiny-2023-09-28@democracy.example"
        b".gov.uk\r\nSEQUENCE:99999999999\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = runner.invoke(app, ["calendar", "--previous", str(huge), "--workspace", str(example)])
    assert result.exit_code == 1
    assert f"{huge}: error: not a calendar agendapack can read" in result.output
    assert memory.read_bytes() == good
    data = json.loads(good)
    uid = sorted(data["events"])[0]
    for bad in (-5, 1.5, True, 10**20):
        data["events"][uid]["sequence"] = bad
        memory.write_text(json.dumps(data))
        result = runner.invoke(app, ["calendar", "--workspace", str(example)])
        assert result.exit_code == 1, (bad, result.output)
        assert "the calendars' memory cannot be read" in result.output
        assert "Traceback" not in result.output
    memory.write_bytes(good)
    assert _calendar(example) == feeds


def test_an_older_memory_put_back_never_takes_a_sequence_down(example):
    feeds = _calendar(example)
    memory = example / "published/calendars/state.json"
    older = memory.read_bytes()
    programme = example / "programme/cyp-scrutiny.toml"
    for time in ("10:00:00", "10:30:00"):
        text = programme.read_text()
        programme.write_text(re.sub(r"time = \d\d:\d\d:00", f"time = {time}", text, count=1))
        _calendar(example)
    raised = {e["uid"]: e["sequence"] for e in read_ics(feeds / "cyp-scrutiny.ics")["events"]}
    assert max(raised.values()) == 2
    memory.write_bytes(older)  # "restore it from version control", from before the changes
    _calendar(example)
    after = {e["uid"]: e["sequence"] for e in read_ics(feeds / "cyp-scrutiny.ics")["events"]}
    assert all(after[uid] >= sequence for uid, sequence in raised.items())


def test_a_changed_uid_domain_is_warned_about_before_it_replaces_every_event(example):
    _calendar(example)
    council = example / "programme/council.toml"
    text = council.read_text()
    assert 'uid_domain = "democracy.example.gov.uk"' in text
    council.write_text(
        text.replace(
            'uid_domain = "democracy.example.gov.uk"', 'uid_domain = "Democracy.Example.GOV.uk"'
        )
    )
    result = runner.invoke(app, ["check", "--workspace", str(example)])
    assert (
        "programme/council.toml: warning: uid_domain 'Democracy.Example.GOV.uk' is not the "
        "domain of the calendar events subscribers already have ('democracy.example.gov.uk')"
    ) in result.output
