"""Whole graphs of a store, read, written and deleted as the Graph Store Protocol needs them.

SPARQL 1.1 Graph Store HTTP Protocol §5 (https://www.w3.org/TR/sparql11-http-rdf-update/).
`graph=None` is the store's own default graph, which stancegraph's ingest never writes to:
queries see it as part of their default graph, the union of every graph, but these
operations read and write it alone, so what was PUT is what GET returns.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.store.interface import Store
from kg.store.sparql_text import add_data, sparql_iri

# Triples of the default graph alone: those the union holds but no named graph does.
DEFAULT_GRAPH_QUERY = ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o "
                       "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")


def graph_exists(store: Store, graph: str | None) -> bool:
    """Tell whether a named graph holds triples; the default graph always exists."""
    return graph is None or store.has_graph(graph)


def graph_triples(store: Store, graph: str | None) -> list[ox.Triple]:
    """Read every triple of one graph."""
    if graph is None:
        return store.construct(DEFAULT_GRAPH_QUERY)
    return store.construct(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {sparql_iri(graph)} {{ ?s ?p ?o }} }}")


def write_graph(store: Store, graph: str | None, triples: list[ox.Triple], *,
                replace: bool) -> None:
    """Replace (PUT) or extend (POST) one graph, in one transaction."""
    if graph is not None:
        if replace:
            store.replace_graphs({graph: triples})
        elif triples:
            name = ox.NamedNode(graph)
            store.update(add_data(ox.Quad(t.subject, t.predicate, t.object, name)
                                  for t in triples))
        return
    parts = ["CLEAR SILENT DEFAULT"] if replace else []
    if triples:
        parts.append(add_data(ox.Quad(t.subject, t.predicate, t.object) for t in triples))
    if parts:
        store.update(" ;\n".join(parts))


def delete_graph(store: Store, graph: str | None) -> None:
    """Delete a named graph, or empty the default graph."""
    if graph is None:
        store.update("CLEAR SILENT DEFAULT")
    else:
        store.drop_graph(graph)
