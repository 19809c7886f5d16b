"""`agendapack site`: the static website, from the built packs and feeds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agendapack.commands import calendar
from agendapack.commands.common import remembering, today
from agendapack.commands.reporter import Reporter
from agendapack.errors import Problem


@dataclass(frozen=True)
class Site:
    calendars: calendar.Calendars
    index: str
    warnings: list[Problem]


@remembering
def site(folder: Path, reporter: Reporter, *, day: str | None = None) -> Site:
    from agendapack.site.site import write_site

    workspace = calendar.loaded(folder, reporter)
    feeds = calendar.write(workspace)
    warnings: list[Problem] = []
    written = write_site(workspace, today(day), warnings)
    return Site(feeds, f"{workspace.relative(written)}/index.html", warnings)
