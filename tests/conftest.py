"""Shared fixtures: an isolated cache folder, the mirror's location, AppTest helpers and a live server."""
from __future__ import annotations

import math
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import requests
import streamlit.elements.plotly_chart  # noqa: F401  (see below)
from hypothesis import HealthCheck, settings

# The app imports Streamlit before the charts: Streamlit's plotly code sets plotly's default template to its own when
# it is first imported, then charts/__init__ sets plotly_white. The tests keep that order whatever a test imports
# first (a test of charts.trend that then imported ui.cache left the pages' figures with Streamlit's template).

# Generated-input tests share 2 cores with a live server and browsers in CI: a slow draw is not a failure, and a
# run must not depend on the clock (a failure is reproduced with the printed seed).
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
MIRROR = ROOT.parent / "shared" / "data"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Downloads and the store on the developer's machine must not change what the tests read or leave behind.

    The embedded default (data/embedded) is off unless a test asks for it (tests/test_embedded.py,
    tests/test_offline_browser.py): the tests of a missing or broken data set must not fall back to it.
    """
    isolated = {"XDG_CACHE_HOME": str(tmp_path_factory.mktemp("xdg-cache")),
                "WIJKDASHBOARD_DB_DIR": str(tmp_path_factory.mktemp("db")),  # pages that open the store
                "WIJKDASHBOARD_NO_EMBEDDED": "1"}
    old = {key: os.environ.get(key) for key in isolated}
    os.environ.update(isolated)
    yield
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def need_mirror() -> Path:
    """The mirror, or a skip on a developer's machine and a failure in CI (CI=true): CI must run every test."""
    if not MIRROR.is_dir():
        message = f"the workspace mirror ../shared/data ({MIRROR}) is not beside the repo"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI needs it (the real data; see README, Set-up)")
        pytest.skip(message)
    return MIRROR


@pytest.fixture(scope="session")
def mirror() -> Path:
    return need_mirror()


