"""The national workbooks are parsed once per file version: a parsed copy in the cache, never a stale one."""
from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter

from indicators import workbooks
from indicators.observations import read_rivm_file
from indicators.sources import DataFileError


def _workbook(path: Path, rows: list[list[str]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for r, row in enumerate([["Codering_3", "Perioden", "Leeftijd", "Overgewicht_13"], *rows]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    return path


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(workbooks, "cache_dir", lambda: folder)
    return folder


def _no_excel(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed again")
    monkeypatch.setattr(workbooks.pd, "read_excel", refuse)


def test_the_real_national_workbook_reads_the_same_from_its_parsed_copy(mirror: Path, cache: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = mirror / "raw" / "rivm_50090NED_2020_18plus_nl.xlsx"
    direct = pd.read_excel(path, dtype=str, engine="calamine", keep_default_na=False)
    first = workbooks.read_workbook(path)
    assert workbooks.parsed_path(path).is_file()
    _no_excel(monkeypatch)
    again = workbooks.read_workbook(path)
    pd.testing.assert_frame_equal(first, direct)
    pd.testing.assert_frame_equal(again, direct)
    delft = read_rivm_file(path, "GM0503")  # what the map and the reach panel read for another gemeente
    assert {"NL01", "GM0503"} <= set(delft["code"]) and delft["code"].str.startswith("WK0503").sum() > 5


def test_a_replaced_workbook_is_parsed_again(tmp_path: Path, cache: Path) -> None:
    path = _workbook(tmp_path / "rivm_50090NED_2020_18plus_nl.xlsx", [["GM0503", "2020JJ00", "20300", "50.1"]])
    assert workbooks.read_workbook(path)["Overgewicht_13"].tolist() == ["50.1"]
    _workbook(path, [["GM0503", "2020JJ00", "20300", "49.9"], ["NL01", "2020JJ00", "20300", "50.0"]])
    os.utime(path, ns=(1, 1_700_000_000_000_000_000))  # a new version even where mtime has coarse steps
    assert workbooks.read_workbook(path)["Overgewicht_13"].tolist() == ["49.9", "50.0"]
    assert len(list((cache / workbooks.PARSED_SUBDIR).glob("*.parquet"))) == 2


def test_a_broken_copy_is_parsed_again_and_replaced(tmp_path: Path, cache: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    path = _workbook(tmp_path / "book.xlsx", [["GM0503", "2020JJ00", "20300", "50.1"]])
    workbooks.read_workbook(path)
    copy = workbooks.parsed_path(path)
    copy.write_bytes(b"PAR1 cut off")
    with caplog.at_level(logging.WARNING):
        assert workbooks.read_workbook(path)["Codering_3"].tolist() == ["GM0503"]
    assert "unreadable" in caplog.text and "book.xlsx" in caplog.text
    assert pd.read_parquet(copy)["Overgewicht_13"].tolist() == ["50.1"]


def test_a_cache_that_cannot_be_written_still_reads_the_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setattr(workbooks, "cache_dir", lambda: blocker)
    path = _workbook(tmp_path / "book.xlsx", [["GM0503", "2020JJ00", "20300", "50.1"]])
    with caplog.at_level(logging.WARNING):
        assert workbooks.read_workbook(path)["Overgewicht_13"].tolist() == ["50.1"]
    assert "cannot keep a parsed copy" in caplog.text
    assert not list(tmp_path.glob("**/.tmp-*"))


def test_a_broken_workbook_is_still_named_in_the_error(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "rivm_50090NED_2020_18plus_nl.xlsx"
    path.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(DataFileError, match="rivm_50090NED_2020_18plus_nl.xlsx.*cannot be read"):
        read_rivm_file(path, "GM0503")
    assert not (cache / workbooks.PARSED_SUBDIR).exists() or not list((cache / workbooks.PARSED_SUBDIR).iterdir())


def test_a_workbook_copied_elsewhere_keeps_its_own_copy_per_version(tmp_path: Path, cache: Path) -> None:
    """Same name, other content (another data folder): size or mtime differ, so neither reads the other's copy."""
    first = _workbook(tmp_path / "book.xlsx", [["GM0503", "2020JJ00", "20300", "50.1"]])
    (tmp_path / "other").mkdir()
    second = _workbook(tmp_path / "other" / "book.xlsx", [["GM0518", "2020JJ00", "20300", "55.5"],
                                                           ["GM0503", "2020JJ00", "20300", "50.1"]])
    shutil.copystat(first, second)
    assert workbooks.read_workbook(first)["Codering_3"].tolist() == ["GM0503"]
    assert workbooks.read_workbook(second)["Codering_3"].tolist() == ["GM0518", "GM0503"]
