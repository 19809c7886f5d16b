"""Every path of a workspace, in one place (the README's "What you get" and "Development").

The folders an officer edits (programme/, packs/, templates/), what agendapack generates
(build/: editions, calendars, the site, and its own caches and scratch, which nothing
publishes) and the editions of record (published/, part of the workspace). Other modules
ask here rather than joining names themselves, so that a path is spelt once and a private
file can never end up inside a folder the council uploads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

# -- an edition's files: build/<committee>/<date>/, and published/<committee>/<date>/ ----
PACK = "pack.pdf"  # the public document pack
EXEMPT_PACK = "exempt-pack.pdf"  # for members only: never published
AGENDA = "agenda.pdf"  # the front sheet alone
AGENDA_DOCX = "agenda.docx"
MANIFEST = "manifest.json"  # an edition's items, page ranges and documents
DOCUMENTS = "documents"  # each public paper as its own PDF
WORK_PROGRAMME = "work-programme"  # .docx and .pdf: the table circulated on its own
RECORD = "record.json"  # published/: when each edition went out, and what it held
EXEMPT_RECORD = "exempt-record.json"  # published/: the exempt papers each edition carried
PUBLISHED = "published"  # the editions of record, and the site's copy of a meeting's


def supplement(number: int, *, exempt: bool = False) -> str:
    """A supplementary pack's file: supplement-2.pdf, exempt-supplement-2.pdf."""
    return f"{'exempt-' * exempt}supplement-{number}.pdf"


SUPPLEMENTS = ("supplement-*.pdf", "exempt-supplement-*.pdf")  # to find them all


@dataclass(frozen=True)
class Layout:
    """The paths of the workspace at `root`."""

    root: Path

    # -- what officers edit ---------------------------------------------------------------
    @property
    def programme(self) -> Path:
        return self.root / "programme"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def packs(self) -> Path:
        """packs/: a folder for each committee, one for each of its meetings' papers."""
        return self.root / "packs"

    @property
    def edited(self) -> tuple[Path, ...]:
        """The folders an officer edits: what `serve --watch` watches, what a build's
        guess at whether LibreOffice will be needed looks at."""
        return (self.programme, self.packs, self.templates)

    @property
    def scratch_folders(self) -> tuple[Path, ...]:
        """Every folder agendapack writes a file's next content into before renaming it
        in place (``.<name>.<pid>.tmp``): what a killed run leaves is looked for there."""
        return (self.build, self.published, self.programme, self.packs)

    def papers(self, committee: str) -> Path:
        """packs/<committee>/: a folder for each meeting's papers."""
        return self.packs / committee

    def meeting_folder(self, committee: str, date: dt.date) -> Path:
        """packs/<committee>/<date>/: the papers an officer supplies for one meeting."""
        return self.papers(committee) / date.isoformat()

    # -- what agendapack generates: build/ --------------------------------------------
    @property
    def build(self) -> Path:
        return self.root / "build"

    def edition(self, committee: str, date: dt.date) -> Path:
        """build/<committee>/<date>/: one meeting's public outputs and its exempt pack."""
        return self.build / committee / date.isoformat()

    def manifest(self, committee: str, date: dt.date) -> Path:
        """build/<committee>/<date>/manifest.json: what a meeting's edition holds."""
        return self.edition(committee, date) / MANIFEST

    def committee_outputs(self, committee: str) -> Path:
        """build/<committee>/: the work programme table circulated on its own."""
        return self.build / committee

    @property
    def calendars(self) -> Path:
        return self.build / "calendars"

    @property
    def site(self) -> Path:
        return self.build / "site"

    # -- the editions of record: published/ -------------------------------------------
    @property
    def published(self) -> Path:
        """published/: what the public was given, kept as it was (s.100C LGA 1972)."""
        return self.root / PUBLISHED

    def published_meeting(self, committee: str, date: dt.date) -> Path:
        return self.published / committee / date.isoformat()

    @property
    def calendar_memory(self) -> Path:
        """What every calendar event last said, with its SEQUENCE: kept with the editions
        of record so that a fresh clone carries on where the last build left off."""
        return self.published / "calendars" / "state.json"

    # -- agendapack's own, never published: build/.cache/ ------------------------------
    @property
    def cache(self) -> Path:
        return self.build / ".cache"

    @property
    def converted(self) -> Path:
        """PDFs converted by LibreOffice, named by the hash of what they were made from."""
        return self.cache / "pdf"

    @property
    def rendered(self) -> Path:
        """Word files rendered from the templates, named by the hash of template and data."""
        return self.cache / "render"

    @property
    def cleaned(self) -> Path:
        """Copies of PDFs without scripts, attachments, comments or their authors' names."""
        return self.cache / "clean"

    @property
    def alone(self) -> Path:
        """Untagged papers tagged as the pack has them, each alone for documents/, named by
        the hash of the clean copy and the metadata."""
        return self.cache / "alone"

    @property
    def ocr(self) -> Path:
        """What Tesseract read in each scanned page's image, named by the hash of the image,
        Tesseract's version and the language: a rebuild reads no page twice."""
        return self.cache / "ocr"

    @property
    def html_reports(self) -> Path:
        """Word reports as HTML fragments for the site, named by the hash of the report."""
        return self.cache / "html"

    @property
    def holiday_memory(self) -> Path:
        """Each region's bank holidays, so that the holidays package need not be loaded."""
        return self.cache / "bank-holidays.json"

    @property
    def readable_record(self) -> Path:
        """Papers already found readable, so that `check` need not open them again."""
        return self.cache / "readable.json"

    @property
    def page_memo(self) -> Path:
        """What collation learnt of the cached PDFs' pages, so as not to look again."""
        return self.cache / "pages.json"

    @property
    def page_analyses(self) -> Path:
        """What the tagger made of each untagged page's layout, named by the page's hash."""
        return self.cache / "layout"

    @property
    def page_text(self) -> Path:
        """The text of each public paper's pages, for the site's search, by the paper's hash."""
        return self.cache / "text"

    @property
    def search_index(self) -> Path:
        """The site's search index, a folder for each municipal year named by its hash."""
        return self.cache / "search"

    @property
    def published_hashes(self) -> Path:
        """The hash of every file of the editions of record, by its size and times."""
        return self.cache / "published-hashes.json"

    @property
    def features_record(self) -> Path:
        """What cleaning would leave out of each paper (scripts, attachments, ...)."""
        return self.cache / "left-out.json"

    @property
    def access_record(self) -> Path:
        """What an author must mend for each paper to be accessible, by its signature."""
        return self.cache / "accessibility.json"

    @property
    def refresh_record(self) -> Path:
        """A hash of what the calendars and the site were last made from."""
        return self.cache / "published.sha256"

    def sources_record(self, committee: str, date: dt.date) -> Path:
        """Every paper an edition was built from with its hash, exempt ones included, for
        `status`: kept out of the edition's folder, which a council may upload whole."""
        return self.cache / "sources" / committee / f"{date.isoformat()}.json"
