"""The SPARQL 1.1 Protocol endpoint at /sparql (https://www.w3.org/TR/sparql11-protocol/)."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from kg.formats import RDF_FORMATS, RESULTS_FORMATS
from webapp import get_store
from webapp.negotiation import negotiate

blueprint = Blueprint("sparql", __name__)

SOLUTION_FORMATS = list(RESULTS_FORMATS.values())
GRAPH_FORMATS = [RDF_FORMATS[n] for n in ("ttl", "nt", "jsonld", "rdf", "nq", "trig")]


def read_query() -> tuple[str, list[str] | None, list[str] | None]:
    """Read the query and its dataset from GET, form POST or direct POST (Protocol §2.1)."""
    if request.method == "POST":
        mimetype = request.mimetype
        if mimetype == "application/sparql-query":
            query = request.get_data(as_text=True)
            args = request.args
        elif mimetype == "application/x-www-form-urlencoded":
            query = request.form.get("query", "")
            args = request.form
        else:
            raise UnsupportedMediaType(
                "POST a query as application/sparql-query or application/x-www-form-urlencoded")
    else:
        query = request.args.get("query", "")
        args = request.args
    if not query.strip():
        raise BadRequest("missing the 'query' parameter")
    default = args.getlist("default-graph-uri") or None
    named = args.getlist("named-graph-uri") or None
    return query, default, named


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a SPARQL query in the negotiated format, serialized by Oxigraph."""
    query, default, named = read_query()
    result = get_store().query(query, default_graphs=default, named_graphs=named)
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        fmt = negotiate(SOLUTION_FORMATS, default=RESULTS_FORMATS["json"])
    else:
        fmt = negotiate(GRAPH_FORMATS, default=RDF_FORMATS["ttl"])
    body = result.serialize(format=fmt.oxigraph)  # type: ignore[arg-type]
    response = Response(body, mimetype=fmt.media_type)
    response.headers["Vary"] = "Accept"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
