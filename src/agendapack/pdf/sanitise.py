"""Source PDFs made fit to publish: nothing that acts, nothing attached, no one's metadata.

A paper from another body may carry JavaScript, actions that open programs or send form data,
attached files, reviewers' sticky notes and its authors' names. None of that may reach the
public pack or `documents/`. What is kept is decided by a short list of what is safe, not by
a list of what is known to be dangerous: links to web and email addresses and to places in
the same document, bookmarks, form fields drawn into the page as they look (forms.py), visible
markup (highlights, ink, stamps, text boxes) and every page's content, untouched and never
rasterised. Everything else that can act is dropped.

The same walk over the document either counts what it would leave out (for `check`) or
leaves it out (for the build), so the warning and the cleaning cannot disagree.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import logging
import os
import re
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agendapack.errors import DocumentError, Problem
from agendapack.pdf.forms import flatten_forms
from agendapack.pdf.ocr import Outcome, engine_signature, read_scans
from agendapack.pdf.opening import (
    MARKUP_SEEN,
    damaged,
    entries,
    is_tagged,
    open_qpdf,
    quietly,
)
from agendapack.store import current, take_open, write_whole

if TYPE_CHECKING:
    import pikepdf

# pikepdf is imported where it is used: a build or check with nothing to do never needs it.

# qpdf reports what it repaired; a damaged file we cannot use is reported by us instead.
logging.getLogger("pikepdf").setLevel(logging.ERROR)

# Bump when what is removed or kept changes: cleaned copies made by older rules are not reused
# and every meeting is built again.
# 9: a simple font given the ToUnicode CMap its encoding makes (8), and spaces between the
# lines of a flattened field's appearance (words2's 6)
# 10: a ToUnicode CMap's touching hex strings spaced apart
# 11: embedded TrueType programs given the PDF's widths and a (3,1) cmap (pdf/fontprogram.py)
# 12: a ToUnicode CMap's ranges to arrays written as single codes, its codes mapped to no
# character left out (pdf/tounicode.py, plain_cmap); a Type 3 font given the ToUnicode
# its glyph names make; a composite font of glyph numbers the one its program makes
# 13: the clean copy as 12's, but a pack and a paper's own copy in documents/ (keyed by
# this too) embed a standard font in an encoding of its own in a stand-in made for it,
# and every stand-in is the wider cut of Liberation (pdf/fonts.py): meetings built again
# 14: a tagged page of Chrome's given a space where each line wraps (pdf/mend.py,
# space_line_ends)
CLEAN_VERSION = "14"

# Actions that only move the reader: within the document, or to a web or email address.
_SAFE_URI = re.compile(rb"(?i)(https?://|mailto:)")
# Annotations that are comments, attachments or media players: left out whole.
_REMOVED_ANNOTATIONS = {
    "/Text": "comment",  # a sticky note
    "/Popup": None,  # the window of a note; counted with its note
    "/FileAttachment": "attachment",
    "/Sound": "media",
    "/Movie": "media",
    "/Screen": "media",
    "/RichMedia": "media",
    "/3D": "media",
}
# Markup a reader sees on the page: kept, but not the reviewer's name or note behind it.
_MARKUP = {
    "/Highlight",
    "/Underline",
    "/Squiggly",
    "/StrikeOut",
    "/Ink",
    "/FreeText",
    "/Line",
    "/Square",
    "/Circle",
    "/Polygon",
    "/PolyLine",
    "/Stamp",
    "/Caret",
    "/Redact",
}
_REVIEWER_KEYS = ("/T", "/Popup", "/IRT", "/RT", "/Subj", "/CreationDate", "/M")
_NOTE_KEYS = ("/Contents", "/RC")  # a text box shows these on the page: kept there
# Keys that mean one thing wherever they appear, and nothing a reader sees.
_DROPPED_KEYS = (
    "/AA",  # actions on opening, closing, printing, entering a field...: scripts in practice
    "/JS",  # a script
    "/EF",  # the embedded file of a file specification
    "/AF",  # associated (attached) files, PDF 2.0
    "/PieceInfo",  # private data of the program that made it: a whole editable drawing
    "/Metadata",  # XMP of a page, image or font; the document's own is written anew
    "/Thumb",  # a page's thumbnail, which may show the page as it was before an edit
)
_CATALOG_DROPPED = (
    "/OpenAction",
    "/Collection",  # a portfolio: a front page for attached files
    "/SpiderInfo",  # the addresses a web capture came from
    "/Perms",  # usage rights signed for the original bytes
)
_NAMES_DROPPED = ("/JavaScript", "/EmbeddedFiles", "/Renditions", "/AlternatePresentations")
_MAX_CHAIN = 50


@dataclass
class Findings:
    """What a PDF carries that a public copy leaves out (its metadata aside: always)."""

    javascript: int = 0
    launch: int = 0
    other_actions: Counter[str] = field(default_factory=Counter)
    unsafe_links: int = 0
    attachments: int = 0
    comments: int = 0
    media: int = 0
    xfa: bool = False
    portfolio: bool = False  # its attached files are its papers (/Collection)

    def phrases(self) -> list[str]:
        """In plain words, for the officer who has to decide whether that matters."""
        said = []
        if self.javascript:
            said.append("JavaScript")
        if self.xfa:
            said.append("an XFA form (its scripts and data; the fields as drawn stay)")
        if self.launch:
            said.append(
                _count(
                    self.launch,
                    "an action that opens another program (/Launch)",
                    "actions that open another program (/Launch)",
                )
            )
        if self.other_actions:
            kinds = ", ".join(f"/{k}" for k in sorted(self.other_actions))
            said.append(
                _count(
                    sum(self.other_actions.values()),
                    f"an action other than a link ({kinds})",
                    f"actions other than links ({kinds})",
                )
            )
        if self.unsafe_links:
            said.append(
                _count(
                    self.unsafe_links,
                    "a link that is not to a web or email address",
                    "links that are not to web or email addresses",
                )
            )
        if self.attachments and self.portfolio:
            # Acrobat's PDF portfolio: its one page asks for Acrobat to show the papers,
            # which are its attached files; the pack would hold that page alone
            said.append(
                _count(
                    self.attachments,
                    "an attached file, the paper of a PDF portfolio, whose page in the "
                    "pack only asks for Acrobat to show it (save the paper as a PDF of its "
                    "own and list it in the item)",
                    "attached files, the papers of a PDF portfolio, whose page in the pack "
                    "only asks for Acrobat to show them (save each paper as a PDF of its "
                    "own and list them in the item)",
                )
            )
        elif self.attachments:
            said.append(_count(self.attachments, "an attached file", "attached files"))
        if self.comments:
            said.append(_count(self.comments, "a comment", "comments"))
        if self.media:
            said.append(_count(self.media, "a sound, video or 3D item", "sound, video or 3D items"))
        return said


def _count(number: int, one: str, many: str) -> str:
    return one if number == 1 else f"{number} {many}"


class _Walk:
    """One pass over a document: counts what is left out, and leaves it out if `remove`."""

    def __init__(self, pdf: pikepdf.Pdf, remove: bool) -> None:
        self.pdf = pdf
        self.remove = remove
        self.found = Findings()

    def run(self) -> Findings:
        self._pages()
        self._catalog()
        self._objects()
        return self.found

    # -- actions ------------------------------------------------------------------------
    def _kinds(self, action: Any) -> list[str]:
        """The kind of an action and of each one chained after it with /Next."""
        import pikepdf

        kinds = []
        pending, seen = [action], 0
        while pending and seen < _MAX_CHAIN:
            current = pending.pop(0)
            seen += 1
            if not isinstance(current, pikepdf.Dictionary):
                continue
            kind = str(current.get("/S", ""))
            if kind == "/URI":
                uri = current.get("/URI")
                safe = isinstance(uri, pikepdf.String) and _SAFE_URI.match(bytes(uri))
                kind = "/URI" if safe else "unsafe link"
            kinds.append(kind)
            chained = current.get("/Next")
            if isinstance(chained, pikepdf.Array):
                pending.extend(chained)
            elif chained is not None:
                pending.append(chained)
        return kinds

    def _tally(self, kinds: list[str]) -> None:
        for kind in kinds:
            if kind in ("/GoTo", "/URI", ""):
                continue
            if kind == "/JavaScript":
                self.found.javascript += 1
            elif kind == "/Launch":
                self.found.launch += 1
            elif kind == "unsafe link":
                self.found.unsafe_links += 1
            else:
                self.found.other_actions[kind.lstrip("/")] += 1

    def _action_slot(self, holder: Any) -> None:
        """A link's or bookmark's /A: kept when it only moves the reader, else dropped."""
        import pikepdf

        action = holder.get("/A")
        if not isinstance(action, pikepdf.Dictionary) or "/S" not in action:
            return
        kinds = self._kinds(action)
        if kinds and kinds[0] in ("/GoTo", "/URI"):
            self._tally(kinds[1:])
            if self.remove and "/Next" in action:
                del action["/Next"]
        else:
            self._tally(kinds)
            if self.remove:
                del holder["/A"]

    def _additional_actions(self, holder: Any) -> None:
        import pikepdf

        actions = holder.get("/AA")
        if isinstance(actions, pikepdf.Dictionary):
            for key in list(actions.keys()):
                self._tally(self._kinds(actions.get(key)))

    # -- annotations --------------------------------------------------------------------
    def _pages(self) -> None:
        """Count and drop comments, attachments and media from every page's annotations."""
        import pikepdf

        for page in self.pdf.pages:
            annotations = page.obj.get("/Annots")
            if annotations is None:
                continue
            kept = []
            for annotation in annotations if isinstance(annotations, pikepdf.Array) else []:
                if not isinstance(annotation, pikepdf.Dictionary):
                    continue
                subtype = str(annotation.get("/Subtype", ""))
                if subtype in _REMOVED_ANNOTATIONS:
                    kind = _REMOVED_ANNOTATIONS[subtype]
                    if kind == "comment":
                        self.found.comments += 1
                    elif kind == "attachment":
                        self.found.attachments += 1
                    elif kind == "media":
                        self.found.media += 1
                    continue
                if subtype in _MARKUP and subtype != "/FreeText" and _has_note(annotation, subtype):
                    self.found.comments += 1  # a note typed behind a highlight
                kept.append(annotation)
            if self.remove:
                if kept:
                    page.obj["/Annots"] = pikepdf.Array(kept)
                else:
                    del page.obj["/Annots"]

    def _annotation(self, annotation: Any, subtype: str) -> None:
        """Wherever an annotation is reachable from (a page, the structure tree), leave out
        what a public copy does not carry."""
        if subtype in _REMOVED_ANNOTATIONS:
            for key in list(annotation.keys()):
                del annotation[key]
        elif subtype in _MARKUP:
            keys = _REVIEWER_KEYS if subtype == "/FreeText" else _REVIEWER_KEYS + _NOTE_KEYS
            for key in keys:
                if key in annotation:
                    del annotation[key]
            if "/Contents" not in annotation:
                import pikepdf

                # PDF/UA reads an annotation's /Contents as its alternative text: the
                # reviewer's note goes, and what a reader sees is said in its place
                annotation.Contents = pikepdf.String(MARKUP_SEEN.get(subtype, "Mark"))

    # -- the document -------------------------------------------------------------------
    def _catalog(self) -> None:
        import pikepdf

        root = self.pdf.Root
        opening = root.get("/OpenAction")
        if isinstance(opening, pikepdf.Dictionary):
            self._tally(self._kinds(opening))  # a page to open at is no action: not counted
        names = root.get("/Names")
        if isinstance(names, pikepdf.Dictionary):
            if "/JavaScript" in names:
                self.found.javascript += 1
            if "/EmbeddedFiles" in names:
                with contextlib.suppress(Exception):  # a broken tree is removed all the same
                    self.found.attachments += len(self.pdf.attachments)
            if self.remove:
                for key in _NAMES_DROPPED:
                    if key in names:
                        del names[key]
                if not names.keys():
                    del root["/Names"]
        self.found.portfolio = "/Collection" in root
        form = root.get("/AcroForm")
        if isinstance(form, pikepdf.Dictionary):
            self.found.xfa = "/XFA" in form
            if self.remove:
                for key in ("/XFA", "/CO"):  # CO: the order calculation scripts run in
                    if key in form:
                        del form[key]
        if self.remove:
            for key in _CATALOG_DROPPED:
                if key in root:
                    del root[key]

    def _objects(self) -> None:
        """Every dictionary in the file, direct or not: actions and keys anywhere."""
        import pikepdf

        containers = (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)
        for top in self.pdf.objects:
            if not isinstance(top, containers):
                continue
            stack = [top]
            while stack:
                current = stack.pop()
                if isinstance(current, pikepdf.Array):
                    stack.extend(
                        c for c in current if isinstance(c, containers) and not c.is_indirect
                    )
                    continue
                self._dictionary(current)
                for _, child in entries(current):
                    if isinstance(child, containers) and not child.is_indirect:
                        stack.append(child)

    def _dictionary(self, current: Any) -> None:
        if "/A" in current:
            self._action_slot(current)
        if "/AA" in current:
            self._additional_actions(current)
        if not self.remove:
            return
        if "/Rect" in current and "/Subtype" in current:
            self._annotation(current, str(current.get("/Subtype")))
        elif (
            "/FontDescriptor" in current
            or (
                "/BaseFont" in current
                and current.get("/Subtype") in ("/Type1", "/TrueType", "/Type0")
            )
            or (current.get("/Subtype") == "/Type3" and "/CharProcs" in current)
        ):  # a font: a standard one may have no descriptor, a composite one and a Type 3
            # one (Ghostscript's) none
            _mend_font(self.pdf, current)
        for key in _DROPPED_KEYS:
            if key in current:
                del current[key]


