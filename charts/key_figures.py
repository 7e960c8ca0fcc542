"""The profile's key figures (profile_key_figures: which figures, notes and lines) as one HTML block: label, value
and a note per figure, two per row, then the lines under them (a fallback year, the sources).

Why not four st.metric in two rows of columns: those were eleven elements the browser draws again on every area
switch (the metrics, six column blocks and the captions), each with its styled components; as one block they are
one (issue #19). The look follows st.metric: a small label, a large value; what st.metric showed as a delta or a
help icon is the note under the value, so it also reads on a phone and in a screen reader.
"""
from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

import pandas as pd

from indicators.catalogue import Catalogue
from indicators.describe import gap_text, ordinal, other_division_text, shown_sources, value_text
from indicators.divisions import division_sizes, other_divisions
from indicators.profile import (KEY_INDICATOR_65PLUS, KEY_INDICATOR_INHABITANTS, KEY_YEARS_INHABITANTS, KeyTable,
                                SizeRank, key_figures, size_rank)
from indicators.select import OTHER_DIVISION, small_counts
from texts.i18n import t


class Figure(NamedTuple):
    label: str
    value: str
    note: str = ""


def profile_key_figures(table: KeyTable, cat: Catalogue, *, area: str, level: str, name: str, same_level: Sequence[str],
                        n_wijken: int, boundary_year: int, city: str, lang: str) -> tuple[list[Figure], list[str]]:
    """The profile's four figures and the lines under them, for `area` at `level` (gemeente, wijk or buurt).

    Inhabitants in the first and the latest key year (with the signed change since the first, only when both are
    known and neither is written '<5': a missing year is never a change of 0, and a change would give a small count
    away), the share aged 65+, and the size rank among `same_level` in the
    latest year with inhabitants (none for an area written '<5', whose note says how many areas are that small; the
    city: its number of wijken, `n_wijken`, from the boundaries of
    `boundary_year`). Where a year divided the gemeente otherwise than the boundaries (`same_level`;
    indicators.divisions.other_divisions: Rijswijk's wijken of 2024 on the boundaries of 2015, its 9 of 2015 on
    newer boundaries with 11), its figures under the code are of another area: none is shown, as on the map, no change,
    and the rank is of the other year (none when both are). Where the two years' divisions differ otherwise
    (division_sizes), no change and the rank in the first year. The lines: that the division changed, why another
    year is shown, if so, then the sources with their years.
    """
    figures = key_figures(table, area)
    early, late, old = figures["inhabitants_early"], figures["inhabitants_late"], figures["share_65plus"]
    other = sorted({f.year for f in (early, late, old)
                    if level != "gemeente" and other_divisions(table.divisions, f.year, same_level)})
    early, late, old = (replace(f, value=math.nan, status=OTHER_DIVISION) if f.year in other else f
                        for f in (early, late, old))
    inw, share = cat.indicator(KEY_INDICATOR_INHABITANTS), cat.indicator(KEY_INDICATOR_65PLUS)
    both = pd.Series([early.value, late.value])
    redrawn = division_sizes(table.divisions, area, (early.year, late.year))
    change = ("" if redrawn or both.isna().any() or small_counts(inw, both, level).any() else  # '<5': no '±0'
              t("prof_key_delta", lang, year=early.year,
                delta=gap_text(late.value - early.value, inw, lang, early.year, late.year)))
    shown = [Figure(t("prof_key_inhabitants", lang, year=early.year),
                    value_text(early.value, inw, level, lang, early.year)),
             Figure(t("prof_key_inhabitants", lang, year=late.year), value_text(late.value, inw, level, lang, late.year),
                    change),
             Figure(t("prof_key_65plus", lang, year=old.year), value_text(old.value, share, level, lang, old.year))]
    ranked = None if level == "gemeente" else (
        early if late.year in other or (not other and (math.isnan(late.value) or redrawn)) else late)
    if ranked is None:
        shown.append(Figure(t("level_wijk", lang), str(n_wijken), t("prof_key_wijken_note", lang, year=boundary_year)))
    else:
        rank = SizeRank(math.nan, 0) if ranked.year in other else size_rank(table, area, same_level, ranked.year)
        note = (t("prof_key_size_small", lang, small=rank.small, n=rank.n, areas=t(f"level_plural_{level}", lang))
                if rank.small else t("prof_key_size_help", lang, area=t(f"prof_word_{level}", lang)))
        shown.append(Figure(t("prof_key_size", lang, year=ranked.year),
                            "–" if math.isnan(rank.place) else t("prof_key_size_value", lang,
                                                                  rank=ordinal(int(rank.place), lang), n=rank.n),
                            note))
    if other:  # the rank is of the other key year, none when both are of another division (ranked: early then)
        ranks = {} if ranked is None or ranked.year in other else {"ranked": ranked.year}
        lines = [other_division_text("prof_key_other_division" if ranks else "prof_key_other_division_all", lang,
                                     city=city, years=other, level=level, boundary_year=boundary_year, **ranks)]
    else:
        lines = [t(f"prof_key_redrawn_{level}", lang, early=early.year, late=late.year, n_early=redrawn[0],
                   n_late=redrawn[1])] if redrawn else []
    if late.year != KEY_YEARS_INHABITANTS[1]:
        lines.append(t("prof_key_fallback", lang, year=KEY_YEARS_INHABITANTS[1], shown=late.year))
    elif math.isnan(late.value) and not math.isnan(early.value) and not other:
        lines.append(t("prof_key_none_after", lang, name=name, year=early.year))
    lines.append(shown_sources(cat, pd.DataFrame([early, late, old]), lang))
    return shown, lines


# Inline styles, no <style> element: a style element replaced on every area switch makes the browser recompute the
# whole page's styles (bench.ab n=30: with a <style> element 7.5 ms slower than the metrics; inline -9.9, +9.9 and
# -9.0 ms in three runs, i.e. no difference beyond the noise).
LIST = "display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.75rem 1rem;margin:0 0 .5rem;padding:0"
LABEL = "font-size:.875rem;font-weight:400;line-height:1.4"
VALUE = "margin:0;padding:0;font-size:clamp(1.5rem,6.5vw,2.25rem);line-height:1.25;white-space:nowrap"
NOTE = "margin:0;padding:0;font-size:.875rem;opacity:.7;line-height:1.4"
LINE = "margin:0 0 .25rem;font-size:.875rem;opacity:.7;line-height:1.4"


def key_figures_html(figures: Sequence[Figure], lines: Sequence[str]) -> str:
    """The figures as a description list, then each of `lines` as a caption; every text escaped."""
    esc = html.escape
    items = "".join(f"<div><dt class='kf-label' style='{LABEL}'>{esc(f.label)}</dt>"
                    f"<dd class='kf-value' style='{VALUE}'>{esc(f.value)}</dd>"
                    + (f"<dd class='kf-note' style='{NOTE}'>{esc(f.note)}</dd>" if f.note else "") + "</div>"
                    for f in figures)
    captions = "".join(f"<p style='{LINE}'>{esc(line)}</p>" for line in lines)
    return f"<div class='key-figures'><dl style='{LIST}'>{items}</dl>{captions}</div>"
