"""The minutes as paragraphs, from the file the officer has: Word, PDF or plain text.

Word numbers its own lists (the "1)" is not in the text, only a reference to a numbering
definition), so a .docx paragraph says whether Word lists it. A PDF has lines, not
paragraphs: poppler's `pdftotext -bbox-layout` groups them into blocks, which are joined
back into paragraphs, and a paragraph carried over a page is joined across it, with the
"Page N" stamps of a pack left out.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from agendapack.documents.access import transitional, word_body
from agendapack.documents.checks import word_problem
from agendapack.errors import AgendapackError, Problem
from agendapack.minutes.exempt import excludes_the_public
from agendapack.minutes.text import BULLETS, LABEL, SENTENCE_END, Paragraph, clean
from agendapack.minutes.wording import opening
from agendapack.wording import NOT_FOR_PUBLICATION

SUFFIXES = (".docx", ".pdf", ".txt")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BLANK = re.compile(r"^\s*(?:Page\s+\d+|This page is intentionally left blank)\s*$", re.I)


def read_minutes(path: Path, shown: str, *, tags: bool = True) -> list[Paragraph]:
    """The paragraphs of a minutes file; `shown` names it in messages. A tagged PDF is read
    by its tags unless `tags` is false."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise AgendapackError(
            Problem.error(
                shown, "minutes must be a .docx, .pdf or .txt file; save it as one of those"
            )
        )
    if not path.is_file():
        raise AgendapackError(Problem.error(shown, "there is no such file"))
    if suffix == ".txt":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise AgendapackError(
                Problem.error(shown, "the file is not UTF-8 text; save it as UTF-8")
            ) from None
        return [Paragraph(line) for line in text.splitlines()]
    if suffix == ".docx":
        problem = word_problem(path)  # a damaged file, or a zip bomb, as check says it
        if problem:
            raise AgendapackError(Problem.error(shown, f"the file {problem}"))
        return _docx(path, shown)
    return _pdf(path, shown, tags)


# -- Word -------------------------------------------------------------------------------


def _docx(path: Path, shown: str) -> list[Paragraph]:
    try:
        with zipfile.ZipFile(path) as archive:
            # each part read as Word usually writes it, whether saved so or as Strict Open XML
            body = transitional(ElementTree.fromstring(archive.read(word_body(archive))))
            names = set(archive.namelist())
            # running headers and footers: "NOT FOR PUBLICATION" or "Part B" is often only
            # there, and says what the whole document is
            margins = [
                transitional(ElementTree.fromstring(archive.read(name)))
                for name in sorted(names)
                if re.fullmatch(r"word/(?:header|footer)\d*\.xml", name)
            ]
            styles = (
                transitional(ElementTree.fromstring(archive.read("word/styles.xml")))
                if "word/styles.xml" in names
                else None
            )
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        raise AgendapackError(
            Problem.error(
                shown,
                "not a Word file that can be read; open it in Word and save it again as .docx",
            )
        ) from None
    listed_styles = _listed_styles(styles)
    outlined_styles = _outlined_styles(styles)
    in_cells = {id(p) for table in body.iter(f"{_W}tbl") for p in table.iter(f"{_W}p")}
    paragraphs = [
        Paragraph(said)
        for margin in margins
        for p in margin.iter(f"{_W}p")
        if (said := "".join(t.text or "" for t in p.iter(f"{_W}t")).strip())
        and (excludes_the_public(said) or NOT_FOR_PUBLICATION in said.upper())
    ]
    for p in body.iter(f"{_W}p"):
        parts = []
        for node in p.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
                parts.append(" ")
        # a heading Word numbers is a minute's heading, its number the minute's, not an entry;
        # a heading is a Heading style, or any paragraph Word gives an outline level
        style = p.find(f"{_W}pPr/{_W}pStyle")
        style_id = style.get(f"{_W}val") or "" if style is not None else ""
        heading = (
            style_id.lower().startswith(("heading", "title"))
            or style_id in outlined_styles
            or _outline_level(p.find(f"{_W}pPr"))
        )
        listed = not heading and _is_listed(p, listed_styles)
        level = p.find(f"{_W}pPr/{_W}numPr/{_W}ilvl")
        depth = int(level.get(f"{_W}val") or 0) if level is not None and listed else 0
        paragraphs.append(
            Paragraph("".join(parts), listed, min(depth, 8), heading, id(p) in in_cells)
        )
    return paragraphs


