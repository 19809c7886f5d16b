"""PDFs as two programs councils' papers come from write them, made small but faithful with
pikepdf: hand-written content streams, fonts embedded as those programs embed them, and (for
Acrobat) a structure tree.

- `pdfmaker_table`: Acrobat PDFMaker's export of an Excel budget: one tagged /Table over
  several pages (/TR, /TH with /Scope, /TD), the header row repeated on each later page as a
  pagination artifact, a /RoleMap for its worksheet element and a /ClassMap of direct
  attribute dictionaries, simple TrueType fonts in WinAnsiEncoding, the document title in
  the XMP metadata (and /DisplayDocTitle), /Lang.
- `google_sheets`: Google Sheets' "Download as PDF": untagged, produced by Skia, Letter pages
  whose content is drawn in a flipped, top-down coordinate system, grid lines as thin filled
  rectangles, text in a Type0 (Identity-H) font with a /ToUnicode map.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

FONTS = Path(__file__).resolve().parent.parent / "src" / "agendapack" / "pdf" / "fonts"


def _font_file(name: str) -> tuple[bytes, dict]:
    described = json.loads((FONTS / "fonts.json").read_text(encoding="utf-8"))[name]
    return (FONTS / described["file"]).read_bytes(), described


def _truetype(pdf: pikepdf.Pdf, name: str, base: str) -> pikepdf.Object:
    """A simple TrueType font in WinAnsiEncoding, as PDFMaker embeds Calibri: a subset tag,
    widths for codes 32 to 255, the font program in /FontFile2."""
    data, described = _font_file(name)
    program = pdf.make_stream(data)
    program.Length1 = len(data)
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name(f"/{base}"),
        Flags=32 | (1 << 18 if described["bold"] else 0),
        FontBBox=Array(described["bbox"]),
        ItalicAngle=described["italic_angle"],
        Ascent=described["ascent"],
        Descent=described["descent"],
        CapHeight=described["cap_height"],
        StemV=80,
        FontFile2=program,
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.TrueType,
            BaseFont=Name(f"/{base}"),
            FirstChar=32,
            LastChar=255,
            Widths=Array(described["widths"]),
            Encoding=Name.WinAnsiEncoding,
            FontDescriptor=pdf.make_indirect(descriptor),
        )
    )


def _literal(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


# -- Acrobat PDFMaker, from Excel -------------------------------------------------------

PDFMAKER_TITLE = "Revenue budget monitoring 2024/25, period 9"
PDFMAKER_HEADER = ("Cost centre", "Service", "Budget", "Forecast", "Variance")
_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 9.1-c001 79.675d0f7">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   <xmp:CreateDate>2024-01-15T09:12:44Z</xmp:CreateDate>
   <xmp:CreatorTool>Acrobat PDFMaker 23 for Excel</xmp:CreatorTool>
   <xmp:ModifyDate>2024-01-15T09:12:51Z</xmp:ModifyDate>
   <xmp:MetadataDate>2024-01-15T09:12:51Z</xmp:MetadataDate>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>Finance Business Partner</rdf:li></rdf:Seq></dc:creator>
   <pdf:Producer>Adobe PDF Library 23.1.175</pdf:Producer>
   <xmpMM:DocumentID>uuid:3b0c1c7e-2f8e-4a53-9d0e-5d1f2b6c8a10</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:9a1f4d2b-7c3e-4e8f-b1a0-6e2d5c4b3a29</xmpMM:InstanceID>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def pdfmaker_rows(count: int) -> list[tuple[str, ...]]:
    services = ("Libraries", "Parks", "Leisure", "Highways", "Waste", "Housing")
    return [
        (
            f"CC{1000 + n}",
            services[n % len(services)],
            f"{(n + 3) * 1175:,}",
            f"{(n + 3) * 1190:,}",
            f"({(n + 3) * 15:,})" if n % 3 else f"{(n + 3) * 11:,}",
        )
        for n in range(count)
    ]


def pdfmaker_table(
    path: Path,
    rows: int = 100,
    per_page: int = 34,
    align: str = "End",
    class_lists: bool = False,
) -> Path:
    """The budget's rows over ceil(rows / per_page) A4 portrait pages, as PDFMaker tags an
    Excel range: /Document, a /Worksheet (mapped to /Sect), one /Table whose rows run on
    from page to page. `align` is the numbers' class's /TextAlign (two workbooks, two
    classes of one name); with `class_lists`, an element's /C is an array of class names,
    as the standard allows (ISO 32000-1, 14.7.5.2), not a name."""
    pdf = pikepdf.new()
    pdf.Root.Lang = String("en-GB")
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.docinfo = pdf.make_indirect(
        Dictionary(
            Title=String(PDFMAKER_TITLE),
            Author=String("Finance Business Partner"),
            Creator=String("Acrobat PDFMaker 23 for Excel"),
            Producer=String("Adobe PDF Library 23.1.175"),
            CreationDate=String("D:20240115091244Z"),
            ModDate=String("D:20240115091251Z"),
        )
    )
    metadata = pdf.make_stream(_XMP.replace("{title}", PDFMAKER_TITLE).encode("utf-8"))
    metadata.Type, metadata.Subtype = Name.Metadata, Name.XML
    pdf.Root.Metadata = metadata
    regular = _truetype(pdf, "LiberationSans", "BCDEEE+Calibri")
    bold = _truetype(pdf, "LiberationSans-Bold", "BCDFEE+Calibri-Bold")

    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root))
    sheet = pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name("/Worksheet"), P=document, T=String("Sheet1"))
    )
    table = pdf.make_indirect(
        Dictionary(
            Type=Name.StructElem,
            S=Name.Table,
            P=sheet,
            K=Array(),
            A=Dictionary(O=Name.Layout, Placement=Name.Block),
        )
    )
    document.K = Array([sheet])
    sheet.K = Array([table])
    root.K = Array([document])
    root.RoleMap = Dictionary(Worksheet=Name.Sect)
    # Acrobat writes the classes' attribute dictionaries directly in the ClassMap
    root.ClassMap = Dictionary(
        Number=Dictionary(O=Name.Layout, TextAlign=Name(f"/{align}")),
        Heading=Dictionary(O=Name.Layout, TextAlign=Name.Center),
    )
    nums = Array()
    links: list[pikepdf.Object] = []

    data = pdfmaker_rows(rows)
    widths = (70, 120, 90, 90, 90)
    lefts = [56 + sum(widths[:i]) for i in range(len(widths))]
    pages = (len(data) + per_page - 1) // per_page
    for number in range(pages):
        chunk = data[number * per_page : (number + 1) * per_page]
        page = pdf.add_blank_page(page_size=(595.32, 841.92))
        page.obj.Resources = Dictionary(Font=Dictionary(TT0=regular, TT1=bold))
        page.obj.StructParents = number
        page.obj.Tabs = Name.S
        out: list[bytes] = []
        parents = Array()
        # the running header and footer Excel prints, artifacts both
        out.append(
            b"/Artifact <</Type /Pagination /Subtype /Header>> BDC BT /TT0 1 Tf 9 0 0 9 56 800 Tm "
            + _literal(f"Budget monitoring, {PDFMAKER_TITLE[-8:]}")
            + b" Tj ET EMC"
        )
        out.append(
            b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC BT /TT0 1 Tf 9 0 0 9 280 30 Tm "
            + _literal(f"{number + 1} of {pages}")
            + b" Tj ET EMC"
        )
        top = 770.0
        lines = [(PDFMAKER_HEADER, True), *((row, False) for row in chunk)]
        for index, (cells, heading) in enumerate(lines):
            y = top - 18 * index
            # the cells' borders, drawn as PDFMaker draws gridlines: artifacts
            out.append(
                b"/Artifact BMC 0.75 0.75 0.75 RG 0.5 w "
                + f"{lefts[0]} {y - 4} {sum(widths)} 18 re S".encode()
                + b" EMC"
            )
            repeat = heading and number > 0  # Excel's print titles on each later page
            if repeat:
                out.append(b"/Artifact <</Type /Pagination>> BDC")
            else:
                row = pdf.make_indirect(
                    Dictionary(Type=Name.StructElem, S=Name.TR, P=table, K=Array())
                )
                table.K.append(row)
            for column, value in enumerate(cells):
                x = lefts[column] + 4
                font = b"/TT1" if heading else b"/TT0"
                show = (
                    b"BT "
                    + font
                    + b" 1 Tf 9 0 0 9 "
                    + f"{x} {y}".encode()
                    + b" Tm "
                    + _literal(value)
                    + b" Tj ET"
                )
                if repeat:
                    out.append(show)
                    continue
                mcid = len(parents)
                role = Name.TH if heading else Name.TD
                cell = pdf.make_indirect(
                    Dictionary(Type=Name.StructElem, S=role, P=row, Pg=page.obj, K=mcid)
                )
                if heading:
                    cell.A = Dictionary(O=Name.Table, Scope=Name.Column)
                    cell.C = Array([Name.Heading]) if class_lists else Name.Heading
                elif column >= 2:
                    cell.C = Array([Name.Number]) if class_lists else Name.Number
                row.K.append(cell)
                parents.append(cell)
                out.append(
                    role.unparse() + b" <</MCID " + str(mcid).encode() + b">> BDC " + show + b" EMC"
                )
            if repeat:
                out.append(b"EMC")
        if number == 0:
            links.append(_source_note(pdf, page, sheet, parents, out, key=pages))
        # Acrobat's pages come in more than one stream: the running header and footer first
        page.obj.Contents = Array(
            [
                pdf.make_stream(b"\n".join(out[:2]) + b"\n"),
                pdf.make_stream(b"\n".join(out[2:]) + b"\n"),
            ]
        )
        nums.append(number)
        nums.append(pdf.make_indirect(parents))
    # a number tree of two leaves, as Acrobat splits a long one: the pages', the link's
    root.ParentTree = pdf.make_indirect(
        Dictionary(
            Kids=Array(
                [
                    pdf.make_indirect(Dictionary(Limits=Array([0, pages - 1]), Nums=nums)),
                    pdf.make_indirect(
                        Dictionary(Limits=Array([pages, pages]), Nums=Array([pages, links[0]]))
                    ),
                ]
            )
        )
    )
    root.ParentTreeNextKey = pages + 1
    pdf.Root.StructTreeRoot = root
    pdf.save(path, min_version="1.6")
    return path


PDFMAKER_SOURCE = "https://www.example.gov.uk/budget-ledger"


def _source_note(
    pdf: pikepdf.Pdf,
    page: pikepdf.Page,
    sheet: pikepdf.Object,
    parents: pikepdf.Array,
    out: list[bytes],
    key: int,
) -> pikepdf.Object:
    """A paragraph under the table with a web address in it, a link as PDFMaker tags one:
    a /Link element holding the address's marked content and the annotation's /OBJR."""
    paragraph = pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.P, P=sheet, Pg=page.obj, K=Array())
    )
    sheet.K.append(paragraph)
    link = pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.Link, P=paragraph, Pg=page.obj, K=Array())
    )
    words, address = len(parents), len(parents) + 1
    paragraph.K.append(words)
    paragraph.K.append(link)
    link.K.append(address)
    parents.append(paragraph)
    parents.append(link)
    out.append(
        b"/P <</MCID "
        + str(words).encode()
        + b">> BDC BT /TT0 1 Tf 9 0 0 9 60 120 Tm (Source: the ledger at) Tj ET EMC"
    )
    out.append(
        b"/Link <</MCID "
        + str(address).encode()
        + b">> BDC BT /TT0 1 Tf 9 0 0 9 160 120 Tm "
        + _literal(PDFMAKER_SOURCE)
        + b" Tj ET EMC"
    )
    annotation = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Link,
            Rect=Array([158, 116, 330, 130]),
            Border=Array([0, 0, 0]),
            A=Dictionary(S=Name.URI, URI=String(PDFMAKER_SOURCE)),
            StructParent=key,
            Contents=String(PDFMAKER_SOURCE),
        )
    )
    page.obj.Annots = Array([annotation])
    link.K.append(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page.obj))
    return link


# -- Google Sheets, Download as PDF ------------------------------------------------------

SHEETS_TITLE = "Ward budgets 2024-25"


def _glyphs(font: bytes) -> dict[str, int]:
    """Each character's glyph id in a TrueType font, from its (3, 1) format 4 cmap."""
    tables = {}
    (count,) = struct.unpack(">H", font[4:6])
    for index in range(count):
        tag, _, offset, _ = struct.unpack(">4sIII", font[12 + 16 * index : 28 + 16 * index])
        tables[tag] = offset
    cmap = tables[b"cmap"]
    (subtables,) = struct.unpack(">H", font[cmap + 2 : cmap + 4])
    for index in range(subtables):
        platform, encoding, offset = struct.unpack(
            ">HHI", font[cmap + 4 + 8 * index : cmap + 12 + 8 * index]
        )
        start = cmap + offset
        if (platform, encoding) != (3, 1) or struct.unpack(">H", font[start : start + 2])[0] != 4:
            continue
        segments = struct.unpack(">H", font[start + 6 : start + 8])[0] // 2
        ends = struct.unpack(f">{segments}H", font[start + 14 : start + 14 + 2 * segments])
        base = start + 16 + 2 * segments
        starts = struct.unpack(f">{segments}H", font[base : base + 2 * segments])
        deltas = struct.unpack(f">{segments}h", font[base + 2 * segments : base + 4 * segments])
        ranges_at = base + 4 * segments
        ranges = struct.unpack(f">{segments}H", font[ranges_at : ranges_at + 2 * segments])
        found = {}
        for segment in range(segments):
            for code in range(starts[segment], ends[segment] + 1):
                if code == 0xFFFF:
                    continue
                if ranges[segment] == 0:
                    glyph = (code + deltas[segment]) & 0xFFFF
                else:
                    at = ranges_at + 2 * segment + ranges[segment] + 2 * (code - starts[segment])
                    glyph = struct.unpack(">H", font[at : at + 2])[0]
                    glyph = (glyph + deltas[segment]) & 0xFFFF if glyph else 0
                if glyph:
                    found[chr(code)] = glyph
        return found
    raise ValueError("no (3, 1) format 4 cmap")


