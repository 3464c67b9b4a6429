"""relate: entities in their sentences → typed relations between them.

- partOf: an action → the key task of its paragraph; a sub-action → its parent (kg.scope);
- inAction: a firm, university or institute named in an action's scope;
- inIndustry: a field clause (X领域，… / 紧盯打造X产业集群，…) places the firms, parks and
  platforms of the rest of its sentence in X; so does the head of an enumeration
  (支持A、B等食品企业 → 食品), and an industry written inside a park's or platform's name
  (X人工智能产业园 → 人工智能);
- develops / partnersWith: A与B(合作)建设C; a university written at the head of a platform's
  name; a firm written at the head of a phased park name.
The words live in resources/relations.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from ..model import Document, Entity, EntityType, Mention, Paragraph, Relation, SectionKind
from .lexicon import industry_key, lexicon
from .rules import alternation, rule_file
from .scope import ActionScopes, action_scopes

_CLAUSE = re.compile(r"[^，,；;：:。!?！？]+")


@dataclass(frozen=True)
class _Rules:
    field_suffix: re.Pattern[str]
    field_verbs: tuple[str, ...]
    industry_subjects: frozenset[EntityType]
    action_members: frozenset[EntityType]
    joiners: str
    build_verbs: re.Pattern[str]
    support_verbs: tuple[str, ...]
    confidence: dict[str, float]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = rule_file("relations.yaml")["relations"]
    return _Rules(
        field_suffix=re.compile(data["field_suffix_regex"]),
        field_verbs=tuple(data["field_verbs"]),
        industry_subjects=frozenset(EntityType(t) for t in data["industry_subjects"]),
        action_members=frozenset(EntityType(t) for t in data["action_members"]),
        joiners="".join(data["partner_joiners"]),
        build_verbs=re.compile(alternation(data["build_verbs"])),
        support_verbs=tuple(data["support_verbs"]),
        confidence={k: float(v) for k, v in data["confidence"].items()},
    )


@dataclass(frozen=True)
class _Placed:
    """A mention with its entity, for looking up what is written where."""

    entity: Entity
    mention: Mention


def _placed(entities: Iterable[Entity]) -> list[_Placed]:
    return sorted((_Placed(e, m) for e in entities for m in e.mentions), key=lambda p: p.mention.start)


def _relation(doc: Document, subj: Entity, pred: str, obj: Entity, start: int, end: int, rule: str) -> Relation:
    return Relation(
        subject=subj.name,
        subject_type=subj.type,
        predicate=pred,
        object=obj.name,
        object_type=obj.type,
        sentence=doc.sentence_at(start).index,
        start=start,
        end=end,
        rule=rule,
        confidence=_rules().confidence.get(rule, 0.6),
    )


# --------------------------------------------------------------------------- structure


def structure(doc: Document, entities: list[Entity], scopes: ActionScopes) -> list[Relation]:
    """partOf: sub-action → parent action, else action → the key task of its paragraph."""
    by_key = {e.key: e for e in entities}
    tasks = {e.mentions[0].start: e for e in entities if e.type is EntityType.KEY_TASK}
    task_of = {h.end - len(h.text): i for i, h in enumerate(doc.key_tasks)}
    task_entity = {i: tasks.get(start) for start, i in task_of.items()}
    out = []
    for ref in scopes.actions:
        action = by_key.get((EntityType.ACTION.value, ref.name)) or _by_alias(entities, EntityType.ACTION, ref.name)
        if action is None:
            continue
        paragraph = doc.paragraphs[ref.paragraph]
        if paragraph.section is not SectionKind.WORK:
            continue
        if ref.parent is not None:
            parent = by_key.get((EntityType.ACTION.value, ref.parent)) or _by_alias(entities, EntityType.ACTION, ref.parent)
            if parent is not None and parent is not action:
                out.append(_relation(doc, action, "partOf", parent, ref.start, ref.end, "partOf.sub_action"))
                continue
        task = task_entity.get(paragraph.key_task) if paragraph.key_task is not None else None
        if task is not None:
            out.append(_relation(doc, action, "partOf", task, ref.start, ref.end, "partOf.structure"))
    placed = {r.subject for r in out}
    # actions no scope knows (found by the learned model, or named mid-sentence): filed where
    # they are first named in the work section, under the action whose scope that is, else
    # under the paragraph's key task
    for action in entities:
        if action.type is not EntityType.ACTION or action.name in placed:
            continue
        m = next((m for m in action.mentions if _paragraph_of(doc, m.start).section is SectionKind.WORK), None)
        if m is None:
            continue
        ref = scopes.action_at(m.start)
        parent = (by_key.get((EntityType.ACTION.value, ref.name)) or _by_alias(entities, EntityType.ACTION, ref.name)) if ref else None
        if parent is not None and parent is not action:
            out.append(_relation(doc, action, "partOf", parent, m.start, m.end, "partOf.sub_action"))
            continue
        paragraph = _paragraph_of(doc, m.start)
        task = task_entity.get(paragraph.key_task) if paragraph.key_task is not None else None
        if task is not None:
            out.append(_relation(doc, action, "partOf", task, m.start, m.end, "partOf.structure"))
    return out


def _paragraph_of(doc: Document, offset: int) -> Paragraph:
    return doc.paragraphs[doc.sentence_at(offset).paragraph]


def _by_alias(entities: list[Entity], etype: EntityType, name: str) -> Optional[Entity]:
    for e in entities:
        if e.type is etype and name in e.aliases:
            return e
    return None


def memberships(doc: Document, placed: list[_Placed], scopes: ActionScopes, entities: list[Entity]) -> list[Relation]:
    """inAction: organisations named inside an action's scope."""
    rules = _rules()
    actions = {e.name: e for e in entities if e.type is EntityType.ACTION}
    for e in entities:
        if e.type is EntityType.ACTION:
            for a in e.aliases:
                actions.setdefault(a, e)
    out = []
    for p in placed:
        if p.entity.type not in rules.action_members:
            continue
        ref = scopes.action_at(p.mention.start)
        action = actions.get(ref.name) if ref else None
        if action is not None:
            out.append(_relation(doc, p.entity, "inAction", action, p.mention.start, p.mention.end, "inAction.scope"))
    return out


