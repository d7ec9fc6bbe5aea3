"""Gather what a Linked Data document says about one resource, and document the vocabulary.

A resource's document holds its own triples (from the union of the named graphs), one page of
its incoming links, the labels of everything on either side, and metadata about the document
itself: ``foaf:primaryTopic``, licence, source, modification date, and Hydra paging links
(https://www.hydra-cg.com/spec/latest/core/#collections). Two SELECT queries fetch it all, each
starting from the resource's IRI so Oxigraph answers from its SPO and OSP indexes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespaces import (
    DCTERMS,
    FOAF,
    KG,
    OWL,
    PREFIXES,
    RDF,
    RDFS,
    SCHEMA,
    SH,
    SKOS,
    VOID,
    XSD,
)
from kg.store import Store, sparql_iri
from kg.uris import KEY, KINDS

HYDRA = "http://www.w3.org/ns/hydra/core#"
# The kinds of things DESIGN.md mints under /id/{kind}/{key}.
LABEL_PREDICATES = (RDFS.label, SCHEMA.name, SKOS.prefLabel, SCHEMA.headline)
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_LABELS = " ".join(f"<{p}>" for p in LABEL_PREDICATES)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def document_prefixes(base_uri: str) -> dict[str, str]:
    """Return the prefixes that make a document's Turtle readable, one per kind of resource."""
    prefixes = dict(PREFIXES)
    prefixes["hydra"] = HYDRA
    prefixes.update({kind: f"{base_uri}id/{kind}/" for kind in KINDS})
    return prefixes


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
    return bool(store.query(f"ASK {{ {sparql_iri(iri)} ?p ?o }}"))


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
    rows = store.query(
        f"SELECT ?g ?p ?o ?lp ?l WHERE {{ GRAPH ?g {{ {sparql_iri(iri)} ?p ?o }} "
        f"OPTIONAL {{ VALUES ?lp {{ {_LABELS} }} ?o ?lp ?l }} }}")
    for row in rows:  # type: ignore[union-attr]
        triples[ox.Triple(resource, row["p"], row["o"])] = None
        if row["g"].value not in graphs:
            graphs.append(row["g"].value)
        if row["l"] is not None:
            triples[ox.Triple(row["o"], row["lp"], row["l"])] = None
    if not triples:
        return None
    # Query 2: one page of incoming links, ordered so pages are stable, one row past the page
    # to learn whether a next page exists without counting them all.
    offset = (page - 1) * page_size
    rows = store.query(
        f"SELECT ?s ?p ?lp ?l WHERE {{ "
        f"{{ SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {sparql_iri(iri)} }} ORDER BY ?p ?s "
        f"LIMIT {page_size + 1} OFFSET {offset} }} "
        f"OPTIONAL {{ VALUES ?lp {{ {_LABELS} }} ?s ?lp ?l }} }} ORDER BY ?p ?s")
    links: dict[tuple[Term, Term], list[ox.Triple]] = {}
    for row in rows:  # type: ignore[union-attr]
        labels = links.setdefault((row["s"], row["p"]), [])
        if row["l"] is not None:
            labels.append(ox.Triple(row["s"], row["lp"], row["l"]))
    more = len(links) > page_size  # the extra link only says that a next page exists
    for (subject, predicate), labels in list(links.items())[:page_size]:
        triples[ox.Triple(subject, predicate, resource)] = None  # type: ignore[arg-type]
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
    paging = [ox.Triple(d, _n(str(RDF.type)), _n(HYDRA + "PartialCollectionView")),
              ox.Triple(d, _n(HYDRA + "first"), _n(document))]
    if doc.next_page:
        paging.append(ox.Triple(d, _n(HYDRA + "next"), _n(doc.next_page)))
    if doc.previous_page:
        paging.append(ox.Triple(d, _n(HYDRA + "previous"), _n(doc.previous_page)))
    return paging


# ---------------------------------------------------------------------------------------------
# Documentation of the vocabulary and the shapes, for their HTML pages
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A value shown on a documentation page: its text and, for terms, where it links."""

    text: str
    href: str | None = None


@dataclass
class Fact:
    """One line of a term's documentation: a name ("range") and its values."""

    name: str
    values: list[Ref]


@dataclass
class TermDoc:
    """A class, property, concept or shape as its documentation page shows it."""

    iri: str
    curie: str
    anchor: str
    label: str
    comment: str = ""
    facts: list[Fact] = field(default_factory=list)
    parts: list[TermDoc] = field(default_factory=list)  # concepts of a scheme, property shapes
    messages: list[str] = field(default_factory=list)


