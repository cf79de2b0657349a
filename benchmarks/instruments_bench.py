"""How well the suggested policy-instrument codes agree with a hand coding of the bundled
plan (tests/cases/instruments/bundled-coding.csv): Cohen's κ over the clauses, at the
level of the sub-instrument and of the type, per code, and the clauses they differ on.

    python benchmarks/instruments_bench.py [--codebook instruments] [--show-differences]

A clause's suggested code is its best suggestion (kg.instruments.suggest), ``none`` when
no trigger term of the codebook is in it. With tests/cases/instruments/second-coding.csv (a
second coder who saw neither the first coding nor the trigger terms), the two coders'
agreement is printed too: what people reach on the same clauses.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import pipeline, resources  # noqa: E402
from kg.instruments import code_plan, load  # noqa: E402
from kg.instruments.agreement import cohen_kappa  # noqa: E402
from kg.store import Store  # noqa: E402

HAND = ROOT / "tests" / "cases" / "instruments" / "bundled-coding.csv"
SECOND = ROOT / "tests" / "cases" / "instruments" / "second-coding.csv"  # a second, independent coder


def _coding(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as handle:
        return {row["clause_id"]: row["code"] for row in csv.DictReader(handle)}


def suggested_codes(codebook_name: str) -> tuple[dict[str, str], dict[str, str], float]:
    """Each clause's best suggested code (or none) and its text, and the seconds taken."""
    built = pipeline.process(resources.bundled_plan())
    store = Store(None)
    store.load(built.nquads)
    codebook = load(codebook_name)
    started = time.perf_counter()
    clauses, suggestions = code_plan(store.oxigraph, built.iri, codebook)
    seconds = time.perf_counter() - started
    best: dict[str, str] = {}
    for suggestion in suggestions:
        best.setdefault(suggestion.clause.id, suggestion.concept.code)
    return {clause.id: best.get(clause.id, "none") for clause in clauses}, {c.id: c.text for c in clauses}, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codebook", default="instruments")
    parser.add_argument("--show-differences", action="store_true")
    args = parser.parse_args(argv)

    hand = _coding(HAND)
    suggested, texts, seconds = suggested_codes(args.codebook)
    missing = sorted(set(hand) ^ set(suggested))
    if missing:
        print(f"the hand coding and the clauses differ on: {', '.join(missing)}", file=sys.stderr)
        return 1
    ids = list(hand)
    a, b = [hand[i] for i in ids], [suggested[i] for i in ids]
    kind = lambda code: code.split(".")[0]  # noqa: E731 — the type of a code (none stays none)
    print(f"# Policy instruments: suggestions vs the hand coding ({len(ids)} clauses, {args.codebook})\n")
    print("| level | κ | agreement |")
    print("|---|---:|---:|")
    print(f"| sub-instrument | {cohen_kappa(a, b):.3f} | {sum(x == y for x, y in zip(a, b)) / len(ids):.3f} |")
    ta, tb = [kind(x) for x in a], [kind(x) for x in b]
    print(f"| type | {cohen_kappa(ta, tb):.3f} | {sum(x == y for x, y in zip(ta, tb)) / len(ids):.3f} |")
    if SECOND.exists():
        second = [_coding(SECOND)[i] for i in ids]
        print(
            f"| second coder vs the suggestions | {cohen_kappa(second, b):.3f} | "
            f"{sum(x == y for x, y in zip(second, b)) / len(ids):.3f} |"
        )
        print(
            f"| the two coders (the task's own ceiling) | {cohen_kappa(a, second):.3f} | "
            f"{sum(x == y for x, y in zip(a, second)) / len(ids):.3f} |"
        )
        bodies = [k for k, i in enumerate(ids) if not i.endswith(".1")]  # headings apart: clause 1
        pick = lambda codes: [codes[k] for k in bodies]  # noqa: E731
        print(f"| the two coders, headings apart ({len(bodies)}) | {cohen_kappa(pick(a), pick(second)):.3f} | |")
        print(f"| first coder vs the suggestions, headings apart | {cohen_kappa(pick(a), pick(b)):.3f} | |")
    print(f"\ncoding took {seconds * 1000:.1f} ms\n")
    print("| code | hand | suggested | both | κ (this code or not) |")
    print("|---|---:|---:|---:|---:|")
    hand_counts, suggested_counts = Counter(a), Counter(b)
    for code in sorted(set(a) | set(b)):
        both = sum(x == y == code for x, y in zip(a, b))
        kappa = cohen_kappa([x == code for x in a], [y == code for y in b])
        print(f"| {code} | {hand_counts[code]} | {suggested_counts[code]} | {both} | {kappa:.3f} |")
    if args.show_differences:
        print("\n| clause | hand | suggested | text |")
        print("|---|---|---|---|")
        for i in ids:
            if hand[i] != suggested[i]:
                print(f"| {i} | {hand[i]} | {suggested[i]} | {texts[i][:40]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
