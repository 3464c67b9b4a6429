"""recognise: a segmented Document → the entities it names (with every mention).

Rule families (their words live in resources/entities.yaml and resources/industries.yaml):
- actions: scope.find_actions (…行动 / …工程 / …攻坚 without the launch verb);
- key tasks: the numbered headings of the work part (doc.key_tasks);
- suffix names: …大学, …研究所, …交易中心, …产业园, …集团 — the name runs back from the suffix
  to the nearest boundary word (支持 / 与 / 建设 …);
- enumerations: 支持A、B、C等食品企业 — short brand names before 等 + a generic head; a list item
  that is a common word (jieba dictionary) or an industry is not a brand;
- park owners: a brand at the head of a phased park name (X综合产业园二期 → X);
- industries: the taxonomy's words, and items of enumerations that end in 等…产业.
Patterns run on the clean text (doc.text); names are spelt as the report writes them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from .evaluate import norm_name
from .model import Document, Entity, EntityType, Mention, SectionKind
from .scope import find_actions

_RESOURCES = Path(__file__).with_name("resources")
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


@dataclass(frozen=True)
class _SuffixFamily:
    type: EntityType
    pattern: re.Pattern[str]
    not_followed: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    families: tuple[_SuffixFamily, ...]
    boundary: re.Pattern[str]
    generic_org: re.Pattern[str]
    generic_org_ending: re.Pattern[str]
    max_org_stem: int
    abbreviations: dict[str, str]
    list_heads: tuple[str, ...]
    max_modifier: int
    firm_min: int
    firm_max: int
    firm_generic: frozenset[str]
    common_min_freq: int
    phrase_min_freq: int
    park_phase: re.Pattern[str]
    confidence: dict[str, float]
    industry_broader: dict[str, str]
    industry_terms: re.Pattern[str]
    industry_item_heads: tuple[str, ...]
    industry_list_tail: re.Pattern[str]
    industry_qualifiers: tuple[str, ...]
    not_industries: frozenset[str]
    industry_strip: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    ent = yaml.safe_load((_RESOURCES / "entities.yaml").read_text(encoding="utf-8"))
    ind = yaml.safe_load((_RESOURCES / "industries.yaml").read_text(encoding="utf-8"))
    families = tuple(
        _SuffixFamily(
            type=EntityType(f["type"]),
            pattern=re.compile(_alternation(f["suffixes"])),
            not_followed=tuple(f["not_followed_by"]),
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
        boundary=re.compile(_alternation(ent["boundary_words"])),
        generic_org=re.compile(ent["generic_org_stems_regex"]),
        generic_org_ending=re.compile(ent["generic_org_ending_regex"]),
        max_org_stem=int(ent["max_org_stem"]),
        abbreviations=dict(ent["abbreviations"]),
        list_heads=tuple(sorted(firms["list_heads"], key=len, reverse=True)),
        max_modifier=int(firms["max_modifier"]),
        firm_min=int(firms["min_len"]),
        firm_max=int(firms["max_len"]),
        firm_generic=frozenset(firms["generic"]),
        common_min_freq=int(firms["common_word_min_freq"]),
        phrase_min_freq=int(firms["common_phrase_min_freq"]),
        park_phase=re.compile(firms["park_phase_regex"]),
        confidence={k: float(v) for k, v in ent["confidence"].items()},
        industry_broader=broader,
        industry_terms=re.compile(_alternation(sorted(terms))),
        industry_item_heads=tuple(ind["item_heads"]),
        industry_list_tail=re.compile(r"等?[^，。；、]{0,6}?(?:" + _alternation(ind["list_tails"]) + ")"),
        industry_qualifiers=tuple(ind["qualifiers"]),
        not_industries=frozenset(ind["not_industries"]),
        industry_strip=re.compile("(?:" + _alternation(ind["strip_suffixes"]) + ")$"),
    )


@lru_cache(maxsize=1)
def common_words() -> dict[str, int]:
    """jieba's dictionary as word → frequency (read once, lazily; no jieba import needed)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        return {}
    freq: dict[str, int] = {}
    with open(os.path.join(os.path.dirname(spec.origin), "dict.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split(" ", 2)
            if len(parts) >= 2 and parts[1].isdigit():
                freq[parts[0]] = int(parts[1])
    return freq


def is_common_word(word: str) -> bool:
    return common_words().get(word, 0) >= lexicon().common_min_freq


def is_common_phrase(word: str) -> bool:
    """The word is a run of very frequent words of two or more characters (科技创新, 先进制造)."""
    freq, bar = common_words(), lexicon().phrase_min_freq
    n = len(word)
    ok = [True] + [False] * n
    for i in range(1, n + 1):
        ok[i] = any(ok[j] and freq.get(word[j:i], 0) >= bar for j in range(max(0, i - 4), i - 1))
    return ok[n]


# --------------------------------------------------------------------------- suffix names


def _clause_start(text: str, pos: int, floor: int = 0) -> int:
    i = pos
    while i > floor and text[i - 1] not in _CLAUSE_BREAK and text[i - 1] != "、":
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
            if text.startswith(fam.not_followed, m.end()) and fam.not_followed:
                continue
            stem_end, end = m.start(), m.end()
            clause = _clause_start(text, stem_end)
            start = _stem_start(text, clause, stem_end, lex)
            if fam.type is EntityType.RESEARCH_INSTITUTE and m.group() in ("中科院", "科学院"):
                continue  # only as the head of an institute name
            if start is None:
                continue
            de = text.rfind("的", start, stem_end)
            start = de + 1 if de >= 0 else start  # …的X研究院: the name starts after 的
            stem = norm_name(orig[start:stem_end])
            if (
                len(stem) < 2
                or len(re.split(r"大学|学院|研究院|研究所", stem)[-1]) > lex.max_org_stem
                or lex.generic_org.match(stem)
                or lex.generic_org_ending.search(stem)
                or re.search(r"\d", stem[:1])
            ):
                continue
            rule = "suffix"
            if fam.type is EntityType.PARK and lex.park_phase.match(text, end):
                end += 2
            if fam.type is EntityType.PLATFORM:
                end = _take_quoted_tail(text, end)
            hits.extend(_split_prefixed(orig, start, end, fam.type, rule, lex))
    return hits


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


# --------------------------------------------------------------------------- enumerated firms


def _is_brand(item: str, lex: Lexicon) -> bool:
    bare = norm_name(item)
    return (
        lex.firm_min <= len(bare) <= lex.firm_max
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
    heads = _alternation(list(lex.list_heads))
    tail_deng = re.compile(rf"等[^，。；、]{{0,{lex.max_modifier}}}?(?:{heads})")
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


def _first_item_start(text: str, start: int, end: int, lex: Lexicon) -> int:
    """The list begins after the last boundary word before its first 、."""
    first_sep = text.find("、", start, end)
    stop = first_sep if first_sep >= 0 else end
    cut = start
    for b in lex.boundary.finditer(text, start, stop):
        if stop - b.end() >= lex.firm_min:
            cut = b.end()
    return cut


def _brand_items(orig: str, start: int, end: int, rule: str, lex: Lexicon) -> list[Hit]:
    items: list[Hit] = []
    pos = start
    for piece in orig[start:end].split("、"):
        s, e = pos, pos + len(piece)
        pos = e + 1
        if not _is_brand(piece, lex):
            # a list mixing brands with generic words (钢铁、化工) is not a list of brands
            if rule == "enumeration" and not piece.endswith(lex.list_heads):
                return []
            continue
        items.append(Hit(name=norm_name(piece), type=EntityType.ENTERPRISE, start=s, end=e, rule=rule))
    return items


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
    lex = lexicon()
    text, orig, limit = doc.text, doc.report.text, doc.clean.content_end
    hits: list[Hit] = []
    for m in lex.industry_terms.finditer(text, 0, limit):
        s, e = m.start(), m.end()
        after = text[e : e + 4]
        term = m.group()
        in_context = re.match(r"(产业|行业|领域|等|、|和|及|与|企业)", after) or (s > 0 and text[s - 1] in "、和及与")
        if not in_context:
            continue
        if len(term) < 3 and (s > 0 and re.match(r"[\u4e00-\u9fff]", text[s - 1]) and text[s - 1] not in "、和及与等强"):
            continue  # inside a longer word
        full_e = e
        tail = re.match(r"产业集群|产业|行业", after)
        if tail:
            full_e = e + tail.end()
        full = norm_name(orig[s:full_e])
        name = norm_name(orig[s:e])
        hits.append(
            Hit(
                name=name,
                type=EntityType.INDUSTRY,
                start=s,
                end=full_e,
                rule="industry.lexicon",
                aliases=(full,) if full != name else (),
                broader=lex.industry_broader.get(term),
            )
        )
    hits += _listed_industries(doc, lex)
    hits += _field_industries(doc, lex)
    return hits


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
        hits.append(Hit(name=name, type=EntityType.INDUSTRY, start=s, end=e, rule="industry.field",
                        broader=lex.industry_broader.get(term.group()) if term else None))
    return hits


def _listed_industries(doc: Document, lex: Lexicon) -> list[Hit]:
    """Items of 'A、B、C等…产业' that are not in the taxonomy but end like industries."""
    text, orig, limit = doc.text, doc.report.text, doc.clean.content_end
    hits = []
    for m in re.finditer(r"((?:[\u4e00-\u9fff]{2,10}[、和])+[\u4e00-\u9fff]{2,10})", text[:limit]):
        tail = lex.industry_list_tail.match(text, m.end())
        if not tail:
            continue
        start = _first_item_start(text, _clause_start(text, m.start()) if False else m.start(), m.end(), lex)
        pos = start
        for piece in re.split(r"[、和]", orig[start : m.end()]):
            s, e = pos, pos + len(piece)
            pos = e + 1
            bare = norm_name(piece)
            if bare in lex.not_industries or lex.industry_terms.fullmatch(bare) or len(bare) < 2:
                continue
            if bare.endswith(lex.industry_item_heads):
                hits.append(Hit(name=bare, type=EntityType.INDUSTRY, start=s, end=e, rule="industry.list"))
    return hits


# --------------------------------------------------------------------------- actions, key tasks


def actions(doc: Document) -> list[Hit]:
    hits = []
    for f in find_actions(doc):
        etype = EntityType.ACTION if f.kind == "Action" else EntityType.PROGRAMME
        rule = f.rule if etype is EntityType.ACTION else "programme.plan"
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
        c = conf.get(h.rule, 0.6)
        if any(m.start == h.start and m.end == h.end for m in ent.mentions):
            continue  # the same words found by two rules
        ent.mentions.append(
            Mention(start=h.start, end=h.end, surface=doc.report.text[h.start : h.end], sentence=doc.sentence_at(h.start).index, rule=h.rule, confidence=c)
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
    (功能性食品 in 功能性食品研发中心), except the developer written at its head."""
    spans = [(h.start, h.end) for h in hits if h.type in _NAMED_PLACES]
    kept = []
    for h in hits:
        inside = any(s <= h.start and h.end <= e and (s, e) != (h.start, h.end) for s, e in spans)
        if inside and h.rule != "park_owner" and h.type is not EntityType.UNIVERSITY:
            continue
        kept.append(h)
    return kept


def recognise(doc: Document) -> list[Entity]:
    """Entities named in the report's content, each with its mentions and confidence."""
    orgs = suffix_names(doc)
    hits = [*actions(doc), *key_tasks(doc), *orgs, *enumerated_firms(doc), *park_owners(orgs, doc), *partner_firms(orgs, doc), *industries(doc)]
    hits = [h for h in _drop_shadowed(hits) if not (h.type is EntityType.INDUSTRY and h.start >= doc.clean.content_end)]
    return _name_broader(merge(doc, hits))


def _name_broader(entities: list[Entity]) -> list[Entity]:
    """A broader industry is called what the report calls it (食品 → 食品产业 if written so)."""
    written = {industry_key(e.name): e.name for e in entities if e.type is EntityType.INDUSTRY}
    for e in entities:
        if e.broader:
            e.broader = written.get(industry_key(e.broader), e.broader)
    return entities
