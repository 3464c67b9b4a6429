"""Benchmark: the graph page of a large build — size of graph.html and time until it is stable.

    python benchmarks/graph_page_scale.py                 # 540 reports (the corpus, renamed copies)
    python benchmarks/graph_page_scale.py --reports 1080 --keep /tmp/big-out

Makes the scaled corpus as benchmarks/build.py does (each copy's region renamed: a distinct
region), builds it with `kg build`, then opens its graph.html in headless Chromium offline
(benchmarks/html_layout.py's measure). Bars (issue #21): 540 reports ≤ 15 MB and stable ≤ 5 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from build import make_scaled_corpus
from html_layout import measure
from measure import kg_command


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=540)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--keep", help="build into this folder and keep it (default: a temporary one)")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--screenshot", help="save the first run's screenshot here")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="plankg-page-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        make_scaled_corpus(corpus, args.reports)
        out = Path(args.keep) if args.keep else Path(tmp) / "out"
        workers = ["--workers", str(args.workers)] if args.workers else []
        started = time.perf_counter()
        subprocess.run([*kg_command(), "build", str(corpus), "--store", str(out), *workers], check=True)
        print(f"build of {args.reports} reports: {time.perf_counter() - started:.1f} s")
        html = out / "graph.html"
        size = html.stat().st_size
        m = measure(html, args.runs, args.chromium, args.screenshot)
        print(f"graph.html: {size:,} bytes ({size / 1e6:.2f} MB); {m['nodes']} nodes drawn at first paint, {m['edges']} edges")
        print(f"stable in headless Chromium, median of {args.runs}: {m['in_page_s']:.2f} s from navigation start; "
              f"{m['wall_s']:.2f} s wall (goto + wait)")
        ok = size <= 15e6 and m["in_page_s"] <= 5
        print("bars (≤ 15 MB, ≤ 5 s):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
