"""The loader: every rule reports the exact file, line and words, and nothing raises."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.programme.load import load_workspace
from tests.pdftools import blank_pdf

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


# what a council.toml needs besides its name for `check` to say nothing of it
SITE = 'publish_url = "https://a.example/"\nuid_domain = "a.example"\n'


def test_unknown_key_without_a_close_one_lists_the_keys(ws):
    ws.write("programme/council.toml", 'name = "X"\nzebra = 1\n' + SITE)
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


def test_a_cancelled_meeting_needs_its_reason(ws):
    ws.committee("""
        [[meeting]]
        date = 2023-10-01
        cancelled = "  "
    """)
    assert problems(ws) == [
        "programme/cyp.toml:8: error: `cancelled` is the reason the meeting is cancelled, "
        'for the calendar and the site: give it, such as cancelled = "No business"'
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
            ".docx, .doc, .odt, .rtf, .xlsx, .xls, .ods, .pptx, .ppt, .odp, .pdf",
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
    return blank_pdf(password=password)


def test_pdf_needing_a_user_password(ws):
    folder = ws.folder("cyp", "2023-10-01")
    (folder / "a.pdf").write_bytes(_pdf(password="secret"))
    ws.committee(MEETING_WITH.format(docs='"a.pdf"'))
    assert problems(ws) == [
        "programme/cyp.toml:11: error: 'a.pdf': the PDF needs a password to open; ask its "
        "author for a copy without a password"
    ]


def test_a_pdf_damaged_in_place_with_its_old_size_and_time_is_checked_again(ws):
    """As `cp -p`, `rsync -a` or unzip leave a file: the check's memory of readable papers
    is keyed on the change time and inode too."""
    folder = ws.folder("cyp", "2023-10-01")
    paper = folder / "a.pdf"
    paper.write_bytes(_pdf())
    ws.committee(MEETING_WITH.format(docs='"a.pdf"'))
    assert problems(ws) == []  # found readable, and remembered
    before = paper.stat()
    paper.write_bytes(b"%PDF-1.7\n" + b"\x00" * (before.st_size - 9))
    os.utime(paper, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert paper.stat().st_size == before.st_size
    assert problems(ws) == [
        "programme/cyp.toml:11: error: 'a.pdf': the PDF is damaged and cannot be read; save "
        "or export it again"
    ]


def test_pdf_with_only_an_owner_password_is_fine(ws):
    folder = ws.folder("cyp", "2023-10-01")
    (folder / "a.pdf").write_bytes(_pdf(password=""))
    ws.committee(MEETING_WITH.format(docs='"a.pdf"'))
    assert problems(ws) == []


def test_an_untagged_pdf_is_one_warning_and_a_libreoffice_export_none(ws, tmp_path):
    """A PDF without tags (here one made by pypdf, as by a scanner or an old tool) is said
    once; the tagged PDF LibreOffice exports, through the real converter, is not."""
    from pypdf import PdfWriter

    from agendapack.documents.convert import command_line_convert

    folder = ws.folder("cyp", "2023-10-01")
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    with (folder / "scan.pdf").open("wb") as handle:
        writer.write(handle)
    (tmp_path / "export.fodt").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><office:document '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" '
        'office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>'
        "<text:p>Exported by LibreOffice.</text:p></office:text></office:body></office:document>",
        encoding="utf-8",
    )
    exported = command_line_convert(tmp_path / "export.fodt", tmp_path / "profile", 180)
    assert exported is not None
    (folder / "export.pdf").write_bytes(exported.read_bytes())
    ws.committee(MEETING_WITH.format(docs='"scan.pdf", "export.pdf"'))
    assert problems(ws) == [
        "programme/cyp.toml:11: warning: 'scan.pdf' is not a tagged PDF: ask its author for an "
        "accessible version"
    ]
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.exit_code == 0
    assert result.output.endswith("0 errors, 1 warning\n")
    assert result.output.count("is not a tagged PDF") == 1


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
        ("a.xlsx", b"not a zip", "'a.xlsx' is damaged: not a .xlsx file; save it again from Excel"),
        (
            "a.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "'a.xlsx' is password-protected (or an older file renamed); remove the password in "
            "Excel and save it again",
        ),
        (
            "a.pptx",
            b"PK\x05\x06" + bytes(18),  # an empty zip: no presentation in it
            "'a.pptx' is not a .pptx file (it has no ppt/presentation.xml); save it again",
        ),
        (
            "a.ppt",
            b"hello",
            "'a.ppt' is damaged: not a PowerPoint 97-2003 .ppt; save it again from PowerPoint",
        ),
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
        "programme/council.toml:6: error: unknown holidays region 'GB-XYZ'; GB has GB-ENG, "
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
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(folder / "a.docx", "w") as archive:
        archive.writestr(
            "word/document.xml",
            f'<w:document {w}><w:body><w:p><w:ins w:id="1">new</w:ins></w:p></w:body></w:document>',
        )
        # a comments part with a comment in it: pandoc writes an empty one into every file
        archive.writestr(
            "word/comments.xml",
            f'<w:comments {w}><w:comment w:id="0"><w:p/></w:comment></w:comments>',
        )
    ws.committee(MEETING_WITH.format(docs='"a.docx"'))
    assert problems(ws) == [
        "programme/cyp.toml:11: warning: 'a.docx' has tracked changes: the pack shows them as "
        "if accepted; accept or reject them in Word before publishing",
        "programme/cyp.toml:11: warning: 'a.docx' has comments, which are left out of the pack",
    ]


# -- inputs that used to crash a verb or slip through `check` ----------------------------
# Each case: the council.toml (None: the fixture's), the committee file's head (None: the
# fixture's) and body, and the exact lines `check` prints for it.

HEAD_WITHOUT_NAME = 'year = "2023/24"\nvenue = "Loxley House"\n'
INPUT_CASES = {
    "huge duration": (
        None,
        None,
        'duration = "99999999999h"\n',
        [
            "programme/cyp.toml:5: error: `duration` must be a duration between 1 minute and "
            '24 hours, not "99999999999h"'
        ],
    ),
    "year 1": (
        None,
        None,
        "\n[[meeting]]\ndate = 0001-01-03\n",
        [
            "programme/cyp.toml:7: error: `date` must be a date between 1974 and 2100, "
            "not 0001-01-03"
        ],
    ),
    "year 9999": (
        None,
        None,
        "\n[[meeting]]\ndate = 2023-10-01\n[[meeting]]\ndate = 9999-12-31\n",
        [
            "programme/cyp.toml:9: error: `date` must be a date between 1974 and 2100, "
            "not 9999-12-31"
        ],
    ),
    "moved from year 1": (
        None,
        None,
        "\n[[meeting]]\ndate = 2023-10-01\nmoved_from = 0001-01-01\n",
        [
            "programme/cyp.toml:8: error: `moved_from` must be a date between 1974 and 2100, "
            "not 0001-01-01"
        ],
    ),
    "municipal year 0000/01": (
        None,
        'name = "C"\nyear = "0000/01"\n',
        "",
        [
            'programme/cyp.toml:2: error: `year` must be a municipal year such as "2023/24", '
            'not "0000/01"'
        ],
    ),
    "date in quotes": (
        None,
        None,
        '\n[[meeting]]\ndate = "2024-03-28"\n',
        [
            "programme/cyp.toml:7: error: `date` must be a date written without quotes, such as "
            '2024-03-28, not "2024-03-28"'
        ],
    ),
    "[meeting] with one bracket": (
        None,
        None,
        "\n[meeting]\ndate = 2023-10-01\n",
        [
            "programme/cyp.toml:6: error: write [[meeting]] with two brackets, not [meeting]: "
            "each meeting is a [[meeting]] table of its own"
        ],
    ),
    "[meeting.item] with one bracket": (
        None,
        None,
        '\n[[meeting]]\ndate = 2023-10-01\n[meeting.item]\ntitle = "Budget"\n',
        [
            "programme/cyp.toml:8: error: write [[meeting.item]] with two brackets, not "
            "[meeting.item]: each item is a [[meeting.item]] table of its own"
        ],
    ),
    "month 13, and no warning about January": (
        None,
        None,
        '\n[[meeting]]\ndate = 2023-10-01\n[[recurring]]\ntitle = "Safeguarding"\nmonth = 13\n',
        ["programme/cyp.toml:10: error: `month` must be a month number from 1 to 12, not 13"],
    ),
    "empty title": (
        None,
        None,
        '\n[[meeting]]\ndate = 2023-10-01\n[[meeting.item]]\ntitle = "  "\n',
        ["programme/cyp.toml:9: error: `title` is empty; write it between the quotes"],
    ),
    "empty document title": (
        None,
        None,
        '\n[[meeting]]\ndate = 2023-10-01\n[[meeting.item]]\ntitle = "Budget"\n'
        'documents = [{ file = "a.pdf", title = "" }]\n',
        ["programme/cyp.toml:10: error: `title` is empty; write it between the quotes"],
    ),
    "empty committee name": (
        None,
        'name = ""\nyear = "2023/24"\n',
        "",
        ["programme/cyp.toml:1: error: `name` is empty; write it between the quotes"],
    ),
    "two meetings moved from one date": (
        None,
        None,
        "\n[[meeting]]\ndate = 2023-10-08\nmoved_from = 2023-10-01\n"
        "\n[[meeting]]\ndate = 2023-10-15\nmoved_from = 2023-10-01\n",
        [
            "programme/cyp.toml:12: error: another meeting was also moved from 2023-10-01 "
            "(line 6); a date can only have been one meeting's"
        ],
    ),
    "empty council name": (
        'name = ""\n' + SITE,
        None,
        "",
        ["programme/council.toml:1: error: `name` is empty; write it between the quotes"],
    ),
    "NUL in a title": (
        None,
        None,
        '\n[[meeting]]\ndate = 2023-10-01\n[[meeting.item]]\ntitle = "Budget\\u0000"\n',
        [
            "programme/cyp.toml:9: error: `title` contains the control character U+0000, which "
            "no page or calendar can show; remove it"
        ],
    ),
    "ESC in the chair": (
        None,
        None,
        'chair = "Councillor \\u001b[31mSalim"\n',
        [
            "programme/cyp.toml:5: error: `chair` contains the control character U+001B, which "
            "no page or calendar can show; remove it"
        ],
    ),
    "ESC in a purpose": (
        None,
        None,
        '\n[[meeting]]\ndate = 2023-10-01\n[[meeting.item]]\ntitle = "Budget"\n'
        'purpose = """To scrutinise\nthe budget\\u001b"""\n',
        [
            "programme/cyp.toml:10: error: `purpose` contains the control character U+001B, "
            "which no page or calendar can show; remove it"
        ],
    ),
    "DEL in a member's name": (
        None,
        None,
        'members = ["Councillor Salim", "Councillor\\u007f Gardiner"]\n',
        [
            "programme/cyp.toml:5: error: `members` contains the control character U+007F, "
            "which no page or calendar can show; remove it"
        ],
    ),
    "line break in a title": (
        None,
        None,
        '\n[[meeting]]\ndate = 2023-10-01\n[[meeting.item]]\ntitle = "Budget\\nSetting"\n',
        [
            "programme/cyp.toml:9: error: `title` must be on one line; remove the line break "
            "(U+000A)"
        ],
    ),
    "standing item twice in opening": (
        None,
        None,
        'opening = ["apologies", "minutes", "apologies"]\n',
        [
            'programme/cyp.toml:5: error: standing item "apologies" is named twice in '
            "`opening`; name it once"
        ],
    ),
    "standing item in opening and closing": (
        None,
        None,
        'opening = ["apologies",\n  "minutes"]\nclosing = ["minutes", "tracker"]\n',
        [
            'programme/cyp.toml:7: error: standing item "minutes" is in `opening` (line 6) and '
            "in `closing`; name it in one"
        ],
    ),
    "standing item in the default opening and in closing": (
        None,
        None,
        'closing = ["tracker", "minutes"]\n',
        [
            'programme/cyp.toml:5: error: standing item "minutes" is in `opening` by default '
            'and in `closing`; name it in one, such as `opening = ["apologies", "declarations"]`'
        ],
    ),
    "huge notice_days": (
        'name = "X"\nnotice_days = 99999999999\n' + SITE,
        None,
        "\n[[meeting]]\ndate = 2023-10-01\n",
        [
            "programme/council.toml:2: error: `notice_days` must be a whole number of working "
            "days from 0 to 60, not 99999999999"
        ],
    ),
}
BAD_URLS = [
    "javascript:alert(1)",
    "ftp://democracy.example.gov.uk/",
    "https://",
    "https:///committees/",
    "https://democracy example.gov.uk/",
    "https://democracy.example.gov.uk/?q='x'",
    "https://democracy.example.gov.uk/#top",
    "https://officer:secret@democracy.example.gov.uk/",
    "https://democracy.example.gov.uk:99999/",
    'https://democracy.example.gov.uk/a\\"b/',
]
for url in BAD_URLS:
    INPUT_CASES[f"publish_url {url}"] = (
        f'name = "X"\npublish_url = "{url}"\nuid_domain = "a.example"\n',
        None,
        "",
        [
            "programme/council.toml:2: error: `publish_url` must be a plain web address such as "
            '"https://democracy.example.gov.uk/" (http or https, a host, a path; no spaces, '
            f'quotes, ? or #), not "{url}"'
        ],
    )

VERBS = [
    ["check"],
    ["build"],
    ["calendar"],
    ["site"],
    ["status"],
    ["deadlines"],
    ["new-report", "cyp", "2023-10-01", "Budget"],
]


def _write_case(ws, council, head, body) -> None:
    if council is not None:
        ws.write("programme/council.toml", council)
    if head is None:
        ws.committee(body)
    else:
        ws.committee(body, head=head)
    if "a.pdf" in body:
        (ws.folder("cyp", "2023-10-01") / "a.pdf").write_bytes(_pdf())


@pytest.mark.parametrize("case", INPUT_CASES)
def test_input_that_crashed_or_slipped_through_is_one_line(ws, case):
    council, head, body, expected = INPUT_CASES[case]
    _write_case(ws, council, head, body)
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [*expected, "1 error, 0 warnings"]
    for verb in VERBS:
        result = runner.invoke(app, [*verb, "--workspace", str(ws.root)])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            verb,
            result.exception,
        )
        assert "Traceback" not in result.output
    assert not (ws.root / "packs/cyp/2023-10-01/budget.docx").exists()  # refused: nothing new


@pytest.mark.parametrize(
    "url",
    ["https://democracy.example.gov.uk", "http://localhost:8000/", "https://a.example/x-y/"],
)
def test_plain_publish_urls_are_accepted(ws, url):
    ws.write(
        "programme/council.toml", f'name = "X"\npublish_url = "{url}"\nuid_domain = "a.example"\n'
    )
    ws.committee("")
    result = load_workspace(ws.root)
    assert result.problems == []
    assert result.workspace.council.publish_url == url.rstrip("/") + "/"


def test_paragraphs_may_run_over_lines_and_hold_tabs(ws):
    ws.committee('''
        [[meeting]]
        date = 2023-10-01
        [[meeting.item]]
        title = "Budget"
        purpose = """To scrutinise
        \tthe budget"""
    ''')
    assert problems(ws) == []


def test_the_dates_at_either_end_of_the_range_are_accepted(ws):
    ws.committee(
        "\n[[meeting]]\ndate = 1974-04-01\n[[meeting]]\ndate = 2100-12-31\n",
        head='name = "C"\n',
    )
    assert problems(ws) == []
    for verb in (["calendar"], ["site"], ["deadlines", "--all"]):
        result = runner.invoke(app, [*verb, "--workspace", str(ws.root)])
        assert result.exit_code == 0, (verb, result.output, result.exception)


def _zip(path, members: dict[str, bytes | int]) -> None:
    """A zip whose members are bytes, or that many zero bytes written in pieces."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if isinstance(data, bytes):
                archive.writestr(name, data)
                continue
            with archive.open(name, "w", force_zip64=True) as member:
                for _ in range(data >> 20):
                    member.write(bytes(1 << 20))


