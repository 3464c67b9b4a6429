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
Figures inside quotation marks (slogans, names), years, ordinals and size classes of firms
(营收2亿元以上企业) are neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

import cn2an

from .model import Bound, Document, Entity, Quantity, SectionKind, Sentence, TargetKind
from .rules import alternation, rule_file
from .scope import action_scopes
from .units import known_units, normalise, split_scale, unit_kind

_NUMBER = r"(?<![A-Za-z0-9.])\d+(?:\.\d+)?(?![.\d])"
_CN_NUMBER = r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
_CN_CHAR = re.compile(r"[零〇一二两三四五六七八九十百千万亿]")
_HAN = re.compile(r"[\u4e00-\u9fffA-Za-z“\"]")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
_QUOTED = re.compile(r"“[^”“]{0,40}”|\"[^\"]{0,40}\"|《[^》]{0,40}》")
_EDGE_PUNCT = " 、,;:()“”\"'—-·"


@dataclass(frozen=True)
class _Rules:
    figure: re.Pattern[str]
    approx_infixes: frozenset[str]
    unit_lookalikes: tuple[str, ...]
    suffixes: tuple[tuple[str, Bound], ...]  # longest first
    prefixes: tuple[tuple[str, Bound], ...]
    dashes: str
    min_cn: float
    rank_units: frozenset[str]
    rank_top: tuple[str, ...]
    rank_ordinal: tuple[str, ...]
    rank_change: tuple[str, ...]
    ordinals: tuple[str, ...]
    baselines: tuple[str, ...]
    min_cn_prenominal: float
    time_units: frozenset[str]
    duration_units: frozenset[str]
    streak: tuple[str, ...]
    threshold_heads: tuple[str, ...]
    threshold_units: frozenset[str]
    threshold_followers: tuple[str, ...]
    milestones: tuple[str, ...]
    leading_patterns: re.Pattern[str]
    population: tuple[str, ...]
    structural: tuple[str, ...]
    indicator_nouns: tuple[str, ...]
    indicator_count: re.Pattern[str]
    class_noun: re.Pattern[str]
    bare_scale: re.Pattern[str]
    unitless_rank: re.Pattern[str]
    unitless_rank_unit: str
    separators: str
    item_separators: tuple[str, ...]
    leading: tuple[str, ...]
    trailing: tuple[str, ...]
    kept_endings: tuple[str, ...]
    drop_frames: tuple[re.Pattern[str], ...]
    unwrap_frames: tuple[re.Pattern[str], ...]
    exemplar: str
    short_item_max: int
    min_item_tail: int
    max_indicator: int
    growth_verbs: tuple[str, ...]
    level_markers: tuple[str, ...]
    percent_units: frozenset[str]
    distributive: str
    joint_prefixes: dict[str, tuple[str, ...]]
    uniform: re.Pattern[str]
    achievement_cues: tuple[str, ...]
    future_cues: tuple[str, ...]
    horizons: tuple[re.Pattern[str], ...]
    five_year_plan: re.Pattern[str]
    plan_period: re.Pattern[str]
    past_plan_opening: re.Pattern[str]
    plan_outline: re.Pattern[str]
    plan_epoch: tuple[int, int]
    confidence: dict[str, float]


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def _bounds(table: dict[str, list[str]]) -> tuple[tuple[str, Bound], ...]:
    pairs = [(w, Bound(b)) for b, words in table.items() for w in words]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def _unit_alternation() -> str:
    """Units longest first; a unit spelt in Latin letters must not run into another word."""
    parts = []
    for u in known_units():
        tail = "(?![A-Za-z0-9])" if u[-1].isascii() and u[-1].isalnum() else ""
        parts.append(re.escape(u) + tail)
    return "|".join(parts)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = rule_file("quantities.yaml")
    dashes = data["range_dashes"]
    number = rf"(?:{_NUMBER}|{_CN_NUMBER})"
    approx = alternation(data["approx_infixes"])
    figure = re.compile(
        rf"百分之(?P<pct>{_CN_NUMBER})"
        rf"|(?:(?P<low>{number})[{re.escape(dashes)}])?(?P<num>{number})"
        rf"(?P<scale>万亿|亿|万|千)?(?P<approx>{approx})?(?P<unit>{_unit_alternation()})"
    )
    epoch = data["five_year_plan_epoch"]
    return _Rules(
        figure=figure,
        approx_infixes=frozenset(data["approx_infixes"]),
        unit_lookalikes=tuple(data["unit_lookalikes"]),
        suffixes=_bounds(data["bound_suffixes"]),
        prefixes=_bounds(data["bound_prefixes"]),
        dashes=dashes,
        min_cn=float(data["min_chinese_numeral"]),
        rank_units=frozenset(data["rank_units"]),
        rank_top=tuple(data["rank_top_markers"]),
        rank_ordinal=tuple(data["rank_ordinal_markers"]),
        rank_change=_longest_first(data["rank_change_markers"]),
        ordinals=tuple(data["ordinal_markers"]),
        baselines=tuple(data["baseline_markers"]),
        min_cn_prenominal=float(data["min_chinese_prenominal"]),
        time_units=frozenset(data["time_units"]),
        duration_units=frozenset(data["duration_units"]),
        streak=tuple(data["streak_markers"]),
        threshold_heads=_longest_first(data["threshold_heads"]),
        threshold_units=frozenset(data["threshold_units"]),
        threshold_followers=_longest_first(data["threshold_followers"]),
        milestones=tuple(data["milestone_heads"]),
        leading_patterns=re.compile("|".join(f"(?:{p})" for p in data["leading_patterns"])),
        population=tuple(data["population_prefixes"]),
        structural=tuple(data["structural_heads"]),
        indicator_nouns=tuple(data["indicator_nouns"]),
        indicator_count=re.compile(rf"[^,;:。、]{{0,5}}(?:{alternation(data['indicator_nouns'])})"),
        class_noun=re.compile(data["class_noun_pattern"]),
        bare_scale=re.compile(f"[{data['bare_scale_chars']}]+"),
        unitless_rank=re.compile(data["unitless_rank_pattern"]),
        unitless_rank_unit=data["unitless_rank_unit"],
        separators=data["clause_separators"],
        item_separators=_longest_first(data["item_separators"]),
        leading=_longest_first(data["leading_words"]),
        trailing=_longest_first(data["trailing_words"]),
        kept_endings=tuple(data["kept_endings"]),
        drop_frames=tuple(re.compile(p) for p in data["frame_patterns"]["drop"]),
        unwrap_frames=tuple(re.compile(p) for p in data["frame_patterns"]["unwrap"]),
        exemplar=data["exemplar_marker"],
        short_item_max=int(data["short_item_max"]),
        min_item_tail=int(data["min_item_tail"]),
        max_indicator=int(data["max_indicator"]),
        growth_verbs=_longest_first(data["growth_verbs"]),
        level_markers=tuple(data["level_markers"]),
        percent_units=frozenset(data["percent_units"]),
        distributive=data["distributive_marker"],
        joint_prefixes={k: tuple(v) for k, v in data["joint_prefixes"].items()},
        uniform=re.compile(data["uniform_pattern"]),
        achievement_cues=tuple(data["achievement_cues"]),
        future_cues=tuple(data["future_cues"]),
        horizons=tuple(re.compile(p) for p in data["horizon_patterns"]),
        five_year_plan=re.compile(data["five_year_plan_pattern"]),
        plan_period=re.compile(data["plan_period_pattern"]),
        past_plan_opening=re.compile(data["past_plan_opening_pattern"]),
        plan_outline=re.compile(data["plan_outline_pattern"]),
        plan_epoch=(int(epoch["number"]), int(epoch["start"])),
        confidence={k: float(v) for k, v in data["confidence"].items()},
    )


