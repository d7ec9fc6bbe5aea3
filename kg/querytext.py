"""What can be told about a SPARQL text before running it, without a full parse."""

from __future__ import annotations

import functools
import re

import pyoxigraph as ox

from kg.errors import QuerySyntaxError

# Strings (long and short, both quotes), IRI references and comments: where a keyword is text,
# not syntax (SPARQL 1.1 §19.8 grammar terminals STRING_LITERAL*, IRIREF; §19.4 comments).
_NOT_SYNTAX = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*",
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE\b", re.IGNORECASE)


def uses_service(sparql: str) -> bool:
    """Tell whether a query asks the store to call another endpoint (SPARQL 1.1 Federated Query).

    A public endpoint must not let anyone make the server fetch URLs of their choosing.
    """
    return bool(_SERVICE.search(_NOT_SYNTAX.sub(" ", sparql)))


_EMPTY = ox.Store()  # parses (and trivially answers) queries without any data to touch


def query_form(sparql: str, base_iri: str | None = None) -> str:
    """Return SELECT, ASK or CONSTRUCT (DESCRIBE too) for a query; refuse anything else.

    Oxigraph's own parser decides, by answering the query over an empty dataset: an update,
    or any text that is not a SPARQL 1.1 query, raises QuerySyntaxError. A remote store is then
    only ever sent what is certainly a query, never an update it might run (Virtuoso does run
    updates sent as `query=`). Short texts are remembered: the same queries come back often
    (pages, dashboards), and parsing costs as much as answering a lookup.
    """
    if len(sparql) <= _REMEMBERED_LENGTH:
        return _remembered_form(sparql, base_iri)
    return _form(sparql, base_iri)


_REMEMBERED_LENGTH = 4096


def _form(sparql: str, base_iri: str | None) -> str:
    try:
        result = _EMPTY.query(sparql, base_iri=base_iri)
    except SyntaxError as error:
        raise QuerySyntaxError(str(error)) from error
    if isinstance(result, ox.QueryBoolean):
        return "ASK"
    if isinstance(result, ox.QueryTriples):
        return "CONSTRUCT"
    return "SELECT"


_remembered_form = functools.lru_cache(maxsize=512)(_form)
