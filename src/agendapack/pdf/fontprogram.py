"""An embedded TrueType program made to agree with the PDF's description of it, where
nothing a page shows or reads changes (PDF/UA-1 7.21.5, 7.21.6).

A reader lays a page out with the PDF's widths (/Widths, /W): a program whose advance
widths disagree draws the same page, but PDF/UA-1 fails it. The program's advances are
set to the PDF's, for the glyphs the PDF gives a width.

A nonsymbolic TrueType font names its codes' glyphs by its encoding (ISO 32000-1,
9.6.6.4); a reader finds them in the program's Microsoft Unicode (3,1) `cmap`, or else in
its Macintosh Roman (1,0) one. PDF/UA-1 asks for the (3,1) one: it is added, each of the
encoding's names mapped by its Unicode to the glyph the (1,0) subtable (or the glyph's own
name) gives the code now, so every code draws the glyph it drew.

A program fontTools cannot read, or that would need a guess, is left as it is.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from agendapack.pdf.fonts import glyph_names

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

# A width within this of the PDF's, in thousandths of the em, is the same width: the
# validator's own tolerance, and less than a pixel at any size a page is read at.
_TOLERANCE = 1.0
_SYMBOLIC = 1 << 2
_NONSYMBOLIC = 1 << 5


def mend_font_programs(pdf: pikepdf.Pdf) -> int:
    """Make each embedded TrueType program of `pdf` agree with its font's widths and, in a
    nonsymbolic font, map its encoding's Unicode; how many programs changed. A program
    shared by fonts that ask different things of a glyph is left as it is."""
    changes: dict[tuple[int, int], _Program] = {}
    for font in _fonts(pdf):
        found = _program(font)
        if found is None:
            continue
        stream, flags = found
        key = stream.objgen
        program = changes.get(key)
        if program is None:
            program = changes[key] = _Program(stream)
        if program.font is None:
            continue
        if font.get("/Subtype") == Name.TrueType:
            program.simple_font(font, flags)
        else:
            program.cid_font(font)
    return sum(program.write() for program in changes.values())


def _fonts(pdf: pikepdf.Pdf) -> list[Dictionary]:
    """Every simple TrueType font and every TrueType CID font in the file."""
    found = []
    for item in pdf.objects:
        if not isinstance(item, Dictionary) or "/FontDescriptor" not in item:
            continue
        if item.get("/Subtype") in (Name.TrueType, Name.CIDFontType2):
            found.append(item)
    return found


def _program(font: Dictionary) -> tuple[pikepdf.Stream, int] | None:
    descriptor = font.get("/FontDescriptor")
    if not isinstance(descriptor, Dictionary):
        return None
    stream = descriptor.get("/FontFile2")
    if not isinstance(stream, pikepdf.Stream) or not stream.is_indirect:
        return None
    try:
        flags = int(descriptor.get("/Flags", 0))
    except (TypeError, ValueError):
        flags = 0
    return stream, flags


def _number(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


class _Program:
    """One embedded TrueType program, read once, and what its fonts ask of it."""

    def __init__(self, stream: pikepdf.Stream) -> None:
        self.stream = stream
        self.font: TTFont | None = None
        self.widths: dict[str, set[int]] = {}  # the advances a glyph's fonts give it
        self.unicode: dict[int, str] | None = None  # the (3,1) subtable to add
        self.guessed = False  # its fonts' encodings disagree: no (3,1) subtable made
        try:
            from fontTools.ttLib import TTFont

            logging.getLogger("fontTools").setLevel(logging.ERROR)
            font = TTFont(
                io.BytesIO(stream.read_bytes()), recalcBBoxes=False, recalcTimestamp=False
            )
            if not {"cmap", "hmtx", "head", "hhea"} <= set(font.keys()):
                return
            font.getGlyphOrder()
            # read now, so that a broken table leaves the program alone
            font["hmtx"]  # noqa: B018
            font["cmap"]  # noqa: B018
        except Exception:  # noqa: BLE001 (any program fontTools cannot read is left alone)
            return
        self.font = font

    # -- what a font asks -------------------------------------------------------------
    def _ask_width(self, glyph: str, width: float) -> None:
        # every font's width is kept, agreeing or not: a program two fonts share is
        # changed only where they all ask the same of it
        assert self.font is not None
        units = self.font["head"].unitsPerEm
        self.widths.setdefault(glyph, set()).add(round(width * units / 1000))

    def simple_font(self, font: Dictionary, flags: int) -> None:
        """A simple TrueType font: each code's glyph as a reader finds it now, its width,
        and in a nonsymbolic font the (3,1) subtable its encoding's names make."""
        assert self.font is not None
        glyphs = self._simple_glyphs(font, flags)
        first = _number(font.get("/FirstChar", 0))
        widths = font.get("/Widths")
        if first is not None and isinstance(widths, Array):
            for number, value in enumerate(widths):
                width = _number(value)
                glyph = glyphs.get(int(first) + number)
                # a width of 0 is the PDF's for a code it does not draw (a subset's
                # /Widths pads them): no glyph is made to agree with it
                if glyph and glyph != ".notdef" and width:
                    self._ask_width(glyph, width)

    def _simple_glyphs(self, font: Dictionary, flags: int) -> dict[int, str]:
        """Each code's glyph in the program, as a reader finds it (ISO 32000-1, 9.6.6.4)."""
        from fontTools.agl import toUnicode

        assert self.font is not None
        table = self.font["cmap"]
        windows = table.getcmap(3, 1)
        mac = table.getcmap(1, 0)
        if flags & _SYMBOLIC or not flags & _NONSYMBOLIC:
            # a symbolic font's codes are the program's own: (3,0) at 0xF000 on, or (1,0)
            chosen = table.getcmap(3, 0) or mac or windows
            if chosen is None:
                return {}
            return {
                code: found
                for code in range(256)
                if (found := chosen.cmap.get(0xF000 + code) or chosen.cmap.get(code))
            }
        if windows is not None:
            # a (3,1) subtable already: each name's character in it, and nothing added
            return {
                code: found
                for code, name in (glyph_names(font) or {}).items()
                if len(text := toUnicode(name)) == 1 and (found := windows.cmap.get(ord(text)))
            }
        named = glyph_names(font)
        if named is None:
            return {}
        names = named
        order = set(self.font.getGlyphOrder())
        mac_codes = _mac_roman_codes()
        glyphs: dict[int, str] = {}
        for code, name in names.items():
            glyph: str | None = None
            if mac is not None and name in mac_codes:
                glyph = mac.cmap.get(mac_codes[name])
            if glyph is None and name in order and name != ".notdef":
                glyph = name  # the program's post table names it
            if glyph is not None:
                glyphs[code] = glyph
        if windows is None and not self.guessed:
            added = dict(self.unicode or {})
            for code, glyph in glyphs.items():
                text = toUnicode(names[code])
                if len(text) == 1 and added.setdefault(ord(text), glyph) != glyph:
                    # two glyphs for one character: the map would be a guess, not made
                    self.guessed, self.unicode = True, None
                    return glyphs
            self.unicode = added
        return glyphs

    def cid_font(self, font: Dictionary) -> None:
        """A TrueType CID font: each CID of /W, its glyph by /CIDToGIDMap, its width."""
        assert self.font is not None
        mapping = font.get("/CIDToGIDMap", Name.Identity)
        order = self.font.getGlyphOrder()
        gids: bytes | None = None
        if isinstance(mapping, pikepdf.Stream):
            try:
                gids = mapping.read_bytes()
            except pikepdf.PdfError:
                return
        elif mapping != Name.Identity:
            return
        for cid, width in _cid_widths(font.get("/W")).items():
            gid = cid if gids is None else int.from_bytes(gids[2 * cid : 2 * cid + 2], "big")
            if 0 < gid < len(order) and (gids is None or 2 * cid + 2 <= len(gids)):
                self._ask_width(order[gid], width)

    # -- the program written ----------------------------------------------------------
    def write(self) -> bool:
        """Write the program again if its fonts asked anything of it; whether it did."""
        if self.font is None:
            return False
        units = self.font["head"].unitsPerEm
        metrics = self.font["hmtx"].metrics
        widths = {
            glyph: advance
            for glyph, asked in self.widths.items()
            if len(asked) == 1
            and abs(((advance := next(iter(asked))) - metrics[glyph][0]) * 1000 / units)
            > _TOLERANCE
        }
        if not widths and not self.unicode:
            return False
        from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

        for glyph, advance in widths.items():
            metrics[glyph] = (advance, metrics[glyph][1])
        if widths:
            self.font["hhea"].advanceWidthMax = max(a for a, _ in metrics.values())
            if "hdmx" in self.font:  # each size's advances, cached: now out of date
                del self.font["hdmx"]
        if self.unicode:
            subtable = CmapSubtable.newSubtable(4)
            subtable.platformID, subtable.platEncID, subtable.language = 3, 1, 0
            subtable.cmap = dict(self.unicode)
            self.font["cmap"].tables.append(subtable)
            self.font["cmap"].tables.sort(key=lambda t: (t.platformID, t.platEncID, t.language))
        buffer = io.BytesIO()
        try:
            self.font.save(buffer)
        except Exception:  # noqa: BLE001 (a program fontTools cannot write is left alone)
            return False
        data = buffer.getvalue()
        self.stream.write(data)
        self.stream.Length1 = len(data)
        return True


def _cid_widths(spec: object) -> dict[int, float]:
    """The widths /W gives, by CID (ISO 32000-1, 9.7.4.3)."""
    widths: dict[int, float] = {}
    if not isinstance(spec, Array):
        return widths
    items: list[Any] = list(spec)
    at = 0
    while at + 1 < len(items):
        first = _number(items[at])
        if first is None:
            break
        if isinstance(items[at + 1], Array):
            for number, value in enumerate(items[at + 1]):
                if (width := _number(value)) is not None:
                    widths[int(first) + number] = width
            at += 2
        elif at + 2 < len(items):
            last, width = _number(items[at + 1]), _number(items[at + 2])
            if last is None or width is None or last - first > 65535:
                break
            for cid in range(int(first), int(last) + 1):
                widths[cid] = width
            at += 3
        else:
            break
    return widths


def _mac_roman_codes() -> dict[str, int]:
    """Each Latin glyph name's code in MacRomanEncoding (ISO 32000-1, Annex D.2)."""
    from pdfminer.latin_enc import ENCODING

    return {str(row[0]): int(row[2]) for row in ENCODING if isinstance(row[2], int)}
