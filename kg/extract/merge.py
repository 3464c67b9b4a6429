"""merge: mentions → entities. One entity per (type, name), a name seen as another's alias joining
it; a span inside a longer name is dropped; canonical names, so the same thing in two reports is
one node: a firm is named by its short name when the report writes it alone too (X有限公司 → X,
the full name an alias), a zone written alone joins the one named zone of its kind.
"""

from __future__ import annotations

import re

from ..model import Document, Entity, EntityType, Mention
from .hits import Hit
from .lexicon import industry_key, lexicon
from .text import norm_name


def _merge_key(h: Hit) -> tuple[str, str]:
    if h.type is EntityType.INDUSTRY:
        return (h.type.value, industry_key(h.name))
    return (h.type.value, norm_name(h.name))


def merge(doc: Document, hits: list[Hit]) -> list[Entity]:
    """One entity per (type, name); a name seen as another's alias joins that entity."""
    lex = lexicon()
    conf = lex.confidence
    alias_of: dict[tuple[str, str], tuple[str, str]] = {}
    entities: dict[tuple[str, str], Entity] = {}
    # the form a field clause writes (食品产业领域 → 食品产业) names an industry first
    for h in sorted(hits, key=lambda h: (h.start, h.rule != "industry.field")):
        key = _merge_key(h)
        key = alias_of.get(key, key)
        ent = entities.get(key)
        if ent is None:
            ent = Entity(name=h.name, type=h.type, broader=h.broader, confidence=0.0)
            entities[key] = ent
            for a in h.aliases:
                alias_of.setdefault((h.type.value, norm_name(a)), key)
        for a in (*h.aliases, h.name):
            if a != ent.name and a not in ent.aliases:
                ent.aliases.append(a)
                alias_of.setdefault((h.type.value, norm_name(a)), key)
        if ent.broader is None and h.broader:
            ent.broader = h.broader
        c = h.confidence if h.confidence is not None else conf.get(h.rule, 0.6)
        if any(m.start == h.start and m.end == h.end for m in ent.mentions):
            continue  # the same words found by two rules
        ent.mentions.append(
            Mention(start=h.start, end=h.end, surface=doc.report.text[h.start : h.end], sentence=doc.sentence_at(h.start).index,
                    rule=h.rule, confidence=c, evidence=h.evidence)
        )
    out = []
    for ent in entities.values():
        best = max(m.confidence for m in ent.mentions)
        ent.confidence = min(1.0, best + conf.get("per_extra_mention", 0.0) * (len(ent.mentions) - 1))
        out.append(ent)
    return out


_NAMED_PLACES = (EntityType.PLATFORM, EntityType.PARK, EntityType.RESEARCH_INSTITUTE, EntityType.UNIVERSITY, EntityType.ENTERPRISE)


def _drop_shadowed(hits: list[Hit]) -> list[Hit]:
    """A span inside a longer organisation, platform or park name is not a name of its own
    (功能性食品 in 功能性食品研发中心), except the developer written at its head (a university
    anywhere in it, an institute at its very start: X农科院某地创新基地); nor is an industry
    inside a longer one."""
    spans = [(h.start, h.end) for h in hits if h.type in _NAMED_PLACES]
    hosts = [(h.start, h.end) for h in hits if h.type in (EntityType.PLATFORM, EntityType.PARK)]
    fields = [(h.start, h.end, industry_key(h.name)) for h in hits if h.type is EntityType.INDUSTRY]
    kept = []
    for h in hits:
        inside = any(s <= h.start and h.end <= e and (s, e) != (h.start, h.end) for s, e in spans)
        head = h.type is EntityType.RESEARCH_INSTITUTE and any(s == h.start and h.end < e for s, e in hosts)
        if inside and h.rule not in ("park_owner", "industry.in_name") and h.type is not EntityType.UNIVERSITY and not head:
            continue
        if h.type is EntityType.INDUSTRY and any(
            s <= h.start and h.end <= e and e - s > h.end - h.start and key != industry_key(h.name) for s, e, key in fields
        ):
            continue  # 文化旅游业 inside 乡村文化旅游业: the field the report names is the longer one
        kept.append(h)
    return kept


def to_entities(doc: Document, hits: list[Hit]) -> list[Entity]:
    """Mentions merged into entities, each with its mentions and confidence."""
    hits = [h for h in _drop_shadowed(hits) if not (h.type is EntityType.INDUSTRY and h.start >= doc.clean.content_end)]
    return _name_broader(_short_firm_names(doc, _fold_standalone(merge(doc, hits))))


def _short_firm_names(doc: Document, entities: list[Entity]) -> list[Entity]:
    """A firm written with its legal form (X有限公司) gets X as an alias; when the report also
    writes X alone, X is its name and those places are its mentions (one node, the short name,
    whichever report it is in)."""
    lex = lexicon()
    text, conf = doc.text, lex.confidence.get("firm.short_name", 0.8)
    by_name = {e.name: e for e in entities if e.type is EntityType.ENTERPRISE}
    dropped: set[int] = set()
    for e in list(by_name.values()):
        short = lex.legal_forms.sub("", e.name)
        if short == e.name or len(short) < 2 or lex.generic_org.match(short):
            continue
        if short not in e.aliases:
            e.aliases.append(short)
        spans = [(m.start, m.end) for m in e.mentions]
        alone = [
            m.start()
            for m in re.finditer(re.escape(short), text[: doc.clean.content_end])
            if not any(a <= m.start() < b for a, b in spans)
        ]
        other = by_name.get(short)
        if not alone and other is None:
            continue
        full = e.name
        e.name = short
        e.aliases = [a for a in e.aliases if a != short] + [full]
        for s in alone:
            if other is None or all(m.start != s for m in other.mentions):
                e.mentions.append(Mention(start=s, end=s + len(short), surface=doc.report.text[s : s + len(short)],
                                          sentence=doc.sentence_at(s).index, rule="firm.short_name", confidence=conf))
        if other is not None:
            e.mentions.extend(other.mentions)
            e.aliases += [a for a in other.aliases if a not in e.aliases]
            dropped.add(id(other))
        e.mentions.sort(key=lambda m: m.start)
    return [e for e in entities if id(e) not in dropped]


def _fold_standalone(entities: list[Entity]) -> list[Entity]:
    """A zone written alone (自贸试验区) is the report's one named zone of that kind
    (中国（某省）自贸试验区) when the report names exactly one: an alias of it."""
    out = []
    for e in entities:
        if all(m.rule == "suffix.standalone" for m in e.mentions):
            named = [o for o in entities if o is not e and o.type is e.type and o.name.endswith(e.name)]
            if len(named) == 1:
                named[0].aliases.append(e.name)
                named[0].mentions.extend(e.mentions)
                named[0].mentions.sort(key=lambda m: m.start)
                continue
        out.append(e)
    return out


def _name_broader(entities: list[Entity]) -> list[Entity]:
    """A broader industry is called what the report calls it (食品 → 食品产业 if written so)."""
    written = {industry_key(e.name): e.name for e in entities if e.type is EntityType.INDUSTRY}
    for e in entities:
        if e.broader:
            e.broader = written.get(industry_key(e.broader), e.broader)
    return entities
