"""The pack is one tagged PDF: every document's structure kept under its own /Sect, stamps
as artifacts, valid PDF/UA-1 (checked by page-validation, a veraPDF-grade validator)."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from agendapack.errors import Problem

MEETING = "build/cyp-scrutiny/2024-03-28"
AUDIT = "build/audit-committee/2026-12-02"
OUTPUTS = [
    f"{MEETING}/pack.pdf",
    f"{MEETING}/exempt-pack.pdf",
    f"{MEETING}/agenda.pdf",
    f"{AUDIT}/pack.pdf",
    f"{AUDIT}/agenda.pdf",
]


@pytest.mark.parametrize("relative", OUTPUTS)
def test_the_example_passes_pdf_ua_1(built_example, relative):
    import page

    report = page.validate_pdf(built_example / relative, profile="ua1")
    assert report.is_compliant, sorted({(f.rule_id, f.message) for f in report.failures})
    assert not report.failures


def _marked_ids(page: pikepdf.Page) -> list[int]:
    ids = []
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        if str(instruction.operator) == "BDC":
            properties = instruction.operands[1]
            if isinstance(properties, Dictionary) and "/MCID" in properties:
                ids.append(int(properties.MCID))
    return ids


def _parent_tree(root: Dictionary) -> list[tuple[int, pikepdf.Object]]:
    entries = []

    def walk(node):
        nums = node.get("/Nums", Array())
        entries.extend((int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2))
        for kid in node.get("/Kids", Array()):
            walk(kid)

    walk(root.ParentTree)
    return entries


def _content_items(root: Dictionary) -> list[tuple[tuple[int, int], int | None, Dictionary]]:
    """Every marked-content and object reference in the tree: (page, MCID or None, elem)."""
    found = []
    stack = [(root.K, None)]
    while stack:
        node, element = stack.pop()
        if isinstance(node, Array):
            stack.extend((kid, element) for kid in node)
        elif isinstance(node, int):
            found.append((element.Pg.objgen, int(node), element))
        elif isinstance(node, Dictionary):
            if node.get("/Type") == Name.MCR:
                page = node.get("/Pg", element.get("/Pg"))
                found.append((page.objgen, int(node.MCID), element))
            elif node.get("/Type") == Name.OBJR:
                found.append((node.Obj.objgen, None, element))
            elif "/S" in node and "/K" in node:
                stack.append((node.K, node))
    return found


def _check_tree(pack: Path) -> int:
    """Every MCID on every page is reached once from the tree and once through the
    ParentTree, to the same element; every /Pg is a page of the pack; every link's
    /StructParent leads to the /Link element holding it. Returns the links seen."""
    with pikepdf.open(pack) as pdf:
        root = pdf.Root.StructTreeRoot
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        entries = _parent_tree(root)
        keys = [key for key, _ in entries]
        assert len(keys) == len(set(keys)), "a ParentTree key used twice"
        tree = dict(entries)
        items = _content_items(root)
        marks = [(page, mcid) for page, mcid, _ in items if mcid is not None]
        assert len(marks) == len(set(marks)), "a marked-content id reached twice"
        assert all(page in pages for page, _ in marks), "a /Pg that is not a page of the pack"
        by_mark = {(page, mcid): element for page, mcid, element in items if mcid is not None}
        links = 0
        seen = 0
        for page in pdf.pages:
            ids = _marked_ids(page)
            assert len(ids) == len(set(ids))
            seen += len(ids)
            if ids:
                parents = tree[int(page.obj.StructParents)]
                for mcid in ids:
                    assert parents[mcid].objgen == by_mark[(page.obj.objgen, mcid)].objgen
            for annot in page.obj.get("/Annots", Array()):
                if annot.get("/Subtype") != Name.Link:
                    continue
                element = tree[int(annot.StructParent)]
                assert str(element.S) == "/Link"
                kids = element.K if isinstance(element.K, Array) else [element.K]
                assert any(
                    isinstance(k, Dictionary)
                    and k.get("/Obj") is not None
                    and k.Obj.objgen == annot.objgen
                    for k in kids
                )
                links += 1
        assert seen == len(marks), "a mark in the tree that no page draws"
        assert int(root.ParentTreeNextKey) > max(keys)
        assert all(k != str(v) for k, v in root.get("/RoleMap", Dictionary()).items())
    return links


def test_the_merged_tree_references_every_mark_once(built_example):
    _check_tree(built_example / MEETING / "pack.pdf")
    _check_tree(built_example / MEETING / "exempt-pack.pdf")


LINKED = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>Linked report</dc:title><dc:language>en-GB</dc:language></office:meta>
<office:body><office:text>
<text:h text:outline-level="1">Linked report</text:h>
<text:p>See <text:a xlink:type="simple" xlink:href="https://www.example.gov.uk/">the
 council's website</text:a> for more.</text:p>
<text:p>A second paragraph with LINKED-TEXT.</text:p>
</office:text></office:body></office:document>
"""


