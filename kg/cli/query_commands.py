"""query_commands: SPARQL over the store (query, queries), serving and pushing it (serve, push),
and checking it against the shapes (validate)."""

from __future__ import annotations

import sys

import click

from .arguments import DEFAULT_STORE, friendly, store_option, timeout_option


@click.command()
@click.argument("query_text", metavar="QUERY")
@click.option("--store", "store_dir", default=None, help=f"Output folder with the store (default: {DEFAULT_STORE}).")
@click.option("--endpoint", default=None, help="Run on this SPARQL endpoint instead (e.g. http://127.0.0.1:7878/query).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True,
              help="json is SPARQL 1.1 Query Results JSON; CONSTRUCT results print as Turtle.")  # fmt: skip
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind ?NAME to VALUE (repeatable).")
@timeout_option
@friendly
def query(
    query_text: str, store_dir: str | None, endpoint: str | None, fmt: str, params: tuple[str, ...], timeout: float
) -> None:
    """Run a read-only SPARQL query: a named query (see `kg queries`), a .rq file, or inline SPARQL.

    \b
    Example:
        kg query action-targets --param action=园区固本强基行动 --format csv
    """
    # kg.graph.query directly, not kg.api: the api module imports the whole extractor, and a query
    # should start in a fraction of a second.
    from ..graph.query import run_formatted

    if store_dir and endpoint:
        raise click.UsageError("give --store or --endpoint, not both")
    click.echo(run_formatted(query_text, store_dir or DEFAULT_STORE, endpoint, list(params), fmt, timeout))


@click.command()
@friendly
def queries() -> None:
    """List the named queries in queries/ with their questions and parameters.

    \b
    Example:
        kg queries
    """
    from ..graph.named_queries import named_queries

    for q in named_queries():
        click.echo(q.name)
        click.echo(f"  {q.question_zh}")
        click.echo(f"  {q.question_en}")
        for p in q.parameters:
            default = f" (default {p.default})" if p.default is not None else " (required)" if p.required else ""
            click.echo(f"  --param {p.name}=…  {p.description}{default}")


@click.command()
@store_option
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@timeout_option
@friendly
def serve(store_dir: str, port: int, timeout: float) -> None:
    """Serve the store read-only as a SPARQL endpoint on 127.0.0.1 (Oxigraph server, query page at /).

    It follows the store: after a build, add or remove it answers from the new one. SERVICE,
    updates and queries over the size or nesting limits are refused.

    \b
    Example:
        kg serve --port 7878 --timeout 10 &
        kg query reports --endpoint http://127.0.0.1:7878/query
    """
    from ..graph.serve import serve as run_server

    run_server(store_dir, port, timeout)


@click.command()
@click.option("--endpoint", required=True, help="Graph Store Protocol URL (…/store, …/data) or Update URL (…/update).")
@click.option("--graph", default=None, help="Load everything into this one graph (default: one graph per report).")
@store_option
@click.option("--protocol", type=click.Choice(["auto", "gsp", "update"]), default="auto", show_default=True,
              help="auto: Update when the URL ends in /update, /sparql or /statements, else Graph Store Protocol.")  # fmt: skip
@friendly
def push(endpoint: str, graph: str | None, store_dir: str, protocol: str) -> None:
    """Load the graph into another SPARQL store (Oxigraph, Fuseki, GraphDB, Virtuoso).

    \b
    Example:
        oxigraph serve --location target --bind 127.0.0.1:7879 &
        kg push --endpoint http://127.0.0.1:7879/store
    """
    from .. import api

    click.echo(api.push(store_dir, endpoint, graph, protocol).line())


@click.command()
@store_option
@friendly
def validate(store_dir: str) -> None:
    """Check every report graph in the store against ontology/shapes.ttl (SHACL); exit 1 on violations.

    \b
    Example:
        kg validate
    """
    from .. import api

    report = api.validate(store_dir)
    for line in report.lines():
        click.echo(line)
    if not report.conforms:
        sys.exit(1)
