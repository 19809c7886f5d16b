"""Exempt business named in the minutes' words: the public excluded, Schedule 12A, an
exempt item's title. Read generously: a false alarm holds a public resolution back for
the officer to add by hand, a miss would publish an exempt one. Pure."""

from __future__ import annotations

import re

# The public excluded, or exempt business named: from here on the minutes record what the
# public may not see. Read generously: a false alarm holds a public resolution back for
# the officer to add by hand, a miss would publish an exempt one.
_EXCLUDES = re.compile(
    r"\b(?:press|public)\b[^.;]{0,80}?\b(?:be|are|were|was|being|is)\s+excluded\b"
    r"|\bexclu(?:de|ded|ding|sion\s+of)\s+(?:the\s+)?(?:press|public|members\s+of\s+the\s+public)\b"
    r"|\bschedule\s+12\s*a\b"
    r"|\bsection\s+100\s*a\b"
    # not "an exempt appendix": often discussed in public without its contents
    r"|\bexempt\s+(?:information|business|items?|reports?|minutes?|session|papers?)\b"
    r"|[(\[]\s*exempt\b"
    r"|\bnot\s+for\s+publication\b"
    r"|\b(?:private|closed|confidential)\s+(?:session|business|part\s+of\s+the\s+meeting)\b",
    re.IGNORECASE,
)
# "There were no items of exempt information": said, not done.
# The motion itself: "that the press and public be excluded from the meeting ..."
EXCLUSION_MOTION = re.compile(
    r"\b(?:press|public)\b[^.;]{0,80}?\bbe\s+excluded\b"
    r"|\bexclu(?:de|sion\s+of)\s+(?:the\s+)?(?:press|public)\b",
    re.IGNORECASE,
)
_NO_EXEMPT = re.compile(
    r"\bno\s+(?:[\w-]+\s+){0,3}?(?:exempt|private|confidential)\b"
    r"|\b(?:were|was)\s+not\s+excluded\b",
    re.IGNORECASE,
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
