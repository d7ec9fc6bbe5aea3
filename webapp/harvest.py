"""What harvesters need: VoID and DCAT at /void (and /.well-known/void), dumps, sitemap.

VoID §6.2 (https://www.w3.org/TR/void/#well-known) and RFC 8615 name /.well-known/void; the
sitemap follows https://www.sitemaps.org/protocol.html (at most 50,000 URLs a file, past that a
sitemap index).

The dump is served as the gzip file it is (``Content-Type: application/gzip``, a download named
stancegraph.nq.gz), not as N-Quads with ``Content-Encoding: gzip``: clients would then decompress
it on the fly and the bytes they keep would no longer match the SHA-256 the DCAT publishes. The
DCAT says what is inside: dcat:mediaType N-Quads, dcat:compressFormat gzip.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, send_file

from kg.formats import RDF_FORMATS, serialize
from kg.namespaces import PREFIXES
from kg.publish.dataset import (
    DatasetIRIs,
    current_statistics,
    describe_dataset,
    published_documents,
)
from kg.publish.dumps import DUMP_NAME, ensure_dump
from webapp.caching import (
    CACHE_CONTROL,
    Validators,
    allow_cross_origin,
    data_version,
    enable_cors,
    parse_modified,
)
from webapp.negotiation import negotiate
from webapp.pages import list_pages
from webapp.render import alternate_links
from webapp.settings import settings
from webapp.store import get_store

blueprint = enable_cors(Blueprint("harvest", __name__))

DESCRIPTION_FORMATS = [RDF_FORMATS[n] for n in ("ttl", "nt", "jsonld", "rdf")]
URLS_PER_SITEMAP = 50_000  # sitemaps.org: a sitemap file lists at most 50,000 URLs
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def dump_dir() -> str:
    """Return the folder dumps are written to (the DUMP_DIR setting)."""
    return settings().dump_dir


@blueprint.route("/void")
@blueprint.route("/.well-known/void")
@blueprint.route("/catalog")
@blueprint.route("/void.<ext>")
def dataset_description(ext: str | None = None) -> Response:
    """Describe the dataset in VoID and DCAT, computed from the live data (cached per version)."""
    if ext is not None:
        fmt = next((f for f in DESCRIPTION_FORMATS if f.extension == ext), None)
        if fmt is None:
            abort(404)
    else:
        fmt = negotiate(DESCRIPTION_FORMATS, default=RDF_FORMATS["ttl"])
    validators = Validators.for_request(fmt.name)
    if (early := validators.not_modified()) is not None:
        early.vary.add("Accept")
        return early
    store = get_store()
    version, modified = data_version()
    config = settings()
    base = config.base_uri
    stats = current_statistics(store, DatasetIRIs.under(base).uri_space, version)
    dump = ensure_dump(store, dump_dir(), version, modified)
    triples = describe_dataset(stats, base_uri=base, title=config.title,
                               license_iri=config.license, publisher=config.publisher,
                               modified=modified, dumps=[dump])
    response = Response(serialize(triples, fmt, PREFIXES), mimetype=fmt.media_type)
    response.vary.add("Accept")
    response.headers["Link"] = alternate_links(
        (f"{base}void.{f.extension}", f.media_type) for f in DESCRIPTION_FORMATS)
    return validators.apply(response)


@blueprint.route(f"/dumps/{DUMP_NAME}")
def full_dump() -> Response:
    """Serve the full dump (gzip N-Quads), writing it first if the data changed since."""
    version, modified = data_version()
    info = ensure_dump(get_store(), dump_dir(), version, modified)
    response = send_file(info.path, mimetype="application/gzip", as_attachment=True,
                         download_name=DUMP_NAME, etag=info.sha256,
                         last_modified=parse_modified(modified), conditional=True)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Link"] = f'<{settings().url("void")}>; rel="describedby"'
    return allow_cross_origin(response)


@blueprint.route(f"/dumps/{DUMP_NAME}.sha256")
def dump_checksum() -> Response:
    """Give the dump's SHA-256 in the format `sha256sum --check` reads."""
    version, modified = data_version()
    info = ensure_dump(get_store(), dump_dir(), version, modified)
    response = Response(f"{info.sha256}  {DUMP_NAME}\n", mimetype="text/plain")
    return Validators.for_request(info.sha256).apply(response)


def _site_urls() -> list[str]:
    """List every page a search engine should know: home, lists, and every resource's HTML."""
    base = settings().base_uri
    urls = [base] + [base + path.lstrip("/") for path in list_pages() if path != "/"]
    urls += [f"{base}doc/{kind}/{key}.html"
             for kind, key in published_documents(get_store(), base)]
    return urls


def _xml(body: str) -> Response:
    return Response('<?xml version="1.0" encoding="UTF-8"?>\n' + body, mimetype="application/xml")


@blueprint.route("/sitemap.xml")
def sitemap() -> Response:
    """List the site's pages, or past 50,000 of them, a sitemap index of numbered parts."""
    validators = Validators.for_request("sitemap", str(URLS_PER_SITEMAP))
    if (early := validators.not_modified()) is not None:
        return early
    urls = _site_urls()
    if len(urls) <= URLS_PER_SITEMAP:
        return validators.apply(_xml(_urlset(urls)))
    parts = (len(urls) + URLS_PER_SITEMAP - 1) // URLS_PER_SITEMAP
    out = io.StringIO()
    out.write(f'<sitemapindex xmlns="{_SITEMAP_NS}">\n')
    for n in range(1, parts + 1):
        out.write(f"  <sitemap><loc>{escape(settings().base_uri)}sitemap-{n}.xml</loc></sitemap>\n")
    out.write("</sitemapindex>\n")
    return validators.apply(_xml(out.getvalue()))


@blueprint.route("/sitemap-<int:part>.xml")
def sitemap_part(part: int) -> Response:
    """Serve one numbered part of a split sitemap."""
    validators = Validators.for_request("sitemap", str(URLS_PER_SITEMAP))
    if (early := validators.not_modified()) is not None:
        return early
    urls = _site_urls()
    chunk = urls[(part - 1) * URLS_PER_SITEMAP: part * URLS_PER_SITEMAP] if part >= 1 else []
    if not chunk or len(urls) <= URLS_PER_SITEMAP:
        abort(404)
    return validators.apply(_xml(_urlset(chunk)))


def _urlset(urls: list[str]) -> str:
    lines = [f'<urlset xmlns="{_SITEMAP_NS}">']
    lines += [f"  <url><loc>{escape(url)}</loc></url>" for url in urls]
    lines.append("</urlset>\n")
    return "\n".join(lines)
