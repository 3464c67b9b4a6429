"""workers: the two rules every process pool of a build follows about Ctrl-C."""

from __future__ import annotations

import signal
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable


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
