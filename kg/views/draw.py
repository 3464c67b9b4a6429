"""draw: the store → a networkx view for drawing → one offline pyvis HTML page.

The page carries everything inline (vis-network included, no CDN, no Bootstrap), so it opens from
a file with no network. Positions are precomputed here and physics is off in the page: a large
graph is drawn once and is usable at once instead of simulating in the browser for minutes.

Layout: trees that hang off the graph (leaves, chains, targets) are peeled away, only the remaining
core of each connected component goes through networkx's spring layout, the peeled trees are
placed radially around the node they hang from, and components are packed in rows. The core is
much smaller than the graph (most firms, targets and parks hang off one action or industry), which
keeps the layout of the 27-province graph to seconds.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional

from ..errors import InputError, NotFound
from ..graph.namespace import CLASS_TYPE, PLAN, PREDICATE_PROPERTY

if TYPE_CHECKING:  # imported lazily at run time: pyvis and networkx cost ~0.3 s to import
    import networkx as nx
    from pyoxigraph import Store

TARGET = "Target"
BROADER = "broader"
HAS_TARGET = "hasTarget"

# Colour, vis-network shape and legend name per node type. Shapes draw the label below the node.
TYPE_STYLE: dict[str, tuple[str, str, str]] = {
    "Enterprise": ("#e6550d", "dot", "企业"),
    "University": ("#1f77b4", "triangle", "高校"),
    "ResearchInstitute": ("#17becf", "triangleDown", "科研院所"),
    "Platform": ("#9467bd", "square", "平台"),
    "Park": ("#2ca02c", "hexagon", "园区"),
    "Industry": ("#bcbd22", "diamond", "产业"),
    "Action": ("#d62728", "star", "行动"),
    "KeyTask": ("#7f7f7f", "square", "重点任务"),
    "Programme": ("#8c564b", "triangle", "工程/计划"),
    "Infrastructure": ("#e377c2", "hexagon", "基础设施"),
    "Region": ("#393b79", "diamond", "地区"),
    TARGET: ("#f0a30a", "dot", "目标"),
}

EDGE_LABEL: dict[str, str] = {
    "inIndustry": "属于产业",
    "partnersWith": "合作",
    "develops": "建设",
    "partOf": "隶属",
    "inAction": "所属行动",
    "locatedIn": "位于",
    BROADER: "上位",
    HAS_TARGET: "目标",
}

CJK_FONTS = (
    '"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", '
    '"PingFang SC", "Hiragino Sans GB", sans-serif'
)

MAX_EVIDENCE = 5  # source sentences kept per node (the page stays small on big builds)
MAX_FACTS = 6  # relation lines in a hover tooltip
MAX_TARGETS = 12  # targets listed in the details panel

_CLASS_NAME = {str(iri): name for iri, name in CLASS_TYPE.items()}

_PREFIXES = f"""
PREFIX plan: <{PLAN._NS}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@dataclass(frozen=True)
class DrawOptions:
    """What to draw: the `kg graph` options."""

    types: tuple[str, ...] = ()  # entity types to keep (empty: all)
    report: Optional[str] = None  # a report id, source file name or region
    around: Optional[str] = None  # a name: keep only its neighbourhood
    depth: int = 1
    min_confidence: float = 0.0
    targets: bool = True
    max_nodes: Optional[int] = None  # draw only this many, the most connected (kg build's page)


@dataclass(frozen=True)
class Evidence:
    sentence: str  # sentence IRI
    report: str  # report IRI
    start: int  # span of the mention / fact in the report text
    end: int


@dataclass
class NodeInfo:
    iri: str
    type: str
    label: str
    aliases: set[str] = field(default_factory=set)
    confidence: float = 0.0
    reports: set[str] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class EdgeInfo:
    source: str
    target: str
    predicate: str  # a key of EDGE_LABEL
    confidence: float = 1.0
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class GraphData:
    """The part of the store that is drawn, after filtering."""

    nodes: dict[str, NodeInfo]
    edges: list[EdgeInfo]
    sentences: dict[str, tuple[str, int, int, str]]  # IRI → (report IRI, start, end, text)
    reports: dict[str, str]  # report IRI → display name


