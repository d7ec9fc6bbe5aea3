"""Fuzzed input files through the whole ingest (read, extract, build, validate, store).

For every supported suffix, hypothesis writes files of random bytes, random text, and valid
articles broken by edits (cut, spliced, flipped, stuffed with delimiters), and ingests them
into a real embedded store. Whatever the input: no exception escapes but the one-line
InputError the command line prints; a rejected file leaves every graph as it was; a stored
one changes only the graphs it names. `make fuzz` runs the same with KG_FUZZ_SCALE=50.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import BASE, SAMPLES, fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

from kg.formats import RDF_FORMATS
from kg.namespaces import META_GRAPH
from kg.pipeline.ingest import Pipeline
from kg.store import EmbeddedStore
from kg.uris import SHARED_KINDS

ARTICLE_SEEDS = {".txt": "001-sahel-ecowas-exit.txt", ".html": "008-grain-eastern-flank.html",
                 ".json": "012-poultry-tariffs.json", ".jsonl": "015-northbridge-notes.jsonl"}
RDF_SUFFIXES = {f".{f.extension}": f for f in RDF_FORMATS.values()}
# What breaks parsers most: delimiters, escapes, quotes, odd code points and encodings.
NASTY = [b"{", b"}", b"[", b"]", b"<", b">", b'"', b"'", b"\\", b"\\u", b"\x00", b"\xff\xfe",
         b"\xef\xbb\xbf", b"\r", b"\n\n\n", b"@prefix", b"_:b", b"^^", b"@", b"<!--", b"<script>",
         b"&#0;", b"&amp", b"\xed\xa0\x80", b"\xf0\x9f\x98", "\u202e".encode(), b"\t" * 40,
         b'{"body": ', b"null", b"1e999999", b"-- ", b"https://", b"\x1b[31m"]


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    """One pipeline over one real embedded store, shared by every example of the module."""
    with EmbeddedStore(tmp_path_factory.mktemp("fuzz") / "store") as store:
        ready = Pipeline(BASE, store, jobs=1)
        list(ready.run([SAMPLES / "001-sahel-ecowas-exit.txt"]))  # data to keep unchanged
        yield ready


@pytest.fixture(scope="module")
def seeds(pipeline: Pipeline) -> dict[str, bytes]:
    """A valid file for each suffix: the article samples, and one stored article's graph (with
    the descriptions of the things it names, kept in their own graphs) in each RDF syntax."""
    made = {suffix: (SAMPLES / name).read_bytes() for suffix, name in ARTICLE_SEEDS.items()}
    assert pipeline.store is not None
    [graph] = [g for g in pipeline.store.graph_names() if "/graph/article/" in g]
    for suffix, fmt in RDF_SUFFIXES.items():
        output = ox.Store()
        output.extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(graph))
                      for q in pipeline.store.construct(  # with what it links to, described once
                          f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
                          f" UNION {{ GRAPH <{graph}> {{ ?x ?link ?s }}"
                          f" GRAPH ?shared {{ ?s ?p ?o }} FILTER(?shared != <{graph}>) }} }}"))
        made[suffix] = output.dump(format=fmt.rdf, from_graph=None if fmt.datasets
                                   else ox.NamedNode(graph)) or b""
    return made


@st.composite
def broken(draw: st.DrawFn, seed: bytes) -> bytes:
    """A valid file with a few random edits: cut, deleted, inserted, duplicated or replaced."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["cut", "delete", "insert", "duplicate", "nasty"]))
        if edit == "cut":
            del data[at:]
        elif edit == "delete":
            del data[at:at + draw(st.integers(1, 200))]
        elif edit == "insert":
            data[at:at] = draw(st.one_of(st.binary(max_size=40),
                                         st.text(max_size=40).map(str.encode)))
        elif edit == "duplicate":
            data[at:at] = data[max(0, at - 300):at]
        else:
            data[at:at] = draw(st.sampled_from(NASTY)) * draw(st.integers(1, 3))
    return bytes(data)


def inputs(seed: bytes) -> st.SearchStrategy[bytes]:
    """Random bytes, random text, and broken versions of a valid file (most of the examples)."""
    return st.one_of(st.binary(max_size=3000), st.text(max_size=3000).map(str.encode),
                     broken(seed), broken(seed), broken(seed))


def graph_sizes(pipeline: Pipeline) -> Counter[str]:
    """Triples per named graph, the modification stamp left out."""
    assert pipeline.store is not None
    rows = pipeline.store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                                 f"FILTER(?g != <{META_GRAPH}>) }} GROUP BY ?g")
    return Counter({r["g"].value: int(r["n"].value) for r in rows})


@pytest.mark.parametrize("suffix", [*ARTICLE_SEEDS, *RDF_SUFFIXES])
def test_a_fuzzed_file_is_stored_whole_or_rejected_in_one_line_with_the_store_unchanged(
        pipeline: Pipeline, seeds: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory,
        suffix: str, fuzz_count: Counter[str]) -> None:
    folder = tmp_path_factory.mktemp("inputs")

    @fuzz_settings(ci=25)
    @given(data=inputs(seeds[suffix]))
    def ingest_one(data: bytes) -> None:
        fuzz_count["input files"] += 1
        file = folder / f"fuzzed{suffix}"
        file.write_bytes(data)
        before = graph_sizes(pipeline)
        outcomes = list(pipeline.run([file]))  # any other exception fails the test
        after = graph_sizes(pipeline)
        assert outcomes
        stored = {g for o in outcomes if o.status == "stored" for g in o.graph_names}
        for outcome in outcomes:
            assert outcome.status in ("stored", "rejected", "unreadable")
            if outcome.status == "unreadable":
                [message] = outcome.messages
                assert message.strip() and "\n" not in message and "Traceback" not in message
            if outcome.status == "rejected":
                assert outcome.messages
        changed = {g for g in before.keys() | after.keys() if before[g] != after[g]}
        # a stored article that names someone no more lets that thing's own graph go
        dropped = {g for g in changed if stored and g not in after
                   and any(f"/graph/{kind}/" in g for kind in SHARED_KINDS)}
        assert changed <= stored | dropped

    ingest_one()


def test_the_seeds_themselves_are_stored(pipeline: Pipeline, seeds: dict[str, bytes],
                                         tmp_path: Path) -> None:
    for suffix, data in seeds.items():
        (tmp_path / f"seed{suffix}").write_bytes(data)
        outcomes = list(pipeline.run([tmp_path / f"seed{suffix}"]))
        assert {o.status for o in outcomes} == {"stored"}, (suffix, outcomes)
