"""/presentatie's controls in headless Chromium on the smallest beamer (1024×768) and on a phone (390×844), in Dutch
and English: every button and link below the slide shows its whole label. In five equal columns the export buttons
read "Maak P…" three times (PowerPoint, PDF hand-out, PNG) and the link "Terug naar de kaa"; the builder's
"Omhoog" / "Omlaag" / "Verwijder" read "O…", "O…", "V…"."""
from __future__ import annotations

import pytest

from tests.pres_browser import COUNTER, PAGER, idle, settle

pytestmark = pytest.mark.browser

SIZES = {"beamer": (1024, 768), "phone": (390, 844)}

# The label of each shown button and link in `root` that is cut: its text runs past its own box (an ellipsis) or
# past the button's edge.
CUT_LABELS = """(root) => [...root.querySelectorAll('button, a')].filter(e => e.getClientRects().length
    && e.getBoundingClientRect().width > 0).flatMap(e => {
  const label = e.querySelector("[data-testid='stMarkdownContainer']");
  if (!label || !label.innerText.trim()) return [];
  const overflows = [label, ...label.querySelectorAll('*')].some(x => x.clientWidth > 0
    && x.scrollWidth > x.clientWidth);
  const range = document.createRange();
  range.selectNodeContents(label);
  const text = range.getBoundingClientRect(), box = e.getBoundingClientRect();
  return overflows || text.right > box.right + 0.5 || text.left < box.left - 0.5 ? [label.innerText.trim()] : [];
})"""


def _cut(page) -> list[str]:
    return page.locator(".st-key-pres_nav").evaluate(CUT_LABELS)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("size", list(SIZES))
def test_every_label_of_the_controls_is_whole(page, app_url, artifacts, size, lang):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/presentatie?slide=2&lang={lang}")
    page.wait_for_selector(COUNTER, timeout=90_000)
    page.wait_for_selector(PAGER, state="attached", timeout=60_000)
    idle(page)
    page.locator(".st-key-pres_controls_open summary").click()
    make = page.locator(".st-key-pres_make_view_pdf button")
    make.wait_for(state="visible", timeout=60_000)
    settle(page)
    page.wait_for_timeout(500)  # the row wraps once the fonts are in
    make.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"presentatie_controls_{size}_{lang}.png"))
    assert _cut(page) == [], "export tab"

    page.locator(".st-key-pres_controls_open [role='tab']").nth(1).click()
    present = page.locator(".st-key-pres_b_present button")
    present.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(500)
    present.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"presentatie_builder_{size}_{lang}.png"))
    assert _cut(page) == [], "builder tab"
