"""iCalendar feeds: one per committee, one for all, and the officers' deadlines.

Subscribers' calendars only follow a change they can see: every event has a UID that
survives a move (made from the meeting's first date), a SEQUENCE that rises whenever what
a councillor sees changes, and a LAST-MODIFIED that moves with it. The previous feed is the
memory of both. Nothing here reads the clock: times come from SOURCE_DATE_EPOCH or from the
programme file, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import icalendar

from agendapack import __version__
from agendapack.errors import AgendapackError
from agendapack.model import Committee, Meeting, Workspace
from agendapack.pack.public import public_agenda
from agendapack.programme.workdays import meeting_deadlines
from agendapack.record import PublishedEdition, read_record
from agendapack.wording import weekday_date
from agendapack.write import write_atomic

REFRESH = dt.timedelta(hours=12)
PRODID = f"-//agendapack//agendapack {__version__}//EN"
# A change to any of these raises SEQUENCE: when and where, what it is, and whether it is on.
WATCHED = ("DTSTART", "DTEND", "LOCATION", "SUMMARY", "STATUS")


# -- the time zone ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    """A yearly change of offset: 'the last Sunday of March at 01:00, to +01:00'."""

    month: int
    weekday: int  # Monday is 0
    week: int  # 1..4, or -1 for the last
    at: dt.time  # local wall time before the change
    before: dt.timedelta
    after: dt.timedelta
    name: str


_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _transitions(
    zone: zoneinfo.ZoneInfo, year: int
) -> list[tuple[dt.datetime, dt.timedelta, dt.timedelta, str]]:
    """The offset changes in a year, found hour by hour then minute by minute."""
    found = []
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    previous = start.astimezone(zone).utcoffset() or dt.timedelta(0)
    for hour in range(1, 366 * 24):
        moment = start + dt.timedelta(hours=hour)
        offset = moment.astimezone(zone).utcoffset() or dt.timedelta(0)
        if offset == previous:
            continue
        exact = moment - dt.timedelta(hours=1)
        while exact.astimezone(zone).utcoffset() == previous:
            exact += dt.timedelta(minutes=1)
        name = exact.astimezone(zone).tzname() or ""
        found.append((exact, previous, offset, name))
        previous = offset
    return found


def _rule(moment: dt.datetime, before: dt.timedelta, after: dt.timedelta, name: str) -> _Rule:
    local = (moment + before).replace(tzinfo=None)
    last_day = (
        local.replace(month=local.month % 12 + 1, day=1, year=local.year + local.month // 12)
        - dt.timedelta(days=1)
    ).day
    week = -1 if local.day + 7 > last_day else (local.day - 1) // 7 + 1
    return _Rule(local.month, local.weekday(), week, local.time(), before, after, name)


def _first_in(year: int, rule: _Rule) -> dt.datetime:
    """The rule's date in a given year, at its local time."""
    if rule.week == -1:
        day = dt.date(year + rule.month // 12, rule.month % 12 + 1, 1) - dt.timedelta(days=1)
        while day.weekday() != rule.weekday:
            day -= dt.timedelta(days=1)
    else:
        day = dt.date(year, rule.month, 1)
        while day.weekday() != rule.weekday:
            day += dt.timedelta(days=1)
        day += dt.timedelta(weeks=rule.week - 1)
    return dt.datetime.combine(day, rule.at)


def vtimezone(name: str, year: int) -> icalendar.Timezone:
    """A VTIMEZONE that Outlook and Thunderbird read: yearly RRULEs, no RDATE lists,
    made from zoneinfo's rules as they stand in `year`."""
    zone = icalendar.Timezone.from_ical(_vtimezone(name, year))
    assert isinstance(zone, icalendar.Timezone)
    return zone


@functools.lru_cache(maxsize=8)
def _vtimezone(name: str, year: int) -> bytes:
    """The zone's text: finding the transitions hour by hour is worth doing once."""
    zone = zoneinfo.ZoneInfo(name)
    component = icalendar.Timezone()
    component.add("tzid", name)
    component.add("x-lic-location", name)
    changes = _transitions(zone, year)
    if len(changes) != 2:  # no summer time: one fixed offset
        offset = dt.datetime(year, 6, 1, tzinfo=zone).utcoffset()
        standard = icalendar.TimezoneStandard()
        standard.add("tzname", dt.datetime(year, 6, 1, tzinfo=zone).tzname())
        standard.add("dtstart", dt.datetime(1970, 1, 1))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        component.add_component(standard)
        return component.to_ical()
    for moment, before, after, tzname in changes:
        rule = _rule(moment, before, after, tzname)
        part = icalendar.TimezoneDaylight() if after > before else icalendar.TimezoneStandard()
        part.add("tzname", tzname)
        part.add("dtstart", _first_in(1970, rule))
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        part.add(
            "rrule",
            {"freq": "yearly", "bymonth": rule.month, "byday": f"{rule.week}{_DAYS[rule.weekday]}"},
        )
        component.add_component(part)
    return component.to_ical()


# -- events -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Memory:
    """What the previous feed said of each event: its SEQUENCE, LAST-MODIFIED, and what a
    subscriber saw."""

    sequence: dict[str, int]
    modified: dict[str, dt.datetime]
    seen: dict[str, tuple[bytes, ...]]

    @classmethod
    def read(cls, path: Path | None) -> Memory:
        memory = cls({}, {}, {})
        if path is None or not path.is_file():
            return memory
        try:
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
        except Exception as exc:
            raise AgendapackError(
                f"{path}: error: the previous feed cannot be read ({exc}); "
                "remove it to start the feed afresh"
            ) from None
        for event in calendar.walk("VEVENT"):
            uid = str(event.get("UID", ""))
            memory.sequence[uid] = int(event.get("SEQUENCE", 0))
            if event.get("LAST-MODIFIED"):
                memory.modified[uid] = event.decoded("LAST-MODIFIED")
            memory.seen[uid] = _seen(event)
        return memory


def _seen(event: icalendar.cal.Component) -> tuple[bytes, ...]:
    return tuple(_ical(event[key]) if key in event else b"" for key in WATCHED)


def _ical(value: Any) -> bytes:
    data = value.to_ical()
    return data if isinstance(data, bytes) else str(data).encode()


def _stamp(
    event: icalendar.Event, uid: str, memory: Memory, changed_at: dt.datetime, moved: bool
) -> None:
    """SEQUENCE and LAST-MODIFIED: kept when nothing a subscriber sees has changed."""
    if uid in memory.seen and memory.seen[uid] == _seen(event):
        sequence = memory.sequence[uid]
        modified = memory.modified.get(uid, changed_at)
    elif uid in memory.seen:
        sequence = memory.sequence[uid] + 1
        modified = max(changed_at, memory.modified.get(uid, changed_at))
    else:
        sequence = 1 if moved else 0
        modified = changed_at
    event.add("sequence", sequence)
    event.add("last-modified", modified)
    event.add("dtstamp", modified)


def changed_at(paths: Iterable[Path]) -> dt.datetime:
    """When the inputs last changed: SOURCE_DATE_EPOCH, or the newest input file."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value and value.isdigit():
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    newest = max((int(p.stat().st_mtime) for p in paths if p.exists()), default=0)
    return dt.datetime.fromtimestamp(newest, dt.UTC)


def _host(workspace: Workspace) -> str:
    return urlsplit(workspace.council.publish_url).hostname or "agendapack.invalid"


def meeting_uid(workspace: Workspace, committee: Committee, meeting: Meeting) -> str:
    return f"{committee.slug}-{meeting.first_date.isoformat()}@{_host(workspace)}"


def meeting_url(workspace: Workspace, committee: Committee, meeting: Meeting) -> str:
    base = workspace.council.publish_url or "./"
    return f"{base}{committee.slug}/{meeting.date.isoformat()}/"


def _description(workspace: Workspace, committee: Committee, meeting: Meeting) -> str:
    lines = []
    if meeting.is_cancelled:
        lines.append(f"This meeting is cancelled: {meeting.cancelled}.")
    else:
        if meeting.moved_from:
            lines.append(f"Moved from {weekday_date(meeting.moved_from)}.")
        lines.append("Agenda:")
        lines.extend(
            f"{i.number}. {i.title}"
            for i in public_agenda(committee, meeting).items
            if not i.exempt
        )
    url = meeting_url(workspace, committee, meeting)
    lines.append("")
    lines.append(f"Meeting page: {url}")
    pack = workspace.layout.edition(committee.slug, meeting.date) / "pack.pdf"
    latest = _latest_edition(workspace, committee, meeting)
    if latest and not meeting.is_cancelled:
        # the edition of record, as the site keeps it: never a draft built since
        lines.append(f"Public document pack, as published: {url}published/{latest.file}")
    elif pack.is_file() and not meeting.is_cancelled:
        lines.append(f"Public document pack: {url}pack.pdf")
    return "\n".join(lines)


def _latest_edition(
    workspace: Workspace, committee: Committee, meeting: Meeting
) -> PublishedEdition | None:
    try:
        record = read_record(workspace.layout, committee.slug, meeting.date)
    except AgendapackError:
        return None  # `check` names a record that cannot be read
    return record.editions[-1] if record.editions else None


def meeting_event(
    workspace: Workspace, committee: Committee, meeting: Meeting, memory: Memory, when: dt.datetime
) -> icalendar.Event:
    zone = zoneinfo.ZoneInfo(workspace.council.timezone)
    start = dt.datetime.combine(meeting.date, meeting.time, tzinfo=zone)
    uid = meeting_uid(workspace, committee, meeting)
    event = icalendar.Event()
    event.add("uid", uid)
    summary = committee.name
    if meeting.is_cancelled:
        summary = f"Cancelled: {summary}"
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", (start.astimezone(dt.UTC) + meeting.duration).astimezone(zone))
    if meeting.venue:
        event.add("location", meeting.venue)
    event.add("description", _description(workspace, committee, meeting))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("url", meeting_url(workspace, committee, meeting))
    event.add("transp", "OPAQUE")
    _stamp(event, uid, memory, when, moved=meeting.moved_from is not None)
    return event


def single_event(
    workspace: Workspace, committee: Committee, meeting: Meeting, memory: Memory, when: dt.datetime
) -> bytes:
    """One meeting as a calendar file of its own, for "Add to calendar": the same event,
    UID and SEQUENCE as in the committee's feed."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(vtimezone(workspace.council.timezone, meeting.date.year))
    calendar.add_component(meeting_event(workspace, committee, meeting, memory, when))
    return calendar.to_ical()


def _calendar(workspace: Workspace, name: str, year: int) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", workspace.council.timezone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    # icalendar writes a timedelta X- property as 12:00:00; a duration it must be
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH).to_ical().decode())
    calendar.add_component(vtimezone(workspace.council.timezone, year))
    return calendar


