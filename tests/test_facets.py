"""/stances by facets (holder, target, polarity, expert, publisher, genre, dates) with counts,
and every list and search page as .json and .csv with the same query (Datasette's convention).

Counts are checked against SPARQL over the same store, never against numbers written here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import BASE, make_app, store_extractions
from test_pages import _links, parse, seed_extraction

from kg.model import Extraction, PersonFinding
from kg.store import EmbeddedStore


def variant(extraction: Extraction, headline: str, publisher: str, genre: str, date: str,
            expert: str) -> Extraction:
    """The hand-built interview under another headline, publisher, genre, date and expert."""
    document = replace(extraction.document, headline=headline, publisher=publisher,
                       genre=genre, date=date, teasers=[])
    return replace(extraction, document=document, is_interview=genre == "Interview",
                   experts=[PersonFinding(expert, ["An analyst"])])


@pytest.fixture
def client(store: EmbeddedStore):  # type: ignore[no-untyped-def]
    """Two publishers, two genres, two years, two experts: four stances each."""
    seed = seed_extraction()
    store_extractions(store, variant(seed, "First", "Strategic Council Online", "Interview",
                                     "2023-05-01", "Siyamak Kakaei"),
                      variant(seed, "Second", "Tehran Times", "Analysis", "2024-07-10",
                              "Ali Bigdeli"))
    app = make_app(store)
    app.config["test_store"] = store
    return app.test_client()


def sparql_count(client, pattern: str) -> int:  # type: ignore[no-untyped-def]
    """Count stances matching a pattern through the SPARQL endpoint, as any client would."""
    query = ("PREFIX kg: <https://w3id.org/stancegraph/vocab#> PREFIX schema: "
             "<https://schema.org/> PREFIX prov: <http://www.w3.org/ns/prov#> "
             f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a kg:Stance . {pattern} }}")
    answer = client.get("/sparql", query_string={"query": query, "format": "json"})
    return int(answer.get_json()["results"]["bindings"][0]["n"]["value"])


def rows(client, query: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Read every row of /stances.json for a query string, following its next links."""
    found: list[dict[str, str]] = []
    url: str | None = "/stances.json" + query
    while url:
        document = client.get(url).get_json()
        found += document["rows"]
        url = "/stances.json" + document["next"] if document["next"] else None
    return found


@pytest.mark.parametrize(("query", "pattern"), [
    ("?holder=ru", "?s kg:holder <{B}id/country/ru>"),
    ("?target=tr", "?s kg:target <{B}id/country/tr>"),
    ("?holder=organization/q7184", "?s kg:holder <{B}id/organization/q7184>"),
    ("?polarity=oppose&target=ua", "?s kg:polarity kg:Oppose ; kg:target <{B}id/country/ua>"),
    ("?publisher=tehran-times", "?s kg:statedIn/schema:publisher "
                                "<{B}id/organization/tehran-times>"),
    ("?genre=analysis&polarity=support", "?s kg:polarity kg:Support ; kg:statedIn/schema:genre "
                                         "<http://cv.iptc.org/newscodes/genre/Analysis>"),
    ("?expert=siyamak-kakaei", "?s prov:wasAttributedTo <{B}id/expert/siyamak-kakaei>"),
    ("?since=2024", "?s kg:statedIn/schema:datePublished ?d FILTER(STR(?d) >= '2024')"),
    ("?until=2023-12", "?s kg:statedIn/schema:datePublished ?d FILTER(STR(?d) < '2024')"),
])
def test_each_facet_selects_what_sparql_selects(client, query: str, pattern: str) -> None:
    expected = sparql_count(client, pattern.format(B=BASE))
    assert expected > 0
    assert len(rows(client, query)) == expected
    page = parse(client.get("/stances" + query))
    assert len(page.xpath("//table[@class='stances']/tbody/tr")) == expected


def test_facets_combine_and_a_thing_unknown_here_matches_nothing(client) -> None:
    both = rows(client, "?holder=ru&target=ua&genre=Interview&since=2023&until=2023")
    assert {(r["holder_label"], r["target_label"], r["polarity"]) for r in both} == {
        ("Russia", "Ukraine", "oppose")}
    assert len(both) == 1
    assert rows(client, "?holder=zz") == []
    assert rows(client, "?expert=nobody") == []


