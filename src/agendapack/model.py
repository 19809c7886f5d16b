"""The typed model of a workspace: what every other stage reads.

The loader (``agendapack.programme.load``) is the only place that builds these objects and
the only place that validates; everything downstream may trust them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from agendapack.errors import AgendapackError, Problem
from agendapack.layout import Layout

STANDING_ITEMS = ("apologies", "declarations", "minutes", "tracker", "work-programme")
# Word and Writer documents; spreadsheets and slides (an Excel appendix, a presentation to
# the committee), converted by LibreOffice as the Word papers are; PDFs as they come
SUPPORTED_SUFFIXES = (
    *(".docx", ".doc", ".odt", ".rtf"),
    *(".xlsx", ".xls", ".ods", ".pptx", ".ppt", ".odp"),
    ".pdf",
)
MINUTES_NAMES = tuple(f"minutes{s}" for s in (".docx", ".odt", ".rtf", ".pdf", ".doc"))
# The exempt minutes `agendapack minutes` writes beside them: the meeting's own record, never
# a paper of the pack (the minutes item of the next meeting takes the public ones only).
EXEMPT_MINUTES_NAMES = tuple(
    f"minutes-exempt{s}" for s in (".docx", ".odt", ".rtf", ".pdf", ".doc")
)


# The dates a programme may hold: from the Local Government Act 1972's coming into force to
# a year no programme will reach; outside it, working-day and calendar arithmetic runs off
# the end of Python's dates.
FIRST_YEAR, LAST_YEAR = 1974, 2100
_MUNICIPAL_YEAR = re.compile(r"^(\d{4})/(\d{2}|\d{4})$")


def municipal_year_span(year: str) -> tuple[dt.date, dt.date] | None:
    """'2023/24' to the May-to-May span of that municipal year (1 May 2023 to 31 May 2024:
    the annual meeting in May may fall either side), or None if it is not one. The one
    reading of a municipal year: the loader, the model and new-year all ask here."""
    match = _MUNICIPAL_YEAR.match(year)
    if not match:
        return None
    start = int(match[1])
    end = int(match[2]) if len(match[2]) == 4 else start // 100 * 100 + int(match[2])
    if end != start + 1 or not FIRST_YEAR <= start < LAST_YEAR:
        return None
    return dt.date(start, 5, 1), dt.date(end, 5, 31)


def year_label(start: int) -> str:
    """The municipal year starting in `start`: 2024 to "2024/25"."""
    return f"{start}/{(start + 1) % 100:02d}"


@dataclass(frozen=True)
class MunicipalYears:
    """Which municipal year a committee's meeting belongs to: the one definition that
    `check`, `new-year`, minute numbers, the tracker and the work programme share.

    A municipal year runs from one annual meeting of the council (in May) to the next.
    Year N/N+1 starts on the first of these that is known:
    - the council's annual meeting in year N (council.toml `annual_meetings`);
    - the committee's meeting marked `opens_year = "N/N+1"` (`new-year` marks the first
      meeting it adds);
    - for the year after the programme's `year`, 1 June: a meeting in May that the
      programme lists before `new-year` has run is that year's, as committees often meet
      in early May, before the annual meeting;
    - otherwise 1 May.
    A meeting belongs to the year whose start is the last one on or before its date."""

    current: int | None = None  # the first calendar year of the programme's `year`
    starts: tuple[tuple[int, dt.date], ...] = ()  # the known starts, by year

    def start(self, year: int) -> dt.date:
        known = dict(self.starts).get(year)
        if known is not None:
            return known
        if self.current is not None and year == self.current + 1:
            return dt.date(year, 6, 1)
        return dt.date(year, 5, 1)

    def of(self, day: dt.date) -> int:
        """The first calendar year of the municipal year `day` is in."""
        return day.year if day >= self.start(day.year) else day.year - 1

    def label_of(self, day: dt.date) -> str:
        return year_label(self.of(day))

    def span(self, year: int) -> tuple[dt.date, dt.date]:
        """The first and the last day of the municipal year starting in `year`."""
        return self.start(year), self.start(year + 1) - dt.timedelta(days=1)

    def describe(self, year: int) -> str:
        """ "May 2024 to May 2025", or the days themselves when an annual meeting or a
        marked meeting draws the line."""
        first, last = self.span(year)
        if (first.month, first.day) == (5, 1) and (last.month, last.day) == (5, 31):
            return f"May {first.year} to May {last.year}"
        return f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"


@dataclass(frozen=True)
class Council:
    """The authority: its name, address and the rules its committees share (council.toml)."""

    name: str
    address: str = ""
    publish_url: str = ""
    # the lasting name of the council's calendar events (their UIDs end "@uid_domain"),
    # kept apart from publish_url so that moving the site never replaces them
    uid_domain: str = ""
    timezone: str = "Europe/London"
    holidays: str = "GB-ENG"
    notice_days: int = 5
    report_days: int = 5
    max_items: int = 3
    duplex: bool = True
    signatory: str = ""
    notices: tuple[str, ...] = ()
    # the days of the council's annual meetings, where each municipal year begins
    annual_meetings: tuple[dt.date, ...] = ()
    source: str = "programme/council.toml"


@dataclass(frozen=True)
class Officer:
    """The support officer named on the front sheet as the contact for the committee."""

    name: str = ""
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Document:
    """A paper for an item: a cover report or an appendix, as a file in the meeting folder."""

    file: str  # as written in the programme, relative to the meeting folder
    path: Path  # absolute
    title: str | None = None
    exempt: int | None = None  # paragraph of Schedule 12A, Part 1
    line: int | None = None

    @property
    def is_pdf(self) -> bool:
        return self.path.suffix.lower() == ".pdf"


@dataclass(frozen=True)
class Item:
    """A piece of business on a meeting's agenda, as the chair wrote it in the programme."""

    title: str
    subtitle: str = ""
    purpose: str = ""
    documents: tuple[Document, ...] = ()
    exempt: int | None = None  # the whole item is exempt under this paragraph
    urgency: str = ""  # the chair's reason for taking it although it is late (s.100B(4)(b))
    line: int | None = None


