"""RDF and SPARQL-results formats stancegraph reads and writes: names, extensions, media types."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import Quad, QueryResultsFormat, RdfFormat, Triple
from pyoxigraph import serialize as oxigraph_serialize

from kg.errors import UsageError


@dataclass(frozen=True)
class Format:
    """One serialization: short name, file extension, media type and Oxigraph format object."""

    name: str
    extension: str
    media_type: str
    oxigraph: RdfFormat | QueryResultsFormat
    datasets: bool = False  # holds named graphs (N-Quads, TriG)
    rdflib: str = ""  # rdflib's parser name, for RDF formats

    @property
    def is_rdf(self) -> bool:
        """Tell RDF serializations from SPARQL results ones."""
        return isinstance(self.oxigraph, RdfFormat)

    @property
    def rdf(self) -> RdfFormat:
        """Return Oxigraph's RDF format object; refuse a SPARQL results format."""
        if not isinstance(self.oxigraph, RdfFormat):
            raise UsageError(f"{self.name} is a SPARQL results format, not an RDF one")
        return self.oxigraph

    @property
    def results(self) -> QueryResultsFormat:
        """Return Oxigraph's SPARQL results format object; refuse an RDF format."""
        if not isinstance(self.oxigraph, QueryResultsFormat):
            raise UsageError(f"{self.name} is an RDF format, not a SPARQL results one")
        return self.oxigraph

    @property
    def writes_prefixes(self) -> bool:
        """Tell whether the serialization abbreviates IRIs with prefixes (Turtle, TriG, RDF/XML)."""
        return self.name in ("ttl", "trig", "rdf")


RDF_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("ttl", "ttl", "text/turtle", RdfFormat.TURTLE, rdflib="turtle"),
        Format("nt", "nt", "application/n-triples", RdfFormat.N_TRIPLES, rdflib="nt"),
        Format("jsonld", "jsonld", "application/ld+json", RdfFormat.JSON_LD, rdflib="json-ld"),
        Format("rdf", "rdf", "application/rdf+xml", RdfFormat.RDF_XML, rdflib="xml"),
        Format("nq", "nq", "application/n-quads", RdfFormat.N_QUADS, datasets=True,
               rdflib="nquads"),
        Format("trig", "trig", "application/trig", RdfFormat.TRIG, datasets=True, rdflib="trig"),
    )
}

RESULTS_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "srj", "application/sparql-results+json", QueryResultsFormat.JSON),
        Format("xml", "srx", "application/sparql-results+xml", QueryResultsFormat.XML),
        Format("csv", "csv", "text/csv", QueryResultsFormat.CSV),
        Format("tsv", "tsv", "text/tab-separated-values", QueryResultsFormat.TSV),
    )
}

# Names people and tools commonly use for the same serializations.
_ALIASES = {
    "turtle": "ttl",
    "ntriples": "nt",
    "n-triples": "nt",
    "json-ld": "jsonld",
    "rdfxml": "rdf",
    "xml-rdf": "rdf",
    "nquads": "nq",
    "n-quads": "nq",
    "srj": "json",
    "srx": "xml",
}


def rdf_format(name: str) -> Format:
    """Find an RDF format by short name, alias or file extension."""
    key = _ALIASES.get(name.lower(), name.lower())
    if key in RDF_FORMATS:
        return RDF_FORMATS[key]
    raise UsageError(f"unknown RDF format {name!r}; use one of {', '.join(RDF_FORMATS)}")


def results_format(name: str) -> Format:
    """Find a SPARQL results format by short name or alias."""
    key = _ALIASES.get(name.lower(), name.lower())
    if key in RESULTS_FORMATS:
        return RESULTS_FORMATS[key]
    raise UsageError(f"unknown results format {name!r}; use one of {', '.join(RESULTS_FORMATS)}")


def format_for_suffix(suffix: str) -> Format | None:
    """Return the RDF format a file suffix (".ttl") names, or None."""
    return RDF_FORMATS.get(_ALIASES.get(suffix.lstrip(".").lower(), suffix.lstrip(".").lower()))


def serialize(data: Iterable[Triple] | Iterable[Quad], fmt: Format,
              prefixes: dict[str, str] | None = None) -> bytes:
    """Serialize RDF with Oxigraph's writers; formats that abbreviate IRIs get the prefixes."""
    written = oxigraph_serialize(data, None, fmt.rdf,
                                 prefixes=prefixes if fmt.writes_prefixes else None)
    assert written is not None  # serialize returns the bytes when given no output
    return written
