"""What a machine can mend in a tagged paper's structure, done to the paper (in memory)
before its tree is merged into the pack (shared/DESIGN.md, "Every page readable").

Councils' own tagged papers break PDF/UA-1 in ways that need no author: a link without a
description, a link outside a /Link element, a role map that remaps a standard role or
loops, a role with no mapping, header cells without /Scope where the table makes it plain,
a picture of words without alternative text. Each is mended here as a screen reader user
needs it: a link says the words it covers, a header cell says what it heads.

`survey` answers, from one walk over the tree (made while LibreOffice is still converting),
whether there is anything to mend at all: most papers (LibreOffice's) have nothing, and
collation then spends no time on them. Only pages with a link or picture to describe are
read for their words (pdf/marked.py).

Text a page draws outside its marked content, neither in the tree nor an artifact, is
given a place in the tree (`tag_loose_text`), page by page as collation looks the pages
over: the quick reading that finds loose paths finds it too, and only a page with some
is read again to mark it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from agendapack.pdf import content, tounicode
from agendapack.pdf.marked import Glyph, drawn_in, marks_of, page_glyphs, words
from agendapack.pdf.opening import entries
from agendapack.pdf.structure import annotation_kind, annotation_role, elements
from agendapack.pdf.widths import Font

# ISO 32000-1, 14.8.4: the standard structure types PDF/UA-1 knows.
_STANDARD_ROLES = (
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 "
    "H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference "
    "BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form"
)
STANDARD = frozenset(f"/{role}" for role in _STANDARD_ROLES.split())
# standard roles spelt in another case, that ask nothing of what they hold or where they sit
_BY_CASE = {
    f"/{role.lower()}": f"/{role}"
    for role in ("Document", "Part", "Art", "Sect", "Div", "BlockQuote", "P", "Span", "Quote")
}
# A role without a standard one is mapped by its name's likeness; only to roles that ask
# nothing of what they hold or where they sit, so that a guess adds no failure of its own
# (an /LI outside an /L, a /Note without an id, an /H2 under no /H1 would).
_LIKENESS = (
    (("para", "body", "text", "normal", "head", "title", "caption", "note", "quote", "block"),
     "/P"),
    (("sect", "chapter", "part", "article", "div", "frame", "group", "shape", "box", "story",
      "container"), "/Div"),
)  # fmt: skip
_TABLE_PARTS = {"/THead", "/TBody", "/TFoot"}


@dataclass
class Survey:
    """What a paper's tree holds that collation asks about."""

    plain_headings: bool = False  # a plain /H, to be numbered (structure.number_headings)
    to_mend: bool = False  # anything `mend` would change


@dataclass
class Mended:
    """What `mend` changed in a paper, by kind."""

    plain_headings: bool = False
    roles: int = 0  # role map entries dropped, broken out of a loop, or added
    scopes: int = 0  # header cells given a /Scope
    alts: int = 0  # pictures given their own words as alternative text
    contents: int = 0  # links and other annotations given a description
    links: int = 0  # links put in a /Link element of their own, others in an /Annot
    notes: int = 0  # notes given the /ID PDF/UA-1 asks of each (LibreOffice's footnotes)
    fields: int = 0  # /Form elements of fields drawn into the page, made divisions
    items: int = 0  # list items whose body was given its /LBody (Chrome's)

    @property
    def changed(self) -> bool:
        return bool(
            self.roles
            or self.scopes
            or self.alts
            or self.contents
            or self.links
            or self.notes
            or self.fields
            or self.items
        )


def likeness(role: str) -> str:
    """The standard role a non-standard one is taken for, by its name."""
    bare = role.lower()
    if bare in _BY_CASE:
        return _BY_CASE[bare]
    for names, standard in _LIKENESS:
        if any(name in bare for name in names):
            return standard
    return "/Span"


class _Roles:
    """A paper's role map as text, and the standard role each structure type stands for,
    or None where it stands for none (a loop, or a chain to an unmapped name)."""

    def __init__(self, role_map: pikepdf.Object | None) -> None:
        self.map: dict[str, str] = {}
        if isinstance(role_map, Dictionary):
            for key, value in entries(role_map):
                if isinstance(value, Name):
                    self.map[key] = _name(value)
        self.known: dict[str, str | None] = {}

    def standard(self, role: str) -> str | None:
        if role in STANDARD:
            return role  # a standard role is itself, whatever the map says of it
        found = self.known.get(role, "")
        if found != "":
            return found
        name: str | None = role
        seen: set[str] = set()
        while name is not None and name not in STANDARD:
            if name in seen or name not in self.map:
                name = None
            else:
                seen.add(name)
                name = self.map[name]
        self.known[role] = name
        return name

    def faults(self) -> bool:
        return any(
            (key in STANDARD and value != key) or self.standard(key) is None
            for key, value in self.map.items()
        )


def _name(value: object) -> str:
    if not isinstance(value, Name):
        return ""
    try:
        return str(value)
    except UnicodeDecodeError:  # a name of odd bytes: no standard role
        return value.unparse().decode("latin-1")


def _kids(node: pikepdf.Object) -> list[pikepdf.Object]:
    kids = node.get("/K") if isinstance(node, Dictionary) else None
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _has_text(element: Dictionary, *keys: str) -> bool:
    return any(str(element.get(key, "")).strip() for key in keys)


def _scope(cell: Dictionary) -> bool:
    """Whether a header cell says what it heads, in a /Table attribute of its own."""
    attributes = cell.get("/A")
    holders = list(attributes) if isinstance(attributes, Array) else [attributes]
    return any(isinstance(h, Dictionary) and "/Scope" in h for h in holders)


def survey(pdf: pikepdf.Pdf) -> Survey:
    """Whether a tagged paper has plain headings (as its role map will be once mended),
    and anything for `mend` to do."""
    root = pdf.Root.StructTreeRoot
    roles = _Roles(root.get("/RoleMap"))
    found = Survey(to_mend=roles.faults())
    for element in elements(root.get("/K", Array()), set()):
        name = _name(element.get("/S"))
        role = roles.standard(name) if name else ""  # a type that is no name: left be
        if role is None:
            found.to_mend = True
        elif role == "/H":
            found.plain_headings = True
        elif (
            (role == "/TH" and not _scope(element))
            or (role == "/Figure" and not _has_text(element, "/Alt", "/ActualText"))
            or (role == "/Note" and not _has_text(element, "/ID"))
            or (role == "/Form" and not _holds_widget(element))
            or (role == "/LI" and _bodiless(element, roles))
        ):
            found.to_mend = True
    if not found.to_mend:
        found.to_mend = any(True for _ in _links_to_mend(pdf, root, roles))
    return found


