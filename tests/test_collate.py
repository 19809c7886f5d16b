"""Collation of PDFs from other tools: odd page boxes, rotations, links, forms, encryption."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    RectangleObject,
    TextStringObject,
)

from agendapack.pdf.collate import BLANK_TEXT, PackInfo, Part, page_range, paginate, write_pack
from agendapack.pdf.opening import FONT_NAME, standard_font, text_stream
from tests.pdftools import text, words


def _pdf(
    path: Path,
    pages: list[dict],
    *,
    encrypt_owner: bool = False,
    attach: bool = False,
    outline: bool = False,
) -> Path:
    """A PDF whose pages have the boxes and rotations given, each with a line of text."""
    writer = PdfWriter()
    font = writer._add_object(standard_font())
    for index, spec in enumerate(pages):
        box = spec.get("mediabox", (0, 0, 595, 842))
        page = writer.add_blank_page(box[2] - box[0], box[3] - box[1])
        page.mediabox = RectangleObject(box)
        if "cropbox" in spec:
            page.cropbox = RectangleObject(spec["cropbox"])
        # an unbalanced transform, as some generators leave behind
        prefix = b"q 0.5 0 0 0.5 0 0 cm " if spec.get("dirty") else b""
        stream = DecodedStreamObject()
        stream.set_data(
            prefix
            + text_stream(
                [(box[0] + 72, box[1] + 400, 12, spec.get("text", f"source page {index + 1}"))]
            )
        )
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject(FONT_NAME): font})}
        )
        if spec.get("rotate"):
            page.rotate(spec["rotate"])
        if spec.get("link"):
            writer.add_annotation(
                index, Link(rect=(72, 72, 200, 90), url="https://www.example.gov.uk/")
            )
    if attach:
        writer.add_attachment("data.csv", b"a,b\n1,2\n")
    if outline:
        writer.add_outline_item(title="Source chapter", page_number=len(pages) - 1)
    if encrypt_owner:
        writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


WILD = [
    {"text": "portrait"},
    {"mediabox": (0, 0, 612, 792), "text": "us letter"},
    {"mediabox": (100, 200, 695, 1042), "text": "offset box"},
    {"mediabox": (0, 0, 842, 595), "text": "landscape"},
    {"rotate": 90, "text": "turned ninety"},
    {"rotate": 180, "text": "upside down"},
    {"rotate": 270, "text": "turned two seventy"},
    {"cropbox": (50, 50, 545, 792), "text": "cropped"},
    {"dirty": True, "text": "unbalanced transform"},
]


@pytest.fixture
def pack(tmp_path) -> tuple[Path, list]:
    front = _pdf(tmp_path / "front.pdf", [{"text": "front sheet"}])
    wild = _pdf(tmp_path / "wild.pdf", WILD, outline=True)
    linked = _pdf(
        tmp_path / "linked.pdf",
        [{"link": True, "text": "has a link"}],
        encrypt_owner=True,
        attach=True,
    )
    parts = [
        Part(wild, "wild.pdf", "Wild", 4, "4. Wild item"),
        Part(linked, "linked.pdf", "Linked", 5, "5. Linked item"),
    ]
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        placements = write_pack(front, parts, handle, PackInfo("T", "Council"), duplex=True)
    return out, placements


def test_paginate_pads_each_part_to_start_on_an_odd_page():
    placements = paginate([3, 2, 1], duplex=True)
    assert [(p.first, p.last, p.padding) for p in placements] == [(1, 4, 1), (5, 6, 0), (7, 8, 1)]
    assert [p.first for p in paginate([3, 2, 1], duplex=False)] == [1, 4, 6]
    assert page_range(11, 38) == "11 - 38" and page_range(67, 67) == "67"


def test_every_kind_of_page_is_stamped_at_its_visual_bottom_centre(pack):
    out, placements = pack
    reader = PdfReader(out)
    assert len(reader.pages) == 1 + 1 + 9 + 1 + 1 + 1  # front, pad, 9 wild, pad, 1, pad
    for number, (page, laid_out) in enumerate(zip(reader.pages, words(out), strict=True), 1):
        label = [w for w in laid_out.words if w.text == "Page"]
        digits = [w for w in laid_out.words if w.text == str(number)]
        assert label and digits, f"page {number} has no stamp"
        centre = (label[-1].x_min + digits[-1].x_max) / 2
        bottom = digits[-1].y_max
        # poppler measures words from the media box's top-left corner, as displayed
        media, crop = page.mediabox, page.cropbox
        if page.rotation % 180:
            expected_centre, visual_bottom = float(media.height) / 2, float(media.width)
        else:
            expected_centre = (float(crop.left) + float(crop.right)) / 2 - float(media.left)
            visual_bottom = float(media.top) - float(crop.bottom)
        assert abs(centre - expected_centre) < 3, (number, centre, expected_centre)
        assert visual_bottom - 40 < bottom <= visual_bottom, (number, bottom, visual_bottom)
        assert abs(label[-1].y_max - bottom) < 1  # upright: on one line as displayed
        assert f"Page {number}" in text(out, number)


def test_source_text_links_outline_and_attachment_survive(pack):
    out, _ = pack
    everything = text(out)
    for spec in WILD:
        assert spec["text"] in everything
    reader = PdfReader(out)
    linked_page = next(p for p in reader.pages if "has a link" in p.extract_text())
    annots = [a.get_object() for a in linked_page.get("/Annots", [])]
    assert any(a.get("/A", {}).get("/URI") == "https://www.example.gov.uk/" for a in annots)
    titles = []

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(entry.title)

    walk(reader.outline)
    assert titles == [
        "Agenda",
        "4. Wild item",
        "Wild",
        "Source chapter",
        "5. Linked item",
        "Linked",
    ]


def test_padding_pages_say_so(pack):
    out, placements = pack
    assert BLANK_TEXT in text(out, 2)
    assert [p.first for p in placements] == [3, 13]


def test_the_stamp_is_upright_on_a_page_with_a_leftover_transform(pack):
    out, _ = pack
    page = words(out)[10]  # "unbalanced transform" is the ninth wild page: pack page 11
    assert any(w.text == "unbalanced" for w in page.words)
    digits = [w for w in page.words if w.text == "11"]
    assert digits and digits[-1].y_max > page.height - 40  # not halved towards the origin


def test_front_sheet_with_no_parts(tmp_path):
    front = _pdf(tmp_path / "front.pdf", [{"text": "front sheet"}])
    buffer = io.BytesIO()
    assert write_pack(front, [], buffer, PackInfo("T", "C"), duplex=True) == []
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    assert len(reader.pages) == 2
    assert reader.page_labels == ["1", "2"]
    assert isinstance(reader.trailer["/Root"]["/Lang"], TextStringObject)


def _pack_of(tmp_path: Path, part: Part) -> Path:
    """A pack of a one-page front sheet and `part`."""
    front = _pdf(tmp_path / "front.pdf", [{"text": "front sheet"}])
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        write_pack(front, [part], handle, PackInfo("T", "Council"), duplex=True)
    return out


def test_source_bookmarks_of_every_kind_lead_to_their_pages(tmp_path):
    """Bookmarks as other tools write them: an explicit destination, a named one (in
    /Dests and in the name tree), a GoTo action, nested ones, one leading nowhere (its
    child kept in its place) and an outline that loops back on itself."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    source = _pdf(tmp_path / "source.pdf", [{"text": f"chapter page {n}"} for n in range(5)])
    with pikepdf.open(source, allow_overwriting_input=True) as pdf:
        pages = [p.obj for p in pdf.pages]

        def fit(index):
            return Array([pages[index], Name.Fit])

        pdf.Root.Dests = Dictionary(Second=fit(1))
        tree = pikepdf.NameTree.new(pdf)
        tree["third"] = fit(2)
        pdf.Root.Names = Dictionary(Dests=tree.obj)
        entries = [
            Dictionary(Title=String("Explicit"), Dest=fit(0)),
            Dictionary(Title=String("Named"), Dest=Name("/Second")),
            Dictionary(Title=String("In the name tree"), Dest=String("third")),
            Dictionary(Title=String("Action"), A=Dictionary(S=Name.GoTo, D=fit(3))),
            Dictionary(Title=String("Nowhere"), Dest=String("missing")),
        ]
        entries = [pdf.make_indirect(e) for e in entries]
        # written inline, as the spec forbids and some tools do: still two bookmarks
        inline = Dictionary(Title=String("Inline one"), Dest=fit(1))
        inline.Next = Dictionary(Title=String("Inline\ntwo\x07"), Dest=fit(2))
        entries[3].First = entries[3].Last = inline
        # junk: a title that is no text, a page that is a boolean
        entries[2].First = entries[2].Last = pdf.make_indirect(
            Dictionary(Title=Dictionary(X=1), Dest=fit(2), Next=Dictionary(Dest=Array([True])))
        )
        child = pdf.make_indirect(Dictionary(Title=String("Child of nowhere"), Dest=fit(4)))
        entries[4].First = entries[4].Last = child
        nested = pdf.make_indirect(Dictionary(Title=String("Nested"), Dest=fit(4)))
        entries[0].First = entries[0].Last = nested
        for before, after in zip(entries, entries[1:], strict=False):
            before.Next = after
        entries[-1].Next = entries[0]  # a damaged outline's loop
        pdf.Root.Outlines = pdf.make_indirect(
            Dictionary(Type=Name.Outlines, First=entries[0], Last=entries[-1])
        )
        pdf.save(source)
    out = _pack_of(tmp_path, Part(source, "source.pdf", "Source", 4, "4. Item"))
    reader = PdfReader(out)
    found = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, entry.title, reader.get_destination_page_number(entry) + 1))

    walk(reader.outline, 0)
    # the front sheet and its padding are pages 1 and 2: the source starts on page 3
    assert found == [
        (0, "Agenda", 1),
        (0, "4. Item", 3),
        (1, "Source", 3),
        (2, "Explicit", 3),
        (3, "Nested", 7),
        (2, "Named", 4),
        (2, "In the name tree", 5),
        (3, "", 5),
        (2, "Action", 6),
        (3, "Inline one", 4),
        (3, "Inline two", 5),
        (2, "Child of nowhere", 7),
    ]
    for _, title, page in found[3:]:
        assert f"chapter page {page - 3}" in text(out, page), title


def test_a_page_whose_content_cannot_be_decoded_is_a_damaged_pdf_not_a_traceback(tmp_path):
    import pikepdf
    from pikepdf import Name

    from agendapack.errors import DocumentError

    bad = _pdf(tmp_path / "bad.pdf", [{"text": "fine page"}, {"text": "second page"}])
    with pikepdf.open(bad, allow_overwriting_input=True) as pdf:
        stream = pdf.pages[1].obj.Contents
        stream.write(b"this is not deflated", filter=Name.FlateDecode, type_check=False)
        pdf.save(bad)
    with pytest.raises(DocumentError) as caught:
        _pack_of(tmp_path, Part(bad, "packs/x/bad.pdf", "Bad", 4, "4. Item"))
    assert caught.value.lines == [
        "packs/x/bad.pdf: error: the PDF is damaged and cannot be read; save or export it again"
    ]
