"""The view in a real browser (issue #16): a language switched twice keeps /vergelijk's choices, and every radio
shows a selected option and speaks the chosen language afterwards."""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from indicators.view import MAX_AREAS
from tests.conftest import nav_link
from texts.i18n import t

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
AREAS = ["WK051829", "WK051830", "WK051836"]  # Schildersbuurt, Transvaalkwartier, Moerwijk
NAMES = {"WK051829": "Schildersbuurt", "WK051830": "Transvaalkwartier", "WK051836": "Moerwijk"}
INDICATORS = ["eenzaam", "overgewicht"]


CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"


def settle(page) -> None:
    """Wait until the script has run and finished. Before a new tab's socket connects, the app also reads as not
    running (CI read the radios of a page not drawn yet): the socket must be connected first."""
    page.wait_for_selector(CONNECTED, timeout=90_000)
    page.wait_for_selector(IDLE, timeout=90_000)
    page.wait_for_timeout(500)
    page.wait_for_selector(IDLE, timeout=90_000)


def radios(page) -> dict[str, str | None]:
    """Each radio group's label -> the text of its checked option (None: nothing shown as chosen)."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-testid="stRadio"]')].map(el => [
        el.querySelector('[data-testid="stWidgetLabel"]').innerText.trim(),
        el.querySelector('input:checked')?.closest('label').textContent.trim() ?? null]))""")


def chosen_tags(page, label: str) -> list[str]:
    """The chosen options of the multiselect labelled `label`, as shown (one line each under the label)."""
    return page.evaluate("""label => {
        const box = [...document.querySelectorAll('[data-testid="stMultiSelect"]')].find(
            el => el.querySelector('[data-testid="stWidgetLabel"]').innerText.trim() === label);
        return [...box.querySelectorAll('[data-tag] span[title]')].map(s => s.getAttribute('title').trim());
    }""", label)


def test_switching_language_twice_keeps_the_comparison_and_every_radio_speaks_it(mirror, app_url, page, artifacts):
    page.goto(f"{app_url}/vergelijk?areas={','.join(AREAS)}&indicators={','.join(INDICATORS)}")
    settle(page)
    for lang, name in (("en", "English"), ("nl", "Nederlands"), ("en", "English")):
        page.locator("[data-testid='stSidebar'] [data-testid='stRadio'] label").filter(has_text=name).first.click(timeout=90_000)
        page.wait_for_function(f"() => document.documentElement.lang === '{lang}'", timeout=60_000)
        settle(page)
        shown = radios(page)
        assert shown[t("language", lang)] == name
        assert shown[t("level", lang)] == t("level_wijk", lang)
        assert shown[t("age", lang)] == t("age_18plus", lang)
        tags = chosen_tags(page, t("cmp_areas", lang))
        assert [tag.split(" (")[0] for tag in tags] == [NAMES[c] for c in AREAS], tags
        assert all(t("cmp_level_wijk", lang) in tag for tag in tags), tags  # the option labels follow the language
        assert len(chosen_tags(page, t("cmp_indicators", lang))) == len(INDICATORS)
        query = parse_qs(urlsplit(page.url).query)
        assert query["areas"] == [",".join(AREAS)] and query["indicators"] == [",".join(INDICATORS)]
    page.screenshot(path=str(artifacts / "view_language_twice_vergelijk.png"))


def _choose(page, box, name: str) -> None:
    """Type `name` into a select box or multiselect and click its option."""
    box.locator("input").click()
    box.locator("input").fill(name)
    page.locator("[role='option']").filter(has_text=name).first.click(timeout=30_000)
    settle(page)


def _legend(page, key: str) -> list[str]:
    """The series names in the legend of the plotly chart with this key (SVG text: no innerText)."""
    return page.locator(f".st-key-{key} .legendtext").evaluate_all("els => els.map(e => e.textContent.trim())")


