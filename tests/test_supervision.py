"""The store supervisor: a dead store server is back within 5 s, with backoff, and logged.

Real `oxigraph serve` processes over a real store folder, killed with SIGKILL as the OOM killer
would; the supervisor's log says what it did.
"""

from __future__ import annotations

import logging
import os
import signal
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.store import EmbeddedStore, open_store
from kg.store.server import PROBE
from kg.store.supervision import StoreSupervisor

pytestmark = pytest.mark.slow

BACK_WITHIN = 5.0  # seconds: the promise (a behaviour limit, not a benchmark)
TRIPLE = "<http://example.org/a> <http://example.org/b> <http://example.org/c>"


@pytest.fixture
def supervisor(tmp_path: Path) -> Iterator[StoreSupervisor]:
    """A supervised store server over a folder holding one triple in a named graph."""
    location = str(tmp_path / "store")
    with EmbeddedStore(location) as store:
        store.update(f"INSERT DATA {{ GRAPH <http://example.org/g> {{ {TRIPLE} }} }}")
    supervisor = StoreSupervisor(location)
    yield supervisor
    supervisor.stop()


def answers(url: str) -> bool:
    """Tell whether a store server answers its probe query."""
    try:
        urllib.request.urlopen(f"{url}/{PROBE}", timeout=1).read()
        return True
    except OSError:
        return False


def kill_and_wait_for_return(supervisor: StoreSupervisor) -> int:
    """SIGKILL the server; return the new server's pid once it answers again."""
    dead = supervisor.process.pid
    os.kill(dead, signal.SIGKILL)
    deadline = time.monotonic() + BACK_WITHIN
    while time.monotonic() < deadline:
        if supervisor.process.pid != dead and answers(supervisor.url):
            return supervisor.process.pid
        time.sleep(0.05)
    raise AssertionError(f"the store server was not back within {BACK_WITHIN} s")


def test_a_killed_store_server_is_restarted_on_its_url_with_its_data(
        supervisor: StoreSupervisor, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kg.store.supervision")
    supervisor.stable_after = 0.5  # it has run long enough: the first death is not a crash loop
    time.sleep(0.6)
    first = supervisor.process.pid
    second = kill_and_wait_for_return(supervisor)
    assert second != first
    assert supervisor.restarts == 1
    with open_store(supervisor.url) as store:  # the same URL, the data still there
        assert store.quad_count() == 1
    assert f"store server (pid {first}) exited with code -9; restarting it in 0.0 s" in caplog.text
    assert f"store server restarted (pid {second}, restart 1)" in caplog.text


def test_a_server_that_keeps_dying_is_restarted_with_growing_delays(
        supervisor: StoreSupervisor, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kg.store.supervision")
    for _ in range(3):  # each death comes soon after a start: a crash loop
        kill_and_wait_for_return(supervisor)
    delays = [record.getMessage().rsplit(" in ", 1)[1] for record in caplog.records
              if "exited with code" in record.getMessage()]
    assert delays == ["0.5 s", "1.0 s", "2.0 s"]


def test_a_restart_on_request_ends_a_running_query(supervisor: StoreSupervisor,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kg.store.supervision")
    time.sleep(1.0)  # past the settling time after its start
    first = supervisor.process.pid
    supervisor.request_restart()
    deadline = time.monotonic() + BACK_WITHIN
    while supervisor.process.pid == first or not answers(supervisor.url):
        assert time.monotonic() < deadline, "no restart after the request"
        time.sleep(0.05)
    assert "a query ran past its time limit" in caplog.text
