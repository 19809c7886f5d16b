"""Rules that look past one table: documents on disk, meeting folders, the year's shape.

Reading only, but for a cache of documents already found readable. Every rule returns
Problem lines.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path

from agendapack.convert import word_problem, word_warnings
from agendapack.errors import DocumentError, Problem
from agendapack.model import (
    MINUTES_NAMES,
    SUPPORTED_SUFFIXES,
    Committee,
    Document,
    Meeting,
    Workspace,
)
from agendapack.pdf import open_pdf
from agendapack.sanitise import hostile_features, save_features_cache, use_features_cache

# Files that editors leave beside the documents they have open, never papers.
_IGNORED_PREFIXES = (".", "~$", ".~lock.")
WORK_PROGRAMME_COVER = "work-programme.docx"


def check_workspace(workspace: Workspace) -> list[Problem]:
    problems: list[Problem] = []
    for committee in workspace.committees:
        problems.extend(_check_committee(workspace, committee))
    return problems


def _check_committee(workspace: Workspace, committee: Committee) -> Iterator[Problem]:
    source = committee.source
    max_items = workspace.council.max_items
    held_months = {m.date.month for m in committee.meetings if not m.is_cancelled}
    for topic in committee.recurring:
        if topic.month not in held_months:
            month = dt.date(2000, topic.month, 1).strftime("%B")
            yield Problem(
                source,
                topic.line,
                "warning",
                f"recurring topic {topic.title!r} is due "
                f"in {month}, but the committee has no meeting in {month}",
            )
    for meeting in committee.meetings:
        substantive = len(meeting.items)
        if substantive > max_items:
            yield Problem(
                source,
                meeting.line,
                "warning",
                f"{substantive} items at the meeting "
                f"on {meeting.date.isoformat()}, more than max_items = {max_items}",
            )
        for item in meeting.items:
            for document in item.documents:
                yield from _check_document(workspace, committee, meeting, document)
        if preparing(workspace, committee, meeting) and "minutes" in (
            *committee.opening,
            *committee.closing,
        ):
            previous = committee.previous_meeting(meeting)
            if previous and minutes_file(workspace, committee, previous) is None:
                yield Problem(
                    source,
                    meeting.line,
                    "warning",
                    minutes_missing(workspace, committee, meeting, previous),
                )
    yield from _check_folders(workspace, committee)


def preparing(workspace: Workspace, committee: Committee, meeting: Meeting) -> bool:
    """Whether the meeting's folder holds papers for it, not only its own minutes for the
    next meeting: the meetings whose packs a plain build makes."""
    folder = workspace.meeting_folder(committee, meeting.date)
    if not folder.is_dir():
        return False
    return any(
        p.is_file() and p.name not in MINUTES_NAMES and not p.name.startswith(_IGNORED_PREFIXES)
        for p in folder.rglob("*")
    )


def minutes_file(workspace: Workspace, committee: Committee, meeting: Meeting) -> Path | None:
    """The minutes document in a meeting's folder, if one is there."""
    folder = workspace.meeting_folder(committee, meeting.date)
    return next((folder / n for n in MINUTES_NAMES if (folder / n).is_file()), None)


def minutes_missing(
    workspace: Workspace, committee: Committee, meeting: Meeting, previous: Meeting
) -> str:
    folder = workspace.relative(workspace.meeting_folder(committee, previous.date))
    return (
        f"the meeting on {meeting.date.isoformat()} confirms the minutes of "
        f"{previous.date.isoformat()}, but {folder}/ has no minutes.docx or minutes.pdf"
    )


def document_problem(
    workspace: Workspace, committee: Committee, meeting: Meeting, document: Document
) -> str | None:
    """Why a named document cannot be used, or None: shared by check and build."""
    folder = workspace.meeting_folder(committee, meeting.date)
    shown = workspace.relative(folder) + "/"
    name = document.file
    if not name.strip():
        return "a document's file name is empty"
    if os.path.isabs(name) or name.startswith(("/", "\\")) or ":" in name[:3]:
        return f"{name!r} is an absolute path; name a file inside {shown}"
    if ".." in Path(name).parts or "\\.." in name or "../" in name:
        return f"{name!r} leads outside the meeting folder {shown}"
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        kinds = ", ".join(SUPPORTED_SUFFIXES)
        return f"{name!r} is not a supported kind of document; use one of {kinds}"
    path = folder / name
    if not path.exists():
        if not path.is_symlink() and path.parent.is_dir():
            near = [p.name for p in path.parent.iterdir() if p.name.lower() == path.name.lower()]
            if near:
                return f"{name!r} is missing from {shown}; there is {near[0]!r} (letter case)"
        return f"{name!r} is missing from {shown}"
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return f"{name!r} is a link that leads outside the meeting folder {shown}"
    if not path.is_file():
        return f"{name!r} is not a file"
    if _known_good(path):
        return None
    if document.is_pdf:
        try:
            open_pdf(path, shown + name)
        except DocumentError as exc:
            return f"{name!r}: " + exc.lines[0].split(": error: ", 1)[-1]
        _remember_good(path)
        return None
    problem = word_problem(path)
    if problem:
        return f"{name!r} {problem}"
    _remember_good(path)
    return None


