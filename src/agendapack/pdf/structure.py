"""One structure tree for a pack: each source's own tree kept, under one /Sect per document.

The algorithm follows Apache PDFBox's PDFMergerUtility. A source's pages are copied with
pikepdf, whose object copier maps the tree's /Pg, /Obj and /Stm references to the copied
pages and annotations. Every /StructParents (pages, form XObjects) and /StructParent
(annotations) of a source is shifted by one offset, and its ParentTree re-keyed by it, so
that marked-content ids, which are per content stream, never need rewriting. An untagged
source is tagged from its layout (pdf/tagging.py); only a page that cannot be read (text
no reader maps to letters, a scan OCR did not read) becomes one /Figure, with alt text
saying so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from agendapack.pdf import content, tagging
from agendapack.pdf.band import operator_name
from agendapack.pdf.opening import MARKUP_SEEN, entries

# The kinds of path operator, for marking LibreOffice's loose paragraph borders as artifacts.
_PATH_START = {"m", "re"}
_PATH_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
LOOSE_READ = " ".join(
    ["BDC", "BMC", "EMC", "BT", "Do", "BI", "ID", "EI", *_PATH_START, *_PATH_PAINT]
)


# Annotations PDF/UA-1 keeps out of the structure (7.18.1, 7.18.4: a popup is its
# parent's, a printer's mark and a trap network are no content), and widgets, which a
# source's flattening turned into page content before this.
_UNTAGGED_ANNOTATIONS = {"/Popup", "/PrinterMark", "/TrapNet", "/Widget"}


def annotation_role(annotation: Dictionary) -> Name | None:
    """The structure element an annotation belongs in (ISO 32000-1, 14.8.4.4): /Link
    for a link, /Annot for any other that is content; None for one kept out of it."""
    subtype = annotation.get("/Subtype")
    if subtype == Name.Link:
        return Name.Link
    if not isinstance(subtype, Name) or str(subtype) in _UNTAGGED_ANNOTATIONS:
        return None
    return Name.Annot


def annotation_kind(annotation: Dictionary) -> str:
    """An annotation that is no link, named for a listener ("A stamp")."""
    subtype = annotation.get("/Subtype")
    try:
        name = str(subtype) if isinstance(subtype, Name) else ""
    except UnicodeDecodeError:
        name = ""
    return MARKUP_SEEN.get(name, "An annotation")


def push_inherited(pdf: pikepdf.Pdf) -> None:
    """Give each page its own copy of what it inherits from the page tree, which the copy
    into the pack leaves behind."""
    for page in pdf.pages:
        node = page.obj
        parent = node.get("/Parent")
        seen = 0
        while isinstance(parent, Dictionary) and seen < 64:
            for key in _INHERITED:
                if key not in node and key in parent:
                    node[key] = parent[key]
            parent = parent.get("/Parent")
            seen += 1


def _number_tree(
    node: pikepdf.Object | None, depth: int = 0
) -> Iterator[tuple[int, pikepdf.Object]]:
    if not isinstance(node, Dictionary) or depth > 32:
        return
    nums = node.get("/Nums")
    if isinstance(nums, Array):
        for index in range(0, len(nums) - 1, 2):
            key = nums[index]
            if isinstance(key, int):
                yield int(key), nums[index + 1]
    for kid in node.get("/Kids", Array()):
        yield from _number_tree(kid, depth + 1)


def _name_tree(
    node: pikepdf.Object | None, depth: int = 0
) -> Iterator[tuple[bytes, pikepdf.Object]]:
    if not isinstance(node, Dictionary) or depth > 32:
        return
    names = node.get("/Names")
    if isinstance(names, Array):
        for index in range(0, len(names) - 1, 2):
            yield bytes(names[index]), names[index + 1]
    for kid in node.get("/Kids", Array()):
        yield from _name_tree(kid, depth + 1)


def _forms(
    resources: pikepdf.Object | None, seen: set[tuple[int, int]]
) -> Iterator[pikepdf.Object]:
    """Every form XObject reachable from a page's resources, once each."""
    if not isinstance(resources, Dictionary):
        return
    xobjects = resources.get("/XObject")
    if not isinstance(xobjects, Dictionary):
        return
    for _, xobject in entries(xobjects):
        if not isinstance(xobject, pikepdf.Stream) or xobject.get("/Subtype") != Name.Form:
            continue
        if xobject.is_indirect:
            if xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
        yield xobject
        yield from _forms(xobject.get("/Resources"), seen)


