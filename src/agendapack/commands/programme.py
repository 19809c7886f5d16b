"""`agendapack programme`: the committee's work programme alone, for circulation."""

from __future__ import annotations

from pathlib import Path

from agendapack.commands.common import load, remembering
from agendapack.commands.reporter import Reporter


@remembering
def programme(folder: Path, reporter: Reporter, *, committee: str) -> list[str]:
    from agendapack.pack.build import write_work_programme

    workspace = load(folder, reporter, per_meeting=True)
    return [workspace.relative(path) for path in write_work_programme(workspace, committee)]
