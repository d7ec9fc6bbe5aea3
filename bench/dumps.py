"""Dumps: the full export's time and throughput, ours against Oxigraph's own `dump`.

`kg export --format nq` and `oxigraph dump` write the same store to N-Quads in separate
processes, timed from start to exit. Under a running `kg serve` with no current dump (as right
after an ingest), /void is put under load while the server writes the dump in the background,
then /dumps is timed until it serves that dump, and once more warm (it serves the file);
/void is loaded again with the dump current, the baseline of the first figure.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.loadgen import Load, run_load
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


def dump_endpoint(server: Server, folder: Path, quads: int, *, seconds: float,
                  connections: int) -> tuple[Load, Load, Export, Export]:
    """Load /void while no dump is current, time /dumps until it serves, then both warm."""
    shutil.rmtree(folder, ignore_errors=True)  # no dump holds the data now: as after an ingest
    began = time.perf_counter()
    void = run_load(server.url, ["/void"], seconds=seconds, connections=connections)
    while True:
        try:
            with urllib.request.urlopen(server.url + DUMP_PATH, timeout=3600) as response:
                size = len(response.read())
                break
        except urllib.error.HTTPError as error:
            if error.code != 503:  # 503: the first dump is still being written
                raise
            time.sleep(0.2)
    written = Export("/dumps until served (load on /void first)", time.perf_counter() - began,
                     size, quads)
    began = time.perf_counter()
    with urllib.request.urlopen(server.url + DUMP_PATH, timeout=3600) as response:
        size = len(response.read())
    warm = Export("/dumps warm", time.perf_counter() - began, size, quads)
    settled = run_load(server.url, ["/void"], seconds=seconds, connections=connections)
    return void, settled, written, warm
