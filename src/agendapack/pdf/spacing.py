"""Word breaks drawn as spaces, where a content stream sets its words apart by position alone.

A list box's appearance draws each option on a line of its own, with no space between
them ("D", then "E" below it); so do many generators between the lines of a paragraph. A
viewer sees the lines apart, and pdftotext infers the break from where they are; but the
text of a structure element is the characters its marked content draws, in order, and a
screen reader reading the tags reads "DEF". ISO 32000-1, 14.8.2.5 ("Identifying Word
Breaks"), asks a tagged PDF for exactly this: word breaks as space characters in the
content, not as positioning alone. So where a line of text ends without a space and the
next starts elsewhere, a space is drawn between them: invisibly (rendering mode 3), in the
glyphless font the OCR layer uses (`ocr.glyphless_font`), whose every code is its own
Unicode and whose every glyph is empty and present, so that no font's subset is asked for
a glyph it lacks. It is what OCRmyPDF's hOCR renderer does between the words of its
invisible text layer ("the explicit space helps PDF viewers identify the word break",
hocrtransform `_do_line_word`), and a space character is what every reader of the text
takes for one. /ActualText on a span would say the same to Acrobat (which NVDA and JAWS
read through), but poppler's structure text ignores it (tried: on the element and on the
marked content), and it replaces, not adds to, the text it covers: a wrong guess would
hide the page's own words.

In a form's stream (`spaced`), a break between lines is spaced (and text followed by a
form drawn after it, which draws its own text elsewhere). Where the stream's fonts' widths
are known (pdf/widths.py), so is where each run of text ends, in the form's own space
(its transforms followed): a run that starts on another line, or further along the same
one than a tenth of its letters' size (poppler's own word break), is a new word, and a
space is drawn before it with `TextState.space`, which moves the text on by nothing. A
figure's labels are drawn so, each a text object of its own under a transform of its own,
along one line ("Interpret Bytecodes" beside "Monitor Record"). A move less than that is
kerning inside a word ("W" "ord"), which no space must split; without widths, no move
along a line is taken for a break. The tagging from the layout knows where each run ends
(pdf/tagging.py), and spaces the words of a line too, with `TextState.space`.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from agendapack.pdf import content
from agendapack.pdf.matrix import IDENTITY, Matrix, apply, multiply
from agendapack.pdf.ocr import GLYPH_WIDTH, glyphless_font
from agendapack.pdf.widths import Font, show_operands

if TYPE_CHECKING:
    import pikepdf

# The name of the glyphless font in a spaced stream's resources.
SPACE_FONT = "/WordSpace"

_SHOW = {"Tj", "TJ", "'", '"'}
_NEW_LINE = {"T*", "'", '"'}
# A move this far across the lines (in text space, before the font's size scales it) is a
# new line; anything less is a baseline nudge (a superscript, a subscript).
_LINE_MOVE = 1.0


def ends_in_space(operands: str) -> bool:
    """Whether a text-showing operator's last string ends in a space: a literal one (the
    appearances form tools write); a hex string is taken not to, a space more is harmless."""
    text = operands.rstrip(" \t\r\n]")
    return text.endswith(" )") or text.endswith("\\040)")


class _Runs:
    """Where a stream's runs of text are drawn, in its own space: its transforms, text
    matrices and text state followed, the runs measured by their fonts' widths."""

    def __init__(self, fonts: dict[str, Font]) -> None:
        self.fonts = fonts
        self.ctm: Matrix = IDENTITY
        self.saved: list[Matrix] = []
        self.line: Matrix = IDENTITY
        self.text: Matrix = IDENTITY
        self.font: Font | None = None
        self.size = 0.0
        self.char_spacing = 0.0
        self.word_spacing = 0.0
        self.scale = 1.0
        self.leading = 0.0
        # the end of the last run not ending in a space, its direction and letters' size
        self.last: tuple[tuple[float, float], tuple[float, float], float] | None = None

    def feed(self, operator: str, operands: str) -> None:
        """Follow an operator other than a text-showing one."""
        if operator in ("Td", "TD"):
            values = content.numbers(operands, 2)
            if values is not None:
                if operator == "TD":
                    self.leading = -values[1]
                self.line = self.text = multiply((1, 0, 0, 1, values[0], values[1]), self.line)
        elif operator == "Tm":
            values = content.numbers(operands, 6)
            if values is not None:
                self.line = self.text = (*values,)  # type: ignore[assignment]
        elif operator == "T*":
            self.next_line()
        elif operator == "BT":
            self.line = self.text = IDENTITY
        elif operator == "Tf":
            words = operands.split()
            if len(words) >= 2:
                self.font = self.fonts.get(words[-2])
                self.size = content.number(words[-1])
        elif operator in ("Tc", "Tw", "Tz", "TL"):
            values = content.numbers(operands, 1)
            if values is not None:
                if operator == "Tc":
                    self.char_spacing = values[0]
                elif operator == "Tw":
                    self.word_spacing = values[0]
                elif operator == "Tz":
                    self.scale = values[0] / 100
                else:
                    self.leading = values[0]
        elif operator == "cm":
            values = content.numbers(operands, 6)
            if values is not None:
                self.ctm = multiply((*values,), self.ctm)  # type: ignore[arg-type]
        elif operator == "q":
            self.saved.append(self.ctm)
        elif operator == "Q" and self.saved:
            self.ctm = self.saved.pop()

    def next_line(self) -> None:
        self.line = self.text = multiply((1, 0, 0, 1, 0, -self.leading), self.line)

    def starts_word(self) -> bool:
        """Whether the run about to be shown is a word apart from the last one: on another
        line, or further along the same line than a tenth of its letters' size (or back
        before its start). False where the last run's end is not known."""
        if self.last is None:
            return False
        (end_x, end_y), (ux, uy), size = self.last
        x, y = apply(multiply(self.text, self.ctm), 0, 0)
        gx, gy = x - end_x, y - end_y
        along, across = gx * ux + gy * uy, abs(gy * ux - gx * uy)
        return across > 0.5 * size or along > 0.1 * size or along < -size

    def show(self, operator: str, operands: str) -> None:
        """Follow a text-showing operator: the text moves on by what it shows."""
        items = show_operands(operands)
        if operator == '"' and len(items) >= 3:
            word, char = items[0], items[1]
            if isinstance(word, float) and isinstance(char, float):
                self.word_spacing, self.char_spacing = word, char
        if operator in ("'", '"'):
            self.next_line()
        font = self.font
        if font is None or not font.widths:  # where it ends is not known
            self.last = None
            return
        advance = 0.0
        for item in items if operator == "TJ" else items[-1:]:
            if isinstance(item, bytes):
                advance += font.advance(item, self.char_spacing, self.word_spacing, self.size)
            elif operator == "TJ":
                advance -= item / 1000 * self.size
        self.text = multiply((1, 0, 0, 1, advance * self.scale, 0), self.text)
        rendering = multiply(self.text, self.ctm)
        length = math.hypot(rendering[0], rendering[1])
        direction = (rendering[0] / length, rendering[1] / length) if length > 1e-9 else (1.0, 0.0)
        size = abs(self.size) * math.hypot(rendering[2], rendering[3])
        self.last = (apply(rendering, 0, 0), direction, size)


