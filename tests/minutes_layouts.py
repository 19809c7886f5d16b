"""One meeting's minutes written in the layouts councils use, as Word files: how each
heads its minutes (numbered, in capitals, in a table, in Word's heading styles, glued to
the paragraph before) and numbers what it resolved (typed, or Word's own numbering).

The meeting has public business, then the exclusion of the public and an exempt item whose
every resolution carries a marker word: the leak tests look for those words in every
public output.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

PROGRAMME = """
[[meeting]]
date = 2023-09-14

[[meeting.item]]
title = "Budget Monitoring"

[[meeting.item]]
title = "School Readiness – Learning from Cylch Meithrin Tŷ Dŵr"

[[meeting.item]]
title = "Residential Care Contract"
exempt = 3

[[meeting]]
date = 2023-10-19

[[meeting.item]]
title = "Youth Justice Plan"
"""

# Words that appear nowhere but in the exempt minute's resolutions.
MARKERS = ("Quillfeather", "Zanzibarine", "Marrowdale")

# What a careful officer tracks from these minutes: kind, item, text.
PUBLIC = [
    (
        "action",
        "Budget Monitoring",
        "Officers bring a report on the overspend in home to school transport to the "
        "November meeting",
    ),
    (
        "recommendation",
        "Budget Monitoring",
        "The Committee recommends to the Cabinet that the transport budget be reviewed "
        "before February.",
    ),
    (
        "action",
        "School Readiness – Learning from Cylch Meithrin Tŷ Dŵr",
        "The Corporate Director circulates the school readiness data by ward to members.",
    ),
]

EXCLUSION = (
    "RESOLVED that the public be excluded from the meeting during consideration of the "
    "remaining item, as it involves the likely disclosure of exempt information as defined "
    "in paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972."
)


@dataclass(frozen=True)
class Minute:
    number: int
    item: int  # on the agenda
    heading: str  # as the minutes word it
    said: tuple[str, ...] = ()
    opener: str = ""  # "RESOLVED that:" before the entries
    entries: tuple[str, ...] = ()


def minutes(exempt_heading: str = "Residential Care Contract", exclusion: bool = True):
    """The meeting's minutes; `exempt_heading` as the minutes word the exempt item."""
    found = [
        Minute(36, 1, "Apologies for Absence", ("Apologies were received from Councillor Power.",)),
        Minute(37, 2, "Declarations of Interest", ("None.",)),
        Minute(
            38,
            3,
            "Minutes",
            (
                "RESOLVED that the minutes of the meeting held on 13 July 2023 be confirmed "
                "as a correct record and signed by the Chair.",
            ),
        ),
        Minute(
            39,
            4,
            "Budget Monitoring",
            (
                "The Director of Finance presented the forecast for the year. Members asked "
                "about the cost of transport for children with special educational needs.",
            ),
            "RESOLVED that:",
            (
                "officers bring a report on the overspend in home to school transport to the "
                "November meeting;",
                "the Committee recommends to the Cabinet that the transport budget be reviewed "
                "before February.",
            ),
        ),
        Minute(
            40,
            5,
            "School Readiness",
            (
                "The Head of Early Years described what the Committee had learnt from its "
                "visit to the nursery.",
                "RESOLVED that the Corporate Director circulates the school readiness data by "
                "ward to members.",
            ),
        ),
        Minute(41, 6, "Recommendation Tracker", ("RESOLVED that the tracker be noted.",)),
        Minute(42, 7, "Work Programme", ("RESOLVED that the work programme be noted.",)),
    ]
    if exclusion:
        found.append(Minute(43, 8, "Exclusion of the Public", (EXCLUSION,)))
    found.append(
        Minute(
            44,
            9,
            exempt_heading,
            (
                "The Committee considered the report of the Director for Commissioning on the "
                "tenders received.",
            ),
            "RESOLVED that:",
            (
                f"officers renegotiate the weekly price with {MARKERS[0]} Care Ltd before "
                "the award;",
                f"the Committee recommends to the Cabinet an award to {MARKERS[1]} Homes at "
                "the second price;",
                f"officers report the {MARKERS[2]} transfer costs to the next meeting.",
            ),
        )
    )
    return found


# -- the layouts ----------------------------------------------------------------------


def _bold(document, text: str, style: str | None = None):
    paragraph = document.add_paragraph(style=style)
    paragraph.add_run(text).bold = True
    return paragraph


def _word_numbered(document, text: str) -> None:
    """A paragraph Word numbers itself: the number is not in its text."""
    document.add_paragraph(text, style="List Number")


def _numbering(paragraph, num_id: int) -> None:
    properties = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), "0")
    number = OxmlElement("w:numId")
    number.set(qn("w:val"), str(num_id))
    properties.append(level)
    properties.append(number)
    paragraph._p.get_or_add_pPr().append(properties)