def test_a_word_zip_bomb_is_refused_without_unpacking_it(ws):
    folder = ws.folder("cyp", "2023-10-01")
    _zip(folder / "a.docx", {"word/document.xml": b"<w:document/>", "word/media/a.png": 11 << 20})
    ws.committee(MEETING_WITH.format(docs='"a.docx"'))
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "programme/cyp.toml:11: error: 'a.docx' has a part, word/media/a.png, that unpacks to "
        "11 MB from 10 KB, as a zip bomb does; open it in Word and save it again (File > Save As)"
    )


def test_a_word_file_too_big_unpacked_is_refused():
    import zipfile

    from agendapack.documents.checks import _unpacked_problem

    parts = []
    for index in range(30):  # 30 pictures of 8 MB that hardly compress: 240 MB
        info = zipfile.ZipInfo(f"word/media/image{index}.png")
        info.file_size, info.compress_size = 8 << 20, 8 << 20
        parts.append(info)
    assert _unpacked_problem(parts) == (
        "would unpack to 240 MB, far more than a document holds; open it in Word and save it "
        "again (File > Save As)"
    )
    assert _unpacked_problem(parts[:20]) is None  # 160 MB of pictures: a big report, not a bomb


HIDDEN = (
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>Shown words</w:t></w:r>"
    b"<w:r><w:rPr><w:vanish{value}/></w:rPr><w:t>HIDDEN-WORDS</w:t></w:r></w:p>"
    # a hidden paragraph mark alone (common, and harmless) is no hidden text
    b"<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>More</w:t></w:r></w:p>"
    b"</w:body></w:document>"
)


