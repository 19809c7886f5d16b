"""Web pages printed to tagged PDF by the real Chromium at test time (tests/chrome_pages.py,
one browser start for all), built into one meeting and read back from the pack as a user
relies on it: every word in the paper's section of the structure, in order; headings,
table headers (with their scope), alternative text and links within a page kept; and no
PDF/UA-1 rule failed by the pack that the printed page passes."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pytest

from tests import chrome_pages as pages
from tests.corpus import (
    heard,
    internal_links,
    lost_words,
    page_texts,
    reading_order,
    structure_lost,
    structure_sections,
    words,
)
from tests.processes import agendapack as _agendapack

NAMES = [f"{name}.pdf" for name in pages.PAGES]
IN_ORDER = 0.9


def _no_font_for(*characters: str) -> bool:
    """Whether fontconfig finds no font that draws all these characters."""
    charset = " ".join(f"{ord(c):x}" for c in characters)
    found = subprocess.run(["fc-list", f":charset={charset}", "family"], capture_output=True)
    return found.returncode == 0 and not found.stdout.strip()


# Words of the printed page (pdftotext's) that its section of the structure lacks, and why.
# Kept so that it can only shrink.
EXPECTED_STRUCTURE_LOSSES: dict[str, tuple[set[str], str]] = {
    # the fixed header, drawn again on the second page over the columns' first lines:
    # pdftotext reads the two as one line, its words run together; the structure reads
    # the header and the column apart (test_the_fixed_header_and_columns_read_apart)
    "housing-scrutiny.pdf": (
        {"Housinghow", "longpanel", "and-"},
        "pdftotext runs the header drawn over the text into its words",
    ),
}
if _no_font_for("\u06d2", "\u06c1"):
    # No font here draws Urdu's ہ and ے (DejaVu Sans has Arabic's letters only): Chromium
    # draws them as glyph 0, .notdef, in a span of their own whose /ActualText says the
    # letter. Glyph 0 maps to nothing, so the span is not unwrapped (mend.unwrap_spaces)
    # and poppler's structure text of the paragraph stops at the first: every word of it
    # is lost to a reader built on poppler. The printed page fails NOTDEF-GLYPH for it.
    EXPECTED_STRUCTURE_LOSSES["community-languages.pdf"] = (
        {"<the Urdu lines>"},
        "no font on the machine draws Urdu's ہ and ے: Chromium draws .notdef",
    )


def _expected_losses(name: str, source: str) -> set[str]:
    expected, _ = EXPECTED_STRUCTURE_LOSSES.get(name, (set(), ""))
    if "<the Urdu lines>" in expected:  # as pdftotext reads them, its own slips and all:
        # the page's last two lines, the Urdu heading and paragraph
        lines = [line for line in heard(source).splitlines() if line.strip()]
        return set(words("\n".join(lines[-2:])))
    return expected


@dataclass
class Meeting:
    folder: Path
    out: Path
    check: subprocess.CompletedProcess[str]
    build: subprocess.CompletedProcess[str]
    documents: dict[str, dict] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)


def _programme(names: list[str]) -> str:
    lines = ["opening = []", "closing = []", "", "[[meeting]]", "date = 2024-03-07"]
    for name in names:
        lines += ["", "[[meeting.item]]", f'title = "{name[:-4]}"', f'documents = ["{name}"]']
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def meeting(tmp_path_factory) -> Meeting:
    from tests.conftest import Workspace

    why = pages.missing()
    if why:
        pytest.skip(why)
    top = tmp_path_factory.mktemp("chrome")
    ws = Workspace(top / "ws")
    ws.council()
    folder = ws.folder("cyp", "2024-03-07")
    pages.print_pages(folder, top / "html")
    ws.committee(_programme(NAMES))
    found = Meeting(
        folder,
        ws.root / "build/cyp/2024-03-07",
        _agendapack("check", root=ws.root),
        _agendapack("build", root=ws.root),
    )
    manifest = found.out / "manifest.json"
    if manifest.is_file():
        for item in json.loads(manifest.read_text())["items"]:
            for document in item["documents"]:
                found.documents[Path(document["source"]).name] = document
        found.texts = page_texts(found.out / "pack.pdf")
        found.sections = structure_sections(_tree(found.out / "pack.pdf"))
    return found


def _tree(pdf: Path) -> str:
    return subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")


def test_check_and_build_take_every_page(meeting):
    for result in (meeting.check, meeting.build):
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert "Traceback" not in output, output
    assert sorted(meeting.documents) == sorted(NAMES)
    # the decorative picture Chromium draws outside its tags, named for the author
    said = [line for line in meeting.build.stdout.splitlines() if "outside the document's" in line]
    assert len(said) == 1 and "library-consultation.pdf: warning: page 1 " in said[0], said
    # and no list is named malformed: the pack gives each item its body
    assert "malformed" not in meeting.check.stdout, meeting.check.stdout


def _own(meeting: Meeting, name: str) -> list[str]:
    document = meeting.documents[name]
    first = document["first_page"]
    return meeting.texts[first - 1 : first - 1 + document["pages"]]


@pytest.mark.parametrize("name", NAMES)
def test_every_word_is_on_its_page_in_the_pack(meeting, name):
    source = page_texts(meeting.folder / name)
    own = _own(meeting, name)
    assert len(source) == len(own)
    for number, (supplied, packed) in enumerate(zip(source, own, strict=True), 1):
        assert lost_words(words(supplied), words(packed)) == [], f"words lost on page {number}"


@pytest.mark.parametrize("name", NAMES)
def test_every_word_is_in_the_structure_in_order(meeting, name):
    title = meeting.documents[name]["title"]
    blocks = meeting.sections[title]
    source = "\n".join(page_texts(meeting.folder / name))
    # a figure is read by its alternative text, in place of what it draws (an SVG chart's
    # labels, run together: "JanuaryFebruaryMarch")
    with pikepdf.open(meeting.out / "pack.pdf") as pack:
        alts = [str(e.Alt) for e in _elements(_section(pack, title).K) if "/Alt" in e]
    lost = structure_lost(source, [*blocks, *alts])
    expected = _expected_losses(name, source)
    assert set(lost) <= expected
    assert not expected or set(lost) & expected, f"{name} lost none of its expected words"
    anchors, share = reading_order(source, blocks)
    assert anchors < 5 or round(share, 3) >= IN_ORDER, f"{share:.3f} of {anchors} in order"


def _section(pdf: pikepdf.Pdf, title: str) -> pikepdf.Dictionary:
    stack: list[pikepdf.Object] = [pdf.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if node.S == "/Sect" and str(node.get("/T", "")) == title:
                return node
            if "/K" in node:
                stack.append(node.K)
    raise AssertionError(f"no section {title!r}")


def _elements(node: pikepdf.Object) -> list[pikepdf.Dictionary]:
    """A section's elements, depth first in order."""
    found = []
    if isinstance(node, pikepdf.Array):
        for kid in node:
            found += _elements(kid)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        found.append(node)
        if "/K" in node:
            found += _elements(node.K)
    return found


