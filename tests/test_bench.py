"""The benchmarks run in quick mode so they cannot rot (figures are printed, not asserted).

The registry (bench/__main__.py BENCHMARKS) names each benchmark and the figures it prints: a deleted benchmark
fails the run, and a benchmark that stops printing one of its figures fails this test.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

import bench.__main__ as runner
from tests.conftest import ROOT


def test_every_registered_benchmark_is_there_and_every_benchmark_registered():
    assert runner.problems() == []
    assert len(runner.BENCHMARKS) >= 8 and all(runner.BENCHMARKS.values()), "each names the figures it prints"


def test_a_missing_benchmark_fails_the_run_before_anything_runs(monkeypatch, capsys):
    monkeypatch.setattr(runner, "BENCHMARKS", {"gone": ("a figure",)})
    assert runner.main(["--quick"]) == 1
    out, err = capsys.readouterr()
    assert "bench/gone.py is missing" in err and "== bench." not in out, "nothing ran"
    assert runner.main(["--check"]) == 1


@pytest.mark.slow
def test_benchmarks_run_quickly_and_print_their_figures():
    result = subprocess.run([sys.executable, "-m", "bench", "--quick"], cwd=ROOT, capture_output=True, text=True,
                            timeout=1500)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    for name, labels in runner.BENCHMARKS.items():
        section = result.stdout.split(f"== bench.{name} --quick\n", 1)
        assert len(section) == 2, f"bench.{name} did not run"
        own = section[1].split("\n== bench.", 1)[0]
        missing = [label for label in labels if label not in own]
        assert not missing, f"bench.{name} no longer prints {missing}:\n{own[-2000:]}"
