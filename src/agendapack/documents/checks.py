"""What is wrong with a paper as a file, whoever names it: Word and PDF problems.

The loader's `check` and the build ask the same questions here: can the file be read as
the kind of document its name says (a damaged, mislabelled or password-protected file, a
Word zip bomb), and what in it would surprise its author in the pack (tracked changes,
comments, hidden text). Cheap: no LibreOffice, nothing unpacked, and a file found readable
once is remembered by its signature (`store.py`).
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from agendapack.documents.access import remember_opened, word_body
from agendapack.errors import DocumentError
from agendapack.pdf.opening import count_pages, open_qpdf, quietly
from agendapack.pdf.sanitise import inspect_opened, unapplied_redactions
from agendapack.store import current, keep_open, signature
from agendapack.wording import page_list

if TYPE_CHECKING:
    import pikepdf

# A Word file unpacks to a few megabytes, tens with its pictures. Far more, or a part that
# shrank a hundredfold, is a zip bomb: LibreOffice would spend the whole conversion time-out
# on it. The sizes are those the archive declares, read without unpacking anything.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 100
BIG_PART = 10 * 1024 * 1024
MAX_PARTS = 10_000


def word_problem(path: Path) -> str | None:
    """Why a file is not the kind of document its name says, or None. Cheap: no LibreOffice.

    LibreOffice opens almost anything as plain text and exits happily, so a damaged or
    mislabelled file must be caught before conversion.
    """
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if suffix in (".docx", ".odt"):
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            return (
                "is password-protected (or an old .doc renamed); remove the password in "
                "Word and save it again"
            )
        try:
            with zipfile.ZipFile(path) as archive:
                part = word_body(archive) if suffix == ".docx" else "content.xml"
                if part not in archive.namelist():
                    return f"is not a {suffix} document (it has no {part}); save it again"
                members = archive.infolist()
                problem = _unpacked_problem(members)
                if problem is None and suffix == ".docx":
                    problem = _blacked_out_problem(archive.read(part))
        except (zipfile.BadZipFile, OSError, ValueError):
            return f"is damaged: not a {suffix} document; save it again from Word"
        return problem
    elif suffix in _PACKAGES:
        program, part = _PACKAGES[suffix]
        if head.startswith(b"\xd0\xcf\x11\xe0") and suffix in (".xlsx", ".pptx"):
            return (
                f"is password-protected (or an older file renamed); remove the password in "
                f"{program} and save it again"
            )
        try:
            with zipfile.ZipFile(path) as archive:
                if part not in archive.namelist():
                    return f"is not a {suffix} file (it has no {part}); save it again"
                return _unpacked_problem(archive.infolist(), program)
        except (zipfile.BadZipFile, OSError, ValueError):
            return f"is damaged: not a {suffix} file; save it again from {program}"
    elif suffix in (".xls", ".ppt") and not head.startswith(b"\xd0\xcf\x11\xe0"):
        program = PROGRAMS[suffix]
        return f"is damaged: not a {program} 97-2003 {suffix}; save it again from {program}"
    elif suffix == ".doc" and not head.startswith(b"\xd0\xcf\x11\xe0"):
        return "is damaged: not a Word 97-2003 .doc; save it again from Word"
    elif suffix == ".rtf" and not head.startswith(b"{\\rtf"):
        return "is damaged: not an RTF document; save it again"
    return None


# Spreadsheets and slides, LibreOffice converts as it converts Word files: the program
# that saves each kind (named in what its author is told to do), and the part every zipped
# one has.
PROGRAMS = {
    **dict.fromkeys((".xlsx", ".xls"), "Excel"),
    **dict.fromkeys((".pptx", ".ppt"), "PowerPoint"),
    ".ods": "Calc",
    ".odp": "Impress",
}
_PACKAGES = {
    ".xlsx": (PROGRAMS[".xlsx"], "xl/workbook.xml"),
    ".pptx": (PROGRAMS[".pptx"], "ppt/presentation.xml"),
    ".ods": (PROGRAMS[".ods"], "content.xml"),
    ".odp": (PROGRAMS[".odp"], "content.xml"),
}


def _unpacked_problem(members: list[zipfile.ZipInfo], program: str = "Word") -> str | None:
    again = f"open it in {program} and save it again (File > Save As)"
    if len(members) > MAX_PARTS:
        return f"has {len(members)} parts, far more than a document holds; {again}"
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED:
        return f"would unpack to {unpacked >> 20} MB, far more than a document holds; {again}"
    for member in members:
        if member.file_size > BIG_PART and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            return (
                f"has a part, {member.filename}, that unpacks to {member.file_size >> 20} MB "
                f"from {max(member.compress_size >> 10, 1)} KB, as a zip bomb does; {again}"
            )
    return None


# WordprocessingML's namespace as Word writes it, and as "Strict Open XML" does
_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
_OFF = {"0", "false", "off"}
_PREFIXES = re.compile(rb'xmlns(?::([A-Za-z_][\w.-]*))?="([^"]+)"')
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb'(\w+)="([^"]*)"')
# a picture's reference to its image, as DrawingML (`a:blip`) and VML (`v:imagedata`) write
# it: held (`r:embed`, `r:id`) or linked (`r:link`, `r:href`)
_PICTURE = re.compile(rb"<(?:\w+:)?(?:blip|imagedata)\b[^>]*>")
_LOCAL_ATTRIBUTE = re.compile(rb'\s(?:\w+:)?(embed|link|id|href)="([^"]*)"')
_ODT_IMAGE = re.compile(rb'<draw:image\b[^>]*\bxlink:href="([^"]+)"')


def _markers(xml: bytes, *names: str) -> tuple[bytes, ...]:
    """The start tags of WordprocessingML's elements `names` as this file writes them:
    Word's `w:` is a convention, and a file may use any prefix for the namespace (or none),
    Strict Open XML another namespace."""
    head = xml[:20_000]  # the declarations are on the root element
    declared = _PREFIXES.findall(head)
    # declared further in, if anywhere: Word's own prefix
    prefixes = {prefix for prefix, uri in declared if uri.decode() in _W_NAMESPACES} or {b"w"}
    tags = []
    for prefix in prefixes:
        lead = b"<" + prefix + b":" if prefix else b"<"
        for name in names:
            tags += [lead + name.encode() + b" ", lead + name.encode() + b">"]
    return tuple(tags)


def _hidden_text(body: bytes) -> bool:
    """Whether a run of text in word/document.xml is formatted hidden (w:vanish)."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return False
    for namespace in _W_NAMESPACES:
        w = f"{{{namespace}}}"
        for run in root.iter(f"{w}r"):
            vanish = run.find(f"{w}rPr/{w}vanish")
            if vanish is None or vanish.get(f"{w}val", "true").lower() in _OFF:
                continue
            if any((t.text or "").strip() for t in run.iter(f"{w}t")):
                return True
    return False


