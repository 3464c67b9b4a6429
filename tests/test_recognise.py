"""Entity rule families, on sentences written for these tests (not from any report)."""

from __future__ import annotations

from kg.model import EntityType, Report, ReportMeta
from kg.extract.recognise import recognise
from kg.extract.hits import Hit
from kg.extract.segment import segment

HEAD = "二、2030年工作安排\n\n一、壮大实体经济，建设现代产业体系\n\n"


def _entities(body: str):
    text = HEAD + body + "\n"
    doc = segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta()))
    return doc, recognise(doc)


def _names(entities, etype):
    return {e.name for e in entities if e.type is etype}


def test_brands_in_an_enumeration_of_firms():
    _, ents = _entities("纺织服装领域，支持锦纶坊、蓝湾织造、巧云丝业等纺织企业开展技术改造。")
    assert _names(ents, EntityType.ENTERPRISE) == {"锦纶坊", "蓝湾织造", "巧云丝业"}


def test_common_words_and_industries_in_a_list_are_not_brands():
    _, ents = _entities("推动钢铁、化工、建材等企业节能降碳。")
    assert _names(ents, EntityType.ENTERPRISE) == set()


def test_list_without_deng_ending_in_generic_firm_phrase():
    _, ents = _entities("引导岚峰精工、本地模具企业融入整车配套体系。")
    assert "岚峰精工" in _names(ents, EntityType.ENTERPRISE)


def test_full_firm_and_group_names():
    _, ents = _entities("做强城投控股集团，支持汇川新材料有限公司上市。")
    assert {"城投控股集团", "汇川新材料有限公司"} <= _names(ents, EntityType.ENTERPRISE)


def test_university_institute_and_abbreviation_alias():
    _, ents = _entities("深化与东岭大学合作，推动中科院沙地生态研究所成果转化。")
    assert "东岭大学" in _names(ents, EntityType.UNIVERSITY)
    inst = next(e for e in ents if e.type is EntityType.RESEARCH_INSTITUTE)
    assert inst.name == "中科院沙地生态研究所"
    assert "中国科学院沙地生态研究所" in inst.aliases


def test_university_prefix_is_cut_from_platform_name():
    _, ents = _entities("加快东岭大学新能源装备中试基地落地。")
    platform = next(e for e in ents if e.type is EntityType.PLATFORM)
    assert platform.name == "新能源装备中试基地"
    assert "东岭大学新能源装备中试基地" in platform.aliases
    assert "东岭大学" in _names(ents, EntityType.UNIVERSITY)


def test_generic_platforms_and_verbs_are_not_names():
    _, ents = _entities("争创省重点实验室、企业研发中心，全面推进开发区体制改革。")
    assert _names(ents, EntityType.PLATFORM) == set()
    assert _names(ents, EntityType.PARK) == set()


def test_phased_park_names_its_firm():
    _, ents = _entities("紧盯打造高端纺织产业集群，加快云织坊智能产业园三期建设。")
    assert "云织坊智能产业园三期" in _names(ents, EntityType.PARK)
    assert "云织坊智能" in _names(ents, EntityType.ENTERPRISE) or "云织坊" in _names(ents, EntityType.ENTERPRISE)


def test_partner_brand_joined_to_an_institute():
    _, ents = _entities("推动禾丰源与中科院植物研究所共建种业创新中心。")
    assert "禾丰源" in _names(ents, EntityType.ENTERPRISE)
    assert "种业创新中心" in _names(ents, EntityType.PLATFORM)


def test_industries_from_field_clause_and_enumeration_with_broader():
    _, ents = _entities("新能源汽车产业领域，加快布局。做强集成电路、工业母机、商业航天等战略性新兴产业。")
    names = _names(ents, EntityType.INDUSTRY)
    assert {"新能源汽车产业", "集成电路", "商业航天"} <= names
    ev = next(e for e in ents if e.name == "新能源汽车产业")
    assert ev.broader == "汽车"


def test_actions_and_key_task_entities():
    _, ents = _entities("开展智造赋能行动。推动设备更新。")
    assert _names(ents, EntityType.ACTION) == {"智造赋能行动"}
    task = next(e for e in ents if e.type is EntityType.KEY_TASK)
    assert task.name == "壮大实体经济，建设现代产业体系"
    assert "壮大实体经济" in task.aliases


def test_mentions_are_surface_strings_and_confidence_grows_with_mentions():
    doc, ents = _entities("支持锦纶坊、蓝湾织造等纺织企业上市。推动锦纶坊、巧云丝业等企业扩能。")
    for e in ents:
        for m in e.mentions:
            assert doc.report.text[m.start : m.end] == m.surface
        assert 0 < e.confidence <= 1
    twice = next(e for e in ents if e.name == "锦纶坊")
    once = next(e for e in ents if e.name == "蓝湾织造")
    assert len(twice.mentions) == 2 and twice.confidence > once.confidence


