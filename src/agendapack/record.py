"""The record of publication: published/<committee>/<date>/record.json.

Publishing is a legal act (s.100B LGA 1972) and the edition the public saw is kept, never
rewritten, for six years (s.100C). The record lists every edition of a meeting's papers in
the order it went out: kind, the moment of publication (ISO 8601 with its offset), the
file's SHA-256, its pages and first and last page number, whether it went out on time and
the agenda items it carries. Reading it, and checking that the files still match it, needs
nothing of the rest of agendapack, so `check` can do it as it loads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from agendapack.errors import AgendapackError, Problem, in_words
from agendapack.layout import EXEMPT_RECORD, RECORD, Layout
from agendapack.store import current, write_whole

# The exempt papers' side of the record: which exempt documents went out, with their
# hashes, so that a revised one is known. Beside the exempt packs, never on the site.
# 2: each edition lists the documents it carried; 3: each edition is sealed and chained
# to the one before it (`seal`, `previous`), with its publish-by date
RECORD_SCHEMA = 3


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
    # the publish-by date it was held to, so that `on_time` can be read against it
    publish_by: str = ""
    # the SHA-256 of the edition before it, as recorded ("" for the pack): an edition
    # edited after the next one went out breaks the chain, as in a transparency log
    previous: str = ""
    # the SHA-256 of this edition's other fields: an edit that leaves it as it was is seen
    seal: str = ""

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
    # each edition's entry_digest as read from record.json, for the chain
    digests: tuple[str, ...] = ()
    schema: int = RECORD_SCHEMA  # as read: 2 for a record from before the seals

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

    def sealed(self, edition: PublishedEdition) -> PublishedEdition:
        """`edition`, chained to the last one and sealed, to go out after it."""
        chained = replace(edition, previous=self.digests[-1] if self.digests else "", seal="")
        return replace(chained, seal=entry_digest(asdict(chained)))

    def as_json(self, committee: str, date: dt.date) -> bytes:
        data = {
            "schema": RECORD_SCHEMA,
            "committee": committee,
            "date": date.isoformat(),
            "editions": [asdict(e) for e in self.editions],
        }
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def _holds_files(folder: Path) -> bool:
    try:
        return folder.is_dir() and any(folder.iterdir())
    except OSError:
        return True  # there, but not readable: reading the record says so


def record_folder(
    layout: Layout, committee: str, date: dt.date, moved_from: dt.date | None = None
) -> Path:
    """The meeting's folder of record. A meeting moved after publication (`moved_from`)
    keeps its editions where they went out, published/<committee>/<old date>/: the record
    goes on there (the next edition is its next supplement, its Atom ids stay its own),
    rather than a second record starting afresh at the new date."""
    here = layout.published_meeting(committee, date)
    if moved_from is not None and not _holds_files(here):
        old = layout.published_meeting(committee, moved_from)
        if _holds_files(old):
            return old
    return here


RESTORE = "restore it from version control (git checkout) or your archive"


def read_record(
    layout: Layout, committee: str, date: dt.date, moved_from: dt.date | None = None
) -> MeetingRecord:
    """The meeting's record; an empty one when nothing has been published. A record that
    cannot be read is an error: publication must never carry on from a guess."""
    folder = record_folder(layout, committee, date, moved_from)
    path = folder / RECORD
    shown = path.relative_to(layout.root).as_posix()
    if not path.exists():
        if _holds_files(folder):
            raise AgendapackError(
                Problem.error(
                    shown, f"the folder holds files but no record of their publication; {RESTORE}"
                )
            )
        return MeetingRecord(folder)
    try:
        stat = path.stat()
        key = (path, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    except OSError:
        key = None
    records = current().records
    if key in records:
        return records[key]
    record = _parse_record(path, shown, folder)
    if key is not None:
        records[key] = record
    return record


def _parse_record(path: Path, shown: str, folder: Path) -> MeetingRecord:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("schema") not in (1, 2, RECORD_SCHEMA):
            raise ValueError("it is not a record this agendapack knows")
        if not isinstance(data["editions"], list):
            raise ValueError("its editions are not a list")
        editions = tuple(_edition(e) for e in data["editions"])
        _in_order(editions)
        digests = tuple(entry_digest(e) for e in data["editions"])
    except KeyError as exc:
        raise AgendapackError(
            Problem.error(
                shown, f"the record of publication cannot be read ({exc} is missing); {RESTORE}"
            )
        ) from None
    except (OSError, ValueError, TypeError) as exc:
        raise AgendapackError(
            Problem.error(
                shown, f"the record of publication cannot be read ({in_words(exc)}); {RESTORE}"
            )
        ) from None
    return MeetingRecord(folder, editions, digests, int(data["schema"]))


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


def entry_digest(entry: dict[str, Any]) -> str:
    """The SHA-256 of an edition's entry as recorded, but for its seal: the same whatever
    the file's indentation or key order."""
    fields = {k: v for k, v in entry.items() if k != "seal"}
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


