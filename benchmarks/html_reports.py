"""Measurement: which library makes the HTML page of a Word report (issue 26, part 6).

Run: .venv/bin/python benchmarks/html_reports.py [DOCX ...]   (needs LibreOffice: `make
test` installs it). With no arguments it reads the corpus's Word files
(../shared/corpus/docx/) and the example workspace's reports (packs/).

For each file it counts, in the Word file itself, what a reader must be given: headings
(paragraphs of a "heading N" or "Title" style), list paragraphs (numbered or bulleted),
tables, header rows (`w:tblHeader`), pictures, pictures with alternative text (`descr`)
and hyperlinks; and the words of the body. Then it converts the file with mammoth
(in-process) and with LibreOffice's XHTML export (`soffice --convert-to xhtml`, one call
for all the files, as a build would use its running workers) and counts the same things
in each HTML: h1-h6, li, table, th, img, img with non-empty alt, a[href], and the share
of the body's words found in the page's text. Prints a table and the totals; the time per
report is the CPU time, median of three runs (mammoth, plain and as agendapack
runs it) or the batch's time divided by the files
(LibreOffice). Reported, never asserted: this is not a test.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "wp": WP}
KEYS = ("headings", "lists", "tables", "header rows", "images", "alt", "links")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def source_counts(path: Path) -> tuple[dict[str, int], list[str]]:
    """What the Word file holds, read from its XML."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        body = etree.fromstring(archive.read("word/document.xml"))
        styles = (
            etree.fromstring(archive.read("word/styles.xml"))
            if "word/styles.xml" in names
            else None
        )
    heading_ids, list_ids = set(), set()
    if styles is not None:
        for style in styles.iterfind("w:style", NS):
            name = style.find("w:name", NS)
            label = (name.get(f"{{{W}}}val") if name is not None else "").lower()
            sid = style.get(f"{{{W}}}styleId")
            if re.fullmatch(r"heading [1-6]|title", label):
                heading_ids.add(sid)
            if style.find("w:pPr/w:numPr", NS) is not None:
                list_ids.add(sid)
    counts = dict.fromkeys(KEYS, 0)
    for paragraph in body.iter(f"{{{W}}}p"):
        style = paragraph.find("w:pPr/w:pStyle", NS)
        sid = style.get(f"{{{W}}}val") if style is not None else None
        counts["headings"] += sid in heading_ids
        counts["lists"] += paragraph.find("w:pPr/w:numPr", NS) is not None or sid in list_ids
    counts["tables"] = len(body.findall(".//w:tbl", NS))
    counts["header rows"] = len(body.findall(".//w:trPr/w:tblHeader", NS))
    pictures = body.findall(".//wp:docPr", NS)
    counts["images"] = len(pictures)
    counts["alt"] = sum(bool((p.get("descr") or "").strip()) for p in pictures)
    counts["links"] = len(body.findall(".//w:hyperlink", NS)) + len(
        [t for t in body.iter(f"{{{W}}}instrText") if "HYPERLINK" in (t.text or "")]
    )
    text = " ".join(t.text or "" for t in body.iter(f"{{{W}}}t"))
    return counts, _words(text)


class _Counter(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.counts = dict.fromkeys(KEYS, 0)
        self.text: list[str] = []
        self.skip = 0
        self.row_has_th = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.counts["headings"] += 1
        elif tag == "li":
            self.counts["lists"] += 1
        elif tag == "table":
            self.counts["tables"] += 1
        elif tag == "tr":
            self.row_has_th = False
        elif tag == "th" and not self.row_has_th:
            self.counts["header rows"] += 1  # rows with a header cell
            self.row_has_th = True
        elif tag == "img":
            self.counts["images"] += 1
            self.counts["alt"] += bool((attributes.get("alt") or "").strip())
        elif tag == "a" and attributes.get("href") and not attributes["href"].startswith("#"):
            self.counts["links"] += 1
        elif tag in ("style", "script", "head"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script", "head"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def html_counts(markup: str) -> tuple[dict[str, int], set[str]]:
    counter = _Counter()
    counter.feed(markup)
    return counter.counts, set(_words(" ".join(counter.text)))


def agendapack_html(path: Path) -> str:
    from agendapack.documents.word_html import convert

    return convert(path.read_bytes())


def mammoth_html(path: Path) -> str:
    import mammoth

    with path.open("rb") as handle:
        return mammoth.convert_to_html(handle).value


def libreoffice_batch(paths: list[Path], out: Path) -> float:
    """One soffice call converting every file to XHTML; its time in seconds."""
    profile = out / "profile"
    start = time.perf_counter()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "html:XHTML Writer File:UTF8",
            "--outdir",
            str(out),
            *map(str, paths),
        ],
        check=False,
        capture_output=True,
        timeout=600,
    )
    return time.perf_counter() - start


