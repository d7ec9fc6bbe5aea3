"""A remote SPARQL 1.1 store (Oxigraph server, Virtuoso, Fuseki) behind the Store interface.

Queries go over the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/ §2.1) and
writes over SPARQL 1.1 Update (§2.2), both POSTs built by SPARQLWrapper: direct POSTs to
Oxigraph's server (URL-encoding long label queries in Python took a tenth of a page's CPU),
form POSTs to other stores (Virtuoso 7 hangs on a directly POSTed query). Answers are
parsed by Oxigraph, so callers get the same result objects as from the embedded store.

Configuration comes from arguments or the environment, never from the command line, so that
no password shows in a process list:

- KG_STORE_QUERY_URL, KG_STORE_UPDATE_URL: the endpoints (default: Oxigraph server's `/query`
  and `/update` under the store URL; a URL ending in `/sparql` is used for both, and updates go
  to `/sparql-auth` when a user is configured: Virtuoso's layout);
- KG_STORE_USER, KG_STORE_PASSWORD, KG_STORE_AUTH=basic|digest; KG_STORE_TOKEN (Bearer);
- KG_STORE_DIALECT=virtuoso|oxigraph|generic (default: read from the server's `Server` header);
- KG_STORE_EXCLUDE_GRAPHS: space-separated graphs the store keeps for itself, left out of
  graph_names, quad_count and dump (default on Virtuoso: its system graphs);
- KG_STORE_RETRIES (default 3), KG_STORE_TIMEOUT (seconds, default 60).
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO

import pyoxigraph as ox
from SPARQLWrapper import POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper

from kg.errors import QueryLimitExceeded, QuerySyntaxError, StoreError, UsageError
from kg.formats import Format
from kg.querytext import query_form
from kg.store import META_GRAPH, QueryResult, Store, add_data, insert_data, sparql_iri, stamped

RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.5"
ANY_ACCEPT = f"{RESULTS_ACCEPT}, {GRAPH_ACCEPT}"

# Graphs every fresh Virtuoso 7 holds for itself (its RDF views, LDP and DAV metadata, and the
# endpoint's service description, named after URIQA DefaultHost).
VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localhost:8890/sparql",
    "http://localhost:8890/DAV/",
)
DIALECTS = ("virtuoso", "oxigraph", "generic")
# How stores word a query over their limits (Virtuoso's cost estimate, time-outs).
LIMIT_SIGNS = ("exceeds the limit", "timed out", "Timeout", "timeout")
# Most triples one DELETE/INSERT template may hold on Virtuoso 7.2 (it failed at 1 200 here).
VIRTUOSO_TEMPLATE_LIMIT = 500
# Virtuoso compiles INSERT DATA to SQL too; this pragma lets it keep big constant blocks as
# data, up to a few thousand triples per operation (20 000 exhausted its parser here).
VIRTUOSO_BIG_DATA = "define sql:big-data-const 1\n"
VIRTUOSO_DATA_CHUNK = 2000


@dataclass
class Answer:
    """One HTTP answer from the store: status, headers and body."""

    status: int
    headers: http.client.HTTPMessage  # case-insensitive, as both transports give it
    body: bytes

    @property
    def media_type(self) -> str:
        """The Content-Type without its parameters."""
        return self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()


class _Failure(Exception):
    """A failed exchange with the store, and whether trying again may help."""

    def __init__(self, message: str, *, transient: bool, status: int | None = None,
                 limit: bool = False) -> None:
        super().__init__(message)
        self.transient = transient
        self.status = status
        self.limit = limit or (status is not None and any(s in message for s in LIMIT_SIGNS))


class _Client(SPARQLWrapper):
    """SPARQLWrapper building the request, sent over this store's own connections.

    SPARQLWrapper installs a process-wide urllib opener for Digest auth, which would share
    credentials with every other request of the process and race between threads; this
    client sends through the store's keep-alive connections (or, for Digest, its own
    opener) and keeps status and headers of failed answers.
    """

    def __init__(self, endpoint: str, update_endpoint: str,
                 transport: _Connections | urllib.request.OpenerDirector) -> None:
        super().__init__(endpoint, updateEndpoint=update_endpoint)
        self._transport = transport

    def exchange(self) -> Answer:
        """Send the request; return the answer or raise _Failure."""
        request = self._createRequest()
        try:
            if isinstance(self._transport, _Connections):
                answer = self._transport.send(request, float(self.timeout or 60))
                if answer.status >= 400:
                    body = answer.body.decode("utf-8", "replace").strip()
                    raise _Failure(body or f"HTTP {answer.status}",
                                   transient=_transient(answer.status, body),
                                   status=answer.status)
                return answer
            with self._transport.open(request, timeout=self.timeout) as response:
                return Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace").strip()
            raise _Failure(body or error.reason, transient=_transient(error.code, body),
                           status=error.code) from error
        except TimeoutError as error:  # connected, but no answer in time: do not send it again
            raise _Failure(f"no answer within {self.timeout} s", transient=False,
                           limit=True) from error
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            reason = getattr(error, "reason", error)
            raise _Failure(f"unreachable: {reason}", transient=True) from error


class _Kept:
    """The connections one thread keeps open, closed when the thread ends or the store closes."""

    def __init__(self) -> None:
        self.connections: dict[tuple[str, str], http.client.HTTPConnection] = {}

    def close(self) -> None:
        """Close every kept connection."""
        for connection in self.connections.values():
            connection.close()
        self.connections.clear()

    __del__ = close


class _Connections:
    """Keep-alive HTTP connections to the store, one per thread and host.

    A new TCP connection per request (urllib's way) costs more than a small query does;
    http.client connections are not thread-safe, so each thread keeps its own.
    """

    def __init__(self) -> None:
        self._local = threading.local()
        self._all: weakref.WeakSet[_Kept] = weakref.WeakSet()

    def _kept(self) -> _Kept:
        kept: _Kept | None = getattr(self._local, "kept", None)
        if kept is None:
            kept = self._local.kept = _Kept()
            self._all.add(kept)
        return kept

    def send(self, request: urllib.request.Request, timeout: float) -> Answer:
        """Send a built request, once more on a new connection if a kept one had gone stale."""
        parts = urllib.parse.urlsplit(request.full_url)
        key = (parts.scheme, parts.netloc)
        kept = self._kept().connections
        selector = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {name.title(): value for name, value in request.header_items()}  # as urllib
        while True:
            connection = kept.pop(key, None)
            reused = connection is not None
            if connection is None:
                kind = (http.client.HTTPSConnection if parts.scheme == "https"
                        else http.client.HTTPConnection)
                connection = kind(parts.hostname or "localhost", parts.port, timeout=timeout)
            try:
                connection.request(request.get_method(), selector, request.data, headers)
                response = connection.getresponse()
                body = _read_within(response, time.monotonic() + timeout, timeout)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                connection.close()
                if reused:  # the store closed an idle connection: it never saw this request
                    continue
                raise
            except BaseException:
                connection.close()
                raise
            if response.will_close:
                connection.close()
            else:
                kept[key] = connection
            return Answer(response.status, response.headers, body)

    def close(self) -> None:
        """Close the connections of every thread."""
        for kept in list(self._all):
            kept.close()


def _read_within(response: http.client.HTTPResponse, deadline: float, timeout: float) -> bytes:
    """Read a whole body, giving up at the deadline even while bytes keep coming.

    A socket timeout only bounds each wait; a store streaming a huge answer never trips it.
    Giving up closes the connection, and a store that streams its answer then stops writing.
    """
    chunks = []
    while chunk := response.read(1 << 16):
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError(f"the answer was still coming after {timeout:g} s")
    return b"".join(chunks)


def _transient(status: int, body: str) -> bool:
    """Tell whether trying again may help: 5xx, except Virtuoso's definitive SQL errors.

    Virtuoso answers 500 for every engine error; its SQLSTATE says which are worth retrying
    (40001 deadlock, 08xxx connection are; syntax, access and limit errors are not).
    """
    if status < 500:
        return False
    match = re.match(r"Virtuoso (\w{5}) Error", body)
    return match is None or match.group(1) == "40001" or match.group(1).startswith("08")


def default_endpoints(url: str, *, authenticated: bool) -> tuple[str, str]:
    """Name the query and update URLs a store URL implies (Oxigraph or Virtuoso layout)."""
    root = url.rstrip("/")
    path = urllib.parse.urlsplit(root).path
    if path.endswith("/sparql-auth"):
        return root, root
    if path.endswith("/sparql"):
        return root, (root + "-auth" if authenticated else root)
    return f"{root}/query", f"{root}/update"


def replace_operation(graphs: Mapping[str, Iterable[ox.Triple]]) -> str:
    """Write one DELETE/INSERT operation that replaces each named graph (Update §3.1.3).

    For stores that commit each operation of a request separately (Virtuoso 7): a single
    operation is one statement, committed or rolled back whole. Old triples match in one
    branch of the WHERE clause and the new graph names are bound only in the other, so each
    template is instantiated exactly once for its own rows.
    """
    names = list(graphs)
    inserts: list[str] = []
    binds: list[str] = []
    for index, graph in enumerate(names):
        body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in graphs[graph])
        if body:
            inserts.append(f"GRAPH ?new{index} {{\n{body}\n}}")
            binds.append(f"BIND({sparql_iri(graph)} AS ?new{index})")
    values = " ".join(sparql_iri(g) for g in names)
    where = f"{{ VALUES ?old {{ {values} }} GRAPH ?old {{ ?s ?p ?o }} }}"
    if binds:
        where += " UNION { " + " ".join(binds) + " }"
    insert = f"INSERT {{\n{chr(10).join(inserts)}\n}}\n" if inserts else ""
    return f"DELETE {{ GRAPH ?old {{ ?s ?p ?o }} }}\n{insert}WHERE {{ {where} }}"


def virtuoso_inserts(graphs: Mapping[str, list[ox.Triple]]) -> list[str]:
    """Write the operations adding triples to graphs ("" = default graph) on Virtuoso 7.

    Virtuoso refuses blank nodes in INSERT DATA ("not allowed in a constant clause"), which
    SPARQL 1.1 Update §3.1.1 allows: triples with blank nodes go in an INSERT {…} WHERE {}
    template instead, all in one operation so that a label names one node throughout. Its
    parser also gives up on long INSERT DATA blocks, so ground triples go in chunks; send
    the request after VIRTUOSO_BIG_DATA.
    """
    def block(graph: str, triples: list[ox.Triple]) -> str:
        body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
        return f"GRAPH {sparql_iri(graph)} {{\n{body}\n}}" if graph else body

    def blank(t: ox.Triple) -> bool:
        return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)

    operations = []
    for graph, triples in graphs.items():
        ground = [t for t in triples if not blank(t)]
        for start in range(0, len(ground), VIRTUOSO_DATA_CHUNK):
            chunk = ground[start:start + VIRTUOSO_DATA_CHUNK]
            operations.append("INSERT DATA {\n" + block(graph, chunk) + "\n}")
    blanks = [block(g, [t for t in ts if blank(t)]) for g, ts in graphs.items()
              if any(blank(t) for t in ts)]
    if blanks:
        operations.append("INSERT {\n" + "\n".join(blanks) + "\n} WHERE {}")
    return operations


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
    """A store reached over HTTP; endpoints, auth, dialect and retries are configurable."""

    def __init__(self, url: str, *, query_url: str | None = None,
                 update_url: str | None = None, timeout: float | None = None,
                 retries: int | None = None, dialect: str | None = None,
                 exclude_graphs: Iterable[str] | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        env = os.environ if env is None else env
        self.location = url
        self.user = env.get("KG_STORE_USER") or None
        self.password = env.get("KG_STORE_PASSWORD", "")
        self.token = env.get("KG_STORE_TOKEN") or None
        self.auth = env.get("KG_STORE_AUTH", "basic").strip().lower()
        if self.auth not in ("basic", "digest"):
            raise UsageError(f"KG_STORE_AUTH must be basic or digest, not {self.auth!r}")
        default_query, default_update = default_endpoints(url, authenticated=bool(self.user))
        self.query_url = query_url or env.get("KG_STORE_QUERY_URL") or default_query
        self.update_url = update_url or env.get("KG_STORE_UPDATE_URL") or default_update
        # Under `kg serve` the web tier waits no longer than its query time limit.
        self.timeout = float(timeout if timeout is not None
                             else env.get("KG_STORE_TIMEOUT") or env.get("KG_QUERY_TIMEOUT")
                             or "60")
        self.retries = max(1, int(retries if retries is not None
                                  else env.get("KG_STORE_RETRIES", "3")))
        chosen = dialect or env.get("KG_STORE_DIALECT") or None
        if chosen is not None and chosen not in DIALECTS:
            raise UsageError(f"KG_STORE_DIALECT must be one of {', '.join(DIALECTS)}")
        self._dialect = chosen
        excluded = exclude_graphs if exclude_graphs is not None else (
            env.get("KG_STORE_EXCLUDE_GRAPHS", "").split() or None)
        self._excluded: tuple[str, ...] | None = tuple(excluded) if excluded is not None else None
        self._transport = self._build_transport()
        self._lock = threading.Lock()

    def _build_transport(self) -> _Connections | urllib.request.OpenerDirector:
        """Keep-alive connections; for Digest, urllib's opener, which answers the challenge."""
        if not (self.user and self.auth == "digest"):
            return _Connections()
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for endpoint in {self.query_url, self.update_url}:
            passwords.add_password(None, endpoint, self.user, self.password)
        return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))

    @property
    def dialect(self) -> str:
        """Say which store answers (from its `Server` header, once), for its known quirks."""
        if self._dialect is None:
            with self._lock:
                if self._dialect is None:
                    answer = self._send(self._client("ASK {}", update=False), "ASK {}")
                    server = answer.headers.get("Server", "").lower()
                    self._dialect = ("virtuoso" if "virtuoso" in server
                                     else "oxigraph" if "oxigraph" in server else "generic")
        return self._dialect

    @property
    def excluded_graphs(self) -> tuple[str, ...]:
        """The store's own graphs, which are not stancegraph's data."""
        if self._excluded is not None:
            return (*self._excluded, META_GRAPH)
        own = VIRTUOSO_SYSTEM_GRAPHS if self.dialect == "virtuoso" else ()
        return (*own, META_GRAPH)  # the modification stamp is bookkeeping, not data

    def _auth_headers(self) -> dict[str, str]:
        """The Authorization a Bearer token or Basic credentials call for (Digest: the opener)."""
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.user and self.auth == "basic":
            pair = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            return {"Authorization": f"Basic {pair}"}
        return {}

    def _client(self, text: str, *, update: bool, accept: str = ANY_ACCEPT) -> _Client:
        """Build a form-POST request with credentials and an explicit Accept.

        Virtuoso answers HTML when no Accept is sent, so one always is.
        """
        client = _Client(self.query_url, self.update_url, self._transport)
        client.setTimeout(max(1, round(self.timeout)))
        # Set the text itself: setQuery() would sniff the query form with regular expressions
        # over the whole text (costly for long queries, and it warns on texts it cannot read);
        # callers know the form and set queryType.
        client.queryString = text
        if update:
            client.queryType = "INSERT"  # an update goes to update_url
        client.setMethod(POST)
        # The dialect once known (the first request, which learns it, is a form POST).
        client.setRequestMethod(POSTDIRECTLY if self._dialect == "oxigraph" else URLENCODED)
        client.setOnlyConneg(True)
        for name, value in self._auth_headers().items():
            client.addCustomHttpHeader(name, value)
        client.addCustomHttpHeader("Accept", accept)
        return client

    def query(  # type: ignore[override]
        self, sparql: str, *, default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult | TriplesResult:
        """Send a query and parse the answer by its media type, not by a guess of its form."""
        form = query_form(sparql)  # refuses updates and non-queries before anything is sent
        client = self._client(sparql, update=False,
                              accept=GRAPH_ACCEPT if form == "CONSTRUCT" else RESULTS_ACCEPT)
        client.queryType = "CONSTRUCT" if form == "CONSTRUCT" else form
        if self.dialect == "virtuoso":
            # Virtuoso's own time limit (ms); it then answers a partial result, refused below.
            # (Its input:*-graph-exclude pragmas would hide its system graphs, but they also
            # empty every GRAPH <iri> pattern in 7.2.5: not used.)
            client.addParameter("timeout", str(int(self.timeout * 1000)))
        for graph in default_graphs or []:
            client.addDefaultGraph(graph)
        for graph in named_graphs or []:
            client.addNamedGraph(graph)
        answer = self._send(client, sparql)
        if answer.headers.get("X-SQL-State") == "S1TAT":
            raise QueryLimitExceeded(
                f"the store stopped the query after {self.timeout:g} s (partial answer dropped)")
        if rows := answer.headers.get("X-SPARQL-MaxRows"):
            raise QueryLimitExceeded(
                f"the store cut the answer at {rows} rows (Virtuoso's ResultSetMaxRows); "
                "add LIMIT or raise that setting")
        return _parse(answer)

    def update(self, sparql: str) -> None:
        """Send one update request, stamped like every write, as a form POST (Protocol §2.2)."""
        self._send(self._client(stamped(sparql), update=True), sparql)

    def update_in_dataset(self, sparql: str, *, using_graphs: list[str],
                          using_named_graphs: list[str]) -> None:
        """Run an update whose WHERE reads only the given graphs (Protocol §2.2.3)."""
        client = self._client(sparql, update=True)
        for graph in using_graphs:
            client.addParameter("using-graph-uri", graph)
        for graph in using_named_graphs:
            client.addParameter("using-named-graph-uri", graph)
        self._send(client, sparql)
        # The protocol's dataset would also bind the stamp's own WHERE: stamp in a second request.
        self.update("")

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        """Replace named graphs in one request, retried on transient failures.

        Oxigraph runs a whole request in one transaction: DROP + INSERT DATA. Virtuoso 7 commits
        each operation of a request on its own (a later failing operation leaves the earlier
        ones applied), so there an article's replacement is one DELETE/INSERT operation; but
        Virtuoso compiles a template to SQL and refuses past 10 000 lines (~1 000 triples), so
        bigger replacements (the reference graphs) fall back to DROP + INSERT DATA, which can
        leave a graph absent (never half-written) if the store fails between the two.
        """
        if self.dialect != "virtuoso":
            self.update(insert_data(graphs))
            return
        materialized = {g: list(t) for g, t in graphs.items()}
        if sum(len(t) for t in materialized.values()) <= VIRTUOSO_TEMPLATE_LIMIT:
            self.update(replace_operation(materialized))
        else:
            drops = [f"DROP SILENT GRAPH {sparql_iri(g)}" for g in materialized]
            operations = [*drops, *virtuoso_inserts(materialized)]
            self.update(VIRTUOSO_BIG_DATA + " ;\n".join(operations))

    def load(self, data: bytes, fmt: Format, graph: str | None = None) -> None:
        """Parse with Oxigraph and send one INSERT DATA: atomic and stamped like every write."""
        assert isinstance(fmt.oxigraph, ox.RdfFormat)
        target = ox.NamedNode(graph) if graph else None
        try:
            quads = [ox.Quad(q.subject, q.predicate, q.object, target) if target else q
                     for q in ox.parse(data, fmt.oxigraph)]
        except SyntaxError as error:
            raise UsageError(f"cannot parse {fmt.name}: {error}") from error
        if self.dialect == "virtuoso":
            by_graph: dict[str, list[ox.Triple]] = {}
            for quad in quads:
                name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
                by_graph.setdefault(name, []).append(quad.triple)
            self.update(VIRTUOSO_BIG_DATA + " ;\n".join(virtuoso_inserts(by_graph)))
        else:
            self.update(add_data(quads))

    def dump(self, output: BinaryIO, fmt: Format, graph: str | None = None) -> None:
        """Read every quad and write it with Oxigraph's serializer.

        Oxigraph's server streams its whole dataset from its Graph Store endpoint (`GET
        /store`), bounded by no query time limit; other stores answer a SELECT of every quad.
        """
        assert isinstance(fmt.oxigraph, ox.RdfFormat)
        if graph is None and self.dialect == "oxigraph":
            self._dump_oxigraph_store(output, fmt)
            return
        if graph:
            result = self.query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {sparql_iri(graph)} {{ ?s ?p ?o }} }}")
            result.serialize(output, fmt.oxigraph)  # type: ignore[arg-type]
            return
        rows = self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                          f"{self._graph_filter('?g')} }}")
        quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]  # type: ignore[union-attr,index]
        if fmt.datasets:
            ox.serialize(quads, output, fmt.oxigraph)
        else:
            ox.serialize({q.triple for q in quads}, output, fmt.oxigraph)

    def close(self) -> None:
        """Close the connections kept open to the store."""
        if isinstance(self._transport, _Connections):
            self._transport.close()

    def _dump_oxigraph_store(self, output: BinaryIO, fmt: Format) -> None:
        """Stream Oxigraph's `GET /store` (N-Quads) through the parser into the output."""
        assert isinstance(fmt.oxigraph, ox.RdfFormat)
        request = urllib.request.Request(self.location.rstrip("/") + "/store",
                                         headers={"Accept": "application/n-quads",
                                                  **self._auth_headers()})
        opener = (self._transport if isinstance(self._transport, urllib.request.OpenerDirector)
                  else urllib.request.build_opener())
        excluded = {ox.NamedNode(g) for g in self.excluded_graphs}
        try:
            with opener.open(request, timeout=self.timeout) as response:
                quads = (q for q in ox.parse(response, ox.RdfFormat.N_QUADS)
                         if isinstance(q.graph_name, ox.NamedNode)
                         and q.graph_name not in excluded)
                if fmt.datasets:
                    ox.serialize(quads, output, fmt.oxigraph)
                else:
                    ox.serialize({q.triple for q in quads}, output, fmt.oxigraph)
        except (OSError, SyntaxError, http.client.HTTPException) as error:
            raise StoreError(f"store {self.location} broke off its dump: {error}") from error

    def graph_names(self) -> list[str]:
        """List the named graphs that hold triples, less the store's own."""
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                          f"{self._graph_filter('?g')} }}")
        return sorted(r["g"].value for r in rows)  # type: ignore[union-attr,index]

    def quad_count(self) -> int:
        """Count quads in named graphs with one aggregate query."""
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "  # type: ignore[arg-type]
                               f"{self._graph_filter('?g')} }}"))
        return int(rows[0]["n"].value)  # type: ignore[index,union-attr]

    def _graph_filter(self, variable: str) -> str:
        """Filter out the store's own graphs (Virtuoso's; a shared store's other tenants)."""
        if not self.excluded_graphs:
            return ""
        graphs = ", ".join(sparql_iri(g) for g in self.excluded_graphs)
        return f"FILTER({variable} NOT IN ({graphs}))"

    def _send(self, client: _Client, text: str) -> Answer:
        """Send a request, retrying connection failures and 5xx with exponential backoff."""
        return retrying(client.exchange, self.retries, self.location, text)


