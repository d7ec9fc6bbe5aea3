"""What the page of one resource shows, read from the graph as typed records.

One record per kind of thing: an article with its experts, mentions and stances; a person with
their articles and the stances they voiced, hold or receive; a country with its codes and
links; a stance with its evidence in context; any other thing (an organization, a topic) with
its stances and articles. Presenters in webapp turn them into pages and schema.org JSON-LD.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import KG, OWL, RDF, SCHEMA
from kg.publish.records import (
    STANCES_SHOWN,
    ArticleItem,
    Link,
    Records,
    StanceRow,
    by_polarity,
    paragraph_around,
)
from kg.store import Term

Properties = dict[str, list[Term]]


@dataclass
class Profile:
    """What every resource's page names: the thing, its label and its types."""

    kind: str
    key: str
    iri: str
    label: str
    types: list[str]


@dataclass
class ArticleProfile(Profile):
    """An article: its text and metadata, the experts, countries and stances it holds."""

    body: str
    date: str | None
    abstract: str
    genre: str | None  # the IPTC genre's local name: Interview, Analysis
    url: str | None
    publisher: Link | None
    experts: list[tuple[Link, list[str]]]  # each expert with the descriptions the text gives
    mentions: list[Link]  # by label
    related: list[Link]
    stances: list[StanceRow]


@dataclass
class PersonProfile(Profile):
    """An expert or another person: descriptions, articles, and the stances around them."""

    descriptions: list[str]
    job_titles: list[str]
    knows_about: list[str]
    affiliations: list[Link]
    articles: list[ArticleItem]
    attributed: list[StanceRow]
    held: dict[str, list[StanceRow]]
    received: dict[str, list[StanceRow]]


@dataclass
class CountryProfile(Profile):
    """A country: names, codes, links to Wikidata and GeoNames, its stances and articles."""

    official_name: str | None
    codes: dict[str, str | None]  # alpha2, alpha3, numeric
    same_as: list[str]
    wikidata: list[str]
    geonames: list[str]
    status: Link | None
    held: dict[str, list[StanceRow]]
    received: dict[str, list[StanceRow]]
    articles: list[ArticleItem]


@dataclass
class StanceProfile(Profile):
    """A stance: its row, the paragraph of the article around its evidence, its extractor."""

    stance: StanceRow | None
    context: str
    context_offset: int  # where the context starts in the article body
    activity: dict[str, str | None]  # the extractor's name and version


@dataclass
class EntityProfile(Profile):
    """An organization, topic or activity: its links, stances and published articles."""

    same_as: list[str]
    held: dict[str, list[StanceRow]]
    received: dict[str, list[StanceRow]]
    articles: list[ArticleItem]


def _literals(props: Properties, prop: object) -> list[str]:
    return [t.value for t in props.get(str(prop), []) if isinstance(t, ox.Literal)]


def _iris(props: Properties, prop: object) -> list[str]:
    return [t.value for t in props.get(str(prop), []) if isinstance(t, ox.NamedNode)]


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def read_profile(records: Records, kind: str, key: str) -> Profile | None:
    """Read what the page of one resource shows, or None when the graph does not know it."""
    iri = records.iri(kind, key)
    if iri is None:
        return None
    props = records.describe(iri)
    if not props:
        return None
    head = Profile(kind, key, iri, records.labels([iri]).get(iri, key), _iris(props, RDF.type))
    if kind == "article":
        return _article(records, head, props)
    if kind in ("expert", "person"):
        return _person(records, head, props)
    if kind == "country":
        return _country(records, head, props)
    if kind == "stance":
        return _stance(records, head)
    return _entity(records, head, props)


def _head(profile: Profile) -> tuple[str, str, str, str, list[str]]:
    return profile.kind, profile.key, profile.iri, profile.label, profile.types


def _article(records: Records, head: Profile, props: Properties) -> ArticleProfile:
    experts = _iris(props, KG.interviewee) + _iris(props, SCHEMA.author)
    mentions = _iris(props, SCHEMA.mentions)
    related = _iris(props, KG.relatedArticle)
    related += [r["a"].value for r in records.select(f"""
        SELECT DISTINCT ?a WHERE {{ ?a kg:relatedArticle {ox.NamedNode(head.iri)} }}""")]
    publishers = _iris(props, SCHEMA.publisher)
    genres = _iris(props, SCHEMA.genre)
    descriptions = _expert_details(records, experts)
    labels = records.labels([*experts, *mentions, *related, *publishers])
    return ArticleProfile(
        *_head(head),
        body=_first(_literals(props, SCHEMA.articleBody)) or "",
        date=_first(_literals(props, SCHEMA.datePublished)),
        abstract=_first(_literals(props, SCHEMA.abstract)) or "",
        genre=genres[0].rsplit("/", 1)[-1] if genres else None,
        url=_first(_iris(props, SCHEMA.url)),
        publisher=records.link(publishers[0], labels) if publishers else None,
        experts=[(records.link(e, labels), descriptions.get(e, [])) for e in experts],
        mentions=sorted((records.link(m, labels) for m in mentions), key=lambda x: x.label),
        related=[records.link(r, labels) for r in dict.fromkeys(related)],
        stances=records.stances(f"VALUES ?a {{ {ox.NamedNode(head.iri)} }} ?s kg:statedIn ?a ."),
    )


