"""PDFs to a pack: padding, page ranges, "Page N" stamps, bookmarks, labels, metadata.

The page arithmetic (`paginate`) is pure. `write_pack` copies each source PDF's pages with
pikepdf, its structure tree merged into the pack's (pdf/structure.py: the pack is a tagged
PDF), and adds to every page one small content stream that draws its stamp, an artifact in
an embedded font, at the bottom centre of the page as a reader sees it, whatever its /Rotate
or media box. What it needs to know of each source beforehand (page counts, bookmarks, the
pages that need no second look) comes from pdf/sources.py, mostly learnt while LibreOffice
was still converting.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from agendapack.errors import AgendapackError, DocumentError, Problem
from agendapack.pdf import content
from agendapack.pdf.band import (
    STAMP_MARGIN,
    STAMP_SIZE,
    Widths,
    band_is_used,
    band_reach,
    enlarge_for_stamp,
    fit_above,
    fitting_transform,
    stamp_band,
)
from agendapack.pdf.fonts import DrawnCodes, Fonts, text_width
from agendapack.pdf.mend import mend, read_forwards, tag_loose_text, unwrap_spaces
from agendapack.pdf.opening import damaged, entries, is_tagged, open_qpdf, pdf_string, quietly
from agendapack.pdf.sources import (
    WIDEST_STAMP,
    Bookmark,
    PageMemo,
    SourceFacts,
    source_facts,
)
from agendapack.pdf.structure import (
    Tree,
    artifact_loose_paths,
    has_plain_headings,
    push_inherited,
)
from agendapack.pdf.tagging import Analyses, Reading
from agendapack.store import keep_open, take_open

BLANK_TEXT = "This page is intentionally left blank"
A4 = (595.28, 841.89)
STAMP_FONT = "/APStamp"
# A page of an untagged source whose text cannot be read: its glyphs mapped to no letters,
# a scan OCR did not read, a content stream qpdf cannot read whole (build says which).
UNTAGGED_ALT = (
    "Page {number} of {count} of {title}. Its text could not be read from the page as "
    "supplied; an accessible version is available from {contact}."
)
# A picture on an untagged source's page: its author gave it no description.
PICTURE_ALT = (
    "A picture on page {number} of {title}, supplied without a description; ask {contact} for one."
)


@dataclass(frozen=True)
class Part:
    """One source PDF in a pack, with its place in the bookmarks."""

    pdf: Path
    shown: str  # how messages name it
    title: str  # its own bookmark
    item: int | None = None  # the item it belongs to; None for the front sheet
    item_title: str = ""  # the item's bookmark, "4. Children in Care Placement Sufficiency"
    marking: str = ""  # printed at the top of each of its pages (exempt packs)


@dataclass(frozen=True)
class Placement:
    """Where a part sits: its first page, its own pages, and blank pages after it."""

    first: int  # 1-based page number in the pack
    pages: int
    padding: int

    @property
    def last(self) -> int:
        return self.first + self.pages + self.padding - 1


def paginate(page_counts: Iterable[int], duplex: bool, first: int = 1) -> list[Placement]:
    """Place parts one after another from page `first` (a supplement continues the page
    numbers of the edition before); with duplex, pad each to an even length so that the
    next starts on an odd (right-hand) page."""
    placements = []
    page = first
    for count in page_counts:
        padding = count % 2 if duplex else 0
        placements.append(Placement(page, count, padding))
        page += count + padding
    return placements


def page_range(first: int, last: int) -> str:
    """'11 - 38', or '67' for one page: as front sheets print them."""
    return str(first) if first == last else f"{first} - {last}"


def item_ranges(parts: list[Part], placements: list[Placement]) -> dict[int, tuple[int, int]]:
    """Each item's first and last page, padding included."""
    ranges: dict[int, tuple[int, int]] = {}
    for part, placement in zip(parts, placements, strict=True):
        if part.item is None:
            continue
        first, _ = ranges.get(part.item, (placement.first, placement.last))
        ranges[part.item] = (first, placement.last)
    return ranges


