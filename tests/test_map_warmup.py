"""The map's background warm-up (#12): after a first map, the other indicators' views come from the cache."""
from __future__ import annotations

import threading

import pytest

from indicators.catalogue import catalogue
from ui import cache
from indicators.view import View


@pytest.fixture()
def counted(mirror, monkeypatch):
    """ui.cache with an empty map-view cache and a count of the map models it computes."""
    monkeypatch.delenv(cache.WARM_ENV, raising=False)
    for thread in threading.enumerate():  # warm-ups started by earlier page tests in this process
        if thread.name.startswith("warm-"):
            thread.join(timeout=120)
    cache._map_view.clear()
    cache._warmed.clear()
    computed: list[str] = []
    real = cache.map_model
    monkeypatch.setattr(cache, "map_model", lambda tidy, areas, records, cat, ind, **kw:
                        computed.append(ind.id) or real(tidy, areas, records, cat, ind, **kw))
    yield computed
    cache._map_view.clear()
    cache._warmed.clear()


def test_nearest_indicators_first_with_year_and_age_fitted(mirror):
    cat = catalogue()
    ids = cat.picker_ids
    here = ids.index("overgewicht")
    views = cache.indicator_views(View(indicator="overgewicht", year=2020, age="65plus"), cat)
    assert len(views) == len(ids) - 1 and "overgewicht" not in [i for i, _, _ in views]
    assert {views[0][0], views[1][0]} == {ids[here - 1], ids[here + 1]}  # the picker's neighbours first
    for indicator, year, age in views:
        ind = cat.indicator(indicator)
        assert year in ind.years
        assert year == 2020 if 2020 in ind.years else year == ind.years[-1]
        assert age in ("65plus", "all", "18plus")


def test_the_warmed_views_are_in_the_years_the_page_takes(mirror):
    """At buurt level a key figure's map is 2019 (no buurt of the 2015 map has 2024 figures), so that is the view
    warmed, not a grey 2024 (ui.context.update_view fits the year to the figures the same way)."""
    views = {i: (year, age) for i, year, age in cache.indicator_views(View(level="buurt"), catalogue())}
    assert views["aant_inw"] == (2019, "18plus")  # the view keeps its age; KWB rows have every age
    assert views["overgewicht"] == (2020, "18plus")
    assert {i: y for i, y, _ in cache.indicator_views(View(level="wijk"), catalogue())}["aant_inw"] == 2024


def test_warm_up_computes_every_other_indicator_once(counted):
    v = View(gemeente="GM0518", level="buurt", indicator="eenzaam", year=2020)
    thread = cache.warm_map_views(v, "quantiles", "Den Haag")
    assert thread is not None
    thread.join(timeout=120)
    jobs = cache.indicator_views(v, catalogue())
    assert sorted(counted) == sorted(i for i, _, _ in jobs)
    counted.clear()
    for indicator, year, age in jobs[:8]:  # what an indicator change asks for: all from the cache
        model, colours = cache.map_view("GM0518", "buurt", indicator, year, age, "value", "quantiles", "nl",
                                        "Den Haag")
        assert len(colours["classes"]) == len(model.frame) == 114
    assert counted == []
    assert cache.warm_map_views(v, "quantiles", "Den Haag") is None  # once per map and process


def test_no_warm_up_when_switched_off_or_for_large_maps(counted, monkeypatch):
    v = View(gemeente="GM0518", level="buurt")
    monkeypatch.setenv(cache.WARM_ENV, "0")
    assert cache.warm_map_views(v, "quantiles", "Den Haag") is None
    monkeypatch.delenv(cache.WARM_ENV)
    monkeypatch.setattr(cache, "WARM_MAX_AREAS", 100)  # Den Haag has 114 buurten
    assert cache.warm_map_views(v, "quantiles", "Den Haag") is None
    assert counted == []


def test_preload_fills_what_the_first_visitor_needs(counted):
    """serve.py's start-up: afterwards the default map of both levels comes from the caches."""
    cache.preload()
    assert sorted(counted) == [View().indicator] * 2  # the default indicator, wijk and buurt
    counted.clear()
    v = View()
    for level in ("wijk", "buurt"):
        model, _ = cache.map_view(v.gemeente, level, v.indicator, v.year, v.age, v.mode, "quantiles", v.lang,
                                  "Den Haag")
        assert len(model.frame) == (44 if level == "wijk" else 114)
        assert cache.map_geometry(v.gemeente, level).path.is_file()
    assert counted == []


def test_preload_reads_what_every_pages_first_run_asks_for(counted, monkeypatch):
    """The years with figures (ui.context fits every view to them) and the files read (the sidebar's 'data as of')
    come from the cache on the first visit: before, that visit computed them (25-110 ms and ~50 ms, issue #19)."""
    calls: list[str] = []
    for name, real in (("figures_present", cache.figures_present), ("files_read", cache.files_read)):
        monkeypatch.setattr(cache, name, lambda *a, name=name, real=real: calls.append(name) or real(*a))
    cache._figures.clear()
    cache._source_files.clear()
    cache.preload()
    assert sorted(calls) == ["figures_present", "files_read"]
    gemeente = View().gemeente
    assert cache.figures(gemeente) and cache.source_files(gemeente)
    assert sorted(calls) == ["figures_present", "files_read"]  # the first visitor's calls: from the cache


def test_preload_reads_the_reach_panels_need_data(counted, monkeypatch):
    """/programmas' first visit in a process takes the GLI region's need and population from the cache: the
    preload read them for the counts the store holds (~0.5 s of that visit's run before, issue #19)."""
    from programs import store as program_store
    from ui import store

    store._need.clear()
    read: list[tuple] = []
    real = store.load_need
    monkeypatch.setattr(store, "load_need", lambda members, years: read.append((members, years))
                        or real(members, years))
    cache.preload()
    assert len(read) == 1 and read[0][0] == store.reach_region().members == ("GM0518", "GM0629", "GM1916", "GM0603")
    with store.sessions()() as session:
        rows = store.reach_counts(program_store.list_counts(session))
    assert len(rows) > 0  # the report's GLI counts for the region are seeded
    need = store.reach_need(rows)
    assert len(read) == 1  # from the cache
    assert set(need.need["area_code"]) == set(read[0][0]) and need.population["value"].gt(0).all()


def test_preload_without_data_logs_and_returns(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("WIJKDASHBOARD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WIJKDASHBOARD_NO_MIRROR", "1")
    cache.preload()  # must not raise: the server starts and the page says what is missing
    assert any("preload" in r.getMessage() and "refresh" in r.getMessage() for r in caplog.records)


def test_nothing_is_warmed_while_a_visitor_waits(counted):
    """While a session's script runs (Streamlit's script thread, here a stand-in of the same name) the warm-up
    computes nothing; once the run has ended it warms every other indicator."""
    running = threading.Event()
    done = threading.Event()
    visitor = threading.Thread(target=lambda: (running.set(), done.wait(60)), name=cache.SCRIPT_THREAD)
    visitor.start()
    running.wait(10)
    v = View(gemeente="GM0518", level="wijk", indicator="eenzaam", year=2020)
    thread = cache.warm_map_views(v, "quantiles", "Den Haag")
    thread.join(timeout=0.5)
    assert thread.is_alive() and counted == []
    done.set()
    visitor.join()
    thread.join(timeout=120)
    assert sorted(counted) == sorted(i for i, _, _ in cache.indicator_views(v, catalogue()))
