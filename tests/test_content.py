"""The quick reading of a page's content only ever gives the answers pikepdf's reading gives.

Collation asks of every page whether anything reaches the stamp's band and whether a tagged
page draws outside its tags. The quick reading (pdf/content.py) answers both for most pages
without pikepdf's parser; where it cannot follow a page it says so, and pikepdf reads it.
These tests hold the two readings to the same answers on arbitrary content.
"""

from __future__ import annotations

import pikepdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pikepdf import Array, Dictionary, Name

from agendapack.pdf import content
from agendapack.pdf.band import BAND_READ, band_is_used
from agendapack.pdf.structure import LOOSE_READ, loose_content, loose_counts

BAND = (257.0, 0.0, 338.0, 30.0)  # the stamp's band at the bottom centre of an A4 page

_NUMBERS = ["0", "1", "-1", "5", "10", "12", "20", "29.5", "30", "31", "45", "300", "700"]
_ODD_NUMBERS = ["1.2.3", "--5", ".", "+", "-.5", "4.", "1e5", "0.0001"]
_ARITY = {
    "q": 0, "Q": 0, "cm": 6, "w": 1, "re": 4, "m": 2, "l": 2, "c": 6, "v": 4, "y": 4,
    "h": 0, "S": 0, "s": 0, "f": 0, "F": 0, "f*": 0, "B": 0, "B*": 0, "b": 0, "b*": 0,
    "n": 0, "W": 0, "W*": 0, "BT": 0, "ET": 0, "Tf": 1, "TL": 1, "Tc": 1, "Tw": 1,
    "Tz": 1, "Ts": 1, "Tm": 6, "Td": 2, "TD": 2, "T*": 0, "EMC": 0, "rg": 3, "RG": 3,
    "g": 1, "d0": 2,
}  # fmt: skip
_OTHER_TOKENS = [
    "/F1", "/Fx", "/P", "/Artifact", "/A#20b", "/F\xa012", "(text)", "(a\\)b)", "(a(b)c)",
    "(])", "()", "<41>", "<4 1>", "<>", "[1 (a) <41>]", "[<0102>-3<03>]", "[[1]]", "[(x)]",
    "<</MCID 0>>", "<</A <</B 1>>>>", "<</ActualText (Page 1)>>", "true", "false", "null",
    "% a comment\n", "Tj", "TJ", "'", '"', "BDC", "BMC", "Do", "sh", "BI", "ID", "EI",
    "MP", "DP", "gs", "{", "}", ")", ">", "]", "\xa0", "\x00",
]  # fmt: skip
_SPACE = st.sampled_from([" ", "\n", "\r\n", "\t", "\x00", "\x0c", ""])


@st.composite
def _instruction(draw) -> str:
    """Mostly well-formed instructions near the band, now and then something odd."""
    kind = draw(st.integers(0, 10))
    if kind <= 5:
        operator = draw(st.sampled_from(sorted(_ARITY)))
        numbers = st.sampled_from(_NUMBERS + (_ODD_NUMBERS if kind == 5 else []))
        operands = draw(st.lists(numbers, min_size=_ARITY[operator], max_size=_ARITY[operator]))
        return " ".join([*operands, operator])
    if kind <= 7:
        shown = draw(st.sampled_from(["(text)", "<0102>", "[<01>-2<02>]", "[(a) 10 (b)]"]))
        operator = draw(st.sampled_from(["Tj", "TJ", "'", '"']))
        return f"{shown} {operator}" if operator != '"' else f"1 2 {shown} {operator}"
    if kind == 8:
        tag = draw(st.sampled_from(["/P <</MCID 0>> BDC", "/Artifact BMC", "EMC", "/Fx Do"]))
        return tag
    if kind == 9:  # a whole path, painted
        corner = " ".join(draw(st.lists(st.sampled_from(_NUMBERS), min_size=4, max_size=4)))
        return f"{corner} re {draw(st.sampled_from(['f', 'S', 'n', 'B*', 'W n']))}"
    return draw(st.sampled_from(_OTHER_TOKENS))


@st.composite
def _stream(draw) -> bytes:
    parts = draw(st.lists(_instruction(), max_size=30))
    spaces = draw(st.lists(_SPACE, min_size=len(parts), max_size=len(parts)))
    text = "".join(part + space for part, space in zip(parts, spaces, strict=True))
    return text.encode("latin-1")


_KEPT: list[pikepdf.Pdf] = []  # a page is usable only while its PDF is open


