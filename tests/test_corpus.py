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
    reading_order,
    structure_lost,
    structure_sections,
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

# Words of a paper's pages that are in the pack but not in its section of the structure
# tree, and why: a screen reader does not read them (issue 26). Kept so that the table can
# only shrink; anything else lost fails.
_UNKNOWN_ANNOTATION = (
    "drawn by an annotation of a kind PDF does not define (/FREETEXT, not /FreeText), kept "
    "as it is: viewers draw its appearance, no structure element holds its words"
)
_SOURCE_TAGS = (
    "outside the tagged source's own structure, marked by its author (an artifact, which "
    "stays one: the author said it is no content) or out of its tree's reach otherwise; "
    "`pdfinfo -struct-text` of the source lacks it too (text left unmarked is given a place "
    "in the tree, mend.tag_loose_text)"
)
_RUN_TOGETHER = (
    "a tagged source's words set apart by position alone (TJ adjustments, a bullet drawn "
    "with no space after it), which its own structure reads run together ('Hereisasample', "
    "'•7.2-3'): its content is kept as drawn (spaces are drawn at word breaks only on pages "
    "tagged from their layout)"
)
_ACTUAL_TEXT_ONLY = (
    "its words drawn in glyphs without Unicode and given as /ActualText on their marked "
    "content, which poppler's structure text ignores: the structure reads '' where "
    "pdftotext reads 'ABC'"
)
_HYPHENATED = (
    "words hyphenated at a column's end whose halves the structure reads with the next "
    "column's heading between them ('inter-' '6.5 Calling External Functions' 'face'), "
    "which pdftotext joins"
)
# The structure's text is the characters the page draws, in order; an accent that TeX
# draws as a glyph of its own before its letter ("´" "n") is read so: a reader hears the
# accent's name beside the letter, not "ń", which pdftotext composes from their places. The
# structure cannot carry "ń" but as /ActualText, which poppler's structure text ignores
# and which replaces the characters it covers (a wrong guess hides the page's words).
# (Small capitals, which pdftotext parts by the letters' size, "S MALL", and symbols the
# structure reads apart, "$ & %", are compared as heard: tests/corpus.py, structure_lost.)
_TEX = (
    "TeX's accents and ligatures drawn apart from their letters, which pdftotext composes by "
    "their places and the structure reads as drawn ('Grudzi´ nski', 'naı̈ve')"
)
_HEADER = (
    "the Word file's running header or footer, which LibreOffice exports as an artifact: "
    "running headers and footers are artifacts by design (shared/DESIGN.md, 'Every page "
    "readable', and PDF/UA-1, 7.8), not read again on every page"
)
_PAGE_NUMBER = "its page number, an artifact in the tags made from its layout (issue 26)"
_CJK = (
    "no font on the build machine draws Chinese: LibreOffice draws each character as the "
    "same missing glyph ('□' on the page) and gives the character only as /ActualText "
    "on a span nested in the paragraph's marked content, which poppler's structure text "
    "ignores ('微微' for '微软雅黑'); with a Chinese font installed "
    "(`make run` installs fonts-wqy-zenhei) the page draws the characters and the structure "
    "reads them"
)


def _chinese_font() -> bool:
    """Whether the machine has a font that draws Chinese, for LibreOffice to convert with."""
    listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