def test_nothing_after_the_site_footer():
    _, ents = _entities("开展智造赋能行动。\n\n本文仅代表作者观点,不代表本站立场。支持锦纶坊、蓝湾织造等企业上市。")
    assert _names(ents, EntityType.ENTERPRISE) == set()


def test_runs_of_common_words_are_not_brands():
    _, ents = _entities("推动科技创新、先进制造等企业协同发展。")
    assert _names(ents, EntityType.ENTERPRISE) == set()


def test_name_starts_after_a_de_modifier_and_runs_are_capped():
    _, ents = _entities("建成服务全省的智能制造研究院，加快形成具有广泛影响力的区域性科技大市场。")
    assert _names(ents, EntityType.RESEARCH_INSTITUTE) == {"智能制造研究院"}
    assert _names(ents, EntityType.PLATFORM) == set()


def test_brand_made_of_rarer_words_is_kept():
    _, ents = _entities("支持青松精工、蓝岭电子等企业建设智能工厂。")
    assert _names(ents, EntityType.ENTERPRISE) == {"青松精工", "蓝岭电子"}


def test_bracketed_part_inside_a_name_and_a_trailing_qualifier_keep_their_brackets():
    _, ents = _entities("高标准建设中国（东岭）自贸试验区，申建云岭保税物流中心（B型）。")
    parks = {e.name: e for e in ents if e.type is EntityType.PARK}
    assert "中国（东岭）自贸试验区" in parks
    assert "云岭保税物流中心（B型）" in parks
    assert "云岭保税物流中心" in parks["云岭保税物流中心（B型）"].aliases


def test_a_zone_written_alone_is_the_reports_named_zone():
    _, ents = _entities("实施自贸试验区提升战略。高标准建设中国（东岭）自贸试验区。")
    parks = [e for e in ents if e.type is EntityType.PARK]
    assert [p.name for p in parks] == ["中国（东岭）自贸试验区"]
    assert "自贸试验区" in parks[0].aliases and len(parks[0].mentions) == 2


def test_a_suffix_shared_by_a_list_names_each_item():
    _, ents = _entities("支持松涛、云雀湖等实验室开展攻关。")
    assert _names(ents, EntityType.PLATFORM) == {"松涛实验室", "云雀湖实验室"}


def test_counted_classes_conjunctions_and_generic_tails_are_not_names():
    _, ents = _entities("培育高端商贸集聚区30个以上，建设概念验证和中试平台，新组建省实验室，打造更多全国重点实验室。")
    assert _names(ents, EntityType.PARK) == set()
    assert _names(ents, EntityType.PLATFORM) == set()


def test_exchanges_and_boards_are_platforms_not_firms():
    _, ents = _entities("支持更多企业在科创板、北交所上市。推动云岭集团登陆北京证券交易所。")
    platforms = {e.name: e for e in ents if e.type is EntityType.PLATFORM}
    assert set(platforms) == {"科创板", "北交所"}
    assert "北京证券交易所" in platforms["北交所"].aliases
    assert _names(ents, EntityType.ENTERPRISE) == {"云岭集团"}


def test_taxonomy_words_inside_longer_words_are_not_industries():
    _, ents = _entities("降低企业用电、用气、物流成本，引导金融机构支持演艺经济、赛事经济等新型消费。")
    assert _names(ents, EntityType.INDUSTRY) == set()


def test_a_list_of_fields_names_each_industry_even_after_a_verb():
    _, ents = _entities("推动钢铁、有色、化工等产业提质升级，完成水泥、焦化行业超低排放改造。")
    assert {"钢铁", "有色", "化工", "水泥", "焦化"} <= _names(ents, EntityType.INDUSTRY)


def test_class_words_are_industries_only_when_named_as_a_field():
    _, ents = _entities("现代服务业加快发展。未来产业先导区集聚企业。")
    assert _names(ents, EntityType.INDUSTRY) == set()
    _, ents = _entities("现代服务业领域，支持云岭商贸做大。")
    assert "现代服务业" in _names(ents, EntityType.INDUSTRY)


def test_list_items_headed_by_a_place_are_projects_not_industries():
    _, ents = _entities("推进洛阳重型矿山机械装备、郑州新能源电驱系统制造等产业项目建设。")
    assert _names(ents, EntityType.INDUSTRY) == set()


def test_quoted_programmes_keep_the_quoted_form_as_alias():
    _, ents = _entities("深化“亩产效益”改革，推行“园区管家”协调机制，实施民营企业“攀高计划”，推动“智造”先进制造业发展。")
    programmes = {e.name: e for e in ents if e.type is EntityType.PROGRAMME}
    assert set(programmes) == {"亩产效益改革", "园区管家协调机制", "攀高计划"}
    assert "“亩产效益”改革" in programmes["亩产效益改革"].aliases


