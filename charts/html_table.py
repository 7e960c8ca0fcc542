"""Short tables as plain HTML (for st.html), every text escaped: a table of texts, and the map's ranked lists.

For a list of a few rows of words, such as the programs that run in an area: an interactive grid (st.dataframe) is
a canvas that cuts or hides long texts unless its rows are set tall by hand, prints only what is on the screen, and
its code (~1.5 MB of JavaScript with the Arrow reader) is what a first visit to /profiel waited for. A plain table
wraps its texts within the page, prints whole, and screen readers read it as a table. In a box narrower than
STACK_BELOW_PX (a phone; a beamer's page beside the sidebar) each row is a card: every cell on a line of its own
after its column's name (the header row is then hidden), instead of six columns of a few words each.

The rules (CSS) are in every page's style once (ui.page_scripts.PAGE_STYLE), not sent with each table: a page may
show several (a grid's static copy for print is one, ui.widgets.table_with_download).
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd

STACK_BELOW_PX = 660  # a narrower box shows rows as cards: a phone, a beamer's page (564 px); not A4 (~700 px)
WIDE_COLUMNS = 8  # a table of this many columns prints smaller, its words whole (A4 broke them mid-word)
CSS = """
.wijk-table-box { container-type: inline-size; overflow-x: auto; }  /* a wide table scrolls in its box */
table.wijk-table { width: 100%%; border-collapse: collapse; font-size: .875rem; }
table.wijk-table :is(th, td) { padding: .25rem .375rem; border: 1px solid rgba(49, 51, 63, .1); text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
table.wijk-table th { font-weight: 600; color: rgba(49, 51, 63, .8); }
@container (max-width: %(stack)dpx) {
  table.cards, table.cards :is(tbody, tr, td) { display: block; }
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.cards tr { border: 1px solid rgba(49, 51, 63, .2); margin-bottom: .5rem; padding: .25rem 0; }
  table.cards td { border: none; padding: .125rem .5rem; }
  table.cards td::before { content: attr(data-label) ": "; font-weight: 600; }
}
/* the map's ranked lists (ranked_html), in a column ~220 px wide beside the map on a beamer */
table.ranked { font-size: .8125rem; }
table.ranked caption { caption-side: top; text-align: left; font-weight: 600; }
table.ranked td:first-child { overflow-wrap: anywhere; }  /* a name breaks a word only where one does not fit */
table.ranked td + td { white-space: nowrap; }  /* the value on one line */
table.ranked .place { display: block; color: rgba(49, 51, 63, .7); font-size: .75rem; }
/* Print: the sheet's width, no box to scroll. A row taller than the sheet's rest takes the header and the whole
   table to the next sheet (the profile's programs in Dutch left a third of its first sheet blank): print's tables
   are set smaller, their rows lower. A table wider than the sheet had Chromium print every sheet smaller (to 3/4 at
   most) and cut what still did not fit (/programmas' counts, ten columns of long Dutch words, lost the end of its
   notes at the edge): a word longer than its column breaks. */
@media print {
  .wijk-table-box { overflow: visible; }
  /* a table of WIDE_COLUMNS or more: smaller type and padding, and every word whole (/programmas' counts broke
     'Gecombinee / rde', 'deelnemer / s'); its ten columns' longest words fit A4 so (test_print_browser) */
  table.wijk-table.wide :is(th, td) { overflow-wrap: break-word; font-size: .5625rem; min-width: 0;
    padding: .125rem .125rem; }
  table.wijk-table :is(th, td) { padding: .125rem .25rem; font-size: .6875rem; overflow-wrap: anywhere;
    min-width: 5em; }  /* but no column narrower than a count: '4.638', not '4.6' above '38' */
}
""" % {"stack": STACK_BELOW_PX}


class Link(NamedTuple):
    """A cell that links to `url` (opened in a new tab: the dashboard stays where it was)."""

    text: str
    url: str


def table_html(frame: pd.DataFrame, widths: Sequence[int] = (), cards: bool = True) -> str:
    """`frame`'s columns and rows (not its index) as a table; a missing cell is empty. `widths`: each column's share
    of the table's width (%), else the browser's choice. `cards`: rows as cards in a narrow box; without, a table
    wider than its box scrolls sideways in it (numbers to compare across rows)."""
    columns = [html.escape(str(c)) for c in frame.columns]
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    shares = f"<colgroup>{cols}</colgroup>" if cols else ""
    head = "".join(f'<th scope="col">{c}</th>' for c in columns)
    body = "".join(
        "<tr>" + "".join(f'<td data-label="{c}">{_text(v)}</td>' for c, v in zip(columns, row)) + "</tr>"
        for row in frame.itertuples(index=False))
    wide = len(frame.columns) >= WIDE_COLUMNS
    opening = (f'<table class="wijk-table{" cards" * cards}{" wide" * wide}"'
               + (' style="table-layout:fixed">' if widths else ">"))  # fixed: the shares hold, long words break
    return (f'<div class="wijk-table-box">{opening}{shares}'
            f'<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')


def _text(value: object) -> str:
    if isinstance(value, Link):
        return (f'<a href="{html.escape(value.url)}" target="_blank" rel="noopener noreferrer">'
                f'{html.escape(value.text)}</a>')
    return "" if pd.api.types.is_scalar(value) and pd.isna(value) else html.escape(str(value))


def ranked_html(table: pd.DataFrame, caption: str) -> str:
    """A ranked list (a frame of three columns: area, value as shown, place) as a table of two columns: the area
    with its place on a line under it, and its value.

    For the few rows next to the map: an interactive st.dataframe (a canvas grid) costs the browser ~35 ms per
    indicator change to draw again, plain HTML a few; screen readers read it as an ordinary table. Beside the map on
    a beamer the column is ~220 px: with the place in a column of its own, the names had ~60 px and broke mid-word
    ('Transvaalkwar/tier'); under the name the place leaves the name the width the value does not take.
    """
    area, value, _place = (html.escape(str(c)) for c in table.columns)
    body = "".join(
        f'<tr><td>{html.escape(str(name))}<span class="place">{html.escape(str(place))}</span></td>'
        f"<td>{html.escape(str(shown))}</td></tr>"
        for name, shown, place in table.itertuples(index=False))
    return (f'<table class="wijk-table ranked"><caption>{html.escape(caption)}</caption>'
            f'<thead><tr><th scope="col">{area}</th><th scope="col">{value}</th></tr></thead>'
            f"<tbody>{body}</tbody></table>")
