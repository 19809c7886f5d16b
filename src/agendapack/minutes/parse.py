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
    level: int = 0  # Word's list level (0 the outermost), for a listed paragraph
    heading: bool = False  # in one of Word's heading styles


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
_FOLLOWED = r"(?=\s*(?:that\b|to\b|:|/|-|–|—|$))"  # "RESOLVED/-" too
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
    # a motion's own words ("This Council resolves to:"): resolved only if it is carried
    r"|(?P<motion>(?:this\s+)?(?:council|committee|cabinet|board)\s+resolves\s+(?:to|that)\s*:)"
    r")",
    re.IGNORECASE,
)
# "The Council agreed to ask the County Council to ...": a decision in one sentence of
# running minutes. Taken only as a paragraph's own sentence, never from within prose.
_BODY_AGREED = re.compile(
    r"^(?:the\s+)?(?:[\w'’&-]+\s+){0,8}?" + _BODY + r"\s+(?:unanimously\s+)?(?:agreed|resolved)"
    r"\s+(?=that\b|to\s+(?:ask|request|recommend|refer|write|invite|urge|call\s+on|seek|"
    r"receive|add|set\s+up|establish|arrange)\b)",
    re.IGNORECASE,
)

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
_INTRO = re.compile(r":\s*$")
_SEPARATOR = re.compile(r"^\s*[:/\-–—.]*\s*")

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


def _label_kind(paragraph: Paragraph) -> str:
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


