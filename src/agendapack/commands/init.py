"""`agendapack init` and `agendapack init-templates`: a new workspace, and the templates
copied into it for the council to restyle."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Templates:
    copied: list[str]
    kept: list[str]  # already there, and not --force


def init_templates(folder: Path, *, force: bool = False) -> Templates:
    from agendapack.pack.render import copy_templates

    root = folder.resolve()
    copied, kept = copy_templates(root, force=force)
    return Templates(
        [p.relative_to(root).as_posix() for p in copied],
        [p.relative_to(root).as_posix() for p in kept],
    )
