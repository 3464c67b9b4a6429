"""Graph analytics on the networkx view of the store (kg/views/store_view.py): the `kg stats`,
`kg path` and `kg related` answers.

networkx is imported inside the functions that need it, so `import kg.views.analytics` stays cheap
for commands that never draw on it (kg lookup starts in < 0.5 s and imports kg.cli).
"""

from __future__ import annotations

import math
import os
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any, Callable, Optional

from pyoxigraph import Store

from ..errors import NotFound
from ..graph.name_match import entity_iris
from ..graph.store import open_store
from ..model import PREDICATES
from .store_view import BROADER, edge_evidence, entity_graph, load_view

if TYPE_CHECKING:
    import networkx as nx

EDGE_ORDER = (*PREDICATES, BROADER)
# Plan structure: "named in that action's paragraph" links everything in an action to everything
# else, so a path through it says nothing; `kg path` leaves these out unless asked.
STRUCTURE_PREDICATES = frozenset({"inAction", "partOf"})
# Exact betweenness runs one BFS per node: O(nodes × (nodes + edges)). Past this much work it is
# estimated from a seeded sample of sources, sized to the same work (≈0.5 s), so `kg stats` stays
# within its 2 s on any store; the top of the ranking is stable under sampling.
BETWEENNESS_WORK = 400_000
MIN_BETWEENNESS_SAMPLE = 32

# ---------------------------------------------------------------------------------------- names


# ---------------------------------------------------------------------------------------- stats


@dataclass
class Ranked:
    name: str
    type: str
    degree: int
    betweenness: float


@dataclass
class IndustryRank:
    name: str
    firms: int  # enterprises placed in it or in a narrower industry (skos:broader)
    direct_firms: int  # enterprises placed in it by name
    members: int  # enterprises, parks and platforms, narrower industries included


@dataclass
class Component:
    size: int
    hub: str  # its best-connected entity, to name it


@dataclass
class GraphStats:
    entities: int
    relations: int
    by_type: dict[str, int]
    by_relation: dict[str, int]
    most_connected: dict[str, list[Ranked]]  # Enterprise / University / Park → top N
    industries: list[IndustryRank]
    components: int
    isolated: int
    largest_components: list[Component]
    betweenness_sampled: bool = False
    reports: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


RANKED_TYPES = ("Enterprise", "University", "Park")


