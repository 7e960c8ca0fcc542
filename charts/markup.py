"""Plotly's text markup: a title, label or note breaks its lines with <br>."""
from __future__ import annotations

BR = "<br>"


def line_count(text: str) -> int:
    """Lines of a plotly text: the room a title, label or note takes is reserved per line."""
    return text.count(BR) + 1


def wrap(text: str, width: int = 22) -> str:
    """Words on lines of at most `width` characters (a longer word keeps a line of its own), joined by <br>."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return BR.join(lines)
