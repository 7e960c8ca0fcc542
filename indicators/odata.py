"""A small CBS OData client: cached HTTP session, paging, one table for one gemeente written as CSV.

CBS tables (KWB) live in the CBS catalog, the RIVM health tables in the "dataderden" catalog; both speak
OData v3 (`TypedDataSet`, `DataProperties`, `TableInfos`, dimension `WijkenEnBuurten`). OData v4
(`odata4.cbs.nl`) is supported for observations through the same paging helper.
The session and `DownloadError` are shared with `indicators.pdok`.
"""
from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal, NamedTuple
from urllib.parse import unquote

import requests
import requests_cache
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from indicators.sources import DATASETS, cache_dir

CBS_V3 = "https://opendata.cbs.nl/ODataApi/odata"
RIVM_V3 = "https://dataderden.cbs.nl/ODataApi/odata"
CBS_V4 = "https://odata4.cbs.nl/CBS"
# table -> (catalog base URL, DATASETS key); downloads are written under the key's first candidate name.
TABLES: dict[str, tuple[str, str]] = {
    "50090NED": (RIVM_V3, "rivm_50090"),
    "50120NED": (RIVM_V3, "rivm_50120"),
    "50150NED": (RIVM_V3, "rivm_50150"),
    "84583NED": (CBS_V3, "kwb_2019"),
    "85984NED": (CBS_V3, "kwb_2024"),
}
CACHE_FILE = "http_cache.sqlite"
FRESHNESS_FILE = "freshness.json"
DEFAULT_EXPIRY = timedelta(days=7)
TIMEOUT = (10.0, 120.0)  # connect, read (seconds)
MAX_PAGES = 1000

OnPage = Callable[[str], None]


FailureKind = Literal["timeout", "connect", "http", "json", "content"]


class DownloadError(Exception):
    """A download failed: HTTP error, bad JSON or no network. `url` says what was asked; `kind` what went wrong
    (the app words each kind in the reader's language; `reason` is the English detail for the log and the CLI)."""

    def __init__(self, url: str, reason: str, kind: FailureKind = "content"):
        self.url = url
        self.reason = reason
        self.kind = kind
        super().__init__(f"{url}: {reason}")


class Download(NamedTuple):
    """What one download wrote."""

    path: Path
    rows: int
    modified: str | None


def make_session(cache: Path | Literal["memory"] | None = None, expire_after: timedelta = DEFAULT_EXPIRY,
                 retries: int = 3, backoff: float = 1.0) -> requests.Session:
    """A cached session (SQLite in `cache_dir()` unless `cache` says otherwise) that retries GETs."""
    if cache == "memory":
        session = requests_cache.CachedSession(backend="memory", expire_after=expire_after, stale_if_error=True)
    else:
        path = Path(cache) if cache is not None else cache_dir() / CACHE_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        session = requests_cache.CachedSession(str(path), backend="sqlite", expire_after=expire_after,
                                               stale_if_error=True)
    retry = Retry(total=retries, connect=retries, read=retries, status=retries, backoff_factor=backoff,
                  status_forcelist=(429, 500, 502, 503, 504), allowed_methods=frozenset({"GET"}),
                  raise_on_status=False)
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = "wijkdashboard (+indicators.refresh)"
    return session


SHORT_LIMIT = 160  # characters of an exception's first line in a DownloadError


def shorten(text: str, limit: int = SHORT_LIMIT) -> str:
    """`text` cut at the last space before `limit` characters, with '…': never in the middle of a word."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:(")
    return f"{cut or text[:limit]}…"


def _short(exc: BaseException) -> str:
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {shorten(first)}" if first else type(exc).__name__


def get_json(session: requests.Session, url: str, params: dict[str, Any] | None = None) -> Any:
    """GET a JSON document; every failure becomes a `DownloadError` naming the URL."""
    full = unquote(requests.Request("GET", url, params=params).prepare().url or url)
    try:
        response = session.get(url, params=params, timeout=TIMEOUT)
    except requests.Timeout as exc:
        raise DownloadError(full, f"timed out ({_short(exc)})", "timeout") from exc
    except requests.RequestException as exc:
        raise DownloadError(full, f"cannot connect ({_short(exc)})", "connect") from exc
    if response.status_code >= 400:
        raise DownloadError(full, f"HTTP {response.status_code} {response.reason or ''}".strip(), "http")
    try:
        return response.json()
    except ValueError as exc:
        raise DownloadError(full, "response is not valid JSON", "json") from exc


def iter_pages(session: requests.Session, url: str, params: dict[str, Any] | None = None,
               on_page: Callable[[], None] | None = None) -> Iterator[list[dict[str, Any]]]:
    """Yield the `value` list of each page, following `odata.nextLink` (v3) or `@odata.nextLink` (v4)."""
    next_url: str | None = url
    for _ in range(MAX_PAGES):
        if next_url is None:
            return
        body = get_json(session, next_url, params)
        if not isinstance(body, dict) or not isinstance(body.get("value"), list):
            raise DownloadError(next_url, "unexpected response: no 'value' list")
        if on_page:
            on_page()
        yield body["value"]
        next_url, params = body.get("odata.nextLink") or body.get("@odata.nextLink"), None
    raise DownloadError(url, f"more than {MAX_PAGES} pages")


def table_url(table: str) -> str:
    """The OData v3 root of a table in its catalog (CBS or RIVM)."""
    base = TABLES[table][0] if table in TABLES else CBS_V3
    return f"{base}/{table}"


def region_filter(gemeente: str) -> str:
    """OData filter: NL, the gemeente, its wijken and buurten (keys are space-padded, hence startswith)."""
    digits = gemeente[2:]
    return (f"startswith(WijkenEnBuurten,'GM{digits}') or startswith(WijkenEnBuurten,'WK{digits}') "
            f"or startswith(WijkenEnBuurten,'BU{digits}') or startswith(WijkenEnBuurten,'NL01')")


def fetch_rows(table: str, gemeente: str, session: requests.Session,
               on_page: OnPage | None = None) -> list[dict[str, Any]]:
    """All `TypedDataSet` rows of a table for NL, the gemeente and its wijken/buurten (all pages)."""
    params = {"$format": "json", "$filter": region_filter(gemeente)}
    step = (lambda: on_page(table)) if on_page else None
    return [row for page in iter_pages(session, f"{table_url(table)}/TypedDataSet", params, step) for row in page]


def fetch_observations_v4(table: str, gemeente: str, session: requests.Session,
                          on_page: OnPage | None = None) -> list[dict[str, Any]]:
    """All OData v4 `Observations` of a CBS table for the gemeente's regions (long format)."""
    params = {"$filter": region_filter(gemeente)}
    step = (lambda: on_page(table)) if on_page else None
    return [row for page in iter_pages(session, f"{CBS_V4}/{table}/Observations", params, step) for row in page]


