"""HTTP caching and cross-origin headers shared by every data surface.

Validators follow RFC 9110 §8.8 (ETag, Last-Modified) and §13 (conditional requests): the ETag of
a representation is derived from the data version (the store's `modified()` stamp) and what
names the representation (path, query, variant), so it changes whenever the data changes and
can be checked *before* any expensive query runs. CORS follows the Fetch standard
(https://fetch.spec.whatwg.org/#http-cors-protocol): data is public, so any origin may read it.

Use from a view::

    validators = Validators.for_request("ttl")
    if (early := validators.not_modified()) is not None:
        return early                                   # 304 without touching the data
    response = build_response()
    return validators.apply(response)
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from flask import Blueprint, Response, g, request
from werkzeug.http import is_resource_modified

from kg.publish.dumps import store_version
from webapp.store import get_store

# Headers a cross-origin script may read (Fetch §3.2.6 Access-Control-Expose-Headers).
EXPOSED_HEADERS = "ETag, Last-Modified, Link, Content-Location, Location, Vary, Content-Disposition"
ALLOWED_HEADERS = "Accept, Content-Type, If-None-Match, If-Modified-Since, Authorization"
# Caches may keep a copy but must revalidate it each time (RFC 9111 §5.2.2.4), which costs a 304.
CACHE_CONTROL = "public, no-cache"


def data_version() -> tuple[str, str | None]:
    """Return (version, modified) of the store's data, read once per request.

    `modified` is the store's stamp of its last write; a store never written through stancegraph
    has none, and its version falls back to its quad count.
    """
    if "kg_data_version" not in g:
        g.kg_data_version = store_version(get_store())
    version: tuple[str, str | None] = g.kg_data_version
    return version


def parse_modified(modified: str | None) -> datetime.datetime | None:
    """Turn an xsd:dateTime stamp into an aware datetime, truncated to the second for HTTP."""
    if not modified:
        return None
    try:
        moment = datetime.datetime.fromisoformat(modified.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.replace(microsecond=0)


def make_etag(version: str, *parts: str) -> str:
    """Derive an entity tag from the data version and whatever names the representation."""
    digest = hashlib.sha256("\x1f".join((version, *parts)).encode("utf-8"))
    return digest.hexdigest()[:32]


@dataclass
class Validators:
    """The ETag and Last-Modified of one representation, known before it is built."""

    etag: str
    last_modified: datetime.datetime | None
    weak: bool = True  # the same data may serialize to different bytes (RFC 9110 §8.8.1)

    @classmethod
    def for_request(cls, variant: str = "", *extra: str) -> Validators:
        """Make validators for the requested URL and variant at the current data version."""
        version, modified = data_version()
        etag = make_etag(version, request.path, request.query_string.decode("latin-1"),
                         variant, *extra)
        return cls(etag, parse_modified(modified))

    def not_modified(self) -> Response | None:
        """Answer 304 Not Modified when the client's copy is current (RFC 9110 §13.1.2, §13.1.3)."""
        if is_resource_modified(request.environ, etag=self.etag,
                                last_modified=self.last_modified):
            return None
        return self.apply(Response(status=304))

    def apply(self, response: Response) -> Response:
        """Put the validators on a response; make it a 304 when the client's copy is current."""
        response.set_etag(self.etag, weak=self.weak)
        if self.last_modified is not None:
            response.last_modified = self.last_modified
        response.headers.setdefault("Cache-Control", CACHE_CONTROL)
        allow_cross_origin(response)
        if response.status_code == 200:
            response.make_conditional(request)
        return response


def by_content(response: Response) -> Response:
    """Validate a response by a hash of its bytes: no data-version lookup, never stale.

    For answers cheaper to recompute than a round trip to the store (most SPARQL queries): a
    client holding the same bytes still gets 304 and no body.
    """
    response.add_etag()
    response.headers.setdefault("Cache-Control", CACHE_CONTROL)
    response.make_conditional(request)
    return response


def allow_cross_origin(response: Response) -> Response:
    """Let scripts on any origin read the response (public data, no credentials)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS":
        # A preflight (Fetch §3.2.2): say which methods and headers a script may send.
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def enable_cors(blueprint: Blueprint) -> Blueprint:
    """Add CORS headers to every response of a blueprint, errors and preflights included."""
    blueprint.after_request(allow_cross_origin)
    return blueprint
