"""extract_reports: report files → their quads as N-Quads, in worker processes, as one corpus.

Each report is extracted once. That first pass keeps the report's extraction (in a scratch file,
so memory stays bounded however many reports there are) and tells the corpus the names the report
is sure of, which every other report that writes them then finds too (kg/extract/corpus.py), and
every firm and region it names, by which resolution joins names across reports (kg/resolve.py).
The second pass adds the corpus's names to each kept extraction, rerunning only the stages after
recognition, and only for a report where the corpus adds a name; then it resolves the names and
serialises the quads: N-Quads bytes (what the store loads) and the report's part of graph.trig.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional

from pyoxigraph import RdfFormat, parse, serialize

from ..extract.corpus import KnownName, confident_names, corpus_hits
from ..errors import InputError
from ..graph.namespace import CLASS_TYPE, PREFIXES
from ..graph.rdf import extraction_nquads
from ..graph.validate import Violation, validate_quads
from ..extract.pipeline import extract_found, extract_report, filter_confidence, recognise_report
from ..extract.read import read_report, report_id
from ..model import Extraction
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
class FirstPass:
    """The first pass over a corpus: what it learnt, and where each report's extraction is kept."""

    corpus: CorpusNames
    kept: list[str]  # one scratch file per report, in file order


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


def recognise_file(path: str, kept: str) -> CorpusNames:
    """The first pass over one report (runs in a worker process): its extraction, kept in the
    file ``kept`` with what recognition found, and what it tells the corpus."""
    doc, found = recognise_report(read_report(path))
    extraction = extract_found(doc, found)
    with open(kept, "wb") as fh:
        pickle.dump((found, extraction), fh, protocol=pickle.HIGHEST_PROTOCOL)
    return CorpusNames(known=confident_names([extraction]), names=BuildNames.of([extraction]))


def with_corpus_names(kept: str, known: dict[str, KnownName]) -> Extraction:
    """A kept extraction with the names other reports are sure of, as extract_report(report,
    known) gives it: the stages after recognition run again only if the corpus adds a mention."""
    with open(kept, "rb") as fh:
        found, extraction = pickle.load(fh)
    os.unlink(kept)
    hits = corpus_hits(extraction.document, found, known) if known else []
    return extract_found(extraction.document, found + hits) if hits else extraction


def extract_to_nquads(
    path: str, min_confidence: float = 0.0, validate: bool = False, corpus: Optional[CorpusNames] = None,
    kept: Optional[str] = None,
) -> ReportResult:  # fmt: skip
    """One report → its quads as N-Quads (runs in a worker process), checked against the SHACL
    shapes when ``validate``; ``kept``: where the first pass left its extraction, to which
    ``corpus`` (what the first pass learnt of all reports) is added; else it is extracted here."""
    extraction = with_corpus_names(kept, corpus.known) if kept and corpus else extract_report(read_report(path))
    extraction = resolve(filter_confidence(extraction, min_confidence), corpus.names if corpus else None)
    nquads = extraction_nquads(extraction)
    return ReportResult(
        violations=validate_quads(list(parse(nquads, format=RdfFormat.N_QUADS))) if validate else None,
        report_id=extraction.report.id,
        path=path,
        nquads=nquads.encode("utf-8"),
        # Parsed strictly here, so every IRI is checked before the store loads the text leniently.
        trig=serialize(parse(nquads, format=RdfFormat.N_QUADS), format=RdfFormat.TRIG, prefixes=PREFIXES),
        triples=nquads.count("\n"),
        entities=typed_entities(nquads),
        targets=len(extraction.targets),
        achievements=len(extraction.achievements),
    )


_ENTITY_TYPE = {str(iri): name for iri, name in CLASS_TYPE.items()}
_TYPED_AS = "> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <"


def typed_entities(nquads: str) -> dict[str, str]:
    """Entity IRI → type name for every subject typed with an entity class (what `kg stats` counts),
    from a report's N-Quads (found with str.find: splitting every line took ~6 ms a report)."""
    typed: dict[str, str] = {}
    at = nquads.find(_TYPED_AS)
    while at >= 0:
        line = nquads.rfind("\n", 0, at) + 1
        after = at + len(_TYPED_AS)
        end = nquads.find(">", after)
        subject = nquads[line + 1 : at]
        # an IRI has no space, so a match inside a literal is never taken for a subject
        if nquads[line] == "<" and " " not in subject and nquads[after:end] in _ENTITY_TYPE:
            typed[subject] = _ENTITY_TYPE[nquads[after:end]]
        at = nquads.find(_TYPED_AS, end)
    return typed


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


def first_pass(
    paths: list[str], n_workers: int, scratch: Path, on_extracted: Callable[[str], None] = lambda path: None
) -> Optional[FirstPass]:
    """Extract every report once, keeping each extraction in ``scratch`` and learning the corpus
    (None for a single report: no corpus); ``on_extracted`` gets each path as it is done."""
    if len(paths) < 2:
        return None
    done = FirstPass(CorpusNames(known={}, names=BuildNames()), [str(scratch / f"{i}.pickle") for i in range(len(paths))])
    for i, one in enumerate(stream(recognise_file, list(zip(paths, done.kept)), n_workers)):
        done.corpus.update(one)
        on_extracted(paths[i])  # (not zip(paths, …): it would leave the pool's generator unfinished)
    return done


def iter_extract(
    paths: list[str],
    min_confidence: float,
    n_workers: int,
    validate: Callable[[int], bool] = lambda i: False,
    first: Optional[FirstPass] = None,
) -> Iterator[ReportResult]:
    """Each file's quads, in order, in worker processes when ``n_workers`` > 1; the i-th is also
    checked against the shapes, in its worker, when ``validate(i)``; ``first``: the first pass,
    whose kept extractions get the corpus's names (without it, each file is extracted alone)."""
    corpus = first.corpus if first else None
    kept = first.kept if first else [None] * len(paths)
    calls = [(p, min_confidence, validate(i), corpus, k) for i, (p, k) in enumerate(zip(paths, kept))]
    yield from stream(extract_to_nquads, calls, n_workers)


def extract_many(files: list[Path], scratch: Path, min_confidence: float = 0.0, workers: Optional[int] = None) -> list[ReportResult]:
    """Extract every file, in parallel when there are enough of them, as one corpus (names one
    file is sure of are found in the others); results in file order."""
    paths, n_workers = [str(f) for f in files], worker_count(workers, len(files))
    return list(iter_extract(paths, min_confidence, n_workers, first=first_pass(paths, n_workers, scratch)))
