"""Precision guards (resources/guards.yaml), on hits and sentences written for these tests."""

from __future__ import annotations

from kg.extract.guards import guard
from kg.model import EntityType, Report, ReportMeta
from kg.extract.hits import Hit
from kg.extract.segment import segment


def _doc(body: str):
    return segment(Report(id="t", path="t.txt", text=body + "\n", meta=ReportMeta()))


def _hit(doc, words: str, etype: EntityType, rule: str = "suffix") -> Hit:
    start = doc.report.text.index(words)
    return Hit(name=words, type=etype, start=start, end=start + len(words), rule=rule)


def test_a_name_is_cut_after_a_leading_particle():
    doc = _doc("这一年集聚了锦川科技等一批链主企业。")
    [kept] = guard(doc, [_hit(doc, "集聚了锦川科技", EntityType.ENTERPRISE)])
    assert (kept.name, doc.report.text[kept.start : kept.end]) == ("锦川科技", "锦川科技")


def test_names_opening_with_a_pronoun_or_particle_are_dropped():
    doc = _doc("我们也是这样做的，其创新平台建成。")
    assert guard(doc, [_hit(doc, "其创新平台", EntityType.PLATFORM), _hit(doc, "也是这样", EntityType.ENTERPRISE)]) == []


def test_slogans_and_generic_classes_are_never_firms():
    doc = _doc("多措并举稳就业，各商业银行加大信贷投放，专精特新企业加快成长。")
    hits = [_hit(doc, w, EntityType.ENTERPRISE) for w in ("多措并举稳就业", "各商业银行", "专精特新企业")]
    assert guard(doc, hits) == []


def test_finished_national_campaigns_are_not_actions():
    doc = _doc("巩固拓展脱贫攻坚成果，开展银龄关爱行动。")
    kept = guard(doc, [_hit(doc, "脱贫攻坚", EntityType.ACTION), _hit(doc, "银龄关爱行动", EntityType.ACTION)])
    assert [h.name for h in kept] == ["银龄关爱行动"]


def test_other_types_and_good_names_pass_untouched():
    doc = _doc("支持锦川科技建设东湖科创走廊，发展银发经济。")
    hits = [_hit(doc, "锦川科技", EntityType.ENTERPRISE), _hit(doc, "东湖科创走廊", EntityType.PARK), _hit(doc, "银发经济", EntityType.INDUSTRY)]
    assert guard(doc, hits) == hits


def test_a_name_holding_a_count_is_a_class_not_a_name():
    doc = _doc("推进东岭等30项市级疏堵工程，建设5个乡村振兴示范基地。")
    hits = [_hit(doc, "东岭等30项市级疏堵工程", EntityType.ACTION), _hit(doc, "5个乡村振兴示范基地", EntityType.PLATFORM)]
    assert guard(doc, hits) == []


def test_a_change_of_name_is_not_a_name():
    from kg.extract.pipeline import extract_report

    ex = extract_report(Report(id="t", path="t.txt", text="二、2030年工作安排\n\n支持东岭学院更名大学。\n", meta=ReportMeta()))
    names = {e.name for e in ex.entities if e.type is EntityType.UNIVERSITY}
    assert "东岭学院" in names and not any("更名" in n for n in names)


def test_a_model_of_organisation_is_not_a_firm():
    doc = _doc("推行管委会+公司模式，规范三级子公司管理。")
    hits = [_hit(doc, "管委会+公司", EntityType.ENTERPRISE), _hit(doc, "三级子公司", EntityType.ENTERPRISE)]
    assert guard(doc, hits) == []


def test_a_name_opening_with_a_list_mark_is_dropped():
    doc = _doc("以开放提升、改革攻坚为路径。")
    assert guard(doc, [_hit(doc, "、改革攻坚", EntityType.ACTION)]) == []


def test_a_launch_verb_at_the_head_of_a_university_or_platform_name_is_cut():
    doc = _doc("挂牌东岭大学，争建国家晴岚技术创新中心。")
    kept = guard(doc, [_hit(doc, "挂牌东岭大学", EntityType.UNIVERSITY), _hit(doc, "争建国家晴岚技术创新中心", EntityType.PLATFORM)])
    assert [(h.name, doc.report.text[h.start : h.end]) for h in kept] == [
        ("东岭大学", "东岭大学"), ("国家晴岚技术创新中心", "国家晴岚技术创新中心")]


def test_a_verb_that_leaves_a_generic_word_stays_in_the_name():
    doc = _doc("打造创新中心。")
    [kept] = guard(doc, [_hit(doc, "打造创新中心", EntityType.PLATFORM)])
    assert kept.name == "打造创新中心"


