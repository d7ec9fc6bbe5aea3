"""The namespaces and IRIs of the graph: one module, matching ontology/*.ttl and DESIGN.md.

Every namespace, fixed IRI and prefix stancegraph writes is declared here once; `PREFIXES` is
the one prefix policy for everything we serialize, and `sparql_prologue` writes the same
prefixes into query text.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

KG = Namespace("https://w3id.org/stancegraph/vocab#")
KGSH = Namespace("https://w3id.org/stancegraph/shapes#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = Namespace("https://sws.geonames.org/")
IPTC_GENRE = Namespace("http://cv.iptc.org/newscodes/genre/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
# The W3C's IRIs of serialization formats (https://www.w3.org/ns/formats/).
FORMATS = Namespace("http://www.w3.org/ns/formats/")
IANA_MEDIA_TYPES = Namespace("https://www.iana.org/assignments/media-types/")
# What DCAT-AP 3.0 names: its own terms, contact cards, geometries and the EU's authority tables.
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
GEOSPARQL = Namespace("http://www.opengis.net/ont/geosparql#")
EU_AUTHORITY = Namespace("http://publications.europa.eu/resource/authority/")
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
ADMS_LICENCE_TYPE = Namespace("http://purl.org/adms/licencetype/")
# ActivityStreams 2.0, the vocabulary of the change feed (kg.publish.changes).
AS = Namespace("https://www.w3.org/ns/activitystreams#")

# The documents the vocabulary and the shapes are served as (their namespaces without "#").
VOCAB_DOCUMENT = str(KG).rstrip("#")
SHAPES_DOCUMENT = str(KGSH).rstrip("#")

DEFAULT_BASE_URI = "http://localhost:5000/"
# The graph where every write records when the data changed, and the node it describes.
META_GRAPH = "urn:stancegraph:meta"
DATASET = "urn:stancegraph:dataset"

# Which property names a thing, best first (docs/rdf-model.md).
LABEL_PROPERTIES = (SCHEMA.name, SKOS.prefLabel, RDFS.label, SCHEMA.headline)

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "kgsh": str(KGSH),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "foaf": str(FOAF),
    "sh": str(SH),
    "wd": str(WD),
    "sd": str(SD),
    "spdx": str(SPDX),
    "hydra": str(HYDRA),
    "dcatap": str(DCATAP),
    "vcard": str(VCARD),
    "as": str(AS),
}


def sparql_prologue(*names: str) -> str:
    """Write the PREFIX declarations of some of our prefixes, one line each, for query text."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)


__all__ = [
    "DCAT", "DCTERMS", "FOAF", "FORMATS", "GEONAMES", "HYDRA", "IANA_MEDIA_TYPES", "IPTC_GENRE",
    "KG", "KGSH", "OWL", "PREFIXES", "PROV", "RDF", "RDFS", "SCHEMA", "SD", "SH", "SKOS", "SPDX",
    "VOID", "WD", "XSD", "DEFAULT_BASE_URI", "META_GRAPH", "DATASET", "LABEL_PROPERTIES",
    "SHAPES_DOCUMENT", "VOCAB_DOCUMENT", "sparql_prologue",
]