def test_infrastructure_names_with_their_section_and_the_last_project_of_a_list():
    _, ents = _entities("开工云岭高铁东岭段，建成松涛机场三期，推进白石复线船闸、青溪航道整治工程建设。")
    names = _names(ents, EntityType.INFRASTRUCTURE)
    assert {"云岭高铁东岭段", "松涛机场三期", "青溪航道整治工程"} <= names
    assert not any("、" in n for n in names)
    assert _names(ents, EntityType.ACTION) == set()


def test_a_firm_written_in_full_and_short_is_one_entity_named_short():
    doc, ents = _entities("支持汇川新材料有限公司上市。汇川新材料加快扩产。")
    firms = [e for e in ents if e.type is EntityType.ENTERPRISE]
    assert [f.name for f in firms] == ["汇川新材料"]
    assert "汇川新材料有限公司" in firms[0].aliases and len(firms[0].mentions) == 2
    assert all(doc.report.text[m.start : m.end] == m.surface for m in firms[0].mentions)


def test_a_firm_written_only_in_full_keeps_its_full_name_with_the_short_as_alias():
    _, ents = _entities("支持汇川新材料有限公司上市。")
    firm = next(e for e in ents if e.type is EntityType.ENTERPRISE)
    assert firm.name == "汇川新材料有限公司" and "汇川新材料" in firm.aliases


def test_two_names_before_one_action_suffix_are_two_actions():
    _, ents = _entities("实施乡村工匠、银龄讲师专项计划。")
    assert {"乡村工匠专项计划", "银龄讲师专项计划"} <= _names(ents, EntityType.ACTION)


def test_a_verb_phrase_before_an_action_suffix_is_not_a_name_of_its_own():
    _, ents = _entities("开展改进作风、访企入村专题行动。")
    assert "改进作风专题行动" not in _names(ents, EntityType.ACTION)


def test_an_action_name_starts_after_the_last_of_chained_launch_verbs():
    _, ents = _entities("深化拓展“数据要素×”行动。")
    assert _names(ents, EntityType.ACTION) == {"数据要素×行动"}


def test_quoted_names_before_one_shared_tail_are_each_an_action():
    _, ents = _entities("实施“育苗扶壮”“繁花满园”培育计划，深化拓展“数据要素×”和“人工智能+”行动。")
    assert {"育苗扶壮培育计划", "繁花满园培育计划", "数据要素×行动", "人工智能+行动"} <= _names(ents, EntityType.ACTION)


def test_every_plain_item_of_a_list_of_new_business_forms_is_an_industry():
    _, ents = _entities("积极发展竹编工艺、林下种养、森林康养等新业态。")
    assert {"竹编工艺", "林下种养", "森林康养"} <= _names(ents, EntityType.INDUSTRY)


def test_a_list_of_places_before_an_industry_belt_is_not_a_list_of_industries():
    _, ents = _entities("推动东岭、西岭、南岭产业带协同发展。")
    assert not {"东岭", "西岭", "南岭"} & _names(ents, EntityType.INDUSTRY)


def test_a_taxonomy_word_that_is_the_whole_object_of_a_develop_verb_is_an_industry():
    _, ents = _entities("大力发展新型储能，完善充电设施。")
    assert "新型储能" in _names(ents, EntityType.INDUSTRY)
    _, ents = _entities("新型储能电站建设加快。")
    assert "新型储能" not in _names(ents, EntityType.INDUSTRY)


def test_places_listed_before_one_park_name_share_its_rest():
    _, ents = _entities("加快建设东岭、西岭、南岭省级数字经济产业园，推进北湖、南湖等产业带建设。")
    parks = _names(ents, EntityType.PARK)
    assert {"东岭省级数字经济产业园", "西岭省级数字经济产业园", "南岭省级数字经济产业园"} <= parks
    assert {"北湖产业带", "南湖产业带"} <= parks


def test_a_firm_listed_before_a_park_does_not_share_its_name():
    _, ents = _entities("锦川微、东湖智创园项目建成。")
    assert "锦川微创园" not in _names(ents, EntityType.PARK)


def test_an_academy_of_sciences_is_an_institute_not_a_college():
    _, ents = _entities("深化与东岭医学科学院合作，推动西岭农科院建设。")
    assert {"东岭医学科学院", "西岭农科院"} <= _names(ents, EntityType.RESEARCH_INSTITUTE)
    assert not _names(ents, EntityType.UNIVERSITY)


def test_firms_as_the_subject_of_what_only_firms_do():
    _, ents = _entities("锦川能源、晴岚投资入选全省民营企业百强，东岭实业获评智能工厂，现代煤化工入选示范，我省入选试点。")
    firms = _names(ents, EntityType.ENTERPRISE)
    assert {"锦川能源", "晴岚投资", "东岭实业"} <= firms
    assert not {"现代煤化工", "我省"} & firms


