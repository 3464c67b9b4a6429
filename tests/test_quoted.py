"""Quoted platform names (kg/extract/quoted.py), on sentences written for these tests."""

from __future__ import annotations

from kg.model import EntityType, Report, ReportMeta
from kg.extract.quoted import quoted_names
from kg.extract.segment import segment


def _names(body: str) -> set[tuple[str, EntityType]]:
    doc = segment(Report(id="t", path="t.txt", text=body + "\n", meta=ReportMeta()))
    return {(h.name, h.type) for h in quoted_names(doc)}


def test_a_quoted_name_before_a_platform_head_is_a_platform():
    assert _names("加快“晴岚快办”企业综合服务平台建设，升级“东岭通”平台。") == {
        ("晴岚快办企业综合服务平台", EntityType.PLATFORM), ("东岭通平台", EntityType.PLATFORM)}


def test_quoted_items_of_a_list_of_platforms_are_platforms():
    assert ("东岭办", EntityType.PLATFORM) in _names("建强“东岭办”和“晴岚通”等为民服务平台。")
    assert ("晴岚通", EntityType.PLATFORM) in _names("建强“东岭办”和“晴岚通”等为民服务平台。")


def test_a_verb_or_particle_between_the_quote_and_the_head_makes_no_name():
    assert _names("推动“东岭好物”上平台，开展“数字东岭”建设平台化改造。") == set()


def test_quoted_designations_of_parks_are_not_names():
    assert _names("“五好”园区提质增效，“2+3”园区承接转移。") == set()
