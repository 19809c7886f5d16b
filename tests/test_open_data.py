"""The site's search, in a real headless Chromium, and the open data, read back as JSON and
validated against OParl's own schema.

The example workspace is built with two more items at the Audit Committee's meeting of 2
December 2026: a public one whose appendix has a word found nowhere else in the middle of
a page and whose title has markup in it, and a wholly exempt one whose subtitle and
purpose name words that must never be found."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.programme.load import load_workspace
from tests.archive import make_archive
from tests.conftest import ROOT, copy_example
from tests.oparltools import errors, list_errors
from tests.pdftools import text

runner = CliRunner()
PUBLISH = "https://democracy.example.gov.uk/"
MEETING = "audit-committee/2026-12-02"
FRAUD = 'Counter fraud <b>annual</b> report & "cases"'
UNIQUE = "quillwort"  # in the middle of a page of the fraud appendix, and nowhere else
PURPOSE = "marigold"  # in the fraud item's purpose alone
SECRETS = ("Quokkaware", "Procurement", "negotiations", "EXEMPT-MARKER", "provider-costs")
ITEMS = f"""
[[meeting.item]]
title = {json.dumps(FRAUD)}
purpose = "To consider the counter fraud team's work this year, the {PURPOSE} review included"
documents = [
  "fraud-report.pdf",
  {{ file = "fraud-cases.pdf", title = "Appendix 1: Fraud cases closed" }},
]

[[meeting.item]]
title = "Internal audit contract award"
subtitle = "Report of the Head of Procurement"
purpose = "To award the contract to Quokkaware Assurance Limited"
exempt = 3

