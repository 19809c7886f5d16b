"""Build a meeting's packs: the stages in order, written only when all have succeeded.

load (done by the caller) -> plan -> render -> convert -> collate -> write. A meeting whose
inputs have not changed since its last build is left exactly as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from agendapack import __version__
from agendapack.documents.convert import Converter, Job
from agendapack.documents.pdf import open_pdf
from agendapack.documents.sanitise import CLEAN_VERSION, cleaned
from agendapack.errors import AgendapackError
from agendapack.model import SUPPORTED_SUFFIXES, Committee, Meeting, Workspace
from agendapack.pack.plan import MeetingPlan, PlannedDocument, plan_meeting
from agendapack.pack.public import PublicDocument, public_view
from agendapack.pack.render import (
    agenda_context,
    context_key,
    exempt_agenda_context,
    find_template,
    render_docx,
    tracker_context,
    work_programme_context,
)
from agendapack.programme.rules import (
    WORK_PROGRAMME_COVER,
    document_problem,
    minutes_file,
    minutes_missing,
    pack_problems,
    preparing,
)
from agendapack.wording import long_date, paragraph_list
from agendapack.write import Edition, Staging, write_whole

if TYPE_CHECKING:
    from agendapack.pack.collate import Part

MAX_FRONT_SHEET_PASSES = 4
# The manifest's format. Raised whenever what a build writes changes in a way that an
# edition built before must not be kept (schema 2: made from the public view): the
# fingerprint includes it, so such editions are rebuilt.
MANIFEST_SCHEMA = 2
SOURCES_RECORD = ".sources.json"


class Progress(Protocol):
    """What a build reports as it goes; the CLI draws it as a progress bar."""

    def start(self, description: str, total: int) -> None: ...

    def advance(self, description: str = "") -> None: ...


class Quiet:
    def start(self, description: str, total: int) -> None:
        pass

    def advance(self, description: str = "") -> None:
        pass


class NotReady(AgendapackError):
    """Papers the meeting needs are not all in yet (nothing is wrong with those that are):
    a build that did not name the meeting skips it."""


@dataclass
class MeetingBuild:
    """What building one meeting did, for the closing line."""

    committee: str
    date: dt.date
    out: Path
    pages: int = 0
    documents: int = 0
    converted: int = 0
    cached: int = 0
    seconds: float = 0.0
    up_to_date: bool = False
    exempt_pages: int = 0
    changed: list[Path] = field(default_factory=list)


def output_folder(workspace: Workspace, committee: Committee, meeting: Meeting) -> Path:
    return workspace.root / "build" / committee.slug / meeting.date.isoformat()


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in pieces."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _source_date() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH, for reproducible metadata; otherwise no date at all."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value and value.isdigit():
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    return None


def meeting_plan(workspace: Workspace, committee: Committee, meeting: Meeting) -> MeetingPlan:
    previous = committee.previous_meeting(meeting)
    minutes = minutes_file(workspace, committee, previous) if previous else None
    cover = workspace.meeting_folder(committee, meeting.date) / WORK_PROGRAMME_COVER
    return plan_meeting(
        committee, meeting, minutes=minutes, cover=cover if cover.is_file() else None
    )


def readiness(workspace: Workspace, committee: Committee, meeting: Meeting) -> list[str]:
    """What stops the meeting's pack, one line each as `check` would print it."""
    missing, errors = _readiness(workspace, committee, meeting)
    return errors + missing


def _readiness(
    workspace: Workspace, committee: Committee, meeting: Meeting
) -> tuple[list[str], list[str]]:
    """The papers not in yet, and what is wrong (a damaged PDF, a path that escapes)."""
    missing: list[str] = []
    errors: list[str] = []
    if meeting.is_cancelled:
        errors.append(
            f"{committee.source}:{meeting.line}: error: the meeting on "
            f"{meeting.date.isoformat()} is cancelled"
        )
        return missing, errors
    previous = committee.previous_meeting(meeting)
    if (
        previous
        and "minutes" in (*committee.opening, *committee.closing)
        and minutes_file(workspace, committee, previous) is None
    ):
        missing.append(
            f"{committee.source}:{meeting.line}: error: "
            + minutes_missing(workspace, committee, meeting, previous)
        )
    folder = workspace.meeting_folder(committee, meeting.date)
    for item in meeting.items:
        for document in item.documents:
            problem = document_problem(workspace, committee, meeting, document)
            if problem:
                line = f"{committee.source}:{document.line}: error: {problem}"
                (missing if _not_in_yet(folder, document.file) else errors).append(line)
    # Unusable minutes or cover, a paper both exempt and public: errors, never "not in yet".
    errors.extend(str(p) for p in pack_problems(workspace, committee, meeting))
    return missing, errors


