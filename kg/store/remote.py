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
import os
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from SPARQLWrapper import POST, POSTDIRECTLY, URLENCODED

from kg.errors import QueryLimitExceeded, StoreError, UsageError
from kg.formats import Format
from kg.namespaces import META_GRAPH
from kg.store.backup import write_backup
from kg.store.interface import Store
from kg.store.results import QueryResult, integer
from kg.store.sparql_text import (
    add_data,
    insert_data,
    parse_quads,
    query_form,
    sparql_iri,
    stamped,
    triples_by_graph,
)
from kg.store.transport import (
    ANY_ACCEPT,
    GRAPH_ACCEPT,
    RESULTS_ACCEPT,
    Answer,
    Client,
    Connections,
    parse_answer,
    retrying,
)
from kg.store.virtuoso import (
    VIRTUOSO_BIG_DATA,
    VIRTUOSO_SYSTEM_GRAPHS,
    VIRTUOSO_TEMPLATE_LIMIT,
    replace_operation,
    virtuoso_inserts,
)

DIALECTS = ("virtuoso", "oxigraph", "generic")

def default_endpoints(url: str, *, authenticated: bool) -> tuple[str, str]:
    """Name the query and update URLs a store URL implies (Oxigraph or Virtuoso layout)."""
    root = url.rstrip("/")
    path = urllib.parse.urlsplit(root).path
    if path.endswith("/sparql-auth"):
        return root, root
    if path.endswith("/sparql"):
        return root, (root + "-auth" if authenticated else root)
    return f"{root}/query", f"{root}/update"


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
        # The web tier passes its query time limit here: it waits for the store no longer.
        self.timeout = float(timeout if timeout is not None
                             else env.get("KG_STORE_TIMEOUT") or "60")
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

    def _build_transport(self) -> Connections | urllib.request.OpenerDirector:
        """Keep-alive connections; for Digest, urllib's opener, which answers the challenge."""
        if not (self.user and self.auth == "digest"):
            return Connections()
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

    def _client(self, text: str, *, update: bool, accept: str = ANY_ACCEPT) -> Client:
        """Build a form-POST request with credentials and an explicit Accept.

        Virtuoso answers HTML when no Accept is sent, so one always is.
        """
        client = Client(self.query_url, self.update_url, self._transport)
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

    def query(
        self, sparql: str, *, default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
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
        return parse_answer(answer)

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
        quads = parse_quads(data, fmt, graph)
        if self.dialect == "virtuoso":
            operations = virtuoso_inserts(triples_by_graph(quads))
            self.update(VIRTUOSO_BIG_DATA + " ;\n".join(operations))
        else:
            self.update(add_data(quads))

    def dump(self, output: BinaryIO, fmt: Format, graph: str | None = None) -> None:
        """Read every quad and write it with Oxigraph's serializer."""
        assert isinstance(fmt.oxigraph, ox.RdfFormat)
        if graph:
            triples = self.construct(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {sparql_iri(graph)} {{ ?s ?p ?o }} }}")
            ox.serialize(triples, output, fmt.oxigraph)
            return
        excluded = {ox.NamedNode(g) for g in self.excluded_graphs}
        quads = (q for q in self._quads() if q.graph_name not in excluded)
        try:
            if fmt.datasets:
                ox.serialize(quads, output, fmt.oxigraph)
            else:
                ox.serialize({q.triple for q in quads}, output, fmt.oxigraph)
        except (OSError, SyntaxError, http.client.HTTPException) as error:
            raise StoreError(f"store {self.location} broke off its dump: {error}") from error

    def backup(self, target: Path) -> None:
        """Stream every quad of one snapshot (the stamp too) into a new Oxigraph store folder."""
        system = {ox.NamedNode(g) for g in self.excluded_graphs if g != META_GRAPH}
        try:
            write_backup(target, (q for q in self._quads() if q.graph_name not in system))
        except (OSError, SyntaxError, http.client.HTTPException) as error:
            raise StoreError(f"store {self.location} broke off its backup: {error}") from error

    def _quads(self) -> Iterator[ox.Quad]:
        """Read every quad in a named graph, from one consistent view of the store.

        Oxigraph's server streams its whole dataset from one snapshot on its Graph Store
        endpoint (`GET /store`), bounded by no query time limit; other stores answer one SELECT.
        """
        if self.dialect == "oxigraph":
            request = urllib.request.Request(self.location.rstrip("/") + "/store",
                                             headers={"Accept": "application/n-quads",
                                                      **self._auth_headers()})
            opener = (self._transport if isinstance(self._transport,
                                                    urllib.request.OpenerDirector)
                      else urllib.request.build_opener())
            with opener.open(request, timeout=self.timeout) as response:
                yield from (q for q in ox.parse(response, ox.RdfFormat.N_QUADS)
                            if isinstance(q.graph_name, ox.NamedNode))
            return
        system = [g for g in self.excluded_graphs if g != META_GRAPH]
        keep = (f"FILTER(?g NOT IN ({', '.join(sparql_iri(g) for g in system)}))"
                if system else "")
        for row in self.select(f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {keep} }}"):
            subject, graph_name = row["s"], row["g"]
            assert not isinstance(subject, ox.Literal) and not isinstance(graph_name, ox.Literal)
            assert isinstance(row["p"], ox.NamedNode)
            yield ox.Quad(subject, row["p"], row["o"], graph_name)

    def close(self) -> None:
        """Close the connections kept open to the store."""
        if isinstance(self._transport, Connections):
            self._transport.close()

    def graph_names(self) -> list[str]:
        """List the named graphs that hold triples, less the store's own."""
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                           f"{self._graph_filter('?g')} }}")
        return sorted(r["g"].value for r in rows)

    def quad_count(self) -> int:
        """Count quads in named graphs with one aggregate query."""
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                           f"{self._graph_filter('?g')} }}")
        return integer(rows[0], "n")

    def _graph_filter(self, variable: str) -> str:
        """Filter out the store's own graphs (Virtuoso's; a shared store's other tenants)."""
        if not self.excluded_graphs:
            return ""
        graphs = ", ".join(sparql_iri(g) for g in self.excluded_graphs)
        return f"FILTER({variable} NOT IN ({graphs}))"

    def _send(self, client: Client, text: str) -> Answer:
        """Send a request, retrying connection failures and 5xx with exponential backoff."""
        return retrying(client.exchange, self.retries, self.location, text)
