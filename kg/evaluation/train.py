"""train: rebuild the entity model from the development part of the gold.

Every open-class candidate of a development report is an example, labelled by whether its
(name, type) is a gold entity (the matching rules of kg/evaluation/evaluate.py). The regularisation is
chosen by leave-one-report-out cross-validation on the development part, scored by the whole
pipeline's typed core-entity F1 on the report left out; the model is then fitted on all of it.
The blind part is never read here. Same gold, same bytes: the fit is deterministic (L-BFGS from
zeros, features in sorted order, weights rounded).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Mapping, Optional

import numpy as np

from ..errors import InputError
from .evaluate import Score, _AliasIndex, _CORE, default_gold_files, default_search_dirs, find_report_for, score_file
from ..extract.learned import MODEL_FILE, EntityModel, using
from ..model import CORE_TYPES, Entity, Extraction, Report
from ..extract.open_class import candidates, features_of
from ..extract.rules import resource_path

L2_GRID = (0.1, 0.3, 1.0)
THRESHOLDS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8)


@dataclass
class GoldReport:
    name: str
    gold: dict
    report: Report
    features: list[list[str]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)


def labelled(name: str, gold: dict, report: Report) -> GoldReport:
    """A report's candidates with their features, each labelled by whether its (name, type) is a
    gold core entity (the matching rules of kg/evaluation/evaluate.py)."""
    from ..extract.clean import clean
    from ..extract.segment import segment

    doc = segment(report, clean(report.text))
    index = _AliasIndex([e for e in gold["entities"] if e["type"] in _CORE])
    g = GoldReport(name, gold, report)
    for c in candidates(doc):
        g.features.append(features_of(c))
        g.labels.append(int(index.find(report.text[c.start : c.end], c.type.value) is not None))
    return g


def load_reports(gold_paths: list[Path]) -> list[GoldReport]:
    """Each gold file with its report, labelled."""
    from ..extract.read import read_report

    out = []
    for gp in gold_paths:
        try:
            gold = json.loads(gp.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{gp}: not a readable gold JSON file ({exc.__class__.__name__})") from None
        out.append(labelled(gp.name, gold, read_report(find_report_for(gp, gold["document"], default_search_dirs(gp)))))
    return out


def fit(reports: list[GoldReport], l2: float, threshold: float = THRESHOLDS[0]) -> EntityModel:
    """Logistic regression with an L2 penalty, fitted by L-BFGS from zeros."""
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    vocab = sorted({f for r in reports for feats in r.features for f in feats})
    col = {f: i for i, f in enumerate(vocab)}
    rows, cols, labels = [], [], []
    n = 0
    for r in reports:
        for feats, y in zip(r.features, r.labels):
            ids = sorted({col[f] for f in feats})
            rows += [n] * len(ids)
            cols += ids
            labels.append(y)
            n += 1
    x = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(vocab)))
    y = np.asarray(labels, dtype=float)

    def loss(wb: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = wb[:-1], wb[-1]
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        eps = 1e-12
        nll = -np.sum(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
        g = p - y
        grad = np.append(x.T @ g + l2 * w, g.sum())
        return nll + 0.5 * l2 * float(w @ w), grad

    result = minimize(loss, np.zeros(len(vocab) + 1), jac=True, method="L-BFGS-B", options={"maxiter": 400})
    w = result.x
    return EntityModel(weights={f: float(w[i]) for f, i in col.items()}, bias=float(w[-1]), l2=l2, threshold=threshold)


def _above(extraction: Extraction, thresholds: Mapping[str, float]) -> Extraction:
    """The extraction as a model with higher thresholds (by type) would give it: without
    entities that only learned mentions below their type's threshold name (the best start of a
    candidate does not depend on it)."""
    def kept(e: Entity) -> bool:
        floor = thresholds.get(e.type.value, 0.0)  # only core types are scored
        return any(not m.rule.startswith("learned.") or m.confidence >= floor for m in e.mentions)

    return replace(extraction, entities=[e for e in extraction.entities if kept(e)])


@dataclass
class Fold:
    gold: dict
    extraction: Extraction  # by a model fitted without this report, at the lowest threshold


def cross_validate(reports: list[GoldReport], l2: float) -> list[Fold]:
    """Leave one report out: fit on the others and extract the report left out."""
    from ..extract.pipeline import extract_report

    folds = []
    for i, held in enumerate(reports):
        model = fit(reports[:i] + reports[i + 1 :], l2)
        with using(model):
            folds.append(Fold(held.gold, extract_report(held.report)))
    return folds


def score_folds(folds: list[Fold], thresholds: Mapping[str, float]) -> Score:
    """Typed core-entity score, micro over the folds, at these thresholds."""
    from ..extract.pipeline import to_json

    total = Score()
    for f in folds:
        total.add(score_file(f.gold, to_json(_above(f.extraction, thresholds)))["entities_typed"])
    return total


def _uniform(t: float) -> dict[str, float]:
    return {etype.value: t for etype in sorted(CORE_TYPES, key=lambda e: e.value)}


@dataclass
class TrainResult:
    path: Path
    l2: float
    threshold: float
    type_thresholds: dict[str, float]
    cv: dict[tuple[float, float], Score]
    reports: list[str]


def _choose(
    reports: list[GoldReport], on_step: Callable[[str], None]
) -> tuple[float, float, dict[str, float], dict[tuple[float, float], Score]]:
    """The L2 penalty and threshold with the best leave-one-report-out F1, then each type's own
    threshold where moving it alone raises that F1 (one pass over the types)."""
    cv: dict[tuple[float, float], Score] = {}
    folds_of: dict[float, list[Fold]] = {}
    for penalty in L2_GRID:
        folds_of[penalty] = cross_validate(reports, penalty)
        for t in THRESHOLDS:
            cv[(penalty, t)] = s = score_folds(folds_of[penalty], _uniform(t))
            on_step(f"L2 {penalty}, threshold {t}: leave-one-report-out typed entity F1 {s.f1:.3f} (P {s.precision:.3f} R {s.recall:.3f})")
    l2, threshold = max(cv, key=lambda k: (round(cv[k].f1, 6), -k[0], -k[1]))
    chosen = _uniform(threshold)
    best = round(cv[(l2, threshold)].f1, 6)
    for etype in list(chosen):
        for t in THRESHOLDS:
            trial = {**chosen, etype: t}
            f1 = round(score_folds(folds_of[l2], trial).f1, 6)
            if f1 > best:
                best, chosen = f1, trial
        on_step(f"{etype}: threshold {chosen[etype]} (F1 {best:.3f})")
    return l2, threshold, {k: v for k, v in chosen.items() if v != threshold}, cv


def train(
    gold_files: Optional[list[str | os.PathLike[str]]] = None,
    out: Optional[str | os.PathLike[str]] = None,
    on_step: Optional[Callable[[str], None]] = None,
    l2: Optional[float] = None,
    threshold: Optional[float] = None,
    type_thresholds: Optional[Mapping[str, float]] = None,
) -> TrainResult:
    """Choose the L2 penalty and the thresholds by leave-one-report-out CV on the development
    gold (or take the ones given), fit on all of it and write the model (default: the shipped
    kg/resources/entity_model.json)."""
    paths = [Path(g) for g in gold_files] if gold_files else default_gold_files("dev")
    if len(paths) < 2:
        raise InputError("training needs at least two gold files")
    with using(None):
        reports = load_reports(paths)
    cv: dict[tuple[float, float], Score] = {}
    if l2 is None:
        l2, threshold, type_thresholds, cv = _choose(reports, on_step or (lambda line: None))
    elif threshold is None:
        threshold = THRESHOLDS[len(THRESHOLDS) // 2]
    model = replace(fit(reports, l2, threshold), type_thresholds=dict(type_thresholds or {}))
    target = Path(out) if out else resource_path(MODEL_FILE)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(model.to_json(), encoding="utf-8")
    os.replace(tmp, target)
    return TrainResult(path=target, l2=l2, threshold=threshold, type_thresholds=model.type_thresholds, cv=cv,
                       reports=[r.name for r in reports])
