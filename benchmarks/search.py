"""Benchmark: the site's search index and open data, for the example and a council's archive.

Run: .venv/bin/python benchmarks/search.py [--committees 20] [--years 6]
(needs LibreOffice for the example's build, Node.js with the npm packages and Chromium:
`make test` installs them all). It prints, for the example workspace (built first) and
for an archive made up by tests/archive.py (20 committees, seven meetings a year for six
years, each pack 17 pages of 300 words drawn from 20,000 different ones, the commoner
ones oftener, as in prose):
  - reading the packs' text with pdftotext, with an empty cache (`build/.cache/text/`);
  - the search records with that cache full (what every later site write costs);
  - Pagefind's index of them, one a municipal year: every year afresh, after a change in
    the newest year (the others cached), with nothing changed; and its size on disk;
  - the OParl files, and their size;
  - the whole `agendapack site`, once the text is cached;
  - what a browser downloads for one search, read from the requests headless Chromium
    made (tests/js/search_site.mjs) and the files' sizes.
Times are medians of three runs. Timing is reported, never asserted: this is not a test.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agendapack.programme.load import load_workspace  # noqa: E402
from agendapack.site.oparl import oparl_files  # noqa: E402
from agendapack.site.search import SearchRecord, index_files, search_records  # noqa: E402
from tests.archive import make_archive  # noqa: E402
from tests.conftest import copy_example  # noqa: E402

RUNS = 3


def _median(work: Callable[[], object], before: Callable[[], object] = lambda: None) -> float:
    times = []
    for _ in range(RUNS):
        before()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _size(files: dict[str, bytes] | dict[str, Path]) -> str:
    size = sum(len(f) if isinstance(f, bytes) else f.stat().st_size for f in files.values())
    return f"{len(files)} files, {size / 1024 / 1024:.1f} MB"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _downloaded(site: Path, searches: list[str]) -> list[str]:
    """What a browser fetches for each search, from a fresh page and an empty cache: the
    page and the index's entry, then the search itself, showing its first 20 results."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "search.html", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        out = subprocess.run(
            ["node", str(ROOT / "tests/js/search_site.mjs"), base + "search.html"]
            + [json.dumps([{"q": words, "more": False} for words in searches])],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    finally:
        server.terminate()
        server.wait()
    report = json.loads(out.stdout)

    def size(urls: list[str]) -> float:
        paths = {u.split("?")[0].removeprefix(base) for u in urls}
        return sum((site / p).stat().st_size for p in paths if (site / p).is_file()) / 1024

    first = report["searches"][0]["loaded"]
    lines = [f"the page and the indexes' entries: {size(first):.0f} KB in {len(first)} files"]
    for found in report["searches"]:
        lines.append(
            f"a search for {found['search']['q']!r} ({found['status']}): "
            f"{size(found['requested']):.0f} KB in {len(found['requested'])} files"
        )
    return lines


def measure(root: Path, words: str | None) -> None:
    """`words`: what to search for; None, two words of a page in the middle."""
    workspace = load_workspace(root).workspace
    assert workspace is not None
    text_cache = workspace.layout.page_text
    reading = _median(
        lambda: search_records(workspace), lambda: shutil.rmtree(text_cache, ignore_errors=True)
    )
    records = search_records(workspace)
    pages = [r for r in records if r.page]
    items = [r for r in records if r.kind == "Agenda item"]
    # two words of a page, commonly used; and one of an item's title, a topic
    searches = [words] if words else []
    searches += [
        " ".join(pages[len(pages) // 2].content.split()[40:42]),
        items[-1].title.split()[-1],
    ]
    warm = _median(lambda: search_records(workspace))
    index: dict[str, Path] = {}

    def make_index(these: list[SearchRecord]) -> Callable[[], None]:
        return lambda: index.update(index_files(workspace, these))

    cache = workspace.layout.search_index
    # every year indexed afresh; then one page of the newest year's last meeting changed,
    # as after a build of it; then nothing changed (the years' indexes cached)
    cold = _median(make_index(records), lambda: shutil.rmtree(cache, ignore_errors=True))
    newest = max(r.year for r in records)
    last = max(i for i, r in enumerate(records) if r.year == newest and r.page)
    changed = [*records]
    changed[last] = dataclasses.replace(records[last], content=records[last].content + " amended")
    one_year = _median(make_index(changed), lambda: index_files(workspace, records))
    index.clear()
    cached = _median(make_index(records))
    oparl: dict[str, bytes] = {}
    opening = _median(lambda: oparl.update(oparl_files(workspace)))
    site = _median(
        lambda: subprocess.run(
            [sys.executable, "-m", "agendapack", "site", "--workspace", str(root)],
            check=True,
            capture_output=True,
        )
    )
    meetings = sum(len(c.meetings) for c in workspace.committees)
    print(f"  {len(workspace.committees)} committees, {meetings} meetings")
    print(f"  packs' text read with pdftotext, empty cache: {reading:.2f} s")
    print(f"  search records, text cached: {warm:.2f} s ({len(records)} records)")
    years = len({r.year for r in records})
    print(
        f"  Pagefind index, {years} years: {cold:.2f} s; after a change in the newest year "
        f"{one_year:.2f} s; nothing changed {cached:.2f} s ({_size(index)})"
    )
    print(f"  OParl files: {opening:.2f} s ({_size(oparl)})")
    print(f"  agendapack site (feeds' pages, search and open data), text cached: {site:.2f} s")
    for line in _downloaded(workspace.layout.site, searches):
        print(f"  browser, first 20 results shown: {line}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--committees", type=int, default=20)
    parser.add_argument("--years", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        example = copy_example(Path(tmp) / "example")
        subprocess.run(
            [sys.executable, "-m", "agendapack", "build", "--workspace", str(example)],
            check=True,
            capture_output=True,
        )
        print("The example workspace:")
        measure(example, "foster carers")
        archive = Path(tmp) / "archive"
        start = time.perf_counter()
        meetings = make_archive(archive, args.committees, args.years)
        made = time.perf_counter() - start
        print(f"An archive of {meetings} meetings (made up in {made:.0f} s):")
        measure(archive, None)


if __name__ == "__main__":
    main()