def placeholders(body: bytes) -> list[str]:
    """The text of each content control in word/document.xml still showing its placeholder
    ("Click or tap here to enter text.", "Choose an item.", a template's own prompt): a box
    in a council's report template the author never filled in. Word and LibreOffice both
    print the placeholder as if it were the report's words."""
    if b"showingPlcHdr" not in body:
        return []
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return []
    found = []
    for namespace in _W_NAMESPACES:
        w = f"{{{namespace}}}"
        for control in root.iter(f"{w}sdt"):
            showing = control.find(f"{w}sdtPr/{w}showingPlcHdr")
            if showing is None or showing.get(f"{w}val", "true").lower() in _OFF:
                continue
            content = control.find(f"{w}sdtContent")
            words = "" if content is None else "".join(t.text or "" for t in content.iter(f"{w}t"))
            if words.strip():  # an empty one prints nothing
                found.append(" ".join(words.split()))
    return found


# A field that shows another place's number or text: REF (Insert > Cross-reference),
# PAGEREF (a page number), NOTEREF (a footnote's number), with the bookmark it reads.
_REFERENCE = re.compile(r"^\s*(?:REF|PAGEREF|NOTEREF)\s+\"?([^\s\"\\]+)", re.I)


def broken_references(archive: zipfile.ZipFile, body: bytes) -> list[str]:
    """The bookmarks that cross-references in the report's body read and the file no
    longer has (a heading deleted or rewritten after the reference was made): LibreOffice
    works each reference out again as it converts, and prints "Error: Reference source not
    found" for a bookmark that is gone, even where Word still shows the number it last
    worked out."""
    if b"REF" not in body:
        return []
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return []
    targets: list[str] = []
    for namespace in _W_NAMESPACES:
        w = f"{{{namespace}}}"
        code: list[str] | None = None
        for element in root.iter():
            if element.tag == f"{w}fldChar":
                kind = element.get(f"{w}fldCharType")
                if kind == "begin":
                    code = []
                elif code is not None:  # separate, or end with no result
                    targets += _REFERENCE.findall("".join(code))
                    code = None
            elif element.tag == f"{w}instrText" and code is not None:
                code.append(element.text or "")
            elif element.tag == f"{w}fldSimple":
                targets += _REFERENCE.findall(element.get(f"{w}instr", ""))
    if not targets:
        return []
    bookmarks: set[str] = set()
    for name in archive.namelist():
        if name.startswith("word/") and name.endswith(".xml"):
            with contextlib.suppress(KeyError, OSError, zipfile.BadZipFile):
                bookmarks.update(
                    found.decode("utf-8", "replace").lower()
                    for found in _BOOKMARK.findall(archive.read(name))
                )
    return [t for t in targets if t.lower() not in bookmarks]


