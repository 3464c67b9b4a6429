"""boundaries: where a name written before its suffix or in a list starts — the clause it is in,
the boundary word (支持 / 与 / 建设 …) before it, the first item of a list.
"""

from __future__ import annotations

import re
from typing import Optional

from .lexicon import Lexicon
from .words import leading_verb


_CLAUSE_BREAK = "，,；;：:。！!？?\n()（）"


_INNER_PAREN = re.compile(r"(?<=[\u4e00-\u9fff])\([^()，,。；;、]{1,8}\)$")


def clause_start(text: str, pos: int, floor: int = 0) -> int:
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


def stem_start(text: str, clause: int, stem_end: int, lex: Lexicon, min_len: int = 2) -> Optional[int]:
    """Where a name ending at ``stem_end`` starts: after the nearest boundary word that leaves a
    stem of at least ``min_len`` characters, else at the clause start. A boundary word is passed
    over only when names hold it too (合作 in X合作产业园, 高等 in X高等研究院)."""
    cuts = [clause, *(m.end() for m in lex.boundary.finditer(text, clause, stem_end))]
    for i in range(len(cuts) - 1, -1, -1):
        cut = cuts[i]
        if stem_end - cut >= min_len:
            # a stem that is itself a verb phrase (推进开发区) names nothing
            return None if lex.boundary.match(text, cut) else cut
        if i and not lex.name_inner.search(text, max(0, cut - 6), cut):
            return None  # the name would run back over a verb or conjunction (社会资本参与|开发区)
    return None


def first_item_start(text: str, start: int, end: int, lex: Lexicon, separators: str = "、") -> int:
    """The list begins after the last boundary word before its first separator."""
    stop = min((i for i in (text.find(c, start, end) for c in separators) if i >= 0), default=end)
    cut = prev = start
    for b in lex.boundary.finditer(text, start, stop):
        # a conjunction with less than a name before it is inside a name (促进诺和诺德、…)
        inside = b.group() in _CONJUNCTIONS and b.start() - prev < lex.firm_min
        if stop - b.end() >= lex.firm_min and not inside:
            cut = b.end()
        prev = b.end()
    return cut


_CONJUNCTIONS = ("和", "与", "及", "同", "跟")


# The number of a count, in figures or characters (3个, 两家, 三大).
COUNT_NUMBER = r"[\d一二三四五六七八九十两]+"
# A、B、C3个X / A、B两家X / A、B、C三大X: items, then a count of them.
_COUNTED = re.compile(rf"((?:[\u4e00-\u9fff]{{2,16}}、)+[\u4e00-\u9fff]{{2,16}})({COUNT_NUMBER})([个家座大类项])")
_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九十")} | {"两": 2}


def counted_lists(text: str, end: int, lex: Lexicon, classifiers: str = "个家座") -> list[tuple[list[tuple[int, str]], int]]:
    """Lists followed by a count that equals their number of items (落地建设A、B2个重点实验室,
    培育了A、B两家上市公司; with ``classifiers`` 大: A、B、C三大先导产业): each as ([(start, item)],
    where the count's words end). The first item opens after the verbs that govern the list."""
    out = []
    for m in _COUNTED.finditer(text, 0, end):
        count = m.group(2)
        if m.group(3) not in classifiers:
            continue
        n = int(count) if count.isdigit() else _NUMERALS.get(count, -1)
        items = m.group(1).split("、")
        start = m.start(1)
        while (cut := leading_verb(items[0]) or _boundary_length(items[0], lex)) and len(items[0]) - cut >= 2:
            items[0], start = items[0][cut:], start + cut
        if len(items) != n:
            continue
        placed, pos = [], start
        for item in items:
            placed.append((pos, item))
            pos += len(item) + 1
        out.append((placed, m.end()))
    return out


def _boundary_length(text: str, lex: Lexicon) -> int:
    """The length of the boundary word (a verb, a preposition) text opens with, else 0."""
    m = lex.boundary.match(text)
    return m.end() if m else 0
