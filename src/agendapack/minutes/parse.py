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
from collections.abc import Sequence
from dataclasses import dataclass, replace

from agendapack.minutes.exempt import EXCLUSION_MOTION, excludes_the_public, title_pattern
from agendapack.minutes.headings import (
    Agenda,
    MinuteItem,
    Reading,
    agenda_items,
    ends_block,
    find_heading,
    split_glued,
)
from agendapack.minutes.kinds import PROCEDURAL, classify, is_noting
from agendapack.minutes.text import (
    BULLETS,
    INTRO,
    LABEL,
    SENTENCE_END,
    STAMP,
    Paragraph,
    clean,
    label_kind,
    strip_label,
    tidy,
)
from agendapack.minutes.wording import (
    CARRIED,
    LOST,
    SUPERSEDED,
    is_motion,
    opening,
    opening_within,
    split_openers,
)
from agendapack.wording import NOT_FOR_PUBLICATION

__all__ = [
    "BULLETS",
    "LABEL",
    "SENTENCE_END",
    "FoundResolution",
    "MinuteItem",
    "Paragraph",
    "classify",
    "clean",
    "excludes_the_public",
    "find_resolutions",
    "is_noting",
    "opening",
    "read_resolutions",
    "title_pattern",
]


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

    @property
    def withheld(self) -> bool:
        """Whether its words are not to be shown: it was, or may have been, resolved in
        exempt business."""
        return self.exempt or self.left_out in (
            EXEMPT_BUSINESS,
            NAMES_EXEMPT,
            NO_PUBLIC_ITEM,
            EXEMPT_NOT_FOUND,
        )


# Why a resolution read from the minutes is not tracked, as `resolutions` prints it.
EXEMPT_BUSINESS = "exempt business"
NAMES_EXEMPT = "names exempt business"
ONLY_NOTES = "only notes or approves"
PROCEDURE = "procedure"
MOTION_LOST = "a motion lost or withdrawn"
MOTION_AMENDED = "a motion as moved, amended before it was carried"
MOTION_UNDECIDED = "a motion whose outcome the minutes do not give"
NO_PUBLIC_ITEM = "no matching public item"
IN_SUMMARY = "given again in a summary of decisions"
EXEMPT_NOT_FOUND = "the agenda's exempt business is not found in the minutes"


def read_resolutions(
    paragraphs: list[Paragraph], titles: Sequence[str | MinuteItem] = (), body: str = ""
) -> list[FoundResolution]:
    """Every resolution in the minutes, in order, each with the item it was resolved under
    and, when it is not to be tracked, why (`left_out`). `titles` are the meeting's items
    (or only their titles): a paragraph naming one starts that item's minute. `body` is
    the committee, cabinet or council whose minutes they are."""
    agenda = Agenda(agenda_items(titles))
    kept = split_glued(
        split_openers(
            [
                replace(p, text=clean(p.text))
                for p in paragraphs
                if clean(p.text) and not STAMP.match(p.text)
            ]
        ),
        agenda,
    )
    reading = Reading(agenda)
    found: list[FoundResolution] = []
    summary: list[bool] = []  # whether each was read in a summary of decisions
    in_summary = in_its_table = False  # a summary runs to the end of its table
    index = 0
    while index < len(kept):
        paragraph = kept[index]
        if _SUMMARY.match(paragraph.text):
            in_summary, in_its_table = True, False
        elif in_summary and paragraph.in_table:
            in_its_table = True
        elif in_its_table:
            in_summary = in_its_table = False
        before = reading.minute
        if reading.heading(paragraph):
            if in_summary and _numbered_again(before, reading.minute):
                in_summary = in_its_table = False  # the full minutes, numbered from the start
            index += 1
            continue
        reading.watch(paragraph.text)
        rest = None
        if not paragraph.listed:
            rest = opening(paragraph.text)
            if rest is None:
                rest = opening_within(paragraph.text)
        if rest is None:
            index += 1
            continue
        previous = kept[index - 1].text if index else ""
        context = rest + " " + (previous if previous.endswith(":") else "")
        motion = is_motion(paragraph.text)
        entries, index = _entries(kept, index + 1, rest, reading)
        outcome = _motion_outcome(kept, index, agenda) if motion else ""
        for entry, exempt, intro in entries:
            text = tidy(entry)
            if not text or text.startswith("["):
                continue
            said = f"{context} {intro}"
            kind = classify(text, said, body)
            why = outcome
            if kind is None and not why:
                procedure = PROCEDURAL.search(text) or EXCLUSION_MOTION.search(text)
                why = PROCEDURE if procedure else ONLY_NOTES
            found.append(
                FoundResolution(kind or "action", text, reading.item, exempt, reading.minute, why)
            )
            summary.append(in_summary)
    found = [_verdict(r, agenda) for r in found]
    if agenda.has_exempt and not reading.ever_exempt:
        # The agenda had exempt business, but the minutes never say where it was taken:
        # no exclusion, no exempt item's heading or title. Where the public's business
        # ended cannot be known, so nothing is taken: the officer adds what may be
        # published by hand.
        found = [
            r if r.left_out else replace(r, exempt=True, left_out=EXEMPT_NOT_FOUND) for r in found
        ]
    # A summary or schedule of decisions gives again what the minutes give in full: only
    # the full minutes are read, unless there are none
    if not all(summary):
        found = [
            replace(r, left_out=r.left_out or IN_SUMMARY) if given else r
            for r, given in zip(found, summary, strict=True)
        ]
    return _once(found)


