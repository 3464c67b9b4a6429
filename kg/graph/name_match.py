"""name_match: a name → the entities of the name index it names, as `kg lookup` and `kg path` match it.

The name is matched in tiers: exact label, alias, substring (either way), fuzzy. Before comparing,
names lose quotation marks and white space, full-width forms become half-width, Latin letters
lower case, and traditional characters simplified (OpenCC). The first tier with a hit decides;
within a tier one entity must stand out, else the name is ambiguous and the candidates are listed.
OpenCC loads only for a name with characters outside GB2312 (the simplified set), rapidfuzz only
when the cheap tiers miss.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from ..errors import NotFound
from ..extract.text import norm_name, normalise_width
from .names import IndexEntry, report_id_of

if TYPE_CHECKING:
    from pyoxigraph import Store

# Matching tiers, best first.
EXACT, ALIAS, SUBSTRING, FUZZY = "exact", "alias", "substring", "fuzzy"
# Fuzzy scores are rapidfuzz's ratio (0–100, from the longest common subsequence). A fuzzy match
# must share at least this share of the longer name's characters, in order (so one wrong
# character in three still matches) …
FUZZY_MATCH_SHARE = 2 / 3
FUZZY_SUGGEST = 30.0  # … and a name scoring this much is a suggestion when nothing matches
CLEAR_LEAD = 20.0  # in the substring and fuzzy tiers, the best wins if it leads by this much
MIN_CONTAINED = 0.5  # a label found inside the name must cover at least half of it

FOUND, AMBIGUOUS, NOT_FOUND = "found", "ambiguous", "not_found"


@dataclass(frozen=True)
class Candidate:
    iri: str
    name: str
    types: tuple[str, ...]
    reports: tuple[str, ...]
    match: str  # exact / alias / substring / fuzzy
    matched: str  # the label or alias that matched
    score: float  # 0–100 within the tier


# ---------------------------------------------------------------------------------------------
# Name normalisation


def _may_change_under_t2s(text: str) -> bool:
    """GB2312 is the simplified character set: text it encodes has nothing for t2s to change, and
    then OpenCC need not load (nearly every name, so nearly every lookup)."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


@lru_cache(maxsize=1)
def _t2s() -> Optional[Callable[[str], str]]:
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency; degrade, don't fail
        return None
    return opencc.OpenCC("t2s").convert


def name_key(name: str) -> str:
    """The form names are compared in: no quotes or white space, half-width, lower case,
    simplified characters."""
    key = norm_name(normalise_width(name)).lower()
    if _may_change_under_t2s(key):
        t2s = _t2s()
        if t2s is not None:
            key = t2s(key)
    return key


# ---------------------------------------------------------------------------------------------
# Matching


def _contained_score(query: str, label: str) -> float:
    """How well a substring match fits: the share of the longer string the shorter covers."""
    if query in label:
        return 100.0 * len(query) / len(label)
    if label in query and len(label) >= 2 and len(label) >= MIN_CONTAINED * len(query):
        return 100.0 * len(label) / len(query)
    return 0.0


def _keyed_labels(entries: list[IndexEntry]) -> list[tuple[str, str, str, IndexEntry]]:
    """(key, kind, label, entry) for every label and alias."""
    out = []
    for entry in entries:
        for label in entry.labels:
            out.append((name_key(label), "pref", label, entry))
        for alias in entry.aliases:
            out.append((name_key(alias), "alt", alias, entry))
    return out


def _best_per_entity(hits: Iterable[tuple[float, str, IndexEntry]], tier: str) -> list[Candidate]:
    best: dict[str, tuple[float, str, IndexEntry]] = {}
    for score, label, entry in hits:
        if entry.iri not in best or score > best[entry.iri][0]:
            best[entry.iri] = (score, label, entry)
    cands = [
        Candidate(
            e.iri, e.name, tuple(sorted(e.types)), tuple(sorted(report_id_of(g) for g in e.graphs)), tier, label, round(s, 1)
        )
        for s, label, e in best.values()
    ]
    return sorted(cands, key=lambda c: (-c.score, len(c.name), c.name, c.iri))


