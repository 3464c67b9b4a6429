"""relate: entities in their sentences → typed relations between them.

- partOf: an action → the key task of its paragraph; a sub-action → its parent (kg.scope);
- inAction: a firm, university or institute named in an action's scope;
- inIndustry: field clauses, topics, enumeration heads, support verbs, designations and names
  (kg.extract.industry_links);
- develops / partnersWith: A与B(合作)建设C; A参与C建设; an organisation written at the head of
  (or right before) the name of a platform, park or project.
The words live in resources/relations.yaml.
"""

from __future__ import annotations

from typing import Optional

from ..model import Document, Entity, EntityType, Paragraph, Relation, SectionKind
from .industry_links import Industries, fields, led_paragraphs, named_fields
from .relation_rules import Placed, clause_end, make_relation, opens_clause, placed_mentions, relation_rules
from .scope import ActionScopes, action_scopes


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
                out.append(make_relation(doc, action, "partOf", parent, ref.start, ref.end, "partOf.sub_action"))
                continue
        task = task_entity.get(paragraph.key_task) if paragraph.key_task is not None else None
        if task is not None:
            out.append(make_relation(doc, action, "partOf", task, ref.start, ref.end, "partOf.structure"))
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
            out.append(make_relation(doc, action, "partOf", parent, m.start, m.end, "partOf.sub_action"))
            continue
        paragraph = _paragraph_of(doc, m.start)
        task = task_entity.get(paragraph.key_task) if paragraph.key_task is not None else None
        if task is not None:
            out.append(make_relation(doc, action, "partOf", task, m.start, m.end, "partOf.structure"))
    return out


def _paragraph_of(doc: Document, offset: int) -> Paragraph:
    return doc.paragraphs[doc.sentence_at(offset).paragraph]


def _by_alias(entities: list[Entity], etype: EntityType, name: str) -> Optional[Entity]:
    for e in entities:
        if e.type is etype and name in e.aliases:
            return e
    return None


def memberships(doc: Document, placed: list[Placed], scopes: ActionScopes, entities: list[Entity]) -> list[Relation]:
    """inAction: organisations named inside the scope of an action this year's work launches
    (an action the review says was done has no members, as it has no place in the plan)."""
    rules = relation_rules()
    actions = {e.name: e for e in entities if e.type is EntityType.ACTION}
    for e in entities:
        if e.type is EntityType.ACTION:
            for a in e.aliases:
                actions.setdefault(a, e)
    out = []
    for p in placed:
        if p.entity.type not in rules.action_members or _paragraph_of(doc, p.mention.start).section is not SectionKind.WORK:
            continue
        ref = scopes.action_at(p.mention.start)
        action = actions.get(ref.name) if ref else None
        if action is not None:
            out.append(make_relation(doc, p.entity, "inAction", action, p.mention.start, p.mention.end, "inAction.scope"))
    return out


# --------------------------------------------------------------------------- cooperation


_ORGANISATIONS = (EntityType.ENTERPRISE, EntityType.UNIVERSITY, EntityType.RESEARCH_INSTITUTE)


def cooperation(doc: Document, placed: list[Placed]) -> list[Relation]:
    """A与B(合作)建设C → A, B develop C and are partners; 与B合作建设C → B develops C;
    支持A建设C / A深度参与C建设 → A develops C."""
    rules = relation_rules()
    builds = (EntityType.PLATFORM, EntityType.PARK)
    out: list[Relation] = []
    by_start = {p.mention.start: p for p in placed}
    for p in placed:
        if p.entity.type not in _ORGANISATIONS:
            continue
        m = p.mention
        end_of_clause = clause_end(doc.text, m.end)
        partner = None
        joined_before = bool(rules.joined.search(doc.text, max(0, m.start - 8), m.start))
        joiner = rules.joiner.match(doc.text, m.end)
        if joiner:
            partner = by_start.get(joiner.end())
            if partner is not None and partner.entity.type not in _ORGANISATIONS:
                partner = None
        if partner is not None:
            out.append(make_relation(doc, p.entity, "partnersWith", partner.entity, m.start, partner.mention.end, "partnersWith.cooperation"))
        after = (partner.mention.end if partner else m.end)
        verb = rules.build_verbs.match(doc.text, after)
        if not verb:
            continue
        alone = partner is None and not joined_before
        if alone and not _is_subject(doc.text, m.start):
            continue
        target = next((q for q in placed if verb.end() <= q.mention.start < end_of_clause and q.entity.type in builds), None)
        if target is None:
            continue
        rule = "develops.builds" if alone else "develops.cooperation"
        for who in (p, partner) if partner else (p,):
            out.append(make_relation(doc, who.entity, "develops", target.entity, m.start, target.mention.end, rule))
    return out


def owners(doc: Document, placed: list[Placed]) -> list[Relation]:
    """An organisation written at the head of the name of a platform, park or project owns it
    (中国X院Y创新基地, X电池三期, X综合产业园二期); so does one written right before a platform's
    or park's name (X大学 Y实验室)."""
    starting: dict[int, list[Placed]] = {}
    ending: dict[int, list[Placed]] = {}
    owned = (EntityType.PLATFORM, EntityType.PARK, EntityType.INFRASTRUCTURE)
    longest: dict[int, int] = {}  # where the longest owned name starting at each place ends
    for p in placed:
        if p.entity.type in _ORGANISATIONS:
            starting.setdefault(p.mention.start, []).append(p)
            ending.setdefault(p.mention.end, []).append(p)
        elif p.entity.type in owned:
            longest[p.mention.start] = max(longest.get(p.mention.start, 0), p.mention.end)
    out = []
    for q in placed:
        m = q.mention
        # of two names read at the same words (X动力电池 / X动力电池及储能), the longer is the project
        if q.entity.type in owned and m.end == longest[m.start]:
            head = next((p for p in starting.get(m.start, []) if p.mention.end < m.end), None)
            if head is not None:
                out.append(make_relation(doc, head.entity, "develops", q.entity, m.start, m.end, "develops.head"))
                continue
        if q.entity.type in (EntityType.PLATFORM, EntityType.PARK):
            before = next(iter(ending.get(m.start, [])), None)
            if before is not None:
                out.append(make_relation(doc, before.entity, "develops", q.entity, before.mention.start, m.end, "develops.prefix"))
    return out


def _is_subject(text: str, start: int) -> bool:
    """A name that opens its clause, or follows a support verb (支持A建设C), is who builds."""
    return opens_clause(text, start) or text[max(0, start - 4) : start].endswith(relation_rules().support_verbs)


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
    placed = placed_mentions(entities)
    industries = Industries(entities)
    return _unique(
        [
            *structure(doc, entities, scopes),
            *memberships(doc, placed, scopes, entities),
            # a field the sentence is scoped by comes first: 食品产业领域，…功能性食品研发中心 is
            # in 食品, the field, more than in the narrower word of its name
            *fields(doc, placed, industries),
            *named_fields(doc, entities, industries, placed),
            *led_paragraphs(doc, placed, industries),
            *cooperation(doc, placed),
            *owners(doc, placed),
        ]
    )
