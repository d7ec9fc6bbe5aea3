"""Describe the dataset for harvesters (VoID and DCAT, from live figures) and write its dumps.

VoID: https://www.w3.org/TR/void/ (statistics §4.5, partitions §4.6, access §3.3, URI space §3.6).
DCAT: https://www.w3.org/TR/vocab-dcat-3/ (dcat:Catalog → dcat:Dataset → dcat:Distribution,
dcat:DataService for the SPARQL endpoint; checksums with SPDX, DCAT §6.7.x spdx:checksum).
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import gzip
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.formats import RDF_FORMATS
from kg.namespaces import DCAT, DCTERMS, FOAF, KG, PREFIXES, PROV, RDF, SCHEMA, SD, SKOS, VOID, XSD
from kg.store import Store

SPDX = "http://spdx.org/rdf/terms#"
IANA = "https://www.iana.org/assignments/media-types/"
DUMP_NAME = "stancegraph.nq.gz"
_VOCABULARIES = (str(KG).rstrip("#"), str(SCHEMA), str(PROV), str(SKOS), str(DCTERMS), str(FOAF))
# VoID §3.3: the formats the dataset is served in, as W3C format IRIs.
_FEATURES = ("Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads")


@dataclass(frozen=True)
class DumpInfo:
    """One written dump: its file, size, SHA-256 and the data version it holds."""

    name: str  # the public file name, e.g. stancegraph.nq.gz
    path: str
    size: int
    sha256: str
    version: str  # the data version (caching.data_version) the dump was written from
    modified: str  # the store's modified() stamp then, "" if it never recorded one
    written: str  # when the file was written (xsd:dateTime)


@dataclass(frozen=True)
class DatasetIRIs:
    """The IRIs a dataset description names, all under the base URI."""

    base: str

    @property
    def description(self) -> str:
        """Name the VoID description document."""
        return f"{self.base}void"

    @property
    def dataset(self) -> str:
        """Name the dataset (both void:Dataset and dcat:Dataset)."""
        return f"{self.base}void#dataset"

    @property
    def catalog(self) -> str:
        """Name the DCAT catalog."""
        return f"{self.base}void#catalog"

    @property
    def service(self) -> str:
        """Name the SPARQL endpoint as a dcat:DataService."""
        return f"{self.base}void#sparql-service"

    @property
    def sparql(self) -> str:
        """Locate the SPARQL endpoint."""
        return f"{self.base}sparql"

    @property
    def uri_space(self) -> str:
        """Give the prefix every entity IRI starts with (VoID §3.6)."""
        return f"{self.base}id/"

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
    rows = list(store.query(sparql))  # type: ignore[arg-type]
    return int(rows[0]["n"].value) if rows else 0


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
    for row in store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) (MAX(?s) AS ?e) "
                           "WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c"):  # type: ignore[union-attr]
        example = row["e"].value if isinstance(row["e"], ox.NamedNode) else ""
        classes[row["c"].value] = (int(row["n"].value), example)
    property_triples: dict[str, int] = {}
    for row in store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                           "WHERE { ?s ?p ?o } } GROUP BY ?p"):  # type: ignore[union-attr]
        property_triples[row["p"].value] = int(row["n"].value)
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
    iris = DatasetIRIs(base_uri)
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
        add(ds, str(VOID.feature), _n(f"http://www.w3.org/ns/formats/{feature}"))
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
        add(dist, str(DCAT.mediaType), _n(IANA + RDF_FORMATS["nq"].media_type))
        add(dist, str(DCAT.compressFormat), _n(IANA + "application/gzip"))
        add(dist, str(DCAT.byteSize), _typed(dump.size, str(XSD.nonNegativeInteger)))
        add(dist, str(DCTERMS.license), _n(license_iri))
        add(dist, str(DCTERMS.issued), _typed(dump.written, str(XSD.dateTime)))
        if dump.modified:
            add(dist, str(DCTERMS.modified), _typed(dump.modified, str(XSD.dateTime)))
        add(dist, SPDX + "checksum", checksum)
        add(checksum, str(RDF.type), _n(SPDX + "Checksum"))
        add(checksum, SPDX + "algorithm", _n(SPDX + "checksumAlgorithm_sha256"))
        add(checksum, SPDX + "checksumValue", _typed(dump.sha256, str(XSD.hexBinary)))

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


def dataset_prefixes() -> dict[str, str]:
    """Return the prefixes that keep a dataset description's Turtle readable."""
    return {**PREFIXES, "spdx": SPDX, "sd": str(SD)}


