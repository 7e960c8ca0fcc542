"""AppTest of /profiel and /trends in nl and en, with a wijk, a buurt and the city; unknown areas give a notice."""
from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from charts.key_figures import Figure
from tests import conftest
from texts.i18n import t

WIJK, BUURT, CITY = "WK051836", "BU05183620", "GM0518"
TITLES = {("nl", WIJK): "Profiel van Moerwijk", ("en", WIJK): "Profile of Moerwijk",
          ("nl", BUURT): "Profiel van Moerwijk-Oost", ("en", BUURT): "Profile of Moerwijk-Oost",
          ("nl", CITY): "Profiel van Den Haag", ("en", CITY): "Profile of The Hague"}


def open_page(page: str, params: dict[str, str]):
    at = conftest.open_page(page, params)
    assert not at.exception, [e.value for e in at.exception]
    return at


FIGURE = re.compile(r"<dt class='kf-label'[^>]*>(.*?)</dt><dd class='kf-value'[^>]*>(.*?)</dd>"
                    r"(?:<dd class='kf-note'[^>]*>(.*?)</dd>)?")


def key_figures(at) -> tuple[list[Figure], list[str]]:
    """The key figures block read back: its figures (label, value, note) and the lines under them."""
    blocks = [h.proto.body for h in at.get("html") if "class='key-figures'" in h.proto.body]
    assert len(blocks) == 1, len(blocks)
    figures = [Figure(*(html.unescape(part or "") for part in found)) for found in FIGURE.findall(blocks[0])]
    lines = [html.unescape(line) for line in re.findall(r"<p[^>]*>(.*?)</p>", blocks[0])]
    return figures, lines


def plotly_charts(at):
    return conftest.chart_figures(at)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("area", [WIJK, BUURT, CITY])
def test_profile_page(mirror, lang, area):
    at = open_page("profiel", {"area": area, "lang": lang})
    assert at.title[0].value == TITLES[(lang, area)]
    assert not at.warning, [w.value for w in at.warning]
    figures, lines = key_figures(at)
    assert len(figures) == 4
    assert figures[0].label.endswith("2015") and ("Inwoners" in figures[0].label or "Inhabitants" in figures[0].label)
    assert "83220NED" in lines[-1]  # the key figures' source and year line
    if area == CITY:  # its number of wijken, with the boundary file it counts as source
        assert figures[3].value == "44" and "2015" in figures[3].note and "CBS/Kadaster" in figures[3].note
    spines = [body for body in conftest.trusted_html_bodies(at) if "<table class='spine'>" in body]
    name = TITLES[(lang, area)].split(" ", 2)[-1]
    assert len(spines) == 1 and f"<caption>{'Overzichtsgrafiek (spine chart) van' if lang == 'nl' else 'Spine chart of'} {name}:" in spines[0]
    assert spines[0].count("<tr class='sp-row'") > 40  # a row per indicator
    # its legend above it and the sources of its figures under it, in the same block
    legend, table, sources = (spines[0].index(part)
                              for part in ("class='spine-legend'", "<table", "<p class='spine-source'>"))
    assert legend < table < sources and "50090NED, 2020" in spines[0][sources:]
    locator = [h.proto.body for h in at.get("html") if h.proto.body.startswith("<img src=\"data:image/svg+xml")]
    assert len(locator) == 1 and ("gemarkeerd" in locator[0] or "highlighted" in locator[0])  # the locator map
    assert not any(b.key == "download_profile" for b in at.get("download_button"))  # drawn only when opened
    at.session_state["w_prof_table"] = True  # the reader opens "Toon de cijfers"
    at.run()
    assert any(b.key == "download_profile" for b in at.get("download_button"))
    rules = " ".join(e.label for e in at.expander)
    assert ("Hoe worden gebieden beoordeeld?" if lang == "nl" else "How are areas judged?") in rules


