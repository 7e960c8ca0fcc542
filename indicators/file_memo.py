"""Data files parsed once per version in a process, not once per gemeente.

The readers of indicators.observations pick one gemeente's rows out of files that hold many: the national RIVM
workbooks, the KWB 2024 JSON of every gemeente and wijk, the Haaglanden KWB 2015 map, Den Haag's RIVM CSV. The
reach panel of /programmas reads the population and the need of the four gemeenten of the GLI region, so each of
those files was parsed four times on a process's first visit (~1 s of its ~2 s, issue #19).

`per_file_version` keeps the last parses of a reader, keyed by the file's path, inode, size and change times: a
replaced or rewritten file is parsed again. A parse that raises is not kept, and a file that is gone is handed to the
parse (which reports it). A reader's frame is handed out as a shallow copy: pandas' copy-on-write (pandas 3) copies
a column only when a caller changes it, so no caller can change what the next one reads, at no cost to those that
only filter.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd

T = TypeVar("T")


def per_file_version(maxsize: int) -> Callable[[Callable[[Path], T]], Callable[[Path], T]]:
    """Decorate `parse(path)` so that each version of a file is parsed once (the last `maxsize` versions kept)."""
    def wrap(parse: Callable[[Path], T]) -> Callable[[Path], T]:
        @functools.lru_cache(maxsize=maxsize)
        def parsed(path: str, version: tuple[int, ...]) -> T:
            return parse(Path(path))

        @functools.wraps(parse)
        def read(path: Path) -> T:
            try:
                stat = Path(path).stat()
            except OSError:  # a missing file: the parse says so in its own words
                return parse(Path(path))
            kept = parsed(str(path), (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))
            return kept.copy(deep=False) if isinstance(kept, pd.DataFrame) else kept

        read.cache_clear = parsed.cache_clear  # type: ignore[attr-defined]
        read.cache_info = parsed.cache_info  # type: ignore[attr-defined]
        return read
    return wrap
