"""iCalendar feeds: one per committee, one for all, and the officers' deadlines.

Subscribers' calendars only follow a change they can see. Every event has a UID that
survives a move of the meeting (its first date) and of the site (`uid_domain`), and a
SEQUENCE and LAST-MODIFIED that rise whenever anything it publishes changes, remembered in
published/calendars/state.json (see memory.py). DTSTAMP is LAST-MODIFIED: the moment the
event last changed, never a file's modification time, so the same inputs and memory give
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import icalendar

from agendapack import __version__
from agendapack.calendar.memory import (
    LONG_AGO,
    Memory,
    Remembered,
    build_time,
    sequence_number,
)
from agendapack.errors import AgendapackError, Problem
from agendapack.layout import AGENDA, PACK
from agendapack.model import Committee, Meeting, Workspace
from agendapack.pack.manifest import Manifest, read_manifest
from agendapack.pack.public import public_agenda
from agendapack.programme.rules import remembered_domain
from agendapack.programme.workdays import meeting_deadlines
from agendapack.record import PublishedEdition, sound_record
from agendapack.wording import clock_time, long_date, weekday_date
from agendapack.write import write_atomic

REFRESH = dt.timedelta(hours=12)
PRODID = f"-//agendapack//agendapack {__version__}//EN"
# Properties that say when an event was published, not what: left out of its hash.
_STAMPS = ("SEQUENCE", "LAST-MODIFIED", "DTSTAMP")


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


@dataclass(frozen=True)
class _Change:
    """One change of offset, at an instant."""

    moment: dt.datetime  # UTC
    before: dt.timedelta
    after: dt.timedelta
    name: str

    @property
    def local(self) -> dt.datetime:
        """The wall time, before the change, at which it happens (as DTSTART gives it)."""
        return (self.moment + self.before).replace(tzinfo=None)

    @property
    def rule(self) -> _Rule:
        local = self.local
        last_day = (
            local.replace(month=local.month % 12 + 1, day=1, year=local.year + local.month // 12)
            - dt.timedelta(days=1)
        ).day
        week = -1 if local.day + 7 > last_day else (local.day - 1) // 7 + 1
        return _Rule(
            local.month, local.weekday(), week, local.time(), self.before, self.after, self.name
        )


_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _offset(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.timedelta:
    return moment.astimezone(zone).utcoffset() or dt.timedelta(0)


@functools.lru_cache(maxsize=64)
def _transitions(name: str, year: int) -> tuple[_Change, ...]:
    """zoneinfo's offset changes in a year, found day by day, then hour by hour and minute
    by minute in a day that has one (no zone changes twice in a day)."""
    zone = zoneinfo.ZoneInfo(name)
    found = []
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    previous = _offset(start, zone)
    day = start
    while day < end:
        following = min(day + dt.timedelta(days=1), end)
        if _offset(following, zone) == previous:
            day = following
            continue
        moment = day + dt.timedelta(hours=1)
        while _offset(moment, zone) == previous:
            moment += dt.timedelta(hours=1)
        offset = _offset(moment, zone)
        day = moment
        exact = moment - dt.timedelta(hours=1)
        while _offset(exact, zone) == previous:
            exact += dt.timedelta(minutes=1)
        found.append(_Change(exact, previous, offset, exact.astimezone(zone).tzname() or ""))
        previous = offset
    return tuple(found)


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


def vtimezone(name: str, first: int, last: int | None = None) -> icalendar.Timezone:
    """A VTIMEZONE right for every year from `first` to `last`, from zoneinfo's own
    transitions: yearly RRULEs where the rules hold from year to year (what Outlook reads
    best), a plain DTSTART for a change that follows no such rule. No RDATE lists."""
    zone = icalendar.Timezone.from_ical(_vtimezone(name, first, last or first))
    assert isinstance(zone, icalendar.Timezone)
    return zone


def _observance(change: _Change) -> icalendar.cal.Component:
    part = (
        icalendar.TimezoneDaylight()
        if change.after > change.before
        else icalendar.TimezoneStandard()
    )
    part.add("tzname", change.name)
    return part


@functools.lru_cache(maxsize=16)
def _vtimezone(name: str, first: int, last: int) -> bytes:
    """The zone's text: finding the transitions hour by hour is worth doing once."""
    zone = zoneinfo.ZoneInfo(name)
    component = icalendar.Timezone()
    component.add("tzid", name)
    component.add("x-lic-location", name)
    # Years in runs that change offset by the same rules: Europe/London is one run, but
    # America/Santiago's rules ("the first Sunday on or after the 2nd") fall in another
    # week of the month from one year to the next, and governments move the dates.
    runs: list[tuple[list[int], tuple[_Rule, ...]]] = []
    for year in range(first, last + 1):
        rules = tuple(change.rule for change in _transitions(name, year))
        if runs and rules and runs[-1][1] == rules and runs[-1][0][-1] == year - 1:
            runs[-1][0].append(year)
        elif rules:
            runs.append(([year], rules))
    # a run is written as yearly rules when it spans years, and so is the last one, which
    # stands for the years after it too (a single meeting's own file is one such year)
    # (unless the changes stop before the last year: Mexico gave up summer time in 2022)
    open_ended = [
        index == len(runs) - 1 and years[-1] == last for index, (years, _) in enumerate(runs)
    ]
    recurring = [len(years) > 1 or open_ended[i] for i, (years, _) in enumerate(runs)]
    anchored = bool(runs) and recurring[0] and runs[0][0][0] == first
    if not anchored:
        # the offset in force from the start of the first year to its first change
        opening = dt.datetime(first, 1, 1, tzinfo=dt.UTC).astimezone(zone)
        standard = icalendar.TimezoneStandard()
        standard.add("tzname", opening.tzname())
        standard.add("dtstart", dt.datetime(1970, 1, 1))
        standard.add("tzoffsetfrom", opening.utcoffset())
        standard.add("tzoffsetto", opening.utcoffset())
        component.add_component(standard)
    for index, (years, _) in enumerate(runs):
        changes = [_transitions(name, year) for year in years]
        for position, change in enumerate(changes[0]):
            part = _observance(change)
            rule = change.rule
            if index == 0 and anchored:
                part.add("dtstart", _first_in(1970, rule))
            else:
                part.add("dtstart", change.local)
            part.add("tzoffsetfrom", change.before)
            part.add("tzoffsetto", change.after)
            if recurring[index]:
                recurrence: dict[str, object] = {
                    "freq": "yearly",
                    "bymonth": rule.month,
                    "byday": f"{rule.week}{_DAYS[rule.weekday]}",
                }
                if not open_ended[index]:
                    recurrence["until"] = changes[-1][position].moment
                part.add("rrule", recurrence)
            component.add_component(part)
    return component.to_ical()


