"""Virtuoso 7's quirks behind the Store interface: its commits, its limits, its credentials."""

from __future__ import annotations

import threading

import pyoxigraph as ox
import pytest
from virtuoso import ADMIN, shared_virtuoso

from kg.errors import QueryLimitExceeded, StoreError
from kg.store.remote import RemoteStore
from kg.store.virtuoso import replace_operation

EX = "http://example.org/"


@pytest.fixture
def virtuoso_store() -> RemoteStore:
    server = shared_virtuoso()
    server.reset()
    return server.store()


def test_virtuoso_is_recognised_by_its_server_header(virtuoso_store: RemoteStore) -> None:
    assert virtuoso_store.dialect == "virtuoso"


def test_virtuoso_commits_each_operation_of_a_request_on_its_own(
        virtuoso_store: RemoteStore) -> None:
    """Why an article's replacement there is one DELETE/INSERT, not DROP + INSERT DATA."""
    g = EX + "g"
    virtuoso_store.update(f"INSERT DATA {{ GRAPH <{g}> {{ <{EX}a> <{EX}p> 'old' }} }}")
    with pytest.raises(StoreError):
        virtuoso_store.update(f"DROP SILENT GRAPH <{g}> ; "
                              f"INSERT DATA {{ GRAPH <{g}> {{ <{EX}a> <{EX}p> 'new' }} }} ; "
                              f"DROP GRAPH <{EX}never-created>")
    values = {r["o"].value for r in virtuoso_store.select(
        f"SELECT ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")}
    assert values == {"new"}  # not rolled back


def test_a_failing_replacement_operation_leaves_the_old_graph(
        virtuoso_store: RemoteStore) -> None:
    g = EX + "g"
    virtuoso_store.update(f"INSERT DATA {{ GRAPH <{g}> {{ <{EX}a> <{EX}p> 'old' }} }}")
    new = [ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal("new"))]
    with pytest.raises(StoreError):
        virtuoso_store.update(replace_operation({g: new}) + f" ; DROP GRAPH <{EX}never-created>")
        # the failing second operation must not matter: the replacement already committed whole
    values = {r["o"].value for r in virtuoso_store.select(
        f"SELECT ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")}
    assert values == {"new"}


def test_readers_never_see_an_article_half_replaced(virtuoso_store: RemoteStore) -> None:
    g = EX + "g"

    def version(tag: str) -> list[ox.Triple]:
        return [ox.Triple(ox.NamedNode(f"{EX}{tag}{i}"), ox.NamedNode(EX + "p"),
                          ox.Literal(tag)) for i in range(100)]

    virtuoso_store.replace_graphs({g: version("a")})
    stop = threading.Event()

    def writer() -> None:
        tags = iter(["b", "a"] * 1000)
        while not stop.is_set():
            virtuoso_store.replace_graphs({g: version(next(tags))})

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        counts = set()
        for _ in range(60):
            rows = virtuoso_store.select(
                f"SELECT ?o (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} GROUP BY ?o")
            # An unbound ?o would be a group of no triples: the graph seen empty.
            counts.add(tuple(sorted((r["o"].value if "o" in r else None, r["n"].value)
                                    for r in rows)))
    finally:
        stop.set()
        thread.join()
    assert counts <= {(("a", "100"),), (("b", "100"),)}


def test_virtuosos_partial_answer_at_its_time_limit_is_an_error(
        virtuoso_store: RemoteStore) -> None:
    triples = [ox.Triple(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(str(i)))
               for i in range(3000)]
    virtuoso_store.replace_graphs({EX + "g": triples})
    slow = RemoteStore(virtuoso_store.location, timeout=0.5, env={})
    with pytest.raises(QueryLimitExceeded):
        slow.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{EX}p> ?c . ?d <{EX}p> ?f "
                   "FILTER(STR(?c) < STR(?f)) }")


def test_digest_auth_reaches_virtuosos_protected_endpoint(virtuoso_store: RemoteStore) -> None:
    user, password = ADMIN
    env = {"KG_STORE_USER": user, "KG_STORE_PASSWORD": password, "KG_STORE_AUTH": "digest"}
    store = RemoteStore(virtuoso_store.location, env=env)
    assert store.update_url.endswith("/sparql-auth")
    store.replace_graphs({EX + "g": [ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"),
                                              ox.Literal("x"))]})
    assert virtuoso_store.has_graph(EX + "g")
    wrong = RemoteStore(virtuoso_store.location, env={**env, "KG_STORE_PASSWORD": "wrong"})
    with pytest.raises(StoreError, match="refused the credentials"):
        wrong.update(f"DROP SILENT GRAPH <{EX}g>")