def _body(document, minute: Minute, typed: str = "({n})") -> None:
    for text in minute.said:
        document.add_paragraph(text)
    if minute.opener:
        document.add_paragraph(minute.opener)
    for n, entry in enumerate(minute.entries, 1):
        if typed == "word":
            _word_numbered(document, entry)
        else:
            label = typed.format(n=n, a="abcdefgh"[n - 1], i=("i", "ii", "iii", "iv")[n - 1])
            document.add_paragraph(f"{label} {entry}")


def _front(document) -> None:
    _bold(document, "Children and Young People Scrutiny Committee")
    document.add_paragraph(
        "Minutes of the meeting held at Loxley House on 14 September 2023 from 9.30 am to 11.45 am"
    )
    document.add_paragraph("Present: Councillors Healy (Chair), Ali, Brown and Power")


def _write(path: Path, heading, typed: str = "({n})", exempt_heading: str = "") -> Path:
    """The minutes with each minute's heading written by `heading(document, minute)`."""
    document = docx.Document()
    _front(document)
    for minute in minutes(exempt_heading) if exempt_heading else minutes():
        heading(document, minute)
        _body(document, minute, typed)
    document.save(path)
    return path


def capitals(path: Path) -> Path:
    """Unnumbered headings in bold capitals, entries typed (1), (2)."""
    return _write(path, lambda d, m: _bold(d, m.heading.upper()))


def numbered(path: Path) -> Path:
    """ "39. Budget Monitoring (Item 4)", entries numbered by Word."""
    return _write(path, lambda d, m: _bold(d, f"{m.number}. {m.heading} (Item {m.item})"), "word")


def minute_dash(path: Path) -> Path:
    """ "Minute 39 – Budget Monitoring", entries a), b)."""
    return _write(path, lambda d, m: _bold(d, f"Minute {m.number} – {m.heading}"), "{a})")


def prefixed(path: Path) -> Path:
    """ "CYP 39 Budget Monitoring"; the exempt item worded otherwise, marked "(exempt)"."""
    heading = "Provider Contract Award (exempt)"
    return _write(path, lambda d, m: _bold(d, f"CYP {m.number} {m.heading}"), "{n}.", heading)


def _in_a_row(document, minute: Minute) -> None:
    row = document.add_table(rows=1, cols=2).rows[0]
    row.cells[0].text = str(minute.number)
    row.cells[1].paragraphs[0].add_run(minute.heading.upper()).bold = True


def in_a_table(path: Path) -> Path:
    """Each heading in a table row: the minute's number, then its title."""
    return _write(path, _in_a_row, "{i})")


def heading_styles(path: Path) -> Path:
    """Word's Heading 2 style; the exempt item shortened ("Residential Care")."""
    heading = "Residential Care"
    return _write(path, lambda d, m: d.add_paragraph(m.heading, style="Heading 2"), "word", heading)


def glued(path: Path) -> Path:
    """Each heading on a line break at the end of the paragraph before it, as a PDF's
    last line of a page reads; no minute excludes the public."""
    document = docx.Document()
    _front(document)
    last = document.paragraphs[-1]
    for minute in minutes(exclusion=False):
        last.add_run().add_break()
        last.add_run(minute.heading.upper()).bold = True
        _body(document, minute)
        last = document.paragraphs[-1]
    document.save(path)
    return path


def listed_headings(path: Path) -> Path:
    """The headings numbered by Word as a list (the minute's number not in the text),
    entries typed (a)."""
    document = docx.Document()
    _front(document)
    num_id = document.styles["List Number"].element.pPr.numPr.numId.val
    for minute in minutes():
        _numbering(_bold(document, minute.heading.upper()), num_id)
        _body(document, minute, "({a})")
    document.save(path)
    return path


def private_session(path: Path) -> Path:
    """No exclusion item and a heading the agenda does not know: the exempt minute opens
    by excluding the public under section 100A."""
    document = docx.Document()
    _front(document)
    for minute in minutes("Contract Matters", exclusion=False):
        _bold(document, f"{minute.number} {minute.heading}")
        if minute.number == 44:
            document.add_paragraph(
                "RESOLVED that under section 100A(4) of the Local Government Act 1972 the "
                "public be excluded for this item."
            )
        _body(document, minute)
    document.save(path)
    return path


LAYOUTS = {
    "capitals": capitals,
    "numbered": numbered,
    "minute-dash": minute_dash,
    "prefixed": prefixed,
    "table": in_a_table,
    "heading-styles": heading_styles,
    "glued": glued,
    "listed-headings": listed_headings,
    "private-session": private_session,
}


def printed(output: str, title: str) -> list[dict[str, str]]:
    """The rows of a table `resolutions` printed under `title` ("added:", "would add:",
    "left out:"), each as {column: cell}, read by the columns' places in the header."""
    lines = output.splitlines()
    if title not in lines:
        return []
    start = lines.index(title) + 1
    header = lines[start]
    names = header.split()
    places = [header.index(f" {name}") + 1 for name in names]
    rows = []
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        ends = [*places[1:], None]
        rows.append({n: line[a:b].strip() for n, a, b in zip(names, places, ends, strict=True)})
    return rows
