"""Every error the library raises, one base class, and the exit code each maps to."""

from __future__ import annotations


class KGError(Exception):
    """Base of every error stancegraph reports to a user; its message is shown as it is."""

    exit_code = 2
    http_status = 500


class InputError(KGError):
    """A source file cannot be read or parsed: binary, wrong encoding, empty, truncated, invalid."""

    exit_code = 1
    http_status = 400

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        # One line whatever the parser said (rdflib's messages span several): the command
        # line prints one line per problem.
        self.problem = " ".join(problem.split())
        super().__init__(f"{self.path}: {self.problem}")


class QuerySyntaxError(KGError):
    """A SPARQL query or update does not parse; the message is the parser's."""

    exit_code = 2
    http_status = 400


class QueryLimitExceeded(KGError):
    """A query ran past the configured time or result-size limit."""

    exit_code = 3
    http_status = 503


class StoreError(KGError):
    """The store cannot be opened, read or written (locked, unreachable, failing)."""

    exit_code = 4
    http_status = 503


class UsageError(KGError):
    """The caller asked for something that does not exist: a format, a graph, an option value."""

    exit_code = 2
    http_status = 400