_TEXTS = ("kind", "file", "published_at", "sha256", "fingerprint")
_OPTIONAL_TEXTS = ("publish_by", "previous", "seal")
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
    for key in _OPTIONAL_TEXTS:
        if key in data and not isinstance(data[key], str):
            raise ValueError(f"{key} is not text")
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
    if edition.publish_by:
        dt.date.fromisoformat(edition.publish_by)
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
                Problem.error(
                    shown, f"the record of the exempt papers published is missing; {RESTORE}"
                )
            )
        return ()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
            raise ValueError("it is not a record of exempt papers")
        return tuple(_document(d) for d in data["documents"])
    except KeyError as exc:
        raise AgendapackError(
            Problem.error(
                shown,
                f"the record of the exempt papers cannot be read ({exc} is missing); {RESTORE}",
            )
        ) from None
    except (OSError, ValueError, TypeError) as exc:
        raise AgendapackError(
            Problem.error(
                shown,
                f"the record of the exempt papers cannot be read ({in_words(exc)}); {RESTORE}",
            )
        ) from None


def exempt_record_bytes(documents: tuple[PublishedDocument, ...]) -> bytes:
    data = {"schema": 1, "documents": [asdict(d) for d in documents]}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


@dataclass(frozen=True)
class Claim:
    """A meeting as the programme has it, for the folders of record: its committee, its
    date and the date it was moved from."""

    committee: str
    date: dt.date
    moved_from: dt.date | None = None


def record_problems(layout: Layout, claims: list[Claim] | None = None) -> list[Problem]:
    """Every folder of record checked against its record (meeting_problems), and a folder
    of published/ that no meeting of the programme claims: one error each."""
    problems: list[Problem] = []
    if not layout.published.is_dir():
        return problems
    hashes = _KnownHashes(layout.published_hashes)
    claimed: set[Path] = set()
    committees = {claim.committee for claim in claims or ()}
    for claim in claims or ():
        folder = record_folder(layout, claim.committee, claim.date, claim.moved_from)
        claimed.add(folder)
        if folder.exists():
            problems.extend(meeting_problems(layout, claim, hashes))
    for folder in sorted(p for p in layout.published.glob("*/*") if p.is_dir()):
        try:
            date = dt.date.fromisoformat(folder.name)
        except ValueError:
            continue
        if folder in claimed or not _holds_files(folder):
            continue
        shown = folder.relative_to(layout.root).as_posix()
        if folder.parent.name not in committees:
            # no programme read for the committee (one that cannot be read is an error of
            # its own): the folder is checked on its own
            problems.extend(meeting_problems(layout, Claim(folder.parent.name, date), hashes))
            continue
        problems.append(
            Problem(
                f"{shown}/",
                None,
                "error",
                f"no meeting of programme/{folder.parent.name}.toml claims these editions of "
                f"record: a meeting moved from {date.isoformat()} says so with "
                f"moved_from = {date.isoformat()}; a folder copied here by mistake is "
                "removed (from version control too)",
            )
        )
    hashes.save()
    return problems


