"""The national RIVM workbooks (`raw/rivm_50090NED_<year>_<age>_nl.xlsx`), parsed once per file, not per process.

One workbook holds every wijk and buurt of NL; calamine needs ~1 s to parse one on these 2-core machines. The
map of a gemeente outside Den Haag reads four of them, and /programmas' reach panel reads them for the GLI region's
three other gemeenten: every new server process paid seconds before its first view (issue #19). The first read
writes the parsed table as Parquet in the download cache (`cache_dir()/parsed`, ~1 MB per workbook, read back in
~50 ms); the copy's name holds the workbook's name, size and modification time, so a replaced workbook is parsed
again. When the copy cannot be written or read (a read-only cache, a broken file), the workbook itself is read.
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import pandas as pd
from python_calamine import CalamineError

from indicators.sources import cache_dir

PARSED_SUBDIR = "parsed"
FORMAT = 1  # raise when what is stored changes: older copies are then ignored

log = logging.getLogger(__name__)


def parsed_path(workbook: Path) -> Path:
    """Where the parsed copy of this version of the workbook lives."""
    stat = workbook.stat()
    return cache_dir() / PARSED_SUBDIR / f"{workbook.stem}-{stat.st_size}-{stat.st_mtime_ns}-v{FORMAT}.parquet"


def _write_atomically(frame: pd.DataFrame, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".parquet")
    os.close(fd)
    try:
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, target)  # two servers may parse the same workbook: the last complete copy wins
    finally:
        Path(tmp).unlink(missing_ok=True)


def read_workbook(workbook: Path) -> pd.DataFrame:
    """The workbook's first sheet, every cell as text ("" when empty), from the parsed copy when there is one.

    A workbook that cannot be read raises OSError or ValueError (calamine's own error, for a file that is not a
    workbook at all, becomes a ValueError).
    """
    copy = parsed_path(workbook)
    if copy.is_file():
        try:
            return pd.read_parquet(copy)
        except Exception as exc:  # noqa: BLE001 - a broken copy is parsed again, whatever pyarrow raises
            log.warning("parsed copy %s unreadable (%s): reading %s again", copy, exc, workbook.name)
    try:
        frame = pd.read_excel(workbook, dtype=str, engine="calamine", keep_default_na=False)
    except CalamineError as exc:
        raise ValueError(f"not a readable workbook ({exc})") from exc
    try:
        _write_atomically(frame, copy)
    except OSError as exc:
        log.warning("cannot keep a parsed copy of %s in %s (%s): it is parsed on every new process",
                    workbook.name, copy.parent, exc)
    return frame