# The council's decision-makers a committee puts things to. An outside body (a minister, an
# NHS trust) counts only when the resolution recommends, urges or refers: the Chair
# writing to a minister is the committee's own action.
_DECIDERS = (
    r"(?:cabinet\s+members?|cabinet|executive\s+members?|"
    r"(?<!chief\s)executive(?!\s+(?:director|officer|head|manager|summary|board))|"
    r"portfolio\s+holders?|"
    r"lead\s+members?|mayor|leader(?:\s+of\s+the\s+council)?|"
    r"(?:full|county|city|borough|district|town|parish)\s+council|"
    r"council(?!\s+(?:officers?|tax|staff|services?|homes?|housing)\b|['’]s)|"
    r"health\s+and\s+wellbeing\s+board|"
    r"(?-i:(?:[A-Z][\w’'-]+\s+(?:and\s+|of\s+|for\s+)?){1,6}(?:Committee|Board|Panel)))"
)
# The body's own names: "the Committee" in a committee's minutes is itself.
_OWN = {
    "committee",
    "board",
    "panel",
    "sub-committee",
    "scrutiny board",
    "scrutiny committee",
    "scrutiny panel",
    "commission",
}
# Putting something to another: recommending, urging, referring, asking it.
_PUT_TO = re.compile(
    r"\b(?:recommend(?:s|ed|ing)?|urges?|urged|urging|refer(?:s|red|ring)?|commends?|"
    r"commended)\b|\brecommendations?\s+(?:to|for)\s+(?:the\s+)?[A-Z]"
    r"|\bfor\s+(?:its\s+|their\s+)?(?:final\s+)?(?:decisions?|approval|consideration)\b",
    re.IGNORECASE,
)
# "The Cabinet Member be asked to ...": put to another, unless an officer is asked.
_BE_ASKED = re.compile(
    r"\b(?:be|is|are)\s+(?:asked|requested|invited|urged|called\s+upon)\s+to\b"
    # a guest invited to the committee is the committee's own doing
    r"(?!\s+(?:attend|present|come|speak|give\s+evidence|join)\b)",
    re.IGNORECASE,
)
_ASKING = re.compile(
    r"\b(?:asks?|asked|requests?|requested|invites?|invited|calls?\s+(?:on|upon)|"
    r"forward\w*|submit\w*|send|sent|make\s+representations\s+to|"
    r"lobby|petition)\b",
    re.IGNORECASE,
)
# What is decided there and then: nothing to follow up.
_DECIDED = re.compile(
    r"^(?:that\s+|to\s+)?(?:(?:the\s+)?(?:[\w'’-]+\s+){0,5}?(?:committee|cabinet|council|board|"
    r"panel|members|executive|sub-committee|commission|meeting)\s+)?(?:unanimously\s+)?"
    r"(?:(?:does|do|did)\s+not\s+(?:accept|agree|support|approve)|rejects?|rejected|"
    r"declines?|declined|approves?|approved|adopts?|adopted|"
    r"(?:agrees?|agreed)(?!\s+to\s+(?!note\b|the\b))|endorses?|endorsed|notes?|noted|"
    r"confirms?|confirmed|accepts?|accepted|determines?|determined|"
    r"considers?(?=\s+(?:that\b|[^.;]{0,80}?\bto\s+be\b))|"
    r"(?:receives?|welcomes?)(?!\s+(?:an?|further|more|regular|quarterly|annual)\b)|received|"
    r"welcomed|supports?|supported|acknowledges?|"
    r"acknowledged|authorises?|authorised|ratifies|ratified|thanks?|thanked)\b",
    re.IGNORECASE,
)
_DECIDED_PASSIVE = re.compile(
    r"\b(?:be|is|are|was|were|has\s+been|have\s+been)\s+(?:duly\s+|hereby\s+|formally\s+)?"
    r"(?:not\s+)?(?:approved|adopted|agreed|endorsed|noted|confirmed|accepted|received|welcomed|"
    r"supported|ratified|authorised|granted|refused|determined|carried|set|increased|reduced|"
    r"decreased|frozen|offered|awarded|allocated|released|upheld|introduced|retained|"
    r"maintained|revised|amended|extended|renewed|signed)\b",
    re.IGNORECASE,
)
# Someone asked to do something, in whatever grammar: "officers to report", "the Director
# will circulate", "that officers bring a report".
_SOMEONE_ACTS = re.compile(
    r"\b(?:officers?|director|head\s+of\s+[\w ]+?|manager|chief\s+executive|clerk|chair|"
    r"members|the\s+committee|the\s+panel|the\s+board|task\s+(?:and\s+finish\s+)?group)\b"
    r"[^.;]{0,40}?\b(?:to|will|should|shall|must|be\s+asked\s+to)\b",
    re.IGNORECASE,
)
# A decision that asks for something after all: "approves the plan and asks officers to
# report quarterly".
_TAIL_ASKS = re.compile(
    r"\b(?:asks?|asked|requests?|requested|requires?|instructs?|directs?|delegates?|"
    r"invites?|recommends?|refers?|agrees?\s+to\s+(?:receive|hold|set\s+up|establish))\b"
    r"|\b(?:with|subject\s+to)\s+the\s+addition\s+of\b"
    r"|\b(?:to|will|should|shall|must)\s+(?:be\s+)?(?:report|provide|share|"
    r"bring|review|explore|investigate|arrange|circulate|consider|write|seek|include|"
    r"publish|update|produce|prepare|develop|monitor|present|return|come\s+back)\b"
    r"|\band\s+that\s+(?:the\s+)?(?:[\w'’-]+\s+){0,6}?(?:report|provide|bring|review|"
    r"circulate|write|arrange|prepare|present|publish|share|update|consult|monitor|"
    r"investigate|explore|return)s?\b",
    re.IGNORECASE,
)
# The one who acts comes first: an officer or the chair sending the report to the Cabinet
# does something; the committee does not thereby put anything to the Cabinet.
_OFFICER_FIRST = re.compile(
    r"^(?:that\s+)?(?:the\s+)?(?:(?:vice[\s-]?)?chair(?:man|person)?|clerk|officers?|"
    r"(?-i:(?:[A-Z][\w-]*\s+){0,5})(?:manager|officer|director|head\s+of\s+[\w ]+|lead))\b",
    re.IGNORECASE,
)
# Procedure, and motions that fell: nothing to follow up.
_PROCEDURE = re.compile(
    r"\b(?:(?:vice[\s-]?)?chair(?:man|person)?|(?:vice[\s-]?)?president)\b[^.;]{0,80}?\b"
    r"(?:elected|appointed|re-elected)\b"
    r"|\b(?:elected|appointed|re-elected)\b[^.;]{0,80}?\b(?:vice[\s-]?)?chair"
    r"|\b(?:were|was|are|is|be)\s+(?:a\s+)?(?:true|correct|accurate|fair)\s+record\b"
    r"|\b(?:be|is|was|are|were)\s+(?:re-?)?(?:appointed|elected|nominated)\s+(?:as\s+)?"
    r"(?:an?\s+|the\s+)?(?:independent\s+|co-opted\s+|substitute\s+)?(?:member|chair|vice|"
    r"representative|substitute|deputy)"
    r"|\b(?:be|is|was)\s+appointed\s+to\s+(?:the\s+)?[\w ]{0,60}?(?:committee|board|panel)\b"
    r"|\b(?:standing\s+orders?|procedure\s+rules?)\b[^;]{0,40}\bsuspended\b"
    r"|\bsuspension\s+of\s+(?:standing\s+orders?|procedure\s+rules?)\b"
    r"|\b(?:meeting|item|debate)\s+be\s+adjourned\b|\border\s+of\s+business\b"
    r"|\bmeeting\s+(?:be\s+)?(?:extended|continue[sd]?)\s+(?:beyond|past|for)\b"
    r"|\b(?:motion|amendment)\b[^.;]{0,80}?\b(?:was|were|be|is)\s+(?:lost|defeated|"
    r"withdrawn|not\s+carried|superseded|fell)\b|\bthe\s+(?:motion|amendment)\s+fell\b",
    re.IGNORECASE,
)


