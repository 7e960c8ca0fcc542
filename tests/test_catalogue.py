"""The indicator catalogue (data/indicators.yaml): schema, id contract, and that every named column exists."""
from __future__ import annotations

import copy
import csv
from pathlib import Path

import pandas as pd
import pydantic
import pytest

from indicators.catalogue import Catalogue, indicator_id_from_column, read_catalogue
from tests.conftest import need_mirror


# Mirror file whose header lists the columns of each table (read at test time, never copied into the repo).
MIRROR_FILES = {
    "50090NED": "rivm_50090NED_gezondheid_denhaag.csv",
    "83220NED": "kwb_2015_denhaag.csv",
    "84583NED": "kwb_2019_84583NED_denhaag.csv",
    "85984NED": "kwb_2024_denhaag_wijken.csv",
}
KWB_TABLES = {"83220NED", "84583NED", "85984NED"}

# 50090NED has 35 health columns (ErvarenGezondheidGoedZeerGoed_4 ... MoeiteMetRondkomen_38). These three hold no
# value for any area, year or age (also not in the national files): they are catalogued with no years.
RIVM_HEALTH_COLUMNS = 35
RIVM_EMPTY_COLUMNS = {
    "LopenEnOfFietsenNaarSchoolOfWerk_34",
    "LopenNaarSchoolOfWerk_35",
    "FietsenNaarSchoolOfWerk_36",
}
RIVM_PERIOD = {2012: "2012JJ00", 2016: "2016JJ00", 2020: "2020JJ00"}
RIVM_AGE = {"18plus": "20300", "65plus": "80200"}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return read_catalogue()


def _mirror(table: str) -> Path:
    path = need_mirror() / MIRROR_FILES[table]  # skipped without the mirror; under CI=true a failure
    if not path.is_file():
        pytest.fail(f"mirror file {path} not found in ../shared/data")
    return path


def _header(table: str) -> list[str]:
    with _mirror(table).open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def _rivm_health_columns() -> list[str]:
    header = _header("50090NED")
    first = header.index("ErvarenGezondheidGoedZeerGoed_4")
    return header[first : header.index("MoeiteMetRondkomen_38") + 1]


def _rivm_frame() -> pd.DataFrame:
    frame = pd.read_csv(_mirror("50090NED"), dtype=str, keep_default_na=False)
    return frame.apply(lambda col: col.str.strip())


def test_texts_are_filled_in_both_languages(cat):
    for ind in cat.indicators:
        for text in (ind.label, ind.definition):
            assert text.nl.strip(), ind.id
            assert text.en.strip(), ind.id


def test_ids_follow_the_contract(cat):
    for ind in cat.indicators:
        tables = {s.table for s in ind.sources}
        ids = {indicator_id_from_column(s.column) for s in ind.sources}
        if len(tables) > 1 and tables <= KWB_TABLES:  # one KWB concept merged over several years
            assert ind.id in ids, (ind.id, ids)
        else:
            assert ind.id == indicator_id_from_column(ind.sources[0].column), ind.id


def test_each_column_belongs_to_one_indicator(cat):
    owner: dict[tuple[str, str], str] = {}
    for ind in cat.indicators:
        for src in ind.sources:
            key = (src.table, src.column)
            assert owner.setdefault(key, ind.id) == ind.id, f"{key} is used by {owner[key]} and {ind.id}"


def test_rivm_50090ned_indicators(cat):
    rivm = [ind for ind in cat.indicators if any(s.table == "50090NED" for s in ind.sources)]
    columns = {s.column for ind in rivm for s in ind.sources if s.table == "50090NED"}
    assert len(rivm) == RIVM_HEALTH_COLUMNS == 35
    assert len(columns) == len(rivm)
    for ind in rivm:
        assert ind.unit == "percent", ind.id
        empty = {s.column for s in ind.sources} <= RIVM_EMPTY_COLUMNS
        assert ind.available != empty, f"{ind.id}: only the empty columns may have no years"
        assert ind.thresholds or empty, f"{ind.id} needs fixed class bounds"


