"""Print how many articles per second the extractor handles on the bundled samples.

Figures only, no assertions. As the house rules ask, the figure comes with a baseline measured
in the same run: the gazetteer scan alone (finding countries and organizations), which every
extraction has to do, so the ratio shows what the rest of the extractor costs on top of it.

    .venv/bin/python bench/extract_speed.py [--rounds N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from kg.extract import extract
from kg.extract.gazetteer import find_country_mentions, find_organization_mentions
from kg.model import Document
from kg.sources import read_documents

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def load_samples() -> list[Document]:
    """Read every sample article once."""
    return [d for d in read_documents(SAMPLES) if isinstance(d, Document)]


def articles_per_second(documents: list[Document], rounds: int,
                        work: Callable[[Document], object]) -> float:
    """Run `work` over the documents `rounds` times and return articles per second."""
    started = time.perf_counter()
    for _ in range(rounds):
        for document in documents:
            work(document)
    return rounds * len(documents) / (time.perf_counter() - started)


def gazetteer_only(document: Document) -> object:
    """The baseline: scan the body for countries and organizations, nothing else."""
    return find_country_mentions(document.body), find_organization_mentions(document.body)


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over the samples")
    rounds = parser.parse_args().rounds
    documents = load_samples()
    words = sum(len(d.body.split()) for d in documents)
    extract(documents[0])  # warm the gazetteer and lexicon caches
    baseline = articles_per_second(documents, rounds, gazetteer_only)
    full = articles_per_second(documents, rounds, extract)
    print(f"{len(documents)} sample articles ({words / len(documents):.0f} words on average), "
          f"{rounds} rounds")
    print(f"gazetteer scan only (baseline): {baseline:10.1f} articles/s")
    print(f"full extraction:                {full:10.1f} articles/s "
          f"({baseline / full:.1f}x the baseline's time)")


if __name__ == "__main__":
    main()