def test_trends_sections_rerun_on_their_own_and_keep_each_others_choice(mirror, app_url, page, artifacts):
    """/trends' two tabs (#19: only the open one is drawn) keep each other's choice: an area added to the chart
    lands in the URL and the chart, a new area for the small multiples in their tab too, and going back to the
    chart's tab, or reloading, loses neither. The chart opens on the view's area (Moerwijk): the new one joins it."""
    multiples_tab = page.get_by_role("tab", name=t("trend_multiples_title", "nl"))
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{app_url}/trends?indicator=eenzaam&area=WK051836")
    settle(page)
    _choose(page, page.locator(".st-key-w_trend_areas"), "Schildersbuurt")
    page.wait_for_function("() => new URLSearchParams(location.search).get('areas') === 'WK051836,WK051829'",
                           timeout=60_000)
    settle(page)  # the URL is written before the chart is drawn again
    assert "Schildersbuurt" in _legend(page, "trend_chart")
    page.keyboard.press("Escape")  # the multiselect's open list hides the rest of the page from its roles
    multiples_tab.click()
    page.locator(".st-key-w_trend_area").wait_for(timeout=60_000)
    _choose(page, page.locator(".st-key-w_trend_area"), "Laakkwartier en Spoorwijk")
    page.wait_for_function("() => location.search.includes('area=WK051838')", timeout=60_000)
    query = parse_qs(urlsplit(page.url).query)
    assert query["areas"] == ["WK051836,WK051829"] and query["area"] == ["WK051838"]
    assert query["indicator"] == ["eenzaam"]
    assert query["section"] == ["indicators"]
    page.screenshot(path=str(artifacts / "view_trends_sections.png"), full_page=True)
    page.keyboard.press("Escape")
    page.get_by_role("tab", name=t("trend_tab_areas", "nl")).click()
    page.locator(".st-key-trend_chart .legendtext").first.wait_for(timeout=60_000)
    assert "Schildersbuurt" in _legend(page, "trend_chart")
    page.reload()
    settle(page)
    page.locator(".st-key-trend_chart .legendtext").first.wait_for(timeout=60_000)
    tags = chosen_tags(page, t("trend_areas", "nl", max=MAX_AREAS))
    assert tags[0].startswith("Moerwijk") and tags[1].startswith("Schildersbuurt"), tags
    assert "Schildersbuurt" in _legend(page, "trend_chart")
    multiples_tab.click()
    page.locator(".st-key-w_trend_area").wait_for(timeout=60_000)
    settle(page)
    assert page.locator(".st-key-w_trend_area input").input_value().startswith("Laakkwartier")


def _sidebar_choice(page, name: str) -> None:
    page.locator("[data-testid='stSidebar'] [data-testid='stRadio'] label").filter(has_text=name).first.click(
        timeout=90_000)
    settle(page)


def test_back_goes_to_the_page_before_and_keeps_the_view(mirror, app_url, page, artifacts):
    """The browser's history holds pages, not each change of the view: Back from /vergelijk after a level and a
    language switch there (and a level switch on the map before) goes to the map at once, with the view as it is
    now (Delft, Dutch, buurt); Forward returns to /vergelijk; a reload keeps the view. Before, each switch added an
    entry, and Back to one only had the app write the view into the URL again: it seemed to do nothing."""
    page.goto(f"{app_url}/?lang=en&gemeente=GM0503")
    settle(page)
    start = page.evaluate("history.length")
    _sidebar_choice(page, "Neighbourhoods (buurten)")
    page.locator("[data-testid='stSidebarNav'] a").filter(has_text="Compare").click()
    page.wait_for_selector("h1:has-text('Compare')", timeout=90_000)
    settle(page)
    _sidebar_choice(page, "Districts (wijken)")
    _sidebar_choice(page, "Nederlands")
    _sidebar_choice(page, "Buurten")
    assert page.evaluate("history.length") == start + 1, "a change of the view added a history entry"
    expected = {"gemeente": ["GM0503"], "level": ["buurt"]}  # Dutch is the default: no lang parameter

    def on(path: str) -> None:
        settle(page)
        assert urlsplit(page.url).path == path
        assert parse_qs(urlsplit(page.url).query) == expected
        shown = radios(page)
        assert shown[t("language", "nl")] == "Nederlands" and shown[t("level", "nl")] == t("level_buurt", "nl")

    page.go_back()
    on("/")
    assert page.locator("[data-testid='stSidebar'] input[role='combobox']").first.input_value() == "Delft"
    page.screenshot(path=str(artifacts / "view_back_to_the_map.png"))
    page.go_forward()
    on("/vergelijk")
    page.go_back()
    page.reload()
    on("/")


