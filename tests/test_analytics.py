"""The networkx view and kg stats / path / related, on a toy store of invented reports and on the sample.

The toy store is built from hand-written extractions (invented names, our own sentences) through
the real RDF mapping and store, so every expected value below follows from the toy's design.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Iterator

import pytest
from pyoxigraph import Store

from kg.graph.name_match import entity_iris as resolve
from kg.views.analytics import graph_stats, related, shortest_paths
from kg.views.store_view import entity_graph
from kg.extract.clean import clean
from kg.errors import NotFound
from kg.model import Bound, Entity, EntityType, Extraction, Mention, Quantity, Relation, Report, ReportMeta, TargetKind
from kg.extract.segment import segment
from kg.graph.store import open_store

from .conftest import GOLD, run_kg, store_of

needs_gold = pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold is not here")

E = EntityType

TOY_A = (
    "二、2030年工作安排\n"
    "一、壮大新兴产业\n"
    "实施星河产业跃升行动。青岚科技、白鹭电子深耕智能传感领域。北辰大学建设柔性材料研究中心，聚焦智能传感。"
    "青岚科技与北辰大学开展合作。青岚科技投资建设滨江智造园。松涛食品深耕食品加工领域。"
    "做强食品产业。高新技术企业新增10家以上。地区生产总值增长5%。\n"
    "去年规模以上工业增加值增长6.1%。\n"
)
TOY_B = "二、2030年工作安排\n远山能源布局智能传感领域，与青岚科技合作。孤星农场扩大种植。\n"


def _doc(rid: str, text: str):
    report = Report(id=rid, path=f"{rid}.txt", text=text, meta=ReportMeta(region="云岭县", level="县", year=2030))
    return segment(report, clean(text))


def _at(doc, surface: str) -> tuple[int, int, int]:
    start = doc.report.text.index(surface)
    return doc.sentence_at(start).index, start, start + len(surface)


def _entity(doc, name: str, etype: EntityType) -> Entity:
    sentence, start, end = _at(doc, name)
    return Entity(name, etype, mentions=[Mention(start, end, name, sentence, "toy", 1.0)])


def _rel(doc, s: str, st: EntityType, p: str, o: str, ot: EntityType, evidence: str) -> Relation:
    sentence, start, end = _at(doc, evidence)
    return Relation(s, st, p, o, ot, sentence, start, end, "toy", 0.9)


def _quantity(doc, indicator: str, kind: TargetKind, value: float, unit: str, bound: Bound, normalised: float,
              base: str, action: str | None, evidence: str, achievement: bool = False) -> Quantity:  # fmt: skip
    sentence, start, end = _at(doc, evidence)
    return Quantity(indicator, kind, value, unit, bound, normalised, base, 2030, action, sentence, start, end, "toy", 0.8, achievement)


def toy_extractions() -> list[Extraction]:
    a = _doc("toy-a", TOY_A)
    action = "星河产业跃升行动"
    entities_a = [
        _entity(a, "青岚科技", E.ENTERPRISE),
        _entity(a, "白鹭电子", E.ENTERPRISE),
        _entity(a, "松涛食品", E.ENTERPRISE),
        _entity(a, "北辰大学", E.UNIVERSITY),
        _entity(a, "柔性材料研究中心", E.PLATFORM),
        _entity(a, "滨江智造园", E.PARK),
        _entity(a, "智能传感", E.INDUSTRY),
        _entity(a, "食品加工", E.INDUSTRY),
        _entity(a, "食品产业", E.INDUSTRY),
        _entity(a, action, E.ACTION),
    ]
    entities_a[0].aliases.append("青岚")
    entities_a[7].broader = "食品产业"
    relations_a = [
        _rel(a, "北辰大学", E.UNIVERSITY, "develops", "柔性材料研究中心", E.PLATFORM, "北辰大学建设柔性材料研究中心"),
        _rel(a, "柔性材料研究中心", E.PLATFORM, "inIndustry", "智能传感", E.INDUSTRY, "柔性材料研究中心，聚焦智能传感"),
        _rel(a, "青岚科技", E.ENTERPRISE, "inIndustry", "智能传感", E.INDUSTRY, "青岚科技、白鹭电子深耕智能传感领域"),
        _rel(a, "白鹭电子", E.ENTERPRISE, "inIndustry", "智能传感", E.INDUSTRY, "白鹭电子深耕智能传感领域"),
        _rel(a, "青岚科技", E.ENTERPRISE, "partnersWith", "北辰大学", E.UNIVERSITY, "青岚科技与北辰大学开展合作"),
        _rel(a, "青岚科技", E.ENTERPRISE, "develops", "滨江智造园", E.PARK, "青岚科技投资建设滨江智造园"),
        _rel(a, "松涛食品", E.ENTERPRISE, "inIndustry", "食品加工", E.INDUSTRY, "松涛食品深耕食品加工领域"),
    ] + [
        _rel(a, name, etype, "inAction", action, E.ACTION, name)
        for name, etype in (("青岚科技", E.ENTERPRISE), ("白鹭电子", E.ENTERPRISE), ("松涛食品", E.ENTERPRISE), ("北辰大学", E.UNIVERSITY))
    ]
    targets_a = [
        _quantity(a, "高新技术企业", TargetKind.COUNT, 10, "家", Bound.AT_LEAST, 10, "家", action, "高新技术企业新增10家以上"),
        _quantity(a, "地区生产总值", TargetKind.GROWTH, 5, "%", Bound.EXACT, 5, "%", None, "地区生产总值增长5%"),
    ]
    achievements_a = [
        _quantity(a, "规模以上工业增加值", TargetKind.GROWTH, 6.1, "%", Bound.EXACT, 6.1, "%", None, "规模以上工业增加值增长6.1%", True)
    ]
    b = _doc("toy-b", TOY_B)
    entities_b = [
        _entity(b, "远山能源", E.ENTERPRISE),
        _entity(b, "青岚科技", E.ENTERPRISE),
        _entity(b, "智能传感", E.INDUSTRY),
        _entity(b, "孤星农场", E.ENTERPRISE),
    ]
    relations_b = [
        _rel(b, "远山能源", E.ENTERPRISE, "inIndustry", "智能传感", E.INDUSTRY, "远山能源布局智能传感领域"),
        _rel(b, "远山能源", E.ENTERPRISE, "partnersWith", "青岚科技", E.ENTERPRISE, "与青岚科技合作"),
    ]
    return [
        Extraction(a, entities_a, relations_a, targets_a, achievements_a),
        Extraction(b, entities_b, relations_b, [], []),
    ]


def build_toy_store(out: Path) -> Path:
    return store_of(out, toy_extractions())


@pytest.fixture(scope="module")
def toy_out() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield build_toy_store(Path(tmp))


@pytest.fixture(scope="module")
def toy(toy_out: Path) -> Store:
    return open_store(toy_out)


@pytest.fixture(scope="module")
def view(toy: Store):
    return entity_graph(toy)


def _node(view, name: str) -> str:
    (node,) = [v for v, d in view.nodes(data=True) if d["label"] == name]
    return node


# ------------------------------------------------------------------------------------- the view


def test_view_has_entities_and_relations_only(view) -> None:
    labels = {d["label"] for _, d in view.nodes(data=True)}
    # 12 named entities (青岚科技 and 智能传感 are one node across both reports) + the region
    assert labels == {
        "青岚科技", "白鹭电子", "松涛食品", "北辰大学", "柔性材料研究中心", "滨江智造园", "智能传感", "食品加工",
        "星河产业跃升行动", "远山能源", "孤星农场", "云岭县", "食品产业",
    }  # fmt: skip
    assert view.number_of_edges() == 7 + 4 + 2 + 1  # relations of both reports, 食品加工 broader 食品产业
    assert not any(d["type"] is None for _, d in view.nodes(data=True))


def test_view_nodes_carry_type_aliases_reports(view) -> None:
    firm = view.nodes[_node(view, "青岚科技")]
    assert firm["type"] == "Enterprise"
    assert firm["aliases"] == ["青岚"]
    assert firm["reports"] == ["toy-a", "toy-b"]


def test_view_edges_carry_their_sentence(view) -> None:
    edge = view.edges[_node(view, "北辰大学"), _node(view, "柔性材料研究中心"), "develops"]
    (evidence,) = edge["evidence"]
    assert evidence["report"] == "toy-a"
    assert "北辰大学建设柔性材料研究中心" in evidence["sentence"]
    assert TOY_A[evidence["start"] : evidence["end"]] == "北辰大学建设柔性材料研究中心"


def test_edge_evidence_fetches_one_relation(toy: Store, view) -> None:
    from kg.views.store_view import edge_evidence

    (ev,) = edge_evidence(toy, _node(view, "北辰大学"), "develops", _node(view, "柔性材料研究中心"))
    assert ev["report"] == "toy-a" and TOY_A[ev["start"] : ev["end"]] == "北辰大学建设柔性材料研究中心"
    assert edge_evidence(toy, _node(view, "柔性材料研究中心"), "develops", _node(view, "北辰大学")) == []


def test_path_without_loaded_evidence_asks_for_it(toy: Store) -> None:
    from functools import partial

    from kg.views.store_view import edge_evidence

    bare = entity_graph(toy, evidence=False)
    assert all(d["evidence"] == [] for _, _, d in bare.edges(data=True))
    paths = shortest_paths(bare, resolve(toy, "北辰大学"), resolve(toy, "白鹭电子"), evidence_of=partial(edge_evidence, toy))
    assert all(h.sentence and h.report for p in paths for h in p.hops)


# ------------------------------------------------------------------------------------------ names


def test_resolve_by_label_and_alias(toy: Store, view) -> None:
    assert resolve(toy, "北辰大学") == [_node(view, "北辰大学")]
    assert resolve(toy, "青岚") == [_node(view, "青岚科技")]


def test_resolve_matches_like_lookup(toy: Store, view) -> None:
    assert resolve(toy, "北辰") == [_node(view, "北辰大学")]  # a partial name, as `kg lookup` takes it
    assert resolve(toy, "北辰大學") == [_node(view, "北辰大学")]  # traditional characters


def test_resolve_unknown_name_is_not_found(toy: Store) -> None:
    with pytest.raises(NotFound):
        resolve(toy, "不存在的公司")


def test_resolve_does_not_inject(toy: Store) -> None:
    with pytest.raises(NotFound):
        resolve(toy, '北辰大学"@zh } UNION { ?e ?p ?name } #')


# ------------------------------------------------------------------------------------------ stats


def test_stats_counts_and_rankings(view) -> None:
    stats = graph_stats(view, top=3)
    assert stats.by_type["Enterprise"] == 5
    assert stats.by_type["Industry"] == 3
    assert stats.by_relation == {"inAction": 4, "inIndustry": 5, "develops": 2, "partnersWith": 2, "broader": 1}
    # 青岚科技: 智能传感, 北辰大学, 星河产业跃升行动, 滨江智造园, 远山能源
    top_firm = stats.most_connected["Enterprise"][0]
    assert (top_firm.name, top_firm.degree) == ("青岚科技", 5)
    assert top_firm.betweenness > 0
    assert stats.most_connected["University"][0].name == "北辰大学"
    # 松涛食品 is in 食品加工, which is narrower than 食品产业: it counts for both
    assert [(i.name, i.firms, i.direct_firms, i.members) for i in stats.industries] == [
        ("智能传感", 3, 3, 4), ("食品加工", 1, 1, 1), ("食品产业", 1, 0, 1),
    ]  # fmt: skip
    # the main component, and 孤星农场 and 云岭县 alone
    assert (stats.components, stats.isolated) == (3, 2)
    assert stats.largest_components[0].size == 11
    assert stats.reports == 2


def test_stats_on_empty_graph() -> None:
    import networkx as nx

    stats = graph_stats(nx.MultiDiGraph())
    assert (stats.entities, stats.components, stats.industries) == (0, 0, [])


# ------------------------------------------------------------------------------------------- path


def test_path_skips_plan_structure_by_default(view) -> None:
    paths = shortest_paths(view, [_node(view, "北辰大学")], [_node(view, "白鹭电子")])
    texts = {p.as_text() for p in paths}
    assert texts == {
        "北辰大学 —develops→ 柔性材料研究中心 —inIndustry→ 智能传感 ←inIndustry— 白鹭电子",
        "北辰大学 ←partnersWith— 青岚科技 —inIndustry→ 智能传感 ←inIndustry— 白鹭电子",
    }
    hop = next(p for p in paths if p.hops[0].relation == "develops").hops[0]
    assert "北辰大学建设柔性材料研究中心" in hop.sentence and hop.report == "toy-a"


def test_path_through_actions_when_asked(view) -> None:
    (path,) = shortest_paths(view, [_node(view, "北辰大学")], [_node(view, "白鹭电子")], structure=True)
    assert path.as_text() == "北辰大学 —inAction→ 星河产业跃升行动 ←inAction— 白鹭电子"


def test_path_respects_max_hops_and_components(view) -> None:
    a, b = _node(view, "北辰大学"), _node(view, "白鹭电子")
    assert shortest_paths(view, [a], [b], max_hops=2) == []
    assert shortest_paths(view, [a], [_node(view, "孤星农场")]) == []


# ---------------------------------------------------------------------------------------- related


def test_related_ranks_entities_sharing_most(view) -> None:
    ranked = related(view, [_node(view, "白鹭电子")])
    first = ranked[0]
    assert first.name == "青岚科技"  # shares both the industry and the action
    assert first.shared == {"inIndustry": ["智能传感"], "inAction": ["星河产业跃升行动"]}
    names = [r.name for r in ranked]
    assert set(names) == {"青岚科技", "远山能源", "柔性材料研究中心", "北辰大学", "松涛食品"}
    assert "白鹭电子" not in names


def test_related_via_partners(view) -> None:
    ranked = {r.name: r for r in related(view, [_node(view, "北辰大学")])}
    # 北辰大学 and 远山能源 both partner with 青岚科技
    assert ranked["远山能源"].shared == {"partnersWith": ["青岚科技"]}


# -------------------------------------------------------------------------------------------- CLI


def test_cli_stats_path_related_json(toy_out: Path) -> None:
    stats = run_kg("stats", "--store", str(toy_out), "--format", "json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["most_connected"]["Enterprise"][0]["name"] == "青岚科技"

    path = run_kg("path", "北辰大学", "白鹭电子", "--store", str(toy_out), "--format", "json")
    assert path.returncode == 0, path.stderr
    paths = json.loads(path.stdout)["paths"]
    assert {len(p["hops"]) for p in paths} == {3}
    assert paths[0]["hops"][0]["sentence"]

    rel = run_kg("related", "白鹭电子", "--store", str(toy_out), "--format", "json")
    assert rel.returncode == 0, rel.stderr
    assert json.loads(rel.stdout)["related"][0]["name"] == "青岚科技"


def test_cli_text_output_and_errors(toy_out: Path) -> None:
    path = run_kg("path", "北辰大学", "白鹭电子", "--store", str(toy_out))
    assert path.returncode == 0 and "—develops→ 柔性材料研究中心" in path.stdout
    missing = run_kg("path", "北辰大学", "没有这家", "--store", str(toy_out))
    assert missing.returncode != 0 and missing.stderr.startswith("kg: error:") and "Traceback" not in missing.stderr
    none = run_kg("path", "北辰大学", "孤星农场", "--store", str(toy_out))
    assert none.returncode != 0 and "no path" in none.stderr


# ----------------------------------------------------------------------------------------- sample


def _gold(key: str) -> list[dict]:
    return json.loads((GOLD / "000_f0b6f9fa8693aedd.gold.json").read_text(encoding="utf-8"))[key]


def _gold_relations() -> list[dict]:
    return _gold("relations")


def _gold_entities() -> list[dict]:
    return _gold("entities")


@pytest.fixture(scope="module")
def sample_view(sample_store: Path):
    return entity_graph(open_store(sample_store))


def test_sample_path_jiangnan_to_mapeide(sample_store: Path, sample_view) -> None:
    """The issue's example: 江南大学 → develops 功能性食品研发中心 → inIndustry 食品产业 ← inIndustry 马培德."""
    store = open_store(sample_store)
    paths = shortest_paths(sample_view, resolve(store, "江南大学"), resolve(store, "马培德"))
    assert paths, "no path between 江南大学 and 马培德"
    food = {"食品产业", "绿色食品"}  # the gold lets either industry carry these firms
    shapes = [[(h.source, h.relation, h.forward, h.target) for h in p.hops] for p in paths]
    assert any(
        len(s) == 3
        and s[0] == ("江南大学", "develops", True, "功能性食品研发中心")
        and s[1][:3] == ("功能性食品研发中心", "inIndustry", True) and s[1][3] in food
        and s[2][1:] == ("inIndustry", False, "马培德")
        for s in shapes
    ), shapes
    first_hop = next(p.hops[0] for p in paths if p.hops[0].relation == "develops")
    assert "功能性食品研发中心" in first_hop.sentence