def _numbered_again(before: str, now: str) -> bool:
    """Whether a minute's number goes back down: the full minutes after their summary."""
    a, b = re.findall(r"\d+", before), re.findall(r"\d+", now)
    return bool(a and b) and int(b[-1]) < int(a[-1])


_SUMMARY = re.compile(
    r"^\W*(?:(?:summary|schedule|record|list|table|register)\s+of\s+(?:the\s+)?(?:key\s+)?"
    r"(?:decisions|resolutions)|decisions?\s+(?:summary|taken|schedule))\b",
    re.IGNORECASE,
)


def exempt_minutes(name: str, paragraphs: list[Paragraph]) -> bool:
    """Whether a file is a meeting's exempt minutes, not for publication, by its name
    ("minutes-exempt.docx", "cabinet-part-b.docx") or its words ("NOT FOR PUBLICATION",
    often only in Word's running header): nothing in it may go to the public tracker."""
    stem = name.lower()
    secret = r"exempt|confidential|not[-_ ]for[-_ ]publication|part[-_ ]?(?:b|2|ii|two)\b"
    if re.search(secret, stem):
        return True
    return any(NOT_FOR_PUBLICATION in p.text.upper() for p in paragraphs)


_SIGNIFICANT = re.compile(r"[^\W\d_][\w'’-]{3,}")


def _said(text: str) -> set[str]:
    return {word.casefold() for word in _SIGNIFICANT.findall(text)} - {"that", "with", "from"}


