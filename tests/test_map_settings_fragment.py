"""The map's own settings (classification, focus outlines, basemap) are drawn inside the map's fragment (issue #19):
changing one reruns only the map's body, like an indicator change, not the router and the sidebar (a sidebar
widget reruns the whole app: a classification change settled ~150 ms later than an indicator change)."""
from __future__ import annotations

import pytest

from tests.conftest import open_page
from texts.i18n import t

MAP_FRAME = "iframe[data-testid='stCustomComponentV1']"
SETTINGS = ("w_method", "w_focus", "w_basemap")

# Every frame the page receives, kept as text (Streamlit's messages are protobuf: names and paths are readable).
RECORD_FRAMES = """
(() => {
  if (window.top !== window) return;
  const text = (d) => typeof d === 'string' ? d : new TextDecoder('latin1').decode(new Uint8Array(d));
  window.__frames = [];
  const Native = window.WebSocket;
  class Recorded extends Native {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', (e) => {
        if (e.data instanceof Blob) e.data.arrayBuffer().then((b) => window.__frames.push(text(b)));
        else window.__frames.push(text(e.data));
      });
    }
  }
  window.WebSocket = Recorded;
})();
"""
NAV_MARK = "presentatie"  # the router's navigation (st.navigation's pages) is sent on whole runs only


def test_map_settings_are_in_the_page_not_in_the_sidebar():
    at = open_page("kaart", {"level": "buurt"})
    assert not at.exception
    sidebar_keys = {w.key for w in (*at.sidebar.selectbox, *at.sidebar.toggle)}
    main_keys = {w.key for w in (*at.main.selectbox, *at.main.toggle)}
    for key in SETTINGS:
        assert key not in sidebar_keys and key in main_keys, key


def _idle(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.wait_for_timeout(600)


def _legend(page) -> str:
    return page.locator(".legend").inner_text()


@pytest.mark.browser
def test_a_classification_change_reruns_only_the_map(page, app_url):
    page.add_init_script(RECORD_FRAMES)
    page.goto(f"{app_url}/?level=buurt")
    page.frame_locator(MAP_FRAME).locator("body[data-drawn] canvas").wait_for(timeout=60_000)
    _idle(page)
    assert any(NAV_MARK in f for f in page.evaluate("window.__frames")), "a whole run sends the navigation"
    before = _legend(page)

    page.evaluate("window.__frames = []")
    page.locator(".st-key-w_method input[role='combobox']").click()
    page.get_by_role("option", name=t("method_fisher_jenks", "nl"), exact=True).click()
    page.wait_for_function("() => location.search.includes('method=fisher_jenks')", timeout=30_000)
    page.wait_for_function("b => document.querySelector('.legend').innerText !== b", arg=before, timeout=30_000)
    _idle(page)
    frames = page.evaluate("window.__frames")
    assert frames, "the change was sent and answered"
    assert not any(NAV_MARK in f for f in frames), "a fragment run: the router did not run again"
    jenks = _legend(page)

    # the fragment's next run (the focus outlines switched off) still draws the chosen classification: the body
    # reads it from the view, not from the arguments of the last whole run
    page.evaluate("window.__frames = []")
    page.locator(".st-key-w_focus label").click()
    page.wait_for_function("() => location.search.includes('focus=0')", timeout=30_000)
    _idle(page)
    assert not any(NAV_MARK in f for f in page.evaluate("window.__frames"))
    classes = lambda text: " ".join(text.replace(t("focus_legend", "nl"), "").split())  # noqa: E731
    assert t("focus_legend", "nl") in jenks and t("focus_legend", "nl") not in _legend(page)
    assert classes(_legend(page)) == classes(jenks) != classes(before)
