"""A page's content stream read quickly, for the two questions asked of every page of a pack.

Whether anything reaches the stamp's band, and whether a tagged page draws outside its
tags, need only the operators and a few of their numbers. pikepdf's parser makes a Python
object of every operand of every instruction (most of them glyph codes), which made these
two questions the largest part of Python's work in a cold build, done while LibreOffice
needs both cores. Here one regular expression splits the content into (operands, operator)
pairs in C, leaving operands as the bytes they were written as.

What it does not follow it does not guess at: an inline image, a comment, a string with
brackets of its own inside it, an array in an array, a word that qpdf would read another
way or refuse ("700cm", "1-2", a hex string that is not hex). For such a page
`instructions` gives None, and the caller reads the page with pikepdf, as it always did;
the quick reading is only ever a short cut to the same answer.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import pikepdf

# (operands as written, operator, and a character the reading could not place: empty if
# none), the content's bytes taken as Latin-1, one character each
Instruction = tuple[str, str, str]

# qpdf's white space: PDF's six characters, and the vertical tab
_SPACE = "\x00\t\n\x0b\x0c\r "
_REGULAR = r"[^\x00\t\n\x0b\x0c\r /\[\]()<>{}%]"
# Possessive throughout: a reading never backtracks, so a hostile stream costs its length.
_SPACES = r"[\x00\t\n\x0b\x0c\r ]++"
# A number ends where digits, signs and points do: a word of them that is no number
# ("1-2", "--5", "1.2.3", "-") is refused by qpdf in an array or dictionary and read as an
# operator of its own elsewhere; here it is not followed. Nor is an integer of 19 digits
# or more: qpdf reads one past 64 bits as null, and counts it as an error (after 15, it
# stops reading the stream, silently).
_NUMBER = r"[-+]?(?:\d{1,18}+(?:\.\d*+)?|\.\d++)(?![-+.\d])"
_NAME = r"/" + _REGULAR + r"*+"
_KEYWORD = r"(?:true|false|null)(?!" + _REGULAR + r")"  # operands, not operators
_STRING = r"\((?:[^()\\]++|\\.)*+\)"  # no unescaped brackets inside: else not followed
_HEX = r"<[0-9A-Fa-f\x00\t\n\x0b\x0c\r ]*+>"
# As TJ is given: hex strings with numbers between them; first as LibreOffice and Word
# write them ("[<0102>-3<03>]"), which is most of a report's content, then any way.
_GLYPHS_WRITTEN_TIGHT = r"\[(?:<[0-9A-Fa-f]*+>(?:-?\d{1,18}+)?)*+\]"
_SPACE_OR_NUMBER = r"(?:" + _SPACES + r"|" + _NUMBER + r")*+"
_GLYPHS = r"\[" + _SPACE_OR_NUMBER + r"(?:<[0-9A-Fa-f]*+>" + _SPACE_OR_NUMBER + r")*+\]"
# Arrays and dictionaries of scalars, no deeper (qpdf refuses a word inside either; a %
# starts a comment even there): anything else is not followed.
_SCALAR = r"|".join((_SPACES, _NUMBER, _NAME, _KEYWORD, _HEX, _STRING))
_ARRAY = r"\[(?:" + _SCALAR + r")*+\]"
_DICTIONARY = r"<<(?:" + _SCALAR + r"|" + _ARRAY + r")*+>>"
_OPERANDS = (
    r"(?:"
    + r"|".join(
        (_SPACES, _NUMBER, _NAME, _GLYPHS_WRITTEN_TIGHT, _GLYPHS, _DICTIONARY, _HEX, _ARRAY)
        + (_STRING, _KEYWORD)
    )
    + r")*+"
)
# qpdf reads "700cm" or "12Tf" as one word, an operator of its own: not followed.
_OPERATOR = r"(?<![-+.\d])(?!" + _KEYWORD + r")[A-Za-z'\"]" + _REGULAR + r"*+"
# Every match ends at an operator, or takes all that is left from a character that is
# no operand (which means the page is not followed), or ends at the end: no start is ever
# tried twice, and a hostile stream (a million operands, strings never closed) is one pass.
_INSTRUCTION = re.compile(r"(" + _OPERANDS + r")(?:(" + _OPERATOR + r")|(.+|\Z))", re.S)
# An inline image's data is binary, not tokens: its page is left to pikepdf.
_NOT_FOLLOWED = {"BI", "ID", "EI"}
_WORD = re.compile(r"[^\x00\t\n\x0b\x0c\r ]+")  # split at qpdf's white space, not Unicode's
_LARGEST = 2**63 - 1
_NUMBER_WORD = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)")


def instructions(page: pikepdf.Page) -> list[Instruction] | None:
    """The page's content as (operands, operator, "") triples, or None when it holds what
    this reading does not follow (or cannot be decoded): then ask pikepdf."""
    try:
        contents = page.obj.get("/Contents")
        if contents is None:
            return []
        if isinstance(contents, pikepdf.Stream):
            data = contents.read_bytes()
        elif isinstance(contents, pikepdf.Array):
            data = join_streams([part.read_bytes() for part in contents])
        else:
            return None
    except Exception:  # a filter qpdf cannot decode: pikepdf's reading says what is wrong
        return None
    return parse(data)


def parse(data: bytes) -> list[Instruction] | None:
    """A content stream's bytes (a page's, a form XObject's) as `instructions` reads them,
    or None when they hold what this reading does not follow."""
    text = data.decode("latin-1")
    if "#00" in text:  # a name qpdf counts as an error, like a long integer (see _NUMBER)
        return None
    found = _INSTRUCTION.findall(text)
    while found and not found[-1][1] and not found[-1][2]:  # the end
        if found.pop()[0].strip(_SPACE):
            return None  # operands with no operator after them
    for _operands, operator, stray in found:
        if stray or operator in _NOT_FOLLOWED:
            return None
    return found


def number(word: str) -> float:
    """One operand as a number, 0 where it is none (or not finite): for a reading that
    must go on past a malformed operand, where `numbers` would give up."""
    try:
        value = float(word)
    except ValueError:
        return 0.0
    return value if math.isfinite(value) else 0.0


def numbers(operands: str, count: int) -> list[float] | None:
    """The last `count` operands as numbers, as pikepdf's reading takes them; None if they
    are not all numbers."""
    words = _WORD.findall(operands)
    if len(words) < count:
        return None
    taken = words[len(words) - count :]
    if not all(map(_NUMBER_WORD.fullmatch, taken)):
        return None
    # qpdf reads an integer past 64 bits as null (and Python refuses to read one of
    # thousands of digits): whatever pikepdf would make of such a word, it is not this
    if any("." not in word and (len(word) > 20 or abs(int(word)) > _LARGEST) for word in taken):
        return None
    return [float(word) for word in taken]


# -- what a page leaves open ------------------------------------------------------------

# A page's content is followed by the stamp's own operators in the same stream of tokens
# (a page's streams are one content): whatever the page leaves open swallows the stamp.
# An array or dictionary never closed takes the stamp's operators as its elements, a
# string as its text, an inline image as its data; a text object, a marked-content
# sequence or a q never ended puts the stamp inside them (a text object in a text object
# is an error a reader may stop at; a q left open, the page's transform round the stamp).
_BALANCE = frozenset(("q", "Q", "BT", "ET", "BDC", "BMC", "EMC"))


def closers(operators: Sequence[str]) -> bytes:
    """The operators that end what a page's content leaves open, from its operators in
    order (content that is all whole tokens, as `instructions` reads it): empty for a page
    that leaves nothing open, as nearly every page does."""
    counts = Counter(operator for operator in operators if operator in _BALANCE)
    if (
        counts["q"] == counts["Q"]
        and counts["BT"] == counts["ET"]
        and counts["BDC"] + counts["BMC"] == counts["EMC"]
    ):
        return b""  # balanced by count; balanced in order too, unless a Q comes early
    return _state_closers(operators)


def _state_closers(operators: Sequence[str]) -> bytes:
    saved = marked = 0
    in_text = False
    for operator in operators:
        if operator == "q":
            saved += 1
        elif operator == "Q":
            saved = max(0, saved - 1)  # a Q too many: a reader ignores it, and so here
        elif operator == "BT":
            in_text = True
        elif operator == "ET":
            in_text = False
        elif operator in ("BDC", "BMC"):
            marked += 1
        elif operator == "EMC":
            marked = max(0, marked - 1)
    return b"".join((b"ET\n" if in_text else b"", b"EMC\n" * marked, b"Q\n" * saved))


# Tokens for the closers of content the quick reading does not follow: each a string with
# no brackets inside, a comment, a hex string, a dictionary's or array's bracket, a name,
# a word (number or operator), or an opening bracket of a string with brackets inside
# (followed by hand); white space between them.
_TOKEN = re.compile(
    rb"[\x00\t\n\x0b\x0c\r ]+|%[^\r\n]*|\((?:[^()\\]|\\.)*\)|<<|>>|<[^<>]*>|[\[\]{}]"
    rb"|/[^\x00\t\n\x0b\x0c\r /\[\]()<>{}%]*|[^\x00\t\n\x0b\x0c\r /\[\]()<>{}%]+|\(|[)<>]",
    re.S,
)
_IMAGE_END = re.compile(rb"[\x00\t\n\x0b\x0c\r ]EI(?=[\x00\t\n\x0b\x0c\r /\[\]()<>{}%]|$)")


def raw_closers(data: bytes) -> bytes:
    """What `closers` says, from a page's content as bytes, whatever it holds: for the
    pages the quick reading leaves to pikepdf (whose parser, at a token it cannot read,
    drops the rest and says only that it did). An unclosed string, array, dictionary or
    inline image is closed first, then the operators."""
    operators: list[str] = []
    # the arrays and dictionaries open, innermost last: [closing bracket, items so far]
    nesting: list[list[Any]] = []
    at = 0
    end = len(data)
    while at < end:
        match = _TOKEN.match(data, at)
        if match is None:  # cannot happen: every byte starts some token
            break
        token = match.group()
        at = match.end()
        first = token[:1]
        if first in _SPACE_BYTES or first == b"%":
            continue
        if token == b"(":  # a string with brackets inside: followed by hand
            depth = 1
            while at < end and depth:
                byte = data[at : at + 1]
                if byte == b"\\":
                    at += 1
                elif byte == b"(":
                    depth += 1
                elif byte == b")":
                    depth -= 1
                at += 1
            if depth:
                return b")" * depth + b"\n" + _unnest(nesting, 1) + _state_closers(operators)
        elif token in (b"[", b"<<"):
            nesting.append([b"]" if token == b"[" else b">>", 0])
            continue
        elif token in (b"]", b">>"):
            if nesting and nesting[-1][0] == token:
                nesting.pop()
        elif first.isalpha() or first in (b"'", b'"'):
            operator = token.decode("latin-1")
            if operator == "ID":  # an inline image's data, to " EI"
                found = _IMAGE_END.search(data, at)
                if found is None:
                    return b"\nEI\n" + _state_closers(operators)
                at = found.end()
                continue
            if not nesting:
                operators.append(operator)
        elif first == b"<" and not token.endswith(b">"):
            return b">\n" + _unnest(nesting, 1) + _state_closers(operators)
        if nesting:
            nesting[-1][1] += 1
    return _unnest(nesting, 0) + _state_closers(operators)


_SPACE_BYTES = frozenset(bytes([c]) for c in b"\x00\t\n\x0b\x0c\r ")


def _unnest(nesting: list[list[Any]], pending: int) -> bytes:
    """The brackets that close the arrays and dictionaries left open, innermost first; a
    dictionary left with a key and no value is given null for it. `pending`: an item just
    closed (a string) not yet counted in the innermost."""
    closing = b""
    for bracket, items in reversed(nesting):
        if bracket == b">>" and (items + pending) % 2:
            closing += b" null"
        closing += b" " + bracket
        pending = 1
    return closing + b"\n" if closing else b""


UNREAD: list[Instruction] = []  # stands for "not read yet": a page's reading may be None


def page_closers(page: pikepdf.Page, quick: list[Instruction] | None = UNREAD) -> bytes:
    """What `closers` says of a page, from its quick reading (`instructions`, read here
    unless given) where that follows the page, else from its bytes."""
    if quick is UNREAD:
        quick = instructions(page)
    if quick is not None:
        return closers([operator for _, operator, _ in quick])
    try:
        return raw_closers(content_bytes(page))
    except Exception:  # a filter qpdf cannot decode: nothing of it is drawn to swallow
        return b""


def content_bytes(page: pikepdf.Page) -> bytes:
    """The page's content, its streams joined as a reader joins them."""
    contents = page.obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        return contents.read_bytes()
    if isinstance(contents, pikepdf.Array):
        return join_streams([part.read_bytes() for part in contents])
    return b""


