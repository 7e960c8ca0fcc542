"""Plotly's text markup: a title, label or note breaks its lines with <br>."""
from __future__ import annotations

BR = "<br>"
# plotly sets a title of two or more lines anchored at its top ~12 px too high (at 17 px type, however many lines):
# it stuck out above the chart. A title of several lines is padded down by this much more.
MULTILINE_TITLE_PAD = 16


def line_count(text: str) -> int:
    """Lines of a plotly text: the room a title, label or note takes is reserved per line."""
    return text.count(BR) + 1


def wrap_lines(text: str, width: int) -> list[str]:
    """Words on lines of at most `width` characters (a longer word keeps a line of its own)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


def wrap(text: str, width: int = 22) -> str:
    """wrap_lines joined by <br>."""
    return BR.join(wrap_lines(text, width))
