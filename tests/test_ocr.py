"""A scanned page is read by OCR: its words are in the pack's text where the page shows
them, `check` names the paper and its pages, and a rebuild reads no page twice
(shared/DESIGN.md, "Every page readable"). Real Tesseract throughout."""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Dictionary, Name
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from agendapack.documents.access import paper_faults
from agendapack.errors import Problem
from agendapack.pdf import ocr
from agendapack.pdf.sanitise import cleaned
from tests.corpus import CORPUS
from tests.pdftools import text, words
from tests.processes import agendapack

DPI = 200
FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
LETTER = [
    "Harbour Street Residents Association",
    "12 Harbour Street, Exampleton",
    "",
    "Dear Councillor Whitfield,",
    "",
    "We write about the proposed closure of the Quayside library.",
    "Many older residents rely on its computers and newspapers.",
]
SECOND_PAGE = [
    "Please keep the library open on Saturday mornings.",
    "",
    "Yours sincerely,",
    "Margaret Okonkwo, Secretary",
]
LEFT, TOP, LEADING = 1.0, 1.2, 0.3  # inches: where the typing starts, and its line spacing


def typed_page(lines: list[str], mode: str = "L", seed: int = 1) -> Image.Image:
    """A typed A4 page as a scanner gives it: at 200 dpi, a little skewed, with specks."""
    width, height = int(8.27 * DPI), int(11.69 * DPI)
    picture = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.truetype(FONT, int(12 / 72 * DPI))
    for number, line in enumerate(lines):
        draw.text((int(LEFT * DPI), int((TOP + number * LEADING) * DPI)), line, font=font, fill=0)
    picture = picture.rotate(0.6, fillcolor=255, resample=Image.Resampling.BICUBIC)
    specks = random.Random(seed)
    pixels = picture.load()
    for _ in range(3000):
        pixels[specks.randrange(width), specks.randrange(height)] = specks.choice((0, 110))
    return picture.convert(mode)


def scanned_letter(path: Path) -> None:
    """Two pages as a scanner's PDF holds them: the first greyscale (JPEG), the second
    black and white (CCITT group 4), each one image filling the page, no text."""
    first, second = typed_page(LETTER), typed_page(SECOND_PAGE, mode="1", seed=2)
    first.save(path, resolution=DPI, save_all=True, append_images=[second])


def counting_tesseract(folder: Path, monkeypatch) -> Path:
    """Tesseract behind a script that counts the images it is asked to read."""
    real = shutil.which("tesseract")
    assert real, "make test installs tesseract-ocr"
    folder.mkdir()
    calls = folder / "calls"
    shim = folder / "tesseract"
    shim.write_text(
        f'#!/bin/sh\n[ "$1" = stdin ] && echo read >> {calls}\nexec {real} "$@"\n',
        encoding="utf-8",
    )
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:{Path(real).parent}:/usr/bin:/bin")
    ocr.engine.cache_clear()
    return calls


def _reads(calls: Path) -> int:
    return len(calls.read_text().splitlines()) if calls.exists() else 0


MEETING = """
    opening = []
    closing = []

    [[meeting]]
    date = 2023-10-05

    [[meeting.item]]
    title = "Quayside library"
    documents = [{ file = "letter.pdf", title = "Appendix 1: Letter from residents" }]
"""


