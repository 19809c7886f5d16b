"""After the meeting: the minutes skeleton, and resolutions read back from real minutes
(four councils' wordings) into the programme and on to the tracker and the site."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from typer.testing import CliRunner

from agendapack.documents.convert import Converter, Job
from agendapack.minutes.parse import FoundResolution, Paragraph, find_resolutions, is_noting
from agendapack.minutes.read import pdf_paragraphs, read_minutes
from agendapack.programme.load import load_workspace
from tests.minutes_layouts import printed
from tests.pdftools import text as pdf_text

runner = CliRunner()
EXTRACTS = Path(__file__).parent / "minutes"
R, A = "recommendation", "action"

NOTTINGHAM = [
    (
        R,
        "The Strategy (page 18) outlines that 232 children out of 5383 of those assessed were "
        "at risk of child criminal exploitation (CCE). The Committee recommends that this also "
        "includes sexual and financial exploitation.",
    ),
    (A, "That the KPI’s proposed to monitor the Strategy are shared with the Committee."),
    (R, "Recommends that there is a review of the statistics outlined on page 10 of the Strategy."),
    (
        R,
        "Recommends that the Council explores how it can make its buildings and services more "
        "teenage friendly.",
    ),
    (
        R,
        "Recommends that the Council uses existing service provisions to support families with "
        "the cost of living crisis and child poverty.",
    ),
]
# (a) "The committee notes the report" is not tracked; the list is introduced by "The
# committee unanimously agreed the following recommendations:"
HEREFORDSHIRE = [
    (
        R,
        "The council will make full use of school information collection to plan and deliver "
        "early help support",
    ),
    (
        R,
        "The JSNA will be brought to scrutiny to understand its role in supporting service "
        "delivery",
    ),
    (
        R,
        "A briefing around the schools education powers will be arranged and delivered for "
        "committee members.",
    ),
]
COVENTRY = [
    (A, "An early help progress report in 12 months."),
    (
        A,
        "A briefing note with further detail regarding the good level of development measure at "
        "the end of Reception and school readiness, including information about how Education "
        "(nurseries and schools) and Children’s Services hubs are working strategically to "
        "deliver improvements.",
    ),
    (
        A,
        "A briefing note with further information regarding data about support for those over "
        "16 accessing the service and also re-referral data.",
    ),
    (A, "The dashboard to include those over 19 using the service."),
]
EXPECTED = {
    "nottingham": NOTTINGHAM,
    "herefordshire": HEREFORDSHIRE,
    "coventry": COVENTRY,
    "stockton": [],  # "AGREED that the information be noted"
}
TITLES = ("Early Help", "Early Help Hubs", "Scrutiny Review of Partnership Working in Early Help")
ITEMS = {"nottingham": "", "herefordshire": "Early Help", "coventry": "Early Help Hubs"}


def _invoke(*args: str):
    from agendapack.cli import app

    return runner.invoke(app, list(args))


def _pairs(found: list[FoundResolution]) -> list[tuple[str, str]]:
    return [(r.kind, r.text) for r in found]


_TYPED_LABEL = re.compile(r"^\s*(?:\(?[0-9a-z]{1,3}\))\s+")


def _docx_from(extract: Path, out: Path, *, word_numbered: bool) -> Path:
    """The extract as a Word file, a paragraph a line; with `word_numbered`, the labelled
    entries become Word's own numbered list paragraphs (the number not in the text): half
    by the List Number style, half by numbering set on the paragraph itself."""
    document = docx.Document()
    list_style = document.styles["List Number"]
    num_id = list_style.element.pPr.numPr.numId.val
    count = 0
    for line in extract.read_text(encoding="utf-8").splitlines():
        if word_numbered and _TYPED_LABEL.match(line):
            count += 1
            body = _TYPED_LABEL.sub("", line)
            if count % 2:
                document.add_paragraph(body, style="List Number")
            else:
                paragraph = document.add_paragraph(body)
                numbering = OxmlElement("w:numPr")
                level = OxmlElement("w:ilvl")
                level.set(qn("w:val"), "0")
                number = OxmlElement("w:numId")
                number.set(qn("w:val"), str(num_id))
                numbering.append(level)
                numbering.append(number)
                paragraph._p.get_or_add_pPr().append(numbering)
        else:
            document.add_paragraph(line)
    if word_numbered:
        assert count, "the extract has typed labels to turn into Word numbering"
    document.save(out)
    return out


@pytest.mark.parametrize("council", sorted(EXPECTED))
def test_each_councils_wording_as_text(council):
    path = EXTRACTS / f"{council}.txt"
    found = find_resolutions(read_minutes(path, path.name), TITLES)
    assert _pairs(found) == EXPECTED[council]
    assert {r.item for r in found} <= {ITEMS.get(council, "")}


@pytest.mark.parametrize("council", sorted(EXPECTED))
def test_each_councils_wording_as_word(council, tmp_path):
    extract = EXTRACTS / f"{council}.txt"
    typed = _docx_from(extract, tmp_path / "typed.docx", word_numbered=False)
    found = find_resolutions(read_minutes(typed, "typed.docx"), TITLES)
    assert _pairs(found) == EXPECTED[council]
    if council in ("nottingham", "coventry", "herefordshire"):
        numbered = _docx_from(extract, tmp_path / "numbered.docx", word_numbered=True)
        assert "1)" not in " ".join(p.text for p in docx.Document(numbered).paragraphs)
        found = find_resolutions(read_minutes(numbered, "numbered.docx"), TITLES)
        assert _pairs(found) == EXPECTED[council]


def test_minutes_saved_as_strict_open_xml_are_read_as_word_saves_them(tmp_path):
    """Word's Save As > Strict Open XML Document names its elements in namespaces of its
    own: the minutes were read as having no paragraph at all."""
    import zipfile

    extract = EXTRACTS / "nottingham.txt"
    typed = _docx_from(extract, tmp_path / "typed.docx", word_numbered=True)
    strict = tmp_path / "strict.docx"
    spaces = {
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main": (
            b"http://purl.oclc.org/ooxml/wordprocessingml/main"
        ),
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
            b"http://purl.oclc.org/ooxml/officeDocument/relationships"
        ),
    }
    with zipfile.ZipFile(typed) as source, zipfile.ZipFile(strict, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name.endswith((".xml", ".rels")):
                for old, new in spaces.items():
                    content = content.replace(old, new)
            target.writestr(name, content)
    assert b"purl.oclc.org" in zipfile.ZipFile(strict).read("word/document.xml")
    found = find_resolutions(read_minutes(strict, "strict.docx"), TITLES)
    assert _pairs(found) == EXPECTED["nottingham"]


def test_notes_and_confirmations_are_not_tracked():
    for text in [
        "That the report be noted.",
        "That the information be noted",
        "The committee notes the report, and",
        "That the minutes of the meeting held on 30 November 2023 be confirmed as a true "
        "record and signed by the Chair.",
        "To note the update",
        "That the Action and Recommendation Tracker be noted.",
        "That the minutes of the last meeting be approved as a correct record",
        "That the public be excluded from the meeting during consideration of minute 38",
        # found by a hostile trial of the importer
        "That the verbal update be noted.",
        "Noted.",
        "note the verbal update.",
        "That the Committee acknowledge the report.",
        "That the annual safeguarding report be noted.",
        "that the minutes of the meeting held on 25 January 2024 were approved.",
        "that the minutes of the last meeting be agreed.",
        "that, under Section 100A(4) of the Local Government Act 1972, the public be "
        "excluded from the meeting during consideration of the following item",
    ]:
        assert is_noting(text), text
    for text in [
        "That the report be noted and that officers provide a briefing on the costs",
        "Request that the KPIs are shared with the Committee",
        "The committee notes the report and asks that it is shared with schools",
        "That the recommendations in the report be approved",
        "That the minutes of the working group be approved and circulated to partners",
        "That the KPIs proposed to monitor the Strategy are shared with the Committee.",
    ]:
        assert not is_noting(text), text


def test_the_other_wordings_the_contract_lists():
    def found(*lines: str) -> list[tuple[str, str]]:
        return _pairs(find_resolutions([Paragraph(line) for line in lines]))

    assert found(
        "RESOLVED - That the Committee:",
        "(1) requests a report on school places;",
        "(2) notes the update.",
    ) == [(A, "Requests a report on school places")]
    assert found(
        "The Committee agreed to:", "• ask the Cabinet Member to write to the minister"
    ) == [(R, "Ask the Cabinet Member to write to the minister")]  # put to a decision-maker
    assert found("DECISION", "(i) To recommend to Cabinet that the charges are frozen.") == [
        (R, "To recommend to Cabinet that the charges are frozen.")
    ]
    assert found("RESOLVED that officers circulate the audit plan to members.") == [
        (A, "Officers circulate the audit plan to members.")
    ]
    assert found("Resolved:", "That the Director reports back in June.") == [
        (A, "That the Director reports back in June.")
    ]
    assert found("Resolved issues were reported by the hubs.") == []
    # discussion that says "agreed" is not a resolution
    assert found("The committee agreed to hold back on any task and finish group activity.") == []
    # placeholders left in a skeleton are not resolutions
    assert found("Resolved:", "[1) Each recommendation or action, one to a line.]") == []


def _bbox(*pages: list[str]) -> str:
    """pdftotext -bbox-layout's XHTML, a block per paragraph, a line per text."""
    out = []
    for page in pages:
        blocks = "".join(
            "<block>"
            + "".join(
                "<line>"
                + "".join(f"<word>{html.escape(w)}</word>" for w in line.split())
                + "</line>"
                for line in block.split("\n")
            )
            + "</block>"
            for block in page
        )
        out.append(f"<page>{blocks}</page>")
    return "<doc>" + "".join(out) + "</doc>"


