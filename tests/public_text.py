"""Every public output of a workspace, read back as text a person or a search engine sees.

Nothing is searched as raw bytes: a compressed stream or an escaped string would hide a
leak from such a search. PDFs give their page text (poppler) and every string, name and
decoded stream of every object reachable from the trailer (pypdf): metadata, XMP,
bookmarks, annotations, attachments. Word files give their XML unescaped, their text
runs joined and their part names; HTML is unescaped; calendars are unfolded and
unescaped; JSON is parsed.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from tests.pdftools import text


def _private(name: str) -> bool:
    """The exempt papers circulated to members, and the record of which they were."""
    return name.startswith("exempt-")


def public_files(root: Path) -> list[Path]:
    """The files of build/ that a council publishes (editions, calendars, the site) and the
    editions of record in published/.

    Left out: build/.cache/ (agendapack's own, private records included) and exempt
    packs. Everything else there, hidden files too, counts as published."""
    found = []
    for top in (root / "build", root / "published"):
        for path in sorted(top.rglob("*")):
            relative = path.relative_to(top)
            if not path.is_file() or relative.parts[0] == ".cache" or _private(path.name):
                continue
            found.append(path)
    return found


def _pdf_objects(path: Path) -> Iterator[str]:
    reader = PdfReader(path)
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    while stack:
        value = stack.pop()
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key in seen:
                continue
            seen.add(key)
            value = value.get_object()
        if isinstance(value, StreamObject):
            with contextlib.suppress(Exception):  # a filter pypdf cannot decode: an image
                yield value.get_data().decode("latin-1")
        if isinstance(value, DictionaryObject):
            for key, item in value.items():
                yield str(key)
                stack.append(item)
        elif isinstance(value, ArrayObject):
            stack.extend(value)
        elif isinstance(value, str):
            yield str(value)


def pdf_text(path: Path) -> str:
    return text(path) + "\n" + "\n".join(_pdf_objects(path))


def docx_text(path: Path) -> str:
    parts = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            parts.append(name)
            data = archive.read(name)
            if name.endswith((".xml", ".rels")):
                xml = data.decode("utf-8", errors="replace")
                parts.append(html.unescape(xml))
                parts.append(
                    "".join(html.unescape(t) for t in re.findall(r"<w:t[^>]*>([^<]*)", xml))
                )
    return "\n".join(parts)


def ics_text(path: Path) -> str:
    unfolded = re.sub(r"\r?\n[ \t]", "", path.read_text(encoding="utf-8"))
    return re.sub(r"\\([,;\\nN])", lambda m: "\n" if m[1] in "nN" else m[1], unfolded)


# The search index's files (build/site/pagefind/): gzip-compressed, then CBOR or JSON, in
# which every word and excerpt is a UTF-8 string.
PAGEFIND = (".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta", ".pagefind")


def pagefind_text(path: Path) -> str:
    data = path.read_bytes()
    with contextlib.suppress(OSError, EOFError):
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def as_text(path: Path) -> str:
    """The file as text, by its kind."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        body = pdf_text(path)
    elif suffix == ".docx":
        body = docx_text(path)
    elif suffix == ".ics":
        body = ics_text(path)
    elif suffix in PAGEFIND:
        body = pagefind_text(path)
    elif suffix == ".json":
        body = json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
    else:
        body = html.unescape(path.read_text(encoding="utf-8", errors="replace"))
    return body