def test_a_scanned_letter_is_read_by_ocr_into_the_pack_once(ws, tmp_path, monkeypatch):
    calls = counting_tesseract(tmp_path / "bin", monkeypatch)
    scanned_letter(ws.folder("cyp", "2023-10-05") / "letter.pdf")
    ws.committee(MEETING)

    checked = agendapack("check", root=ws.root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (
        "programme/cyp.toml:14: warning: 'letter.pdf' has 2 scanned pages, read by OCR, on "
        "pages 1 and 2: ask its author for the original file, not a scan of it, so that a "
        "screen reader gets its words exactly (OCR misreads some)"
    ) in checked.stdout.splitlines()
    assert _reads(calls) == 0  # check only looks; the build reads
    # and the site's accessibility page says so of the published paper
    assert "2 scanned pages, read by OCR, on pages 1 and 2." in paper_faults(
        ws.root, "packs/cyp/2023-10-05/letter.pdf"
    )

    built = agendapack("build", root=ws.root)
    assert built.returncode == 0, built.stdout + built.stderr
    output = built.stdout + built.stderr
    assert "Traceback" not in output
    assert not re.findall(r"^.*\b\w*Warning: .*$", output, re.M)  # as Python prints one
    assert "'letter.pdf' has 2 scanned pages, read by OCR" in output
    assert _reads(calls) == 2
    pack = ws.root / "build" / "cyp" / "2023-10-05" / "pack.pdf"
    said = " ".join(text(pack).split())
    assert "We write about the proposed closure of the Quayside library." in said
    assert "Please keep the library open on Saturday mornings." in said
    assert "Margaret Okonkwo, Secretary" in said

    # where the page shows it: on the sixth line of typing, after five words
    (closure,) = [w for p in words(pack) for w in p.words if w.text == "closure"]
    typed = ImageFont.truetype(FONT, int(12 / 72 * DPI)).getlength("We write about the proposed ")
    assert abs(closure.x_min - (LEFT + typed / DPI) * 72) < 8, closure
    assert abs(closure.y_min - (TOP + 5 * LEADING) * 72) < 8, closure

    # the pack's structure is kept, and still passes PDF/UA-1
    structure = subprocess.run(
        ["pdfinfo", "-struct-text", str(pack)], check=True, capture_output=True, text=True
    ).stdout
    assert re.findall(r'^  Sect "(.*)"$', structure, re.M)[-1] == (
        "Appendix 1: Letter from residents"
    )
    # the scan's words tagged from their layout, as any untagged page's (pdf/tagging.py)
    letter = " ".join(re.findall(r'"(.*)"', structure.split("Letter from residents")[-1]))
    assert "Please keep the library open on Saturday mornings." in " ".join(letter.split())
    import page  # page-validation

    report = page.validate_pdf(pack, profile="ua1")
    assert report.is_compliant, sorted({(f.rule_id, f.message) for f in report.failures})

    # a rebuild, with the clean copies gone too, reads nothing again
    shutil.rmtree(ws.root / "build" / ".cache" / "clean")
    again = agendapack("build", "--force", root=ws.root)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _reads(calls) == 2
    assert "Margaret Okonkwo, Secretary" in " ".join(text(pack).split())


def _one_image_page(picture: Image.Image, size: tuple[float, float], matrix, rotate=0) -> bytes:
    """A PDF of one page showing `picture` (stored as it is) placed by `matrix`."""
    pdf = pikepdf.new()
    sheet = pdf.add_blank_page(page_size=size)
    gray = picture.convert("L")
    image = pdf.make_stream(
        gray.tobytes(),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=gray.width,
        Height=gray.height,
        ColorSpace=Name.DeviceGray,
        BitsPerComponent=8,
    )
    sheet.obj.Resources = Dictionary(XObject=Dictionary(Im0=image))
    numbers = " ".join(f"{v:.4f}" for v in matrix)
    sheet.obj.Contents = pdf.make_stream(f"q {numbers} cm /Im0 Do Q".encode())
    if rotate:
        sheet.obj.Rotate = rotate
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _clean(tmp_path: Path, name: str, data: bytes, said: list[Problem] | None = None) -> Path:
    source = tmp_path / name
    source.write_bytes(data)
    cache = tmp_path / "cache"
    return cleaned(source, cache / "clean", name, scans=cache / "ocr", warnings=said)


def test_a_scan_stored_turned_or_mirrored_is_read_as_the_page_shows_it(tmp_path, monkeypatch):
    calls = counting_tesseract(tmp_path / "bin", monkeypatch)
    letter = typed_page(LETTER[:4])
    w, h = letter.width * 72 / DPI, letter.height * 72 / DPI
    turned = letter.transpose(Image.Transpose.ROTATE_270)  # stored a quarter turn clockwise
    ways = {
        "upright.pdf": _one_image_page(letter, (w, h), (w, 0, 0, h, 0, 0)),
        # turned back by the page's /Rotate
        "rotated-page.pdf": _one_image_page(turned, (h, w), (h, 0, 0, w, 0, 0), rotate=270),
        # turned back by the image's matrix
        "turned-image.pdf": _one_image_page(turned, (w, h), (0, h, -w, 0, w, 0)),
        "mirrored.pdf": _one_image_page(
            letter.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (w, h), (-w, 0, 0, h, w, 0)
        ),
    }
    boxes = {}
    for name, data in ways.items():
        (shown,) = words(_clean(tmp_path, name, data))
        boxes[name] = [(x.text, round(x.x_min), round(x.y_min)) for x in shown.words]
    assert [t for t, _, _ in boxes["upright.pdf"]][:4] == [
        "Harbour",
        "Street",
        "Residents",
        "Association",
    ]
    for name in ways:
        assert boxes[name] == boxes["upright.pdf"], name
    assert _reads(calls) == 1  # the same upright image each time: read once


def test_a_scan_drawn_in_strips_is_read_as_one_image(tmp_path, monkeypatch):
    """A printer's PCLm draws a page as strips a few pixels high, none a tenth of the
    page: they are laid one under the other and read once, as the page shows them, and
    `check` names the page a scan."""
    calls = counting_tesseract(tmp_path / "bin", monkeypatch)
    letter = typed_page(LETTER[:4])
    w, h = letter.width * 72 / DPI, letter.height * 72 / DPI
    rows = 32  # pixels a strip
    pdf = pikepdf.new()
    sheet = pdf.add_blank_page(page_size=(w, h))
    strips, drawn = Dictionary(), []
    for number, top in enumerate(range(0, letter.height, rows)):
        strip = letter.crop((0, top, letter.width, min(top + rows, letter.height)))
        strips[f"/S{number}"] = pdf.make_stream(
            strip.tobytes(),
            Type=Name.XObject,
            Subtype=Name.Image,
            Width=strip.width,
            Height=strip.height,
            ColorSpace=Name.DeviceGray,
            BitsPerComponent=8,
        )
        tall = strip.height * 72 / DPI
        drawn.append(
            f"q {w:.4f} 0 0 {tall:.4f} 0 {h - top * 72 / DPI - tall:.4f} cm /S{number} Do Q"
        )
    sheet.obj.Resources = Dictionary(XObject=strips)
    sheet.obj.Contents = pdf.make_stream(" ".join(drawn).encode())
    buffer = io.BytesIO()
    pdf.save(buffer)
    assert len(strips) > 10  # none a tenth of the page
    clean = _clean(tmp_path, "pclm.pdf", buffer.getvalue())
    (shown,) = words(clean)
    assert [x.text for x in shown.words][:4] == ["Harbour", "Street", "Residents", "Association"]
    assert _reads(calls) == 1
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as opened:
        assert ocr.scanned_pages(opened) == [1]


def test_a_photo_a_blank_page_and_a_page_with_text_give_no_words_of_ocr(tmp_path, monkeypatch):
    calls = counting_tesseract(tmp_path / "bin", monkeypatch)
    shapes = random.Random(3)
    photo = Image.new("RGB", (1200, 1600), (120, 160, 200))
    draw = ImageDraw.Draw(photo)
    for _ in range(300):
        x, y, r = shapes.randrange(1200), shapes.randrange(1600), shapes.randrange(5, 80)
        colour = tuple(shapes.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + r, y + r * 2 * shapes.random()), fill=colour)
    photo = photo.filter(ImageFilter.GaussianBlur(1.5))
    blank = Image.new("L", (1654, 2339), 255)
    a4 = (595, 842)
    for name, picture in (("photo.pdf", photo), ("blank.pdf", blank)):
        said: list[Problem] = []
        clean = _clean(tmp_path, name, _one_image_page(picture, a4, (595, 0, 0, 842, 0, 0)), said)
        assert text(clean).strip() == "", name
        assert said == []
    assert _reads(calls) == 2

    # a typed page with its letterhead as a full-page picture behind the text
    data = _one_image_page(blank, a4, (595, 0, 0, 842, 0, 0))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        sheet = pdf.pages[0]
        sheet.obj.Resources.Font = Dictionary(
            F1=Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
        )
        sheet.contents_add(b"BT /F1 12 Tf 72 700 Td (Typed words) Tj ET")
        buffer = io.BytesIO()
        pdf.save(buffer)
    clean = _clean(tmp_path, "typed.pdf", buffer.getvalue())
    assert text(clean).split() == ["Typed", "words"]
    assert _reads(calls) == 2


