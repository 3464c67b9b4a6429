"""quantify: more forms of stating (or not stating) a target, on sentences written for these tests
(test_quantify.py holds the basic forms)."""

from __future__ import annotations

from kg.extract.clean import clean
from kg.extract.quantify import quantify
from kg.extract.segment import segment
from kg.model import Quantity, Report, ReportMeta

from .test_quantify import _review

YEAR = 2027


def _targets(body: str, heading: str = f"二、{YEAR}年工作安排") -> list[Quantity]:
    text = f"{heading}\n\n{body}\n"
    report = Report(id="t", path="t.txt", text=text, meta=ReportMeta(region="青山区", year=YEAR))
    targets, _ = quantify(segment(report, clean(text)), [])
    return targets


def _read(body: str) -> list[tuple[str, float, str, str]]:
    return [(t.indicator, t.value, t.unit, t.bound.value) for t in _targets(body)]


# --- figures that are no figures ----------------------------------------------------------------------


def test_numbers_inside_names_of_kinds_and_sessions() -> None:
    assert _read("建成80个5人制足球场。按照区委九次全会部署，推进改革。") == [("5人制足球场", 80, "个", "exact")]


def test_a_height_or_length_class_is_no_target() -> None:
    # … nor does it end the noun the count before it counts
    assert _read("为60所海拔2000米以上学校配备供暖设备。") == [("海拔2000米以上学校配备供暖设备", 60, "所", "exact")]
    assert _read("地铁站100米内公交接驳比例提升至90%。") == [("地铁站100米内公交接驳比例", 90, "%", "exact")]


def test_a_duration_is_a_figure_when_its_indicator_measures_a_span() -> None:
    body = ("劳动年龄人口平均受教育年限提高到12年，空气优良天数增加15天，货轮平均待泊时间减少3小时。"
            "展望未来5年，用3年时间建成一批园区。")
    assert _read(body) == [
        ("劳动年龄人口平均受教育年限", 12, "年", "exact"),
        ("空气优良天数", 15, "天", "exact"),
        ("货轮平均待泊时间减少", 3, "小时", "exact"),
    ]


def test_a_bare_scale_word_with_a_bound_after_it_is_one_of_that_scale() -> None:
    assert _read("茶叶产量稳定在百万吨以上，惠及千家万户。") == [("茶叶产量", 1, "百万吨", "at_least")]


def test_ge_before_a_kind_word_is_no_each() -> None:
    assert _read("在东片区、北片区新建各类大棚2万个。") == [("在东片区、北片区新建各类大棚", 2, "万个", "exact")]


def test_a_number_that_is_no_figure_grades_the_counted_noun() -> None:
    assert _read("建成8个220千伏变电站。") == [("220千伏变电站", 8, "个", "exact")]


def test_a_figure_in_quotation_marks_neither_counts_nor_cuts_the_noun() -> None:
    assert _read("推出15个“一次办好一件事”服务场景。") == [("推出“一次办好一件事”服务场景", 15, "个", "exact")]
    # … nor is a slogan's 、 an item of the list a count restates
    assert _read("“一园一策”支持东区、西区、南区3个园区提档升级。") == []


def test_a_count_restating_a_list_closed_by_deng() -> None:
    assert _read("加快东线、西线、北线等3条快速路建设，新建南线等4条支路。") == [("支路", 4, "条", "exact")]


def test_a_capacity_inside_project_names_is_no_target() -> None:
    assert _read("推动甲集团30万吨乙二醇、乙公司5万吨电池材料等项目建设。") == []
    # … but a verb that builds it makes the capacity a goal
    assert _read("布局建设200万千瓦光伏项目。") == [("布局建设光伏项目", 200, "万千瓦", "exact")]


# --- indicators ------------------------------------------------------------------------------------------


def test_leading_subjects_and_a_trailing_sum_word_are_no_part_of_the_indicator() -> None:
    assert _read("我们将办好12件民生实事。") == [("民生实事", 12, "件", "exact")]
    assert _read("资助困难学生和残疾学生，合计3000名。") == [("资助困难学生和残疾学生", 3000, "名", "exact")]