# --- figures ---------------------------------------------------------------------------------


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


def _prefix_bound(text: str, pos: int, floor: int, rules: _Rules) -> tuple[int, Optional[Bound]]:
    for word, bound in rules.prefixes:
        if pos - len(word) >= floor and text.startswith(word, pos - len(word)):
            return pos - len(word), bound
    return pos, None


def _suffix_bound(text: str, pos: int, rules: _Rules) -> tuple[int, Optional[Bound]]:
    for word, bound in rules.suffixes:
        if text.startswith(word, pos):
            return pos + len(word), bound
    return pos, None


def find_figures(text: str, start: int, end: int) -> list[Figure]:
    """Every figure in text[start:end] (clean text), a range giving two."""
    rules = _rules()
    figures: list[Figure] = []
    for m in rules.figure.finditer(text, start, end):
        fig_start, bound = _prefix_bound(text, m.start(), start, rules)
        if m.group("pct") is not None:
            value, unit, chinese, low = _number(m.group("pct")), "%", True, None
        elif rules.bare_scale.fullmatch(m.group("num")) and not m.group("low"):
            if bound is None:
                continue  # 千家万户, not a figure
            # One of a scale (1 千亿元): not a small numeral, so not rhetoric.
            value, unit, chinese, low = 1.0, m.group("num") + (m.group("scale") or "") + m.group("unit"), False, None
        else:
            value, chinese = _number(m.group("num")), bool(_CN_CHAR.match(m.group("num")))
            unit = (m.group("scale") or "") + m.group("unit")
            low = _number(m.group("low")) if m.group("low") else None
        if value is None or text.startswith(rules.unit_lookalikes, m.start("unit")):
            continue
        fig_end, suffix = _suffix_bound(text, m.end(), rules)
        if m.group("approx"):
            bound = Bound.APPROX
        bound = suffix or bound or Bound.EXACT
        fig = Figure(fig_start, m.start(), fig_end, value, unit, bound, chinese)
        if low is not None:
            figures.append(replace(fig, value=low, bound=Bound.AT_LEAST, in_range=True))
            fig = replace(fig, bound=Bound.AT_MOST, in_range=True)
        figures.append(fig)
    figures += _unitless_ranks(text, start, end, rules)
    figures.sort(key=lambda f: f.num_start)
    return _join_ranges(text, figures, rules)


