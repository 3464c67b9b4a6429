"""kg query on hostile queries and arguments: refused in one line before the engine, no outbound
request, no crash; FROM is honoured; the scanner finds keywords only outside strings and IRIs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.graph.sparql_text import MAX_NESTING, check_query, outer_group_start

from .conftest import listener, one_line_error, run_kg


def test_service_is_refused_and_nothing_is_contacted(sample_store: Path) -> None:
    with listener() as (url, contacted):
        line = one_line_error(run_kg("query", f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", "--store", str(sample_store)))
        assert "SERVICE" in line
        silent = run_kg("query", f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}", "--store", str(sample_store))
        assert "SERVICE" in one_line_error(silent)
        assert not contacted()


@pytest.mark.parametrize("endpoint", ["file:///etc/passwd", "ftp://127.0.0.1/x", "http://[::1", "http://h:port/", "http:///query"])
def test_endpoint_must_be_an_http_url(endpoint: str) -> None:
    line = one_line_error(run_kg("query", "reports", "--endpoint", endpoint))
    assert "URL" in line and "root:" not in line


def test_a_service_to_a_closed_port_is_refused_not_a_traceback(sample_store: Path) -> None:
    with listener() as (url, _):
        closed = url  # the listener is gone once the block ends
    one_line_error(run_kg("query", f"SELECT * WHERE {{ SERVICE <{closed}> {{ ?s ?p ?o }} }}", "--store", str(sample_store)))


@pytest.mark.parametrize("query", ["", "   ", "# only a comment\n"])
def test_an_empty_query_is_not_called_an_update(sample_store: Path, query: str) -> None:
    line = one_line_error(run_kg("query", query, "--store", str(sample_store)))
    assert "empty query" in line and "UPDATE" not in line


def test_deep_nesting_is_refused_instead_of_crashing(sample_store: Path) -> None:
    braces = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
    parentheses = "SELECT * WHERE { ?s ?p ?o FILTER " + "(" * 3000 + "true" + ")" * 3000 + " }"
    for deep in (braces, parentheses):
        result = run_kg("query", deep, "--store", str(sample_store))
        assert result.returncode == 2 and "nested" in one_line_error(result)  # not 139 (SIGSEGV)


def test_from_chooses_the_default_graph(sample_store: Path) -> None:
    count = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
    union = run_kg("query", count.format(""), "--store", str(sample_store), "--format", "csv")
    elsewhere = run_kg("query", count.format("FROM <urn:plankg:no-such-graph>"), "--store", str(sample_store), "--format", "csv")
    assert union.stdout.split()[1] != "0" and elsewhere.stdout.split() == ["n", "0"]


def test_a_binary_query_file_is_one_line(tmp_path: Path, sample_store: Path) -> None:
    rq = tmp_path / "bad.rq"
    rq.write_bytes(bytes(range(256)) * 8)
    assert "bad.rq" in one_line_error(run_kg("query", str(rq), "--store", str(sample_store)))


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e300", "0", "-1"])
def test_timeout_must_be_a_sensible_number(sample_store: Path, value: str) -> None:
    result = run_kg("query", "reports", "--timeout", value, "--store", str(sample_store))
    assert result.returncode == 2 and "Traceback" not in result.stderr and "--timeout" in result.stderr


def test_arguments_that_are_not_utf8_are_one_line(sample_store: Path) -> None:
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    bad = os.fsdecode(b"\xff\xfe\xc3")
    for args in (["query", bad], ["lookup", bad], ["path", bad, "x"], ["related", bad], ["build", bad], ["extract", bad]):
        result = subprocess.run([sys.executable, "-m", "kg", *args, *(["--store", str(sample_store)] if args[0] != "extract" else [])],
                                cwd=ROOT, capture_output=True)  # fmt: skip
        stderr = result.stderr.decode("utf-8", "replace")
        assert result.returncode != 0 and "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, (args, stderr)


def test_the_scanner_reads_keywords_only_outside_strings_iris_and_names() -> None:
    harmless = (
        'SELECT ?service WHERE { ?s <urn:SERVICE> "SERVICE { {{{" ; ex:service ?service } # SERVICE\n',
        "SELECT * WHERE { ?s ?p '''SERVICE''' }",
    )
    for text in harmless:
        check_query(text)  # no SERVICE keyword, no deep nesting: accepted
    with pytest.raises(QueryError):
        check_query("select * where { service <urn:x> { ?s ?p ?o } }")
    assert check_query("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }").names_dataset
    assert not check_query("SELECT * WHERE { GRAPH ?g { ?s <urn:from> ?o } }").names_dataset
    ok = "SELECT * WHERE " + "{" * MAX_NESTING + "?s ?p ?o" + "}" * MAX_NESTING
    check_query(ok)
    with pytest.raises(QueryError, match="nested"):
        check_query("SELECT * WHERE " + "{" * (MAX_NESTING + 1) + "?s ?p ?o" + "}" * (MAX_NESTING + 1))
    text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert text[outer_group_start(text) - 1 :].startswith("{ ?s ?p ?o }") and outer_group_start(text) > text.index("WHERE")
