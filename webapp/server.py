"""Run the web application: gunicorn workers over one store server, or Flask's debug server.

`kg serve` hands an embedded store folder to Oxigraph's own server (kg.store.server), and every
gunicorn worker reaches it over loopback as a remote store: the web tier keeps no state and can
run as many workers as the machine has cores.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from kg.pipeline.ingest import load_reference_graphs
from kg.store import EmbeddedStore
from kg.store.server import serving_marker, start_store_server
from kg.uris import URIs
from webapp.settings import load_settings


def serve(location: str, base_uri: str, *, host: str, port: int, workers: int,
          debug: bool) -> None:
    """Serve until interrupted."""
    os.environ["KG_BASE_URI"] = base_uri
    if debug:
        from webapp import create_app

        create_app({"STORE": location, "BASE_URI": base_uri}).run(host, port, debug=True)
        return
    store_process = None
    store_url = location
    timeout = float(load_settings()["QUERY_TIMEOUT"])
    # Workers wait for the store no longer than the query time limit (kg.store.server says
    # why the store itself runs without one).
    os.environ["KG_QUERY_TIMEOUT"] = str(timeout)
    if not location.startswith(("http://", "https://")):
        with EmbeddedStore(location) as store:  # load reference data before handing it over
            load_reference_graphs(store, URIs(base_uri))
        store_process, store_url = start_store_server(location)
        serving_marker(location).write_text(store_url + "\n", encoding="utf-8")
    os.environ["KG_STORE"] = store_url
    command = [sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}",
               "--workers", str(workers), "--worker-class", "gthread", "--threads", "8",
               "--access-logfile", "-", "webapp.wsgi:app"]
    # `kill` and service managers send SIGTERM: stop gunicorn and the store server as on
    # Ctrl-C, rather than leave them running over a folder nobody else can open.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    gunicorn = subprocess.Popen(command)
    try:
        gunicorn.wait()
    except KeyboardInterrupt:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait()
    finally:
        if store_process is not None:
            serving_marker(location).unlink(missing_ok=True)
            store_process.terminate()
            store_process.wait()
