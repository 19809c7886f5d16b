"""The real command in a process of its own, as a user's terminal runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def agendapack(*args: str, root: Path) -> subprocess.CompletedProcess[str]:
    """`agendapack ARGS --workspace ROOT` with every Python warning shown: what a user's
    terminal would get, and more. But one: typer's own import of a click function that
    click deprecates, which is typer's to mend and no user ever sees (a
    DeprecationWarning outside __main__ is hidden by default)."""
    env = dict(os.environ, PYTHONWARNINGS="always,ignore::DeprecationWarning:typer")
    return subprocess.run(
        [sys.executable, "-m", "agendapack", *args, "--workspace", str(root)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
