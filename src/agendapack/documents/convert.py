"""Word documents to PDF with LibreOffice, started once per build and cached by content.

Each worker is one headless soffice driven over UNO by ``unoworker.py`` (run with Debian's
python3, which has the bridge), with a throw-away profile so an officer's own LibreOffice
is untouched. Two workers use both cores. A document that has been converted before, by
the same LibreOffice, is taken from ``build/.cache/pdf/`` and never converted again.

LibreOffice's profiles, its own temporary files and the working copies of the papers live
in one folder per converter: under the workspace's ``build/.tmp/`` when the converter is
given the build folder (where the next build removes what a killed one left), else in the
system's temp folder. Either way it is gone when the converter is closed.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import glob
import hashlib
import itertools
import json
import os
import queue
import re
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from agendapack import scratch
from agendapack.documents.checks import word_problem, word_warnings
from agendapack.documents.unoworker import kill_office
from agendapack.errors import AgendapackError, ConversionError, DocumentError, Problem
from agendapack.layout import Layout
from agendapack.store import keep_open

if TYPE_CHECKING:
    import pikepdf

FILTERS = {
    ".docx": "MS Word 2007 XML",
    ".doc": "MS Word 97",
    ".odt": "writer8",
    ".rtf": "Rich Text Format",
    ".xlsx": "Calc MS Excel 2007 XML",
    ".xls": "MS Excel 97",
    ".ods": "calc8",
    ".pptx": "Impress MS PowerPoint 2007 XML",
    ".ppt": "MS PowerPoint 97",
    ".odp": "impress8",
}
# The PDF export of each kind of file that is not a text document, for the command line
# (the UNO worker asks the opened document what it is: unoworker.export_filter)
_EXPORTS = {
    **dict.fromkeys((".xlsx", ".xls", ".ods"), "calc_pdf_Export"),
    **dict.fromkeys((".pptx", ".ppt", ".odp"), "impress_pdf_Export"),
}
# Bump when the export options in unoworker.py change, so old cached PDFs are not reused.
# 2: tracked changes shown as accepted; 3: PDF/UA; 4: linked pictures no longer fetched;
# 5: pictures marked decorative in Word are artifacts
EXPORT_VERSION = "tagged-5"
UNO_PYTHON = "/usr/bin/python3"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
SAVE_AGAIN = "open it in Word and save it again"
# LibreOffice 7.4 crashes on some Word comments and tracked changes
TRACKED_SAVE_AGAIN = (
    "accept or reject its tracked changes and delete its comments in Word, then save it again"
)


def clean_workspace(layout: Layout) -> list[Path]:
    """Remove what killed runs left anywhere agendapack writes (layout.scratch_folders):
    build/, the site and the feeds included, and the editions of record, the programme
    files and the papers' folders, which it also writes through temporary files."""
    removed = clean_leftovers(layout.build)
    for folder in layout.scratch_folders:
        if folder != layout.build:
            removed += scratch.clean_leftovers(folder)
    return removed


def clean_leftovers(build: Path) -> list[Path]:
    """Remove what killed builds left under `build`, stopping a LibreOffice still running
    on one of their profiles first; returns what was removed."""
    return scratch.clean_leftovers(build, kill_office)


def libreoffice_version() -> str:
    """What identifies this LibreOffice build, for the cache key."""
    soffice = shutil.which("soffice")
    if not soffice:
        raise AgendapackError(
            Problem.error(
                "",
                "LibreOffice is not installed; run `make run` (it installs "
                "libreoffice-writer-nogui) or install it from your packages",
            )
        )
    program = Path(os.path.realpath(soffice)).parent
    versionrc = program / "versionrc"
    if versionrc.is_file():
        return hashlib.sha256(versionrc.read_bytes()).hexdigest()[:16]
    return (
        str(os.stat(program / "soffice.bin").st_mtime_ns)
        if (program / "soffice.bin").exists()
        else "unknown"
    )


def _program_setting(file: str, name: str) -> str:
    """A setting of LibreOffice's own program folder (versionrc, bootstraprc); "" if it
    cannot be read."""
    soffice = shutil.which("soffice")
    if not soffice:
        return ""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        text = (Path(os.path.realpath(soffice)).parent / file).read_text(encoding="utf-8")
        for line in text.splitlines():
            key, _, value = line.partition("=")
            if key.strip() == name:
                return value.strip()
    return ""


