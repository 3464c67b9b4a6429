"""Relation rule families, on sentences written for these tests (not from any report)."""

from __future__ import annotations

from kg.model import EntityType, Report, ReportMeta
from kg.extract.recognise import recognise
from kg.extract.relate import relate
from kg.extract.segment import segment

HEAD = "二、2030年工作安排\n\n一、壮大实体经济，建设现代产业体系\n\n"


def _triples(body: str) -> set[tuple[str, str, str]]:
    text = HEAD + body + "\n"
    doc = segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta()))
    rels = relate(doc, recognise(doc))
    for r in rels:
        assert 0 < r.confidence <= 1 and r.rule
    return {(r.subject, r.predicate, r.object) for r in rels}


TASK = "壮大实体经济，建设现代产业体系"


def test_action_is_part_of_its_key_task_and_sub_action_of_its_parent():
    t = _triples("开展智造赋能行动。推动设备更新，深入推进“百园千企”行动。")
    assert ("智造赋能行动", "partOf", TASK) in t
    assert ("百园千企行动", "partOf", "智造赋能行动") in t
    assert ("百园千企行动", "partOf", TASK) not in t


def test_organisations_in_an_action_paragraph_are_in_action():
    t = _triples("开展智造赋能行动。支持锦纶坊、蓝湾织造等企业上市，深化与东岭大学合作。")
    assert {("锦纶坊", "inAction", "智造赋能行动"), ("东岭大学", "inAction", "智造赋能行动")} <= t


def test_no_action_outside_any_scope():
    t = _triples("稳定就业。支持锦纶坊、蓝湾织造等企业上市。")
    assert not any(p == "inAction" for _, p, _ in t)


def test_field_clause_places_firms_parks_and_platforms_but_not_universities():
    t = _triples(
        "纺织服装领域，加快与东岭大学合作建设功能面料研发中心，支持锦纶坊、蓝湾织造等企业技改。"
    )
    assert {
        ("锦纶坊", "inIndustry", "纺织服装"),
        ("蓝湾织造", "inIndustry", "纺织服装"),
        ("功能面料研发中心", "inIndustry", "纺织服装"),
        ("东岭大学", "develops", "功能面料研发中心"),
    } <= t
    assert not any(s == "东岭大学" and p == "inIndustry" for s, p, _ in t)


def test_field_verb_clause_scopes_rest_of_sentence_only():
    t = _triples("紧盯打造高端纺织产业集群，推进锦纶坊、蓝湾织造等企业扩能。支持巧云丝业、青禾织造等企业上市。")
    assert any(s == "锦纶坊" and p == "inIndustry" and "纺织" in o for s, p, o in t)
    assert not any(s == "巧云丝业" and p == "inIndustry" for s, p, _ in t)


def test_enumeration_head_names_the_industry():
    t = _triples("支持锦纶坊、蓝湾织造等纺织企业上市。")
    assert ("锦纶坊", "inIndustry", "纺织") in t


def test_cooperation_gives_partners_and_developers():
    t = _triples("推动禾丰源与中科院植物研究所共建种业创新中心。")
    assert ("禾丰源", "partnersWith", "中科院植物研究所") in t
    assert {("禾丰源", "develops", "种业创新中心"), ("中科院植物研究所", "develops", "种业创新中心")} <= t


def test_university_prefix_and_park_owner_develop():
    t = _triples("加快东岭大学新能源装备中试基地落地，推进云织坊综合产业园二期建设。")
    assert ("东岭大学", "develops", "新能源装备中试基地") in t
    assert ("云织坊", "develops", "云织坊综合产业园二期") in t


def test_firm_named_only_through_its_park_is_not_placed_in_the_industry_directly():
    t = _triples("紧盯打造高端纺织产业集群，加快云织坊综合产业园二期建设。")
    assert any(s == "云织坊综合产业园二期" and p == "inIndustry" for s, p, _ in t)
    assert not any(s == "云织坊" and p == "inIndustry" for s, p, _ in t)


