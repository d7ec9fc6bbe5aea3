"""HTML pages for people: home, one page per resource, and paged lists, all server-rendered.

Every page embeds schema.org JSON-LD, names its RDF variants with ``<link rel="alternate">`` and
sends the same as ``Link`` headers (RFC 8288 §3). Article text reaches the HTML only through
Jinja's autoescaping; highlighting is built from tokens, never from pre-built markup.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, render_template, request

from kg.formats import RDF_FORMATS
from kg.uris import normalize_base
from kg.views import POLARITIES, Link, Span, Views, country_mentions, highlight
from webapp import get_store, web_link
from webapp.caching import Validators

blueprint = Blueprint("pages", __name__)

# The variants every resource document has, in the order pages list them.
DOC_VARIANTS = ("ttl", "jsonld", "rdf", "nt")
_TEMPLATES = {"article": "article.html", "expert": "person.html", "person": "person.html",
              "country": "country.html", "stance": "stance.html",
              "organization": "entity.html", "topic": "entity.html", "activity": "entity.html"}
_LIST_QUERIES = {
    "articles": "SELECT ?article ?headline ?date WHERE { ?article schema:articleBody ?body ; "
                "schema:headline ?headline . OPTIONAL { ?article schema:datePublished ?date } } "
                "ORDER BY DESC(?date) ?headline",
    "experts": "SELECT ?expert ?name WHERE { ?expert a kg:Expert . "
               "OPTIONAL { ?expert schema:name ?name } } ORDER BY ?expert",
    "countries": "SELECT ?country ?code ?name WHERE { ?country a kg:Country ; "
                 "kg:iso3166Alpha2 ?code ; schema:name ?name } ORDER BY ?code",
    "stances": "SELECT ?stance ?holder ?polarity ?target ?article ?evidence WHERE { "
               "?stance a kg:Stance ; kg:holder ?holder ; kg:polarity ?polarity ; "
               "kg:target ?target ; kg:statedIn ?article ; kg:evidenceText ?evidence } "
               "ORDER BY ?stance",
}
_QUERY_PREFIXES = ("PREFIX kg: <https://w3id.org/stancegraph/vocab#>\n"
                   "PREFIX schema: <https://schema.org/>\n")


def _views() -> Views:
    return Views(get_store(), current_app.config["BASE_URI"])


def doc_path(kind: str, key: str, extension: str = "html") -> str:
    """Give the path of one document variant of a resource, under this application's root."""
    return f"{request.script_root}/doc/{kind}/{key}.{extension}"


def href(link: Link) -> str:
    """Point a link at our HTML document for things we publish, else at the IRI itself."""
    if link.kind and link.key:
        return doc_path(link.kind, link.key)
    return web_link(link.iri)


def _absolute(path: str) -> str:
    """Make a site path absolute under BASE_URI, never under the request's Host header."""
    local = path[len(request.script_root):] if path.startswith(request.script_root) else path
    return normalize_base(current_app.config["BASE_URI"]) + local.lstrip("/")


def _resource_alternates(kind: str, key: str) -> list[tuple[str, str]]:
    return [(_absolute(doc_path(kind, key, RDF_FORMATS[name].extension)),
             RDF_FORMATS[name].media_type) for name in DOC_VARIANTS]


def _query_alternates(name: str, page: int, size: int) -> list[tuple[str, str]]:
    query = f"{_QUERY_PREFIXES}{_LIST_QUERIES[name]} LIMIT {size} OFFSET {(page - 1) * size}"
    return [(_absolute(f"{request.script_root}/sparql?" + urlencode({"query": query,
                                                                     "format": fmt})), media)
            for fmt, media in (("json", "application/sparql-results+json"),
                               ("csv", "text/csv"))]


def _helpers() -> dict[str, Any]:
    # Passed to each render rather than registered app-wide: render_resource also answers
    # requests routed by other blueprints (Linked Data), and other templates keep their names.
    return {"href": href, "doc_path": doc_path, "polarities": POLARITIES,
            "site_title": current_app.config.get("TITLE", "stancegraph")}


def _render(template: str, *, alternates: list[tuple[str, str]], jsonld: dict[str, Any],
            **context: Any) -> Response:
    """Render a page, announce its alternates in the head and in Link headers, allow 304s."""
    jsonld = {k: v for k, v in jsonld.items() if v not in (None, [], "")}
    html = render_template(f"pages/{template}", alternates=alternates, jsonld=jsonld,
                           **_helpers(), **context)
    response = current_app.response_class(html, mimetype="text/html")
    response.headers["Link"] = ", ".join(f'<{url}>; rel="alternate"; type="{media}"'
                                         for url, media in alternates)
    response.vary.add("Accept")
    return Validators.for_request("html").apply(response)


def _page_number() -> int:
    page = request.args.get("page", 1, type=int)
    return page if page and page > 0 else 1


