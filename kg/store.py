"""The triple store behind one interface: embedded Oxigraph in a folder, or remote SPARQL 1.1.

Callers never see which one they hold. Queries return Oxigraph's own result objects
(`QuerySolutions`, `QueryBoolean`, `QueryTriples`), so results are serialized by Oxigraph
whichever store answered them.
"""

from __future__ import annotations

import abc
import datetime
import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import QuerySyntaxError, StoreError, UsageError
from kg.formats import Format

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
DEFAULT_LOCATION = "./data/store"

# Every write through a Store also stamps the time of the change here, in the same transaction,
# so any process can tell whether the data changed (ETag, Last-Modified) with one cheap query.
META_GRAPH = "urn:stancegraph:meta"
DATASET = "urn:stancegraph:dataset"
MODIFIED = "http://purl.org/dc/terms/modified"
_META_NODE = ox.NamedNode(META_GRAPH)


def stamped(update: str) -> str:
    """Append to an update the operations that record when the data changed."""
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds")
    body = update.rstrip().rstrip(";")
    stamp = (f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{DATASET}> <{MODIFIED}> ?m }} }} ;\n"
             f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ <{DATASET}> <{MODIFIED}> "
             f'"{now}"^^<http://www.w3.org/2001/XMLSchema#dateTime> }} }}')
    return f"{body}\n;\n{stamp}" if body.strip() else stamp


def sparql_iri(iri: str) -> str:
    """Write an IRI into SPARQL text as `<iri>`, refusing anything that is not an IRI.

    Every IRI that reaches a query or update text goes through here: an input such as
    `x> ; DROP ALL ; <y` must never become part of the operation.
    """
    try:
        return str(ox.NamedNode(iri))
    except ValueError as error:
        raise UsageError(f"not an IRI: {iri!r} ({error})") from error


def _ntriples(triples: Iterable[ox.Triple]) -> str:
    return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)


def insert_data(graphs: Mapping[str, Iterable[ox.Triple]]) -> str:
    """Write one SPARQL 1.1 Update that replaces each named graph (§3.1.1, §3.2.4).

    All graphs go into one INSERT DATA: a blank node shared by two graphs is legal RDF, but
    the same label in two INSERT DATA operations would be two different nodes, so SPARQL
    refuses it (§19.6).
    """
    drops = [f"DROP SILENT GRAPH {sparql_iri(graph)}" for graph in graphs]
    blocks = [f"GRAPH {sparql_iri(graph)} {{\n{body}\n}}"
              for graph, triples in graphs.items() if (body := _ntriples(triples))]
    if blocks:
        drops.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(drops)