def test_economies_a_report_develops_are_industries_but_whose_economy_is_not():
    _, ents = _entities("培育壮大冰雪经济，做热做旺演艺经济、“夜间经济”，壮大民营经济，推动经济持续向好。")
    industries = _names(ents, EntityType.INDUSTRY)
    assert {"冰雪经济", "演艺经济", "夜间经济"} <= industries
    assert not {"民营经济", "壮大冰雪经济", "经济"} & industries


def test_a_field_developed_by_name_keeps_its_whole_name():
    _, ents = _entities("做优乡村文化旅游业，发展现代服务业。")
    industries = _names(ents, EntityType.INDUSTRY)
    assert {"乡村文化旅游业", "现代服务业"} <= industries
    assert "文化旅游业" not in industries, "an industry inside a longer one is not one of its own"


def test_a_firm_named_with_gongsi_alone_but_no_generic_company():
    _, ents = _entities("新成立锦昊龙擎公司，招引更多跨国公司落户，组建资产公司。")
    firms = _names(ents, EntityType.ENTERPRISE)
    assert "锦昊龙擎公司" in firms
    assert not any(n.endswith(("跨国公司", "资产公司")) for n in firms)


def test_one_item_before_a_tail_that_says_industries_is_an_industry():
    _, ents = _entities("开展竹编工艺等传统产业发展规划研究，推动钢铁等传统产业改造。")
    assert {"竹编工艺", "钢铁"} <= _names(ents, EntityType.INDUSTRY)


def test_one_item_before_a_tail_that_names_no_industry_is_not_one():
    _, ents = _entities("开展竹编工艺等活动。")
    assert "竹编工艺" not in _names(ents, EntityType.INDUSTRY)


def test_items_joined_by_ji_are_listed_industries():
    _, ents = _entities("谋划竹编工艺及蚕丝织造等新兴产业布局。")
    assert {"竹编工艺", "蚕丝织造"} <= _names(ents, EntityType.INDUSTRY)


def test_firms_listed_as_central_enterprises_with_the_verb_that_opens_the_list():
    _, ents = _entities("引入锦川重工、晴岚海运、东岭国新等央企战略力量。")
    assert {"锦川重工", "晴岚海运", "东岭国新"} <= _names(ents, EntityType.ENTERPRISE)
    assert not any(n.startswith("引入") for n in _names(ents, EntityType.ENTERPRISE))


def test_a_list_followed_by_what_only_firms_do_is_a_list_of_firms():
    _, ents = _entities("锦川芯能、晴岚微电等快速成长。")
    assert {"锦川芯能", "晴岚微电"} <= _names(ents, EntityType.ENTERPRISE)


def test_projects_and_owners_in_a_firm_list_are_not_firms():
    _, ents = _entities("加快锦川铁路、晴岚机场改造等重点项目建设，推动央企锦川重工、民企晴岚微电等链主做强。")
    firms = _names(ents, EntityType.ENTERPRISE)
    assert not {"锦川铁路", "晴岚机场改造"} & firms
    assert {"锦川重工", "晴岚微电"} <= firms


def test_the_other_items_of_a_list_mostly_of_industries_are_industries():
    _, ents = _entities("装备制造、生物医药、竹编工艺等持续壮大。")
    assert "竹编工艺" in _names(ents, EntityType.INDUSTRY)


def test_a_list_with_few_known_industries_lends_its_items_nothing():
    _, ents = _entities("统筹生物医药、竹编工艺、乡村书屋、社区食堂等工作。")
    assert not {"竹编工艺", "乡村书屋", "社区食堂"} & _names(ents, EntityType.INDUSTRY)


def test_science_parks_cooperation_zones_and_resource_banks_are_named_by_their_heads():
    _, ents = _entities("提升晴岚科创园能级，建设东岭—西岭经济合作区，建好东岭种质资源库，打造晴岚金融商务区，建设东岭中央法务区和晴岚图灵小镇。")
    assert {"晴岚科创园", "东岭—西岭经济合作区", "晴岚金融商务区", "东岭中央法务区", "晴岚图灵小镇"} <= _names(ents, EntityType.PARK)
    assert "东岭种质资源库" in _names(ents, EntityType.PLATFORM)


def test_a_plan_launched_with_kaizhan_or_tuijin_is_an_action():
    _, ents = _entities("深入推进东岭制造三年行动计划，开展晴岚英才计划。")
    assert {"东岭制造三年行动计划", "晴岚英才计划"} <= _names(ents, EntityType.ACTION)


def test_a_named_special_rectification_is_an_action():
    _, ents = _entities("全面开展东岭渔船安全生产专项整治，持续开展晴岚河道专项治理。")
    assert {"东岭渔船安全生产专项整治", "晴岚河道专项治理"} <= _names(ents, EntityType.ACTION)


def _extracted(body: str):
    """The whole pipeline (the guards drop 西岭3个综保区, a count is no name) on a toy report."""
    from kg.extract.pipeline import extract_report

    return extract_report(Report(id="t", path="t.txt", text=HEAD + body + "\n", meta=ReportMeta())).entities


