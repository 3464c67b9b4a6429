"""drawn_graph: what the page draws, read from the store and filtered by the `kg graph` options.

The entities and relations come from the store's networkx view (kg/views/store_view.py); the page
adds the targets stated in each action, the sentences that mention each entity and the texts of
those sentences.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Optional

from pyoxigraph import NamedNode, Store

from ..errors import InputError, NotFound
from ..graph.name_match import entities_named
from ..graph.names import IndexEntry, report_id_of
from ..graph.namespace import PLAN
from ..graph.store import report_graphs
from .store_view import entity_graph

TARGET = "Target"
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

MAX_EVIDENCE = 5  # source sentences kept per node (the page stays small on big builds)

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
    max_nodes: Optional[int] = None  # draw at most this many at first paint (the rest on demand)


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
    mentions: dict[str, int] = field(default_factory=dict)  # report IRI → sentences naming it there


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
    regions: dict[str, str] = field(default_factory=dict)  # report IRI → its region's IRI
    years: dict[str, int] = field(default_factory=dict)  # report IRI → its year
    # (entity, industry) → sentences naming both: a firm's or a park's industries when no
    # inIndustry relation was extracted (a firm named in a list beside 新能源汽车, linked to nothing).
    named_with: dict[tuple[str, str], int] = field(default_factory=dict)


# ---------------------------------------------------------------- reading the store


def _rows(store: Store, sparql: str) -> Iterable[Any]:
    return store.query(_PREFIXES + sparql, use_default_graph_as_union=True)


def _num(term: Any, default: float) -> float:
    return float(term.value) if term is not None else default


def _reports(store: Store) -> dict[str, str]:
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


def _match_report(store: Store, wanted: str, reports: dict[str, str]) -> str:
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


def read_graph(store: Store, report: Optional[str] = None) -> GraphData:
    """Entities, relations, targets and their evidence, from every report (or from one): the
    store's networkx view (kg/views/store_view.py), with what only the page shows on top."""
    reports = _reports(store)
    only = _match_report(store, report, reports) if report else None
    graphs = [NamedNode(only)] if only else report_graphs(store)
    graph_filter = f"FILTER(?g = <{only}>)" if only else ""
    graph_of = {report_id_of(g.value): g.value for g in graphs}

    view = entity_graph(store, graphs)
    nodes = {
        iri: NodeInfo(iri, d["type"], d["label"], set(d["aliases"]), d["confidence"], {graph_of[r] for r in d["reports"]})
        for iri, d in view.nodes(data=True)
    }
    edges = [
        EdgeInfo(s, o, relation, d["confidence"], [_statement(ev, graph_of) for ev in sorted(d["evidence"], key=lambda ev: _position(ev, graph_of))[:2]])
        for s, o, relation, d in view.edges(keys=True, data=True)
    ]

    # These reads cover the whole store, so they are written for pyoxigraph's planner: no constant
    # class or VALUES block to start from (it began with them and joined everything else to them,
    # 5–15× slower on 270 reports), one triple per OPTIONAL (looked up row by row, not hashed),
    # classes and predicates picked in Python, and sorting done here rather than by ORDER BY, which
    # decodes every string it compares.
    mentions = _in_reading_order(
        _rows(
            store,
            f"""SELECT ?e ?s ?g ?start ?end WHERE {{ GRAPH ?g {{
                  ?m plan:mentionOf ?e ; plan:inSentence ?s ; plan:start ?start ; plan:end ?end }} {graph_filter} }}""",
        )
    )
    in_sentence: dict[str, set[str]] = defaultdict(set)
    for r in mentions:
        n = nodes.get(r["e"].value)
        if n is None or n.iri in in_sentence[r["s"].value]:
            continue
        in_sentence[r["s"].value].add(n.iri)
        n.mentions[r["g"].value] = n.mentions.get(r["g"].value, 0) + 1
        if len(n.evidence) < MAX_EVIDENCE:
            n.evidence.append(Evidence(r["s"].value, r["g"].value, int(r["start"].value), int(r["end"].value)))

    _read_targets(store, nodes, edges, graph_filter)

    used = {ev.sentence for n in nodes.values() for ev in n.evidence} | {
        ev.sentence for e in edges for ev in e.evidence
    }
    sentences: dict[str, tuple[str, int, int, str]] = {}
    for r in _rows(
        store,
        f"""SELECT ?s ?g ?start ?end ?text WHERE {{ GRAPH ?g {{
              ?s plan:text ?text ; plan:start ?start ; plan:end ?end }} {graph_filter} }}""",
    ):
        if r["s"].value in used:
            sentences[r["s"].value] = (r["g"].value, int(r["start"].value), int(r["end"].value), r["text"].value)
    regions, years = _places(store)
    return GraphData(nodes, edges, sentences, reports, regions, years, _named_with(nodes, in_sentence.values()))


