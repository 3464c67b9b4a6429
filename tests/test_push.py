"""kg push and kg query --endpoint against a real Oxigraph server that the tests start on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from pyoxigraph import BlankNode

from kg.errors import PlankgError
from kg.graph.named_queries import named_queries
from kg.graph.query import EndpointError, QueryError, run
from kg.graph.query_output import rows
from kg.graph.endpoint import oxigraph_binary
from kg.graph.serve import choose_protocol, push, update_batches
from kg.graph.store import open_store, report_graphs

from .conftest import run_kg


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {process.stderr.read() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(base + "/", timeout=1):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise TimeoutError(f"{base} did not answer in {timeout} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running(command: list[str], port: int, cwd: Path | None = None) -> Iterator[str]:
    """Start a server process listening on 127.0.0.1:port, yield its base URL once it answers,
    and stop it afterwards."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        stop(process)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A writable Oxigraph server on a free 127.0.0.1 port, with the union of graphs as default graph."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    command = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    with running(command, port) as base:
        yield base


def remote_count(base: str, graph: str | None = None) -> int:
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
    return int(rows(run(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", endpoint=base + "/query"))[0]["n"])


def local_quads(out: Path) -> int:
    store = open_store(out)
    return sum(1 for _ in store)


def canonical(result) -> list[tuple[tuple[str, str], ...]]:
    """Rows as sorted tuples, with each GROUP_CONCAT cell's parts sorted (their order is not defined)."""
    return sorted(tuple(sorted((k, "、".join(sorted(v.split("、")))) for k, v in r.items())) for r in rows(result))


def test_push_then_every_named_query_answers_the_same_remotely(server: str, sample_store: Path) -> None:
    summary = push(sample_store, server + "/store")
    store = open_store(sample_store)
    assert summary.protocol == "gsp"
    assert summary.graphs == len(report_graphs(store)) + 1  # and the ontology
    assert remote_count(server) == local_quads(sample_store) == summary.triples
    for q in named_queries():
        sample_value = {"subject": "马培德", "industry": "食品产业", "region": "相山区"}
        params = {p.name: sample_value[p.name] for p in q.parameters if p.required}
        local = canonical(run(q.name, sample_store, params=params))
        remote = canonical(run(q.name, endpoint=server + "/query", params=params))
        # one report: no achievements, nothing named twice, no second region to share industries with
        assert local or q.name in {"targets-vs-achievements", "multi-report-entities", "regions-sharing-industries"}, q.name
        assert remote == local, q.name
    firms = rows(run("food-industry-firms", endpoint=server + "/query", params={"industry": "绿色食品"}))
    local_firms = rows(run("food-industry-firms", sample_store, params={"industry": "绿色食品"}))
    assert {r["firm"] for r in firms} == {r["firm"] for r in local_firms} != set()


def test_optional_parameters_narrow_the_answer_the_same_remotely(server: str, sample_store: Path) -> None:
    """Locally a parameter is substituted; remotely it is a VALUES block at the top of the query,
    which subqueries and BINDs see differently: each optional parameter, set to a value from the
    query's own answer, must give the same rows both ways."""
    push(sample_store, server + "/store")
    narrowed = set()
    for q in named_queries():
        if any(p.required for p in q.parameters):
            continue
        everything = rows(run(q.name, sample_store))
        for p in q.parameters:
            values = [r[p.name] for r in everything if r.get(p.name)]
            if not values:
                continue
            params = {p.name: values[-1]}
            local = canonical(run(q.name, sample_store, params=params))
            assert 0 < len(local) <= len(everything), (q.name, p.name)
            assert canonical(run(q.name, endpoint=server + "/query", params=params)) == local, (q.name, p.name)
            narrowed.add(q.name)
    assert {"action-targets", "action-entities", "parks-and-platforms", "partner-institutions"} <= narrowed


def test_push_again_replaces_instead_of_adding(server: str, sample_store: Path) -> None:
    push(sample_store, server + "/store")
    push(sample_store, server + "/store")
    assert remote_count(server) == local_quads(sample_store)


def test_push_by_sparql_update_into_one_graph(server: str, sample_store: Path) -> None:
    graph = "https://example.org/plankg/all"
    summary = push(sample_store, server + "/update", graph=graph)
    assert summary.protocol == "update" and summary.graphs == 1
    distinct = {(q.subject, q.predicate, q.object) for q in open_store(sample_store)}
    assert remote_count(server, graph) == len(distinct) == summary.triples
    blank = {t for t in distinct if isinstance(t[0], BlankNode) or isinstance(t[2], BlankNode)}
    # DROP, then batches of 1000 triples, then the blank-node triples (the ontology's) together
    assert summary.requests == 1 + -(-(len(distinct) - len(blank)) // 1000) + (1 if blank else 0)


def test_cli_push_and_remote_query(server: str, sample_store: Path) -> None:
    done = run_kg("push", "--endpoint", server + "/store", "--store", str(sample_store))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("pushed ") and server in done.stdout
    done = run_kg("query", "food-industry-firms", "--endpoint", server + "/query", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.strip().splitlines()) == 1 + 7  # header and the seven food firms


def test_remote_parameters_are_bound_values(server: str, sample_store: Path) -> None:
    push(sample_store, server + "/store")
    hostile = '食品产业" } ?f ?p ?o . { ?f ?p "'
    assert rows(run("food-industry-firms", endpoint=server + "/query", params={"industry": hostile})) == []
    echoed = rows(run("SELECT ?x WHERE { }", endpoint=server + "/query", params={"x": hostile}))
    assert echoed == [{"x": hostile}]


def test_remote_update_is_refused_before_sending(server: str) -> None:
    before = remote_count(server)
    with pytest.raises(QueryError, match="read-only"):
        run("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }", endpoint=server + "/query")
    assert remote_count(server) == before


def test_remote_errors_are_one_line(server: str) -> None:
    with pytest.raises(EndpointError) as info:
        run("SELECT * WHERE { ?s }", endpoint=server + "/query")
    assert "400" in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(EndpointError, match="cannot reach"):
        run("ASK {}", endpoint=f"http://127.0.0.1:{free_port()}/query")


def test_protocol_choice_and_update_batches() -> None:
    assert choose_protocol("http://h/ds/update") == "update"
    assert choose_protocol("http://h/repositories/x/statements") == "update"
    assert choose_protocol("http://h/ds/data") == "gsp"
    assert choose_protocol("http://h/store", "update") == "update"
    with pytest.raises(PlankgError):
        choose_protocol("http://h/store", "ftp")
    from pyoxigraph import Literal, NamedNode, Triple

    p = NamedNode("urn:p")
    triples = [Triple(NamedNode(f"urn:s{i}"), p, Literal(f'"{i}"\n')) for i in range(5)]
    triples += [Triple(BlankNode("b"), p, Literal("x")), Triple(NamedNode("urn:t"), p, BlankNode("b"))]
    batches = list(update_batches("urn:g", triples, size=2))
    assert batches[0] == "DROP SILENT GRAPH <urn:g>"
    assert len(batches) == 1 + 3 + 1  # 5 plain triples by 2, then both blank-node triples together
    assert batches[-1].count("_:b") == 2
    from pyoxigraph import Store

    scratch = Store()
    for update in batches:
        scratch.update(update)
    same_node = 'SELECT ?b WHERE { GRAPH <urn:g> { ?b <urn:p> "x" . <urn:t> <urn:p> ?b } }'
    assert len(list(scratch.query(same_node))) == 1  # one blank node across both triples


def test_push_needs_an_http_endpoint(sample_store: Path) -> None:
    with pytest.raises(PlankgError):
        push(sample_store, "ftp://example.org/store")
    with pytest.raises(PlankgError):
        push(sample_store, "http://127.0.0.1:1/store", graph="not an iri")