def _year(committees: Iterable[Committee]) -> int:
    dates = [m.date for c in committees for m in c.meetings]
    return min(dates).year if dates else 2024


def meeting_feed(
    workspace: Workspace, committees: list[Committee], name: str, previous: Path | None
) -> bytes:
    memory = Memory.read(previous)
    when = changed_at([workspace.root / c.source for c in committees])
    calendar = _calendar(workspace, name, _year(committees))
    for committee in committees:
        for meeting in committee.meetings:
            calendar.add_component(meeting_event(workspace, committee, meeting, memory, when))
    return calendar.to_ical()


def deadline_feed(workspace: Workspace, previous: Path | None) -> bytes:
    council = workspace.council
    memory = Memory.read(previous)
    when = changed_at(
        [workspace.root / c.source for c in workspace.committees]
        + [workspace.root / council.source]
    )
    calendar = _calendar(
        workspace, f"{council.name} deadlines".strip(), _year(workspace.committees)
    )
    host = _host(workspace)
    for committee in workspace.committees:
        for meeting in committee.meetings:
            if meeting.is_cancelled:
                continue
            reports, publish = meeting_deadlines(council, meeting)
            for kind, day, summary in (
                ("reports", reports, "Reports due"),
                ("publish", publish, "Publish pack"),
            ):
                uid = f"{kind}-{committee.slug}-{meeting.first_date.isoformat()}@{host}"
                event = icalendar.Event()
                event.add("uid", uid)
                event.add("summary", f"{summary}: {committee.name}")
                event.add("dtstart", day)
                event.add("dtend", day + dt.timedelta(days=1))
                event.add(
                    "description",
                    f"For the meeting on {weekday_date(meeting.date)}. "
                    f"{meeting_url(workspace, committee, meeting)}",
                )
                event.add("transp", "TRANSPARENT")
                _stamp(event, uid, memory, when, moved=False)
                calendar.add_component(event)
    return calendar.to_ical()


def write_calendars(workspace: Workspace, previous: Path | None = None) -> list[Path]:
    """Write build/calendars/: <slug>.ics, all.ics and deadlines.ics. Returns the paths.

    `previous` is a folder or file to take the previous feeds from instead of the output
    folder itself.
    """
    out = workspace.layout.calendars

    def earlier(name: str) -> Path:
        if previous is None:
            return out / name
        return previous / name if previous.is_dir() else previous

    written = []
    council = workspace.council.name
    for committee in workspace.committees:
        path = out / f"{committee.slug}.ics"
        write_atomic(path, meeting_feed(workspace, [committee], committee.name, earlier(path.name)))
        written.append(path)
    path = out / "all.ics"
    write_atomic(
        path,
        meeting_feed(
            workspace,
            list(workspace.committees),
            f"{council} committee meetings".strip(),
            earlier("all.ics"),
        ),
    )
    written.append(path)
    path = out / "deadlines.ics"
    write_atomic(path, deadline_feed(workspace, earlier("deadlines.ics")))
    written.append(path)
    return written
