"""The /sparql endpoint through the Flask test client: SPARQL 1.1 Protocol edge cases.

Updates (§2.2) and cache revalidation are in test_sparql_update.py.

Every answer is parsed back (SPARQL results with Oxigraph, RDF into graphs) and checked for
content from the sample articles.
"""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.examples import EXAMPLES
from kg.namespaces import KG

SD = "http://www.w3.org/ns/sparql-service-description#"
COUNT_STANCES = ("PREFIX kg: <https://w3id.org/stancegraph/vocab#> "
                 "SELECT (COUNT(?s) AS ?n) WHERE { ?s a kg:Stance }")
HEADLINES = ("PREFIX schema: <https://schema.org/> "
             "SELECT DISTINCT ?headline WHERE { ?a schema:headline ?headline }")
KNOWN_HEADLINE = "Serbia, Kosovo and the Limits of European Mediation"
CONSTRUCT_STANCES = ("PREFIX kg: <https://w3id.org/stancegraph/vocab#> "
                     "CONSTRUCT { ?s a kg:Stance ; kg:polarity ?p } "
                     "WHERE { ?s a kg:Stance ; kg:polarity ?p }")
FORM = "application/x-www-form-urlencoded"
RDF_TYPE = ox.NamedNode(str(RDF.type))
STANCE = ox.NamedNode(str(KG.Stance))
POLARITY = ox.NamedNode(str(KG.polarity))


def rdf_triples(data: bytes, media_type: str) -> list[ox.Triple]:
    """Parse an RDF answer with Oxigraph, by its media type, into its triples."""
    fmt = ox.RdfFormat.from_media_type(media_type)
    assert fmt is not None, media_type
    return [quad.triple for quad in ox.parse(data, fmt)]


