"""Read what a page's schema.org article node says about itself, before any heuristic runs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from kg.sources.boilerplate import normalize_space
from kg.sources.byline import looks_like_a_person

# schema.org Article and its subtypes that articles are published as.
ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "SatiricalArticle",
    "BlogPosting", "LiveBlogPosting", "SocialMediaPosting", "ScholarlyArticle", "TechArticle",
    "Report",
})
# Author types that are not people: an organization credited as author is not an expert.
_NOT_PEOPLE = frozenset({"Organization", "NewsMediaOrganization", "Corporation", "WebSite",
                         "ResearchOrganization", "GovernmentOrganization", "NGO"})
_BY = re.compile(r"^by\s+", re.I)
_AUTHOR_SEPARATORS = re.compile(r"\s*;\s*|\s+(?:and|&)\s+")


@dataclass(frozen=True)
class LinkedArticle:
    """The fields a JSON-LD article node gives; empty when the page has none."""

    type: str | None = None
    headline: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = None
    description: str | None = None


def read_linked_article(blocks: Iterable[str]) -> LinkedArticle:
    """Read the first article node among JSON-LD blocks; a broken block is skipped, not fatal."""
    nodes: list[dict[str, Any]] = []
    for block in blocks:
        try:
            nodes += _nodes(json.loads(block))
        except ValueError:
            continue
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    article = next((node for node in nodes if article_type(node)), None)
    if article is None:
        return LinkedArticle()
    return LinkedArticle(
        type=article_type(article),
        headline=name_of(article.get("headline")),
        authors=person_names(article.get("author"), by_id) or [],
        date=_string(article.get("datePublished")),
        publisher=name_of(_resolve(article.get("publisher"), by_id)),
        url=_string(article.get("url")),
        language=_string(article.get("inLanguage")),
        description=_string(article.get("description")),
    )


def article_type(node: Mapping[str, Any]) -> str | None:
    """Name the node's article type ("NewsArticle"), whatever prefix or IRI spells it."""
    types = node.get("@type")
    for name in types if isinstance(types, list) else [types]:
        if isinstance(name, str):
            local = re.split(r"[/#:]", name)[-1]
            if local in ARTICLE_TYPES:
                return local
    return None


def name_of(value: Any) -> str | None:
    """Give the text of a name: a string, an object's "name", or the first of a list of these."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return (normalize_space(value) or None) if isinstance(value, str) else None


def person_names(value: Any, by_id: Mapping[str, Any] | None = None) -> list[str] | None:
    """List the people an author value names (a string, a Person or a list); None if malformed.

    Organizations credited as authors are left out: the authors are taken as the experts.
    """
    if value is None:
        return []
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        item = _resolve(item, by_id or {})
        if not isinstance(item, dict | str):
            return None
        name = name_of(item)
        if name is None or (isinstance(item, dict) and _types(item) & _NOT_PEOPLE):
            continue
        names += [n for n in _AUTHOR_SEPARATORS.split(_BY.sub("", name))
                  if n and looks_like_a_person(n)]
    return list(dict.fromkeys(names))


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        yield from _nodes(data.get("@graph", []))
        yield from _nodes(data.get("mainEntity", []))


def _resolve(value: Any, by_id: Mapping[str, Any]) -> Any:
    """Replace an {"@id": …} reference without a name by the node it points to, if known."""
    if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
        return by_id.get(value["@id"], value)
    return value


def _types(node: Mapping[str, Any]) -> set[str]:
    types = node.get("@type")
    return {re.split(r"[/#:]", t)[-1] for t in (types if isinstance(types, list) else [types])
            if isinstance(t, str)}


def _string(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None
