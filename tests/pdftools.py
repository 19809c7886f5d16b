"""Reading PDFs back with poppler, a different implementation from the one that wrote them."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


def text(pdf: Path, page: int | None = None, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if layout:
        args.append("-layout")
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


@dataclass
class Word:
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclass
class Page:
    width: float  # of the media box, before /Rotate
    height: float
    words: list[Word]


def words(pdf: Path) -> list[Page]:
    """Every page's words with their boxes, in displayed coordinates (y from the top)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for match in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        found = [
            Word(m[5], *(float(v) for v in m.groups()[:4]))
            for m in re.finditer(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)'
                r"</word>",
                match[3],
            )
        ]
        pages.append(Page(float(match[1]), float(match[2]), found))
    return pages


def blank_pdf(width: float = 595, height: float = 842, password: str | None = None) -> bytes:
    """A one-page PDF with nothing on its page, tagged as a Word export is (a structure tree
    with its /Document), so `check` has nothing to say about it but what a test is about."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject

    writer = PdfWriter()
    writer.add_blank_page(width, height)
    document = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                NameObject("/K"): ArrayObject(),
            }
        )
    )
    root = writer._add_object(
        DictionaryObject(
            {NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/K"): document}
        )
    )
    document.get_object()[NameObject("/P")] = root
    writer._root_object[NameObject("/StructTreeRoot")] = root
    writer._root_object[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )
    if password:
        writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