# Files already found readable, by size and modification time: opening every PDF again on
# each run is most of the cost of a build that has nothing to do.
_good: dict[str, list[int]] = {}
_good_file: list[Path] = []


def _signature(path: Path) -> list[int]:
    status = path.stat()
    return [status.st_mtime_ns, status.st_size]


def _known_good(path: Path) -> bool:
    return _good.get(str(path.resolve())) == _signature(path)


def _remember_good(path: Path) -> None:
    _good[str(path.resolve())] = _signature(path)


def use_check_cache(path: Path) -> None:
    """Remember readable documents in `path` (under build/.cache/) between runs."""
    _good.clear()
    _good_file[:] = [path]
    use_features_cache(path.with_name("left-out.json"))
    with contextlib.suppress(OSError, ValueError, TypeError):
        _good.update(json.loads(path.read_text(encoding="utf-8")))


def save_check_cache() -> None:
    save_features_cache()
    if not _good_file:
        return
    with contextlib.suppress(OSError):  # a read-only workspace is checked all the same
        path = _good_file[0]
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(_good, sort_keys=True), encoding="utf-8")
        temporary.replace(path)


def _check_document(
    workspace: Workspace, committee: Committee, meeting: Meeting, document: Document
) -> Iterator[Problem]:
    if meeting.is_cancelled:
        return
    problem = document_problem(workspace, committee, meeting, document)
    if problem:
        yield Problem(
            committee.source,
            document.line,
            "error",
            problem,
            meeting=f"{committee.slug} {meeting.date.isoformat()}",
        )
    elif not document.is_pdf:
        for warning in word_warnings(document.path):
            yield Problem(
                committee.source, document.line, "warning", f"{document.file!r} {warning}"
            )
    else:
        yield from _pdf_warnings(workspace, committee, meeting, document)


def _pdf_warnings(
    workspace: Workspace, committee: Committee, meeting: Meeting, document: Document
) -> Iterator[Problem]:
    """One warning naming everything the public copy of a PDF leaves out. Its authors' names
    and title are always replaced, and every Word export has them: that alone is not said."""
    shown = workspace.relative(document.path)
    try:
        found = hostile_features(document.path, shown)
    except DocumentError as exc:
        yield Problem(
            committee.source,
            document.line,
            "error",
            f"{document.file!r}: " + exc.lines[0].split(": error: ", 1)[-1],
            meeting=f"{committee.slug} {meeting.date.isoformat()}",
        )
        return
    if found:
        listed = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]
        yield Problem(
            committee.source,
            document.line,
            "warning",
            f"{document.file!r} has {listed}, left out of the pack",
        )


def _check_folders(workspace: Workspace, committee: Committee) -> Iterator[Problem]:
    packs = workspace.root / "packs" / committee.slug
    if not packs.is_dir():
        return
    for folder in sorted(packs.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        shown = workspace.relative(folder) + "/"
        try:
            date = dt.date.fromisoformat(folder.name)
        except ValueError:
            yield Problem(
                shown,
                None,
                "warning",
                "a meeting folder must be named by its date, such as 2024-03-28",
            )
            continue
        meeting = committee.meeting_on(date)
        if meeting is None:
            yield Problem(
                shown,
                None,
                "warning",
                f"no meeting on {date.isoformat()} in "
                f"{committee.source}; rename the folder or add the meeting",
            )
            continue
        named = {Path(d.file).as_posix() for i in meeting.items for d in i.documents}
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.name.startswith(_IGNORED_PREFIXES):
                continue
            relative = path.relative_to(folder).as_posix()
            if relative in named or relative in MINUTES_NAMES or relative == WORK_PROGRAMME_COVER:
                continue
            yield Problem(
                shown + relative,
                None,
                "warning",
                "no item names this file; add it "
                f"to an item's `documents` in {committee.source} or remove it",
            )