def test_a_one_character_leading_word_that_would_leave_one_character_stays() -> None:
    assert _read("光伏装机1000万千瓦、并网600万千瓦。") == [
        ("光伏装机", 1000, "万千瓦", "exact"),
        ("并网", 600, "万千瓦", "exact"),
    ]


def test_an_indicator_cut_to_its_longest_starts_on_a_word() -> None:
    (name, *_), = _read("在东山、西山、南山、北山、中山、青山、绿山、金山等8个重点乡镇建设冬春果菜基地6万亩。")
    assert name.endswith("冬春果菜基地") and not name.startswith("、")


def test_a_milestone_in_jin() -> None:
    assert _read("粮食产能迈上500亿斤新台阶。") == [("粮食产能", 500, "亿斤", "at_least")]


def test_ge_and_fenbie_before_one_figure_apply_it_to_each_item() -> None:
    assert _read("新建市级技术中心、工程中心各5家。") == [
        ("新建市级技术中心", 5, "家", "exact"),
        ("工程中心", 5, "家", "exact"),
    ]
    assert _read("推动甲类项目、乙类项目分别达到30个以上。") == [
        ("甲类项目", 30, "个", "at_least"),
        ("乙类项目", 30, "个", "at_least"),
    ]


def test_a_bare_level_takes_the_head_of_the_count_joined_after_it() -> None:
    assert _read("培育3个国家级、8个市级专精特新示范园区。") == [
        ("国家级专精特新示范园区", 3, "个", "exact"),
        ("市级专精特新示范园区", 8, "个", "exact"),
    ]


# --- target or not, and for when --------------------------------------------------------------------------


def test_a_target_restated_is_kept_once() -> None:
    body = (
        "主要预期目标是：地区生产总值增长6%左右，城镇新增就业3万人以上。确定6%左右的增长目标，兼顾需要与可能。"
        "产业投资100亿元以上，其中工业投资100亿元以上。附：城镇新增就业3万人以上。"
    )
    assert _read(body) == [
        ("地区生产总值", 6, "%", "approx"),
        ("城镇新增就业", 3, "万人", "at_least"),
        ("产业投资", 100, "亿元", "at_least"),
        ("工业投资", 100, "亿元", "at_least"),  # neither indicator holds the other
    ]


def test_tongbi_in_the_work_section_compares_a_goal_with_last_year() -> None:
    assert _read("规上工业营收达到900亿元、同比增长8%左右。") == [
        ("规上工业营收", 900, "亿元", "exact"),
        ("规上工业营收", 8, "%", "approx"),
    ]


def test_the_2035_vision_a_goal_serves_is_not_its_year() -> None:
    targets = _targets("围绕2035年远景目标，全区生产总值年均增长5%左右。", heading="一、“十五五”时期主要目标")
    assert [(t.indicator, t.horizon) for t in targets] == [("生产总值年均增长", 2030)]


# --- figures written short -----------------------------------------------------------------------------


def test_tenths_are_percent() -> None:
    assert _read("绿色建筑占比达到六成以上，物流成本占比近二成。") == [
        ("绿色建筑占比", 60, "%", "at_least"),
        ("物流成本占比", 20, "%", "approx"),
    ]
    assert _read("降低生产成本，建成为民服务中心。") == []


def test_a_chain_may_leave_its_unit_to_the_last_figure() -> None:
    assert _read("纺织、食品、建材产业营收分别达2.1万亿、8000亿、600亿元。") == [
        ("纺织产业营收", 2.1, "万亿元", "exact"),
        ("食品产业营收", 8000, "亿元", "exact"),
        ("建材产业营收", 600, "亿元", "exact"),
    ]


def test_fenbie_over_two_runs_of_figures_gives_the_items_in_turn() -> None:
    assert _read("城镇、农村居民人均收入分别达到5万元、2万元，增长5%、7%。") == [
        ("城镇居民人均收入", 5, "万元", "exact"),
        ("农村居民人均收入", 2, "万元", "exact"),
        ("城镇居民人均收入", 5, "%", "exact"),
        ("农村居民人均收入", 7, "%", "exact"),
    ]


