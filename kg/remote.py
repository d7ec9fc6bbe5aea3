"""A remote SPARQL 1.1 store (Oxigraph server, Virtuoso, Fuseki) behind the Store interface.

Queries and updates go over the SPARQL 1.1 Protocol with SPARQLWrapper; answers are parsed by
Oxigraph, so callers get the same result objects as from the embedded store.
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterable, Iterator, Mapping
from typing import BinaryIO

import pyoxigraph as ox
from SPARQLWrapper import POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    QueryBadFormed,
    SPARQLWrapperException,
)

from kg.errors import QueryLimitExceeded, QuerySyntaxError, StoreError, UsageError
from kg.formats import Format
from kg.store import QueryResult, Store, add_data, insert_data, stamped

_RETRIES = 3
_ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, "
           "application/sparql-results+xml;q=0.5")


def _read(response) -> tuple[str, bytes]:  # type: ignore[no-untyped-def]
    """Return an HTTP answer's media type (without parameters) and its body."""
    media_type = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
    return media_type, response.read()


class TriplesResult:
    """The triples of a remote CONSTRUCT or DESCRIBE, serializable like Oxigraph's QueryTriples."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        self._triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def serialize(self, output: BinaryIO | None = None,
                  format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> bytes | None:  # noqa: A002
        """Write the triples with Oxigraph's serializer, as QueryTriples.serialize does."""
        return ox.serialize(self._triples, output, format)


class RemoteStore(Store):
    """A store reached over HTTP; its query and update URLs are configurable.

    Defaults follow Oxigraph server (`/query`, `/update`) when the URL names its root;
    KG_STORE_QUERY_URL and KG_STORE_UPDATE_URL override them, and
    KG_STORE_USER / KG_STORE_PASSWORD (Basic or Digest) or KG_STORE_TOKEN (Bearer) authenticate.
    """

    def __init__(self, url: str, *, query_url: str | None = None, update_url: str | None = None,
                 timeout: float = 60.0) -> None:
        self.location = url
        root = url.rstrip("/")
        self.query_url = query_url or os.environ.get("KG_STORE_QUERY_URL") or f"{root}/query"
        self.update_url = update_url or os.environ.get("KG_STORE_UPDATE_URL") or f"{root}/update"
        self.timeout = timeout
        self.user = os.environ.get("KG_STORE_USER")
        self.password = os.environ.get("KG_STORE_PASSWORD")
        self.token = os.environ.get("KG_STORE_TOKEN")
        self.auth = os.environ.get("KG_STORE_AUTH", "basic").lower()

    def _client(self, endpoint: str) -> SPARQLWrapper:
        client = SPARQLWrapper(endpoint, updateEndpoint=self.update_url)
        client.setTimeout(int(self.timeout))
        if self.user:
            client.setHTTPAuth("DIGEST" if self.auth == "digest" else "BASIC")
            client.setCredentials(self.user, self.password or "")
        if self.token:
            client.addCustomHttpHeader("Authorization", f"Bearer {self.token}")
        return client

    def query(self, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None
              ) -> QueryResult | TriplesResult:  # type: ignore[override]
        """Send the query as a form POST (Virtuoso hangs on direct POSTs) and parse the answer.

        The answer's media type, not SPARQLWrapper's guess of the query form, says how to read it.
        """
        client = self._client(self.query_url)
        with warnings.catch_warnings():  # its query-form sniffing warns on queries it can't read
            warnings.simplefilter("ignore", RuntimeWarning)
            client.setQuery(sparql)
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED)
        client.setOnlyConneg(True)
        for graph in default_graphs or []:
            client.addDefaultGraph(graph)
        for graph in named_graphs or []:
            client.addNamedGraph(graph)
        client.addCustomHttpHeader("Accept", _ACCEPT)
        media_type, body = self._send(lambda: _read(client.query().response))
        if media_type in ("application/n-triples", "text/plain"):
            return TriplesResult([q.triple for q in ox.parse(body, ox.RdfFormat.N_TRIPLES)])
        if media_type == "application/sparql-results+xml":
            return ox.parse_query_results(body, ox.QueryResultsFormat.XML)
        return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)

    def update(self, sparql: str) -> None:
        """Send one update request; the store applies it as one transaction."""
        client = self._client(self.update_url)
        client.setQuery(stamped(sparql))
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY if self.auth != "form" else URLENCODED)
        self._send(lambda: client.query().response.read())

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        """Drop and insert in one update request, retried on transient failures."""
        self.update(insert_data(graphs))

    def load(self, data: bytes, fmt: Format, graph: str | None = None) -> None:
        """Parse with Oxigraph and send one INSERT DATA: atomic and stamped like every write."""
        assert isinstance(fmt.oxigraph, ox.RdfFormat)
        target = ox.NamedNode(graph) if graph else None
        try:
            quads = [ox.Quad(q.subject, q.predicate, q.object, target) if target else q
                     for q in ox.parse(data, fmt.oxigraph)]
        except SyntaxError as error:
            raise UsageError(f"cannot parse {fmt.name}: {error}") from error
        self.update(add_data(quads))

    def dump(self, output: BinaryIO, fmt: Format, graph: str | None = None) -> None:
        """Read every quad with a query and write it with Oxigraph's serializer."""
        if graph:
            result = self.query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
            result.serialize(output, fmt.oxigraph)  # type: ignore[arg-type]
            return
        rows = self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]  # type: ignore[union-attr,index]
        if fmt.datasets:
            ox.serialize(quads, output, fmt.oxigraph)  # type: ignore[arg-type]
        else:
            ox.serialize([q.triple for q in quads], output, fmt.oxigraph)  # type: ignore[arg-type]

    def graph_names(self) -> list[str]:
        """List the named graphs that hold triples."""
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r["g"].value for r in rows)  # type: ignore[union-attr,index]

    def quad_count(self) -> int:
        """Count quads in named graphs with one aggregate query."""
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(rows[0]["n"].value)  # type: ignore[index,union-attr]

    def _send(self, call):  # type: ignore[no-untyped-def]
        """Call the store, retrying connection failures and 5xx with backoff."""
        delay = 0.2
        for attempt in range(_RETRIES):
            try:
                return call()
            except QueryBadFormed as error:
                raise QuerySyntaxError(_reason(error)) from error
            except urllib.error.HTTPError as error:
                if error.code == 400:
                    raise QuerySyntaxError(error.read().decode("utf-8", "replace")) from error
                if error.code < 500 or attempt == _RETRIES - 1:
                    raise StoreError(f"store {self.location} answered {error.code}") from error
            except EndPointInternalError as error:
                if "timeout" in str(error).lower() or "timed out" in str(error).lower():
                    raise QueryLimitExceeded(
                        f"the store stopped the query: {_reason(error)}") from error
                if attempt == _RETRIES - 1:
                    raise StoreError(
                        f"store {self.location} failed: {_reason(error)}") from error
            except SPARQLWrapperException as error:
                raise StoreError(f"store {self.location}: {_reason(error)}") from error
            except (urllib.error.URLError, OSError) as error:
                if attempt == _RETRIES - 1:
                    raise StoreError(f"store {self.location} is unreachable: {error}") from error
            time.sleep(delay)
            delay *= 4
        raise AssertionError("unreachable")


def _reason(error: Exception) -> str:
    """Keep the store's own words from a SPARQLWrapper error, without its boilerplate."""
    text = str(error)
    return text.split("Response:", 1)[-1].strip().strip("b'\"").replace("\\n", " ") or text

