"""Check article graphs against the SHACL shapes and report each problem as one readable line.

Build one `Validator` per process (it parses the shapes and the vocabulary once) and call
`validate(graph)` for each article: the report's `conforms` decides whether the article is
stored, and `format_lines()` tells the user why it was not.

Two engines read the same shapes: pyshacl-turbo (a Rust engine with pySHACL's API; the default,
about ten times faster here) and pySHACL, the reference. tests/test_shacl_engines.py checks
that they agree.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import pyshacl
import pyshacl_turbo
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg.namespaces import PREFIXES, SH
from kg.pipeline import ENGINES, Engine
from kg.pipeline.resources import ontology_graph, shapes_graph

# The severities of SHACL §2.1.4 by local name; other IRIs are shown as they are.
_SEVERITIES: dict[Node, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
_VALUE_WIDTH = 60


@dataclass(frozen=True)
class ValidationResult:
    """One sh:ValidationResult (SHACL §3.6.2), with the terms as they stand in the report."""

    severity: str  # "Violation", "Warning" or "Info"
    focus_node: Node
    result_path: Node | None
    message: str
    source_shape: Node
    value: Node | None = None
    component: Node | None = None  # sh:sourceConstraintComponent

    def format_line(self, namespaces: NamespaceManager) -> str:
        """Render as "<severity>: <focus> <path>: <message>", with prefixed names where known."""
        where = _term_text(self.focus_node, namespaces, shorten=False)
        if self.result_path is not None:
            where += " " + _term_text(self.result_path, namespaces)
        line = f"{self.severity}: {where}: {self.message}"
        if self.value is not None and self.value != self.focus_node:
            line += f" [value: {_term_text(self.value, namespaces)}]"
        return line


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one graph: it conforms unless a result is a sh:Violation."""

    results: list[ValidationResult]
    graph: Graph | None = field(default=None, compare=False, repr=False)  # the SHACL report

    @property
    def conforms(self) -> bool:
        """Say whether the graph may be stored: warnings and infos do not prevent it."""
        return not self.violations

    @property
    def violations(self) -> list[ValidationResult]:
        """List the results that reject the graph."""
        return [result for result in self.results if result.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        """List the results worth a look that do not reject the graph."""
        return [result for result in self.results if result.severity == "Warning"]

    def format_lines(self) -> list[str]:
        """Render one readable line per result, violations first."""
        namespaces = _namespaces()
        return [result.format_line(namespaces) for result in self.results]


class Validator:
    """Validate many graphs against the shapes and vocabulary parsed once per process.

    `sh:class` is checked through the `rdf:type` triples of the validated graph, but the
    countries an article links to (schema:mentions, kg:holder, kg:target, schema:affiliation)
    are described in the reference graph, not in the article's graph. Pass the reference graph
    as `reference`: before each validation the validator copies in the description (every
    triple with it as subject) of each IRI the data links to and the reference describes, so
    the links are checked and so are the linked countries. Without `reference`, the caller
    must add those descriptions to the data itself: a bare `<country> a kg:Country` satisfies
    the links but fails kgsh:CountryShape (ISO codes, name).
    """

    def __init__(self, reference: Graph | None = None, *, engine: Engine = "turbo",
                 shapes: Graph | None = None, ontology: Graph | None = None) -> None:
        if engine not in ENGINES:
            raise ValueError(f"unknown SHACL engine {engine!r}: choose one of {ENGINES}")
        # A copy: pyshacl adds RDFS axioms to the shapes graph it is given, and the cached one
        # is shared with whoever serves the shapes. Other shapes and vocabularies than the
        # shipped ones are for testing the engines (the W3C SHACL suite).
        self._shapes = Graph()
        self._shapes += shapes_graph() if shapes is None else shapes
        self._ontology = ontology_graph() if ontology is None else ontology
        self._reference = reference
        self.engine = engine
        # advanced=True enables the SPARQL-based constraints (SHACL §5); compiled once.
        self._compiled = (pyshacl_turbo.CompiledShapes(self._shapes, advanced=True)
                          if engine == "turbo" else None)

    def validate(self, *graphs: Graph) -> ValidationReport:
        """Check graphs (e.g. one article's, or a batch's) together; they are left unchanged."""
        linked: set[URIRef] = set()
        if self._reference is not None:
            linked = {o for graph in graphs for o in graph.objects() if isinstance(o, URIRef)}
        described = [self._reference.triples((node, None, None)) for node in linked
                     ] if self._reference is not None else []
        # The vocabulary joins the data so its rdfs:subClassOf triples reach sh:class and
        # sh:targetClass (SHACL §1.5 "SHACL instance"); no inference is needed. pyshacl mixes
        # its ont_graph into the data the same way; turbo's compiled shapes take no ont_graph.
        working = _PreparedQueryGraph() if self._compiled is None else Graph()
        for graph in graphs:
            working += graph
        for triples in described:
            working.addN((s, p, o, working) for s, p, o in triples)
        if self._compiled is not None:
            # rdflib input, not an Oxigraph store: turbo 0.6.5 reads a store's plain literals
            # apart from the same literals in rdflib shapes (W3C core/property/in-001 fails).
            working += self._ontology
            _, report_graph, _ = self._compiled.validate(working, allow_warnings=True)
        else:
            # advanced=True enables the SPARQL-based constraints (SHACL §5); inplace=True:
            # `working` is our copy.
            _, report_graph, _ = pyshacl.validate(
                working,
                shacl_graph=self._shapes,
                ont_graph=self._ontology,
                inference="none",
                advanced=True,
                inplace=True,
                allow_warnings=True,
            )
        assert isinstance(report_graph, Graph)  # both return text only when asked to
        return ValidationReport(results=_read_results(report_graph), graph=report_graph)


class _PreparedQueryGraph(Graph):
    """A graph that parses each SPARQL query text once per process.

    pyshacl hands a SPARQL-based constraint to `query()` as text once per focus node, and
    rdflib takes 20-60 ms to parse it: several times the cost of checking the stance itself.
    """

    def query(self, query_object: str | Query, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """Run the query, parsing its text only the first time it is seen."""
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.lru_cache(maxsize=64)
def _prepared(text: str) -> Query:
    """Parse a SPARQL query once; rdflib evaluates a prepared query without changing it."""
    return prepareQuery(text)


def _read_results(report: Graph) -> list[ValidationResult]:
    """Read the sh:result nodes of a validation report (SHACL §3.6), dropping exact repeats.

    A property shape shared by two node shapes (the headline of any article and of a full
    article) reports the same problem once per node shape; one line is enough.
    """
    results: set[ValidationResult] = set()
    for node in report.objects(None, SH.result):
        severity = report.value(node, SH.resultSeverity)
        focus = report.value(node, SH.focusNode)
        shape = report.value(node, SH.sourceShape)
        # SHACL §3.6.2: every result has exactly one focus node, source shape and severity.
        assert focus is not None and shape is not None and severity is not None
        results.add(
            ValidationResult(
                severity=_SEVERITIES.get(severity, str(severity)),
                focus_node=focus,
                result_path=report.value(node, SH.resultPath),
                message=_message(report, node),
                source_shape=shape,
                value=report.value(node, SH.value),
                component=report.value(node, SH.sourceConstraintComponent),
            )
        )
    # Results come from a set: sort on every field so the same graph gives the same lines.
    return sorted(
        results,
        key=lambda r: (
            _SEVERITY_ORDER.get(r.severity, len(_SEVERITY_ORDER)),
            *(str(term) for term in (r.focus_node, r.result_path, r.source_shape)),
            r.message,
            str(r.value),
        ),
    )


def _message(report: Graph, result: Node) -> str:
    """Pick the English (or else any) sh:resultMessage of a result."""
    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    for message in messages:
        if message.language in (None, "en"):
            return str(message)
    return str(messages[0]) if messages else "(no message)"


@functools.cache
def _namespaces() -> NamespaceManager:
    """Prefixes for report lines: the project's, plus kgsh: of the shapes."""
    manager = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
    for prefix, namespace in shapes_graph().namespaces():
        manager.bind(prefix, namespace, replace=True)
    for prefix, iri in PREFIXES.items():
        manager.bind(prefix, iri, replace=True)
    return manager


def _term_text(term: Node, namespaces: NamespaceManager, *, shorten: bool = True) -> str:
    """Write a term compactly: prefixed names where known, long literals cut to a readable width."""
    if isinstance(term, URIRef):
        return namespaces.normalizeUri(term) if shorten else term.n3()
    if isinstance(term, Literal):
        text = str(term)
        if len(text) > _VALUE_WIDTH:
            text = text[: _VALUE_WIDTH - 1] + "…"
        return Literal(text, lang=term.language, datatype=term.datatype).n3(namespaces)
    if isinstance(term, BNode):
        return "[]"
    return str(term)
