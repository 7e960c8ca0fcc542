"""Data files parsed once per version in a process (indicators.file_memo), and the readers that use it."""
from __future__ import annotations

import json
import os

import pytest

from indicators.file_memo import per_file_version
from indicators.sources import DataFileError


def counting_reader(calls: list[str]):
    @per_file_version(maxsize=2)
    def read(path):
        calls.append(path.read_text())
        if path.read_text() == "bad":
            raise ValueError("bad file")
        return path.read_text().upper()
    return read


def test_a_file_is_parsed_once_per_version(tmp_path):
    calls: list[str] = []
    read = counting_reader(calls)
    path = tmp_path / "a.txt"
    path.write_text("one")
    assert read(path) == read(path) == "ONE" and len(calls) == 1
    path.write_text("two")  # rewritten in place: another version
    assert read(path) == "TWO" and len(calls) == 2
    replacement = tmp_path / "b.txt"
    replacement.write_text("six")
    os.replace(replacement, path)  # replaced (same size, maybe the same clock tick): another inode
    assert read(path) == "SIX" and len(calls) == 3


def test_a_failed_parse_is_not_kept_and_a_missing_file_reaches_the_parse(tmp_path):
    calls: list[str] = []
    read = counting_reader(calls)
    path = tmp_path / "a.txt"
    path.write_text("bad")
    for _ in range(2):
        with pytest.raises(ValueError, match="bad file"):
            read(path)
    assert len(calls) == 2
    with pytest.raises(FileNotFoundError):  # the parse's own error, not the memo's
        read(tmp_path / "gone.txt")


def test_kwb_json_is_parsed_once_for_several_gemeenten(tmp_path):
    """The reach panel reads the population of four gemeenten from one national file: one parse, and each
    gemeente still gets only its own rows (the shared parse is filtered, never changed)."""
    from indicators import observations

    path = tmp_path / "kwb_2024.json"
    data = {"GM0518": {"a_inw": "10"}, "WK051801": {"a_inw": "4"}, "GM0603": {"a_inw": "7"}, "WK060300": {"a_inw": "7"}}
    path.write_text(json.dumps(data))
    before = observations._kwb_json_cells.cache_info().misses
    den_haag = observations.read_kwb_json(path, "GM0518", 2024)
    rijswijk = observations.read_kwb_json(path, "GM0603", 2024)
    again = observations.read_kwb_json(path, "GM0518", 2024)
    assert observations._kwb_json_cells.cache_info().misses == before + 1
    assert list(den_haag["code"]) == list(again["code"]) == ["GM0518", "WK051801"]
    assert list(rijswijk["code"]) == ["GM0603", "WK060300"]


def test_a_truncated_csv_is_refused_every_time(tmp_path):
    from indicators.observations import read_kwb_csv

    path = tmp_path / "kwb.csv"
    path.write_text("code,a_inw\nGM0518,10\nWK051801,")  # no newline at the end: cut off
    for _ in range(2):
        with pytest.raises(DataFileError, match="truncated"):
            read_kwb_csv(path, "GM0518", 2019)
    path.write_text("code,a_inw\nGM0518,10\nWK051801,4\n")  # the complete file now reads
    assert list(read_kwb_csv(path, "GM0518", 2019)["a_inw"]) == ["10", "4"]


def test_a_caller_that_changes_its_frame_leaves_the_kept_one_alone(tmp_path):
    import pandas as pd

    calls: list[str] = []

    @per_file_version(maxsize=1)
    def read(path):
        calls.append(str(path))
        return pd.read_csv(path)

    path = tmp_path / "cells.csv"
    path.write_text("code,value\nWK1,1.5\nWK2,2.5\n")
    first = read(path)
    first.loc[0, "value"] = -1.0  # in place, the way a careless caller would
    first["extra"] = 1
    first.drop(index=1, inplace=True)
    second = read(path)
    assert len(calls) == 1  # still one parse
    assert list(second.columns) == ["code", "value"] and second["value"].tolist() == [1.5, 2.5]
