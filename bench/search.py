"""Full-text search speed: an FTS5 index of N synthetic articles, built and queried directly.

Run: `.venv/bin/python -m bench.search [N]` (default 100000). Prints the build rate and p50/p99
of a fixed mix of queries (words, prefixes, phrases, a kind filter) against a baseline: the
same SQLite file answering a bare `SELECT 1`, measured in the same run.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

from bench.corpus import generate
from kg.search import SearchIndex

QUERIES = ["ukraine", "sanctions", "kaka", '"close relations"', "turk", "russia china",
           "drone deals", '"strongly opposed"', "mediation", "gas"]


def timings(call, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Time a call, in milliseconds, repeat times."""
    found = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        found.append((time.perf_counter() - began) * 1000)
    return found


def main(n: int) -> None:
    """Build the index of n articles and time the query mix."""
    with tempfile.TemporaryDirectory() as folder:
        index = SearchIndex(Path(folder) / "bench.sqlite")
        began = time.perf_counter()
        index.add((f"http://localhost:5000/id/article/{a.index}", "article", a.headline, a.text)
                  for a in generate(n))
        built = time.perf_counter() - began
        print(f"{n} articles indexed in {built:.1f} s ({n / built:.0f}/s), "
              f"{(Path(folder) / 'bench.sqlite').stat().st_size / 1e6:.0f} MB")
        samples = []
        for query in QUERIES:
            result = index.search(query)  # warm
            these = timings(lambda q=query: index.search(q, limit=50), 20)
            print(f"  {query:<22} {sum(result.kinds.values()):>7} hits  "
                  f"p50 {statistics.median(these):7.1f} ms")
            samples += these
        with closing(sqlite3.connect(Path(folder) / "bench.sqlite")) as connection:
            baseline = timings(lambda: connection.execute("SELECT 1").fetchall(), 200)
        p50, p99 = statistics.median(samples), statistics.quantiles(samples, n=100)[98]
        print(f"search: p50 {p50:.1f} ms, p99 {p99:.1f} ms over {len(samples)} queries; "
              f"baseline SELECT 1 p50 {statistics.median(baseline):.3f} ms "
              f"(ratio p99/baseline {p99 / statistics.median(baseline):.0f}x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
