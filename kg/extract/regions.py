"""regions (resources/regions.yaml): the report's own region under its metadata name (short form,
全省 / 我区 … as aliases: the same node as the report's plan:region), suffixed names whose stem is
a place name, region groups (X都市圈), national regions, lists of places; a bare city name the
report also writes with its suffix joins the suffixed region (淮北 → 淮北市).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

from ..model import Document, EntityType
from .boundaries import clause_start, stem_start
from .hits import Hit
from .lexicon import lexicon
from .rules import alternation, rule_file
from .text import norm_name
from .words import is_common_word, place_words


@dataclass(frozen=True)
class RegionRules:
    short_ending: re.Pattern[str]
    self_references: dict[str, tuple[str, ...]]
    self_not_followed: tuple[str, ...]
    suffix: re.Pattern[str]
    not_followed: tuple[str, ...]
    ethnic: re.Pattern[str]
    not_places: frozenset[str]
    not_place: re.Pattern[str]
    separators: str
    list_tail: re.Pattern[str]
    openers: str
    boundary_before: re.Pattern[str]
    group: re.Pattern[str]
    group_needs_place: frozenset[str]
    group_max_stem: int
    national: re.Pattern[str]


@lru_cache(maxsize=1)
def region_rules() -> RegionRules:
    data = rule_file("regions.yaml")
    ethnic = alternation(data["ethnic_groups"])
    return RegionRules(
        short_ending=re.compile(f"(?:{ethnic})*(?:{alternation(data['short_form_endings'])})$"),
        self_references={k: tuple(v) for k, v in data["self_references"].items()},
        self_not_followed=tuple(data["self_reference_not_followed_by"]),
        suffix=re.compile(alternation(data["suffixes"])),
        not_followed=tuple(data["not_followed_by"]),
        ethnic=re.compile(f"(?:{ethnic})+$"),
        not_places=frozenset(data["not_places"]),
        not_place=re.compile(data["not_place_regex"]),
        separators="".join(data["list_separators"]),
        list_tail=re.compile(alternation(data["list_tails"])),
        openers="".join(data["place_openers"]),
        boundary_before=re.compile("(?:" + lexicon().boundary.pattern + ")$"),
        group=re.compile(alternation(data["group_endings"])),
        group_needs_place=frozenset(data["group_needs_place"]),
        group_max_stem=int(data["group_max_stem"]),
        national=re.compile(alternation(data["national"])),
    )


def short_form(region: str) -> str:
    """A region's name without its administrative ending (安徽省 → 安徽, 广西壮族自治区 → 广西)."""
    short = region_rules().short_ending.sub("", region)
    return short if len(short) >= 2 else region


def _is_place(word: str, rules: RegionRules) -> bool:
    return word in place_words() and word not in rules.not_places and not rules.not_place.search(word)


def _stands_alone(text: str, start: int, rules: RegionRules) -> bool:
    """Nothing but punctuation, an opener (、 / 与 / 在 …) or a boundary verb (支持 …) is right
    before ``start``: a name starting there is not the tail of a longer word."""
    if start == 0 or not re.match(r"[\u4e00-\u9fff]", text[start - 1]) or text[start - 1] in rules.openers:
        return True
    return bool(rules.boundary_before.search(text, max(0, start - 6), start))


def own_region(doc: Document, taken: list[Hit]) -> list[Hit]:
    """The report's own region: its full name, its short form and the words the report uses for
    itself (全省, 我区 …), all one entity named as doc.report.meta.region. Words inside another
    region's name (自治区 in a neighbour's 宁夏回族自治区) are not self-references."""
    region = doc.report.meta.region
    if not region:
        return []
    rules = region_rules()
    short = short_form(region)
    selves = rules.self_references.get(_ending_key(region[len(short) :], rules), ())
    forms = {region: "region.own", short: "region.own", **{w: "region.self" for w in selves}}
    pattern = re.compile(alternation(list(forms)))
    text, orig = doc.text, doc.report.text
    spans = [(h.start, h.end) for h in taken]
    hits = []
    for m in pattern.finditer(text, 0, doc.clean.content_end):
        s, e = m.start(), m.end()
        rule = forms[m.group()]
        if rule == "region.self" and text.startswith(rules.self_not_followed, e):
            continue
        if m.group() == short and rules.suffix.match(text, e):
            continue  # the short form of another level (安徽 in 安徽省 is the full name's job)
        if any(a <= s and e <= b and (a, b) != (s, e) for a, b in spans):
            continue
        surface = orig[s:e]
        hits.append(Hit(name=region, type=EntityType.REGION, start=s, end=e, rule=rule,
                        aliases=(surface,) if surface != region else ()))
    return hits


def _ending_key(ending: str, rules: RegionRules) -> str:
    """The self-reference key of a region's ending (壮族自治区 → 自治区)."""
    for key in sorted(rules.self_references, key=len, reverse=True):
        if ending.endswith(key):
            return key
    return ending


