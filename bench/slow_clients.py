"""Slow clients against gunicorn's gthread worker and against kg serve's BufferedRequestWorker.

Both serve the same application (one worker of 8 threads, over an embedded store of the
samples). 200 sockets send one header line (or one body byte) a second while a normal client
makes 10 requests, each given up after 3 s. Prints, per worker and kind of slow client, the
normal client's slowest request and how many timed out, and the ratio to gthread (baseline).

Run: .venv/bin/python -m bench.slow_clients
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from kg.store.server import free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
SOCKETS, REQUESTS, GIVE_UP = 200, 10, 3.0
WORKERS = ("gthread", "webapp.worker.BufferedRequestWorker")
OPENINGS = {
    "slow headers": (b"GET /articles HTTP/1.1\r\nHost: x\r\n", b"X-Slow: 1\r\n"),
    "slow bodies": (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/"
                    b"sparql-query\r\nContent-Length: 100000\r\n\r\nASK", b" "),
}


def normal_client(port: int, kind: str) -> tuple[float, int]:
    """Open the slow sockets, then time the normal client's requests; return (slowest, lost)."""
    opening, drip = OPENINGS[kind]
    socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(SOCKETS)]
    stop = threading.Event()

    def dripping() -> None:
        while not stop.is_set():
            for sock in socks:
                try:
                    sock.send(drip)
                except OSError:
                    pass
            stop.wait(1.0)

    for sock in socks:
        sock.sendall(opening)
    thread = threading.Thread(target=dripping)
    thread.start()
    slowest, lost = 0.0, 0
    try:
        time.sleep(2.0)
        for _ in range(REQUESTS):
            started = time.monotonic()
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D",
                                       timeout=GIVE_UP).read()
            except OSError:
                lost += 1
            slowest = max(slowest, time.monotonic() - started)
    finally:
        stop.set()
        thread.join()
        for sock in socks:
            sock.close()
    return slowest, lost


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = str(Path(folder) / "store")
        subprocess.run([sys.executable, "-m", "kg.cli", "--store", store, "ingest",
                        str(ROOT / "samples")], check=True, capture_output=True)
        results: dict[tuple[str, str], tuple[float, int]] = {}
        for worker in WORKERS:
            port = free_port()
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                 "--workers", "1", "--threads", "8", "--worker-class", worker,
                 f"webapp:create_app({{'STORE': {store!r}}})"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
            try:
                wait_until_up(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D")
                for kind in OPENINGS:
                    results[worker, kind] = normal_client(port, kind)
            finally:
                server.terminate()
                server.wait()
        for kind in OPENINGS:
            base, _ = results[WORKERS[0], kind]
            for worker in WORKERS:
                slowest, lost = results[worker, kind]
                print(f"{kind:12} {worker:38} slowest {slowest:6.3f} s  timed out "
                      f"{lost}/{REQUESTS}  ratio {slowest / base:.3f}")


if __name__ == "__main__":
    main()
