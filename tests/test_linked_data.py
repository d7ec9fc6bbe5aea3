"""Linked Data: /id 303s by Accept, /doc variants as graphs, paging, 404s, validators, /vocab."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from conftest import BASE, make_app, store_extractions
from flask.testing import FlaskClient
from lxml import html as lxml_html
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SH, SKOS

from kg.model import Document, EntityRef, Extraction, PersonFinding, StanceFinding, Teaser
from kg.namespaces import KG, SCHEMA
from kg.pipeline.resources import ontology_graph, shapes_graph
from kg.store import EmbeddedStore

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
HYDRA_NEXT = URIRef("http://www.w3.org/ns/hydra/core#next")
TR = URIRef(f"{BASE}id/country/tr")
DOC_TR = URIRef(f"{BASE}doc/country/tr")
HEADLINE = "Russia’s Approach to the Supply of Turkish Drones to Ukraine"
BODY = ("Siyamak Kakaei said that Russia knows Turkiye has close relations with Ukraine and "
        "supports this country. Russia strongly opposed the drone deals. Iran criticised "
        "Turkiye. Greece opposed Turkiye.")
RDF_VARIANTS = {"ttl": ("text/turtle", "turtle"), "jsonld": ("application/ld+json", "json-ld"),
                "rdf": ("application/rdf+xml", "xml"), "nt": ("application/n-triples", "nt")}


def interview(headline: str = HEADLINE, body: str = BODY) -> Extraction:
    """Build an interview's extraction by hand, so these tests do not depend on the extractor."""

    def stance(holder: str, target: str, polarity: str, sentence: str) -> StanceFinding:
        start = body.index(sentence)
        return StanceFinding(EntityRef("country", holder, holder),
                             EntityRef("country", target, target), polarity,  # type: ignore[arg-type]
                             start, start + len(sentence), 0.8, "test", 0)

    return Extraction(
        Document("test.json", headline, body, publisher="Strategic Council Online",
                 genre="Interview", date="2024-07-10", url="https://example.org/article",
                 teasers=[Teaser("Erdogan’s Motives in Syria", "An abstract.")]),
        is_interview=True,
        experts=[PersonFinding("Siyamak Kakaei", ["A Turkish issues researcher"])],
        countries=["TR", "UA", "RU", "IR", "GR"],
        stances=[stance("TR", "UA", "support", "Turkiye has close relations with Ukraine"),
                 stance("RU", "TR", "oppose", "Russia strongly opposed the drone deals."),
                 stance("IR", "TR", "oppose", "Iran criticised Turkiye."),
                 stance("GR", "TR", "oppose", "Greece opposed Turkiye.")])


@pytest.fixture
def seeded(store: EmbeddedStore) -> Iterator[EmbeddedStore]:
    """A store holding the reference graphs and one interview."""
    store_extractions(store, interview())
    yield store


@pytest.fixture
def web(seeded: EmbeddedStore) -> FlaskClient:
    """A test client over the seeded store."""
    return make_app(seeded).test_client()


def parse_rdf(response, syntax: str) -> Graph:  # type: ignore[no-untyped-def]
    """Parse an RDF answer back into a graph, checking the status first."""
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    graph = Graph()
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated classes
        warnings.simplefilter("ignore", DeprecationWarning)
        graph.parse(data=response.get_data(), format=syntax)
    return graph


