"""Publishing a meeting's pack: the edition of record in published/, never rewritten.

`agendapack publish` builds what is needed, then copies the public pack (and the exempt
pack as circulated to members) into published/<committee>/<date>/ with a record of the
moment, whether it was on time (no later than the publish-by date: five clear working days
before the meeting, s.100B(3) LGA 1972) and what it carried. The folder appears whole, in
one rename, or not at all; a published file is never written over: what changes after
publication goes out as a supplementary pack.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zoneinfo
from dataclasses import dataclass

from agendapack.documents.convert import Converter
from agendapack.documents.pdf import open_pdf
from agendapack.errors import AgendapackError
from agendapack.model import Committee, Meeting, Workspace
from agendapack.pack.build import Progress, build_meeting
from agendapack.pack.manifest import read_manifest
from agendapack.programme.rules import late_items
from agendapack.programme.workdays import meeting_deadlines
from agendapack.record import RECORD, MeetingRecord, PublishedEdition, read_record, sha256_file
from agendapack.wording import long_date


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
                f"error: --at {at!r} is not a date and time; write it as 2024-03-19T10:00"
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
    """Build the meeting if needed and publish its pack; raises AgendapackError when there
    is nothing new to publish or the pack cannot be built."""
    layout = workspace.layout
    record = read_record(layout, committee.slug, meeting.date)
    late = list(late_items(workspace, committee, meeting))
    if late:
        raise AgendapackError(*late)
    shown = f"{workspace.relative(record.folder)}/"
    build_meeting(workspace, committee, meeting, converter, progress)
    edition_folder = layout.edition(committee.slug, meeting.date)
    manifest = read_manifest(edition_folder)
    if manifest is None:  # build_meeting has just written it: only a disk gone wrong
        raise AgendapackError(f"{workspace.relative(edition_folder)}: error: no manifest")
    last = record.editions[-1] if record.editions else None
    if last and last.fingerprint == manifest["fingerprint"]:
        raise AgendapackError(
            f"{shown}: error: nothing new to publish: the {last.kind} published on "
            f"{last.published_at} is the meeting's papers as they stand"
        )
    if last:
        raise AgendapackError(
            f"{shown}: error: the pack was published on {last.published_at} and the papers "
            "have changed since; it is never rewritten, and agendapack cannot yet publish "
            "late or revised papers as a supplementary pack: circulate them by hand"
        )
    _, publish_by = meeting_deadlines(workspace.council, meeting)
    pack = edition_folder / "pack.pdf"
    exempt = edition_folder / "exempt-pack.pdf"
    pages = len(open_pdf(pack, workspace.relative(pack)).pages)
    edition = PublishedEdition(
        kind="pack",
        number=0,
        file="pack.pdf",
        published_at=moment.isoformat(),
        sha256=sha256_file(pack),
        pages=pages,
        first_page=1,
        last_page=pages,
        on_time=moment.date() <= publish_by,
        items=tuple(int(i["number"]) for i in manifest["items"]),
        titles=tuple(str(i["title"]) for i in manifest["items"]),
        fingerprint=manifest["fingerprint"],
        exempt_file="exempt-pack.pdf" if exempt.is_file() else None,
        exempt_sha256=sha256_file(exempt) if exempt.is_file() else None,
    )
    _put_in_place(
        MeetingRecord(record.folder, (edition,)),
        committee,
        meeting,
        {"pack.pdf": pack, **({"exempt-pack.pdf": exempt} if exempt.is_file() else {})},
    )
    return Publication(edition, shown.rstrip("/"), publish_by)


def _put_in_place(
    record: MeetingRecord, committee: Committee, meeting: Meeting, files: dict[str, os.PathLike]
) -> None:
    """The first edition's folder, staged beside its place and renamed into it: a reader
    sees no folder or the whole one. Copies, not links: published/ is archived on its own."""
    folder = record.folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.with_name(f".{folder.name}.{os.getpid()}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        for name, source in files.items():
            shutil.copyfile(source, staging / name)
        (staging / RECORD).write_bytes(record.as_json(committee.slug, meeting.date))
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        os.rename(staging, folder)  # fails, rather than replace, if a folder is there
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def edition_title(committee: Committee, meeting: Meeting, edition: PublishedEdition) -> str:
    kind = "Agenda" if edition.kind == "pack" else f"Supplementary agenda {edition.number}"
    return f"{kind}: {committee.name}, {long_date(meeting.date)}"
