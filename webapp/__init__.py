"""The web application: a thin layer that parses requests, calls `kg`, and renders answers."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from kg.errors import KGError
from webapp import changes, gsp, harvest, history, linked_data, pages, reports, sparql, store
from webapp.render import protect, web_link
from webapp.settings import load_settings


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application from defaults, KG_* environment variables and `config`."""
    app = Flask(__name__)
    app.config.update(load_settings(config))
    store.init_app(app)
    app.jinja_env.filters["web_link"] = web_link
    app.after_request(protect)

    for blueprint in (sparql.blueprint, gsp.blueprint, pages.blueprint, linked_data.blueprint,
                      harvest.blueprint, changes.blueprint,
                      history.blueprint, reports.blueprint):
        app.register_blueprint(blueprint)

    @app.errorhandler(KGError)
    def kg_error(error: KGError) -> Response:
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
    def http_error(error: HTTPException) -> Response:
        """Answer HTTP errors in plain words."""
        response = app.response_class(f"{error.code} {error.name}: {error.description}\n",
                                      status=error.code, mimetype="text/plain")
        for key, value in error.get_headers():
            if key.lower() not in ("content-type", "content-length"):
                response.headers[key] = value
        return response

    return app
