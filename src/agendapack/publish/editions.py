"""Publishing a meeting's pack: the edition of record in published/, never rewritten.

`agendapack publish` builds what is needed, then copies the public pack (and the exempt
pack as circulated to members) into published/<committee>/<date>/ with a record of the
moment, whether it was on time (no later than the publish-by date: five clear working days
before the meeting, s.100B(3) LGA 1972) and what it carried. The folder appears whole, in
one rename, or not at all; a published file is never written over: what changes after
publication goes out as a supplementary pack.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from agendapack.documents.convert import Converter
from agendapack.errors import AgendapackError, Problem
from agendapack.layout import EXEMPT_PACK, PACK
from agendapack.layout import supplement as supplement_file
from agendapack.model import Committee, Meeting, Workspace
from agendapack.pack.build import Progress, build_meeting, next_supplement
from agendapack.pack.manifest import Manifest, read_manifest
from agendapack.pack.papers import meeting_plan
from agendapack.pack.plan import MeetingPlan
from agendapack.pack.supplement import SupplementPlan
from agendapack.pdf.opening import page_count
from agendapack.programme.rules import late_items
from agendapack.programme.workdays import meeting_deadlines
from agendapack.record import (
    EXEMPT_RECORD,
    RECORD,
    MeetingRecord,
    PublishedDocument,
    PublishedEdition,
    exempt_record_bytes,
    read_exempt_documents,
    record_folder,
    sha256_file,
    verified_record,
)
from agendapack.scratch import is_leftover
from agendapack.wording import long_date
from agendapack.write import Edition


@dataclass(frozen=True)
class Publication:
    """What `publish` did, for its closing line."""

    edition: PublishedEdition
    folder: str  # published/<committee>/<date>, as shown
    publish_by: dt.date


def publication_time(at: str | None, timezone: str) -> dt.datetime:
    """The moment to record: --at (a local time when it has no offset), else
    SOURCE_DATE_EPOCH, else now; always with the council's offset."""
    zone = zoneinfo.ZoneInfo(timezone)
    if at:
        try:
            moment = dt.datetime.fromisoformat(at)
        except ValueError:
            raise AgendapackError(
                Problem.error(
                    "", f"--at {at!r} is not a date and time; write it as 2024-03-19T10:00"
                )
            ) from None
        moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment
    else:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        moment = (
            dt.datetime.fromtimestamp(int(epoch), dt.UTC)
            if epoch.isdigit()
            else dt.datetime.now(dt.UTC)
        )
    return moment.astimezone(zone).replace(microsecond=0)


def publish_meeting(
    workspace: Workspace,
    committee: Committee,
    meeting: Meeting,
    converter: Converter,
    moment: dt.datetime,
    progress: Progress | None = None,
) -> Publication:
    """Build the meeting if needed and publish its next edition: the pack the first time,
    then a supplementary pack of what is late or revised. Raises AgendapackError when there
    is nothing new to publish, a late item has no reason for urgency, or the papers cannot
    be built."""
    layout = workspace.layout
    folder = record_folder(layout, committee.slug, meeting.date, meeting.moved_from)
    shown = f"{workspace.relative(folder)}/"
    with _one_at_a_time(layout.cache / f"publish-{committee.slug}-{meeting.date}.lock", shown):
        return _publish(workspace, committee, meeting, converter, moment, progress, shown)


