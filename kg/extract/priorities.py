"""priorities: the industries a report's region prioritises (plan:prioritises) — every industry
the report names in its work for the year or in its five-year outlook, not in its review of the
past, with the first sentence there that names it as evidence. It is what regions compare each
other by: which regions plan 低空经济, which industries the most regions prioritise."""

from __future__ import annotations

from typing import Optional

from ..model import Document, Entity, EntityType, Relation, SectionKind, Sentence
from .rules import rule_file

# The sections that say what a report sets out to do.
_TARGETING = (SectionKind.WORK, SectionKind.OUTLOOK)


def prioritised_industries(doc: Document, entities: list[Entity]) -> list[Relation]:
    """region prioritises industry, for each industry the report names in a targeting section:
    one of its mentions there, else (for a name of three characters or more) its name written
    there inside a longer phrase (打造低空经济创新发展强市)."""
    region = doc.report.meta.region
    if not region:
        return []
    confidence = float(rule_file("relations.yaml")["relations"]["confidence"]["prioritises.section"])
    targeting = [s for s in doc.sentences if doc.paragraphs[s.paragraph].section in _TARGETING]
    out = []
    for e in entities:
        if e.type is not EntityType.INDUSTRY:
            continue
        s = _first_targeting(doc, e, targeting)
        if s is not None:
            out.append(Relation(subject=region, subject_type=EntityType.REGION, predicate="prioritises", object=e.name,
                                object_type=EntityType.INDUSTRY, sentence=s.index, start=s.start, end=s.end,
                                rule="prioritises.section", confidence=confidence))
    return out


def _first_targeting(doc: Document, e: Entity, targeting: list[Sentence]) -> Optional[Sentence]:
    for m in sorted(e.mentions, key=lambda m: m.start):
        s = doc.sentence_at(m.start)
        if doc.paragraphs[s.paragraph].section in _TARGETING:
            return s
    names = [n for n in (e.name, *e.aliases) if len(n) >= 3]
    return next((s for s in targeting if any(n in s.text for n in names)), None)
