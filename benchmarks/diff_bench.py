"""``policykg diff`` on generated version pairs (benchmarks/versions.py): precision and
recall per change kind, and the time of diffing two plans of 100 measures.

    python benchmarks/diff_bench.py [--pairs 40] [--first-seed 0] [--measures 100] [--runs 3]

A change is found when one of the diff's changes has its kind, old measure and new measure
(before/after are tests/test_diff_generated.py's business). Pairs are seeds first-seed …,
each with the subset of edits its seed chooses. The time is of ``kg.service.diff`` on two
files (both parsed, then compared), best of --runs, and of the same two plans already in a
store (a temporary one, built first). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.versions import EDITS, version_pair  # noqa: E402
from kg import service  # noqa: E402
from kg.diff.model import KINDS  # noqa: E402


def _key(change: dict) -> tuple:
    return (change["kind"], change["old_measure"], change["new_measure"])


def _write(folder: Path, old: str, new: str) -> tuple[Path, Path]:
    paths = folder / "old.txt", folder / "new.txt"
    for path, text in zip(paths, (old, new), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def score(pairs: int, first_seed: int) -> None:
    """Precision and recall per kind over ``pairs`` pairs, and the pairs diffed exactly."""
    correct, expected, found = Counter(), Counter(), Counter()
    exact, wrong = 0, []
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(first_seed, first_seed + pairs):
            old, new, changes = version_pair(seed)
            want = Counter(_key(c) for c in changes)
            have = Counter(_key(c.record()) for c in service.diff(*_write(Path(folder), old, new)).changes)
            for key in want | have:
                kind = key[0]
                expected[kind] += want[key]
                found[kind] += have[key]
                correct[kind] += min(want[key], have[key])
            if want == have:
                exact += 1
            else:
                wrong.append(seed)
    print(f"## {pairs} pairs (seeds {first_seed}–{first_seed + pairs - 1}): {exact} diffed exactly")
    if wrong:
        print(f"pairs with a difference: {', '.join(map(str, wrong))}")
    print()
    print("| kind | expected | found | correct | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in KINDS:
        if expected[kind] or found[kind]:
            precision = f"{correct[kind] / found[kind]:.3f}" if found[kind] else "–"
            recall = f"{correct[kind] / expected[kind]:.3f}" if expected[kind] else "–"
            print(f"| {kind} | {expected[kind]} | {found[kind]} | {correct[kind]} | {precision} | {recall} |")
    total_expected, total_found, total_correct = (sum(c.values()) for c in (expected, found, correct))
    print(
        f"| all | {total_expected} | {total_found} | {total_correct} | "
        f"{total_correct / max(total_found, 1):.3f} | {total_correct / max(total_expected, 1):.3f} |"
    )


def _best(runs: int, call) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - start)
    return best, result


def timing(measures: int, runs: int, seed: int = 1) -> None:
    """Two plans of ``measures`` measures (every edit applied): from files, and from a store."""
    old, new, changes = version_pair(seed, EDITS, measures=measures)
    print()
    print(f"## time: two plans of {measures} measures (seed {seed}, every edit; {len(changes)} changes expected)")
    with tempfile.TemporaryDirectory() as folder:
        old_path, new_path = _write(Path(folder), old, new)
        seconds, result = _best(runs, lambda: service.diff(str(old_path), str(new_path)))
        print(f"files (parse both + diff), best of {runs}: {seconds * 1000:.0f} ms — {len(result.changes)} changes")
        store = Path(folder) / "store"
        try:
            built = [service.build([str(path)], store=store).built[0].iri for path in (old_path, new_path)]
        except Exception as error:  # the store path is optional: say why it is missing
            print(f"store: not measured ({type(error).__name__}: {error})")
            return
        seconds, result = _best(runs, lambda: service.diff(built[0], built[1], store=store))
        print(f"in a store (open + read both + diff), best of {runs}: {seconds * 1000:.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="diff_bench.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=40, help="version pairs to score (default 40)")
    parser.add_argument("--first-seed", type=int, default=0, help="seed of the first pair (default 0)")
    parser.add_argument("--measures", type=int, default=100, help="measures of the timed plans (default 100)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the best is shown (default 3)")
    args = parser.parse_args(argv)
    if args.pairs < 0 or args.measures < 1 or args.runs < 1:
        parser.error("--pairs must be 0 or more, --measures and --runs 1 or more")
    if args.pairs:
        score(args.pairs, args.first_seed)
    timing(args.measures, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
