"""endpoint: `kg serve`, a guard on 127.0.0.1 in front of a read-only Oxigraph server.

The guard reads every query before the engine does: it refuses SERVICE (the endpoint makes no
outbound requests), queries over the size or nesting limits (a deeply nested one crashes the
engine) and updates, and it passes the rest to an Oxigraph server on a private port, started
with the query timeout. It follows the output folder: when a build, add or remove switches the
current generation, it starts a server on the new one, sends new queries there, and stops the
old server once its queries are answered, holding a reader's lease on each generation it serves.
"""

from __future__ import annotations

import http.client
import math
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Optional, Union

from ..errors import PlankgError, QueryError
from .generations import Lease, current_generation, lease, sweep_if_idle
from .query import DEFAULT_TIMEOUT_S
from .sparql_text import MAX_QUERY_CHARS, check_query

HOST = "127.0.0.1"
POLL_S = 0.5  # how often the folder's current generation is checked
_STARTUP_S = 30.0
_MAX_BODY = 4 * MAX_QUERY_CHARS  # bytes: a form-encoded query is longer than its text
_CANCELLED = b"has been cancelled"
_GRACE_S = 2.0  # past the timeout, a server that has not answered is killed  # what Oxigraph writes when a query runs past its timeout


@dataclass
class Backend:
    """One Oxigraph server over one generation."""

    held: Lease
    process: subprocess.Popen[bytes]
    port: int
    in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.held.release()


def oxigraph_binary() -> str:
    """The Oxigraph server installed with plankg (beside this Python), else the one on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise PlankgError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def oxigraph_command(location: Union[str, Path], port: int, timeout: float = DEFAULT_TIMEOUT_S) -> list[str]:
    """The command line of a read-only Oxigraph server on 127.0.0.1 over a store folder, whose
    queries stop after ``timeout`` seconds (Oxigraph takes whole seconds)."""
    if not 0 < port < 65536:
        raise PlankgError(f"not a port number: {port}")
    return [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", f"{HOST}:{port}",
            "--union-default-graph", "--timeout-s", str(max(1, math.ceil(timeout)))]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_backend(out: Path, timeout: float) -> Backend:
    """An Oxigraph server on a private port over the current generation, once it answers."""
    held = _lease_of(out)
    port = _free_port()
    command = oxigraph_command(held.store_dir, port, timeout)
    # Its messages go to a file, not a pipe that nobody reads once it runs (a full pipe blocks it).
    with tempfile.TemporaryFile() as messages:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=messages)
        return _wait_until_up(Backend(held, process, port), messages)


def _wait_until_up(backend: Backend, messages: IO[bytes]) -> Backend:
    process, held, port = backend.process, backend.held, backend.port
    deadline = time.monotonic() + _STARTUP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            messages.seek(0)
            detail = messages.read().decode("utf-8", "replace").strip().splitlines()
            held.release()
            raise PlankgError(f"the Oxigraph server did not start: {detail[-1] if detail else process.returncode}")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return backend
        except OSError:
            time.sleep(0.05)
    backend.stop()
    raise PlankgError(f"the Oxigraph server did not answer within {_STARTUP_S:g} s")


def _lease_of(out: Path) -> Lease:
    if (out / "CURRENT").is_file():  # a pyoxigraph store folder given directly: nothing switches
        return Lease(out, out)
    return lease(out)


class Endpoint:
    """The guard's HTTP server and the backend it currently forwards to."""

    def __init__(self, store_dir: str | Path, port: int, timeout: float):
        self.out = Path(store_dir)
        self.timeout = timeout
        try:
            self.httpd = ThreadingHTTPServer((HOST, port), _handler(self))
        except OSError as exc:
            raise PlankgError(f"cannot listen on {HOST}:{port}: {exc.strerror} (is another server using it?)") from None
        self.httpd.daemon_threads = True
        try:
            self.backend = start_backend(self.out, timeout)
        except BaseException:
            self.httpd.server_close()
            raise
        self.generation = current_generation(self.out)
        self._switch = threading.Lock()
        self._stopping = threading.Event()

    def run(self) -> None:
        """Serve until Ctrl-C or SIGTERM."""
        signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=self.httpd.shutdown, daemon=True).start())
        watcher = threading.Thread(target=self._follow, name="kg-serve-follow", daemon=True)
        watcher.start()
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            self._stopping.set()
            self.httpd.server_close()
            self.backend.stop()

    def _follow(self) -> None:
        """Start a server on each new generation (or restart one that died) and retire the old."""
        while not self._stopping.wait(POLL_S):
            generation = current_generation(self.out)
            if generation == self.generation and self.backend.process.poll() is None:
                continue
            try:
                fresh = start_backend(self.out, self.timeout)
            except PlankgError as exc:
                print(f"kg: serve: {exc}; still serving the previous store", file=sys.stderr, flush=True)
                continue
            with self._switch:
                old, self.backend, self.generation = self.backend, fresh, generation
            print(f"kg: serve: now serving {fresh.held.store_dir}", file=sys.stderr, flush=True)
            threading.Thread(target=self._retire, args=(old,), daemon=True).start()

    def _retire(self, backend: Backend) -> None:
        """Stop an old server once its queries are answered (or have run out of time), and let
        its generation go."""
        deadline = time.monotonic() + self.timeout + _GRACE_S
        while backend.in_flight and time.monotonic() < deadline:
            time.sleep(0.1)
        backend.stop()
        if current_generation(self.out) is not None:
            sweep_if_idle(self.out)

    def current(self) -> Backend:
        """The server to ask (waiting while _follow replaces one that was killed or died)."""
        deadline = time.monotonic() + _STARTUP_S
        while True:
            with self._switch:
                backend = self.backend
                if backend.process.poll() is None or time.monotonic() > deadline:
                    with backend.lock:
                        backend.in_flight += 1
                    return backend
            time.sleep(0.05)


