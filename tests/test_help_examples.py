"""Every command's --help ends with an `Example:` block run on the sample, and every example runs.

Each example is run as a user would type it, from a folder holding a copy of data/ and of the
sample's build in out/ (what `make build` leaves), with ../shared beside it for eval and train.
A line ending in `&` (a server) is started in the background and waited for; the lines after it
must exit 0 while it still runs; it is then stopped with Ctrl-C.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest

from kg.cli import main

from .conftest import ROOT, SHARED

SERVER_START_S = 30


def _help(name: str) -> str:
    command = main.commands[name]
    with click.Context(command, info_name=name, parent=click.Context(main, info_name="kg")) as ctx:
        return command.get_help(ctx)


def _example(help_text: str) -> list[str]:
    """The lines of the Example: block that ends the command's description (before Options:)."""
    description = help_text.split("\nOptions:", 1)[0].rstrip()
    head, sep, block = description.rpartition("\n  Example:\n")
    return [line.strip() for line in block.splitlines()] if sep else []


def test_every_command_ends_its_help_with_an_example() -> None:
    missing = [name for name in sorted(main.commands) if not _example(_help(name))]
    assert not missing, f"no Example: block at the end of the help of: {', '.join(missing)}"
    assert all(line.startswith(("kg ", "oxigraph ")) for name in main.commands for line in _example(_help(name)))


def _argv(line: str) -> list[str]:
    words = shlex.split(line.removesuffix("&"))
    if words[0] == "kg":
        return [sys.executable, "-m", "kg", *words[1:]]
    from kg.graph.endpoint import oxigraph_binary

    assert words[0] == "oxigraph", line
    return [oxigraph_binary(), *words[1:]]


def _port(line: str) -> int:
    m = re.search(r"--bind \S+:(\d+)|--port (\d+)", line)
    assert m, f"a background line must name its port: {line}"
    return int(m.group(1) or m.group(2))


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server on port {port} ended ({server.returncode})"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port} within {SERVER_START_S} s")


@pytest.fixture
def workdir(tmp_path: Path, sample_store: Path) -> Path:
    work = tmp_path / "work"
    shutil.copytree(ROOT / "data", work / "data")
    shutil.copytree(sample_store, work / "out", symlinks=True)
    if SHARED.is_dir():
        (tmp_path / "shared").symlink_to(SHARED.resolve())
    return work


@pytest.mark.parametrize("name", sorted(main.commands))
def test_help_example_runs_on_the_sample(name: str, workdir: Path) -> None:
    lines = _example(_help(name))
    assert lines, f"kg {name} --help has no example"
    if any("../shared" in line for line in lines) and not SHARED.is_dir():
        pytest.skip("../shared is not here")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    servers: list[subprocess.Popen[bytes]] = []
    try:
        for line in lines:
            if line.endswith("&"):
                server = subprocess.Popen(_argv(line), cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                servers.append(server)
                _wait_for(_port(line), server)
                continue
            result = subprocess.run(_argv(line), cwd=workdir, env=env, capture_output=True, text=True, timeout=600)
            assert result.returncode == 0, f"`{line}` exited {result.returncode}: {result.stderr[-2000:]}"
            assert "Traceback" not in result.stderr
        for server in servers:
            assert server.poll() is None, "a server of the example ended before the example did"
    finally:
        for server in servers:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
