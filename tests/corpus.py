"""The third-party corpus (`../shared/corpus/`) as workspaces, and what a pack must keep of
each paper: its words, a stamp on every page, its internal links, nothing hostile.

Used by tests/test_corpus.py (every file through `check` and `build`) and by
scripts/corpus_table.py (the run as a table, for benchmarks/README.md).
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

# Every file agendapack refuses, and the true reason: qpdf (the pikepdf in the venv, with its
# repairs) cannot open it, it needs a user password, or it has no pages. Nothing else.
PASSWORD = "the PDF needs a password to open"
DAMAGED = "the PDF is damaged and cannot be read"
NO_PAGES = "the PDF has no pages"
EXPECTED_REFUSALS = {
    # a user password (qpdf: "invalid password" with the empty one)
    "js-encrypted-attachment.pdf": PASSWORD,
    "js-print_protection.pdf": PASSWORD,
    "pk-graph-encrypted.pdf": PASSWORD,
    "qp-20-pages.pdf": PASSWORD,
    "qp-enc-R2_V1_U_view_O_master.pdf": PASSWORD,
    "qp-enc-XI-R6_V5_U_view_attachments_cleartext-metadata.pdf": PASSWORD,
    # qpdf: "root of pages tree has no /Kids array"
    "pk-378014596.pdf": DAMAGED,
    # qpdf: "can't find PDF header", then no trailer to be found while repairing
    "qp-bad1.pdf": DAMAGED,
    "qp-issue-141a.pdf": DAMAGED,
    # qpdf: "Loop detected in /Pages structure"
    "qp-pages-loop.pdf": DAMAGED,
    # qpdf opens it: its page tree is empty
    "pk-newline-buffer-test.pdf": NO_PAGES,
}

COUNCIL = """\
name = "Corpus Borough Council"
address = "Town Hall"
publish_url = "https://democracy.example.gov.uk/"
signatory = "Monitoring Officer"
uid_domain = "democracy.example.gov.uk"
max_items = 100
"""
COMMITTEE = """\
name = "Corpus Committee"
year = "2023/24"
venue = "Town Hall"
time = 10:00:00
opening = []
closing = []

[officer]
name = "Committee Officer"
email = "officer@example.gov.uk"
"""


def corpus_files() -> list[Path]:
    """Every PDF and Word file of the corpus, in name order."""
    return sorted([*CORPUS.glob("pdf/*.pdf"), *CORPUS.glob("docx/*.docx")], key=lambda p: p.name)


def meeting_dates(count: int) -> list[dt.date]:
    """`count` Thursdays of the municipal year 2023/24, a fortnight apart."""
    first = dt.date(2023, 6, 1)
    return [first + dt.timedelta(weeks=2 * n) for n in range(count)]


def write_workspace(root: Path, batches: list[list[Path]]) -> dict[str, tuple[dt.date, int]]:
    """A workspace with one meeting per batch, each paper an item of its own (a hard link
    where it can be, else a copy: a symbolic link out of the meeting folder is refused);
    returns each paper's meeting and the programme line that names it."""
    (root / "programme").mkdir(parents=True)
    (root / "programme/council.toml").write_text(COUNCIL, encoding="utf-8")
    lines = COMMITTEE.splitlines()
    where: dict[str, tuple[dt.date, int]] = {}
    for date, batch in zip(meeting_dates(len(batches)), batches, strict=True):
        folder = root / "packs/corpus" / date.isoformat()
        folder.mkdir(parents=True)
        lines += ["", "[[meeting]]", f"date = {date.isoformat()}"]
        for paper in batch:
            try:
                os.link(paper, folder / paper.name)
            except OSError:  # another file system
                shutil.copyfile(paper, folder / paper.name)
            lines += ["", "[[meeting.item]]", f'title = "{paper.stem}"']
            lines.append(f'documents = ["{paper.name}"]')
            where[paper.name] = (date, len(lines))
    (root / "programme/corpus.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return where


# -- reading PDFs back ------------------------------------------------------------------


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as poppler reads it (one run of pdftotext for the whole file)."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=False
    ).stdout.decode("utf-8", "replace")
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


_WORD = re.compile(r"\w")
_WORD_LETTER = re.compile(r"[^\W_]")  # a letter or a digit


def words(text: str) -> Counter[str]:
    """The words of a text that are words: tokens with a letter or digit in them (a
    radio button's dot or a check box's tick, drawn in a symbol font, is no word)."""
    return Counter(token for token in text.split() if _WORD.search(token))


