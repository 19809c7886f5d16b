"""A ToUnicode CMap for a simple font whose encoding already says what each code is.

PDF/UA-1 (7.21.7) asks every font for a map of its codes to Unicode. A reader finds it
for most simple fonts without one, by their encoding's glyph names (ISO 32000-1, 9.10.2),
and `check` takes such a font for mapped; the validator does not, for a standard font in
its own encoding (ZapfDingbats' check marks, Symbol) or one whose /Differences name the
glyphs, a Type 3 font's among them (Ghostscript's from a PostScript font of its own, as a
printer driver's bitmap fonts). The map those names make is written out as the font's
/ToUnicode: nothing a reader shows or reads changes, and PDF/UA-1 passes. A font whose
codes nothing names (a symbolic font's own encoding, glyphs named "g17") is left as it
is: that is its author's.
"""

from __future__ import annotations

import re
import unicodedata

import pikepdf
from pdfminer.encodingdb import EncodingDB, name2unicode
from pdfminer.pdfexceptions import PDFKeyError
from pikepdf import Array, Dictionary, Name

_SIMPLE = {"/Type1", "/MMType1", "/TrueType", "/Type3"}
_NAMED_ENCODINGS = {
    "/WinAnsiEncoding": "WinAnsiEncoding",
    "/MacRomanEncoding": "MacRomanEncoding",
    "/StandardEncoding": "StandardEncoding",
}
# The standard fonts whose own encoding is StandardEncoding (ISO 32000-1, 9.6.2.2).
_STANDARD_TEXT = {
    f"{family}{style}"
    for family, styles in (
        ("Helvetica", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Courier", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Times", ("-Roman", "-Bold", "-Italic", "-BoldItalic")),
    )
    for style in styles
}


def _built_in(base: str) -> dict[int, str] | None:
    """Symbol's and ZapfDingbats' own encodings, as text (ISO 32000-1, Annex D.5, D.6)."""
    if base not in ("Symbol", "ZapfDingbats"):
        return None
    # pypdf (a dependency already) keeps both tables; pdfminer has neither
    from pypdf._codecs import _symbol_encoding, _zapfding_encoding

    table: list[str] = _symbol_encoding if base == "Symbol" else _zapfding_encoding
    return {code: text for code, text in enumerate(table) if _readable(text)}


def _spelt(text: str) -> str:
    """A ligature as its letters ("fi" for U+FB01), as poppler reads one without a map:
    a screen reader and a search find the word."""
    if all("\ufb00" <= c <= "\ufb06" for c in text):
        return unicodedata.normalize("NFKC", text)
    return text


def _readable(text: str) -> bool:
    return bool(text) and all(ord(c) >= 0x20 and c not in "\ufffd\ufeff\ufffe" for c in text)


def _base_name(font: Dictionary) -> str:
    base = font.get("/BaseFont")
    try:
        name = str(base) if isinstance(base, Name) else ""
    except UnicodeDecodeError:
        return ""
    return name[1:].split("+")[-1]


def code_text(font: Dictionary) -> dict[int, str] | None:
    """What each code of a simple font is, as its encoding and glyph names say; None for
    a font whose codes they do not all name."""
    if font.get("/Subtype") not in _SIMPLE:
        return None
    base = _base_name(font)
    encoding = font.get("/Encoding")
    differences: Array | None = None
    named: str | None = None
    if isinstance(encoding, Name):
        named = str(encoding)
    elif isinstance(encoding, Dictionary):
        base_encoding = encoding.get("/BaseEncoding")
        named = str(base_encoding) if isinstance(base_encoding, Name) else None
        found = encoding.get("/Differences")
        differences = found if isinstance(found, Array) else None
    elif encoding is not None:
        return None
    table: dict[int, str] | None
    if named is None and font.get("/Subtype") == "/Type3":
        table = {}  # a Type 3 font has no encoding of its own: its /Differences alone
    elif named in _NAMED_ENCODINGS:
        table = dict(EncodingDB.get_encoding(_NAMED_ENCODINGS[named]))
    elif named is None:
        table = _built_in(base)
        if table is None:
            if base not in _STANDARD_TEXT:
                return None  # the font program's own encoding: nothing here names its codes
            table = dict(EncodingDB.get_encoding("StandardEncoding"))
    else:
        return None
    code = 0
    for entry in differences if differences is not None else []:
        if isinstance(entry, int):
            code = int(entry)
            continue
        if not isinstance(entry, Name) or not 0 <= code < 256:
            return None
        if entry == Name("/.notdef"):  # a code that draws nothing: none to map
            table.pop(code, None)
            code += 1
            continue
        try:
            table[code] = _spelt(name2unicode(str(entry)[1:]))
        except (PDFKeyError, KeyError, ValueError, UnicodeDecodeError):
            return None  # a glyph named by nothing a reader knows ("g17")
        code += 1
    return {c: t for c, t in table.items() if 0 <= c < 256 and _readable(t)} or None


