"""PDFs to a pack: padding, page ranges, "Page N" stamps, bookmarks, labels, metadata.

The page arithmetic (`paginate`) is pure. `write_pack` appends each source PDF untouched
(text, fonts, links kept; nothing rasterised) and adds to every page one small content
stream that draws its stamp in a shared standard font, placed at the bottom centre of the
page as a reader sees it, whatever its /Rotate or media box.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    TextStringObject,
)

from agendapack.documents.pdf import FONT_NAME, open_pdf, pdf_string, standard_font, text_width

BLANK_TEXT = "This page is intentionally left blank"
A4 = (595.28, 841.89)
STAMP_SIZE = 10.0
STAMP_MARGIN = 18.0  # points from the visual bottom edge to the stamp's baseline


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


def paginate(page_counts: Iterable[int], duplex: bool) -> list[Placement]:
    """Place parts one after another; with duplex, pad each to an even length so that the
    next starts on an odd (right-hand) page."""
    placements = []
    page = 1
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


def _visible_box(page) -> tuple[float, float, float, float]:
    box = page.cropbox if "/CropBox" in page else page.mediabox
    return float(box.left), float(box.bottom), float(box.right), float(box.top)


def _placed(page, text: str, size: float, at_top: bool) -> str:
    """The operators drawing `text` centred at the visual bottom (or top) of the page.

    The text matrix turns with /Rotate so the text reads upright as displayed: for a page
    shown turned 90 degrees clockwise, the visual bottom is the right edge of its space.
    """
    x0, y0, x1, y1 = _visible_box(page)
    rotate = page.rotation % 360
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
    return f"BT {FONT_NAME} {size:g} Tf {numbers} Tm {pdf_string(text)} Tj ET"


class _Stamper:
    """Adds stamps to pages, sharing one font object and one q/Q pair across the pack."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.font = writer._add_object(standard_font())
        self.save = self._stream(b"q")
        self.restore = self._stream(b"Q")

    def _stream(self, data: bytes) -> PdfObject:
        stream = DecodedStreamObject()
        stream.set_data(data)
        return self.writer._add_object(stream)

    def stamp(self, page, lines: list[tuple[str, float, bool]]) -> None:
        """Draw each (text, size, at_top) on the page above its own content."""
        operators = "0 g\n" + "\n".join(_placed(page, t, s, top) for t, s, top in lines)
        contents = page.get("/Contents")
        original: list[PdfObject] = []
        if contents is not None:
            resolved = contents.get_object()
            original = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
        # The source's content may leave the graphics state changed (a transform, a colour):
        # wrap it in q/Q so the stamp is drawn in the page's plain coordinate space.
        page[NameObject("/Contents")] = ArrayObject(
            [self.save, *original, self.restore, self._stream(operators.encode("latin-1"))]
        )
        resources = page.get("/Resources")
        if resources is None:
            resources = DictionaryObject()
            page[NameObject("/Resources")] = resources
        resources = resources.get_object()
        fonts = resources.get("/Font")
        if fonts is None:
            fonts = DictionaryObject()
            resources[NameObject("/Font")] = fonts
        fonts.get_object()[NameObject(FONT_NAME)] = self.font

    def blank_page(self, width: float, height: float):
        page = self.writer.add_blank_page(width, height)
        text_size = 12.0
        line = (
            f"BT {FONT_NAME} {text_size:g} Tf "
            f"{(width - text_width(BLANK_TEXT, text_size)) / 2:.2f} {height / 2:.2f} Td "
            f"{pdf_string(BLANK_TEXT)} Tj ET"
        )
        page[NameObject("/Contents")] = self._stream(line.encode("latin-1"))
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject(FONT_NAME): self.font})}
        )
        return page


# -- writing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PackInfo:
    """What the pack's metadata says about it."""

    title: str
    author: str
    subject: str = ""
    date: dt.datetime | None = None  # from the inputs, never the clock


def _copy_outline(writer: PdfWriter, reader: PdfReader, outline: list, offset: int, parent) -> None:
    """The source's own bookmarks, under its entry in the pack's outline."""
    last = None
    for entry in outline:
        if isinstance(entry, list):
            if last is not None:
                _copy_outline(writer, reader, entry, offset, last)
            continue
        try:
            number = reader.get_destination_page_number(entry)
            title = str(entry.title or "")
        except Exception:  # a bookmark to nowhere: leave it out rather than fail
            continue
        if number is None or number < 0:
            continue
        last = writer.add_outline_item(title=title, page_number=offset + number, parent=parent)


def write_pack(
    front: Path,
    parts: list[Part],
    out: IO[bytes],
    info: PackInfo,
    *,
    duplex: bool,
    marking_front: str = "",
) -> list[Placement]:
    """Collate the front sheet and parts into `out`; returns where each part went."""
    writer = PdfWriter()
    stamper = _Stamper(writer)
    sources = [(front, "Front sheet", marking_front)] + [(p.pdf, p.shown, p.marking) for p in parts]
    readers = [open_pdf(path, shown) for path, shown, _ in sources]
    placements = paginate((len(r.pages) for r in readers), duplex)
    markings: list[str] = []
    outline_items: dict[int, IndirectObject] = {}
    for index, (reader, (_, _, marking), placement) in enumerate(
        zip(readers, sources, placements, strict=True)
    ):
        offset = len(writer.pages)
        writer.append(reader, import_outline=False)
        markings.extend([marking] * placement.pages)
        for _ in range(placement.padding):
            stamper.blank_page(*A4)
            markings.append(marking)
        if index == 0:
            writer.add_outline_item(title="Agenda", page_number=0)
            continue
        part = parts[index - 1]
        parent = None
        if part.item is not None:
            if part.item not in outline_items:
                outline_items[part.item] = writer.add_outline_item(
                    title=part.item_title, page_number=offset
                )
            parent = outline_items[part.item]
        entry = writer.add_outline_item(title=part.title, page_number=offset, parent=parent)
        if reader.outline:
            _copy_outline(writer, reader, reader.outline, offset, entry)
    for number, (page, marking) in enumerate(zip(writer.pages, markings, strict=True), 1):
        lines = [(f"Page {number}", STAMP_SIZE, False)]
        if marking:
            lines.append((marking, 9.0, True))
        stamper.stamp(page, lines)
    writer.set_page_label(0, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL, start=1)
    _finish(writer, info, out, outline=True)
    return placements[1:]


def write_front_sheet(front: Path, out: IO[bytes], info: PackInfo) -> None:
    """The front sheet alone, with the pack's kind of metadata and none of LibreOffice's
    dates, so that the same agenda gives the same file."""
    writer = PdfWriter()
    writer.append(open_pdf(front, "the front sheet"), import_outline=False)
    _finish(writer, info, out, outline=False)


def _finish(writer: PdfWriter, info: PackInfo, out: IO[bytes], *, outline: bool) -> None:
    """Title, author, language and viewer preferences; then write it, compacted."""
    metadata = {"/Title": info.title, "/Author": info.author, "/Producer": "agendapack"}
    if info.subject:
        metadata["/Subject"] = info.subject
    if info.date:
        stamp = info.date.strftime("D:%Y%m%d%H%M%S")
        metadata["/CreationDate"] = stamp
        metadata["/ModDate"] = stamp
    writer.add_metadata(metadata)
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject("en-GB")
    if outline:
        root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    writer.compress_identical_objects()
    writer.write(out)
