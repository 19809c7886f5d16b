"""Build a meeting's packs: the stages in order, written only when all have succeeded.

load (done by the caller) -> plan -> render -> convert -> collate -> write. A meeting whose
inputs have not changed since its last build is left exactly as it is.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import hashlib
import io
import json
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from agendapack import __version__
from agendapack.documents.convert import Converter, Job
from agendapack.errors import AgendapackError, Problem
from agendapack.layout import (
    AGENDA,
    AGENDA_DOCX,
    DOCUMENTS,
    EXEMPT_PACK,
    MANIFEST,
    PACK,
    SUPPLEMENTS,
    WORK_PROGRAMME,
)
from agendapack.layout import supplement as supplement_file
from agendapack.model import Committee, Meeting, Workspace
from agendapack.pack import manifest as manifest_of
from agendapack.pack.frontsheet import settle_front_sheet
from agendapack.pack.manifest import (
    Ahead,
    Supplement,
    fingerprint,
    public_manifest,
    read_manifest,
    record_sources,
)
from agendapack.pack.papers import NotReady, meeting_plan, papers_in
from agendapack.pack.plan import MeetingPlan, PlannedDocument, relabelled
from agendapack.pack.public import PublicDocument, public_view
from agendapack.pack.render import (
    agenda_context,
    context_key,
    exempt_agenda_context,
    exempt_supplement_context,
    find_template,
    render_docx,
    supplement_context,
    tracker_context,
    work_programme_context,
)
from agendapack.pack.supplement import (
    SupplementItem,
    SupplementPlan,
    agenda_labels,
    supplement_plan,
)
from agendapack.pack.text import TextReader
from agendapack.pdf.sanitise import cleaned
from agendapack.record import (
    MeetingRecord,
    read_exempt_documents,
    read_record,
    sha256_file,
    verified_record,
)
from agendapack.store import write_whole
from agendapack.wording import NOT_FOR_PUBLICATION, exempt_marking, long_date, page_list
from agendapack.write import Edition, Staging

if TYPE_CHECKING:
    from agendapack.pdf.collate import PackInfo, Part, Placement
    from agendapack.pdf.sources import PageMemo


class Progress(Protocol):
    """What a build reports as it goes; the CLI draws it as a progress bar."""

    def start(self, description: str, total: int) -> None: ...

    def advance(self, description: str = "") -> None: ...


class Quiet:
    def start(self, description: str, total: int) -> None:
        pass

    def advance(self, description: str = "") -> None:
        pass


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
    supplement: tuple[int, int, int] | None = None  # the draft's number, first and last page
    warnings: list[Problem] = field(default_factory=list)  # what a reader of the packs should know


def _source_date() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH, for reproducible metadata; otherwise no date at all."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value and value.isdigit():
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    return None


class Draft(Enum):
    """The first drafts of the front sheets, converted with the papers (every page range
    "888 - 888", as wide as any real one): only their length is asked of them."""

    FRONT = "front"
    EXEMPT_FRONT = "exempt-front"
    SUPPLEMENT_FRONT = "supplement-front"
    EXEMPT_SUPPLEMENT_FRONT = "exempt-supplement-front"


# A meeting's PDFs: each document's by its key, each draft front sheet's by its Draft.
PDFs = dict["str | Draft", Path]


class _MeetingBuilder:
    """One meeting's build: holds the plan, the converter and the staged outputs."""

    def __init__(
        self,
        workspace: Workspace,
        committee: Committee,
        meeting: Meeting,
        converter: Converter,
        progress: Progress,
        last: bool = False,
        ahead: Callable[[Ahead], None] | None = None,
    ) -> None:
        self.workspace = workspace
        self.last = last  # nothing is converted after this meeting's build
        self.ahead = ahead  # told of the edition once its pages are known
        self.committee = committee
        self.meeting = meeting
        self.converter = converter
        self.progress = progress
        self.out = workspace.layout.edition(committee.slug, meeting.date)
        self.scratch = workspace.layout.rendered
        # nothing is built on top of an edition of record that is not as it was published
        record = verified_record(workspace.layout, committee.slug, meeting.date, meeting.moved_from)
        plan = meeting_plan(workspace, committee, meeting)
        # once published, items keep the numbers the agenda gave them (6A for a late one)
        self.labels = published_labels(plan, record)
        self.plan = relabelled(plan, self.labels)
        # every public output is made from this view; only the exempt pack reads the plan
        self.view = public_view(self.plan)
        self.supplement = next_supplement(workspace, record, self.plan)
        self.generated: dict[str, str] = {}  # document key -> hash of template and data
        self.documents = {d.key: d for d in self.plan.documents}
        self.warnings: list[Problem] = []  # what a reader of the packs should know
        self.text = TextReader(workspace)  # the public papers' text, for the search
        self.alone: dict[str, Path] = {}  # document key -> the file documents/ will hold

    @functools.cached_property
    def memo(self) -> PageMemo:
        """What collation learnt of the pages in earlier builds: read only by a build that
        has something to do."""
        from agendapack.pdf.sources import PageMemo  # pikepdf: only when there is work

        memo = PageMemo.read(self.workspace.layout.page_memo)
        memo.analyses = self.workspace.layout.page_analyses  # the untagged pages' layouts
        return memo

    @functools.cached_property
    def fingerprint(self) -> str:
        return fingerprint(
            self.workspace,
            self.committee,
            self.plan,
            self.converter.cache_version(),
            publication_key(self.labels, self.supplement),
        )

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
        return self._rendered(
            "work-programme.docx", work_programme_context(self.committee, self.meeting)
        )

    def _front_job(self, pages: dict[int, str], exempt: bool) -> Job:
        council = self.workspace.council
        if exempt:
            context = exempt_agenda_context(council, self.plan, pages, self.labels)
        else:
            context = agenda_context(council, self.committee, self.view, pages, self.labels)
        return self._rendered("agenda.docx", context)

    def _supplement_job(self, pages: dict[int, str], exempt: bool) -> Job:
        assert self.supplement is not None
        council = self.workspace.council
        if exempt:
            context = exempt_supplement_context(council, self.plan, self.supplement, pages)
        else:
            context = supplement_context(council, self.committee, self.view, self.supplement, pages)
        return self._rendered("supplement.docx", context)

    def document_pdfs(self) -> PDFs:
        """Every document of the meeting as PDF, converting what needs it, in one batch,
        together with first drafts of the front sheets. The papers go to LibreOffice
        first; what is rendered here (tracker, work programme, drafts) is rendered while
        LibreOffice converts them."""
        papers: dict[str | Draft, Job] = {}
        pdfs: PDFs = {}
        for document in self.plan.documents:
            if document.generated:
                continue
            if document.source and document.source.suffix.lower() != ".pdf":
                papers[document.key] = Job(document.source, self._shown(document))
            elif document.source:
                pdfs[document.key] = document.source
        generated = [d for d in self.plan.documents if d.generated]
        drafts = 1 + self.plan.has_exempt
        if self.supplement:
            drafts += 1 + self.supplement.has_exempt
        total = len(papers) + len(generated) + drafts
        self.progress.start(f"{self.committee.slug} {self.meeting.date}: converting", total)
        return self._converted_and_looked_over(papers, pdfs, self._rendered_jobs)

    def _rendered_jobs(self) -> dict[str | Draft, Job]:
        """The documents made from templates: generated ones and the first drafts of the
        front sheets (every page range "888 - 888", as wide as any real one)."""
        jobs: dict[str | Draft, Job] = {}
        for document in self.plan.documents:
            if document.generated:
                jobs[document.key] = self._generated_job(document)
                self.generated[document.key] = jobs[document.key].key
        draft = {i.number: "888 - 888" for i in self.view.items if i.documents}
        jobs[Draft.FRONT] = self._front_job(draft, exempt=False)
        if self.plan.has_exempt:
            draft = {i.number: "888 - 888" for i in self.plan.items if i.exempt_documents}
            jobs[Draft.EXEMPT_FRONT] = self._front_job(draft, exempt=True)
        if self.supplement:
            items = self.supplement.items
            draft = {i.item.number: "888 - 888" for i in items if i.public_documents}
            jobs[Draft.SUPPLEMENT_FRONT] = self._supplement_job(draft, exempt=False)
            if self.supplement.has_exempt:
                draft = {i.item.number: "888 - 888" for i in items if i.exempt_documents}
                jobs[Draft.EXEMPT_SUPPLEMENT_FRONT] = self._supplement_job(draft, exempt=True)
        return jobs

    def _converted_and_looked_over(
        self,
        jobs: dict[str | Draft, Job],
        pdfs: PDFs,
        later: Callable[[], dict[str | Draft, Job]],
    ) -> PDFs:
        """Convert the jobs, and those `later` gives once LibreOffice has the first, in the
        background while this thread makes the clean copy of each PDF there is (the
        supplied ones first, then each as LibreOffice makes it) and looks it over for
        collation: Python would otherwise wait idle for LibreOffice, then do all of this
        after it."""
        keys = list(jobs)
        ready: queue.Queue[tuple[str | Draft, Path] | None] = queue.Queue()
        outcome: list[BaseException] = []

        def more() -> list[Job]:
            rendered = later()
            keys.extend(rendered)  # before the converter can tell of their PDFs
            return list(rendered.values())

        def convert() -> None:
            try:
                self.converter.convert(
                    list(jobs.values()),
                    lambda index, pdf: ready.put((keys[index], pdf)),
                    later=more,
                )
            except BaseException as exc:  # raised below, in the build's own thread
                outcome.append(exc)
            finally:
                ready.put(None)

        # in the run's context, as the converter's threads are: what they open is kept in
        # the run's store for this thread's clean copies (store.KeptOpen)
        context = contextvars.copy_context()
        converting = threading.Thread(
            target=context.run, args=(convert,), name="convert", daemon=True
        )
        converting.start()
        done: PDFs = {}
        # every paper's problems, said at once: one paper's does not hide the next one's
        problems: list[Problem] = []

        def look_over(key: str | Draft, pdf: Path) -> None:
            try:
                done[key] = self._looked_over(key, pdf)
            except AgendapackError as exc:
                problems.extend(exc.problems)

        # the public Word reports' web pages, made while this thread would otherwise wait
        # for LibreOffice: after the packs, the site finds them made
        reports = self._public_word_reports()
        try:
            for key, pdf in pdfs.items():
                look_over(key, pdf)
            while True:
                try:
                    next_one = ready.get(block=not reports)
                except queue.Empty:
                    from agendapack.documents.word_html import make_ahead

                    make_ahead(self.workspace, reports.pop(0))
                    continue
                if next_one is None:
                    break
                look_over(*next_one)
        except Exception:
            converting.join()  # let LibreOffice finish, then say what went wrong
            raise
        # a Ctrl+C is not waited for: closing the converter stops LibreOffice and the thread
        converting.join()
        if outcome:
            failed = outcome[0]
            if not problems or not isinstance(failed, AgendapackError):
                raise failed  # LibreOffice's own problems alone, or no problem of a paper
            problems[:0] = failed.problems
        if problems:
            raise AgendapackError(*problems)
        return {key: done[key] for key in (*pdfs, *keys)}

    def _public_word_reports(self) -> list[Path]:
        """The Word papers the site offers as web pages too (site/reports.py)."""
        return [
            d.source
            for d in self.view.documents
            if d.source is not None and d.source.suffix.lower() == ".docx"
        ]

    def _looked_over(self, key: str | Draft, pdf: Path) -> Path:
        """The clean copy of a document, every supplied or converted one without scripts,
        attachments, comments or its authors' metadata: the copies the packs and
        documents/ are made from; its pages looked over for collation."""
        from agendapack.pdf.sources import look_over

        if isinstance(key, Draft):  # a front sheet's first draft: only its length is asked
            return pdf
        document = self.documents[key]
        shown = self._shown(document)
        layout = self.workspace.layout
        made_by_libreoffice = pdf.parent == layout.converted
        # scans read by OCR here, before collation: the pack gets a page with a text layer
        pdf = cleaned(
            pdf,
            layout.cleaned,
            shown,
            document.title,
            scans=layout.ocr,
            warnings=self.warnings,
            made_by_libreoffice=made_by_libreoffice,
            hidden_words=_hidden_words(shown, document.source) if made_by_libreoffice else None,
        )
        look_over(pdf, shown, self.memo)
        if key in self.public_keys:
            self.alone[key] = alone = self._alone(pdf, shown, document.title)
            self.text.read_ahead(alone)  # its text for the site's search, read meanwhile
        return pdf

    def _alone(self, pdf: Path, shown: str, title: str) -> Path:
        """The paper as documents/ holds it: a tagged paper's clean copy; an untagged one's
        tagged as in the pack, without its stamps, so that it reads as well downloaded
        alone (DESIGN.md, "Every page readable"). Made while LibreOffice converts the
        others, from the layout the look-over has just read, and kept by the clean copy's
        content and the metadata (build/.cache/alone/)."""
        from agendapack.pdf.collate import write_document
        from agendapack.pdf.sanitise import CLEAN_VERSION
        from agendapack.pdf.sources import source_facts
        from agendapack.pdf.tagging import CACHE_VERSION

        if source_facts(pdf, shown).tagged:
            return pdf
        info = replace(self._info(), title=title, subject="")
        date = info.date.isoformat() if info.date else ""
        key = hashlib.sha256(
            "\0".join(
                (__version__, CLEAN_VERSION, CACHE_VERSION, pdf.stem, info.title, info.author)
                + (date, info.contact)
            ).encode()
        ).hexdigest()
        target = self.workspace.layout.alone / f"{key}.pdf"
        if not target.is_file():
            written = io.BytesIO()
            write_document(pdf, shown, written, info, self.memo)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_whole(target, written.getvalue())
        return target

    @functools.cached_property
    def public_keys(self) -> set[str]:
        return {document.key for document in self.view.documents}

    # -- packs ------------------------------------------------------------------------
    def public_parts(self, pdfs: PDFs) -> list[Part]:
        return [
            self._part(pdfs, item.number, item.title, document)
            for item in self.view.items
            for document in item.documents
        ]

    def exempt_parts(self, pdfs: PDFs) -> list[Part]:
        return [
            self._part(
                pdfs,
                item.number,
                item.title,
                document,
                marking=exempt_marking([document.exempt or item.exempt or 0]),
            )
            for item in self.plan.items
            for document in item.exempt_documents
        ]

    def _part(
        self,
        pdfs: PDFs,
        number: int,
        title: str,
        document: PlannedDocument | PublicDocument,
        marking: str = "",
    ) -> Part:
        from agendapack.pdf.collate import Part

        return Part(
            pdfs[document.key],
            self._shown(document),
            document.title,
            number,
            f"{self.labels.get(number, number)}. {title}",
            marking,
        )

    def front_sheet(
        self,
        parts: list[Part],
        first_draft: Path,
        exempt: bool,
        *,
        supplement: bool = False,
        first_page: int = 1,
    ) -> tuple[Path, dict[int, str]]:
        def render(ranges: dict[int, str]) -> Path:
            job = (
                self._supplement_job(ranges, exempt)
                if supplement
                else self._front_job(ranges, exempt)
            )
            (front,) = self.converter.convert([job])
            return front

        return settle_front_sheet(
            first_draft,
            parts,
            render,
            duplex=self.workspace.council.duplex,
            source=self.committee.source,
            day=self.meeting.date,
            first_page=first_page,
        )

    def supplement_parts(self, pdfs: PDFs, exempt: bool) -> list[Part]:
        from agendapack.pdf.collate import Part

        assert self.supplement is not None
        parts = []
        for entry in self.supplement.items:
            documents = entry.exempt_documents if exempt else entry.public_documents
            for document in documents:
                marking = (
                    exempt_marking([document.exempt or entry.item.exempt or 0]) if exempt else ""
                )
                parts.append(
                    Part(
                        pdfs[document.key],
                        self._shown(document),
                        document.title,
                        entry.item.number,
                        f"{entry.label}. {entry.item.title}",
                        marking,
                    )
                )
        return parts

    def write_supplement(self, staging: Staging, pdfs: PDFs, info: PackInfo) -> Supplement | None:
        """Draft the next supplementary pack (and its exempt papers) beside the pack;
        returns its entry in the manifest, or None when nothing is late or revised."""
        from agendapack.pdf.collate import write_pack

        for stale in (*(path for pattern in SUPPLEMENTS for path in self.out.glob(pattern)),):
            staging.remove(stale)
        supplement = self.supplement
        if supplement is None:
            return None
        duplex = self.workspace.council.duplex
        name = f"Supplementary agenda {supplement.number}"
        parts, front, ranges = self._supplement_front(pdfs, supplement, exempt=False)
        path = self.out / supplement_file(supplement.number)
        with staging.path_for(path).open("wb") as handle:
            placements = write_pack(
                front,
                parts,
                handle,
                replace(
                    info,
                    title=f"{self.committee.name}, {long_date(self.meeting.date)}: {name.lower()}",
                    subject="Late and revised papers for the meeting on "
                    f"{long_date(self.meeting.date)}",
                ),
                duplex=duplex,
                first_page=supplement.first_page,
                front_title=name,
                memo=self.memo,
                warnings=self.warnings,
            )
        last = placements[-1].last if placements else self._front_last(front, supplement)
        if supplement.has_exempt:
            exempt, exempt_front, _ = self._supplement_front(pdfs, supplement, exempt=True)
            with staging.path_for(self.out / supplement_file(supplement.number, exempt=True)).open(
                "wb"
            ) as handle:
                write_pack(
                    exempt_front,
                    exempt,
                    handle,
                    replace(
                        info,
                        title=f"{self.committee.name}, {long_date(self.meeting.date)}: "
                        f"exempt papers of {name.lower()}, {NOT_FOR_PUBLICATION}",
                        subject="",
                    ),
                    duplex=duplex,
                    marking_front=NOT_FOR_PUBLICATION,
                    first_page=supplement.exempt_first_page,
                    front_title=name,
                    memo=self.memo,
                    warnings=self.warnings,
                )
        view = {item.number: item for item in self.view.items}
        return Supplement(
            number=supplement.number,
            file=path.name,
            first_page=supplement.first_page,
            last_page=last,
            items=tuple(
                _supplement_entry(entry, view[entry.item.number].title, ranges)
                for entry in supplement.items
            ),
        )

    def _settle_other_front_sheets(self, pdfs: PDFs) -> None:
        """Convert now the exempt and supplementary front sheets that collation will ask
        for later (from the conversion cache, then): the last conversions of the build."""
        if self.plan.has_exempt:
            self.front_sheet(self.exempt_parts(pdfs), pdfs[Draft.EXEMPT_FRONT], exempt=True)
        supplement = self.supplement
        if supplement is None:
            return
        self._supplement_front(pdfs, supplement, exempt=False)
        if supplement.has_exempt:
            self._supplement_front(pdfs, supplement, exempt=True)

    def _supplement_front(
        self, pdfs: PDFs, supplement: SupplementPlan, exempt: bool
    ) -> tuple[list[Part], Path, dict[int, str]]:
        """The supplement's public or exempt parts, and its settled front sheet with the
        ranges it lists."""
        parts = self.supplement_parts(pdfs, exempt=exempt)
        front, ranges = self.front_sheet(
            parts,
            pdfs[Draft.EXEMPT_SUPPLEMENT_FRONT if exempt else Draft.SUPPLEMENT_FRONT],
            exempt=exempt,
            supplement=True,
            first_page=supplement.exempt_first_page if exempt else supplement.first_page,
        )
        return parts, front, ranges

    def _front_last(self, front: Path, supplement: SupplementPlan) -> int:
        """The last page of a supplement that is its front sheet alone, padding included."""
        from agendapack.pdf.collate import paginate
        from agendapack.pdf.sources import source_facts

        pages = source_facts(front, "the supplement's front sheet").pages
        duplex = self.workspace.council.duplex
        return paginate([pages], duplex, supplement.first_page)[0].last

    def build(self, staging: Staging) -> MeetingBuild:
        """Convert, collate and write every output of the edition into `staging`."""
        try:
            return self._build(staging)
        finally:
            self.text.close()  # poppler let go once the papers handed to it are read

    def _build(self, staging: Staging) -> MeetingBuild:
        started = time.monotonic()
        result = MeetingBuild(self.committee.slug, self.meeting.date, self.out)
        before = (self.converter.converted, self.converter.cached)
        pdfs = self.document_pdfs()
        info = self._info()
        public = self.public_parts(pdfs)
        if self.ahead is not None:
            self.ahead(self._edition_ahead(pdfs, public))
        front, ranges = self.front_sheet(public, pdfs[Draft.FRONT], exempt=False)
        if self.last:
            self._settle_other_front_sheets(pdfs)
            self.converter.release()  # nothing more to convert: LibreOffice ends meanwhile
        placements = self._write_pack(staging, front, public, info, result)
        self._write_agenda(staging, front, ranges, info)
        self._write_documents(staging)
        result.exempt_pages = self._write_exempt_pack(staging, pdfs)
        supplement = self.write_supplement(staging, pdfs, info)
        if supplement:
            result.supplement = (supplement.number, supplement.first_page, supplement.last_page)
        self._write_manifest(staging, placements, ranges, supplement)
        self.memo.write(self.workspace.layout.page_memo)
        result.warnings = list(dict.fromkeys(self.warnings))
        result.converted = self.converter.converted - before[0]
        result.cached = self.converter.cached - before[1]
        result.seconds = time.monotonic() - started
        return result

    def _edition_ahead(self, pdfs: PDFs, public: list[Part]) -> Ahead:
        """The public edition as it will be written, told before the pack is collated:
        where each document goes is known once every paper is converted, from the front
        sheet's first draft, which takes the pages its settled version will."""
        from agendapack.pdf.collate import item_ranges, page_range, paginate
        from agendapack.pdf.sources import source_facts

        counts = [source_facts(part.pdf, part.shown).pages for part in public]
        front = source_facts(pdfs[Draft.FRONT], "the front sheet").pages
        placements = paginate([front, *counts], self.workspace.council.duplex)[1:]
        ranges = {n: page_range(*r) for n, r in item_ranges(public, placements).items()}
        manifest = public_manifest(
            self.view,
            placements,
            ranges,
            fingerprint=self.fingerprint,
            document_hash=lambda key: "",  # not known yet, and not what is read ahead
            shown=self.workspace.relative,
            labels=self.labels,
            supplement=None,
        )
        papers = {f"{DOCUMENTS}/{key}.pdf": alone for key, alone in self.alone.items()}
        return Ahead(self.committee.slug, self.meeting.date, manifest, papers)

    def _info(self, kind: str = "public document pack") -> PackInfo:
        """The metadata of the meeting's pack, or (`kind` "exempt papers") its exempt one."""
        from agendapack.pdf.collate import PackInfo

        day = long_date(self.meeting.date)
        exempt = kind != "public document pack"
        return PackInfo(
            title=f"{self.committee.name}, {day}: {kind}"
            + (f", {NOT_FOR_PUBLICATION}" if exempt else ""),
            author=self.workspace.council.name,
            subject="" if exempt else f"Agenda and reports for the meeting on {day}",
            date=_source_date(),
            contact=self.committee.officer.email,
        )

    def _write_pack(
        self,
        staging: Staging,
        front: Path,
        public: list[Part],
        info: PackInfo,
        result: MeetingBuild,
    ) -> list[Placement]:
        """The public document pack."""
        # pikepdf and pypdf come in with collation: a build with nothing to do never imports them
        from agendapack.pdf.collate import write_pack
        from agendapack.pdf.sources import source_facts

        self.progress.start(f"{self.committee.slug} {self.meeting.date}: collating", 1)
        pack = staging.path_for(self.out / PACK)
        with pack.open("wb") as handle:
            placements = write_pack(
                front,
                public,
                handle,
                info,
                duplex=self.workspace.council.duplex,
                memo=self.memo,
                warnings=self.warnings,
            )
        self.progress.advance()
        result.pages = placements[-1].last if placements else source_facts(front, "").pages
        result.documents = len(public)
        return placements

    def _write_agenda(
        self, staging: Staging, front: Path, ranges: dict[int, str], info: PackInfo
    ) -> None:
        """The front sheet alone, as PDF and as the Word file it was made from."""
        from agendapack.pdf.collate import write_front_sheet

        with staging.path_for(self.out / AGENDA).open("wb") as handle:
            agenda = f"{self.committee.name}, {long_date(self.meeting.date)}: agenda"
            write_front_sheet(front, handle, replace(info, title=agenda))
        staging.copy(self.out / AGENDA_DOCX, self._front_job(ranges, False).source)

    def _write_documents(self, staging: Staging) -> None:
        """documents/: each public paper as its own PDF (`_alone`); papers no longer in it
        removed."""
        documents_dir = self.out / DOCUMENTS
        written = set()
        for document in self.view.documents:
            target = documents_dir / f"{document.key}.pdf"
            staging.copy(target, self.alone[document.key])
            written.add(target)
        if documents_dir.is_dir():
            for stale in documents_dir.glob("*.pdf"):
                if stale not in written:
                    staging.remove(stale)

    def _write_exempt_pack(self, staging: Staging, pdfs: PDFs) -> int:
        """The exempt papers' pack, for members only, every page marked; its page count
        (0, and any old one removed, when the meeting has no exempt papers)."""
        from agendapack.pdf.collate import write_pack

        exempt_path = self.out / EXEMPT_PACK
        if not self.plan.has_exempt:
            staging.remove(exempt_path)
            return 0
        exempt = self.exempt_parts(pdfs)
        exempt_front, _ = self.front_sheet(exempt, pdfs[Draft.EXEMPT_FRONT], exempt=True)
        paragraphs = sorted({p for item in self.plan.items for p in item.paragraphs})
        with staging.path_for(exempt_path).open("wb") as handle:
            placements = write_pack(
                exempt_front,
                exempt,
                handle,
                self._info("exempt papers"),
                duplex=self.workspace.council.duplex,
                marking_front=exempt_marking(paragraphs),
                memo=self.memo,
                warnings=self.warnings,
            )
        return placements[-1].last if placements else 0

    def _write_manifest(
        self,
        staging: Staging,
        placements: list[Placement],
        ranges: dict[int, str],
        supplement: Supplement | None,
    ) -> None:
        manifest = public_manifest(
            self.view,
            placements,
            ranges,
            fingerprint=self.fingerprint,
            # a generated document's hash is that of its template and data
            document_hash=lambda key: self.generated.get(key) or sha256_file(self._source(key)),
            shown=self.workspace.relative,
            labels=self.labels,
            supplement=supplement,
        )
        staging.bytes(self.out / MANIFEST, manifest.to_bytes())

    def _source(self, key: str) -> Path:
        (source,) = (d.source for d in self.plan.documents if d.key == key and d.source)
        return source

    def up_to_date(self) -> bool:
        manifest = read_manifest(self.out)
        recorded = manifest.fingerprint if manifest else None
        needed = [PACK, AGENDA, AGENDA_DOCX]
        if self.plan.has_exempt:
            needed.append(EXEMPT_PACK)
        return recorded == self.fingerprint and all((self.out / n).is_file() for n in needed)