def test_what_cannot_be_read_is_said_in_one_line_and_the_page_kept(tmp_path, monkeypatch):
    pdf = pikepdf.new()
    sheet = pdf.add_blank_page(page_size=(595, 842))
    image = pdf.make_stream(
        b"not an image at all",
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=1654,
        Height=2339,
        ColorSpace=Name.DeviceGray,
        BitsPerComponent=1,
        Filter=Name.JBIG2Decode,
    )
    sheet.obj.Resources = Dictionary(XObject=Dictionary(Im0=image))
    sheet.obj.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    buffer = io.BytesIO()
    pdf.save(buffer)
    said: list[Problem] = []
    clean = _clean(tmp_path, "broken.pdf", buffer.getvalue(), said)
    assert [str(p) for p in said] == [
        "broken.pdf: warning: page 1 is a scan that could not be read by OCR (its "
        "JBIG2Decode image cannot be decoded); a screen reader finds no words there, so ask "
        "its author for the original file"
    ]
    with pikepdf.open(clean) as kept:
        assert kept.pages[0].obj.Contents.read_bytes() == b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    # said again whenever the clean copy is used, not only when it is made
    said.clear()
    _clean(tmp_path, "broken.pdf", buffer.getvalue(), said)
    assert len(said) == 1


def test_a_tagged_papers_scan_gets_its_words_and_the_pack_still_passes_pdf_ua(tmp_path):
    """A tagged PDF whose page is a scan, described as a figure: the words go in for search
    and copying as page furniture, outside the author's structure, which stays as it was."""
    import page  # page-validation

    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from tests.pdftools import blank_pdf

    pdf = pikepdf.new()
    sheet = pdf.add_blank_page(page_size=(595, 842))
    gray = typed_page(LETTER[:4])
    image = pdf.make_stream(
        gray.tobytes(),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=gray.width,
        Height=gray.height,
        ColorSpace=Name.DeviceGray,
        BitsPerComponent=8,
    )
    sheet.obj.Resources = Dictionary(XObject=Dictionary(Im0=image))
    sheet.obj.Contents = pdf.make_stream(
        b"/Figure <</MCID 0>> BDC q 595 0 0 842 0 0 cm /Im0 Do Q EMC"
    )
    sheet.obj.StructParents = 0
    figure = pdf.make_indirect(
        Dictionary(
            Type=Name.StructElem,
            S=Name.Figure,
            Alt=pikepdf.String("A letter from the Harbour Street Residents Association"),
            Pg=sheet.obj,
            K=0,
        )
    )
    document = pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.Document, K=pikepdf.Array([figure]))
    )
    figure.P = document
    root = pdf.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=document,
            ParentTree=Dictionary(Nums=pikepdf.Array([0, pikepdf.Array([figure])])),
        )
    )
    document.P = root
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String("en-GB")
    buffer = io.BytesIO()
    pdf.save(buffer)

    clean = _clean(tmp_path, "tagged-letter.pdf", buffer.getvalue())
    front = tmp_path / "front.pdf"
    front.write_bytes(blank_pdf())
    pack = tmp_path / "pack.pdf"
    with pack.open("wb") as handle:
        part = Part(clean, "tagged-letter.pdf", "Letter", 1, "1. Letter")
        write_pack(front, [part], handle, PackInfo("Pack", "Council"), duplex=True)
    assert "Dear Councillor Whitfield," in text(pack)
    report = page.validate_pdf(pack, profile="ua1")
    assert report.is_compliant, sorted({(f.rule_id, f.message) for f in report.failures})


