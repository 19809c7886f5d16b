"""Benchmark: building a synthetic meeting of about 500 pages, against plain baselines.

Run: .venv/bin/python benchmarks/pack.py   (needs LibreOffice and qpdf: `make test` installs
both). It prints, from one run:
  (a) `agendapack build` with an empty cache, (b) again with nothing changed, (c) after one
  DOCX changed; the baselines (d) one `soffice --headless --convert-to pdf` call for all 40
  DOCX (and, where the machine has jemalloc, the same call on it, as agendapack runs
  LibreOffice: said beside the target, which stays a plain soffice) and
  (e) `qpdf --empty --pages <all PDFs> -- out.pdf`; the pack's size against (e)'s;
  and collation alone at 500 pages untagged and tagged, and tagged at 1,000 and 2,000 pages
  (seconds and peak memory); and what tagging an untagged page from its layout costs, cold
  and cached (`--tagging-only` for that alone).
Timing is reported, never asserted: this is not a test.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_example import write_pdf, write_report  # noqa: E402

from agendapack.documents.convert import on_jemalloc  # noqa: E402

AGENDAPACK = [sys.executable, "-m", "agendapack"]
RUNS = 3
PARAGRAPH = (
    "The committee considered how the service has performed over the year and what it plans next. "
) * 9


def make_workspace(root: Path) -> tuple[Path, list[Path], list[Path]]:
    """40 DOCX cover reports of 2 to 12 pages and 20 PDF appendices, in 20 items."""
    (root / "programme").mkdir(parents=True)
    (root / "programme/council.toml").write_text(
        'name = "Benchmark Council"\npublish_url = "https://example.gov.uk/"\nmax_items = 99\n'
    )
    folder = root / "packs/bench/2024-03-28"
    docx, pdfs, items = [], [], []
    for number in range(20):
        names = []
        for part in range(2):
            index = number * 2 + part
            pages = 2 + index % 11
            path = folder / f"report-{index:02d}.docx"
            write_report(
                path,
                "Benchmark Committee",
                "28 March 2024",
                f"Report {index}",
                "Report of the Director",
                [(f"Section {s}", [PARAGRAPH] * 4) for s in range(pages)],
            )
            docx.append(path)
            names.append(f'"{path.name}"')
        path = folder / f"appendix-{number:02d}.pdf"
        write_pdf(
            path,
            f"Appendix {number}",
            [(f"Part {p}", [PARAGRAPH * 2]) for p in range(8)],
            landscape_pages=(2,) if number % 3 == 0 else (),
            rotated_pages=(3,) if number % 4 == 0 else (),
        )
        pdfs.append(path)
        names.append(f'"{path.name}"')
        items.append(
            f'[[meeting.item]]\ntitle = "Item {number}"\ndocuments = [{", ".join(names)}]\n'
        )
    (root / "programme/bench.toml").write_text(
        'name = "Benchmark Committee"\ntime = 09:30:00\nopening = ["apologies", "declarations"]'
        "\nclosing = []\n\n[[meeting]]\ndate = 2024-03-28\n\n" + "\n".join(items)
    )
    return folder, docx, pdfs


CPU: dict[str, list[float]] = {}  # CPU seconds (user + system) of each timed run, by label


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(
    args: list[str], cwd: Path | None = None, label: str = "", env: dict[str, str] | None = None
) -> float:
    """Wall seconds of the command; its CPU seconds, and its children's that it waited
    for, go to CPU[label]: on a shared machine the wall clock says more of the others."""
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        args, check=True, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    CPU.setdefault(label, []).append(_children_cpu() - cpu)
    return time.perf_counter() - started


def collate_only(pages: int, tagged: bool = True) -> None:
    """Collate a front sheet and parts of `pages` pages in all, tagged (as LibreOffice's
    exports are) or not; print seconds and peak MB."""
    from agendapack.pdf.collate import PackInfo, Part, write_pack

    work = Path(tempfile.mkdtemp())
    front = work / "front.pdf"
    write_pdf(front, "Front sheet", [("Agenda", [PARAGRAPH])], tagged=tagged)
    part = work / "part.pdf"
    write_pdf(part, "Part", [(f"Page {n}", [PARAGRAPH * 3]) for n in range(20)], tagged=tagged)
    import pikepdf

    # pikepdf, as collation reads: pypdf's import alone (15 MB) would count as collation's
    with pikepdf.open(part) as opened:
        per_part = len(opened.pages)
    parts = [
        Part(part, "part.pdf", f"Document {n}", n, f"{n}. Item")
        for n in range(max(1, -(-(pages - 2) // per_part)))  # at least `pages` in all
    ]
    started = time.perf_counter()
    with (work / "pack.pdf").open("wb") as handle:
        placements = write_pack(front, parts, handle, PackInfo("T", "C"), duplex=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": placements[-1].last, "seconds": seconds, "peak_mb": peak}))
    shutil.rmtree(work)


def tagging_cost(parts: int = 25) -> None:
    """What tagging an untagged page from its layout costs (pdf/tagging.py): collation of
    `parts` untagged appendices of 20 pages, each page its own, with the analyses' cache
    empty, then full, then with tagging off (each page one figure, as before); print the
    seconds per untagged page tagging adds, cold and cached."""
    from agendapack.pdf import tagging
    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from agendapack.pdf.sources import PageMemo

    work = Path(tempfile.mkdtemp())
    front = work / "front.pdf"
    write_pdf(front, "Front sheet", [("Agenda", [PARAGRAPH])])
    sources = []
    for number in range(parts):
        part = work / f"part-{number}.pdf"
        sections = [(f"Appendix {number}, part {n}", [PARAGRAPH * 3]) for n in range(20)]
        write_pdf(part, f"Appendix {number}", sections, tagged=False)
        sources.append(Part(part, part.name, f"Appendix {number}", number, f"{number}. Item"))

    def collate(memo: PageMemo) -> tuple[float, int]:
        started = time.perf_counter()
        with (work / "pack.pdf").open("wb") as handle:
            placements = write_pack(
                front, sources, handle, PackInfo("T", "C"), duplex=False, memo=memo
            )
        return time.perf_counter() - started, sum(p.pages for p in placements)

    cold, pages = collate(PageMemo(analyses=work / "layout"))
    cached, _ = collate(PageMemo(analyses=work / "layout"))
    tagging.Reading.read = lambda self, pdf, pages: [None] * len(pages)  # type: ignore[method-assign]
    off, _ = collate(PageMemo())
    print(json.dumps({"pages": pages, "cold": cold, "cached": cached, "off": off}))
    shutil.rmtree(work)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="agendapack-bench-"))
    try:
        folder, docx, pdfs = make_workspace(work / "ws")
        ws = ["--workspace", str(work / "ws")]
        runs: dict[str, list[float]] = {k: [] for k in "abcdej1"}
        # (d) on jemalloc, as agendapack runs LibreOffice where the machine has it: not the
        # target's baseline (a plain soffice), said beside it
        jemalloc = on_jemalloc(dict(os.environ))
        for run in range(RUNS):
            shutil.rmtree(work / "ws/build", ignore_errors=True)
            runs["a"].append(timed([*AGENDAPACK, "build", *ws], label="a"))
            runs["b"].append(timed([*AGENDAPACK, "build", *ws], label="b"))
            write_report(
                docx[7],
                "Benchmark Committee",
                "28 March 2024",
                f"Report 7, revision {run}",
                "Report of the Director",
                [("Purpose", [PARAGRAPH] * 12)] * 3,
            )
            runs["c"].append(timed([*AGENDAPACK, "build", *ws], label="c"))
            shutil.rmtree(work / "d", ignore_errors=True)
            runs["d"].append(
                timed(
                    [
                        "soffice",
                        f"-env:UserInstallation=file://{work}/p{run}",
                        "--headless",
                        "--convert-to",
                        "pdf",
                        "--outdir",
                        str(work / "d"),
                        *map(str, docx),
                    ],
                    label="d",
                )
            )
            if "LD_PRELOAD" in jemalloc:
                runs["j"].append(
                    timed(
                        [
                            "soffice",
                            f"-env:UserInstallation=file://{work}/j{run}",
                            "--headless",
                            "--convert-to",
                            "pdf",
                            "--outdir",
                            str(work / "j"),
                            *map(str, docx),
                        ],
                        label="j",
                        env=jemalloc,
                    )
                )
            converted = sorted((work / "d").glob("*.pdf"))
            runs["e"].append(
                timed(
                    [
                        "qpdf",
                        "--empty",
                        "--pages",
                        *map(str, converted + pdfs),
                        "--",
                        str(work / "e.pdf"),
                    ],
                    label="e",
                )
            )
            runs["1"].append(
                timed(
                    [
                        "soffice",
                        f"-env:UserInstallation=file://{work}/q{run}",
                        "--headless",
                        "--convert-to",
                        "pdf",
                        "--outdir",
                        str(work / "one"),
                        str(docx[0]),
                    ]
                )
            )
        manifest = json.loads((work / "ws/build/bench/2024-03-28/manifest.json").read_text())
        a, b, c, d, e, one = (statistics.median(runs[k]) for k in "abcde1")
        j = statistics.median(runs["j"]) if runs["j"] else None
        pack = work / "ws/build/bench/2024-03-28/pack.pdf"
        print(f"pack: {manifest['pages']} pages from 40 DOCX and 20 PDF; medians of {RUNS} runs")
        print(
            f"(a) build, empty cache       {a:6.2f} s   target <= 0.8 x (d + e) = "
            f"{0.8 * (d + e):.2f} s"
        )
        print(f"(b) build, nothing changed   {b:6.2f} s   target <= 0.1 x (a) = {0.1 * a:.2f} s")
        print(
            f"(c) build, one DOCX changed  {c:6.2f} s   target <= (b) + 2 x one DOCX "
            f"({one:.2f} s) = {b + 2 * one:.2f} s"
        )
        print(f"(d) soffice, 40 DOCX         {d:6.2f} s")
        print(f"(e) qpdf merge               {e:6.2f} s")
        if j is not None:
            print(
                f"(d) on jemalloc, as agendapack runs LibreOffice: {j:.2f} s; "
                f"(a) / ((d on jemalloc) + (e)) {a / (j + e):.2f}"
            )
        cpu = {k: statistics.median(v) for k, v in CPU.items()}
        print(
            "CPU seconds (user + system, with the children waited for), medians: "
            + ", ".join(f"({k}) {cpu[k]:.2f}" for k in "abcde")
            + f"; (a) / ((d) + (e)) {cpu['a'] / (cpu['d'] + cpu['e']):.2f}"
        )
        print(
            "each run, wall (CPU): "
            + "; ".join(
                f"({k}) "
                + ", ".join(f"{w:.2f} ({c:.2f})" for w, c in zip(runs[k], CPU[k], strict=True))
                for k in "abcde"
            )
        )
        converted = sorted((work / "d").glob("*.pdf"))
        subprocess.run(
            ["qpdf", "--empty", "--object-streams=generate", "--pages"]
            + [str(p) for p in converted + pdfs]
            + ["--", str(work / "e-streams.pdf")],
            check=True,
        )
        size = pack.stat().st_size
        for label, merged in (("", "e.pdf"), (" (object streams)", "e-streams.pdf")):
            plain = (work / merged).stat().st_size
            print(
                f"pack size {size / 1e6:.2f} MB against qpdf's{label} {plain / 1e6:.2f} MB: "
                f"{size / plain:.2f} x (target <= 0.9)"
            )
        for pages, kind in ((500, "untagged"), (500, "tagged"), (1000, "tagged"), (2000, "tagged")):
            out = subprocess.run(
                [sys.executable, __file__, "--collate", str(pages), kind],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            result = json.loads(out)
            print(
                f"collation alone, {result['pages']:5d} {kind:8} pages: "
                f"{result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB"
            )
        print_tagging_cost()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def print_tagging_cost() -> None:
    out = subprocess.run(
        [sys.executable, __file__, "--tagging"], check=True, capture_output=True, text=True
    ).stdout
    result = json.loads(out)
    pages = result["pages"]
    cold = (result["cold"] - result["off"]) / pages * 1000
    cached = (result["cached"] - result["off"]) / pages * 1000
    print(
        f"tagging untagged pages from their layout ({pages} pages): {cold:.1f} ms a page "
        f"cold, {cached:.1f} ms cached (collation {result['cold']:.2f} / {result['cached']:.2f}"
        f" s, {result['off']:.2f} s with each page one figure)"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--collate"]:
        collate_only(int(sys.argv[2]), sys.argv[3:4] != ["untagged"])
    elif sys.argv[1:2] == ["--tagging"]:
        tagging_cost()
    elif sys.argv[1:2] == ["--tagging-only"]:
        print_tagging_cost()
    else:
        main()
