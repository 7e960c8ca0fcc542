"""A short table of texts as plain HTML (for st.html), every text escaped.

For a list of a few rows of words, such as the programs that run in an area: an interactive grid (st.dataframe) is
a canvas that cuts or hides long texts unless its rows are set tall by hand, prints only what is on the screen, and
its code (~1.5 MB of JavaScript with the Arrow reader) is what a first visit to /profiel waited for. A plain table
wraps its texts within the page, prints whole, and screen readers read it as a table. In a box narrower than
STACK_BELOW_PX (a phone; a beamer's page beside the sidebar) each row is a card: every cell on a line of its own
after its column's name (the header row is then hidden), instead of six columns of a few words each.
"""
from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

STACK_BELOW_PX = 660  # a narrower box shows rows as cards: a phone, a beamer's page (564 px); not A4 (~700 px)
CSS = """<style>
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
@media print {  /* the sheet's width, whole: no box to scroll, a word longer than its column breaks */
  .wijk-table-box { overflow: visible; }
  table.wijk-table :is(th, td) { padding: .125rem .25rem; font-size: .6875rem; overflow-wrap: anywhere; }
}
</style>""" % {"stack": STACK_BELOW_PX}


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
    opening = (f'<table class="wijk-table{" cards" * cards}"'
               + (' style="table-layout:fixed">' if widths else ">"))  # fixed: the shares hold, long words break
    return (f'{CSS}<div class="wijk-table-box">{opening}{shares}'
            f'<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')


def _text(value: object) -> str:
    return "" if pd.api.types.is_scalar(value) and pd.isna(value) else html.escape(str(value))
