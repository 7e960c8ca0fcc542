"""Router of the Wijkdashboard: page config, the shared sidebar, navigation.

Pages live in views/, not pages/: Streamlit treats a folder named pages/ as its old multipage app and would run a
deep link's page without this router.

Missing or broken data files stop only the pages that read them (issue #21.5): the sidebar, the language switch,
the navigation and the pages that need no indicator data (/programmas, /invoer, sign-in) keep working, and the
data-missing message offers the download (ui/download.py). Every asset is the app's own (no font or icon host).
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from indicators.sources import DataError
from ui import cache
from ui.auth import account_sidebar, current_user, nav_visibility
from ui.context import (data_error_text, enter_page, init_view, keep_sidebar_in_step, show_notices, view,
                        write_url)
from texts.i18n import t
from ui.a11y import set_document_language
from ui.download import (download_sidebar, forget_download_result, offer_download, run_requested_download,
                         show_download_result)
from ui.page_scripts import add_page_scripts
from ui.sidebar import shared_sidebar

ICON = Path(__file__).resolve().parent / "ui" / "assets" / "icon.png"  # served by the app itself
NO_DATA_PAGES = {"programmas", "invoer", "inloggen"}  # url paths of the pages that read no indicator data files

st.set_page_config(page_icon=str(ICON), layout="wide")  # the title once the page is known: set_page_title


def show_data_error(exc: DataError) -> None:
    """Missing or broken data files: say which file, what is wrong and how to get the data; no traceback."""
    st.error(data_error_text(exc))
    offer_download(view().gemeente, view().lang)


def set_page_title(page_title: str, lang: str) -> None:
    """The browser's title names the page and the app in the page's language ("Profiel · Wijkdashboard …"). Streamlit
    shows a page's st.Page title alone unless set_page_config names one, which then stays for every page."""
    st.set_page_config(page_title=t("document_title", lang, page=page_title, app=t("app_title", lang)))


def load_view() -> tuple[dict[str, str], DataError | None]:
    """The gemeenten with boundaries and the session's view. Without readable boundaries the view is still read
    from the link (its areas unchecked), so the sidebar and the pages that need no data can be drawn."""
    try:
        gemeenten = cache.gemeenten()
        init_view(set(gemeenten) or None, cache.area_codes)
        return gemeenten, None
    except DataError as exc:
        init_view(None, None)
        return {}, exc


def main() -> None:
    gemeenten, problem = load_view()
    st.logo(str(ICON))
    lang = view().lang
    st.sidebar.markdown(f"**{t('app_title', lang)}**")
    shared_sidebar(gemeenten)
    lang = view().lang
    set_document_language(lang)
    user = current_user()  # None for viewers; looked up again on every run (roles can change)
    pages = [
        st.Page("views/kaart.py", title=t("page_kaart", lang), icon=":material/map:", url_path="kaart", default=True),
        st.Page("views/profiel.py", title=t("page_profiel", lang), icon=":material/assignment:", url_path="profiel"),
        st.Page("views/vergelijk.py", title=t("page_vergelijk", lang), icon=":material/compare_arrows:", url_path="vergelijk"),
        st.Page("views/trends.py", title=t("page_trends", lang), icon=":material/show_chart:", url_path="trends"),
        st.Page("views/programmas.py", title=t("page_programmas", lang), icon=":material/groups:", url_path="programmas"),
        st.Page("views/presentatie.py", title=t("page_presentatie", lang), icon=":material/slideshow:", url_path="presentatie"),
        st.Page("views/bronnen.py", title=t("page_bronnen", lang), icon=":material/menu_book:", url_path="bronnen"),
        # Data entry (#8). /invoer is always registered, so a direct URL reaches the page, which refuses without
        # the editor role ("sign in as an editor") instead of Streamlit's "page not found"; the navigation shows
        # it only to editors (st.Page visibility). /inloggen is never in the navigation: account_sidebar links
        # to it. Hiding is not the protection: views/invoer.py checks the role itself (ui.auth.require_role).
        st.Page("views/invoer.py", title=t("entry_page_invoer", lang), icon=":material/edit_note:", url_path="invoer",
                visibility=nav_visibility(user.role if user else "viewer", "editor")),
        st.Page("views/inloggen.py", title=t("entry_page_inloggen", lang), icon=":material/login:",
                url_path="inloggen", visibility="hidden"),
    ]
    page = st.navigation(pages)
    enter_page(page.url_path)
    set_page_title(page.title, lang)
    account_sidebar(lang, user)
    download_sidebar(lang)
    add_page_scripts()
    gemeente = view().gemeente
    show_notices(lang, cache.gemeente_label(gemeente, gemeenten.get(gemeente, gemeente), lang), gemeente,
                 brief=page.url_path == "presentatie")
    show_download_result(lang)
    run_requested_download(lang)
    if problem is not None and page.url_path not in NO_DATA_PAGES:
        show_data_error(problem)
    else:
        try:
            page.run()
        except DataError as exc:
            show_data_error(exc)
    keep_sidebar_in_step()  # the page changed a field the sidebar, drawn before it, shows
    write_url()
    forget_download_result()  # only a whole run gets here


main()