def _type0(pdf: pikepdf.Pdf, name: str, base: str) -> tuple[pikepdf.Object, dict[str, int]]:
    """A Type0 font as Skia embeds one: Identity-H, a CIDFontType2 descendant with the
    glyph ids as CIDs, /W widths and a /ToUnicode map."""
    data, described = _font_file(name)
    glyphs = _glyphs(data)
    program = pdf.make_stream(data)
    program.Length1 = len(data)
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name(f"/{base}"),
        Flags=4,
        FontBBox=Array(described["bbox"]),
        ItalicAngle=0,
        Ascent=described["ascent"],
        Descent=described["descent"],
        CapHeight=described["cap_height"],
        StemV=0,
        FontFile2=program,
    )
    widths = Array()
    mapping = []
    for code in range(32, 256):
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        if char in glyphs:
            widths.append(glyphs[char])
            widths.append(Array([described["widths"][code - 32]]))
            mapping.append(f"<{glyphs[char]:04X}> <{ord(char):04X}>")
    cmap = "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<0000> <FFFF>",
            "endcodespacerange",
            *(
                line
                for start in range(0, len(mapping), 100)
                for line in (
                    f"{len(mapping[start : start + 100])} beginbfchar",
                    *mapping[start : start + 100],
                    "endbfchar",
                )
            ),
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )
    descendant = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType2,
        BaseFont=Name(f"/{base}"),
        CIDSystemInfo=Dictionary(
            Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0
        ),
        FontDescriptor=pdf.make_indirect(descriptor),
        W=widths,
        DW=0,
        CIDToGIDMap=Name.Identity,
    )
    font = Dictionary(
        Type=Name.Font,
        Subtype=Name.Type0,
        BaseFont=Name(f"/{base}"),
        Encoding=Name("/Identity-H"),
        DescendantFonts=Array([pdf.make_indirect(descendant)]),
        ToUnicode=pdf.make_stream(cmap.encode()),
    )
    return pdf.make_indirect(font), glyphs


