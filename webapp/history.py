"""Retracted and earlier versions of articles: 410 Gone with a tombstone, and Memento.

RFC 9110 §15.5.11: 410 Gone says the resource was there and was removed on purpose. Memento,
RFC 7089: an article's document is the original resource (URI-R); /timegate/article/{slug} is
its TimeGate (§4.1, pattern 2.3: a TimeGate of its own), which answers 302 to the version that
held at the `Accept-Datetime` asked for; /timemap/article/{slug} is its TimeMap
(application/link-format, §5); /version/article/{slug}/{stamp} serves one earlier version
(a memento, with `Memento-Datetime`). The current document is the last memento-like state: a
TimeGate asked for a moment after the last version sends the client to it.
"""

from __future__ import annotations

import datetime
from email.utils import format_datetime, parsedate_to_datetime

from flask import Blueprint, Response, redirect, request
from werkzeug.exceptions import BadRequest, NotFound
from werkzeug.wrappers import Response as BaseResponse

from kg.formats import RDF_FORMATS, serialize
from kg.publish.documents import document_prefixes, is_valid_key
from kg.publish.history import (
    Tombstone,
    Version,
    graph_of_article,
    tombstone,
    version_triples,
    versions,
)
from webapp.caching import enable_cors
from webapp.negotiation import HTML, negotiate
from webapp.render import render
from webapp.settings import settings
from webapp.store import get_store

blueprint = enable_cors(Blueprint("history", __name__))
LINK_FORMAT = "application/link-format"
_VERSION_FORMATS = [RDF_FORMATS[n] for n in ("ttl", "nt", "jsonld", "rdf")]


def gone(iri: str) -> Response | None:
    """Answer 410 Gone for a retracted article whose graph is still gone, else None.

    Other articles may still mention it (a teaser keeps its headline), so the tombstone, not
    the absence of every triple, says that it is gone.
    """
    base = settings().base_uri
    store = get_store()
    stone = tombstone(store, iri)
    if stone is None or store.has_graph(graph_of_article(base, iri)):
        return None
    if request.accept_mimetypes.best_match([HTML, "text/plain"]) == HTML or (
            not request.accept_mimetypes):
        response = render("linked_data/gone.html", status=410, stone=stone,
                          removed=_http_date(stone.removed),
                          timemap=_urls(stone.article)["timemap"])
    else:
        response = Response(_tombstone_text(stone), status=410, mimetype="text/plain")
    response.headers["Link"] = memento_links(stone.article)
    return response


def _tombstone_text(stone: Tombstone) -> str:
    lines = [f"410 Gone: <{stone.article}> was retracted on {stone.removed}."]
    if stone.headline:
        lines.append(f"It was the article “{stone.headline}”.")
    if stone.reason:
        lines.append(f"Reason: {stone.reason}")
    return "\n".join(lines) + "\n"


def _urls(article: str) -> dict[str, str]:
    slug = article.rsplit("/", 1)[1]
    return {"original": settings().url(f"doc/article/{slug}"),
            "timegate": settings().url(f"timegate/article/{slug}"),
            "timemap": settings().url(f"timemap/article/{slug}")}


def memento_links(article: str) -> str:
    """Name an article's TimeGate and TimeMap (RFC 7089 §2.2) for its Link header."""
    urls = _urls(article)
    return (f'<{urls["original"]}>; rel="original", <{urls["timegate"]}>; rel="timegate", '
            f'<{urls["timemap"]}>; rel="timemap"; type="{LINK_FORMAT}"')


def _http_date(moment: str) -> str:
    parsed = datetime.datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return format_datetime(parsed.astimezone(datetime.UTC), usegmt=True)


def _article(slug: str) -> str:
    if not is_valid_key(slug):
        raise NotFound(f"/{slug}: not an article's slug")
    return settings().url(f"id/article/{slug}")


def _known_versions(slug: str) -> tuple[str, list[Version]]:
    article = _article(slug)
    found = versions(get_store(), article)
    if not found and tombstone(get_store(), article) is None and not get_store().has_graph(
            settings().url(f"graph/article/{slug}")):
        raise NotFound(f"no article {article} and no earlier version of one")
    return article, found


@blueprint.route("/timemap/article/<slug>")
def timemap(slug: str) -> Response:
    """List an article's versions as a TimeMap in the link format (RFC 7089 §5.1)."""
    article, found = _known_versions(slug)
    urls = _urls(article)
    entries = [f'<{urls["original"]}>; rel="original"',
               f'<{urls["timegate"]}>; rel="timegate"',
               f'<{urls["timemap"]}>; rel="self"; type="{LINK_FORMAT}"']
    for n, version in enumerate(found):
        rel = "memento"
        if n == 0:
            rel = "first memento"
        if n == len(found) - 1:
            rel = "last memento" if n else "first last memento"
        entries.append(f'<{version.iri}>; rel="{rel}"; '
                       f'datetime="{_http_date(version.valid_from)}"')
    return Response(",\n".join(entries) + "\n", mimetype=LINK_FORMAT)


@blueprint.route("/timegate/article/<slug>")
def timegate(slug: str) -> BaseResponse:
    """Send the client to the version that held at its Accept-Datetime (RFC 7089 §4.1.1)."""
    article, found = _known_versions(slug)
    asked = request.headers.get("Accept-Datetime")
    try:
        moment = parsedate_to_datetime(asked) if asked else None
    except (TypeError, ValueError):
        raise BadRequest(f"Accept-Datetime {asked!r} is not an HTTP date such as "
                         "'Thu, 31 May 2007 20:35:00 GMT'") from None
    target = _urls(article)["original"]  # now, unless an earlier version held then
    if moment is not None:
        held = [v for v in found if datetime.datetime.fromisoformat(
            v.valid_until.replace("Z", "+00:00")) > moment]
        if held:
            target = held[0].iri
    response = redirect(target, code=302)
    response.headers["Vary"] = "accept-datetime"
    response.headers["Link"] = memento_links(article)
    return response


@blueprint.route("/version/article/<slug>/<stamp>")
def version(slug: str, stamp: str) -> Response:
    """Serve one earlier version of an article's graph, as a memento (RFC 7089 §2.1.1)."""
    article = _article(slug)
    iri = settings().url(f"version/article/{slug}/{stamp}")
    triples = version_triples(get_store(), iri) if stamp.isdigit() else None
    if triples is None:
        raise NotFound(f"no version {iri}")
    (held,) = [v for v in versions(get_store(), article) if v.iri == iri]
    fmt = negotiate(_VERSION_FORMATS, default=RDF_FORMATS["ttl"])
    response = Response(serialize(triples, fmt, document_prefixes(settings().base_uri)),
                        mimetype=fmt.media_type)
    response.headers["Memento-Datetime"] = _http_date(held.valid_from)
    response.headers["Link"] = memento_links(article)
    response.vary.add("Accept")
    return response