@pytest.mark.slow
@needs_gold
def test_sample_stats_gold_rankings(sample_view) -> None:
    stats = graph_stats(sample_view, top=5)
    # gold: 盛美诺 is in an industry, partners an institute, co-builds a park and is named in an action
    assert stats.most_connected["Enterprise"][0].name == "盛美诺"
    # gold: six firms are placed in the food industry (as 食品产业 or 绿色食品), more than in any other
    food = {"食品产业", "绿色食品"}
    food_firms = {r["subject"] for r in _gold_relations() if r["predicate"] == "inIndustry" and set(r["object"]) & food}
    gold_firms = {e["name"] for e in _gold_entities() if e["type"] == "Enterprise"}
    assert stats.industries[0].name in food
    assert stats.industries[0].firms == len(food_firms & gold_firms) == 6
    gold_universities = {r["subject"] for r in _gold_relations() if r["subject"].endswith("大学")}
    assert stats.most_connected["University"][0].name in gold_universities
    for etype in ("Enterprise", "University", "Park", "Industry", "Action"):
        assert stats.by_type.get(etype, 0) > 0


def test_sample_cli_path_prints_the_issue_example(sample_store: Path) -> None:
    done = run_kg("path", "江南大学", "马培德", "--store", str(sample_store), "--format", "json")
    assert done.returncode == 0, done.stderr
    texts = [p["text"] for p in json.loads(done.stdout)["paths"]]
    assert any(
        t in texts
        for t in (
            "江南大学 —develops→ 功能性食品研发中心 —inIndustry→ 食品产业 ←inIndustry— 马培德",
            "江南大学 —develops→ 功能性食品研发中心 —inIndustry→ 绿色食品 ←inIndustry— 马培德",
        )
    ), texts
