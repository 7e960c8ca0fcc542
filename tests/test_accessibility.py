"""WCAG 2.2 AA: axe-core on every page registered in app.py, in Dutch and English (issue #10).

axe-core comes from npm (`npm ci --prefix tests`, pinned in tests/package.json + package-lock.json; scripts/test.sh
installs it). Each page is opened in headless Chromium, axe runs with the WCAG 2.x A/AA tags, and the result is
saved to test-artifacts/axe/<page>_<lang>.json. Serious and critical violations fail the test; only the nodes
listed in STREAMLIT_EXCLUSIONS (inside Streamlit's own components, each with its reason) are forgiven.
"""
from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
AXE_JS = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")
LANGS = ("nl", "en")
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}  # the labels of the sidebar's language radio


@dataclass(frozen=True)
class Exclusion:
    """A violation we cannot fix: one axe rule on nodes inside one Streamlit component, and why."""

    rule: str  # axe rule id, e.g. "color-contrast"
    within: str  # CSS selector of the Streamlit component; a node is forgiven only inside it
    reason: str


# Violations inside Streamlit's own components that our code cannot change. Keep this list narrow: one rule per
# component, with the reason. Empty at the moment: every page passed without exclusions with axe-core 4.14.1 and
# Streamlit 1.67 (the one violation found, a faded link inside st.caption on the map page, was ours and is fixed).
# Example of an entry:
#   Exclusion("aria-allowed-attr", "[data-testid='stDataFrameResizable']",
#             "glide-data-grid's canvas table puts aria-... on a div; Streamlit renders it, we cannot change it"),
STREAMLIT_EXCLUSIONS: tuple[Exclusion, ...] = ()


@dataclass(frozen=True)
class RegisteredPage:
    script: str
    url_path: str
    default: bool

    @property
    def route(self) -> str:
        """The path the browser opens: the default page lives at `/`."""
        return "/" if self.default else f"/{self.url_path}"


def registered_pages(app: Path = APP) -> list[RegisteredPage]:
    """Every `st.Page(...)` in app.py (the router's `pages` list), read from its syntax tree, not by running it."""
    pages = []
    for node in ast.walk(ast.parse(app.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Page"):
            continue
        script = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
        keywords = {k.arg: k.value for k in node.keywords}
        url = keywords.get("url_path")
        url_path = url.value if isinstance(url, ast.Constant) else Path(str(script)).stem
        default = isinstance(keywords.get("default"), ast.Constant) and keywords["default"].value is True
        pages.append(RegisteredPage(str(script), url_path, default))
    return pages


PAGES = registered_pages()


def blocking(violations: list[dict], forgiven: set[tuple[str, str]]) -> list[dict]:
    """Serious/critical violations, minus the nodes forgiven by STREAMLIT_EXCLUSIONS ((rule, node target) pairs)."""
    out = []
    for violation in violations:
        if violation.get("impact") not in BLOCKING:
            continue
        nodes = [n for n in violation["nodes"] if (violation["id"], json.dumps(n["target"])) not in forgiven]
        if nodes:
            out.append({**violation, "nodes": nodes})
    return out


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1].strip()}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


def wait_for_app(page, lang: str | None = None) -> None:
    """Until the script has run (router + page), the sidebar is drawn, and charts had a moment to paint."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)
    page.wait_for_selector("[data-testid='stSidebar'] [role='radiogroup']", timeout=90_000, state="attached")  # /presentatie hides the sidebar
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)
    if lang:  # the router declares the page's language (also on /presentatie, whose sidebar is hidden)
        page.wait_for_function(f"() => document.documentElement.lang === '{lang}'", timeout=30_000)
    page.wait_for_timeout(1500)


def run_axe(page) -> dict:
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async ([tags, exclusions]) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            // Mark the nodes that sit inside an excluded Streamlit component, for that rule only.
            result.forgiven = [];
            for (const v of result.violations) {
                for (const node of v.nodes) {
                    const el = node.target.length === 1 ? document.querySelector(node.target[0]) : null;
                    const hit = exclusions.find(e => e.rule === v.id && el && el.closest(e.within));
                    if (hit) result.forgiven.push({rule: v.id, target: node.target, reason: hit.reason});
                }
            }
            return result;
        }""",
        [WCAG_TAGS, [{"rule": e.rule, "within": e.within, "reason": e.reason} for e in STREAMLIT_EXCLUSIONS]],
    )


