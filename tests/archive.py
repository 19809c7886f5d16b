"""A council's archive, made up: committees with years of meetings, as if built.

For the search and open data at a council's scale (tests/test_open_data.py, small;
benchmarks/search.py, 20 committees over six years). Each meeting has a programme entry
and a built edition in build/ (manifest.json as `build` writes it, pack.pdf, agenda.pdf
and documents/) whose pages carry text drawn from a fixed vocabulary, so that the index
has as many different words as a real archive's. Nothing is converted by LibreOffice: the
PDFs are written directly with pikepdf. Seeded: the same arguments make the same archive.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name

from agendapack.pack.manifest import MANIFEST_SCHEMA

SYLLABLES = [c + v for c in "bdklmnrstv" for v in "aeiou"]
MONTHS = (6, 7, 9, 10, 11, 1, 3)  # a committee's seven meetings a municipal year


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _pdf(path: Path, pages: list[str]) -> None:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    for text in pages:
        page = pdf.add_blank_page(page_size=(595, 842))
        words = text.split()
        lines = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
        ops = ["BT /F1 10 Tf 14 TL 60 780 Td"]
        ops += [f"({line}) '" for line in lines]
        ops.append("ET")
        page.obj.Contents = pdf.make_stream("\n".join(ops).encode("latin-1"))
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path, deterministic_id=True)


def make_archive(
    root: Path,
    committees: int = 20,
    years: int = 6,
    *,
    pages: int = 4,
    words: int = 300,
    vocabulary: int = 20000,
) -> int:
    """Write the archive's workspace at `root`; returns the number of meetings.

    Each meeting: apologies, declarations, minutes (2 pages), two reports of `pages` pages,
    the second with an appendix, and the work programme (1 page); `words` words a page."""
    rng = random.Random(27)
    vocab = _vocabulary(rng, vocabulary)
    # words come as in prose: the n-th commonest n times less often than the first (Zipf)
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(vocab) + 1)))
    (root / "programme").mkdir(parents=True)
    (root / "programme/council.toml").write_text(
        'name = "Archive Council"\npublish_url = "https://archive.example.gov.uk/"\n'
        'uid_domain = "archive.example.gov.uk"\nmax_items = 99\n'
    )
    meetings = 0
    first = 2026 - years
    for c in range(committees):
        slug = f"committee-{c:02d}"
        name = f"Committee {c:02d}"
        lines = [
            f'name = "{name}"',
            f'year = "{first + years - 1}/{(first + years) % 100:02d}"',
            'venue = "Council House"',
            "[officer]",
            f'name = "Officer {c:02d}"',
            f'email = "officer{c:02d}@archive.example.gov.uk"',
        ]
        for y in range(years):
            for month in MONTHS:
                year = first + y + (1 if month < 5 else 0)
                date = dt.date(year, month, 10 + c % 10)
                meetings += 1
                topics = [" ".join(rng.choices(vocab[-5000:], k=3)).title() for _ in range(2)]
                lines += ["[[meeting]]", f"date = {date.isoformat()}"]
                for topic in topics:
                    purpose = " ".join(rng.choices(vocab, cum_weights=weights, k=10))
                    lines += ["[[meeting.item]]", f'title = "{topic}"', f'purpose = "{purpose}"']
                _edition(root, slug, name, date, topics, rng, (vocab, weights), pages, words)
        (root / "programme" / f"{slug}.toml").write_text("\n".join(lines) + "\n")
    return meetings


def _edition(
    root: Path,
    slug: str,
    name: str,
    date: dt.date,
    topics: list[str],
    rng: random.Random,
    vocab: tuple[list[str], list[float]],
    pages: int,
    words: int,
) -> None:
    folder = root / "build" / slug / date.isoformat()

    def text(count: int) -> list[str]:
        return [
            " ".join(rng.choices(vocab[0], cum_weights=vocab[1], k=words)) for _ in range(count)
        ]

    # the pack's parts in order, each starting on an odd page as `build` lays them
    parts: list[tuple[int, str, str, int]] = []  # item number, title, file, pages
    parts.append((3, "Minutes of the last meeting", "minutes", 2))
    parts.append((4, topics[0], "report-1", pages))
    parts.append((5, topics[1], "report-2", pages))
    parts.append((5, "Appendix 1", "appendix-2", pages))
    parts.append((6, "Work Programme", "work-programme", 1))
    pack = ["Agenda " + " ".join(topics)]
    documents: dict[int, list[dict]] = {}
    for number, title, key, count in parts:
        if len(pack) % 2:
            pack.append("")  # This page is intentionally left blank
        body = text(count)
        _pdf(folder / "documents" / f"{key}.pdf", body)
        documents.setdefault(number, []).append(
            {
                "title": title,
                "source": None,
                "generated": "work-programme" if key == "work-programme" else None,
                "file": f"documents/{key}.pdf",
                "pages": count,
                "first_page": len(pack) + 1,
                "sha256": "0" * 64,
            }
        )
        pack += body
    _pdf(folder / "pack.pdf", pack)
    _pdf(folder / "agenda.pdf", pack[:1])
    standing = {1: "apologies", 2: "declarations", 3: "minutes", 6: "work-programme"}
    titles = {
        1: "Apologies for Absence",
        2: "Declarations of Interest",
        3: "Minutes",
        4: topics[0],
        5: topics[1],
        6: "Work Programme",
    }
    items = []
    for number, title in titles.items():
        docs = documents.get(number, [])
        items.append(
            {
                "number": number,
                "title": title,
                "subtitle": "",
                "purpose": "",
                "note": "",
                "standing": standing.get(number),
                "exempt": None,
                "has_exempt_appendix": False,
                "pages": "",
                "first_page": min((d["first_page"] for d in docs), default=None),
                "documents": docs,
            }
        )
    manifest = {
        "schema": MANIFEST_SCHEMA,
        "committee": {"slug": slug, "name": name},
        "meeting": {"date": date.isoformat(), "time": "10:00", "venue": "Council House"},
        "pages": len(pack),
        "fingerprint": "archive",
        "pack": "pack.pdf",
        "agenda": "agenda.pdf",
        "exempt_pack": False,
        "items": items,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
