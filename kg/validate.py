"""Check article graphs against the SHACL shapes and report each problem as one readable line.

    validator = Validator(reference=countries_graph)   # parses shapes and vocabulary once
    report = validator.validate(article_graph)
    if not report.conforms:
        print("\\n".join(report.format_lines()))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from kg.namespaces import PREFIXES, SH
from kg.resources import ontology_graph, shapes_graph

# Severity IRIs of SHACL §3.4.1 (sh:Violation, sh:Warning, sh:Info) by local name.
_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
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

    def format_line(self, namespaces: NamespaceManager) -> str:
        """Render as "<severity>: <focus> <path>: <message>", compacting IRIs with known prefixes."""
        where = namespaces.normalizeUri(self.focus_node) if isinstance(
            self.focus_node, URIRef
        ) else self.focus_node.n3()
        if self.result_path is not None:
            where += " " + _term_text(self.result_path, namespaces)
        line = f"{self.severity}: {where}: {self.message}"
        if self.value is not None:
            line += f" [value: {_term_text(self.value, namespaces)}]"
        return line


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one graph; conforms unless some result is a sh:Violation."""

    results: list[ValidationResult]
    graph: Graph | None = field(default=None, compare=False, repr=False)

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
        namespaces = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
        for prefix, namespace in shapes_graph().namespaces():
            namespaces.bind(prefix, namespace, replace=True)
        for prefix, namespace in PREFIXES.items():
            namespaces.bind(prefix, namespace, replace=True)
        return [result.format_line(namespaces) for result in self.results]


class Validator:
    """Validate many graphs against the shapes and vocabulary parsed once per process.

    Shapes check `sh:class` through the `rdf:type` triples of the validated graph, and the
    countries an article links to (schema:mentions, kg:holder, kg:target, schema:affiliation)
    live in the reference graph, not in the article's graph. Give the reference graph as
    `reference`: before each validation the validator copies in the description (every triple
    with it as subject) of each IRI the data links to that the reference graph describes, so
    those links are checked and so are the linked countries. A caller without a reference
    graph must add the full description of each linked country to the data itself: a bare
    `<country> a kg:Country` satisfies the links but fails the country shape (ISO codes, name).
    """

    def __init__(self, reference: Graph | None = None) -> None:
        self._shapes = shapes_graph()
        self._ontology = ontology_graph()
        self._reference = reference

    def validate(self, data: Graph) -> ValidationReport:
        """Check one graph (e.g. an article's) against the shapes; `data` is left unchanged."""
        working = Graph()
        for triple in data:
            working.add(triple)
        if self._reference is not None:
            _add_descriptions(working, self._reference, _linked_iris(data))
        # The vocabulary goes in as ont_graph so its rdfs:subClassOf triples reach sh:class and
        # sh:targetClass (SHACL §2.1.3.3 "SHACL instance"); no inference is needed. advanced=True
        # enables the SPARQL-based constraints (SHACL §5). inplace=True: `working` is our copy.
        _, report_graph, _ = pyshacl.validate(
            working,
            shacl_graph=self._shapes,
            ont_graph=self._ontology,
            inference="none",
            advanced=True,
            inplace=True,
            allow_warnings=True,
        )
        assert isinstance(report_graph, Graph)
        return ValidationReport(results=_read_results(report_graph), graph=report_graph)


def _linked_iris(data: Graph) -> set[URIRef]:
    """Collect the IRIs that the graph's triples point to."""
    return {node for node in data.objects() if isinstance(node, URIRef)}


def _add_descriptions(target: Graph, reference: Graph, nodes: Iterable[URIRef]) -> None:
    """Copy into `target` every reference triple whose subject is one of `nodes`."""
    for node in nodes:
        for triple in reference.triples((node, None, None)):
            target.add(triple)


def _read_results(report: Graph) -> list[ValidationResult]:
    """Read the sh:result nodes of a validation report (SHACL §3.6), dropping exact repeats.

    A property shape shared by two node shapes (the headline of any article and of a full
    article) reports the same problem once per node shape; one line is enough.
    """
    results: set[ValidationResult] = set()
    for node in report.objects(None, SH.result):
        severity = report.value(node, SH.resultSeverity)
        results.add(
            ValidationResult(
                severity=_SEVERITIES.get(severity, str(severity)),
                focus_node=report.value(node, SH.focusNode),
                result_path=report.value(node, SH.resultPath),
                message=_message(report, node),
                source_shape=report.value(node, SH.sourceShape),
                value=report.value(node, SH.value),
            )
        )
    return sorted(
        results,
        key=lambda r: (_SEVERITY_ORDER.get(r.severity, 3), str(r.focus_node), str(r.result_path)),
    )


def _message(report: Graph, result: Node) -> str:
    """Pick the English (or else any) sh:resultMessage of a result."""
    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    for message in messages:
        if message.language in (None, "en"):
            return str(message)
    return str(messages[0]) if messages else "(no message)"


def _term_text(term: Node, namespaces: NamespaceManager) -> str:
    """Write a term compactly: prefixed IRIs, literals cut to a readable width."""
    if isinstance(term, URIRef):
        return namespaces.normalizeUri(term)
    if isinstance(term, Literal):
        text = str(term)
        if len(text) > _VALUE_WIDTH:
            text = text[: _VALUE_WIDTH - 1] + "…"
        return Literal(text, lang=term.language, datatype=term.datatype).n3(namespaces)
    if isinstance(term, BNode):
        return "[]"
    return str(term)
