"""workers: the two rules every process pool of a build follows about Ctrl-C, and the pool that
streams a build's reports through the extraction."""

from __future__ import annotations

import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
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
