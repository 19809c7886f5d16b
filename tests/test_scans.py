"""Scanned papers as a council receives them, built into a meeting's pack: from a document
feeder (a letter fed upside down, one sideways, a skewed one, a blank back side), a fax
machine's black and white (CCITT group 4, 300 dpi), a multi-function device's colour JPEG
(300 dpi) and a scanner's own "searchable PDF" (its picture under an invisible text layer).
What a user relies on: the pack shows each page as it came (turned upright where it was
fed turned), the words OCR read are the page's words, in the structure tree and the site's
search, `check` names the scans, and a rebuild reads nothing again (pdf/ocr.py,
shared/DESIGN.md "Every page readable"). Real Tesseract throughout: each image costs a
reading of a second or two, so each paper is a few lines of typing."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Dictionary, Name
from PIL import Image, ImageDraw, ImageFont, ImageOps

from agendapack.errors import Problem
from agendapack.pdf import ocr
from agendapack.pdf.sanitise import cleaned
from tests.pdftools import text, words
from tests.processes import agendapack
from tests.test_ocr import FONT, _reads, counting_tesseract

# each paper's own words, so that each is found in the pack by them alone
UPSIDE_DOWN = [
    "Harbour Street Residents Association",
    "Dear Councillor Whitfield,",
    "We write about the proposed closure of the Quayside library.",
]
SIDEWAYS = [
    "Northgate Allotment Society",
    "The waiting list has grown to ninety households this year.",
    "We ask the committee to release the land behind Mill Lane.",
]
SKEWED = [
    "Friends of Castle Park",
    "The bandstand roof leaks and the railings have rusted through.",
    "Volunteers will paint them if the council supplies materials.",
]
FAX = [
    "Westfield Primary School Governors",
    "Pupils cross Station Road without a patrol since Easter.",
    "We request a crossing warden before the autumn term begins.",
]
COLOUR = [
    "Riverside Tenants Forum",
    "Damp and mould were reported in forty flats on Canal Walk.",
    "Tenants ask for an inspection by environmental health officers.",
]
SEARCHABLE = [
    "Eastbrook Cycling Campaign",
    "Riders want a protected lane along Bridge Street to the station.",
]
TABLE = [
    ["Ward", "Households", "Responses"],
    ["Eastgate", "1,204", "318"],
    ["Millbrook", "987", "241"],
    ["Ashford", "1,530", "402"],
]
A4 = (8.27, 11.69)  # inches


def typed(lines: list[str], dpi: int, skew: float = 0.0, colour: bool = False) -> Image.Image:
    """An A4 page of typing as a scanner sees it: 12 point lines from an inch in, turned
    `skew` degrees anticlockwise; greyscale, or colour on cream paper."""
    paper, ink = ((248, 244, 230), (25, 25, 70)) if colour else (255, 0)
    picture = Image.new("RGB" if colour else "L", (int(A4[0] * dpi), int(A4[1] * dpi)), paper)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.truetype(FONT, int(12 / 72 * dpi))
    for number, line in enumerate(lines):
        draw.text((dpi, int((1.2 + number * 0.35) * dpi)), line, font=font, fill=ink)
    if skew:
        picture = picture.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=paper)
    return picture


def table_page(dpi: int) -> Image.Image:
    """A ruled table of figures, as a consultation's results are printed."""
    picture = Image.new("L", (int(A4[0] * dpi), int(A4[1] * dpi)), 255)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.truetype(FONT, int(11 / 72 * dpi))
    left, top, width, height = dpi, int(1.5 * dpi), int(2.1 * dpi), int(0.45 * dpi)
    for row, cells in enumerate(TABLE):
        for column, cell in enumerate(cells):
            x, y = left + column * width, top + row * height
            draw.rectangle((x, y, x + width, y + height), outline=0, width=3)
            draw.text((x + dpi // 10, y + dpi // 8), cell, font=font, fill=0)
    return picture


def as_pdf(pages: list[Image.Image], dpi: int) -> bytes:
    """The pages as a scanner's PDF holds them, each one picture filling the page and no
    text: Pillow writes a black and white page as CCITT group 4, others as JPEG."""
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buffer.getvalue()


def searchable(lines: list[str], dpi: int) -> bytes:
    """A scanner's "searchable PDF": the page's picture, and over it its own OCR's words
    in invisible text (render mode 3) in Helvetica, with no ToUnicode, as many write it."""
    picture = typed(lines, dpi)
    with pikepdf.open(io.BytesIO(as_pdf([picture], dpi))) as pdf:
        page = pdf.pages[0]
        height = float(page.mediabox[3])
        page.obj.Resources.Font = Dictionary(
            F1=Dictionary(
                Type=Name.Font,
                Subtype=Name.Type1,
                BaseFont=Name.Helvetica,
                Encoding=Name.WinAnsiEncoding,
            )
        )
        shown = [b"BT 3 Tr /F1 12 Tf"]
        for number, line in enumerate(lines):
            y = height - (1.2 + number * 0.35) * 72 - 10
            shown.append(f"1 0 0 1 72 {y:.2f} Tm ({line}) Tj".encode())
        page.contents_add(b"\n".join([*shown, b"ET"]))
        buffer = io.BytesIO()
        pdf.save(buffer)
    return buffer.getvalue()


def _plain(said: str) -> list[str]:
    return [w for w in (re.sub(r"[^\w,]", "", w).strip(",").lower() for w in said.split()) if w]


def read_as_typed(typed_lines: list[str], said: str) -> None:
    """The words read are the typed words: nearly all of them (OCR misreads some), and
    hardly any others (no garbage)."""
    want, got = _plain(" ".join(typed_lines)), _plain(said)
    found = [w for w in want if w in got]
    others = [w for w in got if w not in want]
    assert len(found) >= 0.9 * len(want), (want, got)
    assert len(others) <= 0.1 * len(want), others


def in_order(line: str, said: str) -> float:
    """The share of the line's words that the text says in the line's order."""
    want, got = _plain(line), _plain(said)
    found, at = 0, 0
    for word in want:
        if word in got[at:]:
            at = got.index(word, at) + 1
            found += 1
    return found / len(want)


def _shown(pdf: Path, page: int, dpi: int = 40) -> Image.Image:
    """The page as a reader sees it (after its /Rotate), greyscale at a low resolution."""
    rendered = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page), str(pdf)],
        check=True,
        capture_output=True,
    ).stdout
    return Image.open(io.BytesIO(rendered)).convert("L")


