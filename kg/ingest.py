"""The pipeline: read → extract → build RDF → validate with SHACL → store, one article at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from kg.build import ArticleBuilder, oxigraph_triples
from kg.countries import country_registry, reference_graph
from kg.errors import InputError
from kg.extract import extract
from kg.formats import format_for_suffix
from kg.model import Document
from kg.namespaces import KG
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
        """Validate graphs together, typing linked countries as the reference graph does."""
        data = Graph()
        for graph in graphs:
            data += graph
        # Countries live in the reference graph; type the ones linked here (DESIGN.md) so
        # sh:class kg:Country holds for known codes and fails for unknown ones.
        for node in set(data.objects()) | set(data.subjects()):
            if isinstance(node, URIRef) and str(node) in self._known_countries:
                data.add((node, RDF.type, KG.Country))
        return self.validator.validate(data)

    def _read_rdf(self, source: RdfSource) -> dict[str, Graph]:
        """Parse an RDF file into named graphs; triples outside any graph get one of their own."""
        fmt = format_for_suffix(source.path.suffix)
        if fmt is None:
            raise InputError(source.source, f"unsupported RDF suffix {source.path.suffix}")
        dataset = Dataset()
        rdflib_format = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                         "jsonld": "json-ld", "rdf": "xml"}[fmt.name]
        try:
            dataset.parse(source.path, format=rdflib_format, publicID=self.uris.base)
        except Exception as error:  # rdflib's parsers raise many unrelated types
            raise InputError(source.source, f"invalid {fmt.name}: {error}") from error
        graphs: dict[str, Graph] = {}
        for context in dataset.graphs():
            if len(context) == 0:
                continue
            name = str(context.identifier)
            if name == str(dataset.default_graph.identifier) or not name.startswith("http"):
                name = self.uris.source_graph(source.path.stem)
            graphs.setdefault(name, Graph())
            graphs[name] += context
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
