"""What in a paper only its author can make accessible (shared/DESIGN.md, "Every page
readable"): a picture without alternative text, a font without a Unicode mapping or not
embedded, a table without header cells, a document without a title.

`check` warns of each, naming the page where it can and what to do in Word or the program
that made the PDF, and the site's accessibility page lists them for every public paper.
A Word file is read itself (a picture's `descr` or `title`, a table's header rows, its
core title), and so is a Writer document (.odt), not the PDF LibreOffice makes of them; a
PDF is read through its tags, fonts and metadata. An old Word (.doc) or RTF file is not
read: it is binary, or would need its own parser, and they are rare.
Cheap: no LibreOffice, and what was found is remembered by the file's size and times.
"""

from __future__ import annotations

import contextlib
import functools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from agendapack.pdf.marked import drawn_in, marks_of, page_glyphs, words
from agendapack.pdf.ocr import scanned_pages
from agendapack.pdf.opening import entries
from agendapack.store import current

if TYPE_CHECKING:
    import pikepdf

    from agendapack.pdf.fonts import DrawnCodes

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_V = "{urn:schemas-microsoft-com:vml}"
_OFF = {"0", "false", "off"}


@dataclass(frozen=True)
class Finding:
    """One kind of fault in a paper, with the pages it is on (empty when not known)."""

    kind: str  # "picture", "table", "tags", "font", "embedded", "encoding", "scan", "title"
    count: int = 1
    pages: tuple[int, ...] = ()
    names: tuple[str, ...] = ()  # the fonts, for "font", "embedded" and "encoding"

    def where(self) -> str:
        pages = sorted(set(self.pages))
        if not pages:
            return ""
        if len(pages) == 1:
            return f" on page {pages[0]}"
        return f" on pages {', '.join(map(str, pages[:-1]))} and {pages[-1]}"

    def what(self) -> str:
        """The fault, as a sentence's object: "2 pictures without alternative text on
        pages 2 and 3"."""
        many = self.count > 1
        named = ", ".join(self.names)
        if self.kind == "picture":
            noun = f"{self.count} pictures" if many else "a picture"
            return f"{noun} without alternative text{self.where()}"
        if self.kind == "table":
            noun = f"{self.count} tables" if many else "a table"
            return f"{noun} without header cells{self.where()}"
        if self.kind == "tags":
            noun = f"{self.count} tables or lists" if many else "a table or list"
            return f"{noun} whose tags are malformed{self.where()}"
        if self.kind == "font":
            noun = f"{self.count} fonts" if many else "a font"
            return f"{noun} without Unicode mapping ({named}){self.where()}"
        if self.kind == "embedded":
            noun = f"{self.count} fonts" if many else "a font"
            return f"{noun} not embedded ({named}){self.where()}"
        if self.kind == "encoding":
            noun = f"{self.count} fonts" if many else "a font"
            return (
                f"{noun} whose characters are named in a way PDF/UA-1 does not accept "
                f"({named}){self.where()}"
            )
        if self.kind == "scan":
            noun = f"{self.count} scanned pages" if many else "a scanned page"
            return f"{noun}, read by OCR,{self.where()}"
        return "no title"

    def advice(self, word: bool, writer: bool = False, program: str = "") -> str:
        """What the author does about it, in Word (in Writer, for a `writer` document; in
        the `program` of a workbook or presentation) or in the program that made the PDF."""
        if program in ("Excel", "PowerPoint") and self.kind == "picture":
            return (
                f"in {program}, right-click each picture, choose View Alt Text and describe "
                "it (or tick Mark as decorative)"
            )
        if program in ("Calc", "Impress") and self.kind == "picture":
            return (
                f"in {program}, right-click each picture, choose Description and give it a "
                "title and a description"
            )
        if writer and self.kind == "picture":
            return (
                "in Writer, right-click each picture, choose Properties > Options and "
                "give it a Text Alternative"
            )
        if writer and self.kind == "table":
            return "in Writer, choose Table Properties > Text Flow and tick Repeat heading"
        if writer and self.kind == "title":
            return "in Writer, fill in File > Properties > Description > Title and save it"
        if self.kind == "picture":
            if word:
                return (
                    "in Word, right-click each picture, choose View Alt Text and describe it "
                    "(or tick Mark as decorative)"
                )
            return (
                "ask its author to describe each picture in the program it was made in and "
                "export it again as a tagged PDF (in Acrobat: Accessibility > Set Alternate Text)"
            )
        if self.kind == "table":
            if word:
                return (
                    "in Word, select the table's first row and choose Table Layout > "
                    "Repeat Header Rows"
                )
            return (
                "ask its author to mark each table's header row in the program it was made "
                "in and export it again as a tagged PDF"
            )
        if self.kind == "tags":
            return (
                "a screen reader cannot tell its rows, cells or items apart; ask its author "
                "to mend its tags (in Acrobat: Accessibility > Reading Order, or the Tags "
                "panel) or export it again as a tagged PDF"
            )
        if self.kind == "scan":
            return (
                "ask its author for the original file, not a scan of it, so that a screen "
                "reader gets its words exactly (OCR misreads some)"
            )
        if self.kind == "encoding":
            return (
                "ask its author to export it again as PDF/UA or PDF/A from the program it "
                "was made in"
            )
        if self.kind in ("font", "embedded"):
            return (
                "ask its author to export it again with all fonts embedded (in Word: "
                "File > Options > Save > Embed fonts in the file, then Save as PDF)"
            )
        if word:
            return "in Word, fill in File > Info > Properties > Title and save it again"
        return (
            "ask its author to give it a title in the program it was made in (in Word: "
            "File > Info > Properties > Title) and export it again"
        )

    def warning(self, word: bool, writer: bool = False, program: str = "") -> str:
        """The rest of a warning that starts with the paper's name."""
        return f"has {self.what()}: {self.advice(word, writer, program)}"


