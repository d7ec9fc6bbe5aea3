"""Soak: minutes of mixed load at many connections against `kg serve`, with an ingest through it.

`python -m bench.soak [--seconds 600] [--connections 64] [--articles 1000]` (`make soak`).
Each connection keeps one keep-alive HTTP connection and one kind of request: light SPARQL
(a lookup with LIMIT), heavy SPARQL (an aggregate over every stance), pages (article, expert
and country pages, the article list), `/id/` → 303, and the dump. Beside them, `kg ingest`
runs again and again over the same articles through the server (the store folder's serving
marker), replacing their graphs, so the data neither grows nor shrinks. Reported per kind:
answers, limit answers (429, or 503 with Retry-After), other 5xx, other failures, p50 and p99; and
the resident memory of the whole `kg serve` process tree (gunicorn, its workers, Oxigraph's
server), sampled every few seconds, against its level after the warm-up.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpus import write_corpus
from bench.servers import BIN, Server, kg_serve
from bench.stores import BASE_URI, OUT, built_store
from kg.store import EmbeddedStore

PREFIXES = ("PREFIX kg: <https://w3id.org/stancegraph/vocab#> "
            "PREFIX schema: <https://schema.org/> ")
LIGHT = PREFIXES + ("SELECT ?a ?h WHERE { ?a schema:mentions <{country}> ; schema:headline ?h } "
                    "LIMIT 10")
HEAVY = PREFIXES + ("SELECT ?holder ?polarity (COUNT(?s) AS ?n) WHERE { ?s a kg:Stance ; "
                    "kg:holder ?holder ; kg:polarity ?polarity } GROUP BY ?holder ?polarity "
                    "ORDER BY DESC(?n)")
# Connections per kind, out of every 16 (so 64 connections are 4 times this).
SHARES = {"light SPARQL": 6, "heavy SPARQL": 1, "page": 6, "/id/ → 303": 2, "dump": 1}
WARM_UP = 0.2  # the share of the run before the memory reference is taken


@dataclass
class Kind:
    """What one kind of request met: latencies of answers, limit answers and failures."""

    latencies: list[float] = field(default_factory=list)
    limit_answers: int = 0
    server_errors: int = 0  # 5xx that are not limit answers
    failures: list[str] = field(default_factory=list)  # unexpected statuses, socket errors

    def percentile(self, share: float) -> float:
        """A latency percentile in milliseconds (0 when nothing was answered)."""
        ordered = sorted(self.latencies)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


@dataclass
class Soak:
    """The outcome of a soak run."""

    seconds: float
    connections: int
    kinds: dict[str, Kind]
    rss: list[tuple[float, dict[str, float]]]  # (seconds since start, MiB of each process)
    ingest_runs: int
    ingest_failures: list[str]

    @property
    def rss_mib(self) -> list[tuple[float, float]]:
        """The process tree's memory over time: (seconds since start, MiB)."""
        return [(t, sum(each.values())) for t, each in self.rss]

    @property
    def rss_reference(self) -> float:
        """The memory after the warm-up: the first sample past WARM_UP of the run."""
        after = [m for t, m in self.rss_mib if t >= self.seconds * WARM_UP]
        return after[0] if after else (self.rss_mib[-1][1] if self.rss_mib else 0.0)

    def rss_by_process(self) -> str:
        """Each process's memory after the warm-up and at the end, to say which one grew."""
        after = [each for t, each in self.rss if t >= self.seconds * WARM_UP] or [{}]
        first, last = after[0], self.rss[-1][1] if self.rss else {}
        return "; ".join(f"{name} {first.get(name, 0):,.0f} → {mib:,.0f} MiB"
                         for name, mib in sorted(last.items()))

    @property
    def rss_growth(self) -> float:
        """How far the memory rose above its reference at the end of the run (0.05 = 5 %)."""
        if not self.rss_mib or not self.rss_reference:
            return 0.0
        return self.rss_mib[-1][1] / self.rss_reference - 1

    @property
    def clean(self) -> bool:
        """No 5xx but limit answers, no failure, no failed ingest."""
        return not self.ingest_failures and all(
            not k.server_errors and not k.failures for k in self.kinds.values())

    def table(self) -> str:
        """The figures as a Markdown table, then the memory line."""
        lines = ["| kind | answers | limit answers (503) | other 5xx | failures | p50 ms | "
                 "p99 ms |", "|---|---|---|---|---|---|---|"]
        for name, kind in self.kinds.items():
            lines.append(f"| {name} | {len(kind.latencies):,} | {kind.limit_answers} | "
                         f"{kind.server_errors} | {len(kind.failures)} | "
                         f"{kind.percentile(0.5):,.1f} | {kind.percentile(0.99):,.1f} |")
        lines.append(f"| ingest (`kg ingest` through the server) | {self.ingest_runs} runs | — | "
                     f"— | {len(self.ingest_failures)} | — | — |")
        peak = max((m for _, m in self.rss_mib), default=0.0)
        lines.append("")
        lines.append(f"RSS of `kg serve`'s process tree: {self.rss_reference:,.0f} MiB after the "
                     f"warm-up, {self.rss_mib[-1][1] if self.rss_mib else 0:,.0f} MiB at the end "
                     f"({self.rss_growth:+.1%}), peak {peak:,.0f} MiB; "
                     f"{len(self.rss_mib)} samples. By process: {self.rss_by_process()}.")
        return "\n".join(lines)


