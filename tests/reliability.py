"""The figures of issue #11 (reliability and security), collected by its tests and printed at the end of the run.

Tests call `record(...)`; every figure is written at once to `test-artifacts/reliability.json` (so a run that
stops half-way still leaves what it measured) and printed in pytest's closing summary:

    uploads_generated / uploads_refused / uploads_accepted   (tests/test_bad_uploads.py)
    writes_attempted / writes_landed / writes_lost           (tests/test_replicas.py, tests/test_faults.py)
    faults_survived: the names of the faults the app survived (tests/test_faults.py, tests/test_replicas.py)

Each test module that records imports the fixture: `from tests.reliability import reliability_summary  # noqa`.
"""
from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
FIGURES_FILE = ARTIFACTS / "reliability.json"
PLUGIN_NAME = "wijkdashboard-reliability"
COUNTERS = ("uploads_generated", "uploads_refused", "uploads_accepted", "writes_attempted", "writes_landed",
            "writes_lost")

_figures: dict[str, Any] = {}
_lock = threading.Lock()


def _empty() -> dict[str, Any]:
    return {**{name: 0 for name in COUNTERS}, "faults_survived": [], "notes": {}}


def _write() -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    data = dict(_figures)
    data["faults_survived_count"] = len(data.get("faults_survived", []))
    FIGURES_FILE.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def record(faults: list[str] | tuple[str, ...] = (), notes: dict[str, Any] | None = None, **counts: int) -> None:
    """Add to the counters (`uploads_generated=500`), name faults survived, keep notes (any JSON)."""
    with _lock:
        if not _figures:
            _figures.update(_empty())
        for name, value in counts.items():
            if name not in COUNTERS:
                raise KeyError(f"unknown reliability figure {name!r}")
            _figures[name] += int(value)
        for fault in faults:
            if fault not in _figures["faults_survived"]:
                _figures["faults_survived"].append(fault)
        _figures["notes"].update(notes or {})
        _write()


def record_writes(attempted: Iterable[str], stored: Iterable[str]) -> int:
    """Writes the user was told were saved (one label each) against what the store holds now: landed are those
    found, lost the rest. Recorded BEFORE the caller asserts, so a lost write shows in the figures; returns lost."""
    attempted, held = Counter(attempted), Counter(stored)
    landed = sum((attempted & held).values())
    lost = sum(attempted.values()) - landed
    record(writes_attempted=sum(attempted.values()), writes_landed=landed, writes_lost=lost)
    return lost


def figures() -> dict[str, Any]:
    with _lock:
        return json.loads(json.dumps(_figures or _empty()))


class _Summary:
    """Registered once per run: prints the figures in pytest's terminal summary."""

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not _figures:
            return
        data = figures()
        terminalreporter.write_sep("=", "reliability figures (issue #11)")
        terminalreporter.write_line(
            f"uploads generated: {data['uploads_generated']}, refused: {data['uploads_refused']}, "
            f"accepted: {data['uploads_accepted']}")
        terminalreporter.write_line(
            f"writes attempted: {data['writes_attempted']}, landed: {data['writes_landed']}, "
            f"lost: {data['writes_lost']}")
        terminalreporter.write_line(f"faults survived: {len(data['faults_survived'])} "
                                    f"({', '.join(data['faults_survived'])})")
        terminalreporter.write_line(f"written to {FIGURES_FILE.relative_to(FIGURES_FILE.parents[1])}")


@pytest.fixture(autouse=True, scope="module")
def reliability_summary(request: pytest.FixtureRequest) -> None:
    """Register the summary printer the first time a recording module runs (and start a fresh figures file)."""
    manager = request.config.pluginmanager
    if not manager.has_plugin(PLUGIN_NAME):
        with _lock:
            _figures.clear()
            _figures.update(_empty())
            _write()
        manager.register(_Summary(), PLUGIN_NAME)
