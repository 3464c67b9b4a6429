"""The `kg` command: a thin click layer over the Python API (kg.api).

Every command turns PlankgError into a one-line message on stderr and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from functools import wraps
from typing import Any, Callable, Iterator, Optional

import click

from .arguments import printable, refuse_undecodable, timeout_option
from ..errors import InputError, PlankgError

DEFAULT_STORE = "out"
store_option = click.option(
    "--store", "store_dir", default=DEFAULT_STORE, show_default=True, help="Output folder with the store."
)


def _friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Bad input and interruption end in one line on stderr, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            refuse_undecodable(kwargs)
            return fn(*args, **kwargs)
        except PlankgError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("kg: interrupted; nothing was replaced", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="plankg")
def main() -> None:
    """plankg: government work reports (政府工作报告) → a knowledge graph."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@store_option
@click.option("--min-confidence", type=float, default=0.0, show_default=True, help="Drop facts below this score.")
@click.option("--workers", type=int, default=None, help="Worker processes (default: one per core).")
@click.option("--strict", is_flag=True, help="Fail (and replace nothing) on any SHACL violation.")
@_friendly
def build(paths: tuple[str, ...], store_dir: str, min_confidence: float, workers: int | None, strict: bool) -> None:
    """Build the store, graph.trig and graph.html from reports (default: data/)."""
    from .. import api

    with _progress() as (on_start, on_done, on_stage):
        summary = api.build(
            list(paths) or ["data"],
            store_dir,
            min_confidence=min_confidence,
            workers=workers,
            on_start=on_start,
            on_done=on_done,
            strict=strict,
            on_stage=on_stage,
        )
    click.echo(summary.line())


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@store_option
@click.option("--min-confidence", type=float, default=0.0, show_default=True, help="Drop facts below this score.")
@_friendly
def add(files: tuple[str, ...], store_dir: str, min_confidence: float) -> None:
    """Add reports to the store; a report added again replaces only its own graph."""
    from .. import api

    click.echo(api.add(list(files), store_dir, min_confidence=min_confidence).line())


@main.command()
@click.argument("reports", nargs=-1, required=True)
@store_option
@_friendly
def remove(reports: tuple[str, ...], store_dir: str) -> None:
    """Remove reports (by id or file name) from the store."""
    from .. import api

    click.echo(api.remove(list(reports), store_dir).line())