# -- events -----------------------------------------------------------------------------


def uid_domain(workspace: Workspace) -> str:
    """The domain of every event's UID: `uid_domain`; without it, the one the events that
    subscribers have already carry (the memory holds their UIDs), so that a changed
    `publish_url` does not replace them (`check` says to set `uid_domain`); for a council
    publishing its first feeds, the host of `publish_url`."""
    council = workspace.council
    return (
        council.uid_domain
        or remembered_domain(workspace)
        or urlsplit(council.publish_url).hostname
        or "agendapack.invalid"
    )


def meeting_uid(workspace: Workspace, committee: Committee, meeting: Meeting) -> str:
    return f"{committee.slug}-{meeting.first_date.isoformat()}@{uid_domain(workspace)}"


def meeting_url(workspace: Workspace, committee: Committee, meeting: Meeting) -> str:
    """The meeting's page on the site; empty when the council has no publish_url."""
    base = workspace.council.publish_url
    return f"{base}{committee.slug}/{meeting.date.isoformat()}/" if base else ""


def _manifest(workspace: Workspace, committee: Committee, meeting: Meeting) -> Manifest | None:
    return read_manifest(workspace.layout.edition(committee.slug, meeting.date))


def is_built(workspace: Workspace, committee: Committee, meeting: Meeting) -> bool:
    """Whether the meeting's agenda and pack are built, as the site then offers them."""
    return _manifest(workspace, committee, meeting) is not None


