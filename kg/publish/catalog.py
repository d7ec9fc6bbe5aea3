"""The DCAT-AP 3.0 catalog: the dataset, its distributions and the services that serve it.

DCAT-AP 3.0.0 (https://semiceu.github.io/DCAT-AP/releases/3.0.0/) asks more than DCAT: every
value of a ranged property is typed (a licence is a dct:LicenseDocument, a media type a
dct:MediaType, a theme a skos:Concept with a label), and the catalog names its publisher,
language, coverage and themes. The shapes in its SHACL release check all of it (tests run them).
Controlled values come from the EU's authority tables and ADMS, as DCAT-AP recommends (§6).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.formats import RDF_FORMATS
from kg.namespaces import (
    ADMS_LICENCE_TYPE,
    ADMS_PUBLISHER_TYPE,
    DCAT,
    DCATAP,
    DCTERMS,
    EU_AUTHORITY,
    FOAF,
    GEONAMES,
    GEOSPARQL,
    IANA_MEDIA_TYPES,
    RDF,
    SKOS,
    SPDX,
    VCARD,
    XSD,
)
from kg.publish.dumps import DumpInfo

_DESCRIPTION = (
    "Expert-interview articles on international affairs, the experts and countries they "
    "discuss, and the stances they report (who supports, opposes or is neutral toward whom), "
    "each with its evidence sentence and provenance.")
_KEYWORDS = ("international relations", "foreign policy", "expert interviews", "stances",
             "knowledge graph", "linked data")
# DCAT-AP §6: themes from the EU data-theme table; coverage the whole Earth (GeoNames 6295630).
_THEME_TABLE = f"{EU_AUTHORITY}data-theme"
_THEMES = {f"{EU_AUTHORITY}data-theme/INTR": "International issues",
           f"{EU_AUTHORITY}data-theme/GOVE": "Government and public sector"}
_LANGUAGE = f"{EU_AUTHORITY}language/ENG"
_EARTH = f"{GEONAMES}6295630/"
_EARTH_BBOX = "POLYGON((-180 -90, 180 -90, 180 90, -180 90, -180 -90))"
_STABLE = (f"{EU_AUTHORITY}planned-availability/STABLE", "stable")
# The ADMS licence type of the licences we know; another licence is stated without one.
_LICENCE_TYPES = {"creativecommons.org/licenses/by/": "Attribution",
                  "creativecommons.org/licenses/by-sa/": "Attribution",
                  "creativecommons.org/publicdomain/zero/": "PublicDomain"}


@dataclass(frozen=True)
class Publisher:
    """Who publishes the catalog and how to reach them (dct:publisher, dcat:contactPoint)."""

    name: str
    kind: str  # an ADMS publisher type, e.g. NonProfitOrganisation
    email: str = ""  # without one, the contact point is the site itself


@dataclass(frozen=True)
class Service:
    """One data service (dcat:DataService) and the distribution reached through it."""

    iri: str  # the dcat:DataService
    distribution: str  # the dcat:Distribution whose accessURL is the endpoint
    title: str
    description: str
    endpoint: str
    endpoint_description: str  # where the service describes itself
    standard: str  # the specification it implements (dct:conformsTo)
    standard_title: str
    file_type: str  # a code of the EU file-type table, e.g. SPARQLQ
    media_type: str  # the main media type it answers in


@dataclass(frozen=True)
class Catalog:
    """What the catalog says besides its figures: names, dates, publisher, dumps, services."""

    base: str
    catalog: str
    dataset: str
    title: str
    license: str
    publisher: Publisher
    modified: str | None  # when the data last changed (xsd:dateTime)
    issued: str | None  # when the store was first written (xsd:dateTime)
    period: tuple[ox.Literal, ox.Literal] | None  # the first and last datePublished
    dumps: list[tuple[DumpInfo, str, str]]  # (dump, distribution IRI, download URL)
    services: list[Service]


class _Triples(list[ox.Triple]):
    """The triples of a description, added one statement at a time."""

    def add(self, s: str, p: str, o: str | ox.Literal) -> None:
        self.append(ox.Triple(ox.NamedNode(s), ox.NamedNode(p),
                              o if isinstance(o, ox.Literal) else ox.NamedNode(o)))

    def typed(self, s: str, p: str, value: object, datatype: str) -> None:
        self.add(s, p, ox.Literal(str(value), datatype=ox.NamedNode(datatype)))

    def text(self, s: str, p: str, value: str) -> None:
        self.add(s, p, ox.Literal(value, language="en"))

    def concept(self, s: str, p: str, concept: str, label: str) -> None:
        """Link to a SKOS concept, typed and labelled as DCAT-AP's Category shape asks."""
        self.add(s, p, concept)
        self.add(concept, str(RDF.type), str(SKOS.Concept))
        self.add(concept, str(SKOS.prefLabel), ox.Literal(label, language="en"))

    def of_class(self, s: str, p: str, o: str, *classes: str) -> None:
        """Link to a resource, stating the classes DCAT-AP's range shapes check it has."""
        self.add(s, p, o)
        for cls in classes:
            self.add(o, str(RDF.type), cls)


