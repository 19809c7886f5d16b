"""Each edition written whole, nothing temporary left behind, and honest exit codes.

Through the real command and the real LibreOffice: the example workspace, built once per
session (conftest's `example_with_cache`), then changed and built again.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfWriter
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.documents.unoworker import office_sockets
from agendapack.scratch import clean_leftovers, is_leftover
from tests.pdftools import text

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
MEETING = "build/cyp-scrutiny/2024-03-28"
AUDIT = "build/audit-committee/2026-12-02"
OLD_PURPOSE = "sufficient care placements for children"
NEW_PURPOSE = "sufficient care placements for every child in care"


def _build(root: Path, *args: str):
    return runner.invoke(app, ["build", *args, "--workspace", str(root)])


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "error:" in line]


def _change_purpose(root: Path) -> None:
    """A change that gives the meeting a new front sheet, so a build has a new edition."""
    programme = root / "programme/cyp-scrutiny.toml"
    source = programme.read_text(encoding="utf-8")
    assert OLD_PURPOSE in source
    programme.write_text(source.replace(OLD_PURPOSE, NEW_PURPOSE), encoding="utf-8")


def _leftovers(build: Path) -> list[Path]:
    """Every temporary file or folder of agendapack's under build/."""
    # os.walk passes over a folder that goes while it walks: a LibreOffice whose build was
    # killed runs on for a moment, rewriting its profile under build/.tmp/
    found = [
        Path(folder) / name
        for folder, folders, files in os.walk(build)
        for name in (*folders, *files)
        if is_leftover(name)
    ]
    if (build / ".tmp").exists():
        found.append(build / ".tmp")
    return found


# -- one edition, whole ------------------------------------------------------------------
@pytest.mark.parametrize("failing", ["exchange", "rename"])
def test_a_failure_between_staging_and_swap_leaves_the_old_edition_whole(
    example_with_cache, monkeypatch, failing
):
    import agendapack.write

    root = example_with_cache
    before = _files(root / MEETING)
    _change_purpose(root)

    def broken_exchange(staged, current):
        raise OSError(errno.EIO, "Input/output error", str(current))

    if failing == "exchange":
        monkeypatch.setattr(agendapack.write, "exchange", broken_exchange)
    else:
        # no atomic swap here: the old edition is renamed aside, and the new one's rename
        # fails, so the old one must go back
        def unavailable(staged, current):
            raise NotImplementedError

        real_rename = os.rename

        def rename(source, target, *args, **kwargs):
            if str(source).endswith(".staging"):
                raise OSError(errno.EIO, "Input/output error", str(target))
            return real_rename(source, target, *args, **kwargs)

        monkeypatch.setattr(agendapack.write, "exchange", unavailable)
        monkeypatch.setattr(os, "rename", rename)

    result = _build(root, "cyp-scrutiny", "2024-03-28")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert _error_lines(result.output) == [
        f"{MEETING}: error: Input/output error; {MEETING}/ was not replaced: its last good "
        "outputs are unchanged"
    ]
    assert _files(root / MEETING) == before  # every old file, and no new one beside them
    assert not _leftovers(root / "build")


def test_without_an_atomic_swap_the_new_edition_still_goes_in_whole(
    example_with_cache, monkeypatch
):
    import agendapack.write

    def unavailable(staged, current):
        raise NotImplementedError

    monkeypatch.setattr(agendapack.write, "exchange", unavailable)
    root = example_with_cache
    _change_purpose(root)
    result = _build(root, "cyp-scrutiny", "2024-03-28")
    assert result.exit_code == 0, result.output
    assert NEW_PURPOSE.split()[-1] in text(root / MEETING / "agenda.pdf")
    assert not _leftovers(root / "build")


def test_unchanged_files_keep_their_inode_and_the_changed_list_is_true(example_with_cache):
    root = example_with_cache
    folder = root / MEETING
    before = {p: (p.stat().st_ino, p.read_bytes()) for p in folder.rglob("*") if p.is_file()}
    forced = _build(root, "cyp-scrutiny", "2024-03-28", "--force")
    assert forced.exit_code == 0, forced.output
    # the same inputs, built again: the same files, the very same inodes, nothing changed
    assert f"{MEETING}/pack.pdf: 24 pages" in forced.output
    assert "none changed" in forced.output
    assert {p: (p.stat().st_ino, p.read_bytes()) for p in before} == before

    _change_purpose(root)
    changed = _build(root, "cyp-scrutiny", "2024-03-28")
    assert changed.exit_code == 0, changed.output
    after = {p: (p.stat().st_ino, p.read_bytes()) for p in folder.rglob("*") if p.is_file()}
    assert after.keys() == before.keys()
    differ = sorted(p.relative_to(folder).as_posix() for p in after if after[p] != before[p])
    kept = [p for p in after if after[p][1] == before[p][1]]
    assert all(after[p][0] == before[p][0] for p in kept)  # same content: same inode
    # the front sheet changed, and the work programme table, which lists the purposes;
    # so did the pack and the manifest; the papers did not
    assert {"agenda.docx", "agenda.pdf", "manifest.json", "pack.pdf"} <= set(differ)
    assert [d for d in differ if d.startswith("documents/")] == ["documents/08-work-programme.pdf"]
    assert ".sources.json" not in differ
    assert f"{len(differ)} files changed" in changed.output
    assert NEW_PURPOSE.split()[-1] in text(folder / "agenda.pdf")


