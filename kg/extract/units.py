"""Units as data: resources/units.tsv maps a unit as written to its base unit, factor and the kind
of figure it states; scale words (万, 亿, …) in front of a unit multiply on top. Used by quantify
and by eval."""

from __future__ import annotations

from functools import lru_cache

from .rules import resource_path

_TABLE = resource_path("units.tsv")

# Longest first, so 万亿 wins over 万 and 亿.
SCALE_WORDS: tuple[tuple[str, float], ...] = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4), ("千", 1e3), ("百", 1e2))


@lru_cache(maxsize=1)
def _rows() -> dict[str, tuple[str, float, str]]:
    """unit → (base unit, factor, kind), from resources/units.tsv."""
    rows: dict[str, tuple[str, float, str]] = {}
    for line in _TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        kind = cells[3] if len(cells) > 3 and cells[3] else "level"
        rows[cells[0]] = (cells[1], float(cells[2]), kind)
    return rows


def unit_table() -> dict[str, tuple[str, float]]:
    """unit → (base unit, factor), from resources/units.tsv."""
    return {unit: (base, factor) for unit, (base, factor, _) in _rows().items()}


def known_units() -> list[str]:
    """Every unit of the table, longest first (so 个百分点 is tried before 个)."""
    return sorted(_rows(), key=len, reverse=True)


def split_scale(unit: str) -> tuple[float, str]:
    """(scale, bare unit) of a unit as written: 万m2 → (1e4, m2); 千瓦 stays a unit of its own."""
    unit = unit.strip()
    if unit in _rows():
        return 1.0, unit
    for word, scale in SCALE_WORDS:
        if unit.startswith(word) and len(unit) > len(word):
            inner, bare = split_scale(unit[len(word) :])
            return scale * inner, bare
    return 1.0, unit


def unit_kind(unit: str) -> str:
    """"count" for units that count things (家, 个, 万人), else "level" (亿元, 亩, %)."""
    _, bare = split_scale(unit)
    row = _rows().get(bare)
    return row[2] if row else "level"


def normalise(value: float, unit: str) -> tuple[float, str]:
    """(value in the base unit, base unit): 18 万m2 → (180000, m2); 330 亿元 → (3.3e10, 元).

    A unit that is not in the table keeps its own name as base unit (after scale words)."""
    table = _rows()
    unit = unit.strip()
    if unit in table:
        base, factor, _ = table[unit]
        return value * factor, base
    for word, scale in SCALE_WORDS:
        if unit.startswith(word) and len(unit) > len(word):
            inner_value, base = normalise(value * scale, unit[len(word) :])
            return inner_value, base
        if unit == word:
            return value * scale, ""
    return value, unit