@functools.cache
def _build_id() -> str:
    """LibreOffice's build id ("40(Build:2)"); "" if unknown."""
    return _program_setting("versionrc", "buildid")


@functools.cache
def _product_version() -> str:
    """LibreOffice's version as its settings name it ("7.4"); "" if unknown."""
    version = _program_setting("bootstraprc", "ProductKey").rpartition(" ")[2]
    return version if re.fullmatch(r"\d+\.\d+", version) else ""


# The settings every profile starts with. Two make it start as one that has run this
# LibreOffice before (see new_profile). One keeps a paper from reaching outside itself: a
# picture linked rather than embedded (`r:link`, `TargetMode="External"`, a web address or
# a path on the building's network) is otherwise fetched while the paper is converted, and
# published in the pack: a file on the machine that builds, or whatever a web server chose
# to answer, with a request that tells its owner when the pack was built. Blocked, a linked
# picture is left out, as it is of the paper's web page (documents/word_html.py), and
# `check` says so (documents/checks.py).
_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry">
{version}<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""
_SEEN_VERSION = """<item oor:path="/org.openoffice.Setup/Product">\
<prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>{version}</value></prop></item>
"""


def new_profile(folder: Path) -> Path:
    """A throw-away LibreOffice profile in `folder`, seeded to start as if it had run this
    LibreOffice before: a start takes a third of the time and CPU (0.32 s to 0.11 s here),
    which a cold build's other worker needs.

    A new profile costs LibreOffice two things. Without the build id it last ran with, it
    cleans and registers its extension cache afresh, then exits and starts soffice.bin
    again. Without the version it last ran, it is "upgraded", and runs its graphics
    render tests (some sixty drawings, up to 4096 pixels square, for a log no one reads).
    The seed is those two facts, read from LibreOffice's own files. Should a version read
    them otherwise, it does what it does for any new profile. The seed also keeps linked
    pictures out (_SETTINGS)."""
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=folder))
    user = profile / "user"
    build_id, version = _build_id(), _product_version()
    if build_id:
        (user / "extensions").mkdir(parents=True)
        (user / "extensions" / "buildid").write_text(build_id, encoding="latin-1")
    seen = _SEEN_VERSION.format(version=version) if version else ""
    user.mkdir(exist_ok=True)
    settings = _SETTINGS.format(version=seen)
    (user / "registrymodifications.xcu").write_text(settings, encoding="utf-8")
    return profile


def conversion_likely(root: Path) -> bool:
    """A guess, before the programme is read, at whether a build of the workspace at `root`
    will have LibreOffice convert anything: whether a Word paper, a template or a programme
    file is newer than every PDF it has converted (or it has converted none). Starting
    LibreOffice while the programme is read saves its start-up time; a wrong guess costs
    a start that was not needed, or saves nothing."""
    layout = Layout(root)
    try:
        converted = max(entry.stat().st_mtime_ns for entry in os.scandir(layout.converted))
    except (OSError, ValueError):  # no cache yet, or an empty one
        return layout.programme.is_dir()
    kinds = {*FILTERS, ".toml"}
    for folder in layout.edited:
        for path in folder.rglob("*"):
            if path.suffix.lower() in kinds:
                with contextlib.suppress(OSError):
                    if path.stat().st_mtime_ns > converted:
                        return True
    return False


@dataclass(frozen=True)
class Job:
    """One document to have as PDF."""

    source: Path
    shown: str  # how messages name it: packs/.../report.docx
    key: str = ""  # the cache key; from the file's content when empty


class _Timeout(Exception):
    pass


class Worker(Protocol):
    """One LibreOffice that converts a document at a time: what the converter needs of it,
    so that a test can put a worker in its place that hangs, crashes or answers at once."""

    def send(self, source: Path, target: Path) -> None:
        """Ask for `source` converted to `target`; the answer comes from `receive`."""

    def receive(self, timeout: float) -> dict:
        """{"ok": True}, or {"ok": False, "error": ..., "dead": ...}; raises _Timeout after
        `timeout` seconds, RuntimeError when the worker has stopped."""

    def finish(self) -> None:
        """Ask it to end, without waiting."""

    def stop(self, kill: bool = False) -> None:
        """End it (at once with `kill`), and remove its profile."""


