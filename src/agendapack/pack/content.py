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

import re

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
            # streams of one page are one content, split only between tokens
            data = b"\n".join(part.read_bytes() for part in contents)
        else:
            return None
    except Exception:  # a filter qpdf cannot decode: pikepdf's reading says what is wrong
        return None
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