@pytest.mark.parametrize("path", ["/", "/vergelijk?section=ranking&"])
def test_the_sidebars_age_group_is_the_one_the_page_draws(mirror, app_url, page, artifacts, path):
    """A year without 65+ figures, chosen on the map or in the ranking (a fragment's rerun, which does not draw
    the sidebar), takes the age back to 18+, and the sidebar says so; 65+ chosen in the sidebar while the page shows
    2016 takes the year to 2020, the one year with 65+ figures, and the page draws 65+. Before, the sidebar said 65+
    over 18+ figures on both paths."""
    sep = "" if path.endswith("&") else "?"
    age_label = t("age", "en")
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{app_url}{path}{sep}lang=en&indicator=eenzaam&age=65plus")
    settle(page)
    assert radios(page)[age_label] == t("age_65plus", "en")
    _choose(page, page.locator(".st-key-w_year"), "2016")
    page.wait_for_function("() => new URLSearchParams(location.search).get('year') === '2016'", timeout=60_000)
    settle(page)
    assert radios(page)[age_label] == t("age_18plus", "en")
    assert "age" not in parse_qs(urlsplit(page.url).query)
    page.get_by_text(f"{t('age_18plus', 'en')} · 2016").first.wait_for(timeout=30_000)  # the figure's title

    _sidebar_choice(page, t("age_65plus", "en"))
    page.wait_for_function("() => new URLSearchParams(location.search).get('age') === '65plus'", timeout=60_000)
    settle(page)
    query = parse_qs(urlsplit(page.url).query)
    assert "year" not in query and radios(page)[age_label] == t("age_65plus", "en")  # 2020, the default year
    assert page.locator(".st-key-w_year input").input_value() == "2020"
    page.get_by_text(f"{t('age_65plus', 'en')} · 2020").first.wait_for(timeout=30_000)
    page.screenshot(path=str(artifacts / f"view_age_in_step_{path.strip('/?&').replace('?', '_') or 'kaart'}.png"))


@pytest.mark.parametrize("link, kept", [("/presentatie?slide=abc&lang=en", {"lang": ["en"]}),
                                        ("/?level=straat&gemeente=GM0503", {"gemeente": ["GM0503"]})])
def test_a_link_the_app_corrects_leaves_no_entry_of_its_own(mirror, app_url, page, link, kept):
    """A link with a value the app cannot use is written back without it as the page lands; Back then goes to the
    page before. Before, that first rewrite, when it came before the app's history rule had loaded with the sidebar,
    added an entry, and Back from the corrected page went to the bad link, the same page (a race: see the next
    test)."""
    page.goto(f"{app_url}/bronnen")
    settle(page)
    start = page.evaluate("history.length")
    page.goto(app_url + link)
    page.wait_for_function("(path) => location.pathname === path && !/abc|straat/.test(location.search)",
                           arg=urlsplit(link).path, timeout=90_000)
    settle(page)
    assert parse_qs(urlsplit(page.url).query) == kept
    assert page.evaluate("history.length") == start + 1, "the corrected link added a history entry"
    page.go_back()
    settle(page)
    assert urlsplit(page.url).path == "/bronnen"


@pytest.mark.parametrize("path", ["/", "/presentatie"])
def test_the_history_rule_holds_from_the_start_of_the_page(app_url, page, path):
    """The rule that a change of the query string on the same page replaces its entry (ui.page_scripts) holds from
    the page's start, before Streamlit's first run can rewrite a link: a change made as the document has loaded
    adds no entry. It came with the sidebar's script, after the first run's rewrite when that rewrite came first."""
    page.add_init_script("""document.addEventListener('DOMContentLoaded', () => {
        window.lengths = [history.length];
        history.pushState({}, '', location.pathname + '?lang=en');
        window.lengths.push(history.length); })""")
    page.goto(app_url + path)
    page.wait_for_function("window.lengths?.length === 2", timeout=60_000)
    before, after = page.evaluate("window.lengths")
    assert after == before


