"""recognise: a segmented Document → the entities it names (with every mention).

Rule families (their words live in resources/entities.yaml and resources/industries.yaml):
- actions: scope.find_actions (…行动 / …工程 / …攻坚 without the launch verb);
- key tasks: the numbered headings of the work part (doc.key_tasks);
- suffix names: …大学, …研究所, …交易中心, …产业园, …集团 — the name runs back from the suffix
  to the nearest boundary word (支持 / 与 / 建设 …);
- enumerations: 支持A、B、C等食品企业 — short brand names before 等 + a generic head; a list item
  that is a common word (jieba dictionary) or an industry is not a brand;
- park owners: a brand at the head of a phased park name (X综合产业园二期 → X);
- industries: the taxonomy's words named as industries (X产业 / X领域) or listed with other
  industries, and items of enumerations that end in 等…产业;
- regions (resources/regions.yaml): the report's own region under its metadata name (short form,
  全省 / 我区 … as aliases: the same node as the report's plan:region), suffixed names whose stem
  is a place name, region groups (X都市圈), national regions, lists of places;
- platforms named bare (科创板, 北交所), programmes (“X”改革, …综合改革试点, …引导基金) and
  infrastructure (…高铁, …机场, construction 工程);
- canonical names, so the same thing in two reports is one node: a firm is named by its short
  name when the report writes it alone too (X有限公司 → X, the full name an alias); a bare city
  name the report also writes with its suffix joins the suffixed region (淮北 → 淮北市).
Patterns run on the clean text (doc.text); names are spelt as the report writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

from .text import norm_name
from ..model import Document, Entity, EntityType, Mention
from .rules import alternation, rule_file
from .scope import find_actions
from .words import is_common_phrase, is_common_word, leading_verb, opens_with_verb, place_words

_CLAUSE_BREAK = "，,；;：:。！!？?\n()（）"
_CJK_NAME = r"[\u4e00-\u9fffA-Za-z0-9+·“”\"]"


@dataclass(frozen=True)
class Hit:
    """One recognised mention, before mentions are merged into entities."""

    name: str
    type: EntityType
    start: int
    end: int
    rule: str
    aliases: tuple[str, ...] = ()
    broader: Optional[str] = None
    confidence: Optional[float] = None  # a learned decision's own; else the rule's (entities.yaml)
    evidence: tuple[str, ...] = ()  # a learned decision's features


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
    not_brand_ending: re.Pattern[str]
    firm_owner_words: tuple[str, ...]
    firm_verbs: tuple[str, ...]
    max_modifier: int
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
    confidence: dict[str, float]
    industry_broader: dict[str, str]
    industry_terms: re.Pattern[str]
    industry_item_heads: tuple[str, ...]
    industry_list_tail: re.Pattern[str]
    industry_strong_tail: re.Pattern[str]
    develop_verb: re.Pattern[str]
    develop_verbs: tuple[str, ...]
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
            pattern=re.compile(alternation(f["suffixes"])),
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
    firms = ent["enterprises"]
    return Lexicon(
        families=families,
        boundary=re.compile(alternation(ent["boundary_words"])),
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
        firm_verbs=tuple(firms["list_verbs"]),
        not_brand_ending=re.compile(f"(?:{alternation(firms['not_brand_endings'])})$"),
        firm_owner_words=tuple(firms["owner_words"]),
        max_modifier=int(firms["max_modifier"]),
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
        confidence={k: float(v) for k, v in ent["confidence"].items()},
        industry_broader=broader,
        industry_terms=re.compile(alternation(sorted(terms))),
        industry_item_heads=tuple(ind["item_heads"]),
        industry_tail=re.compile(ind["term_tail_regex"]),
        industry_categories=frozenset(ind["categories"]),
        develop_verb=re.compile("(?:" + alternation(ind["develop_verbs"]) + ")$"),
        develop_verbs=tuple(ind["develop_verbs"]),
        economy_field=re.compile(alternation(ind["developed_heads"])),
        not_economies=frozenset(ind["not_economies"]),
        industry_strong_tail=re.compile(r"等(?:[\d一二三四五六七八九十两]+[个大类项])?(?:" + alternation(ind["strong_list_tails"]) + ")(?![带园区城基])"),
        industry_list_tail=re.compile(r"等?[^，。；、]{0,6}?(?:" + alternation(ind["list_tails"]) + ")"),
        industry_qualifiers=tuple(ind["qualifiers"]),
        not_industries=frozenset(ind["not_industries"]),
        industry_strip=re.compile("(?:" + alternation(ind["strip_suffixes"]) + ")$"),
    )


# --------------------------------------------------------------------------- suffix names


_INNER_PAREN = re.compile(r"(?<=[\u4e00-\u9fff])\([^()，,。；;、]{1,8}\)$")


def _clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Where the clause ending at ``pos`` starts. A short bracket between two characters of a
    word (中国（某省）自贸试验区) is inside the name, not a break (the clean text folds （） to ())."""
    i = pos
    while i > floor:
        if text[i - 1] == ")" and re.match(r"[\u4e00-\u9fff]", text[i : i + 1]):
            inner = _INNER_PAREN.search(text, max(floor, i - 11), i)
            if inner:
                i = inner.start()
                continue
        if text[i - 1] in _CLAUSE_BREAK or text[i - 1] == "、":
            break
        i -= 1
    return i


