"""`agendapack init-templates`: agendapack's Word and site templates copied into the
workspace for the council to restyle."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