# --------------------------------------------------------------------------- fields


def _industries_in(
    doc: Document, start: int, end: int, industries: dict[str, Entity], placed: list[_Placed]
) -> list[Entity]:
    """Industries written in text[start:end], in text order: recognised industry mentions, and
    any taxonomy word that names a recognised industry (汽车 for 汽车产业)."""
    hits = [(p.mention.start, p.entity) for p in placed if p.entity.type is EntityType.INDUSTRY and start <= p.mention.start < end]
    for m in lexicon().industry_terms.finditer(doc.text, start, end):
        e = industries.get(industry_key(m.group()))
        if e is not None:
            hits.append((m.start(), e))
    found: list[Entity] = []
    for _, e in sorted(hits, key=lambda h: h[0]):
        if e not in found:
            found.append(e)
    return found


def fields(doc: Document, placed: list[_Placed], entities: list[Entity]) -> list[Relation]:
    """inIndustry from field clauses and from the head of an enumeration of firms."""
    rules = _rules()
    industries = {industry_key(e.name): e for e in entities if e.type is EntityType.INDUSTRY}
    for e in entities:
        if e.type is EntityType.INDUSTRY:
            for a in e.aliases:
                industries.setdefault(industry_key(a), e)
    out: list[Relation] = []
    for s in doc.sentences:
        clauses = list(_CLAUSE.finditer(doc.text, s.start, s.end))
        if not clauses:
            continue
        first = clauses[0]
        head = first.group().strip()
        is_field = len(clauses) > 1 and (rules.field_suffix.search(head) or head.startswith(rules.field_verbs))
        field = _industries_in(doc, first.start(), first.end(), industries, placed) if is_field else []
        for p in placed:
            if not s.start <= p.mention.start < s.end:
                continue
            if p.entity.type not in rules.industry_subjects or p.mention.rule == "park_owner":
                continue
            if field and p.mention.start >= first.end():
                out.append(_relation(doc, p.entity, "inIndustry", field[0], s.start, s.end, "inIndustry.field"))
                continue
            industry = _enumeration_head(doc, p.mention, s.end, industries, placed)
            if industry is not None:
                out.append(_relation(doc, p.entity, "inIndustry", industry, s.start, s.end, "inIndustry.head"))
                continue
            industry = _supported_field(doc, p.mention, industries, placed)
            if industry is not None:
                out.append(_relation(doc, p.entity, "inIndustry", industry, s.start, s.end, "inIndustry.supported"))
    return out


