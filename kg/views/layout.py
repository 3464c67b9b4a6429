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
    listed = {n for n, t in graph.nodes(data="type") if t == "Target"}
    labels = dict(graph.nodes(data="label"))
    blocks = []
    for comp in sorted(nx.connected_components(core), key=lambda c: (-len(c), min(c))):
        sub = _sorted_graph(comp, core.subgraph(comp).edges())
        pos = _spread(_spring(sub, seed), spacing)
        for root in sorted(comp):
            _place_tree(root, _away_from(root, sub, pos), pos, children, spacing, listed, labels)
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
    listed: frozenset[str] | set[str] = frozenset(),
    labels: Optional[dict[str, str]] = None,
) -> None:
    """Children of ``node`` on a fan facing ``heading`` (a full circle when there is none); the
    ``listed`` ones (targets, long labels) in a column beside it, one label under another."""
    kids = children.get(node, [])
    labels = labels or {}
    x, y = pos[node]
    column = [k for k in kids if k in listed and not children.get(k)]
    if column:  # clear of the node's own label (up to ~240 px wide) and of each other's
        side = 1.0 if heading is None or math.cos(heading) >= 0 else -1.0
        offset = 150.0 + 5.0 * max(len(labels.get(k) or "") for k in column)
        for i, kid in enumerate(column):
            pos[kid] = (x + side * offset, y + 24.0 * (i - (len(column) - 1) / 2))
        kids = [k for k in kids if k not in column]
        if heading is None or math.cos(heading) * side > 0:
            heading = math.pi if side > 0 else 0.0  # the other children fan out on the other side
    if not kids:
        return
    spread = 2 * math.pi if heading is None else min(1.5 * math.pi, 0.5 * len(kids))
    radius = max(spacing * 0.8, len(kids) * 34.0 / spread)
    for i, kid in enumerate(kids):
        angle = (0.0 if heading is None else heading - spread / 2) + spread * (i + 0.5) / len(kids)
        pos[kid] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
        _place_tree(kid, angle, pos, children, spacing * 0.8, listed, labels)


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




def hub_layout(
    graph: "nx.MultiDiGraph", hubs: Iterable[str], boxes: Optional[dict[str, tuple[float, float]]] = None, gap: float = 190.0, seed: int = 7
) -> dict[str, tuple[float, float]]:
    """Hubs on a ring (``gap`` apart), what only one hub reaches fanned outside it, and what
    several reach inside the ring, pulled by a spring layout towards the hubs it is joined to;
    then the nodes inside are pushed apart until no two ``boxes`` (width, height) overlap."""
    import networkx as nx

    simple = _sorted_graph(graph.nodes, graph.edges())
    ring = [h for h in _ring_order(simple, hubs)]
    radius = max(300.0, len(ring) * gap / (2 * math.pi))
    pos = {h: (radius * math.cos(2 * math.pi * k / len(ring) - math.pi / 2), radius * math.sin(2 * math.pi * k / len(ring) - math.pi / 2))
           for k, h in enumerate(ring)}
    on_ring = set(ring)
    outside: dict[str, list[str]] = defaultdict(list)
    inside = []
    for n in simple:
        if n in on_ring:
            continue
        near = set(simple[n])
        if len(near) == 1 and near <= on_ring:
            outside[next(iter(near))].append(n)
        else:
            inside.append(n)
    for h, leaves in outside.items():
        heading = math.atan2(pos[h][1], pos[h][0])
        spread = min(math.pi * 0.9, 0.45 * len(leaves))
        for i, leaf in enumerate(leaves):
            angle = heading - spread / 2 + spread * (i + 0.5) / len(leaves)
            pos[leaf] = (pos[h][0] + gap * 0.9 * math.cos(angle), pos[h][1] + gap * 0.9 * math.sin(angle))
    if inside:
        core = simple.subgraph([*ring, *inside])
        start = {**{h: pos[h] for h in ring}, **{n: _towards(n, core, pos, radius, seed) for n in inside}}
        moved = nx.spring_layout(core, pos=start, fixed=ring or None, k=gap * 0.75, iterations=60, seed=seed)
        pos.update({n: (float(moved[n][0]), float(moved[n][1])) for n in inside})
        _separate(pos, boxes or {}, inside)
    return {k: (round(x, 1), round(y, 1)) for k, (x, y) in pos.items()}


def _ring_order(graph: "nx.Graph", hubs: Iterable[str]) -> list[str]:
    """Hubs in an order that puts hubs naming the same things side by side (fewer crossings):
    greedily, each next hub is the one sharing most neighbours with the last."""
    hubs = sorted(hubs)
    if len(hubs) < 3:
        return hubs
    near = {h: set(graph[h]) for h in hubs}
    order, left = [hubs[0]], set(hubs[1:])
    while left:
        last = near[order[-1]]
        best = min(left, key=lambda h: (-len(near[h] & last), h))
        order.append(best)
        left.remove(best)
    return order


def _towards(node: str, graph: "nx.Graph", pos: dict[str, tuple[float, float]], radius: float, seed: int) -> tuple[float, float]:
    """A start for a node inside the ring: between the hubs it is joined to (or a seeded spot)."""
    placed = [pos[m] for m in graph[node] if m in pos]
    if placed:
        return (0.6 * sum(p[0] for p in placed) / len(placed), 0.6 * sum(p[1] for p in placed) / len(placed))
    rnd = sum(map(ord, node)) + seed
    return (radius * 0.5 * math.cos(rnd), radius * 0.5 * math.sin(rnd))


def _separate(pos: dict[str, tuple[float, float]], boxes: dict[str, tuple[float, float]], movable: list[str], rounds: int = 60) -> None:
    """Push movable nodes apart until their boxes (centred on the node; small for a node without
    a box) overlap no other box, along the axis that needs the smaller move."""
    sized = [n for n in pos if n in boxes] + [n for n in movable if n not in boxes]
    size = {n: boxes.get(n, (28.0, 28.0)) for n in sized}
    can_move = set(movable)
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(sized):
            for b in sized[i + 1 :]:
                if a not in can_move and b not in can_move:
                    continue
                (ax, ay), (bx, by) = pos[a], pos[b]
                ox = (size[a][0] + size[b][0]) / 2 - abs(ax - bx)
                oy = (size[a][1] + size[b][1]) / 2 - abs(ay - by)
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                dx, dy = (ox if ax >= bx else -ox, 0.0) if ox < oy else (0.0, oy if ay >= by else -oy)
                share = 0.5 if (a in can_move and b in can_move) else 1.0
                if a in can_move:
                    pos[a] = (ax + dx * share, ay + dy * share)
                if b in can_move:
                    pos[b] = (bx - dx * share, by - dy * share)
        if not moved:
            return