def test_items_before_a_count_share_the_name_ending_after_it():
    ents = _extracted("落地建设东岭肿瘤与代谢、晴岚慢病病因2个重点实验室，推动东岭、晴川、西岭3个综保区提质。")
    assert {"东岭肿瘤与代谢重点实验室", "晴岚慢病病因重点实验室"} <= _names(ents, EntityType.PLATFORM)
    assert {"东岭综保区", "晴川综保区", "西岭综保区"} <= _names(ents, EntityType.PARK)


def test_a_count_that_is_not_the_number_of_items_shares_nothing():
    ents = _extracted("推动东岭、晴川5个综保区提质。")
    assert not {"东岭综保区", "晴川综保区"} & _names(ents, EntityType.PARK)


def test_a_list_without_deng_names_firms_only_as_short_brands_or_firm_names():
    _, ents = _entities("开展上门宣讲法规、上门排忧解难、集群化发展、服务企业。支持锦川、晴岚微电、服务企业。")
    firms = _names(ents, EntityType.ENTERPRISE)
    assert not {"上门宣讲法规", "上门排忧解难", "集群化发展"} & firms
    assert {"锦川", "晴岚微电"} <= firms


def test_classes_of_bodies_and_grades_in_a_firm_list_are_not_firms():
    _, ents = _entities("引导锦川重工、商协会、高校院所等龙头企业参与。")
    assert not {"商协会", "高校院所"} & _names(ents, EntityType.ENTERPRISE)


def test_firms_ending_like_firms_before_a_trigger_are_firms():
    _, ents = _entities("东岭药业、北辰矿业、晴岚新材获评国家级专精特新小巨人企业。")
    assert {"东岭药业", "北辰矿业", "晴岚新材"} <= _names(ents, EntityType.ENTERPRISE)


def test_brands_before_a_count_of_firms_are_firms():
    ents = _extracted("培育了东岭光电、北辰药业两家上市公司。")
    assert {"东岭光电", "北辰药业"} <= {e.name for e in ents if e.type is EntityType.ENTERPRISE}


def test_a_firm_before_its_annual_output_is_a_firm():
    _, ents = _entities("锦川科技年产10万吨锂电池项目开工建设，新建年产5万吨项目。")
    assert _names(ents, EntityType.ENTERPRISE) == {"锦川科技"}


def test_a_park_named_before_the_word_for_building_it():
    _, ents = _entities("推进文化和科技融合，加快青梧岭数字文创产业园建设。")
    assert "青梧岭数字文创产业园" in _names(ents, EntityType.PARK)


def test_a_name_runs_back_over_words_names_hold_but_not_over_a_verb():
    _, ents = _entities("持续建好云汀合作产业园，支持社会资本参与开发区建设，办好江河高等研究院。")
    assert _names(ents, EntityType.PARK) == {"云汀合作产业园"}
    assert "江河高等研究院" in _names(ents, EntityType.RESEARCH_INSTITUTE)


def test_places_that_earn_a_title_do_not_share_it_as_a_name():
    _, ents = _entities("甲城、乙城、丙城入选国家数据产业集聚区建设试点；加快建设甲城、乙城省级人工智能产业园。")
    assert _names(ents, EntityType.PARK) == {"甲城省级人工智能产业园", "乙城省级人工智能产业园"}


def test_a_campaign_word_before_a_zone_is_no_name():
    _, ents = _entities("深化清廉开发区建设。")
    assert not _names(ents, EntityType.PARK)


def test_every_item_after_the_first_of_a_run_of_economies_is_an_industry():
    _, ents = _entities("支持晚场经济、赛马经济、滑沙经济、民营经济发展。")
    assert {"赛马经济", "滑沙经济"} <= _names(ents, EntityType.INDUSTRY)
    assert "民营经济" not in _names(ents, EntityType.INDUSTRY)


def test_words_ending_in_deng_and_lists_of_places_or_projects_are_no_firms():
    _, ents = _entities("依法平等保护民营企业权益，加强与京沪等地大型龙头企业合作，加快西郊使馆区、湖畔会都等重点项目建设，“企呼即办”等新机制推动企业诉求解决。")
    assert _names(ents, EntityType.ENTERPRISE) == set()


def test_a_platform_named_before_the_word_for_building_it():
    _, ents = _entities("积极推动云岭(滇西)国际科技创新中心建设，加快建设全国统一大市场。")
    assert _names(ents, EntityType.PLATFORM) == {"云岭(滇西)国际科技创新中心"}


def test_the_items_of_a_counted_list_of_industries_are_industries():
    _, ents = _entities("做强光子芯片、合成生物、空天信息三大先导产业，打造精密仪器、智能家居两个千亿级产业集群。")
    assert {"光子芯片", "合成生物", "空天信息", "精密仪器", "智能家居"} <= _names(ents, EntityType.INDUSTRY)
    assert not any("三大" in n for n in _names(ents, EntityType.INDUSTRY))