def _other_deciders(text: str, body: str) -> bool:
    """Whether the text names a decision-maker other than the body whose minutes these
    are (a cabinet's "Cabinet" is itself; a scrutiny committee's "Cabinet" is not)."""
    for match in re.finditer(r"\b" + _DECIDERS + r"\b", text, re.IGNORECASE):
        if not _is_own(match.group(), body):
            return True
    return False


def _is_own(named: str, body: str) -> bool:
    """Whether a name is the body itself or one of its own: "the Committee" in a
    committee's minutes, "Scrutiny Board" for "Scrutiny Board (2)", a Cabinet Member in the
    Cabinet's; never the County Council in a district council's."""
    named = re.sub(r"^(?:the|this|that)\s+", "", _key(named))
    own = re.sub(r"^the\s+", "", _key(body))
    if named in _OWN or not own:
        return named in _OWN
    if named == own or own.startswith(named + " ") or own.endswith(" " + named):
        return True
    if named in own.split(" and "):
        return True
    executive = own in ("cabinet", "executive") or own.endswith(" cabinet")
    return executive and bool(
        re.match(
            r"(?:cabinet|executive)\s+members?|portfolio\s+holders?|lead\s+members?|leader", named
        )
    )


# Who is asked: "asks the Director to ...", "calls on the County Council to ...".
_ASKED = re.compile(
    r"(?<!\bbe\s)(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)"
    r"\b(?:asks?|asked|request(?:s|ed)?|invites?|invited|calls?\s+(?:on|upon)|urges?|urged)\s+"
    # a party: "the Director", "each trust", "officers", "Transport for London"; not "a report"
    r"(?P<who>(?:(?:the|each|all|both|every)\s+|officers?\b|members\b|(?-i:[A-Z]))"
    r"[\w'’,-]*(?:\s+[\w'’,-]+){0,10}?)\s+"
    r"(?:to|that|for)\b",
    re.IGNORECASE,
)
_OFFICERS = re.compile(
    r"^(?:the\s+|each\s+|all\s+)?(?:officers?|(?:[\w'’-]+\s+){0,4}(?:director|officer|manager|"
    r"clerk|head\s+of\b.*|chief\s+executive|solicitor|lead)s?\b)",
    re.IGNORECASE,
)
_MEMBERS = re.compile(
    r"^(?:the\s+)?(?:(?:vice[\s-]?)?chair(?:man|person)?|members?|councillors?|task\s+group|"
    r"working\s+group)\b",
    re.IGNORECASE,
)


def _asks_another(said: str, body: str) -> bool | None:
    """Whether the resolution asks someone beyond the body and its officers (True), its
    officers or members (False), or asks nobody by name (None)."""
    for match in _ASKED.finditer(said):
        who = match["who"]
        return not (_OFFICERS.match(who) or _MEMBERS.match(who) or _is_own(who, body))
    return None


