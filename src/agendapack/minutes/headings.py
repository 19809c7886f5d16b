"""Where the minutes are: which agenda item a heading starts, however the council numbers
or words it, and whether the business is exempt. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agendapack.minutes.exempt import excludes_the_public, title_pattern
from agendapack.minutes.text import SENTENCE_END, Paragraph, title_key
from agendapack.minutes.wording import opening


@dataclass(frozen=True)
class MinuteItem:
    """An agenda item as the minutes may name it: its title, its number on the agenda
    ("(Item 9)"), whether it is exempt, and whether it is the exclusion of the public."""

    title: str
    number: int = 0
    exempt: bool = False
    exclusion: bool = False
    exempt_papers: tuple[str, ...] = ()  # the titles of its exempt appendices


# What ends the minute: its papers, the next minute's heading, the end of the meeting.
STOP = re.compile(
    r"^(?:supporting\s+documents|background\s+papers|the\s+meeting\s+(?:closed|ended)|"
    r"meeting\s+closed|chair(?:man|person)?\s*$|signed\b|this\s+page\s+is\s+intentionally)",
    re.IGNORECASE,
)
_MINUTE_NUMBER = re.compile(
    r"^\s*(?:(?:minute|item|min\.?)\s+|[A-Z]{2,6}\s*/?\s*|[A-Z][./]\s*)?\d{1,4}(?:/\d{2,4})?"
    r"(?:\s*[.:)]\s*|\s*[-–—]\s*|\s+)(?:[-–—:]\s*)?",
    re.IGNORECASE,
)


# "(Item 9)", "(Agenda Item 9)", "[Item 9a]", "- Item 9" at the end of a minute's heading:
# the agenda's number, which names the item whatever the heading's words.
# "Financial Position PDF 106 KB": the link to the report a council's web page puts after
# a minute's heading.
_ATTACHED = re.compile(r"(?:\s+(?:PDF|DOCX?|HTML)\s+\d+(?:\.\d+)?\s*[KMG]B)+\s*$", re.IGNORECASE)
_ITEM_NUMBER = re.compile(
    r"\s*(?:[(\[]\s*(?:agenda\s+)?item\s+(?:no\.?\s*)?(?P<a>\d{1,3})[a-z]?\s*[)\]]"
    r"|[-–—]\s*(?:agenda\s+)?item\s+(?P<b>\d{1,3})[a-z]?)\s*$",
    re.IGNORECASE,
)


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
        and not _VERDICT.match(text)
    )


# "AGREED RECOMMENDATIONS", "RESOLVED ACCORDINGLY": what was decided, not a heading
_VERDICT = re.compile(
    r"^(?:AGREED|RESOLVED|DECISIONS?|RECOMMENDED|RECOMMENDATIONS?|NOTED|APPROVED|CARRIED|LOST)\b"
)
_LITTLE_WORDS = {"and", "the", "of", "for", "to", "on", "in", "with", "from", "a", "an", "at"}


def _words(key: str) -> set[str]:
    return {w for w in re.split(r"[\s-]+", key) if w and w not in _LITTLE_WORDS}


def _choose(found: list[MinuteItem], exempt_now: bool) -> MinuteItem | None:
    if len(found) == 1:
        return found[0]
    public = [item for item in found if not item.exempt]
    secret = [item for item in found if item.exempt]
    if exempt_now and secret:
        return secret[0]
    if not exempt_now and len(public) == 1:
        return public[0]
    return None


# How a heading names an agenda item, from the surest to the loosest.
TITLE, SHORTENS, EXTENDS, NUMBER, WORDS = "title", "shortens", "extends", "number", "words"


_PRIVATE_HEADING = re.compile(
    r"^\W*(?:exclusion\s+of\s+(?:the\s+)?(?:members\s+of\s+)?(?:press|public)"
    r"|exempt\s+(?:items?|business|information|matters?)|part\s+(?:2|ii|b|two)\b(?!\s+of\b)"
    r"|private\s+(?:business|session|items?)|confidential\s+(?:items?|business|matters?))",
    re.IGNORECASE,
)


class Agenda:
    """The meeting's items, as the minutes' headings name them."""

    def __init__(self, items: tuple[MinuteItem, ...]) -> None:
        self.items = items
        self.by_key = {title_key(item.title): item for item in items}
        self.by_number = {item.number: item for item in items if item.number}
        # an exempt item's title found anywhere starts exempt business: not a title of one
        # word ("Staffing", "Contract"), which the public business may use; that one counts
        # as a heading only
        self.exempt_patterns = [
            pattern
            for item in items
            if item.exempt and len(_words(title_key(item.title))) > 1
            for pattern in [title_pattern(item.title)]
            if pattern is not None
        ]
        papers = {paper for item in items for paper in item.exempt_papers}
        self.secret_patterns = self.exempt_patterns + [
            pattern for pattern in map(title_pattern, sorted(papers)) if pattern is not None
        ]
        self.has_exempt = any(item.exempt for item in items)
        self.public_titles = {item.title for item in items if not item.exempt}
        self.exempt_titles = {item.title for item in items if item.exempt}

    def _shortened(self, key: str) -> list[MinuteItem]:
        """The items whose title the heading shortens ("School Readiness" for "School
        Readiness – Learning from ...")."""
        if len(key) < 8 or " " not in key:
            return []
        return [
            item
            for title, item in self.by_key.items()
            if title.startswith(key) and not title[len(key) : len(key) + 1].isalnum()
        ]

    def _extended(self, key: str) -> list[MinuteItem]:
        """The item whose whole title the heading starts with, adding words of its own
        ("Leisure Centre Contract – Decision" for "Leisure Centre Contract"): the longest."""
        found = [
            (len(title), item)
            for title, item in self.by_key.items()
            if len(title) >= 8
            and key.startswith(title)
            and not key[len(title) : len(title) + 1].isalnum()
        ]
        longest = max((n for n, _ in found), default=0)
        return [item for n, item in found if n == longest]

    def _worded_otherwise(self, key: str) -> list[MinuteItem]:
        """The items whose title holds every word of the heading, in any order ("Quarter
        3 Performance and Finance Monitoring" for "Corporate Performance and Finance
        Monitoring – Quarter 3 2024/25")."""
        words = _words(key)
        if len(words) < 2:
            return []
        return [item for title, item in self.by_key.items() if words <= _words(title)]

    def find(self, text: str, exempt_now: bool = False) -> tuple[MinuteItem, str] | None:
        """The agenda item a heading names, and how: by its "title", a title it "shortens"
        or that it "extends", its "number", or only the same "words" in another order.
        Where a heading could name a public item and an exempt one ("Market Hall" for
        "Market Hall – Business Case" and "Market Hall – Commercial Terms"), it names the
        public one in public business and the exempt one in exempt business."""
        text = _ATTACHED.sub("", text)
        # "CYNLLUN TRAFNIDIAETH RHANBARTHOL / REGIONAL TRANSPORT PLAN": either language
        parts = re.split(r"\s+[/|]\s+", text)
        candidates = [text, *(part.strip() for part in parts)] if len(parts) > 1 else [text]
        prefix = _MINUTE_NUMBER.match(text)
        if prefix and prefix.end() < len(text):
            candidates.append(text[prefix.end() :])
        numbers = []
        for candidate in candidates:
            number = _ITEM_NUMBER.search(candidate)
            words = candidate[: number.start()] if number else candidate
            key = title_key(words)
            if key in self.by_key:
                return self.by_key[key], TITLE
            chosen = _choose(self._shortened(key), exempt_now)
            if chosen is not None:
                return chosen, SHORTENS
            chosen = _choose(self._extended(key), exempt_now)
            if chosen is not None:
                return chosen, EXTENDS
            if number is not None:
                numbers.append(int(number["a"] or number["b"]))
        # the words name no item: the agenda's number does
        for n in numbers:
            if n in self.by_number:
                return self.by_number[n], NUMBER
        for candidate in candidates:
            number = _ITEM_NUMBER.search(candidate)
            key = title_key(candidate[: number.start()] if number else candidate)
            chosen = _choose(self._worded_otherwise(key), exempt_now)
            if chosen is not None:
                return chosen, WORDS
        return None

    def match(self, text: str) -> MinuteItem | None:
        found = self.find(text)
        return found[0] if found else None

    def exempt_title_at(self, text: str) -> int | None:
        """Where an exempt item's title first appears in the text, if it does."""
        starts = [m.start() for p in self.exempt_patterns for m in [p.search(text)] if m]
        return min(starts) if starts else None


def find_heading(
    paragraph: Paragraph, agenda: Agenda, exempt_now: bool = False, after_number: bool = False
) -> tuple[MinuteItem | str, str] | None:
    """The agenda item a heading paragraph starts, and how it names it (`Agenda.find`);
    for a heading the agenda does not know (the minutes may word a title otherwise), the
    heading's own words and "". `after_number`: the paragraph follows a number alone, as
    a title follows its minute's number in a table's first column."""
    text = paragraph.text
    if text.rstrip().endswith(":") or len(text) > 200:
        return None  # "Minutes:", the label of what was said, is not the Minutes item
    text = _ATTACHED.sub("", text)
    if opening(text) is not None:
        return None
    found = agenda.find(text, exempt_now)
    if found is not None:
        item, how = found
        like_a_heading = paragraph.heading or (
            not SENTENCE_END.search(text)
            and (_title_cased(text) or _NUMBERED.match(text) is not None)
        )
        if how != WORDS or like_a_heading:
            return item, how
    prefix = _MINUTE_NUMBER.match(text)
    words = text[prefix.end() :] if prefix else text
    if _PRIVATE_HEADING.match(words) and not SENTENCE_END.search(words):
        # "5. Exclusion of the press and public", "PART II": the exclusion, however worded
        exclusion = next((item for item in agenda.items if item.exclusion), None)
        return (exclusion, TITLE) if exclusion else (words.strip(), "")
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
            return words, ""
    if _capitals_heading(text) or (paragraph.heading and not SENTENCE_END.search(text)):
        return text, ""
    if after_number and len(text) <= 120 and not SENTENCE_END.search(text) and _title_cased(text):
        return text, ""  # "| 8 | Fleet Replacement – Contract Award |": a title by its number
    return None


_NUMBERED = re.compile(
    r"^\s*(?:(?:minute|min\.?)\s+|[A-Z]{2,6}\s*/?\s*|[A-Z][./]\s*)?(\d{1,4}(?:/\d{2,4})?)(?![\d)])",
    re.IGNORECASE,
)


class Reading:
    """Where the minutes are: under which item, and whether in exempt business."""

    def __init__(self, agenda: Agenda) -> None:
        self.agenda = agenda
        self.item = ""
        self.minute = ""
        self.exempt = False
        self.visited: set[str] = set()
        self.last_number = ""  # a number alone, as a table's first cell gives a minute's
        self.last_text = ""  # the paragraph before
        self.shapes: dict[str, int] = {}  # how the minutes' headings look, and how often
        self.readmitted = False  # the minutes say the public came back
        self.ever_exempt = False  # whether the minutes ever reached exempt business
        self.private_minutes = 0  # headings taken in exempt business since it began
        self.private_numbers: set[str] = set()  # the items an exclusion names

    def heading(self, paragraph: Paragraph) -> bool:
        """Take a heading paragraph; whether it was one."""
        heading = find_heading(paragraph, self.agenda, self.exempt, bool(self.last_number))
        after_colon = self.last_text.rstrip().endswith(":")
        self.last_text = paragraph.text
        if heading is None:
            alone = re.fullmatch(r"\s*(\d{1,4}(?:/\d{2,4})?)\.?\s*", paragraph.text)
            self.last_number = alone[1] if alone else ""
            return False
        number = _NUMBERED.match(paragraph.text)
        minute = number[1] if number else self.last_number
        self.last_number = ""
        found, how = heading
        shape = _shape(paragraph, minute)
        if self.exempt and not self._lifts(found, how, minute, after_colon, shape):
            # in exempt business, a heading that may be a cross-reference, a summary's row
            # or the exempt item in other words is read as one of the exempt minute's own
            found = found.title if isinstance(found, MinuteItem) and not found.exempt else found
        self.shapes[shape] = self.shapes.get(shape, 0) + 1
        if self.exempt:
            self.private_minutes += 1
        if minute:
            self.minute = minute
        if isinstance(found, MinuteItem):
            if found.exempt or found.exclusion:
                self.exempt = self.ever_exempt = True
            elif self.exempt:
                self.exempt = self.readmitted = False  # back in public: `_lifts` said so
            self.visited.add(found.title)
            self.item = found.title
            if found.exempt or found.exclusion:
                return True
            self.watch(paragraph.text, titles=False)
        else:
            self.item = found
            self.watch(paragraph.text)
        return True

    def _lifts(
        self, found: MinuteItem | str, how: str, minute: str, after_colon: bool, shape: str
    ) -> bool:
        """Whether a heading ends exempt business: it names, by its whole title, a public
        item not yet minuted; it looks as the minutes' headings look (numbered, in
        capitals, in a heading style), numbered on from the exempt minute; and no words
        before it lead into it ("together with the public report:"). Anything less (a
        cross-reference, a table's cell, a summary's row) keeps the business exempt."""
        if not isinstance(found, MinuteItem) or found.exempt or found.exclusion:
            return False
        if self.readmitted:
            # "The public were readmitted": the next heading naming a public item is
            # public, even one minuted before ("Leisure Contract – Decision")
            if how not in (TITLE, SHORTENS, EXTENDS) or after_colon:
                return False
        elif how != TITLE or found.title in self.visited or after_colon:
            return False
        elif (self.agenda.exempt_titles - self.visited and not self.private_minutes) or (
            minute and minute in self.private_numbers
        ):
            # The first minute after the exclusion is what the public were sent out for,
            # whatever its title (a public item's, taken in private), and so is a minute
            # the exclusion names ("for items 22 and 23"): none of them ends it, until
            # the minutes reach the agenda's exempt items or say the public came back.
            return False
        if self.shapes and self.shapes.get(shape, 0) < max(self.shapes.values()):
            return False
        here, there = _as_number(self.minute), _as_number(minute)
        return not (here is not None and there is not None and there <= here)

    def watch(self, text: str, *, titles: bool = True) -> None:
        """Exempt business starts where the public are excluded or an exempt item's title
        appears, whatever the layout made of its heading."""
        self.last_text = text
        self.ever_exempt = self.ever_exempt or self.exempt
        if self.exempt and _READMITTED.search(text):
            self.readmitted = True
        if excludes_the_public(text) or (titles and self.agenda.exempt_title_at(text) is not None):
            if not self.exempt:
                self.private_minutes = 0
            self.exempt = self.ever_exempt = True
            for listed in re.finditer(
                r"\bitems?\s+((?:\d+[a-z]?(?:\s*(?:,|and|&|to)\s*)?)+)", text, re.I
            ):
                self.private_numbers |= set(re.findall(r"\d+[a-z]?", listed[1]))


# The public back in the room, said as done ("The press and public were readmitted"), never
# as planned ("to be readmitted at its conclusion") nor of someone else ("the press officer
# returned", "312 members of the public returned the survey").
_THE_PUBLIC = (
    r"\b(?:the\s+)?(?:press\s+and\s+(?:the\s+)?public|public\s+and\s+(?:the\s+)?press|"
    r"members\s+of\s+the\s+(?:press\s+and\s+(?:the\s+)?)?public|public|press)"
)
_READMITTED = re.compile(
    _THE_PUBLIC
    + r"\s+(?:were|was|had\s+been)\s+(?:re-?admitted|invited\s+back|allowed\s+back)\b"
    + r"|"
    + _THE_PUBLIC
    + r"\s+(?:returned|rejoined|came\s+back)\s+(?:to|into)\s+the\s+(?:meeting|room|chamber)\b"
    r"|\b(?:meeting|committee|council|cabinet)\s+(?:then\s+)?(?:returned|moved|went|came)\s+"
    r"(?:back\s+)?(?:in)?to\s+(?:public|open)\s+session\b"
    r"|\b(?:meeting|committee|council|cabinet)\s+(?:then\s+)?(?:resumed|reconvened)\s+in\s+public\b"
    r"|\b(?:webcast|livestream|live\s+stream|broadcast)\s+(?:was\s+)?(?:resumed|restarted|"
    r"recommenced)\b",
    re.IGNORECASE,
)


def _shape(paragraph: Paragraph, minute: str) -> str:
    if minute:
        return "numbered"
    if paragraph.heading:
        return "styled"
    return "capitals" if _capitals_heading(paragraph.text) else "plain"


def _as_number(minute: str) -> float | None:
    """A minute's number to compare: "122" as 122, "24/119" as 119."""
    digits = re.findall(r"\d+", minute)
    return float(digits[-1]) if digits else None


def ends_block(paragraph: Paragraph, agenda: Agenda) -> bool:
    text = paragraph.text
    return bool(STOP.match(text) or opening(text) is not None or find_heading(paragraph, agenda))


def split_glued(paragraphs: list[Paragraph], agenda: Agenda) -> list[Paragraph]:
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
            if glued and find_heading(Paragraph(text[glued.end() :]), agenda, True) is not None:
                cut = glued.end()
        if cut:
            result.append(Paragraph(text[:cut].rstrip(), paragraph.listed))
            result.append(Paragraph(text[cut:]))
        else:
            result.append(paragraph)
    return result


def agenda_items(titles: Sequence[str | MinuteItem]) -> tuple[MinuteItem, ...]:
    return tuple(t if isinstance(t, MinuteItem) else MinuteItem(t) for t in titles)
