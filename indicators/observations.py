"""Tidy observations: one row per area, indicator, year and age (DESIGN.md "Tidy observations").

Readers turn each source file into a *wide* frame (`code, year, age` + the table's CBS columns as text);
`to_tidy` melts the catalogue's columns into `area_code, level, indicator, year, age, value, status, source`.
Missing values are NaN with a status, never 0.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection
from pathlib import Path

import geopandas as gpd
import pandas as pd

from indicators.areas import part_of_gemeente
from indicators.catalogue import Catalogue, catalogue
from indicators.file_memo import per_file_version
from indicators.sources import DataFileError, DataMissingError, find_files, missing_message
from indicators.workbooks import read_workbook
from texts.i18n import SMALL_COUNT

TIDY_COLUMNS = ["area_code", "level", "indicator", "year", "age", "value", "status", "source"]
AGE_CODES = {"20300": "18plus", "80200": "65plus"}
LEVEL_PREFIX = {"NL": "nl", "GM": "gemeente", "WK": "wijk", "BU": "buurt"}
KWB_TABLES = {"83220NED", "84583NED", "85984NED"}
NL_CODE = "NL01"


def level_of(code: str) -> str:
    return LEVEL_PREFIX.get(code[:2], "unknown")


def in_gemeente(codes: pd.Series, gemeente: str) -> pd.Series:
    """NL, the gemeente itself and its wijken/buurten (codes WK0518.., BU0518.. for GM0518)."""
    return (codes == NL_CODE) | codes.str.match(part_of_gemeente(gemeente))


def _require(frame: pd.DataFrame, path: Path, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataFileError(path, f"missing column(s) {', '.join(missing)}")


def check_complete_csv(path: Path) -> None:
    """Refuse a CSV that was cut off (an interrupted download or copy, a full disk): pandas reads it without an
    error and pads the cut last row with empty cells, which would show made-up numbers (issue #11)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"cannot be read: {exc}") from exc
    if text and not text.endswith(("\n", "\r")):
        raise DataFileError(path, "is truncated: its last line is incomplete (an interrupted download or copy?)")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    for row in reader:
        if row and len(row) != len(header):
            raise DataFileError(path, f"line {reader.line_num} has {len(row)} fields, the header {len(header)} "
                                      "(truncated or corrupt?)")


@per_file_version(maxsize=8)
def read_csv_cells(path: Path) -> pd.DataFrame:
    """A CSV's cells as text, refused when cut off (check_complete_csv); parsed once per file version (shared:
    callers filter it into new frames)."""
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataFileError(path, f"cannot be read: {exc}") from exc
    check_complete_csv(path)
    return raw


@per_file_version(maxsize=4)  # a national workbook is ~10 MB parsed: the four of NL at most
def _workbook(path: Path) -> pd.DataFrame:
    try:
        return read_workbook(path)
    except (ValueError, OSError) as exc:
        raise DataFileError(path, f"cannot be read: {exc}") from exc


def read_rivm_file(path: Path, gemeente: str, columns: Collection[str] = ()) -> pd.DataFrame:
    """A 50090NED-style file (mirror CSV, downloaded CSV or national xlsx) as a wide frame. `columns`: the
    indicator columns a CSV must have (a missing one is named, never silently left out of the map)."""
    raw = _workbook(path) if path.suffix == ".xlsx" else read_csv_cells(path)
    _require(raw, path, ["Codering_3", "Perioden", "Leeftijd", *(columns if path.suffix != ".xlsx" else ())])
    raw = raw[in_gemeente(raw["Codering_3"].str.strip(), gemeente)]  # a national file: strip only what is kept
    raw = raw.apply(lambda col: col.str.strip())
    if "Marges" in raw.columns:  # downloads may carry confidence bounds as extra rows: keep the estimate
        raw = raw[raw["Marges"].isin(["MW00000", ""])]
    unknown_ages = set(raw["Leeftijd"]) - set(AGE_CODES)
    if unknown_ages:
        raise DataFileError(path, f"unknown Leeftijd code(s) {sorted(unknown_ages)}")
    wide = raw.assign(
        code=raw["Codering_3"], year=raw["Perioden"].str[:4].astype(int), age=raw["Leeftijd"].map(AGE_CODES)
    )
    wide.attrs["path"] = str(path)
    return wide


def read_kwb_csv(path: Path, gemeente: str, year: int) -> pd.DataFrame:
    """A KWB CSV with a `code` column (mirror derivative or download)."""
    raw = read_csv_cells(path)
    _require(raw, path, ["code"])
    raw = raw[in_gemeente(raw["code"].str.strip(), gemeente)]
    raw = raw.apply(lambda col: col.str.strip())
    wide = raw.assign(year=year, age="all")
    wide.attrs["path"] = str(path)
    return wide


@per_file_version(maxsize=4)
def _kwb_json_cells(path: Path) -> pd.DataFrame:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise DataFileError(path, f"is not valid JSON (truncated or corrupt?): {exc}") from exc
    if not isinstance(data, dict):
        raise DataFileError(path, "expected an object of area code -> values")
    raw = pd.DataFrame.from_dict(data, orient="index").astype(str).replace({"nan": "", "None": ""})
    raw.index = raw.index.str.strip()
    return raw


def read_kwb_json(path: Path, gemeente: str, year: int) -> pd.DataFrame:
    """The KWB 2024 JSON export: {code: {column: value}} for every gemeente and wijk of NL."""
    raw = _kwb_json_cells(path)
    raw = raw[in_gemeente(raw.index.to_series(), gemeente).to_numpy()]
    return raw.assign(code=raw.index, year=year, age="all").reset_index(drop=True)


@per_file_version(maxsize=8)
def _map_attributes(path: Path) -> pd.DataFrame:
    try:
        return gpd.read_file(path, engine="pyogrio", ignore_geometry=True)
    except Exception as exc:  # pyogrio raises several types for corrupt files
        raise DataFileError(path, f"cannot be read as GeoJSON (truncated or corrupt?): {exc}") from exc


def read_kwb_2015_map(paths: list[Path], gemeente: str) -> pd.DataFrame:
    """KWB 2015 is the attribute table of the Wijk- en Buurtkaart 2015 (gemeente, wijk and buurt files)."""
    parts = []
    for path in paths:
        attrs = _map_attributes(path)
        code_col = next((c for c in ("BU_CODE", "WK_CODE", "GM_CODE") if c in attrs.columns), None)
        if code_col is None or "GM_CODE" not in attrs.columns:
            raise DataFileError(path, "missing column(s) GM_CODE / WK_CODE / BU_CODE")
        attrs = attrs[attrs["GM_CODE"] == gemeente]
        parts.append(attrs.astype(str).assign(code=attrs[code_col].astype(str).str.strip()))
    return pd.concat(parts, ignore_index=True).assign(year=2015, age="all") if parts else pd.DataFrame()


class UnreadableValues(ValueError):
    """Text in a number column ('n.v.t.'): not a value the source withheld, but one we cannot read."""

    def __init__(self, examples: list[str], count: int):
        self.examples, self.count = examples, count
        super().__init__(f"{count} cell(s) are not numbers, e.g. {', '.join(repr(e) for e in examples)}")


def parse_values(text: pd.Series, table: str) -> tuple[pd.Series, pd.Series]:
    """Text cells -> (float values, status). '.' and negative KWB codes are `suppressed`; empty is decided later.
    Any other text raises UnreadableValues: shown as 'suppressed' it would say the source withheld a value."""
    text = text.fillna("").astype(str).str.strip()
    given = ~text.isin(["", ".", "nan", "None"])
    values = pd.to_numeric(text.where(given), errors="coerce")
    unreadable = given & values.isna()
    if unreadable.any():
        raise UnreadableValues(list(dict.fromkeys(text[unreadable]))[:3], int(unreadable.sum()))
    status = pd.Series("ok", index=text.index, dtype=object)
    status[text == "."] = "suppressed"
    if table in KWB_TABLES:
        status[values < 0] = "suppressed"
        values = values.where(values >= 0)
    status[values.isna() & (status == "ok")] = "empty"
    return values.astype(float), status


def to_tidy(wide: pd.DataFrame, table: str, cat: Catalogue, only: Collection[str] = ()) -> pd.DataFrame:
    """Melt every catalogue column of `table` present in `wide` into tidy rows (`only`: of these indicators).

    All years and ages in the file are kept, also where the catalogue lists none: a question not asked in a
    year then shows up as `not_collected` instead of silently vanishing.
    """
    parts = []
    for ind in (i for i in cat.indicators if not only or i.id in only):
        for column in dict.fromkeys(s.column for s in ind.sources if s.table == table):
            if column not in wide.columns:
                continue
            try:
                values, status = parse_values(wide[column], table)
            except UnreadableValues as exc:
                raise DataFileError(Path(wide.attrs.get("path", table)), f"column {column}: {exc}") from exc
            parts.append(pd.DataFrame({
                "area_code": wide["code"].to_numpy(), "indicator": ind.id, "year": wide["year"].to_numpy(),
                "age": wide["age"].to_numpy(), "value": values.to_numpy(), "status": status.to_numpy(), "source": table,
            }))
    if not parts:
        return pd.DataFrame(columns=TIDY_COLUMNS)
    tidy = pd.concat(parts, ignore_index=True)
    tidy["level"] = tidy["area_code"].map(level_of)
    return tidy[TIDY_COLUMNS]


def resolve_empty(tidy: pd.DataFrame) -> pd.DataFrame:
    """An empty cell is `not_collected` when no area has a value that year (question not asked), else suppressed."""
    asked = tidy.groupby(["indicator", "year", "age", "source"])["value"].transform(lambda v: v.notna().any())
    empty = tidy["status"] == "empty"
    tidy.loc[empty & asked, "status"] = "suppressed"
    tidy.loc[empty & ~asked, "status"] = "not_collected"
    return tidy


def shares_of_few(tidy: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """The rows of percentages of fewer than 5 people below city level (`share_of` a count under 5 in the same
    area and year), with that count as `base`; the index is tidy's."""
    below_city = ~tidy["level"].isin(["nl", "gemeente"])
    parts = []
    for ind in (i for i in cat.indicators if i.share_of):
        counts = tidy[tidy["indicator"] == ind.share_of].set_index(["area_code", "year"])["value"]
        rows = tidy[(tidy["indicator"] == ind.id) & below_city]
        base = counts[~counts.index.duplicated()].reindex(pd.MultiIndex.from_frame(rows[["area_code", "year"]]))
        parts.append(rows.assign(base=base.to_numpy(), base_indicator=ind.share_of)[base.lt(SMALL_COUNT).to_numpy()])
    return pd.concat(parts) if parts else tidy.iloc[:0].assign(base=[], base_indicator=[])


def withhold_shares_of_few(tidy: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """A percentage of fewer than 5 people below city level is withheld, as CBS itself does from 2019 on: KWB 2015
    gave Oostduinen, with 0 inhabitants, '65 and over: 100%', and De Reef '33% children'. A share without its count
    that year is kept."""
    few = shares_of_few(tidy, cat).index
    tidy.loc[few, "value"] = float("nan")
    tidy.loc[few, "status"] = "suppressed"
    return tidy


def published_shares_of_few(gemeente: str, cat: Catalogue | None = None) -> pd.DataFrame:
    """The gemeente's 2015 key figures (83220NED) that withhold_shares_of_few withholds, as CBS published them
    (`value`, with `base`: the count they are a share of); /bronnen gives one as its example. Empty when there is
    none or no 2015 key figures hold the gemeente."""
    cat = cat or catalogue()
    wide = read_table("83220NED", gemeente)
    tidy = to_tidy(wide, "83220NED", cat) if len(wide) else pd.DataFrame(columns=TIDY_COLUMNS)
    few = shares_of_few(tidy, cat)
    return few[few["value"].notna()].reset_index(drop=True)


def holds(wide: pd.DataFrame, gemeente: str) -> bool:
    """A file holds a gemeente when it has the gemeente's own row (NL rows alone do not count)."""
    return len(wide) > 0 and bool((wide["code"] == gemeente).any())


def own_rows(wide: pd.DataFrame) -> bool:
    """Rows of the gemeente or of its wijken and buurten (KWB 2015's wijk map has no row of the gemeente itself);
    a file's NL row alone gives the gemeente no figure."""
    return len(wide) > 0 and bool((wide["code"] != NL_CODE).any())


Part = tuple[Path, pd.DataFrame]  # a file and the wide frame read from it


def _first_holding(paths: list[Path], read, gemeente: str, *args) -> list[Part]:
    for path in paths:
        wide = read(path, gemeente, *args)
        if holds(wide, gemeente):
            return [(path, wide)]
    return []


def _rivm_parts(gemeente: str, columns: Collection[str] = ()) -> list[Part]:
    paths = find_files("rivm_50090", gemeente)
    if not paths:
        raise DataMissingError(missing_message("rivm_50090", gemeente))
    csvs = [p for p in paths if p.suffix == ".csv"]
    # only the national xlsx files (one per year and age) hold other gemeenten: all of them are read
    return _first_holding(csvs, read_rivm_file, gemeente, columns) or [
        (p, read_rivm_file(p, gemeente)) for p in paths if p.suffix == ".xlsx"]


def _table_parts(table: str, gemeente: str, columns: Collection[str] = ()) -> list[Part]:
    """The files one catalogue table is read from for a gemeente, with their wide frames: the first file in search
    order that holds the gemeente, or every file of a table in parts (KWB 2015's three maps, RIVM's national
    workbooks). None when no file holds the gemeente."""
    if table == "50090NED":
        return _rivm_parts(gemeente, columns)
    if table == "83220NED":
        return [(path, read_kwb_2015_map([path], gemeente)) for path in find_files("kwb_2015", gemeente)]
    if table in ("50120NED", "50150NED"):
        return _first_holding(find_files(f"rivm_{table[:5]}", gemeente), read_rivm_file, gemeente)
    year = {"84583NED": 2019, "85984NED": 2024}[table]
    readers = {".json": read_kwb_json, ".csv": read_kwb_csv}
    return _first_holding(find_files(f"kwb_{year}", gemeente), lambda path, gm: readers[path.suffix](path, gm, year),
                          gemeente)


def read_table(table: str, gemeente: str, columns: Collection[str] = ()) -> pd.DataFrame:
    """The wide frame of one catalogue table for a gemeente (empty when no file holds the gemeente).
    `columns`: the indicator columns the health CSV (50090NED) must have."""
    parts = _table_parts(table, gemeente, columns)
    if len(parts) == 1:
        return parts[0][1]
    return pd.concat([wide for _, wide in parts], ignore_index=True) if parts else pd.DataFrame()


def _table_columns(cat: Catalogue, table: str) -> list[str]:
    return sorted({s.column for ind in cat.indicators for s in ind.sources if s.table == table})


def source_files(gemeente: str, cat: Catalogue | None = None) -> dict[str, list[Path]]:
    """Per catalogue table the files the gemeente's figures are read from (read_table's choice, files with rows of
    the gemeente or its areas): /bronnen says which file is read, not merely which is found first (Wassenaar's
    figures come from the national files, not the Den Haag file found before them)."""
    cat = cat or catalogue()
    tables = sorted({s.table for ind in cat.indicators for s in ind.sources})
    return {table: [path for path, wide in _table_parts(table, gemeente, _table_columns(cat, table)) if own_rows(wide)]
            for table in tables}


def build_observations(gemeente: str, cat: Catalogue | None = None) -> pd.DataFrame:
    """All tidy observations of NL, the gemeente and its wijken and buurten."""
    cat = cat or catalogue()
    tables = sorted({s.table for ind in cat.indicators for s in ind.sources})
    parts = []
    for table in tables:
        wide = read_table(table, gemeente, _table_columns(cat, table))
        if len(wide):
            parts.append(to_tidy(wide, table, cat))
    if not parts:
        raise DataMissingError(f"No indicator data found for {gemeente}.")
    tidy = withhold_shares_of_few(resolve_empty(pd.concat(parts, ignore_index=True)), cat)
    tidy["year"] = tidy["year"].astype(int)
    return tidy.sort_values(["indicator", "year", "age", "area_code"]).reset_index(drop=True)

