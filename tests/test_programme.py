"""The loader: every rule reports the exact file, line and words, and nothing raises."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from pypdf import PdfWriter
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.programme.load import load_workspace

runner = CliRunner()


def problems(ws) -> list[str]:
    return [str(p) for p in load_workspace(ws.root).problems]


def test_example_workspace_loads_without_problems(example):
    result = load_workspace(example)
    assert result.problems == []
    cyp = result.workspace.committee("cyp-scrutiny")
    assert [m.date for m in cyp.meetings][:2] == [dt.date(2023, 9, 28), dt.date(2023, 10, 26)]
    march = cyp.meeting_on(dt.date(2024, 3, 28))
    assert march.time == dt.time(9, 30) and march.duration == dt.timedelta(hours=2, minutes=30)
    sufficiency = march.items[0]
    assert [d.file for d in sufficiency.documents][0] == "placement-sufficiency.docx"
    assert sufficiency.documents[2].exempt == 3
    assert sufficiency.documents[1].title == "Appendix 1: Placements Sufficiency Strategy"
    assert cyp.meeting_on(dt.date(2024, 4, 5)).cancelled.startswith("Proximity")
    assert result.workspace.council.notice_days == 5


def test_meeting_inherits_and_overrides(ws):
    ws.committee("""
        duration = "1h"
        [[meeting]]
        date = 2023-10-01
        [[meeting]]
        date = 2023-11-01
        time = 14:00:00
        venue = "Council House"
        duration = "90m"
    """)
    committee = load_workspace(ws.root).workspace.committee("cyp")
    first, second = committee.meetings
    assert (first.time, first.venue, first.duration) == (
        dt.time(9, 30),
        "Loxley House",
        dt.timedelta(hours=1),
    )
    assert (second.time, second.venue, second.duration) == (
        dt.time(14),
        "Council House",
        dt.timedelta(minutes=90),
    )


def test_toml_syntax_error_at_its_line(ws):
    ws.committee("""
        [[meeting]]
        date = 2023-10-01
        title = "unclosed
    """)
    assert problems(ws) == ["programme/cyp.toml:8: error: TOML syntax: Illegal character '\\n'"]


def test_unknown_key_suggests_the_close_one(ws):
    ws.committee("""
        [[meeting]]
        date = 2023-10-01
        [[meeting.item]]
        titel = "Budget"
    """)
    assert problems(ws) == [
        "programme/cyp.toml:8: error: [[meeting.item]] is missing `title`",
        "programme/cyp.toml:9: error: unknown key `titel` in [[meeting.item]]; did you mean "
        "`title`?",
    ]


def test_unknown_key_without_a_close_one_lists_the_keys(ws):
    ws.write("programme/council.toml", 'name = "X"\nzebra = 1\n')
    assert problems(ws)[0].startswith(
        "programme/council.toml:2: error: unknown key `zebra` in the top of the file; it has "
        "`name`, `address`"
    )


def test_wrong_type_says_what_was_expected_and_shows_the_value(ws):
    ws.committee("""
        [[meeting]]
        date = 2023-10-01
        time = "half nine"
    """)
    assert problems(ws) == [
        'programme/cyp.toml:8: error: `time` must be a time such as 09:30:00, not "half nine"'
    ]


def test_missing_required_key(ws):
    ws.committee(
        """
        [[meeting]]
        venue = "Council House"
    """,
        head='year = "2023/24"\n',
    )
    assert problems(ws) == [
        "programme/cyp.toml:1: error: the top of the file is missing `name`",
        "programme/cyp.toml:3: error: [[meeting]] is missing `date`",
    ]


def test_two_meetings_on_one_date(ws):
    ws.committee("""
        [[meeting]]
        date = 2023-10-01

        [[meeting]]
        date = 2023-10-01
    """)
    assert problems(ws) == [
        "programme/cyp.toml:10: error: two meetings on 2023-10-01; the other is at line 6"
    ]


def test_moved_from_another_meetings_date(ws):
    ws.committee("""
        [[meeting]]
        date = 2023-10-01
        [[meeting]]
        date = 2023-10-08
        moved_from = 2023-10-01
    """)
    assert problems(ws) == [
        "programme/cyp.toml:10: error: `moved_from` 2023-10-01 is the date of another meeting; "
        "a moved meeting's old date must be free"
    ]


def test_cancelled_meeting_with_items(ws):
    ws.committee("""
        [[meeting]]
        date = 2023-10-01
        cancelled = "Elections"
        [[meeting.item]]
        title = "Budget"
    """)
    assert problems(ws) == [
        "programme/cyp.toml:8: error: a cancelled meeting still has items; move them to "
        "another meeting or to [[pending]]"
    ]


MEETING_WITH = """
    [[meeting]]
    date = 2023-10-01
    [[meeting.item]]
    title = "Budget"
    documents = [
      {docs}
    ]
