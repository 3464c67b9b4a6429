"""Benchmark: extraction time of one line without punctuation, at growing lengths (linear?).

    python benchmarks/long_line.py                 # 40k, 80k, 160k, 350k characters (350k ≈ 1 MB)
    python benchmarks/long_line.py --runs 5 --lengths 100000 200000

The line is generated (a cycle over genre words, no sentence or clause mark), written as a
report file and extracted in this process; each length's time is the median of the runs. Before
clean.py cut over-long runs, 40k characters took 4.4 s and 80k 16 s (quadratic).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = "推动产业发展建设科技创新平台支持企业园区实施行动计划工程改革加快培育新兴集群数字经济绿色低碳"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[40_000, 80_000, 160_000, 350_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from kg.extract.pipeline import extract

    with tempfile.TemporaryDirectory() as tmp:
        print("| characters | MB | seconds (median) | µs per character |")
        print("|---|---|---|---|")
        for n in args.lengths:
            path = Path(tmp) / f"青山县-{n}.txt"
            path.write_text("2026年青山县政府工作报告\n" + "".join(WORDS[(i * 7919) % len(WORDS)] for i in range(n)) + "\n",
                            encoding="utf-8")  # fmt: skip
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                extract(str(path))
                times.append(time.perf_counter() - started)
            median = statistics.median(times)
            print(f"| {n:,} | {path.stat().st_size / 1e6:.2f} | {median:.2f} | {median / n * 1e6:.1f} |")


if __name__ == "__main__":
    main()
