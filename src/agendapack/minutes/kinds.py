"""What kind of resolution an entry is: a recommendation put to another decision-maker,
an action for the committee or its officers, or nothing to follow up (it only notes or
approves, or is procedure). Pure."""

from __future__ import annotations

import re

from agendapack.minutes.exempt import excludes_the_public
from agendapack.minutes.text import BODY, clean, title_key

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
        r"^(?:that\s+)?(?:the\s+)?(?:" + BODY + r"|members?)\s+(?:notes?|noted|confirms?|"
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
    r"(?!\s+(?:attend|present|come|speak|give\s+evidence|join)\b|\s+(?:the|a|its|their|"
    r"a\s+future)\s+(?:[\w-]+\s+){0,3}?meeting\b)",
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
PROCEDURAL = re.compile(
    r"\b(?:(?:vice[\s-]?)?chair(?:man|person)?|(?:vice[\s-]?)?president)\b[^.;]{0,80}?\b"
    r"(?:elected|appointed|re-elected)\b"
    r"|\b(?:elected|appointed|re-elected)\b[^.;]{0,80}?\b(?:vice[\s-]?)?chair"
    r"|\b(?:were|was|are|is|be)\s+(?:a\s+)?(?:true|correct|accurate|fair)\s+record\b"
    r"|\b(?:be|is|was|are|were)\s+(?:re-?)?(?:appointed|elected|nominated)\s+(?:as\s+)?"
    r"(?:an?\s+|the\s+)?(?:independent\s+|co-opted\s+|substitute\s+)?(?:member|chair|vice|"
    r"representative|substitute|deputy)"
    r"|\bcouncillors?\s+[\w'’.-]+(?:\s+[\w'’.-]+)?\s+(?:be|is|was)\s+(?:re-?)?(?:appointed|"
    r"nominated|elected)\b"
    r"|\b(?:be|is|was)\s+(?:appointed|nominated)\s+to\s+(?:the\s+)?[\w ]{0,60}?(?:committee|board|"
    r"panel|authority|forum|group|partnership)\b"
    # thanks recorded, no comment made: nothing to follow up
    r"|\bthanks?\b[^.;]{0,120}\bbe\s+(?:recorded|noted|conveyed|placed\s+on\s+record)\b"
    r"|\b(?:does|do|did)\s+not\s+wish\s+to\s+(?:make|offer|submit)\b"
    r"|\bno\s+(?:further\s+)?(?:comments?|action)\s+(?:be|is|was|to\s+be)\b"
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
    named = re.sub(r"^(?:the|this|that)\s+", "", title_key(named))
    own = re.sub(r"^the\s+", "", title_key(body))
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
    if PROCEDURAL.search(said) or excludes_the_public(said):
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
