"""Data as of: how fresh each data file is (for /bronnen), and the age of the data for the sidebar. No Streamlit.

Per file the modification time on disk, and, when the file was downloaded by `indicators.refresh`, what
`freshness.json` beside it says (written by `indicators.odata.record_freshness`: the table's `Modified` date at
CBS/RIVM and when it was downloaded). `freshness.json` is read defensively: a missing, unreadable or oddly shaped
file, or an odd entry, just means "not known".
"""
from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from indicators.catalogue import Catalogue
from indicators.sources import (DATASETS, EMBEDDED_DIR, ENV_DATA_DIR, MIRROR_DIR, cache_dir, find_files,
                                search_dirs)

FRESHNESS_FILE = "freshness.json"  # the same name as indicators.odata.FRESHNESS_FILE (no import: odata pulls in requests)


@dataclass(frozen=True)
class FileFreshness:
    """One data file and what is known about its age."""

    dataset: str  # key of indicators.sources.DATASETS
    path: Path
    name: str  # the path relative to the folder it was found in (e.g. `raw/…geojson`)
    folder: str  # explicit | cache | mirror | embedded | other
    file_modified: datetime | None  # mtime on disk, UTC (None when the file vanished)
    table: str | None = None  # from freshness.json
    table_modified: datetime | None = None  # the table's `Modified` at CBS/RIVM, from freshness.json
    downloaded: datetime | None = None  # when indicators.refresh wrote it, from freshness.json
    # the loaders read the gemeente's figures from it: describe_files says the first found, mark_read which files the
    # loaders took (the first found need not hold the gemeente: Den Haag's health file on Wassenaar's page)
    preferred: bool = False


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 text (`2025-03-27T02:00:00`, with or without zone) as an aware UTC datetime, else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def read_freshness(directory: Path) -> dict[str, dict]:
    """`directory/freshness.json` as {file name: entry}; anything unreadable or malformed is left out."""
    path = directory / FRESHNESS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(name): entry for name, entry in data.items() if isinstance(entry, dict)}


