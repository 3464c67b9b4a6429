"""hits: the Hit, one mention a recogniser found, before mentions are merged into entities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..model import EntityType


@dataclass(frozen=True)
class Hit:
    """One recognised mention, before mentions are merged into entities."""

    name: str
    type: EntityType
    start: int
    end: int
    rule: str
    aliases: tuple[str, ...] = ()
    broader: Optional[str] = None
    confidence: Optional[float] = None  # a learned decision's own; else the rule's (entities.yaml)
    evidence: tuple[str, ...] = ()  # a learned decision's features
