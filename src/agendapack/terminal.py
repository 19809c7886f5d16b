"""What the commands report, and what they return, as lines on a terminal.

Outcomes go to standard output; problems, progress and what was skipped to standard error,
each problem on one line as `Problem` spells it. Colour and a progress bar only on a
terminal; in CI and in a log file, plain lines."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from agendapack.errors import Problem
from agendapack.layout import PACK, supplement

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from agendapack.commands.calendar import Calendars
    from agendapack.commands.deadlines import Deadlines
    from agendapack.commands.new_year import RolledOver
    from agendapack.commands.resolutions import Resolutions
    from agendapack.commands.status import Status
    from agendapack.pack.build import MeetingBuild

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def say(line: str, style: str = "", console: Console = out) -> None:
    console.print(line, markup=False, style=style)


def problems(found: Sequence[Problem], console: Console = err) -> None:
    for problem in found:
        say(str(problem), "red" if problem.is_error else "yellow", console)


def earlier(number: int, console: Console = err) -> None:
    if number:
        say(
            f"{number:,} warning{'s' * (number != 1)} about meetings of earlier years not "
            "shown; "
            "`agendapack check --all` shows them",
            "yellow",
            console,
        )


def stopped(replaced: Sequence[str], rest: str) -> None:
    """Ctrl+C during a build: which editions were put in place."""
    if replaced:
        done = ", ".join(f"{r}/" for r in replaced)
        say(f"stopped; replaced {done}; the other meetings are unchanged; {rest}", console=err)
    else:
        say(f"stopped; no meeting's outputs were replaced; {rest}", console=err)


def table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    """Columns an officer can check by eye; the last runs on unwrapped, so that a line
    is one row whatever the terminal's width."""
    width = [max(len(h), *(len(r[n]) for r in rows)) for n, h in enumerate(headers[:-1])]
    for cells in (headers, *rows):
        padded = [cell.ljust(w) for cell, w in zip(cells, width, strict=False)]
        say("  " + "  ".join([*padded, cells[-1]]))


class Terminal:
    """The `Reporter` of every command on a terminal: a rich progress bar when standard
    error is one, nothing at all for progress when output goes elsewhere."""

    def __init__(self) -> None:
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> Terminal:
        if err.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=err,
                transient=True,
            )
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress:
            self.progress.stop()

    def start(self, description: str, total: int) -> None:
        if self.progress:
            if self.task is not None:
                self.progress.remove_task(self.task)
            self.task = self.progress.add_task(description, total=total)

    def advance(self, description: str = "") -> None:
        if self.progress and self.task is not None:
            self.progress.advance(self.task)

    def problems(self, found: Sequence[Problem], earlier_years: int = 0) -> None:
        problems(found)
        earlier(earlier_years)

    def skipped(self, name: str, found: Sequence[Problem]) -> None:
        say(f"skipped {name}: it lacks what its items need:", console=err)
        for problem in found:
            say(f"  {problem}", console=err)

    def built(self, shown: str, result: MeetingBuild) -> None:
        """The closing line of a meeting's build, its warnings, and its draft supplement."""
        if result.up_to_date:
            say(f"{shown}/: up to date, nothing written")
            return
        exempt = f", exempt pack {result.exempt_pages} pages" if result.exempt_pages else ""
        changed = f"{count(len(result.changed), 'file')} changed" if result.changed else ""
        say(
            f"{shown}/{PACK}: {result.pages} pages, {count(result.documents, 'document')}, "
            f"{result.converted} converted, {result.cached} from the cache"
            f"{exempt}, {result.seconds:.1f} s, {changed or 'none changed'}"
        )
        for warning in result.warnings:
            say(str(warning))
        if result.supplement:
            number, first, last = result.supplement
            say(
                f"{shown}/{supplement(number)}: draft of supplementary agenda "
                f"{number}, pages {first} to {last}: the late and revised papers; "
                f"`agendapack publish {result.committee} {result.date}` publishes it"
            )

    def refreshed(self, paths: Sequence[str]) -> None:
        for path in paths:
            say(path)
        if not paths:
            say("build/calendars/ and build/site/: up to date, nothing written")

    def warned(self, found: Sequence[Problem]) -> None:
        problems(found)


class Watching(Terminal):
    """`serve --watch`: each line as it happens (into a log file too), no progress bar."""

    def __enter__(self) -> Watching:
        import io
        import sys

        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(line_buffering=True)
        return self

    def serving(self, folder: Path, address: str, watching: bool) -> None:
        if watching:
            say(
                f"Serving {folder} at {address}; watching programme/, packs/ and "
                "templates/ (Ctrl+C stops)"
            )
        else:
            say(f"Serving {folder} at {address} (Ctrl+C stops)")

    def changed(self, paths: Sequence[str]) -> None:
        more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
        say(f"changed: {', '.join(paths[:3])}{more}", "bold")

    def problems(self, found: Sequence[Problem], earlier_years: int = 0) -> None:
        problems(found)
        if not found:
            say("the programme has no problems")

    def refreshed(self, paths: Sequence[str]) -> None:
        for path in paths:
            say(path)

    def failed(self, found: Sequence[Problem]) -> None:
        problems(found)

    def kept(self, reason: str) -> None:
        say(f"{reason}: nothing was rebuilt; the last good outputs are still served", "red", err)