def _not_in_yet(folder: Path, name: str) -> bool:
    """Whether a document with a problem is simply not there yet: a plain relative name
    (as rules.document_problem accepts it) with nothing at all by that name in the meeting
    folder, not even a broken link."""
    path = Path(name)
    plain = (
        bool(name.strip())
        and not path.is_absolute()
        and not name.startswith(("/", "\\"))
        and ":" not in name[:3]
        and ".." not in path.parts
        and "\\.." not in name
        and path.suffix.lower() in SUPPORTED_SUFFIXES
    )
    return plain and not os.path.lexists(folder / path)


def fingerprint(
    workspace: Workspace, committee: Committee, plan: MeetingPlan, converter_version: str
) -> str:
    """A hash of everything the meeting's outputs are made from."""
    digest = hashlib.sha256()
    digest.update(f"agendapack {__version__}\0{MANIFEST_SCHEMA}\0{converter_version}\0".encode())
    digest.update(f"clean {CLEAN_VERSION}\0".encode())
    for path in (workspace.root / workspace.council.source, workspace.root / committee.source):
        digest.update(sha256_file(path).encode())
    for name in ("agenda.docx", "tracker.docx", "work-programme.docx"):
        digest.update(find_template(workspace, name).sha256.encode())
    for document in plan.documents:
        if document.source:
            digest.update(f"{document.key}\0{sha256_file(document.source)}\0".encode())
    return digest.hexdigest()


