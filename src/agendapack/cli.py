"""The command line: parse arguments, call the library, print. Nothing else lives here."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from agendapack.errors import AgendapackError, Problem
from agendapack.layout import Layout
from agendapack.programme.load import LoadResult, load_workspace

if TYPE_CHECKING:
    from rich.progress import TaskID

app = typer.Typer(
    help="Build committee document packs, calendars and a website from work programmes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


P = ParamSpec("P")
R = TypeVar("R")


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """app.command, with a user's mistake (AgendapackError) printed as its lines, exit 1.
    Typed, so that every command keeps its signature for mypy."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def friendly(*call_args: P.args, **call_kwargs: P.kwargs) -> R:
            try:
                return function(*call_args, **call_kwargs)
            except AgendapackError as exc:
                for line in exc.lines:
                    err.print(line, markup=False, style="red")
                raise typer.Exit(1) from None
            except OSError as exc:  # a full disk, a folder that cannot be written
                # what was already written is not known here: no claim that nothing was
                err.print(_os_problem(exc), markup=False, style="red")
                raise typer.Exit(1) from None
            except KeyboardInterrupt:
                err.print("stopped", markup=False)
                raise typer.Exit(130) from None

        app.command(*args, **kwargs)(friendly)
        return friendly

    return decorate


def _print_version(value: bool) -> None:
    if value:
        from agendapack import __version__

        out.print(f"agendapack {__version__}", markup=False)
        raise typer.Exit()


def _os_problem(exc: OSError, outcome: str = "", workspace: Path | None = None) -> str:
    """One line for an OSError: the path, what the system said, what to do, what became of
    the outputs (`outcome`, when the caller knows)."""
    import errno
    import os

    where = "error"
    if exc.filename:
        path = Path(os.fsdecode(exc.filename))
        workspace = workspace or Path.cwd()  # the workspace, or where the command was run
        if path.is_relative_to(workspace):
            path = path.relative_to(workspace)
        where = f"{path.as_posix()}: error"
    advice = ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        advice = "; free some space and run it again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        advice = "; agendapack needs to write there"
    return f"{where}: {exc.strerror or exc}{advice}{'; ' + outcome if outcome else ''}"


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print agendapack's version and stop.",
        ),
    ] = False,
) -> None:
    """Build committee document packs, calendars and a website from work programmes."""


WorkspaceOption = Annotated[
    Path,
    typer.Option(
        "--workspace",
        "-w",
        help="The workspace folder (the one holding programme/).",
        file_okay=False,
    ),
]


def _print_problems(problems: list[Problem], console: Console) -> None:
    for problem in problems:
        style = "red" if problem.is_error else "yellow"
        console.print(str(problem), style=style, markup=False)


def _earlier(result: LoadResult) -> list[Problem]:
    """The warnings about meetings of earlier municipal years, which no one can change
    now: counted in one line rather than printed (`check --all` prints them)."""
    if result.workspace is None:
        return []
    from agendapack.programme.rules import earlier_year_warnings

    return earlier_year_warnings(result.workspace, result.problems)


def _print_earlier(count: int, console: Console) -> None:
    if count:
        console.print(
            f"{count:,} warning{'s' * (count != 1)} about meetings of earlier years not "
            "shown; `agendapack check --all` shows them",
            style="yellow",
            markup=False,
        )


def _load(workspace: Path, *, per_meeting: bool = False) -> LoadResult:
    """Load, print the problems, and stop with exit 1 when any is an error.

    With `per_meeting`, a problem that only stops one meeting's pack (a missing paper) is
    left for the build to report with that meeting, so the others are still built."""
    result = load_workspace(workspace)
    earlier = set(_earlier(result))
    shown = [p for p in result.problems if not (per_meeting and p.meeting) and p not in earlier]
    _print_problems(shown, err)
    _print_earlier(len(earlier), err)
    if any(p.is_error for p in shown) or result.workspace is None:
        raise typer.Exit(1)
    return result


def _load_for_report(workspace: Path) -> LoadResult:
    """Load for a report on where things stand: a missing paper is what the report is
    for, so problems are summed up in one line rather than stopping it."""
    result = load_workspace(workspace)
    if result.workspace is None:
        _print_problems(result.problems, err)
        raise typer.Exit(1)
    if result.errors:
        count = len(result.errors)
        err.print(
            f"{count} error{'s' * (count != 1)} in the programme; `agendapack check` lists them",
            style="yellow",
            markup=False,
        )
    return result


