"""The program layer on the map in headless Chromium (issue #18): GLI has only region counts, so the map says so in
one line; after an editor signs in and enters a per-wijk count for Moerwijk on /invoer, Moerwijk is coloured by its
reach per 1,000 adults with overgewicht and its tooltip gives the reach, the count with its period and the
source."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from programs import auth
from programs.db import make_sessions, open_store
from programs.models import Count
from programs.users import add_user
from tests.conftest import start_streamlit
from tests.entry_browser import fill_count, save_count, sign_in

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[data-testid='stCustomComponentV1']"
SOURCE = "Jaarcijfers Hadoks 2024 (browsertest)"
EDITOR, PASSWORD = "Anna", "wachtwoord van anna"
# Moerwijk: 21,300 inhabitants minus 4,485 children 0-14 minus 3/10 × 2,520 aged 15-24 (CBS KWB 2019) = 16,059
# aged 18+; 55.9% overgewicht (RIVM 2020, 18+) = 8,977.0 people; 150 participants / 8,977.0 × 1,000 = 16.7.
REACH_TEXT = "Bereik: 16,7 per 1.000 inwoners met behoefte (overgewicht, 18+)"


@pytest.fixture(scope="module")
def layer_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("program-layer-db")
    engine = open_store(f"sqlite:///{folder / 'programs.sqlite'}")  # migrated and seeded with the report
    with make_sessions(engine).begin() as s:
        add_user(s, EDITOR, "editor", PASSWORD, rounds=auth.BCRYPT_ROUNDS)
    engine.dispose()
    proc, url = start_streamlit(env={"WIJKDASHBOARD_DB_DIR": str(folder), "DATABASE_URL": ""})
    yield url, folder
    proc.terminate()
    proc.wait(timeout=10)


def _wait_drawn(page) -> None:
    page.frame_locator(MAP_FRAME).locator("body[data-drawn] canvas").wait_for(timeout=60_000)


def _idle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)


def _tooltip_of(page, name: str) -> str:
    """Hover over the map until the tooltip names `name`; its text."""
    box = page.locator(MAP_FRAME).bounding_box()
    for fx in [i / 24 for i in range(3, 22)]:
        for fy in [i / 24 for i in range(3, 22)]:
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            page.wait_for_timeout(40)
            tip = page.frame_locator(MAP_FRAME).locator(".map-tooltip")
            if tip.count() and tip.first.is_visible() and tip.first.inner_text().startswith(f"{name}\n"):
                return tip.first.inner_text()
    raise AssertionError(f"no point of the map showed the {name} tooltip")


def test_gli_on_the_map_from_region_counts_to_moerwijks_reach(page, layer_server, artifacts):
    url, folder = layer_server
    page.goto(url)
    _wait_drawn(page)
    # choose GLI in the program picker
    page.locator(".st-key-w_program").click()
    page.get_by_role("option", name="Gecombineerde leefstijlinterventie (GLI)").click()
    page.wait_for_function("() => location.search.includes('program=gli')", timeout=30_000)
    line = page.get_by_text("Alleen tellingen voor andere gebieden dan de wijken op de kaart: GLI-regio Haaglanden 4.638 deelnemers (2023)")
    line.wait_for(timeout=30_000)
    assert "niet over de wijken verdeeld" in line.inner_text()
    assert page.locator(".st-key-w_reach").count() == 0, "no reach mode without per-wijk counts"
    page.screenshot(path=str(artifacts / "program_layer_gli_region_only.png"), full_page=True)

    # a per-wijk count for Moerwijk, entered by an editor on /invoer
    sign_in(page, url, EDITOR, PASSWORD)
    fill_count(page, "Gecombineerde leefstijlinterventie (GLI)", "Moerwijk (wijk)", dt.date(2024, 1, 1),
               dt.date(2024, 12, 31), 150, SOURCE)
    assert save_count(page).startswith("Telling #")
    engine = open_store(f"sqlite:///{folder / 'programs.sqlite'}", seed=False)
    with make_sessions(engine)() as session:
        saved = session.scalars(select(Count).where(Count.source == SOURCE)).one()
        assert (saved.program_id, saved.area, saved.period_start, saved.period_end, saved.value_low,
                saved.entered_by) == ("gli", "WK051836", dt.date(2024, 1, 1), dt.date(2024, 12, 31), 150, EDITOR)
    engine.dispose()

    page.goto(f"{url}/?program=gli")
    _wait_drawn(page)
    page.get_by_text("heeft een eigen telling voor 1 van de 44 wijken").wait_for(timeout=60_000)
    page.locator(".st-key-w_reach label").click()  # colour by reach per 1,000 residents with the need
    page.wait_for_function("() => location.search.includes('reach=1')", timeout=30_000)
    page.get_by_text("De kaart kleurt naar het bereik van Gecombineerde leefstijlinterventie (GLI)").wait_for(
        timeout=30_000)
    _idle(page)
    _wait_drawn(page)
    legend = page.locator(".legend").inner_text()
    assert "per 1.000" in legend and "geen gegevens" in legend
    tip = _tooltip_of(page, "Moerwijk")
    assert "Gecombineerde leefstijlinterventie (GLI): 150 deelnemers (2024)" in tip  # count and period
    assert REACH_TEXT in tip
    assert "Behoefte RIVM 2020 · inwoners CBS 2019" in tip
    assert f"Bron: {SOURCE}" in tip
    page.screenshot(path=str(artifacts / "program_layer_gli_moerwijk_reach.png"), full_page=True)
    other = _tooltip_of(page, "Laakkwartier en Spoorwijk")
    assert "geen eigen telling voor dit gebied" in other, "a wijk without its own count gets no share of another's"
