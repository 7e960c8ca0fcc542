"""A count that may have decimals (an average such as 'participants per group') is shown with the decimals it has
on /programmas, in its export, the slides and the handouts (all programs.table.value_text), never rounded to a whole
number."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from programs.table import display_table, export_table, value_text
from texts.i18n import fmt_count_safe


@pytest.mark.parametrize("kind,lang,low,high,text", [
    ("residents", "nl", 12.5, 12.5, "12,5"), ("residents", "en", 12.5, 12.5, "12.5"),  # was '12'
    ("residents", "nl", 10.5, 12.0, "10,5–12"), ("residents", "nl", 11.25, 11.25, "11,25"),
    ("activities", "nl", 11.25, 11.25, "11,25"), ("staff", "en", 2.75, 2.75, "2.75"),  # were rounded to 1 decimal
])
def test_a_count_shows_the_decimals_it_has(kind, lang, low, high, text):
    assert value_text(low, high, "exact", kind, "GM0518", lang) == text


def test_fmt_count_safe_keeps_decimals():
    assert fmt_count_safe(12.5, "gemeente", "nl") == "12,5"
    assert fmt_count_safe(12.0, "wijk", "en") == "12"
    assert fmt_count_safe(3.5, "wijk", "nl") == "<5"


def test_the_table_and_its_export_agree():
    """The /programmas table and the CSV export's text column show what the number columns hold."""
    frame = pd.DataFrame([{
        "count_id": 1, "version": 1, "program": "gli_groepsgrootte", "name_nl": "GLI groepsgrootte",
        "name_en": "GLI group size", "theme": "leefstijl_als_medicijn", "unit": "participants",
        "unit_label_nl": "deelnemers per groep", "unit_label_en": "participants per group",
        "unit_label_one_nl": "deelnemer per groep", "unit_label_one_en": "participant per group", "count_kind": "residents",
        "area": "GM0518", "period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31),
        "value_low": 12.5, "value_high": 12.5, "qualifier": "exact", "source": "Rapport", "quote": None,
        "note_nl": None, "note_en": None, "entered_by": "anna", "entered_at": pd.Timestamp("2025-01-01", tz="UTC"),
        "changed_by": "anna", "changed_at": pd.Timestamp("2025-01-01", tz="UTC")}])
    assert display_table(frame, "nl", {})["Aantal"].tolist() == ["12,5"]
    exported = export_table(frame, "nl", {})
    assert exported["Aantal"].tolist() == ["12,5"]
