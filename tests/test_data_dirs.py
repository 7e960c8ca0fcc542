"""A data set comes from the first folder that holds it, never from two (issue #16).

A user who copied the mirror into WIJKDASHBOARD_DATA_DIR (as the README suggests), or who names the mirror itself
there, must get exactly the observations of the mirror alone: no doubled area/indicator/year/age rows.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from indicators.observations import build_observations
from indicators.sources import ENV_DATA_DIR, cache_dir, find_files, search_dirs

KEY = ["area_code", "indicator", "year", "age", "source"]


def _copy_of(mirror: Path, dest: Path) -> Path:
    """The mirror's files in another folder (hard links where possible: the same bytes, another path)."""
    shutil.copytree(mirror, dest, copy_function=_link_or_copy)
    return dest


def _link_or_copy(src: str, dst: str) -> None:
    try:
        Path(dst).hardlink_to(src)
    except OSError:
        shutil.copy2(src, dst)


@pytest.fixture(scope="module")
def mirror_only(mirror: Path) -> dict[str, pd.DataFrame]:
    return {gm: build_observations(gm) for gm in ("GM0518", "GM0603")}


@pytest.mark.parametrize("gemeente", ["GM0518", "GM0603"])
@pytest.mark.parametrize("how", ["copy", "same folder"])
def test_a_copy_of_the_mirror_in_the_data_dir_reads_every_data_set_once(mirror, mirror_only, tmp_path, monkeypatch,
                                                                         gemeente, how):
    data_dir = _copy_of(mirror, tmp_path / "copy") if how == "copy" else mirror
    monkeypatch.setenv(ENV_DATA_DIR, str(data_dir))
    both = build_observations(gemeente)
    assert not both.duplicated(KEY).any(), both[both.duplicated(KEY, keep=False)].head()
    pd.testing.assert_frame_equal(both, mirror_only[gemeente])


def test_each_file_name_comes_from_the_first_folder_that_holds_it(mirror, tmp_path, monkeypatch):
    data_dir = _copy_of(mirror, tmp_path / "copy")
    monkeypatch.setenv(ENV_DATA_DIR, str(data_dir))
    paths = find_files("rivm_50090", "GM0518")
    names = [p.relative_to(data_dir).as_posix() for p in paths]
    assert len(names) == len(set(names)) == 5  # the Den Haag CSV and the four national xlsx files, once each
    assert all(p.is_relative_to(data_dir) for p in paths)


def test_the_user_cache_folder_follows_the_environment_it_is_read_from(tmp_path, monkeypatch):
    """cache_dir() is remembered per environment (every cached read asks for it, issue #19), never across one:
    another XDG_CACHE_HOME, or another HOME without it, is another folder at once."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "one"))
    assert cache_dir() == tmp_path / "one" / "wijkdashboard"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "two"))
    assert cache_dir() == tmp_path / "two" / "wijkdashboard"
    assert cache_dir() in search_dirs()
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "wijkdashboard"