def findings(path: Path, *, titles: bool = False) -> list[Finding]:
    """What only its author can mend in the paper at `path`; nothing for a file that cannot
    be read (`check` says so already) or a kind of file it cannot look into.

    A missing title is left out unless `titles` is asked for: the pack carries the
    agenda's title, so for most papers it is no fault of what is published, and `check`
    would say it of nearly every paper."""
    try:
        signature = _signature(path)
    except OSError:
        return []
    # remembered between runs (build/.cache/): a check with nothing new opens no PDF again
    known = current().access.get(str(path.resolve()))
    if known and known[: len(signature)] == signature:
        found = [Finding(k, c, tuple(p), tuple(n)) for k, c, p, n in known[len(signature)]]
    else:
        found = _remember(path, signature, lambda: _read(path))
    return [f for f in found if titles or f.kind != "title"]


def remember_opened(pdf: pikepdf.Pdf, path: Path) -> None:
    """Find what `findings` would in a PDF the check has open already, so that it is
    not opened again."""
    with contextlib.suppress(OSError):
        _remember(path, _signature(path), lambda: list(_opened_pdf_findings(pdf, path)))


# Raised when what is found changes, so that a cache an older agendapack wrote is read
# again: 2, a picture drawn as words is the pack's to describe, no fault of its author;
# 3, scanned pages are found; 4, a Word file's older (VML) pictures are read too; 5, a
# tagged PDF's malformed tables and lists are found; 6, a Word picture's title is its
# alternative text, Strict Open XML files are read, and Writer (.odt) documents; 7, Word's
# decorative mark taken off again (val="0") is no mark; 8, a TrueType font whose
# characters are named outside PDF's Latin character set; 9, a list item whose kids are
# all elements is not malformed (collation gives it its body: pdf/mend.py); 10, the
# pictures of workbooks and presentations.
_READING = 10


def _signature(path: Path) -> list[int]:
    status = path.stat()
    return [status.st_mtime_ns, status.st_size, status.st_ctime_ns, status.st_ino, _READING]


def _remember(path: Path, signature: list[int], read) -> list[Finding]:
    found: list[Finding] = []
    with contextlib.suppress(Exception):  # a damaged file is `paper_problem`'s to name
        found = read()
    encoded = [[f.kind, f.count, list(f.pages), list(f.names)] for f in found]
    current().access.put(str(path.resolve()), [*signature, encoded])
    return found


def _read(path: Path) -> list[Finding]:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return list(_word_findings(path))
    if suffix == ".odt":
        return list(_writer_findings(path))
    if suffix == ".pdf":
        return list(_pdf_findings(path))
    if suffix in (".pptx", ".xlsx", ".ods", ".odp"):
        return list(_sheet_and_slide_findings(path, suffix))
    return []


# -- spreadsheets and slides -------------------------------------------------------------

