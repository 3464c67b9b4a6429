"""quantify: targets and achievements, on sentences written for these tests."""

from __future__ import annotations

import json
import time

import pytest

from kg.extract.clean import clean
from kg.model import Bound, Quantity, Report, ReportMeta, TargetKind
from kg.extract.quantify import find_figures, quantify
from kg.extract.segment import segment

from .conftest import GOLD, needs_shared

YEAR = 2027


def _extract(body: str, year: int = YEAR, heading: str | None = None) -> tuple[list[Quantity], list[Quantity]]:
    """Quantities of ``body`` placed in a report's work section (or under ``heading``)."""
    text = f"{heading or f'二、{year}年工作安排'}\n\n{body}\n"
    report = Report(id="t", path="t.txt", text=text, meta=ReportMeta(region="青山区", year=year))
    doc = segment(report, clean(text))
    return quantify(doc, [])


def _targets(body: str, **kw: object) -> list[tuple[str, float, str, str, str]]:
    targets, _ = _extract(body, **kw)  # type: ignore[arg-type]
    return [(t.indicator, t.value, t.unit, t.bound.value, t.kind.value) for t in targets]


# --- rates ---------------------------------------------------------------------------------------


def test_growth_exact_and_approx() -> None:
    assert _targets("全区农业总产值增长6%，服务业增加值增长5%左右。") == [
        ("农业总产值", 6, "%", "exact", "growth"),
        ("服务业增加值", 5, "%", "approx", "growth"),
    ]


def test_a_range_is_two_targets() -> None:
    assert _targets("全县生产总值增长4%—4.5%。") == [
        ("生产总值", 4, "%", "at_least", "growth"),
        ("生产总值", 4.5, "%", "at_most", "growth"),
    ]


def test_bound_words_before_the_figure_and_a_second_figure_for_the_same_indicator() -> None:
    assert _targets("数字经济核心产业增速超过7%、力争达到8%。") == [
        ("数字经济核心产业增速", 7, "%", "at_least", "growth"),
        ("数字经济核心产业增速", 8, "%", "exact", "growth"),
    ]


def test_a_decline_keeps_its_verb_and_a_ceiling_is_a_level() -> None:
    assert _targets("单位产值能耗下降18%，登记失业率控制在5.5%以内。") == [
        ("单位产值能耗下降", 18, "%", "exact", "growth"),
        ("登记失业率", 5.5, "%", "at_most", "level"),
    ]


def test_percent_in_chinese_numerals() -> None:
    assert _targets("居民人均消费支出增长百分之六。") == [("居民人均消费支出", 6, "%", "exact", "growth")]


# --- amounts and counts ---------------------------------------------------------------------------


def test_money_levels_with_scale_words() -> None:
    targets, _ = _extract("确保全年限上商贸销售额达260亿元以上，跨境电商交易额突破45亿元。")
    got = [(t.indicator, t.value, t.unit, t.bound.value, t.kind.value, t.normalised_value, t.base_unit) for t in targets]
    assert got == [
        ("限上商贸销售额", 260, "亿元", "at_least", "level", 2.6e10, "元"),
        ("跨境电商交易额", 45, "亿元", "at_least", "level", 4.5e9, "元"),
    ]


def test_counts_after_their_noun() -> None:
    body = "新增市级瞪羚企业8家以上，新认定技术先进型服务企业9家，培育规上服务业企业15家以上。"
    assert _targets(body) == [
        ("新增市级瞪羚企业", 8, "家", "at_least", "count"),
        ("新认定技术先进型服务企业", 9, "家", "exact", "count"),
        ("规上服务业企业", 15, "家", "at_least", "count"),
    ]


def test_counts_before_their_noun() -> None:
    body = "新建8家市级中试基地、15家众创空间和3家概念验证中心，推进40项重点技术攻关。"
    assert _targets(body) == [
        ("新建市级中试基地", 8, "家", "exact", "count"),
        ("众创空间", 15, "家", "exact", "count"),
        ("概念验证中心", 3, "家", "exact", "count"),
        ("重点技术攻关", 40, "项", "exact", "count"),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("建成18万m2高标准厂房。", ("高标准厂房", 18, "万m2", "exact", "level", 180000.0, "m2")),
        ("推进4000余亩盐碱地改良。", ("盐碱地改良", 4000, "亩", "approx", "level", 4000.0, "亩")),
        ("新增停车泊位1.22万个。", ("新增停车泊位", 1.22, "万个", "exact", "count", 12200.0, "个")),
        ("改造城乡供水管网1万公里。", ("改造城乡供水管网", 1, "万公里", "exact", "level", 10000.0, "公里")),
        ("开展职业技能培训62万人。", ("职业技能培训", 62, "万人", "exact", "count", 620000.0, "人")),
    ],
)
def test_units_as_written_and_normalised(body: str, expected: tuple[object, ...]) -> None:
    targets, _ = _extract(body)
    assert [
        (t.indicator, t.value, t.unit, t.bound.value, t.kind.value, t.normalised_value, t.base_unit) for t in targets
    ] == [expected]


