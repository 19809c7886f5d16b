"""PDFs that carry everything a public copy must leave out, made with pikepdf, and a walk
over every object of a PDF to prove it is gone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

KEPT_TEXT = "KEPT-BODY-TEXT of the appendix"
KEPT_URI = "https://www.example.gov.uk/kept-link"
# A distinct marker in each place that must not reach a public file.
MARKERS = {
    "author": "AUTHOR-MARKER-Jane-Doe",
    "title": "ORIGINAL-TITLE-MARKER",
    "xmp": "XMP-MARKER-creator",
    "script": "SCRIPT-MARKER",
    "attachment": "ATTACHMENT-MARKER-payload",
    "attachment name": "attachment-marker-name.txt",
    "note": "STICKY-NOTE-MARKER",
    "reviewer": "REVIEWER-MARKER-name",
    "highlight note": "HIGHLIGHT-NOTE-MARKER",
    "launch": "LAUNCH-MARKER.exe",
}
FORBIDDEN_NAMES = {
    "/JS",
    "/JavaScript",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/FileAttachment",
    "/OpenAction",
    "/AA",
    "/Popup",
}


def _page(pdf: pikepdf.Pdf, text: str) -> pikepdf.Page:
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())
    return page


def _annotation(pdf: pikepdf.Pdf, rect: list[int], **entries) -> pikepdf.Object:
    return pdf.make_indirect(Dictionary(Type=Name.Annot, Rect=Array(rect), **entries))


def _javascript(code: str) -> Dictionary:
    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code))


def hostile_pdf(path: Path) -> Path:
    """Two pages of text with a web link, a link to page 2, a highlight, and everything a
    public copy must not carry."""
    pdf = pikepdf.new()
    first = _page(pdf, KEPT_TEXT)
    second = _page(pdf, "Second page of the appendix")
    script = f"app.alert('{MARKERS['script']}');"

    pdf.Root.OpenAction = _javascript(script)
    pdf.Root.AA = Dictionary(WC=_javascript(script))
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("init"), pdf.make_indirect(_javascript(script))]))
    )
    pdf.attachments[MARKERS["attachment name"]] = pikepdf.AttachedFileSpec(
        pdf, MARKERS["attachment"].encode(), filename=MARKERS["attachment name"]
    )
    first.obj.AA = Dictionary(O=_javascript(script))

    attached = pikepdf.AttachedFileSpec(
        pdf, MARKERS["attachment"].encode(), filename=MARKERS["attachment name"]
    )
    popup = _annotation(pdf, [300, 500, 450, 600], Subtype=Name.Popup, Open=False)
    note = _annotation(
        pdf,
        [72, 600, 92, 620],
        Subtype=Name.Text,
        Contents=String(MARKERS["note"]),
        T=String(MARKERS["reviewer"]),
        Popup=popup,
    )
    popup.Parent = note
    highlight_popup = _annotation(pdf, [300, 400, 450, 500], Subtype=Name.Popup)
    highlight = _annotation(
        pdf,
        [70, 715, 300, 735],
        Subtype=Name.Highlight,
        QuadPoints=Array([70, 735, 300, 735, 70, 715, 300, 715]),
        C=Array([1, 1, 0]),
        Contents=String(MARKERS["highlight note"]),
        T=String(MARKERS["reviewer"]),
        Popup=highlight_popup,
    )
    highlight_popup.Parent = highlight
    first.obj.Annots = Array(
        [
            _annotation(
                pdf,
                [72, 700, 300, 712],
                Subtype=Name.Link,
                A=Dictionary(S=Name.URI, URI=String(KEPT_URI)),
                Border=Array([0, 0, 0]),
            ),
            _annotation(
                pdf,
                [72, 680, 300, 692],
                Subtype=Name.Link,
                A=Dictionary(S=Name.GoTo, D=Array([second.obj, Name.Fit])),
            ),
            _annotation(
                pdf,
                [72, 660, 300, 672],
                Subtype=Name.Link,
                A=Dictionary(S=Name.Launch, F=String(MARKERS["launch"])),
            ),
            _annotation(
                pdf,
                [72, 640, 300, 652],
                Subtype=Name.Link,
                A=Dictionary(S=Name.URI, URI=String(f"javascript:{script}")),
            ),
            _annotation(
                pdf,
                [72, 620, 300, 632],
                Subtype=Name.Link,
                # a web link that runs a script after it
                A=Dictionary(S=Name.URI, URI=String(KEPT_URI), Next=_javascript(script)),
            ),
            _annotation(
                pdf,
                [400, 700, 420, 720],
                Subtype=Name.FileAttachment,
                FS=attached.obj,
                Contents=String(MARKERS["attachment name"]),
            ),
            note,
            popup,
            highlight,
            highlight_popup,
        ]
    )
    outline = pdf.make_indirect(Dictionary(Type=Name.Outlines))
    to_second = Array([second.obj, Name.Fit])
    kept = pdf.make_indirect(
        Dictionary(Title=String("Kept bookmark"), Parent=outline, Dest=to_second)
    )
    scripted = pdf.make_indirect(
        Dictionary(Title=String("Scripted bookmark"), Parent=outline, A=_javascript(script))
    )
    kept.Next, scripted.Prev = scripted, kept
    outline.First, outline.Last, outline.Count = kept, scripted, 2
    pdf.Root.Outlines = outline

    pdf.docinfo["/Author"] = MARKERS["author"]
    pdf.docinfo["/Title"] = MARKERS["title"]
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp["dc:creator"] = [MARKERS["xmp"]]
        xmp["dc:title"] = MARKERS["title"]
    pdf.save(path)
    return path


def _strings(obj: pikepdf.Object, seen: set) -> Iterator[str]:
    """Every string, name and decoded stream in `obj` and what it refers to."""
    stack = [obj]
    while stack:
        current = stack.pop()
        if isinstance(current, pikepdf.Object) and current.is_indirect:
            if current.objgen in seen:
                continue
            seen.add(current.objgen)
        if isinstance(current, pikepdf.String):
            yield bytes(current).decode("latin-1")
        elif isinstance(current, pikepdf.Name):
            yield str(current)
        elif isinstance(current, pikepdf.Array):
            stack.extend(current)
        elif isinstance(current, (pikepdf.Dictionary, pikepdf.Stream)):
            if isinstance(current, pikepdf.Stream):
                try:
                    yield current.read_bytes().decode("latin-1")
                except pikepdf.PdfError:  # an image filter qpdf cannot decode: raw is fine
                    yield current.read_raw_bytes().decode("latin-1")
            for key in list(current.keys()):
                yield key
                stack.append(current.get(key))


def everything(path: Path) -> list[str]:
    """Every key, name, string and stream of every object in the file, as text."""
    with pikepdf.open(path) as pdf:
        seen: set = set()
        found = list(_strings(pdf.trailer, seen))
        for obj in pdf.objects:  # unreferenced objects too: a file carries what it holds
            found.extend(_strings(obj, seen))
        return found


def left_in(path: Path) -> list[str]:
    """What of the hostile PDF is still in `path`: markers and forbidden names."""
    found = everything(path)
    names = sorted({t for t in found if t in FORBIDDEN_NAMES})
    markers = sorted({m for m in MARKERS.values() for t in found if m in t})
    return names + markers
