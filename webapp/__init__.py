"""The web application: a thin layer that parses requests, calls `kg`, and renders answers."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from kg.errors import KGError
from kg.store import Store, open_store
from webapp.settings import load_settings

_store_lock = threading.Lock()


def get_store() -> Store:
    """Return the process's one store, opened on first use and shared by every thread."""
    app = current_app
    store = app.extensions.get("kg.store")
    if store is None:
        with _store_lock:
            store = app.extensions.get("kg.store")
            if store is None:
                # The web tier waits for a remote store no longer than its query time limit.
                store = open_store(app.config["STORE"],
                                   timeout=float(app.config["QUERY_TIMEOUT"]))
                app.extensions["kg.store"] = store
    return store


def web_link(url: object) -> str:
    """Let only http(s) and same-site links into an href: never `javascript:` or `data:`."""
    text = str(url or "")
    if text.startswith(("http://", "https://", "/", "#", "?")) and not text.startswith("//"):
        return text
    return "#"


# Pages run no inline script (JSON-LD blocks are data) and load nothing from elsewhere.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' "
                           "'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
                           "base-uri 'none'; frame-ancestors 'none'")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application from defaults, KG_* environment variables and `config`."""
    app = Flask(__name__)
    app.config.update(load_settings(config))
    app.jinja_env.filters["web_link"] = web_link

    @app.after_request
    def protect(response):  # type: ignore[no-untyped-def]
        """Tell browsers to run only our own scripts, whatever a page ends up containing."""
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    from webapp import gsp, sparql

    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(gsp.blueprint)
    from webapp import pages

    app.register_blueprint(pages.blueprint)
    from webapp import harvest, linked_data

    app.register_blueprint(linked_data.blueprint)
    app.register_blueprint(harvest.blueprint)

    @app.errorhandler(KGError)
    def kg_error(error: KGError):  # type: ignore[no-untyped-def]
        """Answer a library error with its status and its message, never a traceback."""
        status = error.http_status
        response = jsonify(error=type(error).__name__, message=str(error))
        if request.accept_mimetypes.best == "text/plain":
            response = app.response_class(str(error) + "\n", mimetype="text/plain")
        response.status_code = status
        if status == 503:
            response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        """Answer HTTP errors in plain words."""
        response = app.response_class(f"{error.code} {error.name}: {error.description}\n",
                                      status=error.code, mimetype="text/plain")
        for key, value in error.get_headers():
            if key.lower() not in ("content-type", "content-length"):
                response.headers[key] = value
        return response

    return app
