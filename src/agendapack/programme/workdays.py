"""Working-day arithmetic for the statutory dates: pure functions of dates and holidays.

s.100B(3) Local Government Act 1972: the agenda and reports are open to inspection at
least five clear days before the meeting, where "clear days" leave out the day of
publication, the day of the meeting, weekends and bank holidays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from functools import lru_cache

import holidays as holidays_lib

from agendapack.model import Council, Meeting

ONE_DAY = dt.timedelta(days=1)


def parse_region(region: str) -> tuple[str, str | None]:
    """'GB-ENG' to ('GB', 'ENG'); 'FR' to ('FR', None)."""
    country, _, subdivision = region.strip().partition("-")
    return country.upper(), (subdivision.upper() or None)


def region_problem(region: str) -> str | None:
    """Why a `holidays` region is not one the holidays package knows, or None.

    Asks for the one country rather than listing all of them, which loads every country's
    rules and costs a noticeable part of a second."""
    country, subdivision = parse_region(region)
    try:
        known = holidays_lib.country_holidays(country)
    except (NotImplementedError, KeyError, AttributeError):
        return f"unknown holidays region {region!r}; use a country code such as GB-ENG or GB-SCT"
    if subdivision and subdivision not in known.subdivisions:
        names = ", ".join(f"{country}-{s}" for s in known.subdivisions)
        return f"unknown holidays region {region!r}; {country} has {names}"
    return None


@lru_cache(maxsize=16)
def bank_holidays(region: str) -> Container[dt.date]:
    country, subdivision = parse_region(region)
    return holidays_lib.country_holidays(country, subdiv=subdivision)


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
