"""Write the package's default Word templates (src/agendapack/templates/*.docx).

They are ordinary Word files with docxtpl (Jinja) tags, made here so that they can be
regenerated; `agendapack init-templates` copies them into a workspace, where an officer
restyles them in Word. Run: .venv/bin/python scripts/make_templates.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx_save import save

OUT = Path(__file__).resolve().parent.parent / "src" / "agendapack" / "templates"


def _document() -> Document:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 12)):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = None
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin = section.bottom_margin = Cm(2)
    properties = document.core_properties
    properties.author = "agendapack"
    properties.created = properties.modified = dt.datetime(2024, 1, 1)
    properties.title = "{{ title }}"
    return document


def _para(
    container,
    text: str = "",
    *,
    bold: bool = False,
    size: float | None = None,
    style: str | None = None,
    align=None,
    space_after: float | None = None,
):
    paragraph = container.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _cell_text(cell, text: str, *, bold: bool = False, align=None):
    """Put text in a cell's first paragraph (a new cell has one, empty)."""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold or None
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _no_split(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def _widths(table, widths_cm: list[float]) -> None:
    """Fixed column widths: LibreOffice reads the grid, Word the cells; set both."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _front_sheet_top(document, *, under: str | None = None) -> None:
    """The heading, council and committee (and `under`, a line below them), the notice,
    and the meeting's date, time and place: what every front sheet starts with."""
    _para(document, "{{ heading }}", size=10, space_after=18)
    _para(document, "{{ council }}", style="Title")
    _para(document, "{{ committee }}", style="Heading 1")
    if under:
        _para(document, under, style="Heading 1")
    _para(document, "{%p if notice %}")
    _para(document, "{{ notice }}", bold=True, size=13)
    _para(document, "{%p endif %}")
    for label in ("Date", "Time", "Place"):
        paragraph = _para(document, space_after=4)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(f"{{{{ {label.lower()} }}}}")


def _officer(document) -> None:
    _para(document, "{%p if officer_name %}")
    _para(document, "{{ officer_role }}: {{ officer_name }}", space_after=2)
    _para(document, "Direct Dial: {{ officer_phone }}")
    _para(document, "{%p endif %}")


def _items_table(document, under_title) -> None:
    """The table of items: number, title with what `under_title(cell)` puts below it, and
    pages; one row for each item, repeated by docxtpl."""
    table = document.add_table(rows=4, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_text(table.cell(0, 0), "Item", bold=True)
    _cell_text(table.cell(0, 1), "")
    _cell_text(table.cell(0, 2), "Page", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _repeat_header(table.rows[0])
    table.cell(1, 0).paragraphs[0].add_run("{%tr for item in items %}")
    _cell_text(table.cell(2, 0), "{{ item.number }}", bold=True)
    title = table.cell(2, 1)
    _cell_text(title, "{{ item.title }}", bold=True)
    under_title(title)
    _cell_text(table.cell(2, 2), "{{ item.pages }}", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _no_split(table.rows[2])
    table.cell(3, 0).paragraphs[0].add_run("{%tr endfor %}")
    _widths(table, [1.4, 12.6, 2.6])


def _optional(cell, key: str) -> None:
    _para(cell, f"{{%p if item.{key} %}}")
    _para(cell, f"{{{{ item.{key} }}}}", size=10)
    _para(cell, "{%p endif %}")


def agenda() -> None:
    document = _document()
    _front_sheet_top(document)
    _para(document, "{{ call_to_attend }}", space_after=12)
    _para(document, "{{ signatory }}", space_after=12)
    _officer(document)

    def under_title(cell) -> None:
        for key in ("subtitle", "purpose", "note"):
            _optional(cell, key)

    _items_table(document, under_title)
    _para(document)
    _para(document, "{%p for text in notices %}")
    _para(document, "{{ text }}", size=10)
    _para(document, "{%p endfor %}")
    save(document, OUT / "agenda.docx")


def supplement() -> None:
    """The front sheet of a supplementary pack: the late and revised papers, each under its
    number on the main agenda, with the chair's reason for urgency."""
    document = _document()
    _front_sheet_top(document, under="{{ supplement }}")
    _para(document, "{{ introduction }}", space_after=12)
    _officer(document)

    def under_title(cell) -> None:
        _para(cell, "{%p for paper in item.papers %}")
        _para(cell, "{{ paper }}", size=10)
        _para(cell, "{%p endfor %}")
        _optional(cell, "note")
        _para(cell, "{%p if item.urgency %}")
        _para(cell, "Reason for urgency: {{ item.urgency }}", size=10)
        _para(cell, "{%p endif %}")

    _items_table(document, under_title)
    save(document, OUT / "supplement.docx")


def tracker() -> None:
    document = _document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    _para(document, "{{ committee }} Action and Recommendation Tracker", style="Heading 1")
    headings = ["Date of meeting", "A/R", "Recommendation/Action", "Progress/response", "Status"]
    table = document.add_table(rows=4, cols=5)
    table.style = "Table Grid"
    for column, text in enumerate(headings):
        _cell_text(table.cell(0, column), text, bold=True)
    _repeat_header(table.rows[0])
    table.cell(1, 0).paragraphs[0].add_run("{%tr for r in resolutions %}")
    for column, key in enumerate(["date", "letter", "text", "response", "status"]):
        _cell_text(table.cell(2, column), f"{{{{ r.{key} }}}}")
    # which report it came from, when the minutes said (the resolution's `item`)
    text = table.cell(2, 2)
    _para(text, "{%p if r.item %}")
    _para(text, "From: {{ r.item }}", size=9)
    _para(text, "{%p endif %}")
    _no_split(table.rows[2])
    table.cell(3, 0).paragraphs[0].add_run("{%tr endfor %}")
    _widths(table, [3.4, 1.4, 9.8, 7.8, 2.8])
    _para(document, "{%p if not resolutions %}")
    _para(document, "The committee has made no recommendations or actions yet this year.")
    _para(document, "{%p endif %}")
    _para(document)
    _para(document, "A = Action, R = Recommendation", bold=True)
    save(document, OUT / "tracker.docx")


def work_programme() -> None:
    document = _document()
    _para(document, "{{ committee }} {{ year }} Work Programme", style="Heading 1")
    table = document.add_table(rows=4, cols=2)
    table.style = "Table Grid"
    _cell_text(table.cell(0, 0), "Date", bold=True)
    _cell_text(table.cell(0, 1), "Items", bold=True)
    _repeat_header(table.rows[0])
    table.cell(1, 0).paragraphs[0].add_run("{%tr for m in meetings %}")
    _cell_text(table.cell(2, 0), "{{ m.date }}", bold=True)
    items = table.cell(2, 1)
    _cell_text(items, "{%p if m.cancelled %}")
    _para(items, "CANCELLED: {{ m.cancelled }}", bold=True)
    _para(items, "{%p endif %}")
    _para(items, "{%p if m.moved_from %}")
    _para(items, "Moved from {{ m.moved_from }}", size=10)
    _para(items, "{%p endif %}")
    _para(items, "{%p for item in m.business %}")
    _para(items, "{{ item.title }}", bold=True)
    _para(items, "{%p if item.purpose %}")
    _para(items, "{{ item.purpose }}", size=10, space_after=8)
    _para(items, "{%p endif %}")
    _para(items, "{%p endfor %}")
    table.cell(3, 0).paragraphs[0].add_run("{%tr endfor %}")
    _widths(table, [3.6, 13.0])
    _para(document)
    _para(document, "{%p for t in recurring %}")
    _para(
        document,
        "* {{ t.title }}: every year, scheduled for {{ t.month }}"
        "{% if t.note %}. {{ t.note }}{% endif %}",
        size=10,
    )
    _para(document, "{%p endfor %}")
    _para(document, "{%p for t in pending %}")
    _para(document, "* {{ t.title }}{% if t.note %}: {{ t.note }}{% endif %}", size=10)
    _para(document, "{%p endfor %}")
    save(document, OUT / "work-programme.docx")


SECTIONS = [
    ("Purpose", "[What the report is for, in a sentence or two.]"),
    ("Action required", "[What the committee is asked to do: note, comment, recommend.]"),
    ("Background information", "[The facts the committee needs, in numbered paragraphs.]"),
    ("List of attached information", "[Each appendix, as Appendix 1, Appendix 2 ... or None.]"),
    (
        "Background papers, other than published works or those disclosing exempt or "
        "confidential information",
        "[Or None.]",
    ),
    ("Published documents referred to in this report", "[Or None.]"),
    ("Wards affected", "[The wards, or All.]"),
]


def report() -> None:
    """A new cover report, in the numbered structure of the council's reports."""
    document = _document()
    _para(document, "{{ committee }}", bold=True, size=14)
    _para(document, "{{ date }}", space_after=12)
    _para(document, "{{ title }}", style="Title")
    _para(document, "{{ subtitle }}", bold=True, space_after=12)
    for number, (heading, hint) in enumerate(SECTIONS, start=1):
        _para(document, f"{number}\t{heading}", style="Heading 2")
        _para(document, f"{number}.1\t{hint}")
    _para(document, "8\tContact information", style="Heading 2")
    _para(document, "8.1\t{{ author }}{% if role %} - {{ role }}{% endif %}", space_after=0)
    _para(document, "{{ email }}")
    save(document, OUT / "report.docx")


def minutes() -> None:
    """A meeting's minutes to fill in, laid out as the council's minutes are: heading,
    membership present and absent, those in attendance, then each item under its minute
    number with what was resolved. The exempt minutes use it too, with their notice."""
    document = _document()
    _para(document, "{%p if notice %}")
    _para(document, "{{ notice }}", bold=True, size=13, space_after=12)
    _para(document, "{%p endif %}")
    _para(document, "{{ council }}", style="Title")
    _para(document, "{{ committee }}", style="Heading 1")
    _para(document, "{{ heading }}", space_after=12)
    _para(document, "Membership", style="Heading 2")
    _para(document, "Present", bold=True, space_after=4)
    _para(document, "{%p for name in present %}")
    _para(document, "{{ name }}", space_after=0)
    _para(document, "{%p endfor %}")
    _para(document, "")
    _para(document, "Absent", bold=True, space_after=4)
    _para(document, "{%p for name in absent %}")
    _para(document, "{{ name }}", space_after=0)
    _para(document, "{%p endfor %}")
    _para(document, "")
    _para(document, "Colleagues, partners and others in attendance:", bold=True, space_after=4)
    _para(document, "{%p for person in attendance %}")
    _para(document, "{{ person }}", space_after=0)
    _para(document, "{%p endfor %}")
    _para(document, "{%p for item in items %}")
    _para(document, "{{ item.number }}\t{{ item.title }}", style="Heading 2")
    _para(document, "{%p if item.subtitle %}")
    _para(document, "{{ item.subtitle }}", size=10)
    _para(document, "{%p endif %}")
    _para(document, "{%p for text in item.body %}")
    _para(document, "{{ text }}")
    _para(document, "{%p endfor %}")
    _para(document, "{%p if item.resolved %}")
    _para(document, "Resolved:", bold=True, space_after=4)
    _para(document, "{%p for text in item.resolved %}")
    _para(document, "{{ text }}")
    _para(document, "{%p endfor %}")
    _para(document, "{%p endif %}")
    _para(document, "{%p endfor %}")
    _para(document, "")
    _para(document, "{{ closing }}")
    save(document, OUT / "minutes.docx")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    agenda()
    supplement()
    tracker()
    work_programme()
    report()
    minutes()


if __name__ == "__main__":
    main()
