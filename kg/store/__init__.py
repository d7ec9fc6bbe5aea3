"""The triple store behind one interface: embedded Oxigraph in a folder, or remote SPARQL 1.1.

Callers open it with `open_store(location)` and never see which one they hold:

- `interface`: the `Store` contract, with typed `select`, `ask` and `construct`;
- `results`: the typed answers (rows of bound terms, triples);
- `embedded`: Oxigraph in a folder, owned by one process;
- `remote`, `transport`, `virtuoso`: a SPARQL 1.1 store over HTTP, and its known quirks;
- `server`: Oxigraph's own server over a folder, so that many processes can share it;
- `graphs`: whole graphs read, written and deleted (the Graph Store Protocol's store work);
- `sparql_text`: the SPARQL text we write (IRIs, updates, stamps) and what we read from queries.
"""

from __future__ import annotations

from pathlib import Path

from kg.store.embedded import EmbeddedStore
from kg.store.interface import DEFAULT_LOCATION, Store
from kg.store.remote import RemoteStore
from kg.store.results import QueryResult, Row, Term, TriplesResult
from kg.store.server import serving_url
from kg.store.sparql_text import sparql_iri


def is_remote(location: str) -> bool:
    """Tell a store URL (remote SPARQL 1.1) from a folder (embedded)."""
    return location.startswith(("http://", "https://"))


def open_store(location: str | Path | None = None, *, timeout: float | None = None) -> Store:
    """Open the store a location names: a folder (embedded Oxigraph) or an http(s) URL (remote).

    A folder that a running `kg serve` owns is reached through that server, so articles
    ingested while it runs appear without a restart. `timeout` bounds how long a remote store
    is waited for (default: KG_STORE_TIMEOUT); the embedded store answers in process.
    """
    location = str(location or DEFAULT_LOCATION)
    if not is_remote(location):
        location = serving_url(location) or location
    if is_remote(location):
        return RemoteStore(location, timeout=timeout)
    return EmbeddedStore(location)


__all__ = [
    "DEFAULT_LOCATION", "EmbeddedStore", "QueryResult", "RemoteStore", "Row", "Store", "Term",
    "TriplesResult", "is_remote", "open_store", "sparql_iri",
]