def test_a_counted_list_of_farming_belts_names_no_industries():
    _, ents = _entities("做优临海蓝色、山区绿色两大特色农业产业带。")
    assert not {"临海蓝色", "山区绿色"} & _names(ents, EntityType.INDUSTRY)


def test_a_known_industry_listed_beside_new_ones_before_a_strong_tail_is_kept():
    _, ents = _entities("培育壮大光子芯片、合成生物和空天信息等新兴产业，发展新能源及绿色低碳、光子芯片等产业。")
    assert {"光子芯片", "合成生物", "空天信息"} <= _names(ents, EntityType.INDUSTRY)
    assert "绿色低碳" not in _names(ents, EntityType.INDUSTRY)


def test_places_counted_after_their_list_share_the_zone_name_without_the_count():
    _, ents = _entities("建设甲城、乙城两个国家级开发区。")
    assert _names(ents, EntityType.PARK) == {"甲城国家级开发区", "乙城国家级开发区"}


def test_zones_named_by_their_designation_are_parks():
    _, ents = _entities("打造青梧—云汀产业协作区，建设国家青梧农业高新技术产业示范区，提升云汀国家自主创新示范区能级。")
    assert {"青梧—云汀产业协作区", "国家青梧农业高新技术产业示范区", "云汀国家自主创新示范区"} <= _names(ents, EntityType.PARK)


def test_firms_named_as_subjects_of_what_only_firms_do():
    _, ents = _entities("卓越精工二期项目开工建设。澄明光电获批省级企业技术中心，瑞禾能源入围民营企业500强，青梧智能营收突破百亿元。")
    assert {"卓越精工", "澄明光电", "瑞禾能源", "青梧智能"} <= _names(ents, EntityType.ENTERPRISE)


def test_a_place_and_an_industry_before_a_project_word_is_no_firm():
    _, ents = _entities("长沙新型显示、湘潭半导体智造等一批项目开工建设。")
    assert "湘潭半导体智造" not in _names(ents, EntityType.ENTERPRISE)


def test_a_campaign_year_is_an_action():
    _, ents = _entities("深入推进“三个一批”项目建设攻坚年活动，打好净土保卫战。")
    assert {"三个一批项目建设攻坚年活动", "净土保卫战"} <= _names(ents, EntityType.ACTION)


def test_a_conjunction_with_less_than_a_name_before_it_is_inside_the_first_firm():
    _, ents = _entities("促进青和云德、卓越精工等重点外企深化布局。")
    assert _names(ents, EntityType.ENTERPRISE) == {"青和云德", "卓越精工"}


def test_the_firm_before_a_projects_capacity_builds_it():
    _, ents = _entities("推进青梧年产20万吨锂电材料项目建设，推动澄明8英寸碳化硅晶圆、云汀12英寸特色工艺生产线等项目建成投产。")
    assert _names(ents, EntityType.ENTERPRISE) == {"青梧", "澄明", "云汀"}


def test_a_phase_names_its_firm_only_in_a_list_of_projects_and_never_a_place_or_a_plant():
    _, ents = _entities("加快卓越精工二期、临港三期、江澜核电一期等新项目建设，城北二期建成。")
    assert _names(ents, EntityType.ENTERPRISE) == {"卓越精工"}


def test_capacity_reached_is_no_project_head():
    _, ents = _entities("组建后焕新提质，一年内就实现年产4万吨锂盐项目达产。")
    assert _names(ents, EntityType.ENTERPRISE) == set()


def test_car_makers_and_drug_makers_close_a_list_of_firms():
    _, ents = _entities("支持澄明、云汀等车企提质放量，引导青梧、岚峰等药企加快创新。")
    assert _names(ents, EntityType.ENTERPRISE) == {"澄明", "云汀", "青梧", "岚峰"}


def test_fields_written_like_verbs_after_a_lists_first_item():
    _, ents = _entities("推动餐饮住宿、养老托育、休闲垂钓等生活性服务业发展，发展矿产开采及加工、研学旅游等新业态。")
    industries = _names(ents, EntityType.INDUSTRY)
    assert {"餐饮住宿", "养老托育", "休闲垂钓", "研学旅游"} <= industries
    assert "加工" not in industries and "推动餐饮住宿" not in industries


def test_exchanges_compute_centres_labelling_bases_and_dry_ports_by_their_suffix():
    _, ents = _entities("成立云汀国际数据交易平台，建成青梧智算中心，支持澄明国家数据标注基地发展，扩容升级岚峰国际陆港。")
    assert {"云汀国际数据交易平台", "青梧智算中心", "澄明国家数据标注基地"} <= _names(ents, EntityType.PLATFORM)
    assert "岚峰国际陆港" in _names(ents, EntityType.PARK)


def test_a_cluster_a_develop_verb_targets_names_its_industry():
    _, ents = _entities("打造云岭白茶产业集群。打造数智产业集群，打造外贸优势产业集群，培育更多百亿级特色产业集群，发展壮大产业集群。")
    assert _names(ents, EntityType.INDUSTRY) == {"云岭白茶产业集群", "数智产业集群"}