# -- mending ----------------------------------------------------------------------------


def mend(pdf: pikepdf.Pdf, path: Path, first_number: int) -> Mended:
    """Mend the tagged paper `pdf` (read from `path`) in place; its first page is page
    `first_number` of the pack, as "Go to page N" says it."""
    root = pdf.Root.StructTreeRoot
    mended = Mended()
    roles = _mend_role_map(root, mended)
    tables: list[Dictionary] = []
    figures: list[Dictionary] = []
    notes: list[Dictionary] = []
    for element in elements(root.get("/K", Array()), set()):
        role = _name(element.get("/S"))
        standard = roles.standard(role) if role else ""
        if standard is None:
            standard = _map(root, roles, role)
            mended.roles += 1
        if standard == "/H":
            mended.plain_headings = True
        elif standard == "/Table":
            tables.append(element)
        elif standard == "/Figure" and not _has_text(element, "/Alt", "/ActualText"):
            figures.append(element)
        elif standard == "/Note" and not _has_text(element, "/ID"):
            notes.append(element)
        elif standard == "/Form" and not _holds_widget(element):
            # a field's drawing with no widget to hold (the cleaning flattened it, or its
            # author tagged it so): PDF/UA-1 holds a /Form to one widget, and a division
            # is what forms.py makes of the fields it draws
            element.S = Name.Div
            mended.fields += 1
        elif standard == "/LI" and _bodiless(element, roles):
            _give_body(pdf, element, roles)
            mended.items += 1
    for table in tables:
        mended.scopes += _mend_scopes(table, roles)
    if notes:
        mended.notes += _mend_notes(root, notes)
    links = list(_links_to_mend(pdf, root, roles))
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    marks = {figure.objgen: list(marks_of(figure)) for figure in figures}
    wanted = {link.index for link in links}
    wanted |= {pages[page] for found in marks.values() for page, _ in found if page in pages}
    glyphs = page_glyphs(path, wanted) if wanted else {}
    for figure in figures:
        mended.alts += _mend_alt(figure, marks[figure.objgen], pages, glyphs)
    if links:
        _mend_links(pdf, root, links, glyphs, first_number, mended)
    return mended


def _bodiless(item: Dictionary, roles: _Roles) -> bool:
    """Whether a list item holds, beside its label, elements that are not in an /LBody
    (Chrome's: an /LI of an /Lbl, a /NonStruct of its words and a nested /L), each an
    element that can be moved into one. PDF/UA-1 lets an /LI hold only /Lbl and /LBody."""
    kids = _kids(item)
    if not kids or not all(isinstance(kid, Dictionary) and "/S" in kid for kid in kids):
        return False  # marked content or an object of its own: its author's
    return any(roles.standard(_name(kid.get("/S"))) not in ("/Lbl", "/LBody") for kid in kids)


def _give_body(pdf: pikepdf.Pdf, item: Dictionary, roles: _Roles) -> None:
    """Put a list item's kids that are no label into an /LBody of its own, where the
    first of them was: the item reads as it did, its label then its body."""
    kids = _kids(item)
    labels = [roles.standard(_name(kid.get("/S"))) in ("/Lbl", "/LBody") for kid in kids]
    body_kids = [kid for kid, label in zip(kids, labels, strict=True) if not label]
    body = pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.LBody, P=item, K=Array(body_kids))
    )
    for kid in body_kids:
        kid.P = body
    first = labels.index(False)
    kept: list[pikepdf.Object] = [kid for kid, label in zip(kids, labels, strict=True) if label]
    kept.insert(sum(labels[:first]), body)
    item.K = Array(kept)


def _map(root: pikepdf.Object, roles: _Roles, role: str) -> str:
    """Map a role that stands for no standard one by its likeness; returns the role."""
    name = role
    seen: set[str] = set()
    while name in roles.map and name not in seen:  # the end of its chain is what is unmapped
        seen.add(name)
        name = roles.map[name]
    if name in seen:  # a loop: broken where it was met
        name = role
    guess = likeness(name)
    if "/RoleMap" not in root or not isinstance(root.RoleMap, Dictionary):
        root.RoleMap = Dictionary()
    root.RoleMap[name] = Name(guess)
    roles.map[name] = guess
    roles.known.clear()
    return roles.standard(role) or guess


def _mend_role_map(root: pikepdf.Object, mended: Mended) -> _Roles:
    role_map = root.get("/RoleMap")
    roles = _Roles(role_map)
    if not isinstance(role_map, Dictionary):
        return roles
    for key, value in list(roles.map.items()):
        if key in STANDARD and value != key:
            del role_map[key]  # a standard role is what it says, whatever the map says
            del roles.map[key]
            mended.roles += 1
    for key in list(roles.map):
        if roles.standard(key) is None:
            _map(root, roles, key)
            mended.roles += 1
    return roles


# -- header cells -----------------------------------------------------------------------


def _rows(table: Dictionary, roles: _Roles) -> list[list[tuple[Dictionary, str]]]:
    rows = []
    for kid in _kids(table):
        if not isinstance(kid, Dictionary):
            continue
        role = roles.standard(_name(kid.get("/S")))
        groups = [kid] if role == "/TR" else _kids(kid) if role in _TABLE_PARTS else []
        for row in groups:
            if isinstance(row, Dictionary) and roles.standard(_name(row.get("/S"))) == "/TR":
                rows.append(
                    [
                        (cell, roles.standard(_name(cell.get("/S"))) or "")
                        for cell in _kids(row)
                        if isinstance(cell, Dictionary) and "/S" in cell
                    ]
                )
    return rows


