"""Every file of the third-party corpus through `check` and `build`, as a council would
receive it: refused only for a true reason, else in the pack whole (issue 24).

The corpus (`../shared/corpus/`, beside the repository) is batched into meetings of one
workspace, so that the whole of it is one `check` and one `build` with one LibreOffice:
about twenty seconds. Each paper is then read back from its meeting's pack with poppler
and pikepdf: its words, a stamp on each of its pages, its start on an odd page and its
bookmark, its internal links; each pack for anything that acts, and for PDF/UA-1 rules its
sources did not already fail.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pytest

from tests.corpus import (
    CORPUS,
    EXPECTED_REFUSALS,
    corpus_files,
    hostile,
    internal_links,
    lost_words,
    page_texts,
    words,
    write_workspace,
)
from tests.processes import agendapack as _agendapack

pytestmark = pytest.mark.skipif(
    not (CORPUS / "manifest.tsv").is_file(), reason="../shared/corpus/ is not beside the repository"
)

FILES = corpus_files() if (CORPUS / "manifest.tsv").is_file() else []
ACCEPTED = [f for f in FILES if f.name not in EXPECTED_REFUSALS]
BATCH = 25  # papers a meeting: nine meetings, each pack read back once

# Words poppler reads in a supplied PDF that are not its pages' words, and why they are
# not in the pack: said by `check` as left out.
EXPECTED_LOSSES = {
    "js-multimedia_annotations.pdf": (
        "the captions drawn by its sound, video and screen annotations: media, left out",
        ["AUDIO", "SCREEN", "SOUND", "VIDEO"],
    ),
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> subprocess.CompletedProcess[str]:
    root = tmp_path_factory.mktemp("corpus-check")
    write_workspace(root, [FILES[i : i + BATCH] for i in range(0, len(FILES), BATCH)])
    return _agendapack("check", root=root)


@dataclass
class Built:
    root: Path
    result: subprocess.CompletedProcess[str]
    placed: dict[str, dict] = field(default_factory=dict)  # paper -> its manifest entry
    meeting: dict[str, Path] = field(default_factory=dict)  # paper -> its meeting's outputs
    texts: dict[Path, list[str]] = field(default_factory=dict)

    def pack_texts(self, out: Path) -> list[str]:
        if out not in self.texts:
            self.texts[out] = page_texts(out / "pack.pdf")
        return self.texts[out]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("corpus-build")
    write_workspace(root, [ACCEPTED[i : i + BATCH] for i in range(0, len(ACCEPTED), BATCH)])
    found = Built(root, _agendapack("build", root=root))
    for manifest in sorted(root.glob("build/corpus/*/manifest.json")):
        for item in json.loads(manifest.read_text())["items"]:
            for document in item["documents"]:
                name = Path(document["source"]).name
                found.placed[name] = document
                found.meeting[name] = manifest.parent
    return found


def test_check_refuses_only_what_qpdf_cannot_open_needs_a_password_or_has_no_pages(checked):
    refused = {}
    for line in checked.stdout.splitlines():
        match = re.match(r"programme/corpus\.toml:\d+: error: '([^']+)': (.*)$", line)
        assert match or ": error: " not in line, line
        if match:
            refused[match[1]] = match[2]
    assert sorted(refused) == sorted(EXPECTED_REFUSALS)
    for name, reason in EXPECTED_REFUSALS.items():
        assert refused[name].startswith(reason), (name, refused[name])
    assert "Traceback" not in checked.stdout + checked.stderr


def test_every_other_file_builds_with_no_error_and_no_python_warning(built):
    output = built.result.stdout + built.result.stderr
    assert built.result.returncode == 0, output[-3000:]
    assert ": error: " not in output
    # a Python warning, as the warnings module prints it: "path:line: SomeWarning: ..."
    assert not re.findall(r"^.*\b\w*Warning: .*$", output, re.M)
    assert "Traceback" not in output
    assert sorted(built.placed) == sorted(f.name for f in ACCEPTED)


@pytest.mark.parametrize("paper", ACCEPTED, ids=lambda p: p.name)
def test_the_paper_is_in_its_pack_whole(built, paper):
    document = built.placed[paper.name]
    out = built.meeting[paper.name]
    first, count = document["first_page"], document["pages"]
    assert first % 2 == 1, "every document starts on an odd page"
    texts = built.pack_texts(out)
    own = texts[first - 1 : first - 1 + count]
    for number, text in enumerate(own, first):
        assert f"Page {number}" in text, f"no stamp on page {number}"
    # its words: the supplied PDF's as poppler reads them (form values drawn from
    # NeedAppearances too), a Word file's as LibreOffice converted it
    source = paper if paper.suffix == ".pdf" else out / document["file"]
    missing = lost_words(words("\n".join(page_texts(source))), words("\n".join(own)))
    expected = EXPECTED_LOSSES.get(paper.name, ("", []))[1]
    assert missing == expected, f"words lost: {missing[:20]}"
    with pikepdf.open(out / "pack.pdf") as pack:
        with pack.open_outline() as outline:
            titles = {
                (item.title, pack.pages.index(item.destination[0]) + 1)
                for top in outline.root
                for item in [top, *top.children]
                if isinstance(item.destination, pikepdf.Array)
            }
        assert (document["title"], first) in titles, "its bookmark leads to its first page"
        with pikepdf.open(source) as supplied:
            expected = internal_links(supplied)
        shift = first - 1
        found = internal_links(pack)
        for (on, to), times in expected.items():
            assert found[(on + shift, to + shift)] >= times, (
                f"a link on page {on + 1} to page {to + 1} leads elsewhere in the pack"
            )


@pytest.fixture(scope="module")
def meetings(built) -> list[Path]:
    return sorted({built.meeting[name] for name in built.placed})


def test_no_pack_carries_anything_that_acts_or_is_attached(built, meetings):
    for out in meetings:
        with pikepdf.open(out / "pack.pdf") as pack:
            assert hostile(pack) == [], out.name


def test_every_page_of_every_pack_shows_its_number_in_order(built, meetings):
    for out in meetings:
        texts = built.pack_texts(out)
        unstamped = [n for n, text in enumerate(texts, 1) if f"Page {n}" not in text]
        assert not unstamped, (out.name, unstamped)


def test_merging_adds_no_pdf_ua_failure_that_no_source_has(built, meetings):
    """For each pack, the PDF/UA-1 rules it fails are among those its sources fail."""
    import page

    def rules(path: Path) -> set[str]:
        try:
            return {f.rule_id for f in page.validate_pdf(path, profile="ua1").failures}
        except page.ParseError:  # a damaged file qpdf repairs: the validator fails it all
            return {"*"}

    added = {}
    for out in meetings:
        sources = [n for n, where in built.meeting.items() if where == out]
        failed = set().union(*(rules(_supplied(built, name)) for name in sources))
        failed |= rules(out / "agenda.pdf")
        extra = set() if "*" in failed else rules(out / "pack.pdf") - failed
        if extra:
            added[out.name] = sorted(extra)
    assert added == KNOWN_ADDED_UA_FAILURES


# What merging still adds, pack by pack (see issue 24, "Merging adds PDF/UA-1 failures"):
# kept here so that the list can only shrink.
KNOWN_ADDED_UA_FAILURES: dict[str, list[str]] = {}


def _supplied(built: Built, name: str) -> Path:
    document = built.placed[name]
    if name.endswith(".pdf"):
        return CORPUS / "pdf" / name
    return built.meeting[name] / document["file"]


def test_every_stamp_is_clear_of_the_pages_own_words(built, meetings):
    """No word of a page is drawn where its "Page N" is: a page whose content reaches the
    stamp's band is shrunk above it, a page too small for it placed on a bigger one."""
    from tests.pdftools import words as placed

    covered = []
    for out in meetings:
        for number, page in enumerate(placed(out / "pack.pdf"), 1):
            stamp = [
                (a, b)
                for a, b in zip(page.words, page.words[1:], strict=False)
                if a.text == "Page" and b.text == str(number)
            ]
            assert stamp, (out.name, number)
            first, second = stamp[-1]  # the stamp is drawn last
            box = (first.x_min, min(first.y_min, second.y_min), second.x_max, first.y_max)
            for word in page.words:
                if word is first or word is second:
                    continue
                if (
                    word.x_min < box[2]
                    and word.x_max > box[0]
                    and word.y_min < box[3]
                    and word.y_max > box[1]
                ):
                    covered.append((out.name, number, word.text))
    assert covered == []


