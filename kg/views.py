"""What each HTML page shows: a few SPARQL queries per page, shaped into plain records.

The queries bind the page's IRI with ``VALUES`` (SPARQL 1.1 Query §10.2) so Oxigraph plans them
as lookups, and run on the union default graph. Nothing here renders or escapes: the templates do.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.extract.gazetteer import find_country_mentions
from kg.model import POLARITIES, POLARITY_VERBS
from kg.namespaces import KG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS
from kg.store import Store
from kg.uris import KEY, KINDS, normalize_base

_PREFIXES = (f"PREFIX kg: <{KG}>\nPREFIX schema: <{SCHEMA}>\nPREFIX prov: <{PROV}>\n"
             f"PREFIX skos: <{SKOS}>\nPREFIX rdfs: <{RDFS}>\nPREFIX owl: <{OWL}>\n")
# Which property names a thing, best first; language-tagged English beats other languages.
_LABEL_PROPERTIES = (str(SCHEMA.name), str(SKOS.prefLabel), str(RDFS.label), str(SCHEMA.headline))


# Whole-data aggregates by (store, data version, query): see _select_once_per_version.
_AGGREGATES: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
_AGGREGATES_LOCK = threading.Lock()
_AGGREGATES_MAX = 256
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
class Span:
    """A stretch of text to wrap: a stance's evidence (``mark``) or a country mention (``link``)."""

    start: int
    end: int
    tag: str  # "mark" or "link"
    name: str  # the stance key for marks, the target path for links
    label: str = ""


@dataclass
class Token:
    """One piece of highlighted text: open a span, close it, or print text (escaped later)."""

    kind: str  # "open", "close" or "text"
    text: str = ""
    span: Span | None = None
    first: bool = False  # the first opening of a span carries its id


@dataclass
class Page:
    """A slice of a list, and whether more rows follow it."""

    rows: list[Any]
    page: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        """Tell whether an earlier page exists."""
        return self.page > 1


@dataclass
class ResourceView:
    """Everything the page of one resource shows; ``facts`` holds the kind-specific parts."""

    kind: str
    key: str
    iri: str
    label: str
    types: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    jsonld: dict[str, Any] = field(default_factory=dict)