def test_an_industry_written_inside_a_park_name_places_the_park_in_it():
    t = _triples("大力发展人工智能产业，建设青岚人工智能产业园。")
    assert {o for s, p, o in t if s == "青岚人工智能产业园" and p == "inIndustry"} <= {"人工智能", "人工智能产业"}
    assert any(s == "青岚人工智能产业园" and p == "inIndustry" for s, p, o in t)


def test_an_action_no_scope_knows_is_filed_under_its_key_task():
    from kg.model import Entity, EntityType, Mention
    from kg.extract.relate import structure
    from kg.extract.scope import action_scopes

    text = HEAD + "以山海协作行动为抓手，推动园区扩能。\n"
    doc = segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta()))
    entities = recognise(doc)
    start = text.index("山海协作行动")
    learned = Entity(name="山海协作行动", type=EntityType.ACTION, mentions=[
        Mention(start=start, end=start + 6, surface="山海协作行动", sentence=doc.sentence_at(start).index, rule="learned.head", confidence=0.9)])
    scopes = action_scopes(doc)
    assert not scopes.actions, "no launch verb: the scope rules do not know it"
    rels = structure(doc, [*entities, learned], scopes)
    assert [(r.subject, r.predicate, r.object) for r in rels] == [("山海协作行动", "partOf", TASK)]


def test_a_firm_at_the_head_of_a_listed_project_develops_it():
    from kg.model import Entity, EntityType, Mention
    from kg.extract.relate import relate

    text = HEAD + "加快推进锦川光电显示三期、晴岚新能源商用车等项目。\n"
    doc = segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta()))

    def learned(name: str, etype: EntityType, rule: str) -> Entity:
        start = text.index(name)
        return Entity(name=name, type=etype, mentions=[Mention(start=start, end=start + len(name), surface=name,
                                                              sentence=doc.sentence_at(start).index, rule=rule, confidence=0.8)])

    entities = [learned("锦川", EntityType.ENTERPRISE, "learned.project"),
                learned("锦川光电显示三期", EntityType.INFRASTRUCTURE, "learned.project_item")]
    rels = {(r.subject, r.predicate, r.object, r.rule) for r in relate(doc, entities)}
    assert ("锦川", "develops", "锦川光电显示三期", "develops.head") in rels


def test_a_name_is_never_in_an_industry_of_its_own_name():
    from kg.model import Entity, EntityType, Mention
    from kg.extract.industry_links import Industries, named_fields
    from kg.extract.relation_rules import placed_mentions

    text = HEAD + "加快建设智能体创新中心。\n"
    doc = segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta()))
    start = text.index("智能体创新中心")
    mention = Mention(start=start, end=start + 7, surface="智能体创新中心", sentence=doc.sentence_at(start).index, rule="learned.head", confidence=0.8)
    entities = [Entity(name="智能体创新中心", type=t, mentions=[mention]) for t in (EntityType.PLATFORM, EntityType.INDUSTRY)]
    assert named_fields(doc, entities, Industries(entities), placed_mentions(entities)) == []


def _extracted(body: str) -> set[tuple[str, str, str, str]]:
    """The whole pipeline (rules, learned candidates, guards, names inside names) on a toy report."""
    from kg.extract.pipeline import extract_report

    ex = extract_report(Report(id="t", path="t.txt", text=HEAD + body + "\n", meta=ReportMeta()))
    return {(r.subject, r.predicate, r.object, r.rule) for r in ex.relations}


def test_an_industry_only_written_inside_a_platform_name_is_found_and_places_it():
    from kg.extract.pipeline import extract_report

    ex = extract_report(Report(id="t", path="t.txt", text=HEAD + "布局建设青岚人工智能应用中试基地。\n", meta=ReportMeta()))
    industries = {e.name: e for e in ex.entities if e.type.value == "Industry"}
    assert "人工智能" in industries
    assert industries["人工智能"].mentions[0].rule == "industry.in_name"
    rels = {(r.subject, r.predicate, r.object) for r in ex.relations}
    assert ("青岚人工智能应用中试基地", "inIndustry", "人工智能") in rels


