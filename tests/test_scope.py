"""Action names and their scope, on sentences written for these tests."""

from __future__ import annotations

from kg.model import Report, ReportMeta
from kg.extract.scope import action_scopes
from kg.extract.segment import segment


def _doc(text: str):
    return segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta()))


WORK = """二、2030年工作安排

一、聚力发展实体经济，壮大新兴产业

开展智造升级赋能行动。推动数字车间建设，新增智能工厂3家。深入推进“千村千品”行动，组织50家企业参与。

稳住外贸基本盘。实施外贸主体培育行动，新增外贸企业30家。

优化营商环境，新增市场主体500户。实施营商环境攻坚，推动审批提速。全年新增就业2000人。
"""


def _by_name(scopes):
    return {a.name: a for a in scopes.actions}


def test_name_drops_launch_verb_and_quotes():
    acts = _by_name(action_scopes(_doc(WORK)))
    assert set(acts) == {"智造升级赋能行动", "千村千品行动", "外贸主体培育行动", "营商环境攻坚"}
    assert "“千村千品”行动" in acts["千村千品行动"].aliases


def test_span_is_the_written_name():
    doc = _doc(WORK)
    a = _by_name(action_scopes(doc))["智造升级赋能行动"]
    assert doc.report.text[a.start : a.end] == "智造升级赋能行动"


def test_paragraph_action_covers_its_paragraph_and_nests_sub_actions():
    doc = _doc(WORK)
    scopes = action_scopes(doc)
    at_target = scopes.action_at(WORK.index("新增智能工厂"))
    assert at_target is not None and at_target.name == "智造升级赋能行动"
    # a figure after the sub-action is still in the paragraph's action
    assert scopes.action_at(WORK.index("组织50家")).name == "智造升级赋能行动"
    assert _by_name(scopes)["千村千品行动"].parent == "智造升级赋能行动"


def test_short_lead_then_launch_makes_a_paragraph_action():
    scopes = action_scopes(_doc(WORK))
    assert scopes.action_at(WORK.index("新增外贸企业")).name == "外贸主体培育行动"


def test_action_named_mid_paragraph_scopes_rest_of_its_sentence_only():
    scopes = action_scopes(_doc(WORK))
    assert scopes.action_at(WORK.index("新增市场主体")) is None
    assert scopes.action_at(WORK.index("推动审批提速")).name == "营商环境攻坚"
    assert scopes.action_at(WORK.index("全年新增就业")) is None
    assert _by_name(scopes)["营商环境攻坚"].parent is None


def test_list_before_one_suffix_names_several_actions():
    text = "二、2030年工作安排\n\n推动农业提质，实施良种繁育、灌区质量提升、新一轮草原保护行动，确保粮食稳产。\n"
    acts = _by_name(action_scopes(_doc(text)))
    assert set(acts) == {"良种繁育行动", "灌区质量提升行动", "草原保护行动"}
    assert "新一轮草原保护行动" in acts["草原保护行动"].aliases


def test_clauses_that_are_not_actions_stay_one_name():
    text = "二、2030年工作安排\n\n扎实开展优化服务、走访企业专题行动，提升效能。\n"
    assert [a.name for a in action_scopes(_doc(text)).actions] == ["优化服务、走访企业专题行动"]


def test_generic_and_technical_words_are_not_actions():
    text = (
        "二、2030年工作安排\n\n实施一批重大工程，推进民生工程，发展工程机械产业，"
        "引进工程师团队，实施沿河航道整治工程，落实县域振兴三年行动计划。\n"
    )
    assert action_scopes(_doc(text)).actions == []


def test_subject_form_and_coordination():
    text = "一、过去一年工作回顾\n\n物流降本专项行动深入推进，实施家政提质计划和养老服务扩容行动。\n"
    names = [a.name for a in action_scopes(_doc(text)).actions]
    assert names == ["物流降本专项行动", "家政提质计划", "养老服务扩容行动"]


def test_modifier_with_de_is_cut():
    text = "二、2030年工作安排\n\n实施以绿色低碳为导向的新型节能改造工程，降低能耗。\n"
    assert [a.name for a in action_scopes(_doc(text)).actions] == ["新型节能改造工程"]


def test_a_name_opening_with_a_target_verb_is_not_an_action():
    scopes = action_scopes(_doc("二、2030年工作安排\n\n一、壮大实体经济\n\n实施新增规上企业行动，力争新增企业80家。开展云端智造提升行动。\n"))
    assert [a.name for a in scopes.actions] == ["云端智造提升行动"]