def test_tagged_and_untagged_sources_with_links_merge_into_one_valid_tree(tmp_path):
    """The same LibreOffice export twice (its keys and MCIDs clash unless shifted) and an
    untagged PDF with a link, through the real converter."""
    import page

    from agendapack.documents.convert import command_line_convert
    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from tests.test_collate import _pdf

    folder = tmp_path / "source"
    folder.mkdir()
    (folder / "linked.fodt").write_text(LINKED, encoding="utf-8")
    tagged = command_line_convert(folder / "linked.fodt", tmp_path / "profile", 180)
    assert tagged is not None
    untagged = _pdf(tmp_path / "untagged.pdf", [{"link": True, "text": "untagged link"}])
    parts = [
        Part(tagged, "linked.pdf", "Linked report", 4, "4. Linked"),
        Part(tagged, "linked.pdf", "Linked again", 5, "5. Linked again"),
        Part(untagged, "untagged.pdf", "Scanned appendix", 5, "5. Linked again"),
    ]
    out = tmp_path / "pack.pdf"
    info = PackInfo("Linked pack", "Council", contact="clerk@example.gov.uk")
    with out.open("wb") as handle:
        write_pack(tagged, parts, handle, info, duplex=True)
    assert _check_tree(out) == 4
    report = page.validate_pdf(out, profile="ua1")
    assert report.is_compliant, sorted({(f.rule_id, f.message) for f in report.failures})
    structure = _struct_text(out)
    assert re.findall(r'^  Sect "(.*)"$', structure, re.M) == [
        "Agenda",
        "Linked report",
        "Linked again",
        "Scanned appendix",
    ]
    assert structure.count("LINKED-TEXT") == 3
    # the untagged source is tagged from its layout: its words are the structure's own
    assert _figure_alts(out) == []
    assert "untagged link" in structure.split('Sect "Scanned appendix"')[1]


def _struct_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], check=True, capture_output=True, text=True
    ).stdout


def test_the_structure_has_one_section_per_document_in_pack_order(built_example):
    pack = built_example / MEETING / "pack.pdf"
    structure = _struct_text(pack)
    sections = re.findall(r'^  Sect "(.*)"$', structure, re.M)
    manifest = json.loads((built_example / MEETING / "manifest.json").read_text())
    assert structure.startswith("Document\n")
    assert sections[0] == "Agenda"
    documents = [d for item in manifest["items"] for d in item["documents"]]
    documents.sort(key=lambda d: d["first_page"])
    assert sections == ["Agenda", *(d["title"] for d in documents)]
    assert not re.search(r"Page \d+", structure), "a stamp is in the structure"
    assert "Children in Care Placement Sufficiency" in structure  # the documents' own text
    assert "This page is intentionally left blank" not in structure