@command()
def check(
    workspace: WorkspaceOption = Path("."),
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    all_years: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Warnings about meetings of earlier municipal years too (by default "
            "counted in one line: no one can change them now).",
        ),
    ] = False,
) -> None:
    """Check every programme file and the documents it names."""
    result = load_workspace(workspace)
    earlier = set() if all_years else set(_earlier(result))
    _print_problems([p for p in result.problems if p not in earlier], out)
    _print_earlier(len(earlier), out)
    errors, warnings = len(result.errors), len(result.warnings) - len(earlier)
    failing = errors + (warnings if strict else 0)
    if result.workspace and not result.problems:
        meetings = sum(len(c.meetings) for c in result.workspace.committees)
        out.print(
            f"ok: {_count(len(result.workspace.committees), 'committee')}, "
            f"{_count(meetings, 'meeting')}, no problems"
        )
    else:
        out.print(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    if failing or result.workspace is None:
        raise typer.Exit(1)


class _Bar:
    """A rich progress bar on a terminal; nothing at all when output goes elsewhere."""

    def __init__(self, console: Console) -> None:
        self.progress = None
        if console.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=console,
                transient=True,
            )
        self.task: TaskID | None = None

    def __enter__(self) -> _Bar:
        if self.progress:
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


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise AgendapackError(
            Problem.error("", f"{value!r} is not a date; write it as 2024-03-28")
        ) from None


def _print_built(shown: str, result) -> None:
    """The closing line of a meeting's build, its warnings, and its draft supplement."""
    exempt = f", exempt pack {result.exempt_pages} pages" if result.exempt_pages else ""
    count = len(result.changed)
    changed = f"{count} file{'s' * (count != 1)} changed" if count else "none changed"
    out.print(
        f"{shown}/pack.pdf: {result.pages} pages, "
        f"{result.documents} document{'s' * (result.documents != 1)}, "
        f"{result.converted} converted, {result.cached} from the cache"
        f"{exempt}, {result.seconds:.1f} s, {changed}",
        markup=False,
    )
    for warning in result.warnings:
        out.print(warning, markup=False)
    if result.supplement:
        number, first, last = result.supplement
        out.print(
            f"{shown}/supplement-{number}.pdf: draft of supplementary agenda "
            f"{number}, pages {first} to {last}: the late and revised papers; "
            f"`agendapack publish {result.committee} {result.date}` publishes it",
            markup=False,
        )