def _stem_start(text: str, clause: int, stem_end: int, lex: Lexicon, min_len: int = 2) -> Optional[int]:
    """Where a name ending at ``stem_end`` starts: after the nearest boundary word that leaves a
    stem of at least ``min_len`` characters, else at the clause start."""
    cuts = [clause, *(m.end() for m in lex.boundary.finditer(text, clause, stem_end))]
    for cut in reversed(cuts):
        if stem_end - cut >= min_len:
            # a stem that is itself a verb phrase (推进开发区) names nothing
            return None if lex.boundary.match(text, cut) else cut
    return None


def _take_quoted_tail(text: str, end: int) -> int:
    """A quoted part right after a name belongs to it (安徽科技大市场“淮北市场”)."""
    m = re.match(r"“[^”]{1,12}”", text[end : end + 16])
    return end + m.end() if m else end


def suffix_names(doc: Document) -> list[Hit]:
    lex = lexicon()
    text, orig, limit = doc.text, doc.report.text, doc.clean.content_end
    hits: list[Hit] = []
    for fam in lex.families:
        for m in fam.pattern.finditer(text, 0, limit):
            stem_end, end = m.start(), m.end()
            if fam.not_preceded and text.endswith(fam.not_preceded, 0, stem_end):
                continue
            listed = text[stem_end - 1 : stem_end] == "等"  # A、B等X产业园建设 names parks all the same
            if text.startswith(fam.not_followed, m.end()) and fam.not_followed and not listed:
                continue
            clause = _clause_start(text, stem_end)
            start = _stem_start(text, clause, stem_end, lex)
            if fam.type is EntityType.RESEARCH_INSTITUTE and m.group() == "中科院":
                continue  # only as the head of an institute name
            if lex.counted_after.match(text, end):
                continue
            if lex.standalone.get(m.group()) is fam.type and (start is None or start == stem_end):
                hits.append(Hit(name=norm_name(orig[stem_end:end]), type=fam.type, start=stem_end, end=end, rule="suffix.standalone"))
                continue
            if start is not None and text[stem_end - 1] == "等" and not is_common_word(text[stem_end - 2 : stem_end]):
                hits += _distributed(doc, clause, stem_end, end, fam.type, lex)
                continue
            shared = _shared_with_earlier(text, orig, clause, end, fam.type) if fam.type in _LISTED_PLACES else []
            if shared:
                hits += shared
                continue
            if start is None or _generic_tail(text, clause, stem_end, lex):
                continue
            de = text.rfind("的", start, stem_end)
            start = de + 1 if de >= 0 else start  # …的X研究院: the name starts after 的
            if _generic_stem(norm_name(orig[start:stem_end]), lex):
                continue
            rule = "suffix"
            if fam.type is EntityType.PARK and lex.park_phase.match(text, end):
                end += 2
            if fam.type is EntityType.INFRASTRUCTURE:
                tail = lex.infrastructure_tail.match(text, end)
                end = tail.end() if tail else end
            if fam.type is EntityType.PLATFORM:
                end = _take_quoted_tail(text, end)
            qualifier = lex.name_qualifier.match(text, end)
            if qualifier:
                hits.append(Hit(name=norm_name(orig[start : qualifier.end()]), type=fam.type, start=start, end=qualifier.end(), rule=rule, aliases=(norm_name(orig[start:end]),)))
                continue
            hits.extend(_split_prefixed(orig, start, end, fam.type, rule, lex))
    return hits


_LISTED_PLACES = (EntityType.PARK, EntityType.PLATFORM)


def _shared_with_earlier(text: str, orig: str, start: int, end: int, etype: EntityType) -> list[Hit]:
    """A、B、C省级X产业园: list items of two characters (places, or abbreviations that are no common
    word) before a name that opens with one more such item share the rest of that name: A省级X产业园,
    B省级X产业园 and C省级X产业园. Empty when ``start`` (a clause start) is not such a list's last item."""
    items: list[tuple[int, int]] = []
    pos = start
    while pos > 0 and text[pos - 1] == "、":
        item_end = pos - 1
        item_start = item_end
        while item_start > 0 and re.match(r"[\u4e00-\u9fff]", text[item_start - 1]):
            item_start -= 1
        items.append((item_start, item_end))
        pos = item_start
    if not items:
        return []
    k = items[0][1] - items[0][0]
    first_start, first_end = items[-1]
    if first_end - first_start > k and re.search("(?:" + lexicon().boundary.pattern + ")$", text[first_start : first_end - k]):
        items[-1] = (first_end - k, first_end)  # 推动A、B、C…: the list starts after its verb
    if k != 2 or any(e - s != k for s, e in items) or end - start <= k + 1:
        return []
    words = [text[s:e] for s, e in items] + [text[start : start + k]]
    if not all(w in place_words() or not is_common_word(w) for w in words):
        return []
    shared = norm_name(orig[start + k : end])
    listed = [Hit(name=norm_name(orig[s:e]) + shared, type=etype, start=s, end=e, rule="suffix.list") for s, e in reversed(items)]
    return [*listed, Hit(name=norm_name(orig[start:end]), type=etype, start=start, end=end, rule="suffix.list")]


def _generic_stem(stem: str, lex: Lexicon) -> bool:
    """The words before a suffix do not make a name (企业, 省重点, 千亿级, 首批63个省重点 …)."""
    return (
        len(stem) < 2
        or len(re.split(r"大学|学院|研究院|研究所", stem)[-1]) > lex.max_org_stem
        or bool(lex.generic_org.match(stem))
        or bool(lex.generic_org_ending.search(stem))
        or bool(lex.generic_org_start.match(stem))
        or bool(lex.generic_org_inner.search(re.sub(r"“[^”]*”", "", stem)))
        or bool(re.search(r"\d", stem[:1]))
        or bool(lex.counted_after.search(stem))
    )


