"""The store contract: every backend behaves the same behind kg.store.Store."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from virtuoso import shared_virtuoso

from kg.errors import QuerySyntaxError, StoreError, UsageError
from kg.formats import rdf_format
from kg.namespaces import META_GRAPH
from kg.store import EmbeddedStore, Store, open_store
from kg.store.remote import RemoteStore
from kg.store.results import solution_rows
from kg.store.server import free_port, start_store_server

EX = "http://example.org/"


def triple(s: str, p: str, o: str | int) -> ox.Triple:
    obj = ox.Literal(str(o), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")) \
        if isinstance(o, int) else ox.NamedNode(EX + o)
    return ox.Triple(ox.NamedNode(EX + s), ox.NamedNode(EX + p), obj)


@pytest.fixture(params=["embedded", "oxigraph-server", "virtuoso"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store of each kind: an embedded folder, a real Oxigraph server, a real Virtuoso 7."""
    if request.param == "embedded":
        with EmbeddedStore(tmp_path / "store") as store:
            yield store
        return
    if request.param == "virtuoso":
        server = shared_virtuoso()
        server.reset()
        yield server.store()
        return
    process, url = start_store_server(str(tmp_path / "served"))
    try:
        yield RemoteStore(url, env={})
    finally:
        process.terminate()
        process.wait()


def data_triples(store: Store, graph: str) -> set[tuple[str, str, str]]:
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return {(r["s"].value, r["p"].value, r["o"].value) for r in rows}


def test_replace_graphs_replaces_each_graph_whole(backend: Store) -> None:
    g = EX + "g"
    backend.replace_graphs({g: [triple("a", "p", "b"), triple("a", "p", "c")]})
    backend.replace_graphs({g: [triple("a", "p", "d")]})
    assert data_triples(backend, g) == {(EX + "a", EX + "p", EX + "d")}


def test_default_graph_is_the_union_of_named_graphs(backend: Store) -> None:
    backend.replace_graphs({EX + "g1": [triple("a", "p", "b")], EX + "g2": [triple("c", "p", "d")]})
    rows = backend.select(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s")
    assert [r["s"].value for r in rows] == [EX + "a", EX + "c"]


def test_a_dataset_given_with_the_query_restricts_the_default_graph(backend: Store) -> None:
    backend.replace_graphs({EX + "g1": [triple("a", "p", "b")], EX + "g2": [triple("c", "p", "d")]})
    rows = backend.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }}", default_graphs=[EX + "g2"])
    assert [r["s"].value for r in solution_rows(rows)] == [EX + "c"]


def test_ask_construct_and_select_answer_in_oxigraph_result_objects(backend: Store) -> None:
    backend.replace_graphs({EX + "g": [triple("a", "p", 1)]})
    assert bool(backend.query("ASK { ?s ?p 1 }"))
    constructed = list(backend.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p 1 . ?s ?p ?o }"))
    assert constructed == [triple("a", "p", 1)]
    out = backend.query("SELECT ?o WHERE { ?s ?p ?o . FILTER(isLiteral(?o) && ?o = 1) }")
    assert b"integer" in out.serialize(format=ox.QueryResultsFormat.JSON)  # type: ignore[union-attr]


def test_select_ask_and_construct_answer_typed_values(backend: Store) -> None:
    backend.replace_graphs({EX + "g": [triple("a", "p", 1), triple("b", "p", "c")]})
    rows = backend.select(f"SELECT ?s ?o ?unbound WHERE {{ ?s <{EX}p> ?o "
                          f"OPTIONAL {{ ?s <{EX}never> ?unbound }} }} ORDER BY ?s")
    assert [(r["s"], r["o"]) for r in rows] == [
        (ox.NamedNode(EX + "a"), triple("a", "p", 1).object),
        (ox.NamedNode(EX + "b"), ox.NamedNode(EX + "c"))]
    assert all("unbound" not in r for r in rows)  # an unbound variable is absent, not None
    assert backend.ask(f"ASK {{ <{EX}a> ?p 1 }}") is True
    assert backend.ask(f"ASK {{ <{EX}a> ?p 2 }}") is False
    assert backend.construct("CONSTRUCT { ?s ?p 1 } WHERE { ?s ?p 1 }") == [
        triple("a", "p", 1)]
    for wrong in (lambda: backend.select("ASK {}"), lambda: backend.ask("SELECT * {}"),
                  lambda: backend.construct("ASK {}")):
        with pytest.raises(UsageError):
            wrong()


