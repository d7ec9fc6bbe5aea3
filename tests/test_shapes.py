"""The SHACL shapes: for every shape a conforming and a violating example (tests/shapes_cases/).

Each *-bad.ttl fixture holds several focus nodes that each break one rule; the tables below say
which shape reports each one, on which path and with which severity, and nothing else may be
reported. Results are read back from the SHACL validation report graph (SHACL §3.6).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespaces import KG, OWL, PROV, RDF, SCHEMA, SH, SKOS, XSD
from kg.pipeline.resources import shapes_graph
from kg.pipeline.validate import Validator

CASES = Path(__file__).parent / "shapes_cases"
KGSH = Namespace("https://w3id.org/stancegraph/shapes#")
ID = Namespace("http://localhost:5000/id/")
V, W = SH.Violation, SH.Warning

Finding = tuple[Node, Node, Node | None, Node]  # focus node, shape, result path, severity


def load(name: str) -> Graph:
    """Parse one fixture of tests/shapes_cases/."""
    return Graph().parse(CASES / name, format="turtle")


@pytest.fixture(scope="module")
def validator() -> Validator:
    """A validator over the countries the fixtures link to (the reference graph's part)."""
    return Validator(reference=load("countries.ttl"))


def findings(report: Graph) -> set[Finding]:
    """Read (focus, shape, path, severity) of every sh:result of a validation report.

    The shape is the one that reported the result: sh:sourceConstraint for a SPARQL-based
    constraint (SHACL §5.3), sh:sourceShape otherwise.
    """
    found = set()
    for result in report.objects(None, SH.result):
        shape = report.value(result, SH.sourceConstraint) or report.value(result, SH.sourceShape)
        found.add(
            (
                report.value(result, SH.focusNode),
                shape,
                report.value(result, SH.resultPath),
                report.value(result, SH.resultSeverity),
            )
        )
    return found


def report_of(validator: Validator, fixture: str, *, reference: bool = True) -> Graph:
    """Validate a fixture and return the SHACL report graph."""
    checker = validator if reference else Validator()
    report = checker.validate(load(fixture)).graph
    assert report is not None
    return report


BAD_CASES: dict[str, dict[str, set[tuple[URIRef, URIRef | None, URIRef]]]] = {
    "news-article-bad.ttl": {
        "article/teaser-without-headline": {(KGSH["NewsArticle-headline"], SCHEMA.headline, V)},
        "article/teaser-with-two-headlines": {(KGSH["NewsArticle-headline"], SCHEMA.headline, V)},
        "article/teaser-with-blank-headline": {(KGSH["NewsArticle-headline"], SCHEMA.headline, V)},
        "article/teaser-with-tagged-headline": {(KGSH["NewsArticle-headline"], SCHEMA.headline, V)},
        "article/teaser-with-tagged-abstract": {(KGSH["NewsArticle-abstract"], SCHEMA.abstract, V)},
    },
    "article-bad.ttl": {
        "article/untyped": {(KGSH.ArticleShape, None, V)},
        "article/empty-body": {(KGSH["Article-body"], SCHEMA.articleBody, V)},
        "article/two-bodies": {(KGSH["Article-body"], SCHEMA.articleBody, V)},
        "article/publisher-literal": {(KGSH["Article-publisher"], SCHEMA.publisher, V)},
        "article/publisher-person": {(KGSH["Article-publisher"], SCHEMA.publisher, V)},
        "article/no-publisher": {(KGSH["Article-publisher"], SCHEMA.publisher, V)},
        "article/two-dates": {(KGSH["Article-datePublished"], SCHEMA.datePublished, V)},
        "article/date-as-text": {(KGSH["Article-datePublished"], SCHEMA.datePublished, V)},
        "article/no-date": {(KGSH["Article-datePublishedMissing"], SCHEMA.datePublished, W)},
        "article/language-name": {(KGSH["Article-inLanguage"], SCHEMA.inLanguage, W)},
        "article/url-as-text": {(KGSH["Article-url"], SCHEMA.url, V)},
        "article/genre-as-text": {(KGSH["Article-genre"], SCHEMA.genre, V)},
        "article/mentions-unknown-country": {(KGSH["Article-mentions"], SCHEMA.mentions, V)},
        "article/mentions-organization": {(KGSH["Article-mentions"], SCHEMA.mentions, V)},
        "article/related-to-organization": {(KGSH["Article-relatedArticle"], KG.relatedArticle, V)},
    },
    "interview-bad.ttl": {
        "article/interview-without-interviewee": {
            (KGSH["Interview-interviewee"], KG.interviewee, V)
        },
        "article/interview-of-a-non-expert": {(KGSH["Interview-interviewee"], KG.interviewee, V)},
        "article/interview-with-analysis-genre": {(KGSH["Interview-genre"], SCHEMA.genre, V)},
    },
    "expert-bad.ttl": {
        "expert/nameless-and-undescribed": {(KGSH.ExpertShape, None, V)},
        "expert/two-names": {(KGSH["Expert-name"], SCHEMA.name, V)},
        "expert/blank-name": {(KGSH["Expert-name"], SCHEMA.name, V)},
        "expert/tagged-name": {(KGSH["Expert-name"], SCHEMA.name, V)},
        "expert/blank-description": {(KGSH["Expert-description"], SCHEMA.description, V)},
    },
    "organization-bad.ttl": {
        "organization/nameless": {(KGSH["Organization-name"], SCHEMA.name, V)},
        "organization/named-by-iri": {(KGSH["Organization-name"], SCHEMA.name, V)},
    },
    "topic-bad.ttl": {
        "topic/unlabelled": {(KGSH["Topic-prefLabel"], SKOS.prefLabel, V)},
        "topic/two-english-labels": {(KGSH["Topic-prefLabel"], SKOS.prefLabel, V)},
        "topic/schemeless": {(KGSH["Topic-inScheme"], SKOS.inScheme, V)},
    },
    "activity-bad.ttl": {
        "activity/nameless": {(KGSH["ExtractionActivity-extractorName"], KG.extractorName, V)},
        "activity/two-names": {(KGSH["ExtractionActivity-extractorName"], KG.extractorName, V)},
        "activity/versionless": {
            (KGSH["ExtractionActivity-extractorVersion"], KG.extractorVersion, V)
        },
        "activity/empty-version": {
            (KGSH["ExtractionActivity-extractorVersion"], KG.extractorVersion, V)
        },
    },
    "country-bad.ttl": {
        "country/aa": {(KGSH["Country-alpha2"], KG.iso3166Alpha2, V)},
        "country/qm": {(KGSH["Country-alpha2"], KG.iso3166Alpha2, V)},
        "country/qn": {(KGSH["Country-alpha3"], KG.iso3166Alpha3, V)},
        "country/qo": {(KGSH["Country-alpha3"], KG.iso3166Alpha3, V)},
        "country/qp": {(KGSH["Country-numeric"], KG.iso3166Numeric, V)},
        "country/qq": {(KGSH["Country-name"], SCHEMA.name, V)},
        "country/qr": {(KGSH["Country-geonamesId"], KG.geonamesId, V)},
        "country/qs": {(KGSH["Country-sovereigntyStatus"], KG.sovereigntyStatus, V)},
        "country/qt": {(KGSH["Country-wikidata"], OWL.sameAs, W)},
        "country/qu": {(KGSH["Country-wikidata"], OWL.sameAs, W)},
        "country/qv": {(KGSH["Country-wikidata"], OWL.sameAs, W)},
    },
    "stance-bad.ttl": {
        "stance/negative-start": {(KGSH["Stance-evidenceOffsets"], KG.evidenceStart, V)},
        "stance/end-past-body": {(KGSH["Stance-evidenceOffsets"], KG.evidenceEnd, V)},
        "stance/start-after-end": {(KGSH["Stance-evidenceOffsets"], KG.evidenceEnd, V)},
        "stance/text-differs": {(KGSH["Stance-evidenceOffsets"], KG.evidenceText, V)},
        "stance/offsets-in-bytes": {(KGSH["Stance-evidenceOffsets"], KG.evidenceText, V)},
        "stance/holder-is-target": {(KGSH["Stance-holderNotTarget"], KG.holder, V)},
        "stance/holder-literal": {(KGSH["Stance-holder"], KG.holder, V)},
        "stance/holder-unknown": {(KGSH["Stance-holder"], KG.holder, V)},
        "stance/no-holder": {(KGSH["Stance-holder"], KG.holder, V)},
        "stance/two-targets": {(KGSH["Stance-target"], KG.target, V)},
        "stance/unknown-polarity": {(KGSH["Stance-polarity"], KG.polarity, V)},
        "stance/no-polarity": {(KGSH["Stance-polarity"], KG.polarity, V)},
        "stance/no-article": {(KGSH["Stance-statedIn"], KG.statedIn, V)},
        "stance/stated-in-organization": {(KGSH["Stance-statedIn"], KG.statedIn, V)},
        "stance/no-evidence-text": {(KGSH["Stance-evidenceText"], KG.evidenceText, V)},
        "stance/start-as-text": {(KGSH["Stance-evidenceStart"], KG.evidenceStart, V)},
        "stance/no-end": {(KGSH["Stance-evidenceEnd"], KG.evidenceEnd, V)},
        "stance/confidence-above-one": {(KGSH["Stance-confidence"], KG.confidence, V)},
        "stance/confidence-as-double": {(KGSH["Stance-confidence"], KG.confidence, V)},
        "stance/no-confidence": {(KGSH["Stance-confidence"], KG.confidence, V)},
        "stance/numeric-rule": {(KGSH["Stance-extractionRule"], KG.extractionRule, V)},
        "stance/not-generated": {(KGSH["Stance-generatedBy"], PROV.wasGeneratedBy, V)},
        "stance/generated-by-untyped": {(KGSH["Stance-generatedBy"], PROV.wasGeneratedBy, V)},
        "stance/attributed-to-organization": {
            (KGSH["Stance-attributedTo"], PROV.wasAttributedTo, V)
        },
        "stance/attributed-twice": {(KGSH["Stance-attributedTo"], PROV.wasAttributedTo, V)},
    },
}

# Fixtures validated on their own: they are (part of) the reference graph itself.
WITHOUT_REFERENCE = {"country-bad.ttl", "countries.ttl"}

# For every node shape, a focus node of a conforming fixture that it targets.
CONFORMING: dict[URIRef, tuple[str, URIRef]] = {
    KGSH.NewsArticleShape: (
        "article-ok.ttl",
        ID["article/japans-goals-of-strengthening-its-military-power-in-east-asia"],
    ),
    KGSH.ArticleShape: ("stance-ok.ttl", ID["article/quarrels"]),
    KGSH.InterviewShape: (
        "article-ok.ttl",
        ID["article/russias-approach-to-the-supply-of-turkish-drones-to-ukraine"],
    ),
    KGSH.ExpertShape: ("stance-ok.ttl", ID["expert/quarrels-expert-1"]),
    KGSH.OrganizationShape: ("article-ok.ttl", ID["organization/strategic-council-online"]),
    KGSH.TopicShape: ("article-ok.ttl", ID["topic/annexation-of-crimea"]),
    KGSH.CountryShape: ("countries.ttl", ID["country/xk"]),
    KGSH.StanceShape: ("stance-ok.ttl", ID["stance/nato-supports-turkiye"]),
    KGSH.ExtractionActivityShape: ("stance-ok.ttl", ID["activity/stancegraph-rules-0.1.0"]),
}


@pytest.mark.parametrize("fixture", sorted(BAD_CASES))
def test_each_bad_focus_node_is_reported_by_its_shape_and_nothing_else(
    validator: Validator, fixture: str
) -> None:
    report = report_of(validator, fixture, reference=fixture not in WITHOUT_REFERENCE)
    expected = {
        (ID[focus], shape, path, severity)
        for focus, entries in BAD_CASES[fixture].items()
        for shape, path, severity in entries
    }
    assert findings(report) == expected


def test_the_seed_article_conforms_with_only_its_missing_date_warned(validator: Validator) -> None:
    report = report_of(validator, "article-ok.ttl")
    article = ID["article/russias-approach-to-the-supply-of-turkish-drones-to-ukraine"]
    assert findings(report) == {
        (article, KGSH["Article-datePublishedMissing"], SCHEMA.datePublished, W)
    }
    assert validator.validate(load("article-ok.ttl")).conforms


def test_a_complete_dated_analysis_has_no_results_at_all(validator: Validator) -> None:
    assert findings(report_of(validator, "stance-ok.ttl")) == set()


def test_the_reference_countries_conform_on_their_own(validator: Validator) -> None:
    assert findings(report_of(validator, "countries.ttl", reference=False)) == set()


def test_a_date_time_is_as_good_as_a_date(validator: Validator) -> None:
    data = load("stance-ok.ttl")
    article = ID["article/quarrels"]
    data.set(
        (article, SCHEMA.datePublished, Literal("2024-07-10T08:30:00+03:30", datatype=XSD.dateTime))
    )
    assert validator.validate(data).results == []


@pytest.mark.parametrize("node_shape", sorted(CONFORMING))
def test_every_node_shape_has_a_conforming_focus_node(
    validator: Validator, node_shape: URIRef
) -> None:
    fixture, focus = CONFORMING[node_shape]
    data = load(fixture)
    assert (focus, None, None) in data
    report = report_of(validator, fixture, reference=fixture not in WITHOUT_REFERENCE)
    assert not [f for f in findings(report) if f[0] == focus and f[3] == V]


def test_every_shape_has_a_violating_example() -> None:
    shapes = shapes_graph()
    reported = {
        shape
        for cases in BAD_CASES.values()
        for entries in cases.values()
        for shape, _, _ in entries
    }
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert node_shapes == set(CONFORMING)
    for node_shape in node_shapes:
        members = set(shapes.objects(node_shape, SH.property)) | set(
            shapes.objects(node_shape, SH.sparql)
        )
        assert (members | {node_shape}) & reported, f"{node_shape} has no violating example"
    every_constraint_shape = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(
        shapes.subjects(RDF.type, SH.SPARQLConstraint)
    )
    assert every_constraint_shape - reported == set()


def test_offset_results_come_from_the_stance_shape_and_name_the_offsets(
    validator: Validator,
) -> None:
    report = report_of(validator, "stance-bad.ttl")
    [result] = report.subjects(SH.focusNode, ID["stance/end-past-body"])
    assert report.value(result, SH.sourceShape) == KGSH.StanceShape
    assert report.value(result, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent
    assert report.value(result, SH.value) == Literal(151)
    message = str(report.value(result, SH.resultMessage))
    assert "[43, 151)" in message and "150 characters" in message


def test_every_shape_says_what_it_requires() -> None:
    shapes = shapes_graph()
    constraint_shapes = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(
        shapes.subjects(RDF.type, SH.SPARQLConstraint)
    )
    for shape in constraint_shapes:
        assert isinstance(shape, URIRef), "property shapes are named so reports can cite them"
        assert shapes.value(shape, SH.message) is not None, shape
        assert shapes.value(shape, SH.name) is not None, shape
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert shapes.value(shape, SH.name) is not None, shape


def test_stance_polarity_is_one_of_the_three_concepts() -> None:
    shapes = shapes_graph()
    allowed = shapes.value(KGSH["Stance-polarity"], SH["in"])
    assert set(Collection(shapes, allowed)) == {KG.Support, KG.Oppose, KG.Neutral}


def test_the_shapes_conform_to_shacl_shacl() -> None:
    conforms, _, text = meta_validate(shapes_graph())
    assert conforms, text


def test_shacl_shacl_would_catch_a_malformed_shape() -> None:
    broken = Graph()
    broken += shapes_graph()
    broken.add((KGSH["Stance-holder"], SH.minCount, Literal("one")))
    conforms, _, _ = meta_validate(broken)
    assert not conforms
