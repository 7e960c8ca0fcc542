"""The layer rules (issue #20): `lint-imports` passes on the code, and fails when a lower layer imports a higher one.

The second test is the rule's own check: it copies the packages, adds one back-import and expects the contract to
break, so a contract that no longer checks anything (a renamed package, a typo in .importlinter) fails here.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("views", "ui", "charts", "presentation", "exports", "programs", "geo", "indicators", "texts")
LINT = Path(sys.executable).with_name("lint-imports")


def lint(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--no-cache"], cwd=where, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"})


def test_the_code_keeps_its_layers():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "back_import"), [
    ("indicators/catalogue.py", "import ui.cache"),           # the data layer reaching up into the UI
    ("texts/i18n.py", "import indicators.catalogue"),         # the ground importing the layer above it
    ("programs/store.py", "import views.kaart_panels"),       # anything below views importing a page
    ("indicators/gaps.py", "import programs.store"),          # indicators never imports the program store
])
def test_a_back_import_breaks_the_contract(tmp_path, module, back_import):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    shutil.copy(ROOT / "yamlfile.py", tmp_path / "yamlfile.py")
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{back_import}  # deliberate back-import\n")
    result = lint(tmp_path)
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout
