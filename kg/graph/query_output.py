"""query_output: query results as an aligned text table (CJK counted as two columns), csv, tsv or
JSON, and as plain rows for Python callers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Optional, Sequence, Union

from ..errors import QueryError

if TYPE_CHECKING:
    from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, Triple

    Term = Union["NamedNode", "Literal", "BlankNode"]
    Result = Union[QuerySolutions, QueryBoolean, list[Triple]]

FORMATS = ("table", "csv", "tsv", "json")

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
