"""The pages' plotly figures, drawn with plotly.js' basic bundle instead of `st.plotly_chart` (issue #19).

`st.plotly_chart` loads Streamlit's plotly code: one 4.7 MB chunk whose evaluation is a single 0.8-1.2 s long
task in a fresh tab (measured with a PerformanceObserver on these 2-core machines), before the first chart of
/trends, /vergelijk or /programmas can be drawn. Every figure these pages draw is a scatter or bar trace with
shapes and annotations, which the basic bundle (`plotly.js-basic-dist-min`, the plotly.js version the Python
`plotly` package writes figures for, MIT-licensed: PLOTLY-LICENSE) draws; it loads and evaluates in 0.2-0.35 s.

The bundle is published once per process to Streamlit's static route (ui/components/static_files) and loaded by
a small `st.components.v2` module in the page itself (plotchart.js), so a tab evaluates it once, whatever the
number of charts. A server without static serving falls back to `st.plotly_chart`. The presentation keeps
`st.plotly_chart`: its slides size the chart to the screen with Streamlit's "stretch" height.

To update the bundle: `npm pack plotly.js-basic-dist-min@<the version of plotly.offline.get_plotlyjs_version()>`,
and replace the file below (its name carries the version).
"""
from __future__ import annotations

import functools
import logging
import re
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from texts.i18n import plotly_separators, t
from ui.components.static_files import publish, static_serving

HERE = Path(__file__).resolve().parent
BUNDLE = HERE / "plotly-basic-4.1.1.min.js"
VENDOR_SUBDIR = "vendor"
# without plotly's 'Share chart...' (to a Chart Studio server the dashboard has none of: the button did nothing)
CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["sendChartToCloud"]}
# plotly's own English texts of its mode bar and notices → our text keys: plotly translates them by the config's
# `locales` (its own Dutch locale lacks most of them), so a Dutch page's tooltips are Dutch
PLOTLY_TEXTS = {"Download plot as a PNG": "plotly_png", "Zoom": "plotly_zoom", "Pan": "plotly_pan",
                "Box Select": "plotly_box_select", "Lasso Select": "plotly_lasso_select", "Zoom in": "plotly_zoom_in",
                "Zoom out": "plotly_zoom_out", "Autoscale": "plotly_autoscale", "Reset axes": "plotly_reset_axes",
                "Double-click to zoom back out": "plotly_zoom_back", "Toggle Spike Lines": "plotly_spikes",
                "Show closest data on hover": "plotly_hover_closest", "Compare data on hover": "plotly_hover_compare",
                "Preparing image - this may take a few seconds": "plotly_preparing",
                "Image download succeeded": "plotly_image_done",
                "Sorry, there was a problem downloading your image!": "plotly_image_failed"}


def config(lang: str) -> dict[str, Any]:
    """The charts' plotly config in `lang`: CONFIG and its texts."""
    return {**CONFIG, "locale": lang,
            "locales": {lang: {"dictionary": {text: t(key, lang) for text, key in PLOTLY_TEXTS.items()}}}}


@functools.cache
def bundle_url() -> str:
    """The bundle's URL on the static route (written there once per process)."""
    url, _ = publish(VENDOR_SUBDIR, "plotly-basic", ".min.js", BUNDLE.read_bytes())
    return url


@functools.cache
def _component():
    import streamlit as st

    # Not isolated in a shadow root: plotly.js puts its styles (hover labels, mode bar) in the document's head.
    return st.components.v2.component("wijk_plotchart", js=(HERE / "plotchart.js").read_text(encoding="utf-8"),
                                      isolate_styles=False)


def figure_title(fig: go.Figure) -> str:
    """The figure's title as plain text (its markup and subtitle line removed)."""
    text = fig.layout.title.text or ""
    return " ".join(re.sub(r"<[^>]+>", " ", text.split("<br>")[0]).split())


def chart_data(fig: go.Figure, *, alt: str, lang: str) -> dict[str, Any]:
    """What the browser gets: the figure as plotly's own JSON, the config, the bundle's URL and the texts."""
    return {"figure": fig.to_json(), "config": config(lang), "src": bundle_url(), "alt": alt,
            "failed": t("chart_failed", lang), "separators": plotly_separators(lang)}


def plot(fig: go.Figure, *, key: str, lang: str, alt: str | None = None) -> None:
    """Draw `fig` full width. `alt`: what the chart shows, for a screen reader (default: the figure's title)."""
    alt = alt or figure_title(fig)
    if not static_serving():
        import streamlit as st

        _warn_fallback()
        st.plotly_chart(go.Figure(fig).update_layout(separators=plotly_separators(lang)), key=key, width="stretch",
                        alt=alt, config=config(lang))
        return
    _component()(key=key, data=chart_data(fig, alt=alt, lang=lang))


@functools.cache
def _warn_fallback() -> None:
    logging.getLogger(__name__).warning(
        "server.enableStaticServing is off (.streamlit/config.toml not read? run from the project folder): the "
        "charts use st.plotly_chart, which loads a larger chart library.")
