"""Writing outputs so that a failed build loses nothing.

A meeting's outputs are one edition (`Edition`): staged whole in a sibling folder and put
in place with one rename, so a reader sees the whole old edition or the whole new one.
Other outputs (the site, the feeds) are staged file by file beside their final paths
(`Staging`) and renamed into place when all are written, each rename atomic. Either way a
file whose content is unchanged is left alone, so its modification time means something.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from agendapack.scratch import is_leftover


class Staging:
    """Collects a build's outputs and puts them in place together, or not at all."""

    def __init__(self, link_from: Path | None = None) -> None:
        """`link_from`: a folder whose files agendapack only ever replaces, never changes in
        place (build/): files copied from it are hard links, not copies."""
        self._staged: dict[Path, Path] = {}
        self._remove: set[Path] = set()
        self._link_from = link_from.resolve() if link_from else None

    def _temporary(self, path: Path) -> Path:
        if path in self._staged:
            raise ValueError(f"{path} is written twice in one build")
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.with_name(f".{path.name}.{os.getpid()}.tmp")

    def path_for(self, path: Path) -> Path:
        """A temporary path to write `path`'s new content to, for writers that want a file."""
        temporary = self._temporary(path)
        self._staged[path] = temporary
        return temporary

    def bytes(self, path: Path, data: bytes) -> None:
        temporary = self.path_for(path)
        temporary.write_bytes(data)

    def copy(self, path: Path, source: Path) -> None:
        """Stage `source` as `path`. An officer's own file is copied (it may be overwritten
        in place later); one of agendapack's is hard-linked where the file system allows."""
        if path.is_file() and path not in self._staged and _same(path, source):
            return  # already in place: nothing to stage
        temporary = self.path_for(path)
        if self._link_from and source.resolve().is_relative_to(self._link_from):
            with contextlib.suppress(OSError):
                os.link(source, temporary)
                return
        shutil.copyfile(source, temporary)

    def remove(self, path: Path) -> None:
        """Remove `path` on commit (a document no longer in the pack, say)."""
        self._remove.add(path)

    def commit(self) -> list[Path]:
        """Rename everything into place; returns the paths whose content changed."""
        changed = []
        for path, temporary in self._staged.items():
            if path.is_file() and _same(path, temporary):
                temporary.unlink()
                continue
            try:
                os.replace(temporary, path)
            except OSError as exc:
                # the file it was for is what the message names, not its temporary copy
                temporary.unlink(missing_ok=True)
                exc.filename, exc.filename2 = str(path), None
                raise
            changed.append(path)
        for path in self._remove - set(self._staged):
            if path.exists():
                path.unlink()
                changed.append(path)
        self._staged.clear()
        return changed

    def discard(self) -> None:
        for temporary in self._staged.values():
            temporary.unlink(missing_ok=True)
        self._staged.clear()

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is not None:
            self.discard()


