"""What a machine can mend in a council's tagged paper is mended in the pack (issue 26,
part 3; shared/DESIGN.md, "Every page readable"): each fault in a small tagged paper of its
own, built with the real `agendapack build`, fails its PDF/UA-1 rule alone and not in the
pack, and the mended value is what a screen reader user needs."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from agendapack.pdf.fonts import Fonts, text_width
from tests.processes import agendapack as _agendapack
from tests.test_tagged import _check_tree

SITE = "https://www.example.gov.uk/parking"


class Paper:
    """A tagged paper written as an office program would, one page of marked content at a
    time, with an embedded font: valid PDF/UA-1 but for the fault a test gives it."""

    def __init__(self, pages: int = 1) -> None:
        self.pdf = pikepdf.new()
        font = Fonts(self.pdf).font()
        self.root = self.pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = self.element("/Document", self.root)
        self.root.K = Array([self.document])
        self.nums = Array()
        self.pages = []
        for number in range(pages):
            page = self.pdf.add_blank_page(page_size=(595, 842))
            page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
            page.obj.StructParents = number
            page.obj.Tabs = Name.S
            self.nums.extend([number, Array()])
            self.pages.append((page, []))
        self.next_key = pages

    def element(self, role: str, parent: Dictionary, **keys) -> Dictionary:
        made = self.pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name(role), P=parent, K=Array(), **keys)
        )
        if parent.objgen != self.root.objgen:
            parent.K.append(made)
        return made

    def text(
        self, role: str, words: str, y: float, parent=None, x: float = 72, size=12, page=0
    ) -> Dictionary:
        """A line of text in an element of its own; `words` may be drawn by nothing."""
        obj, ops = self.pages[page]
        marks = self.nums[2 * page + 1]
        made = self.element(role, parent if parent is not None else self.document, Pg=obj.obj)
        made.K = Array([len(marks)])
        tag = role.lstrip("/")
        ops.append(
            f"/{tag} <</MCID {len(marks)}>> BDC BT /F1 {size} Tf {x} {y} Td ({words}) Tj ET EMC"
        )
        marks.append(made)
        return made

    def link(self, rect: list[float], page: int = 0, **keys) -> Dictionary:
        obj, _ = self.pages[page]
        annotation = self.pdf.make_indirect(
            Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=rect, Border=[0, 0, 0], **keys)
        )
        if "/Annots" not in obj.obj:
            obj.obj.Annots = Array()
        obj.obj.Annots.append(annotation)
        return annotation

    def in_link(self, annotation: Dictionary, parent: Dictionary, page: int = 0) -> Dictionary:
        obj, _ = self.pages[page]
        made = self.element("/Link", parent)
        made.K = Array([Dictionary(Type=Name.OBJR, Obj=annotation, Pg=obj.obj)])
        annotation.StructParent = self.next_key
        self.nums.extend([self.next_key, made])
        self.next_key += 1
        return made

    def save(self, path: Path) -> Path:
        for page, ops in self.pages:
            page.obj.Contents = self.pdf.make_stream("\n".join(ops).encode("latin-1"))
        self.root.ParentTree = self.pdf.make_indirect(Dictionary(Nums=self.nums))
        self.root.ParentTreeNextKey = self.next_key
        self.pdf.Root.StructTreeRoot = self.root
        self.pdf.Root.MarkInfo = Dictionary(Marked=True)
        self.pdf.Root.Lang = String("en-GB")
        self.pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        with self.pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = path.stem
            meta["pdfuaid:part"] = "1"
        self.pdf.docinfo.Title = path.stem
        self.pdf.save(path)
        return path


def _rect(words: str, before: str, y: float, x: float = 72, size: float = 12) -> list[float]:
    """The box round `words` drawn after `before` on a line at `y`."""
    start = x + text_width(before, size)
    return [start - 1, y - 3, start + text_width(words, size) + 1, y + size]


def _undescribed_links(path: Path) -> None:
    paper = Paper(pages=2)
    paper.text("/H1", "Parking permits", 760, size=18)
    line = "Apply on the parking permits page today."
    p = paper.text("/P", line, 700)
    words = paper.link(
        _rect("parking permits page", "Apply on the ", 700),
        A=Dictionary(S=Name.URI, URI=String(SITE)),
    )
    paper.in_link(words, p)
    blank = paper.link([300, 400, 400, 420], A=Dictionary(S=Name.URI, URI=String(SITE)))
    paper.in_link(blank, p)
    inside = paper.link([300, 300, 400, 320], Dest=Array([paper.pages[1][0].obj, Name.Fit]))
    paper.in_link(inside, p)
    paper.text("/P", "The second page of the report.", 760, page=1)
    paper.save(path)


def _links_outside_link_elements(path: Path) -> None:
    paper = Paper()
    paper.text("/H1", "Parking permits", 760, size=18)
    paper.text("/P", "An opening paragraph.", 720)
    paper.text("/P", "Read the council's parking page for the fees.", 700)
    paper.link(
        _rect("council's parking page", "Read the ", 700),
        A=Dictionary(S=Name.URI, URI=String(SITE)),
        Contents=String("The council's parking page"),
    )
    paper.text("/P", "A closing paragraph.", 680)
    paper.save(path)


def _loose_stamp(path: Path) -> None:
    """A tagged paper a reviewer stamped afterwards: the stamp in no element at all."""
    paper = Paper()
    paper.text("/H1", "Parking permits", 760, size=18)
    paper.text("/P", "Approved by the cabinet member.", 720)
    obj, _ = paper.pages[0]
    obj.obj.Annots = Array(
        [
            paper.pdf.make_indirect(
                Dictionary(Type=Name.Annot, Subtype=Name.Stamp, Rect=[400, 700, 540, 740])
            )
        ]
    )
    paper.text("/P", "A closing paragraph.", 680)
    paper.save(path)


def _footnote(path: Path) -> None:
    """A footnote as LibreOffice tags it: a /Note with no /ID."""
    paper = Paper()
    paper.text("/H1", "Parking permits", 760, size=18)
    paper.text("/P", "Fees rose in April.", 720)
    paper.text("/Note", "1 As agreed by the cabinet in March.", 100, size=9)
    paper.save(path)


def _drawn_field(path: Path) -> None:
    """A field's value tagged /Form with no widget: LibreOffice's export of a form whose
    fields were drawn into the page (qpdf's corpus forms), or one the cleaning flattened."""
    paper = Paper()
    paper.text("/H1", "Permit application", 760, size=18)
    paper.text("/P", "Name of applicant:", 720)
    paper.text("/Form", "Alice Smith", 700)
    paper.save(path)


def _standard_font(path: Path) -> None:
    """A tagged paper whose letterhead, a form XObject, is set in Helvetica not embedded,
    as many programs write a logo's words: every reader has the font, PDF/UA-1 asks it
    embedded."""
    paper = Paper()
    paper.text("/H1", "Parking permits", 760, size=18)
    helvetica = Dictionary(
        Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding
    )
    letterhead = paper.pdf.make_stream(
        b"BT /H 9 Tf 0 0 Td (Town Hall, High Street) Tj ET",
        Type=Name.XObject,
        Subtype=Name.Form,
        BBox=[0, 0, 200, 20],
        Resources=Dictionary(Font=Dictionary(H=helvetica)),
    )
    obj, ops = paper.pages[0]
    obj.obj.Resources.XObject = Dictionary(Letterhead=letterhead)
    ops.append("/Artifact BMC q 1 0 0 1 72 800 cm /Letterhead Do Q EMC")
    paper.save(path)


def _layers(path: Path) -> None:
    """A plan with a layer, as a drawing program exports it: the document's configuration
    of layers has no /Name, and switches the layer by what the viewer does (/AS)."""
    paper = Paper()
    paper.text("/H1", "Car park plan", 760, size=18)
    layer = paper.pdf.make_indirect(Dictionary(Type=Name.OCG, Name=String("Bays")))
    obj, ops = paper.pages[0]
    obj.obj.Resources.Properties = Dictionary(L1=layer)
    ops.append("/OC /L1 BDC /Artifact BMC 72 600 m 300 600 l S EMC EMC")
    usage = Dictionary(Event=Name.View, Category=Array([Name.View]), OCGs=Array([layer]))
    paper.pdf.Root.OCProperties = Dictionary(
        OCGs=Array([layer]), D=Dictionary(ON=Array([layer]), AS=Array([usage]))
    )
    paper.save(path)


def _role_map(path: Path) -> None:
    paper = Paper()
    paper.text("/H1", "Parking permits", 760, size=18)
    paper.text("/P", "A paragraph the role map remaps.", 720)
    paper.text("/Para", "A paragraph of a mapped kind.", 700)
    paper.text("/BodyText", "A paragraph of a kind with no mapping.", 680)
    paper.root.RoleMap = Dictionary(P=Name.Span, H1=Name.P, Para=Name.P)
    paper.save(path)


def _role_map_loop(path: Path) -> None:
    paper = Paper()
    paper.text("/H1", "Parking permits", 760, size=18)
    paper.text("/Para", "A paragraph of a kind whose mapping loops.", 700)
    paper.root.RoleMap = Dictionary(Para=Name("/TextBody"), TextBody=Name("/Para"))
    paper.save(path)


def _mixed_headings(path: Path) -> None:
    paper = Paper()
    paper.text("/H1", "Parking permits", 760, size=18)
    paper.text("/H", "Who can apply", 720, size=14)
    paper.text("/P", "Residents of the zone.", 700)
    paper.text("/Subhead", "What it costs", 670, size=14)
    paper.text("/P", "Fifty pounds a year.", 650)
    paper.root.RoleMap = Dictionary(Subhead=Name.H)
    paper.save(path)


def _table(path: Path, header_row: bool) -> None:
    paper = Paper()
    paper.text("/H1", "Permits by ward", 760, size=18)
    table = paper.element("/Table", paper.document)
    rows = [["Ward", "Permits"], ["Arboretum", "120"], ["Basford", "95"]]
    for r, row in enumerate(rows):
        tr = paper.element("/TR", table)
        for c, cell in enumerate(row):
            header = r == 0 if header_row else c == 0
            paper.text("/TH" if header else "/TD", cell, 700 - 20 * r, parent=tr, x=72 + 150 * c)
    paper.save(path)


def _figure_of_words(path: Path) -> None:
    paper = Paper()
    paper.text("/H1", "Parking income", 760, size=18)
    paper.text("/Figure", "Income rose by 4 per cent in 2023", 700)
    paper.save(path)


def _figure_without_words(path: Path) -> None:
    paper = Paper()
    paper.text("/H1", "Parking income", 760, size=18)
    paper.text("/Figure", "", 700)  # a picture: nothing in it to read
    paper.save(path)


@dataclass(frozen=True)
class Fault:
    file: str
    write: Callable[[Path], None]
    rule: str


FAULTS = [
    Fault("undescribed-links.pdf", _undescribed_links, "PDFUA1-LINK-CONTENTS-001"),
    Fault("loose-link.pdf", _links_outside_link_elements, "PDFUA1-LINK-LINK-TAG-001"),
    Fault("loose-stamp.pdf", _loose_stamp, "PDFUA1-ANNOTATION-ANNOT-TAG-001"),
    Fault("footnote.pdf", _footnote, "PDFUA1-NOTE-ID-001"),
    Fault("drawn-field.pdf", _drawn_field, "PDFUA1-FORM-CHILDREN-001"),
    Fault("letterhead.pdf", _standard_font, "PDFUA1-FONT-EMBEDDING-001"),
    Fault("layers.pdf", _layers, "PDFUA1-OPTIONAL-CONTENT-NAME-001"),
    Fault("layers.pdf", _layers, "PDFUA1-OPTIONAL-CONTENT-AS-001"),
    Fault("remapped.pdf", _role_map, "PDFUA1-STRUCT-TREE-ROLE-MAP-STANDARD-001"),
    Fault("remapped.pdf", _role_map, "PDFUA1-STRUCT-TREE-ROLE-MAP-001"),
    Fault("looping.pdf", _role_map_loop, "PDFUA1-STRUCT-TREE-ROLE-MAP-CYCLE-001"),
    Fault("mixed-headings.pdf", _mixed_headings, "PDFUA1-HEADING-STRUCTURE-001"),
    Fault("header-row.pdf", lambda p: _table(p, True), "PDFUA1-TABLE-HEADERS-SCOPE-001"),
    Fault("header-column.pdf", lambda p: _table(p, False), "PDFUA1-TABLE-HEADERS-SCOPE-001"),
    Fault("chart.pdf", _figure_of_words, "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001"),
]

PROGRAMME = """
opening = []
closing = []

[[meeting]]
date = 2024-05-02
{items}

[[meeting]]
date = 2024-05-16

[[meeting.item]]
title = "Photographs"
documents = ["photograph.pdf"]
"""


@dataclass
class Built:
    folder: Path
    first: Path  # the first meeting's outputs
    second: Path
    check: subprocess.CompletedProcess[str]
    build: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    from tests.conftest import Workspace

    ws = Workspace(tmp_path_factory.mktemp("mend") / "ws")
    ws.council()
    folder = ws.folder("cyp", "2024-05-02")
    items = []
    for file, write in {f.file: f.write for f in FAULTS}.items():
        write(folder / file)
        items.append(f'\n[[meeting.item]]\ntitle = "{file[:-4]}"\ndocuments = ["{file}"]')
    _figure_without_words(ws.folder("cyp", "2024-05-16") / "photograph.pdf")
    ws.committee(PROGRAMME.format(items="\n".join(items)))
    check = _agendapack("check", root=ws.root)
    build = _agendapack("build", root=ws.root)
    out = ws.root / "build/cyp"
    return Built(folder, out / "2024-05-02", out / "2024-05-16", check, build)


def _rules(path: Path) -> set[str]:
    import page

    return {f.rule_id for f in page.validate_pdf(path, profile="ua1").failures}


def test_the_meetings_build_without_a_problem(built):
    output = built.build.stdout + built.build.stderr
    assert built.build.returncode == 0, output
    assert "Traceback" not in output
    assert not re.findall(r"^.*\b\w*Warning: .*$", output, re.M)


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.rule)
def test_the_rule_fails_for_the_paper_alone_and_not_for_the_pack(built, fault):
    assert fault.rule in _rules(built.folder / fault.file)
    assert fault.rule not in _rules(built.first / "pack.pdf")


