"""HTML pages for people: home, one page per resource, and paged lists, all server-rendered.

Every page embeds schema.org JSON-LD, names its RDF variants with ``<link rel="alternate">`` and
sends the same as ``Link`` headers (RFC 8288 §3). Article text reaches the HTML only through
Jinja's autoescaping; highlighting is built from tokens, never from pre-built markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, request

from kg.model import POLARITIES
from kg.publish import listings
from kg.publish.dumps import DUMP_NAME
from kg.publish.profiles import ArticleProfile, StanceProfile, read_profile
from kg.publish.records import Link, Page, Records
from webapp.caching import Validators, data_version
from webapp.negotiation import DOC_VARIANTS, page_number, variant_format
from webapp.presenters.highlighting import article_tokens, stance_tokens
from webapp.presenters.jsonld import (
    JsonLd,
    collection_jsonld,
    compact,
    dataset_jsonld,
    profile_jsonld,
    search_jsonld,
)
from webapp.render import render, web_link
from webapp.settings import settings
from webapp.store import get_store

blueprint = Blueprint("pages", __name__)

_TEMPLATES = {"article": "article.html", "expert": "person.html", "person": "person.html",
              "country": "country.html", "stance": "stance.html",
              "organization": "entity.html", "topic": "entity.html", "activity": "entity.html"}
def _records() -> Records:
    """Read from the store at the data version this request's validators use."""
    version, _ = data_version()
    return Records(get_store(), settings().base_uri, version)


def list_pages() -> list[str]:
    """List the paths of the pages this blueprint serves without arguments (home, lists)."""
    return sorted(rule.rule for rule in current_app.url_map.iter_rules()
                  if rule.endpoint.startswith(f"{blueprint.name}.") and not rule.arguments
                  and "GET" in (rule.methods or ()))


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
    return settings().url(local)


def _resource_alternates(kind: str, key: str) -> list[tuple[str, str]]:
    formats = [variant_format(v) for v in DOC_VARIANTS if v != "html"]
    return [(_absolute(doc_path(kind, key, fmt.extension)), fmt.media_type) for fmt in formats]


def _query_alternates(name: str, page: int, size: int) -> list[tuple[str, str]]:
    query = listings.list_query(name, page, size)
    return [(_absolute(f"{request.script_root}/sparql?" + urlencode({"query": query,
                                                                     "format": fmt})), media)
            for fmt, media in (("json", "application/sparql-results+json"),
                               ("csv", "text/csv"))]


def _page(template: str, *, alternates: list[tuple[str, str]], jsonld: JsonLd,
          **context: Any) -> Response:
    """Render a page with its JSON-LD and alternates, and allow 304s."""
    # The helpers are passed to each render rather than registered app-wide: render_resource
    # also answers requests routed by the Linked Data blueprint.
    response = render(f"pages/{template}", alternates=alternates, jsonld=compact(jsonld),
                      href=href, doc_path=doc_path, polarities=POLARITIES,
                      site_title=settings().title, **context)
    response.vary.add("Accept")
    return Validators.for_request("html").apply(response)


def render_resource(kind: str, key: str) -> Response:
    """Render the HTML document of /doc/{kind}/{key}.html; 404 when the graph does not know it."""
    profile = read_profile(_records(), kind, key)
    if profile is None:
        abort(404, description=f"nothing is known about {kind} {key!r} here; "
                               f"browse {request.script_root}/ or ask {request.script_root}/sparql")
    context: dict[str, Any] = {"view": profile}
    if isinstance(profile, ArticleProfile):
        context["tokens"] = article_tokens(profile)
    elif isinstance(profile, StanceProfile) and profile.stance is not None:
        context["tokens"] = stance_tokens(profile)
    return _page(_TEMPLATES[kind], alternates=_resource_alternates(kind, key),
                 jsonld=profile_jsonld(profile), **context)


@blueprint.route("/")
def home() -> Response:
    """Show the dataset at a glance: figures, latest articles, countries by stances, links."""
    records = _records()
    config = settings()
    jsonld = dataset_jsonld(_absolute(request.script_root + "/"), config.title, config.license,
                            _absolute(f"{request.script_root}/dumps/{DUMP_NAME}"))
    void = _absolute(request.script_root + "/void")
    alternates = [(void, "text/turtle"), (void, "application/ld+json")]
    return _page("home.html", alternates=alternates, jsonld=jsonld,
                 figures=listings.figures(records), latest=records.articles(limit=10),
                 countries=listings.countries_by_stances(records, limit=15))


def _list(name: str, title: str, page: Page[Any], extra: dict[str, str] | None = None,
          **context: Any) -> Response:
    query = {k: v for k, v in (extra or {}).items() if v}
    prev_url = next_url = None
    if page.has_prev:
        prev_url = "?" + urlencode({**query, "page": page.page - 1})
    if page.has_next:
        next_url = "?" + urlencode({**query, "page": page.page + 1})
    return _page(f"list_{name}.html",
                 alternates=_query_alternates(name, page.page, settings().page_size),
                 jsonld=collection_jsonld(title, request.url), title=title, page=page,
                 prev_url=prev_url, next_url=next_url, **context)


def _paged(read: Callable[[Records, int, int], Page[Any]]) -> Page[Any]:
    """Read the requested page of a list."""
    return read(_records(), page_number(), settings().page_size)


@blueprint.route("/articles")
def articles() -> Response:
    """List articles, newest first, a page at a time."""
    return _list("articles", "Articles", _paged(listings.list_articles))


@blueprint.route("/experts")
def experts() -> Response:
    """List experts with their articles and stances, a page at a time."""
    return _list("experts", "Experts", _paged(listings.list_experts))


@blueprint.route("/countries")
def countries() -> Response:
    """List countries, the most discussed first, a page at a time."""
    return _list("countries", "Countries", _paged(listings.list_countries))


@blueprint.route("/stances")
def stances() -> Response:
    """List stances, filtered by ?polarity= and ?country= (ISO alpha-2), a page at a time."""
    polarity = (request.args.get("polarity") or "").lower()
    country = (request.args.get("country") or "").lower()
    if polarity and polarity not in POLARITIES:
        abort(400, description=f"polarity must be one of {', '.join(POLARITIES)}, "
                               f"not {polarity!r}")
    page = listings.list_stances(_records(), page_number(), settings().page_size,
                                 polarity=polarity or None, country=country or None)
    return _list("stances", "Stances", page, {"polarity": polarity, "country": country},
                 selected_polarity=polarity, country=country)


@blueprint.route("/search")
def search() -> Response:
    """Find articles, experts, countries, organizations and topics by name (?q=)."""
    text = (request.args.get("q") or "").strip()
    if len(text) > 200:
        abort(400, description="the search text is longer than 200 characters")
    found = listings.search(_records(), text) if text else {}
    return _page("search.html", alternates=[], jsonld=search_jsonld(request.url), q=text,
                 found=found)
