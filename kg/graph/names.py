"""names: the name index of a store (every entity's IRI, labels, aliases, types and report graphs),
read from the store with one query, and saved as names.json in each generation (out/names.json
links to the current one) so `kg lookup` reads it in milliseconds instead of querying every label
in the store (0.2–0.6 s on the 27 provinces).

Build, add and remove write it into the generation they fill, so it is switched in with the store
it was read from; the file also names that store, and is used only while it is the current one:
without a valid file, lookup reads the store as before.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

from dataclasses import dataclass, field
from urllib.parse import unquote

from pyoxigraph import Store

from .generations import STORE
from .store import ONTOLOGY_GRAPH, atomic_write

NAME_INDEX = "names.json"

# The same IRIs as kg.graph.namespace.PLAN and DATA (tests/test_lookup.py checks); kg.graph.namespace
# is not imported here because it loads rdflib, which alone costs a fifth of `kg lookup`'s time budget.
PLAN_NS = "https://w3id.org/plankg/ontology#"
REPORT_NS = "https://w3id.org/plankg/id/report/"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"


@dataclass
class IndexEntry:
    iri: str
    types: set[str] = field(default_factory=set)
    labels: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    graphs: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return self.labels[0] if self.labels else name_from_iri(self.iri)


def name_from_iri(iri: str) -> str:
    return unquote(iri.rsplit("/", 1)[-1])


def report_id_of(graph_iri: str) -> str:
    """id:report/<id> → <id> (the graph of a report is its IRI)."""
    return unquote(graph_iri[len(REPORT_NS):]) if graph_iri.startswith(REPORT_NS) else graph_iri


# VALUES on the predicate, not a UNION of two label patterns, and filters in Python: oxigraph
# runs this query ~6× faster so.
_INDEX_QUERY = """
SELECT ?e ?type ?p ?label ?g WHERE {
  GRAPH ?g {
    VALUES ?p { skos:prefLabel skos:altLabel }
    ?e ?p ?label .
    ?e a ?type .
  }
}
"""
_PREF_LABEL = SKOS_NS + "prefLabel"


def read_index(store: Store) -> dict[str, IndexEntry]:
    """Every entity of every report graph: IRI → labels, aliases, types, graphs."""
    index: dict[str, IndexEntry] = {}
    for e, type_, p, label, g in store.query(_INDEX_QUERY, prefixes={"skos": SKOS_NS}):
        if g.value == ONTOLOGY_GRAPH or not type_.value.startswith(PLAN_NS):
            continue
        entry = index.get(e.value)
        if entry is None:
            entry = index[e.value] = IndexEntry(e.value)
        entry.types.add(type_.value[len(PLAN_NS):])
        entry.graphs.add(g.value)
        names = entry.labels if p.value == _PREF_LABEL else entry.aliases
        if label.value not in names:
            names.append(label.value)
    return index


def _generation(folder: str | os.PathLike[str]) -> Optional[str]:
    """The store generation a folder's store is (an output folder's link, or a generation's own
    store), as an absolute path (a generation's name alone is not unique across folders)."""
    store = Path(folder) / STORE
    return str(store.resolve()) if store.exists() else None


def save(folder: str | os.PathLike[str], index: dict[str, IndexEntry]) -> None:
    """Write the index of the store in ``folder`` (a generation being filled) beside it."""
    entries = [[e.iri, sorted(e.types), e.labels, e.aliases, sorted(e.graphs)] for e in index.values()]
    payload = {"generation": _generation(folder), "entries": entries}
    atomic_write(Path(folder) / NAME_INDEX, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))


def load(out_dir: str | os.PathLike[str]) -> Optional[dict[str, IndexEntry]]:
    """The saved index, if it was read from the current store generation; None otherwise."""
    try:
        payload = json.loads((Path(out_dir) / NAME_INDEX).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("generation") != _generation(out_dir) or payload["generation"] is None:
        return None
    return {
        iri: IndexEntry(iri, set(types), labels, aliases, set(graphs))
        for iri, types, labels, aliases, graphs in payload["entries"]
    }
