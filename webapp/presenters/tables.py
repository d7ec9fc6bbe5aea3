"""The rows of a list as a table of plain values, written as JSON or CSV (Datasette's `.json`).

Every link becomes two columns, its IRI and its label, so a program gets the same things a
reader sees on the HTML page, each named by its IRI.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import fields, is_dataclass
from typing import Any

from kg.publish.records import Link

Value = str | int | float | None


def columns(row_type: type) -> list[str]:
    """Name the columns a row type becomes: a link `x` gives `x` and `x_label`."""
    names: list[str] = []
    for field in fields(row_type):
        if field.name == "link":
            names += ["iri", "label"]
        elif "Link" in str(field.type):
            names += [field.name, f"{field.name}_label"]
        else:
            names.append(field.name)
    return names


def flatten(row: Any) -> dict[str, Value]:
    """Turn one row (a dataclass of links and plain values) into a record of plain values."""
    assert is_dataclass(row), "list rows are dataclasses"
    record: dict[str, Value] = {}
    for field in fields(row):
        value = getattr(row, field.name)
        if field.name == "link":
            record["iri"], record["label"] = value.iri, value.label
        elif isinstance(value, Link) or "Link" in str(field.type):
            record[field.name] = value.iri if value is not None else None
            record[f"{field.name}_label"] = value.label if value is not None else None
        else:
            record[field.name] = value
    return record


def to_json(document: dict[str, Any]) -> str:
    """Write a list's JSON document, non-ASCII text kept as it is."""
    return json.dumps(document, ensure_ascii=False, indent=1)


def to_csv(names: Sequence[str], records: Iterable[dict[str, Value]]) -> str:
    """Write records as CSV (RFC 4180: CRLF line ends, quoted when needed), a header first."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(names), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()
