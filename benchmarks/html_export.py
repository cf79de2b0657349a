"""The HTML page and the report of a store of many plans (run by hand, never by the test suite).

    python benchmarks/html_export.py [--plans 50] [--seed 7] [--runs 3] [--keep DIR]

Generates the plans (benchmarks/generate.py), builds them into a store, then times
``policykg export html`` and ``policykg report`` (with and without the validation
results) on the open store, through kg.service as benchmarks/run.py's work_exports does,
each the median of ``--runs`` runs, and prints seconds, CPU seconds (this process and the
validation's worker processes: on a shared machine the steadier figure) and bytes. The
targets for 50 plans: ≤ 5 s and ≤ 1.5 MB each.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402

SECONDS, BYTES = 5.0, 1_500_000


def cpu_seconds() -> float:
    """CPU seconds of this process and of its finished children (the validation's workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(make, runs: int) -> tuple[float, float, int]:
    """The median seconds and CPU seconds of ``runs`` calls of ``make`` and the bytes it returns."""
    seconds, cpu, size = [], [], 0
    for _ in range(runs):
        started, used = time.perf_counter(), cpu_seconds()
        size = len(make())
        seconds.append(time.perf_counter() - started)
        cpu.append(cpu_seconds() - used)
    return statistics.median(seconds), statistics.median(cpu), size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="html_export.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=50, help="how many generated plans (default 50)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated plans (default 7)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each export; the median is printed (default 3)")
    parser.add_argument(
        "--keep", type=Path, help="write the plans, the store and the pages here instead of a temporary folder"
    )
    args = parser.parse_args(argv)

    from kg import service
    from kg.store import Store

    with tempfile.TemporaryDirectory(prefix="policykg-html-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        paths = generate(args.plans, folder / "plans", seed=args.seed)
        with Store(folder / "store") as store:
            service.build(paths, store)
            print(f"{len(store.documents())} plans generated and built in {time.perf_counter() - started:.1f} s")
            exports = {
                "export html": lambda: service.export("html", store),
                "report": lambda: service.report(store),
                "report --no-validation": lambda: service.report(store, validation=False),
            }
            print(
                f"| export ({args.plans} plans) | seconds (median of {args.runs}) | CPU seconds | bytes "
                f"| ≤ {SECONDS:g} s | ≤ {BYTES:,} B |"
            )
            print("|---|---|---|---|---|---|")
            for name, make in exports.items():
                seconds, cpu, size = timed(make, args.runs)
                print(
                    f"| {name} | {seconds:.2f} | {cpu:.2f} | {size:,} | {'met' if seconds <= SECONDS else 'missed'} "
                    f"| {'met' if size <= BYTES else 'missed'} |"
                )
            if args.keep:
                (folder / "network.html").write_bytes(service.export("html", store))
                (folder / "report.html").write_bytes(service.report(store))
                print(f"wrote {folder / 'network.html'} and {folder / 'report.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