@command()
def build(
    committee: Annotated[str | None, typer.Argument(help="Only this committee (its slug).")] = None,
    date: Annotated[str | None, typer.Argument(help="Only its meeting on this date.")] = None,
    workspace: WorkspaceOption = Path("."),
    force: Annotated[bool, typer.Option(help="Rebuild even when nothing has changed.")] = False,
) -> None:
    """Build the packs of every meeting with papers in packs/ (or the one named).

    A meeting that fails is reported and the others are still built (exit 1); one whose
    papers are not all in yet is skipped (exit 0) unless it was named."""
    import errno

    from agendapack.documents.convert import Converter, clean_workspace, conversion_likely
    from agendapack.pack.build import build_meeting
    from agendapack.pack.papers import NotReady, meetings_to_build
    from agendapack.write import EditionNotRestored, Interrupted

    layout = Layout(workspace.resolve())
    folder = layout.build
    early = conversion_likely(layout.root)
    if early:
        # what a killed run left, wherever it writes: LibreOffice's copies of papers, the
        # site's and the feeds' next files, the editions of record's staging
        clean_workspace(layout)
    failures: list[str] = []
    replaced: list[str] = []  # editions put in place, for a truthful message on Ctrl+C
    disk_full = False
    ws = None
    try:
        with (
            _Bar(err) as bar,
            Converter(layout.converted, on_done=bar.advance, build=folder) as converter,
        ):
            if early:  # LibreOffice starts while the programme is read and checked
                converter.prestart()
            loaded = _load(workspace, per_meeting=True)
            ws = loaded.workspace
            assert ws is not None
            day = _parse_date(date)
            if not early:
                clean_workspace(layout)
            chosen = list(meetings_to_build(ws, committee, day))
            for index, (each, meeting) in enumerate(chosen):
                name = f"{each.slug} {meeting.date.isoformat()}"
                shown = ws.relative(ws.layout.edition(each.slug, meeting.date))
                try:
                    last = index == len(chosen) - 1
                    result = build_meeting(
                        ws, each, meeting, converter, bar, force=force, last=last
                    )
                except NotReady as exc:
                    if day:
                        failures.extend(exc.lines)
                    else:
                        err.print(f"skipped {name}: it lacks what its items need:", markup=False)
                        for line in exc.lines:
                            err.print(f"  {line}", markup=False)
                    continue
                except AgendapackError as exc:
                    failures.extend(exc.lines)
                    continue
                except OSError as exc:
                    # build_meeting raises OSError only before the new edition is in place
                    outcome = f"{shown}/ was not replaced: its last good outputs are unchanged"
                    if not (ws.root / shown).is_dir():
                        outcome = f"nothing was written to {shown}/"
                    if isinstance(exc, EditionNotRestored):
                        outcome = ""
                    disk_full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
                    if disk_full:  # every later write would fail alike
                        outcome += "; the build stopped there"
                    failures.append(_os_problem(exc, outcome, ws.root))
                    if disk_full:
                        break
                    continue
                if result.changed:
                    replaced.append(shown)
                if result.up_to_date:
                    out.print(f"{shown}/: up to date, nothing written", markup=False)
                    continue
                _print_built(shown, result)
    except KeyboardInterrupt as exc:
        if isinstance(exc, Interrupted) and ws is not None:
            replaced.append(ws.relative(exc.replaced))
        _stopped(replaced, "the calendars and site were not updated")
    assert ws is not None  # loaded, or the command has stopped
    if not disk_full:
        from agendapack.site.refresh import refresh

        try:
            warnings: list[str] = []
            written = refresh(ws, _today(None), force=force, warnings=warnings)
            for line in warnings:
                err.print(line, markup=False, style="yellow")
        except OSError as exc:
            outcome = "build/calendars/ and build/site/ may be only partly updated"
            failures.append(_os_problem(exc, outcome, ws.root))
            written = None
        except KeyboardInterrupt:
            _stopped(replaced, "build/calendars/ and build/site/ may be only partly updated")
        for path in written or []:
            out.print(ws.relative(path), markup=False)
        if written == []:
            out.print("build/calendars/ and build/site/: up to date, nothing written", markup=False)
    if failures:
        for line in failures:
            err.print(line, markup=False, style="red")
        raise typer.Exit(1)


@command()
def publish(
    committee: Annotated[str, typer.Argument(help="The committee (its slug).")],
    date: Annotated[str, typer.Argument(help="The meeting's date, such as 2024-03-28.")],
    workspace: WorkspaceOption = Path("."),
    at: Annotated[
        str | None,
        typer.Option(
            help="The moment of publication to record, such as 2024-03-19T10:00 (the "
            "council's time unless an offset is given); by default now, or SOURCE_DATE_EPOCH."
        ),
    ] = None,
) -> None:
    """Publish the meeting's next edition: its pack, then a supplementary pack of what is
    late or revised. Builds it if needed and keeps it in published/, never rewritten, with
    the record of when it went out."""
    from agendapack.documents.convert import Converter, clean_workspace
    from agendapack.publish.editions import publication_time, publish_meeting

    # a problem that stops only another meeting's pack does not stop this one's
    ws = _load(workspace, per_meeting=True).workspace
    assert ws is not None
    day = _parse_date(date)
    assert day is not None
    (chosen,) = ws.choose(committee)
    meeting = chosen.meeting_on(day)
    if meeting is None:
        raise AgendapackError(Problem.error(chosen.source, f"no meeting on {day.isoformat()}"))
    moment = publication_time(at, ws.council.timezone)
    clean_workspace(ws.layout)
    with (
        _Bar(err) as bar,
        Converter(ws.layout.converted, on_done=bar.advance, build=ws.layout.build) as converter,
    ):
        done = publish_meeting(ws, chosen, meeting, converter, moment, bar)
    edition = done.edition
    timing = "on time" if edition.on_time else "LATE"
    out.print(
        f"{done.folder}/{edition.file}: pages {edition.first_page} to {edition.last_page}, "
        f"published {edition.published_at}, {timing} (publish by "
        f"{done.publish_by.isoformat()})",
        markup=False,
    )
    if edition.exempt_file:
        out.print(f"{done.folder}/{edition.exempt_file}: for members only", markup=False)
    from agendapack.site.refresh import refresh

    for path in refresh(ws, _today(None)):  # the site and feeds list the new edition
        out.print(ws.relative(path), markup=False)