def test_chinese_numerals_are_converted() -> None:
    assert _targets("新建社区养老食堂九个，新增国家级孵化器两家。") == [
        ("新建社区养老食堂", 9, "个", "exact", "count"),
        ("新增国家级孵化器", 2, "家", "exact", "count"),
    ]


def test_small_chinese_numerals_before_a_noun_are_rhetoric() -> None:
    assert _targets("把握好两个大局、三项机制，扎实推进八个方面重点工作。") == []


# --- ranks ------------------------------------------------------------------------------------------


def test_rank_takes_its_indicator_from_the_clause_before_and_ignores_the_population() -> None:
    assert _targets("推动营商环境评价排名位次前移，进入全市12个县区前3名。") == [
        ("营商环境评价排名位次前移", 3, "名", "at_most", "rank"),
    ]


def test_rank_change() -> None:
    assert _targets("确保在全省县域经济考核中位次前移20名以上。") == [
        ("全省县域经济考核位次", 20, "名", "at_least", "rank_change"),
    ]


# --- enumerations -------------------------------------------------------------------------------------


def test_fenbie_distributes_the_figures_over_the_enumeration() -> None:
    assert _targets("城镇、乡村居民人均收入分别增长5.5%、7%。") == [
        ("城镇居民人均收入", 5.5, "%", "exact", "growth"),
        ("乡村居民人均收入", 7, "%", "exact", "growth"),
    ]


def test_one_rate_over_an_enumeration_applies_to_each_item() -> None:
    assert _targets("实现销售收入、税收、研发投入增长15%以上。") == [
        ("销售收入", 15, "%", "at_least", "growth"),
        ("税收", 15, "%", "at_least", "growth"),
        ("研发投入", 15, "%", "at_least", "growth"),
    ]


def test_one_count_over_an_enumeration_stays_one_target() -> None:
    assert _targets("新组建工程研究中心、重点实验室等9家以上。") == [
        ("新组建工程研究中心、重点实验室", 9, "家", "at_least", "count"),
    ]


# --- neither targets nor achievements ----------------------------------------------------------------------


def test_size_classes_of_firms_are_not_targets() -> None:
    body = "净增产值亿元以上企业8家、2亿元以上企业3家，梯次培育20亿元、50亿元企业，推动亿元以上工业企业研发机构全覆盖。"
    assert _targets(body) == [
        ("净增产值亿元以上企业", 8, "家", "exact", "count"),
        ("2亿元以上企业", 3, "家", "exact", "count"),
    ]


def test_quoted_slogans_years_and_durations_are_not_targets() -> None:
    body = "深化“四个一百”工程，实施三年行动计划，2027年是关键之年，展望未来5年，建设1小时通勤圈。"
    assert _targets(body) == []


# --- targets or achievements -----------------------------------------------------------------------------


def test_review_figures_are_achievements_not_targets() -> None:
    text = (
        "一、2026年工作回顾\n\n全区地区生产总值增长6.3%，新增高新技术企业41家，完成固定资产投资120亿元。\n\n"
        "二、2027年工作安排\n\n全区地区生产总值增长6%左右。\n"
    )
    report = Report(id="t", path="t.txt", text=text, meta=ReportMeta(year=YEAR))
    targets, achievements = quantify(segment(report, clean(text)), [])
    assert [(t.indicator, t.value) for t in targets] == [("地区生产总值", 6)]
    assert [(a.indicator, a.value, a.horizon, a.is_achievement) for a in achievements] == [
        ("地区生产总值", 6.3, 2026, True),
        ("新增高新技术企业", 41, 2026, True),
        ("固定资产投资", 120, 2026, True),
    ]


def test_a_past_year_in_the_work_section_reports_an_achievement() -> None:
    targets, achievements = _extract("2026年全区社会消费品零售总额增长7.2%，今年社会消费品零售总额增长7%。")
    assert [(t.indicator, t.value) for t in targets] == [("社会消费品零售总额", 7)]
    assert [(a.indicator, a.value, a.horizon) for a in achievements] == [("社会消费品零售总额", 7.2, 2026)]