def links(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Read the Link header into rel → targets."""
    found: dict[str, list[str]] = {}
    for value in response.headers.get("Link", "").split(", <"):
        target, _, params = value.lstrip("<").partition(">")
        for param in params.split(";"):
            name, _, rel = param.strip().partition("=")
            if name == "rel":
                found.setdefault(rel.strip('"'), []).append(target)
    return found


# --- /id answers 303 See Other ---------------------------------------------------------------


@pytest.mark.parametrize("accept, ext", [
    ("text/html", "html"), ("text/turtle", "ttl"), ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdf"), ("application/n-triples", "nt"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
    ("application/rdf+xml;q=0.5, text/turtle;q=0.9", "ttl"), ("*/*", "html")])
def test_id_redirects_with_303_to_the_variant_accept_asks_for(web, accept, ext) -> None:
    response = web.get("/id/country/tr", headers={"Accept": accept})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{BASE}doc/country/tr.{ext}"
    assert "Accept" in response.headers["Vary"]
    alternates = links(response)["alternate"]
    assert {a.rsplit(".", 1)[1] for a in alternates} == {"html", *RDF_VARIANTS}
    assert links(response)["describedby"] == [str(DOC_TR)]


def test_id_without_accept_goes_to_html(web) -> None:
    response = web.get("/id/country/tr")
    assert response.headers["Location"].endswith("/doc/country/tr.html")


def test_id_answers_406_when_no_variant_is_acceptable(web) -> None:
    assert web.get("/id/country/tr", headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize("path", ["/id/country/zz", "/id/expert/nobody", "/id/planet/mars",
                                  "/doc/country/zz.ttl", "/doc/country/zz.html",
                                  "/doc/country/zz"])
def test_unknown_resources_get_a_helpful_404(web, path) -> None:
    response = web.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404
    page = lxml_html.fromstring(response.get_data(as_text=True))
    targets = page.xpath("//a/@href")
    assert any(t.startswith("/sparql?query=") for t in targets)
    assert "/countries" in targets and "/" in targets


def test_unknown_resource_404_is_plain_text_for_machines(web) -> None:
    response = web.get("/id/country/zz", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert f"{BASE}id/country/zz" in response.get_data(as_text=True)


# --- /doc variants ---------------------------------------------------------------------------


@pytest.mark.parametrize("ext", list(RDF_VARIANTS))
def test_every_rdf_variant_holds_the_document(web, seeded, ext) -> None:
    media, syntax = RDF_VARIANTS[ext]
    response = web.get(f"/doc/country/tr.{ext}")
    assert response.mimetype == media
    g = parse_rdf(response, syntax)
    # Document metadata
    assert (DOC_TR, RDF.type, FOAF.Document) in g
    assert (DOC_TR, FOAF.primaryTopic, TR) in g
    assert (DOC_TR, DCTERMS.license, URIRef(LICENSE)) in g
    assert (DOC_TR, DCTERMS.source, URIRef(f"{BASE}graph/countries")) in g
    assert g.value(DOC_TR, DCTERMS.modified) is not None
    # The resource's own triples
    assert (TR, KG.iso3166Alpha2, Literal("TR")) in g
    assert (TR, RDF.type, KG.Country) in g
    # Its incoming links, each with the linking thing's label
    rows = seeded.select(f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p <{TR}> }}")
    incoming = {(URIRef(r["s"].value), URIRef(r["p"].value)) for r in rows}
    assert incoming and incoming == {(s, p) for s, p, _ in g.triples((None, None, TR))
                                     if s != DOC_TR}
    for stance in g.subjects(KG.target, TR):
        assert g.value(stance, RDFS.label) is not None
    # Labels of what it links to
    status = g.value(TR, KG.sovereigntyStatus)
    assert status is not None and g.value(status, SKOS.prefLabel) is not None


def test_stance_and_article_documents_name_their_source(web, seeded) -> None:
    stance_iri = seeded.select(f"SELECT ?s WHERE {{ ?s <{KG.holder}> <{TR}> }}")[0]["s"].value
    key = stance_iri.rsplit("/", 1)[1]
    g = parse_rdf(web.get(f"/doc/stance/{key}.ttl"), "turtle")
    doc = URIRef(f"{BASE}doc/stance/{key}")
    article = g.value(URIRef(stance_iri), KG.statedIn)
    assert article is not None and (doc, DCTERMS.source, article) in g
    assert g.value(article, SCHEMA.headline) == Literal(HEADLINE)
    slug = str(article).rsplit("/", 1)[1]
    g = parse_rdf(web.get(f"/doc/article/{slug}.nt"), "nt")
    sources = set(g.objects(URIRef(f"{BASE}doc/article/{slug}"), DCTERMS.source))
    assert sources == {URIRef("https://example.org/article"), URIRef(f"{BASE}graph/article/{slug}")}


def test_document_without_extension_negotiates(web) -> None:
    response = web.get("/doc/country/tr", headers={"Accept": "application/n-triples"})
    assert response.headers["Content-Location"] == f"{BASE}doc/country/tr.nt"
    assert "Accept" in response.headers["Vary"]
    assert (DOC_TR, FOAF.primaryTopic, TR) in parse_rdf(response, "nt")


def test_html_variant_is_the_pages_document(web) -> None:
    response = web.get("/doc/country/tr.html")
    assert response.status_code == 200 and response.mimetype == "text/html"
    negotiated = web.get("/doc/country/tr", headers={"Accept": "text/html"})
    assert negotiated.headers["Content-Location"] == f"{BASE}doc/country/tr.html"


def test_incoming_links_are_paged_with_next_links(seeded) -> None:
    client = make_app(seeded, PAGE_SIZE=2).test_client()
    rows = seeded.select(f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p <{TR}> }}")
    expected = {(URIRef(r["s"].value), URIRef(r["p"].value)) for r in rows}
    assert len(expected) > 4  # enough for three pages of two
    seen: list[tuple[URIRef, URIRef]] = []
    url: str | None = "/doc/country/tr.ttl"
    pages = 0
    while url:
        response = client.get(url)
        g = parse_rdf(response, "turtle")
        page = [(s, p) for s, p, _ in g.triples((None, None, TR)) if p != FOAF.primaryTopic]
        assert len(page) <= 2
        seen += page
        assert (TR, KG.iso3166Alpha2, Literal("TR")) in g  # every page carries the resource
        nexts = links(response).get("next", [])
        doc = URIRef(f"{BASE}doc/country/tr" + (f"?page={pages + 1}" if pages else ""))
        assert (doc, FOAF.primaryTopic, TR) in g
        if nexts:
            assert (doc, HYDRA_NEXT, URIRef(f"{BASE}doc/country/tr?page={pages + 2}")) in g
        url = nexts[0].replace(BASE, "/") if nexts else None
        pages += 1
    assert len(seen) == len(set(seen)) and set(seen) == expected
    assert pages == (len(expected) + 1) // 2


def test_page_must_be_a_positive_integer(web) -> None:
    assert web.get("/doc/country/tr.ttl?page=0").status_code == 400
    assert web.get("/doc/country/tr.ttl?page=two").status_code == 400


# --- validators and CORS ---------------------------------------------------------------------


def test_documents_answer_conditional_requests_with_304(web) -> None:
    first = web.get("/doc/country/tr.ttl")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = web.get("/doc/country/tr.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag and not again.data
    since = web.get("/doc/country/tr.ttl", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    other = web.get("/doc/country/tr.nt", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag


def test_etag_changes_when_another_article_is_ingested(web, seeded) -> None:
    before = web.get("/doc/country/tr.ttl").headers["ETag"]
    store_extractions(seeded, interview("Ankara and Athens at Sea"))
    after = web.get("/doc/country/tr.ttl", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before
    g = parse_rdf(after, "turtle")
    assert URIRef(f"{BASE}id/article/ankara-and-athens-at-sea") in set(g.subjects(None, TR))


@pytest.mark.parametrize("path", ["/id/country/tr", "/doc/country/tr.ttl", "/doc/country/tr",
                                  "/vocab", "/shapes.ttl", "/id/country/zz",
                                  "/graph/countries.nt"])
def test_every_linked_data_answer_allows_any_origin(web, path) -> None:
    response = web.get(path, headers={"Origin": "https://example.org", "Accept": "text/turtle"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert "Link" in response.headers["Access-Control-Expose-Headers"]


def test_preflight_is_answered(web) -> None:
    response = web.options("/doc/country/tr", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match"})
    assert response.status_code == 200
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]


# --- named graphs ----------------------------------------------------------------------------


def test_named_graph_serves_its_triples(web, seeded) -> None:
    g = parse_rdf(web.get("/graph/countries.nt"), "nt")
    assert (TR, KG.iso3166Alpha2, Literal("TR")) in g
    rows = seeded.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{BASE}graph/countries> "
                         "{ ?s ?p ?o } }")
    assert len(g) == int(rows[0]["n"].value)
    assert web.get("/graph/nothing-here").status_code == 404
    assert web.get("/graph/x%3E%20%7D%20%7D").status_code == 404  # "x> } }" stays out of SPARQL


def test_article_graph_sends_people_to_the_article_page(web) -> None:
    slug = "russias-approach-to-the-supply-of-turkish-drones-to-ukraine"
    response = web.get(f"/graph/article/{slug}", headers={"Accept": "text/html"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{BASE}doc/article/{slug}.html"
    g = parse_rdf(web.get(f"/graph/article/{slug}", headers={"Accept": "text/turtle"}), "turtle")
    assert g.value(URIRef(f"{BASE}id/article/{slug}"), SCHEMA.headline) == Literal(HEADLINE)


# --- /vocab and /shapes ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/vocab", "/shapes"])
@pytest.mark.parametrize("ext", list(RDF_VARIANTS))
def test_vocab_and_shapes_in_every_rdf_variant(web, path, ext) -> None:
    media, syntax = RDF_VARIANTS[ext]
    source = ontology_graph() if path == "/vocab" else shapes_graph()
    negotiated = web.get(path, headers={"Accept": media})
    assert negotiated.headers["Content-Location"].endswith(f"{path}.{ext}")
    assert "Accept" in negotiated.headers["Vary"]
    for response in (negotiated, web.get(f"{path}.{ext}")):
        assert response.mimetype == media
        g = parse_rdf(response, syntax)
        assert len(g) == len(source)
    if path == "/vocab":
        assert (KG.Stance, RDF.type, OWL.Class) in g
    else:
        assert (URIRef("https://w3id.org/stancegraph/shapes#StanceShape"), SH.targetClass,
                KG.Stance) in g


def test_vocab_page_documents_every_term(web) -> None:
    response = web.get("/vocab", headers={"Accept": "text/html"})
    assert response.mimetype == "text/html"
    page = lxml_html.fromstring(response.get_data(as_text=True))
    text = page.text_content()
    vocab = ontology_graph()
    terms = {s for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept)
             for s in vocab.subjects(RDF.type, t) if isinstance(s, URIRef)}
    assert terms
    for term in terms:
        local = str(term).rsplit("#", 1)[1]
        assert page.xpath(f'//*[@id="kg-{local}"]'), local
        label = vocab.value(term, RDFS.label) or vocab.value(term, SKOS.prefLabel)
        assert str(label) in text
    holder = page.xpath('//*[@id="kg-holder"]')[0].text_content()
    assert "domain" in holder and "kg:Stance" in holder and "schema:Organization" in holder
    for polarity in (KG.Support, KG.Oppose, KG.Neutral):
        assert str(vocab.value(polarity, SKOS.prefLabel)) in text


def test_shapes_page_lists_every_shape_target_and_message(web) -> None:
    page = lxml_html.fromstring(web.get("/shapes.html").get_data(as_text=True))
    text = " ".join(page.text_content().split())
    shapes = shapes_graph()
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        (section,) = page.xpath(f'//section[@id="kgsh-{str(shape).rsplit("#", 1)[1]}"]')
        for target in shapes.objects(shape, SH.targetClass):
            assert shapes.namespace_manager.normalizeUri(target) in section.text_content()
    for message in shapes.objects(None, SH.message):
        assert " ".join(str(message).split()) in text


def test_vocab_answers_304_to_a_current_copy(web) -> None:
    etag = web.get("/vocab.ttl").headers["ETag"]
    assert web.get("/vocab.ttl", headers={"If-None-Match": etag}).status_code == 304


def test_accept_with_parameters_still_negotiates(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/id/country/tr", headers={"Accept": "text/turtle; charset=utf-8"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/doc/country/tr.ttl")
