"""What the fuzzers (tests/test_fuzz_readers.py, tests/test_fuzz_requests.py) found, one
regression test each, named for the symptom."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from conftest import BASE, fetch

from kg.pipeline.ingest import Pipeline


def test_a_parser_message_over_several_lines_becomes_one(tmp_path: Path) -> None:
    """rdflib's Turtle errors span three lines; the command line prints one per problem."""
    bad = tmp_path / "bad.ttl"
    bad.write_bytes(b"\x01")
    [outcome] = Pipeline(BASE, None).run([bad])
    assert outcome.status == "unreadable"
    [message] = outcome.messages
    assert "\n" not in message and message.startswith("invalid ttl: at line 1")


def test_a_json_ld_file_is_parsed_whatever_rdflib_warns(tmp_path: Path) -> None:
    """Under warnings-as-errors (pytest here, `python -W error` anywhere), rdflib's own
    DeprecationWarning made every JSON-LD file unreadable."""
    data = tmp_path / "note.jsonld"
    data.write_text('{"@id": "http://example.org/a", "http://schema.org/name": "A"}')
    [outcome] = Pipeline(BASE, None).run([data])
    assert outcome.status != "unreadable", outcome.messages
    assert outcome.triples == 1


def test_an_ill_typed_literal_is_refused_in_one_line_not_a_recursion_error(tmp_path: Path) -> None:
    """`"Senegal"^^xsd:integer` in a JSON-LD file sent pyshacl into a RecursionError."""
    data = tmp_path / "bad.jsonld"
    data.write_text('{"@id": "http://example.org/s", "https://w3id.org/stancegraph/vocab#'
                    'evidenceStart": {"@type": "http://www.w3.org/2001/XMLSchema#integer", '
                    '"@value": "Senegal"}}')
    [outcome] = Pipeline(BASE, None).run([data])
    assert outcome.status == "unreadable"
    [message] = outcome.messages
    assert message.startswith("ill-typed literal \"Senegal\"")


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_a_dataset_graph_that_is_no_iri_is_a_400_not_a_500(client, parameter: str) -> None:
    """`default-graph-uri=DROP ALL` reached Oxigraph's NamedNode and raised ValueError."""
    response = client.get("/sparql", query_string={"query": "ASK {}", parameter: "DROP ALL"})
    assert response.status_code == 400
    assert "not an IRI" in response.get_data(as_text=True)


@pytest.mark.server
@pytest.mark.slow
@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_a_dataset_graph_that_is_no_iri_is_a_400_on_the_live_server(live_server,
                                                                    parameter: str) -> None:
    query = urllib.parse.urlencode({"query": "ASK {}", parameter: "DROP ALL"})
    status, _, body = fetch(f"{live_server.url}sparql?{query}", Accept="text/plain")
    assert status == 400, body