_OPENED: list[pikepdf.Pdf] = []  # kept open while the module's tests read its elements


def _roles(meeting: Meeting, name: str) -> list[pikepdf.Dictionary]:
    pdf = pikepdf.open(meeting.out / "pack.pdf")
    _OPENED.append(pdf)
    return _elements(_section(pdf, meeting.documents[name]["title"]).K)


def test_headings_alt_text_and_lists_are_kept(meeting):
    elements = _roles(meeting, "library-consultation.pdf")
    roles = [str(element.S) for element in elements]
    for heading in ("/H1", "/H2", "/H3", "/H4"):
        assert heading in roles, heading
    alts = [str(element.Alt) for element in elements if "/Alt" in element]
    assert pages.PHOTO_ALT in alts
    assert any(alt.startswith("Bar chart of visits") for alt in alts)
    # the decorative picture (alt="") is no figure: one for the photograph, one the chart
    assert roles.count("/Figure") == 2
    assert roles.count("/L") == 3 and roles.count("/LI") == 6
    # each item a label and a body, its nested list in the body (Chrome gives none)
    for item in (element for element in elements if element.S == "/LI"):
        kids = item.K if isinstance(item.K, pikepdf.Array) else [item.K]
        assert [str(kid.S) for kid in kids] == ["/Lbl", "/LBody"]


def test_table_headers_keep_their_scope_across_pages(meeting):
    elements = _roles(meeting, "ward-budgets.pdf")
    headers = [element for element in elements if element.S == "/TH"]
    scopes = [
        str(attribute.get("/Scope"))
        for header in headers
        for attribute in (
            header.A if isinstance(header.get("/A"), pikepdf.Array) else [header.get("/A")]
        )
        if isinstance(attribute, pikepdf.Dictionary) and "/Scope" in attribute
    ]
    assert scopes.count("/Column") == 4
    assert scopes.count("/Row") == len(pages._ROWS)
    assert meeting.documents["ward-budgets.pdf"]["pages"] > 1


def test_links_within_a_page_lead_to_the_same_page_in_the_pack(meeting):
    name = "library-consultation.pdf"
    first = meeting.documents[name]["first_page"]
    with pikepdf.open(meeting.folder / name) as supplied:
        expected = internal_links(supplied)
        addresses = [
            str(annotation.A.URI)
            for page in supplied.pages
            for annotation in page.obj.get("/Annots", [])
            if "/URI" in annotation.get("/A", {})
        ]
    assert sum(expected.values()) == 4  # the three contents links and "read ... again"
    with pikepdf.open(meeting.out / "pack.pdf") as pack:
        found = internal_links(pack)
        kept = [
            str(annotation.A.URI)
            for page in pack.pages
            for annotation in page.obj.get("/Annots", [])
            if "/URI" in annotation.get("/A", {})
        ]
    for (on, to), times in expected.items():
        assert found[(on + first - 1, to + first - 1)] >= times, (on, to)
    assert pages.WEB in addresses and pages.WEB in kept