def _mend_font(pdf: pikepdf.Pdf, font: Any) -> None:
    """What PDF/UA-1 fails in a font that no author need mend: the list of the CIDs a
    subset holds (/CIDSet), optional (ISO 32000-1, Table 124) and often incomplete, which
    no reader needs to draw or read the text; and a TrueType CID font's /CIDToGIDMap left
    out, said as the /Identity a reader takes it for (Table 117). A Type 1 font's /CharSet
    stays: its glyph names are how a reader maps a symbolic font's codes to Unicode, and
    PDF/UA-1 fails such a font without one. A simple font without a ToUnicode CMap whose
    encoding names its codes is given the one they make, and a ToUnicode CMap whose hex
    strings touch is written with spaces between them, its ranges to arrays as single
    codes, and without codes mapped to no character (pdf/tounicode.py)."""
    import pikepdf

    from agendapack.pdf.tounicode import add_to_unicode, plain_cmap, space_cmap

    add_to_unicode(pdf, font)
    space_cmap(font)
    plain_cmap(font)
    descriptor = font.get("/FontDescriptor")
    if isinstance(descriptor, pikepdf.Dictionary) and "/CIDSet" in descriptor:
        del descriptor["/CIDSet"]
    if font.get("/Subtype") == "/CIDFontType2" and "/CIDToGIDMap" not in font:
        font.CIDToGIDMap = pikepdf.Name.Identity


