"""/bronnen (issue #10): AppTest in nl and en, and the pure parts: freshness, links, the catalogue as text."""
from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path

import lxml.html
import pandas as pd
import pytest
import yaml

from indicators.catalogue import catalogue
from indicators.describe import other_division_text
from indicators.freshness import (FRESHNESS_FILE, FileFreshness, data_as_of, describe_files, folder_kind, mark_read,
                                  newest, parse_time, read_freshness)
from indicators.observations import published_shares_of_few, source_files
from indicators.view import View
from indicators.sources import DATASETS, ENV_DATA_DIR, ENV_OFFLINE_MIRROR
from tests.conftest import app_test
from tests.html_tables import sent_tables
from texts.i18n import I18N_DIR, messages, t
from ui.links import indicator_anchor, indicator_link, indicator_url
from ui.page_scripts import DEFINITIONS_CLASS
from views.bronnen_panels import (INDICATORS_TABLE_KEY, SECTIONS, codes_text, contents_markdown, definitions_html, examples_text, few_text,
                                  fmt_moment, freshness_frame, indicator_markdown, indicators_frame, latest_key_figures,
                                  missing_datasets, source_years, tables_frame, tables_html, withheld_examples,
                                  years_text)

PAGE = "views/bronnen.py"
CAT = catalogue()


def open_sources(params: dict[str, str]):
    at = app_test(params)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


# --- the page -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, title, model, missing", [
    ("nl", "Bronnen en definities", "modelmatige schatting", "Waarom is er geen waarde?"),
    ("en", "Sources and definitions", "model-based small-area estimate", "Why is there no value?"),
])
def test_page_in_both_languages(mirror, lang, title, model, missing):
    at = open_sources({"lang": lang} if lang != "nl" else {})
    assert at.title[0].value == title
    assert at.radio(key="w_lang").value == lang  # the router and the shared sidebar ran
    headers = [h.value for h in at.header]
    assert missing in headers
    assert any(model in h.lower() for h in headers)
    body = texts(at.markdown)
    assert "CC BY 4.0" in body
    # every indicator has a heading (its anchor is checked in the browser test) with its definition below
    (definitions,) = [lxml.html.fragment_fromstring(h.proto.body) for h in at.get("html")
                      if f'class="{DEFINITIONS_CLASS}"' in h.proto.body]
    labels = [h.text_content() for h in definitions.iter("h3")]
    for ind in CAT.indicators:
        assert ind.label.get(lang) in labels, ind.id
        assert ind.definition.get(lang) in definitions.text_content(), ind.id
    # boundaries year, suppression and not-collected explained in the page's language
    assert t("status_suppressed", lang) in body and t("status_not_collected", lang) in body
    assert ("grenzen 2015" if lang == "nl" else "boundaries 2015") in body
    # the other language does not leak in
    other = "en" if lang == "nl" else "nl"
    assert t("src_model_title", other) not in headers
    assert not at.warning


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_programme_counts_source_is_named_with_its_year(mirror, lang):
    """Every figure traced to a source: /bronnen named CBS, RIVM and the boundaries, not the report every shipped
    programme count comes from, and said all data were CBS/RIVM's under CC BY 4.0."""
    from programs.seed import seed_counts
    from programs.seed import REPORT_YEAR

    at = open_sources({"lang": lang} if lang != "nl" else {})
    assert t("src_programs_title", lang) in [h.value for h in at.subheader]
    body = texts(at.markdown)
    (section,) = [text for text in body.split("\n") if f"({REPORT_YEAR})" in text and t("page_programmas", lang) in text]
    for source in {count.source for count in seed_counts()}:
        assert source.split(", §")[0] in section, source  # the document each shipped count names


def test_freshness_table_lists_the_files_and_what_is_missing(mirror):
    at = open_sources({"lang": "en"})
    fresh = freshness_table(at, "en")
    assert "rivm_50090NED_gezondheid_denhaag.csv" in set(fresh[t("src_col_file", "en")])
    assert set(fresh[t("src_col_folder", "en")]) <= {t(f"src_folder_{k}", "en")
                                                    for k in ("explicit", "cache", "mirror", "other")}
    assert "50120NED" in texts(at.info) and "indicators.refresh" in texts(at.info)
    assert not at.dataframe  # no grid on a first visit: its code is 1.2 MB (issue #19)
    assert [b.proto.id.split("-")[-1] for b in at.get("download_button")] == ["download_freshness",
                                                                             "download_freshness_xlsx"]


