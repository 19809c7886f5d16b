"""The command line: parse the arguments, call one command, render what it reports and
returns (`terminal.py`). The work and its policy live in `commands/`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from agendapack import terminal
from agendapack.commands.common import os_problem
from agendapack.commands.reporter import Refused, Stopped
from agendapack.errors import AgendapackError
from agendapack.terminal import Terminal, Watching, count, err, out, problems, say, stopped

app = typer.Typer(
    help="Build committee document packs, calendars and a website from work programmes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

P = ParamSpec("P")
R = TypeVar("R")


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """app.command, with how a command ends turned into its exit status: a user's mistake
    (AgendapackError) printed as its lines, exit 1; a refusal already reported, exit 1; a
    Ctrl+C, exit 130. Typed, so that every command keeps its signature for mypy."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def friendly(*call_args: P.args, **call_kwargs: P.kwargs) -> R:
            try:
                return function(*call_args, **call_kwargs)
            except AgendapackError as exc:
                problems(exc.problems)
                raise typer.Exit(1) from None
            except Refused:
                raise typer.Exit(1) from None
            except Stopped as exc:
                stopped(exc.replaced, exc.rest)
                raise typer.Exit(130) from None
            except OSError as exc:  # a full disk, a folder that cannot be written
                # what was already written is not known here: no claim that nothing was
                problems([os_problem(exc)])
                raise typer.Exit(1) from None
            except KeyboardInterrupt:
                say("stopped", console=err)
                raise typer.Exit(130) from None

        app.command(*args, **kwargs)(friendly)
        return friendly

    return decorate


def _print_version(value: bool) -> None:
    if value:
        from agendapack import __version__

        say(f"agendapack {__version__}")
        raise typer.Exit()


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
    from agendapack.commands.check import check as run

    done = run(workspace, strict=strict, all_years=all_years)
    problems(done.problems, out)
    from agendapack.terminal import earlier

    earlier(done.earlier, out)
    if done.loaded and not done.problems:
        say(
            f"ok: {count(done.committees, 'committee')}, "
            f"{count(done.meetings, 'meeting')}, no problems"
        )
    else:
        say(f"{count(done.errors, 'error')}, {count(done.warnings, 'warning')}")
    if done.failing:
        raise typer.Exit(1)


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
    from agendapack.commands.build import build as run

    with Terminal() as terminal:
        failures = run(workspace, terminal, committee=committee, date=date, force=force)
    if failures:
        problems(failures)
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
    from agendapack.commands.publish import publish as run

    with Terminal() as terminal:
        published = run(workspace, terminal, committee=committee, date=date, at=at)
    done, edition = published.done, published.done.edition
    timing = "on time" if edition.on_time else "LATE"
    say(
        f"{done.folder}/{edition.file}: pages {edition.first_page} to {edition.last_page}, "
        f"published {edition.published_at}, {timing} (publish by "
        f"{done.publish_by.isoformat()})"
    )
    if edition.exempt_file:
        say(f"{done.folder}/{edition.exempt_file}: for members only")
    for path in published.written:
        say(path)


@command()
def site(
    workspace: WorkspaceOption = Path("."),
    today: Annotated[
        str | None,
        typer.Option(help="List meetings from this date as the next ones, not from today."),
    ] = None,
) -> None:
    """Write the static website into build/site/ from the built packs and feeds."""
    from agendapack.commands.site import site as run

    done = run(workspace, Terminal(), day=today)
    terminal.calendars(done.calendars)
    problems(done.warnings)
    say(done.index)


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
    from agendapack.commands.serve import serve as run

    try:
        with Watching() as terminal:
            run(workspace, terminal, port=port, watch=watch)
    except KeyboardInterrupt:
        if watch:
            say("stopped: LibreOffice and its files are gone")


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
    from agendapack.commands.calendar import calendar as run

    terminal.calendars(run(workspace, Terminal(), previous))


