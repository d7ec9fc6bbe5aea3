"""Reading a SPARQL text for what it would do, before it runs."""

import pytest

from kg.errors import QuerySyntaxError
from kg.store.sparql_text import query_form, uses_service


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * { service silent <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE {\n  ?x <http://p> 1 .\n  SERVICE ?endpoint { ?s ?p ?o } }",
])
def test_a_federated_query_is_recognized(query: str) -> None:
    assert uses_service(query)


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }',
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?service }",
    "SELECT * WHERE { ?s ?p '''long\nSERVICE text''' }",
])
def test_the_word_inside_strings_iris_comments_or_names_is_not_a_service_call(query: str) -> None:
    assert not uses_service(query)


@pytest.mark.parametrize(("query", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("ASK { ?s ?p ?o }", "ASK"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE <http://example.org/x>", "CONSTRUCT"),
])
def test_the_query_form_is_read_by_oxigraphs_parser(query: str, form: str) -> None:
    assert query_form(query) == form


@pytest.mark.parametrize("text", ["DROP ALL", "INSERT DATA { <http://x/a> <http://x/b> 1 }",
                                  "SELEC ?x", "CLEAR DEFAULT ; SELECT * {}"])
def test_an_update_or_a_broken_query_is_no_query(text: str) -> None:
    with pytest.raises(QuerySyntaxError):
        query_form(text)
