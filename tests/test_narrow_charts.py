"""Charts on a phone (charts.narrow): the layout patch a figure carries for a box narrower than NARROW_PX, which
plotchart.js applies (tests/test_plotchart_browser.py shows it drawn). Built from the real series of the mirror."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from charts.compare import NARROW_LABEL_SIZE, NARROW_TITLE_CHARS, label_width, ranking_chart
from charts.narrow import NARROW_PX, narrow_patch
from charts.trend import small_multiples, trend_figure, trend_frame
from indicators.catalogue import catalogue

GM = "GM0518"
NAMES = {GM: "Den Haag", "WK051836": "Moerwijk", "NL01": "Nederland"}
SIX = ["ervaren_gezondheid_goed_zeer_goed", "overgewicht", "roker", "matig_hoog_risico_op_angst_of_depressie",
       "eenzaam", "moeite_met_rondkomen"]


@pytest.fixture(scope="module")
def tidy(mirror):
    from indicators.observations import build_observations
    return build_observations(GM)


def _multiples(tidy, ids: list[str], lang: str):
    cat = catalogue()
    frames = {i: trend_frame(tidy, cat.indicator(i), ["WK051836"], "18plus", GM, NAMES) for i in ids}
    return small_multiples(frames, cat, lang)


@pytest.mark.parametrize("n", [6, 5, 2])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_on_a_phone_the_small_multiples_stand_one_under_the_other(tidy, n, lang):
    fig = _multiples(tidy, SIX[:n], lang)
    patch = narrow_patch(fig)
    wide = fig.layout.to_plotly_json()
    axes = sorted((k for k in wide if re.fullmatch(r"[xy]axis\d*", k)), key=lambda k: (k[0], int(k[5:] or 1)))
    assert set(axes) == {k for k in patch if k[1:5] == "axis"}  # every axis of the grid is placed (or hidden)
    panels = [int(k[5:] or 1) for k in axes if k[0] == "y" and "visible" not in patch[k]]
    assert panels == list(range(1, n + 1))  # one panel per indicator; the grid's empty cells hidden
    assert all(patch[f"xaxis{'' if i == 1 else i}"]["domain"] == [0.0, 1.0] for i in panels)  # full width
    bands = [patch[f"yaxis{'' if i == 1 else i}"]["domain"] for i in panels]
    assert all(upper[0] > lower[1] for upper, lower in zip(bands, bands[1:]))  # top to bottom, no overlap
    titles = patch["annotations"]
    assert [a["text"] for a in titles] == [a.text for a in fig.layout.annotations]  # the same titles, moved
    assert all(a["x"] == 0.5 and band[1] <= a["y"] < band[1] + 0.1 for a, band in zip(titles, bands))  # each over its panel
    assert patch["height"] > fig.layout.height  # taller, not squeezed
    # the lines stay where they were: each panel's traces on its own axes
    assert {tr.yaxis for tr in fig.data} == {f"y{'' if i == 1 else i}" for i in panels}


def test_a_chart_without_a_phone_layout_carries_none(tidy):
    ind = catalogue().indicator("overgewicht")
    assert narrow_patch(trend_figure(trend_frame(tidy, ind, ["WK051836"], "18plus", GM, NAMES), ind, "nl")) == {}


@pytest.mark.parametrize("level", ["wijk", "buurt"])
def test_on_a_phone_the_ranking_gives_its_title_and_legend_lines_of_their_own(mirror, level):
    from ui.cache import ranking

    ind = catalogue().indicator("ervaren_gezondheid_goed_zeer_goed")
    frame, _refs = ranking(GM, level, ind.id, 2020, "18plus", "nl", "Den Haag")
    title = f"{ind.label.get('nl')} · 2020 (een lange titel die op een telefoon niet op één regel past)"
    fig = ranking_chart(frame, title=title, x_title="%", fmt=str, city=75.3, nl=78.4, city_label="Den Haag",
                        nl_label="Nederland", focus_label="Focusgebied", other_label="Overige wijken")
    patch = narrow_patch(fig)
    lines = patch["title"]["text"].split("<br>")
    assert " ".join(lines) == title and len(lines) > 1 and all(len(x) <= NARROW_TITLE_CHARS for x in lines)
    assert patch["legend"]["orientation"] == "v"
    entries = sum(tr.showlegend is not False for tr in fig.data)
    assert entries == 4 and patch["margin"]["t"] >= 24 * len(lines) + 21 * entries  # room for both above the bars
    assert patch["yaxis"]["tickfont"]["size"] == NARROW_LABEL_SIZE
    assert patch["margin"]["l"] == label_width(fig.layout.yaxis.ticktext, NARROW_LABEL_SIZE) + 10 < fig.layout.margin.l


def test_the_browser_and_the_server_agree_on_what_narrow_is():
    js = (Path(__file__).resolve().parents[1] / "ui/components/plotchart/plotchart.js").read_text(encoding="utf-8")
    assert re.search(r"const NARROW_PX = (\d+);", js).group(1) == str(NARROW_PX)


def test_on_a_phone_the_programs_source_line_is_wrapped_shorter_and_given_room():
    from charts.programs import NARROW_SOURCE_WRAP
    from tests.test_programs_charts import _figure, _frame, _row

    fig = _figure(_frame(_row(source="Vijfjarenrapportage Gezond en Gelukkig Den Haag, §THEMA 4: Leefstijl als "
                                     "medicijn – GLI op maat (grafiek 'Deelnemers GLI regio Haaglanden')")))
    patch = narrow_patch(fig)
    wide, narrow = fig.layout.annotations[0].text.split("<br>"), patch["annotations"][0]["text"].split("<br>")
    assert " ".join(narrow) == " ".join(wide) and "Haaglanden" in narrow[-2] + narrow[-1]  # the same words, all
    assert len(narrow) > len(wide) and all(len(line) <= NARROW_SOURCE_WRAP for line in narrow)
    assert patch["margin"]["b"] - fig.layout.margin.b == patch["height"] - fig.layout.height == 16 * (
        len(narrow) - len(wide))  # each extra line gets its room under the chart
