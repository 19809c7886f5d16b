"""Measurement: what OCR costs a build per scanned page (issue 26, part 2).

Run: .venv/bin/python benchmarks/ocr.py [PAGES]   (needs Tesseract: `make test` installs
tesseract-ocr). Makes a scanned letter of PAGES pages (8 by default) as a scanner's PDF
holds it, each page one image and no text: greyscale at 200 dpi (JPEG), black and white
at 300 dpi (CCITT group 4), and the greyscale letter fed into the scanner upside down.
For each, times the clean copy a build makes of it (pdf/sanitise.py `cleaned`), medians
of three runs:

  (a) without OCR: the cleaning alone, as before OCR;
  (b) first build: every page read by Tesseract, with 1 and with the default number of
      Tesseract processes at once;
  (c) cached: the clean copy made again with every reading in build/.cache/ocr/ (the
      clean copy itself is cached too, so a real rebuild costs less still).

Reported, never asserted: this is not a test.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from agendapack.pdf import ocr
from agendapack.pdf.sanitise import cleaned

FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
WORDS = (
    "the",
    "council",
    "committee",
    "library",
    "residents",
    "report",
    "budget",
    "meeting",
    "proposal",
    "consultation",
    "service",
    "children",
    "school",
    "road",
    "planning",
    "application",
    "housing",
    "decision",
    "officer",
    "members",
)


def typed_page(dpi: int, mode: str, seed: int) -> Image.Image:
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    picture = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.truetype(FONT, int(11 / 72 * dpi))
    chosen = random.Random(seed)
    for line in range(40):  # a full page of typing
        words = " ".join(chosen.choice(WORDS) for _ in range(12))
        draw.text((int(dpi), int((1 + line * 0.23) * dpi)), words, font=font, fill=0)
    picture = picture.rotate(0.5, fillcolor=255, resample=Image.Resampling.BICUBIC)
    return picture.convert(mode)


def timed(run, times: int = 3) -> float:
    taken = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        taken.append(time.perf_counter() - started)
    return statistics.median(taken)


def _emptied(folder: Path) -> None:
    for stale in folder.glob("*"):
        stale.unlink()


def measure(root: Path, pages: int, dpi: int, mode: str, kind: str, turn: int = 0) -> None:
    images = [typed_page(dpi, mode, seed).rotate(turn) for seed in range(pages)]
    source = root / "scan.pdf"
    images[0].save(source, resolution=dpi, save_all=True, append_images=images[1:])
    clean, readings = root / "clean", root / "ocr"

    def without_ocr() -> None:
        _emptied(clean)
        cleaned(source, clean, "scan.pdf")

    def first() -> None:
        _emptied(clean)
        _emptied(readings)
        cleaned(source, clean, "scan.pdf", scans=readings, warnings=[])

    def from_cache() -> None:
        _emptied(clean)
        cleaned(source, clean, "scan.pdf", scans=readings, warnings=[])

    print(f"\n{kind} at {dpi} dpi, {source.stat().st_size >> 10} KB")
    plain = timed(without_ocr)
    print(f"(a) without OCR          {plain:6.2f} s  {plain / pages:5.2f} s a page")
    default = ocr.MAX_WORKERS
    for workers in sorted({1, 2, default}):
        ocr.MAX_WORKERS = workers
        taken = timed(first)
        print(f"(b) first, {workers} at once     {taken:6.2f} s  {taken / pages:5.2f} s a page")
    ocr.MAX_WORKERS = default
    cached = timed(from_cache)
    print(f"(c) readings cached      {cached:6.2f} s  {cached / pages:5.2f} s a page")


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    tesseract = ocr.engine()
    if tesseract is None:
        sys.exit("Tesseract is not installed: make test installs it")
    print(f"{tesseract.version}, {pages} scanned pages, {os.cpu_count()} cores; medians of 3")
    for dpi, mode, kind, turn in (
        (200, "L", "greyscale JPEG", 0),
        (300, "1", "black and white CCITT", 0),
        # fed into the scanner upside down: read, found turned, read again
        (200, "L", "greyscale JPEG fed upside down", 180),
    ):
        with tempfile.TemporaryDirectory() as folder:
            measure(Path(folder), pages, dpi, mode, kind, turn)


if __name__ == "__main__":
    main()
