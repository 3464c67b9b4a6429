"""The extraction pipeline, one report at a time:

read → clean → segment → recognise (rules, then learned open-class candidates; guards; names inside names) → relate → quantify  (→ rdf → store, in build.py)

Each stage is a plain function over the data classes in model.py; this module only chains them.
"""

from __future__ import annotations

import os
from typing import Any, Mapping, Optional

from .clean import clean
from .corpus import KnownName, confident_names, corpus_hits
from ..model import Document, Entity, Extraction, Quantity, Report, ReportMeta
from .quantify import quantify
from .read import read_report
from .guards import guard
from .hits import Hit
from .nested import industries_in_names, listed_projects
from .open_class import open_class_hits
from .priorities import prioritised_industries
from .quoted import quoted_names
from .merge import to_entities
from .recognise import rule_hits
from .relate import relate
from .segment import segment


def extract_report(report: Report, known: Optional[Mapping[str, KnownName]] = None) -> Extraction:
    """Run every extraction stage on a report that is already read. ``known``: names other
    reports of the corpus are sure of (corpus.confident_names), recognised here too."""
    doc, found = recognise_report(report)
    if known:
        found += corpus_hits(doc, found, known)
    return extract_found(doc, found)


def recognise_report(report: Report) -> tuple[Document, list[Hit]]:
    """The stages up to the corpus's names: the cleaned, segmented report and what its own
    rules and model recognise. A build keeps them to add the corpus's names without
    running these stages again (kg/build/extract_reports.py)."""
    doc = segment(report, clean(report.text))
    found = rule_hits(doc) + quoted_names(doc)
    found += open_class_hits(doc, found)
    return doc, found


def extract_found(doc: Document, found: list[Hit]) -> Extraction:
    """The stages after recognition: guards, names inside names, entities, relations, quantities."""
    kept = guard(doc, found)
    kept += industries_in_names(doc, kept) + listed_projects(doc, kept)
    entities = to_entities(doc, kept)
    relations = relate(doc, entities) + prioritised_industries(doc, entities)
    targets, achievements = quantify(doc, entities)
    return Extraction(
        document=doc, entities=entities, relations=relations, targets=targets, achievements=achievements
    )


# A few lines in the genre's shape, enough to make every stage load its rules and dictionaries.
_WARM_UP_TEXT = "二、2025年工作安排\n（一）发展产业\n开展产业提升行动。支持甲乙科技、丙丁电子等企业发展，地区生产总值增长5%。\n"


def warm_up() -> None:
    """Load every stage's rules and dictionaries now (they load lazily on first use), so worker
    processes forked afterwards share them instead of each reading them again."""
    extract_report(Report(id="warm-up", path="warm-up.txt", text=_WARM_UP_TEXT, meta=ReportMeta()))


def extract(path: str | os.PathLike[str]) -> Extraction:
    """Read one report file and extract everything from it."""
    return extract_report(read_report(path))


def extract_corpus(reports: list[Report]) -> list[Extraction]:
    """Extract reports as one corpus: each on its own, then again, with the names the others
    are sure of, those whose text holds such a name its first pass did not find."""
    first = [extract_report(r) for r in reports]
    known = confident_names(first)
    out = []
    for report, ex in zip(reports, first):
        own = {e.name for e in ex.entities}
        missing = any(name not in own and k.source != report.id and name in report.text for name, k in known.items())
        out.append(extract_report(report, known) if missing else ex)
    return out


def filter_confidence(extraction: Extraction, min_confidence: float) -> Extraction:
    """The same extraction without entities, relations and quantities below the threshold."""
    if min_confidence <= 0:
        return extraction
    entities = [e for e in extraction.entities if e.confidence >= min_confidence]
    kept = {e.key for e in entities}
    relations = [
        r
        for r in extraction.relations
        if r.confidence >= min_confidence
        and (r.subject_type.value, r.subject) in kept
        and (r.object_type.value, r.object) in kept
    ]
    return Extraction(
        document=extraction.document,
        entities=entities,
        relations=relations,
        targets=[t for t in extraction.targets if t.confidence >= min_confidence],
        achievements=[a for a in extraction.achievements if a.confidence >= min_confidence],
    )


def _entity_json(e: Entity) -> dict[str, Any]:
    out: dict[str, Any] = {"name": e.name, "type": e.type.value}
    if e.aliases:
        out["aliases"] = list(e.aliases)
    out["confidence"] = round(e.confidence, 3)
    out["mentions"] = [[m.start, m.end] for m in e.mentions]
    evidence = [
        {"span": [m.start, m.end], "rule": m.rule, "confidence": round(m.confidence, 3), "features": list(m.evidence)}
        for m in e.mentions
        if m.evidence
    ]
    if evidence:
        out["evidence"] = evidence  # what a learned or corpus decision weighed
    return out


def _number(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def _quantity_json(q: Quantity) -> dict[str, Any]:
    out: dict[str, Any] = {
        "indicator": q.indicator,
        "kind": q.kind.value,
        "value": _number(q.value),
        "unit": q.unit,
        "qualifier": q.bound.value,
    }
    if q.action:
        out["action"] = q.action
    if q.horizon:
        out["horizon"] = q.horizon
    out["normalised_value"] = _number(q.normalised_value)
    out["base_unit"] = q.base_unit
    out["span"] = [q.start, q.end]
    out["confidence"] = round(q.confidence, 3)
    return out


def to_json(extraction: Extraction) -> dict[str, Any]:
    """The gold schema of ../shared/gold/README.md, plus spans and confidences."""
    report = extraction.report
    doc = extraction.document
    return {
        "document": report.meta.original_name or os.path.basename(report.path),
        "title": report.meta.title,
        "region": report.meta.region,
        "level": report.meta.level,
        "year": report.meta.year,
        "entities": [_entity_json(e) for e in extraction.entities],
        "relations": [
            {
                "subject": r.subject,
                "predicate": r.predicate,
                "object": r.object,
                "sentence": doc.sentences[r.sentence].text,
                "span": [r.start, r.end],
                "rule": r.rule,
                "confidence": round(r.confidence, 3),
            }
            for r in extraction.relations
        ],
        "targets": [_quantity_json(q) for q in extraction.targets],
        "achievements": [_quantity_json(q) for q in extraction.achievements],
    }
