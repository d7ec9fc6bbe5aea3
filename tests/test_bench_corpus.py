"""The benchmark corpus: deterministic, realistically skewed, and read by kg as it was written."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

# bench/ is a folder of the repository, not part of the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import COUNTRIES, generate, generate_article, write_corpus
from bench.loadgen import run_load
from bench.stores import BASE_URI, build_nquads
from kg.pipeline.ingest import Pipeline
from kg.store import EmbeddedStore
from kg.uris import URIs

KG = "https://w3id.org/stancegraph/vocab#"
SCHEMA = "https://schema.org/"
POLARITY = {"support": "Support", "oppose": "Oppose", "neutral": "Neutral"}
uris = URIs(BASE_URI)


def test_an_article_depends_only_on_its_index_and_seed() -> None:
    assert generate_article(17, seed=3) == generate_article(17, seed=3)
    assert generate_article(17, seed=3).text != generate_article(17, seed=4).text
    assert list(generate(4, seed=3, start=15)) == [generate_article(i, 3) for i in range(15, 19)]


def test_written_corpora_are_identical_byte_for_byte(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "a", 20, seed=9)
    second = write_corpus(tmp_path / "b", 20, seed=9)
    assert [p.name for p in first] == sorted(p.name for p in first)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_pages_have_the_seed_layout() -> None:
    lines = [line for line in generate_article(5).text.split("\n") if line]
    assert "—Interview: " in lines[2]
    assert lines.index("0 Comments") < lines.index("LATEST CONTENT") < lines.index("Loading")


def test_countries_are_skewed_and_experts_many() -> None:
    articles = list(generate(3000, seed=1))
    mentions = Counter(iso2 for a in articles for iso2 in a.countries)
    top, _ = COUNTRIES[0]
    ranked = [count for _, count in mentions.most_common()]
    assert len(mentions) >= 50
    assert ranked[0] > 10 * ranked[-1]
    assert mentions[dict(COUNTRIES)[top]] == ranked[0]
    experts = Counter(a.expert for a in articles)
    assert len(experts) >= 1000
    assert experts.most_common(1)[0][1] >= 5
    phrasings = [len({s.sentence for s in a.stances}) for a in articles]
    assert min(phrasings) >= 2 and max(phrasings) <= 6
    assert {s.polarity for a in articles for s in a.stances} == {"support", "oppose", "neutral"}


def _stances(store: EmbeddedStore, article: str) -> set[tuple[str, str, str]]:
    rows = store.select(f"""SELECT ?h ?t ?p WHERE {{ ?s <{KG}statedIn> <{article}> ;
        <{KG}holder> ?h ; <{KG}target> ?t ; <{KG}polarity> ?p }}""")
    return {(r["h"].value, r["t"].value, r["p"].value) for r in rows}


def test_articles_ingest_validate_and_say_what_was_written(tmp_path: Path) -> None:
    written = list(generate(8, seed=2))
    folder = tmp_path / "corpus"
    write_corpus(folder, 8, seed=2)
    with EmbeddedStore(tmp_path / "store") as store:
        outcomes = list(Pipeline(BASE_URI, store).run([folder]))
        assert [o.status for o in outcomes] == ["stored"] * 8, [o.messages for o in outcomes]
        for article in written:
            iri = uris.article(article.headline)
            expected = {(uris.country(s.holder), uris.country(s.target),
                         KG + POLARITY[s.polarity]) for s in article.stances}
            assert _stances(store, iri) == expected
            mentioned = {r["c"].value for r in store.select(
                f"SELECT ?c WHERE {{ <{iri}> <{SCHEMA}mentions> ?c }}")}
            assert mentioned == {uris.country(c) for c in article.countries}
            names = {r["n"].value for r in store.select(
                f"SELECT ?n WHERE {{ <{iri}> <{KG}interviewee>/<{SCHEMA}name> ?n }}")}
            assert names == {article.expert}


def test_bulk_nquads_hold_one_graph_per_article_and_per_shared_thing() -> None:
    quads = list(ox.parse(build_nquads((4, 3, 0)), ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value for q in quads}  # type: ignore[union-attr]
    articles = {uris.article_graph(generate_article(i).headline) for i in range(4, 7)}
    assert articles <= graphs
    experts = {uris.entity_graph(uris.expert(generate_article(i).expert)) for i in range(4, 7)}
    assert graphs - articles >= experts
    assert all("/graph/article/" in g or uris.entity_graph(g.replace("/graph/", "/id/")) == g
               for g in graphs)
    stance_type = ox.NamedNode(KG + "Stance")
    assert any(q.object == stance_type for q in quads)


def test_load_is_only_sent_to_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        run_load("http://example.org:80", ["/"], seconds=1)
