"""The pipeline: read → extract → build RDF → validate with SHACL → store, article by article.

Articles are checked in batches (one SHACL run over many articles' graphs, which costs far less
than one run each) by worker processes, and stored in batches by the one process that owns the
store: each article lands whole or not at all, and a batch lands in one transaction.
"""

from __future__ import annotations

import multiprocessing
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib import Literal as RdfLiteral

from kg.countries import country_registry, reference_graph
from kg.errors import InputError, UsageError
from kg.extract import extract
from kg.formats import rdf_format
from kg.model import Document
from kg.namespaces import META_GRAPH
from kg.pipeline import Engine
from kg.pipeline.build import ArticleBuilder, oxigraph_triples
from kg.pipeline.resources import ontology_graph
from kg.pipeline.shared import drop_unlinked, linked_things
from kg.pipeline.validate import ValidationReport, ValidationResult, Validator
from kg.publish.changes import record_changes
from kg.publish.history import keep_versions
from kg.publish.reports import record_reports
from kg.search import SearchIndex
from kg.sources import RdfSource, find_source_files, read_source
from kg.store import Store, sparql_iri
from kg.uris import URIs

Status = Literal["stored", "valid", "rejected", "unreadable"]
FILES_PER_TASK = 32
FLUSH_EVERY = 20_000  # triples written between two flushes of the store


@dataclass
class Outcome:
    """What happened to one article (or one RDF file) of the input."""

    source: str
    status: Status
    article: str | None = None
    graph_names: list[str] = field(default_factory=list)
    triples: int = 0
    messages: list[str] = field(default_factory=list)
    results: list[ValidationResult] = field(default_factory=list)  # kept (kg.publish.reports)


@dataclass
class Checked:
    """An article checked by a worker: its outcome and, when valid, its graphs as N-Triples."""

    outcome: Outcome
    graphs: dict[str, bytes] = field(default_factory=dict)


@dataclass
class _Candidate:
    source: str
    article: str | None
    graphs: dict[str, Graph]
    report: ValidationReport | None = None


