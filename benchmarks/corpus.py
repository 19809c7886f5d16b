"""The third-party corpus (`../shared/corpus/`) through agendapack, one file at a time, as
a table: accepted or refused (and why), pages, and seconds per page.

Run: .venv/bin/python benchmarks/corpus.py   (needs LibreOffice; about a minute). Each
file goes the way a build takes it, timed on its own: the check (`paper_problem`), then a
Word file's conversion by one long-lived LibreOffice (`Converter`, started once before the
first), then the clean copy, the look-over and collation into a pack of its own after a
one-page front sheet. Seconds per page are those of the file's pages (its conversion
included), not the pack's. The invariants are the tests' (tests/test_corpus.py): this
only measures and tells.
Timing is reported, never asserted: this is not a test.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agendapack.documents.checks import paper_problem  # noqa: E402
from agendapack.documents.convert import Converter, Job  # noqa: E402
from agendapack.errors import AgendapackError  # noqa: E402
from agendapack.pdf.collate import PackInfo, Part, write_pack  # noqa: E402
from agendapack.pdf.sanitise import cleaned  # noqa: E402
from agendapack.pdf.sources import PageMemo, look_over, source_facts  # noqa: E402
from tests.corpus import CORPUS, corpus_files  # noqa: E402
from tests.pdftools import blank_pdf  # noqa: E402


def main() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        front = work / "front.pdf"
        front.write_bytes(blank_pdf())
        with Converter(work / "pdf", build=work) as converter:
            converter.prestart()
            for paper in corpus_files():
                rows.append(_run(paper, work, front, converter))
    _print(rows)


def _run(paper: Path, work: Path, front: Path, converter: Converter) -> tuple:
    started = time.perf_counter()
    kind = paper.suffix.lstrip(".")
    problem = paper_problem(paper, paper.name)
    if problem:
        why = problem.lstrip(": ").split(";")[0]
        return paper.name, kind, "refused", 0, 0.0, f"{why}{_qpdf_says(paper)}"
    try:
        pdf = paper
        if kind != "pdf":
            (pdf,) = converter.convert([Job(paper, paper.name)])
        clean = cleaned(pdf, work / "clean", paper.name, paper.stem)
        look_over(clean, paper.name, PageMemo())
        pages = source_facts(clean, paper.name).pages
        write_pack(
            front,
            [Part(clean, paper.name, paper.stem, 1, "1. Paper")],
            io.BytesIO(),
            PackInfo("Corpus", "Council"),
            duplex=True,
        )
    except AgendapackError as exc:
        return paper.name, kind, "failed", 0, 0.0, exc.lines[0].split(": error: ")[-1]
    seconds = time.perf_counter() - started
    return paper.name, kind, "accepted", pages, seconds, ""


def _qpdf_says(paper: Path) -> str:
    """What qpdf itself says of a file refused: the true reason behind the message."""
    import warnings

    import pikepdf

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pikepdf.open(paper) as pdf:
                _ = [page.mediabox for page in pdf.pages]
                return f" (qpdf: {len(pdf.pages)} pages)"
    except Exception as exc:  # the reason, without the file's path
        return f" (qpdf: {str(exc).split(': ', 1)[-1]})"


def _print(rows: list[tuple]) -> None:
    verdicts = Counter(row[2] for row in rows)
    accepted = [row for row in rows if row[2] == "accepted"]
    pages = sum(row[3] for row in accepted)
    seconds = sum(row[4] for row in accepted)
    per_page = [row[4] / row[3] for row in accepted if row[3]]
    print(
        f"{len(rows)} files: {verdicts['accepted']} accepted, {verdicts['refused']} refused, "
        f"{verdicts['failed']} failed after the check; {pages} pages accepted in "
        f"{seconds:.1f} s ({seconds / max(pages, 1):.3f} s a page overall; per file, median "
        f"{statistics.median(per_page):.3f}, slowest {max(per_page):.3f})"
    )
    reasons = Counter(row[5].split(" (qpdf")[0] for row in rows if row[2] != "accepted")
    for reason, count in reasons.most_common():
        print(f"  {count} x {reason}")
    print()
    print("| file | kind | verdict | pages | s | s/page | why |")
    print("|---|---|---|---:|---:|---:|---|")
    for name, kind, verdict, count, spent, why in rows:
        rate = f"{spent / count:.3f}" if count else ""
        spent_text = f"{spent:.2f}" if count else ""
        print(f"| {name} | {kind} | {verdict} | {count or ''} | {spent_text} | {rate} | {why} |")


if __name__ == "__main__":
    main()
