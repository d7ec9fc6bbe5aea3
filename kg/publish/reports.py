"""Validation reports, kept: each ingest's SHACL results for an article, as SHACL's own RDF.

A report is an `sh:ValidationReport` (SHACL §3.6, https://www.w3.org/TR/shacl/#validation-report)
with `sh:conforms`, its `sh:result`s (severity, focus node, path, message, source shape, value),
the source file (`dcterms:source`), the article (`dcterms:subject`), whether it was stored
(`schema:actionStatus`: completed when stored, failed when rejected) and when
(`prov:generatedAtTime`). Reports live in the store's meta graph, out of every dump,
and only where there is something to say: a warning for a stored article, a violation for a
rejected one. An article's newer report replaces its older one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox

from kg.namespaces import DCTERMS, META_GRAPH, PROV, RDF, SCHEMA, SH, XSD
from kg.store import Store, sparql_iri
from kg.store.results import integer


class Result(Protocol):
    """What a report keeps of one SHACL result (kg.pipeline.validate.ValidationResult)."""

    @property
    def severity(self) -> str: ...
    @property
    def focus_node(self) -> object: ...
    @property
    def result_path(self) -> object | None: ...
    @property
    def message(self) -> str: ...
    @property
    def source_shape(self) -> object: ...
    @property
    def value(self) -> object | None: ...


_STORED, _REJECTED = SCHEMA.CompletedActionStatus, SCHEMA.FailedActionStatus


@dataclass(frozen=True)
class ArticleReport:
    """One article's kept report: where it came from, whether it was stored, what was found."""

    report: str
    article: str
    source: str
    stored: bool
    violations: int
    warnings: int


@dataclass(frozen=True)
class ShapeCount:
    """How many results one shape gave at one severity, over every kept report."""

    shape: str
    severity: str
    results: int


def _term(node: object) -> str:
    return str(node.n3()) if hasattr(node, "n3") else str(ox.Literal(str(node)))


def record_reports(store: Store, checked: Iterable[tuple[str, str | None, bool,
                                                         Sequence[Result]]]) -> int:
    """Keep the reports of checked articles (source, article, stored?, results) that say
    something; return how many were kept."""
    now = datetime.datetime.now(datetime.UTC)
    stamp = now.strftime("%Y%m%dT%H%M%S%f")
    lines, articles = [], []
    for n, (source, article, stored, results) in enumerate(checked):
        if not results or article is None:
            continue
        articles.append(article)
        report = sparql_iri(f"urn:stancegraph:report:{stamp}-{n}")
        lines.append(
            f"{report} <{RDF.type}> <{SH.ValidationReport}> ; <{SH.conforms}> "
            f'"{str(stored).lower()}"^^<{XSD.boolean}> ; <{DCTERMS.source}> '
            f"{ox.Literal(source)} ; <{DCTERMS.subject}> {sparql_iri(article)} ; "
            f"<{SCHEMA.actionStatus}> <{_STORED if stored else _REJECTED}> ; "
            f'<{PROV.generatedAtTime}> "{now.isoformat()}"^^<{XSD.dateTime}> .')
        for m, result in enumerate(results):
            node = sparql_iri(f"urn:stancegraph:report:{stamp}-{n}-{m}")
            parts = [f"{node} <{RDF.type}> <{SH.ValidationResult}>",
                     f"<{SH.resultSeverity}> <{SH[result.severity]}>",
                     f"<{SH.focusNode}> {_term(result.focus_node)}",
                     f"<{SH.resultMessage}> {ox.Literal(result.message)}",
                     f"<{SH.sourceShape}> {_term(result.source_shape)}"]
            if result.result_path is not None:
                parts.append(f"<{SH.resultPath}> {_term(result.result_path)}")
            if result.value is not None:
                parts.append(f"<{SH.value}> {_term(result.value)}")
            lines.append(" ; ".join(parts) + f" .\n{report} <{SH.result}> {node} .")
    if not lines:
        return 0
    values = " ".join(sparql_iri(a) for a in articles)
    store.update(
        f"DELETE {{ GRAPH <{META_GRAPH}> {{ ?r ?p ?o . ?x ?q ?y }} }} WHERE {{ VALUES ?a "
        f"{{ {values} }} GRAPH <{META_GRAPH}> {{ ?r a <{SH.ValidationReport}> ; "
        f"<{DCTERMS.subject}> ?a ; ?p ?o OPTIONAL {{ ?r <{SH.result}> ?x . ?x ?q ?y }} }} }} ;\n"
        f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{\n" + "\n".join(lines) + "\n} }")
    return len(articles)


