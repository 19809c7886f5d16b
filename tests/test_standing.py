"""Standing items made from the programme: tracker, work programme, exclusion, templates."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.documents.convert import Converter, Job
from agendapack.model import Committee, Meeting, Resolution
from agendapack.pack.public import public_agenda
from agendapack.pack.render import find_template, render_docx, tracker_context
from agendapack.programme.load import load_workspace
from agendapack.wording import long_date
from tests.pdftools import page_count, text

runner = CliRunner()
MEETING = "build/cyp-scrutiny/2024-03-28"


def flat(value: str) -> str:
    return " ".join(value.split())


def _document(built_example, standing: str):
    manifest = json.loads((built_example / MEETING / "manifest.json").read_text())
    item = next(i for i in manifest["items"] if i["standing"] == standing)
    return built_example / MEETING / item["documents"][-1]["file"]


def _row(pdf, start: str) -> str:
    """The first printed line of a table row, read with the columns laid out."""
    return next(line for line in text(pdf, layout=True).splitlines() if start in line)


def test_tracker_lists_earlier_resolutions_with_their_status(built_example):
    pdf = _document(built_example, "tracker")
    tracker = flat(text(pdf))
    assert (
        "Children and Young People Scrutiny Committee Action and Recommendation Tracker" in tracker
    )
    assert (
        "That the Partnership shares its information and videos with more organisations "
        "outside the partnership."
    ) in tracker
    assert "To be requested as part of the Committee's Work Programme for 2024/25." in tracker
    row = _row(pdf, "Request an item on alternative education")
    assert row.startswith("26 October 2023") and row.split()[3] == "A"
    assert row.rstrip().endswith("Complete")
    open_row = _row(pdf, "Share the recruitment video")
    assert "Complete" not in open_row
    assert "A = Action, R = Recommendation" in tracker


def test_work_programme_has_every_meeting_and_item(built_example):
    pdf = _document(built_example, "work-programme")
    table = flat(text(pdf))
    committee = load_workspace(built_example).workspace.committee("cyp-scrutiny")
    for meeting in committee.meetings:
        assert long_date(meeting.date) in table
        for item in meeting.items:
            assert flat(item.title) in table
    assert (
        "CANCELLED: Proximity to the Mayoral and Police and Crime Commissioner elections" in table
    )
    assert _row(pdf, "CANCELLED").startswith("5 April 2024")
    assert (
        "Nottingham City Safeguarding Partnership Annual Report: every year, scheduled "
        "for October" in table
    )
    assert "Support for pupils during the cost of living crisis" in table


def test_exclusion_item_on_the_front_sheet_names_the_paragraph(built_example):
    front = flat(text(built_example / MEETING / "agenda.pdf"))
    assert "Exclusion of the public" in front
    assert (
        "section 100A(4) of the Local Government Act 1972" in front
        and "as defined in paragraph 3 of Part 1 of Schedule 12A to the Act" in front
    )


def test_a_long_tracker_repeats_its_header_row_on_every_page(example, tmp_path):
    workspace = load_workspace(example).workspace
    resolutions = tuple(
        Resolution(
            "action" if n % 3 else "recommendation",
            f"Resolution number {n}: a request of some length so that the table grows "
            "across several pages of the tracker, as a busy year's would.",
            response="A response from officers." if n % 2 else "",
            status="complete" if n % 4 == 0 else "open",
        )
        for n in range(60)
    )
    meetings = (
        Meeting(
            dt.date(2024, 1, 25), dt.time(9, 30), "", dt.timedelta(hours=2), resolutions=resolutions
        ),
        Meeting(dt.date(2024, 3, 28), dt.time(9, 30), "", dt.timedelta(hours=2)),
    )
    committee = Committee(slug="cyp", name="Busy Committee", meetings=meetings)
    template = find_template(workspace, "tracker.docx")
    source = tmp_path / "tracker.docx"
    view = public_agenda(committee, meetings[1])
    source.write_bytes(render_docx(template, tracker_context(view)))
    with Converter(tmp_path / "cache") as converter:
        (pdf,) = converter.convert([Job(source, "tracker.docx")])
    pages = page_count(pdf)
    assert pages >= 3
    for number in range(1, pages + 1):
        assert "Recommendation/Action" in text(pdf, number), f"page {number} lacks the header"
    everything = flat(text(pdf))
    assert all(f"Resolution number {n}:" in everything for n in range(60))


def test_a_template_with_a_jinja_error_names_the_template_and_tag(example_with_cache):
    root = example_with_cache
    runner.invoke(app, ["init-templates", "--workspace", str(root)])
    path = root / "templates" / "agenda.docx"
    source = zipfile.ZipFile(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as broken:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ council }}", b"{{ council }", 1)
            broken.writestr(info, data)
    path.write_bytes(buffer.getvalue())
    result = runner.invoke(app, ["build", "cyp-scrutiny", "2024-03-28", "--workspace", str(root)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "error:" in line]
    assert len(errors) == 1
    assert errors[0].startswith(
        "templates/agenda.docx: error: the template has a Jinja error: unexpected '}' near "
        "«{{ heading }} {{ council }{{ committee }}"
    )
    assert "Traceback" not in result.output


def test_init_templates_copies_then_keeps(example):
    first = runner.invoke(app, ["init-templates", "--workspace", str(example)])
    assert first.output.splitlines() == [
        "wrote templates/agenda.docx",
        "wrote templates/supplement.docx",
        "wrote templates/tracker.docx",
        "wrote templates/work-programme.docx",
        "wrote templates/report.docx",
        "wrote templates/minutes.docx",
        "wrote templates/site/accessibility.html",
        "wrote templates/site/base.html",
        "wrote templates/site/committee.html",
        "wrote templates/site/index.html",
        "wrote templates/site/meeting.html",
        "wrote templates/site/moved.html",
        "wrote templates/site/officers.html",
        "wrote templates/site/report.html",
        "wrote templates/site/search.html",
        "wrote templates/site/search.js",
        "wrote templates/site/style.css",
    ]
    again = runner.invoke(app, ["init-templates", "--workspace", str(example)])
    assert "kept templates/agenda.docx (already there; --force to replace)" in again.output


def test_programme_command_writes_the_table_alone(example_with_cache):
    result = runner.invoke(
        app, ["programme", "cyp-scrutiny", "--workspace", str(example_with_cache)]
    )
    assert result.exit_code == 0, result.output
    pdf = example_with_cache / "build/cyp-scrutiny/work-programme.pdf"
    assert "2023/24 Work Programme" in text(pdf)
    assert (example_with_cache / "build/cyp-scrutiny/work-programme.docx").is_file()