def file_modified(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
    except OSError:
        return None


def folder_kind(directory: Path, explicit: Path | None = None, cache: Path | None = None,
                mirror: Path | None = None) -> str:
    for kind, candidate in (("explicit", explicit), ("cache", cache), ("mirror", mirror), ("embedded", EMBEDDED_DIR)):
        if candidate is not None and Path(candidate).resolve() == Path(directory).resolve():  # a mirror may be a link
            return kind
    return "other"


def _locate(path: Path, dirs: Iterable[Path]) -> tuple[Path, str]:
    """The search folder holding `path` and the path relative to it (the key in freshness.json). Compared resolved:
    find_files gives resolved paths, and a mirror reached through a link named its `raw/` files 'other folder'."""
    for directory in dirs:
        for form in (directory, directory.resolve()):
            try:
                return directory, path.relative_to(form).as_posix()
            except ValueError:
                continue
    return path.parent, path.name


def describe_files(dataset: str, paths: Iterable[Path], dirs: Iterable[Path],
                   records: Mapping[Path, Mapping[str, Mapping]] | None = None,
                   explicit: Path | None = None, cache: Path | None = None,
                   mirror: Path | None = None) -> list[FileFreshness]:
    """Freshness of a data set's files (in search order; the first is the one used).

    `records` maps a folder to its freshness.json entries; folders not in it are read with `read_freshness`.
    """
    dirs = list(dirs)
    known: dict[Path, Mapping[str, Mapping]] = dict(records or {})
    out = []
    for n, path in enumerate(paths):
        directory, name = _locate(Path(path), dirs)
        if directory not in known:
            known[directory] = read_freshness(directory)
        entry = known[directory].get(name) or {}
        table = entry.get("table")
        out.append(FileFreshness(
            dataset=dataset, path=Path(path), name=name,
            folder=folder_kind(directory, explicit, cache, mirror),
            file_modified=file_modified(Path(path)),
            table=str(table) if isinstance(table, (str, int)) and str(table) else None,
            table_modified=parse_time(entry.get("modified")),
            downloaded=parse_time(entry.get("downloaded")),
            preferred=n == 0,
        ))
    return out


def data_as_of(gemeente: str, datasets: Iterable[str] | None = None) -> dict[str, list[FileFreshness]]:
    """Every data set (DATASETS order) -> its files with their freshness; an empty list when none is present."""
    explicit = Path(os.environ[ENV_DATA_DIR]) if os.environ.get(ENV_DATA_DIR) else None
    dirs = search_dirs()
    return {
        key: describe_files(key, find_files(key, gemeente), dirs, explicit=explicit, cache=cache_dir(),
                            mirror=MIRROR_DIR)
        for key in (datasets if datasets is not None else DATASETS)
    }


def as_of(file: FileFreshness) -> datetime | None:
    """The best "data as of" date of one file: the table's date at the source, else the download, else the disk."""
    return file.table_modified or file.downloaded or file.file_modified


def newest(files: Iterable[FileFreshness]) -> datetime | None:
    """The most recent "data as of" date among files."""
    times = [t for t in (as_of(f) for f in files) if t is not None]
    return max(times) if times else None


# The statistical table each data set holds (issue #18: the sidebar names each source's own period, not a file date).
DATASET_TABLES = {"kwb_2015": "83220NED", "rivm_50090": "50090NED", "rivm_50120": "50120NED",
                  "rivm_50150": "50150NED", "kwb_2019": "84583NED", "kwb_2024": "85984NED"}


def mark_read(files: Mapping[str, Sequence[FileFreshness]], read_from: Mapping[str, Collection[Path]]
              ) -> dict[str, list[FileFreshness]]:
    """The files with `preferred` where the gemeente's figures are read from: a statistical table's data set by
    `read_from` (table -> files, indicators.observations.source_files: none when no file holds the gemeente), the
    boundaries as found (geo reads the first file that holds the gemeente; their names are per gemeente)."""
    def read(key: str, file: FileFreshness) -> bool:
        table = DATASET_TABLES.get(key)
        return file.preferred if table is None else file.path in set(read_from.get(table, ()))

    return {key: [replace(f, preferred=read(key, f)) for f in found] for key, found in files.items()}


@dataclass(frozen=True)
class SourcePeriod:
    """One statistical table the gemeente's figures are read from: its publisher, its data years in the catalogue
    and its release if known."""

    publisher: str  # RIVM | CBS
    years: tuple[int, ...]  # ascending
    release: datetime | None  # the table's `Modified` at the source (freshness.json), else None


def source_periods(files: Mapping[str, Sequence[FileFreshness]],
                   table_years: Mapping[str, tuple[str, tuple[int, ...]]]) -> list[SourcePeriod]:
    """Per table with a file the figures are read from (`preferred`: mark_read's files of the gemeente) its years
    (`table_years`: table -> (publisher, its years in the catalogue)), health (RIVM) first, then by year. A file
    found but not read is not counted: the mirror's KWB 2019 file holds Den Haag only. Files do not date the data:
    their mtime is the copy date, so only a table's own `Modified` counts as its release."""
    periods = []
    for dataset, found in files.items():
        table = DATASET_TABLES.get(dataset)
        read = [f for f in found if f.preferred]
        if read and table in table_years:
            publisher, years = table_years[table]
            periods.append(SourcePeriod(publisher, years, next((f.table_modified for f in read if f.table_modified),
                                                              None)))
    return sorted(periods, key=lambda p: (p.publisher != "RIVM", p.publisher, p.years))


def last_download(files: Mapping[str, list[FileFreshness]]) -> FileFreshness | None:
    """The most recently downloaded file among those the loaders read first; None when nothing was downloaded."""
    downloaded = [f for found in files.values() for f in found if f.preferred and f.downloaded is not None]
    return max(downloaded, key=lambda f: f.downloaded) if downloaded else None


def table_years(cat: Catalogue) -> dict[str, tuple[str, tuple[int, ...]]]:
    """Table id -> (publisher, every year any indicator of the catalogue has in it, ascending): RIVM's health monitor
    50090NED holds 2012, 2016 and 2020, not its newest year alone. Tables without a year are left out."""
    years: dict[str, set[int]] = {}
    for ind in cat.indicators:
        for source in ind.sources:
            years.setdefault(source.table, set()).update(source.years)
    return {table: (cat.table(table).publisher, tuple(sorted(found))) for table, found in years.items() if found}