def test_the_catalogue_table_is_built_when_opened(mirror, recorded):
    """The whole catalogue as a table, with its files, once 'All indicators as a table' is opened."""
    at = open_sources({"lang": "en"})
    assert "download_indicators" not in [key for *_, key in recorded]
    at.session_state[INDICATORS_TABLE_KEY] = True
    at.run()
    (grid,) = [df.value for df in at.dataframe]
    pd.testing.assert_frame_equal(grid, indicators_frame(CAT, "en"))
    (export,) = [export for export, *_, key in recorded if key == "download_indicators"]
    pd.testing.assert_frame_equal(export, grid)


def freshness_table(at, lang: str) -> pd.DataFrame:
    return next(table for table in sent_tables(at) if t("src_col_file_modified", lang) in table.columns)


@pytest.mark.parametrize("gemeente, lang, lacking, present", [
    ("GM0503", "en", ["Key figures 2019 (84583NED): the files found hold no figures for Delft",
                      "Health 2022 (50120NED)", "Health 2024 (50150NED)"], ["2015 (83220NED)", "2024 (85984NED)"]),
    ("GM0503", "nl", ["Kerncijfers 2019 (84583NED): de gevonden bestanden hebben geen cijfers voor Delft"], []),
    ("GM0518", "en", ["Health 2022 (50120NED)"], ["84583NED", "83220NED", "85984NED"]),
])
def test_the_missing_notice_names_the_tables_without_figures_for_the_gemeente(mirror, gemeente, lang, lacking,
                                                                            present):
    """Delft's 'Not present' named only Health 2022 and 2024 while its profile had no 2019 key figure: the mirror's
    KWB 2019 file holds Den Haag only. A table whose files hold no row for the gemeente is named too."""
    notice = texts(open_sources({"lang": lang, "gemeente": gemeente}).info)
    assert all(name in notice for name in lacking), notice
    assert not any(name in notice for name in present), notice


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("gemeente, read, not_read", [
    ("GM0518", ["rivm_50090NED_gezondheid_denhaag.csv", "kwb_2019_84583NED_denhaag.csv"],
     ["rivm_50090NED_2020_18plus_nl.xlsx"]),
    ("GM0629", ["rivm_50090NED_2012_18plus_nl.xlsx", "rivm_50090NED_2020_65plus_nl.xlsx"],
     ["rivm_50090NED_gezondheid_denhaag.csv", "kwb_2019_84583NED_denhaag.csv"]),
    ("GM0503", ["rivm_50090NED_2020_18plus_nl.xlsx"],
     ["rivm_50090NED_gezondheid_denhaag.csv", "kwb_2019_84583NED_denhaag.csv"]),
])
def test_the_freshness_table_says_which_files_the_gemeentes_figures_are_read_from(mirror, recorded, gemeente,
                                                                                   read, not_read, lang):
    """Wassenaar's table was Den Haag's: 'Read first: yes' for the Den Haag health file and KWB 2019 file, which
    hold no row of Wassenaar (its health figures come from the national files; the notice on the same page says
    KWB 2019 holds none). The table and its download say per gemeente which files its figures are read from, and
    no data set the notice names as without figures has a file read."""
    at = open_sources({"lang": lang, "gemeente": gemeente})
    fresh = freshness_table(at, lang)
    column = next(c for c in fresh.columns if c.startswith(t("src_col_read", lang, city="").strip()))
    said = dict(zip(fresh[t("src_col_file", lang)].str.rsplit("/", n=1).str[-1], fresh[column]))
    assert [said[name] for name in read] == [t("src_yes", lang)] * len(read), said
    assert [said[name] for name in not_read] == [t("src_no", lang)] * len(not_read), said
    (export,) = [export for export, *_, key in recorded if key == "download_freshness"]
    pd.testing.assert_frame_equal(export.reset_index(drop=True), fresh.reset_index(drop=True))
    notice = texts(at.info)
    for dataset in fresh[t("src_col_dataset", lang)].unique():
        read_any = (fresh.loc[fresh[t("src_col_dataset", lang)] == dataset, column] == t("src_yes", lang)).any()
        assert read_any != (f"{dataset}: " in notice), (dataset, notice)


