"""Documentation pages of the vocabulary and the shapes: their terms laid out for HTML.

What each page lists (classes, properties, concept schemes; node shapes with their property
shapes, constraints and messages) is read from the Turtle with rdflib; the templates render it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespaces import DCTERMS, OWL, RDF, RDFS, SH, SKOS


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
        """Write an IRI as prefix:name with the longest matching namespace, else as <iri>."""
        for namespace, prefix in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return f"<{iri}>"

    def anchor(self, iri: str) -> str:
        """Name the HTML anchor of a term: its CURIE with only letters, digits, - and _."""
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
