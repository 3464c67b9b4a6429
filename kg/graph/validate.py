"""validate: check report graphs against ontology/shapes.ttl with pySHACL.

SHACL is the source of truth. To keep it fast, each report's graph is validated on its own (a
report's graph holds everything about the facts it states: entity types and labels, sentences,
spans), with the ontology's class hierarchy added (so sh:class sees rdfs:subClassOf) and no
inference. `kg build` does it inside its worker processes, right after extraction.

pySHACL and rdflib's graph machinery load lazily: `kg lookup` must not pay for them.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional

from ..errors import PlankgError
from .store import ontology_dir

if TYPE_CHECKING:  # pragma: no cover
    import rdflib
    from pyoxigraph import Quad


class ValidationFailed(PlankgError):
    """`kg build --strict` found SHACL violations."""

    exit_code = 1


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with IRIs shortened to the project's prefixes."""

    focus: str
    path: str
    value: str
    message: str
    shape: str
    severity: str = "Violation"

    def line(self) -> str:
        where = f"{self.focus} {self.path}".rstrip()
        value = f" (value: {self.value})" if self.value else ""
        return f"{where}: {self.message}{value} [{self.shape}]"


@dataclass
class ValidationReport:
    """Violations per report graph (graph IRI → violations), and what was checked."""

    violations: dict[str, list[Violation]] = field(default_factory=dict)
    reports: int = 0
    triples: int = 0
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.violations.values())

    @property
    def conforms(self) -> bool:
        return self.count == 0

    def lines(self) -> list[str]:
        out: list[str] = []
        for graph, found in self.violations.items():
            if found:
                out.append(f"{_short(graph)}: {len(found)} violation{'s' if len(found) != 1 else ''}")
                out.extend("  " + v.line() for v in found)
        noun = "report" if self.reports == 1 else "reports"
        out.append(
            f"{self.count} SHACL violation{'s' if self.count != 1 else ''} in "
            f"{sum(1 for v in self.violations.values() if v)} of {self.reports} {noun} "
            f"({self.triples:,} triples, {self.seconds:.1f} s)"
        )
        return out


def shapes_path() -> Path:
    return ontology_dir() / "shapes.ttl"


@lru_cache(maxsize=1)
def shapes_graph() -> "rdflib.Graph":
    import rdflib

    return rdflib.Graph().parse(shapes_path(), format="turtle")


@lru_cache(maxsize=1)
def ontology_graph() -> "rdflib.Graph":
    """Every ontology/*.ttl but the shapes, as the store loads them."""
    import rdflib

    g = rdflib.Graph()
    for ttl in sorted(ontology_dir().glob("*.ttl")):
        if ttl != shapes_path():
            g.parse(ttl, format="turtle")
    return g


def validate_graph(data: "rdflib.Graph") -> list[Violation]:
    """SHACL violations of one report's graph. ``data`` is modified (the class hierarchy is added)."""
    from pyshacl import validate

    for triple in class_hierarchy():
        data.add(triple)
    _conforms, results, _text = validate(data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True)
    return _violations(results)


@lru_cache(maxsize=1)
def class_hierarchy() -> tuple[tuple[Any, Any, Any], ...]:
    """The ontology's rdfs:subClassOf triples between named classes.

    All that the shapes need from the ontology (sh:class and sh:targetClass follow
    rdfs:subClassOf). Adding them directly does what pySHACL's ont_graph would, without its
    per-call copy of the whole ontology (80 ms a report, more than validating most of them)."""
    import rdflib
    from rdflib.namespace import RDFS

    g = ontology_graph()
    return tuple(
        (s, RDFS.subClassOf, o)
        for s, o in g.subject_objects(RDFS.subClassOf)
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef)
    )


def validate_quads(quads: Iterable["Quad"]) -> list[Violation]:
    """SHACL violations of pyoxigraph quads (one report's graph; graph names are ignored)."""
    return validate_graph(to_rdflib(quads))