_COMB = (
    "a comb field's value, drawn a letter to a cell: the structure reads it whole, as it was "
    "typed ('abcdefghijklmnopqrstuvwxyz'), pdftotext each letter apart"
)
_RUNNING_HEADER = (
    "the same line at the top of three of its pages, alone there: a running header to the "
    "tagging from its layout, an artifact (as a council paper's running header is)"
)
EXPECTED_STRUCTURE_LOSSES: dict[str, tuple[str, list[str]]] = {
    "dt-custom_jinja_filters_tpl.docx": (_HEADER, ["Document", "Number", "doc_no"]),
    "dt-header_footer_image_tpl.docx": (_HEADER, ["Here", "My", "company", "{{mycompany}}"]),
    "dt-header_footer_inline_image_tpl.docx": (_HEADER, ["Here", "an", "{{inline_image}}"]),
    "dt-header_footer_tpl.docx": (_HEADER, ["{{company_name}}", "{{date}}"]),
    "dt-merge_docx_master_tpl.docx": (_HEADER, ["header", "image", "inline"]),
    "js-annotation-text-widget.pdf": (_COMB, ["g", "j", "k", "w", "x", "y", "z"]),
    "js-issue17069.pdf": (
        # its watermark, an artifact, and the field 'SANDBOX' across it: pdftotext reads
        # the two slanted lines' letters interleaved ('rmX', 'teO')
        _SOURCE_TAGS,
        ["Ad", "Dw", "Nf", "St", "aB", "ar", "k", "p", "rmX", "s", "teO"],
    ),
    "js-rotated.pdf": (_PAGE_NUMBER, ["1", "Page"]),
    "js-tracemonkey_with_annotations.pdf": (
        _TEX + "; " + _HYPHENATED,
        ["interface", "naı̈ve", "stop-theworld", "φnodes,"],
    ),
    "pk-form_dd0293.pdf": (
        _SOURCE_TAGS,
        [
            "(DD",
            "(provide,",
            "11.",
            "12.",
            "13.",
            "14.",
            "15.",
            "16b.",
            "214,",
            "25)",
            "25c.",
            "26)",
            "27)",
            "28)",
            "5a.",
            "5b.",
            "Based",
            "CASE",
            "Continue",
            "DECISION",
            "DOMESTIC",
            "ID",
            "IF",
            "IMPORTANT",
            "KNOWN,",
            "LOCATION",
            "NUMBER",
            "PROVIDE",
            "SIGNED",
            "available,",
            "basis",
            "behavioral",
            "briefly",
            "change.",
            "clemency,",
            "condition(s)",
            "copies",
            "decisions,",
            "effects",
            "equity",
            "explain",
            "grant",
            "involves",
            "medical,",
            "mental,",
            "necessary.",
            "physical,",
            "please",
            "propriety,",
            "records,",
            "records.",
            "relevant",
            "why",
        ],
    ),
    "qp-issue-202.pdf": (_TEX, ["Grudziński", "a,", "ż"]),
    "qp-rotated-shared-annotations-1.pdf": (_RUNNING_HEADER, ["Potato"]),
    "vp-7.1-t03-pass-a.pdf": (_SOURCE_TAGS, [".02.", "1", "2020", "21", "г."]),
    "vp-7.18.1-t02-pass-e.pdf": (_UNKNOWN_ANNOTATION, ["comment", "text"]),
    "vp-7.2-t33-pass-b.pdf": (_RUN_TOGETHER, ["7.2-3", "Expected", "Lang", 'xml:lang="en-US"']),
    "vp-veraPDF_test_suite_6-2-11-7-3-t01-pass-a.pdf": (_ACTUAL_TEXT_ONLY, ["ABC"]),
    "vp-veraPDF_test_suite_6-3-8-t01-pass-d.pdf": (
        _SOURCE_TAGS + "; " + _RUN_TOGETHER,
        ["1", "a", "is", "sample", "text."],
    ),
}

if not _chinese_font():
    EXPECTED_STRUCTURE_LOSSES["dt-richtext_eastAsia_tpl.docx"] = (_CJK, ["微软雅黑", "测试"])

