"""Dumps: the full export's time and throughput, ours against Oxigraph's own `dump`.

`kg export --format nq` and `oxigraph dump` write the same store to N-Quads in separate
processes, timed from start to exit; the /dumps endpoint is timed cold (it writes the gzip
dump) and warm (it serves the cached file) under a running `kg serve`.
"""

from __future__ import annotations

import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.servers import BIN, Server
from bench.stores import BASE_URI, BuiltStore

DUMP_PATH = "/dumps/stancegraph.nq.gz"


@dataclass
class Export:
    """One full export: who wrote it, how long it took, how big it is."""

    tool: str
    seconds: float
    bytes: int
    quads: int

    @property
    def quads_per_s(self) -> float:
        """Throughput in quads per second."""
        return self.quads / self.seconds

    @property
    def mb_per_s(self) -> float:
        """Throughput in MB (10^6 bytes) per second."""
        return self.bytes / 1e6 / self.seconds


def _timed(command: list[str], output: Path, tool: str, quads: int) -> Export:
    output.unlink(missing_ok=True)
    began = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=3600)
    seconds = time.perf_counter() - began
    size = output.stat().st_size
    output.unlink()
    return Export(tool, seconds, size, quads)


def export_both(store: BuiltStore, scratch: Path) -> tuple[Export, Export]:
    """Time `kg export --format nq` and `oxigraph dump` on the same store (no server running)."""
    scratch.mkdir(parents=True, exist_ok=True)
    ours_file, theirs_file = scratch / "kg-export.nq", scratch / "oxigraph-dump.nq"
    ours = _timed([str(BIN / "kg"), "--store", str(store.folder), "--base-uri", BASE_URI,
                   "export", "--format", "nq", "-o", str(ours_file)], ours_file,
                  "kg export", store.quads)
    theirs = _timed([str(BIN / "oxigraph"), "dump", "--location", str(store.folder),
                     "--file", str(theirs_file), "--format", "nq"], theirs_file,
                    "oxigraph dump", store.quads)
    return ours, theirs


def dump_endpoint(server: Server, quads: int) -> tuple[Export, Export]:
    """Fetch /dumps twice: cold (the server writes the dump) and warm (it serves the file)."""
    results = []
    for label in ("/dumps cold", "/dumps warm"):
        began = time.perf_counter()
        with urllib.request.urlopen(server.url + DUMP_PATH, timeout=3600) as response:
            size = len(response.read())
        results.append(Export(label, time.perf_counter() - began, size, quads))
    return results[0], results[1]