@command()
def deadlines(
    committee: Annotated[str | None, typer.Argument(help="Only this committee.")] = None,
    workspace: WorkspaceOption = Path("."),
    all_meetings: Annotated[bool, typer.Option("--all", help="Past meetings too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    today: Annotated[str | None, typer.Option(help="Count from this date, not today.")] = None,
) -> None:
    """Report deadlines and publish-by dates of upcoming meetings, and their packs."""

    from agendapack.commands.deadlines import deadlines as run

    done = run(workspace, Terminal(), committee=committee, day=today, include_past=all_meetings)
    terminal.deadlines(done, as_json)


@command()
def programme(
    committee: Annotated[str, typer.Argument(help="The committee (its slug).")],
    workspace: WorkspaceOption = Path("."),
) -> None:
    """Write the committee's work programme table alone (DOCX and PDF) for circulation."""
    from agendapack.commands.programme import programme as run

    for path in run(workspace, Terminal(), committee=committee):
        say(path)


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
    from agendapack.commands.init import init as run

    folder = folder or workspace
    made = run(folder, council=council, committee=committee)
    for path in made.written:
        say(f"wrote {path.relative_to(made.root).as_posix()}")
    shown = "" if made.root == Path.cwd() else f" --workspace {folder}"
    say(
        f"next: edit programme/council.toml and programme/{made.committee}.toml, then "
        f"`agendapack check{shown}` and `agendapack serve --watch{shown}`"
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

    from agendapack.commands.new_year import new_year as run

    rolled = run(workspace, Terminal(), committee=committee, year=year, dates=dates)
    terminal.new_year(rolled)


@command("init-templates")
def init_templates(
    workspace: WorkspaceOption = Path("."),
    force: Annotated[bool, typer.Option(help="Overwrite templates already there.")] = False,
) -> None:
    """Copy agendapack's Word and site templates into templates/ for the council to restyle."""
    from agendapack.commands.templates import init_templates as run

    done = run(workspace, force=force)
    for shown in done.copied:
        say(f"wrote {shown}")
    for shown in done.kept:
        say(f"kept {shown} (already there; --force to replace)")


@command()
def status(
    committee: Annotated[str | None, typer.Argument(help="Only this committee.")] = None,
    workspace: WorkspaceOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    today: Annotated[str | None, typer.Option(help="Count from this date, not today.")] = None,
) -> None:
    """What each upcoming meeting still needs; exit 1 if a paper is missing after its due
    date, or the pack is not published by its publish-by date."""

    from agendapack.commands.status import status as run

    done = run(workspace, Terminal(), committee=committee, day=today)
    terminal.status(done, as_json)
    if done.failing:
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
    from agendapack.commands.new_report import new_report as run

    made = run(
        workspace,
        Terminal(),
        committee=committee,
        date=date,
        title=title,
        subtitle=subtitle,
        author=author,
        role=role,
        email=email,
    )
    say(f"wrote {made.path}")
    if made.added_item:
        say(f"added the item {title!r} to {made.source}")
    else:
        say(f"attached it to the item {title!r} in {made.source}")


@command()
def minutes(
    committee: Annotated[str, typer.Argument(help="The committee (its slug).")],
    date: Annotated[str, typer.Argument(help="The meeting's date, such as 2024-03-28.")],
    workspace: WorkspaceOption = Path("."),
    force: Annotated[bool, typer.Option(help="Replace minutes already there.")] = False,
) -> None:
    """Start the meeting's minutes from templates/minutes.docx, its items under their
    minute numbers; exempt items go to minutes-exempt.docx."""
    from agendapack.commands.minutes import minutes as run

    written = run(workspace, Terminal(), committee=committee, date=date, force=force)
    for path in written.written:
        say(f"wrote {path}")
    say(f"minutes {written.first} to {written.last}")


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
    from agendapack.commands.resolutions import resolutions as run

    done = run(workspace, Terminal(), committee=committee, date=date, file=file, dry_run=dry_run)
    terminal.resolutions(done, dry_run)


def _terminated(signum: int, frame: object) -> None:
    # `timeout`, systemd and a cancelled CI job stop a build with SIGTERM: it is put
    # right like Ctrl+C (LibreOffice stopped, temporary files removed, a truthful
    # message), not left to die with LibreOffice still running on copies of the papers.
    raise KeyboardInterrupt


def main() -> None:
    """The console script: a user's mistake is exit 1, a stopped command exit 130."""
    import os
    import signal
    import sys

    signal.signal(signal.SIGTERM, _terminated)
    try:
        app()
    except AgendapackError as exc:
        for line in exc.lines:
            err.print(line, markup=False)
        raise SystemExit(1) from None
    except KeyboardInterrupt:  # one that came after a command had put its stop right
        pass
    except SystemExit as exc:
        if exc.code != 130:
            raise
    else:
        return
    # Stopped, and put right (LibreOffice stopped, its files removed): ended here, not in
    # the interpreter's shutdown, where exit 130 became death by SIGINT in CI under load.
    for number in (signal.SIGINT, signal.SIGTERM):  # a second one changes nothing now
        signal.signal(number, signal.SIG_IGN)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(130)