def _figure_alts(pack: Path) -> list[str]:
    """The alt text of every page kept whole as one picture."""
    alts = []
    with pikepdf.open(pack) as pdf:
        stack = [pdf.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, Array):
                stack.extend(reversed(list(node)))
            elif isinstance(node, Dictionary) and "/S" in node:
                alt = str(node.get("/Alt", ""))
                if str(node.S) == "/Figure" and re.match(r"Page \d+ of \d+ of ", alt):
                    alts.append(str(node.Alt))
                if "/K" in node:
                    stack.append(node.K)
    return alts


def test_an_untagged_source_with_numbered_marks_left_is_marked_afresh(tmp_path):
    """A tool that drops the structure tree and keeps the marked content: the page's own
    marks go, and its text is marked and tagged afresh, no MCID used twice."""
    import page

    from agendapack.documents.convert import command_line_convert
    from agendapack.pdf.collate import PackInfo, Part, write_pack

    folder = tmp_path / "source"
    folder.mkdir()
    (folder / "linked.fodt").write_text(LINKED, encoding="utf-8")
    tagged = command_line_convert(folder / "linked.fodt", tmp_path / "profile", 180)
    assert tagged is not None
    stripped = tmp_path / "stripped.pdf"
    with pikepdf.open(tagged) as pdf:
        del pdf.Root["/StructTreeRoot"]
        del pdf.Root["/MarkInfo"]
        for each in pdf.pages:
            assert b"/MCID" in each.obj.Contents.read_bytes()  # the marks are left
        pdf.save(stripped)
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        write_pack(
            tagged,
            [Part(stripped, "stripped.pdf", "Appendix", 4, "4. Report")],
            handle,
            PackInfo("Pack", "Council", contact="clerk@example.gov.uk"),
            duplex=False,
        )
    _check_tree(out)
    report = page.validate_pdf(out, profile="ua1")
    assert report.is_compliant, sorted({(f.rule_id, f.message) for f in report.failures})
    assert "LINKED-TEXT" in _struct_text(out).split('Sect "Appendix"')[1]


def _untag(pdf_path: Path) -> None:
    """The same pages without their structure tree or marked content, as a scanner or an old
    tool writes them."""
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
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
        pdf.save(pdf_path)


def test_an_untagged_appendix_is_tagged_from_its_layout_and_check_warns(example_with_cache):
    """The example's appendices are tagged; one supplied without tags is tagged from its
    layout (headings, paragraphs, its words in the structure) and passes the validator,
    and `check` still tells the officer to ask for an accessible copy."""
    import page
    from typer.testing import CliRunner

    from agendapack.cli import app

    root = example_with_cache
    _untag(root / "packs/cyp-scrutiny/2024-03-28/placement-strategy.pdf")
    runner = CliRunner()
    check = runner.invoke(app, ["check", "--workspace", str(root)])
    assert check.exit_code == 0, check.output
    assert check.output.splitlines() == [
        "programme/cyp-scrutiny.toml:159: warning: 'placement-strategy.pdf' is not a tagged "
        "PDF: ask its author for an accessible version",
        "0 errors, 1 warning",
    ]
    build = runner.invoke(app, ["build", "cyp-scrutiny", "2024-03-28", "--workspace", str(root)])
    assert build.exit_code == 0, build.output
    pack = root / MEETING / "pack.pdf"
    assert _figure_alts(pack) == []
    section = _struct_text(pack).split('  Sect "Appendix 1: Placements Sufficiency Strategy"\n')[1]
    section = re.split(r"^  Sect ", section, flags=re.M)[0]
    for kind in ("H1", "P"):
        assert re.search(rf"^ +{kind}\b", section, re.M), kind
    assert "Placements Commissioning and Sufficiency Strategy" in section
    report = page.validate_pdf(pack, profile="ua1")
    assert report.is_compliant, sorted({(f.rule_id, f.message) for f in report.failures})
    _check_tree(pack)


