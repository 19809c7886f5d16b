"""How councils write dates, times and the paragraphs of Schedule 12A. Pure.

Shared by every writer, public or not, so that the front sheet, the site and the feeds say
"Thursday, 28 March 2024" and "9.30 am" alike.
"""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    """28 March 2024."""
    return f"{day.day} {day:%B %Y}"


def weekday_date(day: dt.date) -> str:
    """Thursday, 28 March 2024: as the front sheet writes it."""
    return f"{day:%A}, {long_date(day)}"


def clock_time(time: dt.time) -> str:
    """9.30 am, 2 pm, 12 noon: as councils write times."""
    if time.hour == 12 and time.minute == 0:
        return "12 noon"
    hour = time.hour % 12 or 12
    suffix = "am" if time.hour < 12 else "pm"
    return f"{hour}.{time.minute:02d} {suffix}" if time.minute else f"{hour} {suffix}"


def paragraph_list(paragraphs: list[int] | tuple[int, ...]) -> str:
    """(1, 3, 5) to 'paragraphs 1, 3 and 5'; (3,) to 'paragraph 3'."""
    numbers = [str(p) for p in sorted(set(paragraphs))]
    if len(numbers) == 1:
        return f"paragraph {numbers[0]}"
    return f"paragraphs {', '.join(numbers[:-1])} and {numbers[-1]}"


def page_list(pages: list[int] | tuple[int, ...]) -> str:
    """(2, 5) to 'pages 2 and 5'; (3,) to 'page 3'; more than eight, the first eight and
    how many more."""
    numbers = [str(p) for p in sorted(set(pages))]
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    if len(numbers) > 8:
        return f"pages {', '.join(numbers[:8])} and {len(numbers) - 8} more"
    return f"pages {', '.join(numbers[:-1])} and {numbers[-1]}"


NOT_FOR_PUBLICATION = "NOT FOR PUBLICATION"


def _schedule_12a(paragraphs: list[int] | tuple[int, ...]) -> str:
    numbers = sorted({p for p in paragraphs if p})
    if not numbers:  # exempt, the paragraph not given: the Part, never "paragraph 0"
        return "Part 1 of Schedule 12A"
    return f"{paragraph_list(numbers)} of Part 1 of Schedule 12A"


def exempt_marking(paragraphs: list[int] | tuple[int, ...]) -> str:
    """The line stamped on every page of an exempt paper, under its page number."""
    return f"{NOT_FOR_PUBLICATION} - exempt under {_schedule_12a(paragraphs)}"


def exempt_notice(paragraphs: list[int] | tuple[int, ...]) -> str:
    """The notice at the head of an exempt front sheet, supplement or minutes."""
    return (
        f"{NOT_FOR_PUBLICATION}: exempt information under {_schedule_12a(paragraphs)} "
        "to the Local Government Act 1972"
    )


# How the warning that council.toml has no `uid_domain` begins: the loader gives it, and
# the rules, who know the domain subscribers have, may give it instead.
NO_UID_DOMAIN = "no `uid_domain`: "
