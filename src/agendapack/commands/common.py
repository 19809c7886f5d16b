"""What several commands need: loading the workspace as the verbs do, dates from the
command line, and a problem for an OSError."""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from agendapack.commands.reporter import Refused, Reporter
from agendapack.errors import AgendapackError, Problem
from agendapack.layout import Layout
from agendapack.model import Workspace
from agendapack.programme.load import LoadResult, load_workspace
from agendapack.programme.rules import earlier_year_warnings
from agendapack.store import opened

P = ParamSpec("P")
R = TypeVar("R")


def remembering(command: Callable[Concatenate[Path, P], R]) -> Callable[Concatenate[Path, P], R]:
    """Run a command on the workspace at its first argument with one store (`store.py`)
    for the whole run: what it learns of the papers is kept for the next, and nothing is
    read twice within it."""

    def run(folder: Path, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with opened(Layout(folder.resolve())):
            return command(folder, *args, **kwargs)

    run.__doc__ = command.__doc__
    return run


def earlier(result: LoadResult) -> list[Problem]:
    """The warnings about meetings of earlier municipal years, which no one can change
    now: counted in one line rather than printed (`check --all` prints them)."""
    if result.workspace is None:
        return []
    return earlier_year_warnings(result.workspace, result.problems)


def load(folder: Path, reporter: Reporter, *, per_meeting: bool = False) -> Workspace:
    """Load, report the problems, and refuse when any is an error.

    With `per_meeting`, a problem that only stops one meeting's pack (a missing paper) is
    left for the build to report with that meeting, so the others are still built."""
    result = load_workspace(folder)
    left_out = set(earlier(result))
    shown = [p for p in result.problems if not (per_meeting and p.meeting) and p not in left_out]
    reporter.problems(shown, len(left_out))
    if any(p.is_error for p in shown) or result.workspace is None:
        raise Refused
    return result.workspace


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise AgendapackError(
            Problem.error("", f"{value!r} is not a date", advice="write it as 2024-03-28")
        ) from None


def today(value: str | None = None) -> dt.date:
    """--today, else SOURCE_DATE_EPOCH's date (for reproducible sites), else today."""
    if value:
        return parse_date(value)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def os_problem(exc: OSError, outcome: str = "", workspace: Path | None = None) -> Problem:
    """An OSError as a problem: the path, what the system said, what to do, what became of
    the outputs (`outcome`, when the caller knows)."""
    where = ""
    if exc.filename:
        path = Path(os.fsdecode(exc.filename))
        workspace = workspace or Path.cwd()  # the workspace, or where the command was run
        if path.is_relative_to(workspace):
            path = path.relative_to(workspace)
        where = path.as_posix()
    advice = ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        advice = "free some space and run it again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        advice = "agendapack needs to write there"
    advice = "; ".join(part for part in (advice, outcome) if part)
    return Problem.error(where, exc.strerror or str(exc), advice=advice)


def load_for_report(folder: Path, reporter: Reporter) -> tuple[Workspace, list[Problem]]:
    """Load for a report on where things stand: a missing paper is what the report is
    for, so the programme's errors are counted, not a reason to stop."""
    result = load_workspace(folder)
    if result.workspace is None:
        reporter.problems(result.problems)
        raise Refused
    return result.workspace, result.errors
