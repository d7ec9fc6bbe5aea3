"""Full dumps of the store: gzip N-Quads written once per data version, published atomically.

The dump is the data as it is: a harvester checks it against the SHA-256 the DCAT publishes
(kg.publish.dataset), so the same data always gives the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO, cast

from kg.errors import StoreError
from kg.formats import RDF_FORMATS
from kg.store import Store

DUMP_NAME = "stancegraph.nq.gz"


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
        info = _write_dump(store, folder, name, version, modified or "")
        tmp = folder / f".{name}.json.tmp"
        tmp.write_text(json.dumps(asdict(info)), encoding="utf-8")
        os.replace(tmp, manifest)
        _remove_old_dumps(folder, name, keep=Path(info.path).name)
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


def _remove_old_dumps(folder: Path, name: str, keep: str) -> None:
    """Delete superseded dumps; a download in progress keeps its open file on POSIX."""
    stem = name.removesuffix(".nq.gz")
    for old in folder.glob(f"{stem}-*.nq.gz"):
        if old.name != keep:
            old.unlink(missing_ok=True)
