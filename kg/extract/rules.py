"""The rule files under kg/resources/ (YAML and TSV), each read once, and the one regex helper
the stages share for turning word lists into patterns."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

RESOURCES = Path(__file__).parents[1] / "resources"


def resource_path(name: str) -> Path:
    return RESOURCES / name


@lru_cache(maxsize=None)
def rule_file(name: str) -> Any:
    """A YAML rule file of kg/resources/, parsed once (callers must not modify it)."""
    import yaml  # here, not above: `kg lookup` imports this module and reads no rule file

    return yaml.safe_load(resource_path(name).read_text(encoding="utf-8"))


def alternation(words: Iterable[str]) -> str:
    """A regex that matches any of the literal words, longest first (so 万亿 wins over 万)."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
