"""build: many report files → one store, graph.trig and graph.html, replaced atomically.

Reports are extracted in parallel worker processes (one per core) and each comes back as N-Quads
bytes, which the parent bulk-loads into a fresh store generation at the end.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Callable, Iterator, Optional

from pyoxigraph import RdfFormat, Store, serialize

from .errors import InputError, NotFound
from .pipeline import extract_report, filter_confidence, warm_up
from .namespace import PREFIXES
from .rdf import extraction_quads, report_iri
from .read import find_reports, read_report, report_id
from .store import atomic_write, dump_reports, load_ontology, new_generation, open_store, report_graphs
from .validate import ValidationFailed, Violation, validate_nquads

# Below this many reports, worker start-up costs more than it saves.
_PARALLEL_FROM = 4


@dataclass
class ReportResult:
    """What a worker sends back for one report."""

    report_id: str
    path: str
    nquads: bytes  # what the store loads
    trig: bytes  # this report's part of graph.trig, serialised in the worker
    triples: int
    entities: Counter[str]
    targets: int
    achievements: int


@dataclass
class BuildSummary:
    reports: int = 0
    triples: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    targets: int = 0
    achievements: int = 0
    seconds: float = 0.0
    violations: Optional[int] = None
    out_dir: str = "out"

    def line(self) -> str:
        by_type = ", ".join(f"{t} {n}" for t, n in sorted(self.entities.items(), key=lambda kv: (-kv[1], kv[0])))
        parts = [
            f"{self.reports} report{'s' if self.reports != 1 else ''}",
            f"{self.triples:,} triples",
            f"{sum(self.entities.values())} entities ({by_type})" if self.entities else "0 entities",
            f"{self.targets} targets",
            f"{self.achievements} achievements",
        ]
        if self.violations is not None:
            parts.append(f"{self.violations} SHACL violations")
        parts.append(f"{self.seconds:.1f} s")
        return "built " + self.out_dir + "/: " + "; ".join(parts)


def extract_to_nquads(path: str, min_confidence: float = 0.0) -> ReportResult:
    """One report file → its quads as N-Quads (runs in a worker process)."""
    extraction = filter_confidence(extract_report(read_report(path)), min_confidence)
    quads = extraction_quads(extraction)
    return ReportResult(
        report_id=extraction.report.id,
        path=path,
        nquads=serialize(quads, format=RdfFormat.N_QUADS),
        trig=serialize(quads, format=RdfFormat.TRIG, prefixes=PREFIXES),
        triples=len(quads),
        entities=Counter(e.type.value for e in extraction.entities),
        targets=len(extraction.targets),
        achievements=len(extraction.achievements),
    )


def _check_unique_ids(files: list[Path]) -> None:
    seen: dict[str, Path] = {}
    for f in files:
        rid = report_id(f)
        if rid in seen:
            raise InputError(f"two reports would share the id {rid!r}: {seen[rid]} and {f} (rename one)")
        seen[rid] = f


def extract_many(
    files: list[Path],
    min_confidence: float = 0.0,
    workers: Optional[int] = None,
    on_done: Optional[Callable[[ReportResult], None]] = None,
) -> list[ReportResult]:
    """Extract every file, in parallel when there are enough of them; results in file order."""
    paths = [str(f) for f in files]
    n_workers = workers if workers is not None else min(os.cpu_count() or 1, len(paths))
    results: list[ReportResult] = []
    if n_workers <= 1 or len(paths) < _PARALLEL_FROM:
        for p in paths:
            results.append(extract_to_nquads(p, min_confidence))
            if on_done:
                on_done(results[-1])
        return results
    warm_up()  # once here rather than once per worker: forked workers share what it loads
    with ProcessPoolExecutor(max_workers=n_workers, initializer=_ignore_sigint) as pool:
        try:
            for result in pool.map(extract_to_nquads, paths, [min_confidence] * len(paths), chunksize=1):
                results.append(result)
                if on_done:
                    on_done(result)
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return results


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and reports once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def build(
    paths: list[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str] = "out",
    min_confidence: float = 0.0,
    workers: Optional[int] = None,
    on_done: Optional[Callable[[ReportResult], None]] = None,
    on_start: Optional[Callable[[int], None]] = None,
    strict: bool = False,
) -> BuildSummary:
    """Build a fresh store from report files and folders, then write graph.trig and graph.html.

    Nothing in ``out_dir`` changes until everything is extracted and loaded; then the store,
    graph.trig and graph.html are each replaced by an atomic rename. With ``strict``, any SHACL
    violation stops the build before anything is replaced.
    """
    started = time.perf_counter()
    files = find_reports(list(paths))
    _check_unique_ids(files)
    if on_start:
        on_start(len(files))
    results = extract_many(files, min_confidence, workers, on_done)
    summary = BuildSummary(out_dir=str(out_dir).rstrip("/"))
    with _validating(results, workers) as violations:
        with new_generation(out_dir) as store:
            load_ontology(store)
            # One bulk load of everything is ~2× faster than one per report; the quads were
            # produced by our own serialiser, so the parser's IRI checks can be skipped.
            store.bulk_load(input=b"".join(r.nquads for r in results), format=RdfFormat.N_QUADS, lenient=True)
            for r in results:
                summary.reports += 1
                summary.triples += r.triples
                summary.entities.update(r.entities)
                summary.targets += r.targets
                summary.achievements += r.achievements
            if strict:
                _fail_on(violations())  # before the store, graph.trig or graph.html is replaced
            write_outputs(store, out_dir, trig=b"".join(r.trig for r in results))
        summary.violations = len(violations())
    summary.seconds = time.perf_counter() - started
    return summary


@contextmanager
def _validating(results: list[ReportResult], workers: Optional[int]) -> Iterator[Callable[[], list[Violation]]]:
    """SHACL-validate every report's graph in worker processes while the caller loads the store.

    Yields a function that waits for (and caches) all violations. Validation costs ~2× the
    extraction itself; overlapping it with the store load and graph drawing keeps it off the
    build's critical path."""
    n_workers = workers if workers is not None else min(os.cpu_count() or 1, len(results))
    if n_workers <= 1 or len(results) < _PARALLEL_FROM:
        yield cache(lambda: [v for r in results for v in validate_nquads(r.nquads)])
        return
    with ProcessPoolExecutor(max_workers=n_workers, initializer=_ignore_sigint) as pool:
        futures = [pool.submit(validate_nquads, r.nquads) for r in results]
        try:
            yield cache(lambda: [v for f in futures for v in f.result()])
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _fail_on(violations: list[Violation]) -> None:
    if violations:
        raise ValidationFailed(
            f"{len(violations)} SHACL violations, nothing was replaced (first: {violations[0].line()}); "
            "see them all with `kg validate` on a build without --strict"
        )


