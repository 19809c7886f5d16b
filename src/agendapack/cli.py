"""The command line: parse arguments, call the library, print. Nothing else lives here."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from agendapack.errors import AgendapackError, Problem
from agendapack.programme.load import LoadResult, load_workspace

app = typer.Typer(
    help="Build committee document packs, calendars and a website from work programmes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@app.callback()
def _main() -> None:
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


def _load(workspace: Path, strict: bool = False) -> LoadResult:
    """Load, print the problems, and stop with exit 1 when any is an error (or a warning,
    with --strict)."""
    result = load_workspace(workspace)
    failing = result.problems if strict else result.errors
    _print_problems(result.problems, err)
    if failing or result.workspace is None:
        raise typer.Exit(1)
    return result


@app.command()
def check(
    workspace: WorkspaceOption = Path("."),
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
) -> None:
    """Check every programme file and the documents it names."""
    result = load_workspace(workspace)
    _print_problems(result.problems, out)
    errors, warnings = len(result.errors), len(result.warnings)
    failing = errors + (warnings if strict else 0)
    if result.workspace and not result.problems:
        meetings = sum(len(c.meetings) for c in result.workspace.committees)
        out.print(
            f"ok: {len(result.workspace.committees)} committees, {meetings} meetings, no problems"
        )
    else:
        out.print(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    if failing or result.workspace is None:
        raise typer.Exit(1)


def main() -> None:
    """The console script: a user's mistake becomes its lines and exit code 1."""
    try:
        app()
    except AgendapackError as exc:
        for line in exc.lines:
            err.print(line, markup=False)
        raise SystemExit(1) from None
