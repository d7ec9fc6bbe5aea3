"""What harvesters need: VoID and DCAT at /void (and /.well-known/void), dumps, sitemap.

VoID §6.2 (https://www.w3.org/TR/void/#well-known) and RFC 8615 name /.well-known/void; the
sitemap follows https://www.sitemaps.org/protocol.html (at most 50,000 URLs a file, past that a
sitemap index).

No request writes a dump: /void, /catalog and /dumps answer at once with the last complete dump
(its dct:modified says which data it holds) and, when the data has moved on since, start writing
the next one in the background (kg.publish.dumps.refresh_in_background); before the first dump
exists, /dumps answers 503 with Retry-After.

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
from kg.publish.dumps import DUMP_NAME, DumpInfo, latest_dump, refresh_in_background
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


def current_dump() -> DumpInfo | None:
    """Return the last complete dump at once, starting a newer one when the data moved on."""
    info = latest_dump(dump_dir())
    if info is None or info.version != data_version()[0]:
        refresh_in_background(get_store(), dump_dir(), settle=settings().dump_settle)
    return info


def _no_dump_yet() -> Response:
    """Answer 503 until the first dump is written (RFC 9110 §15.6.4, with Retry-After)."""
    response = Response("The first dump is being written; try again shortly.\n", status=503,
                        mimetype="text/plain")
    response.headers["Retry-After"] = str(max(1, round(settings().dump_settle)) + 5)
    return allow_cross_origin(response)


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
    dump = current_dump()
    validators = Validators.for_request(fmt.name, dump.sha256 if dump else "")
    if (early := validators.not_modified()) is not None:
        early.vary.add("Accept")
        return early
    store = get_store()
    version, modified = data_version()
    config = settings()
    base = config.base_uri
    stats = current_statistics(store, DatasetIRIs.under(base).uri_space, version)
    triples = describe_dataset(stats, base_uri=base, title=config.title,
                               license_iri=config.license, publisher=config.publisher,
                               modified=modified, dumps=[dump] if dump else [])
    response = Response(serialize(triples, fmt, PREFIXES), mimetype=fmt.media_type)
    response.vary.add("Accept")
    response.headers["Link"] = alternate_links(
        (f"{base}void.{f.extension}", f.media_type) for f in DESCRIPTION_FORMATS)
    return validators.apply(response)


@blueprint.route(f"/dumps/{DUMP_NAME}")
def full_dump() -> Response:
    """Serve the last complete dump (gzip N-Quads), dated by the data it holds."""
    if (info := current_dump()) is None:
        return _no_dump_yet()
    response = send_file(info.path, mimetype="application/gzip", as_attachment=True,
                         download_name=DUMP_NAME, etag=info.sha256,
                         last_modified=parse_modified(info.modified), conditional=True)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Link"] = f'<{settings().url("void")}>; rel="describedby"'
    return allow_cross_origin(response)


@blueprint.route(f"/dumps/{DUMP_NAME}.sha256")
def dump_checksum() -> Response:
    """Give the dump's SHA-256 in the format `sha256sum --check` reads."""
    if (info := current_dump()) is None:
        return _no_dump_yet()
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
