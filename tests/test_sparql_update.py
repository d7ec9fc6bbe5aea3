"""SPARQL 1.1 Update over /sparql (Protocol §2.2): only with the token, and what it changes.

Writes through the endpoint also change what cached GET answers revalidate against.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

SD = "http://www.w3.org/ns/sparql-service-description#"
COUNT_STANCES = ("PREFIX kg: <https://w3id.org/stancegraph/vocab#> "
                 "SELECT (COUNT(?s) AS ?n) WHERE { ?s a kg:Stance }")

INSERT = ('INSERT DATA { GRAPH <http://example.org/g> '
          '{ <http://example.org/s> <http://example.org/p> "o" } }')
INSERT_STANCE = ("INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> a "
                 "<https://w3id.org/stancegraph/vocab#Stance> } }")
ASK_INSERTED = "ASK { GRAPH <http://example.org/g> { <http://example.org/s> ?p \"o\" } }"


def asks(client, query: str) -> bool:  # type: ignore[no-untyped-def]
    """Run an ASK and read its boolean."""
    response = client.get("/sparql", query_string={"query": query})
    return bool(ox.parse_query_results(response.get_data(), ox.QueryResultsFormat.JSON))


def test_updates_are_refused_without_a_configured_token(app, client) -> None:
    app.config["UPDATE_TOKEN"] = ""
    response = client.post("/sparql", data={"update": INSERT},
                           headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403
    assert "disabled" in response.get_data(as_text=True)
    assert not asks(client, ASK_INSERTED)


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic c2VjcmV0"])
def test_updates_are_refused_with_a_missing_or_wrong_token(app, client, header) -> None:
    app.config["UPDATE_TOKEN"] = "secret"
    headers = {"Authorization": header} if header else {}
    response = client.post("/sparql", data={"update": INSERT}, headers=headers)
    assert response.status_code == 403
    assert "token" in response.get_data(as_text=True)
    assert not asks(client, ASK_INSERTED)


def test_updates_by_form_and_direct_post_with_the_token(app, client) -> None:
    app.config["UPDATE_TOKEN"] = "secret"
    auth = {"Authorization": "Bearer secret"}
    assert client.post("/sparql", data={"update": INSERT}, headers=auth).status_code == 204
    assert asks(client, ASK_INSERTED)
    response = client.post("/sparql", data=b"DROP GRAPH <http://example.org/g>",
                           content_type="application/sparql-update", headers=auth)
    assert response.status_code == 204
    assert not asks(client, ASK_INSERTED)


def test_an_update_by_get_is_refused(app, client) -> None:
    app.config["UPDATE_TOKEN"] = "secret"
    response = client.get("/sparql", query_string={"update": INSERT},
                          headers={"Authorization": "Bearer secret"})
    assert response.status_code == 400


def test_a_bad_update_gets_400(app, client) -> None:
    app.config["UPDATE_TOKEN"] = "secret"
    response = client.post("/sparql", data={"update": "CLEAR XYZ"},
                           headers={"Authorization": "Bearer secret"})
    assert response.status_code == 400


def test_the_service_description_claims_updates_when_they_are_enabled(app, client) -> None:
    app.config["UPDATE_TOKEN"] = "secret"
    graph = Graph().parse(data=client.get("/sparql?format=ttl").get_data(as_text=True),
                          format="turtle")
    assert (URIRef("http://localhost:5000/sparql"), URIRef(SD + "supportedLanguage"),
            URIRef(SD + "SPARQL11Update")) in graph


def test_a_get_answer_revalidates_with_304_until_the_answer_changes(app, client) -> None:
    first = client.get("/sparql", query_string={"query": COUNT_STANCES})
    etag = first.headers["ETag"]
    again = client.get("/sparql", query_string={"query": COUNT_STANCES},
                       headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    app.config["UPDATE_TOKEN"] = "secret"
    client.post("/sparql", data={"update": INSERT}, headers={"Authorization": "Bearer secret"})
    unchanged = client.get("/sparql", query_string={"query": COUNT_STANCES},
                           headers={"If-None-Match": etag})
    assert unchanged.status_code == 304  # the write did not touch what this query answers
    client.post("/sparql", data={"update": INSERT_STANCE},
                headers={"Authorization": "Bearer secret"})
    changed = client.get("/sparql", query_string={"query": COUNT_STANCES},
                         headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