def test_the_pack_of_mended_papers_fails_no_rule(built):
    assert _rules(built.first / "pack.pdf") == set()
    assert _check_tree(built.first / "pack.pdf") == 4  # every link in a /Link element


def _section(pdf: pikepdf.Pdf, title: str) -> Dictionary:
    for section in pdf.Root.StructTreeRoot.K[0].K:
        if str(section.get("/T")) == title:
            return section
    raise AssertionError(title)


def _first_page(pdf: pikepdf.Pdf, title: str) -> int:
    """The pack's page number of a section's first page (its first element's /Pg)."""
    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
    return pages[_section(pdf, title).K[0].Pg.objgen]


def _links(pdf: pikepdf.Pdf, number: int) -> list[Dictionary]:
    return [a for a in pdf.pages[number - 1].obj.get("/Annots", []) if a.Subtype == Name.Link]


def test_a_link_is_described_by_its_words_else_by_where_it_leads(built):
    with pikepdf.open(built.first / "pack.pdf") as pdf:
        first = _first_page(pdf, "undescribed-links")
        described = [str(link.Contents) for link in _links(pdf, first)]
    assert described == ["parking permits page", SITE, f"Go to page {first + 1}"]


def test_a_loose_link_gets_a_link_element_beside_the_words_it_covers(built):
    with pikepdf.open(built.first / "pack.pdf") as pdf:
        first = _first_page(pdf, "loose-link")
        (link,) = _links(pdf, first)
        assert str(link.Contents) == "The council's parking page"  # its own, kept
        section = _section(pdf, "loose-link")
        kids = list(section.K)
        roles = [str(kid.S) for kid in kids]
        assert roles == ["/H1", "/P", "/P", "/Link", "/P"]
        assert kids[3].K[0].Obj.objgen == link.objgen
        holder = pdf.Root.StructTreeRoot.ParentTree
        assert any(
            isinstance(value, Dictionary) and value.objgen == kids[3].objgen
            for value in holder.Nums[1::2]
        )
    structure = _struct_text(built.first / "pack.pdf")
    paragraph = structure.index("Read the council's parking page for the fees.")
    assert paragraph < structure.index("Link", paragraph) < structure.index("A closing paragraph")


