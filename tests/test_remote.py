"""A remote store failing, recovering, being killed mid-ingest, and asking for credentials.

Virtuoso's own quirks are in test_remote_virtuoso.py."""

from __future__ import annotations

import base64
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import BASE, make_app, many_articles
from virtuoso import Virtuoso

from kg.cli import cli
from kg.errors import QueryLimitExceeded, StoreError
from kg.store import EmbeddedStore, Store
from kg.store.remote import RemoteStore
from kg.store.server import free_port, start_store_server
from kg.store.virtuoso import replace_operation

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
EX = "http://example.org/"


class OxigraphServer:
    """An Oxigraph server over a folder that a test can stop, kill and restart on its port."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> OxigraphServer:
        self.process, _ = start_store_server(str(self.folder), port=self.port)
        return self

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[OxigraphServer]:
    server = OxigraphServer(tmp_path / "served").start()
    yield server
    server.stop()


# --- failure and recovery ---------------------------------------------------------------------

def test_the_cli_reports_an_unreachable_store_in_one_line_with_exit_code_4() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(cli, ["--store", url, "query", "ASK {}"],
                                env={"KG_STORE_RETRIES": "2"})
    assert result.exit_code == StoreError.exit_code == 4
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and url in lines[0]
    assert "unreachable" in lines[0] and "Traceback" not in result.output


def test_the_cli_reports_a_store_failing_mid_ingest_with_exit_code_4(
        oxigraph: OxigraphServer) -> None:
    oxigraph.stop()
    result = CliRunner().invoke(cli, ["--store", oxigraph.url, "ingest", str(SAMPLES)],
                                env={"KG_STORE_RETRIES": "1"})
    assert result.exit_code == 4
    assert result.output.strip().splitlines()[-1].startswith("error: store ")


def test_the_web_answers_503_with_retry_after_and_recovers_when_the_store_returns(
        oxigraph: OxigraphServer) -> None:
    client = make_app(oxigraph.url).test_client()
    ask = "/sparql?query=ASK%7B%7D"
    assert client.get(ask).status_code == 200
    oxigraph.stop()
    down = client.get(ask, headers={"Accept": "application/sparql-results+json"})
    assert down.status_code == 503
    assert int(down.headers["Retry-After"]) > 0
    assert down.get_json()["error"] == "StoreError"
    oxigraph.start()  # same folder, same port
    assert client.get(ask).status_code == 200


def test_the_store_server_holds_no_thread_per_past_query(oxigraph: OxigraphServer) -> None:
    # With a query time limit, Oxigraph 0.5 keeps a thread per query for the whole limit, and
    # a burst of light queries exhausted the machine's threads and killed the server.
    store = RemoteStore(oxigraph.url, dialect="oxigraph", env={})
    for _ in range(2000):
        store.query("ASK {}")
    assert oxigraph.process is not None
    status = Path(f"/proc/{oxigraph.process.pid}/status").read_text()
    threads = int(next(line.split()[1] for line in status.splitlines()
                       if line.startswith("Threads:")))
    assert threads < 100
    store.close()


def test_queries_reuse_one_connection_per_thread(oxigraph: OxigraphServer) -> None:
    store = RemoteStore(oxigraph.url, dialect="oxigraph", env={})
    store.query("ASK {}")
    first = store_sockets(oxigraph)
    for _ in range(20):
        store.query("ASK {}")
    assert store_sockets(oxigraph) == first and len(first) == 1
    store.close()


def test_a_connection_the_store_dropped_is_replaced_without_an_error(
        oxigraph: OxigraphServer) -> None:
    store = RemoteStore(oxigraph.url, retries=1, dialect="oxigraph", env={})
    assert bool(store.query("ASK {}")) is True
    oxigraph.stop()
    oxigraph.start()  # same port: the kept connection is now dead
    assert bool(store.query("ASK {}")) is True  # one attempt allowed, and no backoff needed
    store.close()


def store_sockets(server: OxigraphServer) -> set[str]:
    """List the client ends of TCP connections established to the server's port (/proc/net/tcp)."""
    ends = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, remote, state = line.split()[1:4]
        if state == "01" and int(remote.split(":")[1], 16) == server.port:  # 01: ESTABLISHED
            ends.add(local)
    return ends