_PML = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_and_slide_findings(path: Path, suffix: str) -> Iterator[Finding]:
    """A workbook's or a presentation's pictures without alternative text, which
    LibreOffice makes figures without /Alt: a slide's with the page of the pack's copy it
    is on (a slide a page, hidden slides left out as the export leaves them), a sheet's
    without (its pages are the print set-up's). Its tables are sheets, not a reader's
    tables, and its title is the agenda's: neither is said."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if suffix == ".pptx":
            pages = [
                page
                for page, part in enumerate(_shown_slides(archive, names), start=1)
                for picture in ElementTree.fromstring(archive.read(part)).iter(f"{_PML}pic")
                if not _described(picture.find(f"{_PML}nvPicPr/{_PML}cNvPr"))
            ]
            if pages:
                yield Finding("picture", len(pages), tuple(pages))
            return
        if suffix == ".xlsx":
            count = sum(
                not _described(picture.find(f"{_XDR}nvPicPr/{_XDR}cNvPr"))
                for name in sorted(names)
                if name.startswith("xl/drawings/") and name.endswith(".xml")
                for picture in ElementTree.fromstring(archive.read(name)).iter(f"{_XDR}pic")
            )
        else:
            body = ElementTree.fromstring(archive.read("content.xml"))
            count = sum(
                frame.find(f"{_DRAW}image") is not None
                and not any(
                    "".join(e.itertext()).strip()
                    for e in (*frame.findall(f"{_SVG}title"), *frame.findall(f"{_SVG}desc"))
                )
                and (frame.get(f"{_LOEXT}decorative") or "").lower() != "true"
                for frame in body.iter(f"{_DRAW}frame")
            )
    if count:
        yield Finding("picture", count)


def _described(properties: ElementTree.Element | None) -> bool:
    """Whether a DrawingML picture has a description or title, or is marked decorative."""
    if properties is None:
        return True  # not a picture this reading knows: nothing said of it
    if any((properties.get(key) or "").strip() for key in ("descr", "title")):
        return True
    return any(
        e.tag.endswith("}decorative") and (e.get("val") or "1").lower() not in _OFF
        for e in properties.iter()
    )


def _shown_slides(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    """The parts of a presentation's slides in its order, but those hidden (`show="0"`)."""
    order = ElementTree.fromstring(archive.read("ppt/presentation.xml"))
    targets = {
        rel.get("Id"): "ppt/" + (rel.get("Target") or "").removeprefix("/ppt/").lstrip("/")
        for rel in ElementTree.fromstring(archive.read("ppt/_rels/presentation.xml.rels"))
        if rel.tag == f"{_PACKAGE_REL}Relationship"
    }
    shown = []
    for slide in order.iter(f"{_PML}sldId"):
        part = targets.get(slide.get(f"{_REL}id"))
        if part in names and ElementTree.fromstring(archive.read(part)).get("show") != "0":
            shown.append(part)
    return shown


# -- Word -------------------------------------------------------------------------------

_OFFICE_DOCUMENT = re.compile(
    rb'<Relationship\b[^>]*Type="http://(?:schemas\.openxmlformats\.org/officeDocument/2006'
    rb'|purl\.oclc\.org/ooxml/officeDocument)/relationships/officeDocument"[^>]*>'
)
_TARGET = re.compile(rb'\bTarget="/?([^"]+)"')


def word_body(archive: zipfile.ZipFile) -> str:
    """The name of a Word file's main part: word/document.xml as Word writes it, but
    whatever the package's relationships say (Word for the web, as councils' SharePoint
    has it, writes word/document2.xml)."""
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        with contextlib.suppress(KeyError, OSError, ValueError, zipfile.BadZipFile):
            for relationship in _OFFICE_DOCUMENT.findall(archive.read("_rels/.rels")):
                target = _TARGET.search(relationship)
                if target and target[1].decode("utf-8", "replace") in names:
                    return target[1].decode("utf-8", "replace")
    return "word/document.xml"


# "Strict Open XML" (Word's Save As > Strict Open XML Document) names the same elements
# and attributes in namespaces of its own: read as the ones Word usually writes.
_STRICT = {
    "http://purl.oclc.org/ooxml/wordprocessingml/main": _W[1:-1],
    "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": _WP[1:-1],
}


def transitional(root: ElementTree.Element) -> ElementTree.Element:
    """A part of a Strict Open XML file with the names of a part Word usually writes (the
    part itself, changed in place); any other part as it is."""
    if not root.tag.startswith("{http://purl.oclc.org/"):
        return root
    names: dict[str, str] = {}

    def name(tag: str) -> str:
        found = names.get(tag)
        if found is None:
            uri, _, local = tag[1:].partition("}")
            found = names[tag] = f"{{{_STRICT[uri]}}}{local}" if uri in _STRICT else tag
        return found

    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = name(element.tag)
        for key in [k for k in element.attrib if k.startswith("{")]:
            element.attrib[name(key)] = element.attrib.pop(key)
    return root


def _word_findings(path: Path) -> Iterator[Finding]:
    with zipfile.ZipFile(path) as archive:
        body = transitional(ElementTree.fromstring(archive.read(word_body(archive))))
        try:
            core = ElementTree.fromstring(archive.read("docProps/core.xml"))
        except KeyError:
            core = None
    pictures: list[int] = []
    tables: list[int] = []
    for page, element in _paged(body):
        if element.tag == f"{_WP}docPr":
            # Word's mark taken off again is val="0", as the PDF and web page read it
            decorative = any(
                e.tag.endswith("}decorative") and (e.get("val") or "1").lower() not in _OFF
                for e in element.iter()
            )
            # a description, or failing one a title (Word's older Alt Text had both, and
            # files still carry only the title): LibreOffice gives the PDF's figure either,
            # and the web page's picture too (mammoth)
            described = any((element.get(key) or "").strip() for key in ("descr", "title"))
            if not described and not decorative:
                pictures.append(page)
        elif element.tag == f"{_V}shape" and element.find(f"{_V}imagedata") is not None:
            # a picture as Word wrote them before 2007, and still writes an embedded
            # object's (a spreadsheet, a document shown as its icon): its alt text is the
            # shape's `alt`
            if not (element.get("alt") or "").strip():
                pictures.append(page)
        elif element.tag == f"{_W}tbl" and not _word_table_has_header(element):
            tables.append(page)
    if pictures:
        yield Finding("picture", len(pictures), tuple(pictures))
    if tables:
        yield Finding("table", len(tables), tuple(tables))
    title = core.find(f"{_DC}title") if core is not None else None
    if title is None or not (title.text or "").strip():
        yield Finding("title")


