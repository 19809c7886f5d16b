"""Planning a meeting's agenda: pure functions, no files read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from agendapack.model import Committee, Document, Item, Meeting
from agendapack.pack.plan import plan_meeting
from agendapack.wording import clock_time, paragraph_list, weekday_date

VENUE = "Loxley House"


def _meeting(day: int, *items: Item, cancelled: str | None = None) -> Meeting:
    return Meeting(
        dt.date(2024, 3, day),
        dt.time(9, 30),
        VENUE,
        dt.timedelta(hours=2),
        items=items,
        cancelled=cancelled,
    )


def _committee(*meetings: Meeting) -> Committee:
    return Committee(
        slug="cyp",
        name="Children and Young People Scrutiny Committee",
        year="2023/24",
        meetings=meetings,
    )


def test_order_standing_business_closing_exclusion_exempt():
    doc = Document("report.docx", Path("/w/report.docx"))
    appendix = Document("costs.pdf", Path("/w/costs.pdf"), "Appendix 2: Costs", exempt=3)
    meeting = _meeting(
        28,
        Item("Placement Sufficiency", documents=(doc, appendix)),
        Item("Residential contract", exempt=1, documents=(doc,)),
        Item("Early Help"),
    )
    earlier = _meeting(1)
    plan = plan_meeting(
        _committee(earlier, _meeting(14, cancelled="Elections"), meeting),
        meeting,
        minutes=Path("/w/minutes.docx"),
        cover=None,
    )
    titles = [(i.number, i.title) for i in plan.items]
    assert titles == [
        (1, "Apologies for Absence"),
        (2, "Declarations of Interest"),
        (3, "Minutes"),
        (4, "Placement Sufficiency"),
        (5, "Early Help"),
        (6, "Recommendation Tracker"),
        (7, "Work Programme"),
        (8, "Exclusion of the public"),
        (9, "Residential contract"),
    ]
    # the minutes are of the last meeting held, skipping the cancelled one
    assert plan.items[2].subtitle == "To confirm the minutes of the meeting held on 1 March 2024"
    sufficiency = plan.items[3]
    assert [d.title for d in sufficiency.public_documents] == ["Placement Sufficiency"]
    assert [d.title for d in sufficiency.exempt_documents] == ["Appendix 2: Costs"]
    exclusion = plan.items[7].purpose
    assert "item 9 and the exempt appendix to item 4" in exclusion
    assert "section 100A(4) of the Local Government Act 1972" in exclusion
    assert "paragraphs 1 and 3 of Part 1 of Schedule 12A" in exclusion
    assert plan.items[8].public_documents == ()


def test_no_exclusion_item_without_exempt_papers():
    meeting = _meeting(28, Item("Early Help"))
    plan = plan_meeting(_committee(meeting), meeting, minutes=None, cover=None)
    assert "Exclusion of the public" not in [i.title for i in plan.items]
    assert plan.items[2].documents == ()  # no earlier meeting: nothing to confirm


def test_front_sheet_wording():
    assert weekday_date(dt.date(2024, 3, 28)) == "Thursday, 28 March 2024"
    assert clock_time(dt.time(9, 30)) == "9.30 am"
    assert clock_time(dt.time(14, 0)) == "2 pm"
    assert clock_time(dt.time(12, 0)) == "12 noon"
    assert paragraph_list([3]) == "paragraph 3"
    assert paragraph_list([5, 1, 3]) == "paragraphs 1, 3 and 5"


def test_documents_whose_names_differ_only_in_kind_get_their_own_files():
    twins = (
        Document("report.docx", Path("/w/report.docx")),
        Document("report.pdf", Path("/w/report.pdf")),
        Document("Report.odt", Path("/w/Report.odt")),
    )
    meeting = _meeting(28, Item("Budget", documents=twins))
    plan = plan_meeting(_committee(meeting), meeting, minutes=None, cover=None)
    keys = [d.key for d in plan.items[3].documents]
    assert len(set(keys)) == 3 and keys[0] == "04-report"
