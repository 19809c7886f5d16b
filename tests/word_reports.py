"""A Word report with everything a web page of it must keep: headings, lists, a table with
a header row, a picture with alternative text, a link; and what it must not show."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

ALT = "Bar chart of placements by type: fostering 412, residential 61"
HIDDEN = "Qxhiddenword"
LINK = "https://www.gov.uk/government/publications/sufficiency"


def png() -> bytes:
    """A 4 by 4 pixel PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\0" + b"\x20\x60\xa0" * 4 for _ in range(4))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def write_rich_report(path: Path, title: str = "Placement sufficiency strategy") -> None:
    document = Document()
    document.core_properties.author = "Qxauthorname"
    document.add_heading(title, level=1)
    document.add_paragraph("This report sets out how the Council secures enough homes.")
    document.add_heading("Recommendations", level=2)
    document.add_paragraph("Note the strategy", style="List Number")
    document.add_paragraph("Ask for a progress report in March", style="List Number")
    document.add_heading("Background", level=2)
    document.add_paragraph("Reasons for the strategy:")
    document.add_paragraph("More children in care", style="List Bullet")
    document.add_paragraph("Fewer local foster carers", style="List Bullet")
    table = document.add_table(rows=3, cols=2)
    rows = [("Placement type", "Children"), ("Fostering", "412"), ("Residential", "61")]
    for row, (kind, count) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = kind, count
    header = OxmlElement("w:tblHeader")
    table.rows[0]._tr.get_or_add_trPr().append(header)
    document.add_picture(io.BytesIO(png()))
    document.inline_shapes[0]._inline.docPr.set("descr", ALT)
    paragraph = document.add_paragraph("The statutory guidance is ")
    relation = document.part.relate_to(LINK, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "on GOV.UK"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    paragraph.add_run(".")
    hidden = document.add_paragraph("Visible words. ")
    hidden.add_run(HIDDEN).font.hidden = True
    # a link to a file on the author's disk leads nowhere on the web: its words stay
    local = document.add_paragraph("See ")
    relation = document.part.relate_to(
        "file:///S:/Children/drafts/strategy.docx", RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "the draft"
    run.append(text)
    link.append(run)
    local._p.append(link)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