def test_a_loose_stamp_gets_an_annot_element_that_says_what_it_is(built):
    """PDF/UA-1, 7.18.1: an annotation that is no link is held by an /Annot element (its
    /OBJR), which the annotation's /StructParent leads to, placed in the paper's section."""
    with pikepdf.open(built.first / "pack.pdf") as pdf:
        first = _first_page(pdf, "loose-stamp")
        (stamp,) = pdf.pages[first - 1].obj.Annots
        assert str(stamp.Contents) == "A stamp"
        section = _section(pdf, "loose-stamp")
        (element,) = [kid for kid in section.K if kid.get("/S") == Name.Annot]
        assert element.K[0].Obj.objgen == stamp.objgen
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = dict(zip(nums[0::2], nums[1::2], strict=True))
        assert parents[int(stamp.StructParent)].objgen == element.objgen


def test_a_note_is_given_an_id_that_finds_it(built):
    with pikepdf.open(built.first / "pack.pdf") as pdf:
        root = pdf.Root.StructTreeRoot
        (note,) = [kid for kid in _section(pdf, "footnote").K if kid.get("/S") == Name.Note]
        names = dict(zip(root.IDTree.Names[0::2], root.IDTree.Names[1::2], strict=True))
        assert names[note.ID].objgen == note.objgen