def test_transient_failures_are_retried_until_the_store_answers(tmp_path: Path) -> None:
    server = OxigraphServer(tmp_path / "late")
    store = RemoteStore(server.url, retries=5, dialect="oxigraph", env={})
    starter = threading.Timer(0.5, server.start)  # up within the 0.2+0.8+3.2 s of backoff
    starter.start()
    try:
        assert bool(store.query("ASK {}")) is True
    finally:
        starter.join()
        server.stop()


def test_a_5xx_answer_is_retried_then_reported(stub: Stub) -> None:
    stub.status = 502
    store = RemoteStore(stub.url, retries=2, dialect="generic", env={})
    with pytest.raises(StoreError, match="failing \\(502"):
        store.query("ASK {}")
    assert len(stub.requests) == 2


# --- killing the store during an ingest -------------------------------------------------------

def article_graphs(store: Store) -> dict[str, set[str]]:
    """Each article graph's triples, as N-Triples lines."""
    rows = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                        "FILTER(CONTAINS(STR(?g), '/graph/article/')) }")
    graphs: dict[str, set[str]] = {}
    for r in rows:
        graphs.setdefault(r["g"].value, set()).add(f"{r['s']} {r['p']} {r['o']} .")
    return graphs


@pytest.fixture(params=["oxigraph-server", "virtuoso"])
def killable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OxigraphServer | Virtuoso]:
    """A private store server of each kind, which the test may kill -9 and restart."""
    if request.param == "virtuoso":
        (tmp_path / "virtuoso").mkdir()
        server: OxigraphServer | Virtuoso = Virtuoso(tmp_path / "virtuoso").start()
    else:
        server = OxigraphServer(tmp_path / "served").start()
    yield server
    server.stop()


@pytest.mark.slow
@pytest.mark.server
def test_killing_the_store_mid_ingest_leaves_each_article_whole_or_absent(
        tmp_path: Path, killable: OxigraphServer | Virtuoso) -> None:
    articles = many_articles(tmp_path / "articles", copies=6)
    with EmbeddedStore(tmp_path / "reference") as reference:
        from kg.pipeline.ingest import Pipeline

        assert all(o.status == "stored" for o in Pipeline(BASE, reference).run([articles]))
        expected = article_graphs(reference)
    command = [sys.executable, "-m", "kg.cli", "--store", killable.url, "--base-uri", BASE,
               "ingest", str(articles)]
    env = {**os.environ, "KG_STORE_RETRIES": "1"}
    ingest = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert ingest.stdout is not None
    for _ in range(5):  # let a few articles land, then pull the plug
        assert ingest.stdout.readline().startswith(b"stored")
    killable.kill()
    _, errors = ingest.communicate(timeout=60)
    assert ingest.returncode == 4, errors.decode()
    killable.start()  # same folder, same port: the store recovers from its own log
    store = RemoteStore(killable.url, env={})
    survived = article_graphs(store)
    assert 5 <= len(survived) < len(expected)
    for graph, triples in survived.items():
        assert triples == expected[graph], f"{graph} is half-written"
    rerun = subprocess.run(command, capture_output=True, env=env, timeout=300)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert article_graphs(store) == expected


# --- credentials, against a stub that records what it is sent ----------------------------------

