"""The question battery outside pytest: accuracy by class and language, and what failed.

    python benchmarks/ask_battery.py [--class C]

Reads every tests/battery/*.jsonl, builds one store per plan key in a temporary folder
and asks every entry (or the entries of class C), judged exactly as tests/test_ask_battery.py
judges them (tests/battery/harness.py). An exception other than QuestionError counts as a
failure and is shown with the others. Exit code 0 when every entry passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from battery import harness  # noqa: E402


def run(entries: list[dict], folder: Path) -> list[harness.Outcome]:
    stores = {}
    outcomes = []
    for entry in entries:
        key = entry["plan"]
        if key not in stores:
            stores[key] = harness.build_store(key, folder / key)
        try:
            outcomes.append(harness.check(stores[key], entry))
        except Exception as error:  # a crash of ask is one wrong answer, not the end of the run
            outcomes.append(harness.Outcome(entry, [f"raised {type(error).__name__}: {error}"]))
    return outcomes


def accuracy_table(outcomes: list[harness.Outcome]) -> str:
    """Passed / asked by class and language, then overall."""
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        for lang in (outcome.entry["lang"], "all"):
            cell = tally[(outcome.entry["class"], lang)]
            cell[0] += outcome.passed
            cell[1] += 1
    classes = sorted({key[0] for key in tally})
    lines = [f"{'class':<18}{'zh':>14}{'en':>14}{'all':>14}"]
    for name in classes:
        lines.append(f"{name:<18}" + "".join(f"{_ratio(tally.get((name, lang))):>14}" for lang in ("zh", "en", "all")))
    totals = {
        lang: [
            sum(1 for o in outcomes if o.passed and lang in (o.entry["lang"], "all")),
            sum(1 for o in outcomes if lang in (o.entry["lang"], "all")),
        ]
        for lang in ("zh", "en", "all")
    }
    lines.append(f"{'overall':<18}" + "".join(f"{_ratio(totals[lang]):>14}" for lang in ("zh", "en", "all")))
    return "\n".join(lines)


def _ratio(cell: list[int] | None) -> str:
    if not cell or not cell[1]:
        return "-"
    return f"{cell[0]}/{cell[1]} {100 * cell[0] // cell[1]}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ask_battery.py", description="Run the question battery and report accuracy.")
    parser.add_argument("--class", dest="kind", help="only the entries of this class (unit-lead, targets-year …)")
    args = parser.parse_args(argv)
    entries = [e for e in harness.load_entries() if not args.kind or e["class"] == args.kind]
    if not entries:
        parser.error(f"no entries of class {args.kind!r}")
    malformed = [f"{e['_source']}: {p}" for e in entries for p in harness.entry_problems(e)]
    if malformed:
        print("\n".join(malformed), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="ask-battery-") as folder:
        outcomes = run(entries, Path(folder))
    failures = [o for o in outcomes if not o.passed]
    if failures:
        print(f"Failing ({len(failures)}):\n")
        print("\n\n".join(harness.describe(o) for o in failures) + "\n")
    print(accuracy_table(outcomes))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