def _supplement_entry(
    entry: SupplementItem, title: str, ranges: dict[int, str]
) -> manifest_of.SupplementItem:
    """A supplement's item in the public manifest: what the public supplement lists."""
    return manifest_of.SupplementItem(
        label=entry.label,
        title=title,
        late=entry.late,
        pages=ranges.get(entry.item.number, ""),
        documents=tuple(d.title for d in entry.public_documents),
    )


def publication_key(labels: dict[int, str], supplement: SupplementPlan | None) -> str:
    """What the editions of record decide of a build, as text for its fingerprint: empty
    before publication and while nothing is late or revised."""
    if not labels and supplement is None:
        return ""
    drafted = None
    if supplement:
        drafted = {
            "number": supplement.number,
            "first_page": supplement.first_page,
            "exempt_first_page": supplement.exempt_first_page,
            "items": [
                [i.label, i.late, i.urgency, [[d.key, d.title] for d in i.documents]]
                for i in supplement.items
            ],
        }
    return json.dumps({"labels": labels, "supplement": drafted}, sort_keys=True)


def meeting_fingerprint(
    workspace: Workspace, committee: Committee, meeting: Meeting, converter_version: str
) -> str:
    """The fingerprint a build of the meeting would have now, as `status` compares it."""
    record = read_record(workspace.layout, committee.slug, meeting.date, meeting.moved_from)
    plan = meeting_plan(workspace, committee, meeting)
    labels = published_labels(plan, record)
    plan = relabelled(plan, labels)
    supplement = next_supplement(workspace, record, plan)
    return fingerprint(
        workspace, committee, plan, converter_version, publication_key(labels, supplement)
    )


