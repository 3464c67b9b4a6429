"""A build killed at any moment, or interrupted with Ctrl-C, leaves the previous outputs whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse

from kg.api import build
from kg.graph.store import open_store, release_stores, report_graphs

from .conftest import ROOT, SAMPLE, left_in


@pytest.fixture(scope="module")
def many_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough copies of the sample that a build takes a while."""
    folder = tmp_path_factory.mktemp("many")
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(120):
        (folder / f"copy-{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def _start_build(reports: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(reports), "--store", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, so workers die with it
    )


def _wait_for_the_lock(out: Path, timeout: float = 30.0) -> None:
    """Wait until the killed build's lock on the folder is free: its workers share it until they
    have exited, which under load can be a moment after the parent has been reaped."""
    import fcntl

    deadline = time.monotonic() + timeout
    with open(out / ".lock", "rb") as fh:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fh, fcntl.LOCK_UN)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"{out}/.lock still held {timeout} s after SIGKILL") from None
                time.sleep(0.05)


def _assert_previous_intact(out: Path, trig_before: bytes) -> None:
    store = open_store(out)
    assert [g.value.rsplit("/", 1)[-1] for g in report_graphs(store)] == ["xiangshan-2024-work-plan"]
    assert (out / "graph.trig").read_bytes() == trig_before
    list(parse(trig_before, format=RdfFormat.TRIG))
    del store
    release_stores()  # so the next build may delete the generation this test read


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5, 2.5, 4.0])
def test_sigkill_during_build_keeps_previous_store(tmp_path: Path, many_reports: Path, delay: float) -> None:
    out = tmp_path / "out"
    build([str(SAMPLE)], out)
    trig_before = (out / "graph.trig").read_bytes()
    proc = _start_build(many_reports, out)
    time.sleep(delay)
    finished = proc.poll() is not None
    if not finished:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    _wait_for_the_lock(out)
    if finished:
        pytest.skip(f"the build finished in under {delay} s; nothing to interrupt")
    _assert_previous_intact(out, trig_before)
    # The next build sweeps what the killed one left and succeeds.
    build([str(SAMPLE)], out)
    assert len(list(out.glob(".gen-*"))) == 1
    assert left_in(out) == ["graph.html", "graph.trig", "names.json", "store"]


def test_ctrl_c_stops_cleanly_with_a_message(tmp_path: Path, many_reports: Path) -> None:
    out = tmp_path / "out"
    build([str(SAMPLE)], out)
    trig_before = (out / "graph.trig").read_bytes()
    proc = _start_build(many_reports, out)
    time.sleep(1.0)
    if proc.poll() is not None:
        pytest.skip("the build finished before it could be interrupted")
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    text = stderr.decode()
    assert "interrupted" in text and "Traceback" not in text
    _assert_previous_intact(out, trig_before)
