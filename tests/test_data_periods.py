"""The age of the data (issue #18): each source's own period and release, not the date the files were copied;
a file date only where a download happened (indicators.freshness.source_periods / last_download / table_years)."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from indicators.catalogue import catalogue
from indicators.freshness import FileFreshness, last_download, mark_read, source_periods, table_years
from ui.sidebar import periods_text

COPIED = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)  # the day the mirror was copied: never the data's age
RELEASED = datetime(2025, 3, 27, 2, 0, tzinfo=timezone.utc)
DOWNLOADED = datetime(2025, 3, 20, 12, 0, tzinfo=timezone.utc)


def _file(dataset: str, preferred: bool = True, **extra) -> FileFreshness:
    return FileFreshness(dataset=dataset, path=Path(f"/data/{dataset}.csv"), name=f"{dataset}.csv", folder="mirror",
                         file_modified=COPIED, preferred=preferred, **extra)


def test_table_years_come_from_the_catalogue():
    years = table_years(catalogue())
    assert years["50090NED"] == ("RIVM", (2012, 2016, 2020)), "every year of the health monitor, not the newest alone"
    assert years["85984NED"] == ("CBS", (2024,)) and years["84583NED"] == ("CBS", (2019,))


def test_each_table_read_shows_its_year_not_the_copy_date():
    files = {"kwb_2015": [_file("kwb_2015")], "rivm_50090": [_file("rivm_50090")], "kwb_2019": [_file("kwb_2019")],
             "kwb_2024": [_file("kwb_2024")], "rivm_50150": []}  # a data set without files does not count
    periods = source_periods(files, table_years(catalogue()))
    assert [(p.publisher, p.years, p.release) for p in periods] == [
        ("RIVM", (2012, 2016, 2020), None), ("CBS", (2015,), None), ("CBS", (2019,), None), ("CBS", (2024,), None)]
    assert last_download(files) is None, "copied files are not downloads: no file date"


@pytest.mark.parametrize("lang, den_haag, wassenaar", [
    ("nl", ["RIVM 2012, 2016, 2020 (uitgave 27 mrt 2025)", "CBS 2015, 2019, 2024"],
     ["RIVM 2012, 2016, 2020", "CBS 2015, 2024"]),
    ("en", ["RIVM 2012, 2016, 2020 (released 27 Mar 2025)", "CBS 2015, 2019, 2024"],
     ["RIVM 2012, 2016, 2020", "CBS 2015, 2024"]),
])
def test_only_the_tables_read_for_the_gemeente_are_named(lang, den_haag, wassenaar):
    """The same files are found for Den Haag and Wassenaar, but Den Haag's health file and the KWB 2019 file hold
    Den Haag only: Wassenaar's figures are read from the national workbooks and no KWB 2019 (mark_read, as on
    /bronnen). Both read 'RIVM 2020 · CBS 2024', from the files found."""
    local = FileFreshness(dataset="rivm_50090", path=Path("/cache/denhaag.csv"), name="denhaag.csv", folder="cache",
                          file_modified=COPIED, table="50090NED", table_modified=RELEASED, preferred=True)
    national = _file("rivm_50090", preferred=False)
    found = {"rivm_50090": [local, national], "kwb_2015": [_file("kwb_2015")], "kwb_2019": [_file("kwb_2019")],
             "kwb_2024": [_file("kwb_2024")]}
    shared = {"83220NED": [found["kwb_2015"][0].path], "85984NED": [found["kwb_2024"][0].path]}
    read = {"GM0518": {**shared, "50090NED": [local.path], "84583NED": [found["kwb_2019"][0].path]},
            "GM0629": {**shared, "50090NED": [national.path], "84583NED": []}}
    said = {gemeente: periods_text(source_periods(mark_read(found, read_from), table_years(catalogue())), lang)
            for gemeente, read_from in read.items()}
    assert said == {"GM0518": den_haag, "GM0629": wassenaar}


def test_a_download_gives_the_release_and_its_own_labelled_date():
    downloaded = FileFreshness(dataset="rivm_50090", path=Path("/cache/r.csv"), name="r.csv", folder="cache",
                               file_modified=COPIED, table="50090NED", table_modified=RELEASED,
                               downloaded=DOWNLOADED, preferred=True)
    files = {"rivm_50090": [downloaded], "kwb_2024": [_file("kwb_2024")]}
    (rivm, cbs) = source_periods(files, table_years(catalogue()))
    assert (rivm.publisher, rivm.years, rivm.release) == ("RIVM", (2012, 2016, 2020), RELEASED) and cbs.release is None
    download = last_download(files)
    assert download is not None and download.downloaded == DOWNLOADED and download.folder == "cache"


def test_only_the_file_the_loaders_read_counts():
    later = datetime(2026, 1, 1, tzinfo=timezone.utc)
    files = {"rivm_50090": [_file("rivm_50090"), _file("rivm_50090", preferred=False, downloaded=later)]}
    assert last_download(files) is None
