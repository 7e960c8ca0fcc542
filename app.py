"""Router of the Wijkdashboard: page config, the shared sidebar, navigation. Pages live in views/ (not pages/: Streamlit treats a folder of that name as the old multipage app)."""
from __future__ import annotations

import streamlit as st

from indicators.sources import DataError
from ui import cache
from ui.context import init_view, show_notices, view, write_url
from ui.i18n import t
from ui.a11y import set_document_language
from ui.sidebar import shared_sidebar

st.set_page_config(page_title="Wijkdashboard Gezond en Gelukkig Den Haag", page_icon=":material/map:", layout="wide")


def main() -> None:
    try:
        gemeenten = cache.gemeenten()
        init_view(set(gemeenten) or None, cache.area_codes)
        shared_sidebar(gemeenten)
    except DataError as exc:
        lang = view().lang
        st.error(f"**{t('data_missing_title', lang)}**\n\n{exc}\n\n{t('data_missing_help', lang, gemeente=view().gemeente)}")
        st.stop()
    lang = view().lang
    set_document_language(lang)
    pages = [
        st.Page("views/kaart.py", title=t("page_kaart", lang), icon=":material/map:", url_path="kaart", default=True),
        st.Page("views/profiel.py", title=t("page_profiel", lang), icon=":material/assignment:", url_path="profiel"),
        st.Page("views/vergelijk.py", title=t("page_vergelijk", lang), icon=":material/compare_arrows:", url_path="vergelijk"),
        st.Page("views/trends.py", title=t("page_trends", lang), icon=":material/show_chart:", url_path="trends"),
        st.Page("views/programmas.py", title=t("page_programmas", lang), icon=":material/groups:", url_path="programmas"),
        st.Page("views/bronnen.py", title=t("page_bronnen", lang), icon=":material/menu_book:", url_path="bronnen"),
    ]
    page = st.navigation(pages)
    show_notices(lang)
    page.run()
    write_url()


main()
