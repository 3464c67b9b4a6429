"""Property tests: the extractor never raises on arbitrary text, and every span it emits lies
inside the text with its substring equal to the recorded surface form."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.model import Report, ReportMeta
from kg.extract.pipeline import extract_report

# Text that looks like reports often enough to reach the rules: genre words, digits, units and
# punctuation mixed with arbitrary Unicode.
GENRE = [
    "开展", "行动", "工程", "支持", "等企业", "与", "合作建设", "产业园", "二期", "研发中心", "大学",
    "研究所", "领域", "产业集群", "增长", "%", "亿元", "以上", "左右", "新增", "家", "个", "前", "名",
    "分别", "、", "，", "。", "\n", "（一）", "一、", "2026年", "到2030年", "十五五", "“", "”", "万m2", "余亩",
]
genre_text = st.lists(st.one_of(st.sampled_from(GENRE), st.text(max_size=6)), max_size=60).map("".join)


def _check(text: str) -> None:
    extraction = extract_report(Report(id="p", path="p.txt", text=text, meta=ReportMeta(year=2026)))
    for entity in extraction.entities:
        assert entity.name
        for m in entity.mentions:
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start : m.end] == m.surface
    for rel in extraction.relations:
        assert 0 <= rel.start <= rel.end <= len(text)
    for q in extraction.targets + extraction.achievements:
        assert 0 <= q.start < q.end <= len(text)
        assert q.indicator and q.unit is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(genre_text)
def test_report_like_text_keeps_spans_inside_and_exact(text: str) -> None:
    _check(text)
