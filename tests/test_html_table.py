"""charts.html_table: a short table of texts as plain HTML (the profile's programs)."""
from __future__ import annotations

import lxml.html
import pandas as pd

from charts.html_table import STACK_BELOW_PX, table_html
from ui.page_scripts import PAGE_STYLE


def _parsed(out: str):
    return lxml.html.fragment_fromstring(out, create_parent=True).find(".//table")


def test_every_column_and_row_in_order_with_each_cell_named_by_its_column():
    frame = pd.DataFrame({"Programma": ["GLI", "Brugfunctionarissen"], "Aantal": ["<5 deelnemers", "12 brugf."]})
    table = _parsed(table_html(frame))
    assert [th.text_content() for th in table.iterfind(".//thead/tr/th")] == ["Programma", "Aantal"]
    rows = [[(td.get("data-label"), td.text_content()) for td in tr.iterfind("td")]
            for tr in table.iterfind(".//tbody/tr")]
    assert rows == [[("Programma", "GLI"), ("Aantal", "<5 deelnemers")],
                    [("Programma", "Brugfunctionarissen"), ("Aantal", "12 brugf.")]]


def test_a_missing_cell_is_empty_not_nan_or_none():
    table = _parsed(table_html(pd.DataFrame({"a": pd.Series([None, float("nan"), pd.NA, 0, "–"], dtype=object)})))
    assert [td.text_content() for td in table.iterfind(".//td")] == ["", "", "", "0", "–"]


def test_widths_give_each_column_its_share_and_without_them_there_is_no_colgroup():
    frame = pd.DataFrame({"a": ["x"], "b": ["y"]})
    shared = _parsed(table_html(frame, widths=(30, 70)))
    assert [c.get("style") for c in shared.iterfind(".//col")] == ["width:30%", "width:70%"]
    assert shared.get("style") == "table-layout:fixed"  # else the browser widens a column for a long word
    assert _parsed(table_html(frame)).find(".//colgroup") is None and _parsed(table_html(frame)).get("style") is None


def test_rows_stack_as_cards_in_a_box_narrower_than_a_print_sheet_unless_they_are_numbers_to_compare():
    """The rule is on the table's box (a container query), not the screen: a beamer's page beside the sidebar is
    564 px wide on a 1024 px screen; an A4 sheet ~700 px, where the table prints as a table. The rules are in every
    page's style once, not in each table. The browser tests (test_layout_browser) see the cards."""
    frame = pd.DataFrame({"a": ["x"]})
    out = table_html(frame)
    assert f"@container (max-width: {STACK_BELOW_PX}px)" in PAGE_STYLE and "container-type: inline-size" in PAGE_STYLE
    assert "table.cards, table.cards :is(tbody, tr, td) { display: block; }" in PAGE_STYLE
    assert "<style" not in out
    assert 564 < STACK_BELOW_PX < 700
    assert _parsed(out).get("class").split() == ["wijk-table", "cards"]
    assert _parsed(table_html(frame, cards=False)).get("class").split() == ["wijk-table"]


def test_a_link_cell_is_an_escaped_link_that_opens_a_new_tab():
    from charts.html_table import Link

    frame = pd.DataFrame({"Tabel": [Link("50090NED", 'https://example.org/?a=1&b="2"'), Link("<b>x</b>", "u")]})
    (first, second) = _parsed(table_html(frame)).iterfind(".//td/a")
    assert (first.text_content(), first.get("href"), first.get("target")) == (
        "50090NED", 'https://example.org/?a=1&b="2"', "_blank")
    assert second.text_content() == "<b>x</b>" and second.find("b") is None  # text, not markup
