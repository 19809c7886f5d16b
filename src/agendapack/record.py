"""The record of publication: published/<committee>/<date>/record.json.

Publishing is a legal act (s.100B LGA 1972) and the edition the public saw is kept, never
rewritten, for six years (s.100C). The record lists every edition of a meeting's papers in
the order it went out: kind, the moment of publication (ISO 8601 with its offset), the
file's SHA-256, its pages and first and last page number, whether it went out on time and
the agenda items it carries. Reading it, and checking that the files still match it, needs
nothing of the rest of agendapack, so `check` can do it as it loads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from agendapack.errors import AgendapackError, Problem
from agendapack.layout import Layout

RECORD = "record.json"
# The exempt papers' side of the record: which exempt documents went out, with their
# hashes, so that a revised one is known. Beside the exempt packs, never on the site.
EXEMPT_RECORD = "exempt-record.json"
RECORD_SCHEMA = 2  # 2: each edition lists the documents it carried


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in pieces."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class PublishedDocument:
    """A document an edition carried: a revised one has the same source and another hash."""

    source: str  # its path in the workspace
    sha256: str
    title: str


@dataclass(frozen=True)
class PublishedEdition:
    """One edition of a meeting's papers as it went out."""

    kind: str  # "pack" or "supplement"
    number: int  # 0 for the pack; N for supplementary pack N
    file: str  # pack.pdf, beside record.json
    published_at: str  # ISO 8601 with its offset
    sha256: str
    pages: int
    first_page: int
    last_page: int
    on_time: bool  # published_at's date no later than the publish-by date
    items: tuple[int, ...]  # the agenda numbers of the items it carries
    fingerprint: str  # what it was built from, to tell whether anything is new
    exempt_file: str | None = None  # the exempt papers circulated to members with it
    exempt_sha256: str | None = None
    titles: tuple[str, ...] = ()  # the items' titles, in the same order as `items`
    # the items' numbers on the main agenda, as printed: "6", or "6A" for a late item
    labels: tuple[str, ...] = ()
    documents: tuple[PublishedDocument, ...] = ()  # the public documents it carried
    ranges: tuple[str, ...] = ()  # each item's pages in it, "11 - 38", as `items`
    exempt_first_page: int = 0  # its exempt papers' page numbers, when it had any
    exempt_last_page: int = 0

    @property
    def numbered(self) -> dict[str, str]:
        """Item title -> its number on the main agenda."""
        labels = self.labels or tuple(str(n) for n in self.items)
        return dict(zip(self.titles, labels, strict=False))

    @property
    def moment(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.published_at)


