"""The officer's month: starting a cover report, and the status board."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from agendapack.documents.convert import Converter, Job
from agendapack.programme.load import load_workspace
from tests.pdftools import text

runner = CliRunner()
SECTIONS = [
    "1 Purpose",
    "2 Action required",
    "3 Background information",
    "4 List of attached information",
    "5 Background papers",
    "6 Published documents referred to",
    "7 Wards affected",
    "8 Contact information",
]


def _invoke(*args: str):
    from agendapack.cli import app

    return runner.invoke(app, list(args))


def test_new_report_makes_the_document_and_adds_the_item(example, tmp_path):
    programme = example / "programme/cyp-scrutiny.toml"
    before = programme.read_text()
    result = _invoke(
        "new-report",
        "cyp-scrutiny",
        "2024-03-28",
        "Youth Justice & Custody",
        "--subtitle",
        "Report of the Head of Youth Justice",
        "--author",
        "Sam Morris",
        "--email",
        "sam.morris@example.gov.uk",
        "--workspace",
        str(example),
    )
    assert result.exit_code == 0, result.output
    report = example / "packs/cyp-scrutiny/2024-03-28/youth-justice-custody.docx"
    assert result.output.splitlines() == [
        "wrote packs/cyp-scrutiny/2024-03-28/youth-justice-custody.docx",
        "added the item 'Youth Justice & Custody' to programme/cyp-scrutiny.toml",
    ]
    with Converter(tmp_path / "cache") as converter:
        (pdf,) = converter.convert([Job(report, "report")])
    words = " ".join(text(pdf).split())
    for expected in [
        "Youth Justice & Custody",
        "Children and Young People Scrutiny Committee",
        "28 March 2024",
        "Report of the Head of Youth Justice",
        "Sam Morris",
        "sam.morris@example.gov.uk",
        *SECTIONS,
    ]:
        assert expected in words, expected

    after = programme.read_text()
    added = (
        '\n[[meeting.item]]\ntitle = "Youth Justice & Custody"\n'
        'subtitle = "Report of the Head of Youth Justice"\n'
        'documents = ["youth-justice-custody.docx"]\n'
    )
    assert added in after
    assert after.replace(added, "", 1) == before  # comments, order and layout untouched
    loaded = load_workspace(example)
    assert loaded.errors == []
    march = loaded.workspace.committee("cyp-scrutiny").meeting_on(
        __import__("datetime").date(2024, 3, 28)
    )
    assert march.items[-1].title == "Youth Justice & Custody"
    assert march.items[-1].documents[0].file == "youth-justice-custody.docx"

    mtime = report.stat().st_mtime_ns
    again = _invoke(
        "new-report",
        "cyp-scrutiny",
        "2024-03-28",
        "Youth Justice & Custody",
        "--workspace",
        str(example),
    )
    assert again.exit_code == 1
    assert (
        "youth-justice-custody.docx: error: already exists; it was not overwritten" in again.output
    )
    assert programme.read_text() == after and report.stat().st_mtime_ns == mtime


def test_new_report_for_an_existing_item_only_attaches_the_document(example):
    programme = example / "programme/cyp-scrutiny.toml"
    result = _invoke(
        "new-report",
        "cyp-scrutiny",
        "2024-03-28",
        "Children's Services Improvement",
        "--workspace",
        str(example),
    )
    assert result.exit_code == 0, result.output
    assert "attached it to the item" in result.output
    meeting = load_workspace(example).workspace.committee("cyp-scrutiny").meetings[4]
    improvement = [i for i in meeting.items if i.title == "Children's Services Improvement"]
    assert len(improvement) == 1
    assert [d.file for d in improvement[0].documents] == ["children-s-services-improvement.docx"]
    assert programme.read_text().count("[[meeting.item]]") == 12


def test_new_report_keeps_windows_line_endings(example):
    programme = example / "programme/audit-committee.toml"
    programme.write_bytes(programme.read_bytes().replace(b"\n", b"\r\n"))
    result = _invoke(
        "new-report", "audit-committee", "2027-03-24", "Risk Register", "--workspace", str(example)
    )
    assert result.exit_code == 0, result.output
    data = programme.read_bytes()
    assert b'title = "Risk Register"\r\n' in data and b"\n" not in data.replace(b"\r\n", b"")


def _status(root, today, *more):
    return _invoke(
        "status", "cyp-scrutiny", "--today", today, "--json", *more, "--workspace", str(root)
    )


def test_status_reports_missing_changed_and_past_deadlines(example_with_cache):
    root = example_with_cache
    folder = root / "packs/cyp-scrutiny/2024-03-28"
    fresh = _status(root, "2024-03-01")
    assert fresh.exit_code == 0, fresh.output
    (meeting,) = json.loads(fresh.output)
    assert meeting["pack_state"] == "up to date"
    assert {d["state"] for d in meeting["documents"]} == {"present"}

    shutil.copy(folder / "placement-strategy.pdf", folder / "early-help-strategy.pdf")
    (folder / "placement-sufficiency.docx").unlink()
    before_deadline = _status(root, "2024-03-01")
    assert before_deadline.exit_code == 0, before_deadline.output
    (meeting,) = json.loads(before_deadline.stdout)
    states = {d["file"].rsplit("/", 1)[1]: d["state"] for d in meeting["documents"]}
    assert states["placement-sufficiency.docx"] == "missing"
    assert states["early-help-strategy.pdf"] == "changed since the build"
    assert states["early-help.docx"] == "present"
    assert meeting["pack_state"] == "out of date"
    assert meeting["report_days_left"] == 8 and not meeting["overdue_missing"]

    after_deadline = _status(root, "2024-03-14")
    assert after_deadline.exit_code == 1
    (meeting,) = json.loads(after_deadline.stdout)
    assert meeting["report_days_left"] == -1 and meeting["overdue_missing"]

    board = _invoke("status", "cyp-scrutiny", "--today", "2024-03-14", "--workspace", str(root))
    assert board.exit_code == 1
    assert "  reports due 2024-03-13 (1 working day ago)" in board.stdout
    assert "missing  packs/cyp-scrutiny/2024-03-28/placement-sufficiency.docx" in board.stdout
