"""Fixtures for the program-count store, on SQLite and on PostgreSQL (same test code).

Import them into a test module: `from tests.conftest_pg import db_url, engine, sessions  # noqa: F401`.
The PostgreSQL run needs TEST_DATABASE_URL (scripts/start_postgres.sh sets it). Without it the postgresql
cases skip on a developer's machine and FAIL in CI (CI=true): the store must be tested on both.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from programs.db import make_sessions, open_store

BACKENDS = ["sqlite", "postgresql"]


def postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if url:
        return url
    message = "TEST_DATABASE_URL is not set: run `source scripts/start_postgres.sh` first"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def reset_postgres(url: str) -> None:
    """Empty the test database (only one whose name ends in _test: never a real one)."""
    name = make_url(url).database or ""
    assert name.endswith("_test"), f"refusing to wipe database {name!r}: test databases end in _test"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    # Pages opened by AppTest in this process keep their store engine in st.cache_resource, keyed by the URL,
    # and would take the wiped database for a migrated one.
    st.cache_resource.clear()


def backend_url(backend: str, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'programs.sqlite'}"
    url = postgres_url()
    reset_postgres(url)
    return url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database: a new SQLite file, or the emptied PostgreSQL test database."""
    return backend_url(request.param, tmp_path)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated store holding the report's figures."""
    eng = open_store(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessions(engine)
