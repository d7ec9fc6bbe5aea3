"""A runner for the W3C SPARQL 1.1 Protocol and Graph Store Protocol test manifests.

The manifests (https://github.com/w3c/rdf-tests, sparql/sparql11/protocol and
http-rdf-update) describe each test as HTTP requests (the W3C HTTP vocabulary `ht:`) with the
response expected: a status class or code (`mf:expectedStatus`), an ASK answer
(`mf:expectedBoolean`), a kind of format (`mf:expectedFormat`), a content type and body whose
graph must be isomorphic to the answer's, and a Location to reuse in later requests.
Paths starting /sparql/ and /gsp are mapped onto the server under test; data the tests name
(`ut:graphData`) is loaded into its named graph first.
"""

from __future__ import annotations

import http.client
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, Namespace

SHARED = Path(__file__).resolve().parents[2] / "shared"
PROTOCOL_MANIFEST = SHARED / "w3c" / "protocol" / "manifest.ttl"
GSP_MANIFEST = SHARED / "w3c" / "graph-store-protocol" / "manifest.ttl"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
# Named status codes the manifests use (hts:OK …); classes are hts:StatusCode2xx and so on.
STATUS_NAMES = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404,
                "BadRequest": 400, "Forbidden": 403, "UnsupportedMediaType": 415}
RESULT_TYPES = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                "text/tab-separated-values": ox.QueryResultsFormat.TSV,
                "text/csv": ox.QueryResultsFormat.CSV}


@dataclass
class Request:
    """One HTTP request of a test, and what its response must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: list[str]
    expected_boolean: bool | None = None
    expected_format: str | None = None
    expected_type: str | None = None
    expected_body: str | None = None
    location_variable: str | None = None


@dataclass
class ManifestTest:
    """One manifest entry: its name, the data it needs, and its requests in order."""

    id: str
    name: str
    requests: list[Request]
    graph_data: list[tuple[Path, str]] = field(default_factory=list)


def _list(graph: Graph, head: object) -> list[object]:
    return list(Collection(graph, head))  # type: ignore[arg-type]


def _headers(graph: Graph, node: object) -> dict[str, str]:
    headers: dict[str, str] = {}
    for head in graph.objects(node, HT.headers):  # type: ignore[arg-type]
        for header in _list(graph, head):
            name = str(graph.value(header, HT.fieldName))  # type: ignore[arg-type]
            headers[name.lower()] = str(graph.value(header, HT.fieldValue))  # type: ignore[arg-type]
    return headers


def _body(graph: Graph, node: object) -> tuple[str, str] | None:
    content = graph.value(node, HT.body)  # type: ignore[arg-type]
    if content is None:
        return None
    encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
    return str(graph.value(content, CNT.chars)), encoding


def _request(graph: Graph, node: object) -> Request:
    body = _body(graph, node)
    response = graph.value(node, HT.resp)  # type: ignore[arg-type]
    expected = _body(graph, response)
    boolean = graph.value(response, MF.expectedBoolean)
    fmt = graph.value(response, MF.expectedFormat)
    location = graph.value(response, MF.expectedLocation)
    return Request(
        method=str(graph.value(node, HT.methodName)),  # type: ignore[arg-type]
        path=str(graph.value(node, HT.absolutePath)),  # type: ignore[arg-type]
        headers=_headers(graph, node),
        body=body[0].encode(body[1]) if body else None,
        statuses=[str(s).rsplit("#", 1)[1]
                  for s in graph.objects(response, MF.expectedStatus)],
        expected_boolean=None if boolean is None else bool(boolean.toPython()),
        expected_format=None if fmt is None else str(fmt),
        expected_type=_headers(graph, response).get("content-type"),
        expected_body=expected[0] if expected else None,
        location_variable=None if location is None else str(location),
    )


def load_manifest(path: Path) -> Iterator[ManifestTest]:
    """Read a manifest and the manifests it includes, entries in their listed order."""
    graph = Graph().parse(path, format="turtle", publicID=path.as_uri())
    manifest = URIRef(path.as_uri())
    for include in graph.objects(manifest, MF.include):
        for included in _list(graph, include):
            yield from load_manifest(Path(urllib.parse.urlparse(str(included)).path))
    for entries in graph.objects(manifest, MF.entries):
        for entry in _list(graph, entries):
            action = graph.value(entry, MF.action)  # type: ignore[arg-type]
            requests = [_request(graph, node) for head in graph.objects(action, HT.requests)
                        for node in _list(graph, head)]
            data = [(Path(urllib.parse.urlparse(str(graph.value(d, UT.graph))).path),
                     str(graph.value(d, RDFS.label)))
                    for d in graph.objects(entry, UT.graphData)]  # type: ignore[arg-type]
            yield ManifestTest(str(entry).rsplit("#", 1)[1],
                               str(graph.value(entry, MF.name)), requests, data)


def status_matches(status: int, expected: list[str]) -> bool:
    """Check a status against hts:StatusCode2xx-style classes or named codes (hts:Created)."""
    for name in expected:
        if name.startswith("StatusCode") and str(status)[0] == name[len("StatusCode")]:
            return True
        if STATUS_NAMES.get(name) == status:
            return True
    return False


@dataclass
class Server:
    """Where the endpoints under test live, and the token their writes need."""

    host: str
    port: int
    sparql_path: str = "/sparql"
    gsp_path: str = "/gsp"
    token: str | None = None

    def send(self, method: str, path: str, headers: dict[str, str],
             body: bytes | None) -> tuple[int, dict[str, str], bytes]:
        """Send one request exactly as written (no re-encoding of the path)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            sent = dict(headers)
            if self.token:
                sent["Authorization"] = f"Bearer {self.token}"
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return (response.status, {k.lower(): v for k, v in response.getheaders()},
                    response.read())
        finally:
            connection.close()

    def map_path(self, path: str) -> str:
        """Replace the manifest's /sparql/ and /gsp prefixes with the server's paths."""
        if path.startswith("/sparql/"):
            return self.sparql_path + path[len("/sparql/"):]
        if path.startswith("/gsp"):
            return self.gsp_path + path[len("/gsp"):]
        return path

    def load(self, data: Path, graph: str) -> None:
        """Put a test's data file into its named graph with a SPARQL update."""
        update = (f"DROP SILENT GRAPH <{graph}> ; "
                  f"INSERT DATA {{ GRAPH <{graph}> {{ {data.read_text(encoding='utf-8')} }} }}")
        status, _, body = self.send("POST", self.sparql_path,
                                    {"content-type": "application/sparql-update"},
                                    update.encode("utf-8"))
        assert status // 100 == 2, f"loading {data.name}: {status} {body[:300]!r}"


