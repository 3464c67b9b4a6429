"""quantify: sentences → typed quantities, split into targets and achievements.

How the genre states a figure (the words live in resources/quantities.yaml, the units in
resources/units.tsv):
- after its indicator (postnominal): 农业总产值增长4%, 限上销售额达120亿元以上, 新增孵化载体9家;
- before its counted noun (prenominal): 新建6家市级中试基地, 建成25万m2高标准厂房;
- as a rank: 进入全市16个县区前5名 (rank), 位次前移10名以上 (rank_change), 居全省第3位;
- a range is two figures (增长4%—4.5%: at_least 4, at_most 4.5); 分别 distributes a chain of
  figures over an enumeration (城镇、乡村居民人均收入分别增长5%、7%); one rate over an
  enumeration applies to each item (销售收入、税收、研发投入增长15%以上).
A figure in the review section, or in a sentence that reports the past, is an achievement.
Figures inside quotation marks (slogans, names), years, ordinals, durations (unless their
indicator measures a span: 受教育年限达到11年) and size classes of firms (营收2亿元以上企业) are neither (kept_figures says which count; figures finds them, horizon says
which year they are for, indicator_names words what they measure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

from .figures import Figure, find_figures, rank_form
from .horizon import (
    achievement_horizon,
    is_achievement,
    is_past_plan_paragraph,
    reports_five_years,
    target_horizon,
    target_kind,
)
from ..model import Bound, Document, Entity, Quantity, SectionKind, Sentence, TargetKind
from .indicator_names import EDGE_PUNCT, complete_items, indicator_name, noun_after
from .kept_figures import (
    baseline_marker,
    first_statements,
    in_project_name,
    is_milestone,
    is_threshold,
    is_prenominal,
    restates_list,
    skip_reason,
    unquoted,
)
from .quantity_rules import QuantityRules, quantity_rules
from .rules import alternation
from .scope import action_scopes
from .units import normalise, split_scale

__all__ = ["find_figures", "quantify"]


# --- one sentence ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    """A kept figure with the indicator(s) it measures."""

    figure: Figure
    names: tuple[str, ...]
    kind: TargetKind
    start: int
    end: int
    rule: str
    confidence: float


def _read_sentence(doc: Document, s: Sentence, rules: QuantityRules) -> list[_Reading]:
    text, original = doc.text, doc.report.text
    found = unquoted(text, find_figures(text, s.start, s.end), s.start, s.end)
    figures = [rank_form(text, f, s.start, rules) or f for f in found]
    figures_at = {f.start: f for f in figures}
    figures_at.update({f.num_start: f for f in figures})
    # a size class inside a counted noun does not end it (60所海拔2000米以上学校)
    nouns_at = {at: f for at, f in figures_at.items() if not is_threshold(text, f, s.end, figures_at, rules)}
    readings: list[_Reading] = []
    cut_at: Optional[int] = None  # a population (全市16个县区) or a class figure ends the indicator before it
    prev_end = s.start
    prev: Optional[_Reading] = None
    last_skip: Optional[tuple[str, int]] = None  # why the figure before was skipped, and its end
    share_end = s.start  # where the noun of a share read before ends
    for i, fig in enumerate(figures):
        if fig.num_start < share_end:
            continue  # a condition inside the share's noun (20%的村集体年收入超30万元)
        if fig.bound is Bound.EXACT and is_milestone(text, fig, rules):
            fig = replace(fig, bound=Bound.AT_LEAST)
        prenominal = is_prenominal(text, fig, s.end, figures_at, rules)
        reason = skip_reason(text, fig, s, figures_at, prenominal, rules)
        if reason == "duration" and not prenominal and _measures_a_span(text, fig, s, rules):
            reason = None
        clause = rules.clause_start(text, fig.start, s.start)
        if reason is None and i + 1 < len(figures):
            baseline = baseline_marker(text, figures, i, max(clause, prev_end), rules)
            if baseline is not None:
                reason, cut_at = "baseline", baseline
        if reason is None and last_skip is not None and text[last_skip[1] : fig.num_start] == "、":
            reason = last_skip[0] if last_skip[0] == "ordinal" else None  # 第三次、第四次会议
        last_skip = (reason, fig.end) if reason is not None else None
        if reason == "population":
            cut_at = next(fig.num_start - len(p) for p in rules.population if text.endswith(p, s.start, fig.num_start))
        elif reason == "class":  # 存款余额连跨4个万亿元台阶、突破9万亿元: the milestones passed are no part of it
            cut_at = fig.start
        if reason is not None:
            continue
        seg_start = max(clause, prev_end)
        if prenominal and restates_list(text[seg_start : fig.start], fig, rules):
            continue
        after = text[fig.end : rules.clause_end(text, fig.end, s.end)]
        if prenominal and in_project_name(text[clause : fig.start], after, fig, rules):
            continue
        if prev is not None:  # …24家和B 3家: the 和 joins this item to the one before
            seg_start += next((len(sep) for sep in rules.item_separators if text.startswith(sep, seg_start)), 0)
        seg_end = cut_at if cut_at is not None and seg_start <= cut_at < fig.start else fig.start
        cut_at = None
        raw_before = text[seg_start : fig.start]
        reading = (
            _read_prenominal(text, original, fig, seg_start, s, nouns_at, rules)
            if prenominal
            else _read_postnominal(text, original, fig, seg_start, seg_end, clause, s, prev, rules)
        )
        kind = target_kind(fig, raw_before, reading.names[0] if reading.names else "", rules)
        if prev is not None and not raw_before.strip(" 、和及与" + rules.dashes) and fig.kind is None:
            kind = prev.kind if split_scale(prev.figure.unit)[1] == split_scale(fig.unit)[1] else kind
        reading = replace(reading, kind=kind)
        readings.append(reading)
        prev, prev_end = reading, reading.end
        if prenominal and split_scale(fig.unit)[1] in rules.percent_units:
            share_end = reading.end
    return _distribute(text, _complete_modifiers(text, readings, rules), s, rules)


def _measures_a_span(text: str, fig: Figure, s: Sentence, rules: QuantityRules) -> bool:
    """受教育年限达到11年, 待泊时间减少6小时: a duration that is the value (or the change) of an
    indicator of a span is a figure."""
    name = indicator_name(text, rules.clause_start(text, fig.start, s.start), fig.start, rules).clean(text)
    ending = next((e for e in rules.kept_endings if name.endswith(e)), "")
    return name.removesuffix(ending).endswith(rules.span_nouns)


def _complete_modifiers(text: str, readings: list[_Reading], rules: QuantityRules) -> list[_Reading]:
    """培育6个国家级、9个省级产业集群: a count of a bare level (国家级) takes the head of the count
    joined after it (产业集群), taken from the end of the chain backwards."""
    out = list(readings)
    for i in range(len(out) - 2, -1, -1):
        here, after = out[i], out[i + 1]
        if here.rule != after.rule or here.rule != "figure.prenominal" or len(here.names) != 1 or not after.names:
            continue
        joined = text[here.end : after.start].strip() in rules.item_separators
        if not joined or not here.names[0].endswith(rules.modifier_endings):
            continue
        following = after.names[0]
        head = following[max(following.rfind(e) + len(e) for e in rules.modifier_endings) :]
        if head:
            out[i] = replace(here, names=(here.names[0] + head,))
    return out


def _read_prenominal(text: str, original: str, fig: Figure, seg_start: int, s: Sentence,
                     figures_at: dict[int, Figure], rules: QuantityRules) -> _Reading:
    share = split_scale(fig.unit)[1] in rules.percent_units
    noun_a, noun_b = noun_after(text, fig.end, s.end, figures_at, rules, through_figures=share)
    noun = indicator_name(text, noun_a, noun_b, rules)
    lead = indicator_name(text, seg_start, fig.start, rules)
    # The words before the figure qualify its noun (促消费25项举措, 新建6家…) unless they end in a
    # verb that was trimmed (整体提升100所学校) or run long.
    raw_end = len(text[seg_start : fig.start].rstrip(EDGE_PUNCT)) + seg_start
    short_lead = lead and lead.end == raw_end and lead.end - lead.start <= 10 and "、" not in text[seg_start : fig.start]
    name = (lead.surface(original) if short_lead else "") + noun.surface(original)
    conf = rules.confidence["chinese_numeral" if fig.chinese else "prenominal"]
    return _Reading(fig, (name,) if name else (), TargetKind.COUNT, fig.num_start, max(noun_b, fig.end),
                    "figure.prenominal", conf)


def _read_postnominal(text: str, original: str, fig: Figure, seg_start: int, seg_end: int, clause: int,
                      s: Sentence, prev: Optional[_Reading], rules: QuantityRules) -> _Reading:
    name = indicator_name(text, seg_start, seg_end, rules)
    rule = "rank" if fig.kind is not None else "figure.postnominal"
    conf = rules.confidence["chinese_numeral" if fig.chinese else "postnominal"]
    change = name.clean(text) if name and prev is not None and name.clean(text) in rules.kept_endings else ""
    if name and not change:
        names: tuple[str, ...] = (name.surface(original),)
        start = name.start
    elif prev is not None:  # …564亿元，同比下降2%: a change alone is one of the indicator before
        names = tuple(n + change for n in prev.names)
        start, rule, conf = fig.start, rule + ".inherited", rules.confidence["inherited"]
    else:
        prev_clause = rules.clause_start(text, max(clause - 1, s.start), s.start)
        fallback = indicator_name(text, prev_clause, max(clause - 1, prev_clause), rules)
        names = (fallback.surface(original),) if fallback else ()
        start, rule, conf = fallback.start if fallback else fig.start, rule + ".previous_clause", rules.confidence["inherited"]
    if fig.in_range:
        rule += ".range"
    return _Reading(fig, names, TargetKind.LEVEL, start, fig.end, rule, conf)


def _distribute(text: str, readings: list[_Reading], s: Sentence, rules: QuantityRules) -> list[_Reading]:
    """分别 chains take one enumerated item each, and so does a list of figures of one unit with as
    many figures as the enumeration has items (供热、燃气管网80公里、60公里); a rate (or any figure
    after 均) over an enumeration applies to every item."""
    out: list[_Reading] = []
    i = 0
    while i < len(readings):
        head = readings[i]
        chain = [head]
        while i + len(chain) < len(readings) and readings[i + len(chain)].rule.endswith(".inherited") \
                and readings[i + len(chain)].names == head.names:
            chain.append(readings[i + len(chain)])
        clause = rules.clause_start(text, head.figure.start, s.start)
        distributive = rules.distributive in text[clause : head.figure.start]
        if len(chain) > 1 and (distributive or _one_list(text, chain, rules)):
            items = _enumerated(head, len(chain), rules) or (_in_turns(chain, head, rules) if distributive else [])
            if items:
                conf = rules.confidence["distributed"]
                out += [replace(r, names=(item,), rule="figure.distributed", confidence=conf)
                        for r, item in zip(chain, items)]
                i += len(chain)
                continue
        items = _enumerated(head, None, rules)
        uniform = rules.uniform.search(text, clause, head.figure.start) is not None
        if items and (head.kind in rules.each_item_kinds or uniform) and not head.figure.in_range:
            out += [replace(r, names=tuple(items), rule=r.rule + ".enumeration") for r in chain]
        else:
            out += chain
        i += len(chain)
    return out


def _in_turns(chain: list[_Reading], head: _Reading, rules: QuantityRules) -> list[str]:
    """城镇、农村居民收入分别达到4.6万元、2.1万元，增长6%、8%: each run of as many figures of one unit
    as there are items takes the items in turn."""
    items = _enumerated(head, None, rules)
    n = len(items)
    if not n or len(chain) % n:
        return []
    runs = [chain[k : k + n] for k in range(0, len(chain), n)]
    if any(len({split_scale(r.figure.unit)[1] for r in run}) > 1 for run in runs):
        return []
    return items * (len(chain) // n)


def _one_list(text: str, chain: list[_Reading], rules: QuantityRules) -> bool:
    """80公里、60公里和30公里: figures of one unit joined by item separators alone (not a range, not
    占比59.2%、提高4.5个百分点, not 由162个整合为123个)."""
    units = {split_scale(r.figure.unit)[1] for r in chain}
    joined = all(text[a.figure.end : b.figure.start] in rules.item_separators for a, b in zip(chain, chain[1:]))
    return len(units) == 1 and joined and not any(r.figure.in_range for r in chain)


def _enumerated(reading: _Reading, count: Optional[int], rules: QuantityRules) -> list[str]:
    """The completed items of the reading's indicator when it enumerates several (A、B、C), or
    exactly ``count`` of them when given (a 分别 chain may also join its items with 和)."""
    if len(reading.names) != 1 or rules.exemplar in reading.names[0]:
        return []
    name = reading.names[0]
    for joint, parts in rules.joint_prefixes.items():  # 城乡居民…分别: 城镇居民…, 农村居民…
        if count == len(parts) and name.startswith(joint):
            return [part + name[len(joint) :] for part in parts]
    splits = [name.split("、")]
    if count is not None:
        splits.append(re.split("、|" + alternation(rules.item_separators), name))
    for parts in splits:
        items = [it.strip(EDGE_PUNCT) for it in parts]
        if len(items) > 1 and all(items) and (count is None or len(items) == count):
            return complete_items(items, rules)
    return []


# --- the report ------------------------------------------------------------------------------


def quantify(doc: Document, entities: list[Entity]) -> tuple[list[Quantity], list[Quantity]]:
    """(targets, achievements) stated in the report."""
    rules = quantity_rules()
    scopes = action_scopes(doc)
    year = doc.report.meta.year
    targets: list[Quantity] = []
    achievements: list[Quantity] = []
    outline_at: dict[int, Optional[int]] = {}  # paragraph → where it names the plan's outline (纲要)
    five_years = False  # the review paragraphs read so far report the plan's five years
    for s in doc.sentences:
        if s.start >= doc.clean.content_end:
            break
        paragraph = doc.paragraphs[s.paragraph]
        section = paragraph.section
        if section is not SectionKind.REVIEW and is_past_plan_paragraph(doc.text, paragraph.start, year, rules):
            section = SectionKind.REVIEW
        if s.paragraph not in outline_at:  # once per paragraph: a paragraph can be long
            found = rules.plan_outline.search(doc.text, paragraph.start, paragraph.end)
            outline_at[s.paragraph] = found.start() if found else None
            five_years = reports_five_years(doc.text, paragraph.start, section, five_years, rules)
        outline = outline_at[s.paragraph]
        for r in _read_sentence(doc, s, rules):
            before = doc.text[s.start : r.figure.start]
            if outline is not None and outline < r.figure.start and section is not SectionKind.REVIEW:
                section = SectionKind.OUTLOOK  # a paragraph on the five-year plan's outline (纲要)
            achieved = is_achievement(section, before, year, rules)
            horizon = (
                achievement_horizon(s.text, year, rules)
                if achieved
                else target_horizon(doc.text, s, r.figure.start, section, year, rules)
            )
            action = None if achieved else scopes.action_at(r.figure.num_start)
            period_start = horizon - 4 if achieved and five_years and horizon is not None else None
            normalised, base = normalise(r.figure.value, r.figure.unit)
            for name in r.names:
                q = Quantity(
                    indicator=name,
                    kind=r.kind,
                    value=r.figure.value,
                    unit=r.figure.unit,
                    bound=r.figure.bound,
                    normalised_value=normalised,
                    base_unit=base,
                    horizon=horizon,
                    action=action.name if action else None,
                    sentence=s.index,
                    start=r.start,
                    end=r.end,
                    rule=r.rule,
                    confidence=r.confidence,
                    is_achievement=achieved,
                    period_start=period_start,
                )
                (achievements if achieved else targets).append(q)
    return first_statements(targets, rules), achievements