def _paged(body: ElementTree.Element) -> Iterator[tuple[int, ElementTree.Element]]:
    """Every element of word/document.xml in order, with the page it is on as Word last
    laid the document out: its page breaks, those it rendered (`w:lastRenderedPageBreak`)
    and section breaks that start a new page. A file Word never laid out (one a program
    wrote) has only its hard breaks, and so the page may come early."""
    page, since = 1, False
    for element in body.iter():
        tag = element.tag
        if tag == f"{_W}br" and element.get(f"{_W}type") == "page":
            page, since = page + 1, False
        elif tag == f"{_W}lastRenderedPageBreak" or tag == f"{_W}pageBreakBefore":
            if tag == f"{_W}pageBreakBefore" and element.get(f"{_W}val", "1").lower() in _OFF:
                continue
            if since:
                page, since = page + 1, False
        elif tag == f"{_W}t" and (element.text or "").strip():
            since = True
        elif tag == f"{_WP}docPr":
            since = True
            yield page, element
            continue
        elif tag == f"{_W}pPr":
            section = element.find(f"{_W}sectPr")
            kind = section.find(f"{_W}type") if section is not None else None
            if section is not None and (kind is None or kind.get(f"{_W}val") != "continuous"):
                # the section ends with this paragraph: the next starts a page
                yield page, element
                page, since = page + 1, False
                continue
        yield page, element


def _word_table_has_header(table: ElementTree.Element) -> bool:
    rows = table.findall(f"{_W}tr")
    cells = max((len(r.findall(f"{_W}tc")) for r in rows), default=0)
    if len(rows) < 2 or cells < 2:
        return True  # a row or a column lays things out: nothing to head
    header = rows[0].find(f"{_W}trPr/{_W}tblHeader")
    return header is not None and header.get(f"{_W}val", "1").lower() not in _OFF


# -- OpenDocument (Writer) --------------------------------------------------------------

_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_LOEXT = "{urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0}"


def _writer_findings(path: Path) -> Iterator[Finding]:
    """The same of a Writer document: a picture's (or an embedded object's) frame without
    a title or a description, which LibreOffice gives the PDF's figure; a table without
    header rows (Table Properties > Text Flow > Repeat heading). Writer keeps no page
    breaks it laid out, so no page is named."""
    with zipfile.ZipFile(path) as archive:
        body = ElementTree.fromstring(archive.read("content.xml"))
        try:
            meta = ElementTree.fromstring(archive.read("meta.xml"))
        except KeyError:
            meta = None
    pictures = tables = 0
    for frame in body.iter(f"{_DRAW}frame"):
        drawn = frame.find(f"{_DRAW}image") is not None or frame.find(f"{_DRAW}object") is not None
        described = any(
            "".join(e.itertext()).strip()
            for e in (*frame.findall(f"{_SVG}title"), *frame.findall(f"{_SVG}desc"))
        )
        decorative = (frame.get(f"{_LOEXT}decorative") or "").lower() == "true"
        if drawn and not described and not decorative:
            pictures += 1
    for table in body.iter(f"{_TABLE}table"):
        rows = list(table.iter(f"{_TABLE}table-row"))
        cells = max((len(r.findall(f"{_TABLE}table-cell")) for r in rows), default=0)
        if len(rows) >= 2 and cells >= 2 and table.find(f"{_TABLE}table-header-rows") is None:
            tables += 1
    if pictures:
        yield Finding("picture", pictures)
    if tables:
        yield Finding("table", tables)
    title = meta.find(f".//{_DC}title") if meta is not None else None
    if title is None or not (title.text or "").strip():
        yield Finding("title")


# -- PDF --------------------------------------------------------------------------------


def _pdf_findings(path: Path) -> list[Finding]:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return list(_opened_pdf_findings(pdf, path))


