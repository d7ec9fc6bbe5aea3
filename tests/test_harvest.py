"""For harvesters: VoID and DCAT from live data, the full dump, the sitemap, validators, CORS."""

from __future__ import annotations

import gzip
import hashlib
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import BASE, make_app, store_extractions, write_dump_now
from flask.testing import FlaskClient
from lxml import etree
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID, XSD
from test_linked_data import interview, parse_rdf

from kg.namespaces import KG, SCHEMA
from kg.publish.dumps import ensure_dump, store_version
from kg.store import EmbeddedStore

SPDX = "http://spdx.org/rdf/terms#"
DATASET = URIRef(f"{BASE}void#dataset")
DUMP_URL = URIRef(f"{BASE}dumps/stancegraph.nq.gz")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def seeded(store: EmbeddedStore) -> EmbeddedStore:
    """A store holding the reference graphs and one interview."""
    store_extractions(store, interview())
    return store


@pytest.fixture
def web(seeded: EmbeddedStore) -> FlaskClient:
    """A test client over the seeded store, its first dump written."""
    client = make_app(seeded).test_client()
    write_dump_now(client)
    return client


def store_triples(seeded: EmbeddedStore) -> Graph:
    """Read every triple of the store into an rdflib graph, as an independent count."""
    triples = seeded.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    graph = Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


def integer(graph: Graph, subject: URIRef, predicate: URIRef) -> int:
    """Read one integer figure."""
    value = graph.value(subject, predicate)
    assert isinstance(value, Literal), (subject, predicate)
    return int(value)


def download(web: FlaskClient, path: str = "/dumps/stancegraph.nq.gz", **headers: str):  # type: ignore[no-untyped-def]
    """GET a file answer and close it, as a WSGI server would."""
    with web.get(path, headers=headers) as response:
        response.get_data()
        return response


# --- VoID ------------------------------------------------------------------------------------


def test_void_figures_equal_counts_over_the_data(web, seeded) -> None:
    g = parse_rdf(web.get("/void", headers={"Accept": "text/turtle"}), "turtle")
    triples = set(store_triples(seeded))
    assert integer(g, DATASET, VOID.triples) == len(triples)
    assert integer(g, DATASET, VOID.distinctSubjects) == len({s for s, _, _ in triples})
    assert integer(g, DATASET, VOID.distinctObjects) == len({o for _, _, o in triples})
    assert integer(g, DATASET, VOID.properties) == len({p for _, p, _ in triples})
    assert integer(g, DATASET, VOID.entities) == len(
        {s for s, _, _ in triples if str(s).startswith(f"{BASE}id/")})
    classes = {}
    for partition in g.objects(DATASET, VOID.classPartition):
        classes[g.value(partition, VOID["class"])] = integer(g, partition, VOID.entities)
    assert classes[KG.Stance] == len({s for s, p, o in triples
                                      if p == RDF.type and o == KG.Stance}) == 4
    assert classes[KG.Country] == len({s for s, p, o in triples
                                       if p == RDF.type and o == KG.Country})
    properties = {}
    for partition in g.objects(DATASET, VOID.propertyPartition):
        properties[g.value(partition, VOID.property)] = integer(g, partition, VOID.triples)
    assert properties == {p: sum(1 for _, q, _ in triples if q == p)
                          for p in {p for _, p, _ in triples}}