def _generic_tail(text: str, clause: int, stem_end: int, lex: Lexicon) -> bool:
    """What follows the last boundary word is a generic word (新组建|省实验室): the name, if any,
    is that generic word, so there is none."""
    last = max((b.end() for b in lex.boundary.finditer(text, clause, stem_end)), default=clause)
    return 0 < stem_end - last and bool(lex.generic_org.match(text[last:stem_end]))


def _distributed(doc: Document, clause: int, stem_end: int, end: int, etype: EntityType, lex: Lexicon) -> list[Hit]:
    """A、B、C等实验室: the suffix is shared, each listed stem is a name (A实验室, B实验室 …).
    A mention is the stem as written; the name adds the suffix."""
    text, orig = doc.text, doc.report.text
    spans = [(clause, stem_end - 1)]  # the last item ends at 等
    while spans[-1][0] > 0 and text[spans[-1][0] - 1] == "、":
        item_end = spans[-1][0] - 1
        spans.append((_clause_start(text, item_end), item_end))
    first_start, first_end = spans[-1]
    cut = _stem_start(text, first_start, first_end, lex)
    if cut is None:
        return []
    spans[-1] = (cut, first_end)
    suffix = orig[stem_end:end]
    items = [(s, e, norm_name(orig[s:e])) for s, e in reversed(spans)]
    if any(_generic_stem(name, lex) or len(name) > lex.firm_max for _, _, name in items):
        return []
    return [Hit(name=name + suffix, type=etype, start=s, end=e, rule="suffix.list") for s, e, name in items]


def _split_prefixed(orig: str, start: int, end: int, etype: EntityType, rule: str, lex: Lexicon) -> list[Hit]:
    """A university or institute written at the head of a platform's name is its developer:
    X大学Y转化中心 → University X大学 and Platform Y转化中心 (alias: the whole)."""
    name = norm_name(orig[start:end])
    if etype is EntityType.PLATFORM:
        m = re.search(r"大学|学院|研究院|研究所", orig[start:end])
        if m and 2 <= m.start() and end - (start + m.end()) >= 4:
            cut = start + m.end()
            return [
                Hit(name=norm_name(orig[cut:end]), type=etype, start=cut, end=end, rule=rule + ".prefixed", aliases=(name,))
            ]
    aliases = tuple(_abbreviation_forms(name, lex))
    return [Hit(name=name, type=etype, start=start, end=end, rule=rule, aliases=aliases)]


def _abbreviation_forms(name: str, lex: Lexicon) -> list[str]:
    forms = []
    for short, full in lex.abbreviations.items():
        if name.startswith(short) and not name.startswith(full):
            forms.append(full + name[len(short) :])
        elif name.startswith(full):
            forms.append(short + name[len(full) :])
    return forms


def named_platforms(doc: Document) -> list[Hit]:
    """Exchanges and boards written bare (科创板, 北交所): national platforms of the lexicon."""
    lex = lexicon()
    text, orig = doc.text, doc.report.text
    return [
        Hit(name=orig[m.start() : m.end()], type=EntityType.PLATFORM, start=m.start(), end=m.end(), rule="named_platform", aliases=tuple(_abbreviation_forms(m.group(), lex)))
        for m in lex.named_platforms.finditer(text, 0, doc.clean.content_end)
        if not text.startswith(lex.named_platform_not_followed, m.end())
    ]


def quoted_programmes(doc: Document) -> list[Hit]:
    """“X”改革 / “X”培育推进机制 / 国家“X计划”: a programme named by its quoted words."""
    lex = lexicon()
    text, orig = doc.text, doc.report.text
    hits = []
    for m in lex.quoted_programme.finditer(text, 0, doc.clean.content_end):
        if m.group(2) is not None and lex.boundary.search(m.group(2)):
            continue  # a verb between the quote and the ending: a phrase, not a name
        if is_common_word(text[m.end() - 1 : m.end() + 1]):
            continue  # the ending starts a longer word (…先进制|造)
        name = norm_name(orig[m.start() : m.end()])
        hits.append(Hit(name=name, type=EntityType.PROGRAMME, start=m.start(), end=m.end(), rule="programme.quoted",
                        aliases=(orig[m.start() : m.end()],) if orig[m.start() : m.end()] != name else ()))
    return hits


# --------------------------------------------------------------------------- enumerated firms


def _is_brand(item: str, lex: Lexicon) -> bool:
    bare = norm_name(item)
    return (
        lex.firm_min <= len(bare) <= lex.firm_max
        and not lex.not_brand_ending.search(bare)
        and bare not in lex.firm_generic
        and not is_common_word(bare)
        and not is_common_phrase(bare)
        and not lex.industry_terms.fullmatch(bare)
        and not re.search(r"[\d%]|等|及|企业|产业|行业|领域", bare)
        and not lex.generic_org.match(bare)
    )


_ENUM = re.compile(rf"((?:{_CJK_NAME}{{2,10}}、)+{_CJK_NAME}{{2,10}})(等)?")