def test_what_only_firms_do_or_earn_names_firms_of_any_ending():
    _, ents = _entities("天汀、大鹏精工成功上市，柳岚入选质量强国建设领军企业，青梧通用五菱入选国家首批领航级智能工厂培育名单。")
    assert _names(ents, EntityType.ENTERPRISE) == {"天汀", "大鹏精工", "柳岚", "青梧通用五菱"}


def test_places_and_quoted_products_earn_no_firms_title():
    _, ents = _entities("长治、临汾分别入选国家公立医院改革试点，工作经验入选“服务企业在基层”十佳案例，“云汀片”成功上市。")
    assert _names(ents, EntityType.ENTERPRISE) == set()


def test_the_verbs_that_govern_a_list_of_fields_are_not_its_first_item():
    _, ents = _entities("扩大和改善文体康旅、现代商贸、家政服务等领域服务供给，因地制宜引育新兴产业和未来产业，挖掘金融、现代物流等生产性服务业潜力。")
    industries = _names(ents, EntityType.INDUSTRY)
    assert {"文体康旅", "金融"} <= industries
    assert not any(n.startswith(("改善", "因地制宜", "引育", "挖掘")) for n in industries)


def test_a_product_field_a_field_verb_targets_names_an_industry():
    _, ents = _entities("大力发展清洁能源，控近推远发展深远海养殖，提升政务服务，发展工业旅游。")
    industries = _names(ents, EntityType.INDUSTRY)
    assert {"清洁能源", "深远海养殖", "工业旅游"} <= industries and "政务服务" not in industries


def test_parks_named_for_cooperation_or_chemicals_and_no_shared_name_across_a_conjunction():
    _, ents = _entities("青梧石化园区、云汀产业协作园区获批建设，推动长岭、澄江国家试点城市和长岭循环经济产业园建设。")
    parks = _names(ents, EntityType.PARK)
    assert {"青梧石化园区", "云汀产业协作园区", "长岭循环经济产业园"} <= parks
    assert not any("试点城市" in p for p in parks)


def test_a_chain_closes_a_list_of_industries():
    _, ents = _entities("壮大果蔬茶、调味品、火锅食材等重点产业链，打造沙棘、蕨麻等精深加工产业链。")
    assert {"果蔬茶", "调味品", "火锅食材", "沙棘", "蕨麻"} <= _names(ents, EntityType.INDUSTRY)


def test_new_tracks_and_growth_points_close_a_list_of_industries():
    _, ents = _entities("开辟生物制造、脑机接口、前沿新材料等新赛道，培育假日经济、体育赛事等新增长点，引导民间投资向高技术、新型基础设施等新赛道拓展。")
    industries = _names(ents, EntityType.INDUSTRY)
    assert {"生物制造", "脑机接口", "前沿新材料", "假日经济", "体育赛事"} <= industries
    assert not {"高技术", "新型基础设施"} & industries


def test_cities_of_a_kind_are_parks_but_a_city_is_not():
    _, ents = _entities("推动中新岚峰生态城、青梧健康城、云汀国际生物城建设，加快中新澄江知识城发展，建设健康城市和生态城市。")
    assert _names(ents, EntityType.PARK) == {"中新岚峰生态城", "青梧健康城", "云汀国际生物城", "中新澄江知识城"}


def test_metrology_centres_and_trial_bases_are_platforms():
    _, ents = _entities("筹建国家碳计量中心，青梧实验室油菜试验基地启动建设。")
    assert {"国家碳计量中心", "青梧实验室油菜试验基地"} <= _names(ents, EntityType.PLATFORM)


def test_a_field_whose_output_is_measured_is_an_industry():
    _, ents = _entities("数字经济规模2.5万亿元，青梧经济增加值预计达650亿元，生物医药产值增长12%，推动新型储能规模化建设，全省经济规模扩大。")
    industries = _names(ents, EntityType.INDUSTRY)
    assert {"数字经济", "青梧经济", "生物医药"} <= industries
    assert not {"新型储能", "全省经济"} & industries


def test_a_kind_of_industry_after_deng_makes_each_item_an_industry():
    _, ents = _entities("大力发展动漫游戏、数智出版、微短剧等文化产业，推动茶叶、食用菌、林竹等十大乡村特色产业发展，综合运用专项债、政府投资基金等工具支持产业项目建设，推动城东、城西等地产业发展。")
    industries = _names(ents, EntityType.INDUSTRY)
    assert {"数智出版", "微短剧", "茶叶", "食用菌", "林竹"} <= industries
    assert not {"专项债", "政府投资基金", "城东", "城西"} & industries


