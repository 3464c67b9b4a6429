"""lookup: everything the store says about one name (`kg lookup NAME`).

1. One SPARQL query reads the name index of the store: every entity's labels, aliases
   (skos:altLabel), types and the report graphs it appears in.
2. The name is matched in Python, in tiers: exact label, alias, substring (either way), fuzzy.
   Before comparing, names lose quotation marks and white space, full-width forms become
   half-width, Latin letters lower case, and traditional characters simplified (OpenCC).
   The first tier with a hit decides; within a tier one entity must stand out, else the name is
   ambiguous and the candidates are listed.
3. The facts of the chosen entity (relations both ways with their rdf:Statement evidence, targets
   of its action or of sentences naming it, reports and mentions) are fetched with queries whose only variable input is the
   entity's IRI, passed through pyoxigraph's ``substitutions``. The name a user typed never
   becomes query text.

Only pyoxigraph and the standard library load on this path (kept fast for a command line);
OpenCC loads only for a name with characters outside GB2312 (the simplified set), rapidfuzz only
when the cheap tiers miss.
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Optional

from pyoxigraph import NamedNode, Store, Variable

from ..errors import NotFound, PlankgError
from ..evaluate import norm_name
from ..model import EntityType
from ..graph import names
from ..graph.names import PLAN_NS, SKOS_NS, IndexEntry, name_from_iri, read_index, report_id_of
from ..graph.store import open_store
from ..width import normalise_width

PREFIXES = {
    "plan": PLAN_NS,
    "skos": SKOS_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcterms": "http://purl.org/dc/terms/",
}

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


# ---------------------------------------------------------------------------------------------
# Result data classes (the CLI prints these; `asdict` gives the JSON)


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a sentence of a report and the character span of the evidence."""

    report: str
    sentence: Optional[int] = None
    text: Optional[str] = None  # the sentence
    sentence_start: Optional[int] = None  # offset of the sentence in the report text
    start: Optional[int] = None  # span of the evidence in the report text
    end: Optional[int] = None
    rule: Optional[str] = None
    confidence: Optional[float] = None

    def split(self) -> tuple[str, str, str]:
        """The sentence as (before, evidence span, after) when the span lies inside it."""
        text = self.text or ""
        if self.start is None or self.end is None or self.sentence_start is None:
            return text, "", ""
        a, b = self.start - self.sentence_start, self.end - self.sentence_start
        if not 0 <= a <= b <= len(text):
            return text, "", ""
        return text[:a], text[a:b], text[b:]


@dataclass(frozen=True)
class EntityRef:
    iri: str
    name: str
    types: tuple[str, ...]


@dataclass
class RelationFact:
    """A relation of the entity: ``out`` = entity –predicate→ other; ``in`` = other → entity."""

    direction: str
    predicate: str
    other: EntityRef
    sources: list[Source] = field(default_factory=list)


@dataclass
class QuantityFact:
    """A target (or reported achievement) tied to the entity: ``via`` "action" when stated in its
    paragraph (plan:statedIn), "sentence" when stated in a sentence that names it."""

    via: str
    indicator: str
    value: float
    unit: str
    bound: Optional[str]
    kind: Optional[str]
    horizon: Optional[int]
    achievement: bool
    sources: list[Source] = field(default_factory=list)


@dataclass
class ReportRef:
    id: str
    region: Optional[str] = None
    year: Optional[int] = None
    title: Optional[str] = None
    source_file: Optional[str] = None
    mentions: list[Source] = field(default_factory=list)

    @property
    def label(self) -> str:
        bits = [b for b in (self.region, str(self.year) if self.year else None) if b]
        return f"{self.id} ({' '.join(bits)})" if bits else self.id


@dataclass
class EntityFacts:
    iri: str
    name: str
    types: tuple[str, ...]
    labels: list[str]
    aliases: list[str]
    confidence: Optional[float]
    relations: list[RelationFact]
    targets: list[QuantityFact]
    reports: list[ReportRef]


@dataclass(frozen=True)
class Candidate:
    iri: str
    name: str
    types: tuple[str, ...]
    reports: tuple[str, ...]
    match: str  # exact / alias / substring / fuzzy
    matched: str  # the label or alias that matched
    score: float  # 0–100 within the tier


@dataclass
class Lookup:
    """The answer to one lookup: ``found`` (entity set), ``ambiguous`` or ``not_found``."""

    query: str
    status: str
    entity: Optional[EntityFacts] = None
    chosen: Optional[Candidate] = None  # how the entity was matched (tier, label, score)
    candidates: list[Candidate] = field(default_factory=list)  # ranked; for found: the others
    matched: int = 0  # how many entities the deciding tier matched (candidates may be capped)
    suggestions: list[Candidate] = field(default_factory=list)  # closest names when not found

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


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


