"""The labelled set of minutes: councils' minutes in their own layouts, each labelled with
what a careful officer would track, and how well `agendapack resolutions` reads them.

Each council's minutes are written once, in `tests/minutes/labelled/<name>.toml`, in a
small mark-up (below), with the meeting's agenda and the labels. From it this script
makes what a council would hand over: the Word file (Word numbering its lists where the
mark-up says so), the PDF LibreOffice makes of it, and the text a person would paste.

    python scripts/minutes_set.py build   # .docx, .pdf and .txt beside each .toml
    python scripts/minutes_set.py score   # recall, precision, kind and item, per file

The mark-up of `minutes`, a paragraph a line (blank lines are ignored):

    # TEXT            a heading in bold
    ## TEXT           a heading in Word's Heading 2 style
    N* LABEL TEXT     a paragraph Word numbers itself at level N (0, 1, 2): LABEL is what
                      Word shows ("1.", "(a)", "(i)", "a)", "1.1", "•"), not in the text;
                      a first label ("1.", "(a)", "(i)") at level 0 starts a new list
    | A | B |         a table row; consecutive rows are one table; **A** is bold
    @header TEXT      the running header; @footer TEXT the running footer
    @pagebreak        a page break
    anything else     a paragraph, as typed (typed numbers included)

The labels: `[[track]]` (kind, item, text) for each resolution a careful officer tracks,
`[[ignore]]` (text) for what must never be tracked. `[[item]]` (number, title, exempt)
is the meeting's agenda as the programme has it.
"""

from __future__ import annotations

import difflib
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "tests" / "minutes" / "labelled"
VARIANTS = (".docx", ".pdf", ".txt")
# The PDF read again from its layout alone, as an untagged PDF is read.
UNTAGGED = ".pdf (untagged)"


# -- the set ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    kind: str
    item: str
    text: str


@dataclass(frozen=True)
class Labelled:
    name: str
    council: str
    body: str  # the committee, cabinet or council whose minutes these are
    minutes: str
    items: tuple[tuple[int, str, bool], ...]
    track: tuple[Label, ...]
    ignore: tuple[str, ...]
    markers: tuple[str, ...] = ()  # words found only in the exempt resolutions
    exempt_papers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by item title

    def agenda(self):  # -> tuple[MinuteItem, ...]
        from agendapack.minutes.parse import MinuteItem

        return tuple(
            MinuteItem(t, n, e, exempt_papers=self.exempt_papers.get(t, ()))
            for n, t, e in self.items
        )


def load(path: Path) -> Labelled:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Labelled(
        path.stem,
        data["council"],
        data.get("body", ""),
        data["minutes"],
        tuple((i.get("number", 0), i["title"], bool(i.get("exempt"))) for i in data["item"]),
        tuple(Label(t["kind"], t.get("item", ""), t["text"]) for t in data.get("track", [])),
        tuple(i["text"] for i in data.get("ignore", [])),
        tuple(data.get("markers", ())),
        {i["title"]: tuple(i["exempt_papers"]) for i in data["item"] if "exempt_papers" in i},
    )


def labelled_set() -> list[Labelled]:
    return [load(path) for path in sorted(SET.glob("*.toml"))]


# -- making the files -------------------------------------------------------------------

_LISTED = re.compile(r"^(\d)\*\s+(\S+)\s+(.*)$")
_ROW = re.compile(r"^\|(.*)\|\s*$")


def _format(label: str, level: int) -> tuple[str, str, int]:
    """Word's number format, level text and start for a label as Word shows it."""
    slot = f"%{level + 1}"
    if label in ("•", "-", "●", "▪"):
        return "bullet", label, 1
    if re.fullmatch(r"\d+(?:\.\d+)+\.?", label):
        parts = label.rstrip(".").split(".")
        text = ".".join(f"%{n + 1}" for n in range(len(parts)))
        return "decimal", text + ("." if label.endswith(".") else ""), int(parts[-1])
    match = re.fullmatch(r"(\(?)([0-9]+|[a-z]+|[A-Z]+)([.)]?)", label)
    if not match:
        raise ValueError(f"not a label Word could show: {label!r}")
    before, body, after = match.groups()
    if body.isdigit():
        kind, start = "decimal", int(body)
    elif re.fullmatch(r"[ivxlc]+", body):  # a list's first label: "i." starts a roman list
        kind, start = "lowerRoman", 1
    elif re.fullmatch(r"[IVXLC]+", body):
        kind, start = "upperRoman", 1
    elif body.islower():
        kind, start = "lowerLetter", ord(body[0]) - ord("a") + 1
    else:
        kind, start = "upperLetter", ord(body[0]) - ord("A") + 1
    return kind, f"{before}{slot}{after}", start