def _expert_details(records: Records, experts: list[str]) -> dict[str, list[str]]:
    if not experts:
        return {}
    values = " ".join(str(ox.NamedNode(e)) for e in experts)
    rows = records.select(f"SELECT ?e ?d WHERE {{ VALUES ?e {{ {values} }} "
                          f"?e schema:description ?d }} ORDER BY ?d")
    found: dict[str, list[str]] = {}
    for r in rows:
        found.setdefault(r["e"].value, []).append(r["d"].value)
    return found


def _person(records: Records, head: Profile, props: Properties) -> PersonProfile:
    node = ox.NamedNode(head.iri)
    affiliations = _iris(props, SCHEMA.affiliation)
    stances = records.stances(f"{{ ?s prov:wasAttributedTo {node} }} UNION "
                              f"{{ ?s kg:holder {node} }} UNION {{ ?s kg:target {node} }}",
                              limit=STANCES_SHOWN)
    labels = records.labels(affiliations)
    return PersonProfile(
        *_head(head),
        descriptions=sorted(_literals(props, SCHEMA.description)),
        job_titles=sorted(_literals(props, SCHEMA.jobTitle)),
        knows_about=sorted(_literals(props, SCHEMA.knowsAbout)),
        affiliations=[records.link(a, labels) for a in affiliations],
        articles=records.articles(limit=200, where=f"{{ ?a kg:interviewee {node} }} UNION "
                                                   f"{{ ?a schema:author {node} }}"),
        attributed=[s for s in stances if s.expert and s.expert.iri == head.iri],
        held=by_polarity(s for s in stances if s.holder.iri == head.iri),
        received=by_polarity(s for s in stances if s.target.iri == head.iri),
    )


def _country(records: Records, head: Profile, props: Properties) -> CountryProfile:
    node = ox.NamedNode(head.iri)
    same_as = _iris(props, OWL.sameAs)
    stances = records.stances(f"{{ ?s kg:holder {node} }} UNION {{ ?s kg:target {node} }}",
                              limit=STANCES_SHOWN)
    status = _iris(props, KG.sovereigntyStatus)
    return CountryProfile(
        *_head(head),
        official_name=_first(_literals(props, KG.officialName)),
        codes={name: _first(_literals(props, KG[prop])) for name, prop in
               (("alpha2", "iso3166Alpha2"), ("alpha3", "iso3166Alpha3"),
                ("numeric", "iso3166Numeric"))},
        same_as=same_as,
        wikidata=[s for s in same_as if "wikidata.org" in s],
        geonames=[s for s in same_as if "geonames.org" in s],
        status=records.link(status[0], records.labels(status)) if status else None,
        held=by_polarity(s for s in stances if s.holder.iri == head.iri),
        received=by_polarity(s for s in stances if s.target.iri == head.iri),
        articles=records.articles(limit=200, where=f"?a schema:mentions {node} ."),
    )


def _stance(records: Records, head: Profile) -> StanceProfile:
    rows = records.stances(f"VALUES ?s {{ {ox.NamedNode(head.iri)} }}")
    row = rows[0] if rows else None
    context = ("", 0)
    activity: dict[str, str | None] = {}
    if row and row.article:
        article = records.describe(row.article.iri)
        body = _first(_literals(article, SCHEMA.articleBody)) or ""
        if row.start is not None and row.end is not None and body:
            context = paragraph_around(body, row.start, row.end)
    if row and row.activity:
        described = records.describe(row.activity.iri)
        activity = {"name": _first(_literals(described, KG.extractorName)),
                    "version": _first(_literals(described, KG.extractorVersion))}
    return StanceProfile(*_head(head), stance=row, context=context[0],
                         context_offset=context[1], activity=activity)


def _entity(records: Records, head: Profile, props: Properties) -> EntityProfile:
    node = ox.NamedNode(head.iri)
    stances = records.stances(f"{{ ?s kg:holder {node} }} UNION {{ ?s kg:target {node} }}",
                              limit=STANCES_SHOWN)
    return EntityProfile(
        *_head(head),
        same_as=_iris(props, OWL.sameAs),
        held=by_polarity(s for s in stances if s.holder.iri == head.iri),
        received=by_polarity(s for s in stances if s.target.iri == head.iri),
        articles=records.articles(limit=200, where=f"?a schema:publisher {node} ."),
    )
