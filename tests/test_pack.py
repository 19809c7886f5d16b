"""The public document pack, built from the example workspace by the real LibreOffice."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from agendapack.cli import app
from tests.pdftools import page_count, text, words
from tests.public_text import as_text

runner = CliRunner()
MEETING = "build/cyp-scrutiny/2024-03-28"


@pytest.fixture(scope="module")
def out(built_example) -> Path:
    return built_example / MEETING


@pytest.fixture(scope="module")
def manifest(out) -> dict:
    return json.loads((out / "manifest.json").read_text())


def test_every_page_reads_its_own_page_number(out):
    pack = out / "pack.pdf"
    total = page_count(pack)
    assert total > 20
    for number in range(1, total + 1):
        assert f"Page {number}" in text(pack, number), f"page {number} lacks its stamp"


def test_every_document_starts_on_an_odd_page_and_padding_says_so(out, manifest):
    pack = out / "pack.pdf"
    starts = [d["first_page"] for i in manifest["items"] for d in i["documents"]]
    assert starts and all(page % 2 == 1 for page in starts)
    blank_pages = [
        n
        for n in range(1, page_count(pack) + 1)
        if "This page is intentionally left blank" in text(pack, n)
    ]
    assert blank_pages, "the example has odd-length documents, so padding is expected"
    for page in blank_pages:
        assert page % 2 == 0
        assert page + 1 in starts or page == page_count(pack)


def test_front_sheet_ranges_match_manifest_and_bookmarks(out, manifest):
    pack = out / "pack.pdf"
    reader = PdfReader(pack)
    bookmarks = {}
    for entry in reader.outline:
        if not isinstance(entry, list):
            bookmarks[entry.title] = reader.get_destination_page_number(entry) + 1
    front_pages = manifest["items"][2]["documents"][0]["first_page"] - 1
    front = "\n".join(text(pack, n, layout=True) for n in range(1, front_pages + 1))
    ranged = [i for i in manifest["items"] if i["pages"]]
    assert len(ranged) >= 5
    for item in ranged:
        first = int(item["pages"].split(" - ")[0])
        assert bookmarks[f"{item['number']}. {item['title']}"] == first == item["first_page"]
        line = re.search(rf"^\s*{item['number']}\s+{re.escape(item['title'][:12])}.*$", front, re.M)
        assert line, f"item {item['number']} is not on the front sheet"
        # pdftotext guesses spaces from gaps between glyphs; compare without them
        printed = line[0].split()[-3:]
        assert "".join(printed).endswith(item["pages"].replace(" ", "")), line[0]


def test_document_bookmarks_point_at_their_first_pages(out, manifest):
    reader = PdfReader(out / "pack.pdf")
    children = {}
    outline = reader.outline
    for index, entry in enumerate(outline):
        if isinstance(entry, list):
            continue
        following = outline[index + 1] if index + 1 < len(outline) else None
        if isinstance(following, list):
            for child in following:
                if not isinstance(child, list):
                    children[(entry.title, child.title)] = (
                        reader.get_destination_page_number(child) + 1
                    )
    for item in manifest["items"]:
        for document in item["documents"]:
            key = (f"{item['number']}. {item['title']}", document["title"])
            assert children[key] == document["first_page"]


def test_page_labels_match_the_stamps(out):
    reader = PdfReader(out / "pack.pdf")
    assert reader.page_labels == [str(n) for n in range(1, len(reader.pages) + 1)]


def test_metadata(out):
    reader = PdfReader(out / "pack.pdf")
    assert reader.metadata.title.startswith("Children and Young People Scrutiny Committee")
    assert reader.metadata.author == "Nottingham City Council"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_stamps_sit_at_the_visual_bottom_centre_of_turned_pages(out):
    reader = PdfReader(out / "pack.pdf")
    rotated = [n for n, p in enumerate(reader.pages, 1) if p.rotation % 360 == 90]
    landscape = [
        n
        for n, p in enumerate(reader.pages, 1)
        if p.rotation % 180 == 0 and p.mediabox.width > p.mediabox.height
    ]
    assert rotated and landscape, "the example has a rotated and a landscape page"
    pages = words(out / "pack.pdf")
    for number in rotated + landscape + [1]:
        page = pages[number - 1]
        if reader.pages[number - 1].rotation % 180:
            # poppler gives the page box unturned but the words as displayed
            page.width, page.height = page.height, page.width
        stamp = [w for w in page.words if w.text == str(number)]
        label = [w for w in page.words if w.text == "Page"]
        assert stamp and label
        left, right = label[-1], stamp[-1]
        centre = (left.x_min + right.x_max) / 2
        assert abs(centre - page.width / 2) < 3, (number, centre, page.width)
        assert page.height - 40 < right.y_max <= page.height, (number, right.y_max)
        assert abs(left.y_max - right.y_max) < 1  # upright: on one line as displayed


def test_exempt_papers_stay_out_of_everything_public(built_example, out):
    marker = "EXEMPT-MARKER-PROVIDER-COSTS"
    exempt = out / "exempt-pack.pdf"
    exempt_text = text(exempt)
    assert marker in exempt_text
    for number in range(1, page_count(exempt) + 1):
        page = text(exempt, number)
        assert "NOT FOR PUBLICATION" in page and "paragraph 3 of Part 1 of Schedule 12A" in page
    public = [out / "pack.pdf", out / "agenda.pdf", *sorted((out / "documents").glob("*.pdf"))]
    for pdf in public:
        assert marker not in text(pdf) and "Provider costs" not in text(pdf), pdf
    for path in [
        out / "manifest.json",
        out / "agenda.docx",
        out / "pack.pdf",
        *(out / "documents").iterdir(),
    ]:
        seen = as_text(path)
        assert "provider-costs" not in seen and "Provider costs" not in seen, path
        assert marker not in seen, path
    assert not list((out / "documents").glob("*provider*"))


def test_documents_are_each_public_document_as_converted(out, manifest):
    for item in manifest["items"]:
        for document in item["documents"]:
            path = out / document["file"]
            assert page_count(path) == document["pages"]


def test_minutes_tracker_and_work_programme_are_in_the_pack(out, manifest):
    titles = {i["number"]: i for i in manifest["items"]}
    minutes = titles[3]
    assert minutes["subtitle"] == "To confirm the minutes of the meeting held on 25 January 2024"
    pack = out / "pack.pdf"
    assert "Minutes of the meeting held at Ground Floor Committee Room" in text(
        pack, minutes["first_page"]
    )
    tracker = next(i for i in manifest["items"] if i["standing"] == "tracker")
    assert "Action and Recommendation Tracker" in text(pack, tracker["first_page"])
    exclusion = next(i for i in manifest["items"] if i["title"] == "Exclusion of the public")
    assert "paragraph 3 of Part 1 of Schedule 12A" in exclusion["purpose"]
    assert exclusion["number"] == manifest["items"][-1]["number"]


def _build(root: Path, *args: str):
    return runner.invoke(app, ["build", *args, "--workspace", str(root)])


def test_second_build_takes_every_conversion_from_the_cache(example_with_cache):
    again = _build(example_with_cache)
    assert again.exit_code == 0, again.output
    assert "build/cyp-scrutiny/2024-03-28/: up to date, nothing written" in again.output
    forced = _build(example_with_cache, "cyp-scrutiny", "2024-03-28", "--force")
    assert forced.exit_code == 0, forced.output
    assert re.search(
        r"pack\.pdf: \d+ pages, \d+ documents, 0 converted, \d+ from the cache", forced.output
    ), forced.output


@pytest.mark.parametrize("damage", ["damaged", "password"])
def test_a_bad_pdf_fails_and_leaves_the_last_good_pack(example_with_cache, damage):
    root = example_with_cache
    before = {p: p.read_bytes() for p in (root / MEETING).rglob("*") if p.is_file()}
    appendix = root / "packs/cyp-scrutiny/2024-03-28/early-help-strategy.pdf"
    if damage == "damaged":
        appendix.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog" + b"\x00" * 400)
        expected = "the PDF is damaged and cannot be read"
    else:
        writer = PdfWriter(clone_from=str(appendix))
        writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
        with appendix.open("wb") as handle:
            writer.write(handle)
        expected = "the PDF needs a password to open"
    result = _build(root, "cyp-scrutiny", "2024-03-28")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "error:" in line]
    assert len(lines) == 1 and "early-help-strategy.pdf" in lines[0] and expected in lines[0]
    assert "Traceback" not in result.output
    after = {p: p.read_bytes() for p in (root / MEETING).rglob("*") if p.is_file()}
    assert after == before


def test_a_word_file_libreoffice_cannot_open_fails_cleanly(example_with_cache):
    root = example_with_cache
    pack = (root / MEETING / "pack.pdf").read_bytes()
    report = root / "packs/cyp-scrutiny/2024-03-28/early-help.docx"
    shutil.copy(root / "packs/cyp-scrutiny/2024-03-28/placement-strategy.pdf", report)
    result = _build(root, "cyp-scrutiny", "2024-03-28")
    assert result.exit_code == 1
    assert "early-help.docx' is damaged: not a .docx document" in result.output
    assert (root / MEETING / "pack.pdf").read_bytes() == pack


def test_a_meeting_folder_with_only_minutes_is_skipped_or_refused(example_with_cache):
    root = example_with_cache
    (root / "packs/cyp-scrutiny/2024-01-25/minutes.docx").unlink()
    plain = _build(root)
    assert plain.exit_code == 0
    assert "skipped cyp-scrutiny 2024-03-28" in plain.output
    assert (
        "confirms the minutes of 2024-01-25, but packs/cyp-scrutiny/2024-01-25/ has no "
        "minutes.docx or minutes.pdf" in plain.output
    )
    named = _build(root, "cyp-scrutiny", "2024-03-28")
    assert named.exit_code == 1


def test_a_missing_paper_for_one_meeting_does_not_stop_the_others(example_with_cache):
    root = example_with_cache
    (root / "packs/audit-committee/2026-12-02/audit-findings.pdf").unlink()
    result = _build(root)
    assert result.exit_code == 0, result.output
    assert "skipped audit-committee 2026-12-02: it lacks what its items need:" in result.output
    assert (
        "programme/audit-committee.toml:42: error: 'audit-findings.pdf' is missing from "
        "packs/audit-committee/2026-12-02/"
    ) in result.output
    assert "build/cyp-scrutiny/2024-03-28/: up to date, nothing written" in result.output
    named = _build(root, "audit-committee", "2026-12-02")
    assert named.exit_code == 1
    check = runner.invoke(app, ["check", "--workspace", str(root)])
    assert check.exit_code == 1 and "'audit-findings.pdf' is missing" in check.output


def test_the_same_inputs_give_the_same_pack(example, built_example):
    result = _build(example, "cyp-scrutiny", "2024-03-28")
    assert result.exit_code == 0, result.output
    documents = sorted(p.name for p in (built_example / MEETING / "documents").iterdir())
    assert documents
    for name in (
        "pack.pdf",
        "exempt-pack.pdf",
        "agenda.pdf",
        "manifest.json",
        *(f"documents/{d}" for d in documents),
    ):
        # converted afresh, in another folder, by another LibreOffice: byte for byte the same
        assert (example / MEETING / name).read_bytes() == (
            built_example / MEETING / name
        ).read_bytes(), name


def test_a_rendered_word_file_is_the_same_bytes_whenever_it_is_made(monkeypatch):
    """agenda.docx is published beside the pack: the same inputs give the same file, as a
    zip's entries otherwise carry the local time they were written."""
    import time

    from agendapack.pack.render import Template, package_templates, render_docx

    template = Template(package_templates() / "tracker.docx", "tracker.docx")
    context = {"title": "Tracker", "committee": "Committee", "resolutions": []}
    first = render_docx(template, context)
    later = time.localtime(time.time() + 400 * 86400)
    monkeypatch.setattr(time, "localtime", lambda *args: later)
    assert render_docx(template, context) == first