def _page(data: bytes) -> pikepdf.Page:
    pdf = pikepdf.new()
    _KEPT[:] = [pdf]
    page = pdf.add_blank_page(page_size=(595, 842))
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    form = pdf.make_stream(b"250 0 100 50 re f", Type=Name.XObject, Subtype=Name.Form)
    form.BBox = Array([250, 0, 350, 50])
    page.obj.Resources = Dictionary(Font=Dictionary(F1=font), XObject=Dictionary(Fx=form))
    page.obj.Contents = pdf.make_stream(data)
    return page


def _pikepdf_band_answer(page: pikepdf.Page) -> bool:
    try:
        parsed = pikepdf.parse_content_stream(page, BAND_READ)
    except (pikepdf.PdfError, TypeError, ValueError):
        return True  # what the scan says of content it cannot read
    return band_is_used(page, BAND, instructions=parsed)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_stream())
def test_the_quick_reading_agrees_with_pikepdf_or_leaves_the_page_to_it(data):
    page = _page(data)
    quick = content.instructions(page)
    if quick is None:
        return  # not followed: pikepdf reads the page, as the next assertion shows
    assert band_is_used(page, BAND, quick=quick) is _pikepdf_band_answer(page), data
    try:
        parsed = pikepdf.parse_content_stream(page, LOOSE_READ)
    except (pikepdf.PdfError, TypeError, ValueError):
        return
    operators = (operator for _, operator, _ in quick)
    assert loose_counts(operators) == loose_content(parsed), data


def test_what_the_quick_reading_leaves_to_pikepdf():
    """An inline image, a comment, a string with brackets inside, an array in an array, a
    stray bracket, what qpdf reads otherwise or refuses (a number glued to its operator, a
    % inside an array, a word of digits and signs that is no number, a hex string that is
    not hex): the page is read by pikepdf instead."""
    for data in [
        b"q 10 0 0 10 290 5 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q",
        b"% a comment\n0 0 m 10 10 l S",
        b"BT /F1 12 Tf 72 20 Td (a (nested) string) Tj ET",
        b"[[1 2] 3] 0 d",
        b"0 0 m 10 10 l S )",
        b"1 0 0 1 0 700cm 290 0 10 10 re f",
        b"[%]\n290 0 10 10 re f [\n] 0 d",
        b"BT /F1 12 Tf 72 700 Td [<01>1-2<02>] TJ ET",
        b"BT /F1 12 Tf 72 700 Td [<zz>] TJ ET",
        b"/P <</MCID 0 /X 1.2.3>> BDC 290 0 10 10 re f EMC",
    ]:
        assert content.instructions(_page(data)) is None, data
    followed = content.instructions(_page(b"BT /F1 12 Tf 72 700 Td [(a\\)b) -3 <0102>] TJ ET"))
    assert followed is not None
    assert [operator for _, operator, _ in followed] == ["BT", "Tf", "Td", "TJ", "ET"]


def test_numbers_are_taken_as_pikepdf_takes_them():
    assert content.numbers(" 1 0 0 1 72.5 -.5 ", 6) == [1, 0, 0, 1, 72.5, -0.5]
    assert content.numbers("/F1 12 ", 1) == [12.0]
    assert content.numbers("/F\xa012 ", 1) is None  # a name with a no-break space in it
    assert content.numbers("1 2.3.4 ", 2) is None
    assert content.numbers("12 ", 2) is None
    assert content.numbers(" 1 true 0 ", 2) is None  # pikepdf would take true as 1
    assert content.numbers(" 9223372036854775808 ", 1) is None  # qpdf: past 64 bits, null
    assert content.numbers(" " + "7" * 5000 + " ", 1) is None  # not a Python error either
    assert content.numbers(" 9223372036854775807 ", 1) == [9223372036854775807.0]


def test_every_page_of_the_example_is_answered_alike_by_both_readings(built_example):
    """The example's packs: their sources' pages, as LibreOffice and make_example wrote
    them, get the same answers from both readings, and most are followed quickly."""
    followed = total = 0
    for pdf_path in sorted((built_example / "build/.cache/clean").glob("*.pdf")):
        with pikepdf.open(pdf_path) as pdf:
            for page in pdf.pages:
                total += 1
                quick = content.instructions(page)
                if quick is None:
                    continue
                followed += 1
                assert band_is_used(page, BAND, quick=quick) is _pikepdf_band_answer(page)
                parsed = pikepdf.parse_content_stream(page, LOOSE_READ)
                operators = (operator for _, operator, _ in quick)
                assert loose_counts(operators) == loose_content(parsed)
    assert total and followed == total


