"""A short soak (`make soak` runs the ten-minute one): mixed load at 64 connections against a
real `kg serve` while `kg ingest` writes through it; no 5xx but limit answers, no failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES

from bench.soak import SHARES, soak
from kg.pipeline.ingest import Pipeline
from kg.store import EmbeddedStore

pytestmark = [pytest.mark.server, pytest.mark.slow]


def test_a_short_soak_meets_no_5xx_and_no_failure(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with EmbeddedStore(folder) as store:
        assert all(o.status == "stored" for o in Pipeline("http://localhost:5000/", store)
                   .run([SAMPLES]))
    result = soak(folder, SAMPLES, seconds=15, connections=64, sample_every=2,
                  dumps=tmp_path / "dumps", log=lambda line: None)
    assert set(result.kinds) == set(SHARES)
    for name, kind in result.kinds.items():
        assert kind.latencies, f"{name}: nothing answered"
        assert not kind.server_errors and not kind.failures, (name, kind.failures[:5])
    assert result.ingest_runs >= 1 and not result.ingest_failures, result.ingest_failures
    assert len(result.rss_mib) >= 3 and all(mib > 0 for _, mib in result.rss_mib)
    roles = {name.rsplit(" ", 1)[0] for name in result.rss[-1][1]}
    assert roles == {"kg serve", "oxigraph", "gunicorn"}
    assert result.clean
