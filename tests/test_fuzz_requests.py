"""Fuzzed requests to the SPARQL endpoint, the Graph Store, Linked Data and the pages.

Hypothesis builds requests from the public surface: SPARQL queries grammar by grammar (every
form, patterns, filters, functions, modifiers) and then broken by edits, updates and federated
queries sent where they do not belong, Linked Data paths of real and made-up resources, list
parameters of every kind, odd Accept, conditional, content and credential headers, and random
bodies. The application runs in process over a real embedded store holding the samples,
with an update token the fuzzer never has. Whatever the request: no exception escapes (the
test client raises it), no 5xx but a query stopped at a limit (503 with Retry-After), and the
store is unchanged. `make fuzz` runs the same with KG_FUZZ_SCALE=50.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from conftest import BASE, SAMPLES, LiveServer, fuzz_settings, make_app
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st

from kg.pipeline.ingest import Pipeline
from kg.store import EmbeddedStore

KG = "https://w3id.org/stancegraph/vocab#"
TOKEN = "fuzz-never-sends-this-token"
PREFIXES = ("PREFIX kg: <https://w3id.org/stancegraph/vocab#> PREFIX schema: "
            "<https://schema.org/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> ")


@dataclass
class Served:
    """The application, its store, and names that exist in it (so paths hit real resources)."""

    app: Flask
    store: EmbeddedStore
    keys: dict[str, list[str]]
    iris: list[str]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The application over a real embedded store holding the samples, for the whole module."""
    with EmbeddedStore(tmp_path_factory.mktemp("fuzz") / "store") as store:
        assert all(o.status == "stored" for o in Pipeline(BASE, store).run([SAMPLES]))
        iris = sorted({r["s"].value for r in store.select(
            "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) } LIMIT 400")})
        keys: dict[str, list[str]] = {}
        for iri in iris:
            if iri.startswith(BASE + "id/"):
                kind, _, key = iri[len(BASE) + 3:].partition("/")
                keys.setdefault(kind, []).append(key)
        app = make_app(store, UPDATE_TOKEN=TOKEN, QUERY_TIMEOUT=10.0)
        yield Served(app, store, keys, iris)


# SPARQL, built from the grammar (SPARQL 1.1 Query §19) with this store's own names in it.
VARIABLES = st.sampled_from(["?s", "?p", "?o", "?x", "$y"])
TERMS = st.one_of(
    VARIABLES,
    st.sampled_from([f"<{KG}Stance>", "kg:polarity", "kg:holder", "schema:headline", "a",
                     "<https://schema.org/mentions>", '"Türkiye"', '"x"@en', "42", "-0.5e3",
                     "true", '"2024-01-01"^^xsd:date', "_:b", "[]", '"""long\nstring"""',
                     "<http://localhost:5000/id/country/tr>", "kg:Support"]),
    st.text(max_size=12).map(lambda t: "<" + t + ">"),
    st.text(max_size=12).map(lambda t: '"' + t.replace("\\", "") + '"'),
)
PATTERN = st.builds(lambda s, p, o: f"{s} {p} {o}", TERMS, TERMS, TERMS)
EXPRESSION = st.one_of(
    st.builds(lambda v, t: f'REGEX(STR({v}), "{t}")', VARIABLES,
              st.text(max_size=8).map(lambda t: t.replace('"', "").replace("\\", ""))),
    st.builds(lambda f, v: f"{f}({v})", st.sampled_from([
        "STRLEN", "LCASE", "UCASE", "isIRI", "isLiteral", "LANG", "DATATYPE", "STR", "ABS",
        "ROUND", "YEAR", "MD5", "SHA512", "ENCODE_FOR_URI", "BOUND", "xsd:integer",
        "xsd:dateTime", "xsd:double", "STRUUID"]), VARIABLES),
    st.builds(lambda v, a, b: f"SUBSTR(STR({v}), {a}, {b}) != \"\"", VARIABLES,
              st.integers(-5, 10**12), st.integers(-5, 10**12)),
    st.builds(lambda v, n: f"{v} / {n} > 1", VARIABLES, st.sampled_from(["0", "0.0", "1e308"])),
    st.builds(lambda a, b: f"COALESCE({a}, {b})", VARIABLES, TERMS),
    st.sampled_from(["NOW() > 0", "BNODE() = BNODE()", "RAND() < 2", "UUID() != 1"]),
)
WHERE = st.builds(
    lambda first, second, expr: "{ " + first
    + (f" . ?s {second} ?o2" if second else "")  # a second pattern joined on ?s: bounded
    + (f" FILTER({expr})" if expr else "") + " }",
    PATTERN, st.none() | st.sampled_from(["?p2", "kg:polarity", "schema:name"]),
    st.none() | EXPRESSION)
MODIFIERS = st.lists(st.sampled_from(["ORDER BY ?s", "ORDER BY DESC(?o)", "LIMIT 0",
                                      "LIMIT 5", "OFFSET 3", "OFFSET 99999999999999999999",
                                      "GROUP BY ?s", "HAVING (COUNT(*) > 1)"]), max_size=3)
