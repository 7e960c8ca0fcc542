"""The plain HTML tables a page sent (charts.html_table), read back as the browser shows them: for AppTest, which
sees an st.html element's body, not a table."""
from __future__ import annotations

import lxml.html
import pandas as pd


def sent_tables(at) -> list[pd.DataFrame]:
    """Each table of the run, in the page's order: its header row as columns, each cell's text."""
    tables = [lxml.html.fragment_fromstring(h.proto.body, create_parent=True).find(".//table")
              for h in at.get("html") if 'class="wijk-table' in h.proto.body]
    return [pd.DataFrame([[td.text_content() for td in tr.iterfind("td")] for tr in table.iterfind(".//tbody/tr")],
                         columns=[th.text_content() for th in table.iterfind(".//thead/tr/th")])
            for table in tables]
