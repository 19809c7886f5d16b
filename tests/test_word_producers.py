"""Word papers from producers and with features the rest of the suite does not make: pandoc,
Word's "Strict Open XML", a file that names WordprocessingML with another prefix, pictures
linked from outside the file, a decorative picture, a picture described by its title only,
right-to-left paragraphs, an altChunk. Each through `check`, `build` and its web page, read
back as a reader has them (poppler for the pack, the HTML's text)."""

from __future__ import annotations

import http.server
import io
import json
import re
import shutil
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm
from lxml import html as lxml_html
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.documents.word_html import convert, words
from tests.pdftools import text
from tests.word_reports import png

runner = CliRunner()
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
# Word's Strict Open XML names the same parts in namespaces of its own (ECMA-376 Part 1, Strict)
STRICT = {
    W: "http://purl.oclc.org/ooxml/wordprocessingml/main",
    WP: "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
    A: "http://purl.oclc.org/ooxml/drawingml/main",
    PIC: "http://purl.oclc.org/ooxml/drawingml/picture",
    R: "http://purl.oclc.org/ooxml/officeDocument/relationships",
}
ARABIC = "مجلس المدينة يرحب بكم"
URDU = "کونسل آپ کا خیرمقدم کرتی ہے"
WELSH = "Mae’r Cyngor yn croesawu gohebiaeth yn Gymraeg: ŵyr, ŷd, â, ŵ"
PANDOC_MARKDOWN = """\
---
title: Qxpandoctitle library services review
lang: en-GB
---

# Purpose

Qxpandocfirst this report reviews library services.[^1] See
[the strategy](https://www.example.gov.uk/strategy).

- Qxpandoclist one
- two

| Service | Cost |
|---|---|
| Qxpandoccell libraries | 4.3 |
| Parks | 2.5 |

![Qxpandocalt a green bar chart](chart.png)

[^1]: Qxpandocnote see <https://www.gov.uk/guidance>.
"""


def _rewrite(path: Path, edit) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    edit(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)


def _add_to_body(parts: dict[str, bytes], xml: str) -> None:
    body = parts["word/document.xml"].decode()
    parts["word/document.xml"] = body.replace("<w:sectPr", xml + "<w:sectPr", 1).encode()


def _relationship(parts: dict[str, bytes], rid: str, kind: str, target: str) -> None:
    name = "word/_rels/document.xml.rels"
    rels = (
        parts[name]
        .decode()
        .replace(
            "</Relationships>",
            f'<Relationship Id="{rid}" Type="{R}/{kind}" Target="{target}" TargetMode="External"/>'
            "</Relationships>",
        )
    )
    parts[name] = rels.encode()


def _linked_picture(rid: str, doc_id: int, alt: str) -> str:
    """A picture that the file links to rather than holds (Word's Insert > Pictures >
    Link to File)."""
    return (
        f'<w:p><w:r><w:drawing><wp:inline xmlns:wp="{WP}"><wp:extent cx="914400" cy="914400"/>'
        f'<wp:docPr id="{doc_id}" name="Linked {doc_id}" descr="{alt}"/>'
        f'<a:graphic xmlns:a="{A}"><a:graphicData uri="{PIC}"><pic:pic xmlns:pic="{PIC}">'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="linked.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip xmlns:r="{R}" r:link="{rid}"/><a:stretch><a:fillRect/>'
        '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
        "</w:drawing></w:r></w:p>"
    )


def linked_report(path: Path, on_disk: Path, on_the_web: str) -> None:
    document = Document()
    document.core_properties.title = "Linked pictures"
    document.add_paragraph("Qxlinkedwords: two pictures follow, linked and not held.")
    document.save(path)

    def edit(parts: dict[str, bytes]) -> None:
        _relationship(parts, "rIdDisk", "image", on_disk.as_uri())
        _relationship(parts, "rIdWeb", "image", on_the_web)
        _add_to_body(parts, _linked_picture("rIdDisk", 50, "Qxdiskalt"))
        _add_to_body(parts, _linked_picture("rIdWeb", 51, "Qxwebalt"))

    _rewrite(path, edit)