class Pipeline:
    """Carry articles from source files into a store, rejecting any that fail validation."""

    def __init__(self, base_uri: str, store: Store | None = None, *, jobs: int = 1,
                 engine: Engine = "turbo", search: SearchIndex | None = None) -> None:
        self.uris = URIs(base_uri)
        self.store = store
        # The index beside the store's folder, which a store served by `kg serve` is not.
        self.search = search or (SearchIndex.beside(store) if store is not None else None)
        self.jobs = max(1, jobs)
        registry = country_registry()
        self.builder = ArticleBuilder(self.uris.base, {c.iso2: c.name for c in registry})
        # Countries live in the reference graph (DESIGN.md): the validator copies in the
        # description of each one an article links to, so a link to an unknown code fails.
        self.validator = Validator(reference=reference_graph(self.uris.base), engine=engine)

    def run(self, paths: Iterable[str | Path]) -> Iterator[Outcome]:
        """Process every supported file under the paths, yielding one outcome per article."""
        if self.store is not None:
            load_reference_graphs(self.store, self.uris)
        files: list[Path] = []
        for path in paths:
            try:
                files += find_source_files(path)
            except InputError as error:
                yield Outcome(error.path, "unreadable", messages=[error.problem])
        tasks = [files[i:i + FILES_PER_TASK] for i in range(0, len(files), FILES_PER_TASK)]
        if self.jobs == 1 or len(tasks) < 2:
            yield from self._store_all(map(self.check_files, tasks))
            return
        # Workers start from a clean server process, not a fork of this one: forking a process
        # that holds an open RocksDB store (and its threads) is not safe.
        context = multiprocessing.get_context(
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
        with context.Pool(min(self.jobs, len(tasks)), initializer=_start_worker,
                          initargs=(self.uris.base, self.validator.engine)) as pool:
            yield from self._store_all(pool.imap(_check_in_worker, tasks))

    def _store_all(self, batches: Iterable[list[Checked]]) -> Iterator[Outcome]:
        """Store each batch's valid articles in one transaction, in input order."""
        unflushed = 0
        for batch in batches:
            valid = [c for c in batch if c.outcome.status == "valid"]
            if self.store is not None and valid:
                graphs = {name: [q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)]
                          for checked in valid for name, data in checked.graphs.items()}
                keep_versions(self.store, self.uris.base, list(graphs))
                # An article that no longer names an expert may leave it unnamed by all.
                linked = linked_things(self.store, self.uris, graphs)
                self.store.replace_graphs(graphs)
                dropped = drop_unlinked(self.store, self.uris, linked)
                record_changes(self.store, {
                    name: f"{checked.outcome.source}: {checked.outcome.article or name} stored"
                    for checked in valid for name in checked.graphs})
                record_changes(self.store, {name: "no article names it any more"
                                            for name in dropped}, deleted=True)
                if self.search is not None:
                    self.search.refresh_graphs(self.store, graphs)
                for checked in valid:
                    checked.outcome.status = "stored"
                # The embedded store keeps writes in memory until flushed: flushing every so
                # many triples bounds ingest memory by a batch, not by the corpus.
                unflushed += sum(c.outcome.triples for c in valid)
                if unflushed >= FLUSH_EVERY:
                    self.store.flush()
                    unflushed = 0
            if self.store is not None:
                record_reports(self.store, [  # an RDF file's report is about its first graph
                    (c.outcome.source, c.outcome.article or next(iter(c.outcome.graph_names), None),
                     c.outcome.status == "stored", c.outcome.results) for c in batch])
            yield from (c.outcome for c in batch)

    def check_files(self, files: list[Path]) -> list[Checked]:
        """Read, extract, build and validate the articles of some files, as one batch."""
        checked: list[Checked] = []
        candidates: list[_Candidate] = []
        for file in files:
            try:
                items = read_source(file)
            except InputError as error:
                checked.append(Checked(Outcome(error.path, "unreadable",
                                               messages=[error.problem])))
                continue
            for item in items:
                try:
                    candidates.append(self._build(item))
                except InputError as error:
                    checked.append(Checked(Outcome(error.path, "unreadable",
                                                   messages=[error.problem])))
        self._validate_batch(candidates)
        for candidate in candidates:
            assert candidate.report is not None
            outcome = Outcome(candidate.source,
                              "valid" if candidate.report.conforms else "rejected",
                              candidate.article, sorted(candidate.graphs),
                              sum(len(g) for g in candidate.graphs.values()),
                              candidate.report.format_lines(), candidate.report.results)
            graphs = {name: ntriples(g) for name, g in candidate.graphs.items()
                      } if candidate.report.conforms else {}
            checked.append(Checked(outcome, graphs))
        return checked

    def _build(self, item: Document | RdfSource) -> _Candidate:
        if isinstance(item, RdfSource):
            return _Candidate(item.source, None, self._read_rdf(item))
        built = self.builder.build(extract(item))
        return _Candidate(item.source, built.article, built.graphs)

    def _validate_batch(self, candidates: list[_Candidate]) -> None:
        """Validate built articles together, and alone only where that fails or is unsound.

        One SHACL run over many article graphs judges each as a run over it alone would:
        ArticleBuilder describes every node it mentions completely (type, name or headline),
        so no article can borrow from another what a shape requires, and a conflict between
        two (say, two headlines for one slug) fails the batch. A failed batch is validated
        article by article, so a rejection names the article that caused it. RDF files can
        say anything, so each is validated alone.
        """
        batch = [c for c in candidates if c.article is not None]
        alone = [c for c in candidates if c.article is None]
        if len(batch) > 1:
            report = self.validate(g for c in batch for g in c.graphs.values())
            if report.conforms:
                for candidate in batch:
                    nodes = {n for g in candidate.graphs.values() for t in g for n in t}
                    candidate.report = ValidationReport(
                        [r for r in report.results if r.focus_node in nodes])
            else:
                alone += batch
        else:
            alone += batch
        for candidate in alone:
            candidate.report = self.validate(candidate.graphs.values())

    def validate(self, graphs: Iterable[Graph]) -> ValidationReport:
        """Validate graphs together, with the reference descriptions of the countries they link."""
        return self.validator.validate(*graphs)

    def _read_rdf(self, source: RdfSource) -> dict[str, Graph]:
        """Parse an RDF file into named graphs; triples outside any graph get one of their own."""
        rdflib_format = rdf_format(source.format).rdflib
        own_graph = self.uris.source_graph(source.path.stem)
        graphs: dict[str, Graph] = {}
        try:
            data = source.path.read_bytes()
            # rdflib's quad and JSON-LD parsers call its own deprecated API (ConjunctiveGraph):
            # a warning of theirs is no reason to reject a file.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                if source.format in ("nq", "trig"):
                    dataset = Dataset()
                    dataset.parse(data=data, format=rdflib_format, publicID=self.uris.base)
                    default = str(dataset.default_graph.identifier)
                    for context in dataset.graphs():
                        if len(context):
                            name = str(context.identifier)
                            key = own_graph if name == default else name
                            target = graphs.setdefault(key, Graph())
                            target += context
                else:
                    graph = Graph().parse(data=data, format=rdflib_format,
                                          publicID=self.uris.base)
                    if len(graph):
                        graphs[own_graph] = graph
        except Exception as error:  # rdflib's parsers raise many unrelated types
            raise InputError(source.source, f"invalid {source.format}: {error}") from error
        if not graphs:
            raise InputError(source.source, "no triples")
        reserved = {self.uris.graph("countries"), self.uris.graph("vocab"), META_GRAPH}
        if taken := sorted(reserved & graphs.keys()):
            raise InputError(source.source, f"graph <{taken[0]}> is stancegraph's own; "
                                            "an input file cannot write it")
        for name, graph in graphs.items():
            # An ill-typed literal ("Senegal"^^xsd:integer) sent pyshacl's value comparisons
            # into endless recursion: refuse it here, naming it (found by fuzzing).
            if bad := next((o for o in graph.objects() if isinstance(o, RdfLiteral)
                            and o.ill_typed), None):
                raise InputError(source.source, f"ill-typed literal {bad.n3()[:200]}")
            try:  # Oxigraph's IRI rules are stricter than rdflib's: check before storing
                sparql_iri(name)
                oxigraph_triples(graph)
            except (ValueError, UsageError) as error:
                raise InputError(source.source, f"not storable RDF: {error}") from error
        return graphs