def published_labels(plan: MeetingPlan, record: MeetingRecord) -> dict[int, str]:
    """The items whose number on the published agenda is not their number in the plan:
    nothing before publication, or while nothing is late."""
    if record.pack is None:
        return {}
    labels = agenda_labels(plan, record.numbered)
    if all(label == str(number) for number, label in labels.items()):
        return {}
    return labels


def next_supplement(
    workspace: Workspace, record: MeetingRecord, plan: MeetingPlan
) -> SupplementPlan | None:
    """The supplement the meeting's papers as they stand call for, after publication."""
    if record.pack is None:
        return None
    meeting, slug = plan.meeting, plan.committee.slug
    # A meeting moved after publication has its papers in the folder of its new date: a
    # paper is the same paper in either folder, by its name there, not a late one.
    folders = [
        f"{workspace.relative(workspace.layout.meeting_folder(slug, day))}/"
        for day in (meeting.date, meeting.moved_from)
        if day is not None
    ]

    def alias(name: str) -> str:
        for folder in folders:
            if name.startswith(folder):
                return folders[0] + name.removeprefix(folder)
        return name

    return supplement_plan(
        plan,
        record,
        read_exempt_documents(record, workspace.layout),
        source_hash=sha256_file,
        shown=workspace.relative,
        alias=alias,
    )


