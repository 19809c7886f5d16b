"""`agendapack calendar`: the meeting feeds and the deadlines feed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agendapack.commands.common import load, remembering
from agendapack.commands.reporter import Reporter
from agendapack.model import Workspace


@dataclass(frozen=True)
class Imported:
    """Older feeds' SEQUENCE numbers taken into the calendars' memory."""

    memory: str
    events: int
    feeds: int


@dataclass(frozen=True)
class Calendars:
    imported: Imported | None
    written: list[str]


def loaded(folder: Path, reporter: Reporter) -> Workspace:
    """The workspace, with what a killed run left removed (no LibreOffice here)."""
    from agendapack.scratch import clean_leftovers

    workspace = load(folder, reporter, per_meeting=True)
    for scratch in workspace.layout.scratch_folders:
        clean_leftovers(scratch)
    return workspace


def write(workspace: Workspace, previous: list[Path] | None = None) -> Calendars:
    from agendapack.calendar.feeds import import_sequences, write_calendars
    from agendapack.calendar.memory import build_time

    now = build_time()
    imported = None
    if previous:
        raised = import_sequences(workspace, previous)
        memory = workspace.relative(workspace.layout.calendar_memory)
        imported = Imported(memory, raised, len(previous))
    written = [workspace.relative(path) for path in write_calendars(workspace, now)]
    return Calendars(imported, written)


@remembering
def calendar(folder: Path, reporter: Reporter, previous: list[Path] | None = None) -> Calendars:
    return write(loaded(folder, reporter), previous)