def add_data(quads: Iterable[ox.Quad]) -> str:
    """Write one SPARQL 1.1 Update that adds quads to the graphs they name."""
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in quads:
        graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        by_graph.setdefault(graph, []).append(quad.triple)
    blocks = [f"GRAPH {g} {{\n{_ntriples(t)}\n}}" if g else _ntriples(t)
              for g, t in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


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

    def select(self, sparql: str) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        """Run a SELECT query and return its rows as dictionaries of bound variables."""
        result = self.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise UsageError("select() takes a SELECT query")
        names = [v.value for v in result.variables]
        return [{name: value for name, value in zip(names, row, strict=True)  # type: ignore[misc]
                 if value is not None} for row in result]

    def modified(self) -> str | None:
        """Return when the data last changed through stancegraph (xsd:dateTime), if ever."""
        rows = self.select(
            f"SELECT ?m WHERE {{ GRAPH <{META_GRAPH}> {{ <{DATASET}> <{MODIFIED}> ?m }} }}")
        return rows[0]["m"].value if rows else None

    def has_graph(self, graph: str) -> bool:
        """Tell whether a named graph holds any triple."""
        return bool(self.query(f"ASK {{ GRAPH {sparql_iri(graph)} {{ ?s ?p ?o }} }}"))

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


class EmbeddedStore(Store):
    """A persistent Oxigraph store in a folder, owned by this process (one writer at a time)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.location = str(path)
        try:
            if read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as error:
            if "lock" in str(error).lower():
                raise StoreError(
                    f"store {path} is in use by another process (a running `kg serve`?); "
                    "stop it, or send writes to the server's store URL"
                ) from error
            raise StoreError(f"cannot open store {path}: {error}") from error

    def query(
        self,
        sparql: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query on Oxigraph's engine."""
        options: dict[str, object] = {}
        if default_graphs is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        elif named_graphs is None:
            options["use_default_graph_as_union"] = True
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(sparql, **options)  # type: ignore[arg-type]
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from error
        except (ValueError, OSError) as error:
            raise StoreError(f"query failed: {error}") from error

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update; Oxigraph applies a whole request in one transaction."""
        try:
            self._store.update(stamped(sparql))
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from error
        except RuntimeError as error:
            raise UsageError(f"update failed: {error}") from error
        except OSError as error:
            raise StoreError(f"update failed: {error}") from error

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        """Replace named graphs in one update, so readers see the old or the new, never half."""
        self.update(insert_data(graphs))

    def load(self, data: bytes, fmt: Format, graph: str | None = None) -> None:
        """Parse with Oxigraph and add in one transaction."""
        assert isinstance(fmt.oxigraph, ox.RdfFormat)
        target = ox.NamedNode(graph) if graph else None
        try:
            quads = [ox.Quad(q.subject, q.predicate, q.object, target) if target else q
                     for q in ox.parse(io.BytesIO(data), fmt.oxigraph)]
        except SyntaxError as error:
            raise UsageError(f"cannot parse {fmt.name}: {error}") from error
        self.update(add_data(quads))

    def dump(self, output: BinaryIO, fmt: Format, graph: str | None = None) -> None:
        """Serialize with Oxigraph's own writers."""
        assert isinstance(fmt.oxigraph, ox.RdfFormat)
        if graph is None and not fmt.datasets:
            # A triples format cannot hold named graphs: write the union graph.
            result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o MINUS { GRAPH "
                                f"{sparql_iri(META_GRAPH)} {{ ?s ?p ?o }} }} }}")
            assert isinstance(result, ox.QueryTriples)
            result.serialize(output, fmt.oxigraph)
        elif graph is None:
            # The modification stamp is bookkeeping, not data: it stays out of every dump.
            ox.serialize((q for q in self._store if q.graph_name != _META_NODE), output,
                         fmt.oxigraph)
        else:
            self._store.dump(output, fmt.oxigraph, from_graph=ox.NamedNode(graph))

    def graph_names(self) -> list[str]:
        """List the named graphs, sorted."""
        return sorted(g.value for g in self._store.named_graphs()
                      if isinstance(g, ox.NamedNode) and g != _META_NODE)

    def quad_count(self) -> int:
        """Count the quads of the data (Oxigraph keeps the count cheap), without the stamp."""
        stamps = sum(1 for _ in self._store.quads_for_pattern(None, None, None, _META_NODE))
        return len(self._store) - stamps

    def flush(self) -> None:
        """Write RocksDB's memtables to disk: until then they grow with every write."""
        self._store.flush()

    def close(self) -> None:
        """Flush and release the folder's lock; closing twice is harmless."""
        if self._store is not None:
            self._store.flush()
            self._store = None  # type: ignore[assignment]


def open_store(location: str | Path | None = None, **options: object) -> Store:
    """Open the store a location names: a folder (embedded Oxigraph) or an http(s) URL (remote).

    A folder that a running `kg serve` owns is reached through that server, so articles
    ingested while it runs appear without a restart.
    """
    location = str(location or DEFAULT_LOCATION)
    if not location.startswith(("http://", "https://")):
        from kg.store_server import serving_url

        location = serving_url(location) or location
    if location.startswith(("http://", "https://")):
        from kg.remote import RemoteStore

        return RemoteStore(location, **options)  # type: ignore[arg-type]
    return EmbeddedStore(location, **options)  # type: ignore[arg-type]