def build_meeting(
    workspace: Workspace,
    committee: Committee,
    meeting: Meeting,
    converter: Converter,
    progress: Progress | None = None,
    force: bool = False,
    last: bool = False,
    ahead: Callable[[Ahead], None] | None = None,
) -> MeetingBuild:
    """Build one meeting's outputs and put them in place as one edition, or leave the last
    one as it was. Raises NotReady when papers are not all in yet, AgendapackError for
    what is wrong, OSError (named by the output being written) when the disk fails, and
    write.Interrupted for a Ctrl+C that came while the new edition was put in place.
    With `last`, the caller converts nothing after it: LibreOffice is let go as soon as
    the front sheets are settled, to shut down while the packs are collated. `ahead` is
    told of the public edition as it will be, once its pages are known and before its
    pack is collated."""
    missing, errors = papers_in(workspace, committee, meeting)
    if errors:
        later = _conversion_problems(workspace, committee, meeting, converter, errors)
        raise AgendapackError(*errors, *later, *missing)
    if missing:
        raise NotReady(*missing)
    builder = _MeetingBuilder(
        workspace, committee, meeting, converter, progress or Quiet(), last=last, ahead=ahead
    )
    if not force and builder.up_to_date():
        return MeetingBuild(committee.slug, meeting.date, builder.out, up_to_date=True)
    converter.prestart()  # LibreOffice starts while the templates are rendered
    try:
        with Edition(builder.out, link_from=workspace.layout.build) as staging:
            result = builder.build(staging)
            result.changed = staging.commit()
        record_sources(workspace, builder.plan)
    except OSError as exc:
        if not exc.filename:  # a write that does not say where: the edition it was for
            exc.filename = str(builder.out)
        raise
    return result