# -- stamping ---------------------------------------------------------------------------


def _visible_box(page: pikepdf.Page) -> tuple[float, float, float, float]:
    box = [float(v) for v in page.cropbox]
    return min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3])


def _placed(page: pikepdf.Page, text: str, size: float, at_top: bool) -> str:
    """The operators drawing `text` centred at the visual bottom (or top) of the page.

    The text matrix turns with /Rotate so the text reads upright as displayed: for a page
    shown turned 90 degrees clockwise, the visual bottom is the right edge of its space.
    """
    x0, y0, x1, y1 = _visible_box(page)
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    width = text_width(text, size)
    margin = STAMP_MARGIN if not at_top else -(STAMP_MARGIN + size * 0.7)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if rotate == 90:
        matrix = (0, 1, -1, 0, x1 - margin if not at_top else x0 - margin, cy - width / 2)
    elif rotate == 180:
        matrix = (-1, 0, 0, -1, cx + width / 2, y1 - margin if not at_top else y0 - margin)
    elif rotate == 270:
        matrix = (0, -1, 1, 0, x0 + margin if not at_top else x1 + margin, cy + width / 2)
    else:
        matrix = (1, 0, 0, 1, cx - width / 2, y0 + margin if not at_top else y1 + margin)
    numbers = " ".join(f"{v:.2f}".rstrip("0").rstrip(".") for v in matrix)
    # pagination, not content: a screen reader skips it, as the pack's structure holds it
    kind = "Header" if at_top else "Footer"
    return (
        f"/Artifact <</Type /Pagination /Subtype /{kind}>> BDC "
        f"BT {STAMP_FONT} {size:g} Tf {numbers} Tm {pdf_string(text)} Tj ET EMC"
    )


class _Stamper:
    """Adds stamps to pages, sharing one font object and one q/Q pair across the pack."""

    def __init__(self, pdf: pikepdf.Pdf, fonts: Fonts) -> None:
        self.pdf = pdf
        self.font = fonts.font()
        self.save = pdf.make_stream(b"q\n")

    def _resources(self, page: pikepdf.Page) -> None:
        resources = page.obj.get("/Resources")
        if not isinstance(resources, Dictionary):
            resources = page.obj.Resources = Dictionary()
        fonts = resources.get("/Font")
        if not isinstance(fonts, Dictionary):
            fonts = resources.Font = Dictionary()
        fonts[STAMP_FONT] = self.font

    def stamp(self, page: pikepdf.Page, lines: list[tuple[str, float, bool]]) -> None:
        """Draw each (text, size, at_top) on the page above its own content."""
        operators = "\nQ 0 g\n" + "\n".join(_placed(page, t, s, top) for t, s, top in lines)
        # The source's content may leave the graphics state changed (a transform, a colour):
        # wrap it in q/Q so the stamp is drawn in the page's plain coordinate space.
        page.contents_add(self.save, prepend=True)
        page.contents_add(self.pdf.make_stream(operators.encode("latin-1")))
        self._resources(page)

    def blank_page(self, width: float, height: float) -> None:
        page = self.pdf.add_blank_page(page_size=(width, height))
        text_size = 12.0
        line = (
            "/Artifact <</Type /Pagination>> BDC "
            f"BT {STAMP_FONT} {text_size:g} Tf "
            f"{(width - text_width(BLANK_TEXT, text_size)) / 2:.2f} {height / 2:.2f} Td "
            f"{pdf_string(BLANK_TEXT)} Tj ET EMC"
        )
        page.obj.Contents = self.pdf.make_stream(line.encode("latin-1"))
        page.obj.Resources = Dictionary()
        self._resources(page)