# Papers whose structure reads in another order than pdftotext, each with the share of its
# words in pdftotext's order, and why. Kept so that it can only shrink.
_WORDS_TREE = (
    "a Word file: the order of LibreOffice's tree (its tables' cells, what is anchored to a "
    "paragraph), which pdftotext, reading by position, does not follow"
)
_OWN_TREE = "a tagged source: its own tree's order, kept, which pdftotext does not follow"
_LAYOUT_UNTRACED = (
    "tagged from its layout (rotated pages and annotations, a scan's OCR text, figures' "
    "labels): not yet traced which of the two orders is the page's"
)
_POPPLER_UPWARD = (
    "its text drawn running up the page (no /Rotate): the structure reads its lines from "
    "the left, as a reader turning the page does; poppler reads them from the right, the "
    "last first (tests/test_untagged.py, test_a_page_drawn_turned_...)"
)
KNOWN_ORDER_DIFFERENCES: dict[str, tuple[float, str]] = {
    "dt-horizontal_merge_tpl.docx": (0.8, _WORDS_TREE),
    "dt-inline_image_tpl.docx": (0.885, _WORDS_TREE),
    "dt-order_tpl.docx": (0.897, _WORDS_TREE),
    "dt-vertical_merge_tpl.docx": (0.808, _WORDS_TREE),
    "js-bigboundingbox.pdf": (0.875, _LAYOUT_UNTRACED),
    "js-chrome-text-selection-markedContent.pdf": (0.672, _OWN_TREE),
    # its link's address, drawn outside its tags, now in the tree in its cell: pdftotext
    # reads it after the next column's paragraph, so three more words out of its order;
    # and its infobox's "2 July 2011", read whole now (Chrome's no-break spaces unwrapped):
    # "July" one more word of the infobox, which its tree reads before the text pdftotext
    # reads first (88 of 116 in order, where 88 of 115 were)
    "js-pdfjs_wikipedia.pdf": (0.758, _OWN_TREE),
    # its text box read too, and its figures' labels, words now, each figure's in the
    # order it draws them, which pdftotext reads by their places
    "js-tracemonkey_with_annotations.pdf": (0.815, _LAYOUT_UNTRACED),
    "pk-jbig2global.pdf": (0.492, _LAYOUT_UNTRACED),
    "pk-sandwich.pdf": (0.855, _LAYOUT_UNTRACED),
    "qp-annotations-rotated-270.pdf": (0.433, _POPPLER_UPWARD),
    "qp-appearances-1-rotated.pdf": (0.545, _OWN_TREE),  # its list box's options now read too
    "qp-field-types.pdf": (0.75, _OWN_TREE),
    "qp-need-appearances.pdf": (0.708, _OWN_TREE),
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
    structures: dict[Path, dict[str, list[str]]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def pack_texts(self, out: Path) -> list[str]:
        if out not in self.texts:
            self.texts[out] = page_texts(out / "pack.pdf")
        return self.texts[out]

    def pack_structure(self, out: Path) -> dict[str, list[str]]:
        """Each document's section of the pack's structure tree: one reading a pack."""
        if out not in self.structures:
            tree = subprocess.run(
                ["pdfinfo", "-struct-text", str(out / "pack.pdf")],
                capture_output=True,
                check=True,
            ).stdout.decode("utf-8", "replace")
            self.structures[out] = structure_sections(tree)
        return self.structures[out]

    def source_text(self, paper: Path) -> str:
        """The paper's text: the supplied PDF's as poppler reads it (form values drawn
        from NeedAppearances too), a Word file's as LibreOffice converted it."""
        if paper.name not in self.sources:
            document = self.placed[paper.name]
            source = (
                paper if paper.suffix == ".pdf" else self.meeting[paper.name] / document["file"]
            )
            self.sources[paper.name] = "\n".join(page_texts(source))
        return self.sources[paper.name]


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
    source = paper if paper.suffix == ".pdf" else out / document["file"]
    missing = lost_words(words(built.source_text(paper)), words("\n".join(own)))
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


@pytest.mark.parametrize("paper", ACCEPTED, ids=lambda p: p.name)
def test_the_papers_words_are_in_its_section_of_the_packs_structure(built, paper):
    """What a screen reader reads of the paper (issue 26): every word of its pages, as the
    test above reads them, in its section of the pack's structure tree."""
    document = built.placed[paper.name]
    sections = built.pack_structure(built.meeting[paper.name])
    assert document["title"] in sections, "the paper has its section in the structure"
    missing = structure_lost(built.source_text(paper), sections[document["title"]])
    expected = [
        *EXPECTED_LOSSES.get(paper.name, ("", []))[1],
        *EXPECTED_STRUCTURE_LOSSES.get(paper.name, ("", []))[1],
    ]
    assert missing == sorted(expected), f"words not in the structure: {missing[:20]}"


IN_ORDER = 0.9  # of a paper's words that it has once, the share in the source's order
ANCHORS = 10  # fewer words that a paper has once say nothing of its order


@pytest.mark.parametrize("paper", ACCEPTED, ids=lambda p: p.name)
def test_the_structure_reads_the_paper_in_the_sources_order(built, paper):
    """Its columns followed, its blocks in turn: the words come in the order pdftotext
    reads the source (poppler's own reading order, columns followed too), but for the
    papers where the two differ and why."""
    document = built.placed[paper.name]
    sections = built.pack_structure(built.meeting[paper.name])
    anchors, share = reading_order(built.source_text(paper), sections[document["title"]])
    if anchors < ANCHORS:
        return
    floor, _ = KNOWN_ORDER_DIFFERENCES.get(paper.name, (IN_ORDER, ""))
    assert round(share, 3) >= floor, f"{share:.3f} of {anchors} words in the source's order"


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


# Pages of the papers kept whole as one figure whose alternative text says their text
# could not be read (collate.UNTAGGED_ALT), paper by paper, with why: kept so that it can
# only shrink (issue 26). Every other page is tagged for what it is: its words, its
# pictures, or, blank, all of it an artifact.
KNOWN_UNREAD_PAGES: dict[str, tuple[list[int], str]] = {}
_UNREAD_ALT = re.compile(r"^Page (\d+) of \d+ of (.*)\. Its text could not be read")


def test_no_page_of_a_pack_is_one_opaque_figure(built, meetings):
    """No page of any pack reaches a screen reader as one figure saying its text could
    not be read, but the known; and the build names each such page for the officer."""
    papers = {document["title"]: name for name, document in built.placed.items()}
    found: dict[str, list[int]] = {}
    for out in meetings:
        with pikepdf.open(out / "pack.pdf") as pack:
            stack: list[pikepdf.Object] = [pack.Root.StructTreeRoot.K]
            while stack:
                node = stack.pop()
                if isinstance(node, pikepdf.Array):
                    stack.extend(node)
                elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                    alt = _UNREAD_ALT.match(str(node.get("/Alt", "")))
                    if str(node.S) == "/Figure" and alt:
                        found.setdefault(papers.get(alt[2], alt[2]), []).append(int(alt[1]))
                    if "/K" in node:
                        stack.append(node.K)
    assert {n: sorted(p) for n, p in found.items()} == {
        n: pages for n, (pages, _) in KNOWN_UNREAD_PAGES.items()
    }
    said = re.findall(
        r"packs/corpus/[^/]+/([^:]+): warning: page (\d+) cannot be read by a screen reader",
        built.result.stdout + built.result.stderr,
    )
    assert sorted({(name, int(page)) for name, page in said}) == sorted(
        (name, page) for name, (pages, _) in KNOWN_UNREAD_PAGES.items() for page in pages
    )


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
KNOWN_ADDED_ALONE: dict[str, list[str]] = {}


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


# -- PDF/UA-1: what is left is the author's, and said (issue 26) --------------------------

# What `check` tells the officer of a paper that only its author can mend (and `build`,
# for what collation finds: text outside a tagged paper's tags), and the PDF/UA-1 rule
# each is the cause of.
NAMED_CAUSES = {
    "without alternative text": ["PDFUA1-FIGURE-ALTERNATIVE-TEXT-001"],
    "not embedded": ["PDFUA1-FONT-EMBEDDING-001"],
    "named in a way PDF/UA-1 does not accept": ["PDFUA1-TRUETYPE-NONSYMBOLIC-ENCODING-001"],
    "without Unicode mapping": ["PDFUA1-FONT-UNICODE-MAPPING-001", "PDFUA1-FONT-UNICODE-VALUE-001"],
    "outside the document's accessibility tags": ["PDFUA1-CONTENT-TAGGING-001"],
    "whose tags are malformed": [
        f"PDFUA1-{rule}-001"
        for rule in ("TABLE-KIDS", "TABLE-ROW-COLUMNSPAN", "TABLE-COLUMN-ROWSPAN", "TR-KIDS")
        + ("THEAD-KIDS", "TBODY-KIDS", "TFOOT-KIDS", "THEAD-PARENT", "TBODY-PARENT")
        + ("TFOOT-PARENT", "LI-KIDS")
    ],
}
_NAMED_LINE = re.compile(
    r"^(?:programme/corpus\.toml:\d+: warning: '([^']+)' |packs/corpus/[^/]+/([^:]+): warning: )"
)

_FONT_PROGRAM = (
    "the font's description disagrees with PDF/UA-1 and the clean copy cannot mend it "
    "without changing what a page shows: DejaVuSans, not embedded (named), flagged symbolic "
    "yet in WinAnsi: flagged otherwise, a reader without it would stand in another font"
)
_QUOTIENT_WIDTH = (
    "a TeX Type 1 program's width written as a quotient ('113889 100 div hsbw', CMSY7's "
    "circlecopyrt, 1138.89; CMSY10's greaterequal, 7000/9): it agrees with /Widths (1139, 777) "
    "but the validator reads such a width as 0. Nothing to mend: stated as an integer, a width "
    "above 1131 takes the 5-byte form the validator reads as a fraction (1139/65536), and a "
    "program written again changes the bytes its /CharSet check takes for glyph names"
)
_CHARSET = (
    "a Type 1 font's /CharSet lists exactly its program's glyphs (its /CharStrings read with "
    "each glyph's length, for every Type 1 font of these papers), but the validator takes '/' "
    "bytes of the still-encrypted charstrings and the eexec trailer for glyph names: nothing "
    "to mend"
)
_UNREADABLE = "the validator reads no pack with a JPEG 2000 image (lopdf has no decoder)"
# The PDF/UA-1 rules a paper's pack fails that `check` does not name, paper by paper, and
# why: kept so that it can only shrink ("*": the validator cannot read the pack).
KNOWN_UNNAMED_UA_FAILURES: dict[str, dict[str, str]] = {
    "js-issue15012.pdf": {
        "PDFUA1-FONT-GLYPH-WIDTH-001": _QUOTIENT_WIDTH,
        "PDFUA1-FONT-TYPE1-CHARSET-001": _CHARSET,
    },
    "js-tracemonkey_with_annotations.pdf": {
        "PDFUA1-FONT-GLYPH-WIDTH-001": _QUOTIENT_WIDTH,
        "PDFUA1-FONT-TYPE1-CHARSET-001": _CHARSET,
    },
    "pk-pike-jp2.pdf": {"*": _UNREADABLE},
    "qp-appearances-1-rotated.pdf": {"PDFUA1-TRUETYPE-SYMBOLIC-ENCODING-001": _FONT_PROGRAM},
    "qp-issue-202.pdf": {"PDFUA1-FONT-GLYPH-WIDTH-001": _QUOTIENT_WIDTH},
}


def _named(*outputs: str) -> dict[str, set[str]]:
    """The PDF/UA-1 rules whose cause `check` or `build` named, by paper."""
    found: dict[str, set[str]] = {}
    for output in outputs:
        for line in output.splitlines():
            if not (match := _NAMED_LINE.match(line)):
                continue
            name = match[1] or match[2]
            for said, rules in NAMED_CAUSES.items():
                if said in line:
                    found.setdefault(name, set()).update(rules)
    return found


def _ua_rules(path: Path) -> set[str]:
    import page

    try:
        return {f.rule_id for f in page.validate_pdf(path, profile="ua1").failures}
    except page.ParseError:
        return {"*"}


def test_every_pdf_ua_failure_of_a_papers_pack_is_one_check_names_for_its_author(
    checked, built, meetings, tmp_path
):
    """Each paper collated alone after a real front sheet, as a build collates it: the
    PDF/UA-1 rules its pack fails are those whose cause `check` named for the paper (what
    only its author can mend), and the known rest."""
    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from agendapack.pdf.sanitise import cleaned

    named = _named(checked.stdout, built.result.stdout + built.result.stderr)
    front = meetings[0] / "agenda.pdf"
    assert _ua_rules(front) == set()
    unnamed = {}
    for paper in ACCEPTED:
        source = _supplied(built, paper.name)
        clean = cleaned(source, tmp_path / "clean", paper.name, paper.stem)
        out = tmp_path / "pack.pdf"
        with out.open("wb") as handle:
            part = Part(clean, paper.name, paper.stem, 1, "1. Paper")
            info = PackInfo("Pack", "Council", contact="officer@example.gov.uk")
            write_pack(front, [part], handle, info, duplex=True)
        left = _ua_rules(out) - named.get(paper.name, set())
        if left:
            unnamed[paper.name] = sorted(left)
    assert unnamed == {n: sorted(rules) for n, rules in KNOWN_UNNAMED_UA_FAILURES.items()}


def test_every_pdf_ua_failure_of_a_meetings_pack_is_one_check_names_for_an_author(
    checked, built, meetings
):
    """The same of each meeting's pack of 25 papers: nothing merging them adds."""
    named = _named(checked.stdout, built.result.stdout + built.result.stderr)
    unnamed = {}
    for out in meetings:
        papers = [n for n, where in built.meeting.items() if where == out]
        known = set().union(
            *(named.get(n, set()) | set(KNOWN_UNNAMED_UA_FAILURES.get(n, {})) for n in papers)
        )
        if "*" in known:
            continue  # the validator reads none of it
        left = _ua_rules(out / "pack.pdf") - known
        if left:
            unnamed[out.name] = sorted(left)
    assert unnamed == {}
