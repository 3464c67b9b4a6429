"""build: many report files → one store, graph.trig and graph.html, replaced atomically.

Reports are extracted in parallel worker processes (one per core) and each comes back as N-Quads
bytes (kg/build/extract_reports.py), which the parent appends to files that are bulk-loaded into a
fresh store generation at the end (kg/build/load.py).
"""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import nullcontext
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from pyoxigraph import RdfFormat, Store

from ..errors import NotFound
from ..graph import names
from ..graph.names import read_index
from ..graph.rdf import report_iri
from ..graph.store import Generation, dump_reports, new_generation, ontology_nquads, report_graphs
from ..graph.validate import ValidationFailed, Violation
from ..extract.read import find_reports, report_id
from .extract_reports import ReportResult, check_unique_ids, extract_many, first_pass, iter_extract, worker_count
from .load import QuadFiles, load_quads
from .workers import ignore_sigint, submit

# A plain build checks the SHACL shapes on one report in this many (the 1st, the 33rd …): on 2
# cores, checking every report cost 2.7× the extraction itself. `--strict` and `kg validate` check all.
SAMPLE_EVERY = 32
# graph.html draws at most this many nodes at first paint (its overview draws ~120); every node
# is in the page's data, drawn on demand (kg/views/overview.py).
PAGE_NODES = 5_000
# Up to this many bytes of N-Quads (~50 provincial reports), a worker draws graph.html from an
# in-memory copy of the quads while the parent loads the store (an in-memory store takes ~1.7× the
# file's size, on top of the bulk loader's memory); past it, the page is drawn from the store once
# it is loaded.
DRAW_ALONGSIDE_UP_TO = 100_000_000
# The folder, in the generation being filled, where the first pass keeps each report's extraction.
KEPT_PREFIX = ".build-kept-"


@dataclass
class BuildSummary:
    reports: int = 0
    triples: int = 0
    entities: dict[str, str] = field(default_factory=dict)  # distinct entity IRI → type name
    targets: int = 0
    achievements: int = 0
    seconds: float = 0.0
    violations: Optional[int] = None
    checked: int = 0  # reports whose graphs were checked against the shapes
    out_dir: str = "out"

    def add(self, report: ReportResult) -> None:
        self.reports += 1
        self.triples += report.triples
        self.entities.update(report.entities)
        self.targets += report.targets
        self.achievements += report.achievements

    def by_type(self) -> Counter[str]:
        """Distinct entities by type: an entity named in several reports counts once, as in `kg stats`."""
        return Counter(self.entities.values())

    def line(self) -> str:
        by_type = ", ".join(f"{t} {n}" for t, n in sorted(self.by_type().items(), key=lambda kv: (-kv[1], kv[0])))
        parts = [
            f"{self.reports} report{'s' if self.reports != 1 else ''}",
            f"{self.triples:,} triples",
            f"{len(self.entities):,} entities ({by_type})" if self.entities else "0 entities",
            f"{self.targets} targets",
            f"{self.achievements} achievements",
        ]
        if self.violations is not None:
            parts.append(f"{self.violations} SHACL violations ({self._checked_in()})")
        parts.append(f"{self.seconds:.1f} s")
        return "built " + self.out_dir + "/: " + "; ".join(parts)

    def _checked_in(self) -> str:
        if self.checked == self.reports:
            return "every report checked"
        return f"{self.checked} of {self.reports} reports checked; `kg validate` checks all"


