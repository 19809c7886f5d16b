"""Room for the "Page N" stamp: a page whose own content reaches the stamp's band is shrunk.

Real-world forms draw a footer box across the bottom centre, just where the stamp goes.
Such a page's content is scaled, keeping its aspect, into the space above the band, by one
transform wrapped round its content stream (its annotations moved alike), so the stamp
never covers it. Whether anything is in the band is judged from the content stream's
operators alone: text positions and widths (from the font's widths, or each glyph taken as
a full em when they are not known), the bounding boxes of painted paths, images and forms. The
judgement errs towards seeing content: a page needlessly shrunk by a few per cent is still
read; a stamp over a total is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from agendapack.pdf import content
from agendapack.pdf.fonts import name_text, standard_widths
from agendapack.pdf.matrix import IDENTITY, Matrix, apply, multiply

Box = tuple[float, float, float, float]  # x0, y0, x1, y1

STAMP_SIZE = 10.0
STAMP_MARGIN = 18.0  # points from the visual bottom edge to the stamp's baseline
_PATH_POINTS = {"m": 2, "l": 2, "c": 6, "v": 4, "y": 4}
_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
_SHOW = {"Tj", "TJ", "'", '"'}
_MAX_FORM_DEPTH = 8
# How many numbers the quick reading takes of each operator it follows (paths: above).
_NUMBERS_READ = {"re": 4, "cm": 6, "w": 1, "Tf": 1, "TL": 1, "Ts": 1, "Tm": 6, "Td": 2, "TD": 2}
# The operators the scan follows, the only ones qpdf hands to Python (with inline images):
# colours, marked content and the like are most of a page's operators and change nothing.
BAND_READ = " ".join(
    ["q", "Q", "cm", "w", "re", "n", "sh", "Do", "BI", "ID", "EI", "BT", "Tf", "TL", "Tc", "Tw"]
    + ["Tz", "Ts"]
    + ["Tm", "Td", "TD", "T*", *_PATH_POINTS, *_PAINT, *_SHOW]
)


def operator_name(instruction: pikepdf.ContentStreamInstruction) -> str:
    """An instruction's operator as text, whatever its bytes (a hostile stream's operator
    need not be UTF-8, which str() would raise on)."""
    return bytes(instruction.operator).decode("latin-1")


def _bounds(points: Iterable[tuple[float, float]]) -> Box | None:
    xs, ys = [], []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def _box_through(m: Matrix, box: Box) -> Box:
    x0, y0, x1, y1 = box
    found = _bounds(apply(m, x, y) for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1)))
    assert found is not None
    return found


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _painted_in(path: list[tuple[float, float]], width: float, ctm: Matrix, band: Box) -> bool:
    """Whether a path painted now, its points in the page's space, with a stroke of
    `width` in the current transform, reaches into `band`."""
    box = _bounds(path)
    if box is None:
        return False
    pad = width * max(abs(ctm[0]), abs(ctm[3]), abs(ctm[1]), abs(ctm[2])) / 2 + 0.5
    return _overlaps((box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad), band)


def _numbers(operands: list[Any], count: int) -> list[float] | None:
    try:
        values = [float(v) for v in operands[-count:]] if count else []
    except (TypeError, ValueError):
        return None
    return values if len(values) == count else None


def _shown(operator: str, operands: list[Any]) -> bytes:
    """The character codes a text-showing operator draws."""
    if operator == "TJ" and operands and isinstance(operands[0], Array):
        return b"".join(bytes(v) for v in operands[0] if isinstance(v, pikepdf.String))
    if operands and isinstance(operands[-1], pikepdf.String):
        return bytes(operands[-1])
    return b""


class Widths:
    """The glyph widths of the fonts of one output PDF, read from each font once, as a table
    of 256 codes (in thousandths of an em; an unknown code a full em)."""

    def __init__(self) -> None:
        self._tables: dict[tuple[int, int], list[float] | None] = {}

    def _table(self, font: Dictionary) -> list[float] | None:
        key = font.objgen
        if key != (0, 0) and key in self._tables:
            return self._tables[key]
        widths, first = font.get("/Widths"), font.get("/FirstChar")
        table = None
        if isinstance(widths, Array) and first is not None:
            start = int(first)
            table = [1000.0] * 256
            for code, width in enumerate(widths, start):
                if 0 <= code < 256:
                    table[code] = float(width)
        elif "/FontDescriptor" not in font:  # one of the standard 14, named only
            table = standard_widths(name_text(font.get("/BaseFont")))
        if key != (0, 0):
            self._tables[key] = table
        return table

    def advance(self, font: object, codes: bytes) -> float:
        """How wide `codes` are in the font, in ems: from its /Widths, from Helvetica's
        metrics for a standard font without them, and otherwise each glyph taken as a full
        em, so that a line is never thought shorter than it is."""
        if not isinstance(font, Dictionary):
            return float(len(codes))
        if font.get("/Subtype") == Name.Type0:
            return len(codes) / 2  # two-byte codes, as every CID font an office suite writes
        table = self._table(font)
        if table is None:
            return float(len(codes))
        return sum(map(table.__getitem__, codes)) / 1000


@dataclass
class _Drawing:
    """How far a content stream has got: the parts of the graphics and text state that
    decide where things land."""

    ctm: Matrix
    width: float = 1.0  # the line width
    stack: list[tuple[Matrix, float]] = field(default_factory=list)  # q ... Q
    path: list[tuple[float, float]] = field(default_factory=list)  # points, the page's space
    text: Matrix = IDENTITY
    line: Matrix = IDENTITY
    font: object = None
    size: float = 12.0
    leading: float = 0.0
    scale: float = 1.0
    rise: float = 0.0
    spaces: float = 0.0  # character spacing
    words: float = 0.0  # word spacing
    # A string shown on a line above or below the band: what it shows and how wide it is
    # matter only to text drawn after it before the next move, which is rare, so neither
    # is worked out until then.
    pending: tuple[object, str, list[Any], float, float, float, float] | None = None

    def next_line(self) -> None:
        self.line = multiply((1, 0, 0, 1, 0, -self.leading), self.line)
        self.text = self.line
        self.pending = None


_GRAPHICS = {"q", "Q", "cm", "w", "re", "n", "sh", *_PATH_POINTS, *_PAINT}
_TEXT_STATE = {"BT", "Tf", "TL", "Tc", "Tw", "Tz", "Ts", "Tm", "Td", "TD", "T*"}


class _Scan:
    """Walks a content stream, and the forms it draws, asking whether anything lands in
    `band` (in the page's default space)."""

    def __init__(self, band: Box, widths: Widths) -> None:
        self.band = band
        self.widths = widths

    def hits(
        self,
        stream: pikepdf.Page | pikepdf.Stream,
        resources: object,
        ctm: Matrix,
        depth: int,
        instructions: list[Any] | None = None,
    ) -> bool:
        if instructions is None:
            try:
                instructions = pikepdf.parse_content_stream(stream, BAND_READ)
            except Exception:  # a filter qpdf cannot decode (QpdfRuntimeError), say
                return True  # what cannot be read cannot be shown to be clear
        xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
        fonts = resources.get("/Font") if isinstance(resources, Dictionary) else None
        state = _Drawing(ctm)
        for instruction in instructions:
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                if _overlaps(_box_through(state.ctm, (0, 0, 1, 1)), self.band):
                    return True
                continue
            operands, operator = list(instruction.operands), operator_name(instruction)
            if operator in _GRAPHICS:
                if self._graphics(state, operator, operands):
                    return True
            elif operator in _TEXT_STATE:
                _text_state(state, operator, operands, fonts)
            elif operator in _SHOW:
                if self._shows(state, operator, operands):
                    return True
            elif operator == "Do" and operands and isinstance(xobjects, Dictionary):
                drawn = xobjects.get(operands[-1]) if isinstance(operands[-1], Name) else None
                if self._xobject_hits(drawn, resources, state.ctm, depth):
                    return True
        return False

    def _graphics(self, state: _Drawing, operator: str, operands: list[Any]) -> bool:
        """Follow the transform, line width and path; whether what is painted now lands in
        the band."""
        if operator == "q":
            state.stack.append((state.ctm, state.width))
        elif operator == "Q":
            if state.stack:
                state.ctm, state.width = state.stack.pop()
        elif operator == "cm":
            values = _numbers(operands, 6)
            if values:
                state.ctm = multiply(tuple(values), state.ctm)  # type: ignore[arg-type]
        elif operator == "w":
            values = _numbers(operands, 1)
            state.width = abs(values[0]) if values else state.width
        elif operator in _PATH_POINTS:
            values = _numbers(operands, _PATH_POINTS[operator]) or []
            state.path.extend(
                apply(state.ctm, values[i], values[i + 1]) for i in range(0, len(values), 2)
            )
        elif operator == "re":
            values = _numbers(operands, 4)
            if values:
                x, y, w, h = values
                corners = ((px, py) for px in (x, x + w) for py in (y, y + h))
                state.path.extend(apply(state.ctm, px, py) for px, py in corners)
        elif operator == "sh":
            return True  # a shading fills the clip, which is not followed: assume the band
        else:  # painted, or ended without painting ("n")
            if operator != "n" and _painted_in(state.path, state.width, state.ctm, self.band):
                return True
            state.path = []
        return False

    def _shows(self, state: _Drawing, operator: str, operands: list[Any]) -> bool:
        """Whether the text this operator shows lands in the band; the text position moved
        past it."""
        if operator == '"':
            values = _numbers(operands[:2], 2)
            if values:
                state.words, state.spaces = values
        if operator in ("'", '"'):
            state.next_line()
        if state.pending is not None:
            shown_font, shown_operator, shown_operands, *rest = state.pending
            advance = self._width(shown_font, _shown(shown_operator, shown_operands), *rest)
            state.text = multiply((1, 0, 0, 1, advance, 0), state.text)
            state.pending = None
        drawn_at = multiply(state.text, state.ctm)
        low, high = state.rise - 0.3 * state.size, state.rise + state.size  # descender to cap
        if drawn_at[1] == 0 and drawn_at[2] == 0:  # upright
            ys = sorted((drawn_at[3] * low + drawn_at[5], drawn_at[3] * high + drawn_at[5]))
            if ys[1] <= self.band[1] or ys[0] >= self.band[3]:
                # a line above or below the band, however long
                state.pending = (
                    state.font,
                    operator,
                    operands,
                    state.size,
                    state.spaces,
                    state.words,
                    state.scale,
                )
                return False
        codes = _shown(operator, operands)
        if codes:
            advance = self._width(
                state.font, codes, state.size, state.spaces, state.words, state.scale
            )
            if _overlaps(_box_through(drawn_at, (0.0, low, advance, high)), self.band):
                return True
            state.text = multiply((1, 0, 0, 1, advance, 0), state.text)
        return False

    def _width(
        self, font: object, codes: bytes, size: float, spaces: float, words: float, scale: float
    ) -> float:
        spacing = spaces * len(codes) + words * codes.count(b" ")
        return (self.widths.advance(font, codes) * size + max(spacing, 0.0)) * scale

    def _xobject_hits(
        self, drawn: pikepdf.Object | None, resources: object, ctm: Matrix, depth: int
    ) -> bool:
        if not isinstance(drawn, pikepdf.Stream):
            return False
        if drawn.get("/Subtype") == Name.Image:
            return _overlaps(_box_through(ctm, (0, 0, 1, 1)), self.band)
        if drawn.get("/Subtype") != Name.Form:
            return False
        matrix: Matrix = IDENTITY
        if isinstance(drawn.get("/Matrix"), Array) and len(drawn.Matrix) == 6:
            matrix = tuple(float(v) for v in drawn.Matrix)  # type: ignore[assignment]
        inner = multiply(matrix, ctm)
        bbox = drawn.get("/BBox")
        if isinstance(bbox, Array) and len(bbox) == 4:
            x0, y0, x1, y1 = (float(v) for v in bbox)
            box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            if not _overlaps(_box_through(inner, box), self.band):
                return False  # all it draws is clipped to its box
        if depth >= _MAX_FORM_DEPTH:
            return True
        # a form without resources of its own uses those of the page that draws it
        return self.hits(drawn, drawn.get("/Resources", resources), inner, depth + 1)


def _text_state(state: _Drawing, operator: str, operands: list[Any], fonts: object) -> None:
    """Follow the text state: font and size, leading, spacing, scale, rise, and where the
    next string goes."""
    if operator == "BT":
        state.text = state.line = IDENTITY
        state.pending = None
    elif operator == "Tf":
        values = _numbers(operands, 1)
        state.size = values[0] if values else state.size
        if operands and isinstance(operands[0], Name) and isinstance(fonts, Dictionary):
            state.font = fonts.get(operands[0])  # a Name as it is: its bytes may not be UTF-8
    elif operator == "TL":
        values = _numbers(operands, 1)
        state.leading = values[0] if values else state.leading
    elif operator in ("Tc", "Tw"):
        values = _numbers(operands, 1)
        if values and operator == "Tc":
            state.spaces = values[0]
        elif values:
            state.words = values[0]
    elif operator == "Tz":
        values = _numbers(operands, 1)
        state.scale = values[0] / 100 if values else state.scale
    elif operator == "Ts":
        values = _numbers(operands, 1)
        state.rise = values[0] if values else state.rise
    elif operator == "Tm":
        values = _numbers(operands, 6)
        if values:
            state.text = state.line = tuple(values)  # type: ignore[assignment]
            state.pending = None
    elif operator in ("Td", "TD"):
        values = _numbers(operands, 2)
        if values:
            if operator == "TD":
                state.leading = -values[1]
            state.line = multiply((1, 0, 0, 1, values[0], values[1]), state.line)
            state.text = state.line
            state.pending = None
    elif operator == "T*":
        state.next_line()


def stamp_band(page: pikepdf.Page, width: float, height: float, margin: float) -> Box:
    """The box, in the page's own space, that a stamp `width` wide and `height` tall sitting
    `margin` above the bottom edge as the page is shown needs, with room either side."""
    x0, y0, x1, y1 = _visible(page)
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    reach = band_reach(height, margin)
    half = width / 2 + 12
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if rotate == 90:
        return x1 - reach, cy - half, x1, cy + half
    if rotate == 180:
        return cx - half, y1 - reach, cx + half, y1
    if rotate == 270:
        return x0, cy - half, x0 + reach, cy + half
    return cx - half, y0, cx + half, y0 + reach


def band_reach(height: float, margin: float) -> float:
    """How far from the edge, as the page is shown, the stamp's band goes: just above it."""
    return margin + height + 2


def _visible(page: pikepdf.Page) -> Box:
    box = [float(v) for v in page.cropbox]
    return min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3])


