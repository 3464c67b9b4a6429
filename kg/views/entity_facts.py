"""entity_facts: everything the store says about one entity of the name index.

Relations both ways with their rdf:Statement evidence, targets of its action or of sentences naming
it, reports and mentions, fetched with queries whose only variable input is the entity's IRI,
passed through pyoxigraph's ``substitutions``: the name a user typed never becomes query text.
Only pyoxigraph and the standard library load here (kept fast for a command line).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from pyoxigraph import NamedNode, Store, Variable

from ..errors import NotFound
from ..graph.names import PLAN_NS, SKOS_NS, IndexEntry, name_from_iri, report_id_of

PREFIXES = {
    "plan": PLAN_NS,
    "skos": SKOS_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcterms": "http://purl.org/dc/terms/",
}



# ---------------------------------------------------------------------------------------------
# Result data classes (the CLI prints these; `asdict` gives the JSON)


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a sentence of a report and the character span of the evidence."""

    report: str
    sentence: Optional[int] = None
    text: Optional[str] = None  # the sentence
    sentence_start: Optional[int] = None  # offset of the sentence in the report text
    start: Optional[int] = None  # span of the evidence in the report text
    end: Optional[int] = None
    rule: Optional[str] = None
    confidence: Optional[float] = None

    def split(self) -> tuple[str, str, str]:
        """The sentence as (before, evidence span, after) when the span lies inside it."""
        text = self.text or ""
        if self.start is None or self.end is None or self.sentence_start is None:
            return text, "", ""
        a, b = self.start - self.sentence_start, self.end - self.sentence_start
        if not 0 <= a <= b <= len(text):
            return text, "", ""
        return text[:a], text[a:b], text[b:]


@dataclass(frozen=True)
class EntityRef:
    iri: str
    name: str
    types: tuple[str, ...]


@dataclass
class RelationFact:
    """A relation of the entity: ``out`` = entity –predicate→ other; ``in`` = other → entity."""

    direction: str
    predicate: str
    other: EntityRef
    sources: list[Source] = field(default_factory=list)


@dataclass
class QuantityFact:
    """A target (or reported achievement) tied to the entity: ``via`` "action" when stated in its
    paragraph (plan:statedIn), "sentence" when stated in a sentence that names it."""

    via: str
    indicator: str
    value: float
    unit: str
    bound: Optional[str]
    kind: Optional[str]
    horizon: Optional[int]
    achievement: bool
    sources: list[Source] = field(default_factory=list)


@dataclass
class ReportRef:
    id: str
    region: Optional[str] = None
    year: Optional[int] = None
    title: Optional[str] = None
    source_file: Optional[str] = None
    mentions: list[Source] = field(default_factory=list)

    @property
    def label(self) -> str:
        bits = [b for b in (self.region, str(self.year) if self.year else None) if b]
        return f"{self.id} ({' '.join(bits)})" if bits else self.id


@dataclass
class EntityFacts:
    iri: str
    name: str
    types: tuple[str, ...]
    labels: list[str]
    aliases: list[str]
    confidence: Optional[float]
    resolution: list[str]  # why resolution gave it this node (kg/resolve.py), one line per rule and report
    relations: list[RelationFact]
    targets: list[QuantityFact]
    reports: list[ReportRef]


def _ref(entry: IndexEntry) -> EntityRef:
    return EntityRef(entry.iri, entry.name, tuple(sorted(entry.types)))


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _snake(name: str) -> str:
    """plan:AtLeast → at_least: the ontology's individuals in the words of the gold schema."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _select(store: Store, query: str, iri: Optional[str] = None, **bound: Any) -> Iterable[Any]:
    """Run a SELECT; ``iri`` is bound to ?e (and must be projected, a pyoxigraph rule)."""
    subs = {Variable(k): v for k, v in bound.items()}
    if iri is not None:
        subs[Variable("e")] = NamedNode(iri)
    return store.query(query, prefixes=PREFIXES, substitutions=subs or None)


# ---------------------------------------------------------------------------------------------
# Facts of one entity (the IRI is the only bound input)

# Provenance as plain joins: kg/graph/rdf.py gives every mention, statement and quantity all of these.
# (OPTIONAL groups here made oxigraph evaluate their right side over the whole store: 100× slower.)
_SOURCE = """
    ?x plan:start ?start ; plan:end ?end ; plan:rule ?rule ; plan:confidence ?conf ; plan:inSentence ?s .
    ?s plan:index ?idx ; plan:text ?stext ; plan:start ?sstart .
"""
_SOURCE_VARS = "?start ?end ?rule ?conf ?idx ?stext ?sstart"

# One query per direction: with a UNION, oxigraph scanned every statement (0.1 s), where each
# branch alone starts from the bound entity (< 1 ms).
_STATEMENTS_QUERIES = {
    direction: f"""