def _agenda_numbers(workspace: Workspace, committee: Committee, meeting: Meeting) -> dict:
    """Item title -> its number on the agenda as published ("6A" for a late item), from
    the public manifest of the last build; nothing when it has not been built."""
    manifest = _manifest(workspace, committee, meeting)
    return {item.title: item.label for item in manifest.items} if manifest else {}


def _editions(
    workspace: Workspace, committee: Committee, meeting: Meeting
) -> list[PublishedEdition]:
    # a damaged folder of record links nothing: check, build and publish name it
    record = sound_record(workspace.layout, committee.slug, meeting.date, meeting.moved_from)
    return [e for e in record.editions if (record.folder / e.file).is_file()]


@dataclass(frozen=True)
class Papers:
    """The links to a meeting's papers, as its page on the site offers them."""

    agenda: str = ""
    packs: tuple[tuple[str, str], ...] = ()  # (what it is, URL)


def meeting_papers(workspace: Workspace, committee: Committee, meeting: Meeting) -> Papers:
    url = meeting_url(workspace, committee, meeting)
    if meeting.is_cancelled or not url:
        return Papers()
    editions = _editions(workspace, committee, meeting)
    built = is_built(workspace, committee, meeting)
    packs = tuple(
        (
            "Public document pack, as published"
            if e.kind == "pack"
            else f"Supplementary agenda {e.number}, as published",
            f"{url}published/{e.file}",
        )
        for e in editions
    )
    if not packs and built:
        packs = (("Public document pack", f"{url}{PACK}"),)
    return Papers(f"{url}{AGENDA}" if built else "", packs)


def _lines(
    workspace: Workspace, committee: Committee, meeting: Meeting, papers: Papers
) -> list[tuple[str, str]]:
    """The description, line by line: (text, link) where the line ends with a link."""
    lines: list[tuple[str, str]] = []
    if meeting.is_cancelled:
        lines.append((f"This meeting is cancelled: {meeting.cancelled}.", ""))
    else:
        if meeting.provisional:
            lines.append(("The date of this meeting is provisional: it may yet change.", ""))
        if meeting.moved_from:
            lines.append((f"Moved from {weekday_date(meeting.moved_from)}.", ""))
        lines.append(("Agenda:", ""))
        numbers = _agenda_numbers(workspace, committee, meeting)
        lines.extend(
            (f"{numbers.get(i.title, i.number)}. {i.title}", "")
            for i in public_agenda(committee, meeting).items
            if not i.exempt
        )
    url = meeting_url(workspace, committee, meeting)
    if url:
        lines.append(("", ""))
        lines.append(("Meeting page: ", url))
    if papers.agenda:
        lines.append(("Agenda front sheet: ", papers.agenda))
    for text, link in papers.packs:
        lines.append((f"{text}: ", link))
    return lines


def _plain(lines: list[tuple[str, str]]) -> str:
    return "\n".join(text + link for text, link in lines)


def _html(lines: list[tuple[str, str]]) -> str:
    """The description as HTML, so that Outlook shows the links as links."""
    body = "".join(
        f"<p>{html.escape(text)}"
        + (f'<a href="{html.escape(link)}">{html.escape(link)}</a>' if link else "")
        + "</p>"
        for text, link in lines
        if text or link
    )
    return f"<!DOCTYPE html><html><body>{body}</body></html>"


def _status(meeting: Meeting) -> str:
    if meeting.is_cancelled:
        return "CANCELLED"
    return "TENTATIVE" if meeting.provisional else "CONFIRMED"


def _summary(meeting: Meeting, summary: str) -> str:
    if meeting.is_cancelled:
        return f"Cancelled: {summary}"
    return f"Provisional: {summary}" if meeting.provisional else summary


def _organizer(committee: Committee) -> icalendar.vCalAddress | None:
    """The committee's officer: the person to ask, and what METHOD:PUBLISH requires."""
    officer = committee.officer
    if not officer.email:
        return None
    address = icalendar.vCalAddress(f"mailto:{officer.email}")
    address.params["CN"] = officer.name or committee.name
    return address


