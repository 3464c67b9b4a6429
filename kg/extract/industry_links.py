"""industry_links: relate's inIndustry rules — where the text places a firm, park or platform in
an industry the report names.

- a field clause opening the sentence (X领域，… / 紧盯打造X产业集群，… / 加快发展X，…) or an
  industry that is the sentence's topic (X产业瞄准…，…) places the rest of the sentence;
- the head of an enumeration of firms (支持A、B等食品企业 → 食品);
- a support verb whose clause goes on to an industry (支持A打造X产业基地 / 依托A发展X);
- a designation it is selected for (A、B入选X集聚区);
- an industry written inside its name (X人工智能产业园 → 人工智能).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..model import Document, Entity, EntityType, Mention, Relation
from .lexicon import industry_key, lexicon
from .relation_rules import Placed, clause_end, make_relation, opens_clause, relation_rules
from .rules import alternation

_CLAUSE = re.compile(r"[^，,；;：:。!?！？]+")
_CLAUSE_MARK = re.compile(r"[，,；;：:]")


class Industries:
    """The report's recognised industries, found wherever one of their written forms (name or
    alias, also without its 产业/行业 tail; two characters or more) is written."""

    def __init__(self, entities: list[Entity]):
        self.by_key: dict[str, Entity] = {}
        for e in entities:
            if e.type is EntityType.INDUSTRY:
                for written in (e.name, *e.aliases):
                    key = industry_key(written)
                    if len(key) >= 2:
                        self.by_key.setdefault(key, e)
        self.pattern: Optional[re.Pattern[str]] = None
        self.topic: Optional[re.Pattern[str]] = None
        if self.by_key:
            rules, written = relation_rules(), alternation(self.by_key)
            self.pattern = re.compile(written)
            # X产业 / X和Y产业 opening a sentence and going on with a verb, not with a measure
            self.topic = re.compile(
                rf"(?:{written})(?:[和与及、](?:{written}))*(?:{rules.topic_tail})(?!{rules.topic_not_followed_by})"
            )

    def in_span(self, doc: Document, start: int, end: int, placed: list[Placed]) -> list[Entity]:
        """Industries written in text[start:end], in text order."""
        hits = [(p.mention.start, p.entity) for p in placed if p.entity.type is EntityType.INDUSTRY and start <= p.mention.start < end]
        if self.pattern is not None:
            hits += [(m.start(), self.by_key[m.group()]) for m in self.pattern.finditer(doc.text, start, end)]
        found: list[Entity] = []
        for _, e in sorted(hits, key=lambda h: h[0]):
            if e not in found:
                found.append(e)
        return found

    def in_name(self, name: str) -> Optional[Entity]:
        """The longest industry written inside a name (never the name itself)."""
        if self.pattern is None:
            return None
        found = [m.group() for m in self.pattern.finditer(name) if m.group() != name]
        return self.by_key[max(found, key=len)] if found else None


def _field_of(doc: Document, head: re.Match[str], industries: Industries, placed: list[Placed]) -> tuple[list[Entity], int]:
    """The industries a sentence's first clause scopes the rest of it with, and where that scope
    starts: after a field clause (X领域 / 紧盯打造X / 加快发展X), or right after an industry that
    is the sentence's topic (X产业瞄准… / X产业依托A、B等头部企业…, whose first clause names
    members of the field too)."""
    rules = relation_rules()
    text = head.group().strip()
    if rules.field_suffix.search(text) or rules.field_opener.match(text):
        return industries.in_span(doc, head.start(), head.end(), placed), head.end()
    topic = industries.topic.match(doc.text, head.start()) if industries.topic is not None else None
    if topic:
        return industries.in_span(doc, head.start(), topic.end(), placed), topic.end()
    return [], head.end()


def fields(doc: Document, placed: list[Placed], industries: Industries) -> list[Relation]:
    """inIndustry from field clauses, topics, enumeration heads, support verbs and designations."""
    rules = relation_rules()
    out: list[Relation] = []
    for s in doc.sentences:
        first = _CLAUSE.search(doc.text, s.start, s.end)
        if not first:
            continue
        field, scope = _field_of(doc, first, industries, placed)
        for p in placed:
            if not s.start <= p.mention.start < s.end:
                continue
            if p.entity.type not in rules.industry_subjects or p.mention.rule == "park_owner":
                continue
            if field and p.mention.start >= scope:
                out.append(make_relation(doc, p.entity, "inIndustry", field[0], s.start, s.end, "inIndustry.field"))
                continue
            for rule, find in (
                ("inIndustry.head", _enumeration_head),
                ("inIndustry.supported", _supported_field),
                ("inIndustry.designation", _designation),
            ):
                industry = find(doc, p.mention, s.end, industries, placed)
                if industry is not None:
                    out.append(make_relation(doc, p.entity, "inIndustry", industry, s.start, s.end, rule))
                    break
    return out


@lru_cache(maxsize=1)
def _list_tail() -> re.Pattern[str]:
    """、B、C等X企业 / 等X园区 after a list item: the words between 等 and the head of a list of
    firms or of parks and platforms (compiled once, not per mention)."""
    heads = alternation((*lexicon().list_heads, *relation_rules().place_list_heads))
    return re.compile(rf"(?:[、和及与][^，,；;。：:、]{{1,20}}?)*?等([^，,；;。：:、]{{1,8}}?)(?:{heads})")


def _enumeration_head(doc: Document, m: Mention, stop: int, industries: Industries, placed: list[Placed]) -> Optional[Entity]:
    """支持A、B等食品企业 / 深化A等数字经济园区: the industry word between 等 and the generic head
    of a list of firms (the list heads of firms.yaml: 企业, 龙头, 链主, 央企 …) or of parks and
    platforms (relations.yaml), for every item of the list, whichever rule found it (a list
    names firms a suffix, the corpus or the model found too)."""
    tail = _list_tail().match(doc.text, m.end, stop)
    if not tail:
        return None
    found = industries.in_span(doc, tail.start(1), tail.end(1), placed)
    return found[0] if found else None


def _supported_field(doc: Document, m: Mention, stop: int, industries: Industries, placed: list[Placed]) -> Optional[Entity]:
    """支持A打造X产业基地 / 依托A发展X / 推动A X产业发展: the object of a support verb goes on, in
    the same clause, to the industry it is in (the first one written after it); so does a name
    that opens its clause with a field verb (A重点发展X)."""
    rules = relation_rules()
    before = doc.text[max(0, m.start - 4) : m.start]
    end = clause_end(doc.text, m.end)
    if before.endswith(rules.support_verbs):
        found = industries.in_span(doc, m.end, end, placed)
        # 做强A等平台，发展X产业: a clause that ends with the supported name goes on in the
        # next one, when that one opens with a field verb
        if not found and rules.support_tail.fullmatch(doc.text, m.end, end) and end < stop and rules.field_opener.match(doc.text, end + 1):
            found = industries.in_span(doc, end + 1, clause_end(doc.text, end + 1), placed)
    elif opens_clause(doc.text, m.start) and rules.field_opener.match(doc.text, m.end):
        found = industries.in_span(doc, m.end, end, placed)
    else:
        return None
    return found[0] if found else None


def _designation(doc: Document, m: Mention, stop: int, industries: Industries, placed: list[Placed]) -> Optional[Entity]:
    """A、B入选X人工智能集聚区 / A获评X产业基地: what it is selected as names its industry."""
    selected = relation_rules().designation.match(doc.text, m.end, stop)
    if not selected:
        return None
    found = industries.in_span(doc, selected.start(1), selected.end(1), placed)
    return found[0] if found else None


def named_fields(doc: Document, entities: list[Entity], industries: Industries, placed: list[Placed]) -> list[Relation]:
    """A park, platform or firm whose name holds an industry the report names (X人工智能产业园,
    X汽车城, 国家X领域人工智能应用中试基地) is in that industry: the longest one in its name, or
    the wider one its sentence names (X物流公司 …打造现代物流枢纽 → 现代物流)."""
    rules = relation_rules()
    out = []
    for e in entities:
        if e.type not in rules.industry_subjects or not e.mentions:
            continue
        industry = industries.in_name(e.name)
        if industry is None:
            continue
        m = e.mentions[0]
        s = doc.sentence_at(m.start)
        key = industry_key(industry.name)
        wider = (i for i in industries.in_span(doc, s.start, s.end, placed) if key in industry_key(i.name) and industry_key(i.name) != key)
        out.append(make_relation(doc, e, "inIndustry", next(wider, industry), m.start, m.end, "inIndustry.name"))
    return out


def led_paragraphs(doc: Document, placed: list[Placed], industries: Industries) -> list[Relation]:
    """A paragraph led by a short sentence of one clause that sets out to develop an industry
    (大力发展X。 / 举全省之力壮大X。) is about that industry: the firms, parks and platforms it
    names after that sentence are in it (the first one written after the verb)."""
    rules = relation_rules()
    lead: dict[int, tuple[int, Optional[Entity]]] = {}  # paragraph → (where its lead ends, industry)
    for s in doc.sentences:
        if s.paragraph in lead:
            continue  # only a paragraph's first sentence leads it
        text, industry = doc.text[s.start : s.end], None
        verb = rules.lead_verb.search(text)
        if verb and len(text) <= rules.lead_length and not _CLAUSE_MARK.search(text):
            # an industry recognised there, not a shorter form of one found inside other words
            industry = next((q.entity for q in placed if q.entity.type is EntityType.INDUSTRY and s.start + verb.end() <= q.mention.start < s.end), None)
        lead[s.paragraph] = (s.end, industry)
    out = []
    for p in placed:
        if p.entity.type not in rules.industry_subjects or p.mention.rule == "park_owner":
            continue
        s = doc.sentence_at(p.mention.start)
        end, industry = lead.get(s.paragraph, (0, None))
        if industry is not None and p.mention.start >= end:
            out.append(make_relation(doc, p.entity, "inIndustry", industry, s.start, s.end, "inIndustry.lead"))
    return out
