"""What changed in a workspace while it is served: `serve --watch`
(`commands/serve.py`) rebuilds what a change calls for.

The folders an officer edits (programme/, packs/, templates/) are polled, which needs no
library and works alike on every file system, a network share included: a listing of a
workspace's few hundred files takes a millisecond or two. A change is acted on once the
files have stopped changing (Word saves a document in several steps).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from agendapack.layout import Layout
from agendapack.model import Committee, Meeting, Workspace
from agendapack.pack.papers import meetings_to_build

SETTLE_SECONDS = 0.05
SETTLE_LIMIT = 40  # 2 s of a file still changing: it is acted on as it stands

# Editors' lock and backup files and a save's temporary files: never a change to act on.
_IGNORED_PREFIXES = (".", "~$", "~")
_IGNORED_SUFFIXES = ("~", ".tmp", ".swp", ".part", ".crdownload")

Snapshot = dict[str, tuple[int, int, int]]


def snapshot(root: Path) -> Snapshot:
    """Every watched file's (modification time, size, inode), by its path in the workspace."""
    found: Snapshot = {}
    for top in Layout(root).edited:
        for folder, folders, files in os.walk(top):
            folders[:] = [f for f in folders if not f.startswith(_IGNORED_PREFIXES)]
            for name in files:
                if name.startswith(_IGNORED_PREFIXES) or name.endswith(_IGNORED_SUFFIXES):
                    continue
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:  # gone between the listing and the look
                    continue
                found[os.path.relpath(path, root).replace(os.sep, "/")] = (
                    stat.st_mtime_ns,
                    stat.st_size,
                    stat.st_ino,
                )
    return found


def changed_paths(before: Snapshot, after: Snapshot) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def affected(workspace: Workspace, changed: set[str] | None) -> list[tuple[Committee, Meeting]]:
    """The meetings a change may alter: every one being prepared when a programme or a
    template changed, else those whose folder changed and those whose minutes are there."""
    meetings = meetings_to_build(workspace)
    if changed is None or any(not p.startswith("packs/") for p in changed):
        return meetings
    folders = set()
    for path in changed:
        parts = path.split("/")
        if len(parts) >= 3:
            folders.add((parts[1], parts[2]))
    chosen = []
    for committee, meeting in meetings:
        previous = committee.previous_meeting(meeting)
        dates = {meeting.date.isoformat()} | ({previous.date.isoformat()} if previous else set())
        if any((committee.slug, day) in folders for day in dates):
            chosen.append((committee, meeting))
    return chosen


def settled(root: Path, current: Snapshot) -> Snapshot:
    """The snapshot once files have stopped changing."""
    for _ in range(SETTLE_LIMIT):
        time.sleep(SETTLE_SECONDS)
        later = snapshot(root)
        if later == current:
            break
        current = later
    return current
