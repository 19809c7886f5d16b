"""`agendapack new-year`: next year's meetings added to a committee's programme."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agendapack.commands.common import load, parse_date, remembering
from agendapack.commands.reporter import Reporter
from agendapack.officer.newyear import NewYear


@dataclass(frozen=True)
class RolledOver:
    source: str  # the programme file changed
    done: NewYear


@remembering
def new_year(
    folder: Path, reporter: Reporter, *, committee: str, year: str, dates: str | None
) -> RolledOver:
    from agendapack.officer.newyear import roll_over

    workspace = load(folder, reporter, per_meeting=True)
    (chosen,) = workspace.choose(committee)
    days = None
    if dates is not None:
        days = [parse_date(d.strip()) for d in dates.split(",") if d.strip()]
    return RolledOver(chosen.source, roll_over(workspace, chosen, year, days))