def _signature(folder: Path) -> tuple[tuple[str, int, int, int, int], ...] | None:
    """Every file of a folder with its size, modification and change time and inode:
    what meeting_problems reads, so that while it stays the same so does the answer."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        return tuple(
            (e.name, s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino)
            for e in entries
            for s in (e.stat(follow_symlinks=False),)
        )
    except OSError:
        return None


def meeting_problems(
    layout: Layout, claim: Claim, hashes: _KnownHashes | None = None
) -> list[Problem]:
    """What is wrong with a meeting's folder of record: a record that cannot be read or
    whose chain is broken, a published file missing or not the one published, a file the
    record does not list. One error each, for that meeting only."""
    folder = record_folder(layout, claim.committee, claim.date, claim.moved_from)
    signature = _signature(folder)
    key = (claim, folder, signature) if signature is not None else None
    # by claim and the folder's signature, for the run: the site, the feeds and their
    # refresh each ask of every meeting, and a folder unchanged is not read again
    found_before = current().problems
    if key is not None and key in found_before:
        return list(found_before[key])
    found = _meeting_problems(layout, claim, hashes)
    if key is not None:
        found_before[key] = list(found)
    return found


def _meeting_problems(layout: Layout, claim: Claim, hashes: _KnownHashes | None) -> list[Problem]:
    meeting = f"{claim.committee} {claim.date.isoformat()}"
    own = hashes is None
    hashes = hashes or _KnownHashes(layout.published_hashes)
    try:
        record = read_record(layout, claim.committee, claim.date, claim.moved_from)
        read_exempt_documents(record, layout)
    except AgendapackError as exc:
        return [replace(p, meeting=meeting) for p in exc.problems]
    folder = record.folder
    problems: list[Problem] = []
    shown_record = (folder / RECORD).relative_to(layout.root).as_posix()

    def problem(path: str, message: str) -> None:
        problems.append(Problem(path, None, "error", message, meeting=meeting))

    for message in _chain_problems(record):
        problem(shown_record, f"{message}; {RESTORE}")
    listed = {RECORD, EXEMPT_RECORD} | {
        name for e in record.editions for name in (e.file, e.exempt_file) if name
    }
    for stray in sorted(folder.iterdir()) if folder.is_dir() else ():
        if stray.name not in listed and not stray.name.startswith("."):
            problem(
                stray.relative_to(layout.root).as_posix(),
                "record.json does not list it as published: a file is never added to an "
                "edition of record; move it out, or restore the folder from version control "
                "or your archive",
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
            what = f"the {_edition_name(edition)} published on {edition.published_at}"
            if not file.is_file():
                problem(shown, f"{what} is missing; {RESTORE}")
            elif hashes.of(file) != digest:
                problem(
                    shown,
                    f"it is not {what} (its SHA-256 differs from record.json's): a published "
                    f"file is never changed; {RESTORE}, and publish changes as a "
                    "supplementary pack",
                )
    if own:
        hashes.save()
    return problems


def _edition_name(edition: PublishedEdition) -> str:
    return "pack" if edition.kind == "pack" else f"supplementary pack {edition.number}"


def _chain_problems(record: MeetingRecord) -> list[str]:
    """The chain and the seals of a record (schema 3), and what can be read against each
    other in one edition. An edition recorded before seals (schema 2) is taken as it is."""
    found = []
    sealed = False
    for index, (edition, digest) in enumerate(zip(record.editions, record.digests, strict=True)):
        name = f"the {_edition_name(edition)} published on {edition.published_at}"
        last = index == len(record.editions) - 1
        # every edition since seals began is sealed, and the last one of a record written
        # since: a seal taken out is an edit too
        if not edition.seal and (sealed or (last and record.schema >= RECORD_SCHEMA)):
            found.append(f"{name} has lost its seal: the record was edited")
        sealed = sealed or bool(edition.seal)
        if edition.publish_by:
            due = dt.date.fromisoformat(edition.publish_by)
            if edition.on_time != (edition.moment.date() <= due):
                said = "on time" if edition.on_time else "late"
                found.append(
                    f"{name} is recorded as {said}, but its publish-by date was "
                    f"{edition.publish_by}: `on_time` or `published_at` was edited"
                )
        if edition.seal and edition.seal != digest:
            found.append(f"{name} was edited after it went out (its seal does not match)")
        if index and edition.seal and edition.previous != record.digests[index - 1]:
            before = record.editions[index - 1]
            found.append(
                f"the {_edition_name(before)} published on {before.published_at} was edited "
                f"after the {_edition_name(edition)} went out (the chain is broken there)"
            )
    return found


def verified_record(
    layout: Layout, committee: str, date: dt.date, moved_from: dt.date | None = None
) -> MeetingRecord:
    """The meeting's record, when its folder of record is as it was published; raises
    AgendapackError, one line per difference, when it is not: nothing is built or published
    on top of a damaged edition of record."""
    problems = meeting_problems(layout, Claim(committee, date, moved_from))
    if problems:
        raise AgendapackError(*problems)
    return read_record(layout, committee, date, moved_from)


def sound_record(
    layout: Layout, committee: str, date: dt.date, moved_from: dt.date | None = None
) -> MeetingRecord:
    """The meeting's record for the site and the feeds: empty when its folder of record
    is damaged, so that an edited file is never served as the edition of record (`check`,
    `build` and `publish` name what is wrong)."""
    folder = record_folder(layout, committee, date, moved_from)
    if not folder.exists() or meeting_problems(layout, Claim(committee, date, moved_from)):
        return MeetingRecord(folder)
    return read_record(layout, committee, date, moved_from)


class _KnownHashes:
    """The SHA-256 of published files as last read, by size, modification and change time
    and inode: `check` runs before every command, and six years of packs are not read again
    each time. Kept in build/.cache/ (disposable, like every cache): a file written in any
    way is read again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.changed = False
        self.known: dict[str, list] = {}
        try:
            signature = (path.stat().st_mtime_ns, path.stat().st_size)
            # the site and the feeds ask of each meeting in turn: the file is read once
            # while it stays as it is, not once a meeting
            loaded = current().files
            if loaded.get(path, (None,))[0] != signature:
                loaded[path] = (signature, json.loads(path.read_text(encoding="utf-8")))
            known = loaded[path][1]
            self.known = dict(known) if isinstance(known, dict) else {}
        except (OSError, ValueError):
            pass

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
        with contextlib.suppress(OSError):  # only a saving of time
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_whole(self.path, json.dumps(self.known, sort_keys=True).encode())