# -- writing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PackInfo:
    """What the pack's metadata says about it."""

    title: str
    author: str
    subject: str = ""
    date: dt.datetime | None = None  # from the inputs, never the clock
    contact: str = ""  # who to ask for an accessible version of an untagged document


@dataclass
class _Bookmark:
    title: str
    page: int  # 0-based in the pack
    children: list[_Bookmark] = field(default_factory=list)


def _source_outline(marks: tuple[Bookmark, ...], offset: int) -> list[_Bookmark]:
    """The source's own bookmarks, at their pages in the pack."""
    return [
        _Bookmark(mark.title, offset + mark.page, _source_outline(mark.children, offset))
        for mark in marks
    ]


class _Collation:
    """One output PDF made of source PDFs, its tree and fonts. Each source is closed once
    its pages are in: the streams copied from it are given their own data first."""

    def __init__(self, contact: str, memo: PageMemo | None = None, first_page: int = 1) -> None:
        self.pdf = pikepdf.new()
        self.first_page = first_page  # the number its first page is stamped with
        self.tree = Tree(self.pdf)
        self.fonts = Fonts(self.pdf)
        self.contact = contact
        self.memo = memo or PageMemo()
        self.open: list[pikepdf.Pdf] = []  # sources whose streams could not be detached
        self.origins: list[str | None] = []  # each page's key in the memo, if it has one
        self.untagged_content: dict[str, list[int]] = {}  # source -> pages with loose text
        # source -> its pages kept as one figure, for they cannot be read: (number, why)
        self.unread: dict[str, list[tuple[int, str]]] = {}
        self.analyses = Analyses(self.memo.analyses)

    def add(self, path: Path, shown: str, title: str, pass_on: bool = False) -> None:
        """Copy in the pages of the PDF at `path`; `pass_on`: keep it open afterwards for
        the run's next collation of it (store.KeptOpen), which would otherwise parse it
        again. Only an untagged one is passed on: a tagged one's structure is mended and
        taken into the output's tree, which changes it."""
        # the look-over's opening of it, where this run has one (no second parse)
        source = take_open(path) or open_qpdf(path, shown)
        try:
            self._copy(source, path, shown, title, pass_on)
        except Exception as exc:  # a content stream that cannot be decoded, say
            source.close()
            raise damaged(shown) from exc

    def _copy(self, source: pikepdf.Pdf, path: Path, shown: str, title: str, pass_on: bool) -> None:
        first_new = len(self.pdf.objects) + 1
        push_inherited(source)
        identity = PageMemo.identity(path)
        keys = [f"{identity}:{i}" if identity else None for i in range(len(source.pages))]
        tagged = is_tagged(source)
        for number, (page, key) in enumerate(zip(source.pages, keys, strict=True), 1):
            self._look(source, page, key, shown, number, tagged)
        first = len(self.pdf.pages)
        if tagged:
            known = identity is not None and identity in self.memo.no_plain_headings
            if identity is None or identity not in self.memo.nothing_to_mend:
                mended = mend(source, path, self.first_page + first)
                known = not mended.plain_headings
                if identity and not mended.changed:
                    self.memo.nothing_to_mend.add(identity)
            if not known and identity and not has_plain_headings(source.Root.StructTreeRoot):
                self.memo.no_plain_headings.add(identity)
                known = True
            self.tree.add_tagged(source, title, headings=not known)
        else:
            contact = self.contact or "the council"
            alt = UNTAGGED_ALT.replace("{title}", title).replace("{contact}", contact)
            pictures = PICTURE_ALT.replace("{title}", title).replace("{contact}", contact)
            reading = Reading(path, self.analyses, pictures)
            self.tree.add_untagged(source, title, alt, reading)
            if self.tree.unread:
                self.unread[shown] = list(self.tree.unread)
        seen: set[tuple[int, int]] = set()
        drawn = DrawnCodes([page.obj for page in self.pdf.pages[first:]])
        for page in self.pdf.pages[first:]:
            self._embed_standard_fonts(page.obj, seen, drawn)
            for annotation in page.obj.get("/Annots", Array()):
                if isinstance(annotation, Dictionary):
                    self._embed_appearance_fonts(annotation.get("/AP"), seen, drawn)
        self.origins.extend(keys)
        if not _detach(self.pdf, first_new):
            self.open.append(source)
        elif pass_on and not tagged:
            keep_open(path, source)
        else:
            source.close()

    def _look(
        self,
        source: pikepdf.Pdf,
        page: pikepdf.Page,
        key: str | None,
        shown: str,
        number: int,
        tagged: bool,
    ) -> None:
        """What the memo does not know of a source page, from one quick reading of its
        content: end what the content leaves open (an array, a string, a text object, a
        q) before anything is drawn after it, the Figure's end or the stamp; in a tagged
        source, mark its loose paths as artifacts and give its loose text a place in
        its tree (mend.tag_loose_text). (The reading is not kept for the
        stamp's band, asked later: a pack's readings all held at once would double
        collation's memory.)"""
        memo = self.memo
        to_close = key not in memo.closed
        to_mark = tagged and key not in memo.no_loose_paths
        if not (to_close or to_mark):
            return
        quick = content.instructions(page)
        if to_close:
            closing = content.page_closers(page, quick)
            if closing:
                page.contents_add(source.make_stream(closing))
                quick = content.instructions(page)  # the content is longer now
            elif key:
                memo.closed.add(key)
        if to_mark:
            # done again on every build: the memo keeps no page with such spaces
            spaces = unwrap_spaces(source, page, quick) if quick is not None else 0
            if spaces:
                quick = content.instructions(page)
            if quick is not None:
                spaces += read_forwards(source, page, quick)
            marked, loose = artifact_loose_paths(source, page, quick)
            if not loose:
                if key and not marked and not spaces:
                    memo.no_loose_paths.add(key)
                return
            # its text given a place in the tree (on every build: the memo keeps no page
            # with loose content); what is left, a picture that needs its author's words,
            # is said, not hidden
            left = tag_loose_text(source, page)
            if left is None or left:
                self.untagged_content.setdefault(shown, []).append(number)

    def _embed_standard_fonts(
        self, holder: pikepdf.Object, seen: set[tuple[int, int]], drawn: DrawnCodes
    ) -> None:
        """A standard font not embedded (Helvetica, Times, Courier), in the page's
        resources and those of the forms it draws (a form field drawn into it when it was
        cleaned, pdf/forms.py, among them), is replaced by the metric-compatible font
        embedded for it: PDF/UA-1 asks every font embedded, and its words and their places
        stay the same. One in an encoding of its own is replaced only if the stand-in has
        every glyph the page's or form's content draws in it (fonts.stand_in)."""
        resources = holder.get("/Resources")
        if not isinstance(resources, Dictionary):
            return
        if resources.is_indirect:
            if resources.objgen in seen:
                return
            seen.add(resources.objgen)
        fonts = resources.get("/Font")
        if isinstance(fonts, Dictionary):
            for name, font in list(entries(fonts)):
                replacement = self.fonts.stand_in(font, functools.partial(drawn.codes, font))
                if replacement is not None:
                    fonts[name] = replacement
        xobjects = resources.get("/XObject")
        if isinstance(xobjects, Dictionary):
            for _, form in entries(xobjects):
                if not isinstance(form, pikepdf.Stream) or form.get("/Subtype") != Name.Form:
                    continue
                if form.objgen in seen:
                    continue
                seen.add(form.objgen)
                self._embed_standard_fonts(form, seen, drawn)

    def _embed_appearance_fonts(
        self, appearances: pikepdf.Object | None, seen: set[tuple[int, int]], drawn: DrawnCodes
    ) -> None:
        """The same in an annotation's appearances (a text box's words)."""
        if not isinstance(appearances, Dictionary):
            return
        for _, state in entries(appearances):
            streams = [v for _, v in entries(state)] if isinstance(state, Dictionary) else [state]
            for stream in streams:
                if isinstance(stream, pikepdf.Stream) and stream.objgen not in seen:
                    seen.add(stream.objgen)
                    self._embed_standard_fonts(stream, seen, drawn)

    def write(
        self,
        out: IO[bytes],
        info: PackInfo,
        bookmarks: list[_Bookmark] | None,
        first_page: int = 1,
    ) -> None:
        pdf = self.pdf
        self.tree.finish()
        _share_font_programs(pdf)
        for page in pdf.pages:
            page.obj.Tabs = Name.S  # the reading order of links is the structure's
        if bookmarks is not None:
            with pdf.open_outline() as outline:
                outline.root.extend(_outline_items(bookmarks))
            pdf.Root.PageMode = Name.UseOutlines
        pdf.Root.Lang = String("en-GB")
        pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D, St=first_page)]))
        docinfo = Dictionary(
            Title=String(info.title), Author=String(info.author), Producer=String("agendapack")
        )
        if info.subject:
            docinfo.Subject = String(info.subject)
        if info.date:
            stamp = info.date.strftime("D:%Y%m%d%H%M%S")
            docinfo.CreationDate = String(stamp)
            docinfo.ModDate = String(stamp)
        pdf.trailer.Info = pdf.make_indirect(docinfo)
        metadata = pikepdf.Stream(pdf, _xmp(info))
        metadata.Type = Name.Metadata
        metadata.Subtype = Name.XML
        pdf.Root.Metadata = pdf.make_indirect(metadata)
        # Into memory first: qpdf aborts the process, rather than raising, when the file
        # it writes to fails (a full disk); Python's own write then fails as an error.
        buffer = io.BytesIO()
        try:
            pdf.save(
                buffer,
                deterministic_id=True,
                object_stream_mode=pikepdf.ObjectStreamMode.generate,
                compress_streams=True,
                fix_metadata_version=False,
                min_version="1.7",
            )
        finally:
            for source in self.open:
                source.close()
        out.write(buffer.getbuffer())