def test_a_standard_font_not_embedded_is_drawn_in_the_one_embedded_for_it(built):
    """Its words and their places as they were, read by poppler from the pack."""
    from tests.pdftools import words

    with pikepdf.open(built.first / "pack.pdf") as pdf:
        first = _first_page(pdf, "letterhead")
        form = pdf.pages[first - 1].obj.Resources.XObject.Letterhead
        font = form.Resources.Font.H
        assert str(font.BaseFont) == "/AGENDA+LiberationSans"
        assert "/FontFile2" in font.FontDescriptor
    drawn = [w.text for w in words(built.first / "pack.pdf")[first - 1].words]
    assert drawn[:4] == ["Town", "Hall,", "High", "Street"]


def _struct_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], check=True, capture_output=True, text=True
    ).stdout


def test_the_role_map_maps_no_standard_role_and_every_role_it_is_given(built):
    from agendapack.pdf.mend import STANDARD

    with pikepdf.open(built.first / "pack.pdf") as pdf:
        role_map = {key: str(value) for key, value in pdf.Root.StructTreeRoot.RoleMap.items()}
        roles = [str(kid.S) for kid in _section(pdf, "remapped").K]
    assert not set(role_map) & STANDARD
    assert role_map["/Para"] == "/P"
    assert role_map["/BodyText"] == "/P"  # by its name's likeness
    resolved = {}
    for key in role_map:  # every chain ends in a standard role: no loop is left
        name, steps = key, 0
        while name in role_map and steps < len(role_map):
            name, steps = role_map[name], steps + 1
        resolved[key] = name
    assert set(resolved.values()) <= STANDARD
    assert resolved["/TextBody"] == "/P"  # the loop broken at a paragraph
    assert roles == ["/H1", "/P", "/Para", "/BodyText"]