def enumerated_firms(doc: Document) -> list[Hit]:
    """支持A、B、C等食品企业 / 引导A、某类企业: brand names in an enumeration of firms."""
    lex = lexicon()
    text, orig, limit = doc.text, doc.report.text, doc.clean.content_end
    heads = alternation(list(lex.list_heads))
    tail_deng = re.compile(rf"等[^，。；、]{{0,{lex.max_modifier}}}?(?:{heads})|等(?:{alternation(list(lex.firm_verbs))})")
    hits: list[Hit] = []
    for m in re.finditer(r"[^，。；：:,;\n]+", text[:limit]):
        clause_start, clause = m.start(), m.group()
        for t in tail_deng.finditer(clause):
            list_end = clause_start + t.start()
            hits += _brand_items(orig, _first_item_start(text, clause_start, list_end, lex), list_end, "enumeration", lex)
        # no 等: A、B、某类企业 — the last item is a generic firm phrase
        for t in re.finditer(rf"、([^、等，。]{{1,8}}?(?:{heads}))", clause):
            list_end = clause_start + t.start()
            if "、" not in clause[: t.start()] and t.start() > 12:
                continue
            hits += _brand_items(orig, _first_item_start(text, clause_start, list_end, lex), list_end, "enumeration.no_deng", lex)
    return hits


def _first_item_start(text: str, start: int, end: int, lex: Lexicon, separators: str = "、") -> int:
    """The list begins after the last boundary word before its first separator."""
    stop = min((i for i in (text.find(c, start, end) for c in separators) if i >= 0), default=end)
    cut = start
    for b in lex.boundary.finditer(text, start, stop):
        if stop - b.end() >= lex.firm_min:
            cut = b.end()
    return cut


def _brand_items(orig: str, start: int, end: int, rule: str, lex: Lexicon) -> list[Hit]:
    items: list[Hit] = []
    unsure: list[Hit] = []
    pos = start
    for k, piece in enumerate(orig[start:end].split("、")):
        s, e = pos, pos + len(piece)
        pos = e + 1
        verb = leading_verb(piece) if k == 0 else 0
        if verb and len(piece) - verb >= lex.firm_min:  # 实现A、B等…: the list opens after its verb
            piece, s = piece[verb:], s + verb
        owner = next((w for w in lex.firm_owner_words if piece.startswith(w)), "")
        if owner and len(piece) - len(owner) >= lex.firm_min:  # 央企长安: the firm is 长安
            piece, s = piece[len(owner):], s + len(owner)
        if not _is_brand(piece, lex):
            # a list mixing brands with industries or generic words (钢铁、化工) is not a list
            # of brands; a firm whose name is also a dictionary word (招商局) is still one
            if rule == "enumeration" and not piece.endswith(lex.list_heads) and not _dictionary_firm(piece, lex):
                return []
            if rule == "enumeration" and _dictionary_firm(piece, lex):
                unsure.append(Hit(name=norm_name(piece), type=EntityType.ENTERPRISE, start=s, end=e, rule=rule))
            continue
        items.append(Hit(name=norm_name(piece), type=EntityType.ENTERPRISE, start=s, end=e, rule=rule))
    # the dictionary words are firms only in a list mostly of brands
    return items + unsure if len(items) > len(unsure) else items


def _dictionary_firm(item: str, lex: Lexicon) -> bool:
    """A list item that fails as a brand only for being a dictionary word or phrase (招商局,
    中国通用): no industry, no generic word, no figure."""
    bare = norm_name(item)
    return (
        lex.firm_min + 1 <= len(bare) <= lex.firm_max
        and (is_common_word(bare) or is_common_phrase(bare))
        and bare not in lex.firm_generic
        and not lex.industry_terms.search(bare)
        and not opens_with_verb(bare)
        and not re.search(r"[\d%]|等|及|企业|产业|行业|领域", bare)
        and not lex.generic_org.match(bare)
    )


def subject_firms(doc: Document) -> list[Hit]:
    """X、Y入选…百强 / X获评… / X项目建成: the items before a trigger that only firms follow,
    when each ends like a firm (…能源, …实业, …投资) and is no common word or place."""
    lex = lexicon()
    text, orig, limit = doc.text, doc.report.text, doc.clean.content_end
    hits: list[Hit] = []
    for m in lex.subject_trigger.finditer(text, 0, limit):
        items = []
        end = m.start()
        while True:
            start = _clause_start(text, end)
            cut = _stem_start(text, start, end, lex, min_len=lex.firm_min)
            items.append((cut if cut is not None else start, end))
            if start == 0 or text[start - 1] != "、":
                break
            end = start - 1
        for s, e in items:
            name = norm_name(orig[s:e])
            if (lex.firm_min + 2 <= len(name) <= lex.firm_max and lex.firm_ending.search(name)
                    and not is_common_word(name) and not is_common_phrase(name)
                    and not lex.generic_org.match(name) and not re.search(r"[\d%等]", name)
                    and not _industry_with_qualifier(name, lex)):
                hits.append(Hit(name=name, type=EntityType.ENTERPRISE, start=s, end=e, rule="firm.subject"))
    return hits


def _industry_with_qualifier(name: str, lex: Lexicon) -> bool:
    """An industry with a short, common or qualifying word in front (现代煤化工, 稀土新材料,
    某地生物医药, 某地现代煤化工)."""
    term = next((m for m in lex.industry_terms.finditer(name) if m.end() == len(name)), None)
    if term is None:
        return False
    before = name[: term.start()]
    return len(before) <= 2 or is_common_word(before) or before.endswith(lex.industry_qualifiers)