SHEETS_LINK = "https://www.example.gov.uk/wards/ward00"
SHEETS_HEADER = ("Ward", "Councillor fund", "Spent", "Remaining")


def sheets_rows(count: int) -> list[tuple[str, ...]]:
    return [
        (f"Ward{n:02d}", f"£{10000 + 250 * n:,}", f"£{3000 + 175 * n:,}", f"£{7000 + 75 * n:,}")
        for n in range(count)
    ]


def google_sheets(path: Path, rows: int = 70, per_page: int = 40) -> Path:
    """The sheet's rows over Letter pages, as Skia draws them: y running down the page."""
    pdf = pikepdf.new()
    pdf.docinfo = pdf.make_indirect(
        Dictionary(
            Title=String(SHEETS_TITLE), Producer=String("Skia/PDF m131 Google Docs Renderer")
        )
    )
    font, glyphs = _type0(pdf, "LiberationSans", "AAAAAA+ArialMT")
    bold, bold_glyphs = _type0(pdf, "LiberationSans-Bold", "BAAAAA+Arial-BoldMT")
    state = pdf.make_indirect(Dictionary(Type=Name.ExtGState, ca=1, CA=1, BM=Name.Normal))

    def shown(text: str, table: dict[str, int]) -> bytes:
        return b"<" + "".join(f"{table[c]:04X}" for c in text).encode() + b">"

    data = [SHEETS_HEADER, *sheets_rows(rows)]
    body = data[1:]
    widths = (100, 120, 100, 100)
    lefts = [30 + sum(widths[:i]) for i in range(len(widths))]
    for number in range((len(body) + per_page - 1) // per_page):
        chunk = (
            [SHEETS_HEADER, *body[number * per_page : (number + 1) * per_page]]
            if number == 0
            else body[number * per_page : (number + 1) * per_page]
        )
        page = pdf.add_blank_page(page_size=(612, 792))
        page.obj.Resources = Dictionary(
            Font=Dictionary(F4=font, F5=bold),
            ExtGState=Dictionary(G3=state),
            ProcSet=Array([Name.PDF, Name.Text]),
        )
        out = [b"1 0 0 -1 0 792 cm", b"q", b"/G3 gs"]
        # the grid: a hairline rectangle above each row and at the foot, and the columns
        height = 17 * len(chunk)
        for index in range(len(chunk) + 1):
            y = 30 + 17 * index
            out.append(f"0.8 0.8 0.8 rg {lefts[0]} {y} {sum(widths)} 0.75 re f".encode())
        for left in [*lefts, lefts[-1] + widths[-1]]:
            out.append(f"0.8 0.8 0.8 rg {left} 30 0.75 {height} re f".encode())
        out.append(b"0 0 0 rg")
        for index, cells in enumerate(chunk):
            heading = cells is SHEETS_HEADER
            y = 30 + 17 * index + 12
            for column, value in enumerate(cells):
                face, table = (b"/F5", bold_glyphs) if heading else (b"/F4", glyphs)
                out.append(
                    b"BT "
                    + face
                    + b" 10 Tf "
                    + f"1 0 0 -1 {lefts[column] + 3} {y} Tm ".encode()
                    + shown(value, table)
                    + b" Tj ET"
                )
        out.append(b"Q")
        page.obj.Contents = pdf.make_stream(b"\n".join(out) + b"\n")
        if number == 0:  # a cell's hyperlink: the first ward's page, in PDF's own y-up space
            y = 792 - (30 + 17 * 2)
            page.obj.Annots = Array(
                [
                    pdf.make_indirect(
                        Dictionary(
                            Type=Name.Annot,
                            Subtype=Name.Link,
                            Rect=Array([lefts[0], y, lefts[1], y + 17]),
                            Border=Array([0, 0, 0]),
                            A=Dictionary(S=Name.URI, URI=String(SHEETS_LINK)),
                        )
                    )
                ]
            )
    pdf.save(path)
    return path
