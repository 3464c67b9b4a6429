"""Region rules, on sentences written for these tests (not from any report)."""

from __future__ import annotations

from kg.model import EntityType, Report, ReportMeta
from kg.extract.recognise import recognise
from kg.extract.regions import short_form
from kg.extract.segment import segment

HEAD = "二、2030年工作安排\n\n一、壮大实体经济，建设现代产业体系\n\n"


def _regions(body: str, region: str | None = None):
    text = HEAD + body + "\n"
    doc = segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta(region=region)))
    return {e.name: e for e in recognise(doc) if e.type is EntityType.REGION}


def test_short_forms_drop_the_administrative_ending():
    assert short_form("河南省") == "河南"
    assert short_form("宁夏回族自治区") == "宁夏"
    assert short_form("内蒙古自治区") == "内蒙古"
    assert short_form("东岭区") == "东岭"


def test_own_region_is_one_entity_with_short_form_and_self_references():
    regions = _regions("全省上下合力，推动河南制造走向全国。我省将全面推进改革，河南省人民更加幸福。", region="河南省")
    own = regions["河南省"]
    assert {"全省", "我省", "河南"} <= set(own.aliases)
    assert len(own.mentions) == 4
    assert "河南" not in regions and "全省" not in regions


def test_self_reference_inside_another_word_is_not_the_region():
    regions = _regions("构建全区域协同格局，建设全市场统一平台。", region="东岭区")
    assert regions == {}


def test_autonomous_region_refers_to_itself_but_not_inside_a_neighbours_name():
    regions = _regions("按照自治区部署，深化与宁夏回族自治区合作。", region="内蒙古自治区")
    assert regions["内蒙古自治区"].aliases == ["自治区"]
    assert "宁夏回族自治区" in regions


def test_suffixed_names_need_a_place_name_stem():
    regions = _regions("支持洛阳市建设副中心，推动县以上城市更新，打造一批好小区。")
    assert set(regions) == {"洛阳市"}


def test_bare_names_in_a_list_of_places_and_their_suffixed_form():
    regions = _regions("支持洛阳、郑州、南阳协同发展。洛阳市加快转型。推动株洲与衡阳对口合作。")
    assert {"郑州", "南阳", "株洲", "衡阳"} <= set(regions)
    assert "洛阳" in regions["洛阳市"].aliases and "洛阳" not in regions


def test_place_name_before_deng_di_stands_alone():
    regions = _regions("支持襄阳等地发展特色产业。")
    assert set(regions) == {"襄阳"}


def test_region_groups_need_a_place_name_at_their_head():
    regions = _regions("建设郑州都市圈，推动豫西地区振兴，巩固脱贫地区成果，加快打造创新型现代化都市圈。")
    assert "郑州都市圈" in regions
    assert "脱贫地区" not in regions and not any(n.endswith("现代化都市圈") for n in regions)


def test_national_regions_and_their_diqu_form_are_one():
    regions = _regions("主动融入京津冀协同发展，深化与长三角地区合作，对接长三角科创资源。")
    assert {"京津冀", "长三角"} <= set(regions)
    assert "长三角地区" in regions["长三角"].aliases
