"""Words "redacted" by a black box drawn over them: hidden on the page, still in the file.

The commonest way personal data leaks from a council's published papers: an officer draws
a filled rectangle over a name (in Word, in a PDF editor, as a rectangle comment filled
black, a black highlight) and the page looks redacted, while the words are still there to
be copied, read aloud from the pack's structure tree and found by the site's search.

A page is found to hide words when, conservatively (a false alarm stops a meeting's pack):
- an opaque, near-black filled rectangle is painted after a visible text run and covers
  most of it (`re` and a fill, or a closed path of four corners square to the page);
- near-black text is painted on such a rectangle, with nothing painted between them;
- an annotation kept in the pack (a square, polygon, highlight or text box) paints an
  opaque near-black area over a text run: its appearance's fills where it has one, else
  its interior colour.
Text drawn invisible (render modes 3 and 7: an OCR layer under a scan) is never "hidden";
a colour in a space other than DeviceGray, RGB, CMYK or one of their calibrated or ICC
forms is no verdict, as is a fill less than opaque (a constant alpha below 1, a soft
mask, a blend mode that can lighten); a rectangle thinner than letters (a rule, a border)
hides nothing, and one is only what its clip leaves of it. Text drawn inside form XObjects
is not followed (its runs are not placed by `tagging.follow`); rectangles inside them are.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

from agendapack.pdf import content
from agendapack.pdf.matrix import IDENTITY, Matrix, apply, multiply
from agendapack.pdf.tagging import Drawn, _shown, follow, page_instructions
from agendapack.pdf.widths import Font

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in poppler's shown coordinates

# Near-black: every component of the colour as RGB at most 0x33 (Word's darkest greys).
DARK = 0.2
# How much of a run's box a rectangle must cover: most of its height, and most of its
# length or two letters of it (a name in a longer run of a line)
ACROSS = 0.7
ALONG = 0.6
LETTERS = 2.0
# A dark rectangle thinner than this (in points) is a rule or a border: no letters fit
THICK = 2.0

_EVERYWHERE: Box = (-1e9, -1e9, 1e9, 1e9)
_FILLS = {"f", "F", "f*", "B", "B*", "b", "b*"}
_ENDS = _FILLS | {"S", "s", "n"}
_OPERANDS = {"re": 4, "m": 2, "l": 2, "c": 6, "v": 4, "y": 4, "h": 0}  # building a path
_BUILDS = set(_OPERANDS)
_CURVES = {"c", "v", "y"}
_SHOWS = {"Tj", "TJ", "'", '"'}
# A page whose content neither fills nor draws a form has no box to hide words under. A
# fill follows its path's operator and white space; led by white space (not a look-behind),
# the search skips the hex digits of a page's glyphs, a third of the time.
_MAY_FILL = re.compile(rb"\s(?:[fbB]\*?|F|Do)(?=[\s\[(</%]|$)")
# annotations kept in the pack (sanitise._MARKUP) that paint an area
_PAINTING = {"/Square", "/Polygon", "/Highlight", "/FreeText", "/Ink", "/Stamp", "/Circle"}
# blend modes in which a black fill stays black over anything
_DARKENING = {"/Normal", "/Compatible", "/Multiply", "/Darken"}


@dataclass
class _Graphics:
    ctm: Matrix = IDENTITY
    fill: tuple[float, ...] | None = (0.0,)  # as RGB-like components; None: unknown
    fill_space: int = 1  # components a colour of its space takes; 0: unknown space
    stroke: tuple[float, ...] | None = (0.0,)
    stroke_space: int = 1
    fill_alpha: float = 1.0
    stroke_alpha: float = 1.0
    blend: bool = True  # a black fill stays black
    masked: bool = False  # a soft mask: what is painted is not opaque
    clip: Box | None = None
    render: int = 0

    def copy(self) -> _Graphics:
        return _Graphics(**self.__dict__)


@dataclass
class _Paint:
    """Something painted, in order: a near-black opaque area, or anything else."""

    index: int  # the page's instruction that paints it (a form's: its Do)
    box: Box
    dark: bool
    square: bool = True  # dark: a rectangle; else a shape of curves, in its bounds


@dataclass
class _Reading:
    paints: list[_Paint] = field(default_factory=list)
    # the page's text runs: instruction index -> (visible, dark)
    texts: dict[int, tuple[bool, bool]] = field(default_factory=dict)
    dark_seen: bool = False  # a dark box thick enough to hide letters has been painted
    any_shape: bool = False  # an annotation's appearance: a dark fill of any shape counts


def _rgb(components: tuple[float, ...]) -> tuple[float, ...]:
    if len(components) == 1:
        return components
    if len(components) == 3:
        return components
    c, m, y, k = components
    return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))


def _is_dark(colour: tuple[float, ...] | None) -> bool:
    return colour is not None and max(_rgb(colour)) <= DARK


_DEVICE = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4, "/G": 1, "/RGB": 3, "/CMYK": 4}
_INITIAL = {1: (0.0,), 3: (0.0, 0.0, 0.0), 4: (0.0, 0.0, 0.0, 1.0)}


def _space(name: str, resources: Dictionary | None) -> int:
    """How many components a colour space named in `cs` takes, 0 for one not followed
    (a pattern, a separation, an indexed space: what they paint is not judged)."""
    if name in _DEVICE:
        return _DEVICE[name]
    spaces = resources.get("/ColorSpace") if isinstance(resources, Dictionary) else None
    entry = spaces.get(name) if isinstance(spaces, Dictionary) else None
    if isinstance(entry, Name):
        return _DEVICE.get(str(entry), 0)
    if isinstance(entry, Array) and len(entry) >= 2:
        kind = str(entry[0])
        if kind == "/ICCBased" and isinstance(entry[1], pikepdf.Stream):
            n = int(entry[1].get("/N", 0))
            return n if n in (1, 3, 4) else 0
        if kind == "/CalGray":
            return 1
        if kind == "/CalRGB":
            return 3
    return 0


def _corners_box(points: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _square(points: list[tuple[float, float]]) -> Box | None:
    """The box of a closed path whose sides are square to the page and which turns at
    its four corners alone, else None. LibreOffice draws a Word rectangle from the middle
    of a side, so points along a side are not corners. One pass, however long the path."""
    corners: list[tuple[float, float]] = []
    for point in points:
        if corners and _near(point, corners[-1]):
            continue
        if corners and not (_close(point[0], corners[-1][0]) or _close(point[1], corners[-1][1])):
            return None  # a side along neither axis
        if len(corners) >= 2 and _straight(corners[-2], corners[-1], point):
            corners[-1] = point  # on along the same side
        else:
            corners.append(point)
        if len(corners) > 6:
            return None
    if len(corners) > 1 and _near(corners[0], corners[-1]):
        corners.pop()
    for _ in range(2):  # the side the path started in the middle of, joined
        if len(corners) > 4 and _straight(corners[-1], corners[0], corners[1]):
            corners.pop(0)
        if len(corners) > 4 and _straight(corners[-2], corners[-1], corners[0]):
            corners.pop()
    if len(corners) != 4:
        return None
    for i in range(4):  # each side along one axis, the last one too: no bow tie
        before, at = corners[i - 1], corners[i]
        if not (_close(before[0], at[0]) or _close(before[1], at[1])):
            return None
    box = _corners_box(corners)
    for x, y in corners:
        if not (_close(x, box[0]) or _close(x, box[2])) or not (
            _close(y, box[1]) or _close(y, box[3])
        ):
            return None
    xs = {round(p[0], 1) for p in corners}
    ys = {round(p[1], 1) for p in corners}
    return box if len(xs) == 2 and len(ys) == 2 else None


def _straight(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> bool:
    """Whether b is on the way from a to c along one axis."""
    return (_close(a[0], b[0]) and _close(b[0], c[0])) or (
        _close(a[1], b[1]) and _close(b[1], c[1])
    )


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 0.05


def _near(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return _close(a[0], b[0]) and _close(a[1], b[1])


def _intersect(a: Box, b: Box | None) -> Box | None:
    if b is None:
        return a
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[0] < box[2] and box[1] < box[3] else None


def _unit_box(matrix: Matrix) -> Box:
    return _corners_box([apply(matrix, x, y) for x in (0, 1) for y in (0, 1)])


def _read(
    operations: list[tuple[str, str]],
    resources: Dictionary | None,
    graphics: _Graphics,
    reading: _Reading,
    at: int | None,
    depth: int = 0,
) -> None:
    """Follow a content's painting: `operations` (operands, operator); `at` the page's
    instruction a form's content is painted by (None: the page's own)."""
    stack: list[_Graphics] = []
    # the path being built, read only when its painting matters (most paths never do:
    # a map's or a chart's thousands of coloured shapes)
    path: list[tuple[str, str, Matrix]] = []
    clipping = False
    states = resources.get("/ExtGState") if isinstance(resources, Dictionary) else None
    xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
    for index, (operands, operator) in enumerate(operations):
        where = index if at is None else at
        if operator in _BUILDS:
            path.append((operator, operands, graphics.ctm))
        elif operator in ("W", "W*"):
            clipping = True
        elif operator in _ENDS:
            filled = operator in _FILLS and bool(path)
            opaque = graphics.fill_alpha >= 1 and graphics.blend and not graphics.masked
            dark = filled and opaque and _is_dark(graphics.fill)
            curves = any(built[0] in _CURVES for built in path)
            # what a dark fill covers: a box, or (an annotation's appearance) any shape;
            # what another covers, once a dark box was painted that it may lie over
            needed = (dark and (not curves or reading.any_shape)) or (
                filled and not dark and reading.dark_seen
            )
            if needed or (clipping and path):
                subpaths, rectangles, curved = _path(path)
                points = [p for subpath in subpaths for p in subpath]
                if needed and points:
                    _painted(reading, where, graphics, operator, dark, subpaths, rectangles, curved)
                if clipping and points:
                    box = _corners_box(points)
                    graphics.clip = _intersect(box, graphics.clip) or (
                        box[0],
                        box[1],
                        box[0],
                        box[1],
                    )
            path, clipping = [], False
        elif operator == "q":
            stack.append(graphics.copy())
        elif operator == "Q":
            if stack:
                graphics = stack.pop()
        elif operator == "cm":
            values = content.numbers(operands, 6)
            if values:
                graphics.ctm = multiply(tuple(values), graphics.ctm)  # type: ignore[arg-type]
        elif operator in ("g", "rg", "k", "G", "RG", "K"):
            count = {"g": 1, "rg": 3, "k": 4}[operator.lower()]
            values = content.numbers(operands, count)
            colour = tuple(values) if values is not None else None
            if operator.islower():
                graphics.fill, graphics.fill_space = colour, count
            else:
                graphics.stroke, graphics.stroke_space = colour, count
        elif operator in ("cs", "CS"):
            words = operands.split()
            count = _space(words[-1], resources) if words else 0
            initial = _INITIAL.get(count)
            if operator == "cs":
                graphics.fill, graphics.fill_space = initial, count
            else:
                graphics.stroke, graphics.stroke_space = initial, count
        elif operator in ("sc", "scn", "SC", "SCN"):
            count = graphics.fill_space if operator.islower() else graphics.stroke_space
            values = content.numbers(operands, count) if count else None
            if values is not None and "/" in operands:
                values = None  # a pattern's name: not judged
            colour = tuple(values) if values is not None else None
            if operator.islower():
                graphics.fill = colour
            else:
                graphics.stroke = colour
        elif operator == "gs":
            words = operands.split()
            state = states.get(words[-1]) if words and isinstance(states, Dictionary) else None
            if isinstance(state, Dictionary):
                _set_state(graphics, state)
        elif operator == "Tr":
            values = content.numbers(operands, 1)
            graphics.render = int(values[0]) if values else 0
        elif operator in _SHOWS and at is None:
            render = graphics.render
            visible = render not in (3, 7)
            colour = graphics.stroke if render in (1, 5) else graphics.fill
            alpha = graphics.stroke_alpha if render in (1, 5) else graphics.fill_alpha
            reading.texts[index] = (visible, visible and alpha >= 1 and _is_dark(colour))
        elif operator in ("sh", "BI"):
            # a shading fills what the clip leaves, the whole page if nothing
            painted = _unit_box(graphics.ctm) if operator == "BI" else graphics.clip or _EVERYWHERE
            reading.paints.append(_Paint(where, painted, False))
        elif operator == "Do":
            words = operands.split()
            xobject = (
                xobjects.get(words[-1]) if words and isinstance(xobjects, Dictionary) else None
            )
            if not isinstance(xobject, pikepdf.Stream):
                continue
            if xobject.get("/Subtype") == Name.Form and depth < 4:
                _read_form(xobject, graphics, reading, where, depth)
            else:
                shown = _intersect(_unit_box(graphics.ctm), graphics.clip)
                if shown is not None:
                    reading.paints.append(_Paint(where, shown, False))


def _path(
    path: list[tuple[str, str, Matrix]],
) -> tuple[list[list[tuple[float, float]]], list[Box], bool]:
    """A path's subpaths as points on the page, the rectangles among them (`re`, square to
    the page), and whether it has anything else (a curve, a slanted `re`, a number that is
    none)."""
    subpaths: list[list[tuple[float, float]]] = []
    rectangles: list[Box] = []
    curved = False
    for operator, operands, ctm in path:
        values = _floats(operands, _OPERANDS[operator])
        if values is None:
            curved = True  # a path not followed: painted, never a box
            continue
        if operator == "re":
            x, y, w, h = values
            corners = [apply(ctm, x + dx, y + dy) for dx, dy in ((0, 0), (0, h), (w, h), (w, 0))]
            square = _square(corners)
            subpaths.append(corners)
            if square is None:
                curved = True
            else:
                rectangles.append(square)
        elif operator == "m":
            subpaths.append([apply(ctm, values[0], values[1])])
        elif operator == "h":
            continue
        elif not subpaths:
            curved = True
        else:
            curved = curved or operator != "l"
            subpaths[-1] += [apply(ctm, values[i], values[i + 1]) for i in range(0, len(values), 2)]
    return subpaths, rectangles, curved


def _painted(
    reading: _Reading,
    where: int,
    graphics: _Graphics,
    operator: str,
    dark: bool,
    subpaths: list[list[tuple[float, float]]],
    rectangles: list[Box],
    curved: bool,
) -> None:
    """Note what a fill painted: a dark box (thick enough to hide letters, or not), a
    dark shape of curves, or something else."""
    boxes: list[Box] = []
    if not curved and not rectangles:  # m, l, l, l (h): one closed path
        square = _square(subpaths[0]) if len(subpaths) == 1 else None
        if square is not None:
            boxes = [square]
    elif not curved and (operator in ("f", "F", "B", "b") or len(rectangles) == 1):
        # by the even-odd rule, rectangles inside each other leave holes
        boxes = rectangles
    if dark and boxes:
        for box in boxes:
            shown = _intersect(box, graphics.clip)
            if shown is not None:
                # a rule or a border, thinner than any letters, hides none
                thick = min(shown[2] - shown[0], shown[3] - shown[1]) >= THICK
                reading.paints.append(_Paint(where, shown, thick))
                reading.dark_seen = reading.dark_seen or thick
        return
    points = [p for subpath in subpaths for p in subpath]
    shown = _intersect(_corners_box(points), graphics.clip)
    if shown is not None:  # a dark shape (an annotation's appearance), or another colour
        reading.paints.append(_Paint(where, shown, dark, square=False))


def _floats(operands: str, count: int) -> list[float] | None:
    """The last `count` operands as numbers (a path's: the quick reading has already
    found them numbers, or pikepdf written them so), None if they are not."""
    words = operands.split()
    if len(words) < count:
        return None
    try:
        values = [float(word) for word in words[len(words) - count :]]
    except ValueError:
        return None
    return values if all(map(math.isfinite, values)) else None


def _set_state(graphics: _Graphics, state: Dictionary) -> None:
    if "/ca" in state:
        graphics.fill_alpha = float(state["/ca"])
    if "/CA" in state:
        graphics.stroke_alpha = float(state["/CA"])
    if "/BM" in state:
        mode = state["/BM"]
        first = mode[0] if isinstance(mode, Array) and len(mode) else mode
        graphics.blend = str(first) in _DARKENING
    if "/SMask" in state:
        graphics.masked = state["/SMask"] != Name("/None")


def _read_form(
    form: pikepdf.Stream, graphics: _Graphics, reading: _Reading, at: int, depth: int
) -> None:
    """A form XObject's fills, painted by the page's instruction `at` (its text is not
    followed: see the module's note)."""
    try:
        data = form.read_bytes()
    except Exception:
        return
    if not _MAY_FILL.search(data):
        return
    parsed = content.parse(data)
    if parsed is None:
        return
    inner = graphics.copy()
    matrix = form.get("/Matrix")
    if isinstance(matrix, Array) and len(matrix) == 6:
        inner.ctm = multiply(tuple(float(v) for v in matrix), inner.ctm)  # type: ignore[arg-type]
    bbox = form.get("/BBox")
    if isinstance(bbox, Array) and len(bbox) == 4:
        corners = [float(v) for v in bbox]
        outline = _corners_box(
            [apply(inner.ctm, x, y) for x in corners[0::2] for y in corners[1::2]]
        )
        inner.clip = _intersect(outline, inner.clip) or (0.0, 0.0, 0.0, 0.0)
    resources = form.get("/Resources")
    operations = [(operands, operator) for operands, operator, _ in parsed]
    _read(
        operations,
        resources if isinstance(resources, Dictionary) else None,
        inner,
        reading,
        at,
        depth + 1,
    )


def _run_box(run: Drawn) -> Box:
    """The box a text run's letters take, as poppler shows the page."""
    (x0, y0), (x1, y1) = run.start, run.end
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 or 1.0
    # across the run, half the height of its letters either side of the middle line
    nx, ny = -(y1 - y0) / length * run.size * 0.35, (x1 - x0) / length * run.size * 0.35
    return _corners_box(
        [(x0 + nx, y0 + ny), (x0 - nx, y0 - ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny)]
    )


def _covers(box: Box, run: Drawn, run_box: Box) -> bool:
    """Whether `box` covers most of the run: most of its letters' height, and most of its
    length or two letters' width of it."""
    overlap = _intersect(run_box, box)
    if overlap is None:
        return False
    width, height = run_box[2] - run_box[0], run_box[3] - run_box[1]
    if width <= 0 or height <= 0:
        return False
    (x0, y0), (x1, y1) = run.start, run.end
    covered_w, covered_h = overlap[2] - overlap[0], overlap[3] - overlap[1]
    if abs(y1 - y0) < 0.01 * max(abs(x1 - x0), 1):  # along the page
        along, across, length = covered_w, covered_h / height, width
    elif abs(x1 - x0) < 0.01 * max(abs(y1 - y0), 1):  # down the page
        along, across, length = covered_h, covered_w / width, height
    else:  # slanted: its box is larger than its letters; the area must be most of it
        return covered_w * covered_h >= ALONG * width * height
    return across >= ACROSS and along >= min(ALONG * length, LETTERS * run.size)


def _annotation_boxes(page: pikepdf.Page, shown: Matrix) -> list[Box]:
    """The opaque near-black areas the page's kept annotations paint over it."""
    boxes: list[Box] = []
    annotations = page.obj.get("/Annots")
    if not isinstance(annotations, Array):
        return boxes
    for annotation in annotations:
        if not isinstance(annotation, Dictionary):
            continue
        try:
            boxes += _annotation_area(annotation, shown)
        except (TypeError, ValueError):  # a number that is none: no verdict on it
            continue
    return boxes


def _annotation_area(annotation: Dictionary, shown: Matrix) -> list[Box]:
    """The opaque near-black areas one annotation paints, as the page is shown."""
    boxes: list[Box] = []
    subtype = str(annotation.get("/Subtype", ""))
    if subtype not in _PAINTING:
        return []
    flags = int(annotation.get("/F", 0)) if isinstance(annotation.get("/F"), int) else 0
    if flags & (2 | 32):  # hidden, or not shown on screen
        return []
    opacity = annotation.get("/CA")
    if opacity is not None and float(opacity) < 1:
        return []
    rect = annotation.get("/Rect")
    if not isinstance(rect, Array) or len(rect) != 4:
        return []
    corners = [float(v) for v in rect]
    area = (min(corners[0::2]), min(corners[1::2]), max(corners[0::2]), max(corners[1::2]))
    appearance = _appearance(annotation)
    if appearance is not None:
        return _appearance_boxes(appearance, area, shown)
    colour = _colour(annotation.get("/C" if subtype == "/Highlight" else "/IC"))
    if subtype == "/FreeText" and colour is None:
        colour = _colour(annotation.get("/C"))
    if not _is_dark(colour) or subtype not in ("/Square", "/Polygon", "/Highlight", "/FreeText"):
        return []
    vertices = annotation.get("/Vertices")
    if subtype == "/Polygon":  # its interior is a box only if it is a rectangle
        values = [float(v) for v in vertices] if isinstance(vertices, Array) else []
        points = [apply(shown, values[i], values[i + 1]) for i in range(0, len(values) - 1, 2)]
        square = _square(points)
        return [square] if square is not None else []
    quads = annotation.get("/QuadPoints")
    if subtype == "/Highlight" and isinstance(quads, Array) and len(quads) >= 8:
        values = [float(v) for v in quads]
        for start in range(0, len(values) - 7, 8):
            points = [apply(shown, values[i], values[i + 1]) for i in range(start, start + 8, 2)]
            boxes.append(_corners_box(points))
    else:
        boxes.append(_corners_box([apply(shown, x, y) for x in area[0::2] for y in area[1::2]]))
    return boxes


def _colour(value: object) -> tuple[float, ...] | None:
    if not isinstance(value, Array) or len(value) not in (1, 3, 4):
        return None
    try:
        return tuple(float(v) for v in value)
    except (TypeError, ValueError):
        return None


def _appearance(annotation: Dictionary) -> pikepdf.Stream | None:
    appearances = annotation.get("/AP")
    normal = appearances.get("/N") if isinstance(appearances, Dictionary) else None
    if isinstance(normal, Dictionary) and not isinstance(normal, pikepdf.Stream):
        state = annotation.get("/AS")
        normal = normal.get(str(state)) if isinstance(state, Name) else None
    return normal if isinstance(normal, pikepdf.Stream) else None


def _appearance_boxes(form: pikepdf.Stream, area: Box, shown: Matrix) -> list[Box]:
    """The dark fills of an annotation's appearance, placed as a viewer places it: its
    box, transformed by its matrix, fitted to the annotation's rectangle (ISO 32000-1,
    12.5.5)."""
    bbox = form.get("/BBox")
    if not isinstance(bbox, Array) or len(bbox) != 4:
        return []
    matrix = form.get("/Matrix")
    own = (
        tuple(float(v) for v in matrix)
        if isinstance(matrix, Array) and len(matrix) == 6
        else IDENTITY
    )
    corners = [float(v) for v in bbox]
    transformed = _corners_box([apply(own, x, y) for x in corners[0::2] for y in corners[1::2]])  # type: ignore[arg-type]
    width, height = transformed[2] - transformed[0], transformed[3] - transformed[1]
    if width <= 0 or height <= 0:
        return []
    fit = (
        (area[2] - area[0]) / width,
        0.0,
        0.0,
        (area[3] - area[1]) / height,
        area[0] - transformed[0] * (area[2] - area[0]) / width,
        area[1] - transformed[1] * (area[3] - area[1]) / height,
    )
    # the form's own matrix is applied by `_read_form`: here the fit, then the page's
    reading = _Reading(any_shape=True)
    _read_form(form, _Graphics(ctm=multiply(fit, shown)), reading, 0, 0)
    return [paint.box for paint in reading.paints if paint.dark]


def hidden_pages(pdf: pikepdf.Pdf) -> list[int]:
    """The pages (from 1) on which words are hidden under a near-black box."""
    found = []
    fonts: dict[tuple[int, int], Font] = {}
    for number, page in enumerate(pdf.pages, start=1):
        if _hides_words(pdf, page, fonts):
            found.append(number)
    return found


def _hides_words(pdf: pikepdf.Pdf, page: pikepdf.Page, fonts: dict[tuple[int, int], Font]) -> bool:
    shown = _shown(page)
    covering = _annotation_boxes(page, shown)
    data = _content(page)
    if not covering and (data is None or b"BT" not in data or not _MAY_FILL.search(data)):
        return False  # nothing painted that could hide words: almost every page
    instructions = page_instructions(pdf, page)
    if not instructions:
        return False
    resources = page.obj.get("/Resources")
    reading = _Reading()
    _read(
        [(operands, operator) for _, operator, operands in instructions],
        resources if isinstance(resources, Dictionary) else None,
        _Graphics(ctm=shown),
        reading,
        None,
    )
    boxes = [p for p in reading.paints if p.dark and p.square]
    texts = [(i, dark) for i, (visible, dark) in reading.texts.items() if visible]
    if not texts or not (covering or boxes):
        return False
    first, last = boxes[0].index if boxes else -1, boxes[-1].index if boxes else -1
    if not covering and not any(i < last or (dark and i > first) for i, dark in texts):
        return False  # every box is painted before the runs, and under no dark text
    # only now where each run is drawn, which reads the fonts' widths
    runs = {run.index: run for run in follow(page, instructions, fonts) if run.kind == "text"}
    starts = [p.index for p in boxes]
    order = [p.index for p in reading.paints]
    for index, dark in texts:
        run = runs.get(index)
        if run is None or run.blank:
            continue
        run_box = _run_box(run)
        after = boxes[bisect.bisect_right(starts, index) :]
        if any(_covers(box, run, run_box) for box in covering) or any(
            _covers(p.box, run, run_box) for p in after
        ):
            return True
        if dark and _on_dark(reading.paints, order, boxes, index, run, run_box):
            return True
    return False


def _on_dark(
    paints: list[_Paint],
    order: list[int],
    boxes: list[_Paint],
    index: int,
    run: Drawn,
    run_box: Box,
) -> bool:
    """Whether dark text is painted on a dark box that covers it, with nothing painted
    between them over the run (a white cell or a picture it would be seen against)."""
    under = [p for p in boxes if p.index < index and _covers(p.box, run, run_box)]
    if not under:
        return False
    start = bisect.bisect_right(order, under[-1].index)
    end = bisect.bisect_left(order, index)
    return not any(not p.dark and _intersect(p.box, run_box) is not None for p in paints[start:end])


def _content(page: pikepdf.Page) -> bytes | None:
    try:
        return content.content_bytes(page)
    except Exception:
        return None
