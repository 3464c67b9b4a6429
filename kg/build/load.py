"""load: a build's N-Quads, kept in temporary files as the reports come, then bulk-loaded into the
new store generation, one part at a time.

Two files loaded side by side by two threads were tried: alone they load the 27 provinces in
half the wall time, but during a build the other core draws graph.html, and with the merge the
two loads then need (Store.optimize, 0.4 s; the queries were 40–50 % slower without it) the load
stage took longer (2.85 s against 2.56 s, median of 4, load ≈ 3).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, BinaryIO, Optional

from pyoxigraph import RdfFormat, Store

# The quads are bulk-loaded in parts of at most this many bytes (~110 provincial reports), which
# bounds the bulk loader's memory; fewer, larger parts load faster.
LOAD_PART_BYTES = 200_000_000
# The parts' file names, in the generation being filled (a killed build's are swept with it).
QUADS_PREFIX = ".build-quads-"


class QuadFiles:
    """The build's N-Quads, appended to temporary files of at most LOAD_PART_BYTES each, bulk-loaded
    one by one: oxigraph's bulk loader holds ~1 GB loading 250 MB of N-Quads and ~2 GB loading
    the 1.6 GB of 1,080 reports at once. The files are removed when the block ends."""

    def __init__(self, out: Path):
        self._out = out
        self._file: Optional[BinaryIO] = None
        self.paths: list[str] = []
        self.size = 0

    def __enter__(self) -> "QuadFiles":
        return self

    def write(self, data: bytes) -> None:
        if self._file is None or 0 < self._file.tell() and self._file.tell() + len(data) > LOAD_PART_BYTES:
            self.close()
            fd, path = tempfile.mkstemp(dir=self._out, prefix=QUADS_PREFIX, suffix=".nq")
            self._file = os.fdopen(fd, "wb")
            self.paths.append(path)
        self._file.write(data)
        self.size += len(data)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.close()
        for path in self.paths:
            Path(path).unlink(missing_ok=True)


def load_quads(store: Store, quads: QuadFiles) -> None:
    """Bulk-load every part, then merge what the loads left into one file per index: one bulk load
    of a few hundred thousand quads leaves one file per index and this costs nothing; several
    loads leave several, and merging them speeds the queries up."""
    for path in quads.paths:
        # The quads come from our own serialiser, so the parser's IRI checks can be skipped.
        store.bulk_load(path=path, format=RdfFormat.N_QUADS, lenient=True)
    store.optimize()
