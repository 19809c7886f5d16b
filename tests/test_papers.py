"""One paper both exempt and public, and the minutes and work-programme cover held to the
same rules as an item's documents: `check` says so at both places, and the build refuses
the meeting rather than publish it."""

from __future__ import annotations

import os
import shutil
import zipfile

import pytest
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.programme.load import load_workspace
from tests.pdftools import blank_pdf

runner = CliRunner()


def pdf(width: int = 595, password: str | None = None) -> bytes:
    return blank_pdf(width, 842, password)


def problems(ws) -> list[str]:
    return [str(p) for p in load_workspace(ws.root).problems]


TWO_ITEMS = """
    opening = []
    closing = []

    [[meeting]]
    date = 2023-10-01

    [[meeting.item]]
    title = "Budget"
    documents = [
      "budget.pdf",
      "{public}",
    ]

    [[meeting.item]]
    title = "Residential provider contract"
    exempt = 3
    documents = ["contract.pdf"]
"""


def _same_paper(folder, form: str) -> str:
    """Make the public paper the exempt contract.pdf in one of the four ways; its name."""
    contract = folder / "contract.pdf"
    if form == "same path":
        return "contract.pdf"
    if form == "hard link":
        os.link(contract, folder / "costs.pdf")
    elif form == "symlink":
        os.symlink("contract.pdf", folder / "costs.pdf")
    else:
        shutil.copy(contract, folder / "costs.pdf")
    return "costs.pdf"


FORMS = {
    "same path": "the same file",
    "hard link": "a hard link to the same file",
    "symlink": "a link to the same file",
    "byte-identical copy": "a copy with the same content",
}


@pytest.mark.parametrize("form", FORMS)
def test_a_paper_both_exempt_and_public_fails_check_naming_both_places(ws, form):
    folder = ws.folder("cyp", "2023-10-01")
    (folder / "budget.pdf").write_bytes(pdf(600))
    (folder / "contract.pdf").write_bytes(pdf(700))
    public = _same_paper(folder, form)
    ws.committee(TWO_ITEMS.format(public=public))
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "programme/cyp.toml:22: error: 'packs/cyp/2023-10-01/contract.pdf' is exempt here but "
        f"also public at programme/cyp.toml:16 ({FORMS[form]}); the public pack would carry "
        "it: mark both exempt, or name a different file for the public one",
        "1 error, 0 warnings",
    ]


@pytest.mark.parametrize("form", FORMS)
def test_build_refuses_a_meeting_with_a_paper_both_exempt_and_public(ws, form):
    folder = ws.folder("cyp", "2023-10-01")
    (folder / "budget.pdf").write_bytes(pdf(600))
    (folder / "contract.pdf").write_bytes(pdf(700))
    ws.committee(TWO_ITEMS.format(public=_same_paper(folder, form)))
    for named in ([], ["cyp", "2023-10-01"]):
        result = runner.invoke(app, ["build", *named, "--workspace", str(ws.root)])
        assert result.exit_code == 1, result.output
        assert (
            "programme/cyp.toml:22: error: 'packs/cyp/2023-10-01/contract.pdf' is exempt here "
            f"but also public at programme/cyp.toml:16 ({FORMS[form]})"
        ) in result.output
        assert not (ws.root / "build/cyp/2023-10-01").exists()


def test_different_papers_of_the_same_size_are_not_one(ws):
    folder = ws.folder("cyp", "2023-10-01")
    (folder / "budget.pdf").write_bytes(pdf(600))
    (folder / "contract.pdf").write_bytes(pdf(700))
    (folder / "costs.pdf").write_bytes(pdf(800))
    assert len(pdf(800)) == len(pdf(700))  # same size, different bytes: compared, not equal
    ws.committee(TWO_ITEMS.format(public="costs.pdf"))
    assert problems(ws) == []


def test_an_exempt_appendix_also_named_as_a_public_one(ws):
    folder = ws.folder("cyp", "2023-10-01")
    (folder / "costs.pdf").write_bytes(pdf())
    ws.committee("""
        [[meeting]]
        date = 2023-10-01
        [[meeting.item]]
        title = "Budget"
        documents = [
          "costs.pdf",
          { file = "costs.pdf", title = "Appendix 2: Provider costs", exempt = 3 },
        ]
    """)
    assert problems(ws) == [
        "programme/cyp.toml:12: error: 'packs/cyp/2023-10-01/costs.pdf' is exempt here but "
        "also public at programme/cyp.toml:11 (the same file); the public pack would carry it: "
        "mark both exempt, or name a different file for the public one"
    ]


MINUTES_THEN_EXEMPT = """
    closing = []

    [[meeting]]
    date = 2023-09-01

    [[meeting]]
    date = 2023-10-01

    [[meeting.item]]
    title = "Residential provider contract"
    exempt = 3
    documents = ["contract.pdf"]
"""


