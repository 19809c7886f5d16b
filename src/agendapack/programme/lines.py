"""Where each key and value of a TOML document sits, so a problem can name its line.

``tomllib`` gives values but no positions. This is a small, forgiving scanner over the
same text that records, for every path such as ``("meeting", 2, "item", 0, "title")``,
the line on which it is written. It never raises: on text it cannot follow it returns
what it has so far (the parser reports the syntax error itself).
"""

from __future__ import annotations

Path = tuple[str | int, ...]

_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Stop(Exception):
    pass


class _Scanner:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.line = 1
        self.lines: dict[Path, int] = {(): 1}  # a missing top-level key: the first line
        self.tables_of_arrays: dict[Path, int] = {}

    # -- characters -------------------------------------------------------------------
    def peek(self, n: int = 1) -> str:
        return self.s[self.i : self.i + n]

    def advance(self, n: int = 1) -> None:
        chunk = self.s[self.i : self.i + n]
        self.line += chunk.count("\n")
        self.i += n

    def at_end(self) -> bool:
        return self.i >= len(self.s)

    def skip_blank(self, newlines: bool) -> None:
        while not self.at_end():
            c = self.peek()
            if c in " \t\r" or (newlines and c == "\n"):
                self.advance()
            elif c == "#":
                while not self.at_end() and self.peek() != "\n":
                    self.advance()
            else:
                return

    # -- keys -------------------------------------------------------------------------
    def key(self) -> list[str]:
        parts = []
        while True:
            self.skip_blank(newlines=False)
            c = self.peek()
            if c in "\"'":
                parts.append(self.string())
            else:
                start = self.i
                while not self.at_end() and self.peek() in _BARE:
                    self.advance()
                if self.i == start:
                    raise _Stop
                parts.append(self.s[start : self.i])
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.advance()

    # -- values -----------------------------------------------------------------------
    def string(self) -> str:
        quote = self.peek()
        if self.peek(3) == quote * 3:
            self.advance(3)
            end = self.s.find(quote * 3, self.i)
            if end < 0:
                raise _Stop
            while self.s[end + 3 : end + 4] == quote:  # up to two quotes may close it
                end += 1
            text = self.s[self.i : end]
            self.advance(end + 3 - self.i)
            return text
        self.advance()
        start = self.i
        while not self.at_end():
            c = self.peek()
            if c == "\n":
                raise _Stop
            if c == "\\" and quote == '"':
                self.advance(2)
                continue
            if c == quote:
                text = self.s[start : self.i]
                self.advance()
                return text
            self.advance()
        raise _Stop

    def value(self, path: Path) -> None:
        self.skip_blank(newlines=False)
        c = self.peek()
        if c in "\"'":
            self.string()
        elif c == "[":
            self.advance()
            index = 0
            while True:
                self.skip_blank(newlines=True)
                if self.peek() == "]":
                    self.advance()
                    return
                if self.at_end():
                    raise _Stop
                self.lines.setdefault((*path, index), self.line)
                self.value((*path, index))
                self.skip_blank(newlines=True)
                if self.peek() == ",":
                    self.advance()
                    index += 1
        elif c == "{":
            self.advance()
            while True:
                self.skip_blank(newlines=False)
                if self.peek() == "}":
                    self.advance()
                    return
                if self.peek() == ",":
                    self.advance()
                    continue
                line = self.line
                parts = self.key()
                if self.peek() != "=":
                    raise _Stop
                self.advance()
                self.lines.setdefault((*path, *parts), line)
                self.value((*path, *parts))
        else:
            start = self.i
            while not self.at_end() and self.peek() not in ",]}\n#":
                self.advance()
            if self.i == start:
                raise _Stop

    # -- tables -----------------------------------------------------------------------
    def resolve(self, parts: list[str]) -> Path:
        """A header's dotted key to a path, stepping into the last table of each array."""
        path: Path = ()
        for part in parts:
            path = (*path, part)
            if path in self.tables_of_arrays:
                path = (*path, self.tables_of_arrays[path] - 1)
        return path

    def document(self) -> dict[Path, int]:
        table: Path = ()
        try:
            while True:
                self.skip_blank(newlines=True)
                if self.at_end():
                    break
                line = self.line
                if self.peek(2) == "[[":
                    self.advance(2)
                    parts = self.key()
                    if self.peek(2) != "]]":
                        raise _Stop
                    self.advance(2)
                    parent = self.resolve(parts[:-1])
                    array = (*parent, parts[-1])
                    self.lines.setdefault(array, line)
                    count = self.tables_of_arrays.get(array, 0)
                    self.tables_of_arrays[array] = count + 1
                    table = (*array, count)
                elif self.peek() == "[":
                    self.advance()
                    parts = self.key()
                    if self.peek() != "]":
                        raise _Stop
                    self.advance()
                    table = self.resolve(parts)
                else:
                    parts = self.key()
                    if self.peek() != "=":
                        raise _Stop
                    self.advance()
                    path = (*table, *parts)
                    self.lines.setdefault(path, line)
                    self.value(path)
                    continue
                self.lines.setdefault(table, line)
        except (_Stop, IndexError):
            pass
        return self.lines


def key_lines(text: str) -> dict[Path, int]:
    """Map each path in a TOML document to the line (from 1) where it is written."""
    return _Scanner(text).document()


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of a path, or of its nearest ancestor that has one."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)
