"""Read article records from JSON (one object or a list) and JSON Lines (one object a line)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import Document, Teaser
from kg.sources.boilerplate import normalize_space
from kg.sources.dates import day_first_for, parse_date
from kg.sources.jsonld import person_names
from kg.sources.publisher import find_publisher
from kg.sources.teasers import TeaserList

# Accepted field names, first match wins; the schema.org names let NewsArticle JSON be read too.
_FIELDS: dict[str, tuple[str, ...]] = {
    "headline": ("title", "headline"),
    "body": ("body", "text", "articleBody"),
    "date": ("date", "datePublished"),
    "publisher": ("publisher",),
    "language": ("language", "inLanguage"),
    "url": ("url",),
    "genre": ("genre",),
    "description": ("description", "standfirst", "summary", "dek"),
}


def read_json_records(path: Path, text: str, source: str) -> list[Document]:
    """Read a .json file holding one record object or a list of them."""
    data = _loads(path, text, where="")
    if isinstance(data, dict):
        return [record_to_document(path, data, source=source, where="")]
    if isinstance(data, list):
        if not data:
            raise InputError(path, "the JSON list holds no records")
        return [
            record_to_document(path, record, source=f"{source}#{index}",
                               where=f"records[{index}]: ")
            for index, record in enumerate(data)
        ]
    raise InputError(path, f"expected a JSON object or a list of objects, found {_kind(data)}")


def read_json_lines(path: Path, text: str, source: str) -> list[Document]:
    """Read a .jsonl file: one record object a line, blank lines ignored."""
    documents: list[Document] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"line {number}: "
        record = _loads(path, line, where=where)
        documents.append(record_to_document(
            path, record, source=f"{source}#{len(documents)}", where=where))
    if not documents:
        raise InputError(path, "no records")
    return documents


def _loads(path: Path, text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        position = (f"column {error.colno}" if where
                    else f"line {error.lineno}, column {error.colno}")
        raise InputError(path, f"{where}invalid JSON at {position}: {error.msg}") from None


def record_to_document(path: Path, record: Any, *, source: str, where: str) -> Document:
    """Check one record's fields and turn it into a Document; `where` locates it in errors."""
    if not isinstance(record, dict):
        raise InputError(path, f"{where}expected a JSON object, found {_kind(record)}")
    values = {name: _text_field(path, record, keys, where) for name, keys in _FIELDS.items()}
    for name, keys in (("headline", _FIELDS["headline"]), ("body", _FIELDS["body"])):
        if not values[name]:
            raise InputError(path, f"{where}the record has no {' or '.join(keys)}")
    paragraphs = [normalize_space(p) for p in str(values["body"]).split("\n")]
    paragraphs = [p for p in paragraphs if p]
    publisher, lead = find_publisher(paragraphs[0], declared=values["publisher"],
                                     url=values["url"])
    paragraphs[0] = lead.text
    date = None
    if values["date"]:
        locale = record.get("locale")  # "12/11/2025" reads by the record's language or locale
        language = values["language"] or (locale if isinstance(locale, str) else None)
        date = parse_date(values["date"], day_first_for(language))
        if date is None:
            raise InputError(path, f"{where}date {values['date']!r} is not a date we can read "
                                   "(use ISO 8601, e.g. 2024-07-10)")
    return Document(
        source=source,
        headline=normalize_space(str(values["headline"])),
        body="\n\n".join(paragraphs),
        publisher=publisher,
        genre=values["genre"] or lead.genre,
        date=date,
        url=values["url"],
        language=values["language"],
        teasers=_teasers(path, record.get("teasers"), publisher, where),
        authors=_authors(path, record, where),
        description=normalize_space(str(values["description"])) or None
        if values["description"] else None,
    )


def _text_field(path: Path, record: dict[str, Any], keys: tuple[str, ...],
                where: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if value is None:
            continue
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            value = value["name"]  # schema.org style: "publisher": {"name": "…"}
        if not isinstance(value, str):
            raise InputError(path, f"{where}{key!r} must be a string, found {_kind(value)}")
        if value.strip():
            return value.strip()
    return None


def _authors(path: Path, record: dict[str, Any], where: str) -> list[str]:
    """Read "author" or "authors" the way JSON-LD gives them: a name, an object, or a list."""
    for key in ("authors", "author"):
        if record.get(key) is None:
            continue
        names = person_names(record[key])
        if names is None:
            raise InputError(path, f"{where}{key!r} must be a name, an object with a 'name', "
                                   f"or a list of these, found {_kind(record[key])}")
        return names
    return []


def _teasers(path: Path, value: Any, publisher: str | None, where: str) -> list[Teaser]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(path, f"{where}'teasers' must be a list, found {_kind(value)}")
    teasers = TeaserList(publisher)
    for index, item in enumerate(value):
        if isinstance(item, str):
            item = {"headline": item}
        headline = item.get("headline", item.get("title")) if isinstance(item, dict) else None
        abstract = item.get("abstract", "") if isinstance(item, dict) else ""
        if not isinstance(headline, str) or not headline.strip() or not isinstance(abstract, str):
            raise InputError(path, f"{where}teasers[{index}] needs a string 'headline' "
                                   "(and an optional string 'abstract')")
        teasers.add(headline, abstract)
    return teasers.teasers()


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null", int: "a number", float: "a number"}.get(type(value), "a value")