@pytest.fixture(scope="session")
def axe_js() -> Path:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci --prefix tests` (scripts/test.sh does)")
    return AXE_JS


def test_pages_are_read_from_app_py():
    routes = [p.route for p in PAGES]
    assert "/" in routes and "/bronnen" in routes, routes
    assert len(set(routes)) == len(routes) and sum(p.default for p in PAGES) == 1


def test_nav_links_are_registered_pages(page, app_url):
    """What Streamlit's navigation shows is what app.py registers (so the axe run below covers every page)."""
    page.goto(f"{app_url}/")
    wait_for_app(page)
    hrefs = page.locator("[data-testid='stSidebarNav'] a").evaluate_all("els => els.map(a => a.href)")
    paths = {urlparse(h).path.rstrip("/") or "/" for h in hrefs}
    assert paths, "no navigation links"
    known = {p.route for p in PAGES} | {f"/{p.url_path}" for p in PAGES}
    assert paths <= known, f"pages in the navigation that app.py does not list: {paths - known}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("target", PAGES, ids=[p.url_path for p in PAGES])
def test_no_serious_or_critical_violations(page, app_url, artifacts, axe_js, target, lang):
    page.goto(f"{app_url}{target.route}?lang={lang}")
    wait_for_app(page, lang)
    crashed = page.locator("[data-testid='stException']")
    assert crashed.count() == 0, f"{target.route} ({lang}) shows an exception: {crashed.first.inner_text()[:500]}"
    result = run_axe(page)
    forgiven = {(f["rule"], json.dumps(f["target"])) for f in result["forgiven"]}
    failing = blocking(result["violations"], forgiven)

    report_dir = artifacts / "axe"
    report_dir.mkdir(parents=True, exist_ok=True)
    report = {
        "page": target.route, "script": target.script, "lang": lang, "url": result["url"],
        "axe": result["testEngine"]["version"], "tags": WCAG_TAGS, "timestamp": result["timestamp"],
        "blocking": len(failing), "forgiven": result["forgiven"],
        "violations": result["violations"], "incomplete": result["incomplete"],
        "passes": sorted(r["id"] for r in result["passes"]),
        "inapplicable": sorted(r["id"] for r in result["inapplicable"]),
    }
    (report_dir / f"{target.url_path}_{lang}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False),
                                                               encoding="utf-8")
    assert not failing, f"{target.route} ({lang}):\n{describe(failing)}"


def test_blocking_filter_is_narrow():
    """An exclusion forgives one rule on the named nodes only; other nodes and rules still fail."""
    violation = {"id": "color-contrast", "impact": "serious", "help": "", "helpUrl": "",
                 "nodes": [{"target": ["#a"], "html": ""}, {"target": ["#b"], "html": ""}]}
    minor = {**violation, "id": "region", "impact": "moderate"}
    forgiven = {("color-contrast", json.dumps(["#a"])), ("other-rule", json.dumps(["#b"]))}
    left = blocking([violation, minor], forgiven)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in left] == [("color-contrast", [["#b"]])]
    assert blocking([violation], {("color-contrast", json.dumps(["#a"])), ("color-contrast", json.dumps(["#b"]))}) == []


# --- the Sources page in the browser --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_sources_page_declares_its_language(page, app_url, lang):
    """WCAG 3.1.1: <html lang> follows the chosen language (Streamlit's own index.html always says "en")."""
    page.goto(f"{app_url}/bronnen?lang={lang}")
    wait_for_app(page, lang)
    page.wait_for_function(f"() => document.documentElement.lang === '{lang}'", timeout=10_000)
    other = "en" if lang == "nl" else "nl"
    page.get_by_text(LANGUAGE_NAMES[other], exact=True).click()
    page.wait_for_function(f"() => document.documentElement.lang === '{other}'", timeout=30_000)
    assert "/bronnen" in page.url  # the switch keeps the page


def test_indicator_link_opens_its_entry(page, app_url):
    """The link under the map's title opens /bronnen scrolled to the indicator's heading, in the same language."""
    page.goto(f"{app_url}/?indicator=overgewicht&lang=en")
    wait_for_app(page, "en")
    link = page.get_by_role("link", name="Definition and source of this indicator")
    href = link.get_attribute("href")
    assert href == "/bronnen?indicator=overgewicht&lang=en#ind-overgewicht"  # the view, as the URL holds it
    page.goto(f"{app_url}{href}")
    wait_for_app(page, "en")
    heading = page.locator("#ind-overgewicht")
    assert heading.inner_text().strip() == "Overweight"
    page.wait_for_function(
        "() => { const r = document.getElementById('ind-overgewicht').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }", timeout=10_000)


# --- Streamlit's own aria-labels in the page's language (ui.page_scripts.ARIA_KEYS) --------------------------------

def _in_streamlits_code(text: str, bundle: str) -> bool:
    """Whether Streamlit's frontend writes `text` as a label: a template literal, with `${...}` where {} stands."""
    head, hole, tail = text.partition("{}")
    if not hole:
        return f"`{text}`" in bundle
    if head:
        return f"`{head}${{" in bundle
    sep, word = tail.rsplit(" ", 1)  # '{} — start': `${t.label} — ${i===0?`start`:`end`}`
    return f"}}{sep} ${{" in bundle and f"`{word}`" in bundle


def test_the_translated_labels_are_streamlits_own():
    """Each English text is the label Streamlit 1.67 writes (an upgrade that renames one fails here), and each has
    a Dutch text."""
    import streamlit

    from texts.i18n import t
    from ui.page_scripts import ARIA_KEYS

    static = Path(streamlit.__file__).parent / "static" / "static" / "js"
    bundle = "".join(path.read_text(encoding="utf-8") for path in static.glob("*.js"))
    for key in ARIA_KEYS:
        text = t(key, "en", name="{}")
        assert _in_streamlits_code(text, bundle), text
        assert t(key, "nl", name="{}") != text, key


def _whole_labels(lang: str) -> set[str]:
    """The translated labels without a name filled in ('Clear all', not 'Remove {name}')."""
    from texts.i18n import t
    from ui.page_scripts import ARIA_KEYS

    return {text for key in ARIA_KEYS if "{}" not in (text := t(key, lang, name="{}"))}


def _labels(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))")


def test_streamlits_labels_are_read_in_the_pages_language(page, app_url):
    """A screen reader read 'Clear all', 'Remove Moerwijk (wijk)' and 'Collapse sidebar' on a Dutch page. They are
    Dutch there, and English again after a switch to English."""
    from texts.i18n import t

    page.goto(f"{app_url}/vergelijk?areas=WK051836,WK051838")
    wait_for_app(page, "nl")
    fixed = _whole_labels("en")
    page.wait_for_function("() => document.documentElement.lang === 'nl'", timeout=10_000)
    page.wait_for_timeout(500)
    labels = _labels(page)
    assert not fixed & set(labels) and not [label for label in labels if label.startswith("Remove ")], labels
    for key in ("aria_clear_all", "aria_collapse_sidebar", "aria_selected_values"):
        assert t(key, "nl") in labels, key
    assert t("aria_remove", "nl", name="Moerwijk (wijk)") in labels
    page.get_by_text(LANGUAGE_NAMES["en"], exact=True).click()
    page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=30_000)
    page.wait_for_function("() => [...document.querySelectorAll('[aria-label]')]"
                           ".some(e => e.getAttribute('aria-label') === 'Remove Moerwijk (district)')", timeout=30_000)
    page.wait_for_timeout(500)
    labels = _labels(page)
    dutch = _whole_labels("nl")
    assert not dutch & set(labels), labels
    assert "Clear all" in labels and "Collapse sidebar" in labels
