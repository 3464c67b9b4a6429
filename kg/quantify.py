"""quantify: sentences → typed quantities, split into targets and achievements."""

from __future__ import annotations

from .model import Document, Entity, Quantity


def quantify(doc: Document, entities: list[Entity]) -> tuple[list[Quantity], list[Quantity]]:
    """(targets, achievements) stated in the report."""
    return [], []
