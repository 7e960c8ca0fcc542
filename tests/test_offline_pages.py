"""A fresh machine in AppTest: the embedded default, missing or corrupt data files, and the download from the
browser against the recorded responses (tests/recorded_gemeente.py; no test reaches the internet)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import responses

from indicators.sources import EMBEDDED_DIR, ENV_DATA_DIR, ENV_NO_EMBEDDED, ENV_OFFLINE_MIRROR
from programs.db import make_sessions, open_store
from programs.users import Account, add_user
from tests.conftest import app_test
from tests.recorded_gemeente import NAME, register
from tests.signin_helpers import app_cookie, sign_in_app  # noqa: F401  (fixture)
from texts.i18n import t

OTHER = "GM0603"


@pytest.fixture
def fresh_clone(tmp_path, monkeypatch) -> Path:
    """No mirror, an empty cache, the embedded default on; returns an empty data folder (searched first)."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv(ENV_OFFLINE_MIRROR, "1")
    monkeypatch.delenv(ENV_NO_EMBEDDED, raising=False)
    monkeypatch.setenv(ENV_DATA_DIR, str(data))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return data


@pytest.fixture
def no_data(fresh_clone, monkeypatch) -> Path:
    monkeypatch.setenv(ENV_NO_EMBEDDED, "1")
    return fresh_clone


def errors(at) -> str:
    return " ".join(e.value for e in at.error)


def sidebar_works(at, lang: str) -> None:
    """The language switch is there and the dashboard's name heads the sidebar."""
    assert at.sidebar.radio(key="w_lang").value == lang
    assert any(m.value == f"**{t('app_title', lang)}**" for m in at.sidebar.markdown)


def programs_page_works(at, lang: str) -> None:
    """/programmas needs no indicator data: its title and the report's counts are there, no error."""
    at.switch_page("views/programmas.py")
    at.run()
    assert not at.exception and not at.error, errors(at)
    assert at.title[0].value == t("prog_title", lang)
    assert len(at.dataframe) > 0 and len(at.dataframe[0].value) > 0


def download(at, code: str):
    at.sidebar.text_input(key="download_code").input(code)
    at.sidebar.button[0].click()  # the form's submit button (the only button of the sidebar without sign-in)
    return at.run()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_without_any_data_only_the_data_pages_stop(no_data, lang):
    at = app_test({"lang": lang})
    at.run()
    assert not at.exception, at.exception
    assert t("data_missing_title", lang) in errors(at) and "python -m indicators.refresh" in errors(at)
    assert at.button(key="download_offer").label == t("dl_offer", lang, gemeente="GM0518")
    sidebar_works(at, lang)
    programs_page_works(at, lang)


def test_language_switch_works_without_data(no_data):
    at = app_test()
    at.run()
    at.sidebar.radio(key="w_lang").set_value("en")
    at.run()
    assert t("data_missing_title", "en") in errors(at) and t("data_missing_title", "nl") not in errors(at)


