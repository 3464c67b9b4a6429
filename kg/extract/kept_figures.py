"""kept_figures: which figures of a sentence count as targets or achievements — why one is
neither (quoted, rhetoric, a year, an ordinal, a duration, a population, a size class of firms
such as 营收2亿元以上企业, a structure, a class), whether it stands before the noun it counts
(新建6家市级中试基地) or only restates how many items were just named, and whether it is the
starting point of a change (占比从31.2%提高到33.8%), and which targets restate one stated before.
Words in resources/quantities.yaml.
"""

from __future__ import annotations

import re
from typing import Optional

from ..model import Bound, Quantity, Sentence
from .figures import Figure
from .quantity_rules import QuantityRules
from .units import split_scale, unit_kind

_HAN = re.compile(r"[\u4e00-\u9fffA-Za-z“\"]")
_QUOTED = re.compile(r"“[^”“]{0,40}”|\"[^\"]{0,40}\"|《[^》]{0,40}》")


def unquoted(text: str, figures: list[Figure], start: int, end: int) -> list[Figure]:
    """The figures outside quotation marks: one inside belongs to a slogan or a name (“四个一百”,
    “高效办成一件事”), is no figure to report, and does not end the noun it stands in."""
    quotes = [(m.start(), m.end()) for m in _QUOTED.finditer(text, start, end)]
    return [f for f in figures if not any(a <= f.num_start and f.end <= b for a, b in quotes)]


def is_milestone(text: str, fig: Figure, rules: QuantityRules) -> bool:
    """迈上3万亿元台阶: a level the indicator before it reaches."""
    return split_scale(fig.unit)[1] in rules.threshold_units and text.startswith(rules.milestones, fig.end)


def is_prenominal(text: str, fig: Figure, end: int, figures_at: dict[int, Figure], rules: QuantityRules) -> bool:
    """The figure stands before the noun it counts (新建6家市级中试基地, 70%以上的乡镇), or a share
    before what it is a share of, when no verb joins it to the words before (制造业企业100%使用绿色
    电力; not 覆盖率达到100%)."""
    if fig.kind is not None or is_milestone(text, fig, rules):
        return False
    pos = fig.end
    if text.endswith(rules.money_nouns, 0, fig.start) and split_scale(fig.unit)[1] in rules.money_units:
        return False  # 发行专项债券资金1327亿元支持项目建设: the money is the fund's amount
    if split_scale(fig.unit)[1] in rules.percent_units:
        joined = text.endswith(rules.trailing + rules.growth_verbs, 0, fig.start)
        share_of = pos < end and bool(_HAN.match(text, pos)) and not text.startswith(rules.item_separators, pos)
        return text.startswith("的", pos) or (share_of and not joined)
    if pos < end and text[pos] == "的":
        pos += 1
    if pos in figures_at:
        return True
    for sep in rules.item_separators:
        if text.startswith(sep, pos) and (sep == "、" or pos + len(sep) in figures_at):
            return False
    # a number that is no figure of its own names a grade of the noun (20个500千伏输变电工程)
    return pos < end and (bool(_HAN.match(text, pos)) or text[pos].isdigit())


def is_threshold(text: str, fig: Figure, end: int, figures_at: dict[int, Figure], rules: QuantityRules) -> bool:
    """A size class (营收2亿元以上企业, 20亿元、50亿元企业): money or measure before a firm noun."""
    if split_scale(fig.unit)[1] not in rules.threshold_units:
        return False
    if text.startswith(rules.threshold_heads + rules.threshold_followers, fig.end):
        return True
    if fig.bound is not Bound.EXACT and text.startswith(rules.bounded_threshold_followers, fig.end):
        return True
    # 10万千瓦及以下燃煤机组: a bound written after the figure and a noun right after it name a class
    suffixed = any(text.endswith(word, fig.num_start, fig.end) for word, _ in rules.suffixes)
    if suffixed and fig.bound in (Bound.AT_LEAST, Bound.AT_MOST) and _HAN.match(text, fig.end):
        return True
    nxt = figures_at.get(fig.end + 1)
    return text[fig.end : fig.end + 1] == "、" and nxt is not None and is_threshold(text, nxt, end, figures_at, rules)


