"""What a command tells the person running it while it works, and how it stops.

A command reports events to a `Reporter` as they happen (a long build shows each meeting as
it is done) and returns its outcome; `cli.py` implements the reporter for a terminal. A
command never prints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from agendapack.errors import Problem
    from agendapack.pack.build import MeetingBuild


class Reporter(Protocol):
    """Progress (drawn as a bar on a terminal), problems, and what the build loop did."""

    def start(self, description: str, total: int) -> None: ...

    def advance(self, description: str = "") -> None: ...

    def problems(self, problems: Sequence[Problem], earlier: int = 0) -> None:
        """What loading the workspace found; `earlier` counts the warnings about meetings
        of earlier municipal years left out."""

    def skipped(self, name: str, problems: Sequence[Problem]) -> None:
        """A meeting not built because its papers are not all in yet."""

    def built(self, shown: str, result: MeetingBuild) -> None:
        """A meeting's edition built, or found up to date."""

    def refreshed(self, paths: Sequence[str]) -> None:
        """The calendars and the site written (no paths: they were up to date)."""

    def warned(self, problems: Sequence[Problem]) -> None:
        """What the officer should know but that stops nothing."""


class Quiet:
    """A reporter that says nothing: for a library call, a test, a script."""

    def start(self, description: str, total: int) -> None:
        pass

    def advance(self, description: str = "") -> None:
        pass

    def problems(self, problems: Sequence[Problem], earlier: int = 0) -> None:
        pass

    def skipped(self, name: str, problems: Sequence[Problem]) -> None:
        pass

    def built(self, shown: str, result: MeetingBuild) -> None:
        pass

    def refreshed(self, paths: Sequence[str]) -> None:
        pass

    def warned(self, problems: Sequence[Problem]) -> None:
        pass


class Refused(Exception):
    """The command stops with exit status 1; what was wrong has been reported already."""


class Stopped(Exception):
    """Ctrl+C (or SIGTERM) during a command that writes: which editions were put in place,
    and what else was left as it was, for a truthful last line (exit 130)."""

    def __init__(self, replaced: list[str], rest: str) -> None:
        self.replaced = replaced
        self.rest = rest
        super().__init__(rest)
