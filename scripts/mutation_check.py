"""Do the tests fail when a feature is gone? Break each feature on purpose and make sure its tests notice (#22).

    python -m scripts.mutation_check            # every mutation, 2 at a time
    python -m scripts.mutation_check --list     # what would be broken, and which tests must fail
    python -m scripts.mutation_check --only rank_ignores_direction --baseline

Each mutation is an exact text replacement in one file (or a deleted file) of a TEMPORARY COPY of the work tree,
never the work tree itself. Then only the tests it names run (pytest, in the copy): they must FAIL (pytest exit 1).
A mutation the tests survive, a target text that no longer occurs exactly once (the check cannot rot quietly), a
selection of tests that is empty, or a run that errors or times out makes the check fail. It ends with
"mutations caught: N/N". --baseline first runs each mutation's tests on the unchanged copy (they must pass): CI
skips it, because the full suite has just passed on the same tree.
"""
from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP_PARTS = {".git", ".venv", "node_modules", "__pycache__", ".pytest_cache", "test-artifacts", "static"}
TIMEOUT_S = 300


@dataclass(frozen=True)
class Mutation:
    name: str
    what: str  # the feature that is gone, in words
    path: str  # relative to the repository
    old: str  # must occur exactly once in `path`
    new: str | None  # None: the file is deleted (then `old` is ignored)
    tests: tuple[str, ...]  # pytest arguments selecting the tests that must fail

    def apply(self, copy: Path) -> str:
        """Break the copy; returns the file's original text (to restore it). Raises LookupError on a stale target."""
        target = copy / self.path
        if not target.is_file():
            raise LookupError(f"{self.path} does not exist")
        original = target.read_text(encoding="utf-8")
        if self.new is None:
            target.unlink()
            return original
        found = original.count(self.old)
        if found != 1:
            raise LookupError(f"the text to replace occurs {found} times in {self.path} (must be exactly once)")
        target.write_text(original.replace(self.old, self.new), encoding="utf-8")
        return original



def map_links(cases: str) -> tuple[str, ...]:
    """The map page's link cases whose id contains `cases` (e.g. "buurt"): only those that use the parameter."""
    return ("tests/test_map_page.py", "-k", f"every_link_parameter and {cases}")


MUTATIONS: tuple[Mutation, ...] = (
    Mutation("level_ignored", "the link's level= is ignored", "indicators/view.py",
             '    choose("level", LEVELS)\n', "", map_links("buurt")),
    Mutation("mode_ignored", "the link's mode= is ignored", "indicators/view.py",
             '    choose("mode", MODES)\n', "", map_links("gap")),
    Mutation("age_ignored", "the link's age= is ignored", "indicators/view.py",
             '    choose("age", AGES)\n', "", map_links("65plus")),
    Mutation("indicator_ignored", "the link's indicator= is ignored", "indicators/view.py",
             '    choose("indicator", set(cat.available_ids))\n', "", map_links("indicator")),
    Mutation("area_not_restored", "the link's area= is not restored", "indicators/view.py",
             '    if "area" in params:\n', '    if False:\n',
             ("tests/test_map_page.py", "-k", "area_in_the_link")),
    Mutation("bad_value_kept", "a bad slide= gets its notice but stays in the view", "indicators/view.py",
             '            notices.append(Notice("slide", raw, str(defaults.slide)))\n',
             '            notices.append(Notice("slide", raw, str(defaults.slide)))\n'
             '            values["slide"] = int(raw) if raw.isdigit() else defaults.slide\n',
             ("tests/test_bad_urls.py", "-k", "nasty and huge_year and kaart")),
    Mutation("rank_ignores_direction", "ranks ignore the indicator's direction", "indicators/gaps.py",
             '    ascending = direction == "higher_is_worse"\n', "    ascending = True\n",
             ("tests/test_gaps.py",)),
    Mutation("suppression_off", "counts of people below 5 are shown exactly", "texts/i18n.py",
             "SMALL_COUNT = 5\n", "SMALL_COUNT = 0\n", ("tests/test_i18n.py", "-k", "small")),
    Mutation("missing_read_as_zero", "a missing value is read as 0", "indicators/observations.py",
             "    return values.astype(float), status\n", "    return values.fillna(0).astype(float), status\n",
             ("tests/test_observations.py",)),
    Mutation("import_commits_each_chunk", "an upload is committed chunk by chunk", "programs/store.py",
             "        ids.extend(new_ids)\n", "        ids.extend(new_ids)\n        session.commit()\n",
             ("tests/test_entry_kill.py", "-k", "sqlite and in_the_middle")),  # killed where the import pauses
    Mutation("upload_row_by_row", "an upload is written row by row, each row committed",
             "programs/upload/importing.py",
             "    return store.add_counts(session, counts, user, reason, areas=areas, progress=_test_marker)\n",
             "    ids = []\n"
             "    for done, count in enumerate(counts, 1):\n"
             "        ids.append(store.add_count(session, count, user, reason, areas).id)\n"
             "        session.commit()\n"
             "        _test_marker(done, len(counts))\n"
             "    return ids\n",
             ("tests/test_entry_kill.py", "-k", "sqlite-writing")),  # killed at full speed, no pause
    Mutation("entry_page_any_role", "the entry page lets in any signed-in account", "views/invoer.py",
             'user = require_role("editor", lang)\n', 'user = require_role("viewer", lang)\n',
             ("tests/test_locked_doors.py", "-k", "refused")),
    Mutation("upload_never_ok", "no upload is ever accepted (ParsedUpload.ok is False)", "programs/upload/report.py",
             "        return not self.problems and bool(self.rows)\n", "        return False\n",
             ("tests/test_bad_uploads.py", "-k", "refused_where_they_are_wrong and (valid or markdown)")),
    Mutation("bench_skips_missing", "the bench runner skips a missing benchmark", "bench/__main__.py",
             "    wrong = problems()\n", "    wrong = []\n", ("tests/test_bench.py", "-m", "not slow")),
    Mutation("benchmark_deleted", "a benchmark is deleted", "bench/payload.py", "", None,
             ("tests/test_bench.py", "-m", "not slow")),
)


