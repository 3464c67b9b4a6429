"""Shared fixtures: paths to the sample and to ../shared, and a sample store built once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "xiangshan-2024-work-plan.txt"
SHARED = Path(os.environ.get("PLANKG_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "provinces-2026"
GOLD = SHARED / "gold"

needs_shared = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")


def run_kg(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, input: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `kg` command line in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        input=input.decode() if input is not None else None,
        timeout=600,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a failed `kg` run printed (and that it failed, with no traceback)."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error:"), result.stderr
    return lines[0]


@contextmanager
def listener() -> Iterator[tuple[str, Callable[[], bool]]]:
    """A TCP listener on a free 127.0.0.1 port: its URL, and a check whether anything connected
    to it (an outbound request the code under test should not have made)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.settimeout(0.5)

        def contacted() -> bool:
            try:
                server.accept()[0].close()
            except TimeoutError:
                return False
            return True

        yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", contacted


def left_in(out: Path) -> list[str]:
    """What an output folder holds besides its generations, their link and the writers' lock (a
    finished build: graph.html, graph.trig, names.json and the store link; no scratch or
    temporary files)."""
    return sorted(p.name for p in out.iterdir() if not p.name.startswith(".gen-") and p.name not in (".current", ".lock"))


def store_of(out: Path, extractions) -> Path:
    """An output folder whose store holds these extractions, loaded as `kg build` loads them."""
    from pyoxigraph import RdfFormat, serialize

    from kg.graph.rdf import extraction_quads
    from kg.graph.store import new_generation

    with new_generation(out) as gen:
        for extraction in extractions:
            gen.store.bulk_load(input=serialize(extraction_quads(extraction), format=RdfFormat.N_QUADS), format=RdfFormat.N_QUADS)
    return out


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built once into a temporary output folder."""
    from kg.api import build

    out = tmp_path_factory.mktemp("sample-out")
    build([str(SAMPLE)], out)
    return out


@pytest.fixture(scope="session")
def province_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 27 provincial reports of ../shared built once (tests using it are skipped without them)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    from kg.api import build

    out = tmp_path_factory.mktemp("provinces-out")
    build([str(CORPUS)], out)
    return out
