"""Every setting of the web application, declared once with its default and its help text."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from kg.namespaces import DEFAULT_BASE_URI
from kg.store import DEFAULT_LOCATION


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
    Setting("TITLE", "stancegraph", "The dataset's title on pages and in dataset descriptions."),
)


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Merge defaults, KG_* environment variables and explicit overrides, in that order."""
    values = {s.name: s.default for s in SETTINGS}
    for setting in SETTINGS:
        if (text := os.environ.get(f"KG_{setting.name}")) is not None:
            values[setting.name] = setting.parse(text)
    values.update(overrides or {})
    return values
