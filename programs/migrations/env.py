"""Alembic environment of the program-count store.

`programs.db.migrate()` passes an open connection in `config.attributes["connection"]`; without one (the
`alembic` command line with `-c programs/migrations/alembic.ini`) an engine is built from DATABASE_URL or the
SQLite default, exactly as the app does.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from programs.db import VERSION_TABLE, database_url, make_engine
from programs.models import Base

config = context.config


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    if context.is_offline_mode():
        context.configure(url=database_url(), target_metadata=Base.metadata, version_table=VERSION_TABLE,
                          literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = make_engine()
    try:
        with engine.begin() as conn:
            _configure(conn)
    finally:
        engine.dispose()


run()
