"""AppTest of /programmas in nl and en: series chart with its source, all counts with filters and downloads,
'<5' for small counts of people, ranges as ranges, reach against need with its assumptions."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import app_test, first_chart_values, save_gli_count
from tests.conftest_pg import db_url  # noqa: F401  (fixture)
from tests.html_tables import sent_tables
from ui.store import REACH_AREA
from views.programmas_panels import SERIES_TABLE_KEY

PAGE = "views/programmas.py"


def open_link(params: dict[str, str], timeout: float = 120):
    """/programmas from a link, with the series' numbers unfolded (they are built only then)."""
    at = app_test(params, timeout=timeout)
    at.session_state[SERIES_TABLE_KEY] = True
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def open_page(lang: str, timeout: float = 120):
    return open_link({"lang": lang} if lang != "nl" else {}, timeout)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("programs-db")


@pytest.fixture
def sqlite_store(monkeypatch: pytest.MonkeyPatch, store_dir: Path) -> Path:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(store_dir))
    return store_dir


def _frame(at, header: str) -> pd.DataFrame:
    """The first table with this column header."""
    return next(df.value for df in at.dataframe if header in df.value.columns)


def _all_counts(at) -> pd.DataFrame:
    """The page's tables in order: the chart's numbers, all counts, reach against need."""
    return at.dataframe[1].value


