"""Collect the related articles listed around the main one, each once."""

from __future__ import annotations

from kg.model import Teaser
from kg.sources.boilerplate import normalize_space
from kg.sources.lead import split_lead


class TeaserList:
    """Teasers in the order first seen; a repeated list ("Últimas publicaciones") adds nothing."""

    def __init__(self, publisher: str | None = None) -> None:
        self.publisher = publisher
        self._by_key: dict[str, Teaser] = {}

    def add(self, headline: str, abstract: str = "") -> None:
        """Add a teaser, its abstract without its own "Publisher—Genre:" label."""
        headline = normalize_space(headline)
        abstract = split_lead(normalize_space(abstract), self.publisher).text
        if not headline:
            return
        key = headline.casefold()
        known = self._by_key.get(key)
        if known is None or (not known.abstract and abstract):
            self._by_key[key] = Teaser(headline, abstract)

    def teasers(self) -> list[Teaser]:
        """Return the teasers collected so far."""
        return list(self._by_key.values())
