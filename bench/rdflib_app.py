"""The rdflib-endpoint baseline: the benchmark's N-Quads loaded into an in-memory rdflib Dataset.

Run as `uvicorn bench.rdflib_app:app` with BENCH_NQUADS naming the file; the default graph
is the union of the named graphs, as in the other servers under test.
"""

from __future__ import annotations

import os
import warnings

from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def load_dataset(path: str) -> Dataset:
    """Parse the N-Quads into a Dataset whose default graph is the union graph."""
    dataset = Dataset(default_union=True)
    with warnings.catch_warnings():  # rdflib's quad parser calls deprecated API
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(path, format="nquads")
    return dataset


app = SparqlEndpoint(graph=load_dataset(os.environ["BENCH_NQUADS"]), cors_enabled=False)
