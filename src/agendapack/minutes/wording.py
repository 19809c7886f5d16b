"""The words that open what a meeting resolved ("RESOLVED that", "7. RESOLVED that
Cabinet:", "It was AGREED that", "This Council resolves to:"), at the start of a
paragraph or inside one. Pure."""

from __future__ import annotations

import re
from dataclasses import replace

from agendapack.minutes.text import BODY, INTRO, Paragraph, first_sentence

# "Resolved issues were raised ..." opens nothing: the word must lead into what follows.
_FOLLOWED = r"(?=\s*(?:that\b|to\b|:|/|-|–|—|$))"  # "RESOLVED/-" too
TRIGGER = re.compile(
    r"^(?:"
    # "RESOLVED", "UNANIMOUSLY RESOLVED", "Members RESOLVED", "RESOLVED (by 7 votes to 3)",
    # "RESOLVED, with one abstention,"
    r"(?P<resolved>(?:it\s+was\s+|members\s+)?(?:unanimously\s+)?resolved"
    r"(?:\s+unanimously|\s*\([^()]{1,60}\)|\s*,[^,]{1,60},)?)"
    + _FOLLOWED
    + r"|(?:it\s+was\s+)?(?P<agreed>AGREED|Agreed)"
    + _FOLLOWED
    + r"|(?P<recommended>RECOMMENDED|Recommended)"
    + _FOLLOWED
    # "The Committee agreed to:", "The Children and Young People Scrutiny Committee
    # RESOLVED that:"
    + r"|(?P<body>the\s+(?:[\w'’&-]+\s+){0,8}?"
    + BODY
    + r"\s+(?:unanimously\s+)?(?:agreed|resolved)(?:\s+(?:to|that))?\s*:)"
    r"|(?P<decision>DECISIONS?|Decisions?)\s*(?::|-|–|—|$)"
    # a motion's own words ("This Council resolves to:"): resolved only if it is carried
    r"|(?P<motion>(?:this\s+)?(?:council|committee|cabinet|board)\s+resolves\s+(?:to|that)\s*:)"
    r")",
    re.IGNORECASE,
)
# "The Council agreed to ask the County Council to ...": a decision in one sentence of
# running minutes. Taken only as a paragraph's own sentence, never from within prose.
_BODY_AGREED = re.compile(
    r"^(?:the\s+)?(?:[\w'’&-]+\s+){0,8}?" + BODY + r"\s+(?:unanimously\s+)?(?:agreed|resolved)"
    r"\s+(?=that\b|to\s+(?:ask|request|recommend|refer|write|invite|urge|call\s+on|seek|"
    r"receive|add|set\s+up|establish|arrange)\b)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^\s*[:/\-–—.]*\s*")


LEAD_NUMBER = re.compile(r"^\s*(?:\(\d{1,3}\)|\d{1,4}(?:\.\d{1,3})*[.)]?|[a-z][.)]|\([a-z]\))\s+")
# "Following discussion, it was RESOLVED that ...": an opening inside a paragraph, in
# capitals or as "it was resolved", after a finished sentence or a comma.
_WITHIN = re.compile(
    r"(?:(?<=[.;:!?])\s+|,\s+|\s+and\s+)(?=(?:[Ii]t\s+was\s+)?(?:RESOLVED|AGREED)\b"
    r"|[Ii]t\s+was\s+(?:unanimously\s+)?(?:resolved|agreed)\s+that\b)"
    r"|(?<=[.!?])\s+(?=[Tt]he\s+(?:[\w'’&-]+\s+){0,8}?(?:Committee|Sub-Committee|Board|Panel|"
    r"Cabinet|Council|Commission)\s+(?:unanimously\s+)?(?:agreed|resolved)\s+(?:to\s+(?:ask|"
    r"request|recommend|refer|write|invite|urge|call\s+on|seek|receive|add|set\s+up|"
    r"establish|arrange)\b|that\b))"
)


def opening_within(text: str) -> str | None:
    """What follows an opening inside a paragraph, when there is one."""
    match = _WITHIN.search(text) or MOTION.search(text)
    if not match:
        return None
    return opening(text[match.end() :] if match.re is _WITHIN else text[match.start() :].strip())


def split_openers(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A resolution recorded inside a paragraph of discussion ("... Seconded by Cllr Fry
    and RESOLVED that the precept be set at £38,500. Seven in favour.") becomes a
    paragraph of its own: the discussion before it, the resolution's sentence (or all
    that follows, when it leads into a list), and what comes after."""
    result: list[Paragraph] = []
    for paragraph in paragraphs:
        text = paragraph.text
        while not paragraph.listed:
            match = _WITHIN.search(text)
            if not match or opening(text[match.end() :]) is None:
                break
            before, text = text[: match.start()], text[match.end() :]
            if before.strip():
                result.append(replace(paragraph, text=before.strip()))
            sentence, after = first_sentence(text)
            if INTRO.search(sentence) or not after:
                break
            result.append(replace(paragraph, text=sentence))
            text = after
        result.append(replace(paragraph, text=text))
    return result


def opening(text: str) -> str | None:
    """What follows the opening words, when the paragraph opens a resolution, with or
    without a paragraph number before them ("7. RESOLVED that Cabinet:", "(4) RESOLVED
    that ...")."""
    match = TRIGGER.match(text)
    if not match:
        number = LEAD_NUMBER.match(text)
        text = text[number.end() :] if number else text
        match = TRIGGER.match(text)
        if not match:
            agreed = _BODY_AGREED.match(text)
            if agreed is None or len(text) > 400:
                return None
            return re.sub(r"^that\s+", "", text[agreed.end() :], flags=re.IGNORECASE)
    # "agreed" and "recommended" in running prose are not an opening: the minutes write
    # them in capitals, or at the start of a sentence
    for word in ("agreed", "recommended"):
        said = match[word]
        if said and said not in (said.upper(), said.capitalize()):
            return None
    rest = _SEPARATOR.sub("", text[match.end() :], count=1)
    if match["recommended"] and rest[:3].lower() == "to ":
        return f"Recommended {rest}"  # "RECOMMENDED to Council that ...": one resolution
    return rest


def is_motion(text: str) -> bool:
    """Whether the paragraph gives a motion's own words ("This Council resolves to:")."""
    return MOTION.search(text) is not None


MOTION = re.compile(
    r"(?:^|(?<=[.!?])\s+)(?:this\s+)?(?:council|committee|cabinet|board)\s+resolves\s+"
    r"(?:to|that)\s*:",
    re.IGNORECASE,
)


SUPERSEDED = re.compile(
    r"\bamendment\b[^.]{0,120}?\bCARRIED\b|\baccepted\s+the\s+amendment\b|"
    r"\bas\s+amended\b|\bsubstantive\s+motion\b",
    re.IGNORECASE,
)
LOST = re.compile(
    r"\bmotion\b[^.]{0,120}?\b(?:LOST|defeated|fell|withdrawn|not\s+carried)\b", re.IGNORECASE
)
CARRIED = re.compile(
    r"\bmotion\b[^.]{0,120}?\bCARRIED\b|\bRESOLVED\s+accordingly\b|\bcarried\s+unanimously\b",
    re.IGNORECASE,
)
