"""A page's words as a reader reads them: blocks, columns, tables, running headers.

Pure functions over the lines poppler finds on a page (`pdftotext -bbox-layout`, whose
lines break at a column's gutter but whose blocks and flows run across columns, so only
its lines are used). The ideas are pdfminer.six's (lines grouped into boxes by how close
and aligned they are, then the boxes ordered) and pdfplumber's text strategy for tables
(words aligned in columns across rows), written small: an untagged appendix is an Excel
export, a Chrome print, a report of another body, not a newspaper.

Coordinates are poppler's: points from the top left of the page as it is shown.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]  # x0, y0 (top), x1, y1 (bottom)


@dataclass(frozen=True)
class Line:
    """One line of words as poppler reads it."""

    box: Box
    text: str
    bold: bool = False  # every letter of it in a bold font

    @property
    def height(self) -> float:
        """The size of its letters: across a line set sideways (a page turned with its text
        left as it was), along one set upright."""
        width, height = self.box[2] - self.box[0], self.box[3] - self.box[1]
        return width if height > 1.5 * width and len(self.text) > 2 else height


@dataclass
class Unit:
    """What a reader meets as one thing: a block of text (a paragraph, a heading, a list),
    a table, a picture, or a line in the page's top or bottom margin."""

    kind: str  # "text", "list", "table", "picture", "top", "bottom"
    box: Box
    # text: its lines; list: its items' lines; table: rows of cells, each cell's lines;
    # picture: nothing (the picture is drawn, not read)
    lines: list[int] = field(default_factory=list)
    items: list[list[int]] = field(default_factory=list)
    rows: list[list[list[int]]] = field(default_factory=list)
    header: bool = False  # a table whose first row heads its columns


# A margin's share of the page's height where running headers and footers sit.
MARGIN = 0.1
# The characters and numberings that start a list item.
_MARKER = re.compile(
    r"^(?:[\u2022\u25cf\u25aa\u25e6\u2023\u25cb\u25a0\u25a1\u2013\u2014\u00b7\ue000-\uf8ff*-]"
    r"|\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)])(?:\s|$)"
)


def is_list_item(text: str) -> bool:
    return bool(_MARKER.match(text))


def _core(box: Box) -> tuple[float, float]:
    """The middle of a line's height: poppler's boxes run from ascent to descent, so the
    boxes of lines set close overlap where their letters do not."""
    quarter = (box[3] - box[1]) / 4
    return box[1] + quarter, box[3] - quarter


def _union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _rows(indices: list[int], lines: list[Line]) -> list[list[int]]:
    """Lines side by side (their middles overlapping), top to bottom, each row left to right."""
    rows: list[list[int]] = []
    bottom = -1e9
    for index in sorted(indices, key=lambda i: (_core(lines[i].box)[0], lines[i].box[0])):
        top, low = _core(lines[index].box)
        if rows and top < bottom:
            rows[-1].append(index)
            bottom = max(bottom, low)
        else:
            rows.append([index])
            bottom = low
    return [sorted(row, key=lambda i: lines[i].box[0]) for row in rows]


# -- tables --------------------------------------------------------------------------


def _columns(segments: list[Box]) -> list[tuple[float, float]]:
    """The x ranges that the segments' ranges, overlapping, make."""
    spans: list[list[float]] = []
    for x0, _, x1, _ in sorted(segments):
        if spans and x0 < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    return [(a, b) for a, b in spans]


def _grid(rows: list[list[int]], lines: list[Line]) -> list[tuple[float, float]] | None:
    """The columns of a run of rows if its words sit in a grid: two columns at least, no
    row with two segments in one column, and cells of a few words or that leave most of
    their column's width unfilled (columns of prose have lines of many words, filling
    their width)."""
    segments = [lines[i].box for row in rows for i in row]
    columns = _headed(_columns(segments), rows, lines)
    if len(columns) < 2:
        return None
    fills, counts = [], []
    for row in rows:
        taken = [_column_of(lines[i].box, columns) for i in row]
        if len(row) > 1 and len(set(taken)) != len(taken):
            return None
        for i, column in zip(row, taken, strict=True):
            x0, x1 = columns[column]
            fills.append((lines[i].box[2] - lines[i].box[0]) / max(x1 - x0, 1.0))
            counts.append(len(lines[i].text.split()))
    if statistics.median(counts) > 4 and statistics.median(fills) >= 0.6:
        return None
    return columns


