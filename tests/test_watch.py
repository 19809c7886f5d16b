"""The officer's working loop: `init`, `new-year`, and `serve --watch` with the real
LibreOffice, a real HTTP server and Debian's headless Chromium."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agendapack.cli import app
from tests.conftest import copy_example
from tests.pdftools import text as pdf_text

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


# -- init ---------------------------------------------------------------------------------


def test_init_makes_a_workspace_that_check_passes_and_build_builds(tmp_path):
    folder = tmp_path / "new"
    result = runner.invoke(app, ["init", str(folder), "--council", "Borsetshire County Council"])
    assert result.exit_code == 0, result.output
    assert "wrote programme/council.toml" in result.output
    assert (folder / "packs").is_dir() and (folder / "README.md").is_file()
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "build/"
    council = (folder / "programme/council.toml").read_text()
    # every setting, each with a comment saying what it does; the uid_domain from the host
    for key in ("notice_days = 5", "report_days = 5", "duplex = true", 'holidays = "GB-ENG"'):
        line = next(line for line in council.splitlines() if line.startswith(key))
        assert "#" in line, line
    assert any(
        line.startswith('uid_domain = "democracy.example.gov.uk"') for line in council.splitlines()
    )

    check = runner.invoke(app, ["check", "--workspace", str(folder)])
    assert check.exit_code == 0, check.output
    assert "no problems" in check.output

    build = runner.invoke(app, ["build", "--workspace", str(folder)])
    assert build.exit_code == 0, build.output
    (pack,) = folder.glob("build/overview-and-scrutiny-committee/*/pack.pdf")
    text = pdf_text(pack)
    assert "Borsetshire County Council" in text and "Work Programme Priorities" in text


def test_init_plans_the_first_meeting_on_a_working_thursday_four_weeks_on():
    from agendapack.officer.init import first_meeting, municipal_year

    # four weeks on is Christmas Day, then New Year's Day: both bank holidays
    assert first_meeting(dt.date(2025, 11, 27)) == dt.date(2026, 1, 8)
    assert first_meeting(dt.date(2026, 3, 2)) == dt.date(2026, 4, 2)
    assert municipal_year(dt.date(2026, 4, 30)) == "2025/26"
    assert municipal_year(dt.date(2026, 5, 1)) == "2026/27"


def test_init_refuses_a_workspace(example):
    before = (example / "programme/council.toml").read_bytes()
    result = runner.invoke(app, ["init", str(example)])
    assert result.exit_code == 1
    assert "already a workspace (it has programme/); nothing was written" in result.output
    assert (example / "programme/council.toml").read_bytes() == before
    assert not (example / "README.md").exists()


def test_init_refuses_a_name_that_check_would_refuse(tmp_path):
    for name, said in (
        ("Committee\u202eevil", "contains U+202E"),
        ("x" * 1_100, "is 1,100 characters long"),
    ):
        result = runner.invoke(app, ["init", str(tmp_path / "new"), "--committee", name])
        assert result.exit_code == 1 and said in result.output, result.output
        assert not (tmp_path / "new").exists()  # nothing written


# -- serve --watch -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(condition, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Served:
    def __init__(self, root: Path, base: str, process: subprocess.Popen, log: Path) -> None:
        self.root, self.base, self.process, self.log = root, base, process, log

    def output(self) -> str:
        return self.log.read_text()

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.base + path, timeout=10) as answer:
            return answer.read().decode()


@pytest.fixture(scope="module")
def watching(tmp_path_factory, built_example):
    root = copy_example(tmp_path_factory.mktemp("watch") / "example")
    shutil.copytree(built_example / "build", root / "build")
    port = _free_port()
    log = root.parent / "serve.log"
    with log.open("w") as handle:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "agendapack",
                "serve",
                "--watch",
                "--port",
                str(port),
                "--workspace",
                str(root),
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
    served = Served(root, f"http://127.0.0.1:{port}/", process, log)
    _wait_for(lambda: "watching" in served.output(), 180, "serve --watch to start")
    yield served
    if process.poll() is None:
        process.kill()
        process.wait()


def _office_processes(root: Path) -> list[str]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                command = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if str(root).encode() in command and b"office" in command:
                found.append(command.replace(b"\0", b" ").decode(errors="replace"))
    return found


def test_a_save_rebuilds_its_meeting_and_the_one_confirming_its_minutes(example):
    from agendapack.officer.watch import affected
    from agendapack.programme.load import load_workspace

    ws = load_workspace(example).workspace
    assert ws is not None

    def chosen(*paths: str) -> list[str]:
        return [f"{c.slug} {m.date}" for c, m in affected(ws, set(paths))]

    everything = chosen("programme/audit-committee.toml")
    assert "cyp-scrutiny 2024-03-28" in everything and len(everything) > 1
    assert chosen("packs/cyp-scrutiny/2024-03-28/early-help.docx") == ["cyp-scrutiny 2024-03-28"]
    # the minutes of 25 January are the papers of the meeting of 28 March
    assert chosen("packs/cyp-scrutiny/2024-01-25/minutes.docx") == ["cyp-scrutiny 2024-03-28"]
    assert "audit-committee" not in " ".join(chosen("packs/cyp-scrutiny/2024-03-28/x.pdf"))


def test_a_saved_report_is_in_the_pack_and_its_manifest(watching):
    import docx

    report = watching.root / "packs/cyp-scrutiny/2024-03-28/early-help.docx"
    document = docx.Document(str(report))
    document.add_paragraph("A paragraph saved while the pack was being watched.")
    saving = report.with_name("early-help.docx.saving")
    document.save(str(saving))
    saving.replace(report)
    wanted = hashlib.sha256(report.read_bytes()).hexdigest()
    manifest = watching.root / "build/cyp-scrutiny/2024-03-28/manifest.json"

    def recorded() -> bool:
        try:
            data = json.loads(manifest.read_text())
        except (OSError, ValueError):
            return False
        return any(
            d["sha256"] == wanted and d["source"].endswith("early-help.docx")
            for item in data["items"]
            for d in item["documents"]
        )

    _wait_for(recorded, 90, "the manifest to record the saved report")
    pack = watching.root / "build/cyp-scrutiny/2024-03-28/pack.pdf"
    assert "saved while the pack was being watched" in pdf_text(pack)
    assert "changed: packs/cyp-scrutiny/2024-03-28/early-help.docx" in watching.output()


def test_a_broken_programme_is_reported_and_the_last_good_site_stays(watching):
    programme = watching.root / "programme/audit-committee.toml"
    good = programme.read_text()
    page = watching.get("audit-committee/index.html")
    lines = good.splitlines()
    lines.insert(3, "venue = [unclosed")
    programme.write_text("\n".join(lines) + "\n")
    try:
        _wait_for(
            lambda: "programme/audit-committee.toml:4: error: TOML syntax" in watching.output(),
            60,
            "the problem line",
        )
        _wait_for(lambda: "the last good outputs are still served" in watching.output(), 30, "")
        assert watching.get("audit-committee/index.html") == page
    finally:
        programme.write_text(good)
    _wait_for(lambda: "the programme has no problems" in watching.output()[-2000:], 60, "fix")


def test_a_site_template_saved_broken_is_reported_and_the_site_still_served(watching):
    from agendapack.pack.render import package_templates

    page = watching.get("audit-committee/index.html")
    own = watching.root / "templates/site/meeting.html"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text((package_templates() / "site/meeting.html").read_text() + "{% if %}\n")
    try:
        _wait_for(
            lambda: "templates/site/meeting.html" in watching.output(), 60, "the template's line"
        )
        time.sleep(1)
        assert watching.process.poll() is None  # still running
        assert watching.get("audit-committee/index.html") == page
    finally:
        own.unlink()


def test_an_open_page_reloads_itself_after_a_rebuild(watching):
    before = "Treasury Management Strategy 2027/28"
    after = "Treasury Management Strategy, revised"
    programme = watching.root / "programme/audit-committee.toml"
    assert before in programme.read_text()
    out = subprocess.run(
        [
            "node",
            str(ROOT / "tests/js/reload_page.mjs"),
            watching.base + "audit-committee/2027-01-27/index.html",
            str(programme),
            before,
            after,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        check=True,
    )
    report = json.loads(out.stdout)
    assert report.get("error") is None, report
    assert report["before"] and report["reloaded"] and report["shown"], report
    # the reload script is added as pages are served, never written into build/site/ (where
    # the search page's own script is the only one)
    for page in (watching.root / "build/site").rglob("*.html"):
        scripts = re.findall(r"<script[^>]*>", page.read_text())
        assert scripts == (
            ['<script type="module" src="search.js">'] if page.name == "search.html" else []
        ), page


def test_ctrl_c_stops_it_with_no_libreoffice_left(watching):
    # the module's last test: it stops the server the others used
    assert _office_processes(watching.root), "serve --watch keeps a LibreOffice running"
    watching.process.send_signal(signal.SIGINT)
    assert watching.process.wait(timeout=60) == 0
    assert _office_processes(watching.root) == []
    assert not (watching.root / "build/.tmp").exists()
    assert "stopped" in watching.output()


# -- new-year ------------------------------------------------------------------------------

NEW_DATES = "2024-06-27,2024-09-26,2024-10-24,2025-01-23,2025-03-27"


def test_new_year_places_recurring_topics_and_carries_pending_and_open_ones(example):
    from agendapack.pack.public import public_agenda
    from agendapack.pack.render import work_programme_context
    from agendapack.programme.load import load_workspace

    programme = example / "programme/cyp-scrutiny.toml"
    before = programme.read_text()
    result = runner.invoke(
        app, ["new-year", "cyp-scrutiny", "2024/25", "--dates", NEW_DATES, "-w", str(example)]
    )
    assert result.exit_code == 0, result.output
    assert "added 5 meetings for 2024/25" in result.output
    after = programme.read_text()
    # every line of this year's programme kept as it was, but `year`; the rest added
    changes = [
        (op, before.splitlines()[i1:i2], after.splitlines()[j1:j2])
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
            None, before.splitlines(), after.splitlines(), autojunk=False
        ).get_opcodes()
        if op != "equal"
    ]
    assert [c[0] for c in changes] == ["replace", "insert"]
    assert changes[0][1:] == (['year = "2023/24"'], ['year = "2024/25"'])

    check = runner.invoke(app, ["check", "-w", str(example)])
    assert check.exit_code == 0, check.output
    assert "warning" not in check.output, check.output

    ws = load_workspace(example).workspace
    assert ws is not None
    committee = ws.committee("cyp-scrutiny")
    assert committee is not None and committee.year == "2024/25"
    october = committee.meeting_on(dt.date(2024, 10, 24))
    assert october is not None
    assert [i.title for i in october.items] == [
        "Nottingham City Safeguarding Partnership Annual Report"
    ]
    new = [m for m in committee.meetings if m.date > dt.date(2024, 5, 1)]
    assert [m.date.isoformat() for m in new] == NEW_DATES.split(",")
    assert all(not m.items for m in new if m is not october)
    table = work_programme_context(committee)
    assert [m["date"] for m in table["meetings"]] == [
        "27 June 2024",
        "26 September 2024",
        "24 October 2024",
        "23 January 2025",
        "27 March 2025",
    ]
    assert (
        "Support for pupils during the cost of living crisis and its effect on mental health"
        in [p["title"] for p in table["pending"]]
    )
    # last year's pack, built again, keeps last year's table
    march = committee.meeting_on(dt.date(2024, 3, 28))
    old_table = work_programme_context(committee, march)
    assert old_table["year"] == "2023/24"
    assert old_table["meetings"][0]["date"] == "28 September 2023"
    assert old_table["meetings"][-1]["date"] == "5 April 2024"
    # the first meeting of the year confirms the last one's minutes, and its tracker has
    # last year's open resolutions, not those already complete
    june = committee.meeting_on(dt.date(2024, 6, 27))
    assert june is not None and committee.previous_meeting(june).date == dt.date(2024, 3, 28)
    tracker = [r.text for r in public_agenda(committee, june).tracker]
    assert "Publish basic information in different languages." in tracker
    assert not any("shares its information and videos" in t for t in tracker)

    again = runner.invoke(
        app, ["new-year", "cyp-scrutiny", "2024/25", "--dates", NEW_DATES, "-w", str(example)]
    )
    assert again.exit_code == 1
    assert "already for 2024/25" in again.output
    assert programme.read_text() == after


def test_new_year_refuses_dates_outside_the_year_and_writes_nothing(example):
    programme = example / "programme/cyp-scrutiny.toml"
    before = programme.read_bytes()
    result = runner.invoke(
        app, ["new-year", "cyp-scrutiny", "2024/25", "--dates", "2025-07-03", "-w", str(example)]
    )
    assert result.exit_code == 1
    assert "error: 2025-07-03 is outside the municipal year 2024/25" in result.output
    assert programme.read_bytes() == before


def test_new_year_refuses_a_date_given_twice_or_none_at_all(example):
    programme = example / "programme/cyp-scrutiny.toml"
    before = programme.read_bytes()
    for dates, said in (
        ("2024-06-27,2024-06-27", "error: --dates gives 2024-06-27 twice"),
        (",", "error: --dates gives no date"),
    ):
        result = runner.invoke(
            app, ["new-year", "cyp-scrutiny", "2024/25", "--dates", dates, "-w", str(example)]
        )
        assert result.exit_code == 1 and said in result.output, result.output
    assert programme.read_bytes() == before


def test_sigterm_stops_serve_watch_with_no_libreoffice_left(tmp_path):
    folder = tmp_path / "new"
    assert runner.invoke(app, ["init", str(folder)]).exit_code == 0
    log = tmp_path / "serve.log"
    with log.open("w") as handle:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "agendapack",
                "serve",
                "--watch",
                "--port",
                str(_free_port()),
                "--workspace",
                str(folder),
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
    try:
        _wait_for(lambda: "watching" in log.read_text(), 180, "serve --watch to start")
        assert _office_processes(folder)
        process.terminate()  # as systemd, `timeout` or a closed terminal stop it
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert _office_processes(folder) == []
    assert not (folder / "build/.tmp").exists()
    assert (folder / "build/site/index.html").is_file()
