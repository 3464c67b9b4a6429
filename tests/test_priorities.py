"""Regions prioritise the industries their work and outlook target (kg/extract/priorities.py), on
toy reports written for these tests."""

from __future__ import annotations

from kg.extract.pipeline import extract_report
from kg.model import Report, ReportMeta

REPORT = """一、2025年工作回顾
培育壮大晴岚丝绸、西岭茶艺等特色产业。
二、2026年工作安排
（一）壮大实体经济
大力发展东岭陶瓷、南岭漆器等特色产业。打造晴岚丝绸创新发展强县。
"""


def _prioritised(text: str, region: str | None = "晴岚县") -> dict[str, str]:
    ex = extract_report(Report(id="t", path="t.txt", text=text, meta=ReportMeta(region=region, year=2026)))
    return {r.object: text[r.start : r.end] for r in ex.relations if r.predicate == "prioritises" and r.subject == region}


def test_an_industry_the_work_section_names_is_prioritised_with_its_sentence() -> None:
    found = _prioritised(REPORT)
    assert found["东岭陶瓷"] == found["南岭漆器"] == "大力发展东岭陶瓷、南岭漆器等特色产业。"


def test_an_industry_named_only_in_the_review_is_not_prioritised() -> None:
    assert "西岭茶艺" not in _prioritised(REPORT)


def test_a_name_written_inside_a_longer_phrase_of_the_work_section_counts() -> None:
    found = _prioritised(REPORT)
    assert found["晴岚丝绸"] == "打造晴岚丝绸创新发展强县。"


def test_no_region_no_priorities() -> None:
    assert _prioritised(REPORT, region=None) == {}
