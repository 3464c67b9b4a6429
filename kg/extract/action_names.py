"""action_names: the named actions a report launches, found in its text (before scoping).

How the genre writes actions (the words live in resources/actions.yaml):
- a launch verb, then a name ending in a suffix: 开展科技创新赋能行动 → 科技创新赋能行动;
  quoted names keep their quotes only in the alias (“百企百项”行动 → 百企百项行动);
- a list before one suffix names several actions when each clause is itself an action
  (实施种业振兴、耕地质量提升行动 → 种业振兴行动, 耕地质量提升行动).
Which action each offset of the text is in is scope's step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..model import Document
from .lexicon import lexicon
from .rules import alternation, rule_file
from .text import norm_name
from .words import is_common_word, opens_with_verb

_OPEN_QUOTES = "“‘「『《\""
CLOSE_QUOTES = "”’」』》\""
_CLAUSE_BREAK = "，,；;：:。！!？?\n"


@dataclass(frozen=True)
class ActionRules:
    suffix: re.Pattern[str]
    need_verb: frozenset[str]
    plan_verbs: tuple[str, ...]
    launch_verb: re.Pattern[str]
    prefix_trim: tuple[str, ...]
    cut_after: tuple[str, ...]
    programme_plan: re.Pattern[str]
    infrastructure: re.Pattern[str]
    subject_follower: re.Pattern[str]
    not_followed: re.Pattern[str]
    generic_stem: re.Pattern[str]
    not_action: re.Pattern[str]
    counted_group: re.Pattern[str]
    target_stem: re.Pattern[str]
    min_stem: int
    list_heads: tuple[str, ...]
    short_lead_max: int
    lead_verb_window: int


@lru_cache(maxsize=1)
def action_rules() -> ActionRules:
    data = rule_file("actions.yaml")["actions"]
    return ActionRules(
        suffix=re.compile(alternation(data["suffixes"])),
        need_verb=frozenset(data["need_verb"]),
        plan_verbs=tuple(data["plan_verbs"]),
        launch_verb=re.compile(alternation(data["launch_verbs"])),
        prefix_trim=tuple(data["name_prefix_trim"]),
        cut_after=tuple(data["name_cut_after"]),
        programme_plan=re.compile(alternation(data["programme_plan_words"])),
        infrastructure=re.compile(alternation(data["infrastructure_words"])),
        subject_follower=re.compile(alternation(data["subject_followers"])),
        not_followed=re.compile(alternation(data["not_followed_by"])),
        generic_stem=re.compile(data["generic_stems_regex"]),
        not_action=re.compile(data["not_actions_regex"]),
        counted_group=re.compile(data["counted_group_regex"]),
        target_stem=re.compile(data["target_stem_regex"]),
        min_stem=int(data["min_stem"]),
        list_heads=tuple(data["list_item_heads"]),
        short_lead_max=int(data["short_lead_max"]),
        lead_verb_window=int(data["lead_verb_window"]),
    )


@dataclass(frozen=True)
class FoundAction:
    """An action name found in the text (before scoping)."""

    name: str
    start: int
    end: int
    aliases: tuple[str, ...]
    rule: str
    group: int  # where the suffix is: the actions of one list share it
    kind: str = "Action"  # or Programme (a 计划 that supports firms or people), or Infrastructure (a construction 工程)


def _outside_quotes(text: str, start: int, end: int) -> list[bool]:
    """For each offset in [start, end): True when it is not inside a quotation."""
    depth = 0
    flags = []
    for ch in text[start:end]:
        if ch in _OPEN_QUOTES and not (ch == '"' and depth):
            depth += 1
            flags.append(False)
        elif ch in CLOSE_QUOTES and depth:
            depth -= 1
            flags.append(False)
        else:
            flags.append(depth == 0)
    return flags


def _clause_start(text: str, pos: int, floor: int) -> int:
    """Start of the clause that ends at ``pos`` (after the last ，。；： before it)."""
    i = pos
    while i > floor and text[i - 1] not in _CLAUSE_BREAK:
        i -= 1
    return i


def _continues_name(text: str, end: int, rules: ActionRules) -> bool:
    """The suffix at ``end`` is inside a longer word or name (工程师, “迎客松行动”计划)."""
    j = end
    while j < len(text) and text[j] in CLOSE_QUOTES:
        j += 1
    if rules.suffix.match(text, j):
        return True
    return bool(rules.not_followed.match(text, end))


def _first_verb(text: str, start: int, end: int, rules: ActionRules) -> Optional[re.Match[str]]:
    """The first launch verb in text[start:end] that is not inside quotes."""
    outside = _outside_quotes(text, start, end)
    for m in rules.launch_verb.finditer(text, start, end):
        if outside[m.start() - start]:
            return m
    return None


def _split_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the 、-separated items of text[start:end] (a 、 inside quotes does not split)."""
    outside = _outside_quotes(text, start, end)
    items, s = [], start
    for i in range(start, end):
        if text[i] == "、" and outside[i - start]:
            items.append((s, i))
            s = i + 1
    items.append((s, end))
    return items


