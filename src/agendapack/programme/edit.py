"""Adding tables to a programme file as the chair keeps it: every byte that is not the
addition stays as it was (comments, blank lines, order, a Windows editor's CRLF, a
Notepad byte order mark), values written by tomlkit so that quoting is always right."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import tomlkit

from agendapack.programme.lines import key_lines

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


@dataclass(frozen=True)
class ProgrammeText:
    """A programme file's text, with what must be put back on writing."""

    text: str  # without the byte order mark
    mark: str  # "\ufeff" or ""
    newline: str  # "\r\n" or "\n"

    @classmethod
    def read(cls, path: Path) -> ProgrammeText:
        text = path.read_bytes().decode("utf-8")  # as saved: CRLF kept
        mark = "\ufeff" if text.startswith("\ufeff") else ""
        text = text.removeprefix(mark)
        return cls(text, mark, "\r\n" if "\r\n" in text else "\n")

    def bytes_of(self, text: str) -> bytes:
        return (self.mark + text).encode("utf-8")


def toml_value(value: str) -> str:
    """A text as a TOML string, escaped by tomlkit."""
    return tomlkit.string(value).as_string()


def meeting_index(data: dict, date: object) -> int | None:
    """The position of the [[meeting]] on `date` in the parsed file."""
    for index, meeting in enumerate(data.get("meeting", [])):
        if meeting.get("date") == date:
            return index
    return None


def insert_after_meeting(text: str, index: int, block: str) -> str:
    """Put `block` (tables of that meeting, such as [[meeting.item]], or the next year's
    [[meeting]] tables) at the end of meeting `index`, before any comments that introduce
    the next table."""
    lines = text.splitlines(keepends=True)
    start = key_lines(text)[("meeting", index)]  # 1-based
    boundary = len(lines)
    for number in range(start, len(lines)):  # lines after the meeting's own header
        match = _HEADER.match(lines[number])
        if match and not match[1].replace(" ", "").startswith("meeting."):
            boundary = number
            break
    end = boundary
    while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    if end and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\r\n" if block.endswith("\r\n") else "\n"
    lines.insert(end, block)
    return "".join(lines)
