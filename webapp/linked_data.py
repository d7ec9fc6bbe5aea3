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
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response as BaseResponse

from kg.dataset import DatasetIRIs
from kg.describe import (
    KINDS,
    describe_resource,
    describe_shapes,
    describe_vocabulary,
    document_prefixes,
    is_valid_key,
    resource_exists,
)
from kg.formats import RDF_FORMATS, Format
from kg.namespaces import KG, PREFIXES
from kg.pipeline.resources import ontology_graph, ontology_turtle, shapes_graph, shapes_turtle
from kg.uris import normalize_base
from webapp import get_store
from webapp.caching import Validators, data_version, enable_cors, make_etag
from webapp.negotiation import accepted_media_types

blueprint = enable_cors(Blueprint("linked_data", __name__))

HTML = "text/html"
# The variants every document has (DESIGN.md), in the order Link headers list them.
DOC_VARIANTS: dict[str, Format | None] = {
    "html": None,
    "ttl": RDF_FORMATS["ttl"],
    "jsonld": RDF_FORMATS["jsonld"],
    "rdf": RDF_FORMATS["rdf"],
    "nt": RDF_FORMATS["nt"],
}
# Media types clients send for the same variants; HTML is listed first so that `*/*` (curl,
# crawlers) and equal q-values give people the readable page.
_ACCEPTABLE = [
    (HTML, "html"), ("application/xhtml+xml", "html"),
    ("text/turtle", "ttl"), ("application/x-turtle", "ttl"), ("text/n3", "ttl"),
    ("application/ld+json", "jsonld"), ("application/json", "jsonld"),
    ("application/rdf+xml", "rdf"), ("application/xml", "rdf"),
    ("application/n-triples", "nt"), ("text/plain", "nt"),
]
VOCAB_NAMESPACE = str(KG).rstrip("#")
SHAPES_NAMESPACE = "https://w3id.org/stancegraph/shapes"


def base_uri() -> str:
    """Return the configured base under which IRIs are minted."""
    return normalize_base(current_app.config["BASE_URI"])


def media_type(variant: str) -> str:
    """Name the media type of a variant."""
    fmt = DOC_VARIANTS[variant]
    return HTML if fmt is None else fmt.media_type


def choose_variant() -> str:
    """Pick a variant from Accept with werkzeug's parser (q-values, wildcards); HTML by default.

    webapp.negotiation chooses among RDF and results formats; documents also have an HTML
    variant, so they ask werkzeug directly over the same media types.
    """
    accept = accepted_media_types()
    if not accept:
        return "html"
    best = accept.best_match([media for media, _ in _ACCEPTABLE])
    if best is None:
        abort(406, description="none of the requested media types is available; available: "
                               + ", ".join(media_type(v) for v in DOC_VARIANTS))
    return dict(_ACCEPTABLE)[best]


def alternates(path: str) -> list[str]:
    """Write RFC 8288 Link values naming every variant of a document."""
    return [f'<{path}.{ext}>; rel="alternate"; type="{media_type(ext)}"' for ext in DOC_VARIANTS]


def _split_variant(name: str) -> tuple[str, str | None]:
    """Split "tr.ttl" into ("tr", "ttl"); a name without a known extension has no variant."""
    stem, dot, ext = name.rpartition(".")
    if dot and ext in DOC_VARIANTS:
        return stem, ext
    return name, None


def _check_thing(kind: str, key: str) -> str:
    """Return the IRI /id/{kind}/{key} names, or 404 for kinds and keys that cannot exist."""
    iri = f"{base_uri()}id/{kind}/{key}"
    if kind not in KINDS or not is_valid_key(key):
        abort(not_found(iri, kind, key))
    return iri