def _first(label: str) -> bool:
    return label.strip("().").lower() in ("1", "a", "i") or label in ("•", "-")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Until a list shows a level's label, the level is numbered as most councils number it.
_DEFAULT_LEVELS = {
    0: ("decimal", "%1.", 1),
    1: ("lowerLetter", "(%2)", 1),
    2: ("lowerRoman", "(%3)", 1),
}


class _Numbering:
    """Word list definitions added to a document, one per list: every level defined when
    the list starts, each level's format set by the first label the list shows there."""

    def __init__(self, document) -> None:
        from docx.oxml import parse_xml

        self.parse_xml = parse_xml
        self.part = document.part.numbering_part.element
        self.next_id = 900
        self.seen: set[int] = set()
        self.abstract = None
        self.num_id: int | None = None

    def start(self) -> None:
        self.num_id = None
        self.seen = set()

    def _level(self, n: int, kind: str, text: str, start: int) -> str:
        return (
            f'<w:lvl w:ilvl="{n}"><w:start w:val="{start}"/><w:numFmt w:val="{kind}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 * (n + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        )

    def number(self, paragraph, level: int, label: str) -> None:
        from docx.oxml.ns import nsdecls

        if level == 0 and _first(label):
            self.start()
        if self.num_id is None:
            self.next_id += 1
            levels = "".join(self._level(n, *_DEFAULT_LEVELS[n]) for n in sorted(_DEFAULT_LEVELS))
            self.abstract = self.parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{self.next_id}">'
                f"{levels}</w:abstractNum>"
            )
            first_num = self.part.find(f"{_W}num")
            if first_num is not None:
                first_num.addprevious(self.abstract)
            else:
                self.part.append(self.abstract)
            self.part.append(
                self.parse_xml(
                    f'<w:num {nsdecls("w")} w:numId="{self.next_id}">'
                    f'<w:abstractNumId w:val="{self.next_id}"/></w:num>'
                )
            )
            self.num_id = self.next_id
        if level not in self.seen:
            self.seen.add(level)
            kind, text, start = _format(label, level)
            for old in self.abstract.findall(f"{_W}lvl"):
                if old.get(f"{_W}ilvl") == str(level):
                    old.addprevious(
                        self.parse_xml(
                            f"<w:lvl {nsdecls('w')}" + self._level(level, kind, text, start)[6:]
                        )
                    )
                    self.abstract.remove(old)
        properties = paragraph._p.get_or_add_pPr()
        properties.append(
            self.parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                f'<w:numId w:val="{self.num_id}"/></w:numPr>'
            )
        )


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.split("|")]


def write_docx(labelled: Labelled, path: Path) -> None:
    import docx

    sys.path.insert(0, str(ROOT / "scripts"))
    from docx_save import save

    document = docx.Document()
    numbering = _Numbering(document)
    table = None
    for line in labelled.minutes.splitlines():
        line = line.strip()
        if not line:
            continue
        row = _ROW.match(line)
        if row:
            cells = _cells(row[1])
            if table is None or len(table.columns) != len(cells):
                table = document.add_table(rows=0, cols=len(cells))
                table.style = "Table Grid"
            new = table.add_row()
            for cell, text in zip(new.cells, cells, strict=True):
                bold = text.startswith("**") and text.endswith("**")
                cell.paragraphs[0].add_run(text.strip("*")).bold = bold
            continue
        table = None
        listed = _LISTED.match(line)
        if line.startswith("## "):
            numbering.start()
            document.add_paragraph(line[3:], style="Heading 2")
        elif line.startswith("# "):
            numbering.start()
            document.add_paragraph().add_run(line[2:]).bold = True
        elif line.startswith("@header "):
            document.sections[0].header.paragraphs[0].text = line[8:]
        elif line.startswith("@footer "):
            document.sections[0].footer.paragraphs[0].text = line[8:]
        elif line == "@pagebreak":
            document.add_page_break()
        elif listed:
            paragraph = document.add_paragraph(listed[3])
            numbering.number(paragraph, int(listed[1]), listed[2])
        else:
            document.add_paragraph(line)
    save(document, path)


def write_txt(labelled: Labelled, path: Path) -> None:
    """The text as a person pastes it from the Word file: Word's numbers typed in."""
    lines = []
    for line in labelled.minutes.splitlines():
        line = line.strip()
        if not line or line.startswith(("@header", "@footer")) or line == "@pagebreak":
            continue
        row = _ROW.match(line)
        listed = _LISTED.match(line)
        if row:
            lines.append(" ".join(cell.strip("*") for cell in _cells(row[1]) if cell))
        elif line.startswith("#"):
            lines.append(line.lstrip("#").strip())
        elif listed:
            lines.append(f"{listed[2]} {listed[3]}")
        else:
            lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(only: list[str]) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from agendapack.documents.convert import Converter, Job

    chosen = [item for item in labelled_set() if not only or item.name in only]
    sources = []
    for labelled in chosen:
        write_txt(labelled, SET / f"{labelled.name}.txt")
        write_docx(labelled, SET / f"{labelled.name}.docx")
        sources.append(SET / f"{labelled.name}.docx")
    cache = ROOT / "build" / ".cache" / "minutes-set"
    with Converter(cache) as converter:
        pdfs = converter.convert([Job(path, path.name) for path in sources])
    for source, pdf in zip(sources, pdfs, strict=True):
        source.with_suffix(".pdf").write_bytes(pdf.read_bytes())
        print(f"wrote {source.stem}.docx, .pdf, .txt")