def _mend_scopes(table: Dictionary, roles: _Roles) -> int:
    """Give /Scope to header cells where the table makes it plain: a first row of header
    cells heads its columns, a first column of them heads its rows."""
    rows = [row for row in _rows(table, roles) if row]
    if not rows:
        return 0
    scoped = 0
    body = rows
    if all(role == "/TH" for _, role in rows[0]):
        scoped += sum(_give_scope(cell, Name.Column) for cell, _ in rows[0])
        body = rows[1:]
    if body and all(row[0][1] == "/TH" for row in body):
        scoped += sum(_give_scope(row[0][0], Name.Row) for row in body)
    return scoped


def _give_scope(cell: Dictionary, scope: Name) -> int:
    if _scope(cell):
        return 0
    # an attribute object of its own: one the cell has may be shared with other cells
    attribute = Dictionary(O=Name.Table, Scope=scope)
    attributes = cell.get("/A")
    if isinstance(attributes, Array):
        attributes.append(attribute)
    elif isinstance(attributes, Dictionary):
        cell.A = Array([attributes, attribute])
    else:
        cell.A = attribute
    return 1


def _holds_widget(element: Dictionary) -> bool:
    return any(
        isinstance(kid, Dictionary)
        and kid.get("/Type") == Name.OBJR
        and isinstance(kid.get("/Obj"), Dictionary)
        and kid.Obj.get("/Subtype") == Name.Widget
        for kid in _kids(element)
    )


# -- notes ----------------------------------------------------------------------------


def _mend_notes(root: pikepdf.Object, notes: list[Dictionary]) -> int:
    """Give each note without one an /ID (PDF/UA-1, 7.9: a note is found by it), named in
    the paper's IDTree as every id is; the pack's merge renames one that two papers share.
    LibreOffice writes its footnotes and endnotes as /Note elements without ids."""
    tree = root.get("/IDTree")
    if not isinstance(tree, Dictionary):
        tree = root.IDTree = Dictionary(Names=Array())
    if not isinstance(tree.get("/Names"), Array):
        tree.Names = Array()  # beside its /Kids: the pack reads both, and makes its own
    taken = {bytes(name) for name, _ in _name_tree(tree)}
    number = 0
    for note in notes:
        number += 1
        while f"note-{number}".encode() in taken:
            number += 1
        name = f"note-{number}".encode()
        taken.add(name)
        note.ID = String(name)
        tree.Names.extend([String(name), note])
    return len(notes)


def _name_tree(node: object, depth: int = 0) -> Iterator[tuple[bytes, object]]:
    if not isinstance(node, Dictionary) or depth > 32:
        return
    names = node.get("/Names")
    if isinstance(names, Array):
        for index in range(0, len(names) - 1, 2):
            if isinstance(names[index], String):
                yield bytes(names[index]), names[index + 1]
    for kid in node.get("/Kids", Array()):
        yield from _name_tree(kid, depth + 1)


# -- pictures of words ------------------------------------------------------------------


def _mend_alt(
    figure: Dictionary,
    marks: list[tuple[tuple[int, int], int]],
    pages: dict[tuple[int, int], int],
    glyphs: dict[int, list[Glyph]],
) -> int:
    """A picture drawn as words (a chart's labels, a notice set in type) gets those words
    as its alternative text; a picture without any stays the author's to describe."""
    text = words(drawn_in(marks, pages, glyphs))
    if not text:
        return 0
    figure.Alt = String(text)
    return 1


# -- links ------------------------------------------------------------------------------


@dataclass
class _Link:
    """A link, or another annotation that is content (a stamp, a highlight), to mend."""

    annotation: Dictionary
    index: int  # its page, 0-based
    slot: int  # its place in the page's /Annots
    in_link: bool  # in its own kind of element, holding its OBJR, that its /StructParent names
    holder: Dictionary | None  # the element of another kind holding its OBJR, if one does
    role: Name = Name.Link  # its kind of element: /Link, else /Annot


def _number_tree(node: pikepdf.Object | None, depth: int = 0) -> Iterator[tuple[int, object]]:
    if not isinstance(node, Dictionary) or depth > 32:
        return
    nums = node.get("/Nums")
    if isinstance(nums, Array):
        for index in range(0, len(nums) - 1, 2):
            if isinstance(nums[index], int):
                yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", Array()):
        yield from _number_tree(kid, depth + 1)


def _holds(element: object, annotation: Dictionary) -> bool:
    return any(
        isinstance(kid, Dictionary)
        and isinstance(kid.get("/Obj"), Dictionary)
        and kid.Obj.is_indirect
        and kid.Obj.objgen == annotation.objgen
        for kid in _kids(element)  # type: ignore[arg-type]
    )


def _links_to_mend(pdf: pikepdf.Pdf, root: pikepdf.Object, roles: _Roles) -> Iterator[_Link]:
    """Every link annotation without a description, or outside a /Link element; every
    other annotation that is content without one, or outside an /Annot element."""
    parents: dict[int, object] | None = None
    for index, page in enumerate(pdf.pages):
        annotations = page.obj.get("/Annots")
        if not isinstance(annotations, Array):
            continue
        for slot, annotation in enumerate(annotations):
            if not isinstance(annotation, Dictionary):
                continue
            wanted = annotation_role(annotation)
            if wanted is None:
                continue
            if parents is None:
                parents = dict(_number_tree(root.get("/ParentTree")))
            key = annotation.get("/StructParent")
            element = parents.get(int(key)) if isinstance(key, int) else None
            held = annotation.is_indirect and _holds(element, annotation)
            in_link = (
                held
                and isinstance(element, Dictionary)
                and roles.standard(_name(element.get("/S"))) == str(wanted)
            )
            described = _has_text(annotation, "/Contents") or (
                in_link and isinstance(element, Dictionary) and _has_text(element, "/Alt")
            )
            if not (in_link and described):
                holder = element if held and not in_link else None
                yield _Link(annotation, index, slot, bool(in_link), holder, wanted)


