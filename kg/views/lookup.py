"""lookup: everything the store says about one name (`kg lookup NAME`).

1. The name index of the store (kg/graph/names.py: every entity's labels, aliases, types and the
   report graphs it appears in) is read from the saved names.json, else with one SPARQL query.
2. The name is matched in Python, in tiers (kg/graph/name_match.py).
3. The facts of the chosen entity are fetched with queries bound to its IRI alone
   (kg/views/entity_facts.py); the name a user typed never becomes query text.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any, Optional

from pyoxigraph import Store

from ..errors import PlankgError
from ..graph import names
from ..graph.names import read_index
from ..graph.store import open_store
from ..model import EntityType
from .entity_facts import EntityFacts, entity_facts, report_graphs_named
from ..graph.name_match import FOUND, Candidate, match, name_key


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


def entity_type(name: str) -> str:
    """A type name as given on the command line (any case) → the gold schema's spelling."""
    by_lower = {t.value.lower(): t.value for t in EntityType}
    try:
        return by_lower[name.strip().lower()]
    except KeyError:
        raise PlankgError(f"unknown type {name!r}; one of: {', '.join(t.value for t in EntityType)}") from None


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
    graphs = report_graphs_named(store, report) if report is not None else None
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
