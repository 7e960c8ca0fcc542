"""Every table download opened as a researcher opens it (issue #18): CSV read back with the page language's settings
(Dutch: ';' and decimal ','; English: ',' and '.'), Excel with openpyxl/pandas. The numbers must come back as
numbers, each file must name its source, and the headers must be in the page's language.

The files are made by the same builders and writers the pages call (map, trend, small multiples, profile, programs,
reach, program layer); the programs page and the profile are also opened with AppTest, recording what every
download button of the page was given."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from charts.trend import trend_frame
from exports.indicator_tables import FIGURE_COLUMNS, indicator_export, map_export, with_indicator
from geo.boundaries import read_areas
from geo.choropleth import map_model
from indicators.catalogue import catalogue
from indicators.compare import comparison_frame, every_cell
from indicators.describe import gap_text, shown_decimals
from indicators.observations import build_observations
from indicators.profile import spine_data
from programs import store
from programs.db import make_sessions, open_store
from programs.layer import Need, program_layer
from programs.reach import NeedData, reach_export, reach_table
from programs.table import export_table
from tests.conftest import app_test, open_page
from tests.html_tables import sent_tables
from texts.i18n import t
from texts.tables import file_numbers, number_format, to_csv_bytes, to_excel_bytes, with_number_formats
from views.kaart_program import layer_table

READ = {"nl": {"sep": ";", "decimal": ","}, "en": {"sep": ",", "decimal": "."}}
# Headers that must be there, in the page's language: (a number column, a source column)
MOERWIJK = "WK051836"
MORGENSTOND = "WK051834"


def read_back(export: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The CSV and the Excel file of `export`, read as a researcher would."""
    csv = pd.read_csv(io.BytesIO(to_csv_bytes(export, lang)), encoding="utf-8-sig", **READ[lang])
    book = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(export, "data")), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    excel = pd.DataFrame(rows[1:], columns=rows[0])
    return csv, excel


def check(export: pd.DataFrame, lang: str, numbers: list[str], source: str) -> pd.DataFrame:
    """Both files: numeric dtype for every `numbers` header (keys of the page's catalogue), the source header
    filled, the same headers as the page's language, nothing lost."""
    headers = [t(k, lang) for k in numbers]
    other = "en" if lang == "nl" else "nl"
    csv, excel = read_back(export, lang)
    for frame in (csv, excel):
        assert list(frame.columns) == list(export.columns)
        assert len(frame) == len(export) > 0
        for header in headers:
            assert pd.api.types.is_numeric_dtype(pd.to_numeric(frame[header].dropna(), errors="raise")), header
        assert frame[t(source, lang)].notna().all() and (frame[t(source, lang)].astype(str).str.len() > 0).all()
        foreign = [t(k, other) for k in (*numbers, source)]
        assert not set(foreign) & set(frame.columns) - set(headers) - {t(source, lang)}, "headers of the other language"
    for header in headers:
        assert pd.api.types.is_numeric_dtype(csv[header]), f"CSV {header} read as {csv[header].dtype}"
    return csv


@pytest.fixture(scope="module")
def tidy(mirror) -> pd.DataFrame:
    return build_observations("GM0518")


def stored_counts(folder: Path, program: str, values: dict[str, int], source: str) -> pd.DataFrame:
    """A store in `folder` with one 2024 count of `program` per area (`values`), read back as list_counts gives it."""
    engine = open_store(f"sqlite:///{folder / 'programs.sqlite'}")
    with make_sessions(engine).begin() as session:
        for area, value in values.items():
            store.add_count(session, {"program": program, "area": area, "period_start": dt.date(2024, 1, 1),
                                      "period_end": dt.date(2024, 12, 31), "value_low": value, "source": source},
                            "test")
    with make_sessions(engine)() as session:
        frame = store.list_counts(session)
    engine.dispose()
    return frame