def _mend_links(
    pdf: pikepdf.Pdf,
    root: pikepdf.Object,
    links: list[_Link],
    glyphs: dict[int, list[Glyph]],
    first_number: int,
    mended: Mended,
) -> None:
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    parents = dict(_number_tree(root.get("/ParentTree")))
    added = Array()
    next_key = _next_key(pdf, root, parents)
    done: set[tuple[int, int]] = set()
    for link in links:
        annotation = link.annotation
        if annotation.is_indirect:  # one annotation on two pages is tagged once
            if annotation.objgen in done:
                continue
            done.add(annotation.objgen)
        page = pdf.pages[link.index].obj
        covered = _covered(annotation, glyphs.get(link.index, []))
        if not _has_text(annotation, "/Contents"):
            if link.role == Name.Link:
                said = words(covered) or _target(pdf, annotation, pages, first_number)
            else:  # the cleaning said what most show: this is for the rest
                said = annotation_kind(annotation)
            annotation.Contents = String(said)
            mended.contents += 1
        if link.in_link:
            continue
        if not annotation.is_indirect:
            annotation = pdf.make_indirect(annotation)
            page.Annots[link.slot] = annotation
        element = pdf.make_indirect(
            Dictionary(
                Type=Name.StructElem,
                S=link.role,
                Pg=page,
                K=Array([Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page)]),
            )
        )
        if link.holder is not None:
            # the annotation is in the tree, in an element of another kind: the /Link
            # takes its place there, holding it
            _swap(link.holder, annotation, element)
        else:
            _place(pdf, root, element, page, covered, parents)
        if link.holder is not None and _repoint(root.get("/ParentTree"), link, element):
            mended.links += 1  # its key stays, and leads to the /Link now
            continue
        key = next_key
        next_key += 1
        annotation.StructParent = key
        parents[key] = element
        added.append(key)
        added.append(element)
        mended.links += 1
    if len(added):
        _parent_nums(pdf, root).extend(added)
        root.ParentTreeNextKey = next_key


def _repoint(node: pikepdf.Object | None, link: _Link, element: Dictionary, depth: int = 0) -> bool:
    """Make the ParentTree entry of the link's key lead to `element`."""
    if not isinstance(node, Dictionary) or depth > 32:
        return False
    key = link.annotation.get("/StructParent")
    nums = node.get("/Nums")
    if isinstance(nums, Array):
        for index in range(0, len(nums) - 1, 2):
            if nums[index] == key:
                nums[index + 1] = element
                return True
    return any(_repoint(kid, link, element, depth + 1) for kid in node.get("/Kids", Array()))


def _next_key(pdf: pikepdf.Pdf, root: pikepdf.Object, parents: dict[int, object]) -> int:
    """A ParentTree key no page, form or annotation of the paper uses."""
    highest = max([int(root.get("/ParentTreeNextKey", 0)) - 1, *parents])
    for page in pdf.pages:
        if isinstance(page.obj.get("/StructParents"), int):
            highest = max(highest, int(page.obj.StructParents))
        for annotation in page.obj.get("/Annots", Array()):
            if isinstance(annotation, Dictionary) and isinstance(
                annotation.get("/StructParent"), int
            ):
                highest = max(highest, int(annotation.StructParent))
        for _, xobject in _xobjects(page.obj.get("/Resources")):
            if isinstance(xobject.get("/StructParents"), int):
                highest = max(highest, int(xobject.StructParents))
    return highest + 1


def _xobjects(resources: object) -> Iterator[tuple[str, pikepdf.Object]]:
    xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
    if isinstance(xobjects, Dictionary):
        yield from entries(xobjects)


def _rect(annotation: Dictionary) -> tuple[float, float, float, float] | None:
    try:
        x0, y0, x1, y1 = (float(v) for v in annotation.Rect)
    except (AttributeError, TypeError, ValueError):
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _covered(annotation: Dictionary, glyphs: list[Glyph]) -> list[Glyph]:
    """The glyphs under a link, in the order the page draws them."""
    rect = _rect(annotation)
    if rect is None:
        return []
    x0, y0, x1, y1 = rect
    return [
        glyph for glyph in glyphs if x0 <= glyph.centre[0] <= x1 and y0 <= glyph.centre[1] <= y1
    ]


def _target(
    pdf: pikepdf.Pdf, annotation: Dictionary, pages: dict[tuple[int, int], int], first: int
) -> str:
    """Where a link leads, said for a listener: its address, or the page in the pack."""
    action = annotation.get("/A")
    destination = annotation.get("/Dest")
    if isinstance(action, Dictionary):
        kind = action.get("/S")
        if kind == Name.URI and action.get("/URI") is not None:
            return str(action.URI)
        if kind == Name.GoTo:
            destination = action.get("/D")
    page = _destination_page(pdf, destination, pages)
    if page is not None:
        return f"Go to page {first + page}"
    return "Link"


def _destination_page(
    pdf: pikepdf.Pdf, destination: object, pages: dict[tuple[int, int], int]
) -> int | None:
    if isinstance(destination, String | Name):
        destination = _named(pdf, destination)
    if isinstance(destination, Dictionary):
        destination = destination.get("/D")
    if isinstance(destination, Array) and len(destination):
        target = destination[0]
        if isinstance(target, Dictionary) and target.is_indirect:
            return pages.get(target.objgen)
        if isinstance(target, int) and 0 <= int(target) < len(pages):
            return int(target)
    return None


def _named(pdf: pikepdf.Pdf, name: String | Name) -> object:
    if isinstance(name, Name):
        dests = pdf.Root.get("/Dests")
        return dests.get(_name(name)) if isinstance(dests, Dictionary) else None
    wanted = bytes(name)
    names = pdf.Root.get("/Names")
    tree = names.get("/Dests") if isinstance(names, Dictionary) else None
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, Dictionary) or depth > 32:
            continue
        pairs = node.get("/Names")
        if isinstance(pairs, Array):
            for index in range(0, len(pairs) - 1, 2):
                if isinstance(pairs[index], String) and bytes(pairs[index]) == wanted:
                    return pairs[index + 1]
        stack.extend((kid, depth + 1) for kid in node.get("/Kids", Array()))
    return None


def _swap(holder: Dictionary, annotation: Dictionary, element: Dictionary) -> None:
    element.P = holder
    kids = holder.get("/K")
    if not isinstance(kids, Array):
        holder.K = Array([element])
        return
    for index, kid in enumerate(list(kids)):
        if _holds(Dictionary(K=Array([kid])), annotation):
            kids[index] = element
            return
    kids.append(element)


