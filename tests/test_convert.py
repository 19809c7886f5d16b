"""The converter: real LibreOffice, a cache by content, and a time limit per document."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import pytest

from agendapack.documents import convert
from agendapack.documents.convert import Converter, Job
from agendapack.errors import ConversionError
from tests.pdftools import text

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "packs/cyp-scrutiny/2024-03-28"
# The converter sends the longest document first: the one these tests have fail
FIRST, SECOND = sorted(
    (REPORTS / "early-help.docx", REPORTS / "placement-sufficiency.docx"),
    key=lambda path: -path.stat().st_size,
)


def test_converts_once_then_from_the_cache(tmp_path):
    sources = [
        REPORTS / "early-help.docx",
        REPORTS / "placement-sufficiency.docx",
        REPORTS / "work-programme.docx",
    ]
    with Converter(tmp_path / "cache") as converter:
        pdfs = converter.convert([Job(p, p.name) for p in sources])
        assert (converter.converted, converter.cached) == (3, 0)
    assert "Review of the Early Help Strategy" in text(pdfs[0])
    assert "Children in Care Placement Sufficiency" in text(pdfs[1])
    renamed = tmp_path / "copy of early help.docx"
    shutil.copy(sources[0], renamed)  # same content, another name: still cached
    with Converter(tmp_path / "cache") as converter:
        again = converter.convert([Job(p, p.name) for p in [*sources, renamed]])
        assert (converter.converted, converter.cached) == (0, 4)
    assert again[:3] == pdfs and again[3] == pdfs[0]


def _profiles() -> set[Path]:
    """The converters' folders (profiles, working copies) in the system's temp folder; not
    the feed checker's (tests/icaltools.py), which another test run on the same machine
    may be making at the same moment."""
    found = Path(tempfile.gettempdir()).glob("agendapack-*")
    return {path for path in found if not path.name.startswith("agendapack-libical-")}


def test_a_document_over_the_time_limit_fails_and_the_next_still_converts(tmp_path):
    before = _profiles()
    slow = Job(REPORTS / "early-help.docx", "packs/slow.docx")
    with (
        Converter(tmp_path / "cache", workers=1, timeout=0.001) as converter,
        pytest.raises(ConversionError) as caught,
    ):
        converter.convert([slow])
    assert caught.value.lines == [
        "packs/slow.docx: error: LibreOffice took longer than 0.001 s to convert it; open it "
        "in Word, check it, and save it again"
    ]
    with Converter(tmp_path / "cache", workers=1) as converter:
        (pdf,) = converter.convert([slow])
    assert "Review of the Early Help Strategy" in text(pdf)
    # the killed LibreOffice and the one that finished leave no profile behind
    for _ in range(100):
        if not _profiles() - before:
            break
        time.sleep(0.1)
    assert not _profiles() - before


def test_tracked_changes_are_printed_as_accepted(tmp_path):
    import zipfile

    source = zipfile.ZipFile(REPORTS / "early-help.docx")
    changed = tmp_path / "changed.docx"
    change = (
        b'<w:body><w:p><w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r>'
        b'<w:t>INSERTED-WORDS</w:t></w:r></w:ins><w:del w:id="2" w:author="A" '
        b'w:date="2024-01-01T00:00:00Z"><w:r><w:delText>DELETED-WORDS</w:delText></w:r>'
        b"</w:del></w:p>"
    )
    with zipfile.ZipFile(changed, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", change, 1)
            target.writestr(info, data)
    with Converter(tmp_path / "cache") as converter:
        (pdf,) = converter.convert([Job(changed, "changed.docx")])
    printed = text(pdf)
    assert "INSERTED-WORDS" in printed and "DELETED-WORDS" not in printed
    assert "Review of the Early Help Strategy" in printed


class _Hangs:
    """A LibreOffice worker that never answers."""

    def __init__(self, folder: Path) -> None:
        self.killed = False

    def send(self, source: Path, target: Path) -> None:
        pass

    def receive(self, timeout: float) -> dict:
        raise convert._Timeout

    def finish(self) -> None:
        pass

    def stop(self, kill: bool = False) -> None:
        self.killed = kill


class _Converts(_Hangs):
    """One that converts every document at once, to a blank page."""

    def send(self, source: Path, target: Path) -> None:
        from pypdf import PdfWriter

        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        with target.open("wb") as handle:
            writer.write(handle)

    def receive(self, timeout: float) -> dict:
        return {"ok": True}


def test_a_hung_worker_is_killed_and_a_fresh_one_converts_the_rest(tmp_path):
    started: list[_Hangs] = []

    def start(folder: Path) -> _Hangs:
        started.append((_Converts if started else _Hangs)(folder))
        return started[-1]

    slow = Job(FIRST, "packs/slow.docx")
    fine = Job(SECOND, "packs/fine.docx")
    with (
        Converter(tmp_path / "cache", workers=1, timeout=0.01, start_worker=start) as converter,
        pytest.raises(ConversionError) as caught,
    ):
        converter.convert([slow, fine])
    assert caught.value.lines == [
        "packs/slow.docx: error: LibreOffice took longer than 0.01 s to convert it; open it "
        "in Word, check it, and save it again"
    ]
    assert [type(w) for w in started] == [_Hangs, _Converts] and started[0].killed
    assert converter.converted == 1 and len(list((tmp_path / "cache").glob("*.pdf"))) == 1
    assert all(p.suffix == ".pdf" for p in (tmp_path / "cache").iterdir())  # no partial file


class _Crashes(_Hangs):
    """One whose LibreOffice dies on every document."""

    def receive(self, timeout: float) -> dict:
        raise RuntimeError("the worker has stopped")


class _Dies(_Converts):
    """One whose LibreOffice converts a document, then says it died."""

    def receive(self, timeout: float) -> dict:
        return {"ok": True, "dead": True}


def _blank_pdf(source: Path, profile: Path, timeout: float) -> Path:
    target = source.with_suffix(".pdf")
    _Converts(profile).send(source, target)
    return target


def _workers(*kinds: type[_Hangs]):
    started: list[_Hangs] = []

    def start(folder: Path) -> _Hangs:
        started.append(kinds[min(len(started), len(kinds) - 1)](folder))
        return started[-1]

    return started, start


def test_a_document_that_crashes_libreoffice_is_tried_alone_and_converts(tmp_path):
    started, start = _workers(_Crashes, _Converts)
    tried: list[str] = []

    def alone(source: Path, profile: Path, timeout: float) -> Path:
        tried.append(source.name)
        return _blank_pdf(source, profile, timeout)

    fine = Job(REPORTS / "placement-sufficiency.docx", "packs/fine.docx")
    with Converter(
        tmp_path / "cache", workers=1, start_worker=start, convert_alone=alone
    ) as converter:
        (pdf,) = converter.convert([fine])
    assert tried == ["source.docx"] and pdf.is_file()
    assert converter.converted == 1
    assert started[0].killed  # the crashed worker is not left running


def test_a_document_that_crashes_both_ways_is_one_line_and_the_next_converts(tmp_path):
    started, start = _workers(_Crashes, _Converts)
    bad = Job(FIRST, "packs/bad.docx")
    fine = Job(SECOND, "packs/fine.docx")
    with (
        Converter(
            tmp_path / "cache",
            workers=1,
            start_worker=start,
            convert_alone=lambda source, profile, timeout: None,
        ) as converter,
        pytest.raises(ConversionError) as caught,
    ):
        converter.convert([bad, fine])
    assert caught.value.lines == [
        "packs/bad.docx: error: LibreOffice stopped while converting it; open it in Word "
        "and save it again"
    ]
    assert converter.converted == 1 and len(started) == 2
    assert [p.suffix for p in (tmp_path / "cache").iterdir()] == [".pdf"]


def test_a_worker_whose_libreoffice_died_is_replaced_for_the_rest(tmp_path):
    started, start = _workers(_Dies, _Converts)
    jobs = [
        Job(REPORTS / "placement-sufficiency.docx", "packs/a.docx"),
        Job(REPORTS / "early-help.docx", "packs/b.docx"),
    ]
    with Converter(tmp_path / "cache", workers=1, start_worker=start) as converter:
        pdfs = converter.convert(jobs)
    assert all(p.is_file() for p in pdfs) and converter.converted == 2
    assert [type(w) for w in started] == [_Dies, _Converts] and started[0].killed


class _Records(_Converts):
    """One that converts, and remembers being asked to end and being waited for."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.finished = False
        self.stopped = False

    def finish(self) -> None:
        self.finished = True

    def stop(self, kill: bool = False) -> None:
        self.stopped = True