def program_text(font: Dictionary) -> dict[int, str] | None:
    """What each code of a composite font in Identity-H or -V with no ToUnicode is, as its
    embedded TrueType program's own Unicode cmap says of the glyph the code draws; None
    where there is no such program or it maps nothing. "Microsoft Print to PDF" writes a
    Word letter's fonts so: its codes are glyph numbers, which poppler, finding no map,
    reads as characters ("3ULQWHG" for "Printed"). A glyph that several characters draw
    (a space and a no-break space) is read as the first of them."""
    if font.get("/Subtype") != "/Type0" or "/ToUnicode" in font:
        return None
    if font.get("/Encoding") not in (Name("/Identity-H"), Name("/Identity-V")):
        return None
    descendants = font.get("/DescendantFonts")
    if not isinstance(descendants, Array) or len(descendants) != 1:
        return None
    cid_font = descendants[0]
    if not isinstance(cid_font, Dictionary) or cid_font.get("/Subtype") != "/CIDFontType2":
        return None
    descriptor = cid_font.get("/FontDescriptor")
    program = descriptor.get("/FontFile2") if isinstance(descriptor, Dictionary) else None
    mapping = cid_font.get("/CIDToGIDMap", Name.Identity)
    if not isinstance(program, pikepdf.Stream):
        return None
    try:
        import io
        import logging

        from fontTools.ttLib import TTFont

        logging.getLogger("fontTools").setLevel(logging.ERROR)
        gids = mapping.read_bytes() if isinstance(mapping, pikepdf.Stream) else None
        if gids is None and mapping != Name.Identity:
            return None
        read = TTFont(io.BytesIO(program.read_bytes()), lazy=True)
        best = read.getBestCmap() or {}  # a Unicode subtable: never a symbol font's (3,0)
        numbers = read.getReverseGlyphMap()
    except Exception:  # noqa: BLE001 (a program fontTools cannot read says nothing)
        return None
    by_glyph: dict[int, str] = {}
    for character in sorted(best):
        text = chr(character)
        number = numbers.get(best[character])
        if number is not None and number not in by_glyph and _readable(text):
            by_glyph[number] = _spelt(text)
    if gids is None:
        table = by_glyph
    else:
        table = {}
        for cid in range(len(gids) // 2):
            gid = int.from_bytes(gids[2 * cid : 2 * cid + 2], "big")
            if gid in by_glyph:
                table[cid] = by_glyph[gid]
    table.pop(0, None)  # the missing glyph, never text
    return table or None


def cmap(table: dict[int, str], width: int = 1) -> bytes:
    """A ToUnicode CMap of codes of `width` bytes (ISO 32000-1, 9.10.3)."""
    pairs = [
        f"<{code:0{2 * width}X}> <{text.encode('utf-16-be').hex().upper()}>"
        for code, text in sorted(table.items())
    ]
    blocks = []
    for start in range(0, len(pairs), 100):  # at most 100 to a block
        chunk = pairs[start : start + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        f"1 begincodespacerange\n<{'00' * width}> <{'FF' * width}>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def add_to_unicode(pdf: pikepdf.Pdf, font: Dictionary) -> bool:
    """Give a simple font without one the /ToUnicode its encoding makes, and a composite
    font of glyph numbers the one its TrueType program makes (`program_text`); whether it
    did."""
    if "/ToUnicode" in font:
        return False
    if font.get("/Subtype") == "/Type0":
        table = program_text(font)
        if table is None:
            return False
        font.ToUnicode = pdf.make_stream(cmap(table, width=2))
        return True
    table = code_text(font)
    if table is None:
        return False
    font.ToUnicode = pdf.make_stream(cmap(table))
    return True


# Two hex strings side by side ("<0003><0020>"): PDF lets them touch, '>' and '<' being
# delimiters (ISO 32000-1, 7.2.2), but PDF/UA-1's validator reads such a CMap as malformed.
_TOUCHING = re.compile(rb"(<[0-9A-Fa-f\s]*>)(?=<[0-9A-Fa-f\s]*>)")


def cmap_bytes(stream: object) -> bytes | None:
    """A ToUnicode CMap's bytes; None where it is no stream, or one no reader can decode
    (nothing to read or mend)."""
    if not isinstance(stream, pikepdf.Stream):
        return None
    try:
        return stream.read_bytes()
    except pikepdf.PdfError:
        return None


def space_cmap(font: Dictionary) -> bool:
    """Write a font's ToUnicode CMap with a space between hex strings that touch; whether
    it did. Each code maps to the same text as before: only the spacing changes."""
    stream = font.get("/ToUnicode")
    data = cmap_bytes(stream)
    if data is None or not isinstance(stream, pikepdf.Stream):
        return False
    spaced = _TOUCHING.sub(rb"\1 ", data)
    if spaced == data:
        return False
    stream.write(spaced)
    return True


# A CMap's blocks of single codes and of ranges (ISO 32000-1, 9.10.3), and their entries:
# a range maps to its first code's text (the next codes to the text after it) or to an
# array of texts, one for each code.
_BLOCK = re.compile(rb"(\d+)\s+begin(bfchar|bfrange)(.*?)end\2", re.S)
_HEX = rb"<([0-9A-Fa-f\s]*)>"
_CHAR = re.compile(_HEX + rb"\s*" + _HEX)
_RANGE = re.compile(_HEX + rb"\s*" + _HEX + rb"\s*(?:" + _HEX + rb"|\[([^\]]*)\])")
_HEX_STRING = re.compile(_HEX)
# What a code may not map to: no character (PDF/UA-1, 7.21.7; the validator's
# PDFUA1-FONT-UNICODE-VALUE-001). fpdf2 maps its code 0, the missing glyph, to U+0000.
_NO_CHARACTER = {"0000", "FEFF", "FFFE"}


def _hex(raw: bytes) -> str:
    return b"".join(raw.split()).decode("ascii").upper()


# A glyph of two or more letters (a ligature) whose text is written in the wrong byte
# order: Ghostscript's pdfwrite (10.0) maps LibreOffice's "tt" in Carlito to <74007400>,
# UTF-16LE, which every reader takes for UTF-16BE, "琀琀" ("Commi琀琀ed"). Each unit of such
# a text is a printable ASCII byte then a zero byte: as Chinese, ideographs that no glyph
# of letters stands for together.
_SWAPPED = re.compile(r"^(?:[2-7][0-9A-F]00){2,}$")


def _byte_order(text: str) -> str:
    """A text written in the wrong byte order (`_SWAPPED`) as it was meant, else as it is."""
    if not _SWAPPED.match(text) or any(text[i : i + 2] == "7F" for i in range(0, len(text), 4)):
        return text
    return "".join(f"00{text[i : i + 2]}" for i in range(0, len(text), 4))


def plain_cmap(font: Dictionary) -> bool:
    """Write a font's ToUnicode CMap with each range that maps to an array of texts as
    single codes, without the codes it maps to no character, and a ligature's letters
    written in the wrong byte order put right; whether it did. A range to an array is
    valid PDF (matplotlib writes only those) that every reader takes, but PDF/UA-1's
    validator reads such a CMap as malformed; a code mapped to U+0000 is read as no text
    by every reader, and fails PDF/UA-1; a ligature's text in UTF-16LE (`_SWAPPED`) is
    read as Chinese. Every other code maps to the text it did."""
    stream = font.get("/ToUnicode")
    data = cmap_bytes(stream)
    if data is None or not isinstance(stream, pikepdf.Stream):
        return False
    found = list(_BLOCK.finditer(data))
    if not found:
        return False
    between = b"".join(data[a.end() : b.start()] for a, b in zip(found, found[1:], strict=False))
    if between.strip():
        return False  # something else among the blocks: left as it is
    chars: list[tuple[str, str]] = []
    ranges: list[tuple[str, str, str]] = []
    changed = False
    for block in found:
        if block[2] == b"bfchar":
            for code, text in _CHAR.findall(block[3]):
                meant = _byte_order(_hex(text))
                changed |= meant != _hex(text)
                chars.append((_hex(code), meant))
            continue
        for first, last, text, texts in _RANGE.findall(block[3]):
            first, last = _hex(first), _hex(last)
            if not texts and first == last and _byte_order(_hex(text)) != _hex(text):
                chars.append((first, _byte_order(_hex(text))))  # a range of one code
                changed = True
                continue
            if not texts and _hex(text) not in _NO_CHARACTER:
                ranges.append((first, last, _hex(text)))
                continue
            changed = True
            if not texts:
                continue  # a range of codes to no character: none read as anything
            try:
                start, end = int(first, 16), int(last, 16)
            except ValueError:
                return False
            width = len(first)
            for offset, each in enumerate(_HEX_STRING.findall(texts)[: end - start + 1]):
                chars.append((f"{start + offset:0{width}X}", _hex(each)))
    kept = [(code, text) for code, text in chars if text not in _NO_CHARACTER]
    if not changed and len(kept) == len(chars):
        return False
    blocks = []
    for kind, entries in (
        ("bfchar", [f"<{code}> <{text}>" for code, text in kept]),
        ("bfrange", [f"<{a}> <{b}> <{text}>" for a, b, text in ranges]),
    ):
        for start in range(0, len(entries), 100):  # at most 100 to a block
            chunk = entries[start : start + 100]
            blocks.append(f"{len(chunk)} begin{kind}\n" + "\n".join(chunk) + f"\nend{kind}")
    body = "\n".join(blocks).encode("ascii")
    stream.write(data[: found[0].start()] + body + data[found[-1].end() :])
    return True


def _utf16(text: str) -> str | None:
    try:
        return bytes.fromhex(text).decode("utf-16-be")
    except ValueError:
        return None


def read_map(font: object) -> tuple[dict[str, str], int, bool] | None:
    """What a font's ToUnicode CMap maps each code to, codes as upper-case hex; how many
    bytes a code takes (the first entry's); and whether that is all it maps (ranges of
    more than 256 codes are left out). None where it has none a reader can decode."""
    if not isinstance(font, Dictionary):
        return None
    data = cmap_bytes(font.get("/ToUnicode"))
    if data is None:
        return None
    found: dict[str, str] = {}
    whole = True
    for block in _BLOCK.finditer(data):
        if block[2] == b"bfchar":
            for code, text in _CHAR.findall(block[3]):
                read = _utf16(_hex(text))
                if read is not None:
                    found[_hex(code)] = read
            continue
        for first, last, text, texts in _RANGE.findall(block[3]):
            first, last = _hex(first), _hex(last)
            try:
                start, end = int(first, 16), int(last, 16)
            except ValueError:
                continue
            if end - start > 256:
                whole = False
                continue
            width = len(first)
            if texts:
                for offset, each in enumerate(_HEX_STRING.findall(texts)[: end - start + 1]):
                    read = _utf16(_hex(each))
                    if read is not None:
                        found[f"{start + offset:0{width}X}"] = read
                continue
            read = _utf16(_hex(text))
            if not read:
                continue
            for offset in range(end - start + 1):
                found[f"{start + offset:0{width}X}"] = read[:-1] + chr(ord(read[-1]) + offset)
    if not found:
        return None
    return found, max(1, len(next(iter(found))) // 2), whole


def remap(pdf: pikepdf.Pdf, font: Dictionary, texts: dict[str, str]) -> bool:
    """Write a font's ToUnicode CMap again with the codes given (upper-case hex) mapped to
    their texts, every other code as it was; whether it did (not where the map is not
    all read)."""
    read = read_map(font)
    if read is None or not read[2]:
        return False
    codes, width, _ = read
    if all(codes.get(code) == text for code, text in texts.items()):
        return False
    codes.update(texts)
    table = {int(code, 16): text for code, text in codes.items() if len(code) == 2 * width}
    font.ToUnicode = pdf.make_stream(cmap(table, width=width))
    return True
