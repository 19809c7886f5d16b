"""Tags for an untagged page, from its layout: its words become the structure's content.

A page is read twice. Poppler (`pdftotext -bbox-layout`, one process for a document) says
where its lines of words are, as it shows them; the page's own content stream, followed
here operator by operator (the text matrix, the fonts' widths, the transforms), says
where each text-showing operator, picture and path is drawn. Each text operator goes to
the line it draws in, each line to a unit of `page_layout` (a paragraph, a heading, a
list item, a table cell, a running header), and the page's content is written again with
every text operator inside a marked-content sequence whose MCID the structure element of
its unit holds (ISO 32000-1, 14.7.4), and every path, background and running header
inside an /Artifact (PDF/UA-1, 7.1). The structure tree gives the reading order; the
stream's order does not matter.

What a page comes to (its units, and where each operator goes) is kept in a file named by
the hash of the page's content, fonts and boxes, so a rebuild never reads a page twice.
What cannot be followed falls back: a page whose layout the analysis fails on is one
paragraph in stream order. A page poppler reads no words on is tagged for what it is
(`_without_words`): blank, its pictures, a drawing, text in an Asian font poppler lacks
the tables for. Only a page qpdf cannot read whole, or that no reader can read (glyphs
with no map to letters, a scan OCR did not read), stays one figure
(`structure.Tree.add_untagged`), and the build names it.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from agendapack.pdf import content
from agendapack.pdf.band import operator_name
from agendapack.pdf.forms import FIELD_DRAWING
from agendapack.pdf.matrix import IDENTITY, Matrix, apply, multiply
from agendapack.pdf.ocr import IMAGE_SHARE, SCAN_SHARE
from agendapack.pdf.page_layout import Line, Unit, is_list_item, page_units
from agendapack.pdf.spacing import SPACE_FONT, Spacer, TextState, ends_in_space
from agendapack.pdf.widths import Font, show_operands

# Bump when a page would be analysed differently, so that no analysis kept before is trusted.
# 8: pages with no words poppler reads: blank, pictures, drawings, CJK text, vertical text
# 9: and right-to-left lines drawn in their reading order
# 10: word breaks between the runs of a page read in stream order; a margin's row of
# numbers side by side (a chart's axis) read as the body's (page_layout.page_units); a run
# that runs off the page found by its start; a table's heading set apart from its
# figures in their column (page_layout._headed)
# 11: a page whose text is drawn turned (running down, up or upside down, with no /Rotate)
# laid out as a reader turning it sees it (_Turn)
CACHE_VERSION = "11"
_SHOW = {"Tj", "TJ", "'", '"'}
# What may sit between two text operators of one marked-content sequence: text state,
# positioning and colour (no q/Q, which may not cross a sequence's end).
_KEEP_OPEN = {
    *("Tc", "Tw", "Tz", "TL", "Tf", "Tr", "Ts", "Td", "TD", "Tm", "T*"),
    *("g", "G", "rg", "RG", "k", "K", "cs", "CS", "sc", "SC", "scn", "SCN", "gs", "ri", "i"),
    *("w", "J", "j", "M", "d"),
}
_PATH_START = {"m", "re"}
_PATH_GOES_ON = {"m", "re", "l", "c", "v", "y", "h", "W", "W*"}
_PATH_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}
_MARKS = {"BDC", "BMC", "EMC", "MP", "DP"}
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|folio|p\.)\s*)?[-\u2013(]?\s*#\s*[-\u2013)]?(?:\s*(?:of|/)\s*#)?$"
)


# -- reading a document's lines with poppler ------------------------------------------

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_LINE = re.compile(
    r'<line xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</line>', re.S
)
_WORD = re.compile(r"<word [^>]*>([^<]*)</word>")


@dataclass(frozen=True)
class PageLines:
    width: float
    height: float
    lines: list[Line]


def read_lines(
    path: Path, first: int = 1, last: int = 0, timeout: float = 120
) -> list[PageLines] | None:
    """The lines of words of pages `first` to `last` (1-based; 0: to the end) as poppler
    reads them, or None if poppler cannot."""
    pages = ["-f", str(first)] + (["-l", str(last)] if last else [])
    try:
        done = subprocess.run(
            ["pdftotext", "-q", "-bbox-layout", *pages, str(path), "-"],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return parse_lines(done.stdout.decode("utf-8", "replace"))


def parse_lines(xhtml: str) -> list[PageLines]:
    pages = []
    for page in _PAGE.finditer(xhtml):
        lines = []
        for line in _LINE.finditer(page.group(3)):
            text = " ".join(_WORD.findall(line.group(5)))
            if "&" in text:
                text = html.unescape(text)
            box = (float(line[1]), float(line[2]), float(line[3]), float(line[4]))
            if text.strip():
                lines.append(Line(box, text))
        pages.append(PageLines(float(page[1]), float(page[2]), lines))
    return pages


# -- a page's content, followed -------------------------------------------------------

# (the instruction as written, its operator, its operands as written)
Instruction = tuple[str, str, str]


def page_instructions(pdf: pikepdf.Pdf, page: pikepdf.Page) -> list[Instruction] | None:
    """The page's content as instructions, quickly where `content` follows it, else by
    pikepdf; None where qpdf cannot read it whole (written again, it would lose the rest)."""
    quick = content.instructions(page)
    if quick is not None:
        return [(operands + operator, operator, operands) for operands, operator, _ in quick]
    pdf.get_warnings()  # taken, and so cleared: what follows is this reading's alone
    try:
        contents = page.obj.get("/Contents")
        if isinstance(contents, pikepdf.Array):  # joined as a reader joins them, not as qpdf
            parsed = pikepdf.parse_content_stream(pdf.make_stream(content.content_bytes(page)))
        else:
            parsed = pikepdf.parse_content_stream(page)
    except Exception:
        return None
    if pdf.get_warnings():
        return None
    found: list[Instruction] = []
    for instruction in parsed:
        written = pikepdf.unparse_content_stream([instruction]).decode("latin-1")
        # each on a line of its own: unparsed alone, an instruction ends at its operator
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            found.append((written + "\n", "BI", ""))
        else:
            operator = operator_name(instruction)
            found.append((written + "\n", operator, written[: len(written) - len(operator)]))
    return found


@dataclass
class Drawn:
    """What one instruction draws: text (at a point, in a font), a picture, a form's
    text, or something else (a path, a shading) that is never read."""

    kind: str  # "text", "picture", "form"
    index: int
    point: tuple[float, float] = (0.0, 0.0)  # text: the middle of its run, as poppler shows it
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # picture, form
    bold: bool = False
    # text: where its run starts and ends, its letters' size, and whether it ends in a space
    start: tuple[float, float] = (0.0, 0.0)
    end: tuple[float, float] = (0.0, 0.0)
    size: float = 0.0
    spaced: bool = False
    # text: written top to bottom (a vertical CMap, Identity-V); and whether a reader maps
    # its codes to Unicode: "" yes (a ToUnicode map, or glyph names), "cjk" by the Adobe
    # character collection it names (poppler only with its poppler-data package), "none"
    # not at all
    vertical: bool = False
    mapped: str = ""
    blank: bool = False  # text: nothing but spaces, by its codes
    # text: its font, and its size and spacings in text space (to draw it again reversed)
    font: Font | None = None
    spacing: tuple[float, float, float] = (0.0, 0.0, 0.0)  # size, character, word


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    font: Font | None = None
    size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0

    def copy(self) -> _State:
        return _State(**self.__dict__)


def _shown(page: pikepdf.Page) -> Matrix:
    """User space to poppler's: points from the top left of the media box (pdftotext's
    box, whatever the crop box), turned as the page is shown."""
    box = [float(v) for v in page.mediabox]
    x0, y0, x1, y1 = (
        min(box[0], box[2]),
        min(box[1], box[3]),
        max(box[0], box[2]),
        max(box[1], box[3]),
    )
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    if rotate == 90:
        return (0.0, 1.0, 1.0, 0.0, -y0, -x0)
    if rotate == 180:
        return (-1.0, 0.0, 0.0, 1.0, x1, -y0)
    if rotate == 270:
        return (0.0, -1.0, -1.0, 0.0, y1, x1)
    return (1.0, 0.0, 0.0, -1.0, -x0, y1)


def _box(
    matrix: Matrix, box: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    corners = [apply(matrix, x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


def follow(
    page: pikepdf.Page,
    instructions: list[Instruction],
    fonts_read: dict[tuple[int, int], Font] | None = None,
) -> list[Drawn]:
    """Where the page draws each text run, picture and form that holds text. `fonts_read`:
    the fonts already read, by object, shared by a document's pages."""
    if fonts_read is None:
        fonts_read = {}
    resources = page.obj.get("/Resources")
    fonts = resources.get("/Font") if isinstance(resources, Dictionary) else None
    xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
    known: dict[str, Font] = {}
    readings: dict[str, tuple[bool, str]] = {}  # a font's name -> (vertical, mapped)
    reading = (False, "")
    state, stack = _State(ctm=_shown(page)), []
    text = line = IDENTITY
    drawn: list[Drawn] = []
    for index, (_, operator, operands) in enumerate(instructions):
        if operator in _SHOW:
            items = show_operands(operands)
            if operator == '"' and len(items) >= 3:
                state.word_spacing, state.char_spacing = float(items[0]), float(items[1])
            if operator in ("'", '"'):
                line = multiply((1, 0, 0, 1, 0, -state.leading), line)
                text = line
            font = state.font or Font(None)
            vertical, mapped = reading
            advance = 0.0
            for item in items if operator == "TJ" else items[-1:]:
                if isinstance(item, bytes):
                    if vertical:  # each glyph a whole em down (the default /DW2)
                        advance += (len(item) // 2) * (state.size + state.char_spacing)
                    else:
                        advance += font.advance(
                            item, state.char_spacing, state.word_spacing, state.size
                        )
                elif operator == "TJ":
                    advance -= item / 1000 * state.size
            rendering = multiply(text, state.ctm)
            strings = [item for item in items if isinstance(item, bytes)]
            size = abs(state.size) * math.hypot(rendering[2], rendering[3])
            # spaces, by a one-byte font's codes (a composite font's are glyph ids)
            blank = not font.two_bytes and all(not s.strip(b" \t\r\n\x00") for s in strings)
            if vertical:  # down the column, whose middle is the text position
                drawn.append(
                    Drawn(
                        "text",
                        index,
                        apply(rendering, 0, -advance / 2),
                        bold=font.bold,
                        start=apply(rendering, 0, 0),
                        end=apply(rendering, 0, -advance),
                        size=size,
                        vertical=True,
                        mapped=mapped,
                        blank=blank,
                    )
                )
                text = multiply((1, 0, 0, 1, 0, -advance), text)
                continue
            advance *= state.scale
            lift = state.rise + 0.3 * state.size
            drawn.append(
                Drawn(
                    "text",
                    index,
                    apply(rendering, advance / 2, lift),
                    bold=font.bold,
                    start=apply(rendering, 0, lift),
                    end=apply(rendering, advance, lift),
                    size=size,
                    spaced=bool(strings) and not font.two_bytes and strings[-1][-1:] == b" ",
                    mapped=mapped,
                    blank=blank,
                    font=font,
                    spacing=(state.size, state.char_spacing, state.word_spacing),
                )
            )
            text = multiply((1, 0, 0, 1, advance, 0), text)
        elif operator == "Tf":
            words = operands.split()
            if len(words) >= 2:
                name = words[-2]
                if name not in known:
                    entry = fonts.get(name) if isinstance(fonts, Dictionary) else None
                    if isinstance(entry, Dictionary) and entry.is_indirect:
                        if entry.objgen not in fonts_read:
                            fonts_read[entry.objgen] = Font(entry)
                        known[name] = fonts_read[entry.objgen]
                    else:
                        known[name] = Font(entry)
                state.font = known[name]
                state.size = content.number(words[-1])
                if name not in readings:
                    readings[name] = font_reading(
                        fonts.get(name) if isinstance(fonts, Dictionary) else None
                    )
                reading = readings[name]
        elif operator in ("Td", "TD"):
            tx, ty = _numbers(operands, 2)
            if operator == "TD":
                state.leading = -ty
            line = multiply((1, 0, 0, 1, tx, ty), line)
            text = line
        elif operator == "Tm":
            values = _numbers(operands, 6)
            line = text = (values[0], values[1], values[2], values[3], values[4], values[5])
        elif operator == "T*":
            line = multiply((1, 0, 0, 1, 0, -state.leading), line)
            text = line
        elif operator == "BT":
            text = line = IDENTITY
        elif operator == "Tc":
            state.char_spacing = _numbers(operands, 1)[0]
        elif operator == "Tw":
            state.word_spacing = _numbers(operands, 1)[0]
        elif operator == "Tz":
            state.scale = _numbers(operands, 1)[0] / 100
        elif operator == "TL":
            state.leading = _numbers(operands, 1)[0]
        elif operator == "Ts":
            state.rise = _numbers(operands, 1)[0]
        elif operator == "cm":
            values = _numbers(operands, 6)
            state.ctm = multiply(
                (values[0], values[1], values[2], values[3], values[4], values[5]), state.ctm
            )
        elif operator == "q":
            stack.append(state.copy())
        elif operator == "Q":
            if stack:
                state = stack.pop()
        elif operator == "BI":
            drawn.append(Drawn("picture", index, box=_box(state.ctm, (0, 0, 1, 1))))
        elif operator == "Do":
            name = operands.split()[-1] if operands.split() else ""
            xobject = xobjects.get(name) if isinstance(xobjects, Dictionary) else None
            if not isinstance(xobject, pikepdf.Stream):
                continue
            if xobject.get("/Subtype") == Name.Image:
                drawn.append(Drawn("picture", index, box=_box(state.ctm, (0, 0, 1, 1))))
                continue
            if xobject.get("/Subtype") != Name.Form:
                continue
            holds_text = _holds_text(xobject)
            if holds_text or _holds_picture(xobject):
                matrix = xobject.get("/Matrix")
                form = (
                    tuple(float(v) for v in matrix)
                    if isinstance(matrix, Array) and len(matrix) == 6
                    else IDENTITY
                )
                bbox = xobject.get("/BBox")
                corners = (
                    [float(v) for v in bbox]
                    if isinstance(bbox, Array) and len(bbox) == 4
                    else [0, 0, 0, 0]
                )
                outline = (
                    min(corners[0::2]),
                    min(corners[1::2]),
                    max(corners[0::2]),
                    max(corners[1::2]),
                )
                # a form of pictures and no words (a button's icon drawn into the page,
                # a logo kept as a form) is a picture to a reader, not a drawing
                kind = "form" if holds_text else "picture"
                drawn.append(Drawn(kind, index, box=_box(multiply(form, state.ctm), outline)))  # type: ignore[arg-type]
    return drawn


# The character collections of Adobe's CJK fonts: a reader maps their CIDs to Unicode by
# its own tables (poppler by the poppler-data package), with no map in the PDF.
_CJK_ORDERINGS = {"Japan1", "GB1", "CNS1", "Korea1", "KR"}


def font_reading(font: object) -> tuple[bool, str]:
    """Whether a font writes top to bottom (a vertical CMap: WMode 1, a name ending in
    -V), and how a reader maps its codes to Unicode: "map" by its /ToUnicode, "names" by
    its encoding's glyph names (a simple font), "cjk" by an Adobe CJK character
    collection's tables, "none" by nothing (a composite font's glyph ids)."""
    if not isinstance(font, Dictionary):
        return False, "names"
    vertical = False
    encoding = font.get("/Encoding")
    if font.get("/Subtype") == Name.Type0:
        if isinstance(encoding, Name):
            vertical = str(encoding).endswith("-V")
        elif isinstance(encoding, pikepdf.Stream):
            vertical = int(encoding.get("/WMode", 0)) == 1
    if "/ToUnicode" in font:
        return vertical, "map"
    if font.get("/Subtype") != Name.Type0:
        return vertical, "names"
    kids = font.get("/DescendantFonts")
    kid = kids[0] if isinstance(kids, Array) and len(kids) else None
    info = kid.get("/CIDSystemInfo") if isinstance(kid, Dictionary) else None
    if isinstance(info, Dictionary):
        registry, ordering = str(info.get("/Registry", "")), str(info.get("/Ordering", ""))
        if registry == "Adobe" and ordering in _CJK_ORDERINGS:
            return vertical, "cjk"
    return vertical, "none"


_DRAWS_PICTURE = re.compile(rb"(?:^|\s)BI\s")  # an inline image
_DRAWS_TEXT = re.compile(rb"(?:T[Jj]|['\"])[\s\[\]/<(]|(?:T[Jj]|['\"])$")


def _holds_picture(form: pikepdf.Stream) -> bool:
    """Whether a form XObject draws an image, itself or in the forms it draws."""
    return _form_draws(form, _DRAWS_PICTURE, images=True)


def _holds_text(form: pikepdf.Stream) -> bool:
    """Whether a form XObject draws text, itself or in the forms it draws: a signature's
    appearance is often one `/FRM Do`, its words a form or two further in."""
    return _form_draws(form, _DRAWS_TEXT, images=False)


def _form_draws(
    form: pikepdf.Stream, drawing: re.Pattern[bytes], images: bool, depth: int = 0
) -> bool:
    """Whether a form's content, or that of a form it draws (eight deep at most, never
    itself), matches `drawing`; with `images`, or draws an image XObject."""
    try:
        data = form.read_bytes()
    except Exception:
        return False
    if drawing.search(data):
        return True
    resources = form.get("/Resources")
    xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
    if depth >= 8 or not isinstance(xobjects, Dictionary) or b"Do" not in data:
        return False
    for _, inner in xobjects.items():
        if not isinstance(inner, pikepdf.Stream):
            continue
        if images and inner.get("/Subtype") == Name.Image:
            return True
        if (
            inner.get("/Subtype") == Name.Form
            and not (inner.is_indirect and form.is_indirect and inner.objgen == form.objgen)
            and _form_draws(inner, drawing, images, depth + 1)
        ):
            return True
    return False


def _numbers(operands: str, count: int) -> list[float]:
    found = content.numbers(operands, count)
    return found if found is not None else [0.0] * count


# -- a page's analysis, cached --------------------------------------------------------


@dataclass
class PageTags:
    """What a page comes to: its units in reading order (each with what the document's
    roles need of it) and, for each instruction drawing something read, its unit, its
    part of it (an item of a list, a cell of a table: row * columns + column) and its
    place in the unit's reading (line, then across)."""

    units: list[dict[str, Any]] = field(default_factory=list)
    # instruction -> (unit, part, line, across, whether it is set apart from the run before:
    # 0 no, 1 yes, 2 yes and a word break between them)
    targets: dict[int, tuple[int, int, float, float, int]] = field(default_factory=dict)
    text: bool = False  # whether the page has a text layer
    # why the page cannot be read (its text drawn in glyphs no reader maps to Unicode, a
    # scan in strips that OCR did not read): it stays one figure, and the build says so
    unread: str = ""
    # instruction -> the TJ operands that draw its glyphs in reading order (a right-to-left
    # line's run, `reading_order`)
    reordered: dict[int, list[str]] = field(default_factory=dict)

    def dumps(self) -> str:
        return json.dumps(
            {
                "version": CACHE_VERSION,
                "units": self.units,
                "targets": [[i, *t] for i, t in sorted(self.targets.items())],
                "text": self.text,
                "unread": self.unread,
                "reordered": [[i, o] for i, o in sorted(self.reordered.items())],
            },
            separators=(",", ":"),
        )

    @staticmethod
    def loads(data: str) -> PageTags | None:
        try:
            raw = json.loads(data)
            if raw.get("version") != CACHE_VERSION:
                return None
            targets = {
                int(t[0]): (int(t[1]), int(t[2]), float(t[3]), float(t[4]), int(t[5]))
                for t in raw["targets"]
            }
            reordered = {int(i): [str(p) for p in o] for i, o in raw["reordered"]}
            return PageTags(
                list(raw["units"]),
                targets,
                bool(raw["text"]),
                unread=str(raw["unread"]),
                reordered=reordered,
            )
        except (ValueError, KeyError, TypeError, IndexError):
            return None


def page_key(page: pikepdf.Page, instructions: list[Instruction]) -> str:
    """The hash of what the analysis reads of a page: its content, its boxes and turn, its
    fonts' widths and its pictures' kinds."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for written, _, _ in instructions:
        digest.update(written.encode("latin-1", "replace"))
        digest.update(b"\n")
    digest.update(repr([float(v) for v in page.mediabox]).encode())
    digest.update(repr(int(page.obj.get("/Rotate", 0))).encode())
    resources = page.obj.get("/Resources")
    for kind in ("/Font", "/XObject"):
        found = resources.get(kind) if isinstance(resources, Dictionary) else None
        if not isinstance(found, Dictionary):
            continue
        for name in sorted(found.keys()):
            item = found[name]
            digest.update(name.encode("latin-1", "replace"))
            if isinstance(item, pikepdf.Stream):
                digest.update(
                    repr((item.get("/Subtype"), item.get("/BBox"), item.get("/Matrix"))).encode()
                )
                if item.get("/Subtype") == Name.Form:
                    digest.update(hashlib.sha256(item.read_raw_bytes()).digest())
            elif isinstance(item, Dictionary):
                for key in ("/Subtype", "/BaseFont", "/FirstChar", "/Widths", "/FontDescriptor"):
                    value = item.get(key)
                    if isinstance(value, Dictionary):
                        found_in = (
                            value.get(k) for k in ("/FontWeight", "/Flags", "/MissingWidth")
                        )
                        digest.update(repr(tuple(found_in)).encode())
                    elif isinstance(value, Array):
                        digest.update(value.unparse(resolved=True))
                    else:
                        digest.update(repr(value).encode())
                kids = item.get("/DescendantFonts")
                if isinstance(kids, Array) and len(kids) and isinstance(kids[0], Dictionary):
                    kid = kids[0]
                    digest.update(repr((kid.get("/DW"), kid.get("/W"))).encode())
    return digest.hexdigest()


def _across(item: Drawn, backwards: bool) -> float:
    """Where a drawn item sits along its line, in reading order: down a vertical line's
    column, leftward along a right-to-left line, else rightward."""
    if item.vertical:
        return item.point[1]
    return -item.point[0] if backwards else item.point[0]


@dataclass(frozen=True)
class _Turn:
    """A page whose text is drawn turned, with no /Rotate to show it upright: running down
    (a landscape page printed onto a portrait one), up, or upside down (a page fed into a
    scanner the wrong way round). Its points as a reader turning the page sees them,
    text running rightward and lines following each other downward: running down, the
    first line is the rightmost, as pdftotext reads it."""

    way: str  # "down", "up" or "left"
    width: float  # the page's, as poppler shows it
    height: float

    @classmethod
    def of(cls, runs: list[Drawn], width: float, height: float) -> _Turn | None:
        """The way most of the page's text runs, by length, if not rightward."""
        lengths = dict.fromkeys(("right", "down", "up", "left"), 0.0)
        for run in runs:
            dx, dy = run.end[0] - run.start[0], run.end[1] - run.start[1]
            if abs(dx) >= abs(dy):
                way = "right" if dx >= 0 else "left"
            else:
                way = "down" if dy > 0 else "up"
            lengths[way] += math.hypot(dx, dy)
        way = max(lengths, key=lambda k: lengths[k])
        # a sideways heading or label on an upright page turns nothing
        if way == "right" or lengths[way] <= TURNED_SHARE * sum(lengths.values()):
            return None
        return cls(way, width, height)

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height) if self.way == "left" else (self.height, self.width)

    def point(self, point: tuple[float, float]) -> tuple[float, float]:
        x, y = point
        if self.way == "down":
            return y, self.width - x
        if self.way == "up":
            return self.height - y, x
        return self.width - x, self.height - y

    def box(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        (a, b), (c, d) = self.point((box[0], box[1])), self.point((box[2], box[3]))
        return min(a, c), min(b, d), max(a, c), max(b, d)

    def run(self, item: Drawn) -> Drawn:
        return replace(
            item,
            point=self.point(item.point),
            start=self.point(item.start),
            end=self.point(item.end),
            box=self.box(item.box),
        )


# Of a page's text by length, the share that must run one way other than rightward for the
# page to be read turned.
TURNED_SHARE = 0.6


def analyse(
    page: pikepdf.Page,
    instructions: list[Instruction],
    lines: PageLines,
    fonts_read: dict[tuple[int, int], Font] | None = None,
) -> PageTags:
    """The page's units in reading order, and where each of its drawing instructions goes."""
    drawn = follow(page, instructions, fonts_read)
    area = lines.width * lines.height
    pictures: dict[int, list[int]] = {}  # id of a unit -> its instructions
    extra: list[Unit] = []
    for item in drawn:
        if item.kind == "text":
            continue
        x0, y0, x1, y1 = item.box
        width, height = x1 - x0, y1 - y0
        if item.kind == "picture":
            if (
                width < 4
                or height < 4
                or x1 <= 0
                or y1 <= 0
                or x0 >= lines.width
                or y0 >= lines.height
            ):
                continue  # a rule, a dot, or off the page: drawn, not read
            if lines.lines and width * height > 0.6 * area:
                continue  # behind the text (a letterhead, a scan's picture under its words)
        unit = Unit("picture" if item.kind == "picture" else "form", item.box)
        pictures[id(unit)] = [item.index]
        extra.append(unit)
    if not lines.lines:
        return _without_words(instructions, drawn, extra, pictures, lines)
    # a form's own lines stay: a page's text may be drawn among them, and what no run is
    # drawn in makes no element
    finder = _Lines(lines.lines)
    # a run is found by its middle; one that runs off the page's edge (a cell drawn from
    # the right margin on), by where it starts: poppler reads its letters on the page
    found_in = {
        d.index: finder.at(d.point if _on_page(d.point, lines) else d.start)
        for d in drawn
        if d.kind == "text"
    }
    weights: dict[int, bool] = {}
    for item in drawn:
        line = found_in.get(item.index)
        if line is not None:
            weights[line] = weights.get(line, True) and item.bold
    shown = [
        replace(line, bold=weights.get(number, False)) for number, line in enumerate(lines.lines)
    ]
    runs = [d for d in drawn if d.kind == "text" and not d.blank]
    # written top to bottom (Japanese, Chinese): its lines are columns, read from the right
    vertical = bool(runs) and all(d.vertical for d in runs)
    turn = None if vertical else _Turn.of(runs, lines.width, lines.height)
    if turn is not None:
        # laid out, and its runs placed along their lines, as the page reads turned so
        # that its text runs rightward; each run is still found in its line as poppler
        # shows it (found_in, above)
        shown = [replace(line, box=turn.box(line.box)) for line in shown]
        laid = [replace(unit, box=turn.box(unit.box)) for unit in extra]
        pictures = {id(new): pictures.pop(id(old)) for old, new in zip(extra, laid, strict=True)}
        extra = laid
        drawn = [turn.run(d) if d.kind == "text" else d for d in drawn]
        lines = PageLines(*turn.size, shown)
    if vertical:
        box = (
            min(line.box[0] for line in shown),
            min(line.box[1] for line in shown),
            max(line.box[2] for line in shown),
            max(line.box[3] for line in shown),
        )
        units = [Unit("text", box, lines=list(range(len(shown)))), *extra]
    else:
        units = page_units(shown, lines.height, extra)
    tags = PageTags(text=bool(lines.lines))
    where: dict[int, tuple[int, int, int]] = {}  # line -> (unit, part, its place)
    # a list item's first line -> where its marker ("•", "2.", "(a)") ends, across
    markers: dict[int, float] = {}
    for number, unit in enumerate(units):
        summary: dict[str, Any] = {"kind": unit.kind, "size": 0.0, "bold": True, "text": ""}
        if unit.kind in ("text", "top", "bottom"):
            members = sorted(
                unit.lines,
                key=lambda i: (
                    (-shown[i].box[2], shown[i].box[1])
                    if vertical
                    else (shown[i].box[1], shown[i].box[0])
                ),
            )
            for place, i in enumerate(members):
                where[i] = (number, 0, place)
            summary["lines"] = len(members)
            summary["text"] = " ".join(shown[i].text for i in members)[:300]
            summary["size"] = sum(shown[i].height for i in members) / len(members)
        elif unit.kind == "list":
            place = 0
            for part, item_lines in enumerate(unit.items):
                for i in item_lines:
                    where[i] = (number, part, place)
                    place += 1
                first = shown[item_lines[0]]
                if is_list_item(first.text):
                    word = first.text.split(" ", 1)[0]
                    width = (first.box[2] - first.box[0]) * len(word) / max(len(first.text), 1)
                    markers[item_lines[0]] = first.box[0] + width
            summary["items"] = len(unit.items)
        elif unit.kind == "table":
            columns = len(unit.rows[0]) if unit.rows else 0
            for row_number, row in enumerate(unit.rows):
                for column, cell in enumerate(row):
                    for place, i in enumerate(sorted(cell, key=lambda i: shown[i].box[1])):
                        where[i] = (number, row_number * columns + column, place)
            summary["rows"], summary["columns"] = len(unit.rows), columns
            summary["header"] = unit.header
        for index in pictures.get(id(unit), []):
            tags.targets[index] = (number, 0, 0.0, 0.0, 0)
        tags.units.append(summary)
    bold: dict[int, bool] = {}
    previous: tuple[int, int, float, float, int] | None = None
    last: Drawn | None = None
    leftward = {i for i, line in enumerate(shown) if right_to_left(line.text)}
    backwards = False  # whether the run before is in a right-to-left line
    ends: dict[tuple[int, int, float], list[int]] = {}  # a right-to-left line's runs
    for item in drawn:
        if item.kind != "text":
            continue
        found = found_in[item.index]
        # A run set apart from the one before with no space between them (each word of an
        # OCR layer drawn on its own, say) is a word of its own: its own marked content, as
        # a reader of the tags would otherwise run the two words together.
        apart = int(last is not None and not last.spaced and _gap(last, item) > 0.15 * item.size)
        # 2: and a word break, as poppler infers one (a gap along the line of over a tenth
        # of the letters' size, or another line), where a space is drawn; 1: a run raised,
        # lowered or kerned apart (the A of the LaTeX logo), a marked run of its own only
        if apart and last is not None and _word_break(last, item):
            apart = 2
        if found is not None and found in where:
            unit_number, part, place = where[found]
            if found in markers and _within(item, shown[found].box[0], markers[found]):
                part = -part - 1  # the item's marker, drawn on its own: its label (Lbl)
            backwards = found in leftward
            # a vertical line is placed along its column; a right-to-left line is
            # read from its right: its runs by their places, the rightmost first
            across = _across(item, backwards)
            previous = (unit_number, part, float(place), across, apart)
        elif previous is not None and _on_page(item.point, lines):
            # spaces poppler shows no line for: with the text before them
            across = _across(item, backwards)
            previous = (previous[0], previous[1], previous[2], across, apart)
        else:
            continue  # off the page, or before any text read: an artifact
        if backwards and (reordered := reading_order(instructions[item.index], item)):
            tags.reordered[item.index] = reordered
        last = item
        tags.targets[item.index] = previous
        if backwards:
            ends.setdefault((previous[0], previous[1], previous[2]), []).append(item.index)
        bold[previous[0]] = bold.get(previous[0], True) and item.bold
    for number, summary in enumerate(tags.units):
        summary["bold"] = bold.get(number, False)
    # a right-to-left line's leftmost run is read last: a space after it, before the next
    # line's first word (its runs' spaces are drawn after them, `marked`)
    for line_runs in ends.values():
        leftmost = min(line_runs, key=lambda i: -tags.targets[i][3])
        tags.targets[leftmost] = (*tags.targets[leftmost][:4], 2)
    return tags


# Path operators that draw a curve: a page of paths with one is a drawing (a chart, a
# signature, figures drawn as outlines), one of straight lines and boxes alone a form's
# rules, a field's empty box, a crop mark
_CURVES = {"c", "v", "y"}


def _without_words(
    instructions: list[Instruction],
    drawn: list[Drawn],
    extra: list[Unit],
    pictures: dict[int, list[int]],
    lines: PageLines,
) -> PageTags:
    """A page poppler reads no words on, tagged for what it is. Its text, if it draws
    any: spaces, or what a map in the PDF says is nothing, are nothing to read; glyphs of
    an Adobe CJK collection (which poppler reads only with poppler-data) are text, in
    the order drawn, or for a font written top to bottom by columns from the right;
    glyphs nothing maps to letters leave the page unread. Else each picture is a figure,
    or the page's paths one if they draw a curve, and all the rest an artifact: a blank
    page, a page of rules, is nothing to read. A scan in strips, none a tenth of the page
    (a printer's PCLm), is a page OCR did not read (ocr.scan_images): unread too."""
    tags = PageTags()
    runs = [d for d in drawn if d.kind == "text" and not d.blank and _on_page(d.point, lines)]
    if any(d.mapped in ("names", "none") for d in runs):
        tags.unread = "its text is drawn in glyphs that no reader can turn into letters"
        return tags
    cjk = [d for d in runs if d.mapped == "cjk"]
    if cjk:
        order = (
            sorted(cjk, key=lambda d: (-round(d.start[0]), d.start[1]))
            if all(d.vertical for d in cjk)
            else cjk
        )
        size = sum(d.size for d in cjk) / len(cjk)
        tags.text = True
        tags.units.append({"kind": "text", "size": size, "bold": False, "text": "", "lines": 1})
        for place, item in enumerate(order):
            tags.targets[item.index] = (0, 0, float(place), 0.0, 0)
        return tags
    area = lines.width * lines.height
    # every picture, however thin: a strip is no rule
    boxes = [_clipped(d.box, lines) for d in drawn if d.kind == "picture"]
    shares = [(b[2] - b[0]) * (b[3] - b[1]) / area for b in boxes] if area > 0 else []
    if len(shares) > 1 and sum(shares) >= SCAN_SHARE and max(shares) < IMAGE_SHARE:
        tags.unread = f"a scan drawn in {len(shares)} strips, which OCR does not read"
        return tags
    for unit in extra:
        if unit.kind != "picture":
            continue
        for index in pictures[id(unit)]:
            tags.targets[index] = (len(tags.units), 0, 0.0, 0.0, 0)
        tags.units.append({"kind": "picture", "size": 0.0, "bold": False, "text": ""})
    if not tags.units and any(operator in _CURVES for _, operator, _ in instructions):
        paths = [i for i, (_, operator, _) in enumerate(instructions) if operator in _PATH_START]
        for index in paths:
            tags.targets[index] = (0, 0, 0.0, 0.0, 0)
        tags.units.append({"kind": "picture", "size": 0.0, "bold": False, "text": ""})
    return tags


def _clipped(
    box: tuple[float, float, float, float], lines: PageLines
) -> tuple[float, float, float, float]:
    x0, y0 = max(box[0], 0.0), max(box[1], 0.0)
    return x0, y0, max(min(box[2], lines.width), x0), max(min(box[3], lines.height), y0)


def _within(run: Drawn, start: float, end: float) -> bool:
    """Whether a text run lies across the page between `start` and `end` (a list item's
    marker), give or take a space."""
    slack = 0.6 * run.size
    low, high = sorted((run.start[0], run.end[0]))
    return low >= start - slack and high <= end + slack


# The strong bidirectional classes (Unicode's): right-to-left letters (Hebrew's, Arabic's),
# and what is read left to right inside a right-to-left line (Latin letters, numbers).
_LEFTWARD = {"R", "AL"}
_RIGHTWARD = {"L", "EN", "AN"}


def right_to_left(text: str) -> bool:
    """Whether a line as poppler reads it (in its reading order) is read from right to
    left throughout: right-to-left letters and nothing read the other way (a number, a
    Latin word), whose runs keep their order."""
    classes = {unicodedata.bidirectional(c) for c in text}
    return bool(classes & _LEFTWARD) and not classes & _RIGHTWARD


def reading_order(instruction: Instruction, run: Drawn) -> list[str] | None:
    """A run of a right-to-left line as a TJ that draws the same glyphs at the same places
    in their reading order: the rightmost first. A page may draw such a line as it is
    seen, left to right, so that its structure's text (the glyphs in the order drawn) reads
    each word backwards, to a screen reader and to poppler; Word and browsers draw it in
    reading order. (Each run of the line is marked apart, and read in its place along the
    line, the rightmost first: `marked` and `elements`.) Each glyph is moved to where it
    was drawn by the TJ's adjustments, and the text ends where it ended. Split into TJs
    where the run's words are set apart by position (a TJ's adjustment, as `_words_of`
    splits one), so that a space is drawn between them. None for what is not a plain Tj
    or TJ, or whose size is not known."""
    _, operator, operands = instruction
    size, char_spacing, word_spacing = run.spacing
    font = run.font
    if operator not in ("Tj", "TJ") or font is None or not size:
        return None
    glyphs: list[tuple[float, float, bytes]] = []  # where each starts, its advance, its code
    at = 0.0
    step = 2 if font.two_bytes else 1
    for item in show_operands(operands):
        if isinstance(item, bytes):
            for offset in range(0, len(item) - step + 1, step):
                code = item[offset : offset + step]
                advance = font.advance(code, char_spacing, word_spacing, size)
                glyphs.append((at, advance, code))
                at += advance
        elif operator == "TJ":
            at -= item / 1000 * size
    if not glyphs:
        return None
    pieces: list[list[str]] = [[]]
    pen = 0.0
    after: float | None = None  # where the glyph read before this one starts
    for start, advance, code in reversed(glyphs):
        if after is not None and after - (start + advance) > -_WORD_SPACE / 1000 * size:
            pieces.append([])  # a word's gap between this glyph and the one read before
        if abs(start - pen) > 1e-9:
            pieces[-1].append(_adjustment(start - pen, size))
        pieces[-1].append(f"<{code.hex()}>")
        pen, after = start + advance, start
    if abs(at - pen) > 1e-9:
        pieces[-1].append(_adjustment(at - pen, size))
    return ["[" + " ".join(piece) + "]" for piece in pieces]


def _adjustment(move: float, size: float) -> str:
    """A TJ's number that moves the text on by `move` (text space, at `size`)."""
    return f"{-move * 1000 / size:.3f}".rstrip("0").rstrip(".")


def _word_break(before: Drawn, after: Drawn) -> bool:
    """Whether a run starts a new word after the one before, as poppler's text output
    would say: on another line, or further along the same one than a tenth of its size
    (TextOutputDev's minWordBreakSpace)."""
    dx, dy = before.end[0] - before.start[0], before.end[1] - before.start[1]
    length = math.hypot(dx, dy)
    ux, uy = (dx / length, dy / length) if length > 1e-6 else (1.0, 0.0)
    gx, gy = after.start[0] - before.end[0], after.start[1] - before.end[1]
    along, across = gx * ux + gy * uy, abs(gy * ux - gx * uy)
    return across > 0.5 * after.size or along > 0.1 * after.size


def _gap(before: Drawn, after: Drawn) -> float:
    return math.hypot(after.start[0] - before.end[0], after.start[1] - before.end[1])


def _on_page(point: tuple[float, float], lines: PageLines) -> bool:
    return 0 <= point[0] <= lines.width and 0 <= point[1] <= lines.height


class _Lines:
    """A page's lines, found by where a point is: bucketed by height, so that a page of a
    thousand cells (an Excel export) is not searched whole for each of its runs."""

    _STEP = 8.0

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.buckets: dict[int, list[int]] = {}
        for number, line in enumerate(lines):
            first = int((line.box[1] - line.height) // self._STEP)
            last = int((line.box[3] + line.height) // self._STEP)
            for bucket in range(first, min(last, first + 1000) + 1):
                self.buckets.setdefault(bucket, []).append(number)

    def at(self, point: tuple[float, float]) -> int | None:
        """The line a text run is drawn in: the smallest whose box holds its middle, else
        the nearest within a line's height."""
        x, y = point
        near = self.buckets.get(int(y // self._STEP), [])
        best, best_area = None, 0.0
        for number in near:
            x0, y0, x1, y1 = self.lines[number].box
            if x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1:
                area = (x1 - x0) * (y1 - y0)
                if best is None or area < best_area:
                    best, best_area = number, area
        if best is not None:
            return best
        nearest, distance = None, 0.0
        for number in near:
            line = self.lines[number]
            x0, y0, x1, y1 = line.box
            gap = math.hypot(max(x0 - x, 0.0, x - x1), max(y0 - y, 0.0, y - y1))
            if gap <= line.height and (nearest is None or gap < distance):
                nearest, distance = number, gap
        return nearest


def stream_order(instructions: list[Instruction], drawn: list[Drawn] | None = None) -> PageTags:
    """The fallback for a page the analysis cannot follow: its text as one paragraph in
    the order the page draws it. Where the runs' places are known (`drawn`), a run that
    starts a word after the one before (another line, or a gap along it, as poppler breaks
    words) is set apart, for a space to be drawn before it: Ghostscript writes each row
    of a table as one TJ over all its cells, whose middle is in no cell poppler shows,
    and the next row's first word would be read run on to the last cell's ("CostBulwell")."""
    tags = PageTags(
        [{"kind": "text", "size": 0.0, "bold": False, "text": "", "lines": 1}], text=True
    )
    runs = {item.index: item for item in drawn or [] if item.kind == "text"}
    last: Drawn | None = None
    for index, (_, operator, _) in enumerate(instructions):
        if operator in _SHOW:
            item = runs.get(index)
            apart = 0
            if item is not None:
                if last is not None and not last.spaced and _word_break(last, item):
                    apart = 2
                last = None if item.blank else item  # a run of spaces is the break
            tags.targets[index] = (0, 0, float(index), 0.0, apart)
    return tags


class Analyses:
    """Page analyses by the hash of the page, in a folder (None: kept for the run only)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.run: dict[str, PageTags] = {}

    def get(self, key: str) -> PageTags | None:
        if key in self.run:
            return self.run[key]
        if self.folder is None:
            return None
        try:
            found = PageTags.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        except OSError:
            return None
        if found is not None:
            self.run[key] = found
        return found

    def put(self, key: str, tags: PageTags) -> None:
        from agendapack.store import write_whole

        self.run[key] = tags
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_whole(self.folder / f"{key}.json", tags.dumps().encode())
        except OSError:
            pass  # a cache that cannot be written is read again next time, nothing worse


# -- the document's roles -------------------------------------------------------------


def _normal(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def roles(pages: list[PageTags | None]) -> list[list[str]]:
    """Each unit's structure type, from what the document's pages say together: a margin's
    line that repeats on another page, or numbers the page, is an artifact ("Header" or
    "Footer"); a short block larger than the body text, or bold at its size, a heading
    (H1 for the largest, and never a level skipped); a block of text "P"."""
    margins: dict[str, int] = {}
    for tags in pages:
        if tags is None:
            continue
        for text in {_normal(u["text"]) for u in tags.units if u["kind"] in ("top", "bottom")}:
            margins[text] = margins.get(text, 0) + 1
    weights: dict[float, int] = {}
    for tags in pages:
        for unit in tags.units if tags else []:
            if unit["kind"] == "text" and unit["size"]:
                key = round(unit["size"], 1)
                weights[key] = weights.get(key, 0) + len(unit["text"])
    body = max(weights, key=lambda k: (weights[k], -k)) if weights else 0.0

    def heading_size(unit: dict[str, Any]) -> float | None:
        if unit["kind"] != "text" or not body or not unit["text"] or unit.get("lines", 1) > 3:
            return None
        if len(unit["text"]) > 200 or not any(c.isalpha() for c in unit["text"]):
            return None
        if unit["size"] >= 1.15 * body:
            return float(round(unit["size"]))
        if (
            unit["bold"]
            and unit["size"] >= 0.95 * body
            and unit.get("lines", 1) <= 2
            and len(unit["text"]) <= 100
            and not unit["text"].rstrip().endswith((".", ",", ";"))
        ):
            return 0.0  # bold at the body's size: the lowest heading
        return None

    sizes = sorted(
        {s for t in pages for u in (t.units if t else []) if (s := heading_size(u)) is not None},
        reverse=True,
    )
    out: list[list[str]] = []
    level = 0
    for tags in pages:
        kinds: list[str] = []
        drawn = {target[0] for target in tags.targets.values()} if tags else set()
        for number, unit in enumerate(tags.units if tags else []):
            kind = unit["kind"]
            if number not in drawn:
                kinds.append("P")  # makes no element: nor does it count among the headings
            elif kind in ("top", "bottom"):
                text = _normal(unit["text"])
                repeated = margins.get(text, 0) >= 2 and len(pages) >= 2
                kinds.append(
                    ("Header" if kind == "top" else "Footer")
                    if repeated or _PAGE_NUMBER.match(text)
                    else "P"
                )
            elif kind == "text":
                size = heading_size(unit)
                if size is None:
                    kinds.append("P")
                else:
                    level = min(sizes.index(size) + 1, level + 1, 6)
                    kinds.append(f"H{level}")
            elif kind == "list":
                kinds.append("L")
            elif kind == "table":
                kinds.append("Table")
            elif kind == "picture":
                kinds.append("Figure")
            else:
                kinds.append("P")
        out.append(kinds)
    return out


# -- the page written again, and its elements -----------------------------------------


_TJ_ITEM = re.compile(r"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>|[-+]?(?:\d+\.?\d*|\.\d+)", re.S)
# A TJ adjustment this wide (thousandths of the text size) is a space between words.
_WORD_SPACE = -100.0


def _words_of(operands: str) -> list[str] | None:
    """A TJ's array split after each adjustment as wide as a space (TeX and some printer
    drivers space words so, drawing no space): each piece its own marked content, so that a
    reader of the tags finds the words apart. TJ moves on by each adjustment, so the pieces
    draw exactly what the array did. None where there is nothing to split, or the array is
    not one this reads (strings with brackets inside them unescaped)."""
    inside = operands.strip()
    if not (inside.startswith("[") and inside.endswith("]")):
        return None
    items = _TJ_ITEM.findall(inside[1:-1])
    if "".join(items).count("(") != inside.count("("):
        return None
    pieces: list[list[str]] = [[]]
    for item in items:
        pieces[-1].append(item)
        if item[0] not in "(<" and float(item) <= _WORD_SPACE and len(pieces[-1]) > 1:
            pieces.append([])
    if not pieces[-1]:
        pieces.pop()
    if len(pieces) < 2:
        return None
    return ["[" + " ".join(piece) + "]" for piece in pieces]


def _role_of(kind: str, part: int, summary: dict[str, Any]) -> str:
    if kind == "Table":
        return "TH" if part < int(summary.get("columns", 0)) and summary.get("header") else "TD"
    if kind == "L":
        return "Lbl" if part < 0 else "LBody"
    return kind


def marked(
    instructions: list[Instruction],
    tags: PageTags,
    kinds: list[str],
    space_font: str | None = None,
) -> tuple[bytes, list[tuple[int, int, float, float, int]]]:
    """The page's content with its text and pictures in numbered marked content and all
    else drawn as artifacts; and for each MCID, its (unit, part, line, across). Given
    `space_font` (the glyphless font's name in the page's resources), a space is drawn
    invisibly where a word of a unit starts with none before it: a TJ's adjustment as
    wide as a space, a run set apart from the one before (pdf/spacing.py, and ISO
    32000-1 14.8.2.5: a tagged PDF's word breaks are spaces in its content, not
    positions). A screen reader reading the tags then reads "is available, traditional",
    not "isavailable,traditional"; poppler's structure text, too. /ActualText would say it
    to Acrobat, but replaces the text it covers, and poppler does not read it."""
    out: list[str] = []
    state = TextState()
    marks: list[tuple[int, int, float, float, int]] = []
    open_key: tuple[Any, ...] | None = None
    in_text = in_path = False

    def close() -> None:
        nonlocal open_key
        if open_key is not None:
            out.append("\nEMC\n")
            open_key = None

    def start(index: int, fresh: bool = False) -> None:
        nonlocal open_key
        target = tags.targets.get(index)
        kind = kinds[target[0]] if target is not None and target[0] < len(kinds) else ""
        if target is None or kind in ("Header", "Footer", ""):
            key: tuple[Any, ...] = ("artifact", kind)
            if open_key == key:
                return
            close()
            if kind:
                out.append(f"\n/Artifact <</Type /Pagination /Subtype /{kind}>> BDC\n")
            else:
                out.append("\n/Artifact BMC\n")
        else:
            key = ("tag", target[0], target[1])
            if open_key == key and not target[4] and not fresh:
                return
            close()
            role = _role_of(kind, target[1], tags.units[target[0]])
            out.append(f"\n/{role} <</MCID {len(marks)}>> BDC\n")
            marks.append(target)
        open_key = key

    def space() -> None:
        drawn = state.space(space_font) if space_font is not None else None
        if drawn is not None:
            out.append(drawn)

    # where each element's reading starts: no space is drawn before its first word
    first_of: dict[tuple[int, int], tuple[float, float]] = {}
    for unit, part, line, across, _ in tags.targets.values():
        if (line, across) < first_of.get((unit, part), (math.inf, math.inf)):
            first_of[(unit, part)] = (line, across)
    for index, (written, operator, operands) in enumerate(instructions):
        if operator in _MARKS:
            continue
        if operator in _SHOW:
            before = len(marks)
            # each run of a right-to-left line is marked apart, to be read in its place
            start(index, fresh=index in tags.reordered)
            tagged = open_key is not None and open_key[0] == "tag"
            target = tags.targets.get(index)
            reordered = tags.reordered.get(index) if tagged else None
            if (
                tagged
                and reordered is None
                and len(marks) > before
                and target is not None
                and target[4] == 2
                and first_of.get((target[0], target[1])) != (target[2], target[3])
            ):
                space()  # a word of its own, set apart from the run before
            pieces = _words_of(operands) if operator == "TJ" and tagged else None
            if reordered is not None:
                # a right-to-left run, as it is read, a space between its words
                out.append("\n" + reordered[0] + "TJ")
                for piece in reordered[1:]:
                    space()
                    out.append(piece + "TJ")
                if target is not None and target[4] == 2:
                    # set apart from the run on its left, which is read after it
                    space()
            elif pieces is None:
                out.append(written)
            else:
                out.append("\n" + pieces[0] + "TJ")
                for previous, piece in zip(pieces, pieces[1:], strict=False):
                    start(index, fresh=True)
                    if not ends_in_space(previous):
                        space()
                    out.append(piece + "TJ")
        elif in_path and (operator in _PATH_GOES_ON or operator in _KEEP_OPEN):
            # a line width or colour set between a path's construction and its painting
            # (out of order, but drawn by every viewer: pdf.js's files) stays in its artifact
            out.append(written)
        elif operator in _PATH_START:
            close()
            start(index)  # an artifact, but in a drawing (`_without_words`)
            in_path = True
            out.append(written)
        elif operator in _PATH_PAINT:
            out.append(written)
            if in_path:
                close()
                in_path = False
        elif operator in ("Do", "BI", "sh"):
            close()
            start(index if operator != "sh" else -1)
            out.append(written)
            close()
        elif operator in _KEEP_OPEN and in_text and open_key is not None:
            out.append(written)
        else:
            close()
            in_path = False
            out.append(written)
            if operator == "BT":
                in_text = True
            elif operator == "ET":
                in_text = False
        state.feed(operator, operands)  # after: a space drawn before `"` has its spacing
    close()
    return "".join(out).encode("latin-1"), marks


def elements(
    pdf: pikepdf.Pdf,
    page: pikepdf.Page,
    parent: pikepdf.Object,
    tags: PageTags,
    kinds: list[str],
    marks: list[tuple[int, int, float, float, int]],
    alt: str,
) -> tuple[list[pikepdf.Object], Array]:
    """The page's structure elements in reading order, and its ParentTree array (each
    MCID's element)."""
    by_part: dict[tuple[int, int], list[tuple[float, float, int]]] = {}
    for mcid, (unit, part, line, across, _) in enumerate(marks):
        by_part.setdefault((unit, part), []).append((line, across, mcid))
    parents: list[pikepdf.Object | None] = [None] * len(marks)

    def element(role: str, under: pikepdf.Object, ids: list[int] | None = None) -> pikepdf.Object:
        made = pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name(f"/{role}"), P=under, Pg=page.obj)
        )
        if ids is not None:
            made.K = Array(ids)
            for mcid in ids:
                parents[mcid] = made
        return made

    def ids_of(unit: int, part: int) -> list[int]:
        return [mcid for _, _, mcid in sorted(by_part.get((unit, part), []))]

    out: list[pikepdf.Object] = []
    for number, (summary, kind) in enumerate(zip(tags.units, kinds, strict=True)):
        if kind in ("Header", "Footer"):
            continue
        parts = sorted(p for u, p in by_part if u == number)
        if not parts:
            continue
        if kind == "Table":
            columns = max(int(summary.get("columns", 1)), 1)
            table = element("Table", parent)
            rows = Array()
            for row in range(int(summary.get("rows", 0))):
                tr = element("TR", table)
                cells = Array()
                for column in range(columns):
                    part = row * columns + column
                    heads = row == 0 and summary.get("header", False)
                    cell = element("TH" if heads else "TD", tr, ids_of(number, part))
                    if heads:
                        cell.A = Dictionary(O=Name.Table, Scope=Name.Column)
                    cells.append(cell)
                tr.K = cells
                rows.append(tr)
            table.K = rows
            out.append(table)
        elif kind == "L":
            listed = element("L", parent)
            items = Array()
            # an item's part is its number; its marker's, when drawn apart, -1 - that
            for part in sorted({p if p >= 0 else -p - 1 for p in parts}):
                item = element("LI", listed)
                kids = Array()
                if label := ids_of(number, -part - 1):
                    kids.append(element("Lbl", item, label))
                if body := ids_of(number, part):
                    kids.append(element("LBody", item, body))
                item.K = kids
                items.append(item)
            listed.K = items
            out.append(listed)
        else:
            ids = [mcid for part in parts for mcid in ids_of(number, part)]
            made = element(kind, parent, ids)
            if kind == "Figure":
                made.Alt = pikepdf.String(alt)
            out.append(made)
    return out, Array(parents)


def read_document(
    pdf: pikepdf.Pdf, pages: list[pikepdf.Page], path: Path, analyses: Analyses
) -> list[tuple[list[Instruction], PageTags] | None]:
    """Each page's instructions and analysis (None for a page qpdf cannot read whole):
    from the cache, else with one reading of the document by poppler for them all."""
    found: list[tuple[list[Instruction], PageTags] | None] = []
    missing: list[tuple[int, str]] = []
    for number, page in enumerate(pages):
        instructions = page_instructions(pdf, page)
        if instructions is None:
            found.append(None)
            continue
        key = page_key(page, instructions)
        tags = analyses.get(key)
        if tags is None:
            missing.append((number, key))
            tags = PageTags()
        found.append((instructions, tags))
    if not missing:
        return found
    # only the pages not known already: a paper with one page changed is read for that one
    first, last = missing[0][0], missing[-1][0]
    read = read_lines(path, first + 1, last + 1)
    fonts_read: dict[tuple[int, int], Font] = {}
    for number, key in missing:
        entry = found[number]
        assert entry is not None
        instructions = entry[0]
        at = number - first
        lines = read[at] if read is not None and at < len(read) else None
        try:
            tags = (
                analyse(pages[number], instructions, lines, fonts_read)
                if lines is not None
                else None
            )
        except Exception:  # what the analysis does not follow, it never guesses at
            tags = None
        if tags is None or (tags.text and not tags.targets):
            try:
                drawn = follow(pages[number], instructions, fonts_read)
            except Exception:  # the runs' places unknown: read in order, no space added
                drawn = None
            tags = stream_order(instructions, drawn)
            tags.text = any(operator in _SHOW for _, operator, _ in instructions)
        analyses.put(key, tags)
        found[number] = (instructions, tags)
    return found


class Reading:
    """Tags an untagged source's pages, once they are in the pack, from `path` (the source
    as a file, for poppler); `alt` for its pictures, formatted with the page's number."""

    def __init__(self, path: Path, analyses: Analyses, alt: str) -> None:
        self.path = path
        self.analyses = analyses
        self.alt = alt
        self.unread: dict[int, str] = {}  # by the last reading: page index -> why

    def read(
        self, pdf: pikepdf.Pdf, pages: list[pikepdf.Page]
    ) -> list[tuple[bytes, list[pikepdf.Object], Array] | None]:
        """For each page, its content written again, its structure elements in reading
        order (for the caller to place; none for a page with nothing to read, all of it an
        artifact) and its ParentTree array; None for a page to keep as one figure (text no
        reader can read, a scan OCR did not read, or a content stream that cannot be read
        whole), whose reason `unread` then holds by its index."""
        self.unread = {}
        try:
            documents = read_document(pdf, pages, self.path, self.analyses)
            kinds = roles([entry[1] if entry else None for entry in documents])
        except Exception:  # never the build: each page stays whole, as one figure
            self.unread = dict.fromkeys(range(len(pages)), "its content could not be tagged")
            return [None] * len(pages)
        out: list[tuple[bytes, list[pikepdf.Object], Array] | None] = []
        spacer = Spacer(pdf)
        for number, (page, entry) in enumerate(zip(pages, documents, strict=True)):
            if entry is None or entry[1].unread:
                self.unread[number] = (
                    entry[1].unread if entry else "its content cannot be read whole"
                )
                out.append(None)
                continue
            instructions, tags = entry
            try:
                _space_forms(page, spacer)
                data, marks = marked(instructions, tags, kinds[number], SPACE_FONT)
                if f"{SPACE_FONT} 1 Tf".encode() in data:
                    _with_font(page, SPACE_FONT, spacer.glyphless())
                if not marks:  # nothing to read: all of it an artifact
                    out.append((data, [], Array()))
                    continue
                placeholder = pdf.make_indirect(Dictionary())
                kids, parents = elements(
                    pdf,
                    page,
                    placeholder,
                    tags,
                    kinds[number],
                    marks,
                    self.alt.format(number=number + 1),
                )
            except Exception:  # never the build: the page stays whole, as one figure
                self.unread[number] = "its content could not be tagged"
                out.append(None)
                continue
            out.append((data, kids, parents))
        return out


def _space_forms(page: pikepdf.Page, spacer: Spacer) -> None:
    """A form the page draws that holds lines of text (a generator's block of lines, a
    flattened field) is one unit of the layout, its drawing one marked-content sequence,
    whose text poppler and a screen reader take as one run: spaces are drawn between its
    lines (pdf/spacing.py), or they read "792]green" where the page shows two lines, and
    between the words of a line where its fonts' widths say so (a figure's labels), but in
    a field's value drawn into the page (pdf/forms.py), one word as typed."""
    resources = page.obj.get("/Resources")
    xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
    if not isinstance(xobjects, Dictionary):
        return
    for name, form in xobjects.items():
        if (
            isinstance(form, pikepdf.Stream)
            and form.get("/Subtype") == Name.Form
            and _holds_text(form)
        ):
            spacer.apply(form, measure=not name.startswith(FIELD_DRAWING))


def _with_font(page: pikepdf.Page, name: str, font: pikepdf.Object) -> None:
    """`font` in the page's own resources as `name` (a copy of what it inherits, if it
    has none of its own)."""
    resources = page.obj.get("/Resources")
    if not isinstance(resources, Dictionary):
        resources = page.obj.Resources = Dictionary(dict(page.resources.items()))
    fonts = resources.get("/Font")
    if not isinstance(fonts, Dictionary):
        fonts = resources.Font = Dictionary()
    fonts[name] = font