_BOOKMARK = re.compile(rb'<(?:\w+:)?bookmarkStart\b[^>]*?\s(?:\w+:)?name="([^"]*)"')


def _references_warning(broken: list[str]) -> str:
    many = len(broken) > 1
    what = f"{len(broken)} cross-references" if many else "a cross-reference"
    return (
        f"has {what} to a heading, figure or bookmark no longer in it, which the pack prints "
        "as 'Error: Reference source not found'; in Word, press Ctrl+A then F9 to see "
        f"{'them' if many else 'it'}, and insert {'them' if many else 'it'} again "
        "(References > Cross-reference)"
    )


def _placeholder_warning(texts: list[str]) -> str:
    many = len(texts) > 1
    shown = ", ".join(f"'{t[:60]}'" for t in dict.fromkeys(texts))
    what = f"{len(texts)} boxes" if many else "a box"
    return (
        f"has {what} still showing Word's placeholder text ({shown}), which the pack prints "
        f"as written; fill {'them' if many else 'it'} in or delete {'them' if many else 'it'} "
        "in Word"
    )


# Near-black, as Word's colour picker writes it: each of red, green and blue at most 0x33.
_DARK_HEX = re.compile(r"[0-3][0-9A-Fa-f]")
# a black highlight or a dark shading somewhere in the file: else no run is hidden so
# (within a tag's length: a file of "highlight" and no ">" is one pass, not its square)
_DARK_BACKGROUND = re.compile(
    rb'highlight [^>]{0,100}val="black"'
    rb'|shd [^>]{0,100}(?:fill|color)="[0-3][0-9A-Fa-f][0-3][0-9A-Fa-f]'
)


def _dark(value: str | None) -> bool:
    """Whether a colour Word writes ("1F1F1F", "auto", None) is near-black."""
    if value is None or len(value) != 6:
        return False
    parts = [value[i : i + 2] for i in (0, 2, 4)]
    return all(_DARK_HEX.fullmatch(p) and int(p, 16) <= 0x33 for p in parts)


