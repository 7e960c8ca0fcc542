"""Every viewer page × every Haaglanden gemeente × nl/en × wijk/buurt, opened by its URL and reached through the
sidebar from another page that holds a non-default view (issue #16).

For each visit: no exception box and no traceback; every picker that shows part of the view shows the view's value
(the one the page draws); and the settled URL still holds the view. The run prints its visits and failures.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo.boundaries import gemeente_names, read_areas
from indicators.catalogue import catalogue
from indicators.observations import build_observations
from indicators.select import figures_present, years_with_values
from tests.conftest import ARTIFACTS, nav_link
from texts.i18n import t
from ui.cache import gemeente_label
from ui.sidebar import LANGUAGE_NAMES
from ui.widgets import indicator_label

pytestmark = [pytest.mark.browser, pytest.mark.slow]

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
PAGES = {"kaart": "", "profiel": "profiel", "vergelijk": "vergelijk", "trends": "trends",
         "programmas": "programmas", "bronnen": "bronnen", "presentatie": "presentatie"}
# After the URL visits, the sidebar tour: each page reached by a click from the one before (which holds the view);
# /presentatie hides the sidebar, so it comes last.
TOUR = ["kaart", "profiel", "vergelijk", "trends", "programmas", "bronnen", "presentatie"]
START = "bronnen"  # the page, opened by URL, from which the tour's first click is made
# Not the defaults: each of these must survive every page and every way in.
VIEW = {"indicator": "eenzaam", "year": "2016", "mode": "gap_city"}
LANGS = ("nl", "en")
LEVELS = ("wijk", "buurt")

WIDGETS_JS = """() => {
  const label = el => (el.querySelector('[data-testid="stWidgetLabel"]')?.innerText || '').trim();
  const out = [];
  for (const el of document.querySelectorAll('[data-testid="stRadio"]')) {
    const checked = el.querySelector('input:checked');
    out.push({kind: 'radio', label: label(el), value: checked ? checked.closest('label').textContent.trim() : null});
  }
  for (const el of document.querySelectorAll('[data-testid="stSelectbox"]')) {
    out.push({kind: 'select', label: label(el), value: el.querySelector('input[role="combobox"]')?.value ?? null});
  }
  return out;
}"""


@dataclass
class Tally:
    visits: int = 0
    failures: list[str] = field(default_factory=list)


TALLY = Tally()
GEMEENTEN = sorted(gemeente_names())  # the 9 Haaglanden gemeenten of the mirror


@functools.cache
def year_has_figures(gemeente: str, level: str) -> bool:
    """Whether the view's indicator has figures in its year for the gemeente's areas of the level that their
    boundaries can show (Rijswijk's health monitor is of later wijken: its year picker says "no figures")."""
    present = figures_present(build_observations(gemeente), read_areas(gemeente, level)["code"].tolist())
    ind = catalogue().indicator(VIEW["indicator"])
    return int(VIEW["year"]) in years_with_values(present, ind, level, "18plus")


def expected_pickers(gemeente: str, lang: str, level: str) -> dict[str, str]:
    """Widget label -> the value it must show for the view (the same texts the pages use): the year as the picker
    labels it, '2016 · geen cijfers' where the areas have no figures of it."""
    cat = catalogue()
    names = gemeente_names()
    year = VIEW["year"] if year_has_figures(gemeente, level) else f"{VIEW['year']} · {t('year_without_figures', lang)}"
    return {
        t("language", lang): LANGUAGE_NAMES[lang],
        t("level", lang): t(f"level_{level}", lang),
        t("age", lang): t("age_18plus", lang),
        t("gemeente", lang): gemeente_label(gemeente, names[gemeente], lang),
        t("indicator", lang): indicator_label(cat, VIEW["indicator"], lang),
        t("year", lang): year,
    }


def expected_params(gemeente: str, lang: str, level: str) -> dict[str, str]:
    """The link of the view: what a visit starts from, and what the settled URL must still hold."""
    return {**VIEW, "lang": lang, "gemeente": gemeente, "level": level}


def problems(page, gemeente: str, lang: str, level: str, where: str) -> list[str]:
    """What is wrong with the page as it stands (empty when the visit holds)."""
    found = []
    exceptions = page.locator("[data-testid='stException']")
    if exceptions.count():
        found.append(f"{where}: exception box: {exceptions.first.inner_text()[:300]}")
    if "Traceback" in page.locator("body").inner_text():
        found.append(f"{where}: 'Traceback' on the page")
    wanted = expected_pickers(gemeente, lang, level)
    for widget in page.evaluate(WIDGETS_JS):
        label = widget["label"]
        if label in wanted and widget["value"] != wanted[label]:
            found.append(f"{where}: picker '{label}' shows {widget['value']!r}, the view holds {wanted[label]!r}")
    query = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
    defaults = {"lang": "nl", "gemeente": "GM0518", "level": "wijk"}  # left out of links (indicators.view)
    for key, value in expected_params(gemeente, lang, level).items():
        if query.get(key, defaults.get(key)) != value:
            found.append(f"{where}: URL has {key}={query.get(key)!r}, the view holds {value!r} ({page.url})")
    return found


def settle(page, path: str) -> None:
    page.wait_for_url(lambda url: urlsplit(url).path.rstrip("/") == ("/" + path).rstrip("/"), timeout=90_000)
    page.wait_for_selector(IDLE, timeout=90_000)
    page.wait_for_timeout(250)  # a write of the URL or a fragment may follow the run
    page.wait_for_selector(IDLE, timeout=90_000)


def visit(page, go, path: str, combo: tuple[str, str, str], where: str) -> None:
    """One visit: `go` opens the page (a link or a click), then the page must settle and hold the view."""
    TALLY.visits += 1
    try:
        go()
        settle(page, path)
    except PlaywrightTimeout as exc:
        name = "paths_" + "_".join(combo) + "_" + (path or "kaart") + ".png"
        page.screenshot(path=str(ARTIFACTS / name))
        TALLY.failures.append(f"{where}: did not settle ({exc.message.splitlines()[0]}); screenshot {name}")
        return
    TALLY.failures.extend(problems(page, *combo, where))


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_every_page_holds_the_view_by_url_and_through_the_sidebar(mirror, app_url, page, artifacts, gemeente, lang,
                                                                   level):
    before = len(TALLY.failures)
    combo = (gemeente, lang, level)
    query = urlencode(expected_params(*combo))
    where = "/".join(combo)
    for name, path in PAGES.items():
        url = f"{app_url}/{path}?{query}"
        visit(page, lambda: page.goto(url), path, combo, f"{where} /{path} by URL")
    page.goto(f"{app_url}/{PAGES[START]}?{query}")
    settle(page, PAGES[START])
    origin = START
    for name in TOUR:
        path = PAGES[name]
        link = nav_link(page, path).first
        visit(page, link.click, path, combo, f"{where} /{path} through the sidebar from /{PAGES[origin]}")
        origin = name
    assert TALLY.failures[before:] == []


def summary() -> list[str]:
    """The walk's figures as printed at the end of the test run (tests/conftest.py) and by the last test."""
    return [f"paths walk: {TALLY.visits} visits, {len(TALLY.failures)} failures ({len(GEMEENTEN)} gemeenten × "
            f"{len(LANGS)} languages × {len(LEVELS)} levels × {len(PAGES)} pages × by URL and through the sidebar)",
            *("  " + failure for failure in TALLY.failures[:20])]


def test_zz_the_generated_walk_visited_every_page_of_every_combination():
    """Runs after the walk above (pytest keeps a module's order): ≥ 250 visits, 0 failures."""
    combos = len(GEMEENTEN) * len(LANGS) * len(LEVELS)
    print("\n" + "\n".join(summary()))
    assert len(GEMEENTEN) == 9
    assert TALLY.visits == combos * (len(PAGES) + len(TOUR)) >= 250
    assert TALLY.failures == []
