"""serve and push: the store behind a SPARQL endpoint, and the graph loaded into someone else's.

``kg serve`` runs the Oxigraph server (the ``oxigraph`` package) read-only over the current store
generation behind a guard on 127.0.0.1 (kg/graph/endpoint.py); it has a query page at / and the SPARQL
1.1 Protocol at /query.
``kg push`` copies every named graph (one per report, and the ontology) into a server that speaks
the SPARQL 1.1 Graph Store Protocol (PUT replaces each graph, so pushing again is idempotent)
or SPARQL 1.1 Update (DROP SILENT GRAPH, then INSERT DATA in batches small enough for Virtuoso).
Servers must use the union of their graphs as the default graph for the named queries to see
every report (Oxigraph: --union-default-graph; GraphDB and Virtuoso do so by default).
"""

from __future__ import annotations

import math
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional, Union

from ..errors import NotFound, PlankgError
from .endpoint import HOST, Endpoint, oxigraph_command
from .query import DEFAULT_TIMEOUT_S, check_endpoint, http_call, prefix_prologue

if TYPE_CHECKING:
    from pyoxigraph import NamedNode, Store, Triple

DEFAULT_PORT = 7878
PROTOCOLS = ("auto", "gsp", "update")
UPDATE_BATCH = 1000  # triples per INSERT DATA (Virtuoso refuses much larger ones)
PREFIX_NOTE = (
    "kg: over HTTP the project's prefixes are not predeclared (`kg query` and `kg query --endpoint` "
    "add them); a query typed in the page or sent by another client starts with:\n"
)
_UPDATE_PATHS = {"update", "statements", "sparql"}  # last URL segment of common Update endpoints


def store_location(store_dir: Union[str, Path]) -> Path:
    """The folder of the current store generation: an output folder's ``store`` link, resolved,
    or a pyoxigraph store folder given directly."""
    from .store import store_path

    folder = Path(store_dir)
    if (folder / "CURRENT").is_file():
        return folder
    link = store_path(folder)
    if not link.exists():
        raise NotFound(f"no store in {store_dir}/ (run `kg build` first, or give --store DIR)")
    return link.resolve()


def server_command(store_dir: Union[str, Path], port: int = DEFAULT_PORT, timeout: float = DEFAULT_TIMEOUT_S) -> list[str]:
    """The Oxigraph command line for the current store of an output folder."""
    return oxigraph_command(store_location(store_dir), port, timeout)


def serve(store_dir: Union[str, Path] = "out", port: int = DEFAULT_PORT, timeout: float = DEFAULT_TIMEOUT_S) -> None:
    """Serve the store read-only on 127.0.0.1:port until Ctrl-C, following the output folder
    to each new generation (see kg/graph/endpoint.py)."""
    if not math.isfinite(timeout) or timeout <= 0:
        raise PlankgError(f"the timeout must be a positive number of seconds, not {timeout}")
    endpoint = Endpoint(store_dir, port, timeout)
    print(
        f"kg: serving {store_dir} read-only: query page http://{HOST}:{port}/ , "
        f"SPARQL endpoint http://{HOST}:{port}/query; queries stop after {timeout:g} s (Ctrl-C stops)",
        file=sys.stderr,
        flush=True,
    )
    print(PREFIX_NOTE + prefix_prologue(), file=sys.stderr, end="", flush=True)
    endpoint.run()


# ---------------------------------------------------------------- push


@dataclass
class PushSummary:
    endpoint: str
    protocol: str
    graphs: int = 0
    triples: int = 0
    requests: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"pushed {self.triples:,} triples in {self.graphs} graph{'s' if self.graphs != 1 else ''} to "
            f"{self.endpoint} ({self.protocol}, {self.requests} requests, {self.seconds:.1f} s)"
        )