@dataclass(frozen=True)
class Resolution:
    """What a meeting resolved: a recommendation or an action, followed up in the tracker."""

    kind: str  # "recommendation" or "action"
    text: str
    response: str = ""
    status: str = "open"  # or "complete"
    item: str = ""  # the title of the agenda item it was resolved under, when known
    line: int | None = None

    @property
    def letter(self) -> str:
        return "R" if self.kind == "recommendation" else "A"


@dataclass(frozen=True)
class Meeting:
    """One meeting of a committee: when and where, and the business the chair planned."""

    date: dt.date
    time: dt.time
    venue: str
    duration: dt.timedelta
    items: tuple[Item, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    cancelled: str | None = None  # the reason, when cancelled
    moved_from: dt.date | None = None
    # "2025/26" on the first meeting of that municipal year (new-year writes it)
    opens_year: str = ""
    publish_by: dt.date | None = None  # an override of the statutory date
    first_minute: int | None = None  # its first minute number, correcting the count
    provisional: bool = False  # the date is not yet confirmed
    line: int | None = None

    @property
    def first_date(self) -> dt.date:
        """The date the meeting was first planned for: its identity across moves."""
        return self.moved_from or self.date

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled is not None

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.time)


@dataclass(frozen=True)
class RecurringTopic:
    """A topic that must come to the committee every year in a given month."""

    title: str
    month: int
    note: str = ""
    line: int | None = None


@dataclass(frozen=True)
class PendingTopic:
    """A topic the committee has agreed to take but has not yet given a date."""

    title: str
    note: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Committee:
    """A committee and its work programme for one municipal year (programme/<slug>.toml)."""

    slug: str
    name: str
    year: str = ""
    venue: str = ""
    time: dt.time = dt.time(10, 0)
    duration: dt.timedelta = dt.timedelta(hours=2)
    chair: str = ""
    members: tuple[str, ...] = ()
    opening: tuple[str, ...] = ("apologies", "declarations", "minutes")
    closing: tuple[str, ...] = ("tracker", "work-programme")
    officer: Officer = field(default_factory=Officer)
    meetings: tuple[Meeting, ...] = ()
    recurring: tuple[RecurringTopic, ...] = ()
    pending: tuple[PendingTopic, ...] = ()
    first_minute: int = 1  # the number of the year's first minute
    source: str = ""
    years: MunicipalYears = field(default_factory=MunicipalYears)

    def meeting_on(self, date: dt.date) -> Meeting | None:
        return next((m for m in self.meetings if m.date == date), None)

    @property
    def year_span(self) -> tuple[dt.date, dt.date] | None:
        """The municipal year the programme is for; None without a `year`."""
        return municipal_year_span(self.year) if self.year else None

    def this_year(self) -> tuple[Meeting, ...]:
        """The meetings of the programme's year (and any after it). Those before it are
        earlier years' (see `agendapack new-year`), kept for their minutes, resolutions and
        calendar events."""
        current = self.years.current
        if current is None:
            return self.meetings
        return tuple(m for m in self.meetings if self.years.of(m.date) >= current)

    def year_of(self, meeting: Meeting) -> int:
        """The first calendar year of the municipal year the meeting belongs to."""
        return self.years.of(meeting.date)

    def previous_meeting(self, meeting: Meeting) -> Meeting | None:
        """The last meeting before this one that was held (not cancelled)."""
        held = [m for m in self.meetings if m.date < meeting.date and not m.is_cancelled]
        return max(held, key=lambda m: m.date, default=None)


@dataclass(frozen=True)
class Workspace:
    """A folder with programme/, packs/ and templates/: everything a build reads."""

    root: Path
    council: Council
    committees: tuple[Committee, ...] = ()

    def committee(self, slug: str) -> Committee | None:
        return next((c for c in self.committees if c.slug == slug), None)

    def choose(self, slug: str | None) -> tuple[Committee, ...]:
        """Every committee, or the one named on the command line; an unknown name is the
        user's mistake, answered with the names there are."""
        if slug is None:
            return self.committees
        found = self.committee(slug)
        if found is None:
            known = ", ".join(c.slug for c in self.committees)
            raise AgendapackError(
                Problem.error("", f"no committee {slug!r}; the workspace has {known}")
            )
        return (found,)

    @property
    def layout(self) -> Layout:
        return Layout(self.root)

    def meeting_folder(self, committee: Committee, date: dt.date) -> Path:
        return self.layout.meeting_folder(committee.slug, date)

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
