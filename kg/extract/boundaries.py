"""boundaries: where a name written before its suffix or in a list starts — the clause it is in,
the boundary word (支持 / 与 / 建设 …) before it, the first item of a list.
"""

from __future__ import annotations

import re
from typing import Optional

from .lexicon import Lexicon


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
    stem of at least ``min_len`` characters, else at the clause start."""
    cuts = [clause, *(m.end() for m in lex.boundary.finditer(text, clause, stem_end))]
    for cut in reversed(cuts):
        if stem_end - cut >= min_len:
            # a stem that is itself a verb phrase (推进开发区) names nothing
            return None if lex.boundary.match(text, cut) else cut
    return None


def first_item_start(text: str, start: int, end: int, lex: Lexicon, separators: str = "、") -> int:
    """The list begins after the last boundary word before its first separator."""
    stop = min((i for i in (text.find(c, start, end) for c in separators) if i >= 0), default=end)
    cut = start
    for b in lex.boundary.finditer(text, start, stop):
        if stop - b.end() >= lex.firm_min:
            cut = b.end()
    return cut