def _ref(entry: IndexEntry) -> EntityRef:
    return EntityRef(entry.iri, entry.name, tuple(sorted(entry.types)))


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _snake(name: str) -> str:
    """plan:AtLeast → at_least: the ontology's individuals in the words of the gold schema."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _select(store: Store, query: str, iri: Optional[str] = None, **bound: Any) -> Iterable[Any]:
    """Run a SELECT; ``iri`` is bound to ?e (and must be projected, a pyoxigraph rule)."""
    subs = {Variable(k): v for k, v in bound.items()}
    if iri is not None:
        subs[Variable("e")] = NamedNode(iri)
    return store.query(query, prefixes=PREFIXES, substitutions=subs or None)


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


# ---------------------------------------------------------------------------------------------
# Facts of one entity (the IRI is the only bound input)

# Provenance as plain joins: kg/graph/rdf.py gives every mention, statement and quantity all of these.
# (OPTIONAL groups here made oxigraph evaluate their right side over the whole store: 100× slower.)
_SOURCE = """
    ?x plan:start ?start ; plan:end ?end ; plan:rule ?rule ; plan:confidence ?conf ; plan:inSentence ?s .
    ?s plan:index ?idx ; plan:text ?stext ; plan:start ?sstart .
"""
_SOURCE_VARS = "?start ?end ?rule ?conf ?idx ?stext ?sstart"

# One query per direction: with a UNION, oxigraph scanned every statement (0.1 s), where each
# branch alone starts from the bound entity (< 1 ms).
_STATEMENTS_QUERIES = {
    direction: f"""
SELECT ?e ?g ?p ?other {_SOURCE_VARS} WHERE {{
  GRAPH ?g {{
    ?x {this} ?e ; {that} ?other ; rdf:predicate ?p .
    {_SOURCE}
  }}
}}
"""
    for direction, this, that in (("out", "rdf:subject", "rdf:object"), ("in", "rdf:object", "rdf:subject"))
}

_MENTIONS_QUERY = f"""
SELECT ?e ?g {_SOURCE_VARS} WHERE {{
  GRAPH ?g {{
    ?x plan:mentionOf ?e .
    {_SOURCE}
  }}
}}
"""

# Targets and achievements tied to the entity: stated in its action's paragraph (plan:statedIn),
# or in a sentence where it is named.
_STATED_IN = "?x plan:statedIn ?e ."
_SAME_SENTENCE = "?m plan:mentionOf ?e ; plan:inSentence ?s . ?x plan:inSentence ?s ."


def _quantity_query(tie: str) -> str:
    return f"""
