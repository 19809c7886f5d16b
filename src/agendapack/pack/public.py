"""What the public may see of a meeting: the one view every public writer reads. Pure.

The contract (the README's "Exempt information"): a wholly exempt item appears as its
number, its title and the paragraph of Schedule 12A that applies, and nothing else of it
(not its subtitle, purpose, documents, their titles or file names); an exempt appendix
of a public item appears only as a note that the item has one, and why. The public front
sheet, the pack, agenda.docx, the manifest, the site, the feeds, the tracker and the
work-programme table are all made from these objects, which are built without ever
copying an exempt field: a writer that holds only a `PublicMeeting` cannot leak what it
was never given. The exempt pack is the one writer that reads the full plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from agendapack.model import Committee, Meeting
from agendapack.pack.plan import MeetingPlan, PlannedItem, plan_meeting
from agendapack.wording import paragraph_list

SCHEDULE = "of Part 1 of Schedule 12A to the Local Government Act 1972"


@dataclass(frozen=True)
class PublicDocument:
    """A public document of an item, as the pack, documents/ and the site show it."""

    title: str
    key: str  # its name under documents/
    source: Path | None = None
    generated: str | None = None  # "tracker", "work-programme"


@dataclass(frozen=True)
class PublicItem:
    """An agenda item as the public may see it."""

    number: int
    title: str
    subtitle: str = ""
    purpose: str = ""
    note: str = ""  # what may be said of its exempt papers: that they exist, and why
    documents: tuple[PublicDocument, ...] = ()
    standing: str | None = None
    exempt: int | None = None  # the paragraph, when the whole item is exempt
    exempt_appendices: int = 0  # how many of a public item's papers are exempt


@dataclass(frozen=True)
class PublicResolution:
    """A row of the recommendation tracker."""

    date: dt.date
    letter: str  # R or A
    text: str
    response: str
    status: str
    item: str = ""  # the title of the item it was resolved under, when known


@dataclass(frozen=True)
class PublicMeeting:
    """A meeting as the public may see it: where and when, and its agenda."""

    committee_slug: str
    committee_name: str
    date: dt.date
    time: dt.time
    venue: str
    items: tuple[PublicItem, ...]
    cancelled: str | None = None
    moved_from: dt.date | None = None
    has_exempt: bool = False  # that an exempt pack exists may be said, not what is in it
    tracker: tuple[PublicResolution, ...] = ()
    resolved: tuple[PublicResolution, ...] = ()  # what this meeting itself resolved

    @property
    def documents(self) -> tuple[PublicDocument, ...]:
        return tuple(d for item in self.items for d in item.documents)


@dataclass(frozen=True)
class ProgrammeBusiness:
    title: str
    purpose: str


@dataclass(frozen=True)
class ProgrammeMeeting:
    """One meeting's row of the work-programme table."""

    date: dt.date
    cancelled: str | None
    moved_from: dt.date | None
    business: tuple[ProgrammeBusiness, ...]


def exempt_note(item: PlannedItem) -> str:
    """What a public page says of an item's exempt papers."""
    if item.exempt:
        return f"Exempt: {paragraph_list(item.paragraphs)} {SCHEDULE}"
    count = len(item.exempt_documents)
    if not count:
        return ""
    which = "an exempt appendix" if count == 1 else f"{count} exempt appendices"
    return (
        f"This item has {which} ({paragraph_list(item.paragraphs)} of Part 1 of "
        "Schedule 12A), circulated separately"
    )


def _public_item(item: PlannedItem) -> PublicItem:
    note = exempt_note(item)
    if item.exempt:
        return PublicItem(item.number, item.title, note=note, exempt=item.exempt)
    return PublicItem(
        number=item.number,
        title=item.title,
        subtitle=item.subtitle,
        purpose=item.purpose,
        note=note,
        documents=tuple(
            PublicDocument(d.title, d.key, d.source, d.generated) for d in item.public_documents
        ),
        standing=item.standing,
        exempt_appendices=len(item.exempt_documents),
    )


def _rows(meeting: Meeting) -> tuple[PublicResolution, ...]:
    return tuple(
        PublicResolution(
            meeting.date,
            resolution.letter,
            resolution.text,
            resolution.response,
            resolution.status,
            resolution.item,
        )
        for resolution in meeting.resolutions
    )


def tracker_rows(committee: Committee, meeting: Meeting) -> tuple[PublicResolution, ...]:
    """Every resolution of the year's earlier meetings, oldest first, and those of earlier
    years still open: a programme rolled over by `new-year` carries them on."""
    start = committee.years.start(committee.year_of(meeting))
    return tuple(
        row
        for earlier in committee.meetings
        if earlier.date < meeting.date
        for row in _rows(earlier)
        if earlier.date >= start or row.status == "open"
    )


def public_view(plan: MeetingPlan) -> PublicMeeting:
    """The meeting as the public may see it."""
    committee, meeting = plan.committee, plan.meeting
    return PublicMeeting(
        committee_slug=committee.slug,
        committee_name=committee.name,
        date=meeting.date,
        time=meeting.time,
        venue=meeting.venue,
        items=tuple(_public_item(item) for item in plan.items),
        cancelled=meeting.cancelled,
        moved_from=meeting.moved_from,
        has_exempt=plan.has_exempt,
        tracker=tracker_rows(committee, meeting),
        resolved=_rows(meeting),
    )


def public_agenda(committee: Committee, meeting: Meeting) -> PublicMeeting:
    """The public view of a meeting whose papers are not looked at (feeds, the site before
    a build): the same items and numbers, without the documents found on disk."""
    return public_view(plan_meeting(committee, meeting, minutes=None, cover=None))


def programme_year(committee: Committee, meeting: Meeting | None = None) -> tuple[Meeting, ...]:
    """The meetings of the programme's year; for a meeting of an earlier year (one rolled
    over by `new-year`), the meetings of that year, so its pack shows the table it had."""
    current = committee.this_year()
    if meeting is None or meeting in current:
        return current
    year = committee.year_of(meeting)
    return tuple(m for m in committee.meetings if m not in current and committee.year_of(m) == year)


def public_programme(
    committee: Committee, meeting: Meeting | None = None
) -> tuple[ProgrammeMeeting, ...]:
    """The year's meetings with their public business, for the work-programme table (the
    year of `meeting`, when given).

    Exempt items are left out of the table altogether: it is planning, not an agenda."""
    return tuple(
        ProgrammeMeeting(
            meeting.date,
            meeting.cancelled,
            meeting.moved_from,
            tuple(
                ProgrammeBusiness(item.title, item.purpose)
                for item in public_agenda(committee, meeting).items
                if item.standing is None and not item.exempt
            ),
        )
        for meeting in programme_year(committee, meeting)
    )
