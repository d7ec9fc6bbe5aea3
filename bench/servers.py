"""Start and stop the servers under test, each on a free loopback port, one at a time.

A store folder can be opened by one process only, so `kg serve` and `oxigraph serve` take
turns on the same folder. Every server runs in its own session, so stopping it stops its
children (gunicorn workers, the store server) and nothing else.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.stores import BASE_URI, OUT
from kg.store.server import free_port

BIN = Path(sys.executable).parent


@dataclass
class Server:
    """A running server: its name, its root URL and the path its SPARQL endpoint answers on."""

    name: str
    url: str
    sparql_path: str
    process: subprocess.Popen[bytes]


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float, name: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode} before answering; "
                               f"see {OUT / 'logs'}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{name} did not answer {url} within {seconds:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Interrupt the server's own session (as Ctrl-C would), then kill it if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def _running(name: str, command: list[str], probe: str, sparql_path: str, port: int,
             env: dict[str, str] | None = None, wait_s: float = 120) -> Iterator[Server]:
    logs = OUT / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / f"{name}.log", "wb") as log:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log,
                                   start_new_session=True, env={**os.environ, **(env or {})})
        url = f"http://127.0.0.1:{port}"
        try:
            _wait(url + probe, process, wait_s, name)
            yield Server(name, url, sparql_path, process)
        finally:
            _stop(process)


def kg_serve(folder: Path, *, workers: int = 2,
             dumps: Path | None = None) -> contextlib.AbstractContextManager[Server]:
    """Run `kg serve` (Oxigraph store server + gunicorn) over the folder."""
    port = free_port()
    command = [str(BIN / "kg"), "--store", str(folder), "--base-uri", BASE_URI, "serve",
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    # Dumps are written as soon as asked for (no settling): the bench times the writing.
    return _running("kg-serve", command, "/sparql?query=ASK%7B%7D", "/sparql", port,
                    env={"KG_DUMP_DIR": str(dumps or dump_folder(folder)), "KG_DUMP_SETTLE": "0"})


def dump_folder(folder: Path) -> Path:
    """Where `kg serve` over a bench store keeps its dumps."""
    return OUT / "cache" / f"dumps-{folder.name}"


def oxigraph_serve(folder: Path) -> contextlib.AbstractContextManager[Server]:
    """Run Oxigraph's own server over the folder, the default graph being the union graph."""
    port = free_port()
    command = [str(BIN / "oxigraph"), "serve", "--location", str(folder), "--bind",
               f"127.0.0.1:{port}", "--union-default-graph"]
    return _running("oxigraph", command, "/query?query=ASK%7B%7D", "/query", port)


def rdflib_endpoint(nquads: Path) -> contextlib.AbstractContextManager[Server]:
    """Run rdflib-endpoint (uvicorn) over the N-Quads file, loaded in memory."""
    port = free_port()
    command = [str(BIN / "python"), "-m", "uvicorn", "bench.rdflib_app:app", "--host",
               "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"]
    return _running("rdflib-endpoint", command, "/?query=ASK%7B%7D", "/", port,
                    env={"BENCH_NQUADS": str(nquads)}, wait_s=900)
