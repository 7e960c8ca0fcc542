"""A fresh clone in headless Chromium: no mirror, an empty cache folder, no network.

Den Haag's map is drawn from the embedded default at once; another gemeente comes from the download (the app's
real download code, answered by the recorded responses: tests/recorded_server.py) with its progress on the page;
without a network the download ends in one message in the chosen language, and the sidebar and /programmas work.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import start_streamlit
from tests.recorded_gemeente import NAME
from tests.recorded_server import DOWNLOAD_GEMEENTE
from texts.i18n import t

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[data-testid='stCustomComponentV1']"
# Every text a progress bar shows, kept by the page itself (a download of recorded responses takes a second).
RECORD_PROGRESS = """
window.__progress = [];
new MutationObserver(() => {
  for (const bar of document.querySelectorAll('[data-testid="stProgress"]')) {
    const text = bar.innerText.trim();
    if (text && window.__progress[window.__progress.length - 1] !== text) window.__progress.push(text);
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def fresh_clone_server(tmp_path_factory: pytest.TempPathFactory, downloads: str) -> Iterator[str]:
    env = {"WIJKDASHBOARD_NO_MIRROR": "1", "WIJKDASHBOARD_NO_EMBEDDED": "0", "WIJKDASHBOARD_DATA_DIR": "",
           "XDG_CACHE_HOME": str(tmp_path_factory.mktemp(f"empty-cache-{downloads}"))}
    proc, url = start_streamlit(env, downloads=downloads)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def recorded_url(tmp_path_factory) -> Iterator[str]:
    yield from fresh_clone_server(tmp_path_factory, "recorded")


@pytest.fixture(scope="module")
def offline_url(tmp_path_factory) -> Iterator[str]:
    yield from fresh_clone_server(tmp_path_factory, "offline")


def wait_for_map(page) -> None:
    page.frame_locator(MAP_FRAME).locator("body[data-drawn] canvas").wait_for(timeout=60_000)
    page.wait_for_selector(".legend", timeout=60_000)


def ask_download(page, code: str, lang: str = "nl") -> None:
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(t("dl_other", lang), exact=True).click()
    sidebar.get_by_label(t("dl_code", lang)).fill(code)
    sidebar.get_by_role("button", name=t("dl_button", lang)).click()


def test_den_haag_is_drawn_from_the_embedded_default_at_once(page, recorded_url, artifacts):
    page.goto(recorded_url)
    wait_for_map(page)
    assert page.get_by_test_id("stAlert").count() == 0
    assert t("app_title", "nl") in page.get_by_test_id("stSidebar").inner_text()
    assert "geen gegevens" in page.locator(".legend").inner_text()
    page.screenshot(path=str(artifacts / "fresh_clone_map.png"), full_page=True)


def test_another_gemeente_is_downloaded_with_progress_and_drawn(page, recorded_url, artifacts):
    page.add_init_script(RECORD_PROGRESS)
    page.goto(recorded_url)
    wait_for_map(page)
    ask_download(page, DOWNLOAD_GEMEENTE)
    done = t("dl_done", "nl", gemeente=DOWNLOAD_GEMEENTE, files=8)
    page.get_by_text(done).wait_for(timeout=60_000)
    wait_for_map(page)
    progress = page.evaluate("window.__progress")
    assert any(text.startswith(f"Gegevens voor {DOWNLOAD_GEMEENTE} downloaden") for text in progress), progress
    assert f"gemeente={DOWNLOAD_GEMEENTE}" in page.url
    picker = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first  # the gemeente, above the rest
    assert NAME in picker.evaluate("el => el.textContent + ' ' + [...el.querySelectorAll('input')].map(i => i.value)")
    page.screenshot(path=str(artifacts / "fresh_clone_download.png"), full_page=True)


def test_offline_the_download_fails_with_one_message_and_the_rest_works(page, offline_url, artifacts):
    page.goto(f"{offline_url}/?lang=en")
    wait_for_map(page)
    ask_download(page, DOWNLOAD_GEMEENTE, "en")
    message = t("dl_failed", "en", gemeente=DOWNLOAD_GEMEENTE, why=t("dl_why_connect", "en"),
                host="dataderden.cbs.nl")
    alert = page.get_by_test_id("stAlert").filter(has_text=t("dl_why_connect", "en"))
    alert.wait_for(timeout=60_000)
    assert alert.count() == 1 and alert.inner_text().strip() == message
    page.screenshot(path=str(artifacts / "fresh_clone_offline.png"), full_page=True)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Nederlands").click()  # the language switch still works
    page.get_by_text(t("app_title", "nl")).wait_for(timeout=30_000)
    sidebar.get_by_role("link", name=t("page_programmas", "nl")).click()
    page.get_by_role("heading", name=t("prog_title", "nl")).wait_for(timeout=60_000)
    assert page.get_by_test_id("stException").count() == 0