def band_is_used(
    page: pikepdf.Page,
    band: Box,
    widths: Widths | None = None,
    instructions: list[Any] | None = None,
    quick: list[content.Instruction] | None = None,
) -> bool:
    """Whether the page's content or an annotation on it reaches into `band`; `widths` the
    fonts' widths read so far in the same PDF; `instructions` the page's content as
    `parse_content_stream` gives it with at least the operators of BAND_READ, or `quick`
    as `content.instructions` gives it, when the caller has read it already."""
    for annotation in page.obj.get("/Annots", Array()):
        rect = annotation.get("/Rect") if isinstance(annotation, Dictionary) else None
        if annotation.get("/Subtype") == Name.Link:
            continue  # a link's area is not drawn
        if isinstance(rect, Array) and len(rect) == 4:
            x0, y0, x1, y1 = (float(v) for v in rect)
            if _overlaps((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), band):
                return True
    if "/Contents" not in page.obj:
        return False
    if instructions is None:
        if quick is None:
            quick = content.instructions(page)
        answer = _answer_by_lines(quick, band) if quick is not None else None
        if answer is not None:
            return answer
    return _Scan(band, widths or Widths()).hits(
        page, page.obj.get("/Resources"), IDENTITY, 0, instructions
    )


def _answer_by_lines(found: list[content.Instruction], band: Box) -> bool | None:
    """The scan's answer for content read quickly, where it can be had without the fonts'
    widths or the page's resources: True or False as the scan would say, None when only
    the scan can tell (text on a line that crosses the band's height, text turned or
    slanted, an image or form drawn). Most pages' text runs in upright lines well above
    the band, and how long a line is matters only on a line at the band's height."""
    ctm = IDENTITY
    stack: list[tuple[Matrix, float]] = []
    width = 1.0
    text = line = IDENTITY
    size, leading, rise = 12.0, 0.0, 0.0
    path: list[tuple[float, float]] = []
    for operands, operator, _ in found:
        if operator in _SHOW:
            if operator in ("'", '"'):
                line = multiply((1, 0, 0, 1, 0, -leading), line)
                text = line
            # upright text and an upright page: a line's height is the same along it
            if text[1] or text[2] or ctm[1] or ctm[2]:
                return None
            drawn_at = multiply(text, ctm)
            low, high = rise - 0.3 * size, rise + size
            ys = sorted((drawn_at[3] * low + drawn_at[5], drawn_at[3] * high + drawn_at[5]))
            if not (ys[1] <= band[1] or ys[0] >= band[3]):
                return None
        elif operator == "q":
            stack.append((ctm, width))
        elif operator == "Q":
            if stack:
                ctm, width = stack.pop()
        elif operator in ("Do", "sh"):
            return None  # the scan follows forms and images, and says so of shadings
        elif operator in _PATH_POINTS or operator in _NUMBERS_READ:
            values = content.numbers(
                operands, _PATH_POINTS.get(operator) or _NUMBERS_READ[operator]
            )
            if values is None:
                return None  # not what the scan would make of it, perhaps
            if operator in _PATH_POINTS:
                path.extend(apply(ctm, values[i], values[i + 1]) for i in range(0, len(values), 2))
            elif operator == "re":
                x, y, w, h = values
                path.extend(apply(ctm, px, py) for px in (x, x + w) for py in (y, y + h))
            elif operator == "cm":
                ctm = multiply(tuple(values), ctm)  # type: ignore[arg-type]
            elif operator == "w":
                width = abs(values[0])
            elif operator == "Tf":
                size = values[0]
            elif operator == "TL":
                leading = values[0]
            elif operator == "Ts":
                rise = values[0]
            elif operator == "Tm":
                text = line = tuple(values)  # type: ignore[assignment]
            elif operator in ("Td", "TD"):
                if operator == "TD":
                    leading = -values[1]
                line = multiply((1, 0, 0, 1, values[0], values[1]), line)
                text = line
        elif operator in _PAINT or operator == "n":
            if operator != "n" and _painted_in(path, width, ctm, band):
                return True
            path = []
        elif operator == "BT":
            text = line = IDENTITY
        elif operator == "T*":
            line = multiply((1, 0, 0, 1, 0, -leading), line)
            text = line
    return False


