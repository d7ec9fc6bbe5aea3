"""HTML pages for people: home, one page per resource, and paged lists, all server-rendered.

Every page embeds schema.org JSON-LD, names its RDF variants with ``<link rel="alternate">`` and
sends the same as ``Link`` headers (RFC 8288 §3). Article text reaches the HTML only through
Jinja's autoescaping; highlighting is built from tokens, never from pre-built markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, request, url_for

from kg.model import POLARITIES
from kg.publish import listings, summaries
from kg.publish.dumps import DUMP_NAME
from kg.publish.facets import StanceSelection, facet_counts
from kg.publish.profiles import ArticleProfile, StanceProfile, read_profile
from kg.publish.records import ArticleItem, Link, Page, Records, StanceRow
from kg.search import Hit, Results, SearchIndex
from webapp.caching import Validators, data_version
from webapp.negotiation import DOC_VARIANTS, page_number, variant_format
from webapp.presenters import tables
from webapp.presenters.charts import grid_table, timeline_bars
from webapp.presenters.highlighting import article_tokens, snippet_tokens, stance_tokens
from webapp.presenters.jsonld import (
    JsonLd,
    collection_jsonld,
    compact,
    dataset_jsonld,
    profile_jsonld,
    search_jsonld,
)
from webapp.render import HTML, alternate_links, render, web_link
from webapp.settings import settings
from webapp.store import get_store

blueprint = Blueprint("pages", __name__)

_TEMPLATES = {"article": "article.html", "expert": "person.html", "person": "person.html",
              "country": "country.html", "stance": "stance.html",
              "organization": "entity.html", "topic": "entity.html", "activity": "entity.html"}
def read_records() -> Records:
    """Read from the store at the data version this request's validators use."""
    version, _ = data_version()
    return Records(get_store(), settings().base_uri, version)


def list_pages() -> list[str]:
    """List the paths of the pages this blueprint serves without arguments (home, lists)."""
    return sorted(rule.rule for rule in current_app.url_map.iter_rules()
                  if rule.endpoint.startswith(f"{blueprint.name}.")
                  and rule.arguments <= set(rule.defaults or ())  # the HTML rule of a list
                  and "GET" in (rule.methods or ()))


def doc_path(kind: str, key: str, extension: str = "html") -> str:
    """Give the path of one document variant of a resource, under this application's root."""
    return f"{request.script_root}/doc/{kind}/{key}.{extension}"


def stances_href(selection: StanceSelection | None = None, **facets: Link | str) -> str:
    """Link /stances with a selection narrowed by more facets (things or plain values)."""
    params = selection.params() if selection is not None else {}
    for name, value in facets.items():
        if isinstance(value, Link):
            kind_prefix = name in ("holder", "target") and value.kind != "country"
            value = f"{value.kind}/{value.key}" if kind_prefix else value.key or ""
        params[name] = value
    return f"{url_for('pages.stances')}?{urlencode(params)}" if params else url_for("pages.stances")


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


def _query_alternate(name: str, page: int, size: int) -> tuple[str, str]:
    """Name the SPARQL query behind a list page, answered as SPARQL JSON results."""
    query = urlencode({"query": listings.list_query(name, page, size), "format": "json"})
    return _absolute(f"{request.script_root}/sparql?{query}"), "application/sparql-results+json"


def render_page(template: str, *, alternates: list[tuple[str, str]], jsonld: JsonLd,
          **context: Any) -> Response:
    """Render a page with its JSON-LD and alternates, and allow 304s."""
    # The helpers are passed to each render rather than registered app-wide: render_resource
    # also answers requests routed by the Linked Data blueprint.
    response = render(f"pages/{template}", alternates=alternates, jsonld=compact(jsonld),
                      href=href, doc_path=doc_path, polarities=POLARITIES,
                      stances_href=stances_href,
                      site_title=settings().title, **context)
    response.vary.add("Accept")
    return Validators.for_request("html").apply(response)


