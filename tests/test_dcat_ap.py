"""The catalog conforms to DCAT-AP 3.0.0: its SHACL release (shapes, ranges, recommendations)
finds no violation and no warning in what a live server answers at /catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BASE, fetch, make_app, store_extractions
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH
from test_linked_data import interview, parse_rdf

from kg.store import EmbeddedStore

CATALOG = URIRef(f"{BASE}void#catalog")
DATASET = URIRef(f"{BASE}void#dataset")


def dcat_ap_shapes(shared: Path, name: str) -> Graph:
    """One file of the DCAT-AP 3.0.0 SHACL release, kept in the shared folder."""
    path = shared / "dcat-ap" / "3.0.0" / f"{name}.ttl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return Graph().parse(path)


def results(catalog: Graph, shapes: Graph) -> list[tuple[str, str, str]]:
    """Validate as the DCAT-AP release is meant to be run (RDFS inference); list every result."""
    _, report, _ = validate(catalog, shacl_graph=shapes, inference="rdfs")
    return [(str(report.value(r, SH.resultSeverity)), str(report.value(r, SH.focusNode)),
             str(report.value(r, SH.resultMessage)))
            for r in report.subjects(RDF.type, SH.ValidationResult)]


@pytest.mark.parametrize("name", ["shapes", "range", "shapes_recommended"])
def test_live_catalog_has_no_violation_and_no_warning(live_server, shared, name) -> None:
    status, headers, body = fetch(live_server.url + "catalog", Accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    catalog = Graph().parse(data=body, format="turtle")
    assert (URIRef(f"{live_server.url}void#catalog"), RDF.type, DCAT.Catalog) in catalog
    assert results(catalog, dcat_ap_shapes(shared, name)) == []


def test_validation_finds_what_dcat_ap_forbids(shared) -> None:
    """The check can fail: a catalog without publisher and with an untyped licence does."""
    broken = Graph()
    broken.add((CATALOG, RDF.type, DCAT.Catalog))
    broken.add((CATALOG, DCTERMS.title, Literal("x")))
    broken.add((CATALOG, DCTERMS.license, URIRef("https://example.org/licence")))
    found = results(broken, dcat_ap_shapes(shared, "shapes"))
    found += results(broken, dcat_ap_shapes(shared, "range"))
    assert {message for _, _, message in found} >= {
        f"Less than 1 values on <{CATALOG}>->dct:publisher",
        "Value does not have class dct:LicenseDocument"}


def test_catalog_keeps_its_issue_date_and_follows_the_data(store: EmbeddedStore) -> None:
    store_extractions(store, interview())
    web = make_app(store).test_client()
    first = parse_rdf(web.get("/catalog"), "turtle")
    store_extractions(store, interview("A Second Interview"))
    second = parse_rdf(web.get("/catalog"), "turtle")
    assert first.value(CATALOG, DCTERMS.issued) == second.value(CATALOG, DCTERMS.issued)
    assert second.value(CATALOG, DCTERMS.modified) != first.value(CATALOG, DCTERMS.modified)
    assert first.value(CATALOG, DCTERMS.issued) <= first.value(CATALOG, DCTERMS.modified)


def test_catalog_names_the_configured_publisher_and_contact(store: EmbeddedStore) -> None:
    store_extractions(store, interview())
    web = make_app(store, PUBLISHER="Example Institute", CONTACT_EMAIL="data@example.org",
                   PUBLISHER_TYPE="Academia-ScientificOrganisation").test_client()
    g = parse_rdf(web.get("/catalog"), "turtle")
    publisher = g.value(CATALOG, DCTERMS.publisher)
    assert str(g.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name"))) == "Example Institute"
    assert g.value(publisher, DCTERMS.type) == URIRef(
        "http://purl.org/adms/publishertype/Academia-ScientificOrganisation")
    contact = g.value(DATASET, DCAT.contactPoint)
    assert (contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail"),
            URIRef("mailto:data@example.org")) in g
