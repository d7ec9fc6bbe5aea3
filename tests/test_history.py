"""Retraction and history: `kg delete` and GSP DELETE leave a 410 tombstone; a replaced article
keeps its earlier versions, linked by prov:wasRevisionOf and served through Memento."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import BASE, SAMPLES, make_app
from flask.testing import FlaskClient

from kg.cli import cli
from kg.namespaces import META_GRAPH, PROV, RDF, SCHEMA
from kg.publish.changes import list_changes
from kg.store import EmbeddedStore

SAMPLE = SAMPLES / "003-gulf-quiet-mediators.txt"
TOKEN = {"Authorization": "Bearer test-token"}


def kg(store: Path, *args: str) -> tuple[int, str]:
    """Run the command line on a store; return its exit code and output."""
    result = CliRunner().invoke(cli, ["--store", str(store), *args])
    return result.exit_code, result.output


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A store folder holding one ingested sample article."""
    assert kg(tmp_path / "store", "ingest", str(SAMPLE))[0] == 0
    return tmp_path / "store"


def the_article(store: EmbeddedStore) -> str:
    (row,) = store.select(f"SELECT ?a WHERE {{ ?a <{SCHEMA.articleBody}> ?body }}")
    return row["a"].value


def web_over(store: EmbeddedStore) -> FlaskClient:
    return make_app(store, UPDATE_TOKEN="test-token").test_client()


def test_kg_delete_leaves_a_410_tombstone_with_its_reason(folder: Path) -> None:
    with EmbeddedStore(folder) as store:
        article = the_article(store)
        headline = store.select(f"SELECT ?h WHERE {{ <{article}> <{SCHEMA.headline}> ?h }}"
                                )[0]["h"].value
    slug = article.rsplit("/", 1)[1]
    code, output = kg(folder, "delete", slug, "--reason", "Retracted at the author's request")
    assert code == 0 and article in output
    with EmbeddedStore(folder) as store:
        assert not store.ask(f"ASK {{ <{article}> ?p ?o }}")  # gone from every query
        assert list_changes(store, limit=1)[0].kind == "Delete"
        web = web_over(store)
        for path in (f"/id/article/{slug}", f"/doc/article/{slug}", f"/doc/article/{slug}.ttl"):
            page = web.get(path, headers={"Accept": "text/html"})
            assert page.status_code == 410, path
            text = page.get_data(as_text=True)
            assert "Retracted at the author&#39;s request" in text and headline in text
        plain = web.get(f"/id/article/{slug}", headers={"Accept": "text/plain"})
        assert plain.status_code == 410 and "Retracted at the author's request" in plain.text
        assert web.get("/id/article/never-was-here").status_code == 404


def test_kg_delete_refuses_an_unknown_article_and_removes_nothing(folder: Path) -> None:
    with EmbeddedStore(folder) as store:
        slug = the_article(store).rsplit("/", 1)[1]
    code, output = kg(folder, "delete", slug, "no-such-article")
    assert code == 2 and "no-such-article" in output and "nothing removed" in output
    assert kg(folder, "delete", "not a slug!")[0] == 2
    with EmbeddedStore(folder) as store:
        assert store.has_graph(f"{BASE}graph/article/{slug}")


def replace_through_gsp(web: FlaskClient, graph: str, headline: str) -> None:
    """PUT a new version of an article's graph: the same article, another headline."""
    article = graph.replace("/graph/article/", "/id/article/")
    body = (f'<{article}> <{SCHEMA.headline}> "{headline}" .\n'
            f"<{article}> <{RDF.type}> <{SCHEMA.NewsArticle}> .")
    answer = web.put("/gsp?" + urllib.parse.urlencode({"graph": graph}), data=body,
                     content_type="application/n-triples", headers=TOKEN)
    assert answer.status_code == 204


def test_a_replaced_article_keeps_its_versions_linked_and_addressable(folder: Path) -> None:
    with EmbeddedStore(folder) as store:
        article = the_article(store)
        slug = article.rsplit("/", 1)[1]
        graph = f"{BASE}graph/article/{slug}"
        first = {t for t in store.construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")}
        web = web_over(store)
        replace_through_gsp(web, graph, "Second headline")
        replace_through_gsp(web, graph, "Third headline")
        timemap = web.get(f"/timemap/article/{slug}")
        assert timemap.status_code == 200 and timemap.mimetype == "application/link-format"
        mementos = [part.split(">")[0].strip().lstrip("<") for part in timemap.text.split(",\n")
                    if "memento" in part]
        assert len(mementos) == 2 and 'rel="original"' in timemap.text
        older = web.get(mementos[0].replace(BASE, "/"), headers={"Accept": "application/n-triples"})
        assert older.status_code == 200 and "Memento-Datetime" in older.headers
        assert set(ox.parse(older.data, ox.RdfFormat.N_TRIPLES)) == {
            ox.Quad(t.subject, t.predicate, t.object) for t in first}
        newer = web.get(mementos[1].replace(BASE, "/"), headers={"Accept": "text/turtle"})
        assert "Second headline" in newer.text
        # The chain: the graph now ← second version ← first version (prov:wasRevisionOf).
        assert store.ask(f"ASK {{ GRAPH <{META_GRAPH}> {{ <{graph}> <{PROV.wasRevisionOf}> "
                         f"<{mementos[1]}> . <{mementos[1]}> <{PROV.wasRevisionOf}> "
                         f"<{mementos[0]}> }} }}")
        doc = web.get(f"/doc/article/{slug}.ttl")
        assert f"/timegate/article/{slug}>; rel=\"timegate\"" in doc.headers["Link"]


def test_the_timegate_sends_each_moment_to_the_version_that_held(folder: Path) -> None:
    with EmbeddedStore(folder) as store:
        slug = the_article(store).rsplit("/", 1)[1]
        web = web_over(store)
        replace_through_gsp(web, f"{BASE}graph/article/{slug}", "Second headline")
        gate = f"/timegate/article/{slug}"
        then = web.get(gate, headers={"Accept-Datetime": "Thu, 01 Jan 2015 00:00:00 GMT"})
        assert then.status_code == 302 and "/version/article/" in then.headers["Location"]
        assert then.headers["Vary"] == "accept-datetime"
        later = web.get(gate, headers={"Accept-Datetime": "Fri, 01 Jan 2100 00:00:00 GMT"})
        assert later.headers["Location"] == f"{BASE}doc/article/{slug}"
        bad = web.get(gate, headers={"Accept-Datetime": "last Tuesday"})
        assert bad.status_code == 400 and "Accept-Datetime" in bad.text
        assert web.get("/timemap/article/no-such-article").status_code == 404