@contextmanager
def _progress() -> Iterator[tuple[Callable[[int], None], Callable[[Any], None], Callable[[str], None]]]:
    """On a terminal, a bar on stderr that advances per report (count, reports/s, ETA), then one
    line per later stage with its elapsed time; silent otherwise. Yields build()'s on_start,
    on_done and on_stage."""
    if not sys.stderr.isatty():
        yield (lambda total: None, lambda result: None, lambda stage: None)
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<22}"), BarColumn(), TimeElapsedColumn(), TextColumn("{task.fields[info]}"))
    with Progress(*columns, console=_stderr_console()) as progress:
        extracting = progress.add_task("extracting", total=None, info="")
        stages: list[Any] = []

        def report_done(result: Any) -> None:
            progress.update(extracting, advance=1)
            task = progress.tasks[extracting]
            rate = f", {task.speed:.1f} reports/s" if task.speed else ""
            eta = f", ETA {task.time_remaining:.0f} s" if task.time_remaining is not None and not task.finished else ""
            # redrawn now, not at the next tick: every report shows, however fast they come
            progress.update(extracting, info=f"{task.completed:.0f}/{task.total:.0f} reports{rate}{eta}", refresh=True)

        def next_stage(name: str) -> None:
            progress.stop_task(stages[-1] if stages else extracting)  # its elapsed time stays
            if stages:
                progress.update(stages[-1], total=1, completed=1)
            stages.append(progress.add_task(name, total=None, info=""))

        yield (lambda total: progress.update(extracting, total=total), report_done, next_stage)
        if stages:
            progress.update(stages[-1], total=1, completed=1)


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "turtle"]), default="json", show_default=True)
@click.option("--min-confidence", type=float, default=0.0, show_default=True)
@_friendly
def extract(file: str, fmt: str, min_confidence: float) -> None:
    """Extract one report to stdout (JSON in the gold schema, or Turtle); no store."""
    from .. import api

    result = api.extract(file, min_confidence=min_confidence)
    if fmt == "json":
        click.echo(json.dumps(api.to_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(api.to_turtle(result))


@main.command("eval")
@click.argument("gold", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--dev", "split", flag_value="dev", help="Only the development part of ../shared/gold.")
@click.option("--blind", "split", flag_value="blind", help="Only the blind part of ../shared/gold (scores only).")
@click.option("--detail", is_flag=True, help="List misses and false hits (never for blind files).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_friendly
def eval_(gold: tuple[str, ...], split: Optional[str], detail: bool, fmt: str) -> None:
    """Score the extractor against gold files (default: every file of ../shared/gold).

    The gold is split into a development part and a blind part (README: "Measuring extraction
    honestly"); misses and false hits are listed only for development files.

    \b
    Example:
        kg eval --blind
        kg eval --dev --detail
    """
    from .. import api
    from ..evaluate import blind_names

    if gold and split:
        raise InputError("give gold files or --dev / --blind, not both")
    result = api.evaluate(list(gold) or None, split=split or "all")
    hidden = blind_names()
    if fmt == "json":
        data = result.as_dict()
        if detail:
            data["detail"] = {
                name: {m: {"misses": s.misses, "false_hits": s.false_hits} for m, s in scores.items()}
                for name, scores in result.per_file.items()
                if name not in hidden
            }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    rows = [(name, scores) for name, scores in result.per_file.items()]
    if len(rows) > 1:
        rows.append(("micro", result.micro))
    header = f"{'file':<36} {'metric':<17} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"
    click.echo(header)
    for name, scores in rows:
        for metric, s in scores.items():
            if not s.n_gold and not s.n_pred:
                continue
            click.echo(
                f"{name:<36} {metric:<17} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                f"{s.tp:5d} {s.n_pred:5d} {s.n_gold:5d}"
            )
    if detail:
        for name, scores in result.per_file.items():
            if name in hidden:
                click.echo(f"{name}\t(blind: detail withheld)")
                continue
            for metric, s in scores.items():
                for miss in s.misses:
                    click.echo(f"{name}\t{metric}\tmiss\t{miss}")
                for hit in s.false_hits:
                    click.echo(f"{name}\t{metric}\tfalse\t{hit}")


@main.command()
@click.argument("gold", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write the model here (default: the shipped kg/resources/entity_model.json).")
@click.option("--l2", type=float, default=None, help="Fit with this L2 penalty instead of choosing it by cross-validation.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, help="With --l2: the model's decision threshold.")
@click.option("--type-threshold", "type_thresholds", multiple=True, metavar="TYPE=T", help="With --l2: one type's own threshold (repeatable).")
@_friendly
def train(gold: tuple[str, ...], out: Optional[str], l2: Optional[float], threshold: Optional[float], type_thresholds: tuple[str, ...]) -> None:
    """Rebuild the entity model from gold files (default: the development part of ../shared/gold).

    The L2 penalty and the decision threshold are chosen by leave-one-report-out
    cross-validation on the development part (a few minutes; --l2 and --threshold skip it); the
    same gold always gives the same bytes.

    \b
    Example:
        kg train --out /tmp/entity_model.json
    """
    from .. import api

    if (threshold is not None or type_thresholds) and l2 is None:
        raise InputError("--threshold and --type-threshold need --l2 (without it, cross-validation chooses them all)")
    per_type = {}
    for item in type_thresholds:
        etype, _, value = item.partition("=")
        try:
            per_type[etype] = float(value)
        except ValueError:
            raise InputError(f"--type-threshold takes TYPE=NUMBER, not {item!r}") from None
    result = api.train(list(gold) or None, out, on_step=lambda line: click.echo(line, err=True), l2=l2, threshold=threshold,
                       type_thresholds=per_type)
    own = "".join(f", {t} {v}" for t, v in sorted(result.type_thresholds.items()))
    click.echo(f"wrote {result.path} (L2 {result.l2}, threshold {result.threshold}{own}, trained on {len(result.reports)} gold reports)")


@main.command()
@click.argument("name")
@store_option
@click.option("--type", "etype", default=None, help="Only entities of this type (Enterprise, Park, Action …).")
@click.option("--report", default=None, help="Only this report (id, file name or region) and its facts.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="Most candidates or suggestions listed, and rows per listing in text.")
@_friendly
def lookup(name: str, store_dir: str, etype: str | None, report: str | None, fmt: str, limit: int) -> None:
    """Everything the store says about NAME; exits 1 if nothing matches."""
    # kg.views.lookup directly, not kg.api: api loads the extraction pipeline, a third of the time budget.
    from ..views.lookup import lookup as run_lookup
    from ..views.lookup_text import plain, render_text
    from ..views.name_match import NOT_FOUND

    result = run_lookup(name, store_dir, type=etype, report=report, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    elif sys.stdout.isatty():
        from rich.console import Console
        from rich.markup import escape

        Console(highlight=False).print(render_text(result, lambda t, style: f"[{style}]{escape(printable(t))}[/]" if style and t else escape(printable(t)), limit))
    else:
        click.echo(printable(render_text(result, plain, limit)))
    if result.status == NOT_FOUND:
        sys.exit(1)


# ---- exports and graph analytics (issue #11) --------------------------------------------------


@main.command()
@store_option
@click.option("--format", "fmt", required=True, type=click.Choice(["turtle", "trig", "nt", "jsonld", "graphml", "csv"]))
@click.option("--out", type=click.Path(), default=None, help="File to write (csv without --table: a folder). Default: stdout.")
@click.option("--report", default=None, help="Only this report (its id, as in `kg build` output).")
@click.option("--table", type=click.Choice(["targets", "achievements", "entities"]), default=None, help="csv: one table.")
@_friendly
def export(store_dir: str, fmt: str, out: str | None, report: str | None, table: str | None) -> None:
    """Export the graph as RDF, GraphML or csv tables (UTF-8 with BOM)."""
    from .. import api

    if out is None:
        sys.stdout.buffer.write(api.export(store_dir, fmt, report, table))
        sys.stdout.buffer.flush()
        return
    for written in api.export_files(out, store_dir, fmt, report, table):
        click.echo(f"wrote {written}", err=True)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@main.command()
@store_option
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_friendly
def stats(store_dir: str, top: int, fmt: str) -> None:
    """Counts by type, most connected organisations, industries by firms, connected components."""
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


@main.command()
@click.argument("a")
@click.argument("b")
@store_option
@click.option("--max-hops", type=click.IntRange(min=1), default=6, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True, help="At most this many paths.")
@click.option("--via-actions", is_flag=True, help="Also walk inAction / partOf (plan structure).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_friendly
def path(a: str, b: str, store_dir: str, max_hops: int, limit: int, via_actions: bool, fmt: str) -> None:
    """The shortest relation paths between entities A and B, each hop with its source sentence."""
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


@main.command()
@click.argument("name")
@store_option
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_friendly
def related(name: str, store_dir: str, top: int, fmt: str) -> None:
    """Entities that share industries, actions or partners with NAME, ranked."""
    from dataclasses import asdict

    from ..views.analytics import related_to

    ranked = related_to(name, store_dir, top)
    if fmt == "json":
        _echo_json({"name": name, "related": [asdict(r) for r in ranked]})
        return
    if not ranked:
        click.echo(f"nothing shares an industry, action or partner with {name}")
    for r in ranked:
        shared = "; ".join(f"{rel}: {', '.join(names)}" for rel, names in r.shared.items())
        click.echo(f"{r.name} ({r.type})  {r.score:.3f}  {shared}")


@main.command()
@store_option
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="HTML file (default: STORE/graph.html).")
@click.option("--type", "types", multiple=True, help="Keep only this entity type (repeatable), e.g. Enterprise or 企业.")
@click.option("--report", default=None, help="Only this report (id, file name or region).")
@click.option("--around", default=None, help="Only the neighbourhood of this name.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Steps around --around.")
@click.option("--min-confidence", type=float, default=0.0, show_default=True, help="Hide facts below this score.")
@click.option("--no-targets", is_flag=True, help="Leave out the target nodes on actions.")
@_friendly
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
    """Draw the graph as one offline HTML page (vis-network inline; opens from a file)."""
    from .. import api

    path, page = api.graph(store_dir, out, types, report, around, depth, min_confidence, not no_targets)
    click.echo(f"wrote {path}: {page.nodes} nodes, {page.edges} edges")


@main.command()
@click.argument("indicator")
@store_option
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="HTML file, or .svg for the bare SVG (default: STORE/chart-INDICATOR.html).")
@click.option("--kind", type=click.Choice(["growth", "level", "count", "rank", "rank_change"]), default=None,
              help="Which targets to draw (default: the indicator's usual kind, indicators.yaml).")
@click.option("--horizon", type=int, default=None, help="Targets for this year (default: each report's own year).")
@_friendly
def chart(indicator: str, store_dir: str, out: str | None, kind: str | None, horizon: int | None) -> None:
    """Chart one indicator across reports: each region's target beside its result of the year before.

    INDICATOR is any of its names (地区生产总值, 生产总值, GDP, 经济增长 …). A range is drawn as a bar
    from its lower to its upper bound. The page is self-contained and works offline.

    \b
    Example:
      kg chart 地区生产总值 --store out --out gdp.html
    """
    from ..views.chart import write_chart

    path, drawn = write_chart(store_dir, indicator, out, kind, horizon)
    rows = len(drawn.rows)
    click.echo(f"wrote {path}: {drawn.indicator} ({drawn.kind}, {drawn.unit}), {rows} row{'s' if rows != 1 else ''}")


@main.command()
@click.argument("query_text", metavar="QUERY")
@click.option("--store", "store_dir", default=None, help=f"Output folder with the store (default: {DEFAULT_STORE}).")
@click.option("--endpoint", default=None, help="Run on this SPARQL endpoint instead (e.g. http://127.0.0.1:7878/query).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True,
              help="json is SPARQL 1.1 Query Results JSON; CONSTRUCT results print as Turtle.")  # fmt: skip
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind ?NAME to VALUE (repeatable).")
@timeout_option
@_friendly
def query(
    query_text: str, store_dir: str | None, endpoint: str | None, fmt: str, params: tuple[str, ...], timeout: float
) -> None:
    """Run a read-only SPARQL query: a named query (see `kg queries`), a .rq file, or inline SPARQL."""
    # kg.graph.query directly, not kg.api: the api module imports the whole extractor, and a query
    # should start in a fraction of a second.
    from ..graph.query import run_formatted

    if store_dir and endpoint:
        raise click.UsageError("give --store or --endpoint, not both")
    click.echo(run_formatted(query_text, store_dir or DEFAULT_STORE, endpoint, list(params), fmt, timeout))


@main.command()
@_friendly
def queries() -> None:
    """List the named queries in queries/ with their questions and parameters."""
    from ..graph.named_queries import named_queries

    for q in named_queries():
        click.echo(q.name)
        click.echo(f"  {q.question_zh}")
        click.echo(f"  {q.question_en}")
        for p in q.parameters:
            default = f" (default {p.default})" if p.default is not None else " (required)" if p.required else ""
            click.echo(f"  --param {p.name}=…  {p.description}{default}")


@main.command()
@store_option
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@timeout_option
@_friendly
def serve(store_dir: str, port: int, timeout: float) -> None:
    """Serve the store read-only as a SPARQL endpoint on 127.0.0.1 (Oxigraph server, query page at /).

    It follows the store: after a build, add or remove it answers from the new one. SERVICE,
    updates and queries over the size or nesting limits are refused.
    Example: kg serve --port 7878 --timeout 10
    """
    from ..graph.serve import serve as run_server

    run_server(store_dir, port, timeout)


@main.command()
@click.option("--endpoint", required=True, help="Graph Store Protocol URL (…/store, …/data) or Update URL (…/update).")
@click.option("--graph", default=None, help="Load everything into this one graph (default: one graph per report).")
@store_option
@click.option("--protocol", type=click.Choice(["auto", "gsp", "update"]), default="auto", show_default=True,
              help="auto: Update when the URL ends in /update, /sparql or /statements, else Graph Store Protocol.")  # fmt: skip
@_friendly
def push(endpoint: str, graph: str | None, store_dir: str, protocol: str) -> None:
    """Load the graph into another SPARQL store (Oxigraph, Fuseki, GraphDB, Virtuoso)."""
    from .. import api

    click.echo(api.push(store_dir, endpoint, graph, protocol).line())


@main.command()
@store_option
@_friendly
def validate(store_dir: str) -> None:
    """Check every report graph in the store against ontology/shapes.ttl (SHACL); exit 1 on violations."""
    from .. import api

    report = api.validate(store_dir)
    for line in report.lines():
        click.echo(line)
    if not report.conforms:
        sys.exit(1)


@main.command("ontology-doc")
@click.option("--out", "out", default="docs/ontology.md", show_default=True, help="File to write ('-' for stdout).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "html"]), default=None,
              help="Default: from the file suffix (.html → html, else markdown).")  # fmt: skip
@click.option("--examples", "examples", multiple=True, type=click.Path(), help="Reports to take examples from (default: data/).")
@_friendly
def ontology_doc(out: str, fmt: str | None, examples: tuple[str, ...]) -> None:
    """Write the ontology's documentation (classes, properties, labels, examples) from ontology/plan.ttl."""
    from .. import api

    if out == "-":
        click.echo(api.ontology_doc(fmt or "markdown", list(examples) or ["data"]), nl=False)
        return
    click.echo(f"wrote {api.write_ontology_doc(out, fmt, list(examples) or ['data'])}")
