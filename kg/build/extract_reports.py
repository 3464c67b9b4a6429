"""extract_reports: report files → their quads as N-Quads, in worker processes, as one corpus.

Each report comes back as N-Quads bytes (what the store loads) and its part of graph.trig, both
serialised in the worker. A first pass collects the names each report is sure of, which the second
finds in every report that writes them (kg/extract/corpus.py), and every firm and region name, by
which resolution joins names across reports (kg/resolve.py) before the quads are made.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional

from pyoxigraph import NamedNode, Quad, RdfFormat, serialize

from ..extract.corpus import KnownName, confident_names
from ..errors import InputError
from ..graph.namespace import CLASS_TYPE, PREFIXES
from ..graph.rdf import extraction_quads
from ..graph.validate import Violation, validate_quads
from ..extract.pipeline import extract_report, filter_confidence
from ..extract.read import read_report, report_id
from ..resolve import BuildNames, resolve
from .workers import stream

# Below this many reports, worker start-up costs more than it saves.
_PARALLEL_FROM = 4

@dataclass
class CorpusNames:
    """What the first pass learns of the whole corpus."""

    known: dict[str, KnownName]  # names a report is sure of, looked for in the others
    names: BuildNames  # every firm and region the reports name, for resolution

    def update(self, other: "CorpusNames") -> None:
        for name, k in other.known.items():
            self.known.setdefault(name, k)  # the first report to name one wins
        self.names.update(other.names)


@dataclass
class ReportResult:
    """What a worker sends back for one report."""

    report_id: str
    path: str
    nquads: bytes  # what the store loads
    trig: bytes  # this report's part of graph.trig, serialised in the worker
    triples: int
    entities: dict[str, str]  # entity IRI → type name, as `kg stats` counts them
    targets: int
    achievements: int
    violations: Optional[list[Violation]] = None  # None: not checked against the shapes


def extract_to_nquads(
    path: str, min_confidence: float = 0.0, validate: bool = False, corpus: Optional[CorpusNames] = None
) -> ReportResult:
    """One report file → its quads as N-Quads (runs in a worker process), checked against the
    SHACL shapes when ``validate``; ``corpus``: what the first pass learnt of the other reports."""
    extraction = extract_report(read_report(path), corpus.known if corpus else None)
    extraction = resolve(filter_confidence(extraction, min_confidence), corpus.names if corpus else None)
    quads = extraction_quads(extraction)
    return ReportResult(
        violations=validate_quads(quads) if validate else None,
        report_id=extraction.report.id,
        path=path,
        nquads=serialize(quads, format=RdfFormat.N_QUADS),
        trig=serialize(quads, format=RdfFormat.TRIG, prefixes=PREFIXES),
        triples=len(quads),
        entities=typed_entities(quads),
        targets=len(extraction.targets),
        achievements=len(extraction.achievements),
    )


_ENTITY_TYPE = {str(iri): name for iri, name in CLASS_TYPE.items()}
_RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def typed_entities(quads: list[Quad]) -> dict[str, str]:
    """Entity IRI → type name for every subject typed with an entity class (what `kg stats` counts)."""
    return {
        q.subject.value: _ENTITY_TYPE[q.object.value]
        for q in quads
        if q.predicate == _RDF_TYPE and isinstance(q.object, NamedNode) and q.object.value in _ENTITY_TYPE
    }


def check_unique_ids(files: list[Path]) -> None:
    seen: dict[str, Path] = {}
    for f in files:
        rid = report_id(f)
        if rid in seen:
            raise InputError(f"two reports would share the id {rid!r}: {seen[rid]} and {f} (rename one)")
        seen[rid] = f


def worker_count(workers: Optional[int], n_reports: int) -> int:
    """Worker processes to use: one per core by default, none when there are too few reports
    for worker start-up to pay off."""
    n = workers if workers is not None else min(os.cpu_count() or 1, n_reports)
    return n if n > 1 and n_reports >= _PARALLEL_FROM else 1


def iter_extract(
    paths: list[str],
    min_confidence: float,
    n_workers: int,
    validate: Callable[[int], bool] = lambda i: False,
    corpus: Optional[CorpusNames] = None,
) -> Iterator[ReportResult]:
    """Extract the files in order, in worker processes when ``n_workers`` > 1; the i-th is also
    checked against the shapes, in its worker, when ``validate(i)``; ``corpus``: what the first
    pass learnt (corpus_names)."""
    yield from stream(extract_to_nquads, [(p, min_confidence, validate(i), corpus) for i, p in enumerate(paths)], n_workers)


def corpus_names_of(path: str) -> CorpusNames:
    """What one report tells the corpus (runs in a worker process)."""
    extraction = extract_report(read_report(path))
    return CorpusNames(known=confident_names([extraction]), names=BuildNames.of([extraction]))


def corpus_names(paths: list[str], n_workers: int) -> CorpusNames:
    """The first pass: the names any report of the corpus is sure of (each report then finds
    them too, kg/extract/corpus.py) and every firm and region named (kg/resolve.py)."""
    corpus = CorpusNames(known={}, names=BuildNames())
    for one in stream(corpus_names_of, [(p,) for p in paths], n_workers):
        corpus.update(one)
    return corpus


def extract_many(
    files: list[Path],
    min_confidence: float = 0.0,
    workers: Optional[int] = None,
    on_done: Optional[Callable[[ReportResult], None]] = None,
) -> list[ReportResult]:
    """Extract every file, in parallel when there are enough of them, as one corpus (names one
    file is sure of are found in the others); results in file order."""
    results = []
    paths, n_workers = [str(f) for f in files], worker_count(workers, len(files))
    corpus = corpus_names(paths, n_workers) if len(files) > 1 else None
    for result in iter_extract(paths, min_confidence, n_workers, corpus=corpus):
        results.append(result)
        if on_done:
            on_done(result)
    return results
