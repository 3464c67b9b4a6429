"""The Python API: every `kg` command is one call here, usable the same way from a notebook.

Heavy modules (the extractor, networkx, pyvis, pySHACL) load inside the functions that need them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

from .build.build import BuildSummary, UpdateSummary, add, build, remove
from .evaluation.evaluate import EvalResult, evaluate
from .views.lookup import Lookup, lookup
from .model import Extraction
from .extract.pipeline import extract as _extract
from .extract.pipeline import filter_confidence, to_json

if TYPE_CHECKING:
    import networkx as nx

    from .views.analytics import GraphStats, RelatedEntity, RelationPath
    from .views.chart import Chart
    from .views.draw import Page
    from .evaluation.train import TrainResult
    from .graph.validate import ValidationReport

__all__ = [
    # build and extract
    "build", "add", "remove", "BuildSummary", "UpdateSummary", "extract", "to_json", "to_turtle",
    "evaluate", "EvalResult", "train",
    # ask the store
    "query", "query_rows", "named_queries", "lookup", "Lookup", "serve", "push",
    # draw, export, analyse
    "graph", "chart", "export", "export_files", "networkx_view", "stats", "path", "related",
    # ontology
    "validate", "ontology_doc", "write_ontology_doc",
]  # fmt: skip


def train(
    gold: Optional[list[str]] = None,
    out: Optional[str] = None,
    on_step: Optional[Callable[[str], None]] = None,
    l2: Optional[float] = None,
    threshold: Optional[float] = None,
    type_thresholds: Optional[dict[str, float]] = None,
) -> "TrainResult":
    """Rebuild the entity model from the development gold (default: the shipped model file);
    the L2 penalty and thresholds by cross-validation unless given."""
    from .evaluation.train import train as _train

    return _train(gold, out, on_step, l2, threshold, type_thresholds)


def extract(path: str, min_confidence: float = 0.0) -> Extraction:
    """Extract one report file (no store)."""
    return filter_confidence(_extract(path), min_confidence)


def to_turtle(extraction: Extraction) -> str:
    """One report's graph as Turtle, its entities resolved as a build would (kg.resolve)."""
    from .graph.rdf import extraction_quads, serialize_quads
    from .resolve import resolve

    return serialize_quads(extraction_quads(resolve(extraction)), "turtle")


# Exports and graph analytics (kg export / stats / path / related). networkx loads only when called.


def export(store_dir: str = "out", fmt: str = "trig", report: Optional[str] = None, table: Optional[str] = None) -> bytes:
    """The store (or one report) in one format: turtle, trig, nt, jsonld, graphml, csv (with a table)."""
    from .views.export import export as _export
    from .graph.store import open_store

    return _export(open_store(store_dir), fmt, report, table)


def export_files(
    out: str, store_dir: str = "out", fmt: str = "trig", report: Optional[str] = None, table: Optional[str] = None
) -> list[Path]:
    """Write an export atomically to ``out`` (csv without a table: every table into the folder ``out``)."""
    from .views.export import write_export
    from .graph.store import open_store

    return write_export(open_store(store_dir), fmt, out, report, table)


def networkx_view(store_dir: str = "out", report: Optional[str] = None, evidence: bool = True) -> "nx.MultiDiGraph":
    """Entities as nodes, relations as typed edges (key = relation), with labels, types and evidence."""
    from .views.store_view import load_view

    return load_view(store_dir, report, evidence)


def stats(store_dir: str = "out", top: int = 10) -> "GraphStats":
    """Counts by type, the best-connected organisations, industries by firms, connected components."""
    from .views.analytics import store_stats

    return store_stats(store_dir, top)


def path(a: str, b: str, store_dir: str = "out", max_hops: int = 6, limit: int = 5, via_actions: bool = False) -> list["RelationPath"]:
    """The shortest relation paths between two named entities (NotFound if none within max_hops)."""
    from .views.analytics import paths_between

    return paths_between(a, b, store_dir, max_hops, limit, via_actions)


