"""One copy of each shared fact: experts, publishers and activities live in their own graphs.

The SPARQL default graph is the union of the named graphs and keeps one copy of a triple per
graph that holds it, so a researcher's COUNT without DISTINCT is right only if an expert's
name and type are held once, not once per article. Replacing an article keeps that true, and
an expert that no article names any more disappears.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus import write_corpus
from kg.pipeline.ingest import Pipeline
from kg.store import EmbeddedStore
from kg.uris import URIs

BASE = "http://localhost:5000/"
URI = URIs(BASE)
PREFIXES = "PREFIX kg: <https://w3id.org/stancegraph/vocab#> PREFIX schema: <https://schema.org/> "
PATTERNS = {
    "experts": "?x a kg:Expert",
    "publishers": "?x a schema:Organization FILTER EXISTS { ?article schema:publisher ?x }",
    "countries": "?x a kg:Country",
    "activities": "?x a <http://www.w3.org/ns/prov#Activity>",
}


def count(store: EmbeddedStore, pattern: str, *, distinct: bool = False) -> int:
    """Count the solutions of a pattern as a researcher would, with or without DISTINCT."""
    [row] = store.select(f"{PREFIXES} SELECT (COUNT({'DISTINCT ' if distinct else ''}?x) AS ?n)"
                         f" WHERE {{ {pattern} }}")
    return int(row["n"].value)


def ingest(store: EmbeddedStore, *paths: Path) -> None:
    """Ingest files and check that every article was stored."""
    outcomes = list(Pipeline(BASE, store).run(paths))
    assert outcomes and all(o.status == "stored" for o in outcomes), outcomes


def test_count_without_distinct_counts_each_shared_thing_once(store: EmbeddedStore,
                                                             tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", 60, 0)
    ingest(store, tmp_path / "corpus")
    # The corpus names some experts and publishers in several articles, so counting a copy
    # per article would show.
    for link in ("kg:interviewee", "schema:publisher"):
        assert store.select(f"{PREFIXES} SELECT ?x WHERE {{ ?a {link} ?x }} GROUP BY ?x "
                            f"HAVING (COUNT(?a) > 1) LIMIT 1"), link
    for kind, pattern in PATTERNS.items():
        assert count(store, pattern) == count(store, pattern, distinct=True) > 0, kind


def named(store: EmbeddedStore, thing: str) -> bool:
    """Say whether the store holds any triple about a thing."""
    return bool(store.query(f"ASK {{ GRAPH ?g {{ <{thing}> ?p ?o }} }}"))


def rename(page: Path, old: str, new: str, target: Path) -> Path:
    """Write a copy of a page with one name replaced by another."""
    target.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return target


def test_an_expert_no_article_names_any_more_disappears(seed: Path, store: EmbeddedStore,
                                                        tmp_path: Path) -> None:
    old, new = URI.expert("Siyamak Kakaei"), URI.expert("Parisa Mohammadi")
    page = rename(seed, "Siyamak Kakaei", "Siyamak Kakaei", tmp_path / "page.txt")
    ingest(store, page)
    assert named(store, old) and URI.entity_graph(old) in store.graph_names()
    rename(seed, "Siyamak Kakaei", "Parisa Mohammadi", page)
    ingest(store, page)
    assert not named(store, old) and URI.entity_graph(old) not in store.graph_names()
    assert named(store, new)
    # The publisher and the extraction activity are still named: they stay.
    assert count(store, PATTERNS["publishers"]) == count(store, PATTERNS["activities"]) == 1


def test_an_expert_another_article_still_names_stays(seed: Path, store: EmbeddedStore,
                                                     tmp_path: Path) -> None:
    expert = URI.expert("Siyamak Kakaei")
    page = rename(seed, "Siyamak Kakaei", "Siyamak Kakaei", tmp_path / "page.txt")
    other = rename(seed, "Russia’s Approach", "Moscow’s Approach", tmp_path / "other.txt")
    ingest(store, page, other)
    assert count(store, PATTERNS["experts"]) == 1
    rename(seed, "Siyamak Kakaei", "Parisa Mohammadi", page)
    ingest(store, page)
    assert named(store, expert)
    assert count(store, PATTERNS["experts"]) == count(store, PATTERNS["experts"], distinct=True)
    assert count(store, PATTERNS["experts"]) == 2


@pytest.mark.parametrize("pattern", PATTERNS.values(), ids=PATTERNS.keys())
def test_re_ingest_leaves_the_counts_as_they_were(seed: Path, store: EmbeddedStore,
                                                  pattern: str) -> None:
    ingest(store, seed)
    before = count(store, pattern)
    ingest(store, seed)
    assert count(store, pattern) == before
