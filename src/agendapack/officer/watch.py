"""Watching a workspace while it is served: packs, calendars and the site rebuilt as
programme files and papers are saved.

The folders an officer edits (programme/, packs/, templates/) are polled, which needs no
library and works alike on every file system, a network share included: a listing of a
workspace's few hundred files takes a millisecond or two. A change is acted on once the
files have stopped changing (Word saves a document in several steps). One converter, and
so one LibreOffice, is kept for the whole session: after the first, a rebuild costs only
the conversion of what changed, never LibreOffice's start.

A programme with an error is reported as `check` reports it and nothing is rebuilt: the
last good outputs stay in build/ and stay served.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from agendapack.documents.convert import Converter
from agendapack.errors import AgendapackError, Problem
from agendapack.model import Committee, Meeting, Workspace
from agendapack.pack.build import MeetingBuild, Progress, build_meeting
from agendapack.pack.papers import NotReady, meetings_to_build
from agendapack.programme.load import load_workspace
from agendapack.programme.rules import earlier_year_warnings
from agendapack.site.refresh import refresh
from agendapack.site.serve import Rebuilds

WATCHED = ("programme", "packs", "templates")
POLL_SECONDS = 0.1
SETTLE_SECONDS = 0.05
SETTLE_LIMIT = 40  # 2 s of a file still changing: it is acted on as it stands

# Editors' lock and backup files and a save's temporary files: never a change to act on.
_IGNORED_PREFIXES = (".", "~$", "~")
_IGNORED_SUFFIXES = ("~", ".tmp", ".swp", ".part", ".crdownload")

Snapshot = dict[str, tuple[int, int, int]]


def snapshot(root: Path) -> Snapshot:
    """Every watched file's (modification time, size, inode), by its path in the workspace."""
    found: Snapshot = {}
    for top in WATCHED:
        for folder, folders, files in os.walk(root / top):
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


class Reporter(Protocol):
    """What the watcher tells the officer; the CLI prints it."""

    def changed(self, paths: list[str]) -> None: ...

    def problems(self, problems: list[Problem]) -> None: ...

    def built(self, shown: str, result: MeetingBuild) -> None: ...

    def skipped(self, name: str, lines: list[str]) -> None: ...

    def failed(self, lines: list[str]) -> None: ...

    def kept(self, reason: str) -> None: ...

    def refreshed(self, paths: list[str]) -> None: ...


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


class Watcher:
    """Rebuilds what a change calls for, with one converter kept between rebuilds."""

    def __init__(
        self,
        root: Path,
        converter: Converter,
        reporter: Reporter,
        rebuilds: Rebuilds,
        today: Callable[[], dt.date],
        progress: Progress | None = None,
    ) -> None:
        self.root = root.resolve()
        self.converter = converter
        self.reporter = reporter
        self.rebuilds = rebuilds
        self.today = today
        self.progress = progress
        self._last_problems: list[Problem] | None = None

    def rebuild(self, changed: set[str] | None = None) -> None:
        """Load the workspace and rebuild what `changed` (every path, with None) calls for;
        the site's pages are then told, whether or not anything was written."""
        try:
            self._rebuild(changed)
        finally:
            self.rebuilds.finished()

    def _rebuild(self, changed: set[str] | None) -> None:
        loaded = load_workspace(self.root)
        # as `build` shows them: a problem of one meeting's papers comes with that meeting
        # as `check` prints them: warnings about earlier years' meetings left out
        earlier = (
            set(earlier_year_warnings(loaded.workspace, loaded.problems))
            if loaded.workspace
            else set()
        )
        shown = [p for p in loaded.problems if not p.meeting and p not in earlier]
        if shown != self._last_problems:
            self.reporter.problems(shown)
            self._last_problems = shown
        workspace = loaded.workspace
        if workspace is None or any(p.is_error for p in shown):
            self.reporter.kept("the programme has errors")
            return
        failures: list[str] = []
        for committee, meeting in affected(workspace, changed):
            name = f"{committee.slug} {meeting.date.isoformat()}"
            shown_folder = workspace.relative(
                workspace.layout.edition(committee.slug, meeting.date)
            )
            try:
                result = build_meeting(workspace, committee, meeting, self.converter, self.progress)
            except NotReady as exc:
                self.reporter.skipped(name, exc.lines)
                continue
            except AgendapackError as exc:
                failures.extend(exc.lines)
                continue
            except OSError as exc:
                failures.append(f"{shown_folder}/: error: {exc.strerror or exc}")
                continue
            if not result.up_to_date:
                self.reporter.built(shown_folder, result)
        if failures:
            self.reporter.failed(failures)
        try:
            written = refresh(workspace, self.today())
        except AgendapackError as exc:  # a site template saved broken: the last good pages stay
            self.reporter.failed(list(exc.lines))
            return
        except OSError as exc:
            self.reporter.failed([f"build/site/: error: {exc.strerror or exc}"])
            return
        if written:
            self.reporter.refreshed([workspace.relative(p) for p in written])

    def _settled(self, current: Snapshot) -> Snapshot:
        """The snapshot once files have stopped changing."""
        for _ in range(SETTLE_LIMIT):
            time.sleep(SETTLE_SECONDS)
            later = snapshot(self.root)
            if later == current:
                break
            current = later
        return current

    def run(self, stop: Callable[[], bool] = lambda: False) -> None:
        """Watch until `stop()` is true (or Ctrl+C)."""
        seen = snapshot(self.root)
        while not stop():
            time.sleep(POLL_SECONDS)
            now = snapshot(self.root)
            if now == seen:
                continue
            now = self._settled(now)
            changed = changed_paths(seen, now)
            # what changes during the rebuild is seen next time round
            seen = now
            if changed:
                self.reporter.changed(sorted(changed))
                self.rebuild(changed)
