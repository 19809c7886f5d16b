"""Form fields drawn into their pages: a pack is a record of what was filled in, not a form.

A field's value shows only through its widget's appearance stream. Forms saved by
LibreOffice, by many web tools and by older Acrobat versions rely on `NeedAppearances`,
asking the reader to draw the values itself; qpdf does not, and pdftotext, a screen reader
and many viewers show nothing. So the missing appearances are made first (qpdf's own
generator, through pikepdf), then every widget's appearance is drawn into its page's
content as a form XObject, where the widget was, and the widget and the form go.

In a tagged PDF the field's /Form element pointed at the widget; it now holds the drawing
itself, as marked content of the page, so the value is read where it was and nothing is
drawn outside the tags.

A text box (a /FreeText annotation: words typed onto the page, which the sanitiser keeps
as markup a reader sees) is drawn into its page the same way: as an annotation its words
are in no structure element (a /Annot element holds the annotation, not its text), so a
screen reader reading the tags never reads them, and on an untagged page the tagging
from the layout (pdf/tagging.py) never sees them. Drawn, they are the page's content: its
element (or a new /P) holds them on a tagged page, the tagging reads them on another.
"""

from __future__ import annotations

import contextlib
import math
import re
from typing import TYPE_CHECKING

from agendapack.pdf.matrix import IDENTITY, Matrix, apply
from agendapack.pdf.opening import entries, is_tagged
from agendapack.pdf.spacing import Spacer

if TYPE_CHECKING:
    import pikepdf

_HIDDEN = 2 | 32  # the Hidden and NoView flags of an annotation


# What is drawn into the page: form fields' widgets, and text boxes.
_DRAWN = ("/Widget", "/FreeText")


def flatten_forms(pdf: pikepdf.Pdf) -> int:
    """Draw every form field's widget and every text box into its page and remove them
    and the form; returns how many were drawn."""
    import pikepdf

    form = pdf.Root.get("/AcroForm")
    needs = form.get("/NeedAppearances") if isinstance(form, pikepdf.Dictionary) else None
    if isinstance(form, pikepdf.Dictionary) and isinstance(needs, bool) and needs:
        with contextlib.suppress(Exception):  # a field qpdf cannot draw keeps what it had
            _values_in_a_plain_font(pdf, form)
            pdf.generate_appearance_streams()
    # a tree of annotations alone is no tagging (`is_tagged`): its pages are tagged from
    # their layout, which an element made here would prevent
    parents = _parent_tree(pdf) if is_tagged(pdf) else {}
    # spaces between an appearance's lines (a list box's options, a signature's lines),
    # so that its structure text reads "D E F", not "DEF"
    spacing = Spacer(pdf)
    drawn = 0
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if not isinstance(annotations, pikepdf.Array):
            continue
        kept = []
        widgets = []
        for annotation in annotations:
            if (
                isinstance(annotation, pikepdf.Dictionary)
                and str(annotation.get("/Subtype")) in _DRAWN
            ):
                widgets.append(annotation)
            else:
                kept.append(annotation)
        if not widgets:
            continue
        drawing = _PageDrawing(pdf, page, parents, spacing)
        for widget in widgets:
            drawn += drawing.draw(widget)
        drawing.finish()
        if kept:
            page.obj.Annots = pikepdf.Array(kept)
        else:
            del page.obj["/Annots"]
    if "/AcroForm" in pdf.Root:
        del pdf.Root["/AcroForm"]
    return drawn


# The font the values of a form left to the reader to draw are drawn in: Helvetica, which
# the pack embeds (its stand-in, Liberation Sans, cut to Windows-1252). The form's own font
# is often a subset holding only the glyphs of its labels (LibreOffice's forms: a space),
# which would draw the values as nothing, and PDF/UA fails a symbolic TrueType font so used.
VALUE_FONT = "/APHelv"
_DA_FONT = re.compile(r"/[^\s/\[\]()<>{}%]*\s+([-+]?[\d.]+)\s+Tf")
_DRAWN_BY_QPDF = ("/Tx", "/Ch")  # the fields whose appearances qpdf makes
# The names of the fields' drawings in a page's resources: /APField0, /APField1...
FIELD_DRAWING = "/APField"