def _place(
    pdf: pikepdf.Pdf,
    root: pikepdf.Object,
    element: Dictionary,
    page: Dictionary,
    covered: list[Glyph],
    parents: dict[int, object],
) -> None:
    """Put a new /Link or /Annot element next to the element whose content it covers, else after
    the element of its page's last content, else at the end of the paper."""
    marks = parents.get(int(page.StructParents)) if "/StructParents" in page else None
    neighbour = None
    if isinstance(marks, Array):
        counted = Counter(g.mcid for g in covered if g.mcid is not None)
        chosen = [mcid for mcid, _ in counted.most_common(1)]
        if not chosen:
            chosen = [mcid for mcid in range(len(marks) - 1, -1, -1) if _element(marks, mcid)]
        if chosen:
            neighbour = _element(marks, chosen[0])
    parent = neighbour.get("/P") if neighbour is not None else None
    if neighbour is not None and isinstance(parent, Dictionary) and "/S" in parent:
        kids = parent.get("/K")
        if not isinstance(kids, Array):
            kids = parent.K = Array([kids] if kids is not None else [])
        at = next(
            (i for i, kid in enumerate(kids) if _same(kid, neighbour)),
            len(kids) - 1,
        )
        kids.insert(at + 1, element)
        element.P = parent
        return
    top = _kids(root)
    documents = [kid for kid in top if isinstance(kid, Dictionary) and "/S" in kid]
    container = documents[0] if len(documents) == 1 and len(top) == 1 else root
    kids = container.get("/K")
    if not isinstance(kids, Array):
        kids = container.K = Array([kids] if kids is not None else [])
    kids.append(element)
    element.P = container


def _element(marks: Array, mcid: int) -> Dictionary | None:
    found = marks[mcid] if 0 <= mcid < len(marks) else None
    return found if isinstance(found, Dictionary) and "/S" in found else None


def _same(kid: object, element: Dictionary) -> bool:
    return isinstance(kid, Dictionary) and kid.is_indirect and kid.objgen == element.objgen


# -- text drawn outside the tags ----------------------------------------------------------

_SHOW = {"Tj", "TJ", "'", '"'}
# What may sit between two text operators of one marked-content sequence: text state,
# positioning and colour (no q/Q, which may not cross a sequence's end; no ET, which a
# sequence begun inside a text object may not outlive).
_KEEP_OPEN = {
    *("Tc", "Tw", "Tz", "TL", "Tf", "Tr", "Ts", "Td", "TD", "Tm", "T*"),
    *("g", "G", "rg", "RG", "k", "K", "cs", "CS", "sc", "SC", "scn", "SCN", "gs", "ri", "i"),
}
# Elements that hold only elements of set kinds (PDF/UA-1 and ISO 32000-1, 14.8.4.3): a
# paragraph put among them would make the table or list malformed.
_CONTAINERS = {"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/L", "/LI", "/TOC", "/Ruby",
               "/Warichu"}  # fmt: skip
# Elements a paragraph goes inside of, at their end, where it may not sit beside them.
_CELLS = {"/TD", "/TH", "/LBody", "/TOCI"}
# Elements whose content is a paragraph's or a line's: what is put among them is a /Span.
_INLINE = {"/P", "/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/Lbl", "/Caption", "/Span",
           "/Quote", "/Note", "/Reference", "/BibEntry", "/Code", "/Link", "/Annot",
           "/Formula", "/Figure", "/Form"}  # fmt: skip


def tag_loose_text(pdf: pikepdf.Pdf, page: pikepdf.Page) -> int | None:
    """Give the text a tagged paper's page draws outside its marked content (neither in
    the tree nor an artifact: a Chrome-printed page's link address, a number a script
    drew) a place in its tree, as PDF/UA-1 (7.1) asks of all real content: each run of it
    is marked with an MCID of the page's, and each stretch of such runs (no tagged
    content between them) is an element of its own, placed after the element whose
    content the page draws just before it (else before the one just after it; else at
    the paper's end): the order the page draws in is the order its author's tool wrote
    its content, the nearest to a reading order the page says. What its author marked an
    /Artifact stays one. Returns how many images and forms are left outside the tags (a
    picture needs its author's description), or None where the page's content is not
    one this reading follows (then nothing is changed)."""
    found = content.parse(content.content_bytes(page))
    if found is None:
        return None
    root = pdf.Root.StructTreeRoot
    parents = dict(_number_tree(root.get("/ParentTree")))
    key = page.obj.get("/StructParents")
    marks = parents.get(int(key)) if isinstance(key, int) else None
    highest = len(marks) - 1 if isinstance(marks, Array) else -1
    for operands, operator, _ in found:
        if operator == "BDC" and (mcid := _mcid(operands)) is not None:
            highest = max(highest, mcid)
    out: list[str] = []
    stretches: list[tuple[list[int], int | None, int | None]] = []  # MCIDs, before, after
    stack: list[tuple[bool, int | None]] = []  # per open sequence: tagged or an artifact, MCID
    last: int | None = None  # the MCID of the tagged content drawn last
    in_text = open_run = False
    stretch: list[int] | None = None
    images = 0
    for operands, operator, _ in found:
        outside = not any(marked for marked, _ in stack)
        if open_run and operator not in _SHOW and operator not in _KEEP_OPEN:
            out.append("\nEMC\n")
            open_run = False
        if operator in _SHOW and in_text and outside and not open_run:
            highest += 1
            if stretch is None:
                stretch = []
                stretches.append((stretch, last, None))
            stretch.append(highest)
            out.append(f"\n/Span <</MCID {highest}>> BDC\n")
            open_run = True
        elif operator == "Do" and outside:
            images += 1
        out.append(operands + operator)
        if operator in ("BDC", "BMC"):
            mcid = _mcid(operands) if operator == "BDC" else None
            artifact = operands.strip().startswith("/Artifact")
            stack.append((mcid is not None or artifact, mcid))
            if mcid is not None:
                last = mcid
                if stretch is not None:  # what was drawn before this goes before it
                    stretches[-1] = (stretch, stretches[-1][1], mcid)
                    stretch = None
        elif operator == "EMC" and stack:
            stack.pop()
        elif operator == "BT":
            in_text = True
        elif operator == "ET":
            in_text = False
    if open_run:
        out.append("\nEMC\n")
    if not stretches:
        return images
    if not isinstance(marks, Array):
        marks = Array()
        new_key = _next_key(pdf, root, parents)
        page.obj.StructParents = new_key
        _add_parent(pdf, root, new_key, marks)
    roles = _Roles(root.get("/RoleMap"))
    while len(marks) <= highest:
        marks.append(None)
    for mcids, before, after in stretches:
        element = pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.P, Pg=page.obj, K=Array(mcids))
        )
        for mcid in mcids:
            marks[mcid] = element
        preceding = _element(marks, before) if before is not None else None
        following = _element(marks, after) if after is not None else None
        if preceding is not None:
            _insert(root, roles, element, preceding, after=True)
        else:
            _insert(root, roles, element, following, after=False)
    page.obj.Contents = pdf.make_stream("".join(out).encode("latin-1"))
    return images