@dataclass(frozen=True)
class Page:
    html: str
    nodes: int
    edges: int


# ---------------------------------------------------------------- reading the store


def _rows(store: "Store", sparql: str) -> Iterable[Any]:
    return store.query(_PREFIXES + sparql, use_default_graph_as_union=True)


def _num(term: Any, default: float) -> float:
    return float(term.value) if term is not None else default


def _reports(store: "Store") -> dict[str, str]:
    """Report IRI → a name a reader recognises (title, else region and year, else the file)."""
    names: dict[str, str] = {}
    for r in _rows(
        store,
        """SELECT ?r ?title ?region ?year ?file WHERE {
             ?r a plan:Report .
             OPTIONAL { ?r dcterms:title ?title }
             OPTIONAL { ?r plan:region/skos:prefLabel ?region }
             OPTIONAL { ?r plan:year ?year }
             OPTIONAL { ?r plan:sourceFile ?file } }""",
    ):
        iri = r["r"].value
        if r["title"] is not None:
            name = r["title"].value
        elif r["region"] is not None:
            name = r["region"].value + (f" {r['year'].value}" if r["year"] is not None else "")
        else:
            name = r["file"].value if r["file"] is not None else iri.rsplit("/", 1)[-1]
        names.setdefault(iri, name)
    return names


def _match_report(store: "Store", wanted: str, reports: dict[str, str]) -> str:
    """The IRI of the report named by id, source file (with or without extension) or region."""
    keys: dict[str, set[str]] = defaultdict(set)
    for r in _rows(
        store,
        """SELECT ?r ?file ?region WHERE { ?r a plan:Report .
             OPTIONAL { ?r plan:sourceFile ?file } OPTIONAL { ?r plan:region/skos:prefLabel ?region } }""",
    ):
        iri = r["r"].value
        keys[iri].add(iri.rsplit("/", 1)[-1])
        if r["file"] is not None:
            keys[iri] |= {r["file"].value, Path(r["file"].value).stem}
        if r["region"] is not None:
            keys[iri].add(r["region"].value)
    hits = sorted(iri for iri, k in keys.items() if wanted in k)
    if len(hits) == 1:
        return hits[0]
    ids = ", ".join(sorted(i.rsplit("/", 1)[-1] for i in reports)) or "none"
    if hits:
        raise InputError(f"--report {wanted!r} matches {len(hits)} reports; give its id ({ids})")
    raise NotFound(f"no report {wanted!r} in the store (reports: {ids})")


