"""Papers as councils receive them (issue 24): each fault the trial on third-party files
found, now in the pack whole, read back with poppler and pikepdf.

The corpus files are read in place from `../shared/corpus/`; the rest are made here, as
pdflatex, Chrome and a label printer make them.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.documents.checks import paper_problem
from agendapack.pdf.collate import PackInfo, Part, write_pack
from agendapack.pdf.opening import damaged
from agendapack.pdf.sanitise import clean_pdf
from tests.corpus import CORPUS, internal_links, page_texts, words
from tests.pdftools import blank_pdf

runner = CliRunner()
needs_corpus = pytest.mark.skipif(
    not (CORPUS / "manifest.tsv").is_file(), reason="../shared/corpus/ is not beside the repository"
)


def _pack(tmp_path: Path, *papers: Path) -> Path:
    """The papers, each cleaned as a build cleans it, in one pack after a blank front sheet."""
    front = tmp_path / "front.pdf"
    front.write_bytes(blank_pdf())
    parts = []
    for number, paper in enumerate(papers, 1):
        clean = tmp_path / f"clean-{number}.pdf"
        clean_pdf(paper, clean, paper.name, paper.stem)
        parts.append(Part(clean, paper.name, paper.stem, number, f"{number}. {paper.stem}"))
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        write_pack(front, parts, handle, PackInfo("Pack", "Council"), duplex=True)
    return out


def _stamped(pack: Path) -> list[int]:
    """The pages of the pack that do not show their number."""
    return [n for n, text in enumerate(page_texts(pack), 1) if f"Page {n}" not in text]


# -- refused only for a true reason -----------------------------------------------------


@needs_corpus
@pytest.mark.parametrize(
    "name", ["qp-bad-xref.pdf", "qp-issue-202.pdf", "pk-cyclic-toc.pdf", "qp-bad7.pdf"]
)
def test_a_pdf_qpdf_repairs_is_a_paper_whatever_pypdf_says(name, tmp_path):
    """pypdf refuses each of these; qpdf repairs and reads them, and qpdf is what copies
    the pages into the pack."""
    from pypdf import PdfReader

    paper = CORPUS / "pdf" / name
    with pytest.raises(Exception), warnings.catch_warnings():  # noqa: B017 - any of its errors
        warnings.simplefilter("ignore")
        reader = PdfReader(paper, strict=False)
        _ = [page.mediabox for page in reader.pages]
    assert paper_problem(paper, name) is None
    pack = _pack(tmp_path, paper)
    assert _stamped(pack) == []
    source = words("\n".join(page_texts(paper)))
    assert not source - words("\n".join(page_texts(pack)))


@needs_corpus
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("qp-20-pages.pdf", ": the PDF needs a password to open; ask its author for a copy"),
        ("qp-pages-loop.pdf", ": the PDF is damaged and cannot be read; save or export it"),
        ("pk-newline-buffer-test.pdf", ": the PDF has no pages"),
    ],
)
def test_what_is_refused_is_refused_for_what_it_is(name, reason):
    assert (paper_problem(CORPUS / "pdf" / name, name) or "").startswith(reason)


@needs_corpus
def test_acrobats_class_map_of_direct_objects_is_merged(tmp_path):
    """pdf.js's outlines_se.pdf, tagged by Acrobat: its /ClassMap holds its attribute
    dictionaries directly (some of them), which qpdf's copy of foreign objects does not
    take alone."""
    paper = CORPUS / "pdf" / "js-outlines_se.pdf"
    with pikepdf.open(paper) as source:
        classes = source.Root.StructTreeRoot.ClassMap
        assert any(not value.is_indirect for value in classes.values())
        names = set(classes.keys())
    pack = _pack(tmp_path, paper)
    with pikepdf.open(pack) as merged:
        assert names <= set(merged.Root.StructTreeRoot.ClassMap.keys())
    assert not words("\n".join(page_texts(paper))) - words("\n".join(page_texts(pack)))


@needs_corpus
def test_a_name_key_that_is_not_utf8_is_walked_and_kept(tmp_path):
    """qpdf's weird-tokens.pdf, valid PDF 2.0 with a key of Latin-1 bytes in its catalog:
    the sanitiser's walk raised TypeError on it."""
    paper = CORPUS / "pdf" / "qp-weird-tokens.pdf"
    assert paper_problem(paper, paper.name) is None
    clean_pdf(paper, tmp_path / "clean.pdf", paper.name)
    with pikepdf.open(tmp_path / "clean.pdf") as clean:
        keys = list(clean.Root.keys())
    assert any(key.startswith("/WeirdKey+") for key in keys)
    assert _stamped(_pack(tmp_path, paper)) == []


