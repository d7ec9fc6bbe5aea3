"""Backups: a snapshot of a store is itself an Oxigraph store folder, read back on restore.

A folder is what Oxigraph's own backup call writes (a RocksDB checkpoint, hard links where it
can), so a backup can be opened, queried or served like any store, and every kind of store
writes the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UsageError
from kg.namespaces import META_GRAPH
from kg.store.sparql_text import triples_by_graph


def new_backup_folder(target: Path) -> Path:
    """Check that a backup may be written there: a new folder, never over an existing one."""
    if target.exists():
        raise UsageError(f"{target}: already exists; a backup goes to a new folder")
    if not target.parent.is_dir():
        raise UsageError(f"{target.parent}: no such folder to write the backup in")
    return target


def write_backup(target: Path, quads: Iterable[ox.Quad]) -> None:
    """Write streamed quads into a new store folder (stores with no backup call of their own)."""
    store = ox.Store(str(new_backup_folder(target)))
    store.bulk_extend(quads)
    store.flush()


def backup_size(source: Path) -> int:
    """Count a backup's quads, the modification stamp left out."""
    backup = ox.Store.read_only(str(source))
    return sum(1 for q in backup if q.graph_name != ox.NamedNode(META_GRAPH))


def read_backup(source: Path) -> dict[str, list[ox.Triple]]:
    """Read a backup's named graphs (the modification stamp left out), refusing a non-backup."""
    if not source.is_dir():
        raise UsageError(f"{source}: no such backup folder")
    try:
        backup = ox.Store.read_only(str(source))
        quads = [q for q in backup if isinstance(q.graph_name, ox.NamedNode)
                 and q.graph_name.value != META_GRAPH]
    except OSError as error:
        raise UsageError(f"{source}: not a store backup (an Oxigraph store folder): "
                         f"{error}") from error
    if not quads:
        raise UsageError(f"{source}: the backup holds no data; refusing to empty the store")
    return triples_by_graph(quads)
