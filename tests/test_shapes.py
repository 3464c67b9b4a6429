"""ontology/shapes.ttl: a small hand-made graph conforms, and each deliberate break of it gives
the expected violation (and only that one)."""

from __future__ import annotations

from typing import Callable

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import FOAF, SKOS, XSD

from kg.graph.namespace import DATA, PLAN
from kg.graph.validate import Violation, validate_graph

REPORT = URIRef(f"{DATA}report/demo-2025")
SENTENCE = URIRef(f"{REPORT}/sentence/3")
FIRM = URIRef(f"{DATA}enterprise/青禾生物")
PARK = URIRef(f"{DATA}park/青禾生物产业园")
INDUSTRY = URIRef(f"{DATA}industry/生物制造")
BROADER = URIRef(f"{DATA}industry/生物产业")
ACTION = URIRef(f"{REPORT}/action/链群培育行动")
MENTION = URIRef(f"{REPORT}/mention/Enterprise/青禾生物/0")
TARGET = URIRef(f"{REPORT}/target/0")
STATEMENT = URIRef(f"{REPORT}/statement/0")
SCHEME = URIRef(f"{DATA}industry-scheme")


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def _dec(x: str) -> Literal:
    return Literal(x, datatype=XSD.decimal)


def _provenance(g: rdflib.Graph, node: URIRef, start: int, end: int) -> None:
    g.add((node, PLAN.inSentence, SENTENCE))
    g.add((node, PLAN.start, _int(start)))
    g.add((node, PLAN.end, _int(end)))
    g.add((node, PLAN.rule, Literal("hand.made")))
    g.add((node, PLAN.confidence, _dec("0.9")))


def _entity(g: rdflib.Graph, node: URIRef, cls: URIRef, name: str) -> None:
    g.add((node, RDF.type, cls))
    g.add((node, SKOS.prefLabel, Literal(name, lang="zh")))
    g.add((node, RDFS.label, Literal(name, lang="zh")))
    g.add((REPORT, PLAN.mentions, node))


def valid_graph() -> rdflib.Graph:
    """One report: a sentence, a firm (with a mention) in an industry and a park, an action, a target."""
    g = rdflib.Graph()
    g.add((REPORT, RDF.type, PLAN.Report))
    g.add((REPORT, PLAN.sourceFile, Literal("demo-2025.txt")))
    g.add((REPORT, PLAN.year, Literal("2025", datatype=XSD.gYear)))
    g.add((SENTENCE, RDF.type, PLAN.Sentence))
    g.add((SENTENCE, PLAN.inReport, REPORT))
    g.add((SENTENCE, PLAN.index, _int(3)))
    g.add((SENTENCE, PLAN.start, _int(100)))
    g.add((SENTENCE, PLAN.end, _int(140)))
    g.add((SENTENCE, PLAN.text, Literal("支持青禾生物扩产，生物制造产值增长12%。", lang="zh")))
    g.add((SENTENCE, PLAN.section, Literal("work")))

    _entity(g, FIRM, PLAN.Enterprise, "青禾生物")
    _entity(g, PARK, PLAN.Park, "青禾生物产业园")
    _entity(g, INDUSTRY, PLAN.Industry, "生物制造")
    _entity(g, BROADER, PLAN.Industry, "生物产业")
    _entity(g, ACTION, PLAN.Action, "链群培育行动")
    g.add((ACTION, PLAN.inReport, REPORT))
    for industry in (INDUSTRY, BROADER):
        g.add((industry, SKOS.inScheme, SCHEME))
    g.add((INDUSTRY, SKOS.broader, BROADER))

    g.add((MENTION, RDF.type, PLAN.Mention))
    g.add((MENTION, PLAN.mentionOf, FIRM))
    g.add((MENTION, PLAN.inReport, REPORT))
    g.add((MENTION, PLAN.surface, Literal("青禾生物", lang="zh")))
    _provenance(g, MENTION, 102, 106)

    g.add((FIRM, PLAN.inIndustry, INDUSTRY))
    g.add((FIRM, PLAN.develops, PARK))
    g.add((STATEMENT, RDF.type, RDF.Statement))
    g.add((STATEMENT, RDF.subject, FIRM))
    g.add((STATEMENT, RDF.predicate, PLAN.inIndustry))
    g.add((STATEMENT, RDF.object, INDUSTRY))
    g.add((STATEMENT, PLAN.inReport, REPORT))
    _provenance(g, STATEMENT, 100, 120)

    g.add((TARGET, RDF.type, PLAN.Target))
    g.add((TARGET, PLAN.indicator, Literal("生物制造产值", lang="zh")))
    g.add((TARGET, PLAN.canonicalIndicator, DATA["indicator/生物制造产值"]))
    g.add((TARGET, PLAN.value, _dec("12")))
    g.add((TARGET, PLAN.unit, Literal("%", lang="zh")))
    g.add((TARGET, PLAN.normalisedValue, _dec("12")))
    g.add((TARGET, PLAN.baseUnit, Literal("%", lang="zh")))
    g.add((TARGET, PLAN.bound, PLAN.Exact))
    g.add((TARGET, PLAN.kind, PLAN.Growth))
    g.add((TARGET, PLAN.horizon, Literal("2025", datatype=XSD.gYear)))
    g.add((TARGET, PLAN.statedIn, ACTION))
    g.add((TARGET, PLAN.inReport, REPORT))
    g.add((REPORT, PLAN.hasTarget, TARGET))
    g.add((ACTION, PLAN.hasTarget, TARGET))
    _provenance(g, TARGET, 120, 139)
    return g


def test_the_hand_made_graph_conforms() -> None:
    assert validate_graph(valid_graph()) == []


def _only(violations: list[Violation]) -> Violation:
    assert len(violations) == 1, [v.line() for v in violations]
    return violations[0]


