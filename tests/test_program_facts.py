"""Checks on data/programs.yaml: the program figures typed by hand from the five-year report.

Every count must be well-formed, and its quote must really occur in the report
(../shared/seeds/003_1cf69fea2085eeed.txt; those tests skip when the report is not there).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).parents[1]
PROGRAMS_YAML = ROOT / "data" / "programs.yaml"
REPORT = Path(__file__).parents[1].parent / "shared" / "seeds" / "003_1cf69fea2085eeed.txt"

THEMES = {"wijkpreventie", "gezond_opgroeien", "samenwerking_sociaal_medisch", "leefstijl_als_medicijn"}
UNITS = {
    "participants", "referrals", "persons", "fte", "sessions", "conversations", "coaches", "children",
    "volunteers", "initiatives", "locations", "visits", "households", "organisations", "other",
}
QUALIFIERS = {"exact", "about", "more_than", "at_least", "less_than"}
# Group ids from data/areas.yaml, plus the two this file needs that areas.yaml must add
# (moerwijk_laak, laak_centrum).
AREA_GROUPS = {
    "zuidwest", "laak", "haaglanden_gli", "haaglanden", "loosduinen_stadsdeel", "nl",
    "moerwijk_laak", "laak_centrum",
}
CBS_CODE = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8})$")
REQUIRED_FIELDS = ("program", "area", "period_start", "period_end", "value_low", "value_high",
                   "qualifier", "source", "quote")
# Dutch number words the report uses instead of digits ("een tweede locatie" = two locations).
NUMBER_WORDS = {
    1: ("één", "een"), 2: ("twee", "tweede"), 3: ("drie",), 4: ("vier",), 6: ("zes",), 7: ("zeven",),
    10: ("tiental", "tien"),
}


def _load() -> dict:
    with PROGRAMS_YAML.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


DATA = _load()
PROGRAMS = DATA["programs"]
COUNTS = DATA["counts"]
PROGRAM_IDS = {p["id"] for p in PROGRAMS}


def _norm(text: str) -> str:
    """Collapse every run of whitespace (spaces, tabs, newlines, no-break spaces) to one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def _squash(text: str) -> str:
    """Drop all whitespace: tolerates words the PDF extraction split over two lines ('brugfunctio\\nnarissen')."""
    return re.sub(r"\s+", "", text.replace("\u00a0", " "))


def _count_id(i: int, c: dict) -> str:
    return f"{i}:{c.get('program')}:{c.get('area')}:{c.get('period_start')}"


@pytest.fixture(scope="module")
def report_text() -> str:
    if not REPORT.exists():
        pytest.skip(f"report not found: {REPORT}")
    return REPORT.read_text(encoding="utf-8")


# --- programs ------------------------------------------------------------------------------------------

def test_top_level_sections():
    assert set(DATA) >= {"programs", "counts"}
    assert PROGRAMS and COUNTS


def test_program_ids_unique_and_snake_case():
    ids = [p["id"] for p in PROGRAMS]
    assert len(ids) == len(set(ids)), "duplicate program id"
    for pid in ids:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", pid), pid


@pytest.mark.parametrize("program", PROGRAMS, ids=[p["id"] for p in PROGRAMS])
def test_program_fields(program):
    for key in ("name", "description", "unit_label", "unit_label_one"):  # unit_label_one: after a count of exactly 1
        for lang in ("nl", "en"):
            assert str(program[key][lang]).strip(), f"{program['id']}: {key}.{lang} empty"
    assert program["theme"] in THEMES
    assert program["unit"] in UNITS


def test_every_program_has_a_count():
    used = {c["program"] for c in COUNTS}
    assert PROGRAM_IDS <= used, f"programs without counts: {sorted(PROGRAM_IDS - used)}"


