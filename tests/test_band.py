"""The "Page N" stamp never covers a page's own content: a form's footer box is made room for."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from agendapack.pdf.collate import PackInfo, Part, write_pack
from tests.pdftools import text, words
from tests.test_collate import _pdf

FOOTER = "Signed FOOTER-LINE-TEXT and dated by the applicant"


def _form(path: Path) -> Path:
    """Page 1 a form with a boxed footer line across the bottom centre and a link in it;
    page 2 the same box at the bottom as shown of a page turned by /Rotate 90; page 3
    nothing near the bottom."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type1,
            BaseFont=Name.Helvetica,
            Encoding=Name.WinAnsiEncoding,
        )
    )
    contents = [
        b"BT /F1 12 Tf 72 760 Td (FORM-BODY application for a licence) Tj ET\n"
        b"0.8 w 40 8 515 30 re S\n"
        b"BT /F1 9 Tf 1 0 0 1 160 20 Tm (" + FOOTER.encode() + b") Tj ET",
        # /Rotate 90: the bottom as shown is the right-hand edge, x = 595
        b"BT /F1 12 Tf 72 400 Td (TURNED-BODY) Tj ET\n"
        b"0.8 w 560 40 28 762 re S\n"
        b"BT /F1 9 Tf 0 1 -1 0 576 300 Tm (TURNED-FOOTER-TEXT) Tj ET",
        b"BT /F1 12 Tf 72 400 Td (CLEAR-PAGE nothing near the bottom) Tj ET",
    ]
    for index, content in enumerate(contents):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(content)
        if index == 0:
            link = Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array([300, 12, 400, 32]),
                Border=Array([0, 0, 0]),
                A=Dictionary(S=Name.URI, URI=pikepdf.String("https://www.example.gov.uk/")),
            )
            page.obj.Annots = Array([pdf.make_indirect(link)])
        if index == 1:
            page.obj.Rotate = 90
    pdf.save(path)
    return path


def _unmarked(data: bytes) -> bytes:
    """A content stream without the marked content that tagging an untagged page adds
    (pdf/tagging.py writes each mark on a line of its own)."""
    return re.sub(rb"\n(?:/\w+ <<[^>]*>> BDC|/Artifact BMC|EMC)\n", b"", data)


def _overlap(a, b) -> bool:
    return a.x_min < b.x_max and b.x_min < a.x_max and a.y_min < b.y_max and b.y_min < a.y_max


def test_a_footer_box_is_made_room_for_and_a_clear_page_is_untouched(tmp_path):
    front = _pdf(tmp_path / "front.pdf", [{"text": "Agenda"}])
    form = _form(tmp_path / "form.pdf")
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        write_pack(
            front,
            [Part(form, "form.pdf", "Licence form", 1, "1. Form")],
            handle,
            PackInfo("Pack", "Council"),
            duplex=False,
        )

    for number, own in ((2, ["FORM-BODY", *FOOTER.split()]), (3, ["TURNED-BODY"])):
        lines = [line.strip() for line in text(out, page=number).splitlines()]
        assert f"Page {number}" in lines, lines  # the stamp as its own line, nothing else
        found = text(out, page=number).split()
        assert all(word in found for word in own), found
    assert "TURNED-FOOTER-TEXT" in text(out, page=3)
    # the stamp's words touch none of the page's own
    for page in words(out)[1:3]:
        at = [w.text for w in page.words].index("Page")
        stamp, others = page.words[at : at + 2], page.words[:at] + page.words[at + 2 :]
        assert not [(s, o) for s in stamp for o in others if _overlap(s, o)]

    with pikepdf.open(out) as pack, pikepdf.open(form) as source:
        shrunk, turned, clear = pack.pages[1:4]
        # the page clear of the band keeps its content stream byte for byte, no transform
        # (but for the marked content its tags add: the source is untagged)
        clear_streams = [_unmarked(s.read_bytes()) for s in clear.obj.Contents]
        assert source.pages[2].obj.Contents.read_bytes() in clear_streams
        assert not [s for s in clear_streams if s.endswith(b" cm\n")]
        # the form's content is untouched too, drawn through one transform put before it
        streams = [_unmarked(s.read_bytes()) for s in shrunk.obj.Contents]
        moved = [s for s in streams if s.endswith(b" cm\n")]
        assert len(moved) == 1 and streams.index(moved[0]) == 1
        assert source.pages[0].obj.Contents.read_bytes() in streams
        # the link moved with the content, out of the band (the bottom 30 points)
        rect = [float(v) for v in shrunk.obj.Annots[0].Rect]
        assert rect[1] > 30 and 295 < rect[0] < 310
        # the turned page shrinks towards its visual top, the left edge
        assert [s.read_bytes() for s in turned.obj.Contents][1].endswith(b" cm\n")


