"""Extraction of experts, countries, organizations and stances from article text.

`extract(document)` is deterministic, needs no network and reads only `document.body` (the
teasers around an article are other articles). Every offset it returns points into the body.
"""

from __future__ import annotations

from functools import lru_cache

from kg.countries import country_registry
from kg.errors import InputError, KGError
from kg.extract.authorship import is_interview, named_by_description, with_authors
from kg.extract.gazetteer import find_country_mentions, find_organization_mentions
from kg.extract.people import find_people
from kg.extract.sentences import split_sentences
from kg.extract.stances import find_stances
from kg.model import Document, EntityRef, Extraction

EXTRACTOR_NAME = "stancegraph-rules"
EXTRACTOR_VERSION = "0.1.0"

__all__ = ["EXTRACTOR_NAME", "EXTRACTOR_VERSION", "extract", "is_interview"]

@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Map lower-case country names to ISO codes, for affiliations ("ambassador of Iran")."""
    names = {}
    for country in country_registry():
        names[country.name.lower()] = country.iso2
    return names


@lru_cache(maxsize=512)
def _country_label(iso2: str) -> str:
    """Label a country by its registry name, or by its code when the registry lacks it."""
    try:
        return country_registry().get(iso2).name
    except KGError:  # a code unknown to the registry still gets a label
        return iso2


def extract(document: Document) -> Extraction:
    """Extract experts, people, countries, organizations and stances from one article."""
    if not isinstance(document, Document) or not isinstance(document.body, str):
        raise InputError(getattr(document, "source", repr(document)),
                         "is not an article Document with a text body; nothing to extract")
    body = document.body
    sentences = split_sentences(body)
    countries = find_country_mentions(body)
    organizations = find_organization_mentions(body)
    names = dict(_country_names())
    names.update({m.text.lower(): m.iso2 for m in countries})
    found = find_people(body, sentences, publisher=document.publisher, countries=countries,
                        organizations=organizations, country_names=names)
    # An expert with neither name nor description says nothing anyone could check: drop it,
    # and renumber the speakers that pointed at the experts after it.
    kept = [n for n, e in enumerate(found.experts) if e.name or e.descriptions]
    renumber = {old: new for new, old in enumerate(kept)}
    speakers = [renumber.get(s) if s is not None else None for s in found.speakers]
    headline_countries = [m.iso2 for m in find_country_mentions(document.headline or "")]
    stances = find_stances(body, sentences, speakers, countries, organizations,
                           _country_label, skip=found.description_spans,
                           headline_countries=headline_countries)

    interview = is_interview(document)
    experts = with_authors([found.experts[n] for n in kept], document.authors,
                           interview=interview)
    experts = named_by_description(experts, document.description, document.publisher)
    seen_countries: list[str] = []
    for mention in countries:
        if mention.iso2 not in seen_countries:
            seen_countries.append(mention.iso2)
    seen_orgs: list[EntityRef] = []
    for org in organizations:
        ref = EntityRef("organization", org.key, org.label)
        if ref not in seen_orgs:
            seen_orgs.append(ref)
    return Extraction(
        document=document,
        is_interview=interview,
        experts=experts,
        people=found.people,
        countries=seen_countries,
        organizations=seen_orgs,
        stances=stances,
        extractor=EXTRACTOR_NAME,
        extractor_version=EXTRACTOR_VERSION,
    )