def _looks_alike(first: Image.Image, second: Image.Image) -> bool:
    """Two renderings of a page agree: their ink where it is, to within 3% of the page (the
    pack draws a paper's page a little smaller, for the band its page number is stamped
    in), and as much of it, leaving out the bottom inch of each (that band)."""
    if first.size != second.size:
        return False
    box = (0, 0, first.width, first.height - first.height // 11)
    inks = [
        ImageOps.invert(i.crop(box)).point(lambda v: 255 if v > 64 else 0) for i in (first, second)
    ]
    bounds = [ink.getbbox() for ink in inks]
    if bounds[0] is None or bounds[1] is None:
        return bounds[0] == bounds[1]
    size = (first.width, first.height) * 2
    near = all(
        abs(a - b) <= 0.03 * side for a, b, side in zip(bounds[0], bounds[1], size, strict=True)
    )
    amounts = [ink.histogram()[255] for ink in inks]
    return near and abs(amounts[0] - amounts[1]) <= 0.2 * max(amounts)


MEETING = """
    opening = []
    closing = []

    [[meeting]]
    date = 2023-10-05

    [[meeting.item]]
    title = "Residents' letters"
    documents = [
      { file = "upside-down.pdf", title = "Appendix 1: Letter" },
      { file = "sideways.pdf", title = "Appendix 2: Letter" },
      { file = "skewed.pdf", title = "Appendix 3: Letter" },
      { file = "fax.pdf", title = "Appendix 4: Fax" },
      { file = "colour.pdf", title = "Appendix 5: Letter" },
      { file = "searchable.pdf", title = "Appendix 6: Letter" },
      { file = "feeder.pdf", title = "Appendix 7: Results" },
    ]
"""

# each paper of one page, and the lines typed on it
PAPERS = {
    "upside-down.pdf": UPSIDE_DOWN,
    "sideways.pdf": SIDEWAYS,
    "skewed.pdf": SKEWED,
    "fax.pdf": FAX,
    "colour.pdf": COLOUR,
    "searchable.pdf": SEARCHABLE,
}


def test_scans_as_a_council_receives_them_are_read_into_the_pack(ws, tmp_path, monkeypatch):
    calls = counting_tesseract(tmp_path / "bin", monkeypatch)
    folder = ws.folder("cyp", "2023-10-05")
    # a letter fed into the feeder upside down, one fed sideways (its picture turned, no
    # /Rotate): a quarter turn anticlockwise, on a landscape page
    (folder / "upside-down.pdf").write_bytes(as_pdf([typed(UPSIDE_DOWN, 200).rotate(180)], 200))
    (folder / "sideways.pdf").write_bytes(
        as_pdf([typed(SIDEWAYS, 200).transpose(Image.Transpose.ROTATE_90)], 200)
    )
    # skewed by 4 degrees, at which Tesseract by itself loses whole lines
    (folder / "skewed.pdf").write_bytes(as_pdf([typed(SKEWED, 200, skew=-4)], 200))
    # a fax machine's black and white, 300 dpi, CCITT group 4, a little skewed
    (folder / "fax.pdf").write_bytes(as_pdf([typed(FAX, 300, skew=2.5).convert("1")], 300))
    (folder / "colour.pdf").write_bytes(as_pdf([typed(COLOUR, 300, colour=True)], 300))
    (folder / "searchable.pdf").write_bytes(searchable(SEARCHABLE, 200))
    # a feeder's two sides: the table, and the blank back of the sheet
    blank = Image.new("L", (int(A4[0] * 200), int(A4[1] * 200)), 255)
    (folder / "feeder.pdf").write_bytes(as_pdf([table_page(200), blank], 200))
    with pikepdf.open(folder / "fax.pdf") as fax:  # as a fax machine codes it
        assert fax.pages[0].Resources.XObject["/image"].Filter == [Name.CCITTFaxDecode]
    ws.committee(MEETING)

    checked = agendapack("check", root=ws.root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    told = checked.stdout
    for name in ("upside-down.pdf", "sideways.pdf", "skewed.pdf", "fax.pdf", "colour.pdf"):
        assert f"'{name}' has a scanned page, read by OCR, on page 1:" in told, name
    assert "'feeder.pdf' has 2 scanned pages, read by OCR, on pages 1 and 2" in told
    assert "'searchable.pdf' has" not in told  # its scanner read it: its words are its own
    assert _reads(calls) == 0

    built = agendapack("build", root=ws.root)
    output = built.stdout + built.stderr
    assert built.returncode == 0, output
    assert "Traceback" not in output
    assert not re.findall(r"^.*\b\w*Warning: .*$", output, re.M)
    reads = _reads(calls)
    # one reading a picture, and a second (with the orientation asked first) for the two
    # fed turned; the searchable paper's picture is not read
    assert reads <= 7 + 2 * 2, reads

    pack = ws.root / "build" / "cyp" / "2023-10-05" / "pack.pdf"
    pages = words(pack)
    texts = [" ".join(w.text for w in page.words) for page in pages]

    def page_of(lines: list[str]) -> int:
        (number,) = [n for n, said in enumerate(texts, 1) if lines[0].split()[0] in said]
        return number

    for name, lines in PAPERS.items():
        number = page_of(lines)
        said = text(pack, page=number)
        # the pack's own stamp, not the paper's
        said = re.sub(r"(Page \d+|Appendix \d: .*)$", "", said.strip(), flags=re.M)
        read_as_typed(lines, said)
        # line by line, as typed: a screen reader reads the sentences whole
        for line in lines:
            assert in_order(line, said) >= 0.9, (name, line, said)

    # the table's figures, and no words on the blank side
    table = page_of(TABLE[0])
    read_as_typed([" ".join(row) for row in TABLE], text(pack, page=table).replace("Page", ""))
    assert _plain(text(pack, page=table + 1)) in ([], ["page", str(table + 1)]), texts[table]

    # each page as it came, but the two fed turned, which a reader now sees upright:
    # their first line at the top of the page, and the pack's page number at its foot
    for name, lines in PAPERS.items():
        number = page_of(lines)
        page = pages[number - 1]
        shown = _shown(pack, number)
        assert shown.width < shown.height, name  # portrait, as typed
        height = max(page.width, page.height)  # poppler gives the page's size unturned
        first = next(w for w in page.words if w.text == lines[0].split()[0])
        assert first.y_min < height / 4, (name, first)
        stamp = [w for w in page.words if w.text == str(number)]
        assert stamp and stamp[-1].y_min > height * 0.9, (name, stamp)
        source = _shown(folder / name, 1)
        if name == "upside-down.pdf":
            source = source.rotate(180)
        elif name == "sideways.pdf":
            source = source.transpose(Image.Transpose.ROTATE_270)  # a quarter clockwise
        assert _looks_alike(shown, source), name
        assert not _looks_alike(shown, source.rotate(180)), name

    # in the pack's structure, for a screen reader
    structure = subprocess.run(
        ["pdfinfo", "-struct-text", str(pack)], check=True, capture_output=True, text=True
    ).stdout
    tagged = " ".join(" ".join(re.findall(r'"(.*)"', structure)).split())
    for lines in [*PAPERS.values(), [" ".join(row) for row in TABLE]]:
        assert sum(w in tagged for w in " ".join(lines).split()) >= 0.9 * len(
            " ".join(lines).split()
        )

    # and the pack, pages turned and all, still passes PDF/UA-1
    import page  # page-validation

    report = page.validate_pdf(pack, profile="ua1")
    assert report.is_compliant, sorted({(f.rule_id, f.message) for f in report.failures})

    # the site's search finds each paper's page by its words
    from agendapack.programme.load import load_workspace
    from agendapack.site.search import search_records

    workspace = load_workspace(ws.root).workspace
    assert workspace is not None
    found = {r.page: r.content for r in search_records(workspace) if r.page is not None}
    for lines in PAPERS.values():
        number = page_of(lines)
        assert sum(w in found[number] for w in lines[-1].split()) >= 0.8 * len(lines[-1].split()), (
            found[number]
        )

    # a rebuild, the clean copies gone too, reads nothing again
    shutil.rmtree(ws.root / "build" / ".cache" / "clean")
    again = agendapack("build", "--force", root=ws.root)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _reads(calls) == reads
    assert [" ".join(w.text for w in page.words) for page in words(pack)] == texts


def test_a_page_fed_turned_has_its_words_where_a_reader_sees_them(tmp_path, monkeypatch):
    """Upside down or sideways, the page is shown upright and each word lies where the
    same letter scanned upright shows it; the page turned by /Rotate, never redrawn."""
    calls = counting_tesseract(tmp_path / "bin", monkeypatch)
    letter = typed(UPSIDE_DOWN, 150)
    ways = {
        "upright.pdf": letter,
        "upside-down.pdf": letter.rotate(180),
        "sideways-left.pdf": letter.transpose(Image.Transpose.ROTATE_90),
        "sideways-right.pdf": letter.transpose(Image.Transpose.ROTATE_270),
    }
    boxes = {}
    for name, picture in ways.items():
        source = tmp_path / name
        source.write_bytes(as_pdf([picture], 150))
        said: list[Problem] = []
        clean = cleaned(source, tmp_path / "clean", name, scans=tmp_path / "ocr", warnings=said)
        assert said == []
        (shown,) = words(clean)
        boxes[name] = [(w.text, w.x_min, w.y_min) for w in shown.words]
        with pikepdf.open(source) as original, pikepdf.open(clean) as made:
            # the picture as it was, drawn as it was
            assert made.pages[0].obj.Contents[-1].read_bytes() == (
                original.pages[0].obj.Contents.read_bytes()
            )
    read_as_typed(UPSIDE_DOWN, " ".join(t for t, _, _ in boxes["upright.pdf"]))
    for name in ways:
        assert [t for t, _, _ in boxes[name]] == [t for t, _, _ in boxes["upright.pdf"]], name
        for (_, x, y), (_, x0, y0) in zip(boxes[name], boxes["upright.pdf"], strict=True):
            assert abs(x - x0) < 2 and abs(y - y0) < 2, name
    # the upright letter read once; each turned one read, asked its orientation, read turned
    assert _reads(calls) == 1 + 3 * 3


def test_a_skewed_scan_is_read_line_by_line_where_its_lines_are(tmp_path):
    """Skewed by 4 degrees either way, Tesseract alone loses lines: straightened first,
    every line is read, in order, and each word laid where its line runs on the page."""
    for angle in (4.0, -4.0):
        source = tmp_path / f"skewed{angle}.pdf"
        source.write_bytes(as_pdf([typed(SKEWED, 150, skew=angle)], 150))
        clean = cleaned(source, tmp_path / "clean", source.name, scans=tmp_path / "ocr")
        joined = " ".join(text(clean).split())
        assert " ".join(SKEWED) in joined, joined
        # a level line's ends are off its ink by up to half its length times the skew: 10
        # points here
        where_typed(clean, SKEWED, angle, across=6, down=14)


def test_a_fax_in_standard_mode_is_read_as_a_fine_one(tmp_path):
    """A fax machine's standard mode is 204 dots an inch across and 98 down, the page's
    pixels twice as tall as wide: its words read whole, and laid where they are."""
    page = typed(FAX, 204)
    squat = page.resize((page.width, page.height * 98 // 204), Image.Resampling.BOX)
    pdf = pikepdf.new()
    sheet = pdf.add_blank_page(page_size=(A4[0] * 72, A4[1] * 72))
    image = pdf.make_stream(
        as_group4(squat.convert("1")),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=squat.width,
        Height=squat.height,
        ColorSpace=Name.DeviceGray,
        BitsPerComponent=1,
        Filter=Name.CCITTFaxDecode,
        DecodeParms=Dictionary(K=-1, Columns=squat.width, Rows=squat.height, BlackIs1=True),
    )
    sheet.obj.Resources = Dictionary(XObject=Dictionary(Im0=image))
    sheet.obj.Contents = pdf.make_stream(
        f"q {A4[0] * 72} 0 0 {A4[1] * 72} 0 0 cm /Im0 Do Q".encode()
    )
    source = tmp_path / "fax.pdf"
    pdf.save(source)
    clean = cleaned(source, tmp_path / "clean", "fax.pdf", scans=tmp_path / "ocr")
    read_as_typed(FAX, text(clean))
    for line in FAX:
        assert in_order(line, text(clean)) == 1, line
    where_typed(clean, FAX, 0, across=6, down=6)


def as_group4(picture: Image.Image) -> bytes:
    """A black and white picture coded as CCITT group 4, as Pillow writes it in a PDF."""
    buffer = io.BytesIO()
    picture.save(
        buffer, "TIFF", compression="group4", strip_size=(picture.width + 7) // 8 * picture.height
    )
    return buffer.getvalue()[8:]  # the single strip, after the TIFF's header


def where_typed(pdf: Path, lines: list[str], angle: float, across: float, down: float) -> None:
    """Each typed word of the one-page `pdf` lies where `typed` put it, turned about the
    page's middle by `angle`: its middle within `across` and `down` points."""
    (shown,) = words(pdf)
    font = ImageFont.truetype(FONT, 12 * 150 // 72)  # measured at 150 dpi, in points
    placed, typed_words = 0, 0
    for number, line in enumerate(lines):
        before = ""
        for word in line.split():
            typed_words += 1
            x = 72 + (font.getlength(before) + font.getlength(word) / 2) * 72 / 150
            y = (1.2 + number * 0.35) * 72 + 7
            x, y = _turned_about_middle(x, y, angle, A4[0] * 72, A4[1] * 72)
            before += word + " "
            same = [w for w in shown.words if _plain(w.text) == _plain(word)]
            if not same:
                continue  # misread: read_as_typed counts those
            nearest = min(
                same,
                key=lambda w: math.hypot((w.x_min + w.x_max) / 2 - x, (w.y_min + w.y_max) / 2 - y),
            )
            middle = ((nearest.x_min + nearest.x_max) / 2, (nearest.y_min + nearest.y_max) / 2)
            assert abs(middle[0] - x) < across and abs(middle[1] - y) < down, (word, middle, x, y)
            placed += 1
    assert placed >= 0.9 * typed_words


def _turned_about_middle(
    x: float, y: float, angle: float, width: float, height: float
) -> tuple[float, float]:
    """A point (y downwards) turned `angle` degrees anticlockwise about the page's middle,
    as Pillow's rotate turns a picture."""
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    dx, dy = x - width / 2, y - height / 2
    return width / 2 + cos * dx + sin * dy, height / 2 - sin * dx + cos * dy


def test_a_wrong_orientation_turns_nothing(tmp_path, monkeypatch):
    """Tesseract's orientation detection is unsure on a short letter (its confidence as low
    upright as turned): a page is turned only if it then reads more words level. Told a
    letter fed upside down is a quarter turned, it is left as it was shown."""
    monkeypatch.setattr(ocr, "_orientation", lambda image, dpi, tesseract: 90)
    source = tmp_path / "upside-down.pdf"
    source.write_bytes(as_pdf([typed(UPSIDE_DOWN, 150).rotate(180)], 150))
    clean = cleaned(source, tmp_path / "clean", source.name, scans=tmp_path / "ocr")
    with pikepdf.open(clean) as made:
        assert "/Rotate" not in made.pages[0].obj
    assert len(_plain(text(clean))) < 10  # only the few fragments read upside down


def test_installing_the_orientation_data_reads_the_scans_again(tmp_path, monkeypatch):
    """A clean copy made without tesseract-ocr-osd read a page fed turned as fragments:
    once it is installed, the clean copies' names change, and the scans are read again."""
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    without = ocr.engine_signature()
    (tmp_path / "osd.traineddata").write_bytes(b"orientation")
    assert ocr.engine_signature() != without


@pytest.fixture(autouse=True)
def _fresh_engine():
    yield
    ocr.engine.cache_clear()  # the PATH a test set is gone