# What merging still adds to a pack of one paper, and why: kept so that it can only
# shrink. A meeting's pack hides these behind another paper's failures of the same rules.
KNOWN_ADDED_ALONE = {
    # its content streams split inside a string: an untagged page's streams are joined
    # (with a line break between them, as qpdf joins them) to be written again with its tags
    "qp-split-content-stream.pdf": ["PDFUA1-FONT-GLYPH-PRESENCE-001"],
}


def test_a_pack_of_each_pdf_alone_fails_no_pdf_ua_rule_its_source_passes(built, meetings, tmp_path):
    """Each supplied PDF collated alone after a real front sheet, as a build collates it:
    the rules its pack fails are among those it or the front sheet fails."""
    import page

    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from agendapack.pdf.sanitise import cleaned

    def rules(path: Path) -> set[str] | None:
        try:
            return {f.rule_id for f in page.validate_pdf(path, profile="ua1").failures}
        except page.ParseError:  # a damaged file qpdf repairs: the validator cannot say
            return None

    front = meetings[0] / "agenda.pdf"
    front_rules = rules(front) or set()
    added = {}
    for paper in ACCEPTED:
        source = rules(paper) if paper.suffix == ".pdf" else None
        if source is None:
            continue
        clean = cleaned(paper, tmp_path / "clean", paper.name, paper.stem)
        out = tmp_path / "pack.pdf"
        with out.open("wb") as handle:
            part = Part(clean, paper.name, paper.stem, 1, "1. Paper")
            info = PackInfo("Pack", "Council", contact="officer@example.gov.uk")
            write_pack(front, [part], handle, info, duplex=True)
        extra = (rules(out) or set()) - source - front_rules
        if extra:
            added[paper.name] = sorted(extra)
    assert added == KNOWN_ADDED_ALONE
