"""Working-day arithmetic for the statutory dates: pure functions of dates and holidays.

s.100B(3) Local Government Act 1972: the agenda and reports are open to inspection at
least five clear days before the meeting, where "clear days" leave out the day of
publication, the day of the meeting, weekends and bank holidays.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Container
from functools import lru_cache
from typing import TypeGuard

from agendapack.model import Council, Meeting
from agendapack.store import Memo, Store, current

ONE_DAY = dt.timedelta(days=1)
# The years whose bank holidays are remembered between runs (build/.cache/): the holidays
# package loads the rules of every country it knows before it answers for one, a fifth
# of a second of every command. Other years are asked of it as they come.
REMEMBERED = range(2000, 2061)


@functools.cache
def _holidays_version() -> str:
    from importlib import metadata

    return metadata.version("holidays")


def _regions(memo: Memo) -> dict[str, list[str]]:
    """The regions a memo of bank holidays holds, if it is of this version of the holidays
    package and of the remembered years; else it starts again, empty."""
    if (
        memo.get("holidays") != _holidays_version()
        or memo.get("years") != [REMEMBERED.start, REMEMBERED.stop]
        or not isinstance(memo.get("regions"), dict)
    ):
        memo.replace(
            {
                "holidays": _holidays_version(),
                "years": [REMEMBERED.start, REMEMBERED.stop],
                "regions": {},
            }
        )
    regions: dict[str, list[str]] = memo.get("regions")
    return regions


def _plausible(days: object) -> TypeGuard[list[str]]:
    """Whether what the memory holds for a region is a region's bank holidays: dates in
    the remembered years, several of them in each (a file edited or damaged by hand is
    asked of the holidays package again)."""
    if not isinstance(days, list) or not all(isinstance(day, str) for day in days):
        return False
    try:
        years = [dt.date.fromisoformat(day).year for day in days]
    except ValueError:
        return False
    return all(years.count(year) >= 2 for year in REMEMBERED)


@lru_cache(maxsize=16)
def _library(region: str, years: range | None = None) -> Collection[dt.date]:
    import holidays as holidays_lib

    country, subdivision = parse_region(region)
    if years is None:
        return holidays_lib.country_holidays(country, subdiv=subdivision)
    return holidays_lib.country_holidays(country, subdiv=subdivision, years=years)


class _Remembered:
    """A region's bank holidays: the remembered years from memory, others from the
    holidays package."""

    def __init__(self, region: str, days: list[str]) -> None:
        self.region = region
        self.days = {dt.date.fromisoformat(day) for day in days}

    def __contains__(self, day: object) -> bool:
        if isinstance(day, dt.date) and day.year in REMEMBERED:
            return day in self.days
        return day in _library(self.region)


def parse_region(region: str) -> tuple[str, str | None]:
    """'GB-ENG' to ('GB', 'ENG'); 'FR' to ('FR', None)."""
    country, _, subdivision = region.strip().partition("-")
    return country.upper(), (subdivision.upper() or None)


def region_problem(region: str) -> str | None:
    """Why a `holidays` region is not one the holidays package knows, or None.

    Asks for the one country rather than listing all of them, which loads every country's
    rules and costs a noticeable part of a second."""
    store = current()
    if store.remembers and _plausible(_regions(store.holidays).get(region)):
        return None  # known when it was remembered
    import holidays as holidays_lib

    country, subdivision = parse_region(region)
    try:
        known = holidays_lib.country_holidays(country)
    except (NotImplementedError, KeyError, AttributeError):
        return f"unknown holidays region {region!r}; use a country code such as GB-ENG or GB-SCT"
    if subdivision and subdivision not in known.subdivisions:
        names = ", ".join(f"{country}-{s}" for s in known.subdivisions)
        return f"unknown holidays region {region!r}; {country} has {names}"
    if store.remembers:
        bank_holidays(region)  # remembered from now on
    return None


def _remembered_days(region: str) -> list[str]:
    """The region's bank holidays in the remembered years, as ISO dates."""
    found = _library(region, REMEMBERED)
    return sorted(day.isoformat() for day in found)


def bank_holidays(region: str) -> Container[dt.date]:
    """The region's bank holidays: in a run, remembered in its store (and between runs in
    build/.cache/); outside one, from the holidays package."""
    store = current()
    known = store.bank_holidays.get(region)
    if known is None:
        known = store.bank_holidays[region] = _bank_holidays(store, region)
    return known


def _bank_holidays(store: Store, region: str) -> Container[dt.date]:
    if not store.remembers:
        return _library(region)
    regions = _regions(store.holidays)
    days = regions.get(region)
    if not _plausible(days):
        days = _remembered_days(region)
        regions[region] = days
        store.holidays.changed = True
    return _Remembered(region, days)


def is_working_day(day: dt.date, region: str) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(region)


def working_days_before(day: dt.date, count: int, region: str) -> dt.date:
    """The working day that has `count - 1` working days between it and `day`."""
    while count > 0:
        day -= ONE_DAY
        if is_working_day(day, region):
            count -= 1
    return day


def publish_by(meeting: dt.date, notice_days: int, region: str) -> dt.date:
    """The latest working day that leaves `notice_days` clear working days before the meeting."""
    return working_days_before(meeting, notice_days + 1, region)


def report_deadline(publish: dt.date, report_days: int, region: str) -> dt.date:
    """The day reports are due: `report_days` working days before publication."""
    return working_days_before(publish, report_days, region)


def working_days_between(start: dt.date, end: dt.date, region: str) -> int:
    """Working days after `start` up to and including `end` (negative when end is earlier)."""
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        if is_working_day(day, region):
            count += 1
    return sign * count


def meeting_deadlines(council: Council, meeting: Meeting) -> tuple[dt.date, dt.date]:
    """(report deadline, publish-by) for a meeting; an override of publish-by is honoured,
    and `check` warns when it is later than the law allows."""
    region = council.holidays
    publish = meeting.publish_by or publish_by(meeting.date, council.notice_days, region)
    return report_deadline(publish, council.report_days, region), publish