def test_a_hostile_stream_is_read_in_one_pass():
    """Operands with no operator after them, brackets and strings never closed: each page
    is left to pikepdf, and each stream is read in one pass, not in minutes of trying
    every start again (a 2 MB stream of numbers took half an hour before)."""
    import signal

    def too_long(signum, frame):
        raise TimeoutError("the quick reading backtracks")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(30)
    try:
        for data in [
            b"1 " * 1_000_000,
            b"q Q " + b"1 " * 1_000_000,
            b"[" + b"1 " * 1_000_000,
            b"(" + b"a " * 1_000_000,
            b"<<" + b"/A 1 " * 200_000,
            b"[(" * 200_000,
        ]:
            assert content.instructions(_page(data)) is None, data[:20]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    ended = content.instructions(_page(b"q 1 0 0 1 0 0 cm Q \n"))
    assert ended is not None and [operator for _, operator, _ in ended] == ["q", "cm", "Q"]


def test_what_a_second_trial_found():
    """qpdf's white space includes the vertical tab; it reads an integer past 64 bits or a
    name with #00 as an error and stops reading a stream after 15 errors; a filter it
    cannot decode raises QpdfRuntimeError, which is no PdfError. Each is read alike or
    left to pikepdf, and none raises."""
    import zlib

    for data in [
        b"290 0 10 10 re\x0bf",
        b"BT /F1 12 Tf 1 0 0 1 290 700 Tm 0 -695 Td\x0b(x) Tj ET",
        b"BT\x0bET",
        b"/Artifact BMC 72 700 m 100 700 l S EMC\x0b72 710 m 90 710 l S",
    ]:
        page = _page(data)
        quick = content.instructions(page)
        assert quick is not None, data
        assert band_is_used(page, BAND, quick=quick) is _pikepdf_band_answer(page), data
        operators = (operator for _, operator, _ in quick)
        assert loose_counts(operators) == loose_content(
            pikepdf.parse_content_stream(page, LOOSE_READ)
        ), data
    for data in [
        b"9223372036854775808 g " * 15 + b"290 0 10 10 re f",
        b"/A#00 gs " * 15 + b"290 0 10 10 re f",
        b"0" * 4301 + b" w 290 0 10 10 re f",
    ]:
        assert content.instructions(_page(data)) is None, data[:30]
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    for stream in [
        pikepdf.Stream(pdf, b"290 0 10 10 re f", Filter=Name.LZWDecode),
        pikepdf.Stream(
            pdf,
            zlib.compress(b"\x00290 0 10 10 re f"),
            Filter=Name.FlateDecode,
            DecodeParms=Dictionary(Predictor=12, Columns=16, Colors=0),
        ),
    ]:
        page.obj.Contents = stream
        assert content.instructions(page) is None
        assert band_is_used(page, BAND) is True  # what cannot be read is not shown clear


def test_a_page_qpdf_reads_only_in_part_keeps_its_paths_and_its_words():
    """After 15 errors qpdf stops reading a stream, with no more than a warning: a page
    with a loose path before that point is not written again from what was read (the
    text after it would be lost), and keeps its paths as they are."""
    from agendapack.pdf.structure import artifact_loose_paths

    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    data = (
        b"72 700 m 100 700 l S "
        + b"9223372036854775808 g " * 15
        + b"BT /F1 12 Tf 72 600 Td (KEPT-WORDS) Tj ET"
    )
    page.obj.Contents = pdf.make_stream(data)
    assert artifact_loose_paths(pdf, page)[0] == 1
    assert page.obj.Contents.read_bytes() == data


def test_a_pages_streams_split_inside_a_string_are_joined_as_a_reader_joins_them():
    """qpdf's split-content-stream.pdf splits "(Pot" from "ato) Tj": poppler draws
    "Potato", and a line break between them (as qpdf joins streams) would be a code of
    its own, drawn with no glyph. Split between tokens, the streams get the line break
    that keeps "Tj" and "ET" apart; brackets escaped or in a comment open no string."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    parts = [b"BT /F1 24 Tf 72 720 Td (Pot", b"ato) Tj", b"ET"]
    page.obj.Contents = Array([pdf.make_stream(part) for part in parts])
    quick = content.instructions(page)
    assert quick is not None
    assert [(operands.strip(), operator) for operands, operator, _ in quick][-2:] == [
        ("(Potato)", "Tj"),
        ("", "ET"),
    ]
    assert content.content_bytes(page) == b"BT /F1 24 Tf 72 720 Td (Potato) Tj\nET"
    assert content.join_streams([b"(a\\) b", b"c) Tj"]) == b"(a\\) bc) Tj"
    assert content.join_streams([b"(a\\\\", b") Tj"]) == b"(a\\\\) Tj"
    assert content.join_streams([b"(a (b)", b" c) Tj"]) == b"(a (b) c) Tj"
    assert content.join_streams([b"% (no string", b"Q"]) == b"% (no string\nQ"
    assert content.join_streams([b"(a) Tj", b"Q"]) == b"(a) Tj\nQ"
