"""The web application: a thin layer that parses requests, calls `kg`, and renders answers."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from kg.errors import KGError
from webapp import (
    admission,
    changes,
    gsp,
    harvest,
    history,
    linked_data,
    pages,
    pictures,
    reports,
    sparql,
    store,
)
from webapp.render import protect, web_link
from webapp.settings import load_settings


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application from defaults, KG_* environment variables and `config`."""
    app = Flask(__name__)
    app.config.update(load_settings(config))
    # Werkzeug refuses a larger body with 413 as it reads it; a form is read whole, so its
    # limit is the body's (its MAX_FORM_MEMORY_SIZE only bounds multipart fields).
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_BODY_BYTES"])
    app.config["MAX_FORM_MEMORY_SIZE"] = int(app.config["MAX_FORM_BYTES"])
    store.init_app(app)
    admission.init_app(app)

    @app.before_request
    def limit_forms() -> None:
        """Hold forms (a query or update and its parameters) to MAX_FORM_BYTES."""
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            request.max_content_length = min(int(app.config["MAX_FORM_BYTES"]),
                                             int(app.config["MAX_BODY_BYTES"]))
    app.jinja_env.filters["web_link"] = web_link
    app.after_request(protect)

    for blueprint in (sparql.blueprint, gsp.blueprint, pages.blueprint, pictures.blueprint,
                      linked_data.blueprint, harvest.blueprint, changes.blueprint,
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

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge) -> Response:
        """Name the limit a request went past, and the setting that sets it."""
        limit = request.max_content_length
        what = ("form" if request.mimetype in ("application/x-www-form-urlencoded",
                                                "multipart/form-data") else "request body")
        setting = "MAX_FORM_BYTES" if what == "form" else "MAX_BODY_BYTES"
        error.description = f"the {what} is larger than {limit} bytes ({setting})"
        if what == "form":
            error.description += "; send a long query as application/sparql-query"
        return http_error(error)

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