def test_the_minutes_are_public_and_cannot_be_an_exempt_paper(ws):
    ws.folder("cyp", "2023-09-01")
    folder = ws.folder("cyp", "2023-10-01")
    (folder / "contract.pdf").write_bytes(pdf())
    os.link(folder / "contract.pdf", ws.root / "packs/cyp/2023-09-01/minutes.pdf")
    ws.committee(MINUTES_THEN_EXEMPT)
    assert problems(ws) == [
        "programme/cyp.toml:17: error: 'packs/cyp/2023-10-01/contract.pdf' is exempt here but "
        "also public as the minutes at packs/cyp/2023-09-01/minutes.pdf (a hard link to the "
        "same file); the public pack would carry it: mark both exempt, or name a different "
        "file for the public one"
    ]


def test_the_work_programme_cover_is_public_and_cannot_be_an_exempt_paper(ws):
    folder = ws.folder("cyp", "2023-10-01")
    with zipfile.ZipFile(folder / "contract.docx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    shutil.copy(folder / "contract.docx", folder / "work-programme.docx")
    ws.committee("""
        opening = []
        [[meeting]]
        date = 2023-10-01
        [[meeting.item]]
        title = "Residential provider contract"
        exempt = 3
        documents = ["contract.docx"]
    """)
    assert problems(ws) == [
        "programme/cyp.toml:12: error: 'packs/cyp/2023-10-01/contract.docx' is exempt here but "
        "also public as the work programme's cover at packs/cyp/2023-10-01/work-programme.docx "
        "(a copy with the same content); the public pack would carry it: mark both exempt, or "
        "name a different file for the public one"
    ]


def test_an_exempt_paper_public_at_another_meeting_is_a_warning(ws):
    for date in ("2023-10-01", "2023-11-01"):
        (ws.folder("cyp", date) / "contract.pdf").write_bytes(pdf())
    ws.committee("""
        opening = []
        closing = []
        [[meeting]]
        date = 2023-10-01
        [[meeting.item]]
        title = "Residential provider contract"
        exempt = 3
        documents = ["contract.pdf"]
        [[meeting]]
        date = 2023-11-01
        [[meeting.item]]
        title = "Contract award"
        documents = ["contract.pdf"]
    """)
    assert problems(ws) == [
        "programme/cyp.toml:13: warning: 'packs/cyp/2023-10-01/contract.pdf' is exempt here "
        "but public at the meeting on 2023-11-01, programme/cyp.toml:18 (a copy with the same "
        "content); unless its exemption has lapsed, mark it exempt there too"
    ]


# -- the minutes and the cover obey the rules of every document --------------------------

ONE_MEETING_AFTER_ANOTHER = """
    [[meeting]]
    date = 2023-09-01

    [[meeting]]
    date = 2023-10-01

    [[meeting.item]]
    title = "Budget"
    documents = ["budget.pdf"]
"""


def _two_meetings(ws):
    (ws.folder("cyp", "2023-09-01") / "minutes.pdf").write_bytes(pdf())
    (ws.folder("cyp", "2023-10-01") / "budget.pdf").write_bytes(pdf())
    ws.committee(ONE_MEETING_AFTER_ANOTHER)


def _word_with_comments(path) -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {w}/>")
        # a comment in it: an empty comments part (pandoc writes one) is no comment
        archive.writestr(
            "word/comments.xml",
            f'<w:comments {w}><w:comment w:id="0"><w:p/></w:comment></w:comments>',
        )


STANDING_PAPERS = {
    "minutes linked from outside the workspace": (
        "packs/cyp/2023-09-01/minutes.pdf",
        "link",
        "error: 'minutes.pdf' is a link that leads outside the meeting folder "
        "packs/cyp/2023-09-01/",
    ),
    "damaged minutes": (
        "packs/cyp/2023-09-01/minutes.pdf",
        b"%PDF-1.7\n" + b"\x00garbage" * 50,
        "error: 'minutes.pdf': the PDF is damaged and cannot be read; save or export it again",
    ),
    "minutes with a password": (
        "packs/cyp/2023-09-01/minutes.pdf",
        pdf(password="secret"),
        "error: 'minutes.pdf': the PDF needs a password to open; ask its author for a copy "
        "without a password",
    ),
    "minutes that are no Word file": (
        "packs/cyp/2023-09-01/minutes.docx",
        b"not a zip",
        "error: 'minutes.docx' is damaged: not a .docx document; save it again from Word",
    ),
    "cover linked from outside the workspace": (
        "packs/cyp/2023-10-01/work-programme.docx",
        "link",
        "error: 'work-programme.docx' is a link that leads outside the meeting folder "
        "packs/cyp/2023-10-01/",
    ),
    "cover with a password": (
        "packs/cyp/2023-10-01/work-programme.docx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
        "error: 'work-programme.docx' is password-protected (or an old .doc renamed); remove "
        "the password in Word and save it again",
    ),
}


def _place(ws, tmp_path, relative: str, content) -> None:
    path = ws.root / relative
    if path.name.startswith("minutes."):
        (path.parent / "minutes.pdf").unlink()  # these minutes replace the good ones
    if content == "link":
        outside = tmp_path / ("outside" + path.suffix)
        if path.suffix == ".pdf":
            outside.write_bytes(pdf())
        else:
            _word_with_comments(outside)
        os.symlink(outside, path)
    else:
        path.write_bytes(content)


@pytest.mark.parametrize("case", STANDING_PAPERS)
def test_minutes_and_cover_obey_the_rules_of_every_document(ws, tmp_path, case):
    relative, content, message = STANDING_PAPERS[case]
    _two_meetings(ws)
    _place(ws, tmp_path, relative, content)
    result = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{relative}: {message}", "1 error, 0 warnings"]


@pytest.mark.parametrize(
    "case", ["minutes linked from outside the workspace", "cover linked from outside the workspace"]
)
def test_build_refuses_minutes_or_a_cover_that_leads_outside(ws, tmp_path, case):
    relative, content, message = STANDING_PAPERS[case]
    _two_meetings(ws)
    _place(ws, tmp_path, relative, content)
    result = runner.invoke(app, ["build", "cyp", "2023-10-01", "--workspace", str(ws.root)])
    assert result.exit_code == 1
    assert f"{relative}: {message}" in result.output.splitlines()
    assert not (ws.root / "build/cyp/2023-10-01").exists()


def test_minutes_and_cover_get_the_word_warnings(ws):
    _two_meetings(ws)
    _word_with_comments(ws.root / "packs/cyp/2023-09-01/minutes.docx")
    _word_with_comments(ws.root / "packs/cyp/2023-10-01/work-programme.docx")
    assert problems(ws) == [
        "packs/cyp/2023-09-01/minutes.docx: warning: 'minutes.docx' has comments, which are "
        "left out of the pack",
        "packs/cyp/2023-10-01/work-programme.docx: warning: 'work-programme.docx' has "
        "comments, which are left out of the pack",
    ]


def test_a_pdf_portfolio_is_named_as_one_whose_papers_are_left_out(ws, tmp_path):
    """Acrobat's PDF portfolio: one page asking for Acrobat, and the papers as its attached
    files. The pack would hold that page alone, so the officer is told what it is and what
    to do, not only that two files are left out."""
    import io

    import pikepdf

    _two_meetings(ws)
    minutes = ws.root / "packs/cyp/2023-09-01/minutes.pdf"
    minutes.parent.mkdir(parents=True, exist_ok=True)
    with pikepdf.open(io.BytesIO(blank_pdf())) as pdf:
        for name in ("response-1.pdf", "response-2.pdf"):
            pdf.attachments[name] = pikepdf.AttachedFileSpec(pdf, blank_pdf())
        pdf.Root.Collection = pikepdf.Dictionary(Type=pikepdf.Name.Collection, View=pikepdf.Name.D)
        pdf.save(minutes)
    assert problems(ws) == [
        "packs/cyp/2023-09-01/minutes.pdf: warning: 'minutes.pdf' has 2 attached files, the "
        "papers of a PDF portfolio, whose page in the pack only asks for Acrobat to show them "
        "(save each paper as a PDF of its own and list them in the item), left out of the pack"
    ]


def test_minutes_and_cover_are_not_checked_when_no_agenda_uses_them(ws, tmp_path):
    _two_meetings(ws)
    ws.committee("opening = []\nclosing = []\n" + ONE_MEETING_AFTER_ANOTHER)
    _place(ws, tmp_path, "packs/cyp/2023-09-01/minutes.pdf", b"damaged")
    _place(ws, tmp_path, "packs/cyp/2023-10-01/work-programme.docx", b"damaged")
    assert problems(ws) == []


def test_hostile_minutes_are_warned_about_as_any_pdf_is(ws):
    from tests.hostile import hostile_pdf

    _two_meetings(ws)
    hostile_pdf(ws.root / "packs/cyp/2023-09-01/minutes.pdf")
    assert problems(ws) == [
        "packs/cyp/2023-09-01/minutes.pdf: warning: 'minutes.pdf' has JavaScript, an action "
        "that opens another program (/Launch), a link that is not to a web or email address, "
        "2 attached files and 2 comments, left out of the pack",
        "packs/cyp/2023-09-01/minutes.pdf: warning: 'minutes.pdf' is not a tagged PDF: ask its "
        "author for an accessible version",
    ]
