"""Every page on a phone (390×844), a beamer (1024×768, the sidebar open) and a desktop (1400×900) in headless
Chromium: the page does not scroll sideways, every text stands within the screen's width (or in a box that scrolls
sideways: a wide table), and no two texts overlap, below the fold included: the charts' titles, legends, tick and
point labels, the tables, captions and widgets' labels; and no button's label is cut short with an ellipsis.

Each page and tab in Dutch for Den Haag at wijk level, in English for Den Haag and for Delft at buurt level. Found this way and
mended: on a phone /bronnen's source table ran off the page, /vergelijk's bar labels (slanted) ran into each other,
a chart title of three lines stuck out above its chart, /bronnen's long indicator names broke mid-word; on a beamer the
profile's title broke a buurt's long name mid-word beside the area picker; on every screen the gradient's focus-area
labels ran into each other at buurt level and the programs' first date ran into the count axis' 0. Also on a phone:
the sidebar's sign-in link left the sign-in form under the sidebar (a link in the sidebar closes it now where it
covers the page). The slides: tests/test_presentation_fit.py. A data grid (a canvas) has no texts to measure: the
profile's programs table has a test of its own below.
"""
from __future__ import annotations

import pytest

from tests.test_view_browser import settle
from tests.text_boxes import BROKEN_WORDS, CUT_LABELS, TEXT_BOXES, overlaps, wider_than
from texts.i18n import t

pytestmark = pytest.mark.browser

SCREENS = {"phone": {"width": 390, "height": 844}, "beamer": {"width": 1024, "height": 768},
           "desktop": {"width": 1400, "height": 900}}
VIEWS = ["/", "/?area=WK051838", "/profiel", "/profiel?area=WK051836", "/vergelijk", "/vergelijk?section=ranking",
         "/vergelijk?section=gradient", "/trends", "/trends?section=indicators", "/programmas", "/bronnen"]
READERS = {"nl-GM0518-wijk": "lang=nl&gemeente=GM0518&level=wijk",
           "en-GM0518-buurt": "lang=en&gemeente=GM0518&level=buurt",  # Zuidwest's ~20 focus buurten
           "en-GM0503-buurt": "lang=en&gemeente=GM0503&level=buurt",
           # the map's best/worst lists beside it, for the map alone: Den Haag's wijken in English, Zoetermeer's
           # buurten (long names: 'Scheidingszone', ranks '25th of 25 neighbourhoods')
           "en-GM0518-wijk": "lang=en&gemeente=GM0518&level=wijk",
           "en-GM0637-buurt": "lang=en&gemeente=GM0637&level=buurt"}
MAP_ONLY = {"en-GM0518-wijk", "en-GM0637-buurt"}
# Each view for each reader, and views of one city's areas for its reader alone: profiles of buurten named with one
# long word, Den Haag's longest (Stadhoudersplantsoen) and Delft's Agnetaparkbuurt, whose title broke mid-word beside
# the area picker on a beamer ("Agnetaparkbuur / t"); the map's lists of the buurten with most inhabitants
# ('Zeeheldenkwartier'); the gradient's legend with a long x title ('Gemiddeld inkomen per inkomensontvanger').
PAGES = [(view, reader) for view in VIEWS for reader in READERS if reader not in MAP_ONLY] + [
    ("/profiel?area=BU05181142", "nl-GM0518-wijk"), ("/profiel?area=BU05031301", "en-GM0503-buurt"),
    ("/?indicator=aant_inw", "en-GM0518-buurt"),
    ("/vergelijk?section=gradient&x=gemiddeld_inkomen_per_inkomensontvanger&y=voldoet_aan_alcohol_richtlijn",
     "nl-GM0518-wijk")] + [("/", reader) for reader in MAP_ONLY]