def _check_results(request: Request, headers: dict[str, str], body: bytes) -> list[str]:
    problems: list[str] = []
    media = headers.get("content-type", "").split(";")[0].strip()
    if request.expected_format in ("boolean", "tabular"):
        if media not in RESULT_TYPES:
            return [f"expected SPARQL results, got {media or 'no content type'}"]
        if media != "text/csv":
            parsed = ox.parse_query_results(body, RESULT_TYPES[media])
            if request.expected_boolean is not None and (
                    not isinstance(parsed, ox.QueryBoolean)
                    or bool(parsed) != request.expected_boolean):
                problems.append(f"expected ASK answer {request.expected_boolean}")
    elif request.expected_format == "RDF":
        fmt = ox.RdfFormat.from_media_type(media)
        if fmt is None:
            return [f"expected RDF, got {media or 'no content type'}"]
        list(ox.parse(body, fmt))
    return problems


def _check_graph(request: Request, headers: dict[str, str], body: bytes) -> list[str]:
    problems: list[str] = []
    media = headers.get("content-type", "").split(";")[0].strip()
    if request.expected_type:
        wanted = request.expected_type.split(";")[0].strip()
        if media != wanted:
            problems.append(f"expected Content-Type {wanted}, got {media}")
    if request.expected_body is not None and not problems:
        expected = Graph().parse(data=request.expected_body, format="turtle")
        answered = Graph().parse(data=body.decode("utf-8"), format="turtle")
        if not isomorphic(expected, answered):
            problems.append("the graph answered is not isomorphic to the one expected:\n"
                            + body.decode("utf-8"))
    return problems


def serve_with_summary(live_server, request, title: str,  # type: ignore[no-untyped-def]
                       outcomes: dict[str, list[str]]) -> Iterator[Server]:
    """Yield the live server's endpoints (update token set), then print the suite's tally."""
    url = urllib.parse.urlparse(live_server.url)
    yield Server(url.hostname or "127.0.0.1", url.port or 80, token="test-token")
    failed = [name for name, problems in outcomes.items() if problems]
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\n{title}: {len(outcomes) - len(failed)} passed, {len(failed)} failed")


def run_test(server: Server, test: ManifestTest) -> list[str]:
    """Run one test's requests in order; return what went wrong (nothing when it passed)."""
    for data, graph in test.graph_data:
        server.load(data, graph)
    variables: dict[str, str] = {}
    for number, request in enumerate(test.requests, 1):
        path, body = request.path, request.body
        for name, value in variables.items():
            path = path.replace(name, value)
            body = body.replace(name.encode(), value.encode()) if body else body
        status, headers, answer = server.send(request.method, server.map_path(path),
                                              request.headers, body)
        where = f"request {number} ({request.method} {path[:80]})"
        if not status_matches(status, request.statuses):
            return [f"{where}: status {status}, expected {'/'.join(request.statuses)}: "
                    f"{answer[:300]!r}"]
        if request.location_variable:
            if "location" not in headers:
                return [f"{where}: no Location header"]
            variables[request.location_variable] = headers["location"]
        problems = (_check_results(request, headers, answer) if request.expected_format
                    else _check_graph(request, headers, answer))
        if problems:
            return [f"{where}: {p}" for p in problems]
    return []
