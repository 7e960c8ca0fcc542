"""The gradient section's parts of /vergelijk built below the page (views.vergelijk_panels.gradient_parts), called
directly for Den Haag and another gemeente, in nl and en: every area of the level has its row with a source and a
year, an area without both figures is grey with a note (never a class from a zero), the city's rows are in the export,
the sources line names every source of a figure shown, and the words follow the language."""
from __future__ import annotations

import pytest

from indicators.view import View
from texts.i18n import mid_sentence, t
from ui import cache
from indicators.describe import shown_sources
from views.vergelijk_panels import gradient_parts


@pytest.mark.parametrize("gemeente, level", [("GM0518", "wijk"), ("GM0518", "buurt"), ("GM0503", "wijk"),
                                             ("GM0503", "buurt")])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_gradient_parts_cover_every_area_with_sources_and_missing_as_missing(mirror, gemeente, level, lang):
    from indicators.catalogue import catalogue

    v = View(gemeente=gemeente, level=level, lang=lang)
    city = cache.city_name(gemeente, lang)
    parts = gradient_parts(v, v.x, v.y, lang, city)
    codes = set(cache.areas(gemeente, level)["code"])
    rows, city_rows = (parts.export[parts.export["kind"] == kind] for kind in ("area", "city"))
    for iid in (v.x, v.y):
        assert set(rows.loc[rows["indicator"] == iid, "area_code"]) == codes, iid
    g = parts.gradient
    published = sorted(iid for iid, value in ((v.x, g.x_city), (v.y, g.y_city)) if value == value)
    assert sorted(city_rows["indicator"]) == published  # Delft's low incomes: no city figure published, no row
    assert set(city_rows["area_code"]) <= {gemeente} and len(parts.export) == 2 * len(codes) + len(published)
    assert parts.export["source"].notna().all() and parts.export["year"].notna().all()
    assert (parts.export.loc[parts.export["value"].isna(), "status"] != "ok").all()  # a missing figure says why
    assert parts.sources == shown_sources(catalogue(), parts.export, lang)
    shown = parts.export[parts.export["value"].notna()]  # a line per table of a figure shown, with its years
    assert parts.sources.count(" · ") + 1 == shown["source"].nunique()
    assert all(f"{table}, {year}" in parts.sources for table, year in zip(shown["source"], shown["year"]))

    frame = g.frame
    with_both = set(frame.loc[frame["x"].notna() & frame["y"].notna(), "code"])
    assert {code for code, cls in parts.classes.items() if cls >= 0} == with_both  # a class only from two figures
    assert set(parts.classes) == codes and parts.corr.n == len(with_both)
    # a note in each grey area; none when no area has a class (the legend says so once: charts.bivariate)
    assert len(parts.notes) == (len(codes - with_both) if with_both else 0)
    assert {n[2] for n in parts.notes} <= {t("no_data", lang)}
    assert rows.loc[rows["value"].isna(), "cls"].isna().all()
    assert list(parts.ranges.columns)[0] == t("cmp_col_class", lang)
    x_label = catalogue().indicator(v.x).label.get(lang)
    assert x_label in parts.legend and parts.ranges.columns[1].startswith(x_label)
    assert parts.figure.layout.title.text and mid_sentence(x_label) in parts.figure.layout.title.text
    assert parts.figure.layout.xaxis.separatethousands and parts.figure.layout.yaxis.separatethousands  # as the table


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("age", ["18plus", "65plus"])
def test_the_gradients_axes_and_class_table_name_the_age_group_of_their_figures(mirror, lang, age):
    """18+ and 65+ drew the same titles over other numbers: the health axis and its class column now say
    'Self-rated health ... (2020, 65+)'; CBS's income figures, which have no age groups, keep '(2019)'."""
    from indicators.catalogue import catalogue

    v = View(lang=lang, age=age)
    parts = gradient_parts(v, v.x, v.y, lang, cache.city_name(v.gemeente, lang))
    x_label, y_label = (catalogue().indicator(i).label.get(lang) for i in (v.x, v.y))
    short = {"18plus": "18+", "65plus": "65+"}[age]
    assert list(parts.ranges.columns)[1:] == [f"{x_label} (2019)", f"{y_label} (2020, {short})"]
    assert parts.figure.layout.yaxis.title.text.replace("<br>", " ") == f"{y_label} (2020, {short})"
    assert f"{y_label} (2020, {short})" in parts.legend.replace("<br>", " ")