def main() -> None:
    paths = [Path(a) for a in sys.argv[1:]] or sorted(CORPUS.glob("*.docx")) + sorted(
        (ROOT / "packs").rglob("*.docx")
    )
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        if not sys.argv[1:]:
            # the corpus has few header rows, links or described pictures: a report that has
            sys.path.insert(0, str(ROOT))
            from tests.word_reports import write_rich_report

            write_rich_report(out / "rich-report.docx")
            paths.append(out / "rich-report.docx")
        # distinct names for LibreOffice's outputs
        copies = []
        for index, path in enumerate(paths):
            copy = out / f"{index:03d}-{path.name}"
            shutil.copy(path, copy)
            copies.append(copy)
        libreoffice_batch(copies[:1], out / "warm")  # the first start makes the profile
        lo_seconds = [libreoffice_batch(copies, out / "lo") for _ in range(3)]
        rows, totals = [], {name: dict.fromkeys(KEYS, 0) for name in ("word", "mammoth", "lo")}
        recall = {"mammoth": [], "lo": []}
        times, ours, failures = [], [], {"mammoth": 0, "lo": 0}
        for path, copy in zip(paths, copies, strict=True):
            want, words = source_counts(path)
            results = {}
            try:
                runs = []
                for _ in range(3):
                    start = time.process_time()
                    markup = mammoth_html(path)
                    runs.append(time.process_time() - start)
                times.append(statistics.median(runs))
                results["mammoth"] = html_counts(markup)
                runs = []
                for _ in range(3):
                    start = time.process_time()
                    agendapack_html(path)
                    runs.append(time.process_time() - start)
                ours.append(statistics.median(runs))
            except Exception as exc:  # noqa: BLE001 - a measurement: note it and go on
                failures["mammoth"] += 1
                print(f"mammoth failed on {path.name}: {type(exc).__name__}: {exc}")
            produced = out / "lo" / (copy.stem + ".html")
            if produced.is_file():
                results["lo"] = html_counts(produced.read_text(encoding="utf-8", errors="replace"))
            else:
                failures["lo"] += 1
            for key in KEYS:
                totals["word"][key] += want[key]
            row = [path.name] + [str(want[k]) for k in KEYS]
            for name in ("mammoth", "lo"):
                if name not in results:
                    row.append("failed")
                    continue
                got, seen = results[name]
                for key in KEYS:
                    totals[name][key] += got[key]
                share = sum(w in seen for w in words) / len(words) if words else 1.0
                recall[name].append(share)
                row.append("/".join(str(got[k]) for k in KEYS) + f" {share:.0%}")
            rows.append(row)
        for row in rows:
            print(" | ".join(row))
        print()
        print("| | " + " | ".join(KEYS) + " | words found | failed |")
        print("|---" * (len(KEYS) + 3) + "|")
        for name, label in (("word", "in the Word files"), ("mammoth", "mammoth"), ("lo", "LO")):
            found = f"{statistics.mean(recall[name]):.1%}" if name in recall else ""
            failed = str(failures.get(name, ""))
            print(
                f"| {label} | "
                + " | ".join(str(totals[name][k]) for k in KEYS)
                + f" | {found} | {failed} |"
            )
        print()
        print(
            f"{len(paths)} files; mammoth per report: median "
            f"{statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms, "
            f"total {sum(times):.2f} s"
        )
        print(
            f"agendapack's conversion (mammoth, styles slimmed, parts read by lxml) per report: "
            f"median {statistics.median(ours) * 1000:.1f} ms, max {max(ours) * 1000:.1f} ms, "
            f"total {sum(ours):.2f} s"
        )
        print(
            "LibreOffice --convert-to xhtml, one call for all: "
            + ", ".join(f"{s:.2f} s" for s in lo_seconds)
            + f" ({statistics.median(lo_seconds) / len(paths) * 1000:.0f} ms a file)"
        )


if __name__ == "__main__":
    main()