def test_the_example_appendices_keep_their_own_structure(built_example):
    """Tagged appendices are merged as they are, not wrapped as pictures of pages."""
    assert _figure_alts(built_example / MEETING / "pack.pdf") == []
    structure = _struct_text(built_example / MEETING / "pack.pdf")
    section = structure.split('  Sect "Appendix 1: Placements Sufficiency Strategy"\n')[1]
    section = re.split(r"^  Sect ", section, flags=re.M)[0]
    for kind in ("H1", "H2", "P"):
        assert re.search(rf"^ +{kind}\b", section, re.M), kind
    assert "Placements Commissioning and Sufficiency Strategy" in section


def test_each_embedded_font_program_is_in_the_pack_once(built_example):
    """The reports are LibreOffice's, and embed the same font subsets: the pack keeps one
    copy of each (pikepdf, unlike pypdf's compress_identical_objects, does not merge them
    by itself)."""
    import hashlib

    with pikepdf.open(built_example / f"{MEETING}/pack.pdf") as pdf:
        programs = [
            descriptor[key]
            for descriptor in pdf.objects
            if isinstance(descriptor, Dictionary) and descriptor.get("/Type") == Name.FontDescriptor
            for key in ("/FontFile", "/FontFile2", "/FontFile3")
            if key in descriptor
        ]
        assert len(programs) > 5
        objects = {p.objgen for p in programs}
        contents = {hashlib.sha256(p.read_raw_bytes()).hexdigest() for p in programs}
        assert len(objects) == len(contents)


def _loose_pack(tmp_path, drawn: bytes) -> tuple[Path, list[Problem]]:
    """A LibreOffice report with `drawn` added to its first page outside its tags, packed."""
    from agendapack.documents.convert import command_line_convert
    from agendapack.pdf.collate import PackInfo, Part, write_pack

    folder = tmp_path / "source"
    folder.mkdir()
    (folder / "linked.fodt").write_text(LINKED, encoding="utf-8")
    tagged = command_line_convert(folder / "linked.fodt", tmp_path / "profile", 180)
    assert tagged is not None
    loose = tmp_path / "loose.pdf"
    with pikepdf.open(tagged) as pdf:
        page = pdf.pages[0]
        page.obj.Resources.Font.FLoose = Dictionary(
            Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica
        )
        picture = pikepdf.Stream(pdf, b"\x80")
        picture.Type, picture.Subtype = Name.XObject, Name.Image
        picture.Width = picture.Height = picture.BitsPerComponent = 1
        picture.ColorSpace = Name.DeviceGray
        page.obj.Resources.XObject = Dictionary(ILoose=picture)
        page.contents_add(pdf.make_stream(drawn))
        pdf.save(loose)
    warnings: list[Problem] = []
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        write_pack(
            tagged,
            [Part(loose, "packs/c/2024-03-28/loose.pdf", "Appendix", 4, "4. Report")],
            handle,
            PackInfo("Pack", "Council"),
            duplex=False,
            warnings=warnings,
        )
    return out, warnings


