"""Download code (CBS OData, PDOK WFS, refresh CLI) against hand-made recorded responses; never the internet."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import geopandas as gpd
import pytest
import requests
import responses
from responses import matchers

from indicators import pdok
from indicators import odata, refresh

RECORDED = Path(__file__).parent / "fixtures" / "recorded"
RIVM = "https://dataderden.cbs.nl/ODataApi/odata"
CBS = "https://opendata.cbs.nl/ODataApi/odata"
WFS = pdok.WFS_URL.format(year=pdok.DEFAULT_YEAR)


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def no_user_cache(tmp_path, monkeypatch):
    """Anything that falls back to the user cache folder lands in tmp instead."""
    for module in (odata, pdok, refresh):
        monkeypatch.setattr(module, "cache_dir", lambda: tmp_path / "user-cache")


@pytest.fixture
def session() -> requests.Session:
    return odata.make_session(cache="memory", backoff=0)


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def add_table(rsps: responses.RequestsMock, table: str, pages: list[str]) -> None:
    """TableInfos + TypedDataSet pages of a table (page 1 matched on the region filter, later pages on nextLink)."""
    base = odata.table_url(table)
    rsps.get(f"{base}/TableInfos", json=recorded("TableInfos.json"))
    first = {"$format": "json", "$filter": odata.region_filter("GM0518")}
    rsps.get(f"{base}/TypedDataSet", json=recorded(pages[0]), match=[matchers.query_param_matcher(first)])
    for name in pages[1:]:
        rsps.get(f"{base}/TypedDataSet?$format=json&$skip=3", json=recorded(name))


def add_pdok(rsps: responses.RequestsMock) -> None:
    for layer, start, name in (("wijken", "0", "pdok_wijken_page1.json"), ("wijken", "2", "pdok_wijken_page2.json"),
                               ("buurten", "0", "pdok_buurten.json"), ("gemeenten", "0", "pdok_gemeenten.json")):
        params = {"typeName": f"wijkenbuurten:{layer}", "startIndex": start, "srsName": "EPSG:4326"}
        rsps.get(WFS, json=recorded(name), match=[matchers.query_param_matcher(params, strict_match=False)])


def test_paging_follows_next_link_and_yields_all_rows(mocked, session):
    add_table(mocked, "50090NED", ["rivm_50090NED_TypedDataSet_page1.json", "rivm_50090NED_TypedDataSet_page2.json"])
    pages: list[str] = []
    rows = odata.fetch_rows("50090NED", "GM0518", session, on_page=pages.append)
    assert [r["ID"] for r in rows] == [0, 1, 2, 3, 4]
    assert pages == ["50090NED", "50090NED"]
    assert mocked.calls[0].request.url.startswith(f"{RIVM}/50090NED/TypedDataSet?")


def test_odata_v4_paging_uses_at_next_link(mocked, session):
    url = f"{odata.CBS_V4}/85984NED/Observations"
    mocked.get(url, json=recorded("odata4_Observations_page1.json"),
               match=[matchers.query_param_matcher({"$filter": odata.region_filter("GM0518")})])
    mocked.get(f"{url}?$skip=2", json=recorded("odata4_Observations_page2.json"))
    rows = odata.fetch_observations_v4("85984NED", "GM0518", session)
    assert [r["WijkenEnBuurten"] for r in rows] == ["GM0518", "WK051801", "WK051836"]


def test_padded_codes_are_stripped(mocked, session):
    add_table(mocked, "50090NED", ["rivm_50090NED_TypedDataSet_page1.json", "rivm_50090NED_TypedDataSet_page2.json"])
    columns, rows = odata.clean_rows(odata.fetch_rows("50090NED", "GM0518", session))
    assert [r["code"] for r in rows] == ["NL01", "GM0518", "WK051801", "WK051836", "BU05183620"]
    assert rows[1]["WijkenEnBuurten"] == "GM0518" and rows[1]["SoortRegio_2"] == "Gemeente"
    assert rows[2]["ErvarenGezondheidGoedZeerGoed_4"] == ""  # null -> empty cell, never 0


def test_download_table_writes_csv_and_freshness(mocked, session, tmp_path):
    add_table(mocked, "50090NED", ["rivm_50090NED_TypedDataSet_page1.json", "rivm_50090NED_TypedDataSet_page2.json"])
    result = odata.download_table("50090NED", "GM0518", tmp_path, session)
    assert result.path == tmp_path / "cbs_50090NED_GM0518.csv" and result.rows == 5
    with result.path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert reader.fieldnames == ["code", "ID", "Leeftijd", "Marges", "WijkenEnBuurten", "Perioden", "Gemeentenaam_1",
                                 "SoortRegio_2", "Codering_3", "ErvarenGezondheidGoedZeerGoed_4", "Roker_11"]
    assert rows[0]["Gemeentenaam_1"] == "Nederland" and rows[1]["ErvarenGezondheidGoedZeerGoed_4"] == "33.3"
    fresh = json.loads((tmp_path / "freshness.json").read_text(encoding="utf-8"))
    assert fresh["cbs_50090NED_GM0518.csv"]["table"] == "50090NED"
    assert fresh["cbs_50090NED_GM0518.csv"]["modified"] == "2099-01-02T02:00:00"
    assert "downloaded" in fresh["cbs_50090NED_GM0518.csv"]
    assert not (tmp_path / "user-cache").exists()  # memory cache: no sqlite file anywhere


def test_http_500_gives_download_error_naming_url(mocked, session):
    mocked.get(f"{CBS}/85984NED/TableInfos", status=500)
    with pytest.raises(odata.DownloadError) as err:
        odata.fetch_table_infos("85984NED", session)
    assert err.value.url.startswith(f"{CBS}/85984NED/TableInfos")
    assert "HTTP 500" in str(err.value) and f"{CBS}/85984NED/TableInfos" in str(err.value)
    assert err.value.kind == "http"


def test_connection_error_gives_download_error_naming_url(mocked, session):
    mocked.get(f"{CBS}/85984NED/TableInfos", body=requests.ConnectionError("network is unreachable"))
    with pytest.raises(odata.DownloadError) as err:
        odata.fetch_table_infos("85984NED", session)
    assert f"{CBS}/85984NED/TableInfos" in str(err.value) and "cannot connect" in err.value.reason
    assert err.value.kind == "connect"


def test_a_long_connection_error_is_cut_between_words(mocked, session):
    words = "Max retries exceeded with url because the name or service is not known " * 5
    mocked.get(f"{CBS}/85984NED/TableInfos", body=requests.ConnectionError(words))
    with pytest.raises(odata.DownloadError) as err:
        odata.fetch_table_infos("85984NED", session)
    detail = err.value.reason.removeprefix("cannot connect (ConnectionError: ").removesuffix(")")
    assert detail.endswith("…") and len(detail) <= odata.SHORT_LIMIT + 1
    assert words.startswith(detail[:-1]) and words[len(detail) - 1] == " "  # the cut falls on a space


@pytest.mark.parametrize("text, limit, expected", [
    ("short enough", 20, "short enough"),
    ("Verbinding met dataderden.cbs.nl geweigerd", 30, "Verbinding met…"),
    ("eenheelerglangwoordzonderspaties", 10, "eenheelerg…"),  # no space at all: cut at the limit
])
def test_shorten_never_cuts_a_word_when_it_can_avoid_it(text, limit, expected):
    assert odata.shorten(text, limit) == expected


def test_bad_json_gives_download_error(mocked, session):
    mocked.get(f"{CBS}/85984NED/TableInfos", body="<html>maintenance</html>")
    with pytest.raises(odata.DownloadError, match="not valid JSON") as err:
        odata.fetch_table_infos("85984NED", session)
    assert err.value.kind == "json"


def test_refresh_run_reports_progress_per_page_and_job(mocked, session, tmp_path):
    for table in ("84583NED", "85984NED"):
        add_table(mocked, table, ["kwb_TypedDataSet.json"])
    seen: list[tuple[int, int, str]] = []
    done, failed = refresh.run(["kwb"], "GM0518", tmp_path, session, lambda *step: seen.append(step))
    assert not failed and len(done) == 2
    assert seen == [(0, 2, "84583NED"), (1, 2, "kwb"), (1, 2, "85984NED"), (2, 2, "kwb")]


def test_pdok_paging_and_property_normalisation(mocked, session, tmp_path):
    add_pdok(mocked)
    raw = pdok.fetch_features("wijken", "GM0518", session, page_size=2)
    assert [f["properties"]["wijkcode"] for f in raw] == ["WK051801", "WK051802", "WK051836"]
    starts = [c.request.params["startIndex"] for c in mocked.calls]
    assert starts == ["0", "2"]
    assert "gemeentecode" in mocked.calls[0].request.params["filter"]

    written = pdok.download_boundaries("GM0518", tmp_path, session, layers=("wijken", "buurten", "gemeenten"))
    assert {k: v.path.name for k, v in written.items()} == {
        "wijken": "pdok_wijken_GM0518.geojson", "buurten": "pdok_buurten_GM0518.geojson",
        "gemeenten": "pdok_gemeente_GM0518.geojson"}
    buurten = json.loads(written["buurten"].path.read_text(encoding="utf-8"))["features"]
    assert len(buurten) == 1  # the water buurt is dropped
    props = buurten[0]["properties"]
    assert list(props)[:6] == ["GM_CODE", "GM_NAAM", "WK_CODE", "BU_CODE", "BU_NAAM", "JAAR"]
    assert props["BU_NAAM"] == "Nepbuurt-Oost" and props["JAAR"] == 2023 and "buurtcode" not in props
    wijken = gpd.read_file(written["wijken"].path, engine="pyogrio")
    assert {"WK_CODE", "WK_NAAM", "GM_CODE", "GM_NAAM", "JAAR"} <= set(wijken.columns)
    assert len(wijken) == 2  # page size 1000: page 1 (two features) is shorter, so no second page
    assert len(json.loads(written["gemeenten"].path.read_text(encoding="utf-8"))["features"]) == 1


def test_pdok_lat_lon_axis_order_is_fixed():
    feature = {"type": "Feature", "properties": {"wijkcode": "WK051801"},
               "geometry": {"type": "Point", "coordinates": [52.07, 4.30]}}
    assert pdok.normalise_feature(feature, 2023)["geometry"]["coordinates"] == [4.30, 52.07]


def test_refresh_cli_writes_all_files_into_dest(mocked, session, tmp_path, capsys):
    add_table(mocked, "50090NED", ["rivm_50090NED_TypedDataSet_page1.json", "rivm_50090NED_TypedDataSet_page2.json"])
    for table in ("50120NED", "50150NED"):
        add_table(mocked, table, ["rivm_TypedDataSet.json"])
    for table in ("84583NED", "85984NED"):
        add_table(mocked, table, ["kwb_TypedDataSet.json"])
    add_pdok(mocked)
    dest = tmp_path / "out"
    assert refresh.main(["--gemeente", "GM0518", "--dest", str(dest)], session=session) == 0
    names = sorted(p.name for p in dest.iterdir())
    assert names == sorted([f"cbs_{t}_GM0518.csv" for t in ("50090NED", "50120NED", "50150NED", "84583NED",
                                                              "85984NED")]
                           + ["pdok_wijken_GM0518.geojson", "pdok_buurten_GM0518.geojson",
                              "pdok_gemeente_GM0518.geojson", "freshness.json"])
    out = capsys.readouterr().out
    assert "data as of 2099-01-02" in out and "8 files for GM0518" in out
    assert json.loads((dest / "freshness.json").read_text(encoding="utf-8")).keys() == set(names) - {"freshness.json"}


def test_refresh_cli_only_one_group(mocked, session, tmp_path):
    for table in ("84583NED", "85984NED"):
        add_table(mocked, table, ["kwb_TypedDataSet.json"])
    assert refresh.main(["--gemeente", "gm0518", "--dest", str(tmp_path), "--only", "kwb"], session=session) == 0
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == ["cbs_84583NED_GM0518.csv", "cbs_85984NED_GM0518.csv"]


@pytest.mark.parametrize("code", ["0518", "GM518", "GM05189", "WK051836", ""])
def test_refresh_cli_bad_gemeente_code(code, tmp_path, capsys):
    assert refresh.main(["--gemeente", code, "--dest", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "GM and four digits" in err and "GM0518" in err
    assert not any(tmp_path.iterdir())


def test_refresh_cli_bad_only(tmp_path, capsys):
    assert refresh.main(["--gemeente", "GM0518", "--dest", str(tmp_path), "--only", "weather"]) == 2
    assert "rivm, kwb, boundaries" in capsys.readouterr().err


def test_refresh_cli_network_failure(mocked, session, tmp_path, capsys):
    # nothing registered: `responses` refuses every request with a ConnectionError, as without network
    assert refresh.main(["--gemeente", "GM0518", "--dest", str(tmp_path)], session=session) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("refresh: could not download from RIVM catalog")
    assert "PDOK WFS" in err and "CBS OData" in err and "cannot connect" in err
    assert "mirror" in err and "WIJKDASHBOARD_DATA_DIR" in err
    assert not list(tmp_path.glob("*.csv"))