# What changes whether a content stream's bytes are inside a literal string: brackets, a
# backslash (which escapes the next byte), a comment's start and end.
_STRING_EVENT = re.compile(rb"[()\\%\r\n]")


def _string_depth(data: bytes, depth: int) -> int:
    """How deep inside brackets of a literal string `data` ends, read on from `depth`."""
    comment = escaped = False
    position = -1
    for event in _STRING_EVENT.finditer(data):
        char = event.group()
        if escaped:  # the byte after a backslash: escaped whether or not it is an event
            escaped = False
            if event.start() == position + 1:
                position = event.start()
                continue
        if comment:
            comment = char not in (b"\r", b"\n")
        elif depth:
            if char == b"\\":
                escaped = True
            elif char == b"(":
                depth += 1
            elif char == b")":
                depth -= 1
        elif char == b"(":
            depth = 1
        elif char == b"%":
            comment = True
        position = event.start()
    return depth


def join_streams(parts: Sequence[bytes]) -> bytes:
    """A page's content streams as one content: a line break between two, as qpdf joins
    them, but none where one ends inside a string. ISO 32000-1 (7.8.2) splits them only
    between tokens; a writer that split "(Pot" from "ato) Tj" (qpdf's test file) meant
    "Potato", which poppler draws, and a line break would draw a glyph of its own."""
    joined = bytearray()
    depth = 0
    for number, part in enumerate(parts):
        if number and not depth:
            joined += b"\n"
        joined += part
        if number < len(parts) - 1:
            depth = _string_depth(part, depth)
    return bytes(joined)
