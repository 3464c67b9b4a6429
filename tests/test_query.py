"""kg query / kg queries: named queries on a toy store, parameters as bound terms, formats, errors.

The toy store holds two invented reports of one invented city, written here and mapped to RDF by
the real kg.graph.rdf and kg.graph.store code, so every expected answer follows from the toy's design.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Iterator, Optional

import pytest
from pyoxigraph import Literal, NamedNode, Store

from kg.extract.clean import clean
from kg.errors import NotFound
from kg.model import Bound, Entity, EntityType, Extraction, Mention, Quantity, Relation, Report, ReportMeta, TargetKind
from kg.graph.named_queries import bind_parameters, named_queries, resolve, to_term
from kg.graph.query import QueryError, run, run_local, with_values
from kg.graph.query_output import display_width, format_result, rows, table
from kg.graph.sparql_text import outer_group_start
from kg.extract.segment import segment
from kg.graph.store import open_store

from .conftest import run_kg, store_of

E = EntityType

EAST = (
    "二、2025年工作安排\n"
    "一、培育现代产业\n"
    "实施链群跃升行动。支持禾丰食品、蓝湾乳业扩大产能。溪谷物流投资建设星河食品产业园。"
    "青川大学与云岭研究院共建智能装备中试平台。北辰制造推进智能化改造。开展百园提质专项行动。"
    "地区生产总值增长6%左右。去年地区生产总值增长5.8%。\n"
)
WEST = "二、2026年工作安排\n禾丰食品建设冷链中心。地区生产总值增长5.5%以上。去年地区生产总值增长6.3%。\n"
ACTION, SUB_ACTION, KEY_TASK = "链群跃升行动", "百园提质专项行动", "培育现代产业"


def _doc(rid: str, text: str, year: int):
    report = Report(id=rid, path=f"{rid}.txt", text=text, meta=ReportMeta(region="东川市", level="市", year=year))
    return segment(report, clean(text))


def _at(doc, surface: str) -> tuple[int, int, int]:
    start = doc.report.text.index(surface)
    return doc.sentence_at(start).index, start, start + len(surface)


def _entity(doc, name: str, etype: EntityType, broader: Optional[str] = None) -> Entity:
    sentence, start, end = _at(doc, name)
    return Entity(name, etype, mentions=[Mention(start, end, name, sentence, "toy", 1.0)], broader=broader)


def _rel(doc, s: str, st: EntityType, p: str, o: str, ot: EntityType, evidence: str) -> Relation:
    sentence, start, end = _at(doc, evidence)
    return Relation(s, st, p, o, ot, sentence, start, end, "toy", 0.9)


def _growth(doc, value: float, bound: Bound, evidence: str, horizon: Optional[int], achieved: bool = False) -> Quantity:
    sentence, start, end = _at(doc, evidence)
    return Quantity("地区生产总值", TargetKind.GROWTH, value, "%", bound, value, "%", horizon, None,
                    sentence, start, end, "toy", 0.8, achieved)  # fmt: skip


def toy_extractions() -> list[Extraction]:
    east = _doc("toy-east-2025", EAST, 2025)
    entities = [
        _entity(east, "禾丰食品", E.ENTERPRISE),
        _entity(east, "蓝湾乳业", E.ENTERPRISE),
        _entity(east, "溪谷物流", E.ENTERPRISE),
        _entity(east, "北辰制造", E.ENTERPRISE),
        _entity(east, "青川大学", E.UNIVERSITY),
        _entity(east, "云岭研究院", E.RESEARCH_INSTITUTE),
        _entity(east, "星河食品产业园", E.PARK),
        _entity(east, "智能装备中试平台", E.PLATFORM),
        _entity(east, "食品", E.INDUSTRY),
        _entity(east, "智能装备", E.INDUSTRY),
        _entity(east, ACTION, E.ACTION),
        _entity(east, SUB_ACTION, E.ACTION),
        _entity(east, KEY_TASK, E.KEY_TASK),
    ]
    # 食品产业 is named "食品" once in the text; 绿色食品 only appears inside a park's name.
    entities[8].name, entities[8].aliases = "食品产业", ["食品"]
    sentence, start, _ = _at(east, "星河食品产业园")
    entities.append(Entity("绿色食品", E.INDUSTRY, mentions=[Mention(start + 2, start + 4, "食品", sentence, "toy", 0.5)],
                           broader="食品产业"))  # fmt: skip
    relations = [
        _rel(east, "禾丰食品", E.ENTERPRISE, "inIndustry", "绿色食品", E.INDUSTRY, "支持禾丰食品"),
        _rel(east, "蓝湾乳业", E.ENTERPRISE, "inIndustry", "食品产业", E.INDUSTRY, "蓝湾乳业扩大产能"),
        _rel(east, "溪谷物流", E.ENTERPRISE, "develops", "星河食品产业园", E.PARK, "溪谷物流投资建设星河食品产业园"),
        _rel(east, "星河食品产业园", E.PARK, "inIndustry", "绿色食品", E.INDUSTRY, "星河食品产业园"),
        _rel(east, "青川大学", E.UNIVERSITY, "develops", "智能装备中试平台", E.PLATFORM, "青川大学与云岭研究院共建智能装备中试平台"),
        _rel(east, "云岭研究院", E.RESEARCH_INSTITUTE, "develops", "智能装备中试平台", E.PLATFORM, "云岭研究院共建智能装备中试平台"),
        _rel(east, "青川大学", E.UNIVERSITY, "partnersWith", "云岭研究院", E.RESEARCH_INSTITUTE, "青川大学与云岭研究院共建"),
        _rel(east, "智能装备中试平台", E.PLATFORM, "inIndustry", "智能装备", E.INDUSTRY, "智能装备中试平台"),
        _rel(east, ACTION, E.ACTION, "partOf", KEY_TASK, E.KEY_TASK, ACTION),
        _rel(east, SUB_ACTION, E.ACTION, "partOf", ACTION, E.ACTION, SUB_ACTION),
    ] + [
        _rel(east, name, etype, "inAction", ACTION, E.ACTION, name)
        for name, etype in (("禾丰食品", E.ENTERPRISE), ("蓝湾乳业", E.ENTERPRISE), ("溪谷物流", E.ENTERPRISE), ("青川大学", E.UNIVERSITY))
    ]
    east_extraction = Extraction(
        east,
        entities,
        relations,
        [_growth(east, 6, Bound.APPROX, "地区生产总值增长6%左右", None)],
        [_growth(east, 5.8, Bound.EXACT, "地区生产总值增长5.8%", 2024, achieved=True)],
    )
    west = _doc("toy-west-2026", WEST, 2026)
    west_extraction = Extraction(
        west,
        [_entity(west, "禾丰食品", E.ENTERPRISE), _entity(west, "冷链中心", E.PLATFORM)],
        [_rel(west, "禾丰食品", E.ENTERPRISE, "develops", "冷链中心", E.PLATFORM, "禾丰食品建设冷链中心")],
        [_growth(west, 5.5, Bound.AT_LEAST, "地区生产总值增长5.5%以上", None)],
        [_growth(west, 6.3, Bound.EXACT, "地区生产总值增长6.3%", None, achieved=True)],
    )
    return [east_extraction, west_extraction]


def build_query_toy(out: Path) -> Path:
    return store_of(out, toy_extractions())


@pytest.fixture(scope="module")
def toy_out() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield build_query_toy(Path(tmp))


@pytest.fixture(scope="module")
def toy(toy_out: Path) -> Store:
    return open_store(toy_out)


def answer(toy_out: Path, name: str, **params: str) -> list[dict[str, str]]:
    return rows(run(name, toy_out, params=params))


def column(result: list[dict[str, str]], name: str) -> list[str]:
    return [r.get(name, "") for r in result]


def split(cell: str) -> set[str]:
    return set(cell.split("、")) if cell else set()


# ---------------------------------------------------------------- named queries on the toy


def test_food_industry_firms_follow_broader_and_developed_parks(toy_out: Path) -> None:
    result = answer(toy_out, "food-industry-firms")
    assert column(result, "firm") == sorted(["禾丰食品", "蓝湾乳业", "溪谷物流"])
    by_firm = {r["firm"]: r for r in result}
    assert by_firm["禾丰食品"]["industries"] == "绿色食品"
    assert by_firm["溪谷物流"]["through"] == "星河食品产业园"
    assert set(column(result, "industry")) == {"食品产业"}


def test_food_industry_firms_parameter_narrows_and_matches_alias(toy_out: Path) -> None:
    assert column(answer(toy_out, "food-industry-firms", industry="绿色食品"), "firm") == sorted(["禾丰食品", "溪谷物流"])
    assert column(answer(toy_out, "food-industry-firms", industry="食品"), "firm") == sorted(["禾丰食品", "蓝湾乳业", "溪谷物流"])
    assert column(answer(toy_out, "food-industry-firms", industry="食品行业"), "firm") == sorted(["禾丰食品", "蓝湾乳业", "溪谷物流"])
    assert answer(toy_out, "food-industry-firms", industry="智能装备") == []  # only a university builds there


def test_partner_institutions(toy_out: Path) -> None:
    result = {r["institution"]: r for r in answer(toy_out, "partner-institutions")}
    assert set(result) == {"青川大学", "云岭研究院"}
    assert result["青川大学"]["type"] == "University"
    assert result["青川大学"]["builds"] == "智能装备中试平台"
    assert result["青川大学"]["built_with"] == "云岭研究院"
    assert result["云岭研究院"]["partners"] == "青川大学"  # partnersWith is read both ways


def test_parks_and_platforms(toy_out: Path) -> None:
    result = {r["site"]: r for r in answer(toy_out, "parks-and-platforms")}
    assert set(result) == {"星河食品产业园", "智能装备中试平台", "冷链中心"}
    assert (result["星河食品产业园"]["type"], result["星河食品产业园"]["industries"]) == ("Park", "绿色食品")
    assert split(result["智能装备中试平台"]["developers"]) == {"青川大学", "云岭研究院"}
    assert result["冷链中心"]["developers"] == "禾丰食品" and not result["冷链中心"].get("industries")
    assert column(answer(toy_out, "parks-and-platforms", type="Park"), "site") == ["星河食品产业园"]


def test_action_entities(toy_out: Path) -> None:
    result = answer(toy_out, "action-entities")
    assert {(r["report"], r["action"]) for r in result} == {("toy-east-2025", ACTION)}
    assert {(r["type"], r["entity"]) for r in result} == {
        ("Enterprise", "禾丰食品"), ("Enterprise", "蓝湾乳业"), ("Enterprise", "溪谷物流"), ("University", "青川大学")
    }  # fmt: skip
    assert answer(toy_out, "action-entities", action=SUB_ACTION) == []


def test_industries_ranked_by_firms(toy_out: Path) -> None:
    result = answer(toy_out, "industries-by-firms")
    assert [(r["industry"], r["firms"], r["direct_firms"], r["names"]) for r in result] == [
        ("食品", "3", "1", "食品产业"),
        ("绿色食品", "2", "1", "绿色食品"),
    ]


def test_fact_source_gives_sentence_and_span(toy_out: Path) -> None:
    result = answer(toy_out, "fact-source", subject="溪谷物流")
    develops = [r for r in result if r["predicate"] == "develops"]
    assert len(develops) == 1
    fact = develops[0]
    assert fact["object"] == "星河食品产业园" and fact["report"] == "toy-east-2025"
    assert fact["span"] == "溪谷物流投资建设星河食品产业园" == EAST[int(fact["start"]) : int(fact["end"])]
    assert fact["span"] in fact["text"]
    assert {r["predicate"] for r in result} == {"develops", "inAction", "mention"}


def test_fact_source_covers_targets(toy_out: Path) -> None:
    result = answer(toy_out, "fact-source", subject="地区生产总值")
    spans = {(r["report"], r["predicate"], r["span"]) for r in result}
    assert ("toy-west-2026", "Target", "地区生产总值增长5.5%以上") in spans
    assert ("toy-east-2025", "Achievement", "地区生产总值增长5.8%") in spans


def test_multi_report_entities(toy_out: Path) -> None:
    result = answer(toy_out, "multi-report-entities")
    assert [(r["entity"], r["type"], r["reports"]) for r in result] == [("禾丰食品", "Enterprise", "2")]
    assert set(result[0]["in_reports"].split(", ")) == {"toy-east-2025", "toy-west-2026"}
    assert answer(toy_out, "multi-report-entities", type="Platform") == []


def test_indicator_targets_across_reports_and_years(toy_out: Path) -> None:
    result = answer(toy_out, "indicator-targets", indicator="地区生产总值")
    assert [(r["year"], r["kind"], r["bound"], r["value"], r["unit"], r["region"]) for r in result] == [
        ("2025", "Growth", "Approx", "6", "%", "东川市"),
        ("2026", "Growth", "AtLeast", "5.5", "%", "东川市"),
    ]
    assert answer(toy_out, "indicator-targets", indicator="外贸进出口总额") == []


def test_targets_vs_achievements(toy_out: Path) -> None:
    result = answer(toy_out, "targets-vs-achievements", indicator="地区生产总值")
    pairs = {(r["target_year"], r["target_value"], r["achieved_year"], r["achieved_value"]) for r in result}
    # a target beside the year before's result only: the 2024 figure has an explicit horizon; the
    # 2026 report's "去年" figure is for 2025
    assert pairs == {("2025", "6", "2024", "5.8"), ("2026", "5.5", "2025", "6.3")}
    later = next(r for r in result if r["target_year"] == "2026")
    assert float(later["difference"]) == pytest.approx(0.8)


def test_firms_without_industry(toy_out: Path) -> None:
    result = {r["firm"]: r for r in answer(toy_out, "firms-without-industry")}
    assert set(result) == {"北辰制造", "溪谷物流"}
    assert result["溪谷物流"]["develops"] == "星河食品产业园"


def test_plan_structure(toy_out: Path) -> None:
    result = answer(toy_out, "plan-structure")
    assert [(r["report"], r.get("key_task"), r["action"], r["sub_actions"]) for r in result] == [
        ("toy-east-2025", KEY_TASK, ACTION, SUB_ACTION)
    ]


def test_plan_structure_keeps_every_key_task_of_an_action(tmp_path: Path) -> None:
    """A sub-action that the report also names under a key task is listed in both places; an
    action stated outside the key tasks has a row without one."""
    text = "二、2025年工作安排\n一、培育现代产业\n实施链群跃升行动。开展百园提质专项行动。\n此外，实施城乡焕新工程。\n"
    doc = _doc("toy-north-2025", text, 2025)
    entities = [_entity(doc, name, E.ACTION) for name in (ACTION, SUB_ACTION, "城乡焕新工程")]
    relations = [
        _rel(doc, ACTION, E.ACTION, "partOf", KEY_TASK, E.KEY_TASK, ACTION),
        _rel(doc, SUB_ACTION, E.ACTION, "partOf", ACTION, E.ACTION, SUB_ACTION),
        _rel(doc, SUB_ACTION, E.ACTION, "partOf", KEY_TASK, E.KEY_TASK, SUB_ACTION),
    ]
    out = store_of(tmp_path, [Extraction(doc, entities + [_entity(doc, KEY_TASK, E.KEY_TASK)], relations, [], [])])
    result = answer(out, "plan-structure")
    assert [(r.get("key_task", ""), r["action"], r.get("sub_actions", "")) for r in result] == [
        ("", "城乡焕新工程", ""),
        (KEY_TASK, SUB_ACTION, ""),  # code-point order: 百 before 链
        (KEY_TASK, ACTION, SUB_ACTION),
    ]


def test_main_expected_targets_once_each_when_reports_share_a_region(tmp_path: Path) -> None:
    """Every report of a region labels the region in its own graph; the union default graph keeps
    each copy, and a query that read the label there listed each target once per report."""
    from kg.api import build

    for year in (2025, 2026):
        (tmp_path / f"东川市-{year}.txt").write_text(
            f"二、{year}年工作安排\n{year}年经济社会发展主要预期目标是：地区生产总值增长6%左右。\n", encoding="utf-8"
        )
    build([str(tmp_path / "东川市-2025.txt"), str(tmp_path / "东川市-2026.txt")], tmp_path / "out")
    result = answer(tmp_path / "out", "main-expected-targets")
    assert [(r["report"], r["region"], r["indicator"], r["value"]) for r in result] == [
        ("东川市-2025", "东川市", "地区生产总值", "6"),
        ("东川市-2026", "东川市", "地区生产总值", "6"),
    ]


def test_reports(toy_out: Path) -> None:
    result = answer(toy_out, "reports")
    assert [(r["report"], r["region"], r["year"], r["targets"], r["achievements"]) for r in result] == [
        ("toy-east-2025", "东川市", "2025", "1", "1"),
        ("toy-west-2026", "东川市", "2026", "1", "1"),
    ]
    assert [r["entities"] for r in result] == [str(len(toy_extractions()[0].entities)), "2"]


def test_every_named_query_runs_and_values_binding_agrees(toy: Store) -> None:
    """The remote path (a VALUES block) and the embedded path (substitutions) give the same answer."""
    queries = named_queries()
    assert len(queries) >= 12
    for q in queries:
        bindings = bind_parameters({p.name: "禾丰食品" for p in q.parameters if p.required}, q)
        embedded = sorted(map(str, run_local(toy, q.text, bindings)))
        inlined = sorted(map(str, run_local(toy, with_values(q.text, bindings))))
        assert embedded == inlined, q.name


def test_named_query_headers_have_both_questions() -> None:
    for q in named_queries():
        assert q.question_zh and q.question_en, q.name
        assert any("\u4e00" <= c <= "\u9fff" for c in q.question_zh), q.name
        for p in q.parameters:
            assert f"?{p.name}" in q.text.split("WHERE")[0], f"{q.name}: ?{p.name} must be selected"


# ---------------------------------------------------------------- parameters are terms, not text


def test_parameter_terms() -> None:
    assert to_term("食品产业", "zh") == Literal("食品产业", language="zh")
    assert to_term("2025", "year") == Literal("2025", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))
    assert to_term("plan:Park", "iri") == NamedNode("https://w3id.org/plankg/ontology#Park")
    assert to_term('"x"@en', "zh") == Literal("x", language="en")
    with pytest.raises(QueryError):
        to_term("twenty", "integer")
    with pytest.raises(QueryError):
        to_term('"a" . <urn:x> <urn:y> "b"', "string")  # term syntax must be exactly one term


def test_required_parameter() -> None:
    _, named = resolve("fact-source")
    with pytest.raises(QueryError, match="needs --param subject"):
        bind_parameters([], named)
    assert bind_parameters(["subject=禾丰食品"], named) == {"subject": Literal("禾丰食品", language="zh")}


def test_unknown_parameter_of_a_named_query_is_refused() -> None:
    _, named = resolve("food-industry-firms")
    with pytest.raises(QueryError, match="industry"):
        bind_parameters(["sector=食品"], named)
    with pytest.raises(QueryError, match="NAME=VALUE"):
        bind_parameters(["industry"], named)


def test_injection_attempt_is_just_a_value(toy_out: Path) -> None:
    hostile = '食品产业" } ?f ?p ?o . { ?f ?p "'
    with pytest.raises(NotFound, match="no entity named"):  # a name parameter: matched, never query text
        answer(toy_out, "food-industry-firms", industry=hostile)
    assert answer(toy_out, "fact-source", subject=hostile) == []  # a zh parameter: bound as a literal
    text = with_values("SELECT ?x WHERE { }", {"x": to_term(hostile, "zh")})
    assert rows(run_local(Store(), text)) == [{"x": hostile}]  # the VALUES row, verbatim


def test_outer_group_found_past_comments_strings_and_templates() -> None:
    q = '# a { in a comment\nPREFIX p: <http://x/a#>\nSELECT ?a (CONCAT("{", ?b) AS ?c) WHERE { ?a p:q ?b }'
    assert q[outer_group_start(q) - 7 : outer_group_start(q)] == "WHERE {"
    c = "CONSTRUCT { ?s <http://x/p> ?o } WHERE { ?s ?q ?o }"
    assert c[: outer_group_start(c)].endswith("WHERE {")
    with pytest.raises(QueryError):
        outer_group_start("DESCRIBE <http://x/a>")


# ---------------------------------------------------------------- resolving and errors


def test_resolve_name_path_and_inline(tmp_path: Path) -> None:
    text, named = resolve("reports")
    assert named is not None and named.name == "reports" and "plan:Report" in text
    f = tmp_path / "mine.rq"
    f.write_text("# Question: how many?\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    text, named = resolve(str(f))
    assert named is not None and named.question_en == "how many?"
    text, named = resolve("ASK { ?s ?p ?o }")
    assert named is None and text == "ASK { ?s ?p ?o }"
    with pytest.raises(NotFound, match="food-industry-firms"):
        resolve("food-firms")


def test_update_is_refused(toy: Store) -> None:
    with pytest.raises(QueryError, match="read-only"):
        run_local(toy, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(QueryError, match="read-only"):
        run_local(toy, "PREFIX x: <urn:x:>\nDELETE WHERE { ?s x:p ?o }")
    assert not list(toy.quads_for_pattern(NamedNode("urn:a"), None, None))


def test_malformed_query_reports_position(toy: Store) -> None:
    with pytest.raises(QueryError) as info:
        run_local(toy, "SELECT ?x\nWHERE {\n  ?x ?y\n}")
    message = str(info.value)
    assert message.startswith("malformed SPARQL") and "at 4:" in message and "\n" not in message


# ---------------------------------------------------------------- output


def test_table_is_aligned_by_display_width() -> None:
    out = table(["名称", "n"], [["马A", "1"], ["abc", "22"], ["长长的名字", "3"]])
    lines = out.splitlines()
    col = display_width("长长的名字") + 2
    for line in [lines[0]] + lines[2:5]:
        i = next(k for k in range(len(line)) if display_width(line[:k]) == col)
        assert line[i - 1] == " " and line[i] != " "
    assert lines[-1] == "(3 rows)"


def test_formats(toy: Store) -> None:
    q = 'SELECT ?name ?n WHERE { VALUES (?name ?n) { ("禾丰, \\"食品\\""@zh 1) } }'
    as_json = json.loads(format_result(run_local(toy, q), "json"))
    assert as_json["head"]["vars"] == ["name", "n"]
    assert as_json["results"]["bindings"][0]["name"] == {"type": "literal", "value": '禾丰, "食品"', "xml:lang": "zh"}
    assert list(csv.reader(io.StringIO(format_result(run_local(toy, q), "csv")))) == [["name", "n"], ['禾丰, "食品"', "1"]]
    assert format_result(run_local(toy, q), "tsv").splitlines()[0] == "?name\t?n"
    assert format_result(run_local(toy, "ASK { ?s a <https://w3id.org/plankg/ontology#Report> }"), "table") == "true"
    turtle = format_result(run_local(toy, "CONSTRUCT { ?r a ?c } WHERE { ?r a ?c . FILTER(?c = <https://w3id.org/plankg/ontology#Report>) }"))
    assert "plan:Report" in turtle


# ---------------------------------------------------------------- the command line


def test_cli_query_named_with_param(toy_out: Path) -> None:
    done = run_kg("query", "food-industry-firms", "--store", str(toy_out), "--param", "industry=绿色食品", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert [r["firm"] for r in csv.DictReader(io.StringIO(done.stdout))] == sorted(["禾丰食品", "溪谷物流"])


def test_cli_query_errors_are_one_line(toy_out: Path) -> None:
    for query, expected in (("DELETE DATA { <urn:a> <urn:b> <urn:c> }", "read-only"), ("SELECT * WHERE { ?s }", "malformed SPARQL")):
        done = run_kg("query", query, "--store", str(toy_out))
        assert done.returncode != 0 and expected in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_cli_queries_lists_every_named_query() -> None:
    done = run_kg("queries")
    assert done.returncode == 0, done.stderr
    for q in named_queries():
        assert q.name in done.stdout and q.question_zh in done.stdout and q.question_en in done.stdout
