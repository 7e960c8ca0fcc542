"""scripts/mutation_check.py cannot rot: every mutation still finds its text, and a stale one is a failure.

(The mutations themselves run after the suite, in scripts/test.sh: each is slow, this is the quick part.)
"""
from __future__ import annotations

from pathlib import Path

import pytest

from scripts.mutation_check import MUTATIONS, Mutation, _outcome
from tests.conftest import ROOT


def test_at_least_twelve_named_mutations_each_with_its_tests():
    names = [m.name for m in MUTATIONS]
    assert len(names) >= 12 and len(set(names)) == len(names)
    assert all(m.tests and m.tests[0].startswith("tests/test_") for m in MUTATIONS)
    assert all((ROOT / m.tests[0]).is_file() for m in MUTATIONS), "each names a test file that exists"


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_each_target_occurs_exactly_once_in_the_tree(mutation):
    text = (ROOT / mutation.path).read_text(encoding="utf-8")
    assert mutation.new is None or text.count(mutation.old) == 1, f"{mutation.path} changed: update the mutation"


def test_a_stale_target_is_an_error_and_the_copy_is_left_as_it_was(tmp_path: Path):
    (tmp_path / "m.py").write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(LookupError, match="occurs 0 times"):
        Mutation("stale", "gone", "m.py", "x = 2\n", "x = 3\n", ("tests/test_x.py",)).apply(tmp_path)
    assert (tmp_path / "m.py").read_text(encoding="utf-8") == "x = 1\n"
    original = Mutation("live", "changed", "m.py", "x = 1\n", "x = 0\n", ("tests/test_x.py",)).apply(tmp_path)
    assert original == "x = 1\n" and (tmp_path / "m.py").read_text(encoding="utf-8") == "x = 0\n"


@pytest.mark.parametrize("code, out, outcome", [
    (1, "1 failed in 2.0s", 1),
    (-6, "3 passed, 12 deselected in 42.99s\nterminate called without an active exception", 0),
    (-6, "1 failed, 2 passed in 4.2s\nterminate called without an active exception", 1),
    (-6, "1 error in 3.0s", -6),
    (-9, "killed before its summary", -9),
])
def test_a_crash_after_the_summary_is_judged_by_the_summary(code, out, outcome):
    assert _outcome(code, out) == outcome