# LibreOffice 7.4 allocates and frees a buffer of 64 to 128 MB again and again as it starts
# and converts; above glibc's default threshold each one is a fresh mapping the kernel
# zeroes page by page (300,000 page faults for one start). Kept on the heap instead, a
# start takes half the time (1.2 s to 0.6 s here) for 40 MB more memory.
MALLOC_TUNABLES = "glibc.malloc.mmap_threshold=134217728:glibc.malloc.trim_threshold=268435456"


# LibreOffice spends a fifth of a conversion in glibc's malloc and free (perf: malloc,
# _int_malloc, malloc_consolidate, unlink_chunk, _int_free, on the benchmark's reports).
# With jemalloc in its place, where the machine has it (Debian's libjemalloc2, which
# `make run` installs), 40 reports cost 3.9 to 4.1 s of CPU, not 5.0. Never purging what
# it frees keeps the start's churn of large buffers (above) on the heap, as the glibc
# settings do: a worker's memory goes back when it ends.
JEMALLOC_CONF = "oversize_threshold:0,dirty_decay_ms:-1,muzzy_decay_ms:-1"


@functools.cache
def _jemalloc() -> str | None:
    """jemalloc's library, if the machine has it: a fact for the process's life."""
    found = sorted(glob.glob("/usr/lib/*/libjemalloc.so.2")) + sorted(
        glob.glob("/usr/lib*/libjemalloc.so.2")
    )
    return found[0] if found else None


def _office_environment(folder: Path) -> dict[str, str]:
    # LibreOffice's own temporary files (copies of the documents among them) go into the
    # converter's folder, not the system's temp folder
    tunables = os.environ.get("GLIBC_TUNABLES")  # a machine's own settings come first
    environment = {
        **os.environ,
        "TMPDIR": str(folder),
        "TMP": str(folder),
        "TEMP": str(folder),
        "GLIBC_TUNABLES": f"{tunables}:{MALLOC_TUNABLES}" if tunables else MALLOC_TUNABLES,
    }
    return on_jemalloc(environment)


def on_jemalloc(environment: dict[str, str]) -> dict[str, str]:
    """`environment` for a program that allocates as LibreOffice does (poppler too), run on
    jemalloc where the machine has it and has not chosen otherwise."""
    jemalloc = _jemalloc()
    if jemalloc and "MALLOC_CONF" not in environment:  # a machine's own choice stands
        preload = environment.get("LD_PRELOAD")
        environment = {
            **environment,
            "LD_PRELOAD": f"{preload}:{jemalloc}" if preload else jemalloc,
            "MALLOC_CONF": JEMALLOC_CONF,
        }
    return environment


class _Worker:
    """One soffice behind one unoworker.py process, with a profile in `folder`."""

    def __init__(self, folder: Path) -> None:
        script = Path(__file__).with_name("unoworker.py")
        # The worker removes its profile when it ends; if it is killed, stop() does.
        self.profile = new_profile(folder)
        self.process = subprocess.Popen(
            [UNO_PYTHON, "-I", str(script), str(self.profile)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
            env=_office_environment(folder),
        )
        self.ready = False

    def _read(self, timeout: float) -> dict:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            raise _Timeout
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the LibreOffice worker stopped")
        return json.loads(line)

    def wait_ready(self) -> None:
        if not self.ready:
            answer = self._read(START_TIMEOUT)
            self.ready = bool(answer.get("ready"))

    def send(self, source: Path, target: Path) -> None:
        """Ask for a conversion; the answer is read with `receive`."""
        self.wait_ready()
        assert self.process.stdin is not None
        request = {
            "source": str(source),
            "target": str(target),
            "filter": FILTERS[source.suffix.lower()],
        }
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()

    def receive(self, timeout: float) -> dict:
        return self._read(timeout)

    def finish(self) -> None:
        """Ask the worker to end (it stops its soffice) without waiting."""
        with contextlib.suppress(OSError, ValueError):
            assert self.process.stdin is not None
            self.process.stdin.close()

    def stop(self, kill: bool = False) -> None:
        if self.process.poll() is None and not kill:
            self.finish()
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                kill = True
        if kill:
            kill_office(self.profile)  # first, while its pipes can still be found
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            shutil.rmtree(self.profile, ignore_errors=True)
        # the pipes go with the process: left to the garbage collector, each is a
        # ResourceWarning printed to the terminal of anyone who asks to see warnings
        for pipe in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError, ValueError):
                if pipe is not None:
                    pipe.close()