def _equal(key: str, keyed: list[tuple[str, str, str, IndexEntry]], kind: str, tier: str) -> list[Candidate]:
    """Entities with a label (kind "pref") or alias ("alt") whose key equals the name's."""
    return _best_per_entity(((100.0, lab, e) for k, kd, lab, e in keyed if kd == kind and k == key), tier)


def _shared_share(key: str, other: str, ratio: float) -> float:
    """The longest common subsequence (recovered from the ratio) over the longer name's length."""
    return ratio * (len(key) + len(other)) / 200 / max(len(key), len(other))


def _fuzzy(key: str, keyed: list[tuple[str, str, str, IndexEntry]], strict: bool, limit: int) -> list[Candidate]:
    """Fuzzy matches (``strict``) or the closest names as suggestions."""
    from rapidfuzz import fuzz, process

    keys = [k for k, *_ in keyed]
    found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_SUGGEST, limit=limit * 4)
    if strict:
        found = [f for f in found if _shared_share(key, keys[f[2]], f[1]) >= FUZZY_MATCH_SHARE - 1e-9]
    return _best_per_entity(((score, keyed[i][2], keyed[i][3]) for _, score, i in found), FUZZY)[:limit]


def match(query: str, entries: list[IndexEntry], limit: int = 10) -> tuple[str, list[Candidate], int, list[Candidate]]:
    """(status, ranked candidates (at most ``limit`` + 1), how many matched, suggestions)."""
    key = name_key(query)
    keyed = _keyed_labels(entries)
    tiers: list[tuple[str, Callable[[], list[Candidate]]]] = [
        (EXACT, lambda: _equal(key, keyed, "pref", EXACT)),
        (ALIAS, lambda: _equal(key, keyed, "alt", ALIAS)),
        (
            SUBSTRING,
            lambda: _best_per_entity(
                ((s, lab, e) for k, _, lab, e in keyed if (s := _contained_score(key, k)) > 0), SUBSTRING
            ),
        ),
        (FUZZY, lambda: _fuzzy(key, keyed, True, limit + 1)),
    ]
    for tier, find in tiers:
        cands = find()
        if not cands:
            continue
        clear = len(cands) == 1 or (tier in (SUBSTRING, FUZZY) and cands[0].score - cands[1].score >= CLEAR_LEAD)
        status = FOUND if clear else AMBIGUOUS
        return status, cands[: limit + 1 if clear else limit], len(cands), []
    return NOT_FOUND, [], 0, _fuzzy(key, keyed, False, limit)


# ------------------------------------------------------------- one name → entities, for every command


def _index_of(store: "Store") -> list[IndexEntry]:
    from .names import read_index

    return list(read_index(store).values())


def entities_named(entries: list[IndexEntry], name: str) -> list[Candidate]:
    """The entities of ``entries`` a name means, matched as `kg lookup` matches it (exact, alias,
    substring, fuzzy; widths, quotes and traditional characters folded). A name shared by several
    entities (the same action in two reports) gives them all; an unknown name, or an unclear
    partial match, is a one-line error (NotFound: exit 1) that lists the closest names or the
    candidates."""
    status, candidates, _, suggestions = match(name, entries)
    if status == NOT_FOUND:
        closest = f" (closest: {', '.join(c.name for c in suggestions[:5])})" if suggestions else ""
        raise NotFound(f"no entity named {name!r} in the store{closest}")
    if status == AMBIGUOUS and candidates[0].match not in (EXACT, ALIAS):
        names = ", ".join(f"{c.name} ({'/'.join(c.types)})" for c in candidates[:8])
        raise NotFound(f"{name!r} could be any of: {names}; give the full name")
    return candidates if status == AMBIGUOUS else candidates[:1]


def entity_iris(store: "Store", name: str) -> list[str]:
    """Entity IRIs for a name: what `kg path` and `kg related` start from. The name never enters
    query text."""
    return [c.iri for c in entities_named(_index_of(store), name)]


def entity_label(store: "Store", name: str) -> str:
    """The label of the entity a name means: how a named query's name parameter is bound, so a
    query finds what `kg lookup` finds (海南自贸港, a short firm name, a traditional-character spelling)."""
    return entities_named(_index_of(store), name)[0].name