def _has_note(annotation: Any, subtype: str) -> bool:
    """Whether a markup annotation carries a note: text of its own, not what a clean copy
    says it shows (`MARKUP_SEEN`, its alternative text)."""
    contents = annotation.get("/Contents")
    text = str(contents).strip() if contents is not None else ""
    return bool(text and text != MARKUP_SEEN.get(subtype, "Mark")) or "/RC" in annotation


# -- metadata ---------------------------------------------------------------------------

_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
{descriptions} </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>
"""
_TITLE = """  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{}</rdf:li></rdf:Alt></dc:title>
  </rdf:Description>
"""
_PDFA = """  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>{}</pdfaid:part>{}
  </rdf:Description>
"""
_PDFUA = """  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <pdfuaid:part>{}</pdfuaid:part>
  </rdf:Description>
"""
# PDF/A knows only its own schemas: a PDF/A file that says it is PDF/UA too declares that one.
_PDFUA_SCHEMA = """  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>PDF/UA version identifier</pdfaProperty:description>
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
"""


def _claim(xmp: bytes, name: bytes) -> str | None:
    """The value of a conformance claim (pdfaid:part...) in XMP, as attribute or element."""
    found = re.search(rb"%s\s*(?:=\s*[\"']|>)\s*([0-9A-Za-z])" % re.escape(name), xmp)
    return found[1].decode() if found else None


def new_metadata(title: str | None, old_xmp: bytes) -> bytes | None:
    """XMP saying only the agenda's title for the paper and which standards it meets
    (PDF/A, PDF/UA): none of its authors, tools or dates."""
    from xml.sax.saxutils import escape

    descriptions = _TITLE.format(escape(title)) if title else ""
    pdfa, level = _claim(old_xmp, b"pdfaid:part"), _claim(old_xmp, b"pdfaid:conformance")
    pdfua = _claim(old_xmp, b"pdfuaid:part")
    if pdfa:
        conformance = (
            f"\n   <pdfaid:conformance>{level.upper()}</pdfaid:conformance>" if level else ""
        )
        descriptions += _PDFA.format(pdfa, conformance)
    if pdfua:
        descriptions += (_PDFUA_SCHEMA if pdfa else "") + _PDFUA.format(pdfua)
    return _XMP.format(descriptions=descriptions).encode() if descriptions else None


def _old_metadata(pdf: pikepdf.Pdf) -> bytes:
    import pikepdf

    old = pdf.Root.get("/Metadata")
    if isinstance(old, pikepdf.Stream):
        with contextlib.suppress(Exception):  # unreadable XMP claims nothing
            return old.read_bytes()
    return b""


def _replace_metadata(pdf: pikepdf.Pdf, title: str | None, old_xmp: bytes) -> None:
    import pikepdf

    # /Info, /ID (the original's, and so its identity) and any other key that a program
    # put there: LibreOffice's /DocChecksum changes with the time of every conversion.
    for key in list(pdf.trailer.keys()):
        if key not in ("/Root", "/Size", "/Encrypt", "/Prev", "/XRefStm"):
            del pdf.trailer[key]
    if "/Metadata" in pdf.Root:
        del pdf.Root["/Metadata"]
    if title:
        pdf.trailer["/Info"] = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(title)))
        # a reader's window then names the paper as the agenda does, not by its file name
        preferences = pdf.Root.get("/ViewerPreferences")
        if not isinstance(preferences, pikepdf.Dictionary):
            preferences = pdf.Root["/ViewerPreferences"] = pikepdf.Dictionary()
        preferences["/DisplayDocTitle"] = True
    xmp = new_metadata(title, old_xmp)
    if xmp:
        pdf.Root["/Metadata"] = pdf.make_stream(
            xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML
        )


# -- files ------------------------------------------------------------------------------


def unapplied_redactions(pdf: pikepdf.Pdf, shown_as: str) -> int:
    """How many redaction marks the PDF has that were never applied: a /Redact annotation
    only says what is to be removed; until it is applied, the text and images under it are
    still in the file, for anyone to copy. Raises DocumentError when qpdf opened the file
    but cannot follow its pages' annotations."""
    import pikepdf

    try:
        return sum(
            1
            for page in pdf.pages
            for annotation in page.obj.get("/Annots", pikepdf.Array())
            if isinstance(annotation, pikepdf.Dictionary)
            and annotation.get("/Subtype") == pikepdf.Name.Redact
        )
    except Exception as exc:  # qpdf opened it but cannot follow its objects
        raise damaged(shown_as) from exc


