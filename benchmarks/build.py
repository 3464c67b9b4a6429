"""Benchmark `kg build` on the 27 provincial reports, then a synthetic scale-up.

    python benchmarks/build.py [--scale 27,135,270,540,1080] [--runs 3]

Prints wall time, characters per second and peak RSS (process tree) for the corpus, and for
copies of it with renamed regions (安徽省 → 安徽省3 …) up to ≈1,000 reports, so growth is visible.
Bar (issue #9): 27 reports ≤ 10 s wall, peak RSS ≤ 1 GB on 2 cores; growth no worse than linear.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from pathlib import Path

from measure import CORPUS, kg_command, run_measured


def make_scaled_corpus(target: Path, n_reports: int) -> int:
    """n_reports files: the corpus repeated, each copy's region renamed. Returns total characters."""
    sources = sorted(CORPUS.glob("*.txt"))
    total = 0
    for i in range(n_reports):
        src = sources[i % len(sources)]
        copy_no = i // len(sources)
        region = src.stem.split("-")[0]
        text = src.read_text(encoding="utf-8")
        if copy_no:
            renamed = f"{region[:-1]}{copy_no}{region[-1]}"  # 安徽省 → 安徽3省: a new, distinct region
            text = re.sub(re.escape(region), renamed, text)
            region = renamed
        (target / f"{region}-2026.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def bench(n_reports: int, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        reports = Path(tmp) / "reports"
        reports.mkdir()
        chars = make_scaled_corpus(reports, n_reports)
        results = []
        for _ in range(runs):
            r = run_measured(kg_command("build", str(reports), "--store", str(Path(tmp) / "out")))
            if r.returncode != 0:
                sys.exit(f"kg build failed: {r.stderr.strip()}")
            results.append(r)
        seconds = statistics.median(r.seconds for r in results)
        peak = max(r.peak_rss_mb for r in results)
        return {"reports": n_reports, "chars": chars, "seconds": seconds, "chars_per_s": chars / seconds, "peak_rss_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="27,135,270,540,1080", help="report counts to build")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median time, max RSS)")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    print(f"{'reports':>8} {'characters':>11} {'wall s':>7} {'chars/s':>9} {'peak RSS MB':>11} {'s / report':>10}")
    for n in (int(x) for x in args.scale.split(",")):
        row = bench(n, args.runs if n <= 270 else 1)
        print(
            f"{row['reports']:>8} {row['chars']:>11,} {row['seconds']:>7.2f} {row['chars_per_s']:>9,.0f} "
            f"{row['peak_rss_mb']:>11.0f} {row['seconds'] / row['reports']:>10.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
