"""Writing outputs so that a failed build loses nothing.

Every file of a build is staged beside its final path under a temporary name; only when
the whole build has succeeded are they renamed into place, each rename atomic. A file
whose content is unchanged is left alone, so its modification time means something.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path


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
            os.replace(temporary, path)
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

    def __exit__(self, kind, value, traceback) -> None:
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
