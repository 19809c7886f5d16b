"""A new workspace in one command: the smallest one that `check` passes and `build` runs on.

`council.toml` lists every setting at its default with a comment saying what it does, so
the officer edits values rather than reads the docs to find the keys; the committee file
has one meeting with one item and a cover report started from the council's template, and
commented examples of every other key, so that the next step is always to change what is
there.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from agendapack.errors import AgendapackError, Problem
from agendapack.layout import Layout
from agendapack.model import Council, MunicipalYears, Workspace
from agendapack.officer.report import file_name
from agendapack.pack.render import find_template, render_docx
from agendapack.programme.load import text_problem
from agendapack.programme.workdays import is_working_day
from agendapack.wording import long_date

DEFAULT_COUNCIL = "Example Borough Council"
DEFAULT_COMMITTEE = "Overview and Scrutiny Committee"
PUBLISH_URL = "https://democracy.example.gov.uk/"
FIRST_ITEM = "Work Programme Priorities"


def committee_slug(name: str) -> str:
    """'Overview & Scrutiny Committee' to 'overview-scrutiny-committee': the file name,
    and so the name of the committee on the command line and in addresses."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].strip("-")
    return slug or "committee"


def municipal_year(day: dt.date) -> str:
    """The municipal year a date falls in, May to May: 2026-12-02 is in "2026/27"."""
    return MunicipalYears().label_of(day)


def first_meeting(today: dt.date, holidays: str = Council(name="").holidays) -> dt.date:
    """A working Thursday four weeks or more away: time to commission and collect the
    report, and never Christmas Day or a bank holiday."""
    day = today + dt.timedelta(days=28)
    day += dt.timedelta(days=(3 - day.weekday()) % 7)
    while not is_working_day(day, holidays):
        day += dt.timedelta(days=7)
    return day


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _aligned(rows: list[tuple[str, str]]) -> str:
    """`key = value` lines with their comments in one column, as a person would lay them."""
    width = max(len(setting) for setting, _ in rows) + 2
    return "".join(
        f"{setting:<{width}}# {comment}\n" if comment else f"{setting}\n"
        for setting, comment in rows
    )


def council_toml(name: str) -> str:
    defaults = Council(name=name)
    host = re.sub(r"^https?://([^/:]+).*$", r"\1", PUBLISH_URL)
    head = (
        "# Settings shared by every committee of the council. Every key but `name` is at its\n"
        "# default; agendapack's docs/programme.md describes each one.\n"
    )
    return head + _aligned(
        [
            (f"name = {_q(name)}", ""),
            ('address = ""', "the council's address, in the website's footer"),
            (f"publish_url = {_q(PUBLISH_URL)}", "where build/site/ will be served"),
            (f"uid_domain = {_q(host)}", "names calendar events for good: never change it"),
            (f"timezone = {_q(defaults.timezone)}", "meeting times are in this time zone"),
            (f"holidays = {_q(defaults.holidays)}", "bank holidays for working-day arithmetic"),
            (f"notice_days = {defaults.notice_days}", "clear working days from publication"),
            (f"report_days = {defaults.report_days}", "working days before that, reports due"),
            (f"max_items = {defaults.max_items}", "more of a meeting's own items: a warning"),
            (f"duplex = {str(defaults.duplex).lower()}", "pad documents to start on odd pages"),
            ('signatory = ""', 'who summons meetings: "Councillors are requested..."'),
            ("notices = []", "paragraphs at the end of every front sheet"),
        ]
    )


def committee_toml(name: str, meeting: dt.date, report: str) -> str:
    year = municipal_year(meeting)
    return f"""\
# Work programme of the {name}, {year}.
# Edit this file to plan the year; `agendapack check` says what is wrong and where.
name = {_q(name)}
year = {_q(year)}               # the municipal year, May to May
venue = ""                     # where meetings are held, unless a meeting says otherwise
time = 10:00:00                # when they start
duration = "2h"                # how long they last: "2h30m", "90m"
chair = ""                     # "Councillor ..."
members = []                   # ["Councillor ...", "Councillor ..."]
opening = ["apologies", "declarations", "minutes"]   # standing items before the business
closing = ["tracker", "work-programme"]              # and after it

[officer]                      # the support officer, named on the front sheet
name = ""
role = ""
phone = ""
email = ""

[[meeting]]
date = {meeting.isoformat()}              # its papers go in packs/<this file's name>/<date>/
# time = 14:00:00              # time, venue and duration may be set for one meeting
# publish_by = {meeting.isoformat()}      # an earlier date than the law's to publish the pack

[[meeting.item]]
title = {_q(FIRST_ITEM)}
subtitle = "Report of the Scrutiny Officer"
purpose = "To agree the committee's priorities for the year"
documents = [{_q(report)}]   # the cover report first, then appendices:
# documents = [
#   {_q(report)},
#   {{ file = "appendix.pdf", title = "Appendix 1: ..." }},
#   {{ file = "costs.pdf", title = "Appendix 2: Costs", exempt = 3 }},   # Schedule 12A para 3
# ]

# [[meeting.item]]
# title = "Verbal update from the Portfolio Holder"   # an item without papers

# [[meeting.resolution]]       # what the meeting resolved, for the tracker of later meetings
# kind = "recommendation"      # or "action"
# text = "That ..."
# status = "open"              # or "complete"

# [[meeting]]
# date = {(meeting + dt.timedelta(days=42)).isoformat()}
# cancelled = "The reason"     # a cancelled meeting stays in the calendars, struck out

# [[recurring]]                # a topic that comes every year in this month
# title = "Annual Report"
# month = 10

# [[pending]]                  # a topic agreed but not yet given a date
# title = "..."
# note = "To be added as soon as space permits"
"""


