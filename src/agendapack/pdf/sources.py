"""What collation needs to know of each source PDF, learnt while LibreOffice is still busy.

A build converts its Word papers in LibreOffice's processes, leaving Python idle for most of
the conversion. Each PDF, as soon as it is there (a supplied appendix at once, a report when
LibreOffice has made it), is looked over here: its page count and bookmarks, and, in the
page memo, which of its pages keep the stamp's band clear and which draw no loose paths.
Collation then has only to copy, stamp and write. Everything here only reads: a page found
to need changing (shrinking above the band, loose paths marked) is changed by collation, on
its own copy.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from agendapack.errors import DocumentError, Problem
from agendapack.pdf import content
from agendapack.pdf.band import BAND_READ, STAMP_MARGIN, STAMP_SIZE, band_is_used, stamp_band
from agendapack.pdf.fonts import text_width
from agendapack.pdf.mend import marks_spaces, survey
from agendapack.pdf.opening import damaged, is_tagged, open_qpdf, quietly
from agendapack.pdf.structure import (
    LOOSE_READ,
    loose_content,
    loose_counts,
    push_inherited,
)
from agendapack.store import current, keep_open, take_open, write_whole

# Bump when what PageMemo remembers would be decided differently (the band's size, the
# scan, what counts as a loose path), so that nothing remembered before is trusted.
MEMO_VERSION = 5  # 4: a page with spans of no-break spaces to unwrap is looked at again;
# 5: and one with spans of ligatures, shaped letters or reversed runs; a list item to mend
WIDEST_STAMP = "Page 88888"  # a band clear of this one is clear of every page's stamp
_CONTENT_NAME = re.compile(r"[0-9a-f]{64}")
_MAX_OUTLINE_DEPTH = 32
_READ = " ".join(sorted(set(BAND_READ.split()) | set(LOOSE_READ.split())))


@dataclass
class PageMemo:
    """What collation learnt of pages that cannot change: a page of a PDF named by its own
    content (the build's cleaned and converted copies) whose stamp band is clear, or which
    draws no loose paths, needs no second look in the next build. Keys: "<name>:<index>"."""

    band_clear: set[str] = field(default_factory=set)
    no_loose_paths: set[str] = field(default_factory=set)
    closed: set[str] = field(default_factory=set)  # leaves nothing open (content.closers)
    # files (by name, not page) whose structure tree has no plain /H heading to number
    no_plain_headings: set[str] = field(default_factory=set)
    # tagged files (by name) with nothing a machine can mend (pdf/mend.py)
    nothing_to_mend: set[str] = field(default_factory=set)
    # where untagged pages' analyses are kept between builds (pdf/tagging.py), if anywhere
    analyses: Path | None = None

    @staticmethod
    def identity(pdf: Path) -> str | None:
        return pdf.stem if _CONTENT_NAME.fullmatch(pdf.stem) else None

    _KEPT = ("band_clear", "no_loose_paths", "closed", "no_plain_headings", "nothing_to_mend")

    @classmethod
    def read(cls, path: Path) -> PageMemo:
        """What collation learnt in earlier builds; nothing, if it cannot be read or an
        older agendapack wrote it."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != MEMO_VERSION:
                return cls()
            memo = cls()
            for name in cls._KEPT:
                getattr(memo, name).update(str(key) for key in data[name])
            return memo
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    def write(self, path: Path) -> None:
        """Only a saving of time: a disk that fails here costs the next build a second
        look."""
        data = {"version": MEMO_VERSION, **{n: sorted(getattr(self, n)) for n in self._KEPT}}
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_whole(path, json.dumps(data).encode())


@dataclass(frozen=True)
class Bookmark:
    """One of a source's own bookmarks: its title, its page (0-based in the source)."""

    title: str
    page: int
    children: tuple[Bookmark, ...] = ()


@dataclass(frozen=True)
class SourceFacts:
    pages: int
    bookmarks: tuple[Bookmark, ...]
    tagged: bool = True  # as collation takes it (opening.is_tagged)


def _key(path: Path) -> tuple[str, int, int]:
    status = path.stat()
    return str(path.resolve()), status.st_mtime_ns, status.st_size


@quietly
def source_facts(path: Path, shown: str) -> SourceFacts:
    """The source's page count and bookmarks, read once per run until it changes."""
    key = _key(path)
    # by path, modification time and size, for the run: a front sheet is counted by the
    # build and again by collation, a paper by every pack it goes into
    facts = current().sources.get(key)
    if facts is None:
        # an earlier stage's opening, where the run has one, passed on to the next
        pdf = take_open(path) or open_qpdf(path, shown)
        try:
            facts = _remember(key, pdf, shown)
        except BaseException:
            pdf.close()
            raise
        keep_open(path, pdf)
    return facts


def _remember(key: tuple[str, int, int], pdf: pikepdf.Pdf, shown: str) -> SourceFacts:
    try:
        facts = SourceFacts(len(pdf.pages), _bookmarks(pdf), is_tagged(pdf))
    except Exception as exc:  # qpdf opened it but cannot follow its page tree
        raise damaged(shown) from exc
    if facts.pages == 0:
        raise DocumentError(Problem.error(shown, "the PDF has no pages"))
    known = current().sources
    if len(known) >= 512:
        known.pop(next(iter(known)))
    known[key] = facts
    return facts


@quietly
def look_over(path: Path, shown: str, memo: PageMemo) -> SourceFacts:
    """Learn what collation will ask of the source: its facts, and in `memo` (for a file
    named by its content) the pages clear of the widest stamp's band and, in a tagged
    source, the pages that draw no loose paths."""
    identity = PageMemo.identity(path)
    pdf = open_qpdf(path, shown)
    try:
        facts = _remember(_key(path), pdf, shown)
        if identity is not None:
            _look_over_pages(pdf, path, identity, memo)
    except BaseException:
        pdf.close()
        raise
    # this opening is the one collation copies the pages from (store.KeptOpen)
    keep_open(path, pdf)
    return facts


def _look_over_pages(pdf: pikepdf.Pdf, path: Path, identity: str, memo: PageMemo) -> None:
    try:
        push_inherited(pdf)  # as collation's copy of each page will have it
        tagged = is_tagged(pdf)
        # the structure walked while LibreOffice converts, not while collating
        headings_known = not tagged or identity in memo.no_plain_headings
        mending_known = not tagged or identity in memo.nothing_to_mend
        if not (headings_known and mending_known):
            found = survey(pdf)
            if not found.plain_headings:
                memo.no_plain_headings.add(identity)
            if not found.to_mend:
                memo.nothing_to_mend.add(identity)
        width = text_width(WIDEST_STAMP, STAMP_SIZE)
        seen = True  # every page looked over in an earlier build
        for index, page in enumerate(pdf.pages):
            key = f"{identity}:{index}"
            band_known = key in memo.band_clear
            loose_known = not tagged or key in memo.no_loose_paths
            closed_known = key in memo.closed
            if band_known and loose_known and closed_known:
                continue
            seen = False
            # one reading of the content for the three questions: the quick one where
            # it follows the page (band_is_used reads it again with pikepdf if it must)
            quick = content.instructions(page)
            if not closed_known and not content.page_closers(page, quick):
                memo.closed.add(key)
            if band_known and loose_known:
                continue
            band = stamp_band(page, width, STAMP_SIZE, STAMP_MARGIN)
            if quick is not None:
                if not band_known and not band_is_used(page, band, quick=quick):
                    memo.band_clear.add(key)
                operators = (operator for _, operator, _ in quick)
                # collation looks again at a page with Chrome's no-break spaces in
                # spans of their own, to unwrap them (mend.unwrap_spaces)
                clean = loose_counts(operators) == (0, 0) and not marks_spaces(quick)
                if not loose_known and clean:
                    memo.no_loose_paths.add(key)
                continue
            instructions = pikepdf.parse_content_stream(page, _READ)
            if not band_known and not band_is_used(page, band, instructions=instructions):
                memo.band_clear.add(key)
            if not loose_known and loose_content(instructions) == (0, 0):
                memo.no_loose_paths.add(key)
        if not tagged and not seen and memo.analyses is not None:
            # a new untagged paper's layout read by poppler and analysed now, into the
            # cache that collation's tagging reads: not at the build's tail
            from agendapack.pdf.tagging import Analyses, read_document

            read_document(pdf, list(pdf.pages), path, Analyses(memo.analyses))
    except Exception:  # left to collation, which reports what is wrong
        pass


def _bookmarks(pdf: pikepdf.Pdf) -> tuple[Bookmark, ...]:
    """The source's outline, each entry at the page it leads to; an entry leading nowhere
    (or to another file) is left out, its children kept in its place."""
    outlines = pdf.Root.get("/Outlines")
    if not isinstance(outlines, Dictionary):
        return ()
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    return tuple(_level(pdf, outlines.get("/First"), pages, set(), 0))


def _level(
    pdf: pikepdf.Pdf,
    entry: object,
    pages: dict[tuple[int, int], int],
    seen: set[tuple[int, int]],
    depth: int,
) -> list[Bookmark]:
    marks: list[Bookmark] = []
    while isinstance(entry, Dictionary) and depth < _MAX_OUTLINE_DEPTH:
        if entry.is_indirect:  # only an object of its own can lead back to itself
            if entry.objgen in seen:  # a loop in a damaged outline
                break
            seen.add(entry.objgen)
        children = tuple(_level(pdf, entry.get("/First"), pages, seen, depth + 1))
        page = _destination_page(pdf, entry, pages)
        if page is None:
            marks.extend(children)
        else:
            marks.append(Bookmark(_title(entry.get("/Title")), page, children))
        entry = entry.get("/Next")
    return marks


def _title(title: object) -> str:
    """A bookmark's title as a reader shows it: text, without control characters."""
    if not isinstance(title, pikepdf.String):
        return ""
    return " ".join("".join(c if c.isprintable() else " " for c in str(title)).split())


def _destination_page(
    pdf: pikepdf.Pdf, entry: Dictionary, pages: dict[tuple[int, int], int]
) -> int | None:
    destination = entry.get("/Dest")
    action = entry.get("/A")
    if destination is None and isinstance(action, Dictionary) and action.get("/S") == Name.GoTo:
        destination = action.get("/D")
    if isinstance(destination, Name):
        named = pdf.Root.get("/Dests")
        destination = named.get(str(destination)) if isinstance(named, Dictionary) else None
    elif isinstance(destination, pikepdf.String):
        names = pdf.Root.get("/Names")
        tree = names.get("/Dests") if isinstance(names, Dictionary) else None
        try:
            destination = pikepdf.NameTree(tree).get(str(destination)) if tree else None
        except (TypeError, ValueError, pikepdf.PdfError):
            destination = None
    if isinstance(destination, Dictionary):
        destination = destination.get("/D")
    if not isinstance(destination, Array) or len(destination) == 0:
        return None
    target = destination[0]
    if isinstance(target, Dictionary):
        return pages.get(target.objgen)
    # a page number, as some write (pikepdf gives a PDF integer as an int, a boolean as a bool)
    if isinstance(target, int) and not isinstance(target, bool) and 0 <= target < len(pages):
        return target
    return None
