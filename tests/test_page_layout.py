"""The layout analysis alone (pdf/page_layout.py): lines as poppler gives them, in points
from the top of an A4 page, read into units in order."""

from __future__ import annotations

from agendapack.pdf.page_layout import Line, Unit, page_units

PROSE = "the committee noted the report and asked for more"


def _line(x: float, y: float, text: str, size: float = 11, width: float | None = None) -> Line:
    return Line((x, y, x + (width or len(text) * size * 0.5), y + size * 1.2), text)


def _texts(units: list[Unit], lines: list[Line]) -> list[str]:
    out = []
    for unit in units:
        if unit.kind == "table":
            out.append("table:" + "|".join(lines[c[0]].text for row in unit.rows for c in row if c))
        elif unit.kind == "list":
            out.append("list:" + "|".join(lines[item[0]].text for item in unit.items))
        else:
            out.append(f"{unit.kind}:" + lines[unit.lines[0]].text.split()[0])
    return out


def test_columns_are_read_down_then_across_between_full_width_text():
    lines = [_line(56, 100, "Heading", 20)]
    lines += [_line(56, 140 + 14 * n, f"Intro{n} {PROSE} {PROSE}", width=480) for n in range(2)]
    # the right column shorter than the left, and drawn first
    lines += [_line(310, 200 + 14 * n, f"Right{n} {PROSE}", width=230) for n in range(5)]
    lines += [_line(56, 200 + 14 * n, f"Left{n} {PROSE}", width=230) for n in range(8)]
    lines += [_line(56, 340, f"After {PROSE} {PROSE}", width=480)]
    order = _texts(page_units(lines, 842, []), lines)
    assert order == ["text:Heading", "text:Intro0", "text:Left0", "text:Right0", "text:After"]


def test_words_in_a_grid_are_a_table_with_its_header_row():
    lines = []
    rows = [("Ward", "Roads", "Defects"), ("Abbeyfield", "41", "117"), ("Brookside", "38", "96")]
    for number, row in enumerate(rows):
        for x, cell in zip((56, 200, 340), row, strict=True):
            lines.append(_line(x, 300 + 16 * number, cell))
    (table,) = page_units(lines, 842, [])
    assert table.kind == "table" and table.header
    assert [[lines[c[0]].text for c in row] for row in table.rows] == [list(r) for r in rows]


def test_two_columns_of_prose_side_by_side_are_no_table():
    lines = [_line(56, 200 + 14 * n, f"Left{n} {PROSE}", width=230) for n in range(6)]
    lines += [_line(310, 200 + 14 * n, f"Right{n} {PROSE}", width=230) for n in range(6)]
    assert [u.kind for u in page_units(lines, 842, [])] == ["text", "text"]


def test_lines_with_markers_are_one_list_of_items():
    lines = [
        _line(56, 200, "\u2022 Resurface the lanes first and then the"),
        _line(70, 214, "roads round the school"),
        _line(56, 228, "\u2022 Patch the potholes before winter"),
    ]
    (listed,) = page_units(lines, 842, [])
    assert listed.kind == "list" and len(listed.items) == 2


def test_a_line_in_the_margin_apart_from_the_text_is_the_margins():
    lines = [
        _line(56, 30, "Highways Panel", 9),
        _line(56, 120, f"Body {PROSE}"),
        _line(290, 800, "3", 9),
    ]
    assert [u.kind for u in page_units(lines, 842, [])] == ["top", "text", "bottom"]


def test_a_cell_wrapped_onto_two_lines_carries_its_row_on():
    lines = []
    rows = [
        ("Risk", "Owner", "Score"),
        ("Flooding of the", "Highways", "12"),
        ("depot", "", ""),
        ("Loss of data", "Digital", "9"),
    ]
    for number, row in enumerate(rows):
        for x, cell in zip((56, 220, 380), row, strict=True):
            if cell:
                lines.append(_line(x, 300 + 14 * number, cell))
    (table,) = page_units(lines, 842, [])
    assert table.kind == "table" and table.header
    cells = [[" ".join(lines[i].text for i in cell) for cell in row] for row in table.rows]
    assert cells == [
        ["Risk", "Owner", "Score"],
        ["Flooding of the depot", "Highways", "12"],
        ["Loss of data", "Digital", "9"],
    ]
