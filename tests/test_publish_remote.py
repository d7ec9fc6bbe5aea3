"""The web application publishes unchanged from a remote store: Oxigraph server and Virtuoso 7.

Each remote holds the samples, ingested through it; an embedded store with the same samples
is the reference every answer is compared with.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from conftest import BASE, SAMPLES, make_app
from flask.testing import FlaskClient
from virtuoso import shared_virtuoso

from kg.pipeline.ingest import Pipeline
from kg.store import EmbeddedStore, Store
from kg.store.remote import RemoteStore
from kg.store.server import start_store_server

KG = "https://w3id.org/stancegraph/vocab#"
SCHEMA = "https://schema.org/"
MODIFIED = "http://purl.org/dc/terms/modified"

pytestmark = pytest.mark.server


def ingest(store: Store) -> None:
    outcomes = list(Pipeline(BASE, store).run([SAMPLES]))
    assert outcomes and all(o.status == "stored" for o in outcomes), [
        (o.source, o.messages) for o in outcomes if o.status != "stored"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(tmp_path_factory.mktemp("reference") / "store") as store:
        ingest(store)
        yield store


@pytest.fixture(scope="module", params=["oxigraph-server", "virtuoso"])
def remote(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a remote store holding the samples."""
    if request.param == "virtuoso":
        server = shared_virtuoso()
        server.reset()
        ingest(server.store())
        yield server.url
        return
    process, url = start_store_server(str(tmp_path_factory.mktemp("served") / "store"))
    try:
        ingest(RemoteStore(url, env={}))
        yield url
    finally:
        process.terminate()
        process.wait()


@pytest.fixture(scope="module")
def client(remote: str) -> FlaskClient:
    return make_app(remote).test_client()


def articles(store: Store) -> set[str]:
    rows = store.select(f"SELECT ?a WHERE {{ ?a a <{SCHEMA}NewsArticle> }}")
    return {r["a"].value for r in rows}


def test_sparql_select_answers_what_the_reference_store_holds(
        client: FlaskClient, reference: EmbeddedStore) -> None:
    query = (f"SELECT ?a WHERE {{ ?a a <{SCHEMA}NewsArticle> }}")
    response = client.post("/sparql", data={"query": query},
                           headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    bindings = json.loads(response.data)["results"]["bindings"]
    assert {b["a"]["value"] for b in bindings} == articles(reference)


def test_sparql_construct_negotiates_turtle(client: FlaskClient,
                                            reference: EmbeddedStore) -> None:
    query = (f"CONSTRUCT {{ ?s <{KG}polarity> ?p }} WHERE {{ ?s <{KG}polarity> ?p }}")
    response = client.get("/sparql", query_string={"query": query},
                          headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    served = set(ox.parse(response.data, ox.RdfFormat.TURTLE))
    expected = set(reference.construct(query))
    assert {q.triple for q in served} == expected and expected


def test_sparql_ask_and_a_bad_query(client: FlaskClient) -> None:
    ask = client.get("/sparql", query_string={"query": f"ASK {{ ?s a <{KG}Stance> }}"},
                     headers={"Accept": "application/sparql-results+json"})
    assert ask.status_code == 200 and json.loads(ask.data)["boolean"] is True
    bad = client.get("/sparql", query_string={"query": "SELEC ?x"})
    assert bad.status_code == 400


def test_an_article_is_dereferenced_and_its_document_served(
        client: FlaskClient, reference: EmbeddedStore) -> None:
    article = sorted(articles(reference))[0]
    path = article.removeprefix(BASE.rstrip("/"))
    redirect = client.get(path, headers={"Accept": "text/turtle"})
    assert redirect.status_code == 303
    location = redirect.headers["Location"]
    document = client.get(location.removeprefix(BASE.rstrip("/")),
                          headers={"Accept": "text/turtle"})
    assert document.status_code == 200
    served = {q.triple for q in ox.parse(document.data, ox.RdfFormat.TURTLE)}
    headline = reference.select(f"SELECT ?h WHERE {{ <{article}> <{SCHEMA}headline> ?h }}")[0]["h"]
    assert ox.Triple(ox.NamedNode(article), ox.NamedNode(SCHEMA + "headline"),
                     headline) in served


@pytest.fixture(scope="module")
def reference_client(reference: EmbeddedStore) -> FlaskClient:
    return make_app(reference).test_client()


def documents(reference: EmbeddedStore) -> list[str]:
    """A document path for an article, an expert and a country of the samples."""
    paths = []
    for kind, cls in (("article", SCHEMA + "NewsArticle"), ("expert", KG + "Expert"),
                      ("country", KG + "Country")):
        rows = reference.select(f"SELECT ?x WHERE {{ ?x a <{cls}> }} ORDER BY ?x LIMIT 1")
        iri = rows[0]["x"].value
        assert f"/id/{kind}/" in iri
        paths.append(iri.removeprefix(BASE.rstrip("/")).replace("/id/", "/doc/", 1))
    return paths


@pytest.mark.parametrize("variant", [".ttl", ".jsonld", ".nt"])
def test_documents_say_the_same_as_from_the_embedded_store(
        client: FlaskClient, reference_client: FlaskClient, reference: EmbeddedStore,
        variant: str) -> None:
    formats = {".ttl": ox.RdfFormat.TURTLE, ".jsonld": ox.RdfFormat.JSON_LD,
               ".nt": ox.RdfFormat.N_TRIPLES}
    for path in documents(reference):
        served = client.get(path + variant)
        expected = reference_client.get(path + variant)
        assert served.status_code == expected.status_code == 200, path + variant
        # When the data changed differs between two stores loaded at different times.
        triples = {q.triple for q in ox.parse(served.data, formats[variant])
                   if q.predicate.value != MODIFIED}
        wanted = {q.triple for q in ox.parse(expected.data, formats[variant])
                  if q.predicate.value != MODIFIED}
        assert triples == wanted and wanted, path + variant


@pytest.mark.parametrize("path", ["/", "/articles", "/experts", "/countries", "/stances"])
def test_html_pages_render(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/html"


def test_the_dataset_description_is_served(client: FlaskClient) -> None:
    response = client.get("/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert list(ox.parse(response.data, ox.RdfFormat.TURTLE))
