"""What a hostile-input trial of the first wave of hardening found, each now one clear line
(or no complaint where none is due)."""

from __future__ import annotations

import os

from typer.testing import CliRunner

from agendapack.cli import app

runner = CliRunner()


def _run(root, *args: str):
    return runner.invoke(app, [*args, "--workspace", str(root)])


def test_a_named_pipe_for_a_programme_is_an_error_not_a_hang(ws):
    ws.committee("")
    os.mkfifo(ws.root / "programme" / "pipe.toml")
    result = _run(ws.root, "check")
    assert result.exit_code == 1
    assert "programme/pipe.toml: error: is not a file; replace it with one" in result.output


def test_a_pasted_document_as_a_purpose_is_refused(ws):
    ws.committee(
        f"""
        [[meeting]]
        date = 2024-03-28

        [[meeting.item]]
        title = "{"Long title " * 100}"
        purpose = "{"word " * 200_000}"
        """
    )
    result = _run(ws.root, "check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "keep it under 1,000 (the detail belongs in the report)" in lines[0]
    assert "is 1,000,000 characters long; keep it under 10,000" in lines[1]


def test_a_paper_not_yet_written_stops_no_calendar_site_or_new_report(example):
    programme = example / "programme/audit-committee.toml"
    programme.write_text(
        programme.read_text().replace(
            'purpose = "To review the strategy before it goes to Council"',
            'purpose = "To review the strategy before it goes to Council"\n'
            'documents = ["not-written-yet.docx"]',
        )
    )
    for verb in (["calendar"], ["site"]):
        result = _run(example, *verb)
        assert result.exit_code == 0, (verb, result.output)
    made = _run(example, "new-report", "audit-committee", "2027-03-24", "Risk Management")
    assert made.exit_code == 0, made.output


def test_status_fails_when_a_programme_cannot_be_read(ws):
    ws.committee('name = "Broken\n', head="")
    result = _run(ws.root, "status", "--today", "2024-03-18")
    assert result.exit_code == 1
    assert "programme/cyp.toml:1: error: TOML syntax" in result.output


def test_new_report_never_reorders_a_programme_it_cannot_edit_in_place(ws):
    path = ws.committee(
        """
        [[meeting]]
        date = 2024-03-28

        [[meeting.item]]
        title = "Budget"
        documents = []

        [[recurring]]
        title = "Annual report"
        month = 3

        # the chair's later meeting, written after the topics
        [[meeting]]
        date = 2024-04-25
        """
    )
    before = path.read_bytes()
    result = _run(ws.root, "new-report", "cyp", "2024-03-28", "Budget")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "programme/cyp.toml: error: could not add the item safely; add it by hand with "
        'documents = ["budget.docx"]'
    )
    assert path.read_bytes() == before
    assert not (ws.root / "packs/cyp/2024-03-28/budget.docx").exists()


def test_invisible_titles_and_direction_overrides_are_refused(ws):
    ws.committee(
        """
        [[meeting]]
        date = 2024-03-28

        [[meeting.item]]
        title = "\\u200b\\u200b"

        [[meeting.item]]
        title = "Budget \\u202Etxt.exe"
        """
    )
    result = _run(ws.root, "check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].endswith("`title` is empty; write it between the quotes"), lines
    assert lines[1].endswith(
        "contains U+202E, which makes the text display in another order than it reads; remove it"
    ), lines


def test_an_empty_file_is_called_empty(ws):
    ws.committee(
        """
        [[meeting]]
        date = 2024-03-28

        [[meeting.item]]
        title = "Budget"
        documents = ["budget.pdf"]
        """
    )
    (ws.folder("cyp", "2024-03-28") / "budget.pdf").write_bytes(b"")
    result = _run(ws.root, "check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "programme/cyp.toml:11: error: 'budget.pdf' is empty (0 bytes); save or copy it again"
    )
