"""`agendapack resolutions`: what a meeting resolved, from its minutes into the programme
file, where the tracker of later meetings finds it.

The programme file is the chair's: the resolutions are added as [[meeting.resolution]]
tables at the end of that meeting, and every other byte stays as it was. A resolution
already there (the same text, whatever its case or spacing) is not added again, so the
command can run again after the minutes are corrected.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from agendapack.errors import AgendapackError, Problem
from agendapack.minutes.parse import (
    EXEMPT_BUSINESS,
    NAMES_EXEMPT,
    NO_PUBLIC_ITEM,
    FoundResolution,
    MinuteItem,
    clean,
    exempt_minutes,
    read_resolutions,
)
from agendapack.minutes.read import read_minutes
from agendapack.model import Committee, Meeting, Workspace
from agendapack.pack.plan import plan_meeting
from agendapack.programme.edit import ProgrammeText, insert_after_meeting, meeting_index, toml_value
from agendapack.programme.load import MAX_LINE, MAX_PARAGRAPH, showable
from agendapack.write import write_atomic

DEFAULT_NAMES = ("minutes.docx", "minutes.pdf")


@dataclass(frozen=True)
class Imported:
    """What one run found in the minutes, and which of it was new to the programme."""

    minutes: Path
    found: tuple[FoundResolution, ...]
    added: tuple[FoundResolution, ...]
    skipped_exempt: int = 0  # resolved in exempt business: not put in the public tracker
    skipped_unplaced: int = 0  # not plainly under a public item, at a meeting with exempt business


def _same(text: str) -> str:
    return clean(text).casefold().rstrip(".")


def minutes_file(workspace: Workspace, committee: Committee, date: dt.date) -> Path:
    """The meeting's own minutes: minutes.docx, else minutes.pdf, in its folder."""
    folder = workspace.meeting_folder(committee, date)
    for name in DEFAULT_NAMES:
        if (folder / name).is_file():
            return folder / name
    shown = workspace.relative(folder)
    raise AgendapackError(
        Problem.error(
            shown,
            "there are no minutes here (minutes.docx or minutes.pdf); write "
            "them with `agendapack minutes`, or name the file after the date",
        )
    )


def held_meeting(committee: Committee, date: dt.date) -> Meeting:
    meeting = committee.meeting_on(date)
    if meeting is None:
        raise AgendapackError(
            Problem.error(
                committee.source,
                f"no meeting on {date.isoformat()}; check the date against the programme",
            )
        )
    if meeting.is_cancelled:
        raise AgendapackError(
            Problem.error(
                committee.source,
                f"the meeting on {date.isoformat()} was cancelled, so it has no minutes",
                line=meeting.line,
            )
        )
    return meeting


def _shown_text(text: str) -> str:
    return clean(showable(text))


def _block(found: list[FoundResolution], newline: str) -> str:
    lines = []
    for resolution in found:
        lines += [
            "",
            "[[meeting.resolution]]",
            f"kind = {toml_value(resolution.kind)}",
            f"text = {toml_value(resolution.text)}",
        ]
        if resolution.item:
            lines.append(f"item = {toml_value(resolution.item)}")
        lines.append('status = "open"')
    return newline.join(lines) + newline


def import_resolutions(
    workspace: Workspace,
    committee: Committee,
    date: dt.date,
    file: Path | None = None,
    *,
    dry_run: bool = False,
) -> Imported:
    """Read the minutes and add what is new to the programme (unless `dry_run`)."""
    meeting = held_meeting(committee, date)
    path = file if file is not None else minutes_file(workspace, committee, date)
    plan = plan_meeting(committee, meeting, minutes=None, cover=None)
    agenda = tuple(
        MinuteItem(
            item.title,
            item.number,
            bool(item.exempt),
            item.standing == "exclusion",
            tuple(document.title for document in item.exempt_documents),
        )
        for item in plan.items
    )
    shown = workspace.relative(path)
    paragraphs = read_minutes(path, shown)
    if exempt_minutes(path.name, paragraphs):
        raise AgendapackError(
            Problem.error(
                shown,
                "these are exempt minutes, not for publication: what they "
                "record does not go into the public tracker; add a resolution to the programme "
                "by hand once it may be published",
            )
        )
    # what a programme file may hold: as check reads it, or the import would break it
    everything = [
        replace(r, text=_shown_text(r.text), item=_shown_text(r.item)[:MAX_LINE])
        for r in read_resolutions(paragraphs, agenda, committee.name)
    ]
    for resolution in everything:
        if len(resolution.text) > MAX_PARAGRAPH:
            raise AgendapackError(
                Problem.error(
                    shown,
                    f"a resolution there is {len(resolution.text):,} characters "
                    "long, more than a programme file takes: several were read as one, or the "
                    "minutes go on without a break; check their numbering, or add it by hand",
                )
            )
    everything = [r for r in everything if r.text]
    public = [r for r in everything if not r.left_out]
    exempt = [r for r in everything if r.left_out in (EXEMPT_BUSINESS, NAMES_EXEMPT)]
    unplaced = [r for r in everything if r.left_out == NO_PUBLIC_ITEM]
    source = workspace.root / committee.source
    programme = ProgrammeText.read(source)
    data = tomllib.loads(programme.text)
    index = meeting_index(data, date)
    assert index is not None  # the loader saw it
    existing = data["meeting"][index].get("resolution", [])
    # the same words under two items are two resolutions; without an item to tell them
    # apart (one typed in by hand, say), the same words are the same resolution
    seen = {(r.get("item", ""), _same(r.get("text", ""))) for r in existing}
    added = []
    for resolution in public:
        text = _same(resolution.text)
        items = {item for item, said in seen if said == text}
        if resolution.item in items or (items and ("" in items or not resolution.item)):
            continue
        seen.add((resolution.item, text))
        added.append(resolution)
    result = Imported(path, tuple(everything), tuple(added), len(exempt), len(unplaced))
    if not added or dry_run:
        return result
    updated = insert_after_meeting(programme.text, index, _block(added, programme.newline))
    # The edit is checked before anything is written: the meeting must have gained exactly
    # these tables, and nothing else in the file may have changed.
    after = tomllib.loads(updated)
    wanted = existing + [
        {"kind": r.kind, "text": r.text, **({"item": r.item} if r.item else {}), "status": "open"}
        for r in added
    ]
    data["meeting"][index]["resolution"] = wanted
    if after != data:
        raise AgendapackError(
            Problem.error(
                committee.source,
                "could not add the resolutions safely; add them by hand (`--dry-run` lists them)",
            )
        )
    write_atomic(source, programme.bytes_of(updated))
    return result
