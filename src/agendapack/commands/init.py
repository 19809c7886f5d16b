"""`agendapack init`: a new workspace, with one committee, one meeting and a report."""

from __future__ import annotations

from pathlib import Path

from agendapack.officer.init import NewWorkspace


def init(folder: Path, *, council: str | None, committee: str | None) -> NewWorkspace:
    from agendapack.officer.init import DEFAULT_COMMITTEE, DEFAULT_COUNCIL, init_workspace

    # a name given empty is refused (init_workspace says so), not quietly the example's
    return init_workspace(
        folder,
        DEFAULT_COUNCIL if council is None else council,
        DEFAULT_COMMITTEE if committee is None else committee,
    )