def _value(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    return None if term is None else str(term.value)


def _polarity_name(iri: str | None) -> str:
    return (iri or "").rsplit("#", 1)[-1].lower()


class Views:
    """Fetch and shape page data from one store, for IRIs under one base URI."""

    def __init__(self, store: Store, base_uri: str) -> None:
        self.store = store
        self.base = normalize_base(base_uri)
        self._version: str | None = None

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
        fallback = parsed[1] if parsed else iri
        return Link(iri, labels.get(iri) or fallback, *(parsed or (None, None)))

    def _select_once_per_version(self, query: str) -> list[dict[str, Any]]:
        """Run a query over the whole data once per data version: only a write changes it.

        Aggregates (figures, rankings) and date-sorted lists cost seconds at scale and are
        asked on every visit; the store's modification stamp says when to ask again.
        """
        if self._version is None:
            self._version = self.store.modified() or ""
        key = (self.store.location, self._version, query)
        with _AGGREGATES_LOCK:
            if (rows := _AGGREGATES.get(key)) is not None:
                return rows
        rows = self._select(query)
        with _AGGREGATES_LOCK:
            while len(_AGGREGATES) >= _AGGREGATES_MAX:
                del _AGGREGATES[next(iter(_AGGREGATES))]  # the oldest first
            _AGGREGATES[key] = rows
        return rows

    def _select(self, query: str) -> list[dict[str, Any]]:
        solutions = self.store.query(_PREFIXES + query)
        if not isinstance(solutions, ox.QuerySolutions):
            raise TypeError("expected SELECT solutions")
        names = [v.value for v in solutions.variables]
        # A row iterates its values in variable order: half the cost of a lookup by name.
        return [dict(zip(names, row, strict=True)) for row in solutions]

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
            for row in self._select(f"SELECT ?x ?p ?l WHERE {{ {branches} }}"):
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

    def describe(self, iri: str) -> dict[str, list[ox.NamedNode | ox.Literal | ox.BlankNode]]:
        """Fetch a thing's outgoing properties in one query, grouped by property IRI."""
        props: dict[str, list[Any]] = {}
        node = ox.NamedNode(iri)
        rows = self._select(f"SELECT ?p ?o WHERE {{ VALUES ?s {{ {node} }} ?s ?p ?o }}")
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
        ids = [r["s"] for r in self._select(
            f"SELECT DISTINCT ?s WHERE {{ {where or '?s a kg:Stance .'} }} {page}")]
        if not ids:
            return []
        wanted = ", ".join(f"<{p}>" for p in _STANCE_PROPERTIES)
        props: dict[str, dict[str, Any]] = {i.value: {} for i in ids}
        for row in self._select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ "
                                f"{' '.join(str(i) for i in ids)} }} ?s ?p ?o "
                                f"FILTER(?p IN ({wanted})) }}"):
            # A second value of a single-valued property is ignored: the shapes forbid it.
            props[row["s"].value].setdefault(_STANCE_PROPERTIES[row["p"].value], row["o"])
        iris = {iri for iri in props} | {t.value for p in props.values() for t in p.values()
                                        if isinstance(t, ox.NamedNode)}
        labels = self.labels(iris)

        def link(term: Any) -> Link | None:
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

    # -- home --------------------------------------------------------------------------------

    def figures(self) -> dict[str, int]:
        """Count articles, experts, countries discussed and stances by polarity, in one query."""
        rows = self._select_once_per_version("""
            SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
              { ?x schema:articleBody ?body BIND("articles" AS ?what) }
              UNION { ?x a kg:Expert BIND("experts" AS ?what) }
              UNION { ?a schema:mentions ?x BIND("countries" AS ?what) }
              UNION { ?x a kg:Stance BIND("stances" AS ?what) }
              UNION { ?x kg:polarity ?p BIND(LCASE(STRAFTER(STR(?p), "#")) AS ?what) }
            } GROUP BY ?what""")
        figures = dict.fromkeys(("articles", "experts", "countries", "stances", *POLARITIES), 0)
        for row in rows:
            figures[row["what"].value] = int(row["n"].value)
        return figures

    def countries_by_stances(self, limit: int = 20) -> list[tuple[Link, int, int]]:
        """Rank countries by the stances they hold and receive."""
        rows = self._select_once_per_version(f"""
            SELECT ?c (SUM(?h) AS ?held) (SUM(?r) AS ?received) (SUM(?h + ?r) AS ?total) WHERE {{
              {{ ?s kg:holder ?c BIND(1 AS ?h) BIND(0 AS ?r) }}
              UNION {{ ?s kg:target ?c BIND(0 AS ?h) BIND(1 AS ?r) }}
              ?c a kg:Country .
            }} GROUP BY ?c ORDER BY DESC(?total) ?c LIMIT {int(limit)}""")
        labels = self.labels(r["c"].value for r in rows)
        return [(self.link(r["c"].value, labels), int(r["held"].value),
                 int(r["received"].value)) for r in rows]

    def articles(self, *, limit: int, offset: int = 0, where: str = "") -> list[dict[str, Any]]:
        """List full articles (not teaser stubs), newest first.

        Newest first means reading the date of every matching article (80k for the most
        mentioned country at 100k articles), so only IRIs and dates are sorted (a tie-break
        on the IRI or headline reads their strings: 3.3 s instead of 0.7 s there), headlines
        are read for the listed articles alone, and both are kept per data version. Ties
        keep Oxigraph's evaluation order, the same for the same data. The patterns callers
        give match full articles only; without one, a body tells them from teaser stubs.
        """
        full = "" if where else "?a schema:articleBody ?body ."
        rows = self._select_once_per_version(f"""
            SELECT ?a ?date WHERE {{
              {where} {full}
              OPTIONAL {{ ?a schema:datePublished ?date }}
            }} ORDER BY DESC(?date) LIMIT {int(limit)} OFFSET {int(offset)}""")
        order = list(dict.fromkeys(r["a"].value for r in rows))
        if not order:
            return []
        dates = {r["a"].value: _value(r["date"]) for r in rows}
        headlines: dict[str, str] = {}
        for row in self._select_once_per_version(
                f"SELECT ?a ?h WHERE {{ VALUES ?a {{ {' '.join(f'<{i}>' for i in order)} }} "
                "?a schema:headline ?h }"):
            headlines.setdefault(row["a"].value, row["h"].value)
        return [{"link": self.link(iri, headlines), "date": dates[iri]} for iri in order]

    # -- resource pages ----------------------------------------------------------------------

    def resource(self, kind: str, key: str) -> ResourceView | None:
        """Fetch what the page of one resource shows, or None when the graph does not know it."""
        iri = self.iri(kind, key)
        if iri is None:
            return None
        props = self.describe(iri)
        if not props:
            return None
        types = self._iris(props, RDF.type)
        view = ResourceView(kind, key, iri, self.labels([iri]).get(iri, key), types)
        shape = {"article": self._article, "expert": self._person, "person": self._person,
                 "country": self._country, "stance": self._stance}.get(kind, self._entity)
        shape(view, props)
        return view

    def _literals(self, props: dict[str, list[Any]], prop: object) -> list[str]:
        return [t.value for t in props.get(str(prop), []) if isinstance(t, ox.Literal)]

    def _iris(self, props: dict[str, list[Any]], prop: object) -> list[str]:
        return [t.value for t in props.get(str(prop), []) if isinstance(t, ox.NamedNode)]

    def _article(self, view: ResourceView, props: dict[str, list[Any]]) -> None:
        body = next(iter(self._literals(props, SCHEMA.articleBody)), "")
        dates = self._literals(props, SCHEMA.datePublished)
        experts = self._iris(props, KG.interviewee) + self._iris(props, SCHEMA.author)
        mentions = self._iris(props, SCHEMA.mentions)
        related = self._iris(props, KG.relatedArticle)
        related += [r["a"].value for r in self._select(f"""
            SELECT DISTINCT ?a WHERE {{ ?a kg:relatedArticle {ox.NamedNode(view.iri)} }}""")]
        publishers = self._iris(props, SCHEMA.publisher)
        genres = self._iris(props, SCHEMA.genre)
        urls = self._iris(props, SCHEMA.url)
        descriptions = self._expert_details(experts)
        labels = self.labels([*experts, *mentions, *related, *publishers])
        stances = self.stances(f"VALUES ?a {{ {ox.NamedNode(view.iri)} }} ?s kg:statedIn ?a .")
        view.facts = {
            "body": body, "date": dates[0] if dates else None,
            "abstract": next(iter(self._literals(props, SCHEMA.abstract)), ""),
            "genre": genres[0].rsplit("/", 1)[-1] if genres else None,
            "url": urls[0] if urls else None,
            "publisher": self.link(publishers[0], labels) if publishers else None,
            "experts": [(self.link(e, labels), descriptions.get(e, [])) for e in experts],
            "mentions": sorted((self.link(m, labels) for m in mentions), key=lambda x: x.label),
            "related": [self.link(r, labels) for r in dict.fromkeys(related)],
            "stances": stances,
        }
        view.jsonld = {
            "@context": "https://schema.org", "@type": "NewsArticle", "@id": view.iri,
            "headline": view.label, "datePublished": view.facts["date"],
            "genre": view.facts["genre"],
            "publisher": ({"@type": "Organization", "@id": publishers[0],
                           "name": labels.get(publishers[0])} if publishers else None),
            "author": [{"@type": "Person", "@id": e, "name": labels.get(e)} for e in experts],
            "mentions": [{"@type": "Country", "@id": m, "name": labels.get(m)}
                         for m in mentions],
            "articleBody": body or None,
        }

    def _expert_details(self, experts: list[str]) -> dict[str, list[str]]:
        if not experts:
            return {}
        values = " ".join(str(ox.NamedNode(e)) for e in experts)
        rows = self._select(f"SELECT ?e ?d WHERE {{ VALUES ?e {{ {values} }} "
                            f"?e schema:description ?d }} ORDER BY ?d")
        found: dict[str, list[str]] = {}
        for r in rows:
            found.setdefault(r["e"].value, []).append(r["d"].value)
        return found

    def _person(self, view: ResourceView, props: dict[str, list[Any]]) -> None:
        node = ox.NamedNode(view.iri)
        affiliations = self._iris(props, SCHEMA.affiliation)
        articles = self.articles(limit=200, where=f"{{ ?a kg:interviewee {node} }} UNION "
                                                  f"{{ ?a schema:author {node} }}")
        stances = self.stances(f"{{ ?s prov:wasAttributedTo {node} }} UNION "
                               f"{{ ?s kg:holder {node} }} UNION {{ ?s kg:target {node} }}",
                               limit=STANCES_SHOWN)
        labels = self.labels(affiliations)
        view.facts = {
            "descriptions": sorted(self._literals(props, SCHEMA.description)),
            "job_titles": sorted(self._literals(props, SCHEMA.jobTitle)),
            "knows_about": sorted(self._literals(props, SCHEMA.knowsAbout)),
            "affiliations": [self.link(a, labels) for a in affiliations],
            "articles": articles,
            "attributed": [s for s in stances if s.expert and s.expert.iri == view.iri],
            "held": _by_polarity(s for s in stances if s.holder.iri == view.iri),
            "received": _by_polarity(s for s in stances if s.target.iri == view.iri),
        }
        view.jsonld = {
            "@context": "https://schema.org", "@type": "Person", "@id": view.iri,
            "name": view.label, "description": view.facts["descriptions"] or None,
            "jobTitle": view.facts["job_titles"] or None,
            "affiliation": [{"@id": a.iri, "name": a.label} for a in view.facts["affiliations"]],
        }

    def _country(self, view: ResourceView, props: dict[str, list[Any]]) -> None:
        node = ox.NamedNode(view.iri)
        same_as = self._iris(props, OWL.sameAs)
        stances = self.stances(f"{{ ?s kg:holder {node} }} UNION {{ ?s kg:target {node} }}",
                               limit=STANCES_SHOWN)
        codes = {name: next(iter(self._literals(props, KG[prop])), None) for name, prop in
                 (("alpha2", "iso3166Alpha2"), ("alpha3", "iso3166Alpha3"),
                  ("numeric", "iso3166Numeric"))}
        status = self._iris(props, KG.sovereigntyStatus)
        view.facts = {
            "official_name": next(iter(self._literals(props, KG.officialName)), None),
            "codes": codes,
            "wikidata": [s for s in same_as if "wikidata.org" in s],
            "geonames": [s for s in same_as if "geonames.org" in s],
            "status": self.link(status[0], self.labels(status)) if status else None,
            "held": _by_polarity(s for s in stances if s.holder.iri == view.iri),
            "received": _by_polarity(s for s in stances if s.target.iri == view.iri),
            "articles": self.articles(limit=200, where=f"?a schema:mentions {node} ."),
        }
        view.jsonld = {
            "@context": "https://schema.org", "@type": "Country", "@id": view.iri,
            "name": view.label, "identifier": codes["alpha2"], "sameAs": same_as or None,
        }

    def _stance(self, view: ResourceView, props: dict[str, list[Any]]) -> None:
        rows = self.stances(f"VALUES ?s {{ {ox.NamedNode(view.iri)} }}")
        row = rows[0] if rows else None
        context = ("", 0)
        activity: dict[str, str | None] = {}
        if row and row.article:
            article = self.describe(row.article.iri)
            body = next(iter(self._literals(article, SCHEMA.articleBody)), "")
            if row.start is not None and row.end is not None and body:
                context = paragraph_around(body, row.start, row.end)
        if row and row.activity:
            described = self.describe(row.activity.iri)
            activity = {"name": next(iter(self._literals(described, KG.extractorName)), None),
                        "version": next(iter(self._literals(described, KG.extractorVersion)),
                                        None)}
        view.facts = {"stance": row, "context": context[0], "context_offset": context[1],
                      "activity": activity}
        view.jsonld = {
            "@context": "https://schema.org", "@type": "Claim", "@id": view.iri,
            "name": view.label,
            "text": row.evidence if row else None,
            "appearance": ({"@type": "NewsArticle", "@id": row.article.iri,
                            "headline": row.article.label} if row and row.article else None),
            "author": ({"@type": "Person", "@id": row.expert.iri, "name": row.expert.label}
                       if row and row.expert else None),
        }

    def _entity(self, view: ResourceView, props: dict[str, list[Any]]) -> None:
        node = ox.NamedNode(view.iri)
        stances = self.stances(f"{{ ?s kg:holder {node} }} UNION {{ ?s kg:target {node} }}",
                               limit=STANCES_SHOWN)
        view.facts = {
            "same_as": self._iris(props, OWL.sameAs),
            "held": _by_polarity(s for s in stances if s.holder.iri == view.iri),
            "received": _by_polarity(s for s in stances if s.target.iri == view.iri),
            "articles": self.articles(limit=200, where=f"?a schema:publisher {node} ."),
        }
        kind = "Organization" if view.kind == "organization" else "DefinedTerm"
        view.jsonld = {"@context": "https://schema.org", "@type": kind, "@id": view.iri,
                       "name": view.label, "sameAs": view.facts["same_as"] or None}

    # -- lists -------------------------------------------------------------------------------

    def list_articles(self, page: int, size: int) -> Page:
        """Page through full articles, newest first."""
        rows = self.articles(limit=size + 1, offset=(page - 1) * size)
        return Page(rows[:size], page, len(rows) > size)

    def list_experts(self, page: int, size: int) -> Page:
        """Page through experts, with how many articles and stances each has."""
        experts = [r["e"] for r in self._select(
            f"SELECT DISTINCT ?e WHERE {{ ?e a kg:Expert }} "  # index order, as in stances()
            f"LIMIT {size + 1} OFFSET {(page - 1) * size}")]
        if not experts:
            return Page([], page, False)
        values = " ".join(str(e) for e in experts)
        counts: dict[str, dict[str, int]] = {e.value: {"articles": 0, "stances": 0}
                                             for e in experts}
        # One small query per count, bound to this page's experts: cheap at any scale.
        for name, pattern in (("articles", "?x kg:interviewee|schema:author ?e"),
                              ("stances", "?x prov:wasAttributedTo ?e")):
            for row in self._select(f"SELECT ?e (COUNT(DISTINCT ?x) AS ?n) WHERE {{ "
                                    f"VALUES ?e {{ {values} }} {pattern} }} GROUP BY ?e"):
                counts[row["e"].value][name] = int(row["n"].value)
        labels = self.labels(counts)
        items = [{"link": self.link(iri, labels), **n} for iri, n in counts.items()]
        return Page(items[:size], page, len(items) > size)

    def list_countries(self, page: int, size: int) -> Page:
        """Page through every country by code, with stances held, received and mentions."""
        rows = self._select_once_per_version(f"""
            SELECT ?c ?code (SUM(?h) AS ?held) (SUM(?r) AS ?received) (SUM(?m) AS ?articles)
                   (SUM(?h + ?r) AS ?stances) WHERE {{
              # One branch per count, each row counted once: three OPTIONALs would multiply
              # the stances held by those received and the articles for every country.
              ?c a kg:Country ; kg:iso3166Alpha2 ?code .
              {{ BIND(0 AS ?h) BIND(0 AS ?r) BIND(0 AS ?m) }}
              UNION {{ ?s kg:holder ?c BIND(1 AS ?h) BIND(0 AS ?r) BIND(0 AS ?m) }}
              UNION {{ ?s kg:target ?c BIND(0 AS ?h) BIND(1 AS ?r) BIND(0 AS ?m) }}
              UNION {{ ?a schema:mentions ?c BIND(0 AS ?h) BIND(0 AS ?r) BIND(1 AS ?m) }}
            }} GROUP BY ?c ?code
            ORDER BY DESC(?stances) DESC(?articles) ?code
            LIMIT {size + 1} OFFSET {(page - 1) * size}""")
        labels = self.labels(r["c"].value for r in rows)
        items = [{"link": self.link(r["c"].value, labels), "code": r["code"].value,
                  "held": int(r["held"].value), "received": int(r["received"].value),
                  "articles": int(r["articles"].value)} for r in rows]
        return Page(items[:size], page, len(items) > size)

    def list_stances(self, page: int, size: int, *, polarity: str | None = None,
                     country: str | None = None) -> Page:
        """Page through stances, optionally of one polarity or involving one country."""
        where = ""
        if polarity in POLARITIES:
            where += f"?s kg:polarity kg:{polarity.capitalize()} . "
        if country:
            iri = self.iri("country", country.lower())
            if iri is None:
                return Page([], page, False)
            node = ox.NamedNode(iri)
            where += f"{{ ?s kg:holder {node} }} UNION {{ ?s kg:target {node} }} "
        rows = self.stances(where, limit=size + 1, offset=(page - 1) * size)
        return Page(rows[:size], page, len(rows) > size)

    def search(self, text: str, limit: int = 100) -> dict[str, list[Link]]:
        """Find our things whose name or headline contains the text, grouped by kind."""
        needle = str(ox.Literal(text.strip().lower()))
        rows = self._select(f"""
            SELECT DISTINCT ?x ?label WHERE {{
              ?x schema:headline|schema:name|skos:prefLabel ?label .
              FILTER(STRSTARTS(STR(?x), {ox.Literal(self.base + "id/")}))
              FILTER(CONTAINS(LCASE(STR(?label)), {needle}))
            }} ORDER BY STRLEN(STR(?label)) ?label LIMIT {int(limit)}""")
        found: dict[str, list[Link]] = {}
        for row in rows:
            link = self.link(row["x"].value, {row["x"].value: row["label"].value})
            if link.kind and all(other.iri != link.iri for other in found.get(link.kind, [])):
                found.setdefault(link.kind, []).append(link)
        return found