def lost_words(source: Counter[str], pack: Counter[str]) -> list[str]:
    """The source's words the pack lacks. A word the source's page cuts at its edge
    ("gray-tiff.im") that the pack shows whole (its page shrunk above the stamp's band,
    nothing cut) is not lost."""
    missing = source - pack
    whole = [word for word in pack if len(word) > 1]
    return sorted(w for w in missing if not any(p.startswith(w) and p != w for p in whole))


# The elements that are a paragraph of their own (as `minutes/read.py` reads them): the
# text of the inline elements (Span, Link, Reference...) under one joins its words.
_BLOCKS = {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "TD", "TH", "Caption", "Title",
           "BlockQuote", "Note", "TOCI", "Index"}  # fmt: skip
_SECTION = re.compile(r'^  Sect (?:<[^>]*> )?"(.*)"$')
_QUOTED = re.compile(r'^\s+"(.*)"$')
_ROLE = re.compile(r"^\s+(\w+)")


def structure_sections(tree: str) -> dict[str, list[str]]:
    """`pdfinfo -struct-text` of a pack as each document's section (its /Sect, named by
    the document's title): the text of its blocks, in the tree's order. poppler prints
    each marked run of a block on a line of its own; they are joined with a space (a run
    that ends a line ends a word; a word drawn in runs is found by `structure_lost`)."""
    found: dict[str, list[list[str]]] = {}
    blocks: list[list[str]] | None = None
    for line in tree.split("\n"):  # not splitlines(): a run may hold a carriage return
        if section := _SECTION.match(line):
            blocks = found.setdefault(section[1], [[]])
        elif not line.startswith("   "):  # the pack's /Document, or another of its elements
            blocks = None
        elif blocks is not None:
            if quoted := _QUOTED.match(line):
                blocks[-1].append(quoted[1])
            elif (role := _ROLE.match(line)) and role[1] in _BLOCKS:
                blocks.append([])
    return {title: [" ".join(b) for b in blocks if b] for title, blocks in found.items()}


# Bidirectional controls, which direct how a line is shown and are not heard: pdftotext
# wraps a right-to-left line in them (U+202B ... U+202C), a structure's text has none.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                   "\u2066\u2067\u2068\u2069"))  # fmt: skip


def heard(text: str) -> str:
    """A text as a reader hears it, for comparing two readings of one page: compatibility
    forms as their letters (NFKC: "ﬁ" as "fi", an Arabic letter's presentation form as
    the letter), combining marks composed with the letter they follow (NFKC composes
    too: "e" and U+0301 are "é"), and no bidirectional controls."""
    return unicodedata.normalize("NFKC", text).translate(_BIDI_CONTROLS)


# Pieces of a word that the structure may read apart: up to five (a word drawn in runs),
# up to eight symbols that the structure reads one by one and pdftotext as one token
# ("$ & % # _ { }" and "$&%#_{}": a reader names each symbol either way).
_PIECES_AT_MOST = 5
_SYMBOLS_AT_MOST = 8


def structure_lost(source: str, blocks: list[str]) -> list[str]:
    """The words of the source's text (pdftotext's) that a document's structure text
    lacks, as `lost_words` finds them, but for a word the structure has in pieces: split
    where the page draws it in runs (a superscript "∗" after "Anderson", "Ouch" and its
    note's "1"), cut by a hyphen at a line's end that pdftotext joins ("Col-" "laboration"
    read "Collaboration", "10-" "12x" read "1012x"), spelt with a ligature ("ﬁ"), or a
    run of symbols that the structure reads one by one; and for a word pdftotext reads in
    pieces where the structure has it whole: small capitals, whose first letter, of the
    larger size, pdftotext parts from the rest ("S MALL" where the page and the structure
    read "SMALL"). Both texts are compared as a reader hears them (`heard`)."""
    # the whole section's words in order: pdftotext joins a line's end to the next
    # line's start whatever block each is in
    tokens = heard(" ".join(blocks)).split()
    pieces: Counter[str] = Counter()
    for size in range(2, _SYMBOLS_AT_MOST + 1):
        for start in range(len(tokens) - size + 1):
            run = tokens[start : start + size]
            if size > _PIECES_AT_MOST and any(_WORD_LETTER.search(token) for token in run):
                continue
            joined = "".join(run)
            pieces[joined] += 1
            pieces[joined.replace("-", "")] += 1
    for a, b in zip(tokens, tokens[1:], strict=False):
        if a.endswith("-"):
            pieces[a[:-1] + b] += 1
    for token in tokens:
        pieces[token.replace("-", "")] += 1
    theirs = heard(source).split()
    whole = set(tokens)
    for start in range(len(theirs)):
        for size in (2, 4):  # "S MALL", "R EQUIRES S TACK" (a small-capital "RequiresStack")
            run = theirs[start : start + size]
            if len(run) < size or not run[1][:1].isupper():
                continue
            capitals = all(len(run[i]) == 1 and run[i].isupper() for i in range(0, size, 2))
            joined = "".join(run)
            if capitals and (joined in whole or pieces[joined]):
                pieces.update(run)
    normal = words(" ".join(theirs))
    return [word for word in lost_words(normal, words(" ".join(tokens))) if not pieces[word]]