def strict_report(path: Path) -> None:
    """A report as Word saves it as a Strict Open XML Document: a picture without
    alternative text, a table without a header row, a tracked insertion."""
    document = Document()
    document.core_properties.title = "Strict"
    document.add_paragraph("Qxstrictwords in the body.")
    document.add_picture(io.BytesIO(png()), width=Cm(2))
    table = document.add_table(rows=2, cols=2)
    for number, cell in enumerate(table._cells):
        cell.text = f"Qxstrictcell{number}"
    document.save(path)

    def edit(parts: dict[str, bytes]) -> None:
        _add_to_body(
            parts,
            '<w:p><w:ins w:id="90" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r>'
            "<w:t>Qxstrictinserted</w:t></w:r></w:ins></w:p>",
        )
        for name, content in parts.items():
            if name.endswith((".xml", ".rels")):
                for old, new in STRICT.items():
                    content = content.replace(old.encode(), new.encode())
                parts[name] = content

    _rewrite(path, edit)


def prefixed_report(path: Path) -> None:
    """WordprocessingML under a prefix other than Word's `w:` (as some XML libraries write
    it), with a tracked insertion and deletion."""
    document = Document()
    document.core_properties.title = "Prefixed"
    document.add_paragraph("Qxprefixwords in the body.")
    document.save(path)

    def edit(parts: dict[str, bytes]) -> None:
        _add_to_body(
            parts,
            '<w:p><w:ins w:id="90" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r>'
            '<w:t>Qxprefixinserted</w:t></w:r></w:ins><w:del w:id="91" w:author="A" '
            'w:date="2024-01-01T00:00:00Z"><w:r><w:delText>Qxprefixdeleted</w:delText>'
            "</w:r></w:del></w:p>",
        )
        body = parts["word/document.xml"].decode()
        body = re.sub(r"(</?|\s)w:", r"\1ns0:", body)
        parts["word/document.xml"] = body.replace('xmlns:w="', 'xmlns:ns0="').encode()

    _rewrite(path, edit)


