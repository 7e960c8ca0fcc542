"""The charts a page takes from ui.cache.built (built once per process and key) are the view's own.

Views are visited in turn in one process; each differs from the one before in one part the charts are drawn from,
so a key that left that part out would hand the previous view's chart to the page. After each visit the cache is
emptied and the page opened again: its charts must be the same as those it showed."""
from __future__ import annotations


import pytest

from tests.conftest import chart_figures, first_chart_values, open_page, save_gli_count

STEPS = {  # each visit adds one parameter to the one before
    "vergelijk": [("lang", "en"), ("indicator", "eenzaam"), ("level", "buurt"), ("areas", "WK051836,WK051804"),
                  ("indicators", "eenzaam,roker"), ("groups", "zuidwest"), ("x", "moeite_met_rondkomen"),
                  ("y", "roker"), ("year", "2016"), ("age", "65plus")],
    "presentatie": [("slide", "3"), ("lang", "en"), ("slide", "4"), ("slide", "5"), ("slide", "7"), ("slide", "8")],
    "trends": [("areas", "WK051836"), ("lang", "en"), ("areas", "WK051836,WK051838"), ("indicator", "roker"), ("area", "WK051836"),
               ("indicators", "roker,eenzaam"), ("age", "65plus")],
}
TABS = {"vergelijk": ("areas", "ranking", "gradient"), "trends": ("areas", "indicators")}  # each page's tabs
FIRST = {"vergelijk": {}, "trends": {}, "presentatie": {"slide": "2"}}
OTHER_GEMEENTE = {"gemeente": "GM0503", "lang": "en"}  # Delft


def visits(page: str) -> list[dict[str, str]]:
    out = [dict(FIRST[page])]
    for key, value in STEPS[page]:
        out.append({**out[-1], key: value})
    return [*out, {**FIRST[page], "lang": "en"}, {**FIRST[page], **OTHER_GEMEENTE}]  # only the gemeente differs


def chart_specs(page: str, params: dict[str, str]) -> list:
    """The page's charts (on /vergelijk and /trends those of each tab); on the presentation also the slide's texts (its
    content is cached with the chart)."""
    if page in TABS:  # each tab draws its own charts: those of all tabs
        return [fig for section in TABS[page] for fig in chart_specs(f"{page}_tab", {**params, "section": section})]
    at = open_page(page.removesuffix("_tab"), params)
    assert not at.exception, at.exception
    texts = [h.proto.body for h in at.get("html") if "pres-" in h.proto.body] if page == "presentatie" else []
    return chart_figures(at) + texts


@pytest.mark.parametrize("page", list(STEPS))
def test_each_chart_is_the_views_own_after_any_other_view(mirror, page):
    from ui import cache

    for params in visits(page):
        shown = chart_specs(page, params)
        cache._built.clear()  # built afresh for this view alone
        assert shown == chart_specs(page, params), params
        assert shown, params


def test_a_program_slide_draws_a_count_saved_while_it_is_shown(mirror, tmp_path, monkeypatch):
    """A program slide's key holds the counts' fingerprint: a count saved a moment ago is on the next run's slide."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path))  # a store of its own
    at = open_page("presentatie", {"slide": "7"})  # the default story's GLI slide, counted for Haaglanden
    assert first_chart_values(at) and 4321 not in first_chart_values(at)
    save_gli_count("haaglanden_gli", 4321)
    at.run()
    assert not at.exception, at.exception
    assert 4321 in first_chart_values(at)


def test_the_counts_fingerprint_is_the_same_for_the_same_counts_and_differs_for_any_change(tmp_path, monkeypatch):
    """Two reads of the same store give one fingerprint (else the charts keyed by it are rebuilt on every run);
    any changed value, a missing one filled in or a row more gives another (else a saved count is not drawn)."""
    from ui import cache
    from ui.store import counts, preload

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path))
    preload()  # the store opened as at a server's start: seeded with the report's counts
    first, again = counts("nl"), counts("nl")
    assert first is not again and cache.fingerprint(first) == cache.fingerprint(again)
    unbounded = [first.assign(value_high=float("nan")) for _ in range(2)]  # NaN: one fingerprint too
    assert cache.fingerprint(unbounded[0]) == cache.fingerprint(unbounded[1])
    changed = [first.assign(value_low=first["value_low"].where(first.index != first.index[0], 1.0 + first["value_low"])),
               unbounded[0],
               unbounded[0].assign(value_high=unbounded[0]["value_high"].where(first.index != first.index[0], 1.0)),
               first.assign(note_en=first["note_en"].where(first.index != first.index[-1], "changed")),
               first.iloc[:-1]]
    assert len({cache.fingerprint(first), *map(cache.fingerprint, changed)}) == 1 + len(changed)
    save_gli_count("haaglanden_gli", 4321)
    assert cache.fingerprint(counts("nl")) != cache.fingerprint(first)
