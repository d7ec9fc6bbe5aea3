"""The SPARQL 1.1 Graph Store HTTP Protocol at /gsp (https://www.w3.org/TR/sparql11-http-rdf-update/).

Graphs are named indirectly (§4.2: /gsp?graph=IRI, /gsp?default) or directly (§4.1: the request
URL /gsp/… under the base URI is the graph's IRI). GET and HEAD are public, like /sparql, which
can read every graph anyway; PUT, POST and DELETE need the update token (`Authorization:
Bearer`), otherwise 403.

The default graph here is the store's own default graph (kg.store.graphs says how it is read
and written); this module reads the request, kg.store.graphs does the store work.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Response, request
from werkzeug.exceptions import BadRequest, NotFound, UnsupportedMediaType

from kg.formats import RDF_FORMATS, Format, format_for_suffix, serialize
from kg.namespaces import PREFIXES
from kg.publish.changes import record_changes
from kg.publish.history import keep_versions, retract
from kg.store.graphs import delete_graph, graph_exists, graph_triples, write_graph
from webapp.caching import allow_cross_origin
from webapp.negotiation import negotiate
from webapp.settings import settings
from webapp.sparql import require_update_token
from webapp.store import get_store

blueprint = Blueprint("gsp", __name__)

TRIPLE_FORMATS = [RDF_FORMATS[n] for n in ("ttl", "nt", "jsonld", "rdf")]
METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]


@blueprint.after_request
def _cors(response: Response) -> Response:
    allow_cross_origin(response)
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ", ".join([*METHODS, "OPTIONS"])
    return response


@dataclass(frozen=True)
class Target:
    """What a request addresses: a named graph, the default graph, or the graph store itself."""

    graph: str | None = None
    default: bool = False

    @property
    def store_itself(self) -> bool:
        """Tell a request to the graph store (§5.5 POST creates a graph) from one to a graph."""
        return self.graph is None and not self.default


def read_target(path: str | None) -> Target:
    """Find the graph a request names, directly (§4.1) or by ?graph= / ?default (§4.2)."""
    if path is not None:
        return Target(graph=settings().url("gsp/" + path))
    graphs = request.args.getlist("graph")
    if graphs and "default" in request.args:
        raise BadRequest("name either ?graph=IRI or ?default, not both")
    if len(graphs) > 1:
        raise BadRequest("name one graph per request")
    if graphs:
        try:
            ox.NamedNode(graphs[0])
        except ValueError as error:
            raise BadRequest(f"?graph= must be an absolute IRI: {error}") from error
        return Target(graph=graphs[0])
    return Target(default="default" in request.args)


def parse_payload(graph: str | None) -> list[ox.Triple]:
    """Parse the request body as RDF (one graph), multipart bodies part by part (§5.5)."""
    if request.mimetype == "multipart/form-data":
        triples: list[ox.Triple] = []
        for upload in request.files.values():
            fmt = _format_of(upload.mimetype, upload.filename)
            triples += _parse(upload.read(), fmt, graph)
        return triples
    return _parse(request.get_data(), _format_of(request.mimetype, None), graph)


def _format_of(mimetype: str, filename: str | None) -> Format:
    for fmt in TRIPLE_FORMATS:
        if mimetype == fmt.media_type:
            return fmt
    if filename and "." in filename:
        by_suffix = format_for_suffix(filename.rsplit(".", 1)[1])
        if by_suffix is not None and by_suffix in TRIPLE_FORMATS:
            return by_suffix
    raise UnsupportedMediaType(
        f"cannot read a graph sent as {mimetype or '(no Content-Type)'!r}; send one of "
        + ", ".join(f.media_type for f in TRIPLE_FORMATS))


def _parse(data: bytes, fmt: Format, graph: str | None) -> list[ox.Triple]:
    assert isinstance(fmt.oxigraph, ox.RdfFormat)
    try:
        # Relative IRIs in the payload resolve against the graph's IRI, as Oxigraph's server does.
        return [quad.triple for quad in ox.parse(data, fmt.oxigraph, base_iri=graph)]
    except (SyntaxError, ValueError) as error:
        raise BadRequest(f"the {fmt.name} payload does not parse: {error}") from error


_DELETED = "deleted through the Graph Store Protocol"


def _summary(method: str, triples: list[ox.Triple]) -> str:
    """Say in one line what a write through this protocol did, for the change feed."""
    return f"{method} of {len(triples)} triples through the Graph Store Protocol"


@blueprint.route("/gsp", methods=METHODS, defaults={"path": None})
@blueprint.route("/gsp/<path:path>", methods=METHODS)
def graph_store(path: str | None) -> Response:
    """Read, replace, extend or delete one graph (GSP §5.2–§5.6)."""
    target = read_target(path)
    store = get_store()
    if request.method in ("GET", "HEAD"):
        if target.store_itself:
            raise BadRequest("name a graph: /gsp?graph=IRI or /gsp?default")
        fmt = negotiate(TRIPLE_FORMATS, default=RDF_FORMATS["ttl"])
        if not graph_exists(store, target.graph):
            raise NotFound(f"there is no graph <{target.graph}>")
        body = serialize(graph_triples(store, target.graph), fmt, PREFIXES)
        response = Response(body, mimetype=fmt.media_type)
        response.headers["Vary"] = "Accept"
        return response
    require_update_token()
    if request.method == "DELETE":
        if target.store_itself:
            raise BadRequest("name the graph to delete: /gsp?graph=IRI or /gsp?default")
        if not graph_exists(store, target.graph):
            raise NotFound(f"there is no graph <{target.graph}>")
        if target.graph is None:
            delete_graph(store, None)
            record_changes(store, {None: _DELETED}, deleted=True)
        else:  # an article's graph leaves a tombstone and its last version
            retract(store, settings().base_uri, {target.graph: _DELETED})
        return Response(status=204)
    if target.store_itself:
        if request.method != "POST":
            raise BadRequest("PUT needs a graph: /gsp?graph=IRI or /gsp?default")
        # §5.5: POST to the graph store creates a graph and answers its IRI, which our direct
        # identification serves at the same URL.
        created = settings().url(f"gsp/{uuid.uuid4().hex}")
        triples = parse_payload(created)
        write_graph(store, created, triples, replace=True)
        record_changes(store, {created: _summary("POST", triples)})
        response = Response(status=201)
        response.headers["Location"] = created
        return response
    existed = graph_exists(store, target.graph)
    triples = parse_payload(target.graph)
    if existed and target.graph is not None:
        keep_versions(store, settings().base_uri, [target.graph])
    write_graph(store, target.graph, triples, replace=request.method == "PUT")
    record_changes(store, {target.graph: _summary(request.method, triples)})
    # §5.3, §5.5: 201 Created when the request made a new graph, 204 when it changed one.
    return Response(status=204 if existed else 201)