def park_owners(parks: list[Hit], doc: Document) -> list[Hit]:
    """X综合产业园二期: a brand at the head of a phased park name is a firm (its developer).
    The brand is the shortest head whose rest (综合 / 智能 …) is a common word or nothing."""
    lex = lexicon()
    hits = []
    for p in parks:
        if p.type is not EntityType.PARK or not lex.park_phase.search(p.name[-2:]):
            continue
        m = re.match(r"([\u4e00-\u9fff]{2,8}?)产业园", p.name)
        if not m:
            continue
        head = m.group(1)
        for n in range(2, min(len(head), 4) + 1):
            brand, rest = head[:n], head[n:]
            if (not rest or is_common_word(rest)) and _is_brand(brand, lex):
                hits.append(Hit(name=brand, type=EntityType.ENTERPRISE, start=p.start, end=p.start + n, rule="park_owner"))
                break
    return hits


def partner_firms(orgs: list[Hit], doc: Document) -> list[Hit]:
    """推动A与B研究所建设…: a brand joined by 与 / 同 to a named organisation is a firm."""
    lex = lexicon()
    text, orig = doc.text, doc.report.text
    hits = []
    for o in orgs:
        if o.type not in (EntityType.UNIVERSITY, EntityType.RESEARCH_INSTITUTE, EntityType.ENTERPRISE):
            continue
        joiner = o.start - 1
        if joiner <= 0 or text[joiner] not in "与同":
            continue
        start = _stem_start(text, _clause_start(text, joiner), joiner, lex)
        if start is not None and _is_brand(orig[start:joiner], lex):
            hits.append(Hit(name=norm_name(orig[start:joiner]), type=EntityType.ENTERPRISE, start=start, end=joiner, rule="partner"))
    return hits


# --------------------------------------------------------------------------- industries


def industry_key(name: str) -> str:
    """An industry compared without its trailing 产业 / 产业集群 / 行业 / 领域."""
    lex = lexicon()
    bare = norm_name(name)
    stripped = lex.industry_strip.sub("", bare)
    return stripped or bare


def industries(doc: Document) -> list[Hit]:
    """Taxonomy words used as industries: named so (X产业 / X行业 / X领域), or listed with other
    industries (钢铁、有色、化工等…). A word inside a longer one (物流成本, 演艺经济, 金融机构)
    is not an industry."""
    lex = lexicon()
    text, orig, limit = doc.text, doc.report.text, doc.clean.content_end
    listed = _listed_terms(text, limit, lex)
    hits: list[Hit] = []
    for m in lex.industry_terms.finditer(text, 0, limit):
        s, e = m.start(), m.end()
        tail = lex.industry_tail.match(text, e)
        term = m.group()
        if term in lex.industry_categories and not tail:
            continue  # 现代服务业, 未来产业: a class of industries, named as a target only as X领域
        named = (
            tail
            or (len(term) >= 3 and term.endswith("业"))  # 文化产业, 游艇业 name themselves
            or (text[s - 1 : s] == "等" and text.startswith("企业", e))  # 支持A、B等食品企业
            or _developed(text, s, e, lex)  # 大力发展新型储能，…
        )
        if not (named and (len(term) >= 3 or _word_starts(text, s, lex))) and (s, e) not in listed:
            continue
        full_e = e + tail.end() - tail.start() if tail else e
        full, name = norm_name(orig[s:full_e]), norm_name(orig[s:e])
        hits.append(
            Hit(
                name=name,
                type=EntityType.INDUSTRY,
                start=s,
                end=full_e,
                rule="industry.lexicon",
                aliases=(full,) if full != name else (),
                broader=lex.industry_broader.get(m.group()),
            )
        )
    hits += _listed_industries(doc, lex)
    hits += _economy_fields(doc, lex)
    hits += _field_industries(doc, lex)
    hits += _list_mates(doc, hits, lex)
    return hits


def _list_mates(doc: Document, found: list[Hit], lex: Lexicon) -> list[Hit]:
    """The other items of a list most of whose items are industries already found are
    industries too (装备制造、生物医药、高端摩托车等持续壮大 → 高端摩托车): the list says what they are."""
    text, orig = doc.text, doc.report.text
    spans = {(h.start, h.end) for h in found} | {(h.start, h.end - len(t)) for h in found for t in _tails(text, h, lex)}
    hits: list[Hit] = []
    for clause in _LIST_CLAUSE.finditer(text, 0, doc.clean.content_end):
        if "、" not in clause.group():
            continue
        items: list[tuple[int, int]] = []
        pos = clause.start()
        for piece in clause.group().split("、"):
            items.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        # the list ends with the first item that goes on with 等 (A、B等X、…: what follows is another list)
        ends = next((k for k, (s, e) in enumerate(items) if "等" in text[s:e]), len(items) - 1)
        items = items[: ends + 1]
        last_s, last_e = items[-1]
        cut = text.find("等", last_s, last_e)
        items[-1] = (last_s, cut if cut >= 0 else last_e)
        first_s, first_e = items[0]
        items[0] = (_first_item_start(text, first_s, first_e, lex), first_e)
        known = [it for it in items if it in spans]
        if len(known) < 2 or 2 * len(known) < len(items):
            continue
        for s, e in items:
            bare = norm_name(orig[s:e])
            overlaps = any(a < e and s < b for a, b in spans)
            if (not overlaps and _plain_item(bare, lex) and not re.search("[和及与]", bare)
                    and not any(bare[:n] in place_words() for n in (2, 3))):
                hits.append(Hit(name=bare, type=EntityType.INDUSTRY, start=s, end=e, rule="industry.list_mate"))
    return hits


def _tails(text: str, h: Hit, lex: Lexicon) -> list[str]:
    """The 产业 / 行业 … tail a found industry's mention ends with, if any."""
    m = lex.industry_strip.search(text[h.start : h.end])
    return [m.group()] if m and m.group() else []