def test_loose_text_in_a_tagged_source_reaches_its_structure_after_what_is_drawn_before_it(
    tmp_path,
):
    """Text a tagged paper draws outside its tags (neither content nor an artifact) is
    given a place in its tree, where the page draws it: PDF/UA-1 asks all real content
    tagged, and a screen reader reads only the tree. What its author marked an artifact
    stays one."""
    out, warnings = _loose_pack(
        tmp_path,
        b"BT /FLoose 11 Tf 72 400 Td (LOOSE-WORDS) Tj ET "
        b"/Artifact BMC BT /FLoose 11 Tf 72 380 Td (ARTIFACT-WORDS) Tj ET EMC",
    )
    assert warnings == []  # nothing left for its author to mend
    tree = subprocess.run(
        ["pdfinfo", "-struct-text", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert "LOOSE-WORDS" in tree
    assert "ARTIFACT-WORDS" not in tree
    # after the report's own words, which the page draws before it
    assert tree.index("LOOSE-WORDS") > tree.index("LINKED-TEXT")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "LOOSE-WORDS" in text and "ARTIFACT-WORDS" in text  # still drawn, not hidden


def test_a_loose_picture_in_a_tagged_source_is_reported_not_hidden(tmp_path):
    """A picture drawn outside the tags needs its author's description: said, as before."""
    _, warnings = _loose_pack(tmp_path, b"q 10 0 0 10 72 400 cm /ILoose Do Q")
    assert [str(w) for w in warnings] == [
        "packs/c/2024-03-28/loose.pdf: warning: page 1 has text or images outside the "
        "document's accessibility tags, which a screen reader may skip; ask its author for "
        "an accessible version"
    ]


def test_an_untagged_source_in_times_and_courier_gets_embedded_stand_ins(tmp_path):
    """PDF/UA wants every font embedded: the standard fonts an old tool names without
    embedding them are replaced by Liberation fonts of the same metrics."""
    import page

    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from tests.test_collate import _pdf

    source = pikepdf.new()
    faces = {"/F1": "/Times-Roman", "/F2": "/Courier-Bold", "/F3": "/Helvetica-Oblique"}
    fonts = Dictionary(
        {
            key: source.make_indirect(
                Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name(base))
            )
            for key, base in faces.items()
        }
    )
    sheet = source.add_blank_page(page_size=(595, 842))
    sheet.obj.Resources = Dictionary(Font=fonts)
    sheet.obj.Contents = source.make_stream(
        b"BT /F1 12 Tf 72 700 Td (SERIF-WORDS) Tj ET "
        b"BT /F2 12 Tf 72 650 Td (MONO-WORDS) Tj ET "
        b"BT /F3 12 Tf 72 600 Td (OBLIQUE-WORDS) Tj ET"
    )
    old = tmp_path / "old.pdf"
    source.save(old)
    front = _pdf(tmp_path / "front.pdf", [{"text": "Agenda"}])
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        write_pack(
            front,
            [Part(old, "old.pdf", "Old appendix", 4, "4. Report")],
            handle,
            PackInfo("Pack", "Council", contact="clerk@example.gov.uk"),
            duplex=False,
        )
    listed = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in listed}
    assert {"LiberationSerif", "LiberationMono-Bold", "LiberationSans-Italic"} <= names
    assert all(" yes " in line for line in listed), listed  # every font embedded
    words = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert all(w in words for w in ("SERIF-WORDS", "MONO-WORDS", "OBLIQUE-WORDS"))
    report = page.validate_pdf(out, profile="ua1")
    assert not report.failures, sorted({(f.rule_id, f.message) for f in report.failures})


