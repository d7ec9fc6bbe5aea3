"""Describe the dataset for harvesters (VoID and DCAT, from live figures) and list its documents.

VoID: https://www.w3.org/TR/void/ (statistics §4.5, partitions §4.6, access §3.3, URI space §3.6).
DCAT: https://www.w3.org/TR/vocab-dcat-3/, as DCAT-AP 3.0 profiles it (kg.publish.catalog).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import (
    DATASET,
    DCTERMS,
    FOAF,
    FORMATS,
    KG,
    META_GRAPH,
    PROV,
    RDF,
    SCHEMA,
    SD,
    SKOS,
    VOID,
    XSD,
)
from kg.publish.catalog import (
    Catalog,
    Publisher,
    change_feed_service,
    describe_catalog,
    sparql_service,
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
    issued: str | None = None  # when the store was first written, if it recorded it
    period: tuple[ox.Literal, ox.Literal] | None = None  # the first and last datePublished


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
                             classes, property_triples, _issued(store), _period(store))


def _issued(store: Store) -> str | None:
    rows = store.select(f"SELECT ?i WHERE {{ GRAPH <{META_GRAPH}> {{ <{DATASET}> "
                        f"<{DCTERMS.issued}> ?i }} }}")
    return rows[0]["i"].value if rows else None


def _period(store: Store) -> tuple[ox.Literal, ox.Literal] | None:
    """Find the first and last publication dates, as DCAT-AP's dct:temporal wants them."""
    # DCAT-AP takes xsd:date or xsd:dateTime; MIN and MAX compare within one datatype.
    rows = store.select(f"SELECT (MIN(?d) AS ?a) (MAX(?d) AS ?b) WHERE {{ "
                        f"?x <{SCHEMA.datePublished}> ?d FILTER(DATATYPE(?d) = <{XSD.date}>) }}")
    first, last = (rows[0].get("a"), rows[0].get("b")) if rows else (None, None)
    if isinstance(first, ox.Literal) and isinstance(last, ox.Literal):
        return first, last
    return None


# ---------------------------------------------------------------------------------------------
# VoID + DCAT
# ---------------------------------------------------------------------------------------------

# The classes whose first member is named as a void:exampleResource (VoID §3.5).
_EXAMPLE_CLASSES = (str(KG.Interview), str(KG.Expert), str(KG.Country), str(KG.Stance))


def describe_dataset(stats: DatasetStatistics, *, base_uri: str, title: str, license_iri: str,
                     publisher: Publisher, modified: str | None,
                     dumps: list[DumpInfo]) -> list[ox.Triple]:
    """Describe the dataset in VoID and DCAT-AP: figures, partitions, access, dumps, licence."""
    iris = DatasetIRIs.under(base_uri)
    ds, svc, doc = _n(iris.dataset), _n(iris.service), _n(iris.description)
    t: list[ox.Triple] = []

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        t.append(ox.Triple(s, _n(p), o))

    # VoID §6.1: the description document points at the dataset it describes.
    add(doc, str(RDF.type), _n(str(VOID.DatasetDescription)))
    add(doc, str(DCTERMS.title), ox.Literal(f"A VoID and DCAT description of {title}"))
    add(doc, str(FOAF.primaryTopic), ds)

    add(ds, str(RDF.type), _n(str(VOID.Dataset)))
    add(ds, str(DCTERMS.title), ox.Literal(title))
    if modified:
        add(ds, str(DCTERMS.modified), _typed(modified, str(XSD.dateTime)))
    add(ds, str(VOID.sparqlEndpoint), _n(iris.sparql))
    for dump in dumps:
        add(ds, str(VOID.dataDump), _n(iris.dump_url(dump.name)))
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

    # DCAT-AP: the catalog, the dataset's distributions and the services (kg.publish.catalog).
    t += describe_catalog(Catalog(
        base_uri, iris.catalog, iris.dataset, title, license_iri, publisher, modified,
        stats.issued, stats.period,
        [(dump, iris.distribution(dump.name), iris.dump_url(dump.name)) for dump in dumps],
        [sparql_service(base_uri, iris.service, iris.distribution("sparql")),
         change_feed_service(base_uri, f"{iris.description}#changes-service",
                             iris.distribution("changes"))]))
    add(svc, str(RDF.type), _n(str(SD.Service)))
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
