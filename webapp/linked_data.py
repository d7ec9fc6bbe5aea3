"""Linked Data: /id/… names things, /doc/… documents them, /vocab and /shapes, /graph/….

Follows "Cool URIs for the Semantic Web" (https://www.w3.org/TR/cooluris/ §4.3, 303 URIs
forwarding to one generic document) and the httpRange-14 resolution: /id/{kind}/{key} answers
303 See Other to the /doc/{kind}/{key}.{ext} variant the client's Accept asks for.
"""

from __future__ import annotations

import functools
import hashlib
import io
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, abort, redirect, request
from werkzeug.wrappers import Response as BaseResponse

from kg.formats import serialize
from kg.namespaces import FOAF, PREFIXES, SHAPES_DOCUMENT, VOCAB_DOCUMENT
from kg.pipeline.resources import ontology_graph, ontology_turtle, shapes_graph, shapes_turtle
from kg.publish.dataset import DatasetIRIs
from kg.publish.documents import (
    describe_resource,
    document_prefixes,
    is_valid_key,
    resource_exists,
)
from kg.uris import KINDS
from webapp.caching import Validators, data_version, enable_cors, make_etag
from webapp.history import gone, memento_links
from webapp.negotiation import (
    DOC_VARIANTS,
    HTML,
    choose_variant,
    page_number,
    variant_format,
    variant_media_type,
)
from webapp.pages import list_pages, render_resource
from webapp.presenters.vocabulary import describe_shapes, describe_vocabulary
from webapp.render import alternate_links, render
from webapp.settings import settings
from webapp.store import get_store

blueprint = enable_cors(Blueprint("linked_data", __name__))


def alternates(path: str) -> str:
    """Write the RFC 8288 Link value naming every variant of a document."""
    return alternate_links((f"{path}.{ext}", variant_media_type(ext)) for ext in DOC_VARIANTS)


def _split_variant(name: str) -> tuple[str, str | None]:
    """Split "tr.ttl" into ("tr", "ttl"); a name without a known extension has no variant."""
    stem, dot, ext = name.rpartition(".")
    if dot and ext in DOC_VARIANTS:
        return stem, ext
    return name, None


def _check_thing(kind: str, key: str) -> str:
    """Return the IRI /id/{kind}/{key} names, or 404 for kinds and keys that cannot exist."""
    iri = settings().url(f"id/{kind}/{key}")
    if kind not in KINDS or not is_valid_key(key):
        abort(not_found(iri, kind, key))
    return iri


def not_found(iri: str, kind: str | None = None, key: str | None = None) -> Response:
    """Answer 404 with a page that says where to look instead (lists, search, SPARQL)."""
    query = ("SELECT ?s ?p ?o WHERE {\n  { <" + iri + "> ?p ?o BIND(<" + iri + "> AS ?s) }\n"
             "  UNION { ?s ?p <" + iri + "> }\n} LIMIT 100")
    sparql = f"{request.script_root}/sparql?query={quote(query)}"
    lists = sorted((path.strip("/") or "home", request.script_root + path)
                   for path in list_pages())
    if request.accept_mimetypes.best_match([HTML, "text/plain"]) == HTML or (
            not request.accept_mimetypes):
        return render("linked_data/not_found.html", status=404, iri=iri, kind=kind, key=key,
                      kinds=KINDS, lists=lists, sparql=sparql, root=f"{request.script_root}/")
    site = settings().base_uri.rstrip("/")
    lines = [f"404 Not Found: nothing is known about <{iri}> here.",
             f"Ask the SPARQL endpoint: {site}{sparql}"]
    lines += [f"Browse {title}: {site}{path}" for title, path in lists]
    return Response("\n".join(lines) + "\n", status=404, mimetype="text/plain")


# ---------------------------------------------------------------------------------------------
# /id → 303 → /doc
# ---------------------------------------------------------------------------------------------


@blueprint.route("/id/<kind>/<key>")
def thing(kind: str, key: str) -> BaseResponse:
    """Redirect from a thing to the document variant Accept asks for (Cool URIs §4.3)."""
    iri = _check_thing(kind, key)
    variant = choose_variant()
    if kind == "article" and (tombstoned := gone(iri)) is not None:
        return tombstoned
    if not resource_exists(get_store(), iri):
        return not_found(iri, kind, key)
    doc = settings().url(f"doc/{kind}/{key}")
    response = redirect(f"{doc}.{variant}", code=303)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = ", ".join(
        [f'<{doc}>; rel="describedby"', alternates(doc)])
    return response


