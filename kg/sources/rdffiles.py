"""Recognise RDF files and check they plausibly hold the syntax their suffix promises."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.sources.decoding import decode_text, require_text

# Suffix → short format name, the names kg.formats uses.
RDF_SUFFIXES: dict[str, str] = {
    ".ttl": "ttl", ".nt": "nt", ".nq": "nq", ".trig": "trig", ".jsonld": "jsonld", ".rdf": "rdf",
}
_FORMAT_TITLES = {"ttl": "Turtle", "nt": "N-Triples", "nq": "N-Quads", "trig": "TriG",
                  "jsonld": "JSON-LD", "rdf": "RDF/XML"}
_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>])", re.I)
_COMMENT_LINE = re.compile(r"\s*(?:#.*)?\Z")


@dataclass(frozen=True)
class RdfSource:
    """An RDF file to be parsed and validated by the ingest step, not by the reader.

    `source` names it in messages (the path as given, like Document.source), `format` is a
    short name from kg.formats: ttl, nt, nq, trig, jsonld or rdf.
    """

    source: str
    path: Path
    format: str


def sniff_rdf(path: Path, data: bytes, source: str) -> RdfSource:
    """Check an RDF file is UTF-8 text that starts the way its syntax does, without parsing it."""
    fmt = RDF_SUFFIXES[path.suffix.lower()]
    # Turtle, N-Triples, N-Quads, TriG and JSON-LD are UTF-8 by definition
    # (RDF 1.1 Turtle §7 "MIME type", RDF 1.1 N-Triples §5 "Media type"); RDF/XML declares its own.
    if fmt != "rdf":
        text = decode_text(path, data)
        problem = _first_line_problem(text, fmt)
    else:
        require_text(path, data)  # RDF/XML may declare its own encoding: the parser decodes it
        problem = None
    if problem:
        raise InputError(path, problem)
    return RdfSource(source=source, path=path, format=fmt)


def _first_line_problem(text: str, fmt: str) -> str | None:
    title = _FORMAT_TITLES[fmt]
    if _HTML_START.match(text):
        return f"looks like an HTML page, not {title}"
    if fmt == "jsonld" and text.lstrip()[:1] not in ("{", "["):
        return "does not look like JSON-LD: it should start with '{' or '['"
    if fmt in ("nt", "nq"):
        first = next((line for line in text.split("\n") if not _COMMENT_LINE.match(line)), "")
        if not first.lstrip().startswith(("<", "_:")):
            return f"does not look like {title}: the first statement should start with '<' or '_:'"
    return None