def test_a_list_of_figures_of_one_unit_takes_the_items_in_turn() -> None:
    assert _read("新建雨水、污水、燃气管网40公里、25公里和10公里。") == [
        ("新建雨水", 40, "公里", "exact"),
        ("污水", 25, "公里", "exact"),
        ("燃气管网", 10, "公里", "exact"),
    ]
    # … but a level and its change are two figures of one indicator
    assert [t[:2] for t in _read("光伏、风电装机占比达到45%、提高3个百分点。")] == [
        ("光伏、风电装机占比", 45), ("光伏、风电装机占比", 3)]  # fmt: skip


def test_units_of_power_in_latin_letters_and_more_counters() -> None:
    assert _read("新增光伏装机5GW，新建充电桩2万根。") == [
        ("新增光伏装机", 5, "GW", "exact"),
        ("新建充电桩", 2, "万根", "exact"),
    ]
    assert _read("出让矿业权80宗，算力规模突破120Eflops，耕地有机质含量达到25克/千克。") == [
        ("出让矿业权", 80, "宗", "exact"),
        ("算力规模", 120, "Eflops", "at_least"),
        ("耕地有机质含量", 25, "克/千克", "exact"),
    ]


def test_teams_and_groups_are_counted_but_support_is_no_unit() -> None:
    assert _read("组建青年突击队30支，推动6组国企重组，以3支持政策为抓手。") == [
        ("组建青年突击队", 30, "支", "exact"),
        ("国企重组", 6, "组", "exact"),
    ]


def test_people_counted_with_a_scale_word_and_no_unit() -> None:
    assert _read("为20万妇女免费开展健康筛查，惠及近80万群众。每10万人口拥有医生30名，覆盖5万人口以上的镇。") == [
        ("妇女免费开展健康筛查", 20, "万人", "exact"),
        ("惠及群众", 80, "万人", "approx"),
        ("每10万人口拥有医生", 30, "名", "exact"),
    ]
    assert _read("帮助10多万监测对象稳定增收。") == [("帮助监测对象稳定增收", 10, "万人", "approx")]


def test_a_power_class_of_equipment_is_no_target() -> None:
    assert _read("研制20兆瓦级海上风电机组3台。") == [("研制20兆瓦级海上风电机组", 3, "台", "exact")]


def test_approximate_before_the_scale_word_and_shares_of_the_country() -> None:
    assert _read("惠及游客300多万人次，新能源车产量占全国两成以上，增速高于全国1个百分点。") == [
        ("惠及游客", 300, "万人次", "approx"),
        ("新能源车产量占", 20, "%", "at_least"),
        ("增速高于", 1, "个百分点", "exact"),
    ]


def test_money_after_a_fund_is_its_amount_whatever_follows() -> None:
    assert _read("安排专项资金5亿元支持园区建设，筹措3亿元实施安居工程。") == [
        ("安排专项资金", 5, "亿元", "exact"),
        ("筹措安居工程", 3, "亿元", "exact"),
    ]


def test_a_proposal_and_a_fall_to_a_level_are_no_part_of_the_indicator() -> None:
    targets = _targets("建议“十五五”时期全区生产总值年均增长6%左右。", heading="一、“十五五”时期主要目标")
    assert [(t.indicator, t.horizon) for t in targets] == [("生产总值年均增长", 2030)]
    assert [(t.indicator, t.kind.value) for t in _targets("物流总费用与生产总值比率降低至13%。")] == [
        ("物流总费用与生产总值比率", "level")]  # fmt: skip


def test_a_past_year_inside_a_clause_sets_no_time() -> None:
    targets = _targets("全区生产总值比2025年增长13%，2026年，全区生产总值增长6.2%。")
    assert [(t.indicator, t.value) for t in targets] == [("生产总值", 13)]


