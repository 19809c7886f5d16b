"""`agendapack resolutions`: what a meeting resolved, read from its minutes, taken into
the programme for the tracker."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agendapack.commands.common import load, parse_date, remembering
from agendapack.commands.reporter import Reporter
from agendapack.minutes.resolutions import Imported


@dataclass(frozen=True)
class Resolutions:
    minutes: str  # the file read
    source: str  # the programme file
    imported: Imported


@remembering
def resolutions(
    folder: Path,
    reporter: Reporter,
    *,
    committee: str,
    date: str,
    file: Path | None = None,
    dry_run: bool = False,
) -> Resolutions:
    from agendapack.minutes.resolutions import import_resolutions

    workspace = load(folder, reporter, per_meeting=True)
    (found,) = workspace.choose(committee)
    day = parse_date(date)
    result = import_resolutions(
        workspace, found, day, file.resolve() if file else None, dry_run=dry_run
    )
    return Resolutions(workspace.relative(result.minutes), found.source, result)