def spaced(data: bytes, font: str, fonts: dict[str, Font] | None = None) -> bytes | None:
    """`data`, a content stream, with an invisible space drawn in the resource `font`
    (the glyphless font, its name in the stream's resources) wherever a line of text
    ends with none and the next line starts, and, where `fonts` (the stream's fonts, by
    their names in its resources) says where runs end, wherever a run starts a word apart
    from the last; None when nothing is spaced, or the stream is not one `content.parse`
    follows."""
    found = content.parse(data)
    if found is None or any(
        operator == "Tf" and operands.split()[:1] == [font] for operands, operator, _ in found
    ):
        return None  # not followed, or spaced already (an appearance two widgets share)
    out: list[str] = []
    shown = "0"  # the text rendering mode the stream has set
    current: str | None = None  # the operands of the stream's last Tf
    saved: list[tuple[str | None, str]] = []
    line_y = 0.0  # where the current line starts, across the lines
    open_line = False  # text shown on the line, not ending in a space
    after_block: float | None = None  # a text object ended so, on a line starting there
    changed = False
    runs = _Runs(fonts or {})
    state = TextState()

    def space() -> None:
        nonlocal changed, open_line, after_block
        if current is not None:
            out.append(f"\n3 Tr {font} 1 Tf <0020> Tj {current.strip()} Tf {shown} Tr\n")
            changed = True
            runs.last = None
        open_line = False
        after_block = None

    for operands, operator, _ in found:
        if operator in ("Td", "TD", "Tm"):
            values = content.numbers(operands, 2)
            if values is not None:
                y = values[1] if operator == "Tm" else line_y + values[1]
                apart = abs(y - line_y) > _LINE_MOVE
                if after_block is not None:
                    apart = abs(y - after_block) > _LINE_MOVE
                if (open_line or after_block is not None) and apart:
                    space()
                line_y = y
                after_block = None
        elif operator in _NEW_LINE and open_line:
            space()
        elif operator == "Do" and after_block is not None:
            # a form drawn after the text (its own text, likely, elsewhere): the space
            # in a text object of its own, whose font and mode q and Q put back
            out.append(f"\nq BT 3 Tr {font} 1 Tf <0020> Tj ET Q\n")
            changed = True
            after_block = None
            runs.last = None
        if operator in _SHOW:
            if operator not in _NEW_LINE and runs.starts_word():
                between = state.space(font)
                if between is not None:
                    out.append(between)
                    changed = True
            runs.show(operator, operands)
            if ends_in_space(operands):
                runs.last = None
        else:
            runs.feed(operator, operands)
        state.feed(operator, operands)
        out.append(operands + operator)
        if operator in _SHOW:
            open_line = not ends_in_space(operands)
            after_block = None
        elif operator == "Tf":
            current = operands
        elif operator == "Tr":
            shown = operands.strip() or "0"
        elif operator == "q":
            saved.append((current, shown))
        elif operator == "Q" and saved:
            current, shown = saved.pop()
        elif operator == "BT":
            line_y = 0.0
        elif operator == "ET":
            # the next text object may go on along the same line: it is spaced from this
            # one when it starts on another
            after_block = line_y if open_line else None
            open_line = False
    if not changed:
        return None
    return "".join(out).encode("latin-1")


