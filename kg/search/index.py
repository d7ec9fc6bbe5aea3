"""A full-text index of what the store holds, in SQLite FTS5 (Python's standard library).

It covers article headlines and bodies, people's names and descriptions, organizations' names,
and countries' names with their variants and demonyms (kg/data/country_variants.tsv). Results
are ranked by BM25 (https://sqlite.org/fts5.html#the_bm25_function), a name or headline
weighing ten times the text, and carry a snippet with the matched words marked.

The index is a file beside the store, filled from the store through SPARQL (so a remote store
works the same), refreshed for the things each ingest batch writes and rebuilt by `kg reindex`.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UsageError
from kg.extract.gazetteer_data import country_table
from kg.namespaces import RDF, sparql_prologue
from kg.store import Store, is_remote

# The kinds of things indexed, as the URI scheme names them (/id/{kind}/…).
KINDS = ("article", "expert", "person", "organization", "country")
# Marks FTS5 puts around matched words in snippets: private-use characters, not in our texts.
OPEN, CLOSE = "\ue000", "\ue001"
_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS things USING fts5(
  iri UNINDEXED, kind, label, text, tokenize = 'unicode61 remove_diacritics 2');
"""
_PROLOGUE = sparql_prologue("kg", "schema", "rdf")
# What each kind reads from the store: ?x its IRI, ?label, and ?text to search besides.
_READS = {
    "article": "?x schema:articleBody ?text ; schema:headline ?label .",
    "expert": "?x a kg:Expert ; schema:name ?label . "
              "OPTIONAL { ?x schema:description|schema:jobTitle ?text }",
    "person": "?x a schema:Person ; schema:name ?label . FILTER NOT EXISTS { ?x a kg:Expert } "
              "OPTIONAL { ?x schema:description|schema:jobTitle ?text }",
    "organization": "?x a schema:Organization ; schema:name ?label .",
    "country": "?x a kg:Country ; schema:name ?label ; kg:iso3166Alpha2 ?text .",
}
# Country forms a reader may search by, besides the registry's name.
_COUNTRY_FORMS = ("official", "variant", "demonym")
_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"|(\S+)')
_RDF_TYPE = ox.NamedNode(str(RDF.type))
# IRIs refreshed per query: each adds a VALUES row.
_CHUNK = 200


def index_location(store_location: str) -> Path:
    """Place the index beside the store: DIR.search.sqlite, or under ./data for a remote one."""
    if override := os.environ.get("KG_SEARCH_INDEX"):
        return Path(override)
    if is_remote(store_location):
        digest = hashlib.sha256(store_location.encode("utf-8")).hexdigest()[:16]
        return Path("data") / f"search-{digest}.sqlite"
    return Path(f"{str(store_location).rstrip('/')}.search.sqlite")


@dataclass(frozen=True)
class Hit:
    """One thing found: its IRI, kind and label, and a snippet with where words matched."""

    iri: str
    kind: str
    label: str
    snippet: str
    matches: str  # character ranges of the snippet that matched, "start-end start-end"

    @classmethod
    def from_row(cls, iri: str, kind: str, label: str, marked: str) -> Hit:
        """Read a hit from a result row whose snippet marks matches with OPEN and CLOSE."""
        text, ranges = "", []
        for piece in re.split(f"([{OPEN}{CLOSE}])", marked):
            if piece == OPEN:
                start = len(text)
            elif piece == CLOSE:
                ranges.append(f"{start}-{len(text)}")
            else:
                text += piece
        return cls(iri, kind, label, text, " ".join(ranges))

    def spans(self) -> list[tuple[int, int]]:
        """Give the matched ranges of the snippet as (start, end) pairs."""
        return [(int(a), int(b)) for a, b in (r.split("-") for r in self.matches.split())]


@dataclass(frozen=True)
class Results:
    """One page of hits, best first, and how many hits each kind has in all."""

    hits: list[Hit]
    kinds: dict[str, int]


def fts_query(text: str) -> str:
    """Turn what a reader types into an FTS5 query: "quoted phrases" kept, words as prefixes.

    Every word becomes a quoted FTS5 string, so operators and punctuation typed by the reader
    are searched as text, never read as query syntax.
    """
    parts = []
    for phrase, word in _PHRASE.findall(text):
        words = _WORD.findall(phrase if phrase else word)
        if not words:
            continue
        if phrase:
            parts.append('"' + " ".join(words) + '"')
        else:
            parts.extend(f'"{w}"*' for w in words)
    return " ".join(parts)


