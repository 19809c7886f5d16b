"""What a meeting resolved, read from the text of its minutes. Pure: the readers in
``agendapack.minutes.read`` turn a .docx, .pdf or .txt into paragraphs; this finds the
resolutions in them.

Councils word it their own way ("Resolved:", "RESOLVED that the Scrutiny Board request
the following: 1) ...", "RESOLVED - That the Committee:", "AGREED that the information be
noted", "The Committee agreed to:", "DECISION"), then give the entries numbered 1) (1) 1.
a) (a) (i), bulleted, or as one "that ..." sentence. What the tracker follows up is each
entry that asks for something; an entry that only notes a report or confirms the minutes
is not tracked.
"""

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


@dataclass(frozen=True)
class FoundResolution:
    """One resolution as the minutes give it: its text without its label, its kind, and
    the title of the agenda item it was resolved under, when the minutes show it."""

    kind: str  # "recommendation" or "action"
    text: str
    item: str = ""


# The words that open what was resolved. "The Committee agreed to hold back ..." in the
# middle of a discussion is not one: the committee form only counts with its colon.
_BODY = r"(?:committee|sub-committee|board|scrutiny\s+board|panel|cabinet|council|commission)"
# "Resolved issues were raised ..." opens nothing: the word must lead into what follows.
_FOLLOWED = r"(?=\s*(?:that\b|to\b|:|-|–|—|$))"
_TRIGGER = re.compile(
    r"^(?:"
    r"(?P<resolved>(?:it\s+was\s+)?resolved(?:\s+unanimously|\s*\(unanimously\))?)"
    + _FOLLOWED
    + r"|(?:it\s+was\s+)?(?P<agreed>AGREED|Agreed)"
    + _FOLLOWED
    + r"|(?P<recommended>RECOMMENDED|Recommended)"
    + _FOLLOWED
    # "The Committee agreed to:", "The Children and Young People Scrutiny Committee
    # RESOLVED that:"
    + r"|(?P<body>the\s+(?:[\w'’&-]+\s+){0,8}?"
    + _BODY
    + r"\s+(?:unanimously\s+)?(?:agreed|resolved)(?:\s+(?:to|that))?\s*:)"
    r"|(?P<decision>DECISIONS?|Decisions?)\s*(?::|-|–|—|$)"
    r")",
    re.IGNORECASE,
)

# A label typed before an entry: 1) (1) 1. a) (a) a. (i) i) or a bullet. Pasted text may
# put a bullet before the number ("- 1) ..."), as text taken from a PDF does.
# Bullets as typed, and as Word's Symbol and Wingdings bullets come out of a PDF
BULLETS = "-–•·●▪◦*\uf0b7\uf0a7\uf076\uf0d8➢■□"
LABEL = re.compile(
    rf"^\s*(?:[{BULLETS}]\s+)?"
    r"(?:\((?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6})\)|(?:\d{1,3}|[a-z]|[ivxlc]{1,6})[.)])"
    r"\s+"
    rf"|^\s*[{BULLETS}]\s+",
    re.IGNORECASE,
)
# "That:", "that the Committee:", "to:", "that the Scrutiny Board request the following:":
# what comes before the entries.
_INTRO = re.compile(r":\s*$")
_SEPARATOR = re.compile(r"^\s*[:\-–—.]*\s*")

# What ends the minute: its papers, the next minute's heading, the end of the meeting.
_STOP = re.compile(
    r"^(?:supporting\s+documents|background\s+papers|the\s+meeting\s+(?:closed|ended)|"
    r"meeting\s+closed|chair(?:man|person)?\s*$|signed\b|this\s+page\s+is\s+intentionally)",
    re.IGNORECASE,
)
_MINUTE_HEADING = re.compile(r"^\d{1,4}(?:/\d{2,4})?\.?\s+[A-Z][^.]{0,120}$")
_MINUTE_NUMBER = re.compile(
    r"^\s*(?:(?:minute|item|min\.?)\s+|[A-Z]{2,6}\s*/?\s*)?\d{1,4}(?:/\d{2,4})?"
    r"(?:\s*[.:)]\s*|\s*[-–—]\s*|\s+)(?:[-–—:]\s*)?",
    re.IGNORECASE,
)
_STAMP = re.compile(r"^\s*Page\s+\d+\s*$")
SENTENCE_END = re.compile(r"[.!?:;]['\"”’)]*\s*$")

