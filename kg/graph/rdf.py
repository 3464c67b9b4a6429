"""to RDF: an Extraction → quads in the report's named graph.

Mapping (terms in kg/graph/namespace.py, defined in ontology/plan.ttl):
- the report: id:report/<id> a plan:Report, with region, level, year, title, source; it is also
  the name of the graph that holds everything extracted from it;
- entities: id:<type>/<name> (one node per type and name across reports, so the same firm in two
  reports is one node); actions and key tasks belong to one report: id:report/<id>/action/<name>;
  skos:prefLabel / rdfs:label / skos:altLabel, plan:confidence; industries are skos:Concepts in
  id:industry-scheme with skos:broader;
- every mention, relation (as an rdf:Statement) and quantity links to its plan:Sentence, its
  character span (plan:start / plan:end) and the rule and confidence that produced it.

Quads are built as pyoxigraph terms: that is what the store loads in bulk, and it is ~10× faster
than building an rdflib Graph first.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Iterable

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, serialize
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..extract.indicators import canonical_indicator, vocabulary
from ..model import EntityType, Extraction, Quantity, Report
from .namespace import (
    BOUND_INDIVIDUAL,
    DATA,
    KIND_INDIVIDUAL,
    PLAN,
    PREDICATE_PROPERTY,
    TYPE_CLASS,
)
from ..extract.rules import resource_path

_IRI_UNSAFE = set(' <>"{}|\\^`/#?%[]')
PER_REPORT_TYPES = {EntityType.ACTION, EntityType.KEY_TASK}
INDUSTRY_SCHEME = str(DATA) + "industry-scheme"
INDICATOR_SCHEME = str(DATA) + "indicator-scheme"


@lru_cache(maxsize=None)
def node(iri: str) -> NamedNode:
    return NamedNode(str(iri))


def iri_segment(name: str) -> str:
    """A name as one IRI path segment: Chinese stays readable, unsafe characters are %-encoded."""
    out = []
    for ch in name:
        if ch in _IRI_UNSAFE or ord(ch) < 0x21 or 0x7F <= ord(ch) <= 0x9F:  # no control code is allowed in an IRI
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)


def indicator_iri(name: str) -> str:
    """A canonical indicator's concept: one node across reports."""
    return f"{DATA}indicator/{iri_segment(name)}"


def report_iri(report_id: str) -> str:
    return f"{DATA}report/{iri_segment(report_id)}"


def entity_iri(entity_type: EntityType | str, name: str, report_id: str) -> str:
    etype = EntityType(entity_type)
    slug = etype.value[0].lower() + etype.value[1:]
    if etype in PER_REPORT_TYPES:
        return f"{report_iri(report_id)}/{slug}/{iri_segment(name)}"
    return f"{DATA}{slug}/{iri_segment(name)}"


