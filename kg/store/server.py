"""Oxigraph's own server over a store folder: one owning process, HTTP access for many.

An embedded folder can be opened by one process only. While a server runs, `<folder>.serving`
names its URL, so `open_store(folder)` in another process reaches the data through it.

The server runs without `--timeout-s`: Oxigraph 0.5 starts one thread per query that sleeps
for the whole limit, so a sustained load of light queries piles up threads until the server
cannot start any more and exits (measured: 3,900 threads after one second at 3,900 queries/s;
it died within seconds at a 30 s limit). Clients give up at their own limit instead; a
streamed answer then stops when they hang up, and a blocking one (an aggregate) is ended by
restarting the server (kg.store.supervision, asked by the web tier when a query overruns).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from kg.errors import StoreError

PROBE = "query?query=ASK%7B%7D"


def free_port(host: str = "127.0.0.1") -> int:
    """Ask the kernel for a free TCP port on a loopback address."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def serving_marker(location: str | Path) -> Path:
    """Name the file that tells other processes which server owns a store folder."""
    return Path(str(location).rstrip("/") + ".serving")


def wait_until_up(url: str, seconds: float = 30.0,
                  process: subprocess.Popen[bytes] | None = None) -> None:
    """Poll a URL until it answers, so nothing starts against a server that is not there.

    Given the server's `process`, stop waiting as soon as it has exited (a taken port, say).
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            if process is not None and (code := process.poll()) is not None:
                raise StoreError(f"the server for {url} exited with code {code}") from None
            time.sleep(0.02)
    raise StoreError(f"{url} did not come up within {seconds:.0f} s")


def start_store_server(location: str, *,
                       port: int | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """Start `oxigraph serve` on the folder at a loopback port; return it and its URL.

    `--union-default-graph` makes the default graph the union of the named graphs, as the
    Store contract requires; give `port` to restart a server where its clients expect it.
    """
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    binary = shutil.which("oxigraph", path=search)
    if binary is None:
        raise StoreError("the `oxigraph` server is not installed (pip install oxigraph)")
    port = port or free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", location, "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"],
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/{PROBE}", process=process)
    except StoreError:
        process.kill()
        raise
    return process, url


def serving_url(location: str | Path) -> str | None:
    """Return the URL of a live server that owns this folder, if one does."""
    try:
        url = serving_marker(location).read_text(encoding="utf-8").strip()
        urllib.request.urlopen(f"{url}/{PROBE}", timeout=2).read()
    except OSError:
        return None
    return url
