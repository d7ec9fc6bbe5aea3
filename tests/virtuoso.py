"""A private Virtuoso 7 for the tests: Debian's virtuoso-t on loopback, its files in a temp folder.

The package's own service and database are never touched: the ini is copied from the
package's, with the database, logs and both ports (SQL 1111, HTTP 8890) moved to a temporary
folder and to free ports on 127.0.0.1. Anonymous SPARQL updates are allowed by granting
SPARQL_UPDATE to the "SPARQL" user, and Virtuoso's own graphs are made private so that the
union default graph holds only test data; the `dba` account answers Digest auth on /sparql-auth.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

import pytest

from kg.namespaces import META_GRAPH
from kg.store.remote import RemoteStore
from kg.store.server import free_port, wait_until_up
from kg.store.virtuoso import VIRTUOSO_SYSTEM_GRAPHS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
SETUP = ROOT / "scripts" / "setup-virtuoso.sh"
ADMIN = ("dba", "dba")  # a database created from scratch has this account
PRIVATE = "http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs"
# What docs/scaling-out.md tells a Virtuoso administrator to run once: let the anonymous
# SPARQL user update, and make Virtuoso's own graphs private so that the union default graph
# (and GRAPH ?g) holds only published data.
PREPARE = " ".join([
    'grant SPARQL_UPDATE to "SPARQL";',
    f"DB.DBA.RDF_GRAPH_GROUP_CREATE ('{PRIVATE}', 1);",
    *(f"DB.DBA.RDF_GRAPH_GROUP_INS ('{PRIVATE}', '{g}');" for g in VIRTUOSO_SYSTEM_GRAPHS),
    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0, 1);",
    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);",
])


_install_tried = False


def require_virtuoso() -> str:
    """Return virtuoso-t's path, installing it as root when missing; skip when it cannot be."""
    global _install_tried
    if shutil.which("virtuoso-t") is None and os.geteuid() == 0 and not _install_tried:
        _install_tried = True  # once per session, however many tests ask
        subprocess.run(["bash", str(SETUP)], check=False, capture_output=True, timeout=600)
    binary = shutil.which("virtuoso-t")
    if binary is None or shutil.which("isql-vt") is None or not PACKAGE_INI.is_file():
        pytest.skip("virtuoso-t is not installed and cannot be (installing needs root: "
                    "scripts/setup-virtuoso.sh)")
    return binary


def write_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    """Copy the package's ini with the database files and both ports moved into `folder`."""
    text = PACKAGE_INI.read_text(encoding="utf-8")
    text = text.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    text = re.sub(r"^(ServerPort\s*=\s*)1111\b", rf"\g<1>127.0.0.1:{sql_port}", text,
                  flags=re.M)
    text = re.sub(r"^(ServerPort\s*=\s*)8890\b", rf"\g<1>127.0.0.1:{http_port}", text,
                  flags=re.M)
    # Stop silently cutting answers at 10 000 rows, so dumps of test data come back whole.
    text = re.sub(r"^(ResultSetMaxRows\s*=\s*)\d+", r"\g<1>1000000", text, flags=re.M)
    text = re.sub(r"^(DirsAllowed\s*=\s*)", rf"\g<1>{folder}, ", text, flags=re.M)
    ini = folder / "virtuoso.ini"
    ini.write_text(text, encoding="utf-8")
    return ini


class Virtuoso:
    """One private virtuoso-t process over a folder; stop, kill and start it again."""

    def __init__(self, folder: Path) -> None:
        self.binary = require_virtuoso()
        self.folder = folder
        self.sql_port = free_port()
        self.http_port = free_port()
        self.ini = write_ini(folder, self.sql_port, self.http_port)
        self.url = f"http://127.0.0.1:{self.http_port}/sparql"
        self.process: subprocess.Popen[bytes] | None = None
        self.prepared = False

    def start(self) -> Virtuoso:
        """Start (or restart) the server on its folder and ports; wait until SPARQL answers."""
        log = (self.folder / "console.log").open("ab")
        self.process = subprocess.Popen(
            [self.binary, "+foreground", "+configfile", str(self.ini)], cwd=self.folder,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        query = urllib.parse.quote("ASK {}")
        try:
            wait_until_up(f"{self.url}?query={query}", seconds=120)
        except Exception:
            self.stop()
            raise
        if not self.prepared:  # a restart finds the grants in its database
            self.isql(PREPARE)
            self.prepared = True
        return self

    def isql(self, statement: str) -> str:
        """Run one SQL statement as dba through isql-vt."""
        done = subprocess.run(["isql-vt", str(self.sql_port), *ADMIN, f"exec={statement}"],
                              capture_output=True, text=True, timeout=120, check=True)
        return done.stdout

    def store(self, **options: object) -> RemoteStore:
        """A RemoteStore on this server (anonymous updates on /sparql)."""
        return RemoteStore(self.url, env={}, **options)  # type: ignore[arg-type]

    def reset(self) -> None:
        """Drop every graph that is not Virtuoso's own, so a test starts from an empty store."""
        store = self.store()
        if graphs := [*store.graph_names(), META_GRAPH]:
            # Unstamped (Store.update would record a change): send the request as it is.
            drops = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)
            store._send(store._client(drops, update=True), drops)

    def kill(self) -> None:
        """Kill -9: no checkpoint, no goodbye (what a power cut does)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        """Stop the server (SIGTERM makes Virtuoso checkpoint and exit)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()


_shared: Virtuoso | None = None


def shared_virtuoso() -> Virtuoso:
    """One Virtuoso for the whole test session (it takes seconds to start), stopped at exit."""
    global _shared
    if _shared is None or _shared.process is None or _shared.process.poll() is not None:
        folder = Path(tempfile.mkdtemp(prefix="kg-virtuoso-"))
        server = Virtuoso(folder).start()
        _shared = server

        def cleanup() -> None:
            server.stop()
            shutil.rmtree(folder, ignore_errors=True)

        atexit.register(cleanup)
    return _shared