def tree_rss_mib(session: int) -> dict[str, float]:
    """Resident memory of each process in a session (a server started in its own session)."""
    page = os.sysconf("SC_PAGE_SIZE")
    found: dict[str, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[3]) == session:  # field 6 of stat: the session id
                role = "oxigraph" if "oxigraph" in (entry / "cmdline").read_text() else (
                    "gunicorn" if "gunicorn" in (entry / "cmdline").read_text() else "kg serve")
                resident = int((entry / "statm").read_text().split()[1]) * page / 2**20
                found[f"{role} {entry.name}"] = resident
    return found


def resource_paths(server: Server, count: int = 40) -> dict[str, list[str]]:
    """Pick real resources of the served store: countries for lookups, and pages to read."""
    import json
    import urllib.request

    def select(query: str) -> list[str]:
        url = f"{server.url}/sparql?{urllib.parse.urlencode({'query': query})}"
        request = urllib.request.Request(url, headers={"Accept": ACCEPT["light SPARQL"]})
        with urllib.request.urlopen(request, timeout=120) as response:
            rows = json.load(response)["results"]["bindings"]
        return [row["x"]["value"] for row in rows]

    def local(iri: str) -> str:
        return "/" + iri.removeprefix(BASE_URI).lstrip("/")

    articles = select(PREFIXES + f"SELECT DISTINCT ?x WHERE {{ ?x schema:articleBody ?b }} "
                      f"LIMIT {count}")
    experts = select(PREFIXES + f"SELECT DISTINCT ?x WHERE {{ ?x a kg:Expert }} LIMIT {count}")
    countries = select(PREFIXES + "SELECT DISTINCT ?x WHERE { ?a schema:mentions ?x } "
                       f"LIMIT {count}")
    docs = [local(i).replace("/id/", "/doc/", 1) + ".html" for i in articles + experts + countries]
    return {
        "light SPARQL": ["/sparql?" + urllib.parse.urlencode(
            {"query": LIGHT.replace("{country}", c)}) for c in countries],
        "heavy SPARQL": ["/sparql?" + urllib.parse.urlencode({"query": HEAVY})],
        "page": [*docs, "/articles", "/experts", "/countries"],
        "/id/ → 303": [local(i) for i in articles + experts],
        "dump": ["/dumps/stancegraph.nq.gz"],
    }


ACCEPT = {"light SPARQL": "application/sparql-results+json",
          "heavy SPARQL": "application/sparql-results+json", "page": "text/html",
          "/id/ → 303": "text/turtle", "dump": "*/*"}


def hammer(server: Server, kind: str, paths: list[str], deadline: float, into: Kind,
           client: int = 1) -> None:
    """Send one kind of request over one keep-alive connection until the deadline.

    Each connection comes from its own loopback address (127.0.0.`client`), as the clients of
    a public endpoint do, so the per-client share of admission control applies to each.
    """
    parts = urllib.parse.urlsplit(server.url)
    host, port = parts.hostname or "127.0.0.1", parts.port
    source = (f"127.0.0.{client}", 0)
    connection = http.client.HTTPConnection(host, port, timeout=120, source_address=source)
    for path in itertools.cycle(paths):
        if time.monotonic() >= deadline:
            break
        began = time.monotonic()
        try:
            connection.request("GET", path, headers={"Accept": ACCEPT[kind]})
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as error:
            into.failures.append(f"{path}: {type(error).__name__}: {error}")
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=120,
                                                    source_address=source)
            continue
        if response.status == 429 or (response.status == 503 and (
                b"limit" in body.lower() or response.getheader("Retry-After"))):
            into.limit_answers += 1
        elif response.status >= 500:
            into.server_errors += 1
            into.failures.append(f"{path}: {response.status} {body[:200]!r}")
        elif response.status >= 400:
            into.failures.append(f"{path}: {response.status} {body[:200]!r}")
        else:
            into.latencies.append(time.monotonic() - began)
    connection.close()


