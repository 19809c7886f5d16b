"""The site's search: every public word of the papers, found in the browser with no server.

Pagefind (the npm package `pagefind`, which ships its own binary) writes a static index,
one for each municipal year, that the page `search.html` merges and queries in the browser,
loading only the parts of each index a search needs. It is given custom records rather
than the site's pages, so that a result can point at the very page of the pack where the
words are:

- one record for each page of each public document in a meeting's pack, its text read
  from the paper as documents/ holds it, the copy placed in the pack (`pdftotext`: the
  text layer, OCR's invisible words included; pack/text.py), its URL
  `<committee>/<date>/pack.pdf#page=N`;
- one for each agenda item, its title, subtitle and purpose, as the meeting page shows
  them (a wholly exempt item: its title and the paragraph, nothing more);
- one for each resolution of a meeting.

Every record is made from what the public already sees: the public manifest and papers
of a built meeting, and the public view of its agenda (`pack/public.py`). The exempt pack,
exempt documents and the exempt fields of an item are never read here, so they cannot
reach the index.

A build starts Pagefind before the last meeting's pack is collated (`Ahead`: that
meeting's manifest and papers as they are about to be written), so that the index is made
while the pack and the site are; the site uses that index only if the records read once
everything is written are the very same (`site.start_search`).
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agendapack.errors import AgendapackError, Problem
from agendapack.layout import PACK
from agendapack.model import Committee, Meeting, Workspace
from agendapack.pack.manifest import (
    Ahead,
    Document,
    Item,
    Manifest,
    read_manifest,
    unbuilt_items,
)
from agendapack.pack.public import public_agenda
from agendapack.pack.text import TextReader, Unreadable
from agendapack.scratch import alive
from agendapack.wording import long_date

# The kinds of record the search page filters by ("kind of document").
ITEM, RESOLUTION = "Agenda item", "Resolution"
GENERATED_KINDS = {"tracker": "Recommendation tracker", "work-programme": "Work programme"}

# The parts of Pagefind's output the search page loads; its ready-made interfaces are
# left out (search.html has its own, written to be read by a screen reader).
_UNUSED = re.compile(r"^pagefind-(ui|modular-ui|component-ui|highlight)\.")

# Raised when the records given to Pagefind change in form: the cached indexes are remade.
INDEX_VERSION = 1


@dataclass(frozen=True)
class SearchRecord:
    """One thing the search can find: its URL (relative to the site's root), its words,
    what a result shows of it, and the values the filters narrow by."""

    url: str
    content: str
    title: str
    meeting: str  # "Audit Committee, 2 December 2026"
    meeting_url: str
    kind: str
    committee: str
    year: str  # the municipal year, "2023/24"
    page: int | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def as_pagefind(self) -> dict[str, Any]:
        meta = {
            "title": self.title,
            "meeting": self.meeting,
            "meeting_url": self.meeting_url,
            "kind": self.kind,
            **self.extra,
        }
        if self.page is not None:
            meta["page"] = str(self.page)
        return {
            "url": self.url,
            "content": self.content,
            "language": "en",
            "meta": meta,
            "filters": {
                "committee": [self.committee],
                "year": [self.year],
                "kind": [self.kind],
            },
        }


def municipal_year(day: dt.date) -> str:
    """The municipal year of a date: from May (the annual meeting) to April."""
    start = day.year if day.month >= 5 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def document_kind(item: Item, index: int, document: Document) -> str:
    """What a public document of an item is, for the filter: the item's cover report first,
    then its appendices; the standing items' own papers by name."""
    if document.generated in GENERATED_KINDS:
        return GENERATED_KINDS[document.generated]
    if item.standing == "minutes":
        return "Minutes"
    if item.standing == "work-programme":
        return "Work programme"
    return "Report" if index == 0 else "Appendix"


_BROKEN = re.compile(r"(\w)-\n(\w)")


def _words(text: str) -> str:
    """A page's text on one line: hyphens at line ends joined, white space made one."""
    if "-\n" in text:
        text = _BROKEN.sub(r"\1\2", text)
    return " ".join(text.split())  # str.split's white space is re's \s, at a tenth of the cost


def meeting_records(
    workspace: Workspace,
    committee: Committee,
    meeting: Meeting,
    reader: TextReader,
    ahead: Ahead | None = None,
    warnings: list[Problem] | None = None,
) -> Iterator[SearchRecord]:
    """What the search can find of one meeting (as `ahead` says it will be, for the meeting
    being built); its papers' text from `reader`. A paper poppler cannot read is not
    found by its words, and `warnings` gets a line for it."""
    if meeting.is_cancelled:
        return
    folder = f"{committee.slug}/{meeting.date.isoformat()}"
    page_url = f"{folder}/index.html"

    def record(url: str, content: str, title: str, kind: str, **more: Any) -> SearchRecord:
        return SearchRecord(
            url=url,
            content=content,
            title=title,
            meeting=f"{committee.name}, {long_date(meeting.date)}",
            meeting_url=page_url,
            kind=kind,
            committee=committee.name,
            year=municipal_year(meeting.date),
            **more,
        )

    view = public_agenda(committee, meeting)
    edition = workspace.layout.edition(committee.slug, meeting.date)
    papers: dict[str, Path] = {}
    if ahead is not None and (ahead.committee, ahead.date) == (committee.slug, meeting.date):
        manifest: Manifest | None = ahead.manifest
        papers = ahead.papers
        have_pack = True
    else:
        manifest = read_manifest(edition)
        # an edition whose pack was taken away by hand: its agenda is still found
        have_pack = manifest is not None and (edition / PACK).is_file()
    items = manifest.items if manifest else unbuilt_items(view)
    for item in items:
        # a wholly exempt item's subtitle and purpose are blank in the public view and
        # manifest alike; only what its line on the agenda says is taken
        words = [item.title, item.subtitle, item.purpose]
        if item.exempt:
            words = [item.title, item.note]
        first = item.first_page
        yield record(
            f"{page_url}#item-{item.number}",
            ". ".join(w for w in words if w),
            f"{item.label}. {item.title}",
            ITEM,
            extra={"pack_url": f"{folder}/{PACK}#page={first}"} if first else {},
        )
        for index, document in enumerate(item.documents):
            kind = document_kind(item, index, document)
            paper = papers.get(document.file) or edition / document.file
            # a page is found by its paper's words, as documents/ holds the paper
            try:
                pages = reader.pages(paper) if have_pack and paper.is_file() else []
            except Unreadable as exc:
                pages = []
                if warnings is not None:
                    shown = workspace.relative(edition / document.file)
                    warnings.append(
                        Problem.warning(
                            shown,
                            "poppler could not read its text: the site's search cannot "
                            "find its pages by their words",
                            advice=exc.problems[0].advice,
                        )
                    )
            for offset, page in enumerate(pages[: document.pages]):
                number = document.first_page + offset
                text = _words(page)
                if not text:
                    continue
                yield record(
                    f"{folder}/{PACK}#page={number}",
                    text,
                    f"{document.title}, page {number}",
                    kind,
                    page=number,
                )
    for index, resolution in enumerate(view.resolved, start=1):
        label = "Recommendation" if resolution.letter == "R" else "Action"
        yield record(
            f"{page_url}#resolved-{index}",
            resolution.text,
            f"{label}: {resolution.item}" if resolution.item else label,
            RESOLUTION,
        )


def search_records(
    workspace: Workspace, ahead: Ahead | None = None, warnings: list[Problem] | None = None
) -> list[SearchRecord]:
    """Every record of the workspace, in the order of the committees and their meetings;
    `warnings` gets a line for each paper whose text could not be read."""
    with TextReader(workspace) as reader:
        return [
            record
            for committee in workspace.committees
            for meeting in committee.meetings
            for record in meeting_records(workspace, committee, meeting, reader, ahead, warnings)
        ]


def _pagefind_entry(workspace: Workspace) -> Path | None:
    """Pagefind's Node API, from the node_modules/ that `make run` fills: beside the
    workspace or above agendapack's own source (an editable install in a clone)."""
    starts = [workspace.root, Path(__file__).resolve().parent]
    for start in starts:
        for folder in (start, *start.parents):
            entry = folder / "node_modules" / "pagefind" / "lib" / "index.js"
            if entry.is_file():
                return entry
    return None


def pagefind_available(workspace: Workspace) -> bool:
    return shutil.which("node") is not None and _pagefind_entry(workspace) is not None


def shard_name(year: str) -> str:
    """The folder of a municipal year's index under pagefind/: "2023-24"."""
    return year.replace("/", "-")


class SearchIndex:
    """Pagefind's index of the records, one index a municipal year, which the search page
    merges; started at once, so that the rest of the site is written while it works.

    Pagefind has no incremental indexing, and an archive of six years takes it most of a
    minute (benchmarks/README.md). A year's index is kept in build/.cache/search/ by the
    hash of its records, so a build indexes again only the years whose papers changed."""

    def __init__(self, workspace: Workspace, records: list[SearchRecord]) -> None:
        node = shutil.which("node")
        entry = _pagefind_entry(workspace)
        if node is None or entry is None:
            raise AgendapackError(
                Problem.error(
                    "",
                    "the site's search needs Node.js and the npm package pagefind: run "
                    "`make run` (or `npm ci` in agendapack's folder)",
                )
            )
        version = json.loads((entry.parent.parent / "package.json").read_text())["version"]
        years: dict[str, list[dict[str, Any]]] = {}
        for record in records:
            years.setdefault(record.year, []).append(record.as_pagefind())
        self.cache = workspace.layout.search_index
        self.shards: dict[str, Path] = {}
        self.todo: list[Path] = []  # the folders being made
        payloads = []
        for year, payload in sorted(years.items(), reverse=True):
            key = hashlib.sha256(
                json.dumps([INDEX_VERSION, version, payload], ensure_ascii=False).encode()
            ).hexdigest()
            self.shards[year] = self.cache / key
            if not (self.cache / key).is_dir():
                partial = self.cache / f".{key}.{os.getpid()}"
                shutil.rmtree(partial, ignore_errors=True)
                self.todo.append(partial)
                payloads.append({"out": str(partial), "records": payload})
        self.process: subprocess.Popen[bytes] | None = None
        if payloads:
            self.cache.mkdir(parents=True, exist_ok=True)
            script = Path(__file__).resolve().parent / "pagefind_index.mjs"
            request = {"entry": entry.as_uri(), "shards": payloads}
            self.process = subprocess.Popen(
                [node, str(script)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                cwd=workspace.root,
            )
            # a site write that fails before files() leaves no Pagefind behind at exit
            atexit.register(self.stop)
            assert self.process.stdin is not None
            # Node reads it whole at once: this never waits on the indexing itself
            self.process.stdin.write(json.dumps(request, ensure_ascii=False).encode())
            self.process.stdin.close()

    def stop(self) -> None:
        """Pagefind stopped and its half-made indexes removed (a site write that failed, a
        search started ahead that is not wanted after all)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        # finished or not, what it made is not taken (files() renames what it takes)
        for partial in self.todo:
            shutil.rmtree(partial, ignore_errors=True)
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()
        atexit.unregister(self.stop)

    def files(self) -> dict[str, Path]:
        """The index's files, by their names under pagefind/ ("2023-24/pagefind.js"): in
        build/.cache/, which nothing changes in place, so the site links them."""
        if self.process is not None:
            assert self.process.stderr is not None
            err = self.process.stderr.read()
            self.process.stderr.close()  # or Python warns of it, unclosed, later
            self.process.wait()
            atexit.unregister(self.stop)
            if self.process.returncode != 0:
                last = err.decode("utf-8", errors="replace").strip().splitlines()
                raise AgendapackError(
                    Problem.error(
                        "",
                        "Pagefind could not index the site: "
                        + (last[-1] if last else "no message"),
                    )
                )
            for partial in self.todo:
                final = self.cache / partial.name[1:].split(".")[0]
                if final.is_dir():  # another build made the same index meanwhile
                    shutil.rmtree(partial)
                else:
                    partial.rename(final)
        files = {}
        for year, folder in self.shards.items():
            for path in sorted(folder.rglob("*")):
                name = path.relative_to(folder).as_posix()
                if path.is_file() and not _UNUSED.match(name):
                    files[f"{shard_name(year)}/{name}"] = path
        # the indexes of papers no longer as they were, and those a killed build left
        # half made (".<hash>.<pid>")
        for old in self.cache.iterdir() if self.cache.is_dir() else ():
            pid = old.name.rsplit(".", 1)[-1]
            if old.name.startswith(".") and pid.isdigit() and alive(int(pid)):
                continue
            if old not in self.shards.values():
                shutil.rmtree(old, ignore_errors=True)
        return files


def index_files(workspace: Workspace, records: list[SearchRecord]) -> dict[str, Path]:
    """The index's files, made now (see SearchIndex)."""
    return SearchIndex(workspace, records).files()


def search_filters(records: list[SearchRecord]) -> list[dict[str, Any]]:
    """The search page's filters, with the values the records have: committees in the
    order of the workspace, years newest first, kinds in a fixed order."""
    kinds = [ITEM, "Report", "Appendix", "Minutes", *GENERATED_KINDS.values(), RESOLUTION]
    committees = list(dict.fromkeys(r.committee for r in records))
    years = sorted({r.year for r in records}, reverse=True)
    present = {r.kind for r in records}
    return [
        {
            "name": "committee",
            "label": "Committee",
            "every": "Every committee",
            "values": committees,
        },
        {"name": "year", "label": "Municipal year", "every": "Every year", "values": years},
        {
            "name": "kind",
            "label": "Kind of paper",
            "every": "Every kind",
            "values": [k for k in dict.fromkeys(kinds) if k in present],
        },
    ]
