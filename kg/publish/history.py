"""Retraction and history: tombstones for removed articles, snapshots of replaced ones.

Both live in the store's meta graph (bookkeeping: out of dumps, out of the article's own
graph), described with PROV-O (https://www.w3.org/TR/prov-o/):

- a retraction is a `prov:Invalidation` of the article (`prov:entity`), `prov:atTime`, with the
  headline it had and the reason given (`dcterms:description`); /id/ and /doc/ answer 410 Gone;
- an earlier version is a `prov:Entity`, `prov:specializationOf` the article, valid from
  `prov:generatedAtTime` to `prov:invalidatedAtTime`, its triples kept as N-Triples
  (`prov:value`); each newer version (and the article's graph now) `prov:wasRevisionOf` the one
  before. Versions are what Memento (RFC 7089) serves as mementos.

No triple here has the article as its subject, so the article itself stays unknown to every
query once its graph is gone.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import UsageError
from kg.namespaces import AS, DCTERMS, META_GRAPH, PROV, RDF, SCHEMA, XSD
from kg.publish.changes import record_changes
from kg.store import Store, sparql_iri
from kg.uris import KEY

_ARTICLE_GRAPH = "graph/article/"


@dataclass(frozen=True)
class Tombstone:
    """What a retracted article was, when it was removed, and why if a reason was given."""

    article: str
    headline: str
    removed: str  # xsd:dateTime
    reason: str


@dataclass(frozen=True)
class Version:
    """An earlier version of an article: where it is served and when it held."""

    iri: str
    article: str
    valid_from: str  # xsd:dateTime
    valid_until: str


def article_of_graph(base: str, graph: str) -> str | None:
    """Name the article a graph holds (/graph/article/x → /id/article/x), if it is one."""
    slug = graph.removeprefix(base + _ARTICLE_GRAPH)
    return f"{base}id/article/{slug}" if slug != graph and KEY.match(slug) else None


def graph_of_article(base: str, article: str) -> str:
    """Name the graph of an article given by its IRI or its slug; refuse anything else."""
    slug = article.removeprefix(f"{base}id/article/")
    if not KEY.match(slug):
        raise UsageError(f"{article!r} is neither an article IRI under {base}id/article/ "
                         "nor an article's slug")
    return f"{base}{_ARTICLE_GRAPH}{slug}"


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds")


def _stamp(moment: str) -> str:
    """Write a moment as the digits of a memento's URL (as web archives do: 14 + microseconds)."""
    parsed = datetime.datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return parsed.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S%f")


def _literal(value: str, datatype: str | None = None) -> str:
    return str(ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype
               else ox.Literal(value))


def keep_versions(store: Store, base: str, graphs: Iterable[str]) -> list[Version]:
    """Snapshot the article graphs among these that exist, before a write replaces them."""
    wanted = [g for g in graphs if article_of_graph(base, g)]
    if not wanted:
        return []
    values = " ".join(sparql_iri(g) for g in wanted)
    rows = store.select(
        f"SELECT ?g (MAX(?t) AS ?since) (SAMPLE(?prior) AS ?previous) WHERE {{ VALUES ?g {{ "
        f"{values} }} FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} "
        f"OPTIONAL {{ GRAPH <{META_GRAPH}> {{ ?e <{AS.object}> ?g ; <{AS.published}> ?t }} }} "
        f"OPTIONAL {{ GRAPH <{META_GRAPH}> {{ ?g <{PROV.wasRevisionOf}> ?prior }} }} }} "
        "GROUP BY ?g")
    now, kept, lines = _now(), [], []
    for row in rows:
        graph = row["g"].value
        article = article_of_graph(base, graph)
        assert article is not None
        since = row["since"].value if "since" in row else now
        version = f"{base}version/article/{article.rsplit('/', 1)[1]}/{_stamp(since)}"
        body = ox.serialize(store.construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {sparql_iri(graph)} {{ ?s ?p ?o }} }}"),
            format=ox.RdfFormat.N_TRIPLES)
        assert body is not None
        node = sparql_iri(version)
        lines += [f"{node} <{RDF.type}> <{PROV.Entity}> ; <{PROV.specializationOf}> "
                  f"{sparql_iri(article)} ; <{PROV.generatedAtTime}> "
                  f"{_literal(since, str(XSD.dateTime))} ; <{PROV.invalidatedAtTime}> "
                  f"{_literal(now, str(XSD.dateTime))} ; <{PROV.value}> "
                  f"{_literal(body.decode('utf-8'))} ."]
        if "previous" in row:
            lines.append(f"{node} <{PROV.wasRevisionOf}> {sparql_iri(row['previous'].value)} .")
        lines.append(f"{sparql_iri(graph)} <{PROV.wasRevisionOf}> {node} .")
        kept.append(Version(version, article, since, now))
    if kept:
        drops = " ".join(f"{sparql_iri(g.value)}" for g in (r["g"] for r in rows))
        store.update(f"DELETE {{ GRAPH <{META_GRAPH}> {{ ?g <{PROV.wasRevisionOf}> ?v }} }} "
                     f"WHERE {{ VALUES ?g {{ {drops} }} GRAPH <{META_GRAPH}> {{ "
                     f"?g <{PROV.wasRevisionOf}> ?v }} }} ;\n"
                     f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{\n" + "\n".join(lines) + "\n} }")
    return kept