def _common(event: icalendar.Event, committee: Committee) -> None:
    organizer = _organizer(committee)
    if organizer is not None:
        event.add("organizer", organizer)
    event.add("categories", [committee.name])


def _stamp(event: icalendar.Event, memory: Memory, now: dt.datetime, moved: bool) -> None:
    """SEQUENCE, LAST-MODIFIED and DTSTAMP, from what the event says against the memory."""
    digest = event_digest(event)
    sequence, modified = memory.stamp(str(event["UID"]), digest, now, first=1 if moved else 0)
    event.add("sequence", sequence)
    event.add("last-modified", modified)
    event.add("dtstamp", modified)


def meeting_event(
    workspace: Workspace, committee: Committee, meeting: Meeting, memory: Memory, now: dt.datetime
) -> icalendar.Event:
    zone = zoneinfo.ZoneInfo(workspace.council.timezone)
    start = dt.datetime.combine(meeting.date, meeting.time, tzinfo=zone)
    papers = meeting_papers(workspace, committee, meeting)
    lines = _lines(workspace, committee, meeting, papers)
    event = icalendar.Event()
    event.add("uid", meeting_uid(workspace, committee, meeting))
    event.add("summary", _summary(meeting, committee.name))
    event.add("dtstart", start)
    event.add("dtend", (start.astimezone(dt.UTC) + meeting.duration).astimezone(zone))
    if meeting.venue:
        event.add("location", meeting.venue)
    event.add("description", _plain(lines))
    event.add("x-alt-desc", _html(lines), parameters={"FMTTYPE": "text/html"})
    event.add("status", _status(meeting))
    # a cancelled meeting stays in the calendar, struck out, but no longer keeps anyone busy
    event.add("transp", "TRANSPARENT" if meeting.is_cancelled else "OPAQUE")
    url = meeting_url(workspace, committee, meeting)
    if url:
        event.add("url", url)
    _common(event, committee)
    for link in (papers.agenda, *(link for _, link in papers.packs)):
        if link:
            event.add("attach", link, parameters={"FMTTYPE": "application/pdf"})
    _stamp(event, memory, now, moved=meeting.moved_from is not None)
    return event