def _unitless_ranks(text: str, start: int, end: int, rules: _Rules) -> list[Figure]:
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


def _join_ranges(text: str, figures: list[Figure], rules: _Rules) -> list[Figure]:
    """增长4%—4.5%: two figures of one unit joined by a dash are a range (at_least, at_most)."""
    out = list(figures)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.unit == b.unit and b.num_start == a.end + 1 and text[a.end] in rules.dashes:
            out[i] = replace(a, bound=Bound.AT_LEAST, in_range=True)
            out[i + 1] = replace(b, bound=Bound.AT_MOST, in_range=True)
    return out


def _rank_form(text: str, fig: Figure, floor: int, rules: _Rules) -> Optional[Figure]:
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


# --- which figures count ---------------------------------------------------------------------


def _quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text, start, end)]


def _is_milestone(text: str, fig: Figure, rules: _Rules) -> bool:
    """迈上3万亿元台阶: a level the indicator before it reaches."""
    return split_scale(fig.unit)[1] in rules.threshold_units and text.startswith(rules.milestones, fig.end)


def _is_prenominal(text: str, fig: Figure, end: int, figures_at: dict[int, Figure], rules: _Rules) -> bool:
    """The figure stands before the noun it counts (新建6家市级中试基地, 70%以上的乡镇)."""
    if fig.kind is not None or _is_milestone(text, fig, rules):
        return False
    pos = fig.end
    if split_scale(fig.unit)[1] in rules.percent_units:
        return text.startswith("的", pos)
    if pos < end and text[pos] == "的":
        pos += 1
    if pos in figures_at:
        return True
    for sep in rules.item_separators:
        if text.startswith(sep, pos) and (sep == "、" or pos + len(sep) in figures_at):
            return False
    return pos < end and bool(_HAN.match(text, pos))


