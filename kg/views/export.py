"""export: the store (or one report of it) as RDF files, GraphML or csv tables.

- turtle, nt: every report's triples merged into one graph; trig: one named graph per report;
  jsonld: the same dataset as trig, compacted with the ontology's prefixes (plan:, id:, skos: …).
  The ontology graph is not exported: it ships in ontology/.
- graphml: the networkx view of kg.views.store_view (entities and relations only, no literal nodes),
  with labels, types, aliases and evidence as plain attributes, so Gephi and networkx read it.
- csv: three tables, targets, achievements and entities, in UTF-8 with a byte-order mark so
  spreadsheet programs show Chinese correctly. One table at a time (`table=`), or all three as
  files in a folder (kg.api.export with an output directory).
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any, Iterable, Optional

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, serialize

from .store_view import entity_graph, select_graphs
from ..errors import PlankgError
from ..graph.names import report_id_of
from ..graph.namespace import BOUND_INDIVIDUAL, KIND_INDIVIDUAL, PREFIXES
from ..graph.store import atomic_write

RDF_FORMATS = {"turtle": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD}
FORMATS = (*RDF_FORMATS, "graphml", "csv")
CSV_TABLES = ("targets", "achievements", "entities")
QUANTITY_COLUMNS = (
    "report", "region", "year", "action", "indicator", "canonical_indicator", "kind", "value", "unit",
    "normalised_value", "base_unit", "bound", "horizon", "period_start", "sentence", "span_start", "span_end",
)  # fmt: skip
ENTITY_COLUMNS = ("name", "type", "aliases", "reports", "mentions")
LIST_SEPARATOR = "|"  # between aliases / reports in one csv or GraphML cell

_BOUND_NAME = {str(iri): name for name, iri in BOUND_INDIVIDUAL.items()}
_KIND_NAME = {str(iri): name for name, iri in KIND_INDIVIDUAL.items()}


class ExportError(PlankgError):
    """An export that cannot be made as asked."""


def export(store: Store, fmt: str, report: Optional[str] = None, table: Optional[str] = None) -> bytes:
    """One export as bytes. csv needs ``table`` (one of CSV_TABLES)."""
    graphs = select_graphs(store, report)
    if fmt in RDF_FORMATS:
        return export_rdf(store, graphs, fmt)
    if fmt == "graphml":
        return export_graphml(store, graphs)
    if fmt == "csv":
        if table not in CSV_TABLES:
            raise ExportError(f"csv has {len(CSV_TABLES)} tables: give a table ({', '.join(CSV_TABLES)}) or an output folder")
        return csv_table(store, graphs, table)
    raise ExportError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def export_rdf(store: Store, graphs: list[NamedNode], fmt: str) -> bytes:
    quads: Iterable[Quad] = (q for g in graphs for q in store.quads_for_pattern(None, None, None, g))
    if fmt in ("turtle", "nt"):
        # One graph: the same triple stated in two reports becomes one.
        quads = dict.fromkeys(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads)
    rdf_format = RDF_FORMATS[fmt]
    data = serialize(quads, format=rdf_format, prefixes=PREFIXES if fmt in ("turtle", "trig") else None)
    return compact_jsonld(data) if fmt == "jsonld" else data


def compact_jsonld(expanded: bytes) -> bytes:
    """Expanded JSON-LD → the same data with a context of the ontology's prefixes and compact IRIs."""
    namespaces = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))

    def compact(iri: str) -> str:
        for prefix, ns in namespaces:
            rest = iri[len(ns):]
            # A suffix starting with // would read as an absolute IRI, not prefix:suffix.
            if iri.startswith(ns) and rest and not rest.startswith("//"):
                return f"{prefix}:{rest}"
        return iri

    def walk(x: Any) -> Any:
        if isinstance(x, list):
            return [walk(item) for item in x]
        if not isinstance(x, dict):
            return x
        out: dict[str, Any] = {}
        for key, value in x.items():
            if key == "@id":
                out[key] = compact(value)
            elif key == "@type":
                out[key] = [compact(t) for t in value] if isinstance(value, list) else compact(value)
            else:
                out[key if key.startswith("@") else compact(key)] = walk(value)
        return out

    document = {"@context": dict(PREFIXES), "@graph": walk(json.loads(expanded))}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def export_graphml(store: Store, graphs: list[NamedNode]) -> bytes:
    """The entity view as GraphML: node ids are IRIs; attributes are strings and integers only."""
    import networkx as nx

    view = entity_graph(store, graphs)
    flat = nx.MultiDiGraph()
    for node, data in view.nodes(data=True):
        flat.add_node(
            node,
            label=data["label"],
            type=data["type"],
            aliases=LIST_SEPARATOR.join(data["aliases"]),
            reports=LIST_SEPARATOR.join(data["reports"]),
        )
    for s, o, rel, data in view.edges(keys=True, data=True):
        attrs: dict[str, Any] = {"relation": rel, "label": rel, "evidence_count": len(data["evidence"])}
        if data["evidence"]:
            first = data["evidence"][0]
            attrs.update(sentence=first["sentence"], report=first["report"])
            if first["start"] is not None:
                attrs.update(start=first["start"], end=first["end"])
        flat.add_edge(s, o, key=rel, **attrs)
    out = io.BytesIO()
    nx.write_graphml(flat, out, encoding="utf-8")
    return out.getvalue()


