"""Small helpers shared by the benchmarks: timing statistics and the machine line."""
from __future__ import annotations

import os
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def machine() -> str:
    return f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}"


def summary(name: str, samples_ms: list[float]) -> str:
    return (f"{name}: median {statistics.median(samples_ms):.1f} ms · min {min(samples_ms):.1f} · "
            f"max {max(samples_ms):.1f} · n={len(samples_ms)}")
