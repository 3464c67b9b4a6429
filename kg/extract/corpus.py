"""corpus: names one report's extraction is sure of, found again in the other reports of a build.

A firm, university, institute, platform or park recognised with high confidence in one report
is recognised wherever another report of the same corpus writes it: a mention of its own there
(rule ``corpus``), whose evidence names the report that vouched for it. `kg extract` of a single
file has no corpus and works as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Mapping

from ..model import Document, EntityType, Extraction
from .hits import Hit
from .rules import alternation, rule_file
from .words import is_common_word

_SPREAD_TYPES = frozenset(
    {EntityType.ENTERPRISE, EntityType.UNIVERSITY, EntityType.RESEARCH_INSTITUTE, EntityType.PLATFORM, EntityType.PARK}
)


@dataclass(frozen=True)
class KnownName:
    type: EntityType
    source: str  # the report that recognised it
    confidence: float


def _settings() -> tuple[float, int, float]:
    data = rule_file("candidates.yaml")["corpus"]
    return float(data["min_confidence"]), int(data["min_length"]), float(data["confidence"])


def confident_names(extractions: Iterable[Extraction]) -> dict[str, KnownName]:
    """The names the reports are sure of (first report wins a name two reports type apart)."""
    floor, min_len, _ = _settings()
    known: dict[str, KnownName] = {}
    for ex in extractions:
        for e in ex.entities:
            if e.type not in _SPREAD_TYPES or e.confidence < floor or e.name in known:
                continue
            if len(e.name) < min_len or (len(e.name) == 2 and is_common_word(e.name)):
                continue
            known[e.name] = KnownName(type=e.type, source=ex.report.id, confidence=e.confidence)
    return known


def corpus_hits(doc: Document, found: list[Hit], known: Mapping[str, KnownName]) -> list[Hit]:
    """Mentions of names another report is sure of, where this report's own rules and model
    found nothing at those words."""
    others = {n: k for n, k in known.items() if k.source != doc.report.id}
    if not others:
        return []
    _, _, confidence = _settings()
    text, orig = doc.text, doc.report.text
    taken = [(h.start, h.end) for h in found if h.type is not EntityType.REGION]
    hits = []
    for start, end in _longest_matches(text[: doc.clean.content_end], known, others):
        if any(s < end and start < e for s, e in taken):
            continue
        k = others[text[start:end]]
        hits.append(Hit(name=orig[start:end], type=k.type, start=start, end=end, rule="corpus",
                        confidence=confidence, evidence=(f"recognised in report {k.source} ({k.confidence:.2f})",)))
    return hits


@lru_cache(maxsize=1)
def _names_pattern(names: frozenset[str]) -> re.Pattern[str]:
    return re.compile(alternation(names))


def _longest_matches(text: str, known: Mapping[str, KnownName], others: Mapping[str, KnownName]) -> Iterator[tuple[int, int]]:
    """Spans of ``others``' names as re.finditer(alternation(others)) gives them (leftmost, then
    longest, never overlapping), found with one pattern of all ``known`` names, compiled once
    for every report of a build (a pattern of several hundred names took ~10 ms to compile)."""
    pattern = _names_pattern(frozenset(known))
    lengths = sorted({len(n) for n in others}, reverse=True)
    at = 0
    while m := pattern.search(text, at):
        start = m.start()
        end = next((start + n for n in lengths if n <= m.end() - start and text[start : start + n] in others), None)
        if end is None:
            at = start + 1  # a name of this report's own: a shorter name of another's may start later
        else:
            yield start, end
            at = end
