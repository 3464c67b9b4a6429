"""overview: what the graph page draws at first paint, chosen from the whole drawn graph.

A small graph (one report, the sample) is drawn whole: its entities, relations and targets, with
the report's region as a hub joined to the entities no relation reaches. A large one (the 27
provinces, a thousand reports) is drawn as an overview with structure: the reports' regions as
hubs, each joined to the entities its reports name most and to the entities several regions name
(edges weighted by the number of sentences), industries joined to their broader industry. Nothing
is drawn unconnected; everything else stays in the page's data, reachable by search, by the
region and year filters and by expanding a node (kg/resources/graph_template.html).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from .drawn_graph import HAS_TARGET, TARGET, GraphData
from .store_view import BROADER

MENTIONS = "mentions"  # a region (its reports) → an entity they name; weight = sentences

WHOLE = 300  # a graph of at most this many nodes is drawn whole
MAX_NODES = 120  # drawn at first paint in an overview
MAX_HUBS = 40  # regions drawn as hubs (the others are one pick in the region filter away)
PER_HUB = 3  # entities each hub is joined to, those its reports name in the most sentences
LINKS_PER_ENTITY = 4  # hubs a widely named entity is drawn joined to (the panel lists them all)
# Report structure rather than something a report names: reachable, not drawn in an overview.
NOT_IN_OVERVIEW = {"Action", "KeyTask", TARGET}


@dataclass(frozen=True)
class Overview:
    nodes: list[str]  # IRIs drawn at first paint
    edges: list[tuple[str, str, str, int]]  # source, target, relation or MENTIONS, weight
    hubs: dict[str, list[str]]  # hub (region) IRI → its reports
    whole: bool  # the graph is drawn whole
    fonts: dict[str, int] = field(default_factory=dict)  # label size of the nodes labelled at first paint


HUB_FONT = 40
BIG_FONT = 32  # the LABELLED most widely named entities
LABELLED = 24

def hubs_of(data: GraphData) -> dict[str, list[str]]:
    """Region IRI → its reports, for the regions of reports that are nodes of the graph."""
    hubs: dict[str, list[str]] = defaultdict(list)
    for report, region in sorted(data.regions.items()):
        if region in data.nodes:
            hubs[region].append(report)
    return dict(hubs)


def hub_weights(data: GraphData, hubs: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    """Entity IRI → {hub IRI → sentences of the hub's reports that name it}."""
    hub_of = {r: hub for hub, reports in hubs.items() for r in reports}
    weights: dict[str, dict[str, int]] = {}
    for iri, n in data.nodes.items():
        by_hub: dict[str, int] = defaultdict(int)
        for report, count in n.mentions.items():
            if report in hub_of and hub_of[report] != iri:
                by_hub[hub_of[report]] += count
        if by_hub:
            weights[iri] = dict(by_hub)
    return weights


def choose(data: GraphData, limit: Optional[int] = None) -> Overview:
    """The nodes and edges of the first paint."""
    hubs = hubs_of(data)
    weights = hub_weights(data, hubs)
    if len(data.nodes) <= WHOLE and (limit is None or len(data.nodes) <= limit):
        return _whole(data, hubs, weights)
    limit = min(limit or MAX_NODES, MAX_NODES)

    named_by: dict[str, int] = defaultdict(int)  # hub → entities its reports name
    for ws in weights.values():
        for hub in ws:
            named_by[hub] += 1
    kept_hubs = sorted(hubs, key=lambda h: (-len(hubs[h]), -named_by[h], h))[: min(MAX_HUBS, max(1, limit // 4))]
    kept = set(kept_hubs)
    eligible = {iri: {h: w for h, w in ws.items() if h in kept} for iri, ws in weights.items()
                if data.nodes[iri].type not in NOT_IN_OVERVIEW and iri not in hubs}
    eligible = {iri: ws for iri, ws in eligible.items() if ws}

    chosen: dict[str, None] = dict.fromkeys(kept_hubs)
    picks: list[tuple[str, str]] = []  # (hub, entity): what each hub is joined to, whatever else is
    for hub in kept_hubs:
        named = sorted((iri for iri, ws in eligible.items() if hub in ws), key=lambda i: (-eligible[i][hub], -len(eligible[i]), i))
        chosen.update(dict.fromkeys(named[:PER_HUB]))
        picks += [(hub, iri) for iri in named[:PER_HUB]]
    widely = sorted((iri for iri, ws in eligible.items() if len(ws) > 1), key=lambda i: (-len(eligible[i]), -sum(eligible[i].values()), i))
    for iri in widely:
        if len(chosen) >= limit:
            break
        chosen[iri] = None
    nodes = list(chosen)[:limit]
    drawn = set(nodes)
    # Industries grouped by their broader industry: the broader one is drawn too (if room is left).
    for e in data.edges:
        if e.predicate == BROADER and e.source in drawn and e.target not in drawn and len(nodes) < limit + limit // 10:
            nodes.append(e.target)
            drawn.add(e.target)

    edges = [(hub, iri, MENTIONS, eligible[iri][hub]) for hub, iri in picks if iri in drawn]
    links: dict[str, int] = defaultdict(int)  # ties go to the hub with fewest edges yet: spread out
    joined = {(hub, iri) for hub, iri, _, _ in edges}
    for hub, _ in joined:
        links[hub] += 1
    for iri in nodes:
        for _ in range(LINKS_PER_ENTITY):
            ranked = [(h, w) for h, w in eligible.get(iri, {}).items() if (h, iri) not in joined]
            if not ranked:
                break
            hub, w = min(ranked, key=lambda hw: (-hw[1], links[hw[0]], hw[0]))
            edges.append((hub, iri, MENTIONS, w))
            joined.add((hub, iri))
            links[hub] += 1
    edges += [(e.source, e.target, e.predicate, 1) for e in data.edges
              if e.source in drawn and e.target in drawn and e.predicate != HAS_TARGET]
    shown = _connected(nodes, edges, hubs, whole=False)
    widest = sorted((n for n in shown.nodes if n not in hubs), key=lambda n: (-len(eligible.get(n, {})), -sum(eligible.get(n, {}).values()), n))
    fonts = {**{n: BIG_FONT for n in widest[:LABELLED]}, **{h: HUB_FONT for h in hubs if h in shown.nodes}}
    return Overview(shown.nodes, shown.edges, hubs, False, fonts)


def _whole(data: GraphData, hubs: dict[str, list[str]], weights: dict[str, dict[str, int]]) -> Overview:
    """Every node and relation; each group of related entities (and each entity alone) that no
    hub is part of hangs on the hub whose reports name its most named member."""
    import networkx as nx

    edges = [(e.source, e.target, e.predicate, 1) for e in data.edges]
    groups = nx.Graph()
    groups.add_nodes_from(sorted(data.nodes))
    groups.add_edges_from((e.source, e.target) for e in data.edges)
    for group in sorted(nx.connected_components(groups), key=min):
        named = [(w, hub, iri) for iri in group for hub, w in weights.get(iri, {}).items()]
        if named and not group & hubs.keys():
            w, hub, iri = max(named, key=lambda x: (x[0], x[1], x[2]))
            edges.append((hub, iri, MENTIONS, w))
    degree: dict[str, int] = defaultdict(int)
    for e in data.edges:
        if e.predicate != HAS_TARGET:
            degree[e.source] += 1
            degree[e.target] += 1
    fonts = {**{n: 30 for n, d in degree.items() if d >= 3}, **{h: 40 for h in hubs}}
    shown = _connected(sorted(data.nodes), edges, hubs, whole=True)
    return Overview(shown.nodes, shown.edges, hubs, True, fonts)


def _connected(nodes: list[str], edges: list[tuple[str, str, str, int]], hubs: dict[str, list[str]], whole: bool) -> Overview:
    """Drop the nodes no drawn edge reaches (and one edge of a pair drawn twice)."""
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for e in edges:
        if e[0] != e[1] and e[:3] not in seen:
            seen.add(e[:3])
            unique.append(e)
    linked = {e[0] for e in unique} | {e[1] for e in unique}
    return Overview([n for n in nodes if n in linked], unique, hubs, whole)
