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
from collections.abc import Sequence
from dataclasses import dataclass, replace


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
    # Read in exempt business: after the public were excluded, or under an exempt item's
    # title. Such a resolution never goes to the public tracker.
    exempt: bool = False
    minute: str = ""  # the minute's number, as its heading gives it
    left_out: str = ""  # why it is not tracked ("exempt business", "only notes", ...)


@dataclass(frozen=True)
class MinuteItem:
    """An agenda item as the minutes may name it: its title, its number on the agenda
    ("(Item 9)"), whether it is exempt, and whether it is the exclusion of the public."""

    title: str
    number: int = 0
    exempt: bool = False
    exclusion: bool = False
    exempt_papers: tuple[str, ...] = ()  # the titles of its exempt appendices


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


# "(Item 9)", "(Agenda Item 9)", "[Item 9a]", "- Item 9" at the end of a minute's heading:
# the agenda's number, which names the item whatever the heading's words.
_ITEM_NUMBER = re.compile(
    r"\s*(?:[(\[]\s*(?:agenda\s+)?item\s+(?:no\.?\s*)?(?P<a>\d{1,3})[a-z]?\s*[)\]]"
    r"|[-–—]\s*(?:agenda\s+)?item\s+(?P<b>\d{1,3})[a-z]?)\s*$",
    re.IGNORECASE,
)
# The public excluded, or exempt business named: from here on the minutes record what the
# public may not see. Read generously: a false alarm holds a public resolution back for
# the officer to add by hand, a miss would publish an exempt one.
_EXCLUDES = re.compile(
    r"\b(?:press|public)\b[^.;]{0,80}?\b(?:be|are|were|was|being|is)\s+excluded\b"
    r"|\bexclu(?:de|ded|ding|sion\s+of)\s+(?:the\s+)?(?:press|public|members\s+of\s+the\s+public)\b"
    r"|\bschedule\s+12\s*a\b"
    r"|\bsection\s+100\s*a\b"
    r"|\bexempt\s+(?:information|business|items?|reports?|minutes?|session|appendix|"
    r"appendices|papers?)\b"
    r"|[(\[]\s*exempt\b"
    r"|\bnot\s+for\s+publication\b"
    r"|\b(?:private|closed|confidential)\s+(?:session|business|part\s+of\s+the\s+meeting)\b",
    re.IGNORECASE,
)
# "There were no items of exempt information": said, not done.
_NO_EXEMPT = re.compile(
    r"\bno\s+(?:[\w-]+\s+){0,3}?(?:exempt|private|confidential)\b", re.IGNORECASE
)
_SENTENCES = re.compile(r"(?<=[.;!?])\s+")


def excludes_the_public(text: str) -> bool:
    """Whether a paragraph excludes the public or names exempt business, so that what
    follows it is exempt. A sentence that only says there was none does not."""
    for sentence in _SENTENCES.split(text):
        if _EXCLUDES.search(sentence) and not (
            _NO_EXEMPT.search(sentence) and not re.search(r"\bbe\s+excluded\b", sentence, re.I)
        ):
            return True
    return False


def title_pattern(title: str) -> re.Pattern[str] | None:
    """A title found in running text whatever its case, spacing, dashes or quotes."""
    words = re.findall(r"\w+", title)
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", re.I)


