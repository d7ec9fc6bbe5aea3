"""The pipeline: read → extract → build RDF → validate with SHACL → store, one article at a time."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rdflib import Dataset, Graph, URIRef

from kg.build import ArticleBuilder, oxigraph_triples
from kg.countries import country_registry, reference_graph
from kg.errors import InputError
from kg.extract import extract
from kg.model import Document
from kg.resources import ontology_graph
from kg.sources import RdfSource, read_documents
from kg.store import Store
from kg.uris import URIs
from kg.validate import ValidationReport, Validator

Status = Literal["stored", "valid", "rejected", "unreadable"]


@dataclass
class Outcome:
    """What happened to one article (or one RDF file) of the input."""

    source: str
    status: Status
    article: str | None = None
    graph_names: list[str] = field(default_factory=list)
    triples: int = 0
    messages: list[str] = field(default_factory=list)


class Pipeline:
    """Carry articles from source files into a store, rejecting any that fail validation."""

    def __init__(self, base_uri: str, store: Store | None = None) -> None:
        self.uris = URIs(base_uri)
        self.store = store
        registry = country_registry()
        self.builder = ArticleBuilder(self.uris.base, {c.iso2: c.name for c in registry})
        self.validator = Validator()
        self._known_countries = {self.uris.country(c.iso2) for c in registry}

    def run(self, paths: Iterable[str | Path]) -> Iterator[Outcome]:
        """Process every supported file under the paths, yielding one outcome per article."""
        if self.store is not None:
            load_reference_graphs(self.store, self.uris)
        for path in paths:
            try:
                for item in read_documents(path):
                    yield self._process(item)
            except InputError as error:
                yield Outcome(error.path, "unreadable", messages=[error.problem])

    def _process(self, item: Document | RdfSource) -> Outcome:
        try:
            if isinstance(item, RdfSource):
                graphs = self._read_rdf(item)
                article = None
            else:
                built = self.builder.build(extract(item))
                graphs = {built.graph_name: built.graph}
                article = built.article
        except InputError as error:
            return Outcome(error.path, "unreadable", messages=[error.problem])
        report = self.validate(graphs.values())
        outcome = Outcome(item.source, "valid", article, sorted(graphs),
                          sum(len(g) for g in graphs.values()), report.format_lines())
        if not report.conforms:
            outcome.status = "rejected"
        elif self.store is not None:
            self.store.replace_graphs({name: oxigraph_triples(g) for name, g in graphs.items()})
            outcome.status = "stored"
        return outcome

    def validate(self, graphs: Iterable[Graph]) -> ValidationReport:
        """Validate graphs together with the reference triples of the countries they link to.

        Countries live in the reference graph (DESIGN.md): a link to a known code meets its
        country's description here, and a link to an unknown one fails sh:class kg:Country.
        """
        data = Graph()
        for graph in graphs:
            data += graph
        linked = {str(n).rsplit("/", 1)[1] for n in set(data.objects()) | set(data.subjects())
                  if isinstance(n, URIRef) and str(n) in self._known_countries}
        if linked:
            data += reference_graph(self.uris.base, sorted(linked))
        return self.validator.validate(data)

    def _read_rdf(self, source: RdfSource) -> dict[str, Graph]:
        """Parse an RDF file into named graphs; triples outside any graph get one of their own."""
        rdflib_format = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                         "jsonld": "json-ld", "rdf": "xml"}[source.format]
        own_graph = self.uris.source_graph(source.path.stem)
        graphs: dict[str, Graph] = {}
        try:
            data = source.path.read_bytes()
            if source.format in ("nq", "trig"):
                dataset = Dataset()
                with warnings.catch_warnings():  # rdflib's quad parsers call deprecated API
                    warnings.simplefilter("ignore", DeprecationWarning)
                    dataset.parse(data=data, format=rdflib_format, publicID=self.uris.base)
                default = str(dataset.default_graph.identifier)
                for context in dataset.graphs():
                    if len(context):
                        name = str(context.identifier)
                        target = graphs.setdefault(own_graph if name == default else name, Graph())
                        target += context
            else:
                graph = Graph().parse(data=data, format=rdflib_format, publicID=self.uris.base)
                if len(graph):
                    graphs[own_graph] = graph
        except Exception as error:  # rdflib's parsers raise many unrelated types
            raise InputError(source.source, f"invalid {source.format}: {error}") from error
        if not graphs:
            raise InputError(source.source, "no triples")
        return graphs


def load_reference_graphs(store: Store, uris: URIs, *, force: bool = False) -> None:
    """Load the countries and the vocabulary into their graphs, once per store."""
    wanted = {uris.graph("countries"): lambda: reference_graph(uris.base),
              uris.graph("vocab"): ontology_graph}
    missing = {name: make for name, make in wanted.items() if force or not store.has_graph(name)}
    if missing:
        store.replace_graphs({name: oxigraph_triples(make()) for name, make in missing.items()})