def ingest_again_and_again(folder: Path, articles: Path, deadline: float,
                           runs: list[float], failures: list[str]) -> None:
    """Re-ingest the same articles through the server until the deadline."""
    while time.monotonic() < deadline:
        began = time.monotonic()
        done = subprocess.run([str(BIN / "kg"), "--store", str(folder), "--base-uri", BASE_URI,
                               "ingest", "--jobs", "1", str(articles)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            failures.append(done.stderr.strip().splitlines()[-1] if done.stderr.strip()
                            else f"exit {done.returncode}")
        runs.append(time.monotonic() - began)


def soak(folder: Path, articles: Path | None, *, seconds: float, connections: int,
         sample_every: float = 5.0, dumps: Path | None = None,
         log: Callable[[str], None] = print) -> Soak:
    """Serve the store folder and load it for `seconds`; return what every kind met.

    `articles` is a folder `kg ingest` writes again and again through the server; None: no
    writes (to tell what the writes cost from what the reads do).
    """
    with kg_serve(folder, dumps=dumps) as server:
        paths = resource_paths(server)
        kinds = {name: Kind() for name in SHARES}
        plan = [name for name, share in SHARES.items() for _ in range(share)]
        assignment = [plan[n % len(plan)] for n in range(connections)]
        began = time.monotonic()
        deadline = began + seconds
        threads = [threading.Thread(target=hammer, args=(server, kind, paths[kind], deadline,
                                                         kinds[kind], 1 + n % 250), daemon=True)
                   for n, kind in enumerate(assignment)]
        runs: list[float] = []
        ingest_failures: list[str] = []
        if articles is not None:
            threads.append(threading.Thread(target=ingest_again_and_again, daemon=True,
                                            args=(folder, articles, deadline, runs,
                                                  ingest_failures)))
        for thread in threads:
            thread.start()
        samples: list[tuple[float, dict[str, float]]] = []
        while time.monotonic() < deadline:
            samples.append((time.monotonic() - began, tree_rss_mib(server.process.pid)))
            log(f"  {samples[-1][0]:5.0f} s  RSS {sum(samples[-1][1].values()):,.0f} MiB  answers "
                + ", ".join(f"{k} {len(v.latencies):,}" for k, v in kinds.items()))
            time.sleep(min(sample_every, max(0.0, deadline - time.monotonic())))
        for thread in threads:
            thread.join(timeout=300)
        samples.append((time.monotonic() - began, tree_rss_mib(server.process.pid)))
    return Soak(seconds, connections, kinds, samples, len(runs), ingest_failures)


@contextlib.contextmanager
def soak_store(articles: int, ingested: int) -> Iterator[tuple[Path, Path | None]]:
    """A throw-away copy of the bench store of n articles, and the first articles' pages."""
    built = built_store(articles, log=print)
    with tempfile.TemporaryDirectory(prefix="soak-", dir=OUT) as work:
        folder = Path(work) / "store"
        with EmbeddedStore(built.folder) as original:  # Oxigraph's backup: hard links, cheap
            original.backup(folder)
        pages = Path(work) / "articles"
        if ingested:
            write_corpus(pages, ingested)
        yield folder, pages if ingested else None


def main(argv: list[str] | None = None) -> int:
    """Run the soak and write bench/out/soak.md; exit 1 on any 5xx but limit answers."""
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--articles", type=int, default=1000,
                        help="articles in the served store (the bench corpus)")
    parser.add_argument("--ingested", type=int, default=50,
                        help="articles `kg ingest` writes again and again through the server "
                             "(0: no writes)")
    args = parser.parse_args(argv)
    with soak_store(args.articles, args.ingested) as (folder, pages):
        print(f"soak: {args.seconds:.0f} s, {args.connections} connections, "
              f"{args.articles:,} articles, re-ingesting {args.ingested}")
        result = soak(folder, pages, seconds=args.seconds, connections=args.connections,
                      dumps=folder.parent / "dumps")
    report = (f"Soak ({time.strftime('%Y-%m-%d')}, `python -m bench.soak --seconds "
              f"{args.seconds:g} --connections {args.connections} --articles {args.articles} "
              f"--ingested {args.ingested}`, "
              f"{os.cpu_count()} cores)\n\n{result.table()}\n")
    print(report)
    for name, kind in result.kinds.items():
        for failure in kind.failures[:5]:
            print(f"  {name}: {failure}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "soak.md").write_text(report, encoding="utf-8")
    return 0 if result.clean else 1


if __name__ == "__main__":
    sys.exit(main())
