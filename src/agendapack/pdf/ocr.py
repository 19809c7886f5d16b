"""Scanned pages read by OCR, so that a screen reader finds their words (shared/DESIGN.md,
"Every page readable"; the README's "What a paper may be").

A page with no text of its own and an image covering it is a scan. Tesseract reads the
page's own image, taken out of the PDF as it is (never a rendering of the page), turned
upright first when the page shows it turned or mirrored, straightened when it was
scanned skewed, and its pixels made square (a fax's in standard mode are twice as tall as
wide). Its words are laid on the page as invisible text (render mode 3) where
Tesseract found them, in a font with no glyphs and a Unicode map: what a reader sees is
unchanged, and `pdftotext`, search and a screen reader get the words. A page whose
typing was itself scanned upside down or sideways (fed so into the scanner) reads poorly:
Tesseract's orientation detection is asked, the image read turned upright, and the page
shown turned upright by its /Rotate. What Tesseract read is kept in build/.cache/ocr/ by
the hash of the image, Tesseract's version and the language, so a rebuild reads no page
twice.

Whatever cannot be read (an image pikepdf cannot decode, Tesseract missing or failing) is
said in one line and the page is kept as it was.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import math
import os
import shutil
import subprocess
import warnings
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agendapack.errors import Problem
from agendapack.pdf.matrix import IDENTITY, Matrix, apply, multiply

if TYPE_CHECKING:
    import pikepdf
    from PIL import Image

# Bump when what is read or how it is laid on the page changes: cached readings and clean
# copies made by older rules are not reused.
OCR_VERSION = "2"  # 2: a page found turned is read upright, a skewed one straightened
# Bump when which images of a page are read changes: clean copies made by older rules are
# made again, and the readings of the images they read before are still good.
SCANS_VERSION = "2"  # 2: a scan drawn in strips read as one image
LANGUAGE = "eng"
# Tesseract's confidence (0-100) below which a word is left out: a photograph's texture
# or a blank page's specks read as words of 10-40, a typed letter's words as 90 and more.
MIN_CONFIDENCE = 60
# A page is a scan when images cover at least half of it; each image covering a tenth of
# it or more is read (a logo on a scanned letter is part of the image, not one of these).
SCAN_SHARE = 0.5
IMAGE_SHARE = 0.1
# Pixels taller than wide by more than this (or wider than tall), as a fax's in standard
# mode, are made square before the image is read.
SQUARE = 1.1
MAX_PIXELS = 120_000_000  # an A0 sheet at 300 dpi is 140 million: no council letter
TIMEOUT = 300  # seconds for one image
# Tesseract processes at once, as many as there are cores up to this, each on one thread
# (OMP_THREAD_LIMIT=1: its own threads made one page slower; benchmarks/README.md).
MAX_WORKERS = 4
# A reading is poor when fewer than half its words are sure: the page may be turned (a
# letter fed upside down reads as "sradedsmau uo Jo"), and Tesseract's orientation
# detection is asked. A reading of fewer words than this is a blank page or a mark: no
# turn is looked for.
POOR_SHARE = 0.5
FEW_WORDS = 3
# Tesseract reads a scan skewed by 3 degrees well, and loses whole lines of one skewed by
# 4 (measured: 11 of 30 words read): a scan skewed by this much or more is straightened
# before it is read, by up to MAX_SKEW.
MIN_SKEW = 1.0
MAX_SKEW = 6.0

_TEXT_SHOWN = {"Tj", "TJ", "'", '"'}
_MAX_DEPTH = 12


@dataclass
class Placement:
    """An image drawn on a page, with the matrix that maps its unit square to the page."""

    image: pikepdf.Stream
    matrix: Matrix
    # a scan drawn in strips (a printer's PCLm, none a tenth of the page): the strips, top
    # first, read as one image, whose unit square `matrix` maps to the page
    strips: tuple[Placement, ...] = ()


@dataclass
class _Look:
    """What a walk through a page's content found."""

    text: bool = False
    images: list[Placement] = field(default_factory=list)


def _walk(
    container: Any, resources: Any, ctm: Matrix, look: _Look, seen: set[Any], depth: int
) -> None:
    import pikepdf

    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    stack: list[Matrix] = []
    for instruction in pikepdf.parse_content_stream(container, "q Q cm Do Tj TJ ' \""):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue  # a scanner's page is an image XObject; an inline one is a small mark
        operands, name = instruction.operands, str(instruction.operator)
        if name in _TEXT_SHOWN:
            look.text = True
            return
        if name == "q":
            stack.append(ctm)
        elif name == "Q":
            if stack:
                ctm = stack.pop()
        elif name == "cm" and len(operands) == 6:
            ctm = multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif name == "Do" and operands and isinstance(xobjects, pikepdf.Dictionary):
            drawn = xobjects.get(str(operands[0]))
            if not isinstance(drawn, pikepdf.Stream):
                continue
            kind = drawn.get("/Subtype")
            if kind == "/Image":
                look.images.append(Placement(drawn, ctm))
            elif kind == "/Form" and depth < _MAX_DEPTH and drawn.objgen not in seen:
                seen.add(drawn.objgen)
                form_matrix = drawn.get("/Matrix")
                inner = ctm
                if isinstance(form_matrix, pikepdf.Array) and len(form_matrix) == 6:
                    inner = multiply(tuple(float(v) for v in form_matrix), ctm)  # type: ignore[arg-type]
                _walk(drawn, drawn.get("/Resources", resources), inner, look, seen, depth + 1)
                if look.text:
                    return