def test_void_says_how_to_reach_the_data(web) -> None:
    g = parse_rdf(web.get("/void"), "turtle")
    assert (DATASET, RDF.type, VOID.Dataset) in g and (DATASET, RDF.type, DCAT.Dataset) in g
    assert (DATASET, VOID.sparqlEndpoint, URIRef(f"{BASE}sparql")) in g
    assert (DATASET, VOID.dataDump, DUMP_URL) in g
    assert (DATASET, VOID.uriSpace, Literal(f"{BASE}id/")) in g
    assert (DATASET, VOID.vocabulary, URIRef("https://w3id.org/stancegraph/vocab")) in g
    assert (DATASET, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in g
    assert g.value(DATASET, DCTERMS.title) is not None
    assert g.value(DATASET, DCTERMS.modified).datatype == XSD.dateTime  # type: ignore[union-attr]
    examples = set(g.objects(DATASET, VOID.exampleResource))
    assert any(str(e).startswith(f"{BASE}id/stance/") for e in examples)
    assert (URIRef(f"{BASE}void"), FOAF.primaryTopic, DATASET) in g


@pytest.mark.parametrize("path", ["/void", "/.well-known/void"])
@pytest.mark.parametrize("media, syntax", [("text/turtle", "turtle"),
                                           ("application/ld+json", "json-ld"),
                                           ("application/rdf+xml", "xml"),
                                           ("application/n-triples", "nt")])
def test_void_is_negotiated_at_both_addresses(web, path, media, syntax) -> None:
    response = web.get(path, headers={"Accept": media})
    assert response.mimetype == media and "Accept" in response.headers["Vary"]
    assert (DATASET, RDF.type, VOID.Dataset) in parse_rdf(response, syntax)


def test_void_is_cached_until_the_data_changes(web, seeded) -> None:
    first = web.get("/void")
    assert web.get("/void", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    store_extractions(seeded, interview("A Second Interview"))
    second = web.get("/void", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
    before = integer(parse_rdf(first, "turtle"), DATASET, VOID.triples)
    assert integer(parse_rdf(second, "turtle"), DATASET, VOID.triples) > before


# --- DCAT and the dump -----------------------------------------------------------------------


def test_dcat_describes_the_dump_it_serves(web, seeded) -> None:
    g = parse_rdf(web.get("/void"), "turtle")
    catalog = g.value(None, DCAT.dataset, DATASET)
    assert (catalog, RDF.type, DCAT.Catalog) in g
    (dump,) = [d for d in g.objects(DATASET, DCAT.distribution)
               if (d, DCAT.downloadURL, DUMP_URL) in g]
    assert (dump, RDF.type, DCAT.Distribution) in g
    assert g.value(dump, DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/application/n-quads")
    response = download(web)
    assert response.status_code == 200 and response.mimetype == "application/gzip"
    assert "stancegraph.nq.gz" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert integer(g, dump, DCAT.byteSize) == len(body)
    checksum = g.value(dump, URIRef(SPDX + "checksum"))
    assert g.value(checksum, URIRef(SPDX + "algorithm")) == URIRef(
        SPDX + "checksumAlgorithm_sha256")
    assert str(g.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(
        body).hexdigest()
    assert g.value(dump, DCTERMS.modified) == g.value(DATASET, DCTERMS.modified)
    quads = list(ox.parse(gzip.decompress(body), ox.RdfFormat.N_QUADS))
    assert len(quads) == seeded.quad_count()
    sha = web.get("/dumps/stancegraph.nq.gz.sha256").get_data(as_text=True)
    assert sha.split() == [hashlib.sha256(body).hexdigest(), "stancegraph.nq.gz"]


def test_dcat_names_the_sparql_service(web) -> None:
    g = parse_rdf(web.get("/void"), "turtle")
    (service,) = g.subjects(DCAT.endpointURL, URIRef(f"{BASE}sparql"))
    assert (service, RDF.type, DCAT.DataService) in g
    assert (service, DCAT.servesDataset, DATASET) in g


def test_dump_follows_the_data_and_answers_conditional_requests(web, seeded) -> None:
    first = download(web)
    etag = first.headers["ETag"]
    assert etag.strip('"') == hashlib.sha256(first.get_data()).hexdigest()
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    cached = download(web, **{"If-None-Match": etag})
    assert cached.status_code == 304
    store_extractions(seeded, interview("A Second Interview"))
    # The last complete dump answers at once; the next is written in the background.
    assert download(web, **{"If-None-Match": etag}).status_code == 304
    write_dump_now(web)
    second = download(web, **{"If-None-Match": etag})
    assert second.status_code == 200 and second.headers["ETag"] != etag
    assert len(list(ox.parse(gzip.decompress(second.get_data()), ox.RdfFormat.N_QUADS))) \
        == seeded.quad_count()
    folder = Path(seeded.location + "-dumps")
    kept = {p.name for p in folder.glob("*.nq.gz")}
    assert len(kept) == 2  # the previous dump stays one generation, for a reader just sent to it
    store_extractions(seeded, interview("A Third Interview"))
    write_dump_now(web)
    assert len({p.name for p in folder.glob("*.nq.gz")} - kept) == 1
    assert len(list(folder.glob("*.nq.gz"))) == 2  # the oldest is gone


def test_concurrent_writers_publish_one_whole_dump(seeded, tmp_path) -> None:
    results = []

    def write() -> None:
        results.append(ensure_dump(seeded, tmp_path, "v1", None))

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({r.sha256 for r in results}) == 1
    (written,) = tmp_path.glob("*.nq.gz")
    assert hashlib.sha256(written.read_bytes()).hexdigest() == results[0].sha256
    assert not list(tmp_path.glob("*.tmp"))


def test_readers_get_the_last_complete_dump_while_the_data_moves_on(seeded) -> None:
    web = make_app(seeded, DUMP_SETTLE=3600.0).test_client()  # nothing settles in this test
    assert download(web).status_code == 503  # before the first dump: try again later
    assert int(download(web).headers["Retry-After"]) > 0
    assert DUMP_URL not in set(parse_rdf(web.get("/void"), "turtle").objects(DATASET,
                                                                              VOID.dataDump))
    # Another process (an earlier server) wrote the first dump.
    ensure_dump(seeded, seeded.location + "-dumps", *store_version(seeded))
    first = download(web)
    store_extractions(seeded, interview("A Second Interview"))
    g = parse_rdf(web.get("/void"), "turtle")
    (dump,) = [d for d in g.objects(DATASET, DCAT.distribution)
               if (d, DCAT.downloadURL, DUMP_URL) in g]
    # The description says which data the dump holds: older than the data now served.
    assert g.value(dump, DCTERMS.modified) < g.value(DATASET, DCTERMS.modified)
    assert download(web).get_data() == first.get_data()
    assert integer(g, dump, DCAT.byteSize) == len(first.get_data())


def test_a_background_dump_is_written_whole_once_the_data_settles(seeded) -> None:
    web = make_app(seeded).test_client()
    write_dump_now(web)
    store_extractions(seeded, interview("A Second Interview"))
    write_dump_now(web)
    g = parse_rdf(web.get("/void"), "turtle")
    (dump,) = [d for d in g.objects(DATASET, DCAT.distribution)
               if (d, DCAT.downloadURL, DUMP_URL) in g]
    assert g.value(dump, DCTERMS.modified) == g.value(DATASET, DCTERMS.modified)
    body = download(web).get_data()
    assert len(list(ox.parse(gzip.decompress(body), ox.RdfFormat.N_QUADS))) \
        == seeded.quad_count()
    folder = Path(seeded.location + "-dumps")
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


# --- sitemap ---------------------------------------------------------------------------------


def sitemap_urls(response) -> list[str]:  # type: ignore[no-untyped-def]
    """Read the <loc> values of a sitemap."""
    assert response.status_code == 200 and response.mimetype == "application/xml"
    return [loc.text for loc in etree.fromstring(response.get_data()).iter(f"{SITEMAP}loc")]


def expected_pages(seeded: EmbeddedStore) -> set[str]:
    """Every article, expert, stance and referenced country, read through rdflib."""
    graph = store_triples(seeded)
    things = {s for cls in (SCHEMA.NewsArticle, KG.Expert, KG.Stance)
              for s in graph.subjects(RDF.type, cls)}
    things |= {c for c in graph.subjects(RDF.type, KG.Country)
               if any(True for _ in graph.subject_predicates(c))}
    return {str(t).replace("/id/", "/doc/", 1) + ".html" for t in things}


def test_sitemap_lists_home_lists_and_every_resource_page(web, seeded) -> None:
    urls = sitemap_urls(web.get("/sitemap.xml"))
    assert urls[0] == BASE
    assert f"{BASE}countries" in urls and f"{BASE}articles" in urls
    assert {u for u in urls if "/doc/" in u} == expected_pages(seeded)
    assert len(urls) == len(set(urls))


def test_sitemap_splits_into_an_index_past_the_limit(web, seeded, monkeypatch) -> None:
    from webapp import harvest

    everything = sitemap_urls(web.get("/sitemap.xml"))
    monkeypatch.setattr(harvest, "URLS_PER_SITEMAP", 5)
    index = web.get("/sitemap.xml")
    root = etree.fromstring(index.get_data())
    assert root.tag == f"{SITEMAP}sitemapindex"
    parts = sitemap_urls(index)
    assert len(parts) == (len(everything) + 4) // 5
    collected: list[str] = []
    for part in parts:
        urls = sitemap_urls(web.get(part.replace(BASE, "/")))
        assert len(urls) <= 5
        collected += urls
    assert collected == everything
    assert web.get(f"/sitemap-{len(parts) + 1}.xml").status_code == 404


def test_sitemap_answers_conditional_requests(web) -> None:
    first = web.get("/sitemap.xml")
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    again = web.get("/sitemap.xml", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304