def classify(text: str, context: str = "", body: str = "") -> str | None:
    """The kind of a resolution, or None when there is nothing to follow up.

    A recommendation puts something to another decision-maker: it recommends, urges or
    refers, asks the Cabinet, the Council, a Cabinet Member or an outside body, or the
    words introducing the list do ("County Council ... is asked to agree the following").
    An action asks officers or the committee to do something. A decision that only
    approves, adopts or notes, the minutes confirmed, an election of a vice-chair, a
    procedural motion and a motion that fell are not tracked."""
    said = clean(text)
    if _PROCEDURE.search(said) or excludes_the_public(said):
        return None
    # "That the risk register be noted, and that a report on cyber risk come to the next
    # meeting": each part for what it is
    clauses = re.split(r"[,;]?\s+and\s+(?=that\b)", said)
    if len(clauses) > 1:
        kinds = {classify(clause, context, body) for clause in clauses} - {None}
        return "recommendation" if "recommendation" in kinds else kinds.pop() if kinds else None
    if is_noting(said):
        return None
    officer_first = _OFFICER_FIRST.match(said) is not None
    asked = _asks_another(said, body)
    if _PUT_TO.search(said) or (
        not officer_first
        and (
            _BE_ASKED.search(said)
            or asked
            or (asked is None and _ASKING.search(said) and _other_deciders(said, body))
        )
    ):
        return "recommendation"
    decided = _DECIDED.match(said)
    if decided:
        tail = said[decided.end() :]
        if not (_TAIL_ASKS.search(tail) or _SOMEONE_ACTS.search(tail)):
            return None
    passive = _DECIDED_PASSIVE.search(said)
    if passive and not (_TAIL_ASKS.search(said) or _SOMEONE_ACTS.search(said)):
        return None
    if (
        context
        and not officer_first
        and asked is None
        and (
            _PUT_TO.search(context)
            or _RECOMMENDS.search(context)
            or _BE_ASKED.search(context)
            or (_ASKING.search(context) and _other_deciders(context, body))
        )
    ):
        return "recommendation"
    return "action"


def kind_of(text: str, context: str = "", body: str = "") -> str:
    """ "recommendation" where the entry puts something to another decision-maker, or the
    words introducing the list do; otherwise "action"."""
    return classify(text, context, body) or "action"


_LEAD_NUMBER = re.compile(r"^\s*(?:\(\d{1,3}\)|\d{1,4}(?:\.\d{1,3})*[.)]?|[a-z][.)]|\([a-z]\))\s+")
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
# Where a sentence ends: not after "Cllr.", "Mr.", "St." or inside "£4,318.60".
_SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9)’'\]][.!?])\s+(?=[A-Z(])")
_ABBREVIATED = re.compile(r"\b(?:Cllr|Mr|Mrs|Ms|Dr|St|No|Prof|Rev|Co|Ltd|approx|e\.g|i\.e)\.$")


def opening_within(text: str) -> str | None:
    """What follows an opening inside a paragraph, when there is one."""
    match = _WITHIN.search(text) or _MOTION.search(text)
    if not match:
        return None
    return opening(text[match.end() :] if match.re is _WITHIN else text[match.start() :].strip())


def _first_sentence(text: str) -> tuple[str, str]:
    """A paragraph's first sentence, and the rest."""
    for match in _SENTENCE_BREAK.finditer(text):
        if not _ABBREVIATED.search(text[: match.start()]):
            return text[: match.start()], text[match.end() :]
    return text, ""


def _split_openers(paragraphs: list[Paragraph]) -> list[Paragraph]:
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
            sentence, after = _first_sentence(text)
            if _INTRO.search(sentence) or not after:
                break
            result.append(replace(paragraph, text=sentence))
            text = after
        result.append(replace(paragraph, text=text))
    return result


