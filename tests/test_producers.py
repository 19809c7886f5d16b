"""Papers from the programs councils' papers come from that the corpus and the wild papers
do not cover, each made by the real program (tests/producer_pdfs.py): matplotlib, Ghostscript,
LibreOffice Calc and Impress, reportlab, fpdf2, cairo, and a "Microsoft Print to PDF" font
with no Unicode map, which the pack reads by its program's own. One meeting of them all
through `check` and `build`, read back from the pack as a user relies on it: the words of
each page, its stamp, its bookmark, its structure's text in order, and PDF/UA-1 (nothing
failed that `check` does not name)."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pytest

from tests import producer_pdfs as makers
from tests.corpus import (
    internal_links,
    lost_words,
    page_texts,
    reading_order,
    structure_lost,
    structure_sections,
    words,
)
from tests.processes import agendapack as _agendapack

# paper -> (maker, its arguments)
PAPERS: dict[str, tuple[str, tuple[object, ...]]] = {
    "chart-type3.pdf": ("matplotlib_chart", (3,)),
    "chart-type42.pdf": ("matplotlib_chart", (42,)),
    "letter-ps2pdf.pdf": ("ps2pdf_letter", ()),
    "copier-type3.pdf": ("ps2pdf_type3", ()),
    "copier-glyphs.pdf": ("ps2pdf_type3", (True,)),
    "budget-workbook.pdf": ("calc_workbook", ()),
    "youth-slides.pdf": ("impress_slides", ()),
    "fostering-reportlab.pdf": ("reportlab_standard_fonts", ()),
    "wards-reportlab.pdf": ("reportlab_table", ()),
    "places-fpdf.pdf": ("fpdf_fonts", ()),
    "timeline-cairo.pdf": ("cairo_timeline", ()),
    "print-to-pdf.pdf": ("no_tounicode", ()),
}
# Ghostscript's pdfwrite distilling another paper again: paper -> the one it distils
REDISTILLED = {
    "workbook-redistilled.pdf": "budget-workbook.pdf",
    "fostering-redistilled.pdf": "fostering-reportlab.pdf",
    "places-redistilled.pdf": "places-fpdf.pdf",
}
_NEEDS = {name: maker for name, (maker, _) in PAPERS.items()}

# Papers whose structure reads in another order than pdftotext, and why (as the corpus's
# KNOWN_ORDER_DIFFERENCES): kept so that it can only shrink.
_TABLE_ROWS = (
    "a spreadsheet's table, which the structure reads row by row (its cells in TR), and "
    "pdftotext reads column by column, each column a block of its own"
)
KNOWN_ORDER_DIFFERENCES = {
    "budget-workbook.pdf": (0.4, _TABLE_ROWS),
    "workbook-redistilled.pdf": (0.4, _TABLE_ROWS),
}
IN_ORDER = 0.85  # a chart's labels: the legend read where it is drawn, in the plot

# Words poppler reads wrong in a source that its pack reads right, and why: Ghostscript
# 10.0 writes the ToUnicode text of LibreOffice's "tt" ligature (Carlito) in the wrong byte
# order, read as two Chinese ideographs; the clean copy puts it right (tounicode.plain_cmap).
MENDED = {"workbook-redistilled.pdf": {"Commi\u7400\u7400ed": "Committed"}}


# A paper whose words poppler cannot read at all, and the pack reads right: "Microsoft
# Print to PDF"'s glyph numbers with no ToUnicode, which poppler reads as characters
# ("3ULQWHG" for "Printed"); the clean copy maps them by the embedded program's own cmap.
UNREAD_IN_SOURCE = {"print-to-pdf.pdf"}


def _source_pages(meeting: Meeting, name: str) -> list[str]:
    """The paper's pages as poppler reads them, but for the words the pack mends."""
    pages = page_texts(meeting.folder / name)
    if name in UNREAD_IN_SOURCE:
        assert not any(shown in "".join(pages) for shown in meeting.shown[name])
        return ["\n".join(meeting.shown[name])]  # one page: what it shows
    for wrong, right in MENDED.get(name, {}).items():
        assert any(wrong in page for page in pages), f"{name} no longer reads {wrong!r}"
        pages = [page.replace(wrong, right) for page in pages]
    return pages