@lru_cache(maxsize=1)
def qudt_units() -> dict[str, str]:
    """base unit → QUDT unit IRI, from resources/qudt_units.tsv (only units that have one)."""
    table: dict[str, str] = {}
    for line in resource_path("qudt_units.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            unit, iri = line.split("\t")[:2]
            table[unit.strip()] = iri.strip()
    return table


def _zh(text: str) -> Literal:
    return Literal(text, language="zh")


def _int(n: int) -> Literal:
    return Literal(str(int(n)), datatype=node(XSD.integer))


def _decimal(x: float) -> Literal:
    d = Decimal(repr(float(x))).normalize()
    text = format(d, "f")
    return Literal(text, datatype=node(XSD.decimal))


def _year(y: int) -> Literal:
    return Literal(f"{int(y):04d}", datatype=node(XSD.gYear))


def report_metadata_triples(report: Report) -> list[tuple[NamedNode, NamedNode, object]]:
    r = node(report_iri(report.id))
    meta = report.meta
    triples: list[tuple[NamedNode, NamedNode, object]] = [
        (r, node(RDF.type), node(PLAN.Report)),
        (r, node(PLAN.sourceFile), Literal(report.path.replace("\\", "/").rsplit("/", 1)[-1])),
    ]
    if meta.region:
        region = node(entity_iri(EntityType.REGION, meta.region, report.id))
        triples += [
            (r, node(PLAN.region), region),
            (region, node(RDF.type), node(PLAN.Region)),
            (region, node(SKOS.prefLabel), _zh(meta.region)),
            (region, node(RDFS.label), _zh(meta.region)),
        ]
    if meta.level:
        triples.append((r, node(PLAN.level), _zh(meta.level)))
    if meta.year:
        triples.append((r, node(PLAN.year), _year(meta.year)))
    if meta.title:
        triples.append((r, node(DCTERMS.title), _zh(meta.title)))
    if meta.source:
        triples.append((r, node(DCTERMS.source), Literal(meta.source)))
    return triples


def extraction_quads(extraction: Extraction) -> list[Quad]:
    """All quads of one report, in the named graph id:report/<id>."""
    doc = extraction.document
    report = doc.report
    rid = report.id
    graph = node(report_iri(rid))
    r = graph
    triples: list[tuple[NamedNode, NamedNode, object]] = report_metadata_triples(report)
    add = triples.append

    def sentence_node(i: int) -> NamedNode:
        return node(f"{report_iri(rid)}/sentence/{i}")

    used_sentences: set[int] = set()

    def provenance(subject: NamedNode, sentence: int, start: int, end: int, rule: str, confidence: float) -> None:
        used_sentences.add(sentence)
        s = sentence_node(sentence)
        add((subject, node(PLAN.inSentence), s))
        add((subject, node(PROV.wasDerivedFrom), s))
        add((subject, node(PLAN.start), _int(start)))
        add((subject, node(PLAN.end), _int(end)))
        add((subject, node(PLAN.rule), Literal(rule)))
        add((subject, node(PLAN.confidence), _decimal(confidence)))

    iri_of: dict[tuple[str, str], NamedNode] = {}
    for entity in extraction.entities:
        e = node(entity_iri(entity.type, entity.node_name or entity.name, rid))
        iri_of[entity.key] = e
        add((e, node(RDF.type), node(TYPE_CLASS[entity.type.value])))
        add((e, node(SKOS.prefLabel), _zh(entity.name)))
        add((e, node(RDFS.label), _zh(entity.name)))
        for alias in entity.aliases:
            if alias != entity.name:
                add((e, node(SKOS.altLabel), _zh(alias)))
        add((e, node(PLAN.confidence), _decimal(entity.confidence)))
        for why in entity.resolution:
            add((e, node(PLAN.resolution), Literal(why)))
        add((r, node(PLAN.mentions), e))
        if entity.type in PER_REPORT_TYPES:
            add((e, node(PLAN.inReport), r))
        if entity.type is EntityType.INDUSTRY:
            add((e, node(SKOS.inScheme), node(INDUSTRY_SCHEME)))
            if entity.broader:
                broader = node(entity_iri(EntityType.INDUSTRY, entity.broader, rid))
                add((e, node(SKOS.broader), broader))
                # The broader industry may not be named in this report: declare it here, so
                # every report's graph is complete on its own (typed, labelled, in the scheme).
                add((broader, node(RDF.type), node(PLAN.Industry)))
                add((broader, node(SKOS.prefLabel), _zh(entity.broader)))
                add((broader, node(RDFS.label), _zh(entity.broader)))
                add((broader, node(SKOS.inScheme), node(INDUSTRY_SCHEME)))
        for k, m in enumerate(entity.mentions):
            mn = node(f"{report_iri(rid)}/mention/{iri_segment(entity.type.value)}/{iri_segment(entity.name)}/{k}")
            add((mn, node(RDF.type), node(PLAN.Mention)))
            add((mn, node(PLAN.mentionOf), e))
            add((mn, node(PLAN.inReport), r))
            add((mn, node(PLAN.surface), _zh(m.surface)))
            provenance(mn, m.sentence, m.start, m.end, m.rule, m.confidence)

    for k, rel in enumerate(extraction.relations):
        s = iri_of.get((rel.subject_type.value, rel.subject)) or node(entity_iri(rel.subject_type, rel.subject, rid))
        o = iri_of.get((rel.object_type.value, rel.object)) or node(entity_iri(rel.object_type, rel.object, rid))
        p = node(PREDICATE_PROPERTY[rel.predicate])
        add((s, p, o))
        st = node(f"{report_iri(rid)}/statement/{k}")
        add((st, node(RDF.type), node(RDF.Statement)))
        add((st, node(RDF.subject), s))
        add((st, node(RDF.predicate), p))
        add((st, node(RDF.object), o))
        add((st, node(PLAN.inReport), r))
        provenance(st, rel.sentence, rel.start, rel.end, rel.rule, rel.confidence)

    def indicator(name: str) -> NamedNode:
        """The concept of a canonical indicator, declared in this report's graph (so each graph is
        complete on its own), with the vocabulary's other names as skos:altLabel."""
        c = node(indicator_iri(name))
        add((c, node(RDF.type), node(PLAN.Indicator)))
        add((c, node(SKOS.prefLabel), _zh(name)))
        add((c, node(RDFS.label), _zh(name)))
        add((c, node(SKOS.inScheme), node(INDICATOR_SCHEME)))
        known = vocabulary().get(name)
        for variant in known.variants if known else ():
            add((c, node(SKOS.altLabel), _zh(variant)))
        return c

    def quantity(k: int, q: Quantity) -> None:
        kind = "achievement" if q.is_achievement else "target"
        t = node(f"{report_iri(rid)}/{kind}/{k}")
        add((t, node(RDF.type), node(PLAN.Achievement if q.is_achievement else PLAN.Target)))
        add((t, node(PLAN.indicator), _zh(q.indicator)))
        add((t, node(PLAN.canonicalIndicator), indicator(canonical_indicator(q.indicator))))
        add((t, node(RDFS.label), _zh(f"{q.indicator} {_plain(q.value)}{q.unit}")))
        add((t, node(PLAN.value), _decimal(q.value)))
        add((t, node(PLAN.unit), _zh(q.unit)))
        add((t, node(PLAN.normalisedValue), _decimal(q.normalised_value)))
        add((t, node(PLAN.baseUnit), _zh(q.base_unit)))
        if q.base_unit in qudt_units():
            add((t, node(PLAN.qudtUnit), node(qudt_units()[q.base_unit])))
        add((t, node(PLAN.bound), node(BOUND_INDIVIDUAL[q.bound.value])))
        add((t, node(PLAN.kind), node(KIND_INDIVIDUAL[q.kind.value])))
        add((t, node(PLAN.inReport), r))
        if q.horizon:
            add((t, node(PLAN.horizon), _year(q.horizon)))
        if q.period_start:
            add((t, node(PLAN.periodStart), _year(q.period_start)))
        if q.action:
            a = iri_of.get((EntityType.ACTION.value, q.action)) or node(entity_iri(EntityType.ACTION, q.action, rid))
            add((t, node(PLAN.statedIn), a))
            add((a, node(PLAN.hasAchievement if q.is_achievement else PLAN.hasTarget), t))
        add((r, node(PLAN.hasAchievement if q.is_achievement else PLAN.hasTarget), t))
        provenance(t, q.sentence, q.start, q.end, q.rule, q.confidence)

    for k, q in enumerate(extraction.targets):
        quantity(k, q)
    for k, q in enumerate(extraction.achievements):
        quantity(k, q)

    # Sentences that carry evidence, with their text, span and the part of the report.
    for i in sorted(used_sentences):
        sent = doc.sentences[i]
        s = sentence_node(i)
        add((s, node(RDF.type), node(PLAN.Sentence)))
        add((s, node(PLAN.inReport), r))
        add((s, node(PLAN.index), _int(i)))
        add((s, node(PLAN.start), _int(sent.start)))
        add((s, node(PLAN.end), _int(sent.end)))
        add((s, node(PLAN.text), _zh(sent.text)))
        add((s, node(PLAN.section), Literal(doc.paragraphs[sent.paragraph].section.value)))
    return [Quad(s, p, o, graph) for s, p, o in dict.fromkeys(triples)]


def _plain(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


def serialize_quads(quads: Iterable[Quad], fmt: str) -> str:
    """trig / nquads keep the named graphs; turtle / nt put everything in one graph."""
    formats = {"trig": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS, "turtle": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES}
    from .namespace import PREFIXES

    if fmt in ("turtle", "nt"):
        quads = [Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads]
    data = serialize(quads, format=formats[fmt], prefixes=PREFIXES if fmt in ("trig", "turtle") else None)
    return data.decode("utf-8")
