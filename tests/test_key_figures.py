"""charts.key_figures: the profile's key figures as one block of escaped HTML with inline styles."""
from __future__ import annotations

import math

import pytest

from charts.key_figures import Figure, key_figures_html
from indicators.describe import other_division_text
from texts.i18n import fmt_count_safe


def test_every_text_is_escaped_and_in_order():
    block = key_figures_html([Figure("<b>Inwoners</b>", "1 & 2", "<script>x</script>"), Figure("Rang", "7e van 44")],
                             ["Bron: <CBS>", "tweede regel"])
    assert "<b>" not in block and "<script>" not in block and "<CBS>" not in block
    assert "&lt;b&gt;Inwoners&lt;/b&gt;" in block and "1 &amp; 2" in block and "&lt;script&gt;" in block
    order = [block.index(text) for text in ("Inwoners", "1 &amp; 2", "&lt;script", "Rang", "7e van 44", "Bron:",
                                            "tweede regel")]
    assert order == sorted(order)


def test_a_figure_without_a_note_has_no_empty_note_line():
    block = key_figures_html([Figure("Inwoners 2024", "geen gegevens")], [])
    assert block.count("<dd") == 1 and "kf-note" not in block and "<p" not in block


def test_no_style_element():
    """Inline styles only: a <style> element replaced on every area switch makes the browser recompute the styles
    of the whole page (issue #19)."""
    block = key_figures_html([Figure("a", "b", "c")], ["d"])
    assert "<style" not in block and block.count("style='") == 5  # list, label, value, note, line


# --- which figures, notes and lines (charts.key_figures.profile_key_figures), on a small key table ----------------

def _table(rows: list[tuple[str, str, int, float]]):
    import pandas as pd

    from indicators.profile import key_table

    source = {2015: "83220NED", 2019: "84583NED", 2024: "85984NED"}
    return key_table(pd.DataFrame([(i, a, y, v, "ok", source[y]) for i, a, y, v in rows],
                                  columns=["indicator", "area_code", "year", "value", "status", "source"]))


def _figures(rows, area="WK1", level="wijk", lang="nl"):
    from charts.key_figures import profile_key_figures
    from indicators.catalogue import catalogue

    return profile_key_figures(_table(rows), catalogue(), area=area, level=level, name="Noord",
                               same_level=["WK1", "WK2", "WK3"], n_wijken=3, boundary_year=2015, city="Stad",
                               lang=lang)


BOTH_YEARS = [("aant_inw", "WK1", 2015, 1000.0), ("aant_inw", "WK1", 2024, 1200.0), ("p_65_eo_jr", "WK1", 2015, 12.0),
              ("aant_inw", "WK2", 2015, 5000.0), ("aant_inw", "WK2", 2024, 900.0),
              ("aant_inw", "WK3", 2015, 1100.0), ("aant_inw", "WK3", 2024, 3000.0)]


def test_both_years_known_the_change_is_signed_and_the_rank_is_of_the_latest_year():
    figures, lines = _figures(BOTH_YEARS)
    assert [f.label for f in figures] == ["Inwoners 2015", "Inwoners 2024", "Aandeel 65 jaar en ouder (2015)",
                                          "Plaats naar inwoners (2024)"]
    assert [f.value for f in figures] == ["1.000", "1.200", "12%", "2e van 3"]  # 2015 would rank it 3rd
    assert figures[1].note == "+200 sinds 2015" and not figures[0].note
    assert figures[3].note == "1 = de wijk met de meeste inwoners"
    assert lines == ["Bron: CBS, Kerncijfers wijken en buurten 2015, tabel 83220NED, 2015 (CC BY 4.0) · "
                     "Bron: CBS, Kerncijfers wijken en buurten 2024, tabel 85984NED, 2024 (CC BY 4.0)"]


def test_a_loss_reads_negative_in_english():
    rows = [r if r[:3] != ("aant_inw", "WK1", 2024) else ("aant_inw", "WK1", 2024, 850.0) for r in BOTH_YEARS]
    figures, _ = _figures(rows, lang="en")
    assert figures[1].note.startswith(("-150", "−150")) and figures[1].note.endswith("since 2015")
    assert figures[3].value == "3rd of 3"


def test_no_later_year_no_change_and_the_rank_of_the_first_year():
    rows = [r for r in BOTH_YEARS if r[:3] != ("aant_inw", "WK1", 2024)]
    figures, lines = _figures(rows)
    assert figures[1].label == "Inwoners 2024" and figures[1].value == "geen gegevens" and not figures[1].note
    assert figures[3].label == "Plaats naar inwoners (2015)" and figures[3].value == "3e van 3"
    assert lines[0] == "Na 2015 zijn er voor Noord nog geen kerncijfers over het aantal inwoners."