@contextlib.contextmanager
def _one_at_a_time(path: Path, shown: str) -> Iterator[None]:
    """Two `publish` runs of one meeting would both find the same edition next."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AgendapackError(
                Problem.error(
                    shown,
                    "another `agendapack publish` of this meeting is running; "
                    "wait for it to finish, then see what it published",
                )
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _publish(
    workspace: Workspace,
    committee: Committee,
    meeting: Meeting,
    converter: Converter,
    moment: dt.datetime,
    progress: Progress | None,
    shown: str,
) -> Publication:
    layout = workspace.layout
    # nothing goes out on top of an edition of record that is not as it was published
    record = verified_record(layout, committee.slug, meeting.date, meeting.moved_from)
    late = list(late_items(workspace, committee, meeting))
    if late:
        raise AgendapackError(*late)
    build_meeting(workspace, committee, meeting, converter, progress)
    built = layout.edition(committee.slug, meeting.date)
    manifest = read_manifest(built)
    if manifest is None:  # build_meeting has just written it: only a disk gone wrong
        raise AgendapackError(Problem.error(workspace.relative(built), "no manifest"))
    _, publish_by = meeting_deadlines(workspace.council, meeting)
    plan = meeting_plan(workspace, committee, meeting)
    if record.pack is None:
        edition, files, exempt_sent = _pack_edition(workspace, plan, manifest, built, moment)
    else:
        supplement = next_supplement(workspace, record, plan)
        if supplement is None or manifest.supplement is None:
            last = record.editions[-1]
            raise AgendapackError(
                Problem.error(
                    shown,
                    f"nothing new to publish: nothing is late or revised since "
                    f"the {_kind(last)} published on {last.published_at}",
                )
            )
        edition, files, exempt_sent = _supplement_edition(
            workspace, supplement, manifest, built, moment
        )
    if record.editions and moment < record.editions[-1].moment:
        last = record.editions[-1]
        raise AgendapackError(
            Problem.error(
                shown,
                f"{moment.isoformat()} is before the {_kind(last)} was published "
                f"({last.published_at}): an edition goes out after the one before it",
            )
        )
    if moment.date() > meeting.date:
        raise AgendapackError(
            Problem.error(
                shown,
                f"the meeting was on {meeting.date.isoformat()}: papers that "
                "come after it are not published with its agenda",
            )
        )
    edition = record.sealed(
        replace(edition, on_time=moment.date() <= publish_by, publish_by=publish_by.isoformat())
    )
    exempt_before = read_exempt_documents(record, layout)
    _put_in_place(
        MeetingRecord(record.folder, (*record.editions, edition)),
        committee,
        meeting,
        files,
        (exempt_before + exempt_sent) if exempt_sent else None,
        shown,
    )
    return Publication(edition, shown.rstrip("/"), publish_by)


def _kind(edition: PublishedEdition) -> str:
    return "pack" if edition.kind == "pack" else f"supplementary pack {edition.number}"


def _documents(workspace: Workspace, documents) -> tuple[PublishedDocument, ...]:
    return tuple(
        PublishedDocument(workspace.relative(d.source), sha256_file(d.source), d.title)
        for d in documents
        if d.source
    )


def _pages(path: Path, workspace: Workspace) -> int:
    return page_count(path, workspace.relative(path))


def _pack_edition(
    workspace: Workspace,
    plan: MeetingPlan,
    manifest: Manifest,
    built: Path,
    moment: dt.datetime,
) -> tuple[PublishedEdition, dict[str, Path], tuple[PublishedDocument, ...]]:
    pack = built / PACK
    exempt = built / EXEMPT_PACK
    pages = _pages(pack, workspace)
    has_exempt = exempt.is_file()
    exempt_pages = _pages(exempt, workspace) if has_exempt else 0
    public = [d for item in plan.items for d in item.public_documents]
    edition = PublishedEdition(
        kind="pack",
        number=0,
        file=PACK,
        published_at=moment.isoformat(),
        sha256=sha256_file(pack),
        pages=pages,
        first_page=1,
        last_page=pages,
        on_time=True,
        items=tuple(i.number for i in manifest.items),
        titles=tuple(i.title for i in manifest.items),
        labels=tuple(str(i.number) for i in manifest.items),
        ranges=tuple(i.pages for i in manifest.items),
        fingerprint=manifest.fingerprint,
        exempt_file=EXEMPT_PACK if has_exempt else None,
        exempt_sha256=sha256_file(exempt) if has_exempt else None,
        documents=_documents(workspace, public),
        exempt_first_page=1 if has_exempt else 0,
        exempt_last_page=exempt_pages,
    )
    files = {PACK: pack, **({EXEMPT_PACK: exempt} if has_exempt else {})}
    exempt_sent = _documents(workspace, [d for i in plan.items for d in i.exempt_documents])
    return edition, files, exempt_sent


def _supplement_edition(
    workspace: Workspace,
    supplement: SupplementPlan,
    manifest: Manifest,
    built: Path,
    moment: dt.datetime,
) -> tuple[PublishedEdition, dict[str, Path], tuple[PublishedDocument, ...]]:
    entry = manifest.supplement
    assert entry is not None  # publish_meeting asks for one
    number = supplement.number
    if entry.number != number:  # the build is of another supplement: a race
        raise AgendapackError(
            Problem.error(
                workspace.relative(built),
                f"the draft is of supplementary pack {entry.number}, not {number}",
                advice="build again",
            )
        )
    name = supplement_file(number)
    exempt_name = supplement_file(number, exempt=True)
    path, exempt = built / name, built / exempt_name
    has_exempt = supplement.has_exempt and exempt.is_file()
    exempt_pages = _pages(exempt, workspace) if has_exempt else 0
    public = [d for item in supplement.items for d in item.public_documents]
    edition = PublishedEdition(
        kind="supplement",
        number=number,
        file=name,
        published_at=moment.isoformat(),
        sha256=sha256_file(path),
        pages=_pages(path, workspace),
        first_page=entry.first_page,
        last_page=entry.last_page,
        on_time=True,
        items=tuple(i.item.number for i in supplement.items),
        titles=tuple(i.item.title for i in supplement.items),
        labels=tuple(i.label for i in supplement.items),
        ranges=tuple(i.pages for i in entry.items),
        fingerprint=manifest.fingerprint,
        exempt_file=exempt_name if has_exempt else None,
        exempt_sha256=sha256_file(exempt) if has_exempt else None,
        documents=_documents(workspace, public),
        exempt_first_page=supplement.exempt_first_page if has_exempt else 0,
        exempt_last_page=supplement.exempt_first_page + exempt_pages - 1 if has_exempt else 0,
    )
    files = {name: path, **({exempt_name: exempt} if has_exempt else {})}
    exempt_sent = _documents(
        workspace, [d for item in supplement.items for d in item.exempt_documents]
    )
    return edition, files, exempt_sent


def _put_in_place(
    record: MeetingRecord,
    committee: Committee,
    meeting: Meeting,
    files: dict[str, Path],
    exempt_documents: tuple[PublishedDocument, ...] | None,
    shown: str,
) -> None:
    """The meeting's folder with the new edition, staged beside its place and swapped into
    it whole: a reader sees the folder as it was or as it now is. What was published is
    carried over as hard links (the same files, never rewritten); the new edition's files
    are copies, not links: published/ is archived on its own."""
    folder = record.folder
    with Edition(folder, link_from=folder) as staging:
        for path in sorted(folder.iterdir()) if folder.is_dir() else ():
            if path.is_file() and not is_leftover(path.name) and path.name not in _RECORDS:
                staging.copy(path, path)
        for name, source in files.items():
            if (folder / name).exists():  # a published file is never written over
                raise AgendapackError(
                    Problem.error(
                        f"{shown}{name}",
                        "a file of this name is there but "
                        "record.json does not list it; restore the folder from your archive",
                    )
                )
            staging.copy(folder / name, source)
        # the folder's own date: a meeting moved after publication goes on in the folder
        # of the date its pack went out for
        day = dt.date.fromisoformat(folder.name)
        staging.bytes(folder / RECORD, record.as_json(committee.slug, day))
        if exempt_documents:
            staging.bytes(folder / EXEMPT_RECORD, exempt_record_bytes(exempt_documents))
        elif (folder / EXEMPT_RECORD).is_file():
            staging.copy(folder / EXEMPT_RECORD, folder / EXEMPT_RECORD)
        staging.commit()


_RECORDS = (RECORD, EXEMPT_RECORD)


def edition_title(committee: Committee, meeting: Meeting, edition: PublishedEdition) -> str:
    kind = "Agenda" if edition.kind == "pack" else f"Supplementary agenda {edition.number}"
    return f"{kind}: {committee.name}, {long_date(meeting.date)}"
