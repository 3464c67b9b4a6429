"""SHACL validation end to end: the sample conforms, `kg validate` reports a broken store,
`kg build` counts violations and `--strict` refuses to replace the store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad

import kg.build.extract_reports
from kg.api import build
from kg.graph.namespace import PLAN
from kg.extract.pipeline import extract
from kg.graph.rdf import extraction_nquads, extraction_quads
from kg.graph.store import open_store, report_graphs
from kg.graph.validate import ValidationFailed, ValidationReport, Violation, validate_quads

from .conftest import CORPUS, SAMPLE, needs_shared, run_kg


def test_the_sample_conforms_to_the_shapes() -> None:
    extraction = extract(SAMPLE)
    assert extraction.entities and extraction.targets, "the sample should give entities and targets"
    assert [v.line() for v in validate_quads(extraction_quads(extraction))] == []


def test_kg_validate_on_the_sample_store(sample_store: Path) -> None:
    done = run_kg("validate", "--store", str(sample_store))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("0 SHACL violations in 0 of 1 report")


def test_kg_validate_prints_each_violation_and_exits_1(tmp_path: Path) -> None:
    build([str(SAMPLE)], tmp_path)
    store = open_store(tmp_path, read_only=False)
    (graph,) = report_graphs(store)
    park = next(q.subject for q in store.quads_for_pattern(None, None, NamedNode(PLAN.Park), graph))
    firm = next(q.subject for q in store.quads_for_pattern(None, None, NamedNode(PLAN.Enterprise), graph))
    store.add(Quad(firm, NamedNode(PLAN.inIndustry), park, graph))
    store.flush()
    del store
    done = run_kg("validate", "--store", str(tmp_path))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].endswith(": 1 violation")
    assert "plan:inIndustry must point at a plan:Industry" in lines[1]
    assert "[plansh:InIndustryRange]" in lines[1]
    assert lines[-1].startswith("1 SHACL violation in 1 of 1 report")


def _without_units(extraction: object) -> str:
    unit = f"> <{PLAN.unit}> "
    return "".join(line for line in extraction_nquads(extraction).splitlines(keepends=True) if unit not in line)  # type: ignore[arg-type]


def test_build_counts_violations_and_strict_replaces_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = build([str(SAMPLE)], tmp_path)
    assert good.violations == 0
    before = (tmp_path / "store").resolve()

    monkeypatch.setattr(kg.build.extract_reports, "extraction_nquads", _without_units)  # one report: extracted in-process
    with pytest.raises(ValidationFailed, match=r"^\d+ SHACL violations, nothing was replaced \(first: .*plan:unit"):
        build([str(SAMPLE)], tmp_path, strict=True)
    assert (tmp_path / "store").resolve() == before

    lenient = build([str(SAMPLE)], tmp_path)
    assert lenient.violations == good.targets + good.achievements  # one missing unit each
    assert f"{lenient.violations} SHACL violations" in lenient.line()


def test_plain_build_checks_one_report_in_32_and_strict_checks_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for region in ("青山县", "白水县", "红石县", "松林县"):
        (folder / f"{region}-2024.txt").write_text(text, encoding="utf-8")
    monkeypatch.setattr(kg.build.extract_reports, "extraction_nquads", _without_units)  # the forked workers inherit it
    plain = build([str(folder)], tmp_path / "out", workers=2)
    assert (plain.checked, plain.reports) == (1, 4)
    per_report = plain.violations
    assert per_report and "(1 of 4 reports checked; `kg validate` checks all)" in plain.line()
    with pytest.raises(ValidationFailed, match=rf"^{4 * per_report} SHACL violations, nothing was replaced"):
        build([str(folder)], tmp_path / "out", workers=2, strict=True)


def test_report_lines_group_violations_by_report() -> None:
    v = Violation("id:report/r/target/0", "plan:unit", "", "needs a unit", "plansh:QuantityUnit")
    report = ValidationReport({"https://w3id.org/plankg/id/report/r": [v], "https://w3id.org/plankg/id/report/s": []},
                              reports=2, triples=1234, seconds=0.5)  # fmt: skip
    assert report.lines() == [
        "id:report/r: 1 violation",
        "  id:report/r/target/0 plan:unit: needs a unit [plansh:QuantityUnit]",
        "1 SHACL violation in 1 of 2 reports (1,234 triples, 0.5 s)",
    ]
    assert not report.conforms


def test_validation_libraries_load_lazily() -> None:
    code = "import sys, kg.cli, kg.api, kg.build.build, kg.graph.validate; print(sorted(m for m in ('pyshacl', 'owlrl') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.slow
@needs_shared
def test_every_provincial_report_conforms() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        assert [v.line() for v in validate_quads(extraction_quads(extract(path)))] == [], path.name
