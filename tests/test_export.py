"""kg export: RDF round trips, compact JSON-LD, GraphML for networkx, csv tables (toy store and sample)."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Iterator

import pytest
from pyoxigraph import RdfFormat, Store, parse

from kg.views.store_view import entity_graph
from kg.errors import NotFound, PlankgError
from kg.views.export import ENTITY_COLUMNS, QUANTITY_COLUMNS, csv_table, export, select_graphs, write_export
from kg.graph.store import open_store, report_graphs

from .conftest import GOLD, run_kg

needs_gold = pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold is not here")
from .test_analytics import build_toy_store

PLAN = "https://w3id.org/plankg/ontology#"
PARSE_FORMAT = {"turtle": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD}


@pytest.fixture(scope="module")
def toy_out() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield build_toy_store(Path(tmp))


@pytest.fixture(scope="module")
def toy(toy_out: Path) -> Store:
    return open_store(toy_out)


def _store_quads(store: Store, with_graphs: bool) -> set[str]:
    """Canonical quads (or triples) of the report graphs. No blank nodes are used, so set equality
    is graph isomorphism."""
    quads = (q for g in report_graphs(store) for q in store.quads_for_pattern(None, None, None, g))
    return {str(q) if with_graphs else str(q.triple) for q in quads}


def _parsed(data: bytes, fmt: str, with_graphs: bool) -> set[str]:
    return {str(q) if with_graphs else str(q.triple) for q in parse(data, format=PARSE_FORMAT[fmt])}


@pytest.mark.parametrize("fmt, with_graphs", [("turtle", False), ("nt", False), ("trig", True), ("jsonld", True)])
def test_rdf_round_trip_is_isomorphic(toy: Store, fmt: str, with_graphs: bool) -> None:
    expected = _store_quads(toy, with_graphs)
    assert len(expected) > 100
    assert _parsed(export(toy, fmt), fmt, with_graphs) == expected


def test_turtle_merges_the_reports_into_one_graph(toy: Store) -> None:
    triples = list(parse(export(toy, "turtle"), format=RdfFormat.TURTLE))
    firm = "https://w3id.org/plankg/id/enterprise/青岚科技"
    # the firm is typed in both reports' graphs: one triple once merged
    assert sum(1 for t in triples if t.subject.value == firm and t.predicate.value.endswith("#type")) == 1


def test_jsonld_is_compacted_with_the_ontology_prefixes(toy: Store) -> None:
    doc = json.loads(export(toy, "jsonld"))
    assert doc["@context"]["plan"] == PLAN
    text = json.dumps(doc, ensure_ascii=False)
    assert '"plan:indicator"' in text and '"id:report/toy-a"' in text
    assert PLAN + "indicator" not in text


def test_jsonld_reads_in_rdflib_too(toy: Store) -> None:
    import rdflib

    ds = rdflib.Dataset()
    ds.parse(data=export(toy, "jsonld").decode("utf-8"), format="json-ld")
    got = {tuple(str(term) for term in quad) for quad in ds.quads((None, None, None, None))}
    quads = (q for g in report_graphs(toy) for q in toy.quads_for_pattern(None, None, None, g))
    assert got == {(q.subject.value, q.predicate.value, q.object.value, q.graph_name.value) for q in quads}


def test_report_option_exports_one_graph(toy: Store) -> None:
    quads = list(parse(export(toy, "trig", report="toy-b"), format=RdfFormat.TRIG))
    assert quads and {q.graph_name.value for q in quads} == {"https://w3id.org/plankg/id/report/toy-b"}
    with pytest.raises(NotFound):
        select_graphs(toy, "no-such-report")


def test_graphml_opens_in_networkx_with_the_view_counts(toy: Store) -> None:
    import networkx as nx

    view = entity_graph(toy)
    loaded = nx.read_graphml(io.BytesIO(export(toy, "graphml")))
    assert (loaded.number_of_nodes(), loaded.number_of_edges()) == (view.number_of_nodes(), view.number_of_edges())
    firm = loaded.nodes["https://w3id.org/plankg/id/enterprise/青岚科技"]
    assert (firm["label"], firm["type"], firm["reports"]) == ("青岚科技", "Enterprise", "toy-a|toy-b")
    develops = [d for _, _, d in loaded.edges(data=True) if d["relation"] == "develops"]
    assert len(develops) == 2 and all(d["sentence"] for d in develops)


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "csv must start with a UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_targets_csv_one_row_per_target(toy: Store) -> None:
    data = csv_table(toy, report_graphs(toy), "targets")
    assert data.decode("utf-8-sig").splitlines()[0].split(",") == list(QUANTITY_COLUMNS)
    rows = _rows(data)
    assert len(rows) == 2
    firms = next(r for r in rows if r["indicator"] == "高新技术企业")
    assert firms | {"sentence": "", "span_start": "", "span_end": ""} == {
        "report": "toy-a", "region": "云岭县", "year": "2030", "action": "星河产业跃升行动",
        "indicator": "高新技术企业", "canonical_indicator": "高新技术企业", "kind": "count", "value": "10", "unit": "家",
        "normalised_value": "10", "base_unit": "家", "bound": "at_least", "horizon": "2030", "period_start": "",
        "sentence": "", "span_start": "", "span_end": "",
    }  # fmt: skip
    assert "高新技术企业新增10家以上" in firms["sentence"]
    from .test_analytics import TOY_A

    assert TOY_A[int(firms["span_start"]) : int(firms["span_end"])] == "高新技术企业新增10家以上"


def test_achievements_and_entities_csv(toy: Store) -> None:
    (achievement,) = _rows(csv_table(toy, report_graphs(toy), "achievements"))
    assert (achievement["indicator"], achievement["value"], achievement["kind"]) == ("规模以上工业增加值", "6.1", "growth")
    entities = _rows(csv_table(toy, report_graphs(toy), "entities"))
    assert list(entities[0]) == list(ENTITY_COLUMNS)
    firm = next(r for r in entities if r["name"] == "青岚科技")
    # one mention in each toy report
    assert (firm["type"], firm["aliases"], firm["reports"], firm["mentions"]) == ("Enterprise", "青岚", "toy-a|toy-b", "2")


def test_csv_needs_a_table_or_a_folder(toy: Store, tmp_path: Path) -> None:
    with pytest.raises(PlankgError):
        export(toy, "csv")
    written = write_export(toy, "csv", tmp_path / "tables")
    assert sorted(p.name for p in written) == ["achievements.csv", "entities.csv", "targets.csv"]
    (tmp_path / "file.csv").write_text("x")
    with pytest.raises(PlankgError):
        write_export(toy, "csv", tmp_path / "file.csv")


def test_cli_export(toy_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    done = run_kg("export", "--store", str(toy_out), "--format", "turtle", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert {str(t) for t in parse(out.read_bytes(), format=RdfFormat.TURTLE)} == _store_quads(open_store(toy_out), False)
    table = run_kg("export", "--store", str(toy_out), "--format", "csv", "--table", "targets")
    assert table.returncode == 0 and "高新技术企业" in table.stdout
    folder = run_kg("export", "--store", str(toy_out), "--format", "csv", "--out", str(tmp_path / "csv"))
    assert folder.returncode == 0 and (tmp_path / "csv" / "entities.csv").is_file()
    bad = run_kg("export", "--store", str(toy_out), "--format", "csv")
    assert bad.returncode != 0 and bad.stderr.startswith("kg: error:")
    unknown = run_kg("export", "--store", str(toy_out), "--format", "trig", "--report", "nope")
    assert unknown.returncode != 0 and "no report" in unknown.stderr


# ----------------------------------------------------------------------------------------- sample


def _gold_targets() -> list[dict]:
    return json.loads((GOLD / "000_f0b6f9fa8693aedd.gold.json").read_text(encoding="utf-8"))["targets"]


@pytest.mark.slow
@needs_gold
def test_sample_targets_csv(sample_store: Path) -> None:
    store = open_store(sample_store)
    rows = _rows(csv_table(store, report_graphs(store), "targets"))
    n_targets = len(list(store.query(f"SELECT ?t WHERE {{ GRAPH ?g {{ ?t a <{PLAN}Target> }} }}")))
    assert len(rows) == n_targets > 0
    assert all(r["region"] == "相山区" and r["year"] == "2024" and r["sentence"] for r in rows)
    # gold facts: GDP grows 6 %; industrial output of 330 亿元 or more under 工业提质增效行动
    gold = {t["indicator"]: t for t in _gold_targets()}
    assert any("地区生产总值" in r["indicator"] and r["value"] == "6" and r["unit"] == "%" and r["kind"] == "growth" for r in rows)
    output = gold["规上工业总产值"]
    assert any(
        r["value"] == str(output["value"]) and r["unit"] == output["unit"] and r["bound"] == output["qualifier"]
        and r["normalised_value"] == "33000000000" and r["action"] == output["action"]
        for r in rows
    )  # fmt: skip


def test_sample_graphml_matches_view(sample_store: Path) -> None:
    import networkx as nx

    store = open_store(sample_store)
    view = entity_graph(store)
    loaded = nx.read_graphml(io.BytesIO(export(store, "graphml")))
    assert view.number_of_edges() > 0
    assert (loaded.number_of_nodes(), loaded.number_of_edges()) == (view.number_of_nodes(), view.number_of_edges())