def _single(session: requests.Session, url: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return [row for page in iter_pages(session, url, {"$format": "json", **(params or {})}) for row in page]


def fetch_table_infos(table: str, session: requests.Session) -> dict[str, Any]:
    """The table's `TableInfos` record (Title, Modified, Period, ...)."""
    rows = _single(session, f"{table_url(table)}/TableInfos")
    if not rows:
        raise DownloadError(f"{table_url(table)}/TableInfos", "empty TableInfos")
    return rows[0]


def fetch_data_properties(table: str, session: requests.Session) -> list[dict[str, Any]]:
    """The table's `DataProperties` (keys, titles, units of the topics)."""
    return _single(session, f"{table_url(table)}/DataProperties")


def fetch_regions(table: str, gemeente: str, session: requests.Session) -> list[dict[str, Any]]:
    """The `WijkenEnBuurten` dimension entries (Key, Title, ...) of the gemeente, keys stripped."""
    digits = gemeente[2:]
    flt = " or ".join(f"startswith(Key,'{p}{digits}')" for p in ("GM", "WK", "BU")) + " or startswith(Key,'NL01')"
    rows = _single(session, f"{table_url(table)}/WijkenEnBuurten", {"$filter": flt})
    return [{k: v.strip() if isinstance(v, str) else v for k, v in row.items()} for row in rows]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else str(value)


def clean_rows(rows: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, str]]]:
    """(columns, rows): `code` first (from `Codering_*` or `WijkenEnBuurten`), then the delivered columns."""
    columns: list[str] = ["code"]
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    cleaned = []
    for row in rows:
        out = {k: _cell(v) for k, v in row.items()}
        coding = next((k for k in row if k.startswith("Codering")), "WijkenEnBuurten")
        out["code"] = out.get(coding) or out.get("WijkenEnBuurten", "")
        cleaned.append(out)
    return columns, cleaned


def write_csv(rows: list[dict[str, Any]], path: Path) -> int:
    """Write cleaned rows as UTF-8 CSV (atomically); returns the number of rows."""
    columns, cleaned = clean_rows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(cleaned)
    os.replace(tmp, path)
    return len(cleaned)


def record_freshness(dest: Path, file_name: str, entry: dict[str, Any]) -> None:
    """Add `{file_name: entry + downloaded}` to `dest/freshness.json` (for "data as of" in the app)."""
    path = dest / FRESHNESS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except ValueError:
        data = {}
    data[file_name] = {**entry, "downloaded": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    dest.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def download_table(table: str, gemeente: str, dest: Path | None = None, session: requests.Session | None = None,
                   on_page: OnPage | None = None) -> Download:
    """Download one table for a gemeente to `dest` (default `cache_dir()`) under its DATASETS name."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; known: {', '.join(TABLES)}")
    dest = dest or cache_dir()
    session = session or make_session()
    name = DATASETS[TABLES[table][1]].candidates[0].format(gemeente=gemeente)
    infos = fetch_table_infos(table, session)
    rows = fetch_rows(table, gemeente, session, on_page)
    if not rows:
        raise DownloadError(f"{table_url(table)}/TypedDataSet", f"no rows for {gemeente}")
    count = write_csv(rows, dest / name)
    modified = infos.get("Modified")
    record_freshness(dest, name, {"table": table, "modified": modified, "rows": count})
    return Download(dest / name, count, modified)