def app_data_problem(gemeente: str = "GM0518", lang: str = "nl") -> str | None:
    """What the app would show instead of its pages (the data-missing box), or None when its data loads.

    A live server started without its data answers every browser test with that box; the browser tests then
    fail at once with the app's own text instead of waiting 60 s for a map that never comes.
    """
    from geo.boundaries import gemeente_names, read_areas
    from indicators.observations import build_observations
    from indicators.sources import DataError
    from texts.i18n import t

    try:
        gemeente_names()
        for level in ("wijk", "buurt"):
            read_areas(gemeente, level)
        build_observations(gemeente)
    except DataError as exc:
        return f"{t('data_missing_title', lang)}: {exc}"
    return None


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def app_test(params: dict[str, str] | None = None, timeout: float = 60):
    """An AppTest of the whole app (router + pages) with query parameters set, not yet run."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at


def open_page(page: str, params: dict[str, str] | None = None, timeout: float = 60):
    """The whole app (router first) opened at views/<page>.py with link parameters, after one run."""
    at = app_test(params, timeout)
    at.switch_page(f"views/{page}.py")
    at.run()
    return at


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nav_link(page, path: str):
    """The sidebar's link to the page at `path` ('' is the map), bare or carrying the view's query (ui.page_scripts
    writes the page's query string into each link)."""
    return page.locator(f"[data-testid='stSidebarNav'] a:is([href$='/{path}'], [href*='/{path}?'])")


def start_streamlit(env: dict[str, str] | None = None, script: str = "serve.py",
                    downloads: str | None = None, root: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """`streamlit run` on a free port (as Streamlit's own e2e suite does); waits for the health check.
    `downloads` ("recorded" or "offline"): the server's CBS/RIVM/PDOK requests are answered by
    tests/recorded_server.py instead of the network. `root`: the checkout whose script runs (bench.ab)."""
    port = _free_port()
    launcher = ([sys.executable, str(ROOT / "tests" / "recorded_server.py"), downloads] if downloads
                else [sys.executable, "-m", "streamlit"])
    proc = subprocess.Popen(
        [*launcher, "run", str(root / script), "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=root, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    base = (env or {}).get("STREAMLIT_SERVER_BASE_URL_PATH", "").strip("/")  # a server under a prefix
    health = f"{url}/{base}/_stcore/health" if base else f"{url}/_stcore/health"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if requests.get(health, timeout=1).ok:
                return proc, url
        except requests.RequestException:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not start within 60 s")


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    problem = app_data_problem()
    if problem:
        pytest.fail(f"the app shows its data-missing page, so no browser test can pass: {problem}")
    proc, url = start_streamlit()
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright launches Debian's chromium (no browser downloads on these machines)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: scripts/test.sh installs it")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}, "accept_downloads": True}


def pytest_terminal_summary(terminalreporter) -> None:
    """The generated walk of issue #16 prints its visits and failures at the end of the run, like the reliability
    figures (its test output is hidden when it passes)."""
    walk = sys.modules.get("tests.test_paths_browser")
    if walk is not None and walk.TALLY.visits:
        terminalreporter.write_sep("=", "paths walk (issue #16)")
        for line in walk.summary():
            terminalreporter.write_line(line)


CHART = ".wijk-plot .main-svg"  # a plotly chart as the browser draws it (ui/components/plotchart)


def chart_figures(at) -> list[dict]:
    """The plotly figures a page drew, as plotly's JSON: ui.components.plotchart's, then st.plotly_chart's (the
    presentation, or every chart on a server without static serving)."""
    import json

    drawn = [json.loads(json.loads(e.proto.json)["figure"]) for e in at.get("bidi_component")
             if e.proto.component_name == "wijk_plotchart"]
    return drawn + [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def trace_numbers(values) -> list[float]:
    """A trace's numbers from plotly's JSON: a list (None for a gap: NaN), or a typed array ({dtype, bdata}: base64
    bytes, as plotly writes a pandas Series)."""
    import base64

    import numpy as np

    if isinstance(values, dict):
        return [float(v) for v in np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])]
    return [math.nan if v is None else float(v) for v in values]


def link_notices(at) -> list[str]:
    """What a page says about its link: warnings above the page, toasts on the presentation (whose slide fills the
    screen)."""
    return [w.value for w in at.warning] + [toast.value for toast in at.toast]


def trusted_html_bodies(at) -> list[str]:
    """The markup a page showed through ui.components.trusted_html, in page order."""
    import json

    return [json.loads(e.proto.json)["html"] for e in at.get("bidi_component")
            if e.proto.component_name == "wijk_trusted_html"]


def first_chart_values(at) -> set[float]:
    """The y values drawn in the page's first plotly chart."""
    spec = chart_figures(at)[0]
    return {y for trace in spec["data"] for y in (trace.get("y") or []) if isinstance(y, (int, float))}


def save_count(program: str, area: str, value: int, year: int = 2025, source: str = "test") -> None:
    """A count of `program` for `year` saved in the app's store (ui.store), as an editor's entry would be."""
    import datetime as dt

    from programs import store
    from ui.store import sessions

    with sessions()() as session, session.begin():
        store.add_count(session, {"program": program, "area": area, "period_start": dt.date(year, 1, 1),
                                  "period_end": dt.date(year, 12, 31), "value_low": value, "source": source}, "tester")


def save_gli_count(area: str, value: int) -> None:
    """A GLI count for 2025 saved in the app's store (ui.store)."""
    save_count("gli", area, value)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[pd.DataFrame, str, str, str]]:
    """Every download the page offers, as (its numbers as a click would make them, file name, language, key)."""
    import ui.widgets

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path))
    seen: list[tuple[pd.DataFrame, str, str, str]] = []
    original = ui.widgets.download_buttons

    def record(export, file_name, lang, key):
        seen.append((export() if callable(export) else export, file_name, lang, key))
        original(export, file_name, lang, key)

    monkeypatch.setattr(ui.widgets, "download_buttons", record)
    return seen
