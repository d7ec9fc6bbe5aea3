"""Shared fixtures and helpers: a fresh store per test, articles stored as the pipeline does,
the application over a store, and a real server in a subprocess.

Test modules import the helpers (`from conftest import make_app, store_extractions`) rather
than keeping copies of their own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from kg.model import Extraction
from kg.store import EmbeddedStore, Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus" / "000_ce751a3b17e2352e.txt"
BASE = "http://localhost:5000/"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture
def shared() -> Path:
    """The shared development folder beside the repository; tests that need it skip without it."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (it holds the seed corpus and the W3C manifests)")
    return SHARED


@pytest.fixture
def seed(shared: Path) -> Path:
    """The seed article page."""
    return shared / "corpus" / SEED.name


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """A fresh, empty embedded store in its own folder."""
    with EmbeddedStore(tmp_path / "store") as fresh:
        yield fresh


@pytest.fixture
def sample_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """A fresh embedded store holding the bundled sample articles."""
    from kg.pipeline.ingest import Pipeline

    with EmbeddedStore(tmp_path / "store") as fresh:
        outcomes = list(Pipeline(BASE, fresh).run([SAMPLES]))
        assert all(o.status == "stored" for o in outcomes), [
            (o.source, o.messages) for o in outcomes if o.status != "stored"]
        yield fresh


def store_extractions(store: Store, *extractions: Extraction) -> list[str]:
    """Store hand-built extractions as the pipeline does, with the reference graphs; return
    the articles' IRIs. Tests built this way do not depend on the extractor."""
    from kg.countries import country_registry
    from kg.pipeline.build import ArticleBuilder, oxigraph_triples
    from kg.pipeline.ingest import load_reference_graphs
    from kg.uris import URIs

    load_reference_graphs(store, URIs(BASE))
    builder = ArticleBuilder(BASE, {c.iso2: c.name for c in country_registry()})
    articles = []
    for extraction in extractions:
        built = builder.build(extraction)
        store.replace_graphs({built.graph_name: oxigraph_triples(built.graph)})
        articles.append(built.article)
    return articles


def make_app(store: Store | str, **config: object) -> Flask:
    """The application over a store (or a store URL), with its dumps written beside the store."""
    from webapp import create_app

    location = store if isinstance(store, str) else store.location
    settings = {"STORE": location, "BASE_URI": BASE, "TESTING": True}
    if not isinstance(store, str):
        settings["DUMP_DIR"] = location + "-dumps"
    application = create_app({**settings, **config})
    if not isinstance(store, str):
        application.extensions["kg.store"] = store
    return application


@pytest.fixture
def app(sample_store: EmbeddedStore) -> Flask:
    """The Flask application over the sample store (in-process, for request-level tests)."""
    return make_app(sample_store)


@pytest.fixture
def client(app):
    """A test client of the application."""
    return app.test_client()


class LiveServer:
    """A real `kg serve` (Oxigraph server + gunicorn) in a subprocess on a free loopback port."""

    def __init__(self, store_dir: Path, port: int, env: dict[str, str]) -> None:
        self.url = f"http://127.0.0.1:{port}/"
        self.store_dir = store_dir
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "--store", str(store_dir), "--base-uri", self.url,
             "serve", "--port", str(port), "--workers", "2"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)

    def wait(self) -> None:
        """Wait until the server answers, failing with its stderr if it dies first."""
        from kg.store.server import wait_until_up

        try:
            wait_until_up(self.url + "sparql?query=ASK%7B%7D", seconds=60)
        except Exception:
            self.stop()
            raise RuntimeError(self.process.stderr.read().decode() if self.process.stderr
                               else "server did not start") from None

    def stop(self) -> None:
        """Stop gunicorn and the store server with it."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.process.stderr is not None:
            self.process.stderr.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server over the samples, with an update token, shared by one test module."""
    from kg.store.server import free_port

    port = free_port()
    store_dir = tmp_path_factory.mktemp("live") / "store"
    url = f"http://127.0.0.1:{port}/"
    subprocess.run([sys.executable, "-m", "kg.cli", "--store", str(store_dir), "--base-uri", url,
                    "ingest", str(SAMPLES)], check=True, capture_output=True)
    env = {**os.environ, "KG_UPDATE_TOKEN": "test-token", "KG_QUERY_TIMEOUT": "5",
           "KG_DUMP_DIR": str(store_dir.parent / "dumps")}
    server = LiveServer(store_dir, port, env)
    server.wait()
    yield server
    server.stop()


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """GET a URL without following redirects; return status, headers and body."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless Chromium shared by the module's tests (Debian's, driven by Playwright)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: run scripts/setup-browser.sh as root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
