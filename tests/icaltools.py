"""Reading feeds back with ical.js, Thunderbird's parser, run under node."""

from __future__ import annotations

import json
import subprocess
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
