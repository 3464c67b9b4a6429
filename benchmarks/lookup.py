"""Benchmark `kg lookup` as a whole process (Python start-up included) on the 27-province store.

    python benchmarks/lookup.py [--store DIR] [--runs 15]

Builds the provincial corpus into a temporary store (or uses --store), picks names from it (the
entity with the most relations, an ambiguous name, a two-character prefix, a one-character typo,
a traditional-character spelling, a SPARQL fragment that matches nothing), and times
`python -m kg lookup NAME` in a subprocess: median and max of --runs runs each.
Bar (issue #20): median ≤ 0.3 s (issue #8: 0.5 s).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from measure import ROOT, corpus_store, kg_command

BAR_SECONDS = 0.3


def pick_names(store_dir: Path) -> list[tuple[str, str]]:
    """(what it exercises, name) chosen from the store's own entities."""
    from kg.graph.names import read_index
    from kg.views.lookup import lookup
    from kg.graph.store import open_store

    store = open_store(store_dir)
    index = read_index(store)
    degree: Counter[str] = Counter()
    for row in store.query("SELECT ?s ?o WHERE { GRAPH ?g { ?x a rdf:Statement ; rdf:subject ?s ; rdf:object ?o } }",
                           prefixes={"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}):
        degree[row["s"].value] += 1
        degree[row["o"].value] += 1
    names = Counter(e.name for e in index.values())
    top = max(degree.items(), key=lambda kv: (kv[1], kv[0]))[0] if degree else min(index)
    hub = index[top].name
    picks = [("most relations", hub)]
    ambiguous = min((n for n, k in names.items() if k > 1), key=lambda n: (-names[n], n), default=None)
    if ambiguous:
        picks.append(("ambiguous", ambiguous))
    firms = sorted((e.name for e in index.values() if "Enterprise" in e.types and len(e.name) >= 4), key=lambda n: (len(n), n))
    if firms:
        firm = firms[len(firms) // 2]
        picks.append(("prefix (substring)", firm[:2]))
        picks.append(("typo (fuzzy)", firm[:-1] + ("甲" if firm[-1] != "甲" else "乙")))
        try:
            import opencc

            trad = opencc.OpenCC("s2t").convert(firm)
            if trad != firm:
                picks.append(("traditional", trad))
        except ImportError:
            pass
    picks.append(("no match (SPARQL fragment)", '"} ; DROP ALL #'))
    for what, name in picks:  # say what each resolves to, for the record
        r = lookup(name, store=store)
        print(f"  {what:<28} {name!r} → {r.status}" + (f" {r.entity.name}" if r.entity else ""), file=sys.stderr)
    return picks


def time_lookup(store_dir: Path, name: str) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, exit code) of one `kg lookup` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(kg_command("lookup", name, "--store", str(store_dir)), capture_output=True, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def bench(store_dir: Path, runs: int) -> list[tuple[str, str, float, float, float, int]]:
    """(case, name, median wall, max wall, median CPU, exit code) per name."""
    rows = []
    for what, name in pick_names(store_dir):
        walls, cpus, code = [], [], 0
        for _ in range(runs):
            wall, cpu, code = time_lookup(store_dir, name)
            walls.append(wall)
            cpus.append(cpu)
        rows.append((what, name, statistics.median(walls), max(walls), statistics.median(cpus), code))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None, help="an output folder already built from the corpus")
    parser.add_argument("--runs", type=int, default=15, help="runs per name (median)")
    args = parser.parse_args()
    with corpus_store(args.store) as store_dir:
        rows = bench(store_dir, args.runs)
    print(f"load average before: {os.getloadavg()[0]:.2f} (wall time grows with other work; CPU time does not)")
    print(f"{'case':<28} {'name':<20} {'median wall s':>13} {'max wall s':>10} {'median CPU s':>12} {'exit':>5}")
    for what, name, median, worst, cpu, code in rows:
        print(f"{what:<28} {name:<20} {median:>13.3f} {worst:>10.3f} {cpu:>12.3f} {code:>5}")
    overall = statistics.median(r[2] for r in rows)
    verdict = "ok" if max(r[2] for r in rows) <= BAR_SECONDS else "OVER"
    print(f"median of medians {overall:.3f} s; every median ≤ {BAR_SECONDS} s: {verdict}")


if __name__ == "__main__":
    main()
