"""The words of resources/relations.yaml, and what every relation rule family of relate shares:
mentions in text order, the end of a clause, and how a relation is written down."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..model import Document, Entity, EntityType, Mention, Relation
from .rules import alternation, rule_file

_CLAUSE_END = re.compile(r"[，,；;。!?！？]")


@dataclass(frozen=True)
class RelationRules:
    field_suffix: re.Pattern[str]
    field_opener: re.Pattern[str]
    topic_tail: str
    topic_not_followed_by: str
    designation: re.Pattern[str]
    lead_length: int
    lead_verb: re.Pattern[str]
    place_list_heads: tuple[str, ...]
    industry_subjects: frozenset[EntityType]
    action_members: frozenset[EntityType]
    joiner: re.Pattern[str]  # matches a joiner word where it starts
    joined: re.Pattern[str]  # matches a joiner word that ends the text searched (at most 8 characters)
    build_verbs: re.Pattern[str]
    support_verbs: tuple[str, ...]
    support_tail: re.Pattern[str]
    confidence: dict[str, float]


@lru_cache(maxsize=1)
def relation_rules() -> RelationRules:
    data = rule_file("relations.yaml")["relations"]
    return RelationRules(
        field_suffix=re.compile(data["field_suffix_regex"]),
        field_opener=re.compile(f"(?:{alternation(data['field_adverbs'])})?(?:{alternation(data['field_verbs'])})"),
        topic_tail=alternation(data["topic_tails"]),
        topic_not_followed_by=alternation(data["topic_not_followed_by"]),
        designation=re.compile(
            rf"[^，,；;。：:]{{0,{int(data['designation_reach'])}}}?(?:{alternation(data['designation_verbs'])})"
            rf"([^，,；;。：:]*?(?:{alternation(data['designation_heads'])}))"
        ),
        lead_length=int(data["lead_length"]),
        lead_verb=re.compile(alternation(data["lead_verbs"])),
        place_list_heads=tuple(data["place_list_heads"]),
        industry_subjects=frozenset(EntityType(t) for t in data["industry_subjects"]),
        action_members=frozenset(EntityType(t) for t in data["action_members"]),
        joiner=re.compile(alternation(data["partner_joiners"])),
        joined=re.compile(f"(?:{alternation(data['partner_joiners'])})$"),
        # the verb may follow an adverb (A加快建设C / A积极参与C建设)
        build_verbs=re.compile(f"(?:{alternation(data['field_adverbs'])})?(?:{alternation(data['build_verbs'])})"),
        support_verbs=tuple(data["support_verbs"]),
        support_tail=re.compile(data["support_tail_regex"]),
        confidence={k: float(v) for k, v in data["confidence"].items()},
    )


@dataclass(frozen=True)
class Placed:
    """A mention with its entity, for looking up what is written where."""

    entity: Entity
    mention: Mention


def placed_mentions(entities: Iterable[Entity]) -> list[Placed]:
    """Every mention of every entity, in text order."""
    return sorted((Placed(e, m) for e in entities for m in e.mentions), key=lambda p: p.mention.start)


def opens_clause(text: str, start: int) -> bool:
    """Whether a name written at ``start`` opens its clause (or the text)."""
    return start == 0 or text[start - 1] in "，,；;。：:\n"


def clause_end(text: str, pos: int) -> int:
    m = _CLAUSE_END.search(text, pos)
    return m.start() if m else len(text)


def make_relation(doc: Document, subj: Entity, pred: str, obj: Entity, start: int, end: int, rule: str) -> Relation:
    """A relation with the evidence of text[start:end] and its rule's confidence."""
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
        confidence=relation_rules().confidence.get(rule, 0.6),
    )