def test_source_files_are_the_files_holding_the_gemeentes_rows(mirror):
    """indicators.observations.source_files: the files read_table takes, by table (none where no file holds the
    gemeente), and mark_read puts them in the freshness records."""
    for gemeente, health, kwb_2019 in (("GM0518", ["rivm_50090NED_gezondheid_denhaag.csv"],
                                        ["kwb_2019_84583NED_denhaag.csv"]),
                                       ("GM0629", [f"rivm_50090NED_{y}_nl.xlsx" for y in
                                                   ("2012_18plus", "2016_18plus", "2020_18plus", "2020_65plus")], [])):
        files = source_files(gemeente)
        assert [p.name for p in files["50090NED"]] == health and [p.name for p in files["84583NED"]] == kwb_2019
        assert len(files["83220NED"]) == 3 and len(files["85984NED"]) == 1  # KWB 2015: the three maps
        marked = mark_read(data_as_of(gemeente), files)
        assert [f.path for f in marked["rivm_50090"] if f.preferred] == files["50090NED"]
        assert [f.preferred for f in marked["boundaries_wijk"]] == [f.preferred for f in
                                                                   data_as_of(gemeente)["boundaries_wijk"]]


def test_mark_read_takes_the_tables_files_and_keeps_the_boundaries():
    a, b = Path("/d/a.csv"), Path("/d/b.xlsx")
    files = {"rivm_50090": [FileFreshness("rivm_50090", a, "a.csv", "mirror", None, preferred=True),
                            FileFreshness("rivm_50090", b, "b.xlsx", "mirror", None)],
             "kwb_2019": [FileFreshness("kwb_2019", a, "a.csv", "mirror", None, preferred=True)],
             "boundaries_wijk": [FileFreshness("boundaries_wijk", a, "a.csv", "mirror", None, preferred=True)]}
    marked = mark_read(files, {"50090NED": [b], "84583NED": []})
    assert [f.preferred for f in marked["rivm_50090"]] == [False, True]
    assert [f.preferred for f in marked["kwb_2019"]] == [False]
    assert [f.preferred for f in marked["boundaries_wijk"]] == [True]


@pytest.mark.parametrize("gemeente, lang, few", [
    ("GM0518", "en", "(in The Hague: Oostduinen, with 0 inhabitants: 'Aged 65 and over (%): 100%')"),
    ("GM0518", "nl", "(in Den Haag: Oostduinen, met 0 inwoners: '65-plussers (%): 100%')"),
    ("GM0629", "en", "(there is no such case in Wassenaar)"),
    ("GM0629", "nl", "(in Wassenaar komt dat niet voor)"),
    ("GM0503", "en", "(in Delft: Bedrijventerrein Ypenburgsepoort, with 0 inhabitants: 'Non-Western migration "
                     "background (%): 100%')"),
])
def test_the_example_of_a_percentage_of_almost_nobody_is_the_gemeentes_own(mirror, gemeente, lang, few):
    """Wassenaar's 'Why is there no value?' gave 'The Hague's Oostduinen' as its example of a 2015 percentage of
    nobody: the example comes from the gemeente's own 2015 key figures, or the page says there is none."""
    body = texts(open_sources({"lang": lang, "gemeente": gemeente}).markdown)
    assert few in body
    if gemeente != "GM0518":
        assert not any(other in body for other in ("Oostduinen", "Haagse", "The Hague's", "in The Hague", "Den Haag:"))


def test_few_text_from_the_published_shares(mirror):
    shares = published_shares_of_few("GM1783")
    assert set(shares["area_code"]) == {"BU17830421", "BU17830521", "BU17830711"} and (shares["base"] < 5).all()
    names = {"BU17830421": "Kust 's-Gravenzande"}
    assert few_text(shares, names, CAT, "Westland", True, "en") == (
        "in Westland: Kust \\'s\\-Gravenzande, with 0 inhabitants: 'Aged 65 and over (%): 100%'")
    empty = shares.iloc[:0]
    assert few_text(empty, {}, CAT, "Wassenaar", True, "en") == "there is no such case in Wassenaar"
    assert few_text(empty, {}, CAT, "Pijnacker", False, "nl") == "voor Pijnacker zijn hier geen kerncijfers van 2015"
    assert published_shares_of_few("GM0629").empty