# Elements that hold a heading's section in a strongly structured document (ISO 32000-1,
# 14.8.4.3.5): each one deeper makes its /H one level down.
_SECTIONING = {"/Sect", "/Part", "/Art", "/Div"}


def has_plain_headings(root: pikepdf.Object) -> bool:
    """Whether a structure tree has a plain /H heading (or a role mapped to /H)."""
    role_map = root.get("/RoleMap") if isinstance(root, Dictionary) else None
    return any(
        _standard(element.get("/S"), role_map) == "/H"
        for element in elements(root.get("/K", Array()), set())
    )


def number_headings(section: pikepdf.Object, role_map: pikepdf.Object | None) -> int:
    """Number a document's plain /H headings as /H1 to /H6 by how deep in its sections each
    one is; returns how many. A pack is one document: LibreOffice's reports and the front
    sheet number their headings, and PDF/UA fails a document that has both kinds."""
    numbered = 0
    stack: list[tuple[pikepdf.Object, int]] = [(section.get("/K", Array()), 0)]
    seen: set[tuple[int, int]] = set()
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Array):
            stack.extend((kid, depth) for kid in reversed(list(node)))
            continue
        if not isinstance(node, Dictionary) or "/S" not in node:
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        role = _standard(node.get("/S"), role_map)
        if role == "/H":
            node.S = Name(f"/H{min(depth + 1, 6)}")
            numbered += 1
        if "/K" in node:
            stack.append((node.K, depth + (role in _SECTIONING)))
    return numbered


def _standard(role: object, role_map: object) -> str:
    """The standard role a structure type stands for, through the RoleMap."""
    name = str(role) if isinstance(role, Name) else ""
    if isinstance(role_map, Dictionary):
        for _ in range(8):  # a chain of mappings, never a cycle
            mapped = role_map.get(name) if name in role_map else None
            if not isinstance(mapped, Name) or str(mapped) == name:
                break
            name = str(mapped)
    return name


def _renamed(classes: pikepdf.Object, renames: dict[str, str]) -> pikepdf.Object:
    """An element's /C with the classes the pack renamed under their new names: one name,
    or an array of names (each maybe followed by its revision number, ISO 32000-1,
    14.7.5.2), as the standard allows."""

    def new(name: pikepdf.Object) -> pikepdf.Object:
        try:
            text = str(name) if isinstance(name, Name) else None
        except UnicodeDecodeError:  # a name of odd bytes: a class the pack did not rename
            return name
        return Name(renames[text]) if text in renames else name

    if isinstance(classes, Name):
        return new(classes)
    return Array([new(c) for c in classes])


