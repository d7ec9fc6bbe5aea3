"""The SPARQL 1.1 Protocol endpoint at /sparql (https://www.w3.org/TR/sparql11-protocol/).

Queries (§2.1) by GET, form POST or direct POST; updates (§2.2) by form or direct POST, only
with the configured bearer token. Without an operation the endpoint describes itself: RDF
clients get the Service Description, browsers the query editor.

Limits: QUERY_TIMEOUT and RESULT_LIMIT, and admission (webapp.admission: so many operations
at once per client and overall). Under `kg serve` the store is Oxigraph's server, and the web
tier gives up waiting at the limit, so a slow query is answered 503 and its worker thread is
free again; the store stops a streamed answer when the web tier hangs up, and `kg serve`
restarts it to stop a blocking one (kg.store.supervision). The embedded store (tests,
`kg serve --debug`)
cannot interrupt a running query: there the limit is only checked as the answer is written.
Results are counted while they are read and a query answering more than RESULT_LIMIT rows or
triples is refused, never silently truncated. Both limits answer 503 Service Unavailable with a
message naming the limit, as Fuseki answers a cancelled query: the server declines to finish the
work, the request itself was fine (not 4xx), and 504 would blame a gateway the client never
addressed.
"""

from __future__ import annotations

import hmac
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, Forbidden, UnsupportedMediaType

from kg.errors import QueryLimitExceeded, QuerySyntaxError, UsageError
from kg.examples import EXAMPLES
from kg.formats import RDF_FORMATS, RESULTS_FORMATS, Format, serialize
from kg.namespaces import PREFIXES
from kg.publish.service import describe_service
from kg.store import Store
from kg.store.sparql_text import uses_service
from kg.store.supervision import ask_to_restart
from webapp.admission import admission
from webapp.caching import allow_cross_origin, by_content
from webapp.negotiation import HTML, accepted_media_types, format_by_name, negotiate
from webapp.render import render
from webapp.settings import settings
from webapp.store import get_store

blueprint = Blueprint("sparql", __name__)
blueprint.after_request(allow_cross_origin)

SOLUTION_FORMATS = list(RESULTS_FORMATS.values())
BOOLEAN_FORMATS = [RESULTS_FORMATS["json"], RESULTS_FORMATS["xml"]]
GRAPH_FORMATS = [RDF_FORMATS[n] for n in ("ttl", "nt", "jsonld", "rdf", "nq", "trig")]
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
YASGUI = "vendor/yasgui/yasgui.min.js"


@dataclass
class Operation:
    """A query or update read from a request, with the dataset the protocol gave it."""

    kind: str  # "query" or "update"
    text: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


def _single(params: MultiDict[str, str], name: str) -> str | None:
    """Return a parameter given at most once (§2.1.2: exactly one query string)."""
    values = params.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"the '{name}' parameter was given {len(values)} times; send one")
    return values[0] if values else None


def _utf8_body() -> str:
    """Decode a direct POST body, which §2.1.3 and §2.2.2 require to be UTF-8."""
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"the body must be UTF-8 encoded, not {charset}")
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"the body is not valid UTF-8: {error}") from error


def read_operation() -> Operation | None:
    """Read the operation from GET, form POST or direct POST (§2.1, §2.2); None if there is none."""
    args = request.args
    if request.method == "GET":
        if "update" in args:
            raise BadRequest("updates must be sent with POST (SPARQL 1.1 Protocol §2.2)")
        query = _single(args, "query")
        if query is None:
            return None
        return Operation("query", query, args.getlist("default-graph-uri"),
                         args.getlist("named-graph-uri"))
    mimetype = request.mimetype
    if mimetype == FORM:
        # §2.1.2: the dataset travels in the body; the W3C tests also put it in the URL.
        params = MultiDict(list(args.items(multi=True)) + list(request.form.items(multi=True)))
        query, update = _single(params, "query"), _single(params, "update")
        if query is not None and update is not None:
            raise BadRequest("send either 'query' or 'update', not both")
        if query is not None:
            return Operation("query", query, params.getlist("default-graph-uri"),
                             params.getlist("named-graph-uri"))
        if update is not None:
            return Operation("update", update, params.getlist("using-graph-uri"),
                             params.getlist("using-named-graph-uri"))
        raise BadRequest("the form holds neither a 'query' nor an 'update' parameter")
    if mimetype == QUERY_TYPE:
        return Operation("query", _utf8_body(), args.getlist("default-graph-uri"),
                         args.getlist("named-graph-uri"))
    if mimetype == UPDATE_TYPE:
        return Operation("update", _utf8_body(), args.getlist("using-graph-uri"),
                         args.getlist("using-named-graph-uri"))
    raise UnsupportedMediaType(
        f"cannot read a POST body of type {mimetype or '(none)'!r}: send {FORM}, "
        f"{QUERY_TYPE} or {UPDATE_TYPE} (SPARQL 1.1 Protocol §2.1, §2.2)")