def test_a_class_of_industries_inside_a_name_is_not_an_industry():
    from kg.extract.pipeline import extract_report

    ex = extract_report(Report(id="t", path="t.txt", text=HEAD + "建设青岚现代服务业集聚区。\n", meta=ReportMeta()))
    assert not any(e.type.value == "Industry" and e.name == "现代服务业" for e in ex.entities)


def test_every_item_of_a_project_list_headed_by_a_named_firm_is_a_project_it_develops():
    from kg.model import Entity, EntityType, Mention
    from kg.extract.nested import listed_projects
    from kg.extract.hits import Hit

    text = HEAD + "加快推进锦川光电显示三期、晴岚动力电池及储能等一批重大项目。\n"
    doc = segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta()))
    firms = [Hit(name=n, type=EntityType.ENTERPRISE, start=text.index(n), end=text.index(n) + 2, rule="enumeration") for n in ("锦川", "晴岚")]
    projects = listed_projects(doc, firms)
    assert [(h.name, h.type) for h in projects] == [("锦川光电显示三期", EntityType.INFRASTRUCTURE), ("晴岚动力电池及储能", EntityType.INFRASTRUCTURE)]

    def entity(h: Hit) -> Entity:
        return Entity(name=h.name, type=h.type, mentions=[Mention(start=h.start, end=h.end, surface=h.name,
                                                                 sentence=doc.sentence_at(h.start).index, rule=h.rule, confidence=0.8)])

    rels = {(r.subject, r.predicate, r.object) for r in relate(doc, [entity(h) for h in [*firms, *projects]])}
    assert {("锦川", "develops", "锦川光电显示三期"), ("晴岚", "develops", "晴岚动力电池及储能")} <= rels


def test_a_list_of_anything_but_projects_makes_no_projects():
    from kg.model import EntityType
    from kg.extract.nested import listed_projects
    from kg.extract.hits import Hit

    text = HEAD + "支持锦川光电、晴岚动力等企业上市。\n"
    doc = segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta()))
    firms = [Hit(name=n, type=EntityType.ENTERPRISE, start=text.index(n), end=text.index(n) + 4, rule="enumeration") for n in ("锦川光电", "晴岚动力")]
    assert listed_projects(doc, firms) == []


def test_the_object_of_a_support_verb_is_in_the_industry_its_clause_goes_on_to():
    t = _triples("大力发展汽车产业，支持东岭科技园打造全省重要汽车生产基地。")
    assert ("东岭科技园", "inIndustry", "汽车") in t


def test_a_park_merely_named_beside_an_industry_is_not_placed_by_a_support_verb():
    t = _triples("大力发展汽车产业。\n东岭科技园新增企业30家，汽车销量增长。")
    assert not any(s == "东岭科技园" and p == "inIndustry" for s, p, _ in t)


def test_an_organisation_that_opens_its_clause_and_builds_a_platform_develops_it():
    t = _triples("支持东岭大学建设青岚材料创新中心。")
    assert ("东岭大学", "develops", "青岚材料创新中心") in t
    t = _triples("发挥东岭大学作用，联合青岚材料创新中心开展攻关。")
    assert not any(p == "develops" for _, p, _ in t)


def test_the_industry_of_a_list_of_lead_firms_places_them():
    t = _triples("大力发展新能源产业，支持锦纶坊、蓝湾织造等新能源龙头做大做强。")
    assert {("锦纶坊", "inIndustry", "新能源"), ("蓝湾织造", "inIndustry", "新能源")} <= t


def test_an_industry_as_the_topic_of_its_sentence_places_the_firms_it_goes_on_to():
    t = _triples("大力发展纺织产业。纺织产业围绕高端面料强链补链，推动锦纶坊、蓝湾织造等扩大产能。")
    assert {("锦纶坊", "inIndustry", "纺织"), ("蓝湾织造", "inIndustry", "纺织")} <= {(s, p, o.removesuffix("产业")) for s, p, o in t}


