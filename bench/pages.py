"""Pages and dereferencing: p50/p99 of article, expert and country pages and of /id/ → 303.

Each kind cycles through a fixed sample of resources (countries: all 64 of the corpus, from
the most mentioned to the least), so the percentiles cover heavy and light pages alike.
"""

from __future__ import annotations

import random
import urllib.error
import urllib.request
from dataclasses import dataclass

from bench.corpus import COUNTRIES, generate_article
from bench.loadgen import Load, run_load
from bench.servers import Server
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


def check(server: Server, path: str, expected: int) -> None:
    """Fetch one path once (no redirects) and fail unless it answers with `expected`."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(server.url + path, headers=HTML),
                         timeout=120) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != expected:
        raise RuntimeError(f"{server.name} answered {path} with {status}, not {expected}")


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
        try:
            for path in kind_paths[:3]:
                check(server, path, 303 if path.startswith("/id/") else 200)
        except (OSError, RuntimeError) as error:
            runs.append(PageRun(kind, len(kind_paths), Load(0, 0.0, 0.0, 0.0, 1,
                                                            f"failed: {error}"[:80])))
            continue
        load = run_load(server.url, kind_paths, seconds=seconds, connections=connections,
                        headers=HTML)
        runs.append(PageRun(kind, len(kind_paths), load))
    return runs