class _MeetingBuilder:
    """One meeting's build: holds the plan, the converter and the staged outputs."""

    def __init__(
        self,
        workspace: Workspace,
        committee: Committee,
        meeting: Meeting,
        converter: Converter,
        progress: Progress,
    ) -> None:
        self.workspace = workspace
        self.committee = committee
        self.meeting = meeting
        self.converter = converter
        self.progress = progress
        self.out = output_folder(workspace, committee, meeting)
        self.scratch = workspace.root / "build" / ".cache" / "render"
        self.plan = meeting_plan(workspace, committee, meeting)
        # every public output is made from this view; only the exempt pack reads the plan
        self.view = public_view(self.plan)
        self.generated: dict[str, str] = {}  # document key -> hash of template and data

    # -- documents --------------------------------------------------------------------
    def _shown(self, document: PlannedDocument | PublicDocument) -> str:
        if document.source:
            return self.workspace.relative(document.source)
        return f"{document.generated} for {self.meeting.date.isoformat()}"

    def _rendered(self, template_name: str, context: dict) -> Job:
        """Render a template to a Word file named by its content, ready to convert."""
        template = find_template(self.workspace, template_name)
        key = context_key(template, context)
        path = self.scratch / f"{key}.docx"
        if not path.is_file():
            self.scratch.mkdir(parents=True, exist_ok=True)
            write_whole(path, render_docx(template, context))
        return Job(path, template.shown, key=key)

    def _generated_job(self, document: PlannedDocument) -> Job:
        if document.generated == "tracker":
            return self._rendered("tracker.docx", tracker_context(self.view))
        return self._rendered("work-programme.docx", work_programme_context(self.committee))

    def _front_job(self, pages: dict[int, str], exempt: bool) -> Job:
        council = self.workspace.council
        if exempt:
            return self._rendered("agenda.docx", exempt_agenda_context(council, self.plan, pages))
        return self._rendered(
            "agenda.docx", agenda_context(council, self.committee, self.view, pages)
        )

    def document_pdfs(self) -> dict[str, Path]:
        """Every document of the meeting as PDF, converting what needs it, in one batch,
        together with first drafts of the front sheets."""
        jobs: dict[str, Job] = {}
        pdfs: dict[str, Path] = {}
        for document in self.plan.documents:
            if document.generated:
                jobs[document.key] = self._generated_job(document)
                self.generated[document.key] = jobs[document.key].key
            elif document.source and document.source.suffix.lower() != ".pdf":
                jobs[document.key] = Job(document.source, self._shown(document))
            elif document.source:
                pdfs[document.key] = document.source
        draft = {i.number: "888 - 888" for i in self.view.items if i.documents}
        jobs["\0front"] = self._front_job(draft, exempt=False)
        if self.plan.has_exempt:
            draft = {i.number: "888 - 888" for i in self.plan.items if i.exempt_documents}
            jobs["\0exempt-front"] = self._front_job(draft, exempt=True)
        self.progress.start(f"{self.committee.slug} {self.meeting.date}: converting", len(jobs))
        converted = self.converter.convert(list(jobs.values()))
        pdfs.update(zip(jobs, converted, strict=True))
        return self._cleaned(pdfs)

    def _cleaned(self, pdfs: dict[str, Path]) -> dict[str, Path]:
        """Every document, supplied or converted, without scripts, attachments, comments or
        its authors' metadata: the copies the packs and documents/ are made from."""
        cache = self.workspace.root / "build" / ".cache" / "clean"
        documents = {d.key: d for d in self.plan.documents}
        return {
            key: cleaned(pdf, cache, self._shown(documents[key]), documents[key].title)
            if key in documents
            else pdf  # the front sheets: agendapack's own, rewritten whole by collation
            for key, pdf in pdfs.items()
        }

    # -- packs ------------------------------------------------------------------------
    def public_parts(self, pdfs: dict[str, Path]) -> list[Part]:
        from agendapack.pack.collate import Part

        return [
            Part(
                pdfs[document.key],
                self._shown(document),
                document.title,
                item.number,
                f"{item.number}. {item.title}",
            )
            for item in self.view.items
            for document in item.documents
        ]

    def exempt_parts(self, pdfs: dict[str, Path]) -> list[Part]:
        from agendapack.pack.collate import Part

        return [
            Part(
                pdfs[document.key],
                self._shown(document),
                document.title,
                item.number,
                f"{item.number}. {item.title}",
                "NOT FOR PUBLICATION - exempt under "
                f"{paragraph_list([document.exempt or item.exempt or 0])} of "
                "Part 1 of Schedule 12A",
            )
            for item in self.plan.items
            for document in item.exempt_documents
        ]

    def front_sheet(
        self, parts: list[Part], first_draft: Path, exempt: bool
    ) -> tuple[Path, dict[int, str]]:
        """Render the front sheet with the page ranges until its own length is stable."""
        from agendapack.pack.collate import item_ranges, page_range, paginate

        counts = [len(open_pdf(p.pdf, p.shown).pages) for p in parts]
        front = first_draft
        duplex = self.workspace.council.duplex
        for _ in range(MAX_FRONT_SHEET_PASSES):
            length = len(open_pdf(front, "the front sheet").pages)
            placements = paginate([length, *counts], duplex)
            ranges = {n: page_range(*r) for n, r in item_ranges(parts, placements[1:]).items()}
            job = self._front_job(ranges, exempt)
            (front,) = self.converter.convert([job])
            new_length = len(open_pdf(front, "the front sheet").pages)
            if paginate([new_length], duplex)[0].last == placements[0].last:
                return front, ranges
        raise AgendapackError(
            f"{self.committee.source}: error: the front sheet for "
            f"{self.meeting.date.isoformat()} keeps changing length; check "
            "the agenda template"
        )

    def build(self, staging: Staging) -> MeetingBuild:
        # pypdf comes in with collation: a build with nothing to do never imports it
        from agendapack.pack.collate import PackInfo, write_front_sheet, write_pack

        started = time.monotonic()
        result = MeetingBuild(self.committee.slug, self.meeting.date, self.out)
        before = (self.converter.converted, self.converter.cached)
        pdfs = self.document_pdfs()
        info = PackInfo(
            title=f"{self.committee.name}, {long_date(self.meeting.date)}: public document pack",
            author=self.workspace.council.name,
            subject=f"Agenda and reports for the meeting on {long_date(self.meeting.date)}",
            date=_source_date(),
        )
        public = self.public_parts(pdfs)
        front, ranges = self.front_sheet(public, pdfs["\0front"], exempt=False)
        self.progress.start(f"{self.committee.slug} {self.meeting.date}: collating", 1)
        with staging.path_for(self.out / "pack.pdf").open("wb") as handle:
            placements = write_pack(
                front, public, handle, info, duplex=self.workspace.council.duplex
            )
        self.progress.advance()
        result.pages = placements[-1].last if placements else len(open_pdf(front, "").pages)
        result.documents = len(public)
        with staging.path_for(self.out / "agenda.pdf").open("wb") as handle:
            agenda = f"{self.committee.name}, {long_date(self.meeting.date)}: agenda"
            write_front_sheet(front, handle, replace(info, title=agenda))
        staging.copy(self.out / "agenda.docx", self._front_job(ranges, False).source)

        documents_dir = self.out / "documents"
        written = set()
        for part, document in zip(public, self.view.documents, strict=True):
            target = documents_dir / f"{document.key}.pdf"
            staging.copy(target, part.pdf)
            written.add(target)
        if documents_dir.is_dir():
            for stale in documents_dir.glob("*.pdf"):
                if stale not in written:
                    staging.remove(stale)

        exempt_path = self.out / "exempt-pack.pdf"
        if self.plan.has_exempt:
            exempt = self.exempt_parts(pdfs)
            exempt_front, _ = self.front_sheet(exempt, pdfs["\0exempt-front"], exempt=True)
            paragraphs = sorted({p for item in self.plan.items for p in item.paragraphs})
            marking = (
                f"NOT FOR PUBLICATION - exempt under {paragraph_list(paragraphs)} of "
                "Part 1 of Schedule 12A"
            )
            exempt_info = PackInfo(
                title=f"{self.committee.name}, {long_date(self.meeting.date)}: exempt papers, "
                "NOT FOR PUBLICATION",
                author=self.workspace.council.name,
                date=_source_date(),
            )
            with staging.path_for(exempt_path).open("wb") as handle:
                exempt_placements = write_pack(
                    exempt_front,
                    exempt,
                    handle,
                    exempt_info,
                    duplex=self.workspace.council.duplex,
                    marking_front=marking,
                )
            result.exempt_pages = exempt_placements[-1].last if exempt_placements else 0
        else:
            staging.remove(exempt_path)

        # A private record of every source, exempt ones included, for `agendapack status`;
        # it stays in build/ and is never published.
        sources = {
            self.workspace.relative(d.source): sha256_file(d.source)
            for d in self.plan.documents
            if d.source
        }
        staging.bytes(
            self.out / SOURCES_RECORD,
            (json.dumps(sources, indent=2, sort_keys=True) + "\n").encode(),
        )
        manifest = self.manifest(public, placements, ranges)
        staging.bytes(
            self.out / "manifest.json",
            (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode(),
        )
        result.converted = self.converter.converted - before[0]
        result.cached = self.converter.cached - before[1]
        result.seconds = time.monotonic() - started
        return result

    def manifest(self, parts: list[Part], placements, ranges: dict[int, str]) -> dict:
        """The public record of the pack: nothing in it comes from an exempt document."""
        by_key = dict(
            zip(
                [d.key for d in self.view.documents],
                zip(parts, placements, strict=True),
                strict=True,
            )
        )
        items = []
        for item in self.view.items:
            documents = []
            for document in item.documents:
                part, placement = by_key[document.key]
                documents.append(
                    {
                        "title": document.title,
                        "source": self.workspace.relative(document.source)
                        if document.source
                        else None,
                        "generated": document.generated,
                        "file": f"documents/{document.key}.pdf",
                        "pages": placement.pages,
                        "first_page": placement.first,
                        # a generated document's is that of its template and data
                        "sha256": self.generated.get(document.key) or sha256_file(document.source),
                    }
                )
            first_last = [d["first_page"] for d in documents]
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
                    "pages": ranges.get(item.number, "") if first_last else "",
                    "first_page": min(first_last) if first_last else None,
                    "documents": documents,
                }
            )
        meeting = self.meeting
        return {
            "schema": MANIFEST_SCHEMA,
            "committee": {"slug": self.committee.slug, "name": self.committee.name},
            "meeting": {
                "date": meeting.date.isoformat(),
                "time": meeting.time.strftime("%H:%M"),
                "venue": meeting.venue,
            },
            "pages": placements[-1].last if placements else None,
            "fingerprint": self.fingerprint,
            "pack": "pack.pdf",
            "agenda": "agenda.pdf",
            "exempt_pack": self.view.has_exempt,
            "items": items,
        }

    @property
    def fingerprint(self) -> str:
        if not hasattr(self, "_fingerprint"):
            self._fingerprint = fingerprint(
                self.workspace, self.committee, self.plan, self.converter.cache_version()
            )
        return self._fingerprint

    def up_to_date(self) -> bool:
        manifest = self.out / "manifest.json"
        try:
            recorded = json.loads(manifest.read_text(encoding="utf-8")).get("fingerprint")
        except (OSError, ValueError):
            return False
        needed = ["pack.pdf", "agenda.pdf", "agenda.docx"]
        if self.plan.has_exempt:
            needed.append("exempt-pack.pdf")
        return recorded == self.fingerprint and all((self.out / n).is_file() for n in needed)


