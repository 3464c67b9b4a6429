"""firms: firms named by their brand — enumerations (支持A、B、C等食品企业: short brand names before
等 + a generic head; a list item that is a common word or an industry is not a brand), subjects
(X、Y入选…百强), park owners (X综合产业园二期 → X) and partners (A与B研究所). Words in
resources/firms.yaml.
"""

from __future__ import annotations

import re

from ..model import Document, EntityType
from .boundaries import clause_start, counted_lists, first_item_start, stem_start
from .hits import Hit
from .lexicon import Lexicon, lexicon
from .rules import alternation
from .text import norm_name
from .words import is_common_phrase, is_common_word, leading_verb, opens_with_verb, place_words


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


def enumerated_firms(doc: Document) -> list[Hit]:
    """支持A、B、C等食品企业 / 引导A、某类企业: brand names in an enumeration of firms."""
    lex = lexicon()
    text, orig, limit = doc.text, doc.report.text, doc.clean.content_end
    heads = alternation(list(lex.list_heads))
    firm_heads = alternation(lex.firm_heads)
    tail_deng = re.compile(rf"等([^，。；、]{{0,{lex.max_modifier}}}?)(?:{heads})|等(?:{alternation(list(lex.firm_verbs))})")
    hits: list[Hit] = []
    for m in re.finditer(r"[^，。；：:,;\n]+", text[:limit]):
        clause_start, clause = m.start(), m.group()
        for t in tail_deng.finditer(clause):
            if clause[t.start() - 1 : t.start() + 1] in lex.deng_words or t.group(1) and lex.not_modifier.search(t.group(1)):
                continue
            list_end = clause_start + t.start()
            ranked = bool(lex.firm_rank.search(t.group()))
            hits += _brand_items(orig, first_item_start(text, clause_start, list_end, lex), list_end, "enumeration", lex, ranked)
        # no 等: A、B、某类企业 — the last item is a generic phrase of firms (…企业 / …公司)
        for t in re.finditer(rf"、([^、等，。]{{1,8}}?(?:{firm_heads}))", clause):
            list_end = clause_start + t.start()
            if "、" not in clause[: t.start()] and t.start() > 12:
                continue
            hits += _brand_items(orig, first_item_start(text, clause_start, list_end, lex), list_end, "enumeration.no_deng", lex)
    return hits


def counted_firms(doc: Document) -> list[Hit]:
    """培育了A、B两家上市公司 / A、B、C 3家企业入选: a list whose count equals its items, followed
    within a few characters by a head that says firms (…企业 / …公司): each brand is a firm."""
    lex = lexicon()
    text, orig = doc.text, doc.report.text
    heads = re.compile(alternation(lex.firm_heads))
    hits: list[Hit] = []
    for items, count_end in counted_lists(text, doc.clean.content_end, lex):
        if not heads.search(text, count_end, count_end + 8) or not all(_is_brand(i, lex) for _, i in items):
            continue
        hits += [Hit(name=norm_name(orig[s : s + len(i)]), type=EntityType.ENTERPRISE, start=s, end=s + len(i), rule="enumeration.counted")
                 for s, i in items]
    return hits


def _brand_items(orig: str, start: int, end: int, rule: str, lex: Lexicon, ranked: bool = False) -> list[Hit]:
    """The brands of a list of firms. ``ranked``: the list's head ranks its items as firms (等头部企业),
    so a brand that is also a common word (a star's or a bird's name) is one too."""
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
        if ranked and _ranked_brand(piece, lex):
            items.append(Hit(name=norm_name(piece), type=EntityType.ENTERPRISE, start=s, end=e, rule=rule))
            continue
        if not _is_brand(piece, lex) or rule == "enumeration.no_deng" and not _brand_without_deng(piece, lex):
            # a list mixing brands with industries or generic words (钢铁、化工) is not a list
            # of brands; a firm whose name is also a dictionary word (招商局) is still one
            if rule == "enumeration" and not ranked and not piece.endswith(lex.list_heads) and not _dictionary_firm(piece, lex):
                return []
            if rule == "enumeration" and _dictionary_firm(piece, lex):
                unsure.append(Hit(name=norm_name(piece), type=EntityType.ENTERPRISE, start=s, end=e, rule=rule))
            continue
        items.append(Hit(name=norm_name(piece), type=EntityType.ENTERPRISE, start=s, end=e, rule=rule))
    # without 等, only a list mostly of brands is one of firms (上门宣讲法规、上门排忧解难、…服务企业 is not)
    if rule == "enumeration.no_deng" and 2 * len(items) < orig[start:end].count("、"):
        return []
    # the dictionary words are firms only in a list mostly of brands
    return items + unsure if len(items) > len(unsure) else items