def test_released_libreoffice_ends_meanwhile_and_a_later_document_gets_a_fresh_one(tmp_path):
    started, start = _workers(_Records)
    with Converter(tmp_path / "cache", workers=1, start_worker=start) as converter:
        converter.convert([Job(FIRST, "packs/a.docx")])
        converter.release()
        assert started[0].finished and not started[0].stopped  # asked to end, not waited for
        (pdf,) = converter.convert([Job(SECOND, "packs/b.docx")])
        assert pdf.is_file() and len(started) == 2
    # closing waits for both: the released one and the one started after it
    assert all(worker.stopped for worker in started)


def test_a_real_libreoffice_released_after_its_last_document_leaves_nothing_behind(tmp_path):
    import os

    with Converter(tmp_path / "cache", workers=1) as converter:
        (pdf,) = converter.convert([Job(FIRST, "packs/a.docx")])
        folder = str(converter._folder()).encode()
        converter.release()
    assert "Children in Care Placement Sufficiency" in text(pdf)
    # its own folder, not every agendapack-* in /tmp: other builds on the same machine
    # (other checkouts' test suites) make and remove theirs meanwhile
    assert not Path(folder.decode()).exists()

    def running() -> list[bytes]:
        found = []
        for entry in os.listdir("/proc"):
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    found.append(handle.read())
            except OSError:
                continue
        return [command for command in found if folder in command]

    assert running() == []  # neither soffice nor its worker outlives the converter