def test_missing_datasets_are_files_absent_or_without_the_gemeente():
    found = [FileFreshness("kwb_2019", Path("x.csv"), "x.csv", "mirror", None, preferred=True)]
    files = {"kwb_2019": found, "kwb_2024": found, "rivm_50120": [], "boundaries_wijk": found}
    assert missing_datasets(files, {"85984NED"}, "Delft", "en") == [
        "Key figures 2019 (84583NED): the files found hold no figures for Delft", "Health 2022 (50120NED)"]
    assert missing_datasets(files, {"84583NED", "85984NED"}, "Delft", "en") == ["Health 2022 (50120NED)"]


def test_language_switch_keeps_the_page(mirror):
    at = open_sources({})
    at.radio(key="w_lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Sources and definitions"
    assert at.query_params.get("lang") in ("en", ["en"])


@pytest.mark.parametrize("gemeente, lang, line", [
    ("GM0518", "nl", "De wijkcodes van Den Haag zijn sinds 2015 niet veranderd (alle 44 komen"),
    ("GM0518", "en", "The district codes of The Hague have not changed since 2015 (all 44 match the 2024 key"),
    ("GM0503", "nl", "De wijkcodes van Delft zijn sinds 2015 niet veranderd (alle 13 komen"),
    ("GM0503", "en", "The district codes of Delft have not changed since 2015 (all 13 match the 2024 key"),
])
def test_the_district_codes_are_counted_in_the_gemeentes_data(mirror, gemeente, lang, line):
    """The boundaries' line counts the gemeente's own wijken in its 2024 key figures (Delft's read Den Haag's 44)."""
    body = texts(open_sources({"lang": lang, "gemeente": gemeente}).markdown)
    assert line in body, [p for p in body.split("\n") if "2015" in p]


def test_codes_text_says_what_the_data_shows():
    """All codes in the latest key figures, some, or no such figures for the gemeente at all."""
    assert latest_key_figures(CAT) == ("85984NED", 2024)
    tidy = pd.DataFrame({"area_code": ["WK050300", "WK050301", "BU05030000", "WK050302"],
                         "level": ["wijk", "wijk", "buurt", "wijk"], "year": [2024, 2024, 2024, 2019],
                         "source": ["85984NED", "85984NED", "85984NED", "84583NED"]})
    args = ("85984NED", 2024, 2015, "Delft", "en")
    buurten = ["BU05030000"]
    assert "(all 2 match the 2024" in codes_text(["WK050300", "WK050301"], buurten, tidy.iloc[:3], *args)
    # the key figures list every wijk: 2024 lacks WK050302 and 2019 the other two, so each is another division
    changed = codes_text(["WK050300", "WK050301", "WK050302"], buurten, tidy, *args)
    assert changed == other_division_text("src_codes_other", "en", city="Delft", years=[2019, 2024], level="wijk",
                                          boundary_year=2015, since=2015)
    assert "not present" in codes_text(["WK050302"], buurten, tidy.iloc[3:], *args)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_codes_text_of_a_gemeente_that_redrew_its_areas_says_which_years_no_page_shows(mirror, lang):
    """/bronnen said Rijswijk's 9 wijk codes 'have not changed since 2015 (all 9 match the 2024 key figures one to
    one), so later figures fit these boundaries too': its key figures of 2024 hold 11 wijken, and no page shows
    them on the 2015 wijken. It names the years of the other division per level now; Westland redrew only its
    buurten, Den Haag neither."""
    from geo.boundaries import read_areas
    from indicators.observations import build_observations

    def text(gemeente: str, city: str) -> str:
        codes = [read_areas(gemeente, level)["code"] for level in ("wijk", "buurt")]
        return codes_text(*codes, build_observations(gemeente), "85984NED", 2024, 2015, city, lang)

    rijswijk = text("GM0603", "Rijswijk")
    for level, years in (("wijk", [2012, 2016, 2020, 2024]), ("buurt", [2012, 2016, 2020])):
        assert other_division_text("src_codes_other", lang, city="Rijswijk", years=years, level=level,
                                   boundary_year=2015, since=2015) in rijswijk
    assert t("src_codes_same", lang, city="", n=0, since=0, table_year=0)[:12] not in rijswijk
    westland = text("GM1783", "Westland")
    assert t("level_plural_buurt", lang) in westland and t("level_plural_wijk", lang) not in westland
    den_haag = text("GM0518", "Den Haag")
    assert den_haag == t("src_codes_same", lang, city="Den Haag", n=44, since=2015, table_year=2024)


@pytest.mark.parametrize("gemeente, lang, named", [
    ("GM0518", "en", "The areas of The Hague with the most withheld figures (how many in brackets; one figure per "
                     "indicator, year and age group): Oostduinen (139), Tedingerbuurt (138), Vliegeniersbuurt (138), "
                     "De Reef (100)."),
    ("GM0518", "nl", "De gebieden van Den Haag met de meeste achtergehouden cijfers"),
    ("GM0503", "en", "The areas of Delft with the most withheld figures (how many in brackets; one figure per "
                     "indicator, year and age group): Bedrijventerrein Altena (121)"),
    # buurten the map's boundaries do not hold: the sources give them no name, so their code, said to be so
    ("GM0603", "en", "Wilhelminapark (121), BU06030641 (111; not on the map, the source gives no name), "
                     "BU06031193 (64; not on the map, the source gives no name)"),
    ("GM0603", "nl", "Wilhelminapark (121), BU06030641 (111; niet op de kaart, de bron geeft geen naam)"),
])
def test_the_examples_of_withheld_figures_come_from_the_data(mirror, gemeente, lang, named):
    """'Why is there no value?' named the Haagse Bos, Forepark and Binckhorst, which have figures on the map (one,
    seven and no withheld figures of ~180): the examples are the gemeente's areas with the most withheld figures."""
    body = texts(open_sources({"lang": lang, "gemeente": gemeente}).markdown)
    assert named in body
    assert not any(name in body for name in ("Haagse Bos", "Forepark", "Binckhorst"))


def test_withheld_examples_count_suppressed_figures_below_the_city():
    tidy = pd.DataFrame({"area_code": ["WK1", "WK1", "BU1", "BU1", "BU1", "BU2", "GM1", "GM1", "BU3"],
                         "level": ["wijk", "wijk", "buurt", "buurt", "buurt", "buurt", "gemeente", "gemeente", "buurt"],
                         "status": ["suppressed", "suppressed", "suppressed", "suppressed", "suppressed", "ok",
                                    "suppressed", "suppressed", "suppressed"]})
    names = {"WK1": "Oost", "BU1": "Oost", "BU2": "Noord", "BU3": "*Zuid*"}
    assert withheld_examples(tidy, names) == [("Oost", 3, True), ("*Zuid*", 1, True)]  # one Oost, the larger; no city
    assert withheld_examples(tidy, names, limit=1) == [("Oost", 3, True)]
    assert examples_text(withheld_examples(tidy, names), "Stad", "nl").endswith(
        "Oost (3), \\*Zuid\\* (1).")
    assert examples_text([], "Stad", "en") == ""


def test_a_withheld_example_the_map_does_not_hold_says_so():
    """Rijswijk's page said 'BU06030641 (111)' as if the code were a name: the sources name such buurten (of
    other years' boundaries) only by code, so the text gives the code and says the area is not on the map."""
    tidy = pd.DataFrame({"area_code": ["BU1", "BU9", "BU9"], "level": ["buurt"] * 3, "status": ["suppressed"] * 3})
    examples = withheld_examples(tidy, {"BU1": "Oost"})
    assert examples == [("BU9", 2, False), ("Oost", 1, True)]
    assert examples_text(examples, "Stad", "en").endswith(
        ": BU9 (2; not on the map, the source gives no name), Oost (1).")
    assert examples_text(examples, "Stad", "nl").endswith(
        ": BU9 (2; niet op de kaart, de bron geeft geen naam), Oost (1).")


def test_freshness_json_of_a_data_dir(tmp_path, monkeypatch):
    """A download folder with freshness.json: the table date and download time reach the freshness table."""
    (tmp_path / "cbs_84583NED_GM0518.csv").write_text("made,up\n1,2\n", encoding="utf-8")
    (tmp_path / FRESHNESS_FILE).write_text(json.dumps({"cbs_84583NED_GM0518.csv": {
        "table": "84583NED", "modified": "2021-11-05T02:00:00", "rows": 1,
        "downloaded": "2025-01-02T10:00:00+00:00"}}), encoding="utf-8")
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path))
    files = data_as_of("GM0518", ["kwb_2019"])["kwb_2019"]
    assert files[0].folder == "explicit" and files[0].preferred
    assert files[0].table_modified == datetime(2021, 11, 5, 2, tzinfo=timezone.utc)
    frame = freshness_frame({"kwb_2019": files}, "Den Haag", "nl")
    assert frame.iloc[0][t("src_col_table_modified", "nl")] == "5 nov 2021, 03:00"  # Amsterdam time (CET)
    assert frame.iloc[0][t("src_col_downloaded", "nl")] == "2 jan 2025, 11:00"