def _shading(properties: ElementTree.Element | None, w: str) -> bool | None:
    """Whether a `w:shd` in these properties paints near-black (True) or a colour (False);
    None where there is none, or none that shows ("nil", a "clear" with no fill)."""
    if properties is None:
        return None
    shading = properties.find(f"{w}shd")
    if shading is None:
        return None
    pattern = shading.get(f"{w}val", "clear")
    fill = shading.get(f"{w}fill", "auto")
    if pattern == "nil":
        return None
    if pattern == "solid":  # the pattern's colour over all of it
        colour = shading.get(f"{w}color", "auto")
        return _dark(colour) if colour != "auto" else None
    if fill == "auto":
        return None
    return _dark(fill) if pattern == "clear" else False


def hidden_by_formatting(body: bytes) -> tuple[int, int]:
    """How many runs of text in word/document.xml are hidden by their own formatting:
    near-black text on a black highlight or a near-black shading (of the run, its
    paragraph or its table cell), drawn as a black bar in Word and in the pack, the words
    still in the file; and how many in automatic colour on a black highlight, which Word
    shows white and LibreOffice prints black (a dark shading turns automatic text white
    in both). A colour or highlight given by a style is not followed."""
    if not _DARK_BACKGROUND.search(body):
        return 0, 0
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return 0, 0
    try:
        return _count_hidden(root)
    except RecursionError:  # tables in tables beyond Python's depth: a hostile file
        return 0, 0


def _count_hidden(root: ElementTree.Element) -> tuple[int, int]:
    hidden = automatic = 0
    for namespace in _W_NAMESPACES:
        w = f"{{{namespace}}}"
        for run, under in _runs(root, w, False):
            if not any((t.text or "").strip() for t in run.iter(f"{w}t")):
                continue
            properties = run.find(f"{w}rPr")
            highlight = colour = None
            background = under
            if properties is not None:
                marker = properties.find(f"{w}highlight")
                highlight = marker.get(f"{w}val") if marker is not None else None
                shaded = _shading(properties, w)
                if highlight not in (None, "none"):  # drawn over any shading
                    background = highlight == "black"
                elif shaded is not None:
                    background = shaded
                shown = properties.find(f"{w}color")
                colour = shown.get(f"{w}val") if shown is not None else None
            if not background:
                continue
            if _dark(colour):
                hidden += 1
            elif colour in (None, "auto") and highlight == "black":
                automatic += 1
    return hidden, automatic


def _runs(
    element: ElementTree.Element, w: str, under: bool
) -> Iterator[tuple[ElementTree.Element, bool]]:
    """The runs in `element`, each with whether the shading of the paragraph or table
    cell it is in is near-black."""
    for child in element:
        if child.tag == f"{w}r":
            yield child, under
            continue
        if child.tag in (f"{w}tc", f"{w}p"):
            properties = child.find(f"{w}tcPr" if child.tag == f"{w}tc" else f"{w}pPr")
            shaded = _shading(properties, w)
            yield from _runs(child, w, under if shaded is None else shaded)
        else:
            yield from _runs(child, w, under)


def automatic_on_black(path: Path) -> bool:
    """Whether a Word file has text in automatic colour on a black highlight (see
    `hidden_by_formatting`); False for a file that cannot be read so."""
    if path.suffix.lower() != ".docx":
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return hidden_by_formatting(archive.read(word_body(archive)))[1] > 0
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False


def _blacked_out_problem(body: bytes) -> str | None:
    hidden, _ = hidden_by_formatting(body)
    if not hidden:
        return None
    places = "in 1 place" if hidden == 1 else f"in {hidden} places"
    return (
        f"has words hidden by their formatting {places}: dark text on a black highlight "
        "or shading, which looks redacted while the words are still in the file and would "
        "be published, read aloud and found by the site's search; delete them in Word (or "
        "type over them, as [REDACTED]) and save it again"
    )


