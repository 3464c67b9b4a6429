"""eval: score extraction against gold files, following ../shared/gold/README.md.

- names compare after removing quotation marks and white space; an alias counts as its entity;
  industry names also compare without a trailing 产业集群 / 产业 / 行业 / 领域;
- entities: (name, type) over the core types (typed), and name only (untyped);
- relations: subject and predicate match and the object is one of the gold list; predicates the
  gold file does not use are not judged; partnersWith is symmetric;
- targets (and achievements, scored apart): equal scaled value and base unit, and similar
  indicators (one contains the other, or each shares at least half of its distinct characters).
Each gold item matches at most one prediction.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from ..errors import InputError
from ..model import CORE_TYPES
from ..extract.text import norm_name
from ..extract.units import normalise

_INDUSTRY_SUFFIX = re.compile(r"(产业集群|产业|行业|领域)$")
_CORE = {t.value for t in CORE_TYPES}
SYMMETRIC = {"partnersWith"}
METRICS = ("entities_typed", "entities_untyped", "relations", "targets", "achievements")


def _name_keys(name: str, etype: Optional[str]) -> set[str]:
    n = norm_name(name)
    keys = {n}
    if etype == "Industry":
        stripped = _INDUSTRY_SUFFIX.sub("", n)
        if stripped:
            keys.add(stripped)
    return keys


@dataclass
class Score:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else (1.0 if not self.n_pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "predicted": self.n_pred,
            "gold": self.n_gold,
        }


class _AliasIndex:
    """Maps every written form of a gold entity to the entity's index."""

    def __init__(self, gold_entities: list[dict[str, Any]]):
        self.entities = gold_entities
        self.typed: dict[tuple[str, str], int] = {}
        self.untyped: dict[str, set[int]] = {}
        for i, e in enumerate(gold_entities):
            for written in [e["name"], *e.get("aliases", [])]:
                for key in _name_keys(written, e["type"]):
                    self.typed.setdefault((key, e["type"]), i)
                    self.untyped.setdefault(key, set()).add(i)

    def find(self, name: str, etype: Optional[str]) -> Optional[int]:
        for key in _name_keys(name, etype):
            if etype is not None and (key, etype) in self.typed:
                return self.typed[(key, etype)]
        return None

    def find_any_type(self, name: str) -> set[int]:
        found: set[int] = set()
        for key in _name_keys(name, "Industry"):
            found |= self.untyped.get(key, set())
        return found

    def canonical(self, name: str) -> str:
        """The gold entity's name for any of its written forms (else the name itself)."""
        ids = self.find_any_type(name)
        if ids:
            return norm_name(self.entities[min(ids)]["name"])
        return norm_name(name)


def score_entities(gold: dict[str, Any], pred: dict[str, Any]) -> tuple[Score, Score]:
    """(typed, untyped) scores over the core types."""
    gold_core = [e for e in gold["entities"] if e["type"] in _CORE]
    index = _AliasIndex(gold_core)
    pred_core = [e for e in pred["entities"] if e["type"] in _CORE]
    typed, untyped = Score(n_gold=len(gold_core)), Score(n_gold=len(gold_core))
    seen_typed: set[int] = set()
    seen_untyped: set[int] = set()
    for e in pred_core:
        typed.n_pred += 1
        i = index.find(e["name"], e["type"])
        if i is not None and i not in seen_typed:
            seen_typed.add(i)
            typed.tp += 1
        else:
            typed.false_hits.append(f'{e["name"]} ({e["type"]})')
    # Untyped: one prediction per distinct name.
    for name in dict.fromkeys(norm_name(e["name"]) for e in pred_core):
        untyped.n_pred += 1
        free = index.find_any_type(name) - seen_untyped
        if free:
            seen_untyped.add(min(free))
            untyped.tp += 1
        else:
            untyped.false_hits.append(name)
    typed.misses = [f'{e["name"]} ({e["type"]})' for i, e in enumerate(gold_core) if i not in seen_typed]
    untyped.misses = [e["name"] for i, e in enumerate(gold_core) if i not in seen_untyped]
    return typed, untyped


def score_relations(gold: dict[str, Any], pred: dict[str, Any]) -> Score:
    index = _AliasIndex(gold["entities"])
    judged = {r["predicate"] for r in gold["relations"]}
    gold_rel = [
        (index.canonical(r["subject"]), r["predicate"], {index.canonical(o) for o in r["object"]})
        for r in gold["relations"]
    ]
    score = Score(n_gold=len(gold_rel))
    matched: set[int] = set()
    seen_pred: set[tuple[str, str, str]] = set()
    for r in pred["relations"]:
        if r["predicate"] not in judged:
            continue
        s, p, o = index.canonical(r["subject"]), r["predicate"], index.canonical(r["object"])
        if (s, p, o) in seen_pred:
            continue
        seen_pred.add((s, p, o))
        score.n_pred += 1
        hit = None
        for i, (gs, gp, gos) in enumerate(gold_rel):
            if i in matched or gp != p:
                continue
            if (gs == s and o in gos) or (p in SYMMETRIC and s in gos and gs == o):
                hit = i
                break
        if hit is None:
            score.false_hits.append(f"{r['subject']} {p} {r['object']}")
        else:
            matched.add(hit)
            score.tp += 1
    score.misses = [f"{gs} {gp} {'|'.join(sorted(gos))}" for i, (gs, gp, gos) in enumerate(gold_rel) if i not in matched]
    return score


