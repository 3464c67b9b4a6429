"""indicator_names: the indicator a figure measures, as the report words it — the words before
a figure (postnominal) or the noun after it (prenominal), trimmed of leading verbs, scope words,
list markers and time phrases, trailing verbs and comparison bases, prepositional frames and
exemplar lists (the words in resources/quantities.yaml), for kg/extract/quantify.py."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Bound
from .figures import Figure
from .quantity_rules import QuantityRules
from .words import is_common_word

EDGE_PUNCT = " 、,;:()“”\"'—–-~～·"


@dataclass(frozen=True)
class Name:
    """An indicator as spans of the text (a frame such as 在…中 leaves a hole)."""

    pieces: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.pieces[0][0] if self.pieces else 0

    @property
    def end(self) -> int:
        return self.pieces[-1][1] if self.pieces else 0

    def clean(self, text: str) -> str:
        return "".join(text[a:b] for a, b in self.pieces)

    def surface(self, original: str) -> str:
        return "".join(original[a:b] for a, b in self.pieces)

    def __bool__(self) -> bool:
        return any(b > a for a, b in self.pieces)


def _trim_edges(text: str, a: int, b: int, rules: QuantityRules) -> tuple[int, int]:
    """Strip leading/trailing function words, verbs and punctuation until nothing changes."""
    changed = True
    while changed and a < b:
        changed = False
        # A quotation mark closed (or opened) inside the indicator stays: “好房子”示范项目.
        while a < b and text[a] in EDGE_PUNCT and not (text[a] == "“" and "”" in text[a:b]):
            a, changed = a + 1, True
        while a < b and text[b - 1] in EDGE_PUNCT and not (text[b - 1] == "”" and "“" in text[a:b]):
            b, changed = b - 1, True
        segment = text[a:b]
        # One tuple test first: most edges need no trimming, and the word loop is the slow part.
        if segment.endswith(rules.trailing) and not segment.endswith(rules.kept_endings):
            word = next(w for w in rules.trailing if segment.endswith(w))
            b, changed = b - len(word), True
        if text.startswith(rules.leading, a, b):
            word = next(w for w in rules.leading if text.startswith(w, a, b))
            # a one-character word that opens a longer one stays (使用, 要素, 以旧换新 …), and so
            # does one that would leave a single character (并网)
            if len(word) > 1 or (b - a != 2 and not is_common_word(text[a : a + 2])):
                a, changed = a + len(word), True
        m = rules.leading_patterns.match(text, a, b)
        if m and m.end() > a:
            a, changed = m.end(), True
        m = rules.trailing_patterns.search(text, a, b)
        if m and m.start() < b:
            b, changed = m.start(), True
        if text[a:b] in rules.item_separators:
            a = b
    return a, b


def indicator_name(text: str, a: int, b: int, rules: QuantityRules) -> Name:
    """The indicator in text[a:b]: trimmed, prepositional frames and exemplar lists removed."""
    a, b = _trim_edges(text, a, b, rules)
    for frame in rules.drop_frames:
        m = frame.match(text, a, b)
        if m and m.end() < b:
            a, b = _trim_edges(text, m.end(), b, rules)
    pieces: tuple[tuple[int, int], ...] = ((a, b),)
    for frame in rules.unwrap_frames:
        m = frame.match(text, a, b)
        if m and m.end() < b:
            pieces = ((m.start(1), m.end(1)), (m.end(), b))
            break
    head_a, head_b = pieces[-1]
    marker = text.rfind(rules.exemplar, head_a, head_b)
    if marker > 0 and "、" in text[pieces[0][0] : marker] and head_b - marker > 2:
        pieces = (_trim_edges(text, marker + 1, head_b, rules),)
    if b - a > rules.max_indicator:  # the end is the head: keep it, trimmed again where the cut fell
        pieces = (_trim_edges(text, pieces[-1][1] - rules.max_indicator, pieces[-1][1], rules),)
    return Name(tuple(p for p in pieces if p[1] > p[0]))


def noun_after(text: str, pos: int, end: int, figures_at: dict[int, Figure], rules: QuantityRules,
               through_figures: bool = False) -> tuple[int, int]:
    """The noun phrase a prenominal figure counts: up to a clause break, or up to an item
    separator that opens the next figure (…、12家众创空间和4家…). A share's noun runs through
    the bounded figures of its condition (20%的村集体年收入超30万元)."""
    if pos < end and text[pos] == "的":
        pos += 1
    while pos in figures_at:
        pos = figures_at[pos].end
    stop = pos
    while stop < end and stop - pos < rules.max_indicator and text[stop] not in rules.separators:
        # the next figure: its own noun starts after the last 、 before it
        condition = through_figures and stop in figures_at and figures_at[stop].bound in (Bound.AT_LEAST, Bound.AT_MOST)
        if stop in figures_at and not condition:
            breaks = [text.rfind(sep, pos, stop) for sep in rules.item_separators]
            item_break = max(breaks)
            return pos, item_break if item_break > pos else stop
        stop += 1
    return pos, stop


def complete_items(items: list[str], rules: QuantityRules) -> list[str]:
    """When every item before the last is a short modifier (城镇、乡村居民…), each takes the last
    item's tail — after its own words where the last item holds them (汽车、新能源汽车产量 →
    汽车产量); items that are nouns of their own (销售收入、税收、研发投入) stay as they are."""
    *heads, last = items
    if not all(len(h) == 1 or len(h) <= rules.short_item_max <= len(last) - rules.min_item_tail for h in heads):
        return items
    return [h + last[last.find(h) + len(h) if last.find(h) > 0 else len(h) :] for h in heads] + [last]
