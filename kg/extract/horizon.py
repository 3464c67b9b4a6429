"""The kind of a figure and the time it is for: target or achievement, and its horizon (the year
of the section that states it; an explicit year or a 十五五 period phrase wins), for
kg/extract/quantify.py."""

from __future__ import annotations

import re
from typing import Optional

import cn2an

from .figures import Figure
from ..model import SectionKind, Sentence, TargetKind
from .quantity_rules import QuantityRules
from .units import split_scale, unit_kind

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")


def target_kind(fig: Figure, raw_before: str, indicator: str, rules: QuantityRules) -> TargetKind:
    """What the figure states: a rank (from its form), a growth or a level for % figures (from the
    verb before it), else a count or a level (from its unit)."""
    if fig.kind is not None:
        return fig.kind
    _, bare = split_scale(fig.unit)
    if bare in rules.percent_units:
        before = raw_before.rstrip().removesuffix(rules.distributive)
        if indicator.endswith(rules.growth_verbs):  # 增速达到8%, 能耗下降18%
            return TargetKind.GROWTH
        if before.endswith(rules.level_markers):  # 覆盖率提高到90%
            return TargetKind.LEVEL
        return TargetKind.GROWTH if before.endswith(rules.growth_verbs) else TargetKind.LEVEL
    return TargetKind.COUNT if unit_kind(fig.unit) == "count" else TargetKind.LEVEL


def _plan_end(number: int, rules: QuantityRules) -> int:
    return rules.plan_start(number) + 4


def _plan_end_for_year(year: int, rules: QuantityRules) -> int:
    first_number, first_start = rules.plan_epoch
    return _plan_end(first_number + (year - first_start) // 5, rules)


def _plan_years(text: str, start: int, end: int, year: Optional[int], pattern: re.Pattern[str],
                rules: QuantityRules) -> list[tuple[int, int]]:
    """(offset, end year) of each five-year plan named in text[start:end] that has not ended."""
    found = []
    for m in pattern.finditer(text, start, end):
        plan_end = _plan_end(10 + int(cn2an.cn2an(m.group(1), "smart")), rules)
        if year is None or plan_end >= year:  # a past plan (十四五 in a 2026 report) is no horizon
            found.append((m.start(), plan_end))
    return found


def target_horizon(text: str, s: Sentence, pos: int, section: SectionKind, year: Optional[int],
                    rules: QuantityRules) -> Optional[int]:
    """The year a target is for. An explicit year (到2030年, 2027年底) before the figure in its
    sentence wins, else one after it in its clause; else the year of the section: the outlook's
    five-year plan ends its last year, this year's work is the report's year. A 十五五 phrase moves a
    target outside the outlook only when it sets the sentence's time before the figure
    (“十五五”时期…); one named in passing (完成“十五五”目标, 着眼“十五五”开局) does not."""
    clause_end = rules.clause_end(text, pos, s.end)
    found: list[tuple[int, int]] = []  # (offset, year)
    for pattern in rules.horizons:
        for m in pattern.finditer(text, s.start, clause_end):
            if year is None or int(m.group(1)) >= year:
                found.append((m.start(), int(m.group(1))))
    found += _plan_years(text, s.start, pos, year, rules.plan_period, rules)
    before = [f for f in found if f[0] < pos]
    if before:
        return max(before)[1]
    if found:
        return min(found)[1]
    if section is SectionKind.OUTLOOK and year is not None:
        return _plan_end_for_year(year, rules)
    return year


def is_past_plan_paragraph(text: str, start: int, year: Optional[int], rules: QuantityRules) -> bool:
    """A paragraph that opens on a five-year plan already over (“十四五”时期, 这五年…) reviews it,
    even inside the outlook: its figures are that plan's results."""
    m = rules.past_plan_opening.match(text, start)
    return m is not None and _plan_is_over(m, year, rules)


def _plan_is_over(m: re.Match[str], year: Optional[int], rules: QuantityRules) -> bool:
    if m.group(1) is None:  # 这五年, 过去五年
        return True
    return year is not None and _plan_end(10 + int(cn2an.cn2an(m.group(1), "smart")), rules) < year


def _past_years(text: str, year: Optional[int]) -> list[tuple[int, int]]:
    """(year, offset) of each year before ``year`` named in ``text``."""
    return [(int(m.group(1)), m.start()) for m in _YEAR.finditer(text) if year is not None and int(m.group(1)) < year]


def is_achievement(section: SectionKind, before: str, year: Optional[int], rules: QuantityRules) -> bool:
    """Review figures, and elsewhere a figure whose nearest time cue before it (in its sentence)
    points to the past: 2026年…增长7.2%, 去年…, and in its own clause 已…, 连续… (but 今年…,
    到2030年…, 力争… point ahead; a past year inside a clause, 比2022年增长…, sets no time)."""
    if section is SectionKind.REVIEW:
        return True
    clause = max(before.rfind(sep) for sep in rules.separators)
    past = [before.rfind(cue) for cue in rules.achievement_cues]
    past += [at for at in (before.rfind(cue) for cue in rules.achievement_aspects) if at > clause]
    past += [at for _, at in _past_years(before, year) if at == 0 or before[at - 1] in rules.separators]
    # … and so does a plan already over that opens a clause (“十四五”时期，全省…年均增长5.5%)
    for m in rules.past_plan_opening.finditer(before):
        at = m.end() - len(m.group(0).lstrip())
        if (at == 0 or before[at - 1] in rules.separators) and _plan_is_over(m, year, rules):
            past.append(at)
    future = [before.rfind(cue) for cue in rules.future_cues]
    return max(past, default=-1) > max(future, default=-1)


def achievement_horizon(sentence: str, year: Optional[int], rules: QuantityRules) -> Optional[int]:
    """The year an achievement is for: the latest past year its sentence names (not one a change
    starts from: 从2021年的…提高到…), else the end of a plan it names, else the year before."""
    past = [y for y, at in _past_years(sentence, year) if not sentence.endswith(rules.baselines, 0, at)]
    if past:
        return max(past)
    plan = rules.five_year_plan.search(sentence)
    if plan:
        return _plan_end(10 + int(cn2an.cn2an(plan.group(1), "smart")), rules)
    return year - 1 if year is not None else None



def reports_five_years(text: str, start: int, section: SectionKind, before: bool, rules: QuantityRules) -> bool:
    """Whether a review paragraph reports the five years of the plan just ended rather than the
    last year: its opening says so (这五年, 五年来, “十四五”时期 … or 过去一年, 2025年 …), else it goes
    on as the paragraph before it."""
    if section is not SectionKind.REVIEW:
        return False
    opening = text[start : start + rules.opening_width]
    five, one = rules.five_year_opening.search(opening), rules.one_year_opening.search(opening)
    if five and (one is None or five.start() < one.start()):
        return True
    return False if one else before
