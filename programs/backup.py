"""Backups of the program-count store, and restoring them (issue #11: lose nothing, and know the restore works).

- SQLite: the online backup API of sqlite3 (what the `sqlite3` shell's `.backup` does): a consistent copy while
  the app keeps running and writing (WAL), never a half-written file. A restore writes a NEW file (it refuses to
  overwrite one unless asked), so a bad backup cannot destroy the store it should replace.
- PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists --no-owner` (the client tools of
  Debian's `postgresql-client`; the same major version as the server or newer).
- `summary(url)` says what a store holds: rows per table and one SHA-256 over every row of every table, so a
  backup can be checked against its original (`verify`).

    python -m programs.backup backup  FILE [--db URL]      # the app's store (DATABASE_URL or its SQLite file)
    python -m programs.backup restore FILE --to URL_OR_FILE [--force]
    python -m programs.backup summary [--db URL | FILE]
    python -m programs.backup verify  FILE [--db URL]      # restore FILE into a scratch copy and compare

A file ending in `.sqlite`/`.db` is an SQLite store; other backup files are pg_dump archives.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, make_url, select
from sqlalchemy.engine import URL

from programs.db import database_url, normalise_url

SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


class BackupError(RuntimeError):
    pass


# --- what a store holds ------------------------------------------------------------------------------------

def _url(url_or_file: str | Path) -> str:
    text = str(url_or_file)
    if "://" in text:
        return normalise_url(text)
    return f"sqlite:///{Path(text).resolve()}"


def summary(url_or_file: str | Path) -> dict[str, Any]:
    """{"tables": {name: rows}, "checksum": sha256 of every row of every table (ordered by primary key)}."""
    engine = create_engine(_url(url_or_file))
    try:
        meta = MetaData()
        meta.reflect(engine)
        digest = hashlib.sha256()
        tables: dict[str, int] = {}
        with engine.connect() as conn:
            for name in sorted(meta.tables):
                table = meta.tables[name]
                order = list(table.primary_key.columns) or list(table.columns)
                rows = conn.execute(select(table).order_by(*order)).all()
                tables[name] = len(rows)
                digest.update(name.encode())
                for row in rows:
                    digest.update(repr(tuple(row)).encode())
        return {"tables": tables, "checksum": digest.hexdigest()}
    finally:
        engine.dispose()


# --- SQLite ------------------------------------------------------------------------------------------------

def _sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise BackupError(f"not an SQLite file store: {url}")
    return Path(parsed.database)


def backup_sqlite(source: Path, dest: Path) -> Path:
    """A consistent copy of a live SQLite store (sqlite3's backup API), written to `dest`."""
    if not Path(source).is_file():
        raise BackupError(f"no SQLite store at {source}")
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    out = sqlite3.connect(tmp)
    try:
        src.backup(out)
        out.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        check = out.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"the backup of {source} failed its integrity check: {check}")
    finally:
        out.close()
        src.close()
    os.replace(tmp, dest)
    return dest


def restore_sqlite(backup: Path, dest: Path, force: bool = False) -> Path:
    """The backup as a new SQLite store at `dest` (an existing file only with `force`; it is replaced whole)."""
    backup, dest = Path(backup), Path(dest)
    if not backup.is_file():
        raise BackupError(f"no backup at {backup}")
    if dest.exists() and not force:
        raise BackupError(f"{dest} exists: restore into a new file, or pass --force to replace it")
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        check = src.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"{backup} is damaged: {check}")
    except sqlite3.DatabaseError as exc:
        src.close()
        raise BackupError(f"{backup} is not an SQLite backup: {exc}") from exc
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    out = sqlite3.connect(tmp)
    try:
        src.backup(out)
    finally:
        out.close()
        src.close()
    for stale in (dest.with_name(dest.name + "-wal"), dest.with_name(dest.name + "-shm")):
        stale.unlink(missing_ok=True)  # a -wal of the replaced file must not be replayed into the restored one
    os.replace(tmp, dest)
    return dest


# --- PostgreSQL --------------------------------------------------------------------------------------------