EIGHT = "WK051836,WK051838,WK051833,WK051834,WK051829,WK051830,BU05183620,BU05181041"
# The chosen values of the multiselect labelled `label`: each one's text and whether it lies wholly within the box
# that shows them, its label not cut short.
CHIPS_SHOWN = """label => {
    const box = [...document.querySelectorAll('[data-testid="stMultiSelect"]')].find(
        el => el.querySelector('[data-testid="stWidgetLabel"]').innerText.trim() === label);
    const frame = box.querySelector('[data-testid="stMultiSelectTagsContainer"]').getBoundingClientRect();
    return [...box.querySelectorAll('[data-tag]')].map(tag => {
        const r = tag.getBoundingClientRect(), text = tag.querySelector('span[title]');
        return [text.getAttribute('title').trim(), r.left >= frame.left - 1 && r.right <= frame.right + 1
                && r.top >= frame.top - 1 && r.bottom <= frame.bottom + 1 && text.scrollWidth <= text.clientWidth]; });
}"""


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
@pytest.mark.parametrize("path, label", [("/vergelijk", "cmp_areas"), ("/trends", "trend_areas")])
def test_every_chosen_area_is_shown_whole(mirror, app_url, page, artifacts, path, label, size):
    """/vergelijk's area picker (in a column) showed two of four areas, the third fading out, and of eight only the
    last two; the indicators' picker below wrapped its values. Now every chosen area is in view, on rows."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{app_url}{path}?lang=en&areas={EIGHT}")
    settle(page)
    label = t(label, "en", max=MAX_AREAS)
    try:  # on a busy machine the tags are laid out a moment after the run: wait for them, then read them
        page.wait_for_function(f"label => {{ const s = ({CHIPS_SHOWN})(label); return s.length === 8 && "
                               "s.every(([, whole]) => whole); }", arg=label, timeout=10_000)
    except PlaywrightTimeout:
        pass  # the assertion below says what is shown
    shown = page.evaluate(CHIPS_SHOWN, label)
    page.screenshot(path=str(artifacts / f"view_eight_areas{path.replace('/', '_')}_{size[0]}.png"))
    assert len(shown) == 8 and all(whole for _, whole in shown), shown


def nav_links(page) -> dict[str, str]:
    """The sidebar's page links: path -> the query string each carries."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-testid="stSidebarNav"] a')]
        .map(a => { const u = new URL(a.href); return [u.pathname, u.search]; }))""")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_sidebars_page_links_carry_the_view_into_a_new_tab(mirror, app_url, page, lang):
    """Streamlit's page links in the sidebar were bare paths (/profiel): opened in a new tab (or copied) they showed
    The Hague at wijk level in Dutch. Every link carries the page's query, also after a change of the view, and a
    page opened from it in a new tab shows the same gemeente, level and language without a notice."""
    page.goto(f"{app_url}/?gemeente=GM0629&level=buurt&lang={lang}")
    settle(page)
    links = nav_links(page)
    assert len(links) == 7 and set(links.values()) == {"?" + urlsplit(page.url).query}
    page.locator("[data-testid='stSidebar'] [data-testid='stRadio'] label").filter(
        has_text=t("level_wijk", lang)).first.click()
    page.wait_for_function("() => !location.search.includes('level=buurt')", timeout=60_000)
    settle(page)
    query = "?" + urlsplit(page.url).query
    page.wait_for_function("q => [...document.querySelectorAll('[data-testid=\"stSidebarNav\"] a')].every("
                           "a => new URL(a.href).search === q)", arg=query, timeout=10_000)
    tab = page.context.new_page()
    tab.goto(app_url + next(path + q for path, q in nav_links(page).items() if path.endswith("/profiel")))
    settle(tab)
    shown = radios(tab)
    assert shown[t("language", lang)] == ("English" if lang == "en" else "Nederlands")
    assert shown[t("level", lang)] == t("level_wijk", lang)
    assert tab.locator(".st-key-w_gemeente input").input_value() == "Wassenaar"
    assert tab.locator("[data-testid='stAlert']").count() == 0
    tab.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("start, query, to, tab, section", [
    ("trends", {}, "vergelijk", ("cmp_rank_header", {"areas": "level_plural_wijk"}), "ranking"),
    ("profiel", {"area": "WK051836"}, "trends", ("trend_multiples_title", {}), "indicators"),
])
def test_back_leaves_the_next_pages_tab_behind(mirror, app_url, page, artifacts, lang, start, query, to, tab,
                                                section):
    """/trends → the sidebar's Vergelijken → its Rangorde tab → Back went to /trends?section=ranking; /profiel →
    Trends → its second tab → Back to /profiel?area=…&section=indicators: the tab, a parameter of one page, was
    written into the URL of the page before. Back now lands on the URL that page was left with, and the sidebar's
    link from the tab to another page does not carry it either."""
    left = {**query, "lang": lang} if lang != "nl" else dict(query)
    page.goto(f"{app_url}/{start}?{urlencode(left)}" if left else f"{app_url}/{start}")
    settle(page)
    nav_link(page, to).click()
    page.wait_for_function("(path) => location.pathname === path", arg=f"/{to}", timeout=90_000)
    settle(page)
    key, values = tab
    page.get_by_role("tab", name=t(key, lang, **{k: t(v, lang) for k, v in values.items()})).click()
    page.wait_for_function("(s) => new URLSearchParams(location.search).get('section') === s", arg=section,
                           timeout=60_000)
    settle(page)
    assert "section" not in parse_qs(urlsplit(nav_link(page, start).get_attribute("href")).query)
    page.go_back()
    page.wait_for_function("(path) => location.pathname === path", arg=f"/{start}", timeout=90_000)
    settle(page)
    assert parse_qs(urlsplit(page.url).query) == {k: [v] for k, v in left.items()}
    page.screenshot(path=str(artifacts / f"view_back_from_{to}_tab_{lang}.png"))