def render_resource(kind: str, key: str) -> Response:
    """Render the HTML document of /doc/{kind}/{key}.html; 404 when the graph does not know it."""
    profile = read_profile(read_records(), kind, key)
    if profile is None:
        abort(404, description=f"nothing is known about {kind} {key!r} here; "
                               f"browse {request.script_root}/ or ask {request.script_root}/sparql")
    context: dict[str, Any] = {"view": profile}
    if kind in _ENTITY_PICTURES:
        facet, names = _ENTITY_PICTURES[kind]
        selection = StanceSelection(**{facet: key})
        context.update(picture_context(read_records(), selection, *names),
                       selection=selection)
    if isinstance(profile, ArticleProfile):
        context["tokens"] = article_tokens(profile)
    elif isinstance(profile, StanceProfile) and profile.stance is not None:
        context["tokens"] = stance_tokens(profile)
    return render_page(_TEMPLATES[kind], alternates=_resource_alternates(kind, key),
                 jsonld=profile_jsonld(profile), **context)


def picture_context(records: Records, selection: StanceSelection,
                    *names: str) -> dict[str, Any]:
    """Read the rows of some pictures for a page, and the bars of its timeline."""
    context: dict[str, Any] = {name: summaries.PICTURES[name][1](records, selection)
                               for name in names}
    if "timeline" in context:
        context["bars"] = timeline_bars(context["timeline"])
    if "grid" in context:
        context["grid_table"] = grid_table(context["grid"])
    return context


# The pictures each kind of page shows, and the facet that selects the page's stances.
_ENTITY_PICTURES = {"country": ("country", ("network", "timeline", "changes")),
                    "expert": ("expert", ("network", "grid")),
                    "article": ("article", ("network",))}


@blueprint.route("/")
def home() -> Response:
    """Show the dataset at a glance: figures, latest articles, countries by stances, links."""
    records = read_records()
    config = settings()
    jsonld = dataset_jsonld(_absolute(request.script_root + "/"), config.title, config.license,
                            _absolute(f"{request.script_root}/dumps/{DUMP_NAME}"))
    void = _absolute(request.script_root + "/void")
    alternates = [(void, "text/turtle"), (void, "application/ld+json")]
    return render_page("home.html", alternates=alternates, jsonld=jsonld,
                 figures=listings.figures(records), latest=records.articles(limit=10),
                 countries=listings.countries_by_stances(records, limit=15))


# The data variants of every list and search page, beside its HTML (Datasette's convention).
DATA_FORMATS = {"json": "application/json", "csv": "text/csv"}
_DATA_ROUTE = "<any(json, csv):fmt>"
_MEDIA_TYPES = {"html": HTML, **DATA_FORMATS, "ttl": "text/turtle"}


def variant_alternates(paths: dict[str, str], fmt: str) -> list[tuple[str, str]]:
    """Name the other formats of this answer (format → path), each at the request's query."""
    query = request.query_string.decode("latin-1")
    return [(_absolute(path + (f"?{query}" if query else "")), _MEDIA_TYPES[other])
            for other, path in paths.items() if other != fmt]


def _list_variants(endpoint: str) -> dict[str, str]:
    """Give the paths of a list's HTML page and of its data variants."""
    path = url_for(f"pages.{endpoint}")
    return {"html": path, **{ext: f"{path}.{ext}" for ext in DATA_FORMATS}}


def data_response(fmt: str, alternates: list[tuple[str, str]], row_type: type,
                  rows: list[Any], **document: Any) -> Response:
    """Answer rows as JSON or CSV, with the validators HTML pages have and their alternates."""
    records = [tables.flatten(row) for row in rows]
    if fmt == "csv":
        body = tables.to_csv(tables.columns(row_type), records)
    else:
        body = tables.to_json({**document, "rows": records})
    response = Response(body, mimetype=DATA_FORMATS[fmt])
    response.headers["Link"] = alternate_links(alternates)
    return Validators.for_request(fmt).apply(response)


def _page_urls(page: Page[Any], query: dict[str, str]) -> tuple[str | None, str | None]:
    """Link the previous and next pages, keeping the rest of the query."""
    prev_url = next_url = None
    if page.has_prev:
        prev_url = "?" + urlencode({**query, "page": page.page - 1})
    if page.has_next:
        next_url = "?" + urlencode({**query, "page": page.page + 1})
    return prev_url, next_url


