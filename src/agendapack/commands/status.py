"""`agendapack status`: what each upcoming meeting still needs, and what is overdue.

A missing paper is what the report is for, so the programme's problems are summed up in
one count rather than stopping it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from agendapack.commands.common import load_for_report, parse_date, remembering
from agendapack.commands.reporter import Reporter
from agendapack.errors import Problem
from agendapack.officer.status import MeetingStatus


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


@remembering
def status(
    folder: Path, reporter: Reporter, *, committee: str | None = None, day: str | None = None
) -> Status:
    from agendapack.officer.status import meeting_status

    workspace, errors = load_for_report(folder, reporter)
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