def _headed(
    columns: list[tuple[float, float]], rows: list[list[int]], lines: list[Line]
) -> list[tuple[float, float]]:
    """The columns, each with its heading where the heading stands apart from its
    figures: a spreadsheet's heading is set to the left of its column ("Councillors"),
    its numbers to the right ("3"), and their ranges do not overlap. Two columns side by
    side are one when the first row alone has a cell in one of them and no row has a
    cell in both; a heading over each (Debit, Credit) keeps them apart."""
    if len(rows) < 3:
        return columns
    merged = list(columns)
    number = 0
    while number < len(merged) - 1:
        pair = (merged[number], merged[number + 1])
        uses: list[set[int]] = [set(), set()]
        for row_number, row in enumerate(rows):
            for i in row:
                middle = (lines[i].box[0] + lines[i].box[2]) / 2
                for side, (x0, x1) in enumerate(pair):
                    if x0 - 1 <= middle <= x1 + 1:
                        uses[side].add(row_number)
        heading_alone = uses[0] == {0} or uses[1] == {0}
        if heading_alone and not uses[0] & uses[1] and uses[0] and uses[1]:
            merged[number : number + 2] = [(pair[0][0], pair[1][1])]
        else:
            number += 1
    return merged


def _column_of(box: Box, columns: list[tuple[float, float]]) -> int:
    middle = (box[0] + box[2]) / 2
    for number, (x0, x1) in enumerate(columns):
        if x0 - 1 <= middle <= x1 + 1:
            return number
    return min(range(len(columns)), key=lambda n: abs((columns[n][0] + columns[n][1]) / 2 - middle))


def find_tables(indices: list[int], lines: list[Line]) -> tuple[list[Unit], list[int]]:
    """Tables among the lines (runs of two rows or more, each of two cells or more, in a
    grid; a cell's text wrapped onto more lines carries a row on), and the lines left
    over."""
    rows = _rows(indices, lines)
    tables: list[Unit] = []
    used: set[int] = set()
    start = 0
    while start < len(rows):
        if len(rows[start]) < 2:
            start += 1
            continue
        end = start + 1
        while end < len(rows) and _close(rows[end - 1], rows[end], lines):
            if len(rows[end]) >= 2:
                end += 1
                continue
            # a line alone: a wrapped cell's next line, if a row of cells follows it
            ahead = end
            while ahead < len(rows) and len(rows[ahead]) < 2 and ahead - end < 3:
                ahead += 1
            if (
                ahead < len(rows)
                and len(rows[ahead]) >= 2
                and _close(rows[ahead - 1], rows[ahead], lines)
            ):
                end = ahead + 1
            else:
                break
        run = rows[start:end]
        columns = _grid([r for r in run if len(r) >= 2], lines) if len(run) >= 2 else None
        if columns is not None and not all(_fits(r, columns, lines) for r in run if len(r) < 2):
            columns = None
        if columns is None:  # the whole run is not a grid (columns of prose): no part of it
            start = end
            continue
        cells: list[list[list[int]]] = []
        for row in run:
            if len(row) >= 2 or not cells:
                cells.append([[] for _ in columns])
            for i in row:  # a wrapped cell's lines go with the row they carry on
                cells[-1][_column_of(lines[i].box, columns)].append(i)
        box = _union([lines[i].box for row in run for i in row])
        tables.append(Unit("table", box, rows=cells, header=_heads(cells, lines)))
        used.update(i for row in run for i in row)
        start = end
    return tables, [i for i in indices if i not in used]


def _fits(row: list[int], columns: list[tuple[float, float]], lines: list[Line]) -> bool:
    """Whether a row's lines each sit within one column of the grid."""
    return all(
        any(x0 - 2 <= lines[i].box[0] and lines[i].box[2] <= x1 + 2 for x0, x1 in columns)
        for i in row
    )


def _heads(cells: list[list[list[int]]], lines: list[Line]) -> bool:
    """Whether a table's first row names its columns: words only, above rows of figures
    (a table carried over from the page before starts with figures)."""

    def figures(row: list[list[int]]) -> bool:
        return any(c.isdigit() for cell in row for i in cell for c in lines[i].text)

    rest = cells[1:]
    return not figures(cells[0]) and sum(map(figures, rest)) * 2 >= len(rest) > 0


def _close(above: list[int], below: list[int], lines: list[Line]) -> bool:
    height = max(lines[i].height for i in above + below)
    return min(lines[i].box[1] for i in below) - max(lines[i].box[3] for i in above) < 2 * height


# -- blocks ---------------------------------------------------------------------------


