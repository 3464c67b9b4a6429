"""named_queries: the .rq files of queries/ with their header comments, and the parameters a
query is given as RDF terms (see kg/graph/query.py for the header's form)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, Optional, Sequence, Union

from ..errors import NotFound, QueryError

if TYPE_CHECKING:
    from pyoxigraph import BlankNode, Literal, NamedNode

    Term = Union["NamedNode", "Literal", "BlankNode"]

# "name": an entity's name, matched as `kg lookup` matches it and bound to its label (kg query on a
# store; sent as written to a remote endpoint).
PARAMETER_TYPES = ("zh", "string", "integer", "decimal", "year", "iri", "indicator", "name")
XSD = "http://www.w3.org/2001/XMLSchema#"


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
        if ptype in ("zh", "name"):
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
            from ..extract.indicators import canonical_indicator
            from .rdf import indicator_iri

            expanded = _expand_prefixed(value)
            if expanded.startswith(indicator_iri("")):  # the concept itself, as a query shows it
                return NamedNode(expanded)
            return NamedNode(indicator_iri(canonical_indicator(value)))
    except (ValueError, InvalidOperation):
        raise QueryError(f"not a valid {ptype}: {value}") from None
    raise QueryError(f"unknown parameter type {ptype!r}")


def bind_parameters(
    given: Union[Sequence[str], Mapping[str, str]],
    named: Optional[NamedQuery] = None,
    entity_label: Optional[Callable[[str], str]] = None,
) -> dict[str, "Term"]:
    """NAME=VALUE pairs (or a mapping) → variable name → term, with a named query's defaults.
    ``entity_label`` reads a given value of a name parameter as the label of the entity it names
    (the store's matcher, kg/graph/name_match.py); without it the value is bound as written."""
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
        if entity_label and declared and declared.type == "name" and not value.startswith(("<", '"', "'")):
            value = entity_label(value)
        bound[name] = to_term(value, declared.type if declared else "string")
    for p in named.parameters if named else ():
        if p.name not in bound and p.default is not None:
            bound[p.name] = to_term(p.default, p.type)
        elif p.name not in bound and p.required:
            raise QueryError(f"{named.name} needs --param {p.name}=… ({p.description})")
    return bound