def _title_cased(text: str) -> bool:
    """Whether words read as a heading: in capitals, or with their main words capitalised
    ("Capital Programme 2025-35"), not as a sentence ("Ask officers to ...")."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
        return True
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) > 3]
    if not words:
        return False
    return sum(w[0].isupper() for w in words) >= max(2, 0.6 * len(words))


def _capitals_heading(text: str) -> bool:
    """A heading in bold capitals, such as "RESIDENTIAL CARE CONTRACT": two words or more,
    every letter a capital, no sentence."""
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 6
        and len(text) <= 120
        and all(c.isupper() for c in letters if c.isalpha() and c.lower() != c.upper())
        and len(text.split()) >= 2
        and not SENTENCE_END.search(text)
        and opening(text) is None
    )


class _Agenda:
    """The meeting's items, as the minutes' headings name them."""

    def __init__(self, items: tuple[MinuteItem, ...]) -> None:
        self.items = items
        self.by_key = {_key(item.title): item for item in items}
        self.by_number = {item.number: item for item in items if item.number}
        self.exempt_patterns = [
            pattern
            for item in items
            if item.exempt
            for pattern in [title_pattern(item.title)]
            if pattern is not None
        ]
        papers = {paper for item in items for paper in item.exempt_papers}
        self.secret_patterns = self.exempt_patterns + [
            pattern for pattern in map(title_pattern, sorted(papers)) if pattern is not None
        ]
        self.has_exempt = any(item.exempt for item in items)
        self.public_titles = {item.title for item in items if not item.exempt}

    def _shortened(self, key: str) -> MinuteItem | None:
        """The one item whose title the heading shortens ("School Readiness" for "School
        Readiness – Learning from ...")."""
        if len(key) < 8 or " " not in key:
            return None
        found = [
            item
            for title, item in self.by_key.items()
            if title.startswith(key) and not title[len(key) : len(key) + 1].isalnum()
        ]
        return found[0] if len(found) == 1 else None

    def match(self, text: str) -> MinuteItem | None:
        """The agenda item a heading names: by its title, with or without the minute's
        number before it, by a title the heading shortens, or by "(Item N)"."""
        candidates = [text]
        prefix = _MINUTE_NUMBER.match(text)
        if prefix and prefix.end() < len(text):
            candidates.append(text[prefix.end() :])
        numbers = []
        for candidate in candidates:
            number = _ITEM_NUMBER.search(candidate)
            words = candidate[: number.start()] if number else candidate
            key = _key(words)
            item = self.by_key.get(key) or self._shortened(key)
            if item is not None:
                return item
            if number is not None:
                numbers.append(int(number["a"] or number["b"]))
        # the words name no item: the agenda's number does
        return next((self.by_number[n] for n in numbers if n in self.by_number), None)

    def exempt_title_at(self, text: str) -> int | None:
        """Where an exempt item's title first appears in the text, if it does."""
        starts = [m.start() for p in self.exempt_patterns for m in [p.search(text)] if m]
        return min(starts) if starts else None


def _heading(paragraph: Paragraph, agenda: _Agenda) -> MinuteItem | str | None:
    """The agenda item a heading paragraph starts; for a heading the agenda does not know
    (the minutes may word a title otherwise), the heading's own words."""
    text = paragraph.text
    if text.rstrip().endswith(":") or len(text) > 200:
        return None  # "Minutes:", the label of what was said, is not the Minutes item
    if opening(text) is not None:
        return None
    item = agenda.match(text)
    if item is not None:
        return item
    if paragraph.listed:
        return None  # Word's list entry: a heading only when it names an item
    # "34. Title", "34 – Title", "Minute 34 - Title", "CYP 34 Title": a numbered heading
    prefix = _MINUTE_NUMBER.match(text)
    # never "1) ...", the way an entry is numbered
    if prefix and ")" not in prefix.group() and re.match(r"^\s*(?:[A-Za-z]+\s*)?\d", text):
        rest = text[prefix.end() :].strip()
        number = _ITEM_NUMBER.search(rest)
        words = (rest[: number.start()] if number else rest).strip()
        shaped = (
            words
            and len(words) <= 120
            and words[:1].isupper()
            and not SENTENCE_END.search(words)
            and (number is not None or _title_cased(words))
        )
        if shaped:
            return words
    if _capitals_heading(text):
        return text
    return None


_NUMBERED = re.compile(
    r"^\s*(?:(?:minute|min\.?)\s+|[A-Z]{2,6}\s*/?\s*)?(\d{1,4}(?:/\d{2,4})?)(?![\d)])",
    re.IGNORECASE,
)


class _Reading:
    """Where the minutes are: under which item, and whether in exempt business."""

    def __init__(self, agenda: _Agenda) -> None:
        self.agenda = agenda
        self.item = ""
        self.minute = ""
        self.exempt = False
        self.visited: set[str] = set()
        self.last_number = ""  # a number alone, as a table's first cell gives a minute's

    def heading(self, paragraph: Paragraph) -> bool:
        """Take a heading paragraph; whether it was one."""
        found = _heading(paragraph, self.agenda)
        if found is None:
            alone = re.fullmatch(r"\s*(\d{1,4}(?:/\d{2,4})?)\.?\s*", paragraph.text)
            self.last_number = alone[1] if alone else ""
            return False
        number = _NUMBERED.match(paragraph.text)
        self.minute = number[1] if number else self.last_number
        self.last_number = ""
        if isinstance(found, MinuteItem):
            if found.exempt or found.exclusion:
                self.exempt = True
            elif self.exempt and found.title not in self.visited:
                # back in public only under a heading positively matched to an item not
                # yet minuted; an unknown heading keeps the business exempt
                self.exempt = False
            self.visited.add(found.title)
            self.item = found.title
            if found.exempt or found.exclusion:
                return True
            self.watch(paragraph.text, titles=False)
        else:
            self.item = found
            self.watch(paragraph.text)
        return True

    def watch(self, text: str, *, titles: bool = True) -> None:
        """Exempt business starts where the public are excluded or an exempt item's title
        appears, whatever the layout made of its heading."""
        if excludes_the_public(text) or (titles and self.agenda.exempt_title_at(text) is not None):
            self.exempt = True


def _ends_block(paragraph: Paragraph, agenda: _Agenda) -> bool:
    text = paragraph.text
    return bool(_STOP.match(text) or opening(text) is not None or _heading(paragraph, agenda))


def _split_glued(paragraphs: list[Paragraph], agenda: _Agenda) -> list[Paragraph]:
    """A heading glued to the paragraph before it (a PDF's last line of a page, a line
    break in Word) starts a paragraph of its own: the exempt item's title, or a numbered
    or capitals heading, after a finished sentence."""
    result = []
    for paragraph in paragraphs:
        text = paragraph.text
        at = agenda.exempt_title_at(text)
        cut = None
        if at and SENTENCE_END.search(text[:at].rstrip()):
            cut = at
        else:
            glued = re.search(
                r"(?<=[.!?;:])\s+(?=[A-Z][A-Z0-9 ,&'’()–—-]{5,}$)"  # a capitals heading
                r"|(?<=[.!?;])\s+(?=\d{1,4}\.?\s+[A-Z][^.]{2,}\(\s*item\s+\d+[a-z]?\s*\)\s*$)",
                text,
            )
            if glued and _heading(Paragraph(text[glued.end() :]), agenda) is not None:
                cut = glued.end()
        if cut:
            result.append(Paragraph(text[:cut].rstrip(), paragraph.listed))
            result.append(Paragraph(text[cut:]))
        else:
            result.append(paragraph)
    return result


def _items(titles: Sequence[str | MinuteItem]) -> tuple[MinuteItem, ...]:
    return tuple(t if isinstance(t, MinuteItem) else MinuteItem(t) for t in titles)


# Why a resolution read from the minutes is not tracked, as `resolutions` prints it.
EXEMPT_BUSINESS = "exempt business"
NAMES_EXEMPT = "names exempt business"
ONLY_NOTES = "only notes or approves"
NO_PUBLIC_ITEM = "no matching public item"


def read_resolutions(
    paragraphs: list[Paragraph], titles: Sequence[str | MinuteItem] = (), body: str = ""
) -> list[FoundResolution]:
    """Every resolution in the minutes, in order, each with the item it was resolved under
    and, when it is not to be tracked, why (`left_out`). `titles` are the meeting's items
    (or only their titles): a paragraph naming one starts that item's minute. `body` is
    the committee, cabinet or council whose minutes they are."""
    agenda = _Agenda(_items(titles))
    kept = _split_glued(
        [
            Paragraph(clean(p.text), p.listed)
            for p in paragraphs
            if clean(p.text) and not _STAMP.match(p.text)
        ],
        agenda,
    )
    reading = _Reading(agenda)
    found: list[FoundResolution] = []
    index = 0
    while index < len(kept):
        paragraph = kept[index]
        if reading.heading(paragraph):
            index += 1
            continue
        reading.watch(paragraph.text)
        rest = opening(paragraph.text) if not paragraph.listed else None
        if rest is None:
            index += 1
            continue
        previous = kept[index - 1].text if index else ""
        context = rest + " " + (previous if previous.endswith(":") else "")
        entries, index = _entries(kept, index + 1, rest, reading)
        for entry, exempt in entries:
            text = _tidy(entry)
            if text and not text.startswith("["):
                found.append(
                    FoundResolution(
                        kind_of(text, context), text, reading.item, exempt, reading.minute
                    )
                )
    return [_verdict(r, agenda) for r in found]


def _verdict(resolution: FoundResolution, agenda: _Agenda) -> FoundResolution:
    """The resolution with why it is left out of the public tracker, if it is. The
    tracker is public: at a meeting with exempt business, only what is plainly under a
    public item is taken, and nothing that names exempt business, whatever the reader
    made of the minutes around it."""
    said = f"{resolution.text}\n{resolution.item}"
    if resolution.exempt:
        why = EXEMPT_BUSINESS
    elif excludes_the_public(said) or any(p.search(said) for p in agenda.secret_patterns):
        why = NAMES_EXEMPT
    elif is_noting(resolution.text):
        why = ONLY_NOTES
    elif agenda.has_exempt and resolution.item not in agenda.public_titles:
        why = NO_PUBLIC_ITEM
    else:
        return resolution
    return replace(resolution, left_out=why)


def find_resolutions(
    paragraphs: list[Paragraph], titles: Sequence[str | MinuteItem] = (), body: str = ""
) -> list[FoundResolution]:
    """What the tracker takes from the minutes: every resolution that asks for something
    and may be published."""
    return [r for r in read_resolutions(paragraphs, titles, body) if not r.left_out]


def _entries(
    kept: list[Paragraph], index: int, rest: str, reading: _Reading
) -> tuple[list[tuple[str, bool]], int]:
    """The entries after an opening at `index`, each with whether it is exempt business,
    and the index after the last of them."""
    # "RESOLVED that the report be noted.": the whole resolution on one line.
    if rest and not _INTRO.search(rest):
        return [(re.sub(r"^that\s+", "", rest, flags=re.IGNORECASE), reading.exempt)], index
    entries: list[tuple[str, bool]] = []
    while index < len(kept):
        paragraph = kept[index]
        if _ends_block(paragraph, reading.agenda):
            break
        reading.watch(paragraph.text)
        exempt = reading.exempt
        text, labelled = _strip_label(paragraph.text)
        labelled = labelled or paragraph.listed
        if labelled:
            entries.append((text, exempt))
        elif not entries and _INTRO.search(paragraph.text) and len(paragraph.text) < 120:
            pass  # "That:" before the list
        elif entries and not SENTENCE_END.search(entries[-1][0]):
            said, was = entries[-1]  # a sentence carried over a line or a page
            entries[-1] = (said + " " + text, was or exempt)
        elif re.match(r"^(?:that|to)\b", text, re.IGNORECASE):
            entries.append((text, exempt))  # "That ...": one resolution a paragraph, unnumbered
        elif not entries:
            entries.append((text, exempt))  # "Resolved:" then one plain sentence
            index += 1
            break
        else:
            break
        index += 1
    return entries, index