# -- nothing temporary left ---------------------------------------------------------------
def _changed_report(root: Path) -> None:
    """Give the meeting a Word report LibreOffice has not converted before."""
    report = root / "packs/cyp-scrutiny/2024-03-28/placement-sufficiency.docx"
    original = report.read_bytes()
    copy = report.with_suffix(".old")
    copy.write_bytes(original)
    with zipfile.ZipFile(copy) as source, zipfile.ZipFile(report, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(
                    b"<w:body>", b"<w:body><w:p><w:r><w:t>A new paragraph</w:t></w:r></w:p>", 1
                )
            target.writestr(info, data)
    copy.unlink()


def _office_processes(folder: Path) -> list[int]:
    """Processes (LibreOffice, its workers) still running on files under `folder`."""
    marker = os.fsencode(str(folder))
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    if marker in handle.read():
                        found.append(int(entry))
            except OSError:
                continue
    return found


def test_after_a_killed_build_the_next_leaves_no_temporary_file(example_with_cache, tmp_path):
    root = example_with_cache
    _changed_report(root)
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    environment = {
        **os.environ,
        "TMPDIR": str(system_temp),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "agendapack", "build", "--workspace", str(root)]
    killed = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    # LibreOffice is converting once a working copy of the report is in the scratch folder
    # and LibreOffice listens on its pipes (in /tmp, whatever TMPDIR says)
    sockets: list[str] = []
    while not (list((root / "build/.tmp").glob("*/job-*/source.docx")) and sockets):
        assert killed.poll() is None, "the build ended before LibreOffice was converting"
        assert time.monotonic() < deadline
        time.sleep(0.02)
        sockets = office_sockets(_office_processes(root / "build"))
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert _leftovers(root / "build")  # what a killed build leaves: copies of the papers

    after = subprocess.run(command, env=environment, capture_output=True, text=True)
    assert after.returncode == 0, after.stderr
    assert f"{MEETING}/pack.pdf" in after.stdout
    assert "A new paragraph" in text(root / MEETING / "pack.pdf")
    assert not _leftovers(root / "build")
    assert not list(system_temp.iterdir())
    assert not _office_processes(root / "build")
    assert not [p for p in sockets if os.path.lexists(p)]


def test_a_live_builds_temporary_files_are_left_alone(tmp_path):
    build = tmp_path / "build"
    edition = build / "cyp" / "2024-03-28"
    edition.mkdir(parents=True)
    (edition / "pack.pdf").write_bytes(b"the last good pack")
    gone = subprocess.Popen(["true"])
    gone.wait()
    live = subprocess.Popen(["sleep", "60"])
    try:
        dead_files = [
            build / ".tmp" / f"{gone.pid}-1-abc" / "job-1" / "source.docx",
            edition.parent / f".2024-03-28.{gone.pid}.staging" / "pack.pdf",
            edition / f".pack.pdf.{gone.pid}.tmp",
            build / ".cache" / "pdf" / f"0123.pdf.{gone.pid}.140.part",
        ]
        live_files = [
            build / ".tmp" / f"{live.pid}-0-def" / "job-1" / "source.docx",
            edition.parent / f".2024-03-28.{live.pid}.staging" / "pack.pdf",
            edition / f".manifest.json.{live.pid}.tmp",
        ]
        for path in dead_files + live_files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"x")
        clean_leftovers(build)
        assert [p for p in dead_files if p.exists()] == []
        assert all(p.exists() for p in live_files)
        assert not (build / ".tmp" / f"{gone.pid}-1-abc").exists()
        assert (edition / "pack.pdf").read_bytes() == b"the last good pack"
    finally:
        live.kill()
        live.wait()


