"""Print extraction milliseconds per article per core (median, p95): samples and bench corpus.

Figures only, no assertions. Each article is extracted alone in this one process (one core),
after a warm-up that loads the spaCy model and the lexicon. As the house rules ask, a baseline is
measured in the same run: the gazetteer scan alone (countries and organizations), which every
extraction has to do, so the ratio shows what parsing and the constructions cost on top of it.
The budget (issue 10) is 20 ms per article per core, parsing included.

    .venv/bin/python -m bench.extract_speed [--corpus N] [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.corpus import write_corpus
from kg.extract import extract
from kg.extract.gazetteer import find_country_mentions, find_organization_mentions
from kg.model import Document
from kg.sources import read_documents

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
BUDGET_MS = 20.0


def documents_in(folder: Path) -> list[Document]:
    """Read every article of a folder once."""
    return [d for d in read_documents(folder) if isinstance(d, Document)]


def per_article_ms(documents: list[Document], rounds: int,
                   work: Callable[[Document], object]) -> list[float]:
    """Time `work` on each document, `rounds` times, and return milliseconds per call."""
    times = []
    for _ in range(rounds):
        for document in documents:
            started = time.perf_counter()
            work(document)
            times.append((time.perf_counter() - started) * 1000)
    return times


def gazetteer_only(document: Document) -> object:
    """The baseline: scan the body for countries and organizations, nothing else."""
    return find_country_mentions(document.body), find_organization_mentions(document.body)


def p95(times: list[float]) -> float:
    """Return the 95th percentile of a list of timings."""
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


def report(name: str, documents: list[Document], rounds: int) -> str:
    """Measure one set of articles and render its line of figures.

    The first pass is reported apart: it is what an ingest pays, each article seen once (the
    tokenizer and vocabulary meet its new words); the later passes are the warm cost.
    """
    baseline = per_article_ms(documents, rounds, gazetteer_only)
    first = per_article_ms(documents, 1, extract)
    full = per_article_ms(documents, rounds, extract)
    words = sum(len(d.body.split()) for d in documents) / len(documents)
    median = statistics.median(full)
    return (f"{name:<14}{len(documents):>6}{words:>7.0f}{statistics.median(first):>8.2f}"
            f"{p95(first):>8.2f}{median:>10.2f}{p95(full):>9.2f}"
            f"{statistics.median(baseline):>10.3f}{median / statistics.median(baseline):>9.1f}x"
            f"   first pass {'within' if p95(first) <= BUDGET_MS else 'OVER'} the "
            f"{BUDGET_MS:.0f} ms budget at p95")


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=int, default=300, help="bench corpus articles")
    parser.add_argument("--rounds", type=int, default=3, help="passes over each set")
    args = parser.parse_args()
    samples = documents_in(SAMPLES)
    with tempfile.TemporaryDirectory() as folder:
        write_corpus(folder, args.corpus, seed=1)
        corpus = documents_in(Path(folder))
    extract(samples[0])  # load the model, the lexicon and the gazetteer
    print("extraction, milliseconds per article on one core (median, p95), on first sight and "
          "warm; baseline: gazetteer scan alone")
    print(f"{'set':<14}{'n':>6}{'words':>7}{'first':>8}{'p95':>8}{'warm':>10}{'p95':>9}"
          f"{'baseline':>10}{'ratio':>10}")
    print(report("samples", samples, args.rounds))
    print(report("bench corpus", corpus, args.rounds))


if __name__ == "__main__":
    main()
