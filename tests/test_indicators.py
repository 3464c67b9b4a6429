"""The indicator vocabulary (kg/resources/indicators.yaml): canonical indicators on targets and
achievements, the queries that group and compare by them, and the 27 provincial reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.indicators import canonical_indicator, vocabulary
from kg.model import SectionKind
from kg.graph.query import run
from kg.graph.query_output import rows

from .conftest import CORPUS, needs_shared


def answer(store: Path, name: str, **params: str) -> list[dict[str, str]]:
    return rows(run(name, store, params=params))


# --- the vocabulary ------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["地区生产总值", "生产总值", "全市生产总值", "全省地区生产总值", "GDP", "经济",
                                     "经济增长", "经济增速"])  # fmt: skip
def test_every_name_of_gdp_is_one_indicator(written: str) -> None:
    assert canonical_indicator(written) == "地区生产总值"


def test_change_words_and_scope_come_off_before_the_look_up() -> None:
    assert canonical_indicator("居民消费价格指数涨幅") == "居民消费价格"
    assert canonical_indicator("规上工业增加值年均增长") == "规模以上工业增加值"
    assert canonical_indicator("地方一般公共预算收入") == "一般公共预算收入"
    # an indicator the vocabulary does not know keeps its written form, without its scope
    assert canonical_indicator("全市新建充电桩") == "新建充电桩"
    assert canonical_indicator("高新技术企业") == "高新技术企业"


def test_the_vocabulary_names_each_variant_once_and_says_its_kind() -> None:
    names = [n for ind in vocabulary().values() for n in (ind.name, *ind.variants)]
    assert len(names) == len(set(names))
    assert {"地区生产总值", "城镇调查失业率", "城镇新增就业", "居民消费价格", "粮食产量"} <= set(vocabulary())
    assert vocabulary()["城镇新增就业"].kind.value == "count"


# --- two reports written for these tests ---------------------------------------------------------

EAST = """2027年青山市政府工作报告

一、2026年工作回顾

全市生产总值增长5.6%，总量达到1.2万亿元。城镇新增就业12万人。

这五年，全市生产总值年均增长6.1%，城镇新增就业58万人。

二、2027年工作安排

今年主要预期目标是：全市生产总值增长5%左右，城镇新增就业12万人以上，居民消费价格涨幅2%左右，完成国家下达的“十五五”节能降碳任务。
"""

WEST = """2027年白水省政府工作报告

一、2026年工作回顾

经济增长4.8%，居民消费价格上涨0.5%。

二、2027年工作安排

今年主要预期目标是：经济增长4.5%—5%，居民消费价格指数涨幅2%左右。
"""


@pytest.fixture(scope="module")
def toy_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.api import build

    src = tmp_path_factory.mktemp("indicator-reports")
    for name, text in (("青山市-2027.txt", EAST), ("白水省-2027.txt", WEST)):
        (src / name).write_text(text, encoding="utf-8")
    out = src / "out"
    build([str(src)], out)
    return out


def test_indicator_targets_take_any_name_and_return_every_report(toy_store: Path) -> None:
    result = answer(toy_store, "indicator-targets", indicator="地区生产总值")
    got = [(r["region"], r["written"], r["kind"], r["bound"], r["value"], r["horizon"]) for r in result]
    assert got == [
        ("白水省", "经济", "Growth", "AtLeast", "4.5", "2027"),
        ("白水省", "经济", "Growth", "AtMost", "5", "2027"),
        ("青山市", "生产总值", "Growth", "Approx", "5", "2027"),
    ]
    assert answer(toy_store, "indicator-targets", indicator="GDP") == result
    assert answer(toy_store, "indicator-targets", indicator="经济增速") == result
    prices = answer(toy_store, "indicator-targets", indicator="CPI")
    assert {(r["region"], r["value"]) for r in prices} == {("青山市", "2"), ("白水省", "2")}


def test_targets_meet_last_years_result_of_the_same_kind_and_unit_only(toy_store: Path) -> None:
    result = answer(toy_store, "targets-vs-achievements", indicator="GDP")
    got = {(r["region"], r["target_value"], r["target_unit"], r["achieved_value"], r["achieved_unit"]) for r in result}
    # 青山市's 1.2万亿元 level has no target of its kind and unit: it is never subtracted from a %;
    # the five years' average (6.1%) is no year's result
    assert got == {("青山市", "5", "%", "5.6", "%"), ("白水省", "4.5", "%", "4.8", "%"), ("白水省", "5", "%", "4.8", "%")}
    assert {r["target_year"] for r in result} == {"2027"} and {r["achieved_year"] for r in result} == {"2026"}
    jobs = answer(toy_store, "targets-vs-achievements", indicator="城镇新增就业")
    assert [(r["target_value"], r["achieved_value"]) for r in jobs] == [("12", "12")]  # not the five years' 58


def test_a_canonical_indicator_is_a_skos_concept_with_its_variants(toy_store: Path) -> None:
    result = answer(toy_store, """
        SELECT DISTINCT ?label ?alt WHERE {
          ?c a plan:Indicator ; skos:inScheme id:indicator-scheme ; skos:prefLabel ?label ; skos:altLabel ?alt .
          FILTER (?label = "地区生产总值"@zh && ?alt = "GDP"@zh)
        }""")
    assert result == [{"label": "地区生产总值", "alt": "GDP"}]


# --- the 27 provincial reports --------------------------------------------------------------------


@pytest.mark.slow
def test_every_province_states_its_gdp_growth_target_for_its_year(province_store: Path) -> None:
    result = answer(province_store, "indicator-targets", indicator="地区生产总值")
    this_year = [r for r in result if r["kind"] == "Growth" and r["horizon"] == r["year"] == "2026"]
    assert len({r["region"] for r in this_year}) >= 26
    assert answer(province_store, "indicator-targets", indicator="GDP") == result
    # a range is two rows: a lower and an upper bound of one report
    ranges = {r["report"] for r in this_year if r["bound"] == "AtMost"}
    assert ranges and all({"AtLeast", "AtMost"} <= {r["bound"] for r in this_year if r["report"] == rep} for rep in ranges)


@pytest.mark.slow
@needs_shared
def test_no_target_of_the_provinces_is_from_the_review_or_wrongly_for_2030() -> None:
    from kg.extract.pipeline import extract

    for path in sorted(CORPUS.glob("*.txt")):
        ex = extract(path)
        doc = ex.document
        for t in ex.targets:
            sentence = doc.sentences[t.sentence]
            paragraph = doc.paragraphs[sentence.paragraph]
            context = doc.text[paragraph.start : sentence.end]
            assert paragraph.section is not SectionKind.REVIEW, (path.name, sentence.text)
            assert "十四五”时期" not in context[:10], (path.name, sentence.text)  # the past plan's review
            if t.horizon == 2030:
                about_the_plan = paragraph.section is SectionKind.OUTLOOK or any(
                    word in context for word in ("十五五", "2030", "纲要"))
                assert about_the_plan, (path.name, t.indicator, sentence.text)