def blocks(indices: list[int], lines: list[Line]) -> list[Unit]:
    """Lines grouped into blocks: a line joins the block just above it when it is of the
    same size and weight, as close below it as the block's lines are to each other (any spacing up
    to a line's height for its second line), overlapping it across, and the block's last
    line ran on to its right edge (a short line ends a paragraph)."""
    found: list[tuple[list[int], list[float]]] = []  # lines, [x0, x1, gap between lines]
    for index in sorted(indices, key=lambda i: (lines[i].box[1], lines[i].box[0])):
        line = lines[index]
        best = None
        for number, (members, extent) in enumerate(found):
            last = lines[members[-1]]
            gap = line.box[1] - last.box[3]
            if len(members) > 1:
                if abs(gap - extent[2]) > 0.3 * last.height:
                    continue
            elif not -last.height / 2 < gap < last.height:
                continue
            if abs(line.height - last.height) > 0.15 * last.height or line.bold != last.bold:
                continue  # a change of size or weight: a heading and its text
            if min(line.box[2], last.box[2]) <= max(line.box[0], last.box[0]):
                continue
            if line.box[0] < extent[0] - last.height:
                continue
            if extent[1] - last.box[2] > _first_word(line) + last.height / 3:
                continue  # the line's first word would have fitted above: a paragraph ended
            if is_list_item(line.text) and line.box[0] <= extent[0] + 1:
                continue
            if best is None or last.box[3] > lines[found[best][0][-1]].box[3]:
                best = number
        if best is None:
            found.append(([index], [line.box[0], line.box[2], 0.0]))
        else:
            members, extent = found[best]
            extent[2] = line.box[1] - lines[members[-1]].box[3]
            members.append(index)
            extent[0] = min(extent[0], line.box[0])
            extent[1] = max(extent[1], line.box[2])
    return [
        Unit("text", _union([lines[i].box for i in members]), lines=members) for members, _ in found
    ]


def _first_word(line: Line) -> float:
    """About how wide the line's first word is."""
    word = line.text.split(" ", 1)[0]
    return (line.box[2] - line.box[0]) * len(word) / max(len(line.text), 1)


def lists(units: list[Unit], lines: list[Line]) -> list[Unit]:
    """Blocks that start with a list marker, one after another at one indent, made one
    list of items (each item starting at a line with a marker); a single such block stays
    a paragraph. `units` in reading order."""
    out: list[Unit] = []
    run: list[Unit] = []

    def flush() -> None:
        if len(run) >= 2 or (run and sum(is_list_item(lines[i].text) for i in run[0].lines) >= 2):
            items: list[list[int]] = []
            for unit in run:
                for i in unit.lines:
                    if is_list_item(lines[i].text) or not items:
                        items.append([i])
                    else:
                        items[-1].append(i)
            out.append(Unit("list", _union([u.box for u in run]), items=items))
        else:
            out.extend(run)
        run.clear()

    for unit in units:
        starts = unit.kind == "text" and is_list_item(lines[unit.lines[0]].text)
        if starts and (not run or abs(unit.box[0] - run[0].box[0]) < 3):
            run.append(unit)
            continue
        flush()
        if starts:
            run.append(unit)
        else:
            out.append(unit)
    flush()
    return out


# -- reading order --------------------------------------------------------------------


def _gaps(units: list[Unit], least: float) -> list[tuple[float, float]]:
    """The x ranges between the units' that no unit covers, wider than `least`."""
    spans = _columns([u.box for u in units])
    return [(a[1], b[0]) for a, b in zip(spans, spans[1:], strict=False) if b[0] - a[1] >= least]


def _bands(units: list[Unit]) -> list[list[Unit]]:
    """Units in bands top to bottom, a band ending where nothing reaches across below it."""
    bands: list[list[Unit]] = []
    bottom = -1e9
    for unit in sorted(units, key=lambda u: (_core(u.box)[0], u.box[0])):
        top, low = _core(unit.box)
        if bands and top < bottom:
            bands[-1].append(unit)
            bottom = max(bottom, low)
        else:
            bands.append([unit])
            bottom = low
    return bands


def _overlaps(gutter: tuple[float, float], others: list[tuple[float, float]]) -> bool:
    return any(min(gutter[1], b) - max(gutter[0], a) > 0 for a, b in others)


