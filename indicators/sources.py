"""Where the data files are: one place for every file lookup.

Search order (DESIGN.md): an explicit directory (`WIJKDASHBOARD_DATA_DIR`), the git-ignored user cache folder
(where `python -m indicators.refresh` writes downloads), the workspace mirror `../shared/data`, and last the
embedded default `data/embedded/` (Den Haag only, built by `scripts/build_embedded.py`): a fresh clone shows
Den Haag's map offline. When none holds a file, `DataMissingError` says what is needed and how to get it.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

ENV_DATA_DIR = "WIJKDASHBOARD_DATA_DIR"
ENV_OFFLINE_MIRROR = "WIJKDASHBOARD_NO_MIRROR"  # set to 1 to ignore ../shared/data (a fresh clone)
ENV_NO_EMBEDDED = "WIJKDASHBOARD_NO_EMBEDDED"  # set to 1 to ignore data/embedded (tests of the missing-data path)
PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIRROR_DIR = PROJECT_ROOT.parent / "shared" / "data"
EMBEDDED_DIR = PROJECT_ROOT / "data" / "embedded"


class DataError(Exception):
    """A data file is missing or unreadable; the message says which file and what to do."""


class DataMissingError(DataError):
    pass


class DataFileError(DataError):
    def __init__(self, path: Path, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class Dataset:
    """A logical data set and the file names it may have, best first. `{gemeente}` is filled in.
    `embedded`: its files in data/embedded (Den Haag only), read only when no other folder holds the data set."""

    key: str
    candidates: tuple[str, ...]
    description: str
    embedded: tuple[str, ...] = ()


# Downloads (indicators.refresh) are written under the first candidate name; the mirror's names follow.
DATASETS: dict[str, Dataset] = {
    d.key: d
    for d in (
        Dataset("boundaries_wijk", ("pdok_wijken_{gemeente}.geojson", "raw/tnocs_haaglanden_wijk_2015.geojson"),
                "CBS/Kadaster Wijk- en Buurtkaart, wijken", ("embedded_wijken_2015_{gemeente}.geojson",)),
        Dataset("boundaries_buurt", ("pdok_buurten_{gemeente}.geojson", "raw/tnocs_haaglanden_buurt_2015.geojson"),
                "CBS/Kadaster Wijk- en Buurtkaart, buurten", ("embedded_buurten_2015_{gemeente}.geojson",)),
        Dataset("boundaries_gemeente", ("pdok_gemeente_{gemeente}.geojson",
                                        "raw/tnocs_haaglanden_gemeente_2015.geojson"),
                "CBS/Kadaster Wijk- en Buurtkaart, gemeentegrens", ("embedded_gemeente_2015_{gemeente}.geojson",)),
        # KWB 2015 is the attribute table of the 2015 map (same short names as in the map's shapefile).
        Dataset("kwb_2015", ("raw/tnocs_haaglanden_gemeente_2015.geojson", "raw/tnocs_haaglanden_wijk_2015.geojson",
                             "raw/tnocs_haaglanden_buurt_2015.geojson"),
                "CBS Kerncijfers wijken en buurten 2015 (attributes of the Wijk- en Buurtkaart 2015)",
                ("embedded_gemeente_2015_{gemeente}.geojson", "embedded_wijken_2015_{gemeente}.geojson",
                 "embedded_buurten_2015_{gemeente}.geojson")),
        Dataset("rivm_50090", ("cbs_50090NED_{gemeente}.csv", "rivm_50090NED_gezondheid_denhaag.csv",
                               "raw/rivm_50090NED_2012_18plus_nl.xlsx", "raw/rivm_50090NED_2016_18plus_nl.xlsx",
                               "raw/rivm_50090NED_2020_18plus_nl.xlsx", "raw/rivm_50090NED_2020_65plus_nl.xlsx"),
                "RIVM 50090NED Gezondheid per wijk en buurt 2012/2016/2020", ("embedded_rivm_50090NED_{gemeente}.csv",)),
        Dataset("rivm_50120", ("cbs_50120NED_{gemeente}.csv",), "RIVM 50120NED Gezondheid per wijk en buurt 2022"),
        Dataset("rivm_50150", ("cbs_50150NED_{gemeente}.csv",), "RIVM 50150NED Gezondheid per wijk en buurt 2024"),
        Dataset("kwb_2019", ("cbs_84583NED_{gemeente}.csv", "kwb_2019_84583NED_denhaag.csv"),
                "CBS Kerncijfers wijken en buurten 2019", ("embedded_kwb_84583NED_{gemeente}.csv",)),
        Dataset("kwb_2024", ("cbs_85984NED_{gemeente}.csv", "raw/kwb_2024_85984NED_stripped_gm_wk.json"),
                "CBS Kerncijfers wijken en buurten 2024", ("embedded_kwb_85984NED_{gemeente}.csv",)),
    )
}


def cache_dir() -> Path:
    """The git-ignored folder where downloads land. Every cached read asks for it (its key holds `search_dirs`):
    platformdirs is asked once per environment it depends on, not on every rerun (issue #19)."""
    return _user_cache_dir(os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))