def copy_tree(dest: Path) -> Path:
    """The work tree as it is (tracked and new files, not what git ignores) in dest/main, with dest/shared pointing
    at the workspace mirror's folder, so `../shared/data` resolves as it does beside the real tree."""
    main = dest / "main"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=False)
    if listed.returncode == 0:
        for rel in filter(None, listed.stdout.decode().split("\0")):
            source = ROOT / rel
            if source.is_file() and not SKIP_PARTS.intersection(Path(rel).parts):
                (main / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, main / rel)
    else:  # not a git checkout
        shutil.copytree(ROOT, main, ignore=lambda _d, names: [n for n in names if n in SKIP_PARTS])
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        (dest / "shared").symlink_to(shared, target_is_directory=True)
    return main


def run_tests(copy: Path, tests: tuple[str, ...]) -> tuple[int, str]:
    """pytest's exit code (0 passed, 1 tests failed, 5 none selected, else an error) and its output."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # no .pyc of a mutated file outlives the mutation
    command = [sys.executable, "-m", "pytest", *tests, "-x", "-q", "-rf", "--no-header", "-p", "no:cacheprovider"]
    try:
        done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return -1, f"timed out after {TIMEOUT_S} s"
    out = done.stdout + done.stderr
    return _outcome(done.returncode, out), out


def _outcome(code: int, out: str) -> int:
    """A process killed at exit (e.g. SIGABRT from a native library's thread, after pytest printed its summary) is
    judged by the summary line: '1 failed' is a failure, only passes is a pass."""
    if code in (0, 1, 5):
        return code
    summary = re.findall(r"^=*\s*(\d+ (?:failed|passed|errors?|skipped|deselected)\b.*) in [\d.]+s", out, flags=re.M)
    if not summary:
        return code
    counts = dict((word.rstrip("s"), int(n)) for n, word in re.findall(r"(\d+) (failed|passed|errors?)", summary[-1]))
    if counts.get("error"):
        return code
    if counts.get("failed"):
        return 1
    return 0 if counts.get("passed") else code


def check(mutation: Mutation, copy: Path, baseline: bool) -> tuple[bool, str]:
    """(caught, what happened). Caught only if the named tests fail because of the mutation."""
    if baseline:
        code, out = run_tests(copy, mutation.tests)
        if code != 0:
            return False, f"its tests do not pass on the unchanged tree (pytest exit {code}):\n{_tail(out)}"
    try:
        original = mutation.apply(copy)
    except LookupError as exc:
        return False, f"target gone: {exc}"
    try:
        code, out = run_tests(copy, mutation.tests)
    finally:
        (copy / mutation.path).write_text(original, encoding="utf-8")
    if code == 1:
        failed = re.findall(r"^FAILED (\S+)", out, flags=re.M)
        return True, f"failed: {failed[0] if failed else '(see pytest output)'}"
    if code == 0:
        return False, f"SURVIVED: {' '.join(mutation.tests)} passed with the feature gone:\n{_tail(out)}"
    if code == 5:
        return False, f"no tests selected by {' '.join(mutation.tests)}"
    return False, f"pytest exit {code} (error, not a test failure):\n{_tail(out)}"


def _tail(out: str, lines: int = 25) -> str:
    return "\n".join("    " + line for line in out.strip().splitlines()[-lines:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these mutations")
    parser.add_argument("--baseline", action="store_true", help="first check each mutation's tests pass unchanged")
    parser.add_argument("--jobs", type=int, default=2, help="mutations checked at the same time (own copy each)")
    args = parser.parse_args(argv)
    mutations = [m for m in MUTATIONS if not args.only or m.name in args.only]
    if args.only and len(mutations) != len(set(args.only)):
        parser.error(f"unknown mutation(s): {sorted(set(args.only) - {m.name for m in MUTATIONS})}")
    if args.list:
        for m in mutations:
            print(f"{m.name}: {m.what} ({m.path}) -> pytest {' '.join(m.tests)}")
        return 0
    started = time.monotonic()
    jobs = max(1, min(args.jobs, len(mutations)))
    with tempfile.TemporaryDirectory(prefix="mutation-check-") as tmp:
        copies: queue.Queue[Path] = queue.Queue()
        for i in range(jobs):
            copies.put(copy_tree(Path(tmp) / str(i)))

        def one(mutation: Mutation) -> tuple[bool, str]:
            copy = copies.get()
            began = time.monotonic()
            try:
                caught, detail = check(mutation, copy, args.baseline)
            finally:
                copies.put(copy)
            print(f"{'caught  ' if caught else 'MISSED  '} {mutation.name} ({time.monotonic() - began:.0f} s): "
                  f"{mutation.what} -> {detail}", flush=True)
            return caught, detail

        with ThreadPoolExecutor(jobs) as pool:
            results = list(pool.map(one, mutations))
    caught = sum(ok for ok, _ in results)
    print(f"mutations caught: {caught}/{len(mutations)} ({time.monotonic() - started:.0f} s)")
    return 0 if caught == len(mutations) else 1


if __name__ == "__main__":
    sys.exit(main())