def require_update_token() -> None:
    """Refuse a write unless an update token is configured and the request carries it."""
    token = settings().update_token
    if not token:
        raise Forbidden("updates are disabled on this server: it was started without an "
                        "update token (set KG_UPDATE_TOKEN)")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             token.encode()):
        raise Forbidden("updates need the header 'Authorization: Bearer <update token>'; "
                        "the token is missing or wrong")


def endpoint_iri() -> str:
    """Return the endpoint's IRI under the configured base: the base of relative IRIs."""
    return settings().url("sparql")


def with_base(text: str) -> str:
    """Resolve relative IRIs against the endpoint (Protocol §2.2.3: the base MAY be it)."""
    return f"BASE <{endpoint_iri()}>\n{text}"


def in_user_lines(error: QuerySyntaxError) -> QuerySyntaxError:
    """Renumber the parser's "error at line:column" to the user's text, without our BASE line."""
    message = re.sub(r"\bat (\d+):(\d+)",
                     lambda m: f"at line {max(1, int(m[1]) - 1)}, column {m[2]}", str(error))
    return QuerySyntaxError(message)


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a query, run an update, or describe the service when there is neither."""
    operation = read_operation()
    if operation is None:
        return describe()
    if operation.kind == "update":
        require_update_token()
    with admission().slot(request.remote_addr or ""):
        if operation.kind == "update":
            run_update(get_store(), operation)
            return Response(status=204)
        answer = answer_query(operation)
    # A GET answer is cacheable (RFC 9110 §13). Its ETag hashes the answer: reading the data
    # version first would cost a store round trip on every query, more than most queries.
    return answer if request.method != "GET" else by_content(answer)


def run_update(store: Store, operation: Operation) -> None:
    """Run an update; using-graph-uri / using-named-graph-uri set its dataset (§2.2.3)."""
    text = with_base(operation.text)
    try:
        if not (operation.default_graphs or operation.named_graphs):
            store.update(text)
        else:
            store.update_in_dataset(text, using_graphs=operation.default_graphs,
                                    using_named_graphs=operation.named_graphs)
    except QuerySyntaxError as error:
        raise in_user_lines(error) from error


def answer_query(operation: Operation) -> Response:
    """Run a query within the limits and serialize its answer with Oxigraph's writers."""
    limit = settings().result_limit
    seconds = settings().query_timeout
    # Negotiate what can be decided before running anything, so a 406 costs nothing.
    wants_html = prefers_html()
    default = operation.default_graphs or ([] if operation.named_graphs else None)
    deadline = time.monotonic() + seconds
    if uses_service(operation.text):
        raise UsageError("SERVICE (federated query) is not allowed on this endpoint: it would "
                         "make this server fetch other URLs")
    try:
        result = get_store().query(with_base(operation.text), default_graphs=default,
                                   named_graphs=operation.named_graphs or None)
    except QuerySyntaxError as error:
        raise in_user_lines(error) from error
    except QueryLimitExceeded as error:
        if settings().supervisor_pid:  # the store may still be computing it: have it stopped
            ask_to_restart(settings().supervisor_pid)
        if "QUERY_TIMEOUT" in str(error):
            raise
        raise QueryLimitExceeded(f"the query ran past the {seconds:g} s time limit "
                                 f"(QUERY_TIMEOUT); the store said: {error}") from error
    if isinstance(result, ox.QueryBoolean):
        fmt = negotiate(BOOLEAN_FORMATS, default=RESULTS_FORMATS["json"])
        return _data_response(result.serialize(format=fmt.results), fmt)
    if isinstance(result, ox.QuerySolutions):
        # TSV: one line per row after the header (terms are escaped as in N-Triples).
        tsv = counted(result, ox.QueryResultsFormat.TSV, limit, deadline, seconds, "rows")
        if wants_html:
            rows = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
            assert isinstance(rows, ox.QuerySolutions)
            return _html_results(rows)
        fmt = negotiate(SOLUTION_FORMATS, default=RESULTS_FORMATS["json"])
        if fmt.oxigraph == ox.QueryResultsFormat.TSV:
            return _data_response(tsv, fmt)
        solutions = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
        return _data_response(solutions.serialize(format=fmt.results), fmt)
    fmt = negotiate(GRAPH_FORMATS, default=RDF_FORMATS["ttl"])
    ntriples = counted(result, ox.RdfFormat.N_TRIPLES, limit, deadline, seconds, "triples")
    if fmt.oxigraph == ox.RdfFormat.N_TRIPLES:
        return _data_response(ntriples, fmt)
    quads = ox.parse(ntriples, ox.RdfFormat.N_TRIPLES)
    return _data_response(serialize(quads, fmt, PREFIXES), fmt)


