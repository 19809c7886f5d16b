"""The text a page draws, glyph by glyph, with where it is and the marked content it is in:
what a tagged paper's link covers, or a picture of words says (pdfminer.six, which decodes
every kind of font the way a text extractor must).

Read only for the few pages that need it: reading a page this way costs about as much as
extracting its text.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    import pikepdf


@dataclass(frozen=True)
class Glyph:
    """One character drawn on a page, in the page's default user space (that of its
    annotations' /Rect), with the marked-content id of the page's own content it is in
    (None outside one, or in a form XObject, whose ids are its own)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    mcid: int | None

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


def page_glyphs(path: Path, indices: set[int]) -> dict[int, list[Glyph]]:
    """The glyphs of the pages of `path` at `indices` (0-based); a page that cannot be read
    has none, and nothing is said: what needs these falls back on something plainer."""
    # pdfminer reports what it does not follow through logging, which would reach the
    # terminal as a bare line: what the caller cannot find, it does without
    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)
    found: dict[int, list[Glyph]] = {}
    # a file pdfminer cannot follow (qpdf's repairs are not its own) has no glyphs, and
    # what it warns of is no user's to act on
    with warnings.catch_warnings(), contextlib.suppress(Exception), path.open("rb") as handle:
        warnings.simplefilter("ignore")
        for index, glyphs in _read(handle, indices):
            found[index] = glyphs
    return found


def _read(handle: BinaryIO, indices: set[int]) -> Iterator[tuple[int, list[Glyph]]]:
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.layout import LTChar
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import MATRIX_IDENTITY

    class Reader(PDFLayoutAnalyzer):
        def __init__(self, manager: PDFResourceManager) -> None:
            super().__init__(manager)
            self.glyphs: list[Glyph] = []
            self.marks: list[int | None] = []
            self.forms = 0

        def begin_tag(self, tag: Any, props: Any = None) -> None:
            props = resolve1(props)
            mcid = props.get("MCID") if isinstance(props, dict) else None
            if getattr(tag, "name", "") == "Artifact":
                mcid = None  # a page's running header, say: no word of the content
            elif not isinstance(mcid, int) or self.forms:
                mcid = self.marks[-1] if self.marks else None
            self.marks.append(mcid)

        def end_tag(self) -> None:
            if self.marks:
                self.marks.pop()

        def begin_figure(self, name: Any, bbox: Any, matrix: Any) -> None:
            self.forms += 1
            super().begin_figure(name, bbox, matrix)

        def end_figure(self, name: Any) -> None:
            self.forms -= 1
            super().end_figure(name)

        def render_char(
            self,
            matrix: Any,
            font: Any,
            fontsize: Any,
            scaling: Any,
            rise: Any,
            cid: Any,
            ncs: Any,
            graphicstate: Any,
        ) -> float:
            try:
                text = font.to_unichr(cid)
            except Exception:  # a glyph without Unicode: no word of it can be read
                text = ""
            char = LTChar(
                matrix,
                font,
                fontsize,
                scaling,
                rise,
                text,
                font.char_width(cid),
                font.char_disp(cid),
                ncs,
                graphicstate,
            )
            mcid = self.marks[-1] if self.marks and not self.forms else None
            if text:
                self.glyphs.append(Glyph(text, char.x0, char.y0, char.x1, char.y1, mcid))
            return char.adv

    document = PDFDocument(PDFParser(handle))
    manager = PDFResourceManager()
    last = max(indices)
    for index, page in enumerate(PDFPage.create_pages(document)):
        if index > last:
            break
        if index not in indices:
            continue
        reader = Reader(manager)
        interpreter = PDFPageInterpreter(manager, reader)
        reader.begin_page(page, MATRIX_IDENTITY)
        # what was read before the page's content failed is kept
        with contextlib.suppress(Exception):
            interpreter.render_contents(page.resources, page.contents, ctm=MATRIX_IDENTITY)
        yield index, reader.glyphs


def words(glyphs: list[Glyph]) -> str:
    """The glyphs as words in the order drawn: a space where a gap or a new line parts
    two of them."""
    out: list[str] = []
    previous: Glyph | None = None
    for glyph in glyphs:
        if previous is not None:
            height = max(previous.y1 - previous.y0, 1.0)
            new_line = abs(glyph.y0 - previous.y0) > height / 2
            gap = glyph.x0 - previous.x1 > height * 0.15
            if new_line or gap or glyph.x1 < previous.x0:
                out.append(" ")
        out.append(glyph.text)
        previous = glyph
    return " ".join("".join(out).split())


def marks_of(
    element: pikepdf.Dictionary, page: pikepdf.Object | None = None, depth: int = 0
) -> Iterator[tuple[tuple[int, int], int]]:
    """The (page, marked-content id) pairs a structure element's content is drawn in, its
    own elements' included."""
    import pikepdf

    own = element.get("/Pg")
    if isinstance(own, pikepdf.Dictionary):
        page = own
    if depth > 32:
        return
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int) and page is not None:
            yield page.objgen, int(kid)
        elif isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == pikepdf.Name.MCR and isinstance(kid.get("/MCID"), int):
                where = kid.get("/Pg", page)
                if isinstance(where, pikepdf.Dictionary):
                    yield where.objgen, int(kid.MCID)
            elif "/S" in kid:
                yield from marks_of(kid, page, depth + 1)


def drawn_in(
    marks: list[tuple[tuple[int, int], int]],
    pages: dict[tuple[int, int], int],
    glyphs: dict[int, list[Glyph]],
) -> list[Glyph]:
    """The glyphs drawn in the marked content `marks` names (`marks_of`), page by page in
    the order drawn; `pages` numbers the pages from 0, `glyphs` has theirs by number."""
    wanted = {(pages[page], mcid) for page, mcid in marks if page in pages}
    return [
        glyph
        for index in sorted({index for index, _ in wanted})
        for glyph in glyphs.get(index, [])
        if (index, glyph.mcid) in wanted
    ]