def test_a_bad_query_raises_the_parsers_message(backend: Store) -> None:
    with pytest.raises(QuerySyntaxError):
        backend.query("SELEC ?x WHERE { ?x ?y ?z }")


@pytest.mark.parametrize("text", ["DROP ALL", "INSERT DATA { <http://x/a> <http://x/b> 1 }",
                                  "CLEAR DEFAULT"])
def test_an_update_sent_as_a_query_is_refused_and_changes_nothing(backend: Store,
                                                                   text: str) -> None:
    backend.replace_graphs({EX + "g": [triple("a", "p", "b")]})
    before = backend.quad_count()
    with pytest.raises(QuerySyntaxError):
        backend.query(text)
    assert backend.quad_count() == before and backend.has_graph(EX + "g")


def test_an_iri_that_would_end_early_is_refused(backend: Store) -> None:
    backend.replace_graphs({EX + "g": [triple("a", "p", "b")]})
    with pytest.raises(UsageError):
        backend.drop_graph(f"{EX}x> ; DROP ALL ; DROP SILENT GRAPH <{EX}y")
    assert backend.has_graph(EX + "g")


def test_a_blank_node_shared_by_two_graphs_is_stored(backend: Store) -> None:
    shared = ox.BlankNode("shared")
    p = ox.NamedNode(EX + "p")
    backend.replace_graphs({EX + "g1": [ox.Triple(ox.NamedNode(EX + "a"), p, shared)],
                            EX + "g2": [ox.Triple(shared, p, ox.NamedNode(EX + "b"))]})
    assert bool(backend.query(
        f"ASK {{ GRAPH <{EX}g1> {{ ?a ?p ?x }} GRAPH <{EX}g2> {{ ?x ?p ?b }} }}"))


def test_every_write_records_when_the_data_changed(backend: Store) -> None:
    assert backend.modified() is None
    backend.replace_graphs({EX + "g": [triple("a", "p", "b")]})
    first = backend.modified()
    backend.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}x> <{EX}p> <{EX}y> }} }}")
    second = backend.modified()
    assert first is not None and second is not None and second > first


def test_load_and_dump_round_trip_every_quad(backend: Store) -> None:
    backend.load(f"<{EX}a> <{EX}p> <{EX}b> <{EX}g> .\n".encode(), rdf_format("nq"))
    backend.load(f"<{EX}c> <{EX}p> <{EX}d> .\n".encode(), rdf_format("nt"), EX + "h")
    out = io.BytesIO()
    backend.dump(out, rdf_format("nq"))
    quads = {(q.subject.value, q.graph_name.value) for q in ox.parse(out.getvalue(),
                                                                       ox.RdfFormat.N_QUADS)}
    assert {(EX + "a", EX + "g"), (EX + "c", EX + "h")} <= quads
    assert backend.graph_names() == sorted([EX + "g", EX + "h"])
    assert backend.quad_count() == len(quads)
    assert META_GRAPH not in {q.graph_name.value for q in ox.parse(out.getvalue(),
                                                                    ox.RdfFormat.N_QUADS)}


def test_drop_graph_removes_only_that_graph(backend: Store) -> None:
    backend.replace_graphs({EX + "g1": [triple("a", "p", "b")], EX + "g2": [triple("c", "p", "d")]})
    backend.drop_graph(EX + "g1")
    assert not backend.has_graph(EX + "g1") and backend.has_graph(EX + "g2")


