"""Plotly's text markup: a title, label or note breaks its lines with <br>."""
from __future__ import annotations

BR = "<br>"
# plotly sets a title of two or more lines anchored at its top ~12 px too high (at 17 px type, however many lines):
# it stuck out above the chart. A title of several lines is padded down by this much more.
MULTILINE_TITLE_PAD = 16
CHAR_EM = 0.55  # a character's width in the charts' sans-serif, as a share of the type size (digits: 0.5)
TICK_GAP_PX = 10  # between two neighbouring groups' names under a bar chart


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


def tick_fit(names: list[str], plot_px: float) -> tuple[int, int]:
    """The type size (px) and line width (characters) of a bar chart's names under `plot_px` of plot: each name's
    longest word fits its group's width with a gap to the next (on a phone, in Dutch, 'gezondheid' and 'Overgewicht'
    ran into their neighbours' names at 12 px), at most 12 px and no smaller than 9."""
    room = plot_px / max(len(names), 1) - TICK_GAP_PX
    longest = max((len(word) for name in names for word in name.split()), default=1)
    size = max(9, min(12, int(room / (longest * CHAR_EM))))
    return size, max(longest, int(room / (size * CHAR_EM)))
