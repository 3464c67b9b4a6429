"""kg train: the shipped entity model is rebuilt byte for byte from the gold, and fitting is
deterministic and learns from its labels."""

from __future__ import annotations

import json

import pytest

from kg.extract.learned import EntityModel, entity_model
from kg.model import Report, ReportMeta
from kg.extract.rules import resource_path
from kg.evaluation.train import GoldReport, fit, labelled

from .conftest import GOLD, run_kg

HEAD = "二、2030年工作安排\n\n一、壮大实体经济，建设现代产业体系\n\n"


def _toy(name: str, body: str, gold_entities: list[dict]) -> GoldReport:
    report = Report(id=name, path=f"{name}.txt", text=HEAD + body + "\n", meta=ReportMeta())
    return labelled(name, {"entities": gold_entities, "relations": [], "targets": []}, report)


TOYS = [
    ("a", "大力发展银发经济、冰雪经济等新业态。", [{"name": "银发经济", "type": "Industry"}, {"name": "冰雪经济", "type": "Industry"}]),
    ("b", "培育低空经济、首发经济等新兴产业，建设东湖科创走廊。", [{"name": "低空经济", "type": "Industry"}, {"name": "首发经济", "type": "Industry"}, {"name": "东湖科创走廊", "type": "Park"}]),
]


def test_fitting_is_deterministic_and_learns_its_labels():
    reports = [_toy(*t) for t in TOYS]
    first, second = fit(reports, 1.0, 0.5), fit(reports, 1.0, 0.5)
    assert first.to_json() == second.to_json()
    again = EntityModel.from_json(first.to_json())
    r = reports[1]
    positives = [again.probability(f) for f, y in zip(r.features, r.labels) if y]
    negatives = [again.probability(f) for f, y in zip(r.features, r.labels) if not y]
    assert positives and negatives
    assert min(positives) > sorted(negatives)[len(negatives) // 2], "gold names score above the typical non-name"


def test_the_shipped_model_loads_fast_and_small():
    import time

    path = resource_path("entity_model.json")
    assert path.stat().st_size < 1_000_000
    start = time.perf_counter()
    EntityModel.from_json(path.read_text(encoding="utf-8"))
    assert time.perf_counter() - start < 0.5
    assert entity_model() is not None


@pytest.mark.slow
@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared gold is not available")
def test_kg_train_rebuilds_the_shipped_model_byte_for_byte(tmp_path):
    shipped = resource_path("entity_model.json").read_bytes()
    settings = json.loads(shipped)
    out = tmp_path / "model.json"
    own = [arg for etype, t in settings["type_thresholds"].items() for arg in ("--type-threshold", f"{etype}={t}")]
    result = run_kg("train", "--l2", str(settings["l2"]), "--threshold", str(settings["threshold"]), *own, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == shipped


def test_train_refuses_a_threshold_without_its_penalty(tmp_path):
    result = run_kg("train", "--threshold", "0.5", "--out", str(tmp_path / "m.json"))
    assert result.returncode != 0 and "--l2" in result.stderr and "Traceback" not in result.stderr


def test_a_types_own_threshold_survives_the_file_and_decides_for_that_type():
    model = EntityModel(weights={"Park/head:head=科创走廊": 1.0}, bias=0.0, l2=0.3, threshold=0.6, type_thresholds={"Park": 0.4})
    again = EntityModel.from_json(model.to_json())
    assert again.threshold_for("Park") == 0.4 and again.threshold_for("Industry") == 0.6
    assert again.to_json() == model.to_json()
