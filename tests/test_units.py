"""units: the unit table as data, scale words and the kind of figure a unit states."""

from __future__ import annotations

import pytest

from kg.extract.units import known_units, normalise, split_scale, unit_kind, unit_table


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (18, "万m2", (180000.0, "m2")),
        (330, "亿元", (3.3e10, "元")),
        (5.3, "万亿元", (5.3e12, "元")),
        (3, "平方米", (3.0, "m2")),
        (2, "千米", (2.0, "公里")),
        (700, "万千瓦", (7e6, "千瓦")),
        (1.7, "万P", (17000.0, "P")),
        (6, "%", (6.0, "%")),
        (4, "座", (4.0, "座")),
        (5, "GW", (5e6, "千瓦")),
        (60, "万亩次", (6e5, "亩次")),
        (300, "万标准箱", (3e6, "标箱")),
        (2, "兆瓦时", (2000.0, "千瓦时")),
        (25, "万元/人", (2.5e5, "元/人")),
        (120, "Eflops", (1.2e5, "P")),
        (10.36, "百亿亿次/秒", (10360.0, "P")),
        (7400, "元/年", (7400.0, "元/年")),
        (20, "亿立方米/年", (2e9, "立方米/年")),
        (25, "克/千克", (25.0, "克/千克")),
    ],
)
def test_normalise_scales_into_the_base_unit(value: float, unit: str, expected: tuple[float, str]) -> None:
    got_value, got_base = normalise(value, unit)
    assert got_base == expected[1]
    assert got_value == pytest.approx(expected[0])


def test_an_unknown_unit_keeps_its_name() -> None:
    assert normalise(3, "万艘次") == (30000.0, "艘次")


def test_split_scale_keeps_units_that_start_with_a_scale_word() -> None:
    assert split_scale("万m2") == (1e4, "m2")
    assert split_scale("千瓦") == (1.0, "千瓦")
    assert split_scale("万千瓦") == (1e4, "千瓦")


@pytest.mark.parametrize(("unit", "kind"), [("家", "count"), ("万人", "count"), ("亿元", "level"), ("亩", "level"), ("%", "level"), ("万根", "count"), ("颗", "count"), ("宗", "count"), ("支", "count"), ("组", "count")])
def test_unit_kind(unit: str, kind: str) -> None:
    assert unit_kind(unit) == kind


def test_known_units_are_longest_first_and_agree_with_the_table() -> None:
    units = known_units()
    assert units.index("个百分点") < units.index("个")
    assert units.index("平方公里") < units.index("公里")
    assert set(units) == set(unit_table())