def validate_nquads(data: bytes) -> list[Violation]:
    """SHACL violations of one report's graph given as N-Quads (as build workers produce it)."""
    from pyoxigraph import RdfFormat, parse

    return validate_quads(parse(data, format=RdfFormat.N_QUADS))


def to_rdflib(quads: Iterable["Quad"]) -> "rdflib.Graph":
    """pyoxigraph quads or triples → one rdflib Graph, term by term (no parsing).

    Each distinct term is converted once: subjects, predicates and many literals repeat, and
    rdflib's Literal constructor is the cost (2× faster than converting every occurrence)."""
    import rdflib
    from pyoxigraph import BlankNode, NamedNode

    converted: dict[Any, Any] = {}

    def term(t: Any) -> Any:
        out = converted.get(t)
        if out is None:
            if isinstance(t, NamedNode):
                out = rdflib.URIRef(t.value)
            elif isinstance(t, BlankNode):
                out = rdflib.BNode(t.value)
            elif t.language:
                out = rdflib.Literal(t.value, lang=t.language)
            elif t.datatype.value == _XSD_STRING:
                out = rdflib.Literal(t.value)  # rdflib tells "a" from "a"^^xsd:string; RDF 1.1 does not
            else:
                out = rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))
            converted[t] = out
        return out

    g = rdflib.Graph()
    g.addN((term(q.subject), term(q.predicate), term(q.object), g) for q in quads)  # addN: half the cost of add
    return g


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def validate_store(out_dir: str, workers: Optional[int] = None) -> ValidationReport:
    """Validate every report graph of a built store, in parallel worker processes."""
    from concurrent.futures import ProcessPoolExecutor

    from pyoxigraph import RdfFormat, serialize

    from .store import open_store, report_graphs

    started = time.perf_counter()
    store = open_store(out_dir)
    graphs = report_graphs(store)
    payloads = [serialize(store.quads_for_pattern(None, None, None, g), format=RdfFormat.N_QUADS) for g in graphs]
    report = ValidationReport(reports=len(graphs), triples=sum(p.count(b"\n") for p in payloads))
    n_workers = workers if workers is not None else min(os.cpu_count() or 1, len(graphs))
    if n_workers <= 1 or len(graphs) < 4:  # worker start-up (imports) costs more than it saves
        found = [validate_nquads(p) for p in payloads]
    else:
        with ProcessPoolExecutor(max_workers=n_workers) as pool:
            found = list(pool.map(validate_nquads, payloads))
    report.violations = {g.value: v for g, v in zip(graphs, found)}
    report.seconds = time.perf_counter() - started
    return report


def _violations(results: "rdflib.Graph") -> list[Violation]:
    from rdflib.namespace import RDF, SH

    found = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(r, SH.resultSeverity)
        found.append(
            Violation(
                focus=_short(results.value(r, SH.focusNode)),
                path=_short(results.value(r, SH.resultPath)),
                value=_short(results.value(r, SH.value)),
                message=str(results.value(r, SH.resultMessage) or ""),
                shape=_short(results.value(r, SH.sourceShape)),
                severity=_short(severity).removeprefix("sh:") if severity is not None else "Violation",
            )
        )
    return sorted(found, key=lambda v: (v.focus, v.path, v.message, v.value))


def _short(term: Optional[Any]) -> str:
    """An IRI as prefix:local when a project prefix fits; literals as written; blank nodes as []."""
    if term is None:
        return ""
    import rdflib

    if isinstance(term, rdflib.BNode):
        return "[]"
    text = str(term)
    if isinstance(term, rdflib.Literal):
        return text if len(text) <= 40 else text[:39] + "…"
    for prefix, ns in _prefixes():
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return f"<{text}>"


@lru_cache(maxsize=1)
def _prefixes() -> tuple[tuple[str, str], ...]:
    from .namespace import PREFIXES

    pairs = dict(PREFIXES)
    pairs.update({"sh": "http://www.w3.org/ns/shacl#", "plansh": "https://w3id.org/plankg/shapes#"})
    return tuple(sorted(pairs.items(), key=lambda kv: -len(kv[1])))
