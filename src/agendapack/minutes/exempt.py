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
_PUBLIC = r"(?:press|public|gallery|observers)"
_SENT_OUT = (
    _PUBLIC + r"\b[^.;]{0,80}?(?:excluded|(?:asked|requested|instructed|invited|required)\s+to\s+"
    r"(?:leave|withdraw)|not\s+(?:be\s+)?admitted|withdrew|left\s+the\s+(?:meeting|room|chamber))"
    # "asked the press and public to leave", "asked those present who were not members or
    # officers to leave the room"
    r"|\b(?:press|public)\b[^.;]{0,40}?\bto\s+(?:leave|withdraw)\b"
    r"|\bto\s+leave\s+the\s+(?:room|meeting|chamber)\b"
    r"|\bexclu\w*\s+(?:of\s+)?(?:all\s+)?(?:members\s+of\s+)?(?:the\s+)?(?:press|public)\b"
    r"|\bpublic\s+gallery\s+(?:was|be|were)\s+cleared\b"
    r"|\bclosed\s+(?:the\s+meeting\s+)?to\s+(?:the\s+)?(?:press|public|members\s+of)\b"
    r"|\bnot\s+open\s+to\s+(?:the\s+)?(?:press|public)\b"
    r"|\b(?:in\s+the\s+absence\s+of|without)\s+(?:the\s+)?(?:press|public|members\s+of\s+the)\b"
    r"|\bwithdrawal\s+of\s+(?:the\s+)?(?:press|public)\b"
    r"|\b(?:press|public)\b[^.;]{0,40}?\b(?:absent|departed|having\s+(?:withdrawn|left|departed))\b"
    r"|\b(?:webcast|livestream|live\s+stream|broadcast|recording)\b[^.;]{0,40}?\b(?:paused|"
    r"stopped|suspended|ended|switched\s+off|turned\s+off)\b"
    r"|\bonly\s+(?:members|councillors)\s+and\s+officers\s+(?:were\s+)?present\b"
    r"|\bbehind\s+closed\s+doors\b"
    # Welsh: "Gwahardd y wasg a'r cyhoedd", "gwybodaeth eithriedig"
    r"|\bgwahardd\s+y\s+(?:wasg|cyhoedd)\b|\beithriedig\b"
)
# The public excluded, or exempt business named: from here on the minutes record what the
# public may not see.
_EXCLUDES = re.compile(
    _SENT_OUT + r"|\bsch(?:edule|ed|\.)?\.?\s*12\s*a\b"
    r"|\b(?:section|sec\.?|s\.?)\s*100\s*\(?a\b"
    r"|\baccess\s+to\s+information\)?\s+act\b"
    # not "an exempt appendix": often discussed in public without its contents
    r"|\bexempt(?:ed)?\s+(?:information|business|items?|reports?|minutes?|session|papers?|"
    r"matters?)\b|\bexemption\s+(?:category|paragraph|reason|applies)\b"
    r"|\brestricted\s+(?:business|items?|session)\b|\b(?:held|taken|considered)\s+privately\b"
    r"|[(\[]\s*exempt\b"
    r"|\bnot\s+for\s+publication\b"
    # "met in camera", never "camera enforcement"
    r"|\b(?:held|sat|met|meet|meeting|considered|discussed|taken|went|go|going|moved)\s+"
    r"(?:in|into)\s+camera\b"
    # not a licensing sub-committee that "withdrew to deliberate in private" and came back
    # to give its decision in public
    r"|(?<!deliberate\s)(?<!deliberated\s)(?<!deliberation\s)\b(?:in|into)\s+(?:private|closed)\b"
    r"|\b(?:private|closed|confidential)\s+(?:session|business|part\s+of\s+the\s+meeting|"
    r"items?|matters?|nature|information|report|minutes?|discussion|hearing)\b"
    r"|\b(?:was|were|is|are|be|being)\s+(?:treated\s+as\s+|considered\s+)?confidential\b"
    r"|^\W*(?:confidential|exempt)\b"
    # "taken in Part B", "moved into Part 2", "a Part Two item", a heading "PART II - EXEMPT
    # ITEMS"; never "Part 2 of the report", "Part II of the Landlord and Tenant Act 1954"
    r"|\b(?:in|into|under|to|as)\s+(?:a\s+)?part\s+(?:2|ii|b|two)\b(?!\s+of\b)"
    r"|\bpart\s+(?:2|ii|b|two)\s+(?:items?|business|session|reports?|minutes?)\b"
    r"|^\W*part\s+(?:2|ii|b|two)\b(?!\s+of\b)",
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
    follows it is exempt. Words that say there was none ("there were no items of exempt
    information", "the public were not excluded") do not; the rest of their sentence may
    ("no exempt items other than item 7, for which the meeting went into closed session")."""
    denials = [(m.start(), m.end()) for m in _NO_EXEMPT.finditer(text)]
    for match in _EXCLUDES.finditer(text):
        denied = any(start < match.end() and match.start() < end for start, end in denials)
        if not denied:
            return True
    return False


def title_pattern(title: str) -> re.Pattern[str] | None:
    """A title found in running text whatever its case, spacing, dashes or quotes."""
    words = re.findall(r"\w+", title)
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", re.I)