@pytest.mark.parametrize(("value", "warned"), [(b"", True), (b' w:val="false"', False)])
def test_hidden_word_text_is_a_warning(ws, value, warned):
    folder = ws.folder("cyp", "2023-10-01")
    _zip(folder / "a.docx", {"word/document.xml": HIDDEN.replace(b"{value}", value)})
    ws.committee(MEETING_WITH.format(docs='"a.docx"'))
    expected = (
        "programme/cyp.toml:11: warning: 'a.docx' has hidden text, which is left out of the "
        "pack; show it in Word (Home > Show/Hide) and delete it or make it visible"
    )
    assert problems(ws) == ([expected] if warned else [])


def test_hidden_word_text_is_left_out_of_the_pdf(tmp_path):
    import docx

    from agendapack.documents.convert import Converter, Job
    from tests.pdftools import text

    document = docx.Document()
    paragraph = document.add_paragraph("Shown words. ")
    paragraph.add_run("HIDDEN-WORDS").font.hidden = True
    document.save(tmp_path / "hidden.docx")
    with Converter(tmp_path / "cache") as converter:
        (pdf,) = converter.convert([Job(tmp_path / "hidden.docx", "hidden.docx")])
    printed = text(pdf)
    assert "Shown words" in printed and "HIDDEN-WORDS" not in printed