_TWO_NUMBERS = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+))\s+([-+]?(?:\d+\.?\d*|\.\d+))")


class TextState:
    """What a stream has set of the text state that a space drawn in another font must
    put back: the font and size, the character spacing, the rendering mode; saved and
    restored by q and Q."""

    def __init__(self) -> None:
        self.font: str | None = None  # the operands of the last Tf
        self.spacing = 0.0
        self.mode = "0"
        self.saved: list[tuple[str | None, float, str]] = []

    def feed(self, operator: str, operands: str) -> None:
        if operator == "Tf":
            self.font = operands.strip()
        elif operator == "Tc":
            found = content.numbers(operands, 1)
            if found is not None:
                self.spacing = found[0]
        elif operator == '"':  # word spacing, character spacing, then the string
            both = _TWO_NUMBERS.match(operands)
            if both is not None:
                self.spacing = float(both[2])
        elif operator == "Tr":
            self.mode = operands.strip() or "0"
        elif operator == "q":
            self.saved.append((self.font, self.spacing, self.mode))
        elif operator == "Q" and self.saved:
            self.font, self.spacing, self.mode = self.saved.pop()

    def space(self, font: str) -> str | None:
        """A space drawn in the middle of a line, invisibly, that moves the text on by
        nothing (the TJ's adjustment takes back its width and the character spacing),
        then the font and mode put back; None where the stream's font is not known."""
        if self.font is None:
            return None
        # the glyph's width at size 1, and the character spacing the glyph adds
        back = GLYPH_WIDTH + 1000 * self.spacing
        number = f"{back:.4f}".rstrip("0").rstrip(".")
        return f"\n3 Tr {font} 1 Tf [<0020> {number}] TJ {self.font} Tf {self.mode} Tr\n"


class Spacer:
    """Spaces drawn into form XObjects (a field's appearance, a page's form that draws
    lines of text) and the forms they draw, each stream once; one glyphless font for the
    document, made when first needed."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.font: pikepdf.Object | None = None
        self.done: set[tuple[int, int]] = set()
        self.fonts: dict[tuple[int, int], Font] = {}  # the fonts read, by object

    def apply(self, form: pikepdf.Stream, depth: int = 0, measure: bool = False) -> None:
        """Space `form`'s words, and those of the forms it draws: its lines always; with
        `measure`, the words of a line too, where its fonts' widths say where runs end
        (not in a field's value, one word as typed even where a comb field draws it a
        letter to a cell)."""
        import pikepdf

        if form.is_indirect:
            if form.objgen in self.done:
                return
            self.done.add(form.objgen)
        resources = form.get("/Resources")
        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        if isinstance(xobjects, pikepdf.Dictionary) and depth < 8:
            for _, inner in xobjects.items():
                if isinstance(inner, pikepdf.Stream) and inner.get("/Subtype") == pikepdf.Name.Form:
                    self.apply(inner, depth + 1, measure)
        # a form with no resources of its own takes its page's (PDF 1.1): resources made
        # here would hide them
        if not isinstance(resources, pikepdf.Dictionary):
            return
        fonts = resources.get("/Font")
        try:
            written = spaced(form.read_bytes(), SPACE_FONT, self.widths(fonts) if measure else None)
        except Exception:  # a stream qpdf cannot decode draws nothing more for a space
            return
        if written is None:
            return
        if not isinstance(fonts, pikepdf.Dictionary):
            fonts = resources.Font = pikepdf.Dictionary()
        fonts[SPACE_FONT] = self.glyphless()
        form.write(written)

    def widths(self, fonts: object) -> dict[str, Font]:
        """A form's fonts by their names in its resources, each font read once."""
        import pikepdf

        found: dict[str, Font] = {}
        if not isinstance(fonts, pikepdf.Dictionary):
            return found
        for name, entry in fonts.items():
            if not isinstance(entry, pikepdf.Dictionary):
                continue
            if not entry.is_indirect:
                found[name] = Font(entry)
                continue
            if entry.objgen not in self.fonts:
                self.fonts[entry.objgen] = Font(entry)
            found[name] = self.fonts[entry.objgen]
        return found

    def glyphless(self) -> pikepdf.Object:
        if self.font is None:
            self.font = glyphless_font(self.pdf)
        return self.font
