"""Temporary files under build/, and what a killed build left there.

Everything agendapack writes on the way to an output stays under the workspace's build/
folder, never in the system's temp folder: LibreOffice's profiles, its own temporary files
and agendapack's working copies of the papers (exempt ones included) in
``build/.tmp/<pid>-<start>-<random>/``; a file's next content beside it as
``.<name>.<pid>.tmp`` (or ``<name>.<pid>.<thread>.part`` in the conversion cache); a
meeting's next edition beside it as ``.<date>.<pid>.staging``. A build that is killed
(kill -9, a power cut) cannot remove them, so the next build does, for every process that
is no longer alive, and leaves a live concurrent build's alone.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TMP = ".tmp"  # build/.tmp/: one folder per process that converts

_PROCESS_FOLDER = re.compile(r"^(\d+)-(\d+)-")
_TEMPORARY_FILE = re.compile(r"\.(\d+)\.tmp$")
_PARTIAL_FILE = re.compile(r"\.(\d+)\.\d+\.part$")
_STAGED_FOLDER = re.compile(r"^\.(.+)\.(\d+)\.(staging|old)$")


def _start_time(pid: int) -> str:
    """When the process started, in clock ticks since boot ("" where /proc has no answer):
    with the pid, it tells a build from a later process that was given the same pid."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return ""
    # the command name, in parentheses, may hold spaces: the fields start after its end
    fields = stat[stat.rfind(b")") + 2 :].split()
    return fields[19].decode() if len(fields) > 19 else ""


def _state(pid: int) -> str:
    """The process's state letter from /proc ("R", "S", "Z" for a zombie...), or ""."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return ""
    return stat[stat.rfind(b")") + 2 :][:1].decode(errors="replace")


def alive(pid: int, start: str = "") -> bool:
    """Whether the process `pid` (started at `start`, when known) is still running."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: alive
    except OverflowError:
        return False
    if start and start != "0":
        now = _start_time(pid)
        if now and now != start:
            return False  # the pid was given to a later process
    # A killed process that its parent has not reaped yet (a script that ran `kill -9` and
    # goes on) is a zombie: it has a pid, and will never write again.
    return _state(pid) not in ("Z", "X")


def process_folder(build: Path) -> Path:
    """A new folder for this process's temporary files under build/.tmp/."""
    root = build / TMP
    root.mkdir(parents=True, exist_ok=True)
    tag = f"{os.getpid()}-{_start_time(os.getpid()) or '0'}-"
    return Path(tempfile.mkdtemp(prefix=tag, dir=root))


def remove_folder(folder: Path) -> None:
    """Remove a process folder, and build/.tmp/ with it when nothing else is there."""
    # A LibreOffice killed a moment ago may still write a last temporary file into it:
    # try again briefly rather than leave it for the next build.
    for _ in range(20):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            break
        time.sleep(0.05)
    with contextlib.suppress(OSError):
        folder.parent.rmdir()


def is_leftover(name: str) -> bool:
    """Whether a file or folder name is one of agendapack's temporary ones."""
    return bool(
        _TEMPORARY_FILE.search(name) or _PARTIAL_FILE.search(name) or _STAGED_FOLDER.match(name)
    )


def clean_leftovers(build: Path, stop_office: Callable[[Path], object] | None = None) -> list[Path]:
    """Remove what builds that are no longer running left under `build`; returns it.

    `stop_office(folder)` ends a LibreOffice still running on a profile in `folder` (the
    converter's; passed in, so that this module knows paths and processes, not LibreOffice)."""
    removed: list[Path] = []
    if not build.is_dir():
        return removed
    tmp = build / TMP
    if tmp.is_dir():
        for entry in sorted(tmp.iterdir()):
            match = _PROCESS_FOLDER.match(entry.name)
            if match is None or alive(int(match[1]), match[2]):
                continue
            # the killed build's LibreOffice may still be running on its profile there
            if stop_office:
                stop_office(entry)
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
        with contextlib.suppress(OSError):
            tmp.rmdir()
    for folder, folders, files in os.walk(build):
        here = Path(folder)
        if here == build and TMP in folders:
            folders.remove(TMP)
        for name in list(folders):
            match = _STAGED_FOLDER.match(name)
            if match is None or alive(int(match[2])):
                continue
            folders.remove(name)
            edition = here / match[1]
            if match[3] == "old" and not os.path.lexists(edition):
                # killed between the two renames of a swap without RENAME_EXCHANGE: this
                # is the last good edition, and it goes back in place
                with contextlib.suppress(OSError):
                    os.rename(here / name, edition)
                    continue
            shutil.rmtree(here / name, ignore_errors=True)
            removed.append(here / name)
        for name in files:
            match = _TEMPORARY_FILE.search(name) or _PARTIAL_FILE.search(name)
            if match is None or alive(int(match[1])):
                continue
            with contextlib.suppress(OSError):
                (here / name).unlink()
                removed.append(here / name)
    return removed
