"""chart: one canonical indicator across reports and years, as a self-contained HTML page holding
one SVG (`kg chart`).

One row per region and year: the year's target — a bar from its lower to its upper bound when it
is a range, else a dot with its bound (≥ 5%, ≤ 5.5%, 约 5%) — beside the region's result of the
year before, a hollow diamond. Only figures of one kind (growth, level, count) and one base unit
are drawn together, so a rate never stands on an axis of yuan.

The SVG is written by hand: a horizontal range-and-dot chart is a few dozen shapes, needs no
script (the page runs offline and under a Content-Security-Policy that forbids any), and a
charting library that embeds its JavaScript would add megabytes and a dependency for it.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Optional

from ..errors import NotFound
from ..extract.indicators import canonical_indicator, vocabulary
from ..model import TargetKind

_QUERY = """
SELECT ?class ?written ?region ?year ?horizon ?k ?b ?value ?unit ?normalised ?base ?start ?indicator WHERE {
  GRAPH ?g {
    ?q plan:canonicalIndicator ?indicator ; a ?class ; plan:indicator ?written ; plan:inReport ?r ;
       plan:kind ?k ; plan:bound ?b ; plan:value ?value ; plan:unit ?unit ;
       plan:normalisedValue ?normalised ; plan:baseUnit ?base ; plan:start ?start .
    ?r plan:region ?reg .
    ?reg skos:prefLabel ?region .
    OPTIONAL { ?q plan:horizon ?horizon }
    OPTIONAL { ?r plan:year ?year }
    OPTIONAL { ?q plan:periodStart ?period }
  }
  FILTER (?class IN (plan:Target, plan:Achievement) && !BOUND(?period))  # one year's figures only
}
"""

_KIND_TITLE = {"growth": "增长", "level": "水平", "count": "数量", "rank": "位次", "rank_change": "位次变化"}
_BOUND_MARK = {"at_least": "≥", "at_most": "≤", "approx": "约", "exact": ""}
_FONT = "'Noto Sans CJK SC','Noto Sans SC','WenQuanYi Zen Hei','Source Han Sans SC','Microsoft YaHei',sans-serif"
_TARGET, _ACHIEVED = "#d9480f", "#1c7ed6"


@dataclass(frozen=True)
class _Figure:
    target: bool
    region: str
    year: Optional[int]  # the year the figure is for (horizon, else the report's year or the one before)
    report_year: Optional[int]
    kind: str
    bound: str
    value: float  # in the unit as written
    unit: str
    normalised: float
    base_unit: str
    start: int


@dataclass
class Row:
    """One region and year: its target (one value, or a range) and the year before's result."""

    region: str
    year: int
    targets: list[tuple[float, str]] = field(default_factory=list)  # (value in the chart's unit, bound)
    achieved: Optional[float] = None


@dataclass(frozen=True)
class Chart:
    indicator: str
    kind: str
    unit: str
    rows: tuple[Row, ...]
    svg: str


def _figures(store_dir: str | os.PathLike[str], indicator: str) -> list[_Figure]:
    from pyoxigraph import NamedNode, Variable

    from ..graph.namespace import PREFIXES
    from ..graph.rdf import indicator_iri
    from ..graph.store import open_store

    store = open_store(store_dir)
    solutions = store.query(_QUERY, prefixes=PREFIXES, use_default_graph_as_union=True,
                            substitutions={Variable("indicator"): NamedNode(indicator_iri(indicator))})
    out = []
    for s in solutions:
        year = int(s["year"].value) if s["year"] is not None else None
        target = s["class"].value.endswith("#Target")
        horizon = int(s["horizon"].value) if s["horizon"] is not None else None
        default = year if target or year is None else year - 1
        out.append(_Figure(
            target, s["region"].value, horizon or default, year,
            _snake(s["k"].value.rsplit("#", 1)[1]), _snake(s["b"].value.rsplit("#", 1)[1]),
            float(s["value"].value), s["unit"].value, float(s["normalised"].value), s["base"].value,
            int(s["start"].value),
        ))  # fmt: skip
    return out


