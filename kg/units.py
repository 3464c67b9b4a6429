"""Units as data: resources/units.tsv maps a unit as written to its base unit and factor;
scale words (万, 亿, …) in front of a unit multiply on top. Used by quantify and by eval."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_TABLE = Path(__file__).with_name("resources") / "units.tsv"

# Longest first, so 万亿 wins over 万 and 亿.
SCALE_WORDS: tuple[tuple[str, float], ...] = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4), ("千", 1e3), ("百", 1e2))


@lru_cache(maxsize=1)
def unit_table() -> dict[str, tuple[str, float]]:
    """unit → (base unit, factor), from resources/units.tsv."""
    table: dict[str, tuple[str, float]] = {}
    for line in _TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        unit, base, factor = line.split("\t")[:3]
        table[unit.strip()] = (base.strip(), float(factor))
    return table


def normalise(value: float, unit: str) -> tuple[float, str]:
    """(value in the base unit, base unit): 18 万m2 → (180000, m2); 330 亿元 → (3.3e10, 元).

    A unit that is not in the table keeps its own name as base unit (after scale words)."""
    table = unit_table()
    unit = unit.strip()
    if unit in table:
        base, factor = table[unit]
        return value * factor, base
    for word, scale in SCALE_WORDS:
        if unit.startswith(word) and len(unit) > len(word):
            inner_value, base = normalise(value * scale, unit[len(word) :])
            return inner_value, base
        if unit == word:
            return value * scale, ""
    return value, unit
