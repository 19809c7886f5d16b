"""PDFs made by the programs councils' papers come from, each by the real program: a
matplotlib chart (Type 3 fonts, and TrueType with pdf.fonttype 42), Ghostscript's pdfwrite
(ps2pdf of a PostScript letter, of a page in a Type 3 font of its own, and a PDF distilled
again, as a "print to PDF" driver does),
LibreOffice Calc (a workbook of several sheets, a landscape table over pages) and Impress
(16:9 slides with text boxes and a picture), reportlab (the standard 14 fonts, not
embedded; a table over pages in an embedded TrueType), fpdf2 (a core font and an embedded
TrueType), cairo (rsvg-convert of an SVG). One is built with pikepdf, as no program here
writes it: "Microsoft Print to PDF"'s Identity-H CID font with no /ToUnicode.

Each maker returns the words its paper's pages show, for the tests to look for in the pack;
`missing(maker)` says why a maker cannot run on this machine (its program not installed).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# Words each paper shows, invented but as a council's papers have them.
CHART_TITLE = "Children looked after per 10,000"
CHART_SERIES = ("Nottingham", "Statistical neighbours")
CHART_YEARS = ("2019", "2020", "2021", "2022", "2023")
LETTER_LINES = (
    "Dear Councillor Smith,",
    "Thank you for your letter about the Bulwell library opening hours.",
    "The consultation closes on 14 March and responses will be reported to committee.",
    "Yours sincerely,",
    "Director of Communities",
)
SHEETS = ("Summary", "Ward budgets", "Capital")
WARDS = tuple(f"Ward {n:02d} Aspley" for n in range(1, 61))
SLIDES = (
    ("Youth service review", "Findings and next steps"),
    ("What young people told us", "Open later on Fridays; more detached youth work"),
    ("Recommendations", "Pilot two evening hubs from September"),
)
REPORTLAB_LINES = (
    "Fostering recruitment update",
    "Enquiries rose by 12% in the quarter to December.",
    "Times-Roman paragraph: approvals panel met four times.",
    "Courier line: REF-2024-118",
)
REPORTLAB_TABLE_TITLE = "Ward budgets \u201c2024/25\u201d"
LINK = "https://www.nottinghamcity.gov.uk/fostering"
REPORTLAB_LINK_TEXT = "Find out more about fostering"
FPDF_LINK_TEXT = "See the appendix"
FPDF_OFF_PAGE = "Continued overleaf with the forecasts"
FPDF_LINES = ("School place planning", "Primary admissions 2025/26", "Café façade naïve €250")
CAIRO_LINES = ("Consultation timeline", "Stage one: January", "Stage two: March")
NO_TOUNICODE_LINES = (
    "Printed from Microsoft Word",
    "Safeguarding partnership annual report",
    "Multi-agency audits completed: 24",
)


def _run(*command: str, cwd: Path | None = None) -> None:
    subprocess.run(command, check=True, capture_output=True, cwd=cwd, timeout=120)


# -- matplotlib -------------------------------------------------------------------------


def matplotlib_chart(path: Path, fonttype: int = 3) -> list[str]:
    """A line chart with title, axes' labels and legend through matplotlib's PDF backend,
    two pages (PdfPages); its fonts Type 3 (the default) or TrueType (fonttype 42)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with matplotlib.rc_context({"pdf.fonttype": fonttype}), PdfPages(path) as pages:
        figure, axes = plt.subplots(figsize=(8, 5))
        axes.plot(CHART_YEARS, [83, 87, 90, 92, 95], label=CHART_SERIES[0])
        axes.plot(CHART_YEARS, [70, 72, 75, 76, 78], label=CHART_SERIES[1])
        axes.set_title(CHART_TITLE)
        axes.set_xlabel("Year ending March")
        axes.set_ylabel("Rate")
        axes.legend()
        pages.savefig(figure)
        plt.close(figure)
        figure, axes = plt.subplots(figsize=(8.27, 11.69))
        axes.bar(["Placements", "Residential", "Kinship"], [412, 96, 51])
        axes.set_title("Placement types, March 2024")
        pages.savefig(figure)
        plt.close(figure)
    return [
        CHART_TITLE,
        *CHART_SERIES,
        *CHART_YEARS,
        "Year ending March",
        "Placement types",
        "Kinship",
    ]


