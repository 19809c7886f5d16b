"""The text of each public paper's pages, for the site's search, as poppler reads it.

The search finds a page of the pack by the words of the paper printed there, read from the
paper as documents/ holds it (the clean copy that collation placed in the pack), not from
the pack: each paper is read while LibreOffice converts the others (`TextReader.read_ahead`),
so that the site's index can be made as soon as the pack is, where reading a 400-page pack
after collation kept everything after it waiting. A pack's page is its paper's page with
the "Page N" stamp added, which is not worth finding.

Poppler reads the papers through its GLib binding, in one process for a run
(textworker.py, run by Debian's python3): a `pdftotext` for each paper cost a process
start, most of what a short paper costs, while LibreOffice needed the cores.

Kept in build/.cache/text/ by the paper's hash: the site is written after every build, and
reading every paper again each time would cost more than the index. The site, asking for
the text of a paper being read (`TextReader.pages`), waits for that reading rather than
making a second one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import queue
import select
import subprocess
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from agendapack.documents.convert import UNO_PYTHON, on_jemalloc
from agendapack.errors import AgendapackError, Problem
from agendapack.model import Workspace
from agendapack.write import write_atomic

WORKER = Path(__file__).with_name("textworker.py")
# Longest a paper's reading may take: a paper poppler hangs on is not read for the search.
READ_TIMEOUT = 120.0
# Raised when what is kept of a paper's text changes in form: every paper is read again.
TEXT_VERSION = 3  # 3: read by poppler's GLib binding
NO_POPPLER = (
    "the site's search reads the papers with poppler's GLib binding (Debian packages "
    "python3-gi and gir1.2-poppler-0.18): install them, or run `make run`"
)


class Unreadable(AgendapackError):
    """A paper poppler could not read (the others can be)."""


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


def _digest(paper: Path) -> str:
    return hashlib.sha256(paper.read_bytes()).hexdigest()


class TextReader:
    """Reads papers' text, each once, with one poppler process for the reader's life.
    `read_ahead` hands a paper to a thread of the reader's own (a build, as it gets each
    paper); `pages` reads one now, or waits for the reading ahead (the site)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.papers: queue.Queue[tuple[Path, str, tuple[int, Path]] | None] = queue.Queue()
        self.thread: threading.Thread | None = None
        self.worker: subprocess.Popen[str] | None = None
        self.asking = threading.Lock()  # one question to the worker at a time
        self.closed = False

    def __enter__(self) -> TextReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Let the worker go once what was handed over is read (in the background); what
        is handed over later is left for `pages` to read."""
        self.closed = True
        if self.thread is not None:
            self.papers.put(None)
        else:
            with self.asking:
                self._stop()

    def read_ahead(self, paper: Path) -> None:
        """Have the paper read, for `pages` to find. A problem is left for `pages` to meet
        again and say."""
        digest = _digest(paper)
        if self.closed or _cached(self.workspace, digest) is not None:
            return
        try:
            # taken here, not in the thread, so that the site waits for this reading
            claim = _claim(self.workspace, digest, wait=False)
        except OSError:  # read by someone else now, or not at all
            return
        self.papers.put((paper, digest, claim))
        if self.thread is None:
            self.thread = threading.Thread(target=self._read_all, name="paper text", daemon=True)
            self.thread.start()

    def pages(self, paper: Path, shown: str = "") -> list[str]:
        """The text of every page of a paper, in order."""
        digest = _digest(paper)
        pages = _cached(self.workspace, digest)
        if pages is not None:
            return pages
        handle, lock = _claim(self.workspace, digest)  # a build may be reading it now
        try:
            pages = _cached(self.workspace, digest)
            if pages is not None:
                return pages
            return self._read(paper, digest, shown or self.workspace.relative(paper))
        finally:
            _release(handle, lock)

    def _read_all(self) -> None:
        while (handed := self.papers.get()) is not None:
            paper, digest, claim = handed
            try:
                self._read(paper, digest, "")
            except Exception:  # left for `pages` to meet again and say; the rest still read
                pass
            finally:
                _release(*claim)
        with self.asking:
            self._stop()

    def _read(self, paper: Path, digest: str, shown: str) -> list[str]:
        with self.asking:
            answer = self._ask(paper, shown)
        if "pages" not in answer:
            raise Unreadable(Problem.error(shown, "poppler could not read it for the search"))
        pages = [str(page) for page in answer["pages"]]
        write_atomic(
            self.workspace.layout.page_text / f"{digest}.json",
            json.dumps({"version": TEXT_VERSION, "pages": pages}, ensure_ascii=False).encode(),
        )
        return pages

    def _ask(self, paper: Path, shown: str) -> dict[str, Any]:
        if self.worker is None or self.worker.poll() is not None:
            self.worker = self._start(shown)
        assert self.worker.stdin is not None and self.worker.stdout is not None
        try:
            self.worker.stdin.write(json.dumps(str(paper)) + "\n")
            self.worker.stdin.flush()
            # one answer a question: nothing is left buffered for select to miss
            ready, _, _ = select.select([self.worker.stdout], [], [], READ_TIMEOUT)
            line = self.worker.stdout.readline() if ready else ""
        except OSError:
            line = ""
        if not line:  # it died or hung on this paper: the next one gets a new worker
            self._stop(kill=True)
            return {}
        try:
            answer = json.loads(line)
        except ValueError:  # not what the worker writes: it is not to be trusted further
            self._stop()
            return {}
        return answer if isinstance(answer, dict) else {}

    def _start(self, shown: str) -> subprocess.Popen[str]:
        try:
            worker = subprocess.Popen(
                [UNO_PYTHON, "-I", str(WORKER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                env=on_jemalloc(dict(os.environ)),  # a tenth less CPU for poppler
            )
        except OSError:
            raise AgendapackError(Problem.error(shown, NO_POPPLER)) from None
        assert worker.stdout is not None
        if not worker.stdout.readline():  # no gi, or no poppler for it
            worker.wait()
            raise AgendapackError(Problem.error(shown, NO_POPPLER))
        return worker

    def _stop(self, kill: bool = False) -> None:
        worker, self.worker = self.worker, None
        if worker is None:
            return
        if kill:
            worker.kill()
        for pipe in (worker.stdin, worker.stdout):
            with contextlib.suppress(OSError, ValueError):
                if pipe is not None:
                    pipe.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(timeout=5)
        if worker.poll() is None:
            worker.kill()
            worker.wait()