def test_the_example_has_no_page_shrunk(built_example):
    """Its papers keep clear of the bottom 30 points, so every page is drawn as it came."""
    for pack in sorted((built_example / "build").glob("*/*/*pack.pdf")):
        with pikepdf.open(pack) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                contents = page.obj.Contents
                streams = list(contents) if isinstance(contents, Array) else [contents]
                assert not [s for s in streams if s.read_bytes().endswith(b" cm\n")], (
                    pack,
                    number,
                )


def test_what_counts_as_being_in_the_band():
    """An inline image, a form drawn there, a long line turned to run down into it; not a
    line of text ending left of it nor a drawing clipped away."""
    from agendapack.pdf.band import band_is_used

    band = (257.0, 0.0, 338.0, 30.0)
    cases = {
        b"q 10 0 0 10 290 5 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q": True,
        b"q 1 0 0 1 0 -700 cm /Fx Do Q": True,
        b"BT /F1 12 Tf 0 -1 1 0 300 400 Tm (" + b"long line " * 40 + b") Tj ET": True,
        b"BT /F1 12 Tf 72 20 Td (short) Tj ET": False,
        b"/Fx Do": False,
        b"0 0 m 595 842 l n": False,
    }
    for content, expected in cases.items():
        pdf = pikepdf.new()
        page = pdf.add_blank_page(page_size=(595, 842))
        font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
        form = pdf.make_stream(b"250 700 100 50 re f", Type=Name.XObject, Subtype=Name.Form)
        form.BBox = Array([250, 700, 350, 750])
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font), XObject=Dictionary(Fx=form))
        page.obj.Contents = pdf.make_stream(content)
        assert band_is_used(page, band) is expected, content


def test_what_a_build_remembers_of_pages_never_changes_the_pack(tmp_path):
    """A page found clear of the band is not looked at again in the next build (the file is
    named by its content, as the build's cached copies are); a page that needs room still
    gets it, and the two packs are the same bytes."""
    from agendapack.pdf.collate import PageMemo

    front = _pdf(tmp_path / "front.pdf", [{"text": "Agenda"}])
    named = tmp_path / f"{'ab' * 32}.pdf"
    _form(named)
    memo = PageMemo()
    packs = []
    for run in range(2):
        out = tmp_path / f"pack-{run}.pdf"
        with out.open("wb") as handle:
            write_pack(
                front,
                [Part(named, "form.pdf", "Licence form", 1, "1. Form")],
                handle,
                PackInfo("Pack", "Council"),
                duplex=False,
                memo=memo,
            )
        packs.append(out.read_bytes())
        assert memo.band_clear == {f"{'ab' * 32}:2"}  # the clear page only
        lines = [line.strip() for line in text(out, page=2).splitlines()]
        assert "Page 2" in lines
    assert packs[0] == packs[1]


def test_names_and_operators_that_are_not_utf8_are_read_not_raised_on():
    """A hostile stream's name or operator need not be UTF-8 (b"/F\\xa012", b"Tj\\xa0"):
    the band is still judged and loose paths still marked, never a traceback."""
    from agendapack.pdf.band import band_is_used
    from agendapack.pdf.structure import artifact_loose_paths

    band = (257.0, 0.0, 338.0, 30.0)
    for content, expected in {
        b"/F\xa012 /Fx Do": True,  # the form at the bottom is drawn: its name is the last
        b"/Fx /F\xa012 Do": False,  # no such form
        b"BT /F\xa012 12 Tf 72 20 Td (short) Tj\xa0 Tj ET": False,
        b"BT /F2 12 Tf 290 20 Td (centred) Tj ET": True,  # its BaseFont is not UTF-8
    }.items():
        pdf = pikepdf.new()
        page = pdf.add_blank_page(page_size=(595, 842))
        form = pdf.make_stream(b"250 0 100 20 re f", Type=Name.XObject, Subtype=Name.Form)
        form.BBox = Array([250, 0, 350, 20])
        odd = pikepdf.Object.parse(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helv#a0 >>")
        page.obj.Resources = Dictionary(XObject=Dictionary(Fx=form), Font=Dictionary(F2=odd))
        page.obj.Contents = pdf.make_stream(content)
        assert band_is_used(page, band) is expected, content
        page.obj.Contents = pdf.make_stream(b"0 0 m 10 10 l S " + content)
        assert artifact_loose_paths(pdf, page) == (1, 1), content  # the path; the text or form
