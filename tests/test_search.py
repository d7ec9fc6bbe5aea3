"""Full-text search: an SQLite FTS5 index beside the store, kept by ingest, rebuilt by `kg reindex`.

What the index finds is compared with what SPARQL says the store holds.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE, SAMPLES, make_app, store_extractions
from test_pages import HEADLINE, parse, seed_extraction

from kg.cli import cli
from kg.pipeline.ingest import Pipeline
from kg.search import SearchIndex, fts_query, index_location
from kg.store import EmbeddedStore
from kg.store.server import free_port, start_store_server


@pytest.fixture
def pages(store: EmbeddedStore):  # type: ignore[no-untyped-def]
    """The application over the hand-built interview; its index is built at the first search."""
    store_extractions(store, seed_extraction())
    return make_app(store).test_client()


def hits(client, query: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Every hit of a search, as JSON rows."""
    answer = client.get("/search.json", query_string={"q": query})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()["rows"]  # type: ignore[no-any-return]


def articles_in(store: EmbeddedStore) -> dict[str, str]:
    """Every full article in the store and its headline, as SPARQL gives them."""
    rows = store.select("SELECT ?a ?h WHERE { ?a <https://schema.org/articleBody> ?b ; "
                        "<https://schema.org/headline> ?h }")
    return {r["a"].value: r["h"].value for r in rows}


@pytest.mark.parametrize(("query", "kind", "label"), [
    ("kakaei", "expert", "Siyamak Kakaei"),  # a name, by its last word
    ("drones", "article", HEADLINE),  # a headline word
    ("upset", "article", HEADLINE),  # a word of the body only
    ("researcher", "expert", "Siyamak Kakaei"),  # the expert's description
    ("Turkish", "country", "Türkiye"),  # a demonym
    ("turkiye", "country", "Türkiye"),  # without the diacritic
    ("Russian Federation", "country", "Russia"),  # the official name
])
def test_search_covers_names_headlines_bodies_descriptions_and_country_variants(
        pages, query: str, kind: str, label: str) -> None:
    assert (kind, label) in {(h["kind"], h["label"]) for h in hits(pages, query)}


def test_names_and_headlines_rank_above_bodies_by_bm25(pages) -> None:
    found = hits(pages, "ukraine")
    assert found[0]["label"] == "Ukraine"  # named so, where the article only mentions it
    assert "article" in {h["kind"] for h in found}


def test_a_quoted_phrase_matches_its_words_in_that_order_only(pages) -> None:
    assert [h["kind"] for h in hits(pages, '"close relations with Ukraine"')] == ["article"]
    assert hits(pages, '"relations close"') == []


def test_snippets_mark_the_matched_words(pages) -> None:
    page = parse(pages.get("/search?q=upset"))
    (item,) = page.xpath("//ol[@class='hits']/li[@data-kind='article']")
    assert [m.lower() for m in item.xpath(".//p[@class='snippet']/mark/text()")] == ["upset"]
    (row,) = [h for h in hits(pages, "upset") if h["kind"] == "article"]
    start, end = map(int, row["matches"].split("-"))
    assert row["snippet"][start:end].lower() == "upset"


def test_results_count_each_kind_and_narrow_to_one(pages) -> None:
    document = pages.get("/search.json?q=turk").get_json()
    assert {"article", "country", "expert"} <= set(document["kinds"])
    assert document["total"] == len(document["rows"]) == sum(document["kinds"].values())
    for kind, count in document["kinds"].items():
        only = pages.get(f"/search.json?q=turk&kind={kind}").get_json()["rows"]
        assert len(only) == count and {h["kind"] for h in only} == {kind}
    page = parse(pages.get("/search?q=turk"))
    assert page.xpath("//nav[@class='kinds']/a[@data-kind='country']/@href")
    assert pages.get("/search?q=turk&kind=widget").status_code == 400


def test_typed_operators_are_searched_as_text_never_as_query_syntax(pages) -> None:
    assert fts_query('NEAR(a b) OR "x" AND -y*') == '"NEAR"* "a"* "b"* "OR"* "x" "AND"* "y"*'
    for query in ('" } ; DROP ALL', "NEAR(", "*", "'", "kakaei OR"):
        assert pages.get("/search", query_string={"q": query}).status_code == 200, query
    assert hits(pages, '" } ; DROP ALL') == []


def test_search_results_come_as_csv_too(pages) -> None:
    text = pages.get("/search.csv?q=kakaei").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["label"] for r in rows] == [h["label"] for h in hits(pages, "kakaei")]


def test_an_article_is_found_exactly_when_it_is_in_the_store(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as store:
        list(Pipeline(BASE, store).run([SAMPLES]))
        index = SearchIndex.beside(store)
        stored = articles_in(store)
        assert stored
        for iri, headline in stored.items():
            found = index.search(f'"{headline}"', kind="article", limit=50).hits
            assert iri in {h.iri for h in found}, headline
        assert index.counts()["article"] == len(stored)
        # A graph dropped behind the index's back: refreshing that IRI drops it too.
        gone = sorted(stored)[0]
        store.drop_graph(gone.replace("/id/article/", "/graph/article/"))
        index.refresh(store, [gone])
        assert gone not in {h.iri for h in index.search(f'"{stored[gone]}"').hits}


def test_kg_reindex_rebuilds_the_index_beside_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(cli, ["--store", str(folder), "ingest", "-j", "1", str(SAMPLES)]
                         ).exit_code == 0
    location = index_location(str(folder))
    assert location == tmp_path / "store.search.sqlite" and location.exists()
    location.unlink()
    result = runner.invoke(cli, ["--store", str(folder), "reindex"])
    assert result.exit_code == 0, result.output
    with EmbeddedStore(folder) as store:
        stored = len(articles_in(store))
    assert SearchIndex(location).counts()["article"] == stored


@pytest.fixture
def remote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An Oxigraph server as a remote store, its index in a file the test names."""
    monkeypatch.setenv("KG_SEARCH_INDEX", str(tmp_path / "remote.sqlite"))
    port = free_port()
    process, _ = start_store_server(str(tmp_path / "served"), port=port)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait()


def test_search_works_over_a_remote_store(remote: str) -> None:
    result = CliRunner().invoke(cli, ["--store", remote, "ingest", "-j", "1", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    client = make_app(remote).test_client()
    found = client.get("/search.json?q=serbia&kind=country").get_json()["rows"]
    assert [h["label"] for h in found] == ["Serbia"]