# The texts that stand past the edge of the page's column they are in (st.columns), but for those in a box that
# scrolls sideways. Within the screen is not enough: at 1024 px the map's best/worst lists ran 40-60 px past their
# column (ending at 986-1008 px), over the page's right margin, and the screen's edge check passed them.
PAST_COLUMN = """() => {
  const out = [];
  for (const col of document.querySelectorAll("[data-testid='stMain'] [data-testid='stColumn']")) {
    const c = col.getBoundingClientRect();
    if (c.width < 1) continue;
    const walker = document.createTreeWalker(col, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.textContent.trim() || !parent || parent.closest('svg') || !parent.getClientRects().length) continue;
      let scrolls = false;
      for (let e = parent; e && e !== col; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth) scrolls = true;
        if (s.display === 'none' || s.visibility === 'hidden') scrolls = true;  // not shown
      }
      if (scrolls) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width >= 1 && (r.right > c.right + 1 || r.left < c.left - 1))
          out.push(`${node.textContent.trim().slice(0, 40)}: ${Math.round(r.left)}-${Math.round(r.right)} px, ` +
                   `column ${Math.round(c.left)}-${Math.round(c.right)}`);
      }
    }
  }
  return out;
}"""
DRAWN = """() => [...document.querySelectorAll('.wijk-plot')].every(b => b.querySelector('.main-svg'))"""
# Scrolled through to the end and back, as a reader does: the profile's spine is laid out only near the screen
# (content-visibility), below the fold it keeps an estimated height until then.
READ_THROUGH = """async () => { const main = document.querySelector("[data-testid='stMain']");
  for (let y = 0; y < main.scrollHeight; y += main.clientHeight / 2) {
    main.scrollTop = y; await new Promise(requestAnimationFrame); }
  main.scrollTop = 0; await new Promise(requestAnimationFrame); }"""


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(("view", "reader"), PAGES)
def test_a_page_stays_within_the_screen_and_its_texts_stand_apart(app_url, page, artifacts, view, reader, screen):
    size = SCREENS[screen]
    page.set_viewport_size(size)
    page.goto(f"{app_url}{view}{'&' if '?' in view else '?'}{READERS[reader]}")
    settle(page)
    page.wait_for_function(DRAWN, timeout=90_000)  # every chart drawn (plotly sizes it to its box)
    page.evaluate(READ_THROUGH)
    page.wait_for_timeout(700)
    got = page.evaluate(TEXT_BOXES)
    name = view.strip("/").replace("?", "_").replace("=", "-").replace("&", "_") or "kaart"
    page.screenshot(path=str(artifacts / f"layout_{screen}_{name}_{reader}.png"))
    assert len(got["boxes"]) > 10, "hardly any text measured: the page did not draw"
    assert got["docWidth"] <= size["width"] and got["mainWidth"] <= size["width"] + 1, got
    assert not wider_than(got["boxes"], size["width"]), wider_than(got["boxes"], size["width"])[:6]
    assert not overlaps(got["boxes"]), overlaps(got["boxes"])[:6]
    broken = page.evaluate(BROKEN_WORDS)
    assert not broken, f"words broken over two lines: {broken[:6]}"
    assert not page.evaluate(CUT_LABELS), "a button's label cut short"
    past = page.evaluate(PAST_COLUMN)
    assert not past, past[:6]


def test_a_long_named_area_and_city_keep_the_profiles_legend_on_a_phone(app_url, page, artifacts):
    """Leidschendam-Voorburg's 'Landelijk gebied Stompwijk': the legend's 'Landelijk gebied Stompwijk: better than
    Leidschendam-Voorburg', kept on one line, ran 6 px past a 390 px phone's edge."""
    page.set_viewport_size(SCREENS["phone"])
    page.goto(f"{app_url}/profiel?gemeente=GM1916&level=buurt&area=BU19160401&lang=en")
    settle(page)
    page.locator(".spine-legend").wait_for(timeout=60_000)
    got = page.evaluate(TEXT_BOXES)
    page.screenshot(path=str(artifacts / "layout_phone_profiel_stompwijk.png"), full_page=True)
    assert any("Stompwijk: better than" in box["text"] for box in got["boxes"])
    assert not wider_than(got["boxes"], SCREENS["phone"]["width"]), wider_than(got["boxes"], 390)[:6]


# Each row of the profile's programs (charts.html_table): its 'Counted for' cell, drawn within the page's column and
# not cut; and whether the table stands as a table (its header row shown) or as cards.
COUNTED_FOR = """label => {
  const main = document.querySelector("[data-testid='stMainBlockContainer']").getBoundingClientRect();
  const table = [...document.querySelectorAll('table.wijk-table')].find(
    tb => tb.querySelector(`td[data-label="${label}"]`));
  return {cards: getComputedStyle(table).display === 'block', rows: [...table.querySelectorAll('tbody tr')].map(tr => {
    const td = tr.querySelector(`td[data-label="${label}"]`), b = td.getBoundingClientRect();
    return {text: td.innerText.trim(), inside: b.width > 0 && main.left <= b.left && b.right <= main.right + 1,
            whole: td.scrollWidth <= td.clientWidth}; })}; }"""


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("screen, cards", [("phone", True), ("beamer", True), ("desktop", False)])
def test_the_profiles_programs_show_where_each_number_was_counted(app_url, page, artifacts, screen, cards, lang):
    """Every program of Moerwijk shows the area its number was counted for, whole and within the page: in a grid the
    programs' long names pushed 'Counted for' past the table's edge, behind a sideways scroll, on a 1400 px screen (a
    column of the page) and a beamer. A table in a column narrower than a beamer's page shows its rows as cards."""
    page.set_viewport_size(SCREENS[screen])
    page.goto(f"{app_url}/profiel?area=WK051836&lang={lang}")
    settle(page)
    page.locator("table.wijk-table").first.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / f"layout_{screen}_profiel_programs_{lang}.png"))
    got = page.evaluate(COUNTED_FOR, t("pl_prof_col_for", lang))
    assert got["cards"] == cards, got
    assert len(got["rows"]) >= 10, got  # Moerwijk's own counts and Zuidwest's
    assert all(row["text"] and row["inside"] and row["whole"] for row in got["rows"]), got["rows"]
    assert t("pl_prof_here", lang) in {row["text"] for row in got["rows"]}


