"""`agendapack deadlines`: the deadlines and publish-by dates of upcoming meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from agendapack.commands.common import load_for_report, parse_date, remembering
from agendapack.commands.reporter import Reporter
from agendapack.officer.status import DeadlineRow


@dataclass(frozen=True)
class Deadlines:
    programme_errors: int  # `check` lists them
    rows: list[DeadlineRow]


@remembering
def deadlines(
    folder: Path,
    reporter: Reporter,
    *,
    committee: str | None = None,
    day: str | None = None,
    include_past: bool = False,
) -> Deadlines:
    from agendapack.officer.status import meeting_deadline_rows

    workspace, errors = load_for_report(folder, reporter)
    on = parse_date(day) if day else dt.date.today()
    rows = meeting_deadline_rows(workspace, committee, on, include_past=include_past)
    return Deadlines(len(errors), rows)
