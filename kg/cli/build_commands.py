"""build_commands: the commands that make the graph (build, add, remove) and measure or retrain the
extraction behind it (extract, eval, train)."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional

import click

from ..errors import InputError
from .arguments import friendly, store_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@store_option
@click.option("--min-confidence", type=float, default=0.0, show_default=True, help="Drop facts below this score.")
@click.option("--workers", type=int, default=None, help="Worker processes (default: one per core).")
@click.option("--strict", is_flag=True, help="Fail (and replace nothing) on any SHACL violation.")
@friendly
def build(paths: tuple[str, ...], store_dir: str, min_confidence: float, workers: int | None, strict: bool) -> None:
    """Build the store, graph.trig and graph.html from reports (default: data/).

    \b
    Example:
        kg build data
    """
    from .. import api

    with _progress() as (on_start, on_extracted, on_stage):
        summary = api.build(
            list(paths) or ["data"],
            store_dir,
            min_confidence=min_confidence,
            workers=workers,
            on_start=on_start,
            on_extracted=on_extracted,
            strict=strict,
            on_stage=on_stage,
        )
    click.echo(summary.line())


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@store_option
@click.option("--min-confidence", type=float, default=0.0, show_default=True, help="Drop facts below this score.")
@friendly
def add(files: tuple[str, ...], store_dir: str, min_confidence: float) -> None:
    """Add reports to the store; a report added again replaces only its own graph.

    \b
    Example:
        kg add data/xiangshan-2024-work-plan.txt
    """
    from .. import api

    click.echo(api.add(list(files), store_dir, min_confidence=min_confidence).line())


@click.command()
@click.argument("reports", nargs=-1, required=True)
@store_option
@friendly
def remove(reports: tuple[str, ...], store_dir: str) -> None:
    """Remove reports (by id or file name) from the store.

    \b
    Example:
        kg remove xiangshan-2024-work-plan
    """
    from .. import api

    click.echo(api.remove(list(reports), store_dir).line())


@contextmanager
def _progress() -> Iterator[tuple[Callable[[int], None], Callable[[str], None], Callable[[str], None]]]:
    """On a terminal, a bar on stderr that advances per report (count, reports/s, ETA), then one
    line per later stage with its elapsed time; silent otherwise. Yields build()'s on_start,
    on_extracted and on_stage."""
    if not sys.stderr.isatty():
        yield (lambda total: None, lambda path: None, lambda stage: None)
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<22}"), BarColumn(), TimeElapsedColumn(), TextColumn("{task.fields[info]}"))
    with Progress(*columns, console=_stderr_console()) as progress:
        extracting = progress.add_task("extracting", total=None, info="")
        stages: list[Any] = []

        def report_done(path: str) -> None:
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


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "turtle"]), default="json", show_default=True)
@click.option("--min-confidence", type=float, default=0.0, show_default=True)
@friendly
def extract(file: str, fmt: str, min_confidence: float) -> None:
    """Extract one report to stdout (JSON in the gold schema, or Turtle); no store.

    \b
    Example:
        kg extract data/xiangshan-2024-work-plan.txt --format turtle
    """
    from .. import api

    result = api.extract(file, min_confidence=min_confidence)
    if fmt == "json":
        click.echo(json.dumps(api.to_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(api.to_turtle(result))


@click.command("eval")
@click.argument("gold", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--dev", "split", flag_value="dev", help="Only the development part of ../shared/gold.")
@click.option("--blind", "split", flag_value="blind", help="Only the blind part of ../shared/gold (scores only).")
@click.option("--detail", is_flag=True, help="List misses and false hits (never for blind files).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@friendly
def eval_(gold: tuple[str, ...], split: Optional[str], detail: bool, fmt: str) -> None:
    """Score the extractor against gold files (default: every file of ../shared/gold).

    The gold is split into a development part and a blind part (README: "Measuring extraction
    honestly"); misses and false hits are listed only for development files.

    \b
    Example:
        kg eval ../shared/gold/000_f0b6f9fa8693aedd.gold.json --detail
        kg eval --dev
    """
    from .. import api
    from ..evaluation.evaluate import blind_names

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


@click.command()
@click.argument("gold", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write the model here (default: the shipped kg/resources/entity_model.json).")
@click.option("--l2", type=float, default=None, help="Fit with this L2 penalty instead of choosing it by cross-validation.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, help="With --l2: the model's decision threshold.")
@click.option("--type-threshold", "type_thresholds", multiple=True, metavar="TYPE=T", help="With --l2: one type's own threshold (repeatable).")
@friendly
def train(gold: tuple[str, ...], out: Optional[str], l2: Optional[float], threshold: Optional[float], type_thresholds: tuple[str, ...]) -> None:
    """Rebuild the entity model from gold files (default: the development part of ../shared/gold).

    The L2 penalty and the decision threshold are chosen by leave-one-report-out
    cross-validation on the development part (a few minutes; --l2 and --threshold skip it); the
    same gold always gives the same bytes.

    \b
    Example:
        kg train ../shared/gold/000_f0b6f9fa8693aedd.gold.json ../shared/gold/districts/03_dengkou2025.gold.json --l2 1 --threshold 0.5 --out model.json
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
