"""What a run remembers, and files written whole.

A command opens one `Store` for its run (`with opened(layout):`): the memos it keeps in
build/.cache/ between runs (papers found readable, what cleaning would leave out of them,
what an author must mend, each region's bank holidays) and what it learns for the run
alone (records and page counts read, problems found), each keyed by the files' signatures
so that nothing stale is ever answered. Code that needs a memo asks `current()`; outside a
run it gets a fresh store that remembers nothing, so a library call or a test is never
answered from another's state. Nothing here is a module-level cache: a store lives as long
as its run.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agendapack.layout import Layout


def write_whole(path: Path, data: bytes) -> None:
    """Write a file in one rename, so that no reader (nor a later build, after a full disk
    or a kill) ever finds part of it. The temporary file is named by the process, as
    `scratch.clean_leftovers` knows them."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def signature(path: Path) -> list[int]:
    """A file's modification time, size, change time and inode: a file damaged in place
    and given back its size and modification time (cp -p, rsync -a, unzip) has a new
    change time, and is looked at again."""
    status = path.stat()
    return [status.st_mtime_ns, status.st_size, status.st_ctime_ns, status.st_ino]


class Memo:
    """A JSON object kept in one file between runs: read when the store opens, written
    whole when it saves, if anything changed. A memo that cannot be read is empty; one that
    cannot be written costs the next run the time again, nothing more."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, Any] = {}
        self.changed = False
        if path is not None:
            with contextlib.suppress(OSError, ValueError, TypeError):
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict):
                    self.entries = data

    def get(self, key: str) -> Any:
        return self.entries.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def put(self, key: str, value: Any) -> None:
        if self.entries.get(key) != value:
            self.entries[key] = value
            self.changed = True

    def replace(self, entries: dict[str, Any]) -> None:
        self.entries = entries
        self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        with contextlib.suppress(OSError):  # a read-only workspace is checked all the same
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_whole(self.path, json.dumps(self.entries, sort_keys=True).encode())
            self.changed = False


class KeptOpen:
    """PDFs one stage of a run has opened for a later stage to read, so that no file is
    parsed twice in a run: the check's opening of a supplied paper is the one its clean
    copy is made from, the converter's opening of LibreOffice's PDF likewise, and the
    look-over's opening of a clean copy is the one collation copies from.

    Known by the file's device, inode, modification time and size: a file renamed into a
    cache is still known, one changed since is not. Whoever takes a PDF owns it, and closes
    it or keeps it again. At most `limit` are kept (each holds a file open and the objects
    read from it): the oldest is closed to make room, and its file is opened again if a
    later stage asks for it. Shared by the run's threads (the converter's among them)."""

    def __init__(self, limit: int = 128) -> None:
        self.limit = limit
        self._kept: OrderedDict[tuple[int, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _identity(path: Path) -> tuple[int, ...] | None:
        try:
            status = path.stat()
        except OSError:
            return None
        return status.st_dev, status.st_ino, status.st_mtime_ns, status.st_size

    def keep(self, path: Path, pdf: Any) -> None:
        """Keep `pdf`, opened from `path`, for a later stage; its owner gives it up."""
        identity = self._identity(path)
        if identity is None:  # gone already: no stage will ask for it
            pdf.close()
            return
        surplus = []
        with self._lock:
            replaced = self._kept.pop(identity, None)
            if replaced is not None and replaced is not pdf:
                surplus.append(replaced)
            self._kept[identity] = pdf
            while len(self._kept) > self.limit:
                surplus.append(self._kept.popitem(last=False)[1])
        for old in surplus:
            old.close()

    def take(self, path: Path) -> Any | None:
        """The PDF kept for `path` as it is now, given to the caller; None if none is."""
        identity = self._identity(path)
        if identity is None:
            return None
        with self._lock:
            return self._kept.pop(identity, None)

    def close(self) -> None:
        with self._lock:
            kept, self._kept = list(self._kept.values()), OrderedDict()
        for pdf in kept:
            pdf.close()


@dataclass
class Store:
    """One run's memory. `layout` None: nothing is read from or written to disk."""

    layout: Layout | None = None
    readable: Memo = field(init=False)  # papers found readable, by signature
    features: Memo = field(init=False)  # what cleaning would leave out of each paper
    access: Memo = field(init=False)  # what an author must mend in each paper
    holidays: Memo = field(init=False)  # each region's bank holidays
    # for the run alone, by path and signature
    records: dict[Any, Any] = field(default_factory=dict)  # records of publication read
    problems: dict[Any, Any] = field(default_factory=dict)  # what a folder of record lacks
    files: dict[Path, Any] = field(default_factory=dict)  # JSON files read, by signature
    sources: dict[Any, Any] = field(default_factory=dict)  # page counts and bookmarks
    bank_holidays: dict[str, Any] = field(default_factory=dict)  # by region
    kept_open: KeptOpen = field(default_factory=KeptOpen)  # PDFs a later stage will read

    def __post_init__(self) -> None:
        layout = self.layout
        self.readable = Memo(layout.readable_record if layout else None)
        self.features = Memo(layout.features_record if layout else None)
        self.access = Memo(layout.access_record if layout else None)
        self.holidays = Memo(layout.holiday_memory if layout else None)

    @property
    def remembers(self) -> bool:
        """Whether what is learnt is kept for the next run."""
        return self.layout is not None

    def save(self) -> None:
        for memo in (self.readable, self.features, self.access, self.holidays):
            memo.save()


_current: ContextVar[Store | None] = ContextVar("agendapack_store", default=None)


def current() -> Store:
    """The run's store; outside a run, a fresh one that remembers nothing."""
    return _current.get() or Store()


def keep_open(path: Path, pdf: Any) -> None:
    """Keep an opened PDF for a later stage of the run (`KeptOpen`); outside a run,
    where no later stage will ask, close it."""
    store = _current.get()
    if store is None:
        pdf.close()
    else:
        store.kept_open.keep(path, pdf)


def take_open(path: Path) -> Any | None:
    """The PDF an earlier stage of the run opened from `path` and kept, or None."""
    store = _current.get()
    return store.kept_open.take(path) if store is not None else None


@contextlib.contextmanager
def opened(layout: Layout) -> Iterator[Store]:
    """The store of a run in the workspace at `layout`, saved when the run ends however it
    ends (what was learnt is true even of a run that failed)."""
    store = _current.get()
    if store is not None and store.layout == layout:  # a command inside another's run
        yield store
        return
    store = Store(layout)
    token = _current.set(store)
    try:
        yield store
    finally:
        _current.reset(token)
        store.kept_open.close()
        store.save()
