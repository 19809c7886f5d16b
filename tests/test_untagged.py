"""An untagged appendix is tagged from its layout: a screen reader gets its words, in reading
order, as paragraphs, headings, lists, tables and pictures, with running headers and page
numbers as artifacts (DESIGN.md, "Every page readable"). Built with the real command,
read back with poppler's `pdfinfo -struct-text` and checked by page-validation."""

from __future__ import annotations

import base64
import re
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from tests.corpus import lost_words, page_texts, words
from tests.processes import agendapack

PROGRAMME = """
opening = []
closing = []

[[meeting]]
date = 2023-11-02

[[meeting.item]]
title = "Road condition survey"
documents = ["survey.pdf"]

[[meeting.item]]
title = "Parish grants"
documents = ["grants.pdf"]
"""


def _picture() -> str:
    """A small PNG, as base64: a map in the survey."""
    raw = b"".join(
        b"\x00" + b"".join(bytes([x * 6 % 256, y * 8 % 256, 90]) for x in range(40))
        for y in range(30)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 30, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return base64.b64encode(png).decode()


LOREM = (
    "Highway inspectors walked every adopted road in the borough during the autumn, "
    "recording cracking, rutting and patching on a standard form. "
)


def _survey_fodt() -> str:
    columns = "".join(f"<text:p>Columnpara{n} {LOREM * 2}Endpara{n}.</text:p>" for n in range(1, 7))
    cells = [("Ward", "Roads", "Defects", "Score"), ("Abbeyfield", "41", "117", "62")]
    cells += [("Brookside", "38", "96", "71"), ("Castlegate", "52", "160", "55")]
    rows = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
            for c in row
        )
        + "</table:table-row>"
        for row in cells
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>Road condition survey</dc:title></office:meta>
<office:styles>
 <style:style style:name="Standard" style:family="paragraph"><style:text-properties
  style:font-name="Liberation Sans" fo:font-family="Liberation Sans" fo:font-size="11pt"/>
 </style:style>
 <style:style style:name="Heading_20_1" style:family="paragraph"
  style:parent-style-name="Standard"><style:text-properties fo:font-size="20pt"
  fo:font-weight="bold"/></style:style>
 <style:style style:name="Heading_20_2" style:family="paragraph"
  style:parent-style-name="Standard"><style:text-properties fo:font-size="15pt"
  fo:font-weight="bold"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="Columns" style:family="section"><style:section-properties>
  <style:columns fo:column-count="2" fo:column-gap="0.8cm"/></style:section-properties>
 </style:style>
 <style:style style:name="Break" style:family="paragraph" style:parent-style-name="Heading_20_2">
  <style:paragraph-properties fo:break-before="page"/></style:style>
 <style:page-layout style:name="Page"><style:page-layout-properties fo:page-width="21cm"
  fo:page-height="29.7cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm"
  fo:margin-left="2cm" fo:margin-right="2cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.6cm"
   fo:margin-bottom="0.4cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.6cm"
   fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="Page">
 <style:header><text:p>Highways Joint Panel RUNNINGHEAD survey appendix</text:p></style:header>
 <style:footer><text:p>Folio <text:page-number text:select-page="current">1</text:page-number>
 </text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>
<text:h text:style-name="Heading_20_1" text:outline-level="1">Appendix B: Road condition
 survey</text:h>
<text:p>{LOREM * 2}Introductionword closes the opening paragraph.</text:p>
<text:section text:name="Columns" text:style-name="Columns">{columns}</text:section>
<text:h text:style-name="Break" text:outline-level="2">Survey results by ward</text:h>
<table:table table:name="Results"><table:table-column table:number-columns-repeated="4"/>
{rows}</table:table>
<text:list><text:list-item><text:p>Resurface Abbeyfield lanes first.</text:p></text:list-item>
<text:list-item><text:p>Patch Brookside potholes before winter.</text:p></text:list-item>
</text:list>
<text:p><draw:frame draw:name="Map" text:anchor-type="as-char" svg:width="4cm"
 svg:height="3cm"><draw:image><office:binary-data>{_picture()}</office:binary-data>
 </draw:image></draw:frame></text:p>