_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
_STORAGE = ("/Length", "/Filter", "/DecodeParms")


def _share_font_programs(pdf: pikepdf.Pdf) -> None:
    """One copy of each embedded font program: documents made by the same tool embed the
    same subset of the same font again and again (a third of a pack's bytes, in a pack of
    LibreOffice reports), and qpdf writes every copy it is given."""
    seen: dict[bytes, pikepdf.Object] = {}
    for descriptor in pdf.objects:
        if not isinstance(descriptor, Dictionary) or descriptor.get("/Type") != Name.FontDescriptor:
            continue
        for key in _FONT_FILES:
            program = descriptor.get(key)
            if not isinstance(program, pikepdf.Stream):
                continue
            # by what the program is, not how it is stored: the stamp's own font is not
            # compressed until the pack is written
            digest = hashlib.sha256(program.read_bytes())
            for name, value in sorted(entries(program.stream_dict)):
                if name not in _STORAGE:
                    digest.update(f"{name}={value!r}".encode())
            found = seen.setdefault(digest.digest(), program)
            if found.objgen != program.objgen:
                descriptor[key] = found


def _detach(pdf: pikepdf.Pdf, first: int) -> bool:
    """Give the streams copied from a source (objects `first` onwards) their own data, as
    it is stored in the source, so that the source can be closed: pikepdf would otherwise
    read them from it when the pack is saved, holding every source's objects in memory
    until then. False when a stream's filters are not ones to carry over as they are (a
    damaged file): then the source stays open."""
    detached = True
    for number in range(first, len(pdf.objects) + 1):
        stream = pdf.get_object((number, 0))
        if not isinstance(stream, pikepdf.Stream):
            continue
        filters = stream.get("/Filter")
        parms = stream.get("/DecodeParms")
        if not isinstance(filters, Name | Array | None) or not isinstance(
            parms, Dictionary | Array | None
        ):
            detached = False
            continue
        stream.write(stream.read_raw_bytes(), filter=filters, decode_parms=parms, type_check=False)
    return detached