# A no-break space as Chrome marks one it draws: a /Span of its own whose /ActualText is
# U+00A0 (as a hex or a literal string), inside its paragraph's marked content.
_NO_BREAK_SPACE = re.compile(
    r"^\s*/Span\s*<<\s*/ActualText\s*(?:<\s*[Ff][Ee][Ff][Ff]\s*00\s*[Aa]0\s*>|\(\xfe\xff\x00\xa0\))\s*>>\s*$"
)
# Any span of its own that says only what its glyphs are (Chrome's for a ligature, "fi"
# drawn as one glyph its ToUnicode maps to U+FB01, and for each Arabic letter drawn in its
# shaped form, mapped to the presentation form: U+FEBA for the final sad, said U+0635)
_ACTUAL_SPAN = re.compile(
    r"^\s*/Span\s*<<\s*/ActualText\s*(<[0-9A-Fa-f\s]*>|\((?:[^()\\]|\\.)*\))\s*>>\s*$", re.S
)
_STRING = re.compile(r"<([0-9A-Fa-f\s]*)>|\(((?:[^()\\]|\\.)*)\)", re.S)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


def marks_spaces(found: list[content.Instruction]) -> bool:
    """Whether a page's content marks a no-break space, a ligature or a shaped letter as a
    span of its own (`unwrap_spaces` would unwrap it, if it is inside a marked-content
    sequence and says what its glyphs are)."""
    return any(
        (operator == "BDC" and _ACTUAL_SPAN.match(operands) is not None)
        or (operator == "BMC" and operands.strip() == "/ReversedChars")
        for operands, operator, _ in found
    )


def _literal(text: str) -> bytes:
    """A literal string's bytes, its escapes read (ISO 32000-1, 7.3.4.2)."""
    out = bytearray()
    at = 0
    while at < len(text):
        char = text[at]
        at += 1
        if char != "\\" or at == len(text):
            out += char.encode("latin-1")
            continue
        char = text[at]
        at += 1
        octal = re.match(r"[0-7]{1,3}", text[at - 1 :])
        if octal:
            out.append(int(octal[0], 8) & 0xFF)
            at += len(octal[0]) - 1
        elif char in _ESCAPES:
            out += _ESCAPES[char].encode("latin-1")
        elif char not in "\r\n":
            out += char.encode("latin-1")
    return bytes(out)


def _strings(operands: str) -> list[bytes]:
    found = []
    for hexed, literal in _STRING.findall(operands):
        if literal or not hexed:
            found.append(_literal(literal))
        else:
            digits = "".join(hexed.split())
            found.append(bytes.fromhex(digits + "0" * (len(digits) % 2)))
    return found