SELECT ?e ?g ?x ?class ?indicator ?value ?unit ?bound ?kind {_SOURCE_VARS} WHERE {{
  GRAPH ?g {{
    {tie}
    ?x a ?class ; plan:indicator ?indicator ; plan:value ?value ; plan:unit ?unit ; plan:bound ?bound ; plan:kind ?kind .
    {_SOURCE}
  }}
}}
"""


_QUANTITY_QUERIES = {"action": _quantity_query(_STATED_IN), "sentence": _quantity_query(_SAME_SENTENCE)}


def _horizon_query(tie: str) -> str:
    # Apart from the quantities: an OPTIONAL there, or one UNION of both ties, is 10–50× slower.
    return f"SELECT ?e ?x ?horizon WHERE {{ GRAPH ?g {{ {tie} ?x plan:horizon ?horizon }} }}"


_HORIZON_QUERIES = {"action": _horizon_query(_STATED_IN), "sentence": _horizon_query(_SAME_SENTENCE)}

_CONFIDENCE_QUERY = """
SELECT ?e (MAX(?c) AS ?conf) WHERE { GRAPH ?g { ?e plan:confidence ?c } } GROUP BY ?e
"""

_REPORTS_QUERY = """
SELECT ?g ?source ?region ?year ?title WHERE {
  GRAPH ?g {
    ?g a plan:Report .
    OPTIONAL { ?g plan:sourceFile ?source }
    OPTIONAL { ?g plan:region ?r . ?r skos:prefLabel ?region }
    OPTIONAL { ?g plan:year ?year }
    OPTIONAL { ?g dcterms:title ?title }
  }
}
"""

_QUANTITY_CLASSES = {PLAN_NS + "Target", PLAN_NS + "Achievement"}
# Entity-to-entity edges that are provenance or bookkeeping, not relations.
_NOT_RELATIONS = {PLAN_NS + p for p in ("mentions", "mentionOf", "inReport", "statedIn", "hasTarget", "hasAchievement")}


def _value(row: Any, var: str) -> Optional[str]:
    term = row[var]
    return None if term is None else term.value


def _int(row: Any, var: str) -> Optional[int]:
    v = _value(row, var)
    return int(v) if v is not None else None


def _float(row: Any, var: str) -> Optional[float]:
    v = _value(row, var)
    return float(v) if v is not None else None


def _source(row: Any) -> Source:
    return Source(
        report=report_id_of(row["g"].value),
        sentence=_int(row, "idx"),
        text=_value(row, "stext"),
        sentence_start=_int(row, "sstart"),
        start=_int(row, "start"),
        end=_int(row, "end"),
        rule=_value(row, "rule"),
        confidence=_float(row, "conf"),
    )


def _source_order(s: Source) -> tuple[str, int, int]:
    return (s.report, s.start if s.start is not None else -1, s.end if s.end is not None else -1)


def _relations(store: Store, iri: str, index: dict[str, IndexEntry], graphs: Optional[set[str]]) -> list[RelationFact]:
    facts: dict[tuple[str, str, str], RelationFact] = {}

    def fact(direction: str, predicate: str, other: str) -> RelationFact:
        k = (direction, predicate, other)
        if k not in facts:
            entry = index.get(other)
            ref = _ref(entry) if entry else EntityRef(other, name_from_iri(other), ())
            facts[k] = RelationFact(direction, _local(predicate), ref)
        return facts[k]

    # Edges both ways by direct index lookups: SPARQL plans a bound ?e as unknown and scans (0.2 s).
    node = NamedNode(iri)
    edges = [("out", q, q.object) for q in store.quads_for_pattern(node, None, None)]
    edges += [("in", q, q.subject) for q in store.quads_for_pattern(None, None, node)]
    for direction, q, other_node in edges:
        other, p = other_node.value, q.predicate.value
        # `other in index`: an entity, not a literal, a sentence or a class (rdf:type's object)
        if isinstance(q.graph_name, NamedNode) and other in index and p not in _NOT_RELATIONS:
            if graphs is None or q.graph_name.value in graphs:
                fact(direction, p, other)
    for direction, query in _STATEMENTS_QUERIES.items():
        for row in _select(store, query, iri):
            if graphs is None or row["g"].value in graphs:
                fact(direction, row["p"].value, row["other"].value).sources.append(_source(row))
    out = list(facts.values())
    for f in out:
        f.sources.sort(key=_source_order)
    # Outgoing first, then by predicate and the other entity's name.
    return sorted(out, key=lambda f: (f.direction != "out", f.predicate, f.other.name))


def _quantities(store: Store, iri: str, graphs: Optional[set[str]]) -> list[QuantityFact]:
    horizons = {
        row["x"].value: int(row["horizon"].value) for query in _HORIZON_QUERIES.values() for row in _select(store, query, iri)
    }
    by_node: dict[str, QuantityFact] = {}
    for via, query in _QUANTITY_QUERIES.items():
        for row in _select(store, query, iri):
            cls = row["class"].value
            if cls not in _QUANTITY_CLASSES or (graphs is not None and row["g"].value not in graphs):
                continue
            node = row["x"].value
            if node not in by_node:
                by_node[node] = QuantityFact(
                    via=via,
                    indicator=row["indicator"].value,
                    value=float(row["value"].value),
                    unit=row["unit"].value,
                    bound=_snake(_local(row["bound"].value)),
                    kind=_snake(_local(row["kind"].value)),
                    horizon=horizons.get(node),
                    achievement=cls == PLAN_NS + "Achievement",
                )
            src = _source(row)
            if src not in by_node[node].sources:  # one row per mention in a shared sentence
                by_node[node].sources.append(src)
    return sorted(by_node.values(), key=lambda q: (q.achievement, q.via, _source_order(q.sources[0])))


def _reports(store: Store, iri: str, entry: IndexEntry, graphs: Optional[set[str]]) -> list[ReportRef]:
    named_in = entry.graphs if graphs is None else entry.graphs & graphs
    refs: dict[str, ReportRef] = {}
    for row in _select(store, _REPORTS_QUERY):
        g = row["g"].value
        if g in named_in and g not in refs:
            refs[g] = ReportRef(
                id=report_id_of(g),
                region=_value(row, "region"),
                year=_int(row, "year"),
                title=_value(row, "title"),
                source_file=_value(row, "source"),
            )
    for g in named_in - refs.keys():  # a graph without report metadata still names the entity
        refs[g] = ReportRef(id=report_id_of(g))
    for row in _select(store, _MENTIONS_QUERY, iri):
        ref = refs.get(row["g"].value)
        if ref is not None:
            ref.mentions.append(_source(row))
    for ref in refs.values():
        ref.mentions.sort(key=_source_order)
    return sorted(refs.values(), key=lambda r: r.id)


def entity_facts(
    store: Store, entry: IndexEntry, index: dict[str, IndexEntry], graphs: Optional[set[str]] = None
) -> EntityFacts:
    """Everything about one entity, limited to the report graphs in ``graphs`` if given."""
    conf = None
    for row in _select(store, _CONFIDENCE_QUERY, entry.iri):
        conf = _float(row, "conf")
    return EntityFacts(
        iri=entry.iri,
        name=entry.name,
        types=tuple(sorted(entry.types)),
        labels=list(entry.labels),
        aliases=[a for a in entry.aliases if a not in entry.labels],
        confidence=conf,
        relations=_relations(store, entry.iri, index, graphs),
        targets=_quantities(store, entry.iri, graphs),
        reports=_reports(store, entry.iri, entry, graphs),
    )


# ---------------------------------------------------------------------------------------------
# The API function


def entity_type(name: str) -> str:
    """A type name as given on the command line (any case) → the gold schema's spelling."""
    by_lower = {t.value.lower(): t.value for t in EntityType}
    try:
        return by_lower[name.strip().lower()]
    except KeyError:
        raise PlankgError(f"unknown type {name!r}; one of: {', '.join(t.value for t in EntityType)}") from None


