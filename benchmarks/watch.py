"""Benchmark: a saved report to its new pack, with `serve --watch` running, against a build.

Run: .venv/bin/python benchmarks/watch.py   (needs LibreOffice: `make run` installs it).
On a copy of the example workspace, built once, it starts `agendapack serve --watch`, then
5 times saves a changed cover report (a paragraph added, written whole and renamed into
place, as Word saves) and measures the time from the save to the new pack.pdf in place
(the manifest recording the new document's hash). Then, with the watcher stopped, the same
change 5 times timed as `agendapack build cyp-scrutiny 2024-03-28`. It prints the medians
and worsts and their ratio. Timing is reported, never asserted: this is not a test.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
AGENDAPACK = [sys.executable, "-m", "agendapack"]
RUNS = 5
MEETING = ("cyp-scrutiny", "2024-03-28")
REPORT = "packs/cyp-scrutiny/2024-03-28/early-help.docx"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def save_changed(path: Path, run: int) -> str:
    """Add a paragraph and save as Word does (a new file renamed over the old); its hash."""
    document = docx.Document(str(path))
    document.add_paragraph(f"Revised on save number {run} while the pack was being watched.")
    saving = path.with_name(path.name + ".saving")
    document.save(str(saving))
    saving.replace(path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded(manifest: Path, wanted: str) -> bool:
    try:
        data = json.loads(manifest.read_text())
    except (OSError, ValueError):
        return False
    return any(d["sha256"] == wanted for item in data["items"] for d in item["documents"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "example"
        root.mkdir()
        for name in ("programme", "packs", "templates"):
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, root / name)
        subprocess.run(
            [*AGENDAPACK, "build", "-w", str(root)], check=True, capture_output=True, env=ENV
        )
        report = root / REPORT
        manifest = root / "build" / MEETING[0] / MEETING[1] / "manifest.json"

        log = Path(folder) / "serve.log"
        with log.open("w") as handle:
            server = subprocess.Popen(
                [*AGENDAPACK, "serve", "--watch", "--port", str(free_port()), "-w", str(root)],
                stdout=handle,
                stderr=subprocess.STDOUT,
                env=ENV,
            )
        try:
            while "watching" not in log.read_text():
                if server.poll() is not None:
                    raise SystemExit(log.read_text())
                time.sleep(0.05)
            watched = []
            for run in range(RUNS):
                time.sleep(1.0)  # the officer reads the pack before saving again
                saved = time.monotonic()
                wanted = save_changed(report, run)
                while not recorded(manifest, wanted):
                    time.sleep(0.005)
                watched.append(time.monotonic() - saved)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)

        built = []
        for run in range(RUNS):
            save_changed(report, RUNS + run)
            started = time.monotonic()
            subprocess.run(
                [*AGENDAPACK, "build", *MEETING, "-w", str(root)],
                check=True,
                capture_output=True,
                env=ENV,
            )
            built.append(time.monotonic() - started)

    median_watch, median_build = statistics.median(watched), statistics.median(built)
    print(f"serve --watch, save to new pack: {', '.join(f'{t:.2f}' for t in watched)} s")
    print(f"  median {median_watch:.2f} s, worst {max(watched):.2f} s")
    print(f"build {' '.join(MEETING)}, same change: {', '.join(f'{t:.2f}' for t in built)} s")
    print(f"  median {median_build:.2f} s, worst {max(built):.2f} s")
    print(f"ratio of medians: {median_watch / median_build:.2f} x the plain build")


if __name__ == "__main__":
    main()
