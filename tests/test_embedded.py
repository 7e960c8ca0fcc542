"""The embedded default (data/embedded): built from the mirror by scripts/build_embedded.py, read last."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import app_test
from geo.boundaries import gemeente_names, read_areas
from indicators.observations import build_observations
from indicators.sources import DATASETS, EMBEDDED_DIR, ENV_NO_EMBEDDED, ENV_OFFLINE_MIRROR, find_files
from scripts import build_embedded

LIMIT_BYTES = 1_500_000  # issue #22: at most 1.5 MB in all


@pytest.fixture
def fresh_clone(tmp_path, monkeypatch) -> None:
    """No mirror, an empty cache folder, no data folder: what a fresh clone on a new machine has."""
    monkeypatch.setenv(ENV_OFFLINE_MIRROR, "1")
    monkeypatch.delenv(ENV_NO_EMBEDDED, raising=False)
    monkeypatch.delenv("WIJKDASHBOARD_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))


def embedded_files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(EMBEDDED_DIR.iterdir()) if p.name != "README.md"}


def test_embedded_files_are_exactly_what_the_script_builds_from_the_mirror(mirror, tmp_path: Path):
    assert build_embedded.main(["--mirror", str(mirror), "--dest", str(tmp_path)]) == 0
    built = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    shipped = embedded_files()
    assert sorted(shipped) == sorted(built), "data/embedded holds other files than the script makes"
    changed = [name for name in built if built[name] != shipped[name]]
    assert not changed, f"rebuild with `python -m scripts.build_embedded`: {changed} differ from the mirror"


def test_embedded_default_is_small_and_every_file_is_credited():
    files = embedded_files()
    assert 0 < sum(len(b) for b in files.values()) <= LIMIT_BYTES
    readme = (EMBEDDED_DIR / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme
    for name in files:
        line = next(line for line in readme.splitlines() if f"`{name}`" in line)
        assert "Bron:" in line and any(year in line for year in ("2015", "2019", "2024", "2012/2016/2020")), line


def test_every_data_set_of_den_haag_has_an_embedded_file():
    for key, dataset in DATASETS.items():
        if key in ("rivm_50120", "rivm_50150"):  # not in the mirror: only the download has them
            assert dataset.embedded == ()
            continue
        for name in dataset.embedded:
            assert (EMBEDDED_DIR / name.format(gemeente="GM0518")).is_file(), name


def test_a_fresh_clone_reads_den_haag_from_the_embedded_default(fresh_clone):
    for key in DATASETS:
        assert all(p.parent == EMBEDDED_DIR for p in find_files(key, "GM0518")), key
    assert gemeente_names() == {"GM0518": "'s-Gravenhage"}
    assert (len(read_areas("GM0518", "wijk")), len(read_areas("GM0518", "buurt"))) == (44, 114)
    tidy = build_observations("GM0518")
    health = tidy[(tidy["indicator"] == "ervaren_gezondheid_goed_zeer_goed") & (tidy["year"] == 2020)
                  & (tidy["age"] == "18plus")].set_index("area_code")["value"]
    # PROVENANCE.md of the mirror: NL 78.4, Den Haag 75.3, Schildersbuurt 63.5 (2020, 18+)
    assert (health["NL01"], health["GM0518"], health["WK051829"]) == (78.4, 75.3, 63.5)
    assert {2015, 2019, 2024} <= set(tidy.loc[tidy["source"].isin(["83220NED", "84583NED", "85984NED"]), "year"])
    assert set(tidy.loc[tidy["source"] == "50090NED", "year"]) == {2012, 2016, 2020}


def test_the_embedded_default_gives_the_same_observations_as_the_mirror(mirror, monkeypatch):
    from_mirror = build_observations("GM0518")
    monkeypatch.setenv(ENV_OFFLINE_MIRROR, "1")
    monkeypatch.delenv(ENV_NO_EMBEDDED, raising=False)
    assert all(p.parent == EMBEDDED_DIR for p in find_files("rivm_50090", "GM0518"))
    pd.testing.assert_frame_equal(build_observations("GM0518"), from_mirror)


def test_the_embedded_default_is_read_only_when_no_other_folder_holds_the_data_set(mirror, monkeypatch):
    monkeypatch.delenv(ENV_NO_EMBEDDED, raising=False)
    for key in DATASETS:
        assert not any(p.parent == EMBEDDED_DIR for p in find_files(key, "GM0518")), key
    # KWB 2015 is three files: the mirror's three, never those plus the embedded three (rows twice)
    assert len(find_files("kwb_2015", "GM0518")) == 3


def test_another_gemeente_is_not_in_the_embedded_default(fresh_clone):
    assert all(find_files(key, "GM0603") == [] for key in DATASETS)


def test_fresh_clone_map_page_draws_den_haag(fresh_clone):
    at = app_test({"lang": "en"})
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.title[0].value.startswith("Self-rated health")
    assert any("Source:" in c.value for c in at.caption)



def test_sources_page_names_the_embedded_default_as_the_folder(fresh_clone):
    from indicators.freshness import data_as_of

    files = [f for found in data_as_of("GM0518").values() for f in found]
    assert files and {f.folder for f in files} == {"embedded"}