# --- horizon, action, provenance ---------------------------------------------------------------------------


def test_horizons() -> None:
    targets, _ = _extract("全区生产总值增长6%。到2030年，研发投入强度达到3.5%。")
    assert [(t.indicator, t.horizon) for t in targets] == [("生产总值", YEAR), ("研发投入强度", 2030)]
    text = "一、“十五五”时期主要目标\n\n地区生产总值年均增长5%左右。到2035年，人均预期寿命达到82岁。\n"
    report = Report(id="t", path="t.txt", text=text, meta=ReportMeta(year=2026))
    targets, _ = quantify(segment(report, clean(text)), [])
    assert [(t.indicator, t.horizon) for t in targets] == [("地区生产总值年均增长", 2030), ("人均预期寿命", 2035)]


def test_a_plan_named_in_passing_does_not_move_a_this_year_target() -> None:
    targets, _ = _extract("主要预期目标是：生产总值增长5%左右，城镇新增就业8万人以上，碳排放双控完成国家下达的“十五五”首年任务。")
    assert [(t.indicator, t.value, t.horizon) for t in targets] == [("生产总值", 5, YEAR), ("城镇新增就业", 8, YEAR)]
    # … but a sentence whose time is the plan period, or an explicit later year, does.
    targets, _ = _extract("“十五五”时期，研发投入强度达到3%。2029年底前建成5G基站500个以上。")
    assert [(t.indicator, t.horizon) for t in targets] == [("研发投入强度", 2030), ("5G基站", 2029)]


def test_the_past_plan_reviewed_inside_the_outlook_gives_achievements() -> None:
    text = (
        "一、关于“十五五”规划纲要的说明\n\n“十四五”时期，全市发展极不平凡。这五年，全市生产总值从1.2万亿元"
        "增加到1.6万亿元，研发投入强度提高到3.1%。\n\n“十五五”时期，全市生产总值年均增长5%左右。\n"
    )
    report = Report(id="t", path="t.txt", text=text, meta=ReportMeta(year=2026))
    targets, achievements = quantify(segment(report, clean(text)), [])
    assert [(t.indicator, t.value, t.horizon) for t in targets] == [("生产总值年均增长", 5, 2030)]
    # the "to" value is the level reached; the "from" value is no quantity
    assert [(a.indicator, a.value, a.unit, a.horizon) for a in achievements] == [
        ("生产总值", 1.6, "万亿元", 2025),
        ("研发投入强度", 3.1, "%", 2025),
    ]


def test_counts_of_indicators_and_of_the_items_just_named_are_not_quantities() -> None:
    assert _targets("规划提出六大类20个主要指标，其中12个预期性指标、8个约束性指标。") == []
    assert _targets("推动东港、西港、南港3个综保区提质发展，新建甲、乙等4个物流园区。") == [
        ("物流园区", 4, "个", "exact", "count"),
    ]


def test_units_of_volume_and_trips_and_words_that_only_look_like_units() -> None:
    assert _targets("新增天然气产量10亿方以上，中欧班列开行4000班次，从5方面凝聚150万人民的力量。") == [
        ("新增天然气产量", 10, "亿方", "at_least", "level"),
        ("中欧班列开行", 4000, "班次", "exact", "count"),
    ]


def test_a_bound_after_the_figure_before_a_noun_names_a_class() -> None:
    assert _targets("关停10万千瓦及以下燃煤机组，新增光伏装机300万千瓦以上。") == [
        ("新增光伏装机", 300, "万千瓦", "at_least", "level"),
    ]


def test_an_indicator_starts_after_the_conjunction_and_keeps_its_quotation_marks() -> None:
    assert _targets("建成10个重点县和湖东平原20万亩高标准农田，打造30个以上“好房子”示范项目。") == [
        ("重点县", 10, "个", "exact", "count"),
        ("湖东平原高标准农田", 20, "万亩", "exact", "level"),
        ("“好房子”示范项目", 30, "个", "at_least", "count"),
    ]


def test_action_span_and_sentence() -> None:
    body = "开展数字赋能行动。加快建设数字强区，新增上云企业300家以上。"
    targets, _ = _extract(body)
    (t,) = targets
    assert t.action == "数字赋能行动"
    text = f"二、{YEAR}年工作安排\n\n{body}\n"
    assert text[t.start : t.end] == "新增上云企业300家以上"
    assert t.rule == "figure.postnominal" and 0 < t.confidence <= 1