# -- Ghostscript ------------------------------------------------------------------------

_LETTER_PS = """%!PS-Adobe-3.0
%%Title: (Letter to Councillor Smith)
%%Pages: 2
%%EndComments
/Times-Roman findfont 12 scalefont setfont
{lines}
showpage
/Helvetica-Bold findfont 14 scalefont setfont
72 720 moveto (Appendix: opening hours) show
/Helvetica findfont 11 scalefont setfont
72 690 moveto (Monday to Friday 9am to 7pm; Saturday 10am to 4pm) show
showpage
%%EOF
"""


def ps2pdf_letter(path: Path) -> list[str]:
    """A PostScript letter in Times and Helvetica through ps2pdf with the /printer settings
    (as CUPS's and most "print to PDF" drivers distil): Ghostscript's pdfwrite embeds the
    fonts (URW's stand-ins) as Type1C (CFF) subsets."""
    lines = "\n".join(
        f"72 {720 - 20 * n} moveto ({line}) show" for n, line in enumerate(LETTER_LINES)
    )
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "letter.ps"
        source.write_text(_LETTER_PS.format(lines=lines), encoding="latin-1")
        _run("ps2pdf", "-dPDFSETTINGS=/printer", str(source), str(path))
    return [*LETTER_LINES, "Appendix: opening hours", "Saturday 10am to 4pm"]


_TYPE3_PS = """%!PS
/BoxFont 8 dict dup begin
  /FontType 3 def
  /FontMatrix [0.001 0 0 0.001 0 0] def
  /FontBBox [0 0 600 700] def
  /Encoding 256 array def
  0 1 255 {{ Encoding exch /.notdef put }} for
  Encoding 32 /space put
{encoding}
  /BuildChar {{ 600 0 0 0 500 700 setcachedevice pop
    50 0 moveto 450 0 lineto 450 650 lineto 50 650 lineto closepath fill }} def
end definefont pop
/BoxFont findfont 20 scalefont setfont
72 700 moveto ({text}) show
showpage
"""
TYPE3_TEXT = "Printed by the office copier"


def ps2pdf_type3(path: Path, numbered: bool = False) -> list[str]:
    """A PostScript page in a Type 3 font of its own (as a printer driver's bitmap fonts
    are), through Ghostscript's pdfwrite: a PDF Type 3 font with no /ToUnicode, its codes
    named by its /Differences, with the letters' names, or numbered ("/g7"), which no
    reader maps to anything."""
    letters = sorted(set(TYPE3_TEXT) - {" "})
    encoding = "\n".join(
        f"  Encoding {ord(c)} /{f'g{n}' if numbered else c} put" for n, c in enumerate(letters)
    )
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "page.ps"
        source.write_text(_TYPE3_PS.format(encoding=encoding, text=TYPE3_TEXT), "latin-1")
        _run("ps2pdf", str(source), str(path))
    return [] if numbered else [TYPE3_TEXT]


def gs_redistilled(path: Path, source: Path) -> None:
    """A PDF distilled again by Ghostscript's pdfwrite, as a "print to PDF" driver or a
    scanner's software does: its fonts made Type1C or CIDFontType0C, its tags dropped."""
    _run(
        "gs",
        "-q",
        "-dNOPAUSE",
        "-dBATCH",
        "-dSAFER",
        "-sDEVICE=pdfwrite",
        "-dPDFSETTINGS=/prepress",
        f"-sOutputFile={path}",
        str(source),
    )


# -- LibreOffice Calc and Impress -------------------------------------------------------