def opening(text: str) -> str | None:
    """What follows the opening words, when the paragraph opens a resolution, with or
    without a paragraph number before them ("7. RESOLVED that Cabinet:", "(4) RESOLVED
    that ...")."""
    match = _TRIGGER.match(text)
    if not match:
        number = _LEAD_NUMBER.match(text)
        text = text[number.end() :] if number else text
        match = _TRIGGER.match(text)
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
_EXCLUSION_MOTION = re.compile(
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

    def _worded_otherwise(self, key: str) -> list[MinuteItem]:
        """The items whose title holds every word of the heading, in any order ("Quarter
        3 Performance and Finance Monitoring" for "Corporate Performance and Finance
        Monitoring – Quarter 3 2024/25")."""
        words = _words(key)
        if len(words) < 2:
            return []
        return [item for title, item in self.by_key.items() if words <= _words(title)]

    def find(self, text: str, exempt_now: bool = False) -> tuple[MinuteItem, bool] | None:
        """The agenda item a heading names, and whether the match is positive (its title,
        a title it shortens, or its number; not merely the same words in another order).
        Where a heading could name a public item and an exempt one ("Market Hall" for
        "Market Hall – Business Case" and "Market Hall – Commercial Terms"), it names the
        public one in public business and the exempt one in exempt business."""
        text = _ATTACHED.sub("", text)
        candidates = [text]
        prefix = _MINUTE_NUMBER.match(text)
        if prefix and prefix.end() < len(text):
            candidates.append(text[prefix.end() :])
        numbers = []
        for candidate in candidates:
            number = _ITEM_NUMBER.search(candidate)
            words = candidate[: number.start()] if number else candidate
            key = _key(words)
            if key in self.by_key:
                return self.by_key[key], True
            chosen = _choose(self._shortened(key), exempt_now)
            if chosen is not None:
                return chosen, True
            if number is not None:
                numbers.append(int(number["a"] or number["b"]))
        # the words name no item: the agenda's number does
        for n in numbers:
            if n in self.by_number:
                return self.by_number[n], True
        for candidate in candidates:
            number = _ITEM_NUMBER.search(candidate)
            key = _key(candidate[: number.start()] if number else candidate)
            chosen = _choose(self._worded_otherwise(key), exempt_now)
            if chosen is not None:
                return chosen, False
        return None

    def match(self, text: str) -> MinuteItem | None:
        found = self.find(text)
        return found[0] if found else None

    def exempt_title_at(self, text: str) -> int | None:
        """Where an exempt item's title first appears in the text, if it does."""
        starts = [m.start() for p in self.exempt_patterns for m in [p.search(text)] if m]
        return min(starts) if starts else None


def _heading(
    paragraph: Paragraph, agenda: _Agenda, exempt_now: bool = False
) -> tuple[MinuteItem | str, bool] | None:
    """The agenda item a heading paragraph starts, and whether it names it positively;
    for a heading the agenda does not know (the minutes may word a title otherwise), the
    heading's own words."""
    text = paragraph.text
    if text.rstrip().endswith(":") or len(text) > 200:
        return None  # "Minutes:", the label of what was said, is not the Minutes item
    text = _ATTACHED.sub("", text)
    if opening(text) is not None:
        return None
    found = agenda.find(text, exempt_now)
    if found is not None:
        item, positive = found
        like_a_heading = paragraph.heading or (
            not SENTENCE_END.search(text)
            and (_title_cased(text) or _NUMBERED.match(text) is not None)
        )
        if positive or like_a_heading:
            return item, positive
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
            return words, False
    if _capitals_heading(text) or (paragraph.heading and not SENTENCE_END.search(text)):
        return text, False
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
        heading = _heading(paragraph, self.agenda, self.exempt)
        if heading is None:
            alone = re.fullmatch(r"\s*(\d{1,4}(?:/\d{2,4})?)\.?\s*", paragraph.text)
            self.last_number = alone[1] if alone else ""
            return False
        number = _NUMBERED.match(paragraph.text)
        self.minute = number[1] if number else self.last_number
        self.last_number = ""
        found, positive = heading
        if isinstance(found, MinuteItem):
            if found.exempt or found.exclusion:
                self.exempt = True
            elif self.exempt and positive and found.title not in self.visited:
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
            if glued and _heading(Paragraph(text[glued.end() :]), agenda, True) is not None:
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
PROCEDURE = "procedure"
MOTION_LOST = "a motion lost or withdrawn"
MOTION_AMENDED = "a motion as moved, amended before it was carried"
MOTION_UNDECIDED = "a motion whose outcome the minutes do not give"
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
        _split_openers(
            [
                replace(p, text=clean(p.text))
                for p in paragraphs
                if clean(p.text) and not _STAMP.match(p.text)
            ]
        ),
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
        motion = _is_motion(paragraph.text)
        entries, index = _entries(kept, index + 1, rest, reading)
        outcome = _motion_outcome(kept, index, agenda) if motion else ""
        for entry, exempt, intro in entries:
            text = _tidy(entry)
            if not text or text.startswith("["):
                continue
            said = f"{context} {intro}"
            kind = classify(text, said, body)
            why = outcome
            if kind is None and not why:
                procedure = _PROCEDURE.search(text) or _EXCLUSION_MOTION.search(text)
                why = PROCEDURE if procedure else ONLY_NOTES
            found.append(
                FoundResolution(kind or "action", text, reading.item, exempt, reading.minute, why)
            )
    # a council's web page gives each decision twice, under "Decision:" and "Minutes:"
    once: dict[tuple[str, str], FoundResolution] = {}
    for resolution in found:
        key = (resolution.item, _key(resolution.text))
        if key not in once or (once[key].left_out and not resolution.left_out):
            once[key] = resolution  # a motion's words as moved, then as resolved
    return [_verdict(r, agenda) for r in once.values()]


def _is_motion(text: str) -> bool:
    """Whether the paragraph gives a motion's own words ("This Council resolves to:")."""
    return _MOTION.search(text) is not None


_MOTION = re.compile(
    r"(?:^|(?<=[.!?])\s+)(?:this\s+)?(?:council|committee|cabinet|board)\s+resolves\s+"
    r"(?:to|that)\s*:",
    re.IGNORECASE,
)


_SUPERSEDED = re.compile(
    r"\bamendment\b[^.]{0,120}?\bCARRIED\b|\baccepted\s+the\s+amendment\b|"
    r"\bas\s+amended\b|\bsubstantive\s+motion\b",
    re.IGNORECASE,
)
_LOST = re.compile(
    r"\bmotion\b[^.]{0,120}?\b(?:LOST|defeated|fell|withdrawn|not\s+carried)\b", re.IGNORECASE
)
_CARRIED = re.compile(
    r"\bmotion\b[^.]{0,120}?\bCARRIED\b|\bRESOLVED\s+accordingly\b|\bcarried\s+unanimously\b",
    re.IGNORECASE,
)


def _motion_outcome(kept: list[Paragraph], index: int, agenda: _Agenda) -> str:
    """Why a motion's words are not what was resolved ("" when they are): the motion
    was lost or withdrawn, an amendment took its place (the words resolved are then
    given as amended), or the minutes give no outcome within its minute."""
    for paragraph in kept[index : index + 15]:
        text = paragraph.text
        if _heading(paragraph, agenda) is not None:
            break
        if _SUPERSEDED.search(text):
            return MOTION_AMENDED
        if _LOST.search(text):
            return MOTION_LOST
        if _CARRIED.search(text):
            return ""
    return MOTION_UNDECIDED


def _verdict(resolution: FoundResolution, agenda: _Agenda) -> FoundResolution:
    """The resolution with why it is left out of the public tracker, if it is. The
    tracker is public: at a meeting with exempt business, only what is plainly under a
    public item is taken, and nothing that names exempt business, whatever the reader
    made of the minutes around it."""
    said = f"{resolution.text}\n{resolution.item}"
    if resolution.left_out == PROCEDURE and _EXCLUSION_MOTION.search(resolution.text):
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


# After a list of entries, the words that lead into more of them ("In addition:", "County
# Council is asked to agree the following:"); anything else ends the list.
_MORE = re.compile(
    r"^(?:in\s+addition|additionally|further(?:more)?|also|and\s+that|that)\b"
    r"|\bthe\s+following\b|\b(?:is|are|be)\s+asked\s+to\b|\brecommend",
    re.IGNORECASE,
)


def _entries(
    kept: list[Paragraph], index: int, rest: str, reading: _Reading
) -> tuple[list[tuple[str, bool, str]], int]:
    """The entries after an opening at `index`, each with whether it is exempt business
    and the words that introduced it, and the index after the last of them."""
    # "RESOLVED that the report be noted.": the whole resolution on one line.
    if rest and not _INTRO.search(rest):
        text = re.sub(r"^that\s+", "", rest, flags=re.IGNORECASE)
        return [(text, reading.exempt, "")], index
    entries: list[tuple[str, bool, str]] = []
    intro = ""
    leads: list[tuple[str, str]] = []  # "3. recommends to the Cabinet that:", its kind
    while index < len(kept):
        paragraph = kept[index]
        if _ends_block(paragraph, reading.agenda):
            break
        reading.watch(paragraph.text)
        exempt = reading.exempt
        text, labelled = _strip_label(paragraph.text)
        labelled = labelled or paragraph.listed
        short_intro = _INTRO.search(paragraph.text) and len(paragraph.text) < 200
        if labelled:
            kind = _label_kind(paragraph)
            for depth, (_, outer) in enumerate(leads):
                if outer == kind:
                    del leads[depth:]  # a sibling of an entry that led into a sub-list
                    break
            if _INTRO.search(text) and len(text) < 200:
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