def _developed(text: str, s: int, e: int, lex: Lexicon) -> bool:
    """A taxonomy word that is the whole object of a develop verb (大力发展X，/ 培育壮大X。)."""
    return bool(lex.develop_verb.search(text, max(0, s - 4), s)) and (e >= len(text) or text[e] in "，,。；;、")


def _economy_fields(doc: Document, lex: Lexicon) -> list[Hit]:
    """…经济 / …服务业 / …制造业 … as the whole object of a develop verb, or the next item of such
    a list (大力发展银发经济，/ 做热做旺X经济、Y经济 / 做强X制造业): a field the report targets,
    unless the stem says whose or where it is (民营经济, 县域经济)."""
    text, orig = doc.text, doc.report.text
    hits: list[Hit] = []
    for m in lex.economy_field.finditer(text, 0, doc.clean.content_end):
        end = m.end() + (text[m.end() : m.end() + 1] == "”")
        if text[end : end + 1] not in ("，", ",", "。", "；", ";", "、"):
            continue
        for n in (4, 3, 2):
            s = m.start() - n
            stem = text[s : m.start()]
            if s < 0 or not re.fullmatch(r"[\u4e00-\u9fff]+", stem) or stem in lex.not_economies:
                continue
            if stem.startswith(lex.develop_verbs) or opens_with_verb(stem):
                continue  # the stem opens with the verb: the name starts later
            before = text[max(0, s - 7) : s].rstrip("“\"")
            listed = bool(hits) and hits[-1].end >= s - 3 and before.endswith(("、", "”、"))
            if lex.develop_verb.search(before) or listed:
                start = s - 1 if text[s - 1 : s] == "“" else s
                hits.append(Hit(name=norm_name(orig[start:end]), type=EntityType.INDUSTRY, start=start, end=end, rule="industry.economy"))
                break
    return hits


def _word_starts(text: str, s: int, lex: Lexicon) -> bool:
    """No character of a longer word is right before ``s`` (推动|钢铁 and 、钢铁 start a word)."""
    if s == 0 or not re.match(r"[\u4e00-\u9fff]", text[s - 1]) or text[s - 1] in "、和及与等":
        return True
    return bool(re.search("(?:" + lex.boundary.pattern + "|" + "|".join(lex.industry_qualifiers) + ")$", text[max(0, s - 6) : s]))


_LIST_CLAUSE = re.compile(r"[^，,。；;：:！!？?\n()]+")


def _listed_terms(text: str, limit: int, lex: Lexicon) -> set[tuple[int, int]]:
    """Spans of taxonomy words that are whole items of a list of industries: at least two items
    of the list, and at least half of them, are taxonomy words (with an optional 产业 tail; the
    last may go on with 等…)."""
    found: set[tuple[int, int]] = set()
    for clause in _LIST_CLAUSE.finditer(text, 0, limit):
        if "、" not in clause.group() and not re.search("[和及与]", clause.group()):
            continue
        items = [(i.start(), i.end()) for i in re.finditer(r"[^、和及与]+", clause.group())]
        terms: list[tuple[int, int]] = []
        for k, (a, b) in enumerate(items):
            a, b = clause.start() + a, clause.start() + b
            term = _item_term(text, a, b, lex, first=not terms, last=k == len(items) - 1)
            if term:
                terms.append(term)
        if len(terms) >= 2 and 2 * len(terms) >= len(items):
            found.update(terms)
    return found


def _item_term(text: str, a: int, b: int, lex: Lexicon, first: bool, last: bool) -> Optional[tuple[int, int]]:
    """The taxonomy word that makes up the list item text[a:b], if it is one: the first item that
    holds one may open with a verb (推动钢铁, 改善文体康旅), the last may go on after 等
    (纺织等产业), any may end in 产业."""
    for m in lex.industry_terms.finditer(text, a, b):
        lead, rest = text[a : m.start()], text[m.end() : b]
        opens = first and (len(m.group()) >= 3 or _word_starts(text, m.start(), lex))
        lead_ok = not lead or opens or lead in lex.industry_qualifiers
        rest_ok = (
            not rest
            or bool(re.fullmatch(r"(?:" + lex.industry_tail.pattern + r")?(?:等.*)?", rest) and (last or "等" not in rest))
            or (last and bool(lex.industry_tail.match(rest)))  # 焦化行业超低排放改造
        )
        if lead_ok and rest_ok:
            return m.start(), m.end()
    return None


_FIELD = re.compile(r"(?:^|(?<=[。；;!?！？\n]))\s*([\u4e00-\u9fff]{2,10}?)(?:产业)?领域[，,]")


def _field_industries(doc: Document, lex: Lexicon) -> list[Hit]:
    """'X领域，…' opening a sentence names the industry X (食品产业 from 食品产业领域)."""
    text, orig = doc.text, doc.report.text
    hits = []
    for m in _FIELD.finditer(text, 0, doc.clean.content_end):
        s = m.start(1)
        e = m.end() - 3 if text[m.end() - 3 : m.end() - 1] == "领域" else m.end(1)
        name = norm_name(orig[s:e])
        if industry_key(name) in lex.not_industries or lex.generic_org.match(name):
            continue
        term = lex.industry_terms.fullmatch(industry_key(name))
        if not lex.industry_terms.search(name) and not name.endswith(lex.industry_item_heads):
            continue  # 交通领域，… / 民生领域，…: a field of work, not an industry
        hits.append(Hit(name=name, type=EntityType.INDUSTRY, start=s, end=e, rule="industry.field",
                        broader=lex.industry_broader.get(term.group()) if term else None))
    return hits


