"""A just-started server's first visitor (issue #19): serve.py's start-up has already imported what the router and
the map page import, opened the program store and run Streamlit's once-per-process check, and has moved the
preloaded objects out of the garbage collector's sight. Each check runs in a fresh interpreter (the test process
has long imported everything)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(code: str, tmp_path: Path) -> dict:
    """`code` in a new interpreter at the project root with an empty data folder and its own SQLite store; its last
    printed line is JSON."""
    env = {**os.environ, "WIJKDASHBOARD_DATA_DIR": str(tmp_path / "data"), "WIJKDASHBOARD_NO_MIRROR": "1",
           "WIJKDASHBOARD_DB_DIR": str(tmp_path / "db")}
    env.pop("DATABASE_URL", None)
    (tmp_path / "data").mkdir()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


PRELOAD = """
import json, sys
import programs.db
from ui.cache import preload
preload()  # no data: logged, not raised
opened = []
real = programs.db.open_store
programs.db.open_store = lambda *a, **k: opened.append(1) or real(*a, **k)
import ui.store
ui.store.open_store = programs.db.open_store
ui.store.sessions()
print(json.dumps({"modules": sorted(sys.modules), "opened_again": len(opened)}))
"""


def test_preload_imports_what_the_router_and_the_map_page_import(tmp_path):
    out = run_python(PRELOAD, tmp_path)
    modules = set(out["modules"])
    # app.py's imports (sqlalchemy and alembic come with ui.auth, requests with ui.download) and the map page's
    for name in ("ui.auth", "ui.download", "ui.sidebar", "ui.context", "ui.a11y", "views.kaart_panels",
                 "views.kaart_program", "ui.widgets", "ui.links", "exports.indicator_tables", "sqlalchemy"):
        assert name in modules, name
    assert "views.kaart" not in modules  # the page itself is read for its imports, never run


def test_preload_opens_the_program_store_once(tmp_path):
    out = run_python(PRELOAD, tmp_path)
    assert out["opened_again"] == 0  # the sidebar's first run takes the engine from the cache
    assert (tmp_path / "db").is_dir()  # the store was created where the environment says, not in the user's folder


def test_server_start_freezes_what_the_preload_loaded(tmp_path):
    out = run_python("""
import asyncio, gc, json
import ui.cache
ui.cache.preload = lambda: None
import serve

async def start():
    async with serve.lifespan(serve.app):
        return gc.get_freeze_count()

print(json.dumps({"before": gc.get_freeze_count(), "frozen": asyncio.run(start())}))
""", tmp_path)
    assert out["before"] == 0 and out["frozen"] > 0


def test_the_server_runs_no_full_collection_after_each_run(tmp_path):
    """Streamlit's config as the server reads it from .streamlit/config.toml (a misspelt key would be ignored there):
    no gc.collect(2) after every script run, which walks everything the caches hold while the run's last messages
    wait (~100-150 ms once a few gemeenten were shown; bench.ab --warm)."""
    out = run_python("""
import json
from streamlit import config
print(json.dumps({"post_script_gc": config.get_option("runner.postScriptGC")}))
""", tmp_path)
    assert out["post_script_gc"] is False


def test_the_focus_outline_is_the_themes_primary_colour(tmp_path):
    """The sidebar links' keyboard focus outline (ui.page_scripts) takes the primary colour from the theme in
    .streamlit/config.toml, as the server reads it: one place to change it."""
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    out = run_python("""
import json
from ui.page_scripts import PAGE_STYLE
print(json.dumps({"style": PAGE_STYLE}))
""", tmp_path)
    assert f"a:focus-visible {{ outline: 2px solid {theme['primaryColor']};" in out["style"]