class Office:
    """Office files waiting to be converted to PDF by one run of `soffice --headless
    --convert-to pdf` (LibreOffice takes two or three seconds to start: once for all),
    in a profile of its own (no other LibreOffice's lock)."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory()
        self.folder = Path(self._folder.name)
        self.queued: list[tuple[Path, Path]] = []  # (office file, the PDF to make)

    def source(self, path: Path, suffix: str) -> Path:
        """Where to write the office file that becomes the PDF `path`."""
        source = self.folder / f"{len(self.queued)}-{path.stem}{suffix}"
        self.queued.append((source, path))
        return source

    def convert(self) -> None:
        out = self.folder / "out"
        _run(
            "soffice",
            f"-env:UserInstallation={(self.folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *(str(source) for source, _ in self.queued),
        )
        for source, path in self.queued:
            shutil.move(out / (source.stem + ".pdf"), path)
        self.queued = []
        self._folder.cleanup()


def calc_workbook(path: Path, office: Office | None = None) -> list[str]:
    """An .xlsx of three sheets (openpyxl), its second a landscape table of sixty wards over
    pages with its header row repeated, through LibreOffice Calc: now, or with the other
    files `office` converts."""
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = SHEETS[0]
    summary.append(["Budget summary 2024/25"])
    summary.append(["Total ward budgets", 60 * 12500])
    summary.column_dimensions["A"].width = 30
    wards = book.create_sheet(SHEETS[1])
    wards.page_setup.orientation = "landscape"
    wards.page_setup.paperSize = wards.PAPERSIZE_A4
    wards.print_title_rows = "1:1"
    header = ["Ward", "Councillors", "Budget", "Spent", "Committed", "Remaining", "Notes"]
    wards.append(header)
    for number, ward in enumerate(WARDS):
        wards.append([ward, 3, 12500, 4000 + 37 * number, 1500, 7000 - 37 * number, "On track"])
    for column in "ABCDEFG":
        wards.column_dimensions[column].width = 16
    capital = book.create_sheet(SHEETS[2])
    capital.append(["Scheme", "Cost"])
    capital.append(["Bulwell library roof", 240000])
    capital.column_dimensions["A"].width = 30
    batch = office or Office()
    book.save(batch.source(path, ".xlsx"))
    if office is None:
        batch.convert()
    return ["Budget summary 2024/25", *header, *WARDS, "Bulwell library roof"]


def _png() -> bytes:
    """A small chart-like picture (matplotlib's PNG writer)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(3, 2), dpi=60)
    axes.bar(["A", "B"], [3, 5])
    axes.axis("off")
    out = io.BytesIO()
    figure.savefig(out, format="png")
    plt.close(figure)
    return out.getvalue()


def impress_slides(path: Path, office: Office | None = None) -> list[str]:
    """A 16:9 .pptx (python-pptx) of three slides, each a title, a text box and, on the
    second, a picture, through LibreOffice Impress: now, or with the other files `office`
    converts."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    for number, (title, body) in enumerate(SLIDES):
        slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
        slide.shapes.title.text = title
        box = slide.shapes.add_textbox(Inches(1), Inches(2.5), Inches(7), Inches(2))
        box.text_frame.text = body
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
        if number == 1:
            slide.shapes.add_picture(io.BytesIO(_png()), Inches(9), Inches(2.5), Inches(3))
    batch = office or Office()
    deck.save(batch.source(path, ".pptx"))
    if office is None:
        batch.convert()
    return [line for slide in SLIDES for line in slide]


# -- reportlab, fpdf2, cairo ------------------------------------------------------------


def reportlab_standard_fonts(path: Path) -> list[str]:
    """reportlab's canvas in Helvetica, Times-Roman and Courier: the standard 14 fonts,
    not embedded (reportlab's default), and a link to a web page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=A4)
    page.setTitle("Fostering recruitment update")
    fonts = ("Helvetica-Bold", "Helvetica", "Times-Roman", "Courier")
    for number, (font, line) in enumerate(zip(fonts, REPORTLAB_LINES, strict=True)):
        page.setFont(font, 16 if number == 0 else 11)
        page.drawString(72, 770 - 24 * number, line)
    page.drawString(72, 650, REPORTLAB_LINK_TEXT)
    page.linkURL(LINK, (72, 645, 300, 662), relative=0)
    page.showPage()
    page.setFont("Helvetica", 11)
    page.drawString(72, 770, "Second page: carers approved 31")
    page.save()
    return [*REPORTLAB_LINES, REPORTLAB_LINK_TEXT, "Second page: carers approved 31"]


def reportlab_table(path: Path) -> list[str]:
    """reportlab's platypus: a table of eighty rows over pages, its header row repeated,
    in DejaVu Sans embedded as reportlab embeds a TrueType font: simple fonts of 128
    codes each, whose unused codes its ToUnicode maps to U+0000."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
    style = getSampleStyleSheet()["Normal"].clone("Council", fontName="DejaVu")
    header = ["Ward", "Budget", "Spent \u2013 forecast"]
    rows = [[f"Ward {n:02d} Sneinton", f"\u00a3{n * 1000:,}", "On track \u2713"] for n in range(80)]
    table = Table([header, *rows], repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "DejaVu")]))
    document = SimpleDocTemplate(str(path), pagesize=A4, title="Ward budgets")
    document.build([Paragraph(REPORTLAB_TABLE_TITLE, style), table])
    return [REPORTLAB_TABLE_TITLE, *header, *(row[0] for row in rows), "\u00a379,000"]


def fpdf_fonts(path: Path) -> list[str]:
    """fpdf2: a heading in the core font Helvetica (not embedded), then text in DejaVu Sans,
    embedded as a TrueType subset (Identity-H, with a /ToUnicode), and a link to its
    second page."""
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("Helvetica", "B", 16)
    document.cell(text=FPDF_LINES[0], new_x="LMARGIN", new_y="NEXT")
    document.add_font("DejaVu", fname=str(DEJAVU))
    document.set_font("DejaVu", size=12)
    for line in FPDF_LINES[1:]:
        document.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    document.multi_cell(0, 6, text="Forecast pupils by planning area. " * 30)
    # multi_cell leaves x at the right margin (fpdf2's default new_x="RIGHT"): the next
    # cell starts there and runs off the page, the start of its first word alone on it
    document.cell(text=FPDF_OFF_PAGE)
    document.set_xy(document.l_margin, document.get_y() + 8)
    appendix = document.add_link()
    document.cell(text=FPDF_LINK_TEXT, link=appendix, new_x="LMARGIN", new_y="NEXT")
    document.add_page()
    document.set_link(appendix)
    document.cell(text="Appendix: forecasts by school")
    document.output(str(path))
    shown = [*FPDF_LINES, "Forecast pupils by planning area.", FPDF_LINK_TEXT]
    return [*shown, "forecasts by school"]  # of the cell off the page, what poppler reads


_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="595" height="842" viewBox="0 0 595 842">
<rect x="40" y="120" width="515" height="8" fill="#1d70b8"/>
<text x="40" y="90" font-family="DejaVu Sans" font-size="24">{0}</text>
<circle cx="60" cy="124" r="10" fill="#1d70b8"/><text x="40" y="170" font-family="DejaVu Sans"
 font-size="14">{1}</text>
<circle cx="400" cy="124" r="10" fill="#1d70b8"/><text x="360" y="170" font-family="DejaVu Sans"
 font-size="14">{2}</text>
</svg>"""


def cairo_timeline(path: Path) -> list[str]:
    """An SVG timeline through rsvg-convert: cairo's PDF surface, its text in an embedded
    font subset with a /ToUnicode, shapes as paths."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "timeline.svg"
        source.write_text(_SVG.format(*CAIRO_LINES), encoding="utf-8")
        _run("rsvg-convert", "-f", "pdf", "-o", str(path), str(source))
    return list(CAIRO_LINES)


# -- "Microsoft Print to PDF": Identity-H, no ToUnicode ---------------------------------


def no_tounicode(path: Path) -> list[str]:
    """As "Microsoft Print to PDF" writes a Word letter: text in a Type0 font, Identity-H,
    whose CIDs are the embedded TrueType's glyph numbers, with no /ToUnicode. A reader can
    only guess its words from the font program's own cmap (poppler does)."""
    import pikepdf
    from fontTools.ttLib import TTFont
    from pikepdf import Array, Dictionary, Name

    font = TTFont(DEJAVU)
    cmap = font.getBestCmap()
    glyph_ids = font.getReverseGlyphMap()
    widths = font["hmtx"].metrics
    scale = 1000 / font["head"].unitsPerEm
    pdf = pikepdf.new()
    program = pdf.make_stream(DEJAVU.read_bytes())
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/ABCDEF+DejaVuSans"),
        Flags=32,
        FontBBox=Array([-1021, -463, 1793, 1232]),
        ItalicAngle=0,
        Ascent=928,
        Descent=-236,
        CapHeight=729,
        StemV=80,
        FontFile2=program,
    )
    used: dict[int, int] = {}
    content = [b"BT"]
    for number, line in enumerate(NO_TOUNICODE_LINES):
        codes = b""
        for character in line:
            glyph = glyph_ids[cmap[ord(character)]]
            used[glyph] = round(widths[cmap[ord(character)]][0] * scale)
            codes += glyph.to_bytes(2, "big")
        size = 16 if number == 0 else 11
        content.append(f"/F1 {size} Tf 1 0 0 1 72 {760 - 28 * number} Tm".encode())
        content.append(b"<" + codes.hex().encode() + b"> Tj")
    content.append(b"ET")
    w = Array()
    for glyph in sorted(used):
        w.extend([glyph, Array([used[glyph]])])
    cid_font = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType2,
        BaseFont=Name("/ABCDEF+DejaVuSans"),
        CIDSystemInfo=Dictionary(
            Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0
        ),
        FontDescriptor=pdf.make_indirect(descriptor),
        CIDToGIDMap=Name.Identity,
        DW=1000,
        W=w,
    )
    type0 = Dictionary(
        Type=Name.Font,
        Subtype=Name.Type0,
        BaseFont=Name("/ABCDEF+DejaVuSans"),
        Encoding=Name("/Identity-H"),
        DescendantFonts=Array([pdf.make_indirect(cid_font)]),
    )
    page = pikepdf.Page(
        Dictionary(
            Type=Name.Page,
            MediaBox=Array([0, 0, 595, 842]),
            Resources=Dictionary(Font=Dictionary(F1=pdf.make_indirect(type0))),
            Contents=pdf.make_stream(b"\n".join(content)),
        )
    )
    pdf.pages.append(page)
    pdf.docinfo[Name.Producer] = "Microsoft: Print To PDF"
    pdf.save(path)
    return list(NO_TOUNICODE_LINES)