def _rules(path: Path) -> set[str]:
    import page

    return {failure.rule_id for failure in page.validate_pdf(path, profile="ua1").failures}


# PDF/UA-1 rules Chromium's own tagged PDF fails that the pack mends, and why the pack is
# not held to the source for the others. The document's metadata, title and PDF/UA
# identification are the pack's own.
PACKS_OWN = {
    "PDFUA1-ID-PART-001",
    "PDFUA1-ID-SCHEMA-001",
    "PDFUA1-METADATA-STRUCTURE-001",
    "PDFUA1-METADATA-TITLE-001",
}


@pytest.mark.parametrize("name", NAMES)
def test_the_pack_adds_no_pdf_ua_rule_the_printed_page_passes(meeting, tmp_path, name):
    """Each paper collated alone after the meeting's front sheet, as a build collates it:
    every rule its pack fails, the printed page fails too."""
    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from agendapack.pdf.sanitise import cleaned

    front = meeting.out / "agenda.pdf"
    assert _rules(front) == set()
    clean = cleaned(meeting.folder / name, tmp_path / "clean", name, name[:-4])
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        part = Part(clean, name, name[:-4], 1, "1. Paper")
        info = PackInfo("Pack", "Council", contact="officer@example.gov.uk")
        write_pack(front, [part], handle, info, duplex=True)
    source = _rules(meeting.folder / name)
    failed = _rules(out)
    assert failed - source == set()
    assert failed == set(_known_failures().get(name, {}))


# The rules a printed page's pack still fails, and why; the printed page fails them too.
# Chromium's others are mended: LI-KIDS (an /LBody given), LINK-CONTENTS (the link's words
# as its /Contents), CONTENT-TAGGING of a form's fields (flattened into the page, tagged),
# and the metadata and identification the pack writes.
def _known_failures() -> dict[str, dict[str, str]]:
    known = {
        "library-consultation.pdf": {
            "PDFUA1-CONTENT-TAGGING-001": (
                'Chromium draws a picture with alt="" (decorative) outside the tags and '
                "not as an artifact; a picture outside a tagged paper's tags is left for its "
                "author, as any is"
            ),
        },
    }
    if _no_font_for("\u06d2", "\u06c1"):
        known["community-languages.pdf"] = {
            "PDFUA1-NOTDEF-GLYPH-001": "Urdu's ہ and ے drawn as .notdef: no font here",
            "PDFUA1-FONT-UNICODE-MAPPING-001": "the same glyph 0, mapped to nothing",
        }
    return known


def test_the_fixed_header_and_columns_read_apart(meeting):
    """A header set `position: fixed` is printed on every page, over the second page's
    first lines; the structure reads it whole, once a page, and the column's words whole."""
    blocks = meeting.sections[meeting.documents["housing-scrutiny.pdf"]["title"]]
    text = " ".join(blocks)
    assert text.count("Nottingham City Council - Housing scrutiny panel") == 2
    assert text.count("Published by the scrutiny team") == 2
    assert "Housinghow" not in text and "longpanel" not in text
    # and each line's end is a word's end, though Chrome draws no space where a line wraps
    paragraph = f"Finding 1. {pages._PARAGRAPH * 3}".strip()
    assert paragraph in text


def test_a_list_items_kids_but_its_label_are_put_in_a_body(tmp_path):
    """Chrome's /LI of an /Lbl, a /NonStruct and a nested /L: the two are put in an /LBody
    after the label, in their order, each knowing its new parent; an item holding marked
    content of its own is its author's, and left as it is."""
    from agendapack.pdf.mend import mend, survey

    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0].obj

    def element(kind, kids=()):
        return pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem, S=pikepdf.Name(kind), Pg=page, K=pikepdf.Array(kids)
            )
        )

    label, words, nested = element("/Lbl"), element("/NonStruct"), element("/L")
    chrome = element("/LI", [label, words, nested])
    own = element("/LI", [element("/P"), 0])
    listed = element("/L", [chrome, own])
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=element("/Document", [listed]))
    )
    assert survey(pdf).to_mend
    assert mend(pdf, tmp_path / "none.pdf", 1).items == 1
    kids = list(chrome.K)
    assert [str(kid.S) for kid in kids] == ["/Lbl", "/LBody"]
    body = kids[1]
    assert [kid.objgen for kid in body.K] == [words.objgen, nested.objgen]
    assert words.P.objgen == nested.P.objgen == body.objgen and body.P.objgen == chrome.objgen
    assert len(own.K) == 2 and own.K[1] == 0