def test_a_paragraph_carried_over_a_page_is_joined():
    layout = _bbox(
        ["27 Early Help", "Resolved:", "1) That the committee receives a report on the\nnumber of"],
        ["Page 7"],  # a page with its stamp alone
        ["families waiting, by ward.", "2) Recommends a review of the hubs.", "Page 8"],
    )
    paragraphs = pdf_paragraphs(layout)
    assert [p.text for p in paragraphs] == [
        "27 Early Help",
        "Resolved:",
        "1) That the committee receives a report on the number of families waiting, by ward.",
        "2) Recommends a review of the hubs.",
    ]
    assert _pairs(find_resolutions(paragraphs, ("Early Help",))) == [
        (A, "That the committee receives a report on the number of families waiting, by ward."),
        (R, "Recommends a review of the hubs."),
    ]


def test_a_pdf_from_libreoffice_stamped_as_in_a_pack_yields_what_its_word_file_does(tmp_path):
    from agendapack.pdf.collate import PackInfo, Part, write_pack

    sources = []
    for council in ("nottingham", "coventry"):
        numbered = _docx_from(
            EXTRACTS / f"{council}.txt", tmp_path / f"{council}.docx", word_numbered=True
        )
        sources.append(numbered)
    front = docx.Document()
    front.add_paragraph("Agenda")
    front.save(tmp_path / "front.docx")
    with Converter(tmp_path / "cache") as converter:
        front_pdf, *pdfs = converter.convert(
            [Job(p, p.name) for p in (tmp_path / "front.docx", *sources)]
        )
    for source, pdf in zip(sources, pdfs, strict=True):
        stamped = tmp_path / f"{source.stem}-pack.pdf"
        with stamped.open("wb") as out:
            # the front sheet's pages first, so the minutes start on page 3 as in a pack
            write_pack(
                front_pdf,
                [Part(pdf, source.name, "Minutes", item=3, item_title="3. Minutes")],
                out,
                PackInfo("Pack", "Nottingham City Council"),
                duplex=True,
            )
        words = pdf_text(stamped)
        assert "Page 3" in words
        from_pdf = find_resolutions(read_minutes(stamped, stamped.name), TITLES)
        from_word = find_resolutions(read_minutes(source, source.name), TITLES)
        assert from_pdf == from_word
        assert _pairs(from_pdf) == EXPECTED[source.stem]