def graph_stats(graph: "nx.MultiDiGraph", top: int = 10) -> GraphStats:
    """Counts by type and relation, the best-connected organisations, industries by firms, components."""
    import networkx as nx

    simple = nx.Graph(graph)  # degree = distinct neighbours, whatever the relation or direction
    n = simple.number_of_nodes()
    sources = min(n, max(MIN_BETWEENNESS_SAMPLE, BETWEENNESS_WORK // max(1, n + simple.number_of_edges())))
    sampled = sources < n
    betweenness = nx.betweenness_centrality(simple, k=sources if sampled else None, seed=0) if n else {}
    label = {v: d["label"] for v, d in graph.nodes(data=True)}
    node_type = {v: d["type"] for v, d in graph.nodes(data=True)}

    most_connected: dict[str, list[Ranked]] = {}
    for etype in RANKED_TYPES:
        nodes = [v for v in simple if node_type[v] == etype]
        nodes.sort(key=lambda v: (-simple.degree(v), -betweenness.get(v, 0.0), label[v]))
        most_connected[etype] = [
            Ranked(label[v], etype, simple.degree(v), round(betweenness.get(v, 0.0), 6)) for v in nodes[:top]
        ]

    industries = sorted(_industry_ranks(graph), key=lambda r: (-r.firms, -r.direct_firms, -r.members, r.name))

    components = sorted(nx.connected_components(simple), key=len, reverse=True)
    largest = [
        Component(len(c), label[max(c, key=lambda v: (simple.degree(v), label[v]))]) for c in components[:top] if len(c) > 1
    ]
    reports = {r for _, d in graph.nodes(data=True) for r in d["reports"]}
    return GraphStats(
        entities=graph.number_of_nodes(),
        relations=graph.number_of_edges(),
        by_type=dict(sorted(Counter(node_type.values()).items(), key=lambda kv: (-kv[1], kv[0]))),
        by_relation={rel: c for rel, c in sorted(Counter(k for _, _, k in graph.edges(keys=True)).items(), key=lambda kv: (-kv[1], kv[0]))},
        most_connected=most_connected,
        industries=industries[:top],
        components=len(components),
        isolated=sum(1 for c in components if len(c) == 1),
        largest_components=largest,
        betweenness_sampled=sampled,
        reports=len(reports),
    )


def _industry_ranks(graph: "nx.MultiDiGraph") -> list[IndustryRank]:
    """Firms per industry; a firm in 绿色食品 also counts for 食品产业 when one is broader than the other."""
    import networkx as nx

    members: dict[str, set[str]] = defaultdict(set)
    for s, o, rel in graph.edges(keys=True):
        if rel == "inIndustry" and graph.nodes[o]["type"] == "Industry":
            members[o].add(s)
    broader = nx.DiGraph((s, o) for s, o, rel in graph.edges(keys=True) if rel == BROADER)
    industries = set(members)
    for industry in members:
        if industry in broader:
            industries |= nx.descendants(broader, industry)  # its broader industries, all the way up
    ranks = []
    for industry in industries:
        narrower = nx.ancestors(broader, industry) if industry in broader else set()
        everyone = set().union(members[industry], *(members[n] for n in narrower if n in members))
        firms = {m for m in everyone if graph.nodes[m]["type"] == "Enterprise"}
        direct = {m for m in members[industry] if graph.nodes[m]["type"] == "Enterprise"}
        ranks.append(IndustryRank(graph.nodes[industry]["label"], len(firms), len(direct), len(everyone)))
    return ranks


# ----------------------------------------------------------------------------------------- path


@dataclass
class Hop:
    source: str  # label of the node the hop leaves
    target: str  # label of the node it reaches
    relation: str
    forward: bool  # True: source —relation→ target; False: source ←relation— target
    sentence: str
    report: str
    span: Optional[tuple[int, int]]


EvidenceOf = Callable[[str, str, str], list[dict[str, Any]]]


@dataclass
class RelationPath:
    hops: list[Hop] = field(default_factory=list)

    def as_text(self) -> str:
        if not self.hops:
            return ""
        parts = [self.hops[0].source]
        for h in self.hops:
            parts.append(f"—{h.relation}→" if h.forward else f"←{h.relation}—")
            parts.append(h.target)
        return " ".join(parts)


def shortest_paths(
    graph: "nx.MultiDiGraph",
    sources: list[str],
    targets: list[str],
    max_hops: int = 6,
    limit: int = 5,
    structure: bool = False,
    evidence_of: Optional[EvidenceOf] = None,
) -> list[RelationPath]:
    """The shortest relation paths (edges walked either way) from any source node to any target node.

    With ``structure`` False, plan-structure relations (inAction, partOf) are not walked.
    ``evidence_of(subject, relation, object)`` gives a hop's sentences when the graph was loaded
    without evidence (see edge_evidence).
    """
    import networkx as nx

    walk = nx.Graph()
    walk.add_nodes_from(graph)
    walk.add_edges_from((s, o) for s, o, rel in graph.edges(keys=True) if structure or rel not in STRUCTURE_PREDICATES)
    best: Optional[int] = None
    pairs: list[tuple[str, str]] = []
    for s in sources:
        lengths = nx.single_source_shortest_path_length(walk, s, cutoff=max_hops)
        for t in targets:
            if t in lengths and t != s:
                if best is None or lengths[t] < best:
                    best, pairs = lengths[t], []
                if lengths[t] == best:
                    pairs.append((s, t))
    paths: list[RelationPath] = []
    for s, t in pairs:
        for nodes in islice(nx.all_shortest_paths(walk, s, t), limit - len(paths)):
            paths.append(RelationPath([_hop(graph, u, v, structure, evidence_of) for u, v in zip(nodes, nodes[1:])]))
        if len(paths) >= limit:
            break
    return paths


def _hop(graph: "nx.MultiDiGraph", u: str, v: str, structure: bool, evidence_of: Optional[EvidenceOf]) -> Hop:
    """The relation that links u and v; forward edges first, then in EDGE_ORDER."""
    options = [(True, rel, data) for rel, data in (graph.get_edge_data(u, v) or {}).items()]
    options += [(False, rel, data) for rel, data in (graph.get_edge_data(v, u) or {}).items()]
    options = [o for o in options if structure or o[1] not in STRUCTURE_PREDICATES]
    forward, rel, data = min(options, key=lambda o: (not o[0], EDGE_ORDER.index(o[1])))
    evidence = evidence_of(*((u, rel, v) if forward else (v, rel, u))) if evidence_of else data["evidence"]
    ev = evidence[0] if evidence else {"sentence": "", "report": "", "start": None, "end": None}
    span = (ev["start"], ev["end"]) if ev["start"] is not None else None
    return Hop(graph.nodes[u]["label"], graph.nodes[v]["label"], rel, forward, ev["sentence"], ev["report"], span)


# -------------------------------------------------------------------------------------- related

SHARED_PREDICATES = ("inIndustry", "inAction", "partnersWith", "prioritises")


@dataclass
class RelatedEntity:
    name: str
    type: str
    score: float
    shared: dict[str, list[str]]  # relation → labels of the shared neighbours


def related(graph: "nx.MultiDiGraph", nodes: list[str], top: int = 20) -> list[RelatedEntity]:
    """Entities that share industries, actions, partners or prioritising regions with ``nodes``,
    best first.

    Two entities share N over a relation when both stand in the same role of that relation to N
    (both inIndustry N, both inAction N, both partnersWith N, two industries both prioritised by
    region N, two regions both prioritising industry N). Each shared N scores 1/ln(1 + its
    degree over that relation): a niche industry says more than an action with fifty members.
    The regions that prioritise an industry are related to it directly: they come first (score
    1 each).
    """
    own = set(nodes)
    direct: set[str] = set()
    score: dict[str, float] = defaultdict(float)
    shared: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for node in nodes:
        for region, role in _neighbours(graph, node, "prioritises"):
            if role == -1 and region not in own:  # node is an industry: who prioritises it
                direct.add(region)
                score[region] += 1.0
                shared[region]["prioritises"].add(graph.nodes[node]["label"])
        for rel in SHARED_PREDICATES:
            for via, role in _neighbours(graph, node, rel):
                peers = {p for p, r in _neighbours(graph, via, rel) if r == -role or rel == "partnersWith"} - own
                weight = 1.0 / math.log(1 + len(peers) + 1)  # degree of via = peers + node
                for p in peers:
                    if graph.nodes[via]["label"] not in shared[p][rel]:
                        score[p] += weight
                        shared[p][rel].add(graph.nodes[via]["label"])
    ranked = sorted(score, key=lambda p: (p not in direct, -score[p], graph.nodes[p]["label"]))
    return [
        RelatedEntity(
            graph.nodes[p]["label"],
            graph.nodes[p]["type"],
            round(score[p], 4),
            {rel: sorted(shared[p][rel]) for rel in SHARED_PREDICATES if shared[p][rel]},
        )
        for p in ranked[:top]
    ]


def _neighbours(graph: "nx.MultiDiGraph", node: str, rel: str) -> list[tuple[str, int]]:
    """(neighbour, role) over one relation: role +1 when node is the subject, -1 the object."""
    out = [(o, 1) for _, o, k in graph.out_edges(node, keys=True) if k == rel]
    return out + [(s, -1) for s, _, k in graph.in_edges(node, keys=True) if k == rel]


# ------------------------------------------------------------------- the commands, on a store folder
# kg.cli calls these directly: kg.api imports the extraction pipeline (~0.4 s of start-up).


def store_stats(store_dir: str | os.PathLike[str] = "out", top: int = 10) -> GraphStats:
    return graph_stats(load_view(store_dir, evidence=False), top)


def paths_between(
    a: str, b: str, store_dir: str | os.PathLike[str] = "out", max_hops: int = 6, limit: int = 5, via_actions: bool = False
) -> list[RelationPath]:
    """Shortest paths between two named entities; NotFound if there is none within max_hops."""
    store = open_store(store_dir)
    sources, targets = entity_iris(store, a), entity_iris(store, b)
    view = entity_graph(store, evidence=False)  # only the hops' sentences are fetched
    paths = shortest_paths(view, sources, targets, max_hops, limit, via_actions, partial(edge_evidence, store))
    if not paths:
        raise NotFound(f"no path between {a!r} and {b!r} within {max_hops} hops")
    return paths


def related_to(name: str, store_dir: str | os.PathLike[str] = "out", top: int = 20) -> list[RelatedEntity]:
    store = open_store(store_dir)
    return related(entity_graph(store, evidence=False), entity_iris(store, name), top)
