"""indicators: the canonical indicator of a target or achievement, from the vocabulary in
resources/indicators.yaml (地区生产总值 for 生产总值, 全市生产总值, GDP, 经济增长 …).

A written indicator is looked up after its scope (全省, 全市 …) and the change it is stated as
(增长, 涨幅, 年均增长 …) are taken off; an indicator the vocabulary does not know keeps its written
form without the scope, so that every quantity has a canonical indicator to group by."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..model import TargetKind
from .rules import rule_file


@dataclass(frozen=True)
class Indicator:
    """A canonical indicator of the vocabulary."""

    name: str
    kind: TargetKind  # the kind of figure reports usually set for it: what a chart draws
    variants: tuple[str, ...]


@dataclass(frozen=True)
class _Vocabulary:
    indicators: dict[str, Indicator]
    by_name: dict[str, str]  # a name or variant, as looked up → canonical name
    scope_prefixes: tuple[str, ...]
    change_suffixes: tuple[str, ...]


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    data = rule_file("indicators.yaml")
    indicators = {
        name: Indicator(name, TargetKind(entry["kind"]), tuple(entry.get("variants") or ()))
        for name, entry in data["indicators"].items()
    }
    by_name: dict[str, str] = {}
    for ind in indicators.values():
        for written in (ind.name, *ind.variants):
            by_name.setdefault(written, ind.name)
    return _Vocabulary(indicators, by_name, _longest_first(data["scope_prefixes"]),
                       _longest_first(data["change_suffixes"]))


def vocabulary() -> dict[str, Indicator]:
    """Every canonical indicator of resources/indicators.yaml, by name."""
    return _vocabulary().indicators


def _without_scope(written: str, voc: _Vocabulary) -> str:
    for prefix in voc.scope_prefixes:
        if written.startswith(prefix) and len(written) > len(prefix) and written not in voc.by_name:
            return written[len(prefix) :]
    return written


def _lookup(written: str, voc: _Vocabulary) -> Optional[str]:
    """The canonical name of a written form, trying it with fewer change words at its end."""
    form = written
    while form:
        if form in voc.by_name:
            return voc.by_name[form]
        suffix = next((s for s in voc.change_suffixes if form.endswith(s) and len(form) > len(s)), None)
        if suffix is None:
            return None
        form = form[: -len(suffix)]
    return None


@lru_cache(maxsize=4096)
def canonical_indicator(written: str) -> str:
    """The canonical indicator of an indicator as written: 全市生产总值 → 地区生产总值,
    居民消费价格指数涨幅 → 居民消费价格; an unknown one keeps its form without its scope."""
    voc = _vocabulary()
    written = "".join(written.split())
    stripped = _without_scope(written, voc)
    return _lookup(written, voc) or _lookup(stripped, voc) or stripped

