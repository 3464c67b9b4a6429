"""Benchmark: the graph page of the 27-province build — HTML size and time until the layout is stable.

    python benchmarks/html_layout.py                      # builds ../shared/corpus/provinces-2026 first
    python benchmarks/html_layout.py --store out-prov     # an existing build (uses its graph.html)
    python benchmarks/html_layout.py --runs 5 --screenshot /tmp/prov.png

"Stable" is the page's own mark (window.kgStableAt): the first drawing, since positions come
precomputed from Python and physics is off. Two times are reported per run, both median of the
runs: from navigation start to stable (performance.now() in the page: parse + vis-network + first
drawing) and the wall time around page.goto() + the wait (adds Chromium's own overhead). Headless
Debian Chromium, offline, every non-file request aborted (none is made). The goal is ≤ 5 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from measure import CORPUS

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def measure(html: Path, runs: int, chromium: str, screenshot: str | None) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    in_page, wall = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
        for i in range(runs):
            context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page = context.new_page()
            started = time.perf_counter()
            page.goto(html.resolve().as_uri(), timeout=120_000)
            page.wait_for_function("window.kgStableAt !== undefined", timeout=120_000)
            wall.append(time.perf_counter() - started)
            in_page.append(page.evaluate("window.kgStableAt") / 1000)
            counts = page.evaluate("[nodes.length, edges.length]")
            if screenshot and i == 0:
                page.screenshot(path=screenshot)
            context.close()
        browser.close()
    return {"in_page_s": statistics.median(in_page), "wall_s": statistics.median(wall),
            "nodes": counts[0], "edges": counts[1]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", help="an output folder already built (default: build the corpus into a temp folder)")
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--screenshot", help="save the first run's screenshot here")
    args = ap.parse_args()

    if args.store:
        out = Path(args.store)
    else:
        from kg.api import build

        out = Path(tempfile.mkdtemp(prefix="plankg-bench-"))
        started = time.perf_counter()
        summary = build([args.corpus], out)
        print(f"build: {summary.line()} (wall {time.perf_counter() - started:.1f} s)")
    try:
        return report(out, args)
    finally:
        if not args.store:
            shutil.rmtree(out, ignore_errors=True)


def report(out: Path, args: argparse.Namespace) -> int:
    html = out / "graph.html"
    if not html.is_file():
        print(f"no {html}: run `kg build` first", file=sys.stderr)
        return 2

    from kg.views.draw import graph_page
    from kg.graph.store import open_store

    started = time.perf_counter()
    graph_page(open_store(out))
    draw_s = time.perf_counter() - started

    size = html.stat().st_size
    m = measure(html, args.runs, args.chromium, args.screenshot)
    print(f"graph.html: {size:,} bytes ({size / 1e6:.2f} MB); {m['nodes']} nodes, {m['edges']} edges")
    print(f"drawing the page in Python (store → layout → HTML): {draw_s:.2f} s")
    print(f"layout stable in headless Chromium, median of {args.runs}: {m['in_page_s']:.2f} s from navigation start; "
          f"{m['wall_s']:.2f} s wall (goto + wait)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
