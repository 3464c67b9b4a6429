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

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Sequence, Union

from ..errors import NotFound, PlankgError, QueryError
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

FORMATS = ("table", "csv", "tsv", "json")
PARAMETER_TYPES = ("zh", "string", "integer", "decimal", "year", "iri", "indicator")
XSD = "http://www.w3.org/2001/XMLSchema#"
HTTP_TIMEOUT_S = 60


class QueryTimeout(PlankgError):
    """A query ran past its time limit."""


DEFAULT_TIMEOUT_S = 30.0


class EndpointError(PlankgError):
    """A remote SPARQL endpoint that cannot be reached or answers with an error."""


@dataclass(frozen=True)
class Parameter:
    name: str  # the variable, without "?"
    type: str  # how a bare value is read: one of PARAMETER_TYPES
    default: Optional[str]
    description: str
    required: bool = False


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    question_zh: str
    question_en: str
    parameters: tuple[Parameter, ...]

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def parameter(self, name: str) -> Optional[Parameter]:
        return next((p for p in self.parameters if p.name == name), None)


# ---------------------------------------------------------------- named queries

_QUESTION_ZH = re.compile(r"^#\s*问题\s*[:：]\s*(.+)$")
_QUESTION_EN = re.compile(r"^#\s*Question\s*:\s*(.+)$", re.IGNORECASE)
_PARAMETER = re.compile(
    r"^#\s*Parameter\s*:\s*\?(?P<name>\w+)\s+(?P<type>\w+)(?:\s*=\s*(?P<default>.+?)|\s+(?P<required>required))?"
    r"\s+[—-]+\s+(?P<desc>.+)$",
    re.IGNORECASE,
)


def queries_dir() -> Path:
    """queries/ at the top of the project (beside kg/)."""
    return Path(__file__).resolve().parents[2] / "queries"


def parse_header(path: Path, text: str) -> NamedQuery:
    """The question and parameters from a .rq file's leading comment lines."""
    zh = en = ""
    parameters: list[Parameter] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        if m := _QUESTION_ZH.match(line):
            zh = m.group(1).strip()
        elif m := _QUESTION_EN.match(line):
            en = m.group(1).strip()
        elif m := _PARAMETER.match(line):
            ptype = m.group("type").lower()
            if ptype not in PARAMETER_TYPES:
                raise QueryError(f"{path.name}: parameter ?{m.group('name')} has unknown type {ptype!r}")
            parameters.append(
                Parameter(m.group("name"), ptype, m.group("default"), m.group("desc").strip(), bool(m.group("required")))
            )
    return NamedQuery(path.stem, path, zh, en, tuple(parameters))


def named_queries(directory: Optional[Path] = None) -> list[NamedQuery]:
    """Every .rq file in queries/, by name."""
    folder = directory or queries_dir()
    return [parse_header(p, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))]


def resolve(query: str, directory: Optional[Path] = None) -> tuple[str, Optional[NamedQuery]]:
    """QUERY as given on the command line → (SPARQL text, the named query if it is one)."""
    folder = directory or queries_dir()
    if re.fullmatch(r"[\w.-]+", query) and not query.endswith(".rq"):
        path = folder / f"{query}.rq"
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            return text, parse_header(path, text)
        if not _is_file(query):
            known = ", ".join(q.name for q in named_queries(folder))
            raise NotFound(f"no named query {query!r} (known: {known})")
    if query.endswith(".rq") or ("\n" not in query and "{" not in query and _is_file(query)):
        if not _is_file(query):
            raise NotFound(f"no query file {query}")
        try:
            text = Path(query).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError) as exc:
            raise QueryError(f"{query}: not a readable UTF-8 query file ({exc.__class__.__name__})") from None
        return text, parse_header(Path(query), text)
    return query, None


def _is_file(name: str) -> bool:
    try:
        return Path(name).is_file()
    except (OSError, ValueError):  # a name too long for a path, or with a NUL byte
        return False


# ---------------------------------------------------------------- parameters


def _expand_prefixed(value: str) -> str:
    from .namespace import PREFIXES

    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return value


def parse_term(value: str) -> "Term":
    """An RDF term written in Turtle syntax: <iri>, "text"@zh, "5"^^xsd:integer …"""
    from pyoxigraph import RdfFormat, parse

    from .namespace import PREFIXES

    prologue = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
    try:
        triples = list(parse(f"{prologue}<urn:s> <urn:p> {value} .", format=RdfFormat.TURTLE))
    except SyntaxError:
        triples = []
    if len(triples) != 1:
        raise QueryError(f"not an RDF term: {value}")
    return triples[0].object


