"""Word reports as HTML: the body of a report as plain semantic HTML, for the site.

Made by mammoth (PyPI), chosen by measurement (benchmarks/README.md): it keeps headings,
lists, tables with their header rows, pictures with their alternative text, links and
footnotes, as plain semantic HTML that takes the site's own style. LibreOffice's XHTML
export lost the pictures' alternative text and most lists, and took longer. What Word
keeps that a printed page does not show stays out: comments, hidden text, deleted text,
headers and footers, the document's properties, a style map embedded in the file, and
pictures linked from outside it. What mammoth has no word for is passed to the page
through it (_marked): a picture marked decorative has an empty description, and a
paragraph laid out right to left its direction and language.

Fragments are cached by the source's hash in build/.cache/html/, so a rebuild converts
nothing already converted. A build makes the fragments of its public Word papers while
LibreOffice converts the same files (pack/build.py), so that the site, written after the
packs, finds them made; the site makes any that are missing (site/reports.py).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from agendapack.documents.access import word_body
from agendapack.model import Workspace
from agendapack.write import write_atomic

# Raised whenever the HTML made of the same Word file changes: cached fragments are remade.
# 2: decorative pictures, right-to-left paragraphs and their language, large pictures kept
# and scaled for the web.
FRAGMENT_VERSION = 2
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"

# The page's own h1 is the document's title: the report's headings sit one level below it.
STYLE_MAP = "\n".join(
    [
        "p[style-name='Title'] => h2:fresh",
        "p[style-name='Subtitle'] => p.subtitle:fresh",
        *(f"p[style-name='Heading {n}'] => h{min(n + 1, 6)}:fresh" for n in range(1, 10)),
        *(f"p[style-name='heading {n}'] => h{min(n + 1, 6)}:fresh" for n in range(1, 10)),
        "p[style-name='agendapack heading 2'] => h2:fresh",
        "p[style-name='agendapack heading 3'] => h3:fresh",
        "comment-reference => !",
    ]
)
NO_DESCRIPTION = "Picture without a description from its author"
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


class ReportError(Exception):
    """The Word file cannot be made into a page (the pack is built all the same)."""


def is_word(source: str | None) -> bool:
    return bool(source) and str(source).lower().endswith(".docx")


def _cached(workspace: Workspace, sha256: str) -> Path:
    return workspace.layout.html_reports / f"{sha256}-{FRAGMENT_VERSION}.html"


def report_fragment(workspace: Workspace, source: Path, sha256: str) -> str | None:
    """The report's body as HTML, from the cache or made afresh; None when the file on
    disk is no longer the one the PDF was made from (the next build makes both anew)."""
    cached = _cached(workspace, sha256)
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ReportError(f"it cannot be read ({exc.strerror or exc})") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        return None
    fragment = convert(data)
    cached.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(cached, fragment.encode("utf-8"))
    return fragment


def make_ahead(workspace: Workspace, source: Path) -> None:
    """Make the report's fragment now, for the site to find in the cache: a build does
    while it waits for LibreOffice. What cannot be read, converted or kept here is left
    to the site, which makes it or says why there is no web page of the report."""
    try:
        data = source.read_bytes()
    except OSError:
        return
    cached = _cached(workspace, hashlib.sha256(data).hexdigest())
    if cached.is_file():
        return
    try:
        fragment = convert(data)
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, fragment.encode("utf-8"))
    except (ReportError, OSError):
        return


def convert(data: bytes) -> str:
    """A Word file's body as an HTML fragment: deterministic, with nothing Word keeps
    out of sight."""
    import mammoth  # a third of the site's start-up otherwise

    _read_xml_quickly()
    try:
        slim = _slim(data)
        result = mammoth.convert_to_html(
            io.BytesIO(slim),
            style_map=STYLE_MAP,
            include_embedded_style_map=False,
            external_file_access=False,
            id_prefix="report-",
            ignore_empty_paragraphs=True,
            convert_image=mammoth.images.img_element(_image),
            transform_document=mammoth.transforms.paragraph(_headings),
        )
    except ReportError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever mammoth meets, one line for it
        raise ReportError(f"it is not a Word file mammoth can read ({_reason(exc)})") from None
    return _tidy(result.value)


def _read_xml_quickly() -> None:
    """mammoth reads each part with minidom, then copies it into its own tree: most of a
    conversion's time. lxml builds the same tree (every element with its mapped name and
    attributes, every run of text) at a third of the cost; tests/test_html_reports.py holds
    the two to the same HTML on every Word file of the corpus."""
    from mammoth.docx import office_xml

    office_xml.parse_xml = parse_xml


def parse_xml(fileobj: Any, namespace_mapping: Any = None) -> Any:
    """mammoth's `parse_xml`, made with lxml."""
    from mammoth.docx.xmlparser import XmlElement, XmlText

    prefixes = {uri: prefix for prefix, uri in namespace_mapping or ()}
    names: dict[str, str] = {}

    def name(tag: str) -> str:
        found = names.get(tag)
        if found is None:
            found = tag
            if tag.startswith("{"):
                uri, local = tag[1:].split("}", 1)
                prefix = prefixes.get(uri)
                if prefix is not None:
                    found = f"{prefix}:{local}"
            names[tag] = found
        return found

    def element(node: Any) -> Any:
        children: list[Any] = []
        if node.text:
            children.append(XmlText(node.text))
        for child in node:
            if isinstance(child.tag, str):
                children.append(element(child))
            if child.tail:
                children.append(XmlText(child.tail))
        attributes = {name(key): value for key, value in node.attrib.items()}
        return XmlElement(name(node.tag), attributes, children)

    try:
        root = etree.parse(fileobj, _PARSER).getroot()
    except etree.XMLSyntaxError as exc:
        raise ReportError(f"its XML is damaged ({exc})") from None
    return element(root)


