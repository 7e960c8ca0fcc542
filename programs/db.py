"""Where the program counts live: the engine, migrations and `open_store`.

- `DATABASE_URL` set (e.g. `postgresql+psycopg://user@host/db`): PostgreSQL, for several app replicas.
  `postgres://` and `postgresql://` are read as psycopg 3 URLs.
- Otherwise SQLite in a data folder: `WIJKDASHBOARD_DB_DIR`, else platformdirs' user data dir
  ("wijkdashboard"); WAL journal, foreign keys on and a busy timeout on every connection.

Saves go through `write`: one transaction, done again (after a growing, jittered pause) when SQLite says the
database is locked, until `SAVE_BUDGET_S` has passed. SQLite has one writer at a time; a transaction that read
before it writes is refused at once (not after the busy timeout) when another writer committed in between, and
its busy handler is not fair under many writers (#21: 6 of 1,000 saves failed with 20 writers).

Migrations are Alembic scripts in `programs/migrations/`, run from code (`migrate`), no alembic.ini needed.
"""
from __future__ import annotations

import fcntl
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

ENV_DATABASE_URL = "DATABASE_URL"
ENV_DB_DIR = "WIJKDASHBOARD_DB_DIR"
SQLITE_FILE = "programs.sqlite"
VERSION_TABLE = "programs_alembic_version"  # own name: other stores may share the database
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 2_000  # one attempt's wait for SQLite's write lock; `write` tries again within its budget
SAVE_BUDGET_S = 10.0  # how long a save keeps trying before the editor is told it failed
T = TypeVar("T")
ADVISORY_LOCK_KEY = 5_180_007  # PostgreSQL: one replica at a time migrates and seeds


def data_dir() -> Path:
    explicit = os.environ.get(ENV_DB_DIR)
    return Path(explicit) if explicit else Path(user_data_dir("wijkdashboard", appauthor=False))


def normalise_url(url: str) -> str:
    """Heroku-style `postgres://` and plain `postgresql://` use psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def database_url() -> str:
    url = os.environ.get(ENV_DATABASE_URL, "").strip()
    if url:
        return normalise_url(url)
    return f"sqlite:///{data_dir() / SQLITE_FILE}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    url = normalise_url(url) if url else database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (pages show what they just saved)."""
    return sessionmaker(engine, expire_on_commit=False)


def is_locked(exc: BaseException) -> bool:
    """SQLite's 'database is locked' / 'database table is locked' (a busy database): worth trying again."""
    return isinstance(exc, OperationalError) and "is locked" in str(exc.orig or exc)


def retry_locked(attempt: Callable[[], T], budget_s: float = SAVE_BUDGET_S,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> T:
    """`attempt()` (a whole transaction), done again while the database is locked, for at most `budget_s`
    seconds: pauses of 50 ms doubling to 1 s, with jitter so that writers do not collide again. Anything else,
    or still locked at the end of the budget, is raised (the transaction rolled back: nothing half-saved)."""
    deadline = clock() + budget_s
    pause = 0.05
    while True:
        try:
            return attempt()
        except OperationalError as exc:
            wait = pause * random.uniform(0.5, 1.5)
            if not is_locked(exc) or clock() + wait > deadline:
                raise
            sleep(wait)
            pause = min(pause * 2, 1.0)


def write(sessions: sessionmaker[Session], work: Callable[[Session], T], budget_s: float = SAVE_BUDGET_S) -> T:
    """A save: `work(session)` in one transaction, committed, retried while the database is locked."""
    def attempt() -> T:
        with sessions.begin() as session:
            return work(session)

    return retry_locked(attempt, budget_s)


def alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _run(bind: Engine | Connection, action: Any, revision: str) -> None:
    if isinstance(bind, Connection):
        action(alembic_config(bind), revision)
        return
    with bind.begin() as conn:
        action(alembic_config(conn), revision)


def migrate(bind: Engine | Connection, revision: str = "head") -> None:
    """Upgrade the schema to `revision` (default: the newest)."""
    _run(bind, command.upgrade, revision)


def downgrade(bind: Engine | Connection, revision: str) -> None:
    _run(bind, command.downgrade, revision)


def current_revision(bind: Engine | Connection) -> str | None:
    if isinstance(bind, Connection):
        return MigrationContext.configure(bind, opts={"version_table": VERSION_TABLE}).get_current_revision()
    with bind.connect() as conn:
        return current_revision(conn)


@contextmanager
def _startup_lock(engine: Engine) -> Iterator[Connection]:
    """Processes starting together migrate and seed one after the other.

    PostgreSQL: a transaction-level advisory lock. SQLite: an exclusive lock on a file beside the database.
    """
    database = engine.url.database or ""
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        with open(f"{database}.lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            with engine.begin() as conn:
                yield conn
        return
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        yield conn


def open_store(url: str | None = None, seed: bool = True) -> Engine:
    """An engine on a migrated store; a new store gets the report's figures (programs.seed)."""
    from programs.seed import seed_store

    engine = make_engine(url)
    with _startup_lock(engine) as conn:
        migrate(conn)
        if seed:
            with Session(bind=conn) as session:
                seed_store(session)
                session.flush()
    return engine
