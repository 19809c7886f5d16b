"""Where each meeting stands: its deadlines, and whether its pack is built and current."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from agendapack.build import fingerprint, meeting_plan, output_folder
from agendapack.convert import libreoffice_version
from agendapack.errors import AgendapackError
from agendapack.model import Committee, Meeting, Workspace
from agendapack.workdays import meeting_deadlines, working_days_between


def pack_state(
    workspace: Workspace, committee: Committee, meeting: Meeting, version: str
) -> tuple[str, str | None]:
    """('up to date' | 'out of date' | 'not built', path of the pack or None)."""
    out = output_folder(workspace, committee, meeting)
    pack = out / "pack.pdf"
    if not pack.is_file():
        return "not built", None
    try:
        recorded = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["fingerprint"]
        current = fingerprint(
            workspace, committee, meeting_plan(workspace, committee, meeting), version
        )
    except (OSError, ValueError, KeyError):
        return "out of date", workspace.relative(pack)
    return ("up to date" if recorded == current else "out of date"), workspace.relative(pack)


@dataclass(frozen=True)
class DeadlineRow:
    committee: str
    date: dt.date
    report_deadline: dt.date
    publish_by: dt.date
    days_left: int  # working days from today to publish-by
    pack_state: str
    pack: str | None

    def as_json(self) -> dict:
        return {
            "committee": self.committee,
            "date": self.date.isoformat(),
            "report_deadline": self.report_deadline.isoformat(),
            "publish_by": self.publish_by.isoformat(),
            "days_left": self.days_left,
            "pack_state": self.pack_state,
            "pack": self.pack,
        }


def meeting_deadline_rows(
    workspace: Workspace, slug: str | None, today: dt.date, include_past: bool = False
) -> list[DeadlineRow]:
    council = workspace.council
    committees = workspace.committees
    if slug:
        found = workspace.committee(slug)
        if found is None:
            known = ", ".join(c.slug for c in workspace.committees)
            raise AgendapackError(f"error: no committee {slug!r}; the workspace has {known}")
        committees = (found,)
    try:
        version = libreoffice_version()
    except AgendapackError:
        version = "unknown"
    rows = []
    for committee in committees:
        for meeting in committee.meetings:
            if meeting.is_cancelled or (meeting.date < today and not include_past):
                continue
            reports, publish = meeting_deadlines(
                meeting.date,
                meeting.publish_by,
                council.notice_days,
                council.report_days,
                council.holidays,
            )
            state, pack = pack_state(workspace, committee, meeting, version)
            rows.append(
                DeadlineRow(
                    committee.slug,
                    meeting.date,
                    reports,
                    publish,
                    working_days_between(today, publish, council.holidays),
                    state,
                    pack,
                )
            )
    return sorted(rows, key=lambda r: (r.date, r.committee))