# -- every page numbered ----------------------------------------------------------------


@needs_corpus
def test_a_page_that_leaves_an_array_a_dictionary_or_an_image_open_shows_its_stamp(tmp_path):
    """pikepdf's content-stream-errors.pdf: its pages end inside an array, a dictionary
    and an inline image, which took the stamp in as their own."""
    paper = CORPUS / "pdf" / "pk-content-stream-errors.pdf"
    pack = _pack(tmp_path, paper)
    assert _stamped(pack) == []
    assert page_texts(pack)[2:6] == [f"Potato\n\nPage {n}\n\n" for n in range(3, 7)]


def _one_page_pdf(path: Path, content: bytes, box: list[float]) -> Path:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(box[2], box[3]))
    page.obj.MediaBox = Array(box)
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(content)
    pdf.save(path)
    return path


@pytest.mark.parametrize(
    "content",
    [
        b"BT /F1 12 Tf 72 700 Td (OPEN-TEXT) Tj",  # a text object never ended
        b"q 0.5 0 0 0.5 0 0 cm BT /F1 12 Tf 72 700 Td (SCALED-TEXT) Tj ET",  # a q, too
        b"BT /F1 12 Tf 72 700 Td (BRACKET-TEXT) Tj ET (never closed",  # a string
        b"/P <</MCID 0>> BDC BT /F1 12 Tf 72 700 Td (MARKED-TEXT) Tj ET",  # marked content
    ],
)
def test_a_page_left_open_is_closed_before_its_stamp(tmp_path, content):
    paper = _one_page_pdf(tmp_path / "open.pdf", content, [0, 0, 595, 842])
    pack = _pack(tmp_path, paper)
    assert _stamped(pack) == []
    # the stamp at the bottom centre, as on any page: not where the page's own q left it
    from tests.pdftools import words as placed

    (stamp,) = [w for w in placed(pack)[2].words if w.text == "3"]
    assert 280 < stamp.x_min < 320 and stamp.y_max > 800


def test_a_page_too_small_for_its_stamp_is_placed_on_a_page_big_enough(tmp_path):
    """A label 3.84 points square, as a label printer's driver wrote one."""
    paper = _one_page_pdf(tmp_path / "tiny.pdf", b"0 0 1 rg 0 0 3.84 3.84 re f", [0, 0, 3.84, 3.84])
    pack = _pack(tmp_path, paper)
    assert _stamped(pack) == []
    with pikepdf.open(pack) as merged:
        x0, y0, x1, y1 = (float(v) for v in merged.pages[2].cropbox)
    assert x1 - x0 > 60 and y1 - y0 > 28  # the stamp's width, and its band under the label
    assert y1 == pytest.approx(3.84)  # the label where it was, the band added beneath it


# -- links lead where they led ----------------------------------------------------------


def _linked_pdf(path: Path, marker: str) -> Path:
    """Three pages, as pdflatex and Chrome write links: on page 1, one to a name in the
    catalog's /Dests (Chrome), one GoTo to a string in the /Names tree (hyperref), one to
    an explicit destination; each to a later page."""
    pdf = pikepdf.new()
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    for number in range(1, 4):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
        text = f"BT /F1 12 Tf 72 700 Td ({marker}-PAGE-{number}) Tj ET"
        page.obj.Contents = pdf.make_stream(text.encode())
    one, two, three = (p.obj for p in pdf.pages)
    pdf.Root.Dests = Dictionary(chapter=Array([two, Name.XYZ, 0, 800, 0]))
    tree = pikepdf.NameTree.new(pdf)
    tree["section.2"] = Array([three, Name.Fit])
    pdf.Root.Names = Dictionary(Dests=tree.obj)

    def link(y: int, **target: object) -> Dictionary:
        return Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[72, y, 200, y + 12], **target)

    one.Annots = Array(
        [
            pdf.make_indirect(link(600, Dest=Name("/chapter"))),
            pdf.make_indirect(link(580, A=Dictionary(S=Name.GoTo, D=String("section.2")))),
            pdf.make_indirect(link(560, Dest=Array([three, Name.Fit]))),
        ]
    )
    pdf.save(path)
    return path


