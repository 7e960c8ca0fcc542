"""Outside text shown through ui.safe_text reads in the browser exactly as typed and links nowhere: remark-gfm, which
Streamlit's markdown uses, made bare addresses live links even after their punctuation was escaped
(`=HYPERLINK("http://…")` in an upload's problem table)."""
from __future__ import annotations

import pytest

from tests.conftest import start_streamlit
from tests.safe_text_cases import TYPED
from tests.test_view_browser import settle
from ui.safe_text import WORD_JOINER

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def literal_text_url():
    proc, url = start_streamlit(script="tests/fixtures/markdown_app/literal_text.py")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_outside_text_reads_as_typed_and_links_nowhere(literal_text_url, page):
    page.goto(literal_text_url)
    settle(page)
    page.wait_for_selector("[data-testid='stTable']", timeout=60_000)
    main = "[data-testid='stMain']"
    assert page.locator(f"{main} a, {main} img, {main} strong, {main} em, {main} code").count() == 0
    shown = page.eval_on_selector_all(f"{main} [data-testid='stMarkdown'], {main} [data-testid='stTable'] tbody td",
                                      "els => els.map(e => e.textContent)")  # paragraphs, captions, then cells
    typed = [text for text in TYPED for _ in ("paragraph", "caption")] + TYPED
    assert [text.replace(WORD_JOINER, "") for text in shown] == typed
