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

The quads are written as N-Quads text: that is what the store loads in bulk, and a build makes
~300k of them for the 27 provinces, where making each as pyoxigraph terms cost ~4 µs (~1.2 s of
CPU) against ~1 µs as text; extraction_quads parses the text for callers that want terms.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable

from pyoxigraph import DefaultGraph, Quad, RdfFormat, parse, serialize
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
_IRI_UNSAFE_PATTERN = re.compile("[" + re.escape("".join(_IRI_UNSAFE)) + "\x00-\x20\x7f-\x9f]")
PER_REPORT_TYPES = {EntityType.ACTION, EntityType.KEY_TASK}
INDUSTRY_SCHEME = str(DATA) + "industry-scheme"
INDICATOR_SCHEME = str(DATA) + "indicator-scheme"
# In an N-Quads string literal, these four characters must be escaped (others may stand as they are).
_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def node(iri: str) -> str:
    """An IRI as an N-Quads term (iri_segment has made every name in it safe)."""
    return f"<{iri}>"


class _Nodes:
    """A vocabulary's terms as N-Quads IRIs, each made once on first use: a build asks for ~400k
    of them, and rdflib's namespace lookup (which checks the name) cost ~1.5 µs each."""

    def __init__(self, namespace: Any):
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        term = node(str(getattr(self._namespace, name)))
        setattr(self, name, term)
        return term


_PLAN, _RDF, _RDFS, _SKOS, _PROV, _DCTERMS, _XSD = map(_Nodes, (PLAN, RDF, RDFS, SKOS, PROV, DCTERMS, XSD))


def iri_segment(name: str) -> str:
    """A name as one IRI path segment: Chinese stays readable, unsafe characters are %-encoded."""
    if not _IRI_UNSAFE_PATTERN.search(name):
        return name  # most names: no character to look at one by one
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


def _string(text: str) -> str:
    """A plain string literal (xsd:string) as an N-Quads term."""
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:
        text = text.translate(_STRING_ESCAPES)
    return f'"{text}"'


def _zh(text: str) -> str:
    return _string(text) + "@zh"


def _int(n: int) -> str:
    return f'"{int(n)}"^^{_XSD.integer}'


def _decimal(x: float) -> str:
    d = Decimal(repr(float(x))).normalize()
    return f'"{format(d, "f")}"^^{_XSD.decimal}'


def _year(y: int) -> str:
    return f'"{int(y):04d}"^^{_XSD.gYear}'


Triple = tuple[str, str, str]  # subject, predicate and object as N-Quads terms


def report_metadata_triples(report: Report) -> list[Triple]:
    r = node(report_iri(report.id))
    meta = report.meta
    triples: list[Triple] = [
        (r, _RDF.type, _PLAN.Report),
        (r, _PLAN.sourceFile, _string(report.path.replace("\\", "/").rsplit("/", 1)[-1])),
    ]
    if meta.region:
        region = node(entity_iri(EntityType.REGION, meta.region, report.id))
        triples += [
            (r, _PLAN.region, region),
            (region, _RDF.type, _PLAN.Region),
            (region, _SKOS.prefLabel, _zh(meta.region)),
            (region, _RDFS.label, _zh(meta.region)),
        ]
    if meta.level:
        triples.append((r, _PLAN.level, _zh(meta.level)))
    if meta.year:
        triples.append((r, _PLAN.year, _year(meta.year)))
    if meta.title:
        triples.append((r, _DCTERMS.title, _zh(meta.title)))
    if meta.source:
        triples.append((r, _DCTERMS.source, _string(meta.source)))
    return triples


def extraction_quads(extraction: Extraction) -> list[Quad]:
    """All quads of one report, in the named graph id:report/<id>, as pyoxigraph terms."""
    return list(parse(extraction_nquads(extraction), format=RdfFormat.N_QUADS))


