"""What the library needs of a triple store: one interface, whichever store answers.

The default graph is the union of the named graphs. Queries return Oxigraph's own result
objects (`QuerySolutions`, `QueryBoolean`, `QueryTriples`, or a remote store's
`TriplesResult`), so results are serialized by Oxigraph whichever store answered them; library
code reads them as typed values through `select`, `ask` and `construct`.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import UsageError
from kg.formats import Format
from kg.store.backup import read_backup
from kg.store.results import QueryResult, Row, boolean, solution_rows, triples
from kg.store.sparql_text import MODIFIED_QUERY, sparql_iri

DEFAULT_LOCATION = "./data/store"


class Store(abc.ABC):
    """What the library needs of a triple store; the default graph is the union of named graphs."""

    location: str

    @abc.abstractmethod
    def query(
        self,
        sparql: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query; with no dataset given, the default graph is the union graph."""

    @abc.abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update as one transaction."""

    def update_in_dataset(self, sparql: str, *, using_graphs: list[str],
                          using_named_graphs: list[str]) -> None:
        """Run an update whose WHERE reads only the given graphs (Protocol §2.2.3)."""
        raise UsageError("using-graph-uri and using-named-graph-uri need a SPARQL store server "
                         "(`kg serve` or a remote store); the embedded store cannot apply them")

    @abc.abstractmethod
    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        """Replace each named graph's content, all of them in one transaction."""

    @abc.abstractmethod
    def load(self, data: bytes, fmt: Format, graph: str | None = None) -> None:
        """Add parsed RDF to a graph (triples formats) or to the graphs it names (N-Quads, TriG)."""

    @abc.abstractmethod
    def dump(self, output: BinaryIO, fmt: Format, graph: str | None = None) -> None:
        """Write the whole dataset (N-Quads, TriG) or one graph (any format) to output."""

    @abc.abstractmethod
    def graph_names(self) -> list[str]:
        """List the named graphs that hold triples."""

    @abc.abstractmethod
    def quad_count(self) -> int:
        """Count the quads in the store."""

    @abc.abstractmethod
    def backup(self, target: Path) -> None:
        """Write a consistent snapshot of every graph to a new folder, itself an Oxigraph store."""

    def restore(self, source: Path) -> int:
        """Replace every named graph by the backup's, in one transaction; return quads restored.

        Graphs the backup lacks are emptied; the write is stamped as any other, so caches keyed
        on the modification time see the change.
        """
        graphs = read_backup(source)
        emptied: dict[str, list[ox.Triple]] = {g: [] for g in self.graph_names()
                                               if g not in graphs}
        self.replace_graphs({**emptied, **graphs})
        return sum(len(t) for t in graphs.values())

    def select(self, sparql: str) -> list[Row]:
        """Run a SELECT query and return its rows as dictionaries of bound variables."""
        return solution_rows(self.query(sparql))

    def ask(self, sparql: str) -> bool:
        """Run an ASK query and return its answer."""
        return boolean(self.query(sparql))

    def construct(self, sparql: str) -> list[ox.Triple]:
        """Run a CONSTRUCT (or DESCRIBE) query and return its triples."""
        return triples(self.query(sparql))

    def modified(self) -> str | None:
        """Return when the data last changed through stancegraph (xsd:dateTime), if ever."""
        rows = self.select(MODIFIED_QUERY)
        return rows[0]["m"].value if rows else None

    def has_graph(self, graph: str) -> bool:
        """Tell whether a named graph holds any triple."""
        return self.ask(f"ASK {{ GRAPH {sparql_iri(graph)} {{ ?s ?p ?o }} }}")

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph and all its triples; a missing graph is no error."""
        self.update(f"DROP SILENT GRAPH {sparql_iri(graph)}")

    def flush(self) -> None:  # noqa: B027 - optional hook; a remote store manages its memory
        """Write what the store holds in memory to disk."""

    def close(self) -> None:  # noqa: B027 - optional hook; most stores hold nothing to release
        """Release the store's resources."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
