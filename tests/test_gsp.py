"""The Graph Store Protocol at /gsp through the Flask test client (SPARQL 1.1 GSP §5)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import BASE, make_app
from flask import Flask

from kg.store import EmbeddedStore

TOKEN = "secret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GRAPH = "http://example.org/people"
FOAF = b"@prefix foaf: <http://xmlns.com/foaf/0.1/> . "
ALICE = FOAF + b'<http://example.org/alice> foaf:name "Alice" .'
BOB = FOAF + b'<http://example.org/bob> foaf:name "Bob" .'
NAME = ox.NamedNode("http://xmlns.com/foaf/0.1/name")


@pytest.fixture
def app(store: EmbeddedStore) -> Flask:
    """The application over an empty store, with updates enabled."""
    return make_app(store, UPDATE_TOKEN=TOKEN)


def names(response) -> set[str]:  # type: ignore[no-untyped-def]
    """Parse a GSP answer by its media type and return the foaf:name values."""
    fmt = ox.RdfFormat.from_media_type(response.mimetype)
    assert fmt is not None
    return {q.object.value for q in ox.parse(response.get_data(), fmt) if q.predicate == NAME}


def test_put_creates_then_replaces_and_get_reads_it_back(client) -> None:
    url = f"/gsp?graph={GRAPH}"
    assert client.put(url, data=ALICE, content_type="text/turtle", headers=AUTH).status_code == 201
    response = client.get(url, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert names(response) == {"Alice"}
    assert client.put(url, data=BOB, content_type="text/turtle", headers=AUTH).status_code == 204
    assert names(client.get(url)) == {"Bob"}


def test_post_merges_into_a_graph(client) -> None:
    url = f"/gsp?graph={GRAPH}"
    assert client.post(url, data=ALICE, content_type="text/turtle", headers=AUTH).status_code == 201
    assert client.post(url, data=BOB, content_type="text/turtle", headers=AUTH).status_code == 204
    assert names(client.get(url, headers={"Accept": "application/n-triples"})) == {"Alice", "Bob"}


def test_post_to_the_store_creates_a_graph_named_by_location(client) -> None:
    response = client.post("/gsp", data=ALICE, content_type="text/turtle", headers=AUTH)
    assert response.status_code == 201
    location = response.headers["Location"]
    assert location.startswith(f"{BASE}gsp/")
    assert names(client.get("/gsp", query_string={"graph": location})) == {"Alice"}
    # The new graph's IRI is its own URL: direct identification (§4.1) serves it too.
    assert names(client.get(location.removeprefix(BASE.rstrip("/")))) == {"Alice"}


def test_delete_removes_a_graph_and_missing_graphs_are_404(client) -> None:
    url = f"/gsp?graph={GRAPH}"
    client.put(url, data=ALICE, content_type="text/turtle", headers=AUTH)
    assert client.delete(url, headers=AUTH).status_code == 204
    assert client.get(url).status_code == 404
    assert client.head(url).status_code == 404
    assert client.delete(url, headers=AUTH).status_code == 404


def test_default_graph_holds_what_was_put_there_alone(client) -> None:
    client.put(f"/gsp?graph={GRAPH}", data=BOB, content_type="text/turtle", headers=AUTH)
    response = client.put("/gsp?default", data=ALICE, content_type="text/turtle", headers=AUTH)
    assert response.status_code in (200, 201, 204)
    assert names(client.get("/gsp?default")) == {"Alice"}
    assert client.delete("/gsp?default", headers=AUTH).status_code == 204
    assert names(client.get("/gsp?default")) == set()


def test_multipart_post_adds_every_part(client) -> None:
    from io import BytesIO

    response = client.post(f"/gsp?graph={GRAPH}", headers=AUTH, data={
        "a": (BytesIO(ALICE), "a.ttl", "text/turtle"),
        "b": (BytesIO(BOB), "b.ttl", "text/turtle")}, content_type="multipart/form-data")
    assert response.status_code == 201
    assert names(client.get(f"/gsp?graph={GRAPH}")) == {"Alice", "Bob"}


def test_reads_are_public_and_writes_need_the_token(app, client) -> None:
    url = f"/gsp?graph={GRAPH}"
    assert client.put(url, data=ALICE, content_type="text/turtle").status_code == 403
    assert client.put(url, data=ALICE, content_type="text/turtle",
                      headers={"Authorization": "Bearer nope"}).status_code == 403
    client.put(url, data=ALICE, content_type="text/turtle", headers=AUTH)
    assert client.get(url).status_code == 200
    app.config["UPDATE_TOKEN"] = ""
    response = client.delete(url, headers=AUTH)
    assert response.status_code == 403
    assert "disabled" in response.get_data(as_text=True)


def test_bad_requests_say_what_is_wrong(client) -> None:
    both = client.get(f"/gsp?graph={GRAPH}&default")
    assert both.status_code == 400
    assert client.get("/gsp?graph=not-an-iri").status_code == 400
    unreadable = client.put(f"/gsp?graph={GRAPH}", data=b"<a> <b>", content_type="text/turtle",
                            headers=AUTH)
    assert unreadable.status_code == 400
    assert "does not parse" in unreadable.get_data(as_text=True)
    wrong_type = client.put(f"/gsp?graph={GRAPH}", data=ALICE, content_type="image/png",
                            headers=AUTH)
    assert wrong_type.status_code == 415
    assert client.get(f"/gsp?graph={GRAPH}", headers={"Accept": "image/png"}).status_code == 406


def test_graph_store_answers_cross_origin(client) -> None:
    response = client.options("/gsp", headers={"Origin": "https://example.org",
                                                "Access-Control-Request-Method": "PUT"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "PUT" in response.headers["Access-Control-Allow-Methods"]


def test_direct_identification_names_the_graph_by_its_own_url(client) -> None:
    assert client.head("/gsp/people/4.ttl").status_code == 404
    response = client.put("/gsp/people/1.ttl", data=ALICE, content_type="text/turtle",
                          headers=AUTH)
    assert response.status_code == 201
    by_iri = client.get("/gsp", query_string={"graph": f"{BASE}gsp/people/1.ttl"})
    assert names(by_iri) == {"Alice"}
    assert client.head("/gsp/people/1.ttl").status_code == 200
