"""query: read-only SPARQL over the embedded store or a remote endpoint, and the named queries.

A query is a path to a .rq file, the name of a file in queries/ (``food-industry-firms``) or
inline SPARQL. Parameters are RDF terms bound to variables, never text pasted into the query:
the embedded store takes them as pyoxigraph ``substitutions``; a remote endpoint gets a VALUES
block of serialised terms at the top of the query's outer group.

Each named query starts with a header comment that ``kg queries`` lists:

    # 问题：哪些企业支持某一产业？
    # Question: Which firms support an industry?
    # Parameter: ?industry zh = 食品产业 — the industry, by its name

A parameter line gives the variable, the type a bare value is read as (zh, string, integer,
decimal, year, iri, or indicator: any name of an indicator, bound as its canonical concept), then either a default (``= 食品产业``), the word ``required``, or nothing
(the variable is left free), and what it means. A parameter must be in the query's SELECT list
(pyoxigraph binds only projected variables).
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence, Union

from ..errors import PlankgError, QueryError
from .name_match import entity_label
from .named_queries import bind_parameters, resolve
from .query_output import format_result
from .sparql_text import check_query, outer_group_start

if TYPE_CHECKING:
    from pyoxigraph import (
        BlankNode,
        Literal,
        NamedNode,
        QueryBoolean,
        QuerySolutions,
        Store,
        Triple,
    )

    Term = Union["NamedNode", "Literal", "BlankNode"]
    Result = Union[QuerySolutions, QueryBoolean, list[Triple]]

HTTP_TIMEOUT_S = 60


class QueryTimeout(PlankgError):
    """A query ran past its time limit."""


DEFAULT_TIMEOUT_S = 30.0


class EndpointError(PlankgError):
    """A remote SPARQL endpoint that cannot be reached or answers with an error."""


# ---------------------------------------------------------------- running


def open_read_only(store_dir: Union[str, Path]) -> "Store":
    """An output folder (holding the ``store`` link) or a pyoxigraph store folder, read-only."""
    from pyoxigraph import Store

    from .store import open_store

    if (Path(store_dir) / "CURRENT").is_file():
        try:
            return Store.read_only(str(store_dir))
        except (OSError, RuntimeError) as exc:
            raise PlankgError(f"cannot open the store {store_dir}: {str(exc)[:160]}") from None
    return open_store(store_dir, read_only=True)


def is_update(text: str) -> bool:
    """Whether the text parses as SPARQL UPDATE (parsed only, never executed)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # pyparsing raises several types; any failure means "not an update"
        return False
    return True


def _refuse_update(text: str, error: str) -> QueryError:
    if is_update(text):
        return QueryError("kg query is read-only: this is a SPARQL UPDATE, and it was not run")
    return QueryError(f"malformed SPARQL: {error.splitlines()[0] if error else 'cannot parse'}")


def run_local(store: "Store", text: str, bindings: Mapping[str, "Term"] | None = None) -> "Result":
    """Run a query on the embedded store; the default graph is the union of all reports, and the
    project's prefixes (plan:, skos:, id: …) are predeclared."""
    from pyoxigraph import QueryTriples, Variable

    from .namespace import PREFIXES

    shape = check_query(text)
    substitutions = {Variable(k): v for k, v in (bindings or {}).items()}
    try:
        result = store.query(
            text,
            prefixes=PREFIXES,
            # a query with FROM chooses its own default graph; the union would override it
            use_default_graph_as_union=not shape.names_dataset,
            substitutions=substitutions or None,
        )
    except SyntaxError as exc:
        raise _refuse_update(text, str(exc)) from None
    except RuntimeError as exc:  # e.g. a parameter that is not in the SELECT list
        raise QueryError(f"cannot run the query: {str(exc).splitlines()[0]}") from None
    return list(result) if isinstance(result, QueryTriples) else result


def with_values(text: str, bindings: Mapping[str, "Term"]) -> str:
    """The query with a VALUES block binding each parameter, at the top of its outer group."""
    if not bindings:
        return text
    names = list(bindings)
    block = (
        " VALUES (" + " ".join(f"?{k}" for k in names) + ") { (" + " ".join(str(bindings[k]) for k in names) + ") } "
    )
    at = outer_group_start(text)
    return text[:at] + block + text[at:]