def _area(box: tuple[float, float, float, float]) -> float:
    return max(box[2] - box[0], 0.0) * max(box[3] - box[1], 0.0)


def _bounds(m: Matrix) -> tuple[float, float, float, float]:
    corners = [apply(m, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _page_box(page: pikepdf.Page) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in page.cropbox)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _covered(box: tuple[float, ...], other: tuple[float, ...]) -> float:
    return _area(
        (max(box[0], other[0]), max(box[1], other[1]), min(box[2], other[2]), min(box[3], other[3]))
    )


def scan_images(page: pikepdf.Page) -> list[Placement]:
    """The images to read on a page that is a scan (no text shown, images covering at
    least half of it); nothing for any other page. Raises what pikepdf raises on content
    it cannot parse."""
    import pikepdf

    resources = page.obj.get("/Resources")
    if not isinstance(resources, pikepdf.Dictionary):
        resources = page.resources  # inherited from the page tree
    if not _draws_images(resources):
        return []  # most pages: nothing to parse
    look = _Look()
    _walk(page, resources, IDENTITY, look, set(), 0)
    if look.text or not look.images:
        return []
    box = _page_box(page)
    whole = _area(box)
    if whole <= 0:
        return []
    shares = [_covered(_bounds(p.matrix), box) / whole for p in look.images]
    if min(sum(shares), 1.0) < SCAN_SHARE:
        return []
    read = [p for p, share in zip(look.images, shares, strict=True) if share >= IMAGE_SHARE]
    if read:
        return read
    stitched = _stitched(look.images)
    return [stitched] if stitched is not None else []


def _stitched(images: list[Placement]) -> Placement | None:
    """Strips of one scan, as a printer's PCLm draws a page (415 strips 16 pixels high):
    one placement of them all, if they are upright, of one width in pixels and on the page,
    of one resolution, and each touching the next down the page; else None."""
    if len(images) < 2:
        return None
    first = images[0]
    a, e = first.matrix[0], first.matrix[4]
    width = int(first.image.get("/Width", 0))
    scale = int(first.image.get("/Height", 0)) / first.matrix[3] if first.matrix[3] else 0.0
    for placement in images:
        m, image = placement.matrix, placement.image
        if abs(m[1]) > 1e-6 or abs(m[2]) > 1e-6 or m[3] <= 0 or abs(m[0] - a) > 0.01:
            return None
        if abs(m[4] - e) > 0.01 or int(image.get("/Width", 0)) != width or width <= 0:
            return None
        if abs(int(image.get("/Height", 0)) / m[3] - scale) > 0.01 * scale:
            return None
    strips = sorted(images, key=lambda p: -p.matrix[5])  # the top first
    for upper, lower in zip(strips, strips[1:], strict=False):
        if abs(lower.matrix[5] + lower.matrix[3] - upper.matrix[5]) > 0.5:
            return None  # a gap or an overlap: not one scan
    bottom, top = strips[-1].matrix[5], strips[0].matrix[5] + strips[0].matrix[3]
    return Placement(strips[0].image, (a, 0.0, 0.0, top - bottom, e, bottom), tuple(strips))


def _draws_images(resources: Any) -> bool:
    """Whether the page's resources hold an image or a form (which may hold one)."""
    import pikepdf

    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    if not isinstance(xobjects, pikepdf.Dictionary):
        return False
    return any(
        isinstance(x, pikepdf.Stream) and x.get("/Subtype") in ("/Image", "/Form")
        for _, x in xobjects.items()
    )


def scanned_pages(pdf: pikepdf.Pdf) -> list[int]:
    """The numbers (from 1) of the pages that are scans, for `check`: those a build reads
    by OCR. A page whose content cannot be parsed is left to collation to judge."""
    found = []
    for number, page in enumerate(pdf.pages, start=1):
        with contextlib.suppress(Exception):
            if scan_images(page):
                found.append(number)
    return found


# -- Tesseract --------------------------------------------------------------------------


@dataclass(frozen=True)
class Engine:
    """The Tesseract that reads the scans, and what names its readings in the cache."""

    command: str
    version: str  # "tesseract 5.3.0"
    language: str
    data: str  # the language file's size and time: an update of it reads again
    osd: bool = False  # orientation detection's data (tesseract-ocr-osd) is installed

    @property
    def key(self) -> str:
        return f"{OCR_VERSION}\0{self.version}\0{self.language}\0{self.data}\0{self.osd}"


@functools.cache
def engine() -> Engine | None:
    """Tesseract with its English data, or None when it is not installed."""
    command = shutil.which("tesseract")
    if not command:
        return None
    try:
        version = _run([command, "--version"]).splitlines()[0].strip()
        listing = _run([command, "--list-langs"]).splitlines()
    except (OSError, subprocess.SubprocessError, IndexError):
        return None
    languages = {line.strip() for line in listing[1:]}
    if LANGUAGE not in languages:
        return None
    data = ""
    # 'List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (2):'
    if '"' in listing[0]:
        with contextlib.suppress(OSError):
            status = (Path(listing[0].split('"')[1]) / f"{LANGUAGE}.traineddata").stat()
            data = f"{status.st_size}:{status.st_mtime_ns}"
    return Engine(command, version, LANGUAGE, data, "osd" in languages)


def engine_signature() -> str:
    """Cheap (no process started): which Tesseract a clean copy was read with, for its
    name in the cache, so that installing or updating Tesseract reads the scans again."""
    command = shutil.which("tesseract")
    if not command:
        return "no OCR"
    try:
        status = Path(command).resolve().stat()
    except OSError:
        return "no OCR"
    return (
        f"{OCR_VERSION}:{SCANS_VERSION}:{command}:{status.st_size}:{status.st_mtime_ns}"
        f":{_orientation_data()}"
    )


def _orientation_data() -> str:
    """Tesseract's orientation data (tesseract-ocr-osd), by its size and time, where
    Tesseract looks for it (TESSDATA_PREFIX, else Debian's place); "" when there is none:
    installing it reads again the scans read without it, a page fed turned among them."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    places = (
        [Path(prefix)] if prefix else sorted(Path("/usr/share/tesseract-ocr").glob("*/tessdata"))
    )
    for place in places:
        with contextlib.suppress(OSError):
            status = (place / "osd.traineddata").stat()
            return f"{status.st_size}:{status.st_mtime_ns}"
    return ""


def _run(arguments: list[str]) -> str:
    done = subprocess.run(arguments, capture_output=True, timeout=30, check=True)
    return (done.stdout or done.stderr).decode("utf-8", "replace")


@dataclass(frozen=True)
class Word:
    """A word Tesseract read, boxed in the upright image's pixels (y downwards)."""

    text: str
    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class Reading:
    """What Tesseract read in one image, or why it could not."""

    words: tuple[Word, ...] = ()
    problem: str = ""
    again: bool = False  # Tesseract failed, not the image: try again at the next build
    # The page's picture was found turned, and read turned upright: by this many degrees
    # clockwise (0, 90, 180 or 270), which the page's /Rotate gets too, so that a reader
    # sees it upright.
    turn: int = 0
    # The words' pixels (of the image turned upright) to the pixels of the image as the
    # page shows it.
    to_shown: Matrix = IDENTITY
    # words Tesseract found at all, sure or not: how sure the reading is (not cached)
    found: int = 0


def parse_tsv(tsv: str) -> tuple[Word, ...]:
    """The words of Tesseract's TSV output that it is sure enough of."""
    return _parsed(tsv)[0]


def _parsed(tsv: str) -> tuple[tuple[Word, ...], int]:
    """The sure words of Tesseract's TSV output, and how many words it found at all."""
    words, found = [], 0
    for line in tsv.splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        try:
            confidence = float(cells[10])
            left, top, width, height = (float(v) for v in cells[6:10])
        except ValueError:
            continue
        if not text:
            continue
        found += 1
        if confidence >= MIN_CONFIDENCE and width > 0 and height > 0:
            words.append(Word(text, left, top, width, height))
    return tuple(words), found


def read_image(image: Image.Image, dpi: int, tesseract: Engine) -> Reading:
    """Tesseract's reading of the image as the page shows it: straightened when skewed,
    and, when the reading is poor and Tesseract finds the page turned, of the image turned
    upright, if that reads more words."""
    reading = _read_straightened(image, dpi, tesseract)
    if reading.problem or not tesseract.osd or not _poor(reading):
        return reading
    turn = _orientation(image, dpi, tesseract)
    if not turn:
        return reading
    key = _CLOCKWISE[turn]
    turned = _transposed(image, key)
    again = _read_straightened(turned, dpi, tesseract)
    if again.problem or _level(again) <= _level(reading):
        return reading  # the detection was wrong, or the page reads no better turned
    back = _from_upright(key, image.width, image.height)
    return Reading(again.words, turn=turn, to_shown=multiply(again.to_shown, back))


def _poor(reading: Reading) -> bool:
    return reading.found >= FEW_WORDS and _level(reading) < POOR_SHARE * reading.found


def _level(reading: Reading) -> int:
    """The sure words read along the image's rows. Tesseract reads a page turned a
    quarter clockwise by itself, but its words' boxes stand upright, down the page: laid
    in them, a word is read as a column of letters, so the page is turned as well."""
    return sum(1 for w in reading.words if len(w.text) < 2 or w.width >= w.height)


def _read_straightened(image: Image.Image, dpi: int, tesseract: Engine) -> Reading:
    angle = straightening(image)
    if abs(angle) < MIN_SKEW:
        return _tesseract(image, dpi, tesseract)
    straight, back = _rotated(image, angle)
    reading = _tesseract(straight, dpi, tesseract)
    return Reading(
        _levelled(reading.words, back), reading.problem, reading.again, found=reading.found
    )


def _levelled(words: tuple[Word, ...], back: Matrix) -> tuple[Word, ...]:
    """Words read on the straightened image (`back` maps its pixels to the skewed one's),
    laid level on the skewed image: each line of them where its middle is, each word
    where its middle is along it. Laid along the skew, poppler reads them as pieces of
    words ("associatio n"); each word level where it is, as lines stepping down, out of
    order. The ends of a line are off its ink by up to half its length times the skew."""
    lines: list[list[Word]] = []
    for word in words:  # Tesseract's order: line by line; a line's words overlap in height
        last = lines[-1][-1] if lines else None
        if (
            last is not None
            and word.top < last.top + last.height
            and last.top < word.top + word.height
        ):
            lines[-1].append(word)
        else:
            lines.append([word])
    level = []
    for line in lines:
        left = min(w.left for w in line)
        right = max(w.left + w.width for w in line)
        middle = sum(w.top + w.height / 2 for w in line) / len(line)
        _, y = apply(back, (left + right) / 2, middle)
        for word in line:
            x, _ = apply(back, word.left + word.width / 2, middle)
            level.append(
                Word(word.text, x - word.width / 2, y - word.height / 2, word.width, word.height)
            )
    return tuple(level)


def _tesseract(image: Image.Image, dpi: int, tesseract: Engine) -> Reading:
    """One reading of one image by Tesseract."""
    done = _run_tesseract(image, ["-l", tesseract.language, "--dpi", str(dpi), "tsv"], tesseract)
    if isinstance(done, Reading):
        return done
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return Reading(
            problem=f"Tesseract failed ({said[-1] if said else done.returncode})", again=True
        )
    words, found = _parsed(done.stdout.decode("utf-8", "replace"))
    return Reading(words, found=found)


def _run_tesseract(
    image: Image.Image, options: list[str], tesseract: Engine
) -> subprocess.CompletedProcess[bytes] | Reading:
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # raw pixels: nothing to compress, nothing to decode
    environment = dict(os.environ, OMP_THREAD_LIMIT="1")  # measured: its threads cost
    try:
        return subprocess.run(
            [tesseract.command, "stdin", "stdout", *options],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=TIMEOUT,
            env=environment,
        )
    except subprocess.TimeoutExpired:
        return Reading(problem=f"Tesseract took over {TIMEOUT} s", again=True)
    except OSError as exc:
        return Reading(problem=f"Tesseract could not be run ({exc.strerror})", again=True)


def _orientation(image: Image.Image, dpi: int, tesseract: Engine) -> int:
    """How many degrees clockwise the image must turn to read upright, as Tesseract's
    orientation detection (`--psm 0`, OCRmyPDF's way) finds it; 0 when it cannot say (too
    few letters, say). Its confidence is not weighed: on a short letter it is as low turned
    as upright (14 to 15), and the page is only turned if it then reads more words."""
    done = _run_tesseract(image, ["-l", "osd", "--psm", "0", "--dpi", str(dpi)], tesseract)
    if isinstance(done, Reading) or done.returncode != 0:
        return 0
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "Rotate":
            with contextlib.suppress(ValueError):
                turn = int(value.strip()) % 360
                return turn if turn in _CLOCKWISE else 0
    return 0


# -- straightening a skewed scan ----------------------------------------------------------


def straightening(image: Image.Image) -> float:
    """The turn (degrees, anticlockwise, to a tenth) that lays the lines of the image's
    typing along its rows; 0 when none is clearly better. Found as scanners' deskewing
    finds it: the turn after which the rows of ink, summed across the page, change most
    sharply from row to row."""
    from PIL import Image, ImageOps

    small = image.convert("L")
    factor = max(1, round(small.width / 500))  # about 60 dpi for an A4 page: quick
    if factor > 1:
        small = small.reduce(factor)
    ink = ImageOps.invert(small).point(lambda v: 255 if v > 96 else 0)

    def sharpness(angle: float) -> float:
        turned = ink.rotate(angle, resample=Image.Resampling.BILINEAR) if angle else ink
        rows = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
        return float(sum((rows[i + 1] - rows[i]) ** 2 for i in range(len(rows) - 1)))

    level = sharpness(0.0)
    if level <= 0:
        return 0.0  # a blank page
    steps = round(MAX_SKEW)
    best = max((float(i) for i in range(-steps, steps + 1)), key=sharpness)  # by degrees
    best = max((best + i / 5 for i in range(-4, 5)), key=sharpness)  # by fifths
    best = max((best + i / 10 for i in (-1, 0, 1)), key=sharpness)  # by tenths
    # the typing of a sideways page runs down the rows: every angle is as sharp
    return round(best, 1) if sharpness(best) > 1.2 * level else 0.0


def _rotated(image: Image.Image, angle: float) -> tuple[Image.Image, Matrix]:
    """The image turned `angle` degrees anticlockwise about its centre, grown to hold all
    of it (white around it); and the map from its pixels back to the image's."""
    from PIL import Image

    radians = math.radians(angle)
    cos, sin = math.cos(radians), math.sin(radians)
    width, height = image.size
    grown_width = math.ceil(abs(width * cos) + abs(height * sin))
    grown_height = math.ceil(abs(width * sin) + abs(height * cos))
    # a pixel (x, y) of the turned image (y downwards) is, in the image's pixels,
    # centre + the turn back about the turned image's centre
    cx, cy, gx, gy = width / 2, height / 2, grown_width / 2, grown_height / 2
    back: Matrix = (cos, sin, -sin, cos, 0.0, 0.0)
    back = (*back[:4], cx - (cos * gx - sin * gy), cy - (sin * gx + cos * gy))
    mode = "L" if image.mode == "1" else image.mode
    white = 255 if mode == "L" else (255, 255, 255)
    turned = image.convert(mode).transform(
        (grown_width, grown_height),
        Image.Transform.AFFINE,
        (back[0], back[2], back[4], back[1], back[3], back[5]),  # Pillow's order
        resample=Image.Resampling.BICUBIC,
        fillcolor=white,
    )
    return turned, back


# -- turning an image upright -------------------------------------------------------------

# Each way Pillow turns or mirrors an image, as the matrix taking a pixel (x, y) of the
# image as stored to the turned image's: (u, v) = (p x + q y, r x + s y) + an offset.
_TURNS: dict[tuple[int, int, int, int], int | None] = {
    (1, 0, 0, 1): None,
    (-1, 0, 0, 1): 0,  # Image.Transpose.FLIP_LEFT_RIGHT
    (1, 0, 0, -1): 1,  # FLIP_TOP_BOTTOM
    (0, 1, -1, 0): 2,  # ROTATE_90 (anticlockwise)
    (-1, 0, 0, -1): 3,  # ROTATE_180
    (0, -1, 1, 0): 4,  # ROTATE_270
    (0, 1, 1, 0): 5,  # TRANSPOSE
    (0, -1, -1, 0): 6,  # TRANSVERSE
}


# Tesseract's orientation detection's "Rotate: N" (degrees clockwise to turn the image
# upright) as the turn of _TURNS that does it
_CLOCKWISE: dict[int, tuple[int, int, int, int]] = {
    90: (0, -1, 1, 0),  # ROTATE_270
    180: (-1, 0, 0, -1),
    270: (0, 1, -1, 0),  # ROTATE_90
}


def _transposed(image: Image.Image, turn: tuple[int, int, int, int]) -> Image.Image:
    from PIL import Image

    method = _TURNS[turn]
    return image if method is None else image.transpose(Image.Transpose(method))


def _pixels_to_unit(width: int, height: int) -> Matrix:
    """A stored image's pixels (y downwards) to its unit square (y upwards)."""
    return (1 / width, 0.0, 0.0, -1 / height, 0.0, 1.0)


def upright_turn(matrix: Matrix, rotate: int, width: int, height: int) -> tuple[int, int, int, int]:
    """How to turn the stored image so that it reads as the page shows it: the image's
    placement on the page, then the page's /Rotate (clockwise), to the screen (y down)."""
    angle = math.radians(-rotate)
    to_screen: Matrix = (math.cos(angle), math.sin(angle), -math.sin(angle), math.cos(angle), 0, 0)
    seen = multiply(
        multiply(multiply(_pixels_to_unit(width, height), matrix), to_screen), (1, 0, 0, -1, 0, 0)
    )

    def axis(x: float, y: float) -> tuple[int, int]:
        if abs(x) >= abs(y):
            return (1 if x > 0 else -1), 0
        return 0, (1 if y > 0 else -1)

    # where the stored image's x and y axes point on the screen
    (p, r), (q, s) = axis(seen[0], seen[1]), axis(seen[2], seen[3])
    turn = (p, q, r, s)
    return turn if turn in _TURNS else (1, 0, 0, 1)


def _from_upright(turn: tuple[int, int, int, int], width: int, height: int) -> Matrix:
    """The turned image's pixels back to the stored image's."""
    p, q, r, s = turn
    corners = [
        (p * x + q * y, r * x + s * y)
        for x, y in ((0, 0), (width, 0), (0, height), (width, height))
    ]
    du, dv = -min(c[0] for c in corners), -min(c[1] for c in corners)
    # (u, v) = P (x, y) + d, and P's inverse is its transpose
    forward: Matrix = (p, r, q, s, du, dv)
    return _inverse(forward)


def _inverse(m: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    det = a * d - b * c
    return (d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det)


# -- the text on the page -----------------------------------------------------------------

GLYPH_WIDTH = 500  # thousandths of the font size: every character of the font is this wide


def text_layer(words: tuple[Word, ...], to_page: Matrix, font: str) -> bytes:
    """Content drawing `words` invisibly where they are on the page: `to_page` maps the
    upright image's pixels to the page's space."""
    lines = [b"q", b"BT", b"3 Tr", f"{font} 1 Tf".encode()]
    for word in words:
        text = "".join(
            ch for ch in word.text if ord(ch) < 0x10000 and not 0xD800 <= ord(ch) < 0xE000
        )
        if not text:
            continue
        stretch = word.width / (len(text) * GLYPH_WIDTH / 1000)
        glyphs: Matrix = (stretch, 0.0, 0.0, -word.height, word.left, word.top + word.height)
        placed = multiply(glyphs, to_page)
        numbers = " ".join(_number(v) for v in placed)
        lines.append(f"{numbers} Tm <{text.encode('utf-16-be').hex()}> Tj".encode())
    lines += [b"ET", b"Q", b""]
    return b"\n".join(lines)


def _number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_TO_UNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 beginbfrange
<0000> <FFFF> <0000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def glyphless_font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    """A font whose every character is an empty glyph half an em wide, and whose codes are
    their own Unicode (UTF-16): Tesseract's GlyphLessFont, as its PDF renderer writes it
    (glyphless.ttf is Tesseract's pdf.ttf, Apache-2.0)."""
    import zlib

    import pikepdf

    program = (Path(__file__).with_name("glyphless.ttf")).read_bytes()
    descriptor = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor,
            FontName=pikepdf.Name.GlyphLessFont,
            Flags=5,
            FontBBox=[0, 0, GLYPH_WIDTH, 1000],
            ItalicAngle=0,
            Ascent=1000,
            Descent=0,
            CapHeight=1000,
            StemV=80,
            FontFile2=pdf.make_stream(program),
        )
    )
    every_code_to_glyph_1 = pdf.make_stream(zlib.compress(b"\x00\x01" * 65536))
    every_code_to_glyph_1.Filter = pikepdf.Name.FlateDecode
    cid_font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.CIDFontType2,
            BaseFont=pikepdf.Name.GlyphLessFont,
            CIDSystemInfo=pikepdf.Dictionary(
                Registry=pikepdf.String("Adobe"),
                Ordering=pikepdf.String("Identity"),
                Supplement=0,
            ),
            FontDescriptor=descriptor,
            DW=GLYPH_WIDTH,
            CIDToGIDMap=every_code_to_glyph_1,
        )
    )
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type0,
            BaseFont=pikepdf.Name.GlyphLessFont,
            Encoding=pikepdf.Name("/Identity-H"),
            DescendantFonts=[cid_font],
            ToUnicode=pdf.make_stream(_TO_UNICODE),
        )
    )


