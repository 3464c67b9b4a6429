"""The draw stage on a small invented report: store → filtered graph → offline page.

Expected counts are worked out by hand from the invented facts below, not taken from the output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pyoxigraph import Store

from kg.views.draw import graph_page
from kg.views.drawn_graph import DrawOptions, filter_graph, parse_types, read_graph
from kg.views.layout import layout, peel_trees, to_networkx
from kg.errors import InputError, NotFound
from kg.model import Bound, Entity, EntityType, Extraction, Mention, Quantity, Relation, TargetKind
from kg.graph.rdf import extraction_quads
from kg.extract.read import read_report
from kg.extract.segment import segment
from kg.extract.clean import clean

from .conftest import run_kg

# An invented report (no sentence of a real one): two actions, five organisations, one target.
TEXT = """河谷县2025年政府工作报告
二、2025年工作安排
（一）实施产业升级行动。支持青禾科技与北方材料研究院合作建设新材料中试基地，推动云杉电子落户高新园。全年新增规上企业30家。
（二）实施乡村振兴行动。建设智慧农业示范区。
"""

E = EntityType


def _mention(text: str, doc, name: str, k: int = 0) -> Mention:
    start = -1
    for _ in range(k + 1):
        start = text.index(name, start + 1)
    sentence = doc.sentence_at(start).index
    return Mention(start, start + len(name), name, sentence, "test", 0.9)


def _extraction(path: Path) -> Extraction:
    report = read_report(path)
    doc = segment(report, clean(report.text))
    text = report.text

    def ent(name: str, etype: EntityType, conf: float = 0.9, aliases: list[str] | None = None) -> Entity:
        return Entity(name, etype, aliases or [], [_mention(text, doc, name)], conf)

    entities = [
        ent("青禾科技", E.ENTERPRISE, aliases=["青禾"]),
        ent("北方材料研究院", E.RESEARCH_INSTITUTE),
        ent("新材料中试基地", E.PLATFORM),
        ent("云杉电子", E.ENTERPRISE, conf=0.4),
        ent("高新园", E.PARK),
        ent("产业升级行动", E.ACTION),
        ent("乡村振兴行动", E.ACTION),
        ent("智慧农业示范区", E.PARK),
        ent("新材料", E.INDUSTRY),
    ]

    def rel(s: str, st: EntityType, p: str, o: str, ot: EntityType, conf: float = 0.8) -> Relation:
        m = _mention(text, doc, s)
        return Relation(s, st, p, o, ot, m.sentence, m.start, m.end + 10, "test", conf)

    relations = [
        rel("青禾科技", E.ENTERPRISE, "partnersWith", "北方材料研究院", E.RESEARCH_INSTITUTE),
        rel("青禾科技", E.ENTERPRISE, "develops", "新材料中试基地", E.PLATFORM),
        rel("青禾科技", E.ENTERPRISE, "inAction", "产业升级行动", E.ACTION),
        rel("青禾科技", E.ENTERPRISE, "inIndustry", "新材料", E.INDUSTRY),
        rel("云杉电子", E.ENTERPRISE, "locatedIn", "高新园", E.PARK, conf=0.4),
        rel("智慧农业示范区", E.PARK, "inAction", "乡村振兴行动", E.ACTION),
    ]
    at = text.index("新增规上企业30家")
    target = Quantity(
        "新增规上企业", TargetKind.COUNT, 30, "家", Bound.EXACT, 30, "家", 2025, "产业升级行动",
        doc.sentence_at(at).index, at, at + 9, "test", 0.9,
    )
    return Extraction(doc, entities, relations, [target], [])


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("draw") / "hegu-2025.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(report_file: Path) -> Store:
    s = Store()
    s.extend(extraction_quads(_extraction(report_file)))
    return s


def _page_data(html: str) -> tuple[list[dict], list[dict], dict]:
    nodes = json.loads(re.search(r"var nodes = new vis\.DataSet\((.*?)\);\n", html).group(1))
    edges = json.loads(re.search(r"var edges = new vis\.DataSet\((.*?)\);\n", html).group(1))
    kg = json.loads(re.search(r"var KG = (.*?);\n", html).group(1))
    return nodes, edges, kg


def test_graph_reads_entities_relations_and_targets(store: Store) -> None:
    data = read_graph(store)
    by_label = {n.label: n for n in data.nodes.values()}
    # 9 entities + the report's region (河谷县, from the file's title) + 1 target
    assert by_label["青禾科技"].type == "Enterprise"
    assert by_label["青禾科技"].aliases == {"青禾"}
    assert by_label["新增规上企业 30家"].type == "Target"
    assert {n.type for n in data.nodes.values()} >= {"Enterprise", "Park", "Action", "Target", "Industry"}
    facts = {(data.nodes[e.source].label, e.predicate, data.nodes[e.target].label) for e in data.edges}
    assert ("青禾科技", "partnersWith", "北方材料研究院") in facts
    assert ("产业升级行动", "hasTarget", "新增规上企业 30家") in facts
    assert len(data.edges) == 7  # six relations and one target edge


def test_page_is_offline_and_has_every_node_and_edge(store: Store) -> None:
    data = read_graph(store)
    page = graph_page(store)
    nodes, edges, kg = _page_data(page.html)
    assert len(nodes) == page.nodes == len(data.nodes)
    assert len(edges) == page.edges == 7
    # No external resource of any kind: no src/href to a URL, no CDN, no Bootstrap.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page.html)
    assert "cdnjs" not in page.html and "jsdelivr" not in page.html
    assert "bootstrap" not in page.html.lower()
    assert "vis.Network" in page.html and len(page.html) > 400_000  # vis-network is inlined
    assert "WenQuanYi Zen Hei" in page.html  # a CJK font stack is named
    qinghe = next(n for n in nodes if n["label"] == "青禾科技")
    assert qinghe["kgType"] == "Enterprise" and qinghe["shape"] == "dot"
    assert "别名: 青禾" in qinghe["title"] and "合作 → 北方材料研究院" in qinghe["title"]
    # Its evidence points at the sentence that names it, with the right span.
    sentence_no, start, end = qinghe["evidence"][0]
    report_no, s_start, s_end, text = kg["sentences"][sentence_no]
    assert text[start - s_start : end - s_start] == "青禾科技"
    assert kg["reports"][report_no]
    # Its action's target is listed for it (a firm in an action shows that action's targets).
    target = next(n for n in nodes if n["kgType"] == "Target")
    assert qinghe["targets"] == [target["id"]]
    # Size grows with degree: the firm with five facts is bigger than the park with one.
    park = next(n for n in nodes if n["label"] == "高新园")
    assert qinghe["size"] > park["size"]
    assert {t["type"] for t in kg["types"]} >= {"Enterprise", "Target", "Park"}


def test_filters(store: Store) -> None:
    data = read_graph(store)
    labels = lambda d: {n.label for n in d.nodes.values()}  # noqa: E731
    no_targets = filter_graph(data, DrawOptions(targets=False))
    assert "新增规上企业 30家" not in labels(no_targets) and len(no_targets.edges) == 6
    firms = filter_graph(data, DrawOptions(types=("enterprise", "园区")))
    assert labels(firms) == {"青禾科技", "云杉电子", "高新园", "智慧农业示范区"}
    assert len(firms.edges) == 1  # 云杉电子 locatedIn 高新园
    confident = filter_graph(data, DrawOptions(min_confidence=0.5))
    assert "云杉电子" not in labels(confident)
    around = filter_graph(data, DrawOptions(around="青禾", depth=1))
    assert labels(around) == {"青禾科技", "北方材料研究院", "新材料中试基地", "产业升级行动", "新材料", "新增规上企业 30家"}
    assert labels(filter_graph(data, DrawOptions(around="智慧农业示范区", depth=0))) == {"智慧农业示范区"}
    with pytest.raises(NotFound):
        filter_graph(data, DrawOptions(around="不存在的公司"))
    with pytest.raises(InputError):
        parse_types(["Company"])


def test_report_filter(store: Store) -> None:
    assert len(read_graph(store, report="hegu-2025").nodes) == len(read_graph(store).nodes)
    with pytest.raises(NotFound):
        read_graph(store, report="no-such-report")


def test_peel_trees_keeps_cycles_and_hangs_leaves() -> None:
    import networkx as nx

    g = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("x", "y")])
    parent = peel_trees(g)
    assert parent["e"] == "d" and parent["d"] == "c"
    assert "a" not in parent and "b" not in parent and "c" not in parent
    assert len({"x", "y"} - set(parent)) == 1  # a two-node tree keeps one root


def test_layout_places_every_node_apart(store: Store) -> None:
    graph = to_networkx(read_graph(store))
    pos = layout(graph)
    assert set(pos) == set(graph.nodes)
    points = list(pos.values())
    closest = min(
        ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(points) for b in points[i + 1 :]
    )
    assert closest > 20  # no two nodes on top of each other (node radius is ~10–20 px)
    assert layout(graph) == pos  # deterministic


def test_cli_graph_writes_the_page(tmp_path: Path, report_file: Path) -> None:
    from kg.graph.store import new_generation

    out = tmp_path / "out"
    with new_generation(out) as gen:
        gen.store.extend(extraction_quads(_extraction(report_file)))
    target = tmp_path / "firms.html"
    drawn = run_kg("graph", "--store", str(out), "--out", str(target), "--type", "Enterprise", "--no-targets")
    assert drawn.returncode == 0, drawn.stderr
    nodes, edges, _ = _page_data(target.read_text(encoding="utf-8"))
    assert sorted(n["label"] for n in nodes) == ["云杉电子", "青禾科技"] and edges == []
    bad = run_kg("graph", "--store", str(out), "--around", "不存在的公司")
    assert bad.returncode != 0 and bad.stderr.startswith("kg: error:") and "Traceback" not in bad.stderr


def test_build_writes_graph_html(sample_store: Path) -> None:
    html = (sample_store / "graph.html").read_text(encoding="utf-8")
    assert "vis.Network" in html and "相山区" in html  # the sample's region is drawn, at least


def test_a_page_keeps_the_most_connected_nodes_when_the_graph_is_too_big() -> None:
    from kg.views.drawn_graph import EdgeInfo, GraphData, NodeInfo, most_connected

    nodes = {iri: NodeInfo(iri, "Enterprise", iri) for iri in ("a", "b", "c", "d")}
    edges = [EdgeInfo("a", "b", "partnersWith"), EdgeInfo("a", "c", "partnersWith"),
             EdgeInfo("a", "d", "partnersWith"), EdgeInfo("b", "c", "partnersWith")]  # fmt: skip
    data = GraphData(nodes, edges, {}, {})
    shown = most_connected(data, 2)
    assert set(shown.nodes) == {"a", "b"}  # degree 3, then 2 (b before c on a tie)
    assert [(e.source, e.target) for e in shown.edges] == [("a", "b")]
    assert most_connected(data, 4) is data


def test_build_page_of_the_sample_is_not_truncated(sample_store: Path) -> None:
    html = (sample_store / "graph.html").read_text(encoding="utf-8")
    assert "most connected of" not in html


def test_a_capped_page_says_so(sample_store: Path) -> None:
    from kg.graph.store import open_store

    page = graph_page(open_store(sample_store), DrawOptions(max_nodes=5))
    assert page.nodes == 5
    assert "the 5 most connected of" in page.html
