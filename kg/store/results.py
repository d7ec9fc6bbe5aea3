"""Typed answers of the store: SELECT rows, ASK booleans and CONSTRUCT triples.

Every store answers with Oxigraph's result objects (a remote store's CONSTRUCT with
`TriplesResult`, which serializes the same way), so one writer serializes them whichever store
answered. Library code reads them through `Store.select`, `Store.ask` and `Store.construct`,
which give plain Python values: a row is a dictionary of the bound variables only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import UsageError

# What a variable can be bound to (RDF 1.1 terms; SPARQL-star triple terms are not used here).
Term = ox.NamedNode | ox.BlankNode | ox.Literal
# One SELECT solution: the bound variables by name; an unbound variable is absent.
Row = dict[str, Term]


class TriplesResult:
    """The triples of a remote CONSTRUCT or DESCRIBE, serializable like Oxigraph's QueryTriples."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        self._triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def serialize(self, output: BinaryIO | None = None,
                  format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> bytes | None:  # noqa: A002
        """Write the triples with Oxigraph's serializer, as QueryTriples.serialize does."""
        return ox.serialize(self._triples, output, format)


QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | TriplesResult


def solution_rows(result: QueryResult) -> list[Row]:
    """Turn SELECT solutions into rows of bound variables; refuse any other answer."""
    if not isinstance(result, ox.QuerySolutions):
        raise UsageError("expected the solutions of a SELECT query")
    names = [v.value for v in result.variables]
    # A solution iterates its values in variable order: half the cost of a lookup by name.
    return [{name: value for name, value in zip(names, solution, strict=True)
             if value is not None} for solution in result]


def boolean(result: QueryResult) -> bool:
    """Read the answer of an ASK query; refuse any other answer."""
    if not isinstance(result, ox.QueryBoolean):
        raise UsageError("expected the answer of an ASK query")
    return bool(result)


def triples(result: QueryResult) -> list[ox.Triple]:
    """Read the triples of a CONSTRUCT or DESCRIBE query; refuse any other answer."""
    if not isinstance(result, ox.QueryTriples | TriplesResult):
        raise UsageError("expected the triples of a CONSTRUCT or DESCRIBE query")
    return list(result)


def integer(row: Row, name: str) -> int:
    """Read a bound variable as an integer (a count), 0 when it is unbound."""
    term = row.get(name)
    return int(term.value) if term is not None else 0