# --- counts ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("count", COUNTS, ids=[_count_id(i, c) for i, c in enumerate(COUNTS)])
def test_count_fields(count):
    for key in REQUIRED_FIELDS:
        assert key in count and count[key] not in (None, ""), f"missing {key}"
    assert count["program"] in PROGRAM_IDS, f"unknown program {count['program']}"
    area = count["area"]
    assert CBS_CODE.match(area) or area in AREA_GROUPS, f"unknown area {area}"
    start, end = count["period_start"], count["period_end"]
    assert isinstance(start, dt.date) and isinstance(end, dt.date), "periods must be YAML dates"
    assert start <= end
    assert end <= dt.date(2024, 12, 31), "report covers nothing after 2024"
    low, high = count["value_low"], count["value_high"]
    assert isinstance(low, (int, float)) and isinstance(high, (int, float))
    assert not isinstance(low, bool) and not isinstance(high, bool)
    assert 0 <= low <= high
    assert count["qualifier"] in QUALIFIERS
    assert count["source"].startswith("Vijfjarenrapportage Gezond en Gelukkig Den Haag, §")
    assert str(count["quote"]).strip()
    assert len(_norm(count["quote"])) <= 220, "quote longer than ~200 characters"
    note = count.get("note")
    if note is not None:
        assert note["nl"].strip() and note["en"].strip()
    if count["qualifier"] != "exact":
        assert note, "an inexact figure needs a note saying so"


@pytest.mark.parametrize("count", COUNTS, ids=[_count_id(i, c) for i, c in enumerate(COUNTS)])
def test_quote_occurs_in_report(count, report_text):
    quote = count["quote"]
    if _norm(quote) in _norm(report_text):
        return
    assert _squash(quote) in _squash(report_text), f"quote not in report: {quote!r}"


@pytest.mark.parametrize("count", COUNTS, ids=[_count_id(i, c) for i, c in enumerate(COUNTS)])
def test_quote_states_the_value(count):
    """The quote must contain the figure itself (as digits or as the Dutch word the report uses)."""
    quote = _norm(count["quote"]).lower()
    for value in {count["value_low"], count["value_high"]}:
        words = NUMBER_WORDS.get(int(value), ())
        as_digits = re.search(rf"(?<![\d.]){int(value)}(?![\d])", quote)
        as_word = any(re.search(rf"\b{w}\b", quote) for w in words)
        assert as_digits or as_word, f"value {value} not in quote {quote!r}"


def test_no_duplicate_facts():
    keys = [(c["program"], c["area"], c["period_start"], c["period_end"], c["value_low"], c["value_high"])
            for c in COUNTS]
    assert len(keys) == len(set(keys))


# --- spot checks against the report ---------------------------------------------------------------------

def _find(program: str, area: str, year: int | None = None) -> list[dict]:
    out = [c for c in COUNTS if c["program"] == program and c["area"] == area]
    if year is not None:
        out = [c for c in out if c["period_start"] == dt.date(year, 1, 1) and c["period_end"] == dt.date(year, 12, 31)]
    return out


@pytest.mark.parametrize("year,value", [(2019, 628), (2020, 1026), (2021, 1466), (2022, 2779), (2023, 4638)])
def test_gli_participants_per_year(year, value):
    (c,) = _find("gli", "haaglanden_gli", year)
    assert (c["value_low"], c["value_high"], c["qualifier"]) == (value, value, "exact")


def test_gli_2023_activity():
    assert _find("gli_groepsbijeenkomsten", "haaglanden_gli", 2023)[0]["value_low"] == 1236
    assert _find("gli_individuele_gesprekken", "haaglanden_gli", 2023)[0]["value_low"] == 9000
    assert _find("gli_leefstijlcoaches", "haaglanden_gli", 2023)[0]["value_low"] == 24


def test_brugfunctionarissen():
    (city,) = _find("brugfunctionarissen", "GM0518")
    assert (city["value_low"], city["value_high"]) == (79, 92)  # a range, never a midpoint
    (zw,) = _find("brugfunctionarissen", "zuidwest")
    assert (zw["value_low"], zw["value_high"]) == (12, 12)


def test_welzijn_op_recept_loosduinen():
    (c,) = _find("welzijn_op_recept", "WK051817")
    assert (c["value_low"], c["value_high"]) == (250, 250)
    assert c["period_start"] == dt.date(2022, 1, 1)


def test_peuterconsulenten_and_voorschool():
    assert _find("peuterconsulenten", "GM0518")[0]["value_low"] == 7
    assert _find("peuterconsulenten", "zuidwest")[0]["value_low"] == 3
    assert _find("peuterconsulenten", "laak_centrum")[0]["value_low"] == 4
    assert _find("voorschool_extra_kinderen", "GM0518")[0]["value_low"] == 300