QUERY = st.builds(
    lambda form, where, modifiers: PREFIXES + form + " WHERE " + where + " " + " ".join(modifiers),
    st.sampled_from(["SELECT *", "SELECT DISTINCT ?s", "SELECT ?s (COUNT(*) AS ?n)",
                     "SELECT (SAMPLE(?o) AS ?v) (GROUP_CONCAT(?p) AS ?g)", "ASK",
                     "CONSTRUCT { ?s ?p ?o }", "CONSTRUCT { ?s <http://x/p> [] }",
                     "DESCRIBE ?s", f"DESCRIBE <{KG}Stance>", "SELECT * FROM <http://x/g>",
                     "SELECT * FROM NAMED <http://localhost:5000/graph/countries>"]),
    WHERE, MODIFIERS)
NOT_A_QUERY = st.sampled_from([
    "DROP ALL", "CLEAR DEFAULT", "INSERT DATA { <http://x/a> <http://x/b> 1 }",
    "DELETE WHERE { ?s ?p ?o }", "LOAD <http://127.0.0.1:9/x.ttl>", "CREATE GRAPH <http://x/g>",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <file:///etc/passwd> { ?s ?p ?o } }", ""])


@st.composite
def broken_text(draw: st.DrawFn, text: str) -> str:
    """A text with a few random characters cut, inserted or replaced."""
    chars = list(text)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(chars)))
        chars[at:at + draw(st.integers(0, 3))] = draw(st.text(max_size=3))
    return "".join(chars)


# Mostly well-formed queries, which reach the engine; then broken ones, misplaced updates
# and federated queries, and plain text.
SPARQL = st.one_of(QUERY, QUERY, QUERY, QUERY.flatmap(broken_text), NOT_A_QUERY,
                   st.text(max_size=300))
ACCEPT = st.one_of(st.sampled_from([
    "*/*", "text/html", "text/turtle", "application/ld+json", "application/rdf+xml",
    "application/n-triples", "application/n-quads", "application/trig", "text/plain",
    "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
    "text/tab-separated-values", "application/json", "image/png", "text/turtle;q=0",
    "text/html;q=0.1, application/ld+json;q=0.9", "*/*;q=abc", ";;;,,,", "text/*",
    "application/*;q=1.5", "text/turtle;charset=latin1;q=0.5"]),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60))
HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
HEADERS = st.fixed_dictionaries({}, optional={
    "Accept": ACCEPT,
    "If-None-Match": st.one_of(HEADER_TEXT, st.just("*"), st.just('W/"x", "y"')),
    "If-Modified-Since": st.one_of(HEADER_TEXT, st.just("Sun, 06 Nov 1994 08:49:37 GMT")),
    "Authorization": st.one_of(HEADER_TEXT.map(lambda t: "Bearer " + t),
                               st.just("Basic Zm9vOmJhcg=="), HEADER_TEXT),
    "Range": HEADER_TEXT, "Accept-Encoding": st.sampled_from(["gzip", "br", "identity;q=0"]),
    "Origin": HEADER_TEXT, "Accept-Language": HEADER_TEXT})
CONTENT_TYPES = st.sampled_from([
    "application/x-www-form-urlencoded", "application/sparql-query",
    "application/sparql-update", "text/turtle", "application/n-triples", "application/ld+json",
    "multipart/form-data; boundary=x", "text/plain; charset=utf-16", "application/octet-stream",
    "nonsense"])
PARAMETER_NAMES = st.sampled_from([
    "query", "update", "default-graph-uri", "named-graph-uri", "using-graph-uri", "format",
    "page", "q", "sort", "country", "polarity", "holder", "target", "graph", "default",
    "limit", "offset", "subject", "predicate", "object", "output", "callback"])
PARAMETER_VALUES = st.one_of(SPARQL, st.text(max_size=40), st.integers(-(10**30), 10**30).map(str),
                             st.sampled_from(["ttl", "jsonld", "csv", "json", "html", "xml",
                                              "nq", "0", "-1", "", "../../etc/passwd"]))
PARAMETERS = st.lists(st.tuples(PARAMETER_NAMES, PARAMETER_VALUES), max_size=4)