def test_standard_fonts_in_encodings_of_their_own_get_stand_ins_drawing_the_same_glyphs(
    tmp_path,
):
    """A standard font in a /Differences array (as Acrobat writes a form's Helvetica), in
    MacRoman, or a TrueType Courier named without an encoding, is replaced by its
    Liberation stand-in when every code it draws is one whose glyph is the stand-in's;
    one drawing another glyph at a code (a bullet at 128, MacRoman's e-acute) by a
    stand-in made for its encoding, not shown as another: the same words at the same
    places, read back the same, and PDF/UA-1 passes."""
    import page

    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from tests.pdftools import words
    from tests.test_collate import _pdf

    source = pikepdf.new()
    acrobat = Dictionary(  # Acrobat's form encoding: a bullet at 128, a straight quote at 39
        Type=Name.Encoding,
        Differences=Array([39, Name.quotesingle, 96, Name.grave, 128, Name.bullet]),
    )
    fonts = {
        "/F1": {"/BaseFont": Name.Helvetica, "/Encoding": acrobat},
        "/F2": {"/BaseFont": Name("/Times-Bold"), "/Encoding": Name.MacRomanEncoding},
        "/F3": {"/BaseFont": Name.Courier, "/Subtype": Name.TrueType},
        "/F4": {"/BaseFont": Name("/Helvetica-Oblique"), "/Encoding": acrobat},
        "/F5": {"/BaseFont": Name("/Times-Roman"), "/Encoding": Name.MacRomanEncoding},
    }
    sheet = source.add_blank_page(page_size=(595, 842))
    sheet.obj.Resources = Dictionary(
        Font=Dictionary(
            {
                key: source.make_indirect(
                    Dictionary({"/Type": Name.Font, "/Subtype": Name.Type1, **font})
                )
                for key, font in fonts.items()
            }
        )
    )
    sheet.obj.Contents = source.make_stream(
        b"BT /F1 12 Tf 72 700 Td (Mayor's `words') Tj ET "
        b"BT /F2 12 Tf 72 650 Td (Bold-words) Tj ET "
        b"BT /F3 12 Tf 72 600 Td (Courier-words) Tj ET "
        b"BT /F4 12 Tf 72 550 Td (\\200 Listed) Tj ET "
        b"BT /F5 12 Tf 72 500 Td (Caf\\216) Tj ET"
    )
    old = tmp_path / "old.pdf"
    source.save(old)
    front = _pdf(tmp_path / "front.pdf", [{"text": "Agenda"}])
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        write_pack(
            front,
            [Part(old, "old.pdf", "Old appendix", 4, "4. Report")],
            handle,
            PackInfo("Pack", "Council", contact="clerk@example.gov.uk"),
            duplex=False,
        )
    listed = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert all(" yes " in line for line in listed), listed  # every font embedded
    embedded = {line.split()[0].split("+")[-1] for line in listed}
    assert {"LiberationSans", "LiberationSerif-Bold", "LiberationMono"} <= embedded
    assert {"LiberationSans-Italic", "LiberationSerif"} <= embedded  # made for their codes
    before = words(old)[0].words
    after = [w for w in words(out)[-1].words if w.y_max < 400]  # not the page's stamp
    assert [html.unescape(w.text) for w in after] == [html.unescape(w.text) for w in before]
    assert [html.unescape(w.text) for w in after] == [
        "Mayor's", "`words'", "Bold-words", "Courier-words", "\u2022", "Listed", "Caf\u00e9"
    ]  # fmt: skip
    for was, now in zip(before, after, strict=True):  # the same advance for every glyph
        assert abs((now.x_max - now.x_min) - (was.x_max - was.x_min)) < 0.05, (was, now)
    report = page.validate_pdf(out, profile="ua1")
    assert not report.failures, sorted({(f.rule_id, f.message) for f in report.failures})


def test_standard_fonts_drawing_what_winansi_has_elsewhere_or_not_get_stand_ins_made_for_them(
    tmp_path,
):
    """Helvetica in MacRoman drawing an en dash (208, where WinAnsi has Eth), and Times
    with a /Differences array drawing fi and Lslash (which WinAnsi has not), on two
    pages: each is embedded as a stand-in made for its encoding, one for both pages,
    the pack passes PDF/UA-1 with no font rule failed, and poppler reads the same words
    at the same places."""
    import page

    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from tests.pdftools import words
    from tests.test_collate import _pdf

    source = pikepdf.new()
    ligatures = Dictionary(Type=Name.Encoding, Differences=Array([1, Name.fi, Name.Lslash]))
    fonts = Dictionary(
        F1=source.make_indirect(
            Dictionary(
                Type=Name.Font,
                Subtype=Name.Type1,
                BaseFont=Name.Helvetica,
                Encoding=Name.MacRomanEncoding,
            )
        ),
        F2=source.make_indirect(
            Dictionary(
                Type=Name.Font,
                Subtype=Name.Type1,
                BaseFont=Name("/Times-Roman"),
                Encoding=ligatures,
            )
        ),
    )
    for number in (1, 2):
        sheet = source.add_blank_page(page_size=(595, 842))
        sheet.obj.Resources = Dictionary(Font=fonts)
        sheet.obj.Contents = source.make_stream(
            f"BT /F1 12 Tf 72 700 Td (Pages {number}\\3206 of the report) Tj ET ".encode()
            + b"BT /F2 12 Tf 72 650 Td (The \\001nal \\002odz plan) Tj ET"
        )
    old = tmp_path / "old.pdf"
    source.save(old)
    front = _pdf(tmp_path / "front.pdf", [{"text": "Agenda"}])
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        write_pack(
            front,
            [Part(old, "old.pdf", "Old appendix", 4, "4. Report")],
            handle,
            PackInfo("Pack", "Council", contact="clerk@example.gov.uk"),
            duplex=False,
        )
    listed = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert all(" yes " in line for line in listed), listed  # every font embedded
    made = sorted(line.split()[0].split("+")[-1] for line in listed if "AGENDA+" not in line)
    assert made == ["LiberationSans", "LiberationSerif"]  # one of each for both pages
    report = page.validate_pdf(out, profile="ua1")
    assert not report.failures, sorted({(f.rule_id, f.message) for f in report.failures})
    pages_before, pages_after = words(old), words(out)[-2:]
    for number, (was, now) in enumerate(zip(pages_before, pages_after, strict=True), 1):
        kept = [w for w in now.words if w.y_max < 400]  # not the page's stamp
        assert [html.unescape(w.text) for w in kept] == [
            "Pages", f"{number}\u20136", "of", "the", "report", "The", "final", "\u0141odz", "plan"
        ]  # fmt: skip
        assert [w.text for w in kept] == [w.text for w in was.words]
        for before, after in zip(was.words, kept, strict=True):  # the same glyphs' advances
            assert abs(after.x_min - before.x_min) < 0.05, (before, after)
            assert abs(after.x_max - before.x_max) < 0.05, (before, after)