def test_an_industry_a_field_verb_targets_but_not_a_class_of_them():
    _, ents = _entities("做大做强黄金产业，发展绿色氢氨醇产业，培育壮大特色优势产业，大力发展富民产业，培育人形机器人等产业。")
    industries = _names(ents, EntityType.INDUSTRY)
    assert {"黄金产业", "绿色氢氨醇产业"} <= industries
    assert not {"特色优势产业", "富民产业", "人形机器人等产业"} & industries


def test_firms_recognised_or_rated_as_firms_are():
    _, ents = _entities("澄明光电被认定为国家级专精特新“小巨人”企业，岚峰被评为国家级绿色工厂，城南街道被评为全国文明街道。")
    assert _names(ents, EntityType.ENTERPRISE) == {"澄明光电", "岚峰"}


def test_an_industry_made_a_process_is_none():
    _, ents = _entities("加快实施数字产业化能级提升行动。")
    assert _names(ents, EntityType.INDUSTRY) == set()


def test_a_list_ranked_as_firms_keeps_brands_that_are_common_words():
    _, ents = _entities("依托曙光、麒麟、云汀超算等头部企业，支持赛力斯、长城等车企提质放量，推动钢铁、化工等龙头企业节能降碳，澄明总部、青梧基地等央企项目落地。")
    assert _names(ents, EntityType.ENTERPRISE) == {"曙光", "麒麟", "云汀超算", "赛力斯", "长城"}


def test_named_key_labs_science_centres_branch_bases_and_innovation_ports():
    _, ents = _entities(
        "建强澄明稀土全国重点实验室，加快推进云汀综合性科学中心建设，高标准建设青梧人才创新港。"
        "加快云汀农科院岚峰创新基地建设，积极开展“两山”实践创新基地创建。建成岚峰文旅大数据中心。"
        "建设澄明氢能装备检测实证平台。支持北岭青梧科创中心发展。"
    )
    assert _names(ents, EntityType.PLATFORM) == {
        "澄明稀土全国重点实验室", "云汀综合性科学中心", "青梧人才创新港", "云汀农科院岚峰创新基地",
        "岚峰文旅大数据中心", "澄明氢能装备检测实证平台", "北岭青梧科创中心",
    }
    assert "云汀农科院" in _names(ents, EntityType.RESEARCH_INSTITUTE)


def test_industrial_estates_and_innovation_corridors_with_their_place():
    _, ents = _entities("积极融入青梧产业科技创新走廊建设，以岚峰工业区为承载地，云汀工业园入选试点名单。")
    assert _names(ents, EntityType.PARK) == {"青梧产业科技创新走廊", "岚峰工业区", "云汀工业园"}


def test_the_national_carbon_market_and_the_government_hotline_are_platforms():
    _, ents = _entities("积极参与全国碳市场建设，融入全国碳排放权交易市场。规范提升12345热线服务，参与碳市场交易。")
    assert _names(ents, EntityType.PLATFORM) == {"全国碳市场", "全国碳排放权交易市场", "12345热线"}


def test_a_research_bodys_branch_is_named_by_its_place():
    _, ents = _entities("推动澄明国家实验室云汀基地建设，挂牌成立青梧技术创新中心岚峰中心，推进质检中心和计量中心建设。")
    assert _names(ents, EntityType.PLATFORM) == {"澄明国家实验室云汀基地", "青梧技术创新中心岚峰中心"}


def test_a_head_institute_and_institutes_written_short():
    _, ents = _entities("发挥澄明机械总院云汀创新中心作用，提升青梧先研院运营质效。")
    assert _names(ents, EntityType.RESEARCH_INSTITUTE) == {"澄明机械总院", "青梧先研院"}
    assert _names(ents, EntityType.PLATFORM) == {"澄明机械总院云汀创新中心"}


def test_a_quoted_government_service_app_is_a_platform():
    from kg.extract.quoted import quoted_names

    doc, _ = _entities("提升“澄易办”服务功能，优化“岚快政”服务质效，推进“一网通办”和“掌上办”。")
    assert {(h.name, h.type) for h in quoted_names(doc)} == {("澄易办", EntityType.PLATFORM), ("岚快政", EntityType.PLATFORM)}


def test_an_industry_word_that_names_a_centre_with_its_own_ending_is_not_an_industry():
    from kg.extract.nested import industries_in_names

    doc, _ = _entities("建成岚峰文旅大数据中心，建设澄明人工智能应用中试基地。")
    hits = [Hit(name=w, type=EntityType.PLATFORM, start=doc.text.index(w), end=doc.text.index(w) + len(w), rule="suffix")
            for w in ("岚峰文旅大数据中心", "澄明人工智能应用中试基地")]
    assert {h.name for h in industries_in_names(doc, hits)} == {"文旅", "人工智能"}  # never 大数据


def test_a_list_closed_by_deng_does_not_share_its_class_as_a_name():
    _, ents = _entities("深化与青梧、云汀湾等国家实验室合作。")
    assert not any("等" in n for n in _names(ents, EntityType.PLATFORM))
