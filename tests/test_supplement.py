"""Supplementary packs: what arrives after publication goes out as a supplement, through
the real CLI and the real LibreOffice, and the published pack is never touched."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import feedparser
import pytest
from docx import Document
from pypdf import PdfReader

from tests.pdftools import page_count, text
from tests.public_text import as_text, public_files
from tests.test_publish import MEETING, PUBLISHED, _add_late_item, _run

BUILT = "build/cyp-scrutiny/2024-03-28"
PAPERS = "packs/cyp-scrutiny/2024-03-28"
REASON = "The plan must reach Council on 8 April"


@pytest.fixture
def published(example_with_cache) -> Path:
    """The example with its 28 March 2024 pack published on time."""
    result = _run(example_with_cache, "publish", *MEETING, "--at", "2024-03-19T10:00")
    assert result.exit_code == 0, result.output
    return example_with_cache


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _report(path: Path, *paragraphs: str) -> None:
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))


def _late_report(root: Path) -> None:
    _report(
        root / PAPERS / "youth-justice-plan.docx",
        "Youth Justice Plan 2024 to 2025",
        "The plan sets out how the partnership will reduce first-time entrants.",
    )
    _add_late_item(
        root,
        f'urgency = "{REASON}"\n'
        'documents = [{ file = "youth-justice-plan.docx", title = "Youth Justice Plan" }]\n',
    )


def _lines(pdf: Path, page: int | None = None) -> list[str]:
    return [" ".join(line.split()) for line in text(pdf, page).splitlines() if line.strip()]


def _sheet(pdf: Path) -> str:
    """The front sheet's words in reading order, a table row's cells side by side."""
    return " ".join(text(pdf, 1, layout=True).split())


def test_a_late_report_is_drafted_as_supplement_1_and_published(published):
    folder = published / PUBLISHED
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    pages = page_count(folder / "pack.pdf")
    _late_report(published)

    built = _run(published, "build", *MEETING)
    assert built.exit_code == 0, built.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    draft = published / BUILT / "supplement-1.pdf"
    assert draft.is_file()
    front = _lines(draft, 1)
    assert f"Page {pages + 1}" in front  # its own line: the numbers go on from the pack
    assert "Supplementary agenda 1" in front
    last = pages + page_count(draft)
    assert _lines(draft, page_count(draft))[-1] == f"Page {last}"
    labels = PdfReader(draft).page_labels  # a viewer's page box says the stamp's number
    assert labels[0] == str(pages + 1) and labels[-1] == str(last)
    outline = [o.title for o in PdfReader(draft).outline if not isinstance(o, list)]
    assert outline == ["Supplementary agenda 1", "6A. Youth Justice Plan"]
    # item 6 was the last business of the published agenda: the late item follows it as 6A
    sheet = _sheet(draft)
    row = sheet[sheet.index("6A") :]
    manifest = json.loads((published / BUILT / "manifest.json").read_text())
    (item,) = manifest["supplement"]["items"]
    assert item["number"] == "6A" and item["late"] is True
    assert row.startswith(f"6A Youth Justice Plan {item['pages']} Youth Justice Plan ")
    assert f"Reason for urgency: {REASON}" in row
    assert int(item["pages"].split(" - ")[0]) > pages + 1  # after the front sheet
    assert "first-time entrants" in text(draft)

    status = _run(published, "status", "cyp-scrutiny", "--today", "2024-03-25")
    assert "supplementary agenda 1 drafted, not yet published" in status.output

    result = _run(published, "publish", *MEETING, "--at", "2024-03-25T12:00")
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name in before} | {
        "record.json": before["record.json"]
    } == before
    assert (folder / "supplement-1.pdf").read_bytes() == draft.read_bytes()
    record = json.loads((folder / "record.json").read_text())
    pack, supplement = record["editions"]
    assert supplement["kind"] == "supplement" and supplement["number"] == 1
    assert supplement["first_page"] == pages + 1 == pack["last_page"] + 1
    assert supplement["last_page"] == last
    assert supplement["on_time"] is False  # publish-by was 20 March
    assert supplement["labels"] == ["6A"] and supplement["titles"] == ["Youth Justice Plan"]
    assert supplement["sha256"] == _sha(folder / "supplement-1.pdf")

    status = _run(published, "status", "cyp-scrutiny", "--today", "2024-03-25")
    assert "on time, 1 supplementary pack\n" in status.output
    # nothing more is late: a second publish is refused, a rebuild drafts no supplement
    again = _run(published, "publish", *MEETING)
    assert again.exit_code == 1 and "nothing new to publish" in again.output
    assert not (published / BUILT / "supplement-2.pdf").exists()
    assert not (published / BUILT / "supplement-1.pdf").exists()

    # the feeds and the site know the supplement
    feed = feedparser.parse((published / "build/site/cyp-scrutiny/feed.atom").read_bytes())
    assert feed.bozo == 0
    assert feed.entries[0].title.startswith("Supplementary agenda 1: ")
    page = as_text(published / "build/site/cyp-scrutiny/2024-03-28/index.html")
    published_on = "published Monday, 25 March 2024, late"
    assert f"Supplementary agenda 1, {published_on}, pages {pages + 1} to {last}" in page
    assert (published / "build/site/cyp-scrutiny/2024-03-28/published/supplement-1.pdf").is_file()
    # items keep the agenda's numbers, with the pages of the editions of record
    page = " ".join(re.sub(r"<[^>]+>", " ", page).split()).replace(" )", ")")
    assert f"6A. Youth Justice Plan (pages {item['pages']} (supplementary agenda 1))" in page
    tracker = next(i for i in record["editions"][0]["titles"] if "Tracker" in i)
    number = record["editions"][0]["labels"][record["editions"][0]["titles"].index(tracker)]
    assert f"{number}. {tracker} (pages" in page
    assert "6A Youth Justice Plan" in " ".join(text(published / BUILT / "agenda.pdf").split())
    # and the calendar: the agenda's numbers, and a link to each edition
    from tests.public_text import ics_text

    feed = ics_text(published / "build/calendars/cyp-scrutiny.ics")
    assert "6A. Youth Justice Plan" in feed
    url = "https://democracy.example.gov.uk/cyp-scrutiny/2024-03-28/published/"
    assert f"Supplementary agenda 1, as published: {url}supplement-1.pdf" in feed


def test_a_changed_report_goes_out_revised_in_the_next_supplement(published):
    _late_report(published)
    assert _run(published, "publish", *MEETING, "--at", "2024-03-25T12:00").exit_code == 0
    record = json.loads((published / PUBLISHED / "record.json").read_text())
    first = record["editions"][-1]["last_page"] + 1
    _report(
        published / PAPERS / "early-help.docx",
        "Review of the Early Help Strategy",
        "Paragraph 4.2 now gives the figures for the year to February.",
    )
    built = _run(published, "build", *MEETING)
    assert built.exit_code == 0, built.output
    draft = published / BUILT / "supplement-2.pdf"
    front = _sheet(draft)
    assert "Supplementary agenda 2" in front and f"Page {first}" in _lines(draft, 1)
    row = front[front.index("5 Review of the Early Help Strategy") :]
    assert " Revised: Review of the Early Help Strategy" in row
    assert "6A" not in front  # the late item went out in supplement 1
    assert "figures for the year to February" in text(draft)
    published_ = _run(published, "publish", *MEETING, "--at", "2024-03-26T09:00")
    assert published_.exit_code == 0, published_.output
    assert (published / PUBLISHED / "supplement-2.pdf").is_file()


def test_exempt_late_papers_reach_only_the_exempt_supplement(published):
    marker = "QUIXOTICLATEEXEMPT7731"
    _report(published / PAPERS / "late-costs.docx", f"Revised provider costs {marker}")
    programme = published / "programme/cyp-scrutiny.toml"
    source = programme.read_text()
    old = '  { file = "provider-costs.pdf", title = "Appendix 2: Provider costs", exempt = 3 },\n'
    new = old + (
        f'  {{ file = "late-costs.docx", title = "Appendix 3: Costs {marker}", exempt = 3 }},\n'
    )
    programme.write_text(source.replace(old, new))
    # and a late item exempt as a whole: its reason for urgency is the members' alone
    _report(published / PAPERS / "late-contract.docx", f"Contract award {marker}")
    _add_late_item(
        published,
        f'exempt = 3\nurgency = "The tender closes on 2 April {marker}"\n'
        f'documents = [{{ file = "late-contract.docx", title = "Award {marker}" }}]\n',
    )
    built = _run(published, "build", *MEETING)
    assert built.exit_code == 0, built.output
    exempt = published / BUILT / "exempt-supplement-1.pdf"
    assert marker in text(exempt)
    assert f"The tender closes on 2 April {marker}" in _sheet(exempt)
    public = published / BUILT / "supplement-1.pdf"
    sheet = _sheet(public)
    assert "exempt appendix is circulated to members separately" in sheet
    assert "Youth Justice Plan Exempt: paragraph 3" in sheet  # its title and paragraph only
    assert _run(published, "publish", *MEETING, "--at", "2024-03-25T12:00").exit_code == 0
    assert (published / PUBLISHED / "exempt-supplement-1.pdf").is_file()
    for path in public_files(published):
        assert marker not in as_text(path), path


def test_supplements_are_tagged_like_the_pack(published):
    import page

    from tests.test_tagged import _check_tree

    _late_report(published)
    _report(published / PAPERS / "late-costs.docx", "Revised provider costs")
    programme = published / "programme/cyp-scrutiny.toml"
    old = '  { file = "provider-costs.pdf", title = "Appendix 2: Provider costs", exempt = 3 },\n'
    new = old + '  { file = "late-costs.docx", title = "Appendix 3: Costs", exempt = 3 },\n'
    programme.write_text(programme.read_text().replace(old, new))
    assert _run(published, "build", *MEETING).exit_code == 0
    for name in ("supplement-1.pdf", "exempt-supplement-1.pdf"):
        pdf = published / BUILT / name
        report = page.validate_pdf(pdf, profile="ua1")
        assert not report.failures, sorted({(f.rule_id, f.message) for f in report.failures})
        _check_tree(pdf)


def test_a_damaged_record_of_the_exempt_papers_is_one_line_everywhere(published):
    record = published / PUBLISHED / "exempt-record.json"
    assert json.loads(record.read_text())["documents"]  # the exempt appendix went out
    record.write_text('{"documents": [{"source": "x"}]}')
    expected = (
        f"{PUBLISHED}/exempt-record.json: error: the record of the exempt papers cannot be "
        "read ('sha256' is missing); restore it from version control (git checkout) or your "
        "archive"
    )
    for args in (("check",), ("build", *MEETING), ("publish", *MEETING)):
        result = _run(published, *args)
        assert result.exit_code == 1, (args, result.output)
        assert expected in result.output.splitlines(), (args, result.output)
        assert "Traceback" not in result.output


def _exempt_late_appendix(root: Path, marker: str = "LATEAPPENDIX") -> None:
    _report(root / PAPERS / "late-costs.docx", f"Revised provider costs {marker}")
    programme = root / "programme/cyp-scrutiny.toml"
    old = '  { file = "provider-costs.pdf", title = "Appendix 2: Provider costs", exempt = 3 },\n'
    new = old + '  { file = "late-costs.docx", title = "Appendix 3: Costs", exempt = 3 },\n'
    programme.write_text(programme.read_text().replace(old, new))


def test_a_supplement_of_its_front_sheet_alone_counts_its_padding(published):
    """Only an exempt paper is late: the public supplement is its front sheet, padded to a
    whole sheet, and the next one goes on after the padding."""
    _exempt_late_appendix(published)
    assert _run(published, "publish", *MEETING, "--at", "2024-03-25T10:00").exit_code == 0
    supplement = published / PUBLISHED / "supplement-1.pdf"
    record = json.loads((published / PUBLISHED / "record.json").read_text())
    first, last = record["editions"][1]["first_page"], record["editions"][1]["last_page"]
    assert last == first + page_count(supplement) - 1
    assert _lines(supplement, page_count(supplement))[-1] == f"Page {last}"
    _report(published / PAPERS / "early-help.docx", "Review of the Early Help Strategy, again")
    assert _run(published, "publish", *MEETING, "--at", "2024-03-26T10:00").exit_code == 0
    assert f"Page {last + 1}" in _lines(published / PUBLISHED / "supplement-2.pdf", 1)


def test_the_motion_to_exclude_the_public_names_items_as_the_agenda_numbers_them(published):
    _report(published / PAPERS / "late-contract.docx", "Contract award")
    _add_late_item(
        published,
        'exempt = 3\nurgency = "The tender closes on 2 April"\n'
        'documents = [{ file = "late-contract.docx", title = "Award report" }]\n',
    )
    assert _run(published, "build", *MEETING).exit_code == 0
    manifest = json.loads((published / BUILT / "manifest.json").read_text())
    (exclusion,) = [i for i in manifest["items"] if i["standing"] == "exclusion"]
    (late,) = [i for i in manifest["items"] if i["title"] == "Youth Justice Plan"]
    assert exclusion["label"] == "9" and late["label"] == "9A"
    assert "consideration of item 9A and the exempt appendix to item 4," in exclusion["purpose"]
    agenda = " ".join(text(published / BUILT / "agenda.pdf").split())
    assert "consideration of item 9A and the exempt appendix to item 4," in agenda


def test_a_paper_made_public_after_it_went_out_as_exempt_is_late(published):
    programme = published / "programme/cyp-scrutiny.toml"
    programme.write_text(
        programme.read_text().replace(
            'title = "Appendix 2: Provider costs", exempt = 3 }',
            'title = "Appendix 2: Provider costs" }',
        )
    )
    assert _run(published, "build", *MEETING).exit_code == 0
    manifest = json.loads((published / BUILT / "manifest.json").read_text())
    (item,) = manifest["supplement"]["items"]
    assert item["number"] == "4" and item["documents"] == ["Appendix 2: Provider costs"]


def test_publishing_the_pack_as_built_leaves_the_build_up_to_date(example_with_cache):
    built = _run(example_with_cache, "build", *MEETING)
    assert built.exit_code == 0, built.output
    assert _run(example_with_cache, "publish", *MEETING, "--at", "2024-03-19T10:00").exit_code == 0
    status = _run(example_with_cache, "status", "cyp-scrutiny", "--today", "2024-03-19")
    assert "cyp-scrutiny 2024-03-28: pack up to date, published" in status.output
    again = _run(example_with_cache, "build", *MEETING)
    assert "build/cyp-scrutiny/2024-03-28/: up to date, nothing written" in again.output


def test_an_edition_cannot_go_out_before_the_one_before_it(published):
    _late_report(published)
    refused = _run(published, "publish", *MEETING, "--at", "2024-03-18T09:00")
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines()[-1] == (
        f"{PUBLISHED}/: error: 2024-03-18T09:00:00+00:00 is before the pack was published "
        "(2024-03-19T10:00:00+00:00): an edition goes out after the one before it"
    )
    after = _run(published, "publish", *MEETING, "--at", "2024-03-29T09:00")
    assert after.exit_code == 1 and "the meeting was on 2024-03-28" in after.output
    assert not (published / PUBLISHED / "supplement-1.pdf").exists()


def test_check_finds_a_record_edited_missing_or_with_a_stray_file(published):
    folder = published / PUBLISHED
    _late_report(published)
    assert _run(published, "publish", *MEETING, "--at", "2024-03-25T12:00").exit_code == 0
    good = (folder / "record.json").read_text()
    cases = {
        "pages": (
            good.replace('"first_page": 25', '"first_page": 27'),
            "record.json: error: the record of publication cannot be read (edition 2's pages "
            "do not go on from those of the edition before)",
        ),
        "type": (
            good.replace('"last_page": 28', '"last_page": "x"'),
            "record.json: error: the record of publication cannot be read (last_page is not a "
            "whole number)",
        ),
        "path": (
            good.replace('"file": "supplement-1.pdf"', '"file": "../../../programme/council.toml"'),
            "record.json: error: the record of publication cannot be read (file "
            "'../../../programme/council.toml' is not the name of a PDF beside record.json)",
        ),
        "missing": (None, "the folder holds files but no record of their publication; restore"),
    }
    for name, (content, expected) in cases.items():
        if content is None:
            (folder / "record.json").unlink()
        else:
            (folder / "record.json").write_text(content)
        for args in (("check",), ("build", *MEETING)):
            result = _run(published, *args)
            assert result.exit_code == 1, (name, args, result.output)
            assert expected in result.output, (name, args, result.output)
            assert "Traceback" not in result.output
        (folder / "record.json").write_text(good)
    _report(folder / "supplement-2.pdf", "made by hand")
    checked = _run(published, "check")
    assert checked.exit_code == 1
    assert (
        f"{PUBLISHED}/supplement-2.pdf: error: record.json does not list it as published: "
        "a file is never added to an edition of record; move it out, or restore the folder "
        "from version control or your archive"
    ) in checked.output.splitlines()


def test_the_exempt_record_gone_is_an_error_not_a_reason_to_send_everything_again(published):
    (published / PUBLISHED / "exempt-record.json").unlink()
    expected = (
        f"{PUBLISHED}/exempt-record.json: error: the record of the exempt papers published "
        "is missing; restore it from version control (git checkout) or your archive"
    )
    for args in (("check",), ("publish", *MEETING)):
        result = _run(published, *args)
        assert result.exit_code == 1 and expected in result.output.splitlines(), result.output


def test_a_damaged_record_stops_only_its_own_meeting(published):
    (published / PUBLISHED / "record.json").write_text("{")
    result = _run(published, "build")
    assert result.exit_code == 1
    assert "build/audit-committee/2026-12-02/: up to date" in result.output  # went on
    assert (published / "build/site/index.html").is_file()


def test_a_published_file_changed_in_place_is_found_with_the_hashes_remembered(published):
    import os

    pack = published / PUBLISHED / "pack.pdf"
    assert _run(published, "check").exit_code == 0  # remembers the hashes
    stat = pack.stat()
    data = bytearray(pack.read_bytes())
    data[-10] ^= 1  # the same size; the old modification time put back
    pack.write_bytes(bytes(data))
    os.utime(pack, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    checked = _run(published, "check")
    assert checked.exit_code == 1 and f"{PUBLISHED}/pack.pdf: error: it is not" in checked.output