def _said(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")


def _page_fonts(page: pikepdf.Page) -> Dictionary:
    """A page's own font resources (Chrome's are on the page), or none."""
    resources = page.obj.get("/Resources")
    fonts = resources.get("/Font") if isinstance(resources, Dictionary) else None
    return fonts if isinstance(fonts, Dictionary) else Dictionary()


def _glyphs_say(
    page: pikepdf.Page, found: list[content.Instruction], at: int, font: str | None
) -> tuple[str, list[tuple[str, str]]] | None:
    """What the glyphs shown by the span opened at `at` read as, by their fonts'
    ToUnicode CMaps, up to the span's end, and each (font, code) shown; None where a code
    has no text or a font no map."""
    fonts = _page_fonts(page)
    depth = 0
    text = ""
    shown: list[tuple[str, str]] = []
    for operands, operator, _ in found[at + 1 :]:
        if operator in ("BDC", "BMC"):
            depth += 1
        elif operator == "EMC":
            if depth == 0:
                return text, shown
            depth -= 1
        elif operator == "Tf":
            font = operands.split()[0] if operands.split() else None
        elif operator in _SHOW:
            read = tounicode.read_map(fonts.get(font)) if font else None
            if read is None:
                return None
            codes, width, _ = read
            for raw in _strings(operands):
                for start in range(0, len(raw), width):
                    code = raw[start : start + width].hex().upper()
                    if code not in codes:
                        return None
                    text += codes[code]
                    shown.append((str(font), code))
    return None


def unwrap_spaces(pdf: pikepdf.Pdf, page: pikepdf.Page, found: list[content.Instruction]) -> int:
    """Unwrap the spans a tagged page marks inside a marked-content sequence to say only
    what their glyphs are (Chrome's): poppler reads a sequence's text only up to the end of
    the first marked content nested in it, so its structure text of "2 July 2011" read
    "2 ", of "fell by a fifth between" "fell by a ﬁ", and of a line of Arabic its first
    letter, and a reader built on it lost the rest.
    A no-break space's span says only that the space is one, which a reader reads as a
    space; any other span is unwrapped only where its /ActualText is, in Unicode's
    compatibility forms (NFKC), what its glyphs' ToUnicode says: "fi" for U+FB01, U+0635
    for the presentation form U+FEBA. Nothing is lost by dropping it, and every reader then
    reads the sequence whole. Returns how many were unwrapped (the page is written again
    only if any were)."""
    if not marks_spaces(found):  # most pages: not worth writing the content out again
        return 0
    out: list[str] = []
    stack: list[tuple[bool, bool]] = []  # per open sequence: it has an MCID, it is dropped
    fonts: list[str | None] = [None]  # the font set, saved and restored with q and Q
    unwrapped = 0
    remaps: dict[str, dict[str, str]] = {}  # font -> code -> the text its span said
    for at, (operands, operator, _) in enumerate(found):
        if operator == "q":
            fonts.append(fonts[-1])
        elif operator == "Q" and len(fonts) > 1:
            fonts.pop()
        elif operator == "Tf":
            fonts[-1] = operands.split()[0] if operands.split() else None
        if operator in ("BDC", "BMC"):
            has_mcid = operator == "BDC" and _mcid(operands) is not None
            drop = False
            if operator == "BDC" and any(mcid for mcid, _ in stack):
                span = _ACTUAL_SPAN.match(operands)
                if _NO_BREAK_SPACE.match(operands) is not None:
                    drop = True
                elif span is not None:
                    said = _strings(span[1])
                    meant = unicodedata.normalize("NFKC", _said(said[0])) if said else ""
                    drawn = _glyphs_say(page, found, at, fonts[-1])
                    drop = (
                        bool(meant)
                        and drawn is not None
                        and (unicodedata.normalize("NFKC", drawn[0]) == meant)
                    )
                    if drop and drawn is not None and len(drawn[1]) == 1:
                        # one glyph: its code says the span's text from now on
                        remaps.setdefault(drawn[1][0][0], {})[drawn[1][0][1]] = meant
            stack.append((has_mcid, drop))
            if drop:
                unwrapped += 1
                out.append("\n")
                continue
        elif operator == "EMC" and stack and stack.pop()[1]:
            out.append("\n")
            continue
        out.append(operands + operator)
    if unwrapped:
        page.obj.Contents = pdf.make_stream("".join(out).encode("latin-1"))
        fonts_used = _page_fonts(page)
        for name, texts in remaps.items():
            font = fonts_used.get(name)
            if isinstance(font, Dictionary):
                tounicode.remap(pdf, font, texts)
    return unwrapped


# What may be drawn inside a /ReversedChars sequence for it to be put in reading order:
# the glyphs each shown where the text matrix is set, one to a string
_REVERSIBLE = {"Tf", "Tm", "Td", "Tj", "BT", "ET"}


def _turned(
    run: list[content.Instruction], width: int | None, font: str, fonts: Dictionary
) -> list[str] | None:
    """A /ReversedChars sequence's glyphs drawn again last first, each where it was (its
    text matrix set absolutely), or None where the run holds anything else. `font` is the
    font set (Tf's operands) as it opens; a glyph shown with no move before it is where the
    one before it left the text (its advance by the font's widths)."""
    matrix: list[float] | None = None
    line: list[float] | None = None
    glyphs: list[tuple[str, list[float], str]] = []
    for operands, operator, _ in run:
        if operator not in _REVERSIBLE:
            return None
        if operator == "Tf":
            font = operands.strip()
        elif operator == "Tm":
            matrix = content.numbers(operands, 6)
            line = matrix
        elif operator == "Td":
            moved = content.numbers(operands, 2)
            if moved is None or line is None:
                return None
            a, b, c, d, e, f = line
            tx, ty = moved
            line = [a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f]
            matrix = line
        elif operator == "Tj":
            strings = _strings(operands)
            if matrix is None or len(strings) != 1 or not font or width is None:
                return None
            if len(strings[0]) != width:
                return None  # more than one glyph: each one's place is not written
            glyphs.append((font, matrix, operands.strip()))
            said = font.split()
            try:
                size = float(said[1]) if len(said) > 1 else 0.0
            except ValueError:
                return None
            advance = Font(fonts.get(said[0])).advance(strings[0], 0.0, 0.0, size)
            a, b, c, d, e, f = matrix
            matrix = [a, b, c, d, e + advance * a, f + advance * b]
        elif operator in ("BT", "ET"):
            return None  # the sequence spans text objects: left as it is
    out: list[str] = []
    shown_font = ""
    for font, place, string in reversed(glyphs):  # noqa: B020 (each glyph's own font)
        if font != shown_font:
            out.append(f"{font} Tf")
            shown_font = font
        out.append(" ".join(f"{value:.6g}" for value in place) + f" Tm {string} Tj")
    return out


def read_forwards(pdf: pikepdf.Pdf, page: pikepdf.Page, found: list[content.Instruction]) -> int:
    """Draw again in reading order the glyphs a tagged page draws last first inside a
    /ReversedChars sequence (Chrome's right-to-left lines: ISO 32000-1, 14.8.2.3.3, says a
    reader must turn them round), each at its place, so that the page looks the same: poppler's
    structure text and the readers built on it read the sequence as drawn, each Arabic or
    Urdu word backwards and the last word first. The sequence's marker goes with it. Returns
    how many were drawn again (the page is written again only if any were)."""
    if not any(op == "BMC" and args.strip() == "/ReversedChars" for args, op, _ in found):
        return 0
    fonts = _page_fonts(page)
    out: list[str] = []
    turned = 0
    at = 0
    font = ""
    while at < len(found):
        operands, operator, _ = found[at]
        if operator == "Tf":
            font = operands.strip()
        if operator == "BMC" and operands.strip() == "/ReversedChars":
            end = at + 1
            depth = 0
            while end < len(found) and not (found[end][1] == "EMC" and depth == 0):
                depth += {"BDC": 1, "BMC": 1, "EMC": -1}.get(found[end][1], 0)
                end += 1
            run = found[at + 1 : end]
            names = {args.split()[0] for args, op, _ in run if op == "Tf" and args.split()}
            if font:
                names.add(font.split()[0])
            widths = {
                read[1] if read else 0 for read in (tounicode.read_map(fonts.get(n)) for n in names)
            }
            again = _turned(run, widths.pop() if len(widths) == 1 else None, font, fonts)
            if again is not None and end < len(found):
                out.append("\n" + "\n".join(again) + "\n")
                for args, op, _ in run:
                    if op == "Tf":
                        font = args.strip()
                turned += 1
                at = end + 1
                continue
        out.append(operands + operator)
        at += 1
    if turned:
        page.obj.Contents = pdf.make_stream("".join(out).encode("latin-1"))
    return turned


def _mcid(operands: str) -> int | None:
    found = re.search(r"/MCID\s+(\d+)", operands)
    return int(found[1]) if found else None


def _parent_nums(pdf: pikepdf.Pdf, root: pikepdf.Object) -> Array:
    """The /Nums of the paper's ParentTree, made if it has none, for new keys."""
    tree = root.get("/ParentTree")
    if not isinstance(tree, Dictionary):
        tree = root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array()))
    if not isinstance(tree.get("/Nums"), Array):
        tree.Nums = Array()  # beside its /Kids: the pack reads both, and makes its own
    nums = tree.Nums  # the tree's own array, not the one just assigned (copied in)
    assert isinstance(nums, Array)
    return nums