def test_counts_per_facet_value_agree_with_sparql(client) -> None:
    document = client.get("/stances.json?polarity=oppose").get_json()
    facets = document["facets"]
    assert document["selection"] == {"polarity": "oppose"}
    for value in facets["holder"]:
        assert value["count"] == sparql_count(
            client, f"?s kg:polarity kg:Oppose ; kg:holder <{value['iri']}>")
    for value in facets["publisher"]:
        assert value["count"] == sparql_count(
            client, f"?s kg:polarity kg:Oppose ; kg:statedIn/schema:publisher <{value['iri']}>")
    assert {v["value"]: v["count"] for v in facets["polarity"]} == {
        "oppose": sparql_count(client, "?s kg:polarity kg:Oppose")}
    years = {v["value"]: v["count"] for v in facets["year"]}
    assert years == {y: sparql_count(client, f"?s kg:polarity kg:Oppose ; kg:statedIn/"
                                             f"schema:datePublished ?d FILTER(STRSTARTS(STR(?d),"
                                             f" '{y}'))") for y in ("2023", "2024")}


def test_the_page_links_each_facet_value_with_the_whole_selection_in_its_url(client) -> None:
    page = parse(client.get("/stances?polarity=support"))
    (genre_link,) = page.xpath("//section[@data-facet='genre']//a[.='Analysis']/@href")
    assert parse_qs(urlsplit(genre_link).query) == {"polarity": ["support"],
                                                    "genre": ["Analysis"]}
    narrowed = parse(client.get("/stances" + genre_link))
    count = narrowed.xpath("string(//section[@data-facet='genre']//li[span[@aria-current]]"
                           "/span[@class='count'])")
    assert int(count) == len(narrowed.xpath("//table[@class='stances']/tbody/tr"))
    (remove,) = narrowed.xpath("//section[@data-facet='genre']//a[@class='remove']/@href")
    assert parse_qs(urlsplit(remove).query) == {"polarity": ["support"]}
    (year,) = page.xpath("//section[@data-facet='year']//a[.='2024']/@href")
    assert parse_qs(urlsplit(year).query) == {"polarity": ["support"], "since": ["2024"],
                                              "until": ["2024"]}


@pytest.mark.parametrize("query", ["?polarity=maybe", "?genre=Poem", "?since=last+week",
                                   "?holder=country/t%20r", "?expert=<script>"])
def test_a_malformed_facet_is_a_bad_request_that_names_it(client, query: str) -> None:
    for path in ("/stances", "/stances.json", "/stances.csv"):
        answer = client.get(path + query)
        assert answer.status_code == 400
        name = query[1:].split("=")[0]
        assert name in answer.get_data(as_text=True)


@pytest.mark.parametrize("name", ["articles", "experts", "countries", "stances", "search"])
def test_every_list_comes_as_json_and_csv_with_the_same_rows(client, name: str) -> None:
    query = "?q=russia" if name == "search" else "?page=1"
    html = client.get(f"/{name}{query}")
    links = {link.params["type"]: link.url for link in _links(html.headers["Link"])}
    assert links["application/json"] == f"{BASE}{name}.json{query}"
    assert links["text/csv"] == f"{BASE}{name}.csv{query}"
    as_json = client.get(f"/{name}.json{query}")
    assert as_json.mimetype == "application/json"
    as_csv = client.get(f"/{name}.csv{query}")
    assert as_csv.mimetype == "text/csv"
    json_rows = as_json.get_json()["rows"]
    csv_rows = list(csv.DictReader(io.StringIO(as_csv.get_data(as_text=True))))
    assert json_rows and [r["iri"] for r in csv_rows] == [r["iri"] for r in json_rows]
    back = {link.params["type"] for link in _links(as_json.headers["Link"])}
    assert back == {"text/html", "text/csv"}
    if name != "search":
        page = parse(html)
        shown = page.xpath("//tbody/tr/td[1]/a/@href")
        assert len(shown) == len(json_rows)


def test_empty_csv_still_names_its_columns(client) -> None:
    text = client.get("/stances.csv?holder=zz").get_data(as_text=True)
    assert text.splitlines() == [
        "iri,label,holder,holder_label,target,target_label,polarity,article,article_label,"
        "evidence,start,end,confidence,rule,expert,expert_label,activity,activity_label"]


def test_the_home_pages_held_and_received_counts_link_to_as_many_stances(client) -> None:
    home = parse(client.get("/"))
    for cell in home.xpath("//section[h2='Countries by stances']//td[@class='num']/a"):
        listed = rows(client, "?" + urlsplit(cell.get("href")).query)
        assert len(listed) == int(cell.text)
