"""Turn an extraction into the RDF of one article, exactly as docs/rdf-model.md describes it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.model import POLARITY_VERBS, EntityRef, Extraction, PersonFinding, StanceFinding
from kg.namespaces import IPTC_GENRE, KG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, WD, XSD
from kg.uris import URIs, slugify

POLARITY = {"support": KG.Support, "oppose": KG.Oppose, "neutral": KG.Neutral}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")


# The facts of a shared thing that no article owns: what it is and what it is called. They go
# to the thing's own graph, once; what an article says of it (an expert's job title) stays.
IDENTITY = frozenset({RDF.type, SCHEMA.name, RDFS.label, SKOS.prefLabel, SKOS.inScheme,
                      OWL.sameAs, KG.extractorName, KG.extractorVersion})


@dataclass
class ArticleGraph:
    """The triples of one article and the named graph they go to, with the graphs of the
    shared things it names (experts, publishers, the extraction activity …)."""

    article: str
    graph_name: str
    graph: Graph
    shared: dict[str, Graph] = field(default_factory=dict)

    @property
    def graphs(self) -> dict[str, Graph]:
        """Every graph to store, by name: the article's and its shared things'."""
        return {self.graph_name: self.graph, **self.shared}


def date_literal(value: str) -> Literal | None:
    """Type an ISO date or date-time; anything else is not a date we can vouch for."""
    if _DATE.match(value):
        return Literal(value, datatype=XSD.date)
    if _DATETIME.match(value):
        return Literal(value, datatype=XSD.dateTime)
    return None


class ArticleBuilder:
    """Build article graphs under one base URI."""

    def __init__(self, base_uri: str, country_names: dict[str, str] | None = None) -> None:
        self.uris = URIs(base_uri)
        self.country_names = country_names or {}

    def build(self, extraction: Extraction) -> ArticleGraph:
        """Build the graph of one article and everything extracted from it."""
        doc = extraction.document
        g = Graph()
        article = URIRef(self.uris.article(doc.headline))

        g.add((article, RDF.type, SCHEMA.NewsArticle))
        if extraction.is_interview:
            if extraction.experts:  # an interviewee nobody could name: kept as a news article
                g.add((article, RDF.type, KG.Interview))
            g.add((article, SCHEMA.genre, IPTC_GENRE.Interview))
        else:
            g.add((article, RDF.type, SCHEMA.AnalysisNewsArticle))
            g.add((article, SCHEMA.genre, IPTC_GENRE.Analysis))
        g.add((article, SCHEMA.headline, Literal(doc.headline)))
        g.add((article, SCHEMA.articleBody, Literal(doc.body)))
        if doc.date and (date := date_literal(doc.date)) is not None:
            g.add((article, SCHEMA.datePublished, date))
        if doc.language:
            g.add((article, SCHEMA.inLanguage, Literal(doc.language)))
        if doc.url:
            try:  # a page's own address, so it must be an absolute IRI
                ox.NamedNode(doc.url)
            except ValueError as error:
                raise InputError(doc.source, f"url {doc.url!r} is not an absolute IRI") from error
            g.add((article, SCHEMA.url, URIRef(doc.url)))
        if doc.publisher:
            publisher = URIRef(self.uris.organization(doc.publisher))
            g.add((article, SCHEMA.publisher, publisher))
            g.add((publisher, RDF.type, SCHEMA.Organization))
            g.add((publisher, SCHEMA.name, Literal(doc.publisher)))

        link = KG.interviewee if extraction.is_interview else SCHEMA.author
        experts = [self._expert(g, article, person, n) for n, person in
                   enumerate(extraction.experts, 1)]
        for expert in experts:
            g.add((article, link, expert))
        for person in extraction.people:
            if person.name:
                node = URIRef(self.uris.person(person.name))
                g.add((node, RDF.type, SCHEMA.Person))
                g.add((node, SCHEMA.name, Literal(person.name)))

        for iso2 in extraction.countries:
            country = URIRef(self.uris.country(iso2))
            g.add((article, SCHEMA.mentions, country))

        for teaser in doc.teasers:
            if slugify(teaser.headline) == slugify(doc.headline):
                continue
            stub = URIRef(self.uris.article(teaser.headline))
            g.add((article, KG.relatedArticle, stub))
            g.add((stub, RDF.type, SCHEMA.NewsArticle))
            g.add((stub, SCHEMA.headline, Literal(teaser.headline)))
            if teaser.abstract:
                g.add((stub, SCHEMA.abstract, Literal(teaser.abstract)))

        if extraction.stances:
            activity = URIRef(self.uris.activity(extraction.extractor,
                                                 extraction.extractor_version))
            g.add((activity, RDF.type, PROV.Activity))
            g.add((activity, RDFS.label,
                   Literal(f"{extraction.extractor} {extraction.extractor_version}")))
            g.add((activity, KG.extractorName, Literal(extraction.extractor)))
            g.add((activity, KG.extractorVersion, Literal(extraction.extractor_version)))
            slug = slugify(doc.headline)
            for stance in extraction.stances:
                self._stance(g, article, doc.body, slug, stance, activity, experts)

        return ArticleGraph(str(article), self.uris.article_graph(doc.headline), g,
                            self._split_shared(g))

    def _split_shared(self, g: Graph) -> dict[str, Graph]:
        """Move the identity facts of shared things out of `g`, into one graph per thing."""
        shared: dict[str, Graph] = {}
        for s, p, o in list(g):
            if p in IDENTITY and isinstance(s, URIRef) and (
                    name := self.uris.entity_graph(str(s))) is not None:
                shared.setdefault(name, Graph()).add((s, p, o))
                g.remove((s, p, o))
        return shared

    def _expert(self, g: Graph, article: URIRef, person: PersonFinding, n: int) -> URIRef:
        if person.name:
            node = URIRef(self.uris.expert(person.name))
            g.add((node, SCHEMA.name, Literal(person.name)))
        else:
            node = URIRef(self.uris.thing("expert", f"{slugify(str(article).rsplit('/', 1)[-1])}"
                                                    f"-expert-{n}"))
        g.add((node, RDF.type, KG.Expert))
        g.add((node, RDF.type, SCHEMA.Person))
        for text in person.descriptions:
            g.add((node, SCHEMA.description, Literal(text)))
        for text in person.job_titles:
            g.add((node, SCHEMA.jobTitle, Literal(text)))
        for text in person.knows_about:
            g.add((node, SCHEMA.knowsAbout, Literal(text)))
        for ref in person.affiliations:
            g.add((node, SCHEMA.affiliation, self._entity(g, ref)))
        return node

    def _entity(self, g: Graph, ref: EntityRef) -> URIRef:
        """Name a stance's holder or target, describing it in the graph unless it is a country."""
        if ref.kind == "country":
            node = URIRef(self.uris.country(ref.key))
        elif ref.kind == "organization":
            node = URIRef(self.uris.organization(ref.key))
            g.add((node, RDF.type, SCHEMA.Organization))
            g.add((node, SCHEMA.name, Literal(ref.label)))
            if ref.key.startswith("Q") and ref.key[1:].isdigit():
                g.add((node, OWL.sameAs, WD[ref.key]))
        elif ref.kind == "person":
            node = URIRef(self.uris.person(ref.label))
            g.add((node, RDF.type, SCHEMA.Person))
            g.add((node, SCHEMA.name, Literal(ref.label)))
        else:
            node = URIRef(self.uris.topic(ref.label))
            g.add((node, RDF.type, SKOS.Concept))
            g.add((node, SKOS.prefLabel, Literal(ref.label, lang="en")))
            g.add((node, SKOS.inScheme, KG.TopicScheme))
        return node

    def _label(self, ref: EntityRef) -> str:
        if ref.kind == "country":
            return self.country_names.get(ref.key.upper(), ref.label)
        return ref.label

    def _stance(self, g: Graph, article: URIRef, body: str, slug: str, stance: StanceFinding,
                activity: URIRef, experts: list[URIRef]) -> None:
        holder = self._entity(g, stance.holder)
        target = self._entity(g, stance.target)
        node = URIRef(self.uris.stance(slug, holder, target, stance.polarity,
                                       stance.evidence_start, stance.evidence_end))
        triples: list[tuple[Node, Node, Node]] = [
            (node, RDF.type, KG.Stance),
            (node, RDFS.label, Literal(f"{self._label(stance.holder)} "
                                       f"{POLARITY_VERBS[stance.polarity]} "
                                       f"{self._label(stance.target)}")),
            (node, KG.holder, holder),
            (node, KG.target, target),
            (node, KG.polarity, POLARITY[stance.polarity]),
            (node, KG.statedIn, article),
            (node, KG.evidenceText, Literal(body[stance.evidence_start:stance.evidence_end])),
            (node, KG.evidenceStart, Literal(stance.evidence_start, datatype=XSD.integer)),
            (node, KG.evidenceEnd, Literal(stance.evidence_end, datatype=XSD.integer)),
            (node, KG.confidence, Literal(Decimal(f"{stance.confidence:.3f}"),
                                          datatype=XSD.decimal)),
            (node, KG.extractionRule, Literal(stance.rule)),
            (node, PROV.wasGeneratedBy, activity),
        ]
        if stance.attributed_to is not None and stance.attributed_to < len(experts):
            triples.append((node, PROV.wasAttributedTo, experts[stance.attributed_to]))
        for triple in triples:
            g.add(triple)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to Oxigraph's, keeping datatype and language."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def oxigraph_triples(graph: Graph) -> list[ox.Triple]:
    """Convert an rdflib graph to Oxigraph triples for the store."""
    return [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
            for s, p, o in graph]