def test_an_industry_measured_or_rewarded_at_the_head_of_a_sentence_is_no_topic():
    t = _triples("大力发展纺织产业。\n纺织产业产值增长8%，锦纶坊、蓝湾织造等扩大产能。")
    assert not any(s == "锦纶坊" and p == "inIndustry" for s, p, _ in t)
    t = _triples("大力发展纺织产业。\n纺织产业集群获评省级特色产业集群，锦纶坊、蓝湾织造等扩大产能。")
    assert not any(s == "锦纶坊" and p == "inIndustry" for s, p, _ in t)


def test_a_field_verb_after_an_adverb_still_opens_a_field_clause():
    rels = _related("积极发展冰雪经济，建成青岚冰雪运动训练中心。", [
        ("冰雪经济", EntityType.INDUSTRY, "industry.economy"), ("青岚冰雪运动训练中心", EntityType.PLATFORM, "learned.head")])
    assert ("青岚冰雪运动训练中心", "inIndustry", "冰雪经济", "inIndustry.field") in rels
    rels = _related("完善文化产业发展体系，建设青岚创意产业集聚区。", [
        ("文化产业", EntityType.INDUSTRY, "industry"), ("青岚创意产业集聚区", EntityType.PARK, "learned.head")])
    assert ("青岚创意产业集聚区", "inIndustry", "文化产业", "inIndustry.field") in rels


def test_a_list_head_is_found_by_any_written_form_of_an_industry_the_report_names():
    t = _triples("壮大平台经济。锦纶坊、蓝湾织造等平台经济企业加快上市。")
    assert {("锦纶坊", "inIndustry", "平台经济"), ("蓝湾织造", "inIndustry", "平台经济")} <= t


def test_what_a_listed_name_is_selected_as_names_its_industry():
    firms = [("锦纶坊", EntityType.ENTERPRISE, "enumeration"), ("蓝湾织造", EntityType.ENTERPRISE, "enumeration")]
    rels = _related("壮大生物制造。锦纶坊、蓝湾织造入选全省首批生物制造中试平台。", [("生物制造", EntityType.INDUSTRY, "industry"), *firms])
    assert {("锦纶坊", "inIndustry", "生物制造", "inIndustry.designation"), ("蓝湾织造", "inIndustry", "生物制造", "inIndustry.designation")} <= rels
    rels = _related("壮大生物制造。\n锦纶坊、蓝湾织造入选生物制造企业绿色工厂名单。", [("生物制造", EntityType.INDUSTRY, "industry"), *firms])
    assert not any(s == "锦纶坊" and p == "inIndustry" for s, p, _, _ in rels)


def test_a_name_with_a_narrow_industry_word_takes_the_wider_industry_its_sentence_names():
    rels = _related("支持东岭物流公司做大做强，打造现代物流枢纽。", [
        ("东岭物流公司", EntityType.ENTERPRISE, "suffix"), ("现代物流", EntityType.INDUSTRY, "industry"),
        ("物流", EntityType.INDUSTRY, "industry")])
    assert ("东岭物流公司", "inIndustry", "现代物流", "inIndustry.name") in rels


def _related(text_body: str, named: list[tuple[str, EntityType, str]]) -> set[tuple[str, str, str, str]]:
    """relate() over hand-placed entities (name, type, rule), each at its first occurrence."""
    from kg.model import Entity, Mention

    text = HEAD + text_body + "\n"
    doc = segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta()))
    entities = []
    for name, etype, rule in named:
        start = text.index(name)
        mention = Mention(start=start, end=start + len(name), surface=name, sentence=doc.sentence_at(start).index, rule=rule, confidence=0.8)
        entities.append(Entity(name=name, type=etype, mentions=[mention]))
    return {(r.subject, r.predicate, r.object, r.rule) for r in relate(doc, entities)}


def test_an_institute_at_the_head_of_a_platform_name_develops_it():
    rels = _related("加快东岭农科院青岚创新基地建设。", [
        ("东岭农科院", EntityType.RESEARCH_INSTITUTE, "suffix"),
        ("东岭农科院青岚创新基地", EntityType.PLATFORM, "learned.head")])
    assert ("东岭农科院", "develops", "东岭农科院青岚创新基地", "develops.head") in rels