<text:p>Closingword of the appendix.</text:p>
</office:text></office:body></office:document>
"""


def _untagged_survey(folder: Path, scratch: Path) -> Path:
    """The survey as LibreOffice exports it, its tags and marks taken away: as an export
    without tags (another body's report) comes."""
    from agendapack.documents.convert import command_line_convert

    source = scratch / "survey.fodt"
    source.write_text(_survey_fodt(), encoding="utf-8")
    converted = command_line_convert(source, scratch / "profile", 180)
    assert converted is not None
    out = folder / "survey.pdf"
    with pikepdf.open(converted) as pdf:
        for key in ("/StructTreeRoot", "/MarkInfo"):
            del pdf.Root[key]
        for page in pdf.pages:
            del page.obj["/StructParents"]
            kept = [
                i
                for i in pikepdf.parse_content_stream(page)
                if str(i.operator) not in ("BDC", "BMC", "EMC")
            ]
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
        pdf.save(out)
    return out


def _grants(path: Path) -> Path:
    """Two pages in two columns whose content draws them a row at a time, left line then
    right line, as some typesetters do; a running header and a page number on each."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    bold = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name("/Helvetica-Bold"))
    )
    for number in (1, 2):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font, F2=bold))
        out = [
            "BT /F1 9 Tf 56 810 Td (Parish Grants Panel PANELHEAD) Tj ET",
            f"BT /F2 18 Tf 56 740 Td (Grants round {number}) Tj ET",
            # a heading by its weight alone, at the text's size
            "BT /F2 11 Tf 56 718 Td (Who may apply) Tj ET",
        ]
        for row in range(20):
            y = 700 - 14 * row
            for side, x in (("Leftword", 56), ("Rightword", 310)):
                text = f"{side}{number}x{row:02d} the parish asked for help with"
                out.append(f"BT /F1 11 Tf {x} {y} Td ({text}) Tj ET")
        out.append(f"BT /F1 9 Tf 290 30 Td (- {number} -) Tj ET")
        # a rule under the heading with its width set after its construction, out of
        # order as some producers write it (pdf.js's corpus files): still an artifact
        out.append("q 0.8 g 56 734 m 540 734 l 0.75 w 0.5 G S Q")
        page.obj.Contents = pdf.make_stream("\n".join(out).encode())
    # a reviewer's marks on the first page, as a PDF editor adds them: a stamp with no
    # description and a highlight with its note (not comments, which are left out)
    first = pdf.pages[0].obj
    first.Annots = Array(
        [
            pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Stamp,
                                         Rect=[400, 760, 540, 800], Name=Name.Approved)),
            pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Highlight,
                                         Rect=[54, 736, 200, 760],
                                         QuadPoints=[54, 760, 200, 760, 54, 736, 200, 736],
                                         Contents=pikepdf.String("Check the dates"))),
        ]
    )  # fmt: skip
    pdf.save(path)
    return path


@dataclass
class Built:
    folder: Path
    pack: Path
    structure: str
    sections: dict[str, str]
    build: subprocess.CompletedProcess[str]
    documents: dict[str, dict]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    import json

    from tests.conftest import Workspace

    scratch = tmp_path_factory.mktemp("untagged")
    ws = Workspace(scratch / "ws")
    ws.council()
    folder = ws.folder("cyp", "2023-11-02")
    _untagged_survey(folder, scratch)
    _grants(folder / "grants.pdf")
    ws.committee(PROGRAMME)
    build = agendapack("build", root=ws.root)
    out = ws.root / "build/cyp/2023-11-02"
    pack = out / "pack.pdf"
    structure = subprocess.run(
        ["pdfinfo", "-struct-text", str(pack)], capture_output=True, text=True, check=False
    ).stdout
    sections = dict(re.findall(r'^  Sect "(.*)"\n((?:    .*\n|\s*\n)*)', structure, re.M))
    documents = {
        Path(d["source"]).name: d
        for item in json.loads((out / "manifest.json").read_text())["items"]
        for d in item["documents"]
    }
    return Built(folder, pack, structure, sections, build, documents)


def test_the_build_takes_untagged_papers_without_a_warning(built):
    output = built.build.stdout + built.build.stderr
    assert built.build.returncode == 0, output
    # what each of the four untagged pages came to, kept for the next build
    cache = built.folder.parents[2] / "build/.cache/layout"
    assert len(list(cache.glob("*.json"))) == 4
    assert "Traceback" not in output
    assert not re.findall(r"^.*\b\w*Warning: .*$", output, re.M), output


def _quoted(section: str) -> str:
    return " ".join(re.findall(r'"(.*)"', section))


@pytest.mark.parametrize(
    ("name", "title"), [("survey.pdf", "Road condition survey"), ("grants.pdf", "Parish grants")]
)
def test_every_word_of_every_page_is_in_the_structure(built, name, title):
    section = built.sections[title]
    # the running headers and page numbers are artifacts: drawn, not read
    running = re.compile(r"^(?:.*RUNNINGHEAD.*|.*PANELHEAD|Folio \d|- ?\d ?-)$", re.M)
    source = words(running.sub("", "\n".join(page_texts(built.folder / name))))
    assert lost_words(source, words(_quoted(section))) == []
    assert "RUNNINGHEAD" not in section and "PANELHEAD" not in section
    assert "Folio" not in section


def test_two_columns_are_read_left_then_right_whatever_order_they_are_drawn(built):
    section = built.sections["Parish grants"]
    found = re.findall(r"(Leftword|Rightword)(\d)x(\d\d)", section)
    expected = [
        (side, str(page), f"{row:02d}")
        for page in (1, 2)
        for side in ("Leftword", "Rightword")
        for row in range(20)
    ]
    assert found == expected
    assert re.search(r'^    H1 .*\n      "Grants round 1"', section, re.M), section[:400]
    assert re.search(r'^    H2 .*\n      "Who may apply"', section, re.M), section[:400]


def test_headings_tables_lists_and_pictures_are_tagged_as_such(built):
    section = built.sections["Road condition survey"]
    assert re.search(r'^    H1 .*\n      "Appendix B: Road condition', section, re.M)
    assert re.search(r'^    H2 .*\n      "Survey results by ward"', section, re.M)
    table = section.split("    Table")[1].split("\n    L")[0]
    cells = re.findall(r"^        (TH|TD).*\n(?:           .*\n)?          \"(.*)\"", table, re.M)
    assert cells[:5] == [("TH", "Ward"), ("TH", "Roads"), ("TH", "Defects"), ("TH", "Score")] + [
        ("TD", "Abbeyfield")
    ]
    assert len(cells) == 16
    items = re.findall(r"^      LI", section, re.M)
    assert len(items) == 2
    # each item's bullet its label, its words its body (ISO 32000-1, 14.8.4.3.3): the
    # marker is told from the item's words, which no longer start with it
    labelled = re.findall(
        r'^      LI.*\n        Lbl .*\n          ".*"\n        LBody .*\n          "(.*)"',
        section,
        re.M,
    )
    assert labelled == [
        "Resurface Abbeyfield lanes first.",
        "Patch Brookside potholes before winter.",
    ]
    order = [section.index(w) for w in ("Introductionword", "Endpara1", "Endpara6", "Closingword")]
    assert order == sorted(order)
    with pikepdf.open(built.pack) as pdf:
        alts = [
            str(node.get("/Alt"))
            for node in _elements(pdf.Root.StructTreeRoot.K)
            if node.get("/S") == Name.Figure
        ]
    # the picture, described as what it is; no page wrapped whole as a picture
    assert alts == [
        "A picture on page 2 of Road condition survey, supplied without a description; ask "
        "the council for one."
    ]


def _elements(node):
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Array):
            stack.extend(reversed(list(current)))
        elif isinstance(current, Dictionary) and "/S" in current:
            yield current
            if "/K" in current:
                stack.append(current.K)


def test_each_annotation_of_an_untagged_page_is_in_an_annot_element_and_described(built):
    """PDF/UA-1, 7.18.1: a stamp or a highlight is content, held by an /Annot element (its
    /OBJR) that the annotation's /StructParent leads back to, and says what it is."""
    with pikepdf.open(built.pack) as pdf:
        first = built.documents["grants.pdf"]["first_page"]
        annotations = list(pdf.pages[first - 1].obj.Annots)
        held = {
            node.K[0].Obj.objgen: node
            for node in _elements(pdf.Root.StructTreeRoot.K)
            if node.get("/S") == Name.Annot
        }
        parents = dict(zip(*[iter(pdf.Root.StructTreeRoot.ParentTree.Nums)] * 2, strict=True))
        said = []
        for annotation in annotations:
            element = held[annotation.objgen]
            assert parents[int(annotation.StructParent)].objgen == element.objgen
            said.append((str(annotation.Subtype), str(annotation.Contents)))
    # what each shows: the reviewer's note behind the highlight is no public content
    assert said == [("/Stamp", "A stamp"), ("/Highlight", "Highlighted text")]
    assert re.search(r"^    Annot\b", built.sections["Parish grants"], re.M)


@pytest.mark.parametrize(
    ("name", "title"), [("survey.pdf", "Road condition survey"), ("grants.pdf", "Parish grants")]
)
def test_the_papers_own_copy_is_tagged_as_in_the_pack_without_its_stamps(built, name, title):
    """documents/ holds each paper to download alone: an untagged one reads there as in
    the pack (every word in its structure, PDF/UA-1 passed), its pages as supplied."""
    import page

    copy = built.pack.parent / built.documents[name]["file"]
    structure = subprocess.run(
        ["pdfinfo", "-struct-text", str(copy)], capture_output=True, text=True, check=True
    ).stdout
    section = dict(re.findall(r'^  Sect "(.*)"\n((?:    .*\n|\s*\n)*)', structure, re.M))
    assert list(section) == [title]
    assert _quoted(section[title]) == _quoted(built.sections[title])
    assert page_texts(copy) == page_texts(built.folder / name)  # no "Page N", nothing moved
    report = page.validate_pdf(copy, profile="ua1")
    assert sorted({(f.rule_id, f.message) for f in report.failures}) == []


def test_the_pack_passes_pdf_ua_1(built):
    import page

    report = page.validate_pdf(built.pack, profile="ua1")
    assert sorted({(f.rule_id, f.message) for f in report.failures}) == []


def test_the_analysis_is_kept_and_a_rebuild_reads_no_page_again(built, tmp_path, monkeypatch):
    """Collated again with poppler unable to run, the pack is the same: every page's
    analysis came from the cache."""
    from agendapack.pdf import tagging
    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from agendapack.pdf.sources import PageMemo

    cache = tmp_path / "layout"
    source = built.folder / "grants.pdf"
    packs = []
    for attempt in range(2):
        if attempt:
            monkeypatch.setattr(tagging, "read_lines", _refuse)
        out = tmp_path / f"pack{attempt}.pdf"
        with out.open("wb") as handle:
            write_pack(
                source,
                [Part(source, "grants.pdf", "Grants", 1, "1. Grants")],
                handle,
                PackInfo("Pack", "Council"),
                duplex=False,
                memo=PageMemo(analyses=cache),
            )
        packs.append(out.read_bytes())
    assert len(list(cache.glob("*.json"))) == 2
    assert packs[0] == packs[1]


def _refuse(*_args, **_kwargs):
    raise AssertionError("a page read again")


def test_a_page_the_analysis_cannot_follow_is_one_paragraph_in_stream_order(tmp_path, monkeypatch):
    import page

    from agendapack.pdf import tagging
    from agendapack.pdf.collate import PackInfo, Part, write_pack

    def fail(*_args, **_kwargs):
        raise ValueError("a layout nobody foresaw")

    monkeypatch.setattr(tagging, "analyse", fail)
    source = _grants(tmp_path / "grants.pdf")
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        write_pack(
            source,
            [Part(source, "grants.pdf", "Grants", 1, "1. Grants")],
            handle,
            PackInfo("Pack", "Council"),
            duplex=False,
        )
    structure = subprocess.run(
        ["pdfinfo", "-struct-text", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert "Leftword1x00" in structure and "Rightword2x19" in structure
    assert "Page 1 of" not in structure  # no page wrapped as a figure
    assert page.validate_pdf(out, profile="ua1").failures == []


def test_a_damaged_content_stream_keeps_its_page_as_a_figure(tmp_path):
    """qpdf cannot read the stream whole: written again it would lose the rest, so the
    page is kept as it is, one figure, and the build goes on."""
    from agendapack.pdf.collate import PackInfo, Part, write_pack

    front = _grants(tmp_path / "front.pdf")
    source = _grants(tmp_path / "grants.pdf")
    with pikepdf.open(source, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        data = page.obj.Contents.read_bytes()
        page.obj.Contents = pdf.make_stream(data.replace(b"Tj ET\n", b"Tj ET\n<zz (", 1))
        pdf.save(source)
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        write_pack(
            front,
            [Part(source, "grants.pdf", "Grants", 1, "1. Grants")],
            handle,
            PackInfo("Pack", "Council"),
            duplex=False,
        )
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 4
        alts = [
            str(node.Alt)
            for node in _elements(pdf.Root.StructTreeRoot.K)
            if node.get("/S") == Name.Figure
        ]
    assert [alt.split(".")[0] for alt in alts] == ["Page 1 of 2 of Grants"]
    structure = subprocess.run(
        ["pdfinfo", "-struct-text", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert structure.count("Rightword2x19") == 2  # the second page still tagged


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_each_text_run_finds_its_line_on_a_turned_and_cropped_page(tmp_path, turn):
    """The content's coordinates and poppler's agree, however the page is shown: every
    text run is read as the line poppler shows it in."""
    from agendapack.pdf import tagging
    from tests.test_collate import _pdf

    path = _pdf(
        tmp_path / "turned.pdf",
        [
            {"rotate": turn, "text": "turned words"},
            {
                "mediabox": (100, 100, 695, 942),
                "cropbox": (150, 150, 600, 900),
                "rotate": turn,
                "text": "cropped words",
            },
        ],
    )
    read = tagging.read_lines(path)
    assert read is not None
    with pikepdf.open(path) as pdf:
        for page, lines in zip(pdf.pages, read, strict=True):
            instructions = tagging.page_instructions(pdf, page)
            assert instructions is not None
            tags = tagging.analyse(page, instructions, lines)
            shows = [i for i, (_, op, _) in enumerate(instructions) if op in ("Tj", "TJ")]
            assert shows and all(tags.targets[i][0] == 0 for i in shows)
            assert [u["kind"] for u in tags.units] == ["text"]


def test_a_paper_with_one_page_changed_is_read_again_for_that_page_alone(tmp_path, monkeypatch):
    from agendapack.pdf import tagging
    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from agendapack.pdf.sources import PageMemo

    cache = tmp_path / "layout"
    source = _grants(tmp_path / "grants.pdf")
    asked: list[tuple[int, int]] = []
    reading = tagging.read_lines

    def read(path, first=1, last=0, timeout=120):
        asked.append((first, last))
        return reading(path, first, last, timeout)

    monkeypatch.setattr(tagging, "read_lines", read)
    for attempt in range(2):
        if attempt:
            with pikepdf.open(source, allow_overwriting_input=True) as pdf:
                page = pdf.pages[1]
                data = page.obj.Contents.read_bytes().replace(b"round 2", b"round 3")
                page.obj.Contents = pdf.make_stream(data)
                pdf.save(source)
        with (tmp_path / "pack.pdf").open("wb") as handle:
            write_pack(
                source,
                [Part(source, "grants.pdf", "Grants", 1, "1. Grants")],
                handle,
                PackInfo("Pack", "Council"),
                duplex=False,
                memo=PageMemo(analyses=cache),
            )
    assert asked == [(1, 2), (2, 2)]
    structure = subprocess.run(
        ["pdfinfo", "-struct-text", str(tmp_path / "pack.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Grants round 3" in structure


def test_a_new_papers_layout_is_read_while_it_is_looked_over_not_in_collation(
    tmp_path, monkeypatch
):
    """The look-over (which a build runs while LibreOffice converts) reads a new untagged
    paper's layout into the cache; collation, at the build's tail, reads no page again
    and tags it as it would have."""
    import hashlib

    from agendapack.pdf import tagging
    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from agendapack.pdf.sources import PageMemo, look_over

    made = _grants(tmp_path / "grants.pdf")
    # a clean copy, as the build looks it over: named by its content
    source = made.rename(tmp_path / f"{hashlib.sha256(made.read_bytes()).hexdigest()}.pdf")
    packs = []
    for looked_over in (False, True):
        cache = tmp_path / f"layout-{looked_over}"
        memo = PageMemo(analyses=cache)
        if looked_over:
            look_over(source, "grants.pdf", memo)
            assert len(list(cache.glob("*.json"))) == 2
            monkeypatch.setattr(tagging, "read_lines", _refuse)
        out = tmp_path / f"pack-{looked_over}.pdf"
        with out.open("wb") as handle:
            write_pack(
                source,
                [Part(source, "grants.pdf", "Grants", 1, "1. Grants")],
                handle,
                PackInfo("Pack", "Council"),
                duplex=False,
                memo=memo,
            )
        packs.append(out.read_bytes())
    assert packs[0] == packs[1]


# Hebrew letters drawn by a font whose codes "a" to "h" say them (its ToUnicode): אבג דהו זח
_HEBREW = {code: chr(0x05D0 + number) for number, code in enumerate(b"abcdefgh")}


def _hebrew(path: Path) -> Path:
    """A page of two right-to-left lines drawn as they are seen, left to right, as PDF
    writers of right-to-left text often draw them: each line's last word first, each word's
    letters from its last. The second line draws its two words in one TJ, kerned apart."""
    pdf = pikepdf.new()
    entries = "\n".join(f"<{code:02x}> <{ord(c):04x}>" for code, c in _HEBREW.items())
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Hebrew def 1 begincodespacerange <00> <ff> endcodespacerange\n"
        f"{len(_HEBREW)} beginbfchar\n{entries}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    font = pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.TrueType,
            BaseFont=Name("/HebrewSans"),
            FirstChar=97,
            LastChar=104,
            Widths=[600] * 8,
            ToUnicode=pdf.make_stream(cmap.encode()),
        )
    )
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(
        # "abc def" ("def" drawn first), "abc def gh": both lines end at 454.6, on the right
        b"BT /F1 14 Tf 400 700 Td (fed) Tj 29.4 0 Td (cba) Tj ET\n"
        b"BT /F1 14 Tf 379 680 Td [(hg) -300 (fed) -300 (cba)] TJ ET\n"
    )
    pdf.save(path)
    return path


def test_a_right_to_left_line_drawn_as_seen_is_read_from_its_right(tmp_path):
    """Each word of a right-to-left line reaches the structure in its reading order, its
    letters too (the page draws the same glyphs at the same places): poppler's page text,
    which orders the line itself, and its structure text read the same words."""
    from agendapack.pdf.collate import PackInfo, Part, write_pack

    source = _hebrew(tmp_path / "hebrew.pdf")
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        part = Part(source, "hebrew.pdf", "Hebrew", 1, "1. Hebrew")
        write_pack(source, [part], handle, PackInfo("Pack", "Council"), duplex=False)
    structure = subprocess.run(
        ["pdfinfo", "-struct-text", str(out)], capture_output=True, text=True, check=True
    ).stdout
    section = structure[structure.index('Sect "Hebrew"') :]
    read = " ".join(re.findall(r'^\s+"(.*)"$', section, re.M)).split()
    first, second = ["אבג", "דהו"], ["אבג", "דהו", "זח"]
    assert read == first + second
    # poppler's page text orders each line itself (and marks its direction)
    for path in (source, out):
        page = page_texts(path)[-1].replace("\u202b", "").replace("\u202c", "").split()
        assert page[: len(first + second)] == first + second
    # drawn as it was: the page looks the same above the stamp, but for the shading of a
    # letter's edges (its place reached by other sums); no pixel from ink to paper
    from PIL import Image, ImageChops

    shown = []
    for path, number in ((source, 1), (out, 2)):
        subprocess.run(
            ["pdftoppm", "-gray", "-r", "72", "-f", str(number), "-l", str(number), "-y", "0"]
            + ["-H", "700", "-W", "595", str(path), str(tmp_path / path.stem)],
            check=True,
        )
        (picture,) = tmp_path.glob(f"{path.stem}-*.pgm")
        shown.append(Image.open(picture))
    assert ImageChops.difference(*shown).getextrema()[1] < 100


# A page of three lines drawn turned, with no /Rotate: each way's text matrix, and where
# each line starts on a portrait page. The first line is the one a reader turning the page
# meets first: running down, the rightmost; running up, the leftmost; upside down, the
# lowest.
_TURNS = {
    "down": ((0, -1, 1, 0), lambda n: (520 - 30 * n, 800)),
    "up": ((0, 1, -1, 0), lambda n: (75 + 30 * n, 40)),
    "upside down": ((-1, 0, 0, -1), lambda n: (540, 80 + 30 * n)),
}
_TURNED_LINES = [
    "Alpha opens the report on highways",
    "Bravo follows it with the budget",
    "Charlie ends it with the recommendation",
]


def _turned(path: Path, way: str) -> Path:
    (a, b, c, d), start = _TURNS[way]
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page.obj.Resources = Dictionary(Font=Dictionary(F1=pdf.make_indirect(font)))
    # the last line drawn first: the stream's order is not the reading order
    shows = []
    for number, text in reversed(list(enumerate(_TURNED_LINES))):
        x, y = start(number)
        shows.append(f"BT /F1 16 Tf {a} {b} {c} {d} {x} {y} Tm ({text}) Tj ET")
    page.obj.Contents = pdf.make_stream("\n".join(shows).encode())
    pdf.save(path)
    return path


@pytest.mark.parametrize("way", list(_TURNS))
def test_a_page_drawn_turned_is_read_as_a_reader_turning_it_reads_it(tmp_path, way):
    """A landscape page printed onto a portrait one (its text running down the page), or a
    page drawn upside down, with no /Rotate to show it upright: its lines reach the
    structure in the order a reader turning the page reads them, whatever the order they
    are drawn in. Poppler reads them so, but for text running up, which it reads from
    its last line (from the right)."""
    from agendapack.pdf.collate import PackInfo, Part, write_pack

    source = _turned(tmp_path / "turned.pdf", way)
    expected = " ".join(_TURNED_LINES).split()
    by_poppler = " ".join(reversed(_TURNED_LINES)).split() if way == "up" else expected
    assert page_texts(source)[0].split() == by_poppler
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        part = Part(source, "turned.pdf", "Turned", 1, "1. Turned")
        write_pack(source, [part], handle, PackInfo("Pack", "Council"), duplex=False)
    structure = subprocess.run(
        ["pdfinfo", "-struct-text", str(out)], capture_output=True, text=True, check=True
    ).stdout
    section = structure[structure.index('Sect "Turned"') :]
    assert " ".join(re.findall(r'^\s+"(.*)"$', section, re.M)).split() == expected