def test_an_earlier_year_stands_in_for_a_missing_2024_and_says_so():
    rows = [r for r in BOTH_YEARS if r[:3] != ("aant_inw", "WK1", 2024)] + [("aant_inw", "WK1", 2019, 1150.0)]
    figures, lines = _figures(rows)
    assert figures[1].label == "Inwoners 2019" and figures[1].note == "+150 sinds 2015"
    assert lines[0].startswith("Voor 2024 zijn er") and lines[0].endswith("getoond is 2019.")
    assert "84583NED, 2019" in lines[1]


def test_the_city_counts_its_wijken_with_the_boundaries_as_source():
    rows = [("aant_inw", "GM1", 2015, 9000.0), ("aant_inw", "GM1", 2024, 9500.0), ("p_65_eo_jr", "GM1", 2015, 15.0)]
    figures, _ = _figures(rows, area="GM1", level="gemeente")
    assert figures[3].label == "Wijken" and figures[3].value == "3"
    assert figures[3].note == "volgens de Wijk- en Buurtkaart 2015 (CBS/Kadaster)"


@pytest.mark.parametrize("small_year", [2015, 2024])
def test_no_change_is_given_when_a_year_reads_under_5(small_year):
    """'<5' then and '<5' now read '±0 since 2015' (and '3' then, '1.200' now would read '+1.197'): a change gives a
    count of fewer than 5 residents away, so it is left out; the city's own figures are never hidden."""
    rows = [r if r[:3] != ("aant_inw", "WK1", small_year) else ("aant_inw", "WK1", small_year, 3.0)
            for r in BOTH_YEARS]
    figures, _ = _figures(rows)
    assert "<5" in (figures[0].value, figures[1].value) and figures[1].note == ""
    rows = [("aant_inw", "GM1", 2015, 3.0), ("aant_inw", "GM1", 2024, 4.0), ("p_65_eo_jr", "GM1", 2015, 15.0)]
    assert _figures(rows, area="GM1", level="gemeente")[0][1].note == "+1 sinds 2015"


@pytest.mark.parametrize(("lang", "note"), [
    ("nl", "Minder dan 5 inwoners (2 van de 3 wijken): geen precieze plaats"),
    ("en", "Fewer than 5 inhabitants (2 of the 3 districts): no exact place"),
])
def test_an_area_under_5_gets_no_size_rank_only_how_many_are_that_small(lang, note):
    """3 and 2 inhabitants read '<5', and '2e van 3' beside it told the two apart (WK1 has more than WK3): no place
    for either, the note says why; an area of 5 or more keeps its place."""
    rows = [("aant_inw", "WK1", 2024, 3.0), ("aant_inw", "WK3", 2024, 2.0), ("aant_inw", "WK2", 2024, 5.0),
            *(r for r in BOTH_YEARS if r[2] == 2015)]
    figures, _ = _figures(rows, lang=lang)
    assert figures[1].value == "<5" and figures[1].note == ""  # the count itself still reads '<5', no change
    assert (figures[3].value, figures[3].note) == ("–", note)
    assert _figures(rows, area="WK3", lang=lang)[0][3] == figures[3]
    rank = _figures(rows, area="WK2", lang=lang)[0][3]
    assert rank.value in ("1e van 3", "1st of 3") and rank.note.startswith("1 = ")


def test_size_rank_withholds_the_place_of_an_area_under_5():
    from indicators.profile import SizeRank, size_rank

    table = _table([("aant_inw", "WK1", 2024, 3.0), ("aant_inw", "WK2", 2024, 0.0), ("aant_inw", "WK3", 2024, 5.0)])
    codes = ["WK1", "WK2", "WK3"]
    assert size_rank(table, "WK3", codes, 2024) == SizeRank(1.0, 3)
    for code in ("WK1", "WK2"):
        place, n, small = size_rank(table, code, codes, 2024)
        assert math.isnan(place) and (n, small) == (3, 2)


