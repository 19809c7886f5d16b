"""A quiet archive: six years of twenty committees (1,520 meetings) in their programme
files, as `new-year` keeps them. `check` prints the warnings about this year's meetings,
and counts those about earlier years in one line; errors are always printed."""

from __future__ import annotations

import datetime as dt

from typer.testing import CliRunner

from agendapack.cli import app

runner = CliRunner()
COMMITTEES = 20
MEETINGS = 76  # a meeting a month, June 2019 to September 2025


def _archive(ws) -> None:
    for number in range(COMMITTEES):
        body = []
        for month in range(MEETINGS):
            day = dt.date(2019 + (5 + month) // 12, (5 + month) % 12 + 1, 13)
            body.append(f"\n[[meeting]]\ndate = {day.isoformat()}\n")
            for item in range(4):  # one more than max_items: a warning at every meeting
                body.append(f'\n[[meeting.item]]\ntitle = "Report {item + 1}"\n')
        head = f'name = "Committee {number + 1}"\nyear = "2025/26"\n'
        ws.committee("".join(body), slug=f"committee-{number + 1:02d}", head=head)


def test_check_of_an_archive_prints_no_warning_about_earlier_years(ws):
    _archive(ws)
    checked = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert checked.exit_code == 0, checked.output[-2000:]
    lines = checked.output.splitlines()
    warnings = [line for line in lines if ": warning: " in line]
    # this municipal year's meetings only: May to September 2025, in every committee
    assert len(warnings) == 5 * COMMITTEES
    assert all("at the meeting on 2025-" in line for line in warnings), warnings[:3]
    assert lines[-2:] == [
        "1,420 warnings about meetings of earlier years not shown; `agendapack check --all` "
        "shows them",
        "0 errors, 100 warnings",
    ]
    every = runner.invoke(app, ["check", "--all", "--workspace", str(ws.root)])
    assert every.output.splitlines()[-1] == "0 errors, 1520 warnings"
    assert "at the meeting on 2019-06-13, more than max_items = 3" in every.output

    # an error is printed whatever year its meeting is in
    programme = ws.root / "programme/committee-01.toml"
    text = programme.read_text()
    programme.write_text(text.replace('title = "Report 1"', 'titel = "Report 1"', 1))
    broken = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert broken.exit_code == 1
    assert (
        "programme/committee-01.toml:8: error: unknown key `titel` in [[meeting.item]]; "
        "did you mean `title`?"
    ) in broken.output.splitlines()
