"""`agendapack check`: every programme file and the documents it names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agendapack.commands.common import earlier, remembering
from agendapack.errors import Problem
from agendapack.programme.load import load_workspace


@dataclass(frozen=True)
class Checked:
    problems: list[Problem]  # in the order found, those about earlier years left out
    earlier: int  # warnings about meetings of earlier municipal years, counted, not shown
    errors: int
    warnings: int
    loaded: bool  # False when the folder is not a workspace
    committees: int
    meetings: int
    failing: bool  # exit 1: an error, a warning under --strict, or no workspace


@remembering
def check(folder: Path, *, strict: bool = False, all_years: bool = False) -> Checked:
    result = load_workspace(folder)
    left_out = set() if all_years else set(earlier(result))
    errors, warnings = len(result.errors), len(result.warnings) - len(left_out)
    workspace = result.workspace
    return Checked(
        problems=[p for p in result.problems if p not in left_out],
        earlier=len(left_out),
        errors=errors,
        warnings=warnings,
        loaded=workspace is not None,
        committees=len(workspace.committees) if workspace else 0,
        meetings=sum(len(c.meetings) for c in workspace.committees) if workspace else 0,
        failing=bool(errors + (warnings if strict else 0)) or workspace is None,
    )
