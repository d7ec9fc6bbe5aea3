"""Run the benchmark suite and write bench/out/results.md: `python -m bench.run [options]`.

Every figure of ours is printed beside a baseline measured in the same invocation:
Oxigraph's own server and rdflib-endpoint for SPARQL, Oxigraph's bulk loader and the pipeline
without SHACL for ingest, `oxigraph dump` for exports. Pages have an absolute target only.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import os
import shutil
import sys
import time
import traceback
import urllib.parse
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bench import dumps, ingest, pages, profile, sparql_http
from bench.corpus import write_corpus
from bench.loadgen import Load
from bench.report import Row, render, table
from bench.servers import dump_folder, kg_serve, oxigraph_serve, rdflib_endpoint
from bench.stores import CACHE, OUT, built_store, code_version, full_nquads

SECTIONS = ("ingest", "sparql", "pages", "dumps")
TARGET_SPARQL_VS_OXIGRAPH = 0.8
TARGET_VS_RDFLIB = 20.0
RDFLIB_QUERIES = ("aggregate", "join")
TARGET_INGEST = 100.0  # articles/s on 2 cores, end to end (issue 13)
TARGET_SHACL_SHARE = 0.30  # of one process's ingest time (issue 13)
TARGET_PAGE_P99_MS = 50.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--sizes", default="10000,100000",
                        help="Article counts of the SPARQL, pages and dumps stores "
                             "(default 10000,100000; pages run at the largest).")
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"Comma-separated subset of {','.join(SECTIONS)}.")
    parser.add_argument("--ingest-n", type=int, default=1000,
                        help="Articles ingested for real; larger sizes are extrapolated.")
    parser.add_argument("--seconds", type=float, default=5.0,
                        help="Load duration per query or page kind and server.")
    parser.add_argument("--connections", type=int, default=4,
                        help="Concurrent connections of the load generator.")
    parser.add_argument("--rdflib-max", type=int, default=10000,
                        help="Largest size rdflib-endpoint is measured at (it holds all in RAM).")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reuse-stores", action="store_true",
                        help="Reuse a cached store built by another code version (when only "
                             "webapp/ changed, this saves rebuilding).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of kg serve.")
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes takes comma-separated integers, not {args.sizes!r}")
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.only) - set(SECTIONS)
    if unknown or not args.only:
        parser.error(f"--only takes some of {','.join(SECTIONS)}, not {','.join(unknown)}")
    if not args.sizes or min(args.sizes) < 10 or args.ingest_n < 10:
        parser.error("sizes and --ingest-n must be at least 10 articles")
    return args


def _say(text: str) -> None:
    print(text, flush=True)


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 60:.1f} min" if seconds >= 60 else f"{seconds:.1f} s"


def _rate(value: float) -> str:
    """Show a rate with three significant digits below 100, so slow queries are not 0.1."""
    return f"{value:,.1f}" if value >= 100 else f"{value:.3g}"


def _load_cells(load: Load) -> list[str]:
    return [_rate(load.rate), f"{load.p50_ms:.1f}", f"{load.p99_ms:.1f}", load.tool,
            str(load.errors)]


def run_ingest(args: argparse.Namespace, summary: list[Row], sections: list[tuple[str, str]],
               notes: list[str]) -> None:
    """Ingest a real corpus end to end (one process, all cores), without SHACL, and bulk."""
    n = args.ingest_n
    scratch = OUT / "scratch"
    corpus = CACHE / f"corpus-n{n}-s{args.seed}-{code_version()}"
    if not corpus.is_dir():
        _say(f"  writing a {n:,}-article corpus …")
        began = time.perf_counter()
        write_corpus(corpus.with_suffix(".part"), n, args.seed)
        corpus.with_suffix(".part").rename(corpus)
        _say(f"  written in {time.perf_counter() - began:.1f} s")
    stages_n = min(n, 200)
    stages_corpus = CACHE / f"corpus-n{stages_n}-s{args.seed}-{code_version()}"
    if not stages_corpus.is_dir():
        write_corpus(stages_corpus, stages_n, args.seed)
    from kg.pipeline.ingest import Pipeline

    cores = os.cpu_count() or 1
    parallel = "jobs" in inspect.signature(Pipeline).parameters
    modes = ["full-j1"] + ([f"full-j{cores}"] if parallel and cores > 1 else [])
    modes += ["pyshacl-j1", "noshacl-j1", "stages", "bulk"]
    runs = {}
    for mode in modes:
        _say(f"  ingest {mode} ({stages_n if mode == 'stages' else n:,} articles) …")
        runs[mode] = ingest.measure(mode, stages_n if mode == "stages" else n, args.seed,
                                    stages_corpus if mode == "stages" else corpus, scratch,
                                    max(1, n // 10))
        run = runs[mode]
        _say(f"    {run.rate:,.1f} articles/s, peak {run.peak_mb:,.0f} MiB"
             + (f", {run.rejected} rejected" if run.rejected else ""))
    _say(f"  profiling ingest ({stages_n:,} articles, pyinstrument) …")
    profiled = profile.profile_ingest(stages_corpus, scratch)
    notes.append(f"Ingest profile: {_where(profiled)}.")
    shutil.rmtree(scratch, ignore_errors=True)
    if not parallel:
        notes.append("`kg.pipeline.ingest.Pipeline` has no parallel option (`jobs`): ingest was "
                     "measured in one process only.")
    bulk = runs["bulk"]
    best_mode = max((m for m in runs if m.startswith("full")), key=lambda m: runs[m].rate)
    for mode in [m for m in runs if m.startswith("full")]:
        run = runs[mode]
        label = "one process" if mode.endswith("j1") else f"{mode.split('-j')[1]} processes"
        summary.append(Row(f"ingest, articles/s ({label}) vs Oxigraph bulk load", f"{n:,}",
                           f"{run.rate:,.1f}", f"{bulk.rate:,.0f}", run.rate / bulk.rate,
                           f"≥ {TARGET_INGEST:.0f}/s", run.rate >= TARGET_INGEST))
    noshacl = runs["noshacl-j1"]
    full1 = runs["full-j1"]
    share = 1 - full1.rate / noshacl.rate if noshacl.rate else 0.0
    summary.append(Row("ingest without SHACL (one process), articles/s", f"{n:,}",
                       f"{noshacl.rate:,.1f}", f"{full1.rate:,.1f} with SHACL",
                       noshacl.rate / full1.rate if full1.rate else None,
                       f"SHACL share {share:.0%} < {TARGET_SHACL_SHARE:.0%}",
                       share < TARGET_SHACL_SHARE))
    if full1.cpu_seconds:
        # One process does every step itself, so its CPU time is the whole cost of an
        # article; 2 cores can at best share it out (workers add the N-Triples hand-over).
        cpu_ms = full1.cpu_seconds / full1.articles * 1000
        ceiling = cores * 1000 / cpu_ms
        summary.append(Row(f"ingest CPU per article (one process), ms; {cores}-core ceiling",
                           f"{n:,}", f"{cpu_ms:.1f}", f"≤ {ceiling:,.0f}/s on {cores} cores",
                           None, f"≥ {TARGET_INGEST:.0f}/s", ceiling >= TARGET_INGEST))
    reference = runs["pyshacl-j1"]
    summary.append(Row("ingest, default SHACL engine vs pySHACL (one process), articles/s",
                       f"{n:,}", f"{full1.rate:,.1f}", f"{reference.rate:,.1f} with pySHACL",
                       full1.rate / reference.rate if reference.rate else None, "—"))
    best = runs[best_mode]
    if len(best.curve) >= 2:
        (first_n, _, first_mb), (last_n, _, last_mb) = best.curve[0], best.curve[-1]
        slope = (last_mb - first_mb) / (last_n - first_n) * 1000
        million = last_mb + slope * (1_000_000 - last_n) / 1000
        summary.append(Row(f"ingest RSS growth, MiB per 1,000 articles ({best_mode})",
                           f"{n:,}", f"{slope:,.1f}", "—", None,
                           f"1M articles ≤ 24 GiB (projected {million / 1024:,.1f} GiB)",
                           million <= 24 * 1024))
    for size in args.sizes:
        if size > n:
            seconds = size / best.rate if best.rate else float("inf")
            summary.append(Row(f"ingest time (EXTRAPOLATED from {n:,}, {best_mode})",
                               f"{size:,}", f"≈ {_duration(seconds)}",
                               f"≈ {_duration(size / bulk.rate)}",
                               None, f"≥ {TARGET_INGEST:.0f}/s", best.rate >= TARGET_INGEST))
    notes.append(f"Ingest was run for real on {n:,} articles; rows marked EXTRAPOLATED divide "
                 "the size by the measured rate.")
    detail = [[m, f"{r.articles:,}", f"{r.seconds:.1f}", f"{r.rate:,.1f}", f"{r.peak_mb:,.0f}",
               str(r.rejected)] for m, r in runs.items()]
    body = table(["mode", "articles", "s", "articles/s", "peak RSS MiB", "rejected"], detail)
    stages = runs["stages"]
    total = sum(stages.stages.values()) or 1.0
    body += ("\n\nWhere the time goes (the pipeline's steps timed one article at a time, "
             f"{stages.articles:,} articles):\n\n")
    body += table(["stage", "ms/article", "share"],
                  [[k, f"{v / max(1, stages.articles) * 1000:.2f}", f"{v / total:.0%}"]
                   for k, v in stages.stages.items()])
    body += f"\n\nMemory growth ({best_mode}: articles done, seconds, RSS MiB):\n\n"
    body += table(["articles", "s", "RSS MiB"],
                  [[f"{a:,}", f"{s:.1f}", f"{m:,.0f}"] for a, s, m in best.curve])
    sections.append(("Ingest", body))


def run_store_benchmarks(args: argparse.Namespace, summary: list[Row],
                         sections: list[tuple[str, str]], notes: list[str]) -> None:
    """SPARQL, pages and dumps over stores built fast at each size."""
    sparql_rows: list[list[str]] = []
    page_rows: list[list[str]] = []
    dump_rows: list[list[str]] = []
    largest = max(args.sizes)
    for size in args.sizes:
        _say(f"size {size:,}:")
        try:
            _one_size(args, size, size == largest, summary, sparql_rows, page_rows, dump_rows,
                      notes)
        except Exception as error:  # keep what the other sizes measured
            traceback.print_exc()
            notes.append(f"**size {size:,} stopped early: {type(error).__name__}: {error}**")
    if sparql_rows:
        sections.append(("SPARQL over HTTP", table(
            ["server", "size", "query", "rows", "req/s", "p50 ms", "p99 ms", "load", "errors"],
            sparql_rows)))
    if page_rows:
        sections.append(("Pages and dereferencing (kg serve)", table(
            ["kind", "size", "paths", "req/s", "p50 ms", "p99 ms", "load", "errors"],
            page_rows)))
    if dump_rows:
        sections.append(("Dumps", table(["tool", "size", "s", "quads", "quads/s", "MB/s"],
                                        dump_rows)))


def _one_size(args: argparse.Namespace, size: int, largest: bool, summary: list[Row],
              sparql_rows: list[list[str]], page_rows: list[list[str]],
              dump_rows: list[list[str]], notes: list[str]) -> None:
    """Build (or reuse) the store of one size and run the selected benchmarks on it."""
    store = built_store(size, args.seed, log=_say, reuse=args.reuse_stores)
    if store.version != code_version():
        notes.append(f"The {size:,} store was reused from code version {store.version} "
                     f"(now {code_version()}): --reuse-stores.")
    if "dumps" in args.only:
        _say("  dumps: kg export vs oxigraph dump …")
        ours, theirs = dumps.export_both(store, OUT / "scratch")
        summary.append(Row("full export (N-Quads), quads/s", f"{size:,}",
                           f"{ours.quads_per_s:,.0f}", f"{theirs.quads_per_s:,.0f}",
                           ours.quads_per_s / theirs.quads_per_s))
        dump_rows += [[e.tool, f"{size:,}", f"{e.seconds:.2f}", f"{e.quads:,}",
                       f"{e.quads_per_s:,.0f}", f"{e.mb_per_s:.1f}"] for e in (ours, theirs)]
    results: dict[str, dict[str, sparql_http.QueryRun]] = {}
    queries: dict[str, str] = {}
    with kg_serve(store.folder, workers=args.workers) as server:
        if "sparql" in args.only:
            queries = sparql_http.query_mix(sparql_http.some_stance(server, args.seed))
            _say("  SPARQL: kg serve …")
            results["kg serve"] = {r.query: r for r in sparql_http.measure(
                server, queries, seconds=args.seconds, connections=args.connections)}
        if "sparql" in args.only and largest:
            _say("  SPARQL: profiling kg serve on the lookup (py-spy) …")
            lookup = f"/sparql?{urllib.parse.urlencode({'query': queries['lookup']})}"
            profiled = profile.profile_server(server, lookup, "sparql-lookup",
                                              headers=sparql_http.ACCEPT)
            notes.append(f"Profile of kg serve answering the SPARQL lookup: {_where(profiled)}.")
        if "pages" in args.only and largest:
            _say("  pages: kg serve …")
            paths = pages.page_paths(size, args.seed)
            for kind in ("country page", "expert page", "article page"):
                name = kind.replace(" ", "-")
                notes.append(f"Profile of kg serve rendering the {kind} {paths[kind][0]}: "
                             f"{_where(profile.profile_server(server, paths[kind][0], name))}.")
            for run in pages.measure(server, paths,
                                     seconds=args.seconds, connections=args.connections):
                met = (run.load.requests > 0 and not run.load.errors
                       and run.load.p99_ms <= TARGET_PAGE_P99_MS)
                target = f"≤ {TARGET_PAGE_P99_MS:.0f}" + (
                    "" if size >= 100_000 else " (at 100k)")
                shown = f"{run.load.p99_ms:.1f}" if run.load.requests else run.load.tool
                summary.append(Row(f"{run.kind}, p99 ms", f"{size:,}", shown, target=target,
                                   met=met))
                page_rows.append([run.kind, f"{size:,}", str(run.paths),
                                  *_load_cells(run.load)])
        if "dumps" in args.only:
            _say("  dumps: /dumps endpoint …")
            try:
                void, settled, written, warm = dumps.dump_endpoint(
                    server, dump_folder(store.folder), store.quads, seconds=args.seconds,
                    connections=args.connections)
                dump_rows += [[e.tool, f"{size:,}", f"{e.seconds:.2f}", f"{e.quads:,}",
                               f"{e.quads_per_s:,.0f}", f"{e.mb_per_s:.1f} (gzip)"]
                              for e in (written, warm)]
                summary.append(Row(
                    "/void p99 ms while the dump is written (vs. with it current)",
                    f"{size:,}", f"{void.p99_ms:.1f}", f"{settled.p99_ms:.1f}",
                    void.p99_ms / settled.p99_ms if settled.p99_ms else None))
                page_rows += [["/void, dump being written", f"{size:,}", "1", *_load_cells(void)],
                              ["/void, dump current", f"{size:,}", "1", *_load_cells(settled)]]
            except OSError as error:
                notes.append(f"**/dumps at {size:,} failed: {error}**")
    if "sparql" in args.only:
        _say("  SPARQL: oxigraph serve …")
        with oxigraph_serve(store.folder) as server:
            results["oxigraph serve"] = {r.query: r for r in sparql_http.measure(
                server, queries, seconds=args.seconds, connections=args.connections)}
        if size <= args.rdflib_max and not _have("rdflib_endpoint", "uvicorn"):
            notes.append("rdflib-endpoint was not measured: it is not installed "
                         "(run scripts/setup-bench.sh).")
        elif size <= args.rdflib_max:
            _say("  SPARQL: rdflib-endpoint (loading the dump in memory) …")
            with rdflib_endpoint(full_nquads(store)) as server:
                results["rdflib-endpoint"] = {r.query: r for r in sparql_http.measure(
                    server, queries, seconds=args.seconds, connections=args.connections)}
        _sparql_rows(size, results, summary, sparql_rows, notes)


def _sparql_rows(size: int, results: dict[str, dict[str, sparql_http.QueryRun]],
                 summary: list[Row], rows: list[list[str]], notes: list[str]) -> None:
    ours = results["kg serve"]
    for name, run in ours.items():
        theirs = results["oxigraph serve"][name]
        ratio = run.load.rate / theirs.load.rate if theirs.load.rate else None
        summary.append(Row(f"SPARQL {name}, req/s vs Oxigraph server", f"{size:,}",
                           _rate(run.load.rate), _rate(theirs.load.rate), ratio,
                           f"≥ {TARGET_SPARQL_VS_OXIGRAPH}×",
                           ratio is not None and ratio >= TARGET_SPARQL_VS_OXIGRAPH))
        rdflib = results.get("rdflib-endpoint", {}).get(name)
        if rdflib is not None and name in RDFLIB_QUERIES:
            ratio = run.load.rate / rdflib.load.rate if rdflib.load.rate else None
            summary.append(Row(f"SPARQL {name}, req/s vs rdflib-endpoint", f"{size:,}",
                               _rate(run.load.rate), _rate(rdflib.load.rate), ratio,
                               f"≥ {TARGET_VS_RDFLIB:.0f}×",
                               ratio is not None and ratio >= TARGET_VS_RDFLIB))
    for server, runs in results.items():
        for name, run in runs.items():
            rows.append([server, f"{size:,}", name, str(run.rows), *_load_cells(run.load)])
            if run.rows != ours[name].rows:
                notes.append(f"**{server} answered {name} at {size:,} with {run.rows} rows, "
                             f"kg serve with {ours[name].rows}**: compare before trusting.")


def _where(path: Path | None) -> str:
    """Name a profile's file, or say why there is none."""
    if path is None:
        return "not taken (py-spy or pyinstrument missing, or the server not found)"
    return f"`{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}`"


