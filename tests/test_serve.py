"""kg serve: the store behind a read-only SPARQL endpoint on 127.0.0.1, started and stopped here."""

from __future__ import annotations

import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from kg.errors import NotFound
from kg.query import run
from kg.serve import server_command

from .conftest import ROOT
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


def test_serve_prints_the_prefixes_a_query_over_http_needs(
    served: tuple[str, int], toy_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    monkeypatch.setattr(os, "execv", lambda *args: sys.exit(0))  # the message only, no second server
    shown = CliRunner().invoke(main, ["serve", "--store", str(toy_out), "--port", "1"]).stderr
    prologue = "".join(line + "\n" for line in shown.splitlines() if line.startswith("PREFIX "))
    assert "PREFIX plan: <https://w3id.org/plankg/ontology#>\n" in prologue
    base, _ = served
    query = "SELECT ?action WHERE { ?a a plan:Action ; skos:prefLabel ?action }"  # as in the README

    def post(text: str) -> int:
        body = urllib.parse.urlencode({"query": text}).encode()
        request = urllib.request.Request(base + "/query", data=body, headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                return answer.status
        except urllib.error.HTTPError as exc:
            return exc.code

    assert post(query) == 400  # the server knows no plan: prefix
    assert post(prologue + query) == 200