def _outline_level(properties: ElementTree.Element | None) -> bool:
    """Whether paragraph properties give an outline level (0 to 8; 9 is body text)."""
    if properties is None:
        return False
    level = properties.find(f"{_W}outlineLvl")
    return level is not None and (level.get(f"{_W}val") or "9") < "9"


def _outlined_styles(styles: ElementTree.Element | None) -> set[str]:
    """The paragraph styles with an outline level: the council's own heading styles."""
    if styles is None:
        return set()
    return {
        style.get(f"{_W}styleId") or ""
        for style in styles.iter(f"{_W}style")
        if _outline_level(style.find(f"{_W}pPr"))
    }


def _num_id(properties: ElementTree.Element | None) -> str | None:
    if properties is None:
        return None
    number = properties.find(f"{_W}numPr/{_W}numId")
    return None if number is None else number.get(f"{_W}val")


def _listed_styles(styles: ElementTree.Element | None) -> set[str]:
    """The paragraph styles that number or bullet their paragraphs (List Number, List
    Bullet and the council's own), following each style's basedOn chain."""
    if styles is None:
        return set()
    own: dict[str, str | None] = {}
    based: dict[str, str] = {}
    for style in styles.iter(f"{_W}style"):
        style_id = style.get(f"{_W}styleId") or ""
        own[style_id] = _num_id(style.find(f"{_W}pPr"))
        parent = style.find(f"{_W}basedOn")
        if parent is not None:
            based[style_id] = parent.get(f"{_W}val") or ""
    listed = set()
    for style_id in own:
        seen, current = set(), style_id
        while current and current not in seen:
            seen.add(current)
            if own.get(current) is not None:
                if own[current] != "0":
                    listed.add(style_id)
                break
            current = based.get(current, "")
    return listed


def _is_listed(p: ElementTree.Element, listed_styles: set[str]) -> bool:
    properties = p.find(f"{_W}pPr")
    number = _num_id(properties)
    if number is not None:
        return number != "0"  # numId 0 takes a style's numbering away
    style = properties.find(f"{_W}pStyle") if properties is not None else None
    return style is not None and style.get(f"{_W}val") in listed_styles


# -- PDF --------------------------------------------------------------------------------

_PAGE = re.compile(r"<page\b.*?</page>", re.S)
_BLOCK = re.compile(r"<block\b.*?</block>", re.S)
_LINE = re.compile(r"<line\b.*?</line>", re.S)
_WORD = re.compile(r"<word\b[^>]*>(.*?)</word>", re.S)
_TOP = re.compile(r'<line\b[^>]*\byMin="([0-9.]+)"')
_BULLET_ONLY = re.compile(rf"^[{BULLETS}]$")