def _page_size() -> int:
    return max(1, int(current_app.config.get("PAGE_SIZE", 50)))


def render_resource(kind: str, key: str) -> Response:
    """Render the HTML document of /doc/{kind}/{key}.html; 404 when the graph does not know it."""
    views = _views()
    view = views.resource(kind, key)
    if view is None:
        abort(404, description=f"nothing is known about {kind} {key!r} here; "
                               f"browse {request.script_root}/ or ask {request.script_root}/sparql")
    context: dict[str, Any] = {"view": view}
    if kind == "article":
        body = view.facts["body"]
        spans = [Span(s.start, s.end, "mark", s.link.key or "", s.link.label)
                 for s in view.facts["stances"] if s.start is not None and s.end is not None]
        spans += country_mentions(body, view.facts["mentions"])
        context["tokens"] = highlight(body, spans)
    elif kind == "stance" and view.facts["stance"] is not None:
        stance = view.facts["stance"]
        offset = view.facts["context_offset"]
        spans = []
        if stance.start is not None and stance.end is not None and view.facts["context"]:
            spans.append(Span(stance.start - offset, stance.end - offset, "mark",
                              stance.link.key or "", stance.link.label))
        context["tokens"] = highlight(view.facts["context"], spans)
    return _render(_TEMPLATES[kind], alternates=_resource_alternates(kind, key),
                   jsonld=view.jsonld, **context)


@blueprint.route("/")
def home() -> Response:
    """Show the dataset at a glance: figures, latest articles, countries by stances, links."""
    views = _views()
    figures = views.figures()
    base = _absolute(request.script_root + "/")
    jsonld = {"@context": "https://schema.org", "@type": "Dataset", "@id": base,
              "name": current_app.config.get("TITLE", "stancegraph"),
              "license": current_app.config.get("LICENSE"),
              "distribution": [{"@type": "DataDownload", "encodingFormat": "application/n-quads",
                                "contentUrl": _absolute(request.script_root
                                                        + "/dumps/stancegraph.nq.gz")}]}
    alternates = [(_absolute(request.script_root + "/void"), "text/turtle"),
                  (_absolute(request.script_root + "/void"), "application/ld+json")]
    return _render("home.html", alternates=alternates, jsonld=jsonld, figures=figures,
                   latest=views.articles(limit=10),
                   countries=views.countries_by_stances(limit=15))


def _list(name: str, title: str, page: Any, extra: dict[str, str] | None = None,
          **context: Any) -> Response:
    size = _page_size()
    jsonld = {"@context": "https://schema.org", "@type": "CollectionPage", "name": title,
              "url": request.url}
    query = {k: v for k, v in (extra or {}).items() if v}
    prev_url = next_url = None
    if page.has_prev:
        prev_url = "?" + urlencode({**query, "page": page.page - 1})
    if page.has_next:
        next_url = "?" + urlencode({**query, "page": page.page + 1})
    return _render(f"list_{name}.html", alternates=_query_alternates(name, page.page, size),
                   jsonld=jsonld, title=title, page=page, prev_url=prev_url,
                   next_url=next_url, **context)


@blueprint.route("/articles")
def articles() -> Response:
    """List articles, newest first, a page at a time."""
    return _list("articles", "Articles", _views().list_articles(_page_number(), _page_size()))


@blueprint.route("/experts")
def experts() -> Response:
    """List experts with their articles and stances, a page at a time."""
    return _list("experts", "Experts", _views().list_experts(_page_number(), _page_size()))


@blueprint.route("/countries")
def countries() -> Response:
    """List countries, the most discussed first, a page at a time."""
    return _list("countries", "Countries",
                 _views().list_countries(_page_number(), _page_size()))


@blueprint.route("/stances")
def stances() -> Response:
    """List stances, filtered by ?polarity= and ?country= (ISO alpha-2), a page at a time."""
    polarity = (request.args.get("polarity") or "").lower()
    country = (request.args.get("country") or "").lower()
    if polarity and polarity not in POLARITIES:
        abort(400, description=f"polarity must be one of {', '.join(POLARITIES)}, "
                               f"not {polarity!r}")
    page = _views().list_stances(_page_number(), _page_size(), polarity=polarity or None,
                                 country=country or None)
    return _list("stances", "Stances", page, {"polarity": polarity, "country": country},
                 selected_polarity=polarity, country=country)


@blueprint.route("/search")
def search() -> Response:
    """Find articles, experts, countries, organizations and topics by name (?q=)."""
    text = (request.args.get("q") or "").strip()
    if len(text) > 200:
        abort(400, description="the search text is longer than 200 characters")
    found = _views().search(text) if text else {}
    jsonld = {"@context": "https://schema.org", "@type": "SearchResultsPage", "url": request.url}
    return _render("search.html", alternates=[], jsonld=jsonld, q=text, found=found)