def _is_threshold(text: str, fig: Figure, end: int, figures_at: dict[int, Figure], rules: _Rules) -> bool:
    """A size class (营收2亿元以上企业, 20亿元、50亿元企业): money or measure before a firm noun."""
    if split_scale(fig.unit)[1] not in rules.threshold_units:
        return False
    if text.startswith(rules.threshold_heads, fig.end) or text.startswith(rules.threshold_followers, fig.end):
        return True
    # 10万千瓦及以下燃煤机组: a bound written after the figure and a noun right after it name a class
    suffixed = any(text.endswith(word, fig.num_start, fig.end) for word, _ in rules.suffixes)
    if suffixed and fig.bound in (Bound.AT_LEAST, Bound.AT_MOST) and _HAN.match(text, fig.end):
        return True
    nxt = figures_at.get(fig.end + 1)
    return text[fig.end : fig.end + 1] == "、" and nxt is not None and _is_threshold(text, nxt, end, figures_at, rules)


def _skip_reason(text: str, fig: Figure, s: Sentence, figures_at: dict[int, Figure], quotes: list[tuple[int, int]],
                 prenominal: bool, rules: _Rules) -> Optional[str]:
    """Why a figure is neither a target nor an achievement, or None if it is one."""
    _, bare = split_scale(fig.unit)
    if any(a <= fig.num_start and fig.end <= b for a, b in quotes):
        return "quoted"
    if fig.chinese and fig.kind is None and fig.value < (rules.min_cn_prenominal if prenominal else rules.min_cn):
        return "rhetoric"
    if bare == "年" and fig.value >= 1900:
        return "year"
    if fig.kind is None and text[s.start : fig.num_start].endswith(rules.ordinals):
        return "ordinal"
    if bare in rules.duration_units and not text[s.start : fig.start].endswith(rules.streak):
        return "duration"
    if fig.kind is None and text[s.start : fig.num_start].endswith(rules.population):
        return "population"
    if _is_threshold(text, fig, s.end, figures_at, rules):
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


def _restates_list(before: str, fig: Figure, rules: _Rules) -> bool:
    """推动甲、乙、丙3个综保区: a count that only says how many items were just named (after 等 the
    items are examples, and the count says more)."""
    if "、" not in before or rules.exemplar in before or not fig.value.is_integer():
        return False
    items = before.count("、") + 1
    last = before[before.rfind("、") + 1 :]
    joined = any(sep in last for sep in rules.item_separators if sep != "、")
    return fig.value == items or (joined and fig.value == items + 1)


def _baseline_marker(text: str, figures: list[Figure], i: int, floor: int, rules: _Rules) -> Optional[int]:
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


# --- indicators ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    """An indicator as spans of the text (a frame such as 在…中 leaves a hole)."""

    pieces: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.pieces[0][0] if self.pieces else 0

    @property
    def end(self) -> int:
        return self.pieces[-1][1] if self.pieces else 0

    def clean(self, text: str) -> str:
        return "".join(text[a:b] for a, b in self.pieces)

    def surface(self, original: str) -> str:
        return "".join(original[a:b] for a, b in self.pieces)

    def __bool__(self) -> bool:
        return any(b > a for a, b in self.pieces)