def elements(node: pikepdf.Object, seen: set[tuple[int, int]]) -> Iterator[Dictionary]:
    """Every structure element under `node` (an element, its /K, or an array of them),
    once each, in document order."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Array):
            stack.extend(reversed(list(current)))
            continue
        if not isinstance(current, Dictionary) or "/S" not in current:
            continue  # a marked-content or object reference, or an MCID
        if current.is_indirect:
            if current.objgen in seen:
                continue
            seen.add(current.objgen)
        yield current
        if "/K" in current:
            stack.append(current.K)


class Tree:
    """The pack's structure tree as it is built, source by source."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
        self.document.K = Array()
        self.parents: list[tuple[int, pikepdf.Object]] = []
        self.next_key = 0
        self.role_map = Dictionary()
        self.class_map = Dictionary()
        self.ids: dict[bytes, pikepdf.Object] = {}
        # the last untagged source's pages kept as one figure: (number, why)
        self.unread: list[tuple[int, str]] = []

    def _section(self, title: str) -> Dictionary:
        section = self.pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Sect, P=self.document, T=String(title))
        )
        section.K = Array()
        self.document.K.append(section)
        return section

    # -- a tagged source --------------------------------------------------------------

    def add_tagged(self, source: pikepdf.Pdf, title: str, headings: bool = True) -> int:
        """Shift the keys of `source` (in memory) and copy its pages and tree into the pack;
        returns how many pages were added. With `headings`, its plain /H headings are
        numbered (`number_headings`); without, it is known to have none."""
        root = source.Root.StructTreeRoot
        offset = self.next_key
        highest = int(root.get("/ParentTreeNextKey", 0)) - 1
        seen: set[tuple[int, int]] = set()
        for page in source.pages:
            if "/StructParents" in page.obj:
                highest = max(highest, int(page.obj.StructParents))
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for form in _forms(page.obj.get("/Resources"), seen):
                if "/StructParents" in form:
                    highest = max(highest, int(form.StructParents))
                    form.StructParents = int(form.StructParents) + offset
            for annot in page.obj.get("/Annots", Array()):
                if isinstance(annot, Dictionary) and "/StructParent" in annot:
                    highest = max(highest, int(annot.StructParent))
                    annot.StructParent = int(annot.StructParent) + offset
        nums = Array()
        for key, value in _number_tree(root.get("/ParentTree")):
            highest = max(highest, key)
            nums.append(key + offset)
            nums.append(value)

        kids = root.K if isinstance(root.K, Array) else Array([root.K])
        top = [k for k in kids if isinstance(k, Dictionary)]
        if len(top) == 1 and top[0].get("/S") == Name.Document:
            # LibreOffice's own /Document becomes the document's /Sect, attributes and all
            section = top[0]
        else:
            section = source.make_indirect(Dictionary(Type=Name.StructElem, K=kids))
            for kid in top:
                kid.P = section
        section.S = Name.Sect
        section.T = String(title)
        if "/P" in section:
            del section["/P"]  # else the copy would follow it to the source's whole root

        if headings:
            number_headings(section, root.get("/RoleMap"))
        renames, class_map = self._merge_maps(root)
        if renames:
            for element in elements(section, set()):
                role = str(element.get("/S"))
                if role in renames.get("/S", {}):
                    element.S = Name(renames["/S"][role])
                classes = element.get("/C")
                if "/C" in renames and isinstance(classes, Name | Array):
                    element.C = _renamed(classes, renames["/C"])
        ids = Array()
        for name, value in _name_tree(root.get("/IDTree")):
            ids.append(String(name))
            ids.append(value)

        # One copy of all that the pack takes from the source besides its pages: a ClassMap's
        # attribute objects are direct in Acrobat's files, and qpdf copies only indirect
        # objects on their own, so they travel inside this holder.
        holder = source.make_indirect(
            Dictionary(Sect=section, Nums=nums, IDs=ids, ClassMap=class_map)
        )
        before = len(self.pdf.pages)
        self._copy_pages(source)
        copied = self.pdf.copy_foreign(holder)
        for class_name, attributes in entries(copied.ClassMap):
            self.class_map[class_name] = attributes
        sect = copied.Sect
        sect.P = self._place(sect)
        copied_nums = copied.Nums
        for index in range(0, len(copied_nums), 2):
            self.parents.append((int(copied_nums[index]), copied_nums[index + 1]))
        copied_ids = copied.IDs
        for index in range(0, len(copied_ids), 2):
            name = bytes(copied_ids[index])
            target = copied_ids[index + 1]
            while name in self.ids:  # the same id in two documents: the later one renamed
                name += b"'"
            if isinstance(target, Dictionary):
                target.ID = String(name)
            self.ids[name] = target
        self.next_key = offset + highest + 1
        return len(self.pdf.pages) - before

    def _copy_pages(self, source: pikepdf.Pdf) -> None:
        """Append the source's pages with what the document holds for them: the named
        destinations their links lead to (copied pages alone keep only the names, which
        lead nowhere in the pack) and the optional content groups they draw, renamed
        where two sources use one name. Its outline is the pack's to make, and its form
        fields were flattened into the pages when it was cleaned."""
        self.pdf.add_pages_from(source, forms="strip", layers="preserve", outlines="ignore")

    def _place(self, section: pikepdf.Object) -> pikepdf.Object:
        self.document.K.append(section)
        return self.document

    def _merge_maps(self, root: pikepdf.Object) -> tuple[dict[str, dict[str, str]], Dictionary]:
        """Fold the source's RoleMap into the pack's; a name the pack already maps
        differently is renamed in the source. Identity entries (LibreOffice's `/TR -> /TR`,
        a cycle to validators) are dropped. Returns the renames, and the source's ClassMap
        under the names it takes in the pack (a class the pack has already is renamed),
        for the caller to copy in."""
        renames: dict[str, dict[str, str]] = {}
        role_map = root.get("/RoleMap")
        if isinstance(role_map, Dictionary):
            for key, value in entries(role_map):
                if not isinstance(value, Name) or str(value) == key:
                    continue
                name = key
                while name in self.role_map and str(self.role_map[name]) != str(value):
                    name += "_"
                if name != key:
                    renames.setdefault("/S", {})[key] = name
                self.role_map[name] = Name(str(value))
        classes = Dictionary()
        class_map = root.get("/ClassMap")
        if isinstance(class_map, Dictionary):
            for key, value in entries(class_map):
                name = key
                while name in self.class_map or name in classes:
                    name += "_"
                if name != key:
                    renames.setdefault("/C", {})[key] = name
                classes[name] = value
        return renames, classes

    # -- an untagged source -----------------------------------------------------------

    def add_untagged(
        self,
        source: pikepdf.Pdf,
        title: str,
        alt: str,
        reading: tagging.Reading | None = None,
    ) -> int:
        """Copy the pages of `source` in, each tagged from its layout by `reading`
        (pdf/tagging.py): its words, its pictures, or for a page with nothing to read, all
        of it an artifact. A page that cannot be read (text no reader maps to letters, a
        scan OCR did not read, a content stream qpdf cannot read whole) becomes one /Figure
        whose alt text is `alt` formatted with its page number and count; `unread` then
        lists it (its number in the source, and why) for the build to say."""
        section = self._section(title)
        before = len(self.pdf.pages)
        self._copy_pages(source)
        count = len(self.pdf.pages) - before
        pages = [self.pdf.pages[before + number] for number in range(count)]
        read = reading.read(self.pdf, pages) if reading is not None else [None] * count
        self.unread = []
        for number, page in enumerate(pages):
            made = read[number]
            if made is None:
                self._figure(page, section, alt.format(number=number + 1, count=count))
                why = reading.unread.get(number, "") if reading is not None else ""
                self.unread.append((number + 1, why or "its layout was not read"))
            elif not made[1]:  # nothing to read on it: all of it an artifact, no element
                page.obj.Contents = self.pdf.make_stream(made[0])
            else:
                contents, kids, parents = made
                page.obj.Contents = self.pdf.make_stream(contents)
                page.obj.StructParents = self.next_key
                for kid in kids:
                    kid.P = section
                    section.K.append(kid)
                self.parents.append((self.next_key, parents))
                self.next_key += 1
            self._tag_annotations(page, section)
        return count

    def _tag_annotations(self, page: pikepdf.Page, section: Dictionary) -> None:
        """Put each annotation of an untagged page in an element of its own after the
        page's content, holding its /OBJR (PDF/UA-1, 7.18.1): a link in a /Link, any other
        (a stamp, a highlight, a text box) in an /Annot; each with a description."""
        annotations = page.obj.get("/Annots")
        if not isinstance(annotations, Array):
            return
        for slot, annot in enumerate(annotations):
            if not isinstance(annot, Dictionary):
                continue
            # a key into the source's tree of annotations alone (is_tagged), which is
            # not copied: it would name another page's marks in the pack's
            if "/StructParent" in annot:
                del annot.StructParent
            role = annotation_role(annot)
            if role is None:
                continue
            if not annot.is_indirect:  # an /OBJR names an object
                annot = self.pdf.make_indirect(annot)
                annotations[slot] = annot
            element = self.pdf.make_indirect(
                Dictionary(
                    Type=Name.StructElem,
                    S=role,
                    P=section,
                    Pg=page.obj,
                    K=Array([Dictionary(Type=Name.OBJR, Obj=annot, Pg=page.obj)]),
                )
            )
            if not str(annot.get("/Contents", "")).strip():
                if role == Name.Link:
                    uri = annot.get("/A", Dictionary()).get("/URI")
                    annot.Contents = String(f"Link to {uri}" if uri is not None else "Link")
                else:
                    annot.Contents = String(annotation_kind(annot))
            annot.StructParent = self.next_key
            section.K.append(element)
            self.parents.append((self.next_key, element))
            self.next_key += 1

    def _figure(self, page: pikepdf.Page, section: Dictionary, alt: str) -> None:
        """The page as one picture: for a page with no text to tag."""
        page.contents_coalesce()
        _forget_marks(self.pdf, page)
        # One marked-content sequence round everything the page draws; the q/Q keeps
        # a transform the source leaves behind from reaching past it.
        page.contents_add(b"q /Figure <</MCID 0>> BDC\n", prepend=True)
        page.contents_add(b"\nEMC Q\n")
        page.obj.StructParents = self.next_key
        figure = self.pdf.make_indirect(
            Dictionary(
                Type=Name.StructElem,
                S=Name.Figure,
                P=section,
                Pg=page.obj,
                K=0,
                Alt=String(alt),
            )
        )
        section.K.append(figure)
        self.parents.append((self.next_key, Array([figure])))
        self.next_key += 1

    # -- the catalog ------------------------------------------------------------------

    def finish(self) -> None:
        nums = Array()
        for key, value in sorted(self.parents, key=lambda entry: entry[0]):
            nums.append(key)
            nums.append(value)
        root = Dictionary(
            Type=Name.StructTreeRoot,
            K=Array([self.document]),
            ParentTree=self.pdf.make_indirect(Dictionary(Nums=nums)),
            ParentTreeNextKey=self.next_key,
        )
        if len(self.role_map):
            root.RoleMap = self.role_map
        if len(self.class_map):
            root.ClassMap = self.class_map
        if self.ids:
            names = Array()
            for name in sorted(self.ids):
                names.append(String(name))
                names.append(self.ids[name])
            root.IDTree = self.pdf.make_indirect(Dictionary(Names=names))
        self.document.P = self.pdf.make_indirect(root)
        self.pdf.Root.StructTreeRoot = self.document.P
        self.pdf.Root.MarkInfo = Dictionary(Marked=True)
        _name_configurations(self.pdf.Root.get("/OCProperties"))