def skip_reason(text: str, fig: Figure, s: Sentence, figures_at: dict[int, Figure], prenominal: bool,
                rules: QuantityRules) -> Optional[str]:
    """Why a figure is neither a target nor an achievement, or None if it is one."""
    _, bare = split_scale(fig.unit)
    if fig.chinese and fig.kind is None and fig.value < (rules.min_cn_prenominal if prenominal else rules.min_cn):
        return "rhetoric"
    if bare == "年" and fig.value >= 1900:
        return "year"
    if fig.kind is None and text[s.start : fig.num_start].endswith(rules.ordinals):
        return "ordinal"
    if bare in rules.duration_units and not text[s.start : fig.start].endswith(rules.streak):
        return "duration"  # unless its indicator measures a span (quantify reads that)
    if fig.kind is None and unit_kind(fig.unit) == "count" and text[s.start : fig.num_start].endswith(rules.population):
        return "population"
    if is_threshold(text, fig, s.end, figures_at, rules):
        return "threshold"
    if prenominal and bare in rules.time_units:
        return "duration"
    if prenominal and (text.startswith(rules.structural, fig.end) or rules.indicator_count.match(text, fig.end)):
        return "structure"
    if not prenominal and unit_kind(fig.unit) == "count" and text.endswith(rules.indicator_nouns, s.start, fig.start):
        return "structure"  # 预期性指标19项
    if prenominal and rules.class_noun.match(text, fig.end):
        return "class"
    return None


def restates_list(before: str, fig: Figure, rules: QuantityRules) -> bool:
    """推动甲、乙、丙3个综保区, 甲、乙、丙等3条高铁: a count that only says how many items were just
    named (when 等 stands between more items than were named, they are examples, and the count
    says more)."""
    before = _QUOTED.sub("", before)  # “省市共建、一室一策”支持甲、乙、丙3个实验室: a slogan lists nothing
    listed = before.removesuffix(rules.exemplar)
    if "、" not in listed or rules.exemplar in listed or not fig.value.is_integer():
        return False
    items = listed.count("、") + 1
    last = listed[listed.rfind("、") + 1 :]
    joined = any(sep in last for sep in rules.item_separators if sep != "、")
    return fig.value == items or (joined and fig.value == items + 1)


def in_project_name(before: str, after: str, fig: Figure, rules: QuantityRules) -> bool:
    """推动甲公司60万吨乙烯、乙集团10万吨再生铝等项目建设: a capacity that is part of a project's name
    (the clause goes on to 项目, and a name, not a verb, stands before the figure)."""
    bare = split_scale(fig.unit)[1]
    if unit_kind(fig.unit) == "count" or bare in rules.percent_units or bare in rules.money_units:
        return False
    if not any(noun in after for noun in rules.project_nouns):
        return False
    item = before[before.rfind("、") + 1 :]
    return bool(item) and not item.endswith(rules.leading + rules.build_verbs)


def baseline_marker(text: str, figures: list[Figure], i: int, floor: int, rules: QuantityRules) -> Optional[int]:
    """Where 从 stands when ``figures[i]`` is the starting point of a change to a later figure
    (占比从31.2%提高到33.8%; 分别从771家、481家增加到1076家、636家): the indicator ends there."""
    fig = figures[i]
    last = i  # the chain of starting points joined after it (、, 和 …)
    while last + 2 < len(figures) and text[figures[last].end : figures[last + 1].start] in rules.item_separators:
        last += 1
    between = text[figures[last].end : figures[last + 1].start]
    if len(between) > 10 or any(c in rules.separators for c in between) or not between.endswith(rules.level_markers):
        return None
    marks = [text.rfind(m, floor, fig.num_start) for m in rules.baselines]
    found = max(marks)
    return found if found >= 0 else None


def first_statements(targets: list[Quantity], rules: QuantityRules) -> list[Quantity]:
    """Each target once, where the report first states it (it may restate it further on)."""
    kept: list[Quantity] = []
    stated: dict[tuple[object, ...], list[str]] = {}  # value, unit, horizon → indicators
    for q in targets:
        same = stated.setdefault((q.normalised_value, q.base_unit, q.horizon), [])
        if not any(_restates(q.indicator, first, rules) for first in same):
            kept.append(q)
            same.append(q.indicator)
    return kept


def _restates(indicator: str, first: str, rules: QuantityRules) -> bool:
    """Whether a target of the same value, unit and horizon is the first one again (not when the
    longer indicator adds a kept ending: 地区生产总值年均增长 is another target than 地区生产总值)."""
    if indicator.endswith(rules.goal_nouns):
        return True
    shorter, longer = sorted((indicator, first), key=len)
    if shorter == longer:
        return True
    added = longer.replace(shorter, "", 1)
    held = len(shorter) >= rules.restated_min_indicator and shorter in longer
    return held and not any(ending in added for ending in rules.kept_endings)