def test_rivm_columns_and_years_match_the_mirror(cat):
    health = _rivm_health_columns()
    assert len(health) == RIVM_HEALTH_COLUMNS
    named = {s.column for ind in cat.indicators for s in ind.sources if s.table == "50090NED"}
    assert named == set(health)

    frame = _rivm_frame()
    for col in RIVM_EMPTY_COLUMNS:
        assert (frame[col] == "").all(), f"{col} has values now: catalogue it"
    for ind in cat.indicators:
        listed = set()
        for src in ind.sources:
            if src.table != "50090NED":
                continue
            for year in src.years:
                assert year in RIVM_PERIOD, f"{ind.id}: 50090NED has no year {year}"
                for age in src.ages:
                    assert age in RIVM_AGE, f"{ind.id}: 50090NED has no age group {age}"
                    listed.add((year, age))
                    rows = frame[(frame["Perioden"] == RIVM_PERIOD[year]) & (frame["Leeftijd"] == RIVM_AGE[age])]
                    assert (rows[src.column] != "").any(), f"{ind.id}: no value for {year} {age}"
        if not listed:
            continue
        for (year, age), rows in frame.groupby(["Perioden", "Leeftijd"]):
            key = (int(year[:4]), {v: k for k, v in RIVM_AGE.items()}[age])
            has_values = (rows[ind.sources[0].column] != "").any()
            assert has_values == (key in listed), f"{ind.id}: {key} listed={key in listed} has_values={has_values}"


@pytest.mark.parametrize("table", sorted(KWB_TABLES))
def test_kwb_columns_exist_in_the_mirror(cat, table):
    header = set(_header(table))
    named = [(ind.id, s.column) for ind in cat.indicators for s in ind.sources if s.table == table]
    assert named, f"no indicator uses {table}"
    missing = [(i, c) for i, c in named if c not in header]
    assert not missing, f"{table}: columns not in {MIRROR_FILES[table]}: {missing}"


def test_kwb_sources_have_no_age_split(cat):
    for ind in cat.indicators:
        for src in ind.sources:
            if src.table in KWB_TABLES:
                assert src.ages == ["all"], ind.id


def test_thresholds_are_strictly_ascending(cat):
    for ind in cat.indicators:
        if ind.thresholds is not None:
            assert len(ind.thresholds) >= 1, ind.id
            assert all(a < b for a, b in zip(ind.thresholds, ind.thresholds[1:])), (ind.id, ind.thresholds)


def _minimal_catalogue() -> dict:
    return {
        "tables": [
            {
                "id": "T1",
                "title": {"nl": "Tabel", "en": "Table"},
                "publisher": "Made up",
                "licence": "CC BY 4.0",
                "attribution": {"nl": "Bron: verzonnen", "en": "Source: made up"},
                "url": "https://example.org/t1",
            }
        ],
        "groups": [{"id": "g", "label": {"nl": "Groep", "en": "Group"}}],
        "indicators": [
            {
                "id": "iets_goeds",
                "label": {"nl": "Iets goeds", "en": "Something good"},
                "definition": {"nl": "Verzonnen.", "en": "Made up."},
                "unit": "percent",
                "direction": "higher_is_better",
                "group": "g",
                "sources": [{"table": "T1", "column": "IetsGoeds_1", "years": [2020]}],
            }
        ],
    }


def test_minimal_catalogue_is_valid():
    Catalogue.model_validate(_minimal_catalogue())


def test_missing_english_label_fails_validation():
    data = copy.deepcopy(_minimal_catalogue())
    del data["indicators"][0]["label"]["en"]
    with pytest.raises(pydantic.ValidationError):
        Catalogue.model_validate(data)


@pytest.mark.parametrize("counts_people", [False, True])
def test_a_share_must_be_of_a_count_of_people(counts_people):
    data = copy.deepcopy(_minimal_catalogue())
    count = {**data["indicators"][0], "id": "aantal", "unit": "count", "counts_people": counts_people}
    data["indicators"] += [count, {**data["indicators"][0], "id": "aandeel", "share_of": "aantal"}]
    if counts_people:
        Catalogue.model_validate(data)
    else:
        with pytest.raises(pydantic.ValidationError, match="share_of 'aantal' is no count of people"):
            Catalogue.model_validate(data)


def test_an_indicators_age_groups_are_those_of_the_year(cat):
    """The health monitor estimated 65+ only in 2020; CBS's key figures have no age groups (`all`)."""
    eenzaam, inhabitants = cat.indicator("eenzaam"), cat.indicator("aant_inw")
    assert [eenzaam.ages_in(y) for y in (2016, 2020, 2019)] == [["18plus"], ["18plus", "65plus"], []]
    assert [inhabitants.ages_in(y) for y in (2019, 2020)] == [["all"], []]
