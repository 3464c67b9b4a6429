"""The `kg` command: a thin click layer over the Python API (kg.api).

Every command turns PlankgError into a one-line message on stderr and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from functools import wraps
from typing import Any, Callable, Iterator

import click

from .errors import PlankgError

DEFAULT_STORE = "out"


def _friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Bad input and interruption end in one line on stderr, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
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
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, help="Output folder.")
@click.option("--min-confidence", type=float, default=0.0, show_default=True, help="Drop facts below this score.")
@click.option("--workers", type=int, default=None, help="Worker processes (default: one per core).")
@_friendly
def build(paths: tuple[str, ...], store_dir: str, min_confidence: float, workers: int | None) -> None:
    """Build the store, graph.trig and graph.html from reports (default: data/)."""
    from . import api

    with _progress() as on_start_done:
        on_start, on_done = on_start_done
        summary = api.build(
            list(paths) or ["data"],
            store_dir,
            min_confidence=min_confidence,
            workers=workers,
            on_start=on_start,
            on_done=on_done,
        )
    click.echo(summary.line())


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, help="Output folder.")
@click.option("--min-confidence", type=float, default=0.0, show_default=True, help="Drop facts below this score.")
@_friendly
def add(files: tuple[str, ...], store_dir: str, min_confidence: float) -> None:
    """Add reports to the store; a report added again replaces only its own graph."""
    from . import api

    click.echo(api.add(list(files), store_dir, min_confidence=min_confidence).line())


@main.command()
@click.argument("reports", nargs=-1, required=True)
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, help="Output folder.")
@_friendly
def remove(reports: tuple[str, ...], store_dir: str) -> None:
    """Remove reports (by id or file name) from the store."""
    from . import api

    click.echo(api.remove(list(reports), store_dir).line())


@contextmanager
def _progress() -> Iterator[tuple[Callable[[int], None], Callable[[Any], None]]]:
    """A progress bar on stderr when it is a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        yield (lambda total: None, lambda result: None)
        return
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr_console()) as progress:
        task = progress.add_task("extracting", total=None)
        yield (
            lambda total: progress.update(task, total=total),
            lambda result: progress.update(task, advance=1, description=result.report_id),
        )


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
    from . import api

    result = api.extract(file, min_confidence=min_confidence)
    if fmt == "json":
        click.echo(json.dumps(api.to_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(api.to_turtle(result))


@main.command("eval")
@click.argument("gold", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--detail", is_flag=True, help="List misses and false hits.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_friendly
def eval_(gold: tuple[str, ...], detail: bool, fmt: str) -> None:
    """Score the extractor against gold files (default: ../shared/gold/*.gold.json)."""
    from . import api

    result = api.evaluate(list(gold) or None)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    rows = [(name, scores) for name, scores in result.per_file.items()]
    if len(rows) > 1:
        rows.append(("micro", result.micro))
    header = f"{'file':<34} {'metric':<17} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"
    click.echo(header)
    for name, scores in rows:
        for metric, s in scores.items():
            if not s.n_gold and not s.n_pred:
                continue
            click.echo(
                f"{name:<34} {metric:<17} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                f"{s.tp:5d} {s.n_pred:5d} {s.n_gold:5d}"
            )
    if detail:
        for name, scores in result.per_file.items():
            for metric, s in scores.items():
                for miss in s.misses:
                    click.echo(f"{name}\t{metric}\tmiss\t{miss}")
                for hit in s.false_hits:
                    click.echo(f"{name}\t{metric}\tfalse\t{hit}")