def _plain_item(item: str, lex: Lexicon) -> bool:
    """A list item that can be an industry's name: short, no figure, not opening with a verb,
    not a generic adjective (优势, 传统)."""
    return (
        2 <= len(item) <= lex.firm_max
        and not re.search(r"[\d%“”的]", item)
        and not opens_with_verb(item)
        and item not in lex.not_industries
        and not lex.generic_org.match(item)
    )


# Items of a list (or one item: 塑料制品等传统产业); the last stops at 等, where what the list is of begins.
_INDUSTRY_RUN = re.compile(r"((?:[\u4e00-\u9fff]{2,10}[、和及])*(?:(?!等)[\u4e00-\u9fff]){2,10})")


def _listed_industries(doc: Document, lex: Lexicon) -> list[Hit]:
    """Items of 'A、B、C等…产业' that are not in the taxonomy but end like industries."""
    text, orig, limit = doc.text, doc.report.text, doc.clean.content_end
    hits = []
    for m in _INDUSTRY_RUN.finditer(text, 0, limit):
        # 等 + a tail that says "industries" right away (A、B等新兴产业 / 等新业态): every plain item is one
        strong = bool(lex.industry_strong_tail.match(text, m.end()))
        single = not re.search(r"[、和及]", m.group())
        if single and not strong or not strong and not lex.industry_list_tail.match(text, m.end()):
            continue  # one item names an industry only before 等 and a tail that says so
        start = _first_item_start(text, _clause_start(text, m.start()), m.end(), lex, separators="、和及")
        pos = start
        for piece in re.split(r"[、和及]", orig[start : m.end()]):
            s, e = pos, pos + len(piece)
            pos = e + 1
            bare = norm_name(piece)
            if bare in lex.not_industries or len(bare) < 2 or "等" in bare:
                continue
            if lex.industry_terms.fullmatch(bare):
                if single:  # a taxonomy word alone before 等传统产业: not a list industries() reads
                    hits.append(Hit(name=bare, type=EntityType.INDUSTRY, start=s, end=e, rule="industry.list",
                                    broader=lex.industry_broader.get(bare)))
                continue
            if any(bare[:n] in place_words() for n in (2, 3)):
                continue  # a place at its head: a firm's or a project's name (某地某企矿山机械装备)
            if bare.endswith(lex.industry_item_heads) or (strong and _plain_item(bare, lex)):
                hits.append(Hit(name=bare, type=EntityType.INDUSTRY, start=s, end=e, rule="industry.list"))
    return hits


# --------------------------------------------------------------------------- actions, key tasks


def actions(doc: Document) -> list[Hit]:
    hits = []
    for f in find_actions(doc):
        etype = EntityType(f.kind)
        rule = {EntityType.ACTION: f.rule, EntityType.PROGRAMME: "programme.plan"}.get(etype, "infrastructure.project")
        if etype is EntityType.INFRASTRUCTURE:
            # A、B工程 / A和B工程: the ending belongs to the last project only
            cut = max(doc.text.rfind(c, f.start, f.end) for c in "、和") + 1
            if cut > f.start:
                hits.append(Hit(name=norm_name(doc.report.text[cut : f.end]), type=etype, start=cut, end=f.end, rule=rule))
                continue
        hits.append(Hit(name=f.name, type=etype, start=f.start, end=f.end, rule=rule, aliases=f.aliases))
    return hits


def key_tasks(doc: Document) -> list[Hit]:
    hits = []
    for h in doc.key_tasks:
        name = norm_name(doc.report.text[h.start : h.end]).lstrip("一二三四五六七八九十、()（）.0123456789")
        name = h.text if not name else name
        short = re.split(r"[,，]", name)[0]
        hits.append(
            Hit(
                name=name,
                type=EntityType.KEY_TASK,
                start=h.end - len(h.text),
                end=h.end,
                rule="key_task",
                aliases=(short,) if short != name else (),
            )
        )
    return hits


# --------------------------------------------------------------------------- regions


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
        start = _stem_start(text, _clause_start(text, m.start()), m.start(), lex)
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


# --------------------------------------------------------------------------- merging


def _merge_key(h: Hit) -> tuple[str, str]:
    if h.type is EntityType.INDUSTRY:
        return (h.type.value, industry_key(h.name))
    return (h.type.value, norm_name(h.name))


def merge(doc: Document, hits: list[Hit]) -> list[Entity]:
    """One entity per (type, name); a name seen as another's alias joins that entity."""
    lex = lexicon()
    conf = lex.confidence
    alias_of: dict[tuple[str, str], tuple[str, str]] = {}
    entities: dict[tuple[str, str], Entity] = {}
    # the form a field clause writes (食品产业领域 → 食品产业) names an industry first
    for h in sorted(hits, key=lambda h: (h.start, h.rule != "industry.field")):
        key = _merge_key(h)
        key = alias_of.get(key, key)
        ent = entities.get(key)
        if ent is None:
            ent = Entity(name=h.name, type=h.type, broader=h.broader, confidence=0.0)
            entities[key] = ent
            for a in h.aliases:
                alias_of.setdefault((h.type.value, norm_name(a)), key)
        for a in (*h.aliases, h.name):
            if a != ent.name and a not in ent.aliases:
                ent.aliases.append(a)
                alias_of.setdefault((h.type.value, norm_name(a)), key)
        if ent.broader is None and h.broader:
            ent.broader = h.broader
        c = h.confidence if h.confidence is not None else conf.get(h.rule, 0.6)
        if any(m.start == h.start and m.end == h.end for m in ent.mentions):
            continue  # the same words found by two rules
        ent.mentions.append(
            Mention(start=h.start, end=h.end, surface=doc.report.text[h.start : h.end], sentence=doc.sentence_at(h.start).index,
                    rule=h.rule, confidence=c, evidence=h.evidence)
        )
    out = []
    for ent in entities.values():
        best = max(m.confidence for m in ent.mentions)
        ent.confidence = min(1.0, best + conf.get("per_extra_mention", 0.0) * (len(ent.mentions) - 1))
        out.append(ent)
    return out