@pytest.fixture(scope="module")
def counts(tmp_path_factory) -> pd.DataFrame:
    return stored_counts(tmp_path_factory.mktemp("dl"), "gli", {MOERWIJK: 150}, "Hadoks 2024")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_map_table(tidy, lang):
    cat = catalogue()
    ind = cat.indicator("overgewicht")
    model = map_model(tidy, read_areas("GM0518", "wijk"), [], cat, ind, level="wijk", year=2020, age="18plus",
                      mode="value", method="quantiles", lang=lang, city_name="Den Haag")
    csv = check(map_export(model.frame, ind, cat, "wijk", 2020, "18plus", lang), lang,
                ["exp_col_value", "exp_col_year", "exp_col_gap_city", "exp_col_rank"], "exp_col_source_table")
    row = csv[csv[t("exp_col_area_code", lang)] == MOERWIJK].iloc[0]
    assert row[t("exp_col_value", lang)] == pytest.approx(55.9) and row[t("exp_col_year", lang)] == 2020
    assert row[t("exp_col_source_table", lang)] == "50090NED" and row[t("exp_col_licence", lang)] == "CC BY 4.0"
    assert row[t("exp_col_area_name", lang)] == "Moerwijk"
    as_text = pd.read_csv(io.BytesIO(to_csv_bytes(map_export(model.frame, ind, cat, "wijk", 2020, "18plus", lang),
                                                  lang)), encoding="utf-8-sig", dtype=str, keep_default_na=False,
                          sep=READ[lang]["sep"])
    written = as_text[t("exp_col_rank", lang)].tolist()
    assert any(written) and all(r == "" or r.isdigit() for r in written), written[:5]  # '1', not '1.0' or '1,0'
    # a gap as the tooltip writes it, in percentage points with one decimal: '6.2', not '6.200000000000003'
    for column, reference in (("gap_city", "city"), ("gap_nl", "nl")):
        gaps = as_text[t(f"exp_col_{column}", lang)]
        assert gaps.str.fullmatch(r"-?\d+([.,]\d)?|").all(), gaps.tolist()[:5]
        values = model.frame.set_index("code")
        expected = [gap_text(v - values.at[c, reference], ind, lang, 2020).lstrip("+−±").removesuffix(
                    t("unit_suffix_pp", lang)) for c, v in zip(values.index, values["value"]) if v == v]
        assert [g.lstrip("-") for g in gaps if g] == expected


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_trend_and_small_multiples(tidy, lang):
    cat = catalogue()
    names = dict(zip(read_areas("GM0518", "wijk")["code"], read_areas("GM0518", "wijk")["name"]))
    names["GM0518"] = "Den Haag"
    ind = cat.indicator("overgewicht")
    frame = trend_frame(tidy, ind, [MOERWIJK], "18plus", "GM0518", names)
    csv = check(indicator_export(frame.assign(indicator=ind.id), cat, lang), lang, ["exp_col_value", "exp_col_year"],
                "exp_col_source_table")
    moerwijk = csv[csv[t("exp_col_area_code", lang)] == MOERWIJK]
    assert sorted(moerwijk[t("exp_col_year", lang)]) == [2012, 2016, 2020]
    frames = {i: trend_frame(tidy, cat.indicator(i), [MOERWIJK], "18plus", "GM0518", names)
              for i in ("overgewicht", "eenzaam")}
    csv = check(indicator_export(with_indicator(frames), cat, lang), lang, ["exp_col_value"], "exp_col_source_table")
    assert set(csv[t("exp_col_indicator", lang)]) == {"overgewicht", "eenzaam"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_comparisons_file_writes_each_figure_to_its_indicators_decimals(tidy, lang):
    """/vergelijk's file of a count beside percentages: its value column was a float column, so Moerwijk's
    inhabitants read '21300,0' (nl) or '21300.0' (en) among percentages, and KWB 2015's whole percentage '12,0'.
    Each figure is written to the decimals of its indicator and year, as the screen shows it: a count whole, an
    RIVM percentage with its decimal, in the CSV (read as text) and the workbook (a count an integer cell)."""
    cat = catalogue()
    lookup = pd.DataFrame(read_areas("GM0518", "wijk")[["code", "name"]]).assign(level="wijk")
    comp = comparison_frame(tidy, cat, ["aant_inw", "ervaren_gezondheid_goed_zeer_goed", "p_65_eo_jr"], [MOERWIJK],
                            lookup, year=2020, age="18plus", lang=lang)
    export = indicator_export(every_cell(comp), cat, lang)
    check(export, lang, ["exp_col_value", "exp_col_year"], "exp_col_source_table")  # still numbers, read back

    def cells(frame: pd.DataFrame) -> dict[tuple[str, str], object]:
        return {(i, a): v for i, a, v in zip(frame[t("exp_col_indicator", lang)], frame[t("exp_col_area_code", lang)],
                                             frame[t("exp_col_value", lang)])}

    text = cells(pd.read_csv(io.BytesIO(to_csv_bytes(export, lang)), encoding="utf-8-sig", dtype=str,
                             keep_default_na=False, sep=READ[lang]["sep"]))
    decimal = READ[lang]["decimal"]
    assert text[("aant_inw", MOERWIJK)] == "21300"  # KWB 2019, the year nearest to 2020
    assert text[("ervaren_gezondheid_goed_zeer_goed", "GM0518")] == f"75{decimal}3"
    assert text[("p_65_eo_jr", MOERWIJK)] == "12" and text[("p_65_eo_jr", "GM0518")] == "14"
    assert text[("aant_inw", "NL01")] == ""  # no figure: empty, never 0
    rows = list(openpyxl.load_workbook(io.BytesIO(to_excel_bytes(export, "data")), read_only=True).active
                .iter_rows(values_only=True))
    book = cells(pd.DataFrame(rows[1:], columns=rows[0], dtype=object))  # each cell as openpyxl reads it
    assert book[("aant_inw", MOERWIJK)] == 21300 and isinstance(book[("aant_inw", MOERWIJK)], int)
    assert book[("ervaren_gezondheid_goed_zeer_goed", "GM0518")] == pytest.approx(75.3)
    assert book[("p_65_eo_jr", MOERWIJK)] == 12 and isinstance(book[("p_65_eo_jr", MOERWIJK)], int)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_profile_spine(tidy, lang):
    cat = catalogue()
    wijken = list(read_areas("GM0518", "wijk")["code"])
    spine = spine_data(tidy, cat, MOERWIJK, wijken, "18plus", "GM0518")
    csv = check(indicator_export(spine.assign(name="Moerwijk"), cat, lang, extra=("city", "nl", "rank")), lang,
                ["exp_col_value", "exp_col_city", "exp_col_nl", "exp_col_rank"], "exp_col_source_table")
    assert len(csv) == len(spine) and set(csv[t("exp_col_unit", lang)]) >= {t("exp_unit_percent", lang)}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_program_counts(counts, lang):
    csv = check(export_table(counts, lang, {}), lang, ["prog_col_value_low", "prog_col_value_high", "prog_col_year"],
                "prog_col_source")
    gli = csv[(csv[t("prog_col_program_id", lang)] == "gli") & (csv[t("prog_col_area_code", lang)] == "haaglanden_gli")]
    assert sorted(gli[t("prog_col_value_low", lang)]) == [628, 1026, 1466, 2779, 4638]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_reach_against_need(lang):
    counts = pd.DataFrame([{"period_start": dt.date(y, 1, 1), "period_end": dt.date(y, 12, 31), "value_low": v,
                            "value_high": v} for y, v in ((2019, 628), (2020, 1026))])
    need = pd.DataFrame({"area_code": ["GM0518", "GM0518"], "year": [2016, 2020], "value": [48.123456, 50.987654],
                         "source": ["50090NED"] * 2})
    population = pd.DataFrame({"area_code": ["GM0518"], "year": [2019], "value": [537833.0], "source": ["84583NED"]})
    reach = reach_table(counts, ["GM0518"], NeedData(need, population))
    export = reach_export(reach, lang, "haaglanden_gli", "GLI-regio", "Vijfjarenrapportage")
    csv = check(export, lang, ["pl_col_reach_low", "prog_reach_col_need_pct", "prog_reach_col_population"],
                "pl_col_source")
    # both counts take the survey year nearest to them (2020)
    assert list(csv[t("pl_col_reach_low", lang)]) == [round(1000 * 628 / (537833 * 0.50987654), 1),
                                                      round(1000 * 1026 / (537833 * 0.50987654), 1)]
    assert all(len(str(v).split(".")[-1]) <= 1 for v in csv[t("prog_reach_col_need_pct", lang)]), "rounded to 0.1"
    assert "per_1000_low" not in csv.columns, "page headers, not the internal names"
    inhabitants = t("pl_inhabitants_all", lang)
    assert list(csv[t("pl_col_need_source", lang)]) == [
        t("pl_need_source", lang, need="50090NED 2020", population="84583NED 2019", inhabitants=inhabitants)] * 2


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_reach_cites_the_tables_of_the_years_it_used(lang):
    """The file said 'CBS 84583NED (inhabitants, children 0-14)' (the 2019 table) beside inhabitants of 2015 and
    2024: each row names the tables of its own need and inhabitants' years."""
    counts = pd.DataFrame([{"period_start": dt.date(y, 1, 1), "period_end": dt.date(y, 12, 31), "value_low": 100,
                            "value_high": 100} for y in (2016, 2023)])
    need = pd.DataFrame({"area_code": ["GM0518"] * 2, "year": [2016, 2020], "value": [48.0, 51.0],
                         "source": ["50090NED"] * 2})
    population = pd.DataFrame({"area_code": ["GM0518"] * 2, "year": [2015, 2024], "value": [514861.0, 566221.0],
                               "source": ["83220NED", "85984NED"]})
    export = reach_export(reach_table(counts, ["GM0518"], NeedData(need, population)), lang, "GM0518", "Den Haag",
                          "Vijfjarenrapportage")
    csv, _excel = read_back(export, lang)
    inhabitants = t("pl_inhabitants_all", lang)
    assert list(csv[t("pl_col_need_source", lang)]) == [
        t("pl_need_source", lang, need="50090NED 2016", population="83220NED 2015", inhabitants=inhabitants),
        t("pl_need_source", lang, need="50090NED 2020", population="85984NED 2024", inhabitants=inhabitants)]
    assert list(csv[t("prog_reach_col_population_year", lang)]) == [2015, 2024]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_program_layer_table(tidy, counts, lang):
    layer = program_layer(counts, "gli", list(read_areas("GM0518", "wijk")["code"]), tidy, Need("overgewicht"), "GM0518")
    _shown, export = layer_table(layer, lang, {MOERWIJK: "Moerwijk"})
    csv = check(export, lang, ["pl_col_reach_low", "pl_col_count_low", "pl_col_population", "pl_col_need_pct"],
                "pl_col_source")
    row = csv.iloc[0]
    # 150 / (16,059 adults 18+ × 55.9% overgewicht) × 1,000, rounded to 0.1 (tests/test_programs_layer_browser.py)
    assert row[t("pl_col_area_code", lang)] == MOERWIJK and row[t("pl_col_reach_low", lang)] == pytest.approx(16.7)
    year, population_year = int(row[t("pl_col_need_year", lang)]), int(row[t("pl_col_population_year", lang)])
    tables = {2012: "50090NED", 2016: "50090NED", 2020: "50090NED"}
    kwb = {2015: "83220NED", 2019: "84583NED", 2024: "85984NED"}
    assert row[t("pl_col_need_source", lang)] == t(
        "pl_need_source", lang, need=f"{tables[year]} {year}", population=f"{kwb[population_year]} {population_year}",
        inhabitants=t("pl_inhabitants_by_age", lang))


@pytest.fixture(scope="module")
def small_counts(tmp_path_factory) -> pd.DataFrame:
    """Welzijn op Recept: Moerwijk 150, Morgenstond 3 (a count of residents below 5: '<5' everywhere)."""
    return stored_counts(tmp_path_factory.mktemp("small"), "welzijn_op_recept", {MOERWIJK: 150, MORGENSTOND: 3},
                         "Testbron")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_maps_reach_file_writes_a_small_count_as_programmas_does(tidy, small_counts, lang):
    """The map's reach file left Morgenstond's 'Telling (laag)/(hoog)' empty and said nowhere '<5'; /programmas' file
    of the same count says '<5' beside its empty numbers. Both files now write the count the same way, CSV and Excel."""
    layer = program_layer(small_counts, "welzijn_op_recept", list(read_areas("GM0518", "wijk")["code"]), tidy,
                          Need("eenzaam"), "GM0518")
    _shown, export = layer_table(layer, lang, {})
    programmas = export_table(small_counts[small_counts["program"] == "welzijn_op_recept"], lang, {})
    files = ((export, "pl_col_area_code", "pl_col_count", "pl_col_count_low"),
             (programmas, "prog_col_area_code", "prog_col_value", "prog_col_value_low"))
    for frame, code, text, low in files:
        for read in read_back(frame, lang):  # CSV, Excel
            rows = read.set_index(t(code, lang))
            assert rows.loc[MORGENSTOND, t(text, lang)] == "<5"
            assert pd.isna(rows.loc[MORGENSTOND, t(low, lang)]), "no number where the screen shows '<5'"
            assert str(rows.loc[MOERWIJK, t(text, lang)]) == "150" and rows.loc[MOERWIJK, t(low, lang)] == 150


# --- the pages themselves: every download button gets numbers, a source and the page's language ---------------

SOURCE_HEADERS = {"prog_col_source", "pl_col_source", "exp_col_source_table", "src_col_table"}


@pytest.mark.parametrize("page,params", [("programmas", {}), ("programmas", {"lang": "en"}),
                                         ("profiel", {"area": "WK051836"})])
def test_every_download_of_a_page(mirror, recorded, page, params):
    at = open_page(page, params, timeout=180)
    assert not at.exception, at.exception
    lang = params.get("lang", "nl")
    assert recorded, "the page offered no download"
    for export, _, used_lang, key in recorded:
        assert used_lang == lang, key
        sources = [t(k, lang) for k in SOURCE_HEADERS if t(k, lang) in export.columns]
        assert sources, f"{key}: no source column in {list(export.columns)}"
        numeric = [c for c in export.columns if pd.api.types.is_numeric_dtype(export[c])]
        assert numeric, f"{key}: no number column"
        csv, excel = read_back(export, lang)
        for column in numeric:
            assert pd.api.types.is_numeric_dtype(csv[column]) or csv[column].isna().all(), f"{key}: {column}"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_comparison_download_has_every_cell_of_its_table(mirror, recorded, lang):
    """/vergelijk with a key figure beside two health figures: its table says 'no data' where the Netherlands has
    no income figure, and the download had no row there (fewer rows than the screen, no word why). The file has a
    row for every cell of the table, the empty ones without a value."""
    ids = "ervaren_gezondheid_goed_zeer_goed,gemiddeld_inkomen_per_inwoner,eenzaam"
    at = open_page("vergelijk", {"lang": lang, "indicators": ids, "areas": "WK051836,WK051838"}, timeout=180)
    assert not at.exception, at.exception
    table = next(tb for tb in sent_tables(at) if t("col_code", lang) in tb.columns)
    export = next(e for e, _, _, key in recorded if key == "cmp_dl_compare_csv")
    cells = table.shape[0] * (table.shape[1] - 3)  # area, code and note are no indicator's
    assert table.shape[0] >= 4 and len(export) == cells
    nl = export[export[t("exp_col_area_code", lang)] == "NL01"]
    no_row = nl[nl[t("exp_col_note", lang)] == t("exp_note_no_row", lang)]
    assert list(no_row[t("exp_col_indicator", lang)]) == ["gemiddeld_inkomen_per_inwoner"]
    assert no_row[t("exp_col_value", lang)].isna().all() and set(no_row[t("exp_col_status", lang)]) == {"not_collected"}


@pytest.mark.parametrize("gemeente, area, lang", [("GM0518", "WK051836", "nl"), ("GM0629", "BU06290000", "en"),
                                                  ("GM0503", "BU05031101", "nl")])
def test_the_profiles_download_in_every_gemeente(mirror, recorded, gemeente, area, lang):
    """Wassenaar's and Delft's profiles have rows without a year (no key figures of 2019): opening 'Show the
    numbers' failed on them (the download cast every year to int). The file has a row per indicator, its years
    whole and empty where there is none, as the CSV is read back."""
    at = app_test({"gemeente": gemeente, "area": area, "lang": lang}, 180)
    at.switch_page("views/profiel.py")
    at.session_state["w_prof_table"] = True  # the reader opens "Show the numbers"
    at.run()
    assert not at.exception, at.exception
    export = next(e for e, _, _, key in recorded if key == "download_profile")
    year = t("exp_col_year", lang)
    assert len(export) > 40 and pd.api.types.is_integer_dtype(export[year])
    cells = pd.read_csv(io.BytesIO(to_csv_bytes(export, lang)), encoding="utf-8-sig", dtype=str, keep_default_na=False,
                        **READ[lang])[year]
    assert cells.str.fullmatch(r"(20\d\d)?").all(), set(cells)  # '2020', never '2020.0'; empty where none
    assert (cells == "").sum() == export[year].isna().sum()
    check(export, lang, ["exp_col_value", "exp_col_city", "exp_col_nl"], "exp_col_indicator")


CONTRACT_STATUSES = {"ok", "suppressed", "not_collected"}  # DESIGN.md, tidy observations
TABLE_EXPANDERS = ("w_map_table", "w_trend_table", "w_trend_multiples_table", "w_prof_table")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page, params", [
    ("kaart", {"gemeente": "GM0503", "level": "buurt", "indicator": "eenzaam"}),  # a buurt without a row
    ("vergelijk", {"indicators": "ervaren_gezondheid_goed_zeer_goed,gemiddeld_inkomen_per_inwoner",
                   "areas": "WK051836,WK051838", "groups": "zuidwest"}),
    ("vergelijk", {"section": "ranking", "level": "buurt", "indicator": "eenzaam"}),
    ("vergelijk", {"section": "gradient", "level": "buurt"}),
    ("trends", {"areas": "BU05183620,WK051836", "indicator": "gemiddeld_inkomen_per_inwoner"}),
    ("trends", {"section": "indicators", "area": "BU05180170", "indicators": "eenzaam,gemiddeld_inkomen_per_inwoner"}),
    ("profiel", {"gemeente": "GM0629", "area": "BU06290000"}),
], ids=["kaart", "vergelijk", "rangorde", "gradient", "trends", "trends_indicators", "profiel"])
def test_every_indicator_file_writes_the_contracts_statuses(mirror, recorded, page, params, lang):
    """The map's CSV wrote `no_row` (a figure the source has no row for), the comparison `not_applicable` and
    `incomplete` (a group without an honest mean) and '<5': none a status of the tidy-data contract. Every indicator
    file of every page writes ok, suppressed or not_collected, a missing figure has no value, and its note says why
    in the file's language."""
    at = app_test({**params, "lang": lang}, timeout=180)
    for key in TABLE_EXPANDERS:  # the tables and their files are made when opened
        at.session_state[key] = True
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, at.exception
    status, value, note = (t(f"exp_col_{c}", lang) for c in ("status", "value", "note"))
    files = [(key, export) for export, _, _, key in recorded if status in export.columns]
    assert files, "the page offered no indicator file"
    missing = 0
    for key, export in files:
        assert set(export[status]) <= CONTRACT_STATUSES, (key, set(export[status]))
        gone = export[export[status] != "ok"]
        assert gone[value].isna().all(), key
        assert (gone[note].str.len() > 0).all(), key
        missing += len(gone)
    assert missing, "no missing figure: the case shows nothing"


