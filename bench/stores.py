"""Benchmark stores built fast: the synthetic corpus extracted and built, then bulk-loaded.

The path is kg.sources (page reader) → kg.extract → kg.pipeline.build, as ingest does, but without
SHACL and without per-article transactions: every article's quads go to one N-Quads file that
pyoxigraph's `Store.bulk_load` loads at once, then the reference graphs (countries, vocabulary)
are added through kg.pipeline.ingest as `kg ingest` would. Results are cached under bench/out/cache,
keyed on (N, seed, code version), so a rerun reuses them.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

import kg
from bench.corpus import generate

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CACHE = OUT / "cache"
BASE_URI = "http://localhost:5000/"
CHUNK = 500
# What the content of a built store depends on; a change to any of these rebuilds it.
_VERSIONED = ["bench/corpus.py", "bench/stores.py", "kg/build.py", "kg/uris.py",
              "kg/countries.py", "kg/ingest.py", "kg/extract", "kg/sources", "ontology"]


def code_version() -> str:
    """Hash the code and data that decide what a built store contains."""
    digest = hashlib.sha256(kg.__version__.encode())
    for name in _VERSIONED:
        path = ROOT / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in (".py", ".ttl", ".json", ".csv", ".tsv"):
                digest.update(file.relative_to(ROOT).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


@dataclass
class BuiltStore:
    """A store folder and the N-Quads file it was loaded from."""

    n: int
    folder: Path
    nquads: Path
    quads: int
    build_seconds: float  # generate + extract + build (0 when cached)
    load_seconds: float  # bulk load (0 when cached)
    cached: bool
    version: str  # the code version that built it


def build_nquads(args: tuple[int, int, int]) -> bytes:
    """Generate, read, extract and build articles start…start+count-1; return their N-Quads."""
    from kg.countries import country_registry
    from kg.extract import extract
    from kg.pipeline.build import ArticleBuilder, oxigraph_triples
    from kg.sources.pagedump import read_page_dump

    start, count, seed = args
    builder = ArticleBuilder(BASE_URI, {c.iso2: c.name for c in country_registry()})
    output = io.BytesIO()
    for article in generate(count, seed, start):
        document = read_page_dump(Path(article.filename), article.text, article.filename)
        built = builder.build(extract(document))
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
                 for name, graph in built.graphs.items() for t in oxigraph_triples(graph)]
        ox.serialize(quads, output, ox.RdfFormat.N_QUADS)
    return output.getvalue()


def write_nquads(path: Path, n: int, seed: int, workers: int | None = None) -> None:
    """Write the N-Quads of the first n articles, built on all cores, to path."""
    chunks = [(start, min(CHUNK, n - start), seed) for start in range(0, n, CHUNK)]
    tmp = path.with_suffix(".part")
    with open(tmp, "wb") as handle, ProcessPoolExecutor(workers or os.cpu_count()) as pool:
        for data in pool.map(build_nquads, chunks):
            handle.write(data)
    tmp.rename(path)


def _prune(prefix: str, keep: str) -> None:
    """Delete the cached files of other code versions of the same corpus: they are stale."""
    for path in CACHE.iterdir():
        if prefix in path.name and keep not in path.name:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def built_store(n: int, seed: int = 0, *, log=print,  # type: ignore[no-untyped-def]
                reuse: bool = False) -> BuiltStore:
    """Return the cached store of n articles, building it first when it is missing."""
    from kg.pipeline.ingest import load_reference_graphs
    from kg.store import EmbeddedStore
    from kg.uris import URIs

    version = code_version()
    if reuse:  # the newest complete store of this corpus, whatever code built it
        for done in sorted(CACHE.glob(f"store-n{n}-s{seed}-*.done"),
                           key=lambda p: p.stat().st_mtime, reverse=True):
            version = done.name.removesuffix(".done").rsplit("-", 1)[1]
            break
    key = f"n{n}-s{seed}-{version}"
    folder = CACHE / f"store-{key}"
    nquads = CACHE / f"articles-{key}.nq"
    done = CACHE / f"store-{key}.done"
    if done.exists() and folder.is_dir() and nquads.exists():
        return BuiltStore(n, folder, nquads, int(done.read_text()), 0.0, 0.0, True, version)
    version = code_version()
    key = f"n{n}-s{seed}-{version}"
    folder, nquads, done = (CACHE / f"store-{key}", CACHE / f"articles-{key}.nq",
                            CACHE / f"store-{key}.done")
    CACHE.mkdir(parents=True, exist_ok=True)
    _prune(f"n{n}-s{seed}-", keep=key)
    shutil.rmtree(folder, ignore_errors=True)
    log(f"  building the {n:,}-article store (extract + build, no SHACL; bulk load) …")
    began = time.perf_counter()
    if not nquads.exists():
        write_nquads(nquads, n, seed)
    built = time.perf_counter() - began
    began = time.perf_counter()
    store = ox.Store(str(folder))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    with EmbeddedStore(str(folder)) as embedded:
        load_reference_graphs(embedded, URIs(BASE_URI))
        quads = embedded.quad_count()
    loaded = time.perf_counter() - began
    done.write_text(str(quads))
    log(f"  {quads:,} quads: built in {built:.1f} s, bulk-loaded in {loaded:.1f} s")
    return BuiltStore(n, folder, nquads, quads, built, loaded, False, version)


def full_nquads(store: BuiltStore) -> Path:
    """Return an N-Quads dump of the whole store (articles and reference graphs), cached."""
    path = store.nquads.with_name("full-" + store.nquads.name)
    if not path.exists():
        source = ox.Store.read_only(str(store.folder))
        tmp = path.with_suffix(".part")
        source.dump(str(tmp), ox.RdfFormat.N_QUADS)
        del source
        tmp.rename(path)
    return path
