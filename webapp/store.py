"""The store of the web application: opened once per process, on first use, shared by threads.

As flaskr's db.py: `init_app` registers it with the application, `get_store` returns it. One
store per process, not per request: pyoxigraph releases the GIL while a query runs, so threads
share one store in parallel, and a remote store keeps its connections per thread.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app

from kg.store import Store, open_store
from webapp.settings import settings

EXTENSION = "kg.store"  # tests put a store of their own here before the first request
_lock = threading.Lock()


def get_store() -> Store:
    """Return the process's one store, opened on first use."""
    app = current_app
    store: Store | None = app.extensions.get(EXTENSION)
    if store is None:
        with _lock:
            store = app.extensions.get(EXTENSION)
            if store is None:
                chosen = settings()
                # The web tier waits for a remote store no longer than its query time limit.
                store = open_store(chosen.store, timeout=chosen.query_timeout)
                app.extensions[EXTENSION] = store
    return store


def init_app(app: Flask) -> None:
    """Register the store with an application; it opens when a request first needs it."""
    app.extensions.setdefault(EXTENSION, None)
