"""Describe the dataset for harvesters (VoID and DCAT, from live figures) and list its documents.

VoID: https://www.w3.org/TR/void/ (statistics §4.5, partitions §4.6, access §3.3, URI space §3.6).
DCAT: https://www.w3.org/TR/vocab-dcat-3/ (dcat:Catalog → dcat:Dataset → dcat:Distribution,
dcat:DataService for the SPARQL endpoint; checksums with SPDX, DCAT §6.7.x spdx:checksum).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox

from kg.formats import RDF_FORMATS
from kg.namespaces import (
    DCAT,
    DCTERMS,
    FOAF,
    FORMATS,
    IANA_MEDIA_TYPES,
    KG,
    PROV,
    RDF,
    SCHEMA,
    SD,
    SKOS,
    SPDX,
    VOID,
    XSD,
)
from kg.publish.dumps import DUMP_NAME, DumpInfo
from kg.publish.versioned import PerVersion
from kg.store import Store
from kg.store.results import integer

_VOCABULARIES = (str(KG).rstrip("#"), str(SCHEMA), str(PROV), str(SKOS), str(DCTERMS), str(FOAF))
# VoID §3.3: the formats the dataset is served in, as W3C format IRIs.
_FEATURES = ("Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads")


@dataclass(frozen=True)
class DatasetIRIs:
    """The IRIs a dataset description names, all under the base URI (see `under`)."""

    base: str
    description: str  # the VoID description document
    dataset: str  # both void:Dataset and dcat:Dataset
    catalog: str  # the DCAT catalog
    service: str  # the SPARQL endpoint as a dcat:DataService
    sparql: str  # where the SPARQL endpoint answers
    uri_space: str  # the prefix every entity IRI starts with (VoID §3.6)

    @classmethod
    def under(cls, base: str) -> DatasetIRIs:
        """Name everything a description names under one base URI."""
        return cls(base, description=f"{base}void", dataset=f"{base}void#dataset",
                   catalog=f"{base}void#catalog", service=f"{base}void#sparql-service",
                   sparql=f"{base}sparql", uri_space=f"{base}id/")

    def dump_url(self, name: str = DUMP_NAME) -> str:
        """Locate a dump file."""
        return f"{self.base}dumps/{name}"

    def distribution(self, name: str = DUMP_NAME) -> str:
        """Name the dcat:Distribution of a dump."""
        return f"{self.base}void#dump-{name.split('.', 1)[0]}"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(datatype))


def _count(store: Store, sparql: str) -> int:
    rows = store.select(sparql)
    return integer(rows[0], "n") if rows else 0


# ---------------------------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------------------------


@dataclass
class DatasetStatistics:
    """The figures VoID publishes, each from one aggregate query over the union graph."""

    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    properties: int
    classes: dict[str, tuple[int, str]]  # class IRI → (entities, an example entity)
    property_triples: dict[str, int]


def dataset_statistics(store: Store, uri_space: str) -> DatasetStatistics:
    """Count what VoID §4.5–4.6 asks for, triples counted once however many graphs hold them."""
    triples = _count(store, "SELECT (COUNT(*) AS ?n) WHERE { "
                            "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    # VoID §4.5: entities are the resources whose IRIs lie in the dataset's void:uriSpace.
    entities = _count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
                             f'FILTER(STRSTARTS(STR(?s), "{uri_space}")) }}')
    subjects = _count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    objects = _count(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }")
    classes: dict[str, tuple[int, str]] = {}
    # MAX orders IRIs after blank nodes (SPARQL §15.1), so the example is an IRI when one exists.
    for row in store.select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) (MAX(?s) AS ?e) "
                            "WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c"):
        example = row["e"].value if isinstance(row.get("e"), ox.NamedNode) else ""
        classes[row["c"].value] = (integer(row, "n"), example)
    property_triples: dict[str, int] = {}
    for row in store.select("SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                            "WHERE { ?s ?p ?o } } GROUP BY ?p"):
        property_triples[row["p"].value] = integer(row, "n")
    return DatasetStatistics(triples, entities, subjects, objects, len(property_triples),
                             classes, property_triples)


# ---------------------------------------------------------------------------------------------
# VoID + DCAT
# ---------------------------------------------------------------------------------------------

# The classes whose first member is named as a void:exampleResource (VoID §3.5).
_EXAMPLE_CLASSES = (str(KG.Interview), str(KG.Expert), str(KG.Country), str(KG.Stance))


def describe_dataset(stats: DatasetStatistics, *, base_uri: str, title: str, license_iri: str,
                     modified: str | None, dumps: list[DumpInfo]) -> list[ox.Triple]:
    """Describe the dataset in VoID and DCAT: figures, partitions, access, dumps, licence."""
    iris = DatasetIRIs.under(base_uri)
    ds, cat, svc, doc = (_n(iris.dataset), _n(iris.catalog), _n(iris.service),
                         _n(iris.description))
    t: list[ox.Triple] = []

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        t.append(ox.Triple(s, _n(p), o))

    # VoID §6.1: the description document points at the dataset it describes.
    add(doc, str(RDF.type), _n(str(VOID.DatasetDescription)))
    add(doc, str(DCTERMS.title), ox.Literal(f"A VoID and DCAT description of {title}"))
    add(doc, str(FOAF.primaryTopic), ds)

    add(ds, str(RDF.type), _n(str(VOID.Dataset)))
    add(ds, str(RDF.type), _n(str(DCAT.Dataset)))
    add(ds, str(DCTERMS.title), ox.Literal(title))
    add(ds, str(DCTERMS.description), ox.Literal(
        "Expert-interview articles on international affairs, the experts and countries they "
        "discuss, and the stances they report (who supports, opposes or is neutral toward "
        "whom), each with its evidence sentence and provenance."))
    add(ds, str(DCTERMS.license), _n(license_iri))
    if modified:
        add(ds, str(DCTERMS.modified), _typed(modified, str(XSD.dateTime)))
    add(ds, str(VOID.sparqlEndpoint), _n(iris.sparql))
    add(ds, str(VOID.uriSpace), ox.Literal(iris.uri_space))
    add(ds, str(VOID.rootResource), _n(base_uri))
    for vocabulary in _VOCABULARIES:
        add(ds, str(VOID.vocabulary), _n(vocabulary))
    for feature in _FEATURES:
        add(ds, str(VOID.feature), _n(str(FORMATS[feature])))
    for name, figure in (("triples", stats.triples), ("entities", stats.entities),
                         ("distinctSubjects", stats.distinct_subjects),
                         ("distinctObjects", stats.distinct_objects),
                         ("properties", stats.properties), ("classes", len(stats.classes))):
        add(ds, str(VOID[name]), _typed(figure, str(XSD.integer)))
    for cls in _EXAMPLE_CLASSES:
        if stats.classes.get(cls, (0, ""))[1]:
            add(ds, str(VOID.exampleResource), _n(stats.classes[cls][1]))
    for cls, (count, _) in sorted(stats.classes.items()):
        part = _n(f"{iris.dataset}-class-{hashlib.sha256(cls.encode()).hexdigest()[:12]}")
        add(ds, str(VOID.classPartition), part)
        add(part, str(VOID["class"]), _n(cls))
        add(part, str(VOID.entities), _typed(count, str(XSD.integer)))
    for prop, count in sorted(stats.property_triples.items()):
        part = _n(f"{iris.dataset}-property-{hashlib.sha256(prop.encode()).hexdigest()[:12]}")
        add(ds, str(VOID.propertyPartition), part)
        add(part, str(VOID.property), _n(prop))
        add(part, str(VOID.triples), _typed(count, str(XSD.integer)))

    # DCAT: the catalog lists the dataset and the service; each dump is a distribution.
    add(cat, str(RDF.type), _n(str(DCAT.Catalog)))
    add(cat, str(DCTERMS.title), ox.Literal(f"{title} catalog"))
    add(cat, str(DCTERMS.license), _n(license_iri))
    add(cat, str(DCAT.dataset), ds)
    add(cat, str(DCAT.service), svc)
    if modified:
        add(cat, str(DCTERMS.modified), _typed(modified, str(XSD.dateTime)))
    add(ds, str(DCAT.landingPage), _n(base_uri))
    for dump in dumps:
        name = dump.name
        dist, checksum = _n(iris.distribution(name)), _n(iris.distribution(name) + "-sha256")
        add(ds, str(VOID.dataDump), _n(iris.dump_url(name)))
        add(ds, str(DCAT.distribution), dist)
        add(dist, str(RDF.type), _n(str(DCAT.Distribution)))
        add(dist, str(DCTERMS.title), ox.Literal(f"{title}: every named graph as N-Quads, gzip"))
        add(dist, str(DCAT.downloadURL), _n(iris.dump_url(name)))
        add(dist, str(DCAT.accessURL), _n(iris.dump_url(name)))
        add(dist, str(DCAT.mediaType), _n(str(IANA_MEDIA_TYPES[RDF_FORMATS["nq"].media_type])))
        add(dist, str(DCAT.compressFormat), _n(str(IANA_MEDIA_TYPES["application/gzip"])))
        add(dist, str(DCAT.byteSize), _typed(dump.size, str(XSD.nonNegativeInteger)))
        add(dist, str(DCTERMS.license), _n(license_iri))
        add(dist, str(DCTERMS.issued), _typed(dump.written, str(XSD.dateTime)))
        if dump.modified:
            add(dist, str(DCTERMS.modified), _typed(dump.modified, str(XSD.dateTime)))
        add(dist, str(SPDX.checksum), checksum)
        add(checksum, str(RDF.type), _n(str(SPDX.Checksum)))
        add(checksum, str(SPDX.algorithm), _n(str(SPDX.checksumAlgorithm_sha256)))
        add(checksum, str(SPDX.checksumValue), _typed(dump.sha256, str(XSD.hexBinary)))

    access = _n(iris.distribution("sparql"))
    add(ds, str(DCAT.distribution), access)
    add(access, str(RDF.type), _n(str(DCAT.Distribution)))
    add(access, str(DCTERMS.title), ox.Literal(f"{title}: SPARQL 1.1 endpoint"))
    add(access, str(DCAT.accessURL), _n(iris.sparql))
    add(access, str(DCAT.accessService), svc)
    add(svc, str(RDF.type), _n(str(DCAT.DataService)))
    add(svc, str(RDF.type), _n(str(SD.Service)))
    add(svc, str(DCTERMS.title), ox.Literal(f"{title} SPARQL endpoint"))
    add(svc, str(DCAT.endpointURL), _n(iris.sparql))
    add(svc, str(DCAT.endpointDescription), _n(iris.sparql))
    add(svc, str(DCAT.servesDataset), ds)
    add(svc, str(DCTERMS.conformsTo), _n("https://www.w3.org/TR/sparql11-protocol/"))
    add(svc, str(DCTERMS.license), _n(license_iri))
    return t


# The statistics of the last few data versions (each costs several aggregates at scale).
_STATISTICS: PerVersion[DatasetStatistics] = PerVersion(8)


def current_statistics(store: Store, uri_space: str, version: str) -> DatasetStatistics:
    """Return the figures of this data version, computing them only when the data changed."""
    return _STATISTICS.get((store.location, uri_space), version,
                           lambda: dataset_statistics(store, uri_space))


# ---------------------------------------------------------------------------------------------
# Sitemap
# ---------------------------------------------------------------------------------------------


def published_documents(store: Store, base_uri: str) -> list[tuple[str, str]]:
    """List (kind, key) of every article, expert, stance and referenced country, in IRI order."""
    space = f"{base_uri}id/"
    rows = store.select(
        "SELECT DISTINCT ?s WHERE { "
        f"{{ ?s a <{SCHEMA.NewsArticle}> }} UNION {{ ?s a <{KG.Expert}> }} "
        f"UNION {{ ?s a <{KG.Stance}> }} "
        f"UNION {{ ?s a <{KG.Country}> FILTER EXISTS {{ ?x ?p ?s }} }} "
        f'FILTER(STRSTARTS(STR(?s), "{space}")) }} ORDER BY ?s')
    documents = []
    for row in rows:
        kind, _, key = row["s"].value[len(space):].partition("/")
        if kind and key and "/" not in key:
            documents.append((kind, key))
    return documents