def _opened_pdf_findings(pdf: pikepdf.Pdf, path: Path) -> Iterator[Finding]:
    import pikepdf

    numbers = {page.obj.objgen: index + 1 for index, page in enumerate(pdf.pages)}
    root = pdf.Root.get("/StructTreeRoot")
    if isinstance(root, pikepdf.Dictionary):
        figures: list[tuple[pikepdf.Dictionary, int]] = []
        tables: list[int] = []
        malformed: list[int] = []
        role = _role_map(root)
        for element, page in _elements(root, numbers):
            kind = element.get("/S")
            if kind == "/Figure" and not _has_text(element, "/Alt", "/ActualText"):
                figures.append((element, page))
            elif kind == "/Table" and not _has_header(element):
                tables.append(page)
            if _malformed(element, role):
                malformed.append(page)
        pictures = _undescribed(figures, numbers, path)
        if pictures:
            yield Finding("picture", len(pictures), tuple(p for p in pictures if p))
        if tables:
            yield Finding("table", len(tables), tuple(p for p in tables if p))
        if malformed:
            yield Finding("tags", len(malformed), tuple(p for p in malformed if p))
    yield from _font_findings(pdf)
    scans = scanned_pages(pdf)
    if scans:
        yield Finding("scan", len(scans), tuple(scans))
    if not _pdf_title(pdf):
        yield Finding("title")


def _undescribed(
    figures: list[tuple[pikepdf.Dictionary, int]], numbers: dict[tuple[int, int], int], path: Path
) -> list[int]:
    """The pages of the pictures without alternative text that the pack cannot describe: a
    picture drawn as words is given them (pdf/mend.py), a photograph is the author's."""
    if not figures:
        return []
    pages = {objgen: number - 1 for objgen, number in numbers.items()}
    marks = [list(marks_of(figure)) for figure, _ in figures]
    wanted = {pages[page] for found in marks for page, _ in found if page in pages}
    glyphs = page_glyphs(path, wanted) if wanted else {}
    return [
        page
        for (_, page), found in zip(figures, marks, strict=True)
        if not words(drawn_in(found, pages, glyphs))
    ]


