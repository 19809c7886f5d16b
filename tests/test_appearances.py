"""What a form's fields and a page's annotations draw reaches the pack's structure (issue 26):
real files of the corpus, cleaned and collated as a build does, read back with poppler's
`pdfinfo -struct-text`, what a screen reader's view of the tags comes to."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.corpus import CORPUS

pytestmark = pytest.mark.skipif(
    not (CORPUS / "manifest.tsv").is_file(), reason="../shared/corpus/ is not beside the repository"
)


def _pack(name: str, folder: Path) -> str:
    """The structure text of a pack of the corpus's `name` alone (its own first page as
    the front sheet)."""
    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from agendapack.pdf.sanitise import cleaned

    paper = CORPUS / "pdf" / name
    clean = cleaned(paper, folder / "clean", name, paper.stem)
    out = folder / "pack.pdf"
    with out.open("wb") as handle:
        part = Part(clean, name, paper.stem, 1, "1. Paper")
        write_pack(clean, [part], handle, PackInfo("Pack", "Council"), duplex=False)
    return subprocess.run(
        ["pdfinfo", "-struct-text", str(out)], capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")


def _quoted(structure: str) -> list[str]:
    return [line.strip()[1:-1] for line in structure.splitlines() if line.strip().startswith('"')]


@pytest.mark.parametrize(
    ("name", "options"),
    [
        # an untagged page, tagged from its layout: the list box its own paragraph
        ("js-resetform.pdf", "D E F"),
        # LibreOffice's tagged form, its list box drawn by qpdf (NeedAppearances)
        ("qp-field-types.pdf", "five six seven eight"),
    ],
)
def test_a_list_boxs_options_are_read_apart(tmp_path, name, options):
    """A list box draws its options a line each, with nothing between them: flattened,
    its element reads them as words, not one ("DEF"), and nothing more is seen."""
    structure = _pack(name, tmp_path)
    assert any(" ".join(text.split()) == options for text in _quoted(structure)), options
    assert options.replace(" ", "") not in structure
    drawn = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "pack.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert options.split()[0] in drawn.split()  # drawn as before, on a line of its own


def test_text_boxes_are_read_on_an_untagged_page(tmp_path):
    """pdf.js's text boxes typed in six viewers, on a page with no text of its own: drawn
    into the page, the tagging from its layout reads each (it was one figure, its
    words in no element)."""
    structure = _pack("js-freetexts.pdf", tmp_path)
    read = " ".join(" ".join(_quoted(structure)).split())
    for viewer in ("Acrobat", "Firefox", "Preview", "Edge without Acrobat", "Foxit"):
        assert f"from {viewer}".lower() in read.lower(), viewer
    assert "Figure" not in structure.split("1. Paper")[-1]


def test_a_text_box_on_a_tagged_page_is_a_paragraph_of_its_tree(tmp_path):
    import pikepdf

    structure = _pack("js-annotation-freetext.pdf", tmp_path)
    assert "FreeText content" in _quoted(structure)
    with pikepdf.open(tmp_path / "pack.pdf") as pack:
        kinds = [str(a.get("/Subtype")) for p in pack.pages for a in p.get("/Annots", [])]
    assert "/FreeText" not in kinds  # drawn, not left as an annotation outside the tree


def test_a_signatures_words_a_form_further_in_are_read_apart(tmp_path):
    """qpdf's signed file: its signature box draws one form, which draws the words; on
    its untagged page they are tagged, with spaces between the box's lines."""
    structure = _pack("qp-digitally-signed.pdf", tmp_path)
    read = " ".join(_quoted(structure))
    assert "John Doe Digitally signed by John Doe Date: 2019.09.27 20:54:52" in " ".join(
        read.split()
    )


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        # an untagged page drawing its lines of text in one form
        ("qp-boxes.pdf", ["[0 0 612 792] green at crop", "[20 40 552 712] orange at trim"]),
        # a form's text, then a form within it drawing more
        ("qp-nested-form-xobjects.pdf", ["FX1 FX2"]),
    ],
)
def test_a_forms_lines_of_text_are_read_apart_on_an_untagged_page(tmp_path, name, lines):
    """A form drawing lines of text is one unit of the layout, its drawing one marked
    run: its lines are read as words, not "792]green"."""
    read = " ".join(" ".join(_quoted(_pack(name, tmp_path))).split())
    for line in lines:
        assert line in read, line


def _joined(structure: str) -> str:
    """The structure's text as a reader that joins its marked runs as they are reads it:
    no space but those the content draws."""
    return "".join(_quoted(structure))


def test_words_set_apart_by_position_alone_are_read_apart(tmp_path):
    """The TraceMonkey paper's lines set their words apart by TJ adjustments alone (a
    fifth of an em, no space drawn): tagged from its layout, its structure's text has the
    spaces pdftotext infers, drawn invisibly, and its letters raised and kerned (the
    LaTeX logo) stay one word."""
    read = _joined(_pack("js-issue15012.pdf", tmp_path))
    assert "is available, traditional compilers need to emit generic code that can" in read
    assert "isavailable" not in read
    latex = _joined(_pack("qp-issue-202.pdf", tmp_path / "latex"))
    assert "1.3. LATEX AND PDFLATEX" in latex


def test_a_figures_labels_drawn_along_one_line_are_read_apart(tmp_path):
    """The TraceMonkey paper's figure 2 is a form drawing each label in a text object of
    its own, under a transform of its own, several along one line: the fonts' widths say
    where each ends, so the labels are read as words ("Interpret Bytecodes Monitor
    Record"), not run together ("BytecodesMonitor"), and a kerned word stays one."""
    read = " ".join(
        " ".join(_quoted(_pack("js-tracemonkey_with_annotations.pdf", tmp_path))).split()
    )
    assert "Interpret Bytecodes Monitor Record LIR Trace Execute Compiled Trace" in read
    assert "BytecodesMonitor" not in read
    assert "hot loop/exit abort recording" in read


def test_the_spaces_drawn_change_nothing_seen(tmp_path, monkeypatch):
    """The pages look exactly as they did without the spaces: each is drawn in rendering
    mode 3 (invisible), and the adjustment after it takes back its width."""
    from agendapack.pdf import spacing

    with_spaces = tmp_path / "with"
    without = tmp_path / "without"
    with_spaces.mkdir()
    without.mkdir()
    _pack("js-issue15012.pdf", with_spaces)
    monkeypatch.setattr(spacing.TextState, "space", lambda self, font: None)
    _pack("js-issue15012.pdf", without)

    def pixels(folder: Path) -> bytes:
        subprocess.run(
            ["pdftoppm", "-r", "150", "-gray", "-f", "2", "-l", "2", "pack.pdf", "page"],
            cwd=folder,
            capture_output=True,
            check=True,
        )
        return next(folder.glob("page*.pgm")).read_bytes()

    assert "is available, traditional" not in _joined(
        subprocess.run(
            ["pdfinfo", "-struct-text", str(without / "pack.pdf")], capture_output=True
        ).stdout.decode("utf-8", "replace")
    )
    assert pixels(with_spaces) == pixels(without)