class Stub:
    """A loopback HTTP server answering every request with one SPARQL result, and recording it."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        self.status = 200
        self.delay = 0.0
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server protocol
                length = int(self.headers.get("Content-Length", 0))
                self.rfile.read(length)
                stub.requests.append(dict(self.headers))
                time.sleep(stub.delay)
                body = json.dumps({"head": {}, "boolean": True}).encode()
                self.send_response(stub.status)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub() -> Iterator[Stub]:
    server = Stub()
    yield server
    server.close()


def test_basic_credentials_come_from_the_environment(stub: Stub) -> None:
    env = {"KG_STORE_USER": "reader", "KG_STORE_PASSWORD": "s3cret:ü"}
    assert bool(RemoteStore(stub.url, dialect="generic", env=env).query("ASK {}"))
    sent = stub.requests[-1]["Authorization"]
    assert base64.b64decode(sent.removeprefix("Basic ")).decode() == "reader:s3cret:ü"


def test_a_bearer_token_comes_from_the_environment(stub: Stub) -> None:
    RemoteStore(stub.url, dialect="generic", env={"KG_STORE_TOKEN": "t0k3n"}).query("ASK {}")
    assert stub.requests[-1]["Authorization"] == "Bearer t0k3n"


def test_every_request_names_the_formats_it_accepts(stub: Stub) -> None:
    store = RemoteStore(stub.url, dialect="generic", env={})
    store.query("ASK {}")
    store.update(f"DROP SILENT GRAPH <{EX}g>")
    assert all("application/sparql-results+json" in r["Accept"] for r in stub.requests)
    assert all(r["Content-Type"] == "application/x-www-form-urlencoded" for r in stub.requests)


def test_the_command_line_takes_no_password() -> None:
    result = CliRunner().invoke(cli, ["--password", "x", "query", "ASK {}"])
    assert result.exit_code == 2 and "No such option" in result.output


def test_endpoints_follow_the_store_layout_and_the_environment() -> None:
    oxigraph = RemoteStore("http://h:7878/", env={})
    assert (oxigraph.query_url, oxigraph.update_url) == ("http://h:7878/query",
                                                         "http://h:7878/update")
    virtuoso = RemoteStore("http://h:8890/sparql", env={})
    assert virtuoso.query_url == virtuoso.update_url == "http://h:8890/sparql"
    fuseki = RemoteStore("http://h:3030/ds", env={"KG_STORE_QUERY_URL": "http://h:3030/ds/q",
                                                   "KG_STORE_UPDATE_URL": "http://h:3030/ds/u"})
    assert (fuseki.query_url, fuseki.update_url) == ("http://h:3030/ds/q", "http://h:3030/ds/u")


def test_the_store_waits_by_its_own_setting_not_the_web_tiers() -> None:
    assert RemoteStore("http://h:7878/", env={"KG_QUERY_TIMEOUT": "5"}).timeout == 60
    assert RemoteStore("http://h:7878/", env={"KG_STORE_TIMEOUT": "7"}).timeout == 7
    assert RemoteStore("http://h:7878/", timeout=3, env={"KG_STORE_TIMEOUT": "7"}).timeout == 3


def test_the_web_tier_waits_for_its_store_no_longer_than_its_query_time_limit() -> None:
    from webapp.store import get_store

    app = make_app("http://h:7878/", QUERY_TIMEOUT=4.0)
    with app.app_context():
        store = get_store()
    assert isinstance(store, RemoteStore) and store.timeout == 4.0


def test_retries_are_bounded(stub: Stub) -> None:
    stub.status = 503
    with pytest.raises(StoreError):
        RemoteStore(stub.url, retries=3, dialect="generic", env={}).query("ASK {}")
    assert len(stub.requests) == 3


def test_a_store_that_does_not_answer_in_time_is_not_asked_again(stub: Stub) -> None:
    stub.delay = 2.0
    store = RemoteStore(stub.url, timeout=0.5, retries=3, dialect="generic", env={})
    with pytest.raises(QueryLimitExceeded, match="no answer within"):
        store.query("ASK {}")
    assert len(stub.requests) == 1


def test_the_single_operation_replacement_is_standard_sparql(tmp_path: Path) -> None:
    g, h = EX + "g", EX + "h"
    new = [ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal("new"))]
    with EmbeddedStore(tmp_path / "store") as store:
        store.update(f"INSERT DATA {{ GRAPH <{g}> {{ <{EX}a> <{EX}p> 'old' }} "
                     f"GRAPH <{h}> {{ <{EX}b> <{EX}p> 'gone' }} }}")
        store.update(replace_operation({g: new, h: []}))
        assert {q.triple for q in store._store.quads_for_pattern(None, None, None, ox.NamedNode(g))
                } == set(new)
        assert not store.has_graph(h)