def similar_indicators(a: str, b: str) -> bool:
    a, b = norm_name(a), norm_name(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    sa, sb = set(a), set(b)
    return len(sa & sb) * 2 >= max(len(sa), len(sb))


def _scaled(q: dict[str, Any]) -> tuple[float, str]:
    return normalise(float(q["value"]), str(q["unit"]))


def score_quantities(gold_items: list[dict[str, Any]], pred_items: list[dict[str, Any]]) -> Score:
    score = Score(n_gold=len(gold_items), n_pred=len(pred_items))
    gold_scaled = [_scaled(g) for g in gold_items]
    matched: set[int] = set()
    for q in pred_items:
        value, base = _scaled(q)
        hit = None
        for i, (gv, gb) in enumerate(gold_scaled):
            if i in matched or gb != base or not math.isclose(gv, value, rel_tol=1e-9, abs_tol=1e-9):
                continue
            if similar_indicators(gold_items[i]["indicator"], q["indicator"]):
                hit = i
                break
        if hit is None:
            score.false_hits.append(_describe(q))
        else:
            matched.add(hit)
            score.tp += 1
    score.misses = [_describe(g) for i, g in enumerate(gold_items) if i not in matched]
    return score


def _describe(q: dict[str, Any]) -> str:
    return f"{q['indicator']} {q['value']}{q['unit']} {q.get('qualifier', '')}".rstrip()


def score_file(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Score]:
    typed, untyped = score_entities(gold, pred)
    return {
        "entities_typed": typed,
        "entities_untyped": untyped,
        "relations": score_relations(gold, pred),
        "targets": score_quantities(gold.get("targets", []), pred.get("targets", [])),
        "achievements": score_quantities(gold.get("achievements", []), pred.get("achievements", []))
        if "achievements" in gold
        else Score(),
    }


def default_search_dirs(gold_path: Path) -> list[Path]:
    """Where a gold file's report may be: beside it, data/, and ../shared's seeds and corpus."""
    dirs = [gold_path.parent, Path("data")]
    for shared in (gold_path.parent.parent, Path("..") / "shared"):
        dirs += [shared / "seeds", *sorted((shared / "corpus").glob("*"))]
    return dirs


def find_report_for(gold_path: Path, document: str, search: Iterable[Path]) -> Path:
    """The report a gold file annotates: same file name, or a data/ file whose sidecar
    records that name as its original_name."""
    from ..extract.read import REPORT_SUFFIXES, read_meta

    for d in search:
        candidate = d / document
        if candidate.is_file():
            return candidate
    for d in search:
        if not d.is_dir():
            continue
        for f in sorted(d.iterdir()):
            if f.suffix.lower() in REPORT_SUFFIXES and f.with_name(f.stem + ".meta.yaml").exists():
                if read_meta(f, "").original_name == document:
                    return f
    raise InputError(f"{gold_path}: cannot find its report {document} (beside it, in data/ or ../shared)")


# The gold split (README, "Measuring extraction honestly"). The rules were first written against
# these files, so they can never be blind.
TUNED_ON = ("000_f0b6f9fa8693aedd.gold.json", "安徽省-2026.gold.json", "江苏省-2026.gold.json")
BLIND_PER_GROUP = {"provinces": 2, "districts": 5}
SPLITS = ("all", "dev", "blind")


def _group(path: Path) -> str:
    return "districts" if path.parent.name == "districts" else "provinces"


def _rank(path: Path) -> str:
    return hashlib.sha256(path.name.encode("utf-8")).hexdigest()


def blind_files(paths: Iterable[Path]) -> set[Path]:
    """The blind part: in each group (whole provincial reports; district fragments), the files
    with the lowest SHA-256 of their file name, never one the rules were first written against."""
    blind: set[Path] = set()
    candidates = [p for p in paths if p.name not in TUNED_ON]
    for group, count in BLIND_PER_GROUP.items():
        members = sorted((p for p in candidates if _group(p) == group), key=_rank)
        blind.update(members[:count])
    return blind


def blind_names() -> frozenset[str]:
    """File names of the blind part of ../shared/gold (empty when it is not here)."""
    try:
        return frozenset(p.name for p in default_gold_files("blind"))
    except InputError:
        return frozenset()


def default_gold_files(split: str = "all") -> list[Path]:
    """Every gold file of ../shared/gold (with districts/), or one part of the split."""
    if split not in SPLITS:
        raise InputError(f"unknown split {split!r} (one of {', '.join(SPLITS)})")
    for d in (Path("..") / "shared" / "gold", Path("gold")):
        files = sorted([*d.glob("*.gold.json"), *d.glob("districts/*.gold.json")])
        if files:
            if split == "all":
                return files
            blind = blind_files(files)
            return [f for f in files if (f in blind) == (split == "blind")]
    raise InputError("no gold files given and none found in ../shared/gold")


@dataclass
class EvalResult:
    per_file: dict[str, dict[str, Score]]
    micro: dict[str, Score]

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": {f: {m: s.as_dict() for m, s in scores.items()} for f, scores in self.per_file.items()},
            "micro": {m: s.as_dict() for m, s in self.micro.items()},
        }


def evaluate(gold_files: Optional[list[str | os.PathLike[str]]] = None, split: str = "all") -> EvalResult:
    """Extract each gold file's report and score it; micro-average over all files. Without
    files, the gold of ../shared/gold: all of it, or its "dev" or "blind" part."""
    from ..extract.pipeline import extract, to_json

    paths = [Path(g) for g in gold_files] if gold_files else default_gold_files(split)
    per_file: dict[str, dict[str, Score]] = {}
    micro = {m: Score() for m in METRICS}
    for gp in paths:
        try:
            gold = json.loads(gp.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{gp}: not a readable gold JSON file ({exc.__class__.__name__})") from None
        report = find_report_for(gp, gold["document"], default_search_dirs(gp))
        scores = score_file(gold, to_json(extract(report)))
        per_file[gp.name] = scores
        for m in METRICS:
            micro[m].add(scores[m])
    return EvalResult(per_file=per_file, micro=micro)
