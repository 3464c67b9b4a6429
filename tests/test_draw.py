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


def _page_data(html: str) -> tuple[list[dict], list[list], dict]:
    """The page's data: every node as a dict (label, type, aliases, mentions, evidence, targets,
    drawn at first paint or not), every relation, and the whole KG object."""
    kg = json.loads(re.search(r"var KG = (.*?);\n", html).group(1))
    drawn = {n[0] for n in kg["overview"]["nodes"]}
    nodes = [
        {"id": i, "label": n[0], "kgType": kg["types"][n[1]], "aliases": n[2], "mentions": n[3], "evidence": n[4],
         "targets": n[5], "drawn": i in drawn}
        for i, n in enumerate(kg["nodes"])
    ]
    return nodes, kg["edges"], kg


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
    assert len(nodes) == page.total_nodes == len(data.nodes)
    assert len(edges) == 7
    assert page.nodes == len(data.nodes)  # a graph this small is drawn whole
    # No external resource of any kind: no src/href to a URL, no CDN, no Bootstrap.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page.html)
    assert "cdnjs" not in page.html and "jsdelivr" not in page.html
    assert "bootstrap" not in page.html.lower()
    assert "default-src 'none'" in page.html  # the CSP forbids every request
    assert "vis.Network" in page.html and len(page.html) > 400_000  # vis-network is inlined
    assert "WenQuanYi Zen Hei" in page.html  # a CJK font stack is named
    qinghe = next(n for n in nodes if n["label"] == "青禾科技")
    assert qinghe["kgType"] == "Enterprise" and qinghe["aliases"] == ["青禾"]
    partner = next(n["id"] for n in nodes if n["label"] == "北方材料研究院")
    assert [qinghe["id"], partner, kg["preds"].index("partnersWith")] in [e[:3] for e in edges]
    # Its evidence points at the sentence that names it, with the right span, and its report.
    sentence_no, start, end = qinghe["evidence"][0]
    report_no, s_start, s_end, text = kg["sentences"][sentence_no]
    assert text[start - s_start : end - s_start] == "青禾科技"
    assert kg["reports"][report_no][0] and qinghe["mentions"] == [report_no, 1]  # one sentence names it
    # Its action's target is listed for it (a firm in an action shows that action's targets).
    target = next(n for n in nodes if n["kgType"] == "Target")
    assert qinghe["targets"] == [target["id"]]
    assert {t["type"] for t in kg["legend"]} >= {"Enterprise", "Target", "Park"}


def test_the_region_is_the_hub_of_what_no_relation_reaches(store: Store) -> None:
    """The invented report's region (河谷县) is its hub; 智慧农业示范区 has a relation, and every
    entity without one hangs on the hub by mention, so no drawn node is alone."""
    _, _, kg = _page_data(graph_page(store).html)
    label = [n[0] for n in kg["nodes"]]
    assert [label[h] for h in kg["hubs"]] == ["河谷县"]
    drawn = [n[0] for n in kg["overview"]["nodes"]]
    linked = {i for e in kg["overview"]["edges"] for i in e[:2]}
    assert set(drawn) == linked  # degree ≥ 1 for every drawn node
    hub_edges = {label[e[1]] for e in kg["overview"]["edges"] if e[2] == -1}
    assert "智慧农业示范区" not in hub_edges  # it is reached by its relation (inAction)


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
    assert drawn.stdout.startswith(f"wrote {target}: ")
    bad = run_kg("graph", "--store", str(out), "--around", "不存在的公司")
    assert bad.returncode != 0 and bad.stderr.startswith("kg: error:") and "Traceback" not in bad.stderr


def test_build_writes_graph_html(sample_store: Path) -> None:
    html = (sample_store / "graph.html").read_text(encoding="utf-8")
    assert "vis.Network" in html and "相山区" in html  # the sample's region is drawn, at least


def test_a_large_graph_opens_on_region_hubs_and_keeps_the_rest_in_its_data() -> None:
    """Invented: 30 regions, each report naming 一号产业 (3 sentences), its own firm and, in a
    third of the regions, 二号产业; plus 300 loose entities no report names. The overview
    draws hubs, the shared industries and each region's firm, never an unconnected node; the page's
    data still holds every node."""
    from kg.views.drawn_graph import EdgeInfo, GraphData, NodeInfo
    from kg.views.overview import MENTIONS, choose

    nodes: dict[str, NodeInfo] = {}
    regions, years = {}, {}
    for k in range(30):
        report, region = f"r{k}", f"region{k:02d}"
        regions[report], years[report] = region, 2026
        nodes[region] = NodeInfo(region, "Region", f"{k}省", reports={report}, mentions={report: 9})
        nodes[f"firm{k}"] = NodeInfo(f"firm{k}", "Enterprise", f"公司{k}", reports={report}, mentions={report: 1})
    nodes["ind1"] = NodeInfo("ind1", "Industry", "一号产业", mentions={f"r{k}": 3 for k in range(30)})
    nodes["ind2"] = NodeInfo("ind2", "Industry", "二号产业", mentions={f"r{k}": 1 for k in range(0, 30, 3)})
    nodes["top"] = NodeInfo("top", "Industry", "大产业")
    for k in range(300):  # more than a page draws whole
        nodes[f"loose{k}"] = NodeInfo(f"loose{k}", "Platform", f"平台{k}")
    data = GraphData(nodes, [EdgeInfo("ind2", "top", "broader")], {}, {f"r{k}": f"报告{k}" for k in range(30)}, regions, years)
    view = choose(data)
    drawn = set(view.nodes)
    assert {f"region{k:02d}" for k in range(30)} <= drawn and {"ind1", "ind2", "top"} <= drawn
    assert not any(n.startswith("loose") for n in drawn)  # named by no report, related to nothing
    assert {n for e in view.edges for n in e[:2]} == drawn
    weight = {(a, b): w for a, b, p, w in view.edges if p == MENTIONS}
    assert weight["region00", "ind1"] == 3 and ("region00", "ind2") in weight and ("region01", "ind2") not in weight
    assert ("ind2", "top", "broader", 1) in view.edges  # industries grouped by their broader one
    assert len(choose(data, limit=20).nodes) <= 20 + 2  # a cap (and room for broader industries)


def test_build_page_of_the_sample_is_drawn_whole(sample_store: Path) -> None:
    _, _, kg = _page_data((sample_store / "graph.html").read_text(encoding="utf-8"))
    assert kg["whole"] and len(kg["overview"]["nodes"]) == len(kg["nodes"])