def _snake(name: str) -> str:
    """plan:AtLeast → at_least, plan:RankChange → rank_change."""
    return "".join("_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(name))


def chart_rows(figures: list[_Figure], kind: str, horizon: Optional[int]) -> tuple[str, list[Row]]:
    """The unit and the rows of a chart: targets of ``kind`` for ``horizon`` (default: the year of
    the report that states them), in the base unit most of them share, each beside the region's
    achievement of the year before in that unit (the first the report states)."""
    targets = [f for f in figures if f.target and f.kind == kind and f.year is not None
               and (f.year == horizon if horizon is not None else f.year == f.report_year)]
    if not targets:
        return "", []
    base = Counter(f.base_unit for f in targets).most_common(1)[0][0]
    # Draw in the unit the reports write when they all write the same one (万亿元, not 1e12 元).
    written = {f.unit for f in figures if f.base_unit == base}
    unit = written.pop() if len(written) == 1 else base
    scale = (lambda f: f.value) if unit != base else (lambda f: f.normalised)  # noqa: E731
    rows: dict[tuple[str, int], Row] = {}
    for f in sorted(targets, key=lambda f: (f.region, f.year, f.start)):
        if f.base_unit == base:
            rows.setdefault((f.region, f.year), Row(f.region, f.year)).targets.append((scale(f), f.bound))
    achieved = sorted((f for f in figures if not f.target and f.kind == kind and f.base_unit == base),
                      key=lambda f: f.start)  # fmt: skip
    for (region, year), row in rows.items():
        row.achieved = next((scale(f) for f in achieved if f.region == region and f.year == year - 1), None)
    return unit, sorted(rows.values(), key=lambda r: (r.year, r.region))


def _number(v: float) -> str:
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def _target_label(row: Row, unit: str) -> str:
    values = sorted(v for v, _ in row.targets)
    if len(set(values)) > 1:
        return f"{_number(values[0])}–{_number(values[-1])}{unit}"
    value, bound = row.targets[0]
    return f"{_BOUND_MARK.get(bound, '')}{_number(value)}{unit}"


def _ticks(low: float, high: float) -> list[float]:
    """About six round ticks covering [low, high]."""
    span = high - low or abs(high) or 1.0
    step = 10 ** math.floor(math.log10(span / 6))
    for m in (1, 2, 2.5, 5, 10):
        if span / (m * step) <= 7:
            step *= m
            break
    first = math.floor(low / step) * step
    return [first + i * step for i in range(int(math.ceil((high - first) / step)) + 1)]


def render_svg(indicator: str, kind: str, unit: str, rows: list[Row]) -> str:
    """The chart as one SVG element: a row per region and year, an x axis with its title and unit."""
    left, right, top, row_h, bottom = 190, 150, 96, 30, 70
    width = 1000
    height = top + row_h * len(rows) + bottom
    values = [v for r in rows for v, _ in r.targets] + [r.achieved for r in rows if r.achieved is not None]
    ticks = _ticks(min(0.0, min(values)), max(values) * 1.08)
    lo, hi = ticks[0], ticks[-1]

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (width - left - right)

    years = sorted({r.year for r in rows})
    year_text = "、".join(map(str, years))
    title = f"{indicator}：{year_text}年目标与上年实绩"
    axis_title = f"{indicator}{_KIND_TITLE.get(kind, kind)}（{unit}）"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{_FONT}" role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        f'<text x="{width / 2}" y="30" text-anchor="middle" font-size="20" font-weight="bold">{escape(title)}</text>',
        # legend
        f'<line x1="{left}" y1="56" x2="{left + 36}" y2="56" stroke="{_TARGET}" stroke-width="8" stroke-linecap="round"/>',
        f'<text x="{left + 46}" y="61" font-size="14">目标（区间为从下限到上限的条）</text>',
        f'<path d="M {left + 318} 50 l 6 6 l -6 6 l -6 -6 z" fill="none" stroke="{_ACHIEVED}" stroke-width="2.5"/>',
        f'<text x="{left + 332}" y="61" font-size="14">上年实绩</text>',
    ]
    axis_y = top + row_h * len(rows)
    for t in ticks:
        out.append(f'<line x1="{x(t):.1f}" y1="{top - 8}" x2="{x(t):.1f}" y2="{axis_y}" stroke="#e9ecef"/>')
        out.append(f'<text x="{x(t):.1f}" y="{axis_y + 20}" text-anchor="middle" font-size="13" fill="#495057">'
                   f'{escape(_number(t))}</text>')  # fmt: skip
    out.append(f'<line x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" stroke="#868e96"/>')
    out.append(f'<text x="{(left + width - right) / 2}" y="{axis_y + 50}" text-anchor="middle" font-size="15">'
               f'{escape(axis_title)}</text>')  # fmt: skip
    for i, row in enumerate(rows):
        y = top + row_h * i + row_h / 2
        label = row.region if len(years) == 1 else f"{row.region} {row.year}"
        out.append(f'<g class="row" data-region="{escape(row.region)}" data-year="{row.year}">')
        out.append(f'<text x="{left - 12}" y="{y + 5}" text-anchor="end" font-size="14">{escape(label)}</text>')
        values = sorted(v for v, _ in row.targets)
        if len(set(values)) > 1:
            out.append(f'<line class="target" x1="{x(values[0]):.1f}" y1="{y}" x2="{x(values[-1]):.1f}" y2="{y}" '
                       f'stroke="{_TARGET}" stroke-width="10" stroke-linecap="round"/>')  # fmt: skip
        else:
            out.append(f'<circle class="target" cx="{x(values[0]):.1f}" cy="{y}" r="6" fill="{_TARGET}"/>')
        tip = x(values[-1])
        if row.achieved is not None:
            ax = x(row.achieved)
            out.append(f'<path class="achieved" d="M {ax:.1f} {y - 7} l 7 7 l -7 7 l -7 -7 z" fill="none" '
                       f'stroke="{_ACHIEVED}" stroke-width="2.5"/>')  # fmt: skip
            tip = max(tip, ax)
        text = _target_label(row, unit)
        if row.achieved is not None:
            text += f"（上年 {_number(row.achieved)}{unit}）"
        out.append(f'<text x="{tip + 14:.1f}" y="{y + 5}" font-size="13" fill="#343a40">{escape(text)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>body {{ margin: 16px; background: #fff; }} svg {{ max-width: 100%; height: auto; }}</style>
</head>
<body>
{svg}
</body>
</html>
"""


def chart(store_dir: str | os.PathLike[str], indicator: str, kind: Optional[str] = None,
          horizon: Optional[int] = None) -> Chart:
    """The chart of one indicator (any of its names) in the store: its targets of one kind for the
    report's own year (or ``horizon``) beside the year before's results."""
    name = canonical_indicator(indicator)
    figures = _figures(store_dir, name)
    if not figures:
        raise NotFound(f"no target or achievement of {name!r} in {store_dir}/ (try `kg query indicator-targets`)")
    if kind is None:
        known = vocabulary().get(name)
        kinds = Counter(f.kind for f in figures if f.target)
        kind = known.kind.value if known and known.kind.value in kinds else (kinds.most_common(1) or [("level", 0)])[0][0]
    elif kind not in {k.value for k in TargetKind}:
        raise NotFound(f"unknown kind {kind!r} (growth, level, count, rank, rank_change)")
    unit, rows = chart_rows(figures, kind, horizon)
    if not rows:
        when = f"for {horizon}" if horizon is not None else "for its report's year"
        raise NotFound(f"no {kind} target of {name!r} {when} in {store_dir}/")
    return Chart(name, kind, unit, tuple(rows), render_svg(name, kind, unit, rows))


def write_chart(store_dir: str | os.PathLike[str], indicator: str, out: Optional[str | os.PathLike[str]] = None,
                kind: Optional[str] = None, horizon: Optional[int] = None) -> tuple[Path, Chart]:
    """`kg chart`: write the chart as an HTML page (default STORE/chart-<indicator>.html), or as a
    bare SVG when ``out`` ends in .svg; atomically."""
    from ..graph.store import atomic_write

    drawn = chart(store_dir, indicator, kind, horizon)
    safe = re.sub(r'[\\/:*?"<>|\s]', "_", drawn.indicator)  # an indicator may hold a / (元/月)
    path = Path(out) if out is not None else Path(store_dir) / f"chart-{safe}.html"
    if path.suffix.lower() == ".svg":
        atomic_write(path, drawn.svg)
    else:
        atomic_write(path, _PAGE.format(title=escape(drawn.indicator), svg=drawn.svg))
    return path, drawn
