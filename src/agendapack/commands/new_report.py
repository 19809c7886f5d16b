"""`agendapack new-report`: a cover report started from the template, and its item."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agendapack.commands.common import load, parse_date, remembering
from agendapack.commands.reporter import Reporter


@dataclass(frozen=True)
class Started:
    path: str  # the new report, in the workspace
    source: str  # the programme file
    added_item: bool  # a new item, rather than attached to one of that title


@remembering
def new_report(
    folder: Path,
    reporter: Reporter,
    *,
    committee: str,
    date: str,
    title: str,
    subtitle: str = "",
    author: str = "",
    role: str = "",
    email: str = "",
) -> Started:
    from agendapack.officer.report import new_report as start_report

    workspace = load(folder, reporter, per_meeting=True)
    (found,) = workspace.choose(committee)
    made = start_report(
        workspace,
        found,
        parse_date(date),
        title,
        subtitle=subtitle,
        author=author,
        role=role,
        email=email,
    )
    return Started(workspace.relative(made.path), found.source, made.added_item)
