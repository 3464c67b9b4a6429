"""workers: the worker processes of a build beside the extraction pool — SHACL validation of
report graphs while extraction goes on, and the drawing of graph.html while the store loads —
and the two rules every pool of a build follows about Ctrl-C."""

from __future__ import annotations

import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, Callable, Optional

from .validate import Violation, validate_nquads

if TYPE_CHECKING:  # pragma: no cover
    from .build import ReportResult

# Reports waiting for validation at most; bounds what a build holds in memory (a provincial
# report's quads are ~1.5 MB).
MAX_WAITING = 32


def ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and reports once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def submit(pool: ProcessPoolExecutor, fn: Callable[..., Any], *args: Any) -> Future[Any]:
    """pool.submit with Ctrl-C held back while it runs: the first submit forks the workers, and a
    KeyboardInterrupt raised in Python's after-fork hooks is printed and dropped, so the build
    would go on. Held back, it arrives right after; the workers inherit the mask and never see it."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return pool.submit(fn, *args)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


class BuildWorkers:
    """Worker processes for what overlaps extraction and the store load: SHACL validation of
    report graphs and the drawing of graph.html. At most MAX_WAITING reports wait for
    validation: submitting one more first collects the oldest, which bounds the memory held.
    Without workers (a build too small to be parallel) everything waits for the end, in process."""

    def __init__(self, n_workers: int):
        self._pool = ProcessPoolExecutor(max_workers=n_workers, initializer=ignore_sigint) if n_workers > 1 else None
        self._pending: deque[Future[list[Violation]]] = deque()
        self._inline: list[bytes] = []
        self._found: list[Violation] = []
        self.validated = 0

    def __enter__(self) -> "BuildWorkers":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=exc_type is None, cancel_futures=exc_type is not None)

    def run(self, fn: Callable[..., Any], *args: Any) -> Optional[Future[Any]]:
        """``fn(*args)`` in a worker, or None when there are no workers."""
        return submit(self._pool, fn, *args) if self._pool is not None else None

    def validate(self, report: "ReportResult") -> None:
        self.validated += 1
        if self._pool is None:
            self._inline.append(report.nquads)
            return
        if len(self._pending) >= MAX_WAITING:
            self._found.extend(self._pending.popleft().result())
        self._pending.append(submit(self._pool, validate_nquads, report.nquads))

    def violations(self) -> list[Violation]:
        while self._pending:
            self._found.extend(self._pending.popleft().result())
        self._found.extend(v for data in self._inline for v in validate_nquads(data))
        self._inline = []
        return self._found