def load_reference_graphs(store: Store, uris: URIs, *, force: bool = False) -> None:
    """Load the countries and the vocabulary into their graphs, once per store."""
    wanted: dict[str, Callable[[], Graph]] = {
        uris.graph("countries"): lambda: reference_graph(uris.base),
        uris.graph("vocab"): ontology_graph}
    missing = {name: make for name, make in wanted.items() if force or not store.has_graph(name)}
    if missing:
        store.replace_graphs({name: oxigraph_triples(make()) for name, make in missing.items()})
        record_changes(store, {name: "reference graph loaded" for name in missing})


def ntriples(graph: Graph) -> bytes:
    """Serialize a graph as N-Triples with Oxigraph's writer, to pass between processes."""
    data = ox.serialize(oxigraph_triples(graph), format=ox.RdfFormat.N_TRIPLES)
    assert data is not None  # serialize returns the bytes when given no output
    return data


_worker: Pipeline | None = None


def _start_worker(base_uri: str, engine: Engine) -> None:
    """Give a worker process its own pipeline: shapes parsed once per process."""
    global _worker
    _worker = Pipeline(base_uri, None, engine=engine)


def _check_in_worker(files: list[Path]) -> list[Checked]:
    """Check one batch of files in a worker process."""
    assert _worker is not None
    return _worker.check_files(files)
