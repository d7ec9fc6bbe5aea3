"""The SPARQL 1.1 Service Description of /sparql (https://www.w3.org/TR/sparql11-service-description/).

A client that dereferences the endpoint without a query and asks for RDF learns what the
service speaks (§3.2.3 sd:supportedLanguage), what it answers in (§3.2.6 sd:resultFormat), that
its default graph is the union of the named graphs (§3.2.4 sd:feature sd:UnionDefaultGraph),
and the dataset itself (§3.2.7 sd:defaultDataset), sized with VoID (void:triples).
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from kg.namespaces import DCTERMS, FORMATS, META_GRAPH, RDF, RDFS, SD, VOID, XSD
from kg.store import Store
from kg.store.results import integer

RDF_TYPE = ox.NamedNode(str(RDF.type))
RDFS_COMMENT = ox.NamedNode(str(RDFS.comment))
DCTERMS_TITLE = ox.NamedNode(str(DCTERMS.title))
XSD_INTEGER = ox.NamedNode(str(XSD.integer))
VOID_TRIPLES = ox.NamedNode(str(VOID.triples))
# The W3C format IRIs (https://www.w3.org/ns/formats/) of every serialization /sparql writes.
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads",
                  "TriG")
# Named graphs listed one by one, beyond which the description only counts them.
MAX_LISTED_GRAPHS = 1000


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(SD[name]))


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


def graph_sizes(store: Store) -> dict[str, int]:
    """Count the triples of each named graph (the bookkeeping graph left out)."""
    rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g "
                        f"ORDER BY ?g LIMIT {MAX_LISTED_GRAPHS + 1}")
    sizes = {row["g"].value: integer(row, "n") for row in rows}
    sizes.pop(META_GRAPH, None)
    return sizes


def union_size(store: Store) -> int:
    """Count the distinct triples of the default graph, the union of every graph."""
    rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                        "WHERE { ?s ?p ?o } }")
    return integer(rows[0], "n")


def describe_service(store: Store, endpoint: str, *, title: str,
                     updates: bool) -> Iterator[ox.Triple]:
    """Describe the endpoint, its languages, formats, features and dataset (SD §3)."""
    service = ox.NamedNode(endpoint)
    yield ox.Triple(service, RDF_TYPE, _sd("Service"))
    yield ox.Triple(service, _sd("endpoint"), service)
    yield ox.Triple(service, DCTERMS_TITLE, ox.Literal(f"{title} SPARQL endpoint"))
    yield ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query"))
    if updates:
        yield ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update"))
    for name in RESULT_FORMATS:
        yield ox.Triple(service, _sd("resultFormat"),
                        ox.NamedNode(str(FORMATS[name])))
    # §3.4.1: the default graph is the RDF merge of every named graph.
    yield ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph"))
    dataset = ox.BlankNode()
    default_graph = ox.BlankNode()
    yield ox.Triple(service, _sd("defaultDataset"), dataset)
    yield ox.Triple(dataset, RDF_TYPE, _sd("Dataset"))
    yield ox.Triple(dataset, _sd("defaultGraph"), default_graph)
    yield ox.Triple(default_graph, RDF_TYPE, _sd("Graph"))
    yield ox.Triple(default_graph, VOID_TRIPLES, _count(union_size(store)))
    yield ox.Triple(default_graph, RDFS_COMMENT, ox.Literal(
        "The default graph is the union of all named graphs: query it without GRAPH to see "
        "everything, or use GRAPH ?g to tell the graphs apart. default-graph-uri and "
        "named-graph-uri (SPARQL 1.1 Protocol §2.1.4) replace this dataset for one query."))
    sizes = graph_sizes(store)
    for name, size in list(sizes.items())[:MAX_LISTED_GRAPHS]:
        named = ox.BlankNode()
        graph = ox.BlankNode()
        yield ox.Triple(dataset, _sd("namedGraph"), named)
        yield ox.Triple(named, RDF_TYPE, _sd("NamedGraph"))
        yield ox.Triple(named, _sd("name"), ox.NamedNode(name))
        yield ox.Triple(named, _sd("graph"), graph)
        yield ox.Triple(graph, RDF_TYPE, _sd("Graph"))
        yield ox.Triple(graph, VOID_TRIPLES, _count(size))