REDRAWN = [("aant_inw", "WK060301", 2015, 1000.0), ("aant_inw", "WK060302", 2015, 2000.0),
           ("aant_inw", "WK060303", 2015, 5945.0), ("p_65_eo_jr", "WK060303", 2015, 20.0),
           ("aant_inw", "WK060301", 2024, 1100.0), ("aant_inw", "WK060302", 2024, 2100.0),
           ("aant_inw", "WK060303", 2024, 370.0), ("aant_inw", "WK060310", 2024, 5600.0)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_later_year_of_other_areas_than_the_boundaries_shows_no_figure_and_ranks_in_the_first_year(lang):
    """Rijswijk redrew its wijken between 2015 and 2024 (9 → 11) and kept codes: its Wijk 03 of the 2015 boundaries
    read '5.945 (2015)', '370 (2024)', '−5.575 sinds 2015' and '9e van 9' in 2024; later '370' with a note. The 370
    are of the later wijk with its code (2024 holds WK060310, which the boundaries lack): no figure, as on the map,
    no change, the rank of 2015, and a line that says why (not that there are no figures after 2015)."""
    from charts.key_figures import profile_key_figures
    from indicators.catalogue import catalogue

    codes = ["WK060301", "WK060302", "WK060303"]
    figures, lines = profile_key_figures(_table(REDRAWN), catalogue(), area="WK060303", level="wijk", name="Wijk 03",
                                         same_level=codes, n_wijken=3, boundary_year=2015, city="Rijswijk", lang=lang)
    assert [f.value for f in figures][:2] == ["5.945" if lang == "nl" else "5,945", fmt_count_safe(math.nan, "wijk", lang)]
    assert "370" not in figures[1].value
    assert figures[1].label.endswith("2024") and figures[1].note == ""  # no '−5.575 sinds 2015'
    assert figures[3].label.endswith("(2015)") and figures[3].value.startswith("1")  # the most inhabitants in 2015
    why = other_division_text("prof_key_other_division", lang, city="Rijswijk", years=[2024], level="wijk",
                              boundary_year=2015, ranked=2015)
    assert lines[0] == why and "Rijswijk" in why and "2024" in why
    assert not any("Wijk 03" in line for line in lines)  # not 'no figures for Wijk 03 after 2015'
    assert "85984NED" not in lines[-1] and "83220NED" in lines[-1]  # the sources of the figures shown


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_newer_boundaries_than_the_first_year_show_no_figure_of_the_first_year(lang):
    """With Rijswijk's boundaries of 2024 (all four codes), the key figures of 2015 list every wijk of their year and
    lack WK060310: their Wijk 03 (5,945 inhabitants) is another area than the boundaries' (370). Before, both figures
    were shown side by side, the rank was of 2015 among areas of 2024, and only the symmetric rule's note said the
    division changed. Now, as on the map: no figure of 2015, no change, the rank of 2024 and the line saying why."""
    from charts.key_figures import profile_key_figures
    from indicators.catalogue import catalogue

    codes = ["WK060301", "WK060302", "WK060303", "WK060310"]
    figures, lines = profile_key_figures(_table(REDRAWN), catalogue(), area="WK060303", level="wijk", name="Wijk 03",
                                         same_level=codes, n_wijken=4, boundary_year=2024, city="Rijswijk", lang=lang)
    missing = fmt_count_safe(math.nan, "wijk", lang)
    assert [f.value for f in figures][:3] == [missing, "370", missing]  # the share aged 65+ is of 2015 too
    assert figures[1].note == ""  # no change from an area that is not this one
    assert figures[3].label.endswith("(2024)") and figures[3].value.startswith("4")  # the fewest of 4 in 2024
    assert lines[0] == other_division_text("prof_key_other_division", lang, city="Rijswijk", years=[2015], level="wijk",
                                           boundary_year=2024, ranked=2024)
    assert "83220NED" not in lines[-1] and "85984NED" in lines[-1]  # the sources of the figures shown


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_boundaries_newer_than_both_years_show_neither_and_no_rank(lang):
    """Boundaries that hold a wijk neither key year lists (WK060311): both years are of another division, so neither
    figure, no change and no rank are shown, and the line says so (not 'the rank is that of 2015')."""
    from charts.key_figures import profile_key_figures
    from indicators.catalogue import catalogue

    codes = ["WK060301", "WK060302", "WK060303", "WK060310", "WK060311"]
    figures, lines = profile_key_figures(_table(REDRAWN), catalogue(), area="WK060303", level="wijk", name="Wijk 03",
                                         same_level=codes, n_wijken=5, boundary_year=2026, city="Rijswijk", lang=lang)
    missing = fmt_count_safe(math.nan, "wijk", lang)
    assert [f.value for f in figures][:2] == [missing, missing] and figures[3].value == "–"
    assert lines[0] == other_division_text("prof_key_other_division_all", lang, city="Rijswijk", years=[2015, 2024],
                                           level="wijk", boundary_year=2026)


def test_the_same_codes_in_both_years_keep_the_change():
    from indicators.divisions import division_sizes

    same = [r for r in REDRAWN if r[1] != "WK060310"]
    assert division_sizes(_table(same).divisions, "WK060303", (2015, 2024)) is None
    assert division_sizes(_table(REDRAWN).divisions, "WK060303", (2015, 2024)) == (3, 4)
    assert division_sizes(_table(REDRAWN).divisions, "GM0603", (2015, 2024)) is None  # the gemeente is one area
