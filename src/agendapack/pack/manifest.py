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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agendapack import __version__
from agendapack.documents.sanitise import CLEAN_VERSION
from agendapack.layout import AGENDA, MANIFEST, PACK
from agendapack.model import Committee, Workspace
from agendapack.pack.plan import MeetingPlan
from agendapack.pack.public import PublicMeeting
from agendapack.pack.render import find_template
from agendapack.record import sha256_file
from agendapack.write import write_atomic

if TYPE_CHECKING:
    from agendapack.pack.collate import Placement

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


def public_manifest(
    view: PublicMeeting,
    placements: Sequence[Placement],
    ranges: dict[int, str],
    *,
    fingerprint: str,
    document_hash: Callable[[str], str],
    shown: Callable[[Path], str],
) -> dict[str, Any]:
    """The manifest of a public pack: `placements` are its documents' places in the pack,
    in the view's order; `document_hash(key)` a document's sha256 (a generated one's, that
    of its template and data); `shown(path)` a source's path in the workspace."""
    places = dict(zip([d.key for d in view.documents], placements, strict=True))
    items = []
    for item in view.items:
        documents = [
            {
                "title": document.title,
                "source": shown(document.source) if document.source else None,
                "generated": document.generated,
                "file": f"documents/{document.key}.pdf",
                "pages": places[document.key].pages,
                "first_page": places[document.key].first,
                "sha256": document_hash(document.key),
            }
            for document in item.documents
        ]
        firsts = [places[d.key].first for d in item.documents]
        items.append(
            {
                "number": item.number,
                "title": item.title,
                "subtitle": item.subtitle,
                "purpose": item.purpose,
                "note": item.note,
                "standing": item.standing,
                "exempt": item.exempt,
                "has_exempt_appendix": item.exempt_appendices > 0,
                "pages": ranges.get(item.number, "") if firsts else "",
                "first_page": min(firsts) if firsts else None,
                "documents": documents,
            }
        )
    return {
        "schema": MANIFEST_SCHEMA,
        "committee": {"slug": view.committee_slug, "name": view.committee_name},
        "meeting": {
            "date": view.date.isoformat(),
            "time": view.time.strftime("%H:%M"),
            "venue": view.venue,
        },
        "pages": placements[-1].last if placements else None,
        "fingerprint": fingerprint,
        "pack": PACK,
        "agenda": AGENDA,
        "exempt_pack": view.has_exempt,
        "items": items,
    }


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()


def read_manifest(edition: Path) -> dict[str, Any] | None:
    """An edition's manifest, or None when there is none, it cannot be read, or it was
    written by an agendapack whose editions must be rebuilt."""
    try:
        manifest = json.loads((edition / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("schema") != MANIFEST_SCHEMA:
        return None
    return manifest


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