def hostile_features(path: Path, shown_as: str = "") -> list[str]:
    """What a public copy of the PDF leaves out, in plain words ("JavaScript", "2 attached
    files"); empty when nothing but its metadata. Raises DocumentError like `open_qpdf`."""
    return list(_inspect(path, shown_as)[0])


def is_tagged_pdf(path: Path, shown_as: str = "") -> bool:
    """Whether the PDF has a structure tree (a screen reader can read it in order), as the
    pack's collation decides it. Raises DocumentError like `open_qpdf`."""
    return _inspect(path, shown_as)[1]


@quietly
def _inspect(path: Path, shown_as: str) -> tuple[list[str], bool]:
    """What `hostile_features` and `is_tagged_pdf` say, from one opening of the file (the
    check's own, when it has just opened it: see `inspect_opened`)."""
    signature = _signature(path)
    known = current().features.get(str(path.resolve()))
    if known and known[:5] == signature and len(known) == 7:
        return list(known[5]), bool(known[6])
    # only for a file not seen before: a build with nothing to do opens none
    with open_qpdf(path, shown_as or str(path)) as pdf:
        return inspect_opened(pdf, path, shown_as)


def inspect_opened(pdf: pikepdf.Pdf, path: Path, shown_as: str) -> tuple[list[str], bool]:
    """What `_inspect` says of a PDF already opened, remembered for the file: the check
    opens a paper once for every question it asks of it."""
    try:
        phrases = _Walk(pdf, remove=False).run().phrases()
        tagged = is_tagged(pdf)
    except Exception as exc:  # qpdf opened it but cannot follow its objects
        raise damaged(shown_as or str(path)) from exc
    # what `check` found is remembered between runs (build/.cache/): most papers do not
    # change between runs, and a check with nothing new opens none
    current().features.put(str(path.resolve()), [*_signature(path), phrases, tagged])
    return phrases, tagged