# --- pure: freshness ----------------------------------------------------------------------------------------------

def test_parse_time():
    assert parse_time("2025-03-27T02:00:00") == datetime(2025, 3, 27, 2, tzinfo=timezone.utc)
    assert parse_time("2025-03-27T02:00:00Z") == datetime(2025, 3, 27, 2, tzinfo=timezone.utc)
    assert parse_time("2025-03-27T04:00:00+02:00") == datetime(2025, 3, 27, 2, tzinfo=timezone.utc)
    for bad in (None, "", "   ", "yesterday", 20250327, ["2025"]):
        assert parse_time(bad) is None


@pytest.mark.parametrize("content", ["", "{not json", "[1, 2]", '"text"', "null", '{"a.csv": "not a dict"}',
                                     b"\xff\xfe\x00garbage"])
def test_read_freshness_is_defensive(tmp_path, content):
    path = tmp_path / FRESHNESS_FILE
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    assert read_freshness(tmp_path) == {}


def test_read_freshness_missing_file(tmp_path):
    assert read_freshness(tmp_path) == {}
    assert read_freshness(tmp_path / "does-not-exist") == {}


def test_describe_files_matches_entries_by_relative_name(tmp_path):
    cache, mirror_dir = tmp_path / "cache", tmp_path / "mirror"
    (cache / "raw").mkdir(parents=True)
    mirror_dir.mkdir()
    downloaded = cache / "raw" / "a.csv"
    copy = mirror_dir / "a.csv"
    downloaded.write_text("x")
    copy.write_text("y")
    os.utime(copy, (1_600_000_000, 1_600_000_000))
    (cache / FRESHNESS_FILE).write_text(json.dumps({
        "raw/a.csv": {"table": "T1", "modified": "2024-06-01T00:00:00", "downloaded": "2024-07-01T12:00:00Z"},
        "broken.csv": ["odd"],
    }))
    files = describe_files("kwb_2019", [downloaded, copy], [cache, mirror_dir], cache=cache, mirror=mirror_dir)
    assert [f.name for f in files] == ["raw/a.csv", "a.csv"]
    assert [f.folder for f in files] == ["cache", "mirror"]
    assert [f.preferred for f in files] == [True, False]
    assert files[0].table == "T1" and files[0].downloaded == datetime(2024, 7, 1, 12, tzinfo=timezone.utc)
    assert files[1].table is None and files[1].table_modified is None
    assert files[1].file_modified == datetime.fromtimestamp(1_600_000_000, tz=timezone.utc)
    # "as of" prefers the table date at the source over the download and the disk
    assert newest(files) == max(datetime(2024, 6, 1, tzinfo=timezone.utc), files[1].file_modified)