def test_liberation_named_and_not_embedded_is_embedded(tmp_path):
    """qpdf draws a form field's value in "/LiberationSans", a TrueType font it names
    without embedding, flagged symbolic though WinAnsi-encoded: PDF/UA-1 fails it twice
    (not embedded; a symbolic TrueType font with an /Encoding). It is the font the pack
    embeds for Helvetica, so that one takes its place: the same words, embedded."""
    import page

    from agendapack.pdf.collate import PackInfo, Part, write_pack
    from tests.pdftools import words
    from tests.test_collate import _pdf

    source = pikepdf.new()
    font = Dictionary(
        Type=Name.Font,
        Subtype=Name.TrueType,
        BaseFont=Name("/LiberationSans"),
        Encoding=Name.WinAnsiEncoding,
        FontDescriptor=Dictionary(
            Type=Name.FontDescriptor, FontName=Name("/LiberationSans"), Flags=4
        ),
    )
    sheet = source.add_blank_page(page_size=(595, 842))
    sheet.obj.Resources = Dictionary(Font=Dictionary(F1=source.make_indirect(font)))
    sheet.obj.Contents = source.make_stream(b"BT /F1 12 Tf 72 700 Td (Field value) Tj ET")
    old = tmp_path / "old.pdf"
    source.save(old)
    assert {f.rule_id for f in page.validate_pdf(old, profile="ua1").failures} >= {
        "PDFUA1-FONT-EMBEDDING-001",
        "PDFUA1-TRUETYPE-SYMBOLIC-ENCODING-001",
    }
    front = _pdf(tmp_path / "front.pdf", [{"text": "Agenda"}])
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        write_pack(
            front,
            [Part(old, "old.pdf", "Form", 4, "4. Report")],
            handle,
            PackInfo("Pack", "Council", contact="clerk@example.gov.uk"),
            duplex=False,
        )
    listed = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert all(" yes " in line for line in listed), listed
    before = [(w.text, w.x_min, w.x_max) for w in words(old)[0].words]
    after = [(w.text, w.x_min, w.x_max) for w in words(out)[-1].words if w.y_max < 400]
    assert after == before
    assert not page.validate_pdf(out, profile="ua1").failures