def featured_report(path: Path) -> None:
    """A decorative picture, a picture described by its title only, Arabic and Urdu
    paragraphs laid out right to left, Welsh, and an altChunk of HTML."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    document = Document()
    document.core_properties.title = "Featured"
    document.add_paragraph("Qxfeaturedwords: " + WELSH)
    document.add_picture(io.BytesIO(png()), width=Cm(1))
    decorative = document.inline_shapes[-1]._inline.docPr
    decorative.append(
        parse_xml(
            f'<a:extLst xmlns:a="{A}"><a:ext uri="{{C183D7F6-B498-43B3-948B-1728B52AA6E4}}">'
            '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
            'decorative" val="1"/></a:ext></a:extLst>'
        )
    )
    document.add_picture(io.BytesIO(png()), width=Cm(1))
    document.inline_shapes[-1]._inline.docPr.set("title", "Qxtitlealt a blue square")
    for words_, language in ((ARABIC, None), (URDU, "ur-PK")):
        paragraph = document.add_paragraph()
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:bidi xmlns:w="{W}"/>'))
        lang = f'<w:lang w:bidi="{language}"/>' if language else ""
        paragraph._p.append(
            parse_xml(f'<w:r xmlns:w="{W}"><w:rPr><w:rtl/>{lang}</w:rPr><w:t>{words_}</w:t></w:r>')
        )
    chunk = Part(
        PackURI("/word/afchunk.htm"),
        "text/html",
        b"<html><body><p>Qxaltchunkwords</p></body></html>",
        document.part.package,
    )
    rid = document.part.relate_to(chunk, f"{R}/aFChunk")
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(f'<w:altChunk xmlns:w="{W}" xmlns:r="{R}" r:id="{rid}"/>'))
    document.save(path)


def pandoc_report(path: Path) -> None:
    """A report as pandoc writes one from Markdown: its own styles ("First Paragraph",
    "Compact"), a footnote, a table, a picture with alternative text, a link, and an empty
    comments part in every file."""
    folder = path.parent / "pandoc-source"
    folder.mkdir()
    (folder / "chart.png").write_bytes(png())
    (folder / "report.md").write_text(PANDOC_MARKDOWN, encoding="utf-8")
    subprocess.run(
        ["pandoc", "report.md", "-o", str(path)], cwd=folder, check=True, capture_output=True
    )
    shutil.rmtree(folder)


def word_for_the_web_report(path: Path) -> None:
    """A report as Word for the web (SharePoint, OneDrive) saves one: its main part is
    word/document2.xml, as the package's relationships say; with hidden text and a
    picture without alternative text."""
    document = Document()
    document.core_properties.title = "Word for the web"
    document.add_paragraph("Qxwebwords in the body.")
    hidden = document.add_paragraph().add_run("Qxwebhidden")
    hidden.font.hidden = True
    document.add_picture(io.BytesIO(png()), width=Cm(1))
    document.save(path)

    def edit(parts: dict[str, bytes]) -> None:
        parts["word/document2.xml"] = parts.pop("word/document.xml")
        parts["word/_rels/document2.xml.rels"] = parts.pop("word/_rels/document.xml.rels")
        for name in ("_rels/.rels", "[Content_Types].xml"):
            parts[name] = parts[name].replace(b"word/document.xml", b"word/document2.xml")

    _rewrite(path, edit)


ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}


def writer_report(path: Path, on_disk: Path) -> None:
    """A Writer document (.odt) as LibreOffice saves one: a picture without alternative
    text, one with a title, a table without a heading row, and a picture linked from the
    machine's disk."""
    spaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in ODF.items())

    def frame(name: str, image: str, inside: str = "") -> str:
        return (
            f'<draw:frame draw:name="{name}" text:anchor-type="as-char" svg:width="1cm" '
            f'svg:height="1cm"><draw:image xlink:href="{image}" xlink:type="simple" '
            f'xlink:show="embed" xlink:actuate="onLoad"/>{inside}</draw:frame>'
        )

    cells = "".join(
        "<table:table-row>"
        + "".join(
            f"<table:table-cell><text:p>Qxwritercell{r}{c}</text:p></table:table-cell>"
            for c in range(2)
        )
        + "</table:table-row>"
        for r in range(2)
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {spaces} '
        'office:version="1.3"><office:body><office:text>'
        "<text:p>Qxwriterwords: Mae’r Cyngor yn croesawu gohebiaeth yn Gymraeg.</text:p>"
        f"<text:p>{frame('Picture 1', 'Pictures/one.png')}</text:p>"
        f"<text:p>{frame('Picture 2', 'Pictures/one.png', '<svg:title>Qxwriteralt</svg:title>')}"
        "</text:p>"
        f"<text:p>{frame('Linked', on_disk.as_uri(), '<svg:desc>Qxlinkedalt</svg:desc>')}</text:p>"
        '<table:table table:name="Figures"><table:table-column table:number-columns-repeated="2"/>'
        f"{cells}</table:table>"
        "</office:text></office:body></office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {spaces} '
        'office:version="1.3"><office:meta><dc:title>Writer report</dc:title></office:meta>'
        "</office:document-meta>"
    )
    manifest = (
        f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest {spaces} '
        'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="Pictures/one.png" '
        'manifest:media-type="image/png"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("meta.xml", meta, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("Pictures/one.png", png())


class _Requests(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(png())

    do_OPTIONS = do_HEAD = do_PROPFIND = do_GET  # noqa: N815 - whatever LibreOffice asks first

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def web():
    """A web server that answers every request with a picture and remembers it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Requests)
    _Requests.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Requests.seen
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def built(tmp_path_factory, web):
    from tests.conftest import Workspace

    base, _ = web
    ws = Workspace(tmp_path_factory.mktemp("producers") / "ws")
    ws.council()
    ws.committee(
        """\
        [[meeting]]
        date = 2024-03-28

        [[meeting.item]]
        title = "Library services review"
        documents = ["pandoc.docx"]

        [[meeting.item]]
        title = "Linked pictures"
        documents = ["linked.docx"]

        [[meeting.item]]
        title = "Strict report"
        documents = ["strict.docx"]

        [[meeting.item]]
        title = "Writer report"
        documents = ["writer.odt"]

        [[meeting.item]]
        title = "Report from Word for the web"
        documents = ["web.docx"]
        """
    )
    folder = ws.folder("cyp", "2024-03-28")
    # a picture on the machine that builds, outside the workspace: never to be published
    secret = ws.root.parent / "secret-picture.png"
    secret.write_bytes(png())
    pandoc_report(folder / "pandoc.docx")
    linked_report(folder / "linked.docx", secret, f"{base}/tracker.png")
    strict_report(folder / "strict.docx")
    # a secret of its own, not the linked report's: what either leaks is told apart
    writer_report(folder / "writer.odt", ws.root.parent / "writer-secret.png")
    (ws.root.parent / "writer-secret.png").write_bytes(png())
    word_for_the_web_report(folder / "web.docx")
    check = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    result = runner.invoke(app, ["build", "--workspace", str(ws.root)])
    assert result.exit_code == 0, result.output
    return ws.root, check.output


def _document(root: Path, name: str) -> tuple[Path, dict]:
    out = root / "build/cyp/2024-03-28"
    manifest = json.loads((out / "manifest.json").read_text())
    document = next(
        d for i in manifest["items"] for d in i["documents"] if d["source"].endswith(name)
    )
    return out / "pack.pdf", document


def _own_text(root: Path, name: str) -> str:
    pack, document = _document(root, name)
    first = document["first_page"]
    return "".join(text(pack, n) for n in range(first, first + document["pages"]))


def _page(root: Path, name: str) -> str:
    _, document = _document(root, name)
    page = root / "build/site/cyp/2024-03-28" / (Path(document["file"]).stem + ".html")
    return page.read_text(encoding="utf-8")


def _page_text(page: str) -> str:
    return re.sub(r"\s+", " ", lxml_html.fromstring(page).text_content())


def test_a_pandoc_report_is_in_the_pack_and_on_its_page_without_a_false_warning(built):
    root, check = built
    # pandoc writes an empty comments part into every file: no comment to warn of
    assert "'pandoc.docx'" not in check, check
    for marker in ("Qxpandocfirst", "Qxpandoclist", "Qxpandoccell", "Qxpandocnote"):
        assert marker in _own_text(root, "pandoc.docx")
    page = _page(root, "pandoc.docx")
    assert "<h2>Purpose</h2>" in page
    assert re.search(r"<ul><li>Qxpandoclist one</li>", page)
    assert '<th scope="col">Service</th>' in page or '<th scope="col"><p>Service</p>' in page
    assert 'alt="Qxpandocalt a green bar chart"' in page
    assert '<a href="https://www.example.gov.uk/strategy">' in page
    assert "Qxpandocnote" in _page_text(page)


def test_a_linked_picture_is_neither_fetched_nor_published(built, web):
    root, check = built
    _, seen = web
    # LibreOffice asked nothing of the web, and took nothing from the machine's disk
    assert seen == []
    pack, document = _document(root, "linked.docx")
    first, last = document["first_page"], document["first_page"] + document["pages"] - 1
    images = subprocess.run(
        ["pdfimages", "-list", "-f", str(first), "-l", str(last), str(pack)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()[2:]
    assert images == []
    assert "Qxlinkedwords" in _own_text(root, "linked.docx")
    # the author is told, and how to hold the pictures in the file instead
    assert (
        "'linked.docx' has 2 pictures linked from outside the file (file:///" in check
        and "left out of the pack; in Word, choose File > Info > Edit Links to Files" in check
    ), check
    # the web page shows each picture's description in its place
    page = _page_text(_page(root, "linked.docx"))
    assert "[Qxdiskalt]" in page and "[Qxwebalt]" in page


def test_a_strict_open_xml_report_is_checked_built_and_made_a_page(built):
    root, check = built
    assert "'strict.docx' has tracked changes" in check, check
    assert "'strict.docx' has a picture without alternative text on page 1" in check, check
    assert "'strict.docx' has a table without header cells on page 1" in check, check
    own = _own_text(root, "strict.docx")
    page = _page_text(_page(root, "strict.docx"))
    for marker in ("Qxstrictwords", "Qxstrictcell3", "Qxstrictinserted"):
        assert marker in own and marker in page


def test_other_namespace_prefixes_hide_no_tracked_change(ws):
    ws.committee(
        """\
        [[meeting]]
        date = 2024-03-28

        [[meeting.item]]
        title = "Prefixed"
        documents = ["prefixed.docx"]
        """
    )
    prefixed_report(ws.folder("cyp", "2024-03-28") / "prefixed.docx")
    check = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert "'prefixed.docx' has tracked changes: the pack shows them" in check.output
    fragment = convert((ws.folder("cyp", "2024-03-28") / "prefixed.docx").read_bytes())
    assert "Qxprefixinserted" in words(fragment) and "Qxprefixdeleted" not in fragment


def test_decorative_titled_and_right_to_left_content_as_check_and_page_have_it(ws):
    ws.committee(
        """\
        [[meeting]]
        date = 2024-03-28

        [[meeting.item]]
        title = "Featured"
        documents = ["featured.docx"]
        """
    )
    path = ws.folder("cyp", "2024-03-28") / "featured.docx"
    featured_report(path)
    check = runner.invoke(app, ["check", "--workspace", str(ws.root)]).output
    # a title is a description (LibreOffice gives the PDF's figure it); decorative is none
    assert "without alternative text" not in check, check
    # the altChunk's words would be missing: the author is told to let Word merge them
    assert (
        "'featured.docx' has text that Word merges in only when it opens the file (an "
        "altChunk, as programs that write Word files make), which is left out of the pack; "
        "open it in Word and save it again"
    ) in check, check
    fragment = convert(path.read_bytes())
    holder = lxml_html.fragment_fromstring(fragment, create_parent="div")
    alts = [image.get("alt") for image in holder.iter("img")]
    assert alts == ["", "Qxtitlealt a blue square"]
    by_text = {e.text_content().strip(): e for e in holder.iter("p")}
    assert by_text[ARABIC].get("dir") == "rtl" and by_text[ARABIC].get("lang") is None
    assert by_text[URDU].get("dir") == "rtl" and by_text[URDU].get("lang") == "ur-PK"
    welsh = next(e for text_, e in by_text.items() if text_.startswith("Qxfeaturedwords"))
    assert welsh.get("dir") is None and WELSH in welsh.text_content()
    assert "agendapack" not in fragment  # no marker of ours left in the page


def test_a_photograph_of_more_than_ten_megabytes_stays_on_the_web_page(tmp_path):
    """Its data: address is longer than the 10 MB libxml2 keeps of an attribute unless
    told otherwise: the picture became its description in brackets."""
    import os
    import struct
    import zlib

    side = 2000  # noise does not compress: 12 MB of PNG, 16 MB as a data: address
    rows = b"".join(b"\0" + os.urandom(side * 3) for _ in range(side))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    photograph = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows, 1))
        + chunk(b"IEND", b"")
    )
    document = Document()
    document.add_paragraph("Qxphotowords: the new library.")
    document.add_picture(io.BytesIO(photograph), width=Cm(15))
    document.inline_shapes[-1]._inline.docPr.set("descr", "The new library from the park")
    document.save(tmp_path / "photo.docx")
    fragment = convert((tmp_path / "photo.docx").read_bytes())
    holder = lxml_html.fragment_fromstring(
        fragment, create_parent="div", parser=lxml_html.HTMLParser(huge_tree=True)
    )
    images = list(holder.iter("img"))
    assert [image.get("alt") for image in images] == ["The new library from the park"]
    assert images[0].get("src", "").startswith("data:image/png;base64,iVBOR")
    assert "[The new library" not in words(fragment)


def test_a_writer_document_is_checked_as_a_word_file_is_and_built(built):
    root, check = built
    assert (
        "'writer.odt' has a picture without alternative text: in Writer, right-click each "
        "picture, choose Properties > Options and give it a Text Alternative"
    ) in check, check
    assert (
        "'writer.odt' has a table without header cells: in Writer, choose Table Properties > "
        "Text Flow and tick Repeat heading"
    ) in check, check
    assert "'writer.odt' has a picture linked from outside the file (file:///" in check, check
    own = _own_text(root, "writer.odt")
    assert "Qxwriterwords" in own and "Gymraeg" in own and "Qxwritercell11" in own
    pack, document = _document(root, "writer.odt")
    first, last = document["first_page"], document["first_page"] + document["pages"] - 1
    images = subprocess.run(
        ["pdfimages", "-list", "-f", str(first), "-l", str(last), str(pack)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()[2:]
    assert len(images) == 2  # the two pictures it holds; not the one it links to


def test_a_report_from_word_for_the_web_is_read_where_its_package_says(built):
    """Its main part is word/document2.xml: it was refused as "not a .docx document"."""
    root, check = built
    assert "'web.docx' is not" not in check, check
    assert "'web.docx' has hidden text, which is left out of the pack" in check, check
    assert "'web.docx' has a picture without alternative text" in check, check
    own = _own_text(root, "web.docx")
    page = _page_text(_page(root, "web.docx"))
    assert "Qxwebwords" in own and "Qxwebwords" in page
    assert "Qxwebhidden" not in own and "Qxwebhidden" not in page


def test_a_camera_s_photograph_is_scaled_for_the_web_page_and_turned_as_it_was_taken(tmp_path):
    import base64
    import os

    from PIL import Image

    width, height = 4000, 3000
    noise = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    taken = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was held upright: shown turned a quarter clockwise
    noise.save(taken, "JPEG", quality=90, exif=exif)
    assert len(taken.getvalue()) > 4 << 20
    document = Document()
    document.add_paragraph("Qxcamerawords: the site from the road.")
    document.add_picture(io.BytesIO(taken.getvalue()), width=Cm(15))
    document.inline_shapes[-1]._inline.docPr.set("descr", "The site from the road")
    document.save(tmp_path / "photo.docx")
    fragment = convert((tmp_path / "photo.docx").read_bytes())
    holder = lxml_html.fragment_fromstring(
        fragment, create_parent="div", parser=lxml_html.HTMLParser(huge_tree=True)
    )
    (image,) = holder.iter("img")
    assert image.get("alt") == "The site from the road"
    src = image.get("src")
    assert src.startswith("data:image/jpeg;base64,")
    shown = base64.b64decode(src.split(",", 1)[1])
    assert len(shown) < len(taken.getvalue()) // 2
    with Image.open(io.BytesIO(shown)) as picture:
        assert picture.format == "JPEG" and picture.size == (1500, 2000)


def test_a_picture_inserted_and_linked_is_held_in_the_file_and_not_warned_of(ws):
    """Word's Insert and Link keeps a copy beside the link: the copy is printed."""
    ws.committee(
        """\
        [[meeting]]
        date = 2024-03-28

        [[meeting.item]]
        title = "Inserted and linked"
        documents = ["both.docx"]
        """
    )
    path = ws.folder("cyp", "2024-03-28") / "both.docx"
    document = Document()
    document.core_properties.title = "Inserted and linked"
    document.add_picture(io.BytesIO(png()), width=Cm(1))
    document.inline_shapes[-1]._inline.docPr.set("descr", "Qxbothalt")
    document.save(path)

    def edit(parts: dict[str, bytes]) -> None:
        _relationship(parts, "rIdLinked", "image", "file:///S:/Photos/site.png")
        body = parts["word/document.xml"].decode()
        body = re.sub(r'(<a:blip r:embed="rId\d+")', r'\1 r:link="rIdLinked"', body)
        assert 'r:link="rIdLinked"' in body
        parts["word/document.xml"] = body.encode()

    _rewrite(path, edit)
    check = runner.invoke(app, ["check", "--workspace", str(ws.root)]).output
    assert "linked from outside" not in check, check
    assert 'alt="Qxbothalt" src="data:image/png;base64,' in convert(path.read_bytes())
