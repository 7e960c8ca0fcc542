"""The counts as text, export rows and chart (programs.table, charts.programs): ranges stay ranges, periods are
drawn, small counts of people show as '<5' everywhere, sources travel with the figure."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from charts.programs import series_figure
from texts.i18n import t
from programs.table import (chart_frame, count_gemeenten, display_table, export_table, is_suppressed,
                            period_text, source_line, value_text)

HOVER = "{area}<br>{period}<br>{value} {unit}"


def _row(**changes) -> dict:
    base = {"count_id": 1, "version": 1, "program": "p", "name_nl": "Programma", "name_en": "Programme",
            "description_nl": "", "description_en": "", "theme": "gezond_opgroeien", "unit": "persons",
            "unit_label_nl": "personen", "unit_label_en": "persons", "unit_label_one_nl": "persoon",
            "unit_label_one_en": "person", "position": 0, "area": "GM0518",
            "period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31), "value_low": 79.0,
            "value_high": 92.0, "qualifier": "exact", "source": "Rapport, §2", "quote": None, "note_nl": None,
            "note_en": None, "retracted": False, "entered_by": "seed",
            "entered_at": pd.Timestamp("2025-01-01", tz="UTC"), "changed_by": "seed",
            "changed_at": pd.Timestamp("2025-01-01", tz="UTC")}
    return {**base, **changes}


def _frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


@pytest.mark.parametrize("args,lang,text", [
    ((79, 92, "exact", "staff", "GM0518"), "nl", "79–92"),
    ((4638, 4638, "exact", "residents", "haaglanden_gli"), "nl", "4.638"),
    ((4638, 4638, "exact", "residents", "haaglanden_gli"), "en", "4,638"),
    ((80, 80, "about", "residents", "WK051836"), "nl", "ca. 80"),
    ((100, 100, "more_than", "residents", "GM0518"), "en", "more than 100"),
    ((3, 3, "exact", "residents", "zuidwest"), "nl", "<5"),
    ((3, 3, "exact", "residents", "GM0518"), "nl", "3"),
    ((3, 3, "exact", "staff", "zuidwest"), "nl", "3"),  # staff the source publishes: no suppression
    ((2, 2, "exact", "places", "zuidwest"), "nl", "2"),  # not people: no suppression
])
def test_value_text(args, lang, text):
    assert value_text(*args, lang) == text


def test_suppression_rule():
    assert is_suppressed(4, "residents", "WK051836") and is_suppressed(2, "residents", "moerwijk_laak")
    assert not is_suppressed(4, "residents", "GM0518") and not is_suppressed(4, "residents", "haaglanden_gli")
    assert not is_suppressed(5, "residents", "WK051836") and not is_suppressed(1, "activities", "WK051836")
    assert not is_suppressed(3, "staff", "zuidwest") and not is_suppressed(1, "groups", "WK051836")


def test_period_text():
    assert period_text(dt.date(2019, 1, 1), dt.date(2019, 12, 31), "nl") == "2019"
    assert period_text(dt.date(2018, 1, 1), dt.date(2024, 12, 31), "en") == "2018–2024"
    assert period_text(dt.date(2020, 10, 1), dt.date(2020, 10, 31), "en") == "1 Oct 2020 – 31 Oct 2020"


def test_display_and_export_tables():
    frame = _frame(_row(), _row(area="zuidwest", value_low=3.0, value_high=3.0, quote="=cmd"))
    shown = display_table(frame, "nl", {"GM0518": "Den Haag"})
    assert shown["Aantal"].tolist() == ["79–92", "<5"]
    assert shown["Gebied"].tolist() == ["Den Haag", "Den Haag Zuidwest"]
    out = export_table(frame, "en", {})
    assert out["Number (low)"].iloc[0] == 79 and pd.isna(out["Number (low)"].iloc[1])
    assert out["Number (high)"].iloc[0] == 92 and pd.isna(out["Number (high)"].iloc[1])
    assert out["Number"].tolist() == ["79–92", "<5"], "the shown value says why a number is empty"
    assert out["What is counted"].tolist() == ["residents", "residents"]
    assert out["Period start"].tolist() == ["2024-01-01", "2024-01-01"]
    assert out["Entered at (UTC)"].iloc[0] == "2025-01-01 00:00:00"
    cells = out.iloc[1].astype(str).tolist()
    assert "3" not in cells and "3.0" not in cells, "the suppressed value must not leak into the export"


def test_source_line():
    frame = _frame(_row(), _row(source="Jaarcijfers 2023", period_start=dt.date(2023, 1, 1)))
    assert source_line(frame, "nl") == "Bron: Rapport, §2; Jaarcijfers 2023 · periode 2023–2024"
    assert source_line(frame.iloc[:0], "nl") == ""


def _figure(frame: pd.DataFrame):
    return series_figure(chart_frame(frame, "nl", {}), title="T", y_title="Aantal", source=source_line(frame, "nl"),
                         hover=HOVER)


def test_points_carry_their_period_and_ranges_have_no_midpoint():
    frame = _frame(_row(area="haaglanden_gli", unit="participants", value_low=628.0, value_high=628.0,
                        period_start=dt.date(2019, 1, 1), period_end=dt.date(2019, 12, 31)),
                   _row())
    fig = _figure(frame)
    ys = [y for tr in fig.data for y in tr.y if y is not None]
    assert 628 in ys and 79 in ys and 92 in ys
    assert 85.5 not in ys, "no midpoint of the range is drawn"
    single = next(tr for tr in fig.data if tr.mode == "markers" and len(tr.x) and 628 in tr.y)
    assert single.x[0] == dt.date(2019, 7, 2)  # the middle of its period...
    period_line = next(tr for tr in fig.data if tr.fill == "toself" and 628 in tr.y)
    assert dt.date(2019, 1, 1) in period_line.x and dt.date(2019, 12, 31) in period_line.x  # ...and its period
    assert "Rapport, §2" in fig.layout.annotations[0].text and "2019–2024" in fig.layout.annotations[0].text


def test_small_counts_are_drawn_as_below_5_only():
    fig = _figure(_frame(_row(area="zuidwest", value_low=3.0, value_high=3.0)))
    ys = {y for tr in fig.data for y in tr.y if y is not None}
    assert ys == {0.0, 5.0}
    hover = " ".join(t for tr in fig.data for t in (tr.hovertext or ()) if t)
    assert "&lt;5" in hover and " 3 " not in hover
    assert any(tr.line.dash == "dot" for tr in fig.data)


def test_empty_frame_gives_an_empty_figure():
    frame = chart_frame(_frame(_row()).iloc[:0], "nl", {})
    assert len(series_figure(frame, title="T", y_title="y", source="", hover=HOVER).data) == 0


def test_counts_are_named_by_their_own_gemeenten_not_the_one_shown():
    """Rijswijk's /programmas named Den Haag's counts by Rijswijk's areas: 'WK051817' instead of Loosduinen."""
    assert count_gemeenten(["WK051817", "BU05183610", "GM0518", "zuidwest", "NL01", "WK060301"]) == ["GM0518",
                                                                                                      "GM0603"]
    assert count_gemeenten([]) == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_count_comes_fourth_on_screen(lang):
    """On a 1024 px beamer the grid showed program, theme and area, and the number only after scrolling sideways:
    the number comes after program, area and period now, the theme after it."""
    shown = list(display_table(_frame(_row()), lang, {"GM0518": "Den Haag"}).columns)
    assert shown[:4] == [t(f"prog_col_{key}", lang) for key in ("program", "area", "period", "value")]
    assert shown.index(t("prog_col_theme", lang)) > 3 and len(shown) == 10