def _has_comments(archive: zipfile.ZipFile) -> bool:
    """Whether the comments part holds a comment: pandoc writes one, empty, in every file."""
    try:
        notes = archive.read("word/comments.xml")
    except KeyError:
        return False
    return any(marker in notes for marker in _markers(notes, "comment"))


def _linked_pictures(archive: zipfile.ZipFile, suffix: str) -> list[str]:
    """Where the pictures the file links to, rather than holds, are: a web address or a
    path on the author's network, which no conversion may fetch (documents/convert.py)."""
    found = []
    if suffix == ".odt":
        for target in _ODT_IMAGE.findall(archive.read("content.xml")):
            if b":" in target or target.startswith((b"/", b"../")):
                found.append(target.decode("utf-8", "replace"))
        return found
    names = set(archive.namelist())
    for name in sorted(names):
        if not (name.startswith("word/_rels/") and name.endswith(".rels")):
            continue
        external = {}
        for tag in _RELATIONSHIP.findall(archive.read(name)):
            attributes = dict(_ATTRIBUTE.findall(tag))
            kind = attributes.get(b"Type", b"")
            if attributes.get(b"TargetMode") == b"External" and kind.endswith(b"/image"):
                external[attributes.get(b"Id", b"")] = attributes.get(b"Target", b"")
        part = "word/" + name.removeprefix("word/_rels/").removesuffix(".rels")
        if not external or part not in names:
            continue
        # Word's Insert and Link keeps a copy in the file beside the link (`r:embed` and
        # `r:link` on one picture): the copy is printed, and nothing is left out
        for tag in _PICTURE.findall(archive.read(part)):
            attributes = dict(_LOCAL_ATTRIBUTE.findall(tag))
            held = attributes.get(b"embed") or attributes.get(b"id")
            link = attributes.get(b"link") or attributes.get(b"href")
            if link in external and not held:
                found.append(external[link].decode("utf-8", "replace"))
    return found


def _linked_warning(linked: list[str], suffix: str) -> str:
    many = len(linked) > 1
    where = ", ".join(sorted(set(linked))[:3])
    mend = (
        f"in Word, choose File > Info > Edit Links to Files, select {'each' if many else 'it'} "
        "and tick Save picture in document"
        if suffix == ".docx"
        else "in Writer, choose Edit > Links to External Files and Break Link"
    )
    what = f"{len(linked)} pictures" if many else "a picture"
    return f"has {what} linked from outside the file ({where}), left out of the pack; {mend}"


def word_warnings(path: Path) -> list[str]:
    """What in a readable Word file would surprise its author in the pack: tracked changes
    (printed as the document now stands, insertions kept and deletions gone), comments and
    hidden text (left out), content LibreOffice leaves out (a part Word merges in when it
    opens the file, a linked picture), boxes of its template left unfilled (printed)."""
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".odt"):
        return []
    found = []
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read(word_body(archive) if suffix == ".docx" else "content.xml")
            if suffix == ".docx":
                changes = _markers(xml, "ins", "del", "moveFrom", "moveTo")
            else:
                changes = (b"<text:tracked-changes",)
            if any(marker in xml for marker in changes):
                found.append(
                    "has tracked changes: the pack shows them as if accepted; accept or reject "
                    "them in Word before publishing"
                )
            if (suffix == ".docx" and _has_comments(archive)) or b"<office:annotation" in xml:
                found.append("has comments, which are left out of the pack")
            if suffix == ".docx" and b"vanish" in xml and _hidden_text(xml):
                found.append(
                    "has hidden text, which is left out of the pack; show it in Word "
                    "(Home > Show/Hide) and delete it or make it visible"
                )
            if suffix == ".docx" and any(m in xml for m in _markers(xml, "altChunk")):
                # a program's output (HTML or another document pasted in as a whole part),
                # which Word merges into the text when it opens the file and LibreOffice
                # does not: its words would be missing from the pack and the web page
                found.append(
                    "has text that Word merges in only when it opens the file (an altChunk, "
                    "as programs that write Word files make), which is left out of the pack; "
                    "open it in Word and save it again"
                )
            if suffix == ".docx" and hidden_by_formatting(xml)[1]:
                # LibreOffice does not turn automatic text white on a highlight as Word
                # does (on a shading it does): the pack would show a black bar
                found.append(
                    "has text in automatic colour on a black highlight, which Word shows "
                    "white and the pack prints black on black, unreadable; give that text "
                    "the font colour white in Word"
                )
            if suffix == ".docx" and (broken := broken_references(archive, xml)):
                found.append(_references_warning(broken))
            if suffix == ".docx" and (unfilled := placeholders(xml)):
                found.append(_placeholder_warning(unfilled))
            linked = _linked_pictures(archive, suffix)
            if linked:
                found.append(_linked_warning(linked, suffix))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return []
    return found