def _tracked(source: Path) -> bool:
    return any(w.startswith("has tracked changes") for w in word_warnings(source))


def command_line_convert(source: Path, profile: Path, timeout: float) -> Path | None:
    """Convert `source`, alone in a folder, with LibreOffice's command line and a profile of
    its own; the PDF it made beside it, or None. Slower than a worker, but it opens some
    files that crash LibreOffice behind its UNO interface."""
    options = json.dumps(
        {
            name: {"type": "boolean", "value": value}
            for name, value in (
                ("UseTaggedPDF", "true"),
                ("PDFUACompliance", "true"),
                ("ExportNotes", "false"),
                ("ExportFormFields", "false"),
            )
        }
    )
    process = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            f"pdf:{_EXPORTS.get(source.suffix.lower(), 'writer_pdf_Export')}:{options}",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=_office_environment(source.parent),
    )
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_office(profile)  # first, while its pipes can still be found
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return None
    finally:
        kill_office(profile)
    produced = source.with_suffix(".pdf")
    return produced if produced.is_file() else None


class Converter:
    """Converts documents to PDF for one build; use as a context manager.

    `timeout` is the time limit for one document, in seconds. `build`, the workspace's
    build/ folder, holds the converter's temporary files (build/.tmp/); without it they go
    to the system's temp folder. `start_worker` starts one LibreOffice worker with its
    profile in the folder it is given, and `convert_alone` is the second try at a document
    that crashed one: tests replace both, to try the crash, time-out and retry paths.
    """

    def __init__(
        self,
        cache: Path,
        *,
        workers: int | None = None,
        timeout: float = 120.0,
        on_done: Callable[[str], None] | None = None,
        build: Path | None = None,
        start_worker: Callable[[Path], Worker] = _Worker,
        convert_alone: Callable[[Path, Path, float], Path | None] = command_line_convert,
    ) -> None:
        self.cache = cache
        self.timeout = timeout
        self.size = workers or max(1, min(2, os.cpu_count() or 1))
        self.on_done = on_done or (lambda shown: None)
        self.version = ""
        self.converted = 0
        self.cached = 0
        self.build = build
        self.start_worker = start_worker
        self.convert_alone = convert_alone
        self._workers: list[Worker | None] = []
        self._scratch: Path | None = None
        self._numbers = itertools.count(1)
        self._closing = False
        self._threads: list[threading.Thread] = []
        self._retiring: list[Worker] = []  # released, not yet seen to have ended
        self._decorative: set[Path] = set()  # PDFs to come whose source has DECORATIVE

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self.close(kill=kind is not None)

    def release(self) -> None:
        """Let LibreOffice go now, the caller having nothing more to convert: it shuts down
        while the caller collates, rather than when the converter is closed. A conversion
        after this starts new workers; `close` waits for these to have ended."""
        for slot, worker in enumerate(self._workers):
            if worker is not None:
                worker.finish()
                self._retiring.append(worker)
                self._workers[slot] = None

    def close(self, kill: bool = False) -> None:
        """End every worker and remove the converter's folder. Workers are asked to end
        at once, then waited for (a fraction of a second), so that no LibreOffice and none
        of its files outlive the build; with `kill` (Ctrl+C, say) they are killed. A
        Ctrl+C or SIGTERM that comes meanwhile is raised once all of that is done."""
        with _held_back():
            self._close(kill)

    def _close(self, kill: bool) -> None:
        self._closing = True
        workers = [w for w in self._workers if w is not None] + self._retiring
        self._retiring = []
        for worker in workers:
            worker.finish()
        for worker in workers:
            worker.stop(kill=kill)
        # Interrupted mid-batch, the threads that fed the workers are still running: they
        # end once their workers are gone, and must not be left starting new ones.
        for thread in self._threads:
            thread.join(timeout=STOP_TIMEOUT)
        self._threads = []
        for late in self._workers:
            if late is not None and late not in workers:
                late.stop(kill=True)
        self._workers = []
        if self._scratch:
            if self.build:
                scratch.remove_folder(self._scratch)
            else:
                shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def _folder(self) -> Path:
        """The converter's own folder for temporary files, made when first needed."""
        if self._closing:  # a thread still running after close(): no new folder, no worker
            raise RuntimeError("the converter is closing")
        if self._scratch is None:
            if self.build:
                self._scratch = scratch.process_folder(self.build)
            else:
                self._scratch = Path(tempfile.mkdtemp(prefix="agendapack-"))
        return self._scratch

    def cache_version(self) -> str:
        if not self.version:
            self.version = libreoffice_version()
        return self.version

    def cache_path(self, job: Job) -> Path:
        self.cache_version()
        digest = hashlib.sha256()
        digest.update(f"{self.version}\0{EXPORT_VERSION}\0".encode())
        if job.key:
            digest.update(job.key.encode())
        else:
            digest.update(job.source.suffix.lower().encode() + b"\0")
            digest.update(job.source.read_bytes())
        return self.cache / f"{digest.hexdigest()}.pdf"

    def convert(
        self,
        jobs: list[Job],
        on_ready: Callable[[int, Path], None] | None = None,
        later: Callable[[], list[Job]] | None = None,
    ) -> list[Path]:
        """The PDF of each job, in order; converts only what the cache lacks.

        `on_ready(index, pdf)` is told of each job's PDF as soon as it is there: at once
        for one from the cache, from the converter's own threads for the rest, while
        LibreOffice goes on with the others. `later`, when given, is asked for more jobs
        once LibreOffice has the first ones, so that what is rendered for the build (a
        front sheet's first draft) is made while LibreOffice is already busy; their PDFs
        follow the others, in order. Raises DocumentError for a Word file that cannot be
        sent to LibreOffice, ConversionError with one line per document that failed.
        """
        results: list[Path] = []
        todo: dict[Path, Job] = {}
        waiting: dict[Path, list[int]] = {}
        converted: set[Path] = set()
        problems: list[Problem] = []
        lock = threading.Lock()  # `later` adds jobs while the workers finish others

        def add(more: list[Job]) -> list[tuple[Path, Job]]:
            """Take jobs in: what is cached is ready at once; the rest to convert."""
            new: list[tuple[Path, Job]] = []
            for job in more:
                index, path = len(results), self.cache_path(job)
                results.append(path)
                with lock:
                    done = path in converted
                    if path in todo and not done:
                        waiting[path].append(index)
                        continue
                if done or path.is_file():
                    if not done:
                        self.cached += 1
                        self.on_done(job.shown)
                    if on_ready:
                        on_ready(index, path)
                    continue
                problem = word_problem(job.source)
                if problem:
                    problems.append(Problem.error(job.shown, f"the document {problem}"))
                    continue
                with lock:
                    todo[path] = job
                    waiting[path] = [index]
                new.append((path, job))
            return new

        def ready(path: Path) -> None:
            with lock:
                converted.add(path)
                indices = list(waiting[path])
            for index in indices:
                if on_ready:
                    on_ready(index, path)

        first = add(jobs)
        if later is not None and not first and not problems:
            first = add(later())  # LibreOffice has nothing yet: nothing is gained by waiting
            later = None
        if problems:
            raise DocumentError(*problems)
        if first:
            failed = self._convert_all(first, ready, (lambda: add(later())) if later else None)
            if problems:  # a late job that could not be sent
                raise DocumentError(*problems)
            if failed:
                raise ConversionError(*failed)
        return results

    def prestart(self, count: int | None = None) -> None:
        """Start LibreOffice now, so it is ready by the time the first document is."""
        self._closing = False
        folder = self._folder()
        while len(self._workers) < min(self.size, count or self.size):
            self._workers.append(self.start_worker(folder))

    def _convert_all(
        self,
        todo: list[tuple[Path, Job]],
        ready: Callable[[Path], None],
        later: Callable[[], list[tuple[Path, Job]]] | None = None,
    ) -> list[Problem]:
        """Convert `todo` (and what `later` gives while they convert) with every worker;
        `ready(cached)` is told of each PDF as it is done. The problems of the documents
        that failed, one each."""
        self.cache.mkdir(parents=True, exist_ok=True)
        self.prestart(len(todo))
        return _Batch(self, todo, ready).convert(later)

    def _send(self, slot: int, cached: Path, job: Job) -> tuple[Job, Path, Path] | Problem:
        """Hand a document to a worker: (job, cache path, target), or why it could not."""
        work = self._folder() / f"job-{next(self._numbers)}"  # next() on a count is atomic
        work.mkdir()
        # A private copy: LibreOffice leaves lock files beside what it opens, and a file
        # name with odd characters must not matter.
        source = work / f"source{job.source.suffix.lower()}"
        target = work / "out.pdf"
        if _private_copy(job.source, source):
            self._decorative.add(target)
        for _attempt in range(2):
            try:
                worker = self._workers[slot] or self.start_worker(self._folder())
                self._workers[slot] = worker
                worker.send(source, target)
                return job, cached, target
            except (_Timeout, RuntimeError, OSError, ValueError):
                self._replace_worker(slot)
        return Problem.error(job.shown, "LibreOffice could not be started to convert it")

    def _finish(self, job: Job, cached: Path, target: Path, answer: dict) -> Problem | None:
        """Check what LibreOffice answered and made; put the PDF in the cache."""
        if not answer.get("ok"):
            reason = answer.get("error") or "no reason given"
            return Problem.error(
                job.shown, f"LibreOffice could not convert it ({reason})", advice=SAVE_AGAIN
            )
        if not target.is_file():
            return Problem.error(job.shown, "LibreOffice made no PDF of it", advice="save it again")
        decorative = target in self._decorative
        self._decorative.discard(target)
        if not _usable(target, decorative=decorative):
            return Problem.error(
                job.shown, "LibreOffice made no usable PDF of it", advice="save it again"
            )
        _into_cache(target, cached)
        shutil.rmtree(target.parent, ignore_errors=True)
        return None

    def _convert_alone(self, job: Job, cached: Path) -> bool:
        """Try a document that failed once more, with LibreOffice's command line and a
        profile of its own: some files that crash LibreOffice behind its UNO interface
        (Word comments, in 7.4) convert this way. Not one with tracked changes, which this
        way would print deletions struck through."""
        if _tracked(job.source):
            return False
        profile = new_profile(self._folder())
        work = Path(tempfile.mkdtemp(prefix="alone-", dir=self._folder()))
        try:
            source = work / f"source{job.source.suffix.lower()}"
            decorative = _private_copy(job.source, source)
            produced = self.convert_alone(source, profile, self.timeout)
            if produced is None:
                return False
            if not _usable(produced, decorative=decorative):
                return False
            _into_cache(produced, cached)
            return True
        finally:
            shutil.rmtree(profile, ignore_errors=True)
            shutil.rmtree(work, ignore_errors=True)

    def _replace_worker(self, slot: int) -> None:
        """A worker that hung or died is killed, with its soffice; a new one is started
        when the slot next has work."""
        worker = self._workers[slot]
        if worker is not None:
            worker.stop(kill=True)
        self._workers[slot] = None