def test_profile_wijk_numbers_and_click_through(mirror):
    at = open_page("profiel", {"area": WIJK})
    figures, _ = key_figures(at)
    assert [f.value for f in figures] == ["20.060", "21.555", "12%", "7e van 44"]  # KWB 2015: whole %
    assert figures[1].note == "+1.495 sinds 2015"  # the change since the first year, signed
    assert figures[3].note == "1 = de wijk met de meeste inwoners"
    assert "**12** zijn slechter én verslechterd" in " ".join(m.value for m in at.markdown)
    rules = next(e for e in at.expander if e.label == "Hoe worden gebieden beoordeeld?")
    assert "1 procentpunt" in rules.markdown[0].value and "Verslechterd" in rules.markdown[0].value
    stories = next(e for e in at.expander if e.label.startswith("Verhalen uit de wijk"))
    assert not stories.markdown  # drawn only when opened
    at.session_state["w_prof_stories"] = True
    at.run()
    stories = next(e for e in at.expander if e.label.startswith("Verhalen uit de wijk"))
    assert len(stories.markdown) == int(stories.label.rsplit("(", 1)[1].rstrip(")"))  # one per story of Moerwijk
    chips = at.button_group(key=f"prof_buurten_{WIJK}")
    assert chips.label == "Buurten in Moerwijk:" and "Moerwijk-Oost" in chips.options and len(chips.options) == 4
    chips.set_value(BUURT).run()
    assert at.title[0].value == "Profiel van Moerwijk-Oost"
    assert at.query_params["area"] in (BUURT, [BUURT])
    at.button(key=f"prof_go_{WIJK}").click().run()  # back up to its wijk
    assert at.title[0].value == "Profiel van Moerwijk"
    assert at.button_group(key=f"prof_buurten_{WIJK}").value is None  # no buurt lit: the choice was a click through
    at.button(key="prof_go_city").click().run()
    assert at.title[0].value == "Profiel van Den Haag" and "area" not in at.query_params


def test_profile_without_area_shows_the_city_and_a_chooser(mirror):
    at = open_page("profiel", {})
    assert at.title[0].value == "Profiel van Den Haag"
    chooser = at.selectbox(key="w_prof_area")
    assert chooser.value == "" and chooser.options[0] == "— heel Den Haag —" and "Moerwijk (wijk)" in chooser.options
    chooser.select(WIJK).run()
    assert at.title[0].value == "Profiel van Moerwijk"
    assert at.query_params["area"] in (WIJK, [WIJK])


@pytest.mark.parametrize("page", ["profiel", "trends"])
@pytest.mark.parametrize("bad", ["WK051899", "BU99999999", "Moerwijk"])
def test_unknown_area_gives_a_notice(mirror, page, bad):
    at = open_page(page, {"area": bad})
    warnings = " ".join(w.value for w in at.warning)
    assert bad in warnings and "area" in warnings
    if page == "profiel":
        assert at.title[0].value == "Profiel van Den Haag"