def _licence_type(license_iri: str) -> str | None:
    plain = license_iri.split("://", 1)[-1]
    return next((kind for prefix, kind in _LICENCE_TYPES.items() if plain.startswith(prefix)),
                None)


def describe_catalog(c: Catalog) -> list[ox.Triple]:
    """Describe the catalog, dataset, distributions and services as DCAT-AP 3.0 asks."""
    t = _Triples()
    contact = f"{c.catalog}-contact"
    agent = f"{c.catalog}-publisher"
    # The resources every part shares: licence, publisher, contact point, themes, coverage.
    t.add(c.license, str(RDF.type), str(DCTERMS.LicenseDocument))
    if (kind := _licence_type(c.license)) is not None:
        t.concept(c.license, str(DCTERMS.type), str(ADMS_LICENCE_TYPE[kind]), kind)
    t.add(agent, str(RDF.type), str(FOAF.Agent))
    t.add(agent, str(FOAF.name), ox.Literal(c.publisher.name))
    t.concept(agent, str(DCTERMS.type), str(ADMS_PUBLISHER_TYPE[c.publisher.kind]),
              c.publisher.kind)
    t.add(contact, str(RDF.type), str(VCARD.Kind))
    t.add(contact, str(VCARD.fn), ox.Literal(c.publisher.name))
    if c.publisher.email:
        t.add(contact, str(VCARD.hasEmail), f"mailto:{c.publisher.email}")
    t.add(contact, str(VCARD.hasURL), c.base)
    t.add(_EARTH, str(RDF.type), str(DCTERMS.Location))
    t.typed(_EARTH, str(DCAT.bbox), _EARTH_BBOX, str(GEOSPARQL.wktLiteral))
    t.typed(_EARTH, str(DCAT.centroid), "POINT(0 0)", str(GEOSPARQL.wktLiteral))

    def described(s: str, *, themes: bool = True) -> None:
        """State licence, publisher, contact, keywords and themes of a dataset or service."""
        t.add(s, str(DCTERMS.license), c.license)
        t.add(s, str(DCTERMS.publisher), agent)
        t.add(s, str(DCAT.contactPoint), contact)
        for keyword in _KEYWORDS:
            t.text(s, str(DCAT.keyword), keyword)
        if themes:
            for theme, label in _THEMES.items():
                t.concept(s, str(DCAT.theme), theme, label)

    cat = c.catalog
    t.add(cat, str(RDF.type), str(DCAT.Catalog))
    t.text(cat, str(DCTERMS.title), f"{c.title} catalog")
    t.text(cat, str(DCTERMS.description),
           f"The {c.title} dataset: its full dump, its SPARQL endpoint and its other services.")
    t.add(cat, str(DCTERMS.license), c.license)
    t.add(cat, str(DCTERMS.publisher), agent)
    t.of_class(cat, str(DCTERMS.language), _LANGUAGE, str(DCTERMS.LinguisticSystem))
    t.add(cat, str(DCTERMS.spatial), _EARTH)
    t.of_class(cat, str(FOAF.homepage), c.base, str(FOAF.Document))
    t.add(cat, str(DCAT.themeTaxonomy), _THEME_TABLE)
    t.add(_THEME_TABLE, str(RDF.type), str(SKOS.ConceptScheme))
    t.text(_THEME_TABLE, str(DCTERMS.title), "Data theme")
    t.add(cat, str(DCAT.dataset), c.dataset)
    for stamp, prop in ((c.modified, DCTERMS.modified), (c.issued, DCTERMS.issued)):
        if stamp:
            t.typed(cat, str(prop), stamp, str(XSD.dateTime))

    ds = c.dataset
    t.add(ds, str(RDF.type), str(DCAT.Dataset))
    t.text(ds, str(DCTERMS.description), _DESCRIPTION)
    described(ds)
    t.add(ds, str(DCTERMS.spatial), _EARTH)
    t.of_class(ds, str(DCTERMS.language), _LANGUAGE, str(DCTERMS.LinguisticSystem))
    t.of_class(ds, str(DCAT.landingPage), c.base, str(FOAF.Document))
    if c.period is not None:
        period = f"{ds}-period"
        t.of_class(ds, str(DCTERMS.temporal), period, str(DCTERMS.PeriodOfTime))
        t.add(period, str(DCAT.startDate), c.period[0])
        t.add(period, str(DCAT.endDate), c.period[1])

    for dump, dist, url in c.dumps:
        _distribution(t, c, dist, url, "N-Quads, gzip",
                      "Every named graph of the dataset as gzip-compressed N-Quads.",
                      "RDF_N_QUADS", RDF_FORMATS["nq"].media_type)
        t.add(dist, str(DCAT.downloadURL), url)
        t.of_class(dist, str(DCAT.compressFormat), str(IANA_MEDIA_TYPES["application/gzip"]),
                   str(DCTERMS.MediaType))
        t.typed(dist, str(DCAT.byteSize), dump.size, str(XSD.decimal))
        t.typed(dist, str(DCTERMS.issued), dump.written, str(XSD.dateTime))
        if dump.modified:
            t.typed(dist, str(DCTERMS.modified), dump.modified, str(XSD.dateTime))
        checksum = f"{dist}-sha256"
        t.of_class(dist, str(SPDX.checksum), checksum, str(SPDX.Checksum))
        t.add(checksum, str(SPDX.algorithm), str(SPDX.checksumAlgorithm_sha256))
        t.typed(checksum, str(SPDX.checksumValue), dump.sha256, str(XSD.hexBinary))

    for service in c.services:
        svc = service.iri
        t.add(cat, str(DCAT.service), svc)
        t.add(svc, str(RDF.type), str(DCAT.DataService))
        t.text(svc, str(DCTERMS.title), service.title)
        t.text(svc, str(DCTERMS.description), service.description)
        t.add(svc, str(DCAT.endpointURL), service.endpoint)
        t.add(svc, str(DCAT.endpointDescription), service.endpoint_description)
        t.add(svc, str(DCAT.servesDataset), ds)
        t.of_class(svc, str(DCTERMS.conformsTo), service.standard, str(DCTERMS.Standard))
        t.text(service.standard, str(DCTERMS.title), service.standard_title)
        described(svc)
        _distribution(t, c, service.distribution, service.endpoint, service.title,
                      service.description, service.file_type, service.media_type)
        t.add(service.distribution, str(DCAT.accessService), svc)
        t.add(service.distribution, str(DCTERMS.conformsTo), service.standard)
    return t


