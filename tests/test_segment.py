"""segment: sections, key tasks, paragraphs and sentences with offsets."""

from __future__ import annotations

from kg.model import Report, ReportMeta, SectionKind
from kg.extract.read import read_report
from kg.extract.segment import classify_section, parse_heading, segment, split_sentences

from .conftest import SAMPLE

PROVINCE_STYLE = """2025年青山省政府工作报告
各位代表：
一、2024年工作回顾
（一）稳住经济大盘。全省地区生产总值增长5.1%。
二、“十五五”时期主要目标任务
到2030年，全省研发投入强度达到3%。
三、2025年重点工作
（一）加力扩大内需
实施消费提振行动。新增首店100家以上。
（二）培育新兴产业
开展链主企业培育工程，支持龙头企业做强。
四、全面加强政府自身建设
坚持依法行政。
"""


def _doc(text: str):
    return segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta()))


def test_sections_and_key_tasks_of_a_provincial_layout() -> None:
    doc = _doc(PROVINCE_STYLE)
    assert [k.text for k in doc.key_tasks] == ["加力扩大内需", "培育新兴产业"]

    def section_of(fragment: str) -> SectionKind:
        offset = PROVINCE_STYLE.index(fragment)
        return next(p.section for p in doc.paragraphs if p.start <= offset < p.end)

    assert section_of("增长5.1%") is SectionKind.REVIEW
    assert section_of("研发投入强度") is SectionKind.OUTLOOK
    assert section_of("新增首店") is SectionKind.WORK
    assert section_of("坚持依法行政") is SectionKind.OTHER
    para = next(p for p in doc.paragraphs if "链主企业" in PROVINCE_STYLE[p.start : p.end])
    assert doc.key_tasks[para.key_task].text == "培育新兴产业"


def test_district_fragment_restarts_numbering_for_key_tasks() -> None:
    text = "二、2025年工作安排\n今年主要预期目标是：增长6%。\n一、做强实体经济，推动产业升级\n开展园区提升行动。\n二、增进民生福祉\n实施就业促进工程。\n"
    doc = _doc(text)
    assert [k.text for k in doc.key_tasks] == ["做强实体经济,推动产业升级", "增进民生福祉"]
    assert all(p.section is SectionKind.WORK for p in doc.paragraphs)


def test_a_fragment_announcing_this_years_work_opens_with_the_work_section() -> None:
    text = "今年主要预期目标是:地区生产总值增长6%。全力做好以下五个方面的工作:\n一、加快新型工业化\n新增规上工业企业20家以上。\n"
    doc = _doc(text)
    assert [p.section for p in doc.paragraphs] == [SectionKind.PREAMBLE, SectionKind.WORK, SectionKind.WORK]
    # without the announcement, a first part that says nothing is the review
    assert _doc("各位代表:\n一、砥砺奋进\n新增规上工业企业20家。\n").paragraphs[1].section is SectionKind.REVIEW


def test_heading_with_body_on_the_same_line() -> None:
    h = parse_heading("(二)推动科技创新。全年新增高新技术企业50家。", 10)
    assert h is not None and h.text == "推动科技创新" and h.level == 2 and h.number == 2
    assert h.start == 10 and h.end == 10 + len("(二)推动科技创新")
    assert parse_heading("全年新增高新技术企业50家。", 0) is None


def test_section_keywords() -> None:
    assert classify_section("2025年工作回顾") is SectionKind.REVIEW
    assert classify_section("关于2026年工作") is SectionKind.WORK
    assert classify_section("“十五五”时期目标任务和2026年工作安排") is SectionKind.WORK
    assert classify_section("“十五五”时期主要目标任务") is SectionKind.OUTLOOK
    assert classify_section("2026年青山省政府工作报告") is None


def test_sentences_split_after_stops_and_closing_quotes() -> None:
    text = "他说“增长6%。”然后结束!最后一句"
    spans = split_sentences(text, 0, len(text))
    assert [text[s:e] for s, e in spans] == ["他说“增长6%。”", "然后结束!", "最后一句"]


def test_sample_structure_and_offsets() -> None:
    report = read_report(SAMPLE)
    doc = segment(report)
    assert [k.text for k in doc.key_tasks] == ["奋勇争先强化创新引领,以更高质量促进产业提档升级"]
    for s in doc.sentences:
        assert report.text[s.start : s.end] == s.text
        assert s.text.strip() == s.text and s.text
    footer = report.text.index("本文仅代表作者观点")
    assert all(s.end <= footer for s in doc.sentences)
    assert any(s.text == "开展科技创新赋能行动。" for s in doc.sentences)


def test_the_parts_of_a_fragment_announcing_this_years_work_are_its_key_tasks() -> None:
    text = (
        "全力做好以下两个方面的工作:\n一、加快新型工业化,推进制造强县建设\n(一)壮大产业集群。开展园区提升行动。\n"
        "二、增进民生福祉\n实施就业促进工程。\n"
    )
    doc = _doc(text)
    assert [k.text for k in doc.key_tasks] == ["加快新型工业化,推进制造强县建设", "增进民生福祉"]
    para = next(p for p in doc.paragraphs if "园区提升行动" in text[p.start : p.end])
    assert doc.key_tasks[para.key_task].text.startswith("加快新型工业化")


JOINED_REVIEW_AND_OUTLOOK = """一、2025年工作回顾
地区生产总值增长5%。
二、“十四五”时期发展成就和“十五五”时期主要目标任务
过去五年，全区生产总值年均增长5.5%。
根据党委的建议，我们编制了“十五五”规划纲要（草案）。
（一）大力发展人工智能，人工智能核心产业规模年均增长20%。
三、2026年工作安排
全区生产总值增长5%。
"""


def _section_at(text: str, doc, fragment: str) -> SectionKind:
    offset = text.index(fragment)
    return next(p.section for p in doc.paragraphs if p.start <= offset < p.end)


def test_a_part_joining_review_and_outlook_turns_to_the_outlook_where_the_coming_plan_opens() -> None:
    text = JOINED_REVIEW_AND_OUTLOOK
    doc = segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta(year=2026)))
    assert _section_at(text, doc, "年均增长5.5%") is SectionKind.REVIEW
    assert _section_at(text, doc, "规划纲要") is SectionKind.OUTLOOK
    assert _section_at(text, doc, "核心产业规模") is SectionKind.OUTLOOK
    assert _section_at(text, doc, "全区生产总值增长5%") is SectionKind.WORK


def test_the_coming_plan_under_its_full_name_opens_the_outlook_too() -> None:
    text = JOINED_REVIEW_AND_OUTLOOK.replace("“十五五”规划纲要", "国民经济和社会发展第十五个五年规划纲要")
    doc = segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta(year=2026)))
    assert _section_at(text, doc, "年均增长5.5%") is SectionKind.REVIEW
    assert _section_at(text, doc, "核心产业规模") is SectionKind.OUTLOOK
    old = text.replace("第十五个五年", "第十四个五年")
    assert _section_at(old, segment(Report(id="t", path="t.txt", text=old, meta=ReportMeta(year=2026))), "核心产业规模") \
        is SectionKind.REVIEW


def test_the_current_plan_named_in_a_review_opens_no_outlook() -> None:
    text = JOINED_REVIEW_AND_OUTLOOK.replace("十五五", "十四五")
    doc = segment(Report(id="t", path="t.txt", text=text, meta=ReportMeta(year=2026)))
    assert _section_at(text, doc, "规划纲要") is SectionKind.REVIEW
