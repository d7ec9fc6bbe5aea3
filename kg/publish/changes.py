"""The change feed: every write to a graph, recorded in the store as an ActivityStreams activity.

Each change is an `as:Create`, `as:Update` or `as:Delete` (ActivityStreams 2.0 vocabulary,
https://www.w3.org/TR/activitystreams-vocabulary/) whose `as:object` is the graph written,
with `as:published` (when) and `as:summary` (one line: what and from where). They live in the
store's meta graph, beside its modification stamp: bookkeeping, not data, so no dump holds
them and a harvester that replays them rebuilds exactly the data a dump holds.

A write is a Create when the feed has no earlier change to that graph or its last was a Delete,
otherwise an Update. Changes are recorded right after the write they describe (a separate
transaction): a crash between the two loses the record, not the data.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pyoxigraph as ox

from kg.errors import UsageError
from kg.namespaces import AS, META_GRAPH, RDF, XSD
from kg.store import Store, sparql_iri
from kg.store.results import integer

Kind = Literal["Create", "Update", "Delete"]
KINDS: tuple[Kind, ...] = ("Create", "Update", "Delete")
# The store's own default graph has no IRI; the feed names it by this one (as Jena's ARQ does).
DEFAULT_GRAPH = "urn:x-arq:DefaultGraph"


@dataclass(frozen=True)
class Change:
    """One recorded write: which graph, when, what kind, and a one-line summary."""

    id: str
    kind: Kind
    graph: str
    published: str  # xsd:dateTime, UTC
    summary: str


def parse_since(text: str) -> str:
    """Read a ?since= value (an xsd:dateTime or date), naming the problem when it is not one."""
    try:
        moment = datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"since={text!r} is not a date and time such as "
                         "2026-01-31T12:00:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def _latest_kinds(store: Store, graphs: list[str]) -> dict[str, str]:
    """Find the kind of the last recorded change to each graph, for those that have one."""
    values = " ".join(sparql_iri(g) for g in graphs)
    rows = store.select(
        f"SELECT ?g ?kind WHERE {{ VALUES ?g {{ {values} }} GRAPH <{META_GRAPH}> {{ "
        f"?e <{AS.object}> ?g ; a ?kind ; <{AS.published}> ?t "
        f"FILTER NOT EXISTS {{ ?later <{AS.object}> ?g ; <{AS.published}> ?u "
        f"FILTER(?u > ?t) }} }} }}")
    return {row["g"].value: row["kind"].value for row in rows}


def record_changes(store: Store, summaries: Mapping[str | None, str], *,
                   deleted: bool = False) -> list[Change]:
    """Record that these graphs (None: the default graph) were just written, or deleted."""
    if not summaries:
        return []
    graphs = {DEFAULT_GRAPH if g is None else g: text for g, text in summaries.items()}
    latest = {} if deleted else _latest_kinds(store, list(graphs))
    moment = datetime.datetime.now(datetime.UTC)
    now = moment.isoformat(timespec="microseconds")
    # Ids sort as the changes were made (time, then place in this write), unique across writers.
    stem = f"urn:stancegraph:change:{moment.strftime('%Y%m%dT%H%M%S%f')}"
    changes = []
    for n, (graph, summary) in enumerate(graphs.items()):
        kind: Kind = "Delete" if deleted else (
            "Update" if latest.get(graph, str(AS.Delete)) != str(AS.Delete) else "Create")
        changes.append(Change(f"{stem}-{n:06d}-{uuid.uuid4().hex[:8]}", kind, graph, now,
                              " ".join(summary.split())))
    lines = []
    for c in changes:
        node = sparql_iri(c.id)
        lines.append(f"{node} <{RDF.type}> <{AS[c.kind]}> ; <{AS.object}> {sparql_iri(c.graph)} ; "
                     f'<{AS.published}> "{c.published}"^^<{XSD.dateTime}> ; '
                     f"<{AS.summary}> {ox.Literal(c.summary)} .")
    store.update(f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{\n" + "\n".join(lines) + "\n} }")
    return changes


def _where(since: str | None) -> str:
    kinds = " ".join(f"<{AS[k]}>" for k in KINDS)
    after = f' FILTER(?t > "{since}"^^<{XSD.dateTime}>)' if since else ""
    return (f"WHERE {{ VALUES ?kind {{ {kinds} }} GRAPH <{META_GRAPH}> {{ ?e a ?kind ; "
            f"<{AS.object}> ?g ; <{AS.published}> ?t ; <{AS.summary}> ?s }}{after} }}")


def count_changes(store: Store, since: str | None = None) -> int:
    """Count the changes recorded after a moment (all of them without one)."""
    rows = store.select(f"SELECT (COUNT(?e) AS ?n) {_where(since)}")
    return integer(rows[0], "n") if rows else 0


def list_changes(store: Store, *, since: str | None = None, limit: int,
                 offset: int = 0) -> list[Change]:
    """List changes newest first (ties in the order they were recorded, reversed)."""
    rows = store.select(f"SELECT ?e ?kind ?g ?t ?s {_where(since)} "
                        f"ORDER BY DESC(?t) DESC(STR(?e)) LIMIT {int(limit)} OFFSET {int(offset)}")
    return [Change(row["e"].value, _kind(row["kind"].value), row["g"].value, row["t"].value,
                   row["s"].value) for row in rows]


def _kind(iri: str) -> Kind:
    return next(k for k in KINDS if str(AS[k]) == iri)
