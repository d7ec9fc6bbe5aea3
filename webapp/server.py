"""Run the web application: gunicorn workers over one store server, or Flask's debug server.

`kg serve` hands an embedded store folder to Oxigraph's own server (kg.store.server), and every
gunicorn worker reaches it over loopback as a remote store: the web tier keeps no state and can
run as many workers as the machine has cores.
"""

from __future__ import annotations

import signal
import subprocess
import sys

from kg.pipeline.ingest import load_reference_graphs
from kg.store import EmbeddedStore, is_remote
from kg.store.server import serving_marker, start_store_server
from kg.uris import URIs
from webapp import create_app


def serve(location: str, base_uri: str, *, host: str, port: int, workers: int,
          debug: bool) -> None:
    """Serve until interrupted."""
    if debug:
        create_app({"STORE": location, "BASE_URI": base_uri}).run(host, port, debug=True)
        return
    store_process = None
    store_url = location
    if not is_remote(location):
        with EmbeddedStore(location) as store:  # load reference data before handing it over
            load_reference_graphs(store, URIs(base_uri))
        store_process, store_url = start_store_server(location)
        serving_marker(location).write_text(store_url + "\n", encoding="utf-8")
    # Each worker builds its application from these settings (the others come from KG_*
    # variables, as for any deployment); its store waits no longer than QUERY_TIMEOUT
    # (kg.store.server says why the store itself runs without a limit).
    config = {"STORE": store_url, "BASE_URI": base_uri}
    command = [sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}",
               "--workers", str(workers), "--worker-class", "gthread", "--threads", "8",
               "--access-logfile", "-", f"webapp:create_app({config!r})"]
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