def _has_text(element: pikepdf.Dictionary, *keys: str) -> bool:
    return any(str(element.get(key, "")).strip() for key in keys)


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    import pikepdf

    kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _elements(
    root: pikepdf.Dictionary, numbers: dict[tuple[int, int], int]
) -> Iterator[tuple[pikepdf.Dictionary, int]]:
    """Every structure element under `root` with its page (0 when it names none)."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    stack: list[tuple[pikepdf.Object, int]] = [(kid, 0) for kid in reversed(_kids(root))]
    while stack:
        element, page = stack.pop()
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            continue
        if element.is_indirect:
            if element.objgen in seen:  # a loop in a damaged tree
                continue
            seen.add(element.objgen)
        own = element.get("/Pg")
        if isinstance(own, pikepdf.Dictionary):
            page = numbers.get(own.objgen, page)
        if not page:
            page = _first_page(element, numbers)
        yield element, page
        stack.extend((kid, page) for kid in reversed(_kids(element)))


def _first_page(element: pikepdf.Dictionary, numbers: dict[tuple[int, int], int]) -> int:
    import pikepdf

    for kid in _kids(element)[:8]:
        if isinstance(kid, pikepdf.Dictionary):
            own = kid.get("/Pg")
            if isinstance(own, pikepdf.Dictionary) and own.objgen in numbers:
                return numbers[own.objgen]
    return 0


def _role_map(root: pikepdf.Dictionary) -> dict[str, str]:
    """The standard role each role of the paper's role map stands for, as far as a chain
    of a few steps leads; a standard role is itself."""
    import pikepdf

    mapped: dict[str, str] = {}
    role_map = root.get("/RoleMap")
    if isinstance(role_map, pikepdf.Dictionary):
        for key, value in entries(role_map):
            if isinstance(value, pikepdf.Name):
                mapped[key] = str(value)
    return mapped


def _standard(element: pikepdf.Object | None, role_map: dict[str, str]) -> str:
    import pikepdf

    kind = element.get("/S") if isinstance(element, pikepdf.Dictionary) else None
    if not isinstance(kind, pikepdf.Name):
        return ""
    try:
        name = str(kind)
    except UnicodeDecodeError:
        return ""
    for _ in range(8):
        if name in _TABLE_ROLES or name not in role_map:
            break
        name = role_map[name]
    return name


# What PDF/UA-1 (ISO 32000-1, 14.8.4.3) lets a table, its rows and a list item hold.
_TABLE_ROLES = {"/Table", "/TR", "/TH", "/TD", "/THead", "/TBody", "/TFoot", "/LI", "/L"}
_HOLDS = {
    "/Table": {"/TR", "/THead", "/TBody", "/TFoot", "/Caption"},
    "/THead": {"/TR"},
    "/TBody": {"/TR"},
    "/TFoot": {"/TR"},
    "/TR": {"/TH", "/TD"},
    "/LI": {"/Lbl", "/LBody"},
}


def _malformed(element: pikepdf.Dictionary, role_map: dict[str, str]) -> bool:
    """Whether a table, a part of one or a list item is tagged so that a screen reader
    cannot read it as one: holding what it may not, a row group outside a table, or rows
    of different widths (their cells' /RowSpan and /ColSpan counted)."""
    import pikepdf

    role = _standard(element, role_map)
    if role not in _HOLDS:
        return False
    kids = [k for k in _kids(element) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
    if role == "/LI" and len(kids) == len(_kids(element)):
        # its kids elements all: collation puts those no label in an /LBody
        # (pdf/mend.py, `_give_body`)
        return False
    if any(_standard(kid, role_map) not in _HOLDS[role] for kid in kids):
        return True
    if role in ("/THead", "/TBody", "/TFoot"):
        return _standard(element.get("/P"), role_map) != "/Table"
    if role == "/Table":
        rows: list[pikepdf.Dictionary] = []
        for kid in kids:
            if _standard(kid, role_map) == "/TR":
                rows.append(kid)
            elif _standard(kid, role_map) in ("/THead", "/TBody", "/TFoot"):
                rows += [r for r in _kids(kid) if isinstance(r, pikepdf.Dictionary)]
        return not _even(rows)
    return False


def _even(rows: list[pikepdf.Dictionary]) -> bool:
    """Whether every row of a table spans as many columns, and no cell runs past its
    last row."""
    import pikepdf

    taken: set[tuple[int, int]] = set()
    for number, row in enumerate(rows):
        column = 0
        for cell in _kids(row):
            if not isinstance(cell, pikepdf.Dictionary) or "/S" not in cell:
                continue
            while (number, column) in taken:
                column += 1
            down, across = _span(cell, "/RowSpan"), _span(cell, "/ColSpan")
            if number + down > len(rows):
                return False
            taken |= {(number + r, column + c) for r in range(down) for c in range(across)}
            column += across
    widths = {sum(1 for r, _ in taken if r == number) for number in range(len(rows))}
    return len(widths) <= 1


def _span(cell: pikepdf.Dictionary, key: str) -> int:
    import pikepdf

    attributes = cell.get("/A")
    for held in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
        if isinstance(held, pikepdf.Dictionary) and isinstance(held.get(key), int):
            return max(1, min(int(held[key]), 1000))
    return 1


def _has_header(table: pikepdf.Dictionary) -> bool:
    import pikepdf

    stack = _kids(table)
    while stack:
        kid = stack.pop()
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            if kid.get("/S") == "/TH":
                return True
            if kid.get("/S") != "/Table":  # a table inside has its own header
                stack.extend(_kids(kid))
    return False


# The standard 14 fonts every PDF reader has, whose text maps to Unicode by their names:
# a screen reader reads them embedded or not.
_STANDARD_FONTS = {
    f"{family}{style}"
    for family, styles in (
        ("Helvetica", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Courier", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Times", ("-Roman", "-Bold", "-Italic", "-BoldItalic")),
        ("Symbol", ("",)),
        ("ZapfDingbats", ("",)),
    )
    for style in styles
}
_NUMBERED_GLYPH = re.compile(r"(?!uni[0-9A-F]{4}|u[0-9A-F]{4,6}$)[A-Za-z]{0,5}\d+$")
_STANDARD_ENCODINGS = {"/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding"}


def _font_findings(pdf: pikepdf.Pdf) -> Iterator[Finding]:
    from agendapack.pdf.fonts import DrawnCodes

    unmapped: dict[str, list[int]] = {}
    bare: dict[str, list[int]] = {}
    misnamed: dict[str, list[int]] = {}
    judged: dict[tuple[int, int], tuple[str, bool, bool, bool]] = {}
    drawn = DrawnCodes([page.obj for page in pdf.pages])  # read only if a font needs it
    for number, page in enumerate(pdf.pages, start=1):
        for font in _page_fonts(page.obj, set()):
            key = font.objgen if font.is_indirect else (0, 0)
            verdict = judged.get(key) if key != (0, 0) else None
            if verdict is None:
                verdict = judged[key] = (*_judge_font(font, drawn), _latin_names(font))
            name, embedded, mapped, latin = verdict
            if not embedded:
                bare.setdefault(name, []).append(number)
            if not mapped:
                unmapped.setdefault(name, []).append(number)
            if not latin:
                misnamed.setdefault(name, []).append(number)
    for kind, fonts in (("font", unmapped), ("embedded", bare), ("encoding", misnamed)):
        if fonts:
            pages = tuple(sorted({p for found in fonts.values() for p in found}))
            yield Finding(kind, len(fonts), pages, tuple(sorted(fonts)))


def _judge_font(font: pikepdf.Dictionary, drawn: DrawnCodes) -> tuple[str, bool, bool]:
    """A font's name, whether it is embedded and whether its text maps to Unicode."""
    import pikepdf

    subtype = font.get("/Subtype")
    name = str(font.get("/BaseFont", "/unnamed"))[1:].split("+")[-1]
    if subtype == "/Type3" and "/BaseFont" not in font:
        name = "a Type 3 font"  # drawn by the PDF itself, which gives it no name
    if name in _STANDARD_FONTS and subtype in ("/Type1", "/TrueType"):
        return name, True, True
    descriptor = font.get("/FontDescriptor")
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        if isinstance(descendants, pikepdf.Array) and len(descendants):
            descriptor = descendants[0].get("/FontDescriptor")
    # a Type 3 font's glyphs are drawn by the PDF itself: always embedded; its codes
    # map to Unicode as a simple font's do (a ToUnicode CMap, or its glyphs' names)
    embedded = subtype == "/Type3" or (
        isinstance(descriptor, pikepdf.Dictionary)
        and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    )
    if "/ToUnicode" in font:
        stream = font.get("/ToUnicode")
        if _malformed_cmap(stream):
            return name, embedded, False
        # codes mapped to no character, which the clean copy leaves out of the map: a
        # fault only where the pages draw one (reportlab maps a subset's unused codes to
        # U+0000); in a composite font, whose drawn codes are not read here, always
        if subtype == "/Type3":
            # Ghostscript maps a Type 3 font's space alone when its other glyphs' names
            # are numbered: the codes the pages draw that the map leaves out read as
            # nothing (poppler guesses them as ASCII); read for Type 3 fonts alone, rare
            codes = drawn.codes(font)
            if codes is None or codes - _covered(stream):
                return name, embedded, False
        nothing = _no_character(stream)
        if nothing and subtype != "/Type0":
            codes = drawn.codes(font)
            return name, embedded, codes is not None and not nothing & codes
        return name, embedded, not nothing
    if subtype == "/Type0":
        # glyph numbers a reader cannot map, unless the clean copy maps them by the
        # embedded program's own cmap ("Microsoft Print to PDF", pdf/tounicode.py)
        from agendapack.pdf.tounicode import program_text

        return name, embedded, program_text(font) is not None
    encoding = font.get("/Encoding")
    if isinstance(encoding, pikepdf.Name) and str(encoding) in _STANDARD_ENCODINGS:
        return name, embedded, True
    if isinstance(encoding, pikepdf.Dictionary):
        # glyph names a reader knows ("a", "quoteright", "uni20AC") map to Unicode by
        # themselves (ISO 32000-1, 9.10.2); numbered ones ("g17", "cid42") do not, nor
        # names of a font's own outside the Adobe Glyph List (TeX's "circlecopyrt", the
        # circle of its copyright sign): a screen reader reads nothing for them
        differences = encoding.get("/Differences", pikepdf.Array())
        return (
            name,
            embedded,
            not any(
                isinstance(entry, pikepdf.Name) and _unknown_glyph(str(entry)[1:])
                for entry in differences
            ),
        )
    flags = descriptor.get("/Flags", 0) if isinstance(descriptor, pikepdf.Dictionary) else 0
    symbolic = isinstance(flags, int) and bool(flags & 4)
    # a font's own encoding, or a symbolic font's, says nothing of what its codes mean
    return name, embedded, encoding is None and not symbolic


def _latin_names(font: pikepdf.Dictionary) -> bool:
    """Whether an embedded TrueType font that is not symbolic names its characters, in its
    encoding's /Differences, only by the names of PDF's Latin character set (ISO 32000-1,
    Annex D.2), as PDF/UA-1 asks of it (7.21.6; its validator takes no other name, not
    even "uni0041" for "A"). A program that wrote such a font otherwise ("uni00A0" for a
    no-break space) must write it again: its page cannot be told apart by another name."""
    import pikepdf

    if font.get("/Subtype") != "/TrueType":
        return True
    descriptor = font.get("/FontDescriptor")
    if not isinstance(descriptor, pikepdf.Dictionary) or "/FontFile2" not in descriptor:
        return True
    flags = descriptor.get("/Flags", 0)
    if not isinstance(flags, int) or flags & 4:  # symbolic: its encoding is its own
        return True
    encoding = font.get("/Encoding")
    if not isinstance(encoding, pikepdf.Dictionary):
        return True
    differences = encoding.get("/Differences")
    if not isinstance(differences, pikepdf.Array):
        return True
    latin = _latin_set()
    return all(
        not isinstance(entry, pikepdf.Name) or str(entry)[1:] in latin for entry in differences
    )


@functools.cache
def _latin_set() -> frozenset[str]:
    from pdfminer.latin_enc import ENCODING

    return frozenset(str(row[0]) for row in ENCODING)


def _unknown_glyph(name: str) -> bool:
    """Whether a glyph name is one no reader maps to Unicode: numbered, or in no list."""
    from pdfminer.encodingdb import name2unicode

    if _NUMBERED_GLYPH.match(name):
        return True
    if name == ".notdef":
        return False
    try:
        return not name2unicode(name)
    except Exception:  # noqa: BLE001 (pdfminer's KeyError and its own errors alike)
        return True


# A bfrange of a ToUnicode CMap: its first and last codes and what the first maps to.
_BFRANGE = re.compile(rb"<([0-9A-Fa-f\s]*)>\s*<([0-9A-Fa-f\s]*)>\s*(<[0-9A-Fa-f\s]*>|\[)")
_BFRANGES = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f\s]*)>\s*<([0-9A-Fa-f\s]*)>")
_BFCHARS = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_NO_CHARACTER = {b"0000", b"FEFF", b"FFFE"}


