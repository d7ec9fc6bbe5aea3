"""pyshacl-turbo, the default SHACL engine, judges as pySHACL, the reference engine, does.

Both engines read the same shapes (shapes/) through `kg.pipeline.validate.Validator`. They must
give the same conforms value and the same results, each read as (focus node, path, constraint
component, severity), on: every gold-set article (samples and tests/*/gold, the blind set
included: assertions name counts and indexes only, never a text), mutated article graphs (each
triple kind removed, retyped or repeated), the shapes' own violation fixtures, and the W3C SHACL
suite, where the cases an engine fails are listed below with the reason.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node
from shacl_w3c import ShaclCase, case_graphs, load_cases, results

from kg.countries import reference_graph
from kg.evaluate import find_gold_files, gold_document, load_gold
from kg.extract import extract
from kg.namespaces import RDF, SH, XSD
from kg.pipeline import ENGINES
from kg.pipeline.build import ArticleBuilder
from kg.pipeline.validate import ValidationReport, Validator

ROOT = Path(__file__).resolve().parents[1]
BASE = "http://localhost:5000/"
GOLD_SETS = [ROOT / "samples" / "gold", *sorted(ROOT.glob("tests/*/gold"))]
CASES = ROOT / "tests" / "shapes_cases"

Judgement = tuple[bool, frozenset[tuple[Node, Node | None, Node | None, str]]]


def judgement(report: ValidationReport) -> Judgement:
    """Reduce a report to what both engines must agree on."""
    return report.conforms, frozenset(
        (r.focus_node, r.result_path, r.component, r.severity) for r in report.results)


@pytest.fixture(scope="module")
def validators() -> dict[str, Validator]:
    """One validator per engine over the reference graph, as ingest builds them."""
    reference = reference_graph(BASE)
    return {engine: Validator(reference=reference, engine=engine) for engine in ENGINES}


def judgements(validators: dict[str, Validator], graphs: list[Graph]) -> list[set[Judgement]]:
    """Judge each graph with every engine: one judgement in a set means they agree."""
    return [{judgement(v.validate(graph)) for v in validators.values()} for graph in graphs]


def disagreements(validators: dict[str, Validator], graphs: list[Graph]) -> list[int]:
    """List the indexes of the graphs the engines judge differently."""
    return [i for i, judged in enumerate(judgements(validators, graphs)) if len(judged) != 1]


def gold_articles(folder: Path) -> list[Graph]:
    """Build the graph of every article a gold set annotates, as ingest would."""
    builder = ArticleBuilder(BASE)
    return [builder.build(extract(gold_document(path, load_gold(path)))).graph
            for path in find_gold_files(folder)]


@pytest.mark.parametrize("folder", GOLD_SETS, ids=lambda p: p.parent.name)
def test_the_engines_agree_on_every_gold_article(validators: dict[str, Validator],
                                                 folder: Path) -> None:
    graphs = gold_articles(folder)
    differing = disagreements(validators, graphs)
    agree = not differing  # no assertion rewriting of the graphs: blind text must not print
    assert graphs and agree, f"{len(differing)} of {len(graphs)} judged apart: #{differing}"


def mutations(graph: Graph) -> Iterator[Graph]:
    """Break an article graph one triple kind at a time: drop, retype or repeat a value.

    A triple kind is a predicate on subjects of one rdf:type; each kind's first triple is
    removed, given a value of the other kind (an IRI for a literal; a literal, tagged or typed
    by turns, for an IRI), or given a second value.
    """
    seen: set[tuple[Node | None, Node]] = set()
    for s, p, o in sorted(graph):
        kind = (graph.value(s, RDF.type), p)
        if kind in seen:
            continue
        seen.add(kind)
        other_kinds: list[Node] = [Literal("x", lang="de"), Literal("7", datatype=XSD.integer),
                                   Literal("")]
        retyped = URIRef("urn:mutation:iri") if isinstance(o, Literal) else other_kinds[
            len(seen) % len(other_kinds)]
        for other in (None, retyped):
            mutated = Graph()
            mutated += graph
            if other is None:
                mutated.remove((s, p, o))
            else:
                mutated.set((s, p, other))
            yield mutated
        repeated = Graph()
        repeated += graph
        repeated.add((s, p, URIRef("urn:mutation:second") if isinstance(o, URIRef)
                      else Literal("a second value")))
        yield repeated


def test_the_engines_agree_on_mutated_articles(validators: dict[str, Validator]) -> None:
    articles = gold_articles(ROOT / "samples" / "gold")
    # The smallest of the articles with the most triple kinds (interview, stances, experts).
    richest = max(articles, key=lambda g: (len({(g.value(s, RDF.type), p) for s, p, _ in g}),
                                           -len(g)))
    graphs = list(mutations(richest))
    judged = judgements(validators, graphs)
    assert [i for i, j in enumerate(judged) if len(j) != 1] == []
    rejected = sum(not conforms for [(conforms, _)] in judged)
    assert rejected > len(graphs) // 3  # the mutations do break shapes


@pytest.mark.parametrize("fixture", sorted(p.name for p in CASES.glob("*.ttl")))
def test_the_engines_agree_on_each_shapes_fixture(validators: dict[str, Validator],
                                                  fixture: str) -> None:
    data = Graph().parse(CASES / fixture, format="turtle")
    data += Graph().parse(CASES / "countries.ttl", format="turtle")
    turbo, reference = (judgement(v.validate(data)) for v in validators.values())
    assert turbo == reference


# W3C SHACL suite: the cases each engine fails, and why. Neither affects stancegraph's shapes:
# they use sh:uniqueLang true, sh:declare on the shapes' own ontology, and no $shapesGraph.
W3C_FAILURES: dict[str, dict[str, str]] = {
    "core/property/uniqueLang-002": {
        "turbo": 'reads sh:uniqueLang "1"^^xsd:boolean as true; the spec activates it only '
                 "for the literal true",
        "pyshacl": "the same as turbo",
    },
    "sparql/node/prefixes-001": {
        "pyshacl": "does not follow owl:imports from sh:prefixes to the ontology that "
                   "declares the prefix (Unknown namespace prefix)",
    },
    "sparql/pre-binding/shapesGraph-001": {
        "pyshacl": "does not support $shapesGraph in SPARQL constraints (NotImplementedError)",
    },
}
W3C_CASES = load_cases()


def passes(case: ShaclCase, engine: str) -> bool:
    """Run one W3C case on an engine through the Validator: the results are as expected."""
    data, shapes = case_graphs(case)
    try:
        with warnings.catch_warnings():  # rdflib warns of the suite's ill-typed literals
            warnings.simplefilter("ignore")
            report = Validator(engine=engine,  # type: ignore[arg-type]
                               shapes=shapes, ontology=Graph()).validate(data)
    except Exception:  # the engines raise many types; a failure case expects one
        return case.failure
    assert report.graph is not None
    return not case.failure and results(report.graph, shapes) == case.expected


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", W3C_CASES, ids=lambda case: case.name)
def test_w3c_shacl_suite(case: ShaclCase, engine: str) -> None:
    known = W3C_FAILURES.get(case.name, {})
    assert passes(case, engine) == (engine not in known), known.get(engine, "a new failure")


def test_the_w3c_suite_is_read_whole() -> None:
    assert len(W3C_CASES) == 120
    assert set(W3C_FAILURES) <= {case.name for case in W3C_CASES}
    assert any(SH.Violation in {r[3] for r in case.expected} for case in W3C_CASES)