def _distribution(t: _Triples, c: Catalog, dist: str, url: str, title: str, description: str,
                  file_type: str, media_type: str) -> None:
    """State what every distribution states: type, names, access, format, licence, availability."""
    t.add(c.dataset, str(DCAT.distribution), dist)
    t.add(dist, str(RDF.type), str(DCAT.Distribution))
    t.text(dist, str(DCTERMS.title), f"{c.title}: {title}")
    t.text(dist, str(DCTERMS.description), description)
    t.add(dist, str(DCAT.accessURL), url)
    t.of_class(dist, str(DCTERMS.format), f"{EU_AUTHORITY}file-type/{file_type}",
               str(DCTERMS.MediaTypeOrExtent))
    t.of_class(dist, str(DCAT.mediaType), str(IANA_MEDIA_TYPES[media_type]),
               str(DCTERMS.MediaType))
    t.add(dist, str(DCTERMS.license), c.license)
    t.concept(dist, str(DCATAP.availability), *_STABLE)


def sparql_service(base: str, service: str, distribution: str) -> Service:
    """Describe the SPARQL 1.1 endpoint as a data service; its URL serves its own description."""
    return Service(service, distribution, "SPARQL 1.1 endpoint",
                   "Read-only SPARQL 1.1 queries over every named graph; the default graph is "
                   "their union.", f"{base}sparql", f"{base}sparql",
                   "https://www.w3.org/TR/sparql11-protocol/", "SPARQL 1.1 Protocol", "SPARQLQ",
                   "application/sparql-results+json")


def change_feed_service(base: str, service: str, distribution: str) -> Service:
    """Describe the change feed (/changes) as a data service harvesters poll to stay in sync."""
    return Service(service, distribution, "change feed",
                   "Every write to the dataset's graphs (Create, Update, Delete), newest first, "
                   "as an ActivityStreams 2.0 OrderedCollection (JSON-LD) or Atom; ?since= "
                   "keeps the later ones.", f"{base}changes", f"{base}changes",
                   "https://www.w3.org/TR/activitystreams-core/", "Activity Streams 2.0",
                   "JSON_LD", "application/activity+json")
