"""Benchmark `kg build` on the 27 provincial reports, then a synthetic scale-up.

    python benchmarks/build.py [--scale 27,135,270,540,1080] [--runs 3] [--stages]

Prints wall time, CPU time, characters per second and peak memory (process tree) for the corpus,
and for copies of it with renamed regions (安徽省 → 安徽省3 …) up to ≈1,000 reports, so growth is
visible. With --stages, it first times the stages of 27-province builds (median of --runs), wall
and CPU time (the process and its workers): the extraction, and everything after it (names across
reports, loading, drawing, checking), which does not depend on how fast the extraction rules are.
Bars (issue #20): 27 reports ≤ 5 s wall (median of 3) and ≤ 1 GB; 1,080 reports ≤ 1.5 GB, growth
no worse than linear.
"""

from __future__ import annotations

import argparse
import os
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
        cpu = statistics.median(r.cpu_seconds for r in results)
        peak = max(r.peak_rss_mb for r in results)
        return {"reports": n_reports, "chars": chars, "seconds": seconds, "cpu": cpu, "chars_per_s": chars / seconds, "peak_rss_mb": peak}


# One build in a fresh process, timed through the callbacks `kg build` drives its progress bar
# with: wall time, and CPU time of the process and of its workers (a pool's workers are counted
# when the pool ends, which each stage's does before the next stage begins).
_STAGES = """
import json, resource, sys, time
started = time.perf_counter()
from kg.api import build
marks = []
def mark(name):
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    marks.append((name, time.perf_counter() - started, cpu))
build([sys.argv[1]], sys.argv[2], on_start=lambda n: mark("extracting"), on_stage=mark)
mark("done")
print(json.dumps(marks))
"""


def stage_seconds(runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of each stage of a 27-province build: start-up (imports) and
    extraction, then each later stage, and all that follows the extraction."""
    import json
    import subprocess

    per_run: list[dict[str, tuple[float, float]]] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            done = subprocess.run([sys.executable, "-c", _STAGES, str(CORPUS), str(Path(tmp) / "out")],
                                  capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent)  # fmt: skip
        marks = json.loads(done.stdout.splitlines()[-1])
        times = {"start-up": (marks[0][1], marks[0][2])}
        times.update({name: (after - at, cpu_after - cpu_at) for (name, at, cpu_at), (_, after, cpu_after) in zip(marks, marks[1:])})
        times["after the extraction"] = (marks[-1][1] - marks[1][1], marks[-1][2] - marks[1][2])
        per_run.append(times)
    return {name: (statistics.median(r[name][0] for r in per_run), statistics.median(r[name][1] for r in per_run)) for name in per_run[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="27,135,270,540,1080", help="report counts to build")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median time, max RSS)")
    parser.add_argument("--stages", action="store_true", help="first time the stages of 27-province builds")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    if args.stages:
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        for name, (seconds, cpu) in stage_seconds(args.runs).items():
            print(f"{name:<24} {seconds:6.2f} s wall {cpu:6.2f} s CPU (median of {args.runs}, in process)")
    print(f"load average before: {os.getloadavg()[0]:.2f} (wall time grows with other work; CPU time much less)")
    print(f"{'reports':>8} {'characters':>11} {'wall s':>7} {'CPU s':>6} {'chars/s':>9} {'peak MB':>8} {'s / report':>10}")
    for n in (int(x) for x in args.scale.split(",")):
        row = bench(n, args.runs if n <= 270 else 1)
        print(
            f"{row['reports']:>8} {row['chars']:>11,} {row['seconds']:>7.2f} {row['cpu']:>6.1f} {row['chars_per_s']:>9,.0f} "
            f"{row['peak_rss_mb']:>8.0f} {row['seconds'] / row['reports']:>10.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
