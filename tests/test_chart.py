"""kg chart: one indicator across reports, as a self-contained page (checked in headless Chromium,
offline, on the 27 provincial reports when ../shared is here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import CORPUS, run_kg
from .test_browser import CHROMIUM, offline_page, png_pixels

NORTH = """2027年北岭市政府工作报告

一、2026年工作回顾

全市生产总值增长6.2%。

二、2027年工作安排

今年主要预期目标是：全市生产总值增长5.5%—6%，城镇调查失业率5%以内。
"""

SOUTH = """2027年南川县政府工作报告

一、2026年工作回顾

地区生产总值达到300亿元，增长4.9%。

二、2027年工作安排

今年主要预期目标是：地区生产总值增长5%以上。
"""


@pytest.fixture(scope="module")
def toy_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.api import build

    src = tmp_path_factory.mktemp("chart-reports")
    for name, text in (("北岭市-2027.txt", NORTH), ("南川县-2027.txt", SOUTH)):
        (src / name).write_text(text, encoding="utf-8")
    build([str(src)], src / "out")
    return src / "out"


def test_rows_hold_the_target_range_and_last_years_result_of_one_unit(toy_store: Path) -> None:
    from kg.api import chart

    path, drawn = chart("GDP", str(toy_store), str(toy_store / "gdp.html"))
    assert (drawn.indicator, drawn.kind, drawn.unit) == ("地区生产总值", "growth", "%")
    got = [(r.region, r.year, sorted(r.targets), r.achieved) for r in drawn.rows]
    # 南川县's 300亿元 is a level in yuan: it is not drawn on an axis of %
    assert got == [("北岭市", 2027, [(5.5, "at_least"), (6.0, "at_most")], 6.2),
                   ("南川县", 2027, [(5.0, "at_least")], 4.9)]  # fmt: skip
    page = path.read_text(encoding="utf-8")
    assert "<script" not in page and not re.search(r"(?:src|href)=", page)  # nothing to fetch
    assert "5.5–6%（上年 6.2%）" in page and "≥5%（上年 4.9%）" in page
    assert "地区生产总值增长（%）" in page  # the axis title with its unit
    assert len(re.findall(r'<line class="target"', page)) == 1  # the range is a bar …
    assert len(re.findall(r'<circle class="target"', page)) == 1  # … a single bound a dot


def test_the_command_writes_svg_and_fails_in_one_line(toy_store: Path, tmp_path: Path) -> None:
    done = run_kg("chart", "城镇调查失业率", "--store", str(toy_store), "--out", str(tmp_path / "u.svg"))
    assert done.returncode == 0, done.stderr
    assert "城镇调查失业率 (level, %), 1 row" in done.stdout
    assert (tmp_path / "u.svg").read_text(encoding="utf-8").startswith("<svg")
    missing = run_kg("chart", "不存在的指标", "--store", str(toy_store))
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
    no_store = run_kg("chart", "GDP", "--store", str(tmp_path / "nowhere"))
    assert no_store.returncode != 0 and "Traceback" not in no_store.stderr


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent (CI installs Debian's chromium)")
def test_gdp_chart_of_the_provinces_in_chromium_offline(province_store: Path, tmp_path: Path) -> None:
    done = run_kg("chart", "地区生产总值", "--store", str(province_store), "--out", str(tmp_path / "gdp.html"))
    assert done.returncode == 0, done.stderr
    with offline_page(tmp_path / "gdp.html", 1100, 1000) as (page, outside, errors):
        regions = page.eval_on_selector_all("g.row", "rows => rows.map(r => r.dataset.region)")
        marks = page.eval_on_selector_all("g.row", "rows => rows.map(r => r.querySelectorAll('.target').length)")
        labels = page.eval_on_selector_all("g.row > text", "ts => ts.map(t => t.getBBox().width)")
        shot = page.locator("svg").screenshot(path=str(tmp_path / "gdp.png"))
    assert errors == [] and outside == []
    provinces = {p.stem.split("-")[0] for p in CORPUS.glob("*.txt")}
    assert len(regions) == len(set(regions)) >= 26  # one row per province
    assert set(regions) <= provinces
    assert marks == [1] * len(regions)  # one target mark each (a range is one bar)
    assert all(w > 10 for w in labels)  # the Chinese labels are drawn with a width, not empty boxes
    width, height, pixels = png_pixels(shot)
    inked = sum(1 for p in pixels if p != b"\xff\xff\xff")
    assert width > 800 and height > 800
    assert inked > 0.01 * len(pixels) and len(set(pixels)) > 20
