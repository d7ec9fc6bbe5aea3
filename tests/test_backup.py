"""`kg backup` takes a consistent snapshot of a store, even while it is served and written to;
`kg restore` brings it back in one transaction, refusing anything that is not a backup."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import SAMPLES, LiveServer, many_articles

from kg.cli import cli
from kg.namespaces import META_GRAPH
from kg.store import EmbeddedStore, Store, open_store
from kg.store.server import free_port

KG = [sys.executable, "-m", "kg.cli"]


def graph_sizes(store: Store) -> Counter[str]:
    """How many triples each named graph holds (the modification stamp left out)."""
    rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                        f"FILTER(?g != <{META_GRAPH}>) }} GROUP BY ?g")
    return Counter({r["g"].value: int(r["n"].value) for r in rows})


def backup_sizes(folder: Path) -> Counter[str]:
    """How many triples each named graph of a backup folder holds (the stamp left out)."""
    return Counter(q.graph_name.value for q in ox.Store.read_only(str(folder))
                   if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value != META_GRAPH)


def test_a_backup_restored_into_another_store_gives_back_the_same_graphs(
        sample_store: EmbeddedStore, tmp_path: Path) -> None:
    before = graph_sizes(sample_store)
    sample_store.backup(tmp_path / "backup")
    with EmbeddedStore(tmp_path / "other") as other:
        other.update("INSERT DATA { GRAPH <http://x/stray> { <http://x/a> <http://x/b> 1 } }")
        restored = other.restore(tmp_path / "backup")
        assert graph_sizes(other) == before  # the stray graph, absent from the backup, is gone
        assert restored == sum(before.values())
        assert other.modified() is not None  # stamped like any write: caches see the change


def test_the_command_line_backs_up_and_restores(sample_store: EmbeddedStore,
                                                tmp_path: Path) -> None:
    before = graph_sizes(sample_store)
    location = sample_store.location
    sample_store.close()
    runner = CliRunner()
    done = runner.invoke(cli, ["backup", "--store", location, str(tmp_path / "b")])
    assert done.exit_code == 0, done.output
    assert f"{sum(before.values())} quads" in done.output
    done = runner.invoke(cli, ["--store", str(tmp_path / "fresh"), "restore", str(tmp_path / "b")])
    assert done.exit_code == 0, done.output
    with EmbeddedStore(tmp_path / "fresh") as fresh:
        assert graph_sizes(fresh) == before


def not_a_backup(kind: str, tmp_path: Path) -> Path:
    """A folder `kg restore` must refuse: missing, not a store, or a store with no data."""
    if kind == "missing":
        return tmp_path / "missing"
    if kind == "articles":
        return SAMPLES
    EmbeddedStore(tmp_path / "empty").close()
    return tmp_path / "empty"


@pytest.mark.parametrize("kind, problem", [("missing", "no such backup folder"),
                                           ("articles", "not a store backup"),
                                           ("empty", "holds no data")])
def test_restoring_what_is_not_a_backup_fails_in_one_line_and_changes_nothing(
        sample_store: EmbeddedStore, tmp_path: Path, kind: str, problem: str) -> None:
    before = graph_sizes(sample_store)
    location = sample_store.location
    sample_store.close()
    done = CliRunner().invoke(cli, ["--store", location, "restore",
                                    str(not_a_backup(kind, tmp_path))])
    assert done.exit_code == 2
    [line] = done.output.strip().splitlines()
    assert line.startswith("error: ") and problem in line
    with EmbeddedStore(location) as again:
        assert graph_sizes(again) == before


def test_a_backup_never_writes_over_an_existing_folder(sample_store: EmbeddedStore,
                                                       tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "keep.txt").write_text("mine")
    location = sample_store.location
    sample_store.close()
    done = CliRunner().invoke(cli, ["--store", location, "backup", str(tmp_path / "taken")])
    assert done.exit_code == 2 and "already exists" in done.output
    assert (tmp_path / "taken" / "keep.txt").read_text() == "mine"


@pytest.mark.server
@pytest.mark.slow
def test_a_backup_taken_under_a_concurrent_ingest_holds_whole_articles_and_restores(
        tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    subprocess.run([*KG, "--store", str(store_dir), "--base-uri", url, "ingest", str(SAMPLES)],
                   check=True, capture_output=True)
    articles = many_articles(tmp_path / "articles", copies=12)  # 84 articles, ~10 s of ingest
    server = LiveServer(store_dir, port, {**os.environ, "KG_DUMP_DIR": str(tmp_path / "d")})
    server.wait()
    try:
        with open_store(store_dir) as served:  # through the server, by its marker
            initial = graph_sizes(served)
            log = tmp_path / "ingest.log"
            with log.open("wb") as output:
                ingest = subprocess.Popen([*KG, "--store", str(store_dir), "--base-uri", url,
                                           "ingest", "--jobs", "1", str(articles)],
                                          stdout=output, stderr=subprocess.STDOUT)
            while sum(graph_sizes(served).values()) == sum(initial.values()):
                assert ingest.poll() is None, log.read_text()
                time.sleep(0.2)
            backup = subprocess.run([*KG, "--store", str(store_dir), "backup",
                                     str(tmp_path / "backup")], capture_output=True, text=True)
            assert backup.returncode == 0, backup.stderr
            assert ingest.poll() is None, "the ingest ended before the backup: not concurrent"
            assert ingest.wait(timeout=300) == 0, log.read_text()
            final = graph_sizes(served)
            snapshot = backup_sizes(tmp_path / "backup")
            # Taken mid-ingest: more than before, less than after…
            assert sum(initial.values()) < sum(snapshot.values()) < sum(final.values())
            # …and consistent: every graph in it is whole, as the finished store holds it.
            assert {g: final[g] for g in snapshot} == snapshot

            done = subprocess.run([*KG, "restore", "--store", str(store_dir),
                                   str(tmp_path / "backup")], capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            assert graph_sizes(served) == snapshot
    finally:
        server.stop()
