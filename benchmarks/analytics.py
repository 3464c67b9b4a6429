"""Benchmark `kg stats`, `kg path` and `kg related` as whole processes on the 27-province store.

    python benchmarks/analytics.py [--store DIR] [--runs 5]

Builds the provincial corpus into a temporary store (or uses --store), picks a path whose ends are
far apart (the best-connected entity of the largest component and the entity farthest from it
over the relations `kg path` walks), and times `python -m kg stats|path|related` in a
subprocess, Python start-up included: median and max wall time of --runs runs and the median
CPU time (which other jobs on a shared machine do not inflate). Then, in process, the
parts: loading the view, stats, path search; and stats on the same view with random extra
edges up to an average degree of 6, to see the headroom once extraction finds more relations.
Bar (issue #11): every command ≤ 2 s on the 27-province store.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

from measure import corpus_store, kg_command, run_measured

BAR_SECONDS = 2.0


def pick_far_pair(store_dir: Path) -> tuple[str, str, int]:
    """(A, B, hops): A the best-connected entity of the largest component, B the farthest from A."""
    import networkx as nx

    from kg.views.analytics import STRUCTURE_PREDICATES
    from kg.views.store_view import entity_graph
    from kg.graph.store import open_store

    view = entity_graph(open_store(store_dir), evidence=False)
    walk = nx.Graph((s, o) for s, o, rel in view.edges(keys=True) if rel not in STRUCTURE_PREDICATES)
    if walk.number_of_edges() == 0:
        sys.exit("the store has no relations to walk")
    component = max(nx.connected_components(walk), key=len)
    a = max(component, key=lambda v: (walk.degree(v), v))
    lengths = nx.single_source_shortest_path_length(walk, a)
    b = max(lengths, key=lambda v: (lengths[v], v))
    label = lambda v: view.nodes[v]["label"]  # noqa: E731
    return label(a), label(b), lengths[b]


def time_command(args: list[str], runs: int) -> tuple[float, float, float, int]:
    """Median and max wall time, median CPU time (user + system: what other jobs on the machine
    do not inflate), exit code."""
    times, cpu, code = [], [], 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = run_measured(args)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(r.seconds)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        code = code or r.returncode
    return statistics.median(times), max(times), statistics.median(cpu), code


def in_process(store_dir: Path, a: str, b: str) -> list[tuple[str, float]]:
    import networkx as nx

    from kg.graph.name_match import entity_iris as resolve
    from kg.views.analytics import graph_stats, shortest_paths
    from kg.views.store_view import entity_graph
    from kg.graph.store import open_store

    parts = []
    started = time.perf_counter()
    store = open_store(store_dir)
    view = entity_graph(store, evidence=False)
    parts.append((f"load view ({view.number_of_nodes()} nodes, {view.number_of_edges()} edges)", time.perf_counter() - started))
    started = time.perf_counter()
    graph_stats(view)
    parts.append(("graph_stats", time.perf_counter() - started))
    started = time.perf_counter()
    shortest_paths(view, resolve(store, a), resolve(store, b))
    parts.append(("resolve + shortest_paths", time.perf_counter() - started))
    started = time.perf_counter()
    entity_graph(store, evidence=True)
    parts.append(("load view with all evidence (export)", time.perf_counter() - started))

    dense = nx.MultiDiGraph(view)
    nodes, rng = list(dense), random.Random(0)
    while 2 * dense.number_of_edges() < 6 * len(nodes):
        dense.add_edge(rng.choice(nodes), rng.choice(nodes), key="partnersWith", relation="partnersWith", evidence=[])
    started = time.perf_counter()
    graph_stats(dense)
    parts.append((f"graph_stats at average degree 6 ({dense.number_of_edges()} edges)", time.perf_counter() - started))
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None, help="an output folder already built from the corpus")
    parser.add_argument("--runs", type=int, default=5, help="runs per command (median)")
    args = parser.parse_args()
    with corpus_store(args.store) as store_dir:
        a, b, hops = pick_far_pair(store_dir)
        print(f"path ends: {a} → {b} ({hops} hops)", file=sys.stderr)
        store = ["--store", str(store_dir)]
        commands = [
            ("kg stats", kg_command("stats", *store)),
            ("kg stats --format json", kg_command("stats", *store, "--format", "json")),
            (f"kg path A B ({hops} hops)", kg_command("path", a, b, *store, "--max-hops", str(max(hops, 6)))),
            ("kg path A B --via-actions", kg_command("path", a, b, *store, "--via-actions")),
            ("kg related A", kg_command("related", a, *store)),
        ]
        rows = [(what, *time_command(cmd, args.runs)) for what, cmd in commands]
        parts = in_process(store_dir, a, b)
    print(f"{'command':<34} {'median s':>9} {'max s':>7} {'cpu s':>7} {'exit':>5}")
    for what, median, worst, cpu, code in rows:
        print(f"{what:<34} {median:>9.3f} {worst:>7.3f} {cpu:>7.3f} {code:>5}")
    verdict = "ok" if all(m <= BAR_SECONDS and c == 0 for _, m, _, _, c in rows) else "OVER"
    print(f"every median ≤ {BAR_SECONDS} s: {verdict}")
    print("in process:")
    for what, seconds in parts:
        print(f"  {what:<58} {seconds:7.3f} s")


if __name__ == "__main__":
    main()