def query_of(method: str, path: str, headers: "http.client.HTTPMessage", body: bytes) -> Optional[str]:
    """The SPARQL query a protocol request carries (GET ?query=, a form, or a sparql-query body)."""
    url = urllib.parse.urlsplit(path)
    found = urllib.parse.parse_qs(url.query).get("query", [])
    content_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if method == "POST" and content_type == "application/x-www-form-urlencoded":
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        if "update" in form:
            raise QueryError("this endpoint is read-only: updates are refused")
        found += form.get("query", [])
    elif method == "POST" and content_type == "application/sparql-query":
        found.append(body.decode("utf-8", "replace"))
    elif method == "POST" and content_type == "application/sparql-update":
        raise QueryError("this endpoint is read-only: updates are refused")
    return found[0] if found else None


def _handler(endpoint: Endpoint) -> type[BaseHTTPRequestHandler]:
    class Guard(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            pass  # no access log on the terminal

        def do_GET(self) -> None:
            self._forward(b"")

        def do_POST(self) -> None:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= _MAX_BODY:
                self._reply(413, f"a request body of at most {_MAX_BODY:,} bytes")
                return
            self._forward(self.rfile.read(length))

        def _forward(self, body: bytes) -> None:
            try:
                text = query_of(self.command, self.path, self.headers, body)
                if text is not None:
                    check_query(text)
            except QueryError as exc:
                self._reply(400, str(exc))
                return
            backend = endpoint.current()
            try:
                status, headers, data = _ask(backend.port, self.command, self.path, self.headers, body, endpoint.timeout)
            except TimeoutError:
                # Oxigraph's own timeout does not stop every evaluation (an aggregate over a
                # cartesian product runs on): the server is killed, and restarted by _follow.
                backend.process.kill()
                backend.process.wait()
                self._reply(503, f"the query ran past {endpoint.timeout:g} s and was stopped")
                return
            except (OSError, http.client.HTTPException):
                self._reply(503, "the server is restarting; try again")
                return
            finally:
                with backend.lock:
                    backend.in_flight -= 1
            if _CANCELLED in data[-200:]:
                self._reply(503, f"the query ran past {endpoint.timeout:g} s and was stopped")
                return
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _reply(self, status: int, message: str) -> None:
            data = (message + "\n").encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Guard


_PASSED_HEADERS = ("content-type", "accept", "accept-encoding")
_RETURNED_HEADERS = ("content-type", "content-encoding", "cache-control", "vary")


def _ask(port: int, method: str, path: str, headers: "http.client.HTTPMessage", body: bytes, timeout: float
         ) -> tuple[int, list[tuple[str, str]], bytes]:  # fmt: skip
    """One request to a backend server, answered whole."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout + _GRACE_S)
    try:
        sent = {k: v for k, v in headers.items() if k.lower() in _PASSED_HEADERS}
        connection.request(method, path, body=body if method == "POST" else None, headers=sent)
        response = connection.getresponse()
        data = response.read()
        kept = [(k, v) for k, v in response.getheaders() if k.lower() in _RETURNED_HEADERS]
        return response.status, kept, data
    finally:
        connection.close()