"""


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('"report.docx"', "'report.docx' is missing from packs/cyp/2023-10-01/"),
        (
            '"report.pages"',
            "'report.pages' is not a supported kind of document; use one of "
            ".docx, .doc, .odt, .rtf, .pdf",
        ),
        (
            '"../other/report.docx"',
            "'../other/report.docx' leads outside the meeting folder packs/cyp/2023-10-01/",
        ),
        (
            '"/etc/report.docx"',
            "'/etc/report.docx' is an absolute path; name a file inside packs/cyp/2023-10-01/",
        ),
        (
            '{ file = "a.pdf", exempt = 9 }',
            "`exempt` must be a paragraph of Schedule 12A Part 1, a number from 1 to 7, not 9",
        ),
    ],
)
def test_document_rules(ws, entry, message):
    ws.folder("cyp", "2023-10-01")
    (ws.root / "packs/cyp/2023-10-01/a.pdf").write_bytes(_pdf())
    ws.committee(MEETING_WITH.format(docs=entry))
    assert f"programme/cyp.toml:11: error: {message}" in problems(ws)


def test_symlink_leading_out_of_the_folder(ws, tmp_path):
    folder = ws.folder("cyp", "2023-10-01")
    outside = tmp_path / "secret.docx"
    outside.write_bytes(b"x")
    os.symlink(outside, folder / "report.docx")
    ws.committee(MEETING_WITH.format(docs='"report.docx"'))
    assert problems(ws) == [
        "programme/cyp.toml:11: error: 'report.docx' is a link that leads outside the meeting "
        "folder packs/cyp/2023-10-01/"
    ]


def _pdf(password: str | None = None) -> bytes:
    import io

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if password:
        writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_needing_a_user_password(ws):
    folder = ws.folder("cyp", "2023-10-01")
    (folder / "a.pdf").write_bytes(_pdf(password="secret"))
    ws.committee(MEETING_WITH.format(docs='"a.pdf"'))
    assert problems(ws) == [
        "programme/cyp.toml:11: error: 'a.pdf': the PDF needs a password to open; ask its "
        "author for a copy without a password"
    ]


def test_pdf_with_only_an_owner_password_is_fine(ws):
    folder = ws.folder("cyp", "2023-10-01")
    (folder / "a.pdf").write_bytes(_pdf(password=""))
    ws.committee(MEETING_WITH.format(docs='"a.pdf"'))
    assert problems(ws) == []


def test_damaged_pdf(ws):
    folder = ws.folder("cyp", "2023-10-01")
    (folder / "a.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    ws.committee(MEETING_WITH.format(docs='"a.pdf"'))
    assert problems(ws) == [
        "programme/cyp.toml:11: error: 'a.pdf': the PDF is damaged and cannot be read; save or "
        "export it again"
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "a.docx",
            b"not a zip",
            "'a.docx' is damaged: not a .docx document; save it again from Word",
        ),
        (
            "a.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "'a.docx' is password-protected (or an old .doc renamed); remove the password in Word "
            "and save it again",
        ),
        ("a.rtf", b"hello", "'a.rtf' is damaged: not an RTF document; save it again"),
    ],
)
def test_word_files_that_are_not_what_they_say(ws, name, content, message):
    (ws.folder("cyp", "2023-10-01") / name).write_bytes(content)
    ws.committee(MEETING_WITH.format(docs=f'"{name}"'))
    assert problems(ws) == [f"programme/cyp.toml:11: error: {message}"]


def test_exempt_on_an_item_outside_the_range(ws):
    ws.committee("""
        [[meeting]]
        date = 2023-10-01
        [[meeting.item]]
        title = "Contract"
        exempt = 0
    """)
    assert problems(ws) == [
        "programme/cyp.toml:10: error: `exempt` must be a paragraph of Schedule 12A Part 1, a "
        "number from 1 to 7, not 0"
    ]


def test_unknown_holidays_region(ws):
    ws.council('holidays = "GB-XYZ"\n')
    ws.committee("")
    assert problems(ws) == [
        "programme/council.toml:5: error: unknown holidays region 'GB-XYZ'; GB has GB-ENG, "
        "GB-NIR, GB-SCT, GB-WLS"
    ]


def test_bad_duration(ws):
    ws.committee('duration = "two hours"\n')
    assert problems(ws) == [
        'programme/cyp.toml:5: error: `duration` must be a duration such as "2h30m", "2h" or '
        '"90m", not "two hours"'
    ]


def test_warnings(ws):
    ws.council("max_items = 1\n")
    ws.committee("""
        [[meeting]]
        date = 2024-07-01
        [[meeting.item]]
        title = "One"
        [[meeting.item]]
        title = "Two"

        [[recurring]]
        title = "Safeguarding annual report"
        month = 10
    """)
    ws.folder("cyp", "2024-08-01")
    (ws.folder("cyp", "2024-07-01") / "stray.docx").write_bytes(b"x")
    assert problems(ws) == [
        "packs/cyp/2024-07-01/stray.docx: warning: no item names this file; add it to an "
        "item's `documents` in programme/cyp.toml or remove it",
        "packs/cyp/2024-08-01/: warning: no meeting on 2024-08-01 in programme/cyp.toml; "
        "rename the folder or add the meeting",
        "programme/cyp.toml:6: warning: 2 items at the meeting on 2024-07-01, more than "
        "max_items = 1",
        "programme/cyp.toml:7: warning: 2024-07-01 is outside the municipal year 2023/24 "
        "(May 2023 to May 2024)",
        "programme/cyp.toml:13: warning: recurring topic 'Safeguarding annual report' is due "
        "in October, but the committee has no meeting in October",
    ]


def test_check_command_exit_codes_and_strict(ws):
    ws.committee("""
        [[meeting]]
        date = 2025-07-01
    """)
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "programme/cyp.toml:7: warning: 2025-07-01 is outside the municipal year 2023/24 "
        "(May 2023 to May 2024)",
        "0 errors, 1 warning",
    ]
    strict = runner.invoke(app, ["check", "--strict", "--workspace", str(ws.root)])
    assert strict.exit_code == 1


def test_check_command_fails_on_errors(ws):
    ws.committee("chair = 5\n")
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "programme/cyp.toml:5: error: `chair` must be text in quotes, not 5",
        "1 error, 0 warnings",
    ]


def test_not_a_workspace(tmp_path):
    result = runner.invoke(app, ["check", "--workspace", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a workspace: there is no programme/ folder here" in result.output


def test_word_files_with_tracked_changes_or_comments_are_a_warning(ws):
    import zipfile

    folder = ws.folder("cyp", "2023-10-01")
    with zipfile.ZipFile(folder / "a.docx", "w") as archive:
        archive.writestr(
            "word/document.xml",
            '<w:document><w:body><w:p><w:ins w:id="1">new</w:ins></w:p></w:body></w:document>',
        )
        archive.writestr("word/comments.xml", "<w:comments/>")
    ws.committee(MEETING_WITH.format(docs='"a.docx"'))
    assert problems(ws) == [
        "programme/cyp.toml:11: warning: 'a.docx' has tracked changes: the pack shows them as "
        "if accepted; accept or reject them in Word before publishing",
        "programme/cyp.toml:11: warning: 'a.docx' has comments, which are left out of the pack",
    ]