"""


def _write_pdf():
    """scripts/make_example.py's maker of tagged appendices, as the example's are made."""
    sys.path.insert(0, str(ROOT / "scripts"))  # it imports its neighbour docx_save
    try:
        path = ROOT / "scripts" / "make_example.py"
        spec = importlib.util.spec_from_file_location("make_example", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return module.write_pdf


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory, built_example):
    root = copy_example(tmp_path_factory.mktemp("open") / "example")
    shutil.copytree(built_example / "build", root / "build")
    write_pdf = _write_pdf()
    folder = root / "packs" / MEETING
    write_pdf(folder / "fraud-report.pdf", "Counter fraud annual report", [("Summary", ["x"])])
    # three cases a page: the fifth is in the middle of the second page
    sections = [(f"Case {n}", ["Closed after review by the team. " * 30]) for n in range(1, 10)]
    middle = "Closed after review. " * 24 + f"The {UNIQUE} file. " + "More. " * 40
    sections[4] = ("Case 5", [middle])
    write_pdf(folder / "fraud-cases.pdf", "Fraud cases closed", sections)
    programme = root / "programme/audit-committee.toml"
    source = programme.read_text()
    cut = source.index("[[meeting]]\ndate = 2027-01-27")
    programme.write_text(source[:cut] + ITEMS.lstrip("\n") + source[cut:])
    result = runner.invoke(app, ["build", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=root / "build/site",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "search.html", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield root, base
    server.terminate()
    server.wait()


def _unique_page(root: Path) -> int:
    """The page of the Audit Committee's pack where UNIQUE is, read back with poppler:
    the only page of every pack that has it, and in the middle of that page."""
    found = []
    for pack in sorted((root / "build").glob("*/*/pack.pdf")):
        pages = text(pack).split("\f")[:-1]
        for number, page in enumerate(pages, start=1):
            words = page.split()
            if UNIQUE in words:
                found.append((pack.parent, number, words.index(UNIQUE) / len(words)))
    assert len(found) == 1, found
    folder, number, where = found[0]
    assert folder == root / "build" / MEETING
    assert 0.25 < where < 0.75  # not a heading or the page's first or last line
    manifest = json.loads((folder / "manifest.json").read_text())
    appendix = next(
        d
        for i in manifest["items"]
        for d in i["documents"]
        if d["title"] == "Appendix 1: Fraud cases closed"
    )
    assert appendix["first_page"] < number < appendix["first_page"] + appendix["pages"] - 1
    return number


SEARCHES = [
    {"q": UNIQUE},
    {"q": PURPOSE},
    {"q": "work programme"},
    {"q": "work programme", "committee": "Audit Committee"},
    {"q": "work programme", "kind": "Minutes"},
    {"q": "fraud annual"},
    *({"q": word} for word in ("Quokkaware", "procurement", "negotiations", "prejudice")),
]


@pytest.fixture(scope="module")
def searched(site) -> dict:
    _, base = site
    out = subprocess.run(
        ["node", str(ROOT / "tests/js/search_site.mjs"), base + "search.html"]
        + [json.dumps(SEARCHES)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    report = json.loads(out.stdout)
    report["by"] = {json.dumps(s["search"], sort_keys=True): s for s in report["searches"]}
    return report


def _search(report: dict, **search: str) -> dict:
    return report["by"][json.dumps(search, sort_keys=True)]


def test_a_word_in_the_middle_of_an_appendix_page_finds_that_page(site, searched):
    root, base = site
    number = _unique_page(root)
    found = _search(searched, q=UNIQUE)
    assert found["focused"] == "q"  # reached with the Tab key alone
    assert found["status"] == f"1 result for \u201c{UNIQUE}\u201d."
    (result,) = found["results"]
    assert result["href"] == f"{base}{MEETING}/pack.pdf#page={number}"
    assert result["title"] == f"Appendix 1: Fraud cases closed, page {number}"
    assert result["links"] == [
        {"text": "Audit Committee, 2 December 2026", "href": f"{base}{MEETING}/index.html"}
    ]
    assert result["marked"] == [UNIQUE] and UNIQUE in result["excerpt"]
    assert result["where"].startswith("Appendix, ")
    # the link leads to the pack, and that page of it has the word
    with urllib.request.urlopen(result["href"].split("#")[0]) as response:
        assert response.status == 200
    assert UNIQUE in text(root / "build" / MEETING / "pack.pdf", page=number)


def _fraud_number(root: Path) -> int:
    manifest = json.loads((root / "build" / MEETING / "manifest.json").read_text())
    return next(i["number"] for i in manifest["items"] if i["title"] == FRAUD)


def test_a_word_of_an_item_s_purpose_finds_its_meeting(site, searched):
    root, base = site
    found = _search(searched, q=PURPOSE)
    # the item, and the work programme's table, which lists every item with its purpose
    (result,) = [r for r in found["results"] if r["where"].startswith("Agenda item")]
    assert result["title"] == f"{_fraud_number(root)}. {FRAUD}"  # its markup shown as text
    assert result["href"].startswith(f"{base}{MEETING}/index.html#item-")
    assert {"text": "Audit Committee, 2 December 2026", "href": f"{base}{MEETING}/index.html"} in (
        result["links"]
    )
    # and to the pack where the item starts
    assert any(
        re.fullmatch(rf"{base}{MEETING}/pack.pdf#page=\d+", a["href"]) for a in result["links"]
    )
    page = (Path(site[0]) / "build/site" / MEETING / "index.html").read_text()
    assert f'id="{result["href"].split("#")[1]}"' in page


def test_markup_in_a_title_is_shown_as_text(site, searched):
    found = _search(searched, q="fraud annual")
    titles = [r["title"] for r in found["results"]]
    assert f"{_fraud_number(site[0])}. {FRAUD}" in titles
    assert f"{FRAUD}, page " in " ".join(titles)  # its report, titled as the item is


def test_a_filter_narrows_the_results(searched):
    every = _search(searched, q="work programme")["results"]
    audit = _search(searched, q="work programme", committee="Audit Committee")["results"]
    minutes = _search(searched, q="work programme", kind="Minutes")["results"]
    assert len(every) > len(audit) > 0
    assert {r["links"][0]["text"].split(",")[0] for r in every} == {
        "Audit Committee",
        "Children and Young People Scrutiny Committee",
    }
    assert all("/audit-committee/" in r["href"] for r in audit)
    assert audit == [r for r in every if "/audit-committee/" in r["href"]]
    assert 0 < len(minutes) < len(every) and all(r["where"].startswith("Minutes") for r in minutes)


def test_an_exempt_word_finds_nothing(searched):
    for word in ("Quokkaware", "procurement", "negotiations", "prejudice"):
        found = _search(searched, q=word)
        assert found["results"] == [] and found["status"] == f"No results for \u201c{word}\u201d."


def test_the_search_page_is_axe_clean_and_asks_nothing_beyond_the_site(site, searched):
    _, base = site
    assert searched["violations"] == []
    assert searched["errors"] == []
    assert searched["requests"] and all(url.startswith(base) for url in searched["requests"])


def test_the_index_holds_nothing_exempt(site):
    """The index's own files, decompressed, as the leak test of the whole site reads them."""
    from tests.public_text import as_text

    root, _ = site
    index = sorted((root / "build/site/pagefind").rglob("*"))
    fragments = [p for p in index if p.suffix == ".pf_fragment"]
    assert fragments
    seen = "\n".join(as_text(p) for p in index if p.is_file())
    assert UNIQUE in seen and PURPOSE in seen  # the decoding works: public words are there
    for secret in SECRETS:
        assert secret.lower() not in seen.lower(), secret


