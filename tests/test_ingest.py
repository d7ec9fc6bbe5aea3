"""The pipeline end to end: files in, validated article graphs in a real store, never half."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.namespaces import IPTC_GENRE, KG, PROV, SCHEMA
from kg.pipeline.ingest import Pipeline
from kg.store import EmbeddedStore
from kg.uris import URIs

BASE = "http://localhost:5000/"
URI = URIs(BASE)
SEED_HEADLINE = "Russia’s Approach to the Supply of Turkish Drones to Ukraine"


def article_graph(store: EmbeddedStore, headline: str) -> Graph:
    """Read one article's named graph back into rdflib."""
    return named_graph(store, URI.article_graph(headline))


def named_graph(store: EmbeddedStore, name: str) -> Graph:
    """Read one named graph back into rdflib."""
    triples = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
    graph = Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


def snapshot(store: EmbeddedStore) -> set[str]:
    """Every quad of the store but the modification stamp, as N-Quads lines."""
    rows = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                        "FILTER(?g != <urn:stancegraph:meta>) }")
    return {f"{r['s']} {r['p']} {r['o']} {r['g']}" for r in rows}


def test_the_seed_becomes_one_interview_with_its_expert_countries_stances_and_teasers(
        seed: Path, store: EmbeddedStore) -> None:
    [outcome] = list(Pipeline(BASE, store).run([seed]))
    assert outcome.status == "stored", outcome.messages
    g = article_graph(store, SEED_HEADLINE)
    article = URIRef(URI.article(SEED_HEADLINE))
    assert (article, RDF.type, KG.Interview) in g
    assert g.value(article, SCHEMA.headline) == Literal(SEED_HEADLINE)
    [expert] = list(g.objects(article, KG.interviewee))
    # What the expert is and is called lives once, in the expert's own graph.
    own = named_graph(store, URI.thing("expert", "siyamak-kakaei").replace("/id/", "/graph/"))
    assert (expert, RDF.type, KG.Expert) in own and (expert, RDF.type, KG.Expert) not in g
    assert own.value(expert, SCHEMA.name) == Literal("Siyamak Kakaei")
    mentioned = {str(c).rsplit("/", 1)[1] for c in g.objects(article, SCHEMA.mentions)}
    assert {"tr", "ua", "ru"} <= mentioned
    stances = list(g.subjects(RDF.type, KG.Stance))
    assert len(stances) >= 3
    body = str(g.value(article, SCHEMA.articleBody))
    for stance in stances:
        start, end = (int(g.value(stance, p)) for p in (KG.evidenceStart, KG.evidenceEnd))
        assert body[start:end] == str(g.value(stance, KG.evidenceText))
        assert g.value(stance, PROV.wasAttributedTo) == expert
    related = list(g.objects(article, KG.relatedArticle))
    assert len(related) == 4
    assert all(len(list(g.objects(r, SCHEMA.headline))) == 1 for r in related)


def test_ingesting_the_same_article_again_changes_nothing(seed: Path,
                                                          store: EmbeddedStore) -> None:
    pipeline = Pipeline(BASE, store)
    list(pipeline.run([seed]))
    before = snapshot(store)
    list(pipeline.run([seed]))
    assert snapshot(store) == before


def test_the_reference_graphs_are_loaded_once(store: EmbeddedStore, tmp_path: Path) -> None:
    record = tmp_path / "a.json"
    record.write_text(json.dumps({"title": "Ghana and Togo", "body": "Ghana backs Togo."}))
    list(Pipeline(BASE, store).run([record]))
    count = store.quad_count()
    list(Pipeline(BASE, store).run([record]))
    assert store.quad_count() == count
    assert bool(store.query(f"ASK {{ GRAPH <{URI.graph('countries')}> "
                            "{ ?c <https://w3id.org/stancegraph/vocab#iso3166Alpha2> 'TR' } }"))