@functools.lru_cache(maxsize=8)
def _user_cache_dir(xdg_cache_home: str | None, home: str | None) -> Path:
    return Path(user_cache_dir("wijkdashboard", appauthor=False))


def search_dirs() -> list[Path]:
    dirs: list[Path] = []
    explicit = os.environ.get(ENV_DATA_DIR)
    if explicit:
        dirs.append(Path(explicit))
    dirs.append(cache_dir())
    if os.environ.get(ENV_OFFLINE_MIRROR) != "1":
        dirs.append(MIRROR_DIR)
    if os.environ.get(ENV_NO_EMBEDDED) != "1":
        dirs.append(EMBEDDED_DIR)
    return dirs


def find_files(key: str, gemeente: str) -> list[Path]:
    """The existing files of a data set, in search order (a caller may skip files lacking its gemeente).

    Each file name counts once: the first folder that holds it wins, so a copy of the mirror in
    WIJKDASHBOARD_DATA_DIR (or a folder named twice) never reads a data set twice and doubles its rows.
    The embedded default counts only when no other folder holds any file of the data set.
    """
    dataset = DATASETS[key]
    found: dict[str, Path] = {}
    for directory in dict.fromkeys(d.resolve() for d in search_dirs()):
        names = dataset.candidates
        if directory == EMBEDDED_DIR.resolve():
            names = () if found else dataset.embedded
        for name in names:
            file_name = name.format(gemeente=gemeente)
            path = directory / file_name
            if file_name not in found and path.is_file():
                found[file_name] = path
    return list(found.values())


def downloaded_files(key: str) -> list[Path]:
    """A data set's downloads for every gemeente in the search folders (named per gemeente: the picker lists
    each downloaded gemeente, `pdok_gemeente_GM0603.geojson` -> GM0603)."""
    pattern = DATASETS[key].candidates[0]
    if "{gemeente}" not in pattern:
        return []
    name = pattern.format(gemeente="GM" + "[0-9]" * 4)
    return [path for directory in search_dirs() for path in sorted(directory.glob(name))]


def find_file(key: str, gemeente: str) -> Path:
    """The first existing file for a data set, or a DataMissingError that says what to do."""
    found = find_files(key, gemeente)
    if found:
        return found[0]
    raise DataMissingError(missing_message(key, gemeente))


def missing_message(key: str, gemeente: str) -> str:
    dataset = DATASETS[key]
    names = ", ".join(n.format(gemeente=gemeente) for n in dataset.candidates)
    dirs = "; ".join(str(d) for d in search_dirs())
    return (
        f"No data for {dataset.description} ({gemeente}). Looked for {names} in: {dirs}. "
        f"Download it with `python -m indicators.refresh --gemeente {gemeente}` (needs internet), "
        f"or put the files in a folder and set {ENV_DATA_DIR} to it."
    )