# --- the workbooks' number formats: each figure to its own decimals ---------------------------------------------

def test_a_workbook_shows_each_figure_to_its_own_decimals():
    """A one-decimal percentage that happens to be whole (67.0) showed in Excel as '67' beside '66.4': its cell had
    the General format. Each figure's cell has the number format of its decimals (67,0 or 67.0 in the reader's
    locale) and stays a number, also in a column of counts beside percentages, and after its rows are sorted."""
    places = [1, 1, 0, 2, None]
    frame = pd.DataFrame({"indicator": ["a", "b", "c", "d", "e"],
                          "value": file_numbers([67.0, 66.4, 21300, 0.25, 1.5], places)})
    shown = with_number_formats(frame, {"value": places}).sort_values("indicator", ascending=False)
    sheet = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(shown, "data"))).active
    cells = {name.value: value for name, value in sheet.iter_rows(min_row=2)}
    assert {name: cell.number_format for name, cell in cells.items()} == {
        "a": "0.0", "b": "0.0", "c": "0", "d": "0.00", "e": "General"}
    assert cells["a"].value == 67 and cells["a"].data_type == "n"  # a number, not the text '67.0'
    assert cells["c"].value == 21300 and isinstance(cells["c"].value, int)


WHOLE_TENTH = ("drinker", "WK051802")  # 2020, 18+: 84.0, a one-decimal percentage that is whole


