"""A bounded HTTP load generator on loopback: wrk when installed, else Python threads.

Every run is bounded in time (`seconds`) and connections, and only loopback URLs are accepted.
wrk (C, event loop) is preferred: at thousands of requests/s a Python client measures itself.
"""

from __future__ import annotations

import http.client
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Load:
    """What a load run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx/3xx answers and socket errors
    tool: str

    @property
    def rate(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def _check_loopback(url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in LOOPBACK:
        raise ValueError(f"load is only ever sent to loopback, not to {parts.hostname}")
    return parts


def _lua_string(text: str) -> str:
    """Quote a string for Lua (long brackets would break on ']]' in a query)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def run_load(base_url: str, paths: list[str], *, seconds: float = 5.0, connections: int = 4,
             headers: dict[str, str] | None = None, threads: int = 2) -> Load:
    """Send GET requests for paths (cycled) to base_url for `seconds`; return rate and latency."""
    _check_loopback(base_url)
    if shutil.which("wrk"):
        return _wrk(base_url, paths, seconds, connections, headers or {}, threads)
    return _python(base_url, paths, seconds, connections, headers or {})


def _wrk(base_url: str, paths: list[str], seconds: float, connections: int,
         headers: dict[str, str], threads: int) -> Load:
    lines = [f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items()]
    if len(paths) > 1:
        lines.append("local paths = {" + ", ".join(_lua_string(p) for p in paths) + "}")
        lines.append("local i = math.random(#paths)")
        lines.append("request = function() i = i % #paths + 1 "
                     "return wrk.format(nil, paths[i]) end")
    else:
        lines.append(f"wrk.path = {_lua_string(paths[0])}")
    lines.append(
        'done = function(s, latency, r) io.write(string.format("BENCH %d %d %d %d %d %d\\n", '
        "s.requests, s.duration, latency:percentile(50), latency:percentile(99), "
        "s.errors.status, s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout"
        ")) end")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("\n".join(lines) + "\n")
    try:
        done = subprocess.run(
            ["wrk", "-t", str(min(threads, connections)), "-c", str(connections),
             "-d", f"{max(1, round(seconds))}s", "--timeout", "30s", "-s", script.name,
             base_url.rstrip("/") + "/"],
            capture_output=True, text=True, timeout=seconds + 60, check=True)
    finally:
        Path(script.name).unlink(missing_ok=True)
    row = next(line for line in done.stdout.splitlines() if line.startswith("BENCH "))
    count, micros, p50, p99, status, socket = (int(x) for x in row.split()[1:])
    return Load(count, micros / 1e6, p50 / 1000, p99 / 1000, status + socket, "wrk")


def _python(base_url: str, paths: list[str], seconds: float, connections: int,
            headers: dict[str, str]) -> Load:
    parts = _check_loopback(base_url)
    prefix = parts.path.rstrip("/")
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections
    deadline = time.perf_counter() + seconds

    host = parts.hostname or "127.0.0.1"

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection(host, parts.port, timeout=30)
        i = n
        while time.perf_counter() < deadline:
            path = prefix + paths[i % len(paths)]
            i += 1
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    errors[n] += 1
            except (OSError, http.client.HTTPException):
                errors[n] += 1
                conn.close()
                conn = http.client.HTTPConnection(host, parts.port, timeout=30)
            latencies[n].append(time.perf_counter() - began)
        conn.close()

    began = time.perf_counter()
    workers = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - began
    flat = sorted(x for row in latencies for x in row)
    if not flat:
        return Load(0, elapsed, 0.0, 0.0, sum(errors), "python")
    return Load(len(flat), elapsed, flat[len(flat) // 2] * 1000,
                flat[min(len(flat) - 1, int(len(flat) * 0.99))] * 1000, sum(errors), "python")
