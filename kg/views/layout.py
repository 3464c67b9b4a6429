"""layout: positions in page pixels for the drawn graph, computed once here so the page opens
with physics off.

Trees that hang off the graph (leaves, chains, targets) are peeled away, only the remaining core of
each connected component goes through networkx's spring layout, the peeled trees are placed
radially around the node they hang from, and components are packed in rows. The core is much
smaller than the graph (most firms, targets and parks hang off one action or industry), which
keeps the layout of the 27-province graph to seconds.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING, Iterable, Optional

from .drawn_graph import GraphData

if TYPE_CHECKING:  # imported lazily at run time: networkx costs ~0.2 s to import
    import networkx as nx


def to_networkx(data: GraphData) -> "nx.MultiDiGraph":
    """The drawn graph: node attributes type/label, one edge per fact with its predicate as key."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for iri, n in data.nodes.items():
        g.add_node(iri, type=n.type, label=n.label)
    for e in data.edges:
        g.add_edge(e.source, e.target, key=e.predicate, predicate=e.predicate)
    return g


def peel_trees(graph: "nx.Graph") -> dict[str, str]:
    """Node → the node it hangs from, for every node on a tree hanging off the graph.

    Repeatedly removes nodes of degree one; what is never removed is the core (one node remains
    of a component that is a tree).
    """
    degree = dict(graph.degree())
    parent: dict[str, str] = {}
    stack = [n for n, d in degree.items() if d == 1]
    while stack:
        n = stack.pop()
        if degree[n] != 1:
            continue
        p = next(m for m in graph[n] if m not in parent)
        parent[n] = p
        degree[n] = 0
        degree[p] -= 1
        if degree[p] == 1:
            stack.append(p)
    return parent


def layout(graph: "nx.MultiDiGraph", spacing: float = 140.0, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions in page pixels for every node (deterministic for a given graph and seed)."""
    import networkx as nx

    simple = _sorted_graph(graph.nodes, graph.edges())
    parent = peel_trees(simple)
    children: dict[str, list[str]] = defaultdict(list)
    for n in sorted(parent, key=str):
        children[parent[n]].append(n)
    core = simple.subgraph(n for n in simple if n not in parent)
    blocks = []
    for comp in sorted(nx.connected_components(core), key=lambda c: (-len(c), min(c))):
        sub = _sorted_graph(comp, core.subgraph(comp).edges())
        pos = _spread(_spring(sub, seed), spacing)
        for root in sorted(comp):
            _place_tree(root, _away_from(root, sub, pos), pos, children, spacing)
        blocks.append(pos)
    return _pack(blocks, spacing)


def _sorted_graph(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> "nx.Graph":
    """A simple graph with its nodes and edges in sorted order: spring_layout's result depends on
    the order it is handed them, and networkx views iterate sets (so PYTHONHASHSEED's order)."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(sorted(nodes))
    g.add_edges_from(sorted({(min(u, v), max(u, v)) for u, v, *_ in edges if u != v}))
    return g


def _spring(graph: "nx.Graph", seed: int) -> dict[str, tuple[float, float]]:
    import networkx as nx

    n = graph.number_of_nodes()
    if n == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    # Few iterations on big cores: the layout is readable long before it converges.
    iterations = 50 if n < 300 else 30 if n < 1500 else 15
    pos = nx.spring_layout(graph, seed=seed, iterations=iterations)
    return {k: (float(v[0]), float(v[1])) for k, v in pos.items()}


def _spread(pos: dict[str, tuple[float, float]], gap: float) -> dict[str, tuple[float, float]]:
    """Scale a layout so that the median distance from a node to its nearest neighbour is ``gap``."""
    if len(pos) < 2:
        return pos
    import numpy as np

    xy = np.array(list(pos.values()))
    nearest = []
    for i in range(0, len(xy), 512):  # in blocks: a full distance matrix of a big core is too large
        d = np.hypot(*(xy[i : i + 512, None, :] - xy[None, :, :]).transpose(2, 0, 1))
        d[np.arange(d.shape[0]), np.arange(i, i + d.shape[0])] = np.inf
        nearest.append(d.min(axis=1))
    median = float(np.median(np.concatenate(nearest)))
    factor = gap / median if median > 0 else 1.0
    return {k: (x * factor, y * factor) for k, (x, y) in pos.items()}


def _away_from(node: str, core: "nx.Graph", pos: dict[str, tuple[float, float]]) -> Optional[float]:
    """The direction pointing away from a core node's neighbours (None when it has none)."""
    x, y = pos[node]
    dx = sum(x - pos[m][0] for m in core[node])
    dy = sum(y - pos[m][1] for m in core[node])
    return math.atan2(dy, dx) if (dx or dy) else None


def _place_tree(
    node: str,
    heading: Optional[float],
    pos: dict[str, tuple[float, float]],
    children: dict[str, list[str]],
    spacing: float,
) -> None:
    """Children of ``node`` on a fan facing ``heading`` (a full circle when there is none)."""
    kids = children.get(node, [])
    if not kids:
        return
    x, y = pos[node]
    spread = 2 * math.pi if heading is None else min(1.5 * math.pi, 0.5 * len(kids))
    radius = max(spacing * 0.8, len(kids) * 34.0 / spread)
    for i, kid in enumerate(kids):
        angle = (0.0 if heading is None else heading - spread / 2) + spread * (i + 0.5) / len(kids)
        pos[kid] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
        _place_tree(kid, angle, pos, children, spacing * 0.8)


def _pack(blocks: list[dict[str, tuple[float, float]]], spacing: float) -> dict[str, tuple[float, float]]:
    """Components side by side in rows (largest first), so none overlaps another."""
    boxes = []
    for pos in blocks:
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + spacing, max(ys) - min(ys) + spacing))
    row_width = max(math.sqrt(sum(w * h for _, _, w, h in boxes)) * 1.3, max((w for _, _, w, _ in boxes), default=0))
    out: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, (x0, y0, w, h) in zip(blocks, boxes):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for k, (px, py) in pos.items():
            out[k] = (round(px - x0 + x, 1), round(py - y0 + y, 1))
        x += w
        row_height = max(row_height, h)
    return out