def _by_polarity(stances: Iterable[StanceRow]) -> dict[str, list[StanceRow]]:
    grouped: dict[str, list[StanceRow]] = {p: [] for p in POLARITIES}
    for stance in stances:
        grouped.setdefault(stance.polarity, []).append(stance)
    return grouped


def country_mentions(body: str, countries: Iterable[Link]) -> list[Span]:
    """Find where the body names the countries the article mentions, to link each name.

    The extractor's gazetteer knows the name variants (Turkiye, Ankara, Turkish), so the links
    fall on the same words the extraction read.
    """
    by_code = {c.key.lower(): c for c in countries if c.kind == "country" and c.key}
    return [Span(m.start, m.end, "link", m.iso2.lower(), by_code[m.iso2.lower()].label)
            for m in find_country_mentions(body) if m.iso2.lower() in by_code]


def paragraph_around(body: str, start: int, end: int) -> tuple[str, int]:
    """Cut the paragraph (blank-line or newline separated) holding [start, end) out of a body.

    Returns the paragraph and its offset in the body, so evidence offsets can be shifted into it.
    """
    first = body.rfind("\n", 0, start) + 1
    last = body.find("\n", end)
    last = len(body) if last == -1 else last
    return body[first:last], first


def highlight(text: str, spans: Iterable[Span]) -> list[Token]:
    """Split text into tokens that open and close spans as properly nested elements.

    Spans may overlap: a span crossing the end of one opened before it is closed there and
    reopened after it (a continuation without the id), so the output is always well-formed.
    """
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    bounds = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    order = {id(s): (s.start, -s.end, 0 if s.tag == "mark" else 1, s.name) for s in valid}
    tokens: list[Token] = []
    stack: list[Span] = []
    opened: set[int] = set()
    for left, right in zip(bounds, bounds[1:], strict=False):
        active = sorted((s for s in valid if s.start <= left and right <= s.end),
                        key=lambda s: order[id(s)])
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        while len(stack) > keep:
            tokens.append(Token("close", span=stack.pop()))
        for span in active[keep:]:
            tokens.append(Token("open", span=span, first=id(span) not in opened))
            opened.add(id(span))
            stack.append(span)
        tokens.append(Token("text", text[left:right]))
    while stack:
        tokens.append(Token("close", span=stack.pop()))
    return tokens
