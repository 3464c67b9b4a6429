"""view_commands: the commands that read the store for a person (lookup, export, stats, path,
related, graph, chart, ontology-doc)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from .arguments import friendly, printable, store_option


@click.command()
@click.argument("name")
@store_option
@click.option("--type", "etype", default=None, help="Only entities of this type (Enterprise, Park, Action …).")
@click.option("--report", default=None, help="Only this report (id, file name or region) and its facts.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="Most candidates or suggestions listed, and rows per listing in text.")
@click.option("--explain", is_flag=True, help="Also say how resolution made the node: which rule joined which written name, in which report.")
@friendly
def lookup(name: str, store_dir: str, etype: str | None, report: str | None, fmt: str, limit: int, explain: bool) -> None:
    """Everything the store says about NAME; exits 1 if nothing matches.

    \b
    Example:
        kg lookup 多肽产业园
        kg lookup 中科院过程工程研究所 --explain
    """
    # kg.views.lookup directly, not kg.api: api loads the extraction pipeline, a third of the time budget.
    from ..views.lookup import lookup as run_lookup
    from ..views.lookup_text import plain, render_text
    from ..graph.name_match import NOT_FOUND

    result = run_lookup(name, store_dir, type=etype, report=report, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    elif sys.stdout.isatty():
        from rich.console import Console
        from rich.markup import escape

        Console(highlight=False).print(render_text(result, lambda t, style: f"[{style}]{escape(printable(t))}[/]" if style and t else escape(printable(t)), limit, explain))
    else:
        click.echo(printable(render_text(result, plain, limit, explain)))
    if result.status == NOT_FOUND:
        sys.exit(1)


@click.command()
@store_option
@click.option("--format", "fmt", required=True, type=click.Choice(["turtle", "trig", "nt", "jsonld", "graphml", "csv"]))
@click.option("--out", type=click.Path(), default=None, help="File to write (csv without --table: a folder). Default: stdout.")
@click.option("--report", default=None, help="Only this report (its id, as in `kg build` output).")
@click.option("--table", type=click.Choice(["targets", "achievements", "entities"]), default=None, help="csv: one table.")
@friendly
def export(store_dir: str, fmt: str, out: str | None, report: str | None, table: str | None) -> None:
    """Export the graph as RDF, GraphML or csv tables (UTF-8 with BOM).

    \b
    Example:
        kg export --format graphml --out graph.graphml
        kg export --format csv --table targets
    """
    from .. import api

    if out is None:
        sys.stdout.buffer.write(api.export(store_dir, fmt, report, table))
        sys.stdout.buffer.flush()
        return
    for written in api.export_files(out, store_dir, fmt, report, table):
        click.echo(f"wrote {written}", err=True)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command()
@store_option
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@friendly
def stats(store_dir: str, top: int, fmt: str) -> None:
    """Counts by type, most connected organisations, industries by firms, connected components.

    \b
    Example:
        kg stats --top 5
    """
    from ..views.analytics import store_stats  # not kg.api: it loads the extraction pipeline

    s = store_stats(store_dir, top)
    if fmt == "json":
        _echo_json(s.as_dict())
        return
    click.echo(f"{s.entities} entities, {s.relations} relations, {s.reports} reports")
    click.echo("by type: " + ", ".join(f"{t} {n}" for t, n in s.by_type.items()))
    click.echo("by relation: " + ", ".join(f"{r} {n}" for r, n in s.by_relation.items()))
    if s.betweenness_sampled:
        click.echo("(betweenness estimated from a seeded sample of sources: the graph is large)")
    for etype, ranked in s.most_connected.items():
        click.echo(f"most connected {etype} — degree, betweenness:")
        for r in ranked:
            click.echo(f"  {r.name}  {r.degree}  {r.betweenness:.4f}")
    click.echo("industries by firms (narrower industries included) — firms, named directly, all members:")
    for i in s.industries:
        click.echo(f"  {i.name}  {i.firms}  {i.direct_firms}  {i.members}")
    largest = ", ".join(f"{c.size} (around {c.hub})" for c in s.largest_components)
    click.echo(f"connected components: {s.components} ({s.isolated} single entities); largest: {largest or '-'}")


@click.command()
@click.argument("a")
@click.argument("b")
@store_option
@click.option("--max-hops", type=click.IntRange(min=1), default=6, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True, help="At most this many paths.")
@click.option("--via-actions", is_flag=True, help="Also walk inAction / partOf (plan structure).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@friendly
def path(a: str, b: str, store_dir: str, max_hops: int, limit: int, via_actions: bool, fmt: str) -> None:
    """The shortest relation paths between entities A and B, each hop with its source sentence.

    \b
    Example:
        kg path 中科院过程工程研究所 多肽产业园
    """
    from dataclasses import asdict

    from ..views.analytics import paths_between

    paths = paths_between(a, b, store_dir, max_hops, limit, via_actions)
    if fmt == "json":
        _echo_json({"from": a, "to": b, "paths": [{"text": p.as_text(), **asdict(p)} for p in paths]})
        return
    for k, p in enumerate(paths, 1):
        click.echo(f"{k}. {p.as_text()}")
        for h in p.hops:
            arrow = f"—{h.relation}→" if h.forward else f"←{h.relation}—"
            click.echo(f"   {h.source} {arrow} {h.target}  [{h.report}] {h.sentence}")


@click.command()
@click.argument("name")
@store_option
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@friendly
def related(name: str, store_dir: str, top: int, fmt: str) -> None:
    """Entities that share industries, actions, partners or prioritising regions with NAME, ranked (for an industry, the regions that prioritise it come first).

    \b
    Example:
        kg related 多肽产业园
    """
    from dataclasses import asdict

    from ..views.analytics import related_to

    ranked = related_to(name, store_dir, top)
    if fmt == "json":
        _echo_json({"name": name, "related": [asdict(r) for r in ranked]})
        return
    if not ranked:
        click.echo(f"nothing shares an industry, action, partner or prioritising region with {name}")
    for r in ranked:
        shared = "; ".join(f"{rel}: {', '.join(names)}" for rel, names in r.shared.items())
        click.echo(f"{r.name} ({r.type})  {r.score:.3f}  {shared}")


@click.command()
@store_option
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="HTML file (default: STORE/graph.html).")
@click.option("--type", "types", multiple=True, help="Keep only this entity type (repeatable), e.g. Enterprise or 企业.")
@click.option("--report", default=None, help="Only this report (id, file name or region).")
@click.option("--around", default=None, help="Only the neighbourhood of this name.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Steps around --around.")
@click.option("--min-confidence", type=float, default=0.0, show_default=True, help="Hide facts below this score.")
@click.option("--no-targets", is_flag=True, help="Leave out the target nodes on actions.")
@friendly
def graph(
    store_dir: str,
    out: str | None,
    types: tuple[str, ...],
    report: str | None,
    around: str | None,
    depth: int,
    min_confidence: float,
    no_targets: bool,
) -> None:
    """Draw the graph as one offline HTML page (vis-network inline; opens from a file): an
    overview with the regions as hubs, the rest found by search and drawn by expanding a node.

    \b
    Example:
        kg graph --around 多肽产业园 --depth 2 --out around.html
    """
    from .. import api

    path, page = api.graph(store_dir, out, types, report, around, depth, min_confidence, not no_targets)
    click.echo(f"wrote {path}: {page.total_nodes} nodes, {page.nodes} of them drawn at first paint with {page.edges} edges")


@click.command()
@click.argument("indicator")
@store_option
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="HTML file, or .svg for the bare SVG (default: STORE/chart-INDICATOR.html).")
@click.option("--kind", type=click.Choice(["growth", "level", "count", "rank", "rank_change"]), default=None,
              help="Which targets to draw (default: the indicator's usual kind, indicators.yaml).")
@click.option("--horizon", type=int, default=None, help="Targets for this year (default: each report's own year).")
@friendly
def chart(indicator: str, store_dir: str, out: str | None, kind: str | None, horizon: int | None) -> None:
    """Chart one indicator across reports: each region's target beside its result of the year before.

    INDICATOR is any of its names (地区生产总值, 生产总值, GDP, 经济增长 …). A range is drawn as a bar
    from its lower to its upper bound. The page is self-contained and works offline.

    \b
    Example:
        kg chart 地区生产总值 --out gdp.html
    """
    from ..views.chart import write_chart

    path, drawn = write_chart(store_dir, indicator, out, kind, horizon)
    rows = len(drawn.rows)
    click.echo(f"wrote {path}: {drawn.indicator} ({drawn.kind}, {drawn.unit}), {rows} row{'s' if rows != 1 else ''}")


@click.command("ontology-doc")
@click.option("--out", "out", default="docs/ontology.md", show_default=True, help="File to write ('-' for stdout).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "html"]), default=None,
              help="Default: from the file suffix (.html → html, else markdown).")  # fmt: skip
@click.option("--examples", "examples", multiple=True, type=click.Path(), help="Reports to take examples from (default: data/).")
@friendly
def ontology_doc(out: str, fmt: str | None, examples: tuple[str, ...]) -> None:
    """Write the ontology's documentation (classes, properties, labels, examples) from ontology/plan.ttl.

    \b
    Example:
        kg ontology-doc --out ontology.md
    """
    from .. import api

    if out == "-":
        click.echo(api.ontology_doc(fmt or "markdown", list(examples) or ["data"]), nl=False)
        return
    click.echo(f"wrote {api.write_ontology_doc(out, fmt, list(examples) or ['data'])}")