def test_a_mirror_reached_through_a_link_keeps_its_folder(tmp_path):
    """find_files gives resolved paths: with ../shared a link, the mirror's raw/ files read 'other folder'."""
    real, link = tmp_path / "real", tmp_path / "shared"
    (real / "raw").mkdir(parents=True)
    (real / "raw" / "a.xlsx").write_text("x")
    link.symlink_to(real)
    (found,) = describe_files("rivm_50090", [(link / "raw" / "a.xlsx").resolve()], [link], mirror=link)
    assert (found.folder, found.name) == ("mirror", "raw/a.xlsx")


def test_vanished_file_and_folder_kinds(tmp_path):
    gone = describe_files("kwb_2019", [tmp_path / "gone.csv"], [tmp_path])[0]
    assert gone.file_modified is None and gone.folder == "other"
    assert newest([gone]) is None and newest([]) is None
    assert folder_kind(tmp_path, explicit=tmp_path) == "explicit"


def test_data_as_of_lists_every_dataset_even_without_files(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_OFFLINE_MIRROR, "1")
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path))
    found = data_as_of("GM0518")
    assert list(found) == list(DATASETS)
    assert all(files == [] for files in found.values())


def test_data_as_of_the_mirror(mirror):
    found = data_as_of("GM0518")
    rivm = found["rivm_50090"]
    assert rivm and rivm[0].preferred and rivm[0].folder == "mirror" and rivm[0].file_modified is not None
    assert sum(f.preferred for f in rivm) == 1


