"""industries: the taxonomy's words named as industries (X产业 / X领域) or listed with other
industries, items of enumerations that end in 等…产业, fields a develop verb targets (银发经济), and
the other items of a list most of whose items are industries. Words in resources/industries.yaml.
"""

from __future__ import annotations

import re
from typing import Optional

from ..model import Document, EntityType
from .boundaries import COUNT_NUMBER, clause_start, counted_lists, first_item_start
from .hits import Hit
from .lexicon import Lexicon, industry_key, lexicon
from .text import norm_name
from .words import is_common_word, leading_verb, opens_with_verb, place_words


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
        if not tail and text[e : e + 1] == "化":
            continue  # 数字产业化, 产业数字化: a process, not an industry
        named = (
            tail
            or (len(term) >= 3 and term.endswith("业"))  # 文化产业, 游艇业 name themselves
            or (text[s - 1 : s] == "等" and text.startswith("企业", e))  # 支持A、B等食品企业
            or _developed(text, s, e, lex)  # 大力发展新型储能，…
            or lex.industry_measure.match(text, e)  # 数字经济规模…: its output is measured
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
    hits += _counted_industries(doc, lex)
    hits += _economy_fields(doc, lex)
    hits += _developed_fields(doc, lex, hits)
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
        items[0] = (first_item_start(text, first_s, first_e, lex), first_e)
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
    a list (大力发展银发经济，/ 做热做旺X经济、Y经济 / 做强X制造业), or an item of a run of three
    …经济 items: a field the report targets, unless the stem says whose or where it is (民营经济,
    县域经济)."""
    text, orig = doc.text, doc.report.text
    hits: list[Hit] = []
    runs = [r.span() for r in _ECONOMY_RUN.finditer(text, 0, doc.clean.content_end)]
    for m in lex.economy_field.finditer(text, 0, doc.clean.content_end):
        end = m.end() + (text[m.end() : m.end() + 1] == "”")
        measured = m.group() == "经济" and bool(lex.industry_measure.match(text, end))  # 文旅经济增加值
        if text[end : end + 1] not in ("，", ",", "。", "；", ";", "、") and not measured:
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
            in_run = text[s - 1 : s] in ("、", "“") and any(a < s and m.end() <= b for a, b in runs)  # not the first item
            if lex.develop_verb.search(before) or listed or in_run or measured and not _CJK_BEFORE.match(text, s - 1) and not leading_verb(stem) and not lex.boundary.match(stem) and stem not in place_words() and not stem.startswith("我"):
                start = s - 1 if text[s - 1 : s] == "“" else s
                hits.append(Hit(name=norm_name(orig[start:end]), type=EntityType.INDUSTRY, start=start, end=end, rule="industry.economy"))
                break
    return hits


def _developed_fields(doc: Document, lex: Lexicon, found: list[Hit]) -> list[Hit]:
    """大力发展清洁能源， / 做大做强X产业， / 打造X产业集群。: a product field, an industry or a
    cluster that is the whole object of a field verb names an industry, in or out of the taxonomy,
    where no other rule found one in it and its stem is no class (特色产业, 千亿级, 更多…) and joins
    no two fields (X和Y, X等)."""
    text, orig = doc.text, doc.report.text
    hits = []
    for m in lex.developed_field.finditer(text, 0, doc.clean.content_end):
        name = m.group(1)
        cluster = next((h for h in ("产业集群", "产业") if name.endswith(h)), "")
        stem = name[: len(name) - len(cluster)]
        if (cluster and stem.endswith(lex.class_adjectives) or stem in lex.not_industries or stem in lex.not_economies or lex.generic_org.match(stem)
                or lex.generic_org_ending.search(stem) or lex.generic_org_start.search(stem) or re.search(r"[和及与的等]", stem)
                or stem.startswith(lex.develop_verbs) or opens_with_verb(stem)
                or any(h.start < m.end(1) and m.start(1) < h.end for h in found)):
            continue
        hits.append(Hit(name=norm_name(orig[m.start(1) : m.end(1)]), type=EntityType.INDUSTRY, start=m.start(1), end=m.end(1), rule="industry.developed"))
    return hits


# A character of a word right before a stem: the stem starts inside that word.
_CJK_BEFORE = re.compile(r"[\u4e00-\u9fff]")


# Three or more …经济 items in a row (演出经济、赛事经济、夜间经济): whatever the verb, the list names fields.
_ECONOMY_RUN = re.compile(r"(?:“?[\u4e00-\u9fff]{2,4}经济”?、){2,}“?[\u4e00-\u9fff]{2,4}经济”?")


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


_PLACE_AFTER_INDUSTRY = tuple("带园区城基")
_COUNT = re.compile(COUNT_NUMBER + "[个大类项]")


def _counted_industries(doc: Document, lex: Lexicon) -> list[Hit]:
    """A、B、C三大先导产业 / A、B两个千亿级产业集群: a list whose count equals its items, followed
    within a few characters by what says industries (…产业 / …产业集群 / …领域): each plain item
    is an industry."""
    text, orig = doc.text, doc.report.text
    hits: list[Hit] = []
    for items, count_end in counted_lists(text, doc.clean.content_end, lex, classifiers="个大类项"):
        tail = lex.industry_tail.search(text, count_end, count_end + 8)
        if tail is None or re.search(r"[^\u4e00-\u9fff]", text[count_end : tail.start()]) or text[tail.end() : tail.end() + 1] in _PLACE_AFTER_INDUSTRY:
            continue  # …产业带 / …产业园: places, not industries
        names = [norm_name(orig[s : s + len(i)]) for s, i in items]
        if not all(_plain_item(n, lex) or lex.industry_terms.fullmatch(n) for n in names):
            continue  # one item that can be no industry's name: not a list of industries
        hits += [Hit(name=n, type=EntityType.INDUSTRY, start=s, end=s + len(i), rule="industry.list",
                     broader=lex.industry_broader.get(n)) for (s, i), n in zip(items, names)]
    return hits


def _plain_item(item: str, lex: Lexicon, after_first: bool = False) -> bool:
    """A list item that can be an industry's name: short, no figure, not opening with a verb,
    not a generic adjective (优势, 传统). After a list's first item a verb-like head is a field
    (休闲娱乐, 养老托育): the verb that governs the list stands before the first."""
    return (
        2 <= len(item) <= lex.firm_max
        and not re.search(r"[\d%“”的]", item)
        and (after_first or not opens_with_verb(item))
        and item not in lex.not_industries
        and not lex.generic_org.match(item)
    )


def _verbs_before_first_item(piece: str, lex: Lexicon) -> int:
    """How much of a list's first piece is the words that govern the list, not its first item:
    verbs and set phrases (改善|文体康旅, 因地制宜引育|新兴产业)."""
    cut = 0
    while True:
        rest = piece[cut:]
        n = (leading_verb(rest) or next((len(v) for v in lex.develop_verbs if rest.startswith(v)), 0)
             or (4 if len(rest) > 6 and is_common_word(rest[:4]) else 0))
        if not n or len(rest) - n < 2:
            return cut
        cut += n


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
        start = first_item_start(text, clause_start(text, m.start()), m.end(), lex, separators="、和及")
        pos = start
        whole = orig[start : m.end()].split("、")  # 新能源及绿色低碳: one word of the taxonomy, not two
        for k, piece in enumerate(re.split(r"[、和及]", orig[start : m.end()])):
            s, e = pos, pos + len(piece)
            pos = e + 1
            if k == 0 or orig[s - 1] != "、":  # 扩大和改善|A、B: a verb may open what follows 和
                cut = _verbs_before_first_item(piece, lex)
                piece, s = piece[cut:], s + cut
            bare = norm_name(piece)
            if bare in lex.not_industries or len(bare) < 2 or "等" in bare or _COUNT.search(bare):
                continue  # …人工智能三大先导产业: the count closes the list (_counted_industries reads it)
            if lex.industry_terms.fullmatch(bare):
                if (single or strong) and not any(piece != w and piece in w and lex.industry_terms.fullmatch(norm_name(w)) for w in whole):
                    hits.append(Hit(name=bare, type=EntityType.INDUSTRY, start=s, end=e, rule="industry.list",
                                    broader=lex.industry_broader.get(bare)))
                continue
            if any(bare[:n] in place_words() for n in (2, 3)):
                continue  # a place at its head: a firm's or a project's name (某地某企矿山机械装备)
            if bare.endswith(lex.industry_item_heads) or (strong and _plain_item(bare, lex, after_first=k > 0 and orig[s - 1] == "、")):
                hits.append(Hit(name=bare, type=EntityType.INDUSTRY, start=s, end=e, rule="industry.list"))
    return hits
