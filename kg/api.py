"""The Python API: every `kg` command is one call here, usable the same way from a notebook."""

from __future__ import annotations

from .build import BuildSummary, UpdateSummary, add, build, remove
from .evaluate import EvalResult, evaluate
from .pipeline import extract as _extract
from .pipeline import filter_confidence, to_json
from .model import Extraction

__all__ = ["build", "add", "remove", "BuildSummary", "UpdateSummary", "extract", "to_json", "to_turtle", "evaluate", "EvalResult"]


def extract(path: str, min_confidence: float = 0.0) -> Extraction:
    """Extract one report file (no store)."""
    return filter_confidence(_extract(path), min_confidence)


def to_turtle(extraction: Extraction) -> str:
    """One report's graph as Turtle."""
    from .rdf import extraction_quads, serialize_quads

    return serialize_quads(extraction_quads(extraction), "turtle")