# -- open data --------------------------------------------------------------------------


def _oparl(root: Path) -> dict[str, dict]:
    folder = root / "build/site/oparl"
    return {
        f"{PUBLISH}oparl/{p.relative_to(folder).as_posix()}": json.loads(p.read_text())
        for p in sorted(folder.rglob("*.json"))
    }


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_every_oparl_object_validates_against_the_schema(site):
    root, _ = site
    found = _oparl(root)
    assert len(found) > 100
    problems = []
    for url, obj in found.items():
        if "data" in obj:
            last = obj["pagination"]["currentPage"] == obj["pagination"]["totalPages"]
            problems += list_errors(obj, url, last)
        else:
            problems += errors(obj)
            if obj["id"] != url:
                problems.append(f"{url}: its id is {obj['id']}")
    assert problems == []
    system = found[f"{PUBLISH}oparl/system.json"]
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"


def test_every_link_of_the_open_data_leads_to_a_file(site):
    root, _ = site
    for url, obj in _oparl(root).items():
        for link in _strings(obj):
            if link.startswith(PUBLISH):
                path = root / "build/site" / link[len(PUBLISH) :].split("#")[0]
                if link.endswith("/"):
                    path = path / "index.html"
                assert path.is_file(), (url, link)


def test_every_list_is_paginated_and_whole(site):
    root, _ = site
    found = _oparl(root)
    body = found[f"{PUBLISH}oparl/body.json"]
    for key in ("organization", "person", "meeting", "paper", "agendaItem", "file"):
        url, ids = body[key], []
        while url:
            page = found[url]
            ids += [o["id"] for o in page["data"]]
            assert len(page["data"]) <= page["pagination"]["elementsPerPage"] == 100
            url = page["links"].get("next")
        assert len(ids) == len(set(ids)) == page["pagination"]["totalElements"], key
        assert ids == sorted(ids)
    agenda_items = found[body["agendaItem"]]
    assert agenda_items["pagination"]["totalPages"] == 1  # the example has fewer than 100
    people = found[body["person"]]["data"]
    assert {p["name"] for p in people} == {"Damon Stanton", "Kate Morris"}


def test_every_public_meeting_is_there_with_its_agenda_and_files(site):
    root, _ = site
    found = _oparl(root)
    workspace = load_workspace(root).workspace
    assert workspace is not None
    meetings = {m["id"]: m for m in found[f"{PUBLISH}oparl/body/meetings.json"]["data"]}
    expected = 0
    for committee in workspace.committees:
        for meeting in committee.meetings:
            expected += 1
            key = f"{committee.slug}/{meeting.first_date.isoformat()}"
            obj = meetings[f"{PUBLISH}oparl/meeting/{key}.json"]
            assert obj == found[obj["id"]]
            assert obj["cancelled"] is meeting.is_cancelled
            folder = f"{committee.slug}/{meeting.date.isoformat()}"
            assert obj["web"] == f"{PUBLISH}{folder}/index.html"
            edition = root / "build" / folder
            if meeting.is_cancelled or not (edition / "manifest.json").is_file():
                continue
            manifest = json.loads((edition / "manifest.json").read_text())
            items = obj["agendaItem"]
            assert [(i["number"], i["name"], i["order"]) for i in items] == [
                (str(m["number"]), m["title"], n) for n, m in enumerate(manifest["items"])
            ]
            for item, planned in zip(items, manifest["items"], strict=True):
                urls = [f["accessUrl"] for f in item.get("auxiliaryFile", [])]
                assert urls == [f"{PUBLISH}{folder}/{d['file']}" for d in planned["documents"]]
            assert obj["auxiliaryFile"][0]["accessUrl"] == f"{PUBLISH}{folder}/pack.pdf"
            assert obj["invitation"]["accessUrl"] == f"{PUBLISH}{folder}/agenda.pdf"
    assert len(meetings) == expected == 11