@pytest.mark.parametrize("page, params", [
    ("kaart", {"indicator": WHOLE_TENTH[0], "year": "2020", "age": "18plus"}),
    ("vergelijk", {"indicators": f"aant_inw,{WHOLE_TENTH[0]}", "areas": f"{WHOLE_TENTH[1]},WK051836",
                   "year": "2020", "age": "18plus", "lang": "en"}),
    ("trends", {"areas": WHOLE_TENTH[1], "indicator": WHOLE_TENTH[0], "age": "18plus"}),
    ("trends", {"section": "indicators", "area": WHOLE_TENTH[1], "indicators": f"aant_inw,{WHOLE_TENTH[0]}",
                "age": "18plus", "lang": "en"}),
], ids=["kaart", "vergelijk", "trends", "trends_indicators"])
def test_every_indicator_workbook_shows_each_figure_to_its_decimals(mirror, recorded, page, params):
    """The map's table, /vergelijk's and /trends' workbooks: every figure (value, the city's, the gaps) has the
    number format of its indicator's decimals in its year, as the screen writes it (Belgisch Park's drinkers, 84.0 in
    2020, read '84'), and a column of counts beside percentages has both formats."""
    lang = params.get("lang", "nl")
    at = app_test(params, timeout=180)
    for key in TABLE_EXPANDERS:  # the tables and their files are made when opened
        at.session_state[key] = True
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, at.exception
    cat = catalogue()
    indicator, area, year = (t(f"exp_col_{c}", lang) for c in ("indicator", "area_code", "year"))
    files = [(key, export) for export, _, _, key in recorded if indicator in export.columns]
    assert files, "the page offered no indicator file"
    whole_tenth, formats_of_value = [], set()
    for key, export in files:
        sheet = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(export, "data"))).active
        header = [cell.value for cell in sheet[1]]
        figures = [h for c in FIGURE_COLUMNS if (h := t(f"exp_col_{c}", lang)) in header]
        for row in sheet.iter_rows(min_row=2):
            cells = dict(zip(header, row))
            expected = number_format(shown_decimals(cat.indicator(cells[indicator].value), cells[year].value))
            for column in figures:
                cell = cells[column]
                if cell.value is None:  # no figure: empty
                    continue
                assert cell.data_type == "n", (key, column, cell.value)
                assert cell.number_format == expected, (key, cells[indicator].value, cells[area].value,
                                                        cells[year].value, column, cell.value, cell.number_format)
            value = cells[t("exp_col_value", lang)]
            if value.value is not None:
                formats_of_value.add(value.number_format)
            if (cells[indicator].value, cells[area].value, cells[year].value) == (*WHOLE_TENTH, 2020):
                whole_tenth.append((value.value, value.number_format))
    assert whole_tenth and set(whole_tenth) == {(84, "0.0")}, whole_tenth
    if "aant_inw" in params.get("indicators", ""):
        assert {"0", "0.0"} <= formats_of_value, formats_of_value  # one column, counts and percentages


@pytest.mark.parametrize("params, name", [
    ({"indicator": "eenzaam", "level": "buurt", "age": "65plus"}, "eenzaam_buurt_2020_65plus.csv"),
    ({"indicator": "eenzaam", "level": "buurt"}, "eenzaam_buurt_2020_18plus.csv"),
    ({"indicator": "aant_inw", "year": "2019"}, "aant_inw_wijk_2019.csv"),  # key figures: of every age
])
def test_the_maps_file_is_named_by_its_age_group(mirror, recorded, params, name):
    """The map's table at 65+ downloaded as 'eenzaam_buurt_2020.csv', the name of the 18+ file too."""
    at = app_test(params)
    at.session_state["w_map_table"] = True
    at.run()
    assert not at.exception, at.exception
    assert [file for _, file, _, key in recorded if key == "download_map_table"] == [name]