# Bump when what `_inspect` says of a file changes (its phrases), where its clean copy does
# not: 2, a PDF portfolio's papers named as such.
_FEATURES_VERSION = 2


def _signature(path: Path) -> list[Any]:
    status = path.stat()
    # the inode too: a file changed in place with its old size and modification time
    return [
        f"{CLEAN_VERSION}.{_FEATURES_VERSION}",
        status.st_mtime_ns,
        status.st_size,
        status.st_ctime_ns,
        status.st_ino,
    ]


@quietly
def clean_pdf(
    source: Path,
    target: Path,
    shown_as: str,
    title: str | None = None,
    scans: Path | None = None,
    fonts_known: bool = False,
    hidden_words: Callable[[list[int]], Problem] | None = None,
) -> Outcome:
    """Write to `target` a copy of `source` without what `hostile_features` names, nor its
    document information or XMP; titled `title` when given; its scanned pages read by OCR
    when given `scans`, the cache of readings (pdf/ocr.py); its embedded TrueType
    programs made to agree with their fonts (pdf/fontprogram.py) unless `fonts_known`.
    With `hidden_words`, refused (DocumentError, the problem it makes of the pages) if
    words are hidden under black boxes (pdf/blackout.py): a Word paper's shape drawn over
    them, which only its PDF shows where. The same source, title and readings give the
    same bytes."""
    from agendapack.pdf.fontprogram import mend_font_programs  # pikepdf, and fontTools
    from agendapack.pdf.mend import space_line_ends

    outcome = Outcome()
    # pikepdf warns about what it repaired (a page copied twice, say): the clean copy is
    # good, and a build prints problems as lines of its own, never Python's warnings
    # the check's or the converter's opening of it, where this run has one (no second parse)
    opened = take_open(source) or open_qpdf(source, shown_as)
    with opened as pdf, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if hidden_words is not None:
                from agendapack.pdf.blackout import hidden_pages

                pages = hidden_pages(pdf)
                if pages:
                    raise DocumentError(hidden_words(pages))
            old_xmp = _old_metadata(pdf)
            _Walk(pdf, remove=True).run()
            flatten_forms(pdf)  # the values as filled in, drawn: a pack is no form
            space_line_ends(pdf)  # Chrome's lines read apart in the structure
            if not fonts_known:  # before OCR: its invisible text's font is our own
                mend_font_programs(pdf)
            if scans is not None:
                outcome = read_scans(pdf, scans, shown_as)
            _replace_metadata(pdf, title, old_xmp)
            # Saved in memory and written by Python: qpdf's own writer turns a full disk
            # into an abort of the whole process, not an error the build can report.
            buffer = io.BytesIO()
            pdf.save(
                buffer,
                deterministic_id=True,  # an /ID from the content, not the clock
                fix_metadata_version=False,  # pikepdf would rewrite the XMP with its own name
                encryption=False,  # an owner password's restrictions go, as in the pack
            )
        except DocumentError:
            raise
        except Exception as exc:
            raise damaged(shown_as) from exc
    target.write_bytes(buffer.getvalue())
    return outcome


