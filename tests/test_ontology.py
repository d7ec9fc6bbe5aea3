"""The vocabulary defines every kg: term the model, the shapes and the design use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from kg.namespaces import DCTERMS, KG, OWL, PROV, RDF, RDFS, SCHEMA, SH, SKOS, XSD
from kg.pipeline.resources import ontology_graph, ontology_turtle, shapes_graph, shapes_turtle

ROOT = Path(__file__).resolve().parents[1]
RDF_MODEL = ROOT / "docs" / "rdf-model.md"
DESIGN = ROOT.parent / "shared" / "DESIGN.md"
ONTOLOGY = URIRef("https://w3id.org/stancegraph/vocab")
VANN = "http://purl.org/vocab/vann/"
KG_TERM = re.compile(r"\bkg:([A-Za-z][A-Za-z0-9]*)")


def kg_terms_in_text(text: str) -> set[URIRef]:
    """Find every kg:term written in a text (Markdown, SPARQL)."""
    return {KG[name] for name in KG_TERM.findall(text)}


def kg_terms_in_graph(graph: Graph) -> set[URIRef]:
    """Find every kg: IRI of a graph, including those inside SPARQL query strings."""
    terms = {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and node.startswith(str(KG))
    }
    for query in graph.objects(None, SH.select):
        terms |= kg_terms_in_text(str(query))
    return terms


def assert_defined(terms: set[URIRef]) -> None:
    """Each term is defined by the vocabulary with an English label and comment."""
    vocab = ontology_graph()
    assert terms
    for term in sorted(terms):
        assert (term, RDFS.isDefinedBy, ONTOLOGY) in vocab, f"{term} is not defined"
        for annotation in (RDFS.label, RDFS.comment):
            values = [v for v in vocab.objects(term, annotation) if isinstance(v, Literal)]
            assert [v for v in values if v.language == "en"], f"{term} lacks {annotation}"


def test_every_term_of_the_rdf_model_is_defined() -> None:
    assert_defined(kg_terms_in_text(RDF_MODEL.read_text(encoding="utf-8")))


def test_every_term_the_shapes_use_is_defined() -> None:
    assert_defined(kg_terms_in_graph(shapes_graph()))


def test_every_term_of_the_design_is_defined() -> None:
    if not DESIGN.is_file():
        pytest.skip(f"{DESIGN} is absent (the shared design notes)")
    assert_defined(kg_terms_in_text(DESIGN.read_text(encoding="utf-8")))


def test_every_term_in_the_namespace_is_defined_by_the_ontology() -> None:
    vocab = ontology_graph()
    in_namespace = {s for s in vocab.subjects() if isinstance(s, URIRef) and s.startswith(str(KG))}
    assert_defined(in_namespace)
    assert set(vocab.subjects(RDFS.isDefinedBy, ONTOLOGY)) == in_namespace


def test_every_property_has_one_domain_and_one_range() -> None:
    vocab = ontology_graph()
    properties = set(vocab.subjects(RDF.type, OWL.ObjectProperty)) | set(
        vocab.subjects(RDF.type, OWL.DatatypeProperty)
    )
    assert len(properties) >= 19
    for prop in properties:
        assert len(list(vocab.objects(prop, RDFS.domain))) == 1, prop
        assert len(list(vocab.objects(prop, RDFS.range))) == 1, prop


def test_the_ontology_header_describes_the_vocabulary() -> None:
    vocab = ontology_graph()
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in vocab
    assert vocab.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    for field in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.created):
        assert vocab.value(ONTOLOGY, field) is not None, field
    assert vocab.value(ONTOLOGY, URIRef(VANN + "preferredNamespacePrefix")) == Literal("kg")
    assert vocab.value(ONTOLOGY, URIRef(VANN + "preferredNamespaceUri")) == Literal(str(KG))


def test_our_classes_refine_schema_org() -> None:
    vocab = ontology_graph()
    assert (KG.Interview, RDFS.subClassOf, SCHEMA.NewsArticle) in vocab
    assert (KG.Expert, RDFS.subClassOf, SCHEMA.Person) in vocab
    assert (KG.Country, RDFS.subClassOf, SCHEMA.Country) in vocab
    assert (KG.Stance, RDF.type, OWL.Class) in vocab


def test_disputed_states_are_countries_with_a_status_and_the_class_says_so() -> None:
    comment = str(ontology_graph().value(KG.Country, RDFS.comment))
    for name in (
        "Taiwan",
        "Palestine",
        "Kosovo",
        "kg:PartiallyRecognizedState",
        "kg:UNObserverState",
    ):
        assert name in comment


@pytest.mark.parametrize("prop", [KG.holder, KG.target])
def test_holders_and_targets_range_over_countries_organizations_people_and_topics(
    prop: URIRef,
) -> None:
    vocab = ontology_graph()
    union = vocab.value(vocab.value(prop, RDFS.range), OWL.unionOf)
    assert set(Collection(vocab, union)) == {
        SCHEMA.Country,
        SCHEMA.Organization,
        SCHEMA.Person,
        SKOS.Concept,
    }


def test_stances_link_their_article_as_a_prov_derivation() -> None:
    vocab = ontology_graph()
    assert (KG.statedIn, RDFS.subPropertyOf, PROV.wasDerivedFrom) in vocab
    assert (KG.statedIn, RDFS.range, SCHEMA.NewsArticle) in vocab
    assert (KG.relatedArticle, RDFS.subPropertyOf, DCTERMS.relation) in vocab


def test_offsets_and_confidence_have_the_datatypes_the_builder_writes() -> None:
    vocab = ontology_graph()
    assert vocab.value(KG.evidenceStart, RDFS.range) == XSD.integer
    assert vocab.value(KG.evidenceEnd, RDFS.range) == XSD.integer
    assert vocab.value(KG.confidence, RDFS.range) == XSD.decimal


def test_the_polarity_scheme_has_exactly_three_top_concepts() -> None:
    vocab = ontology_graph()
    three = {KG.Support, KG.Oppose, KG.Neutral}
    assert set(vocab.subjects(SKOS.inScheme, KG.PolarityScheme)) == three
    assert set(vocab.objects(KG.PolarityScheme, SKOS.hasTopConcept)) == three
    for concept in three:
        assert (concept, RDF.type, SKOS.Concept) in vocab
        assert (concept, SKOS.topConceptOf, KG.PolarityScheme) in vocab
        assert vocab.value(concept, SKOS.prefLabel).language == "en"
        assert vocab.value(concept, SKOS.definition) is not None


def test_the_sovereignty_scheme_has_the_four_statuses() -> None:
    vocab = ontology_graph()
    assert set(vocab.subjects(SKOS.inScheme, KG.SovereigntyStatusScheme)) == {
        KG.UNMemberState,
        KG.UNObserverState,
        KG.PartiallyRecognizedState,
        KG.DependentTerritory,
    }
    assert (KG.TopicScheme, RDF.type, SKOS.ConceptScheme) in vocab


def test_the_packaged_turtle_is_the_repository_file_parsed_once() -> None:
    repository = Graph().parse(ROOT / "ontology" / "stancegraph.ttl", format="turtle")
    assert isomorphic(ontology_graph(), repository)
    assert ontology_graph() is ontology_graph()
    assert isomorphic(Graph().parse(data=ontology_turtle(), format="turtle"), repository)
    shapes = Graph().parse(ROOT / "shapes" / "stancegraph.ttl", format="turtle")
    assert isomorphic(Graph().parse(data=shapes_turtle(), format="turtle"), shapes)
    assert isomorphic(shapes_graph(), shapes)