def _ranked_brand(item: str, lex: Lexicon) -> bool:
    """In a list ranked as firms, an item is a brand though a common word (曙光, 长城), unless it is
    an industry, a generic word, a figure or a verb phrase."""
    bare = norm_name(item)
    return (
        lex.firm_min <= len(bare) <= lex.firm_max
        and bare not in lex.firm_generic
        and not lex.industry_terms.search(bare)
        and not lex.not_brand_ending.search(bare)
        and not opens_with_verb(bare)
        and not re.search(r"[\d%]|等|及|企业|产业|行业|领域", bare)
        and not lex.generic_org.match(bare)
    )


def _brand_without_deng(item: str, lex: Lexicon) -> bool:
    """Without 等 a list says less: an item is a firm only as a short brand (≤ 4 characters) or a
    name with a firm's ending, and never opening with a verb (上门宣讲法规, 集群化发展 are not)."""
    bare = norm_name(item)
    return not opens_with_verb(bare) and (len(bare) <= 4 or bool(lex.firm_ending.search(bare)))


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
            start = clause_start(text, end)
            cut = stem_start(text, start, end, lex, min_len=lex.firm_min)
            items.append((cut if cut is not None else start, end))
            if start == 0 or text[start - 1] != "、":
                break
            end = start - 1
        clause_end = re.search(r"[，,。；;\n]|$", text[m.end() : m.end() + 40]).start()
        firms_only = m.group() in lex.firm_only_triggers or bool(lex.firm_title.search(text[m.end() : m.end() + clause_end]))
        for s, e in items:
            name = norm_name(orig[s:e])
            if (lex.firm_min + 2 <= len(name) <= lex.firm_max and lex.firm_ending.search(name)
                    and not is_common_word(name) and not is_common_phrase(name)
                    and not lex.generic_org.match(name) and not re.search(r"[\d%等]", name)
                    and not _industry_with_qualifier(name, lex) and not _place_and_industry(name, lex)):
                hits.append(Hit(name=name, type=EntityType.ENTERPRISE, start=s, end=e, rule="firm.subject"))
            elif firms_only and _is_brand(name, lex) and not re.search("[“”\"]", orig[max(0, s - 1) : e + 1]) and not _place_named(name):
                hits.append(Hit(name=name, type=EntityType.ENTERPRISE, start=s, end=e, rule="firm.subject"))
    return hits


def project_head_firms(doc: Document) -> list[Hit]:
    """推进X年产20万吨…项目 / 推动X8英寸…、Y二期等项目: the brand before a project's capacity (and,
    in a list of projects, before its phase) is the firm that builds it."""
    lex = lexicon()
    text, orig, limit = doc.text, doc.report.text, doc.clean.content_end
    hits: list[Hit] = []
    for m in re.finditer(r"[^，。；：:,;\n]+", text[:limit]):
        clause, offset = m.group(), m.start()
        listed = lex.project_list.search(clause)
        end = listed.start() if listed else clause.rfind("项目")
        if end <= 0:
            continue
        pos = offset
        for item in clause[:end].split("、"):
            item_start, pos = pos, pos + len(item) + 1
            head = lex.project_capacity.search(item) or (lex.park_phase.search(item) if listed else None)
            if head is None or head.start() < lex.firm_min:
                continue
            brand_end = item_start + head.start()
            s = stem_start(text, item_start, brand_end, lex, min_len=lex.firm_min)
            if s is not None and brand_end - s - leading_verb(text[s:brand_end]) >= lex.firm_min:
                s += leading_verb(text[s:brand_end])  # 释放X…项目: the firm starts after the verb
            name = norm_name(orig[s:brand_end]) if s is not None else ""
            if name and "年产" not in name and _is_brand(name, lex) and not _place_named(name):
                hits.append(Hit(name=name, type=EntityType.ENTERPRISE, start=s, end=brand_end, rule="firm.project_head"))
    return hits


def _place_named(name: str) -> bool:
    """A place, or a name opening with one (长治, 某县某镇): what places earn is not a firm's."""
    return name in place_words() or any(name[:n] in place_words() for n in (2, 3))


def _industry_with_qualifier(name: str, lex: Lexicon) -> bool:
    """An industry with a short, common or qualifying word in front (现代煤化工, 稀土新材料,
    某地生物医药, 某地现代煤化工)."""
    term = next((m for m in lex.industry_terms.finditer(name) if m.end() == len(name)), None)
    if term is None:
        return False
    before = name[: term.start()]
    return len(before) <= 2 or is_common_word(before) or before.endswith(lex.industry_qualifiers)


def _place_and_industry(name: str, lex: Lexicon) -> bool:
    """某地半导体智造: a place and an industry name a project or a site, not a firm."""
    return any(name[:n] in place_words() and lex.industry_terms.search(name, n) for n in (2, 3))


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
            if (not rest or len(rest) >= 2 and is_common_word(rest)) and _is_brand(brand, lex):
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
        start = stem_start(text, clause_start(text, joiner), joiner, lex)
        if start is not None and _is_brand(orig[start:joiner], lex):
            hits.append(Hit(name=norm_name(orig[start:joiner]), type=EntityType.ENTERPRISE, start=start, end=joiner, rule="partner"))
    return hits
