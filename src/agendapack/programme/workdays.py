"""Working-day arithmetic for the statutory dates: pure functions of dates and holidays.

s.100B(3) Local Government Act 1972: the agenda and reports are open to inspection at
least five clear days before the meeting, where "clear days" leave out the day of
publication, the day of the meeting, weekends and bank holidays.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Collection, Container
from functools import lru_cache
from pathlib import Path

from agendapack.model import Council, Meeting

ONE_DAY = dt.timedelta(days=1)
# The years whose bank holidays are remembered between runs (build/.cache/): the holidays
# package loads the rules of every country it knows before it answers for one, a fifth
# of a second of every command. Other years are asked of it as they come.
REMEMBERED = range(2000, 2061)
_memory: dict[str, list[str]] = {}
_memory_file: list[Path] = []
_memory_changed: list[bool] = [False]


def _holidays_version() -> str:
    from importlib import metadata

    return metadata.version("holidays")


def use_holiday_memory(path: Path) -> None:
    """Remember the bank holidays of each region asked for in `path`, between runs."""
    _memory.clear()
    _memory_file[:] = [path]
    _memory_changed[0] = False
    bank_holidays.cache_clear()
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("holidays") == _holidays_version() and data.get("years") == [
            REMEMBERED.start,
            REMEMBERED.stop,
        ]:
            _memory.update(
                (region, days)
                for region, days in data["regions"].items()
                if isinstance(region, str) and _plausible(days)
            )


def _plausible(days: object) -> bool:
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


def save_holiday_memory() -> None:
    """Write down what `use_holiday_memory` learnt, if anything; a disk that cannot be
    written costs the next run the fifth of a second again."""
    if not _memory_file or not _memory_changed[0]:
        return
    path = _memory_file[0]
    data = {
        "holidays": _holidays_version(),
        "years": [REMEMBERED.start, REMEMBERED.stop],
        "regions": _memory,
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
            temporary.replace(path)
        finally:
            temporary.unlink(missing_ok=True)
    _memory_changed[0] = False


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
    if region in _memory:  # known when it was remembered
        return None
    import holidays as holidays_lib

    country, subdivision = parse_region(region)
    try:
        known = holidays_lib.country_holidays(country)
    except (NotImplementedError, KeyError, AttributeError):
        return f"unknown holidays region {region!r}; use a country code such as GB-ENG or GB-SCT"
    if subdivision and subdivision not in known.subdivisions:
        names = ", ".join(f"{country}-{s}" for s in known.subdivisions)
        return f"unknown holidays region {region!r}; {country} has {names}"
    if _memory_file:
        bank_holidays(region)  # remembered from now on
    return None


def _remembered_days(region: str) -> list[str]:
    """The region's bank holidays in the remembered years, as ISO dates."""
    found = _library(region, REMEMBERED)
    return sorted(day.isoformat() for day in found)


@lru_cache(maxsize=16)
def bank_holidays(region: str) -> Container[dt.date]:
    if region not in _memory and _memory_file:
        known = _remembered_days(region)
        _memory[region] = known
        _memory_changed[0] = True
    if region in _memory:
        return _Remembered(region, _memory[region])
    return _library(region)


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
