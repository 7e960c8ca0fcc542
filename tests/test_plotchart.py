"""The pages' charts drawn with plotly.js' basic bundle (ui/components/plotchart): what the browser gets, and the
fallback to st.plotly_chart on a server without static serving."""
from __future__ import annotations

import json
import re

import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs_version
from streamlit import config

from tests.conftest import chart_figures, open_page
from texts.i18n import t
from ui.components import plotchart
from ui.components.static_files import STATIC_DIR

# What each page (each tab of /vergelijk and /trends) draws with the component, by key:
# view → (page, link, its charts).
PAGE_CHARTS = {
    "trends": ("trends", {"areas": "WK051836,WK051804"}, {"trend_chart"}),
    "trends_indicators": ("trends", {"section": "indicators"}, {"trend_multiples"}),
    "vergelijk": ("vergelijk", {}, {"cmp_bars_percent"}),
    "vergelijk_ranking": ("vergelijk", {"section": "ranking"}, {"cmp_ranking"}),
    "vergelijk_gradient": ("vergelijk", {"section": "gradient"}, {"cmp_scatter"}),
    "programmas": ("programmas", {}, {"prog_chart"}),
}


def test_the_bundle_is_the_plotly_js_the_python_package_writes_figures_for():
    head = plotchart.BUNDLE.read_text(encoding="utf-8")[:400]
    version = get_plotlyjs_version()
    assert f"plotly.js (basic - minified) v{version}" in head, head[:120]
    assert version in plotchart.BUNDLE.name
    assert "MIT" in (plotchart.HERE / "PLOTLY-LICENSE").read_text(encoding="utf-8")


def test_what_the_browser_gets_is_the_figure_its_config_the_bundle_and_the_texts():
    fig = go.Figure(go.Bar(x=["Moerwijk", "Laak"], y=[61.2, None]), layout={"title": {"text": "Eenzaam"}})
    data = plotchart.chart_data(fig, alt="Eenzaam per wijk", lang="en")
    assert json.loads(data["figure"]) == json.loads(fig.to_json())
    assert json.loads(data["figure"])["data"][0]["y"] == [61.2, None]  # missing stays missing, never 0
    assert data["config"] == {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["sendChartToCloud"],
                              "locale": "en", "locales": {"en": {"dictionary": {
                                  text: t(key, "en") for text, key in plotchart.PLOTLY_TEXTS.items()}}}}
    assert all(text == t(key, "en") for text, key in plotchart.PLOTLY_TEXTS.items())  # plotly's own English
    nl = plotchart.chart_data(fig, alt="", lang="nl")["config"]["locales"]["nl"]["dictionary"]
    assert nl["Reset axes"] == t("plotly_reset_axes", "nl") != "Reset axes"
    assert data["alt"] == "Eenzaam per wijk" and data["failed"] == t("chart_failed", "en")
    served = STATIC_DIR / data["src"].removeprefix("app/static/")
    assert re.fullmatch(r"app/static/vendor/plotly-basic-[0-9a-f]{16}\.min\.js", data["src"])
    assert served.read_bytes() == plotchart.BUNDLE.read_bytes()


def test_the_failure_text_is_in_both_languages():
    assert t("chart_failed", "nl") != t("chart_failed", "en")
    assert "Herlaad" in t("chart_failed", "nl") and "Reload" in t("chart_failed", "en")


def test_a_chart_without_alt_text_is_described_by_its_title():
    fig = go.Figure(layout={"title": {"text": "<b>Rangorde</b> · Eenzaam<br><span>2020, wijken</span>"}})
    assert plotchart.figure_title(fig) == "Rangorde · Eenzaam"
    assert plotchart.figure_title(go.Figure()) == ""


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("shown", list(PAGE_CHARTS))
def test_each_page_draws_its_charts_with_the_component_and_a_description(mirror, shown, lang):
    page, params, keys = PAGE_CHARTS[shown]
    at = open_page(page, {**params, "lang": lang})
    assert not at.exception, at.exception
    drawn = [e for e in at.get("bidi_component") if e.proto.component_name == "wijk_plotchart"]
    assert keys <= {e.key for e in drawn}, {e.key for e in drawn}
    assert not at.get("plotly_chart"), "a page chart still loads Streamlit's plotly code"
    for element in drawn:
        data = json.loads(element.proto.json)
        assert data["alt"].strip(), f"{page}: a chart without a description"
        assert data["failed"] == t("chart_failed", lang)
        assert json.loads(data["figure"])["data"], f"{page}: an empty figure"


def test_a_server_without_static_serving_draws_the_same_figures_with_st_plotly_chart(mirror):
    _, params, keys = PAGE_CHARTS["trends"]
    with_component = chart_figures(open_page("trends", params))
    before = config.get_option("server.enableStaticServing")
    config.set_option("server.enableStaticServing", False)
    try:
        at = open_page("trends", params)
    finally:
        config.set_option("server.enableStaticServing", before)
    assert not at.get("bidi_component") and len(at.get("plotly_chart")) == len(keys)
    assert [json.loads(c.proto.spec)["data"] for c in at.get("plotly_chart")] == [f["data"] for f in with_component]


@pytest.mark.parametrize("shown", sorted(PAGE_CHARTS))
def test_every_drawn_figure_has_the_white_template_and_no_chart_code_names_it(mirror, shown):
    """charts/__init__ makes plotly_white plotly's default: each figure takes it as it is built, instead of naming it
    in its layout (plotly then validated and copied the whole template: ~11 ms per figure, issue #19). The figures
    the pages draw still have its look."""
    import plotly.io as pio

    from tests.conftest import ROOT

    page, params, _ = PAGE_CHARTS[shown]
    at = open_page(page, params)
    white = pio.templates["plotly_white"].to_plotly_json()
    figures = chart_figures(at)
    assert figures and all(fig["layout"]["template"] == white for fig in figures)
    named = [p.name for p in (ROOT / "charts").glob("*.py")
             if re.search(r"(?<![a-z_])template\s*=", p.read_text(encoding="utf-8"))]  # not hovertemplate
    assert named == []


def test_the_browser_gets_the_separators_of_the_pages_language():
    fig = go.Figure(go.Bar(x=["Moerwijk"], y=[4638]))
    assert [plotchart.chart_data(fig, alt="", lang=lang)["separators"] for lang in ("nl", "en")] == [",.", ".,"]