def test_a_programme_saved_with_a_byte_order_mark_works_in_every_verb(ws):
    source = ws.committee("""
        [[meeting]]
        date = 2023-10-01
    """)
    source.write_bytes(b"\xef\xbb\xbf" + source.read_bytes().replace(b"\n", b"\r\n"))
    council = ws.root / "programme/council.toml"
    council.write_bytes(b"\xef\xbb\xbf" + council.read_bytes())
    for verb in (["check"], ["calendar"], ["site"], ["status"], ["deadlines"], ["build"]):
        result = runner.invoke(app, [*verb, "--workspace", str(ws.root)])
        assert result.exit_code == 0, (verb, result.output, result.exception)
    result = runner.invoke(
        app, ["new-report", "cyp", "2023-10-01", "Budget", "--workspace", str(ws.root)]
    )
    assert result.exit_code == 0, (result.output, result.exception)
    saved = source.read_bytes()
    assert saved.startswith(b"\xef\xbb\xbf") and saved.count(b"\xef\xbb\xbf") == 1
    assert b'\r\ntitle = "Budget"\r\n' in saved
    assert problems(ws) == []
    committee = load_workspace(ws.root).workspace.committee("cyp")
    assert [d.file for d in committee.meetings[0].items[0].documents] == ["budget.docx"]