def _alike(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _once(found: list[FoundResolution]) -> list[FoundResolution]:
    """Each resolution once, however often the minutes give it: a council's web page under
    "Decision:" and "Minutes:", a summary or schedule of decisions before or after the
    minutes, a motion's words as moved and as resolved. Where any telling of it was
    resolved in exempt business, every telling is exempt, whatever its words around it
    (a summary's row worded otherwise names no exempt item); two tellings that are only
    nearly alike count as one for that, and as one resolution only when nearly the same
    under the same item (the same words under two items are two resolutions)."""
    words = [_said(r.text) for r in found]
    secret = [n for n, r in enumerate(found) if r.left_out in (EXEMPT_BUSINESS, NAMES_EXEMPT)]
    kept: list[FoundResolution] = []
    taken: list[set[str]] = []
    for n, resolution in enumerate(found):
        if not resolution.left_out and any(_alike(words[n], words[m]) >= 0.5 for m in secret):
            resolution = replace(resolution, exempt=True, left_out=EXEMPT_BUSINESS)
        same = next(
            (
                k
                for k, other in enumerate(taken)
                if kept[k].item == resolution.item and _alike(words[n], other) >= 0.85
            ),
            None,
        )
        if same is None:
            kept.append(resolution)
            taken.append(words[n])
        elif kept[same].left_out and not resolution.left_out and not kept[same].exempt:
            kept[same] = resolution  # a motion's words as moved, then as resolved
    return kept


def _motion_outcome(kept: list[Paragraph], index: int, agenda: Agenda) -> str:
    """Why a motion's words are not what was resolved ("" when they are): the motion
    was lost or withdrawn, an amendment took its place (the words resolved are then
    given as amended), or the minutes give no outcome within its minute."""
    for paragraph in kept[index : index + 15]:
        text = paragraph.text
        if find_heading(paragraph, agenda) is not None:
            break
        if SUPERSEDED.search(text):
            return MOTION_AMENDED
        if LOST.search(text):
            return MOTION_LOST
        if CARRIED.search(text):
            return ""
    return MOTION_UNDECIDED


def _verdict(resolution: FoundResolution, agenda: Agenda) -> FoundResolution:
    """The resolution with why it is left out of the public tracker, if it is. The
    tracker is public: at a meeting with exempt business, only what is plainly under a
    public item is taken, and nothing that names exempt business, whatever the reader
    made of the minutes around it."""
    said = f"{resolution.text}\n{resolution.item}"
    if resolution.left_out == PROCEDURE and EXCLUSION_MOTION.search(resolution.text):
        return resolution  # the motion to exclude the public: made in public, still procedure
    if resolution.exempt:
        why = EXEMPT_BUSINESS
    elif excludes_the_public(said) or any(p.search(said) for p in agenda.secret_patterns):
        why = NAMES_EXEMPT
    elif resolution.left_out:
        return resolution
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


_INLINE_LABEL = re.compile(r"(?:^|(?<=[;:,.])\s+|\s+and\s+)\((?:\d{1,2}|[a-z]|[ivx]{1,4})\)\s+")
# After a list of entries, the words that lead into more of them ("In addition:", "County
# Council is asked to agree the following:"); anything else ends the list.
_MORE = re.compile(
    r"^(?:in\s+addition|additionally|further(?:more)?|also|and\s+that|that)\b"
    r"|\bthe\s+following\b|\b(?:is|are|be)\s+asked\s+to\b|\brecommend",
    re.IGNORECASE,
)


def _entries(
    kept: list[Paragraph], index: int, rest: str, reading: Reading
) -> tuple[list[tuple[str, bool, str]], int]:
    """The entries after an opening at `index`, each with whether it is exempt business
    and the words that introduced it, and the index after the last of them."""
    # "RESOLVED that the report be noted.": the whole resolution on one line.
    if rest and not INTRO.search(rest):
        # "RESOLVED: (1) that the report be noted; (2) that the Head of ... report ...":
        # a list in one paragraph
        parts = [p for p in _INLINE_LABEL.split(rest) if p.strip()]
        if len(parts) < 2 or not _INLINE_LABEL.match(rest):
            parts = [rest]
        return [
            (re.sub(r"^that\s+", "", part.strip(), flags=re.IGNORECASE), reading.exempt, "")
            for part in parts
        ], index
    entries: list[tuple[str, bool, str]] = []
    intro = ""
    leads: list[tuple[str, str]] = []  # "3. recommends to the Cabinet that:", its kind
    while index < len(kept):
        paragraph = kept[index]
        if ends_block(paragraph, reading.agenda):
            break
        reading.watch(paragraph.text)
        exempt = reading.exempt
        text, labelled = strip_label(paragraph.text)
        labelled = labelled or paragraph.listed
        short_intro = INTRO.search(paragraph.text) and len(paragraph.text) < 200
        if labelled:
            kind = label_kind(paragraph)
            for depth, (_, outer) in enumerate(leads):
                if outer == kind:
                    del leads[depth:]  # a sibling of an entry that led into a sub-list
                    break
            if INTRO.search(text) and len(text) < 200:
                leads.append((text.rstrip().rstrip(":").rstrip(), kind))
            elif leads:
                # the sub-list's entry, with the words that lead into it: "Recommends to
                # the Cabinet that the travel training be extended"
                said = " ".join(lead for lead, _ in leads)
                glue = ": " if re.search(r"\b(?:following|as\s+follows)$", said, re.I) else " "
                entries.append((said + glue + text, exempt, f"{intro} {said}"))
            else:
                entries.append((text, exempt, intro))
        elif short_intro and (not entries or _MORE.search(paragraph.text)):
            intro = paragraph.text  # "That:", "In addition:", "Council is asked to agree:"
        elif entries and not SENTENCE_END.search(entries[-1][0]):
            said, was, before = entries[-1]  # a sentence carried over a line or a page
            entries[-1] = (said + " " + text, was or exempt, before)
        elif re.match(r"^(?:that|to)\b", text, re.IGNORECASE):
            entries.append((text, exempt, intro))  # "That ...": one a paragraph, unnumbered
        elif not entries:
            entries.append((text, exempt, intro))  # "Resolved:" then one plain sentence
            index += 1
            break
        else:
            break
        index += 1
    return entries, index
