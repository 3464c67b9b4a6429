"""guards: what a name never is, applied to every mention (rules and learned model alike) before
mentions become entities. The words are data: resources/guards.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

from ..model import CORE_TYPES, Document, EntityType
from .hits import Hit
from .text import norm_name
from .rules import alternation, rule_file
from .words import is_common_word, place_words


@dataclass(frozen=True)
class Guards:
    cut_through: re.Pattern[str]
    cut_window: int
    never_first: tuple[str, ...]
    first_words: tuple[str, ...]
    industry_not_followed: tuple[str, ...]  # words that open names though their first character never does
    generic: re.Pattern[str]
    policy: re.Pattern[str]
    types: frozenset[EntityType]
    not_action: re.Pattern[str]
    not_in_name: re.Pattern[str]
    launch_verbs: tuple[str, ...]
    firm_classes: re.Pattern[str]
    class_names: re.Pattern[str]  # national classes of parks (国家现代农业产业园), from entities.yaml
    name_openers: tuple[str, ...]
    core: frozenset[EntityType]


@lru_cache(maxsize=1)
def guards() -> Guards:
    data = rule_file("guards.yaml")
    return Guards(
        cut_through=re.compile(alternation(data["cut_through"])),
        cut_window=int(data["cut_window"]),
        never_first=tuple(data["never_first"]),
        first_words=tuple(data["first_words"]),
        industry_not_followed=tuple(data["industry_not_followed_by"]),
        generic=re.compile(alternation(data["generic_words"])),
        policy=re.compile(alternation(data["policy_words"])),
        types=frozenset(EntityType(t) for t in data["guarded_types"]),
        not_action=re.compile(rule_file("actions.yaml")["actions"]["not_actions_regex"]),
        not_in_name=re.compile(data["not_in_name_regex"]),
        launch_verbs=tuple(sorted(data["launch_verbs"], key=len, reverse=True)),
        name_openers=tuple(data["name_openers"]),
        firm_classes=re.compile(data["firm_classes_regex"]),
        class_names=re.compile(rule_file("entities.yaml")["class_names_regex"]),
        core=CORE_TYPES,
    )


# A name never opens with a list or clause mark (、改革攻坚 is the tail of a list, not a name).
_PUNCTUATION = "、，,；;：:。"


def _guarded(doc: Document, h: Hit, g: Guards) -> Optional[Hit]:
    if h.type in g.core and (g.not_in_name.search(h.name) or h.name[:1] in _PUNCTUATION):
        return None
    if h.type is EntityType.ACTION:
        return None if g.not_action.match(h.name) else h
    if h.type is EntityType.INDUSTRY and doc.report.text.startswith(g.industry_not_followed, h.end):
        return None
    if h.type not in g.types:
        return h
    orig = doc.report.text
    surface = orig[h.start : h.end]
    cut = g.cut_through.search(surface, 0, g.cut_window + 2)
    if cut is not None and cut.start() < g.cut_window and surface == h.name:
        start = h.start + cut.end()
        h = replace(h, name=norm_name(orig[start : h.end]), start=start)
    if h.rule.startswith("learned.") and (any(v in h.name[2:] for v in g.launch_verbs) or h.name.startswith(g.launch_verbs)):
        return None  # 某企业建设研发中心, 提振汽车: the model's start ran back over a verb
    if h.type in _PLACES_AND_BODIES:
        h = _without_leading_verb(_started_in_a_word(doc, h, g.launch_verbs), g.launch_verbs, g.name_openers)
    name = h.name
    if h.type is EntityType.PARK and g.class_names.match(name):
        return None
    if len(name) < 2 or name.startswith(g.never_first) and not name.startswith(g.first_words):
        return None
    if h.type is EntityType.ENTERPRISE and (g.policy.search(name) or g.generic.search(name) or g.firm_classes.search(name)):
        return None
    return h


# Names that a suffix closes and whose start the rules guess: a verb before them is not theirs.
_PLACES_AND_BODIES = (EntityType.UNIVERSITY, EntityType.RESEARCH_INSTITUTE, EntityType.PLATFORM, EntityType.PARK)


def _started_in_a_word(doc: Document, h: Hit, verbs: tuple[str, ...]) -> Hit:
    """年度|推进X区: a name whose first character ends a word begun before it started in the middle of
    that word; when a launch verb follows, the name starts there (the verb is cut next); when that
    word is itself a launch verb (对|接X), the name starts after it."""
    orig = doc.report.text
    if h.start == 0 or h.end - h.start != len(h.name) or not is_common_word(orig[h.start - 1 : h.start + 1]):
        return h
    if orig[h.start - 1 : h.start + 1] in verbs and len(h.name) > 4:
        return replace(h, name=h.name[1:], start=h.start + 1)  # 对|接X走廊: the word begun before is the verb
    if not h.name[1:].startswith(verbs):
        return h
    return replace(h, name=h.name[1:], start=h.start + 1)


def _without_leading_verb(h: Hit, verbs: tuple[str, ...], openers: tuple[str, ...]) -> Hit:
    """挂牌X大学 → X大学, 打造X科创园 → X科创园: a launch verb at the head of a name is cut while
    what is left is a name of at least four characters (创新中心 after 打造 stays whole)."""
    while True:
        verb = next((v for v in verbs if h.name.startswith(v)), "")
        rest = h.name[len(verb):]
        opens_name = rest[:2] in place_words() or rest.startswith(openers) or not is_common_word(rest[:2])
        if not verb or len(rest) < 4 or not opens_name:
            return h
        start = h.start + len(verb) if h.end - h.start == len(h.name) else h.start
        h = replace(h, name=rest, start=start)


def guard(doc: Document, hits: list[Hit]) -> list[Hit]:
    """The hits that may be names: cut after a leading particle or pronoun; without names that
    open with one, and firms that are slogans or generic classes."""
    g = guards()
    return [kept for h in hits if (kept := _guarded(doc, h, g)) is not None]
