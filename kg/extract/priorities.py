"""priorities: the industries a report's region prioritises (plan:prioritises) — every industry
the report names in its work for the year or in its five-year outlook, not in its review of the
past, with the first sentence there that names it as evidence. It is what regions compare each
other by: which regions plan 低空经济, which industries the most regions prioritise."""

from __future__ import annotations

from ..model import Document, Entity, EntityType, Relation, SectionKind
from .rules import rule_file

# The sections that say what a report sets out to do.
_TARGETING = (SectionKind.WORK, SectionKind.OUTLOOK)


def prioritised_industries(doc: Document, entities: list[Entity]) -> list[Relation]:
    """region prioritises industry, for each industry named in a targeting section."""
    region = doc.report.meta.region
    if not region:
        return []
    confidence = float(rule_file("relations.yaml")["relations"]["confidence"]["prioritises.section"])
    out = []
    for e in entities:
        if e.type is not EntityType.INDUSTRY:
            continue
        for m in sorted(e.mentions, key=lambda m: m.start):
            s = doc.sentence_at(m.start)
            if doc.paragraphs[s.paragraph].section in _TARGETING:
                out.append(Relation(subject=region, subject_type=EntityType.REGION, predicate="prioritises", object=e.name,
                                    object_type=EntityType.INDUSTRY, sentence=s.index, start=s.start, end=s.end,
                                    rule="prioritises.section", confidence=confidence))
                break
    return out
