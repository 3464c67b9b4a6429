"""lexicon: the words the rule recognisers share, read once from resources/entities.yaml,
firms.yaml and industries.yaml (suffix families, boundary words, generic stems, firm lists, the
industry taxonomy …), and the two name forms they compare by: abbreviations (中科大 /
中国科学技术大学) and an industry's key without its 产业 / 行业 tail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import EntityType
from .rules import alternation, rule_file
from .text import norm_name


@dataclass(frozen=True)
class _SuffixFamily:
    type: EntityType
    pattern: re.Pattern[str]
    not_followed: tuple[str, ...]
    not_preceded: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    families: tuple[_SuffixFamily, ...]
    boundary: re.Pattern[str]
    name_inner: re.Pattern[str]  # matches where a boundary word that names also hold ends
    designation: re.Pattern[str]  # matches where a verb whose object is a title ends
    designation_stem: re.Pattern[str]
    generic_org: re.Pattern[str]
    generic_org_ending: re.Pattern[str]
    generic_org_start: re.Pattern[str]
    generic_org_inner: re.Pattern[str]
    counted_after: re.Pattern[str]
    standalone: dict[str, EntityType]
    max_org_stem: int
    name_qualifier: re.Pattern[str]
    abbreviations: dict[str, str]
    list_heads: tuple[str, ...]
    firm_heads: tuple[str, ...]  # the list heads that are firms themselves (…企业 / …公司)
    project_list: re.Pattern[str]
    project_capacity: re.Pattern[str]  # what follows a firm at a project's head (年产…, 8英寸)
    not_brand_ending: re.Pattern[str]
    firm_owner_words: tuple[str, ...]
    firm_verbs: tuple[str, ...]
    firm_rank: re.Pattern[str]  # words after 等 that rank the items as firms (头部企业, 车企)
    max_modifier: int
    deng_words: tuple[str, ...]  # words ending in 等 that close no list (平等, 同等)
    not_modifier: re.Pattern[str]
    firm_min: int
    firm_max: int
    firm_generic: frozenset[str]
    named_platforms: re.Pattern[str]
    quoted_programme: re.Pattern[str]
    infrastructure_tail: re.Pattern[str]
    named_platform_not_followed: tuple[str, ...]
    park_phase: re.Pattern[str]
    legal_forms: re.Pattern[str]
    subject_trigger: re.Pattern[str]
    firm_ending: re.Pattern[str]
    firm_only_triggers: frozenset[str]  # what only firms do (X成功上市): its subject needs no firm ending
    firm_title: re.Pattern[str]  # a title only firms earn, after a trigger (…领军企业, …智能工厂)
    confidence: dict[str, float]
    industry_broader: dict[str, str]
    industry_terms: re.Pattern[str]
    industry_item_heads: tuple[str, ...]
    industry_list_tail: re.Pattern[str]
    industry_strong_tail: re.Pattern[str]
    develop_verb: re.Pattern[str]
    develop_verbs: tuple[str, ...]
    industry_measure: re.Pattern[str]  # a measure of a field's output right after it (…增加值, …规模)
    class_adjectives: tuple[str, ...]  # 特色, 新兴 …: their …产业 is a class of industries
    developed_field: re.Pattern[str]  # field verb + stem + field head, before a clause or list mark
    economy_field: re.Pattern[str]
    not_economies: frozenset[str]
    industry_tail: re.Pattern[str]
    industry_categories: frozenset[str]
    industry_qualifiers: tuple[str, ...]
    not_industries: frozenset[str]
    industry_strip: re.Pattern[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    ent = rule_file("entities.yaml")
    ind = rule_file("industries.yaml")
    families = tuple(
        _SuffixFamily(
            type=EntityType(f["type"]),
            pattern=re.compile(f["suffix_regex"] if "suffix_regex" in f else alternation(f["suffixes"])),
            not_followed=tuple(f["not_followed_by"]),
            not_preceded=tuple(f.get("not_preceded_by", ())),
        )
        for f in ent["suffix_names"]
    )
    broader: dict[str, str] = {}
    for parent, children in ind["taxonomy"].items():
        for child in children:
            broader.setdefault(str(child), parent)
    terms = set(broader) | set(ind["taxonomy"])
    firms = rule_file("firms.yaml")["enterprises"]
    return Lexicon(
        families=families,
        boundary=re.compile(alternation(ent["boundary_words"])),
        designation=re.compile("(?:" + alternation(ent["designation_verbs"]) + ")$"),
        designation_stem=re.compile(ent["designation_stem_regex"]),
        name_inner=re.compile("(?:" + alternation(ent["name_inner_words"]) + ")$"),
        generic_org=re.compile(ent["generic_org_stems_regex"]),
        generic_org_ending=re.compile(ent["generic_org_ending_regex"]),
        generic_org_start=re.compile(ent["generic_org_start_regex"]),
        generic_org_inner=re.compile(ent["generic_org_inner_regex"]),
        counted_after=re.compile(ent["counted_after_regex"]),
        standalone={w: EntityType(t) for t, words in ent["standalone_names"].items() for w in words},
        max_org_stem=int(ent["max_org_stem"]),
        name_qualifier=re.compile(ent["name_qualifier_regex"]),
        abbreviations=dict(ent["abbreviations"]),
        list_heads=tuple(sorted(firms["list_heads"], key=len, reverse=True)),
        firm_heads=tuple(h for h in sorted(firms["list_heads"], key=len, reverse=True) if h.endswith(("企业", "公司"))),
        firm_verbs=tuple(firms["list_verbs"]),
        firm_rank=re.compile(firms["rank_regex"]),
        project_list=re.compile(firms["project_list_regex"]),
        project_capacity=re.compile(firms["project_capacity_regex"]),
        not_brand_ending=re.compile(f"(?:{alternation(firms['not_brand_endings'])})$"),
        firm_owner_words=tuple(firms["owner_words"]),
        max_modifier=int(firms["max_modifier"]),
        deng_words=tuple(firms["deng_words"]),
        not_modifier=re.compile(firms["not_modifier_regex"]),
        firm_min=int(firms["min_len"]),
        firm_max=int(firms["max_len"]),
        firm_generic=frozenset(firms["generic"]) | frozenset(ent["named_platforms"]),
        named_platforms=re.compile(alternation(ent["named_platforms"])),
        quoted_programme=re.compile(
            "“([^“”，。；、]{1,12}?)”([\u4e00-\u9fff+]{0,%d}?(?:%s))|“([^“”，。；、]{1,12}?(?:%s))”"
            % (int(ent["programmes"]["max_between"]), alternation(ent["programmes"]["quoted_endings"]), alternation(ent["programmes"]["quoted_endings"]))
        ),
        infrastructure_tail=re.compile(ent["infrastructure_tail_regex"]),
        named_platform_not_followed=tuple(ent["named_platform_not_followed_by"]),
        park_phase=re.compile(firms["park_phase_regex"]),
        legal_forms=re.compile("(?:" + alternation(firms["legal_forms"]) + ")$"),
        subject_trigger=re.compile(alternation(firms["subject_triggers"])),
        firm_ending=re.compile("(?:" + alternation(firms["firm_endings"]) + ")$"),
        firm_only_triggers=frozenset(firms["firm_only_triggers"]),
        firm_title=re.compile(firms["firm_title_regex"]),
        confidence={k: float(v) for k, v in ent["confidence"].items()},
        industry_broader=broader,
        industry_terms=re.compile(alternation(sorted(terms))),
        industry_item_heads=tuple(ind["item_heads"]),
        industry_tail=re.compile(ind["term_tail_regex"]),
        industry_measure=re.compile(ind["measure_regex"]),
        industry_categories=frozenset(ind["categories"]),
        develop_verb=re.compile("(?:" + alternation(ind["develop_verbs"]) + ")$"),
        develop_verbs=tuple(ind["develop_verbs"]),
        class_adjectives=tuple(ind["class_adjectives"]),
        developed_field=re.compile("(?:" + alternation(ind["field_verbs"]) + r")([\u4e00-\u9fff]{2,8}?(?:" + alternation(ind["field_heads"]) + "))(?=[，,。；;、])"),
        economy_field=re.compile(alternation(ind["developed_heads"])),
        not_economies=frozenset(ind["not_economies"]),
        industry_strong_tail=re.compile(
            r"等(?:[\d一二三四五六七八九十两]+[个大类项条])?(?:" + ind["strong_chain_tail_regex"]
            + "|(?:" + ind["strong_modifier_regex"] + ")?(?:" + alternation(ind["strong_list_tails"]) + ")(?![带园区城基]))"
        ),
        industry_list_tail=re.compile(r"等?[^，。；、]{0,6}?(?:" + alternation(ind["list_tails"]) + ")"),
        industry_qualifiers=tuple(ind["qualifiers"]),
        not_industries=frozenset(ind["not_industries"]),
        industry_strip=re.compile("(?:" + alternation(ind["strip_suffixes"]) + ")$"),
    )


def abbreviation_forms(name: str, lex: Lexicon) -> list[str]:
    """The name with its head abbreviated or spelt out (北交所 ↔ 北京证券交易所)."""
    forms = []
    for short, full in lex.abbreviations.items():
        if name.startswith(short) and not name.startswith(full):
            forms.append(full + name[len(short) :])
        elif name.startswith(full):
            forms.append(short + name[len(full) :])
    return forms


def industry_key(name: str) -> str:
    """An industry compared without its trailing 产业 / 产业集群 / 行业 / 领域."""
    lex = lexicon()
    bare = norm_name(name)
    stripped = lex.industry_strip.sub("", bare)
    return stripped or bare