def test_find_figures_reads_number_scale_unit_and_bounds() -> None:
    text = "约30家、1.5万余吨、增长3%—4%"
    got = [(f.value, f.unit, f.bound) for f in find_figures(text, 0, len(text))]
    assert got == [
        (30, "家", Bound.APPROX),
        (1.5, "万吨", Bound.APPROX),
        (3, "%", Bound.AT_LEAST),
        (4, "%", Bound.AT_MOST),
    ]


def test_speed_well_over_100k_chars_per_second() -> None:
    # As dense as a work section: a sentence of figures among sentences of prose (figures that
    # differ, since a target stated twice is kept once).
    unit = (
        "围绕主导产业延链补链，推动传统产业焕新升级，前瞻布局一批新兴赛道。"
        "新增市级瞪羚企业{}家以上，技改投资增长{}%以上，建成{}万m2高标准厂房。"
        "完善企业服务机制，优化营商环境，促进各类经营主体健康发展。"
    )
    count = 100_000 // len(unit)
    body = "".join(unit.format(i, i, i) for i in range(10, 10 + count))
    start = time.perf_counter()
    targets, _ = _extract(body)
    elapsed = time.perf_counter() - start
    assert len(targets) == 3 * count
    assert len(body) / elapsed > 100_000


# --- the real reports --------------------------------------------------------------------------------------