# --- pure: links and the catalogue as text ------------------------------------------------------------------------

def test_indicator_link():
    assert indicator_anchor("overgewicht") == "ind-overgewicht"
    assert indicator_url("overgewicht", View(lang="en")) == "/bronnen?lang=en#ind-overgewicht"
    assert indicator_url("overgewicht", View()) == "/bronnen#ind-overgewicht"  # the defaults stay out, as in the URL
    assert indicator_url("overgewicht", View(gemeente="GM0629", level="buurt")) == (
        "/bronnen?level=buurt&gemeente=GM0629#ind-overgewicht")
    assert indicator_link("eenzaam", View()) == "[Definitie en bron van deze indicator](/bronnen#ind-eenzaam)"
    assert indicator_link("eenzaam", View(lang="en"), small=True) == (
        ":small[[Definition and source of this indicator](/bronnen?lang=en#ind-eenzaam)]")


def test_every_indicator_id_makes_a_valid_anchor():
    for ind in CAT.indicators:
        assert re.fullmatch(r"ind-[a-z0-9_]+", indicator_anchor(ind.id))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_indicator_entries(lang):
    for ind in CAT.indicators:
        text = indicator_markdown(CAT, ind, lang)
        assert text.startswith(ind.definition.get(lang))
        assert t(f"src_unit_{ind.unit}", lang) in text and t(f"src_direction_{ind.direction}", lang) in text
        for src in ind.sources:
            table = CAT.table(src.table)
            assert f"`{src.column}`" in text and f"[{table.id}]({table.url})" in text
            assert table.licence in text and table.attribution.get(lang) in text
        assert ("#src-model" in text) == any(CAT.table(s.table).catalog == "RIVM" for s in ind.sources)
        for year in ind.years:
            assert str(year) in text
    empty = indicator_markdown(CAT, CAT.indicator("lopen_naar_school_of_werk"), lang)
    assert t("src_ind_no_years", lang) in empty and t("src_ind_unavailable", lang) in empty


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_definitions_block_holds_every_entry_under_its_theme(lang):
    """One block of HTML (definitions_html): each indicator's heading carries its anchor and stands under its theme's
    heading, its entry rendered from markdown below it; a link out opens a new tab, a link on the page does not."""
    block = lxml.html.fragment_fromstring(definitions_html(CAT, lang))
    assert block.get("class") == DEFINITIONS_CLASS
    theme = None
    seen = []
    for element in block:
        if element.tag == "h2":
            theme = element.get("id")
        elif element.tag == "h3":
            ind = CAT.indicator(element.get("id").removeprefix("ind-"))
            assert element.get("id") == indicator_anchor(ind.id)
            assert element.text_content() == ind.label.get(lang)
            assert theme == f"group-{ind.group}", ind.id
            seen.append(ind.id)
            definition, items = element.getnext(), element.getnext().getnext()
            assert (definition.tag, definition.text_content()) == ("p", ind.definition.get(lang))
            assert items.tag == "ul" and items.find("li/code").text == ind.id  # `{id}` as code, not as text
    assert seen == [ind.id for group in CAT.groups for ind in CAT.indicators if ind.group == group.id]
    links = block.findall(".//a")
    assert {a.get("href") for a in links if not a.get("target")} == {"#src-model"}
    assert all(a.get("rel") == "noopener noreferrer" for a in links if a.get("target") == "_blank")
    assert any(a.get("href", "").startswith("https://") for a in links)


