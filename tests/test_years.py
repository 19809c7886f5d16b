"""One municipal year: a May meeting listed in a year's programme is that year's, for
`check`, `new-year`, minute numbers, the tracker and the work programme. Through the real
command, reading outputs back as text."""

from __future__ import annotations

import datetime as dt

from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.programme.load import load_workspace

runner = CliRunner()

HEAD = """\
name = "Audit Committee"
year = "2024/25"
"""

# four meetings of 2024/25, the last in early May, before the annual meeting
MEETINGS = "".join(
    f'\n[[meeting]]\ndate = {day}\n\n[[meeting.item]]\ntitle = "Report {n}"\n\n'
    f'[[meeting.resolution]]\nkind = "action"\ntext = "Action {n}"\nstatus = "complete"\n'
    for n, day in enumerate(["2024-06-20", "2024-09-19", "2025-01-16", "2025-05-08"], 1)
)


def _invoke(*args: str):
    return runner.invoke(app, list(args))


def _minutes(ws, day: str) -> str:
    result = _invoke("minutes", "audit", day, "--force", "--workspace", str(ws.root))
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[-1]


def test_a_may_meeting_belongs_to_the_year_that_lists_it(ws):
    from agendapack.pack.public import public_agenda
    from agendapack.pack.render import work_programme_context

    programme = ws.committee(MEETINGS, slug="audit", head=HEAD)
    checked = _invoke("check", "--workspace", str(ws.root))
    assert checked.exit_code == 0, checked.output
    assert "outside the municipal year" not in checked.output
    # six items a meeting (three standing, its own, tracker, work programme): the May
    # meeting's minutes go on from January's, as the year's fourth meeting
    assert _minutes(ws, "2024-06-20") == "minutes 1 to 6"
    assert _minutes(ws, "2025-05-08") == "minutes 19 to 24"

    rolled = _invoke("new-year", "audit", "2025/26", "--workspace", str(ws.root))
    assert rolled.exit_code == 0, rolled.output
    assert rolled.output.splitlines()[0] == (
        "added 4 meetings for 2025/26 to programme/audit.toml: "
        "2025-06-19, 2025-09-18, 2026-01-15, 2026-05-14"
    )
    text = programme.read_text()
    assert (
        "[[meeting]]\ndate = 2025-06-19\n"
        'opens_year = "2025/26"   # the first meeting of the municipal year\n'
    ) in text
    checked = _invoke("check", "--workspace", str(ws.root))
    assert checked.exit_code == 0, checked.output
    assert "warning" not in checked.output

    # the May meeting stays 2024/25's: its minutes, its work programme, the tracker
    assert _minutes(ws, "2025-05-08") == "minutes 19 to 24"
    assert _minutes(ws, "2025-06-19") == "minutes 1 to 5"  # no business yet
    loaded = load_workspace(ws.root).workspace
    assert loaded is not None
    (committee,) = loaded.committees
    may = committee.meeting_on(dt.date(2025, 5, 8))
    june = committee.meeting_on(dt.date(2025, 6, 19))
    assert may is not None and june is not None
    item = public_agenda(committee, may).items[-1]
    assert (item.title, item.purpose) == (
        "Work Programme",
        "To note the committee's work programme for 2024/25",
    )
    assert [d.title for d in item.documents] == ["Work Programme 2024/25"]
    table = work_programme_context(committee, may)
    assert table["year"] == "2024/25"
    assert [m["date"] for m in table["meetings"]][-1] == "8 May 2025"
    assert [m["date"] for m in work_programme_context(committee)["meetings"]][0] == ("19 June 2025")
    # completed actions of the year before drop off the new year's tracker, not the May one's
    assert [r.text for r in public_agenda(committee, may).tracker] == [
        "Action 1",
        "Action 2",
        "Action 3",
    ]
    assert public_agenda(committee, june).tracker == ()


def test_the_council_s_annual_meetings_draw_the_line(ws):
    ws.council("annual_meetings = [2024-05-15, 2025-05-07]\n")
    ws.committee(MEETINGS, slug="audit", head=HEAD)
    checked = _invoke("check", "--workspace", str(ws.root))
    assert checked.exit_code == 0, checked.output
    assert (
        "programme/audit.toml:38: warning: 2025-05-08 is outside the municipal year 2024/25 "
        "(15 May 2024 to 6 May 2025)"
    ) in checked.output.splitlines()
    refused = _invoke("new-year", "audit", "2025/26", "--workspace", str(ws.root))
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines()[-1] == (
        "programme/audit.toml:37: error: there is already a meeting on 2025-05-08, in or "
        "after 2025/26; nothing was written"
    )


def test_new_year_refuses_a_first_date_before_this_year_s_last_meeting(ws):
    programme = ws.committee(MEETINGS, slug="audit", head=HEAD)
    before = programme.read_bytes()
    refused = _invoke(
        "new-year",
        "audit",
        "2025/26",
        "--dates",
        "2025-05-01,2025-06-19",
        "--workspace",
        str(ws.root),
    )
    assert refused.exit_code == 1
    assert refused.output.strip() == (
        "error: 2025-05-01 is before this year's last meeting, on 2025-05-08: the new "
        "year's meetings come after it; nothing was written"
    )
    assert programme.read_bytes() == before


def test_opens_year_is_checked(ws):
    ws.committee(
        '\n[[meeting]]\ndate = 2024-06-20\nopens_year = "2025/26"\n'
        '\n[[meeting]]\ndate = 2024-07-20\nopens_year = "next"\n',
        slug="audit",
        head=HEAD,
    )
    checked = _invoke("check", "--workspace", str(ws.root))
    assert checked.exit_code == 1
    assert checked.output.splitlines()[:2] == [
        "programme/audit.toml:6: error: the meeting on 2024-06-20 cannot open the municipal "
        "year 2025/26 (May 2025 to May 2026)",
        "programme/audit.toml:10: error: `opens_year` must be a municipal year such as "
        '"2025/26", not "next"',
    ]
