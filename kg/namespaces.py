"""The namespaces and IRIs of the graph: one module, matching ontology/*.ttl and DESIGN.md."""

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

DEFAULT_BASE_URI = "http://localhost:5000/"
# The graph where every write records when the data changed, and the node it describes.
META_GRAPH = "urn:stancegraph:meta"
DATASET = "urn:stancegraph:dataset"

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
}

__all__ = [
    "DCAT", "DCTERMS", "FOAF", "GEONAMES", "IPTC_GENRE", "KG", "KGSH", "OWL", "PREFIXES", "PROV",
    "RDF", "RDFS", "SCHEMA", "SD", "SH", "SKOS", "VOID", "WD", "XSD", "DEFAULT_BASE_URI",
    "META_GRAPH", "DATASET",
]