def retrying(call: Callable[[], Answer], attempts: int, location: str, text: str) -> Answer:
    """Call the store up to `attempts` times, backing off 0.2 s, 0.8 s, 3.2 s… between them."""
    delay = 0.2
    for attempt in range(attempts):
        try:
            return call()
        except _Failure as failure:
            if failure.status == 400:
                raise QuerySyntaxError(_reason(str(failure), text)) from failure
            if failure.limit:
                raise QueryLimitExceeded(
                    f"the store refused or stopped the query: {_reason(str(failure), text)}"
                ) from failure
            if failure.status in (401, 403):
                raise StoreError(f"store {location} refused the credentials "
                                 f"({failure.status}): {_first_line(str(failure))}") from failure
            if not failure.transient:
                raise StoreError(f"store {location} answered {failure.status}: "
                                 f"{_first_line(str(failure))}") from failure
            if attempt == attempts - 1:
                what = (str(failure) if failure.status is None
                        else f"failing ({failure.status}: {_first_line(str(failure))})")
                raise StoreError(f"store {location} is {what} after {attempts} "
                                 f"attempt{'s' if attempts > 1 else ''}") from failure
        time.sleep(delay)
        delay *= 4
    raise AssertionError("unreachable")


def _parse(answer: Answer) -> QueryResult | TriplesResult:
    """Read an answer by its media type: SPARQL results (JSON, XML) or N-Triples."""
    try:
        if answer.media_type in ("application/n-triples", "text/plain"):
            quads = ox.parse(answer.body, ox.RdfFormat.N_TRIPLES)
            return TriplesResult([q.triple for q in quads])
        if answer.media_type == "application/sparql-results+xml":
            return ox.parse_query_results(answer.body, ox.QueryResultsFormat.XML)
        if answer.media_type == "application/sparql-results+json":
            body = answer.body
            if b"nodeID://" in body:
                body = _plain_blank_nodes(body)
            return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    except SyntaxError as error:
        raise StoreError(f"the store's answer does not parse as {answer.media_type}: "
                         f"{error}") from error
    raise StoreError(f"the store answered {answer.media_type or 'no media type'}, "
                     "not SPARQL results or N-Triples")


