"""Hostile text: how parsing time grows with plans built to make regular expressions
backtrack (run by hand, never by the test suite).

    python benchmarks/hostile_text.py [--sizes 2000,8000,32000] [--limit 60]

Each case is one measure whose text repeats a piece ``size`` times: a run of digits or of
Chinese numerals, a list of percentages, nested brackets, a list of unit names, and so on.
It prints the seconds ``kg.pipeline.process`` takes for each size and the growth from one
size to the next: about 4 where sizes grow by 4 means linear time, 16 quadratic. A case
that takes more than ``--limit`` seconds is not run at the larger sizes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.pipeline import process  # noqa: E402

HEAD = "某市某某工作实施方案\n一、重点任务\n"

# name → (text before, piece repeated, text after), all inside one measure.
CASES = {
    "digits": ("1.到2025年达到", "1", "%。（责任单位：市财政局）"),
    "chinese numerals": ("1.建设", "一", "个。（责任单位：市财政局）"),
    "numerals with magnitudes": ("1.达到", "三百", "人。"),
    "percent list": ("1.", "50%、", "。"),
    "amounts": ("1.", "100万元", "。"),
    "digits and dashes": ("1.建设", "1—", "个。"),
    "years": ("1.建设", "2025年", "。"),
    "open brackets": ("1.建设。", "（", "责任单位：市财政局）"),
    "unit list": ("1.建设。（责任单位：", "市财政局、", "）"),
    "leads": ("1.建设。", "市财政局牵头，", ""),
    "会同 chain": ("1.建设。", "市财政局会同", "负责。"),
    "deadlines": ("1.", "到2025年，", "达到50%。"),
    "labels": ("1.建设", "【责任单位：", "。"),
    "spaced names": ("1.建设", "  市 财 政 局", "。"),
    "clauses": ("1.", "加强建设，", "。"),
    "numbered lines": ("", "1.建设。\n", ""),
    "dashed lines": ("", "——建设。（责任单位：市财政局）\n", ""),
    "section lines": ("", "一、任务\n", ""),
    "lines of names": ("1.建设\n", "市财政局\n", ""),
}


def seconds(text: str, folder: Path) -> float:
    path = folder / "plan.txt"
    path.write_text(HEAD + text, encoding="utf-8")
    started = time.perf_counter()
    process(path)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,8000,32000", help="repetitions of each piece, comma-separated")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds after which a case stops growing")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    print("| case | " + " | ".join(f"{size:,}" for size in sizes) + " | growth, last step |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name, (before, piece, after) in CASES.items():
            times: list[float] = []
            for size in sizes:
                if times and times[-1] > args.limit:
                    break
                times.append(seconds(before + piece * size + after, Path(folder)))
            cells = [f"{t:.2f} s" for t in times] + ["—"] * (len(sizes) - len(times))
            growth = times[-1] / times[-2] if len(times) > 1 and times[-2] > 0.005 else None
            worst = max(worst, growth or 0)
            shown = f"{growth:.1f}×" if growth else ""
            print(f"| {name} | " + " | ".join(cells) + f" | {shown} |")
    step = sizes[-1] / sizes[-2] if len(sizes) > 1 else 1
    print(
        f"\nsizes grow {step:g}× a step: linear time grows about {step:g}×, quadratic {step * step:g}×; worst {worst:.1f}×"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