# -- scoring ----------------------------------------------------------------------------


def _said(text: str) -> str:
    text = text.casefold().replace("’", "'").replace("–", "-").replace("—", "-")
    return " ".join(re.sub(r"[^\w'£%-]+", " ", text).split())


def same(label: str, found: str) -> bool:
    """Whether a found resolution is the labelled one: the same words, give or take a
    label, a subject carried in from the words before a sub-list, or a character."""
    a, b = _said(label), _said(found)
    if not a or not b:
        return False
    if a == b or (len(a) > 20 and a in b) or (len(b) > 0.75 * len(a) and b in a):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.9


@dataclass
class Score:
    name: str
    variant: str
    labels: int = 0
    found: int = 0  # labelled resolutions found
    right: int = 0  # ...with the right kind and item
    extra: list[str] = field(default_factory=list)  # tracked, but not labelled
    forbidden: list[str] = field(default_factory=list)  # tracked, but labelled "ignore"
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def score(labelled: Labelled, variant: str) -> Score:
    sys.path.insert(0, str(ROOT / "src"))
    from agendapack.minutes.parse import exempt_minutes, read_resolutions
    from agendapack.minutes.read import read_minutes

    path = SET / f"{labelled.name}{variant.split()[0]}"
    items = labelled.agenda()
    paragraphs = read_minutes(path, path.name, tags=variant != UNTAGGED)
    everything = read_resolutions(paragraphs, items, labelled.body)
    if exempt_minutes(path.name, paragraphs):
        everything = []  # refused whole, as `resolutions` refuses exempt minutes
    tracked = [r for r in everything if not r.left_out]
    result = Score(labelled.name, variant, labels=len(labelled.track))
    used: set[int] = set()
    for label in labelled.track:
        match = next(
            (i for i, r in enumerate(tracked) if i not in used and same(label.text, r.text)),
            None,
        )
        if match is None:
            result.missed.append(label.text)
            continue
        used.add(match)
        result.found += 1
        got = tracked[match]
        if got.kind == label.kind and got.item == label.item:
            result.right += 1
        else:
            result.wrong.append(f"{label.text[:50]}: {got.kind}/{got.item!r}")
    for i, r in enumerate(tracked):
        if i in used:
            continue
        result.extra.append(r.text)
        if any(same(text, r.text) for text in labelled.ignore):
            result.forbidden.append(r.text)
    return result


def scores() -> list[Score]:
    return [
        score(item, variant)
        for item in labelled_set()
        for variant in (*VARIANTS, UNTAGGED)
        if (SET / f"{item.name}{variant.split()[0]}").is_file()  # `build` makes it
    ]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def report(all_scores: list[Score], verbose: bool = False) -> None:
    print(f"{'file':36} {'labels':>6} {'recall':>7} {'precision':>9} {'kind+item':>9}")
    for s in all_scores:
        tracked = s.found + len(s.extra)
        print(
            f"{s.name + s.variant:36} {s.labels:6} {_percent(s.found, s.labels):>7} "
            f"{_percent(s.found, tracked):>9} {_percent(s.right, s.labels):>9}"
            + (f"  FORBIDDEN {len(s.forbidden)}" if s.forbidden else "")
        )
        if verbose:
            for text in s.missed:
                print(f"    missed: {text[:110]}")
            for text in s.extra:
                print(f"    extra: {text[:110]}")
            for text in s.wrong:
                print(f"    wrong: {text[:110]}")
    labels = sum(s.labels for s in all_scores)
    found = sum(s.found for s in all_scores)
    tracked = found + sum(len(s.extra) for s in all_scores)
    right = sum(s.right for s in all_scores)
    forbidden = sum(len(s.forbidden) for s in all_scores)
    print(
        f"{'overall':36} {labels:6} {_percent(found, labels):>7} {_percent(found, tracked):>9} "
        f"{_percent(right, labels):>9}  forbidden tracked: {forbidden}"
    )


def main(argv: list[str]) -> None:
    if argv[:1] == ["build"]:
        build(argv[1:])
    elif argv[:1] == ["score"]:
        report(scores(), verbose="-v" in argv)
    else:
        print(__doc__)
        raise SystemExit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