def _programme(example: Path) -> Path:
    return example / "programme/cyp-scrutiny.toml"


def test_resolutions_are_added_with_every_other_byte_kept(example):
    programme = _programme(example)
    programme.write_bytes(programme.read_bytes().replace(b"\n", b"\r\n"))  # a Windows editor
    before = programme.read_bytes()
    minutes = example / "march-minutes.txt"
    minutes.write_text(
        "33 Review of the Early Help Strategy\n" + (EXTRACTS / "nottingham.txt").read_text(),
        encoding="utf-8",
    )
    args = ("resolutions", "cyp-scrutiny", "2024-03-28", str(minutes), "--workspace", str(example))

    dry = _invoke(*args, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert printed(dry.output, "would add:")[0] == {
        "minute": "33",
        "kind": "recommendation",
        "item": "Review of the Early Help Strategy",
        "resolution": "The Strategy (page 18) outlines that 232 children out of 5383 of those "
        "assessed were at risk of child criminal exploitation (CCE). The Committee recommends "
        "that this also includes sexual and financial exploitation.",
    }
    assert dry.output.splitlines()[-1] == "would add 5 resolutions to programme/cyp-scrutiny.toml"
    assert programme.read_bytes() == before

    result = _invoke(*args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert printed(result.output, "added:")[1] == {
        "minute": "33",
        "kind": "action",
        "item": "Review of the Early Help Strategy",
        "resolution": "That the KPI’s proposed to monitor the Strategy are shared with the "
        "Committee.",
    }
    assert lines[-1] == "added 5 resolutions to programme/cyp-scrutiny.toml"
    after = programme.read_bytes()
    # the bytes differ only by the added tables, in one place, in the file's own line ends
    start = next(i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b)
    added = after[start : start + len(after) - len(before)]
    assert after[:start] + after[start + len(added) :] == before
    assert added.count(b"[[meeting.resolution]]") == 5
    assert b"\n" not in added.replace(b"\r\n", b"")
    assert 'item = "Review of the Early Help Strategy"' in added.decode()
    assert _invoke("check", "--workspace", str(example)).exit_code == 0
    march = (
        load_workspace(example)
        .workspace.committee("cyp-scrutiny")
        .meeting_on(__import__("datetime").date(2024, 3, 28))
    )
    assert [(r.kind, r.text) for r in march.resolutions] == NOTTINGHAM
    assert {r.item for r in march.resolutions} == {"Review of the Early Help Strategy"}

    again = _invoke(*args)
    assert again.exit_code == 0, again.output
    assert again.output.splitlines() == [
        "nothing new: programme/cyp-scrutiny.toml already has what march-minutes.txt resolved"
    ]
    assert programme.read_bytes() == after


def test_minutes_that_only_note_add_nothing(example):
    minutes = example / "stockton.txt"
    shutil.copy(EXTRACTS / "stockton.txt", minutes)
    before = _programme(example).read_bytes()
    result = _invoke(
        "resolutions", "cyp-scrutiny", "2024-03-28", str(minutes), "--workspace", str(example)
    )
    assert result.exit_code == 0, result.output
    assert printed(result.output, "left out:") == [
        {
            "minute": "",
            "why": "only notes or approves",
            "item": "",
            "resolution": "The information be noted.",
        }
    ]
    assert result.output.splitlines()[-1] == "stockton.txt: no recommendations or actions to track"
    assert _programme(example).read_bytes() == before


def test_resolutions_mistakes_are_one_line(example):
    def run(*args: str):
        return _invoke("resolutions", "cyp-scrutiny", *args, "--workspace", str(example))

    missing = run("2024-03-28")
    assert missing.exit_code == 1
    assert missing.output.strip() == (
        "packs/cyp-scrutiny/2024-03-28: error: there are no minutes here (minutes.docx or "
        "minutes.pdf); write them with `agendapack minutes`, or name the file after the date"
    )
    cancelled = run("2024-04-05")
    assert cancelled.exit_code == 1
    assert "was cancelled, so it has no minutes" in cancelled.output
    odd = example / "minutes.rtf"
    odd.write_text("{\\rtf1}")
    wrong = run("2024-03-28", str(odd))
    assert wrong.exit_code == 1
    assert "minutes must be a .docx, .pdf or .txt file" in wrong.output
    broken = example / "broken.docx"
    broken.write_bytes(b"not a zip")
    damaged = run("2024-03-28", str(broken))
    assert damaged.exit_code == 1
    assert damaged.output.count("\n") == 1
    assert "error: the file is damaged: not a .docx document" in damaged.output


def test_minutes_skeleton_continues_the_numbers_and_converts(example, tmp_path):
    result = _invoke("minutes", "cyp-scrutiny", "2024-03-28", "--workspace", str(example))
    assert result.exit_code == 0, result.output
    # 25 January starts at 24 (its first_minute) and has 7 items: 24 to 30
    assert result.output.splitlines() == [
        "wrote packs/cyp-scrutiny/2024-03-28/minutes.docx",
        "minutes 31 to 39",
    ]
    path = example / "packs/cyp-scrutiny/2024-03-28/minutes.docx"
    with Converter(tmp_path / "cache") as converter:
        (pdf,) = converter.convert([Job(path, "minutes.docx")])
    words = " ".join(pdf_text(pdf).split())
    for expected in [
        "Nottingham City Council",
        "Children and Young People Scrutiny Committee",
        "Minutes of the meeting held at Ground Floor Committee Room - Loxley House, Station "
        "Street, Nottingham, NG2 3NG on 28 March 2024 from 9.30 am",
        "Present",
        "Councillor Naim Salim (Chair)",
        "Councillor Adele Williams",
        "Absent",
        "Colleagues, partners and others in attendance:",
        "Damon Stanton - Scrutiny & Audit Support Officer",
        "31 Apologies for Absence",
        "33 Minutes",
        "That the minutes of the meeting held on 25 January 2024 be confirmed",
        "34 Children in Care Placement Sufficiency",
        "35 Review of the Early Help Strategy",
        "36 Children's Services Improvement",
        "37 Recommendation Tracker",
        "38 Work Programme",
        "39 Exclusion of the public",
        "the exempt appendix to minute 34",
        "Resolved:",
    ]:
        assert expected in words, expected
    assert "Provider costs" not in words
    assert not (path.parent / "minutes-exempt.docx").exists()  # no wholly exempt item

    again = _invoke("minutes", "cyp-scrutiny", "2024-03-28", "--workspace", str(example))
    assert again.exit_code == 1
    assert again.output.strip() == (
        "packs/cyp-scrutiny/2024-03-28/minutes.docx: error: already exists; it was not "
        "overwritten (--force replaces it)"
    )
    forced = _invoke(
        "minutes", "cyp-scrutiny", "2024-03-28", "--force", "--workspace", str(example)
    )
    assert forced.exit_code == 0, forced.output
    # the skeleton read back gives nothing to track until the officer fills it in
    assert find_resolutions(read_minutes(path, "minutes.docx")) == []


def _document_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


def test_exempt_items_go_to_the_exempt_minutes(ws):
    ws.committee(
        """
        first_minute = 5
        members = ["Councillor A", "Councillor B"]
        chair = "Councillor B"

        [[meeting]]
        date = 2023-06-15
        first_minute = 101

        [[meeting]]
        date = 2023-07-13
        cancelled = "No business"

        [[meeting]]
        date = 2023-09-14

        [[meeting.item]]
        title = "Budget monitoring"

        [[meeting.item]]
        title = "Residential provider contract"
        exempt = 3
        """
    )
    result = _invoke("minutes", "cyp", "2023-09-14", "--workspace", str(ws.root))
    assert result.exit_code == 0, result.output
    # June: 101 to 105 (five standing items); July cancelled; September from 106
    assert result.output.splitlines()[-1] == "minutes 106 to 113"
    folder = ws.root / "packs/cyp/2023-09-14"
    public, exempt = (
        _document_text(folder / "minutes.docx"),
        _document_text(folder / "minutes-exempt.docx"),
    )
    assert "109\tBudget monitoring" in public
    assert "112\tExclusion of the public" in public
    assert "minute 113" in public
    assert "Residential provider contract" not in public
    assert "Councillor B (Chair)" in public
    assert "NOT FOR PUBLICATION" in exempt and "paragraph 3" in exempt
    assert "113\tResidential provider contract" in exempt
    assert "Budget monitoring" not in exempt
    # the exempt minutes are the meeting's own record, not a stray paper of its pack
    checked = _invoke("check", "--workspace", str(ws.root))
    assert "minutes-exempt" not in checked.output
    first = _invoke("minutes", "cyp", "2023-06-15", "--workspace", str(ws.root))
    assert first.output.splitlines()[-1] == "minutes 101 to 105"
    # a programme carried into the next year by `new-year`: its first meeting starts again
    programme = ws.root / "programme/cyp.toml"
    programme.write_text(
        programme.read_text().replace('year = "2023/24"', 'year = "2024/25"')
        + "\n[[meeting]]\ndate = 2024-06-13\n",
        encoding="utf-8",
    )
    next_year = _invoke("minutes", "cyp", "2024-06-13", "--workspace", str(ws.root))
    assert next_year.exit_code == 0, next_year.output
    assert next_year.output.splitlines()[-1] == "minutes 5 to 9"


def test_the_next_meetings_tracker_and_the_site_show_imported_resolutions(example_with_cache):
    example = example_with_cache
    minutes = example / "january.txt"
    minutes.write_text(
        "28 Impact of the Budget proposals on Children's Services and Education\n"
        "Resolved to:\n"
        "1) Recommends that the Council publishes its youth service consultation in plain "
        "English.\n"
        "2) That the report be noted.\n",
        encoding="utf-8",
    )
    imported = _invoke(
        "resolutions", "cyp-scrutiny", "2024-01-25", str(minutes), "--workspace", str(example)
    )
    assert imported.exit_code == 0, imported.output
    assert printed(imported.output, "added:")[0] == {
        "minute": "28",
        "kind": "recommendation",
        "item": "Impact of the Budget proposals on Children's Services and Education",
        "resolution": "Recommends that the Council publishes its youth service consultation "
        "in plain English.",
    }
    built = _invoke("build", "cyp-scrutiny", "2024-03-28", "--workspace", str(example))
    assert built.exit_code == 0, built.output
    tracker = next((example / "build/cyp-scrutiny/2024-03-28/documents").glob("*-tracker.pdf"))
    words = " ".join(pdf_text(tracker).split())
    assert (
        "Recommends that the Council publishes its youth service consultation in plain English."
        in words
    )
    assert "From: Impact of the Budget proposals on Children's Services and Education" in words
    assert "That the report be noted" not in words
    page = (example / "build/site/cyp-scrutiny/2024-01-25/index.html").read_text(encoding="utf-8")
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert "What the meeting resolved" in shown
    assert (
        "Recommendation: Recommends that the Council publishes its youth service consultation "
        "in plain English. (Impact of the Budget proposals on Children's Services and Education)"
    ) in shown
    assert "Action: Request that ward Councillors are consulted" in shown


def test_a_resolution_carried_over_a_page_of_a_stamped_pdf(tmp_path):
    """Real minutes break where the page ends: the first Nottingham resolution is pushed
    down a line at a time until LibreOffice splits it over two pages."""
    from agendapack.pdf.collate import PackInfo, write_pack

    lines = (EXTRACTS / "nottingham.txt").read_text(encoding="utf-8").splitlines()
    sources = []
    for count in range(8, 16):
        document = docx.Document()
        for number in range(count):
            document.add_paragraph(f"Members asked question {number}.")
        for line in lines:
            document.add_paragraph(line)
        for paragraph in document.paragraphs:
            paragraph.paragraph_format.widow_control = False  # let a paragraph split anywhere
        sources.append(tmp_path / f"pushed-{count}.docx")
        document.save(sources[-1])
    with Converter(tmp_path / "cache") as converter:
        pdfs = converter.convert([Job(p, p.name) for p in sources])
    split = 0
    for source, pdf in zip(sources, pdfs, strict=True):
        stamped = tmp_path / f"{source.stem}.pdf"
        with stamped.open("wb") as out:
            write_pack(pdf, [], out, PackInfo("Minutes", "Nottingham City Council"), duplex=False)
        first = next(n for n in (1, 2) if "The Strategy (page 18)" in pdf_text(stamped, n))
        if "financial exploitation" not in pdf_text(stamped, first):
            split += 1
            assert "Page 1" in pdf_text(stamped, 1)
        assert _pairs(find_resolutions(read_minutes(stamped, stamped.name))) == NOTTINGHAM
    assert split, "no layout split the first resolution over a page"


def test_what_was_resolved_under_an_exempt_item_stays_out_of_the_tracker(ws):
    programme = ws.committee(
        """
        [[meeting]]
        date = 2023-09-14

        [[meeting.item]]
        title = "Budget monitoring"

        [[meeting.item]]
        title = "Residential provider contract"
        exempt = 3
        """
    )
    minutes = ws.write(
        "minutes.txt",
        """\
        4 Budget monitoring
        Resolved:
        1) Request a report on the overspend in home to school transport.
        8 Residential provider contract
        Resolved:
        1) Ask officers to renegotiate the price with the provider.
        """,
    )
    result = _invoke("resolutions", "cyp", "2023-09-14", str(minutes), "--workspace", str(ws.root))
    assert result.exit_code == 0, result.output
    assert printed(result.output, "added:") == [
        {
            "minute": "4",
            "kind": "action",
            "item": "Budget monitoring",
            "resolution": "Request a report on the overspend in home to school transport.",
        }
    ]
    assert printed(result.output, "left out:") == [
        {
            "minute": "8",
            "why": "exempt business",
            "item": "Residential provider contract",
            "resolution": "(not shown)",
        }
    ]
    assert result.output.splitlines()[-2:] == [
        "left out 1 resolved in exempt business (the tracker is public); add any that may "
        "be published by hand",
        "added 1 resolution to programme/cyp.toml",
    ]
    assert "renegotiate" not in programme.read_text()


def test_an_exempt_item_minuted_under_other_words_stays_out_of_the_tracker(ws):
    """A heading that is not the exempt item's title ("(exempt)" added, another wording):
    with exempt business at the meeting, only what is under a public item's own title is
    taken."""
    programme = ws.committee(
        """
        [[meeting]]
        date = 2023-09-14

        [[meeting.item]]
        title = "Budget monitoring"

        [[meeting.item]]
        title = "Residential provider contract"
        exempt = 3
        """
    )
    minutes = ws.write(
        "minutes.txt",
        """\
        4 Budget monitoring
        Resolved:
        1) Request a report on the overspend in home to school transport.
        8 Provider Contract Award (exempt)
        Resolved:
        1) That the contract be awarded to QUIXOTIC Care Ltd at 2.3m.
        """,
    )
    result = _invoke("resolutions", "cyp", "2023-09-14", str(minutes), "--workspace", str(ws.root))
    assert result.exit_code == 0, result.output
    assert "QUIXOTIC" not in programme.read_text() and "QUIXOTIC" not in result.output


def test_exempt_minutes_are_refused_as_a_source_for_the_tracker(ws):
    ws.committee(
        """
        [[meeting]]
        date = 2023-09-14

        [[meeting.item]]
        title = "Residential provider contract"
        exempt = 3
        """
    )
    for name, first in (
        ("minutes-exempt.txt", "Exempt minutes"),
        ("private.txt", "NOT FOR PUBLICATION: exempt information"),
    ):
        minutes = ws.write(
            name,
            f"""\
            {first}
            8 Residential provider contract
            Resolved:
            1) That the contract be awarded to QUIXOTIC Care Ltd.
            """,
        )
        result = _invoke(
            "resolutions", "cyp", "2023-09-14", str(minutes), "--workspace", str(ws.root)
        )
        assert result.exit_code == 1, result.output
        assert "error: these are exempt minutes, not for publication" in result.output
        assert "QUIXOTIC" not in result.output


def test_minutes_already_kept_as_a_pdf_are_not_joined_by_a_skeleton(example):
    folder = example / "packs/cyp-scrutiny/2024-01-25"
    (folder / "minutes.docx").rename(folder / "minutes.pdf")  # only its name matters here
    result = _invoke("minutes", "cyp-scrutiny", "2024-01-25", "--workspace", str(example))
    assert result.exit_code == 1
    assert (
        "packs/cyp-scrutiny/2024-01-25/minutes.pdf: error: already exists; it was not "
        "overwritten (--force replaces it)"
    ) in result.output
    assert not (folder / "minutes.docx").exists()


def test_a_pdf_with_a_running_header_and_footer_loses_nothing_to_them(tmp_path):
    """Minutes printed with the committee's name at the top of each page and "Chair's
    initials" at the foot, a resolution carried over a page: the header and footer are
    left out, not glued into the resolution, and nothing after them is lost."""
    import docx

    from agendapack.documents.convert import command_line_convert
    from agendapack.minutes.read import read_minutes

    carried = (
        "1) That officers share the placement data with the Committee, including the numbers "
        "of children placed outside the city boundary, broken down by age group, by placement "
        "type and by the provider concerned, so that Members can follow how the sufficiency "
        "strategy is working over the coming year and beyond."
    )
    found = []
    for filler in (23, 24):  # the page break inside the first resolution, then before it
        document = docx.Document()
        section = document.sections[0]
        section.header.paragraphs[0].text = "Children and Young People Scrutiny - 28.03.24"
        section.footer.paragraphs[0].text = "Chair's initials ........"
        document.add_paragraph("34 Children in Care Placement Sufficiency", style="Heading 2")
        for _ in range(filler):
            document.add_paragraph(
                "Members discussed the report at length and asked questions about provision."
            )
        document.add_paragraph("Resolved:")
        document.add_paragraph(carried)
        document.add_paragraph("2) Recommends that the Council reviews its fostering allowances.")
        document.add_paragraph("35 Review of the Early Help Strategy", style="Heading 2")
        document.add_paragraph("Resolved:")
        document.add_paragraph("1) That the hub map be circulated.")
        source = tmp_path / f"minutes-{filler}.docx"
        document.save(str(source))
        pdf = command_line_convert(source, tmp_path / "profile", 180)
        assert pdf is not None
        second = pdf_text(pdf, 2)
        assert "Chair's initials" in second and "Scrutiny - 28.03.24" in second
        assert "hub map" in second  # the minutes go on over the page
        titles = ("Children in Care Placement Sufficiency", "Review of the Early Help Strategy")
        found.append(_pairs(find_resolutions(read_minutes(pdf, pdf.name), titles)))
    for pairs in found:
        assert pairs == [
            (A, carried[3:]),
            (R, "Recommends that the Council reviews its fostering allowances."),
            (A, "That the hub map be circulated."),
        ]


def test_word_bullets_in_a_pdf_are_entries_as_in_the_word_file(tmp_path):
    """Word's Symbol-font bullets come out of pdftotext as a column of their own."""
    import docx

    from agendapack.documents.convert import command_line_convert
    from agendapack.minutes.read import read_minutes

    document = docx.Document()
    document.add_paragraph("34 Children in Care Placement Sufficiency", style="Heading 2")
    document.add_paragraph("Resolved:")
    for entry in (
        "That officers share the placement data.",
        "That the Chair writes to the Minister about kinship care, and asks for a reply "
        "before the Committee next meets in the summer.",
        "That the report be noted.",
    ):
        document.add_paragraph(entry, style="List Bullet")
    source = tmp_path / "bullets.docx"
    document.save(str(source))
    pdf = command_line_convert(source, tmp_path / "profile", 180)
    assert pdf is not None
    titles = ("Children in Care Placement Sufficiency",)
    from_word = _pairs(find_resolutions(read_minutes(source, "bullets.docx"), titles))
    from_pdf = _pairs(find_resolutions(read_minutes(pdf, "bullets.pdf"), titles))
    assert (
        from_pdf
        == from_word
        == [
            (A, "That officers share the placement data."),
            (
                A,
                "That the Chair writes to the Minister about kinship care, and asks for a reply "
                "before the Committee next meets in the summer.",
            ),
        ]
    )


def test_what_a_programme_file_cannot_hold_never_reaches_it(example):
    """Control and direction characters pasted into minutes are left out; a "resolution"
    too long for the file is refused, and the file is not touched."""
    minutes = example / "weird.txt"
    minutes.write_text(
        "30 Review of the Early Help Strategy\nResolved:\n"
        "1) That officers\u202e circulate the\u0007 hub map.\n",
        encoding="utf-8",
    )
    programme = example / "programme/cyp-scrutiny.toml"
    result = _invoke(
        "resolutions", "cyp-scrutiny", "2024-01-25", str(minutes), "--workspace", str(example)
    )
    assert result.exit_code == 0, result.output
    assert "That officers circulate the hub map." in programme.read_text()
    assert _invoke("check", "--workspace", str(example)).exit_code == 0
    before = programme.read_bytes()
    minutes.write_text(
        "30 Review of the Early Help Strategy\nResolved:\n1) That " + "word " * 2500 + "\n",
        encoding="utf-8",
    )
    result = _invoke(
        "resolutions", "cyp-scrutiny", "2024-01-25", str(minutes), "--workspace", str(example)
    )
    assert result.exit_code == 1 and "characters long, more than a programme" in result.output
    assert programme.read_bytes() == before


def test_the_same_words_under_two_items_are_two_resolutions(example):
    minutes = example / "two.txt"
    minutes.write_text(
        "30 Review of the Early Help Strategy\nResolved:\n"
        "1) That officers circulate the presentation slides.\n"
        "31 Children in Care Placement Sufficiency\nResolved:\n"
        "1) That officers circulate the presentation slides.\n",
        encoding="utf-8",
    )
    args = ("resolutions", "cyp-scrutiny", "2024-01-25", str(minutes), "--workspace")
    first = _invoke(*args, str(example))
    assert first.exit_code == 0 and "added 2 resolutions" in first.output, first.output
    again = _invoke(*args, str(example))
    assert "nothing new" in again.output


def test_the_councils_ways_of_numbering_a_minute_start_its_item():
    titles = ("Review of the Early Help Strategy", "Children in Care Placement Sufficiency")
    for heading in (
        "34. Children in Care Placement Sufficiency",
        "34 – Children in Care Placement Sufficiency",
        "Minute 34 - Children in Care Placement Sufficiency",
        "CYP 34 Children in Care Placement Sufficiency",
        "Item 5: Children in Care Placement Sufficiency",
        "34 Children in Care Placement Sufficiency.",
    ):
        paragraphs = [
            Paragraph("30 Review of the Early Help Strategy"),
            Paragraph("Resolved:"),
            Paragraph("1) That the hub map be circulated."),
            Paragraph(heading),
            Paragraph("Resolved:"),
            Paragraph("1) That officers share the placement data."),
        ]
        found = find_resolutions(paragraphs, titles)
        assert [(r.item, r.text) for r in found] == [
            ("Review of the Early Help Strategy", "That the hub map be circulated."),
            ("Children in Care Placement Sufficiency", "That officers share the placement data."),
        ], heading


def test_more_of_the_councils_wordings_open_a_resolution():
    titles = ("Children in Care Placement Sufficiency",)
    for opening_words, entry in (
        ("It was AGREED that officers circulate the placement map.", None),
        ("RECOMMENDED that the Executive considers a kinship care allowance.", None),
        ("Resolved (unanimously):", "1) That officers circulate the placement map."),
        ("The Committee RESOLVED that:", "1) That officers circulate the placement map."),
        (
            "The Children and Young People Scrutiny Committee agreed to:",
            "1) Request that officers circulate the placement map.",
        ),
    ):
        paragraphs = [
            Paragraph("34 Children in Care Placement Sufficiency"),
            Paragraph(opening_words),
        ]
        if entry:
            paragraphs.append(Paragraph(entry))
        found = find_resolutions(paragraphs, titles)
        assert len(found) == 1, (opening_words, found)
        assert "circulate the placement map" in found[0].text or "kinship" in found[0].text
    prose = [
        Paragraph("34 Children in Care Placement Sufficiency"),
        Paragraph("Members agreed that the presentation had been useful."),
    ]
    assert find_resolutions(prose, titles) == []


def test_a_zip_bomb_given_as_minutes_is_refused_before_it_is_unpacked(tmp_path):
    import zipfile

    from agendapack.errors import AgendapackError
    from agendapack.minutes.read import read_minutes

    bomb = tmp_path / "minutes.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (120 * 1024 * 1024))
    with pytest.raises(AgendapackError) as raised:
        read_minutes(bomb, "packs/cyp/2024-03-28/minutes.docx")
    (line,) = raised.value.lines
    assert line.startswith("packs/cyp/2024-03-28/minutes.docx: error: the file has a part")


def test_headings_word_numbers_are_minute_headings_not_entries(tmp_path):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from agendapack.minutes.read import read_minutes

    document = docx.Document()
    entries = {
        "Children in Care Placement Sufficiency": ["That officers share the placement data."],
        "Review of the Early Help Strategy": ["Recommends a review of the hubs."],
    }
    for title, resolved in entries.items():
        heading = document.add_paragraph(title, style="Heading 2")
        numbering = OxmlElement("w:numPr")  # the minute's number is Word's, not in the text
        for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            numbering.append(element)
        heading._p.get_or_add_pPr().append(numbering)
        document.add_paragraph("Officers presented the report.")
        document.add_paragraph("Resolved:")
        for entry in resolved:
            document.add_paragraph(entry, style="List Number")
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    found = find_resolutions(read_minutes(path, "minutes.docx"), tuple(entries))
    assert [(r.item, r.text) for r in found] == [
        ("Children in Care Placement Sufficiency", "That officers share the placement data."),
        ("Review of the Early Help Strategy", "Recommends a review of the hubs."),
    ]