def test_a_corrupt_health_file_stops_the_map_not_the_program_pages(fresh_clone):
    text = (EMBEDDED_DIR / "embedded_rivm_50090NED_GM0518.csv").read_text(encoding="utf-8")
    (fresh_clone / "cbs_50090NED_GM0518.csv").write_text(text[: len(text) // 2], encoding="utf-8")  # cut off
    at = app_test({"lang": "en"})
    at.run()
    assert not at.exception
    assert "cbs_50090NED_GM0518.csv" in errors(at) and "truncated" in errors(at)
    sidebar_works(at, "en")
    programs_page_works(at, "en")


def test_a_corrupt_health_file_leaves_data_entry_to_editors(fresh_clone, tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path))
    engine = open_store(f"sqlite:///{tmp_path / 'programs.sqlite'}")
    with make_sessions(engine).begin() as session:
        add_user(session, "Anna", "editor", "wachtwoord van anna", rounds=4)
    engine.dispose()
    (fresh_clone / "cbs_50090NED_GM0518.csv").write_text("Codering_3,Perioden\nGM0518", encoding="utf-8")
    at = app_test({"lang": "en"})
    sign_in_app(Account("Anna", "editor"))
    at.run()
    assert "cbs_50090NED_GM0518.csv" in errors(at)  # the map page names the broken file
    at.switch_page("views/invoer.py")
    at.run()
    assert not at.exception and not at.error, errors(at)
    assert at.tabs and at.main.number_input, "the entry form is there"


def test_a_corrupt_boundary_file_keeps_sidebar_and_program_pages(fresh_clone):
    (fresh_clone / "pdok_wijken_GM0518.geojson").write_text('{"type": "FeatureCollection", "feat', encoding="utf-8")
    at = app_test({"lang": "en"})
    at.run()
    assert not at.exception
    assert "pdok_wijken_GM0518.geojson" in errors(at)
    sidebar_works(at, "en")
    programs_page_works(at, "en")


def test_the_map_of_another_gemeente_comes_from_the_download(fresh_clone):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        register(rsps, OTHER)
        at = app_test({"lang": "en"})
        at.run()
        assert not at.error
        at = download(at, OTHER.lower())
        hosts = {re.sub(r"^https://([^/]+)/.*", r"\1", c.request.url) for c in rsps.calls}
    assert hosts == {"dataderden.cbs.nl", "opendata.cbs.nl", "service.pdok.nl"}
    assert not at.exception and not at.error, errors(at)
    assert at.success[0].value == t("dl_done", "en", gemeente=OTHER, files=8)
    assert at.query_params["gemeente"] == OTHER
    assert (Path(os.environ["XDG_CACHE_HOME"]) / "wijkdashboard" / f"cbs_50090NED_{OTHER}.csv").is_file()
    assert at.title[0].value.startswith("Self-rated health")
    picker = at.sidebar.selectbox(key="w_gemeente")
    assert picker.value == OTHER and NAME in picker.format_func(OTHER)
    at.run()  # the run that showed it was whole: the message was shown once
    assert not at.success


def _run_with_a_download(stopped_runs: int) -> None:
    """app.py's steps around a download asked for in the first run (nothing answers: no network); the first
    `stopped_runs` runs are stopped before app.py's end, as a rerun (the map's first state, a click) stops them."""
    import streamlit as st

    from ui.download import forget_download_result, request_download, run_requested_download, show_download_result

    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    if st.session_state["runs"] == 1:
        request_download("GM0603")
    show_download_result("en")
    run_requested_download("en")
    if st.session_state["runs"] <= stopped_runs:
        st.stop()
    forget_download_result()


@pytest.mark.parametrize("stopped_runs", [0, 2])
def test_a_download_message_is_forgotten_only_after_a_whole_run_showed_it(fresh_clone, stopped_runs):
    from streamlit.testing.v1 import AppTest

    message = t("dl_failed", "en", gemeente=OTHER, why=t("dl_why_connect", "en"), host="dataderden.cbs.nl")
    at = AppTest.from_function(_run_with_a_download, kwargs={"stopped_runs": stopped_runs}, default_timeout=30)
    shown = []
    with responses.RequestsMock(assert_all_requests_are_fired=False):
        for _ in range(3):
            at.run()
            shown.append([e.value for e in at.error])
    assert not at.exception
    assert shown == ([[message], [], []] if stopped_runs == 0 else [[message], [message], []])


def test_a_download_stopped_halfway_by_a_rerun_runs_again(fresh_clone, monkeypatch):
    """A rerun stops a run at its next element, here the progress bar's first step: the request is kept."""
    import streamlit as st

    from indicators.odata import DownloadError

    calls = []

    def stopped_once(groups, gemeente, dest, session, progress):
        calls.append(gemeente)
        if len(calls) == 1:
            st.stop()
        return [], {"cbs": DownloadError("https://dataderden.cbs.nl/x", "no network", "connect")}

    monkeypatch.setattr("ui.download.run", stopped_once)
    at = app_test({"lang": "en"})
    at.run()
    at = download(at, OTHER)
    assert calls == [OTHER] and not at.error
    at.run()
    assert calls == [OTHER, OTHER]
    assert errors(at) == t("dl_failed", "en", gemeente=OTHER, why=t("dl_why_connect", "en"), host="dataderden.cbs.nl")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_download_that_cannot_be_saved_says_where_and_why(fresh_clone, monkeypatch, lang):
    """A full disk or a folder without rights: one message naming the folder, and the download is not retried."""
    calls = []

    def disk_full(groups, gemeente, dest, session, progress):
        calls.append(gemeente)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("ui.download.run", disk_full)
    at = app_test({"lang": lang})
    at.run()
    at = download(at, OTHER)
    assert not at.exception
    folder = str(Path(os.environ["XDG_CACHE_HOME"]) / "wijkdashboard")
    assert errors(at) == t("dl_not_saved", lang, gemeente=OTHER, folder=f"`{folder}`", why="No space left on device")
    at.run()
    assert calls == [OTHER] and not at.error  # shown once, not tried again on every run
    sidebar_works(at, lang)


def test_a_fault_in_a_download_is_shown_once_and_not_run_again(fresh_clone, monkeypatch):
    calls = []

    def broken(groups, gemeente, dest, session, progress):
        calls.append(gemeente)
        raise RuntimeError("a fault in the download code")

    monkeypatch.setattr("ui.download.run", broken)
    at = app_test({"lang": "en"})
    at.run()
    at = download(at, OTHER)
    assert calls == [OTHER] and len(at.exception) == 1  # the page's error box (details in the log)
    at.run()
    assert calls == [OTHER] and not at.exception


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_failed_download_says_so_once_in_the_chosen_language(fresh_clone, lang):
    with responses.RequestsMock(assert_all_requests_are_fired=False):  # nothing answers: as without a network
        at = app_test({"lang": lang})
        at.run()
        at = download(at, OTHER)
    assert not at.exception
    assert [e.value for e in at.error] == [t("dl_failed", lang, gemeente=OTHER, why=t("dl_why_connect", lang),
                                             host="dataderden.cbs.nl")]
    other = "en" if lang == "nl" else "nl"
    assert t("dl_why_connect", other) not in errors(at) and "ConnectionError" not in errors(at)
    sidebar_works(at, lang)
    assert at.title[0].value  # Den Haag's map (embedded default) is still drawn below the message


def test_a_bad_gemeente_code_is_named(fresh_clone):
    at = app_test({"lang": "en"})
    at.run()
    at = download(at, "Rijswijk")
    assert errors(at) == t("dl_bad_code", "en", code="`Rijswijk`")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_works_from_the_embedded_default_and_names_the_dashboard(fresh_clone, lang):
    at = app_test({"lang": lang})
    for page in ("kaart", "profiel", "vergelijk", "trends", "programmas", "presentatie", "bronnen", "invoer",
                 "inloggen"):
        at.switch_page(f"views/{page}.py")
        at.run()
        assert not at.exception, (page, at.exception)
        assert t("data_missing_title", lang) not in errors(at), (page, errors(at))
        sidebar_works(at, lang)
