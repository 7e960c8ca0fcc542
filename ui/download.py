"""Download a gemeente's open data from the browser: the real download code (`indicators.refresh`: CBS OData,
the RIVM catalog, PDOK) into the cache folder, with a progress bar on the page, and one message in the reader's
language when it fails. The embedded default holds only Den Haag; every other gemeente comes from here (or from
`python -m indicators.refresh`)."""
from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from indicators.odata import DownloadError, make_session
from indicators.refresh import GROUPS, check_gemeente, run
from indicators.sources import cache_dir
from texts.i18n import t
from ui import cache
from ui.context import update_view
from ui.safe_text import code_span

REQUEST_KEY = "download_request"  # the gemeente code asked for, run once at the next spot the router offers
DONE_KEY = "download_done"  # the message of a finished download, shown once after the rerun
RETRIES = 1  # the browser waits: one retry per request, not the CLI's three
BACKOFF_S = 0.5


def request_download(code: str) -> None:
    st.session_state[REQUEST_KEY] = code


def download_sidebar(lang: str) -> None:
    """'Another gemeente': a code field and a button in the sidebar."""
    with st.sidebar.expander(t("dl_other", lang)):
        with st.form("download_form", border=False):
            st.caption(t("dl_intro", lang))
            code = st.text_input(t("dl_code", lang), placeholder="GM0603", max_chars=12, key="download_code")
            if st.form_submit_button(t("dl_button", lang)):
                request_download(code)


def offer_download(gemeente: str, lang: str) -> None:
    """Under the data-missing message: download this gemeente's data."""
    st.button(t("dl_offer", lang, gemeente=gemeente), on_click=request_download, args=(gemeente,),
              key="download_offer")


def failure_message(exc: DownloadError, gemeente: str, lang: str) -> str:
    """One sentence in the reader's language: what failed, why in words, and the host (no English detail)."""
    host = urlsplit(exc.url).netloc or exc.url.split("?")[0]
    return t("dl_failed", lang, gemeente=gemeente, why=t(f"dl_why_{exc.kind}", lang), host=host)


def show_download_result(lang: str) -> None:
    """The finished download's message, until a whole run has shown it (forget_download_result)."""
    message = st.session_state.get(DONE_KEY)
    if message:
        st.success(message)


def forget_download_result() -> None:
    """Called at the end of a whole run: the message was shown. A run stopped by the next rerun (the map sending
    its first state, a click) never gets here, so the message is shown again instead of lost; the CI of session 19
    waited 60 s for it once."""
    st.session_state.pop(DONE_KEY, None)


def run_requested_download(lang: str) -> None:
    """Run a download asked for in this session (once), with a progress bar; on success switch to the gemeente."""
    code = st.session_state.pop(REQUEST_KEY, None)
    if code is None:
        return
    gemeente = check_gemeente(code)
    if gemeente is None:
        st.error(t("dl_bad_code", lang, code=code_span(code, 20)))
        return
    bar = st.progress(0.0, text=t("dl_starting", lang, gemeente=gemeente))

    def progress(done: int, total: int, label: str) -> None:
        bar.progress(min(done / total, 1.0), text=t("dl_progress", lang, gemeente=gemeente, label=label, done=done,
                                                   total=total))

    done, failed = run(list(GROUPS), gemeente, cache_dir(), make_session(retries=RETRIES, backoff=BACKOFF_S),
                       progress)
    if failed:
        bar.empty()
        st.error(failure_message(next(iter(failed.values())), gemeente, lang))
        return
    cache.forget_gemeenten()
    update_view(gemeente=gemeente, area=None, areas=())
    st.session_state[DONE_KEY] = t("dl_done", lang, gemeente=gemeente, files=len(done))
    st.rerun()