def write_outputs(store: Store, out_dir: str | os.PathLike[str], trig: Optional[bytes] = None) -> None:
    """The files derived from the store (graph.trig, graph.html), each replaced atomically.

    ``trig`` is the reports' TriG when the caller has it already (a build concatenates what its
    workers serialised: TriG allows the same prefix declarations again); otherwise the store is dumped."""
    atomic_write(Path(out_dir) / "graph.trig", trig if trig is not None else dump_reports(store))
    from .draw import graph_page  # pyvis and networkx load only when a page is drawn

    atomic_write(Path(out_dir) / "graph.html", graph_page(store).html)


@dataclass
class UpdateSummary:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reports: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        parts = []
        if self.added:
            parts.append(f"added {', '.join(self.added)}")
        if self.removed:
            parts.append(f"removed {', '.join(self.removed)}")
        return f"{'; '.join(parts) or 'nothing changed'}; {self.reports} reports in the store; {self.seconds:.1f} s"


def add(
    files: list[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str] = "out",
    min_confidence: float = 0.0,
    workers: Optional[int] = None,
) -> UpdateSummary:
    """Add reports to an existing store, replacing the named graph of any report added before.

    Each report's old graph is dropped and its new one inserted in one update request, which the
    store runs as a single transaction: a crash leaves the old version or the new, never half.
    """
    started = time.perf_counter()
    paths = find_reports(list(files))
    _check_unique_ids(paths)
    results = extract_many(paths, min_confidence, workers)
    store = open_store(out_dir, read_only=False)
    for r in results:
        graph = f"<{report_iri(r.report_id)}>"
        body = r.nquads.decode("utf-8").replace(f" {graph} .\n", " .\n")
        store.update(f"DROP SILENT GRAPH {graph} ; INSERT DATA {{ GRAPH {graph} {{\n{body}}} }}")
    write_outputs(store, out_dir)
    summary = UpdateSummary(added=[r.report_id for r in results], reports=len(report_graphs(store)))
    summary.seconds = time.perf_counter() - started
    return summary


def remove(report_ids: list[str], out_dir: str | os.PathLike[str] = "out") -> UpdateSummary:
    """Remove reports (by id, as `kg build` printed them, or by file name) from the store."""
    started = time.perf_counter()
    store = open_store(out_dir, read_only=False)
    present = {g.value: g for g in report_graphs(store)}
    removed = [report_id(Path(raw)) for raw in report_ids]
    for rid in removed:  # check them all before removing any
        if report_iri(rid) not in present:
            raise NotFound(f"no report {rid!r} in {out_dir}/")
    for rid in removed:
        store.remove_graph(present[report_iri(rid)])
    write_outputs(store, out_dir)
    summary = UpdateSummary(removed=removed, reports=len(report_graphs(store)))
    summary.seconds = time.perf_counter() - started
    return summary
