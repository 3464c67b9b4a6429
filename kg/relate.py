"""relate: entities in their sentences → typed relations between them."""

from __future__ import annotations

from .model import Document, Entity, Relation


def relate(doc: Document, entities: list[Entity]) -> list[Relation]:
    """Relations stated by the genre's syntax and by the document's structure."""
    return []