SELECT ?e ?g ?p ?other {_SOURCE_VARS} WHERE {{
  GRAPH ?g {{
    ?x {this} ?e ; {that} ?other ; rdf:predicate ?p .
    {_SOURCE}
  }}
}}
"""
    for direction, this, that in (("out", "rdf:subject", "rdf:object"), ("in", "rdf:object", "rdf:subject"))
}

_MENTIONS_QUERY = f"""
SELECT ?e ?g {_SOURCE_VARS} WHERE {{
  GRAPH ?g {{
    ?x plan:mentionOf ?e .
    {_SOURCE}
  }}
}}
"""

# Targets and achievements tied to the entity: stated in its action's paragraph (plan:statedIn),
# or in a sentence where it is named.
_STATED_IN = "?x plan:statedIn ?e ."
_SAME_SENTENCE = "?m plan:mentionOf ?e ; plan:inSentence ?s . ?x plan:inSentence ?s ."


def _quantity_query(tie: str) -> str:
    return f"""
SELECT ?e ?g ?x ?class ?indicator ?value ?unit ?bound ?kind {_SOURCE_VARS} WHERE {{
  GRAPH ?g {{
    {tie}
    ?x a ?class ; plan:indicator ?indicator ; plan:value ?value ; plan:unit ?unit ; plan:bound ?bound ; plan:kind ?kind .
    {_SOURCE}
  }}
}}
"""


_QUANTITY_QUERIES = {"action": _quantity_query(_STATED_IN), "sentence": _quantity_query(_SAME_SENTENCE)}


def _horizon_query(tie: str) -> str:
    # Apart from the quantities: an OPTIONAL there, or one UNION of both ties, is 10–50× slower.
    return f"SELECT ?e ?x ?horizon WHERE {{ GRAPH ?g {{ {tie} ?x plan:horizon ?horizon }} }}"


_HORIZON_QUERIES = {"action": _horizon_query(_STATED_IN), "sentence": _horizon_query(_SAME_SENTENCE)}

_CONFIDENCE_QUERY = """
SELECT ?e (MAX(?c) AS ?conf) WHERE { GRAPH ?g { ?e plan:confidence ?c } } GROUP BY ?e
"""

_RESOLUTION_QUERY = """
SELECT DISTINCT ?e ?why WHERE { GRAPH ?g { ?e plan:resolution ?why } } ORDER BY ?why
"""

_REPORTS_QUERY = """
SELECT ?g ?source ?region ?year ?title WHERE {
  GRAPH ?g {
    ?g a plan:Report .
    OPTIONAL { ?g plan:sourceFile ?source }
    OPTIONAL { ?g plan:region ?r . ?r skos:prefLabel ?region }
    OPTIONAL { ?g plan:year ?year }
    OPTIONAL { ?g dcterms:title ?title }
  }
}
"""

_QUANTITY_CLASSES = {PLAN_NS + "Target", PLAN_NS + "Achievement"}
# Entity-to-entity edges that are provenance or bookkeeping, not relations.
_NOT_RELATIONS = {PLAN_NS + p for p in ("mentions", "mentionOf", "inReport", "statedIn", "hasTarget", "hasAchievement")}


def _value(row: Any, var: str) -> Optional[str]:
    term = row[var]
    return None if term is None else term.value


def _int(row: Any, var: str) -> Optional[int]:
    v = _value(row, var)
    return int(v) if v is not None else None


def _float(row: Any, var: str) -> Optional[float]:
    v = _value(row, var)
    return float(v) if v is not None else None


def _source(row: Any) -> Source:
    return Source(
        report=report_id_of(row["g"].value),
        sentence=_int(row, "idx"),
        text=_value(row, "stext"),
        sentence_start=_int(row, "sstart"),
        start=_int(row, "start"),
        end=_int(row, "end"),
        rule=_value(row, "rule"),
        confidence=_float(row, "conf"),
    )


def _source_order(s: Source) -> tuple[str, int, int]:
    return (s.report, s.start if s.start is not None else -1, s.end if s.end is not None else -1)


def _relations(store: Store, iri: str, index: dict[str, IndexEntry], graphs: Optional[set[str]]) -> list[RelationFact]:
    facts: dict[tuple[str, str, str], RelationFact] = {}

    def fact(direction: str, predicate: str, other: str) -> RelationFact:
        k = (direction, predicate, other)
        if k not in facts:
            entry = index.get(other)
            ref = _ref(entry) if entry else EntityRef(other, name_from_iri(other), ())
            facts[k] = RelationFact(direction, _local(predicate), ref)
        return facts[k]

    # Edges both ways by direct index lookups: SPARQL plans a bound ?e as unknown and scans (0.2 s).
    node = NamedNode(iri)
    edges = [("out", q, q.object) for q in store.quads_for_pattern(node, None, None)]
    edges += [("in", q, q.subject) for q in store.quads_for_pattern(None, None, node)]
    for direction, q, other_node in edges:
        other, p = other_node.value, q.predicate.value
        # `other in index`: an entity, not a literal, a sentence or a class (rdf:type's object)
        if isinstance(q.graph_name, NamedNode) and other in index and p not in _NOT_RELATIONS:
            if graphs is None or q.graph_name.value in graphs:
                fact(direction, p, other)
    for direction, query in _STATEMENTS_QUERIES.items():
        for row in _select(store, query, iri):
            if graphs is None or row["g"].value in graphs:
                fact(direction, row["p"].value, row["other"].value).sources.append(_source(row))
    out = list(facts.values())
    for f in out:
        f.sources.sort(key=_source_order)
    # Outgoing first, then by predicate and the other entity's name.
    return sorted(out, key=lambda f: (f.direction != "out", f.predicate, f.other.name))


def _quantities(store: Store, iri: str, graphs: Optional[set[str]]) -> list[QuantityFact]:
    horizons = {
        row["x"].value: int(row["horizon"].value) for query in _HORIZON_QUERIES.values() for row in _select(store, query, iri)
    }
    by_node: dict[str, QuantityFact] = {}
    for via, query in _QUANTITY_QUERIES.items():
        for row in _select(store, query, iri):
            cls = row["class"].value
            if cls not in _QUANTITY_CLASSES or (graphs is not None and row["g"].value not in graphs):
                continue
            node = row["x"].value
            if node not in by_node:
                by_node[node] = QuantityFact(
                    via=via,
                    indicator=row["indicator"].value,
                    value=float(row["value"].value),
                    unit=row["unit"].value,
                    bound=_snake(_local(row["bound"].value)),
                    kind=_snake(_local(row["kind"].value)),
                    horizon=horizons.get(node),
                    achievement=cls == PLAN_NS + "Achievement",
                )
            src = _source(row)
            if src not in by_node[node].sources:  # one row per mention in a shared sentence
                by_node[node].sources.append(src)
    return sorted(by_node.values(), key=lambda q: (q.achievement, q.via, _source_order(q.sources[0])))


def _reports(store: Store, iri: str, entry: IndexEntry, graphs: Optional[set[str]]) -> list[ReportRef]:
    named_in = entry.graphs if graphs is None else entry.graphs & graphs
    refs: dict[str, ReportRef] = {}
    for row in _select(store, _REPORTS_QUERY):
        g = row["g"].value
        if g in named_in and g not in refs:
            refs[g] = ReportRef(
                id=report_id_of(g),
                region=_value(row, "region"),
                year=_int(row, "year"),
                title=_value(row, "title"),
                source_file=_value(row, "source"),
            )
    for g in named_in - refs.keys():  # a graph without report metadata still names the entity
        refs[g] = ReportRef(id=report_id_of(g))
    for row in _select(store, _MENTIONS_QUERY, iri):
        ref = refs.get(row["g"].value)
        if ref is not None:
            ref.mentions.append(_source(row))
    for ref in refs.values():
        ref.mentions.sort(key=_source_order)
    return sorted(refs.values(), key=lambda r: r.id)


def entity_facts(
    store: Store, entry: IndexEntry, index: dict[str, IndexEntry], graphs: Optional[set[str]] = None
) -> EntityFacts:
    """Everything about one entity, limited to the report graphs in ``graphs`` if given."""
    conf = None
    for row in _select(store, _CONFIDENCE_QUERY, entry.iri):
        conf = _float(row, "conf")
    return EntityFacts(
        iri=entry.iri,
        name=entry.name,
        types=tuple(sorted(entry.types)),
        labels=list(entry.labels),
        aliases=[a for a in entry.aliases if a not in entry.labels],
        confidence=conf,
        resolution=[str(_value(row, "why")) for row in _select(store, _RESOLUTION_QUERY, entry.iri)],
        relations=_relations(store, entry.iri, index, graphs),
        targets=_quantities(store, entry.iri, graphs),
        reports=_reports(store, entry.iri, entry, graphs),
    )


def _report_names(row: Any) -> set[str]:
    """What picks a report on the command line: its id, file name (with or without suffix), region."""
    source = _value(row, "source") or ""
    names = {report_id_of(row["g"].value), source, os.path.splitext(source)[0], _value(row, "region") or ""}
    return names - {""}


def report_graphs_named(store: Store, report: str) -> set[str]:
    """The graphs of the reports a --report value names."""
    rows = list(_select(store, _REPORTS_QUERY))
    picked = {row["g"].value for row in rows if report.strip() in _report_names(row)}
    if not picked:
        known = ", ".join(sorted(report_id_of(r["g"].value) for r in rows)[:10])
        raise NotFound(f"no report {report!r} in the store (reports: {known or 'none'})")
    return picked