def _pdf(path: Path, shown: str, tags: bool = True) -> list[Paragraph]:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise AgendapackError(
            Problem.error(
                shown,
                "reading a PDF needs poppler's pdftotext (Debian package "
                "poppler-utils; `make run` installs it), or give the minutes as .docx or .txt",
            )
        )
    try:
        result = subprocess.run(
            [tool, "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise AgendapackError(Problem.error(shown, "reading the PDF took too long")) from None
    if result.returncode != 0:
        raise AgendapackError(
            Problem.error(shown, "not a PDF that can be read (damaged, or it needs a password)")
        )
    laid_out = pdf_paragraphs(result.stdout.decode("utf-8", "replace"))
    tagged = _tagged(path) if tags else []
    # The tags say what is a heading, a paragraph, a list entry or a table cell, and leave
    # out running headers, footers and a pack's "Page N": trusted when they hold the words
    # the pages show, as a tagged PDF made by Word or LibreOffice does.
    if tagged and _words(tagged) >= 0.95 * _words(laid_out):
        return tagged
    return laid_out


def _words(paragraphs: list[Paragraph]) -> int:
    return sum(len(p.text.split()) for p in paragraphs)


# -- a tagged PDF's structure ------------------------------------------------------------

_ELEMENT = re.compile(r"^(?P<indent> *)(?P<role>[A-Za-z][\w-]*)(?: \([\w ]+\))?:?$")
_QUOTED = re.compile(r'^ *"(?P<text>.*)"$')
# Elements that hold a paragraph of their own; text inside any other (Span, Link, Lbl,
# LBody) belongs to the nearest of these above it.
_BLOCKS = {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "TD", "TH", "Caption", "Title",
           "BlockQuote", "Note", "TOCI", "Index"}  # fmt: skip
_HEADINGS = {"H", "H1", "H2", "H3", "H4", "H5", "H6", "Title"}


def _tagged(path: Path) -> list[Paragraph]:
    """The paragraphs of a tagged PDF as its structure tree gives them (poppler's `pdfinfo
    -struct-text`): headings marked, a table row's number cell put before its text. Empty
    when the PDF is not tagged or poppler cannot say."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        return []
    try:
        result = subprocess.run(
            [tool, "-struct-text", str(path)], capture_output=True, timeout=120, check=False
        )
    except subprocess.TimeoutExpired:
        return []
    if result.returncode != 0:
        return []
    return struct_paragraphs(result.stdout.decode("utf-8", "replace"))


def struct_paragraphs(tree: str) -> list[Paragraph]:
    """`pdfinfo -struct-text` output to paragraphs. Pure."""
    paragraphs: list[tuple[str, bool, bool]] = []  # text, heading, in a table's cell
    stack: list[tuple[int, str, int | None]] = []  # indent, role, its paragraph's index
    for line in tree.splitlines():
        quoted = _QUOTED.match(line)
        if quoted and stack:
            owner = next((n for _, _, n in reversed(stack) if n is not None), None)
            if owner is None:
                continue
            text, heading, cell = paragraphs[owner]
            piece = quoted["text"]
            glue = "" if not text or text.endswith((" ", "-")) else " "
            paragraphs[owner] = (text + glue + piece, heading, cell)
            continue
        element = _ELEMENT.match(line)
        if element is None:
            continue  # an attribute ("/Placement /Block")
        indent, role = len(element["indent"]), element["role"]
        while stack and stack[-1][0] >= indent:
            stack.pop()
        index = None
        if role in _BLOCKS:
            cell = role in ("TD", "TH") or any(r in ("TD", "TH") for _, r, _ in stack)
            paragraphs.append(("", role in _HEADINGS, cell))
            index = len(paragraphs) - 1
        stack.append((indent, role, index))
    result: list[Paragraph] = []
    pending = ""
    for text, heading, cell in paragraphs:
        said = clean(text)
        if not said:
            continue
        if re.fullmatch(r"\(?\d{1,4}(?:[./]\d{1,4})*[.)]?|[a-z][.)]|\([a-z]{1,2}\)", said):
            pending = f"{pending} {said}".strip()  # a table's number cell, a label alone
            continue
        if pending:
            said, pending = f"{pending} {said}", ""
        result.append(Paragraph(said, heading=heading, in_table=cell))
    return result


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and text[-2:-1].isalpha() and line[:1].islower():
            text = text[:-1] + line  # a word hyphenated at the end of a line
        else:
            text = f"{text} {line}" if text else line
    return text


def _starts_anew(previous: str, line: str) -> bool:
    """Whether a line in the middle of a block starts a paragraph of its own: a numbered
    entry or a "Resolved" after a finished sentence."""
    if not (SENTENCE_END.search(previous) or re.search(r"\b(?:and|or)$", previous)):
        return False
    return bool(LABEL.match(line)) or opening(line) is not None


def _lone_label(text: str) -> bool:
    """Whether a line is a list's number or bullet and nothing else."""
    match = LABEL.match(text + " ")
    return match is not None and match.end() == len(text) + 1


def _placed_lines(block: str) -> list[tuple[str, float]]:
    """A block's lines, each with how far down the page it starts."""
    placed = []
    for line in _LINE.findall(block):
        text = clean(" ".join(html.unescape(w) for w in _WORD.findall(line)))
        if text and not _BLANK.match(text):
            top = _TOP.search(line)
            placed.append((text, float(top.group(1)) if top else 0.0))
    return placed


def _bulleted(block: str, bullets: list[float]) -> list[str]:
    """A block of list entries whose bullets pdftotext set apart in a column of their own
    (Word's Symbol bullets): each line level with a bullet starts an entry."""
    lines = []
    for text, top in _placed_lines(block):
        starts = any(abs(top - bullet) < 2.5 for bullet in bullets)
        lines.append(f"\u2022 {text}" if starts else text)
    return lines


def _running(pages: list[list[list[str]]]) -> set[str]:
    """The running headers and footers: a first or last block of a page that is the first
    or last block of another page too, its numbers set aside ("Chair's initials ....",
    "Committee - 28.03.24", "Page 3 of 7"). They are not the minutes' text."""

    def shape(lines: list[str]) -> str:
        return re.sub(r"\d+", "#", " ".join(lines))

    seen: dict[tuple[str, str], int] = {}
    for blocks in pages:
        if not blocks:
            continue
        # a header or footer may come out as two blocks ("Signed ... Chair", "Date ...")
        ends = {("first", shape(b)) for b in blocks[:2]} | {("last", shape(b)) for b in blocks[-3:]}
        for end in ends:
            seen[end] = seen.get(end, 0) + 1
    # on half the pages at least, and never what the minutes themselves say twice at the
    # top of a page ("Resolved:", a numbered entry)
    enough = max(2, (len(pages) + 1) // 2)
    return {
        text
        for (_, text), count in seen.items()
        if count >= enough and opening(text) is None and not LABEL.match(text)
    }


_LONE_NUMBER = re.compile(r"^\(?\d{1,4}(?:[./]\d{1,4})*[.)]?$")


def _is_mark(text: str) -> bool:
    """A line that is only a number or a bullet: a list's label, or a minute's number in
    a table's first column."""
    return bool(_BULLET_ONLY.match(text) or _lone_label(text) or _LONE_NUMBER.match(text))


def _page_blocks(page: str) -> list[list[tuple[str, bool]]]:
    """A page's blocks as lines, each line saying whether it starts a paragraph of its own.

    Word's numbers and bullets, and the numbers in a table's first column, often come out
    as blocks of their own, apart from their text ("51. 51.1 52." down the left, then the
    texts). Each such label goes back before the line level with it, which then starts
    an entry; a label with no line level with it goes before the next block."""
    placed_blocks = [_placed_lines(block) for block in _BLOCK.findall(page)]
    marks: list[tuple[float, str, int]] = []
    for index, placed in enumerate(placed_blocks):
        if placed and all(_is_mark(text) for text, _ in placed):
            marks += [(top, text, index) for text, top in placed]
    used: set[int] = set()
    labelled: dict[int, list[tuple[str, bool]]] = {}
    for index, placed in enumerate(placed_blocks):
        if not placed or all(_is_mark(text) for text, _ in placed):
            continue
        lines = []
        for text, top in placed:
            hit = next(
                (
                    n
                    for n, (level, _, _) in enumerate(marks)
                    if n not in used and abs(level - top) < 3
                ),
                None,
            )
            if hit is None:
                lines.append((text, False))
                continue
            used.add(hit)
            mark = marks[hit][1]
            mark = "\u2022" if _BULLET_ONLY.match(mark) else mark
            lines.append((f"{mark} {text}", True))
        labelled[index] = lines
    blocks = []
    for index in range(len(placed_blocks)):
        if index in labelled:
            blocks.append(labelled[index])
            continue
        left = [
            (text, False) for n, (_, text, at) in enumerate(marks) if at == index and n not in used
        ]
        if left and not all(_BULLET_ONLY.match(text) for text, _ in left):
            blocks.append(left)  # set apart, with nothing level with it: before the next
    return blocks


def pdf_paragraphs(layout: str) -> list[Paragraph]:
    """pdftotext's -bbox-layout XHTML to paragraphs. Pure."""
    paragraphs: list[str] = []
    label = ""
    pages = [_page_blocks(page) for page in _PAGE.findall(layout)]
    running = (
        _running([[[t for t, _ in b] for b in blocks] for blocks in pages])
        if len(pages) > 1
        else set()
    )
    for blocks in pages:
        first_on_page = True
        for index, placed in enumerate(blocks):
            lines = [text for text, _ in placed]
            at_an_end = index < 2 or index >= len(blocks) - 3
            if at_an_end and re.sub(r"\d+", "#", " ".join(lines)) in running:
                continue
            if all(_is_mark(line) for line in lines):
                label = f"{label} {' '.join(lines)}".strip()  # Word's number, set apart by its tab
                continue
            if label:
                lines[0] = f"{label} {lines[0]}"
                label = ""
            groups: list[list[str]] = [[lines[0]]]
            for line, (_, forced) in zip(lines[1:], placed[1:], strict=True):
                if forced or _starts_anew(groups[-1][-1], line):
                    groups.append([line])
                else:
                    groups[-1].append(line)
            for group in groups:
                text = _join(group)
                carried = (
                    first_on_page
                    and paragraphs
                    and not SENTENCE_END.search(paragraphs[-1])
                    and not LABEL.match(text)
                    and opening(text) is None
                    and not placed[0][1]
                )
                if carried:
                    paragraphs[-1] = _join([paragraphs[-1], text])
                else:
                    paragraphs.append(text)
                first_on_page = False
    return [Paragraph(p) for p in paragraphs]
