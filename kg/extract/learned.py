"""learned: the shipped entity model — a logistic regression over open_class's candidate
features, stored as a small JSON file (kg/resources/entity_model.json) that `kg train` rebuilds
deterministically from the gold. Loading it takes a few milliseconds; no network, no GPU."""

from __future__ import annotations

import json
import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

from .rules import resource_path

MODEL_FILE = "entity_model.json"
MIN_WEIGHT = 0.02


@dataclass(frozen=True)
class EntityModel:
    weights: dict[str, float]
    bias: float
    l2: float  # the penalty it was fitted with (chosen by cross-validation)
    threshold: float  # the probability from which a candidate is taken (chosen likewise)
    type_thresholds: dict[str, float] = field(default_factory=dict)  # a type's own, where it differs

    def threshold_for(self, etype: str) -> float:
        return self.type_thresholds.get(etype, self.threshold)

    def probability(self, features: Iterable[str]) -> float:
        w = self.weights
        z = self.bias + sum(w.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        """Weights rounded and sorted, so the same training data gives the same bytes; weights
        too small to move a decision are left out (the file stays small)."""
        weights = {f: round(v, 3) for f, v in sorted(self.weights.items()) if abs(v) >= MIN_WEIGHT}
        lines = [f"{json.dumps(f, ensure_ascii=False)}: {w}" for f, w in weights.items()]
        types = json.dumps(dict(sorted(self.type_thresholds.items())), ensure_ascii=False)
        head = f'"bias": {round(self.bias, 3)}, "l2": {self.l2}, "threshold": {self.threshold}, "type_thresholds": {types}'
        return '{%s, "weights": {\n%s\n}}\n' % (head, ",\n".join(lines))

    @classmethod
    def from_json(cls, text: str) -> "EntityModel":
        data = json.loads(text)
        return cls(weights={str(k): float(v) for k, v in data["weights"].items()}, bias=float(data["bias"]),
                   l2=float(data["l2"]), threshold=float(data["threshold"]),
                   type_thresholds={str(k): float(v) for k, v in data.get("type_thresholds", {}).items()})


_override: list[Optional[EntityModel]] = []
_shipped: list[Optional[EntityModel]] = []


def entity_model() -> Optional[EntityModel]:
    """The model in use: the shipped file (None if there is none), or one set by `using`."""
    if _override:
        return _override[-1]
    if not _shipped:
        path = resource_path(MODEL_FILE)
        _shipped.append(EntityModel.from_json(path.read_text(encoding="utf-8")) if path.is_file() else None)
    return _shipped[0]


@contextmanager
def using(model: Optional[EntityModel]) -> Iterator[None]:
    """Extract with another model (or none) for a while: cross-validation, tests."""
    _override.append(model)
    try:
        yield
    finally:
        _override.pop()