class SearchIndex:
    """The index file of one store; each call opens its own connection (threads, processes)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def beside(cls, store: Store, location: str | None = None) -> SearchIndex:
        """Open the index beside a store, building it from the store when it does not exist.

        `location` is the store's location as the user gave it, when it differs from the
        store's own: a folder served by `kg serve` is reached through the server's URL.
        """
        index = cls(index_location(location or store.location))
        if not index.path.exists() or not index.counts():  # new, or made over an empty store
            index.rebuild(store)
        return index

    def counts(self) -> dict[str, int]:
        """Count the things indexed, by kind."""
        with closing(self._connect()) as connection:
            return dict(connection.execute("SELECT kind, COUNT(*) FROM things GROUP BY kind"))

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30)
        # WAL: a server reads while an ingest in another process writes.
        connection.execute("PRAGMA journal_mode = WAL")
        connection.executescript(_SCHEMA)
        return connection

    def rebuild(self, store: Store) -> int:
        """Index everything the store holds, replacing what the index had; return the count."""
        building = self.path.with_name(self.path.name + ".building")
        building.unlink(missing_ok=True)
        with closing(SearchIndex(building)._connect()) as connection, connection:
            count = self._insert(connection, _read(store, None))
        # Readers see the old index or the new one, never a half-built one.
        for suffix in ("-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)
        os.replace(building, self.path)
        return count

    def refresh(self, store: Store, iris: Iterable[str]) -> None:
        """Re-read some things from the store: those gone from it leave the index too."""
        wanted = sorted(set(iris))
        with closing(self._connect()) as connection, connection:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start:start + _CHUNK]
                connection.executemany("DELETE FROM things WHERE iri = ?", [(i,) for i in chunk])
                self._insert(connection, _read(store, chunk))

    def refresh_graphs(self, store: Store, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        """Re-read what graphs just written to the store describe (every subject they type).

        An index without countries was made before the reference graphs were loaded (the first
        ingest into an empty store): it is rebuilt whole instead, which is cheap then.
        """
        if "country" not in self.counts():
            self.rebuild(store)
            return
        self.refresh(store, {t.subject.value for triples in graphs.values() for t in triples
                             if t.predicate == _RDF_TYPE and isinstance(t.subject, ox.NamedNode)})

    def add(self, rows: Iterable[tuple[str, str, str, str]]) -> int:
        """Index (iri, kind, label, text) rows as they are, in one transaction (benchmarks)."""
        with closing(self._connect()) as connection, connection:
            return self._insert(connection, rows)

    @staticmethod
    def _insert(connection: sqlite3.Connection, rows: Iterable[tuple[str, str, str, str]]) -> int:
        cursor = connection.executemany("INSERT INTO things (iri, kind, label, text) "
                                        "VALUES (?, ?, ?, ?)", rows)
        return cursor.rowcount

    def search(self, text: str, *, kind: str | None = None, limit: int = 20,
               offset: int = 0) -> Results:
        """Rank the things matching the text by BM25; count the matches of every kind."""
        query = fts_query(text)
        if kind is not None and kind not in KINDS:
            raise UsageError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if not query:
            return Results([], {})
        # The kind is an indexed column, searched by MATCH: counting by reading a column of
        # every match cost 70 ms for 8,000 matches; one MATCH count per kind costs about 1 ms.
        query = f"{{label text}} : ({query})"
        where = f"kind : {kind} AND {query}" if kind else query
        with closing(self._connect()) as connection:
            try:
                kinds = {name: n for name in KINDS if (n := connection.execute(
                    "SELECT COUNT(*) FROM things WHERE things MATCH ?",
                    (f"kind : {name} AND {query}",)).fetchone()[0])}
                rows = connection.execute(
                    "SELECT iri, kind, label, snippet(things, 3, ?, ?, '…', 16) FROM things "
                    "WHERE things MATCH ? ORDER BY bm25(things, 0, 0, 10.0, 1.0) "
                    "LIMIT ? OFFSET ?",
                    (OPEN, CLOSE, where, int(limit), int(offset))).fetchall()
            except sqlite3.OperationalError as error:
                raise UsageError(f"the search {text!r} cannot be read: {error}") from error
        return Results([Hit.from_row(*row) for row in rows], kinds)


def _read(store: Store, iris: list[str] | None) -> Iterator[tuple[str, str, str, str]]:
    """Read (iri, kind, label, text) of every indexed thing, or of the given IRIs only."""
    values = "" if iris is None else \
        "VALUES ?x { " + " ".join(str(ox.NamedNode(i)) for i in iris) + " } "
    variants: dict[str, list[str]] = {}
    for surface, form in country_table().items():
        if form.form in _COUNTRY_FORMS:
            variants.setdefault(form.key, []).append(surface)
    for kind, pattern in _READS.items():
        found: dict[str, tuple[str, list[str]]] = {}
        for row in store.select(f"{_PROLOGUE}SELECT ?x ?label ?text WHERE {{ {values}{pattern} "
                                f"FILTER(isIRI(?x)) }}"):
            label, term = row["label"].value, row.get("text")
            texts = found.setdefault(row["x"].value, (label, []))[1]
            if term is not None and term.value not in texts:
                texts.append(term.value)
        for iri, (label, texts) in found.items():
            if kind == "country":  # its code, then the names it goes by
                texts = texts + sorted(set(variants.get(texts[0] if texts else "", [])))
            yield iri, kind, label, "\n".join(texts)