def related(name: str, store_dir: str = "out", top: int = 20) -> list["RelatedEntity"]:
    """Entities that share industries, actions or partners with ``name``, best first."""
    from .views.analytics import related_to

    return related_to(name, store_dir, top)


# The interactive page (kg graph). pyvis and networkx load only when called.


def graph(
    store_dir: str = "out",
    out: Optional[str] = None,
    types: tuple[str, ...] = (),
    report: Optional[str] = None,
    around: Optional[str] = None,
    depth: int = 1,
    min_confidence: float = 0.0,
    targets: bool = True,
) -> tuple[Path, "Page"]:
    """Draw the store into one offline HTML page (default STORE/graph.html); returns its path and counts."""
    from .views.draw import write_graph
    from .views.drawn_graph import DrawOptions

    options = DrawOptions(tuple(types), report, around, depth, min_confidence, targets)
    return write_graph(store_dir, out, options)


def chart(indicator: str, store_dir: str = "out", out: Optional[str] = None, kind: Optional[str] = None,
          horizon: Optional[int] = None) -> tuple[Path, "Chart"]:
    """Chart one indicator (any of its names) across the store's reports into a self-contained HTML
    page (or .svg); returns its path and what was drawn."""
    from .views.chart import write_chart

    return write_chart(store_dir, indicator, out, kind, horizon)


# SPARQL: named queries, kg query / queries / serve / push. kg.graph.query loads only when called.


def query(query: str, store_dir: str = "out", endpoint: Optional[str] = None, params: "dict[str, str] | list[str]" = ()):  # type: ignore[assignment]
    """Run a named query, a .rq file or inline SPARQL, read-only, on the store or an endpoint.
    Parameters are bound as RDF terms. Returns pyoxigraph results (solutions, a boolean, or triples)."""
    from .graph.query import run

    return run(query, store_dir, endpoint, params)


def query_rows(query: str, store_dir: str = "out", endpoint: Optional[str] = None, params: "dict[str, str] | list[str]" = ()) -> list[dict[str, str]]:  # type: ignore[assignment]
    """A SELECT query's answer as dicts of variable → displayed value."""
    from .graph.query import run
    from .graph.query_output import rows

    return rows(run(query, store_dir, endpoint, params))


def named_queries() -> list:
    """The named queries in queries/ (name, questions in Chinese and English, parameters)."""
    from .graph.named_queries import named_queries as listing

    return listing()


def serve(store_dir: str = "out", port: int = 7878, timeout: float = 30.0) -> None:
    """Serve the store as a read-only SPARQL endpoint on 127.0.0.1:port until interrupted,
    following it to each new build; queries stop after ``timeout`` seconds."""
    from .graph.serve import serve as run_server

    run_server(store_dir, port, timeout)


def push(store_dir: str = "out", endpoint: str = "", graph: Optional[str] = None, protocol: str = "auto"):
    """Load the store's graphs into a Graph Store Protocol or SPARQL Update endpoint; a PushSummary."""
    from .graph.serve import push as run_push

    return run_push(store_dir, endpoint, graph, protocol)


# Validation (SHACL) and ontology documentation. pySHACL and rdflib load only when called.


def validate(store_dir: str = "out") -> "ValidationReport":
    """SHACL violations of every report graph in the store (ontology/shapes.ttl)."""
    from .graph.validate import validate_store

    return validate_store(store_dir)


def ontology_doc(fmt: str = "markdown", examples: Optional[list[str]] = None) -> str:
    """Documentation of ontology/plan.ttl (markdown or html), with examples from these reports."""
    from .views.ontology_doc import ontology_doc as _doc

    return _doc(fmt, examples if examples is not None else ["data"])


def write_ontology_doc(out: str = "docs/ontology.md", fmt: Optional[str] = None, examples: Optional[list[str]] = None) -> Path:
    """Write the ontology documentation to ``out`` (format from the suffix unless given)."""
    from .views.ontology_doc import write_doc

    return write_doc(out, fmt, examples if examples is not None else ["data"])