@dataclass
class VocabularyDoc:
    """The vocabulary's header and its terms, grouped as its HTML page lists them."""

    iri: str
    title: str
    description: str
    facts: list[Fact]
    classes: list[TermDoc]
    properties: list[TermDoc]
    schemes: list[TermDoc]


@dataclass
class ShapesDoc:
    """The shapes graph's header and every node shape with its property shapes."""

    iri: str
    title: str
    description: str
    facts: list[Fact]
    shapes: list[TermDoc]


class _Namer:
    """Write IRIs as CURIEs and link terms of the documented namespace to their anchors."""

    def __init__(self, graph: Graph, local: str) -> None:
        self.graph = graph
        self.local = local
        self.prefixes = sorted(((str(ns), p) for p, ns in graph.namespaces() if p),
                               key=lambda item: -len(item[0]))

    def curie(self, iri: str) -> str:
        for namespace, prefix in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return f"<{iri}>"

    def anchor(self, iri: str) -> str:
        return re.sub(r"[^A-Za-z0-9_-]", "-", self.curie(iri).replace(":", "-")).strip("-")

    def ref(self, node: Node) -> list[Ref]:
        """Render a node: a term as a linked CURIE, a list or class union item by item."""
        if isinstance(node, URIRef):
            iri = str(node)
            href = f"#{self.anchor(iri)}" if iri.startswith(self.local) else iri
            return [Ref(self.curie(iri), href)]
        if isinstance(node, Literal):
            return [Ref(str(node))]
        assert isinstance(node, BNode)
        for operator, word in ((OWL.unionOf, "or"), (OWL.intersectionOf, "and"),
                               (SH["or"], "or"), (SH["and"], "and"), (SH.xone, "exactly one of")):
            items = self.graph.value(node, operator)
            if items is not None:
                return self._joined(Collection(self.graph, items), f" {word} ")
        if self.graph.value(node, RDF.first) is not None:
            return self._joined(Collection(self.graph, node), ", ")
        refs = [Ref("[ ")]
        for p, o in sorted(self.graph.predicate_objects(node)):
            if p != RDF.type:
                refs += [*self.ref(p), Ref(" "), *self.ref(o), Ref(" ; ")]
        refs[-1:] = [Ref(" ]")] if len(refs) > 1 else [Ref("[ ]")]
        return refs

    def _joined(self, items: Iterable[Node], separator: str) -> list[Ref]:
        refs: list[Ref] = []
        for item in items:
            if refs:
                refs.append(Ref(separator))
            refs += self.ref(item)
        return refs


def _text(graph: Graph, node: Node, *predicates: URIRef) -> str:
    """Pick the English (or untagged) value of the first predicate that has one."""
    for predicate in predicates:
        values = list(graph.objects(node, predicate))
        for value in values:
            if isinstance(value, Literal) and value.language in (None, "en"):
                return str(value)
        if values:
            return str(values[0])
    return ""


def _facts(namer: _Namer, node: Node, wanted: Iterable[tuple[str, URIRef]]) -> list[Fact]:
    facts = []
    for name, predicate in wanted:
        values: list[Ref] = []
        for value in sorted(namer.graph.objects(node, predicate), key=str):
            if values:
                values.append(Ref(", "))
            values += namer.ref(value)
        if values:
            facts.append(Fact(name, values))
    return facts


def _term(namer: _Namer, node: URIRef, facts: Iterable[tuple[str, URIRef]]) -> TermDoc:
    g = namer.graph
    return TermDoc(str(node), namer.curie(str(node)), namer.anchor(str(node)),
                   _text(g, node, RDFS.label, SKOS.prefLabel, SH.name) or namer.curie(str(node)),
                   _text(g, node, RDFS.comment, SKOS.definition, SH.description),
                   _facts(namer, node, facts))


def _named(nodes: Iterable[Node]) -> list[URIRef]:
    return sorted({n for n in nodes if isinstance(n, URIRef)}, key=str)


_CLASS_FACTS = (("subclass of", RDFS.subClassOf), ("equivalent to", OWL.equivalentClass),
                ("disjoint with", OWL.disjointWith), ("defined by", RDFS.isDefinedBy))
_PROPERTY_FACTS = (("type", RDF.type), ("subproperty of", RDFS.subPropertyOf),
                   ("domain", RDFS.domain), ("range", RDFS.range), ("inverse of", OWL.inverseOf),
                   ("defined by", RDFS.isDefinedBy))
_CONCEPT_FACTS = (("notation", SKOS.notation), ("broader", SKOS.broader),
                  ("close match", SKOS.closeMatch), ("exact match", SKOS.exactMatch))
_HEADER_FACTS = (("version", OWL.versionInfo), ("version IRI", OWL.versionIRI),
                 ("licence", DCTERMS.license), ("created", DCTERMS.created),
                 ("modified", DCTERMS.modified), ("see also", RDFS.seeAlso))


