"""Content negotiation: pick a serialization from `Accept` (werkzeug's parser) or a format name."""

from __future__ import annotations

from flask import abort, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable

from kg.formats import RDF_FORMATS, RESULTS_FORMATS, Format

HTML = "text/html"
# The variants every document has (DESIGN.md), in the order Link headers and pages list them.
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

_BY_NAME = {**RESULTS_FORMATS, **RDF_FORMATS}
_BY_MEDIA_TYPE = {f.media_type: f for f in _BY_NAME.values()}
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
    "text/tsv": "text/tab-separated-values",
}
# Names sent in `format=` / `output=` (SPARQLWrapper sends its returnFormat), each with the
# formats it may mean in preference order: "json" is SPARQL JSON for SELECT and JSON-LD for
# CONSTRUCT, "xml" the SPARQL XML results or RDF/XML, as SPARQLWrapper and Virtuoso read them.
_NAME_ALIASES = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdf"),
    "srj": ("json",),
    "srx": ("xml",),
    "turtle": ("ttl",),
    "n3": ("ttl",),
    "ntriples": ("nt",),
    "n-triples": ("nt",),
    "json-ld": ("jsonld",),
    "rdf+xml": ("rdf",),
    "rdfxml": ("rdf",),
    "nquads": ("nq",),
    "n-quads": ("nq",),
}


def format_by_name(name: str, offered: list[Format]) -> Format | None:
    """Find the offered format a `format=` value names: short name, extension, media type."""
    key = name.strip().lower()
    for fmt in offered:
        if key in (fmt.name, fmt.extension, fmt.media_type):
            return fmt
    for alias in _NAME_ALIASES.get(key, ()):
        if _BY_NAME[alias] in offered:
            return _BY_NAME[alias]
    mapped = _BY_MEDIA_TYPE.get(_MEDIA_ALIASES.get(key, key))
    return mapped if mapped in offered else None


def accepted_media_types() -> MIMEAccept:
    """Parse `Accept` with werkzeug, dropping media type parameters other than q.

    "text/turtle; charset=utf-8" asks for Turtle (the W3C GSP tests send it); werkzeug would
    otherwise match it only against a type offered with the very same parameters.
    """
    return MIMEAccept([(value.split(";", 1)[0].strip(), quality)
                       for value, quality in request.accept_mimetypes])


def negotiate(offered: list[Format], *, default: Format) -> Format:
    """Choose among offered formats by the `format` parameter, then `Accept` with q-values."""
    names = request.values.getlist("format") + request.values.getlist("output")
    if names:
        # SPARQLWrapper repeats the parameter (a name, then a media type): the first we know wins.
        for name in names:
            if (fmt := format_by_name(name, offered)) is not None:
                return fmt
        raise NotAcceptable(f"format {names[0]!r} is not offered here; available: "
                            + ", ".join(f.name for f in offered))
    accept = accepted_media_types()
    if not accept or accept.best in (None, "*/*"):
        return default
    candidates = [default.media_type] + [f.media_type for f in offered if f is not default]
    candidates += [alias for alias, real in _MEDIA_ALIASES.items()
                   if _BY_MEDIA_TYPE[real] in offered]
    best = accept.best_match(candidates)
    if best is None:
        raise NotAcceptable("none of the requested media types is available; available: "
                            + ", ".join(f.media_type for f in offered))
    return _BY_MEDIA_TYPE[_MEDIA_ALIASES.get(best, best)]


def variant_media_type(variant: str) -> str:
    """Name the media type of a document variant."""
    fmt = DOC_VARIANTS[variant]
    return HTML if fmt is None else fmt.media_type


def variant_format(variant: str) -> Format:
    """Return the RDF format of a document variant other than HTML."""
    fmt = DOC_VARIANTS[variant]
    assert fmt is not None, "the HTML variant is rendered, not serialized"
    return fmt


def choose_variant() -> str:
    """Pick a document variant from Accept (q-values, wildcards); HTML by default.

    negotiate() chooses among RDF and results formats; documents also have an HTML variant,
    so they ask werkzeug directly over the same media types.
    """
    accept = accepted_media_types()
    if not accept:
        return "html"
    best = accept.best_match([media for media, _ in _ACCEPTABLE])
    if best is None:
        abort(406, description="none of the requested media types is available; available: "
                               + ", ".join(variant_media_type(v) for v in DOC_VARIANTS))
    return dict(_ACCEPTABLE)[best]


def page_number() -> int:
    """Read ?page= (1 when absent); anything but a positive integer is a bad request."""
    text = request.args.get("page", "1")
    if not text.isdigit() or int(text) < 1:
        abort(400, description=f"page must be a positive integer, not {text!r}")
    return int(text)
