"""The one exception type the CLI turns into a one-line message and a non-zero exit."""


class PlankgError(Exception):
    """A problem with the user's input or environment, explained in one line."""

    exit_code = 2


class InputError(PlankgError):
    """A report file that cannot be read as a report."""


class NotFound(PlankgError):
    """A name, query or store that does not exist."""

    exit_code = 1


class QueryError(PlankgError):
    """A query that cannot be run: malformed SPARQL, an UPDATE, a bad parameter, a refused form."""
