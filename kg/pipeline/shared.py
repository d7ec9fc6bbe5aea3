"""The graphs of shared things: kept while a graph links to the thing, dropped after.

An expert's, organization's or extraction activity's name and types live once, in the thing's
own graph (`URIs.entity_graph`), so the union default graph holds each fact once and `COUNT`
needs no `DISTINCT`. Replacing an article's graph may leave such a thing unnamed: read what the
old graphs linked to before replacing them, then drop the graphs of the things nothing links
to any more.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.namespaces import META_GRAPH
from kg.store import Store, sparql_iri
from kg.uris import URIs


def linked_things(store: Store, uris: URIs, graphs: Iterable[str]) -> set[str]:
    """List the shared things that the stored versions of some graphs link to."""
    values = " ".join(sparql_iri(graph) for graph in graphs)
    if not values:
        return set()
    rows = store.select(
        f"SELECT DISTINCT ?thing WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?thing }} "
        f"FILTER(isIRI(?thing) && STRSTARTS(STR(?thing), \"{uris.base}id/\")) }}")
    things = {row["thing"].value for row in rows if isinstance(row["thing"], ox.NamedNode)}
    return {thing for thing in things if uris.entity_graph(thing) is not None}


def drop_unlinked(store: Store, uris: URIs, things: Iterable[str]) -> list[str]:
    """Drop the graph of each of these things that no data graph links to any more; list them.

    The store's own records (change feed, kept versions, reports) are no data graph.
    """
    pairs = " ".join(f"({sparql_iri(thing)} {sparql_iri(graph)})" for thing in sorted(things)
                     if (graph := uris.entity_graph(thing)) is not None)
    if not pairs:
        return []
    rows = store.select(f"SELECT ?g WHERE {{ VALUES (?thing ?g) {{ {pairs} }} "
                        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?x ?link ?thing }} "
                        f"FILTER(?other != {sparql_iri(META_GRAPH)}) }} }}")
    # DROP, not DELETE: Oxigraph keeps a named graph emptied by DELETE in its list of graphs.
    unlinked = [row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode)]
    if unlinked:
        store.update(" ;\n".join(f"DROP SILENT GRAPH {sparql_iri(graph)}" for graph in unlinked))
    return unlinked