def _malformed_cmap(stream: object) -> bool:
    """Whether a ToUnicode CMap has a range no reader can take as written (ISO 32000-1,
    9.10.3): first and last codes of different lengths, or differing before their last
    byte (Ubuntu's "<0000> <FFFF> <0000>", every glyph id taken for its character), or
    mapped to nothing ("<>"). Its codes read as no text or the wrong text. (Codes mapped
    to no character: `_no_character`.)"""
    import pikepdf

    if not isinstance(stream, pikepdf.Stream):
        return True
    try:
        data = stream.read_bytes()
    except pikepdf.PdfError:
        return True
    for block in _BFRANGES.finditer(data):
        for first, last, target in _BFRANGE.findall(block[1]):
            first, last = b"".join(first.split()), b"".join(last.split())
            if len(first) != len(last) or first[:-2].upper() != last[:-2].upper():
                return True
            if target != b"[" and not b"".join(target[1:-1].split()):
                return True
    return False


def _covered(stream: object) -> set[int]:
    """The one-byte codes a ToUnicode CMap maps (a simple font's)."""
    from agendapack.pdf.tounicode import cmap_bytes

    data = cmap_bytes(stream)
    if data is None:
        return set()
    found: set[int] = set()
    with contextlib.suppress(ValueError):
        for block in _BFCHARS.finditer(data):
            for code, _ in _BFCHAR.findall(block[1]):
                found.add(int(b"".join(code.split()) or b"0", 16))
        for block in _BFRANGES.finditer(data):
            for first, last, _ in _BFRANGE.findall(block[1]):
                low = int(b"".join(first.split()) or b"0", 16)
                high = int(b"".join(last.split()) or b"0", 16)
                found.update(range(low, min(high, 255) + 1))
    return found


