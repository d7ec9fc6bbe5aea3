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
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import HealthCheck, settings

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


# Fuzzing: each property test runs its CI-sized number of examples times this (`make fuzz`).
FUZZ_SCALE = float(os.environ.get("KG_FUZZ_SCALE", "1"))
_FUZZED: Counter[str] = Counter()


def fuzz_settings(ci: int) -> settings:
    """Hypothesis settings for a fuzz test: `ci` examples in `make test`, scaled by make fuzz."""
    return settings(max_examples=max(1, round(ci * FUZZ_SCALE)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


@pytest.fixture
def fuzz_count() -> Counter[str]:
    """Count fuzzed inputs by kind; the totals are printed at the end of the run."""
    return _FUZZED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many fuzzed inputs the run tried (the figure `make fuzz` reports)."""
    if _FUZZED:
        counts = ", ".join(f"{n:,} {kind}" for kind, n in sorted(_FUZZED.items()))
        terminalreporter.write_line(f"fuzzed: {counts}; {sum(_FUZZED.values()):,} inputs")


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
        store.replace_graphs({name: oxigraph_triples(g) for name, g in built.graphs.items()})
        articles.append(built.article)
    return articles


def many_articles(folder: Path, copies: int) -> Path:
    """Write `copies` variants of each plain-text sample, each with its own headline.

    Teasers naming other samples are cut, so that no copy links to an article it does not own.
    """
    folder.mkdir()
    sources = sorted(SAMPLES.glob("*.txt"))
    headlines = {s.read_text(encoding="utf-8").split("\n", 1)[0].strip() for s in sources}
    for source in sources:
        headline, rest = source.read_text(encoding="utf-8").split("\n", 1)
        kept = []
        for line in rest.splitlines():
            if line.strip() in headlines or line.strip() == "Related":
                break
            kept.append(line)
        rest = "\n".join(kept) + "\n"
        for n in range(copies):
            (folder / f"{source.stem}-{n}.txt").write_text(f"{headline} part {n}\n{rest}",
                                                         encoding="utf-8")
    return folder


def make_app(store: Store | str, **config: object) -> Flask:
    """The application over a store (or a store URL), with its dumps written beside the store."""
    from webapp import create_app

    location = store if isinstance(store, str) else store.location
    settings: dict[str, object] = {"STORE": location, "BASE_URI": BASE, "TESTING": True,
                                   "DUMP_SETTLE": 0.0}
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

    def __init__(self, store_dir: Path, port: int, env: dict[str, str],
                 log: Path | None = None) -> None:
        self.url = f"http://127.0.0.1:{port}/"
        self.store_dir = store_dir
        self.stderr_text = ""
        self.log = log  # where its stderr (gunicorn's and the supervisor's log) goes, if given
        self._log_file = log.open("wb") if log is not None else None
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "--store", str(store_dir), "--base-uri", self.url,
             "serve", "--port", str(port), "--workers", "2"],
            env=env, stdout=subprocess.DEVNULL,
            stderr=self._log_file or subprocess.PIPE, start_new_session=True)

    def wait(self) -> None:
        """Wait until the server answers, failing with its stderr if it dies first."""
        from kg.store.server import wait_until_up

        try:
            wait_until_up(self.url + "sparql?query=ASK%7B%7D", seconds=60)
        except Exception:
            alive = self.process.poll() is None
            self.stop()  # first, so that reading its stderr cannot block on a live server
            stderr = self.stderr_text or (self.log.read_text() if self.log else "")
            raise RuntimeError(("did not answer in time; " if alive else "") + (
                stderr or "server did not start")) from None

    def stop(self) -> None:
        """Stop gunicorn and the store server with it."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.process.stderr is not None and not self.process.stderr.closed:
            self.stderr_text = self.process.stderr.read().decode(errors="replace")[-4000:]
            self.process.stderr.close()
        if self._log_file is not None:
            self._log_file.close()


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
           "KG_DUMP_DIR": str(store_dir.parent / "dumps"), "KG_DUMP_SETTLE": "0"}
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


def write_dump_now(client) -> None:  # type: ignore[no-untyped-def]
    """Have an in-process application write its dump (a request starts it) and wait for it."""
    from kg.publish.dumps import wait_for_refresh

    client.get("/dumps/stancegraph.nq.gz.sha256")
    wait_for_refresh(client.application.config["DUMP_DIR"], timeout=120)


def wait_for_live_dump(url: str, seconds: float = 120) -> None:
    """Poll a live server until the dump it describes holds the data it serves.

    Dumps are written in the background once writes settle: a reader first gets the last one.
    """
    import time

    from rdflib import Graph, URIRef
    from rdflib.namespace import DCAT, DCTERMS

    dataset = URIRef(f"{url}void#dataset")
    deadline = time.monotonic() + seconds
    while True:
        graph = Graph().parse(data=fetch(url + "void", Accept="text/turtle")[2], format="turtle")
        dumps = [graph.value(d, DCTERMS.modified) for d in graph.objects(dataset, DCAT.distribution)
                 if graph.value(d, DCAT.downloadURL) is not None]
        if dumps and dumps[0] == graph.value(dataset, DCTERMS.modified):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url}: no current dump after {seconds} s")
        time.sleep(0.2)


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