def _outline_items(marks: list[_Bookmark]) -> list[pikepdf.OutlineItem]:
    items = []
    for mark in marks:
        item = pikepdf.OutlineItem(mark.title, mark.page)
        item.children.extend(_outline_items(mark.children))
        items.append(item)
    return items


def _xmp(info: PackInfo) -> bytes:
    """The XMP packet: the title, author and dates as the document information says, and the
    PDF/UA identification."""
    dates = ""
    if info.date:
        iso = info.date.strftime("%Y-%m-%dT%H:%M:%S")
        dates = f"<xmp:CreateDate>{iso}</xmp:CreateDate><xmp:ModifyDate>{iso}</xmp:ModifyDate>"
    description = (
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(info.subject)}'
        "</rdf:li></rdf:Alt></dc:description>"
        if info.subject
        else ""
    )
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(info.title)}</rdf:li>'
        f"</rdf:Alt></dc:title><dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li>"
        f"</rdf:Seq></dc:creator>{description}<pdf:Producer>agendapack</pdf:Producer>"
        f"{dates}<pdfuaid:part>1</pdfuaid:part></rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


@quietly
def write_pack(
    front: Path,
    parts: list[Part],
    out: IO[bytes],
    info: PackInfo,
    *,
    duplex: bool,
    marking_front: str = "",
    first_page: int = 1,
    front_title: str = "Agenda",
    memo: PageMemo | None = None,
    warnings: list[Problem] | None = None,
) -> list[Placement]:
    """Collate the front sheet and parts into `out`, its pages numbered from `first_page`;
    returns where each part went. `memo`, kept by the caller between builds, saves looking
    again at pages seen before, and learns the new ones. `warnings` gets one line for each
    tagged source with text or images outside its tags, and one for each page of an
    untagged source kept as one figure, for it cannot be read."""
    collation = _Collation(info.contact, memo, first_page)
    stamper = _Stamper(collation.pdf, collation.fonts)
    sources = [(front, "Front sheet", marking_front, front_title)] + [
        (p.pdf, p.shown, p.marking, p.title) for p in parts
    ]
    facts = _every_source(lambda source: source_facts(source[0], source[1]), sources)
    placements = paginate((f.pages for f in facts), duplex, first_page)
    markings: list[str] = []
    problems: list[Problem] = []
    bookmarks: list[_Bookmark] = []
    item_marks: dict[int, _Bookmark] = {}
    pdf = collation.pdf
    for index, (known, (path, shown, marking, title), placement) in enumerate(
        zip(facts, sources, placements, strict=True)
    ):
        offset = len(pdf.pages)
        try:
            collation.add(path, shown, title)
        except AgendapackError as exc:  # said with the rest's, once every part is tried
            problems.extend(exc.problems)
            continue
        markings.extend([marking] * placement.pages)
        for _ in range(placement.padding):
            stamper.blank_page(*A4)
            markings.append(marking)
            collation.origins.append(None)
        if index == 0:
            bookmarks.append(_Bookmark(front_title, 0))
            continue
        part = parts[index - 1]
        siblings = bookmarks
        if part.item is not None:
            if part.item not in item_marks:
                item_marks[part.item] = _Bookmark(part.item_title, offset)
                bookmarks.append(item_marks[part.item])
            siblings = item_marks[part.item].children
        entry = _Bookmark(part.title, offset)
        siblings.append(entry)
        entry.children.extend(_source_outline(known.bookmarks, offset))
    if problems:
        raise DocumentError(*problems)
    widths = Widths()
    pages = zip(pdf.pages, markings, collation.origins, strict=True)
    for number, (page, marking, origin) in enumerate(pages, first_page):
        if enlarge_for_stamp(page, text_width(f"Page {number}", STAMP_SIZE)):
            pass  # its content is above the band it was given
        elif origin not in collation.memo.band_clear:
            _make_room(pdf, page, f"Page {number}", widths, origin, collation.memo)
        lines = [(f"Page {number}", STAMP_SIZE, False)]
        if marking:
            lines.append((marking, 9.0, True))
        stamper.stamp(page, lines)
    collation.write(out, info, bookmarks, first_page)
    if warnings is not None:
        for shown, numbers in collation.untagged_content.items():
            listed = ", ".join(str(n) for n in numbers)
            warnings.append(
                Problem.warning(
                    shown,
                    f"page{'s' * (len(numbers) > 1)} {listed} "
                    f"{'have' if len(numbers) > 1 else 'has'} text or images outside the "
                    "document's accessibility tags, which a screen reader may skip",
                    advice="ask its author for an accessible version",
                )
            )
        for shown, unread in collation.unread.items():
            for number, why in unread:
                warnings.append(
                    Problem.warning(
                        shown,
                        f"page {number} cannot be read by a screen reader: {why}; the pack "
                        "describes it as a page whose text could not be read",
                        advice="ask its author for a version with real text",
                    )
                )
    return placements[1:]