# An entry that only notes or confirms something: nothing to follow up.
_NOTED_THING = (
    r"(?:(?:the\s+)?(?:contents?\s+of\s+the\s+|content\s+of\s+the\s+)?"
    r"(?:action\s+and\s+recommendations?\s+|recommendations?\s+)?"
    # "the verbal update", "the annual safeguarding report"; never "a report", which is
    # one asked for
    r"(?:(?<=\bthe )(?:(?!(?:be|is|are|was|were)\b)[\w'’-]+\s+){1,3}?)?"
    r"(?:report|reports|information|update|updates|minutes|presentation|work\s+programme|"
    r"briefing(?:\s+note)?|comments|progress|position|tracker|annual\s+report|strategy|"
    r"performance|findings|evidence|responses?|item))"
)
_NOTING = [
    # "That the report be noted", "the minutes of ... be confirmed as a true record"
    re.compile(
        r"^(?:that\s+)?" + _NOTED_THING + r"\b.{0,160}?\b(?:be|is|are|was|were|has\s+been|"
        r"have\s+been)\s+(?:duly\s+)?(?:noted|received|confirmed|signed|"
        r"(?:approved|agreed)\s+as\s+an?\s+(?:true|correct|accurate)\s+record)\b"
        r"(?P<tail>.*)$",
        re.IGNORECASE | re.DOTALL,
    ),
    # "The committee notes the report", "Members noted the update"
    re.compile(
        r"^(?:that\s+)?(?:the\s+)?(?:" + _BODY + r"|members?)\s+(?:notes?|noted|confirms?|"
        r"confirmed|receives?|received|welcomes?|welcomed|approves?|approved|"
        r"acknowledges?|acknowledged)\s+" + _NOTED_THING + r"(?P<tail>.*)$",
        re.IGNORECASE | re.DOTALL,
    ),
    # "To note the report", "Note the update"; "notes the update" after "That the
    # Committee:"
    re.compile(
        r"^(?:that\s+)?(?:to\s+)?(?:notes?|noted|receives?|received|confirms?|confirmed|"
        r"approves?|approved|welcomes?|welcomed|acknowledges?|acknowledged)\s+"
        + _NOTED_THING
        + r"(?P<tail>.*)$",
        re.IGNORECASE | re.DOTALL,
    ),
]
# Excluding the public is procedure: there is nothing to follow up.
_NOTING.append(
    re.compile(
        r"^(?:that\b)?.{0,200}?\bthe\s+public\s+(?:and\s+(?:the\s+)?press\s+)?be\s+"
        r"excluded\b(?P<tail>)",
        re.IGNORECASE | re.DOTALL,
    )
)
# "Noted.", "Agreed.": the whole entry
_NOTING.append(re.compile(r"^(?:noted|agreed|received|approved)\.?(?P<tail>)$", re.IGNORECASE))
# "the minutes of the meeting held on ... were approved", "... be agreed"
_NOTING.append(
    re.compile(
        r"^(?:that\s+)?the\s+minutes\b.{0,200}?\b(?:be|is|are|was|were|has\s+been|"
        r"have\s+been)\s+(?:approved|agreed|accepted|adopted|signed)\b(?P<tail>.*)$",
        re.IGNORECASE | re.DOTALL,
    )
)
# A tail that asks for more makes the entry a resolution after all.
_ASKS = re.compile(
    r"\b(?:request|requests|recommend\w*|ask|asks|asked|will|should|must|provide|share|"
    r"shared|bring|brought|review|explore|investigate|arrange|circulat\w*|report\s+back|"
    r"consider|refer|write|seek|invite|include)\b",
    re.IGNORECASE,
)
_RECOMMENDS = re.compile(r"\brecommend", re.IGNORECASE)


def clean(text: str) -> str:
    """One paragraph's text with its spaces made plain: Word's no-break and odd spaces,
    and line breaks inside it, as one space."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return " ".join(text.split())


def _key(text: str) -> str:
    """A title as compared: case, quotes, dashes and spacing set aside."""
    text = clean(text).casefold()
    text = re.sub(r"[‘’`´]", "'", text)
    text = re.sub(r"[“”]", '"', text)
    text = re.sub(r"[–—]", "-", text)
    return re.sub(r"[^\w' -]+", "", text).strip()


def _strip_label(text: str) -> tuple[str, bool]:
    match = LABEL.match(text)
    if not match:
        return text, False
    return text[match.end() :], True


def _tidy(text: str) -> str:
    """An entry's text as the tracker shows it: no label, no joining ", and" or ";" the
    list put between entries, a capital first letter."""
    text = clean(text)
    text = re.sub(r"(?:[,;]\s*(?:and|or)|[,;]|\s+and)\s*$", "", text).strip()
    text = text.strip("*").strip()  # bold marks kept by some text extracts
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


def is_noting(text: str) -> bool:
    """Whether an entry only notes or confirms: "That the report be noted", "The
    committee notes the report", "the minutes ... be confirmed as a true record"."""
    body = clean(text)
    for pattern in _NOTING:
        match = pattern.match(body)
        if match and not _ASKS.search(match["tail"] or ""):
            return True
    return False


