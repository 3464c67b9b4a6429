"""Every named query answers correctly on the sample (data/xiangshan-2024-work-plan.txt).

Expected answers are the gold facts of ../shared/gold/000_f0b6f9fa8693aedd.gold.json (the client's
statements in the issue), written out below so these tests run where ../shared is absent;
test_expected_facts_are_the_gold_facts checks them against the gold file when it is here.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kg.evaluation.evaluate import similar_indicators
from kg.graph.named_queries import named_queries
from kg.graph.query import run
from kg.graph.query_output import rows

from .conftest import CORPUS, GOLD, SAMPLE, needs_shared, run_kg

GOLD_SAMPLE = GOLD / "000_f0b6f9fa8693aedd.gold.json"
SUFFIX = re.compile(r"(产业集群|产业|行业|领域)$")

# The issue: "kg query food-industry-firms lists exactly …" (家家悦 through the park it develops).
FOOD_FIRMS = {"马培德", "吉源食品", "德兰和创", "今麦郎", "虹源饲料", "苏太太", "家家悦"}
ENTERPRISES = FOOD_FIRMS | {"盛美诺", "翌光科技", "多成电子", "川淮电子", "合特光电", "汉合能源", "工投集团"}
# gold relations (subject, predicate, any of these objects)
IN_INDUSTRY = {
    "马培德": {"食品产业", "绿色食品"}, "吉源食品": {"食品产业", "绿色食品"}, "德兰和创": {"食品产业", "绿色食品"},
    "今麦郎": {"食品产业", "绿色食品"}, "虹源饲料": {"食品产业", "绿色食品"}, "苏太太": {"食品产业", "绿色食品"},
    "家家悦综合产业园二期": {"食品产业", "绿色食品"}, "绿色食品冷链综合产业园": {"食品产业", "绿色食品"},
    "功能性食品研发中心": {"食品产业", "绿色食品"}, "盛美诺": {"生物科技"}, "多肽产业园": {"生物科技"},
    "汽车部件产业科技成果转化中心": {"汽车产业"}, "翌光科技": {"汽车电子", "汽车产业"},
    "多成电子": {"汽车电子", "汽车产业"}, "川淮电子": {"汽车电子", "汽车产业"},
    "合特光电": {"先进光伏", "新型储能"}, "汉合能源": {"新型储能", "先进光伏"},
}  # fmt: skip
DEVELOPS = {
    ("江南大学", "功能性食品研发中心"), ("盛美诺", "多肽产业园"), ("中科院过程工程研究所", "多肽产业园"),
    ("武汉理工大学", "汽车部件产业科技成果转化中心"), ("家家悦", "家家悦综合产业园二期"),
}  # fmt: skip
PARTNERS = {("盛美诺", "中科院过程工程研究所")}
INSTITUTIONS = {"江南大学": "University", "武汉理工大学": "University", "中科院过程工程研究所": "ResearchInstitute"}
PARKS = {"多肽产业园", "家家悦综合产业园二期", "绿色食品冷链综合产业园"}
PLATFORMS = {"安徽科技大市场淮北市场", "淮海技术产权交易中心", "功能性食品研发中心", "汽车部件产业科技成果转化中心"}
KEY_TASK = "奋勇争先强化创新引领,以更高质量促进产业提档升级"
PART_OF = {
    ("科技创新赋能行动", KEY_TASK), ("工业提质增效行动", KEY_TASK), ("园区固本强基行动", KEY_TASK),
    ("百企百项行动", "科技创新赋能行动"),
}  # fmt: skip
IN_ACTION = {
    "科技创新赋能行动": {"江南大学", "马培德", "吉源食品", "德兰和创", "盛美诺", "中科院过程工程研究所", "武汉理工大学"},
    "工业提质增效行动": {"翌光科技", "多成电子", "川淮电子", "合特光电", "汉合能源", "今麦郎", "虹源饲料", "苏太太", "家家悦"},
    "园区固本强基行动": {"工投集团"},
}  # fmt: skip
# gold targets: (indicator, kind, value, unit, qualifier, action)
TARGETS = [
    ("地区生产总值", "growth", 6, "%", "exact", None),
    ("城镇居民人均可支配收入", "growth", 6.5, "%", "exact", None),
    ("研发创新平台", "count", 7, "家", "exact", "科技创新赋能行动"),
    ("技术合同交易额", "level", 25, "亿元", "exact", "科技创新赋能行动"),
    ("规上工业总产值", "level", 330, "亿元", "at_least", "工业提质增效行动"),
    ("标准化厂房", "level", 18, "万m2", "exact", "园区固本强基行动"),
    ("土地成片开发", "level", 4000, "亩", "approx", "园区固本强基行动"),
]
MAIN_TARGETS = 8  # the gold targets that belong to no action: 主要预期目标
REGION, YEAR = "相山区", 2024


def stem(name: str) -> str:
    """Industry names compare without a trailing 产业集群/产业/行业/领域 (the gold's matching rule)."""
    return SUFFIX.sub("", name)


def split(cell: str) -> set[str]:
    return set(cell.split("、")) if cell else set()


def answer(store: Path, name: str, **params: str) -> list[dict[str, str]]:
    return rows(run(name, store, params=params))


def number(text: str) -> float:
    return float(text)


# ---------------------------------------------------------------- the named queries


def test_food_industry_firms_exactly(sample_store: Path) -> None:
    result = answer(sample_store, "food-industry-firms")
    assert {r["firm"] for r in result} == FOOD_FIRMS
    through = {r["firm"]: r.get("through", "") for r in result}
    assert "家家悦综合产业园二期" in split(through["家家悦"])


def test_cli_food_industry_firms(sample_store: Path) -> None:
    done = run_kg("query", "food-industry-firms", "--store", str(sample_store))
    assert done.returncode == 0, done.stderr
    body = done.stdout.splitlines()[2:-1]  # header, rule … (7 rows)
    assert {line.split()[0] for line in body} == FOOD_FIRMS
    assert done.stdout.splitlines()[-1] == f"({len(FOOD_FIRMS)} rows)"


def test_partner_institutions(sample_store: Path) -> None:
    result = answer(sample_store, "partner-institutions")
    assert {r["institution"]: r["type"] for r in result} == INSTITUTIONS
    builds = {(r["institution"], r.get("builds", "")) for r in result}
    assert {(s, o) for s, o in DEVELOPS if s in INSTITUTIONS} <= builds
    for s, o in DEVELOPS:  # co-builders: other developers of the same site
        for r in result:
            if r.get("builds") == o and r["institution"] != s:
                assert s in split(r.get("built_with", ""))
    for a, b in PARTNERS:
        for institution, partner in ((a, b), (b, a)):
            if institution in INSTITUTIONS:
                assert any(partner in split(r.get("partners", "")) for r in result if r["institution"] == institution)


def test_parks_and_platforms(sample_store: Path) -> None:
    result = {r["site"]: r for r in answer(sample_store, "parks-and-platforms")}
    assert {s for s, r in result.items() if r["type"] == "Park"} == PARKS
    assert {s for s, r in result.items() if r["type"] == "Platform"} == PLATFORMS
    for site, industries in IN_INDUSTRY.items():
        if site in result:
            assert {stem(i) for i in split(result[site].get("industries", ""))} & {stem(i) for i in industries}, site
    for developer, site in DEVELOPS:
        assert developer in split(result[site].get("developers", ""))


def test_action_entities(sample_store: Path) -> None:
    result = answer(sample_store, "action-entities")
    named = {(r["action"], r["entity"]) for r in result}
    assert named == {(a, e) for a, entities in IN_ACTION.items() for e in entities}
    one = answer(sample_store, "action-entities", action="园区固本强基行动")
    assert [(r["entity"], r["type"]) for r in one] == [("工投集团", "Enterprise")]


def test_industries_by_firms_ranking(sample_store: Path) -> None:
    result = answer(sample_store, "industries-by-firms")
    counts = [int(r["firms"]) for r in result]
    assert counts == sorted(counts, reverse=True)
    by_stem = {r["industry"]: int(r["firms"]) for r in result}
    # gold: 7 firms support the food industry (as above), 3 the car industry, 1 biotech
    assert result[0]["industry"] == stem("食品产业") and by_stem[stem("食品产业")] == len(FOOD_FIRMS)
    cars = {f for f, inds in IN_INDUSTRY.items() if f in ENTERPRISES and inds & {"汽车产业", "汽车电子"}}
    assert by_stem[stem("汽车产业")] == len(cars) == 3
    assert by_stem["生物科技"] == 1


def test_fact_source_traces_every_gold_relation_to_its_text(sample_store: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    for subject, objects in list(IN_INDUSTRY.items())[:6] + [(s, {o}) for s, o in DEVELOPS]:
        result = answer(sample_store, "fact-source", subject=subject)
        facts = [r for r in result if r["predicate"] in ("inIndustry", "develops") and (r["object"] in objects or stem(r["object"]) in {stem(o) for o in objects})]
        assert facts, subject
        for fact in facts:
            start, end = int(fact["start"]), int(fact["end"])
            assert fact["span"] == text[start:end] and fact["span"] in fact["text"]
            assert fact["text"] in text
        mentions = [r for r in result if r["predicate"] == "mention"]
        assert mentions and all(text[int(m["start"]) : int(m["end"])] == m["span"] for m in mentions)


def test_fact_source_of_a_target(sample_store: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    result = [r for r in answer(sample_store, "fact-source", subject="地区生产总值") if r["predicate"] == "Target"]
    assert len(result) == 1
    span = result[0]["span"]
    assert span == text[int(result[0]["start"]) : int(result[0]["end"])] and "6%" in span


def test_multi_report_entities(sample_store: Path, tmp_path: Path) -> None:
    assert answer(sample_store, "multi-report-entities") == []  # one report
    copy = tmp_path / "reports"
    copy.mkdir()
    shutil.copy(SAMPLE, copy / SAMPLE.name)
    shutil.copy(SAMPLE, copy / "xiangshan-copy.txt")
    done = run_kg("build", str(copy), "--store", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    result = answer(tmp_path / "out", "multi-report-entities", type="Enterprise")
    assert {r["entity"] for r in result} == ENTERPRISES
    assert {r["reports"] for r in result} == {"2"}
    everything = answer(tmp_path / "out", "multi-report-entities")
    assert not {r["type"] for r in everything} & {"Action", "KeyTask"}  # these belong to one report


def test_indicator_targets(sample_store: Path) -> None:
    result = answer(sample_store, "indicator-targets", indicator="地区生产总值")
    assert [(r["region"], r["year"], r["kind"], r["bound"], number(r["value"]), r["unit"]) for r in result] == [
        (REGION, str(YEAR), "Growth", "Exact", 6.0, "%")
    ]
    assert answer(sample_store, "indicator-targets") == result  # 地区生产总值 is the default
    for indicator, kind, value, unit, _, action in TARGETS:
        if action:  # the main targets' indicators are named exactly as in the gold
            continue
        found = answer(sample_store, "indicator-targets", indicator=indicator)
        assert [(number(r["value"]), r["unit"], r["kind"].lower()) for r in found] == [(value, unit, kind)], indicator


def test_targets_vs_achievements_without_achievements(sample_store: Path) -> None:
    assert answer(sample_store, "targets-vs-achievements") == []  # the fragment reports no achievements


def test_firms_without_industry(sample_store: Path) -> None:
    result = {r["firm"]: r for r in answer(sample_store, "firms-without-industry")}
    assert set(result) == ENTERPRISES - set(IN_INDUSTRY)
    assert split(result["家家悦"].get("develops", "")) == {o for s, o in DEVELOPS if s == "家家悦"}


def test_plan_structure(sample_store: Path) -> None:
    result = answer(sample_store, "plan-structure")
    pairs = {(r["action"], r.get("key_task", "")) for r in result}
    pairs |= {(sub, r["action"]) for r in result for sub in split(r.get("sub_actions", ""))}
    assert pairs == PART_OF


def test_reports(sample_store: Path) -> None:
    result = answer(sample_store, "reports")
    assert [(r["region"], r["year"]) for r in result] == [(REGION, str(YEAR))]
    assert int(result[0]["targets"]) == 36 and int(result[0]["achievements"]) == 0


def test_action_targets(sample_store: Path) -> None:
    result = answer(sample_store, "action-targets")
    for indicator, kind, value, unit, _, action in TARGETS:
        if action:
            assert any(
                r["action"] == action and similar_indicators(r["indicator"], indicator) and number(r["value"]) == value
                for r in result
            ), indicator
    assert {r["action"] for r in result} == {a for *_, a in TARGETS if a}


def test_main_expected_targets(sample_store: Path) -> None:
    result = answer(sample_store, "main-expected-targets")
    assert len(result) == MAIN_TARGETS
    for indicator, kind, value, unit, _, action in TARGETS:
        if action is None:
            assert any(similar_indicators(r["indicator"], indicator) and number(r["value"]) == value for r in result)


def test_every_named_query_is_tested_here() -> None:
    tested = {
        name.replace("_", "-")
        for name in globals()
        if name.startswith("test_")
    }
    for q in named_queries():
        assert any(q.name in t for t in tested), f"no sample test for {q.name}"


# ---------------------------------------------------------------- against ../shared


@pytest.mark.slow
@pytest.mark.skipif(not GOLD_SAMPLE.is_file(), reason="../shared/gold is not here")
def test_expected_facts_are_the_gold_facts() -> None:
    gold = json.loads(GOLD_SAMPLE.read_text(encoding="utf-8"))
    types = {e["name"]: e["type"] for e in gold["entities"]}
    rel = {(r["subject"], r["predicate"]): set(r["object"]) for r in gold["relations"]}
    assert {n for n, t in types.items() if t == "Enterprise"} == ENTERPRISES
    assert {n for n, t in types.items() if t in ("University", "ResearchInstitute")} == set(INSTITUTIONS)
    assert {n for n, t in types.items() if t == "Park"} == PARKS and {n for n, t in types.items() if t == "Platform"} == PLATFORMS
    assert {s: o for (s, p), o in rel.items() if p == "inIndustry"} == IN_INDUSTRY
    assert {(s, o) for (s, p), objs in rel.items() if p == "develops" for o in objs} == DEVELOPS
    assert {(s, o) for (s, p), objs in rel.items() if p == "partnersWith" for o in objs} == PARTNERS
    assert {(s, o) for (s, p), objs in rel.items() if p == "partOf" for o in objs} == PART_OF
    assert {(s, o) for (s, p), objs in rel.items() if p == "inAction" for o in objs} == {
        (e, a) for a, es in IN_ACTION.items() for e in es
    }
    food = {s for (s, p), o in rel.items() if p == "inIndustry" and o & {"食品产业", "绿色食品"} and types[s] == "Enterprise"}
    food |= {s for s, site in DEVELOPS if IN_INDUSTRY.get(site, set()) & {"食品产业", "绿色食品"} and types[s] == "Enterprise"}
    assert food == FOOD_FIRMS
    gold_targets = [(t["indicator"], t["kind"], t["value"], t["unit"], t["qualifier"], t.get("action")) for t in gold["targets"]]
    assert set(TARGETS) <= set(gold_targets)
    assert sum(1 for t in gold["targets"] if not t.get("action")) == MAIN_TARGETS
    assert (gold["region"], gold["year"]) == (REGION, YEAR) and not gold.get("achievements")


@pytest.mark.slow
@needs_shared
def test_targets_vs_achievements_on_a_province(tmp_path: Path) -> None:
    """安徽省-2026 reports 2025's growth and sets 2026's: the gold pairs appear side by side."""
    gold = json.loads((GOLD / "安徽省-2026.gold.json").read_text(encoding="utf-8"))
    done = run_kg("build", str(CORPUS / "安徽省-2026.txt"), "--store", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    result = answer(tmp_path / "out", "targets-vs-achievements", indicator="地区生产总值")
    got = {(r["kind"], r["target_year"], number(r["target_value"]), r["achieved_year"], number(r["achieved_value"])) for r in result}
    expected = {
        (t["kind"].capitalize(), str(t["horizon"]), float(t["value"]), str(a["horizon"]), float(a["value"]))
        for t in gold["targets"]
        for a in gold["achievements"]
        if t["indicator"] == a["indicator"] == "地区生产总值" and t["kind"] == a["kind"] and t["unit"] == a["unit"]
    }
    assert expected and expected <= got


# ------------------------------------------------ regions and the industries they prioritise

# The industries the sample's work section targets (the gold's inIndustry objects), bare of 产业.
PRIORITISED = {"食品", "绿色食品", "生物科技", "汽车", "汽车电子", "先进光伏", "新型储能"}


def _bare(name: str) -> str:
    return SUFFIX.sub("", name)


def test_region_industry_profile(sample_store: Path) -> None:
    result = answer(sample_store, "region-industry-profile", region="相山区")
    assert PRIORITISED <= {_bare(r["industry"]) for r in result}
    for r in result:
        assert r["region"] == "相山区" and _bare(r["industry"])[:2] in r["sentence"]
    assert answer(sample_store, "region-industry-profile", region="淮北市") == []


def test_regions_prioritising_reaches_narrower_industries(sample_store: Path) -> None:
    result = answer(sample_store, "regions-prioritising", industry="食品产业")
    assert {r["region"] for r in result} == {"相山区"}
    assert {"食品", "绿色食品"} <= {_bare(r["named"]) for r in result}  # 绿色食品 is narrower than 食品产业
    assert all(_bare(r["named"])[:2] in r["sentence"] for r in result)


def test_industries_by_regions(sample_store: Path) -> None:
    result = answer(sample_store, "industries-by-regions")
    assert PRIORITISED <= {_bare(r["industry"]) for r in result}
    assert {r["regions"] for r in result} == {"1"} and {r["which"] for r in result} == {"相山区"}


def test_regions_sharing_industries(sample_store: Path, tmp_path: Path) -> None:
    assert answer(sample_store, "regions-sharing-industries") == []  # one region
    copy = tmp_path / "reports"
    copy.mkdir()
    shutil.copy(SAMPLE, copy / SAMPLE.name)
    shutil.copy(SAMPLE.with_suffix(".meta.yaml"), copy / SAMPLE.with_suffix(".meta.yaml").name)
    (copy / "other.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (copy / "other.meta.yaml").write_text("region: 濉溪县\nyear: 2024\n", encoding="utf-8")
    done = run_kg("build", str(copy), "--store", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    [pair] = answer(tmp_path / "out", "regions-sharing-industries")
    assert {pair["region"], pair["other"]} == {"相山区", "濉溪县"}
    assert PRIORITISED <= {_bare(i) for i in split(pair["industries"])}
