"""Counts of things counted one by one (people, referrals, sessions, ...) are whole numbers: 12.5 referrals is
refused by the form and the upload, naming the field (and the row); a count that may have decimals (an average such
as 'participants per group') is accepted. How such a count is shown: tests/test_count_decimals.py."""
from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from programs.seed import seed_counts, seed_programs
from programs.upload import rows_to_csv
from programs.upload.check import Known, catalogue_whole, check_values, parse_upload
from programs.upload.report import form_message
from programs.validation import CountIn, counts_whole, field_errors, validate_count

TODAY = dt.date(2025, 6, 30)
AREAS = {"GM0518": "Den Haag", "WK051836": "Moerwijk"}
PROGRAMS = {"welzijn_op_recept": ["Welzijn op Recept", "Social prescribing"],
            "gli_groepsgrootte": ["GLI groepsgrootte", "GLI group size"]}
FORM = {"program": "welzijn_op_recept", "area": "WK051836", "period_start": dt.date(2024, 1, 1),
        "period_end": dt.date(2024, 12, 31), "value_low": 12.5, "value_high": None, "qualifier": "exact",
        "source": "Jaarverslag 2024, p. 3"}
MESSAGES = {
    "nl": ("Aantal: Dit programma telt in hele aantallen (mensen, verwijzingen, bijeenkomsten …): vul een heel getal "
           "in (ingevuld: 12,5)."),
    "en": ("Number: This programme counts in whole numbers (people, referrals, sessions …): enter a whole number "
           "(entered: 12.5)."),
}


def known() -> Known:
    """The catalogue decides which of PROGRAMS count whole numbers (Known.build without `whole`)."""
    return Known.build(PROGRAMS, AREAS, {}, TODAY)


# --- which counts are whole numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize("unit,labels,whole", [
    ("referrals", ("doorverwijzingen", "referrals"), True),
    ("participants", ("deelnemers", "participants"), True),
    ("sessions", ("groepsbijeenkomsten", "group sessions"), True),
    ("organisations", ("huisartsenpraktijken", "GP practices"), True),
    ("participants", ("deelnemers per groep", "participants per group"), False),  # an average
    ("fte", ("fte", "FTE"), False),
    ("other", ("wijken", "neighbourhoods"), False),
])
def test_counts_whole_by_unit(unit, labels, whole):
    assert counts_whole(unit, *labels) is whole


def test_the_catalogue_counts_referrals_whole_and_group_sizes_not():
    assert {"welzijn_op_recept", "gli", "brugfunctionarissen"} <= catalogue_whole()
    assert not {"gli_groepsgrootte", "netwerk_tafels_deelnemers"} & catalogue_whole()


def test_every_seeded_count_is_valid_with_the_whole_number_rule():
    """None of the report's figures may be refused."""
    programs = {p.id for p in seed_programs()}
    for count in seed_counts():
        validate_count(count, programs, whole=catalogue_whole(), today=TODAY)


# --- validation: CountIn and the form ---------------------------------------------------------------------------

@pytest.mark.parametrize("field,cells", [("value_low", {"value_low": 12.5}),
                                         ("value_high", {"value_low": 12, "value_high": 12.5})])
def test_a_fraction_of_a_whole_count_is_refused(field, cells):
    with pytest.raises(ValidationError) as exc:
        validate_count({**FORM, **cells}, PROGRAMS, whole={"welzijn_op_recept"}, today=TODAY)
    assert [(e.field, e.code) for e in field_errors(exc.value)] == [(field, "not_whole")]


def test_whole_counts_and_allowed_fractions_pass():
    assert validate_count({**FORM, "value_low": 12.0}, PROGRAMS, whole={"welzijn_op_recept"}, today=TODAY)
    average = {**FORM, "program": "gli_groepsgrootte", "value_low": 11.5}
    assert validate_count(average, PROGRAMS, whole={"welzijn_op_recept"}, today=TODAY).value_low == 11.5
    assert CountIn.model_validate(FORM).value_low == 12.5  # no context: the rule needs the store's programs


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_form_refuses_a_fraction_naming_the_field(lang):
    count, problems = check_values(FORM, known(), lang)
    assert count is None
    assert [(p.column, p.code) for p in problems] == [("value_low", "not_whole")]
    assert form_message(problems[0], lang) == MESSAGES[lang]
    average, problems = check_values({**FORM, "program": "gli_groepsgrootte", "value_low": 11.5}, known(), lang)
    assert problems == [] and average.value_low == 11.5, "an average may have decimals"


# --- the upload: same rule, by row and column -------------------------------------------------------------------

def _row(**changes) -> dict:
    return {"program": "welzijn_op_recept", "area": "WK051836", "period_start": "2024-01-01",
            "period_end": "2024-12-31", "value_low": "12", "value_high": "", "qualifier": "exact",
            "source": "Jaarverslag 2024, p. 3", **changes}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_upload_refuses_a_fraction_by_row_and_column(lang):
    rows = [_row(), _row(value_low="12,5", area="GM0518"), _row(value_low="10", value_high="12.5", area="GM0518"),
            _row(program="gli_groepsgrootte", value_low="11,5")]  # an average: its decimals are kept
    parsed = parse_upload(rows_to_csv(rows, ";"), "tellingen.csv", known(), lang)
    assert [(p.row, p.column, p.code) for p in parsed.problems] == [(3, "value_low", "not_whole"),
                                                                    (4, "value_high", "not_whole")]
    assert parsed.problems[0].message == MESSAGES[lang].split(": ", 1)[1]
    assert parsed.rows[3].count.value_low == 11.5
