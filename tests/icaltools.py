"""Reading feeds back with parsers agendapack does not write with: ical.js (Thunderbird's,
run under node) and libical (Debian's libical3, Evolution's, through a small C program)."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_ics(path: Path) -> dict:
    """The calendar's name and its events (uid, summary, status, sequence, UTC instants)."""
    out = subprocess.run(
        ["node", str(ROOT / "tests/js/read_ics.mjs"), str(path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(out)


@functools.cache
def _libical_checker() -> Path:
    """tests/c/ical_check.c compiled against libical (libical-dev, in DEBS_TEST)."""
    folder = Path(tempfile.mkdtemp(prefix="agendapack-libical-"))
    program = folder / "ical_check"
    flags = subprocess.run(
        ["pkg-config", "--cflags", "--libs", "libical"], check=True, capture_output=True, text=True
    ).stdout.split()
    subprocess.run(
        ["gcc", "-Wall", "-Werror", "-o", str(program), str(ROOT / "tests/c/ical_check.c"), *flags],
        check=True,
    )
    return program


def libical_errors(*paths: Path) -> list[str]:
    """Every error libical reports in the files, its iTIP restrictions included (METHOD:
    PUBLISH wants ORGANIZER, DTSTAMP, ...): an empty list when it reads them cleanly."""
    assert shutil.which("gcc"), "gcc is needed to build the libical checker"
    result = subprocess.run(
        [str(_libical_checker()), *map(str, paths)], capture_output=True, text=True
    )
    lines = result.stdout.splitlines()
    errors = [line for line in lines if not line.endswith(" events")]
    assert (result.returncode != 0) == bool(errors), result
    return errors


def libical_starts(path: Path) -> dict[str, str]:
    """Each event's start as libical works it out from the file's own VTIMEZONE, by UID,
    in UTC ("20240328T093000Z")."""
    result = subprocess.run(
        [str(_libical_checker()), "--times", str(path)], capture_output=True, text=True
    )
    pairs = (line.split(" ") for line in result.stdout.splitlines() if not line.endswith(" events"))
    return {uid: start for uid, start in pairs}