def readme(council: str, committee: str, slug: str, meeting: dt.date, report: str) -> str:
    day = meeting.isoformat()
    return f"""\
# {council}: committee papers

This folder is an agendapack workspace: the work programmes in `programme/`, each
meeting's papers in `packs/<committee>/<date>/`, and everything agendapack makes in
`build/` (not kept in version control; `agendapack build` makes it again).

What to do next:

1. Put the council's details in `programme/council.toml`, and the committee's (venue,
   members, officer) in `programme/{slug}.toml`; `agendapack check` says what is wrong.
2. Add the year's meetings to `programme/{slug}.toml`, and their items.
3. `agendapack deadlines` shows when reports are due and packs must be published.
4. `agendapack new-report {slug} {day} "Title"` starts a cover report from the template;
   `packs/{slug}/{day}/{report}` is one already, for "{FIRST_ITEM}".
5. `agendapack serve --watch` builds the packs and the website, serves the site at
   http://127.0.0.1:8000/, and rebuilds as papers and programmes are saved.
6. `agendapack publish {slug} {day}` publishes the pack into `published/`: keep that
   folder (commit it): it is the record of what the public was given.
"""


@dataclass(frozen=True)
class NewWorkspace:
    root: Path
    written: list[Path]
    committee: str  # its slug
    meeting: dt.date


def init_workspace(
    root: Path,
    council: str = DEFAULT_COUNCIL,
    committee: str = DEFAULT_COMMITTEE,
    today: dt.date | None = None,
) -> NewWorkspace:
    """Write a new workspace into `root` (made if need be); refuses one already there."""
    root = root.resolve()
    for name, kind in ((council, "--council"), (committee, "--committee")):
        # what check would refuse in the files written: refused here, before any is
        problem = "is empty" if not name.strip() else text_problem(name)
        if problem:
            shown = name if len(name) <= 60 else name[:57] + "..."
            raise AgendapackError(Problem.error("", f"{kind} {shown!r} {problem}"))
    if Layout(root).programme.exists():
        raise AgendapackError(
            Problem.error(
                root,
                "already a workspace (it has programme/); nothing was written. "
                "Choose an empty folder, or carry on with this one",
            )
        )
    if root.exists() and not root.is_dir():
        raise AgendapackError(Problem.error(root, "is a file, not a folder"))
    slug = committee_slug(committee)
    meeting = first_meeting(today or dt.date.today())
    report = file_name(FIRST_ITEM)
    # render first: a broken template stops init before anything is written
    document = render_docx(
        find_template(Workspace(root, Council(name="")), "report.docx"),
        {
            "committee": committee,
            "date": long_date(meeting),
            "title": FIRST_ITEM,
            "subtitle": "Report of the Scrutiny Officer",
            "author": "[Name]",
            "role": "",
            "email": "[email]",
        },
    )
    files: dict[str, bytes] = {
        "programme/council.toml": council_toml(council).encode(),
        f"programme/{slug}.toml": committee_toml(committee, meeting, report).encode(),
        f"packs/{slug}/{meeting.isoformat()}/{report}": document,
        "README.md": readme(council, committee, slug, meeting, report).encode(),
        ".gitignore": b"# everything agendapack makes; `agendapack build` makes it again\nbuild/\n",
    }
    written = []
    for relative, data in files.items():
        path = root / relative
        if path.exists() and relative in ("README.md", ".gitignore"):
            continue  # a folder's own README or .gitignore is the officer's: kept
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as handle:  # never over anything, even in a race
            handle.write(data)
        written.append(path)
    return NewWorkspace(root, written, slug, meeting)