@st.composite
def requests(draw: st.DrawFn, served: Served) -> dict[str, object]:
    """One request: method, path, query string, headers and body."""
    segment = st.one_of(st.text(max_size=30), st.sampled_from(
        [k for keys in served.keys.values() for k in keys]))
    kind = st.sampled_from([*served.keys, "nothing", "", "..", "%2e%2e"])
    ext = st.sampled_from(["", ".html", ".ttl", ".jsonld", ".rdf", ".nt", ".nq", ".xml",
                           ".json", ".csv", ".exe"])
    quoted = segment.map(lambda s: urllib.parse.quote(s, safe=""))
    path = draw(st.one_of(
        st.just("/sparql"), st.just("/sparql"), st.just("/gsp"),
        st.builds(lambda k, s: f"/id/{k}/{s}", kind, quoted),
        st.builds(lambda k, s, e: f"/doc/{k}/{s}{e}", kind, quoted, ext),
        st.builds(lambda s: f"/gsp/{s}", quoted), st.builds(lambda s: f"/graph/{s}", quoted),
        st.builds(lambda p, e: p + e, st.sampled_from(
            ["/articles", "/experts", "/countries", "/stances", "/search", "/vocab", "/shapes",
             "/void", "/catalog", "/.well-known/void", "/sitemap.xml", "/sitemap-0",
             "/sitemap-99999999999999999999", "/dumps/stancegraph.nq.gz", "/", "/network",
             "/changes", "/fragments", "/reports", "/openapi.json", "/static/x"]), ext),
        quoted.map(lambda s: "/" + s)))
    method = draw(st.sampled_from(["GET", "GET", "GET", "POST", "POST", "HEAD", "PUT",
                                   "DELETE", "PATCH", "OPTIONS"]))
    headers = draw(HEADERS)
    body: bytes | dict[str, str] | None = None
    if method in ("POST", "PUT", "PATCH"):
        headers["Content-Type"] = draw(CONTENT_TYPES)
        body = draw(st.one_of(SPARQL.map(str.encode), st.binary(max_size=300),
                              st.builds(lambda k, v: urllib.parse.urlencode({k: v}).encode(),
                                        PARAMETER_NAMES, SPARQL)))
    return {"method": method, "path": path, "query_string": draw(PARAMETERS),
            "headers": headers, "data": body}


def store_state(store: EmbeddedStore) -> tuple[int, str | None]:
    """What a request must not change: the quads and the modification stamp."""
    return store.quad_count(), store.modified()


def test_a_fuzzed_request_gets_no_5xx_but_a_limit_and_changes_nothing(
        served: Served, fuzz_count: Counter[str]) -> None:
    client = served.app.test_client()
    before = store_state(served.store)

    @fuzz_settings(ci=300)
    @given(request=requests(served))
    def answer_one(request: dict[str, object]) -> None:
        fuzz_count["requests"] += 1
        response = client.open(**request)  # type: ignore[arg-type]
        if response.status_code >= 500:
            assert response.status_code == 503 and response.headers.get("Retry-After")
            assert (response.get_json(silent=True) or {}).get("error") == "QueryLimitExceeded", \
                response.get_data(as_text=True)[:500]
        assert store_state(served.store) == before

    answer_one()


def test_a_fuzzed_query_parses_or_is_refused_with_400(served: Served,
                                                      fuzz_count: Counter[str]) -> None:
    client = served.app.test_client()

    @fuzz_settings(ci=150)
    @given(query=SPARQL, method=st.sampled_from(["GET", "POST"]), accept=ACCEPT)
    def ask_one(query: str, method: str, accept: str) -> None:
        fuzz_count["SPARQL queries"] += 1
        if method == "GET":
            response = client.get("/sparql", query_string={"query": query},
                                  headers={"Accept": accept})
        else:
            response = client.post("/sparql", data=query.encode(),
                                   headers={"Accept": accept,
                                            "Content-Type": "application/sparql-query"})
        assert response.status_code in (200, 400, 406), response.get_data(as_text=True)[:500]
        if response.status_code == 400:
            assert response.get_data(as_text=True).strip()  # says what is wrong

    ask_one()


def live_quads(server: LiveServer) -> int:
    """Count the quads through the live endpoint."""
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"})
    with urllib.request.urlopen(f"{server.url}sparql?{query}", timeout=30) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def send(server: LiveServer, request: dict[str, object]) -> tuple[int, dict[str, str], bytes]:
    """Send a generated request over HTTP to the live server, following no redirect."""
    query = urllib.parse.urlencode(request["query_string"])  # type: ignore[arg-type]
    url = server.url.rstrip("/") + str(request["path"]) + (f"?{query}" if query else "")
    sent = urllib.request.Request(url, data=request["data"],  # type: ignore[arg-type]
                                  headers=request["headers"],  # type: ignore[arg-type]
                                  method=str(request["method"]))

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(sent, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.server
@pytest.mark.slow
def test_fuzzed_requests_over_http_to_the_live_server(live_server: LiveServer, served: Served,
                                                      fuzz_count: Counter[str]) -> None:
    """The same requests through gunicorn to Oxigraph's server (the remote store's paths)."""
    before = live_quads(live_server)

    @fuzz_settings(ci=100)
    @given(request=requests(served))
    def answer_one(request: dict[str, object]) -> None:
        fuzz_count["HTTP requests"] += 1
        status, headers, body = send(live_server, request)
        if status >= 500:
            assert status == 503 and headers.get("Retry-After"), body[:500]
            assert b"QueryLimitExceeded" in body or b"time limit" in body, body[:500]

    answer_one()
    assert live_quads(live_server) == before