@pytest.mark.slow
@needs_shared
def test_no_review_figure_of_the_gold_reports_is_a_target() -> None:
    from kg.evaluation.evaluate import default_search_dirs, find_report_for
    from kg.model import SectionKind
    from kg.extract.pipeline import extract

    for gold_path in sorted(GOLD.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        ex = extract(find_report_for(gold_path, gold["document"], default_search_dirs(gold_path)))
        doc = ex.document
        in_review = [
            t for t in ex.targets if doc.paragraphs[doc.sentences[t.sentence].paragraph].section is SectionKind.REVIEW
        ]
        assert in_review == [], gold_path.name
        assert all(t.kind in TargetKind for t in ex.targets)


@pytest.mark.slow
@needs_shared
def test_target_f1_on_the_gold_files() -> None:
    from kg.evaluation.evaluate import evaluate

    result = evaluate(sorted(GOLD.glob("*.gold.json")))
    sample = result.per_file["000_f0b6f9fa8693aedd.gold.json"]["targets"]
    assert sample.f1 >= 0.97
    provinces = [result.per_file[f"{p}-2026.gold.json"]["targets"] for p in ("安徽省", "江苏省")]
    tp = sum(s.tp for s in provinces)
    precision = tp / sum(s.n_pred for s in provinces)
    recall = tp / sum(s.n_gold for s in provinces)
    assert 2 * precision * recall / (precision + recall) >= 0.85


# --- the queries over targets ------------------------------------------------------------------------------

TOY_REPORT = """2027年青山区政府工作报告

一、2026年工作回顾

全区地区生产总值增长6.1%，新增高新技术企业30家。

二、2027年工作安排

今年全区主要预期目标是：地区生产总值增长6%，税收收入增长5%左右。

一、培育发展新动能

开展数字赋能行动。加快建设数字强区，新增上云企业300家以上，数字经济核心产业营业收入突破80亿元。
"""


@pytest.fixture(scope="module")
def toy_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    from kg.api import build

    folder = tmp_path_factory.mktemp("quantify-toy")
    report = folder / "青山区-2027.txt"
    report.write_text(TOY_REPORT, encoding="utf-8")
    out = folder / "out"
    build([str(report)], out)
    return str(out)


def test_action_targets_query(toy_store: str) -> None:
    from kg.api import query_rows

    rows = query_rows("action-targets", toy_store, params={"action": "数字赋能行动"})
    got = [(r["indicator"], r["value"], r["unit"], r["bound"]) for r in rows]
    assert got == [("新增上云企业", "300", "家", "AtLeast"), ("数字经济核心产业营业收入", "80", "亿元", "AtLeast")]
    assert all("数字强区" in r["sentence"] for r in rows)


def test_main_expected_targets_query(toy_store: str) -> None:
    from kg.api import query_rows

    rows = query_rows("main-expected-targets", toy_store)
    assert [(r["indicator"], r["value"], r["kind"]) for r in rows] == [
        ("地区生产总值", "6", "Growth"),
        ("税收收入", "5", "Growth"),
    ]


# --- review forms ---------------------------------------------------------------------------------------------


def _review(body: str) -> list[tuple[str, float, str, str, str]]:
    text = f"一、2026年工作回顾\n\n{body}\n"
    report = Report(id="t", path="t.txt", text=text, meta=ReportMeta(year=YEAR))
    targets, achievements = quantify(segment(report, clean(text)), [])
    assert targets == []
    return [(a.indicator, a.value, a.unit, a.bound.value, a.kind.value) for a in achievements]


def test_baseline_of_a_change_is_not_reported() -> None:
    assert _review("服务业占比从41.5%提高到44.2%，营商环境评价从全省第9位升至第3位。") == [
        ("服务业占比", 44.2, "%", "exact", "level"),
        ("营商环境评价", 3, "位", "exact", "rank"),
    ]


def test_baselines_of_a_distributed_change_are_not_reported() -> None:
    assert _review("高新技术企业、专精特新企业分别从120家、30家增加到210家、65家。") == [
        ("高新技术企业", 210, "家", "exact", "count"),
        ("专精特新企业", 65, "家", "exact", "count"),
    ]


def test_the_five_years_of_the_review_carry_their_period() -> None:
    text = (
        "一、2026年和“十四五”时期工作回顾\n\n过去一年，全市生产总值增长5.4%，城镇新增就业12万人。\n\n"
        "这五年，全市生产总值年均增长5.8%，城镇新增就业61万人。\n\n城镇调查失业率保持在5%以内。\n\n"
        "2026年，居民收入增长5%。\n"
    )
    report = Report(id="t", path="t.txt", text=text, meta=ReportMeta(year=YEAR))
    _, achievements = quantify(segment(report, clean(text)), [])
    assert [(a.indicator, a.value, a.horizon, a.period_start) for a in achievements] == [
        ("生产总值", 5.4, 2026, None),
        ("城镇新增就业", 12, 2026, None),
        ("生产总值年均增长", 5.8, 2026, 2022),
        ("城镇新增就业", 61, 2026, 2022),
        ("城镇调查失业率", 5, 2026, 2022),  # the paragraph goes on with the five years
        ("居民收入", 5, 2026, None),
    ]


def test_a_joint_prefix_distributes_over_its_two_items() -> None:
    assert _targets("城乡居民人均可支配收入分别增长5%、6.5%左右。") == [
        ("城镇居民人均可支配收入", 5, "%", "exact", "growth"),
        ("农村居民人均可支配收入", 6.5, "%", "approx", "growth"),
    ]
    assert [t[:2] for t in _targets("一二三产增加值分别增长3%、6%、5%左右。")] == [
        ("一产增加值", 3), ("二产增加值", 6), ("三产增加值", 5)]  # fmt: skip
    # a five-year result: the year the change starts from is not the year it is for
    text = "一、2026年工作回顾\n\n城乡居民人均可支配收入从2021年的4万元和2万元分别提高到5万元和2.6万元。\n"
    report = Report(id="t", path="t.txt", text=text, meta=ReportMeta(year=YEAR))
    _, achievements = quantify(segment(report, clean(text)), [])
    assert [(a.indicator, a.value, a.horizon) for a in achievements] == [
        ("城镇居民人均可支配收入", 5, YEAR - 1),
        ("农村居民人均可支配收入", 2.6, YEAR - 1),
    ]


def test_bare_scale_words_after_a_bound_word_and_unitless_ranks() -> None:
    assert _review("外贸进出口突破千亿元，跨境电商交易额居全省第二，惠及千家万户。") == [
        ("外贸进出口", 1, "千亿元", "at_least", "level"),
        ("跨境电商交易额", 2, "位", "exact", "rank"),
    ]
    assert _review("储能电池出货量稳居全球第一。") == [("储能电池出货量", 1, "位", "exact", "rank")]


def test_jun_applies_one_figure_to_every_item_and_milestone_classes_are_skipped() -> None:
    assert _review("税收、社保缴费均增长4%，存款余额连跨3个千亿元台阶。") == [
        ("税收", 4, "%", "exact", "growth"),
        ("社保缴费", 4, "%", "exact", "growth"),
    ]
    # … and so does 双双; the milestones passed on the way are no part of the indicator
    assert _review("本币存款、贷款余额连跨3个万亿元台阶、双双突破8万亿元。") == [
        ("本币存款", 8, "万亿元", "at_least", "level"),
        ("贷款余额", 8, "万亿元", "at_least", "level"),
    ]