def _name_configurations(properties: object) -> None:
    """PDF/UA-1 (7.10) asks each optional content configuration for a /Name, which a
    viewer shows in its list of layers, and no /AS: layers switched on and off by what a
    viewer is doing (printing, zooming), which a screen reader user is not told of. The
    layers' own states (/ON, /OFF) stay as they are."""
    if not isinstance(properties, Dictionary):
        return
    configs = properties.get("/Configs")
    found = [properties.get("/D"), *(configs if isinstance(configs, Array) else [])]
    for number, config in enumerate(found):
        if not isinstance(config, Dictionary):
            continue
        if "/AS" in config:
            del config["/AS"]
        if not str(config.get("/Name", "")).strip():
            config.Name = String("Layers" if number == 0 else f"Layers {number + 1}")


def artifact_loose_paths(
    pdf: pikepdf.Pdf, page: pikepdf.Page, quick: list[content.Instruction] | None = content.UNREAD
) -> tuple[int, int]:
    """Mark paths drawn outside any marked content (LibreOffice 7.4's paragraph borders) as
    artifacts, from the page's quick reading (`content.instructions`, read here unless
    given; None where it does not follow the page). Returns (paths marked, loose text or
    images left as they are)."""
    # Most pages have none: the quick reading, or else qpdf handing Python only the
    # operators that decide it, is cheaper than every glyph run; a page with some is read
    # again whole.
    if quick is content.UNREAD:
        quick = content.instructions(page)
    if quick is not None:
        marked, loose = loose_counts(operator for _, operator, _ in quick)
    else:
        marked, loose = loose_content(pikepdf.parse_content_stream(page, LOOSE_READ))
    if marked:
        # qpdf gives up on a stream after 15 errors, silently but for a warning: a page
        # written again from what it read would lose the rest, so it keeps its paths as
        # they are rather than lose a word
        pdf.get_warnings()  # taken, and so cleared: what follows is this reading's alone
        out: list[Any] = []
        _write_loose_as_artifacts(pikepdf.parse_content_stream(page), out)
        if not pdf.get_warnings():
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
    return marked, loose


