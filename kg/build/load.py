"""load: a build's N-Quads, kept in temporary files as the reports come, then bulk-loaded into the
new store generation, a few files at once.

oxigraph's bulk loader sorts and writes one file at a time on one core (2.0 s of CPU for the 27
provinces' 64 MB); two files loaded side by side by two threads take 1.0 s of wall time, and
merging what they leave (Store.optimize, 0.4 s) keeps the queries as fast as after one load (without
it they were 40–50 % slower: every index had two files to look in).
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO, Optional

from pyoxigraph import RdfFormat, Store

# The quads are bulk-loaded in parts of at most this many bytes (~110 provincial reports), which
# bounds the bulk loader's memory (the files of a part are loaded together); fewer, larger parts
# load faster.
LOAD_PART_BYTES = 200_000_000
# The files' names, in the generation being filled (a killed build's are swept with it).
QUADS_PREFIX = ".build-quads-"


class QuadFiles:
    """The build's N-Quads, written in ``side_by_side`` lanes of temporary files: the ontology and
    the first reports in the first lane, the next reports in the next (so the files, lane after
    lane, hold the quads in the order they were written), each file of at most LOAD_PART_BYTES
    shared between the lanes. A part is one file of each lane, loaded together: oxigraph's bulk
    loader holds ~1 GB loading 250 MB of N-Quads and ~2 GB loading the 1.6 GB of 1,080 reports at
    once. The files are removed when the block ends."""

    def __init__(self, out: Path, reports: int, side_by_side: int = 1):
        self._out = out
        self._reports = max(1, reports)
        self._lanes: list[list[str]] = [[] for _ in range(max(1, side_by_side))]
        self._files: list[Optional[BinaryIO]] = [None] * len(self._lanes)
        self._written = 0
        self.size = 0

    def __enter__(self) -> "QuadFiles":
        return self

    @property
    def paths(self) -> list[str]:
        """Every file, in the order the quads were written."""
        return [path for lane in self._lanes for path in lane]

    @property
    def parts(self) -> list[list[str]]:
        """The files to load together, part after part."""
        return [[lane[i] for lane in self._lanes if i < len(lane)] for i in range(max(map(len, self._lanes)))]

    def write(self, data: bytes) -> None:
        """The ontology's quads first, then each report's, in order."""
        n = len(self._lanes)
        lane = 0 if self._written == 0 else min(n - 1, (self._written - 1) * n // self._reports)
        self._written += 1
        file = self._files[lane]
        if file is None or 0 < file.tell() and file.tell() + len(data) > LOAD_PART_BYTES // n:
            if file is not None:
                file.close()
            fd, path = tempfile.mkstemp(dir=self._out, prefix=QUADS_PREFIX, suffix=".nq")
            file = self._files[lane] = os.fdopen(fd, "wb")
            self._lanes[lane].append(path)
        file.write(data)
        self.size += len(data)

    def close(self) -> None:
        for file in self._files:
            if file is not None:
                file.close()
        self._files = [None] * len(self._lanes)

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.close()
        for path in self.paths:
            Path(path).unlink(missing_ok=True)


def load_quads(store: Store, quads: QuadFiles) -> None:
    """Bulk-load every part, its files side by side (pyoxigraph lets go of the GIL while it loads),
    then merge the files the loads left, one per index."""
    for part in quads.parts:
        with ThreadPoolExecutor(max_workers=len(part)) as threads:
            # The quads come from our own serialiser, so the parser's IRI checks can be skipped.
            list(threads.map(lambda path: store.bulk_load(path=path, format=RdfFormat.N_QUADS, lenient=True), part))
    store.optimize()