def _unquoted(text: str, start: int, end: int) -> str:
    """text[start:end] without its quoted parts (what the name says in its own words)."""
    outside = _outside_quotes(text, start, end)
    return "".join(ch for ch, out in zip(text[start:end], outside) if out)


def _good_stem(text: str, start: int, end: int, suffix: str, rules: ActionRules) -> bool:
    bare = norm_name(text[start:end])
    own_words = _unquoted(text, start, end)
    return (
        rules.min_stem <= len(bare) <= 30
        and not rules.generic_stem.match(bare)
        and not re.search(r"[，,；;：:。\d]", own_words)  # a figure is never part of a name
        and not rules.counted_group.search(own_words)
        and not rules.target_stem.match(bare)
        and not rules.not_action.match(bare + suffix)
    )


def _cut_after(text: str, start: int, end: int, words: tuple[str, ...]) -> int:
    """Where a name starts once anything up to the last of ``words`` (outside quotes) is cut."""
    outside = _outside_quotes(text, start, end)
    cut = start
    for word in words:
        i = text.rfind(word, start, end)
        while i >= 0 and not outside[i - start]:
            i = text.rfind(word, start, i)
        if i >= 0:
            cut = max(cut, i + len(word))
    return cut


def _shares_suffix(orig: str, trimmed: list[tuple[int, int, int]]) -> bool:
    """Two names before one suffix (A、B专项计划 → A专项计划, B专项计划): the first item is a name
    of its own words, not a verb phrase done on its own (改进作风、X专题行动). Not for 工程, whose
    lists are mostly construction projects (A船闸、B航道整治工程: the ending is the last one's)."""
    if len(trimmed) != 2 or lexicon().boundary.match(orig, trimmed[1][0]):
        return False
    first = norm_name(orig[trimmed[0][0] : trimmed[0][2]])
    return len(first) >= 2 and not is_common_word(first) and not opens_with_verb(first)


# Two or more quoted names before one shared tail: “A”“B”培育计划 / “A”和“B”行动.
_QUOTED_LIST = re.compile(r"((?:“[^“”]{1,12}”[、和与及]?){2,})([^“”，,；;。、]{0,6})")


def _quoted_names(text: str, orig: str, m: re.Match[str], stem_end: int, end: int, rule: str) -> list[FoundAction]:
    """“A”“B”培育计划 → A培育计划, B培育计划: each quoted name with the shared tail and suffix; the
    quoted form is an alias."""
    shared = orig[m.start(2) : m.end(2)] + orig[stem_end:end]
    names = list(re.finditer(r"“([^“”]+)”", orig[m.start(1) : m.end(1)]))
    return [
        FoundAction(name=q.group(1) + shared, start=m.start() + q.start(), end=end if q is names[-1] else m.start() + q.end(),
               aliases=(q.group() + shared,), rule=rule + ".list", group=stem_end)
        for q in names
    ]


