"""The text of each public paper's pages, as poppler's `pdftotext` reads it, for the site's
search.

The search finds a page of the pack by the words of the paper printed there, read from the
paper as documents/ holds it (the clean copy that collation placed in the pack), not from
the pack: each paper is read while LibreOffice converts the others (`TextReader`), so the
site's index can be made as soon as the pack is, where reading a 400-page pack after
collation kept everything after it waiting. A pack's page is its paper's page with the
"Page N" stamp added, which is not worth finding.

Kept in build/.cache/text/ by the paper's hash: the site is written after every build, and
reading every paper again each time would cost more than the index. The site, asking for
the text of a paper being read (`paper_pages`), waits for that reading rather than making
a second one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path

from agendapack.errors import AgendapackError, Problem
from agendapack.model import Workspace
from agendapack.write import write_atomic

# Raised when what is kept of a paper's text changes in form: every paper is read again.
TEXT_VERSION = 2


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
    """Wait until no one else reads this paper, then hold it: the lock is the open file's,
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


def _read(workspace: Workspace, data: bytes, digest: str, shown: str) -> list[str]:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise AgendapackError(
            Problem.error(
                shown,
                "the site's search reads the papers with poppler's pdftotext "
                "(Debian package poppler-utils): install it, or run `make run`",
            )
        )
    done = subprocess.run(
        [tool, "-q", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=False
    )
    if done.returncode != 0:
        raise AgendapackError(Problem.error(shown, "pdftotext could not read it for the search"))
    # one form feed after every page
    pages = done.stdout.decode("utf-8", errors="replace").split("\f")[:-1]
    write_atomic(
        workspace.layout.page_text / f"{digest}.json",
        json.dumps({"version": TEXT_VERSION, "pages": pages}, ensure_ascii=False).encode(),
    )
    return pages


def paper_pages(workspace: Workspace, paper: Path) -> list[str]:
    """The text of every page of a paper, in order, as poppler reads it."""
    data = paper.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    pages = _cached(workspace, digest)
    if pages is not None:
        return pages
    handle, lock = _claim(workspace, digest)  # a build may be reading it now
    try:
        pages = _cached(workspace, digest)
        if pages is not None:
            return pages
        return _read(workspace, data, digest, workspace.relative(paper))
    finally:
        _release(handle, lock)


class TextReader:
    """Reads papers' text in the background, one after another in a thread of its own: a
    build hands each public paper over as soon as it has it, and LibreOffice, converting
    the others meanwhile, is never short of a core for more than one `pdftotext`."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.papers: queue.Queue[tuple[bytes, str, tuple[int, Path]]] = queue.Queue()
        self.thread: threading.Thread | None = None

    def read_ahead(self, paper: Path) -> None:
        """Have the paper read, for `paper_pages` to find. A problem is left for
        `paper_pages` to meet again and say."""
        data = paper.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if _cached(self.workspace, digest) is not None:
            return
        try:
            # taken here, not in the thread, so that the site waits for this reading
            claim = _claim(self.workspace, digest, wait=False)
        except OSError:  # read by someone else now, or not at all
            return
        self.papers.put((data, digest, claim))
        if self.thread is None:
            self.thread = threading.Thread(target=self._read_all, name="paper text", daemon=True)
            self.thread.start()

    def _read_all(self) -> None:
        while True:
            data, digest, claim = self.papers.get()
            try:
                _read(self.workspace, data, digest, "")
            except (AgendapackError, OSError):
                pass
            finally:
                _release(*claim)
