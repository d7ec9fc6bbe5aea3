"""The URI scheme of DESIGN.md: every IRI stancegraph mints is built here, under one base URI."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_APOSTROPHES = re.compile(r"['’ʼ`]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
SLUG_MAX = 80
# The kinds of things named under /id/{kind}/{key}, and what a key may look like.
KINDS = ("article", "expert", "person", "country", "organization", "stance", "topic", "activity")
# The kinds whose own facts (names, types) live in one graph per thing, not in articles.
SHARED_KINDS = ("expert", "person", "organization", "topic", "activity")
KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$")


def slugify(text: str) -> str:
    """Turn a headline or name into a stable, readable, ASCII path segment."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_ALNUM.sub("-", _APOSTROPHES.sub("", folded)).strip("-")
    if len(slug) > SLUG_MAX:
        cut = slug[: SLUG_MAX + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:SLUG_MAX]
    return slug or "untitled"


def normalize_base(base_uri: str) -> str:
    """Make sure the base ends in exactly one slash, so IRIs join without doubling it."""
    return base_uri.rstrip("/") + "/"


class URIs:
    """Mint the IRIs of things and graphs under one base URI."""

    def __init__(self, base_uri: str) -> None:
        self.base = normalize_base(base_uri)

    def thing(self, kind: str, key: str) -> str:
        """Name a thing: /id/{kind}/{key}."""
        return f"{self.base}id/{kind}/{key}"

    def article(self, headline: str) -> str:
        """Name an article by its headline, so a teaser and the full article meet."""
        return self.thing("article", slugify(headline))

    def article_graph(self, headline: str) -> str:
        """Name the graph that holds one article and what was extracted from it."""
        return f"{self.base}graph/article/{slugify(headline)}"

    def country(self, iso2: str) -> str:
        """Name a country by its ISO 3166-1 alpha-2 code, lower case."""
        return self.thing("country", iso2.lower())

    def expert(self, name: str) -> str:
        """Name an expert by their name."""
        return self.thing("expert", slugify(name))

    def person(self, name: str) -> str:
        """Name a person who is not an expert of the article."""
        return self.thing("person", slugify(name))

    def organization(self, name: str) -> str:
        """Name an organization (publisher, bloc, alliance)."""
        return self.thing("organization", slugify(name))

    def topic(self, label: str) -> str:
        """Name a topic concept that a stance targets."""
        return self.thing("topic", slugify(label))

    def activity(self, extractor: str, version: str) -> str:
        """Name the extraction activity of one extractor version."""
        return self.thing("activity", slugify(f"{extractor}-{version}"))

    def stance(self, article_slug: str, holder: str, target: str, polarity: str, start: int,
               end: int) -> str:
        """Name a stance by a hash of what makes it that stance, stable across re-ingests."""
        key = f"{article_slug}|{holder}|{target}|{polarity}|{start}|{end}"
        return self.thing("stance", hashlib.sha256(key.encode()).hexdigest()[:16])

    def graph(self, name: str) -> str:
        """Name a fixed graph: countries, vocab."""
        return f"{self.base}graph/{name}"

    def source_graph(self, file_stem: str) -> str:
        """Name the graph of an RDF file whose triples carry no graph of their own."""
        return f"{self.base}graph/source/{slugify(file_stem)}"

    def entity_graph(self, thing: str) -> str | None:
        """Name the graph of one shared thing's own facts: /id/expert/x → /graph/expert/x.

        Experts, people, organizations, topics and extraction activities are named by many
        articles; their names and types live once, in their own graph. Others get None.
        """
        kind, _, key = thing.removeprefix(f"{self.base}id/").partition("/")
        if not thing.startswith(f"{self.base}id/") or kind not in SHARED_KINDS or not key:
            return None
        return f"{self.base}graph/{kind}/{key}"