def _same(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as left, b.open("rb") as right:
        while True:
            chunk = left.read(1 << 20)
            if chunk != right.read(1 << 20):
                return False
            if not chunk:
                return True


def write_atomic(path: Path, data: bytes) -> bool:
    """Write one file in place atomically, only if its content changed."""
    with Staging() as staging:
        staging.bytes(path, data)
        return bool(staging.commit())


# -- editions: a folder put in place whole ---------------------------------------------
_AT_FDCWD = -100  # Linux's "relative to the current folder"
_RENAME_EXCHANGE = 2


@functools.cache  # what the C library offers does not change while the process runs
def _exchange_call() -> Callable[..., int] | None:
    """glibc's renameat2 (2.28 and later), or None on another C library or system."""
    function = None
    with contextlib.suppress(OSError, AttributeError):
        function = ctypes.CDLL(None, use_errno=True).renameat2
        function.argtypes = [
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_uint,
        ]
        function.restype = ctypes.c_int
    return function


def exchange(staged: Path, current: Path) -> None:
    """Swap two folders in one step, renameat2(RENAME_EXCHANGE) on Linux: at no moment is
    either name missing or half of one. Raises NotImplementedError where the system or the
    file system cannot (another OS, an old kernel, a file system without it)."""
    function = _exchange_call()
    if function is None:
        raise NotImplementedError
    if function(_AT_FDCWD, os.fsencode(staged), _AT_FDCWD, os.fsencode(current), _RENAME_EXCHANGE):
        number = ctypes.get_errno()
        if number in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise NotImplementedError
        raise OSError(number, os.strerror(number), str(current), None, str(staged))


class EditionNotRestored(OSError):
    """The old edition was moved aside and could not be put back: says where it is."""


class Edition(Staging):
    """A meeting's outputs, staged in a sibling folder and put in place with one rename.

    A Staging for paths inside `out`, so a builder takes either. What is staged is the new
    edition, whole: a file of the old edition that is not staged again is not in it. A
    staged file whose content is that of the old edition's is replaced by a hard link to
    it, so it keeps its inode and modification time, and `commit` lists only what really
    changed.
    """

    def __init__(self, out: Path, link_from: Path | None = None) -> None:
        """`link_from`: as for Staging, a folder whose files agendapack only ever replaces
        (build/): files copied from it are hard links, not copies."""
        super().__init__(link_from)
        self.out = out
        self.staged = out.with_name(f".{out.name}.{os.getpid()}.staging")
        self._written: set[Path] = set()
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.staged, ignore_errors=True)  # this process's, from a failed try
        self.staged.mkdir()

    def _inside(self, path: Path) -> Path:
        try:
            return path.relative_to(self.out)
        except ValueError:
            raise ValueError(f"{path} is not in the edition {self.out}") from None

    def path_for(self, path: Path) -> Path:
        """Where to write `path`'s new content, for writers that want a file."""
        relative = self._inside(path)
        if relative in self._written:
            raise ValueError(f"{path} is written twice in one build")
        self._written.add(relative)
        staged = self.staged / relative
        staged.parent.mkdir(parents=True, exist_ok=True)
        return staged

    def bytes(self, path: Path, data: bytes) -> None:
        self.path_for(path).write_bytes(data)

    def copy(self, path: Path, source: Path) -> None:
        """Stage `source` as `path`: a hard link to one of agendapack's own files, a copy
        of an officer's (which may be overwritten in place later)."""
        staged = self.path_for(path)
        if self._link_from and source.resolve().is_relative_to(self._link_from):
            with contextlib.suppress(OSError):
                os.link(source, staged)
                return
        shutil.copyfile(source, staged)

    def remove(self, path: Path) -> None:
        """`path` is not in the new edition. Nothing to do: only what is staged is."""
        self._inside(path)

    def _old_files(self) -> set[Path]:
        if not self.out.is_dir():
            return set()
        return {
            p.relative_to(self.out)
            for p in self.out.rglob("*")
            if p.is_file() and not is_leftover(p.name)
        }

    def commit(self) -> list[Path]:
        """Put the new edition in place; returns the paths whose content changed (added,
        replaced or gone). When nothing changed, the old edition is not touched at all."""
        old = self._old_files()
        changed = []
        for relative in sorted(self._written):
            staged, current = self.staged / relative, self.out / relative
            if relative in old and _same(current, staged):
                _link_over(current, staged)
                continue
            changed.append(current)
        changed.extend(self.out / r for r in sorted(old - self._written))
        if not changed and self.out.is_dir():
            self.discard()
            return []
        # Ctrl+C waits until the edition is in place (or has failed to be), so that a
        # stopped build can say which editions it replaced
        with _interrupt_deferred() as caught:
            try:
                self._put_in_place()
            except OSError:
                if caught:
                    raise KeyboardInterrupt from None
                raise
        if caught:
            raise Interrupted(self.out)
        return changed

    def _put_in_place(self) -> None:
        if not os.path.lexists(self.out):
            os.rename(self.staged, self.out)  # a first build: nothing to swap with
            return
        try:
            exchange(self.staged, self.out)
        except NotImplementedError:
            # No atomic swap here: the old edition is renamed aside, then the new one in.
            # Between the two renames the folder is missing (never half old, half new); a
            # build killed there is put right by the next (scratch.clean_leftovers).
            aside = self.out.with_name(f".{self.out.name}.{os.getpid()}.old")
            os.rename(self.out, aside)
            try:
                os.rename(self.staged, self.out)
            except OSError as exc:
                try:
                    os.rename(aside, self.out)
                except OSError:
                    raise EditionNotRestored(
                        exc.errno,
                        f"{exc.strerror}; the last good outputs are in {aside}",
                        str(self.out),
                    ) from None
                raise
            shutil.rmtree(aside, ignore_errors=True)
            return
        shutil.rmtree(self.staged, ignore_errors=True)  # it now holds the old edition

    def discard(self) -> None:
        shutil.rmtree(self.staged, ignore_errors=True)

    def __enter__(self) -> Edition:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if isinstance(value, OSError) and value.filename:
            # name the output being written, not its staged copy
            with contextlib.suppress(ValueError):
                staged = Path(os.fsdecode(value.filename)).relative_to(self.staged)
                value.filename = str(self.out / staged)
        self.discard()


def _link_over(current: Path, staged: Path) -> None:
    """Make the staged file the old edition's own, keeping its inode and time."""
    if os.path.samefile(current, staged):
        return
    temporary = staged.with_name(f".{staged.name}.{os.getpid()}.tmp")
    try:
        os.link(current, temporary)
        os.replace(temporary, staged)
    except OSError:  # no hard links here: the copy, equal in content, will do
        temporary.unlink(missing_ok=True)


class Interrupted(KeyboardInterrupt):
    """Ctrl+C, held back until the edition `replaced` was put in place."""

    def __init__(self, replaced: Path) -> None:
        super().__init__()
        self.replaced = replaced


@contextlib.contextmanager
def _interrupt_deferred() -> Iterator[list[int]]:
    """Hold a Ctrl+C back while the block runs; the list it gives says whether one came."""
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught  # only the main thread may handle signals; it gets the Ctrl+C
        return
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield caught
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
