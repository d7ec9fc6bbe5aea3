"""Every setting of the web application, declared once with its default and its help text.

`create_app` merges them into the application's config (defaults, then KG_* environment
variables, then its explicit config); views read them typed, as a `Settings` object, through
`settings()`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

from kg.namespaces import DEFAULT_BASE_URI
from kg.publish.catalog import Publisher
from kg.store import DEFAULT_LOCATION
from kg.uris import normalize_base


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, type and what it does (shown in the README)."""

    name: str
    default: Any
    help: str

    def parse(self, text: str) -> Any:
        """Read the setting from an environment string, typed like its default."""
        if isinstance(self.default, bool):
            return text.strip().lower() in ("1", "true", "yes", "on")
        if isinstance(self.default, int):
            return int(text)
        if isinstance(self.default, float):
            return float(text)
        return text


SETTINGS: tuple[Setting, ...] = (
    Setting("STORE", DEFAULT_LOCATION,
            "A store folder (embedded Oxigraph) or an http(s) URL of a SPARQL 1.1 store."),
    Setting("BASE_URI", DEFAULT_BASE_URI, "The base under which every IRI is minted and served."),
    Setting("UPDATE_TOKEN", "",
            "Bearer token enabling SPARQL Update and the Graph Store Protocol; empty: read-only."),
    Setting("QUERY_TIMEOUT", 30.0, "Seconds a SPARQL query may run before it is stopped."),
    Setting("RESULT_LIMIT", 100_000, "Most rows (or triples) one query may answer with."),
    Setting("PAGE_SIZE", 50, "Rows per page in HTML lists and incoming links per document."),
    Setting("LICENSE", "https://creativecommons.org/licenses/by/4.0/",
            "The licence of the published data, stated in documents, VoID and DCAT."),
    Setting("DUMP_DIR", "./data/dumps", "Folder where full dumps are written and served from."),
    Setting("DUMP_SETTLE", 10.0,
            "Seconds the data must stay unchanged before a new dump is written in the background."),
    Setting("TITLE", "stancegraph", "The dataset's title on pages and in dataset descriptions."),
    Setting("QUERIES_PER_CLIENT", 2,
            "SPARQL operations one client address may run at once; more are answered 429."),
    Setting("QUERIES_AT_ONCE", 6,
            "SPARQL operations the whole server runs at once; more are answered 503."),
    Setting("MAX_URL_BYTES", 8190,
            "Longest request line (method, URL, version) `kg serve` reads; longer: 414."),
    Setting("MAX_HEADER_BYTES", 8190,
            "Longest request header field `kg serve` reads; longer: 431."),
    Setting("MAX_BODY_BYTES", 16 * 1024 * 1024,
            "Largest request body (updates, Graph Store Protocol writes); larger: 413."),
    Setting("MAX_FORM_BYTES", 1024 * 1024,
            "Largest form field (a query or update sent as a form); larger: 413."),
    Setting("SUPERVISOR_PID", 0,
            "Set by `kg serve`: the process told to restart the store server when a query "
            "runs past QUERY_TIMEOUT (0: none)."),
    Setting("PUBLISHER", "stancegraph", "Who publishes the data, named in the DCAT-AP catalog."),
    Setting("PUBLISHER_TYPE", "NonProfitOrganisation",
            "The publisher's kind, an ADMS publisher type (http://purl.org/adms/publishertype/)."),
    Setting("CONTACT_EMAIL", "", "The catalog's contact address; empty: the site itself."),
)


def load_settings(overrides: Mapping[str, Any] | None = None,
                  environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Merge defaults, KG_* environment variables and explicit overrides, in that order."""
    environ = os.environ if environ is None else environ
    values = {s.name: s.default for s in SETTINGS}
    for setting in SETTINGS:
        if (text := environ.get(f"KG_{setting.name}")) is not None:
            values[setting.name] = setting.parse(text)
    values.update(overrides or {})
    return values


@dataclass(frozen=True)
class Settings:
    """The settings of one application, typed; see SETTINGS for what each does."""

    store: str
    base_uri: str  # ends with exactly one slash
    update_token: str
    query_timeout: float
    result_limit: int
    page_size: int
    license: str
    dump_dir: str
    dump_settle: float
    title: str
    supervisor_pid: int
    publisher: Publisher

    @classmethod
    def from_config(cls, values: Mapping[str, Any]) -> Settings:
        """Read the settings out of a merged configuration (see load_settings)."""
        return cls(store=str(values["STORE"]), base_uri=normalize_base(str(values["BASE_URI"])),
                   update_token=str(values["UPDATE_TOKEN"] or ""),
                   query_timeout=float(values["QUERY_TIMEOUT"]),
                   result_limit=int(values["RESULT_LIMIT"]),
                   page_size=max(1, int(values["PAGE_SIZE"])), license=str(values["LICENSE"]),
                   dump_dir=str(values["DUMP_DIR"]),
                   dump_settle=float(values["DUMP_SETTLE"]), title=str(values["TITLE"]),
                   supervisor_pid=int(values["SUPERVISOR_PID"]),
                   publisher=Publisher(str(values["PUBLISHER"]), str(values["PUBLISHER_TYPE"]),
                                       str(values["CONTACT_EMAIL"])))

    def url(self, path: str = "") -> str:
        """Make a site path absolute under the base URI, never under a request's Host header."""
        return self.base_uri + path.lstrip("/")


def settings() -> Settings:
    """Return the settings of the application handling this request, typed.

    The typed object is kept on the application and rebuilt only when the configuration's
    values change (tests change them between requests): reading them costs a tuple compare.
    """
    config, extensions = current_app.config, current_app.extensions
    values = tuple(config[s.name] for s in SETTINGS)
    kept: tuple[tuple[Any, ...], Settings] | None = extensions.get("kg.settings")
    if kept is None or kept[0] != values:
        kept = (values, Settings.from_config(config))
        extensions["kg.settings"] = kept
    return kept[1]