def loose_content(instructions: list[Any]) -> tuple[int, int]:
    """What `artifact_loose_paths` would return for the page, from its content as
    `parse_content_stream` gives it with at least the operators of LOOSE_READ; changes
    nothing."""
    return loose_counts(map(_operator, instructions))


def loose_counts(operators: Iterable[str]) -> tuple[int, int]:
    """(loose paths, loose text or images) of a page's operators in order, "" standing for
    an inline image."""
    walk = _LooseWalk()
    for operator in operators:
        walk.step(operator)
    return walk.marked, walk.loose


def _operator(instruction: pikepdf.ContentStreamInstruction) -> str:
    if isinstance(instruction, pikepdf.ContentStreamInlineImage):
        return ""
    return operator_name(instruction)


class _LooseWalk:
    """Follows a page's operators, telling where paths drawn outside marked content start
    and end, and counting them and the text and images drawn outside it."""

    def __init__(self) -> None:
        self.depth = 0
        self.in_path = False
        self.marked = 0
        self.loose = 0

    def step(self, operator: str) -> tuple[bool, bool]:
        """(a loose path starts with this operator, a loose path is painted by it)."""
        starts = False
        if not operator:  # an inline image
            self.loose += self.depth == 0
            return False, False
        if operator in ("BDC", "BMC"):
            self.depth += 1
        elif operator == "EMC":
            self.depth = max(0, self.depth - 1)
        elif self.depth == 0 and not self.in_path and operator in _PATH_START:
            self.in_path = starts = True
            self.marked += 1
        elif self.depth == 0 and operator in ("BT", "Do"):
            self.loose += 1
        ends = self.in_path and operator in _PATH_PAINT
        if ends:
            self.in_path = False
        return starts, ends


