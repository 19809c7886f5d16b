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
    blocks = meeting.sections[meeting.documents[name]["title"]]
    source = "\n".join(page_texts(meeting.folder / name))
    assert structure_lost(source, blocks) == []
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
    assert _rules(out) - source == set()