def suffixed_regions(doc: Document) -> list[Hit]:
    """X省 / X市 / X县 / X自治区 …: the longest stem before the suffix that is a place name
    (jieba's "ns") standing on its own, unless its last character and the suffix make a common
    word (以上城市, 好小区)."""
    rules = region_rules()
    text, orig = doc.text, doc.report.text
    hits = []
    for m in rules.suffix.finditer(text, 0, doc.clean.content_end):
        s, e = m.start(), m.end()
        if text.startswith(rules.not_followed, e):
            continue
        ethnic = rules.ethnic.search(text, max(0, s - 8), s)
        stem_end = ethnic.start() if ethnic and m.group().startswith("自治") else s
        start = None
        for n in (4, 3, 2):
            stem = text[stem_end - n : stem_end]
            if stem_end - n >= 0 and _is_place(stem, rules) and _stands_alone(text, stem_end - n, rules):
                start = stem_end - n
                break
        if start is not None and not is_common_word(text[stem_end - 1 : e]):
            hits.append(Hit(name=norm_name(orig[start:e]), type=EntityType.REGION, start=start, end=e, rule="region.suffix"))
    return hits


def grouped_regions(doc: Document) -> list[Hit]:
    """Region groups (X都市圈, X城市群, X经济区, 皖北地区) and the national strategic regions."""
    rules, lex = region_rules(), lexicon()
    text, orig = doc.text, doc.report.text
    places = place_words()
    hits = [
        Hit(name=norm_name(orig[m.start() : m.end()]), type=EntityType.REGION, start=m.start(), end=m.end(), rule="region.national")
        for m in rules.national.finditer(text, 0, doc.clean.content_end)
    ]
    for m in rules.group.finditer(text, 0, doc.clean.content_end):
        start = stem_start(text, clause_start(text, m.start()), m.start(), lex)
        if start is None:
            continue
        stem = text[start : m.start()]
        if not 2 <= len(stem) <= rules.group_max_stem or lex.generic_org.match(stem):
            continue
        # the stem opens with a place name (合肥 in 合肥都市圈); 地区 needs the stem to be one
        opens = any(stem[:n] in places and stem[:n] not in rules.not_places for n in (4, 3, 2))
        if not opens or (m.group() in rules.group_needs_place and not _is_place(stem, rules)):
            continue
        whole = norm_name(orig[start : m.end()])
        if rules.national.fullmatch(stem):  # 长三角地区 is 长三角
            hits.append(Hit(name=norm_name(orig[start : m.start()]), type=EntityType.REGION, start=start, end=m.end(), rule="region.national", aliases=(whole,)))
        else:
            hits.append(Hit(name=whole, type=EntityType.REGION, start=start, end=m.end(), rule="region.group"))
    return hits


_PLACE_LIST = re.compile(r"(?:[\u4e00-\u9fff]{2,6}[、与])+[\u4e00-\u9fff]{2,6}")


def _place_part(text: str, s: int, e: int, known: set[str], at_end: bool, rules: RegionRules) -> Optional[tuple[int, int]]:
    """The longest place name at the end (or the start) of text[s:e] (支持淮安 → 淮安)."""
    for n in (4, 3, 2):
        a, b = (e - n, e) if at_end else (s, s + n)
        if a >= s and b <= e and (_is_place(text[a:b], rules) or text[a:b] in known):
            return (a, b) if _stands_alone(text, a, rules) else None
    return None


def listed_regions(doc: Document, known: set[str]) -> list[Hit]:
    """Bare place names in a list of places: every item a place name (or a region the report
    names elsewhere) — the first item after its verb, the last before what follows."""
    rules = region_rules()
    text, orig = doc.text, doc.report.text
    hits = []
    for m in _PLACE_LIST.finditer(text, 0, doc.clean.content_end):
        pieces, pos = [], m.start()
        for piece in re.split(f"[{rules.separators}]", m.group()):
            pieces.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        first = _place_part(text, *pieces[0], known, True, rules)
        last = _place_part(text, *pieces[-1], known, False, rules)
        middle = [(s, e) for s, e in pieces[1:-1] if _is_place(text[s:e], rules) or text[s:e] in known]
        if first is None or last is None or len(middle) < len(pieces) - 2:
            continue
        hits += [Hit(name=norm_name(orig[s:e]), type=EntityType.REGION, start=s, end=e, rule="region.list") for s, e in (first, *middle, last)]
    for m in rules.list_tail.finditer(text, 0, doc.clean.content_end):
        place = _place_part(text, max(0, m.start() - 4), m.start(), known, True, rules)
        if place is not None:
            hits.append(Hit(name=norm_name(orig[place[0] : place[1]]), type=EntityType.REGION, start=place[0], end=place[1], rule="region.list"))
    return hits


def regions(doc: Document) -> list[Hit]:
    """Every region the report names; the report's own region under its metadata name."""
    others = [*suffixed_regions(doc), *grouped_regions(doc)]
    own = own_region(doc, others)
    known = {h.name for h in [*others, *own]} | {short_form(h.name) for h in others if h.rule == "region.suffix"}
    others += listed_regions(doc, known)
    region = doc.report.meta.region
    own_names = {region, short_form(region)} if region else set()
    # another rule's hit on the report's own name is the own region
    others = [replace(h, name=region, rule="region.own", aliases=(h.name,) if h.name != region else ()) if h.name in own_names else h for h in others]
    # a bare name the report also writes with its suffix is that region (淮北 → 淮北市)
    full = {short_form(h.name): h.name for h in others if h.rule == "region.suffix"}
    others = [replace(h, name=full[h.name], aliases=(h.name,)) if h.name in full else h for h in others]
    return _longest(own + others)


def _longest(hits: list[Hit]) -> list[Hit]:
    """Of overlapping region names, the longest (粤港澳大湾区, not 大湾区 inside it)."""
    kept: list[Hit] = []
    for h in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if kept and h.start < kept[-1].end:
            continue
        kept.append(h)
    return kept
