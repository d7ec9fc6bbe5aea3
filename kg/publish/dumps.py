"""Full dumps of the store: gzip N-Quads written once per data version, published atomically.

The dump is the data as it is: a harvester checks it against the SHA-256 the DCAT publishes
(kg.publish.dataset), so the same data always gives the same bytes.

Writing a dump takes about a minute at 10M quads, so no request waits for one: readers get the
last complete dump (`latest_dump`) at once, and `refresh_in_background` writes the next in a
thread once the data has stopped changing for a while (writes come in bursts: an ingest run).
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import gzip
import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO, cast

from kg.errors import StoreError
from kg.formats import RDF_FORMATS
from kg.store import Store

DUMP_NAME = "stancegraph.nq.gz"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DumpInfo:
    """One written dump: its file, size, SHA-256 and the data version it holds."""

    name: str  # the public file name, e.g. stancegraph.nq.gz
    path: str
    size: int
    sha256: str
    version: str  # the data version (caching.data_version) the dump was written from
    modified: str  # the store's modified() stamp then, "" if it never recorded one
    written: str  # when the file was written (xsd:dateTime)


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an advisory lock across processes, so one gunicorn worker writes a dump at a time."""
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _read_manifest(manifest: Path) -> DumpInfo | None:
    try:
        info = DumpInfo(**json.loads(manifest.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    return info if Path(info.path).is_file() else None


def store_version(store: Store) -> tuple[str, str | None]:
    """Return (version, modified): the store's last-write stamp, or its size if it has none."""
    modified = store.modified()
    return modified or f"quads:{store.quad_count()}", modified


def latest_dump(dump_dir: str | Path, name: str = DUMP_NAME) -> DumpInfo | None:
    """Return the last complete dump, whichever data version it holds; None before the first."""
    return _read_manifest(Path(dump_dir) / f"{name}.json")


def ensure_dump(store: Store, dump_dir: str | Path, version: str, modified: str | None = None,
                name: str = DUMP_NAME) -> DumpInfo:
    """Return a dump of the current data, writing it first when the data changed since.

    The gzip file is written under a temporary name and renamed to a name holding its hash;
    then a small manifest (name, size, sha256, data version) is renamed over the old one. The
    manifest's rename is the one atomic step that publishes a dump, so a reader in any worker
    sees the old dump or the new one whole. A file lock keeps workers from writing it twice.
    """
    folder = Path(dump_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the dump folder {folder}: {error}") from error
    manifest = folder / f"{name}.json"
    info = _read_manifest(manifest)
    if info is not None and info.version == version:
        return info
    with _exclusive(folder / f".{name}.lock"):
        info = _read_manifest(manifest)  # another worker may have written it while we waited
        if info is not None and info.version == version:
            return info
        stem = name.removesuffix(".nq.gz")
        for stale in folder.glob(f".{stem}-*.tmp"):  # left by a writer killed mid-dump
            stale.unlink(missing_ok=True)
        previous = info
        info = _write_dump(store, folder, name, version, modified or "")
        tmp = folder / f".{name}.json.tmp"
        tmp.write_text(json.dumps(asdict(info)), encoding="utf-8")
        os.replace(tmp, manifest)
        # The previous dump stays one generation: a reader may have just read its manifest.
        keep = {Path(info.path).name} | ({Path(previous.path).name} if previous else set())
        _remove_old_dumps(folder, name, keep)
        return info


def _write_dump(store: Store, folder: Path, name: str, version: str, modified: str) -> DumpInfo:
    """Write every quad as gzip N-Quads (fixed gzip header: same data, same bytes, same hash)."""
    stem = name.removesuffix(".nq.gz")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{stem}-", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as compressed:
                store.dump(cast(BinaryIO, compressed), RDF_FORMATS["nq"])
            raw.flush()
            os.fsync(raw.fileno())
        sha = _sha256(tmp)
        final = folder / f"{stem}-{sha[:16]}.nq.gz"
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    written = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return DumpInfo(name, str(final), final.stat().st_size, sha, version, modified, written)


def _remove_old_dumps(folder: Path, name: str, keep: set[str]) -> None:
    """Delete superseded dumps; a download in progress keeps its open file on POSIX."""
    stem = name.removesuffix(".nq.gz")
    for old in folder.glob(f"{stem}-*.nq.gz"):
        if old.name not in keep:
            old.unlink(missing_ok=True)


class _Refresh(threading.Thread):
    """Write a dump once the store's version has held still for `settle` seconds, then end."""

    def __init__(self, store: Store, folder: Path, name: str, settle: float) -> None:
        super().__init__(name=f"dump-refresh {folder}", daemon=True)
        self.store, self.folder, self.dump_name, self.settle = store, folder, name, settle

    def run(self) -> None:
        seen, since = "", time.monotonic()
        try:
            while True:
                version, modified = store_version(self.store)
                latest = latest_dump(self.folder, self.dump_name)
                if latest is not None and latest.version == version:
                    return
                if version != seen:  # the data moved: wait for it to settle again
                    seen, since = version, time.monotonic()
                wait = self.settle - (time.monotonic() - since)
                if wait <= 0:
                    ensure_dump(self.store, self.folder, version, modified, self.dump_name)
                else:
                    time.sleep(min(wait, 1.0))
        except (StoreError, OSError) as error:  # the store went away; the next reader retries
            _log.warning("dump not refreshed in %s: %s", self.folder, error)


_refreshes: dict[str, _Refresh] = {}
_refreshes_lock = threading.Lock()


def refresh_in_background(store: Store, dump_dir: str | Path, *, settle: float,
                          name: str = DUMP_NAME) -> None:
    """Start writing a current dump in a thread, unless one is already on its way here.

    The thread waits until the data has not changed for `settle` seconds, writes the dump
    (ensure_dump: temporary file, atomic rename, SHA-256) and ends; other processes serving
    the same folder wait on its file lock and then find the dump current.
    """
    key = str(Path(dump_dir).resolve() / name)
    with _refreshes_lock:
        running = _refreshes.get(key)
        if running is not None and running.is_alive():
            return
        _refreshes[key] = _Refresh(store, Path(dump_dir), name, settle)
        _refreshes[key].start()


def wait_for_refresh(dump_dir: str | Path, timeout: float, name: str = DUMP_NAME) -> None:
    """Wait until no refresh of this folder's dump is running (for tests and `kg` commands)."""
    with _refreshes_lock:
        running = _refreshes.get(str(Path(dump_dir).resolve() / name))
    if running is not None:
        running.join(timeout)
