"""Which meetings a build covers, and whether each one's papers are all in.

The first stage after loading: it looks on disk (the minutes of the previous meeting, a
work-programme cover, each document named) and hands `plan.plan_meeting`, which is pure,
what it found.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from agendapack.errors import AgendapackError, Problem
from agendapack.model import SUPPORTED_SUFFIXES, Committee, Meeting, Workspace
from agendapack.pack.plan import MeetingPlan, plan_meeting
from agendapack.programme.rules import (
    WORK_PROGRAMME_COVER,
    document_problem,
    minutes_file,
    minutes_missing,
    pack_problems,
    preparing,
)


class NotReady(AgendapackError):
    """Papers the meeting needs are not all in yet (nothing is wrong with those that are):
    a build that did not name the meeting skips it."""


def meeting_plan(workspace: Workspace, committee: Committee, meeting: Meeting) -> MeetingPlan:
    previous = committee.previous_meeting(meeting)
    minutes = minutes_file(workspace, committee, previous) if previous else None
    cover = workspace.meeting_folder(committee, meeting.date) / WORK_PROGRAMME_COVER
    return plan_meeting(
        committee, meeting, minutes=minutes, cover=cover if cover.is_file() else None
    )


def papers_in(
    workspace: Workspace, committee: Committee, meeting: Meeting
) -> tuple[list[Problem], list[Problem]]:
    """What stops the meeting's pack, as `check` would say it: the papers not in yet, and
    what is wrong (a damaged PDF, a path that escapes)."""
    missing: list[Problem] = []
    errors: list[Problem] = []
    if meeting.is_cancelled:
        errors.append(
            Problem.error(
                committee.source,
                f"the meeting on {meeting.date.isoformat()} is cancelled",
                line=meeting.line,
            )
        )
        return missing, errors
    previous = committee.previous_meeting(meeting)
    if (
        previous
        and "minutes" in (*committee.opening, *committee.closing)
        and minutes_file(workspace, committee, previous) is None
    ):
        missing.append(
            Problem.error(
                committee.source,
                minutes_missing(workspace, committee, meeting, previous),
                line=meeting.line,
            )
        )
    folder = workspace.meeting_folder(committee, meeting.date)
    for item in meeting.items:
        for document in item.documents:
            problem = document_problem(workspace, committee, meeting, document)
            if problem:
                found = Problem.error(committee.source, problem, line=document.line)
                (missing if _not_in_yet(folder, document.file) else errors).append(found)
    # Unusable minutes or cover, a paper both exempt and public: errors, never "not in yet".
    errors.extend(pack_problems(workspace, committee, meeting))
    return missing, errors


def _not_in_yet(folder: Path, name: str) -> bool:
    """Whether a document with a problem is simply not there yet: a plain relative name
    (as rules.document_problem accepts it) with nothing at all by that name in the meeting
    folder, not even a broken link."""
    path = Path(name)
    plain = (
        bool(name.strip())
        and not path.is_absolute()
        and not name.startswith(("/", "\\"))
        and ":" not in name[:3]
        and ".." not in path.parts
        and "\\.." not in name
        and path.suffix.lower() in SUPPORTED_SUFFIXES
    )
    return plain and not os.path.lexists(folder / path)


def meetings_to_build(
    workspace: Workspace, committee: str | None = None, date: dt.date | None = None
) -> list[tuple[Committee, Meeting]]:
    """The meetings a build covers: the one named, or every one with papers in packs/."""
    chosen = []
    for each in workspace.choose(committee):
        if date:
            meeting = each.meeting_on(date)
            if meeting is None:
                raise AgendapackError(
                    Problem.error(each.source, f"no meeting on {date.isoformat()}")
                )
            chosen.append((each, meeting))
            continue
        chosen.extend(
            (each, m) for m in each.meetings if not m.is_cancelled and preparing(workspace, each, m)
        )
    return chosen
