"""The benchmarks run in quick mode so they cannot rot (figures are printed, not asserted)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_benchmarks_run_quickly():
    result = subprocess.run([sys.executable, "-m", "bench", "--quick"], cwd=ROOT, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "indicator switch, buurt" in result.stdout and "map payload, buurt" in result.stdout