def _trim_edges(text: str, a: int, b: int, rules: _Rules) -> tuple[int, int]:
    """Strip leading/trailing function words, verbs and punctuation until nothing changes."""
    changed = True
    while changed and a < b:
        changed = False
        # A quotation mark closed (or opened) inside the indicator stays: “好房子”示范项目.
        while a < b and text[a] in _EDGE_PUNCT and not (text[a] == "“" and "”" in text[a:b]):
            a, changed = a + 1, True
        while a < b and text[b - 1] in _EDGE_PUNCT and not (text[b - 1] == "”" and "“" in text[a:b]):
            b, changed = b - 1, True
        segment = text[a:b]
        # One tuple test first: most edges need no trimming, and the word loop is the slow part.
        if segment.endswith(rules.trailing) and not segment.endswith(rules.kept_endings):
            word = next(w for w in rules.trailing if segment.endswith(w))
            b, changed = b - len(word), True
        if text.startswith(rules.leading, a, b):
            word = next(w for w in rules.leading if text.startswith(w, a, b))
            a, changed = a + len(word), True
        m = rules.leading_patterns.match(text, a, b)
        if m and m.end() > a:
            a, changed = m.end(), True
        if text[a:b] in rules.item_separators:
            a = b
    return a, b


def _name(text: str, a: int, b: int, rules: _Rules) -> _Name:
    """The indicator in text[a:b]: trimmed, prepositional frames and exemplar lists removed."""
    a, b = _trim_edges(text, a, b, rules)
    for frame in rules.drop_frames:
        m = frame.match(text, a, b)
        if m and m.end() < b:
            a, b = _trim_edges(text, m.end(), b, rules)
    pieces: tuple[tuple[int, int], ...] = ((a, b),)
    for frame in rules.unwrap_frames:
        m = frame.match(text, a, b)
        if m and m.end() < b:
            pieces = ((m.start(1), m.end(1)), (m.end(), b))
            break
    head_a, head_b = pieces[-1]
    marker = text.rfind(rules.exemplar, head_a, head_b)
    if marker > 0 and "、" in text[pieces[0][0] : marker] and head_b - marker > 2:
        pieces = (_trim_edges(text, marker + 1, head_b, rules),)
    if b - a > rules.max_indicator:
        pieces = ((pieces[-1][1] - rules.max_indicator, pieces[-1][1]),)
    return _Name(tuple(p for p in pieces if p[1] > p[0]))


def _noun_after(text: str, pos: int, end: int, figures_at: dict[int, Figure], rules: _Rules) -> tuple[int, int]:
    """The noun phrase a prenominal figure counts: up to a clause break, or up to an item
    separator that opens the next figure (…、12家众创空间和4家…)."""
    if pos < end and text[pos] == "的":
        pos += 1
    while pos in figures_at:
        pos = figures_at[pos].end
    stop = pos
    while stop < end and stop - pos < rules.max_indicator and text[stop] not in rules.separators:
        if stop in figures_at:  # the next figure: its own noun starts after the last 、 before it
            breaks = [text.rfind(sep, pos, stop) for sep in rules.item_separators]
            item_break = max(breaks)
            return pos, item_break if item_break > pos else stop
        stop += 1
    return pos, stop


def _complete(items: list[str], rules: _Rules) -> list[str]:
    """When every item before the last is a short modifier (城镇、乡村居民…), each takes the last
    item's tail; items that are nouns of their own (销售收入、税收、研发投入) stay as they are."""
    *heads, last = items
    if not all(len(h) == 1 or len(h) <= rules.short_item_max <= len(last) - rules.min_item_tail for h in heads):
        return items
    return [h + last[len(h) :] for h in heads] + [last]


# --- kind, time and role ---------------------------------------------------------------------


def _kind(fig: Figure, raw_before: str, indicator: str, rules: _Rules) -> TargetKind:
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


def _plan_end(number: int, rules: _Rules) -> int:
    first_number, first_start = rules.plan_epoch
    return first_start + 5 * (number - first_number) + 4


