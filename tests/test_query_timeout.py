"""A query running past --timeout is stopped with a one-line message (issue: hardening)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.graph.query import QueryTimeout, run_formatted

from .conftest import run_kg

# Three-way cross product of the store's triples: billions of rows on the sample.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_cli_stops_a_long_query_at_the_timeout(sample_store: Path) -> None:
    started = time.perf_counter()
    result = run_kg("query", ENDLESS, "--store", str(sample_store), "--timeout", "0.5")
    elapsed = time.perf_counter() - started
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "kg: error: the query ran past 0.5 s and was stopped (raise the limit with --timeout)"
    ]
    assert elapsed < 10


def test_api_raises_and_a_quick_query_is_unaffected(sample_store: Path) -> None:
    with pytest.raises(QueryTimeout):
        run_formatted(ENDLESS, sample_store, timeout=0.3)
    out = run_formatted("SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/plankg/ontology#Report> }", sample_store, fmt="csv", timeout=5)
    assert out.splitlines() == ["n", "1"]


def test_timeout_must_be_positive(sample_store: Path) -> None:
    result = run_kg("query", "ASK {}", "--store", str(sample_store), "--timeout", "0")
    assert result.returncode == 2 and "Traceback" not in result.stderr
