"""words: jieba's dictionary as a list of common words and place names, read once, lazily (no
jieba import needed). Shared by the recognisers: a name is rarely a common word."""

from __future__ import annotations

import os
from functools import lru_cache

from .rules import rule_file


@lru_cache(maxsize=1)
def _bars() -> tuple[int, int]:
    """The frequencies above which a word (a phrase of words) is common: firms.yaml."""
    firms = rule_file("firms.yaml")["enterprises"]
    return int(firms["common_word_min_freq"]), int(firms["common_phrase_min_freq"])


@lru_cache(maxsize=1)
def _jieba_dictionary() -> tuple[dict[str, int], frozenset[str], frozenset[str]]:
    """jieba's dictionary as (word → frequency, words tagged as place names "ns", words tagged
    as verbs "v" or verbal nouns "vn"), read once, lazily; no jieba import needed."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        return {}, frozenset(), frozenset()
    freq: dict[str, int] = {}
    places: list[str] = []
    verbs: list[str] = []
    with open(os.path.join(os.path.dirname(spec.origin), "dict.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split(" ", 2)
            if len(parts) >= 2 and parts[1].isdigit():
                freq[parts[0]] = int(parts[1])
                if len(parts) == 3 and parts[2].startswith("ns"):
                    places.append(parts[0])
                elif len(parts) == 3 and parts[2].strip() in ("v", "vn"):
                    verbs.append(parts[0])
    return freq, frozenset(places), frozenset(verbs)


def common_words() -> dict[str, int]:
    """jieba's dictionary as word → frequency."""
    return _jieba_dictionary()[0]


def place_words() -> frozenset[str]:
    """The words jieba's dictionary tags as place names (ns): towns, cities, provinces, rivers."""
    return _jieba_dictionary()[1]


def leading_verb(phrase: str) -> int:
    """The length of the common verb the phrase starts with (实现|东岭重工 → 2), else 0."""
    verbs, freq = _jieba_dictionary()[2], common_words()
    return next((n for n in (2, 3) if phrase[:n] in verbs and freq[phrase[:n]] >= _bars()[0]), 0)


def opens_with_verb(phrase: str) -> bool:
    """The phrase starts with a common verb (改进作风, 治理污染): it says what is done, it does
    not name anything."""
    return leading_verb(phrase) > 0


def is_common_word(word: str) -> bool:
    return common_words().get(word, 0) >= _bars()[0]


def is_common_phrase(word: str) -> bool:
    """The word is a run of very frequent words of two or more characters (科技创新, 先进制造)."""
    freq, bar = common_words(), _bars()[1]
    n = len(word)
    ok = [True] + [False] * n
    for i in range(1, n + 1):
        ok[i] = any(ok[j] and freq.get(word[j:i], 0) >= bar for j in range(max(0, i - 4), i - 1))
    return ok[n]