@dataclass(frozen=True)
class _InFlight:
    """A document a worker's LibreOffice is converting."""

    job: Job
    cached: Path  # where its PDF goes in the cache
    target: Path  # where LibreOffice writes it


class _Batch:
    """One call's documents shared out among the converter's workers, a thread each: the
    queue of what is left, the problems found, and what stops the batch (a full disk, say:
    raised in the caller's thread, not in a worker's)."""

    def __init__(
        self, converter: Converter, todo: list[tuple[Path, Job]], ready: Callable[[Path], None]
    ) -> None:
        self.converter = converter
        self.ready = ready
        self.pending: queue.Queue[tuple[Path, Job] | None] = queue.Queue()
        # The longest first, so that the workers finish together rather than one waiting
        # while the other converts a long report it happened to take last.
        for item in sorted(todo, key=lambda item: -_size(item[1].source)):
            self.pending.put(item)
        self.problems: list[Problem] = []
        self.failures: list[BaseException] = []
        self.lock = threading.Lock()

    def convert(self, later: Callable[[], list[tuple[Path, Job]]] | None) -> list[Problem]:
        converter = self.converter
        # each in the run's context: the PDFs they open are kept in the run's store
        threads = [
            threading.Thread(target=contextvars.copy_context().run, args=(self.run, slot))
            for slot in range(len(converter._workers))
        ]
        converter._threads = threads  # for close(), should Ctrl+C or SIGTERM come meanwhile
        for thread in threads:
            thread.start()
        try:
            for item in later() if later else []:
                self.pending.put(item)
        except BaseException as exc:  # raised once the workers have stopped taking
            with self.lock:
                self.failures.append(exc)
        finally:
            self.pending.put(None)
        for thread in threads:
            thread.join()
        if self.failures:
            raise self.failures[0]
        return sorted(self.problems)

    def take(self) -> tuple[Path, Job] | None:
        """The next document, or None once there are none (a None follows the last one
        into the queue, and stays there for every worker) or the batch is given up."""
        while not (self.converter._closing or self.failures):
            with contextlib.suppress(queue.Empty):
                item = self.pending.get(timeout=0.05)
                if item is None:
                    self.pending.put(None)
                return item
        return None

    def record(self, job: Job, problem: Problem | None, cached: Path | None = None) -> None:
        with self.lock:
            if problem:
                self.problems.append(problem)
            else:
                self.converter.converted += 1
                self.converter.on_done(job.shown)
        if cached is not None:
            self.ready(cached)

    def run(self, slot: int) -> None:
        try:
            self.pipeline(slot)
        except Exception as exc:
            if not self.converter._closing:  # once closing, workers vanish under the threads
                with self.lock:
                    self.failures.append(exc)

    def pipeline(self, slot: int) -> None:
        """Convert documents with the worker in `slot` until none is left. Pipelined: the
        next document is sent before the last one's PDF is moved and read, so LibreOffice
        never waits for Python."""
        flight = self.send(slot)
        while flight is not None:
            answer = self.answer(slot, flight)
            if answer is None:  # recorded as failed, or the converter is closing
                if self.converter._closing:
                    return
                flight = self.send(slot)
                continue
            if answer.get("dead"):  # soffice crashed on it: a fresh one for the rest
                self.converter._replace_worker(slot)
            following = self.send(slot)
            problem = self.checked(flight, answer)
            self.record(flight.job, problem, None if problem else flight.cached)
            flight = following

    def send(self, slot: int) -> _InFlight | None:
        """Hand the next document that can be sent to the worker; None when none is left."""
        while (taken := self.take()) is not None:
            sent = self.converter._send(slot, *taken)
            if isinstance(sent, Problem):
                self.record(taken[1], sent)
                continue
            return _InFlight(*sent)
        return None

    def answer(self, slot: int, flight: _InFlight) -> dict | None:
        """What the worker says of the document in flight; None when it said nothing (it
        took too long, or its LibreOffice stopped), the document's fate recorded."""
        converter = self.converter
        try:
            worker = converter._workers[slot]
            assert worker is not None  # a document in flight has its worker
            return worker.receive(converter.timeout)
        except _Timeout:
            converter._replace_worker(slot)
            problem = Problem.error(
                flight.job.shown,
                f"LibreOffice took longer than {converter.timeout:g} s to convert it",
                advice="open it in Word, check it, and save it again",
            )
            self.record(flight.job, problem)
        except (RuntimeError, OSError, ValueError):
            converter._replace_worker(slot)
            if converter._closing:
                return None
            if converter._convert_alone(flight.job, flight.cached):
                self.record(flight.job, None, flight.cached)
            else:
                problem = Problem.error(
                    flight.job.shown, "LibreOffice stopped while converting it", advice=SAVE_AGAIN
                )
                self.record(flight.job, problem)
        return None

    def checked(self, flight: _InFlight, answer: dict) -> Problem | None:
        """The converted PDF put in the cache, or what is wrong; a failure is tried once
        more on its own."""
        converter = self.converter
        problem = converter._finish(flight.job, flight.cached, flight.target, answer)
        if problem and converter._convert_alone(flight.job, flight.cached):
            return None
        if problem and problem.advice == SAVE_AGAIN and _tracked(flight.job.source):
            return replace(problem, advice=TRACKED_SAVE_AGAIN)
        return problem


