"""The embedded store: a persistent Oxigraph store in a folder, owned by one process."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import QuerySyntaxError, StoreError, UsageError
from kg.formats import Format
from kg.namespaces import META_GRAPH
from kg.store.backup import new_backup_folder
from kg.store.interface import Store
from kg.store.results import QueryResult
from kg.store.sparql_text import (
    add_data,
    insert_data,
    named_node,
    parse_quads,
    sparql_iri,
    stamped,
)

_META_NODE = ox.NamedNode(META_GRAPH)


class EmbeddedStore(Store):
    """A persistent Oxigraph store in a folder, owned by this process (one writer at a time)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.location = str(path)
        self._store: ox.Store | None
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

    def query(self, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query on Oxigraph's engine."""
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
        if default_graphs is not None:
            default = [named_node(g) for g in default_graphs]
        named: list[ox.NamedNode | ox.BlankNode] | None = None
        if named_graphs is not None:
            named = [named_node(g) for g in named_graphs]
        try:
            return self._oxigraph().query(
                sparql, default_graph=default, named_graphs=named,
                use_default_graph_as_union=default_graphs is None and named_graphs is None)
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from error
        except (ValueError, OSError) as error:
            raise StoreError(f"query failed: {error}") from error

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update; Oxigraph applies a whole request in one transaction."""
        try:
            self._oxigraph().update(stamped(sparql))
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
        self.update(add_data(parse_quads(data, fmt, graph)))

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
            ox.serialize((q for q in self._oxigraph() if q.graph_name != _META_NODE), output,
                         fmt.oxigraph)
        else:
            self._oxigraph().dump(output, fmt.oxigraph, from_graph=ox.NamedNode(graph))

    def graph_names(self) -> list[str]:
        """List the named graphs, sorted."""
        return sorted(g.value for g in self._oxigraph().named_graphs()
                      if isinstance(g, ox.NamedNode) and g != _META_NODE)

    def quad_count(self) -> int:
        """Count the quads of the data (Oxigraph keeps the count cheap), without the stamp."""
        stamps = sum(1 for _ in self._oxigraph().quads_for_pattern(None, None, None, _META_NODE))
        return len(self._oxigraph()) - stamps

    def backup(self, target: Path) -> None:
        """Take Oxigraph's own backup: a checkpoint of one instant, hard-linked where it can."""
        try:
            self._oxigraph().backup(str(new_backup_folder(target)))
        except (OSError, RuntimeError) as error:
            raise StoreError(f"cannot back up {self.location} to {target}: {error}") from error

    def flush(self) -> None:
        """Write RocksDB's memtables to disk: until then they grow with every write."""
        self._oxigraph().flush()

    def close(self) -> None:
        """Flush and release the folder's lock; closing twice is harmless."""
        if self._store is not None:
            self._store.flush()
            self._store = None

    def _oxigraph(self) -> ox.Store:
        """Return the open Oxigraph store; a closed one is an error, not a crash."""
        if self._store is None:
            raise StoreError(f"store {self.location} is closed")
        return self._store
