"""The Validator: one parse of shapes and vocabulary, many graphs, readable reports."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from kg.namespaces import KG, RDF, SCHEMA, SH, XSD
from kg.pipeline.resources import ontology_graph, shapes_graph
from kg.pipeline.validate import ValidationReport, ValidationResult, Validator

CASES = Path(__file__).parent / "shapes_cases"
KGSH = Namespace("https://w3id.org/stancegraph/shapes#")
ID = Namespace("http://localhost:5000/id/")
ARTICLE = ID["article/quarrels"]


def load(name: str) -> Graph:
    """Parse one fixture of tests/shapes_cases/."""
    return Graph().parse(CASES / name, format="turtle")


@pytest.fixture(scope="module")
def countries() -> Graph:
    """The part of the reference graph the fixtures link to."""
    return load("countries.ttl")


@pytest.fixture(scope="module")
def validator(countries: Graph) -> Validator:
    """One validator for the whole module, as a long-running process would keep it."""
    return Validator(reference=countries)


def test_a_complete_article_conforms_without_results(validator: Validator) -> None:
    report = validator.validate(load("stance-ok.ttl"))
    assert report.conforms
    assert report.results == report.violations == report.warnings == []
    assert report.format_lines() == []


def test_warnings_do_not_break_conformance(validator: Validator) -> None:
    data = load("stance-ok.ttl")
    data.remove((ARTICLE, SCHEMA.datePublished, None))
    report = validator.validate(data)
    assert report.conforms
    assert report.violations == []
    [warning] = report.warnings
    assert warning == ValidationResult(
        severity="Warning",
        focus_node=ARTICLE,
        result_path=SCHEMA.datePublished,
        message=warning.message,
        source_shape=KGSH["Article-datePublishedMissing"],
        value=None,
        component=SH.MinCountConstraintComponent,
    )
    assert "datePublished" in warning.message


def test_a_violation_breaks_conformance_and_says_where(validator: Validator) -> None:
    data = load("stance-ok.ttl")
    stance = ID["stance/turkiye-supports-ukraine"]
    data.set((stance, KG.confidence, Literal(Decimal("1.5"))))
    report = validator.validate(data)
    assert not report.conforms
    [violation] = report.violations
    assert violation.severity == "Violation"
    assert violation.focus_node == stance
    assert violation.result_path == KG.confidence
    assert violation.source_shape == KGSH["Stance-confidence"]
    assert violation.value == Literal(Decimal("1.5"))


def test_each_result_reads_as_one_line_with_severity_focus_path_and_message(
    validator: Validator,
) -> None:
    report = validator.validate(load("stance-bad.ttl"))
    lines = report.format_lines()
    assert len(lines) == len(report.results) > 20
    for line, result in zip(lines, report.results, strict=True):
        assert "\n" not in line
        assert line.startswith(f"{result.severity}: <{result.focus_node}> ")
        assert result.message in line
    [line] = [x for x in lines if "/stance/end-past-body>" in x]
    assert line.startswith(
        "Violation: <http://localhost:5000/id/stance/end-past-body> kg:evidenceEnd: "
    )
    assert "[43, 151)" in line


def test_violations_come_before_warnings(validator: Validator) -> None:
    report = validator.validate(load("article-bad.ttl"))
    severities = [r.severity for r in report.results]
    assert severities == sorted(severities, key=["Violation", "Warning"].index)
    assert set(severities) == {"Violation", "Warning"}
    assert report.violations + report.warnings == report.results


def test_a_problem_two_shapes_share_is_reported_once(validator: Validator) -> None:
    # The headline rule belongs to every article and to every full article.
    data = load("stance-ok.ttl")
    data.remove((ARTICLE, SCHEMA.headline, None))
    report = validator.validate(data)
    assert [(r.focus_node, r.result_path) for r in report.results] == [(ARTICLE, SCHEMA.headline)]
    assert (
        report.graph is not None
        and len(
            list(
                report.graph.subjects(
                    RDF.type, URIRef("http://www.w3.org/ns/shacl#ValidationResult")
                )
            )
        )
        == 2
    )


def test_the_caller_graph_is_left_unchanged(validator: Validator) -> None:
    data = load("stance-ok.ttl")
    before = Graph()
    before += data
    validator.validate(data)
    assert isomorphic(data, before)


def test_linked_countries_are_checked_against_the_reference_graph(countries: Graph) -> None:
    data = load("stance-ok.ttl")
    assert Validator(reference=countries).validate(data).conforms
    alone = Validator().validate(data)
    assert not alone.conforms
    assert {r.source_shape for r in alone.violations} == {
        KGSH["Article-mentions"],
        KGSH["Stance-holder"],
        KGSH["Stance-target"],
    }


def test_a_country_typed_but_not_described_fails_the_country_shape() -> None:
    # Why callers pass the reference graph rather than only `<country> a kg:Country`.
    data = load("stance-ok.ttl")
    for code in ("qa", "tr", "ua"):
        data.add((ID[f"country/{code}"], RDF.type, KG.Country))
    report = Validator().validate(data)
    assert not report.conforms
    assert {r.source_shape for r in report.violations} == {
        KGSH["Country-alpha2"],
        KGSH["Country-alpha3"],
        KGSH["Country-name"],
    }


def test_one_validator_checks_many_graphs_independently(validator: Validator) -> None:
    bad, good = load("stance-bad.ttl"), load("stance-ok.ttl")
    first = validator.validate(bad)
    assert validator.validate(good).conforms
    again = validator.validate(bad)
    assert again.results == first.results


def test_offsets_count_code_points_not_utf16_units(validator: Validator) -> None:
    # "𝕏" lies outside the Basic Multilingual Plane: one code point, two UTF-16 units.
    data = load("stance-ok.ttl")
    body = "𝕏 reports: Turkiye supports Ukraine."
    data.set((ARTICLE, SCHEMA.articleBody, Literal(body)))
    for stance in set(data.subjects(RDF.type, KG.Stance)):
        if stance != ID["stance/turkiye-supports-ukraine"]:
            data.remove((stance, None, None))
    stance = ID["stance/turkiye-supports-ukraine"]
    start = body.index("Turkiye")
    data.set((stance, KG.evidenceStart, Literal(start, datatype=XSD.integer)))
    data.set((stance, KG.evidenceEnd, Literal(len(body), datatype=XSD.integer)))
    assert validator.validate(data).conforms
    data.set((stance, KG.evidenceStart, Literal(start + 1, datatype=XSD.integer)))
    data.set((stance, KG.evidenceEnd, Literal(len(body) + 1, datatype=XSD.integer)))
    [violation] = validator.validate(data).violations
    assert violation.source_shape == KGSH.StanceShape


def test_an_empty_report_is_a_conforming_report() -> None:
    assert ValidationReport(results=[]).conforms


def test_validating_leaves_the_shared_shapes_and_vocabulary_as_they_were(
    validator: Validator,
) -> None:
    shapes, vocabulary = Graph(), Graph()
    shapes += shapes_graph()
    vocabulary += ontology_graph()
    validator.validate(load("stance-bad.ttl"))
    assert isomorphic(shapes_graph(), shapes)
    assert isomorphic(ontology_graph(), vocabulary)