@contextlib.contextmanager
def _held_back() -> Iterator[None]:
    """Ctrl+C and SIGTERM held back while LibreOffice is stopped, and raised after. A
    second Ctrl+C (an impatient officer, or `timeout` passing one on) that cut the stopping
    short would leave a soffice running and LibreOffice's copies of the papers, exempt
    ones among them, in build/.tmp/. Only the main thread can be told of signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    handlers = {
        number: signal.signal(number, lambda signum, frame: caught.append(signum))
        for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    if caught:
        raise KeyboardInterrupt


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _usable(pdf: Path, decorative: bool = False) -> bool:
    """Whether LibreOffice's PDF opens and has pages. The opening is kept for its clean
    copy (store.KeptOpen), made from it by the build's own thread: read once. With
    `decorative` (its source's pictures marked so, `_private_copy`), those pictures are
    made artifacts first."""
    import pikepdf

    try:
        opened = pikepdf.open(pdf)
    except Exception:
        return False
    try:
        usable = len(opened.pages) > 0
    except Exception:
        usable = False
    if usable and decorative:
        try:
            opened = _decorative_as_artifacts(opened, pdf)
        except Exception:
            opened.close()
            return False
    if usable:
        keep_open(pdf, opened)  # known by its inode: moving it into the cache keeps it
    else:
        opened.close()
    return usable


# LibreOffice 7.4 ignores Word's "Mark as decorative" (its pictures have no Decorative
# property before 7.5): the PDF had a /Figure without /Alt for each such picture, failing
# PDF/UA-1, though the author did what was asked. Its private copy gives each one this
# description instead, which the PDF's figure carries as its /Alt: the figures with it are
# made artifacts (pdf/structure.py, artifact_figures), and no other is touched.
DECORATIVE = "agendapack:decorative-picture"
_OFF = {"0", "false", "off"}
_XML = re.compile(r"word/[^/]+\.xml")


def _private_copy(source: Path, copy: Path) -> bool:
    """Copy a document for LibreOffice to open; a Word file's pictures marked decorative
    given DECORATIVE as description in the copy. Whether any were."""
    shutil.copyfile(source, copy)
    if copy.suffix != ".docx":
        return False
    try:
        with zipfile.ZipFile(copy) as archive:
            parts = {
                info.filename: _marked(archive.read(info))
                for info in archive.infolist()
                if _XML.fullmatch(info.filename)
            }
            marked = {name: data for name, data in parts.items() if data is not None}
            if not marked:
                return False  # most papers: the copy is the file
            entries = [
                (info, marked.get(info.filename) or archive.read(info))
                for info in archive.infolist()
            ]
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return False  # LibreOffice says what is wrong with it
    with zipfile.ZipFile(copy, "w") as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return True


def _marked(data: bytes) -> bytes | None:
    """A Word part with its pictures marked decorative described DECORATIVE; None if it
    has none. Only a picture: a text box or chart marked so still holds words."""
    if b"decorative" not in data:
        return None
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    changed = False
    for properties in root.iter("{*}docPr"):
        drawing = properties.getparent()  # wp:inline or wp:anchor
        if drawing is None or not any(
            isinstance(e.tag, str)
            and e.tag.endswith("}decorative")
            and (e.get("val") or "1").lower() not in _OFF
            for e in properties.iter()
        ):
            continue
        shown = {etree.QName(e).localname for e in drawing.iter() if isinstance(e.tag, str)}
        if "pic" not in shown or shown & {"txbx", "txbxContent", "chart", "wsp"}:
            continue
        properties.set("descr", DECORATIVE)
        properties.attrib.pop("title", None)  # a title alone LibreOffice takes as /Alt
        changed = True
    if not changed:
        return None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _decorative_as_artifacts(opened: pikepdf.Pdf, pdf: Path) -> pikepdf.Pdf:
    """The PDF with its figures of DECORATIVE made artifacts, written over `pdf`, opened."""
    import pikepdf

    from agendapack.pdf.structure import artifact_figures

    done, left = artifact_figures(opened, DECORATIVE)
    if not done and not left:
        return opened
    changed = pdf.with_name(f"{pdf.name}.decorative")
    opened.save(changed)
    opened.close()
    os.replace(changed, pdf)
    return pikepdf.open(pdf)


def _into_cache(pdf: Path, cached: Path) -> None:
    """Put a checked PDF in the cache whole: a rename when the converter's folder is on the
    cache's file system (under build/), else a copy to a partial file first, so the cache
    never holds part of a PDF."""
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        shutil.move(pdf, partial)
        os.replace(partial, cached)
    finally:
        partial.unlink(missing_ok=True)