def _values_in_a_plain_font(pdf: pikepdf.Pdf, form: pikepdf.Dictionary) -> None:
    """Have qpdf draw text and choice fields' values in `VALUE_FONT`: their default
    appearance strings name it, and the form's resources hold it."""
    import pikepdf

    resources = form.get("/DR")
    if not isinstance(resources, pikepdf.Dictionary):
        resources = form.DR = pikepdf.Dictionary()
    fonts = resources.get("/Font")
    if not isinstance(fonts, pikepdf.Dictionary):
        fonts = resources.Font = pikepdf.Dictionary()
    fonts[VALUE_FONT] = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    pending: list[tuple[pikepdf.Object, pikepdf.Object | None]] = [
        (field, None) for field in form.get("/Fields", pikepdf.Array())
    ]
    seen: set[tuple[int, int]] = set()
    while pending:
        field, inherited = pending.pop()
        if not isinstance(field, pikepdf.Dictionary):
            continue
        if field.is_indirect:
            if field.objgen in seen:
                continue
            seen.add(field.objgen)
        kind = field.get("/FT", inherited)
        appearance = field.get("/DA")
        if kind in _DRAWN_BY_QPDF and isinstance(appearance, pikepdf.String):
            field.DA = pikepdf.String(_DA_FONT.sub(rf"{VALUE_FONT} \1 Tf", str(appearance)))
        pending.extend((kid, kind) for kid in field.get("/Kids", pikepdf.Array()))
    appearance = form.get("/DA")
    if isinstance(appearance, pikepdf.String):
        form.DA = pikepdf.String(_DA_FONT.sub(rf"{VALUE_FONT} \1 Tf", str(appearance)))


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    """The structure tree's parent tree, by key: the element of an annotation with a
    /StructParent, the array of elements by MCID of a page's content."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, pikepdf.Dictionary):
        return {}
    found: dict[int, pikepdf.Object] = {}
    pending = [root.get("/ParentTree")]
    seen = 0
    while pending and seen < 10_000:
        node = pending.pop()
        seen += 1
        if not isinstance(node, pikepdf.Dictionary):
            continue
        nums = node.get("/Nums")
        if isinstance(nums, pikepdf.Array):
            for index in range(0, len(nums) - 1, 2):
                if isinstance(nums[index], int):
                    found[int(nums[index])] = nums[index + 1]
        kids = node.get("/Kids")
        if isinstance(kids, pikepdf.Array):
            pending.extend(kids)
    return found


class _PageDrawing:
    """The appearances drawn into one page, as one content stream appended to it."""

    def __init__(
        self,
        pdf: pikepdf.Pdf,
        page: pikepdf.Page,
        parents: dict[int, pikepdf.Object],
        spacing: Spacer,
    ) -> None:
        self.pdf = pdf
        self.page = page
        self.parents = parents
        self.spacing = spacing
        self.operators: list[bytes] = []
        self.mcids: pikepdf.Object | None = None  # the page's entry in the parent tree
        key = page.obj.get("/StructParents")
        if isinstance(key, int) and int(key) in parents:
            self.mcids = parents[int(key)]
        elif key is None:
            self.mcids = self._numbered()
        self.next_mcid = _next_mcid(self.mcids)

    def _numbered(self) -> pikepdf.Object | None:
        """A tagged PDF's page whose own content is not tagged (pdf.js's form tests, a
        tool that tags only the fields) is given its place in the parent tree, so that
        the fields drawn into it can be tagged as their elements."""
        import pikepdf

        root = self.pdf.Root.get("/StructTreeRoot")
        tree = root.get("/ParentTree") if isinstance(root, pikepdf.Dictionary) else None
        nums = tree.get("/Nums") if isinstance(tree, pikepdf.Dictionary) else None
        if not isinstance(nums, pikepdf.Array) or not self.parents:
            return None
        assert isinstance(root, pikepdf.Dictionary)
        next_key = root.get("/ParentTreeNextKey")
        key = max(max(self.parents) + 1, int(next_key) if isinstance(next_key, int) else 0)
        mcids = self.pdf.make_indirect(pikepdf.Array())
        nums.append(key)  # the largest key, last: the tree stays in order
        nums.append(mcids)
        root.ParentTreeNextKey = key + 1
        self.page.obj.StructParents = key
        self.parents[key] = mcids
        return mcids

    def draw(self, widget: pikepdf.Dictionary) -> int:
        import pikepdf

        appearance = _appearance(widget)
        flags = widget.get("/F", 0)
        if appearance is None or (isinstance(flags, int) and int(flags) & _HIDDEN):
            self._forget(widget)
            return 0
        rect = _box(widget.get("/Rect"))
        bbox = _box(appearance.get("/BBox"))
        if rect is None or bbox is None:
            self._forget(widget)
            return 0
        matrix = _fitting(bbox, appearance.get("/Matrix"), rect)
        if matrix is None:
            self._forget(widget)
            return 0
        if appearance.get("/Type") is None:
            appearance.Type = pikepdf.Name.XObject
        if appearance.get("/Subtype") is None:
            appearance.Subtype = pikepdf.Name.Form
        self.spacing.apply(appearance)
        name = self._resource(appearance)
        numbers = " ".join(f"{v:.6f}".rstrip("0").rstrip(".") for v in matrix)
        draw = f"q {numbers} cm {name} Do Q".encode()
        element = self._element(widget)
        if element is not None:
            mcid = self.next_mcid
            self.next_mcid += 1
            tag = b"Form" if widget.get("/Subtype") == pikepdf.Name.Widget else b"P"
            draw = b"/%s <</MCID %d>> BDC " % (tag, mcid) + draw + b" EMC"
            self._mark(element, widget, mcid)
        else:
            self._forget(widget)
        self.operators.append(draw)
        return 1

    def _resource(self, appearance: pikepdf.Stream) -> str:
        import pikepdf

        resources = self.page.obj.get("/Resources")
        if not isinstance(resources, pikepdf.Dictionary):
            resources = self.page.obj.Resources = pikepdf.Dictionary()
        xobjects = resources.get("/XObject")
        if not isinstance(xobjects, pikepdf.Dictionary):
            xobjects = resources.XObject = pikepdf.Dictionary()
        number = 0
        while f"{FIELD_DRAWING}{number}" in xobjects:
            number += 1
        name = f"{FIELD_DRAWING}{number}"
        xobjects[name] = (
            appearance if appearance.is_indirect else self.pdf.make_indirect(appearance)
        )
        return name

    def _element(self, widget: pikepdf.Dictionary) -> pikepdf.Object | None:
        """The structure element the drawing goes in: the field's own, or in a tagged PDF
        whose field had none, a new one at the top of the tree (drawn outside the tags,
        its value would be skipped by a screen reader and fail PDF/UA). None for an
        untagged PDF, or a page the tree cannot number."""
        import pikepdf

        if not isinstance(self.mcids, pikepdf.Array):
            return None
        key = widget.get("/StructParent")
        element = self.parents.get(int(key)) if isinstance(key, int) else None
        if isinstance(element, pikepdf.Dictionary):
            return element
        root = self.pdf.Root.get("/StructTreeRoot")
        if not isinstance(root, pikepdf.Dictionary):
            return None
        top = root.get("/K")
        if isinstance(top, pikepdf.Array):
            top = next((k for k in top if isinstance(k, pikepdf.Dictionary)), None)
        parent = top if isinstance(top, pikepdf.Dictionary) and top.is_indirect else None
        if parent is None:
            return None
        # a text box is a paragraph; a field, a division holding its drawing
        role = pikepdf.Name.Div if widget.get("/Subtype") == pikepdf.Name.Widget else pikepdf.Name.P
        element = self.pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=role, P=parent)
        )
        kids = parent.get("/K")
        if isinstance(kids, pikepdf.Array):
            kids.append(element)
        elif kids is None:
            parent.K = pikepdf.Array([element])
        else:
            parent.K = pikepdf.Array([kids, element])
        return element

    def _mark(self, element: pikepdf.Object, widget: pikepdf.Dictionary, mcid: int) -> None:
        """The element that held the widget holds the drawing, by its MCID, instead: no
        longer a /Form, which PDF/UA holds to one widget, but a plain division; nor an
        /Annot, which it holds to an annotation, but the text box's paragraph."""
        import pikepdf

        if element.get("/S") == pikepdf.Name.Form:
            element.S = pikepdf.Name.Div
        elif element.get("/S") == pikepdf.Name.Annot:
            element.S = pikepdf.Name.P

        reference = pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=self.page.obj, MCID=mcid)
        kids = element.get("/K")
        if isinstance(kids, pikepdf.Array):
            replaced = pikepdf.Array(
                [reference if _refers_to(kid, widget) else kid for kid in kids]
            )
            if not any(_refers_to(kid, widget) for kid in kids):
                replaced.append(reference)
            element.K = replaced
        elif kids is None or _refers_to(kids, widget):
            element.K = reference
        else:
            element.K = pikepdf.Array([kids, reference])
        assert isinstance(self.mcids, pikepdf.Array)
        while len(self.mcids) < mcid:
            self.mcids.append(None)  # MCIDs no content uses
        self.mcids.append(element)

    def _forget(self, widget: pikepdf.Dictionary) -> None:
        """A widget not drawn (hidden, or with nothing to draw) leaves no reference to
        itself in the structure tree."""
        import pikepdf

        key = widget.get("/StructParent")
        element = self.parents.get(int(key)) if isinstance(key, int) else None
        if not isinstance(element, pikepdf.Dictionary):
            return
        kids = element.get("/K")
        if isinstance(kids, pikepdf.Array):
            element.K = pikepdf.Array([k for k in kids if not _refers_to(k, widget)])
        elif _refers_to(kids, widget):
            del element["/K"]
        if element.get("/S") == pikepdf.Name.Form:  # PDF/UA holds a /Form to its widget
            element.S = pikepdf.Name.Div
        elif element.get("/S") == pikepdf.Name.Annot:  # and an /Annot to its annotation
            element.S = pikepdf.Name.Span

    def finish(self) -> None:
        if self.operators:
            # the page's content is saved and restored round it: the drawing starts from
            # the page's plain coordinate space whatever the content left behind
            self.page.contents_add(self.pdf.make_stream(b"q\n"), prepend=True)
            body = b"\nQ\n" + b"\n".join(self.operators) + b"\n"
            self.page.contents_add(self.pdf.make_stream(body))