# -- a full disk ----------------------------------------------------------------------------
def test_a_full_disk_is_one_line_and_the_old_edition_stays(example_with_cache, monkeypatch):
    root = example_with_cache
    before = _files(root / MEETING)
    real_write = Path.write_bytes

    def full(path, data):
        if path.name == "manifest.json" and ".staging" in str(path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    _change_purpose(root)
    result = _build(root)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert _error_lines(result.output) == [
        f"{MEETING}/manifest.json: error: No space left on device; free some space and run it "
        f"again; {MEETING}/ was not replaced: its last good outputs are unchanged; the build "
        "stopped there"
    ]
    assert _files(root / MEETING) == before
    assert not _leftovers(root / "build")


@pytest.fixture
def small_disk(tmp_path):
    """A tmpfs of its own, to fill up: needs the right to mount (root in a container)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if (
        not shutil.which("mount")
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(disk)], capture_output=True
        ).returncode
    ):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_really_full_disk_is_one_line_and_the_old_edition_stays(example_with_cache, small_disk):
    root = small_disk / "example"
    shutil.copytree(example_with_cache, root, symlinks=True)
    before = {m: _files(root / m) for m in (MEETING, AUDIT)}
    status = os.statvfs(small_disk)
    free = status.f_bavail * status.f_frsize
    pack = (root / MEETING / "pack.pdf").stat().st_size
    (small_disk / "filler").write_bytes(b"\0" * (free - pack // 3))
    result = _build(root, "--force")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    (line,) = _error_lines(result.output)
    assert line.startswith("build/") and ": error: No space left on device; free some" in line
    assert "was not replaced: its last good outputs are unchanged" in line
    assert {m: _files(root / m) for m in (MEETING, AUDIT)} == before
    assert not _leftovers(root / "build")
    (small_disk / "filler").unlink()
    again = _build(root)
    assert again.exit_code == 0, again.output


# -- exit codes -----------------------------------------------------------------------------
@pytest.mark.parametrize("wrong", ["damaged", "password", "escapes"])
def test_a_meeting_with_a_bad_paper_fails_and_the_others_are_built(
    example_with_cache, tmp_path, wrong
):
    root = example_with_cache
    audit_before = _files(root / AUDIT)
    appendix = root / "packs/audit-committee/2026-12-02/audit-findings.pdf"
    if wrong == "damaged":
        appendix.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog" + b"\x00" * 400)
        expected = "the PDF is damaged and cannot be read"
    elif wrong == "password":
        writer = PdfWriter(clone_from=str(appendix))
        writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
        with appendix.open("wb") as handle:
            writer.write(handle)
        expected = "the PDF needs a password to open"
    else:
        outside = tmp_path / "elsewhere.pdf"
        shutil.copy(appendix, outside)
        appendix.unlink()
        appendix.symlink_to(outside)
        expected = "is a link that leads outside the meeting folder"
    _change_purpose(root)
    result = _build(root)  # names no meeting: builds every one it can
    assert result.exit_code == 1, result.output
    (line,) = _error_lines(result.output)
    assert line.startswith("programme/audit-committee.toml:")
    assert "audit-findings.pdf" in line and expected in line
    assert "skipped" not in result.output
    assert f"{MEETING}/pack.pdf: 24 pages" in result.output
    assert NEW_PURPOSE.split()[-1] in text(root / MEETING / "agenda.pdf")
    assert _files(root / AUDIT) == audit_before
    assert "build/site/index.html" in result.output  # the site shows what was built


def test_a_meeting_whose_papers_are_not_all_in_is_skipped_with_exit_0(example_with_cache):
    root = example_with_cache
    (root / "packs/audit-committee/2026-12-02/audit-findings.pdf").unlink()
    _change_purpose(root)
    result = _build(root)
    assert result.exit_code == 0, result.output
    assert "skipped audit-committee 2026-12-02: it lacks what its items need:" in result.output
    assert "'audit-findings.pdf' is missing from packs/audit-committee/2026-12-02/" in (
        result.output
    )
    assert f"{MEETING}/pack.pdf: 24 pages" in result.output
    named = _build(root, "audit-committee", "2026-12-02")
    assert named.exit_code == 1
    assert "skipped" not in named.output


def test_a_terminated_build_stops_libreoffice_and_removes_its_copies(example_with_cache):
    """SIGTERM, as `timeout`, systemd or a cancelled CI job send it: handled as Ctrl+C."""
    root = example_with_cache
    before = (root / MEETING / "pack.pdf").read_bytes()
    _changed_report(root)
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "agendapack", "build", "--workspace", str(root)]
    build = subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    while not list((root / "build/.tmp").glob("*/job-*/source.docx")):
        assert build.poll() is None, "the build ended before LibreOffice was converting"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    build.send_signal(signal.SIGTERM)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1].startswith("stopped; no meeting's outputs were replaced")
    assert not _leftovers(root / "build")
    assert not _office_processes(root / "build")
    assert (root / MEETING / "pack.pdf").read_bytes() == before