def single_event(
    workspace: Workspace, committee: Committee, meeting: Meeting, memory: Memory, now: dt.datetime
) -> bytes:
    """One meeting as a calendar file of its own, for "Add to calendar": the same event,
    UID and SEQUENCE as in the committee's feed."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(vtimezone(workspace.council.timezone, meeting.date.year))
    calendar.add_component(meeting_event(workspace, committee, meeting, memory, now))
    return calendar.to_ical()


def _calendar(
    workspace: Workspace, name: str, about: str, years: tuple[int, int]
) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", about)
    # as icalendar writes an X- property, unescaped: ical.js takes an X- property's text
    # as it stands, and would show a "\," to the subscriber
    calendar.add("x-wr-caldesc", about)
    calendar.add("x-wr-timezone", workspace.council.timezone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    # icalendar writes a timedelta X- property as 12:00:00; a duration it must be
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH).to_ical().decode())
    calendar.add_component(vtimezone(workspace.council.timezone, *years))
    return calendar


def _years(days: Iterable[dt.date]) -> tuple[int, int]:
    years = [d.year for d in days]
    return (min(years), max(years)) if years else (2024, 2024)


def _about(workspace: Workspace, what: str) -> str:
    url = workspace.council.publish_url
    where = f" Meeting pages and papers: {url}" if url else ""
    return f"{what}, {workspace.council.name}. Updated as plans change.{where}".strip()


def meeting_feed(
    workspace: Workspace,
    committees: Iterable[Committee],
    name: str,
    about: str,
    memory: Memory,
    now: dt.datetime,
) -> bytes:
    committees = list(committees)
    years = _years(m.date for c in committees for m in c.meetings)
    calendar = _calendar(workspace, name, about, years)
    for committee in committees:
        for meeting in committee.meetings:
            calendar.add_component(meeting_event(workspace, committee, meeting, memory, now))
    return calendar.to_ical()


def _deadlines(
    workspace: Workspace,
) -> Iterator[tuple[Committee, Meeting, str, dt.date, str]]:
    for committee in workspace.committees:
        for meeting in committee.meetings:
            reports, publish = meeting_deadlines(workspace.council, meeting)
            yield committee, meeting, "reports", reports, "Reports due"
            yield committee, meeting, "publish", publish, "Publish pack"


def deadline_feed(workspace: Workspace, memory: Memory, now: dt.datetime) -> bytes:
    council = workspace.council
    rows = list(_deadlines(workspace))
    calendar = _calendar(
        workspace,
        f"{council.name} deadlines".strip(),
        _about(
            workspace,
            "For officers: when reports are due and when each pack must be published "
            f"({council.notice_days} clear working days before the meeting)",
        ),
        _years(day for *_, day, _ in rows),
    )
    domain = uid_domain(workspace)
    for committee, meeting, kind, day, summary in rows:
        # named after the meeting's first date, as the meeting is: a move changes the
        # dates of the same events, which subscribers then see as updates
        uid = f"{kind}-{committee.slug}-{meeting.first_date.isoformat()}@{domain}"
        url = meeting_url(workspace, committee, meeting)
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("summary", _summary(meeting, f"{summary}: {committee.name}"))
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        text = f"For the meeting on {weekday_date(meeting.date)} at {clock_time(meeting.time)}."
        if meeting.is_cancelled:
            text = f"The meeting on {weekday_date(meeting.date)} is cancelled: {meeting.cancelled}."
        event.add("description", f"{text} {url}".strip())
        event.add("status", _status(meeting))
        event.add("transp", "TRANSPARENT")
        if url:
            event.add("url", url)
        _common(event, committee)
        _stamp(event, memory, now, moved=meeting.moved_from is not None)
        calendar.add_component(event)
    return calendar.to_ical()


# -- writing ----------------------------------------------------------------------------


def read_memory(workspace: Workspace) -> Memory:
    path = workspace.layout.calendar_memory
    return Memory.read(path, workspace.relative(path))


MAX_FEED = 50 * 1024 * 1024  # a year's feed of every committee is well under 1 MB


def event_digest(event: icalendar.cal.Component) -> str:
    """The hash of what an event publishes, all but SEQUENCE, LAST-MODIFIED and DTSTAMP:
    what the memory compares to tell a change."""
    for key in _STAMPS:
        event.pop(key, None)
    return hashlib.sha256(event.to_ical()).hexdigest()


def feed_events(
    file: Path, wanted: Callable[[str, int], bool] | None = None
) -> dict[str, Remembered]:
    """Each event of an .ics feed as the memory would hold it, by UID: its SEQUENCE (the
    highest, should it come twice), LAST-MODIFIED and what it publishes; AgendapackError,
    naming the file, for what is not a feed. With `wanted(uid, sequence)`, only the events
    it wants: what an event publishes is costly to hash, and most need nothing."""
    where = None
    if not file.exists():
        where = "there is no such file"
    elif not file.is_file():
        where = "it is a folder, not a file"
    elif file.stat().st_size > MAX_FEED:
        where = f"it is larger than {MAX_FEED // 2**20} MB, far more than a feed"
    if where:
        raise AgendapackError(Problem.error(file, f"{where}; give the .ics feed subscribers had"))
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_FEED + 1)
        if not data.lstrip(b"\xef\xbb\xbf \t\r\n").upper().startswith(b"BEGIN:VCALENDAR"):
            # what the parser would say of it is about its own workings, not the file
            raise ValueError("it does not begin with BEGIN:VCALENDAR, as a feed does")
        calendar = icalendar.Calendar.from_ical(data)
        found: dict[str, Remembered] = {}
        for event in calendar.walk("VEVENT"):
            uid = str(event.get("UID", ""))
            if not uid:
                continue
            sequence = sequence_number(str(event.get("SEQUENCE", 0)))
            if uid in found and found[uid].sequence >= sequence:
                continue
            if wanted is not None and not wanted(uid, sequence):
                continue
            modified = event.get("LAST-MODIFIED")
            moment = getattr(modified, "dt", None)
            when = (
                moment.astimezone(dt.UTC).replace(microsecond=0)
                if isinstance(moment, dt.datetime) and moment.tzinfo is not None
                else LONG_AGO
            )
            found[uid] = Remembered(sequence, when, event_digest(event))
        return found
    except Exception as exc:
        reason = ascii(str(exc))[1:-1][:120]  # never the file's own bytes as they are
        raise AgendapackError(
            Problem.error(
                file,
                f"not a calendar agendapack can read ({reason}); give the .ics "
                "feed subscribers had",
            )
        ) from None


def import_sequences(workspace: Workspace, paths: Iterable[Path]) -> int:
    """Take the events of older feeds (files, or folders of .ics files) into the memory,
    once, so that events published before it never go back to a lower number, and keep
    their numbers when published unchanged."""
    memory = read_memory(workspace)
    events: dict[str, Remembered] = {}
    for path in paths:
        files = sorted(path.glob("*.ics")) if path.is_dir() else [path]
        if path.is_dir() and not files:
            raise AgendapackError(Problem.error(path, "the folder holds no .ics feed"))
        for file in files:
            for uid, seen in feed_events(file).items():
                if uid not in events or events[uid].sequence < seen.sequence:
                    events[uid] = seen
    taken = memory.take_sequences(events)
    if memory.changed:
        memory.write(workspace.layout.calendar_memory)
    return taken


def write_calendars(workspace: Workspace, now: dt.datetime | None = None) -> list[Path]:
    """Write build/calendars/: <slug>.ics, all.ics and deadlines.ics, and the memory in
    published/calendars/state.json when any event changed. Returns the feeds' paths."""
    now = now or build_time()
    memory = read_memory(workspace)
    out = workspace.layout.calendars
    # the feeds as subscribers last had them (those written, or restored from the web
    # server into the site): no event goes below its number there
    # (the site's copies are the same feeds: read only where build/calendars/ lacks one)
    written = sorted(out.glob("*.ics")) if out.is_dir() else []
    restored = workspace.layout.site / "calendars"
    names = {f.name for f in written}
    if restored.is_dir():
        written += sorted(f for f in restored.glob("*.ics") if f.name not in names)

    def wanted(uid: str, sequence: int) -> bool:
        known = memory.events.get(uid)
        return known is None or known.sequence < sequence

    for feed in written:
        try:
            memory.floor(feed_events(feed, wanted))
        except AgendapackError:
            continue  # a damaged old feed is replaced; the memory holds the numbers
    council = workspace.council.name
    feeds: list[tuple[Path, bytes]] = []
    for committee in workspace.committees:
        feeds.append(
            (
                out / f"{committee.slug}.ics",
                meeting_feed(
                    workspace,
                    [committee],
                    committee.name,
                    _about(workspace, f"Meetings of the {committee.name}"),
                    memory,
                    now,
                ),
            )
        )
    feeds.append(
        (
            out / "all.ics",
            meeting_feed(
                workspace,
                workspace.committees,
                f"{council} committee meetings".strip(),
                _about(workspace, "Meetings of every committee"),
                memory,
                now,
            ),
        )
    )
    feeds.append((out / "deadlines.ics", deadline_feed(workspace, memory, now)))
    # the memory first: a feed never goes out with numbers the memory has not kept
    if memory.changed:
        memory.write(workspace.layout.calendar_memory)
    for path, data in feeds:
        write_atomic(path, data)
    return [path for path, _ in feeds]


def google_event_link(workspace: Workspace, committee: Committee, meeting: Meeting) -> str:
    """A Google Calendar link that adds this one meeting (Google reads no .ics link)."""
    from urllib.parse import urlencode

    zone = zoneinfo.ZoneInfo(workspace.council.timezone)
    start = dt.datetime.combine(meeting.date, meeting.time, tzinfo=zone).astimezone(dt.UTC)
    end = start + meeting.duration
    url = meeting_url(workspace, committee, meeting)
    details = f"{committee.name}, {long_date(meeting.date)}." + (f" {url}" if url else "")
    query = {
        "action": "TEMPLATE",
        "text": _summary(meeting, committee.name),
        "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
        "details": details,
        "location": meeting.venue,
        "ctz": workspace.council.timezone,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)
