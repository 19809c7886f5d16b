"""The embedded font of stamps and blank pages, and the stand-ins for non-embedded standard
fonts (Helvetica, Times, Courier).

The fonts are Liberation Sans, Serif and Mono (the metrics of those), cut once to Windows-1252
and PDF's Latin character set by scripts/make_font.py and shipped in fonts/. A standard font
drawing what WinAnsi has at another code, or not at all (MacRoman's en dash, fi), is given a
stand-in subset from them at run time, made for its encoding (`Fonts.stand_in`).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
from collections.abc import Callable
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
    # Liberation itself, named and not embedded (as qpdf writes a form field's appearance)
    **{
        f"/Liberation{family}{face}": f"Liberation{family}{face}"
        for family in ("Sans", "Serif", "Mono")
        for face in ("", "-Bold", "-Italic", "-BoldItalic")
    },
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
        # the stand-ins made for an encoding, by what they draw and read: one for each
        # (font, glyph of each code, text of each code), however many pages share it
        self._encoded: dict[tuple[str, tuple[tuple[int, str], ...], bytes], pikepdf.Object] = {}

    def font(self, name: str = STAMP_FONT) -> pikepdf.Object:
        if name not in self._made:
            self._made[name] = self._make(name)
        return self._made[name]

    def _descriptor(
        self, described: dict[str, Any], base: Name, file: pikepdf.Stream, kind: int
    ) -> Dictionary:
        """The descriptor of an embedded Liberation face: `kind` symbolic (4) or not (32),
        and fixed-pitch, serif, italic and bold as the face is."""
        return Dictionary(
            Type=Name.FontDescriptor,
            FontName=base,
            Flags=kind
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

    def _make(self, name: str) -> pikepdf.Object:
        described = _described()[name]
        data = (FONTS / described["file"]).read_bytes()
        file = pikepdf.Stream(self.pdf, data)
        file.Length1 = len(data)
        # a fixed subset tag: the same font, the same bytes, in every pack
        base = Name(f"/AGENDA+{name}")
        # non-symbolic: its codes are WinAnsi's
        descriptor = self._descriptor(described, base, file, kind=32)
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

    def stand_in(
        self, font: pikepdf.Object, drawn: Callable[[], set[int] | None] = lambda: None
    ) -> pikepdf.Object | None:
        """The embedded font for a non-embedded standard font, or None to keep `font`.

        A WinAnsi font is given the stand-in (WinAnsi too) as it is. So is one in an
        encoding of its own (a /Differences array, as Acrobat writes a form's Helvetica;
        MacRoman; a TrueType Courier's StandardEncoding) if each code `drawn` says it
        draws is one whose glyph is WinAnsi's at that code: the same glyphs at the same
        places, and the same text read (the stand-in's encoding names them). A font
        drawing another glyph at a code (MacRoman's en dash at 208, where WinAnsi has
        "\u00d0"), or one WinAnsi has not (fi, Lslash), is given a stand-in made for its
        encoding instead (`_encoded_stand_in`): a /Differences array on the WinAnsi
        stand-in would draw it right in a reader, but PDF/UA-1's validator does not
        follow one when it measures a TrueType font's widths. A font whose codes drawn
        cannot be known, or that draws a glyph Liberation has not, stays."""
        if not isinstance(font, Dictionary) or font.get("/Subtype") not in (
            Name.Type1,
            Name.TrueType,
        ):
            return None
        descriptor = font.get("/FontDescriptor")
        if isinstance(descriptor, Dictionary) and any(
            k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
        ):
            return None
        replacement = STAND_INS.get(name_text(font.get("/BaseFont")))
        if replacement is None:
            return None
        if font.get("/Encoding") != Name.WinAnsiEncoding:
            names = glyph_names(font)
            codes = drawn() if names is not None else None
            if names is None or codes is None:
                return None
            winansi = _encoding_names(_COLUMNS["/WinAnsiEncoding"])
            if any(code not in winansi or names.get(code) != winansi[code] for code in codes):
                # another glyph than the stand-in's at a code, or one it has not
                return self._encoded_stand_in(replacement, font, names, codes)
        return self.font(replacement)

    def _encoded_stand_in(
        self, name: str, font: Dictionary, names: dict[int, str], codes: set[int]
    ) -> pikepdf.Object | None:
        """The stand-in `name` made for a font in an encoding of its own: a symbolic
        TrueType font whose program is Liberation cut to the glyphs drawn, each at the
        code that draws it (its (3,0) cmap, which a reader and the validator follow for
        a symbolic font with no /Encoding: ISO 32000-1, 9.6.6.4; PDF/UA-1, 7.21.6), its
        /Widths the program's, and a /ToUnicode map saying what each code reads as. None
        (the font kept) where a code draws a glyph Liberation has not, or reads as
        nothing known."""
        from agendapack.pdf.tounicode import cmap, cmap_bytes, code_text

        drawn = {code: names[code] for code in sorted(codes) if code in names}
        if not drawn or len(drawn) != len(codes) or ".notdef" in drawn.values():
            return None
        # read as before: the font's own map, if it has one; else what its encoding says
        unicode = cmap_bytes(font.get("/ToUnicode"))
        if unicode is None:
            text = code_text(font) or {}
            if any(code not in text for code in drawn):
                return None
            unicode = cmap({code: text[code] for code in drawn})
        key = (name, tuple(drawn.items()), unicode)
        if key not in self._encoded:
            made = _encoded_program(name, drawn)
            if made is None:
                return None
            self._encoded[key] = self._encoded_font(name, key, made, unicode)
        return self._encoded[key]

    def _encoded_font(
        self,
        name: str,
        key: tuple[str, tuple[tuple[int, str], ...], bytes],
        made: tuple[bytes, dict[int, float]],
        unicode: bytes,
    ) -> pikepdf.Object:
        described = _described()[name]
        data, widths = made
        file = pikepdf.Stream(self.pdf, data)
        file.Length1 = len(data)
        # a subset tag of six capitals from what it draws: the same made font, the same
        # name and bytes, in every pack; another subset, another name
        digest = hashlib.sha256(repr(key).encode()).digest()
        tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
        base = Name(f"/{tag}+{name}")
        # symbolic: its codes are its program's own, by the (3,0) cmap
        descriptor = self._descriptor(described, base, file, kind=4)
        first, last = min(widths), max(widths)
        return self.pdf.make_indirect(
            Dictionary(
                Type=Name.Font,
                Subtype=Name.TrueType,
                BaseFont=base,
                FirstChar=first,
                LastChar=last,
                Widths=Array([widths.get(code, 0) for code in range(first, last + 1)]),
                FontDescriptor=self.pdf.make_indirect(descriptor),
                ToUnicode=self.pdf.make_stream(unicode),
            )
        )


def _encoded_program(name: str, drawn: dict[int, str]) -> tuple[bytes, dict[int, float]] | None:
    """The program of Liberation `name` cut to the glyphs `drawn` names, each at its code
    in a (3,0) cmap (0xF000 + the code) and nothing else, and the width of each code per
    1000; None if Liberation has not a glyph named."""
    from fontTools import subset
    from fontTools.agl import toUnicode
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    font = TTFont(FONTS / _described()[name]["file"], recalcTimestamp=False)
    # a glyph by its character: the cut's glyph names are not all Adobe's ("uniFB01")
    characters = font.getBestCmap()
    glyphs: dict[int, str] = {}
    for code, glyph_name in drawn.items():
        text = toUnicode(glyph_name)
        glyph = characters.get(ord(text)) if len(text) == 1 else None
        if glyph is None:
            return None
        glyphs[code] = glyph
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]  # the copyright and licence records stay with the font
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=sorted(set(glyphs.values())))
    subsetter.subset(font)
    symbols = CmapSubtable.newSubtable(4)
    symbols.platformID, symbols.platEncID, symbols.language = 3, 0, 0
    symbols.cmap = {0xF000 + code: glyph for code, glyph in glyphs.items()}
    font["cmap"].tables = [symbols]
    scale = 1000 / font["head"].unitsPerEm
    widths = {code: round(font["hmtx"][glyph][0] * scale, 3) for code, glyph in glyphs.items()}
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue(), widths


# The columns of pdfminer's table of the Latin glyph names (name, Standard, MacRoman,
# WinAnsi, PDFDoc): the code each encoding gives each name (ISO 32000-1, Annex D.2).
_COLUMNS = {"/StandardEncoding": 1, "/MacRomanEncoding": 2, "/WinAnsiEncoding": 3}


@functools.cache
def _encoding_names(column: int) -> dict[int, str]:
    from pdfminer.latin_enc import ENCODING

    names: dict[int, str] = {}
    for row in ENCODING:
        code = row[column]
        if isinstance(code, int):
            names.setdefault(code, str(row[0]))  # the first name of a code is its own
    return names


def glyph_names(font: Dictionary) -> dict[int, str] | None:
    """The glyph name each code of a standard text font draws, as its encoding says; None
    for an encoding that is not a Latin one with named glyphs."""
    encoding = font.get("/Encoding")
    base: object = encoding
    differences: object = None
    if isinstance(encoding, Dictionary):
        base = encoding.get("/BaseEncoding")
        differences = encoding.get("/Differences")
    # a standard text font's own encoding is StandardEncoding (ISO 32000-1, 9.6.6.2)
    column = _COLUMNS.get(name_text(base) or "/StandardEncoding")
    if column is None or (encoding is not None and not isinstance(encoding, (Name, Dictionary))):
        return None
    names = dict(_encoding_names(column))
    if differences is not None:
        if not isinstance(differences, Array):
            return None
        code = 0
        for entry in differences:
            if isinstance(entry, int):
                code = int(entry)
            elif isinstance(entry, Name) and 0 <= code < 256:
                names[code] = name_text(entry)[1:]
                code += 1
            else:
                return None
    return names


def codes_drawn(holder: pikepdf.Object) -> dict[str, set[int]]:
    """The codes a page's or form's own content draws in each of its fonts, by the font's
    name in its resources; under "" what it draws in a font it does not name (one a form
    inherits from the page that draws it)."""
    drawn: dict[str, set[int]] = {}
    current: str | None = None
    saved: list[str | None] = []
    try:
        instructions = pikepdf.parse_content_stream(holder, "q Q Tf Tj TJ ' \"")
    except pikepdf.PdfError:
        return {}
    for instruction in instructions:
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue  # an inline image
        operands, op = list(instruction.operands), str(instruction.operator)
        if op == "q":
            saved.append(current)
        elif op == "Q":
            current = saved.pop() if saved else current
        elif op == "Tf" and operands and isinstance(operands[0], Name):
            current = name_text(operands[0])
        elif op in ("Tj", "'", '"', "TJ") and operands:
            strings = operands[-1] if op == "TJ" else [operands[-1]]
            codes = drawn.setdefault(current or "", set())
            for item in strings:
                if isinstance(item, pikepdf.String):
                    codes.update(bytes(item))
    return drawn


class DrawnCodes:
    """The codes the pages of one paper draw in each of their fonts, in their own content,
    their forms' and their annotations' appearances: read once, and only if a font needs
    them (fonts.stand_in)."""

    def __init__(self, pages: list[pikepdf.Object]) -> None:
        self.pages = pages
        self._codes: dict[tuple[int, int], set[int]] | None = None
        self._inherited = False  # a form's text in a font it names not: nothing is known

    def codes(self, font: pikepdf.Object) -> set[int] | None:
        """The codes drawn in `font`; None where that cannot be known."""
        if self._codes is None:
            self._codes = {}
            seen: set[tuple[int, int]] = set()
            for page in self.pages:
                self._read(page, seen)
                for annotation in page.get("/Annots", Array()):
                    appearances = (
                        annotation.get("/AP") if isinstance(annotation, Dictionary) else None
                    )
                    if not isinstance(appearances, Dictionary):
                        continue
                    for key in list(appearances.keys()):
                        state = appearances[key]
                        if isinstance(state, pikepdf.Stream):
                            self._read(state, seen)
                        elif isinstance(state, Dictionary):
                            for each in list(state.keys()):
                                if isinstance(state[each], pikepdf.Stream):
                                    self._read(state[each], seen)
        if self._inherited or not font.is_indirect:
            return None
        return self._codes.get(font.objgen, set())

    def _read(self, holder: pikepdf.Object, seen: set[tuple[int, int]]) -> None:
        if holder.is_indirect:
            if holder.objgen in seen:
                return
            seen.add(holder.objgen)
        assert self._codes is not None
        resources = holder.get("/Resources")
        if not isinstance(resources, Dictionary):
            resources = Dictionary()
        fonts = resources.get("/Font")
        for name, codes in codes_drawn(holder).items():
            try:
                font = fonts.get(name) if isinstance(fonts, Dictionary) else None
            except (KeyError, ValueError):  # a name not UTF-8: a hostile PDF's
                font = None
            if name == "" or font is None:
                self._inherited = True
            elif font.is_indirect:
                self._codes.setdefault(font.objgen, set()).update(codes)
        xobjects = resources.get("/XObject")
        if isinstance(xobjects, Dictionary):
            for key in list(xobjects.keys()):
                form = xobjects[key]
                if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == Name.Form:
                    self._read(form, seen)
