"""Benchmarks of policykg on generated corpora (run by hand, never by the test suite).

    python benchmarks/run.py [--sizes 1,100,1000] [--jobs 2] [--out benchmarks/results.json]

Measures, on this machine: CLI start-up (`policykg --help`, and `policykg ask` on the seed
against `python -c "import rdflib"` as the baseline); build time and peak memory for each
corpus size; re-building an unchanged corpus (every plan skipped); `ask` latency for the
whole process and for the query alone on the 1- and the largest store; `validate` on the
largest store. Prints a Markdown table and writes the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402

# The bundled plan is built into every store, so this names one department however many
# cities the store holds.
QUESTION = "益阳市财政局牵头哪些任务？"
CLI = [sys.executable, "-m", "kg"]


def timed(command: list[str], env: dict | None = None, exit_codes: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Wall seconds and the peak RSS (MB) of the largest child process of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    finished = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    if finished.returncode not in exit_codes:
        raise SystemExit(f"benchmark command failed ({finished.returncode}): {' '.join(map(str, command))}")
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) // 1024


def median_time(command: list[str], runs: int = 7, env: dict | None = None) -> float:
    return statistics.median(timed(command, env)[0] for _ in range(runs))


def ask_in_process(store_path: Path, runs: int = 7) -> float:
    """The query alone: the store open, `ask` answering the question."""
    from kg.ask import ask
    from kg.store import Store

    with Store(store_path) as store:
        ask(store, QUESTION)  # warm: registry, query library
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            ask(store, QUESTION)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def corpus_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.glob("plan-*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,100,1000")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    results: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "jobs": args.jobs,
    }
    try:
        results["help_s"] = median_time([*CLI, "--help"])
        results["import_rdflib_s"] = median_time([sys.executable, "-c", "import rdflib"])
        seed_store = work / "seed-store"
        env = dict(os.environ, POLICYKG_STORE=str(seed_store))
        timed([*CLI, "build"], env)
        results["ask_seed_process_s"] = median_time([*CLI, "ask", QUESTION], env=env)
        results["ask_seed_query_s"] = ask_in_process(seed_store)

        builds = {}
        for size in sizes:
            plans = work / f"plans-{size}"
            generate(size - 1, plans, seed=size) if size > 1 else plans.mkdir(parents=True)
            shutil.copy(ROOT / "kg" / "corpus" / "yiyang-vocational-education-2021-2025.txt", plans / "plan-seed.txt")
            store = work / f"store-{size}"
            seconds, peak = timed([*CLI, "build", str(plans), "--store", str(store), "--jobs", str(args.jobs)])
            again, _ = timed([*CLI, "build", str(plans), "--store", str(store), "--jobs", str(args.jobs)])
            builds[size] = {
                "mb": round(corpus_bytes(plans) / 2**20, 1),
                "build_s": round(seconds, 1),
                "peak_mb": peak,
                "rebuild_unchanged_s": round(again, 1),
            }
            print(f"built {size}: {builds[size]}", file=sys.stderr)
        results["builds"] = builds

        largest = max(sizes)
        store = work / f"store-{largest}"
        results["ask_largest_process_s"] = median_time([*CLI, "ask", QUESTION, "--store", str(store)], runs=5)
        results["ask_largest_query_s"] = ask_in_process(store)
        # Generated plans leave some measures without a lead on purpose: exit 1 is a result.
        seconds, peak = timed([*CLI, "validate", "--store", str(store), "--format", "json"], exit_codes=(0, 1))
        results["validate_largest_s"] = round(seconds, 1)
        results["validate_largest_peak_mb"] = peak
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