def not_found(iri: str, kind: str | None = None, key: str | None = None) -> Response:
    """Answer 404 with a page that says where to look instead (lists, search, SPARQL)."""
    query = ("SELECT ?s ?p ?o WHERE {\n  { <" + iri + "> ?p ?o BIND(<" + iri + "> AS ?s) }\n"
             "  UNION { ?s ?p <" + iri + "> }\n} LIMIT 100")
    sparql = f"{request.script_root}/sparql?query={quote(query)}"
    lists = _list_pages()
    if request.accept_mimetypes.best_match([HTML, "text/plain"]) == HTML or (
            not request.accept_mimetypes):
        body = render_template("linked_data/not_found.html", iri=iri, kind=kind, key=key,
                               kinds=KINDS, lists=lists, sparql=sparql,
                               root=f"{request.script_root}/")
        return Response(body, status=404, mimetype=HTML)
    lines = [f"404 Not Found: nothing is known about <{iri}> here.",
             f"Ask the SPARQL endpoint: {base_uri().rstrip('/')}{sparql}"]
    lines += [f"Browse {title}: {base_uri().rstrip('/')}{path}" for title, path in lists]
    return Response("\n".join(lines) + "\n", status=404, mimetype="text/plain")


def _list_pages() -> list[tuple[str, str]]:
    """Find the HTML list and search pages the application offers (rules without arguments)."""
    pages = []
    for rule in current_app.url_map.iter_rules():
        if rule.endpoint.startswith("pages.") and not rule.arguments and "GET" in (
                rule.methods or ()):
            title = rule.rule.strip("/") or "home"
            pages.append((title, request.script_root + rule.rule))
    return sorted(pages)


# ---------------------------------------------------------------------------------------------
# /id → 303 → /doc
# ---------------------------------------------------------------------------------------------


@blueprint.route("/id/<kind>/<key>")
def thing(kind: str, key: str) -> BaseResponse:
    """Redirect from a thing to the document variant Accept asks for (Cool URIs §4.3)."""
    iri = _check_thing(kind, key)
    variant = choose_variant()
    if not resource_exists(get_store(), iri):
        return not_found(iri, kind, key)
    doc = f"{base_uri()}doc/{kind}/{key}"
    response = redirect(f"{doc}.{variant}", code=303)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = ", ".join(
        [f'<{doc}>; rel="describedby"', *alternates(doc)])
    return response


@blueprint.route("/doc/<kind>/<name>")
def document(kind: str, name: str) -> Response:
    """Serve one variant of a resource's document; without an extension, negotiate it."""
    key, variant = _split_variant(name)
    iri = _check_thing(kind, key)
    negotiated = variant is None
    if variant is None:
        variant = choose_variant()
    page = _page_number()
    validators = Validators.for_request(variant)
    if variant != "html" and (early := validators.not_modified()) is not None:
        return _negotiated(early, kind, key, variant, negotiated)
    doc = f"{base_uri()}doc/{kind}/{key}"
    if variant == "html":
        if not resource_exists(get_store(), iri):
            return not_found(iri, kind, key)
        from webapp.pages import render_resource  # the pages blueprint owns HTML documents

        # The page sets its own validators; this layer adds only what negotiation adds.
        return _negotiated(render_resource(kind, key), kind, key, variant, negotiated)
    _, modified = data_version()
    described = describe_resource(
        get_store(), iri, document=doc, license_iri=current_app.config["LICENSE"],
        dataset=DatasetIRIs(base_uri()).dataset, modified=modified, page=page,
        page_size=max(1, int(current_app.config["PAGE_SIZE"])))
    if described is None:
        return not_found(iri, kind, key)
    fmt = DOC_VARIANTS[variant]
    assert fmt is not None
    response = Response(serialize(described.triples, fmt, document_prefixes(base_uri())),
                        mimetype=fmt.media_type)
    links = [*alternates(doc), f'<{iri}>; rel="http://xmlns.com/foaf/0.1/primaryTopic"',
             f'<{current_app.config["LICENSE"]}>; rel="license"']
    if described.next_page:
        links.append(f'<{_page_url(doc, variant, page + 1)}>; rel="next"')
    if described.previous_page:
        links.append(f'<{_page_url(doc, variant, page - 1)}>; rel="prev"')
    response.headers["Link"] = ", ".join(links)
    return _negotiated(validators.apply(response), kind, key, variant, negotiated)


def _page_number() -> int:
    text = request.args.get("page", "1")
    if not text.isdigit() or int(text) < 1:
        raise BadRequest(f"page must be a positive integer, not {text!r}")
    return int(text)