def test_a_university_written_right_before_a_platform_develops_it_but_not_across_a_comma():
    rels = _related("东岭大学青岚材料实验室投入运行。", [
        ("东岭大学", EntityType.UNIVERSITY, "suffix"), ("青岚材料实验室", EntityType.PLATFORM, "learned.head")])
    assert ("东岭大学", "develops", "青岚材料实验室", "develops.prefix") in rels
    rels = _related("支持东岭大学、青岚材料实验室发展。", [
        ("东岭大学", EntityType.UNIVERSITY, "suffix"), ("青岚材料实验室", EntityType.PLATFORM, "learned.head")])
    assert not any(p == "develops" for _, p, _, _ in rels)


def test_an_institute_that_takes_part_in_building_a_platform_develops_it():
    named = [("东岭材料研究院", EntityType.RESEARCH_INSTITUTE, "suffix"), ("青岚新材料技术创新中心", EntityType.PLATFORM, "learned.head")]
    rels = _related("支持东岭材料研究院深度参与青岚新材料技术创新中心建设。", named)
    assert ("东岭材料研究院", "develops", "青岚新材料技术创新中心", "develops.builds") in rels
    rels = _related("东岭材料研究院院长参与青岚新材料技术创新中心建设。", named)
    assert not any(p == "develops" for _, p, _, _ in rels)


def test_every_item_of_a_firm_list_is_placed_by_its_head_whichever_rule_found_it():
    rels = _related("支持东岭集团、蓝湾织造等纺织企业上市。", [
        ("纺织", EntityType.INDUSTRY, "industry"), ("东岭集团", EntityType.ENTERPRISE, "suffix"),
        ("蓝湾织造", EntityType.ENTERPRISE, "corpus")])
    assert {("东岭集团", "inIndustry", "纺织", "inIndustry.head"), ("蓝湾织造", "inIndustry", "纺织", "inIndustry.head")} <= rels
    rels = _related("东岭集团推动改革，蓝湾织造等纺织企业上市。", [
        ("纺织", EntityType.INDUSTRY, "industry"), ("东岭集团", EntityType.ENTERPRISE, "suffix")])
    assert not any(s == "东岭集团" and p == "inIndustry" for s, p, _, _ in rels)


def test_a_name_that_opens_its_clause_with_a_field_verb_is_in_that_field():
    named = [("汽车零部件", EntityType.INDUSTRY, "industry"), ("东岭科技园", EntityType.PARK, "suffix")]
    rels = _related("东岭科技园重点发展汽车零部件，新增企业30家。", named)
    assert ("东岭科技园", "inIndustry", "汽车零部件", "inIndustry.supported") in rels
    rels = _related("开放东岭科技园，发展汽车零部件。", named)
    assert not any(p == "inIndustry" for _, p, _, _ in rels)


def test_a_supported_name_that_ends_its_clause_is_in_the_field_the_next_clause_opens():
    named = [("空天信息", EntityType.INDUSTRY, "industry"), ("东岭科创园", EntityType.PARK, "suffix")]
    rels = _related("做大做强东岭科创园等平台，发展空天信息等产业。", named)
    assert ("东岭科创园", "inIndustry", "空天信息", "inIndustry.supported") in rels
    rels = _related("做大做强东岭科创园企业服务，发展空天信息等产业。", named)
    assert not any(p == "inIndustry" for _, p, _, _ in rels)


def test_an_industry_inside_a_quoted_platform_name_is_found_and_places_it():
    from kg.extract.pipeline import extract_report

    ex = extract_report(Report(id="t", path="t.txt", text=HEAD + "建好用好国家“人工智能+”青岚农机中试基地。\n", meta=ReportMeta()))
    rels = {(r.subject, r.predicate, r.object) for r in ex.relations}
    assert ("国家人工智能+青岚农机中试基地", "inIndustry", "人工智能") in rels


def test_a_firm_develops_the_longest_project_read_at_its_name():
    rels = _related("加快推进锦川动力电池及储能等项目。", [
        ("锦川", EntityType.ENTERPRISE, "learned.project"), ("锦川动力电池", EntityType.INFRASTRUCTURE, "learned.project_item"),
        ("锦川动力电池及储能", EntityType.INFRASTRUCTURE, "project.listed")])
    assert {(s, o) for s, p, o, _ in rels if p == "develops"} == {("锦川", "锦川动力电池及储能")}