@pytest.mark.skipif(not (CORPUS / "manifest.tsv").is_file(), reason="no ../shared/corpus/")
def test_a_black_and_white_jbig2_scan_is_read(tmp_path):
    """pikepdf's JBIG2 test file (a recipe, with a global dictionary) is OCR'd by its own
    scanner already: its picture alone, on a page of its own, is a JBIG2 scan."""
    with pikepdf.open(CORPUS / "pdf" / "pk-jbig2global.pdf") as original:
        recipe = pikepdf.new()
        sheet = recipe.add_blank_page(page_size=(720, 515.52))
        image = recipe.copy_foreign(original.pages[0].resources.XObject.R13)
        sheet.obj.Resources = Dictionary(XObject=Dictionary(Im0=image))
        sheet.obj.Contents = recipe.make_stream(b"q 720 0 0 515.52 0 0 cm /Im0 Do Q")
        buffer = io.BytesIO()
        recipe.save(buffer)
    said: list[Problem] = []
    clean = _clean(tmp_path, "recipe.pdf", buffer.getvalue(), said)
    assert said == []
    assert {"liter", "water"} <= set(text(clean).split())


def test_without_tesseract_a_scan_is_kept_and_said(tmp_path, monkeypatch):
    empty = tmp_path / "no-tesseract"
    empty.mkdir()
    with monkeypatch.context() as without:
        without.setenv("PATH", str(empty))
        ocr.engine.cache_clear()
        said: list[Problem] = []
        data = _one_image_page(typed_page(LETTER[:2]), (595, 842), (595, 0, 0, 842, 0, 0))
        clean = _clean(tmp_path, "letter.pdf", data, said)
    assert text(clean).strip() == ""
    assert [str(p) for p in said] == [
        "letter.pdf: warning: page 1 is a scan and Tesseract is not installed, so a screen "
        "reader finds no words there; install tesseract-ocr and tesseract-ocr-eng (make run "
        "does) and build again with --force"
    ]


@pytest.fixture(autouse=True)
def _fresh_engine():
    yield
    ocr.engine.cache_clear()  # the PATH a test set is gone