def test_links_to_named_destinations_lead_to_the_same_pages_in_the_pack(tmp_path):
    """The same names in two papers: each paper's links still lead within it."""
    first = _linked_pdf(tmp_path / "thesis.pdf", "THESIS")
    second = _linked_pdf(tmp_path / "printed.pdf", "PRINTED")
    with pikepdf.open(first) as source:
        assert internal_links(source) == {(0, 1): 1, (0, 2): 2}
    pack = _pack(tmp_path, first, second)
    texts = page_texts(pack)
    with pikepdf.open(pack) as merged:
        found = internal_links(merged)
    # the front sheet and its blank page, then three pages and a blank for each paper
    assert "THESIS-PAGE-1" in texts[2] and "PRINTED-PAGE-1" in texts[6]
    assert found == {(2, 3): 1, (2, 4): 2, (6, 7): 1, (6, 8): 2}
    assert "THESIS-PAGE-2" in texts[3] and "PRINTED-PAGE-3" in texts[8]


# -- form values visible ----------------------------------------------------------------


@needs_corpus
def test_form_values_a_form_left_to_the_reader_to_draw_are_drawn_into_the_page(tmp_path):
    """qpdf's need-appearances.pdf, saved by LibreOffice with NeedAppearances: qpdf makes
    the missing appearances, and the fields are drawn into the pages (a pack is a record,
    not a form). Poppler draws such values itself, so the source reads the same."""
    paper = CORPUS / "pdf" / "qp-need-appearances.pdf"
    pack = _pack(tmp_path, paper)
    text = "\n".join(page_texts(pack))
    for value in ("abc", "Potato", "salad", "elephant", "delta"):
        assert value in text
    assert not words("\n".join(page_texts(paper))) - words(text)
    with pikepdf.open(pack) as merged:
        assert "/AcroForm" not in merged.Root
        # drawn in Helvetica's embedded stand-in, not the form's own subset font, which
        # holds the glyph of a space and nothing else (LibreOffice's forms)
        drawings = [
            x
            for name, x in merged.pages[2].obj.Resources.XObject.items()
            if name.startswith("/APField") and "/APHelv" in x.get("/Resources", {}).get("/Font", {})
        ]
        assert drawings
        for drawing in drawings:
            font = drawing.Resources.Font.APHelv
            assert "/FontFile2" in font.FontDescriptor, font.BaseFont
        assert not [
            a
            for page in merged.pages
            for a in page.obj.get("/Annots", [])
            if a.Subtype == "/Widget"
        ]


# -- said once, as lines ----------------------------------------------------------------


@needs_corpus
def test_no_python_warning_is_raised_while_a_pack_is_made(tmp_path):
    """qpdf's issue-202.pdf made pikepdf warn (PageCopyWarning) as its pages were copied."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _pack(tmp_path, CORPUS / "pdf" / "qp-issue-202.pdf", CORPUS / "pdf" / "pk-form.pdf")
    assert [str(w.message) for w in caught] == []


def test_every_papers_problem_is_said_at_once(ws, monkeypatch):
    """Two papers that fail as their clean copies are made (a fault of agendapack's own,
    say): both are named in one build, not the second only once the first is mended."""
    import agendapack.pack.build as build

    folder = ws.folder("cyp", "2023-10-05")
    for name in ("first.pdf", "second.pdf", "fine.pdf"):
        (folder / name).write_bytes(blank_pdf())
    ws.committee(
        """
        opening = []
        closing = []

        [[meeting]]
        date = 2023-10-05

        [[meeting.item]]
        title = "Budget"
        documents = ["first.pdf", "second.pdf", "fine.pdf"]
        """
    )
    real = build.cleaned

    def failing(source: Path, cache: Path, shown: str, title: str | None = None, **kw) -> Path:
        if source.name != "fine.pdf":
            raise damaged(shown)
        return real(source, cache, shown, title, **kw)

    monkeypatch.setattr(build, "cleaned", failing)
    result = runner.invoke(app, ["build", "--workspace", str(ws.root)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ": error: " in line]
    assert lines[:2] == [
        "packs/cyp/2023-10-05/first.pdf: error: the PDF is damaged and cannot be read; save or "
        "export it again",
        "packs/cyp/2023-10-05/second.pdf: error: the PDF is damaged and cannot be read; save "
        "or export it again",
    ]


# -- beyond the corpus ------------------------------------------------------------------


def test_a_pdf_a_3_with_an_attached_file_goes_in_without_it(tmp_path):
    """An e-invoice or a data return: PDF/A-3 carries its data as an attached file, which
    a public pack never does; its page and words go in."""
    from tests.corpus import hostile

    paper = _one_page_pdf(
        tmp_path / "invoice.pdf",
        b"BT /F1 12 Tf 72 700 Td (INVOICE-TOTAL 1234) Tj ET",
        [0, 0, 595, 842],
    )
    with pikepdf.open(paper, allow_overwriting_input=True) as pdf:
        pdf.attachments["factur-x.xml"] = pikepdf.AttachedFileSpec(
            pdf, b"<invoice>SECRET</invoice>"
        )
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfaid:part"] = "3"
            meta["pdfaid:conformance"] = "B"
        pdf.save()
    assert paper_problem(paper, paper.name) is None
    pack = _pack(tmp_path, paper)
    assert "INVOICE-TOTAL" in page_texts(pack)[2] and _stamped(pack) == []
    with pikepdf.open(pack) as merged:
        assert hostile(merged) == []
    assert b"SECRET" not in pack.read_bytes()


def test_a_scanned_letter_goes_in_as_its_picture_stamped(tmp_path):
    """A scan: one image a page, no text layer, at 200 dpi on A4."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    image = pdf.make_stream(
        bytes([0xFF] * 50 + [0x00] * 50) * 10,
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=800,
        Height=10,
        ColorSpace=Name.DeviceGray,
        BitsPerComponent=1,
    )
    page.obj.Resources = Dictionary(XObject=Dictionary(Im0=image))
    page.obj.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    pdf.save(tmp_path / "scan.pdf")
    pack = _pack(tmp_path, tmp_path / "scan.pdf")
    assert _stamped(pack) == []
    with pikepdf.open(pack) as merged:
        images = [
            x for x in merged.pages[2].get_images().values() if x.Width == 800 and x.Height == 10
        ]
        assert len(images) == 1  # the picture itself, not a copy made of it


