"""arguments: what every command shares: the --store option, command-line values checked before a
command runs, bad input turned into one line, and text made safe to print."""

from __future__ import annotations

import sys
from functools import wraps
from typing import Any, Callable

import click

from ..errors import PlankgError

MAX_TIMEOUT_S = 86_400.0
DEFAULT_STORE = "out"
store_option = click.option(
    "--store", "store_dir", default=DEFAULT_STORE, show_default=True, help="Output folder with the store."
)


def refuse_undecodable(arguments: dict[str, Any]) -> None:
    """Arguments that are not UTF-8 reach Python as lone surrogates, which no store, IRI or
    terminal takes: one line instead of a traceback wherever they would land."""
    for name, value in arguments.items():
        for text in value if isinstance(value, tuple) else (value,):
            if isinstance(text, str) and any("\udc80" <= c <= "\udcff" for c in text):
                shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                raise PlankgError(f"{name.replace('_', '-')} is not UTF-8 text: {shown}")


def printable(text: str) -> str:
    """Text with its control characters (but tab and newline) taken out: ESC or BEL from a
    report's text must not drive the user's terminal."""
    from ..extract.read import CONTROL_CODES

    return text.translate(dict.fromkeys(CONTROL_CODES))


def seconds(ctx: click.Context, param: click.Parameter, value: float) -> float:
    """A finite, positive number of seconds (click's FloatRange lets nan and inf through)."""
    if not 0 < value <= MAX_TIMEOUT_S:  # false for nan too
        raise click.BadParameter(f"give a number of seconds between 0 and {MAX_TIMEOUT_S:g}, not {value}")
    return value


timeout_option = click.option("--timeout", type=float, default=30.0, show_default=True, callback=seconds,
                              help="Stop a query after this many seconds.")  # fmt: skip


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
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