def reading_order(units: list[Unit], size: float, depth: int = 0) -> list[Unit]:
    """The units as a reader takes them: bands top to bottom; where bands share a gutter,
    the columns it makes, each read down before the next (so two columns are read left
    then right, whatever order the page draws them in)."""
    if len(units) <= 1 or depth > 8:
        return sorted(units, key=lambda u: (u.box[1], u.box[0]))
    least = max(size / 2, 3.0)
    bands = _bands(units)
    ordered: list[Unit] = []
    index = 0
    while index < len(bands):
        group = list(bands[index])
        gutters = _gaps(group, least)
        index += 1
        if gutters:
            while index < len(bands):
                band = bands[index]
                shared = [g for g in gutters if _clear(g, band)]
                if not shared or (len(band) == 1 and not _like(band[0], group, size)):
                    break
                gutters = shared
                group.extend(band)
                index += 1
        if not gutters or len(group) == 1:
            ordered.extend(sorted(group, key=lambda u: (u.box[1], u.box[0])))
            continue
        columns: list[list[Unit]] = [[] for _ in range(len(gutters) + 1)]
        for unit in group:
            middle = (unit.box[0] + unit.box[2]) / 2
            columns[sum(middle > (a + b) / 2 for a, b in gutters)].append(unit)
        for column in columns:
            if len(column) == len(group):  # the gutters split nothing: not columns
                ordered.extend(sorted(column, key=lambda u: (u.box[1], u.box[0])))
            else:
                ordered.extend(reading_order(column, size, depth + 1))
    return ordered


def _clear(gutter: tuple[float, float], band: list[Unit]) -> bool:
    """Whether no unit of the band reaches across the gutter."""
    return all(u.box[2] <= gutter[0] + 1 or u.box[0] >= gutter[1] - 1 for u in band)


def _like(unit: Unit, group: list[Unit], size: float) -> bool:
    """Whether a unit alone in its band reads as more of a column's text (a column longer
    than the one beside it), not as a heading or a table after the columns."""
    return (
        unit.kind == "text"
        and all(u.kind == "text" for u in group)
        and abs(_height(unit) - size) < 0.15 * size
    )


def _height(unit: Unit) -> float:
    return (unit.box[3] - unit.box[1]) / max(len(unit.lines), 1)


# -- a page ---------------------------------------------------------------------------


def body_size(lines: list[Line]) -> float:
    """The height of most of the page's letters: its text's, not its headings'."""
    weights: dict[float, int] = {}
    for line in lines:
        key = round(line.height, 1)
        weights[key] = weights.get(key, 0) + len(line.text)
    return max(weights, key=lambda k: (weights[k], -k)) if weights else 12.0


# A line that is a number alone: a page's number, or one of a chart's axis labels.
_NUMBER = re.compile(r"^[-\u2212(]?[£$€]?\d[\d,.]*%?\)?$")


def _axes(margin: list[int], lines: list[Line]) -> set[int]:
    """The margins' lines that lie in a row of numbers side by side ("2019 2020 2021",
    a chart's axis that reaches the page's edge, as matplotlib draws one): no running
    header or footer, though each alone would read as a page's number."""
    found: set[int] = set()
    for row in _rows(margin, lines):
        numbers = [i for i in row if _NUMBER.match(lines[i].text.strip())]
        if len(numbers) >= 2:
            found.update(row)
    return found


def page_units(lines: list[Line], height: float, drawn: list[Unit]) -> list[Unit]:
    """The page's units in reading order: lines in its top margin first, then its body
    (tables, blocks, lists, and the pictures `drawn`, columns followed), then lines in its
    bottom margin. A table's rows are never a margin's; whether a margin's line is a
    running header or footer is the document's to say (it repeats on other pages, or
    numbers the page). A row of numbers side by side is never a margin's: a chart's axis
    that reaches the page's edge."""
    tables, rest = find_tables(list(range(len(lines))), lines)
    found = blocks(rest, lines)
    top: list[int] = []
    bottom: list[int] = []
    body: list[Unit] = []
    margins: list[tuple[Unit, list[int]]] = []
    for block in found:  # a block running on from the body is body, wherever it starts
        if all(lines[i].box[3] <= height * MARGIN for i in block.lines):
            margins.append((block, top))
        elif all(lines[i].box[1] >= height * (1 - MARGIN) for i in block.lines):
            margins.append((block, bottom))
        else:
            body.append(block)
    axes = _axes([i for block, _ in margins for i in block.lines], lines)
    for block, edge in margins:
        if axes.isdisjoint(block.lines):
            edge.extend(block.lines)
        else:
            body.append(block)
    if not body and not tables:  # a page of margins alone: its lines are its body
        body, top, bottom = found, [], []
    units = tables + body + drawn
    size = body_size([lines[i] for unit in body for i in unit.lines] or lines)
    ordered = lists(reading_order(units, size), lines)
    edge_top = [Unit("top", lines[i].box, lines=[i]) for row in _rows(top, lines) for i in row]
    edge_bottom = [
        Unit("bottom", lines[i].box, lines=[i]) for row in _rows(bottom, lines) for i in row
    ]
    return edge_top + ordered + edge_bottom
