"""A page's content stream read quickly, for the two questions asked of every page of a pack.

Whether anything reaches the stamp's band, and whether a tagged page draws outside its
tags, need only the operators and a few of their numbers. pikepdf's parser makes a Python
object of every operand of every instruction (most of them glyph codes), which made these
two questions the largest part of Python's work in a cold build, done while LibreOffice
needs both cores. Here one regular expression splits the content into (operands, operator)
pairs in C, leaving operands as the bytes they were written as.

What it does not follow it does not guess at: an inline image, a comment, a string with
brackets of its own inside it, an array in an array, a keyword among the operands. For
such a page `instructions` gives None, and the caller reads the page with pikepdf, as it
always did; the quick reading is only ever a short cut to the same answer.
"""

from __future__ import annotations

import re

import pikepdf

# (operands as written, operator, and a character the reading could not place: empty if
# none), the content's bytes taken as Latin-1, one character each
Instruction = tuple[str, str, str]

_REGULAR = r"[^\x00\t\n\x0c\r /\[\]()<>{}%]"
_STRING = r"\((?:[^()\\]++|\\.)*+\)"  # no unescaped brackets inside: else not followed
_HEX = r"<[^<>]*+>"
# Possessive throughout: a reading never backtracks, so a hostile stream costs its length.
_ARRAY_OF_GLYPHS = r"\[[^\[\]()]*+\]"  # what TJ is given: hex strings and numbers
_ARRAY = r"\[[^\[\]()<>]*+(?:(?:" + _HEX + r"|" + _STRING + r")[^\[\]()<>]*+)*+\]"
_DICTIONARY = (
    r"<<[^\[\]()<>]*+(?:(?:" + _HEX + r"|" + _STRING + r"|" + _ARRAY + r")[^\[\]()<>]*+)*+>>"
)
_OPERANDS = (
    r"(?:[-+.\d\x00\t\n\x0c\r ]++|/"
    + _REGULAR
    + r"*+|"
    + r"|".join((_ARRAY_OF_GLYPHS, _HEX, _ARRAY, _DICTIONARY, _STRING))
    + r")*+"
)
_KEYWORD = r"(?:true|false|null)(?!" + _REGULAR + r")"  # operands, not operators
_OPERATOR = r"(?!" + _KEYWORD + r")[A-Za-z'\"]" + _REGULAR + r"*+"
# Every match ends at an operator, at a character that is no operand, or at the end:
# then no start is ever tried twice, and a stream of a million operands is one pass.
_INSTRUCTION = re.compile(r"(" + _OPERANDS + r")(?:(" + _OPERATOR + r")|(.|\Z))", re.S)
# An inline image's data is binary, not tokens: its page is left to pikepdf.
_NOT_FOLLOWED = {"BI", "ID", "EI"}
_SPACE = "\x00\t\n\x0c\r "
_WORD = re.compile(r"[^\x00\t\n\x0c\r ]+")  # split at PDF's white space, not Unicode's
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)")


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
    except (pikepdf.PdfError, AttributeError, TypeError, ValueError):
        return None
    found = _INSTRUCTION.findall(data.decode("latin-1"))
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
    if not all(map(_NUMBER.fullmatch, taken)):
        return None
    return [float(word) for word in taken]