@lru_cache(maxsize=1)
def _list_tail() -> re.Pattern[str]:
    """…等X企业: the words between 等 and the head of a firm list (compiled once, not per mention)."""
    return re.compile(rf"[^，。；]*?等([^，。；、]{{1,8}}?)(?:{alternation(lexicon().list_heads)})")


def _enumeration_head(
    doc: Document, m: Mention, stop: int, industries: dict[str, Entity], placed: list[_Placed]
) -> Optional[Entity]:
    """支持A、B等食品企业: the industry word between 等 and the generic head of a firm list (the
    list heads of firms.yaml: 企业, 龙头, 链主, 央企 …)."""
    if not m.rule.startswith(("enumeration", "learned.list")):
        return None
    tail = _list_tail().match(doc.text, m.end, stop)
    if not tail:
        return None
    found = _industries_in(doc, tail.start(1), tail.end(1), industries, placed)
    return found[0] if found else None


def _supported_field(doc: Document, m: Mention, industries: dict[str, Entity], placed: list[_Placed]) -> Optional[Entity]:
    """支持A打造X产业基地 / 依托A发展X / 推动A X产业发展: the object of a support verb goes on, in
    the same clause, to the industry it is in (the first one written after it)."""
    before = doc.text[max(0, m.start - 4) : m.start]
    if not before.endswith(_rules().support_verbs):
        return None
    end = _clause_end(doc.text, m.end)
    found = _industries_in(doc, m.end, end, industries, placed)
    return found[0] if found else None


def named_fields(doc: Document, entities: list[Entity]) -> list[Relation]:
    """A park, platform or firm whose name holds an industry the report names (X人工智能产业园,
    X汽车城, 国家X领域人工智能应用中试基地) is in that industry: the longest one in its name."""
    rules = _rules()
    industries: dict[str, Entity] = {}
    for e in entities:
        if e.type is EntityType.INDUSTRY:
            for written in (e.name, *e.aliases):
                key = industry_key(written)
                if len(key) >= 2:
                    industries.setdefault(key, e)
    if not industries:
        return []
    pattern = re.compile(alternation(industries))
    out = []
    for e in entities:
        if e.type not in rules.industry_subjects or not e.mentions:
            continue
        found = [m.group() for m in pattern.finditer(e.name) if m.group() != e.name]
        if found:
            industry = industries[max(found, key=len)]
            m = e.mentions[0]
            out.append(_relation(doc, e, "inIndustry", industry, m.start, m.end, "inIndustry.name"))
    return out


# --------------------------------------------------------------------------- cooperation


