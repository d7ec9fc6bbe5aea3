"""The read queries the published pages need: a few SPARQL queries each, typed rows out.

The queries bind the page's IRI with ``VALUES`` (SPARQL 1.1 Query §10.2) so Oxigraph plans them
as lookups, and run on the union default graph. Nothing here renders, escapes or lays out a
page: webapp's presenters and templates do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import pyoxigraph as ox

from kg.model import POLARITIES, POLARITY_VERBS
from kg.namespaces import KG, LABEL_PROPERTIES, PROV, RDFS, SCHEMA, SKOS, sparql_prologue
from kg.publish.versioned import PerVersion
from kg.store import Row, Store, Term
from kg.uris import KEY, KINDS, normalize_base

_PREFIXES = sparql_prologue("kg", "schema", "prov", "skos", "rdfs", "owl")
# Which property names a thing, best first; language-tagged English beats other languages.
_LABEL_PROPERTIES = tuple(str(p) for p in LABEL_PROPERTIES)
# Whole-data aggregates by (store, query) and data version: see Records.select_once_per_version.
_AGGREGATES: PerVersion[list[Row]] = PerVersion(256)
T = TypeVar("T")
# The properties a stance row shows, by the name the row gives them.
_STANCE_PROPERTIES = {str(KG.holder): "holder", str(KG.target): "target",
                      str(KG.polarity): "polarity", str(KG.statedIn): "article",
                      str(KG.evidenceText): "text", str(KG.evidenceStart): "start",
                      str(KG.evidenceEnd): "end", str(KG.confidence): "conf",
                      str(KG.extractionRule): "rule", str(PROV.wasAttributedTo): "expert",
                      str(PROV.wasGeneratedBy): "activity"}
# The one property that labels each kind of thing we mint (docs/rdf-model.md).
_LABEL_BY_KIND = {"article": (str(SCHEMA.headline),), "country": (str(SCHEMA.name),),
                  "expert": (str(SCHEMA.name),), "person": (str(SCHEMA.name),),
                  "organization": (str(SCHEMA.name),), "stance": (str(RDFS.label),),
                  "activity": (str(RDFS.label),), "topic": (str(SKOS.prefLabel),)}
# IRIs per labels query (each adds one small branch per label property).
_LABEL_CHUNK = 50
# Stances listed on one country's, person's or organization's page; the paged /stances list
# (linked from there) has the rest.
STANCES_SHOWN = 100


@dataclass(frozen=True)
class Link:
    """A thing a page links to: its IRI, its label, and its kind and key when it is ours."""

    iri: str
    label: str
    kind: str | None = None
    key: str | None = None
    labelled: bool = True  # False when the graph gives no label and `label` is the key or IRI


@dataclass
class StanceRow:
    """One stance as lists and tables show it."""

    link: Link
    holder: Link
    target: Link
    polarity: str
    article: Link | None = None
    evidence: str = ""
    start: int | None = None
    end: int | None = None
    confidence: str | None = None
    rule: str | None = None
    expert: Link | None = None
    activity: Link | None = None

    @property
    def verb(self) -> str:
        """Say the polarity as a verb phrase: supports, opposes, is neutral toward."""
        return POLARITY_VERBS.get(self.polarity, self.polarity)


@dataclass
class ArticleItem:
    """An article in a list: its link and its publication date, when known."""

    link: Link
    date: str | None


@dataclass
class Page(Generic[T]):
    """A slice of a list, and whether more rows follow it."""

    rows: list[T]
    page: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        """Tell whether an earlier page exists."""
        return self.page > 1


def _value(term: Term | None) -> str | None:
    return None if term is None else str(term.value)


def _polarity_name(iri: str | None) -> str:
    return (iri or "").rsplit("#", 1)[-1].lower()


class Records:
    """Read what pages show from one store, for IRIs under one base URI.

    `version` names the data version (the web tier reads it once per request for its HTTP
    validators); without it, the store's modification stamp is read when first needed.
    """

    def __init__(self, store: Store, base_uri: str, version: str | None = None) -> None:
        self.store = store
        self.base = normalize_base(base_uri)
        self._version = version

    # -- naming ------------------------------------------------------------------------------

    def iri(self, kind: str, key: str) -> str | None:
        """Build the IRI a page is about, or None when the key cannot name one of ours."""
        if kind not in KINDS or not KEY.match(key):
            return None
        return f"{self.base}id/{kind}/{key}"

    def parse_iri(self, iri: str) -> tuple[str, str] | None:
        """Split one of our IRIs into kind and key, so pages can link to its document."""
        prefix = f"{self.base}id/"
        if not iri.startswith(prefix):
            return None
        kind, _, key = iri[len(prefix):].partition("/")
        return (kind, key) if kind in KINDS and KEY.match(key) else None

    def link(self, iri: str, labels: dict[str, str]) -> Link:
        """Make a link to a thing, labelled by what the graph calls it."""
        parsed = self.parse_iri(iri)
        label = labels.get(iri)
        fallback = parsed[1] if parsed else iri
        kind, key = parsed or (None, None)
        return Link(iri, label or fallback, kind, key, labelled=bool(label))

    def select_once_per_version(self, query: str) -> list[Row]:
        """Run a query over the whole data once per data version: only a write changes it.

        Aggregates (figures, rankings) and date-sorted lists cost seconds at scale and are
        asked on every visit; the store's modification stamp says when to ask again.
        """
        if self._version is None:
            self._version = self.store.modified() or ""
        return _AGGREGATES.get((self.store.location, query), self._version,
                               lambda: self.select(query))

    def select(self, query: str) -> list[Row]:
        """Run a SELECT query with our prefixes declared; return its rows."""
        return self.store.select(_PREFIXES + query)

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """Fetch one readable label for each IRI, with a bounded lookup per IRI and property.

        A thing described in many articles' graphs (a publisher, the extraction activity) has
        its label once per graph in the union default graph: a plain `?x ?p ?l` would read all
        of those copies. Each (IRI, property) branch is a lookup with both bound and a LIMIT,
        so it stops at the first copies whatever the number of graphs.
        """
        wanted = sorted({i for i in iris if i})
        best: dict[str, tuple[int, str]] = {}
        for start in range(0, len(wanted), _LABEL_CHUNK):
            branches = " UNION ".join(
                f"{{ SELECT ?x ?p ?l WHERE {{ BIND({node} AS ?x) BIND(<{prop}> AS ?p) "
                f"{node} <{prop}> ?l }} LIMIT 4 }}"
                for node in (ox.NamedNode(i) for i in wanted[start:start + _LABEL_CHUNK])
                for prop in self._label_properties(node.value))
            for row in self.select(f"SELECT ?x ?p ?l WHERE {{ {branches} }}"):
                literal = row["l"]
                rank = _LABEL_PROPERTIES.index(row["p"].value) * 2
                if isinstance(literal, ox.Literal) and literal.language not in (None, "en"):
                    rank += 1
                iri = row["x"].value
                if iri not in best or (rank, literal.value) < best[iri]:
                    best[iri] = (rank, literal.value)
        return {iri: label for iri, (_, label) in best.items()}

    def _label_properties(self, iri: str) -> tuple[str, ...]:
        """Name the properties that can label an IRI: ours say by their kind which one."""
        kind = iri[len(self.base) + 3:].split("/", 1)[0] if iri.startswith(self.base + "id/") \
            else None
        return _LABEL_BY_KIND.get(kind or "", _LABEL_PROPERTIES)

    def describe(self, iri: str) -> dict[str, list[Term]]:
        """Fetch a thing's outgoing properties in one query, grouped by property IRI."""
        props: dict[str, list[Term]] = {}
        node = ox.NamedNode(iri)
        rows = self.select(f"SELECT ?p ?o WHERE {{ VALUES ?s {{ {node} }} ?s ?p ?o }}")
        for row in rows:
            values = props.setdefault(row["p"].value, [])
            if row["o"] not in values:
                values.append(row["o"])
        return props

    # -- stances -----------------------------------------------------------------------------

    def stances(self, where: str, *, limit: int | None = None,
                offset: int = 0) -> list[StanceRow]:
        """Fetch stances matching a graph pattern on ``?s``, with everything a table shows.

        Two queries, each cheap at any scale: the matching stance IRIs (one page), then
        their properties for exactly those IRIs. One query with a subquery and OPTIONALs made
        Oxigraph read every stance's properties before joining.
        """
        # No ORDER BY: sorting every matching IRI costs seconds at scale, while Oxigraph
        # returns a pattern's matches in index order, stable as long as the data is.
        page = f"LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        # Every pattern callers give uses stance-only properties; "" means every stance.
        ids = [r["s"] for r in self.select(
            f"SELECT DISTINCT ?s WHERE {{ {where or '?s a kg:Stance .'} }} {page}")]
        if not ids:
            return []
        wanted = ", ".join(f"<{p}>" for p in _STANCE_PROPERTIES)
        props: dict[str, dict[str, Term]] = {i.value: {} for i in ids}
        for row in self.select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ "
                                f"{' '.join(str(i) for i in ids)} }} ?s ?p ?o "
                                f"FILTER(?p IN ({wanted})) }}"):
            # A second value of a single-valued property is ignored: the shapes forbid it.
            props[row["s"].value].setdefault(_STANCE_PROPERTIES[row["p"].value], row["o"])
        iris = {iri for iri in props} | {t.value for p in props.values() for t in p.values()
                                        if isinstance(t, ox.NamedNode)}
        labels = self.labels(iris)

        def link(term: Term | None) -> Link | None:
            return self.link(term.value, labels) if isinstance(term, ox.NamedNode) else None

        found = []
        for iri, p in props.items():
            if "holder" not in p or "target" not in p:
                continue
            start, end = _value(p.get("start")), _value(p.get("end"))
            found.append(StanceRow(
                link=self.link(iri, labels), holder=self.link(p["holder"].value, labels),
                target=self.link(p["target"].value, labels),
                polarity=_polarity_name(_value(p.get("polarity"))),
                article=link(p.get("article")), evidence=_value(p.get("text")) or "",
                start=int(start) if start is not None else None,
                end=int(end) if end is not None else None,
                confidence=_value(p.get("conf")), rule=_value(p.get("rule")),
                expert=link(p.get("expert")), activity=link(p.get("activity"))))
        found.sort(key=lambda r: (r.article.iri if r.article else "",
                                  r.start if r.start is not None else -1, r.link.iri))
        return found

    def articles(self, *, limit: int, offset: int = 0, where: str = "") -> list[ArticleItem]:
        """List full articles (not teaser stubs), newest first.

        Newest first means reading the date of every matching article (80k for the most
        mentioned country at 100k articles), so only IRIs and dates are sorted (a tie-break
        on the IRI or headline reads their strings: 3.3 s instead of 0.7 s there), headlines
        are read for the listed articles alone, and both are kept per data version. Ties
        keep Oxigraph's evaluation order, the same for the same data. The patterns callers
        give match full articles only; without one, a body tells them from teaser stubs.
        """
        full = "" if where else "?a schema:articleBody ?body ."
        rows = self.select_once_per_version(f"""
            SELECT ?a ?date WHERE {{
              {where} {full}
              OPTIONAL {{ ?a schema:datePublished ?date }}
            }} ORDER BY DESC(?date) LIMIT {int(limit)} OFFSET {int(offset)}""")
        order = list(dict.fromkeys(r["a"].value for r in rows))
        if not order:
            return []
        dates = {r["a"].value: _value(r.get("date")) for r in rows}
        headlines: dict[str, str] = {}
        for row in self.select_once_per_version(
                f"SELECT ?a ?h WHERE {{ VALUES ?a {{ {' '.join(f'<{i}>' for i in order)} }} "
                "?a schema:headline ?h }"):
            headlines.setdefault(row["a"].value, row["h"].value)
        return [ArticleItem(self.link(iri, headlines), dates[iri]) for iri in order]

def by_polarity(stances: Iterable[StanceRow]) -> dict[str, list[StanceRow]]:
    """Group stances by polarity, every polarity present even when it has none."""
    grouped: dict[str, list[StanceRow]] = {p: [] for p in POLARITIES}
    for stance in stances:
        grouped.setdefault(stance.polarity, []).append(stance)
    return grouped


def paragraph_around(body: str, start: int, end: int) -> tuple[str, int]:
    """Cut the paragraph (blank-line or newline separated) holding [start, end) out of a body.

    Returns the paragraph and its offset in the body, so evidence offsets can be shifted into it.
    """
    first = body.rfind("\n", 0, start) + 1
    last = body.find("\n", end)
    last = len(body) if last == -1 else last
    return body[first:last], first