def _have(*modules: str) -> bool:
    return all(importlib.util.find_spec(m) is not None for m in modules)


def _versions() -> dict[str, str]:
    found = {}
    for package in ("pyoxigraph", "oxigraph", "rdflib", "pyshacl", "gunicorn", "rdflib-endpoint",
                    "uvicorn"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            continue
    found["load generator"] = "wrk" if shutil.which("wrk") else "Python threads (no wrk)"
    return found


def main(argv: list[str] | None = None) -> int:
    """Run the selected benchmarks, print the summary and write bench/out/results.md."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    command = "python -m bench.run " + " ".join(sys.argv[1:] if argv is None else argv)
    summary: list[Row] = []
    sections: list[tuple[str, str]] = []
    notes = [
        "SPARQL, pages and dumps run on stores built fast: the synthetic pages are read, "
        "extracted and built by kg (no SHACL, no per-article transactions) and bulk-loaded "
        "with pyoxigraph `Store.bulk_load`; reference graphs are added as `kg ingest` does.",
        f"Load: {args.connections} connections for {args.seconds:g} s per query or page kind "
        f"and server after {sparql_http.WARM_UP_S:g} s of warm-up (SPARQL), loopback only; a "
        f"query slower than {sparql_http.SLOW_S} s is timed by sequential requests for the "
        "same time instead.",
    ]
    began = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    steps = []
    if "ingest" in args.only:
        steps.append(("ingest", run_ingest))
    if set(args.only) & {"sparql", "pages", "dumps"}:
        steps.append(("sparql/pages/dumps", run_store_benchmarks))
    for title, step in steps:
        _say(f"{title}:")
        try:
            step(args, summary, sections, notes)
        except Exception as error:  # report what was measured, and say what was not
            traceback.print_exc()
            notes.append(f"**{title} stopped early: {type(error).__name__}: {error}**")
    notes.append(f"Whole run: {(time.perf_counter() - began) / 60:.1f} min.")
    text = render(summary, sections, command=command.strip(), notes=notes,
                  versions=_versions())
    (OUT / "results.md").write_text(text, encoding="utf-8")
    _say("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
