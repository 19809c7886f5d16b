"""Clean after a kill: what a run killed while it wrote the site (kill -9, a power cut)
left is removed by the next build, build/site/ included, even while the killed process is
a zombie its parent has not reaped."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from agendapack.cli import app

# `agendapack site`, killed by SIGKILL at the moment its staged pages would be renamed
# into place: every page and feed of the site is left as a hidden .tmp file
KILLED_SITE = """
import os, signal, sys
import agendapack.site.site as site

class Killed(site.Staging):
    def commit(self):
        os.kill(os.getpid(), signal.SIGKILL)

site.Staging = Killed
from agendapack.cli import main
sys.argv = ["agendapack", "site", "--workspace", sys.argv[1]]
main()
"""


def _state(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return ""
    return stat[stat.rfind(b")") + 2 :][:1].decode()


def _leftovers(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.name.endswith(".tmp") or ".staging" in p.name
    )


def test_the_next_build_removes_what_a_killed_site_write_left(ws):
    ws.committee('\n[[meeting]]\ndate = 2024-03-28\n\n[[meeting.item]]\ntitle = "A report"\n')
    first = CliRunner().invoke(app, ["build", "--workspace", str(ws.root)])
    assert first.exit_code == 0, first.output
    killed = subprocess.Popen([sys.executable, "-c", KILLED_SITE, str(ws.root)])
    try:
        deadline = time.monotonic() + 60
        while _state(killed.pid) != "Z" and time.monotonic() < deadline:
            time.sleep(0.05)  # killed, not reaped: a zombie, as under a script that goes on
        assert _state(killed.pid) == "Z"
        left = _leftovers(ws.root)
        assert f"build/site/.index.html.{killed.pid}.tmp" in left
        assert f"build/site/cyp/.feed.atom.{killed.pid}.tmp" in left
        # and what a run killed elsewhere leaves: the calendars' memory, a programme edit
        memory = ws.root / f"published/calendars/.state.json.{killed.pid}.tmp"
        memory.parent.mkdir(parents=True, exist_ok=True)
        memory.write_text("{")
        edit = ws.root / f"programme/.cyp.toml.{killed.pid}.tmp"
        edit.write_text("half")
        mine = ws.root / f"build/site/.index.html.{os.getpid()}.tmp"  # a live run's
        mine.write_text("still being written")

        again = CliRunner().invoke(app, ["build", "--workspace", str(ws.root)])
        assert again.exit_code == 0, again.output
        assert _leftovers(ws.root) == [f"build/site/.index.html.{os.getpid()}.tmp"]
        assert (ws.root / "build/site/index.html").is_file()
    finally:
        killed.wait()
