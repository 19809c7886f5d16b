"""Compare two build folders: which files differ, and how.

Run: .venv/bin/python scripts/compare_builds.py A B [--all]

Made for changes that must not change what a build writes (a faster build, a new layer of
commands): build the same workspace before and after, then compare the two `build/`
folders. A PDF is compared by what a reader gets of it: its text (poppler's `pdftotext`),
its structure tree with the text of each element (`pdfinfo -struct-text`) and its outline
(bookmarks, read with pikepdf); PDFs differ in bytes from one run to the next only by
their /ID, which qpdf makes anew. Every other file is compared by its bytes. Files under
`.cache/` are agendapack's own and left out unless `--all` is given.

Prints one line per file that differs or is only on one side, then a count; exits 1 when
anything differs, 0 when the two are the same.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path


def _files(root: Path, everything: bool) -> set[str]:
    found = set()
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        name = path.relative_to(root).as_posix()
        if not everything and (name.startswith(".cache/") or "/.cache/" in name):
            continue
        found.add(name)
    return found


def _run(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, check=False)
    return done.stdout.decode("utf-8", errors="replace") + f"\n(exit {done.returncode})"


def _outline(path: Path) -> str:
    import pikepdf

    lines = []
    try:
        with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
            pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}

            def walk(items, depth: int) -> None:
                for item in items:
                    target = ""
                    destination = item.destination
                    if isinstance(destination, pikepdf.Array) and len(destination):
                        target = str(pages.get(destination[0].objgen, "?"))
                    elif destination is not None:
                        target = str(destination)
                    lines.append(f"{'  ' * depth}{item.title} -> {target}")
                    walk(item.children, depth + 1)

            walk(outline.root, 0)
    except pikepdf.PdfError as exc:
        lines.append(f"unreadable: {exc}")
    return "\n".join(lines)


def _page_sizes(path: Path) -> str:
    """Each page's size and rotation, as pdfinfo says them; not its dates, which a
    converted PDF takes from the clock."""
    lines = _run(["pdfinfo", "-f", "1", "-l", "99999", str(path)]).splitlines()
    return "\n".join(line for line in lines if line.startswith(("Page", "(exit")))


def pdf_difference(a: Path, b: Path) -> str:
    """What differs between two PDFs for a reader: "" when nothing does."""
    if a.read_bytes() == b.read_bytes():
        return ""
    checks = (
        ("text", lambda p: _run(["pdftotext", "-q", "-enc", "UTF-8", str(p), "-"])),
        ("structure", lambda p: _run(["pdfinfo", "-struct-text", str(p)])),
        ("page sizes", _page_sizes),
        ("outline", _outline),
    )
    differ = [name for name, read in checks if read(a) != read(b)]
    return ", ".join(differ)


def compare(a: Path, b: Path, everything: bool = False) -> list[str]:
    """One line for each file that differs or is only on one side."""
    left, right = _files(a, everything), _files(b, everything)
    lines = [f"only in {a}: {name}" for name in sorted(left - right)]
    lines += [f"only in {b}: {name}" for name in sorted(right - left)]
    for name in sorted(left & right):
        first, second = a / name, b / name
        if name.lower().endswith(".pdf"):
            differ = pdf_difference(first, second)
            if differ:
                lines.append(f"differs: {name} (PDF: {differ})")
        elif first.read_bytes() != second.read_bytes():
            lines.append(f"differs: {name}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--all", action="store_true", help="compare build/.cache/ too")
    args = parser.parse_args()
    for folder in (args.a, args.b):
        if not folder.is_dir():
            print(f"{folder}: error: not a folder", file=sys.stderr)
            return 2
    lines = compare(args.a, args.b, args.all)
    for line in lines:
        print(line)
    compared = len(_files(args.a, args.all) | _files(args.b, args.all))
    summary = f"{compared} files compared, {len(lines)} differ" if lines else "the same"
    print(summary if lines else f"{compared} files: {summary}")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
