"""store: the persistent, embedded RDF store (pyoxigraph, on disk) and its crash-safe layout.

Layout of an output folder (default out/):
    out/store            a symlink to the current store generation (out/.store-<stamp>)
    out/graph.trig       every report's named graph, for other tools
    out/graph.html       the interactive graph

A build writes a fresh generation beside the current one and then swaps the symlink with one
atomic rename, so a build killed at any moment leaves the previous store complete. Files are
written to a temporary name and renamed into place for the same reason. Incremental changes
(add / remove) run inside one pyoxigraph transaction, which is all-or-nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator, Optional

from pyoxigraph import NamedNode, RdfFormat, Store

from .errors import NotFound, PlankgError

STORE_LINK = "store"
# The N-Quads a build collects before its one bulk load, beside the store generation it fills.
QUADS_PREFIX = ".build-quads-"
ONTOLOGY_GRAPH = "https://w3id.org/plankg/id/graph/ontology"


class StoreBusy(PlankgError):
    """Another process holds the store open for writing."""


def ontology_dir() -> Path:
    """ontology/ at the top of the project (beside kg/)."""
    return Path(__file__).resolve().parent.parent / "ontology"


def store_path(out_dir: str | os.PathLike[str]) -> Path:
    return Path(out_dir) / STORE_LINK


def open_store(out_dir: str | os.PathLike[str], read_only: bool = True) -> Store:
    """The current store of an output folder. Read-only opens never block a writer."""
    link = store_path(out_dir)
    if not link.exists():
        raise NotFound(f"no store in {out_dir}/ (run `kg build` first, or give --store DIR)")
    target = link.resolve()
    try:
        return Store.read_only(str(target)) if read_only else Store(str(target))
    except OSError as exc:
        raise StoreBusy(f"cannot open the store in {out_dir}/: {exc}") from None


@contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through: it is written beside ``path`` under a temporary
    name and renamed into place only when the block ends without an error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


@contextmanager
def new_generation(out_dir: str | os.PathLike[str]) -> Iterator[Store]:
    """A fresh, empty store beside the current one; on success it becomes current atomically.

    If the body raises (or the process dies), the current store is untouched and the half-built
    generation is removed (or, after a kill, swept away by the next build).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _sweep_orphans(out)
    gen = out / f".store-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}"
    store = Store(str(gen))
    try:
        yield store
        store.flush()
    except BaseException:
        del store
        shutil.rmtree(gen, ignore_errors=True)
        raise
    del store
    _swap_link(out, gen)


def _swap_link(out: Path, gen: Path) -> None:
    link = out / STORE_LINK
    if link.exists() and not link.is_symlink():
        raise PlankgError(f"{link} is not a plankg store link; move it away first")
    old = link.resolve() if link.is_symlink() else None
    tmp_link = out / f".{STORE_LINK}.link-{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(gen.name)
    os.replace(tmp_link, link)  # the atomic switch
    if old is not None and old != gen.resolve():
        shutil.rmtree(old, ignore_errors=True)


def _sweep_orphans(out: Path) -> None:
    """Remove what killed builds left: generations the link does not point to, quads files and
    half-written graph.trig / graph.html (atomic_file's temporary names)."""
    link = out / STORE_LINK
    current = link.resolve() if link.is_symlink() else None
    for d in out.glob(".store-*"):
        if d.resolve() != current:
            shutil.rmtree(d, ignore_errors=True)
    for f in out.glob(f".{STORE_LINK}.link-*"):
        f.unlink(missing_ok=True)
    for pattern in (f"{QUADS_PREFIX}*", ".graph.*.tmp", ".names.json.*.tmp"):
        for f in out.glob(pattern):
            f.unlink(missing_ok=True)


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
