"""recognise: a segmented Document → the entities it names (with every mention)."""

from __future__ import annotations

from .model import Document, Entity


def recognise(doc: Document) -> list[Entity]:
    """Entities named in the report's content, each with its mentions and confidence."""
    return []
