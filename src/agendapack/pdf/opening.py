"""Opening source PDFs safely, and the few PDF objects agendapack writes itself.

Stamps and blank-page text are small content streams in one shared standard font, not
overlays merged per page: measured faster and far smaller (see benchmarks/README.md).
"""

from __future__ import annotations

import functools
import logging
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from agendapack.errors import DocumentError, Problem

# What a markup annotation shows, said for a screen reader in place of the note behind it
# (the cleaning drops the note; the pack's /Annot element is described by this).
MARKUP_SEEN = {
    "/Highlight": "Highlighted text",
    "/Underline": "Underlined text",
    "/Squiggly": "Underlined text",
    "/StrikeOut": "Struck-out text",
    "/Ink": "A drawing by hand",
    "/Line": "A line",
    "/Square": "A box",
    "/Circle": "A circle",
    "/Polygon": "A shape",
    "/PolyLine": "A line",
    "/Stamp": "A stamp",
    "/Caret": "An insertion mark",
    "/Redact": "A redaction mark",
}

if TYPE_CHECKING:
    import pikepdf
    from pypdf.generic import DictionaryObject

# pikepdf and pypdf are imported where they are used: a build with nothing to do needs
# neither.

# qpdf (through pikepdf) logs what it repaired as errors, and pypdf (the tests' writer) what
# it would have: a damaged file we cannot use is reported by us instead, as one line.
logging.getLogger("pypdf").setLevel(logging.ERROR)
logging.getLogger("pikepdf").setLevel(logging.CRITICAL)

FONT_NAME = "/APHelv"

_P = ParamSpec("_P")
_R = TypeVar("_R")


def quietly(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run a step of the PDF engine with Python's warnings held back. pikepdf speaks
    through them (a page copied without what the document holds for it, a form widget
    that Acrobat may not show, a page label it cannot read), and a warning reaches the
    terminal as a raw line that no user can act on: what matters is said as a problem
    line, by the step itself."""

    @functools.wraps(function)
    def held_back(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return function(*args, **kwargs)

    return held_back


def count_pages(pdf: pikepdf.Pdf, shown_as: str) -> int:
    """How many pages an opened PDF has; DocumentError when it has none, or when qpdf
    cannot follow its page tree (a loop). With `open_qpdf`, the whole of the question
    whether a PDF can go into a pack: qpdf's verdict is the one that counts, since qpdf is
    what copies the pages into the pack, and a file it repairs and reads is a paper,
    whatever another library would make of it."""
    try:
        pages = len(pdf.pages)
        for page in pdf.pages:
            _ = page.mediabox  # a page tree pointing at nothing fails here, not mid-build
    except Exception as exc:  # a loop in the page tree, a page that is not a dictionary
        raise damaged(shown_as) from exc
    if pages == 0:
        raise DocumentError(Problem.error(shown_as, "the PDF has no pages"))
    return pages


def open_qpdf(path: Path, shown_as: str) -> pikepdf.Pdf:
    """The PDF opened by qpdf, repaired as qpdf repairs it, decrypted if it only has an
    owner password. Raises DocumentError, naming the file as `shown_as`, when it needs a
    user password or qpdf cannot open it at all."""
    import warnings

    import pikepdf

    try:
        # qpdf's repairs come as Python warnings too: a repaired file is a readable one,
        # and what is wrong with one that is not is said below, as one line
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pikepdf.open(path)
    except pikepdf.PasswordError:
        raise DocumentError(
            Problem.error(
                shown_as,
                "the PDF needs a password to open; ask its author for a copy without a password",
            )
        ) from None
    except OSError as exc:
        raise DocumentError(Problem.error(shown_as, f"cannot be read ({exc.strerror})")) from None
    except Exception as exc:
        if "encrypt" in str(exc).lower():  # a security handler qpdf does not know
            raise DocumentError(
                Problem.error(
                    shown_as,
                    "the PDF is encrypted in a way that cannot be read; "
                    "ask for an unprotected copy",
                )
            ) from exc
        raise damaged(shown_as) from exc


def page_count(path: Path, shown_as: str) -> int:
    """How many pages a PDF has, as qpdf reads it."""
    with open_qpdf(path, shown_as) as pdf:
        return count_pages(pdf, shown_as)


def entries(dictionary: pikepdf.Object) -> Iterator[tuple[str, pikepdf.Object]]:
    """A dictionary's keys and values, whatever bytes its keys are. A name need not be
    UTF-8 (PDF names are bytes): pikepdf gives such a key as text with its odd bytes
    escaped, which `items()` and `get()` refuse but indexing takes."""
    for key in list(dictionary.keys()):
        yield key, dictionary[key]


def is_tagged(pdf: pikepdf.Pdf) -> bool:
    """Whether the PDF is tagged: it has a structure tree, and not one of annotations
    alone. A viewer's stamp given a /Figure and its /OBJR, with no marked content in the
    tree, leaves every word of the pages outside it: such a document is tagged from its
    layout like one with no tree. (A tree with neither, as a blank page's, is tagging.)"""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, pikepdf.Dictionary) or "/K" not in root:
        return False
    stack = [root.K]
    seen: set[tuple[int, int]] = set()
    annotations = False
    while stack:
        node = stack.pop()
        if isinstance(node, int):  # an MCID
            return True
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if "/MCID" in node:  # a marked-content reference
            return True
        if node.get("/Type") == pikepdf.Name.OBJR:
            annotations = True
        elif "/K" in node:
            stack.append(node.K)
    return not annotations


def damaged(shown_as: str) -> DocumentError:
    """The error for a PDF that no reader here can repair."""
    return DocumentError(
        Problem.error(shown_as, "the PDF is damaged and cannot be read; save or export it again")
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
