"""The change feed: every write recorded in the store, served at /changes as ActivityStreams 2.0
and Atom, newest first, paged, with ?since=; a harvester replaying it rebuilds the dump."""

from __future__ import annotations

import gzip
import json
import urllib.parse
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from conftest import BASE, SAMPLES, make_app, wait_for_live_dump
from flask.testing import FlaskClient
from lxml import etree
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF
from test_linked_data import parse_rdf

from kg.formats import RDF_FORMATS
from kg.pipeline.ingest import Pipeline
from kg.publish.changes import list_changes
from kg.store import EmbeddedStore
from kg.uris import SHARED_KINDS

ATOM = "{http://www.w3.org/2005/Atom}"
TOKEN = {"Authorization": "Bearer test-token"}
ONE_SAMPLE = SAMPLES / "003-gulf-quiet-mediators.txt"


def feed(web: FlaskClient, path: str = "/changes", **headers: str) -> dict:  # type: ignore[type-arg]
    """GET a JSON answer of the feed, checking the status first."""
    response = web.get(path, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.get_data())


def every_item(web: FlaskClient, path: str = "/changes") -> list[dict]:  # type: ignore[type-arg]
    """Follow the collection's pages from `first` through `next`, collecting their items."""
    items: list[dict] = []  # type: ignore[type-arg]
    url = feed(web, path)["first"]
    while url:
        page = feed(web, url.replace(BASE, "/"))
        items += page["orderedItems"]
        url = page.get("next")
    return items


@pytest.fixture
def ingested(store: EmbeddedStore) -> EmbeddedStore:
    """A store holding one sample article, ingested as `kg ingest` does."""
    assert [o.status for o in Pipeline(BASE, store).run([ONE_SAMPLE])] == ["stored"]
    return store


def shared(graph: str) -> bool:
    """Tell the graph of a thing articles share (an expert, a publisher) from the others."""
    return any(graph.startswith(f"{BASE}graph/{kind}/") for kind in SHARED_KINDS)


def test_every_write_is_a_recorded_change(ingested, tmp_path: Path) -> None:
    (article,) = [c.graph for c in list_changes(ingested, limit=100) if "/article/" in c.graph]
    kinds = {c.graph: c.kind for c in list_changes(ingested, limit=100)}
    assert {g: k for g, k in kinds.items() if not shared(g)} == {
        f"{BASE}graph/countries": "Create", f"{BASE}graph/vocab": "Create", article: "Create"}
    assert {k for g, k in kinds.items() if shared(g)} == {"Create"}  # its expert, publisher…
    assert list(Pipeline(BASE, ingested).run([ONE_SAMPLE]))[0].status == "stored"
    newest = [c for c in list_changes(ingested, limit=100) if c.graph == article][0]
    assert newest.kind == "Update"  # the same article, replaced
    assert ONE_SAMPLE.name in newest.summary
    web = make_app(ingested, UPDATE_TOKEN="test-token").test_client()
    assert web.delete(f"/gsp?graph={urllib.parse.quote(article)}", headers=TOKEN).status_code \
        == 204
    assert web.put("/gsp?graph=http://example.org/g", data="<http://example.org/s> "
                   '<http://example.org/p> "1" .', content_type="application/n-triples",
                   headers=TOKEN).status_code == 201
    recent = [(c.kind, c.graph) for c in list_changes(ingested, limit=2)]
    assert recent == [("Create", "http://example.org/g"), ("Delete", article)]
    assert web.put(f"/gsp?graph={urllib.parse.quote(article)}", data="",
                   content_type="application/n-triples", headers=TOKEN).status_code == 201
    assert list_changes(ingested, limit=1)[0].kind == "Create"  # deleted, then made again


def test_the_feed_is_an_ordered_collection_newest_first_in_pages(ingested) -> None:
    web = make_app(ingested, PAGE_SIZE=2).test_client()
    Pipeline(BASE, ingested).run([ONE_SAMPLE]).__next__()
    collection = feed(web, "/changes", Accept="application/activity+json")
    total = len(list_changes(ingested, limit=1000))
    assert collection["type"] == "OrderedCollection" and collection["totalItems"] == total > 4
    assert collection["@context"] == "https://www.w3.org/ns/activitystreams"
    first = feed(web, "/changes?page=1")
    assert first["type"] == "OrderedCollectionPage" and first["partOf"] == f"{BASE}changes"
    assert first["orderedItems"][0]["type"] == "Update" and "prev" not in first
    items = every_item(web)
    assert len(items) == total and len({i["id"] for i in items}) == total
    published = [i["published"] for i in items]
    assert published == sorted(published, reverse=True)
    assert {i["type"] for i in items} == {"Create", "Update"}
    update = items[0]
    assert update["object"]["url"] == f"{BASE}gsp?" + urllib.parse.urlencode(
        {"graph": update["object"]["id"]})