def cooperation(doc: Document, placed: list[_Placed]) -> list[Relation]:
    """A与B(合作)建设C → A, B develop C and are partners; 与B合作建设C → B develops C;
    a university at the head of a platform's name, a firm at the head of a park's name and a
    firm at the head of a listed project's name (X电池三期) develop it."""
    rules = _rules()
    orgs = (EntityType.ENTERPRISE, EntityType.UNIVERSITY, EntityType.RESEARCH_INSTITUTE)
    builds = (EntityType.PLATFORM, EntityType.PARK)
    out: list[Relation] = []
    by_start = {p.mention.start: p for p in placed}
    for i, p in enumerate(placed):
        if p.entity.type not in orgs:
            continue
        m = p.mention
        clause_end = _clause_end(doc.text, m.end)
        partner = None
        joined_before = m.start > 0 and doc.text[m.start - 1] in rules.joiners
        if m.end < len(doc.text) and doc.text[m.end] in rules.joiners:
            partner = by_start.get(m.end + 1)
            if partner is not None and partner.entity.type not in orgs:
                partner = None
        if partner is not None:
            out.append(_relation(doc, p.entity, "partnersWith", partner.entity, m.start, partner.mention.end, "partnersWith.cooperation"))
        after = (partner.mention.end if partner else m.end)
        verb = rules.build_verbs.match(doc.text, after)
        if not verb:
            continue
        alone = partner is None and not joined_before
        if alone and not _is_subject(doc.text, m.start):
            continue
        target = next((q for q in placed if verb.end() <= q.mention.start < clause_end and q.entity.type in builds), None)
        if target is None:
            continue
        rule = "develops.builds" if alone else "develops.cooperation"
        for who in (p, partner) if partner else (p,):
            out.append(_relation(doc, who.entity, "develops", target.entity, m.start, target.mention.end, rule))
    for p in placed:
        if p.mention.rule == "park_owner":
            park = next((q for q in placed if q.mention.start == p.mention.start and q.entity.type is EntityType.PARK), None)
            if park is not None:
                out.append(_relation(doc, p.entity, "develops", park.entity, park.mention.start, park.mention.end, "develops.park_owner"))
        if p.mention.rule in ("learned.project_item", "project.listed"):
            head = next((q for q in placed if q.mention.start == p.mention.start and q.mention.end < p.mention.end and q.entity.type in orgs), None)
            if head is not None:
                out.append(_relation(doc, head.entity, "develops", p.entity, p.mention.start, p.mention.end, "develops.project_head"))
        if p.mention.rule == "suffix.prefixed":
            owner = next((q for q in placed if q.mention.end == p.mention.start and q.entity.type in orgs), None)
            if owner is not None:
                out.append(_relation(doc, owner.entity, "develops", p.entity, owner.mention.start, p.mention.end, "develops.prefix"))
    return out


def _is_subject(text: str, start: int) -> bool:
    """A name that opens its clause, or follows a support verb (支持A建设C), is who builds."""
    before = text[max(0, start - 4) : start]
    return not before or before[-1] in "，,；;。：:\n" or before.endswith(_rules().support_verbs)


def _clause_end(text: str, pos: int) -> int:
    m = re.compile(r"[，,；;。!?！？]").search(text, pos)
    return m.start() if m else len(text)


# --------------------------------------------------------------------------- all


def _unique(relations: list[Relation]) -> list[Relation]:
    """One relation per (subject, predicate, object); a subject gets one industry and one
    action (where it is first named: the reader files it there)."""
    seen: set[tuple[str, str, str]] = set()
    filed: set[tuple[str, str]] = set()
    out = []
    for r in relations:
        key = (r.subject, r.predicate, r.object)
        once = r.predicate in ("inIndustry", "inAction")
        if key in seen or (once and (r.subject, r.predicate) in filed):
            continue
        seen.add(key)
        if once:
            filed.add((r.subject, r.predicate))
        out.append(r)
    return out


def relate(doc: Document, entities: list[Entity]) -> list[Relation]:
    """Relations stated by the genre's syntax and by the document's structure."""
    scopes = action_scopes(doc)
    placed = _placed(entities)
    return _unique(
        [
            *structure(doc, entities, scopes),
            *memberships(doc, placed, scopes, entities),
            *fields(doc, placed, entities),
            *named_fields(doc, entities),
            *cooperation(doc, placed),
        ]
    )
