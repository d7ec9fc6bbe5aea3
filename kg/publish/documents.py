"""Gather what a Linked Data document says about one resource.

A resource's document holds its own triples (from the union of the named graphs), one page of
its incoming links, the labels of everything on either side, and metadata about the document
itself: ``foaf:primaryTopic``, licence, source, modification date, and Hydra paging links
(https://www.hydra-cg.com/spec/latest/core/#collections). Two SELECT queries fetch it all, each
starting from the resource's IRI so Oxigraph answers from its SPO and OSP indexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import (
    DCTERMS,
    FOAF,
    HYDRA,
    KG,
    LABEL_PROPERTIES,
    PREFIXES,
    RDF,
    SCHEMA,
    VOID,
    XSD,
)
from kg.store import Store, Term, sparql_iri
from kg.uris import KEY, KINDS

_LABELS = " ".join(f"<{p}>" for p in LABEL_PROPERTIES)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _iri(term: Term) -> ox.NamedNode:
    """Read a term a query binds to a predicate: always an IRI."""
    assert isinstance(term, ox.NamedNode)
    return term


def _resource(term: Term) -> ox.NamedNode | ox.BlankNode:
    """Read a term a query binds to a subject: an IRI or a blank node, never a literal."""
    assert not isinstance(term, ox.Literal)
    return term


def document_prefixes(base_uri: str) -> dict[str, str]:
    """Return the prefixes that make a document's Turtle readable, one per kind of resource."""
    return {**PREFIXES, **{kind: f"{base_uri}id/{kind}/" for kind in KINDS}}


def is_valid_key(key: str) -> bool:
    """Tell whether a path segment can be the key of a resource (no slashes, no spaces)."""
    return bool(KEY.match(key))


@dataclass
class ResourceDocument:
    """One page of the document about one resource, as Oxigraph triples ready to serialize."""

    resource: str
    document: str  # the IRI of this page (the document itself on page 1)
    page: int
    triples: list[ox.Triple]
    next_page: str | None = None
    previous_page: str | None = None
    sources: list[str] = field(default_factory=list)


def page_iri(document: str, page: int) -> str:
    """Name page N of a document; page 1 is the document itself."""
    return document if page <= 1 else f"{document}?page={page}"


def resource_exists(store: Store, iri: str) -> bool:
    """Tell whether the resource is the subject of some triple in some graph."""
    return store.ask(f"ASK {{ {sparql_iri(iri)} ?p ?o }}")


def describe_resource(store: Store, iri: str, *, document: str, license_iri: str,
                      dataset: str | None = None, modified: str | None = None, page: int = 1,
                      page_size: int = 50) -> ResourceDocument | None:
    """Collect one page of a resource's document, or None when nothing is said about it."""
    page = max(1, page)
    resource = _n(iri)
    triples: dict[ox.Triple, None] = {}
    graphs: list[str] = []
    # Query 1: the resource's own triples, the graphs that hold them (for dcterms:source) and
    # the labels of their objects; a triple held by two graphs is kept once by the dict.
    rows = store.select(
        f"SELECT ?g ?p ?o ?lp ?l WHERE {{ GRAPH ?g {{ {sparql_iri(iri)} ?p ?o }} "
        f"OPTIONAL {{ VALUES ?lp {{ {_LABELS} }} ?o ?lp ?l }} }}")
    for row in rows:
        predicate, value = _iri(row["p"]), row["o"]
        triples[ox.Triple(resource, predicate, value)] = None
        if row["g"].value not in graphs:
            graphs.append(row["g"].value)
        if "l" in row and not isinstance(value, ox.Literal):
            triples[ox.Triple(value, _iri(row["lp"]), row["l"])] = None
    if not triples:
        return None
    # Query 2: one page of incoming links, ordered so pages are stable, one row past the page
    # to learn whether a next page exists without counting them all.
    offset = (page - 1) * page_size
    rows = store.select(
        f"SELECT ?s ?p ?lp ?l WHERE {{ "
        f"{{ SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {sparql_iri(iri)} }} ORDER BY ?p ?s "
        f"LIMIT {page_size + 1} OFFSET {offset} }} "
        f"OPTIONAL {{ VALUES ?lp {{ {_LABELS} }} ?s ?lp ?l }} }} ORDER BY ?p ?s")
    links: dict[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode], list[ox.Triple]] = {}
    for row in rows:
        subject = _resource(row["s"])
        labels = links.setdefault((subject, _iri(row["p"])), [])
        if "l" in row:
            labels.append(ox.Triple(subject, _iri(row["lp"]), row["l"]))
    more = len(links) > page_size  # the extra link only says that a next page exists
    for (subject, predicate), labels in list(links.items())[:page_size]:
        triples[ox.Triple(subject, predicate, resource)] = None
        triples.update(dict.fromkeys(labels))

    doc = page_iri(document, page)
    result = ResourceDocument(iri, doc, page, [], sources=_sources(iri, triples, graphs))
    meta = _document_metadata(result, license_iri=license_iri, dataset=dataset,
                              modified=modified)
    if more:
        result.next_page = page_iri(document, page + 1)
    if page > 1:
        result.previous_page = page_iri(document, page - 1)
    if result.next_page or result.previous_page:
        meta += _paging(result, document)
    result.triples = [*meta, *triples]
    return result


