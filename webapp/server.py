"""Run the web application: gunicorn workers over one store server, or Flask's debug server.

`kg serve` hands an embedded store folder to Oxigraph's own server, kept running by a
supervisor (kg.store.supervision), and every gunicorn worker reaches it over loopback as a
remote store: the web tier keeps no state and can run as many workers as the machine has cores.
gunicorn's master restarts a worker that dies; `kg serve` restarts the store server.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from typing import Any

from kg.pipeline.ingest import load_reference_graphs
from kg.store import EmbeddedStore, is_remote
from kg.store.server import serving_marker
from kg.store.supervision import RESTART_SIGNAL, StoreSupervisor
from kg.uris import URIs
from webapp import create_app
from webapp.settings import load_settings


def gunicorn_command(config: dict[str, Any], *, host: str, port: int,
                     workers: int) -> list[str]:
    """Build the gunicorn command line: workers, request limits, and the preloaded app.

    The application is preloaded so that its admission slots (webapp.admission) are made once,
    in the master, and shared by the workers it forks. The request line and header limits are
    gunicorn's own (it answers 414 and 431); body and form limits are the application's.
    """
    settings = load_settings(config)
    return [sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}",
            "--workers", str(workers), "--worker-class", "webapp.worker.BufferedRequestWorker",
            "--threads", "8",
            "--limit-request-line", str(settings["MAX_URL_BYTES"]),
            "--limit-request-field_size", str(settings["MAX_HEADER_BYTES"]),
            "--preload", "--access-logfile", "-", f"webapp:create_app({config!r})"]


def serve(location: str, base_uri: str, *, host: str, port: int, workers: int,
          debug: bool) -> None:
    """Serve until interrupted."""
    if debug:
        create_app({"STORE": location, "BASE_URI": base_uri}).run(host, port, debug=True)
        return
    logging.basicConfig(level=logging.INFO, format="[%(asctime)s] [%(process)d] [%(levelname)s] "
                        "%(name)s: %(message)s")
    supervisor = None
    store_url = location
    if not is_remote(location):
        with EmbeddedStore(location) as store:  # load reference data before handing it over
            load_reference_graphs(store, URIs(base_uri))
        supervisor = StoreSupervisor(location)
        store_url = supervisor.url
        serving_marker(location).write_text(store_url + "\n", encoding="utf-8")
        # The web tier signals a query that ran past its limit: restart the server to end it.
        signal.signal(RESTART_SIGNAL, lambda *_: supervisor.request_restart())
    # gunicorn builds the application from these settings (the others come from KG_*
    # variables, as for any deployment) and each worker opens its store on first use; it
    # waits no longer than QUERY_TIMEOUT (kg.store.server says why the store has no limit).
    config: dict[str, Any] = {"STORE": store_url, "BASE_URI": base_uri}
    if supervisor is not None:
        config["SUPERVISOR_PID"] = os.getpid()
    # `kill` and service managers send SIGTERM: stop gunicorn and the store server as on
    # Ctrl-C, rather than leave them running over a folder nobody else can open.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    gunicorn = subprocess.Popen(gunicorn_command(config, host=host, port=port, workers=workers))
    try:
        gunicorn.wait()
    except KeyboardInterrupt:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait()
    finally:
        if supervisor is not None:
            serving_marker(location).unlink(missing_ok=True)
            supervisor.stop()
