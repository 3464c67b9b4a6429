"""workers: the two rules every process pool of a build follows about Ctrl-C, the pool that
streams a build's reports through the extraction, and the process that works beside them."""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from multiprocessing.connection import Connection
from typing import Any, Callable, Iterator


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


class Beside:
    """One process forked now that runs ``prepare`` at once, then one call the parent hands it
    later, beside whatever the parent does meanwhile; a context manager that stops it.

    A build starts one before it warms the extraction rules up, which leaves the second core idle:
    the process imports what drawing graph.html needs then, not after the extraction. It is a bare
    process, not a pool: a pool's thread running in the parent while the extraction's workers are
    forked can hand them a lock held forever."""

    def __init__(self, prepare: Callable[[], None]):
        fork = multiprocessing.get_context("fork")
        self._conn, theirs = fork.Pipe()
        self._process = fork.Process(target=_run_beside, args=(theirs, self._conn, prepare), daemon=True)
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # as in submit()
        try:
            self._process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        theirs.close()

    def __enter__(self) -> "Beside":
        return self

    def start(self, fn: Callable[..., Any], *args: Any) -> None:
        """Hand the process its call (fn must be importable by name)."""
        self._conn.send((fn, args))

    def result(self) -> Any:
        """What the call returned; what it raised is raised here."""
        try:
            ok, value = self._conn.recv()
        except EOFError:
            raise RuntimeError("the process working beside the build stopped") from None
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        """End the process (at once if it is waiting for its call), so its memory is freed."""
        self._conn.close()
        self._process.join(timeout=1)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def _run_beside(conn: Connection, parents: Connection, prepare: Callable[[], None]) -> None:
    parents.close()  # else its call would never end when the parent dies without handing it one
    ignore_sigint()
    prepare()
    try:
        fn, args = conn.recv()
    except EOFError:
        return  # not needed after all
    try:
        conn.send((True, fn(*args)))
    except Exception as exc:  # sent to the parent, which raises it
        conn.send((False, exc))


def stream(fn: Callable[..., Any], calls: list[tuple[Any, ...]], n_workers: int) -> Iterator[Any]:
    """fn over the calls' arguments, results in order, in worker processes when ``n_workers`` > 1.

    Only a few calls are in flight beyond the one the caller is handling, so a slow consumer
    (the store) holds extraction back instead of letting results pile up in memory."""
    if n_workers <= 1:
        for args in calls:
            yield fn(*args)
        return
    from ..extract.pipeline import warm_up

    warm_up()  # once here rather than once per worker: forked workers share what it loads
    with ProcessPoolExecutor(max_workers=n_workers, initializer=ignore_sigint) as pool:
        queue = iter(calls)
        in_flight = deque(submit(pool, fn, *args) for args in islice(queue, 4 * n_workers))
        try:
            while in_flight:
                result = in_flight.popleft().result()
                following = next(queue, None)
                if following is not None:
                    in_flight.append(submit(pool, fn, *following))
                yield result
        except BaseException:  # Ctrl-C, an unreadable file, or the caller giving up
            pool.shutdown(wait=False, cancel_futures=True)
            raise
