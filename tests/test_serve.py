"""kg serve: the store behind a read-only SPARQL endpoint on 127.0.0.1, started and stopped here."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from kg.errors import NotFound
from kg.graph.query import run
from kg.graph.generations import current_generation
from kg.graph.serve import server_command
from kg.graph.sparql_text import MAX_QUERY_CHARS

from .conftest import ROOT, SAMPLE, listener, one_line_error, run_kg
from .test_push import canonical, free_port, running
from .test_query import build_query_toy


@pytest.fixture(scope="module")
def toy_out() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield build_query_toy(Path(tmp))


@pytest.fixture(scope="module")
def served(toy_out: Path) -> Iterator[tuple[str, int]]:
    """`kg serve` as a user runs it; it execs the server, so its pid is the server's."""
    port = free_port()
    with running([sys.executable, "-m", "kg", "serve", "--store", str(toy_out), "--port", str(port)], port, ROOT) as base:
        yield base, port


def listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp*) of sockets listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table) as fh:
            next(fh)
            for line in fh:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                    found.add(address)
    return found


def test_named_queries_answer_over_http(served: tuple[str, int], toy_out: Path) -> None:
    base, _ = served
    for name in ("food-industry-firms", "parks-and-platforms", "targets-vs-achievements"):
        assert canonical(run(name, endpoint=base + "/query")) == canonical(run(name, toy_out)), name


def test_query_page_and_protocol_get(served: tuple[str, int]) -> None:
    base, _ = served
    with urllib.request.urlopen(base + "/", timeout=5) as page:
        assert page.status == 200 and b"<html" in page.read().lower()
    url = base + "/query?" + urllib.parse.urlencode({"query": "ASK { ?r a <https://w3id.org/plankg/ontology#Report> }"})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert b'"boolean":true' in answer.read().replace(b" ", b"")


def test_server_is_read_only(served: tuple[str, int], toy_out: Path) -> None:
    base, _ = served
    update = urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode()
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(urllib.request.Request(base + "/update", data=update), timeout=5)
    assert not bool(run("ASK { <urn:a> ?p ?o }", endpoint=base + "/query"))


@pytest.mark.skipif(not os.path.exists("/proc/net/tcp"), reason="needs Linux /proc/net")
def test_listens_on_loopback_only(served: tuple[str, int]) -> None:
    _, port = served
    addresses = listening_addresses(port)
    assert addresses == {"0100007F"}  # 127.0.0.1, and no 0.0.0.0 or :: socket


def test_server_command_binds_loopback(toy_out: Path) -> None:
    command = server_command(toy_out, 8123)
    assert command[1] == "serve-read-only" and command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert Path(command[command.index("--location") + 1]) == (toy_out / "store").resolve()
    with pytest.raises(NotFound):
        server_command(toy_out / "missing", 8123)


# ---------------------------------------------------------------- hardening (issue 19)


def _post(base: str, query: str, timeout: float = 30) -> tuple[int, bytes]:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(base + "/query", data=data, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _reports(base: str) -> int:
    status, body = _post(base, "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/plankg/ontology#Report> }")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_service_is_refused_and_nothing_is_contacted(served: tuple[str, int]) -> None:
    base, _ = served
    with listener() as (url, contacted):
        status, body = _post(base, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
        assert status == 400 and b"SERVICE" in body
        assert not contacted()


def test_deep_nesting_and_huge_queries_are_refused_and_the_server_lives_on(served: tuple[str, int]) -> None:
    base, _ = served
    status, body = _post(base, "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000)
    assert status == 400 and b"nested" in body
    status, _ = _post(base, "SELECT * WHERE { ?s ?p ?o } #" + "x" * (MAX_QUERY_CHARS + 1))
    assert status in (400, 413)
    assert _reports(base) == 2  # still answering


def test_a_busy_port_is_one_line(served: tuple[str, int], toy_out: Path) -> None:
    _, port = served
    line = one_line_error(run_kg("serve", "--store", str(toy_out), "--port", str(port)))
    assert f"127.0.0.1:{port}" in line


def test_a_long_query_is_stopped_at_the_timeout(toy_out: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "kg", "serve", "--store", str(toy_out), "--port", str(port), "--timeout", "1"]
    with running(command, port, ROOT) as base:
        started = time.monotonic()
        status, body = _post(base, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
        assert status == 503 and b"1 s" in body
        assert time.monotonic() - started < 10
        assert _reports(base) == 2


def test_serve_follows_the_store_through_build_add_and_remove(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_kg("build", str(SAMPLE), "--store", str(out)).returncode == 0
    more = tmp_path / "more"
    more.mkdir()
    for name in ("copy-a", "copy-b", "copy-c"):
        shutil.copy(SAMPLE, more / f"{name}.txt")
    port = free_port()
    with running([sys.executable, "-m", "kg", "serve", "--store", str(out), "--port", str(port)], port, ROOT) as base:
        assert _reports(base) == 1
        for args, expected in ((["build", str(more)], 3), (["add", str(SAMPLE)], 4), (["remove", "copy-a"], 3)):
            assert run_kg(*args, "--store", str(out)).returncode == 0
            deadline = time.monotonic() + 5  # "within a few seconds of the build finishing"
            while _reports(base) != expected:
                assert time.monotonic() < deadline, f"still the old store after {args[0]}"
                time.sleep(0.1)
        old = [g for g in out.glob(".gen-*") if g != current_generation(out)]
        deadline = time.monotonic() + 10  # the retired generations are let go and swept
        while old and any(g.exists() for g in old):
            assert time.monotonic() < deadline, "old generations kept"
            time.sleep(0.2)


def test_serve_prints_the_prefixes_a_query_over_http_needs(
    served: tuple[str, int], toy_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    class NoServer:  # the message only, no second server
        def __init__(self, *args: object) -> None:
            pass

        def run(self) -> None:
            sys.exit(0)

    monkeypatch.setattr("kg.graph.serve.Endpoint", NoServer)
    shown = CliRunner().invoke(main, ["serve", "--store", str(toy_out), "--port", "1"]).stderr
    prologue = "".join(line + "\n" for line in shown.splitlines() if line.startswith("PREFIX "))
    assert "PREFIX plan: <https://w3id.org/plankg/ontology#>\n" in prologue
    base, _ = served
    query = "SELECT ?action WHERE { ?a a plan:Action ; skos:prefLabel ?action }"  # as in the README
    assert _post(base, query, timeout=5)[0] == 400  # the server knows no plan: prefix
    assert _post(base, prologue + query, timeout=5)[0] == 200