def test_a_folder_in_use_by_another_process_is_reported_not_crashed(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import pyoxigraph,time; s=pyoxigraph.Store({str(folder)!r}); "
                         "print('ready', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"ready"
        with pytest.raises(StoreError, match="in use by another process"):
            EmbeddedStore(folder)
    finally:
        holder.kill()
        holder.communicate()


def test_an_unreachable_remote_store_is_a_store_error() -> None:
    store = RemoteStore(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="unreachable"):
        store.query("ASK {}")


def test_open_store_picks_the_backend_from_the_location(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as store:
        assert isinstance(store, EmbeddedStore)
    assert isinstance(open_store("http://127.0.0.1:9/"), RemoteStore)


XSD = "http://www.w3.org/2001/XMLSchema#"
TRICKY_LITERALS = [
    ox.Literal("0.85", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("2024-03-01", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("Türkiye unterstützt die Ukraine", language="de"),
    ox.Literal("Kyiv", language="en-gb"),
    ox.Literal('He said: "we won\'t back down" \\ then\nleft.\r\n\tEnd'),
    ox.Literal("Ελλάδα · 中国 · العربية · 🇺🇦 emoji outside the BMP 𝔘"),
    ox.Literal("long article body, " * 2_000 + "end"),
]


def test_literals_come_back_exactly_as_written(backend: Store) -> None:
    subject, predicate = ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p")
    backend.replace_graphs({EX + "g": [ox.Triple(subject, predicate, o) for o in TRICKY_LITERALS]})
    rows = backend.select(f"SELECT ?o WHERE {{ GRAPH <{EX}g> {{ ?s <{EX}p> ?o }} }}")
    assert {r["o"] for r in rows} == set(TRICKY_LITERALS)


def test_one_replacement_may_span_several_graphs_and_empty_one(backend: Store) -> None:
    backend.replace_graphs({EX + "g1": [triple("a", "p", "b")], EX + "g2": [triple("c", "p", "d")]})
    backend.replace_graphs({EX + "g1": [triple("a", "p", "x"), triple("a", "p", "y")],
                            EX + "g2": []})
    assert data_triples(backend, EX + "g1") == {(EX + "a", EX + "p", EX + "x"),
                                               (EX + "a", EX + "p", EX + "y")}
    assert not backend.has_graph(EX + "g2")


def test_blank_nodes_survive_a_replacement(backend: Store) -> None:
    node = ox.BlankNode()
    backend.replace_graphs({EX + "g": [
        ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), node),
        ox.Triple(node, ox.NamedNode(EX + "q"), ox.Literal("x"))]})
    rows = backend.select(f"SELECT ?v WHERE {{ <{EX}a> <{EX}p> ?b . ?b <{EX}q> ?v }}")
    assert [r["v"].value for r in rows] == ["x"]


def test_a_large_graph_with_blank_nodes_is_replaced_whole(backend: Store) -> None:
    """Bigger than one Virtuoso template or INSERT DATA block: the reference graphs' case."""
    node = ox.BlankNode()
    big = [triple(f"s{i}", "p", i) for i in range(4500)]
    big += [ox.Triple(ox.NamedNode(EX + "s0"), ox.NamedNode(EX + "q"), node),
            ox.Triple(node, ox.NamedNode(EX + "q"), ox.Literal("inner"))]
    backend.replace_graphs({EX + "big": [triple("old", "p", "x")]})
    backend.replace_graphs({EX + "big": big})
    assert len(data_triples(backend, EX + "big")) == len(big)
    rows = backend.select(f"SELECT ?v WHERE {{ <{EX}s0> <{EX}q> ?b . ?b <{EX}q> ?v }}")
    assert [r["v"].value for r in rows] == ["inner"]
    assert not backend.ask(f"ASK {{ <{EX}old> ?p ?o }}")