def _every_source(
    read: Callable[[tuple[Path, str, str, str]], SourceFacts],
    sources: list[tuple[Path, str, str, str]],
) -> list[SourceFacts]:
    """What `read` says of every source, or one error with every source's problems."""
    facts: list[SourceFacts] = []
    problems: list[Problem] = []
    for source in sources:
        try:
            facts.append(read(source))
        except AgendapackError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DocumentError(*problems)
    return facts


def _make_room(
    pdf: pikepdf.Pdf,
    page: pikepdf.Page,
    stamp: str,
    widths: Widths,
    origin: str | None = None,
    memo: PageMemo | None = None,
) -> None:
    """Shrink the page's own content above the stamp's band when it reaches into it, so the
    stamp never covers it (a form's footer box); a page clear of the band is left as it is.
    A page from a file named by its content is checked against the widest stamp a pack
    has, so that what is remembered holds whatever page number it gets next time."""
    if origin and memo is not None:
        wide = stamp_band(page, text_width(WIDEST_STAMP, STAMP_SIZE), STAMP_SIZE, STAMP_MARGIN)
        if not band_is_used(page, wide, widths):
            memo.band_clear.add(origin)
            return
    band = stamp_band(page, text_width(stamp, STAMP_SIZE), STAMP_SIZE, STAMP_MARGIN)
    if band_is_used(page, band, widths):
        fit_above(pdf, page, fitting_transform(page, band_reach(STAMP_SIZE, STAMP_MARGIN)))


@quietly
def write_document(
    paper: Path, shown: str, out: IO[bytes], info: PackInfo, memo: PageMemo | None = None
) -> None:
    """An untagged paper alone, as the pack has it without its stamps and front sheet: its
    pages tagged from their layout (the analyses the pack's collation kept in `memo`,
    read again from no page), its annotations tagged, its standard fonts embedded, its own
    bookmarks kept. A paper downloaded alone from the meeting's page is then as readable
    as in the pack."""
    facts = source_facts(paper, shown)
    collation = _Collation(info.contact, memo)
    collation.add(paper, shown, info.title, pass_on=True)  # the pack's collation is next
    collation.write(out, info, _source_outline(facts.bookmarks, 0) or None)


def write_front_sheet(front: Path, out: IO[bytes], info: PackInfo) -> None:
    """The front sheet alone, tagged as the pack is, with the pack's kind of metadata and
    none of LibreOffice's dates, so that the same agenda gives the same file."""
    source_facts(front, "the front sheet")
    collation = _Collation(info.contact)
    collation.add(front, "the front sheet", "Agenda")
    collation.write(out, info, None)