_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


def prefix_prologue() -> str:
    """The project's prefixes as SPARQL PREFIX lines: what a query sent over HTTP starts with
    (a SPARQL server knows none of them)."""
    from .namespace import PREFIXES

    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def run_remote(endpoint: str, text: str, bindings: Mapping[str, "Term"] | None = None) -> "Result":
    """Run a query on a SPARQL 1.1 Protocol endpoint (POST, form-encoded)."""
    from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

    check_endpoint(endpoint)
    check_query(text)
    if is_update(text):
        raise QueryError("kg query is read-only: this is a SPARQL UPDATE, and it was not run")
    # The project's prefixes are predeclared here as for the embedded store; a PREFIX the query
    # declares itself comes later and wins.
    body = urllib.parse.urlencode({"query": prefix_prologue() + with_values(text, bindings or {})}).encode()
    request = urllib.request.Request(
        endpoint,
        data=body,
        headers={"Accept": _ACCEPT, "Content-Type": "application/x-www-form-urlencoded"},
    )
    data, content_type = http_call(request, endpoint)
    if "sparql-results+json" in content_type or content_type.endswith("/json"):
        return parse_query_results(data, format=QueryResultsFormat.JSON)
    if "sparql-results+xml" in content_type:
        return parse_query_results(data, format=QueryResultsFormat.XML)
    if "tab-separated-values" in content_type:
        return parse_query_results(data, format=QueryResultsFormat.TSV)
    if "n-triples" in content_type:
        return list(parse(data, format=RdfFormat.N_TRIPLES))
    if "turtle" in content_type:
        return list(parse(data, format=RdfFormat.TURTLE))
    raise EndpointError(f"{endpoint} answered with an unexpected content type {content_type!r}")


def check_endpoint(endpoint: str) -> None:
    """Only an http(s) URL with a host is an endpoint (a file: URL would read a local file)."""
    try:
        url = urllib.parse.urlparse(endpoint)
        url.port  # raises on a port that is not a number
    except ValueError:
        raise QueryError(f"not a valid URL: {endpoint}") from None
    if url.scheme not in ("http", "https") or not url.hostname:
        raise QueryError(f"not an http(s) endpoint URL: {endpoint}")


def http_call(request: urllib.request.Request, endpoint: str) -> tuple[bytes, str]:
    """Send a request; HTTP and network failures become one-line errors."""
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as response:
            return response.read(), response.headers.get("Content-Type", "").lower()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        raise EndpointError(f"{endpoint}: HTTP {exc.code}: {detail[0] if detail else exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointError(f"cannot reach {endpoint}: {reason}") from None


def run(
    query: str,
    store_dir: Union[str, Path, None] = "out",
    endpoint: Optional[str] = None,
    params: Union[Sequence[str], Mapping[str, str]] = (),
) -> "Result":
    """Resolve QUERY, bind its parameters and run it on the store or on ``endpoint``."""
    text, named = resolve(query)
    if endpoint:
        return run_remote(endpoint, text, bind_parameters(params, named))
    store = open_read_only(store_dir or "out")
    # a name parameter is matched as every command matches names (kg/graph/name_match.py)
    return run_local(store, text, bind_parameters(params, named, partial(entity_label, store)))


def run_formatted(
    query: str,
    store_dir: Union[str, Path, None] = "out",
    endpoint: Optional[str] = None,
    params: Union[Sequence[str], Mapping[str, str]] = (),
    fmt: str = "table",
    timeout: float = DEFAULT_TIMEOUT_S,
) -> str:
    """run() and format_result() (where results are evaluated, lazily), stopped after ``timeout`` s.

    The query runs in a daemon thread (pyoxigraph releases the GIL while it evaluates), so the
    caller gets control back at the deadline; the abandoned evaluation ends with the process."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["text"] = format_result(run(query, store_dir, endpoint, params), fmt)
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"the query ran past {timeout:g} s and was stopped (raise the limit with --timeout)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["text"]
