"""A count is followed by its program's unit for exactly one ('1 speeltuin') or for every other number
('2 speeltuinen', '<5 deelnemers'): programs.table.unit_for and count_unit, and their callers (the /programmas
chart's hover text, the profile's program list). Every count read '{value} {plural}' before: '1 speeltuinen'."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from charts.programs import series_figure
from programs import store
from programs.db import make_sessions, open_store
from programs.layer import programs_in_area
from programs.table import UnitLabels, chart_frame, count_unit, display_table, export_table, unit_for
from texts.i18n import t
from views.profiel_programs import programs_table

PLAYGROUNDS = "speeltuintour_speeltuinen"  # the report's one playground in Moerwijk (data/programs.yaml)
MOERWIJK, LAAK = "WK051836", "WK051838"
WORDS = {"nl": ("speeltuin", "speeltuinen"), "en": ("playground", "playgrounds")}


@pytest.mark.parametrize("low, high", [(1, 1), (1.0, 1.0), (np.float64(1), np.int64(1))])
def test_exactly_one_takes_the_singular(low, high):
    assert unit_for(low, high, "speeltuin", "speeltuinen") == "speeltuin"


@pytest.mark.parametrize("low, high", [
    (2, 2), (0, 0), (1.5, 1.5), (1, 3),  # a range from one is more than one
    (0.5, 1), ("<5", "<5"), ("1", "1"), (None, None), (float("nan"), float("nan")), (1, None), (True, True),
])
def test_everything_else_takes_the_plural(low, high):
    assert unit_for(low, high, "speeltuin", "speeltuinen") == "speeltuinen"


def test_a_suppressed_count_of_one_takes_the_plural():
    """One resident below city level shows as '<5': '<5 deelnemers', never '<5 deelnemer'."""
    units = UnitLabels("deelnemer", "deelnemers")
    assert count_unit(1, 1, "residents", MOERWIJK, units) == "deelnemers"
    assert count_unit(1, 1, "residents", "GM0518", units) == "deelnemer"  # the city's counts are not suppressed
    assert count_unit(1, 1, "places", MOERWIJK, units) == "deelnemer"


@pytest.fixture
def counts(tmp_path: Path) -> pd.DataFrame:
    """The store's counts (the report's figures: 1 playground in Moerwijk) and 2 playgrounds in Laak."""
    engine = open_store(f"sqlite:///{tmp_path / 'programs.sqlite'}")
    with make_sessions(engine).begin() as s:
        store.add_count(s, {"program": PLAYGROUNDS, "area": LAAK, "period_start": "2024-01-01",
                            "period_end": "2024-12-31", "value_low": 2, "source": "Jaarverslag"}, "Anna")
    with make_sessions(engine)() as s:
        frame = store.list_counts(s, store.CountFilter(programs=(PLAYGROUNDS,)))
    engine.dispose()
    return frame


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_programmas_chart_says_one_playground_and_two_playgrounds(counts, lang):
    one, many = WORDS[lang]
    frame = chart_frame(counts, lang, {})
    assert dict(zip(frame["area"], frame["unit_label"])) == {MOERWIJK: one, LAAK: many}
    fig = series_figure(frame, title="T", y_title="Aantal", source="Bron", hover=t("prog_chart_hover", lang))
    hovers = [text for trace in fig.data for text in (trace.hovertext or ()) if text]
    assert any(text.endswith(f"<br>1 {one}") for text in hovers), hovers
    assert any(text.endswith(f"<br>2 {many}") for text in hovers), hovers


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_profile_lists_one_playground_and_two_playgrounds(counts, lang):
    one, many = WORDS[lang]
    for area, shown in ((MOERWIJK, f"1 {one}"), (LAAK, f"2 {many}")):
        table = programs_table(programs_in_area(counts, area), lang, {})
        assert table[t("prog_col_value", lang)].tolist() == [shown]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_unit_column_names_the_unit_of_many_counts(counts, lang):
    """The table's and the export's unit column is a label for every count of the program: the plural."""
    many = WORDS[lang][1]
    assert set(display_table(counts, lang, {})[t("prog_col_unit", lang)]) == {many}
    assert set(export_table(counts, lang, {})[t("prog_col_unit", lang)]) == {many}

