"""The rules kg/extract/quantify.py applies, read once from resources/quantities.yaml (and the unit
table): the words and patterns of how reports state figures, bounds, ranks, indicators and time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Bound, TargetKind
from .rules import alternation, rule_file
from .units import known_units

NUMBER = r"(?<![A-Za-z0-9.])\d+(?:\.\d+)?(?![.\d])"
CN_NUMBER = r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"


@dataclass(frozen=True)
class QuantityRules:
    figure: re.Pattern[str]
    unitless_scaled: re.Pattern[str]
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
    span_nouns: tuple[str, ...]
    streak: tuple[str, ...]
    threshold_heads: tuple[str, ...]
    threshold_units: frozenset[str]
    threshold_followers: tuple[str, ...]
    bounded_threshold_followers: tuple[str, ...]
    milestones: tuple[str, ...]
    leading_patterns: re.Pattern[str]
    trailing_patterns: re.Pattern[str]
    population: tuple[str, ...]
    structural: tuple[str, ...]
    indicator_nouns: tuple[str, ...]
    indicator_count: re.Pattern[str]
    class_noun: re.Pattern[str]
    bare_scale: re.Pattern[str]
    unitless_rank: re.Pattern[str]
    unitless_rank_unit: str
    people_count: re.Pattern[str]
    people_unit: str
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
    modifier_endings: tuple[str, ...]
    project_nouns: tuple[str, ...]
    money_units: frozenset[str]
    money_nouns: tuple[str, ...]
    build_verbs: tuple[str, ...]
    restated_min_indicator: int
    goal_nouns: tuple[str, ...]
    max_indicator: int
    growth_verbs: tuple[str, ...]
    level_markers: tuple[str, ...]
    percent_units: frozenset[str]
    distributive: str
    joint_prefixes: dict[str, tuple[str, ...]]
    uniform: re.Pattern[str]
    each_item_kinds: frozenset[TargetKind]
    achievement_cues: tuple[str, ...]
    achievement_aspects: tuple[str, ...]
    future_cues: tuple[str, ...]
    horizons: tuple[re.Pattern[str], ...]
    five_year_plan: re.Pattern[str]
    plan_period: re.Pattern[str]
    past_plan_opening: re.Pattern[str]
    plan_outline: re.Pattern[str]
    five_year_opening: re.Pattern[str]
    one_year_opening: re.Pattern[str]
    opening_width: int
    plan_epoch: tuple[int, int]
    confidence: dict[str, float]

    def clause_start(self, text: str, pos: int, floor: int) -> int:
        """Where the clause holding ``pos`` starts (at ``floor`` at the earliest)."""
        while pos > floor and text[pos - 1] not in self.separators:
            pos -= 1
        return pos

    def clause_end(self, text: str, pos: int, end: int) -> int:
        """Where the clause holding ``pos`` ends (at ``end`` at the latest)."""
        while pos < end and text[pos] not in self.separators:
            pos += 1
        return pos

    def plan_start(self, number: int) -> int:
        """The first year of the five-year plan of this number (十五五 → 2026)."""
        first_number, first_start = self.plan_epoch
        return first_start + 5 * (number - first_number)


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
def quantity_rules() -> QuantityRules:
    """The rules of resources/quantities.yaml, compiled once."""
    data = rule_file("quantities.yaml")
    dashes = data["range_dashes"]
    number = rf"(?:{NUMBER}|{CN_NUMBER})"
    approx = alternation(data["approx_infixes"])
    figure = re.compile(
        rf"百分之(?P<pct>{CN_NUMBER})|{data['tenths_pattern']}"
        rf"|(?:(?P<low>{number})[{re.escape(dashes)}])?(?P<num>{number})"
        rf"(?P<before_scale>{approx})?(?P<scale>万亿|亿|万|千)?(?P<approx>{approx})?(?P<unit>{_unit_alternation()})"
    )
    epoch = data["five_year_plan_epoch"]
    return QuantityRules(
        figure=figure,
        unitless_scaled=re.compile(rf"(?P<num>{NUMBER})(?P<scale>{alternation(data['chain_scales'])})(?=、)"),
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
        span_nouns=tuple(data["span_nouns"]),
        streak=tuple(data["streak_markers"]),
        threshold_heads=_longest_first(data["threshold_heads"]),
        threshold_units=frozenset(data["threshold_units"]),
        threshold_followers=_longest_first(data["threshold_followers"]),
        bounded_threshold_followers=_longest_first(data["bounded_threshold_followers"]),
        milestones=tuple(data["milestone_heads"]),
        leading_patterns=re.compile("|".join(f"(?:{p})" for p in data["leading_patterns"])),
        trailing_patterns=re.compile("(?:" + "|".join(f"(?:{p})" for p in data["trailing_patterns"]) + ")$"),
        population=tuple(data["population_prefixes"]),
        structural=tuple(data["structural_heads"]),
        indicator_nouns=tuple(data["indicator_nouns"]),
        indicator_count=re.compile(rf"[^,;:。、]{{0,5}}(?:{alternation(data['indicator_nouns'])})"),
        class_noun=re.compile(data["class_noun_pattern"]),
        bare_scale=re.compile(f"[{data['bare_scale_chars']}]+"),
        unitless_rank=re.compile(data["unitless_rank_pattern"]),
        unitless_rank_unit=data["unitless_rank_unit"],
        people_count=re.compile(
            rf"(?<![每\d.])(?P<num>{NUMBER})(?P<approx>{approx})?(?P<scale>万|亿)"
            rf"(?=(?:{alternation(data['people_nouns'])})(?!以上|以下))"
        ),
        people_unit=data["people_unit"],
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
        modifier_endings=tuple(data["modifier_endings"]),
        project_nouns=tuple(data["project_nouns"]),
        money_units=frozenset(data["money_units"]),
        money_nouns=tuple(data["money_nouns"]),
        build_verbs=tuple(data["build_verbs"]),
        restated_min_indicator=int(data["restated_min_indicator"]),
        goal_nouns=tuple(data["goal_nouns"]),
        max_indicator=int(data["max_indicator"]),
        growth_verbs=_longest_first(data["growth_verbs"]),
        level_markers=tuple(data["level_markers"]),
        percent_units=frozenset(data["percent_units"]),
        distributive=data["distributive_marker"],
        joint_prefixes={k: tuple(v) for k, v in data["joint_prefixes"].items()},
        uniform=re.compile(data["uniform_pattern"]),
        each_item_kinds=frozenset(TargetKind(k) for k in data["each_item_kinds"]),
        achievement_cues=tuple(data["achievement_cues"]),
        achievement_aspects=tuple(data["achievement_aspects"]),
        future_cues=tuple(data["future_cues"]),
        horizons=tuple(re.compile(p) for p in data["horizon_patterns"]),
        five_year_plan=re.compile(data["five_year_plan_pattern"]),
        plan_period=re.compile(data["plan_period_pattern"]),
        past_plan_opening=re.compile(data["past_plan_opening_pattern"]),
        plan_outline=re.compile(data["plan_outline_pattern"]),
        five_year_opening=re.compile("|".join(data["review_openings"]["five_years"])),
        one_year_opening=re.compile("|".join(data["review_openings"]["one_year"])),
        opening_width=int(data["review_openings"]["width"]),
        plan_epoch=(int(epoch["number"]), int(epoch["start"])),
        confidence={k: float(v) for k, v in data["confidence"].items()},
    )