class DatasetDescriber:
    """Compute the description once per data version: its statistics cost several aggregates."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: tuple[tuple[object, ...], DatasetStatistics] | None = None

    def statistics(self, store: Store, uri_space: str, modified: str | None) -> DatasetStatistics:
        """Return the figures for this data version, computing them when the data changed."""
        key = (store.location, uri_space, modified)
        with self._lock:
            if self._cached is not None and self._cached[0] == key:
                return self._cached[1]
        stats = dataset_statistics(store, uri_space)
        with self._lock:
            self._cached = (key, stats)
        return stats


# ---------------------------------------------------------------------------------------------
# Dumps
# ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an advisory lock across processes, so one gunicorn worker writes a dump at a time."""
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _read_manifest(manifest: Path) -> DumpInfo | None:
    try:
        info = DumpInfo(**json.loads(manifest.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    return info if Path(info.path).is_file() else None


def current_dump(dump_dir: str | Path, name: str = DUMP_NAME) -> DumpInfo | None:
    """Return the dump the manifest names, if one was written."""
    return _read_manifest(Path(dump_dir) / f"{name}.json")


def ensure_dump(store: Store, dump_dir: str | Path, version: str, modified: str | None = None,
                name: str = DUMP_NAME) -> DumpInfo:
    """Return a dump of the current data, writing it first when the data changed since.

    The gzip file is written under a temporary name and renamed to a name holding its hash;
    then a small manifest (name, size, sha256, data version) is renamed over the old one. The
    manifest's rename is the one atomic step that publishes a dump, so a reader in any worker
    sees the old dump or the new one whole. A file lock keeps workers from writing it twice.
    """
    folder = Path(dump_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the dump folder {folder}: {error}") from error
    manifest = folder / f"{name}.json"
    info = _read_manifest(manifest)
    if info is not None and info.version == version:
        return info
    with _exclusive(folder / f".{name}.lock"):
        info = _read_manifest(manifest)  # another worker may have written it while we waited
        if info is not None and info.version == version:
            return info
        info = _write_dump(store, folder, name, version, modified or "")
        tmp = folder / f".{name}.json.tmp"
        tmp.write_text(json.dumps(asdict(info)), encoding="utf-8")
        os.replace(tmp, manifest)
        _remove_old_dumps(folder, name, keep=Path(info.path).name)
        return info


def _write_dump(store: Store, folder: Path, name: str, version: str, modified: str) -> DumpInfo:
    """Write every quad as gzip N-Quads (fixed gzip header: same data, same bytes, same hash)."""
    stem = name.removesuffix(".nq.gz")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{stem}-", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as compressed:
                store.dump(compressed, RDF_FORMATS["nq"])  # type: ignore[arg-type]
            raw.flush()
            os.fsync(raw.fileno())
        sha = _sha256(tmp)
        final = folder / f"{stem}-{sha[:16]}.nq.gz"
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    written = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return DumpInfo(name, str(final), final.stat().st_size, sha, version, modified, written)


def _remove_old_dumps(folder: Path, name: str, keep: str) -> None:
    """Delete superseded dumps; a download in progress keeps its open file on POSIX."""
    stem = name.removesuffix(".nq.gz")
    for old in folder.glob(f"{stem}-*.nq.gz"):
        if old.name != keep:
            old.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# Sitemap
# ---------------------------------------------------------------------------------------------


def published_documents(store: Store, base_uri: str) -> list[tuple[str, str]]:
    """List (kind, key) of every article, expert, stance and referenced country, in IRI order."""
    space = f"{base_uri}id/"
    rows = store.query(
        "SELECT DISTINCT ?s WHERE { "
        f"{{ ?s a <{SCHEMA.NewsArticle}> }} UNION {{ ?s a <{KG.Expert}> }} "
        f"UNION {{ ?s a <{KG.Stance}> }} "
        f"UNION {{ ?s a <{KG.Country}> FILTER EXISTS {{ ?x ?p ?s }} }} "
        f'FILTER(STRSTARTS(STR(?s), "{space}")) }} ORDER BY ?s')
    documents = []
    for row in rows:  # type: ignore[union-attr]
        kind, _, key = row["s"].value[len(space):].partition("/")
        if kind and key and "/" not in key:
            documents.append((kind, key))
    return documents
