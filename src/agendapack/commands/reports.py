"""`agendapack deadlines` and `agendapack status`: where each upcoming meeting stands.

A missing paper is what these reports are for, so the programme's problems are summed up
in one count rather than stopping them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from agendapack.commands.common import parse_date, remembering
from agendapack.commands.reporter import Refused, Reporter
from agendapack.errors import Problem
from agendapack.model import Workspace
from agendapack.officer.status import DeadlineRow, MeetingStatus
from agendapack.programme.load import load_workspace


@dataclass(frozen=True)
class Deadlines:
    programme_errors: int  # `check` lists them
    rows: list[DeadlineRow]


@dataclass(frozen=True)
class Status:
    programme_errors: int
    meetings: list[MeetingStatus]
    overdue: list[Problem]  # an edition of record damaged, a pack not published in time
    # A programme file that cannot be read leaves its committee out of the report: that
    # must not pass for "nothing to chase" in a cron job.
    unreadable: list[Problem]

    @property
    def failing(self) -> bool:
        return bool(self.unreadable or self.overdue) or any(
            m.overdue_missing for m in self.meetings
        )


def _load_for_report(folder: Path, reporter: Reporter) -> tuple[Workspace, list[Problem]]:
    result = load_workspace(folder)
    if result.workspace is None:
        reporter.problems(result.problems)
        raise Refused
    return result.workspace, result.errors


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

    workspace, errors = _load_for_report(folder, reporter)
    on = parse_date(day) if day else dt.date.today()
    rows = meeting_deadline_rows(workspace, committee, on, include_past=include_past)
    return Deadlines(len(errors), rows)


@remembering
def status(
    folder: Path, reporter: Reporter, *, committee: str | None = None, day: str | None = None
) -> Status:
    from agendapack.officer.status import meeting_status

    workspace, errors = _load_for_report(folder, reporter)
    meetings = meeting_status(workspace, committee, parse_date(day) if day else dt.date.today())
    unreadable = [p for p in errors if p.meeting is None]
    return Status(len(errors), meetings, _overdue(meetings), unreadable)


def _overdue(meetings: list[MeetingStatus]) -> list[Problem]:
    found = []
    for meeting in meetings:
        row = meeting.deadlines
        when = f"{row.committee} {row.date.isoformat()}"
        if row.publication == "damaged":
            found.append(
                Problem.error(
                    "",
                    f"{when}: its editions of record in published/ are not as they were published",
                    advice="`agendapack check` says what differs and how to restore them",
                )
            )
        if row.unpublished_past_deadline:
            found.append(
                Problem.error(
                    "",
                    f"{when}: the pack was due to be published by "
                    f"{row.publish_by.isoformat()} and has not been",
                    advice=f"run `agendapack publish {row.committee} {row.date.isoformat()}`",
                )
            )
    return found