def test_an_aspect_word_reports_the_past_only_in_its_own_clause() -> None:
    targets = _targets("目前已建成社区食堂20个，今年新建社区食堂15个。推动产业连续升级，工业投资增长9%。")
    assert [(t.indicator, t.value) for t in targets] == [("新建社区食堂", 15), ("工业投资", 9)]


def test_a_share_before_what_it_is_a_share_of() -> None:
    assert _read("力争规上企业100%使用清洁能源，覆盖率达到100%。") == [
        ("规上企业使用清洁能源", 100, "%", "exact"),
        ("覆盖率", 100, "%", "exact"),
    ]


def test_counts_of_the_plans_own_fields_and_paths_are_structure() -> None:
    assert _read("分6个领域细化任务，抓实5条路径，新建3个园区。") == [("新建园区", 3, "个", "exact")]
    assert _read("《纲要草案》部署了9项任务举措：一是稳增长。") == []


def test_a_rate_per_a_scaled_amount() -> None:
    assert _read("生产安全事故死亡率控制在0.5人/百亿元以下。") == [("生产安全事故死亡率", 0.5, "人/百亿元", "at_most")]


def test_a_target_restated_without_its_bound_is_kept_once() -> None:
    assert _read("城镇新增就业3万人以上。附：城镇新增就业3万人。") == [("城镇新增就业", 3, "万人", "at_least")]


def test_a_share_whose_noun_holds_a_condition() -> None:
    assert _read("力争30%的村集体经营收入超20万元，办好8类20件民生实事。") == [
        ("村集体经营收入超20万元", 30, "%", "exact"),
        ("民生实事", 8, "类", "exact"),
        ("民生实事", 20, "件", "exact"),
    ]


def test_a_range_written_with_a_tilde() -> None:
    assert [t[:2] for t in _read("全区生产总值增长6%～6.5%。")] == [("生产总值", 6), ("生产总值", 6.5)]


def test_an_exact_total_before_de_is_a_level_and_money_is_no_capacity() -> None:
    assert _read("抓好总投资3000亿元的150个重点项目。") == [
        ("总投资重点项目", 3000, "亿元", "exact"),
        ("重点项目", 150, "个", "exact"),
    ]
    assert _read("支持营收超亿元的龙头企业20家。") == [("营收超亿元的龙头企业", 20, "家", "exact")]


def test_an_average_growth_is_no_restatement_of_the_years_growth() -> None:
    assert [t[0] for t in _read("地区生产总值年均增长5%左右。地区生产总值增长5%左右。")] == [
        "地区生产总值年均增长", "地区生产总值"]  # fmt: skip


def test_a_plan_already_over_that_opens_a_clause_reports_the_past() -> None:
    targets = _targets("回看过往，“十四五”时期，全区生产总值年均增长5.5%；今后五年，全区生产总值年均增长5%左右。",
                       heading="一、“十五五”时期主要目标")
    assert [(t.indicator, t.value, t.horizon) for t in targets] == [("生产总值年均增长", 5, 2030)]


# --- in the review ---------------------------------------------------------------------------------------


def test_a_clause_of_only_a_comparison_or_a_change_is_one_of_the_indicator_before() -> None:
    assert _review("全区生产总值320亿元，占计划的100%，同比下降3%；财政收入9亿元，按可比口径增长2%。") == [
        ("生产总值", 320, "亿元", "exact", "level"),
        ("生产总值", 100, "%", "exact", "level"),
        ("生产总值下降", 3, "%", "exact", "growth"),
        ("财政收入", 9, "亿元", "exact", "level"),
        ("财政收入", 2, "%", "exact", "growth"),
    ]


def test_a_rank_over_an_enumeration_is_one_of_each_item_and_its_start_is_a_baseline() -> None:
    assert _review("汽车、新能源汽车产量从全国第8位、第4位双双跃居第1位，果蔬、茶叶种植面积居全省第二。") == [
        ("汽车产量", 1, "位", "exact", "rank"),
        ("新能源汽车产量", 1, "位", "exact", "rank"),
        ("果蔬种植面积", 2, "位", "exact", "rank"),
        ("茶叶种植面积", 2, "位", "exact", "rank"),
    ]