def _sources(iri: str, triples: Iterable[ox.Triple], graphs: list[str]) -> list[str]:
    """Say where the facts come from: the article a stance is stated in, an article's page,
    or the articles (and reference graphs) whose graphs describe the resource."""
    subject = _n(iri)
    own = [t for t in triples if t.subject == subject]
    stated_in = [t.object.value for t in own if t.predicate == _n(str(KG.statedIn))
                 and isinstance(t.object, ox.NamedNode)]
    if stated_in:
        return stated_in
    sources = [t.object.value for t in own if t.predicate == _n(str(SCHEMA.url))
               and isinstance(t.object, ox.NamedNode)]
    for graph in graphs:
        article = graph.replace("/graph/article/", "/id/article/", 1)
        if article == iri:
            sources.append(graph)  # an article's own graph is its source
        elif article not in sources:
            sources.append(article)
    return sources


def _document_metadata(doc: ResourceDocument, *, license_iri: str, dataset: str | None,
                       modified: str | None) -> list[ox.Triple]:
    """Describe the document (not the thing): what it is about, its licence, source and date."""
    d = _n(doc.document)
    meta = [
        ox.Triple(d, _n(str(RDF.type)), _n(str(FOAF.Document))),
        ox.Triple(d, _n(str(FOAF.primaryTopic)), _n(doc.resource)),
        ox.Triple(d, _n(str(DCTERMS.license)), _n(license_iri)),
    ]
    meta += [ox.Triple(d, _n(str(DCTERMS.source)), _n(s)) for s in doc.sources]
    if dataset:
        # VoID §6.3: a document links to the dataset it belongs to with void:inDataset.
        meta.append(ox.Triple(d, _n(str(VOID.inDataset)), _n(dataset)))
    if modified:
        meta.append(ox.Triple(d, _n(str(DCTERMS.modified)),
                              ox.Literal(modified, datatype=_n(str(XSD.dateTime)))))
    return meta


def _paging(doc: ResourceDocument, document: str) -> list[ox.Triple]:
    """Link the pages of incoming links as a Hydra partial collection view."""
    d = _n(doc.document)
    paging = [ox.Triple(d, _n(str(RDF.type)), _n(str(HYDRA.PartialCollectionView))),
              ox.Triple(d, _n(str(HYDRA.first)), _n(document))]
    if doc.next_page:
        paging.append(ox.Triple(d, _n(str(HYDRA.next)), _n(doc.next_page)))
    if doc.previous_page:
        paging.append(ox.Triple(d, _n(str(HYDRA.previous)), _n(doc.previous_page)))
    return paging