# Bump when `paper_problem` asks a question of a file it did not ask before: papers found
# good by the older questions are asked again. 2: words hidden under black boxes.
CHECKS_VERSION = 2


def _known_good(path: Path) -> bool:
    # Files already found readable, by their signature, remembered between runs: opening
    # every PDF again on each run is most of the cost of a build that has nothing to do.
    return current().readable.get(str(path.resolve())) == [CHECKS_VERSION, *signature(path)]


def _remember_good(path: Path) -> None:
    current().readable.put(str(path.resolve()), [CHECKS_VERSION, *signature(path)])


def _hidden_pages(pdf: pikepdf.Pdf) -> list[int]:
    """The pages with words under a black box (pdf/blackout.py). A reading that fails on
    a strange page is no verdict: the question only guards against a leak, and a paper
    must not be refused for what this reading could not follow."""
    from agendapack.pdf.blackout import hidden_pages

    try:
        return hidden_pages(pdf)
    except Exception:
        return []


@quietly
def paper_problem(path: Path, shown_as: str) -> str | None:
    """Why an existing file cannot go into a pack, as the rest of a sentence that starts
    with its name (": the PDF needs a password ...", " is damaged ..."), or None."""
    if _known_good(path):
        return None
    if path.stat().st_size == 0:  # a save that failed, or a copy that never finished
        return " is empty (0 bytes); save or copy it again"
    if path.suffix.lower() == ".pdf":
        try:
            # one opening for every question the check asks of a PDF: its pages, its
            # redactions, and (remembered for `hostile_features`) what a clean copy leaves
            # out and whether it is tagged
            pdf = open_qpdf(path, shown_as)
            try:
                count_pages(pdf, shown_as)
                marks = unapplied_redactions(pdf, shown_as)
                hidden = _hidden_pages(pdf) if not marks else []
                inspect_opened(pdf, path, shown_as)
                remember_opened(pdf, path)
            except BaseException:
                pdf.close()
                raise
            # kept for the build's clean copy, made from this opening (store.KeptOpen)
            keep_open(path, pdf)
        except DocumentError as exc:
            found = exc.problems[0]
            return f": {found.message}" + (f"; {found.advice}" if found.advice else "")
        if marks:
            return (
                f" has {marks} redaction mark{'s' * (marks > 1)} that "
                f"{'were' if marks > 1 else 'was'} never applied: what is under "
                f"{'them' if marks > 1 else 'it'} is still in the file, and would be "
                "published; apply the redactions in the PDF editor (in Acrobat: Redact, "
                "then Apply) and save it again"
            )
        if hidden:
            return (
                f" has words hidden under black boxes on {page_list(hidden)}: a redaction "
                "drawn over them, not applied, so they are still in the file and would be "
                "published, read aloud and found by the site's search; redact them with the "
                "PDF editor's redaction tool (in Acrobat: Redact, then Apply) and save it again"
            )
    else:
        problem = word_problem(path)
        if problem:
            return f" {problem}"
    _remember_good(path)
    return None