def _conversion_problems(
    workspace: Workspace,
    committee: Committee,
    meeting: Meeting,
    converter: Converter,
    errors: list[Problem],
) -> list[Problem]:
    """What LibreOffice finds wrong with the meeting's Word papers that nothing else is wrong
    with, when the meeting cannot be built for what is: said with the rest, so that a
    paper found unusable now does not hide one that LibreOffice would refuse next time.
    (What it converts is kept in the cache for that next time.)"""
    folder = workspace.meeting_folder(committee, meeting.date)
    jobs = []
    for item in meeting.items:
        for document in item.documents:
            path = folder / document.file
            named = f"{document.file!r}"
            if path.suffix.lower() == ".pdf" or any(named in p.message for p in errors):
                continue
            if path.is_file():
                jobs.append(Job(path, workspace.relative(path)))
    if not jobs:
        return []
    try:
        converter.convert(jobs)
    except AgendapackError as exc:
        return exc.problems
    return []


def write_work_programme(workspace: Workspace, slug: str) -> list[Path]:
    """The work programme table alone, as DOCX and PDF, in build/<committee>/."""
    (committee,) = workspace.choose(slug)
    template = find_template(workspace, "work-programme.docx")
    context = work_programme_context(committee)
    docx = render_docx(template, context)
    layout = workspace.layout
    out = layout.committee_outputs(committee.slug)
    scratch = layout.rendered
    scratch.mkdir(parents=True, exist_ok=True)
    source = scratch / f"{context_key(template, context)}.docx"
    if not source.is_file():  # named by its content: one already there is this one
        write_whole(source, docx)
    with Converter(layout.converted, build=layout.build) as converter:
        (pdf,) = converter.convert([Job(source, template.shown, key=source.stem)])
    with Staging() as staging:
        staging.bytes(out / f"{WORK_PROGRAMME}.docx", docx)
        staging.copy(out / f"{WORK_PROGRAMME}.pdf", pdf)
        staging.commit()
    return [out / f"{WORK_PROGRAMME}.docx", out / f"{WORK_PROGRAMME}.pdf"]


def _hidden_words(shown: str, source: Path | None) -> Callable[[list[int]], Problem] | None:
    """For a Word paper's PDF, the problem of words hidden under black boxes on its pages:
    a filled shape drawn over them in Word, which only the PDF LibreOffice lays out shows
    where (dark text on a black highlight or shading is refused at `check`, from the file:
    documents/checks.py). None for a paper with automatic-colour text on a black
    highlight, which LibreOffice prints black on black while Word shows it white: its
    author is warned of that at `check`, and it is no redaction."""
    from agendapack.documents.checks import automatic_on_black

    if source is None or source.suffix.lower() == ".pdf" or automatic_on_black(source):
        return None

    def problem(pages: list[int]) -> Problem:
        return Problem.error(
            shown,
            f"words are hidden under black boxes on {page_list(pages)} (a filled shape drawn "
            "over them in Word, or dark text on one): they are still in the file and would "
            "be published, read aloud and found by the site's search",
            advice="delete the words and the box in Word (or type over the words, as "
            "[REDACTED]) and save it again",
        )

    return problem
