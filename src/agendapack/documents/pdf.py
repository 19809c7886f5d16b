"""Opening source PDFs safely, and the few PDF objects agendapack writes itself.

Stamps and blank-page text are small content streams in one shared standard font, not
overlays merged per page: measured faster and far smaller (see benchmarks/README.md).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from agendapack.errors import DocumentError

if TYPE_CHECKING:
    import pikepdf
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

# pypdf is imported where it is used: a build with nothing to do never needs it.

# pypdf logs what it repaired, and qpdf (through pikepdf) logs it as errors; a damaged file
# we cannot use is reported by us instead, as one line.
logging.getLogger("pypdf").setLevel(logging.ERROR)
logging.getLogger("pikepdf").setLevel(logging.CRITICAL)

FONT_NAME = "/APHelv"


def open_pdf(path: Path, shown_as: str) -> PdfReader:
    """A reader for a source PDF, decrypted if it only has an owner password.

    Raises DocumentError, naming the file as `shown_as`, when it needs a user password or is
    damaged beyond what pypdf can repair. A file is parsed once per run however many stages
    read it (check, page counts, collation), until it changes on disk.
    """
    try:
        status = path.stat()
    except OSError as exc:
        raise DocumentError(f"{shown_as}: error: cannot be read ({exc.strerror})") from None
    key = (str(path.resolve()), status.st_mtime_ns, status.st_size)
    reader = _opened.get(key)
    if reader is None:
        reader = _open(path, shown_as)
        if len(_opened) >= 512:
            _opened.pop(next(iter(_opened)))
        _opened[key] = reader
    return reader


_opened: dict[tuple[str, int, int], PdfReader] = {}


def check_readable(path: Path, shown_as: str) -> None:
    """Raise DocumentError, as `open_pdf` words it, when the PDF cannot go into a pack.

    qpdf reads a sound file in a fraction of pypdf's time; only a file it cannot open, or
    opens only by repairing it, is left to pypdf, whose judgement and messages stand."""
    import warnings

    import pikepdf

    try:
        # qpdf's repairs are reported as Python warnings: here they only mean "ask pypdf"
        with warnings.catch_warnings(), pikepdf.open(path) as pdf:
            warnings.simplefilter("ignore")
            pages = len(pdf.pages)
            for page in pdf.pages:
                _ = page.mediabox  # a page tree pointing at nothing fails here
            sound = not pdf.get_warnings()
    except Exception:  # a password, damage: pypdf says which
        sound = False
    if not sound:
        open_pdf(path, shown_as)
    elif pages == 0:
        raise DocumentError(f"{shown_as}: error: the PDF has no pages")


def open_qpdf(path: Path, shown_as: str) -> pikepdf.Pdf:
    """The PDF opened by qpdf; when it cannot be, the DocumentError `open_pdf` words (a
    password, damage), or that it is damaged."""
    import pikepdf

    try:
        return pikepdf.open(path)
    except Exception as exc:
        open_pdf(path, shown_as)  # a password or damage is reported as everywhere else
        raise damaged(shown_as) from exc


def page_count(path: Path, shown_as: str) -> int:
    """How many pages a PDF agendapack made has."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except Exception:
        return len(open_pdf(path, shown_as).pages)


def _open(path: Path, shown_as: str) -> PdfReader:
    from pypdf import PdfReader

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # e.g. an encryption pypdf cannot handle
                raise DocumentError(
                    f"{shown_as}: error: the PDF is encrypted in a way that "
                    f"cannot be read ({exc}); ask for an unprotected copy"
                ) from exc
            if not opened:
                raise DocumentError(
                    f"{shown_as}: error: the PDF needs a password to open; ask "
                    "its author for a copy without a password"
                )
        pages = len(reader.pages)
        for page in reader.pages:
            _ = page.mediabox  # a page tree pointing at nothing fails here, not mid-build
    except DocumentError:
        raise
    except Exception as exc:
        raise damaged(shown_as) from exc
    if pages == 0:
        raise DocumentError(f"{shown_as}: error: the PDF has no pages")
    return reader


def damaged(shown_as: str) -> DocumentError:
    """The error for a PDF that no reader here can repair."""
    return DocumentError(
        f"{shown_as}: error: the PDF is damaged and cannot be read; save or export it again"
    )


def standard_font() -> DictionaryObject:
    """Helvetica, one of the 14 fonts every reader has: nothing to embed."""
    from pypdf.generic import DictionaryObject, NameObject

    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )


# Helvetica's advance widths (per 1000 units) for the characters stamps use.
_WIDTHS = {
    " ": 278,
    "P": 667,
    "a": 556,
    "g": 556,
    "e": 556,
    "N": 722,
    "O": 778,
    "T": 611,
    "F": 611,
    "R": 722,
    "U": 722,
    "B": 667,
    "L": 556,
    "I": 278,
    "C": 722,
    "A": 667,
    "h": 556,
    "i": 222,
    "s": 500,
    "p": 556,
    "t": 278,
    "n": 556,
    "o": 556,
    "l": 222,
    "y": 500,
    "f": 278,
    "b": 556,
    "k": 500,
    "r": 333,
    "c": 500,
    "m": 833,
    "d": 556,
    "u": 556,
    "x": 500,
    "v": 500,
    "w": 722,
    "H": 722,
    "S": 667,
    "E": 667,
    "D": 722,
    "M": 833,
    "G": 778,
    "K": 667,
    "V": 667,
    "W": 944,
    "Y": 667,
    "X": 667,
    "Z": 611,
    "J": 500,
    "Q": 778,
    "q": 556,
    "j": 222,
    "z": 500,
    ",": 278,
    ".": 278,
    ":": 278,
    "(": 333,
    ")": 333,
    "-": 333,
    "/": 278,
}


def text_width(text: str, size: float) -> float:
    return sum(_WIDTHS.get(c, 556) for c in text) * size / 1000


def pdf_string(text: str) -> str:
    """Text as a PDF literal string in WinAnsi, with its delimiters escaped."""
    encoded = text.encode("cp1252", errors="replace").decode("latin-1")
    return "(" + encoded.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def text_stream(lines: list[tuple[float, float, float, str]]) -> bytes:
    """A content stream drawing each (x, y, size, text) in the standard font."""
    ops = []
    for x, y, size, text in lines:
        ops.append(f"BT {FONT_NAME} {size:g} Tf {x:.2f} {y:.2f} Td {pdf_string(text)} Tj ET")
    return "\n".join(ops).encode("latin-1")


def wrap(text: str, size: float, width: float) -> list[str]:
    """Break text into lines no wider than `width` points in the standard font."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]
