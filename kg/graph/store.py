"""store: the persistent, embedded RDF store (pyoxigraph, on disk) of an output folder.

The folder's layout, its writers' lock and the switch between store generations are in
kg/graph/generations.py; a reader opens the current generation through a lease, so it is never
deleted under it.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator, Optional

from pyoxigraph import NamedNode, RdfFormat, Store

from ..errors import PlankgError
from .generations import STORE, Generation, Lease, StoreBusy, lease, new_generation

__all__ = ["Generation", "StoreBusy", "new_generation", "open_store", "release_stores", "store_path"]

ONTOLOGY_GRAPH = "https://w3id.org/plankg/id/graph/ontology"
# The generations this process has opened, by folder: held until it exits or calls
# release_stores() (a pyoxigraph Store has no close, nor weak references to end a lease with).
_HELD: dict[Path, Lease] = {}


def ontology_dir() -> Path:
    """ontology/ at the top of the project (beside kg/)."""
    return Path(__file__).resolve().parents[2] / "ontology"


def store_path(out_dir: str | os.PathLike[str]) -> Path:
    return Path(out_dir) / STORE


def open_store(out_dir: str | os.PathLike[str], read_only: bool = True) -> Store:
    """The current store of an output folder. Read-only opens never block a writer, and the
    generation they open stays on disk while this process runs."""
    held = lease(out_dir)
    try:
        store = Store.read_only(str(held.store_dir)) if read_only else Store(str(held.store_dir))
    except OSError as exc:
        held.release()
        raise StoreBusy(f"cannot open the store in {out_dir}/: {str(exc).splitlines()[0]}") from None
    except RuntimeError as exc:  # RocksDB's "Corruption: …"
        held.release()
        raise PlankgError(f"the store in {out_dir}/ is damaged ({str(exc)[:160]}); rebuild it with `kg build`") from None
    if held.path in _HELD:
        held.release()  # one lease a generation is enough
    else:
        _HELD[held.path] = held
    return store


def release_stores() -> None:
    """Let writers delete the generations this process opened. For a long-running process (a
    notebook, a server) once no store from open_store is in use any more."""
    for held in _HELD.values():
        held.release()
    _HELD.clear()


@contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through: it is written beside ``path`` under a temporary
    name and renamed into place only when the block ends without an error."""
    path = Path(path)
    if path.is_dir():
        raise PlankgError(f"{path} is a folder; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:  # a parent that is a file, a read-only folder …
        raise PlankgError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write a whole file atomically (see atomic_file)."""
    with atomic_file(path) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)


def load_ontology(store: Store) -> None:
    """The ontology (classes, labels, industry scheme) in its own named graph."""
    store.bulk_load(input=ontology_nquads(), format=RdfFormat.N_QUADS)


def ontology_nquads() -> bytes:
    """The ontology's quads in its named graph, as N-Quads (`kg build` loads them with the
    reports' in one bulk load, which leaves one file per index and nothing to compact)."""
    from pyoxigraph import Quad, parse, serialize

    graph = NamedNode(ONTOLOGY_GRAPH)
    quads = [
        Quad(t.subject, t.predicate, t.object, graph)
        for ttl in sorted(ontology_dir().glob("*.ttl"))
        if ttl.name != "shapes.ttl"
        # blank nodes renamed, so two files' _:b0 stay two nodes
        for t in parse(path=str(ttl), format=RdfFormat.TURTLE, rename_blank_nodes=True)
    ]
    return serialize(quads, format=RdfFormat.N_QUADS)


def report_graphs(store: Store) -> list[NamedNode]:
    """Named graphs that hold reports (everything but the ontology)."""
    return sorted(
        (g for g in store.named_graphs() if isinstance(g, NamedNode) and g.value != ONTOLOGY_GRAPH),
        key=lambda g: g.value,
    )


def dump_reports(store: Store, fmt: RdfFormat = RdfFormat.TRIG, graph: Optional[NamedNode] = None) -> bytes:
    """The reports' graphs serialised (TriG keeps one named graph per report)."""
    from pyoxigraph import serialize

    from .namespace import PREFIXES

    graphs = [graph] if graph is not None else report_graphs(store)
    quads = (q for g in graphs for q in store.quads_for_pattern(None, None, None, g))
    return serialize(quads, format=fmt, prefixes=PREFIXES if fmt in (RdfFormat.TRIG, RdfFormat.TURTLE) else None)
