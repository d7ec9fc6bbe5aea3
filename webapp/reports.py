"""Published validation reports: /reports (counts per shape and per article, HTML or RDF) and
/reports/article/{slug} (one article's kept SHACL results), from kg.publish.reports."""

from __future__ import annotations

from flask import Blueprint, Response, request
from werkzeug.exceptions import NotFound

from kg.formats import RDF_FORMATS, serialize
from kg.namespaces import PREFIXES
from kg.publish.documents import is_valid_key
from kg.publish.reports import article_reports, article_results, report_triples, shape_counts
from webapp.caching import Validators, enable_cors
from webapp.negotiation import HTML, accepted_media_types
from webapp.render import alternate_links, render
from webapp.settings import settings
from webapp.store import get_store

blueprint = enable_cors(Blueprint("reports", __name__))
_FORMATS = {f.extension: f for f in (RDF_FORMATS[n] for n in ("ttl", "nt", "jsonld", "rdf"))}


@blueprint.route("/reports")
@blueprint.route("/reports.<ext>")
def reports(ext: str | None = None) -> Response:
    """List the kept reports: counts per shape and per article; RDF variants hold them whole."""
    if ext is not None and ext not in _FORMATS:
        raise NotFound(f"/reports.{ext}: the reports are served as "
                       + ", ".join(f".{e}" for e in _FORMATS))
    media = [HTML, *(f.media_type for f in _FORMATS.values())]
    chosen = _FORMATS[ext].media_type if ext else accepted_media_types().best_match(
        media, default=HTML)
    validators = Validators.for_request(chosen)
    if (early := validators.not_modified()) is not None:
        return early
    store = get_store()
    if chosen == HTML:
        response = render("linked_data/reports.html", shapes=shape_counts(store),
                          articles=article_reports(store),
                          alternates=[(settings().url(f"reports.{e}"), f.media_type)
                                      for e, f in _FORMATS.items()])
    else:
        fmt = next(f for f in _FORMATS.values() if f.media_type == chosen)
        response = Response(serialize(report_triples(store), fmt, PREFIXES), mimetype=chosen)
        response.headers["Link"] = alternate_links(
            [(settings().url(f"reports.{e}"), f.media_type) for e, f in _FORMATS.items()])
    response.vary.add("Accept")
    return validators.apply(response)


@blueprint.route("/reports/article/<slug>")
def article_report(slug: str) -> Response:
    """Show one article's kept report: each warning or violation, with its source file."""
    if not is_valid_key(slug):
        raise NotFound(f"{slug!r} is not an article's slug")
    article = settings().url(f"id/article/{slug}")
    store = get_store()
    return render("linked_data/article_report.html", article=article,
                  kept=article_reports(store, article), results=article_results(store, article),
                  doc=f"{request.script_root}/doc/article/{slug}.html")
