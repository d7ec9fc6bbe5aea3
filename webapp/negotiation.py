"""Content negotiation: pick a serialization from `Accept` (werkzeug's parser) or a format name."""

from __future__ import annotations

from flask import request
from werkzeug.exceptions import NotAcceptable

from kg.formats import RDF_FORMATS, RESULTS_FORMATS, Format

_BY_MEDIA_TYPE = {f.media_type: f for f in (*RESULTS_FORMATS.values(), *RDF_FORMATS.values())}
# Media types clients send for the same serializations (SPARQLWrapper, browsers, curl).
_MEDIA_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json+ld": "application/ld+json",
    "text/n3": "text/turtle",
    "text/rdf+n3": "text/turtle",
}


def negotiate(offered: list[Format], *, default: Format) -> Format:
    """Choose among offered formats by the `format` parameter, then `Accept` with q-values."""
    name = request.values.get("format") or request.values.get("output")
    if name:
        for fmt in offered:
            if name.lower() in (fmt.name, fmt.extension, fmt.media_type):
                return fmt
        mapped = _BY_MEDIA_TYPE.get(_MEDIA_ALIASES.get(name.lower(), name.lower()))
        if mapped in offered:
            return mapped
        raise NotAcceptable(f"format {name!r} is not offered here; available: "
                            + ", ".join(f.name for f in offered))
    accept = request.accept_mimetypes
    if not accept or accept.best in (None, "*/*"):
        return default
    candidates = [f.media_type for f in offered]
    candidates += [alias for alias, real in _MEDIA_ALIASES.items()
                   if _BY_MEDIA_TYPE[real] in offered]
    best = accept.best_match(candidates)
    if best is None:
        raise NotAcceptable("none of the requested media types is available; available: "
                            + ", ".join(f.media_type for f in offered))
    return _BY_MEDIA_TYPE[_MEDIA_ALIASES.get(best, best)]
