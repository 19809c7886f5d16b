"""Save a python-docx document with fixed zip timestamps, so regenerating a file that has
not changed gives the same bytes (and does not look like a change to builds or git)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path


def save(document, path: Path) -> None:
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info))
    path.write_bytes(out.getvalue())