_NAMED_PLACES = (EntityType.PLATFORM, EntityType.PARK, EntityType.RESEARCH_INSTITUTE, EntityType.UNIVERSITY, EntityType.ENTERPRISE)


def _drop_shadowed(hits: list[Hit]) -> list[Hit]:
    """A span inside a longer organisation, platform or park name is not a name of its own
    (功能性食品 in 功能性食品研发中心), except the developer written at its head; nor is an
    industry inside a longer one."""
    spans = [(h.start, h.end) for h in hits if h.type in _NAMED_PLACES]
    fields = [(h.start, h.end, industry_key(h.name)) for h in hits if h.type is EntityType.INDUSTRY]
    kept = []
    for h in hits:
        inside = any(s <= h.start and h.end <= e and (s, e) != (h.start, h.end) for s, e in spans)
        if inside and h.rule not in ("park_owner", "industry.in_name") and h.type is not EntityType.UNIVERSITY:
            continue
        if h.type is EntityType.INDUSTRY and any(
            s <= h.start and h.end <= e and e - s > h.end - h.start and key != industry_key(h.name) for s, e, key in fields
        ):
            continue  # 文化旅游业 inside 乡村文化旅游业: the field the report names is the longer one
        kept.append(h)
    return kept


def rule_hits(doc: Document) -> list[Hit]:
    """Every mention the rule families find in the report's content."""
    orgs = suffix_names(doc)
    return [*actions(doc), *key_tasks(doc), *orgs, *enumerated_firms(doc), *subject_firms(doc), *park_owners(orgs, doc), *partner_firms(orgs, doc), *industries(doc), *regions(doc), *named_platforms(doc), *quoted_programmes(doc)]


def to_entities(doc: Document, hits: list[Hit]) -> list[Entity]:
    """Mentions merged into entities, each with its mentions and confidence."""
    hits = [h for h in _drop_shadowed(hits) if not (h.type is EntityType.INDUSTRY and h.start >= doc.clean.content_end)]
    return _name_broader(_short_firm_names(doc, _fold_standalone(merge(doc, hits))))


def recognise(doc: Document) -> list[Entity]:
    """Entities the rule families alone find (the pipeline adds the learned ones)."""
    return to_entities(doc, rule_hits(doc))


def _short_firm_names(doc: Document, entities: list[Entity]) -> list[Entity]:
    """A firm written with its legal form (X有限公司) gets X as an alias; when the report also
    writes X alone, X is its name and those places are its mentions (one node, the short name,
    whichever report it is in)."""
    lex = lexicon()
    text, conf = doc.text, lex.confidence.get("firm.short_name", 0.8)
    by_name = {e.name: e for e in entities if e.type is EntityType.ENTERPRISE}
    dropped: set[int] = set()
    for e in list(by_name.values()):
        short = lex.legal_forms.sub("", e.name)
        if short == e.name or len(short) < 2 or lex.generic_org.match(short):
            continue
        if short not in e.aliases:
            e.aliases.append(short)
        spans = [(m.start, m.end) for m in e.mentions]
        alone = [
            m.start()
            for m in re.finditer(re.escape(short), text[: doc.clean.content_end])
            if not any(a <= m.start() < b for a, b in spans)
        ]
        other = by_name.get(short)
        if not alone and other is None:
            continue
        full = e.name
        e.name = short
        e.aliases = [a for a in e.aliases if a != short] + [full]
        for s in alone:
            if other is None or all(m.start != s for m in other.mentions):
                e.mentions.append(Mention(start=s, end=s + len(short), surface=doc.report.text[s : s + len(short)],
                                          sentence=doc.sentence_at(s).index, rule="firm.short_name", confidence=conf))
        if other is not None:
            e.mentions.extend(other.mentions)
            e.aliases += [a for a in other.aliases if a not in e.aliases]
            dropped.add(id(other))
        e.mentions.sort(key=lambda m: m.start)
    return [e for e in entities if id(e) not in dropped]


def _fold_standalone(entities: list[Entity]) -> list[Entity]:
    """A zone written alone (自贸试验区) is the report's one named zone of that kind
    (中国（某省）自贸试验区) when the report names exactly one: an alias of it."""
    out = []
    for e in entities:
        if all(m.rule == "suffix.standalone" for m in e.mentions):
            named = [o for o in entities if o is not e and o.type is e.type and o.name.endswith(e.name)]
            if len(named) == 1:
                named[0].aliases.append(e.name)
                named[0].mentions.extend(e.mentions)
                named[0].mentions.sort(key=lambda m: m.start)
                continue
        out.append(e)
    return out


def _name_broader(entities: list[Entity]) -> list[Entity]:
    """A broader industry is called what the report calls it (食品 → 食品产业 if written so)."""
    written = {industry_key(e.name): e.name for e in entities if e.type is EntityType.INDUSTRY}
    for e in entities:
        if e.broader:
            e.broader = written.get(industry_key(e.broader), e.broader)
    return entities
