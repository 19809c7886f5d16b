"""The text of a pack's pages, as poppler's `pdftotext` reads it, for the site's search.

Kept in build/.cache/text/ by the pack's hash: the site is written after every build, and
reading a 400-page pack again each time would cost more than the index. A build starts
reading its new pack as soon as the pack is written (`read_ahead`), while the rest of the
edition, the feeds and the site's pages are written; the site, asking for the text of the
same pack (`pack_pages`), waits for that reading rather than making a second one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

from agendapack.errors import AgendapackError, Problem
from agendapack.model import Workspace
from agendapack.write import write_atomic

# Raised when what is kept of a pack's text changes in form: every pack is read again.
TEXT_VERSION = 1
# A pack of fewer than twice this many pages is read by one pdftotext, not two.
_HALF = 50


def _cached(workspace: Workspace, digest: str) -> list[str] | None:
    try:
        path = workspace.layout.page_text / f"{digest}.json"
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("version") == TEXT_VERSION:
            return list(cached["pages"])
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        pass
    return None


def _claim(workspace: Workspace, digest: str, *, wait: bool = True) -> tuple[int, Path]:
    """Wait until no one else reads this pack, then hold it: the lock is the open file's,
    so it goes with a process that dies, and works between threads of one process too.
    Without `wait`, OSError when someone else holds it."""
    folder = workspace.layout.page_text
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / f".{digest}.lock"
    handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        os.close(handle)
        raise
    return handle, lock


def _release(handle: int, lock: Path) -> None:
    # removed while still held: whoever waits on it finds the text made, whoever comes
    # later finds the text and never opens the lock
    with contextlib.suppress(OSError):
        lock.unlink()
    os.close(handle)


def _read(workspace: Workspace, data: bytes, digest: str, shown: str, pages: int = 0) -> list[str]:
    """pdftotext over the pack; in two halves side by side when its `pages` are known,
    which poppler reads page by page, so that the halves make the same text as the whole."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise AgendapackError(
            Problem.error(
                shown,
                "the site's search reads the packs with poppler's pdftotext "
                "(Debian package poppler-utils): install it, or run `make run`",
            )
        )
    ranges = [["-f", "1", "-l", str(pages // 2)], ["-f", str(pages // 2 + 1)]]
    if pages < 2 * _HALF:
        ranges = [[]]
    done: list[subprocess.CompletedProcess[bytes] | None] = [None] * len(ranges)

    def run(index: int) -> None:
        done[index] = subprocess.run(
            [tool, "-q", "-enc", "UTF-8", *ranges[index], "-", "-"],
            input=data,
            capture_output=True,
            check=False,
        )

    others = [threading.Thread(target=run, args=(i,)) for i in range(1, len(ranges))]
    for thread in others:
        thread.start()
    run(0)
    for thread in others:
        thread.join()
    if any(d is None or d.returncode != 0 for d in done):
        raise AgendapackError(Problem.error(shown, "pdftotext could not read it for the search"))
    # one form feed after every page
    text = b"".join(d.stdout for d in done if d is not None)
    pages_text = text.decode("utf-8", errors="replace").split("\f")[:-1]
    write_atomic(
        workspace.layout.page_text / f"{digest}.json",
        json.dumps({"version": TEXT_VERSION, "pages": pages_text}, ensure_ascii=False).encode(),
    )
    return pages_text


def pack_pages(workspace: Workspace, pack: Path) -> list[str]:
    """The text of every page of a pack, in order, as poppler reads it."""
    data = pack.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    pages = _cached(workspace, digest)
    if pages is not None:
        return pages
    handle, lock = _claim(workspace, digest)  # a build may be reading it now
    try:
        pages = _cached(workspace, digest)
        if pages is not None:
            return pages
        return _read(workspace, data, digest, workspace.relative(pack))
    finally:
        _release(handle, lock)


def read_ahead(workspace: Workspace, pack: Path, pages: int) -> None:
    """Start reading the text of a pack of `pages` pages just written, in the background,
    for `pack_pages` to find. A problem is left for `pack_pages` to meet again and say."""
    data = pack.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if _cached(workspace, digest) is not None:
        return
    try:
        # taken before returning, so that the site waits for this reading
        claim = _claim(workspace, digest, wait=False)
    except OSError:  # read by someone else now, or not at all
        return

    def read() -> None:
        try:
            _read(workspace, data, digest, "", pages)
        except (AgendapackError, OSError):
            pass
        finally:
            _release(*claim)

    threading.Thread(target=read, name="pack text", daemon=True).start()