def _plan_end_for_year(year: int, rules: _Rules) -> int:
    first_number, first_start = rules.plan_epoch
    return _plan_end(first_number + (year - first_start) // 5, rules)


def _plan_years(text: str, start: int, end: int, year: Optional[int], pattern: re.Pattern[str],
                rules: _Rules) -> list[tuple[int, int]]:
    """(offset, end year) of each five-year plan named in text[start:end] that has not ended."""
    found = []
    for m in pattern.finditer(text, start, end):
        plan_end = _plan_end(10 + int(cn2an.cn2an(m.group(1), "smart")), rules)
        if year is None or plan_end >= year:  # a past plan (十四五 in a 2026 report) is no horizon
            found.append((m.start(), plan_end))
    return found


def _target_horizon(text: str, s: Sentence, pos: int, section: SectionKind, year: Optional[int],
                    rules: _Rules) -> Optional[int]:
    """The year a target is for. An explicit year (到2030年, 2027年底) before the figure in its
    sentence wins, else one after it in its clause; else the year of the section: the outlook's
    five-year plan ends its last year, this year's work is the report's year. A 十五五 phrase moves a
    target outside the outlook only when it sets the sentence's time before the figure
    (“十五五”时期…); one named in passing (完成“十五五”目标, 着眼“十五五”开局) does not."""
    clause_end = pos
    while clause_end < s.end and text[clause_end] not in rules.separators:
        clause_end += 1
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


def _is_past_plan_paragraph(text: str, start: int, year: Optional[int], rules: _Rules) -> bool:
    """A paragraph that opens on a five-year plan already over (“十四五”时期, 这五年…) reviews it,
    even inside the outlook: its figures are that plan's results."""
    m = rules.past_plan_opening.match(text, start)
    if m is None:
        return False
    if m.group(1) is None:
        return True
    return year is not None and _plan_end(10 + int(cn2an.cn2an(m.group(1), "smart")), rules) < year


def _past_years(text: str, year: Optional[int]) -> list[tuple[int, int]]:
    """(year, offset) of each year before ``year`` named in ``text``."""
    return [(int(m.group(1)), m.start()) for m in _YEAR.finditer(text) if year is not None and int(m.group(1)) < year]


def _is_achievement(section: SectionKind, before: str, year: Optional[int], rules: _Rules) -> bool:
    """Review figures, and elsewhere a figure whose nearest time cue before it (in its sentence)
    points to the past: 2026年…增长7.2%, 已…, 连续… (but 今年…, 到2030年…, 力争… point ahead)."""
    if section is SectionKind.REVIEW:
        return True
    past = [before.rfind(cue) for cue in rules.achievement_cues]
    past += [m.start() for m in _YEAR.finditer(before) if year is not None and int(m.group(1)) < year]
    future = [before.rfind(cue) for cue in rules.future_cues]
    return max(past, default=-1) > max(future, default=-1)


def _achievement_horizon(sentence: str, year: Optional[int], rules: _Rules) -> Optional[int]:
    """The year an achievement is for: the latest past year its sentence names (not one a change
    starts from: 从2021年的…提高到…), else the end of a plan it names, else the year before."""
    past = [y for y, at in _past_years(sentence, year) if not sentence.endswith(rules.baselines, 0, at)]
    if past:
        return max(past)
    plan = rules.five_year_plan.search(sentence)
    if plan:
        return _plan_end(10 + int(cn2an.cn2an(plan.group(1), "smart")), rules)
    return year - 1 if year is not None else None


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


def _clause_start(text: str, pos: int, floor: int, rules: _Rules) -> int:
    i = pos
    while i > floor and text[i - 1] not in rules.separators:
        i -= 1
    return i


def _read_sentence(doc: Document, s: Sentence, rules: _Rules) -> list[_Reading]:
    text, original = doc.text, doc.report.text
    figures = [_rank_form(text, f, s.start, rules) or f for f in find_figures(text, s.start, s.end)]
    figures_at = {f.start: f for f in figures}
    figures_at.update({f.num_start: f for f in figures})
    quotes = _quoted_spans(text, s.start, s.end)
    readings: list[_Reading] = []
    cut_at: Optional[int] = None  # a population figure (全市16个县区) ends the indicator before it
    prev_end = s.start
    prev: Optional[_Reading] = None
    last_skip: Optional[tuple[str, int]] = None  # why the figure before was skipped, and its end
    for i, fig in enumerate(figures):
        if fig.bound is Bound.EXACT and _is_milestone(text, fig, rules):
            fig = replace(fig, bound=Bound.AT_LEAST)
        prenominal = _is_prenominal(text, fig, s.end, figures_at, rules)
        reason = _skip_reason(text, fig, s, figures_at, quotes, prenominal, rules)
        clause = _clause_start(text, fig.start, s.start, rules)
        if reason is None and i + 1 < len(figures):
            baseline = _baseline_marker(text, figures, i, max(clause, prev_end), rules)
            if baseline is not None:
                reason, cut_at = "baseline", baseline
        if reason is None and last_skip is not None and text[last_skip[1] : fig.num_start] == "、":
            reason = last_skip[0] if last_skip[0] == "ordinal" else None  # 第三次、第四次会议
        last_skip = (reason, fig.end) if reason is not None else None
        if reason == "population":
            cut_at = next(fig.num_start - len(p) for p in rules.population if text.endswith(p, s.start, fig.num_start))
        if reason is not None:
            continue
        seg_start = max(clause, prev_end)
        if prenominal and _restates_list(text[seg_start : fig.start], fig, rules):
            continue
        if prev is not None:  # …24家和B 3家: the 和 joins this item to the one before
            seg_start += next((len(sep) for sep in rules.item_separators if text.startswith(sep, seg_start)), 0)
        seg_end = cut_at if cut_at is not None and seg_start <= cut_at < fig.start else fig.start
        cut_at = None
        raw_before = text[seg_start : fig.start]
        reading = (
            _read_prenominal(text, original, fig, seg_start, s, figures_at, rules)
            if prenominal
            else _read_postnominal(text, original, fig, seg_start, seg_end, clause, s, prev, quotes, rules)
        )
        kind = _kind(fig, raw_before, reading.names[0] if reading.names else "", rules)
        if prev is not None and not raw_before.strip(" 、和及与" + rules.dashes) and fig.kind is None:
            kind = prev.kind if split_scale(prev.figure.unit)[1] == split_scale(fig.unit)[1] else kind
        reading = replace(reading, kind=kind)
        readings.append(reading)
        prev, prev_end = reading, reading.end
    return _distribute(text, readings, s, rules)


def _read_prenominal(text: str, original: str, fig: Figure, seg_start: int, s: Sentence,
                     figures_at: dict[int, Figure], rules: _Rules) -> _Reading:
    noun_a, noun_b = _noun_after(text, fig.end, s.end, figures_at, rules)
    noun = _name(text, noun_a, noun_b, rules)
    lead = _name(text, seg_start, fig.start, rules)
    # The words before the figure qualify its noun (促消费25项举措, 新建6家…) unless they end in a
    # verb that was trimmed (整体提升100所学校) or run long.
    raw_end = len(text[seg_start : fig.start].rstrip(_EDGE_PUNCT)) + seg_start
    short_lead = lead and lead.end == raw_end and lead.end - lead.start <= 10 and "、" not in text[seg_start : fig.start]
    name = (lead.surface(original) if short_lead else "") + noun.surface(original)
    conf = rules.confidence["chinese_numeral" if fig.chinese else "prenominal"]
    return _Reading(fig, (name,) if name else (), TargetKind.COUNT, fig.num_start, max(noun_b, fig.end),
                    "figure.prenominal", conf)


def _read_postnominal(text: str, original: str, fig: Figure, seg_start: int, seg_end: int, clause: int,
                      s: Sentence, prev: Optional[_Reading], quotes: list[tuple[int, int]],
                      rules: _Rules) -> _Reading:
    name = _name(text, seg_start, seg_end, rules)
    rule = "rank" if fig.kind is not None else "figure.postnominal"
    conf = rules.confidence["chinese_numeral" if fig.chinese else "postnominal"]
    if name:
        names: tuple[str, ...] = (name.surface(original),)
        start = name.start
    elif prev is not None:
        names, start, rule, conf = prev.names, fig.start, rule + ".inherited", rules.confidence["inherited"]
    else:
        prev_clause = _clause_start(text, max(clause - 1, s.start), s.start, rules)
        fallback = _name(text, prev_clause, max(clause - 1, prev_clause), rules)
        names = (fallback.surface(original),) if fallback else ()
        start, rule, conf = fallback.start if fallback else fig.start, rule + ".previous_clause", rules.confidence["inherited"]
    if fig.in_range:
        rule += ".range"
    return _Reading(fig, names, TargetKind.LEVEL, start, fig.end, rule, conf)


def _distribute(text: str, readings: list[_Reading], s: Sentence, rules: _Rules) -> list[_Reading]:
    """分别 chains take one enumerated item each; a rate (or any figure after 均) over an
    enumeration applies to every item."""
    out: list[_Reading] = []
    i = 0
    while i < len(readings):
        head = readings[i]
        chain = [head]
        while i + len(chain) < len(readings) and readings[i + len(chain)].rule.endswith(".inherited") \
                and readings[i + len(chain)].names == head.names:
            chain.append(readings[i + len(chain)])
        clause = _clause_start(text, head.figure.start, s.start, rules)
        if len(chain) > 1 and rules.distributive in text[clause : head.figure.start]:
            items = _enumerated(head, len(chain), rules)
            if items:
                conf = rules.confidence["distributed"]
                out += [replace(r, names=(item,), rule="figure.distributed", confidence=conf)
                        for r, item in zip(chain, items)]
                i += len(chain)
                continue
        items = _enumerated(head, None, rules)
        uniform = rules.uniform.search(text, clause, head.figure.start) is not None
        if items and (head.kind is TargetKind.GROWTH or uniform) and not head.figure.in_range:
            out += [replace(r, names=tuple(items), rule=r.rule + ".enumeration") for r in chain]
        else:
            out += chain
        i += len(chain)
    return out


def _enumerated(reading: _Reading, count: Optional[int], rules: _Rules) -> list[str]:
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
        items = [it.strip(_EDGE_PUNCT) for it in parts]
        if len(items) > 1 and all(items) and (count is None or len(items) == count):
            return _complete(items, rules)
    return []


# --- the report ------------------------------------------------------------------------------


def quantify(doc: Document, entities: list[Entity]) -> tuple[list[Quantity], list[Quantity]]:
    """(targets, achievements) stated in the report."""
    rules = _rules()
    scopes = action_scopes(doc)
    year = doc.report.meta.year
    targets: list[Quantity] = []
    achievements: list[Quantity] = []
    outline_at: dict[int, Optional[int]] = {}  # paragraph → where it names the plan's outline (纲要)
    for s in doc.sentences:
        if s.start >= doc.clean.content_end:
            break
        paragraph = doc.paragraphs[s.paragraph]
        section = paragraph.section
        if section is not SectionKind.REVIEW and _is_past_plan_paragraph(doc.text, paragraph.start, year, rules):
            section = SectionKind.REVIEW
        if s.paragraph not in outline_at:  # once per paragraph: a paragraph can be long
            found = rules.plan_outline.search(doc.text, paragraph.start, paragraph.end)
            outline_at[s.paragraph] = found.start() if found else None
        outline = outline_at[s.paragraph]
        for r in _read_sentence(doc, s, rules):
            before = doc.text[s.start : r.figure.start]
            if outline is not None and outline < r.figure.start and section is not SectionKind.REVIEW:
                section = SectionKind.OUTLOOK  # a paragraph on the five-year plan's outline (纲要)
            is_achievement = _is_achievement(section, before, year, rules)
            horizon = (
                _achievement_horizon(s.text, year, rules)
                if is_achievement
                else _target_horizon(doc.text, s, r.figure.start, section, year, rules)
            )
            action = None if is_achievement else scopes.action_at(r.figure.num_start)
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
                    is_achievement=is_achievement,
                )
                (achievements if is_achievement else targets).append(q)
    return targets, achievements