def test_since_keeps_the_later_changes(ingested) -> None:
    web = make_app(ingested).test_client()
    (last,) = feed(web, "/changes?page=1")["orderedItems"][:1]
    Pipeline(BASE, ingested).run([ONE_SAMPLE]).__next__()
    later = every_item(web, "/changes?" + urllib.parse.urlencode({"since": last["published"]}))
    assert {i["type"] for i in later} == {"Update"}
    assert any("/article/" in i["object"]["id"] for i in later)
    response = web.get("/changes?since=yesterday")
    assert response.status_code == 400 and "since='yesterday'" in response.get_data(as_text=True)
    assert web.get("/changes?page=0").status_code == 400
    assert web.get("/changes?page=99").status_code == 404


def test_the_feed_is_also_atom(ingested) -> None:
    web = make_app(ingested, PAGE_SIZE=2).test_client()
    response = web.get("/changes", headers={"Accept": "application/atom+xml"})
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    root = etree.fromstring(response.get_data())
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    assert {e.find(f"{ATOM}category").get("term") for e in entries} == {"Create"}
    (next_page,) = [link.get("href") for link in root.findall(f"{ATOM}link")
                    if link.get("rel") == "next"]
    second = etree.fromstring(web.get(next_page.replace(BASE, "/")).get_data())
    assert 1 <= len(second.findall(f"{ATOM}entry")) <= 2
    assert web.get("/changes.atom").mimetype == "application/atom+xml"


def test_the_catalog_names_the_feed_as_a_data_service(ingested) -> None:
    g = parse_rdf(make_app(ingested).test_client().get("/catalog"), "turtle")
    (service,) = g.subjects(DCAT.endpointURL, URIRef(f"{BASE}changes"))
    assert (service, RDF.type, DCAT.DataService) in g
    (distribution,) = g.subjects(DCAT.accessService, service)
    assert (URIRef(f"{BASE}void#dataset"), DCAT.distribution, distribution) in g


# --- a harvester, against a live server ------------------------------------------------------


def replay(url: str, into: EmbeddedStore) -> int:
    """Apply the feed, oldest change first, to a store: what a harvester does. Return the count."""
    items: list[dict] = []  # type: ignore[type-arg]
    page_url = requests.get(url + "changes", timeout=30).json()["first"]
    while page_url:
        page = requests.get(page_url, timeout=30).json()
        items += page["orderedItems"]
        page_url = page.get("next")
    for item in reversed(items):
        graph = item["object"]["id"]
        if item["type"] == "Delete":
            into.drop_graph(graph)
            continue
        current = requests.get(item["object"]["url"], timeout=30,
                               headers={"Accept": "application/n-triples"})
        if current.status_code == 404:  # deleted since; a later Delete says so
            continue
        assert current.status_code == 200
        into.replace_graphs({graph: [q.triple for q in ox.parse(current.content,
                                                                 ox.RdfFormat.N_TRIPLES)]})
    return len(items)


def graphs_of(nquads: bytes) -> dict[str, Graph]:
    """Split N-Quads into rdflib graphs by name, to compare graphs holding blank nodes."""
    lines: dict[str, list[str]] = defaultdict(list)
    for quad in ox.parse(nquads, ox.RdfFormat.N_QUADS):
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        lines[name].append(f"{quad.subject} {quad.predicate} {quad.object} .")
    return {name: Graph().parse(data="\n".join(body), format="nt")
            for name, body in lines.items()}


def test_a_harvester_replaying_the_feed_rebuilds_the_dump(live_server, tmp_path) -> None:
    url = live_server.url
    article = requests.get(url + "sparql", timeout=30, params={
        "query": "SELECT ?g WHERE { GRAPH ?g { ?a a <https://schema.org/NewsArticle> } } "
                 "ORDER BY ?g LIMIT 1"},
        headers={"Accept": "application/sparql-results+json"}).json()
    gone = article["results"]["bindings"][0]["g"]["value"]
    for method, graph, body in (("PUT", "http://example.org/put", '<urn:s> <urn:p> "1" .'),
                                ("POST", "http://example.org/put", '<urn:s> <urn:p> "2" .'),
                                ("PUT", "http://example.org/brief", '<urn:s> <urn:p> "3" .'),
                                ("DELETE", "http://example.org/brief", ""),
                                ("DELETE", gone, "")):
        answer = requests.request(method, url + "gsp", params={"graph": graph}, data=body,
                                  headers={**TOKEN, "Content-Type": "application/n-triples"},
                                  timeout=30)
        assert answer.status_code in (201, 204), (method, graph, answer.text)
    with EmbeddedStore(tmp_path / "harvested") as harvested:
        assert replay(url, harvested) >= 5
        wait_for_live_dump(url)
        dump = requests.get(url + "dumps/stancegraph.nq.gz", timeout=60).content
        expected = graphs_of(gzip.decompress(dump))
        out = tmp_path / "harvested.nq"
        with open(out, "wb") as handle:
            harvested.dump(handle, RDF_FORMATS["nq"])
        got = graphs_of(out.read_bytes())
    assert gone not in expected and "http://example.org/put" in expected
    # The article deleted through the protocol is gone, not unknown: 410 with its tombstone.
    slug = gone.rsplit("/", 1)[1]
    assert requests.get(f"{url}id/article/{slug}", timeout=30).status_code == 410
    assert sorted(got) == sorted(expected)
    assert all(isomorphic(got[name], expected[name]) for name in expected)
