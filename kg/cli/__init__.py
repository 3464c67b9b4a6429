"""The `kg` command: a thin click layer over the Python API (kg.api), one module per kind of command.

Every command turns PlankgError into a one-line message on stderr and a non-zero exit, and its
help ends with an example run on the sample (tests/test_help_examples.py runs them all).
"""

from __future__ import annotations

import click

from .build_commands import add, build, eval_, extract, remove, train
from .query_commands import push, queries, query, serve, validate
from .view_commands import chart, export, graph, lookup, ontology_doc, path, related, stats


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="plankg")
def main() -> None:
    """plankg: government work reports (政府工作报告) → a knowledge graph."""


for command in (build, add, remove, extract, eval_, train, lookup, export, stats, path, related, graph, chart,
                ontology_doc, query, queries, serve, push, validate):
    main.add_command(command)