def test_an_exempt_item_is_its_number_title_and_paragraph(site):
    root, _ = site
    meeting = _oparl(root)[f"{PUBLISH}oparl/meeting/audit-committee/2026-11-25.json"]
    (exempt,) = [i for i in meeting["agendaItem"] if not i["public"]]
    assert set(exempt) == {"id", "type", "meeting", "number", "order", "name", "public", "keyword"}
    assert exempt["name"] == "Internal audit contract award"
    assert exempt["keyword"] == [
        "Exempt: paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
    ]
    seen = json.dumps(_oparl(root), ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in seen, secret


def test_the_open_data_is_the_same_when_written_again(site):
    root, _ = site
    folder = root / "build/site"
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = runner.invoke(app, ["site", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before


def test_an_archive_s_lists_are_paginated_whole_and_valid(tmp_path):
    """A council's archive (tests/archive.py): more than 100 agenda items, so their list
    has pages; following `next` from the first page gives every one of them once."""
    from agendapack.site.oparl import oparl_files

    meetings = make_archive(tmp_path, committees=2, years=2, pages=1, words=20)
    workspace = load_workspace(tmp_path).workspace
    assert workspace is not None
    files = {
        f"https://archive.example.gov.uk/oparl/{path}": json.loads(data)
        for path, data in oparl_files(workspace).items()
    }
    body = files["https://archive.example.gov.uk/oparl/body.json"]
    problems, counts = [], {}
    for key in ("meeting", "agendaItem", "paper", "file"):
        url, ids, pages = body[key], [], 0
        while url:
            page = files[url]
            pages += 1
            last = "next" not in page["links"]
            problems += list_errors(page, url, last)
            assert page["pagination"]["currentPage"] == pages
            assert page["links"]["last"] == url if last else page["links"]["last"] != url
            ids += [o["id"] for o in page["data"]]
            url = page["links"].get("next")
        assert pages == page["pagination"]["totalPages"]
        assert len(ids) == len(set(ids)) == page["pagination"]["totalElements"]
        counts[key] = (len(ids), pages)
    assert problems == []
    assert counts["meeting"] == (meetings, 1)
    assert counts["agendaItem"] == (meetings * 6, 2)  # 168 items: two pages of 100
    assert counts["paper"] == (meetings * 4, 2)  # minutes, two reports, work programme
    assert counts["file"] == (meetings * 7, 2)  # and the agenda, the pack and an appendix


def test_a_year_s_index_is_made_again_only_when_its_papers_change(tmp_path):
    from agendapack.site.search import index_files, search_records

    make_archive(tmp_path, committees=1, years=2, pages=1, words=20)
    workspace = load_workspace(tmp_path).workspace
    assert workspace is not None
    records = search_records(workspace)
    first = index_files(workspace, records)
    years = sorted({name.split("/")[0] for name in first})
    assert years == ["2024-25", "2025-26"]
    assert index_files(workspace, records) == first  # nothing changed: the same files
    newest = max(i for i, r in enumerate(records) if r.year == "2025/26")
    changed = [*records]
    changed[newest] = dataclasses.replace(records[newest], content="a hornbeam hedge")
    second = index_files(workspace, changed)
    same = {n: p for n, p in second.items() if n.startswith("2024-25/")}
    assert same == {n: p for n, p in first.items() if n.startswith("2024-25/")}
    assert {p.parent for n, p in second.items() if n == "2025-26/pagefind.js"} != {
        p.parent for n, p in first.items() if n == "2025-26/pagefind.js"
    }
    # the year's old index is gone from the cache; only the two in use are left
    assert len(list(workspace.layout.search_index.iterdir())) == 2


def test_without_pagefind_the_search_page_says_so(tmp_path, monkeypatch):
    from agendapack.site import site

    make_archive(tmp_path, committees=1, years=1, pages=1, words=20)
    workspace = load_workspace(tmp_path).workspace
    assert workspace is not None
    monkeypatch.setattr(site, "pagefind_available", lambda workspace: False)
    folder = site.write_site(workspace, dt.date(2026, 1, 1))
    page = (folder / "search.html").read_text()
    assert "Search is not available on this copy of the site." in page
    assert "<script" not in page and not (folder / "pagefind").exists()