def test_profile_65plus_notes_the_single_year(mirror):
    at = open_page("profiel", {"area": WIJK, "age": "65plus", "lang": "en"})
    assert any("only 2020" in c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("areas", [WIJK, BUURT, CITY, f"{WIJK},{BUURT},WK051838"])
def test_trends_page(mirror, lang, areas):
    """Two tabs, one drawn: the indicator for the areas (the link's `areas`), and the small multiples for one area
    (`area`) only when the link opens their tab (`section=indicators`)."""
    from texts.i18n import t

    params = {"areas": areas, "area": areas.split(",")[0], "lang": lang}
    at = open_page("trends", params)
    assert at.title[0].value == "Trends"
    assert not at.warning, [w.value for w in at.warning]
    assert [tab.label for tab in at.tabs] == [t("trend_tab_areas", lang), t("trend_multiples_title", lang)]
    assert len(plotly_charts(at)) == 1  # the indicator for the areas; the multiples' tab is not drawn
    assert at.multiselect(key="w_trend_areas").value == [c for c in areas.split(",") if c != CITY]
    assert "w_trend_area" not in {s.key for s in at.selectbox}
    assert "download_trend" not in {b.key for b in at.get("download_button")}  # drawn when opened
    at.session_state["w_trend_table"] = True
    at.run()
    assert "download_trend" in {b.key for b in at.get("download_button")}
    assert any("50090NED, 2012, 2016, 2020" in c.value for c in at.caption)

    at = open_page("trends", {**params, "section": "indicators"})
    assert not at.warning, [w.value for w in at.warning]
    assert len(plotly_charts(at)) == 1 and "w_trend_areas" not in {m.key for m in at.multiselect}
    assert at.selectbox(key="w_trend_area").value == areas.split(",")[0].replace(CITY, "")
    at.session_state["w_trend_multiples_table"] = True
    at.run()
    assert "download_multiples" in {b.key for b in at.get("download_button")}


def test_trends_choose_areas_and_indicator(mirror):
    at = open_page("trends", {})
    assert not at.info  # no areas in the link: the comparison's opening wijken (tests/test_trends_page.py)
    at.multiselect(key="w_trend_areas").set_value(["WK051838", WIJK]).run()
    assert at.query_params["areas"] in ("WK051838,WK051836", ["WK051838,WK051836"])
    at.selectbox(key="w_indicator").select("eenzaam").run()
    assert at.subheader[0].value.startswith("Eenzaam")
    assert len(plotly_charts(at)) == 1
    at = open_page("trends", {"section": "indicators", "areas": "WK051838,WK051836"})  # the multiples' tab
    at.selectbox(key="w_trend_area").select(BUURT).run()
    assert at.query_params["area"] in (BUURT, [BUURT])
    assert at.query_params["section"] in ("indicators", ["indicators"])
    assert len(plotly_charts(at)) == 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_small_multiples_numbers_follow_their_area_age_and_language(mirror, lang):
    """The multiples' trend frames are kept per process and view (ui.cache.built): choosing another area, age group
    or language gives that area's, age's and language's numbers, never the ones built before; the numbers a reader
    unfolded stay unfolded."""
    at = open_page("trends", {"lang": lang, "section": "indicators"})
    first = "Ervaren gezondheid goed of zeer goed" if lang == "nl" else "Self-rated health good or very good"

    at.session_state["w_trend_multiples_table"] = True  # the reader unfolds the numbers once

    def table(widget=None, value: str = "") -> pd.DataFrame:
        """The multiples' numbers after setting `widget` (at.selectbox, at.radio) to `value`: still unfolded."""
        (widget.set_value(value) if widget else at).run()
        assert not at.exception, at.exception
        return next(df.value for df in at.dataframe if "Indicator" in df.value.columns)

    city = table()
    assert set(city["Code"]) == {CITY, "NL01"} and city.iloc[0, 0] == first
    assert set(city.iloc[:, 1]) == ({"Den Haag", "Nederland"} if lang == "nl" else {"The Hague", "Netherlands"})
    assert set(table(at.selectbox(key="w_trend_area"), WIJK)["Code"]) == {WIJK, CITY, "NL01"}
    assert set(table(at.selectbox(key="w_trend_area"), BUURT)["Code"]) == {BUURT, CITY, "NL01"}
    older = table(at.radio(key="w_age"), "65plus")  # the indicators with two or more years for 65+: KWB's
    assert set(older["Code"]) == {BUURT, CITY, "NL01"} and first not in set(older.iloc[:, 0])
    assert (older.iloc[0, 0] == "Aantal inwoners" if lang == "nl" else older.iloc[0, 0] == "Number of inhabitants")
    at.radio(key="w_lang").set_value("en" if lang == "nl" else "nl").run()  # the same view in the other language
    at.session_state["w_trend_multiples_table"] = True  # its label is in that language: a new expander, folded
    other = table()
    assert list(other["Code"]) == list(older["Code"])
    assert {"The Hague", "Netherlands"} <= set(other.iloc[:, 1]) if lang == "nl" else {"Den Haag", "Nederland"} <= set(
        other.iloc[:, 1])


def test_trends_65plus_explains_the_single_year(mirror):
    at = open_page("trends", {"indicator": "eenzaam", "age": "65plus", "areas": WIJK})
    assert any("2020" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_buurt_without_later_inhabitants_shows_them_missing_not_unchanged(mirror, lang):
    """Bomenbuurt (Rijswijk) has KWB inhabitants for 2015 only: the later figure is missing, with no change of 0
    beside it, and the rank is of 2015, the year it has."""
    from indicators.profile import KEY_INDICATOR_INHABITANTS
    from ui import cache
    tidy = cache.observations("GM0603")
    years = tidy[(tidy["indicator"] == KEY_INDICATOR_INHABITANTS) & (tidy["area_code"] == "BU06030222")
                 & tidy["value"].notna()]["year"]
    assert list(years) == [2015]  # the case this test is about
    at = open_page("profiel", {"gemeente": "GM0603", "area": "BU06030222", "lang": lang})
    (early, late, _, rank), lines = key_figures(at)
    assert early.label.endswith("2015") and late.label.endswith("2024")
    assert early.value == ("3.145" if lang == "nl" else "3,145")
    assert late.value == ("geen gegevens" if lang == "nl" else "no data") and not late.note  # no change of 0
    assert rank.label.endswith("(2015)") and rank.value.endswith(("van 32", "of 32"))
    assert "2015" in lines[0] and "Bomenbuurt" in lines[0] and "83220NED" in lines[1]


def test_each_area_has_its_own_locator_map_in_each_language(mirror):
    """The locator image is kept per process (ui.cache.built): its key must hold the gemeente, the area and the
    language, or a second area (or the other language) would show the first one's map and alt text."""
    def image(params: dict[str, str]) -> str:
        at = open_page("profiel", params)
        bodies = [h.proto.body for h in at.get("html") if h.proto.body.startswith("<img src=\"data:image/svg+xml")]
        assert len(bodies) == 1
        return bodies[0]

    moerwijk, oost = image({"area": WIJK}), image({"area": BUURT})
    english, delft = image({"area": WIJK, "lang": "en"}), image({"gemeente": "GM0503"})
    assert len({moerwijk, oost, english, delft}) == 4
    assert "Moerwijk" in moerwijk and "Moerwijk-Oost" in oost and "highlighted" in english and "Delft" in delft
    assert moerwijk.split('" alt=')[0] != oost.split('" alt=')[0]  # another map, not only another alt text


SILENT_BUURT = "BU05184209"  # Tedingerbuurt: no health monitor figure published in any year (too few residents)


def _no_figure_notes(at, lang: str) -> list[str]:
    """The captions that name series without any figure, as read (markdown escapes removed)."""
    from texts.i18n import t

    marker = t("trend_no_figures", lang, items="").rstrip(".").split(",")[-1]  # " so no line: " / " dus geen lijn: "
    shown = [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]
    return [c for c in shown if marker in c]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_trends_name_an_area_without_any_figure(mirror, lang):
    """An area the sources publish no figure for in any year gets no line: the page says which and why, on both
    tabs, and nothing of an area that has its line."""
    from indicators.catalogue import catalogue
    from texts.i18n import t

    why = t("status_suppressed", lang)
    params = {"areas": f"{SILENT_BUURT},{WIJK}", "area": SILENT_BUURT, "level": "buurt", "lang": lang}
    at = open_page("trends", params)
    assert not at.exception, at.exception
    assert _no_figure_notes(at, lang) == [t("trend_no_figures", lang, items=f"Tedingerbuurt — {why}")]
    at = open_page("trends", {**params, "section": "indicators"})
    notes = _no_figure_notes(at, lang)
    assert len(notes) == 1 and notes[0].startswith(t("trend_no_figures_for", lang, name="Tedingerbuurt", items="")[:-1])
    assert catalogue().indicator("overgewicht").label.get(lang) in notes[0] and why in notes[0]
    for section in ("areas", "indicators"):
        at = open_page("trends", {"areas": WIJK, "area": WIJK, "lang": lang, "section": section})
        assert _no_figure_notes(at, lang) == []


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("gemeente", "area", "note"), [
    ("GM0518", "WK051801", "prof_no_stories"),  # Oostduinen: none yet, where Den Haag has others
    ("GM0503", "WK050311", "prof_no_stories_here"),  # Delft: the report has none, and will not
])
def test_an_area_without_stories_says_why(mirror, lang, gemeente, area, note):
    at = open_page("profiel", {"gemeente": gemeente, "area": area, "lang": lang})
    at.session_state["w_prof_stories"] = True
    at.run()
    stories = next(e for e in at.expander if e.label == t("prof_stories_title", lang, n=0))
    assert [c.value for c in stories.caption] == [t(note, lang, city="Delft")]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_area_without_any_figure_says_so_instead_of_counting_zeros(mirror, lang):
    at = open_page("profiel", {"area": "WK051801", "lang": lang})  # Oostduinen: no residents
    text = " ".join(m.value for m in at.markdown)
    ref = "Den Haag" if lang == "nl" else "The Hague"
    assert t("prof_summary_none", lang, name="Oostduinen", ref=ref) in text
    assert "**0**" not in text
    rijswijk = open_page("profiel", {"gemeente": "GM0603", "area": "WK060305", "lang": lang})  # 8,295 inhabitants
    text = " ".join(m.value for m in rijswijk.markdown)
    assert t("prof_summary_none_division", lang, name="Wijk 05", ref="Rijswijk") in text  # not "so few residents"
    assert t("prof_summary_none", lang, name="Wijk 05", ref="Rijswijk") not in text


def test_none_judged_reason_names_the_cause():
    import pandas as pd
    from indicators.profile import none_judged_reason

    def reason(*statuses: str) -> str:
        return none_judged_reason(pd.DataFrame({"status": list(statuses)}))

    assert reason("other_division", "suppressed", "ok") == "prof_summary_none_division"
    assert reason("suppressed", "no_row") == "prof_summary_none"
    assert reason("no_row", "ok") == "prof_summary_none_missing"


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("area", "year", "small", "n"), [("WK051801", 2024, 1, 44), ("BU05180170", 2019, 3, 114)])
def test_an_area_under_5_inhabitants_shows_no_place_by_size(mirror, lang, area, year, small, n):
    """Wijk and buurt Oostduinen (0 inhabitants) read '<5' beside '44e van 44' and '112e van 114' (the latter shared
    with two other empty buurten): no place now, in the key figures or the spine, and the note says why."""
    at = open_page("profiel", {"area": area, "lang": lang})
    (early, late, _, rank), _ = key_figures(at)
    assert early.value == late.value == "<5" and not late.note
    level = "wijk" if area.startswith("WK") else "buurt"
    assert rank.label.endswith(f"({year})") and rank.value == "–"
    assert rank.note == t("prof_key_size_small", lang, small=small, n=n, areas=t(f"level_plural_{level}", lang))
    from indicators.catalogue import catalogue
    spine = "".join(body for body in conftest.trusted_html_bodies(at) if "<table class='spine'>" in body)
    label = html.escape(catalogue().indicator("aant_inw").label.get(lang))
    tip = re.search(rf"<div class='sp-tip' role='tooltip'><b>{re.escape(label)}</b>(.*?)</div>", spine)
    assert tip and "&lt;5" in tip[1]  # the inhabitants' row: '<5', and no '44e van 44 wijken' under it
    assert f" {n} {t(f'level_plural_{level}', lang)}" not in tip[1]
    assert "– &lt;5 → &lt;5" in tip[1] and not re.search("[↑↓]", tip[1])  # 0 → 0 read '↓': no direction now


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_storys_source_names_the_report_and_its_year_not_our_file(mirror, lang):
    """The stories' source line read 'Source: 5 jaar … (seeds/003_1cf69fea2085eeed.txt), §…': the file name of our
    copy of the report. It names the report and its year, as the presentation does; every story of the city."""
    from indicators.stories import load_stories

    at = open_page("profiel", {"lang": lang})
    at.session_state["w_prof_stories"] = True
    at.run()
    title = t("prof_stories_title", lang, n="").removesuffix(" ()")
    stories = next(e for e in at.expander if e.label.startswith(title))
    sources = [m.value.rsplit("\n\n", 1)[-1] for m in stories.markdown]
    assert len(sources) == len(load_stories())
    label = t("prof_story_source", lang, source="")
    for source in sources:
        assert source.startswith(f"*{label}") and "seeds/" not in source and ".txt" not in source, source
        assert re.search(r"\((?:[^()]* )?20\d\d\)", source), f"no year: {source}"  # '(2025)', '(report of 2024)'
    report = [s for s in sources if s.startswith(f"*{label}5 jaar Gezond en Gelukkig Den Haag")]
    assert report and all(f"({t('pres_report_year', lang, year=2024)})" in s for s in report)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("n", [1, 2])
