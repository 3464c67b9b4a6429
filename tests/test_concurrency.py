"""One writer at a time, readers never broken: kg build, add, remove, query and lookup against one
output folder from many processes at once, and writers killed at any instant."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse

from kg.api import build
from kg.graph.generations import current_generation, writer_lock
from kg.graph.store import open_store, release_stores, report_graphs

from .conftest import ROOT, SAMPLE, one_line_error, run_kg

SAMPLE_ID = SAMPLE.stem
SAMPLE_FIRM = "盛美诺"  # a firm of the sample, so of every copy of it


def _copies(folder: Path, names: list[str]) -> list[Path]:
    """The sample under other file names: distinct reports (ids come from file names)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SAMPLE.read_text(encoding="utf-8")
    paths = []
    for name in names:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        paths.append(folder / f"{name}.txt")
    return paths


def _kg(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "kg", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip


def _stored(out: Path) -> set[str]:
    store = open_store(out)
    ids = {g.value.rsplit("/", 1)[-1] for g in report_graphs(store)}
    del store
    release_stores()
    return ids


def _in_trig(out: Path) -> set[str]:
    graphs = {q.graph_name.value for q in parse((out / "graph.trig").read_bytes(), format=RdfFormat.TRIG)}
    return {g.rsplit("/", 1)[-1] for g in graphs if "/report/" in g}


def _assert_one_build(out: Path) -> set[str]:
    """Store, graph.trig and graph.html come from one generation and agree; the report ids."""
    gens = {(out / name).resolve().parent for name in ("store", "graph.trig", "graph.html")}
    assert gens == {current_generation(out).resolve()}
    ids = _stored(out)
    assert _in_trig(out) == ids
    return ids


def test_a_second_writer_gets_one_line_naming_the_holder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([str(SAMPLE)], out)
    other = _copies(tmp_path / "more", ["other"])[0]
    with writer_lock(out):  # this test process holds the lock, as a running build does
        for args in (["build", str(other)], ["add", str(other)], ["remove", SAMPLE_ID]):
            line = one_line_error(run_kg(*args, "--store", str(out)))
            assert "being changed by" in line and f"pid {os.getpid()}" in line, line
    assert _assert_one_build(out) == {SAMPLE_ID}


def test_two_builds_at_once_leave_one_of_them_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    a = _copies(tmp_path / "a", ["a-0", "a-1", "a-2", "a-3"])[0].parent
    b = _copies(tmp_path / "b", ["b-0", "b-1"])[0].parent
    first, second = _kg("build", str(a), "--store", str(out)), _kg("build", str(b), "--store", str(out))
    outcomes = [(p.wait(timeout=300), p.communicate()[1]) for p in (first, second)]
    for code, stderr in outcomes:
        assert "Traceback" not in stderr
        assert code == 0 or "being changed by" in stderr, stderr
    assert any(code == 0 for code, _ in outcomes)
    assert _assert_one_build(out) in ({"a-0", "a-1", "a-2", "a-3"}, {"b-0", "b-1"})


def test_build_add_and_300_readers_at_once(tmp_path: Path) -> None:
    """kg build and kg add race each other while 300 kg query / kg lookup calls read the same
    folder: adds refused during the build are retried, every added report ends up present, and
    no reader ever fails."""
    out = tmp_path / "out"
    build([str(SAMPLE)], out)
    built = _copies(tmp_path / "build", [f"built-{i}" for i in range(12)])[0].parent
    added = _copies(tmp_path / "add", [f"added-{i}" for i in range(3)])
    scratch = _copies(tmp_path / "scratch", ["scratch"])[0]
    reader_failures: list[str] = []
    busy_refusals = 0
    done_reading = threading.Event()

    def read(k: int) -> None:
        args = ["query", "reports"] if k % 2 else ["lookup", SAMPLE_FIRM]
        result = run_kg(*args, "--store", str(out))
        if result.returncode != 0 or result.stderr:
            reader_failures.append(f"{args}: {result.returncode} {result.stderr.strip()[-300:]}")

    def write() -> None:
        nonlocal busy_refusals
        builder = _kg("build", str(built), "--store", str(out))
        deadline = time.monotonic() + 120
        while f"pid {builder.pid}" not in (out / ".lock").read_text() and builder.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        for path in added:
            while (result := run_kg("add", str(path), "--store", str(out))).returncode != 0:
                assert "being changed by" in one_line_error(result)
                busy_refusals += 1
                time.sleep(0.2)
        assert builder.wait(timeout=300) == 0, builder.communicate()[1]
        while not done_reading.is_set():  # keep switching generations under the readers
            for args in (["add", str(scratch)], ["remove", "scratch"]):
                assert run_kg(*args, "--store", str(out)).returncode == 0

    writer_errors: list[BaseException] = []

    def write_and_report() -> None:
        try:
            write()
        except BaseException as exc:  # an assertion in this thread must fail the test
            writer_errors.append(exc)
            done_reading.set()

    with ThreadPoolExecutor(max_workers=3) as readers:
        writer = threading.Thread(target=write_and_report)
        writer.start()
        list(readers.map(read, range(300)))
        done_reading.set()
        writer.join(timeout=300)
    assert not writer_errors, writer_errors
    assert not reader_failures, reader_failures[:5]
    ids = _assert_one_build(out)
    assert {f"built-{i}" for i in range(12)} | {f"added-{i}" for i in range(3)} <= ids <= {
        *(f"built-{i}" for i in range(12)), *(f"added-{i}" for i in range(3)), "scratch"}
    assert busy_refusals > 0  # the adds did meet the running build, and were refused, not lost


@pytest.mark.parametrize("delay", [0.4, 0.9, 1.4, 2.0, 3.0])
def test_add_and_remove_killed_at_any_moment_are_all_or_nothing(tmp_path: Path, delay: float) -> None:
    out = tmp_path / "out"
    build([str(SAMPLE)], out)
    three = _copies(tmp_path / "three", ["one", "two", "three"])
    for args, before, after in (
        (["add", *map(str, three)], {SAMPLE_ID}, {SAMPLE_ID, "one", "two", "three"}),
        (["remove", "one", "two", "three"], {SAMPLE_ID, "one", "two", "three"}, {SAMPLE_ID}),
    ):
        assert _assert_one_build(out) == before
        proc = _kg(*args, "--store", str(out))
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        assert _assert_one_build(out) in (before, after)
        if _stored(out) == before:  # killed before its switch: running it again completes it
            assert run_kg(*args, "--store", str(out)).returncode == 0
        assert _assert_one_build(out) == after


def test_a_generation_stays_on_disk_while_a_reader_holds_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([str(SAMPLE)], out)
    store = open_store(out)
    held = current_generation(out)
    other = _copies(tmp_path / "more", ["other"])[0]
    assert run_kg("build", str(other), "--store", str(out)).returncode == 0
    assert held.is_dir() and current_generation(out) != held
    assert len(report_graphs(store)) == 1 and len(store) > 0  # the old generation still answers
    del store
    release_stores()
    assert run_kg("add", str(SAMPLE), "--store", str(out)).returncode == 0
    assert not held.exists() and len(list(out.glob(".gen-*"))) == 1


def test_a_copied_store_folder_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([str(SAMPLE)], out)
    copy = tmp_path / "copy"
    shutil.copytree(out, copy, symlinks=False)  # as `cp -rL` does: real folders and files
    trig, listing = (copy / "graph.trig").read_bytes(), sorted(p.name for p in copy.iterdir())
    other = _copies(tmp_path / "more", ["other"])[0]
    for args in (["build", str(other)], ["add", str(other)]):
        assert "not a plankg store link" in one_line_error(run_kg(*args, "--store", str(copy)))
    assert (copy / "graph.trig").read_bytes() == trig and sorted(p.name for p in copy.iterdir()) == listing
    assert run_kg("query", "reports", "--store", str(copy)).returncode == 0


def test_a_folder_of_the_earlier_layout_is_read_and_then_switched_whole(tmp_path: Path) -> None:
    """store → .store-X with real graph.trig and graph.html, as earlier versions left it."""
    out = tmp_path / "out"
    build([str(SAMPLE)], out)
    gen = current_generation(out)
    shutil.move(gen / "store", out / ".store-old")
    for name in ("graph.trig", "graph.html"):
        (out / name).unlink()
        shutil.move(gen / name, out / name)
    (out / "store").unlink()
    (out / "store").symlink_to(".store-old")
    (out / ".current").unlink()
    shutil.rmtree(gen)
    assert run_kg("lookup", SAMPLE_FIRM, "--store", str(out)).returncode == 0
    other = _copies(tmp_path / "more", ["other"])[0]
    assert run_kg("add", str(other), "--store", str(out)).returncode == 0
    assert _assert_one_build(out) == {SAMPLE_ID, "other"}
    assert not (out / ".store-old").exists()