# -- a document's scans -------------------------------------------------------------------


@dataclass
class _Job:
    page: int  # from 0
    to_page: Matrix
    key: str
    reading: Reading | Future[Reading] | None = None


def _pages_said(numbers: list[int]) -> str:
    numbers = sorted(set(numbers))
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    return f"pages {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


@dataclass
class Outcome:
    """What reading a document's scans came to: what the officer is told, and whether a
    failure of Tesseract's (not of the file's) means reading again at the next build."""

    problems: list[Problem] = field(default_factory=list)
    again: bool = False


def read_scans(pdf: pikepdf.Pdf, cache: Path, shown_as: str) -> Outcome:
    """Lay the words of every scanned page of `pdf` on it as invisible text, reading each
    image with Tesseract unless `cache` has its reading already. Pages that cannot be
    read are kept as they are, and said in one line."""
    try:
        return _read_scans(pdf, cache, shown_as)
    except Exception as exc:  # agendapack's own fault, never the paper's: it goes in as it is
        return Outcome(
            [
                Problem.warning(
                    shown_as,
                    f"its scanned pages could not be read by OCR ({type(exc).__name__}: "
                    f"{exc}), so a screen reader may find no words there",
                )
            ]
        )


def _read_scans(pdf: pikepdf.Pdf, cache: Path, shown_as: str) -> Outcome:
    outcome = Outcome()
    found: list[tuple[int, Placement]] = []
    for index, page in enumerate(pdf.pages):
        # content qpdf cannot parse is no page to lay text on
        with contextlib.suppress(Exception):
            found.extend((index, placement) for placement in scan_images(page))
    if not found:
        return outcome
    tesseract = engine()
    if tesseract is None:
        numbers = sorted({index + 1 for index, _ in found})
        verb = "is a scan" if len(numbers) == 1 else "are scans"
        outcome.problems.append(
            Problem.warning(
                shown_as,
                f"{_pages_said(numbers)} {verb} and Tesseract is not installed, so a screen "
                "reader finds no words there",
                advice="install tesseract-ocr and tesseract-ocr-eng (make run does) and build "
                "again with --force",
            )
        )
        return outcome
    unreadable: dict[int, str] = {}
    jobs: list[_Job] = []
    workers = max(1, min(os.cpu_count() or 1, MAX_WORKERS))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: list[Future[Reading]] = []
        for index, placement in found:
            try:
                image, to_page, dpi = _upright(placement, _rotation(pdf.pages[index]))
            except Exception as exc:
                unreadable.setdefault(index + 1, _why_not(exc, placement))
                continue
            key = _reading_key(image, tesseract)
            job = _Job(index, to_page, key)
            jobs.append(job)
            known = _cached(cache, key)
            if known is not None:
                job.reading = known
                continue
            while len(pending) >= workers:  # a few decoded images in memory at a time
                _, still = wait(pending, return_when="FIRST_COMPLETED")
                pending = list(still)
            job.reading = pool.submit(read_image, image, dpi, tesseract)
            pending.append(job.reading)
    layers: dict[int, list[bytes]] = {}
    turns: dict[int, set[int]] = {}  # how each page's pictures with words were found turned
    font: pikepdf.Dictionary | None = None
    for job in jobs:
        reading = job.reading
        if isinstance(reading, Future):
            try:
                reading = reading.result()
            except Exception as exc:  # agendapack's own fault: the page is kept as it is
                reading = Reading(problem=f"{type(exc).__name__}: {exc}", again=True)
            if not reading.problem:
                _keep(cache, job.key, reading)
        assert reading is not None
        if reading.problem:
            unreadable.setdefault(job.page + 1, reading.problem)
            outcome.again = outcome.again or reading.again
            continue
        if not reading.words:
            continue
        layers.setdefault(job.page, [])
        if font is None:
            font = glyphless_font(pdf)
        to_page = multiply(reading.to_shown, job.to_page)
        layers[job.page].append(text_layer(reading.words, to_page, "/OCR"))
        turns.setdefault(job.page, set()).add(reading.turn)
    import pikepdf

    # A tagged document's structure says what its pages hold, the scan as a figure with
    # its own description: words outside that structure are page furniture to PDF/UA, so
    # there they are marked as such, for search and copying. An untagged page's words are
    # tagged with the rest of the page when the pack is collated.
    root = pdf.Root.get("/StructTreeRoot")
    tagged = isinstance(root, pikepdf.Dictionary) and "/K" in root
    for index, contents in layers.items():
        page = pdf.pages[index]
        if not isinstance(page.obj.get("/Resources"), pikepdf.Dictionary):
            page.obj.Resources = pikepdf.Dictionary(dict(page.resources.items()))
        assert font is not None
        name = page.add_resource(font, pikepdf.Name.Font, prefix="OCR")
        layer = b"".join(contents).replace(b"/OCR 1 Tf", f"{name} 1 Tf".encode())
        if tagged:
            layer = b"/Artifact BMC\n" + layer + b"EMC\n"
        # under the image: the page's own content is drawn as it always was
        page.contents_add(pdf.make_stream(layer), prepend=True)
    # A page fed into the scanner upside down or sideways is shown upright, as a council
    # officer would turn it: its /Rotate turns it (the picture and the words on it, as they
    # are), and the pack's page number is stamped at the bottom of the page as shown.
    for index, found_turns in turns.items():
        if len(found_turns) == 1 and (turn := next(iter(found_turns))):
            page = pdf.pages[index]
            page.obj.Rotate = (_rotation(page) + turn) % 360
    for number, problem in sorted(unreadable.items()):
        outcome.problems.append(
            Problem.warning(
                shown_as,
                f"page {number} is a scan that could not be read by OCR ({problem})",
                advice="a screen reader finds no words there, so ask its author for the "
                "original file",
            )
        )
    return outcome