class _CountingWriter:
    """Collect what Oxigraph writes, counting its lines and stopping past the limits."""

    def __init__(self, limit: int, header_lines: int, deadline: float, seconds: float,
                 unit: str) -> None:
        self.parts: list[bytes] = []
        self.lines = -header_lines
        self.limit = limit
        self.deadline = deadline
        self.seconds = seconds
        self.unit = unit

    def write(self, chunk: bytes) -> int:
        """Keep a chunk; refuse the answer once it holds too many lines or took too long."""
        self.lines += chunk.count(b"\n")
        self.parts.append(bytes(chunk))
        if self.lines > self.limit:
            raise QueryLimitExceeded(
                f"the query answers more than {self.limit} {self.unit} "
                "(RESULT_LIMIT); add a LIMIT or page through it with LIMIT and OFFSET")
        if time.monotonic() > self.deadline:
            raise QueryLimitExceeded(
                f"the query ran past the {self.seconds:g} s time limit (QUERY_TIMEOUT)")
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: the parts stay in memory until the answer is complete."""


def counted(result: Any, fmt: ox.QueryResultsFormat | ox.RdfFormat, limit: int,
            deadline: float, seconds: float, unit: str) -> bytes:
    """Serialize a result in a line-per-item format, refusing it past the size or time limit.

    Oxigraph writes it (no Python object per row); the limits are checked as chunks arrive.
    """
    header_lines = 1 if fmt == ox.QueryResultsFormat.TSV else 0  # TSV names the variables first
    writer = _CountingWriter(limit, header_lines, deadline, seconds, unit)
    try:
        result.serialize(writer, fmt)
    except SyntaxError as error:
        # A remote store that stops a query mid-answer leaves a truncated, unparsable body.
        raise QueryLimitExceeded(f"the store broke off its answer ({error}); it stops queries "
                                 f"that run past the {seconds:g} s time limit") from error
    return b"".join(writer.parts)


def _data_response(body: bytes | None, fmt: Format) -> Response:
    response = Response(body or b"", mimetype=fmt.media_type)
    response.headers["Vary"] = "Accept"
    return response


def prefers_html() -> bool:
    """Tell whether the client asked for HTML (a browser, or format=html) over data formats."""
    names = request.values.getlist("format") + request.values.getlist("output")
    if names:
        return names[0].lower() in ("html", HTML)
    offered = [f.media_type for f in (*SOLUTION_FORMATS, *GRAPH_FORMATS)]
    return accepted_media_types().best_match([*offered, HTML]) == HTML


def _html_results(solutions: ox.QuerySolutions) -> Response:
    variables = [v.value for v in solutions.variables]
    table = [[_cell(row[name]) for name in variables] for row in solutions]
    response = render("sparql/results.html", variables=variables, rows=table,
                      query=request.values.get("query", ""), title=settings().title)
    response.headers["Vary"] = "Accept"
    return response


def _cell(term: Any) -> dict[str, str] | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"link": term.value, "text": term.value}
    return {"text": term.value if hasattr(term, "value") else str(term)}


def describe() -> Response:
    """Describe the service in RDF (Service Description §2), or show browsers the editor."""
    offered = [RDF_FORMATS[n] for n in ("ttl", "nt", "jsonld", "rdf", "nq", "trig")]
    names = request.values.getlist("format") + request.values.getlist("output")
    fmt = None
    if names:
        fmt = next((f for n in names if (f := format_by_name(n, offered))), None)
    elif accepted_media_types().best_match([*(f.media_type for f in offered), HTML]) != HTML:
        fmt = negotiate(offered, default=RDF_FORMATS["ttl"])
    if fmt is None:
        return editor()
    triples = list(describe_service(get_store(), endpoint_iri(), title=settings().title,
                                    updates=bool(settings().update_token)))
    data: list[ox.Triple] | list[ox.Quad] = (
        [ox.Quad(t.subject, t.predicate, t.object) for t in triples] if fmt.datasets
        else triples)
    return _data_response(serialize(data, fmt, PREFIXES), fmt)


def editor() -> Response:
    """Show the query editor: YASGUI when its files are installed, a plain form always."""
    static = current_app.static_folder
    has_yasgui = static is not None and (Path(static) / YASGUI).is_file()
    query = request.args.get("edit") or EXAMPLES[0].sparql
    response = render(
        "sparql/editor.html", examples=EXAMPLES, query=query,
        examples_json=[asdict(example) for example in EXAMPLES], has_yasgui=has_yasgui,
        endpoint=url_for("sparql.endpoint"), title=settings().title,
        formats=[*SOLUTION_FORMATS, *GRAPH_FORMATS], updates=bool(settings().update_token))
    response.headers["Vary"] = "Accept"
    return response