def read_graph(store: "Store", report: Optional[str] = None) -> GraphData:
    """Entities, relations, targets and their evidence, from every report (or from one)."""
    reports = _reports(store)
    only = _match_report(store, report, reports) if report else None
    graph_filter = f"FILTER(?g = <{only}>)" if only else ""

    # These reads cover the whole store, so they are written for pyoxigraph's planner: no constant
    # class or VALUES block to start from (it began with them and joined everything else to them,
    # 5–15× slower on 270 reports), one triple per OPTIONAL (looked up row by row, not hashed),
    # classes and predicates picked in Python, and sorting done here rather than by ORDER BY, which
    # decodes every string it compares.
    nodes: dict[str, NodeInfo] = {}
    for r in _rows(
        store,
        f"""SELECT ?e ?cls ?label ?conf ?g WHERE {{
              GRAPH ?g {{ ?e a ?cls ; skos:prefLabel ?label . OPTIONAL {{ ?e plan:confidence ?conf }} }} {graph_filter} }}""",
    ):
        type_name = _CLASS_NAME.get(r["cls"].value)
        if type_name is None:
            continue
        iri = r["e"].value
        n = nodes.setdefault(iri, NodeInfo(iri, type_name, r["label"].value))
        n.confidence = max(n.confidence, _num(r["conf"], 1.0))
        n.reports.add(r["g"].value)
    for r in _rows(store, f"SELECT ?e ?alt ?g WHERE {{ GRAPH ?g {{ ?e skos:altLabel ?alt }} {graph_filter} }}"):
        if r["e"].value in nodes:
            nodes[r["e"].value].aliases.add(r["alt"].value)

    sentences: dict[str, tuple[str, int, int, str]] = {}
    mentions = _in_reading_order(
        _rows(
            store,
            f"""SELECT ?e ?s ?g ?start ?end WHERE {{ GRAPH ?g {{
                  ?m plan:mentionOf ?e ; plan:inSentence ?s ; plan:start ?start ; plan:end ?end }} {graph_filter} }}""",
        )
    )
    for r in mentions:
        n = nodes.get(r["e"].value)
        if n is not None and len(n.evidence) < MAX_EVIDENCE:
            n.evidence.append(Evidence(r["s"].value, r["g"].value, int(r["start"].value), int(r["end"].value)))

    edges = _read_relations(store, nodes, graph_filter)
    _read_targets(store, nodes, edges, graph_filter)

    used = {ev.sentence for n in nodes.values() for ev in n.evidence} | {
        ev.sentence for e in edges for ev in e.evidence
    }
    for r in _rows(
        store,
        f"""SELECT ?s ?g ?start ?end ?text WHERE {{ GRAPH ?g {{
              ?s plan:text ?text ; plan:start ?start ; plan:end ?end }} {graph_filter} }}""",
    ):
        if r["s"].value in used:
            sentences[r["s"].value] = (r["g"].value, int(r["start"].value), int(r["end"].value), r["text"].value)
    return GraphData(nodes, edges, sentences, reports)


def _in_reading_order(rows: Iterable[Any]) -> list[Any]:
    """Rows with ?g, ?start and ?end sorted by report, then position (unpositioned rows first)."""

    def position(r: Any) -> tuple[str, int, int]:
        return r["g"].value, *(int(r[k].value) if r[k] is not None else -1 for k in ("start", "end"))

    return sorted(rows, key=position)


def _read_relations(store: "Store", nodes: dict[str, NodeInfo], graph_filter: str) -> list[EdgeInfo]:
    """One edge per distinct (subject, predicate, object) between drawn entities, with its evidence."""
    predicate_name = {str(v): k for k, v in PREDICATE_PROPERTY.items()}
    values = " ".join(f"<{p}>" for p in predicate_name)
    edges: dict[tuple[str, str, str], EdgeInfo] = {}
    for r in _rows(
        store,
        f"""SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} VALUES ?p {{ {values} }} {graph_filter} }}""",
    ):
        s, o = r["s"].value, r["o"].value
        if s in nodes and o in nodes:
            key = (s, predicate_name[r["p"].value], o)
            edges[key] = EdgeInfo(s, o, key[1], confidence=0.0)
    for r in _rows(
        store,
        f"""SELECT DISTINCT ?s ?o WHERE {{ GRAPH ?g {{ ?s skos:broader ?o }} {graph_filter} }}""",
    ):
        s, o = r["s"].value, r["o"].value
        if s in nodes and o in nodes:
            edges[(s, BROADER, o)] = EdgeInfo(s, o, BROADER)
    statements = _rows(
        store,
        f"""SELECT ?s ?p ?o ?g ?conf ?sent ?start ?end WHERE {{ GRAPH ?g {{
              ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
              OPTIONAL {{ ?st plan:confidence ?conf }}
              OPTIONAL {{ ?st plan:inSentence ?sent }} OPTIONAL {{ ?st plan:start ?start }} OPTIONAL {{ ?st plan:end ?end }} }}
              {graph_filter} }}""",
    )
    for r in _in_reading_order(statements):
        if r["p"].value not in predicate_name:
            continue
        edge = edges.get((r["s"].value, predicate_name[r["p"].value], r["o"].value))
        if edge is None:
            continue
        edge.confidence = max(edge.confidence, _num(r["conf"], 1.0))
        if r["sent"] is not None and len(edge.evidence) < 2:
            edge.evidence.append(Evidence(r["sent"].value, r["g"].value, int(r["start"].value), int(r["end"].value)))
    for edge in edges.values():
        if edge.confidence == 0.0 and not edge.evidence:
            edge.confidence = 1.0  # a relation stated without a statement record: nothing says it is weak
    return list(edges.values())