# What `check` names for the author, and the PDF/UA-1 rules that are its cause
NAMED_CAUSES = {"without Unicode mapping": {"PDFUA1-FONT-UNICODE-MAPPING-001"}}
_PYTHON_WARNING = re.compile(r"^.*\b\w*Warning: .*$", re.M)


@dataclass
class Meeting:
    folder: Path
    out: Path
    check: subprocess.CompletedProcess[str]
    build: subprocess.CompletedProcess[str]
    shown: dict[str, list[str]]  # paper -> the words its maker says it shows
    documents: dict[str, dict] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)
    tree: str = ""


def _programme(names: list[str]) -> str:
    lines = ["opening = []", "closing = []", "", "[[meeting]]", "date = 2024-02-01"]
    for name in names:
        lines += ["", "[[meeting.item]]", f'title = "{name[:-4]}"', f'documents = ["{name}"]']
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def meeting(tmp_path_factory) -> Meeting:
    from tests.conftest import Workspace

    missing = {name: makers.missing(maker) for name, maker in _NEEDS.items()}
    if any(missing.values()):
        pytest.skip("; ".join(sorted({m for m in missing.values() if m})))
    ws = Workspace(tmp_path_factory.mktemp("producers") / "ws")
    ws.council()
    folder = ws.folder("cyp", "2024-02-01")
    shown: dict[str, list[str]] = {}
    office = makers.Office()  # Calc's and Impress's papers in one run of LibreOffice
    for name, (maker, arguments) in PAPERS.items():
        if maker in ("calc_workbook", "impress_slides"):
            arguments = (office,)
        shown[name] = getattr(makers, maker)(folder / name, *arguments)
    office.convert()
    for name, source in REDISTILLED.items():
        makers.gs_redistilled(folder / name, folder / source)
        shown[name] = shown[source]
    ws.committee(_programme([*PAPERS, *REDISTILLED]))
    found = Meeting(
        folder,
        ws.root / "build/cyp/2024-02-01",
        _agendapack("check", root=ws.root),
        _agendapack("build", root=ws.root),
        shown,
    )
    manifest = found.out / "manifest.json"
    if manifest.is_file():
        for item in json.loads(manifest.read_text())["items"]:
            for document in item["documents"]:
                found.documents[Path(document["source"]).name] = document
        found.texts = page_texts(found.out / "pack.pdf")
        tree = subprocess.run(
            ["pdfinfo", "-struct-text", str(found.out / "pack.pdf")],
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8", "replace")
        found.sections = structure_sections(tree)
        found.tree = tree
    return found


ALL = [*PAPERS, *REDISTILLED]


def test_check_and_build_take_every_paper_without_a_refusal_or_python_warning(meeting):
    for result in (meeting.check, meeting.build):
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert ": error: " not in output, output
        assert "Traceback" not in output, output
        assert _PYTHON_WARNING.findall(output) == [], output
    assert sorted(meeting.documents) == sorted(ALL)
    # every font's codes map to Unicode in the pack (reportlab's too, whose unused codes
    # map to U+0000: the pages draw none of them) but a Type 3 font's whose glyphs are
    # numbered, named for its author
    unmapped = [line for line in meeting.check.stdout.splitlines() if "Unicode" in line]
    assert len(unmapped) == 1, unmapped
    assert "'copier-glyphs.pdf' has a font without Unicode mapping (a Type 3 font)" in unmapped[0]


def _own(meeting: Meeting, name: str) -> list[str]:
    document = meeting.documents[name]
    first = document["first_page"]
    return meeting.texts[first - 1 : first - 1 + document["pages"]]


@pytest.mark.parametrize("name", ALL)
def test_each_paper_is_in_the_pack_whole_numbered_and_bookmarked(meeting, name):
    document = meeting.documents[name]
    first = document["first_page"]
    assert first % 2 == 1, "every document starts on an odd page"
    own = _own(meeting, name)
    for number, text in enumerate(own, first):
        assert f"Page {number}" in text, f"no stamp on page {number}"
    source = _source_pages(meeting, name)
    assert len(source) == len(own)
    for number, (supplied, packed) in enumerate(zip(source, own, strict=True), 1):
        assert lost_words(words(supplied), words(packed)) == [], f"words lost on page {number}"
    everything = " ".join(" ".join(own).split())
    for shown in meeting.shown[name]:
        assert shown in everything, shown
    with pikepdf.open(meeting.out / "pack.pdf") as pack:
        with pack.open_outline() as outline:
            marks = {
                (item.title, pack.pages.index(item.destination[0]) + 1)
                for top in outline.root
                for item in [top, *top.children]
                if isinstance(item.destination, pikepdf.Array)
            }
        assert (document["title"], first) in marks
        # its links: within it, to the same page of it in the pack; to the web, kept
        with pikepdf.open(meeting.folder / name) as supplied:
            expected = internal_links(supplied)
            addresses = _addresses(supplied.pages)
        found = internal_links(pack)
        for (on, to), times in expected.items():
            assert found[(on + first - 1, to + first - 1)] >= times, (on, to)
        assert _addresses(pack.pages[first - 1 : first - 1 + len(own)]) == addresses


def _addresses(pages) -> list[str]:
    return [
        str(annotation.A.URI)
        for page in pages
        for annotation in page.obj.get("/Annots", [])
        if annotation.get("/Subtype") == "/Link" and "/URI" in annotation.get("/A", {})
    ]


def test_the_links_made_are_in_the_pack(meeting):
    """reportlab's web link and fpdf2's link to its second page, as the check above
    reads them: there to compare."""
    with pikepdf.open(meeting.folder / "fostering-reportlab.pdf") as supplied:
        assert _addresses(supplied.pages) == [makers.LINK]
    with pikepdf.open(meeting.folder / "places-fpdf.pdf") as supplied:
        assert internal_links(supplied) == {(0, 1): 1}


@pytest.mark.parametrize("name", ALL)
def test_each_papers_words_are_in_its_structure_in_order(meeting, name):
    """What a screen reader reads: every word poppler reads on the paper's pages, in its
    section of the pack's structure (a chart's axis labels at the page's foot, which are
    no running footer; a Ghostscript table's rows, each one TJ, read with a space between
    them), in the source's order."""
    title = meeting.documents[name]["title"]
    blocks = meeting.sections[title]
    source = "\n".join(_source_pages(meeting, name))
    assert structure_lost(source, blocks) == []
    anchors, share = reading_order(source, blocks)
    floor, _ = KNOWN_ORDER_DIFFERENCES.get(name, (IN_ORDER, ""))
    assert anchors < 5 or round(share, 3) >= floor, f"{share:.3f} of {anchors} in order"


def test_no_page_is_one_opaque_figure(meeting):
    assert "cannot be read by a screen reader" not in meeting.build.stdout + meeting.build.stderr
    with pikepdf.open(meeting.out / "pack.pdf") as pack:
        stack: list[pikepdf.Object] = [pack.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                assert "could not be read" not in str(node.get("/Alt", ""))
                if "/K" in node:
                    stack.append(node.K)


def _rules(path: Path) -> set[str]:
    import page

    return {failure.rule_id for failure in page.validate_pdf(path, profile="ua1").failures}


def _named(output: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for line in output.splitlines():
        match = re.match(r"^programme/cyp\.toml:\d+: warning: '([^']+)' ", line)
        if match:
            for said, rules in NAMED_CAUSES.items():
                if said in line:
                    found.setdefault(match[1], set()).update(rules)
    return found


def test_the_pack_fails_no_pdf_ua_rule_that_check_does_not_name(meeting, tmp_path):
    """Each paper collated alone after the meeting's front sheet, as a build collates it,
    then the meeting's pack: every PDF/UA-1 rule failed is one whose cause `check` named
    for an author (matplotlib's ToUnicode ranges to arrays, which the validator reads as
    malformed, fpdf2's code 0 mapped to U+0000 and the glyph numbers of "Microsoft Print to
    PDF" with no ToUnicode are mended in the clean copy)."""
    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from agendapack.pdf.sanitise import cleaned

    named = _named(meeting.check.stdout)
    front = meeting.out / "agenda.pdf"
    assert _rules(front) == set()
    unnamed = {}
    for name in ALL:
        clean = cleaned(meeting.folder / name, tmp_path / "clean", name, name[:-4])
        out = tmp_path / "pack.pdf"
        with out.open("wb") as handle:
            part = Part(clean, name, name[:-4], 1, "1. Paper")
            info = PackInfo("Pack", "Council", contact="officer@example.gov.uk")
            write_pack(front, [part], handle, info, duplex=True)
        left = _rules(out) - named.get(name, set())
        if left:
            unnamed[name] = sorted(left)
    assert unnamed == {}
    assert _rules(meeting.out / "pack.pdf") <= set().union(set(), *named.values())


def _font_with_cmap(text: bytes) -> tuple[pikepdf.Pdf, pikepdf.Dictionary]:
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType)
    font.ToUnicode = pdf.make_stream(
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        b"1 begincodespacerange\n<00><ff>\nendcodespacerange\n" + text + b"\nendcmap\nend end\n"
    )
    return pdf, font


def test_a_ligature_in_the_wrong_byte_order_is_put_right_and_an_ideograph_left():
    from agendapack.pdf.tounicode import plain_cmap

    # Ghostscript's "tt" as <74007400>; U+4E00 (一) alone, and two letters in order
    _, font = _font_with_cmap(
        b"3 beginbfrange\n<01><01><74007400>\n<02><02><4E00>\n<03><03><00660069>\nendbfrange"
    )
    assert plain_cmap(font)
    written = font.ToUnicode.read_bytes()
    assert b"<01> <00740074>" in written and b"74007400" not in written
    assert b"<02> <02> <4E00>" in written
    assert b"<03> <03> <00660069>" in written


def test_a_cmap_with_nothing_to_mend_is_left_byte_for_byte():
    from agendapack.pdf.tounicode import plain_cmap

    _, font = _font_with_cmap(b"1 beginbfchar\n<41> <0041>\nendbfchar")
    before = font.ToUnicode.read_bytes()
    assert not plain_cmap(font)
    assert font.ToUnicode.read_bytes() == before


def test_every_stamp_is_clear_of_the_pages_own_words(meeting):
    """A 16:9 slide, a landscape sheet, a chart's short page: no word of a page is drawn
    where its "Page N" is."""
    from tests.pdftools import words as placed

    covered = []
    for number, page in enumerate(placed(meeting.out / "pack.pdf"), 1):
        stamp = [
            (a, b)
            for a, b in zip(page.words, page.words[1:], strict=False)
            if a.text == "Page" and b.text == str(number)
        ]
        assert stamp, number
        first, second = stamp[-1]
        box = (first.x_min, min(first.y_min, second.y_min), second.x_max, first.y_max)
        covered += [
            (number, word.text)
            for word in page.words
            if word is not first
            and word is not second
            and word.x_min < box[2]
            and word.x_max > box[0]
            and word.y_min < box[3]
            and word.y_max > box[1]
        ]
    assert covered == []


def _table_rows(tree: str, title: str) -> list[list[str]]:
    """The rows of the tables in a document's section of `pdfinfo -struct-text`, each
    cell's text."""
    rows: list[list[str]] = []
    inside = False
    for line in tree.split("\n"):
        if line.startswith("  Sect "):
            inside = line == f'  Sect "{title}"'
            continue
        role = line.strip().rstrip(":").split(" ")[0]
        if not inside or line.strip().startswith("/"):
            continue
        if role == "TR":
            rows.append([])
        elif role in ("TH", "TD") and rows:
            rows[-1].append("")
        elif line.strip().startswith('"') and rows and rows[-1]:
            rows[-1][-1] += line.strip()[1:-1]
    return rows


def test_a_spreadsheets_headings_are_over_their_figures(meeting):
    """Calc sets a heading to the left of its column and the figures to the right: each
    heading is the header cell of its own figures, not a column of its own beside an
    empty one."""
    rows = _table_rows(meeting.tree, meeting.documents["budget-workbook.pdf"]["title"])
    header = ["Ward", "Councillors", "Budget", "Spent", "Committed", "Remaining", "Notes"]
    assert rows[0] == header
    first = rows[1]
    assert len(first) == len(header)
    assert first[:5] == ["Ward 01 Aspley", "3", "12500", "4000", "1500"]