def test_a_violating_article_is_rejected_with_its_messages_and_the_store_is_unchanged(
        sample_store: EmbeddedStore, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(f"""
        @prefix schema: <https://schema.org/> . @prefix kg: <{KG}> .
        <{BASE}id/article/x> a kg:Interview, schema:NewsArticle ;
            schema:articleBody "Body." .
    """)
    before = snapshot(sample_store)
    [outcome] = list(Pipeline(BASE, sample_store).run([bad]))
    assert outcome.status == "rejected"
    assert any("headline" in line for line in outcome.messages)
    assert any(f"{BASE}id/article/x" in line or "article/x" in line for line in outcome.messages)
    assert snapshot(sample_store) == before


def test_unreadable_input_is_reported_by_file_and_nothing_is_stored(
        store: EmbeddedStore, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "x", "body": ')
    [outcome] = list(Pipeline(BASE, store).run([broken]))
    assert outcome.status == "unreadable"
    assert outcome.source.endswith("broken.json")
    assert not [g for g in store.graph_names() if "/graph/article/" in g]


def test_an_interview_whose_interviewee_is_not_found_is_kept_as_a_news_article(
        store: EmbeddedStore, tmp_path: Path) -> None:
    page = tmp_path / "unnamed.json"
    page.write_text(json.dumps({
        "url": "https://review.example/a", "title": "Ports and Patience", "date": "2025-02-03",
        "publisher": "Review", "body": "Review—Interview: Ghana has backed Togo on the port.",
    }))
    [outcome] = list(Pipeline(BASE, store).run([page]))
    assert outcome.status == "stored", outcome.messages
    article = URIs(BASE).article("Ports and Patience")
    types = {r["t"].value for r in store.select(
        f"SELECT ?t WHERE {{ GRAPH ?g {{ <{article}> a ?t }} }}")}
    genres = {r["g"].value for r in store.select(
        f"SELECT ?g WHERE {{ GRAPH ?x {{ <{article}> <{SCHEMA.genre}> ?g }} }}")}
    assert str(SCHEMA.NewsArticle) in types and str(KG.Interview) not in types
    assert str(IPTC_GENRE.Interview) in genres


def test_validation_without_a_store_stores_nothing(seed: Path) -> None:
    [outcome] = list(Pipeline(BASE, None).run([seed]))
    assert outcome.status == "valid" and outcome.triples > 50


@pytest.mark.parametrize("suffix", [".txt", ".html", ".json", ".jsonl"])
def test_every_sample_format_is_ingested(suffix: str, store: EmbeddedStore) -> None:
    files = sorted(Path(__file__).resolve().parents[1].joinpath("samples").glob(f"*{suffix}"))
    assert files, f"no {suffix} sample"
    outcomes = list(Pipeline(BASE, store).run(files))
    assert [o.status for o in outcomes] == ["stored"] * len(outcomes), [
        (o.source, o.messages) for o in outcomes]


def test_worker_processes_store_what_one_process_stores(tmp_path: Path) -> None:
    """More files than one task holds, checked by two worker processes: the same graphs."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    samples = sorted(Path(__file__).resolve().parents[1].joinpath("samples").glob("*.txt"))
    for copy in range(6):
        for sample in samples:
            title, rest = sample.read_text(encoding="utf-8").split("\n", 1)
            (corpus / f"{copy}-{sample.name}").write_text(f"{title} ({copy})\n{rest}",
                                                          encoding="utf-8")
    assert len(list(corpus.iterdir())) > 32
    stores = []
    for jobs in (1, 2):
        store = EmbeddedStore(tmp_path / f"store-{jobs}")
        outcomes = list(Pipeline(BASE, store, jobs=jobs).run([corpus]))
        assert {o.status for o in outcomes} == {"stored"}
        stores.append(store)
    # The vocabulary's blank nodes get new labels in each store: compare the articles' graphs.
    articles = [{q for q in snapshot(store) if f"{BASE}graph/article/" in q} for store in stores]
    assert articles[0] == articles[1] and len(articles[0]) > 1000
    for store in stores:
        store.close()


def test_an_rdf_file_cannot_overwrite_the_reference_graphs(sample_store: EmbeddedStore,
                                                           tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.trig"
    hostile.write_text(f"<{BASE}graph/countries> {{ <http://x/a> <http://x/b> <http://x/c> }}")
    before = snapshot(sample_store)
    [outcome] = list(Pipeline(BASE, sample_store).run([hostile]))
    assert outcome.status == "unreadable" and "stancegraph's own" in outcome.messages[0]
    assert snapshot(sample_store) == before


def test_an_article_url_that_is_no_iri_is_a_clear_error(store: EmbeddedStore,
                                                        tmp_path: Path) -> None:
    record = tmp_path / "a.json"
    record.write_text(json.dumps({"title": "Ghana and Togo", "body": "Ghana backs Togo.",
                                  "url": "see page 3"}))
    [outcome] = list(Pipeline(BASE, store).run([record]))
    assert outcome.status == "unreadable" and "not an absolute IRI" in outcome.messages[0]