def article_reports(store: Store, article: str | None = None) -> list[ArticleReport]:
    """List the kept reports (of one article, or all), with their counts, by source."""
    only = f"VALUES ?a {{ {sparql_iri(article)} }} " if article else ""
    rows = store.select(
        f"SELECT ?r ?a ?source ?status (SUM(IF(?sev = <{SH.Violation}>, 1, 0)) AS ?v) "
        f"(SUM(IF(?sev = <{SH.Warning}>, 1, 0)) AS ?w) WHERE {{ {only}GRAPH <{META_GRAPH}> "
        f"{{ ?r a <{SH.ValidationReport}> ; <{DCTERMS.subject}> ?a ; <{DCTERMS.source}> ?source ;"
        f" <{SCHEMA.actionStatus}> ?status ; <{SH.result}> ?x . ?x <{SH.resultSeverity}> ?sev "
        f"}} }} GROUP BY ?r ?a ?source ?status ORDER BY ?source")
    return [ArticleReport(r["r"].value, r["a"].value, r["source"].value,
                          r["status"].value == str(_STORED), integer(r, "v"), integer(r, "w"))
            for r in rows]


def shape_counts(store: Store) -> list[ShapeCount]:
    """Count the kept results per shape and severity, most first."""
    rows = store.select(
        f"SELECT ?shape ?sev (COUNT(?x) AS ?n) WHERE {{ GRAPH <{META_GRAPH}> {{ "
        f"?r a <{SH.ValidationReport}> ; <{SH.result}> ?x . ?x <{SH.sourceShape}> ?shape ; "
        f"<{SH.resultSeverity}> ?sev }} }} GROUP BY ?shape ?sev ORDER BY DESC(?n) ?shape")
    return [ShapeCount(str(r["shape"].value) if isinstance(r["shape"], ox.NamedNode)
                       else "(a blank-node shape)", r["sev"].value.rsplit("#", 1)[1],
                       integer(r, "n")) for r in rows]


def report_triples(store: Store) -> list[ox.Triple]:
    """Return every kept report as RDF (the reports and their results)."""
    found = store.construct(
        f"CONSTRUCT {{ ?r ?p ?o . ?x ?q ?y }} WHERE {{ GRAPH <{META_GRAPH}> {{ "
        f"?r a <{SH.ValidationReport}> ; ?p ?o OPTIONAL {{ ?r <{SH.result}> ?x . ?x ?q ?y }} }} }}")
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class KeptResult:
    """One kept SHACL result of an article's report, for reading."""

    severity: str
    focus: str
    message: str
    shape: str


def article_results(store: Store, article: str) -> list[KeptResult]:
    """List the results of an article's kept report, violations first."""
    rows = store.select(
        f"SELECT ?sev ?focus ?message ?shape WHERE {{ GRAPH <{META_GRAPH}> {{ "
        f"?r a <{SH.ValidationReport}> ; <{DCTERMS.subject}> {sparql_iri(article)} ; "
        f"<{SH.result}> ?x . ?x <{SH.resultSeverity}> ?sev ; <{SH.focusNode}> ?focus ; "
        f"<{SH.resultMessage}> ?message ; <{SH.sourceShape}> ?shape }} }} "
        f"ORDER BY ?sev ?focus ?message")
    return [KeptResult(r["sev"].value.rsplit("#", 1)[1], str(r["focus"].value),
                       r["message"].value, str(r["shape"].value)) for r in rows]