def _list(name: str, title: str, fmt: str, row_type: type, page: Page[Any],
          query: dict[str, str] | None = None, **context: Any) -> Response:
    prev_url, next_url = _page_urls(page, query or {})
    if fmt != "html":
        return data_response(fmt, variant_alternates(_list_variants(name), fmt), row_type,
                             page.rows, title=title, page=page.page, prev=prev_url,
                             next=next_url, **context)
    alternates = [*variant_alternates(_list_variants(name), fmt),
                  _query_alternate(name, page.page, settings().page_size)]
    return render_page(f"list_{name}.html", alternates=alternates,
                 jsonld=collection_jsonld(title, request.url), title=title, page=page,
                 prev_url=prev_url, next_url=next_url, **context)


def _paged(read: Callable[[Records, int, int], Page[Any]]) -> Page[Any]:
    """Read the requested page of a list."""
    return read(read_records(), page_number(), settings().page_size)


@blueprint.route("/articles", defaults={"fmt": "html"})
@blueprint.route(f"/articles.{_DATA_ROUTE}")
def articles(fmt: str) -> Response:
    """List articles, newest first, a page at a time."""
    return _list("articles", "Articles", fmt, ArticleItem, _paged(listings.list_articles))


@blueprint.route("/experts", defaults={"fmt": "html"})
@blueprint.route(f"/experts.{_DATA_ROUTE}")
def experts(fmt: str) -> Response:
    """List experts with their articles and stances, a page at a time."""
    return _list("experts", "Experts", fmt, listings.ExpertItem, _paged(listings.list_experts))


@blueprint.route("/countries", defaults={"fmt": "html"})
@blueprint.route(f"/countries.{_DATA_ROUTE}")
def countries(fmt: str) -> Response:
    """List countries, the most discussed first, a page at a time."""
    return _list("countries", "Countries", fmt, listings.CountryItem,
                 _paged(listings.list_countries))


@blueprint.route("/stances", defaults={"fmt": "html"})
@blueprint.route(f"/stances.{_DATA_ROUTE}")
def stances(fmt: str) -> Response:
    """List the stances a selection of facets matches, with counts per facet value."""
    selection = StanceSelection.from_params(request.args)
    records = read_records()
    page = listings.list_stances(records, page_number(), settings().page_size, selection)
    counts = facet_counts(records, selection)
    if fmt != "html":
        return _list("stances", "Stances", fmt, StanceRow, page, selection.params(),
                     selection=selection.params(),
                     facets={name: [{"value": v.value, "label": v.label, "count": v.count,
                                     "iri": v.link.iri if v.link else None} for v in values]
                             for name, values in counts.items()})
    return _list("stances", "Stances", fmt, StanceRow, page, selection.params(),
                 selection=selection, facets=counts, facet_url=_facet_url(selection))


def _facet_url(selection: StanceSelection) -> Callable[[str, str], str]:
    """Make links that set (or, with an empty value, clear) one facet of the selection."""
    def url(name: str, value: str) -> str:
        params = selection.without(name).params()
        if value:
            params[name if name != "year" else "since"] = value
            if name == "year":
                params["until"] = value
        return "?" + urlencode(params)
    return url


@blueprint.route("/search", defaults={"fmt": "html"})
@blueprint.route(f"/search.{_DATA_ROUTE}")
def search(fmt: str) -> Response:
    """Search articles, people, organizations and countries by full text (?q=, ?kind=)."""
    text = (request.args.get("q") or "").strip()
    kind = request.args.get("kind") or None
    if len(text) > 200:
        abort(400, description="the search text is longer than 200 characters")
    page, size = page_number(), settings().page_size
    results = (SearchIndex.beside(get_store()).search(text, kind=kind, limit=size,
                                                        offset=(page - 1) * size)
               if text else Results([], {}))
    total = results.kinds.get(kind, 0) if kind else sum(results.kinds.values())
    found = Page(results.hits, page, page * size < total)
    query = {k: v for k, v in (("q", text), ("kind", kind or "")) if v}
    prev_url, next_url = _page_urls(found, query)
    alternates = variant_alternates(_list_variants("search"), fmt)
    if fmt != "html":
        return data_response(fmt, alternates, Hit, found.rows, q=text, kinds=results.kinds,
                             total=total, page=page, prev=prev_url, next=next_url)
    records = read_records()
    hits = [(hit, records.link(hit.iri, {hit.iri: hit.label}), snippet_tokens(hit))
            for hit in found.rows]
    return render_page("search.html", alternates=alternates, jsonld=search_jsonld(request.url),
                       q=text, kind=kind, kinds=results.kinds, total=total, hits=hits,
                       page=found, prev_url=prev_url, next_url=next_url)
