"""The profile's key figures as one HTML block: label, value and a note per figure, two per row, then the lines
under them (a fallback year, the sources).

Why not four st.metric in two rows of columns: those were eleven elements the browser draws again on every area
switch (the metrics, six column blocks and the captions), each with its styled components; as one block they are
one (issue #19). The look follows st.metric: a small label, a large value; what st.metric showed as a delta or a
help icon is the note under the value, so it also reads on a phone and in a screen reader.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from typing import NamedTuple


class Figure(NamedTuple):
    label: str
    value: str
    note: str = ""


# Inline styles, no <style> element: a style element replaced on every area switch makes the browser recompute the
# whole page's styles (bench.ab n=30: with a <style> element 7.5 ms slower than the metrics; inline -9.9, +9.9 and
# -9.0 ms in three runs, i.e. no difference beyond the noise).
LIST = "display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.75rem 1rem;margin:0 0 .5rem;padding:0"
LABEL = "font-size:.875rem;font-weight:400;line-height:1.4"
VALUE = "margin:0;padding:0;font-size:clamp(1.5rem,6.5vw,2.25rem);line-height:1.25;white-space:nowrap"
NOTE = "margin:0;padding:0;font-size:.875rem;opacity:.7;line-height:1.4"
LINE = "margin:0 0 .25rem;font-size:.875rem;opacity:.7;line-height:1.4"


def key_figures_html(figures: Sequence[Figure], lines: Sequence[str]) -> str:
    """The figures as a description list, then each of `lines` as a caption; every text escaped."""
    esc = html.escape
    items = "".join(f"<div><dt class='kf-label' style='{LABEL}'>{esc(f.label)}</dt>"
                    f"<dd class='kf-value' style='{VALUE}'>{esc(f.value)}</dd>"
                    + (f"<dd class='kf-note' style='{NOTE}'>{esc(f.note)}</dd>" if f.note else "") + "</div>"
                    for f in figures)
    captions = "".join(f"<p style='{LINE}'>{esc(line)}</p>" for line in lines)
    return f"<div class='key-figures'><dl style='{LIST}'>{items}</dl>{captions}</div>"