def _headings(paragraph: Any) -> Any:
    """Councils' reports often make headings by hand: a short paragraph of plain style,
    all of it bold ("1  Purpose"). Such a paragraph is read as a heading, one level
    down from the page's title when its type is large (15 points or more), else two."""
    if paragraph.style_name not in (None, "Normal", "Body Text") or paragraph.numbering:
        return paragraph
    runs = [r for r in _runs(paragraph) if _text(r).strip()]
    text = "".join(_text(r) for r in runs).strip()
    if not runs or len(text) > 120 or text.endswith((".", ":", ";", ",")):
        return paragraph
    if not all(r.is_bold for r in runs):
        return paragraph
    large = all((r.font_size or 0) >= 15 for r in runs)
    return paragraph.copy(style_id=None, style_name=f"agendapack heading {2 if large else 3}")


def _runs(element: Any) -> list[Any]:
    found = []
    for child in getattr(element, "children", []):
        if type(child).__name__ == "Run":
            found.append(child)
        elif type(child).__name__ == "Hyperlink":
            found.extend(_runs(child))
    return found


def _text(run: Any) -> str:
    return "".join(getattr(c, "value", "") for c in getattr(run, "children", []))


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__


def _image(image) -> dict[str, str]:
    described = (image.alt_text or "").strip()
    try:
        with image.open() as handle:
            data = handle.read()
    except Exception:  # noqa: BLE001 - linked from outside the file: not published
        return {"src": "", "alt": "" if described == _DECORATIVE else described}
    # marked decorative in Word: an empty description, which a screen reader passes over
    alt = "" if described == _DECORATIVE else described or NO_DESCRIPTION
    encoded = base64.b64encode(_for_the_web(data, image.content_type)).decode("ascii")
    return {"src": f"data:{image.content_type};base64,{encoded}", "alt": alt}


# A photograph as a camera takes it (4,000 pixels across, several megabytes) is in the page
# itself, as every picture is: scaled to 2,000 pixels, as sharp as a screen shows it at the
# page's width, it is a tenth of the weight. LibreOffice does the same for the PDF.
_WEB_SIDE = 2000
_WEB_BYTES = 1 << 20