def test_the_summary_counts_one_indicator_in_the_singular(mirror, monkeypatch, lang, n):
    """'Compared with Zoetermeer: **1** indicators worse': one indicator (worse, and worse and getting worse) in
    the singular, two in the plural."""
    monkeypatch.setattr("indicators.profile.summary_counts",
                        lambda spine: {"better": 4, "similar": 3, "worse": n, "flagged": n})
    at = open_page("profiel", {"area": WIJK, "lang": lang})
    text = " ".join(m.value for m in at.markdown)
    expected = {("nl", 1): ("**1** indicator slechter", "**1** is slechter én verslechterd (⚠)"),
                ("nl", 2): ("**2** indicatoren slechter", "**2** zijn slechter én verslechterd (⚠)"),
                ("en", 1): ("**1** indicator worse", "**1** is worse and getting worse (⚠)"),
                ("en", 2): ("**2** indicators worse", "**2** are worse and getting worse (⚠)")}[lang, n]
    assert all(part in text for part in expected), text
    assert "**3** " + {"nl": "vergelijkbaar", "en": "similar"}[lang] in text


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("section", "area_params"), [("areas", {"areas": f"{WIJK},BU05181041"}),
                                                      ("indicators", {"area": "BU05184110"})])
def test_trends_of_a_count_leave_out_the_citys_total_beside_an_area(mirror, lang, section, area_params):
    """537,833 inhabitants drawn on the scale of a wijk's 20,000 and a buurt's few hundred left their lines flat at
    the bottom: a count's chart beside an area draws the areas only and says why (the table keeps the totals); a
    percentage keeps the city and NL, and the city alone keeps its line."""
    city = "Den Haag" if lang == "nl" else "The Hague"
    params = {**area_params, "lang": lang, "section": section}
    names = {WIJK: "Moerwijk", "BU05181041": "Zorgvliet", "BU05184110": "De Reef"}
    at = open_page("trends", {**params, "indicator": "aant_inw", "indicators": "aant_inw,eenzaam"})
    traces = [(tr["name"], tr.get("xaxis", "x")) for tr in plotly_charts(at)[0]["data"]]
    count_axis = "x"  # the line chart's, and the first panel's of the small multiples (aant_inw)
    drawn = [name for name, axis in traces if axis == count_axis]
    assert drawn == [names[c] for c in (area_params.get("areas") or area_params["area"]).split(",")], traces
    assert any(t("trend_totals_not_drawn", lang, city=city) == c.value for c in at.caption)
    # the Netherlands has no count of inhabitants: not drawn anyway, so no 'no figure in any year' line of its own
    assert not any(t("nederland", lang) in c.value for c in at.caption if "—" in c.value), [c.value for c in at.caption]
    if section == "indicators":  # the percentage's panel beside it keeps the city and NL
        assert {name for name, axis in traces if axis == "x2"} == {"De Reef", city, t("nederland", lang)}
    alone = {"areas": CITY} if section == "areas" else {}  # the city alone: without areas /trends opens on some
    at = open_page("trends", {"lang": lang, "section": section, "indicator": "aant_inw", "indicators": "aant_inw",
                              **alone})
    assert city in [tr["name"] for tr in plotly_charts(at)[0]["data"]]
    assert not any(t("trend_totals_not_drawn", lang, city=city) == c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_small_multiples_name_their_area_and_age_group(mirror, lang):
    """The small multiples' heading names the area and the age group of their figures; CBS's key figures, which
    have none (the only ones with two years at 65+), leave it out."""
    at = open_page("trends", {"lang": lang, "section": "indicators", "area": WIJK})
    assert [h.value for h in at.subheader] == [f"Moerwijk · {t('age_18plus', lang)}"]
    at = open_page("trends", {"lang": lang, "section": "indicators", "area": WIJK, "age": "65plus"})
    assert [h.value for h in at.subheader] == ["Moerwijk"]
