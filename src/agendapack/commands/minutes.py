"""`agendapack minutes`: a meeting's minutes started from the template, its items under
their minute numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agendapack.commands.common import load, parse_date, remembering
from agendapack.commands.reporter import Reporter


@dataclass(frozen=True)
class Minutes:
    written: list[str]
    first: int
    last: int


@remembering
def minutes(
    folder: Path, reporter: Reporter, *, committee: str, date: str, force: bool = False
) -> Minutes:
    from agendapack.minutes.skeleton import write_minutes

    workspace = load(folder, reporter, per_meeting=True)
    (found,) = workspace.choose(committee)
    written = write_minutes(workspace, found, parse_date(date), force=force)
    return Minutes([workspace.relative(p) for p in written.paths], written.first, written.last)