def build_meeting(
    workspace: Workspace,
    committee: Committee,
    meeting: Meeting,
    converter: Converter,
    progress: Progress | None = None,
    force: bool = False,
) -> MeetingBuild:
    """Build one meeting's outputs and put them in place as one edition, or leave the last
    one as it was. Raises NotReady when papers are not all in yet, AgendapackError for
    what is wrong, OSError (named by the output being written) when the disk fails, and
    write.Interrupted for a Ctrl+C that came while the new edition was put in place."""
    missing, errors = _readiness(workspace, committee, meeting)
    if errors:
        raise AgendapackError(*errors, *missing)
    if missing:
        raise NotReady(*missing)
    builder = _MeetingBuilder(workspace, committee, meeting, converter, progress or Quiet())
    if not force and builder.up_to_date():
        return MeetingBuild(committee.slug, meeting.date, builder.out, up_to_date=True)
    converter.prestart()  # LibreOffice starts while the templates are rendered
    try:
        with Edition(builder.out, link_from=workspace.root / "build") as staging:
            result = builder.build(staging)
            result.changed = staging.commit()
    except OSError as exc:
        if not exc.filename:  # a write that does not say where: the edition it was for
            exc.filename = str(builder.out)
        raise
    return result


def write_work_programme(workspace: Workspace, slug: str) -> list[Path]:
    """The work programme table alone, as DOCX and PDF, in build/<committee>/."""
    (committee,) = workspace.choose(slug)
    template = find_template(workspace, "work-programme.docx")
    context = work_programme_context(committee)
    docx = render_docx(template, context)
    out = workspace.root / "build" / committee.slug
    build = workspace.root / "build"
    scratch = build / ".cache" / "render"
    scratch.mkdir(parents=True, exist_ok=True)
    source = scratch / f"{context_key(template, context)}.docx"
    if not source.is_file():  # named by its content: one already there is this one
        write_whole(source, docx)
    with Converter(build / ".cache" / "pdf", build=build) as converter:
        (pdf,) = converter.convert([Job(source, template.shown, key=source.stem)])
    with Staging() as staging:
        staging.bytes(out / "work-programme.docx", docx)
        staging.copy(out / "work-programme.pdf", pdf)
        staging.commit()
    return [out / "work-programme.docx", out / "work-programme.pdf"]


def meetings_to_build(
    workspace: Workspace, committee: str | None = None, date: dt.date | None = None
) -> list[tuple[Committee, Meeting]]:
    """The meetings a build covers: the one named, or every one with papers in packs/."""
    chosen = []
    for each in workspace.choose(committee):
        if date:
            meeting = each.meeting_on(date)
            if meeting is None:
                raise AgendapackError(f"{each.source}: error: no meeting on {date.isoformat()}")
            chosen.append((each, meeting))
            continue
        chosen.extend(
            (each, m) for m in each.meetings if not m.is_cancelled and preparing(workspace, each, m)
        )
    return chosen