def _read_targets(store: "Store", nodes: dict[str, NodeInfo], edges: list[EdgeInfo], graph_filter: str) -> None:
    """Targets stated in an action become small nodes joined to that action."""
    for r in _rows(
        store,
        f"""SELECT ?t ?label ?a ?g ?conf ?sent ?start ?end WHERE {{ GRAPH ?g {{
              ?t plan:statedIn ?a ; a ?class ; rdfs:label ?label .
              OPTIONAL {{ ?t plan:confidence ?conf }}
              OPTIONAL {{ ?t plan:inSentence ?sent }} OPTIONAL {{ ?t plan:start ?start }} OPTIONAL {{ ?t plan:end ?end }} }}
              FILTER (?class = plan:Target) {graph_filter} }}""",
    ):
        t, action = r["t"].value, r["a"].value
        if action not in nodes or t in nodes:
            continue
        node = NodeInfo(t, TARGET, r["label"].value, confidence=_num(r["conf"], 1.0), reports={r["g"].value})
        if r["sent"] is not None:
            node.evidence.append(Evidence(r["sent"].value, r["g"].value, int(r["start"].value), int(r["end"].value)))
        nodes[t] = node
        edges.append(EdgeInfo(action, t, HAS_TARGET, node.confidence))


# ---------------------------------------------------------------- filtering


def parse_types(names: Iterable[str]) -> tuple[str, ...]:
    """Type names as given on the command line (English, any case, or the Chinese legend name)."""
    known = {t.lower(): t for t in TYPE_STYLE} | {style[2]: t for t, style in TYPE_STYLE.items()}
    out = []
    for name in names:
        t = known.get(name.strip().lower())
        if t is None:
            raise InputError(f"unknown type {name!r}; choose from {', '.join(TYPE_STYLE)}")
        out.append(t)
    return tuple(dict.fromkeys(out))


def filter_graph(data: GraphData, options: DrawOptions) -> GraphData:
    """Apply confidence, type, target and neighbourhood filters (the report filter is applied in reading)."""
    types = set(parse_types(options.types)) if options.types else set(TYPE_STYLE)
    if options.targets:
        types.add(TARGET)
    else:
        types.discard(TARGET)
    nodes = {
        iri: n for iri, n in data.nodes.items() if n.type in types and n.confidence >= options.min_confidence
    }
    edges = [
        e for e in data.edges if e.source in nodes and e.target in nodes and e.confidence >= options.min_confidence
    ]
    # A target is drawn on its action, so it goes when its action goes.
    on_action = {e.target for e in edges if e.predicate == HAS_TARGET}
    nodes = {iri: n for iri, n in nodes.items() if n.type != TARGET or iri in on_action}
    if options.around is not None:
        keep = _neighbourhood(nodes, edges, options.around, options.depth)
        nodes = {iri: n for iri, n in nodes.items() if iri in keep}
        edges = [e for e in edges if e.source in keep and e.target in keep]
    return GraphData(nodes, edges, data.sentences, data.reports)


def most_connected(data: GraphData, limit: int) -> GraphData:
    """The ``limit`` nodes with the most edges (ties by IRI, so the choice is repeatable), and the
    edges among them. A page of tens of thousands of nodes is neither drawable in seconds nor
    readable; the whole graph stays in the store and `kg graph` draws any part of it."""
    if len(data.nodes) <= limit:
        return data
    degree: dict[str, int] = defaultdict(int)
    for e in data.edges:
        degree[e.source] += 1
        degree[e.target] += 1
    keep = set(sorted(data.nodes, key=lambda iri: (-degree[iri], iri))[:limit])
    edges = [e for e in data.edges if e.source in keep and e.target in keep]
    return GraphData({iri: n for iri, n in data.nodes.items() if iri in keep}, edges, data.sentences, data.reports)