@pytest.mark.parametrize("seeded", [True, False])
def test_a_seeded_profile_starts_libreoffice_once_without_its_first_run_tests(
    tmp_path, monkeypatch, seeded
):
    """A new profile makes LibreOffice clean its extension cache, note a restart and start
    soffice.bin again, then run its graphics render tests as after an upgrade; the seed
    (the build id and version it would note) spares both. Unseeded, both are seen: the
    test can fail."""
    if not seeded:
        monkeypatch.setattr(convert, "_build_id", lambda: "")
        monkeypatch.setattr(convert, "_product_version", lambda: "")
    worker = convert._Worker(tmp_path)
    try:
        worker.wait_ready()
        assert worker.ready
        user = worker.profile / "user"
        settings = user / "registrymodifications.xcu"
        restarted = settings.is_file() and "OfficeRestartInProgress" in settings.read_text()
        assert restarted is not seeded
        # the tests run once LibreOffice has started: a conversion waits for them
        source = tmp_path / "report.docx"
        shutil.copyfile(FIRST, source)
        worker.send(source, tmp_path / "report.pdf")
        assert worker.receive(60)["ok"]
        assert (user / "GraphicsRenderTests.log").is_file() is not seeded
    finally:
        worker.stop()
    assert not worker.profile.exists()


