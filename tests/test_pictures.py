"""The pictures' data (/pictures/{name}.json, .csv, .ttl) and their tables in the pages.

Every count is checked against SPARQL over the same store, never against numbers written here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import BASE, make_app, store_extractions
from rdflib import Graph, Namespace
from rdflib.namespace import RDF
from test_facets import sparql_count, variant
from test_pages import parse, seed_extraction

from kg.store import EmbeddedStore

KG = Namespace("https://w3id.org/stancegraph/vocab#")
RU, UA = f"{BASE}id/country/ru", f"{BASE}id/country/ua"


@pytest.fixture
def client(store: EmbeddedStore):  # type: ignore[no-untyped-def]
    """Two experts in two years; in the later article Russia supports Ukraine instead."""
    seed = seed_extraction()
    turned = [replace(s, polarity="support") if (s.holder.key, s.target.key) == ("RU", "UA")
              else s for s in seed.stances]
    store_extractions(store, variant(seed, "First", "Strategic Council Online", "Interview",
                                     "2023-05-01", "Siyamak Kakaei"),
                      variant(replace(seed, stances=turned), "Second", "Tehran Times",
                              "Analysis", "2024-07-10", "Ali Bigdeli"))
    return make_app(store).test_client()


def rows(client, name: str, query: str = "") -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Read a picture's rows as JSON."""
    answer = client.get(f"/pictures/{name}.json{query}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()["rows"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("query", ["", "?expert=ali-bigdeli", "?since=2024", "?polarity=oppose"])
def test_network_edges_count_the_selected_stances_per_holder_target_and_polarity(
        client, query: str) -> None:
    edges = rows(client, "network", query)
    assert edges
    narrowing = {"": "", "?expert=ali-bigdeli": f"?s <http://www.w3.org/ns/prov#wasAttributedTo> "
                                                f"<{BASE}id/expert/ali-bigdeli> .",
                 "?since=2024": "?s kg:statedIn/schema:datePublished ?d FILTER(STR(?d) >= '2024')",
                 "?polarity=oppose": "?s kg:polarity kg:Oppose ."}[query]
    for edge in edges:
        polarity = str(edge["polarity"]).capitalize()
        assert edge["count"] == sparql_count(
            client, f"{narrowing} ?s kg:holder <{edge['holder']}> ; kg:target <{edge['target']}>"
                    f" ; kg:polarity kg:{polarity}")
    assert sum(int(str(e["count"])) for e in edges) == sparql_count(client, narrowing)


def test_each_picture_comes_as_csv_and_as_the_rdf_of_its_stances(client) -> None:
    for name in ("network", "countries", "timeline", "changes", "grid"):
        as_csv = client.get(f"/pictures/{name}.csv?country=ru")
        assert as_csv.mimetype == "text/csv"
        table = list(csv.DictReader(io.StringIO(as_csv.get_data(as_text=True))))
        assert len(table) == len(rows(client, name, "?country=ru")), name
    turtle = client.get("/pictures/network.ttl?country=ru")
    assert turtle.mimetype == "text/turtle"
    graph = Graph().parse(data=turtle.get_data(as_text=True), format="turtle")
    stances = set(graph.subjects(RDF.type, KG.Stance))
    pattern = f"{{ ?s kg:holder <{RU}> }} UNION {{ ?s kg:target <{RU}> }}"
    assert len(stances) == sparql_count(client, pattern)
    links = {link.split(";")[0].strip(" <>") for link in turtle.headers["Link"].split(",")}
    assert links == {f"{BASE}pictures/network.json?country=ru",
                     f"{BASE}pictures/network.csv?country=ru"}


def test_a_changed_position_is_listed_with_its_date(client) -> None:
    (change,) = rows(client, "changes")
    assert (change["holder"], change["target"], change["before"], change["after"],
            change["date"]) == (RU, UA, "oppose", "support", "2024-07-10")
    page = parse(client.get("/doc/country/ru.html"))
    (item,) = page.xpath("//ul[@class='changes']/li")
    assert "2024-07-10" in item.text_content() and "Ukraine" in item.text_content()


def test_the_timeline_is_drawn_on_the_server_with_every_dated_stance(client) -> None:
    points = rows(client, "timeline", "?country=tr")
    page = parse(client.get("/doc/country/tr.html"))
    bars = page.xpath("//svg[@data-picture='timeline']/rect")
    assert sum(int(b.get("data-count")) for b in bars) == sum(int(str(p["count"]))
                                                             for p in points)
    dated = "?s kg:statedIn/schema:datePublished ?d ."
    assert sum(int(str(p["count"])) for p in points) == sparql_count(
        client, f"{dated} {{ ?s kg:holder <{BASE}id/country/tr> }} UNION "
                f"{{ ?s kg:target <{BASE}id/country/tr> }}")
    assert {b.get("data-month") for b in bars} == {"2023-05", "2024-07"}


def test_the_grid_cells_link_to_as_many_stances_as_they_count(client) -> None:
    page = parse(client.get("/network"))
    cells = page.xpath("//table[@data-picture='grid']//td[@data-count]")
    assert len(cells) == len(rows(client, "grid"))
    for cell in cells:
        (link,) = cell.xpath("a/@href")
        params = parse_qs(urlsplit(link).query)
        assert set(params) == {"expert", "target"}
        listed = client.get("/stances.json?" + urlsplit(link).query).get_json()["rows"]
        assert len(listed) == int(cell.get("data-count"))
        assert cell.get("class").split()[-1] in ("support", "oppose", "neutral")


def test_entity_pages_show_their_network_with_a_table_and_its_data_address(client) -> None:
    article = client.get("/articles.json").get_json()["rows"][0]["iri"]
    for path, facet in (("/doc/country/ru.html", "country=ru"),
                        ("/doc/expert/ali-bigdeli.html", "expert=ali-bigdeli"),
                        (f"/doc/article/{article.rsplit('/', 1)[1]}.html",
                         f"article={article.rsplit('/', 1)[1]}")):
        page = parse(client.get(path))
        (canvas,) = page.xpath("//div[@data-picture='network']")
        assert canvas.get("data-src") == f"/pictures/network.json?{facet}"
        edges = rows(client, "network", "?" + facet)
        table = canvas.xpath("../details//tbody/tr")
        assert len(table) == len(edges) > 0
        assert str(len(edges)) in canvas.get("aria-label")
    home = parse(client.get("/"))
    assert home.xpath("//div[@data-picture='choropleth']/@data-src") == [
        "/pictures/countries.json"]


def test_a_malformed_selection_of_a_picture_is_a_bad_request(client) -> None:
    answer = client.get("/pictures/network.json?since=yesterday")
    assert answer.status_code == 400 and "since" in answer.get_data(as_text=True)
    assert client.get("/pictures/elsewhere.json").status_code == 404