def programme_errors(number: int) -> None:
    """A report on where things stand goes on: a missing paper is what it is for."""
    if number:
        say(
            f"{count(number, 'error')} in the programme; `agendapack check` lists them",
            "yellow",
            err,
        )


def status(done: Status, as_json: bool) -> None:
    """What each upcoming meeting still needs, and what is overdue."""
    import json

    programme_errors(done.programme_errors)
    if as_json:
        say(json.dumps([m.as_json() for m in done.meetings], indent=2))
    for meeting in [] if as_json else done.meetings:
        row = meeting.deadlines
        pack = f"{row.committee} {row.date.isoformat()}: pack {row.pack_state}, "
        say(pack + row.publication_text, "bold")
        for label, day, left in (
            ("reports due", row.report_deadline, meeting.report_days_left),
            ("publish by", row.publish_by, row.days_left),
        ):
            days = count(abs(left), "working day")
            when = f"{days} ago" if left < 0 else f"{days} left"
            say(f"  {label} {day.isoformat()} ({when})", "red" if left < 0 else "")
        for document in meeting.documents:
            styles = {"missing": "red", "present": ""}
            style = styles.get(document.state, "yellow")
            say(f"  {document.state:>24}  {document.file}  ({document.item})", style)
    if not done.meetings and not as_json:
        out.print("No upcoming meetings.")
    problems(done.overdue)
    problems(done.unreadable)


def deadlines(done: Deadlines, as_json: bool) -> None:
    import json

    programme_errors(done.programme_errors)
    if as_json:
        say(json.dumps([r.as_json() for r in done.rows], indent=2))
        return
    if not done.rows:
        out.print("No upcoming meetings.")
        return
    from rich.table import Table

    headings = ("Committee", "Meeting", "Reports due", "Publish by", "Days left", "Pack")
    grid = Table(*headings, "Published", box=None, header_style="bold")
    for row in done.rows:
        left = str(row.days_left)
        grid.add_row(
            row.committee,
            row.date.isoformat(),
            row.report_deadline.isoformat(),
            row.publish_by.isoformat(),
            f"[red]{left}[/]" if row.days_left < 0 else left,
            row.pack_state,
            row.publication,
        )
    out.print(grid)


def resolutions(done: Resolutions, dry_run: bool) -> None:
    """What was (or would be) added to the tracker, and what was left out and why."""
    result, shown, source = done.imported, done.minutes, done.source
    verb = "would add" if dry_run else "added"
    if result.added:
        say(f"{verb}:")
        rows = [(r.minute, r.kind, r.item, r.text) for r in result.added]
        table(("minute", "kind", "item", "resolution"), rows)
    left_out = [r for r in result.found if r.left_out]
    if left_out:
        say("left out:")
        # what was or may have been resolved in exempt business is not printed: terminals
        # are logged, and a heading that names no public item may be the exempt one's
        rows = [
            (r.minute, r.left_out, r.item, "(not shown)" if r.exempt or r.withheld else r.text)
            for r in left_out
        ]
        table(("minute", "why", "item", "resolution"), rows)
    if result.skipped_exempt:
        say(
            f"left out {result.skipped_exempt} resolved in exempt business (the tracker is "
            "public); add any that may be published by hand"
        )
    if result.skipped_unplaced:
        say(
            f"left out {result.skipped_unplaced} not plainly under a public item (the meeting "
            "had exempt business, and the tracker is public); add any that may be published "
            "by hand"
        )
    if not any(not r.left_out for r in result.found):
        say(f"{shown}: no recommendations or actions to track")
    elif result.added:
        say(f"{verb} {count(len(result.added), 'resolution')} to {source}")
    else:
        say(f"nothing new: {source} already has what {shown} resolved")


def new_year(rolled: RolledOver) -> None:
    import calendar as months

    done = rolled.done
    shown = ", ".join(d.isoformat() for d in done.dates)
    say(f"added {count(len(done.dates), 'meeting')} for {done.year} to {rolled.source}: {shown}")
    for title, day in done.placed:
        say(f"  recurring {title!r}: at the meeting on {day.isoformat()}")
    for title, month in done.unplaced:
        say(
            f"  recurring {title!r} is due in {months.month_name[month]}, but no new meeting is "
            "in that month: give it an item by hand",
            "yellow",
            err,
        )
    say(
        f"  carried on: {count(done.pending, 'pending topic')}, "
        f"{count(done.open_resolutions, 'open resolution')} (the tracker lists them)"
    )


def calendars(done: Calendars) -> None:
    """The feeds written, and the SEQUENCE numbers taken from older ones."""
    if done.imported:
        took = done.imported
        say(
            f"{took.memory}: took the SEQUENCE of {took.events} events from "
            f"{count(took.feeds, 'older feed')}"
        )
    for path in done.written:
        say(path)