def test_a_name_started_inside_a_word_before_a_launch_verb_starts_after_the_verb():
    doc = _doc("全年度推进东岭综保区提质。")
    [kept] = guard(doc, [_hit(doc, "度推进东岭综保区", EntityType.PARK)])
    assert (kept.name, doc.report.text[kept.start : kept.end]) == ("东岭综保区", "东岭综保区")


def test_a_list_closed_by_its_class_is_not_a_name():
    doc = _doc("支持东岭等园区发展。")
    assert guard(doc, [_hit(doc, "东岭等园区", EntityType.PARK)]) == []


def test_a_class_of_bodies_with_a_firm_ending_is_not_a_firm():
    doc = _doc("推进紧密型城市医疗集团建设，设立首家村镇银行。")
    hits = [_hit(doc, "紧密型城市医疗集团", EntityType.ENTERPRISE), _hit(doc, "首家村镇银行", EntityType.ENTERPRISE)]
    assert guard(doc, hits) == []


def test_a_learned_name_holding_a_launch_verb_is_dropped_but_a_rules_name_is_not():
    doc = _doc("卓越精工建设研发中心，青梧高水平研究院。")
    learned = _hit(doc, "卓越精工建设研发中心", EntityType.PLATFORM, rule="learned.head")
    ruled = _hit(doc, "青梧高水平研究院", EntityType.RESEARCH_INSTITUTE)
    assert [h.name for h in guard(doc, [learned, ruled])] == ["青梧高水平研究院"]


def test_a_raising_verb_at_the_head_of_a_zone_name_is_cut():
    doc = _doc("提高云汀国家自主创新示范区能级。")
    kept = guard(doc, [_hit(doc, "提高云汀国家自主创新示范区", EntityType.PARK)])
    assert [h.name for h in kept] == ["云汀国家自主创新示范区"]


def test_an_owner_word_before_a_firm_is_cut_and_a_learned_name_never_opens_with_a_launch_verb():
    doc = _doc("新央企青梧汽车集团落户。提振汽车消费。")
    firm = _hit(doc, "新央企青梧汽车集团", EntityType.ENTERPRISE)
    learned = _hit(doc, "提振汽车", EntityType.ENTERPRISE, rule="learned.head")
    assert [h.name for h in guard(doc, [firm, learned])] == ["青梧汽车集团"]


def test_a_word_opening_a_name_is_not_an_adverb_that_never_does():
    doc = _doc("就业云汀智慧服务平台建成运行，就云汀平台而言。")
    kept = guard(doc, [_hit(doc, "就业云汀智慧服务平台", EntityType.PLATFORM), _hit(doc, "就云汀平台", EntityType.PLATFORM)])
    assert [h.name for h in kept] == ["就业云汀智慧服务平台"]


def test_an_industry_right_before_hua_is_a_process():
    doc = _doc("推进数字产业化和产业数字化，数字产业加快发展。")
    first = _hit(doc, "数字产业", EntityType.INDUSTRY, rule="learned.head")
    second = doc.report.text.index("数字产业", first.end)
    later = Hit(name="数字产业", type=EntityType.INDUSTRY, start=second, end=second + 4, rule="learned.head")
    assert [h.start for h in guard(doc, [first, later])] == [second]


def test_a_name_is_cut_after_an_enumeration_ordinal():
    doc = _doc("二是青梧荒漠防治中心落户岚峰。")
    [kept] = guard(doc, [_hit(doc, "二是青梧荒漠防治中心", EntityType.PLATFORM)])
    assert kept.name == "青梧荒漠防治中心"


def test_verbs_of_support_and_enrichment_are_cut_from_a_parks_head():
    doc = _doc("助力青梧新区发展，丰富澄明国家自主创新示范区内涵。")
    kept = guard(doc, [_hit(doc, "助力青梧新区", EntityType.PARK), _hit(doc, "丰富澄明国家自主创新示范区", EntityType.PARK)])
    assert [h.name for h in kept] == ["青梧新区", "澄明国家自主创新示范区"]


def test_a_national_class_of_parks_without_its_place_is_not_a_name():
    doc = _doc("争创国家现代农业产业园，建设澄明现代农业产业园和数据产业集聚区。")
    hits = [_hit(doc, w, EntityType.PARK) for w in ("国家现代农业产业园", "澄明现代农业产业园", "数据产业集聚区")]
    assert [h.name for h in guard(doc, hits)] == ["澄明现代农业产业园"]


def test_a_name_started_inside_a_launch_verb_starts_after_it():
    doc = _doc("全力对接青梧科创走廊。")
    [kept] = guard(doc, [_hit(doc, "接青梧科创走廊", EntityType.PARK)])
    assert (kept.name, doc.report.text[kept.start : kept.end]) == ("青梧科创走廊", "青梧科创走廊")
