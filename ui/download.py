"""Download a gemeente's open data from the browser: the real download code (`indicators.refresh`: CBS OData,
the RIVM catalog, PDOK) into the cache folder, with a progress bar on the page, and one message in the reader's
language when it fails. The embedded default holds only Den Haag; every other gemeente comes from here (or from
`python -m indicators.refresh`)."""
from __future__ import annotations

from typing import NoReturn
from urllib.parse import urlsplit

import streamlit as st

from indicators.odata import DownloadError, make_session
from indicators.refresh import GROUPS, check_gemeente, run
from indicators.sources import cache_dir
from texts.i18n import t
from ui import cache
from ui.context import update_view
from ui.safe_text import code_span, escape_markdown

REQUEST_KEY = "download_request"  # the gemeente code asked for, kept until its download has ended
RESULT_KEY = "download_result"  # (kind, message) of an ended download, shown until a whole run has shown it
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
    """The ended download's message (success or why it failed), until a whole run has shown it."""
    result = st.session_state.get(RESULT_KEY)
    if result:
        kind, message = result
        if kind == "success":
            st.success(message)
        else:
            st.error(message)


def forget_download_result() -> None:
    """Called at the end of a whole run: the message was shown. A run stopped by the next rerun (the map sending
    its first state, a click) never gets here, so the message is shown again instead of lost; the CI of session 19
    waited 60 s for a success message, that of session 23 for a failure's."""
    st.session_state.pop(RESULT_KEY, None)


def _ended(kind: str, message: str) -> NoReturn:
    """The download has ended: forget the request, keep its message for show_download_result, rerun."""
    st.session_state.pop(REQUEST_KEY, None)
    st.session_state[RESULT_KEY] = (kind, message)
    st.rerun()


def run_requested_download(lang: str) -> None:
    """Run a download asked for in this session, with a progress bar; on success switch to the gemeente. The
    request is forgotten only when the download has ended (or failed on a fault): a run stopped halfway by a rerun
    starts it again."""
    code = st.session_state.get(REQUEST_KEY)
    if code is None:
        return
    gemeente = check_gemeente(code)
    if gemeente is None:
        _ended("error", t("dl_bad_code", lang, code=code_span(code, 20)))
    bar = st.progress(0.0, text=t("dl_starting", lang, gemeente=gemeente))

    def progress(done: int, total: int, label: str) -> None:
        bar.progress(min(done / total, 1.0), text=t("dl_progress", lang, gemeente=gemeente, label=label, done=done,
                                                   total=total))

    try:
        done, failed = run(list(GROUPS), gemeente, cache_dir(), make_session(retries=RETRIES, backoff=BACKOFF_S),
                           progress)
    except OSError as exc:  # the cache folder cannot be written: a full disk, no rights
        _ended("error", t("dl_not_saved", lang, gemeente=gemeente, folder=code_span(str(cache_dir()), 200),
                          why=escape_markdown(exc.strerror or exc, 200)))
    except Exception:
        st.session_state.pop(REQUEST_KEY, None)  # a fault, not a rerun's stop: shown once, not run again each run
        raise
    if failed:
        _ended("error", failure_message(next(iter(failed.values())), gemeente, lang))
    cache.forget_gemeenten()
    update_view(gemeente=gemeente, area=None, areas=())
    _ended("success", t("dl_done", lang, gemeente=gemeente, files=len(done)))
