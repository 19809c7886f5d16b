"""`agendapack minutes`: the minutes of a meeting to fill in, from templates/minutes.docx.

Minute numbers run on through the municipal year, as councils number them (the minutes of
25 January 2024 start at 24): the year's first meeting starts at the committee's
`first_minute` (default 1), each meeting held uses one number per agenda item, and a
meeting's own `first_minute` corrects the count from there on. The public minutes have
every public item; the exempt items go to minutes-exempt.docx, marked not for publication.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from agendapack.errors import AgendapackError, Problem
from agendapack.minutes.resolutions import held_meeting
from agendapack.model import EXEMPT_MINUTES_NAMES, MINUTES_NAMES, Committee, Meeting, Workspace
from agendapack.pack.plan import MeetingPlan, PlannedItem, exclusion_text, plan_meeting
from agendapack.pack.render import find_template, render_docx
from agendapack.store import write_whole
from agendapack.wording import clock_time, exempt_notice, long_date


def first_minute(committee: Committee, meeting: Meeting) -> int:
    """The number of the meeting's first minute. Pure. Only the meetings of its own
    municipal year count: a programme carried on by `new-year` holds last year's too."""
    number = committee.first_minute
    year = committee.year_of(meeting)
    for earlier in committee.meetings:
        if earlier.is_cancelled or earlier.date > meeting.date:
            continue
        if committee.year_of(earlier) != year:
            continue
        if earlier.first_minute is not None:
            number = earlier.first_minute
        if earlier.date == meeting.date:
            break
        number += len(plan_meeting(committee, earlier, minutes=None, cover=None).items)
    return number


def _exclusion(plan: MeetingPlan, first: int) -> str:
    """The resolution excluding the public, naming the minutes it covers by number."""

    def numbered(item: PlannedItem) -> PlannedItem:
        return replace(item, number=first + item.number - 1)

    motion = exclusion_text(
        [numbered(i) for i in plan.items if i.exempt],
        [numbered(i) for i in plan.items if not i.exempt and i.exempt_documents],
    )
    motion = re.sub(r"\bitem(s?) (?=\d)", r"minute\1 ", motion)
    return (
        motion.replace("To consider excluding the public", "That the public be excluded", 1) + "."
    )


def _placeholders(item: PlannedItem, plan: MeetingPlan, first: int) -> tuple[list[str], list[str]]:
    """What goes under an item's heading, and under its "Resolved:", for the officer to
    fill in or keep. Square brackets mark what must be replaced; the resolutions command
    passes over them."""
    if item.standing == "apologies":
        return ["[Apologies received, with their reasons, or None.]"], []
    if item.standing == "declarations":
        return ["[Interests declared, or None.]"], []
    if item.standing == "minutes":
        if plan.previous is None:
            return ["[None: this is the committee's first meeting of the year.]"], []
        held = long_date(plan.previous.date)
        return [], [
            f"That the minutes of the meeting held on {held} be confirmed as a true record "
            "and signed by the Chair."
        ]
    if item.standing == "tracker":
        return ["[Progress reported on the recommendations and actions.]"], [
            "That the Action and Recommendation Tracker be noted."
        ]
    if item.standing == "work-programme":
        return ["[Changes to the work programme agreed at the meeting, if any.]"], [
            "That the Work Programme be noted."
        ]
    if item.standing == "exclusion":
        return [], [_exclusion(plan, first)]
    return ["[Who presented the item, and the points raised in discussion.]"], [
        "[1) Each recommendation or action, one to a line; or that the report be noted.]"
    ]


def _items(plan: MeetingPlan, first: int, *, exempt: bool) -> list[dict[str, Any]]:
    rows = []
    for item in plan.items:
        if bool(item.exempt) != exempt:
            continue
        body, resolved = _placeholders(item, plan, first)
        rows.append(
            {
                "number": first + item.number - 1,
                "title": item.title,
                "subtitle": item.subtitle if item.standing is None else "",
                "body": body,
                "resolved": resolved,
            }
        )
    return rows


def minutes_context(
    council_name: str, committee: Committee, plan: MeetingPlan, first: int, *, exempt: bool
) -> dict[str, Any]:
    """What the minutes template shows of one meeting. Pure."""
    meeting = plan.meeting
    paragraphs = sorted({i.exempt for i in plan.items if i.exempt})
    present = [f"{m} (Chair)" if m == committee.chair else m for m in committee.members]
    if not present:
        present = ["[The members present]"]
    officer = committee.officer
    attendance = []
    if officer.name:
        attendance.append(f"{officer.name} - {officer.role}" if officer.role else officer.name)
    attendance.append("[Others in attendance, each with their role]")
    return {
        "title": f"{committee.name}, {long_date(meeting.date)}: "
        + ("exempt minutes" if exempt else "minutes"),
        "notice": exempt_notice(paragraphs) if exempt else "",
        "council": council_name,
        "committee": committee.name,
        "heading": "Minutes of the meeting held "
        + (f"at {meeting.venue} " if meeting.venue.strip() else "")
        + f"on {long_date(meeting.date)} from {clock_time(meeting.time)}",
        "present": present,
        "absent": ["[Move here the names of members who were absent, or write None.]"],
        "attendance": attendance,
        "items": _items(plan, first, exempt=exempt),
        "closing": "The meeting closed at [time].",
    }


@dataclass(frozen=True)
class Written:
    paths: tuple[Path, ...]
    first: int
    last: int


def write_minutes(
    workspace: Workspace, committee: Committee, date: dt.date, *, force: bool = False
) -> Written:
    """minutes.docx (and minutes-exempt.docx when the meeting has exempt items) in the
    meeting's folder; never over a file already there unless `force`."""
    meeting = held_meeting(committee, date)
    plan = plan_meeting(committee, meeting, minutes=None, cover=None)
    first = first_minute(committee, meeting)
    folder = workspace.meeting_folder(committee, date)
    outputs = [(folder / "minutes.docx", False)]
    if any(item.exempt for item in plan.items):
        outputs.append((folder / "minutes-exempt.docx", True))
    if not force:
        # minutes.pdf there too: the pack, `status` and `resolutions` would take the skeleton
        # for the minutes
        names = {path.name for path, _ in outputs} | set(MINUTES_NAMES)
        if len(outputs) > 1:
            names |= set(EXEMPT_MINUTES_NAMES)
        there = sorted(folder / name for name in names if (folder / name).exists())
        if there:
            raise AgendapackError(
                *(
                    Problem.error(
                        workspace.relative(path),
                        "already exists; it was not overwritten (--force replaces it)",
                    )
                    for path in there
                )
            )
    template = find_template(workspace, "minutes.docx")
    documents = [
        (
            path,
            render_docx(
                template,
                minutes_context(workspace.council.name, committee, plan, first, exempt=exempt),
            ),
        )
        for path, exempt in outputs
    ]  # every file rendered before any is written: a template error writes nothing
    folder.mkdir(parents=True, exist_ok=True)
    for path, data in documents:
        write_whole(path, data)
    return Written(tuple(p for p, _ in documents), first, first + len(plan.items) - 1)
