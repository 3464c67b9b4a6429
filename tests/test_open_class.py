"""Open-class candidates and the learned decision over them, on sentences written for these
tests (not from any report): names outside every closed list are found by their context."""

from __future__ import annotations

import re

from kg.model import EntityType, Report, ReportMeta
from kg.extract.open_class import candidates
from kg.extract.pipeline import extract_report, to_json
from kg.extract.segment import segment

HEAD = "二、2030年工作安排\n\n一、壮大实体经济，建设现代产业体系\n\n"


def _doc(body: str):
    return segment(Report(id="t", path="t.txt", text=HEAD + body + "\n", meta=ReportMeta()))


def _extract(body: str):
    return extract_report(Report(id="t", path="t.txt", text=HEAD + body + "\n", meta=ReportMeta()))


def _names(extraction, etype: EntityType) -> set[str]:
    return {e.name for e in extraction.entities if e.type is etype}


def test_list_items_are_candidates_of_what_the_list_is_of():
    doc = _doc("大力发展银发经济、首发经济、冰雪经济等新业态。")
    items = {(doc.text[c.start : c.end], c.type) for c in candidates(doc) if c.family == "list"}
    assert {("银发经济", EntityType.INDUSTRY), ("首发经济", EntityType.INDUSTRY), ("冰雪经济", EntityType.INDUSTRY)} <= items
    assert all(t is EntityType.INDUSTRY for _, t in items), "a list of 新业态 is a list of industries"


def test_a_list_that_says_nothing_of_itself_offers_both_open_types():
    doc = _doc("推动锦川科技、晴岚光电、沐川微纳加快发展。")
    types = {c.type for c in candidates(doc) if c.family == "list" and doc.text[c.start : c.end] == "晴岚光电"}
    assert types == {EntityType.INDUSTRY, EntityType.ENTERPRISE}


def test_head_candidates_offer_every_start_back_to_the_clause():
    doc = _doc("建设东湖科创走廊。")
    starts = {doc.text[c.start : c.end] for c in candidates(doc) if c.family == "head" and c.type is EntityType.PARK}
    assert {"东湖科创走廊", "湖科创走廊", "建设东湖科创走廊"} <= starts


def test_features_never_hold_a_candidates_own_words():
    doc = _doc("支持锦川科技、晴岚光电等企业扩能，建设东湖科创走廊。")
    found = candidates(doc)
    assert {doc.text[c.start : c.end] for c in found} >= {"锦川科技", "晴岚光电", "东湖科创走廊"}
    leaked = [f for c in found for f in c.features if re.search("锦川|晴岚|东湖", f)]
    assert leaked == []


def test_industries_outside_the_taxonomy_in_an_enumeration_of_new_business_forms():
    ex = _extract("大力发展银发经济、首发经济、冰雪经济等新业态。")
    assert {"银发经济", "首发经济", "冰雪经济"} <= _names(ex, EntityType.INDUSTRY)


def test_a_platform_named_by_an_open_head():
    ex = _extract("完善东岭文化遗产数据中心。")
    assert _names(ex, EntityType.PLATFORM) == {"东岭文化遗产数据中心"}


def test_learned_mentions_keep_their_evidence_and_confidence():
    ex = _extract("完善东岭文化遗产数据中心。")
    learned = [m for e in ex.entities for m in e.mentions if m.rule.startswith("learned.")]
    assert learned
    for m in learned:
        assert 0 < m.confidence <= 1 and m.evidence
        assert "head=中心" in m.evidence
    out = to_json(ex)
    evidence = [ev for e in out["entities"] for ev in e.get("evidence", [])]
    assert evidence and all({"span", "rule", "confidence", "features"} <= set(ev) for ev in evidence)


def test_plain_prose_yields_no_open_class_names():
    ex = _extract("我们要坚持稳中求进，推动经济持续向好。")
    assert not [e for e in ex.entities if any(m.rule.startswith("learned.") for m in e.mentions)]


def test_extraction_stays_fast_with_candidates():
    """Guard against a quadratic candidate generator: a long run of one clause is linear."""
    import time

    body = "，".join(f"建设东湖第{i}科创走廊" for i in range(400)) + "。"
    start = time.perf_counter()
    ex = _extract(body)
    assert time.perf_counter() - start < 10
    assert len(re.findall("科创走廊", body)) == 400 and ex.entities