def retract(store: Store, base: str, graphs: Mapping[str, str]) -> list[Tombstone]:
    """Remove graphs (graph → reason), keeping their last version and a tombstone for articles.

    Every graph is checked first: when one does not exist, nothing is removed.
    """
    missing = [g for g in graphs if not store.has_graph(g)]
    if missing:
        raise UsageError("nothing removed; no such article graph: " + ", ".join(missing))
    pairs = " ".join(f"({sparql_iri(g)} {sparql_iri(a)})" for g in graphs
                     if (a := article_of_graph(base, g)) is not None)
    headlines = {row["g"].value: row["h"].value for row in store.select(
        f"SELECT ?g (SAMPLE(?headline) AS ?h) WHERE {{ VALUES (?g ?a) {{ {pairs} }} "
        f"GRAPH ?g {{ ?a <{SCHEMA.headline}> ?headline }} }} GROUP BY ?g")} if pairs else {}
    keep_versions(store, base, graphs)
    now, tombstones, lines = _now(), [], []
    for graph, reason in graphs.items():
        article = article_of_graph(base, graph)
        if article is None:
            continue
        stone = Tombstone(article, headlines.get(graph, ""), now, " ".join(reason.split()))
        node = sparql_iri(f"urn:stancegraph:retraction:{_stamp(now)}:{article}")
        lines.append(f"{node} <{RDF.type}> <{PROV.Invalidation}> ; <{PROV.entity}> "
                     f"{sparql_iri(article)} ; <{PROV.atTime}> "
                     f"{_literal(now, str(XSD.dateTime))} ; <{SCHEMA.headline}> "
                     f"{_literal(stone.headline)} ; <{DCTERMS.description}> "
                     f"{_literal(stone.reason)} .")
        tombstones.append(stone)
    drops = [f"DROP SILENT GRAPH {sparql_iri(g)}" for g in graphs]
    if lines:
        drops.append(f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{\n" + "\n".join(lines) + "\n} }")
    store.update(" ;\n".join(drops))
    record_changes(store, {g: f"removed: {reason}" if reason else "removed"
                           for g, reason in graphs.items()}, deleted=True)
    return tombstones


def tombstone(store: Store, article: str) -> Tombstone | None:
    """Return the last retraction of an article, if it was ever retracted."""
    rows = store.select(
        f"SELECT ?t ?h ?why WHERE {{ GRAPH <{META_GRAPH}> {{ ?r a <{PROV.Invalidation}> ; "
        f"<{PROV.entity}> {sparql_iri(article)} ; <{PROV.atTime}> ?t ; "
        f"<{SCHEMA.headline}> ?h ; <{DCTERMS.description}> ?why }} }} ORDER BY DESC(?t) LIMIT 1")
    if not rows:
        return None
    row = rows[0]
    return Tombstone(article, row["h"].value, row["t"].value, row["why"].value)


def versions(store: Store, article: str) -> list[Version]:
    """List an article's earlier versions, oldest first."""
    rows = store.select(
        f"SELECT ?v ?from ?until WHERE {{ GRAPH <{META_GRAPH}> {{ ?v <{PROV.specializationOf}> "
        f"{sparql_iri(article)} ; <{PROV.generatedAtTime}> ?from ; "
        f"<{PROV.invalidatedAtTime}> ?until }} }} ORDER BY ?from ?until")
    return [Version(r["v"].value, article, r["from"].value, r["until"].value) for r in rows]


def version_triples(store: Store, version: str) -> list[ox.Triple] | None:
    """Return the triples an earlier version held, or None when there is no such version."""
    rows = store.select(f"SELECT ?body WHERE {{ GRAPH <{META_GRAPH}> {{ {sparql_iri(version)} "
                        f"<{PROV.value}> ?body }} }}")
    if not rows:
        return None
    return [q.triple for q in ox.parse(rows[0]["body"].value.encode("utf-8"),
                                       ox.RdfFormat.N_TRIPLES)]