def _page_url(doc: str, variant: str, page: int) -> str:
    return f"{doc}.{variant}" if page <= 1 else f"{doc}.{variant}?page={page}"


def _negotiated(response: Response, kind: str, key: str, variant: str,
                negotiated: bool) -> Response:
    """Mark a negotiated answer: which variant it is (RFC 9110 §8.7) and that Accept chose it."""
    if negotiated:
        response.headers["Content-Location"] = f"{base_uri()}doc/{kind}/{key}.{variant}"
        response.vary.add("Accept")
    return response


def serialize(triples: list[ox.Triple], fmt: Format, prefixes: dict[str, str]) -> bytes:
    """Serialize with Oxigraph's writers; Turtle and RDF/XML get readable prefixes."""
    output = io.BytesIO()
    if fmt.name in ("ttl", "rdf"):
        ox.serialize(triples, output, fmt.oxigraph, prefixes=prefixes)  # type: ignore[arg-type]
    else:
        ox.serialize(triples, output, fmt.oxigraph)  # type: ignore[arg-type]
    return output.getvalue()


# ---------------------------------------------------------------------------------------------
# /graph/… named graphs
# ---------------------------------------------------------------------------------------------


@blueprint.route("/graph/<path:name>")
def named_graph(name: str) -> BaseResponse:
    """Serve a named graph's triples; people asking for HTML go to the article's page."""
    stem, variant = _split_variant(name)
    graph = f"{base_uri()}graph/{stem}"
    store = get_store()
    # Only names made of key-like segments reach the query, so a path cannot end the IRI early.
    if not all(is_valid_key(part) for part in stem.split("/")) or not store.has_graph(graph):
        return not_found(graph)
    negotiated = variant is None
    if variant is None:
        variant = choose_variant()
    if variant == "html":
        if stem.startswith("article/"):
            response = redirect(f"{base_uri()}doc/article/{stem.split('/', 1)[1]}.html", 303)
            response.headers["Vary"] = "Accept"
            return response
        variant = "ttl"  # reference graphs have no page of their own: show their Turtle
    validators = Validators.for_request(variant)
    if (early := validators.not_modified()) is not None:
        return early
    fmt = DOC_VARIANTS[variant]
    assert fmt is not None
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
    fmt = DOC_VARIANTS[variant]
    assert fmt is not None
    triples = [q.triple for q in ox.parse(turtle.encode("utf-8"), ox.RdfFormat.TURTLE)]
    prefixes = {**PREFIXES, "kgsh": SHAPES_NAMESPACE + "#"}
    return serialize(triples, fmt, prefixes)


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
    if variant == "html":
        if which == "vocab":
            body = render_template("linked_data/vocab.html",
                                   doc=describe_vocabulary(ontology_graph(), VOCAB_NAMESPACE),
                                   variants=list(DOC_VARIANTS), path=f"/{which}")
        else:
            body = render_template("linked_data/shapes.html",
                                   doc=describe_shapes(shapes_graph(), SHAPES_NAMESPACE),
                                   variants=list(DOC_VARIANTS), path=f"/{which}")
        response = Response(body, mimetype=HTML)
    else:
        response = Response(_variant_bytes(which, variant), mimetype=media_type(variant))
    path = f"{base_uri()}{which}"
    response.headers["Link"] = ", ".join(alternates(path))
    if negotiated:
        response.headers["Content-Location"] = f"{path}.{variant}"
        response.vary.add("Accept")
    return validators.apply(response)


@blueprint.route("/vocab")
@blueprint.route("/vocab.<ext>")
def vocabulary(ext: str | None = None) -> Response:
    """Serve the vocabulary at its namespace document, with content negotiation."""
    if ext is not None and ext not in DOC_VARIANTS:
        abort(404)
    return _published_turtle("vocab", ext)


@blueprint.route("/shapes")
@blueprint.route("/shapes.<ext>")
def shapes(ext: str | None = None) -> Response:
    """Serve the SHACL shapes, with content negotiation and a readable HTML page."""
    if ext is not None and ext not in DOC_VARIANTS:
        abort(404)
    return _published_turtle("shapes", ext)