@dataclass(frozen=True)
class MeetingRecord:
    """Every edition of one meeting's papers, oldest first."""

    folder: Path  # published/<committee>/<date>/
    editions: tuple[PublishedEdition, ...] = ()

    @property
    def pack(self) -> PublishedEdition | None:
        return next((e for e in self.editions if e.kind == "pack"), None)

    @property
    def titles(self) -> set[str]:
        """The titles of every item some edition has carried: any other item is late."""
        return {t for e in self.editions for t in e.titles}

    @property
    def supplements(self) -> int:
        return sum(1 for e in self.editions if e.kind == "supplement")

    @property
    def numbered(self) -> dict[str, str]:
        """Every published item's title -> its number on the main agenda."""
        found: dict[str, str] = {}
        for edition in self.editions:
            found.update(edition.numbered)
        return found

    def pages_of(self, title: str) -> str:
        """Where an item's papers are in the editions of record: "11 - 38", then
        "29 - 32 (supplementary agenda 1)" for what a supplement carried."""
        found = []
        for edition in self.editions:
            for each, pages in zip(edition.titles, edition.ranges, strict=False):
                if each == title and pages:
                    where = f" (supplementary agenda {edition.number})" if edition.number else ""
                    found.append(pages + where)
        return "; ".join(found)

    @property
    def last_page(self) -> int:
        return max((e.last_page for e in self.editions), default=0)

    @property
    def exempt_last_page(self) -> int:
        return max((e.exempt_last_page for e in self.editions), default=0)

    def as_json(self, committee: str, date: dt.date) -> bytes:
        data = {
            "schema": RECORD_SCHEMA,
            "committee": committee,
            "date": date.isoformat(),
            "editions": [asdict(e) for e in self.editions],
        }
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def read_record(layout: Layout, committee: str, date: dt.date) -> MeetingRecord:
    """The meeting's record; an empty one when nothing has been published. A record that
    cannot be read is an error: publication must never carry on from a guess."""
    folder = layout.published_meeting(committee, date)
    path = folder / RECORD
    shown = path.relative_to(layout.root).as_posix()
    if not path.exists():
        if folder.exists() and any(folder.iterdir()):
            raise AgendapackError(
                f"{shown}: error: the folder holds files but no record of their publication; "
                "restore record.json from your archive"
            )
        return MeetingRecord(folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("schema") not in (1, RECORD_SCHEMA):
            raise ValueError("it is not a record this agendapack knows")
        editions = tuple(_edition(e) for e in data["editions"])
        _in_order(editions)
    except KeyError as exc:
        raise AgendapackError(
            f"{shown}: error: the record of publication cannot be read ({exc} is missing); "
            "restore it from your archive"
        ) from None
    except (OSError, ValueError, TypeError) as exc:
        raise AgendapackError(
            f"{shown}: error: the record of publication cannot be read ({exc}); restore it "
            "from your archive"
        ) from None
    return MeetingRecord(folder, editions)


def _in_order(editions: tuple[PublishedEdition, ...]) -> None:
    """The editions as they went out: the pack first, each supplement numbered on and its
    pages going on from the edition before, later than it. Anything else was edited."""
    for index, edition in enumerate(editions):
        if (edition.kind == "pack") != (index == 0) or edition.number != index:
            raise ValueError(
                f"edition {index + 1} is not the {'pack' if not index else 'next supplement'}"
            )
        if not 1 <= edition.first_page <= edition.last_page:
            raise ValueError(f"edition {index + 1} has no pages")
        if index:
            before = editions[index - 1]
            if edition.first_page != before.last_page + 1:
                raise ValueError(
                    f"edition {index + 1}'s pages do not go on from those of the edition before"
                )
            if edition.moment < before.moment:
                raise ValueError(f"edition {index + 1} went out before the edition before it")


_TEXTS = ("kind", "file", "published_at", "sha256", "fingerprint")
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\.pdf")
_NUMBERS = ("number", "pages", "first_page", "last_page")


def _edition(data: dict[str, Any]) -> PublishedEdition:
    if not isinstance(data, dict):
        raise ValueError("an edition is not a table of its facts")
    for key in _TEXTS:
        if not isinstance(data[key], str):
            raise ValueError(f"{key} is not text")
    for key in (*_NUMBERS, "exempt_first_page", "exempt_last_page"):
        if key in data and (not isinstance(data[key], int) or isinstance(data[key], bool)):
            raise ValueError(f"{key} is not a whole number")
    if not isinstance(data["on_time"], bool):
        raise ValueError("on_time is not true or false")
    for key in ("file", "exempt_file"):
        # a name beside record.json, never a path that leads elsewhere for the site to copy
        name = data.get(key)
        if name is not None and not (isinstance(name, str) and _FILE_NAME.fullmatch(name)):
            raise ValueError(f"{key} {name!r} is not the name of a PDF beside record.json")
    known = {f for f in PublishedEdition.__dataclass_fields__}
    fields = {
        **{k: v for k, v in data.items() if k in known},
        "items": tuple(int(i) for i in data["items"]),
        "titles": tuple(str(t) for t in data.get("titles", ())),
        "labels": tuple(str(t) for t in data.get("labels", ())),
        "ranges": tuple(str(t) for t in data.get("ranges", ())),
        "documents": tuple(_document(d) for d in data.get("documents", ())),
    }
    edition = PublishedEdition(**fields)
    edition.moment  # noqa: B018 - a time that does not parse is a damaged record
    return edition


def _document(data: dict[str, Any]) -> PublishedDocument:
    if not isinstance(data, dict):
        raise ValueError("a document is not a table of its facts")
    return PublishedDocument(str(data["source"]), str(data["sha256"]), str(data["title"]))


def read_exempt_documents(record: MeetingRecord, layout: Layout) -> tuple[PublishedDocument, ...]:
    """The exempt documents every edition of the meeting carried (exempt-record.json)."""
    path = record.folder / EXEMPT_RECORD
    shown = path.relative_to(layout.root).as_posix()
    if not path.is_file():
        if any(e.exempt_file for e in record.editions):
            # without it every exempt paper would look late, and go out again
            raise AgendapackError(
                f"{shown}: error: the record of the exempt papers published is missing; "
                "restore it from your archive"
            )
        return ()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return tuple(_document(d) for d in data["documents"])
    except KeyError as exc:
        raise AgendapackError(
            f"{shown}: error: the record of the exempt papers cannot be read ({exc} is "
            "missing); restore it from your archive"
        ) from None
    except (OSError, ValueError, TypeError) as exc:
        raise AgendapackError(
            f"{shown}: error: the record of the exempt papers cannot be read ({exc}); "
            "restore it from your archive"
        ) from None


def exempt_record_bytes(documents: tuple[PublishedDocument, ...]) -> bytes:
    data = {"schema": 1, "documents": [asdict(d) for d in documents]}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def record_problems(layout: Layout) -> list[Problem]:
    """A published file that is missing, or changed since it was published (edited by
    hand, or damaged on disk): one error each. Nothing published: nothing to say."""
    problems: list[Problem] = []
    if not layout.published.is_dir():
        return problems
    hashes = _KnownHashes(layout.cache / "published-hashes.json")
    for folder in sorted(p for p in layout.published.glob("*/*") if p.is_dir()):
        try:
            date = dt.date.fromisoformat(folder.name)
        except ValueError:
            continue
        meeting = f"{folder.parent.name} {date.isoformat()}"
        try:
            record = read_record(layout, folder.parent.name, date)
            read_exempt_documents(record, layout)
        except AgendapackError as exc:
            problems.extend(_problem(line, meeting) for line in exc.lines)
            continue
        listed = {RECORD, EXEMPT_RECORD} | {
            name for e in record.editions for name in (e.file, e.exempt_file) if name
        }
        for stray in sorted(folder.iterdir()):
            if stray.name not in listed and not stray.name.startswith("."):
                problems.append(
                    Problem(
                        stray.relative_to(layout.root).as_posix(),
                        None,
                        "error",
                        "record.json does not list it as published: remove it, or restore "
                        "the folder from your archive",
                        meeting=meeting,
                    )
                )
        for edition in record.editions:
            for name, digest in (
                (edition.file, edition.sha256),
                (edition.exempt_file, edition.exempt_sha256),
            ):
                if not name:
                    continue
                file = folder / name
                shown = file.relative_to(layout.root).as_posix()
                if not file.is_file():
                    problems.append(
                        Problem(
                            shown,
                            None,
                            "error",
                            f"the {edition.kind} published on {edition.published_at} is "
                            "missing; restore it from your archive",
                            meeting=meeting,
                        )
                    )
                elif hashes.of(file) != digest:
                    problems.append(
                        Problem(
                            shown,
                            None,
                            "error",
                            f"it is not the {edition.kind} published on "
                            f"{edition.published_at}: a published file is never changed; "
                            "restore it from your archive, and publish changes as a "
                            "supplementary pack",
                            meeting=meeting,
                        )
                    )
    hashes.save()
    return problems


class _KnownHashes:
    """The SHA-256 of published files as last read, by size, modification and change time
    and inode: `check` runs before every command, and six years of packs are not read again
    each time. Kept in build/.cache/ (disposable, like every cache): a file written in any
    way is read again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.changed = False
        try:
            self.known: dict[str, list] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        if not isinstance(self.known, dict):
            self.known = {}

    def of(self, file: Path) -> str:
        stat = file.stat()
        key = str(file)
        seen = self.known.get(key)
        # the change time too: a copy restored with its old modification time has a new one
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        if isinstance(seen, list) and seen[:4] == signature:
            return str(seen[4])
        digest = sha256_file(file)
        self.known[key] = [*signature, digest]
        self.changed = True
        return digest

    def save(self) -> None:
        if not self.changed:
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(self.known, sort_keys=True), encoding="utf-8")
            temporary.replace(self.path)
        except OSError:
            temporary.unlink(missing_ok=True)  # only a saving of time


def _problem(line: str, meeting: str) -> Problem:
    path, _, message = line.partition(": error: ")
    return Problem(path, None, "error", message, meeting=meeting)
