"""A runner for the W3C SHACL test suite (core + SPARQL), to compare SHACL engines.

The suite (https://github.com/w3c/data-shapes, data-shapes-test-suite/tests; a copy in
shared/w3c/shacl) lists its cases in manifests: each `sht:Validate` entry names a data graph
and a shapes graph (usually the file itself) and either the expected `sh:ValidationReport` or
`sht:Failure` (the engine must refuse the shapes). A case passes when the engine's report has
the expected results, each read as (focus node, path, constraint component, severity), and so
the expected conforms value (SHACL §3.6.1: it conforms when there is no result).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespaces import RDF, SH

SHARED = Path(__file__).resolve().parents[2] / "shared"
SHACL_MANIFEST = SHARED / "w3c" / "shacl" / "manifest.ttl"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

# A path as a value: an IRI, or ("inverse" | "alternative" | "zeroOrMore" | …, parts), or a
# tuple for a sequence (SHACL §2.3.1).
Path_ = object
Result = tuple[Node, Path_, Node | None, Node | None]  # focus, path, component, severity


@dataclass(frozen=True)
class ShaclCase:
    """One sht:Validate entry: where its graphs are and what it expects."""

    name: str  # the file and entry, relative to the suite, e.g. core/node/class-001
    file: Path
    parsed: Graph  # the file: often data graph, shapes graph and expected report at once
    data_file: Path
    shapes_file: Path
    failure: bool  # the engine must refuse the shapes (sht:Failure)
    expected: frozenset[Result]


def _files(manifest: Path) -> Iterator[Path]:
    """Yield the test files a manifest includes, following nested manifests."""
    graph = Graph().parse(manifest, format="turtle")
    for included in sorted(graph.objects(None, MF.include), key=str):
        path = Path(str(included).removeprefix("file://"))
        if path.name == "manifest.ttl":
            yield from _files(path)
        else:
            yield path


def load_cases(manifest: Path = SHACL_MANIFEST) -> list[ShaclCase]:
    """Read every sht:Validate case of the suite."""
    root = manifest.parent
    cases = []
    for file in _files(manifest):
        graph = _parse(file)
        for entry in graph.subjects(RDF.type, SHT.Validate):
            action = graph.value(entry, MF.action)
            result = graph.value(entry, MF.result)
            data_file = Path(str(graph.value(action, SHT.dataGraph)).removeprefix("file://"))
            shapes_file = Path(str(graph.value(action, SHT.shapesGraph)).removeprefix("file://"))
            name = str(entry).removeprefix("file://").removeprefix(str(root) + "/")
            failure = result == SHT.Failure
            expected = frozenset() if failure else results(graph, graph, under=result)
            cases.append(ShaclCase(name, file, graph, data_file, shapes_file, failure,
                                   expected))
    return sorted(cases, key=lambda case: case.name)


def case_graphs(case: ShaclCase) -> tuple[Graph, Graph]:
    """Return the case's (data, shapes) graphs: the file's own parse where they are the file.

    One parse keeps the blank nodes of the data and of the expected report the same nodes.
    """
    def parse(file: Path) -> Graph:
        return case.parsed if file == case.file else _parse(file)
    return parse(case.data_file), parse(case.shapes_file)


def _parse(file: Path) -> Graph:
    """Parse a suite file; rdflib warns of the ill-typed literals some cases are about."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Graph().parse(file, format="turtle")


def results(report: Graph, paths: Graph, *, under: Node | None = None) -> frozenset[Result]:
    """Read (focus, path, component, severity) of the sh:result nodes of a report.

    `under` limits them to one report node (a test file holds the expected report beside the
    data). Paths that are blank nodes are read as their structure, from `paths`.
    """
    found = set()
    for holder, result in report.subject_objects(SH.result):
        if under is not None and holder != under:
            continue
        path = report.value(result, SH.resultPath)
        found.add((report.value(result, SH.focusNode),
                   path_value(report if (path, None, None) in report else paths, path),
                   report.value(result, SH.sourceConstraintComponent),
                   report.value(result, SH.resultSeverity)))
    return frozenset(found)


def path_value(graph: Graph, path: Node | None) -> Path_:
    """Read a SHACL property path (SHACL §2.3.1) as a comparable value."""
    if not isinstance(path, BNode):
        return path
    if (path, RDF.first, None) in graph:
        return tuple(path_value(graph, item) for item in Collection(graph, path))
    for kind in (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath,
                 SH.zeroOrOnePath):
        if (inner := graph.value(path, kind)) is not None:
            return (str(kind), path_value(graph, inner))
    return path

