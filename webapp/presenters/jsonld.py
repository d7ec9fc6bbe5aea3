"""schema.org JSON-LD for pages: what search engines read in each page's head.

Built from the typed records kg.publish reads; empty values are left out, so every block says
only what the graph knows.
"""

from __future__ import annotations

from typing import Any

from kg.publish.profiles import (
    ArticleProfile,
    CountryProfile,
    PersonProfile,
    Profile,
    StanceProfile,
)
from kg.publish.records import Link

JsonLd = dict[str, Any]
SCHEMA_CONTEXT = "https://schema.org"


def _name(link: Link) -> str | None:
    """The name the graph gives a thing, or None (JSON-LD null: no triple) when it gives none."""
    return link.label if link.labelled else None


def compact(block: JsonLd) -> JsonLd:
    """Leave out the top-level keys without a value."""
    return {k: v for k, v in block.items() if v not in (None, [], "")}


def profile_jsonld(profile: Profile) -> JsonLd:
    """Describe one resource's page in schema.org terms."""
    if isinstance(profile, ArticleProfile):
        return _article(profile)
    if isinstance(profile, PersonProfile):
        return _person(profile)
    if isinstance(profile, CountryProfile):
        return _country(profile)
    if isinstance(profile, StanceProfile):
        return _stance(profile)
    kind = "Organization" if profile.kind == "organization" else "DefinedTerm"
    same_as = getattr(profile, "same_as", None)
    return {"@context": SCHEMA_CONTEXT, "@type": kind, "@id": profile.iri,
            "name": profile.label, "sameAs": same_as or None}


def _article(article: ArticleProfile) -> JsonLd:
    publisher = article.publisher
    return {
        "@context": SCHEMA_CONTEXT, "@type": "NewsArticle", "@id": article.iri,
        "headline": article.label, "datePublished": article.date, "genre": article.genre,
        "publisher": ({"@type": "Organization", "@id": publisher.iri, "name": _name(publisher)}
                      if publisher else None),
        "author": [{"@type": "Person", "@id": e.iri, "name": _name(e)}
                   for e, _ in article.experts],
        "mentions": [{"@type": "Country", "@id": m.iri, "name": _name(m)}
                     for m in article.mentions],
        "articleBody": article.body or None,
    }


def _person(person: PersonProfile) -> JsonLd:
    return {
        "@context": SCHEMA_CONTEXT, "@type": "Person", "@id": person.iri,
        "name": person.label, "description": person.descriptions or None,
        "jobTitle": person.job_titles or None,
        "affiliation": [{"@id": a.iri, "name": a.label} for a in person.affiliations],
    }


def _country(country: CountryProfile) -> JsonLd:
    return {
        "@context": SCHEMA_CONTEXT, "@type": "Country", "@id": country.iri,
        "name": country.label, "identifier": country.codes["alpha2"],
        "sameAs": country.same_as or None,
    }


def _stance(profile: StanceProfile) -> JsonLd:
    row = profile.stance
    return {
        "@context": SCHEMA_CONTEXT, "@type": "Claim", "@id": profile.iri,
        "name": profile.label,
        "text": row.evidence if row else None,
        "appearance": ({"@type": "NewsArticle", "@id": row.article.iri,
                        "headline": row.article.label} if row and row.article else None),
        "author": ({"@type": "Person", "@id": row.expert.iri, "name": row.expert.label}
                   if row and row.expert else None),
    }


def dataset_jsonld(home: str, title: str, license_iri: str | None, dump_url: str) -> JsonLd:
    """Describe the dataset on the home page, with its full dump as a download."""
    return {"@context": SCHEMA_CONTEXT, "@type": "Dataset", "@id": home, "name": title,
            "license": license_iri,
            "distribution": [{"@type": "DataDownload", "encodingFormat": "application/n-quads",
                              "contentUrl": dump_url}]}


def collection_jsonld(title: str, url: str) -> JsonLd:
    """Describe a list page."""
    return {"@context": SCHEMA_CONTEXT, "@type": "CollectionPage", "name": title, "url": url}


def search_jsonld(url: str) -> JsonLd:
    """Describe a search results page."""
    return {"@context": SCHEMA_CONTEXT, "@type": "SearchResultsPage", "url": url}
