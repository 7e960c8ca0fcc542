"""Links between pages. Each carries the view as the app writes its own URL (indicators.view.view_link / url_params),
so a link opened in a new tab, bookmarked or shared shows what a plain click shows: the profile link once carried
only `area` and `lang`, and a buurt of Wassenaar opened as The Hague with a notice. Every indicator label can point
to its definition and source on /bronnen."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from indicators.view import MAP_PAGE, View, url_params, view_link
from texts.i18n import t
from ui.context import view

SOURCES_PAGE = "bronnen"  # url_path of views/bronnen.py in app.py
MAP_VIEW = "kaart"  # views/kaart.py: the default page, at indicators.view.MAP_PAGE


def indicator_anchor(indicator_id: str) -> str:
    """The anchor of an indicator's entry on /bronnen (the heading's id there)."""
    return f"ind-{indicator_id}"


def indicator_url(indicator_id: str, shown: View) -> str:
    """`/bronnen?lang=en&gemeente=GM0629#ind-overgewicht`: the page on the `shown` view, scrolled to the indicator."""
    return view_link(SOURCES_PAGE, shown, anchor=indicator_anchor(indicator_id))


def indicator_link(indicator_id: str, shown: View, small: bool = False) -> str:
    """A markdown link to the indicator's definition and source on /bronnen, for `st.markdown`.

    `small=True` wraps it in `:small[...]` (caption-sized). Do not put it in `st.caption`: the caption's opacity
    fades the link to 3:1 contrast, below WCAG AA (axe color-contrast, tests/test_accessibility.py).
    """
    link = f"[{t('src_link_definition', shown.lang)}]({indicator_url(indicator_id, shown)})"
    return f":small[{link}]" if small else link


def page_link(page: str, label: str, icon: str | None = None, **changes: Any) -> None:
    """`st.page_link` to views/<page>.py on the session's view with `changes` (e.g. `area=...`), its query as
    view_link writes it: a click and a new tab open the same view."""
    st.page_link(f"views/{page}.py", label=label, icon=icon,
                 query_params=url_params(replace(view(), **changes), MAP_PAGE if page == MAP_VIEW else page))