# in the key of a clean copy made with `hidden_words` (bump when pdf/blackout.py finds
# more): the clean copies of supplied PDFs, asked at `check`, are not made again
_BOXES_LOOKED_AT = "\0boxes 1"


@functools.cache
def _pikepdf_version() -> str:
    from importlib import metadata

    return metadata.version("pikepdf")  # read from its METADATA file: once, not per paper


def cleaned(
    source: Path,
    cache: Path,
    shown_as: str,
    title: str | None = None,
    *,
    scans: Path | None = None,
    warnings: list[Problem] | None = None,
    made_by_libreoffice: bool = False,
    hidden_words: Callable[[list[int]], Problem] | None = None,
) -> Path:
    """A clean copy of `source`, made once and kept in `cache` under a name drawn from its
    content, its title and the rules that cleaned it. With `scans` (the cache of OCR
    readings), its scanned pages are read, and what could not be is added to `warnings`
    each time the copy is asked for. `made_by_libreoffice`: a PDF agendapack's own
    LibreOffice exported, whose font programs are LibreOffice's subsets of the fonts it
    laid the page out with, widths and encodings agreeing (the example pack passes PDF/UA-1
    whole): not read again with fontTools, a fifth of a report's cleaning. `hidden_words`:
    as `clean_pdf` takes it; a copy made without that question is not used for one asked
    it."""
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    reader = engine_signature() if scans is not None else ""
    key = hashlib.sha256(
        f"{CLEAN_VERSION}\0{_pikepdf_version()}\0{title or ''}\0{digest.hexdigest()}"
        f"\0{reader}\0{made_by_libreoffice}{_BOXES_LOOKED_AT * (hidden_words is not None)}".encode()
    ).hexdigest()
    target = cache / f"{key}.pdf"
    # what OCR could not read, said again whenever the copy is used
    said = cache / f"{key}.json"
    if target.is_file():
        problems, again = _said(said)
        if not again:
            if warnings is not None:
                warnings.extend(problems)
            return target
    cache.mkdir(parents=True, exist_ok=True)
    temporary = cache / f".{key}.{os.getpid()}.tmp"
    try:
        outcome = clean_pdf(
            source, temporary, shown_as, title, scans, made_by_libreoffice, hidden_words
        )
        if outcome.problems:
            told = [[p.path, p.message, p.advice] for p in outcome.problems]
            write_whole(said, json.dumps({"problems": told, "again": outcome.again}).encode())
        else:
            with contextlib.suppress(FileNotFoundError):
                said.unlink()
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    if warnings is not None:
        warnings.extend(outcome.problems)
    return target


def _said(path: Path) -> tuple[list[Problem], bool]:
    """What is told of a clean copy, kept beside it, and whether to read its scans again."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        told = [
            Problem.warning(p, message, advice=advice) for p, message, advice in record["problems"]
        ]
        return told, bool(record["again"])
    except FileNotFoundError:
        return [], False
    except (OSError, ValueError, KeyError, TypeError):
        return [], True
