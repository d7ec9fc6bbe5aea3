"""Pages and dereferencing: p50/p99 of article, expert and country pages and of /id/ → 303.

Each kind cycles through a fixed sample of resources (countries: all 64 of the corpus, from
the most mentioned to the least), so the percentiles cover heavy and light pages alike.
"""

from __future__ import annotations

import random
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from bench.corpus import COUNTRIES, generate_article
from bench.loadgen import Load, run_load
from bench.servers import Server
from bench.sparql_http import SLOW_S
from kg.uris import slugify

HTML = {"Accept": "text/html"}


def page_paths(n: int, seed: int, sample: int = 200) -> dict[str, list[str]]:
    """Pick the paths each page kind is measured on, the same for the same (n, seed)."""
    picker = random.Random(f"pages-{n}-{seed}")
    articles = [generate_article(i, seed) for i in picker.sample(range(n), min(sample, n))]
    experts = list(dict.fromkeys(slugify(a.expert) for a in articles))
    return {
        "article page": [f"/doc/article/{slugify(a.headline)}.html" for a in articles],
        "expert page": [f"/doc/expert/{slug}.html" for slug in experts],
        "country page": [f"/doc/country/{iso2.lower()}.html" for _, iso2 in COUNTRIES],
        "/id/ → 303": [f"/id/article/{slugify(a.headline)}" for a in articles],
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def check(server: Server, path: str, expected: int) -> float:
    """Fetch one path once (no redirects), fail unless it answers `expected`; return seconds."""
    opener = urllib.request.build_opener(_NoRedirect)
    began = time.perf_counter()
    try:
        with opener.open(urllib.request.Request(server.url + path, headers=HTML),
                         timeout=120) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != expected:
        raise RuntimeError(f"{server.name} answered {path} with {status}, not {expected}")
    return time.perf_counter() - began


@dataclass
class PageRun:
    """One page kind loaded on one server."""

    kind: str
    paths: int
    load: Load


def measure(server: Server, paths: dict[str, list[str]], *, seconds: float,
            connections: int) -> list[PageRun]:
    """Check a few paths of each kind, then load the server with all of them."""
    runs = []
    for kind, kind_paths in paths.items():
        expected = 303 if kind_paths[0].startswith("/id/") else 200
        try:
            latencies = [check(server, path, expected) for path in kind_paths[:3]]
            if max(latencies) >= SLOW_S:  # too slow for a concurrent load to finish any
                while sum(latencies) < seconds and len(latencies) < len(kind_paths):
                    latencies.append(check(server, kind_paths[len(latencies)], expected))
                ordered = sorted(latencies)
                load = Load(len(ordered), sum(ordered), ordered[len(ordered) // 2] * 1000,
                            ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
                            0, "sequential")
            else:
                load = run_load(server.url, kind_paths, seconds=seconds,
                                connections=connections, headers=HTML)
        except (OSError, RuntimeError) as error:
            load = Load(0, 0.0, 0.0, 0.0, 1, f"failed: {error}"[:90])
        runs.append(PageRun(kind, len(kind_paths), load))
    return runs
