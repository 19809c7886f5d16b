"""One error root, and the problem lines every command prints.

A user's mistake is never a traceback: the library raises ``AgendapackError`` (or returns
``Problem`` objects when it can go on and report more), and the CLI prints them one per
line as ``path:line: error: message`` and exits non-zero.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the workspace, at a place a user can open in an editor.

    It travels as data from where it is found to where it is printed: only `__str__`
    spells the line (``path:line: error: message; advice``), so no caller ever parses one
    back."""

    path: str  # relative to the workspace, with forward slashes ("" when no file is at fault)
    line: int | None
    severity: Severity
    message: str
    # "cyp-scrutiny 2024-03-28" when the problem only stops that meeting's pack (a missing
    # or unreadable paper): a build of the other meetings goes on.
    meeting: str | None = field(default=None, compare=False)
    advice: str = field(default="", compare=False)  # what to do, when the message lacks it

    @classmethod
    def error(
        cls,
        path: str | os.PathLike[str],
        message: str,
        *,
        line: int | None = None,
        advice: str = "",
        meeting: str | None = None,
    ) -> Problem:
        return cls(str(path), line, "error", message, meeting=meeting, advice=advice)

    @classmethod
    def warning(
        cls,
        path: str | os.PathLike[str],
        message: str,
        *,
        line: int | None = None,
        advice: str = "",
        meeting: str | None = None,
    ) -> Problem:
        return cls(str(path), line, "warning", message, meeting=meeting, advice=advice)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{self.message}; {self.advice}" if self.advice else self.message
        return f"{where}: {self.severity}: {text}" if where else f"{self.severity}: {text}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def at(self, path: str) -> Problem:
        """The same problem, said of another file (a paper's, as its meeting shows it)."""
        return replace(self, path=path)


class AgendapackError(Exception):
    """The root of every error agendapack raises for something the user can put right."""

    def __init__(self, *problems: Problem) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.lines))

    @property
    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class ConversionError(AgendapackError):
    """LibreOffice could not turn a document into PDF."""


class DocumentError(AgendapackError):
    """A source document cannot be read: damaged, encrypted, or of the wrong kind."""


def in_words(exc: BaseException) -> str:
    """What went wrong reading a file of agendapack's own (a record, the calendars'
    memory), in plain words rather than Python's: "it is not JSON: expecting value at
    line 1, column 1", not "Expecting value: line 1 column 1 (char 0)"."""
    if isinstance(exc, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(exc, FileNotFoundError):
        return "there is no such file"
    if isinstance(exc, json.JSONDecodeError):
        if not exc.doc.strip():
            return "it is empty"
        return f"it is not JSON: {exc.msg.lower()} at line {exc.lineno}, column {exc.colno}"
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(exc, KeyError):
        return f"{exc} is missing"
    if isinstance(exc, OSError):
        return (exc.strerror or str(exc)).lower()
    return str(exc)