def extraction_nquads(extraction: Extraction) -> str:
    """All quads of one report, in the named graph id:report/<id>, as N-Quads text (one line each,
    in the order they are made, each once)."""
    doc = extraction.document
    report = doc.report
    rid = report.id
    base = report_iri(rid)
    r = node(base)
    triples: list[Triple] = report_metadata_triples(report)
    add = triples.append

    def sentence_node(i: int) -> str:
        return node(f"{base}/sentence/{i}")

    used_sentences: set[int] = set()

    def provenance(subject: str, sentence: int, start: int, end: int, rule: str, confidence: float) -> None:
        used_sentences.add(sentence)
        s = sentence_node(sentence)
        add((subject, _PLAN.inSentence, s))
        add((subject, _PROV.wasDerivedFrom, s))
        add((subject, _PLAN.start, _int(start)))
        add((subject, _PLAN.end, _int(end)))
        add((subject, _PLAN.rule, _string(rule)))
        add((subject, _PLAN.confidence, _decimal(confidence)))

    iri_of: dict[tuple[str, str], str] = {}
    for entity in extraction.entities:
        e = node(entity_iri(entity.type, entity.node_name or entity.name, rid))
        iri_of[entity.key] = e
        add((e, _RDF.type, node(TYPE_CLASS[entity.type.value])))
        add((e, _SKOS.prefLabel, _zh(entity.name)))
        add((e, _RDFS.label, _zh(entity.name)))
        for alias in entity.aliases:
            if alias != entity.name:
                add((e, _SKOS.altLabel, _zh(alias)))
        add((e, _PLAN.confidence, _decimal(entity.confidence)))
        for why in entity.resolution:
            add((e, _PLAN.resolution, _string(why)))
        add((r, _PLAN.mentions, e))
        if entity.type in PER_REPORT_TYPES:
            add((e, _PLAN.inReport, r))
        if entity.type is EntityType.INDUSTRY:
            add((e, _SKOS.inScheme, node(INDUSTRY_SCHEME)))
            if entity.broader:
                broader = node(entity_iri(EntityType.INDUSTRY, entity.broader, rid))
                add((e, _SKOS.broader, broader))
                # The broader industry may not be named in this report: declare it here, so
                # every report's graph is complete on its own (typed, labelled, in the scheme).
                add((broader, _RDF.type, _PLAN.Industry))
                add((broader, _SKOS.prefLabel, _zh(entity.broader)))
                add((broader, _RDFS.label, _zh(entity.broader)))
                add((broader, _SKOS.inScheme, node(INDUSTRY_SCHEME)))
        for k, m in enumerate(entity.mentions):
            mn = node(f"{base}/mention/{iri_segment(entity.type.value)}/{iri_segment(entity.name)}/{k}")
            add((mn, _RDF.type, _PLAN.Mention))
            add((mn, _PLAN.mentionOf, e))
            add((mn, _PLAN.inReport, r))
            add((mn, _PLAN.surface, _zh(m.surface)))
            provenance(mn, m.sentence, m.start, m.end, m.rule, m.confidence)

    for k, rel in enumerate(extraction.relations):
        s = iri_of.get((rel.subject_type.value, rel.subject)) or node(entity_iri(rel.subject_type, rel.subject, rid))
        o = iri_of.get((rel.object_type.value, rel.object)) or node(entity_iri(rel.object_type, rel.object, rid))
        p = node(PREDICATE_PROPERTY[rel.predicate])
        add((s, p, o))
        st = node(f"{base}/statement/{k}")
        add((st, _RDF.type, _RDF.Statement))
        add((st, _RDF.subject, s))
        add((st, _RDF.predicate, p))
        add((st, _RDF.object, o))
        add((st, _PLAN.inReport, r))
        provenance(st, rel.sentence, rel.start, rel.end, rel.rule, rel.confidence)

    def indicator(name: str) -> str:
        """The concept of a canonical indicator, declared in this report's graph (so each graph is
        complete on its own), with the vocabulary's other names as skos:altLabel."""
        c = node(indicator_iri(name))
        add((c, _RDF.type, _PLAN.Indicator))
        add((c, _SKOS.prefLabel, _zh(name)))
        add((c, _RDFS.label, _zh(name)))
        add((c, _SKOS.inScheme, node(INDICATOR_SCHEME)))
        known = vocabulary().get(name)
        for variant in known.variants if known else ():
            add((c, _SKOS.altLabel, _zh(variant)))
        return c

    def quantity(k: int, q: Quantity) -> None:
        kind = "achievement" if q.is_achievement else "target"
        t = node(f"{base}/{kind}/{k}")
        add((t, _RDF.type, _PLAN.Achievement if q.is_achievement else _PLAN.Target))
        add((t, _PLAN.indicator, _zh(q.indicator)))
        add((t, _PLAN.canonicalIndicator, indicator(canonical_indicator(q.indicator))))
        add((t, _RDFS.label, _zh(f"{q.indicator} {_plain(q.value)}{q.unit}")))
        add((t, _PLAN.value, _decimal(q.value)))
        add((t, _PLAN.unit, _zh(q.unit)))
        add((t, _PLAN.normalisedValue, _decimal(q.normalised_value)))
        add((t, _PLAN.baseUnit, _zh(q.base_unit)))
        if q.base_unit in qudt_units():
            add((t, _PLAN.qudtUnit, node(qudt_units()[q.base_unit])))
        add((t, _PLAN.bound, node(BOUND_INDIVIDUAL[q.bound.value])))
        add((t, _PLAN.kind, node(KIND_INDIVIDUAL[q.kind.value])))
        add((t, _PLAN.inReport, r))
        if q.horizon:
            add((t, _PLAN.horizon, _year(q.horizon)))
        if q.period_start:
            add((t, _PLAN.periodStart, _year(q.period_start)))
        if q.action:
            a = iri_of.get((EntityType.ACTION.value, q.action)) or node(entity_iri(EntityType.ACTION, q.action, rid))
            add((t, _PLAN.statedIn, a))
            add((a, _PLAN.hasAchievement if q.is_achievement else _PLAN.hasTarget, t))
        add((r, _PLAN.hasAchievement if q.is_achievement else _PLAN.hasTarget, t))
        provenance(t, q.sentence, q.start, q.end, q.rule, q.confidence)

    for k, q in enumerate(extraction.targets):
        quantity(k, q)
    for k, q in enumerate(extraction.achievements):
        quantity(k, q)

    # Sentences that carry evidence, with their text, span and the part of the report.
    for i in sorted(used_sentences):
        sent = doc.sentences[i]
        s = sentence_node(i)
        add((s, _RDF.type, _PLAN.Sentence))
        add((s, _PLAN.inReport, r))
        add((s, _PLAN.index, _int(i)))
        add((s, _PLAN.start, _int(sent.start)))
        add((s, _PLAN.end, _int(sent.end)))
        add((s, _PLAN.text, _zh(sent.text)))
        add((s, _PLAN.section, _string(doc.paragraphs[sent.paragraph].section.value)))
    graph = f"{r} .\n"
    return "".join(f"{s} {p} {o} {graph}" for s, p, o in dict.fromkeys(triples))


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