def _neighbourhood(nodes: dict[str, NodeInfo], edges: list[EdgeInfo], name: str, depth: int) -> set[str]:
    """Nodes within ``depth`` steps (either direction) of every node named ``name``; targets of kept actions too."""
    from ..evaluate import norm_name

    if depth < 0:
        raise InputError("--depth must be 0 or more")
    if not name.strip():
        raise InputError("--around needs a name")
    wanted = norm_name(name)
    start = {iri for iri, n in nodes.items() if n.type != TARGET and wanted in {norm_name(x) for x in {n.label, *n.aliases}}}
    if not start:
        raise NotFound(f"no node named {name!r} in the graph")
    neighbours: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        if e.predicate != HAS_TARGET:
            neighbours[e.source].add(e.target)
            neighbours[e.target].add(e.source)
    keep, frontier = set(start), set(start)
    for _ in range(depth):
        frontier = {m for n in frontier for m in neighbours[n]} - keep
        keep |= frontier
    keep |= {e.target for e in edges if e.predicate == HAS_TARGET and e.source in keep}
    return keep


# ---------------------------------------------------------------- networkx view and layout


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


# ---------------------------------------------------------------- the page


def _tooltip(n: NodeInfo, facts: list[str], reports: dict[str, str]) -> str:
    lines = [n.label, f"类型: {TYPE_STYLE[n.type][2]} ({n.type})"]
    if n.aliases:
        lines.append("别名: " + "、".join(sorted(n.aliases)))
    if n.reports and n.type != TARGET:
        names = sorted(reports.get(r, r) for r in n.reports)
        lines.append("报告: " + "、".join(names[:3]) + (f" 等{len(names)}份" if len(names) > 3 else ""))
    lines += facts[:MAX_FACTS]
    if len(facts) > MAX_FACTS:
        lines.append(f"… 另有 {len(facts) - MAX_FACTS} 条")
    return "\n".join(lines)


def _node_size(node_type: str, degree: int) -> float:
    if node_type == TARGET:
        return 5.0
    return round(9.0 + 5.0 * math.sqrt(degree), 1)


def build_page(data: GraphData, title: str = "plankg") -> Page:
    """The HTML page for an already filtered graph."""
    from pyvis.network import Network

    graph = to_networkx(data)
    pos = layout(graph)
    label = {iri: n.label for iri, n in data.nodes.items()}
    facts: dict[str, list[str]] = defaultdict(list)
    targets: dict[str, list[str]] = defaultdict(list)
    for e in data.edges:
        if e.predicate == HAS_TARGET:
            targets[e.source].append(e.target)
            continue
        facts[e.source].append(f"{EDGE_LABEL[e.predicate]} → {label[e.target]}")
        facts[e.target].append(f"{label[e.source]} → {EDGE_LABEL[e.predicate]}")
    # A firm or park in an action shows that action's targets too.
    for e in data.edges:
        if e.predicate == "inAction" and e.target in targets and e.source not in targets:
            targets[e.source] = targets[e.target]

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    ids = {iri: i for i, iri in enumerate(sorted(data.nodes))}
    for iri in sorted(data.nodes):
        n = data.nodes[iri]
        colour, shape, _ = TYPE_STYLE[n.type]
        x, y = pos[iri]
        net.add_node(
            ids[iri],
            label=n.label,
            shape=shape,
            color=colour,
            size=_node_size(n.type, graph.degree(iri)),
            x=x,
            y=y,
            title=_tooltip(n, facts[iri], data.reports),
            kgType=n.type,
            aliases=sorted(n.aliases),
            reports=sorted(n.reports),
            evidence=[[ev.sentence, ev.start, ev.end] for ev in n.evidence],
            targets=[ids[t] for t in targets.get(iri, [])[:MAX_TARGETS]],
            font={"size": 10} if n.type == TARGET else {},
        )
    for e in data.edges:
        net.add_edge(
            ids[e.source],
            ids[e.target],
            label=EDGE_LABEL[e.predicate] if e.predicate != HAS_TARGET else None,  # the node says 目标
            predicate=e.predicate,
            title=f"{label[e.source]} {EDGE_LABEL[e.predicate]} {label[e.target]}",
            evidence=[[ev.sentence, ev.start, ev.end] for ev in e.evidence],
        )
    used = {ev[0] for item in net.nodes + net.edges for ev in item["evidence"]}
    sentence_ids = {s: i for i, s in enumerate(sorted(used))}
    for item in net.nodes + net.edges:
        item["evidence"] = [[sentence_ids[s], a, b] for s, a, b in item["evidence"]]
    report_ids = {r: i for i, r in enumerate(sorted(data.reports))}
    for n in net.nodes:
        n["reports"] = [report_ids[r] for r in n["reports"] if r in report_ids]
    page_data = {
        "sentences": [
            [report_ids.get(data.sentences[s][0], -1), *data.sentences[s][1:]] if s in data.sentences else [-1, 0, 0, ""]
            for s in sorted(used)
        ],
        "reports": [data.reports[r] for r in sorted(data.reports)],
        "types": [
            {"type": t, "name": style[2], "colour": style[0], "shape": style[1], "count": count}
            for t, style in TYPE_STYLE.items()
            if (count := sum(1 for n in data.nodes.values() if n.type == t))
        ],
    }
    html = _render(net, page_data, title)
    return Page(html=html, nodes=len(net.nodes), edges=len(net.edges))