def _rotation(page: pikepdf.Page) -> int:
    """The page's /Rotate, its own or inherited; 0 when it is not a number."""
    import pikepdf

    current: Any = page.obj
    for _ in range(_MAX_DEPTH):
        if not isinstance(current, pikepdf.Dictionary):
            break
        rotate = current.get("/Rotate")
        if rotate is not None:
            try:
                return int(rotate) % 360
            except (TypeError, ValueError):
                return 0
        current = current.get("/Parent")
    return 0


def _why_not(exc: Exception, placement: Placement) -> str:
    import pikepdf

    if isinstance(exc, _TooBig):
        return str(exc)
    kind = placement.image.get("/Filter")
    if isinstance(kind, pikepdf.Array) and len(kind):
        kind = kind[-1]  # the last filter is the image's own coding
    named = f"{str(kind).lstrip('/')} " if isinstance(kind, pikepdf.Name) else ""
    return f"its {named}image cannot be decoded"


class _TooBig(Exception):
    pass


def _upright(placement: Placement, rotate: int) -> tuple[Image.Image, Matrix, int]:
    """The placed image as Pillow reads it, turned to read as the page shows it; the map
    from its pixels to the page; its resolution on the page, in dots per inch."""
    import pikepdf
    from PIL import Image

    parts = placement.strips or (placement,)
    images = [pikepdf.PdfImage(part.image) for part in parts]
    width, height = int(images[0].width), sum(int(image.height) for image in images)
    if width * height > MAX_PIXELS:
        raise _TooBig(f"its image is {width} by {height} pixels, too large to read")
    pictures = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's DecompressionBombWarning: sized above
        for image in images:
            picture = image.as_pil_image()
            picture.load()
            if picture.mode not in ("1", "L", "RGB"):
                picture = picture.convert("RGB")
            pictures.append(picture)
    picture = pictures[0]
    if len(pictures) > 1:  # a scan in strips, laid one under the other, the top first
        mode = "RGB" if any(p.mode == "RGB" for p in pictures) else "L"
        picture = Image.new(mode, (width, height), "white")
        at = 0
        for strip in pictures:
            picture.paste(strip.convert(mode), (0, at))
            at += strip.height
    turn = upright_turn(placement.matrix, rotate, width, height)
    picture = _transposed(picture, turn)
    to_page = multiply(
        multiply(_from_upright(turn, width, height), _pixels_to_unit(width, height)),
        placement.matrix,
    )
    across = math.hypot(placement.matrix[0], placement.matrix[1])  # the image's width, in points
    dpi = round(width / (across / 72)) if across > 0 else 300
    # A fax in standard mode is 204 dots an inch across and 98 down: Tesseract reads its
    # letters squashed to half their height (18 of 23 words, "eress" for "cross").
    # Stretched to square pixels, it reads them as a fine fax's (23 of 23).
    along, down = math.hypot(to_page[0], to_page[1]), math.hypot(to_page[2], to_page[3])
    if along > 0 and down > 0 and not 1 / SQUARE < along / down < SQUARE:
        step = min(along, down)  # points a pixel, of the finer way
        size = (round(picture.width * along / step), round(picture.height * down / step))
        if size[0] * size[1] > MAX_PIXELS:
            raise _TooBig(f"its image is {size[0]} by {size[1]} pixels, too large to read")
        stretch: Matrix = (picture.width / size[0], 0.0, 0.0, picture.height / size[1], 0, 0)
        if picture.mode == "1":
            picture = picture.convert("L")
        picture = picture.resize(size, Image.Resampling.BICUBIC)
        to_page = multiply(stretch, to_page)
        dpi = round(72 / step)
    return picture, to_page, max(70, min(dpi, 1200))


def _reading_key(image: Image.Image, tesseract: Engine) -> str:
    digest = hashlib.sha256(f"{tesseract.key}\0{image.mode}\0{image.size}\0".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def _cached(cache: Path, key: str) -> Reading | None:
    try:
        data = json.loads((cache / f"{key}.json").read_text(encoding="utf-8"))
        a, b, c, d, e, f = (float(v) for v in data["to_shown"])
        if int(data["turn"]) not in (0, *_CLOCKWISE):
            return None
        words = tuple(Word(*entry) for entry in data["words"])
        return Reading(words, turn=int(data["turn"]), to_shown=(a, b, c, d, e, f))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _keep(cache: Path, key: str, reading: Reading) -> None:
    """Only a saving of time: a disk that fails here costs the next build a second reading."""
    with contextlib.suppress(OSError):
        cache.mkdir(parents=True, exist_ok=True)
        target = cache / f"{key}.json"
        temporary = cache / f".{key}.json.{os.getpid()}.tmp"
        words = [[w.text, w.left, w.top, w.width, w.height] for w in reading.words]
        record = {"words": words, "turn": reading.turn, "to_shown": list(reading.to_shown)}
        temporary.write_text(json.dumps(record), encoding="utf-8")
        temporary.replace(target)
