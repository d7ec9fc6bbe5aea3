"""The change feed at /changes: ActivityStreams 2.0 (JSON-LD) and Atom, newest first, paged.

ActivityStreams 2.0 Core §5 (https://www.w3.org/TR/activitystreams-core/#collections): /changes
is an OrderedCollection whose `first` page holds the newest changes; each OrderedCollectionPage
links `next` (older) and `prev`. Atom (RFC 4287) pages link the same way (RFC 5005 §3, paged
feeds). `?since=` keeps the changes made after a moment. Each change's object is the graph
written; its `url` is where the Graph Store Protocol serves the graph now (a harvester applies
a Create or Update by fetching it, a Delete by dropping the graph).
"""

from __future__ import annotations

import json
import urllib.parse
from xml.etree import ElementTree

from flask import Blueprint, Response, request
from werkzeug.exceptions import BadRequest, NotFound

from kg.publish.changes import DEFAULT_GRAPH, Change, count_changes, list_changes, parse_since
from webapp.caching import Validators, enable_cors
from webapp.negotiation import accepted_media_types
from webapp.render import alternate_links
from webapp.settings import settings
from webapp.store import get_store

blueprint = enable_cors(Blueprint("changes", __name__))

AS2 = "application/activity+json"
ATOM = "application/atom+xml"
_ATOM_NS = "http://www.w3.org/2005/Atom"


def _page_url(page: int | None, since: str | None, ext: str = "") -> str:
    query = {k: v for k, v in (("since", since), ("page", page)) if v is not None}
    suffix = f"?{urllib.parse.urlencode(query)}" if query else ""
    return settings().url(f"changes{ext}") + suffix


def graph_url(graph: str) -> str:
    """Locate a graph's current content through the Graph Store Protocol (GSP §4.2)."""
    if graph == DEFAULT_GRAPH:
        return settings().url("gsp?default")
    return settings().url("gsp?" + urllib.parse.urlencode({"graph": graph}))


def _activity(change: Change) -> dict[str, object]:
    graph: dict[str, object] = {"id": change.graph, "type": "Object"}
    if change.kind != "Delete":
        graph["url"] = graph_url(change.graph)
    return {"id": change.id, "type": change.kind, "published": change.published,
            "summary": change.summary, "object": graph}


@blueprint.route("/changes")
@blueprint.route("/changes.<ext>")
def changes(ext: str | None = None) -> Response:
    """Serve the feed: the collection, or one page of it (?page=), as AS2 JSON or Atom."""
    if ext not in (None, "json", "atom"):
        raise NotFound(f"/changes.{ext}: the feed is served as .json and .atom")
    chosen = {"atom": ATOM, "json": AS2}.get(ext or "") or accepted_media_types().best_match(
        [AS2, "application/ld+json", ATOM, "application/json"], default=AS2)
    atom = chosen == ATOM
    since = parse_since(request.args["since"]) if request.args.get("since") else None
    page_text = request.args.get("page")
    if page_text is not None and (not page_text.isdigit() or int(page_text) < 1):
        raise BadRequest(f"page={page_text!r}: pages are numbered from 1")
    validators = Validators.for_request("atom" if atom else "json")
    if (early := validators.not_modified()) is not None:
        early.vary.add("Accept")
        return early
    store, size = get_store(), settings().page_size
    total = count_changes(store, since)
    pages = max(1, -(-total // size))
    page = int(page_text) if page_text else (1 if atom else None)
    if page is not None and page > pages:
        raise NotFound(f"page {page}: the feed has {pages} page(s) of {size}")
    items = [] if page is None else list_changes(store, since=since, limit=size,
                                                 offset=(page - 1) * size)
    since_text = request.args.get("since") or None
    if atom:
        response = Response(_atom(items, page or 1, pages, since_text), mimetype=ATOM)
    else:
        body = _collection(total, pages, since_text) if page is None else _page(
            items, page, pages, since_text)
        response = Response(json.dumps(body, ensure_ascii=False, indent=1),
                            mimetype="application/ld+json" if chosen == "application/ld+json"
                            else AS2)
    response.vary.add("Accept")
    response.headers["Link"] = alternate_links(
        [(_page_url(page, since_text, ".atom"), ATOM), (_page_url(page, since_text, ".json"),
                                                         AS2)])
    return validators.apply(response)


def _collection(total: int, pages: int, since: str | None) -> dict[str, object]:
    return {"@context": "https://www.w3.org/ns/activitystreams",
            "id": _page_url(None, since), "type": "OrderedCollection",
            "summary": f"Every write to {settings().title}'s graphs, newest first",
            "totalItems": total, "first": _page_url(1, since), "last": _page_url(pages, since)}


def _page(items: list[Change], page: int, pages: int, since: str | None) -> dict[str, object]:
    body: dict[str, object] = {
        "@context": "https://www.w3.org/ns/activitystreams", "id": _page_url(page, since),
        "type": "OrderedCollectionPage", "partOf": _page_url(None, since),
        "startIndex": (page - 1) * settings().page_size,
        "orderedItems": [_activity(c) for c in items]}
    if page < pages:
        body["next"] = _page_url(page + 1, since)
    if page > 1:
        body["prev"] = _page_url(page - 1, since)
    return body


def _atom(items: list[Change], page: int, pages: int, since: str | None) -> bytes:
    """Write one page of the feed as Atom (RFC 4287), linked to its neighbours (RFC 5005)."""
    ElementTree.register_namespace("", _ATOM_NS)

    def add(parent: ElementTree.Element, tag: str, text: str | None = None,
            **attributes: str) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{_ATOM_NS}}}{tag}", attributes)
        element.text = text
        return element

    feed = ElementTree.Element(f"{{{_ATOM_NS}}}feed")
    add(feed, "id", _page_url(None, since, ".atom"))
    add(feed, "title", f"{settings().title}: changes")
    add(feed, "updated", items[0].published if items else "1970-01-01T00:00:00Z")
    add(add(feed, "author"), "name", settings().publisher.name)
    add(feed, "link", rel="self", href=_page_url(page, since, ".atom"))
    add(feed, "link", rel="first", href=_page_url(1, since, ".atom"))
    add(feed, "link", rel="last", href=_page_url(pages, since, ".atom"))
    if page < pages:
        add(feed, "link", rel="next", href=_page_url(page + 1, since, ".atom"))
    if page > 1:
        add(feed, "link", rel="previous", href=_page_url(page - 1, since, ".atom"))
    for change in items:
        entry = add(feed, "entry")
        add(entry, "id", change.id)
        add(entry, "title", f"{change.kind} {change.graph}")
        add(entry, "updated", change.published)
        add(entry, "summary", change.summary)
        add(entry, "category", term=change.kind,
            scheme="https://www.w3.org/ns/activitystreams#")
        if change.kind != "Delete":
            add(entry, "link", rel="alternate", href=graph_url(change.graph))
        add(entry, "link", rel="related", href=change.graph)
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