def _drop(*triple: object) -> Callable[[rdflib.Graph], None]:
    return lambda g: g.remove(triple)  # type: ignore[arg-type]


def _add(*triple: object) -> Callable[[rdflib.Graph], None]:
    return lambda g: g.add(triple)  # type: ignore[arg-type]


def _replace(s: object, p: object, new: object) -> Callable[[rdflib.Graph], None]:
    return lambda g: g.set((s, p, new))  # type: ignore[arg-type]


STRANGER = URIRef(f"{DATA}person/某人")


def _foreign_entity(g: rdflib.Graph) -> None:
    """A labelled entity the report mentions, typed only with a class from outside the ontology."""
    _entity(g, STRANGER, FOAF.Person, "某人")


# (break, focus node, path, shape) — the one violation each break must give.
BREAKS = {
    "target without unit": (_drop(TARGET, PLAN.unit, None), TARGET, "plan:unit", "plansh:QuantityUnit"),
    "target without value": (_drop(TARGET, PLAN.value, None), TARGET, "plan:value", "plansh:QuantityValue"),
    "target with two values": (_add(TARGET, PLAN.value, _dec("13")), TARGET, "plan:value", "plansh:QuantityValue"),
    "value not a decimal": (_replace(TARGET, PLAN.value, Literal("十二")), TARGET, "plan:value", "plansh:QuantityValue"),
    "target without bound": (_drop(TARGET, PLAN.bound, None), TARGET, "plan:bound", "plansh:QuantityBound"),
    "bound not a bound": (_replace(TARGET, PLAN.bound, PLAN.Growth), TARGET, "plan:bound", "plansh:QuantityBound"),
    "target without span": (_drop(TARGET, PLAN.start, None), TARGET, "plan:start", "plansh:ProvenanceStart"),
    "span ends before it starts": (_replace(TARGET, PLAN.end, _int(110)), TARGET, "plan:start", "plansh:ProvenanceStart"),
    "target without sentence": (_drop(TARGET, PLAN.inSentence, None), TARGET, "plan:inSentence", "plansh:ProvenanceSentence"),
    "confidence above 1": (_replace(MENTION, PLAN.confidence, _dec("1.5")), MENTION, "plan:confidence", "plansh:ProvenanceConfidence"),
    "mention without rule": (_drop(MENTION, PLAN.rule, None), MENTION, "plan:rule", "plansh:ProvenanceRule"),
    "enterprise without label": (_drop(FIRM, RDFS.label, None), FIRM, "rdfs:label", "plansh:EntityLabel"),
    "enterprise with two Chinese names": (
        _add(FIRM, SKOS.prefLabel, Literal("青禾", lang="zh")), FIRM, "skos:prefLabel", "plansh:EntityPrefLabel"),
    "entity of a foreign type": (_foreign_entity, STRANGER, "", "plansh:EntityType"),
    "inIndustry pointing at a park": (_replace(FIRM, PLAN.inIndustry, PARK), FIRM, "plan:inIndustry", "plansh:InIndustryRange"),
    "develops from an industry": (_add(INDUSTRY, PLAN.develops, PARK), INDUSTRY, "", "plansh:DevelopsDomain"),
    "partnersWith an industry": (_add(FIRM, PLAN.partnersWith, INDUSTRY), FIRM, "plan:partnersWith", "plansh:PartnersWithRange"),
    "inAction pointing at a park": (_add(FIRM, PLAN.inAction, PARK), FIRM, "plan:inAction", "plansh:InActionRange"),
    "action part of a park": (_add(ACTION, PLAN.partOf, PARK), ACTION, "plan:partOf", "plansh:ActionPartOf"),
    "broader than a park": (_add(INDUSTRY, SKOS.broader, PARK), INDUSTRY, "skos:broader", "plansh:IndustryBroader"),
    "industry outside the scheme": (_drop(BROADER, SKOS.inScheme, None), BROADER, "skos:inScheme", "plansh:IndustryInScheme"),
    "statement with a foreign predicate": (
        _replace(STATEMENT, RDF.predicate, FOAF.knows), STATEMENT, "rdf:predicate", "plansh:StatementPredicate"),
    "target without canonical indicator": (
        _drop(TARGET, PLAN.canonicalIndicator, None), TARGET, "plan:canonicalIndicator", "plansh:QuantityCanonicalIndicator"),
    "hasTarget to an achievement": (
        _replace(TARGET, RDF.type, PLAN.Achievement), REPORT, "plan:hasTarget", "plansh:HasTargetRange"),
    "sentence in an unknown section": (
        _replace(SENTENCE, PLAN.section, Literal("appendix")), SENTENCE, "plan:section", "plansh:SentenceSection"),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_each_break_gives_its_violation(name: str) -> None:
    break_graph, focus, path, shape = BREAKS[name]
    g = valid_graph()
    break_graph(g)
    found = validate_graph(g)
    if name in ("hasTarget to an achievement",):  # the action's hasTarget breaks the same way
        assert {v.focus for v in found} == {"id:report/demo-2025", "id:report/demo-2025/action/链群培育行动"}
        found = [v for v in found if v.focus == "id:report/demo-2025"]
    v = _only(found)
    assert v.focus.endswith(str(focus).removeprefix(str(DATA)))
    assert v.path == path
    assert v.shape == shape
    assert v.message  # every shape says what is wrong in words


def test_a_violation_reads_as_one_line() -> None:
    g = valid_graph()
    g.remove((TARGET, PLAN.unit, None))
    line = _only(validate_graph(g)).line()
    assert line == (
        "id:report/demo-2025/target/0 plan:unit: a target or achievement needs exactly one unit "
        "[plansh:QuantityUnit]"
    )
