"""Every record, memory or feed problem in plain words with its path, never Python's; an
empty --council refused like an empty --committee. Through the real command."""

from __future__ import annotations

from typer.testing import CliRunner

from agendapack.cli import app

runner = CliRunner()
RESTORE = "restore it from version control (git checkout) or your archive"
MEETING = '\n[[meeting]]\ndate = 2024-03-28\n\n[[meeting.item]]\ntitle = "A report"\n'


def _invoke(*args: str):
    return runner.invoke(app, list(args))


def test_a_damaged_record_is_said_in_plain_words(ws):
    ws.committee(MEETING)
    record = ws.root / "published/cyp/2024-03-28/record.json"
    record.parent.mkdir(parents=True)
    cases = {
        "": "it is empty",
        "{not json": "it is not JSON: expecting property name enclosed in double quotes at "
        "line 1, column 2",
        "[1, 2]": "it is not a record this agendapack knows",
        '{"schema": 3, "editions": [{}]}': "'kind' is missing",
    }
    for content, words in cases.items():
        record.write_text(content)
        for verb in ("check", "status"):
            result = _invoke(verb, "--workspace", str(ws.root))
            if verb == "check":
                assert result.exit_code == 1
                assert (
                    "published/cyp/2024-03-28/record.json: error: the record of publication "
                    f"cannot be read ({words}); {RESTORE}"
                ) in result.output.splitlines(), result.output
            assert "Traceback" not in result.output and "char 0" not in result.output
    record.unlink()
    record.mkdir()
    result = _invoke("check", "--workspace", str(ws.root))
    assert (
        "published/cyp/2024-03-28/record.json: error: the record of publication cannot be "
        f"read (it is a folder, not a file); {RESTORE}"
    ) in result.output.splitlines()


def test_a_damaged_memory_or_feed_is_said_in_plain_words(ws, tmp_path):
    ws.committee(MEETING)
    memory = ws.root / "published/calendars/state.json"
    memory.parent.mkdir(parents=True)
    for content, words in (("", "it is empty"), ("[1]", "it is not a table of events")):
        memory.write_text(content)
        result = _invoke("calendar", "--workspace", str(ws.root))
        assert result.exit_code == 1
        assert result.output.splitlines() == [
            f"published/calendars/state.json: error: the calendars' memory cannot be read "
            f"({words}); restore it from version control, or delete it to start every event's "
            "SEQUENCE afresh (subscribers may then miss changes until the next one)"
        ]
    memory.unlink()
    memory.mkdir()
    result = _invoke("calendar", "--workspace", str(ws.root))
    assert "state.json: error: the calendars' memory cannot be read (it is a folder, " in (
        result.output
    )
    memory.rmdir()
    missing = tmp_path / "nonexistent.ics"
    result = _invoke("calendar", "--previous", str(missing), "--workspace", str(ws.root))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{missing}: error: there is no such file; give the .ics feed subscribers had"
    ]
    text = tmp_path / "notes.ics"
    text.write_text("Meetings for next year\n")
    result = _invoke("calendar", "--previous", str(text), "--workspace", str(ws.root))
    assert result.output.splitlines() == [
        f"{text}: error: not a calendar agendapack can read (it does not begin with "
        "BEGIN:VCALENDAR, as a feed does); give the .ics feed subscribers had"
    ]


def test_an_empty_council_name_is_refused_like_an_empty_committee(tmp_path):
    for option in ("--council", "--committee"):
        result = _invoke("init", str(tmp_path / "new"), option, "")
        assert result.exit_code == 1
        assert result.output.splitlines() == [f"error: {option} '' is empty"]
        assert not (tmp_path / "new").exists()
