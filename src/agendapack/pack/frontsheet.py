"""The front sheet's fixed point: it lists each item's page range, and its own length
moves every range after it.

Render it with rough ranges, count its pages, work out the real ranges from that, render it
again; stop when its length (rounded up to a whole sheet when printing duplex) stays put.
A template whose length keeps changing (a range that wraps onto a new page, which then
moves the ranges back) is an error to report rather than loop on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from agendapack.errors import AgendapackError, Problem

if TYPE_CHECKING:
    from agendapack.pdf.collate import Part

MAX_PASSES = 4


def settle_front_sheet(
    first_draft: Path,
    parts: Sequence[Part],
    render: Callable[[dict[int, str]], Path],
    *,
    duplex: bool,
    source: str,
    day: dt.date,
    first_page: int = 1,
) -> tuple[Path, dict[int, str]]:
    """The front sheet whose ranges are right for its own length, and those ranges.

    `render(ranges)` makes the front sheet's PDF for item number -> "11 - 38"; an error
    names the programme file `source` and the meeting's `day`."""
    from agendapack.pdf.collate import item_ranges, page_range, paginate
    from agendapack.pdf.sources import source_facts

    counts = [source_facts(p.pdf, p.shown).pages for p in parts]
    front = first_draft
    for _ in range(MAX_PASSES):
        length = source_facts(front, "the front sheet").pages
        placements = paginate([length, *counts], duplex, first_page)
        ranges = {n: page_range(*r) for n, r in item_ranges(list(parts), placements[1:]).items()}
        front = render(ranges)
        new_length = source_facts(front, "the front sheet").pages
        if paginate([new_length], duplex, first_page)[0].last == placements[0].last:
            return front, ranges
    raise AgendapackError(
        Problem.error(
            source,
            f"the front sheet for {day.isoformat()} keeps changing length",
            advice="check the agenda template",
        )
    )
