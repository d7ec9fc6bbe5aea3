"""Ingest: articles/s end to end (read, extract, build, SHACL, store), memory, and where time goes.

Each measurement runs in a fresh process (`python -m bench.ingest MODE …`) on a fresh store,
so peak memory (ru_maxrss) is that run's alone:

- ``full-jN``: `kg.pipeline.ingest.Pipeline` as `kg ingest --jobs N` runs it;
- ``noshacl-jN``: the same pipeline with validation replaced by "conforms", so the SHACL share
  is the difference;
- ``stages``: the pipeline's own steps called one by one and timed (read, extract, build,
  validate, store), to point at the bottleneck;
- ``bulk``: the baseline, Oxigraph bulk-loading the same articles' triples (built beforehand,
  untimed).

RSS is sampled every `--every` articles, giving the memory growth curve.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.stores import BASE_URI, write_nquads

_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    """Resident memory of this process now, in MiB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * _PAGE / 2**20


def peak_mb() -> float:
    """Peak resident memory so far, in MiB: this process plus its largest worker, if any.

    Linux reports ru_maxrss in KiB; for children it is the largest child's peak, so with N
    workers the true total can be up to N-1 workers' peaks higher.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + worker) / 1024


@dataclass
class IngestRun:
    """What one ingest run measured."""

    mode: str
    articles: int
    seconds: float
    peak_mb: float
    stored: int = 0
    rejected: int = 0
    curve: list[tuple[int, float, float]] = field(default_factory=list)  # (done, s, RSS MiB)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage

    @property
    def rate(self) -> float:
        """Articles per second."""
        return self.articles / self.seconds if self.seconds else 0.0


def _pipeline_run(mode: str, corpus: Path, store_dir: Path, every: int) -> IngestRun:
    from kg.pipeline.ingest import Pipeline
    from kg.pipeline.validate import ValidationReport
    from kg.store import EmbeddedStore

    kind, jobs = mode.split("-j")
    if kind == "noshacl":
        # Patched on the class, so worker processes (forked) skip SHACL too.
        Pipeline.validate = lambda self, graphs: ValidationReport([])  # type: ignore[method-assign]
    options: dict[str, Any] = ({"jobs": int(jobs)}
                               if "jobs" in inspect.signature(Pipeline).parameters else {})
    with EmbeddedStore(str(store_dir)) as store:
        pipeline = Pipeline(BASE_URI, store, **options)
        run = IngestRun(mode, 0, 0.0, 0.0)
        began = time.perf_counter()
        for outcome in pipeline.run([corpus]):
            run.articles += 1
            run.stored += outcome.status == "stored"
            run.rejected += outcome.status != "stored"
            if run.articles % every == 0:
                run.curve.append((run.articles, time.perf_counter() - began, rss_mb()))
        run.seconds = time.perf_counter() - began
    run.peak_mb = peak_mb()
    return run


def _stages_run(corpus: Path, store_dir: Path) -> IngestRun:
    """Time the pipeline's steps separately (what Pipeline._process does, step by step)."""
    from kg.extract import extract
    from kg.pipeline.build import oxigraph_triples
    from kg.pipeline.ingest import Pipeline, load_reference_graphs
    from kg.sources import find_source_files, read_source
    from kg.store import EmbeddedStore

    stages = dict.fromkeys(("read", "extract", "build", "validate (SHACL)", "store"), 0.0)
    with EmbeddedStore(str(store_dir)) as store:
        pipeline = Pipeline(BASE_URI, store)
        load_reference_graphs(store, pipeline.uris)
        run = IngestRun("stages", 0, 0.0, 0.0)
        began = time.perf_counter()
        for path in find_source_files(corpus):
            t0 = time.perf_counter()
            document = read_source(path)[0]
            t1 = time.perf_counter()
            extraction = extract(document)  # type: ignore[arg-type]
            t2 = time.perf_counter()
            built = pipeline.builder.build(extraction)
            t3 = time.perf_counter()
            report = pipeline.validate([built.graph])
            t4 = time.perf_counter()
            if report.conforms:
                store.replace_graphs({built.graph_name: oxigraph_triples(built.graph)})
                run.stored += 1
            else:
                run.rejected += 1
            t5 = time.perf_counter()
            for name, spent in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4),
                                   strict=True):
                stages[name] += spent
            run.articles += 1
        run.seconds = time.perf_counter() - began
    run.stages = stages
    run.peak_mb = peak_mb()
    return run


def _bulk_run(n: int, seed: int, store_dir: Path) -> IngestRun:
    """Bulk-load the same articles' triples into a fresh Oxigraph store (the baseline)."""
    import pyoxigraph as ox

    nquads = store_dir.with_suffix(".nq")
    write_nquads(nquads, n, seed)  # untimed: the baseline is the store's own loading speed
    began = time.perf_counter()
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - began
    nquads.unlink()
    return IngestRun("bulk", n, seconds, peak_mb())


def measure(mode: str, n: int, seed: int, corpus: Path, scratch: Path, every: int) -> IngestRun:
    """Run one ingest mode in a fresh process on a fresh store and return what it measured."""
    import shutil

    store_dir = scratch / f"ingest-{mode}"
    shutil.rmtree(store_dir, ignore_errors=True)
    result = scratch / f"ingest-{mode}.json"
    subprocess.run([sys.executable, "-m", "bench.ingest", mode, str(n), str(seed), str(corpus),
                    str(store_dir), str(result), str(every)], check=True, timeout=7200)
    data = json.loads(result.read_text())
    shutil.rmtree(store_dir, ignore_errors=True)
    data["curve"] = [tuple(point) for point in data["curve"]]
    return IngestRun(**data)


def main(argv: list[str]) -> None:
    """Run one mode in this process and write its figures as JSON (the child side of measure)."""
    parser = argparse.ArgumentParser(prog="python -m bench.ingest")
    parser.add_argument("mode", help="full-jN, noshacl-jN, stages or bulk")
    parser.add_argument("n", type=int)
    parser.add_argument("seed", type=int)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("store", type=Path)
    parser.add_argument("result", type=Path)
    parser.add_argument("every", type=int)
    args = parser.parse_args(argv)
    if args.mode == "stages":
        run = _stages_run(args.corpus, args.store)
    elif args.mode == "bulk":
        run = _bulk_run(args.n, args.seed, args.store)
    else:
        run = _pipeline_run(args.mode, args.corpus, args.store, args.every)
    args.result.write_text(json.dumps(asdict(run)))


if __name__ == "__main__":
    main(sys.argv[1:])