def _stopped(replaced: list[str], rest: str) -> None:
    """Ctrl+C during a build: say which editions were put in place, then exit 130."""
    if replaced:
        done = ", ".join(f"{r}/" for r in replaced)
        err.print(
            f"stopped; replaced {done}; the other meetings are unchanged; {rest}", markup=False
        )
    else:
        err.print(f"stopped; no meeting's outputs were replaced; {rest}", markup=False)
    raise typer.Exit(130)


def _write_calendars(ws, previous: list[Path] | None = None) -> None:
    from agendapack.calendar.feeds import import_sequences, write_calendars
    from agendapack.calendar.memory import build_time

    now = build_time()
    if previous:
        raised = import_sequences(ws, previous)
        memory = ws.relative(ws.layout.calendar_memory)
        out.print(
            f"{memory}: took the SEQUENCE of {raised} events from {len(previous)} "
            f"older feed{'s' * (len(previous) != 1)}",
            markup=False,
        )
    for path in write_calendars(ws, now):
        out.print(f"{ws.relative(path)}", markup=False)


def _today(value: str | None) -> dt.date:
    """--today, else SOURCE_DATE_EPOCH's date (for reproducible sites), else today."""
    import os

    if value:
        return _parse_date(value) or dt.date.today()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def _write_site(ws, today: dt.date) -> None:
    from agendapack.site.site import write_site

    warnings: list[str] = []
    site = write_site(ws, today, warnings)
    for line in warnings:
        err.print(line, markup=False, style="yellow")
    out.print(f"{ws.relative(site)}/index.html", markup=False)


@command()
def site(
    workspace: WorkspaceOption = Path("."),
    today: Annotated[
        str | None,
        typer.Option(help="List meetings from this date as the next ones, not from today."),
    ] = None,
) -> None:
    """Write the static website into build/site/ from the built packs and feeds."""
    from agendapack.scratch import clean_leftovers

    ws = _load(workspace, per_meeting=True).workspace
    assert ws is not None
    for folder in ws.layout.scratch_folders:  # what a killed run left (no LibreOffice here)
        clean_leftovers(folder)
    _write_calendars(ws)
    _write_site(ws, _today(today))


class _WatchReport:
    """How `serve --watch` says what it rebuilt: the lines `check` and `build` print."""

    def changed(self, paths: list[str]) -> None:
        more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
        out.print(f"changed: {', '.join(paths[:3])}{more}", markup=False, style="bold")

    def problems(self, problems: list[Problem]) -> None:
        _print_problems(problems, err)
        if not problems:
            out.print("the programme has no problems", markup=False)

    def built(self, shown: str, result) -> None:
        _print_built(shown, result)

    def skipped(self, name: str, lines: list[str]) -> None:
        err.print(f"skipped {name}: it lacks what its items need:", markup=False)
        for line in lines:
            err.print(f"  {line}", markup=False)

    def failed(self, lines: list[str]) -> None:
        for line in lines:
            err.print(line, markup=False, style="red")

    def kept(self, reason: str) -> None:
        err.print(
            f"{reason}: nothing was rebuilt; the last good outputs are still served",
            markup=False,
            style="red",
        )

    def refreshed(self, paths: list[str]) -> None:
        for path in paths:
            out.print(path, markup=False)