def _plain_blank_nodes(body: bytes) -> bytes:
    """Rewrite Virtuoso's blank-node labels (`nodeID://b10006`) as plain ones (`b10006`).

    SPARQL 1.1 JSON results (§3.2.2) carry a blank node label, which Oxigraph requires to be a
    valid N-Triples label; Virtuoso sends its internal IRI-like form instead.
    """
    document = json.loads(body)

    def label(term: dict[str, object]) -> None:
        if term.get("type") == "bnode":
            term["value"] = re.sub(r"[^A-Za-z0-9_]", "_",
                                   str(term["value"]).removeprefix("nodeID://"))
        for key in ("subject", "predicate", "object"):  # RDF-star triple terms
            if isinstance(inner := term.get("value"), dict) and key in inner:
                label(inner[key])

    for binding in document.get("results", {}).get("bindings", []):
        for term in binding.values():
            label(term)
    return json.dumps(document).encode()


def _first_line(text: str) -> str:
    """Keep the first line of a store's message, so errors stay one line."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")[:300]


def _reason(message: str, text: str) -> str:
    """Keep the store's own words about a syntax error, without the query it echoes back."""
    head = message.split("SPARQL query:", 1)[0]
    return " ".join(head.split())[:500] or f"the store rejected: {text[:80]}"
