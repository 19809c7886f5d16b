"""The manifest: the public record of an edition, and what it was made from.

`manifest.json` lists the items with their page ranges and the public documents (title,
file, pages, hash), for the site and for checks. It is made from the public view alone.
Its fingerprint is a hash of every input, so a build with nothing new leaves the edition
as it is; the private record of every source (exempt ones included) that `status`
compares against is kept in build/.cache/, never beside the public files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agendapack import __version__
from agendapack.layout import AGENDA, DOCUMENTS, MANIFEST, PACK
from agendapack.model import Committee, Workspace
from agendapack.pack.plan import MeetingPlan
from agendapack.pack.public import PublicMeeting
from agendapack.pack.render import find_template
from agendapack.pdf.sanitise import CLEAN_VERSION
from agendapack.record import sha256_file
from agendapack.write import write_atomic

if TYPE_CHECKING:
    from agendapack.pdf.collate import Placement

# The manifest's format. Raised whenever what a build writes changes in a way that an
# edition built before must not be kept (schema 2: made from the public view): the
# fingerprint includes it, so such editions are rebuilt.
MANIFEST_SCHEMA = 2


def fingerprint(
    workspace: Workspace,
    committee: Committee,
    plan: MeetingPlan,
    converter_version: str,
    published: str = "",
) -> str:
    """A hash of everything the meeting's outputs are made from; `published`, what the
    editions of record decide of them (the agenda's numbers, the next supplement)."""
    digest = hashlib.sha256()
    digest.update(f"agendapack {__version__}\0{MANIFEST_SCHEMA}\0{converter_version}\0".encode())
    digest.update(f"clean {CLEAN_VERSION}\0".encode())
    for path in (workspace.root / workspace.council.source, workspace.root / committee.source):
        digest.update(sha256_file(path).encode())
    for name in ("agenda.docx", "supplement.docx", "tracker.docx", "work-programme.docx"):
        digest.update(find_template(workspace, name).sha256.encode())
    # not the record itself: publishing the pack as built leaves the build as it is
    digest.update(f"published\0{published}\0".encode())
    for document in plan.documents:
        if document.source:
            digest.update(f"{document.key}\0{sha256_file(document.source)}\0".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Document:
    """A public paper of the edition, as documents/ holds it and the pack places it."""

    title: str
    source: str | None  # its path in the workspace; None for one agendapack made
    generated: str | None  # "tracker", "work-programme"
    file: str  # documents/<key>.pdf
    pages: int
    first_page: int  # in the pack
    sha256: str  # of the source (a generated one's: of its template and data)


@dataclass(frozen=True)
class Item:
    number: int
    title: str
    subtitle: str
    purpose: str
    note: str  # what may be said of its exempt papers: that they exist, and why
    standing: str | None
    exempt: int | None  # the paragraph, when the whole item is exempt
    has_exempt_appendix: bool
    pages: str  # "11 - 38", as the agenda prints it
    first_page: int | None
    documents: tuple[Document, ...]
    label: str  # the number to show, as the agenda printed it ("6A" for a late item)


@dataclass(frozen=True)
class SupplementItem:
    """An item of the draft supplementary pack: what the public supplement lists."""

    label: str
    title: str
    late: bool  # the whole item is new since publication
    pages: str
    documents: tuple[str, ...]  # their titles


@dataclass(frozen=True)
class Supplement:
    number: int
    file: str
    first_page: int
    last_page: int
    items: tuple[SupplementItem, ...]


@dataclass(frozen=True)
class Manifest:
    """The public record of an edition (manifest.json): its items with their page ranges
    and its documents, for the site, the feeds, the open data, `status` and `publish`.
    `to_bytes` writes it and `read_manifest` reads it: nothing else spells its keys."""

    committee: str  # the slug
    committee_name: str
    date: str
    time: str
    venue: str
    pages: int | None
    fingerprint: str
    exempt_pack: bool
    items: tuple[Item, ...]
    supplement: Supplement | None = None
    pack: str = PACK
    agenda: str = AGENDA

    def to_bytes(self) -> bytes:
        data = {
            "schema": MANIFEST_SCHEMA,
            "committee": {"slug": self.committee, "name": self.committee_name},
            "meeting": {"date": self.date, "time": self.time, "venue": self.venue},
            "pages": self.pages,
            "fingerprint": self.fingerprint,
            "pack": self.pack,
            "agenda": self.agenda,
            "exempt_pack": self.exempt_pack,
            "items": [_item_json(item) for item in self.items],
            "supplement": _supplement_json(self.supplement) if self.supplement else None,
        }
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        """Raises KeyError, TypeError or ValueError for what is not a manifest."""
        if not isinstance(data, dict):
            raise TypeError("a manifest is an object")
        supplement = data.get("supplement")
        return cls(
            committee=str(data["committee"]["slug"]),
            committee_name=str(data["committee"]["name"]),
            date=str(data["meeting"]["date"]),
            time=str(data["meeting"]["time"]),
            venue=str(data["meeting"]["venue"]),
            pages=None if data["pages"] is None else int(data["pages"]),
            fingerprint=str(data["fingerprint"]),
            exempt_pack=bool(data["exempt_pack"]),
            items=tuple(_item(i) for i in data["items"]),
            supplement=_supplement(supplement) if supplement else None,
            pack=str(data["pack"]),
            agenda=str(data["agenda"]),
        )


def _item_json(item: Item) -> dict[str, Any]:
    return {
        "number": item.number,
        "title": item.title,
        "subtitle": item.subtitle,
        "purpose": item.purpose,
        "note": item.note,
        "standing": item.standing,
        "exempt": item.exempt,
        "has_exempt_appendix": item.has_exempt_appendix,
        "pages": item.pages,
        "first_page": item.first_page,
        "documents": [
            {
                "title": d.title,
                "source": d.source,
                "generated": d.generated,
                "file": d.file,
                "pages": d.pages,
                "first_page": d.first_page,
                "sha256": d.sha256,
            }
            for d in item.documents
        ],
        "label": item.label,
    }


def _item(data: dict[str, Any]) -> Item:
    return Item(
        number=int(data["number"]),
        title=str(data["title"]),
        subtitle=str(data["subtitle"]),
        purpose=str(data["purpose"]),
        note=str(data.get("note") or ""),
        standing=data.get("standing"),
        exempt=data.get("exempt"),
        has_exempt_appendix=bool(data.get("has_exempt_appendix")),
        pages=str(data["pages"]),
        first_page=data.get("first_page"),
        documents=tuple(
            Document(
                title=str(d["title"]),
                source=d.get("source"),
                generated=d.get("generated"),
                file=str(d["file"]),
                pages=int(d["pages"]),
                first_page=int(d["first_page"]),
                sha256=str(d["sha256"]),
            )
            for d in data["documents"]
        ),
        label=str(data.get("label", data["number"])),
    )


def _supplement_json(supplement: Supplement) -> dict[str, Any]:
    return {
        "number": supplement.number,
        "file": supplement.file,
        "first_page": supplement.first_page,
        "last_page": supplement.last_page,
        "items": [
            {
                "number": i.label,
                "title": i.title,
                "late": i.late,
                "pages": i.pages,
                "documents": list(i.documents),
            }
            for i in supplement.items
        ],
    }


def _supplement(data: dict[str, Any]) -> Supplement:
    return Supplement(
        number=int(data["number"]),
        file=str(data["file"]),
        first_page=int(data["first_page"]),
        last_page=int(data["last_page"]),
        items=tuple(
            SupplementItem(
                label=str(i["number"]),
                title=str(i["title"]),
                late=bool(i["late"]),
                pages=str(i["pages"]),
                documents=tuple(str(d) for d in i["documents"]),
            )
            for i in data["items"]
        ),
    )


@dataclass(frozen=True)
class Ahead:
    """An edition being built, as it will be once written, for what reads editions and
    would rather start early (the site's search): its public manifest, and the file each
    of its documents/ entries will be a copy of."""

    committee: str  # the slug
    date: dt.date
    manifest: Manifest
    papers: dict[str, Path]  # "documents/<key>.pdf" -> the copy collation places


def public_manifest(
    view: PublicMeeting,
    placements: Sequence[Placement],
    ranges: dict[int, str],
    *,
    fingerprint: str,
    document_hash: Callable[[str], str],
    shown: Callable[[Path], str],
    labels: dict[int, str],
    supplement: Supplement | None,
) -> Manifest:
    """The manifest of a public pack: `placements` are its documents' places in the pack,
    in the view's order; `document_hash(key)` a document's sha256 (a generated one's, that
    of its template and data); `shown(path)` a source's path in the workspace; `labels` the
    numbers the agenda printed, where published."""
    places = dict(zip([d.key for d in view.documents], placements, strict=True))
    items = []
    for item in view.items:
        documents = tuple(
            Document(
                title=document.title,
                source=shown(document.source) if document.source else None,
                generated=document.generated,
                file=f"{DOCUMENTS}/{document.key}.pdf",
                pages=places[document.key].pages,
                first_page=places[document.key].first,
                sha256=document_hash(document.key),
            )
            for document in item.documents
        )
        firsts = [places[d.key].first for d in item.documents]
        items.append(
            Item(
                number=item.number,
                title=item.title,
                subtitle=item.subtitle,
                purpose=item.purpose,
                note=item.note,
                standing=item.standing,
                exempt=item.exempt,
                has_exempt_appendix=item.exempt_appendices > 0,
                pages=ranges.get(item.number, "") if firsts else "",
                first_page=min(firsts) if firsts else None,
                documents=documents,
                label=labels.get(item.number, str(item.number)),
            )
        )
    return Manifest(
        committee=view.committee_slug,
        committee_name=view.committee_name,
        date=view.date.isoformat(),
        time=view.time.strftime("%H:%M"),
        venue=view.venue,
        pages=placements[-1].last if placements else None,
        fingerprint=fingerprint,
        exempt_pack=view.has_exempt,
        items=tuple(items),
        supplement=supplement,
    )


def unbuilt_items(view: PublicMeeting) -> tuple[Item, ...]:
    """The items of a meeting not built yet, as its manifest will list them: no pages, no
    documents, numbered as planned."""
    return tuple(
        Item(
            number=item.number,
            title=item.title,
            subtitle=item.subtitle,
            purpose=item.purpose,
            note=item.note,
            standing=item.standing,
            exempt=item.exempt,
            has_exempt_appendix=item.exempt_appendices > 0,
            pages="",
            first_page=None,
            documents=(),
            label=str(item.number),
        )
        for item in view.items
    )


def read_manifest(edition: Path) -> Manifest | None:
    """An edition's manifest, or None when there is none, it cannot be read, or it was
    written by an agendapack whose editions must be rebuilt."""
    try:
        data = json.loads((edition / MANIFEST).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA:
            return None
        return Manifest.from_json(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def record_sources(workspace: Workspace, plan: MeetingPlan) -> None:
    """Remember every source of a new edition and its hash, for `status`. Only a record:
    a disk that fails here has already taken the edition, and `status` then says the
    papers changed, which sends the officer to build again."""
    sources = {
        workspace.relative(d.source): sha256_file(d.source) for d in plan.documents if d.source
    }
    path = workspace.layout.sources_record(plan.committee.slug, plan.meeting.date)
    with contextlib.suppress(OSError):
        write_atomic(path, (json.dumps(sources, indent=2, sort_keys=True) + "\n").encode())


def built_sources(workspace: Workspace, committee: Committee, date: dt.date) -> dict[str, str]:
    """The sources of the edition last built, by their path in the workspace."""
    path = workspace.layout.sources_record(committee.slug, date)
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
