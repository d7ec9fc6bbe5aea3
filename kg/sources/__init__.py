"""Read source files into Documents (articles) and RdfSources (RDF to ingest as it is).

Supported: page dumps (.txt), saved pages (.html, .htm), article records (.json, .jsonl) and RDF
(.ttl, .nt, .nq, .trig, .jsonld, .rdf). A folder means every supported file in it, recursively,
in sorted order, skipping hidden files and folders and folders named ``gold`` (where the gold
annotations of bundled samples live: JSON that is not an article record). A file is read whole
or not at all: any problem raises kg.errors.InputError naming the file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError
from kg.model import Document
from kg.sources.decoding import decode_text, read_bytes
from kg.sources.htmlpage import read_html_page
from kg.sources.pagedump import read_page_dump
from kg.sources.rdffiles import RDF_SUFFIXES, RdfSource, sniff_rdf
from kg.sources.records import read_json_lines, read_json_records

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")
SUPPORTED_SUFFIXES: tuple[str, ...] = ARTICLE_SUFFIXES + tuple(RDF_SUFFIXES)
SKIPPED_FOLDERS = frozenset({"gold"})

__all__ = ["SUPPORTED_SUFFIXES", "RdfSource", "find_source_files", "read_documents",
           "read_source"]


def read_documents(path: str | Path) -> Iterator[Document | RdfSource]:
    """Yield every article (and RDF file) in a file or folder; stop at the first unreadable file."""
    for file in find_source_files(path):
        yield from read_source(file)


def find_source_files(path: str | Path) -> list[Path]:
    """List the files a path stands for: itself, or a folder's supported files in sorted order."""
    root = Path(path)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise InputError(root, "no such file or folder")
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root, onerror=_raise_walk_error):
        subfolders[:] = [d for d in subfolders
                         if not d.startswith(".") and d not in SKIPPED_FOLDERS]
        found += [Path(folder, f) for f in files
                  if not f.startswith(".") and Path(f).suffix.lower() in SUPPORTED_SUFFIXES]
    if not found:
        suffixes = " ".join(SUPPORTED_SUFFIXES)
        raise InputError(root, f"no supported files ({suffixes}) in this folder")
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def read_source(path: str | Path) -> list[Document | RdfSource]:
    """Read one file whole into its articles (several for a JSON list or JSON Lines file)."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(file, f"unsupported file type {suffix or '(no suffix)'!r}; "
                               f"use one of {' '.join(SUPPORTED_SUFFIXES)}")
    data = read_bytes(file)
    source = str(file)
    if suffix in RDF_SUFFIXES:
        return [sniff_rdf(file, data, source)]
    text = decode_text(file, data, html=suffix in (".html", ".htm"))
    if suffix == ".txt":
        return [read_page_dump(file, text, source)]
    if suffix in (".html", ".htm"):
        return [read_html_page(file, text, source)]
    if suffix == ".json":
        return list(read_json_records(file, text, source))
    return list(read_json_lines(file, text, source))


def _raise_walk_error(error: OSError) -> None:
    raise InputError(error.filename, f"cannot be listed: {error.strerror or error}")
