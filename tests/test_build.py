"""kg build / add / remove: outputs, determinism, atomic replacement, incremental updates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse

from kg.api import add, build, remove
from kg.graph.store import ONTOLOGY_GRAPH, open_store, report_graphs

from .conftest import SAMPLE, left_in, run_kg

PLAN = "https://w3id.org/plankg/ontology#"


def _quads(out: Path) -> set[str]:
    """The reports' quads as canonical N-Quads lines (no blank nodes are used, so set equality
    is graph isomorphism)."""
    store = open_store(out)
    return {str(q) for g in report_graphs(store) for q in store.quads_for_pattern(None, None, None, g)}


def _select(out: Path, query: str) -> list[tuple[str, ...]]:
    store = open_store(out)
    rows = store.query(query, use_default_graph_as_union=True)
    return [tuple(term.value for term in row) for row in rows]


def test_build_writes_store_and_trig(sample_store: Path) -> None:
    assert (sample_store / "store").is_symlink()
    trig = (sample_store / "graph.trig").read_bytes()
    parsed = list(parse(trig, format=RdfFormat.TRIG))
    assert len(parsed) == len(_quads(sample_store))


def test_report_metadata_in_graph(sample_store: Path) -> None:
    rows = _select(
        sample_store,
        f"""SELECT ?region ?year WHERE {{ ?r a <{PLAN}Report> ; <{PLAN}region> ?g ; <{PLAN}year> ?year .
        ?g <http://www.w3.org/2004/02/skos/core#prefLabel> ?region }}""",
    )
    assert rows == [("相山区", "2024")]


def test_sample_structure_key_task_actions_and_sentences(sample_store: Path) -> None:
    rows = _select(
        sample_store,
        f"""SELECT ?action ?task WHERE {{
          ?a a <{PLAN}Action> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?action ; <{PLAN}partOf> ?t .
          ?t a <{PLAN}KeyTask> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?task }}""",
    )
    task = "奋勇争先强化创新引领,以更高质量促进产业提档升级"
    assert {("科技创新赋能行动", task), ("工业提质增效行动", task), ("园区固本强基行动", task)} <= set(rows)
    text = SAMPLE.read_text(encoding="utf-8")
    sentences = _select(
        sample_store,
        f"SELECT ?text ?start ?end WHERE {{ ?s a <{PLAN}Sentence> ; <{PLAN}text> ?text ; <{PLAN}start> ?start ; <{PLAN}end> ?end }}",
    )
    assert sentences
    for sentence, start, end in sentences:
        assert text[int(start) : int(end)] == sentence


def test_nothing_from_the_website_footer_is_in_the_graph(sample_store: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    footer = text.index("本文仅代表作者观点")
    ends = _select(sample_store, f"SELECT ?e WHERE {{ ?x <{PLAN}end> ?e }}")
    assert ends and max(int(e) for (e,) in ends) <= footer
    labels = _select(
        sample_store,
        f"""SELECT ?l WHERE {{ GRAPH ?g {{ ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l }}
            FILTER(?g != <{ONTOLOGY_GRAPH}>) }}""",
    )
    body, tail = text[:footer], text[footer:]
    for (label,) in labels:
        assert not (label in tail and label not in body), label
    for phrase in ("本站", "转载", "侵权", "验证码", "网站地图", "九游会"):
        assert all(phrase not in label for (label,) in labels)


def test_two_builds_are_isomorphic(tmp_path: Path, sample_store: Path) -> None:
    build([str(SAMPLE)], tmp_path / "again")
    assert _quads(tmp_path / "again") == _quads(sample_store)


def test_failed_build_leaves_previous_outputs_intact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([str(SAMPLE)], out)
    before_trig = (out / "graph.trig").read_bytes()
    before = _quads(out)
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SAMPLE, reports / "good.txt")
    (reports / "broken.txt").write_bytes(b"\x00\x01binary" * 50)
    result = run_kg("build", str(reports), "--store", str(out))
    assert result.returncode != 0 and "broken.txt" in result.stderr
    assert (out / "graph.trig").read_bytes() == before_trig
    assert _quads(out) == before
    assert len(list(out.glob(".gen-*"))) == 1
    assert left_in(out) == ["graph.html", "graph.trig", "names.json", "store"]


REPORT_A = "2025年青山县政府工作报告\n二、2025年工作安排\n（一）做强制造业\n开展智造升级行动。支持青松精工、蓝岭电子等企业建设智能工厂，新增规上工业企业10家。\n"
REPORT_B = "2025年白水县政府工作报告\n二、2025年工作安排\n（一）壮大新能源\n开展光伏倍增行动。推动青松精工与白水学院合作建设光伏研发中心，新增光伏装机20万千瓦。\n"


def _write_reports(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    a, b = folder / "青山县-2025.txt", folder / "白水县-2025.txt"
    a.write_text(REPORT_A, encoding="utf-8")
    b.write_text(REPORT_B, encoding="utf-8")
    return [a, b]


def test_add_remove_readd_equals_a_fresh_build(tmp_path: Path) -> None:
    a, b = _write_reports(tmp_path / "r")
    build([str(a), str(b)], tmp_path / "fresh")
    build([str(a)], tmp_path / "inc")
    add([str(b)], tmp_path / "inc")
    assert _quads(tmp_path / "inc") == _quads(tmp_path / "fresh")
    remove(["白水县-2025"], tmp_path / "inc")
    assert len(report_graphs(open_store(tmp_path / "inc"))) == 1
    add([str(b)], tmp_path / "inc")
    add([str(b)], tmp_path / "inc")  # re-adding replaces, never duplicates
    assert _quads(tmp_path / "inc") == _quads(tmp_path / "fresh")
    trig = (tmp_path / "inc" / "graph.trig").read_bytes()
    assert len(list(parse(trig, format=RdfFormat.TRIG))) == len(_quads(tmp_path / "fresh"))


def test_a_firm_named_in_two_reports_is_one_node_with_two_mentions(tmp_path: Path) -> None:
    a, b = _write_reports(tmp_path / "r")
    out = tmp_path / "out"
    build([str(a), str(b)], out)
    rows = _select(
        out,
        f"""SELECT ?firm (COUNT(DISTINCT ?report) AS ?reports) WHERE {{
          ?firm a <{PLAN}Enterprise> ; <http://www.w3.org/2004/02/skos/core#prefLabel> "青松精工"@zh .
          ?m <{PLAN}mentionOf> ?firm ; <{PLAN}inReport> ?report }} GROUP BY ?firm""",
    )
    assert len(rows) == 1 and rows[0][1] == "2"


def test_parallel_build_reports_progress_and_leaves_no_scratch_files(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    for county in ("青山县", "白水县", "红石县", "松林县", "北湖县"):
        (folder / f"{county}-2025.txt").write_text(REPORT_A.replace("青山县", county), encoding="utf-8")
    done: list[str] = []
    extracted: list[str] = []
    stages: list[str] = []
    out = tmp_path / "out"
    build([str(folder)], out, workers=2, on_done=lambda r: done.append(r.report_id), on_stage=stages.append,
          on_extracted=lambda path: extracted.append(Path(path).stem))  # fmt: skip
    assert sorted(done) == sorted(extracted) == sorted(p.stem for p in folder.iterdir())
    assert stages == ["names across reports", "checking SHACL shapes", "loading the store", "drawing graph.html"]
    assert len(report_graphs(open_store(out))) == 5
    assert left_in(out) == ["graph.html", "graph.trig", "names.json", "store"]


def test_remove_unknown_report_is_an_error_and_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([str(SAMPLE)], out)
    before = _quads(out)
    result = run_kg("remove", "no-such-report", "xiangshan-2024-work-plan", "--store", str(out))
    assert result.returncode == 1 and "no-such-report" in result.stderr
    assert _quads(out) == before


def test_build_summary_line(tmp_path: Path) -> None:
    result = run_kg("build", str(SAMPLE), "--store", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"built {tmp_path / 'o'}/: 1 report;")
    assert "triples" in result.stdout and "targets" in result.stdout


def test_summary_counts_distinct_entities_as_kg_stats_does(tmp_path: Path) -> None:
    from kg.views.analytics import store_stats

    a, b = _write_reports(tmp_path / "r")  # 青松精工 is named in both
    summary = build([str(a), str(b)], tmp_path / "out")
    stats = store_stats(tmp_path / "out")
    assert len(summary.entities) == stats.entities
    assert dict(summary.by_type()) == stats.by_type
    assert summary.by_type()["Enterprise"] == 2  # 青松精工 once, 蓝岭电子
    assert f"{stats.entities} entities (" in summary.line()


def _drawn(html: str) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    """A page's nodes (label, type) and relations (label, relation, label), drawn or in its data."""
    import json
    import re

    match = re.search(r"var KG = (.*?);\n", html)
    assert match, "KG"
    kg = json.loads(match.group(1))
    nodes = [(n[0], kg["types"][n[1]]) for n in kg["nodes"]]
    edges = {(nodes[e[0]][0], kg["preds"][e[2]], nodes[e[1]][0]) for e in kg["edges"]}
    return set(nodes), edges


def test_page_drawn_beside_the_load_shows_what_the_store_holds(tmp_path: Path) -> None:
    from kg.build.build import draw_page

    folder = tmp_path / "r"
    folder.mkdir()
    for county in ("青山县", "白水县", "红石县", "松林县"):
        (folder / f"{county}-2025.txt").write_text(REPORT_B.replace("白水县", county), encoding="utf-8")
    build([str(folder)], tmp_path / "out", workers=2)  # four reports: a worker draws from the quads file
    beside = _drawn((tmp_path / "out" / "graph.html").read_text(encoding="utf-8"))
    assert beside == _drawn(draw_page(open_store(tmp_path / "out")))
    assert ("青松精工", "develops", "光伏研发中心") in beside[1] and len(beside[0]) > 5


def test_quads_loaded_in_parts_give_the_same_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.build.build
    import kg.build.load

    a, b = _write_reports(tmp_path / "r")
    build([str(a), str(b)], tmp_path / "whole")
    loads: list[str] = []
    bulk_load = kg.build.build.Store.bulk_load
    monkeypatch.setattr(kg.build.load, "LOAD_PART_BYTES", 1)  # a part per report, and one for the ontology
    monkeypatch.setattr(kg.build.build.Store, "bulk_load", lambda self, **kw: (loads.append(kw.get("path", "")), bulk_load(self, **kw)))
    build([str(a), str(b)], tmp_path / "parts")
    assert len([p for p in loads if ".build-quads-" in p]) == 3  # two reports and the ontology
    assert _quads(tmp_path / "parts") == _quads(tmp_path / "whole")
    assert left_in(tmp_path / "parts") == ["graph.html", "graph.trig", "names.json", "store"]