def solutions(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Parse a SELECT answer with Oxigraph, whatever results format it is in."""
    media = response.mimetype
    if media == "text/csv":
        return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    fmt = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
           "application/sparql-results+xml": ox.QueryResultsFormat.XML,
           "text/tab-separated-values": ox.QueryResultsFormat.TSV}[media]
    result = ox.parse_query_results(response.get_data(), fmt)
    return [{v.value: row[v].value for v in result.variables if row[v] is not None}
            for row in result]


def stance_count(response) -> int:  # type: ignore[no-untyped-def]
    """Read the ?n of the stance count query from any results format."""
    return int(solutions(response)[0]["n"])


# --- Query operation (§2.1) -------------------------------------------------------------------

def test_get_query_answers_sparql_json_by_default(client) -> None:
    response = client.get("/sparql", query_string={"query": COUNT_STANCES})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert stance_count(response) > 0
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_post_form_and_post_direct_answer_the_same(client) -> None:
    by_get = client.get("/sparql", query_string={"query": COUNT_STANCES})
    by_form = client.post("/sparql", data={"query": COUNT_STANCES})
    by_direct = client.post("/sparql", data=COUNT_STANCES.encode(),
                            content_type="application/sparql-query")
    assert stance_count(by_get) == stance_count(by_form) == stance_count(by_direct) > 0


@pytest.mark.parametrize("media_type", ["application/sparql-results+json",
                                        "application/sparql-results+xml",
                                        "text/csv", "text/tab-separated-values"])
def test_select_in_every_results_format_by_accept(client, media_type: str) -> None:
    response = client.get("/sparql", query_string={"query": HEADLINES},
                          headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert KNOWN_HEADLINE in {row["headline"] for row in solutions(response)}


@pytest.mark.parametrize(("name", "media_type"), [
    ("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
    ("csv", "text/csv"), ("tsv", "text/tab-separated-values")])
def test_format_parameter_overrides_accept(client, name: str, media_type: str) -> None:
    response = client.get("/sparql", query_string={"query": HEADLINES, "format": name},
                          headers={"Accept": "text/turtle"})
    assert response.mimetype == media_type
    assert KNOWN_HEADLINE in {row["headline"] for row in solutions(response)}


def test_accept_q_values_pick_the_preferred_format(client) -> None:
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, application/xml;q=0.1"
    response = client.get("/sparql", query_string={"query": COUNT_STANCES},
                          headers={"Accept": accept})
    assert response.mimetype == "text/csv"
    assert response.headers["Vary"] == "Accept"


@pytest.mark.parametrize("media_type", [
    "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
    "application/n-quads", "application/trig"])
def test_construct_in_every_rdf_format(client, media_type: str) -> None:
    response = client.post("/sparql", data={"query": CONSTRUCT_STANCES},
                           headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.mimetype == media_type
    triples = rdf_triples(response.get_data(), media_type)
    stances = {t.subject for t in triples if t.predicate == RDF_TYPE and t.object == STANCE}
    polarities = {t.subject: t.object for t in triples if t.predicate == POLARITY}
    assert stances
    assert all(polarities[s].value.rsplit("#", 1)[1] in ("Support", "Oppose", "Neutral")
               for s in stances)


def test_describe_answers_turtle_by_default(client) -> None:
    query = ("PREFIX kg: <https://w3id.org/stancegraph/vocab#> "
             "DESCRIBE ?c WHERE { ?c kg:iso3166Alpha2 \"RS\" }")
    response = client.get("/sparql", query_string={"query": query})
    assert response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert (None, KG.iso3166Alpha2, Literal("RS")) in graph


def test_ask_answers_a_boolean(client) -> None:
    query = "PREFIX kg: <https://w3id.org/stancegraph/vocab#> ASK { ?s a kg:Stance }"
    response = client.get("/sparql", query_string={"query": query},
                          headers={"Accept": "application/sparql-results+xml"})
    assert response.mimetype == "application/sparql-results+xml"
    assert bool(ox.parse_query_results(response.get_data(), ox.QueryResultsFormat.XML))


def test_dataset_parameters_replace_the_union_default_graph(client) -> None:
    graphs = client.get("/sparql", query_string={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a <https://schema.org/NewsArticle> } }"
    })
    article_graph = solutions(graphs)[0]["g"]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = int(solutions(client.get("/sparql", query_string={"query": count}))[0]["n"])
    one = int(solutions(client.get("/sparql", query_string={
        "query": count, "default-graph-uri": article_graph}))[0]["n"])
    assert 0 < one < union
    named = client.get("/sparql", query_string=[
        ("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"),
        ("named-graph-uri", article_graph)])
    assert [row["g"] for row in solutions(named)] == [article_graph]


def test_relative_iris_resolve_against_the_endpoint(client) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT (<x> AS ?iri) {}"})
    assert solutions(response)[0]["iri"] == "http://localhost:5000/x"


# --- Errors -----------------------------------------------------------------------------------

def test_a_bad_query_gets_400_with_the_parser_message(client) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s ?p "},
                          headers={"Accept": "text/plain"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    # Oxigraph's own words, positioned in the text the user sent (line 1, not our BASE line).
    assert "at line 1, column" in text and "expected" in text


def test_a_parse_error_on_a_later_line_names_that_line(client) -> None:
    query = "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(\n}"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400
    assert "at line 5, column" in response.get_json()["message"]


def test_query_given_twice_is_refused(client) -> None:
    response = client.get("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D")
    assert response.status_code == 400
    assert "2 times" in response.get_data(as_text=True)


def test_query_and_update_together_are_refused(client) -> None:
    response = client.post("/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"})
    assert response.status_code == 400


def test_unacceptable_accept_gets_406_listing_what_is_available(client) -> None:
    response = client.get("/sparql", query_string={"query": COUNT_STANCES},
                          headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.get_data(as_text=True)


def test_unknown_format_parameter_gets_406(client) -> None:
    response = client.get("/sparql", query_string={"query": COUNT_STANCES, "format": "pdf"})
    assert response.status_code == 406
    assert "csv" in response.get_data(as_text=True)


@pytest.mark.parametrize("content_type", ["text/plain", None])
def test_post_with_a_wrong_or_missing_content_type_gets_415(client, content_type) -> None:
    response = client.post("/sparql", data=b"ASK {}", content_type=content_type)
    assert response.status_code == 415


def test_direct_post_must_be_utf8(client) -> None:
    response = client.post("/sparql", data="ASK {}".encode("utf-16"),
                           content_type="application/sparql-query; charset=UTF-16")
    assert response.status_code == 415


def test_other_methods_are_not_allowed(client) -> None:
    assert client.put("/sparql?query=ASK%20%7B%7D").status_code == 405


def test_preflight_allows_any_origin(client) -> None:
    response = client.options("/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]


# --- Limits -----------------------------------------------------------------------------------

def test_a_select_over_the_result_limit_is_refused_not_truncated(app, client) -> None:
    app.config["RESULT_LIMIT"] = 5
    response = client.get("/sparql", query_string={"query": HEADLINES},
                          headers={"Accept": "text/plain"})
    assert response.status_code == 503
    assert "RESULT_LIMIT" in response.get_data(as_text=True)
    limited = client.get("/sparql", query_string={"query": HEADLINES + " LIMIT 5"})
    assert len(solutions(limited)) == 5


def test_a_construct_over_the_result_limit_is_refused(app, client) -> None:
    app.config["RESULT_LIMIT"] = 3
    response = client.get("/sparql", query_string={"query": CONSTRUCT_STANCES})
    assert response.status_code == 503
    assert "more than 3 triples" in response.get_json()["message"]


def test_the_embedded_store_checks_the_time_limit_between_rows(app, client) -> None:
    # The embedded store cannot interrupt a running query; it stops reading at the limit.
    app.config["QUERY_TIMEOUT"] = 0
    response = client.get("/sparql", query_string={"query": HEADLINES},
                          headers={"Accept": "text/plain"})
    assert response.status_code == 503
    assert "QUERY_TIMEOUT" in response.get_data(as_text=True)


# --- No query: service description or editor --------------------------------------------------

def test_rdf_clients_get_the_service_description(client) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    service = URIRef("http://localhost:5000/sparql")
    sd = lambda name: URIRef(SD + name)  # noqa: E731
    assert (service, RDF.type, sd("Service")) in graph
    assert (service, sd("endpoint"), service) in graph
    assert (service, sd("supportedLanguage"), sd("SPARQL11Query")) in graph
    assert (service, sd("feature"), sd("UnionDefaultGraph")) in graph
    assert (service, sd("resultFormat"),
            URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in graph
    # Read-only without a token: no update language is claimed.
    assert (service, sd("supportedLanguage"), sd("SPARQL11Update")) not in graph
    dataset = graph.value(service, sd("defaultDataset"))
    default_graph = graph.value(dataset, sd("defaultGraph"))
    triples = graph.value(default_graph, URIRef("http://rdfs.org/ns/void#triples"))
    assert triples.datatype == XSD.integer and int(triples) > 0
    names = {graph.value(n, sd("name")) for n in graph.objects(dataset, sd("namedGraph"))}
    assert URIRef("http://localhost:5000/graph/countries") in names


def test_service_description_in_json_ld_by_format_parameter(client) -> None:
    response = client.get("/sparql?format=jsonld")
    assert response.mimetype == "application/ld+json"
    triples = rdf_triples(response.get_data(), "application/ld+json")
    assert ox.Triple(ox.NamedNode("http://localhost:5000/sparql"), RDF_TYPE,
                     ox.NamedNode(SD + "Service")) in triples


def test_browsers_get_the_editor_with_the_examples_and_a_plain_form(client) -> None:
    response = client.get("/sparql", headers={
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<form id="plain-form" method="get" action="/sparql">' in page
    for example in EXAMPLES:
        assert example.question in page
    embedded = page.split('<script type="application/json" id="examples">')[1].split("</script>")[0]
    assert [e["name"] for e in json.loads(embedded)] == [e.name for e in EXAMPLES]


def test_without_yasgui_installed_the_page_is_a_working_plain_form(app, client,
                                                                   tmp_path) -> None:
    app.static_folder = str(tmp_path)
    page = client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "yasgui.min.js" not in page
    assert '<textarea id="query" name="query"' in page
    # What the form submits: the query and format=html, answered as a table.
    answer = client.get("/sparql", query_string={"query": HEADLINES, "format": "html"})
    assert answer.mimetype == "text/html"
    assert KNOWN_HEADLINE in answer.get_data(as_text=True)


def test_a_browser_query_gets_an_html_table_with_escaped_values(client) -> None:
    query = 'SELECT ?x WHERE { VALUES ?x { "<script>alert(1)</script>" } }'
    response = client.get("/sparql", query_string={"query": query},
                          headers={"Accept": "text/html"})
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_every_example_query_answers_on_the_samples(client, example) -> None:
    response = client.post("/sparql", data={"query": example.sparql})
    assert response.status_code == 200
    assert solutions(response)