def test_plain_headings_beside_numbered_ones_are_numbered(built):
    with pikepdf.open(built.first / "pack.pdf") as pdf:
        roles = [str(kid.S) for kid in _section(pdf, "mixed-headings").K]
    assert roles == ["/H1", "/H1", "/P", "/H1", "/P"]


def _scopes(pdf: pikepdf.Pdf, title: str) -> list[list[str]]:
    table = _section(pdf, title).K[1]
    rows = []
    for row in table.K:
        cells = []
        for cell in row.K:
            attributes = cell.get("/A")
            holders = attributes if isinstance(attributes, Array) else [attributes]
            scope = [str(h.Scope) for h in holders if isinstance(h, Dictionary) and "/Scope" in h]
            cells.append(f"{str(cell.S)[1:]} {scope[0][1:] if scope else '-'}")
        rows.append(cells)
    return rows


def test_header_cells_say_what_they_head(built):
    with pikepdf.open(built.first / "pack.pdf") as pdf:
        assert _scopes(pdf, "header-row") == [
            ["TH Column", "TH Column"],
            ["TD -", "TD -"],
            ["TD -", "TD -"],
        ]
        assert _scopes(pdf, "header-column") == [
            ["TH Row", "TD -"],
            ["TH Row", "TD -"],
            ["TH Row", "TD -"],
        ]