def _for_the_web(data: bytes, content_type: str) -> bytes:
    if len(data) <= _WEB_BYTES or content_type not in ("image/jpeg", "image/png"):
        return data
    import warnings

    from PIL import Image, ImageOps

    out = io.BytesIO()
    try:
        with warnings.catch_warnings():
            # a picture of more pixels than Pillow thinks safe: left as it is, unread
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:
                if max(picture.size) <= _WEB_SIDE:
                    return data
                # turned as its camera said, as a browser shows the original
                scaled = ImageOps.exif_transpose(picture)
                scaled.thumbnail((_WEB_SIDE, _WEB_SIDE))
                if content_type == "image/jpeg":
                    scaled.convert("RGB").save(out, "JPEG", quality=85)
                else:
                    scaled.save(out, "PNG", optimize=True)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        return data
    smaller = out.getvalue()
    return smaller if len(smaller) < len(data) else data


def _slim(data: bytes) -> bytes:
    """The Word file with only what mammoth needs of its styles (their names: a template's
    styles.xml can be 9,000 elements, most of a conversion's time) and without hidden
    runs, which LibreOffice does not print either."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        names = source.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReportError(f"it is not a Word file ({exc})") from None
    body = word_body(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for name in names:
            if name.endswith("/") or _UNREAD.search(name):
                continue
            try:
                content = source.read(name)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
                raise ReportError(f"its part {name} cannot be read ({exc})") from None
            if name == "word/styles.xml":
                content = _styles(content)
            elif name == body:
                content = _marked(_unhidden(content))
            target.writestr(name, content)
    return out.getvalue()


# Parts mammoth never reads (comments it would read, and is told to leave out): not copied.
_UNREAD = re.compile(
    r"(^docProps/|^customXml/|stylesWithEffects\.xml$|/theme/|fontTable\.xml$|"
    r"webSettings\.xml$|/comments[A-Za-z]*\.xml$|/people\.xml$|/glossary/)"
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
# huge_tree: without it libxml2 drops an attribute longer than 10 MB, and a photograph of
# 8 MB or more (its data: address in `src`) became its description in brackets
_HTML_PARSER = lxml_html.HTMLParser(huge_tree=True)


def _parse(content: bytes) -> etree._Element:
    try:
        return etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ReportError(f"its XML is damaged ({exc})") from None


# The reports of a council come from a few templates, whose styles.xml is the same in each:
# slimmed once, not once a report (it was half of a conversion's time).
@functools.lru_cache(maxsize=8)
def _styles(content: bytes) -> bytes:
    root = _parse(content)
    for ns in (W, _W_STRICT):
        spaces = {"w": ns}
        unused = root.xpath(
            "w:style/*[not(self::w:name or self::w:basedOn or self::w:pPr)]"
            " | w:style/w:pPr/*[not(self::w:numPr)] | w:docDefaults | w:latentStyles",
            namespaces=spaces,
        )
        for element in unused:
            element.getparent().remove(element)
    return etree.tostring(root)


def _unhidden(content: bytes) -> bytes:
    if b"vanish" not in content and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content  # nothing hidden (UTF-8 or ASCII): mammoth's parse is the only one
    root = _parse(content)
    for ns in (W, _W_STRICT):
        for vanish in list(root.iter(f"{{{ns}}}vanish")):
            value = vanish.get(f"{{{ns}}}val", "true")
            properties = vanish.getparent()
            run = properties.getparent() if properties is not None else None
            if value in ("0", "false", "off") or run is None:
                continue
            if run.tag == f"{{{ns}}}r" and run.getparent() is not None:
                run.getparent().remove(run)
    return etree.tostring(root)


# What _marked tells _tidy through mammoth, which has no word for either: a picture marked
# decorative (its description), a right-to-left paragraph and its language (a bookmark at
# its start, which mammoth makes an anchor).
_DECORATIVE = "agendapack:decorative"
_RTL = "agendapack-rtl-"
_BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "caption"}
_OFF = {"0", "false", "off"}


def _marked(content: bytes) -> bytes:
    if b"decorative" not in content and b"bidi" not in content and b"rtl" not in content:
        return content  # nothing to mark: mammoth's parse is the only one
    root = _parse(content)
    for ns in (W, _W_STRICT):
        w = f"{{{ns}}}"
        for properties in root.iter("{*}docPr"):
            if any(
                e.tag.endswith("}decorative") and e.get("val", "1").lower() not in _OFF
                for e in properties.iter()
            ):
                properties.set("descr", _DECORATIVE)
        for number, paragraph in enumerate(root.iter(f"{w}p")):
            if not _right_to_left(paragraph, w):
                continue
            # a document's default (Word's is Arabic) is no evidence of a paragraph's
            language = _bidi_language(paragraph) or ""
            bookmark = etree.Element(f"{w}bookmarkStart")
            bookmark.set(f"{w}id", str(900_000_000 + number))
            bookmark.set(f"{w}name", f"{_RTL}{number}-{language}")
            properties = paragraph.find(f"{w}pPr")
            paragraph.insert(0 if properties is None else 1, bookmark)
    return etree.tostring(root)


def _right_to_left(paragraph: Any, w: str) -> bool:
    """A paragraph Word lays out right to left (Arabic, Urdu, Hebrew, Farsi): set so, or
    all of its text in right-to-left runs."""
    bidi = paragraph.find(f"{w}pPr/{w}bidi")
    if bidi is not None:
        return bidi.get(f"{w}val", "1").lower() not in _OFF
    runs = [r for r in paragraph.iter(f"{w}r") if "".join(r.itertext()).strip()]
    if not runs:
        return False
    for run in runs:
        rtl = run.find(f"{w}rPr/{w}rtl")
        if rtl is None or rtl.get(f"{w}val", "1").lower() in _OFF:
            return False
    return True


def _bidi_language(element: Any) -> str | None:
    """The language Word was told the right-to-left text is in (`w:lang w:bidi="ur-PK"`)."""
    if element is None:
        return None
    for language in element.iter("{*}lang"):
        for key, value in language.attrib.items():
            if key.endswith("}bidi") and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
                return value
    return None


def _tidy(markup: str) -> str:
    """Links that lead nowhere on the web (a file on the author's disk, a missing
    bookmark) become their words; pictures not in the file become their description."""
    if not markup.strip():
        return ""
    holder = lxml_html.fragment_fromstring(markup, create_parent="div", parser=_HTML_PARSER)
    # a right-to-left paragraph: its direction (for the order of its words and punctuation)
    # and its language (for a screen reader's voice), where Word was told it
    for anchor in list(holder.iter("a")):
        name = anchor.get("id") or ""
        if not name.startswith(f"report-{_RTL}"):
            continue
        block = next((e for e in anchor.iterancestors() if e.tag in _BLOCKS), None)
        if block is not None:
            block.set("dir", "rtl")
            language = name.removeprefix(f"report-{_RTL}").partition("-")[2]
            if language:
                block.set("lang", language)
        anchor.drop_tag()  # an empty anchor: its tail stays
    ids = {e.get("id") for e in holder.iter() if e.get("id")}
    for link in list(holder.iter("a")):
        href = (link.get("href") or "").strip()
        if not href:
            continue
        if href.startswith("#"):
            if href[1:] in ids:
                continue
        elif urlsplit(href).scheme.lower() in _SAFE_SCHEMES:
            continue
        link.drop_tag()
    for image in list(holder.iter("img")):
        if not image.get("src"):
            alt = image.get("alt") or NO_DESCRIPTION
            span = lxml_html.Element("span")
            span.text = f"[{alt}]"
            span.tail = image.tail
            image.getparent().replace(image, span)
    # a table's header cells say what they head
    for row in holder.iter("tr"):
        if row.getparent() is not None and row.getparent().tag == "thead":
            for cell in row.iter("th"):
                cell.set("scope", "col")
    parts = [lxml_html.tostring(child, encoding="unicode") for child in holder]
    text = html.escape(holder.text or "", quote=False)
    return (text + "".join(parts)).strip() + "\n"


def words(fragment: str) -> str:
    """The fragment's text, for a test or a search."""
    holder = lxml_html.fragment_fromstring(fragment, "div", parser=_HTML_PARSER)
    return re.sub(r"\s+", " ", holder.text_content())
