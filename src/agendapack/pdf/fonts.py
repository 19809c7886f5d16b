"""The embedded font of stamps and blank pages, and the stand-ins for non-embedded standard
fonts (Helvetica, Times, Courier).

The fonts are Liberation Sans, Serif and Mono (the metrics of those), cut once to Windows-1252 by
scripts/make_font.py and shipped in fonts/: nothing is subset at run time.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name


def name_text(value: object) -> str:
    """A name as text ("/Helvetica"), "" for what is not one; a name whose bytes are not
    UTF-8 (a hostile PDF's) in its written form, which names no standard font."""
    if not isinstance(value, Name):
        return ""
    try:
        return str(value)
    except UnicodeDecodeError:
        return value.unparse().decode("latin-1")


FONTS = Path(__file__).resolve().parent / "fonts"
STAMP_FONT = "LiberationSans"
# The standard fonts a source may name without embedding them, and the embedded stand-in
# with the same metrics: Liberation Sans for Helvetica (and Arial, which has its metrics),
# Liberation Serif for Times, Liberation Mono for Courier.
_FACES = {
    "": "",
    "-Bold": "-Bold",
    "-Oblique": "-Italic",
    "-Italic": "-Italic",
    "-BoldOblique": "-BoldItalic",
    "-BoldItalic": "-BoldItalic",
}
STAND_INS = {
    **{f"/Helvetica{k}": f"LiberationSans{v}" for k, v in _FACES.items()},
    **{f"/Arial{k}": f"LiberationSans{v}" for k, v in _FACES.items()},
    **{f"/Arial{k}MT": f"LiberationSans{v}" for k, v in _FACES.items()},
    "/Arial,Bold": "LiberationSans-Bold",
    "/Arial,Italic": "LiberationSans-Italic",
    "/Arial,BoldItalic": "LiberationSans-BoldItalic",
    "/Times-Roman": "LiberationSerif",
    "/Times-Bold": "LiberationSerif-Bold",
    "/Times-Italic": "LiberationSerif-Italic",
    "/Times-BoldItalic": "LiberationSerif-BoldItalic",
    "/TimesNewRoman": "LiberationSerif",
    "/TimesNewRomanPSMT": "LiberationSerif",
    **{f"/Courier{k}": f"LiberationMono{v}" for k, v in _FACES.items()},
}


@functools.cache
def _described() -> dict[str, dict[str, Any]]:
    described: dict[str, dict[str, Any]] = json.loads(
        (FONTS / "fonts.json").read_text(encoding="utf-8")
    )
    return described


def text_width(text: str, size: float, font: str = STAMP_FONT) -> float:
    widths = _described()[font]["widths"]
    codes = text.encode("cp1252", errors="replace")
    return sum(widths[c - 32] if c >= 32 else 0 for c in codes) * size / 1000


@functools.cache
def standard_widths(base_font: str = "/Helvetica") -> list[float]:
    """The advance of each Windows-1252 code in a standard font named without its widths
    (Helvetica's for one agendapack does not know), per 1000."""
    widths = _described()[STAND_INS.get(base_font, STAMP_FONT)]["widths"]
    return [float(widths[c - 32]) if c >= 32 else 0.0 for c in range(256)]


class Fonts:
    """The embedded fonts of one output PDF, each written once however often it is used."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self._made: dict[str, pikepdf.Object] = {}

    def font(self, name: str = STAMP_FONT) -> pikepdf.Object:
        if name not in self._made:
            self._made[name] = self._make(name)
        return self._made[name]

    def _make(self, name: str) -> pikepdf.Object:
        described = _described()[name]
        data = (FONTS / described["file"]).read_bytes()
        file = pikepdf.Stream(self.pdf, data)
        file.Length1 = len(data)
        # a fixed subset tag: the same font, the same bytes, in every pack
        base = Name(f"/AGENDA+{name}")
        descriptor = Dictionary(
            Type=Name.FontDescriptor,
            FontName=base,
            # non-symbolic, and fixed-pitch, serif, italic and bold as the face is
            Flags=32
            | (1 if described.get("fixed") else 0)
            | (2 if described.get("serif") else 0)
            | (64 if described.get("italic") else 0)
            | (1 << 18 if described["bold"] else 0),
            FontBBox=Array(described["bbox"]),
            ItalicAngle=described["italic_angle"],
            Ascent=described["ascent"],
            Descent=described["descent"],
            CapHeight=described["cap_height"],
            StemV=120 if described["bold"] else 80,
            FontFile2=self.pdf.make_indirect(file),
        )
        return self.pdf.make_indirect(
            Dictionary(
                Type=Name.Font,
                Subtype=Name.TrueType,
                BaseFont=base,
                FirstChar=32,
                LastChar=255,
                Widths=Array(described["widths"]),
                Encoding=Name.WinAnsiEncoding,
                FontDescriptor=self.pdf.make_indirect(descriptor),
            )
        )

    def stand_in(self, font: pikepdf.Object) -> pikepdf.Object | None:
        """The embedded font for a non-embedded standard font, or None to keep `font`."""
        if not isinstance(font, Dictionary) or font.get("/Subtype") != Name.Type1:
            return None
        descriptor = font.get("/FontDescriptor")
        if isinstance(descriptor, Dictionary) and any(
            k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
        ):
            return None
        replacement = STAND_INS.get(name_text(font.get("/BaseFont")))
        if replacement is None:
            return None
        encoding = font.get("/Encoding")
        if encoding is not None and encoding != Name.WinAnsiEncoding:
            return None  # a differently encoded font would print the wrong characters
        return self.font(replacement)