def test_a_picture_of_words_is_described_by_them_and_a_photograph_stays_the_authors(built):
    with pikepdf.open(built.first / "pack.pdf") as pdf:
        figure = _section(pdf, "chart").K[1]
        assert str(figure.Alt) == "Income rose by 4 per cent in 2023"
    assert "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001" in _rules(built.second / "pack.pdf")
    warned = [line for line in built.check.stdout.splitlines() if "alternative text" in line]
    assert len(warned) == 1 and "'photograph.pdf'" in warned[0], warned


def _collated(tmp_path: Path, paper: Path) -> Path:
    """The paper collated after a front sheet of its own kind, as a build collates it."""
    from agendapack.pdf.collate import PackInfo, Part, write_pack

    front = Paper()
    front.text("/H1", "Agenda", 760, size=18)
    out = tmp_path / "pack.pdf"
    with out.open("wb") as handle:
        write_pack(
            front.save(tmp_path / "front.pdf"),
            [Part(paper, paper.name, "Report", 1, "1. Report")],
            handle,
            PackInfo("Pack", "Council"),
            duplex=False,
        )
    return out


def test_a_link_tagged_as_a_span_is_held_by_a_link_element_in_its_place(tmp_path):
    """Its OBJR in an element of another kind: the /Link takes the OBJR's place there,
    and the annotation's key leads to it."""
    paper = Paper()
    paper.text("/H1", "Parking permits", 760, size=18)
    p = paper.text("/P", "See the fees page for more.", 700)
    annotation = paper.link(
        _rect("fees page", "See the ", 700),
        A=Dictionary(S=Name.URI, URI=String(SITE)),
        Contents=String("Fees"),
    )
    span = paper.in_link(annotation, p)
    span.S = Name.Span
    source = paper.save(tmp_path / "span.pdf")
    assert "PDFUA1-LINK-LINK-TAG-001" in _rules(source)
    pack = _collated(tmp_path, source)
    assert _rules(pack) == set()
    assert _check_tree(pack) == 1
    with pikepdf.open(pack) as pdf:
        span = _section(pdf, "Report").K[1].K[1]
        assert str(span.S) == "/Span"
        assert [str(kid.S) for kid in span.K] == ["/Link"]


def test_a_link_to_a_named_destination_says_the_page_it_leads_to(tmp_path):
    paper = Paper(pages=3)
    paper.text("/H1", "Parking permits", 760, size=18)
    p = paper.text("/P", "The fees are set out later.", 700)
    paper.pdf.Root.Names = Dictionary(
        Dests=Dictionary(Names=Array([String("fees"), Array([paper.pages[2][0].obj, Name.Fit])]))
    )
    paper.in_link(paper.link([300, 300, 400, 320], Dest=String("fees")), p)
    for page in (1, 2):
        paper.text("/P", f"Page {page + 1} of the report.", 760, page=page)
    pack = _collated(tmp_path, paper.save(tmp_path / "named.pdf"))
    with pikepdf.open(pack) as pdf:
        (link,) = _links(pdf, 2)
        assert str(link.Contents) == "Go to page 4"  # the front sheet is page 1


@pytest.mark.parametrize(
    ("role", "standard"),
    [
        ("/Normal", "/P"),
        ("/Heading", "/P"),  # never a heading of a level it may not have
        ("/TextFrame", "/P"),
        ("/Chapter", "/Div"),
        ("/Strong", "/Span"),
        ("/span", "/Span"),
        ("/Bullet", "/Span"),  # no /LI outside an /L
    ],
)
def test_a_role_without_a_mapping_is_taken_for_a_standard_one_by_its_name(role, standard):
    from agendapack.pdf.mend import likeness

    assert likeness(role) == standard