# -- what each maker needs --------------------------------------------------------------

Maker = Callable[[Path], list[str]]
_NEEDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # maker: (programs on the PATH, Python modules)
    "matplotlib_chart": ((), ("matplotlib",)),
    "ps2pdf_letter": (("ps2pdf", "gs"), ()),
    "ps2pdf_type3": (("ps2pdf", "gs"), ()),
    "calc_workbook": (("soffice",), ("openpyxl",)),
    "impress_slides": (("soffice",), ("pptx", "matplotlib")),
    "reportlab_standard_fonts": ((), ("reportlab",)),
    "reportlab_table": ((), ("reportlab",)),
    "fpdf_fonts": ((), ("fpdf",)),
    "cairo_timeline": (("rsvg-convert",), ()),
    "no_tounicode": ((), ("pikepdf", "fontTools")),
}


def missing(name: str) -> str | None:
    """Why the maker `name` cannot run here, or None."""
    import importlib.util

    programs, modules = _NEEDS[name]
    for program in programs:
        if shutil.which(program) is None:
            return f"{program} is not installed (make test installs it)"
    for module in modules:
        if importlib.util.find_spec(module) is None:
            return f"the Python module {module} is not installed (pip install -e '.[test]')"
    # Calc's and Impress's own libraries beside soffice (Debian packages them apart)
    office = {"calc_workbook": ("Calc", "libsclo.so"), "impress_slides": ("Impress", "libsdlo.so")}
    if name in office:
        program = Path(shutil.which("soffice") or "soffice").resolve().parent
        if not (program / office[name][1]).is_file():
            return f"LibreOffice {office[name][0]} is not installed (make test installs it)"
    return None
