"""Small measuring helpers shared by the benchmark scripts: wall time and peak RSS of a whole
process tree (a build's worker processes included), read from /proc."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PLANKG_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "provinces-2026"


def _memory_kib(pid: int) -> int:
    """A process's proportional set size (PSS) in KiB: its resident memory with pages shared
    with other processes (a forked worker's copy-on-write pages) divided among them, so the sum
    over a process tree counts every page once. Falls back to VmRSS where smaps_rollup is missing."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _tree_rss_kib(pid: int) -> int:
    """Memory of a process and all its descendants, in KiB (PSS, see _memory_kib)."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            total += _memory_kib(p)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0  # user + system time of the process and its waited-for children


def run_measured(args: list[str], cwd: Path = ROOT, interval: float = 0.1) -> Run:
    """Run a command; return its wall time and the peak RSS of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            sampled = time.perf_counter()
            peak = max(peak, _tree_rss_kib(proc.pid))
            # Reading smaps_rollup of a big process tree takes tens of ms (38 ms a sample during a
            # 270-report build: a quarter of a core at 0.1 s intervals, which slowed the build it
            # measured, and more so the bigger it got). Sampling stays under 5 % of one core.
            done.wait(max(interval, 20 * (time.perf_counter() - sampled)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(seconds, peak / 1024, proc.returncode, stdout, stderr, cpu)


def kg_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


@contextmanager
def corpus_store(store: Optional[Path] = None) -> Iterator[Path]:
    """The output folder of the 27-province build to measure against: ``store`` when given,
    else a fresh `kg build` of the corpus in a temporary folder, removed afterwards."""
    if store is not None:
        yield store
        return
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        r = run_measured(kg_command("build", str(CORPUS), "--store", str(out)))
        if r.returncode != 0:
            sys.exit(f"kg build failed: {r.stderr.strip()}")
        print(r.stdout.strip(), file=sys.stderr)
        yield out


def median_seconds(args: list[str], runs: int) -> float:
    return statistics.median(run_measured(args).seconds for _ in range(runs))