def _refers_to(kid: object, widget: pikepdf.Dictionary) -> bool:
    import pikepdf

    if not isinstance(kid, pikepdf.Dictionary) or kid.get("/Type") != pikepdf.Name.OBJR:
        return False
    target = kid.get("/Obj")
    return (
        isinstance(target, pikepdf.Dictionary)
        and target.is_indirect
        and widget.is_indirect
        and target.objgen == widget.objgen
    )


def _next_mcid(mcids: pikepdf.Object | None) -> int:
    import pikepdf

    return len(mcids) if isinstance(mcids, pikepdf.Array) else 0


def _appearance(widget: pikepdf.Dictionary) -> pikepdf.Stream | None:
    """The widget's normal appearance, in its state (/AS) when it has several."""
    import pikepdf

    appearances = widget.get("/AP")
    if not isinstance(appearances, pikepdf.Dictionary):
        return None
    normal = appearances.get("/N")
    if isinstance(normal, pikepdf.Stream):
        return normal
    if isinstance(normal, pikepdf.Dictionary):
        state = widget.get("/AS")
        if isinstance(state, pikepdf.Name):
            for key, value in entries(normal):
                if key == str(state) and isinstance(value, pikepdf.Stream):
                    return value
    return None


def _box(value: object) -> tuple[float, float, float, float] | None:
    import pikepdf

    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _fitting(
    bbox: tuple[float, float, float, float], matrix: object, rect: tuple[float, ...]
) -> Matrix | None:
    """The transform that draws an appearance into the annotation's rectangle, as PDF's
    algorithm for annotations does: its box through its own matrix, then that box
    scaled and moved onto the rectangle."""
    import pikepdf

    form: Matrix = IDENTITY
    if isinstance(matrix, pikepdf.Array) and len(matrix) == 6:
        try:
            a, b, c, d, e, f = (float(v) for v in matrix)
            form = (a, b, c, d, e, f)
        except (TypeError, ValueError):
            pass
    corners = [
        apply(form, x, y)
        for x, y in ((bbox[0], bbox[1]), (bbox[0], bbox[3]), (bbox[2], bbox[1]), (bbox[2], bbox[3]))
    ]
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    if width <= 0 or height <= 0:
        return None
    sx = (rect[2] - rect[0]) / width
    sy = (rect[3] - rect[1]) / height
    # the form's own matrix is applied by the Do; this one maps its transformed box
    return (sx, 0.0, 0.0, sy, rect[0] - min(xs) * sx, rect[1] - min(ys) * sy)