def _write_loose_as_artifacts(instructions: list[Any], out: list[Any]) -> None:
    """Write to `out` the instructions with each loose path wrapped as an artifact."""
    artifact = pikepdf.Operator("BMC")
    end = pikepdf.Operator("EMC")
    walk = _LooseWalk()
    for instruction in instructions:
        starts, ends = walk.step(_operator(instruction))
        if starts:
            out.append(pikepdf.ContentStreamInstruction([Name.Artifact], artifact))
        out.append(instruction)
        if ends:
            out.append(pikepdf.ContentStreamInstruction([], end))


def _forget_marks(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Marked content left in a page without a structure tree (a tool that drops the tree
    and keeps the marks) would nest inside the page's Figure: numbered sequences clashing
    with the Figure's MCID 0, artifacts inside tagged content. The page is one picture
    now: its own marks go, what they held stays."""
    contents = page.obj.get("/Contents")
    if not isinstance(contents, pikepdf.Stream):
        return
    data = contents.read_bytes()
    if b"BDC" not in data and b"BMC" not in data:
        return
    pdf.get_warnings()  # taken, and so cleared: what follows is this reading's alone
    kept = [
        instruction
        for instruction in pikepdf.parse_content_stream(page)
        if isinstance(instruction, pikepdf.ContentStreamInlineImage)
        or operator_name(instruction) not in _MARKS
    ]
    # a page qpdf read only in part is left as it is: written again, it would lose the rest
    if not pdf.get_warnings():
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))


_MARKS = ("BDC", "BMC", "EMC", "MP", "DP")


def artifact_figures(pdf: pikepdf.Pdf, alt: str) -> tuple[int, int]:
    """Make each /Figure whose alternative text is `alt` (a marker its maker was given for
    a picture the author marked decorative) an artifact: its element taken out of the
    tree, what it marks on the page marked /Artifact, its ParentTree entries emptied. A
    screen reader then passes the picture over, as the author asked. A figure whose
    content is not all found on its page keeps its place, without the marker.
    Returns (figures made artifacts, figures left)."""
    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, Dictionary):
        return 0, 0
    marked = [
        element
        for element in elements(root.get("/K", Array()), set())
        if str(element.get("/Alt", "")) == alt
    ]
    done = left = 0
    for figure in marked:
        mcids = _figure_marks(figure) if figure.get("/S") == Name.Figure else None
        rewritten = [_artifact_marks(pdf, page, ids) for page, ids in mcids or ()]
        if mcids is None or any(stream is None for stream in rewritten):
            del figure["/Alt"]  # never said aloud: the figure is as it was before the marker
            left += 1
            continue
        for (page, _), stream in zip(mcids, rewritten, strict=True):
            if stream:
                page.Contents = pdf.make_stream(stream)
        _forget_parents(root, mcids)
        _take_out(figure, root)
        done += 1
    return done, left


def _take_out(figure: Dictionary, root: Dictionary) -> None:
    """Take a figure out of its parent; a paragraph it leaves empty (LibreOffice puts each
    picture in one) goes too, else a screen reader finds an empty paragraph there. Not a
    cell or a list item, which their table or list need."""
    child = figure
    for _ in range(2):
        parent = child.get("/P")
        if not isinstance(parent, Dictionary) or "/S" not in parent:
            return
        kids = parent.get("/K")
        if isinstance(kids, Array):
            left = [kid for kid in kids if not _is(kid, child)]
        elif _is(kids, child):
            left = []
        else:
            return  # not where its /P says: the tree is left as it is
        parent.K = Array(left)
        if left or _role(parent, root) != "/P":
            return
        child = parent


def _role(element: Dictionary, root: Dictionary) -> str:
    """An element's standard role, through the tree's role map."""
    role = element.get("/S")
    role_map = root.get("/RoleMap")
    for _ in range(8):
        if not isinstance(role_map, Dictionary) or not isinstance(role, Name):
            break
        mapped = role_map.get(role)
        if not isinstance(mapped, Name) or mapped == role:
            break
        role = mapped
    return str(role) if isinstance(role, Name) else ""


def _is(kid: object, element: Dictionary) -> bool:
    if not isinstance(kid, Dictionary):
        return False
    if kid.is_indirect or element.is_indirect:
        return kid.is_indirect and element.is_indirect and kid.objgen == element.objgen
    return bool(kid == element)


def _figure_marks(figure: Dictionary) -> list[tuple[pikepdf.Object, set[int]]] | None:
    """The marked content a figure holds, by page; None if it holds anything else (an
    element, an annotation, content in a form XObject)."""
    kids = figure.get("/K")
    listed = [] if kids is None else list(kids) if isinstance(kids, Array) else [kids]
    by_page: dict[tuple[int, int], tuple[pikepdf.Object, set[int]]] = {}
    for kid in listed:
        page = figure.get("/Pg")
        if isinstance(kid, int):
            mcid = int(kid)
        elif (
            isinstance(kid, Dictionary) and isinstance(kid.get("/MCID"), int) and "/Stm" not in kid
        ):
            mcid = int(kid.MCID)
            page = kid.get("/Pg", page)
        else:
            return None
        if not isinstance(page, Dictionary) or not page.is_indirect:
            return None
        by_page.setdefault(page.objgen, (page, set()))[1].add(mcid)
    return list(by_page.values())


def _artifact_marks(pdf: pikepdf.Pdf, page_object: pikepdf.Object, mcids: set[int]) -> bytes | None:
    """The page's content with its marked-content sequences of `mcids` marked as
    artifacts; None unless each is found once and the page is read whole."""
    page = pikepdf.Page(page_object)
    pdf.get_warnings()  # taken, and so cleared: what follows is this reading's alone
    instructions = list(pikepdf.parse_content_stream(page))
    if pdf.get_warnings():
        return None  # written again, a page qpdf read only in part would lose the rest
    properties = (page.obj.get("/Resources") or Dictionary()).get("/Properties")
    found: list[int] = []
    out: list[Any] = []
    for instruction in instructions:
        if (
            not isinstance(instruction, pikepdf.ContentStreamInlineImage)
            and operator_name(instruction) == "BDC"
            and len(instruction.operands) == 2
        ):
            tag: object = instruction.operands[1]
            if isinstance(tag, Name) and isinstance(properties, Dictionary):
                tag = properties.get(tag)
            mcid = tag.get("/MCID") if isinstance(tag, Dictionary) else None
            if isinstance(mcid, int) and int(mcid) in mcids:
                found.append(int(mcid))
                out.append(
                    pikepdf.ContentStreamInstruction([Name.Artifact], pikepdf.Operator("BMC"))
                )
                continue
        out.append(instruction)
    if sorted(found) != sorted(mcids):
        return None
    return pikepdf.unparse_content_stream(out) if found else b""


def _forget_parents(root: Dictionary, marks: list[tuple[pikepdf.Object, set[int]]]) -> None:
    """Empty the ParentTree entries of marked content that is an artifact now."""
    keys = {
        int(page.StructParents): ids
        for page, ids in marks
        if isinstance(page.get("/StructParents"), int)
    }
    for key, value in _number_tree(root.get("/ParentTree")):
        if key in keys and isinstance(value, Array):
            for mcid in keys[key]:
                if 0 <= mcid < len(value):
                    value[mcid] = None
