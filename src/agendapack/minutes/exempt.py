"""Exempt business named in the minutes' words: the public excluded, Schedule 12A, an
exempt item's title. Read generously: a false alarm holds a public resolution back for
the officer to add by hand, a miss would publish an exempt one. Pure."""

from __future__ import annotations

import re

# Where the public are sent out, however the minutes say it: "be excluded", "be
# temporarily excluded" (the Public Bodies (Admission to Meetings) Act 1960), "be asked to
# leave", "excluded members of the press and public", "the public gallery was cleared".
# LibreOffice prints a tracked change's deleted and inserted words together
# ("beexcludedasked to leave"), so "excluded" is found inside a word too.
_SENT_OUT = (
    r"\b(?:press|public|gallery|observers)\b[^.;]{0,80}?(?:excluded|asked\s+to\s+(?:leave|withdraw)|"
    r"instructed\s+to\s+withdraw|not\s+(?:be\s+)?admitted|withdrew|left\s+the\s+meeting)"
    r"|\bexclu\w*\s+(?:all\s+)?(?:members\s+of\s+)?(?:the\s+)?(?:press|public)\b"
    r"|\bpublic\s+gallery\s+(?:was|be|were)\s+cleared\b"
)
# The public excluded, or exempt business named: from here on the minutes record what the
# public may not see.
_EXCLUDES = re.compile(
    _SENT_OUT + r"|\bsch(?:edule|ed|\.)?\.?\s*12\s*a\b"
    r"|\b(?:section|sec\.?|s\.?)\s*100\s*\(?a\b"
    r"|\baccess\s+to\s+information\)?\s+act\b"
    # not "an exempt appendix": often discussed in public without its contents
    r"|\bexempt\s+(?:information|business|items?|reports?|minutes?|session|papers?|matters?)\b"
    r"|[(\[]\s*exempt\b"
    r"|\bnot\s+for\s+publication\b"
    r"|\bin\s+camera\b|\binto\s+camera\b"
    r"|\b(?:in|into)\s+(?:private|closed)\b"
    r"|\b(?:private|closed|confidential)\s+(?:session|business|part\s+of\s+the\s+meeting|"
    r"items?|matters?|nature|information|report|minutes?|discussion|hearing)\b"
    # "taken in Part B", "moved into Part 2", a heading "PART II - EXEMPT ITEMS"; never
    # "set out in Part 2 of the report"
    r"|\b(?:in|into|under|to)\s+part\s+(?:2|ii|b|two)\b(?!\s+of\s+(?:the\s+|this\s+)?"
    r"(?:report|appendix|appendices|plan|strategy|policy|document|act|schedule|annex))"
    r"|^\s*part\s+(?:2|ii|b|two)\b(?!\s+of\b)",
    re.IGNORECASE,
)
# The motion itself: "that the press and public be excluded from the meeting ..."
EXCLUSION_MOTION = re.compile(_SENT_OUT, re.IGNORECASE)
# "There were no items of exempt information": said, not done.
_NO_EXEMPT = re.compile(
    r"\bno\s+(?:[\w-]+\s+){0,3}?(?:exempt|private|confidential)\b"
    r"|\b(?:were|was)\s+not\s+excluded\b",
    re.IGNORECASE,
)


def excludes_the_public(text: str) -> bool:
    """Whether a paragraph excludes the public or names exempt business, so that what
    follows it is exempt. A sentence that only says there was none does not."""
    for match in _EXCLUDES.finditer(text):
        start = max(text.rfind(". ", 0, match.start()), text.rfind("; ", 0, match.start()))
        ends = [i for i in (text.find(". ", match.end()), text.find("; ", match.end())) if i >= 0]
        sentence = text[start + 1 : min(ends) if ends else len(text)]
        denied = _NO_EXEMPT.search(sentence) and not re.search(
            r"\bbe\s+(?:\w+\s+)?excluded\b", sentence, re.IGNORECASE
        )
        if not denied:
            return True
    return False


def title_pattern(title: str) -> re.Pattern[str] | None:
    """A title found in running text whatever its case, spacing, dashes or quotes."""
    words = re.findall(r"\w+", title)
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", re.I)