@blueprint.route("/doc/<kind>/<name>")
def document(kind: str, name: str) -> Response:
    """Serve one variant of a resource's document; without an extension, negotiate it."""
    key, variant = _split_variant(name)
    iri = _check_thing(kind, key)
    negotiated = variant is None
    if variant is None:
        variant = choose_variant()
    page = page_number()
    validators = Validators.for_request(variant)
    if variant != "html" and (early := validators.not_modified()) is not None:
        return _negotiated(early, kind, key, variant, negotiated)
    config = settings()
    doc = config.url(f"doc/{kind}/{key}")
    if kind == "article" and (tombstoned := gone(iri)) is not None:
        return tombstoned
    if variant == "html":
        if not resource_exists(get_store(), iri):
            return not_found(iri, kind, key)
        # The pages blueprint owns HTML documents; the page sets its own validators, and
        # this layer adds only what negotiation adds.
        return _negotiated(render_resource(kind, key), kind, key, variant, negotiated)
    _, modified = data_version()
    described = describe_resource(
        get_store(), iri, document=doc, license_iri=config.license,
        dataset=DatasetIRIs.under(config.base_uri).dataset, modified=modified, page=page,
        page_size=config.page_size)
    if described is None:
        return not_found(iri, kind, key)
    fmt = variant_format(variant)
    response = Response(serialize(described.triples, fmt, document_prefixes(config.base_uri)),
                        mimetype=fmt.media_type)
    links = [alternates(doc), f'<{iri}>; rel="{FOAF.primaryTopic}"',
             f'<{config.license}>; rel="license"']
    if kind == "article":
        links.append(memento_links(iri))
    if described.next_page:
        links.append(f'<{_page_url(doc, variant, page + 1)}>; rel="next"')
    if described.previous_page:
        links.append(f'<{_page_url(doc, variant, page - 1)}>; rel="prev"')
    response.headers["Link"] = ", ".join(links)
    return _negotiated(validators.apply(response), kind, key, variant, negotiated)


def _page_url(doc: str, variant: str, page: int) -> str:
    return f"{doc}.{variant}" if page <= 1 else f"{doc}.{variant}?page={page}"


def _negotiated(response: Response, kind: str, key: str, variant: str,
                negotiated: bool) -> Response:
    """Mark a negotiated answer: which variant it is (RFC 9110 §8.7) and that Accept chose it."""
    if negotiated:
        response.headers["Content-Location"] = settings().url(f"doc/{kind}/{key}.{variant}")
        response.vary.add("Accept")
    return response


# ---------------------------------------------------------------------------------------------
# /graph/… named graphs
# ---------------------------------------------------------------------------------------------


@blueprint.route("/graph/<path:name>")
def named_graph(name: str) -> BaseResponse:
    """Serve a named graph's triples; people asking for HTML go to the article's page."""
    stem, variant = _split_variant(name)
    graph = settings().url(f"graph/{stem}")
    store = get_store()
    # Only names made of key-like segments reach the query, so a path cannot end the IRI early.
    if not all(is_valid_key(part) for part in stem.split("/")) or not store.has_graph(graph):
        return not_found(graph)
    negotiated = variant is None
    if variant is None:
        variant = choose_variant()
    if variant == "html":
        if stem.startswith("article/"):
            response = redirect(settings().url(f"doc/article/{stem.split('/', 1)[1]}.html"), 303)
            response.headers["Vary"] = "Accept"
            return response
        variant = "ttl"  # reference graphs have no page of their own: show their Turtle
    validators = Validators.for_request(variant)
    if (early := validators.not_modified()) is not None:
        return early
    fmt = variant_format(variant)
    output = io.BytesIO()
    store.dump(output, fmt, graph)
    response = Response(output.getvalue(), mimetype=fmt.media_type)
    if negotiated:
        response.headers["Content-Location"] = f"{graph}.{variant}"
        response.vary.add("Accept")
    return validators.apply(response)


# ---------------------------------------------------------------------------------------------
# /vocab and /shapes
# ---------------------------------------------------------------------------------------------


@functools.cache
def _variant_bytes(which: str, variant: str) -> bytes:
    """Serialize the vocabulary or the shapes once per process; Turtle is served as written."""
    turtle = ontology_turtle() if which == "vocab" else shapes_turtle()
    if variant == "ttl":
        return turtle.encode("utf-8")
    triples = [q.triple for q in ox.parse(turtle.encode("utf-8"), ox.RdfFormat.TURTLE)]
    return serialize(triples, variant_format(variant), PREFIXES)


def _published_turtle(which: str, variant: str | None) -> Response:
    """Serve the vocabulary or the shapes in a negotiated or explicit variant."""
    negotiated = variant is None
    if variant is None:
        variant = choose_variant()
    turtle = ontology_turtle() if which == "vocab" else shapes_turtle()
    # The files change only with a release: their hash is the whole version.
    etag = make_etag(hashlib.sha256(turtle.encode("utf-8")).hexdigest(), which, variant)
    validators = Validators(etag, None)
    if (early := validators.not_modified()) is not None:
        return early
    path = settings().url(which)
    if variant == "html":
        doc = (describe_vocabulary(ontology_graph(), VOCAB_DOCUMENT) if which == "vocab"
               else describe_shapes(shapes_graph(), SHAPES_DOCUMENT))
        response = render(f"linked_data/{which}.html", doc=doc, variants=list(DOC_VARIANTS),
                          path=f"/{which}")
    else:
        response = Response(_variant_bytes(which, variant),
                            mimetype=variant_media_type(variant))
    response.headers["Link"] = alternates(path)
    if negotiated:
        response.headers["Content-Location"] = f"{path}.{variant}"
        response.vary.add("Accept")
    return validators.apply(response)


@blueprint.route("/<any(vocab, shapes):which>")
@blueprint.route("/<any(vocab, shapes):which>.<ext>")
def published_turtle(which: str, ext: str | None = None) -> Response:
    """Serve the vocabulary (at its namespace document) or the SHACL shapes, negotiated."""
    if ext is not None and ext not in DOC_VARIANTS:
        abort(404)
    return _published_turtle(which, ext)