def _options(n_edges: int) -> dict[str, Any]:
    font = {"face": CJK_FONTS}
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_edges > 1500},
        "nodes": {"font": {**font, "size": 14}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
            "color": {"color": "#b8b8b8", "highlight": "#444444", "hover": "#777777"},
            "font": {**font, "size": 9, "color": "#666666", "strokeWidth": 2, "align": "middle"},
            "scaling": {"label": {"drawThreshold": 8}},  # relation names appear once zoomed in
            "smooth": False,
            "width": 0.8,
        },
    }


def _render(net: Any, page_data: dict[str, Any], title: str) -> str:
    import json

    import pyvis
    from jinja2 import Environment, FileSystemLoader

    from ..rules import RESOURCES

    # Our template first; pyvis's templates folder for the vis-network script we inline.
    env = Environment(
        loader=FileSystemLoader(
            [str(RESOURCES), str(Path(pyvis.__file__).parent / "templates")]
        ),
        autoescape=False,
    )
    # Chinese as UTF-8, not \uXXXX escapes (half the bytes); <, >, & and ' are still escaped.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    nodes, edges, _, _, _, _ = net.get_network_data()
    return env.get_template("graph_template.html").render(
        title=title,
        nodes=nodes,
        edges=edges,
        options=json.dumps(_options(len(edges)), ensure_ascii=False),
        kg=page_data,
        fonts=CJK_FONTS,
    )


def graph_page(store: "Store", options: DrawOptions = DrawOptions(), title: str = "plankg") -> Page:
    """The page for a store (all reports, or as the options say)."""
    data = filter_graph(read_graph(store, options.report), options)
    if options.max_nodes is not None and len(data.nodes) > options.max_nodes:
        title = f"{title}: the {options.max_nodes:,} most connected of {len(data.nodes):,} nodes (kg graph draws any part)"
        data = most_connected(data, options.max_nodes)
    return build_page(data, title)


def write_graph(
    store_dir: str | os.PathLike[str],
    out: Optional[str | os.PathLike[str]] = None,
    options: DrawOptions = DrawOptions(),
) -> tuple[Path, Page]:
    """`kg graph`: draw the store of an output folder into ``out`` (default DIR/graph.html), atomically."""
    from ..graph.store import atomic_write, open_store

    store = open_store(store_dir)
    page = graph_page(store, options)
    path = Path(out) if out is not None else Path(store_dir) / "graph.html"
    atomic_write(path, page.html)
    return path, page