def _report_names(row: Any) -> set[str]:
    """What picks a report on the command line: its id, file name (with or without suffix), region."""
    source = _value(row, "source") or ""
    names = {report_id_of(row["g"].value), source, os.path.splitext(source)[0], _value(row, "region") or ""}
    return names - {""}


def _report_graphs(store: Store, report: str) -> set[str]:
    """The graphs of the reports a --report value names."""
    rows = list(_select(store, _REPORTS_QUERY))
    picked = {row["g"].value for row in rows if report.strip() in _report_names(row)}
    if not picked:
        known = ", ".join(sorted(report_id_of(r["g"].value) for r in rows)[:10])
        raise NotFound(f"no report {report!r} in the store (reports: {known or 'none'})")
    return picked


def lookup(
    name: str,
    store_dir: str | os.PathLike[str] = "out",
    type: Optional[str] = None,
    report: Optional[str] = None,
    limit: int = 10,
    store: Optional[Store] = None,
) -> Lookup:
    """Look a name up in the store of ``store_dir`` (or in an open ``store``).

    ``type`` keeps entities of that type; ``report`` (id, file name or region) keeps entities
    named in that report and only its facts. ``limit`` caps the candidates and suggestions.
    """
    if not name_key(name):
        raise PlankgError("give a name to look up")
    if limit < 1:
        raise PlankgError("--limit must be at least 1")
    wanted_type = entity_type(type) if type else None
    index = None
    if store is None:
        store = open_store(store_dir)
        index = names.load(store_dir)
    graphs = _report_graphs(store, report) if report is not None else None
    index = index if index is not None else read_index(store)
    entries = [
        e
        for e in index.values()
        if (wanted_type is None or wanted_type in e.types) and (graphs is None or e.graphs & graphs)
    ]
    status, candidates, matched, suggestions = match(name, entries, limit)
    result = Lookup(query=name, status=status, matched=matched, suggestions=suggestions)
    if status == FOUND:
        result.chosen = candidates[0]
        result.entity = entity_facts(store, index[result.chosen.iri], index, graphs)
        result.candidates = candidates[1:]
    else:
        result.candidates = candidates
    return result


# ---------------------------------------------------------------------------------------------
# Text rendering (the CLI passes a styler: rich markup on a terminal, identity when piped)

Styler = Callable[[str, str], str]


def plain(text: str, style: str) -> str:
    return text


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _types(types: Iterable[str]) -> str:
    return "/".join(types) or "?"


def _source_lines(src: Source, reports: dict[str, str], s: Styler, indent: str) -> list[str]:
    """Where (report, character span, rule, confidence), then the sentence with the span marked."""
    where = reports.get(src.report, src.report)
    span = f" [{src.start}–{src.end}]" if src.start is not None else ""
    if not where:  # under its report's heading
        span = span.lstrip()
    extra = " ".join(b for b in (src.rule, f"{src.confidence:.2f}" if src.confidence is not None else None) if b)
    lines = [indent + s(f"{where}{span}", "dim") + (" " + s(extra, "dim") if extra else "")]
    if src.text:
        before, hit, after = src.split()
        lines.append(indent + "  " + s(before, "") + s(hit, "bold underline") + s(after, ""))
    return lines


