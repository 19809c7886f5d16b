"""Save a python-docx document with fixed zip timestamps, so regenerating a file that has
not changed gives the same bytes (and does not look like a change to builds or git).

It is also saved as lean as Word saves its own files. python-docx starts every document
from a template that defines all of Word 2010's hundred table styles (Light Shading,
Medium Grid 3 - Accent 6 ...), carries a second copy of its styles for Word 2010
(stylesWithEffects.xml) and a thumbnail of someone else's page: 800 KB in every report,
which LibreOffice reads style by style at every conversion (a quarter of its time on a
short report) and every other reader parses too. Word needs none of it: the built-in
table styles are listed in the styles part's latent styles, and Word makes one the
moment it is applied. The table styles a document uses are kept, with what they are
based on; so are every paragraph and character style, the gallery an officer picks from.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_LEFT_OUT = {"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"}
# the relationships and content-type overrides naming the parts left out
_NAMING_LEFT_OUT = re.compile(
    rb"<(?:Relationship|Override)\b[^>]*(?:stylesWithEffects|thumbnail)[^>]*/>"
)
_TABLE_STYLE_USED = re.compile(rb'<w:tblStyle w:val="([^"]+)"')


def save(document, path: Path) -> None:
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(buffer)
    used = {b"TableNormal", b"TableGrid"}
    for name in source.namelist():
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            used.update(_TABLE_STYLE_USED.findall(source.read(name)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in _LEFT_OUT:
                continue
            data = source.read(info)
            if info.filename in (
                "[Content_Types].xml",
                "_rels/.rels",
                "word/_rels/document.xml.rels",
            ):
                data = _NAMING_LEFT_OUT.sub(b"", data)
            if info.filename == "word/styles.xml":
                data = _without_unused_table_styles(data, {u.decode() for u in used})
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)
    path.write_bytes(out.getvalue())


def _without_unused_table_styles(data: bytes, used: set[str]) -> bytes:
    root = etree.fromstring(data)
    styles = {style.get(f"{{{W}}}styleId"): style for style in root.iter(f"{{{W}}}style")}
    keep = set()
    todo = [name for name in used if name in styles]
    while todo:  # a kept style keeps the one it is based on
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        based = styles[name].find(f"{{{W}}}basedOn")
        if based is not None and based.get(f"{{{W}}}val") in styles:
            todo.append(based.get(f"{{{W}}}val"))
    for name, style in styles.items():
        if style.get(f"{{{W}}}type") == "table" and name not in keep:
            root.remove(style)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
