"""The minutes' text as agendapack compares it: paragraphs, their labels ("1)", "(a)",
Word's own numbering), sentences and titles with their spacing, dashes and quotes made
plain. Pure."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the minutes. `listed` when Word numbers or bullets it itself (the
    number is then not in the text)."""

    text: str
    listed: bool = False
    level: int = 0  # Word's list level (0 the outermost), for a listed paragraph
    heading: bool = False  # in one of Word's heading styles
    in_table: bool = False  # in a table's cell


# The words that open what was resolved. "The Committee agreed to hold back ..." in the
# middle of a discussion is not one: the committee form only counts with its colon.
BODY = r"(?:committee|sub-committee|board|scrutiny\s+board|panel|cabinet|council|commission)"

# A label typed before an entry: 1) (1) 1. a) (a) a. (i) i) or a bullet. Pasted text may
# put a bullet before the number ("- 1) ..."), as text taken from a PDF does.
# Bullets as typed, and as Word's Symbol and Wingdings bullets come out of a PDF
BULLETS = "-–•·●▪◦*\uf0b7\uf0a7\uf076\uf0d8➢■□"
LABEL = re.compile(
    rf"^\s*(?:[{BULLETS}]\s+)?"
    # "(iii)Recommends": a PDF may set the text against its label
    r"(?:\((?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6})\)(?:\s+|(?-i:(?=[A-Z])))"
    r"|(?:(?:\d{1,3}|[a-z]|[ivxlc]{1,6})[.)]|\d{1,3}(?:\.\d{1,3})+\.?)\s+)"
    rf"|^\s*[{BULLETS}]\s+",
    re.IGNORECASE,
)
# "That:", "that the Committee:", "to:", "that the Scrutiny Board request the following:":
# what comes before the entries.
INTRO = re.compile(r":\s*$")
STAMP = re.compile(r"^\s*Page\s+\d+\s*$")
SENTENCE_END = re.compile(r"[.!?:;]['\"”’)]*\s*$")


def clean(text: str) -> str:
    """One paragraph's text with its spaces made plain: Word's no-break and odd spaces,
    and line breaks inside it, as one space."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return " ".join(text.split())


def title_key(text: str) -> str:
    """A title as compared: case, quotes, dashes and spacing set aside."""
    text = clean(text).casefold()
    text = re.sub(r"[‘’`´]", "'", text)
    text = re.sub(r"[“”]", '"', text)
    text = re.sub(r"[–—]", "-", text)
    return re.sub(r"[^\w' -]+", "", text).strip()


def strip_label(text: str) -> tuple[str, bool]:
    match = LABEL.match(text)
    if not match:
        return text, False
    return text[match.end() :], True


def label_kind(paragraph: Paragraph) -> str:
    """Which list an entry belongs to, by the shape of its label: entries of one kind
    are siblings ("1." "2."), another kind is a level within ("(a)" under "3.")."""
    if paragraph.listed:
        return f"word{paragraph.level}"
    match = LABEL.match(paragraph.text)
    if not match:
        return ""
    label = match.group().strip().lower()
    if re.search(r"\d\.\d", label):
        return "decimal2"
    if re.search(r"\d", label):
        return "decimal"
    if re.fullmatch(r"[(]?[ivx]+[.)]", label) and label.strip("(.)") not in ("v", "x"):
        return "roman"
    if re.search(r"[a-z]", label):
        return "alpha"
    return "bullet"


def tidy(text: str) -> str:
    """An entry's text as the tracker shows it: no label, no joining ", and" or ";" the
    list put between entries, a capital first letter."""
    text = clean(text)
    text = re.sub(r"(?:[,;]\s*(?:and|or)|[,;]|\s+and)\s*$", "", text).strip()
    text = text.strip("*").strip()  # bold marks kept by some text extracts
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


# Where a sentence ends: not after "Cllr.", "Mr.", "St." or inside "£4,318.60".
_SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9)’'\]][.!?])\s+(?=[A-Z(])")
_ABBREVIATED = re.compile(r"\b(?:Cllr|Mr|Mrs|Ms|Dr|St|No|Prof|Rev|Co|Ltd|approx|e\.g|i\.e)\.$")


def first_sentence(text: str) -> tuple[str, str]:
    """A paragraph's first sentence, and the rest."""
    for match in _SENTENCE_BREAK.finditer(text):
        if not _ABBREVIATED.search(text[: match.start()]):
            return text[: match.start()], text[match.end() :]
    return text, ""
