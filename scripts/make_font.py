"""The embedded fonts of stamps and blank pages, made once from Debian's fonts-liberation2.

Liberation Sans has Helvetica's (Arial's) metrics, Liberation Serif Times's and Liberation
Mono Courier's, so they also stand in for a source's non-embedded standard fonts. Run once
and commit what it writes (the package never subsets at run time):
`python scripts/make_font.py` (needs fontTools, `pip install fonttools`).

Each font is cut to the characters of Windows-1252, the encoding the pack's text is written
in, and the few more of PDF's Latin character set (ISO 32000-1, Annex D.2: fi, Lslash,
dotlessi...), which a standard font in MacRoman, StandardEncoding or a /Differences array
may draw (the stand-in made for such a font, fonts.Fonts.stand_in); and described in
fonts/fonts.json: the widths (of Windows-1252) and descriptor values a PDF font needs.
"""

from __future__ import annotations

import json
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/liberation2")
TARGET = Path(__file__).resolve().parent.parent / "src" / "agendapack" / "pdf" / "fonts"
# Liberation Sans, Serif and Mono have the metrics of Helvetica, Times and Courier: the
# twelve text faces of PDF's standard fonts, which a PDF may name without embedding.
FONTS = {
    f"Liberation{family}{'-' + style if style else ''}": (
        f"Liberation{family}-{style or 'Regular'}.ttf"
    )
    for family in ("Sans", "Serif", "Mono")
    for style in ("", "Bold", "Italic", "BoldItalic")
}


def _codes() -> dict[int, str]:
    """Each code 32..255 of Windows-1252 and its character (undefined codes left out)."""
    codes = {}
    for code in range(32, 256):
        try:
            codes[code] = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return codes


def _latin() -> list[int]:
    """Each character of a glyph name of PDF's Latin character set (Annex D.2)."""
    from fontTools.agl import toUnicode
    from pdfminer.latin_enc import ENCODING

    return sorted({ord(c) for row in ENCODING for c in toUnicode(str(row[0]))})


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    codes = _codes()
    described = {}
    for name, file in FONTS.items():
        options = subset.Options()
        options.hinting = False
        options.name_IDs = ["*"]  # the copyright and licence records stay with the font
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.recalc_timestamp = False  # the same font from the same source, byte for byte
        font = TTFont(SOURCE / file, recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted({ord(c) for c in codes.values()} | set(_latin())))
        subsetter.subset(font)
        out = TARGET / f"{name}.ttf"
        font.save(out)
        font = TTFont(out)
        scale = 1000 / font["head"].unitsPerEm
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        widths = [
            round(hmtx[cmap[ord(codes[code])]][0] * scale)
            if code in codes and ord(codes[code]) in cmap
            else 0
            for code in range(32, 256)
        ]
        head, os2, post = font["head"], font["OS/2"], font["post"]
        described[name] = {
            "file": out.name,
            "widths": widths,  # codes 32 to 255
            "bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
            "ascent": round(os2.sTypoAscender * scale),
            "descent": round(os2.sTypoDescender * scale),
            "cap_height": round(getattr(os2, "sCapHeight", 0) * scale),
            "italic_angle": post.italicAngle,
            "bold": "Bold" in name,
            "italic": "Italic" in name,
            "serif": "Serif" in name,
            "fixed": "Mono" in name,
        }
    (TARGET / "fonts.json").write_text(
        json.dumps(described, separators=(",", ":")) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