def test_definitions_block_shows_markup_in_a_text_as_text():
    """A label or definition is the app's own text, yet a '<' in it is shown, not taken as HTML."""
    ind = CAT.indicators[0]
    odd = ind.model_copy(update={"label": ind.label.model_copy(update={"nl": "<b>Vet</b> & co"}),
                                 "definition": ind.definition.model_copy(update={"nl": "Minder dan <5 <i>mensen</i>"})})
    cat = CAT.model_copy(update={"indicators": [odd, *CAT.indicators[1:]]})
    block = lxml.html.fragment_fromstring(definitions_html(cat, "nl"))
    assert block.find(".//b") is None and block.find(".//i") is None
    assert block.find("h3").text_content() == "<b>Vet</b> & co"
    assert block.find("p").text_content() == "Minder dan <5 <i>mensen</i>"


def test_rivm_years_per_age_group():
    ind = CAT.indicator("ervaren_gezondheid_goed_zeer_goed")
    (table, column, pairs), = source_years(ind)
    assert (table, column) == ("50090NED", "ErvarenGezondheidGoedZeerGoed_4")
    assert years_text(pairs, "en") == "years 2012, 2016, 2020 (18+); 2020 (65+)"
    kwb = source_years(CAT.indicator("aant_inw"))
    assert [(tb, yrs) for tb, _, yrs in kwb] == [("83220NED", [(2015, "all")]), ("84583NED", [(2019, "all")]),
                                                 ("85984NED", [(2024, "all")])]
    assert years_text(kwb[0][2], "nl") == "jaren 2015"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_tables_and_catalogue_frames(lang):
    tables = tables_frame(CAT, lang)
    assert list(tables[t("src_col_table", lang)]) == [tb.id for tb in CAT.tables]
    assert set(tables[t("src_col_licence", lang)]) == {"CC BY 4.0"}
    table = lxml.html.fragment_fromstring(tables_html(CAT, lang), create_parent=True)
    links = [(a.text_content(), a.get("href")) for a in table.iterfind(".//tbody//a")]
    assert links == [(tb.id, tb.url) for tb in CAT.tables]
    assert [th.text_content() for th in table.iterfind(".//th")] == list(tables.columns[:-1])  # not the URL column
    frame = indicators_frame(CAT, lang)
    assert len(frame) == len(CAT.indicators) == 63
    assert frame[t("src_col_definition", lang)].str.len().min() > 10
    assert "(65+)" in frame.iloc[0][t("src_col_sources", lang)]


def test_contents_links_to_every_section():
    text = contents_markdown("nl")
    assert all(f"(#{anchor})" in text for anchor in SECTIONS)


def test_dates_in_both_languages():
    moment = datetime(2025, 3, 27, 13, 5, tzinfo=timezone.utc)
    assert fmt_moment(moment, "nl") == "27 mrt 2025, 14:05"
    assert fmt_moment(moment, "en") == "27 Mar 2025, 14:05"
    assert fmt_moment(None, "en") == "unknown"


# --- every text in nl and en (keys built at run time are not seen by tests/test_i18n.py) ----------------------------

def test_page_texts_exist_in_both_languages():
    nl = yaml.safe_load((I18N_DIR / "nl" / "bronnen.yaml").read_text(encoding="utf-8"))
    en = yaml.safe_load((I18N_DIR / "en" / "bronnen.yaml").read_text(encoding="utf-8"))
    assert set(nl) == set(en)
    assert all(k == "page_bronnen" or k.startswith("src_") for k in nl)
    assert all(str(v).strip() for v in [*nl.values(), *en.values()])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dynamic_keys_exist(lang):
    texts_ = messages(lang)
    wanted = ({f"src_unit_{i.unit}" for i in CAT.indicators} | {f"src_direction_{i.direction}" for i in CAT.indicators}
              | {f"src_dataset_{key}" for key in DATASETS}
              | {f"src_folder_{k}" for k in ("explicit", "cache", "mirror", "other")})
    missing = sorted(k for k in wanted if k not in texts_)
    assert not missing, missing


def test_every_catalogue_text_in_both_languages():
    """Tables, groups and indicators: a missing or empty nl/en text fails (the schema also refuses it on load)."""
    for text in [*(tb.title for tb in CAT.tables), *(tb.attribution for tb in CAT.tables),
                 *(g.label for g in CAT.groups), *(i.label for i in CAT.indicators),
                 *(i.definition for i in CAT.indicators)]:
        assert text.nl.strip() and text.en.strip()


def test_file_freshness_is_frozen():
    f = FileFreshness("kwb_2019", Path("a"), "a", "other", None)
    with pytest.raises(AttributeError):
        f.name = "b"  # type: ignore[misc]