def _capped(items: list[Any], limit: Optional[int]) -> tuple[list[Any], int]:
    if limit is None or len(items) <= limit:
        return items, 0
    return items[:limit], len(items) - limit


def render_text(result: Lookup, s: Styler = plain, limit: Optional[int] = None) -> str:
    """The lookup as text for a terminal; ``limit`` caps each listing (the JSON has them all)."""
    lines: list[str] = []
    if result.status == NOT_FOUND:
        lines.append(f"no entity named {result.query!r}")
        if result.suggestions:
            lines.append("closest names:")
            for c in result.suggestions:
                lines.append(f"  {s(c.name, 'bold')}  {s(_types(c.types), 'cyan')}  {s(', '.join(c.reports), 'dim')}")
        return "\n".join(lines)
    if result.status == AMBIGUOUS:
        shown = f", the first {len(result.candidates)}" if result.matched > len(result.candidates) else ""
        lines.append(
            f"{result.query!r} matches {result.matched} entities ({result.candidates[0].match}{shown}); "
            "pick one by its full name, --type or --report:"
        )
        for c in result.candidates:
            via = f" via {c.matched}" if c.matched != c.name else ""
            lines.append(f"  {s(c.name, 'bold')}  {s(_types(c.types), 'cyan')}  {s(', '.join(c.reports), 'dim')}{via}")
        return "\n".join(lines)

    e = result.entity
    assert e is not None
    reports = {r.id: r.label for r in e.reports}
    head = f"{s(e.name, 'bold')}  {s(_types(e.types), 'cyan')}"
    if e.confidence is not None:
        head += s(f"  confidence {e.confidence:.2f}", "dim")
    lines.append(head)
    chosen = result.chosen
    if chosen is not None and chosen.match != EXACT:
        lines.append(s(f"  {chosen.match} match of {result.query!r} (on {chosen.matched})", "yellow"))
    if len(e.labels) > 1:
        lines.append(f"  labels: {'、'.join(e.labels)}")
    if e.aliases:
        lines.append(f"  aliases: {'、'.join(e.aliases)}")
    lines.append(s(f"  {e.iri}", "dim"))
    if result.candidates:
        others = "、".join(f"{c.name} ({_types(c.types)})" for c in result.candidates)
        lines.append(s(f"  also matched: {others}", "dim"))

    lines.append("")
    lines.append(s(f"Relations ({len(e.relations)})", "bold magenta"))
    shown, more = _capped(e.relations, limit)
    for f in shown:
        arrow = "→" if f.direction == "out" else "←"
        lines.append(f"  {arrow} {s(f.predicate, 'green')}  {s(f.other.name, 'bold')} {s(_types(f.other.types), 'cyan')}")
        for src in f.sources:
            lines += _source_lines(src, reports, s, "      ")
    if more:
        lines.append(s(f"  … {more} more (--format json lists all)", "dim"))

    lines.append("")
    lines.append(s(f"Targets and achievements ({len(e.targets)})", "bold magenta"))
    shown, more = _capped(e.targets, limit)
    for q in shown:
        what = "achieved" if q.achievement else "target"
        via = "in its action" if q.via == "action" else "in a sentence naming it"
        detail = ", ".join(b for b in (what, q.kind, q.bound, str(q.horizon) if q.horizon else None, via) if b)
        lines.append(f"  {s(q.indicator, 'bold')} {_num(q.value)}{q.unit}  {s(detail, 'dim')}")
        for src in q.sources:
            lines += _source_lines(src, reports, s, "      ")
    if more:
        lines.append(s(f"  … {more} more (--format json lists all)", "dim"))

    lines.append("")
    lines.append(s(f"Reports ({len(e.reports)})", "bold magenta"))
    for r in e.reports:
        mentions = f"{len(r.mentions)} mention{'s' if len(r.mentions) != 1 else ''}"
        lines.append(f"  {s(r.label, 'bold')}  {mentions}" + (f"  {r.source_file}" if r.source_file else ""))
        shown, more = _capped(r.mentions, limit)
        for src in shown:
            lines += _source_lines(src, {r.id: ""}, s, "      ")
        if more:
            lines.append(s(f"      … {more} more", "dim"))
    return "\n".join(lines)
