"""What Virtuoso 7 needs that SPARQL 1.1 does not say: its system graphs and its write limits."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from kg.store.sparql_text import graph_block, ntriples_lines, sparql_iri

# Graphs every fresh Virtuoso 7 holds for itself (its RDF views, LDP and DAV metadata, and the
# endpoint's service description, named after URIQA DefaultHost).
VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localhost:8890/sparql",
    "http://localhost:8890/DAV/",
)
# Most triples one DELETE/INSERT template may hold on Virtuoso 7.2 (it failed at 1 200 here).
VIRTUOSO_TEMPLATE_LIMIT = 500
# Virtuoso compiles INSERT DATA to SQL too; this pragma lets it keep big constant blocks as
# data, up to a few thousand triples per operation (20 000 exhausted its parser here).
VIRTUOSO_BIG_DATA = "define sql:big-data-const 1\n"
VIRTUOSO_DATA_CHUNK = 2000

def replace_operation(graphs: Mapping[str, Iterable[ox.Triple]]) -> str:
    """Write one DELETE/INSERT operation that replaces each named graph (Update §3.1.3).

    For stores that commit each operation of a request separately (Virtuoso 7): a single
    operation is one statement, committed or rolled back whole. Old triples match in one
    branch of the WHERE clause and the new graph names are bound only in the other, so each
    template is instantiated exactly once for its own rows.
    """
    names = list(graphs)
    inserts: list[str] = []
    binds: list[str] = []
    for index, graph in enumerate(names):
        body = ntriples_lines(graphs[graph])
        if body:
            inserts.append(f"GRAPH ?new{index} {{\n{body}\n}}")
            binds.append(f"BIND({sparql_iri(graph)} AS ?new{index})")
    values = " ".join(sparql_iri(g) for g in names)
    where = f"{{ VALUES ?old {{ {values} }} GRAPH ?old {{ ?s ?p ?o }} }}"
    if binds:
        where += " UNION { " + " ".join(binds) + " }"
    insert = f"INSERT {{\n{chr(10).join(inserts)}\n}}\n" if inserts else ""
    return f"DELETE {{ GRAPH ?old {{ ?s ?p ?o }} }}\n{insert}WHERE {{ {where} }}"


def virtuoso_inserts(graphs: Mapping[str, list[ox.Triple]]) -> list[str]:
    """Write the operations adding triples to graphs ("" = default graph) on Virtuoso 7.

    Virtuoso refuses blank nodes in INSERT DATA ("not allowed in a constant clause"), which
    SPARQL 1.1 Update §3.1.1 allows: triples with blank nodes go in an INSERT {…} WHERE {}
    template instead, all in one operation so that a label names one node throughout. Its
    parser also gives up on long INSERT DATA blocks, so ground triples go in chunks; send
    the request after VIRTUOSO_BIG_DATA.
    """
    def blank(t: ox.Triple) -> bool:
        return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)

    operations = []
    for graph, triples in graphs.items():
        ground = [t for t in triples if not blank(t)]
        for start in range(0, len(ground), VIRTUOSO_DATA_CHUNK):
            chunk = ground[start:start + VIRTUOSO_DATA_CHUNK]
            operations.append("INSERT DATA {\n" + graph_block(graph, chunk) + "\n}")
    blanks = [graph_block(g, [t for t in ts if blank(t)]) for g, ts in graphs.items()
              if any(blank(t) for t in ts)]
    if blanks:
        operations.append("INSERT {\n" + "\n".join(blanks) + "\n} WHERE {}")
    return operations


def plain_blank_nodes(body: bytes) -> bytes:
    """Rewrite Virtuoso's blank-node labels (`nodeID://b10006`) as plain ones (`b10006`).

    SPARQL 1.1 JSON results (§3.2.2) carry a blank node label, which Oxigraph requires to be a
    valid N-Triples label; Virtuoso sends its internal IRI-like form instead.
    """
    document = json.loads(body)

    def label(term: dict[str, object]) -> None:
        if term.get("type") == "bnode":
            term["value"] = re.sub(r"[^A-Za-z0-9_]", "_",
                                   str(term["value"]).removeprefix("nodeID://"))
        for key in ("subject", "predicate", "object"):  # RDF-star triple terms
            if isinstance(inner := term.get("value"), dict) and key in inner:
                label(inner[key])

    for binding in document.get("results", {}).get("bindings", []):
        for term in binding.values():
            label(term)
    return json.dumps(document).encode()
