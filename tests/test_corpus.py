"""Corpus consistency: a name one report is sure of is found in the other reports of a build,
on two reports written for this test."""

from __future__ import annotations

from kg.model import EntityType, Report, ReportMeta
from kg.extract.pipeline import extract_corpus, extract_report

HEAD = "二、2030年工作安排\n\n一、壮大实体经济，建设现代产业体系\n\n"
SURE = Report(id="a", path="a.txt", text=HEAD + "支持锦川科技、晴岚光电等光伏企业扩能。\n", meta=ReportMeta())
OTHER = Report(id="b", path="b.txt", text=HEAD + "去年锦川科技新建产线投产，带动就业增长。\n", meta=ReportMeta())


def _firms(extraction) -> dict[str, list]:
    return {e.name: e.mentions for e in extraction.entities if e.type is EntityType.ENTERPRISE}


def test_a_report_alone_does_not_find_the_bare_name():
    assert "锦川科技" not in _firms(extract_report(OTHER))


def test_a_name_seen_confidently_in_one_report_is_found_in_another():
    first, second = extract_corpus([SURE, OTHER])
    assert "锦川科技" in _firms(first)
    [mention] = _firms(second)["锦川科技"]
    assert OTHER.text[mention.start : mention.end] == "锦川科技"
    assert mention.rule == "corpus" and any("report a" in ev for ev in mention.evidence)


def test_a_report_gains_nothing_from_itself():
    [only] = extract_corpus([OTHER])
    assert "锦川科技" not in _firms(only)


def test_a_build_finds_in_one_report_the_name_another_is_sure_of(tmp_path):
    from kg.api import build, lookup

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(SURE.text, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER.text, encoding="utf-8")
    build([str(folder)], tmp_path / "out")
    found = lookup("锦川科技", tmp_path / "out")
    assert found.entity is not None
    mentioned_in = {r.id for r in found.entity.reports if r.mentions}
    assert mentioned_in == {"a", "b"}, "named in both reports, each with its own mention"


def test_a_build_extracts_each_report_once(tmp_path, monkeypatch):
    import kg.build.extract_reports
    from kg.api import build

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(SURE.text, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER.text, encoding="utf-8")
    recognised: list[str] = []
    recognise = kg.build.extract_reports.recognise_report

    def counted(report):
        recognised.append(report.id)
        return recognise(report)

    monkeypatch.setattr(kg.build.extract_reports, "recognise_report", counted)  # two reports: in process
    build([str(folder)], tmp_path / "out")
    assert sorted(recognised) == ["a", "b"]


def test_a_name_of_the_reports_own_does_not_hide_a_shorter_one_another_report_is_sure_of():
    from kg.extract.corpus import KnownName, corpus_hits
    from kg.extract.pipeline import recognise_report

    own = Report(id="b", path="b.txt", text=HEAD + "锦川科技集团扩建基地。\n", meta=ReportMeta())
    known = {"锦川科技集团": KnownName(EntityType.ENTERPRISE, "b", 0.9), "锦川科技": KnownName(EntityType.ENTERPRISE, "a", 0.9)}
    doc, _ = recognise_report(own)
    [hit] = corpus_hits(doc, [], known)
    assert own.text[hit.start : hit.end] == "锦川科技" and hit.rule == "corpus"