def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: on PATH, else the newest /usr/lib/postgresql/*/bin (Debian)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if candidates:
        return candidates[-1]
    raise BackupError(f"{name} not found: install Debian's postgresql-client")


def _libpq(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection options of a SQLAlchemy URL for the libpq tools; the password goes in the environment."""
    parsed: URL = make_url(url)
    args = []
    if parsed.host:
        args += ["--host", parsed.host]
    if parsed.port:
        args += ["--port", str(parsed.port)]
    if parsed.username:
        args += ["--username", parsed.username]
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return args + ["--dbname", parsed.database or ""], env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def backup_postgres(url: str, dest: Path) -> Path:
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    args, env = _libpq(url)
    tmp = dest.with_name(dest.name + ".part")
    _run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(tmp), *args], env)
    os.replace(tmp, dest)
    return dest


def restore_postgres(dump: Path, url: str) -> None:
    """Into an existing (preferably empty) database; tables of the dump are dropped and created again."""
    if not Path(dump).is_file():
        raise BackupError(f"no backup at {dump}")
    args, env = _libpq(url)
    _run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error", "--single-transaction",
          *args, str(dump)], env)


# --- one interface -----------------------------------------------------------------------------------------

def is_sqlite_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() in SQLITE_SUFFIXES


def backup(dest: str | Path, url: str | None = None) -> Path:
    """Back up the store at `url` (default: the app's) to `dest`."""
    url = normalise_url(url) if url else database_url()
    sqlite_store = url.startswith("sqlite")
    if sqlite_store != is_sqlite_file(dest):  # restore() tells the two kinds apart by the file name
        wanted = "end in .sqlite or .db" if sqlite_store else "not end in .sqlite or .db (e.g. .dump)"
        raise BackupError(f"a backup of this {'SQLite' if sqlite_store else 'PostgreSQL'} store must {wanted}")
    if sqlite_store:
        return backup_sqlite(_sqlite_path(url), Path(dest))
    return backup_postgres(url, Path(dest))


def restore(source: str | Path, to: str | Path, force: bool = False) -> None:
    """Restore a backup file into `to`: an SQLite file (or sqlite:/// URL) or a PostgreSQL URL."""
    target = str(to)
    if is_sqlite_file(source):
        path = _sqlite_path(target) if "://" in target else Path(target)
        restore_sqlite(Path(source), path, force=force)
        return
    if "://" not in target or target.startswith("sqlite"):
        raise BackupError("a pg_dump archive is restored into a PostgreSQL database URL")
    restore_postgres(Path(source), normalise_url(target))


def verify(backup_file: str | Path, url: str | None = None) -> dict[str, Any]:
    """SQLite: restore the backup into a scratch file and compare it with the store at `url` row for row."""
    if not is_sqlite_file(backup_file):
        raise BackupError("verify compares SQLite backups; restore a pg_dump archive into a scratch database "
                          "and compare `summary` of both")
    url = normalise_url(url) if url else database_url()
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "restored.sqlite"
        restore_sqlite(Path(backup_file), copy)
        restored, original = summary(copy), summary(url)
    return {"same": restored == original, "backup": restored, "store": original}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m programs.backup", description="Back up and restore the store.")
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("backup", help="back up the store to FILE (.sqlite for SQLite, else a pg_dump archive)")
    make.add_argument("file")
    make.add_argument("--db", help="database URL (default: DATABASE_URL, else the app's SQLite store)")
    back = sub.add_parser("restore", help="restore FILE into a new SQLite file or a PostgreSQL database")
    back.add_argument("file")
    back.add_argument("--to", required=True, help="an SQLite file or URL, or a PostgreSQL URL")
    back.add_argument("--force", action="store_true", help="replace an existing SQLite file")
    show = sub.add_parser("summary", help="rows per table and a checksum of the store")
    show.add_argument("target", nargs="?", help="an SQLite file or a database URL (default: the app's store)")
    check = sub.add_parser("verify", help="restore an SQLite backup into a scratch file and compare with the store")
    check.add_argument("file")
    check.add_argument("--db", help="database URL (default: the app's store)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "backup":
            print(f"backed up to {backup(args.file, args.db)}")
        elif args.command == "restore":
            restore(args.file, args.to, force=args.force)
            print(f"restored {args.file} into {args.to}")
        elif args.command == "summary":
            print(json.dumps(summary(args.target or database_url()), indent=2))
        elif args.command == "verify":
            result = verify(args.file, args.db)
            print(json.dumps(result, indent=2))
            return 0 if result["same"] else 2
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
