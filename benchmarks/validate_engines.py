"""Time `validate` with each engine on one store, and check that they agree.

    python benchmarks/validate_engines.py STORE [--engine turbo --engine pyshacl] [--jobs N]
                                                [--runs N] [--plans N] [--stages]

opens STORE (a store built by `policykg build`) read-only and runs
``kg.validate.validate(store, plans, engine=…, jobs=…)`` with each engine (default: every
engine of ``kg.validate.ENGINES``, the default engine first), ``--runs`` times each
(default 1; the median is printed). ``--jobs`` is the processes to validate in (default:
``validate``'s own default); ``--plans N`` validates the first N plans only. It prints one
line per engine — wall seconds, ms a plan, the CPU seconds of this process and of the
other processes, the results by severity — and whether the engines' results are the same
(as sets of ``ValidationResult``, and the same conformance); exit 1 when they are not.

``--stages`` adds, for each engine, one more run in this process alone (``jobs=1``) with
its CPU seconds by stage: reading the plans' graphs into the data graph, the engine, telling
the results from the report and the store, and the rest (the registry, titles, order).

On a machine whose cores are busy with other work the wall time says little; the CPU
seconds say what each process did (with a core each, the wall time is about the larger).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    from kg.store import Store
    from kg.validate import ENGINES, validate

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--engine", action="append", choices=ENGINES, help="an engine to time (repeatable)")
    parser.add_argument("--jobs", type=int, default=None, help="processes to validate in")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--plans", type=int, default=None, help="validate the first N plans only")
    parser.add_argument("--stages", action="store_true", help="CPU seconds by stage, in one process")
    args = parser.parse_args(argv)

    store = Store(args.store, read_only=True)
    plans = [plan.value for plan in store.documents()]
    if args.plans is not None:
        plans = plans[: args.plans]
    print(f"{args.store}: {len(plans)} plan(s)")
    reports = {}
    for engine in args.engine or ENGINES:
        times, here, elsewhere = [], [], []
        for _ in range(args.runs):
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            started, cpu = time.perf_counter(), time.process_time()
            report = validate(store, plans, engine=engine, jobs=args.jobs)
            times.append(time.perf_counter() - started)
            here.append(time.process_time() - cpu)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            elsewhere.append(after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime)
        seconds = statistics.median(times)
        severities = Counter(result.severity for result in report.results)
        print(
            f"{engine:<8} {seconds:8.2f} s  {seconds / max(len(plans), 1) * 1000:6.1f} ms/plan  "
            f"CPU {statistics.median(here):.2f} s here, {max(0.0, statistics.median(elsewhere)):.2f} s in other processes  "
            f"{len(report.results)} results {dict(sorted(severities.items()))}",
            flush=True,
        )
        reports[engine] = report
        if args.stages:
            stages = by_stage(store, plans, engine)
            print(
                f"{'':<8} by stage, one process: "
                + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in stages.items()),
                flush=True,
            )
    if len(reports) > 1:
        first, *others = reports.values()
        same = all(
            set(other.results) == set(first.results)
            and len(other.results) == len(first.results)
            and all(other.conforms(level) == first.conforms(level) for level in ("violation", "warning", "info"))
            for other in others
        )
        print("same results" if same else "DIFFERENT results")
        return 0 if same else 1
    return 0


def by_stage(store, plans: list[str], engine: str) -> dict[str, float]:
    """CPU seconds of ``validate(store, plans, engine=engine, jobs=1)`` by stage, timed
    around kg.validate's own steps: ``_read_plan`` (a plan's graph into the data graph),
    the engine's run, ``_results`` (the results told from the report and the store)."""
    from kg import validate as validation

    spent: Counter = Counter()

    def timed(stage, function):
        def run(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] += time.process_time() - started

        return run

    originals = (validation._read_plan, dict(validation._RUNNERS), validation._results)
    validation._read_plan = timed("read", validation._read_plan)
    validation._RUNNERS = {name: timed("engine", runner) for name, runner in validation._RUNNERS.items()}
    validation._results = timed("results", validation._results)
    try:
        started = time.process_time()
        validation.validate(store, plans, engine=engine, jobs=1)
        total = time.process_time() - started
    finally:
        validation._read_plan, validation._RUNNERS, validation._results = originals
    return {**spent, "rest": total - sum(spent.values()), "total": total}


if __name__ == "__main__":
    sys.exit(main())
