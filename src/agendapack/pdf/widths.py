"""What following a content stream's text needs of its fonts: how far each string moves
the text on, and whether the font is bold. Read by the tagging from a page's layout
(pdf/tagging.py) and by the spacing of a form's words (pdf/spacing.py), which must know
where a run of text ends to tell a word's gap from a kern.
"""

from __future__ import annotations

import re

from pikepdf import Array, Dictionary, Name

from agendapack.pdf.fonts import name_text, standard_widths

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)


class Font:
    """What following text needs of a font: each code's advance (per unit of size), how
    many bytes a code takes, whether it is bold."""

    def __init__(self, font: object) -> None:
        self.two_bytes = False
        self.widths: dict[int, float] = {}
        self.default = 0.5
        self.scale = 0.001
        self.bold = False
        if not isinstance(font, Dictionary):
            return
        base = name_text(font.get("/BaseFont"))
        subtype = font.get("/Subtype")
        descriptor = font.get("/FontDescriptor")
        if subtype == Name.Type0:
            self.two_bytes = True
            kids = font.get("/DescendantFonts")
            kid = kids[0] if isinstance(kids, Array) and len(kids) else None
            if isinstance(kid, Dictionary):
                descriptor = kid.get("/FontDescriptor")
                self.default = float(kid.get("/DW", 1000)) / 1000
                self._cid_widths(kid.get("/W"))
        else:
            if subtype == Name.Type3:
                matrix = font.get("/FontMatrix")
                if isinstance(matrix, Array) and len(matrix) >= 1:
                    self.scale = abs(float(matrix[0])) or 0.001
            first = int(font.get("/FirstChar", 0))
            widths = font.get("/Widths")
            if isinstance(widths, Array):
                for number, width in enumerate(widths):
                    self.widths[first + number] = float(width) * self.scale
            elif subtype == Name.Type1:
                self.widths = {c: w / 1000 for c, w in enumerate(standard_widths(base))}
            if isinstance(descriptor, Dictionary) and "/MissingWidth" in descriptor:
                self.default = float(descriptor.MissingWidth) * self.scale
        weight = descriptor.get("/FontWeight", 0) if isinstance(descriptor, Dictionary) else 0
        flags = descriptor.get("/Flags", 0) if isinstance(descriptor, Dictionary) else 0
        self.bold = bool(_BOLD.search(base) or float(weight) >= 600 or int(flags) & (1 << 18))

    def _cid_widths(self, spec: object) -> None:
        if not isinstance(spec, Array):
            return
        items = list(spec)
        at = 0
        while at + 1 < len(items):
            first = items[at]
            if isinstance(items[at + 1], Array):
                for number, width in enumerate(items[at + 1]):
                    self.widths[int(first) + number] = float(width) / 1000
                at += 2
            elif at + 2 < len(items):
                for code in range(int(first), min(int(items[at + 1]), int(first) + 65535) + 1):
                    self.widths[code] = float(items[at + 2]) / 1000
                at += 3
            else:
                break

    def advance(self, data: bytes, char_spacing: float, word_spacing: float, size: float) -> float:
        """The advance of a string in text space, before horizontal scaling."""
        total = 0.0
        if self.two_bytes:
            for at in range(0, len(data) - 1, 2):
                code = data[at] << 8 | data[at + 1]
                total += self.widths.get(code, self.default) * size + char_spacing
        else:
            for code in data:
                total += self.widths.get(code, self.default) * size + char_spacing
                if code == 32:
                    total += word_spacing
        return total


_STRING_ESCAPES = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}


_PLAIN = re.compile(r"(\([^()\\]*\))|<([0-9A-Fa-f\s]*)>|([-+]?(?:\d+\.?\d*|\.\d+))")
_HEX_OR_NUMBER = re.compile(r"<([0-9A-Fa-f\s]*)>|([-+]?(?:\d+\.?\d*|\.\d+))")


def show_operands(operands: str) -> list[bytes | float]:
    """The strings and numbers of a text operator's operands, in order."""
    if "(" not in operands:  # hex strings alone, as most PDF writers give them: quickly
        return [
            bytes.fromhex(_even(hexes)) if not number else float(number)
            for hexes, number in _HEX_OR_NUMBER.findall(operands)
        ]
    if "\\" not in operands:  # strings without escapes, so without brackets inside
        found = _PLAIN.findall(operands)
        if sum(1 for plain, _, _ in found if plain) == operands.count("("):
            return [
                plain[1:-1].encode("latin-1", "replace")
                if plain
                else bytes.fromhex(_even(hexes))
                if not number
                else float(number)
                for plain, hexes, number in found
            ]
    out: list[bytes | float] = []
    at, end = 0, len(operands)
    while at < end:
        char = operands[at]
        if char == "(":
            depth, at, data = 1, at + 1, bytearray()
            while at < end:
                char = operands[at]
                if char == "\\" and at + 1 < end:
                    nxt = operands[at + 1]
                    if nxt in "01234567":
                        digits = re.match(r"[0-7]{1,3}", operands[at + 1 : at + 4])
                        assert digits is not None
                        data.append(int(digits.group(), 8) & 0xFF)
                        at += 1 + len(digits.group())
                        continue
                    if nxt in "\r\n":
                        at += 2 + (operands[at + 1 : at + 3] == "\r\n")
                        continue
                    data.append(_STRING_ESCAPES.get(ord(nxt), ord(nxt) & 0xFF))
                    at += 2
                    continue
                if char == "(":
                    depth += 1
                elif char == ")":
                    depth -= 1
                    if not depth:
                        at += 1
                        break
                data.append(ord(char) & 0xFF)
                at += 1
            out.append(bytes(data))
        elif char == "<":
            close = operands.find(">", at)
            close = end if close < 0 else close
            hexes = re.sub(r"[^0-9A-Fa-f]", "", operands[at + 1 : close])
            out.append(bytes.fromhex(hexes + "0" * (len(hexes) % 2)))
            at = close + 1
        else:
            number = re.match(r"[-+]?(?:\d+\.?\d*|\.\d+)", operands[at:])
            if number:
                out.append(float(number.group()))
                at += len(number.group())
            else:
                at += 1
    return out


def _even(hexes: str) -> str:
    digits = "".join(hexes.split())
    return digits + "0" * (len(digits) % 2)
