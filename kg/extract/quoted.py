"""quoted: names the report writes in quotation marks before a head noun of their type (“一企来办”
企业数智化服务平台, “苏服办”等为民服务平台), and government service apps quoted alone (“X易办”).
The types, their head nouns and the apps' endings are data: resources/quoted.yaml (platforms today)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Document, EntityType
from .hits import Hit
from .lexicon import lexicon
from .text import norm_name
from .rules import alternation, rule_file

_QUOTED = r"“([^“”，。；、]{2,12})”"


@dataclass(frozen=True)
class _QuotedRules:
    patterns: tuple[tuple[EntityType, re.Pattern[str], re.Pattern[str]], ...]  # (type, “X”…head, “X”等…head)
    not_between_first: tuple[str, ...]
    app: re.Pattern[str]  # “X易办”: a one-character place and an app's ending


@lru_cache(maxsize=1)
def _rules() -> _QuotedRules:
    data = rule_file("quoted.yaml")
    n = int(data["max_between"])
    patterns = []
    for etype, heads in data["heads"].items():
        head = alternation(heads)
        named = re.compile(rf"{_QUOTED}([\u4e00-\u9fffA-Za-z0-9]{{0,{n}}}?)(?:{head})")
        listed = re.compile(rf"{_QUOTED}(?=(?:[、和及]“[^“”]{{2,12}}”)*等[^，。；、“”]{{0,{n}}}?(?:{head}))")
        patterns.append((EntityType(etype), named, listed))
    app = re.compile(rf"“([\u4e00-\u9fff](?:{alternation(data['app_endings'])}))”")
    return _QuotedRules(tuple(patterns), tuple(data["not_between_first"]), app)


def quoted_names(doc: Document) -> list[Hit]:
    """Each quoted name before a head of its type, as the report writes it without the marks."""
    text, orig, limit = doc.text, doc.report.text, doc.clean.content_end
    boundary, rules = lexicon().boundary, _rules()
    hits: list[Hit] = []
    for etype, named, listed in rules.patterns:
        for m in named.finditer(text, 0, limit):
            if boundary.search(m.group(2)) or m.group(2).startswith(rules.not_between_first):
                continue  # a verb between the name and the head: “X”建设平台 says what is done
            hits.append(Hit(name=norm_name(orig[m.start() : m.end()]), type=etype, start=m.start(), end=m.end(), rule="quoted.head"))
        for m in listed.finditer(text, 0, limit):
            hits.append(Hit(name=norm_name(orig[m.start(1) : m.end(1)]), type=etype, start=m.start(), end=m.end(), rule="quoted.list"))
    for m in rules.app.finditer(text, 0, limit):
        hits.append(Hit(name=norm_name(orig[m.start(1) : m.end(1)]), type=EntityType.PLATFORM, start=m.start(), end=m.end(), rule="quoted.app"))
    return hits