@command()
def serve(
    workspace: WorkspaceOption = Path("."),
    port: Annotated[
        int, typer.Option(help="The port on 127.0.0.1, 1 to 65535.", min=1, max=65535)
    ] = 8000,
    watch: Annotated[
        bool,
        typer.Option(
            help="Build first, then rebuild packs, calendars and the site as programme files "
            "and papers are saved; open pages reload themselves."
        ),
    ] = False,
) -> None:
    """Serve build/site/ on 127.0.0.1 to preview it (Ctrl+C stops)."""
    from agendapack.site.serve import make_server

    layout = Layout(workspace.resolve())
    site_folder = layout.site
    if not watch and not (site_folder / "index.html").is_file():
        raise AgendapackError(
            Problem.error(
                site_folder,
                "there is no site yet; run "
                "`agendapack build` or `agendapack site` first, or `agendapack serve --watch`",
            )
        )
    if watch and not layout.programme.is_dir():
        _load(workspace)  # says it is not a workspace, and stops
    rebuilds = None
    if watch:
        from agendapack.site.serve import Rebuilds

        rebuilds = Rebuilds()
    try:
        server = make_server(site_folder, port, rebuilds)
    except OSError as exc:
        raise AgendapackError(
            Problem.error(
                "", f"cannot listen on 127.0.0.1:{port}: {exc.strerror}; choose another --port"
            )
        ) from None
    address = f"http://127.0.0.1:{port}/"
    try:
        with server:
            if rebuilds is None:
                out.print(f"Serving {site_folder} at {address} (Ctrl+C stops)", markup=False)
                server.serve_forever()
            else:
                _watch(layout, server, rebuilds, address)
    except KeyboardInterrupt:
        if watch:
            out.print("stopped: LibreOffice and its files are gone", markup=False)


def _watch(layout: Layout, server, rebuilds, address: str) -> None:
    """Build, serve, and rebuild on every save until Ctrl+C; LibreOffice is stopped and its
    files removed however it ends."""
    import io
    import sys
    import threading

    from agendapack.documents.convert import Converter, clean_workspace
    from agendapack.officer.watch import Watcher

    for stream in (sys.stdout, sys.stderr):  # each line as it happens, into a log file too
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(line_buffering=True)
    clean_workspace(layout)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    try:
        # one worker: a save is one document, and the other core stays the officer's
        with Converter(layout.converted, workers=1, build=layout.build) as converter:
            watcher = Watcher(
                layout.root, converter, _WatchReport(), rebuilds, lambda: _today(None)
            )
            converter.prestart()  # LibreOffice starts while the programme is read
            watcher.rebuild()
            thread.start()
            out.print(
                f"Serving {layout.site} at {address}; watching programme/, packs/ and "
                "templates/ (Ctrl+C stops)",
                markup=False,
            )
            watcher.run()
    finally:
        rebuilds.close()
        if thread.is_alive():
            server.shutdown()


@command()
def calendar(
    workspace: WorkspaceOption = Path("."),
    previous: Annotated[
        list[Path] | None,
        typer.Option(
            help="Once, when moving to agendapack's memory: an older feed (an .ics, or a "
            "folder of them) whose SEQUENCE numbers published/calendars/state.json takes, so "
            "that no event's SEQUENCE goes down. Repeatable."
        ),
    ] = None,
) -> None:
    """Write the meeting feeds and the deadlines feed into build/calendars/."""
    from agendapack.scratch import clean_leftovers

    ws = _load(workspace, per_meeting=True).workspace
    assert ws is not None
    for folder in ws.layout.scratch_folders:  # what a killed run left (no LibreOffice here)
        clean_leftovers(folder)
    _write_calendars(ws, previous)