def choose_protocol(endpoint: str, protocol: str = "auto") -> str:
    """gsp or update; "auto" reads the endpoint's last path segment (…/update, …/sparql → update)."""
    if protocol not in PROTOCOLS:
        raise PlankgError(f"unknown protocol {protocol!r} (use one of {', '.join(PROTOCOLS)})")
    if protocol != "auto":
        return protocol
    last = urllib.parse.urlparse(endpoint).path.rstrip("/").rsplit("/", 1)[-1].lower()
    return "update" if last in _UPDATE_PATHS else "gsp"


def source_graphs(store: "Store") -> list["NamedNode"]:
    """Every graph to push: the reports', then the ontology's when it is loaded."""
    from pyoxigraph import NamedNode

    from .store import ONTOLOGY_GRAPH, report_graphs

    graphs = report_graphs(store)
    ontology = NamedNode(ONTOLOGY_GRAPH)
    if next(iter(store.quads_for_pattern(None, None, None, ontology)), None) is not None:
        graphs.append(ontology)
    return graphs


def _triples(store: "Store", graph: "NamedNode") -> list["Triple"]:
    return [q.triple for q in store.quads_for_pattern(None, None, None, graph)]


def _nt(triples: list["Triple"]) -> bytes:
    from pyoxigraph import RdfFormat, serialize

    return serialize(triples, format=RdfFormat.N_TRIPLES)


def _with_query(endpoint: str, **params: str) -> str:
    return endpoint + ("&" if "?" in endpoint else "?") + urllib.parse.urlencode(params)


def gsp_put(endpoint: str, graph: str, triples: list["Triple"]) -> None:
    """Replace one graph through the Graph Store Protocol."""
    request = urllib.request.Request(
        _with_query(endpoint, graph=graph),
        data=_nt(triples),
        method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    http_call(request, endpoint)


def update_batches(graph: str, triples: list["Triple"], size: int = UPDATE_BATCH) -> Iterator[str]:
    """SPARQL Update requests that replace one graph: DROP, then INSERT DATA in batches.

    Triples with blank nodes all go in one batch, since each request has its own blank nodes."""
    from pyoxigraph import BlankNode

    plain = [t for t in triples if not isinstance(t.subject, BlankNode) and not isinstance(t.object, BlankNode)]
    blank = [t for t in triples if isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode)]
    yield f"DROP SILENT GRAPH <{graph}>"
    for batch in [plain[i : i + size] for i in range(0, len(plain), size)] + ([blank] if blank else []):
        yield f"INSERT DATA {{ GRAPH <{graph}> {{\n{_nt(batch).decode('utf-8')}}} }}"


def update_post(endpoint: str, update: str) -> None:
    request = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode({"update": update}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    http_call(request, endpoint)


def push(
    store_dir: Union[str, Path] = "out",
    endpoint: str = "",
    graph: Optional[str] = None,
    protocol: str = "auto",
) -> PushSummary:
    """Load the store's graphs into a remote store; with ``graph``, all into that one graph."""
    from pyoxigraph import NamedNode

    from .query import open_read_only

    if not endpoint:
        raise PlankgError("give the endpoint URL (--endpoint)")
    check_endpoint(endpoint)
    if graph is not None:
        try:
            graph = NamedNode(graph).value
        except ValueError:
            raise PlankgError(f"not an IRI: {graph}") from None
    started = time.perf_counter()
    chosen = choose_protocol(endpoint, protocol)
    store = open_read_only(store_dir)
    sources = source_graphs(store)
    if graph is None:
        targets = [(g.value, _triples(store, g)) for g in sources]
    else:
        # a firm named in two reports has the same triples in both graphs: send them once
        targets = [(graph, list(dict.fromkeys(t for g in sources for t in _triples(store, g))))]
    summary = PushSummary(endpoint=endpoint, protocol=chosen)
    for iri, triples in targets:
        if chosen == "gsp":
            gsp_put(endpoint, iri, triples)
            summary.requests += 1
        else:
            for update in update_batches(iri, triples):
                update_post(endpoint, update)
                summary.requests += 1
        summary.graphs += 1
        summary.triples += len(triples)
    summary.seconds = time.perf_counter() - started
    return summary
