"""Figures in running text: number, scale (万, 亿), approximation (余, 多), unit and bound words
(以上, 超过, 左右), ranges (4%—4.5%) and ranks (前5名, 第3位, 全省第三), for
kg/extract/quantify.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

import cn2an

from ..model import Bound, TargetKind
from .quantity_rules import QuantityRules, quantity_rules
from .units import split_scale

_CN_CHAR = re.compile(r"[零〇一二两三四五六七八九十百千万亿]")


@dataclass(frozen=True)
class Figure:
    """A number with its unit, as written: [bound word] number [scale][余] unit [bound word]."""

    start: int  # the bound word before the number, or the number
    num_start: int
    end: int  # after the unit and any bound word after it
    value: float
    unit: str  # as written, with its scale word: 万m2, 亿元, %
    bound: Bound
    chinese: bool  # written in Chinese numerals
    kind: Optional[TargetKind] = None  # rank / rank_change when the form says so
    in_range: bool = False


def _number(s: str) -> Optional[float]:
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    try:
        return float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def _prefix_bound(text: str, pos: int, floor: int, rules: QuantityRules) -> tuple[int, Optional[Bound]]:
    for word, bound in rules.prefixes:
        if pos - len(word) >= floor and text.startswith(word, pos - len(word)):
            return pos - len(word), bound
    return pos, None


def _suffix_bound(text: str, pos: int, rules: QuantityRules) -> tuple[int, Optional[Bound]]:
    for word, bound in rules.suffixes:
        if text.startswith(word, pos):
            return pos + len(word), bound
    return pos, None


def find_figures(text: str, start: int, end: int) -> list[Figure]:
    """Every figure in text[start:end] (clean text), a range giving two."""
    rules = quantity_rules()
    figures: list[Figure] = []
    for m in rules.figure.finditer(text, start, end):
        fig_start, bound = _prefix_bound(text, m.start(), start, rules)
        if m.group("pct") is not None:
            value, unit, chinese, low = _number(m.group("pct")), "%", True, None
        elif m.group("tenths") is not None:
            tenths = _number(m.group("tenths"))
            value, unit, chinese, low = tenths * 10 if tenths is not None else None, "%", True, None
        elif rules.bare_scale.fullmatch(m.group("num")) and not m.group("low"):
            if bound is None and _suffix_bound(text, m.end(), rules)[1] is None:
                continue  # 千家万户, not a figure; 突破万亿元 and 百万吨以上 are
            # One of a scale (1 千亿元): not a small numeral, so not rhetoric.
            value, unit, chinese, low = 1.0, m.group("num") + (m.group("scale") or "") + m.group("unit"), False, None
        else:
            value, chinese = _number(m.group("num")), bool(_CN_CHAR.match(m.group("num")))
            unit = (m.group("scale") or "") + m.group("unit")
            low = _number(m.group("low")) if m.group("low") else None
        if value is None or (m.group("unit") and text.startswith(rules.unit_lookalikes, m.start("unit"))):
            continue
        fig_end, suffix = _suffix_bound(text, m.end(), rules)
        if m.group("approx") or m.group("before_scale"):  # 100余亩, 750多万人次
            bound = Bound.APPROX
        bound = suffix or bound or Bound.EXACT
        fig = Figure(fig_start, m.start(), fig_end, value, unit, bound, chinese)
        if low is not None:
            figures.append(replace(fig, value=low, bound=Bound.AT_LEAST, in_range=True))
            fig = replace(fig, bound=Bound.AT_MOST, in_range=True)
        figures.append(fig)
    figures += _unitless_ranks(text, start, end, rules)
    figures += _people_counts(text, start, end, rules)
    figures += _units_left_to_the_last(text, start, end, figures, rules)
    figures.sort(key=lambda f: f.num_start)
    return _join_ranges(text, figures, rules)


def _unitless_ranks(text: str, start: int, end: int, rules: QuantityRules) -> list[Figure]:
    """全省第三, 全国前二十, 稳居全省首位: ranks written without a unit."""
    figures = []
    for m in rules.unitless_rank.finditer(text, start, end):
        if m.group("first"):
            value, num_start, mark_start, top = 1.0, m.start("first"), m.start("first"), False
        else:
            value, num_start, mark_start, top = _number(m.group("n")), m.start("n"), m.start("mark"), m.group("mark") == "前"
        if value is None:
            continue
        bound = Bound.AT_MOST if top else Bound.EXACT
        figures.append(Figure(mark_start, num_start, m.end(), value, rules.unitless_rank_unit, bound, True,
                              kind=TargetKind.RANK))
    return figures


def _people_counts(text: str, start: int, end: int, rules: QuantityRules) -> list[Figure]:
    """为70万妇女开展筛查, 30多万监测对象: people counted with a scale word and no unit (万人)."""
    figures = []
    for m in rules.people_count.finditer(text, start, end):
        fig_start, bound = _prefix_bound(text, m.start(), start, rules)
        bound = Bound.APPROX if m.group("approx") else bound or Bound.EXACT
        unit = m.group("scale") + rules.people_unit
        figures.append(Figure(fig_start, m.start(), m.end(), float(m.group("num")), unit, bound, False))
    return figures


def _units_left_to_the_last(text: str, start: int, end: int, figures: list[Figure], rules: QuantityRules) -> list[Figure]:
    """1.2万亿、9000亿、8000亿元: numbers of a 、 chain written with a scale word and no unit take the
    unit of the figure that ends the chain."""
    by_start = {f.num_start: f for f in figures}
    found = []
    for m in rules.unitless_scaled.finditer(text, start, end):
        pos = m.end()
        while pos + 1 < end and pos + 1 not in by_start:
            nxt = rules.unitless_scaled.match(text, pos + 1, end)
            if nxt is None:
                break
            pos = nxt.end()
        last = by_start.get(pos + 1)
        if last is not None and last.kind is None:
            unit = m.group("scale") + split_scale(last.unit)[1]
            found.append(Figure(m.start(), m.start(), m.end(), float(m.group("num")), unit, Bound.EXACT, False))
    return found


def _join_ranges(text: str, figures: list[Figure], rules: QuantityRules) -> list[Figure]:
    """增长4%—4.5%: two figures of one unit joined by a dash are a range (at_least, at_most)."""
    out = list(figures)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.unit == b.unit and b.num_start == a.end + 1 and text[a.end] in rules.dashes:
            out[i] = replace(a, bound=Bound.AT_LEAST, in_range=True)
            out[i + 1] = replace(b, bound=Bound.AT_MOST, in_range=True)
    return out


def rank_form(text: str, fig: Figure, floor: int, rules: QuantityRules) -> Optional[Figure]:
    """The figure read as a rank (前15名, 第4位) or rank change (前移35名), if it is one."""
    _, bare = split_scale(fig.unit)
    if bare not in rules.rank_units or text.startswith("的", fig.end):  # 第一位的工作: an attribute
        return None
    before = text[floor : fig.num_start]
    for word in rules.rank_change:
        if before.endswith(word):
            return replace(fig, kind=TargetKind.RANK_CHANGE, start=fig.num_start - len(word))
    if before.endswith(rules.rank_top):
        bound = Bound.AT_MOST if fig.bound is Bound.EXACT else fig.bound
        return replace(fig, kind=TargetKind.RANK, bound=bound, start=fig.num_start - 1)
    if before.endswith(rules.rank_ordinal):
        return replace(fig, kind=TargetKind.RANK, start=fig.num_start - 1)
    return None