def _no_character(stream: object) -> set[int]:
    """The codes a ToUnicode CMap maps to U+0000, U+FEFF or U+FFFE: no character (Word's
    Calibri subsets in pdf.js's bigboundingbox); code 0, the missing glyph, is never text."""
    from agendapack.pdf.tounicode import cmap_bytes

    data = cmap_bytes(stream)
    if data is None:
        return set()
    found: set[int] = set()
    for block in _BFCHARS.finditer(data):
        for code, target in _BFCHAR.findall(block[1]):
            digits = b"".join(code.split())
            if b"".join(target.split()).upper() not in _NO_CHARACTER:
                continue
            with contextlib.suppress(ValueError):
                if int(digits or b"0", 16):
                    found.add(int(digits, 16))
    return found


def _page_fonts(obj: pikepdf.Object, seen: set[tuple[int, int]]) -> Iterator[pikepdf.Dictionary]:
    """The fonts of a page or form XObject and of the forms it draws."""
    import pikepdf

    resources = obj.get("/Resources")
    if not isinstance(resources, pikepdf.Dictionary):
        return
    fonts = resources.get("/Font")
    if isinstance(fonts, pikepdf.Dictionary):
        for _, font in fonts.items():
            if isinstance(font, pikepdf.Dictionary):
                yield font
    forms = resources.get("/XObject")
    if isinstance(forms, pikepdf.Dictionary):
        for _, form in forms.items():
            if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form":
                if form.objgen in seen:
                    continue
                seen.add(form.objgen)
                yield from _page_fonts(form, seen)


def _pdf_title(pdf: pikepdf.Pdf) -> bool:
    import pikepdf

    info = pdf.trailer.get("/Info")
    if isinstance(info, pikepdf.Dictionary) and str(info.get("/Title", "")).strip():
        return True
    with contextlib.suppress(Exception):
        xmp = pdf.Root.Metadata.read_bytes()
        root = ElementTree.fromstring(xmp)
        for title in root.iter(f"{_DC}title"):
            if "".join(title.itertext()).strip():
                return True
    return False


# -- the site's accessibility page ------------------------------------------------------


def paper_faults(root: Path, source: str | None) -> list[str]:
    """What is not accessible in a published paper, one sentence each, for the site's
    accessibility page: `source` is its path in the workspace at `root` as the public
    manifest gives it (None for one agendapack made, which has nothing to say)."""
    if not source:
        return []
    path = root / source
    faults = []
    if path.suffix.lower() == ".pdf":
        from agendapack.errors import AgendapackError
        from agendapack.pdf.sanitise import is_tagged_pdf

        try:
            tagged = is_tagged_pdf(path, source)
        except (AgendapackError, OSError):
            return []
        if not tagged:
            faults.append(
                "It is not a tagged PDF: a screen reader cannot read it in order, "
                "nor tell its headings, lists and tables."
            )
    for finding in findings(path):
        what = finding.what()
        faults.append(f"{what[0].upper()}{what[1:]}.")
    return faults