@pytest.mark.parametrize("screen, cards", [("phone", True), ("desktop", False)])
def test_the_source_tables_licence_stands_whole_on_the_page(app_url, page, artifacts, screen, cards):
    """/bronnen's source tables: on a phone, a table of five columns ran past the screen's edge ('CC BY 4.0' cut
    off) in a box that scrolled sideways with no sign of it; its rows are cards there now."""
    from indicators.catalogue import catalogue

    page.set_viewport_size(SCREENS[screen])
    page.goto(f"{app_url}/bronnen?lang=en")
    settle(page)
    got = page.evaluate(COUNTED_FOR, t("src_col_licence", "en"))
    page.screenshot(path=str(artifacts / f"layout_{screen}_bronnen_tables.png"))
    assert got["cards"] == cards, got
    assert [row["text"] for row in got["rows"]] == [tb.licence for tb in catalogue().tables]
    assert all(row["inside"] and row["whole"] for row in got["rows"]), got["rows"]


PHONE_UA = ("Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 "
            "Mobile Safari/537.36")  # Streamlit closes the sidebar after its own navigation for this agent only
SIDEBAR_LINKS = {"signin": ("[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']", "Sign in"),
                 "navigation": ("[data-testid='stSidebarNav'] a:has-text('Compare')", "Compare, rank")}
WAYS = {"phone": ({"width": 390, "height": 844}, {}), "phone-agent": ({"width": 390, "height": 844},
        {"is_mobile": True, "has_touch": True, "user_agent": PHONE_UA}), "beamer": ({"width": 1024, "height": 768}, {})}
COVERED = """h => { const r = h.getBoundingClientRect();
  return !h.contains(document.elementFromPoint(r.left + 8, r.top + r.height / 2)); }"""


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("link", SIDEBAR_LINKS)
def test_a_link_in_the_sidebar_uncovers_the_page_it_opens(browser, app_url, artifacts, link, way):
    """Where the sidebar lies over the page (a phone), following a link in it closes it, so the page it opens
    (the sign-in form, another page) is not left under it; where it stands beside the page it stays open."""
    size, agent = WAYS[way]
    context = browser.new_context(viewport=size, **agent)
    page = context.new_page()
    page.goto(f"{app_url}/?lang=en")
    settle(page)
    bar = page.locator("[data-testid='stSidebar']")
    if bar.get_attribute("data-collapsed") == "true":
        page.locator("[data-testid='stExpandSidebarButton']").click()
        page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'false'")
    selector, title = SIDEBAR_LINKS[link]
    page.locator(selector).click()
    heading = page.locator(f"h1:has-text('{title}')")
    heading.wait_for(timeout=60_000)
    settle(page)
    page.wait_for_timeout(500)  # the sidebar's closing transition
    page.screenshot(path=str(artifacts / f"sidebar_link_{link}_{way}.png"))
    covers = size["width"] <= 768
    assert bar.get_attribute("data-collapsed") == ("true" if covers else "false")
    assert not heading.evaluate(COVERED), "the opened page's title lies under the sidebar"
    context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", ["/invoer", "/inloggen"])
def test_the_sign_in_pages_titles_keep_their_words_whole_on_a_phone(app_url, page, artifacts, path, lang):
    """At Streamlit's title size "Invoer van programmatellingen" broke mid-word on a phone: "programmatelling / en"."""
    page.set_viewport_size(SCREENS["phone"])
    page.goto(f"{app_url}{path}?lang={lang}")
    settle(page)
    page.locator("[data-testid='stMain'] h1").first.wait_for()
    page.screenshot(path=str(artifacts / f"layout_phone_title_{path.strip('/')}_{lang}.png"))
    assert not page.evaluate(BROKEN_WORDS), "a title's word broken over two lines"