def test_a_paper_refused_by_check_does_not_hide_one_libreoffice_refuses(ws):
    """An empty PDF (found by the check) and a Word file LibreOffice cannot open (found
    only by converting it): one build names both."""
    import zipfile

    folder = ws.folder("cyp", "2023-10-05")
    (folder / "empty.pdf").write_bytes(b"")
    with zipfile.ZipFile(folder / "broken.docx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "this is not XML <<<")
    ws.committee(
        """
        opening = []
        closing = []

        [[meeting]]
        date = 2023-10-05

        [[meeting.item]]
        title = "Budget"
        documents = ["empty.pdf", "broken.docx"]
        """
    )
    result = runner.invoke(app, ["build", "--workspace", str(ws.root)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == [
        "programme/cyp.toml:14: error: 'empty.pdf' is empty (0 bytes); save or copy it again",
        "packs/cyp/2023-10-05/broken.docx: error: LibreOffice could not convert it "
        "(LibreOffice could not open it); open it in Word and save it again",
    ]


def _word_paper(path: Path) -> None:
    """As Word saves a reviewed report: a tracked insertion and deletion, a text box, a
    first-page header unlike the others, a footnote-sized aside in a table."""
    from docx import Document as WordDocument
    from docx.oxml import parse_xml

    document = WordDocument()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "FIRST-PAGE-HEADER"
    section.header.paragraphs[0].text = "LATER-PAGE-HEADER"
    namespaces = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    reviewed = document.add_paragraph("The budget is ")
    reviewed._p.append(
        parse_xml(
            f'<w:ins {namespaces} w:id="1" w:author="Reviewer" w:date="2024-03-01T10:00:00Z">'
            "<w:r><w:t>INSERTED-WORDS</w:t></w:r></w:ins>"
        )
    )
    reviewed._p.append(
        parse_xml(
            f'<w:del {namespaces} w:id="2" w:author="Reviewer" w:date="2024-03-01T10:00:00Z">'
            "<w:r><w:delText>DELETED-WORDS</w:delText></w:r></w:del>"
        )
    )
    boxed = document.add_paragraph()
    boxed._p.append(
        parse_xml(
            f"<w:r {namespaces}><w:pict>"
            '<v:shape id="box" type="#_x0000_t202" style="width:220pt;height:40pt">'
            "<v:textbox><w:txbxContent><w:p><w:r><w:t>TEXTBOX-WORDS</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Service", "TABLE-HEADER-COST"
    table.cell(1, 0).text, table.cell(1, 1).text = "Libraries", "1,234"
    for number in range(60):
        document.add_paragraph(f"Paragraph {number}: spending and savings. " * 6)
    ledger = document.add_table(rows=90, cols=3)  # a table over several pages, as a budget's
    for row in range(90):
        for column, value in enumerate((f"Line {row}", f"{row * 37}", f"LEDGER-{row}")):
            ledger.cell(row, column).text = value
    document.save(path)


def test_a_word_report_as_reviewed_in_word_goes_in_as_it_now_stands(ws):
    folder = ws.folder("cyp", "2023-10-05")
    _word_paper(folder / "budget.docx")
    ws.committee(
        """
        opening = []
        closing = []

        [[meeting]]
        date = 2023-10-05

        [[meeting.item]]
        title = "Budget"
        documents = ["budget.docx"]
        """
    )
    check = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert "'budget.docx' has tracked changes" in check.output
    result = runner.invoke(app, ["build", "--workspace", str(ws.root)])
    assert result.exit_code == 0, result.output
    texts = page_texts(ws.root / "build/cyp/2023-10-05/pack.pdf")
    report = texts[2:]  # after the front sheet and its blank page
    everything = "\n".join(report)
    assert "FIRST-PAGE-HEADER" in report[0] and "LATER-PAGE-HEADER" in report[1]
    for shown in ("INSERTED-WORDS", "TEXTBOX-WORDS", "TABLE-HEADER-COST", "Paragraph 59"):
        assert shown in everything
    assert "DELETED-WORDS" not in everything
    assert [n for n, text in enumerate(texts, 1) if f"Page {n}" not in text] == []
    # the tables as tables in the pack's structure, the long one's rows all there
    with pikepdf.open(ws.root / "build/cyp/2023-10-05/pack.pdf") as pack:
        (section,) = [s for s in pack.Root.StructTreeRoot.K[0].K if s.get("/T") == "Budget"]
        roles: list[str] = []
        stack = [section.K]
        while stack:
            node = stack.pop()
            if isinstance(node, Array):
                stack.extend(node)
            elif isinstance(node, Dictionary) and "/S" in node:
                roles.append(str(node.S))
                stack.append(node.get("/K"))
    assert roles.count("/Table") == 2 and roles.count("/TR") == 92
    assert "LEDGER-89" in everything


def test_check_parses_a_new_pdf_once(ws, monkeypatch):
    """Its pages, its redactions, what its clean copy leaves out and whether it is tagged,
    all from one opening; a second check, of the same file unchanged, opens nothing."""
    from agendapack.programme.load import load_workspace

    folder = ws.folder("cyp", "2023-10-05")
    (folder / "appendix.pdf").write_bytes(blank_pdf())
    ws.committee(
        """
        [[meeting]]
        date = 2023-10-05

        [[meeting.item]]
        title = "Budget"
        documents = ["appendix.pdf"]
        """
    )
    opened: list[str] = []
    real = pikepdf.open

    def counted(path, *args, **kwargs):
        opened.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pikepdf, "open", counted)
    assert not [p for p in load_workspace(ws.root).problems if p.is_error]
    assert opened == ["appendix.pdf"]
    load_workspace(ws.root)
    assert opened == ["appendix.pdf"]


def test_a_highlight_keeps_no_note_but_says_what_it_shows(tmp_path):
    """PDF/UA reads an annotation's /Contents as its alternative text: the reviewer's note
    behind a highlight goes, and "Highlighted text" takes its place."""
    from agendapack.pdf.sanitise import hostile_features

    paper = _one_page_pdf(
        tmp_path / "marked.pdf", b"BT /F1 12 Tf 72 700 Td (MARKED-UP) Tj ET", [0, 0, 595, 842]
    )
    with pikepdf.open(paper, allow_overwriting_input=True) as pdf:
        highlight = Dictionary(
            Type=Name.Annot,
            Subtype=Name.Highlight,
            Rect=[70, 695, 160, 715],
            QuadPoints=[70, 715, 160, 715, 70, 695, 160, 695],
            Contents=String("REVIEWER-NOTE: cut this"),
            T=String("A. Reviewer"),
        )
        pdf.pages[0].obj.Annots = Array([pdf.make_indirect(highlight)])
        pdf.save()
    assert hostile_features(paper) == ["a comment"]
    clean_pdf(paper, tmp_path / "clean.pdf", paper.name)
    assert hostile_features(tmp_path / "clean.pdf") == []
    with pikepdf.open(tmp_path / "clean.pdf") as clean:
        (kept,) = clean.pages[0].obj.Annots
        assert kept.Contents == "Highlighted text" and "/T" not in kept
