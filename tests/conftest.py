"""Shared fixtures: paths to the sample and to ../shared, and a sample store built once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def left_in(out: Path) -> list[str]:
    """What an output folder holds besides its store generations (a finished build: graph.html,
    graph.trig, names.json and the store link; no scratch or temporary files)."""
    return sorted(p.name for p in out.iterdir() if not p.name.startswith(".store-"))


def store_of(out: Path, extractions) -> Path:
    """An output folder whose store holds these extractions, loaded as `kg build` loads them."""
    from pyoxigraph import RdfFormat, serialize

    from kg.rdf import extraction_quads
    from kg.store import new_generation

    with new_generation(out) as store:
        for extraction in extractions:
            store.bulk_load(input=serialize(extraction_quads(extraction), format=RdfFormat.N_QUADS), format=RdfFormat.N_QUADS)
    return out


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built once into a temporary output folder."""
    from kg.api import build

    out = tmp_path_factory.mktemp("sample-out")
    build([str(SAMPLE)], out)
    return out