def to_term(value: str, ptype: str = "string") -> "Term":
    """A parameter value as an RDF term. Term syntax (<iri>, "…"@lang, "…"^^type) is taken as
    written; a bare value is read as the parameter's type."""
    from pyoxigraph import Literal, NamedNode

    if value.startswith(("<", '"', "'")):
        return parse_term(value)
    try:
        if ptype == "zh":
            return Literal(value, language="zh")
        if ptype == "string":
            return Literal(value)
        if ptype == "integer":
            return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))
        if ptype == "decimal":
            return Literal(format(Decimal(value), "f"), datatype=NamedNode(XSD + "decimal"))
        if ptype == "year":
            if not re.fullmatch(r"\d{4}", value):
                raise ValueError(value)
            return Literal(value, datatype=NamedNode(XSD + "gYear"))
        if ptype == "iri":
            return NamedNode(_expand_prefixed(value))
        if ptype == "indicator":  # any name of an indicator → its canonical concept
            from ..indicators import canonical_indicator
            from .rdf import indicator_iri

            expanded = _expand_prefixed(value)
            if expanded.startswith(indicator_iri("")):  # the concept itself, as a query shows it
                return NamedNode(expanded)
            return NamedNode(indicator_iri(canonical_indicator(value)))
    except (ValueError, InvalidOperation):
        raise QueryError(f"not a valid {ptype}: {value}") from None
    raise QueryError(f"unknown parameter type {ptype!r}")


def bind_parameters(
    given: Union[Sequence[str], Mapping[str, str]], named: Optional[NamedQuery] = None
) -> dict[str, "Term"]:
    """NAME=VALUE pairs (or a mapping) → variable name → term, with a named query's defaults."""
    pairs: dict[str, str] = {}
    if isinstance(given, Mapping):
        pairs.update(given)
    else:
        for item in given:
            name, sep, value = item.partition("=")
            if not sep:
                raise QueryError(f"--param {item!r}: expected NAME=VALUE")
            pairs[name.strip().lstrip("?$")] = value
    bound: dict[str, "Term"] = {}
    for name, value in pairs.items():
        declared = named.parameter(name) if named else None
        if named is not None and declared is None:
            takes = ", ".join(p.name for p in named.parameters) or "no parameters"
            raise QueryError(f"{named.name} has no parameter {name!r} (it takes: {takes})")
        if value == "":
            raise QueryError(f"--param {name}: empty value")
        bound[name] = to_term(value, declared.type if declared else "string")
    for p in named.parameters if named else ():
        if p.name not in bound and p.default is not None:
            bound[p.name] = to_term(p.default, p.type)
        elif p.name not in bound and p.required:
            raise QueryError(f"{named.name} needs --param {p.name}=… ({p.description})")
    return bound


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
    bindings = bind_parameters(params, named)
    if endpoint:
        return run_remote(endpoint, text, bindings)
    return run_local(open_read_only(store_dir or "out"), text, bindings)


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


# ---------------------------------------------------------------- output


def show_term(term: Optional["Term"]) -> str:
    """A term as a person reads it: a literal's text, an IRI with a known prefix shortened."""
    from pyoxigraph import BlankNode, Literal

    from .namespace import PREFIXES

    if term is None:
        return ""
    if isinstance(term, Literal):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    iri = term.value
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def display_width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)


def _cell(text: str) -> str:
    return " ".join(text.split()) if any(c in text for c in "\t\r\n") else text


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Rows as an aligned plain-text table, padded by display width."""
    body = [[_cell(c) for c in row] for row in rows]
    widths = [display_width(h) for h in header]
    for row in body:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [line(header), "  ".join("─" * w for w in widths)]
    out += [line(row) for row in body]
    out.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(out)


def format_result(result: "Result", fmt: str = "table") -> str:
    """SELECT → table / csv / tsv / SPARQL 1.1 JSON; ASK → true/false; CONSTRUCT → Turtle."""
    from pyoxigraph import (
        QueryBoolean,
        QueryResultsFormat,
        QuerySolutions,
        RdfFormat,
        serialize,
    )

    from .namespace import PREFIXES

    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    if isinstance(result, list):
        return serialize(result, format=RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8")
    if fmt in ("json", "csv", "tsv"):
        rf = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV}[fmt]
        return result.serialize(format=rf).decode("utf-8").rstrip("\n")
    if isinstance(result, QueryBoolean):
        return "true" if bool(result) else "false"
    assert isinstance(result, QuerySolutions)
    variables = result.variables
    rows = [[show_term(solution[v]) for v in variables] for solution in result]
    return table([v.value for v in variables], rows)


def rows(result: "Result") -> list[dict[str, str]]:
    """A SELECT result as dicts of variable → displayed value (unbound variables left out)."""
    variables = result.variables  # type: ignore[union-attr]
    return [
        {v.value: show_term(s[v]) for v in variables if s[v] is not None}
        for s in result  # type: ignore[union-attr]
    ]