def test_partners_joined_by_a_word_build_together_also_after_an_adverb():
    named = [("东岭大学", EntityType.UNIVERSITY, "suffix"), ("锦川科技", EntityType.ENTERPRISE, "suffix"),
             ("青岚材料创新中心", EntityType.PLATFORM, "suffix")]
    rels = _related("东岭大学联合锦川科技加快建设青岚材料创新中心。", named)
    assert ("东岭大学", "partnersWith", "锦川科技", "partnersWith.cooperation") in rels
    assert {("东岭大学", "青岚材料创新中心"), ("锦川科技", "青岚材料创新中心")} <= {(s, o) for s, p, o, _ in rels if p == "develops"}


def test_organisations_named_with_an_action_the_review_says_was_done_are_in_no_action():
    text = "一、2029年工作回顾\n\n深入实施智造赋能行动，锦纶坊、蓝湾织造等企业完成重组。\n\n" + HEAD + "开展智造赋能行动。支持青禾织造、巧云丝业等企业上市。\n"
    doc = segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta()))
    rels = {(r.subject, r.predicate, r.object) for r in relate(doc, recognise(doc))}
    assert ("青禾织造", "inAction", "智造赋能行动") in rels
    assert not any(s in ("锦纶坊", "蓝湾织造") and p == "inAction" for s, p, _ in rels)


def test_a_paragraph_led_by_developing_an_industry_places_what_it_names_after():
    named = [("枢纽经济", EntityType.INDUSTRY, "industry.economy"), ("青岚港产业园", EntityType.PARK, "suffix"),
             ("东岭物流集团", EntityType.ENTERPRISE, "suffix")]
    rels = _related("大力发展枢纽经济。以青岚港产业园为重点，拓展多式联运。支持东岭物流集团开辟新航线。", named)
    assert {("青岚港产业园", "inIndustry", "枢纽经济", "inIndustry.lead"), ("东岭物流集团", "inIndustry", "枢纽经济", "inIndustry.lead")} <= rels
    for lead in ("枢纽经济发展稳中有升。", "深入推进枢纽经济改革创新，完善开放通道。"):
        rels = _related(lead + "以青岚港产业园为重点，拓展多式联运。支持东岭物流集团开辟新航线。", named)
        assert not any(p == "inIndustry" for _, p, _, _ in rels), lead
    rels = _related("大力发展社会主义先进文化。支持青岚文创园提升服务。做强文化产业。", [
        ("文化产业", EntityType.INDUSTRY, "industry"), ("青岚文创园", EntityType.PARK, "suffix")])
    assert not any(p == "inIndustry" for _, p, _, _ in rels), "a bare 文化 is no industry the lead names"


def test_the_industry_of_a_list_of_parks_places_them():
    named = [("数字经济", EntityType.INDUSTRY, "industry.economy"), ("青岚数谷", EntityType.PARK, "learned.head"),
             ("东岭云港", EntityType.PARK, "learned.head")]
    rels = _related("深化青岚数谷、东岭云港等省级数字经济园区建设。", named)
    assert {("青岚数谷", "inIndustry", "数字经济", "inIndustry.head"), ("东岭云港", "inIndustry", "数字经济", "inIndustry.head")} <= rels


def test_the_firms_an_industry_topic_names_in_its_own_clause_are_in_it():
    named = [("信息技术", EntityType.INDUSTRY, "industry"), ("东岭芯片", EntityType.ENTERPRISE, "learned.list"),
             ("蓝湾软件", EntityType.ENTERPRISE, "learned.list")]
    rels = _related("信息技术产业依托东岭芯片、蓝湾软件等头部企业强链补链。", named)
    assert {("东岭芯片", "inIndustry", "信息技术", "inIndustry.field"), ("蓝湾软件", "inIndustry", "信息技术", "inIndustry.field")} <= rels
