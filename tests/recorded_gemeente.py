"""The recorded responses of tests/fixtures/recorded (hand-made, made-up values) answering for any gemeente.

`register(rsps, "GM0603")` makes CBS OData (TableInfos, TypedDataSet with paging), the RIVM catalog and PDOK's
WFS answer a whole `indicators.refresh` run for that gemeente: the recorded files are for GM0518, and their codes
and name are rewritten (GM0518 -> GM0603, WK0518.. -> WK0603.., "'s-Gravenhage" -> "Proefgemeente"). Used by
AppTest tests in-process and by tests/recorded_server.py for a live server; nothing reaches the internet.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import responses

from indicators.catalogue import catalogue

RECORDED = Path(__file__).parent / "fixtures" / "recorded"
NAME = "Proefgemeente"
ANY_URL = re.compile(r"https://(dataderden\.cbs\.nl|opendata\.cbs\.nl|service\.pdok\.nl)/.*")


def _load(name: str, gemeente: str, year: str | None = None) -> dict:
    text = (RECORDED / name).read_text(encoding="utf-8").replace("0518", gemeente[2:])
    text = text.replace("'s-Gravenhage", NAME)
    if year:
        text = re.sub(r"20\d\dJJ00", f"{year}JJ00", text)
    return json.loads(text)


def _pdok(layer: str, gemeente: str) -> dict:
    if layer != "wijken":
        return _load(f"pdok_{layer}.json", gemeente)
    first, second = _load("pdok_wijken_page1.json", gemeente), _load("pdok_wijken_page2.json", gemeente)
    return {**first, "numberReturned": 3, "features": first["features"] + second["features"]}


def _every_column(body: dict, table: str) -> dict:
    """The recorded rows hold two indicators; a real table has every column the catalogue reads (the app refuses
    a health file without them), so the others are added empty (null: not published)."""
    columns = [s.column for ind in catalogue().indicators for s in ind.sources if s.table == table]
    return {**body, "value": [{**dict.fromkeys(columns), **row} for row in body["value"]]}


def answer(url: str, gemeente: str) -> dict:
    """The recorded body for one request of a refresh run."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if parts.netloc == "service.pdok.nl":
        return _pdok(query["typeName"][0].split(":")[1], gemeente)
    table, resource = parts.path.rstrip("/").split("/")[-2:]
    if resource == "TableInfos":
        return _load("TableInfos.json", gemeente)
    if table == "50090NED":
        return _every_column(_load("rivm_50090NED_TypedDataSet_page2.json" if "$skip" in query
                                   else "rivm_50090NED_TypedDataSet_page1.json", gemeente), table)
    if table in ("50120NED", "50150NED"):
        return _load("rivm_TypedDataSet.json", gemeente, year="2022" if table == "50120NED" else "2024")
    return _load("kwb_TypedDataSet.json", gemeente)


def register(rsps: responses.RequestsMock, gemeente: str, delay_s: float = 0.0) -> None:
    """`delay_s` per response: a live server's download then lasts long enough for a browser to see its progress."""
    def reply(request) -> tuple[int, dict, str]:
        time.sleep(delay_s)
        return 200, {}, json.dumps(answer(request.url, gemeente))

    rsps.add_callback(responses.GET, ANY_URL, content_type="application/json", callback=reply)