def kind_of(text: str, context: str = "") -> str:
    """ "recommendation" where the entry recommends, or the words introducing the list say
    these are recommendations; otherwise "action"."""
    return "recommendation" if _RECOMMENDS.search(text) or _RECOMMENDS.search(context) else "action"


def opening(text: str) -> str | None:
    """What follows the opening words, when the paragraph opens a resolution."""
    match = _TRIGGER.match(text)
    if not match:
        return None
    # "agreed" and "recommended" in running prose are not an opening: the minutes write
    # them in capitals, or at the start of a sentence
    for word in ("agreed", "recommended"):
        said = match[word]
        if said and said not in (said.upper(), said.capitalize()):
            return None
    return _SEPARATOR.sub("", text[match.end() :], count=1)


def _heading_title(text: str, titles: dict[str, str]) -> str | None:
    """The agenda item a heading paragraph starts: an item's title as the programme has
    it, with or without its minute number before it ("27 Children's Services
    Improvement"); or, for a numbered heading the programme does not know (the minutes
    may word a title otherwise), the heading's own words."""
    if text.rstrip().endswith(":"):
        return None  # "Minutes:", the label of what was said, is not the Minutes item
    found = titles.get(_key(text))
    if found:
        return found
    # "34. Title", "34 – Title", "Minute 34 - Title", "CYP 34 Title", "Item 5: Title": the
    # councils' ways of numbering a minute, taken only before a title the agenda has
    prefix = _MINUTE_NUMBER.match(text)
    if prefix:
        found = titles.get(_key(text[prefix.end() :]))
        if found:
            return found
    numbered = re.match(r"^\d{1,4}(?:/\d{2,4})?\.?\s+(.*)$", text)
    if numbered and _MINUTE_HEADING.match(text) and not LABEL.match(text):
        return titles.get(_key(numbered[1]), numbered[1].strip())
    return None


def _ends_block(paragraph: Paragraph, titles: dict[str, str]) -> bool:
    text = paragraph.text
    return bool(
        _STOP.match(text)
        or opening(text) is not None
        or (not paragraph.listed and _heading_title(text, titles))
    )


def find_resolutions(
    paragraphs: list[Paragraph], titles: tuple[str, ...] = ()
) -> list[FoundResolution]:
    """Every tracked resolution in the minutes, in order. `titles` are the meeting's item
    titles: a paragraph naming one starts that item's minute."""
    known = {_key(t): t for t in titles}
    kept = [
        Paragraph(clean(p.text), p.listed)
        for p in paragraphs
        if clean(p.text) and not _STAMP.match(p.text)
    ]
    found: list[FoundResolution] = []
    item = ""
    index = 0
    while index < len(kept):
        paragraph = kept[index]
        title = _heading_title(paragraph.text, known) if not paragraph.listed else None
        if title:
            item = title
            index += 1
            continue
        rest = opening(paragraph.text) if not paragraph.listed else None
        if rest is None:
            index += 1
            continue
        previous = kept[index - 1].text if index else ""
        context = rest + " " + (previous if previous.endswith(":") else "")
        entries, index = _entries(kept, index + 1, rest, known)
        for entry in entries:
            text = _tidy(entry)
            if text and not text.startswith("[") and not is_noting(text):
                found.append(FoundResolution(kind_of(text, context), text, item))
    return found


def _entries(
    kept: list[Paragraph], index: int, rest: str, known: dict[str, str]
) -> tuple[list[str], int]:
    """The entries after an opening at `index`, and the index after the last of them."""
    # "RESOLVED that the report be noted.": the whole resolution on one line.
    if rest and not _INTRO.search(rest):
        return [re.sub(r"^that\s+", "", rest, flags=re.IGNORECASE)], index
    entries: list[str] = []
    while index < len(kept):
        paragraph = kept[index]
        if _ends_block(paragraph, known):
            break
        text, labelled = _strip_label(paragraph.text)
        labelled = labelled or paragraph.listed
        if labelled:
            entries.append(text)
        elif not entries and _INTRO.search(paragraph.text) and len(paragraph.text) < 120:
            pass  # "That:" before the list
        elif entries and not SENTENCE_END.search(entries[-1]):
            entries[-1] += " " + text  # a sentence carried over a line or a page
        elif re.match(r"^(?:that|to)\b", text, re.IGNORECASE):
            entries.append(text)  # "That ...": one resolution a paragraph, unnumbered
        elif not entries:
            entries.append(text)  # "Resolved:" then one plain sentence
            index += 1
            break
        else:
            break
        index += 1
    return entries, index