def _add_parent(pdf: pikepdf.Pdf, root: pikepdf.Object, key: int, value: pikepdf.Object) -> None:
    nums = _parent_nums(pdf, root)
    nums.append(key)
    nums.append(value)
    root.ParentTreeNextKey = key + 1


def _insert(
    root: pikepdf.Object,
    roles: _Roles,
    element: Dictionary,
    neighbour: Dictionary | None,
    after: bool,
) -> None:
    """Put `element` beside `neighbour` in its parent, or where it may sit nearest to it:
    at the end of the cell it is in, or beside the table or list that holds it; with no
    neighbour, at the end of the paper."""
    for _ in range(64):
        if neighbour is None:
            break
        parent = neighbour.get("/P")
        if not isinstance(parent, Dictionary) or "/S" not in parent:
            break
        parent_role = roles.standard(_name(parent.S)) or ""
        if parent_role in _CONTAINERS:
            if (roles.standard(_name(neighbour.S)) or "") in _CELLS:
                _adopt(neighbour, element, None, roles)
                return
            neighbour = parent
            continue
        _adopt(parent, element, (neighbour, after), roles)
        return
    top = _kids(root)
    documents = [kid for kid in top if isinstance(kid, Dictionary) and "/S" in kid]
    container = documents[0] if len(documents) == 1 and len(top) == 1 else root
    _adopt(container, element, None, roles)  # type: ignore[arg-type]


def _adopt(
    parent: Dictionary,
    element: Dictionary,
    beside: tuple[Dictionary, bool] | None,
    roles: _Roles,
) -> None:
    """Make `element` a kid of `parent`, beside a kid of it (after or before it), else at its
    end; a /Span where the parent's content is a paragraph's."""
    if "/S" in parent and (roles.standard(_name(parent.S)) or "") in _INLINE:
        element.S = Name.Span
    kids = parent.get("/K")
    if not isinstance(kids, Array):
        kids = parent.K = Array([kids] if kids is not None else [])
    at = len(kids)
    if beside is not None:
        neighbour, after = beside
        found = next((i for i, kid in enumerate(kids) if _same(kid, neighbour)), None)
        if found is not None:
            at = found + 1 if after else found
    kids.insert(at, element)
    element.P = parent


def _space_code(font: object) -> str | None:
    """The code (hex) a font's ToUnicode CMap maps to a space, or None."""
    read = tounicode.read_map(font)
    if read is None:
        return None
    return next((code for code, text in read[0].items() if text == " "), None)


def _last_text(operands: str, font: object) -> str | None:
    read = tounicode.read_map(font)
    strings = _strings(operands)
    if read is None or not strings or not strings[-1]:
        return None
    codes, width, _ = read
    return codes.get(strings[-1][-width:].hex().upper())


def space_line_ends(pdf: pikepdf.Pdf) -> int:
    """Give each line a tagged page of Chrome's (Skia's) wraps inside a marked-content
    sequence the space it leaves out where the line breaks: Chrome draws each line as a
    text object of its own and no space at a soft wrap, so a structure's text read the
    last word of a line and the first of the next as one ("residentswhich"). A space is
    drawn at the end of the line in the line's own font (a space glyph, no ink), where the
    next text object of the sequence starts on another line and the line ends in neither a
    space nor a hyphen. Returns how many were added."""
    if not str(pdf.docinfo.get("/Producer", "")).startswith("Skia/PDF"):
        return 0
    if "/StructTreeRoot" not in pdf.Root:
        return 0
    added = 0
    for page in pdf.pages:
        found = content.instructions(page)
        if found is None:
            continue
        fonts = _page_fonts(page)
        out: list[str] = []
        font = ""
        line_y: float | None = None
        last: str | None = None
        depth_in_mcid: list[bool] = []
        count = 0
        for at, (operands, operator, _) in enumerate(found):
            if operator in ("BDC", "BMC"):
                depth_in_mcid.append(operator == "BDC" and _mcid(operands) is not None)
            elif operator == "EMC" and depth_in_mcid:
                depth_in_mcid.pop()
            elif operator == "Tf":
                font = operands.split()[0] if operands.split() else ""
            elif operator == "Tm":
                place = content.numbers(operands, 6)
                line_y = place[5] if place else None
            elif operator in _SHOW:
                last = _last_text(operands, fonts.get(font)) if font else None
            elif operator == "ET" and any(depth_in_mcid) and last and line_y is not None:
                space = _space_code(fonts.get(font)) if font else None
                following = _next_line(found, at)
                if (
                    space is not None
                    and following is not None
                    and abs(following - line_y) > 0.5
                    and not last[-1].isspace()
                    and last[-1] not in "-\u00ad\u2010\u2011"
                ):
                    out.append(f"\n<{space}> Tj\n")
                    count += 1
                last = None
            out.append(operands + operator)
        if count:
            page.obj.Contents = pdf.make_stream("".join(out).encode("latin-1"))
            added += count
    return added


def _next_line(found: list[content.Instruction], at: int) -> float | None:
    """Where the next text object after the one ending at `at` sets its line (its first
    Tm's vertical offset), if it starts inside the same marked-content sequence."""
    depth = 0
    for operands, operator, _ in found[at + 1 :]:
        if operator in ("BDC", "BMC"):
            depth += 1
        elif operator == "EMC":
            depth -= 1
            if depth < 0:
                return None
        elif operator == "Tm" and depth == 0:
            place = content.numbers(operands, 6)
            return place[5] if place else None
        elif operator in _SHOW or operator == "Td":
            return None
    return None