@pytest.mark.parametrize("title", ["", "   ", "Budget\x1b[2J", "Budget\nSetting"])
def test_new_report_refuses_a_title_no_agenda_can_show(ws, title):
    source = ws.committee("""
        [[meeting]]
        date = 2023-10-01
    """)
    before = source.read_bytes()
    result = runner.invoke(
        app, ["new-report", "cyp", "2023-10-01", title, "--workspace", str(ws.root)]
    )
    assert result.exit_code == 1
    assert "is empty or holds a control character" in result.output
    assert source.read_bytes() == before


@pytest.mark.parametrize("port", ["0", "99999", "-1"])
def test_serve_refuses_a_port_that_is_not_one(ws, port):
    ws.committee("")
    result = runner.invoke(app, ["serve", "--port", port, "--workspace", str(ws.root)])
    assert result.exit_code == 2
    assert f"Invalid value for '--port': {port} is not in the range 1<=x<=65535" in result.output


def test_version():
    from agendapack import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"agendapack {__version__}\n" == "agendapack 0.1.0\n"


def test_bank_holidays_are_remembered_and_the_statutory_dates_stay_right(example):
    """The holidays package is loaded only until the workspace has its region's bank
    holidays in build/.cache/; the publish-by dates are the same from memory, from a
    damaged memory, and for a year outside the remembered ones."""
    import json
    import subprocess
    import sys

    memory = example / "build/.cache/bank-holidays.json"
    script = (
        "import sys, datetime as dt\n"
        "from pathlib import Path\n"
        "from agendapack.programme.load import load_workspace\n"
        "from agendapack.programme.workdays import publish_by\n"
        f"ws = load_workspace(Path({str(example)!r})).workspace\n"
        "loaded = 'holidays' in sys.modules\n"
        "dates = [publish_by(dt.date(*d), 5, 'GB-ENG') for d in "
        "((2024, 4, 4), (2024, 12, 30), (2070, 4, 3))]\n"
        "print(loaded, *dates)\n"
    )

    def run() -> list[str]:
        out = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout
        return out.split()

    # the holidays package's own answers, in a process that has no memory
    without = script.replace("ws = load_workspace", "# ws = load_workspace")
    expected = subprocess.run(
        [sys.executable, "-c", without], capture_output=True, text=True, check=True
    ).stdout.split()[1:]
    # by hand: before Thursday 4 April 2024, Easter Monday and Good Friday are not
    # working days, so the sixth working day before it is Monday 25 March
    assert expected[0] == "2024-03-25"
    assert run() == ["True", *expected]
    remembered = json.loads(memory.read_text())["regions"]["GB-ENG"]
    assert "2024-03-29" in remembered and "2024-12-26" in remembered
    assert run() == ["False", *expected]
    memory.write_text("{ damaged")
    assert run() == ["True", *expected]
    # right version and years, wrong days: asked of the holidays package again
    data = json.loads(memory.read_text())
    for days in ([1, 2], "2026-12-25", [], ["2024-12-25"], ["not a date"] * 200):
        data["regions"]["GB-ENG"] = days
        memory.write_text(json.dumps(data))
        assert run() == ["True", *expected], days
