"""names: the name index of an output folder, saved as names.json in each generation (out/names.json
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

from ..views.lookup import IndexEntry
from .generations import STORE
from .store import atomic_write

NAME_INDEX = "names.json"


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
