"""A cold build parses each paper's files once (issue 24, "no second parse of any file"):
the check's opening of a supplied PDF is the one its clean copy is made from, the
converter's opening of LibreOffice's PDF likewise, and the look-over's opening of a clean
copy is the one collation copies from (store.KeptOpen)."""

from __future__ import annotations

import os
import traceback
from collections import Counter
from pathlib import Path

import pikepdf
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.store import KeptOpen, keep_open, take_open
from tests.conftest import copy_example


def _count_openings(monkeypatch) -> tuple[Counter, dict]:
    """Every pikepdf opening of a file, by the file's device and inode (a PDF moved into a
    cache keeps both), with the function that asked for it."""
    openings: Counter = Counter()
    callers: dict = {}
    original = pikepdf.Pdf.open

    def counted(source, *args, **kwargs):
        if isinstance(source, (str, os.PathLike)):
            status = os.stat(source)
            identity = (status.st_dev, status.st_ino)
            openings[identity] += 1
            stack = traceback.extract_stack(limit=8)[:-1]
            callers.setdefault(identity, []).append([f.name for f in stack])
        return original(source, *args, **kwargs)

    monkeypatch.setattr(pikepdf.Pdf, "open", staticmethod(counted))
    monkeypatch.setattr(pikepdf, "open", counted)
    return openings, callers


def test_a_cold_build_parses_every_papers_file_once(tmp_path, monkeypatch):
    root = copy_example(tmp_path / "example")
    openings, callers = _count_openings(monkeypatch)
    result = CliRunner().invoke(app, ["build", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    papers = {
        identity: count
        for identity, count in openings.items()
        # the agenda's own file is made of agendapack's front sheet, which the pack's
        # collation has mended and taken the tags of: it opens it afresh
        if not any("write_front_sheet" in stack for stack in callers[identity])
    }
    assert len(papers) > 10  # supplied PDFs, LibreOffice's PDFs and their clean copies
    twice = {i: callers[i] for i, count in papers.items() if count > 1}
    assert not twice


def test_a_build_with_nothing_to_do_opens_no_paper(tmp_path, monkeypatch):
    root = copy_example(tmp_path / "example")
    assert CliRunner().invoke(app, ["build", "--workspace", str(root)]).exit_code == 0
    openings, _ = _count_openings(monkeypatch)
    result = CliRunner().invoke(app, ["build", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    assert not openings


def _pdf(path: Path) -> Path:
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(path)
    return path


def test_a_kept_pdf_is_given_once_and_only_for_the_file_as_it_was(tmp_path):
    from agendapack.layout import Layout
    from agendapack.store import opened

    path = _pdf(tmp_path / "a.pdf")
    with opened(Layout(tmp_path)):
        keep_open(path, pikepdf.open(path))
        moved = path.rename(tmp_path / "b.pdf")  # as into a cache: the same file
        taken = take_open(moved)
        assert taken is not None and len(taken.pages) == 1
        assert take_open(moved) is None  # given to one stage only
        keep_open(moved, taken)
        _pdf(moved)  # written anew: another file, which must be read afresh
        assert take_open(moved) is None


def _held(path: Path) -> bool:
    """Whether this process still has the file open or mapped."""
    name = str(path.resolve())
    fds = Path("/proc/self/fd")
    for fd in fds.iterdir():
        try:
            if os.readlink(fd) == name:
                return True
        except OSError:
            continue
    return name in Path("/proc/self/maps").read_text()


def test_outside_a_run_nothing_is_kept(tmp_path):
    path = _pdf(tmp_path / "a.pdf")
    pdf = pikepdf.open(path)
    assert _held(path)
    keep_open(path, pdf)
    assert take_open(path) is None
    assert not _held(path)  # closed: no later stage would have asked for it


def test_the_oldest_kept_pdf_is_closed_to_make_room(tmp_path):
    kept = KeptOpen(limit=2)
    pdfs = [pikepdf.open(_pdf(tmp_path / f"{n}.pdf")) for n in range(3)]
    for n, pdf in enumerate(pdfs):
        kept.keep(tmp_path / f"{n}.pdf", pdf)
    assert kept.take(tmp_path / "0.pdf") is None
    assert not _held(tmp_path / "0.pdf")
    assert kept.take(tmp_path / "2.pdf") is pdfs[2]
    assert _held(tmp_path / "1.pdf")
    kept.close()
    assert not _held(tmp_path / "1.pdf")