def test_loose_paths_become_artifacts_and_a_page_without_them_is_left_alone():
    """LibreOffice 7.4 strokes paragraph borders outside marked content: each such path is
    wrapped as an artifact, marked content and text untouched."""
    from agendapack.pdf.structure import artifact_loose_paths

    pdf = pikepdf.new()
    bordered = pdf.add_blank_page()
    bordered.obj.Contents = pdf.make_stream(
        b"/P <</MCID 0>> BDC BT /F1 12 Tf 72 700 Td (Text) Tj ET EMC "
        b"0.5 w 70 690 200 30 re S 1 0 0 RG 70 680 m 270 680 l S"
    )
    plain = pdf.add_blank_page()
    untouched = b"/P <</MCID 0>> BDC 70 690 200 30 re f EMC"
    plain.obj.Contents = pdf.make_stream(untouched)
    assert artifact_loose_paths(pdf, bordered) == (2, 0)
    operators = [str(i.operator) for i in pikepdf.parse_content_stream(bordered)]
    assert operators == [
        "BDC", "BT", "Tf", "Td", "Tj", "ET", "EMC",
        "w", "BMC", "re", "S", "EMC", "RG", "BMC", "m", "l", "S", "EMC",
    ]  # fmt: skip
    assert artifact_loose_paths(pdf, plain) == (0, 0)
    assert plain.obj.Contents.read_bytes() == untouched


def test_a_tree_of_annotations_alone_is_no_tagging():
    """A viewer's stamp given a /Figure leaves every word of the pages outside the tree: the
    document is tagged from its layout, as one without a tree is (issue 26)."""
    from agendapack.pdf.opening import is_tagged

    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0].obj
    stamp = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Stamp, StructParent=0))
    page.Annots = Array([stamp])
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    figure = pdf.make_indirect(
        Dictionary(
            Type=Name.StructElem,
            S=Name.Figure,
            P=root,
            K=Dictionary(Type=Name.OBJR, Obj=stamp, Pg=page),
        )
    )
    root.K = Array([])
    pdf.Root.StructTreeRoot = root
    assert is_tagged(pdf)  # a tree with nothing in it yet, as a blank page's
    root.K = Array([figure])
    assert not is_tagged(pdf)
    paragraph = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=root, Pg=page, K=0))
    root.K.append(paragraph)
    assert is_tagged(pdf)
    paragraph.K = Dictionary(Type=Name.MCR, MCID=0, Pg=page)
    assert is_tagged(pdf)


def _chrome_spaces(path: Path) -> Path:
    """A tagged page as Chrome prints one: a paragraph's marked content with each
    no-break space in a /Span of its own whose /ActualText says U+00A0."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
    space = b"/Span <</ActualText <FEFF00A0>>> BDC ( ) Tj EMC "
    page.obj.Contents = pdf.make_stream(
        b"BT /F1 12 Tf 72 700 Td /P <</MCID 0>> BDC (2) Tj "
        + space
        + b"(July) Tj "
        + space
        + b"(2011) Tj EMC ET"
    )
    page.obj.StructParents = 0
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root))
    paragraph = pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.P, P=document, Pg=page.obj, K=0)
    )
    document.K = Array([paragraph])
    root.K = document
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array([0, Array([paragraph])])))
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.save(path)
    return path


def test_a_no_break_space_marked_apart_inside_a_paragraph_ends_none_of_its_text(tmp_path):
    """Chrome's no-break spaces, each a /Span with /ActualText inside its paragraph's
    marked content: poppler's structure text of the paragraph ends with the first (the
    source reads "2 "); in the pack it reads the paragraph whole."""
    from agendapack.pdf.collate import PackInfo, Part, write_pack

    source = _chrome_spaces(tmp_path / "spaces.pdf")
    assert re.findall(r'"(.*)"', _struct_text(source)) == ["2 "]
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        part = Part(source, "spaces.pdf", "Spaces", 1, "1. Spaces")
        write_pack(source, [part], handle, PackInfo("Pack", "Council"), duplex=False)
    section = _struct_text(out).split('Sect "Spaces"')[1]
    assert re.findall(r'"(.*)"', section) == ["2 July 2011"]
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert text.count("2 July 2011") == 2  # drawn as it was, on both pages
