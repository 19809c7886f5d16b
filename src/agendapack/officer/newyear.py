"""Rolling a committee's programme over to the next municipal year.

The new year's meetings are added to the committee's own file, after this year's, and its
`year` moves on. One file for the committee's whole history, because its name is the
committee's identity: the calendar feed councillors subscribed to, the site's addresses,
`packs/<committee>/`. Kept in the file, this year's meetings still give the first
meeting of the next its minutes to confirm and its tracker the resolutions still open;
the `[[pending]]` topics stay where they are, carried over; each `[[recurring]]` topic
becomes an item of the new meeting in its month. Nothing already in the file is changed
but `year`, and a year whose meetings are already there is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass, field

from agendapack.errors import AgendapackError, Problem
from agendapack.model import Committee, MunicipalYears, Workspace, municipal_year_span
from agendapack.programme.edit import insert_after_meeting
from agendapack.store import write_whole
from agendapack.wording import long_date

_YEAR_LINE = re.compile(r'^(year\s*=\s*)"[^"\n]*"(.*)$', re.MULTILINE)
_FIRST_TABLE = re.compile(r"^\s*\[", re.MULTILINE)
_MARK_COMMENT = "   # the first meeting of the municipal year"


@dataclass
class NewYear:
    """What rolling the programme over did, for the officer to read."""

    year: str
    dates: list[dt.date]
    placed: list[tuple[str, dt.date]] = field(default_factory=list)  # recurring topic, meeting
    unplaced: list[tuple[str, int]] = field(default_factory=list)  # recurring topic, month
    pending: int = 0
    open_resolutions: int = 0


def next_year(year: str) -> str:
    """'2023/24' to '2024/25'."""
    span = municipal_year_span(year)
    if span is None:
        raise AgendapackError(
            Problem.error("", f'{year!r} is not a municipal year such as "2024/25"')
        )
    start = span[0].year + 1
    return f"{start}/{(start + 1) % 100:02d}"


def _same_weekday(day: dt.date, year: int) -> dt.date:
    """The same weekday in the same week of the month, a year on: the fourth Thursday of
    September 2023 to the fourth Thursday of September 2024 (the last one, if it was the
    fifth)."""
    week = (day.day - 1) // 7
    first = dt.date(year, day.month, 1)
    date = first + dt.timedelta(days=(day.weekday() - first.weekday()) % 7 + 7 * week)
    while date.month != day.month:
        date -= dt.timedelta(days=7)
    return date


def proposed_dates(committee: Committee, year: str) -> list[dt.date]:
    """Without --dates: this year's held meetings, each on the same weekday of its week of
    the month a year on."""
    span = committee.year_span
    new = municipal_year_span(year)
    if span is None or new is None:
        raise AgendapackError(
            Problem.error(
                committee.source,
                "without `year` the meetings to follow are not "
                "known; give the new year's dates with --dates 2024-06-27,2024-09-26,...",
            )
        )
    years_on = new[0].year - span[0].year
    return sorted(
        {
            _same_weekday(m.date, m.date.year + years_on)
            for m in committee.this_year()
            if not m.is_cancelled
        }
    )


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def roll_over(
    workspace: Workspace, committee: Committee, year: str, dates: list[dt.date] | None
) -> NewYear:
    """Add `year`'s meetings to the committee's file; raises AgendapackError, writing
    nothing, when the year is not the next one, a date is outside it, or its meetings are
    already there."""
    source = workspace.root / committee.source
    loose = municipal_year_span(year)
    if loose is None:
        raise AgendapackError(
            Problem.error("", f'{year!r} is not a municipal year such as "2024/25"')
        )
    # the new year as the council's annual meetings draw it, else May to May
    new_years = MunicipalYears(loose[0].year, committee.years.starts)
    span = new_years.span(loose[0].year)
    if committee.year and committee.year_span and committee.year_span[0] >= loose[0]:
        raise AgendapackError(
            Problem.error(
                committee.source,
                f"the programme is already for {committee.year}; {year} is not a year after it",
            )
        )
    if dates is not None:
        twice = sorted({d for d in dates if dates.count(d) > 1})
        if twice:
            raise AgendapackError(
                Problem.error(
                    "",
                    f"--dates gives {', '.join(d.isoformat() for d in twice)} twice; "
                    "give each meeting's date once",
                )
            )
        if not dates:
            raise AgendapackError(
                Problem.error(
                    "",
                    "--dates gives no date; give the new year's dates, "
                    "2024-06-27,2024-09-26,..., or leave it out for this year's weekdays",
                )
            )
    dates = sorted(dates) if dates else proposed_dates(committee, year)
    if not dates:
        raise AgendapackError(
            Problem.error(
                committee.source,
                "this year has no meetings to follow; give the new "
                "year's dates with --dates 2024-06-27,2024-09-26,...",
            )
        )
    outside = [d for d in dates if not span[0] <= d <= span[1]]
    if outside:
        raise AgendapackError(
            Problem.error(
                "",
                f"{', '.join(d.isoformat() for d in outside)} "
                f"{'is' if len(outside) == 1 else 'are'} outside the municipal year {year} "
                f"({new_years.describe(loose[0].year)})",
            )
        )
    # The meetings already in the file are this year's (or earlier), even one in May after
    # the new year's first of May (model.MunicipalYears): only one that the council's
    # annual meeting puts in the new year, or one on a new date, is in the way.
    there = [
        m
        for m in committee.meetings
        if m.date in dates or committee.years.of(m.date) >= loose[0].year
    ]
    if there:
        first = there[0]
        raise AgendapackError(
            Problem.error(
                committee.source,
                f"there is already a meeting on "
                f"{first.date.isoformat()}, in or after {year}; nothing was written",
                line=first.line,
            )
        )
    last = max((m.date for m in committee.meetings), default=None)
    if last is not None and dates[0] <= last:
        raise AgendapackError(
            Problem.error(
                "",
                f"{dates[0].isoformat()} is before this year's last meeting, on "
                f"{last.isoformat()}: the new year's meetings come after it; nothing was written",
            )
        )

    done = NewYear(year, dates)
    items: dict[dt.date, list[str]] = {d: [] for d in dates}
    for topic in committee.recurring:
        day = next((d for d in dates if d.month == topic.month), None)
        if day is None:
            done.unplaced.append((topic.title, topic.month))
            continue
        items[day].append(topic.title)
        done.placed.append((topic.title, day))
    done.pending = len(committee.pending)
    done.open_resolutions = sum(
        1 for m in committee.meetings for r in m.resolutions if r.status == "open"
    )

    text = source.read_bytes().decode("utf-8")
    mark = "\ufeff" if text.startswith("\ufeff") else ""
    text = text.removeprefix(mark)
    newline = "\r\n" if "\r\n" in text else "\n"
    block = [f"\n# {'=' * 30} {year} {'=' * 30}\n"]
    for day in dates:
        block.append(f"\n# {'-' * 64} {long_date(day)}\n[[meeting]]\ndate = {day.isoformat()}\n")
        if day == dates[0]:
            # where the new year begins, for minute numbers, the tracker, the work
            # programme and check: a meeting of this year in May stays this year's
            block.append(f"opens_year = {_q(year)}{_MARK_COMMENT}\n")
        for title in items[day]:
            block.append(f"\n[[meeting.item]]\ntitle = {_q(title)}\n")
    addition = "".join(block).replace("\n", newline)
    tables = tomllib.loads(text).get("meeting", [])
    if tables:
        updated = insert_after_meeting(text, len(tables) - 1, addition)
    else:  # no meeting yet: at the end, where a [[meeting]] header starts its own table
        updated = text.rstrip() + newline + addition
    # `year` moves on: it is among the committee's own keys, before its first table
    first_table = _FIRST_TABLE.search(updated)
    cut = first_table.start() if first_table else len(updated)
    head, rest = updated[:cut], updated[cut:]
    if _YEAR_LINE.search(head):
        head = _YEAR_LINE.sub(lambda m: f"{m[1]}{_q(year)}{m[2]}", head, count=1)
    else:
        head = re.sub(
            r"^(name\s*=.*)$",
            lambda m: f"{m[1]}{newline}year = {_q(year)}",
            head,
            count=1,
            flags=re.MULTILINE,
        )
    updated = head + rest

    # what was meant, before anything is written
    try:
        data = tomllib.loads(updated)
    except tomllib.TOMLDecodeError:
        data = {}
    found = {m.get("date") for m in data.get("meeting", [])}
    if data.get("year") != year or not set(dates) <= found:
        raise AgendapackError(
            Problem.error(committee.source, "could not add the meetings safely; add them by hand")
        )
    write_whole(source, (mark + updated).encode("utf-8"))
    return done