def csv_table(store: Store, graphs: list[NamedNode], table: str) -> bytes:
    """One table as UTF-8 csv with a byte-order mark."""
    if table == "entities":
        rows = entity_rows(store, graphs)
        columns = ENTITY_COLUMNS
    else:
        rows = quantity_rows(store, graphs, achievements=table == "achievements")
        columns = QUANTITY_COLUMNS
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns)  # \r\n line ends, as spreadsheets expect
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8-sig")


def _value(row: Any, var: str) -> str:
    term = row[var]
    return term.value if term is not None else ""


def quantity_rows(store: Store, graphs: list[NamedNode], achievements: bool = False) -> list[dict[str, str]]:
    """One row per target (or achievement), ordered by report and position in the text."""
    cls = "plan:Achievement" if achievements else "plan:Target"
    query = f"""
        SELECT ?g ?q ?indicator ?canonical ?kind ?value ?unit ?nv ?base ?bound ?horizon ?period ?action ?text ?start ?end
        WHERE {{
          GRAPH ?g {{
            ?q a {cls} ; plan:indicator ?indicator ; plan:value ?value ; plan:unit ?unit .
            OPTIONAL {{ ?q plan:kind ?kind }}
            OPTIONAL {{ ?q plan:bound ?bound }}
            OPTIONAL {{ ?q plan:normalisedValue ?nv ; plan:baseUnit ?base }}
            OPTIONAL {{ ?q plan:horizon ?horizon }}
            OPTIONAL {{ ?q plan:periodStart ?period }}
            OPTIONAL {{ ?q plan:canonicalIndicator ?c . ?c skos:prefLabel ?canonical }}
            OPTIONAL {{ ?q plan:statedIn ?a . ?a skos:prefLabel ?action }}
            OPTIONAL {{ ?q plan:start ?start ; plan:end ?end }}
            OPTIONAL {{ ?q plan:inSentence ?s . ?s plan:text ?text }}
          }}
        }}"""
    meta = _report_meta(store, graphs)
    rows: dict[str, tuple[tuple[str, int, str], dict[str, str]]] = {}
    for r in store.query(query, prefixes=PREFIXES, named_graphs=graphs):
        q = r["q"].value
        if q in rows:  # a second label or sentence would repeat the row: one row per quantity
            continue
        g = r["g"].value
        region, year = meta.get(g, ("", ""))
        row = {
            "report": report_id_of(g),
            "region": region,
            "year": year,
            "action": _value(r, "action"),
            "indicator": _value(r, "indicator"),
            "canonical_indicator": _value(r, "canonical"),
            "kind": _KIND_NAME.get(_value(r, "kind"), _value(r, "kind")),
            "value": _value(r, "value"),
            "unit": _value(r, "unit"),
            "normalised_value": _value(r, "nv"),
            "base_unit": _value(r, "base"),
            "bound": _BOUND_NAME.get(_value(r, "bound"), _value(r, "bound")),
            "horizon": _value(r, "horizon"),
            "period_start": _value(r, "period"),
            "sentence": _value(r, "text"),
            "span_start": _value(r, "start"),
            "span_end": _value(r, "end"),
        }
        start = int(row["span_start"]) if row["span_start"] else -1
        rows[q] = ((row["report"], start, q), row)
    return [row for _, row in sorted(rows.values(), key=lambda kv: kv[0])]


def _report_meta(store: Store, graphs: list[NamedNode]) -> dict[str, tuple[str, str]]:
    """Graph IRI → (region label, year) from each report's metadata."""
    query = """
        SELECT ?g ?region ?year WHERE {
          GRAPH ?g { ?g a plan:Report .
            OPTIONAL { ?g plan:region ?r . ?r skos:prefLabel ?region }
            OPTIONAL { ?g plan:year ?year } }
        }"""
    return {
        r["g"].value: (_value(r, "region"), _value(r, "year"))
        for r in store.query(query, prefixes=PREFIXES, named_graphs=graphs)
    }


def entity_rows(store: Store, graphs: list[NamedNode]) -> list[dict[str, str]]:
    """One row per entity: name, type, aliases, the reports that name it, its number of mentions."""
    view = entity_graph(store, graphs)
    query = "SELECT ?e (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?m plan:mentionOf ?e } } GROUP BY ?e"
    mentions = {r["e"].value: r["n"].value for r in store.query(query, prefixes=PREFIXES, named_graphs=graphs)}
    rows = [
        {
            "name": d["label"],
            "type": d["type"],
            "aliases": LIST_SEPARATOR.join(d["aliases"]),
            "reports": LIST_SEPARATOR.join(d["reports"]),
            "mentions": mentions.get(node, "0"),
        }
        for node, d in view.nodes(data=True)
    ]
    return sorted(rows, key=lambda r: (r["type"], r["name"]))


def write_export(store: Store, fmt: str, out: str | os.PathLike[str], report: Optional[str] = None, table: Optional[str] = None) -> list[Path]:
    """Write an export atomically; csv without a table writes every table as DIR/<table>.csv."""
    out = Path(out)
    if fmt == "csv" and table is None:
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out} is a file: csv writes {len(CSV_TABLES)} tables into a folder (or give a table)")
        graphs = select_graphs(store, report)
        written = [out / f"{name}.csv" for name in CSV_TABLES]
        for name, path in zip(CSV_TABLES, written):
            atomic_write(path, csv_table(store, graphs, name))
        return written
    if out.is_dir():
        raise ExportError(f"{out} is a folder: give a file name for --format {fmt}")
    atomic_write(out, export(store, fmt, report, table))
    return [out]