def test_more_than_keeps_the_stated_number():
    (c,) = _find("zwemmen_voor_vrouwen", "GM0518")
    assert (c["value_low"], c["value_high"], c["qualifier"]) == (100, 100, "more_than")


# --- the store as seeded, and what the pages make of it (issue #18) ------------------------------------------

def _value_in_quote(value: float, quote: str) -> bool:
    words = NUMBER_WORDS.get(int(value), ())
    return bool(re.search(rf"(?<![\d.]){int(value)}(?![\d])", quote)) or any(re.search(rf"\b{w}\b", quote)
                                                                             for w in words)


@pytest.fixture(scope="module")
def seeded_counts(tmp_path_factory):
    from programs import store
    from programs.db import make_sessions, open_store

    engine = open_store(f"sqlite:///{tmp_path_factory.mktemp('facts') / 'programs.sqlite'}")
    try:
        with make_sessions(engine)() as session:
            return store.list_counts(session)
    finally:
        engine.dispose()


def test_every_seeded_fact_is_quoted_from_the_report_with_its_numbers(seeded_counts, report_text):
    """What the store holds after seeding (not just the YAML): the quote occurs in the report and states the
    stored number(s)."""
    assert len(seeded_counts) == len(COUNTS)
    report, squashed = _norm(report_text), _squash(report_text)
    for row in seeded_counts.itertuples():
        assert _norm(row.quote) in report or _squash(row.quote) in squashed, f"not in report: {row.quote!r}"
        quote = _norm(row.quote).lower()
        for value in {row.value_low, row.value_high}:
            assert _value_in_quote(value, quote), f"{row.program}/{row.area}: {value} not in {row.quote!r}"


def test_every_seeded_fact_cites_the_report_bronnen_names(seeded_counts):
    """/bronnen and the slides name the report by programs.seed.REPORT_CITED: a count citing it in other words
    would be a figure whose source the page does not list."""
    from programs.seed import REPORT_CITED

    assert not [s for s in set(seeded_counts["source"]) if not s.startswith(f"{REPORT_CITED}, §")]


def test_every_program_says_what_it_counts():
    from programs.validation import COUNT_KINDS

    kinds = {p["id"]: p.get("count_kind") for p in PROGRAMS}
    assert all(k in COUNT_KINDS for k in kinds.values()), kinds
    assert kinds["peuterconsulenten"] == kinds["brugfunctionarissen"] == "staff"
    assert kinds["gli"] == kinds["welzijn_op_recept"] == "residents"


def test_need_indicators_exist_in_the_catalogue_for_their_age():
    from indicators.catalogue import catalogue

    cat = catalogue()
    needs = {p["id"]: p["need"] for p in PROGRAMS if p.get("need")}
    assert {k: v["indicator"] for k, v in needs.items()} == {
        "gli": "overgewicht", "welzijn_op_recept": "eenzaam", "brugfunctionarissen": "moeite_met_rondkomen"}
    for need in needs.values():
        assert need["age"] in cat.indicator(need["indicator"]).ages


def test_peuterconsulenten_show_3_and_4_on_screen_and_in_the_files(seeded_counts):
    """Staff the report publishes are not '<5' (that rule is for residents below city level)."""
    import io

    import openpyxl

    from programs.table import display_table, export_table
    from texts.tables import to_csv_bytes, to_excel_bytes

    rows = seeded_counts[seeded_counts["program"] == "peuterconsulenten"]
    shown = display_table(rows, "nl", {})
    assert dict(zip(shown["Gebiedscode"], shown["Aantal"])) == {"GM0518": "7", "zuidwest": "3", "laak_centrum": "4"}
    export = export_table(rows, "nl", {})
    frame = pd.read_csv(io.BytesIO(to_csv_bytes(export, "nl")), sep=";", decimal=",", encoding="utf-8-sig")
    assert dict(zip(frame["Gebiedscode"], frame["Aantal (laag)"])) == {"GM0518": 7, "zuidwest": 3, "laak_centrum": 4}
    sheet = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(export, "peuters"))).active
    header = [c.value for c in sheet[1]]
    values = {r[header.index("Gebiedscode")]: r[header.index("Aantal (laag)")] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values == {"GM0518": 7, "zuidwest": 3, "laak_centrum": 4}