TEXTS = {
    "nl": {"title": "Programma's: tellen én vertellen", "source": "Bron: Vijfjarenrapportage",
           "program": "Programma", "value": "Aantal", "area": "Gebied", "gli_2023": "4.638", "half": "85,5",
           "per_1000": "Deelnemers per 1.000 met overgewicht (ondergrens)", "assume": "Aannames",
           "adults_note": "Het aantal volwassenen (18+) staat niet", "region": "GLI-regio Haaglanden"},
    "en": {"title": "Programmes: counting and telling", "source": "Source: Vijfjarenrapportage",
           "program": "Programme", "value": "Number", "area": "Area", "gli_2023": "4,638", "half": "85.5",
           "per_1000": "Participants per 1,000 with overweight (lower bound)", "assume": "Assumptions",
           "adults_note": "The number of adults (18+) is not", "region": "GLI region Haaglanden"},
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_page_in_both_languages(mirror, sqlite_store, lang):
    at = open_page(lang)
    text = TEXTS[lang]
    assert at.title[0].value == text["title"]
    assert len(at.subheader) == 3
    assert not at.warning and not at.error
    # the chart of the default program (GLI) with its source and period under it
    assert at.selectbox(key="w_prog_chart").value == "gli"
    assert any(c.value.startswith(text["source"]) and "2019–2023" in c.value for c in at.caption)
    series = _frame(at, text["program"])
    assert len(series) == 5 and text["gli_2023"] in series[text["value"]].tolist()
    # all counts: 39, ranges as ranges, '<5' below city level, no invented midpoint
    table = _all_counts(at)
    assert len(table) == 39
    values = table[text["value"]].tolist()
    assert "79–92" in values and "628" in values and text["gli_2023"] in values
    # '<5' is for residents only: the report has no count of residents below 5 under city level, and the staff
    # it publishes show as published (the 7 peuterconsulenten: 3 in Zuidwest, 4 in Laak en Centrum)
    assert "<5" not in values
    code = "Gebiedscode" if lang == "nl" else "Area code"
    peuters = table[table[text["program"]].str.startswith("Peuterconsulenten" if lang == "nl" else "Toddler")]
    assert dict(zip(peuters[code], peuters[text["value"]])) == {"GM0518": "7", "zuidwest": "3", "laak_centrum": "4"}
    assert not any(text["half"] in v for v in values)
    # downloads for the series, the table and the reach table
    keys = {b.key for b in at.get("download_button")}
    assert {"prog_series_download", "prog_series_download_xlsx", "prog_table_download",
            "prog_table_download_xlsx", "prog_reach_download", "prog_reach_download_xlsx"} <= keys
    # reach against need, with its assumptions written next to it
    reach = _frame(at, text["per_1000"])
    assert reach.iloc[:, 0].tolist() == ["2019", "2020", "2021", "2022", "2023"]
    assert reach[text["per_1000"]].str.len().gt(0).all()
    notes = " ".join(m.value for m in at.markdown)
    assert text["assume"] in notes and text["adults_note"] in notes
    # the region's gemeenten named as the rest of the page names them: Den Haag / The Hague, not 's-Gravenhage
    intro = next(c.value for c in at.caption if "Wassenaar" in c.value)
    assert ("Den Haag" if lang == "nl" else "The Hague") in intro and "Gravenhage" not in intro
    assert text["region"] in intro  # the region in the page's language (data/areas.yaml)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_grid_has_a_whole_plain_copy_for_print(mirror, sqlite_store, lang):
    """The grids (a canvas) print only what the screen shows: each has a static copy that print shows instead
    (ui.page_scripts). The copies are plain HTML tables with the grid's header and every row, not st.table, whose
    markdown cells took the browser ~0.4 s of a first visit to draw while hidden."""
    at = open_page(lang)
    grids = [df.value for df in at.dataframe]
    assert len(grids) == 3  # the series' numbers (unfolded), all counts, reach against need
    copies = sent_tables(at)
    assert len(copies) == len(grids)
    for grid, copy in zip(grids, copies):
        assert list(copy.columns) == [str(c) for c in grid.columns]
        assert copy.values.tolist() == grid.map(lambda v: "" if pd.isna(v) else str(v)).values.tolist()
    assert not at.table


def test_filters_narrow_the_table_and_the_chart(mirror, sqlite_store):
    at = open_page("nl")
    at.multiselect(key="w_prog_programs").set_value(["brugfunctionarissen"]).run()
    assert not at.exception
    assert at.selectbox(key="w_prog_chart").value == "brugfunctionarissen"
    assert _frame(at, "Programma")["Aantal"].tolist() == ["79–92", "12"]
    assert _all_counts(at)["Aantal"].tolist() == ["79–92", "12"]
    at.multiselect(key="w_prog_programs").set_value([]).run()
    at.multiselect(key="w_prog_themes").set_value(["gezond_opgroeien"]).run()
    assert set(_all_counts(at)["Thema"]) == {"Gezond opgroeien"}
    at.multiselect(key="w_prog_themes").set_value([]).run()
    at.multiselect(key="w_prog_programs").set_value(["gli"]).run()
    at.slider(key="w_prog_years").set_value((2024, 2024)).run()  # the GLI series ends in 2023
    assert at.info and "geen tellingen" in at.info[0].value
    assert not at.exception


def test_area_filter(mirror, sqlite_store):
    at = open_page("en")
    at.multiselect(key="w_prog_areas").set_value(["zuidwest"]).run()
    table = _all_counts(at)
    assert len(table) == 6 and set(table["Area"]) == {"The Hague Southwest"}


@pytest.mark.parametrize("gemeente", ["GM0603", "GM1783"])
def test_counts_keep_their_own_gemeentes_area_names_when_another_gemeente_is_shown(mirror, sqlite_store, gemeente):
    """Den Haag's counts are named by Den Haag's wijken whichever gemeente the view shows (Rijswijk's page said
    'WK051817' in the area filter, the table and its file)."""
    at = open_link({"gemeente": gemeente, "lang": "en"})
    options = at.multiselect(key="w_prog_areas").options
    assert {"Loosduinen", "Moerwijk"} <= set(options)
    assert not any(o.startswith(("WK", "BU")) for o in options)
    table = _all_counts(at)
    assert set(table.loc[table["Area code"] == "WK051817", "Area"]) == {"Loosduinen"}
    assert not table["Area"].str.match(r"^(WK|BU)\d").any()


def test_page_on_the_database_of_database_url(mirror, monkeypatch, db_url):
    """Replicas share PostgreSQL via DATABASE_URL; the page seeds and shows it the same way."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    at = open_page("en")
    assert len(_all_counts(at)) == 39


def test_an_unreachable_store_is_reported_not_a_crash(mirror, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/nothing_test?connect_timeout=2")
    at = open_page("nl")
    assert at.error and "niet bereikbaar" in at.error[0].value
    assert not at.dataframe


def test_a_count_saved_while_the_page_is_open_is_in_the_chart_on_the_next_run(mirror, tmp_path, monkeypatch):
    """The series chart is built once per process and key (ui.cache.built): the counts are part of the key, so a
    count saved a moment ago is drawn on the next run, not an older chart."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path))  # a store of its own: the count is not left behind
    at = open_page("nl")
    assert at.selectbox(key="w_prog_chart").value == "gli"
    assert 4321 not in first_chart_values(at)
    save_gli_count("GM0518", 4321)
    at.run()
    assert not at.exception, at.exception
    assert 4321 in first_chart_values(at)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_count_saved_while_the_page_is_open_is_in_the_reach_table_on_the_next_run(mirror, tmp_path, monkeypatch,
                                                                                     lang):
    """The reach table is built once per process and counts (ui.cache.built, keyed by their fingerprint): a GLI count
    of the region saved a moment ago gets its own row, in the page's language, on the next run."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path))
    at = open_page(lang)
    header = TEXTS[lang]["per_1000"]
    before = _frame(at, header)
    assert "2025" not in before.iloc[:, 0].tolist()
    save_gli_count(REACH_AREA, 43210)
    at.run()
    assert not at.exception, at.exception
    after = _frame(at, header)
    assert after.iloc[:, 0].tolist() == [*before.iloc[:, 0], "2025"]
    assert after.iloc[-1, 1] == ("43.210" if lang == "nl" else "43,210")
    assert after.iloc[-1][header] not in ("", "–") and after.iloc[-1][header] != before.iloc[-1][header]


def _shown(at) -> dict:
    """What the page shows: its filters, the chart's program and the table of all counts."""
    return {"themes": at.multiselect(key="w_prog_themes").value, "programs": at.multiselect(key="w_prog_programs").value,
            "places": at.multiselect(key="w_prog_areas").value, "period": at.slider(key="w_prog_years").value,
            "series": at.selectbox(key="w_prog_chart").value, "table": _all_counts(at).to_dict("records")}


def _link(at) -> dict[str, str]:
    return {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def test_the_filters_and_the_chart_program_are_in_the_link(mirror, sqlite_store):
    """Chosen on the page, the filters and the chart's program go into the URL; that link opened in a new session
    (a reload, a shared link) shows the same filters, chart and counts."""
    at = open_page("en")
    at.multiselect(key="w_prog_themes").set_value(["leefstijl_als_medicijn", "gezond_opgroeien"]).run()
    at.multiselect(key="w_prog_programs").set_value(["brugfunctionarissen", "gli"]).run()
    at.slider(key="w_prog_years").set_value((2019, 2024)).run()
    at.selectbox(key="w_prog_chart").set_value("brugfunctionarissen").run()
    assert not at.exception, at.exception
    clicked = _shown(at)
    assert clicked["series"] == "brugfunctionarissen" and clicked["period"] == (2019, 2024)
    assert {row["Programme"] for row in clicked["table"]} == {
        "School–family bridge workers (brugfunctionarissen)", "Combined lifestyle intervention (GLI)"}
    link = _link(at)
    assert link == {"lang": "en", "themes": "leefstijl_als_medicijn,gezond_opgroeien",
                    "programs": "brugfunctionarissen,gli", "period": "2019-2024", "series": "brugfunctionarissen"}
    again = open_link(link)
    assert not again.warning
    assert _shown(again) == clicked
    assert _link(again) == link
    # back to everything: the defaults leave the link
    again.multiselect(key="w_prog_programs").set_value([]).run()
    again.multiselect(key="w_prog_themes").set_value([]).run()
    again.slider(key="w_prog_years").set_value((2018, 2024)).run()
    again.selectbox(key="w_prog_chart").set_value("gli").run()
    assert _link(again) == {"lang": "en"}
    assert len(_all_counts(again)) == 39


def test_an_area_filter_from_the_link(mirror, sqlite_store):
    at = open_link({"places": "zuidwest"})
    assert at.multiselect(key="w_prog_areas").value == ["zuidwest"]
    assert set(_all_counts(at)["Gebied"]) == {"Den Haag Zuidwest"} and len(_all_counts(at)) == 6


def test_unknown_programs_in_the_link_get_a_notice_and_show_everything(mirror, sqlite_store):
    at = open_link({"programs": "bestaat_niet,gli", "series": "bestaat_niet", "period": "2024-2019"})
    warnings = " ".join(w.value for w in at.warning)
    assert all(f"‘{p}’" in warnings for p in ("programs", "series", "period")), warnings
    assert at.multiselect(key="w_prog_programs").value == ["gli"]  # the known part of the list is kept
    assert at.selectbox(key="w_prog_chart").value == "gli"
    assert at.slider(key="w_prog_years").value == (2018, 2024)
    assert _link(at) == {"programs": "gli"}


def test_the_series_numbers_are_built_when_unfolded(mirror, sqlite_store):
    at = app_test({}, timeout=120)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    keys = {b.key for b in at.get("download_button")}
    assert "prog_series_download" not in keys and "prog_table_download" in keys
    assert [len(df.value) for df in at.dataframe] == [39, 5]  # all counts, reach against need
    at.session_state[SERIES_TABLE_KEY] = True  # the reader unfolds "Toon de cijfers"
    at.run()
    assert "prog_series_download" in {b.key for b in at.get("download_button")}
    assert len(_frame(at, "Programma")) == 5  # the GLI series: 2019-2023


@pytest.mark.parametrize(("lang", "city"), [("nl", "Den Haag"), ("en", "The Hague")])
def test_den_haag_keeps_its_name_when_another_gemeente_is_shown(mirror, sqlite_store, lang, city):
    """The programs count in Den Haag: with Delft in the sidebar its counts still say Den Haag, never CBS's
    's-Gravenhage."""
    at = open_link({"gemeente": "GM0503", "lang": lang})
    areas = set(_all_counts(at)["Gebied" if lang == "nl" else "Area"])
    assert city in areas and "'s-Gravenhage" not in areas


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_buurts_count_is_shown_by_its_name(mirror, tmp_path, monkeypatch, lang):
    """A count for a buurt (the entry form offers them by name) showed its CBS code in the table of all counts, the
    area filter and the chart's legend: the names came from the gemeente's wijken only."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path))
    save_gli_count("BU05183620", 12)
    at = open_page(lang)
    areas = set(_all_counts(at)[TEXTS[lang]["area"]])
    assert "Moerwijk-Oost" in areas and "BU05183620" not in areas
    assert at.multiselect(key="w_prog_areas").format_func("BU05183620") == "Moerwijk-Oost"
