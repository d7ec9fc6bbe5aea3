"""Validation reports are kept as SHACL RDF and published at /reports (HTML and RDF), with
counts per shape and per article; the article page links to its report."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BASE, fetch, make_app
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH
from test_linked_data import parse_rdf

from kg.namespaces import KG
from kg.pipeline.ingest import Pipeline
from kg.publish.reports import article_reports, shape_counts
from kg.store import EmbeddedStore


@pytest.fixture
def rejected(sample_store: EmbeddedStore, tmp_path: Path) -> EmbeddedStore:
    """The sample store, after an RDF file without a headline was rejected."""
    bad = tmp_path / "bad.ttl"
    bad.write_text(f"""
        @prefix schema: <https://schema.org/> . @prefix kg: <{KG}> .
        <{BASE}id/article/x> a kg:Interview, schema:NewsArticle ; schema:articleBody "Body." .
    """)
    assert [o.status for o in Pipeline(BASE, sample_store).run([bad])] == ["rejected"]
    return sample_store


def test_reports_keep_warnings_of_stored_and_violations_of_rejected_articles(rejected) -> None:
    kept = article_reports(rejected)
    stored = [r for r in kept if r.stored]
    assert stored and all(r.warnings > 0 and r.violations == 0 for r in stored)
    (bad,) = [r for r in kept if not r.stored]
    assert bad.source.endswith("bad.ttl") and bad.violations > 0


def test_reports_are_published_as_rdf_counted_per_shape_and_article(rejected) -> None:
    web = make_app(rejected).test_client()
    g = parse_rdf(web.get("/reports", headers={"Accept": "text/turtle"}), "turtle")
    reports = set(g.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == len(article_reports(rejected))
    assert all(isinstance(g.value(r, DCTERMS.source), Literal) for r in reports)
    assert {(r, SH.conforms, Literal(False)) in g for r in reports} == {True, False}
    per_shape: dict[tuple[str, str], int] = {}
    for result in g.objects(None, SH.result):
        key = (str(g.value(result, SH.sourceShape)),
               str(g.value(result, SH.resultSeverity)).rsplit("#", 1)[1])
        per_shape[key] = per_shape.get(key, 0) + 1
    assert {(c.shape, c.severity): c.results for c in shape_counts(rejected)
            if not c.shape.startswith("(")} == {k: v for k, v in per_shape.items()
                                                if not k[0].startswith("N")}
    page = web.get("/reports", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "bad.ttl" in page.text and "Violation" in page.text
    assert web.get("/reports.nt").mimetype == "application/n-triples"
    assert web.get("/reports.xyz").status_code == 404


def test_the_article_page_links_to_its_report(rejected) -> None:
    web = make_app(rejected).test_client()
    (warned,) = [r for r in article_reports(rejected) if r.stored][:1]
    slug = warned.article.rsplit("/", 1)[1]
    page = web.get(f"/doc/article/{slug}.html")
    assert f'href="/reports/article/{slug}"' in page.text
    report = web.get(f"/reports/article/{slug}")
    assert report.status_code == 200 and "Warning" in report.text
    assert warned.source in report.text


def test_live_reports_page_lists_the_samples(live_server) -> None:
    status, headers, body = fetch(live_server.url + "reports", Accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    assert any(True for _ in graph.subjects(RDF.type, SH.ValidationReport))
    assert URIRef(f"{live_server.url}id/article/x") not in set(graph.objects(None,
                                                                            DCTERMS.subject))
