"""Charts on a phone (charts.narrow): the layout patch a figure carries for a box narrower than NARROW_PX, which
plotchart.js applies (tests/test_plotchart_browser.py shows it drawn). Built from the real series of the mirror."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest

from charts.compare import NARROW_LABEL_SIZE, NARROW_TITLE_CHARS, label_width, ranking_chart
from charts.narrow import NARROW_PX, narrow_patch
from charts.programs import series_figure
from programs.table import chart_frame
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
    assert len(narrow) > len(wide) and all(len(html.unescape(line)) <= NARROW_SOURCE_WRAP for line in narrow)
    extra_top = patch["margin"]["t"] - fig.layout.margin.t  # the legend a line per area above the plot there
    assert patch["margin"]["b"] - fig.layout.margin.b == patch["height"] - fig.layout.height - extra_top == 16 * (
        len(narrow) - len(wide))  # each extra line gets its room under the chart
    assert patch["legend"]["orientation"] == "v" and patch["margin"]["t"] >= 60 + 21  # a line for its one area


@pytest.mark.parametrize("title", ["Gecombineerde leefstijlinterventie (GLI)", "Combined lifestyle intervention (GLI)",
                                   "Toddler consultants (peuterconsulenten)", "GLI – individuele gesprekken per "
                                   "leefstijlcoach & 'O'Brien'"])
def test_on_a_320_px_phone_the_programs_title_and_source_wrap_within_the_chart(title):
    """On a 320 px phone the chart box is ~285 px: the title ran out of it ('Gecombineerde leefstijlinterventie
    (GL'), never wrapped, and so did the source at 52 characters a line ('…Gezond en Gelukkig De'). Measured in
    Chromium (tests/test_plotchart_browser.py draws it): a title line of 34 characters and a source line of 44 end
    inside the box."""
    from charts.markup import MULTILINE_TITLE_PAD
    from tests.test_programs_charts import _frame, _row

    source = ("Vijfjarenrapportage Gezond en Gelukkig Den Haag, §THEMA 4: Leefstijl als medicijn – GLI op maat "
              "(grafiek 'Deelnemers GLI regio Haaglanden') · periode 2019–2023")
    frame = chart_frame(_frame(_row()), "nl", {})
    fig = series_figure(frame, title=title, y_title="Aantal", source=source, hover="{area}")
    patch = narrow_patch(fig)
    head = [html.unescape(line) for line in patch["title"]["text"].split("<br>")]
    notes = [html.unescape(line) for line in patch["annotations"][0]["text"].split("<br>")]
    assert " ".join(head) == title and all(len(line) <= 34 for line in head) and len(head) > 1
    assert " ".join(notes) == source and all(len(line) <= 44 for line in notes)
    # a title of two lines: padded down (plotly sets it too high) and given a line's room above the legend
    assert patch["title"]["pad"]["t"] == 12 + MULTILINE_TITLE_PAD
    short = narrow_patch(series_figure(frame, title="GLI", y_title="Aantal", source=source, hover="{area}"))
    assert patch["margin"]["t"] - short["margin"]["t"] == 24 + MULTILINE_TITLE_PAD
    assert short["title"]["text"] == "GLI" and short["title"]["pad"]["t"] == 12
    assert fig.layout.title.text == html.escape(title)  # a wide screen: one line, as before


def test_on_a_phone_up_to_three_bar_labels_lie_level_on_short_lines_and_more_stand_upright():
    from charts.compare import NARROW_PLOT_PX, narrow_ticks

    names = ["Ervaren gezondheid goed of<br>zeer goed (2020)", "Moeite met rondkomen (2020)", "Eenzaam (2020)",
             "Overgewicht (2020)", "Roker (2020)"]
    three = narrow_ticks(names[:3])
    assert three["tickangle"] == 0
    for label, ticked in zip(names, three["ticktext"]):
        lines = ticked.split("<br>")
        assert " ".join(lines) == label.replace("<br>", " ")  # the same words
        assert all(len(line) <= NARROW_PLOT_PX // 3 // 7 for line in lines)  # each under its third of the plot
    five = narrow_ticks(names)
    assert five["tickangle"] == -90 and five["ticktext"] == [n.replace("<br>", " ") for n in names]  # one line each


def test_the_bars_carry_their_phone_labels_beside_their_phone_title():
    from charts.compare import grouped_bars

    frame = pd.DataFrame({"indicator": ["a", "b", "a", "b"], "kind": "area", "area_code": ["X", "X", "Y", "Y"],
                          "name": ["Aap", "Aap", "Noot", "Noot"], "value": [1.0, 2.0, 3.0, 4.0]})
    fig = grouped_bars(frame, {"a": "Een lange naam<br>van een indicator", "b": "Kort"}, title="Titel", y_title="%",
                       fmt={"a": str, "b": str}, city_label="Stad", nl_label="NL", no_data="-")
    patch = narrow_patch(fig)
    assert patch["xaxis"]["ticktext"] == ["Een lange naam van<br>een indicator", "Kort"]  # 20 characters a line
    assert patch["title"]["text"] == "Titel" and patch["legend"]["orientation"] == "v"  # _layout's part kept
    assert list(fig.layout.xaxis.ticktext) == ["Een lange naam<br>van een indicator", "Kort"]  # wide: as given


def test_a_phone_title_of_several_lines_is_padded_down_by_what_plotly_sets_too_high():
    from charts.compare import MULTILINE_TITLE_PAD, grouped_bars

    frame = pd.DataFrame({"indicator": ["a"], "kind": "area", "area_code": ["X"], "name": ["Aap"], "value": [1.0]})
    for title, lines in (("Kort", 1), ("Een titel die op een telefoon drie regels nodig heeft omdat hij zo lang is",
                                       3)):
        patch = narrow_patch(grouped_bars(frame, {"a": "A"}, title=title, y_title="%", fmt={"a": str}, city_label="S",
                                          nl_label="NL", no_data="-"))
        assert patch["title"]["text"].count("<br>") + 1 == lines
        assert patch["title"]["pad"]["t"] == (MULTILINE_TITLE_PAD if lines > 1 else 0)
        assert patch["margin"]["t"] >= 24 * lines + patch["title"]["pad"]["t"] + 21  # room taken above the plot


def _gradient(names: list[str], xs: list[float], ys: list[float]):
    from charts.compare import gradient_scatter
    from indicators.compare import Correlation

    frame = pd.DataFrame({"name": names + ["Ander"], "x": xs + [50.0], "y": ys + [50.0],
                          "is_focus": [True] * len(names) + [False]})
    return gradient_scatter(frame, Correlation(0.5, len(names) + 1, 0.1, 40.0), title="T", x_title="x", y_title="y",
                            fmt_x=str, fmt_y=str, stats_text="r", years_note="", focus_label="Focus",
                            other_label="Overig", fit_label="Lijn", city=(45.0, 45.0), city_label="Stad")


def test_on_a_phone_the_gradient_places_its_labels_again_and_leaves_out_those_that_cannot_stand_clear():
    from charts.compare import NARROW_PLOT_PX, NARROW_SCATTER_PX, placed_labels

    names = [f"Buurt met een lange naam {i}" for i in range(6)]
    xs, ys = [10.0, 10.5, 11.0, 11.5, 12.0, 90.0], [20.0, 20.5, 21.0, 21.5, 22.0, 90.0]  # five in a cluster
    fig = _gradient(names, xs, ys)
    traces = fig.layout.meta["narrow_traces"]
    assert [tr.name for tr in fig.data][:2] == ["Overig", "Focus"] and traces[0] is None
    focus = traces[1]
    marks = (xs + [50.0, 45.0], ys + [50.0, 45.0])
    placed = placed_labels(xs, ys, names, marks, NARROW_PLOT_PX, NARROW_SCATTER_PX)
    assert focus["textposition"] == [position for position, _ in placed]
    assert focus["text"] == [name if clear else "" for name, (_, clear) in zip(names, placed)]
    assert "" in focus["text"] and focus["text"][-1] == names[-1]  # the cluster loses labels, the lone one keeps it
    wide = list(fig.data[1].text)
    assert wide[-1] == names[-1] and sum(map(bool, wide)) >= sum(map(bool, focus["text"]))  # more room, more names
    assert all(text in ("", name) for text, name in zip(wide, names))
    assert narrow_patch(fig)["title"]["text"] == "T"  # with_narrow and with_narrow_traces keep each other's part
    assert all(trace is None for trace in traces[2:])  # the line and the city star: untouched


def test_a_label_stands_clear_only_inside_the_plot_and_off_other_labels_and_markers():
    from charts.compare import placed_labels

    apart = placed_labels([0.0, 100.0], [0.0, 100.0], ["A", "B"], width=400, height=300)
    assert apart == [("middle right", True), ("middle left", True)]  # in the corners: beside, inside the plot
    crowded = placed_labels([0.0, 0.1, 0.2, 50.0], [0.0, 0.1, 0.2, 50.0], ["Lang label"] * 4, width=200, height=200)
    assert sum(clear for _, clear in crowded) < 4


@pytest.mark.parametrize("names", [
    ["Ervaren gezondheid goed of zeer goed", "Moeite met rondkomen", "Eenzaam", "Overgewicht", "Roker"],
    ["Good or very good perceived health", "Difficulty making ends meet", "Lonely", "Overweight", "Smoker"],
    ["Eenzaam", "Roker"],
])
def test_a_bar_groups_longest_word_fits_its_width_at_the_largest_size_that_fits(names):
    """charts.markup.tick_fit: each name's longest word fits its group's share of the plot, less the gap to the next
    group; the type is the largest (up to 12 px) at which it does, and a line holds at least that word."""
    from charts.markup import CHAR_EM, TICK_GAP_PX, tick_fit

    plot_px = 290
    size, chars = tick_fit(names, plot_px)
    room = plot_px / len(names) - TICK_GAP_PX
    longest = max(len(word) for name in names for word in name.split())
    assert 9 <= size <= 12
    assert longest * size * CHAR_EM <= room or size == 9
    assert size == 12 or longest * (size + 1) * CHAR_EM > room  # no larger size would fit
    assert chars >= longest and (chars == longest or chars * size * CHAR_EM <= room)  # a line as wide as its group
    assert (chars + 1) * size * CHAR_EM > room  # and no narrower