def fitting_transform(page: pikepdf.Page, reach: float) -> Matrix:
    """The transform that shrinks the page's content, keeping its aspect, into the space
    above the bottom `reach` points as it is shown, centred, its top edge where it was."""
    x0, y0, x1, y1 = _visible(page)
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    shown_height = (x1 - x0) if rotate in (90, 270) else (y1 - y0)
    scale = max(shown_height - reach, 1.0) / shown_height
    # the middle of the edge that is the top as shown stays where it is
    ax, ay = {90: (x0, cy), 180: (cx, y0), 270: (x1, cy)}.get(rotate, (cx, y1))
    return scale, 0.0, 0.0, scale, ax * (1 - scale), ay * (1 - scale)


def fit_above(pdf: pikepdf.Pdf, page: pikepdf.Page, matrix: Matrix) -> None:
    """Draw the page's content and annotations through `matrix`."""
    numbers = " ".join(f"{v:.5f}".rstrip("0").rstrip(".") for v in matrix)
    page.contents_add(pdf.make_stream(f"{numbers} cm\n".encode("ascii")), prepend=True)
    for annotation in page.obj.get("/Annots", Array()):
        if not isinstance(annotation, Dictionary):
            continue
        rect = annotation.get("/Rect")
        if isinstance(rect, Array) and len(rect) == 4:
            x0, y0, x1, y1 = (float(v) for v in rect)
            box = _box_through(matrix, (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
            annotation.Rect = Array([round(v, 3) for v in box])
        quads = annotation.get("/QuadPoints")
        if isinstance(quads, Array) and len(quads) % 2 == 0:
            values = [float(v) for v in quads]
            moved: list[float] = []
            for i in range(0, len(values), 2):
                moved.extend(round(v, 3) for v in apply(matrix, values[i], values[i + 1]))
            annotation.QuadPoints = Array(moved)


def enlarge_for_stamp(page: pikepdf.Page, width: float) -> bool:
    """Place a page too small for its stamp (a label, an icon: one of 3.84 points square is
    in the wild) on a page big enough: its boxes grow by the stamp's band at the bottom,
    as the page is shown, and to the stamp's width plus a margin either side, its content
    left where it is, above the band. Returns whether it grew."""
    x0, y0, x1, y1 = _visible(page)
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    sideways = rotate in (90, 270)
    across, up = (y1 - y0, x1 - x0) if sideways else (x1 - x0, y1 - y0)
    reach = band_reach(STAMP_SIZE, STAMP_MARGIN)
    needed = width + 2 * STAMP_MARGIN
    if across >= needed and up >= 3 * reach:
        return False
    side = max(0.0, needed - across) / 2
    if rotate == 90:
        box = (x0, y0 - side, x1 + reach, y1 + side)
    elif rotate == 180:
        box = (x0 - side, y0, x1 + side, y1 + reach)
    elif rotate == 270:
        box = (x0 - reach, y0 - side, x1, y1 + side)
    else:
        box = (x0 - side, y0 - reach, x1 + side, y1)
    grown = Array([round(v, 4) for v in box])
    page.obj.MediaBox = grown
    page.obj.CropBox = grown
    return True