def _places(store: Store) -> tuple[dict[str, str], dict[str, int]]:
    """Report IRI → its region's IRI, and → its year (for reports that state them)."""
    regions: dict[str, str] = {}
    years: dict[str, int] = {}
    for r in _rows(store, "SELECT ?r ?region ?year WHERE { ?r a plan:Report . OPTIONAL { ?r plan:region ?region } OPTIONAL { ?r plan:year ?year } }"):
        if r["region"] is not None:
            regions[r["r"].value] = r["region"].value
        if r["year"] is not None and r["year"].value[:4].isdigit():
            years[r["r"].value] = int(r["year"].value[:4])
    return regions, years


def _named_with(nodes: dict[str, NodeInfo], sentences: Iterable[set[str]]) -> dict[tuple[str, str], int]:
    """(entity, industry) → how many sentences name both."""
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for named in sentences:
        industries = [i for i in named if nodes[i].type == "Industry"]
        for e in named:
            for i in industries:
                if e != i and nodes[e].type not in ("Industry", "Region", "Action", "KeyTask"):
                    pairs[e, i] += 1
    return dict(pairs)


def _position(ev: dict[str, Any], graph_of: dict[str, str]) -> tuple[str, int, int]:
    """A statement's place in reading order: report graph, then span."""
    return graph_of[ev["report"]], *(ev[k] if ev[k] is not None else -1 for k in ("start", "end"))


def _statement(ev: dict[str, Any], graph_of: dict[str, str]) -> Evidence:
    return Evidence(ev["sentence_iri"], graph_of[ev["report"]], ev["start"], ev["end"])


def _in_reading_order(rows: Iterable[Any]) -> list[Any]:
    """Rows with ?g, ?start and ?end sorted by report, then position (unpositioned rows first)."""

    def position(r: Any) -> tuple[str, int, int]:
        return r["g"].value, *(int(r[k].value) if r[k] is not None else -1 for k in ("start", "end"))

    return sorted(rows, key=position)


def _read_targets(store: Store, nodes: dict[str, NodeInfo], edges: list[EdgeInfo], graph_filter: str) -> None:
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
    named_with = {pair: n for pair, n in data.named_with.items() if pair[0] in nodes and pair[1] in nodes}
    return replace(data, nodes=nodes, edges=edges, named_with=named_with)


def _neighbourhood(nodes: dict[str, NodeInfo], edges: list[EdgeInfo], name: str, depth: int) -> set[str]:
    """Nodes within ``depth`` steps (either direction) of every node ``name`` means, matched as
    `kg lookup`, `kg path` and `kg related` match names (kg/graph/name_match.py); targets of kept
    actions too."""
    if depth < 0:
        raise InputError("--depth must be 0 or more")
    if not name.strip():
        raise InputError("--around needs a name")
    entries = [IndexEntry(iri, {n.type}, [n.label], sorted(n.aliases), set(n.reports)) for iri, n in nodes.items() if n.type != TARGET]
    start = {c.iri for c in entities_named(entries, name)}
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