def _header(graph: Graph) -> URIRef | None:
    return next(iter(_named(graph.subjects(RDF.type, OWL.Ontology))), None)


def describe_vocabulary(graph: Graph, namespace: str) -> VocabularyDoc:
    """Lay out the vocabulary's classes, properties and concept schemes for its HTML page."""
    namer = _Namer(graph, namespace)
    header = _header(graph)
    classes = [_term(namer, c, _CLASS_FACTS) for c in _named(
        [*graph.subjects(RDF.type, OWL.Class), *graph.subjects(RDF.type, RDFS.Class)])]
    property_types = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                      RDF.Property)
    properties = [_term(namer, p, _PROPERTY_FACTS) for p in _named(
        s for t in property_types for s in graph.subjects(RDF.type, t))]
    schemes = []
    for scheme in _named(graph.subjects(RDF.type, SKOS.ConceptScheme)):
        doc = _term(namer, scheme, ())
        doc.parts = [_term(namer, c, _CONCEPT_FACTS)
                     for c in _named(graph.subjects(SKOS.inScheme, scheme))]
        schemes.append(doc)
    return VocabularyDoc(
        str(header or namespace),
        _text(graph, header, DCTERMS.title, RDFS.label) if header else namespace,
        _text(graph, header, DCTERMS.description, RDFS.comment) if header else "",
        _facts(namer, header, _HEADER_FACTS) if header else [], classes, properties, schemes)


# Everything a shape says that is neither its name, its messages nor its structure is a
# constraint (SHACL §4), shown by its local name, e.g. "minCount 1".
_SHAPE_STRUCTURE = {RDF.type, SH.path, SH.name, SH.description, SH.message, SH.property,
                    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
                    SH.declare, SH.order, SH.group}
_TARGETS = (("target class", SH.targetClass), ("target node", SH.targetNode),
            ("target: subjects of", SH.targetSubjectsOf),
            ("target: objects of", SH.targetObjectsOf))


def _constraints(namer: _Namer, shape: Node) -> list[Fact]:
    g = namer.graph
    wanted = sorted({p for p in g.predicates(shape) if p not in _SHAPE_STRUCTURE}, key=str)
    facts = []
    for predicate in wanted:
        name = str(predicate).rsplit("#", 1)[-1] if str(predicate).startswith(str(SH)) \
            else namer.curie(str(predicate))
        if predicate == SH.sparql:
            for constraint in g.objects(shape, predicate):
                query = _text(g, constraint, SH.select, SH.ask)
                facts.append(Fact("SPARQL constraint", [Ref(query.strip())]))
            continue
        values: list[Ref] = []
        for value in sorted(g.objects(shape, predicate), key=str):
            if values:
                values.append(Ref(", "))
            values += namer.ref(value)
        facts.append(Fact(name, values))
    return facts


def _messages(graph: Graph, shape: Node) -> list[str]:
    messages = [str(m) for m in graph.objects(shape, SH.message)]
    for constraint in graph.objects(shape, SH.sparql):
        messages += [str(m) for m in graph.objects(constraint, SH.message)]
    return sorted(messages)


def describe_shapes(graph: Graph, namespace: str) -> ShapesDoc:
    """Lay out every node shape: its targets, constraints, property shapes and messages."""
    namer = _Namer(graph, namespace)
    header = _header(graph)
    shapes = []
    node_shapes = _named([*graph.subjects(RDF.type, SH.NodeShape),
                          *(s for _, p in _TARGETS for s in graph.subjects(p, None))])
    for node in node_shapes:
        doc = _term(namer, node, _TARGETS)
        doc.facts += _constraints(namer, node)
        doc.messages = _messages(graph, node)
        for prop in sorted(graph.objects(node, SH.property), key=str):
            part = TermDoc(str(prop), namer.curie(str(prop)) if isinstance(prop, URIRef) else "",
                           namer.anchor(str(prop)) if isinstance(prop, URIRef) else "",
                           _text(graph, prop, SH.name) or "",
                           _text(graph, prop, SH.description),
                           [Fact("path", namer.ref(graph.value(prop, SH.path) or Literal("?"))),
                            *_constraints(namer, prop)], messages=_messages(graph, prop))
            doc.parts.append(part)
        shapes.append(doc)
    return ShapesDoc(
        str(header or namespace),
        _text(graph, header, DCTERMS.title, RDFS.label) if header else namespace,
        _text(graph, header, DCTERMS.description, RDFS.comment) if header else "",
        _facts(namer, header, _HEADER_FACTS) if header else [], shapes)
