"""clean: web chrome and site footers go, offsets stay."""

from __future__ import annotations

from kg.extract.clean import clean, normalise_width
from kg.extract.read import read_report

from .conftest import SAMPLE


def test_width_folding_keeps_length() -> None:
    text = "（一）２０２５年，ＧＤＰ增长６％　左右！"
    folded = normalise_width(text)
    assert len(folded) == len(text)
    assert folded == "(一)2025年,GDP增长6% 左右!"


def test_navigation_lines_and_footer_are_blanked_with_offsets_kept() -> None:
    text = (
        "下载\n打印\n【字号：\n加大\n】\n来源：某某日报\n时间：2025-02-01\n"
        "2025年青山县政府工作报告\n全县地区生产总值增长5%。\n"
        "本文仅代表作者观点，不代表本站立场。新增企业100家。\n本文地址：/a/b.html\n验证码：\n"
    )
    ct = clean(text)
    assert len(ct.text) == len(text)
    assert "下载" not in ct.text and "来源" not in ct.text and "字号" not in ct.text
    assert "新增企业100家" not in ct.text and "本文地址" not in ct.text
    start = ct.text.index("地区生产总值")
    assert text[start : start + 6] == "地区生产总值"
    assert ct.content_end == text.index("本文仅代表作者观点")


def test_sample_footer_is_cut() -> None:
    report = read_report(SAMPLE)
    ct = clean(report.text)
    footer = report.text.index("本文仅代表作者观点")
    assert ct.content_end == footer
    assert not ct.text[footer:].strip()
    assert "实施“项目管家”制" in ct.text[:footer]