def reading_order(source: str, blocks: list[str]) -> tuple[int, float]:
    """How far a document's structure text keeps the source's reading order as pdftotext
    reads it: of the words each has once (an anchor, whatever the split words and
    artifacts), how many and the share that come in the same order (the longest run in
    order, not necessarily adjacent)."""
    ours = [w for w in heard(source).split() if _WORD.search(w)]
    theirs = [w for w in heard(" ".join(blocks)).split() if _WORD.search(w)]
    once, there = Counter(ours), Counter(theirs)
    where = {word: index for index, word in enumerate(theirs) if there[word] == 1}
    anchors = [where[word] for word in ours if once[word] == 1 and word in where]
    run: list[int] = []  # the least last place of an in-order run of each length
    for place in anchors:
        at = bisect.bisect_left(run, place)
        run[at : at + 1] = [place]
    return len(anchors), len(run) / len(anchors) if anchors else 1.0


def internal_links(pdf: pikepdf.Pdf) -> Counter[tuple[int, int]]:
    """The links within the document that lead somewhere, as (page it is on, page it
    leads to), 0-based: explicit destinations, named ones (either kind of name) and GoTo
    actions. A link whose name the document never defines leads nowhere and is not
    counted."""
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    found: Counter[tuple[int, int]] = Counter()
    for index, page in enumerate(pdf.pages):
        annotations = page.obj.get("/Annots")
        if not isinstance(annotations, pikepdf.Array):
            continue
        for annotation in annotations:
            if not isinstance(annotation, pikepdf.Dictionary):
                continue
            if annotation.get("/Subtype") != pikepdf.Name.Link:
                continue
            target = _target(pdf, annotation, pages)
            if target is not None:
                found[(index, target)] += 1
    return found


def _target(
    pdf: pikepdf.Pdf, annotation: pikepdf.Dictionary, pages: dict[tuple[int, int], int]
) -> int | None:
    destination = annotation.get("/Dest")
    action = annotation.get("/A")
    if (
        destination is None
        and isinstance(action, pikepdf.Dictionary)
        and action.get("/S") == pikepdf.Name.GoTo
    ):
        destination = action.get("/D")
    try:
        if isinstance(destination, pikepdf.Name):
            old = pdf.Root.get("/Dests")
            destination = old[destination] if isinstance(old, pikepdf.Dictionary) else None
        elif isinstance(destination, pikepdf.String):
            names = pdf.Root.get("/Names")
            tree = names.get("/Dests") if isinstance(names, pikepdf.Dictionary) else None
            destination = pikepdf.NameTree(tree).get(str(destination)) if tree else None
    except (KeyError, TypeError, ValueError, pikepdf.PdfError):
        return None
    if isinstance(destination, pikepdf.Dictionary):
        destination = destination.get("/D")
    if not isinstance(destination, pikepdf.Array) or len(destination) == 0:
        return None
    page = destination[0]
    if isinstance(page, pikepdf.Dictionary) and page.is_indirect:
        return pages.get(page.objgen)
    return None


_HOSTILE_KEYS = ("/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/AA", "/OpenAction", "/XFA")
_HOSTILE_ACTIONS = ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/ResetForm")


def hostile(pdf: pikepdf.Pdf) -> list[str]:
    """What in a pack could act or carry a file: nothing, in every pack."""
    found = []
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        stack = [obj]
        while stack:
            current = stack.pop()
            if isinstance(current, pikepdf.Array):
                stack.extend(
                    c
                    for c in current
                    if isinstance(c, pikepdf.Dictionary | pikepdf.Array) and not c.is_indirect
                )
                continue
            if not isinstance(current, pikepdf.Dictionary | pikepdf.Stream):
                continue
            keys = set(current.keys())
            found += [key for key in _HOSTILE_KEYS if key in keys]
            if current.get("/S") in _HOSTILE_ACTIONS:
                found.append(str(current.get("/S")))
            if current.get("/Subtype") in ("/FileAttachment", "/Widget"):
                found.append(str(current.get("/Subtype")))
            for key in keys:
                child = current[key]
                if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
                    stack.append(child)
    return sorted(set(found))


@dataclass
class Placed:
    """Where a paper went in its meeting's pack."""

    name: str
    first: int  # 1-based
    pages: int
    converted: Path  # the copy in documents/, as converted (a Word file) or cleaned
