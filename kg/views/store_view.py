"""store_view: the one reader of the store into a networkx view, used by the page (kg/views/draw.py),
the analytics (`kg stats`, `kg path`, `kg related`) and the GraphML and csv exports.

The view keeps what a reader calls "the graph": entities as nodes and relations as typed edges,
each with the statements behind it. Literals, rdf:type, mentions, sentences and quantities are
left out: as nodes they would merge equal literals into fake hubs. The page adds what only it
shows (targets, mentions, sentence texts) on top.

networkx is imported inside the functions that need it, so importing this module stays cheap for
commands that never draw on it (kg lookup starts in < 0.5 s and imports kg.cli).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, Optional
from urllib.parse import unquote

from pyoxigraph import NamedNode, Store, Variable

from ..errors import NotFound
from ..graph.names import report_id_of
from ..graph.namespace import CLASS_TYPE, PREDICATE_PROPERTY, PREFIXES
from ..graph.rdf import report_iri
from ..graph.store import ONTOLOGY_GRAPH, open_store, report_graphs

if TYPE_CHECKING:
    import networkx as nx

BROADER = "broader"  # skos:broader between industries: an edge of the view like the relations

# rdflib URIRefs do not hash like the plain strings pyoxigraph gives back.
_PROPERTY_PREDICATE = {str(iri): name for name, iri in PREDICATE_PROPERTY.items()}
_CLASS_TYPE = {str(iri): name for iri, name in CLASS_TYPE.items()}


def select(store: Store, query: str, graphs: list[NamedNode], **substitutions: Any) -> Iterable[Any]:
    """A SELECT whose GRAPH clauses see only ``graphs``; keyword arguments bind variables."""
    subs = {Variable(k): v for k, v in substitutions.items()} or None
    return store.query(query, prefixes=PREFIXES, named_graphs=graphs, substitutions=subs)


def entity_graph(store: Store, graphs: Optional[list[NamedNode]] = None, evidence: bool = True) -> "nx.MultiDiGraph":
    """Entities as nodes, relations as typed edges (key = relation name), from the report graphs
    (default: all of them).

    Node attributes: label, type, aliases (list), reports (list of report ids), confidence (the
    highest any report gives the entity).
    Edge attributes: relation, evidence (list of {report, sentence, sentence_iri, start, end}) and
    confidence (the highest of the statements that state it; 1.0 for one no statement states).
    With ``evidence`` False the lists stay empty and confidence None (stats need neither; `kg path`
    fetches its hops' sentences alone).
    """
    import networkx as nx

    graphs = report_graphs(store) if graphs is None else graphs
    graph = nx.MultiDiGraph()
    types = " ".join(f"<{c}>" for c in _CLASS_TYPE)
    for row in select(store, f"SELECT ?e ?type ?g WHERE {{ VALUES ?type {{ {types} }} GRAPH ?g {{ ?e a ?type }} }}", graphs):
        e = row["e"].value
        if e not in graph:
            graph.add_node(e, label=None, type=_CLASS_TYPE[row["type"].value], aliases=[], reports=[], confidence=None)
        graph.nodes[e]["reports"].append(report_id_of(row["g"].value))
    for row in select(store, "SELECT ?e ?label WHERE { GRAPH ?g { ?e skos:prefLabel ?label } }", graphs):
        if row["e"].value in graph:
            graph.nodes[row["e"].value]["label"] = row["label"].value
    for row in select(store, "SELECT DISTINCT ?e ?alias WHERE { GRAPH ?g { ?e skos:altLabel ?alias } }", graphs):
        if row["e"].value in graph:
            graph.nodes[row["e"].value]["aliases"].append(row["alias"].value)
    for row in select(store, "SELECT ?e ?conf WHERE { GRAPH ?g { ?e plan:confidence ?conf } }", graphs):
        node = graph.nodes.get(row["e"].value)
        if node is not None:
            node["confidence"] = max(node["confidence"] or 0.0, float(row["conf"].value))
    for iri, data in graph.nodes(data=True):
        data["label"] = data["label"] or unquote(iri.rstrip("/").rsplit("/", 1)[-1])
        data["aliases"].sort()
        data["reports"] = sorted(set(data["reports"]))
        if data["confidence"] is None:
            data["confidence"] = 1.0  # nothing says the entity is weak

    props = " ".join(f"<{p}>" for p in _PROPERTY_PREDICATE)
    for row in select(store, f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {props} }} GRAPH ?g {{ ?s ?p ?o }} }}", graphs):
        _add_edge(graph, row["s"].value, _PROPERTY_PREDICATE[row["p"].value], row["o"].value)
    # Broader industries may come from the ontology's industry scheme as well as from reports.
    with_ontology = [*graphs, NamedNode(ONTOLOGY_GRAPH)]
    for row in select(store, "SELECT DISTINCT ?s ?o WHERE { GRAPH ?g { ?s skos:broader ?o } }", with_ontology):
        _add_edge(graph, row["s"].value, BROADER, row["o"].value)

    if evidence:
        for row in select(store, _EVIDENCE_QUERY, graphs):
            rel = _PROPERTY_PREDICATE.get(row["p"].value)
            s, o = row["s"].value, row["o"].value
            if rel and graph.has_edge(s, o, key=rel):
                edge = graph.edges[s, o, rel]
                edge["evidence"].append(_evidence(row))
                conf = float(row["conf"].value) if row["conf"] else 1.0
                edge["confidence"] = conf if edge["confidence"] is None else max(edge["confidence"], conf)
        for _, _, data in graph.edges(data=True):
            data["evidence"].sort(key=lambda ev: (ev["report"], ev["start"] or 0))
            if data["confidence"] is None:
                data["confidence"] = 1.0  # a relation stated without a statement record: nothing says it is weak
    return graph


# Reified statements with their sentence; starting from `?st a rdf:Statement` is 3× faster in
# pyoxigraph than starting from the predicate.
_EVIDENCE_QUERY = """
    SELECT ?s ?p ?o ?g ?sent ?text ?start ?end ?conf WHERE {
      GRAPH ?g {
        ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; plan:inSentence ?sent .
        OPTIONAL { ?st plan:start ?start ; plan:end ?end }
        OPTIONAL { ?st plan:confidence ?conf }
        OPTIONAL { ?sent plan:text ?text }
      }
    }"""


def _evidence(row: Any) -> dict[str, Any]:
    return {
        "report": report_id_of(row["g"].value),
        "sentence": row["text"].value if row["text"] else "",
        "sentence_iri": row["sent"].value,
        "start": int(row["start"].value) if row["start"] else None,
        "end": int(row["end"].value) if row["end"] else None,
    }


def edge_evidence(store: Store, subject: str, relation: str, obj: str, graphs: Optional[list[NamedNode]] = None) -> list[dict[str, Any]]:
    """The sentences that state one relation (subject, relation, object), by report and position."""
    if relation not in PREDICATE_PROPERTY:
        return []  # broader comes from the industry scheme, not from a sentence
    rows = select(
        store,
        _EVIDENCE_QUERY,
        report_graphs(store) if graphs is None else graphs,
        s=NamedNode(subject),
        p=NamedNode(str(PREDICATE_PROPERTY[relation])),
        o=NamedNode(obj),
    )
    return sorted((_evidence(r) for r in rows), key=lambda ev: (ev["report"], ev["start"] or 0))


def _add_edge(graph: "nx.MultiDiGraph", s: str, relation: str, o: str) -> None:
    # Only edges between typed entities: an object that was never typed is not an entity.
    if s in graph and o in graph and not graph.has_edge(s, o, key=relation):
        graph.add_edge(s, o, key=relation, relation=relation, evidence=[], confidence=None)


def select_graphs(store: Store, report: Optional[str] = None) -> list[NamedNode]:
    """Every report's graph, or the one of ``report`` (a report id or its graph IRI)."""
    graphs = report_graphs(store)
    if report is None:
        return graphs
    wanted = {report, report_iri(report)}
    chosen = [g for g in graphs if g.value in wanted]
    if not chosen:
        known = ", ".join(report_id_of(g.value) for g in graphs[:10]) or "none"
        raise NotFound(f"no report {report!r} in the store (reports: {known}{' …' if len(graphs) > 10 else ''})")
    return chosen


def load_view(store_dir: str | os.PathLike[str] = "out", report: Optional[str] = None, evidence: bool = True) -> "nx.MultiDiGraph":
    """The networkx view of an output folder's store (or of one report in it)."""
    store = open_store(store_dir)
    return entity_graph(store, select_graphs(store, report), evidence)