@command()
def deadlines(
    committee: Annotated[str | None, typer.Argument(help="Only this committee.")] = None,
    workspace: WorkspaceOption = Path("."),
    all_meetings: Annotated[bool, typer.Option("--all", help="Past meetings too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    today: Annotated[str | None, typer.Option(help="Count from this date, not today.")] = None,
) -> None:
    """Report deadlines and publish-by dates of upcoming meetings, and their packs."""
    import json

    from agendapack.officer.status import meeting_deadline_rows

    ws = _load_for_report(workspace).workspace
    assert ws is not None
    day = _parse_date(today) or dt.date.today()
    rows = meeting_deadline_rows(ws, committee, day, include_past=all_meetings)
    if as_json:
        out.print(json.dumps([r.as_json() for r in rows], indent=2), markup=False)
        return
    from rich.table import Table

    table = Table(
        "Committee",
        "Meeting",
        "Reports due",
        "Publish by",
        "Days left",
        "Pack",
        "Published",
        box=None,
        header_style="bold",
    )
    for row in rows:
        left = str(row.days_left)
        style = "red" if row.days_left < 0 else ""
        table.add_row(
            row.committee,
            row.date.isoformat(),
            row.report_deadline.isoformat(),
            row.publish_by.isoformat(),
            f"[{style}]{left}[/]" if style else left,
            row.pack_state,
            row.publication,
        )
    if not rows:
        out.print("No upcoming meetings.")
    else:
        out.print(table)


@command()
def programme(
    committee: Annotated[str, typer.Argument(help="The committee (its slug).")],
    workspace: WorkspaceOption = Path("."),
) -> None:
    """Write the committee's work programme table alone (DOCX and PDF) for circulation."""
    from agendapack.pack.build import write_work_programme

    ws = _load(workspace, per_meeting=True).workspace
    assert ws is not None
    for path in write_work_programme(ws, committee):
        out.print(ws.relative(path), markup=False)


@command()
def init(
    folder: Annotated[
        Path | None,
        typer.Argument(help="The folder to make the workspace in (made if need be)."),
    ] = None,
    workspace: WorkspaceOption = Path("."),
    council: Annotated[str | None, typer.Option(help="The council's name.")] = None,
    committee: Annotated[str | None, typer.Option(help="The first committee's name.")] = None,
) -> None:
    """Start a new workspace in DIR (or --workspace, or here): council.toml, one committee
    with one meeting and a report, packs/, a .gitignore for build/ and a README."""
    from agendapack.officer.init import DEFAULT_COMMITTEE, DEFAULT_COUNCIL, init_workspace

    folder = folder or workspace

    # a name given empty is refused (init_workspace says so), not quietly the example's
    made = init_workspace(
        folder,
        DEFAULT_COUNCIL if council is None else council,
        DEFAULT_COMMITTEE if committee is None else committee,
    )
    for path in made.written:
        out.print(f"wrote {path.relative_to(made.root).as_posix()}", markup=False)
    shown = "" if made.root == Path.cwd() else f" --workspace {folder}"
    out.print(
        f"next: edit programme/council.toml and programme/{made.committee}.toml, then "
        f"`agendapack check{shown}` and `agendapack serve --watch{shown}`",
        markup=False,
    )


@command("new-year")
def new_year(
    committee: Annotated[str, typer.Argument(help="The committee (its slug).")],
    year: Annotated[str, typer.Argument(help='The next municipal year, such as "2024/25".')],
    workspace: WorkspaceOption = Path("."),
    dates: Annotated[
        str | None,
        typer.Option(
            help="The new year's meeting dates, 2024-06-27,2024-09-26,...; by default this "
            "year's, each on the same weekday of its week of the month."
        ),
    ] = None,
) -> None:
    """Add next year's meetings to the committee's programme, with its recurring topics in
    the meetings of their months; pending topics and open resolutions carry on."""
    import calendar as months

    from agendapack.officer.newyear import roll_over

    ws = _load(workspace, per_meeting=True).workspace
    assert ws is not None
    (chosen,) = ws.choose(committee)
    days: list[dt.date] | None = None
    if dates is not None:
        days = [d for d in (_parse_date(d.strip()) for d in dates.split(",") if d.strip()) if d]
    done = roll_over(ws, chosen, year, days)
    shown = ", ".join(d.isoformat() for d in done.dates)
    out.print(
        f"added {len(done.dates)} meeting{'s' * (len(done.dates) != 1)} for {done.year} to "
        f"{chosen.source}: {shown}",
        markup=False,
    )
    for title, day in done.placed:
        out.print(f"  recurring {title!r}: at the meeting on {day.isoformat()}", markup=False)
    for title, month in done.unplaced:
        err.print(
            f"  recurring {title!r} is due in {months.month_name[month]}, but no new meeting is "
            "in that month: give it an item by hand",
            markup=False,
            style="yellow",
        )
    out.print(
        f"  carried on: {done.pending} pending topic{'s' * (done.pending != 1)}, "
        f"{done.open_resolutions} open resolution{'s' * (done.open_resolutions != 1)} "
        "(the tracker lists them)",
        markup=False,
    )


@command("init-templates")
def init_templates(
    workspace: WorkspaceOption = Path("."),
    force: Annotated[bool, typer.Option(help="Overwrite templates already there.")] = False,
) -> None:
    """Copy agendapack's Word and site templates into templates/ for the council to restyle."""
    from agendapack.pack.render import copy_templates

    root = workspace.resolve()
    copied, kept = copy_templates(root, force=force)
    for path in copied:
        out.print(f"wrote {path.relative_to(root).as_posix()}", markup=False)
    for path in kept:
        shown = path.relative_to(root).as_posix()
        out.print(f"kept {shown} (already there; --force to replace)", markup=False)


@command()
def status(
    committee: Annotated[str | None, typer.Argument(help="Only this committee.")] = None,
    workspace: WorkspaceOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    today: Annotated[str | None, typer.Option(help="Count from this date, not today.")] = None,
) -> None:
    """What each upcoming meeting still needs; exit 1 if a paper is missing after its due
    date, or the pack is not published by its publish-by date."""
    import json

    from agendapack.officer.status import meeting_status

    loaded = _load_for_report(workspace)
    ws = loaded.workspace
    assert ws is not None
    # A programme file that cannot be read leaves its committee out of the report: that
    # must not pass for "nothing to chase" in a cron job.
    unreadable = [p for p in loaded.errors if p.meeting is None]
    meetings = meeting_status(ws, committee, _parse_date(today) or dt.date.today())
    if as_json:
        out.print(json.dumps([m.as_json() for m in meetings], indent=2), markup=False)
    for meeting in [] if as_json else meetings:
        row = meeting.deadlines
        out.print(
            f"{row.committee} {row.date.isoformat()}: pack {row.pack_state}, "
            + row.publication_text,
            style="bold",
            markup=False,
        )
        for label, day, left in (
            ("reports due", row.report_deadline, meeting.report_days_left),
            ("publish by", row.publish_by, row.days_left),
        ):
            style = "red" if left < 0 else ""
            days = f"{abs(left)} working day{'s' * (abs(left) != 1)}"
            when = f"{days} ago" if left < 0 else f"{days} left"
            out.print(f"  {label} {day.isoformat()} ({when})", style=style, markup=False)
        for document in meeting.documents:
            style = (
                "red"
                if document.state == "missing"
                else ("yellow" if document.state != "present" else "")
            )
            out.print(
                f"  {document.state:>24}  {document.file}  ({document.item})",
                style=style,
                markup=False,
            )
    if not meetings and not as_json:
        out.print("No upcoming meetings.")
    for meeting in meetings:
        row = meeting.deadlines
        if row.publication == "damaged":
            err.print(
                f"error: {row.committee} {row.date.isoformat()}: its editions of record in "
                "published/ are not as they were published; `agendapack check` says what "
                "differs and how to restore them",
                style="red",
                markup=False,
            )
        if row.unpublished_past_deadline:
            err.print(
                f"error: {row.committee} {row.date.isoformat()}: the pack was due to be "
                f"published by {row.publish_by.isoformat()} and has not been; "
                f"run `agendapack publish {row.committee} {row.date.isoformat()}`",
                style="red",
                markup=False,
            )
    _print_problems(unreadable, err)
    if unreadable or any(
        m.overdue_missing
        or m.deadlines.unpublished_past_deadline
        or m.deadlines.publication == "damaged"
        for m in meetings
    ):
        raise typer.Exit(1)


@command("new-report")
def new_report_command(
    committee: Annotated[str, typer.Argument(help="The committee (its slug).")],
    date: Annotated[str, typer.Argument(help="The meeting's date, such as 2024-03-28.")],
    title: Annotated[str, typer.Argument(help="The report's title, as the agenda shows it.")],
    workspace: WorkspaceOption = Path("."),
    subtitle: Annotated[str, typer.Option(help='Such as "Report of the Director".')] = "",
    author: Annotated[str, typer.Option(help="The contact named in section 8.")] = "",
    role: Annotated[str, typer.Option(help="The author's job title.")] = "",
    email: Annotated[str, typer.Option(help="The author's email address.")] = "",
) -> None:
    """Start a cover report from templates/report.docx and add its item to the programme."""
    from agendapack.officer.report import new_report

    ws = _load(workspace, per_meeting=True).workspace
    assert ws is not None
    (found,) = ws.choose(committee)
    day = _parse_date(date)
    assert day is not None
    made = new_report(
        ws, found, day, title, subtitle=subtitle, author=author, role=role, email=email
    )
    out.print(f"wrote {ws.relative(made.path)}", markup=False)
    if made.added_item:
        out.print(f"added the item {title!r} to {found.source}", markup=False)
    else:
        out.print(f"attached it to the item {title!r} in {found.source}", markup=False)


@command()
def minutes(
    committee: Annotated[str, typer.Argument(help="The committee (its slug).")],
    date: Annotated[str, typer.Argument(help="The meeting's date, such as 2024-03-28.")],
    workspace: WorkspaceOption = Path("."),
    force: Annotated[bool, typer.Option(help="Replace minutes already there.")] = False,
) -> None:
    """Start the meeting's minutes from templates/minutes.docx, its items under their
    minute numbers; exempt items go to minutes-exempt.docx."""
    from agendapack.minutes.skeleton import write_minutes

    ws = _load(workspace, per_meeting=True).workspace
    assert ws is not None
    (found,) = ws.choose(committee)
    day = _parse_date(date)
    assert day is not None
    written = write_minutes(ws, found, day, force=force)
    for path in written.paths:
        out.print(f"wrote {ws.relative(path)}", markup=False)
    out.print(f"minutes {written.first} to {written.last}", markup=False)


@command()
def resolutions(
    committee: Annotated[str, typer.Argument(help="The committee (its slug).")],
    date: Annotated[str, typer.Argument(help="The meeting's date, such as 2024-03-28.")],
    file: Annotated[
        Path | None,
        typer.Argument(
            help="The minutes (.docx, .pdf or .txt); default: minutes.docx or minutes.pdf "
            "in the meeting's folder.",
            dir_okay=False,
        ),
    ] = None,
    workspace: WorkspaceOption = Path("."),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be added; change nothing.")
    ] = False,
) -> None:
    """Add what the meeting resolved, read from its minutes, to the programme file, where
    the tracker of later meetings shows it."""
    from agendapack.minutes.resolutions import import_resolutions

    ws = _load(workspace, per_meeting=True).workspace
    assert ws is not None
    (found,) = ws.choose(committee)
    day = _parse_date(date)
    assert day is not None
    result = import_resolutions(ws, found, day, file.resolve() if file else None, dry_run=dry_run)
    verb = "would add" if dry_run else "added"
    shown = ws.relative(result.minutes)
    if result.added:
        out.print(f"{verb}:", markup=False)
        rows = [(r.minute, r.kind, r.item, r.text) for r in result.added]
        _print_table(("minute", "kind", "item", "resolution"), rows)
    left_out = [r for r in result.found if r.left_out]
    if left_out:
        out.print("left out:", markup=False)
        # what was or may have been resolved in exempt business is not printed: terminals
        # are logged, and a heading that names no public item may be the exempt one's
        rows = [
            (r.minute, r.left_out, r.item, "(not shown)" if r.exempt or r.withheld else r.text)
            for r in left_out
        ]
        _print_table(("minute", "why", "item", "resolution"), rows)
    if result.skipped_exempt:
        out.print(
            f"left out {result.skipped_exempt} resolved in exempt business (the tracker is "
            "public); add any that may be published by hand",
            markup=False,
        )
    if result.skipped_unplaced:
        out.print(
            f"left out {result.skipped_unplaced} not plainly under a public item (the meeting "
            "had exempt business, and the tracker is public); add any that may be published "
            "by hand",
            markup=False,
        )
    if not any(not r.left_out for r in result.found):
        out.print(f"{shown}: no recommendations or actions to track", markup=False)
    elif result.added:
        count = len(result.added)
        out.print(f"{verb} {count} resolution{'s' * (count != 1)} to {found.source}", markup=False)
    else:
        out.print(f"nothing new: {found.source} already has what {shown} resolved", markup=False)


def _print_table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    """Columns an officer can check by eye; the last runs on unwrapped, so that a line
    is one resolution whatever the terminal's width."""
    width = [max(len(h), *(len(r[n]) for r in rows)) for n, h in enumerate(headers[:-1])]
    for cells in (headers, *rows):
        padded = [cell.ljust(w) for cell, w in zip(cells, width, strict=False)]
        out.print("  " + "  ".join([*padded, cells[-1]]), markup=False)


def _terminated(signum: int, frame: object) -> None:
    # `timeout`, systemd and a cancelled CI job stop a build with SIGTERM: it is put
    # right like Ctrl+C (LibreOffice stopped, temporary files removed, a truthful
    # message), not left to die with LibreOffice still running on copies of the papers.
    raise KeyboardInterrupt


def main() -> None:
    """The console script: a user's mistake becomes its lines and exit code 1."""
    import signal

    signal.signal(signal.SIGTERM, _terminated)
    try:
        app()
    except AgendapackError as exc:
        for line in exc.lines:
            err.print(line, markup=False)
        raise SystemExit(1) from None