def _names_in(text: str, orig: str, start: int, stem_end: int, end: int, rule: str, rules: ActionRules) -> list[FoundAction]:
    """The action(s) written as text[start:end], whose suffix starts at ``stem_end``.
    Patterns look at the clean ``text``; names are spelt as the report (``orig``) writes them."""
    suffix = orig[stem_end:end]
    start = _cut_after(text, start, stem_end, rules.cut_after)
    while start < stem_end and text[start] == " ":
        start += 1
    stem_stop = stem_end - 1 if stem_end > start and text[stem_end - 1] == "等" else stem_end
    whole_alias = [norm_name(orig[start:end])] if stem_stop < stem_end else []
    quoted = _QUOTED_LIST.fullmatch(text, _cut_after(text, start, stem_stop, rules.prefix_trim), stem_stop)
    if quoted:
        return _quoted_names(text, orig, quoted, stem_end, end, rule)
    items = _split_items(text, start, stem_stop)
    trimmed = [(_cut_after(text, a, b, rules.prefix_trim), a, b) for a, b in items]
    if len(items) > 1 and (all(norm_name(orig[c:b]).endswith(rules.list_heads) for c, _, b in trimmed) or (suffix != "工程" and _shares_suffix(orig, trimmed))):
        if not all(_good_stem(text, c, b, suffix, rules) for c, _, b in trimmed) or (
            suffix == "工程" and any(rules.infrastructure.search(text[c:b]) for c, _, b in trimmed)
        ):
            return []
        last = items[-1][1]
        return [
            FoundAction(
                name=norm_name(orig[c:b]) + suffix,
                start=c,
                end=end if b == last else b,
                aliases=(norm_name(orig[a:b]) + suffix,) if c > a else (),
                rule=rule + ".list",
                group=stem_end,
            )
            for c, a, b in trimmed
        ]
    if len(items) > 1 and all(norm_name(orig[c:b]).endswith(rules.list_heads) for c, _, b in trimmed[:-1]):
        start = items[-1][0]  # the earlier clauses are done on their own
    elif len(items) == 2 and (verb := lexicon().boundary.match(text, items[1][0])):
        start = verb.end()  # 治理A、建设X工程: a clause done on its own, then the name after its verb
    elif len(items) >= 3:
        return []  # a list of works, not a name
    named_from = _cut_after(text, start, stem_stop, rules.prefix_trim)
    if not _good_stem(text, named_from, stem_stop, suffix, rules):
        return []
    name = norm_name(orig[named_from:stem_stop]) + suffix
    aliases = [*whole_alias, orig[start:end], orig[named_from:end]]
    kept = tuple(dict.fromkeys(a for a in aliases if a != name))
    kind = "Programme" if suffix == "计划" and rules.programme_plan.search(name) else "Action"
    if suffix == "工程" and rules.infrastructure.search(_unquoted(text, named_from, stem_stop)):
        kind = "Infrastructure"  # 航道整治工程: a construction project, not an action
    return [FoundAction(name=name, start=named_from, end=end, aliases=kept, rule=rule, group=stem_end, kind=kind)]


def find_actions(doc: Document) -> list[FoundAction]:
    """Every action name in the report's content, in text order."""
    rules = action_rules()
    text = doc.text
    limit = doc.clean.content_end
    found: list[FoundAction] = []
    prev_end = 0
    for m in rules.suffix.finditer(text, 0, limit):
        stem_end, end = m.start(), m.end()
        if _continues_name(text, end, rules):
            continue
        clause = _clause_start(text, stem_end, 0)
        floor = clause
        coordinated = False
        if prev_end > clause:
            floor = prev_end
            while floor < stem_end and text[floor] in "和及与、 ":
                floor += 1
                coordinated = True
        suffix = m.group()
        verb = _first_verb(text, floor, stem_end, rules)
        if verb is not None:
            if suffix.endswith("计划") and not any(verb.group().endswith(v) for v in rules.plan_verbs):
                continue
            start, rule = verb.end(), "action.verb"
            while (chained := rules.launch_verb.match(text, start, stem_end)) is not None:
                start = chained.end()  # 深化拓展X行动: the name starts after the last verb
        elif coordinated:
            start, rule = floor, "action.coordinated"
        elif suffix not in rules.need_verb and rules.subject_follower.match(text, end):
            # Subject of its clause: the name starts after the last 和 / 、 of the clause.
            start = floor
            outside = _outside_quotes(text, floor, stem_end)
            for i in range(stem_end - 1, floor - 1, -1):
                if text[i] in "和、" and outside[i - floor]:
                    start = i + 1
                    break
            rule = "action.subject"
        else:
            continue
        names = _names_in(text, doc.report.text, start, stem_end, end, rule, rules)
        if names:
            found.extend(names)
            prev_end = end
    return found