def test_jobs_given_later_are_converted_after_the_first_and_told_of_in_order(tmp_path):
    """The front sheets' drafts are rendered while LibreOffice converts the papers: they
    reach the workers late, after the workers may have run out of work, and are still
    converted. A late job the cache has, or one with a paper's content, is told of too."""
    import threading

    third = REPORTS / "work-programme.docx"
    with Converter(tmp_path / "cache", workers=1) as converter:  # fills the cache
        (cached,) = converter.convert([Job(third, "packs/c.docx")])
    told: dict[int, Path] = {}
    asked = threading.Event()

    def later() -> list[Job]:
        time.sleep(0.3)  # the workers have long finished the first job
        asked.set()
        return [Job(SECOND, "packs/b.docx"), Job(FIRST, "copy of a"), Job(third, "packs/c")]

    _started, start = _workers(_Converts)
    with Converter(tmp_path / "cache", workers=2, start_worker=start) as converter:
        pdfs = converter.convert(
            [Job(FIRST, "packs/a.docx")], lambda i, pdf: told.__setitem__(i, pdf), later=later
        )
        assert asked.is_set()
        assert (converter.converted, converter.cached) == (2, 1)
    assert len(pdfs) == 4 and pdfs[1] != pdfs[0] and pdfs[2] == pdfs[0] and pdfs[3] == cached
    assert told == dict(enumerate(pdfs))
    assert all(pdf.is_file() for pdf in pdfs)


def test_a_failure_to_give_the_later_jobs_stops_the_workers_and_is_raised(tmp_path):
    def later() -> list[Job]:
        raise ConversionError("templates/agenda.docx: error: the template is damaged")

    _started, start = _workers(_Converts)
    with (
        Converter(tmp_path / "cache", workers=2, start_worker=start) as converter,
        pytest.raises(ConversionError, match="template is damaged"),
    ):
        converter.convert([Job(FIRST, "packs/a.docx")], later=later)


def test_a_second_ctrl_c_while_libreoffice_is_stopped_stops_it_all_the_same(tmp_path):
    """An impatient officer presses Ctrl+C again while the build stops LibreOffice (or
    `timeout` passes one on): every worker is still stopped and the converter's folder of
    copied papers removed, and the interrupt is raised after."""
    import os
    import signal

    class _Interrupted(_Records):
        def stop(self, kill: bool = False) -> None:
            os.kill(os.getpid(), signal.SIGINT)  # the second Ctrl+C, during the first stop
            super().stop(kill)

    started, start = _workers(_Interrupted)
    converter = Converter(tmp_path / "cache", workers=2, start_worker=start, build=tmp_path)
    converter.convert([Job(FIRST, "packs/a.docx"), Job(SECOND, "packs/b.docx")])
    folder = converter._folder()
    with pytest.raises(KeyboardInterrupt):
        converter.close(kill=True)
    assert len(started) == 2 and all(worker.stopped for worker in started)
    assert not folder.exists()


@pytest.mark.skipif(convert._jemalloc() is None, reason="no libjemalloc2 on this machine")
def test_libreoffice_converts_with_jemalloc_and_the_same_pdf(tmp_path, monkeypatch):
    """LibreOffice runs on jemalloc where the machine has it (a fifth less CPU a report),
    and makes the very same PDF as on glibc's malloc."""
    from agendapack.documents.unoworker import office_processes

    made = []
    for allocator in ("jemalloc", "glibc"):
        if allocator == "glibc":  # a machine's own MALLOC_CONF: no jemalloc forced on it
            monkeypatch.setenv("MALLOC_CONF", "narenas:1")
        worker = convert._Worker(tmp_path)
        try:
            worker.wait_ready()
            office = [
                pid
                for pid in office_processes(worker.profile)
                if Path(f"/proc/{pid}/comm").read_text().strip() == "soffice.bin"
            ]
            assert office
            maps = Path(f"/proc/{office[0]}/maps").read_text()
            assert ("libjemalloc" in maps) is (allocator == "jemalloc")
            target = tmp_path / f"{allocator}.pdf"
            worker.send(FIRST, target)
            assert worker.receive(60)["ok"]
            made.append(text(target))
        finally:
            worker.stop()
    assert made[0] == made[1] and "Placement Sufficiency" in made[0]
