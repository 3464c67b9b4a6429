"""kg/graph/rdf.py: a hand-made Extraction of a made-up report → the quads the ontology promises."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pyoxigraph import Literal, NamedNode, Quad
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.extract.clean import clean
from kg.model import (
    Bound,
    Entity,
    EntityType,
    Extraction,
    Mention,
    Quantity,
    Relation,
    Report,
    ReportMeta,
    TargetKind,
)
from kg.graph.namespace import DATA, PLAN
from kg.build.extract_reports import typed_entities
from kg.graph.rdf import entity_iri, extraction_nquads, extraction_quads, iri_segment, report_iri
from kg.extract.segment import segment
from kg.graph.validate import validate_quads

TEXT = (
    "2025年工作安排\n"
    "一、壮大特色产业\n"
    "实施链群培育行动，支持青禾生物与北岭大学合作建设合成生物研发中心。"
    "生物制造产值增长12%以上，新增规上企业30家。\n"
)
RID = "demo-2025"


def _mention(doc_text: str, surface: str, rule: str = "hand.made") -> Mention:
    start = doc_text.index(surface)
    return Mention(start, start + len(surface), surface, -1, rule, 0.9)


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    report = Report(id=RID, path=f"/tmp/{RID}.txt", text=TEXT, meta=ReportMeta(region="北岭县", level="区县", year=2025))
    doc = segment(report, clean(TEXT))

    def mention(surface: str) -> Mention:
        m = _mention(TEXT, surface)
        return Mention(m.start, m.end, m.surface, doc.sentence_at(m.start).index, m.rule, m.confidence)

    firm = Entity("青禾生物", EntityType.ENTERPRISE, aliases=["青禾"], mentions=[mention("青禾生物")], confidence=0.8)
    uni = Entity("北岭大学", EntityType.UNIVERSITY, mentions=[mention("北岭大学")])
    platform = Entity("合成生物研发中心", EntityType.PLATFORM, mentions=[mention("合成生物研发中心")])
    industry = Entity("生物制造", EntityType.INDUSTRY, mentions=[mention("生物制造")], broader="生物产业")
    action = Entity("链群培育行动", EntityType.ACTION, mentions=[mention("链群培育行动")])
    s = doc.sentence_at(TEXT.index("青禾生物")).index
    partners = Relation("青禾生物", EntityType.ENTERPRISE, "partnersWith", "北岭大学", EntityType.UNIVERSITY,
                        s, TEXT.index("支持"), TEXT.index("。"), "rel.cooperate", 0.7)  # fmt: skip
    t = doc.sentence_at(TEXT.index("增长")).index
    growth = Quantity("生物制造产值", TargetKind.GROWTH, 12.0, "%", Bound.AT_LEAST, 12.0, "%", 2025, "链群培育行动",
                      t, TEXT.index("生物制造产值"), TEXT.index("以上") + 2, "q.growth", 0.9)  # fmt: skip
    count = Quantity("规上企业", TargetKind.COUNT, 30.0, "家", Bound.EXACT, 30.0, "家", None, None,
                     t, TEXT.index("新增"), TEXT.index("30家") + 3, "q.count", 0.8)  # fmt: skip
    return Extraction(doc, [firm, uni, platform, industry, action], [partners], [growth, count], [])


@pytest.fixture(scope="module")
def quads(extraction: Extraction) -> list[Quad]:
    return extraction_quads(extraction)


def _n(iri: object) -> NamedNode:
    return iri if isinstance(iri, NamedNode) else NamedNode(str(iri))


def _objects(quads: list[Quad], s: object, p: object) -> set[object]:
    return {q.object for q in quads if q.subject == _n(s) and q.predicate == _n(p)}


def test_iri_patterns() -> None:
    assert report_iri("demo 2025") == f"{DATA}report/demo%202025"
    assert entity_iri(EntityType.ENTERPRISE, "青禾生物", RID) == f"{DATA}enterprise/青禾生物"
    assert entity_iri(EntityType.ACTION, "链群培育行动", RID) == f"{DATA}report/{RID}/action/链群培育行动"
    assert entity_iri("ResearchInstitute", "某所", RID) == f"{DATA}researchInstitute/某所"
    assert iri_segment("A/B #1?") == "A%2FB%20%231%3F"


def test_everything_is_in_the_report_graph(quads: list[Quad]) -> None:
    assert {q.graph_name for q in quads} == {_n(report_iri(RID))}
    assert len(quads) == len(set(quads))  # no duplicates


def test_report_metadata(quads: list[Quad]) -> None:
    r = report_iri(RID)
    assert _objects(quads, r, RDF.type) == {_n(PLAN.Report)}
    assert _objects(quads, r, PLAN.year) == {Literal("2025", datatype=_n(XSD.gYear))}
    assert _objects(quads, r, PLAN.region) == {_n(f"{DATA}region/北岭县")}
    assert _objects(quads, r, PLAN.sourceFile) == {Literal(f"{RID}.txt")}


def test_entities_are_typed_labelled_and_mentioned(quads: list[Quad]) -> None:
    firm = f"{DATA}enterprise/青禾生物"
    assert _objects(quads, firm, RDF.type) == {_n(PLAN.Enterprise)}
    assert _objects(quads, firm, SKOS.prefLabel) == {Literal("青禾生物", language="zh")}
    assert _objects(quads, firm, RDFS.label) == {Literal("青禾生物", language="zh")}
    assert _objects(quads, firm, SKOS.altLabel) == {Literal("青禾", language="zh")}
    assert _n(firm) in _objects(quads, report_iri(RID), PLAN.mentions)
    action = entity_iri(EntityType.ACTION, "链群培育行动", RID)
    assert _objects(quads, action, PLAN.inReport) == {_n(report_iri(RID))}


def test_a_mention_points_at_its_characters_and_sentence(quads: list[Quad]) -> None:
    mention = f"{report_iri(RID)}/mention/Enterprise/青禾生物/0"
    start = TEXT.index("青禾生物")
    assert _objects(quads, mention, PLAN.mentionOf) == {_n(f"{DATA}enterprise/青禾生物")}
    assert _objects(quads, mention, PLAN.start) == {Literal(str(start), datatype=_n(XSD.integer))}
    assert _objects(quads, mention, PLAN.end) == {Literal(str(start + 4), datatype=_n(XSD.integer))}
    assert _objects(quads, mention, PLAN.rule) == {Literal("hand.made")}
    (sentence,) = _objects(quads, mention, PLAN.inSentence)
    assert _objects(quads, mention, PROV.wasDerivedFrom) == {sentence}
    (text,) = _objects(quads, sentence, PLAN.text)
    assert "青禾生物" in text.value
    assert _objects(quads, sentence, PLAN.section) == {Literal("work")}


def test_a_relation_is_asserted_and_reified_with_provenance(quads: list[Quad]) -> None:
    firm, uni = _n(f"{DATA}enterprise/青禾生物"), _n(f"{DATA}university/北岭大学")
    assert Quad(firm, _n(PLAN.partnersWith), uni, _n(report_iri(RID))) in quads
    statement = f"{report_iri(RID)}/statement/0"
    assert _objects(quads, statement, RDF.subject) == {firm}
    assert _objects(quads, statement, RDF.object) == {uni}
    assert _objects(quads, statement, PLAN.rule) == {Literal("rel.cooperate")}


def test_the_broader_industry_is_declared_even_when_not_named(quads: list[Quad]) -> None:
    broader = f"{DATA}industry/生物产业"
    assert _objects(quads, f"{DATA}industry/生物制造", SKOS.broader) == {_n(broader)}
    assert _objects(quads, broader, RDF.type) == {_n(PLAN.Industry)}
    assert _objects(quads, broader, SKOS.inScheme) == {_n(f"{DATA}industry-scheme")}
    assert _objects(quads, broader, SKOS.prefLabel) == {Literal("生物产业", language="zh")}


def test_targets_carry_value_unit_bound_kind_horizon_and_action(quads: list[Quad]) -> None:
    growth = f"{report_iri(RID)}/target/0"
    assert _objects(quads, growth, PLAN.value) == {Literal("12", datatype=_n(XSD.decimal))}
    assert _objects(quads, growth, PLAN.unit) == {Literal("%", language="zh")}
    assert _objects(quads, growth, PLAN.bound) == {_n(PLAN.AtLeast)}
    assert _objects(quads, growth, PLAN.kind) == {_n(PLAN.Growth)}
    assert _objects(quads, growth, PLAN.horizon) == {Literal("2025", datatype=_n(XSD.gYear))}
    action = _n(entity_iri(EntityType.ACTION, "链群培育行动", RID))
    assert _objects(quads, growth, PLAN.statedIn) == {action}
    assert _n(growth) in _objects(quads, action, PLAN.hasTarget)
    assert _objects(quads, growth, PLAN.qudtUnit) == {_n("http://qudt.org/vocab/unit/PERCENT")}
    count = f"{report_iri(RID)}/target/1"
    assert _objects(quads, count, PLAN.qudtUnit) == set()  # 家 has no QUDT unit
    assert _objects(quads, count, PLAN.horizon) == set()


def test_the_mapping_conforms_to_the_shapes(quads: list[Quad]) -> None:
    assert [v.line() for v in validate_quads(quads)] == []


def test_quotes_backslashes_and_line_breaks_survive_the_nquads_text(extraction: Extraction) -> None:
    name = '“青禾”\\"生物"\n二\r期'
    firm = Entity(name, EntityType.ENTERPRISE, mentions=[Mention(0, 4, name, 0, 'r"\\', 0.9)])
    quads = extraction_quads(replace(extraction, entities=[firm], relations=[], targets=[], achievements=[]))
    iri = _n(entity_iri(EntityType.ENTERPRISE, name, RID))
    assert _objects(quads, iri, SKOS.prefLabel) == {Literal(name, language="zh")}
    mention = _n(f"{report_iri(RID)}/mention/Enterprise/{iri_segment(name)}/0")
    assert _objects(quads, mention, PLAN.rule) == {Literal('r"\\')}


def test_the_build_counts_the_typed_entities_of_the_nquads(extraction: Extraction) -> None:
    typed = typed_entities(extraction_nquads(extraction))
    assert typed[f"{DATA}enterprise/青禾生物"] == "Enterprise"
    assert typed[f"{DATA}industry/生物产业"] == "Industry"  # declared as the broader industry only
    assert typed[f"{DATA}region/北岭县"] == "Region"  # from the report's metadata
    assert f"{report_iri(RID)}/target/0" not in typed  # a target is not an entity
    assert len(typed) == 7
