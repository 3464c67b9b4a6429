"""suffix_names: …大学, …研究所, …交易中心, …产业园, …集团 — the name runs back from the suffix to
the nearest boundary word (支持 / 与 / 建设 …); a suffix shared by a list (A、B等实验室) names each
item; a university at the head of a platform's name is its developer. Suffixes in
resources/entities.yaml (suffix_names).
"""

from __future__ import annotations

import re

from ..model import Document, EntityType
from .boundaries import COUNT_NUMBER, clause_start, counted_lists, stem_start
from .hits import Hit
from .lexicon import Lexicon, abbreviation_forms, lexicon
from .text import norm_name
from .words import is_common_word, place_words


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
            clause = clause_start(text, stem_end)
            start = stem_start(text, clause, stem_end, lex)
            if fam.type is EntityType.RESEARCH_INSTITUTE and m.group() == "中科院":
                continue  # only as the head of an institute name
            if lex.counted_after.match(text, end):
                continue
            if lex.standalone.get(m.group()) is fam.type and (start is None or start == stem_end):
                hits.append(Hit(name=norm_name(orig[stem_end:end]), type=fam.type, start=stem_end, end=end, rule="suffix.standalone"))
                continue
            if stem_end - clause > 2 and text[stem_end - 1] == "等" and not is_common_word(text[stem_end - 2 : stem_end]):
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
            if _generic_stem(norm_name(orig[start:stem_end]), lex) or _designation(text, start, stem_end, lex):
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
    lex = lexicon()
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
    k = 2  # items are two-character places or abbreviations
    first_start, first_end = items[-1]
    if first_end - first_start > k and re.search("(?:" + lex.boundary.pattern + ")$", text[first_start : first_end - k]):
        items[-1] = (first_end - k, first_end)  # 推动A、B、C…: the list starts after its verb
    if any(e - s != k for s, e in items) or end - start <= k + 1:
        return []
    if re.match(COUNT_NUMBER + "[个家座大类项所]", text[start + k : start + k + 4]):
        return []  # A、B两个X开发区: a count of the items follows them (counted_names reads it)
    if lex.generic_org_inner.search(text, start + k, end) or "等" in text[start + k : end]:
        return []  # A、B国家X试点城市和C产业园 / A、BC等国家X: the rest joins two things or closes a list
    verb = lex.boundary.match(text, start + k)
    if verb and not lex.name_inner.search(text, verb.start(), verb.end()):
        return []  # A、B、C入选X集聚区: the items are a verb's subjects, not the heads of one name
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


def _designation(text: str, start: int, stem_end: int, lex: Lexicon) -> bool:
    """入选国家X集聚区 / 获评省级X园区: the object of such a verb is a title, not a park's name."""
    return bool(lex.designation.search(text, max(0, start - 6), start)) and bool(lex.designation_stem.match(text[start:stem_end]))


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
        spans.append((clause_start(text, item_end), item_end))
    first_start, first_end = spans[-1]
    cut = stem_start(text, first_start, first_end, lex)
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
    aliases = tuple(abbreviation_forms(name, lex))
    return [Hit(name=name, type=etype, start=start, end=end, rule=rule, aliases=aliases)]


def counted_names(doc: Document) -> list[Hit]:
    """肿瘤与代谢、某地慢病2个重点实验室 / 甲、乙、丙3个综保区: when the count after a list equals
    its number of items and what follows ends like a platform's or a park's name, each item with
    that ending is a name (甲综保区, 乙综保区 …; the form written is the mention)."""
    lex = lexicon()
    text, orig = doc.text, doc.report.text
    heads = [f for f in lex.families if f.type in (EntityType.PLATFORM, EntityType.PARK)]
    hits: list[Hit] = []
    for items, count_end in counted_lists(text, doc.clean.content_end, lex):
        ending = _shared_ending(text, count_end, heads)
        if ending is None or any(lex.generic_org.match(i) or is_common_word(i) and i not in place_words() for _, i in items):
            continue
        etype, tail_end = ending
        suffix = norm_name(orig[count_end:tail_end])
        hits += [Hit(name=norm_name(item) + suffix, type=etype, start=s, end=s + len(item), rule="suffix.counted") for s, item in items]
    return hits


def _shared_ending(text: str, pos: int, heads: list) -> tuple[EntityType, int] | None:
    """(type, end) of the platform or park name ending that starts within a few characters of
    ``pos`` (重点|实验室, 省|实验室, 综保区), if any."""
    for k in range(5):
        for f in heads:
            t = f.pattern.match(text, pos + k)
            if t:
                return f.type, t.end()
    return None
