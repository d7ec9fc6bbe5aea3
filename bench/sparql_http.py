"""SPARQL over HTTP: a fixed query mix against `kg serve`, Oxigraph's server and rdflib-endpoint.

Every server gets the same GET request (SPARQL 1.1 Protocol §2.1.1, results as JSON) for the
same data; before loading a server, each query's answer is checked against the others' (same
number of rows), so a fast wrong answer cannot win.
"""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

from bench.corpus import expert_name, generate_article
from bench.loadgen import Load, run_load
from bench.servers import Server
from bench.stores import BASE_URI
from kg.uris import slugify

PREFIXES = ("PREFIX kg: <https://w3id.org/stancegraph/vocab#> "
            "PREFIX schema: <https://schema.org/> ")
ACCEPT = {"Accept": "application/sparql-results+json"}


def query_mix(stance_iri: str) -> dict[str, str]:
    """Return the fixed query mix by name; `stance_iri` is one stance that exists in the store."""
    hungary = f"<{BASE_URI}id/country/hu>"
    expert = f"<{BASE_URI}id/expert/{slugify(expert_name(7))}>"
    return {
        "lookup": PREFIXES + "SELECT ?article ?headline WHERE { ?article schema:mentions "
                  f"{hungary} ; schema:headline ?headline }} LIMIT 10",
        "aggregate": PREFIXES + "SELECT ?holder ?polarity (COUNT(?stance) AS ?n) WHERE { "
                     "?stance a kg:Stance ; kg:holder ?holder ; kg:polarity ?polarity } "
                     "GROUP BY ?holder ?polarity ORDER BY DESC(?n)",
        "join": PREFIXES + "SELECT ?country (COUNT(DISTINCT ?article) AS ?n) WHERE { "
                f"?article kg:interviewee {expert} ; schema:mentions ?country . "
                "?country kg:iso3166Alpha2 ?code } GROUP BY ?country ORDER BY DESC(?n)",
        "describe": f"SELECT ?p ?o WHERE {{ <{stance_iri}> ?p ?o }}",
        "fulltext": PREFIXES + "SELECT ?article ?headline WHERE { ?article schema:headline "
                    '?headline FILTER(CONTAINS(?headline, "Grain Corridor, No. 1")) }',
    }


def ask(server: Server, query: str) -> dict:  # type: ignore[type-arg]
    """Run one query and return the parsed JSON results."""
    url = f"{server.url}{server.sparql_path}?{urllib.parse.urlencode({'query': query})}"
    request = urllib.request.Request(url, headers=ACCEPT)
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def some_stance(server: Server, seed: int) -> str:
    """Pick one stance IRI of the corpus's first article (an index lookup, not a sort)."""
    article = f"{BASE_URI}id/article/{slugify(generate_article(0, seed).headline)}"
    rows = ask(server, PREFIXES + f"SELECT ?s WHERE {{ ?s kg:statedIn <{article}> }} LIMIT 1")
    return str(rows["results"]["bindings"][0]["s"]["value"])


@dataclass
class QueryRun:
    """One query loaded on one server."""

    server: str
    query: str
    rows: int
    load: Load


# A query slower than this is timed by sequential requests: a concurrent load generator
# would finish none of them in its window (or time them out) and measure nothing.
SLOW_S = 0.25
WARM_UP_S = 1.0


def measure(server: Server, queries: dict[str, str], *, seconds: float,
            connections: int) -> list[QueryRun]:
    """Check each query answers, then load the server with it for about `seconds`."""
    runs = []
    for name, query in queries.items():
        began = time.perf_counter()
        try:
            rows = len(ask(server, query)["results"]["bindings"])
        except (OSError, ValueError, KeyError) as error:  # a timeout or an error answer
            runs.append(QueryRun(server.name, name, -1, Load(0, 0.0, 0.0, 0.0, 1,
                                                              f"failed: {error}"[:80])))
            continue
        first = time.perf_counter() - began
        if first >= SLOW_S:
            load = _sequential(server, query, first, seconds)
        else:
            path = f"{server.sparql_path}?{urllib.parse.urlencode({'query': query})}"
            # Warm up first (caches, connections, lazily started threads), every server alike.
            run_load(server.url, [path], seconds=WARM_UP_S, connections=connections,
                     headers=ACCEPT)
            load = run_load(server.url, [path], seconds=seconds, connections=connections,
                            headers=ACCEPT)
        runs.append(QueryRun(server.name, name, rows, load))
    return runs


def _sequential(server: Server, query: str, first: float, seconds: float) -> Load:
    """Time one request after another until `seconds` have passed (the checking one counts)."""
    latencies = [first]
    while sum(latencies) + latencies[-1] <= seconds:
        began = time.perf_counter()
        ask(server, query)
        latencies.append(time.perf_counter() - began)
    ordered = sorted(latencies)
    return Load(len(ordered), sum(ordered), ordered[len(ordered) // 2] * 1000,
                ordered[-1] * 1000, 0, "sequential")
