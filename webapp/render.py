"""Rendering shared by every surface: one helper that renders a page and announces its variants.

As Datasette's base view: each HTML page names its other representations (RDF documents,
SPARQL results, VoID) in its head and in `Link: <…>; rel="alternate"` headers (RFC 8288 §3).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Response, render_template

HTML = "text/html"
# Pages run no inline script (JSON-LD blocks are data) and load nothing from elsewhere.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' "
                           "'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
                           "base-uri 'none'; frame-ancestors 'none'")


def web_link(url: object) -> str:
    """Let only http(s) and same-site links into an href: never `javascript:` or `data:`."""
    text = str(url or "")
    if text.startswith(("http://", "https://", "/", "#", "?")) and not text.startswith("//"):
        return text
    return "#"


def alternate_links(alternates: Iterable[tuple[str, str]]) -> str:
    """Write a Link header value naming each (URL, media type) as an alternate (RFC 8288)."""
    return ", ".join(f'<{url}>; rel="alternate"; type="{media}"' for url, media in alternates)


def render(template: str, *, alternates: Iterable[tuple[str, str]] = (), status: int = 200,
           **context: Any) -> Response:
    """Render an HTML page; its alternates go to the template and to the Link header."""
    alternates = list(alternates)
    response = Response(render_template(template, alternates=alternates, **context),
                        status=status, mimetype=HTML)
    if alternates:
        response.headers["Link"] = alternate_links(alternates)
    return response


def protect(response: Response) -> Response:
    """Tell browsers to run only our own scripts, whatever a page ends up containing."""
    if response.mimetype == HTML:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response