def build(
    paths: list[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str] = "out",
    min_confidence: float = 0.0,
    workers: Optional[int] = None,
    on_done: Optional[Callable[[ReportResult], None]] = None,
    on_start: Optional[Callable[[int], None]] = None,
    strict: bool = False,
    on_stage: Optional[Callable[[str], None]] = None,
    on_extracted: Optional[Callable[[str], None]] = None,
) -> BuildSummary:
    """Build a fresh store from report files and folders, with graph.trig and graph.html.

    Reports stream through one at a time: each report's quads are appended to a temporary
    N-Quads file and its TriG to a temporary graph.trig, so memory stays bounded however many
    reports there are. One report in SAMPLE_EVERY (every report with ``strict``) is checked
    against the SHACL shapes in its extraction worker, right after extraction. The quads are bulk-loaded into a new store
    generation once, at the end: loaded chunk by chunk, each load into the growing store was
    slower than the last (1,080 reports built 24 % slower). Nothing in ``out_dir`` changes until
    everything is done; then the store, graph.trig, graph.html and the name index are switched
    together (see kg/graph/generations.py), under the folder's writers' lock. With ``strict``, any
    SHACL violation stops the build before anything is replaced.
    ``on_start`` gets the number of reports, ``on_extracted`` each report's path as it is
    extracted, ``on_done`` each report's result when its quads are made, ``on_stage`` the name of
    each later stage as it begins.
    """
    started = time.perf_counter()
    files = find_reports(list(paths))
    check_unique_ids(files)
    if on_start:
        on_start(len(files))
    n_workers = worker_count(workers, len(files))
    summary = BuildSummary(out_dir=str(out_dir).rstrip("/"))
    out = Path(out_dir)
    stage = on_stage or (lambda name: None)
    extracted = on_extracted or (lambda path: None)
    violations: list[Violation] = []
    paths_in = [str(f) for f in files]
    with (
        new_generation(out) as gen,
        open(gen.path / "graph.trig", "wb") as trig,
        QuadFiles(gen.path) as quads,
        # A worker interrupted with the build may still be writing its file here: the generation
        # folder is swept as a whole anyway, so a cleanup that races it must not raise.
        tempfile.TemporaryDirectory(dir=gen.path, prefix=KEPT_PREFIX, ignore_cleanup_errors=True) as kept,
    ):
        quads.write(ontology_nquads())
        # Corpus consistency and resolution: each report is extracted once, learning the names
        # each is sure of and those by which resolution joins things across reports; the second
        # pass adds them to every report's kept extraction.
        first = first_pass(paths_in, n_workers, Path(kept), extracted)
        if first:
            stage("names across reports")
        checked = (lambda i: True) if strict else (lambda i: i % SAMPLE_EVERY == 0)
        for r in iter_extract(paths_in, min_confidence, n_workers, checked, first):
            if not first:
                extracted(r.path)
            quads.write(r.nquads)
            trig.write(r.trig)  # TriG allows the same prefix declarations again
            summary.add(r)
            if r.violations is not None:
                summary.checked += 1
                violations.extend(r.violations)
            if on_done:
                on_done(r)
        quads.close()
        stage("checking SHACL shapes")
        if strict:
            _fail_on(violations)  # before graph.html, graph.trig or the store is replaced
        alongside = n_workers > 1 and quads.size <= DRAW_ALONGSIDE_UP_TO
        # Forked only now, when extraction's pool is gone: a fork while another pool's threads run
        # can hand the child a lock held forever (a build then hung on Ctrl-C).
        with ProcessPoolExecutor(max_workers=1, initializer=ignore_sigint) if alongside else nullcontext() as aside:
            drawing = submit(aside, draw_nquads, quads.paths) if aside is not None else None
            stage("loading the store")
            load_quads(gen.store, quads)
            index = read_index(gen.store)  # for `kg lookup`, switched in with the store
            stage("drawing graph.html")
            page = drawing.result() if drawing is not None else draw_page(gen.store)
        (gen.path / "graph.html").write_text(page, encoding="utf-8")
        names.save(gen.path, index)
    summary.violations = len(violations)
    summary.seconds = time.perf_counter() - started
    return summary


def _fail_on(violations: list[Violation]) -> None:
    if violations:
        raise ValidationFailed(
            f"{len(violations)} SHACL violations, nothing was replaced (first: {violations[0].line()}); "
            "see them all with `kg validate` on a build without --strict"
        )


def draw_page(store: Store) -> str:
    """graph.html for the whole store, at most PAGE_NODES drawn at first paint (pyvis and networkx
    load only now)."""
    from ..views.draw import graph_page
    from ..views.drawn_graph import DrawOptions

    return graph_page(store, DrawOptions(max_nodes=PAGE_NODES)).html


def draw_nquads(paths: list[str]) -> str:
    """graph.html from a build's N-Quads files (the reports and the ontology), through an
    in-memory store: what draw_page gives on the store loaded from the same files."""
    store = Store()
    for path in paths:
        store.bulk_load(path=path, format=RdfFormat.N_QUADS, lenient=True)
    return draw_page(store)


def write_outputs(gen: Generation) -> None:
    """The files derived from a generation's store after an incremental change."""
    names.save(gen.path, read_index(gen.store))
    (gen.path / "graph.trig").write_bytes(dump_reports(gen.store))
    (gen.path / "graph.html").write_text(draw_page(gen.store), encoding="utf-8")


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

    The reports are written into a copy of the current store, with graph.trig and graph.html,
    which then replaces the current generation as a whole: a kill leaves the store as it was,
    and running the same command again is safe.
    """
    started = time.perf_counter()
    paths = find_reports(list(files))
    check_unique_ids(paths)
    with new_generation(out_dir, base=True) as gen:  # the lock first: a busy folder is said at once
        with tempfile.TemporaryDirectory(dir=gen.path, prefix=KEPT_PREFIX, ignore_cleanup_errors=True) as kept:
            results = extract_many(paths, Path(kept), min_confidence, workers)
        updates = []
        for r in results:
            graph = f"<{report_iri(r.report_id)}>"
            body = r.nquads.decode("utf-8").replace(f" {graph} .\n", " .\n")
            updates.append(f"DROP SILENT GRAPH {graph} ; INSERT DATA {{ GRAPH {graph} {{\n{body}}} }}")
        gen.store.update(" ;\n".join(updates))
        write_outputs(gen)
        summary = UpdateSummary(added=[r.report_id for r in results], reports=len(report_graphs(gen.store)))
    summary.seconds = time.perf_counter() - started
    return summary


def remove(report_ids: list[str], out_dir: str | os.PathLike[str] = "out") -> UpdateSummary:
    """Remove reports (by id, as `kg build` printed them, or by file name) from the store, all of
    them or none, in a new generation as `add` does."""
    started = time.perf_counter()
    removed = [report_id(Path(raw)) for raw in report_ids]
    with new_generation(out_dir, base=True) as gen:
        present = {g.value: g for g in report_graphs(gen.store)}
        for rid in removed:  # check them all before removing any
            if report_iri(rid) not in present:
                raise NotFound(f"no report {rid!r} in {out_dir}/")
        for rid in dict.fromkeys(removed):
            gen.store.remove_graph(present[report_iri(rid)])
        write_outputs(gen)
        summary = UpdateSummary(removed=removed, reports=len(report_graphs(gen.store)))
    summary.seconds = time.perf_counter() - started
    return summary
