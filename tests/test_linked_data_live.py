"""Linked Data against the real server (`kg serve`: gunicorn + Oxigraph) with real HTTP clients."""

from __future__ import annotations

import gzip
import hashlib
import shutil
import subprocess
import warnings

import pyoxigraph as ox
import pytest
import requests
from conftest import wait_for_live_dump
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID

from kg.namespaces import KG

pytestmark = [pytest.mark.server, pytest.mark.slow]

SPDX = "http://spdx.org/rdf/terms#"
VARIANTS = {"text/html": ("html", None), "text/turtle": ("ttl", "turtle"),
            "application/ld+json": ("jsonld", "json-ld"),
            "application/rdf+xml": ("rdf", "xml"), "application/n-triples": ("nt", "nt")}


def graph_of(body: bytes, syntax: str) -> Graph:
    """Parse an RDF body into a graph."""
    graph = Graph()
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated classes
        warnings.simplefilter("ignore", DeprecationWarning)
        graph.parse(data=body, format=syntax)
    return graph


@pytest.mark.parametrize("accept", list(VARIANTS))
def test_following_303_gives_each_variant(live_server, accept) -> None:
    ext, syntax = VARIANTS[accept]
    thing = f"{live_server.url}id/country/tr"
    hop = requests.get(thing, headers={"Accept": accept}, allow_redirects=False, timeout=30)
    assert hop.status_code == 303 and "Accept" in hop.headers["Vary"]
    assert hop.headers["Location"] == f"{live_server.url}doc/country/tr.{ext}"
    response = requests.get(thing, headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200 and response.url.endswith(f"/doc/country/tr.{ext}")
    assert response.headers["Content-Type"].startswith(accept)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    if syntax is None:
        assert "Türkiye" in response.text
        return
    g = graph_of(response.content, syntax)
    doc = URIRef(f"{live_server.url}doc/country/tr")
    assert (doc, FOAF.primaryTopic, URIRef(thing)) in g
    assert (URIRef(thing), KG.iso3166Alpha2, Literal("TR")) in g
    assert g.value(doc, DCTERMS.license) is not None
    assert any(True for _ in g.subjects(KG.target, URIRef(thing)))  # incoming stances


def test_every_stance_dereferences_in_every_rdf_variant(live_server) -> None:
    rows = requests.get(f"{live_server.url}sparql", timeout=30, params={
        "query": f"SELECT ?s WHERE {{ ?s a <{KG.Stance}> }} LIMIT 5"},
        headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    assert rows
    for row in rows:
        for accept, (_, syntax) in VARIANTS.items():
            if syntax is None:
                continue
            response = requests.get(row["s"]["value"], headers={"Accept": accept}, timeout=30)
            g = graph_of(response.content, syntax)
            stance = URIRef(row["s"]["value"])
            assert (stance, RDF.type, KG.Stance) in g
            assert (None, DCTERMS.source, g.value(stance, KG.statedIn)) in g


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize("accept", ["text/html", "text/turtle", "application/ld+json"])
def test_curl_walk_of_turkiye(live_server, accept) -> None:
    url = f"{live_server.url}id/country/tr"
    head = subprocess.run(["curl", "-si", "-H", f"Accept: {accept}", url],
                          capture_output=True, check=True, timeout=30).stdout.decode()
    status_line, *header_lines = head.split("\r\n\r\n", 1)[0].split("\r\n")
    headers = {k.lower(): v for k, _, v in (h.partition(": ") for h in header_lines)}
    assert status_line.split()[1] == "303"
    assert headers["vary"] == "Accept"
    location = headers["location"]
    assert location == f"{live_server.url}doc/country/tr.{VARIANTS[accept][0]}"
    body = subprocess.run(["curl", "-s", "-H", f"Accept: {accept}", location],
                          capture_output=True, check=True, timeout=30).stdout
    if VARIANTS[accept][1] is None:
        assert b"<html" in body
    else:
        g = graph_of(body, VARIANTS[accept][1])  # type: ignore[arg-type]
        assert (URIRef(f"{live_server.url}doc/country/tr"), FOAF.primaryTopic, URIRef(url)) in g


def test_vocab_and_shapes_parse(live_server) -> None:
    for path in ("vocab", "shapes"):
        for accept, (_, syntax) in VARIANTS.items():
            response = requests.get(live_server.url + path, headers={"Accept": accept},
                                    timeout=30)
            assert response.status_code == 200
            if syntax is not None:
                assert len(graph_of(response.content, syntax)) > 100


def test_void_dump_and_checksum_agree(live_server) -> None:
    wait_for_live_dump(live_server.url)
    void = requests.get(f"{live_server.url}.well-known/void", timeout=60)
    g = graph_of(void.content, "turtle")
    dataset = URIRef(f"{live_server.url}void#dataset")
    assert int(g.value(dataset, VOID.triples)) > 0  # type: ignore[arg-type]
    (dump,) = [d for d in g.objects(dataset, DCAT.distribution) if g.value(d, DCAT.downloadURL)]
    download = requests.get(str(g.value(dump, DCAT.downloadURL)), timeout=60)
    assert download.headers["Content-Type"] == "application/gzip"
    checksum = g.value(dump, URIRef(SPDX + "checksum"))
    expected = str(g.value(checksum, URIRef(SPDX + "checksumValue")))
    assert hashlib.sha256(download.content).hexdigest() == expected
    assert int(g.value(dump, DCAT.byteSize)) == len(download.content)  # type: ignore[arg-type]
    quads = list(ox.parse(gzip.decompress(download.content), ox.RdfFormat.N_QUADS))
    count = requests.get(f"{live_server.url}sparql", timeout=30, params={
        # Every quad but the store's modification stamp, which is bookkeeping, not data.
        "query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                 "FILTER(?g != <urn:stancegraph:meta>) }"},
        headers={"Accept": "application/sparql-results+json"}).json()
    assert len(quads) == int(count["results"]["bindings"][0]["n"]["value"])


def test_etag_changes_when_an_article_arrives_while_serving(live_server) -> None:
    """Runs last in this module: it adds an article to the shared server."""
    from test_linked_data import interview

    from kg.pipeline.build import ArticleBuilder, oxigraph_triples
    from kg.store import open_store

    url = f"{live_server.url}doc/country/tr.ttl"
    first = requests.get(url, timeout=30)
    assert requests.get(url, headers={"If-None-Match": first.headers["ETag"]},
                        timeout=30).status_code == 304
    built = ArticleBuilder(live_server.url).build(interview("A Live Interview"))
    with open_store(str(live_server.store_dir)) as store:  # written through the running server
        store.replace_graphs({built.graph_name: oxigraph_triples(built.graph)})
    second = requests.get(url, headers={"If-None-Match": first.headers["ETag"]}, timeout=30)
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
    g = graph_of(second.content, "turtle")
    assert URIRef(built.article) in set(g.subjects(None, URIRef(f"{live_server.url}id/country/tr")))
