"""SPARQL text: what can be told about a query before running it, and the updates we write.

Every IRI that reaches a query or update text goes through `sparql_iri`; every write is stamped
with the time of the change (`stamped`), whichever store runs it.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from kg.errors import QuerySyntaxError, UsageError
from kg.formats import Format
from kg.namespaces import DATASET, DCTERMS, META_GRAPH, XSD

# Strings (long and short, both quotes), IRI references and comments: where a keyword is text,
# not syntax (SPARQL 1.1 §19.8 grammar terminals STRING_LITERAL*, IRIREF; §19.4 comments).
_NOT_SYNTAX = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*",
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE\b", re.IGNORECASE)


def uses_service(sparql: str) -> bool:
    """Tell whether a query asks the store to call another endpoint (SPARQL 1.1 Federated Query).

    A public endpoint must not let anyone make the server fetch URLs of their choosing.
    """
    return bool(_SERVICE.search(_NOT_SYNTAX.sub(" ", sparql)))


_EMPTY = ox.Store()  # parses (and trivially answers) queries without any data to touch


def query_form(sparql: str, base_iri: str | None = None) -> str:
    """Return SELECT, ASK or CONSTRUCT (DESCRIBE too) for a query; refuse anything else.

    Oxigraph's own parser decides, by answering the query over an empty dataset: an update,
    or any text that is not a SPARQL 1.1 query, raises QuerySyntaxError. A remote store is then
    only ever sent what is certainly a query, never an update it might run (Virtuoso does run
    updates sent as `query=`). Short texts are remembered: the same queries come back often
    (pages, dashboards), and parsing costs as much as answering a lookup.
    """
    if len(sparql) <= _REMEMBERED_LENGTH:
        return _remembered_form(sparql, base_iri)
    return _form(sparql, base_iri)


_REMEMBERED_LENGTH = 4096


def _form(sparql: str, base_iri: str | None) -> str:
    try:
        result = _EMPTY.query(sparql, base_iri=base_iri)
    except SyntaxError as error:
        raise QuerySyntaxError(str(error)) from error
    if isinstance(result, ox.QueryBoolean):
        return "ASK"
    if isinstance(result, ox.QueryTriples):
        return "CONSTRUCT"
    return "SELECT"


_remembered_form = functools.lru_cache(maxsize=512)(_form)


def named_node(iri: str) -> ox.NamedNode:
    """Make an IRI a node, refusing in a UsageError (the caller's mistake) what is no IRI."""
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise UsageError(f"not an IRI: {iri!r} ({error})") from error


def sparql_iri(iri: str) -> str:
    """Write an IRI into SPARQL text as `<iri>`, refusing anything that is not an IRI.

    Every IRI that reaches a query or update text goes through here: an input such as
    `x> ; DROP ALL ; <y` must never become part of the operation.
    """
    return str(named_node(iri))


def stamped(update: str) -> str:
    """Append to an update the operations that record when the data changed.

    Every write through a Store stamps the time of the change in the same transaction, so any
    process can tell whether the data changed (ETag, Last-Modified) with one cheap query.
    """
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds")
    body = update.rstrip().rstrip(";")
    modified = DCTERMS.modified
    issued = DCTERMS.issued  # the first write's time, kept: DCAT-AP's dct:issued of the catalog
    stamp = (f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{DATASET}> <{modified}> ?m }} }} ;\n"
             f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ <{DATASET}> <{modified}> "
             f'"{now}"^^<{XSD.dateTime}> }} }} ;\n'
             f"INSERT {{ GRAPH <{META_GRAPH}> {{ <{DATASET}> <{issued}> "
             f'"{now}"^^<{XSD.dateTime}> }} }} WHERE {{ FILTER NOT EXISTS {{ '
             f"GRAPH <{META_GRAPH}> {{ <{DATASET}> <{issued}> ?i }} }} }}")
    return f"{body}\n;\n{stamp}" if body.strip() else stamp


MODIFIED_QUERY = (f"SELECT ?m WHERE {{ GRAPH <{META_GRAPH}> {{ <{DATASET}> "
                  f"<{DCTERMS.modified}> ?m }} }}")


def ntriples_lines(triples: Iterable[ox.Triple]) -> str:
    """Write triples as N-Triples lines, the body of a graph block in an update."""
    return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)


def graph_block(graph: str, triples: Iterable[ox.Triple]) -> str:
    """Write `GRAPH <g> { … }` around triples; the empty name "" is the default graph."""
    body = ntriples_lines(triples)
    return f"GRAPH {sparql_iri(graph)} {{\n{body}\n}}" if graph else body


def insert_data(graphs: Mapping[str, Iterable[ox.Triple]]) -> str:
    """Write one SPARQL 1.1 Update that replaces each named graph (§3.1.1, §3.2.4).

    All graphs go into one INSERT DATA: a blank node shared by two graphs is legal RDF, but
    the same label in two INSERT DATA operations would be two different nodes, so SPARQL
    refuses it (§19.6).
    """
    drops = [f"DROP SILENT GRAPH {sparql_iri(graph)}" for graph in graphs]
    blocks = [f"GRAPH {sparql_iri(graph)} {{\n{body}\n}}"
              for graph, triples in graphs.items() if (body := ntriples_lines(triples))]
    if blocks:
        drops.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(drops)


def triples_by_graph(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Triple]]:
    """Group quads by the graph they name; "" is the default graph."""
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in quads:
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name.value)
        by_graph.setdefault(name, []).append(quad.triple)
    return by_graph


def add_data(quads: Iterable[ox.Quad]) -> str:
    """Write one SPARQL 1.1 Update that adds quads to the graphs they name."""
    blocks = [graph_block(g, t) for g, t in triples_by_graph(quads).items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


def parse_quads(data: bytes, fmt: Format, graph: str | None = None) -> list[ox.Quad]:
    """Parse RDF for `Store.load`: into one graph (triples formats) or the graphs it names."""
    assert isinstance(fmt.oxigraph, ox.RdfFormat)
    target = ox.NamedNode(graph) if graph else None
    try:
        return [ox.Quad(q.subject, q.predicate, q.object, target) if target else q
                for q in ox.parse(data, fmt.oxigraph)]
    except SyntaxError as error:
        raise UsageError(f"cannot parse {fmt.name}: {error}") from error
