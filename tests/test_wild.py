"""Documents as Word itself writes them: sections, odd and even headers, images, comments."""

from __future__ import annotations

import base64
import io
import json

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm
from typer.testing import CliRunner

from agendapack.cli import app
from tests.pdftools import page_count, text

runner = CliRunner()
# A 1x1 PNG: enough for Word to hold an image part.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _awkward_report(path) -> None:
    document = WordDocument()
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    section.header.paragraphs[0].text = "ODD-HEADER Budget report"
    section.even_page_header.paragraphs[0].text = "EVEN-HEADER Budget report"
    section.footer.paragraphs[0].text = "Report footer"
    paragraph = document.add_paragraph("WILD-BODY-TEXT: the budget in brief. " * 30)
    document.add_comment(paragraph.runs, text="A reviewer's private remark", author="Reviewer")
    document.add_picture(io.BytesIO(PNG), width=Cm(4))
    for number in range(25):
        document.add_paragraph(f"Paragraph {number}: " + "Spending and savings. " * 40)
    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = landscape.page_height, landscape.page_width
    document.add_paragraph("LANDSCAPE-SECTION table of figures")
    document.save(path)


def test_a_word_file_with_everything_in_it_builds(example_with_cache):
    root = example_with_cache
    report = root / "packs/cyp-scrutiny/2024-03-28/early-help.docx"
    _awkward_report(report)
    check = runner.invoke(app, ["check", "--workspace", str(root)])
    assert "'early-help.docx' has comments, which are left out of the pack" in check.output
    result = runner.invoke(app, ["build", "cyp-scrutiny", "2024-03-28", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    out = root / "build/cyp-scrutiny/2024-03-28"
    manifest = json.loads((out / "manifest.json").read_text())
    document = next(
        d
        for i in manifest["items"]
        for d in i["documents"]
        if d["source"].endswith("early-help.docx")
    )
    assert document["pages"] >= 3 and document["first_page"] % 2 == 1
    pack = out / "pack.pdf"
    first, pages = document["first_page"], document["pages"]
    own = "".join(text(pack, n) for n in range(first, first + pages))
    assert "WILD-BODY-TEXT" in own and "LANDSCAPE-SECTION" in own
    assert "ODD-HEADER" in own and "EVEN-HEADER" in own
    assert "private remark" not in text(pack)
    for number in range(1, page_count(pack) + 1):
        assert f"Page {number}" in text(pack, number)
