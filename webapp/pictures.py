"""The pictures: a stance network, maps, a timeline, position changes and an expert × country grid.

Each picture draws rows from /pictures/{name}.json (also .csv, and .ttl for the stances its
counts come from), read with the same query parameters as /stances. Pages render the same rows
as tables, so readers without JavaScript get the data; static/pages/pictures.js draws them.
"""

from __future__ import annotations

from flask import Blueprint, Response, request, url_for

from kg.formats import RDF_FORMATS, serialize
from kg.namespaces import PREFIXES
from kg.publish import summaries
from kg.publish.facets import StanceSelection
from webapp.caching import Validators
from webapp.pages import (
    data_response,
    picture_context,
    read_records,
    render_page,
    variant_alternates,
)
from webapp.presenters.jsonld import collection_jsonld
from webapp.render import alternate_links

blueprint = Blueprint("pictures", __name__)

_FORMATS = ("json", "csv", "ttl")


@blueprint.route("/pictures/<any(network, countries, timeline, changes, grid):name>"
                 ".<any(json, csv, ttl):fmt>")
def data(name: str, fmt: str) -> Response:
    """Answer the rows a picture draws, for the selection in the query, as JSON, CSV or RDF."""
    selection = StanceSelection.from_params(request.args)
    records = read_records()
    paths = {ext: url_for("pictures.data", name=name, fmt=ext) for ext in _FORMATS}
    alternates = variant_alternates(paths, fmt)
    if fmt == "ttl":
        turtle = RDF_FORMATS["ttl"]
        response = Response(serialize(summaries.selection_triples(records, selection), turtle,
                                      PREFIXES), mimetype=turtle.media_type)
        response.headers["Link"] = alternate_links(alternates)
        return Validators.for_request(fmt).apply(response)
    row_type, read = summaries.PICTURES[name]
    return data_response(fmt, alternates, row_type, read(records, selection), picture=name,
                         selection=selection.params())


@blueprint.route("/network")
def explorer() -> Response:
    """Explore the stance network, its timeline and the expert × country grid by facets."""
    selection = StanceSelection.from_params(request.args)
    records = read_records()
    paths = {ext: url_for("pictures.data", name="network", fmt=ext) for ext in _FORMATS}
    alternates = variant_alternates(paths, "html")
    return render_page("network.html", alternates=alternates,
                       jsonld=collection_jsonld("Stance network", request.url),
                       selection=selection,
                       **picture_context(records, selection, "network", "timeline", "changes",
                                         "grid"))
