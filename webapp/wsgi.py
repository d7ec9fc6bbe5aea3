"""The WSGI entry point for gunicorn: settings come from KG_* environment variables."""

from webapp import create_app

app = create_app()
